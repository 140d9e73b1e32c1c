"""The window's tools for what the seller teaches the app and takes out of it: settings, column
mappings, cause tags, SKU alternatives, and exports. Kept apart from main_window so the window stays
about showing the analysis. The tools get a small ``ToolsContext`` (never the window) and ask for a
reload, a language, a status message or announce new settings through signals the window connects.
The tools own the seller's settings; the window asks them for the profile."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMenuBar, QMessageBox, QWidget

from seller_gui.core.analysis.rules import Rules, default_rules
from seller_gui.core.drafting.templates import ShopProfile
from seller_gui.core.errors import StoreError
from seller_gui.core.i18n import Catalog, Message
from seller_gui.core.job import Job
from seller_gui.core.storage.settings import (
    LoadedSettings,
    SellerSettings,
    SettingsError,
    SettingsFile,
    effective_rules,
)
from seller_gui.ui import worker

if TYPE_CHECKING:
    import pandas as pd

    from seller_gui.core.pipeline import Seller, Summary

log = logging.getLogger(__name__)

# Columns of each export, with the catalogue key of their heading.
AT_RISK_EXPORT = {"key": "col_marketplace", "order_id": "col_order", "reasons": "col_reasons",
                  "ship_by": "col_ship_by", "hours_left": "col_hours_left",
                  "ordered_at": "col_ordered_at", "sku": "col_sku", "item_name": "col_item",
                  "open_quantity": "col_quantity"}
ALL_ORDERS_EXPORT = {"marketplace": "col_marketplace", "shop": "col_shop", "order_id": "col_order",
                     "line_id": "col_line", "ordered_at": "col_ordered_at", "status": "col_status",
                     "cancel_cause": "col_cause", "cancel_reason": "col_reason_text",
                     "ship_by": "col_ship_by", "shipped_at": "col_shipped_at", "sku": "col_sku",
                     "item_name": "col_item", "quantity": "col_quantity", "amount": "col_amount",
                     "buyer_name": "col_buyer", "source_file": "col_file"}
# File-dialog choices: (catalogue key of the filter, format, CSV encoding)
EXPORT_KINDS = (("export_filter_xlsx", "xlsx", "utf-8-sig"), ("export_filter_csv", "csv", "utf-8-sig"),
                ("export_filter_csv_cp932", "csv", "cp932"))


@dataclass(frozen=True)
class ToolsContext:
    """What the tools need from the application, and nothing else of the window."""

    catalog: Catalog
    qsettings: QSettings  # the window state: last folders
    parent: QWidget  # for dialogs and actions
    summary: Callable[[], Summary | None]  # the figures on screen, if any
    loaded_paths: Callable[[], list[Path]]  # the files they were read from
    store_path: Path | None = None  # tags, reasons, alternatives; None keeps nothing
    mappings_path: Path | None = None  # None: unknown layouts are listed, not offered a mapping
    settings_file: SettingsFile | None = None  # None keeps the settings for this session only


class SellerTools(QObject):
    reload_requested = Signal()  # what the seller taught changes the figures: read the files again
    settings_changed = Signal(object)  # SellerSettings, once saved and in use
    language_requested = Signal(str)  # the settings chose another interface language
    status = Signal(str, int)  # a message for the status bar, and for how many milliseconds
    store_problem = Signal(object)  # Message | None: what is wrong with the local store, for the banner

    def __init__(self, context: ToolsContext) -> None:
        super().__init__(context.parent)
        self.context = context
        self.catalog = context.catalog
        loaded = (context.settings_file.load() if context.settings_file is not None
                  else LoadedSettings(SellerSettings()))
        self.settings_problem = loaded  # shown once the window is up (show_settings_problem)
        self.settings = loaded.settings
        self.base_rules: dict[str, Rules] = default_rules()
        self.export_task: worker.Task | None = None
        self.last_export: Path | None = None
        self.declined_mappings: set[Path] = set()
        self.store_unusable: Message | None = None  # the store takes no writes: its tools say so

        parent = context.parent
        self.export_risk_action = QAction(parent)
        self.export_risk_action.triggered.connect(lambda: self.choose_export("at_risk"))
        self.export_all_action = QAction(parent)
        self.export_all_action.triggered.connect(lambda: self.choose_export("all"))
        self.settings_action = QAction(parent)
        self.settings_action.triggered.connect(self.edit_settings)
        self.tagging_action = QAction(parent)
        self.tagging_action.triggered.connect(self.tag_causes)
        self.alternatives_action = QAction(parent)
        self.alternatives_action.triggered.connect(self.edit_alternatives)
        self.statuses_action = QAction(parent)
        self.statuses_action.triggered.connect(self.map_statuses)
        self.tools_menu: QMenu | None = None
        self.refresh_enabled()

    @property
    def profile(self) -> ShopProfile:
        """Who signs the drafts: part of the seller's settings, which the tools own."""
        return self.settings.profile

    # ----- what the window asks of us -----
    def add_menus(self, menu_bar: QMenuBar, file_menu: QMenu, before: QAction) -> None:
        file_menu.insertAction(before, self.export_risk_action)
        file_menu.insertAction(before, self.export_all_action)
        file_menu.insertSeparator(before)
        self.tools_menu = menu_bar.addMenu("")
        self.tools_menu.addAction(self.settings_action)
        self.tools_menu.addSeparator()
        self.tools_menu.addAction(self.tagging_action)
        self.tools_menu.addAction(self.alternatives_action)
        self.tools_menu.addAction(self.statuses_action)

    def retranslate(self) -> None:
        t = self.catalog.text
        self.export_risk_action.setText(t("action_export_at_risk"))
        self.export_all_action.setText(t("action_export_all"))
        self.settings_action.setText(t("action_settings"))
        self.tagging_action.setText(t("action_cause_tagging"))
        self.alternatives_action.setText(t("action_alternatives"))
        self.statuses_action.setText(t("action_statuses"))
        if self.tools_menu is not None:
            self.tools_menu.setTitle(t("menu_tools"))

    def refresh_enabled(self) -> None:
        summary = self.context.summary()
        has_orders = summary is not None and bool(summary.files)
        has_store = self.context.store_path is not None
        self.export_risk_action.setEnabled(has_orders)
        self.export_all_action.setEnabled(has_orders)
        self.tagging_action.setEnabled(has_orders and has_store)
        self.alternatives_action.setEnabled(has_store)
        self.statuses_action.setEnabled(has_store)

    def rules(self) -> dict[str, Rules]:
        """The rules every load uses: the profiles with the seller's own values."""
        return effective_rules(self.base_rules, self.settings)

    def seller(self) -> Seller:
        """What the seller taught the tool, as every load and export reads it."""
        from seller_gui.core.pipeline import Seller

        return Seller(settings=self.settings, store_path=self.context.store_path,
                      mappings_path=self.context.mappings_path, base_rules=self.base_rules)

    def show_settings_problem(self) -> None:
        problem = self.settings_problem
        if problem.problem is None:
            return
        backup = str(problem.backup) if problem.backup is not None else "-"
        QMessageBox.warning(self.context.parent, self.catalog.text("settings_title"),
                            self.catalog.text("settings_reset_warning", backup=backup))

    def language_chosen(self, language: str) -> None:
        """The View menu changed the language: remember it with the other settings."""
        if self.settings.language != language:
            self.settings.language = language
            self._save_quietly()

    def _save_quietly(self) -> None:
        if self.context.settings_file is None:
            return
        try:
            self.context.settings_file.save(self.settings)
        except SettingsError as error:
            log.warning("Settings not saved: %s", type(error).__name__)
            self.status.emit(self.catalog.text("settings_save_failed", detail=str(error)), 10000)

    # ----- settings -----
    @Slot()
    def edit_settings(self) -> None:
        from seller_gui.ui.settings_dialog import SettingsDialog

        def save(settings: SellerSettings) -> None:
            if self.context.settings_file is not None:
                self.context.settings_file.save(settings)

        chosen = SettingsDialog.ask(self.context.parent, self.catalog, self.settings, self.base_rules, save)
        if chosen is not None:
            self.apply_settings(chosen)

    def apply_settings(self, settings: SellerSettings) -> None:
        """Use saved settings at once: language, the drafts' signature, and the rules (by reloading)."""
        rules_changed = settings.rule_overrides != self.settings.rule_overrides
        self.settings = settings
        if settings.language is not None and settings.language != self.catalog.language:
            self.language_requested.emit(settings.language)
        self.settings_changed.emit(settings)
        if rules_changed:
            self.reload_requested.emit()

    # ----- column mappings -----
    def offer_mappings(self, summary: Summary) -> bool:
        """Ask for the columns of each file of unknown layout; reload when one was saved."""
        if self.context.mappings_path is None:
            return False
        from seller_gui.core.storage.mappings import MappingStore
        from seller_gui.ui.mapping_dialog import MappingDialog

        store = MappingStore(self.context.mappings_path)
        saved = False
        for failure in summary.failures:
            if failure.kind != "unknown_layout" or failure.path in self.declined_mappings:
                continue
            if MappingDialog.ask(self.context.parent, self.catalog, failure.path, store) is None:
                self.declined_mappings.add(failure.path)  # asked once per session, not at every reload
            else:
                saved = True
        if saved:
            self.reload_requested.emit()
        return saved

    # ----- the local store -----
    @Slot()
    def check_store(self) -> None:
        """At start: open the store (creating, upgrading or recovering it) and tell the window what is
        wrong; remove what a killed save of the mappings left."""
        if self.context.mappings_path is not None:
            from seller_gui.core.storage.mappings import MappingStore

            MappingStore(self.context.mappings_path).tidy()
        if self.context.store_path is None:
            return
        from seller_gui.core.storage.store import DAMAGED, check_store

        problem = check_store(self.context.store_path)
        self.store_unusable = problem.message if problem is not None and problem.kind != DAMAGED else None
        self.store_problem.emit(problem.message if problem is not None else None)

    def store_failed(self, error: StoreError) -> None:
        """A store tool met a problem: say it in the seller's words, here and in the banner."""
        message = getattr(error, "message", None)
        if not isinstance(message, Message):
            message = Message("store_unwritable", {"path": str(self.context.store_path), "backup": "",
                                                   "count": 0})
        self.store_unusable = message
        self.store_problem.emit(message)
        QMessageBox.warning(self.context.parent, self.catalog.text("store_problem_title"),
                            self.catalog.explain(message))

    def _store_usable(self) -> bool:
        if self.store_unusable is None:
            return True
        QMessageBox.information(self.context.parent, self.catalog.text("store_problem_title"),
                                self.catalog.explain(self.store_unusable))
        return False

    # ----- cause tags and alternatives -----
    @Slot()
    def tag_causes(self) -> None:
        from seller_gui.ui.tagging import TaggingDialog

        summary, store_path = self.context.summary(), self.context.store_path
        if summary is None or store_path is None or not self._store_usable():
            return
        TaggingDialog.ask(self.context.parent, self.catalog, summary, store_path,
                          on_saved=self.reload_requested.emit)

    @Slot()
    def edit_alternatives(self) -> None:
        from seller_gui.ui.alternatives_dialog import AlternativesDialog

        if self.context.store_path is None or not self._store_usable():
            return
        summary = self.context.summary()
        skus: set[str] = set()
        if summary is not None:
            for frame in (summary.at_risk, *summary.behind.values()):
                if "sku" in frame:
                    skus.update(str(s) for s in frame["sku"].dropna() if str(s).strip())
        try:
            AlternativesDialog.ask(self.context.parent, self.catalog, self.context.store_path,
                                   sorted(skus))
        except StoreError as error:  # the store could not be read to fill the dialog
            self.store_failed(error)

    # ----- status meanings -----
    def unknown_statuses(self) -> dict[str, tuple[str, ...]]:
        """Per marketplace, the status values of the files on screen that no one knows yet."""
        summary = self.context.summary()
        found: dict[str, dict[str, None]] = {}
        for info in summary.order_files if summary is not None else []:
            found.setdefault(info.marketplace, {}).update(dict.fromkeys(info.unknown_statuses))
        return {m: tuple(values) for m, values in found.items() if values}

    @Slot()
    def map_statuses(self) -> None:
        """Ask what each unknown status means; once saved, every read (and the command line) uses it."""
        from seller_gui.ui.status_dialog import StatusDialog

        if self.context.store_path is None or not self._store_usable():
            return
        try:
            saved = StatusDialog.ask(self.context.parent, self.catalog, self.context.store_path,
                                     self.unknown_statuses())
        except StoreError as error:  # the store could not be read to fill the dialog
            self.store_failed(error)
            return
        if saved:
            self.status.emit(self.catalog.text("statuses_saved", count=saved), 5000)
            self.reload_requested.emit()

    # ----- exports -----
    @Slot()
    def choose_export(self, what: str) -> None:
        t = self.catalog.text
        filters = [t(key) for key, _, _ in EXPORT_KINDS]
        start = str(self.context.qsettings.value("files/export_dir", str(Path.home())))
        default = Path(start) / t("export_default_name_at_risk" if what == "at_risk"
                                  else "export_default_name_all")
        name, chosen = QFileDialog.getSaveFileName(
            self.context.parent, t("action_export_at_risk" if what == "at_risk" else "action_export_all"),
            str(default) + ".xlsx", ";;".join(filters))
        if not name:
            return
        _, fmt, encoding = EXPORT_KINDS[filters.index(chosen)] if chosen in filters else EXPORT_KINDS[0]
        target = Path(name)
        if target.suffix.lower() != f".{fmt}":
            target = target.with_suffix(f".{fmt}")
        self.context.qsettings.setValue("files/export_dir", str(target.parent))
        self.export(what, target, fmt, encoding)

    def export(self, what: str, target: Path, fmt: str, encoding: str = "utf-8-sig") -> None:
        """Write the at-risk list (at once) or all orders (read again off the GUI thread)."""
        import pandas as pd

        from seller_gui.core.pipeline import analyse, read

        inputs = list(self.context.loaded_paths())
        if what == "at_risk":
            summary = self.context.summary()
            frame = summary.at_risk if summary is not None else pd.DataFrame()
            self._write(self._prepared(frame, AT_RISK_EXPORT), target, fmt, encoding, inputs)
            return
        paths, seller = list(inputs), self.seller()
        task = worker.Task(lambda progress, cancel: analyse(
            read(paths, seller, Job(progress, cancel)), seller).lines_with_causes())
        task.signals.result.connect(
            lambda lines: self._write(self._prepared(lines, ALL_ORDERS_EXPORT), target, fmt, encoding,
                                      inputs))
        task.signals.error.connect(self._raise)
        self.export_task = task
        self.status.emit(self.catalog.text("export_reading"), 0)
        worker.start(task)

    def _prepared(self, frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
        from seller_gui.ui.dashboard import Formats

        t = self.catalog.text
        present = [c for c in columns if c in frame.columns]
        frame = frame[present].copy()
        if "key" in frame:
            frame["key"] = frame["key"].map(Formats(self.catalog).account)
        if "marketplace" in frame:
            frame["marketplace"] = frame["marketplace"].map(lambda m: t(f"marketplace_{m}"))
        if "status" in frame:
            frame["status"] = frame["status"].map(lambda v: t(f"line_{v}") if v else "")
        if "cancel_cause" in frame:
            frame["cancel_cause"] = frame["cancel_cause"].map(lambda v: t(f"cause_{v}") if v else "")
        if "reasons" in frame:
            frame["reasons"] = frame["reasons"].map(lambda codes: ", ".join(t(f"reason_{c}") for c in codes))
        if "hours_left" in frame:
            frame["hours_left"] = frame["hours_left"].round(1)
        return frame.rename(columns={c: t(columns[c]) for c in present})

    def _write(self, frame: pd.DataFrame, target: Path, fmt: str, encoding: str,
               inputs: list[Path]) -> None:
        from seller_gui.core.storage.export import ExportError, export_frame

        t = self.catalog.text
        try:
            export_frame(frame, target, fmt=fmt, encoding=encoding, inputs=inputs)
        except ExportError as error:
            log.warning("Export refused or failed: %s", error.kind)
            QMessageBox.warning(self.context.parent, t("export_failed_title"),
                                t(f"export_error_{error.kind}", file=target.name))
            return
        self.last_export = target
        self.status.emit(t("export_done", file=str(target), rows=len(frame)), 10000)

    @staticmethod
    def _raise(error: BaseException) -> None:
        raise error  # a bug in reading again: the crash path shows it
