"""The local store: what the seller tells the app and what it has read, kept between sessions.

One SQLite file (standard library) in the user's data folder, or wherever the caller says. It holds
the seller's own cancel-cause tags per order, confirmed meanings of raw cancel-reason texts, alternative
items per SKU, and an import history. It holds no buyer personal data: orders are known only by
marketplace and order number.

Safety: every write is one transaction (SQLite's rollback journal makes a crash mid-write roll back
on the next open); the schema is versioned with ``PRAGMA user_version`` and migrated forward; a damaged
file is renamed aside (``*.corrupt-<time>``) and a fresh store started, and a file from a newer app
version is copied aside and left untouched, each reported to the caller as a ``StoreError``.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from seller_gui.core.errors import StoreError
from seller_gui.core.schema import CAUSES, JST
from seller_gui.core.storage.paths import DataPaths

log = logging.getLogger(__name__)

APP_NAME = "seller-gui"
FILE_NAME = "store.sqlite3"
IN_MEMORY = ":memory:"

# Each entry upgrades the schema by one version; never edit a released entry, append a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE cause_tags (
        marketplace TEXT NOT NULL,
        order_id TEXT NOT NULL,
        cause TEXT NOT NULL CHECK (cause IN ('seller', 'buyer', 'unknown')),
        tagged_at TEXT NOT NULL,
        PRIMARY KEY (marketplace, order_id)
    );
    CREATE TABLE reason_causes (
        marketplace TEXT NOT NULL,
        reason TEXT NOT NULL,
        cause TEXT NOT NULL CHECK (cause IN ('seller', 'buyer', 'unknown')),
        confirmed_at TEXT NOT NULL,
        PRIMARY KEY (marketplace, reason)
    );
    CREATE TABLE sku_alternatives (
        sku TEXT NOT NULL,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (sku, position)
    );
    CREATE TABLE import_history (
        id INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        file_name TEXT NOT NULL,
        marketplace TEXT NOT NULL,
        rows INTEGER NOT NULL,
        orders INTEGER NOT NULL
    );
    """,
    """
    ALTER TABLE import_history ADD COLUMN shop TEXT NOT NULL DEFAULT '';
    CREATE INDEX import_history_fingerprint ON import_history (fingerprint);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def default_store_path() -> Path:
    return DataPaths.default().store


class StoreFileError(StoreError):
    """The store file could not be used as it was; ``backup`` is the copy of it that was kept."""

    def __init__(self, message: str, backup: Path | None) -> None:
        super().__init__(message)
        self.backup = backup


@dataclass(frozen=True)
class Alternative:
    name: str
    url: str = ""



def _now() -> str:
    return datetime.now(JST).isoformat(timespec="seconds")


def _check_cause(cause: str) -> str:
    if cause not in CAUSES:
        raise ValueError(f"cause must be one of {', '.join(CAUSES)}, not {cause!r}")
    return cause


class Store:
    """The seller's local store. ``path`` defaults to the user data folder; ``":memory:"`` for none.

    A damaged file is moved aside and a new store started; ``recovered`` then holds the
    ``StoreFileError`` to show the seller (with ``recover=False`` it is raised instead). A store
    written by a newer version raises ``StoreFileError`` and is not touched.
    """

    def __init__(self, path: str | Path | None = None, *, recover: bool = True) -> None:
        self.path = default_store_path() if path is None else path if path == IN_MEMORY else Path(path)
        self.recovered: StoreFileError | None = None
        self._lock = threading.Lock()  # one connection, shared by the GUI thread and workers
        self._conn = self._open(recover)

    # -- opening -------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        target = str(self.path)
        if self.path != IN_MEMORY:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(target, timeout=5.0, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _open(self, recover: bool) -> sqlite3.Connection:
        try:
            conn = self._connect()
        except sqlite3.Error as error:
            raise StoreError(f"The local store {self.path} cannot be opened: {error}.") from error
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(check)
        except sqlite3.OperationalError as error:  # locked or unreadable: not damage, keep the file
            conn.close()
            raise StoreError(f"The local store {self.path} cannot be read now: {error}. "
                             "Close other copies of the app and try again.") from error
        except sqlite3.DatabaseError as error:
            conn.close()
            backup = self._set_aside("corrupt", move=True)
            problem = StoreFileError(
                f"The local store was damaged ({error}). It was kept as {backup.name} and a new, "
                "empty store was started; your earlier tags are in that copy.", backup)
            log.warning("Store damaged, moved aside to %s: %s", backup, error)
            if not recover:
                raise problem from error
            self.recovered = problem
            conn = self._connect()
            version = 0
        if version > SCHEMA_VERSION:
            conn.close()
            backup = self._set_aside(f"newer-v{version}", move=False)
            raise StoreFileError(
                f"The local store was written by a newer version of Seller GUI (schema {version}; "
                f"this version reads up to {SCHEMA_VERSION}). It was left unchanged and copied to "
                f"{backup.name}. Update the app to use it.", backup)
        self._migrate(conn, version)
        return conn

    def _set_aside(self, label: str, *, move: bool) -> Path:
        """Keep the file (and its journal) next to itself as ``<name>.<label>-<time>``."""
        path = Path(self.path)
        stamp = datetime.now(JST).strftime("%Y%m%d-%H%M%S-%f")
        backup = path.with_name(f"{path.name}.{label}-{stamp}")
        for suffix in ("", "-journal", "-wal", "-shm"):
            source = Path(f"{path}{suffix}")
            if source.exists():
                target = Path(f"{backup}{suffix}")
                if move:
                    source.replace(target)
                else:
                    shutil.copy2(source, target)
        return backup

    @staticmethod
    def _migrate(conn: sqlite3.Connection, version: int) -> None:
        for number in range(version, SCHEMA_VERSION):
            try:
                conn.execute("BEGIN IMMEDIATE")
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number + 1}")
                conn.execute("COMMIT")
            except sqlite3.Error as error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                conn.close()
                raise StoreError(f"The local store could not be upgraded to version {number + 1}: "
                                 f"{error}. It was left as it was.") from error

    @property
    def schema_version(self) -> int:
        return self._read("PRAGMA user_version")[0][0]

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing ------------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                yield self._conn
                self._conn.execute("COMMIT")
            except sqlite3.Error as error:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise StoreError(f"The local store could not be written: {error}.") from error
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise StoreError(f"The local store could not be read: {error}.") from error

    # -- cancel-cause tags ---------------------------------------------------------------------

    def set_cause_tags(self, tags: Iterable[tuple[str, str, str]]) -> None:
        """Tag orders (marketplace, order_id, cause) in one transaction; a tag replaces an old one."""
        stamp = _now()
        with self._write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO cause_tags (marketplace, order_id, cause, tagged_at) "
                "VALUES (?, ?, ?, ?)",
                ((str(m), str(o), _check_cause(c), stamp) for m, o, c in tags))

    def set_cause_tag(self, marketplace: str, order_id: str, cause: str) -> None:
        self.set_cause_tags([(marketplace, order_id, cause)])

    def remove_cause_tag(self, marketplace: str, order_id: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM cause_tags WHERE marketplace = ? AND order_id = ?",
                         (marketplace, order_id))

    def cause_tags(self) -> dict[tuple[str, str], str]:
        """(marketplace, order_id) -> cause, as ``metrics.build_order_book`` takes them."""
        rows = self._read("SELECT marketplace, order_id, cause FROM cause_tags")
        return {(m, o): c for m, o, c in rows}

    # -- confirmed reason meanings -------------------------------------------------------------

    def confirm_reason(self, marketplace: str, reason: str, cause: str) -> None:
        """The seller confirms what a raw reason text means; ``"*"`` applies it to every marketplace."""
        with self._write() as conn:
            conn.execute("INSERT OR REPLACE INTO reason_causes VALUES (?, ?, ?, ?)",
                         (marketplace, reason, _check_cause(cause), _now()))

    def forget_reason(self, marketplace: str, reason: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM reason_causes WHERE marketplace = ? AND reason = ?",
                         (marketplace, reason))

    def reason_causes(self) -> dict[tuple[str, str], str]:
        rows = self._read("SELECT marketplace, reason, cause FROM reason_causes")
        return {(m, r): c for m, r, c in rows}

    # -- SKU alternatives ----------------------------------------------------------------------

    def set_alternatives(self, sku: str, alternatives: Iterable[Alternative]) -> None:
        """Replace the alternatives offered for ``sku`` (in the order given) in one transaction."""
        items = [Alternative(a.name, a.url) for a in alternatives]
        with self._write() as conn:
            conn.execute("DELETE FROM sku_alternatives WHERE sku = ?", (sku,))
            conn.executemany("INSERT INTO sku_alternatives VALUES (?, ?, ?, ?)",
                             [(sku, n, a.name, a.url) for n, a in enumerate(items)])

    def alternatives(self, sku: str) -> list[Alternative]:
        rows = self._read("SELECT name, url FROM sku_alternatives WHERE sku = ? ORDER BY position",
                          (sku,))
        return [Alternative(name, url) for name, url in rows]

    def all_alternatives(self) -> dict[str, list[Alternative]]:
        found: dict[str, list[Alternative]] = {}
        for sku, name, url in self._read(
                "SELECT sku, name, url FROM sku_alternatives ORDER BY sku, position"):
            found.setdefault(sku, []).append(Alternative(name, url))
        return found

    # -- import history ------------------------------------------------------------------------



