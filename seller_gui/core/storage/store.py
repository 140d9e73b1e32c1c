"""The local store: what the seller tells the app and what it has read, kept between sessions.

One SQLite file (standard library) in the user's data folder, or wherever the caller says. It holds
the seller's own cancel-cause tags per order, confirmed meanings of raw cancel-reason texts, alternative
items per SKU, and an import history. It holds no buyer personal data: orders are known only by
marketplace and order number.

Safety: every write is one transaction (SQLite's rollback journal makes a crash mid-write roll back
on the next open); the schema is versioned with ``PRAGMA user_version`` and migrated forward inside an
exclusive transaction that reads the version again; a damaged file is renamed aside
(``*.corrupt-<time>``), a fresh store started and what can still be read of the old one copied in; a
file from a newer app version is neither changed nor copied. Every problem reaches the caller as a
``StoreFileError`` whose ``kind`` says what the seller can do about it.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from seller_gui.core.errors import StoreError
from seller_gui.core.i18n import Message
from seller_gui.core.schema import CAUSES, JST
from seller_gui.core.storage.paths import DataPaths

log = logging.getLogger(__name__)

APP_NAME = "seller-gui"
# What a seller can say a status value means (reading.normalize.SELLER_CHOICES).
STATUS_MEANINGS = ("open", "scheduled", "pending_payment", "shipped", "cancelled")
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
    """
    CREATE TABLE status_meanings (
        marketplace TEXT NOT NULL,
        value TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'scheduled', 'pending_payment', 'shipped',
                                               'cancelled')),
        mapped_at TEXT NOT NULL,
        PRIMARY KEY (marketplace, value)
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def default_store_path() -> Path:
    return DataPaths.default().store


# What went wrong with the store, as the seller acts on it (catalogue key ``store_<kind>``).
NEWER, UNWRITABLE, FULL, NOT_A_FILE, BUSY, DAMAGED = ("newer", "unwritable", "full", "not_a_file",
                                                      "busy", "damaged")
# What a damaged store's copy may still give back, table by table, in the current schema's columns.
SALVAGED_TABLES = {
    "cause_tags": ("marketplace", "order_id", "cause", "tagged_at"),
    "reason_causes": ("marketplace", "reason", "cause", "confirmed_at"),
    "sku_alternatives": ("sku", "position", "name", "url"),
    "status_meanings": ("marketplace", "value", "status", "mapped_at"),
}


class StoreFileError(StoreError):
    """The store could not be used as it was: ``kind`` says why (one of the constants above),
    ``backup`` is the copy of it that was kept, ``salvaged`` how many items were read back from it."""

    def __init__(self, message: str, backup: Path | None = None, *, kind: str = DAMAGED,
                 path: Path | None = None, salvaged: int = 0) -> None:
        super().__init__(message)
        self.backup = backup
        self.kind = kind
        self.path = path
        self.salvaged = salvaged

    @property
    def message(self) -> Message:
        """What the seller reads: what is wrong, what is not remembered, what to do."""
        return Message(f"store_{self.kind}", {"path": str(self.path or ""),
                                              "backup": str(self.backup or ""),
                                              "count": self.salvaged})


def problem_kind(error: BaseException) -> str:
    """The seller's side of an OSError or SQLite error met while opening or writing the store."""
    if isinstance(error, StoreFileError):
        return error.kind
    if isinstance(error, IsADirectoryError):
        return NOT_A_FILE
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return FULL
    text = str(error).lower()
    if "disk is full" in text or "disk full" in text:
        return FULL
    if "locked" in text or "busy" in text:
        return BUSY
    return UNWRITABLE  # permissions, a read-only disk, a file where a folder should be


def as_store_error(error: BaseException, path: str | Path, doing: str) -> StoreFileError:
    if isinstance(error, StoreFileError):
        return error
    kind = problem_kind(error)
    return StoreFileError(f"The local store {path} could not be {doing}: {error}.", kind=kind,
                          path=Path(path))


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
            path = Path(self.path)
            if path.is_dir():
                raise IsADirectoryError(errno.EISDIR, "a folder stands where the store should be", target)
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(target, timeout=10.0, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _open(self, recover: bool) -> sqlite3.Connection:
        try:
            conn = self._connect()
        except (sqlite3.Error, OSError) as error:
            raise as_store_error(error, self.path, "opened") from error
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:  # a newer app's file: not checked, not copied, not touched
                conn.close()
                raise StoreFileError(
                    f"The local store was written by a newer version of Seller GUI (schema {version}; "
                    f"this version reads up to {SCHEMA_VERSION}). It was left unchanged; update the "
                    "app to use it.", kind=NEWER, path=Path(self.path))
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(check)
        except sqlite3.OperationalError as error:  # locked or unreadable: not damage, keep the file
            conn.close()
            raise as_store_error(error, self.path, "read now") from error
        except sqlite3.DatabaseError as error:
            conn.close()
            try:
                backup = self._set_aside("corrupt")
            except OSError as move_error:
                raise as_store_error(move_error, self.path, "set aside") from error
            log.warning("Store damaged, moved aside to %s: %s", backup, error)
            if not recover:
                raise StoreFileError(f"The local store was damaged ({error}). It was kept as "
                                     f"{backup.name}.", backup, path=Path(self.path)) from error
            try:
                conn = self._connect()
                self._migrate(conn, 0)
            except (sqlite3.Error, OSError) as reopen_error:
                raise as_store_error(reopen_error, self.path, "started again") from reopen_error
            salvaged = salvage(backup, conn)
            self.recovered = StoreFileError(
                f"The local store was damaged ({error}). It was kept as {backup.name}; {salvaged} "
                "items could be read back into a new store.", backup, path=Path(self.path),
                salvaged=salvaged)
            return conn
        try:
            self._migrate(conn, version)
        except (sqlite3.Error, OSError, StoreFileError) as error:
            conn.close()
            problem = as_store_error(error, self.path, "upgraded")
            problem.path = Path(self.path)
            raise problem from error
        return conn

    def _set_aside(self, label: str) -> Path:
        """Move the file (and its journal) aside as ``<name>.<label>-<time>``: renamed, never copied."""
        path = Path(self.path)
        stamp = datetime.now(JST).strftime("%Y%m%d-%H%M%S-%f")
        backup = path.with_name(f"{path.name}.{label}-{stamp}")
        for suffix in ("", "-journal", "-wal", "-shm"):
            source = Path(f"{path}{suffix}")
            if source.exists():
                source.replace(Path(f"{backup}{suffix}"))
        return backup

    @staticmethod
    def _migrate(conn: sqlite3.Connection, version: int) -> None:
        """Bring the schema up to date; the version is read again inside an exclusive transaction, so
        two processes starting at once never both run the same step."""
        if version >= SCHEMA_VERSION:
            return
        conn.execute("BEGIN EXCLUSIVE")
        try:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current > SCHEMA_VERSION:
                raise StoreFileError("The local store was just upgraded by a newer version of Seller "
                                     "GUI; it was left unchanged.", kind=NEWER)
            for number in range(current, SCHEMA_VERSION):
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

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
                raise as_store_error(error, self.path, "written") from error
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise as_store_error(error, self.path, "read") from error

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
        """(marketplace, order_id) -> cause, as ``analysis.orders.build_order_book`` takes them."""
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

    # -- the seller's meaning of status values the profiles do not know ------------------------

    def set_status_meanings(self, meanings: Iterable[tuple[str, str, str]]) -> None:
        """(marketplace, status value as written, meaning) in one transaction; a meaning of ""
        forgets the value (it is unknown again). Meanings: open, scheduled, pending_payment,
        shipped, cancelled."""
        stamp = _now()
        items = [(str(m), str(v).strip(), str(s)) for m, v, s in meanings]
        for _, _, status in items:
            if status and status not in STATUS_MEANINGS:
                raise ValueError(f"unknown status meaning {status!r}")
        with self._write() as conn:
            conn.executemany("DELETE FROM status_meanings WHERE marketplace = ? AND value = ?",
                             [(m, v) for m, v, s in items if not s])
            conn.executemany("INSERT OR REPLACE INTO status_meanings VALUES (?, ?, ?, ?)",
                             [(m, v, s, stamp) for m, v, s in items if s])

    def status_meanings(self) -> dict[str, dict[str, str]]:
        """marketplace -> status value -> meaning, as ``reading.normalize.seller_statuses`` takes them."""
        found: dict[str, dict[str, str]] = {}
        for marketplace, value, status in self._read(
                "SELECT marketplace, value, status FROM status_meanings ORDER BY marketplace, value"):
            found.setdefault(marketplace, {})[value] = status
        return found

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





def salvage(damaged: Path, conn: sqlite3.Connection) -> int:
    """Copy what can still be read of a damaged store into ``conn`` (a fresh store), table by table
    and row by row, skipping what fails (like SQLite's ``.recover``, best effort); returns the count."""
    try:
        source = sqlite3.connect(f"{damaged.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return 0
    count = 0
    try:
        for table, columns in SALVAGED_TABLES.items():
            rows = _readable_rows(source, table, columns)
            inserted = 0
            conn.execute("BEGIN IMMEDIATE")
            for row in rows:
                try:
                    conn.execute(f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) "
                                 f"VALUES ({', '.join('?' * len(columns))})", row)
                    inserted += conn.execute("SELECT changes()").fetchone()[0]
                except sqlite3.Error:
                    continue  # a row the new schema refuses (a damaged cause): skipped
            conn.execute("COMMIT")
            count += inserted
    except sqlite3.Error as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        log.warning("Salvage of the damaged store stopped: %s", error)
    finally:
        source.close()
    return count


def _readable_rows(source: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> list[tuple]:
    """The rows of ``table`` that can be read, in rowid order; a damaged page is stepped over."""
    found: list[tuple] = []
    after, misses = -(2**63), 0
    query = (f"SELECT rowid, {', '.join(columns)} FROM {table} NOT INDEXED WHERE rowid > ? "
             "ORDER BY rowid")
    while misses < 40:
        try:
            for row in source.execute(query, (after,)):
                after = row[0]
                found.append(tuple(row[1:]))
            return found
        except sqlite3.Error as error:
            if "no such" in str(error):
                return found  # the table (or a column) is gone with the damage
            misses += 1
            after += 1 if misses < 8 else 2 ** misses  # past the damaged page, further each time
    return found


def check_store(path: Path) -> StoreFileError | None:
    """Open the store as the app starts (creating, upgrading or recovering it) and make sure it takes
    writes; the problem to show the seller, if any (a recovered store is one too). Never raises."""
    try:
        # the probe touches the first page, so it needs the journal; it is rolled back
        with Store(path) as store, store._write() as conn:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            raise _Probe
    except _Probe:
        return store.recovered
    except StoreFileError as error:
        log.warning("The local store cannot be used (%s)", error.kind)
        return error


class _Probe(Exception):
    """Ends the write probe in ``check_store`` by rolling it back."""
