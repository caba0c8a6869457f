"""Queries: the small API the adapters use. Every write commits before it returns."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any, Iterable

from sqlite_utils import Database

from storage.crypto import DataCipher, KeyError_
from storage.db import StorageError, migrations, open_database
from storage.reminders import ReminderQueue, iso

KEY_CHECK = b"img-rad-bot key check v1"


@migrations()
def m003_update_ids(db: Database) -> None:
    """The last Telegram update applied per user: a redelivered update (after a crash) is skipped."""
    db["sessions"].add_column("last_update", int)

#: Tables that hold rows about one user, keyed by ``chat_id``: what /mydata
#: exports and /delete erases. Later migrations append to it.
USER_TABLES: list[str] = ["users", "sessions", "reminders"]
#: Columns that hold sealed (encrypted) JSON.
SEALED_COLUMNS = {"data"}


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """Per-user state, answers and status in one SQLite file."""

    def __init__(self, db: Database, cipher: DataCipher):
        self.db = db
        self.cipher = cipher
        self.reminders = ReminderQueue(db)
        self._check_key()

    @classmethod
    def open(cls, path: str | Path, key: bytes | str) -> "Store":
        return cls(open_database(path), DataCipher(key))

    def _check_key(self) -> None:
        row = self.db.execute("select value from meta where key = 'key_check'").fetchone()
        if row is None:
            with self.db.atomic():
                self.db["meta"].insert({"key": "key_check", "value": self.cipher.seal(KEY_CHECK.decode())},
                                       replace=True)
            return
        try:
            self.cipher.open(row[0])
        except KeyError_ as exc:
            raise KeyError_(
                "The data key does not match this database (wrong BOT_DATA_KEY or key file). "
                "Use the key the database was created with."
            ) from exc

    # ------------------------------------------------------------------ sessions
    def load_session(self, chat_id: int) -> tuple[str, dict[str, Any]] | None:
        loaded = self.session(chat_id)
        return (loaded[0], loaded[1]) if loaded else None

    def session(self, chat_id: int) -> tuple[str, dict[str, Any], int | None] | None:
        """(state, data, id of the last Telegram update applied) or None for a new user."""
        row = self.db.execute(
            "select state, data, last_update from sessions where chat_id = ?", [chat_id]
        ).fetchone()
        if row is None:
            return None
        return row[0], self.cipher.open(row[1]), row[2]

    def save_session(self, chat_id: int, state: str, data: dict[str, Any],
                     reminders: list[tuple[str, datetime]] | None = None, update_id: int | None = None,
                     keep_due_by: datetime | None = None) -> None:
        """Store the user's state and data, and mark them seen; one committed transaction.

        ``reminders``, when given, replaces the user's schedule in the same transaction;
        ``update_id`` records the Telegram update applied, so a redelivered one is skipped.
        A write that fails (disk full, read-only file) raises StorageError and changes nothing.
        """
        try:
            self._save(chat_id, state, data, reminders, update_id, keep_due_by)
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"Could not save to the database: {exc}") from exc

    def _save(self, chat_id: int, state: str, data: dict[str, Any], reminders: list[tuple[str, datetime]] | None,
              update_id: int | None, keep_due_by: datetime | None) -> None:
        now = utcnow()
        sealed = self.cipher.seal(data)
        with self.db.atomic():
            self.db.execute(
                "insert into users (chat_id, created_at, last_seen, status) values (?, ?, ?, 'active') "
                "on conflict(chat_id) do update set last_seen = excluded.last_seen, status = 'active'",
                [chat_id, now, now],
            )
            self.db.execute(
                "insert into sessions (chat_id, state, data, updated_at, last_update) values (?, ?, ?, ?, ?) "
                "on conflict(chat_id) do update set state = excluded.state, data = excluded.data, "
                "updated_at = excluded.updated_at, last_update = coalesce(excluded.last_update, last_update)",
                [chat_id, state, sealed, now, update_id],
            )
            if reminders is not None:
                self.reminders.replace(chat_id, reminders, keep_due_by)

    def bulk_save(self, sessions: Iterable[tuple[int, str, dict[str, Any]]],
                  reminders: Iterable[tuple[int, str, datetime]] = ()) -> None:
        """Insert many new users at once (imports, benchmarks, load tests): each (chat id, state,
        data) sealed as ``save_session`` would, reminders as pending; one transaction."""
        now = utcnow()
        sessions = iter(sessions)
        with self.db.atomic():
            conn = self.db.conn
            while chunk := list(islice(sessions, 10_000)):
                conn.executemany("insert into users (chat_id, created_at, last_seen, status) "
                                 "values (?, ?, ?, 'active')", [(c, now, now) for c, _, _ in chunk])
                conn.executemany("insert into sessions (chat_id, state, data, updated_at) values (?, ?, ?, ?)",
                                 [(c, state, self.cipher.seal(data), now) for c, state, data in chunk])
            conn.executemany("insert or ignore into reminders (chat_id, milestone, due_at, status, attempts) "
                             "values (?, ?, ?, 'pending', 0)", ((c, m, iso(at)) for c, m, at in reminders))

    # ------------------------------------------------------------------ meta
    def meta(self, key: str) -> str | None:
        row = self.db.execute("select value from meta where key = ?", [key]).fetchone()
        return row[0].decode() if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.db.atomic():
            self.db["meta"].insert({"key": key, "value": value.encode()}, replace=True)

    # ------------------------------------------------------------------ users
    def user_status(self, chat_id: int) -> str | None:
        row = self.db.execute("select status from users where chat_id = ?", [chat_id]).fetchone()
        return row[0] if row else None

    def set_user_status(self, chat_id: int, status: str) -> None:
        """``blocked`` also cancels the user's pending reminders (same transaction)."""
        with self.db.atomic():
            self.db.execute("update users set status = ? where chat_id = ?", [status, chat_id])
            if status == "blocked":
                self.reminders.cancel_user(chat_id)

    def count_users(self) -> int:
        return self.db.execute("select count(*) from users").fetchone()[0]

    def export_user(self, chat_id: int) -> dict[str, list[dict[str, Any]]]:
        """Everything stored about one user, decrypted, table by table."""
        out: dict[str, list[dict[str, Any]]] = {}
        for table in USER_TABLES:
            rows = []
            for row in self.db[table].rows_where("chat_id = ?", [chat_id]):
                rows.append({k: (self.cipher.open(v) if k in SEALED_COLUMNS and v is not None else v)
                             for k, v in row.items()})
            if rows:
                out[table] = rows
        return out

    def delete_user(self, chat_id: int) -> int:
        """Erase every row about one user; return how many rows went."""
        removed = 0
        with self.db.atomic():
            for table in USER_TABLES:
                removed += self.db.execute(f"delete from [{table}] where chat_id = ?", [chat_id]).rowcount
        return removed
