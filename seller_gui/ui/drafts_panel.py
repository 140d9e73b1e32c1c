"""The drafts panel: pick a kind, tick causes and measures, fill what the tool cannot know, edit, copy.

Facts come from core (draft_facts); wording from the templates (drafts). The panel shows the Japanese
text, editable, beside its gloss in the seller's language, and puts plain text on the clipboard.

Nothing is read, compiled or rendered until the seller first opens the tab (``activate``): the
templates and Jinja cost a few hundred milliseconds that start-up should not pay for a hidden tab.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from seller_gui.core.drafting.templates import (
    KINDS,
    Alternative,
    Draft,
    ShopProfile,
    Tick,
    load_templates,
)
from seller_gui.core.i18n import Catalog
from seller_gui.core.pipeline import OrderKey, Summary
from seller_gui.ui.dashboard import Formats

if TYPE_CHECKING:
    import pandas as pd

    from seller_gui.core.drafting.facts import ReplyChoices

# Values the panel can ask for when the tool does not know them, by the path missing_fields gives.
DATE_FIELDS = ("reply_by", "new_ship_date", "expected_arrival", "restock_date", "ship_by")
# What a newly ticked measure promises until the seller edits the text (e.g. "every 15 minutes").
PARAM_DEFAULTS = {"minutes": 15, "units": 3, "days": 2, "time": "10:00", "target": 0.05}


def apply_answers(facts, answers: dict[str, str]):
    """Facts with the seller's typed answers put in (dates as YYYY-MM-DD; amounts in yen)."""
    shop = facts.shop
    changes = {}
    for name, text in answers.items():
        text = text.strip()
        if not text:
            continue
        if name.startswith("shop."):
            shop = replace(shop, **{name.split(".", 1)[1]: text})
        elif name in DATE_FIELDS:
            changes[name] = date.fromisoformat(text)
            if name == "restock_date":  # a restock date given means restock is offered
                changes["offer_restock"] = True
        elif name == "amount":
            changes[name] = int(text.replace(",", "").replace("円", "").replace("¥", ""))
        elif hasattr(facts, name):
            changes[name] = text
    return replace(facts, shop=shop, **changes)


class DraftsPanel(QWidget):

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
        self.drafts: list[Draft] = []
        self.edited: dict[int, str] = {}
        self.answers: dict[str, QLineEdit] = {}
        self.inputs: list[str] = []  # loaded files: a mail-merge export never overwrites one
        self.active = False  # set when the tab is first shown; until then nothing is rendered
        self._suggested: ReplyChoices | None = None

        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem("", kind)
        self.account = QComboBox()
        self.reason = QComboBox()
        self.scope = QLabel()
        self.scope.setWordWrap(True)
        self.lists: dict[str, QListWidget] = {name: QListWidget() for name in
                                              ("causes", "actions", "measures", "monitoring")}
        self.checklist_tabs = QTabWidget()
        for widget in self.lists.values():
            widget.setWordWrap(True)
            self.checklist_tabs.addTab(widget, "")
            widget.itemChanged.connect(self._refresh)
        self.asks = QFormLayout()
        self.asks_box = QWidget()
        self.asks_box.setLayout(self.asks)
        self.asks_title = QLabel()
        self.asks_title.setVisible(False)
        self.make_button = QPushButton()
        self.make_button.clicked.connect(self._refresh)

        self.draft_list = QComboBox()  # one entry per draft (per order for notices)
        self.draft_list.currentIndexChanged.connect(self._show_draft)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("draftEditor")
        self.editor.textChanged.connect(self._remember_edit)
        self.gloss = QTextBrowser()
        self.gloss.setObjectName("draftGloss")
        self.copy_button = QPushButton()
        self.copy_all_button = QPushButton()
        self.export_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_current)
        self.copy_all_button.clicked.connect(self.copy_all)
        self.export_button.clicked.connect(self.export_csv)
        self.status = QLabel()
        self.status.setWordWrap(True)

        controls = QVBoxLayout()
        top = QFormLayout()
        self.kind_label, self.account_label, self.reason_label = QLabel(), QLabel(), QLabel()
        top.addRow(self.kind_label, self.kind)
        top.addRow(self.account_label, self.account)
        top.addRow(self.reason_label, self.reason)
        controls.addLayout(top)
        controls.addWidget(self.scope)
        controls.addWidget(self.checklist_tabs, 1)
        controls.addWidget(self.asks_title)
        controls.addWidget(self.asks_box)
        controls.addWidget(self.make_button)
        left = QWidget()
        left.setLayout(controls)

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
        right_layout.addWidget(self.status)
        right = QWidget()
        right.setLayout(right_layout)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setSizes([380, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.account.currentIndexChanged.connect(self._fill_checklists)
        self.reason.currentIndexChanged.connect(self._refresh)
        self.retranslate()

    # ----- inputs from the window -----
    def set_summary(self, summary: Summary, today: date, inputs: list[str] | None = None) -> None:
        self.summary, self.today, self.inputs = summary, today, list(inputs or [])
        self.account.blockSignals(True)
        self.account.clear()
        for key in summary.figures:
            self.account.addItem(self.formats.account(key), key)
        self.account.blockSignals(False)
        self.orders = []
        self._fill_checklists()

    def set_orders(self, orders: list[OrderKey]) -> None:
        self.orders = orders
        if self.current_kind() != "reply":
            self._refresh()

    def activate(self) -> None:
        """The tab is on screen: from now on the panel keeps its lists and drafts current."""
        if not self.active:
            self.active = True
            self._fill_checklists()

    def refresh_drafts(self) -> None:
        """Draw the drafts again, e.g. with a new signature (nothing while the tab was never open)."""
        self._refresh()

    def showEvent(self, event) -> None:
        self.activate()
        super().showEvent(event)

    def current_kind(self) -> str:
        return self.kind.currentData()

    # ----- words -----
    def retranslate(self) -> None:
        t = self.catalog.text
        for index in range(self.kind.count()):
            self.kind.setItemText(index, t(f"draft_kind_{self.kind.itemData(index)}"))
        self.kind_label.setText(t("draft_kind"))
        self.account_label.setText(t("col_marketplace"))
        self.reason_label.setText(t("draft_reason"))
        for index, name in enumerate(self.lists):
            self.checklist_tabs.setTabText(index, t(f"draft_list_{name}"))
        self.asks_title.setText(t("draft_asks"))
        for name, edit in self.answers.items():
            label = self.asks.labelForField(edit)
            if label is not None:
                label.setText(self._ask_label(name))
        if self.summary is not None:
            for index in range(self.account.count()):
                self.account.setItemText(index, self.formats.account(self.account.itemData(index)))
        self.make_button.setText(t("draft_make"))
        self.copy_button.setText(t("draft_copy"))
        self.copy_all_button.setText(t("draft_copy_all"))
        self.export_button.setText(t("draft_export"))
        self._fill_checklists()

    def gloss_language(self) -> str:
        return "en" if self.catalog.language == "en" else "zh"

    # ----- choices -----
    @Slot()
    def _kind_changed(self) -> None:
        if not self.active:
            return
        kind = self.current_kind()
        for widget in (self.account, self.account_label, self.checklist_tabs):
            widget.setVisible(kind == "reply")
        self.reason.blockSignals(True)
        self.reason.clear()
        choices = load_templates().kinds[kind].choices.get("reason", {})
        lang = self.gloss_language()
        for reason_id, text in choices.items():
            self.reason.addItem(text[lang], reason_id)
        self.reason.setVisible(bool(choices))
        self.reason_label.setVisible(bool(choices))
        self.reason.blockSignals(False)
        self._refresh()

    @Slot()
    def _fill_checklists(self) -> None:
        if not self.active:
            return
        from seller_gui.core.drafting.facts import suggested_reply_choices
        from seller_gui.core.drafting.render import checklist

        key = self.account.currentData()
        lang = self.gloss_language()
        suggested: ReplyChoices | None = None
        if self.summary is not None and key is not None:
            suggested = suggested_reply_choices(self.summary.root_causes.get(key), self.today)
        marketplace = key.split("/")[0] if key else "generic"
        for name, widget in self.lists.items():
            widget.blockSignals(True)
            widget.clear()
            ticked = {getattr(i, "id", i) for i in getattr(suggested, name, [])} if suggested else set()
            for item in checklist(name, marketplace):
                entry = QListWidgetItem(item.text(lang).replace("{{ ", "").replace(" }}", ""))
                entry.setData(Qt.ItemDataRole.UserRole, item.id)
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                entry.setCheckState(Qt.CheckState.Checked if item.id in ticked else Qt.CheckState.Unchecked)
                widget.addItem(entry)
            widget.blockSignals(False)
        self._suggested = suggested
        self._kind_changed()

    def _choices(self) -> ReplyChoices:
        from seller_gui.core.drafting.facts import ReplyChoices

        def ticked(name: str) -> list[str]:
            widget = self.lists[name]
            return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
                    if widget.item(i).checkState() == Qt.CheckState.Checked]

        suggested = {t.id: t for name in ("measures", "monitoring")
                     for t in getattr(self._suggested, name, [])}
        start = self.today + timedelta(days=1)

        def ticks(name: str) -> list[Tick]:
            made = []
            for item_id in ticked(name):
                item = None if item_id in suggested else load_templates().checklists.item(name, item_id)
                made.append(suggested.get(item_id) or Tick(
                    item_id, start if name == "measures" else None,
                    {p: PARAM_DEFAULTS[p] for p in (item.params if item else ()) if p in PARAM_DEFAULTS}))
            return made

        return ReplyChoices(ticked("causes"), ticked("actions"), ticks("measures"), ticks("monitoring"))

    # ----- making drafts -----
    def _facts(self) -> list:
        if self.summary is None or not self.summary.figures:
            return []
        from seller_gui.core.drafting.facts import notice_facts, reply_facts

        shop = self.shop_profile()
        kind = self.current_kind()
        if kind == "reply":
            key = self.account.currentData()
            return [reply_facts(self.summary, key, shop, today=self.today, choices=self._choices())]
        facts = []
        for order in self.orders:
            lines = self.summary.lines_of(order)
            if len(lines):
                skus = [str(sku) for sku in dict.fromkeys(lines["sku"]) if str(sku)]
                offered = [alt for sku in skus for alt in self.alternatives(sku)]
                one = notice_facts(kind, lines, shop, today=self.today, alternatives=offered)
                facts.append(replace(one, reason=self.reason.currentData() or one.reason))
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
        answers = {name: edit.text() for name, edit in self.answers.items()}
        try:
            facts = [apply_answers(f, answers) for f in self._facts()]
        except ValueError:
            self.status.setText(t("draft_bad_value"))
            return
        missing = list(dict.fromkeys(m for f in facts for m in missing_fields(kind, f)))
        optional = ["restock_date"] if kind == "stockout" and facts else []  # offered only when known
        self._ask_for(missing + [o for o in optional if o not in missing], answers)
        self.drafts = [render(kind, f) for f in facts] if facts and not missing else []
        self.edited = {}
        self.draft_list.blockSignals(True)
        self.draft_list.clear()
        for draft in self.drafts:
            self.draft_list.addItem(draft.subject)
        self.draft_list.blockSignals(False)
        if self.drafts:
            self.draft_list.setCurrentIndex(0)
            self._show_draft(0)
            self.status.setText(t("draft_ready", count=len(self.drafts)))
        else:
            self.editor.setPlainText("")
            self.gloss.setPlainText("")
            self.status.setText(t("draft_need_values") if missing else t("draft_pick_orders"))

    def _ask_label(self, name: str) -> str:
        return self.catalog.text(f"ask_{name.replace('.', '_')}")

    def _ask_for(self, missing: list[str], answers: dict[str, str]) -> None:
        wanted = [m for m in missing if m.startswith("shop.") or m in DATE_FIELDS or m == "amount"]
        if wanted == list(self.answers):
            return
        while self.asks.rowCount():
            self.asks.removeRow(0)
        self.answers = {}
        for name in wanted:
            edit = QLineEdit(answers.get(name, ""))
            edit.setObjectName(f"ask_{name}")
            edit.setPlaceholderText("YYYY-MM-DD" if name in DATE_FIELDS else "")
            # queued: the refresh may replace this very field, which must not happen inside its signal
            edit.editingFinished.connect(self._refresh, Qt.ConnectionType.QueuedConnection)
            self.asks.addRow(self._ask_label(name), edit)
            self.answers[name] = edit
        self.asks_title.setVisible(bool(wanted))

    @Slot(int)
    def _show_draft(self, row: int) -> None:
        if not 0 <= row < len(self.drafts):
            return
        draft = self.drafts[row]
        lang = self.gloss_language()
        self.editor.blockSignals(True)
        self.editor.setPlainText(self.edited.get(row, f"{draft.subject}\n\n{draft.body}"))
        self.editor.blockSignals(False)
        subject = draft.subject_zh if lang == "zh" else draft.subject_en
        self.gloss.setPlainText(f"{subject}\n\n{draft.gloss(lang)}")

    @Slot()
    def _remember_edit(self) -> None:
        row = self.draft_list.currentIndex()
        if 0 <= row < len(self.drafts):
            self.edited[row] = self.editor.toPlainText()

    def text_of(self, row: int) -> str:
        draft = self.drafts[row]
        return self.edited.get(row, f"{draft.subject}\n\n{draft.body}")

    # ----- output -----
    @Slot()
    def copy_current(self) -> None:
        row = self.draft_list.currentIndex()
        if 0 <= row < len(self.drafts):
            self.clipboard(self.text_of(row))
            self.status.setText(self.catalog.text("draft_copied", count=1))

    @Slot()
    def copy_all(self) -> None:
        if self.drafts:
            separator = "\n\n" + "―" * 20 + "\n\n"
            self.clipboard(separator.join(self.text_of(i) for i in range(len(self.drafts))))
            self.status.setText(self.catalog.text("draft_copied", count=len(self.drafts)))

    def mail_merge_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = []
        for index, draft in enumerate(self.drafts):
            subject, _, body = self.text_of(index).partition("\n\n")
            buyer = ""
            if draft.order_id and self.summary is not None:
                lines = self.summary.lines_of(OrderKey(draft.marketplace, draft.shop_label,
                                                       draft.order_id))
                buyer = str(lines["buyer_name"].iloc[0]) if len(lines) else ""
            rows.append({"order_id": draft.order_id or "", "buyer_name": buyer, "subject": subject,
                         "body": body})
        return pd.DataFrame(rows, columns=["order_id", "buyer_name", "subject", "body"])

    @Slot()
    def export_csv(self) -> None:
        if not self.drafts:
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
