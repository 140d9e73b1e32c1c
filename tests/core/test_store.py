"""The local store keeps the seller's tags through crashes, damage and version changes."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from seller_gui.core.errors import StoreError
from seller_gui.core.storage.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Alternative,
    Store,
    StoreFileError,
    check_store,
    default_store_path,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "store.sqlite3"


def test_tags_mappings_alternatives_and_history_round_trip(store_path: Path, tmp_path: Path):
    with Store(store_path) as store:
        store.set_cause_tags([("aupay", "0001", "seller"), ("aupay", "0002", "buyer")])
        store.set_cause_tag("aupay", "0002", "seller")  # a new tag replaces the old one
        store.set_cause_tag("qoo10", "9", "unknown")
        store.remove_cause_tag("qoo10", "9")
        store.confirm_reason("aupay", "在庫切れ", "seller")
        store.confirm_reason("*", "お客様都合", "buyer")
        store.forget_reason("aupay", "nothing")
        store.set_alternatives("HB-2001", [Alternative("Earphones v2", "https://example.jp/2"),
                                           Alternative("Earphones lite")])
    with Store(store_path) as store:
        assert store.cause_tags() == {("aupay", "0001"): "seller", ("aupay", "0002"): "seller"}
        assert store.reason_causes() == {("aupay", "在庫切れ"): "seller", ("*", "お客様都合"): "buyer"}
        assert store.alternatives("HB-2001")[1] == Alternative("Earphones lite", "")
        assert list(store.all_alternatives()) == ["HB-2001"]
        assert store.schema_version == SCHEMA_VERSION


def test_bad_values_are_refused_and_nothing_is_half_written(store_path: Path):
    with Store(store_path) as store:
        with pytest.raises(ValueError, match="cause must be"):
            store.set_cause_tags([("aupay", "1", "seller"), ("aupay", "2", "nobody")])
        assert store.cause_tags() == {}


def test_the_store_holds_no_buyer_data(store_path: Path):
    with Store(store_path) as store:
        columns = {row[1] for table in ("cause_tags", "reason_causes", "sku_alternatives",
                                        "import_history")
                   for row in store._read(f"PRAGMA table_info({table})")}
    assert not columns & {"buyer_name", "address", "phone", "email", "path"}


def test_default_path_is_in_the_user_data_folder(monkeypatch):
    monkeypatch.delenv("SELLER_GUI_HOME")
    assert default_store_path().name == "store.sqlite3"
    assert "seller-gui" in str(default_store_path())


def test_an_old_schema_is_migrated_and_keeps_its_tags(store_path: Path):
    store_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(store_path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO cause_tags VALUES ('aupay', '7', 'seller', '2024-01-01')")
    conn.execute("INSERT INTO import_history (fingerprint, imported_at, file_name, marketplace, "
                 "rows, orders) VALUES ('f', 't', 'a.csv', 'aupay', 3, 2)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store(store_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.cause_tags() == {("aupay", "7"): "seller"}
        columns = {row[1] for row in store._read("PRAGMA table_info(import_history)")}
        assert "shop" in columns


def test_a_damaged_file_is_kept_aside_and_a_fresh_store_started(store_path: Path):
    with Store(store_path) as store:
        store.set_cause_tag("aupay", "1", "seller")
    original = store_path.read_bytes()
    store_path.write_bytes(original[:100] + b"\xde\xad" * 3000)
    with Store(store_path) as store:
        problem = store.recovered
        assert isinstance(problem, StoreFileError) and "damaged" in str(problem)
        assert store.cause_tags() == {}
        store.set_cause_tag("aupay", "2", "buyer")
    assert problem.backup.exists() and ".corrupt-" in problem.backup.name
    assert problem.backup.read_bytes()[:100] == original[:100]


def test_a_file_that_is_not_a_database_raises_when_recovery_is_off(store_path: Path):
    store_path.parent.mkdir(parents=True)
    store_path.write_text("order_id,cause\n1,seller\n", encoding="utf-8")
    with pytest.raises(StoreFileError) as caught:
        Store(store_path, recover=False)
    assert caught.value.backup.read_text(encoding="utf-8").startswith("order_id")
    assert not store_path.exists()


def test_a_newer_schema_is_left_untouched_and_never_copied(store_path: Path):
    with Store(store_path) as store:
        store.set_cause_tag("aupay", "1", "seller")
    conn = sqlite3.connect(store_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = store_path.read_bytes()
    for _start in range(3):
        with pytest.raises(StoreError, match="newer version") as caught:
            Store(store_path)
        assert caught.value.kind == "newer" and caught.value.backup is None
        assert check_store(store_path).message.code == "store_newer"
    assert store_path.read_bytes() == before
    assert sorted(p.name for p in store_path.parent.iterdir()) == [store_path.name]


_CHILD = textwrap.dedent("""
    import os, sys
    from seller_gui.core.storage.store import Store
    store = Store(sys.argv[1])
    store.set_cause_tags([("aupay", f"keep{i}", "seller") for i in range(100)])

    def endless():
        for i in range(10_000_000):
            if i == 20_000:
                print("writing", flush=True)
                if sys.argv[2] == "exit":
                    os._exit(3)
            yield ("aupay", f"lost{i}", "buyer")

    store.set_cause_tags(endless())
    print("finished", flush=True)
""")


@pytest.mark.parametrize("how", ["exit", "kill"])
def test_the_store_survives_a_crash_in_the_middle_of_a_big_write(store_path: Path, how: str):
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(store_path), how], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "writing"
    if how == "kill":
        child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    assert child.returncode != 0
    with Store(store_path) as store:
        assert store.recovered is None
        tags = store.cause_tags()
        assert len(tags) == 100 and all(k[1].startswith("keep") for k in tags)
        assert store._read("PRAGMA integrity_check") == [("ok",)]
