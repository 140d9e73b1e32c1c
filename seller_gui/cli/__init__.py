"""Entry point: the window by default; `report` and `draft` run headless; `--self-test` checks a build.

    seller-gui                         the window (demo data when nothing is given)
    seller-gui FILE...                 the window with these files
    seller-gui report FILE... [--as-of ISO] [--window DAYS] [--stock FILE] [--json] [--no-store]
    seller-gui draft KIND FILE... [--as-of ISO] [--from DATE --to DATE] [--order ID]... [--gloss zh|en|none]
                 [--cause ID]... [--done ID]... [--measure ID]... [--unknown-investigating] [--json]
    seller-gui draft options           the ids --cause, --done, --measure, --reason take (zh/en/ja)
    seller-gui draft reply FILE... --notice NOTICE   the reply answering a pasted notice point by point
    seller-gui notice FILE|- [--json]  a marketplace's notice: kind, facts, asks, each sentence explained
    seller-gui --self-test             read the demo, paint the window offscreen, exit 0 or 1
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import multiprocessing
import os
import sys
import tempfile
from pathlib import Path


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


def run_draft_command(argv: list[str]) -> int:
    from seller_gui.cli.draft import run_draft_command as run

    return run(argv)


def _gui_parser() -> argparse.ArgumentParser:
    from seller_gui import __version__

    parser = argparse.ArgumentParser(prog="seller-gui", description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", metavar="FILE", help="order exports to open")
    parser.add_argument("--self-test", action="store_true", help="check the build and exit")
    parser.add_argument("--lang", choices=("zh", "ja", "en"), help="interface language")
    parser.add_argument("--version", action="version", version=f"seller-gui {__version__}")
    return parser


def run_report_command(argv: list[str]) -> int:
    from seller_gui.cli.report import reading_ahead, run_report

    args = _report_parser().parse_args(argv)
    with reading_ahead(args.files):  # a workbook parses while pandas and the analysis import
        from seller_gui.core.pipeline import Seller

        seller = Seller() if args.no_store else Seller.from_disk()
        return run_report(args.files, seller=seller, as_of=args.as_of, window_days=args.window,
                          stock_path=args.stock, as_json=args.json, stdout=sys.stdout, stderr=sys.stderr)


def _exit_now(code: int) -> None:
    """End the process once its output is out, without freeing what it read object by object (0.1 s
    after a 100k-line report; nothing else is pending: the reads ahead are stopped, the store only read)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):  # a closed pipe, no console
            stream.flush()
    logging.shutdown()
    os._exit(code)


def _utf8_when_piped() -> None:
    """Output going to a file or a pipe is UTF-8, whatever the system's code page: on a Western
    Windows (cp1252) a piped report printed Chinese and Japanese as "?", and the frozen exe ignores
    PYTHONIOENCODING. A console keeps its own encoding (Windows' console takes Unicode anyway)."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue
        try:
            if not stream.isatty() and (stream.encoding or "").lower().replace("-", "") != "utf8":
                stream.reconfigure(encoding="utf-8", errors="replace")
        except (OSError, ValueError):  # a closed or odd stream: leave it as it is
            continue


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()  # the frozen app starts its own workbook-reading child processes
    _utf8_when_piped()
    from_command_line = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["report"]:
        code = run_report_command(argv[1:])
        if from_command_line:
            _exit_now(code)
        return code
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
