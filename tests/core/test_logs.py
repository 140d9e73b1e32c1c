import logging
import sys

import pytest

from seller_gui.core.logs import LOG_FILE_NAME, scrub, setup_logging


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
