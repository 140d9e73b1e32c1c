"""The main window: drop exports in, see what was read, and (with the analysis) act on it."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from seller_gui.core.batch import Batch, load_all
from seller_gui.core.i18n import Catalog
from seller_gui.resources_path import resource
from seller_gui.ui import worker
from seller_gui.ui.files import OPEN_FILTER_PATTERNS, loadable_paths

log = logging.getLogger(__name__)

DEMO_FILE_NAME = "aupay-demo-orders.csv"
MAX_RECENT = 8


def demo_path() -> Path:
    return resource("demo", DEMO_FILE_NAME)


class DropArea(QFrame):
    """The empty state: what to do first, in words a seller understands."""

    open_requested = Signal()
    demo_requested = Signal()

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog
        self.setObjectName("dropArea")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setObjectName("dropTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.title.setFont(font)
        self.hint = QLabel()
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.open_button = QPushButton()
        self.demo_button = QPushButton()
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        layout.addStretch()
        self.retranslate()

    def retranslate(self) -> None:
        t = self.catalog.text
        self.title.setText(t("drop_title"))
        self.hint.setText(t("drop_hint"))
        self.open_button.setText(t("open_files_button"))
        self.demo_button.setText(t("open_demo_button"))


class FilesPanel(QTableWidget):
    """One row per file: what was read from it, or why it could not be."""

    COLUMNS = ("col_file", "col_marketplace", "col_encoding", "col_rows", "col_orders", "col_note")

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(0, len(self.COLUMNS))
        self.catalog = catalog
        self.setObjectName("filesPanel")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self._batch: Batch | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([self.catalog.text(key) for key in self.COLUMNS])
        if self._batch is not None:
            self.show_batch(self._batch)

    def show_batch(self, batch: Batch) -> None:
        self._batch = batch
        t = self.catalog.text
        self.setRowCount(len(batch.files) + len(batch.failures))
        for row, loaded in enumerate(batch.files):
            where = loaded.encoding or ""
            if loaded.sheet:
                where = t("sheet_named", name=loaded.sheet)
            note = "; ".join(loaded.warnings)
            values = (loaded.path.name, t(f"marketplace_{loaded.marketplace}"), where,
                      f"{loaded.rows:,}", f"{loaded.orders:,}", note)
            self._fill(row, values)
        for offset, failure in enumerate(batch.failures):
            row = len(batch.files) + offset
            reason = t(f"error_{failure.kind}") + f" ({failure.detail})"
            self._fill(row, (failure.path.name, "", "", "", "", reason))

    def _fill(self, row: int, values: tuple[str, ...]) -> None:
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if column in (3, 4):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, column, item)


class MainWindow(QMainWindow):
    batch_loaded = Signal(object)  # Batch, after every load

    def __init__(self, catalog: Catalog, settings: QSettings) -> None:
        super().__init__()
        self.catalog = catalog
        self.settings = settings
        self.batch: Batch | None = None
        self.showing_demo = False
        self.task: worker.Task | None = None
        self.setAcceptDrops(True)
        self.setObjectName("mainWindow")

        self.drop_area = DropArea(catalog)
        self.drop_area.open_requested.connect(self.choose_files)
        self.drop_area.demo_requested.connect(self.open_demo)
        self.banner = QLabel()
        self.banner.setObjectName("demoBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.banner.setStyleSheet("QLabel#demoBanner { background: #fff4ce; color: #5c4400;"
                                  " padding: 6px; border-radius: 4px; }")
        self.files_panel = FilesPanel(catalog)
        dashboard = QWidget()
        dash_layout = QVBoxLayout(dashboard)
        dash_layout.addWidget(self.banner)
        dash_layout.addWidget(self.files_panel)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.drop_area)
        self.pages.addWidget(dashboard)
        self.setCentralWidget(self.pages)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(240)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_loading)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)

        self._build_menus()
        self.retranslate()
        self.resize(1200, 780)
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    # ----- menus and words -----
    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.open_action = QAction(self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.choose_files)
        self.demo_action = QAction(self)
        self.demo_action.triggered.connect(self.open_demo)
        self.recent_menu = self.file_menu.addMenu("")
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.insertAction(self.recent_menu.menuAction(), self.open_action)
        self.file_menu.insertAction(self.recent_menu.menuAction(), self.demo_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self._refresh_recent()

    def retranslate(self) -> None:
        t = self.catalog.text
        self.setWindowTitle(t("app_title"))
        self.file_menu.setTitle(t("menu_file"))
        self.open_action.setText(t("action_open"))
        self.demo_action.setText(t("action_open_demo"))
        self.recent_menu.setTitle(t("menu_recent"))
        self.quit_action.setText(t("action_quit"))
        self.cancel_button.setText(t("cancel"))
        self.drop_area.retranslate()
        self.files_panel.retranslate()
        self._refresh_banner()

    # ----- opening files -----
    @Slot()
    def choose_files(self) -> None:
        patterns = " ".join(OPEN_FILTER_PATTERNS)
        filters = f"{self.catalog.text('filter_exports')} ({patterns});;{self.catalog.text('filter_all')} (*)"
        start = str(self.settings.value("files/last_dir", str(Path.home())))
        names, _ = QFileDialog.getOpenFileNames(self, self.catalog.text("action_open"), start, filters)
        if names:
            self.settings.setValue("files/last_dir", str(Path(names[0]).parent))
            self.open_paths(names)

    @Slot()
    def open_demo(self) -> None:
        self.open_paths([demo_path()], demo=True)

    def open_paths(self, candidates: list[str | Path], *, demo: bool = False) -> bool:
        paths = loadable_paths(candidates)
        if not paths:
            self.statusBar().showMessage(self.catalog.text("nothing_to_open"), 6000)
            return False
        if self.task is not None:
            self.task.cancel()
        task = worker.Task(lambda progress, cancel: load_all(paths, progress=progress, cancel=cancel))
        task.signals.progress.connect(self._on_progress)
        task.signals.result.connect(lambda batch: self._on_loaded(batch, demo, task))
        task.signals.error.connect(self._on_load_error)
        task.signals.finished.connect(lambda: self._on_finished(task))
        self.task = task
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.statusBar().showMessage(self.catalog.text("loading_files", count=len(paths)))
        if not demo:
            self._remember_recent(paths)
        worker.start(task)
        return True

    @Slot()
    def cancel_loading(self) -> None:
        if self.task is not None:
            self.task.cancel()

    @Slot(float)
    def _on_progress(self, fraction: float) -> None:
        self.progress.setValue(int(fraction * 1000))

    def _on_loaded(self, batch: Batch, demo: bool, task: worker.Task) -> None:
        if task is not self.task:
            return  # a newer load replaced this one
        if batch.cancelled:
            self.statusBar().showMessage(self.catalog.text("loading_cancelled"), 6000)
            return
        self.batch = batch
        self.showing_demo = demo
        self.files_panel.show_batch(batch)
        self._refresh_banner()
        self.pages.setCurrentIndex(1)
        self.statusBar().showMessage(self.catalog.text(
            "loaded_summary", files=len(batch.files), failed=len(batch.failures)), 8000)
        self.batch_loaded.emit(batch)

    def _on_load_error(self, error: BaseException) -> None:
        # load_all turns every bad file into a failure; anything else is a bug for the crash path
        raise error

    def _on_finished(self, task: worker.Task) -> None:
        if task is self.task:
            self.task = None
            self.progress.setVisible(False)
            self.cancel_button.setVisible(False)

    def _refresh_banner(self) -> None:
        self.banner.setVisible(self.showing_demo)
        self.banner.setText(self.catalog.text("demo_banner"))

    # ----- recent files -----
    def recent_files(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember_recent(self, paths: list[Path]) -> None:
        recent = [str(p.resolve()) for p in paths]
        recent += [p for p in self.recent_files() if p not in recent]
        self.settings.setValue("files/recent", recent[:MAX_RECENT])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for name in self.recent_files():
            action = self.recent_menu.addAction(Path(name).name)
            action.setToolTip(name)
            action.triggered.connect(lambda _checked=False, n=name: self.open_paths([n]))
        self.recent_menu.setEnabled(bool(self.recent_files()))

    # ----- drag and drop -----
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        names = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if self.open_paths(names):
            event.acceptProposedAction()
        else:
            event.ignore()

    def closeEvent(self, event) -> None:  # noqa: ANN001 - Qt's signature
        self.settings.setValue("window/geometry", self.saveGeometry())
        if self.task is not None:
            self.task.cancel()
        super().closeEvent(event)
