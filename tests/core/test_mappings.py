"""A user's column mapping is saved atomically and reused when the same header comes back."""

from __future__ import annotations

import json

import pytest

from seller_gui.core.errors import OrderFileError, StoreError
from seller_gui.core.reading.loader import load_order_file
from seller_gui.core.storage import mappings as mappings_module
from seller_gui.core.storage.mappings import MappingStore
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
    assert [p.name for p in tmp_path.iterdir()] == ["m.json"]
    assert len(json.loads((tmp_path / "m.json").read_text("utf-8"))["mappings"]) == 2


def test_damaged_store_is_a_store_error_not_a_crash(tmp_path):
    (tmp_path / "m.json").write_text("{not json", "utf-8")
    with pytest.raises(StoreError):
        MappingStore(tmp_path / "m.json").all()


def test_a_mapping_must_name_columns_of_the_header(tmp_path):
    with pytest.raises(ValueError):
        MappingStore(tmp_path / "m.json").save(HEADER, {"order_id": "nope"})


def test_default_location_is_the_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SELLER_GUI_HOME")
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "userdata"))
    assert mappings_module.default_path() == tmp_path / "userdata" / "column_mappings.json"
