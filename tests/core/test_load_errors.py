"""Every way a file can be wrong ends as one OrderFileError kind with a plain message; nothing crashes."""

from __future__ import annotations

import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seller_gui.core.errors import OrderFileError
from seller_gui.core.i18n import Message
from seller_gui.core.reading.loader import Limits, LoadedFile, load_order_file, read_table
from seller_gui.core.reading.workbook import WorkbookLimits
from tests.core import exports


def kind_of(path, **options) -> str:
    with pytest.raises(OrderFileError) as caught:
        load_order_file(path, **options)
    error = caught.value
    assert error.detail and "Traceback" not in error.detail
    return error.kind


def test_empty_and_blank_files(tmp_path):
    (tmp_path / "zero.csv").write_bytes(b"")
    (tmp_path / "bom.csv").write_bytes(b"\xef\xbb\xbf\r\n\r\n")
    assert kind_of(tmp_path / "zero.csv") == "empty"
    assert kind_of(tmp_path / "bom.csv") == "empty"


def test_header_only_is_not_orders(tmp_path):
    header, _ = exports.aupay_table()
    path = exports.write_text(tmp_path / "h.csv", (header, []))
    assert kind_of(path) == "not_orders"
    xlsx = exports.write_xlsx(tmp_path / "h.xlsx", (header, []))
    assert kind_of(xlsx) == "not_orders"


def test_password_protected_workbook(tmp_path):
    assert kind_of(exports.encrypted_ole(tmp_path / "locked.xlsx")) == "encrypted"


def test_truncated_and_fake_workbooks_are_damaged(tmp_path):
    good = exports.write_xlsx(tmp_path / "good.xlsx", exports.aupay_table())
    assert kind_of(exports.truncated_copy(good, tmp_path / "cut.xlsx")) == "damaged"
    assert kind_of(exports.xlsx_billion_laughs(tmp_path / "laughs.xlsx")) == "damaged"
    fake = tmp_path / "fake.xls"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert kind_of(fake) == "damaged"


def test_a1_plus_xfd1048576_does_not_take_the_process_down(tmp_path):
    # calamine aborts the process on this legal 2 KB file; the child process absorbs it
    assert kind_of(exports.xlsx_a1_xfd(tmp_path / "huge.xlsx")) == "too_large"


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    path = exports.xlsx_zip_bomb(tmp_path / "bomb.xlsx", inflated=64 * 2**20)
    assert path.stat().st_size < 2**20
    assert kind_of(path) == "too_large"
    assert kind_of(path, limits=Limits(max_inflated_bytes=2**20)) == "too_large"


def test_limits_on_size_rows_and_time(tmp_path):
    path = exports.write_text(tmp_path / "a.csv", exports.aupay_table())
    assert kind_of(path, limits=Limits(max_file_bytes=100)) == "too_large"
    assert kind_of(path, limits=Limits(max_rows=3)) == "too_large"
    xlsx = exports.write_xlsx(tmp_path / "a.xlsx", exports.aupay_table())
    assert kind_of(xlsx, limits=Limits(workbook=WorkbookLimits(timeout_s=0.0))) == "too_large"
    assert kind_of(xlsx, limits=Limits(workbook=WorkbookLimits(max_cells=10))) == "too_large"


def test_unknown_layout_says_what_was_looked_for(tmp_path):
    path = tmp_path / "stock.csv"
    path.write_text("品番,在庫数\nA-1,3\n", encoding="utf-8")
    with pytest.raises(OrderFileError) as caught:
        load_order_file(path)
    assert caught.value.kind == "unknown_layout"
    assert caught.value.path.name == "stock.csv"
    assert caught.value.message == Message("no_known_layout", {"rows": 20})
    assert "order number" in caught.value.detail


def test_missing_required_column_is_named(tmp_path):
    header, rows = exports.aupay_table()
    drop = header.index("orderDate")
    table = ([c for i, c in enumerate(header) if i != drop], [[c for i, c in enumerate(r) if i != drop]
                                                               for r in rows])
    with pytest.raises(OrderFileError) as caught:
        load_order_file(exports.write_text(tmp_path / "a.csv", table))
    assert caught.value.kind == "missing_columns" and "orderDate" in caught.value.detail


def test_bytes_valid_in_no_japanese_encoding(tmp_path):
    header = b"orderId,orderDate,orderStatus\n"
    mixed = header + "1,2024/05/01 10:00,完了\n".encode() + "2,2024/05/01 10:00,完了\n".encode("cp932")
    path = tmp_path / "mixed.csv"
    path.write_bytes(mixed + b"3,\xff\xfe\x80\x81\xfd,x\n")
    assert kind_of(path) == "encoding"


def test_other_file_types_are_unsupported(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n...")
    assert kind_of(tmp_path / "a.pdf") == "unsupported"
    with zipfile.ZipFile(tmp_path / "orders.zip", "w") as archive:
        archive.writestr("orders.csv", "a,b\n")
    assert kind_of(tmp_path / "orders.zip") == "unsupported"
    (tmp_path / "page.xls").write_text("<html><body>ログインしてください</body></html>", encoding="utf-8")
    assert kind_of(tmp_path / "page.xls") == "unsupported"


def test_unreadable_paths(tmp_path):
    assert kind_of(tmp_path / "missing.csv") == "unreadable"
    assert kind_of(tmp_path) == "unreadable"


def test_unclosed_quote_is_damaged_not_a_traceback(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('orderId,orderDate,orderStatus\n1,2024/05/01 10:00,"完了\n', encoding="utf-8")
    assert kind_of(path) == "damaged"


def test_read_table_gives_raw_text_for_other_readers(tmp_path):
    path = tmp_path / "stock.csv"
    path.write_bytes("在庫一覧\n品番,在庫数,品番\n000123,３,x\n1E5,NA,y\n".encode("cp932"))
    table = read_table(path)
    assert table.encoding == "cp932" and table.header_index == 1
    assert list(table.frame.columns) == ["品番", "在庫数", "品番.1"]
    assert table.frame.iloc[:, 0].tolist() == ["000123", "1E5"]
    assert table.frame.iloc[:, 1].tolist() == ["３", "NA"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.binary(max_size=400),
    st.text(max_size=200).map(lambda t: ("orderId,orderDate,orderStatus\n" + t).encode("utf-8")),
    st.lists(st.sampled_from([b",", b"\t", b'"', b"\r\n", b"\n", b"\xef\xbb\xbf", b"\x82\xa0", b"\x00",
                              b"orderId,orderDate,orderStatus", b"2024/05/01", "完了".encode("cp932"),
                              b"1E5", b"NA"]), max_size=40).map(b"".join),
))
def test_any_bytes_give_a_loaded_file_or_an_order_file_error(tmp_path, data):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    try:
        result = load_order_file(path)
    except OrderFileError as error:
        assert error.kind in {"empty", "not_orders", "encrypted", "damaged", "too_large", "unknown_layout",
                              "missing_columns", "encoding", "unsupported", "cancelled", "unreadable"}
    else:
        assert isinstance(result, LoadedFile) and len(result.lines) > 0
