"""Entry point: the window by default; `report` and `draft` run headless; `--self-test` checks a build.

    seller-gui                         the window (demo data when nothing is given)
    seller-gui FILE...                 the window with these files
    seller-gui report FILE... [--as-of ISO] [--window DAYS] [--stock FILE] [--json] [--no-store]
    seller-gui draft KIND FILE... [--as-of ISO] [--from DATE --to DATE] [--order ID]... [--gloss zh|en] [--json]
    seller-gui notice FILE|- [--json]  a marketplace's notice: kind, facts, asks, each sentence explained
    seller-gui --self-test             read the demo, paint the window offscreen, exit 0 or 1
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
from datetime import date
from pathlib import Path

from seller_gui import __version__


def _report_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="seller-gui report",
                                     description="Cancellation and late-shipment figures, headless.")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--as-of", help="ISO date-time; without an offset it means Japan time")
    parser.add_argument("--window", type=int, metavar="DAYS", help="override every marketplace's window")
    parser.add_argument("--stock", type=Path, metavar="FILE", help="stock file: SKU and quantity")
    parser.add_argument("--json", action="store_true", help="print the full report as JSON")
    parser.add_argument("--no-store", action="store_true",
                        help="a clean reading: ignore the cause tags, settings and column mappings "
                             "the window keeps (by default the report uses them, as the window does)")
    return parser


def _draft_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="seller-gui draft",
                                     description="Japanese drafts with a Chinese or English gloss.")
    parser.add_argument("kind", choices=("reply", "stockout", "delay", "cancel"))
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--as-of", help="ISO date-time; without an offset it means Japan time")
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="first day of the reply's period")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="last day of the reply's period")
    parser.add_argument("--order", action="append", default=[], metavar="ID",
                        help="order number (repeat for several); notices default to every order at risk")
    parser.add_argument("--gloss", choices=("zh", "en"), default="zh")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-store", action="store_true",
                        help="ignore the tags, settings and mappings the window keeps")
    shop = parser.add_argument_group("who signs (the window's settings hold these)")
    shop.add_argument("--shop", default="", help="shop name")
    shop.add_argument("--person", default="", help="person in charge")
    shop.add_argument("--email", default="")
    shop.add_argument("--phone", default="")
    shop.add_argument("--shop-id", default="")
    parser.add_argument("--reason", help="reason id of the notice (see resources/templates)")
    parser.add_argument("--payment", help="payment method id for a cancel notice")
    parser.add_argument("--restock", metavar="DATE", help="stockout: offer to ship on restock, expected then")
    parser.add_argument("--alternative", action="append", default=[], metavar="NAME|URL",
                        help="stockout: an item offered instead (repeat for several)")
    parser.add_argument("--notice", metavar="NOTICE",
                        help="reply: the marketplace's notice (a .txt or .eml file, or -) to answer point by point")
    return parser


def run_draft_command(argv: list[str]) -> int:
    from seller_gui.cli.draft import DraftRequest, run_draft
    from seller_gui.core.drafting.templates import Alternative, ShopProfile
    from seller_gui.core.pipeline import Seller

    args = _draft_parser().parse_args(argv)
    shop = ShopProfile(shop_name=args.shop, person=args.person, email=args.email, phone=args.phone,
                       shop_id=args.shop_id)
    alternatives = tuple(Alternative(*(part.strip() for part in text.split("|", 1)))
                         for text in args.alternative if "|" in text)
    restock = date.fromisoformat(args.restock) if args.restock else None
    notice = None
    if args.notice:
        from seller_gui.cli.notice import load_notice_ref
        from seller_gui.cli.report import say
        from seller_gui.core.i18n import Message
        from seller_gui.core.notices import NoticeFileError

        try:
            notice = load_notice_ref(args.notice)
        except NoticeFileError as error:
            say(sys.stderr, f"{args.notice}: {Message(error.code).explain('en')}\n")
            return 2
    request = DraftRequest(args.kind, args.files, args.as_of, args.date_from, args.date_to,
                           tuple(args.order), args.gloss, args.json, shop, args.reason, args.payment,
                           restock, alternatives, Seller() if args.no_store else Seller.from_disk(),
                           notice=notice)
    return run_draft(request, stdout=sys.stdout, stderr=sys.stderr)


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="seller-gui", description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", metavar="FILE", help="order exports to open")
    parser.add_argument("--self-test", action="store_true", help="check the build and exit")
    parser.add_argument("--lang", choices=("zh", "ja", "en"), help="interface language")
    parser.add_argument("--version", action="version", version=f"seller-gui {__version__}")
    return parser


def run_report_command(argv: list[str]) -> int:
    from seller_gui.cli.report import run_report
    from seller_gui.core.pipeline import Seller

    args = _report_parser().parse_args(argv)
    seller = Seller() if args.no_store else Seller.from_disk()
    return run_report(args.files, seller=seller, as_of=args.as_of, window_days=args.window,
                      stock_path=args.stock, as_json=args.json, stdout=sys.stdout, stderr=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the frozen app starts its own workbook-reading child processes
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["report"]:
        return run_report_command(argv[1:])
    if argv[:1] == ["draft"]:
        return run_draft_command(argv[1:])
    if argv[:1] == ["notice"]:
        from seller_gui.cli.notice import run_notice_command

        return run_notice_command(argv[1:])
    args = _gui_parser().parse_args(argv)
    if args.self_test:
        from seller_gui.cli.report import say
        from seller_gui.ui.selftest import SelfTestFailure, run_self_test

        try:
            with tempfile.TemporaryDirectory() as folder:
                say(sys.stdout, run_self_test(Path(folder)) + "\n")
        except SelfTestFailure as failure:
            say(sys.stderr, f"self-test FAILED: {failure}\n")
            return 1
        return 0
    from seller_gui.ui.app import run_gui

    return run_gui(args.files, language=args.lang)
