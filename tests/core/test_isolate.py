"""Big loads run in a child process: results, errors, a dead child and cancel all come back cleanly."""

import os
import signal
import sys
import threading
import time

import pytest

from seller_gui.core.errors import OrderFileError
from seller_gui.core.i18n import Message
from seller_gui.core.job import Cancelled, Child, ChildFailed, Job, can_fork, run_in_child
from seller_gui.core.pipeline import Seller, summarise
from tests.conftest import DEMO_FILE


def _count(n, *, job):
    job.report(0.5)
    return n * 2


def _fail(*, job):
    raise OrderFileError("x.csv", "damaged", "unexpected_error", error="ValueError")


def _die(*, job):
    os._exit(9)


def _sleep(*, job):
    time.sleep(30)


def test_result_and_progress_come_back():
    seen = []
    assert run_in_child(_count, 21, job=Job(seen.append)) == 42
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
    job = Job()
    threading.Timer(0.5, job.cancel).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        run_in_child(_sleep, job=job)
    assert time.monotonic() - started < 10


def test_the_demo_summary_is_the_same_in_a_child_as_in_process():
    here = summarise([DEMO_FILE], Seller())
    there = run_in_child(summarise, [DEMO_FILE], Seller())
    assert there.figures == here.figures
    assert there.as_of == here.as_of
    assert list(there.at_risk["order_id"]) == list(here.at_risk["order_id"])
    assert set(there.behind) == {("aupay", "cancelled"), ("aupay", "overdue_open")}
    assert [f.rows for f in there.files] == [357]


def _pieces_then_done(*, job):
    for piece in range(job.from_parent.recv()):
        job.hand_over(piece)
    return "done"


def test_what_the_parent_sends_later_arrives_and_pieces_come_back_ahead_of_the_result():
    child = Child(_pieces_then_done)
    child.send(3)
    pieces = []
    assert child.result(on_piece=pieces.append) == "done"
    assert pieces == [0, 1, 2]


def _fork_a_sleeper_then_die(*, job):
    sleeper = Child(_sleep, method="fork")
    sleeper._started_now()
    job.hand_over(sleeper._process.pid)
    os._exit(9)  # as a read killed on a cancel or a time limit


def _running(pid: int) -> bool:
    """Alive and not a zombie (a dead orphan waits for whoever adopted it to reap it)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(sys.platform != "linux", reason="fork and the parent-death signal are Linux's")
def test_a_forked_child_dies_with_its_parent():
    # a workbook read forks a helper; killing the read (cancel, time limit) must not leave it running
    pieces = []
    with pytest.raises(ChildFailed):
        Child(_fork_a_sleeper_then_die).result(on_piece=pieces.append)
    grandchild = pieces[0]
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _running(grandchild):
        time.sleep(0.02)
    if _running(grandchild):
        os.kill(grandchild, signal.SIGKILL)
        pytest.fail("the forked child outlived its parent")


def test_no_fork_while_another_thread_runs_or_qt_is_loaded(monkeypatch):
    monkeypatch.delitem(sys.modules, "PySide6.QtCore", raising=False)
    assert can_fork() == (len(os.sched_getaffinity(0)) >= 2)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not can_fork()
    finally:
        release.set()
        other.join()
    monkeypatch.setitem(sys.modules, "PySide6.QtCore", object())
    assert not can_fork()


