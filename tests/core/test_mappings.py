"""A user's column mapping is saved atomically and reused when the same header comes back."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from seller_gui.core.errors import OrderFileError, StoreError
from seller_gui.core.reading.loader import load_order_file
from seller_gui.core.storage import mappings as mappings_module
from seller_gui.core.storage.mappings import MappingStore
from tests.conftest import killed_save_leftover
from tests.core import exports

HEADER = ["伝票ID", "受付日", "状況", "品番", "個数"]
TABLE = (HEADER, [["000777", "2024/05/01 10:00", "キャンセル", "X-1", "1"],
                  ["000778", "2024/05/02 10:00", "発送済み", "X-2", "2"]])


def test_unknown_layout_then_saved_mapping_is_reused(tmp_path):
    path = exports.write_text(tmp_path / "own.csv", TABLE, title_rows=1)
    store = MappingStore(tmp_path / "data" / "mappings.json")
    with pytest.raises(OrderFileError) as caught:
        load_order_file(path, mappings=store)
    assert caught.value.kind == "unknown_layout"
    store.save(HEADER, {"order_id": "伝票ID", "ordered_at": "受付日", "status": "状況", "sku": "品番",
                        "quantity": "個数"}, marketplace="generic")
    loaded = load_order_file(path, mappings=MappingStore(tmp_path / "data" / "mappings.json"))
    assert loaded.marketplace == "generic"
    assert list(loaded.lines["order_id"]) == ["000777", "000778"]
    assert list(loaded.lines["status"]) == ["cancelled", "shipped"]
    assert list(loaded.lines["source_row"]) == [3, 4]


def test_mapping_matches_a_header_with_full_width_and_case_differences(tmp_path):
    store = MappingStore(tmp_path / "m.json")
    store.save(["OrderNo", "Date", "State"], {"order_id": "OrderNo", "ordered_at": "Date", "status": "State"})
    assert store.get(["ＯｒｄｅｒＮｏ", " date ", "STATE"]) is not None
    assert store.remove(["OrderNo", "Date", "State"]) and store.all() == []


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path):
    store = MappingStore(tmp_path / "m.json")
    store.save(HEADER, {"order_id": "伝票ID"})
    store.save(["a", "b"], {"order_id": "a"})
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == ["m.json"]
    assert len(json.loads((tmp_path / "m.json").read_text("utf-8"))["mappings"]) == 2


def test_damaged_store_is_a_store_error_not_a_crash(tmp_path):
    (tmp_path / "m.json").write_text("{not json", "utf-8")
    with pytest.raises(StoreError):
        MappingStore(tmp_path / "m.json").all()
    assert MappingStore(tmp_path / "m.json").layouts() == {}  # files of known layouts still load


def test_a_mapping_must_name_columns_of_the_header(tmp_path):
    with pytest.raises(ValueError):
        MappingStore(tmp_path / "m.json").save(HEADER, {"order_id": "nope"})


def test_default_location_is_the_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SELLER_GUI_HOME")
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "userdata"))
    assert mappings_module.default_path() == tmp_path / "userdata" / "column_mappings.json"


def _save_many(path: str, who: str, count: int, barrier) -> None:  # runs in a child process
    store = MappingStore(Path(path))
    barrier.wait()
    for number in range(count):
        store.save([f"{who}-{number}", "x"], {"order_id": f"{who}-{number}"})


def test_two_processes_saving_at_once_lose_no_mapping(tmp_path):
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    path, count = tmp_path / "m.json", 40
    children = [context.Process(target=_save_many, args=(str(path), who, count, barrier))
                for who in ("window", "cli")]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=120)
    assert [child.exitcode for child in children] == [0, 0]
    assert len(MappingStore(path).all()) == 2 * count


def test_a_killed_saves_temporary_file_is_removed_by_the_next_save(tmp_path):
    path = tmp_path / "m.json"
    stray = killed_save_leftover(path, '{"half": ')
    other = tmp_path / ".notes-1.txt.tmp"  # not ours: left alone
    other.write_text("x", encoding="utf-8")
    MappingStore(path).save(HEADER, {"order_id": "伝票ID"})
    assert not stray.exists() and other.exists()


def test_a_mapping_saved_into_a_folder_under_a_file_is_a_store_error(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(StoreError, match="could not be saved"):
        MappingStore(blocker / "m.json").save(HEADER, {"order_id": "伝票ID"})


def test_tidy_at_start_removes_a_killed_saves_temporary_file(tmp_path):
    stray = killed_save_leftover(tmp_path / "m.json", "{")
    assert MappingStore(tmp_path / "m.json").tidy() == 1
    assert not stray.exists()
