"""Checklist rows 1-10 (reliability.md section 7): hostile, renamed, locked and empty files.

Every file in the catalogue gets exactly what ``hostile.CATALOGUE`` promises: it loads, or it is
refused with one OrderFileError kind and a sentence for a person. Hang guards are generous
(a workbook read is stopped after 60 s) and mean only "did not hang".

Already pinned elsewhere, not repeated here: zip bomb below the cap via Limits
(tests/core/test_load_errors.py::test_zip_bomb_is_refused_before_inflating), size/row/time/cell
limits (::test_limits_on_size_rows_and_time), the input file never written
(tests/core/test_load_layouts.py::test_the_input_file_is_never_written).
"""

from __future__ import annotations

import zipfile

import pytest

from seller_gui.core.errors import OrderFileError
from seller_gui.core.reading.loader import Limits, load_order_file
from seller_gui.core.reading.workbook import WorkbookLimits
from tests.conftest import cancel_past
from tests.core import exports
from tests.hardening import hostile

GUARDED = Limits(workbook=WorkbookLimits(timeout_s=60.0, memory_bytes=2 * 2**30))


@pytest.mark.parametrize("entry", hostile.CATALOGUE, ids=lambda e: e.name)
def test_every_hostile_file_gets_its_answer(tmp_path, entry):
    (tmp_path / "secret.txt").write_text("SECRET-FROM-DISK-4711", encoding="utf-8")
    path = hostile.write(entry, tmp_path)
    try:
        loaded = load_order_file(path, limits=GUARDED)
    except OrderFileError as error:
        assert (error.kind, entry.expected) == (entry.expected, entry.expected), error.detail
        assert error.detail.endswith((".", ")")) and "Traceback" not in error.detail
        assert error.path == path
    else:
        assert entry.expected == hostile.LOADED, f"loaded, expected {entry.expected}"
        assert len(loaded.lines) and (loaded.lines["order_id"] != "").all()
        assert not loaded.lines.isin(["SECRET-FROM-DISK-4711"]).any().any()


def test_xml_attacks_never_read_a_local_file(tmp_path):
    # row 1: the XXE entity must not be resolved, not even into an error message
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FROM-DISK-4711", encoding="utf-8")
    path = tmp_path / "xxe.xlsx"
    path.write_bytes(hostile.xxe(secret))
    with pytest.raises(OrderFileError) as caught:
        load_order_file(path, limits=GUARDED)
    assert caught.value.kind == "damaged" and "SECRET" not in str(caught.value)


def test_a_zip_that_lies_about_its_sizes_is_stopped(tmp_path):
    # row 2: the declared sizes pass the pre-check; the real inflation is caught by the reader
    path = tmp_path / "lying.xlsx"
    path.write_bytes(hostile.lying_zip(inflated=64 * 2**20))
    with pytest.raises(OrderFileError) as caught:
        load_order_file(path, limits=Limits(max_inflated_bytes=2**20, workbook=GUARDED.workbook))
    assert caught.value.kind in {"damaged", "too_large"}


def test_inflated_size_cap_names_the_sizes(tmp_path):
    # row 2: well under the ratio check, over the inflated-size cap
    path = exports.write_xlsx(tmp_path / "a.xlsx", exports.aupay_table())
    with pytest.raises(OrderFileError) as caught:
        load_order_file(path, limits=Limits(max_inflated_bytes=1000))
    assert caught.value.kind == "too_large" and "MB" in caught.value.detail


def test_a1_and_xfd1048576_is_too_large_and_the_app_lives_on(tmp_path):
    # row 3: calamine aborts its process on this; ours survives and can read the next file
    bad = exports.xlsx_a1_xfd(tmp_path / "huge.xlsx")
    with pytest.raises(OrderFileError) as caught:
        load_order_file(bad, limits=GUARDED)
    assert caught.value.kind == "too_large"
    good = exports.write_xlsx(tmp_path / "good.xlsx", exports.aupay_table())
    assert load_order_file(good, limits=GUARDED).orders == 5


def _sparse_sheet(tmp_path, rows: int = 30):
    path = tmp_path / "to-row-1048576.xlsx"
    path.write_bytes(hostile.last_row_1048576(hostile.small_table(rows)))
    return path


def test_a_sheet_down_to_row_1048576_is_capped_with_a_clear_message(tmp_path):
    # row 4, the cap: the row limit says how many rows the sheet has and what the app reads
    with pytest.raises(OrderFileError) as caught:
        load_order_file(_sparse_sheet(tmp_path), limits=Limits(workbook=WorkbookLimits(max_rows=100_000)))
    assert caught.value.kind == "too_large"
    assert "1,048,576 rows" in caught.value.detail


def test_a_sheet_down_to_row_1048576_loads_its_real_orders(tmp_path):
    # row 4, within the default limits: the empty padding rows are not orders
    loaded = load_order_file(_sparse_sheet(tmp_path, rows=30), limits=GUARDED)
    assert loaded.orders == 30 and len(loaded.lines) == 30


def test_reading_a_big_sheet_can_be_cancelled(tmp_path):
    # row 4, cancel: the seller presses Cancel while the workbook child is still reading
    cancel, progress = cancel_past(0.0)

    with pytest.raises(OrderFileError) as caught:
        load_order_file(_sparse_sheet(tmp_path), cancel=cancel, progress=progress, limits=GUARDED)
    assert caught.value.kind == "cancelled"


def test_encrypted_xls_and_xlsx_say_password(tmp_path):
    # rows 5 and 6, whatever the extension says
    for name, data in [("a.xlsx", exports.encrypted_ole(tmp_path / "x").read_bytes()),
                       ("b.xls", hostile.compound_file([("Workbook", hostile.biff8_workbook(
                           hostile.small_table(), password=True))])),
                       ("c.csv", hostile.compound_file([("Workbook", hostile.biff8_workbook(
                           hostile.small_table(), password=True))]))]:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(OrderFileError) as caught:
            load_order_file(path, limits=GUARDED)
        assert caught.value.kind == "encrypted" and "password" in caught.value.detail


def test_the_hand_built_xls_reads_like_its_csv(tmp_path):
    # row 7: an .xls (and the same bytes named .xlsx) is routed by its bytes to the same result
    table = hostile.small_table(5)
    xls = tmp_path / "orders.xlsx"
    xls.write_bytes(hostile.compound_file([("Workbook", hostile.biff8_workbook(table))]))
    csv = exports.write_text(tmp_path / "orders.csv", table)
    from_xls, from_csv = load_order_file(xls, limits=GUARDED), load_order_file(csv)
    columns = ["order_id", "ordered_at", "status", "item_name", "quantity"]
    assert from_xls.lines[columns].equals(from_csv.lines[columns])
    assert from_xls.sheet == "Sheet1"


def test_xlsm_data_is_read_and_the_macro_file_left_alone(tmp_path):
    # row 8: the data is read; the file (with its vbaProject) is byte-for-byte what it was
    path = tmp_path / "orders.xlsm"
    path.write_bytes(hostile.xlsm(exports.aupay_table(), tmp_path))
    before = path.read_bytes()
    assert load_order_file(path, limits=GUARDED).orders == 5
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["orders.xlsm"]


def test_title_rows_and_a_merged_group_header_find_the_real_header(tmp_path):
    # row 9 for a workbook (text files with title rows: tests/core/test_load_layouts.py)
    path = tmp_path / "merged.xlsx"
    path.write_bytes(hostile.merged_group_header(tmp_path))
    loaded = load_order_file(path, limits=GUARDED)
    assert loaded.header[:3] == exports.AUPAY_HEADER[:3]
    assert loaded.orders == 5 and set(loaded.lines["order_id"]) >= {"000123", "1E5"}


@pytest.mark.parametrize("title_rows", [1, 2, 3])
def test_title_rows_and_a_blank_row_before_the_csv_header(tmp_path, title_rows):
    data = exports.text_bytes(exports.aupay_table(), title_rows=title_rows)
    path = tmp_path / "t.csv"
    path.write_bytes(data.replace(b"\r\n", b"\r\n\r\n", 1))  # and a blank line after the title
    loaded = load_order_file(path)
    assert loaded.orders == 5 and loaded.header == exports.AUPAY_HEADER


def test_empty_inputs_say_so_and_the_report_never_divides_by_zero(tmp_path):
    # row 10: the loader says "no orders"; a report of nothing at all is "no data", not a crash
    from seller_gui.core.pipeline import Seller, analyse, read
    from seller_gui.core.report import report_of

    report = report_of(analyse(read([], Seller()), Seller()))
    assert report["marketplaces"] == {} or all(m["status"] == "no_data"
                                                for m in report["marketplaces"].values())
    header, _ = exports.aupay_table()
    for path in (exports.write_text(tmp_path / "h.csv", (header, [])),
                 exports.write_xlsx(tmp_path / "h.xlsx", (header, [])),
                 exports.write_text(tmp_path / "blank-rows.csv", (header, [[""] * len(header)] * 5))):
        with pytest.raises(OrderFileError) as caught:
            load_order_file(path, limits=GUARDED)
        assert caught.value.kind == "not_orders" and "no order rows" in caught.value.detail


def test_a_workbook_with_thousands_of_parts_is_refused_unopened(tmp_path):
    # row 2: the other zip-bomb shape, many small members instead of one huge one
    path = exports.write_xlsx(tmp_path / "parts.xlsx", exports.aupay_table())
    with zipfile.ZipFile(path, "a") as archive:
        for i in range(10_001):
            archive.writestr(f"xl/media/p{i}.bin", b"")
    with pytest.raises(OrderFileError) as caught:
        load_order_file(path, limits=GUARDED)
    assert caught.value.kind == "too_large" and "parts" in caught.value.detail
