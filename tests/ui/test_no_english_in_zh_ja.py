"""A seller who reads Chinese or Japanese sees no English sentences, whatever went wrong with a file.

The real window is loaded with the demo (orders at risk, a stale export) and with files that fail or
warn in different ways, then switched to zh and ja; every text on screen is searched for a run of
English words. Names that are English on purpose (file names, marketplace brands, layout titles
the marketplace itself uses, header names from a file) are taken out first.
"""

import re

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QFormLayout,
    QLabel,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from seller_gui.core.reading.profiles import load_profiles
from seller_gui.ui.app import load_catalog
from seller_gui.ui.main_window import MainWindow, demo_path
from tests.core import exports

WAIT = 20_000
# three or more latin words of two or more letters in a row: the shape of an English sentence
ENGLISH_RUN = re.compile(r"(?<![\w'-])[A-Za-z]{2,}(?:[ ,;:']+[A-Za-z]{2,}){2,}")
BRANDS = ("au PAY Market", "Amazon", "Qoo10", "Yahoo!", "Rakuten", "Mercari Shops", "Wowma!", "Seller GUI",
          "Excel", "UTF-8", "Shift-JIS", "CSV", "TSV", "HTML", "ZIP", "SKU")


def allowed_names(paths) -> list[str]:
    titles = [layout.title for profile in load_profiles().values() for layout in profile.layouts]
    names = [p.name for p in paths] + titles + list(BRANDS)
    return sorted(names, key=len, reverse=True)


def english_in(text: str, allowed: list[str]) -> list[str]:
    for name in allowed:
        text = text.replace(name, " ")
    return ENGLISH_RUN.findall(text)


def draft_question_labels(window: MainWindow) -> set[QWidget]:
    """The labels of the questions the drafts tab asks (shop name, person...)."""
    asks = window.drafts_panel.asks
    return {asks.itemAt(row, QFormLayout.ItemRole.LabelRole).widget() for row in range(asks.rowCount())}


def texts_on_screen(window: MainWindow, skip: set[QWidget] = frozenset()) -> list[tuple[str, str]]:
    """(where, text) for every visible label, cell, tab, combo entry, text box and tooltip."""
    found: list[tuple[str, str]] = [("window title", window.windowTitle())]
    widgets = [w for w in window.findChildren(QWidget) if w.isVisible() and w not in skip]
    for widget in widgets:
        where = f"{type(widget).__name__} {widget.objectName()}"
        found.append((f"{where} tooltip", widget.toolTip()))
        if isinstance(widget, QLabel):
            found.append((where, widget.text()))
        elif isinstance(widget, QTextEdit):
            found.append((where, widget.toPlainText()))
        elif isinstance(widget, QComboBox):
            found += [(where, widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QTabWidget):
            found += [(f"{where} tab", widget.tabText(i)) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and isinstance(widget, QAbstractScrollArea):
            model = widget.model()
            if model is None:
                continue
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list model keeps columnCount private: it has one column
                columns = 1
            for column in range(columns):
                found.append((f"{where} header", str(model.headerData(column, Qt.Orientation.Horizontal) or "")))
            for row in range(model.rowCount(QModelIndex())):
                for column in range(columns):
                    index = model.index(row, column)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.data(index, role)
                        if isinstance(value, str):
                            found.append((f"{where} cell {row},{column}", value))
    return [(where, text) for where, text in found if text]


@pytest.fixture
def bad_files(tmp_path):
    """Files that fail or warn in the ways a seller meets, each with the code it is meant to show."""
    files = {}
    files["empty.csv"] = b""
    files["memo.csv"] = "品番,メモ\nA-1,再入荷待ち\n".encode()  # neither orders nor stock
    files["broken.csv"] = b"\x81\xff\xfe\x80" * 50 + b"\n"  # neither UTF-8 nor Shift-JIS
    files["bad-dates.csv"] = ("注文ID,注文日時,注文ステータス\r\n1,2024/05/09 16:00,発送済み\r\n"
                              "2,いつか,発送済み\r\n3,2024/05/10 10:00,謎の状態\r\n").encode("cp932")
    header, rows = exports.yahoo_tables()[0]
    drop = header.index("OrderStatus")
    files["yahoo-orders.csv"] = exports.text_bytes(([c for i, c in enumerate(header) if i != drop],
                                                    [[c for i, c in enumerate(r) if i != drop] for r in rows]))
    files["yahoo-items.csv"] = exports.text_bytes(exports.yahoo_tables()[1])
    paths = []
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(path)
    return paths


@pytest.fixture
def window(qtbot, settings):
    win = MainWindow(load_catalog("en"), settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    return win


def test_bad_files_and_orders_at_risk_read_without_english_in_chinese_and_japanese(qtbot, window, bad_files):
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT) as blocker:
        window.open_paths([demo_path(), *bad_files])
    summary = blocker.args[0]
    codes = {f.path.name: f.message.code for f in summary.failures}
    # the files fail or warn as intended, so the screens below really show those messages
    assert codes["empty.csv"] == "empty_file" and codes["memo.csv"] == "not_an_order_table"
    assert codes["broken.csv"] == "encoding_unknown"
    assert codes["yahoo-orders.csv"] == "layout_lacks_columns"
    assert codes["yahoo-items.csv"] == "item_file_without_orders"
    warned = {f.path.name: {w.code for w in f.warnings} for f in summary.files}
    assert {"unreadable_dates", "statuses_unknown"} <= warned["bad-dates.csv"]
    assert summary.as_of.fell_back and len(summary.at_risk)
    window.risk_panel.table.selectRow(0)

    allowed = allowed_names([demo_path(), *bad_files])
    seen_files_tab = {}
    for language in ("zh", "ja"):
        window.set_language(language)
        problems = []
        for tab in range(window.tabs.count()):
            window.tabs.setCurrentIndex(tab)
            texts = texts_on_screen(window, skip=draft_question_labels(window))
            problems += [(where, text, english_in(text, allowed)) for where, text in texts
                         if english_in(text, allowed)]
            if window.tabs.currentWidget() is window.files_panel:
                seen_files_tab[language] = " ".join(text for _, text in texts)
        assert problems == [], f"English in the {language} window"
    # the check above saw the translated reasons, not an empty tab
    assert "文件是空的" in seen_files_tab["zh"] and "ファイルが空です" in seen_files_tab["ja"]
    assert "注文日時" in seen_files_tab["ja"]


def test_the_detector_finds_english(window):
    allowed = allowed_names([])
    assert english_in("The file is empty (The file is empty.)", allowed)
    assert english_in("文件：3 cells in '注文日時' could not be read as dates", allowed)
    assert not english_in("au PAY Market（Wowma!）的文件，见 aupay-demo-orders.csv", allowed + ["aupay-demo-orders.csv"])
    assert not english_in("SKU HB-2001：库存 3 件", allowed)


def test_the_questions_of_the_drafts_tab_follow_a_language_switch(qtbot, window, bad_files):
    with qtbot.waitSignal(window.dashboard_ready, timeout=WAIT):
        window.open_paths([demo_path(), *bad_files])
    window.tabs.setCurrentWidget(window.drafts_panel)
    labels = draft_question_labels(window)
    if not labels:  # not an AssertionError, so it fails the test instead of passing as expected
        raise RuntimeError("this load no longer makes the drafts tab ask anything: use another")
    window.set_language("zh")
    assert [label.text() for label in labels if english_in(label.text(), allowed_names([]))] == []
