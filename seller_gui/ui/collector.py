"""Python's cyclic garbage collected on the GUI thread only.

Left to itself, the collector runs in whichever thread happens to allocate, often the worker that
loads a file. A dead widget caught in a cycle is then deleted on that thread, and Qt crashes (seen:
a segmentation fault in CI while a load ran). So automatic collection is off and a timer on the GUI
thread collects each generation once it has grown past Python's own threshold.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 100


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        """Collect the oldest generation that has grown past its threshold, as ``gc`` would."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                return


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Install the collector once for ``app`` (later calls return the same one)."""
    existing = app.findChild(GuiThreadCollector)
    return existing if existing is not None else GuiThreadCollector(app)
