"""Checklist rows 25 and 26: no network at all, and no buyer's personal data in the log or a crash report.

pytest-socket already refuses sockets for the whole suite (``--disable-socket`` in pyproject); these
tests say it explicitly for the paths a seller runs, and also cover the child processes the app
spawns (workbook readers), which no in-process patch reaches.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from seller_gui import cli
from seller_gui.core.errors import OrderFileError
from seller_gui.core.logs import setup_logging
from seller_gui.core.reading import loader
from seller_gui.core.reading.loader import load_order_file
from tests.conftest import DEMO_FILE
from tests.core import exports

ROOT = Path(__file__).resolve().parents[2]

BUYER = {
    "ordererName": "髙橋 美咲", "ordererKana": "タカハシ ミサキ", "mailAddress": "misaki.t@example.jp",
    "ordererZipCode": "150-0041", "ordererAddress": "東京都渋谷区神南1-19-11 パークウェースクエア4F",
    "ordererPhoneNumber1": "090-1234-5678", "senderName": "Jonathan Appleseed",
    "senderAddress": "大阪府大阪市北区梅田3-1-3", "senderPhoneNumber1": "06-6345-6789",
    "rawMailAddress": "j.appleseed@example.com",
}
SECRETS = [v for v in BUYER.values()] + ["髙橋", "美咲", "神南", "Appleseed", "5678", "example.jp",
                                           "example.com"]


def _buyer_export(tmp_path: Path) -> Path:
    header, rows = exports.aupay_table()
    for row in rows:
        for column, value in BUYER.items():
            row[header.index(column)] = value
    return exports.write_text(tmp_path / "orders-with-buyers.csv", (header, rows))


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


# ---------------------------------------------------------------- row 25


@pytest.mark.qt_no_exception_capture
def test_log_and_crash_report_hold_no_buyer_data(tmp_path, monkeypatch, qtbot):
    from seller_gui.core.i18n import Catalog
    from seller_gui.resources_path import resource
    from seller_gui.ui.crash import CrashDialog, CrashReporter

    monkeypatch.setattr(sys, "stdout", None)  # as in the windowed build
    monkeypatch.setattr(sys, "stderr", None)
    log_path = setup_logging(tmp_path / "logs", level=logging.DEBUG)
    export = _buyer_export(tmp_path)
    loaded = load_order_file(export)
    assert set(loaded.lines["buyer_name"]) == {BUYER["ordererName"]}  # the data really was read

    # a library error that quotes the cell it choked on, inside the loader: the seller sees a
    # "damaged" message and the log keeps only the type
    def choke(*_args, **_kwargs):
        raise ValueError(f"cannot parse {BUYER['ordererAddress']!r} for {BUYER['ordererName']}")

    monkeypatch.setattr(loader, "build_lines", choke)
    with pytest.raises(OrderFileError) as caught:
        load_order_file(export)
    assert caught.value.kind == "damaged" and not _leaks(str(caught.value))

    # an unexpected exception carrying every kind of personal data reaches the crash path; values
    # are quoted as library errors quote them (an unquoted Latin-script name is beyond any filter)
    reports: list[str] = []
    monkeypatch.setattr(CrashDialog, "present", classmethod(
        lambda cls, report, log_path, catalog, parent=None: reports.append(report)))
    reporter = CrashReporter(Catalog.load(resource("i18n", "strings.toml"), "en"), log_path)
    try:
        try:
            raise KeyError(BUYER["ordererName"])
        except KeyError as inner:
            error = RuntimeError("row for " + ", ".join(f"{k}={v!r}" for k, v in BUYER.items())
                                 + f"\n{BUYER['senderAddress']} {BUYER['senderName']!r}")
            error.add_note(f"buyer {BUYER['ordererKana']}")
            raise error from inner
    except RuntimeError:
        reporter.handle(*sys.exc_info())
    qtbot.waitUntil(lambda: len(reports) == 1)
    for handler in logging.getLogger().handlers:
        handler.flush()
    log_text = log_path.read_text(encoding="utf-8")
    assert "RuntimeError" in reports[0] and "KeyError" in reports[0] and "RuntimeError" in log_text
    assert "loaded orders-with-buyers.csv" in log_text
    assert _leaks(reports[0]) == []
    assert _leaks(log_text) == []


def test_number_parsing_warnings_name_columns_not_values(tmp_path):
    header, rows = exports.aupay_table()
    for row in rows:
        row[header.index("totalItemPrice")] = BUYER["ordererAddress"]
    loaded = load_order_file(exports.write_text(tmp_path / "w.csv", (header, rows)))
    assert loaded.warnings
    assert not _leaks(" ".join(w.explain(lang) for w in loaded.warnings for lang in ("zh", "ja", "en")))


# ---------------------------------------------------------------- row 26


class _Attempts:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def guard(self, name: str):
        def refuse(*args, **_kwargs):
            self.calls.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise OSError("network access attempted")
        return refuse


def test_reading_analysing_and_reporting_opens_no_socket(tmp_path, monkeypatch, capsys):
    attempts = _Attempts()
    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, attempts.guard(f"socket.{name}"))
    monkeypatch.setattr(socket, "create_connection", attempts.guard("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", attempts.guard("getaddrinfo"))
    xlsx = exports.write_xlsx(tmp_path / "orders.xlsx", exports.rakuten_pay_table())
    html = exports.html_xls(tmp_path / "web.xls", exports.qoo10_table())
    files = [str(DEMO_FILE), str(_buyer_export(tmp_path)), str(xlsx), str(html)]
    assert cli.main(["report", *files, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["files"]) == 4 and report["at_risk"]
    assert cli.main(["report", *files]) == 0
    assert "Orders at risk" in capsys.readouterr().out
    assert attempts.calls == []


_GUARD = '''
import os, socket

_LOG = os.environ["NETWORK_ATTEMPTS_FILE"]

def _refuse(name):
    def refuse(*args, **kwargs):
        with open(_LOG, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {name} {args[1:]!r}\\n")
        raise OSError("network access attempted")
    return refuse

for _name in ("connect", "connect_ex", "sendto"):
    setattr(socket.socket, _name, _refuse("socket." + _name))
socket.create_connection = _refuse("create_connection")
socket.getaddrinfo = _refuse("getaddrinfo")
'''


def test_a_full_run_with_child_processes_and_the_window_makes_no_network_attempt(tmp_path):
    # the guard is a sitecustomize, so every process (workbook readers too) starts with it
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(textwrap.dedent(_GUARD), encoding="utf-8")
    attempts = tmp_path / "attempts.txt"
    xlsx = exports.write_xlsx(tmp_path / "orders.xlsx", exports.amazon_all_orders_table())
    bomb = exports.xlsx_a1_xfd(tmp_path / "huge.xlsx")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "NETWORK_ATTEMPTS_FILE": str(attempts),
           "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}
    report = subprocess.run([sys.executable, "-m", "seller_gui", "report", str(DEMO_FILE), str(xlsx),
                             str(bomb)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert report.returncode == 2 and "Orders at risk" in report.stdout
    window = subprocess.run([sys.executable, "-m", "seller_gui", "--self-test"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert window.returncode == 0, window.stderr
    assert not attempts.exists(), attempts.read_text(encoding="utf-8")
