"""What many window tests do the same way: open files (or the demo) and wait for the figures."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

WAIT = 20_000  # ms: a load on a busy 2-core machine


def load(qtbot, window, paths: Path | str | Sequence[Path | str] | None = None, demo: bool = False):
    """Open ``paths`` (one or several; ``demo=True`` labels them as the demo), or the bundled demo
    when no path is given, and wait until the dashboard shows them. Returns the Summary."""
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT) as blocker:
        if paths is None:
            window.open_demo()
        else:
            window.open_paths([paths] if isinstance(paths, str | Path) else list(paths), demo=demo)
    return blocker.args[0]
