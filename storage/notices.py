"""Rule-change notices' rows (CONTRACTS §9): what is kept to compare plans across restarts and releases.

* ``knowledge_versions``: the rule files' text of each knowledge version still needed (zlib-compressed;
  public knowledge, not user data);
* ``meta.rules_version``: the version in force, the one the bot last started with;
* ``plan_versions``: while a comparison is under way, the version each user's plan was last compared
  under. When a new version comes in, every user without a row gets one holding the version in force
  until then (what they last saw); a user without a row joined under the version in force. A run moves
  rows to the new version batch by batch and ends by emptying the table, so a second edit made before a
  run finished is compared from wherever each user is, and a user who joined under the new rules is
  never told about the old ones.
* ``rule_notices``: what each user is told about a version (sealed), one row per user and version;
  the message itself goes through the reminder queue as a row of kind ``notice``.

A batch of users is written in one transaction (their versions, their notices, the queue rows), so a
crash at any point repeats at most an uncommitted batch, and nothing is written for a user who was
deleted meanwhile.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import quote

from sqlite_utils import Database

from storage.crypto import KeyError_
from storage.db import BUSY_SECONDS
from storage.reminders import ReminderQueue, Sealer, iso

IN_FORCE = "rules_version"
NOTICE = "notice:"  # a notice's milestone in the reminder queue: "notice:<version>"
KIND = "notice"


@dataclass(frozen=True)
class Pending:
    """A user whose plan is not yet compared under the target version."""

    chat_id: int
    since: str | None  # the version their plan was last compared under
    status: str
    data: bytes  # the sealed session; the caller opens it (read only: a run never writes a session)


@dataclass(frozen=True)
class Told:
    chat_id: int
    notice: dict[str, Any]
    due: datetime


class NoticeRows:
    """Queries on the notice tables; every write commits before it returns."""

    def __init__(self, db: Callable[[], Database], sealer: Sealer, reminders: ReminderQueue | None = None):
        self._db = db  # this thread's connection
        self.sealer = sealer
        self.reminders = reminders

    @property
    def db(self) -> Database:
        return self._db()

    def ready(self) -> bool:
        """Does this database have the notice tables (a database of an earlier release may not)?"""
        return self.db.table("plan_versions").exists()

    # ------------------------------------------------------------------ versions
    def in_force(self) -> str | None:
        """The version the bot last started with (users without a row are at it)."""
        row = self.db.execute("select value from meta where key = ?", [IN_FORCE]).fetchone()
        return row[0].decode() if row else None

    def remember(self, version: str, files: Mapping[str, str], now: datetime) -> None:
        """Keep a version's rule files and make it the version in force. Every user not yet at a version of
        their own stays at the one in force until now; at the very first start there is none, and nobody
        is compared (what users were shown before cannot be known)."""
        packed = zlib.compress(json.dumps(dict(files)).encode())
        with self.db.atomic():
            self.db.execute("insert or ignore into knowledge_versions (version, files, recorded_at) values (?, ?, ?)",
                            [version, packed, iso(now)])
            before = self.in_force()
            if before is not None and before != version:
                self.db.execute("insert or ignore into plan_versions (chat_id, version) "
                                "select s.chat_id, ? from sessions s join users u on u.chat_id = s.chat_id", [before])
            self.db.execute("insert into meta (key, value) values (?, ?) "
                            "on conflict(key) do update set value = excluded.value", [IN_FORCE, version.encode()])

    def files(self, version: str) -> dict[str, str] | None:
        row = self.db.execute("select files from knowledge_versions where version = ?", [version]).fetchone()
        return {str(k): str(v) for k, v in json.loads(zlib.decompress(row[0])).items()} if row else None

    def behind(self, target: str) -> bool:
        """Is any user's plan possibly not yet compared under ``target``?"""
        if self.in_force() != target:
            return True
        return self.db.execute("select 1 from plan_versions where version != ? limit 1", [target]).fetchone() \
            is not None

    def pending(self, target: str, after: int, limit: int) -> list[Pending]:
        """The next users (in chat id order, after ``after``) not yet compared under ``target``."""
        joined = self.ready()
        version = "coalesce(p.version, :in_force)" if joined else ":in_force"
        rows = self.db.execute(
            f"select s.chat_id, {version}, u.status, s.data from sessions s "
            "join users u on u.chat_id = s.chat_id "
            + ("left join plan_versions p on p.chat_id = s.chat_id " if joined else "")
            + f"where s.chat_id > :after and ({version} is null or {version} != :target) "
            "order by s.chat_id limit :limit",
            {"in_force": self.in_force(), "after": after, "target": target, "limit": limit}).fetchall()
        return [Pending(r[0], r[1], str(r[2] or ""), r[3]) for r in rows]

    # ------------------------------------------------------------------ a run's writes
    def commit(self, target: str, done: Iterable[int], told: Iterable[Told], now: datetime) -> None:
        """One batch, in one transaction: these users are at ``target``; these are told (their notice
        sealed, a queue row due when it suits them). Users deleted meanwhile get nothing written."""
        assert self.reminders is not None, "a read-only view cannot write"
        exists = "where exists (select 1 from users where chat_id = ?)"
        with self.db.atomic():
            conn = self.db.conn
            conn.executemany("insert into plan_versions (chat_id, version) select ?, ? " + exists +
                             " on conflict(chat_id) do update set version = excluded.version",
                             [(c, target, c) for c in done])
            for t in told:
                conn.execute("insert or ignore into rule_notices (chat_id, version, notice, created_at) "
                             "select ?, ?, ?, ? " + exists,
                             [t.chat_id, target, self.sealer.seal(t.notice), iso(now), t.chat_id])
                for chat_id, tag, due, what in self.reminders.rows(t.chat_id, [(NOTICE + target, t.due)]):
                    conn.execute("insert into reminders (chat_id, milestone, due_at, what, status, attempts, kind) "
                                 "select ?, ?, ?, ?, 'pending', 0, ? " + exists +
                                 " and not exists (select 1 from reminders where chat_id = ? and milestone = ?)",
                                 [chat_id, tag, due, what, KIND, chat_id, chat_id, tag])

    def finish(self, target: str) -> None:
        """Every user is at ``target`` (the version in force): rows and older rule files are no longer needed."""
        with self.db.atomic():
            self.db.execute("delete from plan_versions where version = ?", [target])
            if self.db.execute("select 1 from plan_versions limit 1").fetchone() is None:
                self.db.execute("delete from knowledge_versions where version != ?", [target])

    # ------------------------------------------------------------------ one user
    def notice(self, chat_id: int, version: str) -> dict[str, Any] | None:
        row = self.db.execute("select notice from rule_notices where chat_id = ? and version = ?",
                              [chat_id, version]).fetchone()
        return self.sealer.open(row[0]) if row else None

    def unseen(self, chat_id: int) -> list[dict[str, Any]]:
        """The user's notices they have not looked at in /plan yet, oldest first."""
        rows = self.db.execute("select notice from rule_notices where chat_id = ? and seen_at is null "
                               "order by created_at", [chat_id]).fetchall()
        return [self.sealer.open(r[0]) for r in rows]

    def mark_seen(self, chat_id: int, now: datetime) -> None:
        with self.db.atomic():
            self.db.execute("update rule_notices set seen_at = ? where chat_id = ? and seen_at is null",
                            [iso(now), chat_id])


def open_readonly(path: str | Path, sealer: Sealer) -> Database:
    """The database opened for reading only (an operator's preview beside the running bot): no migration,
    no write; the key is checked against the database's key check."""
    try:
        conn = sqlite3.connect(f"file:{quote(str(Path(path).absolute()))}?mode=ro", uri=True,
                               timeout=BUSY_SECONDS, isolation_level=None)
        conn.execute("PRAGMA query_only = ON")
        db = Database(conn)
        row = db.execute("select value from meta where key = 'key_check'").fetchone()
    except sqlite3.DatabaseError as exc:
        from storage.db import StorageError

        raise StorageError(f"Cannot read the database {path}: {exc}") from None
    if row is None:
        raise KeyError_(f"The database {path} has no key check yet: start the bot once first")
    try:
        sealer.open(row[0])
    except KeyError_:
        raise KeyError_("The data key does not match this database (wrong BOT_DATA_KEY or key file). "
                        "Use the key the database was created with.") from None
    return db
