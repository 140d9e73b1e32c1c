"""Hostile and awkward input files, each with what a seller gets for it.

``CATALOGUE`` is the list the issue asks for ("the inputs tried and what each gets"): the loader
test checks every entry, and the command-line test feeds them all to ``report`` at once.
All builders are deterministic and write small files (the biggest inflates to 64 MB).
"""

from __future__ import annotations

import codecs
import io
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.core import exports

LOADED = "loaded"

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def compound_file(streams: list[tuple[str, bytes]]) -> bytes:
    """A minimal OLE2 compound file (what .xls and encrypted .xlsx are) holding ``streams``.

    Each stream is padded to at least 4096 bytes so it lives in regular sectors (no mini stream).
    One FAT sector and one directory sector: up to three streams and 63 KB in all.
    """
    sector = 512
    bodies = [data.ljust(max(4096, -(-len(data) // sector) * sector), b"\0") for _, data in streams]
    fat = [_FAT, _END]
    starts = []
    for body in bodies:
        count = len(body) // sector
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [_END]
    if len(fat) > sector // 4 or len(streams) > 3:
        raise ValueError("too much for one FAT and one directory sector")
    fat += [_FREE] * (sector // 4 - len(fat))
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108)

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", _FREE, right, child) + b"\0" * 36 + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, 1 if streams else _FREE, _FREE, _END, 0)
    for i, ((name, _), start) in enumerate(zip(streams, starts, strict=True)):
        right = i + 2 if i + 1 < len(streams) else _FREE
        directory += entry(name, 2, _FREE, right, start, len(bodies[i]))
    directory = directory.ljust(sector, b"\0")
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(bodies)


# ---------------------------------------------------------------- a real (tiny) .xls, built by hand


def _record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(dt: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 0x0006))


def biff8_workbook(table: exports.Table, *, sheet: str = "Sheet1", password: bool = False) -> bytes:
    """The 'Workbook' stream of a BIFF8 .xls: one sheet, every cell a shared string.

    With ``password`` it carries a FILEPASS record, as Excel writes for a password-protected .xls.
    """
    header, rows = table
    grid = [header, *rows]
    strings = sorted({c for row in grid for c in row})
    index = {s: i for i, s in enumerate(strings)}
    sst = struct.pack("<II", sum(len(r) for r in grid), len(strings)) + b"".join(
        struct.pack("<HB", len(s), 1) + s.encode("utf-16-le") for s in strings)
    name = sheet.encode("utf-16-le")

    def globals_(offset: int) -> bytes:
        return (_bof(0x0005) + (_record(0x002F, b"\x00\x00" + b"\0" * 52) if password else b"")
                + _record(0x0042, struct.pack("<H", 1200))
                + _record(0x0085, struct.pack("<IBB", offset, 0, 0) + struct.pack("<BB", len(sheet), 1) + name)
                + _record(0x00FC, sst) + _record(0x000A))

    width = max(len(r) for r in grid)
    cells = b"".join(_record(0x00FD, struct.pack("<HHHI", r, c, 0, index[v]))
                     for r, row in enumerate(grid) for c, v in enumerate(row) if v != "")
    worksheet = (_bof(0x0010) + _record(0x0200, struct.pack("<IIHHH", 0, len(grid), 0, width, 0))
                 + cells + _record(0x000A))
    return globals_(len(globals_(0))) + worksheet


def small_table(rows: int = 3) -> exports.Table:
    """A narrow generic order table (a compound file holds at most ~60 KB)."""
    header = ["注文番号", "注文日時", "ステータス", "商品名", "数量"]
    body = [[f"10{i:04d}", f"2024/05/0{1 + i % 9} 10:00", "キャンセル" if i % 3 == 0 else "発送済み",
             f"商品{i}", "1"] for i in range(rows)]
    return header, body


# ---------------------------------------------------------------- workbooks with hostile XML or zips


def _sheet(rows_xml: bytes, before: bytes = b"", doctype: bytes = b"") -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?>' + doctype + b'<worksheet xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main">' + before + b"<sheetData>" + rows_xml
            + b"</sheetData></worksheet>")


def _inline_rows(table: exports.Table) -> bytes:
    header, rows = table
    out = []
    for r, row in enumerate([header, *rows], start=1):
        cells = b"".join(b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (_column(c).encode(), r,
                                                                                  v.encode())
                         for c, v in enumerate(row) if v)
        out.append(b'<row r="%d">%s</row>' % (r, cells))
    return b"".join(out)


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _xlsx(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx_with_sheet(sheet_xml: bytes) -> bytes:
    return _xlsx(exports._xlsx_parts(sheet_xml))


def quadratic_blowup() -> bytes:
    entity = b"x" * 50_000
    return xlsx_with_sheet(_sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"&a;" * 20_000
                                  + b"</t></is></c></row>",
                                  doctype=b'<!DOCTYPE worksheet [<!ENTITY a "' + entity + b'">]>'))


def xxe(secret: Path) -> bytes:
    doctype = b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file://' + str(secret).encode() + b'">]>'
    table = small_table()
    rows = _inline_rows(table).replace(b"<t>" + table[1][0][3].encode() + b"</t>", b"<t>&x;</t>", 1)
    return xlsx_with_sheet(_sheet(rows, doctype=doctype))


def lying_dimension() -> bytes:
    """A real order sheet whose <dimension> claims the whole grid: the cells decide, not the claim."""
    return xlsx_with_sheet(_sheet(_inline_rows(small_table()), before=b'<dimension ref="A1:XFD1048576"/>'))


def last_row_1048576(table: exports.Table) -> bytes:
    """Real orders, then one stray cell in the sheet's last row: the reader must not choke on the gap."""
    stray = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t> </t></is></c></row>'
    return xlsx_with_sheet(_sheet(_inline_rows(table) + stray))


def lying_zip(inflated: int = 64 * 2**20) -> bytes:
    """A zip whose headers claim a small sharedStrings part that really inflates to ``inflated``."""
    buffer = io.BytesIO()
    parts = exports._xlsx_parts(_sheet(_inline_rows(small_table())))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        archive.writestr("xl/sharedStrings.xml", b" " * inflated)
    data = bytearray(buffer.getvalue())
    claimed = struct.pack("<I", 1000)
    # local header: uncompressed size at +22; central directory entry: at +24
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_length = struct.unpack_from("<H", data, start + (26 if signature == b"PK\x03\x04" else 28))[0]
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + name_length] == b"xl/sharedStrings.xml":
                data[start + offset:start + offset + 4] = claimed
            start += 4
    return bytes(data)


def xlsm(table: exports.Table, folder: Path) -> bytes:
    """A macro-enabled workbook: the data sheet plus a vbaProject part the app must never run."""
    source = exports.write_xlsx(folder / "macro-source.xlsx", table)
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
        b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    parts["xl/vbaProject.bin"] = compound_file([("VBA", b"Attribute VB_Name = \"Module1\"\r\nSub AutoOpen()")])
    source.unlink()
    return _xlsx(parts)


def empty_workbook(folder: Path) -> bytes:
    from openpyxl import Workbook

    path = folder / "empty-source.xlsx"
    Workbook().save(path)
    data = path.read_bytes()
    path.unlink()
    return data


def merged_group_header(folder: Path) -> bytes:
    """A title row, a blank row, then a merged group-header row above the real header."""
    from openpyxl import Workbook

    header, rows = exports.aupay_table()
    book = Workbook()
    sheet = book.active
    sheet.append(["受注データ一覧 2024年5月"])
    sheet.append([])
    sheet.append(["注文情報"] + [""] * 9 + ["商品情報"] + [""] * (len(header) - 11))
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=10)
    sheet.merge_cells(start_row=3, start_column=11, end_row=3, end_column=len(header))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = folder / "merged-source.xlsx"
    book.save(path)
    data = path.read_bytes()
    path.unlink()
    return data


def excel_2003_xml() -> bytes:
    return (b'<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-'
            b'microsoft-com:office:spreadsheet"><Worksheet><Table><Row><Cell><Data>1</Data></Cell></Row>'
            b"</Table></Worksheet></Workbook>")


# ---------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class Hostile:
    name: str  # the file name the seller sees (the extension may lie)
    what: str
    expected: str  # "loaded" or the OrderFileError kind
    build: Callable[[Path], bytes]
    # what the pipeline (window and command line) reports, when it knows more than the loader: a file
    # no layout matched that is no order table at all is "not_orders", not a case for column mapping
    reported: str | None = None

    @property
    def reported_kind(self) -> str:
        return self.reported or self.expected


def _text(data: str, encoding: str = "utf-8") -> Callable[[Path], bytes]:
    return lambda _folder: data.encode(encoding)


def _xlsx_of(table_fn: Callable[[], exports.Table]) -> Callable[[Path], bytes]:
    def build(folder: Path) -> bytes:
        path = exports.write_xlsx(folder / "source.xlsx", table_fn())
        data = path.read_bytes()
        path.unlink()
        return data
    return build


_ORDERS = "注文番号,注文日時,ステータス\r\n"

CATALOGUE: list[Hostile] = [
    Hostile("zero-bytes.csv", "0-byte file", "empty", _text("")),
    Hostile("only-bom.csv", "UTF-8 BOM and blank lines", "empty", lambda _f: codecs.BOM_UTF8 + b"\r\n\r\n"),
    Hostile("header-only.csv", "header row, no orders", "not_orders", _text(_ORDERS, "cp932")),
    Hostile("empty.xlsx", "workbook with one empty sheet", "not_orders", empty_workbook),
    Hostile("billion-laughs.xlsx", "nested XML entities (billion laughs)", "damaged",
            lambda f: exports.xlsx_billion_laughs(f / "x.xlsx").read_bytes()),
    Hostile("quadratic.xlsx", "one 50 KB entity used 20,000 times (quadratic blowup)", "damaged",
            lambda _f: quadratic_blowup()),
    Hostile("xxe.xlsx", "external entity pointing at a local file (XXE)", "damaged",
            lambda f: xxe(f / "secret.txt")),
    Hostile("zip-bomb.xlsx", "300 KB that inflates to 64 MB of spaces", "too_large",
            lambda f: exports.xlsx_zip_bomb(f / "x.xlsx", inflated=64 * 2**20).read_bytes()),
    Hostile("lying-zip.xlsx", "zip headers claim 1 KB for a part that inflates to 64 MB", "damaged",
            lambda _f: lying_zip()),
    Hostile("a1-xfd1048576.xlsx", "cells at A1 and XFD1048576 (calamine aborts on it)", "too_large",
            lambda f: exports.xlsx_a1_xfd(f / "x.xlsx").read_bytes()),
    Hostile("lying-dimension.xlsx", "<dimension> claims A1:XFD1048576, three real orders", LOADED,
            lambda _f: lying_dimension()),
    Hostile("last-row-1048576.xlsx", "orders, then one cell in row 1,048,576", LOADED,
            lambda _f: last_row_1048576(small_table())),
    Hostile("locked.xlsx", "password-protected xlsx (OLE2 with EncryptedPackage)", "encrypted",
            lambda f: exports.encrypted_ole(f / "x.xlsx").read_bytes()),
    Hostile("locked.xls", "password-protected .xls (FILEPASS record)", "encrypted",
            lambda _f: compound_file([("Workbook", biff8_workbook(small_table(), password=True))])),
    Hostile("real.xls", "a BIFF8 .xls", LOADED,
            lambda _f: compound_file([("Workbook", biff8_workbook(small_table()))])),
    Hostile("xls-renamed.xlsx", "a BIFF8 .xls named .xlsx", LOADED,
            lambda _f: compound_file([("Workbook", biff8_workbook(small_table()))])),
    Hostile("ole-without-workbook.xls", "an OLE2 file with no workbook in it", "damaged",
            lambda _f: compound_file([("WordDocument", b"\xec\xa5" + b"\0" * 100)])),
    Hostile("xlsx-renamed.csv", "an xlsx named .csv", LOADED, _xlsx_of(exports.aupay_table)),
    Hostile("xlsx-renamed.xls", "an xlsx named .xls", LOADED, _xlsx_of(exports.qoo10_table)),
    Hostile("csv-renamed.xlsx", "a CP932 CSV named .xlsx", LOADED,
            lambda _f: exports.text_bytes(exports.aupay_table())),
    Hostile("web-export.xls", "an HTML table named .xls", LOADED,
            lambda f: exports.html_xls(f / "x.xls", exports.qoo10_table()).read_bytes()),
    Hostile("login-page.xls", "an HTML page without a table, named .xls", "unsupported",
            _text("<html><body>ログインしてください</body></html>")),
    Hostile("excel-2003.xml.xls", "Excel 2003 XML spreadsheet", "unsupported", lambda _f: excel_2003_xml()),
    Hostile("truncated.xlsx", "an xlsx cut at 60 %", "damaged",
            lambda f: _xlsx_of(exports.aupay_table)(f)[: 6 * len(_xlsx_of(exports.aupay_table)(f)) // 10]),
    Hostile("macros.xlsm", "a macro-enabled workbook", LOADED, lambda f: xlsm(exports.aupay_table(), f)),
    Hostile("merged-header.xlsx", "title row, blank row, merged group header above the header", LOADED,
            merged_group_header),
    Hostile("orders.zip", "a zip archive holding a CSV", "unsupported",
            lambda _f: _xlsx({"orders.csv": exports.text_bytes(exports.aupay_table())})),
    Hostile("orders.pdf", "a PDF", "unsupported", lambda _f: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
    Hostile("orders.csv.gz", "a gzip file", "unsupported", lambda _f: b"\x1f\x8b\x08\x00" + b"\0" * 40),
    Hostile("picture.csv", "a PNG image named .csv", "encoding",
            lambda _f: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 4),
    Hostile("unclosed-quote.csv", "a quoted cell never closed", "damaged",
            _text('orderId,orderDate,orderStatus\n1,2024/05/01 10:00,"完了\n2,2024/05/02,完了\n')),
    Hostile("two-encodings.csv", "UTF-8 rows, CP932 rows and bytes valid in neither", "encoding",
            lambda _f: (b"orderId,orderDate,orderStatus\n" + "1,2024/05/01 10:00,完了\n".encode()
                        + "2,2024/05/01 10:00,完了\n".encode("cp932") + b"3,\xff\xfe\x80\x81\xfd,x\n")),
    Hostile("nul-bytes.csv", "NUL bytes inside cells and at a line end", LOADED,
            lambda _f: (_ORDERS + "1\x00,2024/05/01 10:00,発送済み\r\n2,2024/05/02 10:00,キャン\x00セル\x00\r\n")
            .encode("cp932")),
    Hostile("memo.csv", "a CSV that is neither an order export nor a stock list", "unknown_layout",
            _text("品番,メモ\nA-1,再入荷待ち\n", "cp932"), reported="not_orders"),
    Hostile("cp932-tiny.csv", "the 5-byte CP932 file 取消\\n", "unknown_layout", _text("取消\n", "cp932"),
            reported="not_orders"),
]


def write(entry: Hostile, folder: Path) -> Path:
    path = folder / entry.name
    path.write_bytes(entry.build(folder))
    return path
