"""The main window: drop exports in, see what was read, and (with the analysis) act on it."""

from __future__ import annotations

import logging
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSettings, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from seller_gui.core.drafting.templates import Alternative as DraftAlternative
from seller_gui.core.drafting.templates import ShopProfile
from seller_gui.core.errors import OrderFileError, StoreError
from seller_gui.core.i18n import LANGUAGE_NAMES, LANGUAGES, Catalog, Message
from seller_gui.core.job import Cancelled, ChildFailed, Job, run_in_child
from seller_gui.core.storage.settings import SettingsFile
from seller_gui.resources_path import resource
from seller_gui.ui import worker
from seller_gui.ui.seller_tools import SellerTools, ToolsContext

if TYPE_CHECKING:
    from seller_gui.core.pipeline import OrderKey, Seller, Summary
    from seller_gui.ui.dashboard import AccountCard

log = logging.getLogger(__name__)

DEMO_FILE_NAME = "aupay-demo-orders.csv"
MAX_RECENT = 8


def demo_path() -> Path:
    return resource("demo", DEMO_FILE_NAME)


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:  # the loader says why; the progress only needs a weight
        return 0


def clamp_to_screen(window: QRect, available: QRect) -> QRect:
    """A window rectangle moved and shrunk to lie inside the screen's available area (a geometry saved
    on a bigger screen, or at another scaling, must not open off the screen)."""
    width, height = min(window.width(), available.width()), min(window.height(), available.height())
    x = min(max(window.x(), available.x()), available.x() + available.width() - width)
    y = min(max(window.y(), available.y()), available.y() + available.height() - height)
    return QRect(x, y, width, height)


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
        self.loading = False
        self.retranslate()

    def set_loading(self, loading: bool) -> None:
        """While files are read the area says so and offers nothing to click."""
        self.loading = loading
        self.open_button.setEnabled(not loading)
        self.demo_button.setEnabled(not loading)
        self.retranslate()

    def retranslate(self) -> None:
        t = self.catalog.text
        self.title.setText(t("drop_loading") if self.loading else t("drop_title"))
        self.hint.setText(t("drop_hint"))
        self.open_button.setText(t("open_files_button"))
        self.demo_button.setText(t("open_demo_button"))


# Inputs this big are read in a child process: parsing them on a thread would hold the GIL for
# seconds and freeze the window (benchmarks/bench_responsiveness.py). Below it a thread is quicker:
# a 50,000-line export (31 MB) shows in 0.75 s instead of 1.6 s, its longest stall 140 ms, the
# dashboard being built on first use.
CHILD_PROCESS_BYTES = 40 * 2**20


def load_and_analyse(paths: list[Path], seller: Seller, job: Job) -> Summary:
    """The work of one load, off the GUI thread: read every file, then compute the figures."""
    from seller_gui.core.pipeline import Summary, summarise

    total = sum(p.stat().st_size for p in paths if p.is_file())
    _ready_to_show()
    if total < CHILD_PROCESS_BYTES:
        return summarise(paths, seller, job)
    try:
        return run_in_child(summarise, paths, seller, job=job)
    except Cancelled:
        return Summary([], [], cancelled=True)
    except ChildFailed as failure:
        log.warning("The loading process failed: %s", failure)
        return Summary([], [OrderFileError(p, "too_large", "child_failed") for p in paths])


def _ready_to_show() -> None:
    """What showing a result needs besides the result (the drafts' module and Jinja, the catalogue
    that words files' warnings), loaded here off the GUI thread: done there it stalled the window
    for about 0.1 s as the figures appeared."""
    from seller_gui.core.drafting import facts  # noqa: F401
    from seller_gui.core.i18n import full_catalog

    full_catalog()


class MainWindow(QMainWindow):
    """The drop area first; the dashboard (figures, tabs, drafts) is built when the first load starts
    or at once (``dashboard_later=False``), so start-up can paint before pandas is imported."""

    dashboard_ready = Signal(object)  # Summary, after every load

    def __init__(self, catalog: Catalog, settings: QSettings, store_path: Path | None = None,
                 settings_file: SettingsFile | None = None, mappings_path: Path | None = None,
                 *, dashboard_later: bool = False) -> None:
        super().__init__()
        self.catalog = catalog
        self.settings = settings
        self.store_path = store_path  # the seller's tags and import history; None keeps nothing
        self.loaded_paths: list[Path] = []
        self.loaded_demo = False
        self.summary: Summary | None = None
        self.showing_demo = False
        self.task: worker.Task | None = None
        self.card: AccountCard | None = None  # the selected account's gauges (built with the dashboard)
        self.trend_key: str | None = None
        self.load_started = 0.0
        self.load_sizes: list[int] = []
        self.dashboard_page: QWidget | None = None  # built by ensure_dashboard
        self.log_path: Path | None = None  # set by the app once logging is set up; None: no file
        self.setAcceptDrops(True)
        self.setObjectName("mainWindow")

        self.drop_area = DropArea(catalog)
        self.drop_area.open_requested.connect(self.choose_files)
        self.drop_area.demo_requested.connect(self.open_demo)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.drop_area)
        # what is wrong with the seller's saved tags, above every page; the figures never wait for it
        self.store_message: Message | None = None
        self.store_banner = QLabel()
        self.store_banner.setObjectName("storeBanner")
        self.store_banner.setWordWrap(True)
        self.store_banner.setVisible(False)
        self.store_banner.setStyleSheet("QLabel#storeBanner { background: #fde7e9; color: #6e0811;"
                                        " padding: 6px; border-radius: 4px; }")
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.addWidget(self.store_banner)
        central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(200)
        self.progress.setVisible(False)
        self.progress_label = QLabel()  # the file, the stage, a rate that moves
        self.progress_label.setObjectName("progressLabel")
        self.progress_label.setVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_loading)
        self.progress_timer = QTimer(self)  # the seconds move even while a stage reports nothing
        self.progress_timer.setInterval(500)
        self.progress_timer.timeout.connect(self._show_progress)
        self.progress_fraction = 0.0
        self.statusBar().addWidget(self.progress_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)

        # the seller's settings, mappings, tags and exports (settings_file None keeps nothing)
        self.tools = SellerTools(ToolsContext(
            catalog, settings, parent=self, summary=lambda: self.summary,
            loaded_paths=lambda: list(self.loaded_paths), store_path=store_path,
            mappings_path=mappings_path, settings_file=settings_file))
        self.tools.reload_requested.connect(self.reload)
        self.tools.language_requested.connect(self.set_language)
        self.tools.settings_changed.connect(self._settings_changed)
        self.tools.status.connect(self.statusBar().showMessage)
        self.tools.store_problem.connect(self.show_store_problem)
        self._build_menus()
        self.retranslate()
        geometry = settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self._fit_to_screen()
        else:
            self._keep_on_screen()
        if not dashboard_later:
            self.ensure_dashboard()
        if store_path is not None:
            QTimer.singleShot(0, self.tools.check_store)  # once the event loop runs, after the paint

    def ensure_dashboard(self) -> None:
        """Build the figures page (once): the overview of every account, the selected one's gauges and
        trend, and the tabs of orders, files and drafts, in a vertical splitter the seller can resize."""
        if self.dashboard_page is not None:
            return
        from seller_gui.ui.dashboard import AccountCard, BehindPanel, Formats, RiskPanel
        from seller_gui.ui.drafts_panel import DraftsPanel
        from seller_gui.ui.files import FileProblems, FilesPanel
        from seller_gui.ui.notice_panel import NoticePanel
        from seller_gui.ui.overview import OverviewTable
        from seller_gui.ui.trend import TrendChart

        catalog = self.catalog
        self.formats = Formats(catalog)
        self.banner = QLabel()
        self.banner.setObjectName("demoBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.banner.setStyleSheet("QLabel#demoBanner { background: #fff4ce; color: #5c4400;"
                                  " padding: 6px; border-radius: 4px; }")
        self.problems = FileProblems(catalog, can_map=self.tools.context.mappings_path is not None)
        self.problems.map_requested.connect(self.map_columns)
        self.problems.other_requested.connect(self.choose_files)
        self.problems.show_requested.connect(self.show_file)
        self.as_of_label = QLabel()
        self.as_of_label.setObjectName("asOfLabel")
        self.as_of_label.setWordWrap(True)

        self.overview = OverviewTable(catalog)
        self.overview.account_chosen.connect(self.choose_account)
        self.overview.account_opened.connect(self.open_account)
        self.card = AccountCard("", catalog)
        self.card.figure_requested.connect(self.show_orders_behind)
        self.all_hint = QLabel()
        self.all_hint.setObjectName("allHint")
        self.all_hint.setWordWrap(True)
        self.all_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card_stack = QStackedWidget()
        self.card_stack.addWidget(self.all_hint)
        self.card_stack.addWidget(self.card)
        self.facts_scroll = QScrollArea()  # a short window scrolls the words, never cuts the gauges
        self.facts_scroll.setWidget(self.card.facts)
        self.facts_scroll.setWidgetResizable(True)
        self.facts_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.facts_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.facts_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the gauges to the tabs
        self.facts_scroll.setMinimumWidth(160)
        self.trend_title = QLabel()
        self.trend_title.setObjectName("trendTitle")
        self.trend = TrendChart()
        self.trend_box = trend_box = QWidget()
        trend_layout = QVBoxLayout(trend_box)
        trend_layout.setContentsMargins(0, 0, 0, 0)
        trend_layout.addWidget(self.trend_title)
        trend_layout.addWidget(self.trend, 1)
        self.detail_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.detail_splitter.setObjectName("detailSplitter")
        self.detail_splitter.addWidget(self.card_stack)
        self.detail_splitter.addWidget(self.facts_scroll)
        self.detail_splitter.addWidget(trend_box)
        self.detail_splitter.setStretchFactor(0, 2)
        self.detail_splitter.setStretchFactor(1, 1)
        self.detail_splitter.setStretchFactor(2, 2)
        self.detail_splitter.setChildrenCollapsible(False)

        self.risk_panel = RiskPanel(catalog)
        self.behind_panel = BehindPanel(catalog)
        self.files_panel = FilesPanel(catalog)
        self.drafts_panel = DraftsPanel(catalog, self.current_shop_profile,
                                        alternatives=self.sku_alternatives)
        self.drafts_panel.tagging_requested.connect(self.tools.tag_causes)
        self.risk_panel.table.selectionModel().selectionChanged.connect(self._orders_chosen)
        for table in (self.risk_panel.table, self.behind_panel.table):
            table.customContextMenuRequested.connect(lambda pos, view=table: self._order_menu(view, pos))
            copy = QAction(table)  # Ctrl+C in a table copies the selected order numbers
            copy.setShortcut(QKeySequence.StandardKey.Copy)
            copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            copy.triggered.connect(lambda _checked=False, view=table:
                                   self.copy_order_numbers(self._chosen_orders(view)))
            table.addAction(copy)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.risk_panel, "")
        self.tabs.addTab(self.behind_panel, "")
        self.tabs.addTab(self.files_panel, "")
        self.tabs.addTab(self.drafts_panel, "")
        self.notice_panel = NoticePanel(catalog, self.settings)
        self.notice_panel.answer_requested.connect(self._answer_notice)
        self.tabs.addTab(self.notice_panel, "")
        self.tabs.currentChanged.connect(self._focus_drafts)
        self.tabs.setMinimumHeight(150)  # the drafts tab asks for more; it gets it when opened (_focus_drafts)
        self.main_splitter = QSplitter(Qt.Orientation.Vertical)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.overview)
        self.main_splitter.addWidget(self.detail_splitter)
        self.main_splitter.addWidget(self.tabs)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 2)
        self.main_splitter.setStretchFactor(2, 3)
        self.main_splitter.setChildrenCollapsible(False)

        page = QWidget()
        dash_layout = QVBoxLayout(page)
        dash_layout.setContentsMargins(6, 4, 6, 4)
        dash_layout.addWidget(self.banner)
        dash_layout.addWidget(self.problems)
        dash_layout.addWidget(self.as_of_label)
        dash_layout.addWidget(self.main_splitter, 1)
        self.pages.addWidget(page)
        self.dashboard_page = page
        self.splitters_restored = False
        for splitter, name in ((self.main_splitter, "panes"), (self.detail_splitter, "detail"),
                               (self.risk_panel.splitter, "risk")):
            state = self.settings.value(f"window/splitter_{name}")
            if state is not None and splitter.restoreState(state):
                self.splitters_restored = True
        if not self.splitters_restored:
            self.detail_splitter.setSizes([560, 260, 560])
        self._retranslate_dashboard()

    @property
    def cards(self) -> dict[str, AccountCard]:
        """The gauges on show, by account (one account's at a time: the one selected in the overview)."""
        if self.card is None or not self.card.key or self.card_stack.currentWidget() is not self.card:
            return {}
        return {self.card.key: self.card}

    def _fit_to_screen(self) -> None:
        """First start: 1320x860, or nine tenths of a smaller screen (a laptop at 150% is 1280x720)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            self.resize(1320, 860)
            return
        room = screen.availableGeometry()
        width, height = min(1320, int(room.width() * 0.9)), min(860, int(room.height() * 0.9))
        self.setGeometry(room.x() + (room.width() - width) // 2, room.y() + (room.height() - height) // 2,
                         width, height)

    def _keep_on_screen(self) -> None:
        """A restored geometry is clamped to the screen it opens on (saved at another size or scaling)."""
        screen = QApplication.screenAt(self.frameGeometry().center()) or self.screen() \
            or QApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        if self.isMaximized() or room.contains(self.frameGeometry()):
            return
        frame_extra = self.frameGeometry().size() - self.geometry().size()
        inner = QRect(room.x(), room.y(), room.width() - frame_extra.width(),
                      room.height() - frame_extra.height())
        self.setGeometry(clamp_to_screen(self.geometry(), inner))

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
        self.tools.add_menus(self.menuBar(), self.file_menu, before=self.quit_action)
        self.view_menu = self.menuBar().addMenu("")
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code in LANGUAGES:
            action = self.language_menu.addAction(LANGUAGE_NAMES[code])
            action.setCheckable(True)
            action.setChecked(code == self.catalog.language)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action
        self.help_menu = self.menuBar().addMenu("")
        self.guide_action = self.help_menu.addAction("")
        self.guide_action.triggered.connect(self.show_download_guide)
        self.open_logs_action = self.help_menu.addAction("")
        self.open_logs_action.triggered.connect(self.open_log_folder)
        self.help_menu.addSeparator()
        self.about_action = self.help_menu.addAction("")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self._refresh_recent()

    def about_text(self) -> str:
        """Version, where the seller's data and the log are (``log_path`` None: no log file)."""
        from seller_gui import __version__
        from seller_gui.core.storage.paths import DataPaths

        t = self.catalog.text
        log_file = str(self.log_path) if self.log_path is not None else t("about_no_log_file")
        paths = DataPaths.default()
        return t("about_text", version=__version__, data=str(paths.store.parent),
                 settings=str(paths.settings), log=log_file)

    def about_dialog(self) -> QWidget:
        from seller_gui import __version__
        from seller_gui.core.storage.paths import DataPaths
        from seller_gui.ui.help_dialog import AboutDialog

        return AboutDialog(self.catalog, __version__, DataPaths.default().store.parent, self.log_path, self)

    @Slot()
    def show_about(self) -> None:
        self.about_dialog().exec()

    @Slot()
    def show_download_guide(self) -> None:
        from seller_gui.ui.help_dialog import DownloadGuide

        chosen = self.trend_key.partition("/")[0] if self.trend_key else None
        DownloadGuide(self.catalog, self, chosen).exec()

    @Slot()
    def open_log_folder(self) -> None:
        """The folder of the log the README asks sellers to send, in the system's file manager."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        if self.log_path is None:
            self.statusBar().showMessage(self.catalog.text("about_no_log_file"), 8000)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_path.parent)))

    def set_language(self, language: str) -> None:
        """Switch every word on screen at once, without a restart."""
        self.catalog.set_language(language)
        self.language_actions[language].setChecked(True)
        self.settings.setValue("ui/language", language)
        self.tools.language_chosen(language)
        self.retranslate()

    def retranslate(self) -> None:
        t = self.catalog.text
        self.setWindowTitle(t("app_title"))
        self.file_menu.setTitle(t("menu_file"))
        self.open_action.setText(t("action_open"))
        self.demo_action.setText(t("action_open_demo"))
        self.recent_menu.setTitle(t("menu_recent"))
        self.quit_action.setText(t("action_quit"))
        self.view_menu.setTitle(t("menu_view"))
        self.language_menu.setTitle(t("menu_language"))
        self.help_menu.setTitle(t("menu_help"))
        self.about_action.setText(t("action_about"))
        self.guide_action.setText(t("action_download_guide"))
        self.open_logs_action.setText(t("action_open_log_folder"))
        self.tools.retranslate()
        self.show_store_problem(self.store_message)
        self.cancel_button.setText(t("cancel"))
        self.drop_area.retranslate()
        if self.dashboard_page is not None:
            self._retranslate_dashboard()

    def _retranslate_dashboard(self) -> None:
        t = self.catalog.text
        self.files_panel.retranslate()
        self.risk_panel.retranslate()
        self.behind_panel.retranslate()
        self.drafts_panel.retranslate()
        self.notice_panel.retranslate()
        self.overview.retranslate()
        self.overview.setAccessibleName(t("overview_name"))
        self.risk_panel.table.setAccessibleName(t("at_risk_name"))
        self.trend.setToolTip(t("trend_unknown_band"))
        self.problems.retranslate()
        self.card.retranslate()
        self.all_hint.setText(t("all_hint"))
        self._refresh_tabs()
        self._refresh_banner()
        self._refresh_trend()
        self._fit_overview()

    def _refresh_tabs(self) -> None:
        t = self.catalog.text
        at_risk = len(self.summary.at_risk) if self.summary is not None else 0
        files = len(self.summary.files) + len(self.summary.failures) if self.summary is not None else 0
        self.tabs.setTabText(0, t("tab_at_risk", count=self.formats.count(at_risk)))
        self.tabs.setTabText(1, t("tab_behind"))
        self.tabs.setTabText(2, t("tab_files", count=files))
        self.tabs.setTabText(3, t("tab_drafts"))
        self.tabs.setTabText(self.tabs.indexOf(self.notice_panel), t("tab_notice"))
    # ----- opening files -----
    @Slot()
    def choose_files(self) -> None:
        from seller_gui.ui.files import OPEN_FILTER_PATTERNS

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
        from seller_gui.ui.files import loadable_paths

        paths = loadable_paths(candidates)
        if not paths:
            self.statusBar().showMessage(self.catalog.text("nothing_to_open"), 6000)
            return False
        if self.task is not None:
            self.task.cancel()
        self.loaded_paths, self.loaded_demo = paths, demo
        seller = self.tools.seller()
        task = worker.Task(lambda progress, cancel: load_and_analyse(paths, seller,
                                                                     Job(progress, cancel)))
        task.signals.progress.connect(self._on_progress)
        task.signals.result.connect(lambda result: self._on_loaded(result, demo, task))
        task.signals.error.connect(self._on_load_error)
        task.signals.finished.connect(lambda: self._on_finished(task))
        self.task = task
        self.load_started = time.monotonic()
        self.load_sizes = [_size_of(p) for p in paths]
        self.progress_fraction = 0.0
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.progress_label.setVisible(True)
        self.cancel_button.setVisible(True)
        self.drop_area.set_loading(True)
        self.statusBar().clearMessage()
        self._show_progress()
        self.progress_timer.start()
        if not demo:
            self._remember_recent(paths)
        worker.start(task)
        QTimer.singleShot(0, self.ensure_dashboard)  # while the files are read
        return True

    def reload(self) -> bool:
        """Read the same files again, e.g. after the seller tagged causes or changed a setting."""
        return bool(self.loaded_paths) and self.open_paths(self.loaded_paths, demo=self.loaded_demo)

    @Slot()
    def cancel_loading(self) -> None:
        if self.task is not None:
            self.task.cancel()

    @Slot(float)
    def _on_progress(self, fraction: float) -> None:
        self.progress_fraction = fraction
        self.progress.setValue(int(fraction * 1000))
        self._show_progress()

    def progress_text(self) -> str:
        """"Reading orders.csv (2 of 6) · 12.3 MB/s · 4 s": the file, the stage, a rate that moves."""
        t = self.catalog.text
        names = [p.name for p in self.loaded_paths] or [""]
        stage = worker.load_stage(self.progress_fraction, self.load_sizes)
        seconds = max(0.0, time.monotonic() - self.load_started)
        if stage.stage == worker.ANALYSING:
            what = t("progress_analysing")
        else:
            what = t(f"progress_{stage.stage}", file=names[min(stage.index, len(names) - 1)],
                     index=stage.index + 1, count=len(names))
        if seconds >= 0.5 and stage.bytes_done > 0 and stage.stage != worker.ANALYSING:
            rate = t("progress_rate", rate=f"{stage.bytes_done / seconds / 2**20:.1f}", seconds=f"{seconds:.0f}")
        else:
            rate = t("progress_seconds", seconds=f"{seconds:.0f}")
        return f"{what} · {rate}"

    @Slot()
    def _show_progress(self) -> None:
        if self.task is not None:
            self.progress_label.setText(self.progress_text())

    def _on_loaded(self, summary: Summary, demo: bool, task: worker.Task) -> None:
        if task is not self.task:
            return  # a newer load replaced this one
        if summary.cancelled:
            self.statusBar().showMessage(self.catalog.text("loading_cancelled"), 6000)
            return
        self.show_summary(summary, demo=demo)
        self.tools.offer_mappings(summary)

    def show_summary(self, summary: Summary, *, demo: bool = False) -> None:
        """Fill the dashboard with a load's result. Measuring the orders' columns and painting follow
        in turns of the event loop of their own, ``dashboard_ready`` once the window can paint: three
        short stalls (each 10-40 ms for 50,000 orders at risk), not one of their sum, and nothing
        half-filled is ever painted."""
        self.setUpdatesEnabled(False)
        try:
            self._fill_dashboard(summary, demo)
        except BaseException:
            self.setUpdatesEnabled(True)
            raise
        # a timer, not a posted call (0 ms): Qt runs what this turn posts before the timers that are due
        QTimer.singleShot(1, self, lambda: self._size_columns_then_paint(summary))

    def _size_columns_then_paint(self, summary: Summary) -> None:
        self.risk_panel.size_columns()
        QTimer.singleShot(0, self, lambda: self._dashboard_filled(summary))  # the paint: a turn later

    def _fill_dashboard(self, summary: Summary, demo: bool) -> None:
        from seller_gui.core.drafting.facts import reference_day

        self.ensure_dashboard()
        self.summary = summary
        self.showing_demo = demo
        self.files_panel.show_batch(summary)
        self.problems.show_failures(summary.failures)
        self.risk_panel.show_frame(summary.at_risk, keys=list(summary.figures))
        self.drafts_panel.set_summary(summary, reference_day(summary, demo=demo, explicit=False),
                                      inputs=[str(p) for p in self.loaded_paths])
        self.behind_panel.current = None
        self.behind_panel.model.set_frame(self.behind_panel.model.frame.iloc[0:0])
        # counted over the plain objects: pandas' value_counts on 50,000 keys took twice as long
        counts = dict(Counter(summary.at_risk["key"].to_numpy(dtype=object))) if len(summary.at_risk) else {}
        self.overview.show_figures(summary.figures, counts)  # selects the worst (or busiest) account
        self.retranslate()
        self.pages.setCurrentIndex(1)
        QTimer.singleShot(0, self._fit_overview)  # once the page is laid out
        self.tabs.setCurrentIndex(0 if summary.files else 2)
        loaded = self.catalog.text("loaded_summary", files=len(summary.files),
                                   failed=len(summary.failures))
        if summary.store_failed:  # the figures stand; the seller must know their tags were not used
            loaded += " " + self.catalog.text("store_unreadable")
            self.show_store_problem(summary.store_problem)
            if self.store_message is None:
                self.tools.check_store()
        self.statusBar().showMessage(loaded, 0 if summary.store_failed else 8000)
        self.tools.refresh_enabled()

    def _dashboard_filled(self, summary: Summary) -> None:
        self.setUpdatesEnabled(True)
        # painted here, at once: the update that re-enabling schedules is now and then lost (Qt 6.12,
        # measured offscreen: about 1 load in 20 left the window unpainted until something else moved)
        self.repaint()
        self.dashboard_ready.emit(summary)

    @Slot(str)
    def choose_account(self, key: str) -> None:
        """The overview's selection: that account's gauges, trend and orders (all of them for ALL)."""
        if self.summary is None:
            return
        block = self.summary.figures.get(key)
        self.facts_scroll.setVisible(block is not None)
        self.trend_box.setVisible(block is not None)  # a trend is per account; the hint takes the room
        if block is None:
            self.card_stack.setCurrentWidget(self.all_hint)
            self.trend_key = None
        else:
            self.card.key = key
            self.card.show_block(block)
            self.card_stack.setCurrentWidget(self.card)
            self.trend_key = key
        self.risk_panel.show_account(key or None)
        self._refresh_trend()

    @Slot(str)
    def open_account(self, key: str) -> None:
        """Enter on an overview row: the orders behind it (for ALL, every order at risk)."""
        if key and self.summary is not None and key in self.summary.figures:
            self.show_orders_behind(key, "cancelled")
        else:
            self.tabs.setCurrentWidget(self.risk_panel)
            self.risk_panel.table.setFocus()

    def _fit_overview(self) -> None:
        """Every overview row in sight (six accounts and more), taken from the gauges' share."""
        if self.summary is None or not self.main_splitter.isVisible():
            return
        sizes = self.main_splitter.sizes()
        total = sum(sizes)
        wanted = min(self.overview.rows_height() + 2, int(total * 0.45))
        if total <= 0 or sizes[0] >= wanted and self.splitters_restored:
            return
        if not self.splitters_restored:
            rest = total - wanted
            detail = max(170, int(rest * 0.45))
            self.main_splitter.setSizes([wanted, detail, rest - detail])
        else:
            self.main_splitter.setSizes([wanted, max(120, sizes[1] - (wanted - sizes[0])), sizes[2]])

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_shown_once", False):  # the frame's size is known only once shown
            self._shown_once = True
            self._keep_on_screen()
        if self.dashboard_page is not None:
            QTimer.singleShot(0, self._fit_overview)

    @Slot(object)
    def _answer_notice(self, ref) -> None:
        """The notice tab's "Answer this notice": the reply draft, answering its asks point by point."""
        self.tabs.setCurrentWidget(self.drafts_panel)
        self.drafts_panel.answer_notice(ref)

    @Slot(int)
    def _focus_drafts(self, index: int) -> None:
        """Writing and reading need room: on the drafts and notice tabs the gauges and trend step aside
        (the overview stays in sight), on the other tabs they come back at the size they had."""
        writing = self.tabs.widget(index) in (self.drafts_panel, self.notice_panel)
        if self.tabs.widget(index) is self.drafts_panel:
            self.drafts_panel.activate()
        self.detail_splitter.setVisible(not writing)  # a draft or a pasted notice needs the height

    def sku_alternatives(self, sku: str) -> list[DraftAlternative]:
        """Items the seller offers instead of ``sku`` (kept in the store), for out-of-stock notices."""
        if self.store_path is None:
            return []
        from seller_gui.core.storage.store import Store

        try:
            with Store(self.store_path) as store:
                return [DraftAlternative(a.name, a.url) for a in store.alternatives(sku)]
        except StoreError as error:  # a draft without alternatives; the banner says why
            log.warning("Alternatives not read: %s", type(error).__name__)
            return []

    @Slot(object)
    def show_store_problem(self, message: Message | None) -> None:
        """One sentence above the figures: what is wrong with the store, what is not kept, what to do."""
        self.store_message = message
        self.store_banner.setVisible(message is not None)
        self.store_banner.setText(self.catalog.explain(message) if message is not None else "")

    def current_shop_profile(self) -> ShopProfile:
        """The seller's profile; the demo shop signs drafts of the demo data until one is set."""
        profile = self.tools.profile
        if not profile.shop_name and self.showing_demo:
            from seller_gui.core.drafting.facts import DEMO_SHOP

            return DEMO_SHOP
        return profile

    @Slot(object)
    def _settings_changed(self, _settings: object) -> None:
        """New settings may sign the drafts differently: redraw the ones on screen."""
        if self.dashboard_page is not None:
            self.drafts_panel.refresh_drafts()

    @Slot()
    def _orders_chosen(self) -> None:
        from seller_gui.core.pipeline import OrderKey
        from seller_gui.ui.frame_model import ROW_ROLE

        rows = self.risk_panel.table.selectionModel().selectedRows()
        frame = self.risk_panel.model.frame
        chosen = [frame.iloc[r.data(ROW_ROLE)] for r in rows]
        self.drafts_panel.set_orders([OrderKey(str(row["marketplace"]), str(row["shop"]),
                                               str(row["order_id"])) for row in chosen])

    @Slot(str, str)
    def show_orders_behind(self, key: str, figure: str) -> None:
        """A click on a figure (or Enter on it) lists the orders counted in it; the overview, the gauges
        and the trend follow that account."""
        if self.summary is None:
            return
        frame = self.summary.orders_behind(key, figure)
        self.behind_panel.show_orders(key, figure, frame)
        self.tabs.setCurrentWidget(self.behind_panel)
        if self.overview.current_key() != key:
            self.overview.choose(key)

    def _refresh_trend(self) -> None:
        from seller_gui.ui.trend import TrendSeries, TrendWords

        t = self.catalog.text
        words = TrendWords(t("trend_orders"), t("trend_seller"), t("trend_rate"), t("trend_orders_axis"),
                           t("trend_rate_axis"), t("trend_day_tip"), self.catalog.language)
        if self.summary is None or self.trend_key is None:
            self.trend_title.setText(t("trend_choose") if self.summary is not None else "")
            self.trend.set_data(TrendSeries(), words)
            return
        series = self.summary.trend.get(self.trend_key)
        self.trend_title.setText(t("trend_title", account=self.formats.account(self.trend_key)))
        self.trend.setAccessibleName(t("trend_name"))
        if series is None or series.empty:
            self.trend.set_data(TrendSeries(), words)
            return

        def rates(column: str) -> list[float | None]:
            return [None if r != r else float(r) for r in series[column].tolist()] if column in series \
                else [None] * len(series)

        unknown = series["unknown_cancelled"] if "unknown_cancelled" in series else series["orders"] * 0
        self.trend.set_data(TrendSeries(
            days=list(series["date"]), orders=[int(v) for v in series["orders"]],
            seller=[int(v) for v in series["seller_cancelled"]], unknown=[int(v) for v in unknown],
            lower=rates("rolling_rate"), upper=rates("rolling_rate_upper"),
            limit=float(series["limit"].iloc[0])), words)

    # ----- the orders' right-click menu -----
    def _chosen_orders(self, view: QTableView) -> list[OrderKey]:
        from seller_gui.core.pipeline import OrderKey
        from seller_gui.ui.frame_model import ROW_ROLE

        frame = view.model().frame
        rows = [index.data(ROW_ROLE) for index in view.selectionModel().selectedRows()]
        keys = [OrderKey(str(frame.iloc[r]["marketplace"]), str(frame.iloc[r]["shop"]),
                         str(frame.iloc[r]["order_id"])) for r in rows if r is not None]
        return list(dict.fromkeys(keys))

    def order_menu(self, view: QTableView) -> QMenu:
        """Copy the order numbers, write a notice, tag the cause, show the file the order came from."""
        t = self.catalog.text
        orders = self._chosen_orders(view)
        menu = QMenu(self)
        copy = menu.addAction(t("menu_copy_orders"))
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.triggered.connect(lambda: self.copy_order_numbers(orders))
        notice = menu.addAction(t("menu_write_notice"))
        notice.triggered.connect(lambda: self.write_notice(view))
        notice.setEnabled(view is self.risk_panel.table)
        tag = menu.addAction(t("menu_tag_cause"))
        tag.triggered.connect(self.tools.tag_causes)
        tag.setEnabled(self.store_path is not None)
        source = self.source_of(orders[0]) if orders else None
        show = menu.addAction(t("menu_show_file", file=source[0].name, row=source[1]) if source
                              else t("problems_show"))
        show.setEnabled(source is not None)
        if source is not None:
            show.triggered.connect(lambda: self.show_file(source[0]))
        for action in menu.actions():
            if action is not tag and action is not show:
                action.setEnabled(action.isEnabled() and bool(orders))
        return menu

    def _order_menu(self, view: QTableView, pos: QPoint) -> None:
        if self._chosen_orders(view):
            self.order_menu(view).popup(view.viewport().mapToGlobal(pos))

    def copy_order_numbers(self, orders: list[OrderKey]) -> None:
        QGuiApplication.clipboard().setText("\n".join(o.order_id for o in orders))
        self.statusBar().showMessage(self.catalog.text("copied_orders", count=len(orders)), 5000)

    def write_notice(self, view: QTableView) -> None:
        """The drafts tab with a customer notice per selected order: out of stock when that is the
        reason, else a shipping delay."""
        from seller_gui.ui.frame_model import ROW_ROLE

        frame = view.model().frame
        reasons = {code for index in view.selectionModel().selectedRows()
                   for code in frame.iloc[index.data(ROW_ROLE)].get("reasons", ())}
        kind = "stockout" if "out_of_stock" in reasons else "delay"
        self._orders_chosen()
        combo = self.drafts_panel.kind
        combo.setCurrentIndex(max(0, combo.findData(kind)))
        self.tabs.setCurrentWidget(self.drafts_panel)

    def source_of(self, order: OrderKey) -> tuple[Path, int] | None:
        """The file (and its row) an order's first line was read from."""
        if self.summary is None:
            return None
        lines = self.summary.lines_of(order)
        if not len(lines) or "source_file" not in lines:
            return None
        row = lines.iloc[0]
        name = str(row["source_file"])
        path = next((f.path for f in self.summary.files if str(f.path) == name or f.path.name == name),
                    Path(name))
        return path, int(row["source_row"]) if "source_row" in lines else 0

    @Slot(object)
    def show_file(self, path: Path) -> None:
        """The folder holding a file, in the system's file manager."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).resolve().parent)))

    @Slot(object)
    def map_columns(self, path: Path) -> None:
        """The column-mapping form for a file of unknown layout, asked by the seller from the banner."""
        mappings_path = self.tools.context.mappings_path
        if mappings_path is None:
            return
        from seller_gui.core.storage.mappings import MappingStore
        from seller_gui.ui.mapping_dialog import MappingDialog

        if MappingDialog.ask(self, self.catalog, Path(path), MappingStore(mappings_path)) is not None:
            self.reload()

    def _on_load_error(self, error: BaseException) -> None:
        # load_all turns every bad file into a failure; anything else is a bug for the crash path
        raise error

    def _on_finished(self, task: worker.Task) -> None:
        if task is self.task:
            self.task = None
            self.progress_timer.stop()
            self.progress.setVisible(False)
            self.progress_label.setVisible(False)
            self.cancel_button.setVisible(False)
            self.drop_area.set_loading(False)

    def _refresh_banner(self) -> None:
        self.banner.setVisible(self.showing_demo)
        self.banner.setText(self.catalog.text("demo_banner"))
        if self.summary is None or self.summary.as_of is None:
            self.as_of_label.setText("")
            return
        as_of = self.summary.as_of
        key = "asof_fallback" if as_of.fell_back else "asof_now"
        self.as_of_label.setText(self.catalog.text(key, when=self.formats.when(as_of.at)))

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

    def closeEvent(self, event) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        if self.dashboard_page is not None:
            self.settings.setValue("window/splitter_panes", self.main_splitter.saveState())
            self.settings.setValue("window/splitter_detail", self.detail_splitter.saveState())
            self.settings.setValue("window/splitter_risk", self.risk_panel.splitter.saveState())
        if self.task is not None:
            self.task.cancel()
        super().closeEvent(event)
