"""A CP932 export with a few undecodable bytes loads (issue 15, item 7): those cells show U+FFFD and
the file warns naming the columns and rows, never the text; figures are unchanged. A file that is not
mostly one encoding, or whose order numbers do not decode, is still refused."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from seller_gui.core.errors import OrderFileError
from seller_gui.core.pipeline import Seller, analyse, read
from seller_gui.core.reading.loader import load_order_file
from tests.conftest import DEMO_FILE

BAD = b"\x81\x20"  # a CP932 lead byte followed by a space: no character in any Japanese encoding


def _rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(DEMO_FILE.read_bytes().decode("cp932"), newline="")))


def _spoil(rows: list[list[str]], spoilt: dict[tuple[int, str], bytes]) -> bytes:
    """The demo export again, quoted as au PAY writes it, with raw bytes put into some cells."""
    header = rows[0]
    out = []
    for number, row in enumerate(rows[1:], start=2):
        cells = []
        for name, value in zip(header, row, strict=True):
            raw = value.encode("cp932")
            if (number, name) in spoilt:
                raw = raw[:2] + spoilt[number, name] + raw[2:]
            cells.append(b'"' + raw + b'"')
        out.append(b",".join(cells))
    head = b",".join(b'"' + h.encode("cp932") + b'"' for h in header)
    return b"\r\n".join([head, *out]) + b"\r\n"


def test_a_few_bad_bytes_load_with_a_warning_naming_rows_and_columns(tmp_path):
    rows = _rows()
    (tmp_path / "good.csv").write_bytes(_spoil(rows, {}))
    (tmp_path / "spoilt.csv").write_bytes(_spoil(rows, {(12, "ordererName"): BAD, (40, "itemName"): BAD}))
    good, spoilt = load_order_file(tmp_path / "good.csv"), load_order_file(tmp_path / "spoilt.csv")
    assert spoilt.encoding == good.encoding == "cp932"
    assert (spoilt.rows, spoilt.orders) == (good.rows, good.orders) and good.orders == 314
    notes = {w.params["column"]: w for w in spoilt.warnings if w.code == "cells_undecodable"}
    assert {c: (w.params["count"], w.params["rows"]) for c, w in notes.items()} == {
        "ordererName": (1, "12"), "itemName": (1, "40")}
    text = notes["ordererName"].explain("en")
    assert "'ordererName'" in text and "rows 12" in text and "\ufffd" in text
    original = rows[11][rows[0].index("ordererName")]
    assert original[:1] not in text and original not in notes["ordererName"].explain("ja")  # no buyer text
    names = spoilt.lines.set_index("source_row")["buyer_name"]
    assert "\ufffd" in names[12] and not names.drop(12).str.contains("\ufffd").any()
    assert "\ufffd" in spoilt.lines.set_index("source_row").loc[40, "item_name"]
    # figures unchanged: the same orders and statuses, and the same report
    pd.testing.assert_frame_equal(spoilt.lines.drop(columns=["buyer_name", "item_name", "source_file"]),
                                  good.lines.drop(columns=["buyer_name", "item_name", "source_file"]))
    seller = Seller()
    as_of = "2024-06-01T00:00:00+09:00"
    assert analyse(read([tmp_path / "spoilt.csv"], seller), seller, as_of).figures == \
        analyse(read([tmp_path / "good.csv"], seller), seller, as_of).figures


def test_a_mostly_garbage_file_is_still_refused(tmp_path):
    rows = _rows()
    spoilt = {(n, name): BAD for n in range(2, len(rows) + 1) for name in ("ordererName", "itemName")}
    (tmp_path / "garbage.csv").write_bytes(_spoil(rows, spoilt))
    with pytest.raises(OrderFileError) as caught:
        load_order_file(tmp_path / "garbage.csv")
    assert caught.value.kind == "encoding" and caught.value.message.code == "encoding_unknown"


def test_an_undecodable_order_number_refuses_the_file_naming_the_row(tmp_path):
    (tmp_path / "key.csv").write_bytes(_spoil(_rows(), {(20, "orderId"): BAD}))
    with pytest.raises(OrderFileError) as caught:
        load_order_file(tmp_path / "key.csv")
    assert caught.value.message.code == "order_number_undecodable"
    assert caught.value.message.params == {"column": "orderId", "rows": "20"}
