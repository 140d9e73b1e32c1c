"""Windows behaviour of the core, checked under Wine with the Windows CPython that builds the bundle.

Run by scripts/wine_checks.sh (never by pytest: it needs Windows): the order file, the store, the
settings, the column mappings, the log and the exports all sit under the non-ASCII user folder
C:\\Users\\王偉, and an export target is held open by another process the way Excel holds a workbook.

    wine python.exe scripts\\wine_checks.py C:\\Users\\王偉\\Downloads\\注文.csv
    wine python.exe scripts\\wine_checks.py --no-console seller-gui.exe ARGS...   (prints the exit code)

It also leaves cause tags and a limit in the user's own store and settings, which the frozen exe's
report must then pick up (wine_checks.sh checks that). Prints one line per check and a closing
'N passed, N failed' line; exits 1 when any failed.
"""

from __future__ import annotations

import csv
import ctypes
import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

USER_FOLDER = "王偉"
TAGGED_LIMIT = 0.07  # the seller's own au PAY limit, which the exe's report must show
results: list[tuple[str, str | None]] = []


def check(name: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    def run(function: Callable[[], None]) -> Callable[[], None]:
        try:
            function()
            results.append((name, None))
            print(f"ok    {name}", flush=True)
        except Exception as exc:  # a failed check is reported, the others still run
            results.append((name, f"{type(exc).__name__}: {exc}"))
            print(f"FAIL  {name}: {type(exc).__name__}: {exc}", flush=True)
        return function
    return run


def hold_open(path: Path) -> None:
    """The child side of the locked-export check: open ``path`` as Excel does (read and write,
    others may only read), say so, and keep it open until stdin closes."""
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateFileW.restype = ctypes.c_void_p
    generic_read_write, share_read, open_existing, normal = 0xC0000000, 1, 3, 0x80
    handle = kernel32.CreateFileW(str(path), generic_read_write, share_read, None, open_existing,
                                  normal, None)
    if handle in (None, ctypes.c_void_p(-1).value):
        print(f"could not open: error {ctypes.get_last_error()}", flush=True)
        return
    print("held", flush=True)
    sys.stdin.read()
    kernel32.CloseHandle(ctypes.c_void_p(handle))


def main(order_file: str) -> int:
    from seller_gui.core.logs import setup_logging
    from seller_gui.core.pipeline import Seller, read, summarise
    from seller_gui.core.schema import BUYER, SELLER
    from seller_gui.core.storage.export import ExportError, export_frame
    from seller_gui.core.storage.mappings import MappingStore
    from seller_gui.core.storage.paths import DataPaths
    from seller_gui.core.storage.settings import SellerSettings, SettingsFile
    from seller_gui.core.storage.store import Store

    sys.stdout.reconfigure(encoding="utf-8")  # a pipe's code page here (cp1252) has no 王偉
    source = Path(order_file)
    downloads = source.parent
    paths = DataPaths.default()
    demo_figures = summarise([source], Seller()).figures["aupay"]

    @check("the user's folders (platformdirs) are under C:\\Users\\王偉")
    def _() -> None:
        for where in (paths.store, paths.settings, paths.mappings, paths.logs):
            assert USER_FOLDER in str(where), where

    @check("order file by backslash path, forward-slash path and relative path: same figures")
    def _() -> None:
        import os

        assert "\\" in order_file and "\r\n" in source.read_bytes().decode("cp932"), "not a CRLF file"
        os.chdir(downloads)
        for variant in (order_file, order_file.replace("\\", "/"), source.name):
            summary = summarise([variant], Seller())
            assert not summary.failures, summary.failures
            got = summary.files[0]
            assert (got.marketplace, got.encoding, got.rows) == ("aupay", "cp932", 357), got
            assert summary.figures["aupay"] == demo_figures, variant

    @check("log: written under the user folder, UTF-8, names kept")
    def _() -> None:
        log_path = setup_logging()
        assert log_path is not None and log_path.parent == paths.logs, log_path
        logging.getLogger("wine_checks").info("read %s", source.name)
        for handler in logging.getLogger().handlers:
            handler.flush()
        assert f"read {source.name}" in log_path.read_text(encoding="utf-8")

    lines = read([source], Seller()).lines
    seller_cancelled = lines.loc[lines["cancel_cause"] == SELLER, "order_id"].unique()

    @check("store: cause tags written and read back in the user folder")
    def _() -> None:
        with Store(paths.store) as store:
            store.set_cause_tags(("aupay", order, BUYER) for order in seller_cancelled)
        with Store(paths.store) as store:
            tags = store.cause_tags()
        assert len(tags) == len(seller_cancelled) > 0 and set(tags.values()) == {BUYER}, tags
        assert paths.store.stat().st_size > 0

    @check("settings: saved and loaded in the user folder (shop name in Japanese)")
    def _() -> None:
        settings = SellerSettings(rule_overrides={"aupay": {"limit": TAGGED_LIMIT}})
        settings.profile.shop_name = "王偉の店"
        SettingsFile(paths.settings).save(settings)
        loaded = SettingsFile(paths.settings).load()
        assert loaded.problem is None, loaded.problem
        assert loaded.settings.rule_overrides == {"aupay": {"limit": TAGGED_LIMIT}}
        assert loaded.settings.profile.shop_name == "王偉の店"

    @check("column mappings: saved and found again in the user folder")
    def _() -> None:
        header = ["注文番号", "注文日", "ステータス"]
        MappingStore(paths.mappings).save(header, {"order_id": "注文番号", "ordered_at": "注文日"})
        found = MappingStore(paths.mappings).get(header)
        assert found is not None and found.fields["order_id"] == "注文番号"

    frame = lines[["order_id", "ordered_at", "status", "item_name"]]

    @check("export: .xlsx, CP932 and UTF-8 CSV written next to the order file")
    def _() -> None:
        from openpyxl import load_workbook

        book = export_frame(frame, downloads / "注文-出力.xlsx", inputs=[source])
        workbook = load_workbook(book, read_only=True)
        rows = list(workbook.active.iter_rows(values_only=True))
        workbook.close()  # a read-only workbook keeps its file open, which would block the next export
        assert len(rows) == len(frame) + 1 and rows[1][0] == frame.iat[0, 0], rows[:2]
        for encoding, codec in (("cp932", "cp932"), ("utf-8-sig", "utf-8-sig")):
            target = export_frame(frame, downloads / f"注文-出力-{encoding}.csv", encoding=encoding)
            with target.open(encoding=codec, newline="") as text:
                written = list(csv.reader(text))
            assert len(written) == len(frame) + 1 and written[1][3] == frame.iat[0, 3], written[:2]
        assert not list(downloads.glob(".sg-*.tmp")), "a temporary file was left behind"

    @check("export: refused over the order file it came from")
    def _() -> None:
        try:
            export_frame(frame, source, inputs=[order_file.replace("\\", "/")])
        except ExportError as error:
            assert error.kind == "input_file", error.kind
        else:
            raise AssertionError("the order file was overwritten")

    @check("export: a target held open by another process (as by Excel) is reported, not changed")
    def _() -> None:
        target = downloads / "注文-出力.xlsx"
        before = target.read_bytes()
        holder = subprocess.Popen([sys.executable, __file__, "--hold", str(target)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            said = holder.stdout.readline().strip()
            assert said == "held", said
            try:
                export_frame(frame.head(3), target)
            except ExportError as error:
                assert error.kind == "locked", error.kind
            else:
                raise AssertionError("the export replaced a file another process holds open")
            assert target.read_bytes() == before, "the held file changed"
            assert not list(downloads.glob(".sg-*.tmp")), "a temporary file was left behind"
        finally:
            holder.stdin.close()
            holder.wait(30)
        export_frame(frame.head(3), target)  # closed in the other program: the export goes through
        assert target.read_bytes() != before

    failed = [name for name, problem in results if problem]
    print(f"wine checks (Windows Python): {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def without_console(command: list[str]) -> int:
    """Start ``command`` as Explorer starts a windowed program: no stdin, stdout or stderr at all."""
    no_handles = subprocess.STARTUPINFO(dwFlags=subprocess.STARTF_USESTDHANDLES, hStdInput=None,
                                        hStdOutput=None, hStdError=None)
    code = subprocess.call(command, startupinfo=no_handles, creationflags=subprocess.DETACHED_PROCESS)
    print(f"exit code {code}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--hold"]:
        hold_open(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["--no-console"]:
        raise SystemExit(without_console(sys.argv[2:]))
    else:
        raise SystemExit(main(sys.argv[1]))
