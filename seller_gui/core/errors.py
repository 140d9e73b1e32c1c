"""Errors a user can cause. Each carries a message meant for a person, never a traceback."""

from __future__ import annotations

from pathlib import Path


class OrderFileError(Exception):
    """A file that cannot be read as an order export.

    ``kind`` is a stable category the UI translates (e.g. ``"encrypted"``, ``"unknown_layout"``);
    ``detail`` says what exactly is wrong, in plain English, without any cell value.
    """

    def __init__(self, path: str | Path, kind: str, detail: str) -> None:
        self.path = Path(path)
        self.kind = kind
        self.detail = detail
        super().__init__(f"{self.path.name}: {detail}")

    def __reduce__(self) -> tuple:
        # so a failure travels from the loading child process to the window intact
        return (self.__class__, (self.path, self.kind, self.detail))


class StoreError(Exception):
    """The local store (tags, mappings, history) could not be opened or written."""
