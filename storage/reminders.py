"""The reminder queue: SQLite is the source of truth, the job queue only wakes the dispatcher.

A reminder row moves ``pending -> claimed -> sent``. Claiming happens in a transaction before
the message is sent and ``sent`` is written after, so a crash in between leaves a ``claimed``
row that ``release_claimed`` (at start-up) puts back: at most one duplicate, never a loss.
Other ends: ``missed`` (due longer ago than the grace period), ``failed`` (gave up after
retries), ``cancelled`` (the user blocked the bot).

Times are UTC ISO-8601 strings (``2026-12-01T04:00:00+00:00``), which sort as text.

    queue = ReminderQueue(lambda: db, cipher)
    queue.replace(cipher.uid(chat_id), [("match_day", due)])  # (re)schedule one user
    for r in queue.claim_due(now, cutoff, limit=500):  # then send, then:
        queue.mark_sent(r, now)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable, Protocol

from sqlite_utils import Database

from storage.crypto import KeyError_


class Sealer(Protocol):
    """What the queue needs from the data cipher: seal and open a value for its place, keyed ids and tags."""

    def seal(self, value: Any, place: str) -> bytes: ...

    def open(self, token: bytes, place: str) -> Any: ...

    def tag(self, text: str) -> str: ...

    def uid(self, chat_id: int) -> int: ...


@dataclass(frozen=True)
class Reschedule:
    """A user's reminders from now on; ``keep_due_by`` keeps pending ones already due by then
    (a catch-up after downtime still sends them). An empty ``due`` clears the schedule."""

    due: tuple[tuple[str, datetime], ...]
    keep_due_by: datetime | None = None


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


@dataclass(frozen=True)
class Reminder:
    chat_id: int  # opened from the user's row: where to send it
    milestone: str
    due_at: str
    attempts: int
    uid: int  # the row's key (a keyed hash of the chat id)
    tag: str  # the row's milestone column: a keyed tag, not the milestone's name


def what_place(uid: int) -> str:
    return f"reminders.what:{uid}"


def chat_place(uid: int) -> str:
    return f"users.chat:{uid}"


class ReminderQueue:
    """Queries on the ``reminders`` table; every method commits before it returns.

    Rows are keyed by the user's ``uid`` (a keyed hash of the chat id); the chat id to send to is
    sealed in the user's row. Which milestone a row is for is sealed (``what``); the ``tag`` column
    holds a per-user keyed tag, so the file does not say which step of whose Match a row belongs
    to. The due time stays in clear: the scan must find due rows without the key."""

    def __init__(self, db: Callable[[], Database], sealer: Sealer):
        self._db = db  # this thread's connection
        self.sealer = sealer

    def _tag(self, uid: int, milestone: str) -> str:
        return self.sealer.tag(f"{uid}:{milestone}")

    def rows(self, uid: int, due: Iterable[tuple[str, datetime]]) -> list[tuple[Any, ...]]:
        """(uid, tag, due time, sealed milestone) for new rows."""
        return [(uid, self._tag(uid, m), iso(at), self.sealer.seal(m, what_place(uid))) for m, at in due]

    @property
    def db(self) -> Database:
        return self._db()

    def replace(self, uid: int, due: Iterable[tuple[str, datetime]], keep_due_by: datetime | None = None) -> None:
        """Schedule a user's reminders anew; what was already sent or missed is kept as history.

        ``keep_due_by`` keeps pending reminders due by then (a catch-up after downtime still
        sends them). Runs inside the caller's transaction when there is one (``Store.save``).
        """
        keep = iso(keep_due_by) if keep_due_by else ""
        with self.db.atomic():  # rows of another kind (rule-change notices) are not the timeline's to replace
            self.db.execute("delete from reminders where uid = ? and kind is null and status in "
                            "('pending', 'claimed', 'failed', 'cancelled') "
                            "and not (status = 'pending' and due_at <= ?)", [uid, keep])
            self.db.conn.executemany(
                "insert or ignore into reminders (uid, tag, due_at, what, status, attempts) "
                "values (?, ?, ?, ?, 'pending', 0)", self.rows(uid, due))

    def claim_due(self, now: datetime, missed_before: datetime, limit: int = 500) -> list[Reminder]:
        """Mark stale ones missed, then claim up to ``limit`` due reminders of active users. Only the
        timeline's reminders go stale; a rule-change notice still says what changed after downtime."""
        with self.db.atomic():
            self.db.execute("update reminders set status = 'missed' where status = 'pending' and due_at < ? "
                            "and kind is null", [iso(missed_before)])
            rows = self.db.execute(
                "select r.uid, r.tag, r.due_at, r.attempts, r.what, u.chat from reminders r "
                "join users u on u.uid = r.uid "
                "where r.status = 'pending' and r.due_at <= ? and (r.next_try is null or r.next_try <= ?) "
                "and u.status = 'active' order by r.due_at limit ?", [iso(now), iso(now), limit]).fetchall()
            self.db.conn.executemany(
                "update reminders set status = 'claimed', claimed_at = ? where uid = ? and tag = ? and due_at = ?",
                [(iso(now), r[0], r[1], r[2]) for r in rows])
        out = []
        for uid, tag, due_at, attempts, what, chat in rows:
            try:
                out.append(Reminder(int(self.sealer.open(chat, chat_place(uid))),
                                    self.sealer.open(what, what_place(uid)), due_at, attempts, uid, tag))
            except (KeyError_, ValueError, TypeError):  # a damaged or moved row: never sent to anyone
                self._set_row(uid, tag, due_at, "status = 'failed', error = ?", ["the stored row cannot be read"])
        return out

    def _set_row(self, uid: int, tag: str, due_at: str, sql: str, params: list[object]) -> None:
        with self.db.atomic():
            self.db.execute(f"update reminders set {sql} where uid = ? and tag = ? and due_at = ?",
                            [*params, uid, tag, due_at])

    def _set(self, r: Reminder, sql: str, params: list[object]) -> None:
        self._set_row(r.uid, r.tag, r.due_at, sql, params)

    def mark_sent(self, r: Reminder, now: datetime) -> None:
        self._set(r, "status = 'sent', sent_at = ?, error = null", [iso(now)])

    def retry_later(self, r: Reminder, at: datetime, error: str) -> None:
        self._set(r, "status = 'pending', attempts = attempts + 1, next_try = ?, error = ?", [iso(at), error])

    def mark_failed(self, r: Reminder, error: str) -> None:
        self._set(r, "status = 'failed', attempts = attempts + 1, error = ?", [error])

    def skip(self, r: Reminder, reason: str) -> None:
        """The milestone no longer exists for this user (e.g. the knowledge base changed)."""
        self._set(r, "status = 'cancelled', error = ?", [reason])

    def cancel_user(self, uid: int) -> None:
        with self.db.atomic():
            self.db.execute("update reminders set status = 'cancelled', error = 'user blocked the bot' "
                            "where uid = ? and status in ('pending', 'claimed')", [uid])

    def was_sent(self, chat_id: int, milestone: str) -> bool:
        """Did a reminder for this milestone ever reach the user (at any due time)?"""
        uid = self.sealer.uid(chat_id)
        return self.db.execute("select 1 from reminders where uid = ? and tag = ? and status = 'sent' "
                               "limit 1", [uid, self._tag(uid, milestone)]).fetchone() is not None

    def release_claimed(self) -> int:
        """After a crash: claimed-but-unconfirmed reminders go back to pending (start-up)."""
        with self.db.atomic():
            return self.db.execute("update reminders set status = 'pending' where status = 'claimed'").rowcount

    def scheduled_users(self, after: int = -(2**63), limit: int = 500) -> list[tuple[int, int]]:
        """(uid, chat id) of users with reminders still to send, in uid order (for rescheduling in
        batches: pass the last uid of one batch as ``after`` of the next)."""
        rows = self.db.execute(
            "select u.uid, u.chat from users u where u.uid > ? and exists (select 1 from reminders r "
            "where r.uid = u.uid and r.status = 'pending') order by u.uid limit ?", [after, limit]).fetchall()
        out = []
        for uid, chat in rows:
            try:
                out.append((uid, int(self.sealer.open(chat, chat_place(uid)))))
            except (KeyError_, ValueError, TypeError):
                out.append((uid, 0))  # a damaged row: skipped (its owner's next turn says so), paging goes on
        return out

    def counts(self) -> dict[str, int]:
        return dict(self.db.execute("select status, count(*) from reminders group by status").fetchall())

    def for_user(self, chat_id: int) -> list[dict[str, object]]:
        """A user's reminder rows, milestone opened (for /mydata, and tests)."""
        uid = self.sealer.uid(chat_id)
        rows = self.db.table("reminders").rows_where("uid = ?", [uid], order_by="due_at")
        return [{"chat_id": chat_id, **{k: v for k, v in r.items() if k not in ("what", "uid", "tag")},
                 "milestone": self.sealer.open(r["what"], what_place(uid))} for r in rows]
