"""The short fuzz run in CI: mutated fixture files through the loader, the same harness as the long
on-demand run (``benchmarks/fuzz_long.py``), with hypothesis choosing and shrinking the mutations.

Every input loads, or raises an OrderFileError of a known kind, without reaching the loader's
catch-all and within the hang guard (fuzzing.HANG_SECONDS).
"""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seller_gui.core.reading.normalize import parse_datetimes, parse_numbers
from tests.hardening import fuzzing


def ops(names: tuple[str, ...], most: int) -> st.SearchStrategy:
    return st.lists(st.tuples(st.sampled_from(names), st.floats(0, 1), st.integers(0, 1 << 20)),
                    min_size=1, max_size=most)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, len(fuzzing.text_seeds()) - 1), mutations=ops(fuzzing.OPS_TEXT, 6),
       as_text=st.booleans())
def test_mutated_text_exports_load_or_say_why(seed, mutations, as_text):
    original = fuzzing.text_seeds()[seed]
    data = (fuzzing.mutate_text(original, mutations) if as_text else
            fuzzing.mutate_bytes(original, mutations, fuzzing.TEXT_TOKENS, fuzzing.text_seeds()))
    outcome = fuzzing.run_case(data, "fuzz.csv")
    assert not outcome.problem, outcome


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, len(fuzzing.workbook_seeds()) - 1), mutations=ops(fuzzing.OPS_WORKBOOK, 4),
       part=st.integers(0, 63), raw=st.booleans())
def test_mutated_workbooks_load_or_say_why_through_the_guarded_reader(seed, mutations, part, raw):
    data = fuzzing.mutate_workbook(fuzzing.workbook_seeds()[seed], mutations, part, raw)
    outcome = fuzzing.run_case(data, "fuzz.xlsx")
    assert not outcome.problem, outcome


cells = st.one_of(st.text(max_size=30), st.sampled_from(fuzzing.TEXT_TOKENS).map(
    lambda b: b.decode("utf-8", errors="ignore")))


@settings(max_examples=100, deadline=None)
@given(values=st.lists(cells, max_size=12))
def test_dates_and_numbers_in_any_text_never_raise(values):
    column = pd.Series(values, dtype=object)
    when, unread_dates = parse_datetimes(column)
    amount, unread_numbers = parse_numbers(column)
    assert len(when) == len(amount) == len(values)
    assert 0 <= unread_dates <= len(values) and 0 <= unread_numbers <= len(values)
    assert str(when.dtype) == "datetime64[ns, Asia/Tokyo]" and amount.dtype == "float64"
