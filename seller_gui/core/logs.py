"""Local logging that never records a buyer's personal data.

The log is the one thing a seller may send us when something goes wrong, so every record passes a
filter that masks e-mail addresses, phone numbers and postcodes, whatever code wrote it. Cell values
should not be logged at all; the filter is the net under that rule.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import tempfile
from pathlib import Path

APP_NAME = "seller-gui"
LOG_FILE_NAME = "seller-gui.log"
log = logging.getLogger(__name__)


def _phone_if_its_length_fits(match: re.Match[str]) -> str:
    """A Japanese number has 10 or 11 digits whatever its separators (03-1234-5678, 090-1234-5678);
    shorter or longer runs starting with 0 are times, fractions of a second or order numbers."""
    digits = sum(c.isdigit() for c in match.group())
    return "<phone>" if digits in (10, 11) else match.group()


_PATTERNS = (
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "<e-mail>"),
    (re.compile(r"(?<!\d)(?:\(0\d{1,4}\)\s?|0\d{1,4}[-‐－ (]?)\d{1,4}[-‐－ )]?\d{3,4}(?!\d)"),
     _phone_if_its_length_fits),
    # a country code never starts with 0, a time zone (+0900, +09:00) always does
    (re.compile(r"(?<!\d)\+[1-9]\d{0,2}[- ]?\d{1,4}[- ]?\d{2,4}[- ]?\d{3,4}(?!\d)"), "<phone>"),
    (re.compile(r"〒?\s?(?<!\d)\d{3}[-‐－]\d{4}(?!\d)"), "<postcode>"),
)


_TRACEBACK = "Traceback (most recent call last):"
_EXCEPTION_LINE = re.compile(r"[A-Za-z_][\w.]*(?::|$)")
_CHAIN_LINES = ("During handling of the above exception", "The above exception was the direct cause")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def scrub(text: str) -> str:
    """Mask anything in ``text`` that looks like an e-mail address, phone number or postcode.

    In a traceback, the exception messages also lose quoted text and non-ASCII runs: library errors
    quote the cell they choked on (a buyer's name or address), which no pattern can recognise.
    """
    if _TRACEBACK in text:
        text = _mask_exception_messages(text)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _mask_exception_messages(text: str) -> str:
    out = []
    in_message = False
    for line in text.split("\n"):
        if line.startswith((_TRACEBACK, *_CHAIN_LINES)) or line.startswith("  File ") or not line:
            in_message = False
        elif not line.startswith(" ") and _EXCEPTION_LINE.match(line):
            kind, sep, message = line.partition(": ")
            line, in_message = kind + sep + _mask_values(message), True
        elif in_message:  # the rest of a multi-line message, or a note added to the exception
            line = _mask_values(line)
        out.append(line)
    return "\n".join(out)


def _mask_values(message: str) -> str:
    return _NON_ASCII.sub("<text>", _QUOTED.sub("'<value>'", message))


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = scrub(message), None
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True


def default_log_dir() -> Path:
    from seller_gui.core.storage.paths import DataPaths

    return DataPaths.default().logs


def fallback_log_dir() -> Path:
    """Where the log goes when its own folder cannot be used: this user's folder in the system temp."""
    user = f"-{os.getuid()}" if hasattr(os, "getuid") else ""  # Windows' temp folder is per user already
    return Path(tempfile.gettempdir()) / f"{APP_NAME}-logs{user}"


def setup_logging(log_dir: Path | None = None, *, level: int = logging.INFO) -> Path | None:
    """Send the app's log to a rotating file; return the file's path, or None if no file could be made.

    The log is never a reason not to start: if ``log_dir`` (default: the user's log folder) cannot be
    made or written, the log goes to a folder in the system temp, and failing that nowhere. Works when
    sys.stderr is None (the windowed build on Windows has no console).
    """
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_seller_gui", False):
            root.removeHandler(old)
            old.close()
    root.setLevel(level)
    refused: list[tuple[Path, OSError]] = []
    handler: logging.Handler = logging.NullHandler()
    path = None
    for folder in (log_dir or default_log_dir(), fallback_log_dir()):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(folder / LOG_FILE_NAME, maxBytes=1_000_000,
                                                           backupCount=3, encoding="utf-8")
        except OSError as exc:  # a file where the folder should be, no permission, a full disk
            refused.append((folder, exc))
            continue
        path = folder / LOG_FILE_NAME
        break
    handler._seller_gui = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(PersonalDataFilter())
    root.addHandler(handler)
    for folder, exc in refused:
        log.warning("The log folder %s could not be used (%s)", folder, exc.strerror or type(exc).__name__)
    return path
