"""Write a table of orders to .xlsx or CSV so that nothing a buyer typed can run in Excel.

Every text cell is cleaned the same way for both formats (OWASP CSV-injection advice, reliability
notes §3): control characters other than tab and newline removed, a bare CR made a newline (Python
before 3.11.9 writes it unquoted and splits the row), text starting with = + - @ tab CR or LF given a
leading apostrophe, and text longer than Excel's cell limit cut with a visible mark. Numbers stay
numbers. The file is written beside the target and moved into place, so a failure leaves the old file
as it was; a loaded input file is never a target. Nothing is written anywhere else: openpyxl's working
copy of the sheet goes beside the target too, not into the system temp folder, and the temporary files
a killed export left in the folder are removed by the next export there (or the next start).
"""

from __future__ import annotations

import contextlib
import csv
import logging
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from seller_gui.core.storage.atomic import (
    remove_stale_temporaries,
    temporary_beside,
    write_atomically,
)

log = logging.getLogger(__name__)

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
EXCEL_CELL_LIMIT = 32_767
TRUNCATION_MARK = "…[truncated]"
CSV_ENCODINGS = {"utf-8-sig": "utf-8-sig", "cp932": "cp932"}
# C0 controls except tab and newline (CR is handled apart), DEL and the C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class ExportError(Exception):
    """An export the seller asked for could not be written; ``kind`` is stable, the message for a person.

    kinds: ``input_file`` (the target is one of the loaded exports), ``locked`` (the target is open in
    another program, e.g. Excel), ``unwritable`` (no permission, disk full, folder gone), ``encoding``
    (a character that CP932 cannot hold).
    """

    def __init__(self, path: str | Path, kind: str, detail: str) -> None:
        self.path = Path(path)
        self.kind = kind
        self.detail = detail
        super().__init__(f"{self.path.name}: {detail}")


def clean_text(text: str) -> str:
    """One text cell made safe for a spreadsheet (see the module docstring)."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if text.startswith(FORMULA_TRIGGERS):
        text = "'" + text
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(TRUNCATION_MARK)] + TRUNCATION_MARK
    return text


def clean_value(value: Any) -> Any:
    """A cell as it is written: numbers stay numbers, times lose their zone (Excel has none), text is
    cleaned, missing values are empty."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return None if isinstance(value, float) and math.isnan(value) else value
    if hasattr(value, "item") and not isinstance(value, str | bytes | pd.Timestamp):
        return clean_value(value.item())  # numpy scalars
    if isinstance(value, pd.Timestamp | datetime):
        stamp = pd.Timestamp(value)
        # shown as the wall-clock time of the file (Japan time), as the seller reads it
        return stamp.tz_localize(None).to_pydatetime() if stamp.tzinfo else stamp.to_pydatetime()
    if isinstance(value, list | tuple | set | frozenset):
        return clean_text(", ".join(str(v) for v in value))
    return clean_text(str(value))


def export_frame(frame: pd.DataFrame, target: str | Path, *, fmt: str | None = None,
                 encoding: str = "utf-8-sig", inputs: Iterable[str | Path] = (),
                 headers: Mapping[str, str] | None = None) -> Path:
    """Write ``frame`` to ``target`` (.xlsx, or CSV in UTF-8 with BOM or CP932); raises ExportError.

    ``fmt`` is ``"xlsx"`` or ``"csv"`` (default: from the suffix); ``inputs`` are the loaded files,
    never overwritten; ``headers`` renames columns for the seller (missing ones keep their name).
    """
    target = Path(target)
    fmt = fmt or ("xlsx" if target.suffix.lower() == ".xlsx" else "csv")
    if fmt not in ("xlsx", "csv"):
        raise ValueError(f"unknown export format {fmt!r}")
    if encoding not in CSV_ENCODINGS:
        raise ValueError(f"unknown CSV encoding {encoding!r}")
    refuse_input_target(target, inputs)
    names = [str((headers or {}).get(str(c), c)) for c in frame.columns]
    rows = ([clean_value(v) for v in row] for row in frame.itertuples(index=False, name=None))
    writer: Callable[[Path], None]
    if fmt == "xlsx":
        def writer(tmp: Path) -> None:
            _write_xlsx(tmp, [clean_text(n) for n in names], rows)
    else:
        def writer(tmp: Path) -> None:
            _write_csv(tmp, [clean_text(n) for n in names], rows, CSV_ENCODINGS[encoding])
    _write_into_place(target, writer)
    log.info("Exported %d rows, %d columns as %s", len(frame), len(frame.columns), fmt)
    return target


def refuse_input_target(target: Path, inputs: Iterable[str | Path]) -> None:
    for source in inputs:
        try:
            same = os.path.samefile(target, source)
        except OSError:  # the target does not exist yet, or the input is gone: not the same file
            same = False
        if same:
            raise ExportError(target, "input_file", f"{target.name} is one of the order files that "
                              "were loaded; an export never overwrites them. Choose another name.")


def _write_into_place(target: Path, write: Callable[[Path], None]) -> None:
    remove_stale_temporaries(target.parent)
    try:
        write_atomically(target, write)
    except PermissionError as exc:
        raise ExportError(target, "locked", f"{target.name} could not be replaced: it is probably open "
                          "in Excel or another program. Close it there and export again, or choose "
                          "another name. The existing file was not changed.") from exc
    except UnicodeEncodeError as exc:
        raise ExportError(target, "encoding", "Some text cannot be written in Shift-JIS (CP932); "
                          "export as UTF-8 CSV or .xlsx instead.") from exc
    except OSError as exc:
        raise ExportError(target, "unwritable", f"{target.name} could not be written "
                          f"({exc.strerror or type(exc).__name__}).") from exc


def _write_csv(path: Path, names: list[str], rows: Iterable[list[Any]], encoding: str) -> None:
    with path.open("w", encoding=encoding, newline="") as handle:
        out = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        out.writerow(names)
        for row in rows:
            out.writerow(["" if v is None else _csv_text(v) for v in row])


def _csv_text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y/%m/%d %H:%M:%S") if value.second else value.strftime("%Y/%m/%d %H:%M")
    return value


def _write_xlsx(path: Path, names: list[str], rows: Iterable[list[Any]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("orders")
    part = temporary_beside(path)
    try:
        _stream_sheet_into(sheet, part)
        sheet.append(names)
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text looks like
                elif isinstance(value, datetime):
                    cell.number_format = "yyyy/mm/dd hh:mm"
                cells.append(cell)
            sheet.append(cells)
        book.save(path)
    finally:
        # no-ops after save; after a failure they let go of the part's file, whatever else is wrong
        with contextlib.suppress(Exception):
            if sheet._rows is not None:
                sheet._rows.close()
        with contextlib.suppress(Exception):
            sheet._writer.close()
        part.unlink(missing_ok=True)
        _forget_part(part)


def _stream_sheet_into(sheet: Any, part: Path) -> None:
    """Have openpyxl stream ``sheet`` into ``part`` instead of a file of its own in the system temp
    folder (write-only mode's default, which a killed export leaves behind with the buyers' data).
    openpyxl has no option for this; tests/core/test_export_faults.py pins that it still works."""
    from openpyxl.worksheet._writer import ALL_TEMP_FILES, WorksheetWriter

    ALL_TEMP_FILES.append(str(part))  # openpyxl takes it off this list when it has copied the sheet
    sheet._writer = WorksheetWriter(sheet, out=str(part))
    sheet._writer.write_top()


def _forget_part(part: Path) -> None:
    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    if str(part) in ALL_TEMP_FILES:
        ALL_TEMP_FILES.remove(str(part))
