"""Work off the GUI thread: results and errors arrive on the GUI thread; cancel reaches the function."""

import threading

from seller_gui.ui import worker


def test_result_and_progress_arrive_on_the_gui_thread(qtbot):
    seen = []

    def job(progress, cancel):
        progress(0.5)
        return threading.current_thread() is not threading.main_thread()

    task = worker.Task(job)
    task.signals.progress.connect(lambda f: seen.append((f, threading.current_thread())))
    with qtbot.waitSignal(task.signals.result, timeout=5000) as blocker:
        worker.start(task)
    assert blocker.args == [True]  # the job itself ran on a pool thread
    qtbot.waitUntil(lambda: len(seen) == 1)
    assert seen == [(0.5, threading.main_thread())]


def test_an_error_is_delivered_not_raised(qtbot):
    def job(progress, cancel):
        raise ValueError("bad input")

    task = worker.Task(job)
    with qtbot.waitSignal(task.signals.error, timeout=5000) as blocker:
        worker.start(task)
    assert isinstance(blocker.args[0], ValueError)


def test_cancel_sets_the_event_the_job_watches(qtbot):
    started = threading.Event()

    def job(progress, cancel):
        started.set()
        return cancel.wait(5)

    task = worker.Task(job)
    with qtbot.waitSignal(task.signals.result, timeout=6000) as blocker:
        worker.start(task)
        assert started.wait(5)
        task.cancel()
    assert blocker.args == [True]
