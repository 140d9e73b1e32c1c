"""The fuzz harness shared by the CI tests (hypothesis) and the long on-demand run (benchmarks/fuzz_long.py).

A case is a seed file from the fixture factory plus a list of mutation operations. The same
``mutate`` drives both: hypothesis draws the operations (and shrinks them), the long run draws them
from a seeded ``random.Random`` so any case can be replayed from (seed, case number).

The oracle (``run_case``): the loader answers with a LoadedFile in the schema's shape, or an
OrderFileError of a known kind whose message is a sentence, not a traceback. Reaching the loader's
catch-all for unexpected exceptions counts as a failure too: it keeps the app alive, but it means a
library error nobody classified (and the user gets a vague "may be damaged").
"""

from __future__ import annotations

import codecs
import io
import logging
import random
import resource
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from seller_gui.core.errors import OrderFileError
from seller_gui.core.reading.loader import Limits, LoadedFile, load_order_bytes
from seller_gui.core.reading.workbook import WorkbookLimits
from seller_gui.core.schema import ORDER_LINE_COLUMNS
from tests.core import exports

KINDS = frozenset({"empty", "not_orders", "encrypted", "damaged", "too_large", "unknown_layout",
                   "missing_columns", "encoding", "unsupported", "cancelled", "unreadable"})

# Limits small enough that a mutated file can hit every cap quickly, large enough for the seeds.
FUZZ_LIMITS = Limits(max_file_bytes=4 * 2**20, max_rows=200_000, max_inflated_bytes=64 * 2**20,
                     workbook=WorkbookLimits(max_cells=5_000_000, max_rows=200_000, timeout_s=30.0,
                                             memory_bytes=2 * 2**30))
HANG_SECONDS = 30.0  # a case slower than this is reported as a hang

Op = tuple  # (name, position in [0, 1], argument)

TEXT_TOKENS: tuple[bytes, ...] = (
    b'"', b'""', b'"\n"', b"\r", b"\n", b"\r\n", b"\x00", b",", b"\t", b",,,,,,", codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE, b"\x82", b"\x81\x40", b"\xff", "取消\n".encode("cp932"), "髙".encode("cp932"),
    "①㈱～".encode("cp932"), "キャンセル".encode("cp932"), "ｷｬﾝｾﾙ".encode("cp932"), "キャンセル".encode(),
    "完了".encode(), b'=HYPERLINK("http://example.invalid","x")', b"+1+1", b"-1", b"@SUM(1)", b"1E5",
    b"NA", b"None", b"null", b"n/a", b"nan", b"inf", b"-0", b"1e308", b"000123", b"123456789012345678",
    "２０００".encode(), "￥1,000".encode("cp932"), "△500".encode("cp932"), b"(100)", "1,000円".encode(),
    b"2024/05/09 16:00", b"2024-05-09T16:00:00+09:00", "2024年5月9日".encode(), b"45421.6666667", b"60",
    b"2024/02/30 25:61", b"9999-12-31T23:59:59Z", b"0000-00-00", b"R6.5.9", b"2024-05-09T16:00:00+99:99",
    b"9" * 400, b"x" * 70_000, b"<table><tr><td>", b"<html>", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"orderId", b"orderStatus", b"orderDate", b"cancelReason", "注文番号".encode("cp932"),
    "ステータス".encode(), b"amazon-order-id", b"order-status", b"type,order_id", b"\x1b", b"\x0b",
    "\u2028".encode(), "\ufeff".encode(), "\U0001f600".encode(),
)

WORKBOOK_TOKENS: tuple[bytes, ...] = (
    b'<c r="XFD1048576"><v>1</v></c>', b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>',
    b'<dimension ref="A1:XFD1048576"/>', b' t="s"', b' t="str"', b' t="b"', b' t="e"', b' t="d"',
    b' t="inlineStr"', b"<v>999999999</v>", b"<v>-1</v>", b"<v>45421.6666667</v>", b"<v>1e308</v>",
    b"<v>NaN</v>", b'<c r="A1" t="inlineStr"><is><t>orderId</t></is></c>', b' s="9999"',
    b'<!DOCTYPE x [<!ENTITY a "bbbbbbbbbb">]>', b"&a;", b"&#0;", b"&#x1F;", b"<![CDATA[x]]>",
    b'<row r="0">', b'<c r="A0">', b'<c r="ZZZZ99999999">', b"</row>", b"</sheetData>", b"<mergeCell ref=\"A1:XFD1\"/>",
    b'<sheet name="" sheetId="1" r:id="rId1"/>', b'<sheet name="x" sheetId="2" r:id="rId9"/>',
    b'<si><t>x</t></si>', b'count="4294967295"', b'Target="../../../../etc/passwd"',
    b'<numFmt numFmtId="164" formatCode="yyyy/mm/dd"/>', b' state="hidden"', b"\x00", b"\xff\xfe",
)

OPS_TEXT = ("flip", "insert", "delete", "dup", "truncate", "token", "cell", "splice", "swap_lines")
OPS_WORKBOOK = ("flip", "insert", "delete", "dup", "truncate", "token", "splice")


# ---------------------------------------------------------------- seeds


@cache
def text_seeds() -> tuple[bytes, ...]:
    """Every text layout in the shapes sellers send, plus the awkward small files of the checklist."""
    seeds: list[bytes] = []
    for i, make in enumerate(exports.ALL_LAYOUTS.values()):
        table = make()
        seeds.append(exports.text_bytes(table))
        seeds.append(exports.text_bytes(table, encoding="utf-8-sig", title_rows=1 + i % 3,
                                        line_end="\n", quote_all=False))
        seeds.append(exports.text_bytes(table, encoding="utf-8", delimiter="\t", quote_all=False))
        seeds.append(codecs.BOM_UTF16_LE + exports.text_bytes(table, encoding="utf-16-le",
                                                              delimiter="\t", quote_all=False))
    orders, items = exports.yahoo_tables()
    seeds.append(exports.text_bytes(items))
    with tempfile.TemporaryDirectory() as folder:
        seeds.append(exports.html_xls(Path(folder) / "a.xls", exports.aupay_table()).read_bytes())
    seeds += [
        "取消\n".encode("cp932"), "123,456,789,髙\n".encode("cp932"), b"", b"\n\n",
        b'orderId,orderDate,orderStatus\n1,2024/05/01 10:00,"\xe5\xae\x8c\n',
        b"orderId,orderDate,orderStatus,orderStatus\r\n1,2024/05/01,\x00\r2,x,y,z,w\n3\n",
        exports.text_bytes(exports.rakuten_pay_table(), encoding="euc_jp"),
    ]
    return tuple(seeds)


@cache
def workbook_seeds() -> tuple[bytes, ...]:
    """xlsx seeds: every layout as re-saved by sellers, numbers as numbers, title rows, one bare sheet."""
    seeds: list[bytes] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "seed.xlsx"
        for i, make in enumerate(exports.ALL_LAYOUTS.values()):
            exports.write_xlsx(path, make(), title_rows=i % 2, numbers=bool(i % 2),
                               extra_sheets=i % 3 == 0)
            seeds.append(path.read_bytes())
        exports.write_xlsx(path, exports.aupay_table(), sheet="Sheet1", extra_sheets=False)
        seeds.append(path.read_bytes())
    return tuple(seeds)


# ---------------------------------------------------------------- mutation


def _at(data: bytes, position: float) -> int:
    return min(int(position * (len(data) + 1)), len(data))


def mutate_bytes(data: bytes, ops: Sequence[Op], tokens: Sequence[bytes], seeds: Sequence[bytes]) -> bytes:
    """Apply each operation in turn; every operation is total (any position, any argument)."""
    out = bytearray(data)
    for name, position, argument in ops:
        i = _at(out, position)
        # mostly ASCII: a stray high byte only ever meets the (well-tested) encoding refusal
        byte = argument % 256 if argument % 4 == 0 else 32 + argument % 95
        if name == "flip" and out:
            out[min(i, len(out) - 1)] = byte
        elif name == "insert":
            out[i:i] = bytes([byte]) * (1 + argument // 256 % 8)
        elif name == "delete":
            del out[i:i + 1 + argument % 64]
        elif name == "dup":
            span = bytes(out[i:i + 1 + argument % 256])
            out[i:i] = span * (1 + argument // 256 % 4)
        elif name == "truncate":
            del out[i:]
        elif name == "token":
            out[i:i] = tokens[argument % len(tokens)]
        elif name == "cell":  # replace the cell around i with a token: a hostile value in a real column
            start = max(out.rfind(b",", 0, i), out.rfind(b"\t", 0, i), out.rfind(b"\n", 0, i)) + 1
            ends = [e for e in (out.find(b",", i), out.find(b"\t", i), out.find(b"\r", i),
                                out.find(b"\n", i)) if e >= 0]
            out[start:min(ends, default=len(out))] = tokens[argument % len(tokens)]
        elif name == "splice" and seeds:
            other = seeds[argument % len(seeds)]
            cut = _at(other, (argument // len(seeds) % 1000) / 1000)
            out[i:] = other[cut:]
        elif name == "swap_lines":
            lines = bytes(out).split(b"\n")
            if len(lines) > 2:
                a, b = _at(lines[:-1], position) % (len(lines) - 1), argument % (len(lines) - 1)
                lines[a], lines[b] = lines[b], lines[a]
                out = bytearray(b"\n".join(lines))
    return bytes(out)


def mutate_workbook(data: bytes, ops: Sequence[Op], part: int, raw: bool) -> bytes:
    """Mutate one XML part of the zip and zip it again (or, when ``raw``, the zip's own bytes)."""
    if raw:
        return mutate_bytes(data, ops, WORKBOOK_TOKENS, workbook_seeds())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    names = sorted(parts)
    name = names[part % len(names)]
    parts[name] = mutate_bytes(parts[name], ops, WORKBOOK_TOKENS, [])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for key, value in parts.items():
            archive.writestr(key, value)
    return buffer.getvalue()


def random_ops(rng: random.Random, names: Sequence[str], most: int = 6) -> list[Op]:
    return [(rng.choice(names), rng.random(), rng.randrange(1 << 20)) for _ in range(rng.randint(1, most))]


def seed_encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF16_LE):
        return "utf-16"
    for encoding in ("utf-8", "cp932", "euc_jp"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def mutate_text(data: bytes, ops: Sequence[Op]) -> bytes:
    """Mutate the text, not the bytes, and write it back in the seed's own encoding.

    Byte-level mutation mostly breaks the encoding, and the loader then stops before parsing;
    this keeps the file decodable so the cases reach the parser and the normalisation.
    """
    encoding = seed_encoding(data)
    text = data.decode(encoding).encode("utf-8")
    mutated = mutate_bytes(text, ops, TEXT_TOKENS, ()).decode("utf-8", errors="ignore")
    return mutated.encode(encoding, errors="ignore")


def random_text_case(rng: random.Random) -> bytes:
    seeds = text_seeds()
    if rng.random() < 0.6:
        return mutate_text(rng.choice(seeds), random_ops(rng, OPS_TEXT))
    return mutate_bytes(rng.choice(seeds), random_ops(rng, OPS_TEXT), TEXT_TOKENS, seeds)


def random_workbook_case(rng: random.Random) -> bytes:
    return mutate_workbook(rng.choice(workbook_seeds()), random_ops(rng, OPS_WORKBOOK, most=4),
                           rng.randrange(64), raw=rng.random() < 0.1)


# ---------------------------------------------------------------- the oracle


class _Unclassified(logging.Handler):
    """Catches the loader's 'unexpected <Type> while reading' record: an exception nobody classified."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("unexpected "):
            self.seen.append(record.getMessage())


@dataclass
class Outcome:
    kind: str  # "loaded", an OrderFileError kind, or "UNEXPECTED"
    seconds: float
    problem: str = ""  # empty when the case passed the oracle


def run_case(data: bytes, name: str = "fuzz.csv", limits: Limits = FUZZ_LIMITS,
             load: Callable[..., LoadedFile] = load_order_bytes) -> Outcome:
    """Load ``data``; say what came back and whether that broke a promise."""
    watcher = _Unclassified()
    logger = logging.getLogger("seller_gui.core.reading.loader")
    logger.addHandler(watcher)
    started = time.perf_counter()
    try:
        try:
            loaded = load(data, name, limits=limits)
        finally:
            seconds = time.perf_counter() - started
            logger.removeHandler(watcher)
    except OrderFileError as error:
        problem = ""
        if error.kind not in KINDS:
            problem = f"unknown kind {error.kind!r}"
        elif not error.detail or "Traceback" in error.detail:
            problem = f"bad message {error.detail!r}"
        elif watcher.seen:
            problem = f"unclassified library error: {watcher.seen[0]}"
        kind = "UNEXPECTED" if watcher.seen else error.kind
    except Exception as error:
        return Outcome("UNEXPECTED", time.perf_counter() - started, f"{type(error).__name__}: {error}"[:500])
    else:
        kind, problem = "loaded", _shape_problem(loaded)
    if not problem and seconds > HANG_SECONDS:
        problem = f"took {seconds:.1f} s"
    return Outcome(kind, seconds, problem)


def _shape_problem(loaded: LoadedFile) -> str:
    lines = loaded.lines
    if not isinstance(loaded, LoadedFile) or list(lines.columns) != list(ORDER_LINE_COLUMNS):
        return "loaded frame does not have the schema's columns"
    if len(lines) == 0:
        return "loaded a file with no lines"
    if (lines["order_id"] == "").any():
        return "a line without an order number"
    return ""


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def save_reproducer(folder: Path, data: bytes, name: str, outcome: Outcome, note: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    import hashlib

    digest = hashlib.sha256(data).hexdigest()[:16]
    path = folder / f"{outcome.kind}-{digest}{Path(name).suffix}"
    path.write_bytes(data)
    path.with_suffix(path.suffix + ".txt").write_text(f"{note}\n{outcome}\n", encoding="utf-8")
    return path
