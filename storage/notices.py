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

Rows are keyed by the user's ``uid`` (a keyed hash of the chat id), like every user table; notices
are sealed for their row. A batch of users is written in one transaction (their versions, their notices, the queue rows), so a
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
from storage.reminders import ReminderQueue, Sealer, chat_place, iso

IN_FORCE = "rules_version"
NOTICE = "notice:"  # a notice's milestone in the reminder queue: "notice:<version>"
KIND = "notice"
#: Rows written or deleted per transaction when every user's row changes at once.
CHUNK = 5000


def notice_place(uid: int, version: str) -> str:
    return f"rule_notices.notice:{uid}:{version}"


@dataclass(frozen=True)
class Pending:
    """A user whose plan is not yet compared under the target version."""

    chat_id: int
    since: str | None  # the version their plan was last compared under
    status: str
    session: Any  # the stored session, opened (read only: a run never writes a session); None: unreadable
    uid: int = 0  # the row's key: where the next batch starts


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
        if before is None or before == version:
            self._set_in_force(version)
            return
        # every user gets a row holding the version in force until now, a few thousand per transaction so
        # that users' own writes never wait long (a row holding the version in force is the same as none,
        # so a start cut off here leaves nothing wrong); the switch itself catches anyone who came meanwhile
        after = -(2**63)
        while uids := [r[0] for r in self.db.execute(
                "select s.uid from sessions s join users u on u.uid = s.uid "
                "where s.uid > ? order by s.uid limit ?", [after, CHUNK])]:
            self._own_rows(uids, before)
            after = uids[-1]
        with self.db.atomic():
            self.db.execute("insert or ignore into plan_versions (uid, version) select s.uid, ? "
                            "from sessions s join users u on u.uid = s.uid where s.uid > ?",
                            [before, after])
            self._set_in_force(version)

    def _own_rows(self, uids: list[int], version: str) -> None:
        with self.db.atomic():
            self.db.conn.executemany("insert or ignore into plan_versions (uid, version) values (?, ?)",
                                     [(u, version) for u in uids])

    def _set_in_force(self, version: str) -> None:
        with self.db.atomic():
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
        """The next users (in ``uid`` order, after the uid ``after``) not yet compared under ``target``."""
        joined = self.ready()
        version = "coalesce(p.version, :in_force)" if joined else ":in_force"
        rows = self.db.execute(
            f"select s.uid, {version}, u.status, s.data, u.chat from sessions s "
            "join users u on u.uid = s.uid "
            + ("left join plan_versions p on p.uid = s.uid " if joined else "")
            + f"where s.uid > :after and ({version} is null or {version} != :target) "
            "order by s.uid limit :limit",
            {"in_force": self.in_force(), "after": after, "target": target, "limit": limit}).fetchall()
        out = []
        for uid, since, status, data, chat in rows:
            chat_id, session = self._opened(uid, chat, data)
            out.append(Pending(chat_id, since, str(status or ""), session, uid))
        return out

    def _opened(self, uid: int, chat: bytes, data: bytes) -> tuple[int, Any]:
        """The chat id and the session of a row, opened (0 and None when they cannot be)."""
        try:
            chat_id = int(self.sealer.open(chat, chat_place(uid)))
        except (KeyError_, TypeError, ValueError):
            return 0, None
        try:
            return chat_id, self.sealer.open(data, f"sessions.data:{uid}")
        except KeyError_:
            return chat_id, None

    # ------------------------------------------------------------------ a run's writes
    def commit(self, target: str, done: Iterable[int], told: Iterable[Told], now: datetime) -> None:
        """One batch, in one transaction: these users are at ``target``; these are told (their notice
        sealed, a queue row due when it suits them). Users deleted meanwhile get nothing written."""
        assert self.reminders is not None, "a read-only view cannot write"
        exists = "where exists (select 1 from users where uid = ?)"
        uid = self.sealer.uid
        with self.db.atomic():
            conn = self.db.conn
            conn.executemany("insert into plan_versions (uid, version) select ?, ? " + exists +
                             " on conflict(uid) do update set version = excluded.version",
                             [(uid(c), target, uid(c)) for c in done])
            for t in told:
                u = uid(t.chat_id)
                conn.execute("insert or ignore into rule_notices (uid, version, notice, created_at) "
                             "select ?, ?, ?, ? " + exists,
                             [u, target, self.sealer.seal(t.notice, notice_place(u, target)), iso(now), u])
                for row_uid, tag, due, what in self.reminders.rows(u, [(NOTICE + target, t.due)]):
                    conn.execute("insert into reminders (uid, tag, due_at, what, status, attempts, kind) "
                                 "select ?, ?, ?, ?, 'pending', 0, ? " + exists +
                                 " and not exists (select 1 from reminders where uid = ? and tag = ?)",
                                 [row_uid, tag, due, what, KIND, row_uid, row_uid, tag])

    def finish(self, target: str) -> None:
        """Every user is at ``target`` (the version in force): rows and older rule files are no longer needed
        (the rows go a few thousand per transaction; one left behind holds the version in force: no harm)."""
        while True:
            with self.db.atomic():
                gone = self.db.execute("delete from plan_versions where uid in (select uid from "
                                       "plan_versions where version = ? limit ?)", [target, CHUNK]).rowcount
            if gone < CHUNK:
                break
        with self.db.atomic():
            if self.db.execute("select 1 from plan_versions limit 1").fetchone() is None:
                self.db.execute("delete from knowledge_versions where version != ?", [target])

    # ------------------------------------------------------------------ one user
    def notice(self, chat_id: int, version: str) -> dict[str, Any] | None:
        uid = self.sealer.uid(chat_id)
        row = self.db.execute("select notice from rule_notices where uid = ? and version = ?",
                              [uid, version]).fetchone()
        return dict(self.sealer.open(row[0], notice_place(uid, version))) if row else None

    def unseen(self, chat_id: int) -> list[dict[str, Any]]:
        """The user's notices they have not looked at in /plan yet, oldest first."""
        uid = self.sealer.uid(chat_id)
        rows = self.db.execute("select version, notice from rule_notices where uid = ? and seen_at is null "
                               "order by created_at", [uid]).fetchall()
        return [dict(self.sealer.open(n, notice_place(uid, v))) for v, n in rows]

    def mark_seen(self, chat_id: int, now: datetime) -> None:
        with self.db.atomic():
            self.db.execute("update rule_notices set seen_at = ? where uid = ? and seen_at is null",
                            [iso(now), self.sealer.uid(chat_id)])


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
        sealer.open(row[0], "meta.key_check")
    except KeyError_:
        raise KeyError_("The data key does not match this database (wrong BOT_DATA_KEY or key file). "
                        "Use the key the database was created with.") from None
    return db
