"""Normalisation of text cells: dates in every form to Japan time, money, statuses and causes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from seller_gui.core.reading.normalize import map_status, parse_datetimes, parse_numbers, text_codes
from seller_gui.core.reading.profiles import load_profiles
from seller_gui.core.schema import JST


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz=JST)


def test_every_date_form_in_one_column_becomes_japan_time():
    raw = pd.Series(["2024/05/09 16:00", "2024-05-09T16:00:00+09:00", "2024-05-09T07:00:00Z",
                     "2024年5月9日 16:00", "45421.6666667", "２０２４/０５/０９ １６:００", "2024-05-09 16:00:00",
                     "", "not a date"], dtype="str")
    parsed, bad = parse_datetimes(raw)
    assert list(parsed[:7]) == [ts("2024-05-09 16:00")] * 7
    assert pd.isna(parsed[7]) and pd.isna(parsed[8])
    assert bad == 1  # the empty cell is missing, not unreadable


def test_date_only_deadline_is_the_next_day_midnight():
    parsed, _ = parse_datetimes(pd.Series(["2024/05/07", "2024/05/07 18:00"]), date_only_end=True)
    assert parsed[0] == ts("2024-05-08 00:00")
    assert parsed[1] == ts("2024-05-07 18:00")


def test_mixed_naive_and_offset_values_do_not_raise():
    parsed, bad = parse_datetimes(pd.Series(["2024-05-09 16:00:00", "2024-05-09T16:00:00+00:00"]))
    assert bad == 0
    assert parsed[1] == ts("2024-05-10 01:00")


@pytest.mark.parametrize(("text", "value"), [
    ("1000", 1000.0), ("¥1,000", 1000.0), ("￥1,000", 1000.0), ("1,000円", 1000.0), ("２０００", 2000.0),
    ("△500", -500.0), ("▲1,200", -1200.0), ("-300", -300.0), ("12.5", 12.5),
])
def test_money_as_japanese_exports_write_it(text, value):
    parsed, bad = parse_numbers(pd.Series([text]))
    assert parsed[0] == value and bad == 0


def test_unreadable_money_is_counted_not_guessed():
    parsed, bad = parse_numbers(pd.Series(["abc", "", "10"]))
    assert bad == 1 and pd.isna(parsed[0]) and pd.isna(parsed[1]) and parsed[2] == 10


def test_status_matching_uses_nfkc_text_and_cancel_in_any_column_wins():
    aupay = load_profiles()["aupay"]
    order_status = pd.Series(["ｷｬﾝｾﾙ", "発送待ち", "完了", "謎の状態", "発送待ち"])
    cancel_status = pd.Series(["", "", "", "", "C"])
    status, unknown = map_status([cancel_status, order_status], aupay)
    assert list(status) == ["cancelled", "open", "shipped", "unknown", "cancelled"]
    assert unknown == 1  # orderStatus says something no one knows, though cancelStatus is blank


def test_amazon_both_spellings_of_cancelled():
    amazon = load_profiles()["amazon"]
    status, _ = map_status([pd.Series(["Cancelled", "Canceled", "Shipped", "Unshipped"])], amazon)
    assert list(status) == ["cancelled", "cancelled", "shipped", "open"]


@given(st.lists(st.sampled_from(["", "a", "b", "10", "9", "ａ", "x" * 30, None, float("nan")]), max_size=60),
       st.booleans(), st.integers(min_value=1, max_value=4))
def test_text_codes_are_pandas_factorize_whatever_the_order_and_runs(values, ordered, repeat):
    """The fast paths (runs of equal values, sorted columns) give exactly what pd.factorize gives."""
    if ordered:
        values = sorted(v for v in values if isinstance(v, str))
    column = np.empty(len(values) * repeat, dtype=object)
    column[:] = [v for v in values for _ in range(repeat)]
    codes, uniques = text_codes(column)
    expected_codes, expected_uniques = pd.factorize(column)
    assert codes.tolist() == expected_codes.tolist()
    assert list(uniques) == list(expected_uniques)


def test_text_codes_of_a_long_sorted_and_a_long_shuffled_column():
    ordered = np.asarray([f"{n // 3:08d}" for n in range(30_000)], dtype=object)
    shuffled = ordered[np.random.default_rng(1).permutation(len(ordered))]
    runs = np.repeat(np.asarray(["完了", "キャンセル", ""], dtype=object)[np.arange(300) % 3], 100)
    for column in (ordered, shuffled, runs):
        codes, uniques = text_codes(column)
        expected_codes, expected_uniques = pd.factorize(column)
        assert np.array_equal(codes, expected_codes) and list(uniques) == list(expected_uniques)
