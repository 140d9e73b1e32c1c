"""What a file really is, judged by its bytes (never its name): workbook, encrypted, HTML, or text,
and for text its encoding, delimiter and the first rows (to find the header below any title rows).

Pure Python, no pandas: the workbook child process imports it too.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from seller_gui.core.i18n import Message

log = logging.getLogger(__name__)

XLSX, XLSB, ODS, XLS, ENCRYPTED, HTML, TEXT, EMPTY, UNSUPPORTED = (
    "xlsx", "xlsb", "ods", "xls", "encrypted", "html", "text", "empty", "unsupported",
)
WORKBOOK_KINDS = frozenset({XLSX, XLSB, ODS, XLS})
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_BLANK_BYTES = re.compile(rb"[ \t\r\n\x00]*")
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
SAMPLE_BYTES = 256 * 1024  # enough for the header and many rows; the parser checks the rest strictly
# The detector may only answer with codecs Japanese exports are written in.
DETECTOR_CODECS = ("cp932", "euc_jp", "iso2022_jp", "utf_8", "utf_16", "utf_16_le", "utf_16_be")
_DETECTOR_NAMES = {"shift_jis": "cp932", "cp932": "cp932", "euc_jp": "euc_jp", "iso2022_jp": "iso2022_jp",
                   "utf_8": "utf-8", "utf_16": "utf-16", "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be"}


class SniffError(Exception):
    """A file that is not what an order export can be; ``kind`` matches OrderFileError kinds and
    ``message`` is its catalogue code and values, as for OrderFileError."""

    def __init__(self, kind: str, code: str | Message, /, **params: Any) -> None:
        self.kind = kind
        self.message = code if isinstance(code, Message) else Message(code, params)
        super().__init__(self.message.code)

    def __reduce__(self) -> tuple:
        # so a failure travels from the workbook-reading child process intact
        return (self.__class__, (self.kind, self.message))


@dataclass(frozen=True)
class ZipLimits:
    max_inflated_bytes: int
    max_members: int = 10_000
    max_ratio: int = 200  # deflate rarely beats ~100:1 on real sheets; bombs go far beyond


def sniff_kind(data: bytes) -> str:
    """The file type by its first bytes (and, for zips and OLE2 files, by what is inside)."""
    body = data
    for bom, _ in BOMS:
        if body.startswith(bom):
            body = body[len(bom):]
            break
    if _BLANK_BYTES.fullmatch(body):  # not bytes.strip: that copies a whole large file
        return EMPTY
    if data.startswith(ZIP_MAGIC):
        return _zip_kind(data)
    if data.startswith(OLE_MAGIC):
        return ENCRYPTED if _ole_is_encrypted(data) else XLS
    if data.startswith((b"%PDF", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")):
        return UNSUPPORTED
    if _looks_like_html(data):
        return HTML
    return TEXT


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise SniffError("damaged", "zip_damaged") from exc
    if "xl/workbook.xml" in names:
        return XLSX
    if "xl/workbook.bin" in names:
        return XLSB
    if "content.xml" in names and "mimetype" in names:
        return ODS
    if any(name.startswith("xl/") for name in names):
        raise SniffError("damaged", "workbook_part_missing")
    raise SniffError("unsupported", "zip_archive")


def check_zip(data: bytes, limits: ZipLimits) -> None:
    """Refuse zip bombs from the declared sizes in the central directory, before anything inflates."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise SniffError("damaged", "zip_damaged") from exc
    if len(infos) > limits.max_members:
        raise SniffError("too_large", "zip_too_many_parts", parts=len(infos), limit=limits.max_members)
    inflated = sum(info.file_size for info in infos)
    if inflated > limits.max_inflated_bytes:
        raise SniffError("too_large", "zip_too_large", size_mb=round(inflated / 2**20),
                         limit_mb=round(limits.max_inflated_bytes / 2**20))
    for info in infos:
        if info.compress_size and info.file_size > 1_000_000 and \
                info.file_size / info.compress_size > limits.max_ratio:
            raise SniffError("too_large", "zip_bomb")


def _ole_is_encrypted(data: bytes) -> bool:
    try:
        import olefile

        with olefile.OleFileIO(data) as ole:
            if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
                return True
            if ole.exists("Workbook"):
                return _biff_has_filepass(ole.openstream("Workbook").read(64 * 1024))
    except Exception:  # a damaged OLE file: the workbook reader reports it precisely
        log.debug("OLE2 directory could not be read", exc_info=False)
    return False


def _biff_has_filepass(stream: bytes) -> bool:
    """An .xls whose workbook globals contain a FILEPASS record (0x002F) is password-protected."""
    offset = 0
    while offset + 4 <= len(stream):
        record, length = int.from_bytes(stream[offset:offset + 2], "little"), \
            int.from_bytes(stream[offset + 2:offset + 4], "little")
        if record == 0x002F:
            return True
        if record == 0x000A:  # EOF of the globals substream
            return False
        offset += 4 + length
    return False


def _looks_like_html(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) and (
        b"<table" in data[:1_000_000].lower() or b"<html" in head or b"<!doctype html" in head
        or b"urn:schemas-microsoft-com:office:spreadsheet" in head
    )


# ---------------------------------------------------------------- text encodings

def encoding_candidates(data: bytes) -> list[str]:
    """Encodings to try, in order: BOM, strict UTF-8, strict CP932, then a restricted detector.

    The sample is decoded strictly; the parser re-checks every byte of the file, and a failure there
    moves on to the next candidate.
    """
    return list(encoding_ladder(data))


def encoding_ladder(data: bytes) -> Iterator[str]:
    """``encoding_candidates`` one at a time: the detector only runs once the strict decodes are used up."""
    for bom, name in BOMS:
        if data.startswith(bom):
            yield name
            return
    sample = data[:SAMPLE_BYTES]
    tried = [name for name in ("utf-8", "cp932") if _decodes(sample, name)]
    yield from tried
    detected = _detect(sample)
    if detected and detected not in tried:
        yield detected


def mostly(data: bytes) -> str | None:
    """UTF-8 or CP932, whichever the sample is mostly written in, for a file neither decodes strictly:
    at most one undecodable sequence per hundred fields (and always one). None: no single encoding."""
    if data.startswith(tuple(bom for bom, _ in BOMS)):
        return None
    sample = data[:SAMPLE_BYTES]
    fields = sample.count(b",") + sample.count(b"\t") + sample.count(b"\n") + 1
    allowed = max(1, fields // 100)
    bad = {name: _undecodable(sample, name) for name in ("utf-8", "cp932")}
    best = min(bad, key=bad.__getitem__)
    return best if bad[best] <= allowed else None


def _undecodable(sample: bytes, encoding: str) -> int:
    """Replacement marks in the sample decoded leniently (CP932 has no U+FFFD of its own)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return decoder.decode(sample, final=len(sample) < SAMPLE_BYTES).count("\ufffd")


def _decodes(sample: bytes, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        decoder.decode(sample, final=len(sample) < SAMPLE_BYTES)
    except UnicodeDecodeError:
        return False
    return True


def _detect(sample: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional last rung of the ladder
        return None
    best = from_bytes(sample[:64 * 1024], cp_isolation=list(DETECTOR_CODECS)).best()
    if best is None:
        return None
    return _DETECTOR_NAMES.get(best.encoding)


def decode_sample(data: bytes, encoding: str, size: int = SAMPLE_BYTES, errors: str = "strict") -> str:
    """The start of the file as text (a multi-byte character cut at the end is dropped)."""
    chunk = data[:size]
    decoder = codecs.getincrementaldecoder(encoding)(errors=errors)
    return decoder.decode(chunk, final=len(chunk) == len(data))


# ---------------------------------------------------------------- rows

def split_rows(text: str, delimiter: str, limit: int) -> list[list[str]]:
    """The first ``limit`` records of delimited text (quotes respected); a cut final record is dropped."""
    rows: list[list[str]] = []
    complete = text if text.endswith(("\n", "\r")) else text[: max(text.rfind("\n"), 0)]
    reader = csv.reader(io.StringIO(complete, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            rows.append(row)
            if len(rows) >= limit:
                break
    except csv.Error:  # an unterminated quote: whatever was read is still a usable preview
        pass
    return rows


def detect_delimiter(rows_text: list[str]) -> str:
    """Comma or tab, from counts on the lines that look like a header (the widest line wins)."""
    best_line = max(rows_text, key=lambda line: max(line.count(","), line.count("\t")), default="")
    return "\t" if best_line.count("\t") > best_line.count(",") else ","


def preview_text(text: str, limit: int = 40) -> tuple[list[list[str]], str]:
    """The first rows of a text export and its delimiter."""
    lines = text.lstrip("\ufeff").splitlines()[:limit]
    delimiter = detect_delimiter(lines)
    return split_rows(text.lstrip("\ufeff"), delimiter, limit), delimiter


# ---------------------------------------------------------------- HTML "xls"

class _TableParser(HTMLParser):
    """Rows of the first table with more than one row; enough for the 'Excel' files web tools write."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._depth = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            self.tables.append([])
        elif tag == "tr" and self._depth:
            self._finish_row()
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._finish_cell()
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._finish_cell()
        elif tag == "tr":
            self._finish_row()
        elif tag == "table" and self._depth:
            self._finish_row()
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _finish_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
        self._cell = None

    def _finish_row(self) -> None:
        self._finish_cell()
        if self._row is not None and self.tables:
            self.tables[-1].append(self._row)
        self._row = None


def html_rows(text: str) -> list[list[str]]:
    """The largest table of an HTML page, as rows of text."""
    if "urn:schemas-microsoft-com:office:spreadsheet" in text[:4096]:
        raise SniffError("unsupported", "excel_2003_xml")
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    tables = [t for t in parser.tables if t]
    if not tables:
        raise SniffError("unsupported", "html_without_table")
    return max(tables, key=len)


def html_encoding(data: bytes) -> list[str]:
    """Encodings for an HTML 'xls': its declared charset first, then the text ladder."""
    match = re.search(rb"charset=[\"']?([A-Za-z0-9_\-]+)", data[:4096])
    declared: list[str] = []
    if match:
        name = match.group(1).decode("ascii").lower()
        declared = ["cp932"] if name in {"shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j", "cp932"} \
            else [name]
    found = declared + [c for c in encoding_candidates(data) if c not in declared]
    return [c for c in found if _codec_exists(c)]


def _codec_exists(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return name.replace("_", "-").lower() not in {"shift-jis", "shiftjis", "sjis"}
