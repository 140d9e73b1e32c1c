"""Settings: the shop as it signs its messages, the interface language, and per marketplace the
window, limits, handling days and due-soon hours (official values and estimates told apart)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from seller_gui.core.analysis.rules import Rules
from seller_gui.core.drafting.templates import ShopProfile
from seller_gui.core.i18n import LANGUAGE_NAMES, LANGUAGES, Catalog
from seller_gui.core.schema import MARKETPLACES
from seller_gui.core.storage.settings import (
    CUSTOM,
    ESTIMATE,
    PROFILE_FIELDS,
    RULE_FIELDS,
    SellerSettings,
    SettingsError,
    check_rule_value,
    effective_rules,
    overrides_from_values,
    rule_origin,
)
from seller_gui.ui.dialog_parts import error_label, save_cancel

PERCENT_FIELDS = ("limit", "late_limit")
RULE_COLUMNS = tuple(RULE_FIELDS)  # one table column each, after the marketplace
ERROR_BRUSH = QBrush(QColor("#f8d0d0"))
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^[0-9０-９+\-()（）‐ー－ ]{6,}$")


def format_rule(name: str, value: float | int | None) -> str:
    if value is None:
        return ""
    if name in PERCENT_FIELDS:
        return f"{float(value) * 100:.4g}"
    return str(int(value))


def parse_rule(name: str, text: str) -> int | float | None:
    """The seller's text for a rule cell as the stored value; None when blank; ValueError if wrong."""
    text = text.strip().rstrip("%％").strip()
    if not text:
        return None
    number = float(text.replace(",", "."))
    return check_rule_value(name, number / 100 if name in PERCENT_FIELDS else number)


class SettingsDialog(QDialog):
    """Edit a copy of the settings; ``save`` is called with the result and may raise SettingsError."""

    def __init__(self, catalog: Catalog, settings: SellerSettings, base_rules: Mapping[str, Rules],
                 save: Callable[[SellerSettings], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.base_rules = {mp: base_rules[mp] for mp in MARKETPLACES if mp in base_rules}
        self.original = settings
        self._save = save
        self.result_settings: SellerSettings | None = None
        t = catalog.text
        self.setObjectName("settingsDialog")
        self.setWindowTitle(t("settings_title"))

        shop_box = QGroupBox(t("settings_shop_group"))
        form = QFormLayout(shop_box)
        self.profile_edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        for name in PROFILE_FIELDS:
            edit: QLineEdit | QPlainTextEdit
            if name == "signature":
                edit = QPlainTextEdit(getattr(settings.profile, name))
                edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 14)
            else:
                edit = QLineEdit(getattr(settings.profile, name))
            edit.setObjectName(f"profile_{name}")
            edit.setToolTip(t(f"settings_{name}_help"))
            form.addRow(t(f"settings_{name}"), edit)
            self.profile_edits[name] = edit
        self.language = QComboBox()
        self.language.addItem(t("settings_language_auto"), None)
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        form.addRow(t("settings_language"), self.language)

        rules_box = QGroupBox(t("settings_rules_group"))
        rules_layout = QVBoxLayout(rules_box)
        hint = QLabel(t("settings_rules_hint"))
        hint.setWordWrap(True)
        self.rules_table = QTableWidget(len(self.base_rules), len(RULE_COLUMNS) + 2)
        self.rules_table.setObjectName("rulesTable")
        self.rules_table.setHorizontalHeaderLabels(
            [t("col_marketplace")] + [t(f"rule_{name}") for name in RULE_COLUMNS] + [t("rule_basis")])
        self.rules_table.verticalHeader().setVisible(False)
        self.rules_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.rules_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.reset_button = QPushButton(t("settings_reset_rules"))
        self.reset_button.clicked.connect(lambda: self._fill_rules(SellerSettings()))
        rules_layout.addWidget(hint)
        rules_layout.addWidget(self.rules_table)
        rules_layout.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._fill_rules(settings)
        # every marketplace visible without scrolling: the table is short and the seller compares rows
        self.rules_table.resizeRowsToContents()
        rows_height = sum(self.rules_table.rowHeight(r) for r in range(self.rules_table.rowCount()))
        self.rules_table.setMinimumHeight(rows_height + self.rules_table.horizontalHeader().sizeHint().height()
                                          + 2 * self.rules_table.frameWidth() + 4)

        self.error = error_label("settingsError")
        self.buttons = save_cancel(self, t("save"), t("cancel"))

        layout = QVBoxLayout(self)
        layout.addWidget(shop_box)
        layout.addWidget(rules_box, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(980, 740)

    # ----- the rules table -----
    def _fill_rules(self, settings: SellerSettings) -> None:
        t = self.catalog.text
        rules = effective_rules(self.base_rules, settings)
        bold = QFont(self.font())
        bold.setBold(True)
        for row, (marketplace, base) in enumerate(self.base_rules.items()):
            name_item = QTableWidgetItem(t(f"marketplace_{marketplace}"))
            name_item.setData(Qt.ItemDataRole.UserRole, marketplace)
            name_item.setFlags(name_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.rules_table.setItem(row, 0, name_item)
            for column, name in enumerate(RULE_COLUMNS, start=1):
                origin = rule_origin(base, name, settings)
                item = QTableWidgetItem(format_rule(name, getattr(rules[marketplace], name)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(t(f"origin_{origin}"))
                item.setData(Qt.ItemDataRole.UserRole, origin)
                if origin == CUSTOM:
                    item.setFont(bold)
                self.rules_table.setItem(row, column, item)
            basis = t("rule_basis_value",
                      limit=t(f"origin_{rule_origin(base, 'limit', SellerSettings())}"),
                      late=t(f"origin_{rule_origin(base, 'late_limit', SellerSettings())}"))
            basis_item = QTableWidgetItem(basis)
            basis_item.setFlags(basis_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            basis_item.setToolTip(base.source)
            self.rules_table.setItem(row, len(RULE_COLUMNS) + 1, basis_item)

    def rule_cell(self, marketplace: str, name: str) -> QTableWidgetItem:
        row = list(self.base_rules).index(marketplace)
        return self.rules_table.item(row, RULE_COLUMNS.index(name) + 1)

    def is_estimate(self, marketplace: str, name: str) -> bool:
        return self.rule_cell(marketplace, name).data(Qt.ItemDataRole.UserRole) == ESTIMATE

    # ----- reading and checking what was typed -----
    def collected(self) -> tuple[SellerSettings | None, list[str]]:
        """The settings as typed, or None and what is wrong (in the interface language)."""
        t = self.catalog.text
        problems: list[str] = []
        values = {}
        for name, edit in self.profile_edits.items():
            text = edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
            values[name] = text.strip() if name != "signature" else text.rstrip()
        if values["email"] and not EMAIL.match(values["email"]):
            problems.append(t("settings_bad_email"))
        if values["phone"] and not PHONE.match(values["phone"]):
            problems.append(t("settings_bad_phone"))
        overrides: dict[str, dict[str, int | float]] = {}
        for row, (marketplace, base) in enumerate(self.base_rules.items()):
            typed: dict[str, int | float | None] = {}
            for column, name in enumerate(RULE_COLUMNS, start=1):
                item = self.rules_table.item(row, column)
                item.setBackground(QBrush())
                try:
                    typed[name] = parse_rule(name, item.text())
                except ValueError:
                    item.setBackground(ERROR_BRUSH)
                    low, high = RULE_FIELDS[name][1:]
                    scale = 100 if name in PERCENT_FIELDS else 1
                    problems.append(t("settings_bad_rule", marketplace=t(f"marketplace_{marketplace}"),
                                      field=t(f"rule_{name}"), low=f"{low * scale:g}",
                                      high=f"{high * scale:g}"))
            changed = overrides_from_values(base, typed)
            if changed:
                overrides[marketplace] = changed
        if problems:
            return None, problems
        settings = replace(self.original, profile=ShopProfile(**values),
                           language=self.language.currentData(), rule_overrides=overrides)
        return settings, []

    def accept(self) -> None:
        settings, problems = self.collected()
        if settings is None:
            self.error.setText("\n".join(problems))
            return
        try:
            self._save(settings)
        except SettingsError as error:
            self.error.setText(self.catalog.text("settings_save_failed", detail=str(error)))
            return
        self.result_settings = settings
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, catalog: Catalog, settings: SellerSettings,
            base_rules: Mapping[str, Rules], save: Callable[[SellerSettings], None]
            ) -> SellerSettings | None:
        """Show the dialog; the saved settings, or None when the seller cancelled."""
        dialog = cls(catalog, settings, base_rules, save, parent)
        dialog.exec()
        return dialog.result_settings
