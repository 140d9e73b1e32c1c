"""Workbook numbers become the text Excel shows, whichever way a column is worded (many distinct whole
numbers take a faster path)."""

from __future__ import annotations

import pytest

from seller_gui.core.reading.cells import cell_text, text_column


@pytest.mark.parametrize("cells", [
    [float(700000000 + i) for i in range(3000)],  # order numbers: the fast path
    [float(700000000 + i) for i in range(3000)] + [1.5],  # a fraction: worded one by one
    [float(i) for i in range(3000)] + [1e17],  # too big for exact digits
    [-0.0, -3.0] + [float(i) for i in range(3000)],
    [1.0, 2.0, 3.0] * 1000,  # few distinct values
    [float(i) for i in range(3000)] + [""],  # a blank cell
])
def test_numbers_are_worded_as_excel_shows_them(cells):
    assert text_column(tuple(cells)) == [cell_text(c) for c in cells]
