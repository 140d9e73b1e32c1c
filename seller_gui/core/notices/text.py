"""A pasted notice as sentences: mail headers set apart, hard-wrapped lines joined, each sentence
kept as written (for the seller to read) beside a normal form (for matching).

Pasted notices come from mail clients, forums, blogs and PDF copies: lines wrapped at a fixed width,
spaces inside Japanese words, URLs broken by spaces, names already masked (``◎◎様``, ``[member
number]``). The normal form undoes the first three and keeps the masks as they are.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

# Kana, kanji, CJK punctuation and the long-vowel mark: the characters of Japanese and Chinese text.
CJK = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff61-\uff9f"
_SPACE_IN_CJK = re.compile(f"(?<=[{CJK}])[ \t\u3000]+(?=[{CJK}0-9])|(?<=[{CJK}0-9])[ \t\u3000]+(?=[{CJK}])")
_URL = re.compile(r"https?://[^\s<>\"'、。「」（）()]+")
_URL_PIECE = re.compile(r"[A-Za-z0-9._~%/?#&=+\-:]*[/._?=&%\-][A-Za-z0-9._~%/?#&=+\-:]*")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The form notices are matched in: NFKC, no spaces inside Japanese words, URLs whole, one space."""
    text = unicodedata.normalize("NFKC", text)
    text = _SPACE_IN_CJK.sub("", text)
    text = join_broken_urls(text)
    return _SPACES.sub(" ", text).strip()


def join_broken_urls(text: str) -> str:
    """Join the pieces a bulk-mail tool or a copy put spaces into: ``https://a.jp/ b/c.html``."""
    out: list[str] = []
    pos = 0
    for match in _URL.finditer(text):
        if match.start() < pos:
            continue
        end = match.end()
        while True:
            gap = re.match(r"[ \t]+", text[end:])
            if not gap:
                break
            after = end + gap.end()
            piece = re.match(r"\S+", text[after:])
            if not piece or piece.group()[0] in ".,;:" or not (
                    _URL_PIECE.fullmatch(piece.group())
                    or text[end - 1] in "/=?&-" and re.fullmatch(r"[A-Za-z0-9]*\d[\w.~%/?#&=+\-]*", piece.group())
                    or _splits_a_path_word(piece.group(), text[after + piece.end():])):
                break
            end = after + piece.end()
        out.append(text[pos:match.start()])
        out.append(re.sub(r"[ \t]+", "", text[match.start():end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _splits_a_path_word(piece: str, rest: str) -> bool:
    """A bare word the mail tool cut off a URL path (``wmshop client/shopScore``): what follows it
    continues the path."""
    following = re.match(r"[ \t]+(\S+)", rest)
    return bool(re.fullmatch(r"[A-Za-z0-9_~%-]+", piece) and following
                and re.fullmatch(r"[A-Za-z0-9._~%/?#&=+\-]*[/?=&][A-Za-z0-9._~%/?#&=+\-]*", following.group(1)))


# --------------------------------------------------------------------------------------------------
# Reading a file the seller dropped: a saved text, a saved .eml, or the text of a .msg saved as text.

MAX_NOTICE_BYTES = 2 * 1024 * 1024  # a notice is a few kilobytes; more is not a notice


class NoticeFileError(ValueError):
    """A dropped file that cannot be read as a notice; ``code`` is its catalogue key."""

    def __init__(self, path: Path, code: str) -> None:
        self.path = path
        self.code = code
        super().__init__(f"{path.name}: {code}")


def decode(raw: bytes) -> str:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(codec, errors="replace")
    for codec in ("utf-8", "cp932", "euc_jp", "iso2022_jp"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def read_notice_file(path: Path) -> str:
    """The text of a dropped notice; an .eml gives its headers (subject, date) and its text body."""
    path = Path(path)
    try:
        if not path.is_file():
            raise NoticeFileError(path, "notice_file_unreadable")
        raw = path.read_bytes()[:MAX_NOTICE_BYTES + 1]
    except OSError as error:
        raise NoticeFileError(path, "notice_file_unreadable") from error
    if len(raw) > MAX_NOTICE_BYTES:
        raise NoticeFileError(path, "notice_file_too_large")
    if b"\x00" in raw[:4096] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise NoticeFileError(path, "notice_file_not_text")
    if path.suffix.lower() == ".eml" or _looks_like_mime(raw):
        return _eml_text(raw)
    return decode(raw)


def _looks_like_mime(raw: bytes) -> bool:
    head = raw[:2048].lower()
    return b"\nmime-version:" in b"\n" + head and b"content-type:" in head


def _eml_text(raw: bytes) -> str:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    headers = []
    for name in ("Subject", "Date"):
        value = message.get(name)
        if value:
            headers.append(f"{name}: {value}")
    body = message.get_body(preferencelist=("plain", "html"))
    text = ""
    if body is not None:
        try:
            text = body.get_content()
        except (LookupError, ValueError):
            text = decode(body.get_payload(decode=True) or b"")
        if body.get_content_type() == "text/html":
            text = _html_text(text)
    return "\n".join(headers) + "\n\n" + text


def _html_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style).*?</\1>", "", html)
    html = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>|</tr>", "\n", html)
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


# --------------------------------------------------------------------------------------------------
# Headers of a mail saved as text (Outlook's "Save as", a copy from a web mail).

_HEADER = re.compile(r"^\s*(From|To|Cc|Sent|Date|Subject|差出人|送信者|宛先|送信日時|日時|日付|件名|CC)\s*[:：]\s*(.*)$",
                     re.IGNORECASE)
_SUBJECT_NAMES = {"subject", "件名"}
_DATE_NAMES = {"sent", "date", "送信日時", "日時", "日付"}


@dataclass(frozen=True)
class Headers:
    subject: str = ""
    sent_on: date | None = None
    sender: str = ""  # only ever used as a marketplace cue (a domain), never shown or logged


def split_headers(text: str) -> tuple[Headers, str]:
    """Mail header lines at the top (From:, 件名: ...) set apart from the body."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    found: dict[str, str] = {}
    body_start = 0
    for index, line in enumerate(lines):
        if not line.strip():
            if found:
                body_start = index + 1
                break
            continue
        match = _HEADER.match(line)
        if not match:
            body_start = index if found else 0
            break
        found.setdefault(match.group(1).lower(), match.group(2).strip())
        body_start = index + 1
    if not found:
        return Headers(), "\n".join(lines)
    subject = next((v for k, v in found.items() if k in _SUBJECT_NAMES), "")
    sent = next((v for k, v in found.items() if k in _DATE_NAMES), "")
    sender = found.get("from") or found.get("差出人") or found.get("送信者") or ""
    return Headers(subject, parse_date(sent), sender), "\n".join(lines[body_start:])


_JA_DATE = re.compile(r"(20\d\d)\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                                        "oct", "nov", "dec"), start=1)}
_EN_DATE = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+(20\d\d)",
                      re.IGNORECASE)
_EN_DATE_DMY = re.compile(r"\b(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(20\d\d)",
                          re.IGNORECASE)


def parse_date(text: str) -> date | None:
    """A date as mail headers and notices write it; None when there is none."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return None
    match = _JA_DATE.search(text)
    try:
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = _EN_DATE.search(text)
        if match:
            return date(int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2)))
        match = _EN_DATE_DMY.search(text)
        if match:
            return date(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
        parsed: datetime = parsedate_to_datetime(text)
        return parsed.date()
    except (TypeError, ValueError, IndexError):
        return None


# --------------------------------------------------------------------------------------------------
# Sentences.

# what a Chinese forum adds around a quoted mail (the seed came from one): never part of the notice
_FORUM_CHROME = re.compile(r".*(?:本帖最后由.*编辑|楼主\s*\||发表于\s*\d{4}-\d{1,2}-\d{1,2}|显示全部楼层|只看该作者|回复\s*\d+\s*楼).*")
_DECORATION = re.compile(r"[\s=＝\-－─━―￣_＿~〜～*＊#＃+＋.。・･]{3,}")
# a line that starts a new item: a bullet, a mark, a number, a bracketed heading
_ITEM = re.compile(r"^\s*(?:[・•●◆◇■□▼▽▲△▶►○◎※＊*★☆【〔［<＜]|[—–‐―-]\s|[-]\S|"
                   r"\(?[0-9０-９]{1,2}[.)．）、]|[①-⑳]|[(（][0-9０-９]{1,2}[)）]|Q[.:]|A[.:])")
_FIELD = re.compile(r"^[^\s:：。、]{1,15}\s*[:：]\s*\S")
_ENDS_SENTENCE = re.compile(r"(?:[。.!?！？]|ください|下さい|ます|です|ました|ません|ございます|様[、,]?|以上|敬具|"
                            r"Team|Regards|regards|Sincerely)[」』）)\]】\"'”]*$")
_CONTINUES = re.compile(r"(?:[、,，;；]|[はがをにでとのもへや]|から|より|まで|ので|ため|など|につき|および|及び|"
                        r"または|又は|\b(?:the|a|an|and|or|of|to|for|in|on|with|your|our|that|by|is|are|be|"
                        r"you|we|this|has|have|will|not|at|from|as))$")
_OPENING_OR_CLOSING = re.compile(r"(?:(?:best|kind|warm)\s)?regards,?|sincerely,?|thanks,?|thank you,?|"
                                 r"(?:dear|hello|hi)\b.{0,40},", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[。！？]|[!?](?=\s)")
_CLOSERS = "」』）)]】\"'”"
_BRANDS_WITH_MARKS = ("Yahoo", "Wow", "ヤフオク", "Yahoo!", "ヤフー")
_EN_SENTENCE_END = re.compile(r"(?<![A-Z]\.[A-Z])(?<!\be\.g)(?<!\bi\.e)(?<!\bNo)(?<!\bInc)(?<!\bMr)"
                              r"(?<!\bMs)(?<!\bDr)(?<!\bvs)(?<=\.)[\"'”)]?\s+(?=[A-Z\"“(\[])")


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def split_sentences(body: str) -> list[str]:
    """The body's sentences as written, in order; a line wrapped by a mail tool is one sentence again."""
    raw_lines = [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = ["" if _DECORATION.fullmatch(line.strip() or "x") or _FORUM_CHROME.fullmatch(line) else line.strip()
             for line in raw_lines]
    widths = sorted((_width(line) for line in lines if line), reverse=True)
    wrap = 0
    if len(widths) >= 3:
        # a hard wrap shows as several lines of about the same, greatest width
        near = [w for w in widths if w >= widths[0] * 0.85]
        if len(near) >= 2 and widths[0] >= 50:
            wrap = widths[0]
    paragraphs: list[str] = []
    current = ""
    previous = ""
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
            current = previous = ""
            continue
        if current and _joins(previous, line, wrap):
            glue = " " if _is_latin(current[-1]) and _is_latin(line[0]) or current[-1] in ",.;:" else ""
            if _ends_in_url(current) and _URL_PIECE.fullmatch(line.split()[0]):
                glue = ""
            current += glue + line
        else:
            if current:
                paragraphs.append(current)
            current = line
        previous = line
    if current:
        paragraphs.append(current)
    sentences: list[str] = []
    for paragraph in paragraphs:
        for part in _japanese_sentences(paragraph):
            for piece in _EN_SENTENCE_END.split(part):
                piece = piece.strip()
                if piece and not _DECORATION.fullmatch(piece):
                    sentences.append(piece)
    return sentences


def _japanese_sentences(paragraph: str) -> list[str]:
    """Cut after 。！？ (and ! ? before a space), never inside a brand such as Yahoo!ショッピング."""
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.end()
        if match.group() in "!?！？" and paragraph[:match.start()].endswith(_BRANDS_WITH_MARKS):
            continue
        while end < len(paragraph) and paragraph[end] in _CLOSERS + "!?！？。":
            end += 1
        if end <= start:
            continue
        parts.append(paragraph[start:end])
        start = end
    parts.append(paragraph[start:])
    return parts


def _ends_in_url(text: str) -> bool:
    last = text.split()[-1] if text.split() else ""
    return bool(_URL.search(last))


def _joins(previous: str, line: str, wrap: int) -> bool:
    """Whether ``line`` continues the sentence ``previous`` ended on (a wrapped line)."""
    prev = normalise(previous)
    if not prev or _ITEM.match(line) or _FIELD.match(prev) or _FIELD.match(normalise(line)):
        return False
    if _ENDS_SENTENCE.search(prev) or _OPENING_OR_CLOSING.fullmatch(prev):
        return False
    if wrap and _width(previous) >= wrap * 0.85:
        return True
    if _ends_in_url(prev) and _URL_PIECE.fullmatch(line.split()[0]):
        return True
    if _ITEM.match(previous) and _width(previous) < 24:
        return False  # a short heading such as ▼確認箇所
    if _CONTINUES.search(prev):
        return True
    return bool(_is_latin(prev[-1]) and line[:1].islower())
