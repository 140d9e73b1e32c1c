"""The gauge's geometry and colours, tested without Qt."""

import math

from hypothesis import given
from hypothesis import strategies as st

from seller_gui.ui.gauge_math import (
    DANGER,
    OK,
    WARN,
    bands,
    polar,
    scale_max,
    value_to_angle,
)


def test_angles_run_left_to_right_over_a_half_circle():
    assert value_to_angle(0, 0.2) == 180
    assert value_to_angle(0.1, 0.2) == 90
    assert value_to_angle(0.2, 0.2) == 0
    assert value_to_angle(0.9, 0.2) == 0  # past the scale, pinned at the end


def test_scale_shows_the_limit_with_room_and_every_rate():
    assert scale_max(0.025) == 0.05
    assert scale_max(0.10) == 0.2
    assert scale_max(0.10, 0.31) == 0.5


@given(limit=st.floats(0.001, 0.5), rate=st.floats(0, 1))
def test_scale_always_contains_limit_and_rate(limit, rate):
    top = scale_max(limit, rate)
    assert top >= min(limit, 1.0)
    assert top >= min(rate, 1.0) or top == 1.0


def test_bands_tile_the_half_circle_in_order():
    arcs = bands(0.1, 0.2)
    assert [a[0] for a in arcs] == [OK, WARN, DANGER]
    assert arcs[0][1] == 180
    assert math.isclose(sum(a[2] for a in arcs), -180)
    assert math.isclose(arcs[1][1], value_to_angle(0.08, 0.2))


def test_polar_uses_screen_coordinates():
    x, y = polar(100, 100, 50, 90)
    assert math.isclose(x, 100, abs_tol=1e-9) and math.isclose(y, 50)
