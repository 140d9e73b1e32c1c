"""A store that cannot be opened or written never costs the seller the figures, and what can still be
read of a damaged one comes back; every fault is made for real in tmp_path."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from seller_gui.core.pipeline import Seller
from seller_gui.core.storage.store import (
    SCHEMA_VERSION,
    Alternative,
    Store,
    StoreFileError,
    check_store,
)

PAGE = 4096


def _tagged_store(path: Path, count: int = 3000) -> None:
    with Store(path) as store:
        store.set_cause_tags([("aupay", f"{i:06d}", "seller") for i in range(count)])
        store.confirm_reason("aupay", "在庫切れ", "seller")
        store.set_alternatives("HB-2001", [Alternative("Earphones v2", "https://example.jp/2")])


def test_a_damaged_store_gives_back_what_can_still_be_read(tmp_path: Path):
    path = tmp_path / "store.sqlite3"
    _tagged_store(path)
    damaged = bytearray(path.read_bytes())
    damaged[20 * PAGE:21 * PAGE] = b"\xde\xad" * (PAGE // 2)  # a page of tags in the middle (the schema takes the first pages)
    path.write_bytes(bytes(damaged))
    with Store(path) as store:
        problem = store.recovered
        tags = store.cause_tags()
        assert store.reason_causes() == {("aupay", "在庫切れ"): "seller"}
        assert store.all_alternatives() == {"HB-2001": [Alternative("Earphones v2", "https://example.jp/2")]}
        store.set_cause_tag("aupay", "new", "buyer")  # the new store takes writes
    assert problem is not None and problem.kind == "damaged"
    assert 2000 < len(tags) < 3000  # most tags back, the damaged page's lost
    assert problem.salvaged == len(tags) + 2
    assert problem.backup.exists() and problem.backup.read_bytes() == bytes(damaged)
    message = problem.message
    assert message.code == "store_damaged" and message.params["count"] == problem.salvaged
    assert message.params["backup"] == str(problem.backup)


def test_a_store_damaged_beyond_reading_starts_empty_and_says_none_came_back(tmp_path: Path):
    path = tmp_path / "store.sqlite3"
    path.write_bytes(b"\x00garbage" * 1000)
    problem = check_store(path)
    assert problem is not None and problem.kind == "damaged" and problem.salvaged == 0
    assert check_store(path) is None  # set aside once: the next start is clean


def test_a_folder_at_the_store_path_is_named_and_left_alone(tmp_path: Path):
    path = tmp_path / "store.sqlite3"
    path.mkdir()
    (path / "keep.txt").write_text("mine", encoding="utf-8")
    problem = check_store(path)
    assert problem is not None and problem.message.code == "store_not_a_file"
    assert (path / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.sqlite3"]


def test_a_file_where_the_data_folder_should_be_is_unwritable(tmp_path: Path):
    blocker = tmp_path / "data"
    blocker.write_text("not a folder", encoding="utf-8")
    problem = check_store(blocker / "store.sqlite3")
    assert problem is not None and problem.message.code == "store_unwritable"


def test_a_read_only_data_folder_is_unwritable(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    _tagged_store(folder / "store.sqlite3", 3)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: a read-only folder is still writable here")
        problem = check_store(folder / "store.sqlite3")
        assert problem is not None and problem.kind == "unwritable"
        tags, _reasons, failed = Seller(store_path=folder / "store.sqlite3").teachings()
        assert len(tags) == 3 and not failed  # still read, only not written
    finally:
        folder.chmod(stat.S_IRWXU)


def test_a_full_store_says_free_disk_space_and_keeps_what_it_had(tmp_path: Path):
    path = tmp_path / "store.sqlite3"
    with Store(path) as store:
        store.set_cause_tag("aupay", "1", "seller")
        pages = store._read("PRAGMA page_count")[0][0]
        store._read(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full", for real
        with pytest.raises(StoreFileError) as caught:
            store.set_cause_tags([("aupay", f"x{i}", "buyer") for i in range(2000)])
        assert caught.value.message.code == "store_full"
        assert store.cause_tags() == {("aupay", "1"): "seller"}


def test_a_newer_store_costs_no_figures(tmp_path: Path):
    path = tmp_path / "store.sqlite3"
    _tagged_store(path, 3)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    tags, reasons, problem = Seller(store_path=path).teachings()
    assert (tags, reasons) == ({}, {}) and problem.code == "store_newer"


def _open_at_once(folder: str, rounds: int, barrier, failures) -> None:  # runs in a child process
    for number in range(rounds):
        barrier.wait()
        try:
            with Store(Path(folder) / f"round{number}" / "store.sqlite3") as store:
                store.set_cause_tag("aupay", str(os.getpid()), "seller")
        except Exception as error:  # every failure is counted, whatever it is
            failures.put(f"{type(error).__name__}: {error}")


def test_first_start_by_several_processes_at_once_never_fails(tmp_path: Path):
    context = multiprocessing.get_context("spawn")
    processes, rounds = 3, 20
    barrier = context.Barrier(processes)
    failures = context.Queue()
    children = [context.Process(target=_open_at_once, args=(str(tmp_path), rounds, barrier, failures))
                for _ in range(processes)]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=120)
    assert [child.exitcode for child in children] == [0] * processes
    found = []
    while not failures.empty():
        found.append(failures.get())
    assert found == []
    for number in range(rounds):
        with Store(tmp_path / f"round{number}" / "store.sqlite3") as store:
            assert store.schema_version == SCHEMA_VERSION
            assert len(store.cause_tags()) == processes


def test_a_full_disk_while_making_the_data_folder_says_free_disk_space(tmp_path: Path, monkeypatch):
    def no_space(*_args, **_kwargs):  # a real full disk cannot be made here
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "mkdir", no_space)
    problem = check_store(tmp_path / "data" / "store.sqlite3")
    assert problem is not None and problem.message.code == "store_full"


@pytest.mark.parametrize("fault", ["newer", "folder", "under_a_file"])
def test_the_command_line_reports_figures_whatever_the_store(tmp_path: Path, monkeypatch, capsys,
                                                              fault: str):
    from seller_gui import cli
    from seller_gui.ui.main_window import demo_path

    home = tmp_path / "home"
    if fault == "under_a_file":
        home.write_text("", encoding="utf-8")
    else:
        home.mkdir()
        store = home / "store.sqlite3"
        if fault == "folder":
            store.mkdir()
        else:
            _tagged_store(store, 3)
            conn = sqlite3.connect(store)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
            conn.commit()
            conn.close()
    monkeypatch.setenv("SELLER_GUI_HOME", str(home))
    assert cli.main(["report", str(demo_path()), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["marketplaces"] and report["files"]
    assert report["store_failed"] is (fault != "under_a_file")  # no store there: nothing was taught
