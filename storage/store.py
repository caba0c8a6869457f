"""Queries: the small API the adapters use. Every write commits before it returns.

Callers name users by their Telegram chat id; the file never holds it in clear. Rows are keyed by
``uid`` (a keyed hash of the chat id, ``DataCipher.uid``) and the chat id itself is sealed in the
user's row, for the reminders that must be sent to it. Every sealed value is bound to its table,
column and owner (``DataCipher.seal``'s place), so a row copied into another user's place is refused.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator

from sqlite_utils import Database

from storage.crypto import DataCipher, KeyError_
from storage.db import Connections, StorageError, undone_on_error
from storage.inbox import Inbox, utcnow
from storage.notices import NoticeRows, notice_place
from storage.outcomes import OutcomeRows, OutcomeWrite, outcome_place
from storage.reminders import ReminderQueue, Reschedule, chat_place
from storage.schema import LEGACY_TABLES, SESSION_VERSION, USER_TABLES, upgrade_session

KEY_CHECK = b"img-rad-bot key check v1"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredSession:
    """One user's stored conversation: the opened (decrypted) data, in the current format. ``version``
    names this stored form (it changes with every save): work done outside the user's turn writes only
    if the session is still this version (``Store.reschedule``)."""

    chat_id: int
    data: dict[str, Any]
    version: str = ""


class Unreadable(StorageError):
    """A user's stored data cannot be opened (damaged, or copied from another user's row); their
    rows can still be erased (``Store.delete_user`` decrypts nothing). ``version`` names the row."""

    def __init__(self, message: str, version: str = ""):
        super().__init__(message)
        self.version = version


@dataclass(frozen=True)
class ReplyDue:
    """A saved turn's replies, due until sent: the user, and a tag of the session the turn saved (a later
    turn's mark is not cleared by an earlier turn's send)."""

    uid: int
    tag: str


@dataclass(frozen=True)
class Turn:
    """What a user's turn starts from (``Store.begin_turn``)."""

    applied: bool  # the update was applied before (a redelivery): nothing to do
    stored: StoredSession | None
    blocked: bool


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """``Database.atomic`` for a turn's write: a transaction of its own, or inside one already open (a
    received batch held for the turn, ``Store.receive_many``) a savepoint, always of the same name, so
    its two statements are prepared once (sqlite-utils names each savepoint anew)."""
    if not conn.in_transaction:
        conn.execute("begin")
        with undone_on_error(conn):
            yield
            conn.execute("commit")
        return
    conn.execute("savepoint turn")
    try:
        yield
    except BaseException:
        if conn.in_transaction:  # (a failure that undid the whole transaction took the savepoint with it)
            conn.execute("rollback to turn")
            conn.execute("release turn")
        raise
    conn.execute("release turn")


def session_place(uid: int) -> str:
    return f"sessions.data:{uid}"


def _version(sealed: bytes) -> str:
    return hashlib.sha256(sealed).hexdigest()[:16]


class Store(Inbox):
    """Per-user state, answers and status in one SQLite file."""

    def __init__(self, connections: Connections, cipher: DataCipher):
        super().__init__(connections, cipher)
        self._replied: list[tuple[int, str]] = []  # sent replies whose marks are not cleared yet (``replied``)
        self.reminders = ReminderQueue(connections.get, cipher)
        self.notices = NoticeRows(connections.get, cipher, self.reminders)
        self.outcomes = OutcomeRows(connections.get, cipher)
        self._check_key()
        self.move_legacy()
        self.upgrade_sessions()

    @classmethod
    def open(cls, path: str | Path, key: bytes | str, check: bool = False) -> "Store":
        """Open the store at ``path``; ``check`` runs SQLite's integrity check first (the bot does at start)."""
        return cls(Connections(path, check), DataCipher(key))

    def uid(self, chat_id: int) -> int:
        return self.cipher.uid(chat_id)

    def _check_key(self) -> None:
        row = self.db.execute("select value from meta where key = 'key_check'").fetchone()
        if row is None:
            self._write_key_check()
            return
        try:
            if row[0][:1] == b"\x01":  # written by an earlier version: checked, then bound like the rest
                self.cipher.open_legacy(row[0])
                self._write_key_check()
            else:
                self.cipher.open(row[0], "meta.key_check")
        except KeyError_ as exc:
            raise KeyError_(
                "The data key does not match this database (wrong BOT_DATA_KEY or key file). "
                "Use the key the database was created with."
            ) from exc

    def _write_key_check(self) -> None:
        with self.db.atomic():
            self.db.table("meta").insert({"key": "key_check", "value": self.cipher.seal(KEY_CHECK.decode(), "meta.key_check")},
                                   replace=True)

    # ------------------------------------------------------------------ sessions
    def load(self, chat_id: int) -> StoredSession | None:
        """The user's stored session, opened; None for a new user; Unreadable when it cannot be opened."""
        uid = self.uid(chat_id)
        row = self.db.execute("select data from sessions where uid = ?", [uid]).fetchone()
        return None if row is None else self._opened(chat_id, uid, row[0])

    def _opened(self, chat_id: int, uid: int, sealed: Any) -> StoredSession:
        version = _version(sealed if isinstance(sealed, bytes) else repr(sealed).encode())
        try:
            data = self.cipher.open(sealed, session_place(uid))
        except KeyError_:
            raise Unreadable("This user's stored data cannot be read (damaged, or not theirs)", version) from None
        if not isinstance(data, dict):
            raise Unreadable("This user's stored data cannot be read (not a session)", version)
        return StoredSession(chat_id, data, version)

    def upgrade_sessions(self, batch: int = 500) -> int:
        """Bring every stored session to the current format (``storage.schema.upgrade_session``), once: a
        batch per transaction, so an interrupted upgrade carries on at the next start; the format reached
        is recorded last. Returns how many sessions were rewritten. A session that cannot be opened is
        left as it is (its user is told when they next write)."""
        if self.meta("session_version") == str(SESSION_VERSION):
            return 0
        done, last = 0, -(2**63)
        while rows := self.db.execute("select uid, state, data from sessions where uid > ? order by uid "
                                      "limit ?", [last, batch]).fetchall():
            with self.db.atomic():
                for uid, state, sealed in rows:
                    try:
                        data = self.cipher.open(sealed, session_place(uid))
                    except KeyError_:
                        continue
                    upgraded = upgrade_session(data, state or None)
                    if upgraded is not data or state is not None:
                        self.db.execute("update sessions set state = null, data = ? where uid = ?",
                                        [self.cipher.seal(upgraded, session_place(uid)), uid])
                        done += 1
            last = rows[-1][0]
        self.set_meta("session_version", str(SESSION_VERSION))
        if done:
            log.info("upgraded %d stored sessions to format %d", done, SESSION_VERSION)
        return done

    def begin_turn(self, chat_id: int, update_key: str | None) -> Turn:
        """What a turn starts from, in one query: whether its update was applied (or handled) already,
        the user's stored session (None for a new user; Unreadable when it cannot be opened) and whether
        they were marked blocked."""
        uid = self.uid(chat_id)
        key = self._update_tag(update_key) if update_key is not None else None
        data, applied, status = self.db.execute(
            "select (select data from sessions where uid = ?), "
            "exists(select 1 from applied_updates where key = ?) "
            "or exists(select 1 from inbox where key = ? and handled_at is not null), "
            "(select status from users where uid = ?)",
            [uid, key, key, uid]).fetchone()
        if applied or (key is not None and key in self._marked and self._in_held_batch(key)):
            return Turn(True, None, status == "blocked")
        return Turn(False, self._opened(chat_id, uid, data) if data is not None else None, status == "blocked")

    def save(self, chat_id: int, data: dict[str, Any], update_key: str | None = None,
             reschedule: Reschedule | None = None, outcome: OutcomeWrite | None = None,
             reply: bool = False) -> "ReplyDue | None":
        """Store the user's session (sealed) and mark them seen; one committed transaction.

        ``reschedule`` replaces the user's reminders in the same transaction, ``outcome`` their shared
        Match outcome (``storage.outcomes``); ``update_key`` records
        the Telegram update applied (and handled, in the inbox), so a redelivered one is skipped. A
        write that fails (disk full, read-only file, another writer holding the file too long) raises
        StorageError and changes nothing. ``reply``: the turn has replies to send, due (``ReplyDue``) until
        ``replied`` (and shown again at the next start if the process stops first).
        """
        try:
            return self._save(chat_id, data, update_key, reschedule, outcome, reply)
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"Could not save to the database: {exc}") from exc

    def _save(self, chat_id: int, data: dict[str, Any], update_key: str | None,
              reschedule: Reschedule | None, outcome: OutcomeWrite | None = None,
              reply: bool = False) -> "ReplyDue | None":
        now = utcnow()
        uid = self.uid(chat_id)
        sealed = self.cipher.seal(data, session_place(uid))
        due = ReplyDue(uid, _version(sealed)) if reply else None
        deferred, key = False, ""
        with _transaction(self.db.conn):
            self._clear_replied()
            self._touch(uid, chat_id, now, due.tag if due else None)
            # the state column stays empty: where the user is lives in the sealed data
            self.db.execute(
                "insert into sessions (uid, state, data, updated_at) values (?, null, ?, ?) "
                "on conflict(uid) do update set state = null, data = excluded.data, "
                "updated_at = excluded.updated_at",
                [uid, sealed, now],
            )
            if update_key is not None:
                key = self._update_tag(update_key)
                # an update kept in the inbox is marked handled there (which is also what says it was
                # applied, ``begin_turn``); one that came another way is remembered as applied on its own
                deferred = self._in_held_batch(key)
                if not deferred and self._handled(key, now) == 0:
                    self.db.execute("insert or ignore into applied_updates (key, uid, at) values (?, ?, ?)",
                                    [key, uid, now])
                    self._drop_lost(key)
            if reschedule is not None:
                self.reminders.replace(uid, reschedule.due, reschedule.keep_due_by)
            if outcome is not None:
                self.outcomes.write(uid, outcome, now)
        if deferred:  # handled in the held batch's transaction: its row is written handled at the commit
            self._marked[key] = now
        return due

    def _touch(self, uid: int, chat_id: int, now: str, due: str | None = None) -> None:
        """The user's row: created with their chat id sealed, else marked seen and active; ``due``: the
        turn's replies are due (``ReplyDue``)."""
        updated = self.db.execute("update users set last_seen = ?, status = 'active', reply_due = ? where uid = ?",
                                  [now, due, uid])
        if updated.rowcount == 0:
            self.db.execute("insert into users (uid, chat, created_at, last_seen, status, reply_due) "
                            "values (?, ?, ?, ?, 'active', ?)",
                            [uid, self.cipher.seal(chat_id, chat_place(uid)), now, now, due])

    # ------------------------------------------------------------------ replies due
    def replied(self, due: "ReplyDue") -> None:
        """The replies of a turn went out (or their failure was dealt with): no longer due. Written with the
        next turn that saves (or ``flush_replied``), not on its own: a kill -9 before then only means
        the user is shown where they are once more at the next start."""
        self._replied.append((due.uid, due.tag))

    def _clear_replied(self) -> None:
        if self._replied:  # (other threads only append: what was there is taken, what comes stays)
            n = len(self._replied)
            done = self._replied[:n]
            del self._replied[:n]
            clear = "update users set reply_due = null where uid = ? and reply_due = ?"
            if n == 1:  # (the usual case: the turn before; one statement is cheaper than executemany's)
                self.db.conn.execute(clear, done[0])
            else:
                self.db.conn.executemany(clear, done)

    def flush_replied(self) -> None:
        """Write the cleared marks now (a clean stop, the start-up's own sends)."""
        try:
            with self.db.atomic():
                self._clear_replied()
        except sqlite3.DatabaseError as exc:
            log.warning("could not clear the replies sent: %s", exc)

    def replies_due(self) -> list[tuple[int, "ReplyDue"]]:
        """(chat id, mark) of every user whose last turn's replies may not have gone out (the process
        stopped between the turn's commit and its sends)."""
        out = []
        for uid, chat, tag in self.db.execute("select uid, chat, reply_due from users where reply_due is not null "
                                              "and status = 'active'").fetchall():
            try:
                out.append((int(self.cipher.open(chat, chat_place(uid))), ReplyDue(uid, tag)))
            except KeyError_:
                continue
        return out

    def reschedule(self, chat_id: int, version: str, reschedule: Reschedule) -> bool:
        """Replace a user's reminders, worked out from their session as of ``version``, touching nothing
        else; False (nothing written) when a turn saved the session since (work it out again). The
        check and the write are one IMMEDIATE transaction, so no turn can commit in between."""
        uid = self.uid(chat_id)
        conn = self.db.conn
        try:
            conn.execute("begin immediate")
            with undone_on_error(conn):
                row = conn.execute("select data from sessions where uid = ?", [uid]).fetchone()
                current = row is not None and _version(row[0]) == version
                if current:
                    self.reminders.replace(uid, reschedule.due, reschedule.keep_due_by)
                conn.execute("commit")
            return current
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"Could not save to the database: {exc}") from exc

    def bulk_save(self, sessions: Iterable[tuple[int, dict[str, Any]]],
                  reminders: Iterable[tuple[int, str, datetime]] = ()) -> None:
        """Insert many new users at once (imports, benchmarks, load tests): each (chat id, data)
        sealed as ``save`` would, reminders as pending; one transaction."""
        now = utcnow()
        sessions = iter(sessions)
        uid = self.uid
        with self.db.atomic():
            conn = self.db.conn
            while chunk := [(c, uid(c), data) for c, data in islice(sessions, 10_000)]:
                conn.executemany("insert into users (uid, chat, created_at, last_seen, status) "
                                 "values (?, ?, ?, ?, 'active')",
                                 [(u, self.cipher.seal(c, chat_place(u)), now, now) for c, u, _ in chunk])
                conn.executemany("insert into sessions (uid, data, updated_at) values (?, ?, ?)",
                                 [(u, self.cipher.seal(data, session_place(u)), now) for _, u, data in chunk])
            conn.executemany("insert or ignore into reminders (uid, tag, due_at, what, status, attempts) "
                             "values (?, ?, ?, ?, 'pending', 0)",
                             (row for c, m, at in reminders for row in self.reminders.rows(uid(c), [(m, at)])))

    # ------------------------------------------------------------------ meta
    def meta(self, key: str) -> str | None:
        row = self.db.execute("select value from meta where key = ?", [key]).fetchone()
        return row[0].decode() if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.db.atomic():
            self.db.table("meta").insert({"key": key, "value": value.encode()}, replace=True)

    # ------------------------------------------------------------------ users
    def user_status(self, chat_id: int) -> str | None:
        row = self.db.execute("select status from users where uid = ?", [self.uid(chat_id)]).fetchone()
        return row[0] if row else None

    def set_user_status(self, chat_id: int, status: str) -> None:
        """``blocked`` also cancels the user's pending reminders (same transaction)."""
        uid = self.uid(chat_id)
        with self.db.atomic():
            self.db.execute("update users set status = ? where uid = ?", [status, uid])
            if status == "blocked":
                self.reminders.cancel_user(uid)

    def count_users(self) -> int:
        return int(self.db.execute("select count(*) from users").fetchone()[0])

    def export_user(self, chat_id: int) -> dict[str, list[dict[str, Any]]]:
        """Everything stored about one user, decrypted, table by table."""
        uid = self.uid(chat_id)
        out: dict[str, list[dict[str, Any]]] = {}
        users = [{"chat_id": self.cipher.open(r["chat"], chat_place(uid)), "created_at": r["created_at"],
                  "last_seen": r["last_seen"], "status": r["status"]}
                 for r in self.db.table("users").rows_where("uid = ?", [uid])]
        stored = self.load(chat_id)
        sessions = [{"data": stored.data, "updated_at": r["updated_at"]}
                    for r in self.db.table("sessions").rows_where("uid = ?", [uid])] if stored else []
        applied = [{"update": r["key"], "at": r["at"]} for r in self.db.table("applied_updates").rows_where("uid = ?", [uid])]
        versions = [{"version": r["version"]} for r in self.db.table("plan_versions").rows_where("uid = ?", [uid])]
        notices = [{"version": r["version"], "notice": self.cipher.open(r["notice"], notice_place(uid, r["version"])),
                    "created_at": r["created_at"], "seen_at": r["seen_at"]}
                   for r in self.db.table("rule_notices").rows_where("uid = ?", [uid])]
        outcomes = [{"data": self.cipher.open(r["data"], outcome_place(uid)), "updated_at": r["updated_at"]}
                    for r in self.db.table("outcomes").rows_where("uid = ?", [uid])]
        for table, rows in (("users", users), ("sessions", sessions), ("reminders", self.reminders.for_user(chat_id)),
                            ("applied_updates", applied), ("plan_versions", versions), ("rule_notices", notices),
                            ("outcomes", outcomes)):
            if rows:
                out[table] = rows
        return out

    def delete_user(self, chat_id: int, update_key: str | None = None) -> int:
        """Erase every row about one user (decrypting nothing, so unreadable data goes too), leaving
        nothing readable in the file or its log; return how many rows went. ``update_key``: the update
        that asked, marked handled in the same transaction. (secure_delete zeroes the freed cells;
        the checkpoint empties the WAL, which still holds the rows' last versions until it is copied
        back and truncated; no page of the file holds the chat id, since no row is keyed by it.)"""
        uid = self.uid(chat_id)
        removed = 0
        try:
            with self.db.atomic():
                for table in USER_TABLES:
                    removed += self.db.execute(f"delete from [{table}] where uid = ?", [uid]).rowcount
                if update_key is not None:
                    self._handled(self._update_tag(update_key), utcnow())
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"Could not delete from the database: {exc}") from exc
        return removed

    # ------------------------------------------------------------------ an earlier version's file
    def move_legacy(self) -> int:
        """Rows of an earlier version (keyed by the chat id, sealed unbound; the tables renamed legacy_* by
        migration m008): rekeyed, resealed and bound to their place, in one transaction, once; the old
        tables are dropped (their freed pages zeroed) and the log truncated. Returns the users moved."""
        present = {t for t in LEGACY_TABLES if self.db.table(f"legacy_{t}").exists()}
        if not present:
            return 0
        old, uid, seal = self.cipher.open_legacy, self.uid, self.cipher.seal

        def rows(table: str, columns: str) -> list[Any]:
            return self.db.execute(f"select {columns} from legacy_{table}").fetchall() if table in present else []

        with self.db.atomic():
            run = self.db.conn.executemany
            users = rows("users", "chat_id, created_at, last_seen, status")
            run("insert or ignore into users (uid, chat, created_at, last_seen, status) values (?, ?, ?, ?, ?)",
                [(uid(c), seal(c, chat_place(uid(c))), *rest) for c, *rest in users])
            run("insert or ignore into sessions (uid, state, data, updated_at) values (?, ?, ?, ?)",
                [(uid(c), state, seal(old(data), session_place(uid(c))), at)
                 for c, state, data, at in rows("sessions", "chat_id, state, data, updated_at")])
            kind = "kind" if "reminders" in present and "kind" in self.db.table("legacy_reminders").columns_dict \
                else "null"
            for c, milestone, due_at, status, attempts, next_try, claimed, sent, error, what, k in rows(
                    "reminders", f"chat_id, milestone, due_at, status, attempts, next_try, claimed_at, sent_at, error, "
                                 f"what, {kind}"):
                [(_, tag, _, sealed)] = self.reminders.rows(uid(c), [(old(what) if what else milestone,
                                                                      datetime.fromisoformat(due_at))])
                self.db.execute("insert or ignore into reminders (uid, tag, due_at, what, status, attempts, next_try, "
                                "claimed_at, sent_at, error, kind) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                [uid(c), tag, due_at, sealed, status, attempts, next_try, claimed, sent, error, k])
            run("insert or ignore into plan_versions (uid, version) values (?, ?)",
                [(uid(c), v) for c, v in rows("plan_versions", "chat_id, version")])
            run("insert or ignore into rule_notices (uid, version, notice, created_at, seen_at) values (?, ?, ?, ?, ?)",
                [(uid(c), v, seal(old(n), notice_place(uid(c), v)), at, seen)
                 for c, v, n, at, seen in rows("rule_notices", "chat_id, version, notice, created_at, seen_at")])
            run("insert or ignore into outcomes (uid, data, updated_at) values (?, ?, ?)",
                [(uid(c), seal(old(d), outcome_place(uid(c))), at)
                 for c, d, at in rows("outcomes", "chat_id, data, updated_at")])
            for table in present:  # applied updates' fingerprints were in clear: they go unmoved
                self.db.table(f"legacy_{table}").drop()
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if users:
            log.info("moved %d users' rows to keyed rows", len(users))
        return len(users)
