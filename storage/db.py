"""Opening the database: WAL, bounded busy wait, secure delete, private file modes, migrations.

``Connections`` gives each thread its own connection to one file: the bot runs its SQLite work
off the event loop, and in WAL mode readers go on while another connection writes.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlite_utils import Database

from storage.schema import migrations

log = logging.getLogger(__name__)
#: How long a write waits for another writer (another process, a backup) before it gives up and
#: the user is told to try again: long enough for a checkpoint, short enough to answer.
BUSY_SECONDS = 3.0
#: Commits on the event loop's connection between two checkpoints (SQLite's own default is every 1,000
#: pages of log; a turn writes about five)
CHECKPOINT_EVERY = 200


class StorageError(RuntimeError):
    """The database file cannot be used (corrupt, read-only, full disk, busy...)."""


def busy(exc: sqlite3.Error) -> bool:
    """Is this error another connection holding the lock (SQLITE_BUSY or SQLITE_LOCKED, any variant)?"""
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


@contextmanager
def undone_on_error(conn: sqlite3.Connection) -> Iterator[None]:
    """Roll back the transaction ``conn`` has open when what runs inside fails (if a failure has not already
    undone it), and let the failure go on."""
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("rollback")
        raise


def _private_file(path: Path) -> None:
    """Create the database file readable by its owner only (SQLite gives -wal and -shm the same mode)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for extra in ("", "-wal", "-shm"):
        p = Path(f"{path}{extra}")
        if p.exists() and stat.S_IMODE(p.stat().st_mode) & 0o077:
            p.chmod(0o600)
    folder = path.parent.stat()
    if stat.S_IMODE(folder.st_mode) & 0o077:
        if folder.st_uid == os.getuid():
            path.parent.chmod(0o700)  # the bot's own data folder: nobody else needs to list it
        else:
            log.warning("the database folder %s can be listed by other users; chmod 700 it", path.parent)


def connect(path: str | Path) -> Database:
    """One configured connection (no migrations): the pragmas every connection needs."""
    memory = str(path) == ":memory:"
    # each connection belongs to one thread (``Connections``); the check is off so that an operator's
    # tools (and tests) can reach every connection, e.g. to close them all
    conn = sqlite3.connect(str(path), timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
    if not memory:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")  # deleted rows are overwritten, not left in free pages
    return Database(conn)


def open_database(path: str | Path, check: bool = False) -> Database:
    """Open (creating and migrating if needed) the SQLite file at ``path``; ``check`` runs SQLite's
    quick integrity check first, so a damaged file is refused at start rather than failing every user."""
    try:
        if str(path) != ":memory:":
            _private_file(Path(path))
        db = connect(path)
        if check:
            problem = db.execute("PRAGMA quick_check").fetchone()[0]
            if problem != "ok":
                raise StorageError(f"The database {path} is damaged ({problem}); restore it from a backup")
        migrations.apply(db)
        return db
    except sqlite3.DatabaseError as exc:  # includes OperationalError
        raise StorageError(f"Cannot open the database {path}: {exc}") from exc
    except OSError as exc:
        raise StorageError(f"Cannot open the database {path}: {exc}") from exc


class Connections:
    """A connection per thread to one database file (one shared connection for ``:memory:``)."""

    def __init__(self, path: str | Path, check: bool = False):
        self.path = path
        self._local = threading.local()
        self._first = open_database(path, check)  # creates and migrates, on the opening thread
        self._local.db = self._first
        self._all = [self._first]
        self._lock = threading.Lock()
        self._pragmas: list[str] = []  # set on every connection, present and future (``apply``)
        self._nowait: Database | None = None
        self._nowait_commits = 0

    def nowait(self) -> Database | None:
        """The event loop's own connection, for the few small writes it makes itself (keeping a received
        update): it never waits for a lock (busy timeout 0: a database held by another writer is an
        immediate ``busy`` error, and the caller moves the write to a worker thread) and never runs a
        checkpoint (whose fsync could take a while; the worker threads' connections run them). None for
        ``:memory:``, whose one connection is shared. Use it from one thread only."""
        if str(self.path) == ":memory:":
            return None
        if self._nowait is None:
            self._nowait = self._open("PRAGMA busy_timeout = 0", "PRAGMA wal_autocheckpoint = 0")
        return self._nowait

    @contextmanager
    def nowait_here(self) -> Iterator[Database | None]:
        """For the duration, this thread's store calls use ``nowait``'s connection (the event loop's turn:
        ``BotService.handle_now``); yields None, changing nothing, where there is none (``:memory:``)."""
        db = self.nowait()
        if db is None:
            yield None
            return
        previous = getattr(self._local, "db", None)
        self._local.db = db
        try:
            yield db
        finally:
            self._local.db = previous

    def wrote_without_waiting(self) -> bool:
        """Count a commit made on ``nowait``'s connection (which runs no checkpoint itself); True every
        ``CHECKPOINT_EVERY`` of them: time to run ``checkpoint`` from a worker thread."""
        self._nowait_commits += 1
        return self._nowait_commits % CHECKPOINT_EVERY == 0

    def checkpoint(self) -> None:
        """Copy the log back into the database file (as SQLite's automatic checkpoint does), from the
        calling thread's connection, without waiting for readers or writers (PASSIVE)."""
        try:
            self.get().execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.DatabaseError as exc:
            log.warning("checkpoint failed: %s", exc)

    def waits(self, db: Database) -> bool:
        """Does this connection wait for a lock (every one but ``nowait``'s)?"""
        return db is not self._nowait

    def get(self) -> Database:
        db = getattr(self._local, "db", None)
        if db is None:
            if str(self.path) == ":memory:":
                return self._first
            db = self._open()
            self._local.db = db
        return db

    def _open(self, *own: str) -> Database:
        """A new connection to the file: ``connect``'s pragmas, then ``own``, then every pragma ``apply``
        set; kept among all connections (closed by ``close``)."""
        try:
            db = connect(self.path)
            for pragma in (*own, *self._pragmas):
                db.execute(pragma)
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"Cannot open the database {self.path}: {exc}") from exc
        with self._lock:
            self._all.append(db)
        return db

    def apply(self, pragma: str) -> None:
        """Set a pragma on every connection, those open now and those opened later (e.g. query_only)."""
        with self._lock:
            self._pragmas.append(pragma)
            for db in self._all:
                db.execute(pragma)

    def close(self) -> None:
        with self._lock:
            for db in self._all:
                db.conn.close()
            self._all.clear()
            self._nowait = None
