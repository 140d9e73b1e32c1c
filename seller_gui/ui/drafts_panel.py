"""The drafts panel: pick a kind, tick causes and measures, fill what the tool cannot know, edit, copy.

Facts come from core (drafting.facts), wording from the templates. The panel shows the Japanese
text, editable, beside its gloss in a language the seller picks (中文 / English / none), and puts plain
text on the clipboard. Nothing is ticked for the seller: data-backed causes are shown as suggestions
with their evidence. The seller's work is never lost: an edited draft keeps its text through ticks,
tags, reloads and language switches until the seller asks for it to be regenerated; the fields that
ask for missing values are made once and never deleted (one deleted inside its own editingFinished
crashed the app).

Nothing is read, compiled or rendered until the seller first opens the tab (``activate``): the
templates and Jinja cost a few hundred milliseconds that start-up should not pay for a hidden tab.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from seller_gui.core.drafting.templates import (
    CHECKLISTS,
    KINDS,
    Alternative,
    Draft,
    NoticeRef,
    ShopProfile,
    Tick,
    format_param,
    load_templates,
    parse_param,
)
from seller_gui.core.i18n import Catalog
from seller_gui.core.pipeline import OrderKey, Summary
from seller_gui.ui.dashboard import Formats

if TYPE_CHECKING:
    import pandas as pd

    from seller_gui.core.drafting.facts import ReplyChoices

log = logging.getLogger(__name__)

# Values the panel asks for in a text field when the tool does not know them (missing_fields' paths).
DATE_FIELDS = ("reply_by", "new_ship_date", "expected_arrival", "restock_date", "ship_by")
# Fields a kind shows even when nothing is missing: the seller may add or change them.
OPTIONAL_FIELDS = {"stockout": ("restock_date", "reply_by")}
# What the status line says for a missing choice the panel's own controls supply.
NEED_WORDS = {"causes": "draft_need_causes", "measures": "draft_need_measures",
              "actions": "draft_need_actions", "reason": "draft_need_reason",
              "unknown_causes": "draft_need_unknown", "seller_cancel_rate": "draft_need_orders"}
GLOSSES = ("zh", "en", "none")


def _askable(name: str) -> bool:
    return name.startswith(("shop.", "ask.")) or name in DATE_FIELDS or name in ("amount",)


def _parse_date(text: str) -> date:
    return date.fromisoformat(text.strip().replace("/", "-"))


def apply_answers(facts, answers: dict[str, str]):
    """Facts with the seller's typed answers put in (dates as YYYY-MM-DD; amounts in yen; answers to a
    notice's asks as ``ask.<code>``). Raises ValueError for a value not in its form."""
    shop = facts.shop
    changes: dict[str, Any] = {}
    ask_answers = dict(getattr(facts, "ask_answers", {}) or {})
    for name, text in answers.items():
        text = text.strip()
        if not text:
            continue
        if name.startswith("shop."):
            shop = replace(shop, **{name.split(".", 1)[1]: text})
        elif name.startswith("ask."):
            ask_answers[name[4:]] = text
        elif name in DATE_FIELDS:
            if hasattr(facts, name):
                changes[name] = _parse_date(text)
                if name == "restock_date":  # a restock date given means restock is offered
                    changes["offer_restock"] = True
        elif name == "amount":
            if hasattr(facts, name):
                changes[name] = int(text.replace(",", "").replace("円", "").replace("¥", ""))
        elif hasattr(facts, name):
            changes[name] = text
    if hasattr(facts, "ask_answers"):
        changes["ask_answers"] = ask_answers
    return replace(facts, shop=shop, **changes)


class ChecklistWidget(QListWidget):
    """Tick boxes whose whole line toggles: a click on the text ticks as a click on the box does."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self._pressed: tuple[QListWidgetItem | None, Qt.CheckState | None] = (None, None)
        self.itemPressed.connect(self._remember_press)
        self.itemClicked.connect(self._toggle_on_label)

    @Slot(QListWidgetItem)
    def _remember_press(self, item: QListWidgetItem) -> None:
        self._pressed = (item, item.checkState())

    @Slot(QListWidgetItem)
    def _toggle_on_label(self, item: QListWidgetItem) -> None:
        pressed, state = self._pressed
        self._pressed = (None, None)
        if pressed is item and item.checkState() == state:  # the box itself did not toggle it
            item.setCheckState(Qt.CheckState.Unchecked if state == Qt.CheckState.Checked
                               else Qt.CheckState.Checked)

    def checked_ids(self) -> set[str]:
        return {self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked}

    def item_for(self, item_id: str) -> QListWidgetItem | None:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == item_id:
                return self.item(i)
        return None


class DraftsPanel(QWidget):
    tagging_requested = Signal()  # the seller wants to tag the causes of the cancellations

    def __init__(self, catalog: Catalog, shop_profile: Callable[[], ShopProfile],
                 clipboard: Callable[[str], None] | None = None,
                 alternatives: Callable[[str], list[Alternative]] = lambda sku: []) -> None:
        super().__init__()
        self.catalog = catalog
        self.shop_profile = shop_profile
        self.alternatives = alternatives  # SKU -> items offered instead, for out-of-stock notices
        self.clipboard = clipboard or (lambda text: QGuiApplication.clipboard().setText(text))
        self.formats = Formats(catalog)
        self.summary: Summary | None = None
        self.today = date.today()
        self.orders: list[OrderKey] = []  # chosen in the at-risk list
        self.inputs: list[str] = []  # loaded files: a mail-merge export never overwrites one
        self.active = False  # set when the tab is first shown; until then nothing is rendered
        self.notice: NoticeRef | None = None  # the marketplace notice the reply answers

        # The seller's work, kept apart from the widgets so reloads and language switches keep it.
        self.ticked: dict[str, set[str]] = {name: set() for name in CHECKLISTS}
        self.values: dict[tuple[str, str], Any] = {}  # (item id, param) -> value, once edited
        self.reasons: dict[str, str] = {}  # kind -> reason id chosen
        self.payment_choice = ""
        self.gloss_pick: str | None = None  # None: follow the interface (English UI: English, else 中文)
        self.drafts: list[Draft] = []  # the drafts that are complete
        self.entries: list[tuple[str, Draft | None]] = []  # (draft id, draft or None while incomplete)
        self.generated: dict[str, str] = {}  # draft id -> its text as the templates make it now
        self.edited: dict[str, str] = {}  # draft id -> the seller's own text
        self.edited_from: dict[str, str] = {}  # draft id -> the generated text the edit started from
        self.answers: dict[str, QLineEdit] = {}  # the fields on show, by the value they ask for
        self._fields: dict[str, QLineEdit] = {}  # every field ever made: hidden, never deleted
        self._asked: dict[str, set[str]] = {}  # kind -> values asked for so far (stay on show)
        self._param_fields: dict[tuple[str, str], QLineEdit] = {}
        self._suggestions: dict[str, str] = {}  # cause id -> evidence words, for the current account
        self._missing: list[str] = []

        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem("", kind)
        self.account = QComboBox()
        self.reason = QComboBox()
        self.payment = QComboBox()
        self.gloss_choice = QComboBox()
        for code in GLOSSES:
            self.gloss_choice.addItem("", code)
        self.scope = QLabel()
        self.scope.setWordWrap(True)

        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_clear = QPushButton()
        self.notice_clear.clicked.connect(self.clear_notice)
        self.notice_box = QWidget()
        notice_layout = QVBoxLayout(self.notice_box)
        notice_layout.setContentsMargins(0, 0, 0, 0)
        notice_layout.addWidget(self.notice_label)
        notice_layout.addWidget(self.notice_clear, 0, Qt.AlignmentFlag.AlignLeft)
        self.notice_box.setVisible(False)

        self.unknown_label = QLabel()
        self.unknown_label.setObjectName("draftUnknown")
        self.unknown_label.setWordWrap(True)
        self.tag_button = QPushButton()
        self.tag_button.setObjectName("draftTagCauses")
        self.tag_button.clicked.connect(self.tagging_requested.emit)
        self.investigating = QCheckBox()
        self.investigating.setObjectName("draftInvestigating")
        self.investigating.toggled.connect(self._refresh)
        self.unknown_box = QWidget()
        unknown_layout = QVBoxLayout(self.unknown_box)
        unknown_layout.setContentsMargins(0, 0, 0, 0)
        unknown_layout.addWidget(self.unknown_label)
        unknown_layout.addWidget(self.tag_button, 0, Qt.AlignmentFlag.AlignLeft)
        unknown_layout.addWidget(self.investigating)  # under the button: the panel stays narrow
        self.unknown_box.setVisible(False)

        self.lists: dict[str, ChecklistWidget] = {name: ChecklistWidget() for name in CHECKLISTS}
        self.checklist_tabs = QTabWidget()
        for widget in self.lists.values():
            self.checklist_tabs.addTab(widget, "")
            widget.itemChanged.connect(self._ticks_changed)
        self.values_title = QLabel()
        self.values_title.setWordWrap(True)
        self.values_form = QFormLayout()
        self.values_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.values_box = QWidget()
        values_layout = QVBoxLayout(self.values_box)
        values_layout.setContentsMargins(0, 0, 0, 0)
        values_layout.addWidget(self.values_title)
        values_layout.addLayout(self.values_form)
        self.values_box.setVisible(False)
        self.asks = QFormLayout()
        # a long question ("Answer to 'Telling buyers promptly…'") above its field, never squeezing it
        self.asks.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.asks_box = QWidget()
        self.asks_box.setLayout(self.asks)
        self.asks_title = QLabel()
        self.asks_title.setWordWrap(True)
        self.asks_title.setVisible(False)
        self.make_button = QPushButton()
        self.make_button.setObjectName("draftRegenerate")
        self.make_button.clicked.connect(self.regenerate)

        self.draft_list = QComboBox()  # one entry per draft (per order for notices)
        self.draft_list.currentIndexChanged.connect(self._show_draft)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("draftEditor")
        self.editor.setTabChangesFocus(True)  # Tab moves on, as everywhere else in the window
        self.editor.textChanged.connect(self._remember_edit)
        self.gloss = QTextBrowser()
        self.gloss.setObjectName("draftGloss")
        self.copy_button = QPushButton()
        self.copy_all_button = QPushButton()
        self.export_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_current)
        self.copy_all_button.clicked.connect(self.copy_all)
        self.export_button.clicked.connect(self.export_csv)
        self.edits_note = QLabel()
        self.edits_note.setObjectName("draftEditsKept")
        self.edits_note.setWordWrap(True)
        self.edits_note.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)

        controls = QVBoxLayout()
        top = QFormLayout()
        self.kind_label, self.account_label, self.reason_label = QLabel(), QLabel(), QLabel()
        self.payment_label, self.gloss_label = QLabel(), QLabel()
        top.addRow(self.kind_label, self.kind)
        top.addRow(self.account_label, self.account)
        top.addRow(self.reason_label, self.reason)
        top.addRow(self.payment_label, self.payment)
        top.addRow(self.gloss_label, self.gloss_choice)
        self.top_form = top
        controls.addLayout(top)
        controls.addWidget(self.scope)
        controls.addWidget(self.notice_box)
        controls.addWidget(self.unknown_box)
        controls.addWidget(self.checklist_tabs, 1)
        controls.addWidget(self.values_box)
        controls.addWidget(self.asks_title)
        controls.addWidget(self.asks_box)
        controls.addStretch()  # the room the checklists leave when a notice hides them
        controls.addWidget(self.make_button)
        self.checklist_tabs.setMinimumHeight(140)  # a few items in sight on a 640-pixel screen
        controls_page = QWidget()
        controls_page.setLayout(controls)
        left = QScrollArea()  # on a short screen the choices scroll rather than squeeze
        left.setObjectName("draftChoices")
        left.setWidgetResizable(True)
        left.setFrameShape(QFrame.Shape.NoFrame)
        left.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left.setWidget(controls_page)

        text_split = QSplitter(Qt.Orientation.Horizontal)
        text_split.addWidget(self.editor)
        text_split.addWidget(self.gloss)
        buttons = QHBoxLayout()
        for button in (self.copy_button, self.copy_all_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch()
        right_layout = QVBoxLayout()
        right_layout.addWidget(self.draft_list)
        right_layout.addWidget(text_split, 1)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.edits_note)
        right_layout.addWidget(self.status)
        right = QWidget()
        right.setLayout(right_layout)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setSizes([400, 880])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.account.currentIndexChanged.connect(self._account_changed)
        self.reason.currentIndexChanged.connect(self._reason_chosen)
        self.payment.currentIndexChanged.connect(self._payment_chosen)
        self.gloss_choice.currentIndexChanged.connect(self._gloss_chosen)
        self.retranslate()

    # ----- inputs from the window -----
    def set_summary(self, summary: Summary, today: date, inputs: list[str] | None = None) -> None:
        """New figures (a load, a reload after tagging): choices, edits and chosen orders stay."""
        self.summary, self.today, self.inputs = summary, today, list(inputs or [])
        current = self.account.currentData()
        self.account.blockSignals(True)
        self.account.clear()
        for key in summary.figures:
            self.account.addItem(self.formats.account(key), key)
        index = self.account.findData(current) if current is not None else -1
        self.account.setCurrentIndex(max(index, 0) if self.account.count() else -1)
        self.account.blockSignals(False)
        self.orders = [o for o in self.orders if len(summary.lines_of(o))]
        self._fill_checklists()

    def set_orders(self, orders: list[OrderKey]) -> None:
        self.orders = list(orders)
        if self.current_kind() != "reply":
            self._refresh()

    def activate(self) -> None:
        """The tab is on screen: from now on the panel keeps its lists and drafts current."""
        if not self.active:
            self.active = True
            self._fill_checklists()

    def refresh_drafts(self) -> None:
        """Draw the drafts again, e.g. with a new signature (edited drafts keep their text)."""
        self._refresh()

    def answer_notice(self, ref: NoticeRef) -> None:
        """Switch to the reply answering ``ref`` point by point (the notice tab calls this)."""
        self.notice = ref
        for index in range(self.account.count()):
            if str(self.account.itemData(index)).split("/")[0] == ref.marketplace:
                self.account.setCurrentIndex(index)
                break
        self.activate()
        if self.current_kind() != "reply":
            self.kind.setCurrentIndex(self.kind.findData("reply"))  # refreshes
        else:
            self._refresh()

    @Slot()
    def clear_notice(self) -> None:
        self.notice = None
        self._refresh()

    def showEvent(self, event) -> None:
        self.activate()
        super().showEvent(event)

    def current_kind(self) -> str:
        return self.kind.currentData()

    def current_marketplace(self) -> str:
        key = self.account.currentData()
        return str(key).split("/")[0] if key else "generic"

    # ----- words -----
    def retranslate(self) -> None:
        t = self.catalog.text
        for index in range(self.kind.count()):
            self.kind.setItemText(index, t(f"draft_kind_{self.kind.itemData(index)}"))
        self.kind_label.setText(t("draft_kind"))
        self.account_label.setText(t("col_marketplace"))
        self.reason_label.setText(t("draft_reason"))
        self.payment_label.setText(t("ask_payment_method"))
        self.gloss_label.setText(t("draft_gloss_language"))
        self.gloss_choice.blockSignals(True)
        for index, code in enumerate(GLOSSES):
            self.gloss_choice.setItemText(index, {"zh": "中文", "en": "English"}.get(code) or t("draft_gloss_none"))
        self.gloss_choice.setCurrentIndex(GLOSSES.index(self.gloss_language()))
        self.gloss_choice.blockSignals(False)
        for index, name in enumerate(self.lists):
            self.checklist_tabs.setTabText(index, t(f"draft_list_{name}"))
        self.asks_title.setText(t("draft_asks"))
        self.values_title.setText(t("draft_values"))
        self.tag_button.setText(t("draft_tag_causes"))
        self.investigating.setText(t("draft_investigating"))
        self.notice_clear.setText(t("draft_notice_clear"))
        for name, edit in self._fields.items():
            label = self.asks.labelForField(edit)
            if label is not None:
                label.setText(self._ask_label(name))
        for (_item_id, param), edit in self._param_fields.items():
            label = self.values_form.labelForField(edit)
            if label is not None:
                label.setText(t(f"draft_param_{param}"))
        if self.summary is not None:
            for index in range(self.account.count()):
                self.account.setItemText(index, self.formats.account(self.account.itemData(index)))
        self.copy_button.setText(t("draft_copy"))
        self.copy_all_button.setText(t("draft_copy_all"))
        self.export_button.setText(t("draft_export"))
        self._fill_checklists()

    def gloss_language(self) -> str:
        """The gloss shown beside the Japanese: the seller's pick, else the interface's language."""
        if self.gloss_pick is not None:
            return self.gloss_pick
        return "en" if self.catalog.language == "en" else "zh"

    def label_language(self) -> str:
        """Checklist labels in the interface's language (Japanese interface: Japanese)."""
        return self.catalog.language if self.catalog.language in ("zh", "ja", "en") else "en"

    # ----- choices -----
    @Slot()
    def _kind_changed(self) -> None:
        if not self.active:
            return
        kind = self.current_kind()
        reply = kind == "reply"
        for widget in (self.account, self.account_label, self.checklist_tabs):
            widget.setVisible(reply)
        templates = load_templates()
        lang = self.label_language()
        self.reason.blockSignals(True)
        self.reason.clear()
        choices = templates.kinds[kind].choices.get("reason", {})
        if choices:
            self.reason.addItem(self.catalog.text("draft_choose"), "")
            for reason_id, text in choices.items():
                self.reason.addItem(text[lang], reason_id)
            self.reason.setCurrentIndex(max(0, self.reason.findData(self.reasons.get(kind, ""))))
        self.reason.blockSignals(False)
        self.top_form.setRowVisible(self.reason, bool(choices))
        self.payment.blockSignals(True)
        self.payment.clear()
        payments = templates.kinds[kind].choices.get("payment_method", {})
        if payments:
            self.payment.addItem(self.catalog.text("draft_choose"), "")
            for method_id, text in payments.items():
                self.payment.addItem(self._short(text[lang]), method_id)
            self.payment.setCurrentIndex(max(0, self.payment.findData(self.payment_choice)))
        self.payment.blockSignals(False)
        self.top_form.setRowVisible(self.payment, bool(payments))
        self._refresh()

    @staticmethod
    def _short(text: str) -> str:
        return text.split("につきましては")[0].split("，")[0].split(", ")[0].split("的，")[0]

    @Slot()
    def _reason_chosen(self) -> None:
        self.reasons[self.current_kind()] = self.reason.currentData() or ""
        self._refresh()

    @Slot()
    def _payment_chosen(self) -> None:
        self.payment_choice = self.payment.currentData() or ""
        self._refresh()

    @Slot()
    def _gloss_chosen(self) -> None:
        self.gloss_pick = self.gloss_choice.currentData()
        self._show_draft(self.draft_list.currentIndex())

    @Slot()
    def _account_changed(self) -> None:
        self._fill_checklists()

    @Slot()
    def _fill_checklists(self) -> None:
        """The tick boxes for the current marketplace, labelled in the interface's language with the
        values filled in; the seller's ticks kept; the data's suggestions shown, never ticked."""
        if not self.active:
            return
        from seller_gui.core.drafting.facts import cause_suggestions
        from seller_gui.core.drafting.render import checklist

        key = self.account.currentData()
        self._suggestions = {}
        if self.summary is not None and key is not None:
            for suggestion in cause_suggestions(self.summary, key):
                self._suggestions[suggestion.cause] = self._separator().join(
                    self.catalog.text(f"draft_evidence_{e.kind}", value=e.value, count=e.count)
                    for e in suggestion.evidence)
        marketplace = self.current_marketplace()
        for name, widget in self.lists.items():
            widget.blockSignals(True)
            widget.clear()
            for item in checklist(name, marketplace):
                entry = QListWidgetItem()
                entry.setData(Qt.ItemDataRole.UserRole, item.id)
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                entry.setCheckState(Qt.CheckState.Checked if item.id in self.ticked[name]
                                    else Qt.CheckState.Unchecked)
                widget.addItem(entry)
            widget.blockSignals(False)
        self._label_checklists()
        self._kind_changed()

    def _item_values(self, item) -> dict[str, Any]:
        return {p: self.values.get((item.id, p), item.defaults.get(p)) for p in item.params}

    def _label_checklists(self) -> None:
        from seller_gui.core.drafting.render import checklist_label

        templates = load_templates()
        lang = self.label_language()
        person = self.shop_profile().person if self.summary is not None else ""
        marketplace = self.current_marketplace()
        for name, widget in self.lists.items():
            widget.blockSignals(True)
            for i in range(widget.count()):
                entry = widget.item(i)
                item = templates.checklists.item(name, entry.data(Qt.ItemDataRole.UserRole))
                text = checklist_label(item, lang, marketplace, self._item_values(item), person)
                evidence = self._suggestions.get(item.id) if name == "causes" else None
                if evidence:
                    text += "\n    " + self.catalog.text("draft_suggested", evidence=evidence)
                entry.setText(text)
                entry.setToolTip(checklist_label(item, "ja", marketplace, self._item_values(item), person))
            widget.blockSignals(False)
        self._show_values()

    def _show_values(self) -> None:
        """One editable field per value of a ticked item (minutes, units, time, days, target)."""
        templates = load_templates()
        shown = False
        for name in ("measures", "monitoring"):
            for item in getattr(templates.checklists, name):
                for param in item.params:
                    edit = self._param_fields.get((item.id, param))
                    if edit is None:
                        edit = QLineEdit()
                        edit.setObjectName(f"param_{item.id}_{param}")
                        edit.editingFinished.connect(self._values_edited, Qt.ConnectionType.QueuedConnection)
                        self.values_form.addRow(self.catalog.text(f"draft_param_{param}"), edit)
                        self._param_fields[(item.id, param)] = edit
                    visible = item.id in self.ticked[name] and self.lists[name].item_for(item.id) is not None
                    if not edit.hasFocus():
                        edit.setText(format_param(param, self._item_values(item)[param]))
                    self.values_form.setRowVisible(edit, visible)
                    shown = shown or visible
        self.values_box.setVisible(shown and self.current_kind() == "reply")

    @Slot()
    def _values_edited(self) -> None:
        bad = False
        for (item_id, param), edit in self._param_fields.items():
            try:
                value = parse_param(param, edit.text())
            except ValueError:
                bad = bad or edit.isVisible()
                continue
            self.values[(item_id, param)] = value
        self._label_checklists()
        self._refresh()
        if bad:
            self.status.setText(self.catalog.text("draft_bad_value"))

    @Slot()
    def _ticks_changed(self) -> None:
        for name, widget in self.lists.items():
            shown = {widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())}
            self.ticked[name] = (self.ticked[name] - shown) | widget.checked_ids()
        self._show_values()
        self._refresh()

    def _choices(self) -> ReplyChoices:
        from seller_gui.core.drafting.facts import ReplyChoices

        def ticked(name: str) -> list[str]:
            widget = self.lists[name]
            return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
                    if widget.item(i).data(Qt.ItemDataRole.UserRole) in self.ticked[name]]

        templates = load_templates()

        def ticks(name: str) -> list[Tick]:
            return [Tick(item_id, None, self._item_values(templates.checklists.item(name, item_id)))
                    for item_id in ticked(name)]

        return ReplyChoices(ticked("causes"), ticked("actions"), ticks("measures"), ticks("monitoring"),
                            self.investigating.isChecked())

    # ----- making drafts -----
    def _facts(self) -> list[tuple[str, Any]]:
        """(draft id, facts) for every draft of the current kind."""
        if self.summary is None or not self.summary.figures:
            return []
        from seller_gui.core.drafting.facts import notice_facts, reply_facts

        shop = self.shop_profile()
        kind = self.current_kind()
        if kind == "reply":
            key = self.account.currentData()
            if key is None:
                return []
            notice = self.notice if self.notice and self.notice.marketplace == key.split("/")[0] else None
            return [(f"reply|{key}", reply_facts(self.summary, key, shop, today=self.today,
                                                 choices=self._choices(), notice=notice))]
        facts = []
        for order in self.orders:
            lines = self.summary.lines_of(order)
            if len(lines):
                skus = [str(sku) for sku in dict.fromkeys(lines["sku"]) if str(sku)]
                offered = [alt for sku in skus for alt in self.alternatives(sku)]
                one = notice_facts(kind, lines, shop, today=self.today, alternatives=offered)
                one = replace(one, reason=self.reasons.get(kind, ""),
                              payment_method=self.payment_choice or one.payment_method)
                facts.append((f"{kind}|{order.marketplace}|{order.shop}|{order.order_id}", one))
        return facts

    @Slot()
    def _refresh(self) -> None:
        if not self.active:
            return
        from seller_gui.core.drafting.render import missing_fields, render

        t = self.catalog.text
        kind = self.current_kind()
        self.scope.setText(t("draft_scope_reply") if kind == "reply"
                           else t("draft_scope_orders", count=len(self.orders)))
        self._show_notice(kind)
        self._show_unknown(kind)
        answers = {name: edit.text() for name, edit in self._fields.items()}
        try:
            pairs = [(draft_id, apply_answers(f, answers)) for draft_id, f in self._facts()]
            missing_each = [missing_fields(kind, f) for _, f in pairs]
        except ValueError:
            self.status.setText(t("draft_bad_value"))
            return
        missing = list(dict.fromkeys(m for each in missing_each for m in each))
        self._missing = missing
        self._ask_for(kind, missing + [o for o in OPTIONAL_FIELDS.get(kind, ()) if pairs and o not in missing])
        self.entries = []
        self.generated = {}
        for (draft_id, facts), lacking in zip(pairs, missing_each, strict=True):
            draft = render(kind, facts) if not lacking else None
            self.entries.append((draft_id, draft))
            if draft is not None:
                self.generated[draft_id] = f"{draft.subject}\n\n{draft.body}"
        self.drafts = [d for _, d in self.entries if d is not None]
        current = self._current_id()
        self.draft_list.blockSignals(True)
        self.draft_list.clear()
        for draft_id, draft in self.entries:
            self.draft_list.addItem(draft.subject if draft else self._entry_name(draft_id), draft_id)
        row = max(0, self.draft_list.findData(current)) if self.entries else -1
        self.draft_list.setCurrentIndex(row)
        self.draft_list.blockSignals(False)
        self._show_draft(row)
        self._show_status(missing)

    def _separator(self) -> str:
        return "; " if self.catalog.language == "en" else "；"

    def _entry_name(self, draft_id: str) -> str:
        """An incomplete draft in the list: the kind with its account or order."""
        kind, *rest = draft_id.split("|")
        what = self.formats.account(rest[0]) if kind == "reply" else rest[-1]
        return f"{self.catalog.text(f'draft_kind_{kind}')}: {what}"

    def _current_id(self) -> str | None:
        row = self.draft_list.currentIndex()
        return self.draft_list.itemData(row) if row >= 0 else None

    def _show_status(self, missing: list[str]) -> None:
        t = self.catalog.text
        if self.drafts and not missing:
            text = t("draft_ready", count=len(self.drafts))
        elif missing:
            needs = [t(NEED_WORDS[m]) for m in missing if m in NEED_WORDS]
            if any(_askable(m) or "[" in m or m == "payment_method" for m in missing):
                needs.append(t("draft_need_values_list"))
            text = t("draft_need_choices", what=self._separator().join(dict.fromkeys(needs)))
        else:
            text = t("draft_pick_orders")
        stale = self._stale_days()
        if stale is not None:
            text += " " + t("draft_stale_period", end=stale[0].isoformat(), days=stale[1])
        self.status.setText(text)
        # an empty editor would look broken: until the draft can be written it says what it waits for
        self.editor.setPlaceholderText("" if self.drafts and not missing else text)
        outdated = [i for i, text_now in self.generated.items()
                    if i in self.edited and self.edited_from.get(i) != text_now]
        self.edits_note.setText(t("draft_edits_kept"))
        self.edits_note.setVisible(bool(outdated))
        count = sum(1 for draft_id, _ in self.entries if draft_id in self.edited)
        self.make_button.setText(t("draft_regenerate_replaces", count=count) if count else t("draft_regenerate"))

    def _stale_days(self) -> tuple[date, int] | None:
        from seller_gui.core.drafting.render import STALE_DAYS

        if self.current_kind() != "reply" or self.summary is None or self.summary.as_of is None:
            return None
        end = self.summary.as_of.at.date()
        days = (self.today - end).days
        return (end, days) if days > STALE_DAYS else None

    def _show_notice(self, kind: str) -> None:
        ref = self.notice
        shown = ref is not None and kind == "reply" and ref.marketplace == self.current_marketplace()
        self.notice_box.setVisible(shown)
        if shown:
            subject = ref.subject or (ref.sent_on.isoformat() if ref.sent_on else "") or \
                self.catalog.text("draft_notice_untitled")
            self.notice_label.setText(self.catalog.text("draft_notice_answering", subject=subject,
                                                        count=len(ref.asks)))

    def _show_unknown(self, kind: str) -> None:
        key = self.account.currentData()
        block = self.summary.figures.get(key, {}) if self.summary is not None and key else {}
        unknown = int(block.get("unknown_cancelled") or 0)
        self.unknown_box.setVisible(kind == "reply" and unknown > 0)
        self.unknown_label.setText(self.catalog.text(
            "draft_unknown_reported" if self.investigating.isChecked() else "draft_unknown_open",
            count=unknown))

    def _ask_label(self, name: str) -> str:
        if name.startswith("ask."):
            code = name[4:]
            known = load_templates().asks.get(code)
            if known is None:
                return self.catalog.text("ask_ask_other")
            return self.catalog.text("draft_ask_answer", heading=known.heading[self.label_language()])
        return self.catalog.text(f"ask_{name.replace('.', '_')}")

    def _ask_for(self, kind: str, wanted: list[str]) -> None:
        """Show a field for each value wanted (and each the seller already typed into for this kind).

        Fields are made once and only hidden afterwards: this runs after an answer's editingFinished,
        and a field deleted inside its own signal crashed the app.
        """
        wanted = [m for m in wanted if _askable(m)]
        asked = self._asked.setdefault(kind, set())
        asked.update(wanted)
        shown: dict[str, QLineEdit] = {}
        for name in wanted:
            if name not in self._fields:
                edit = QLineEdit()
                edit.setObjectName(f"ask_{name}")
                edit.setPlaceholderText("YYYY-MM-DD" if name in DATE_FIELDS else "")
                if name.startswith("ask."):
                    quote = next((a.quote for a in (self.notice.asks if self.notice else ())
                                  if a.code == name[4:]), "")
                    edit.setToolTip(quote)
                edit.editingFinished.connect(self._answer_given, Qt.ConnectionType.QueuedConnection)
                label = QLabel(self._ask_label(name))
                label.setWordWrap(True)  # a long question wraps instead of widening the panel
                label.setBuddy(edit)
                self.asks.addRow(label, edit)
                self._fields[name] = edit
        for name, edit in self._fields.items():
            visible = name in wanted or (name in asked and bool(edit.text().strip()))
            self.asks.setRowVisible(edit, visible)
            if visible:
                shown[name] = edit
        self.answers = shown
        self.asks_title.setVisible(bool(shown))
        self.asks_box.setVisible(bool(shown))

    @Slot()
    def _answer_given(self) -> None:
        # queued: runs once the field's own signal has returned
        QTimer.singleShot(0, self._refresh)

    @Slot(int)
    def _show_draft(self, row: int) -> None:
        lang = self.gloss_language()
        self.gloss.setVisible(lang != "none")
        draft_id = self.draft_list.itemData(row) if 0 <= row < len(self.entries) else None
        draft = self.entries[row][1] if draft_id is not None else None
        text = self.edited.get(draft_id) if draft_id else None
        if text is None:
            text = self.generated.get(draft_id, "") if draft_id else ""
        self.editor.blockSignals(True)
        if self.editor.toPlainText() != text:
            self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        if draft is None or lang == "none":
            self.gloss.setPlainText("")
        else:
            subject = draft.subject_zh if lang == "zh" else draft.subject_en
            self.gloss.setPlainText(f"{subject}\n\n{draft.gloss(lang)}")

    @Slot()
    def _remember_edit(self) -> None:
        draft_id = self._current_id()
        if draft_id is None:
            return
        text = self.editor.toPlainText()
        generated = self.generated.get(draft_id, "")
        if text == generated:
            self.edited.pop(draft_id, None)
            self.edited_from.pop(draft_id, None)
        else:
            self.edited_from.setdefault(draft_id, generated)
            self.edited[draft_id] = text

    @Slot()
    def regenerate(self) -> None:
        """Make the drafts on show again from the current choices; this replaces the seller's edits of
        them (the button says how many)."""
        for draft_id, _ in self.entries:
            self.edited.pop(draft_id, None)
            self.edited_from.pop(draft_id, None)
        self._refresh()

    def text_of(self, row: int) -> str:
        draft_id, _ = self.entries[row]
        return self.edited.get(draft_id, self.generated.get(draft_id, ""))

    def _ready_rows(self) -> list[int]:
        return [i for i, (draft_id, draft) in enumerate(self.entries)
                if draft is not None or draft_id in self.edited]

    # ----- output -----
    @Slot()
    def copy_current(self) -> None:
        row = self.draft_list.currentIndex()
        if row in self._ready_rows():
            self.clipboard(self.text_of(row))
            self.status.setText(self.catalog.text("draft_copied", count=1))

    @Slot()
    def copy_all(self) -> None:
        rows = self._ready_rows()
        if rows:
            separator = "\n\n" + "―" * 20 + "\n\n"
            self.clipboard(separator.join(self.text_of(i) for i in rows))
            self.status.setText(self.catalog.text("draft_copied", count=len(rows)))

    def mail_merge_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = []
        for index in self._ready_rows():
            draft_id, _ = self.entries[index]
            subject, _, body = self.text_of(index).partition("\n\n")
            buyer, order_id = "", ""
            parts = draft_id.split("|")
            if len(parts) == 4 and self.summary is not None:
                order_id = parts[3]
                lines = self.summary.lines_of(OrderKey(parts[1], parts[2], parts[3]))
                buyer = str(lines["buyer_name"].iloc[0]) if len(lines) else ""
            rows.append({"order_id": order_id, "buyer_name": buyer, "subject": subject, "body": body})
        return pd.DataFrame(rows, columns=["order_id", "buyer_name", "subject", "body"])

    @Slot()
    def export_csv(self) -> None:
        if not self._ready_rows():
            return
        name, _ = QFileDialog.getSaveFileName(self, self.catalog.text("draft_export"),
                                              str(Path.home() / "notices.csv"), "CSV (*.csv)")
        if name:
            self.write_csv(Path(name))

    def write_csv(self, target: Path) -> bool:
        from seller_gui.core.storage.export import ExportError, export_frame

        try:
            export_frame(self.mail_merge_frame(), target, fmt="csv", inputs=self.inputs)
        except ExportError as error:
            QMessageBox.warning(self, self.catalog.text("draft_export"), error.detail)
            return False
        self.status.setText(self.catalog.text("draft_exported", path=str(target)))
        return True
