"""The column-mapping form is for order tables of a layout we do not know, not for any file: a table
needs several columns, several rows and a column of dates; otherwise the seller is told what it holds."""

import pandas as pd

from seller_gui.core.i18n import Message
from seller_gui.core.reading.table_shape import date_columns, not_an_order_table, shape_of_file


def test_an_order_table_of_unknown_layout_looks_like_one():
    frame = pd.DataFrame({"伝票ID": ["A-1", "A-2"], "受付日": ["2026/09/01 10:00", "2026-09-02"],
                          "進捗": ["発送済み", "キャンセル"]})
    assert date_columns(frame) == 1 and not_an_order_table(frame) is None


def test_a_memo_a_list_or_a_table_without_dates_says_what_it_holds():
    memo = pd.DataFrame({"メモ": ["月曜に再入荷", "箱を追加"]})
    assert not_an_order_table(memo) == Message("not_an_order_table", {"columns": 1, "rows": 2, "dates": 0})
    no_dates = pd.DataFrame({"a": ["1", "2"], "b": ["x", "y"], "c": ["12", "31"]})  # numbers are no dates
    assert not_an_order_table(no_dates).params == {"columns": 3, "rows": 2, "dates": 0}
    one_row = pd.DataFrame({"a": ["1"], "b": ["2026/09/01"], "c": ["x"]})
    assert not_an_order_table(one_row).params["rows"] == 1


def test_a_file_is_read_for_its_shape(tmp_path):
    memo = tmp_path / "memo.csv"
    memo.write_text("メモ\n月曜に再入荷\n箱を追加で注文\n", encoding="utf-8")
    assert shape_of_file(memo).code == "not_an_order_table"
    assert shape_of_file(tmp_path / "missing.csv") is None  # cannot tell: the mapping stays possible
