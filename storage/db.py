"""Opening the database: WAL, busy timeout, versioned migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from storage.schema import migrations


class StorageError(RuntimeError):
    """The database file cannot be used (corrupt, read-only, full disk...)."""


def open_database(path: str | Path) -> Database:
    """Open (creating and migrating if needed) the SQLite file at ``path``."""
    try:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=5.0, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 5000")
        if str(path) != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        db = Database(conn)
        migrations.apply(db)
        return db
    except sqlite3.DatabaseError as exc:  # includes OperationalError
        raise StorageError(f"Cannot open the database {path}: {exc}") from exc
    except OSError as exc:
        raise StorageError(f"Cannot open the database {path}: {exc}") from exc
