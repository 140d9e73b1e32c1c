import logging
import sys
import tempfile
from pathlib import Path

import pytest

from seller_gui.core.logs import LOG_FILE_NAME, fallback_log_dir, scrub, setup_logging


@pytest.mark.parametrize("text, hidden", [
    ("mail buyer0012@example.jp failed", "buyer0012@example.jp"),
    ("phone 090-1234-5678 given", "090-1234-5678"),
    ("phone 0312345678 given", "0312345678"),
    ("postcode 〒100-0001 in row", "100-0001"),
    ("intl +81 90 1234 5678", "+81 90 1234 5678"),
    ("landline 03-1234-5678 given", "03-1234-5678"),
    ("written (03) 1234-5678", "1234-5678"),
    ("free dial 0120-123-456", "0120-123-456"),
    ("mobile 080 1234 5678 given", "080 1234 5678"),
])
def test_scrub_masks_contact_details(text, hidden):
    assert hidden not in scrub(text)


def test_scrub_keeps_order_numbers_and_counts():
    text = "order 34000007 has 2 lines; 357 rows read in 0.12 s"
    assert scrub(text) == text


@pytest.mark.parametrize("stamp", [
    "2026-09-30 20:59:12", "20260930205912", "2026-09-30 08:59:12,096955", "20260930 085912",
    "20260930_085912", "2026-09-30T08:59:12.049265+0900", "2026-09-30T20:59:12+09:00", "085912",
    "30-09-2026 09:40",
])
def test_scrub_keeps_timestamps(stamp):
    text = f"file saved at {stamp} by the export"
    assert scrub(text) == text


def test_log_file_works_without_a_console_and_never_keeps_an_email(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.setattr(sys, "stdout", None)
    path = setup_logging(tmp_path)
    logger = logging.getLogger("seller_gui.test")
    try:
        raise ValueError("could not parse cell 'yamada@example.jp'")
    except ValueError:
        logger.exception("Reading failed for %s", "sato@example.jp")
    for handler in logging.getLogger().handlers:
        handler.flush()
    content = path.read_text(encoding="utf-8")
    assert path.name == LOG_FILE_NAME
    assert "Reading failed" in content and "ValueError" in content
    assert "@example.jp" not in content


def _flush_log():
    for handler in logging.getLogger().handlers:
        handler.flush()


def test_a_file_where_the_log_folder_should_be_sends_the_log_to_the_temp_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    in_the_way = tmp_path / "logs"
    in_the_way.write_text("not a folder", encoding="utf-8")
    path = setup_logging(in_the_way)
    logging.getLogger("seller_gui.test").warning("still logging")
    _flush_log()
    assert path is not None and path.parent.parent == tmp_path / "temp"
    assert "still logging" in path.read_text(encoding="utf-8")
    assert in_the_way.read_text(encoding="utf-8") == "not a folder"


def test_with_no_writable_folder_at_all_there_is_no_log_file_and_logging_still_works(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stderr", None)
    refused = []

    def read_only_disk(self, *args, **kwargs):
        refused.append(self)
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only_disk)
    assert setup_logging(tmp_path / "logs") is None
    logging.getLogger("seller_gui.test").error("nowhere to go")  # must not raise
    assert refused[0] == tmp_path / "logs" and refused[1] == fallback_log_dir()
    assert [type(h) for h in logging.getLogger().handlers if getattr(h, "_seller_gui", False)] \
        == [logging.NullHandler]


def test_setting_up_again_replaces_the_log_file_handler(tmp_path):
    setup_logging(tmp_path / "a")
    setup_logging(tmp_path / "b")
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_seller_gui", False)]
    assert [Path(h.baseFilename).parent for h in ours] == [tmp_path / "b"]
