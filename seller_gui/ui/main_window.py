"""The main window: drop exports in, see what was read, and (with the analysis) act on it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
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
    from seller_gui.core.pipeline import Seller, Summary
    from seller_gui.ui.dashboard import AccountCard

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


# Inputs this big are read in a child process: parsing them on a thread would hold the GIL for
# seconds and freeze the window (benchmarks/bench_responsiveness.py). Below it a thread is quicker:
# a 50,000-line export (31 MB) shows in 0.75 s instead of 1.6 s, its longest stall 140 ms, the
# dashboard being built on first use.
CHILD_PROCESS_BYTES = 40 * 2**20


def load_and_analyse(paths: list[Path], seller: Seller, job: Job) -> Summary:
    """The work of one load, off the GUI thread: read every file, then compute the figures."""
    from seller_gui.core.pipeline import Summary, summarise

    total = sum(p.stat().st_size for p in paths if p.is_file())
    if total < CHILD_PROCESS_BYTES:
        return summarise(paths, seller, job)
    try:
        return run_in_child(summarise, paths, seller, job=job)
    except Cancelled:
        return Summary([], [], cancelled=True)
    except ChildFailed as failure:
        log.warning("The loading process failed: %s", failure)
        return Summary([], [OrderFileError(p, "too_large", "child_failed") for p in paths])


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
        self.cards: dict[str, AccountCard] = {}
        self.trend_key: str | None = None
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
        self.progress.setMaximumWidth(240)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_loading)
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
        if not dashboard_later:
            self.ensure_dashboard()
        if store_path is not None:
            QTimer.singleShot(0, self.tools.check_store)  # once the event loop runs, after the paint

    def ensure_dashboard(self) -> None:
        """Build the figures page: cards, trend, and the tabs of orders, files and drafts (once)."""
        if self.dashboard_page is not None:
            return
        from seller_gui.ui.dashboard import BehindPanel, Formats, RiskPanel
        from seller_gui.ui.drafts_panel import DraftsPanel
        from seller_gui.ui.files import FilesPanel
        from seller_gui.ui.notice_panel import NoticePanel
        from seller_gui.ui.trend import TrendChart

        catalog = self.catalog
        self.formats = Formats(catalog)
        self.banner = QLabel()
        self.banner.setObjectName("demoBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.banner.setStyleSheet("QLabel#demoBanner { background: #fff4ce; color: #5c4400;"
                                  " padding: 6px; border-radius: 4px; }")
        self.as_of_label = QLabel()
        self.as_of_label.setObjectName("asOfLabel")
        self.as_of_label.setWordWrap(True)

        self.cards_row = QHBoxLayout()
        cards_host = QWidget()
        cards_host.setLayout(self.cards_row)
        self.cards_scroll = QScrollArea()
        self.cards_scroll.setWidget(cards_host)
        self.cards_scroll.setWidgetResizable(True)
        self.cards_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.trend_title = QLabel()
        self.trend = TrendChart()
        trend_box = QWidget()
        trend_layout = QVBoxLayout(trend_box)
        trend_layout.setContentsMargins(0, 0, 0, 0)
        trend_layout.addWidget(self.trend_title)
        trend_layout.addWidget(self.trend, 1)
        self.top_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.top_splitter.addWidget(self.cards_scroll)
        self.top_splitter.addWidget(trend_box)
        self.top_splitter.setStretchFactor(0, 1)
        self.top_splitter.setStretchFactor(1, 1)

        self.risk_panel = RiskPanel(catalog)
        self.behind_panel = BehindPanel(catalog)
        self.files_panel = FilesPanel(catalog)
        self.drafts_panel = DraftsPanel(catalog, self.current_shop_profile,
                                        alternatives=self.sku_alternatives)
        self.drafts_panel.tagging_requested.connect(self.tools.tag_causes)
        self.risk_panel.table.selectionModel().selectionChanged.connect(self._orders_chosen)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.risk_panel, "")
        self.tabs.addTab(self.behind_panel, "")
        self.tabs.addTab(self.files_panel, "")
        self.tabs.addTab(self.drafts_panel, "")
        self.notice_panel = NoticePanel(catalog, self.settings)
        self.notice_panel.answer_requested.connect(self._answer_notice)
        self.tabs.addTab(self.notice_panel, "")
        self.tabs.currentChanged.connect(self._focus_drafts)
        self.main_splitter = QSplitter(Qt.Orientation.Vertical)
        self.main_splitter.addWidget(self.top_splitter)
        self.main_splitter.addWidget(self.tabs)
        self.main_splitter.setStretchFactor(0, 2)
        self.main_splitter.setStretchFactor(1, 3)

        page = QWidget()
        dash_layout = QVBoxLayout(page)
        dash_layout.addWidget(self.banner)
        dash_layout.addWidget(self.as_of_label)
        dash_layout.addWidget(self.main_splitter, 1)
        self.pages.addWidget(page)
        self.dashboard_page = page
        self.cards_scroll.setMinimumWidth(340)
        self.main_splitter.setSizes([505, 315])
        self.top_splitter.setSizes([460, 800])
        for splitter, name in ((self.main_splitter, "main"), (self.top_splitter, "top")):
            state = self.settings.value(f"window/splitter_{name}")
            if state is not None:
                splitter.restoreState(state)
        self._retranslate_dashboard()

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
        self.about_action = self.help_menu.addAction("")
        self.about_action.triggered.connect(self.show_about)
        self.open_logs_action = self.help_menu.addAction("")
        self.open_logs_action.triggered.connect(self.open_log_folder)
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

    @Slot()
    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, self.catalog.text("action_about"), self.about_text())

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
        self.open_logs_action.setText(t("action_open_log_folder"))
        self.tools.retranslate()
        self.show_store_problem(self.store_message)
        self.cancel_button.setText(t("cancel"))
        self.drop_area.retranslate()
        if self.dashboard_page is not None:
            self._retranslate_dashboard()

    def _retranslate_dashboard(self) -> None:
        self.files_panel.retranslate()
        self.risk_panel.retranslate()
        self.behind_panel.retranslate()
        self.drafts_panel.retranslate()
        self.notice_panel.retranslate()
        for card in self.cards.values():
            card.retranslate()
        self._refresh_tabs()
        self._refresh_banner()
        self._refresh_trend()

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
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.statusBar().showMessage(self.catalog.text("loading_files", count=len(paths)))
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
        self.progress.setValue(int(fraction * 1000))

    def _on_loaded(self, summary: Summary, demo: bool, task: worker.Task) -> None:
        if task is not self.task:
            return  # a newer load replaced this one
        if summary.cancelled:
            self.statusBar().showMessage(self.catalog.text("loading_cancelled"), 6000)
            return
        self.show_summary(summary, demo=demo)
        self.tools.offer_mappings(summary)

    def show_summary(self, summary: Summary, *, demo: bool = False) -> None:
        from seller_gui.core.drafting.facts import reference_day

        self.ensure_dashboard()
        self.summary = summary
        self.showing_demo = demo
        self.files_panel.show_batch(summary)
        self._build_cards(summary)
        self.risk_panel.show_frame(summary.at_risk)
        self.drafts_panel.set_summary(summary, reference_day(summary, demo=demo, explicit=False),
                                      inputs=[str(p) for p in self.loaded_paths])
        self.behind_panel.current = None
        self.behind_panel.model.set_frame(self.behind_panel.model.frame.iloc[0:0])
        self.trend_key = next(iter(summary.figures), None)
        self.retranslate()
        self.pages.setCurrentIndex(1)
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
        self.dashboard_ready.emit(summary)

    def _build_cards(self, summary: Summary) -> None:
        from seller_gui.ui.dashboard import AccountCard

        for card in self.cards.values():
            self.cards_row.removeWidget(card)
            card.deleteLater()
        self.cards = {}
        while self.cards_row.count():
            self.cards_row.takeAt(0)
        for key, block in summary.figures.items():
            card = AccountCard(key, self.catalog)
            card.show_block(block)
            card.figure_requested.connect(self.show_orders_behind)
            self.cards_row.addWidget(card)
            self.cards[key] = card
        self.cards_row.addStretch()

    @Slot(object)
    def _answer_notice(self, ref) -> None:
        """The notice tab's "Answer this notice": the reply draft, answering its asks point by point."""
        self.tabs.setCurrentWidget(self.drafts_panel)
        self.drafts_panel.answer_notice(ref)

    @Slot(int)
    def _focus_drafts(self, index: int) -> None:
        """Writing needs room: the drafts tab takes most of the height, the other tabs give it back."""
        total = sum(self.main_splitter.sizes())
        if self.tabs.widget(index) is self.drafts_panel:
            self.drafts_panel.activate()
            self._sizes_before_drafts = self.main_splitter.sizes()
            self.main_splitter.setSizes([int(total * 0.12), total - int(total * 0.12)])
        elif getattr(self, "_sizes_before_drafts", None):
            self.main_splitter.setSizes(self._sizes_before_drafts)
            self._sizes_before_drafts = None

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
        """A click on a figure lists the orders counted in it, and the trend follows that account."""
        if self.summary is None:
            return
        frame = self.summary.orders_behind(key, figure)
        self.behind_panel.show_orders(key, figure, frame)
        self.tabs.setCurrentWidget(self.behind_panel)
        self.trend_key = key
        self._refresh_trend()

    def _refresh_trend(self) -> None:
        t = self.catalog.text
        if self.summary is None or self.trend_key is None:
            self.trend_title.setText("")
            return
        series = self.summary.trend.get(self.trend_key)
        self.trend_title.setText(t("trend_title", account=self.formats.account(self.trend_key)))
        if series is None or series.empty:
            return
        limit = float(series["limit"].iloc[0])
        rolling = [None if r != r else float(r) for r in series["rolling_rate_upper"].tolist()]
        self.trend.set_series([d for d in series["date"].tolist()],
                              [int(v) for v in series["orders"].tolist()],
                              [int(v) for v in series["seller_cancelled"].tolist()],
                              rolling, limit,
                              (t("trend_orders"), t("trend_seller"), t("trend_rate")))

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
            self.settings.setValue("window/splitter_main", self.main_splitter.saveState())
            self.settings.setValue("window/splitter_top", self.top_splitter.saveState())
        if self.task is not None:
            self.task.cancel()
        super().closeEvent(event)
