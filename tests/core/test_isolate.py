"""Big loads run in a child process: results, errors, a dead child and cancel all come back cleanly."""

import os
import threading
import time

import pytest

from seller_gui.core.batch import summarise
from seller_gui.core.errors import OrderFileError
from seller_gui.core.i18n import Message
from seller_gui.core.job import Cancelled, ChildFailed, run_in_child
from tests.conftest import DEMO_FILE


def _count(n, *, progress):
    progress(0.5)
    return n * 2


def _fail(*, progress):
    raise OrderFileError("x.csv", "damaged", "unexpected_error", error="ValueError")


def _die(*, progress):
    os._exit(9)


def _sleep(*, progress):
    time.sleep(30)


def test_result_and_progress_come_back():
    seen = []
    assert run_in_child(_count, 21, progress=seen.append) == 42
    assert seen == [0.5]


def test_a_typed_error_crosses_intact():
    with pytest.raises(OrderFileError) as caught:
        run_in_child(_fail)
    assert (caught.value.kind, caught.value.message, caught.value.path.name) == \
        ("damaged", Message("unexpected_error", {"error": "ValueError"}), "x.csv")
    assert caught.value.detail == "The file could not be read (ValueError); it may be damaged."


def test_a_child_that_dies_is_reported_not_waited_for():
    with pytest.raises(ChildFailed, match="exit code 9"):
        run_in_child(_die)


def test_cancel_stops_the_child_quickly():
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        run_in_child(_sleep, cancel=cancel)
    assert time.monotonic() - started < 10


def test_the_demo_summary_is_the_same_in_a_child_as_in_process():
    here = summarise([DEMO_FILE])
    there = run_in_child(summarise, [DEMO_FILE])
    assert there.figures == here.figures
    assert there.as_of == here.as_of
    assert list(there.at_risk["order_id"]) == list(here.at_risk["order_id"])
    assert set(there.behind) == {("aupay", "cancelled"), ("aupay", "overdue_open")}
    assert [f.rows for f in there.files] == [357]
