"""Errors a user can cause. Each carries a message for a person (a code and its values), never a
traceback; ``seller_gui.core.i18n.explain`` puts it into words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from seller_gui.core.i18n import Message


class OrderFileError(Exception):
    """A file that cannot be read as an order export.

    ``kind`` is a stable category (e.g. ``"encrypted"``, ``"unknown_layout"``); ``message`` says what
    exactly is wrong as a catalogue code with its values (sizes, counts, header names), never a cell
    value. ``detail`` is that message in English, for the command line and the log.
    """

    def __init__(self, path: str | Path, kind: str, code: str | Message, /, **params: Any) -> None:
        self.path = Path(path)
        self.kind = kind
        self.message = code if isinstance(code, Message) else Message(code, params)
        super().__init__(f"{self.path.name}: {self.message.code}")

    @property
    def detail(self) -> str:
        return self.message.explain("en")

    def __str__(self) -> str:
        return f"{self.path.name}: {self.detail}"

    def __reduce__(self) -> tuple:
        # so a failure travels from the loading child process to the window intact
        return (self.__class__, (self.path, self.kind, self.message))


class StoreError(Exception):
    """The local store (tags, mappings, history) could not be opened or written."""
