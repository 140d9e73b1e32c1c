"""Open the real window on the demo data in a given state, for the screenshots in docs/.

    python scripts/show_window.py --lang zh --tab drafts --kind reply
Used with ../shared/tools/screenshot, which captures the virtual screen after a few seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings, Qt, QTimer

from seller_gui.ui.app import application, load_catalog
from seller_gui.ui.main_window import MainWindow

TABS = {"risk": 0, "behind": 1, "files": 2, "drafts": 3, "notice": 4}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", choices=("zh", "ja", "en"), default="en")
    parser.add_argument("--tab", choices=tuple(TABS), default="risk")
    parser.add_argument("--kind", choices=("reply", "stockout", "delay", "cancel"), default="reply")
    parser.add_argument("--select", type=int, nargs="*", default=[0], help="at-risk rows to select")
    parser.add_argument("--files", nargs="*", default=[], help="exports to open instead of the demo")
    parser.add_argument("--account", default=None, help="the overview row to select (all: every one)")
    parser.add_argument("--dialog", choices=("about", "guide"), default=None, help="a Help dialog on top")
    parser.add_argument("--notice", type=Path, default=None,
                        help="a marketplace notice read in the notice tab (with --answer: then answered)")
    parser.add_argument("--answer", action="store_true", help="press 'Answer this notice'")
    parser.add_argument("--tick", action="append", default=[], metavar="LIST:ID",
                        help="tick a draft checklist item as the seller would (e.g. causes:timesale_stock)")
    parser.add_argument("--investigating", action="store_true",
                        help="report the cancellations of unknown cause as under investigation")
    args = parser.parse_args()
    app = application()
    folder = tempfile.mkdtemp()
    if args.dialog == "guide":  # on its own: over the busy window Xvfb left it unpainted
        from seller_gui.ui.help_dialog import DownloadGuide

        guide = DownloadGuide(load_catalog(args.lang), None, "qoo10")
        guide.show()
        return app.exec()
    window = MainWindow(load_catalog(args.lang), QSettings(f"{folder}/s.ini", QSettings.Format.IniFormat))

    def arrange(_summary: object) -> None:
        for row in args.select:
            window.risk_panel.table.selectRow(row)
        panel = window.drafts_panel
        panel.kind.setCurrentIndex(panel.kind.findData(args.kind))
        window.tabs.setCurrentIndex(TABS[args.tab])
        if args.notice:
            window.notice_panel.load_file(args.notice)
            if args.answer:
                window.notice_panel.request_answer()
        for choice in args.tick:
            list_name, item_id = choice.split(":", 1)
            panel.lists[list_name].item_for(item_id).setCheckState(Qt.CheckState.Checked)
        if args.investigating:
            panel.investigating.setChecked(True)
        if args.account:
            window.overview.choose("" if args.account == "all" else args.account)
        if args.dialog == "about":
            window.help_shown = window.about_dialog()
        if args.dialog:
            QTimer.singleShot(1000, window.help_shown.show)  # once the window is painted

    window.dashboard_ready.connect(arrange)
    window.show()
    if args.files:
        window.open_paths(args.files)
    else:
        window.open_demo()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
