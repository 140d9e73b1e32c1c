"""The notice tab: paste (or drop) a marketplace's notice and read it in your language.

What core found is shown as it is: marketplace, kind, topic, the facts the notice states and what it
asks, then every sentence beside our catalogue's Chinese and English explanation. A sentence the
catalogue does not know says so and shows the facts found in it; nothing is guessed. "Answer this
notice" hands a ``NoticeRef`` to whoever drafts the reply (``answer_requested``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from seller_gui.core.i18n import Catalog, Message
from seller_gui.core.notices import Notice, NoticeFileError, read_notice, read_notice_file
from seller_gui.core.notices.present import (
    ask_name,
    fact_rows,
    kind_name,
    marketplace_name,
    sentence_fact_text,
)

log = logging.getLogger(__name__)

NOTICE_SUFFIXES = (".txt", ".eml", ".msg", ".text")
COLUMN_ORIGINAL, COLUMN_ZH, COLUMN_EN = range(3)


def dropped_notice(paths: list[Path]) -> Path | None:
    """The first dropped file that can hold a notice's text."""
    return next((p for p in paths if p.suffix.lower() in NOTICE_SUFFIXES), None)


class PasteBox(QPlainTextEdit):
    """Where the notice is pasted; a dropped .txt/.eml/.msg-saved text is read into it."""

    file_dropped = Signal(object)  # Path

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("noticePaste")
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if event.mimeData().hasUrls():
            paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
            found = dropped_notice(paths)
            if found is not None:
                self.file_dropped.emit(found)
            event.acceptProposedAction()
            return
        super().dropEvent(event)


class NoticePanel(QWidget):
    """Paste a notice, see what it is and what it asks, sentence by sentence."""

    answer_requested = Signal(object)  # NoticeRef: the notice's asks become the reply's points

    def __init__(self, catalog: Catalog, settings: QSettings | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.settings = settings
        self.notice: Notice | None = None
        self.problem: Message | None = None

        self.paste = PasteBox()
        self.paste.file_dropped.connect(self.load_file)
        self.read_button = QPushButton()
        self.read_button.setDefault(True)
        self.read_button.clicked.connect(self.read_pasted)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.choose_file)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self.read_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch()
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.paste, 1)
        top_layout.addLayout(buttons)

        self.status = QLabel()
        self.status.setObjectName("noticeStatus")
        self.status.setWordWrap(True)
        # a grid, not a QFormLayout: the form gave a wrapped value less than its height after a
        # language switch (facts cut at 1024x640); a grid row takes the label's height for its width
        self.form = QGridLayout()
        self.form.setColumnStretch(1, 1)
        self.form_labels = {name: QLabel() for name in ("marketplace", "kind", "topic", "facts", "asks")}
        self.values = {name: QLabel() for name in self.form_labels}
        for row, (name, label) in enumerate(self.form_labels.items()):
            value = self.values[name]
            value.setObjectName(f"notice_{name}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            self.form.addWidget(value, row, 1)
        self.answer_button = QPushButton()
        self.answer_button.setObjectName("answerNotice")
        self.answer_button.clicked.connect(self.request_answer)
        self.share = QLabel()
        self.share.setObjectName("noticeShare")
        answer_row = QHBoxLayout()
        answer_row.addWidget(self.share, 1)
        answer_row.addWidget(self.answer_button)
        self.sentences_title = QLabel()
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("noticeSentences")
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        summary = QWidget()
        summary_layout = QVBoxLayout(summary)
        summary_layout.addWidget(self.status)
        summary_layout.addLayout(self.form)
        summary_layout.addLayout(answer_row)
        summary_layout.addStretch()
        summary_scroll = QScrollArea()  # a measure states many facts; the sentences keep their room
        summary_scroll.setWidget(summary)
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setFrameShape(QFrame.Shape.NoFrame)
        sentences = QWidget()
        sentences_layout = QVBoxLayout(sentences)
        sentences_layout.setContentsMargins(0, 0, 0, 0)
        sentences_layout.addWidget(self.sentences_title)
        sentences_layout.addWidget(self.table, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        for part, stretch in ((top, 1), (summary_scroll, 2), (sentences, 4)):
            splitter.addWidget(part)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.retranslate()

    # ----- input -----

    @Slot()
    def read_pasted(self) -> None:
        self.show_text(self.paste.toPlainText())

    def show_text(self, text: str) -> Notice | None:
        """Read ``text`` as a notice and show it; an empty text clears the results."""
        self.problem = None
        self.notice = read_notice(text) if text.strip() else None
        self._show()
        return self.notice

    @Slot(object)
    def load_file(self, path: Path) -> None:
        """A dropped or chosen file: its text goes into the box and is read at once."""
        try:
            text = read_notice_file(Path(path))
        except NoticeFileError as error:
            log.info("A notice file could not be read (%s)", error.code)
            self.notice = None
            self.problem = Message(error.code)
            self._show()
            return
        self.paste.setPlainText(text)
        self.show_text(text)

    @Slot()
    def choose_file(self) -> None:
        start = str(self.settings.value("notice/last_dir", str(Path.home()))) if self.settings else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, self.catalog.text("notice_open"), start,
                                              self.catalog.text("notice_file_filter"))
        if name:
            if self.settings is not None:
                self.settings.setValue("notice/last_dir", str(Path(name).parent))
            self.load_file(Path(name))

    @Slot()
    def clear(self) -> None:
        self.paste.clear()
        self.show_text("")

    @Slot()
    def request_answer(self) -> None:
        if self.notice is not None and self.notice.asks:
            self.answer_requested.emit(self.notice.reply_ref())

    # ----- output -----

    def retranslate(self) -> None:
        t = self.catalog.text
        self.paste.setPlaceholderText(t("notice_paste_hint"))
        self.read_button.setText(t("notice_read"))
        self.open_button.setText(t("notice_open"))
        self.clear_button.setText(t("notice_clear"))
        self.answer_button.setText(t("notice_answer"))
        for name, label in self.form_labels.items():
            label.setText(t(f"notice_label_{name}"))
        self.sentences_title.setText(t("notice_label_sentences"))
        self.table.setHorizontalHeaderLabels([t("notice_col_original"), t("notice_col_zh"), t("notice_col_en")])
        self._show()

    def _words(self, value: str | Message) -> str:
        return self.catalog.explain(value) if isinstance(value, Message) else value

    def _show(self) -> None:
        notice = self.notice
        has_notice = notice is not None
        for name in self.form_labels:
            self.form_labels[name].setVisible(has_notice)
            self.values[name].setVisible(has_notice)
        self.sentences_title.setVisible(has_notice)
        self.table.setVisible(has_notice)
        self.share.setVisible(has_notice)
        if notice is None:
            self.status.setText(self.catalog.explain(self.problem) if self.problem else self.catalog.text("notice_empty"))
            self.status.setVisible(True)
            self.answer_button.setVisible(False)
            self.table.setRowCount(0)
            return
        self.status.setVisible(False)
        words = self._words
        self.values["marketplace"].setText(words(marketplace_name(notice.marketplace)))
        self.values["kind"].setText(words(kind_name(notice.kind)))
        self.values["topic"].setText(words(Message(f"notice_topic_{notice.topic}")))
        rows = fact_rows(notice.facts, with_deadline_line=not notice.asks_nothing)
        facts = [f"{words(label)}: {' / '.join(words(v) for v in values)}" for label, values in rows]
        self.values["facts"].setText("\n".join(facts))
        if notice.asks_nothing:
            asks = self.catalog.text("notice_asks_nothing")
        else:
            asks = "\n".join(f"{n}. {words(ask_name(a.code))}\n    「{a.quote}」"
                             for n, a in enumerate(notice.asks, start=1))
            if notice.plan_of_action:
                asks += "\n" + self.catalog.text("notice_poa_parts")
        self.values["asks"].setText(asks)
        self.answer_button.setVisible(not notice.asks_nothing)
        self.share.setText(self.catalog.text("notice_recognised_share", known=notice.known_count,
                                             total=len(notice.sentences), share=f"{notice.recognised_share:.0%}"))
        self._fill_table(notice)

    def _fill_table(self, notice: Notice) -> None:
        language = self.catalog.language
        self.table.setRowCount(len(notice.sentences))
        italic = QFont(self.table.font())
        italic.setItalic(True)
        for row, sentence in enumerate(notice.sentences):
            original = QTableWidgetItem(sentence.text)
            self.table.setItem(row, COLUMN_ORIGINAL, original)
            if sentence.known:
                cells = [sentence.gloss("zh") or "", sentence.gloss("en") or ""]
            else:
                text = self.catalog.text("notice_not_recognised")
                facts = sentence_fact_text(notice, row, language)
                if facts:
                    text += "\n" + self.catalog.text("notice_sentence_facts", facts=facts)
                cells = []
                for gloss_language in ("zh", "en"):  # each column names the known words in its language
                    terms = "; ".join(f"{m.text} = {m.gloss(gloss_language)}" for m in sentence.explained.terms)
                    cells.append(text + ("\n" + self.catalog.text("notice_sentence_terms", terms=terms)
                                         if terms else ""))
            for column, text in zip((COLUMN_ZH, COLUMN_EN), cells, strict=True):
                item = QTableWidgetItem(text)
                if not sentence.known:
                    item.setFont(italic)
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()

    def gloss_cells(self, row: int) -> tuple[str, str, str]:
        """(original, zh, en) as shown in one row of the sentence table."""
        return tuple(self.table.item(row, column).text() for column in range(3))  # type: ignore[return-value]
