"""Queries: the small API the adapters use. Every write commits before it returns."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any, Iterable

from sqlite_utils import Database

from storage.crypto import DataCipher, KeyError_
from storage.db import Connections, StorageError
from storage.notices import NoticeRows
from storage.outcomes import OutcomeRows, OutcomeWrite
from storage.reminders import ReminderQueue, Reschedule, iso
from storage.schema import SEALED_COLUMNS, SESSION_VERSION, USER_TABLES, upgrade_session

KEY_CHECK = b"img-rad-bot key check v1"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredSession:
    """One user's stored conversation: the opened (decrypted) data, in the current format."""

    chat_id: int
    data: dict[str, Any]


@dataclass(frozen=True)
class Turn:
    """What a user's turn starts from (``Store.begin_turn``)."""

    applied: bool  # the update was applied before (a redelivery): nothing to do
    stored: StoredSession | None
    blocked: bool


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """Per-user state, answers and status in one SQLite file."""

    def __init__(self, connections: Connections, cipher: DataCipher):
        self.connections = connections
        self.cipher = cipher
        self.reminders = ReminderQueue(connections.get, cipher)
        self.notices = NoticeRows(connections.get, cipher, self.reminders)
        self.outcomes = OutcomeRows(connections.get, cipher)
        self._check_key()
        self.upgrade_sessions()
        self.reminders.seal_legacy()

    @classmethod
    def open(cls, path: str | Path, key: bytes | str, check: bool = False) -> "Store":
        """Open the store at ``path``; ``check`` runs SQLite's integrity check first (the bot does at start)."""
        return cls(Connections(path, check), DataCipher(key))

    @property
    def db(self) -> Database:
        """This thread's connection."""
        return self.connections.get()

    def _check_key(self) -> None:
        row = self.db.execute("select value from meta where key = 'key_check'").fetchone()
        if row is None:
            with self.db.atomic():
                self.db.table("meta").insert({"key": "key_check", "value": self.cipher.seal(KEY_CHECK.decode())},
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
    def upgrade_sessions(self, batch: int = 500) -> int:
        """Bring every stored session to the current format (``storage.schema.upgrade_session``), once: a
        batch per transaction, so an interrupted upgrade carries on at the next start; the format reached
        is recorded last. Returns how many sessions were rewritten."""
        if self.meta("session_version") == str(SESSION_VERSION):
            return 0
        done, last = 0, -(2**63)
        while rows := self.db.execute("select chat_id, state, data from sessions where chat_id > ? order by chat_id "
                                      "limit ?", [last, batch]).fetchall():
            with self.db.atomic():
                for chat_id, state, sealed in rows:
                    data = self.cipher.open(sealed)
                    upgraded = upgrade_session(data, state or None)
                    if upgraded is not data or state is not None:
                        self.db.execute("update sessions set state = null, data = ? where chat_id = ?",
                                        [self.cipher.seal(upgraded), chat_id])
                        done += 1
            last = rows[-1][0]
        self.set_meta("session_version", str(SESSION_VERSION))
        if done:
            log.info("upgraded %d stored sessions to format %d", done, SESSION_VERSION)
        return done

    def begin_turn(self, chat_id: int, update_key: str | None) -> Turn:
        """What a turn starts from, in one query: whether its update was applied already, the user's
        stored session (None for a new user) and whether they were marked blocked."""
        data, applied, status = self.db.execute(
            "select (select data from sessions where chat_id = ?), "
            "exists(select 1 from applied_updates where key = ?), (select status from users where chat_id = ?)",
            [chat_id, update_key, chat_id]).fetchone()
        return Turn(bool(applied), StoredSession(chat_id, self.cipher.open(data)) if data is not None else None,
                    status == "blocked")

    def load(self, chat_id: int) -> StoredSession | None:
        """The user's stored session, opened; None for a new user."""
        row = self.db.execute("select data from sessions where chat_id = ?", [chat_id]).fetchone()
        if row is None:
            return None
        return StoredSession(chat_id, self.cipher.open(row[0]))

    def save(self, chat_id: int, data: dict[str, Any], update_key: str | None = None,
             reschedule: Reschedule | None = None, outcome: OutcomeWrite | None = None) -> None:
        """Store the user's session (sealed) and mark them seen; one committed transaction.

        ``reschedule`` replaces the user's reminders in the same transaction, ``outcome`` their shared
        Match outcome (``storage.outcomes``); ``update_key`` records
        the Telegram update applied, so a redelivered one is skipped. A write that fails (disk
        full, read-only file, another writer holding the file too long) raises StorageError and
        changes nothing.
        """
        try:
            self._save(chat_id, data, update_key, reschedule, outcome)
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"Could not save to the database: {exc}") from exc

    def applied(self, update_key: str) -> bool:
        """Was this Telegram update applied already (a redelivery after a crash)?"""
        return self.db.execute("select 1 from applied_updates where key = ?", [update_key]).fetchone() is not None

    def prune_applied(self, before: datetime) -> int:
        """Forget applied updates older than ``before`` (Telegram redelivers for at most a day)."""
        with self.db.atomic():
            return self.db.execute("delete from applied_updates where at < ?", [iso(before)]).rowcount

    def _save(self, chat_id: int, data: dict[str, Any], update_key: str | None,
              reschedule: Reschedule | None, outcome: OutcomeWrite | None = None) -> None:
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
                "insert into sessions (chat_id, state, data, updated_at) values (?, null, ?, ?) "
                "on conflict(chat_id) do update set state = null, data = excluded.data, "
                "updated_at = excluded.updated_at",
                [chat_id, sealed, now],
            )
            if update_key is not None:
                self.db.execute("insert or ignore into applied_updates (key, chat_id, at) values (?, ?, ?)",
                                [update_key, chat_id, now])
            if reschedule is not None:
                self.reminders.replace(chat_id, reschedule.due, reschedule.keep_due_by)
            if outcome is not None:
                self.outcomes.write(chat_id, outcome, now)

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
            conn.executemany("insert or ignore into reminders (chat_id, milestone, due_at, what, status, attempts) "
                             "values (?, ?, ?, ?, 'pending', 0)",
                             (row for c, m, at in reminders for row in self.reminders.rows(c, [(m, at)])))

    # ------------------------------------------------------------------ meta
    def meta(self, key: str) -> str | None:
        row = self.db.execute("select value from meta where key = ?", [key]).fetchone()
        return row[0].decode() if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.db.atomic():
            self.db.table("meta").insert({"key": key, "value": value.encode()}, replace=True)

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
        return int(self.db.execute("select count(*) from users").fetchone()[0])

    def export_user(self, chat_id: int) -> dict[str, list[dict[str, Any]]]:
        """Everything stored about one user, decrypted, table by table."""
        out: dict[str, list[dict[str, Any]]] = {}
        for table in USER_TABLES:
            rows = []
            for row in self.db.table(table).rows_where("chat_id = ?", [chat_id]):
                rows.append({k: (self.cipher.open(v) if k in SEALED_COLUMNS and v is not None else v)
                             for k, v in row.items()})
            if rows:
                out[table] = rows
        return out

    def delete_user(self, chat_id: int) -> int:
        """Erase every row about one user, leaving nothing readable in the file or its log; return how
        many rows went. (secure_delete zeroes the freed pages; the checkpoint empties the WAL, which
        still holds the rows' last versions until it is copied back and truncated.)"""
        removed = 0
        try:
            with self.db.atomic():
                for table in USER_TABLES:
                    removed += self.db.execute(f"delete from [{table}] where chat_id = ?", [chat_id]).rowcount
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"Could not delete from the database: {exc}") from exc
        return removed
