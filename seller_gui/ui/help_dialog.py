"""The Help menu's dialogs: About (version, the bundled libraries and their licences, the log and data
folders with buttons to open them) and "Which file to download" (per marketplace, where the export is
in the seller portal and which figures it gives)."""

from __future__ import annotations

from html import escape
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from seller_gui.core.i18n import Catalog
from seller_gui.core.reading.profiles import load_profiles

# What the packaged app carries, with the licence each is distributed under (SPDX identifiers).
BUNDLED = (
    ("PySide6-Essentials", "Qt for Python", "LGPL-3.0-only"),
    ("shiboken6", "Qt for Python", "LGPL-3.0-only"),
    ("pandas", "pandas", "BSD-3-Clause"),
    ("numpy", "NumPy", "BSD-3-Clause"),
    ("openpyxl", "openpyxl", "MIT"),
    ("defusedxml", "defusedxml", "PSF-2.0"),
    ("python-calamine", "python-calamine", "MIT"),
    ("olefile", "olefile", "BSD-2-Clause"),
    ("charset-normalizer", "charset-normalizer", "MIT"),
    ("platformdirs", "platformdirs", "MIT"),
    ("Jinja2", "Jinja2", "BSD-3-Clause"),
    ("MarkupSafe", "MarkupSafe", "BSD-3-Clause"),
    ("python-dateutil", "python-dateutil", "Apache-2.0 OR BSD-3-Clause"),
    ("tzdata", "tzdata", "Apache-2.0"),
)
# Marketplaces in the order of the guide; the words are in resources/i18n/window.toml.
GUIDE_MARKETPLACES = ("aupay", "qoo10", "rakuten", "yahoo", "amazon", "mercari")


def library_version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:  # a frozen build may carry the code without its metadata
        return ""


def close_buttons(dialog: QDialog, catalog: Catalog) -> QDialogButtonBox:
    """A Close button in the interface's language (Qt's own would stay in English)."""
    buttons = QDialogButtonBox()
    close = buttons.addButton(catalog.text("close"), QDialogButtonBox.ButtonRole.RejectRole)
    close.setDefault(True)
    buttons.rejected.connect(dialog.reject)
    return buttons


def open_folder(path: Path) -> bool:
    """Show a folder in the system's file manager (made first if missing, so the button never fails)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class AboutDialog(QDialog):
    def __init__(self, catalog: Catalog, version: str, data_folder: Path, log_path: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        t = catalog.text
        self.setWindowTitle(t("action_about"))
        self.setObjectName("aboutDialog")
        title = QLabel(f"<b>{t('app_title')}</b>")
        title.setWordWrap(True)
        self.version = QLabel(t("about_version", version=version))
        intro = QLabel(t("about_offline"))
        intro.setWordWrap(True)
        folders = QGridLayout()
        self.data_label = QLabel(t("about_data_folder", path=str(data_folder)))
        self.data_label.setWordWrap(True)
        self.open_data = QPushButton(t("about_open_folder"))
        self.open_data.clicked.connect(lambda: open_folder(data_folder))
        log_text = t("about_log_file", path=str(log_path)) if log_path else t("about_no_log_file")
        self.log_label = QLabel(log_text)
        self.log_label.setWordWrap(True)
        self.open_log = QPushButton(t("about_open_folder"))
        self.open_log.setEnabled(log_path is not None)
        if log_path is not None:
            self.open_log.clicked.connect(lambda: open_folder(log_path.parent))
        self.open_data.setAccessibleName(t("about_open_data_name"))
        self.open_log.setAccessibleName(t("action_open_log_folder"))
        folders.addWidget(self.data_label, 0, 0)
        folders.addWidget(self.open_data, 0, 1)
        folders.addWidget(self.log_label, 1, 0)
        folders.addWidget(self.open_log, 1, 1)
        folders.setColumnStretch(0, 1)
        self.libraries = QTableWidget(len(BUNDLED), 3)
        self.libraries.setObjectName("licenceTable")
        self.libraries.setHorizontalHeaderLabels([t("about_col_library"), t("about_col_version"),
                                                  t("about_col_licence")])
        self.libraries.verticalHeader().setVisible(False)
        self.libraries.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.libraries.setTabKeyNavigation(False)
        for row, (dist, name, licence) in enumerate(BUNDLED):
            for column, value in enumerate((name if name == dist else f"{name} ({dist})",
                                            library_version(dist), licence)):
                self.libraries.setItem(row, column, QTableWidgetItem(value))
        header = self.libraries.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        licences_note = QLabel(t("about_licences_note"))
        licences_note.setWordWrap(True)
        buttons = close_buttons(self, catalog)
        layout = QVBoxLayout(self)
        for widget in (title, self.version, intro):
            layout.addWidget(widget)
        layout.addLayout(folders)
        layout.addWidget(QLabel(f"<b>{t('about_libraries')}</b>"))
        layout.addWidget(self.libraries, 1)
        layout.addWidget(licences_note)
        layout.addWidget(buttons)
        self.resize(620, 560)


def guide_html(catalog: Catalog, marketplace: str) -> str:
    """One marketplace's page of the guide: the file, where it is, what it gives and does not."""
    t = catalog.text
    name = t(f"marketplace_{marketplace}")
    parts = [f"<h3>{name}</h3>",
             f"<p><b>{t('guide_file')}</b> {t(f'guide_{marketplace}_file')}</p>",
             f"<p><b>{t('guide_where')}</b> {t(f'guide_{marketplace}_path')}</p>",
             # the portals' own labels, which the Japanese text already quotes
             "" if catalog.language == "ja" else
             f"<p><b>{t('guide_on_screen')}</b> <code>{escape(load_profiles()[marketplace].portal_path)}</code></p>",
             f"<p><b>{t('guide_gives')}</b> {t(f'guide_{marketplace}_gives')}</p>",
             f"<p><b>{t('guide_missing')}</b> {t(f'guide_{marketplace}_missing')}</p>"]
    return "".join(parts)


class DownloadGuide(QDialog):
    """Which export to download from each marketplace, and which figures it gives."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None, marketplace: str | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        t = catalog.text
        self.setWindowTitle(t("action_download_guide"))
        self.setObjectName("downloadGuide")
        self.marketplaces = QListWidget()
        self.marketplaces.setObjectName("guideMarketplaces")
        self.marketplaces.setAccessibleName(t("guide_list_name"))
        for code in GUIDE_MARKETPLACES:
            self.marketplaces.addItem(t(f"marketplace_{code}"))
        self.page = QTextBrowser()
        self.page.setObjectName("guidePage")
        self.page.setOpenExternalLinks(False)
        intro = QLabel(t("guide_intro"))
        intro.setWordWrap(True)
        splitter = QSplitter()
        splitter.addWidget(self.marketplaces)
        splitter.addWidget(self.page)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 480])
        buttons = close_buttons(self, catalog)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.marketplaces.currentRowChanged.connect(self._show)
        start = GUIDE_MARKETPLACES.index(marketplace) if marketplace in GUIDE_MARKETPLACES else 0
        self.marketplaces.setCurrentRow(start)
        self.resize(700, 480)

    def _show(self, row: int) -> None:
        if 0 <= row < len(GUIDE_MARKETPLACES):
            self.page.setHtml(guide_html(self.catalog, GUIDE_MARKETPLACES[row]))
