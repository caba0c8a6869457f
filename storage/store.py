"""Queries: the small API the adapters use. Every write commits before it returns."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any, Iterable

from sqlite_utils import Database

from storage.crypto import DataCipher, KeyError_
from storage.db import StorageError, open_database
from storage.reminders import ReminderQueue, Reschedule, iso
from storage.schema import SEALED_COLUMNS, USER_TABLES

KEY_CHECK = b"img-rad-bot key check v1"


@dataclass(frozen=True)
class StoredSession:
    """One user's stored conversation: the opened (decrypted) data, and the last Telegram update applied.

    ``state`` is the old clear-text column, read only for sessions stored before the state moved
    into the sealed data."""

    chat_id: int
    data: dict[str, Any]
    state: str | None
    last_update: int | None


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
    def load(self, chat_id: int) -> StoredSession | None:
        """The user's stored session, opened; None for a new user."""
        row = self.db.execute(
            "select state, data, last_update from sessions where chat_id = ?", [chat_id]
        ).fetchone()
        if row is None:
            return None
        return StoredSession(chat_id, self.cipher.open(row[1]), row[0] or None, row[2])

    def save(self, chat_id: int, data: dict[str, Any], update_id: int | None = None,
             reschedule: Reschedule | None = None) -> None:
        """Store the user's session (sealed) and mark them seen; one committed transaction.

        ``reschedule`` replaces the user's reminders in the same transaction; ``update_id`` records
        the Telegram update applied, so a redelivered one is skipped. A write that fails (disk
        full, read-only file) raises StorageError and changes nothing.
        """
        try:
            self._save(chat_id, data, update_id, reschedule)
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"Could not save to the database: {exc}") from exc

    def _save(self, chat_id: int, data: dict[str, Any], update_id: int | None,
              reschedule: Reschedule | None) -> None:
        now = utcnow()
        sealed = self.cipher.seal(data)
        with self.db.atomic():
            self.db.execute(
                "insert into users (chat_id, created_at, last_seen, status) values (?, ?, ?, 'active') "
                "on conflict(chat_id) do update set last_seen = excluded.last_seen, status = 'active'",
                [chat_id, now, now],
            )
            # the state column stays empty: where the user is lives in the sealed data
            self.db.execute(
                "insert into sessions (chat_id, state, data, updated_at, last_update) values (?, null, ?, ?, ?) "
                "on conflict(chat_id) do update set state = null, data = excluded.data, "
                "updated_at = excluded.updated_at, last_update = coalesce(excluded.last_update, last_update)",
                [chat_id, sealed, now, update_id],
            )
            if reschedule is not None:
                self.reminders.replace(chat_id, reschedule.due, reschedule.keep_due_by)

    def bulk_save(self, sessions: Iterable[tuple[int, dict[str, Any]]],
                  reminders: Iterable[tuple[int, str, datetime]] = ()) -> None:
        """Insert many new users at once (imports, benchmarks, load tests): each (chat id, data)
        sealed as ``save`` would, reminders as pending; one transaction."""
        now = utcnow()
        sessions = iter(sessions)
        with self.db.atomic():
            conn = self.db.conn
            while chunk := list(islice(sessions, 10_000)):
                conn.executemany("insert into users (chat_id, created_at, last_seen, status) "
                                 "values (?, ?, ?, 'active')", [(c, now, now) for c, _ in chunk])
                conn.executemany("insert into sessions (chat_id, data, updated_at) values (?, ?, ?)",
                                 [(c, self.cipher.seal(data), now) for c, data in chunk])
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
