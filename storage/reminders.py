"""The reminder queue: SQLite is the source of truth, the job queue only wakes the dispatcher.

A reminder row moves ``pending -> claimed -> sent``. Claiming happens in a transaction before
the message is sent and ``sent`` is written after, so a crash in between leaves a ``claimed``
row that ``release_claimed`` (at start-up) puts back: at most one duplicate, never a loss.
Other ends: ``missed`` (due longer ago than the grace period), ``failed`` (gave up after
retries), ``cancelled`` (the user blocked the bot).

Times are UTC ISO-8601 strings (``2026-12-01T04:00:00+00:00``), which sort as text.

    queue = ReminderQueue(lambda: db, cipher)
    queue.replace(chat_id, [("match_day", due)])      # (re)schedule one user
    for r in queue.claim_due(now, cutoff, limit=500):  # then send, then:
        queue.mark_sent(r, now)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable, Protocol

from sqlite_utils import Database


class Sealer(Protocol):
    """What the queue needs from the data cipher: seal and open a value, and a keyed tag."""

    def seal(self, value: Any) -> bytes: ...

    def open(self, token: bytes) -> Any: ...

    def tag(self, text: str) -> str: ...


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
    chat_id: int
    milestone: str
    due_at: str
    attempts: int
    tag: str  # the row's milestone column: a keyed tag, not the milestone's name


class ReminderQueue:
    """Queries on the ``reminders`` table; every method commits before it returns.

    Which milestone a row is for is sealed (``what``); the ``milestone`` column holds a per-user keyed
    tag, so the file does not say which step of whose Match a row belongs to. The due time stays in
    clear: the scan must find due rows without the key."""

    def __init__(self, db: Callable[[], Database], sealer: Sealer):
        self._db = db  # this thread's connection
        self.sealer = sealer

    def _tag(self, chat_id: int, milestone: str) -> str:
        return self.sealer.tag(f"{chat_id}:{milestone}")

    def rows(self, chat_id: int, due: Iterable[tuple[str, datetime]]) -> list[tuple[Any, ...]]:
        """(chat id, tag, due time, sealed milestone) for new rows."""
        return [(chat_id, self._tag(chat_id, m), iso(at), self.sealer.seal(m)) for m, at in due]

    @property
    def db(self) -> Database:
        return self._db()

    def replace(self, chat_id: int, due: Iterable[tuple[str, datetime]], keep_due_by: datetime | None = None) -> None:
        """Schedule a user's reminders anew; what was already sent or missed is kept as history.

        ``keep_due_by`` keeps pending reminders due by then (a catch-up after downtime still
        sends them). Runs inside the caller's transaction when there is one (``Store.save_session``).
        """
        keep = iso(keep_due_by) if keep_due_by else ""
        with self.db.atomic():  # rows of another kind (rule-change notices) are not the timeline's to replace
            self.db.execute("delete from reminders where chat_id = ? and kind is null and status in "
                            "('pending', 'claimed', 'failed', 'cancelled') "
                            "and not (status = 'pending' and due_at <= ?)", [chat_id, keep])
            self.db.conn.executemany(
                "insert or ignore into reminders (chat_id, milestone, due_at, what, status, attempts) "
                "values (?, ?, ?, ?, 'pending', 0)", self.rows(chat_id, due))

    def claim_due(self, now: datetime, missed_before: datetime, limit: int = 500) -> list[Reminder]:
        """Mark stale ones missed, then claim up to ``limit`` due reminders of active users."""
        with self.db.atomic():
            self.db.execute("update reminders set status = 'missed' where status = 'pending' and due_at < ?",
                            [iso(missed_before)])
            rows = self.db.execute(
                "select chat_id, milestone, due_at, attempts, what from reminders "
                "where status = 'pending' and due_at <= ? and (next_try is null or next_try <= ?) "
                "and chat_id in (select chat_id from users where status = 'active') "
                "order by due_at limit ?", [iso(now), iso(now), limit]).fetchall()
            self.db.conn.executemany(
                "update reminders set status = 'claimed', claimed_at = ? "
                "where chat_id = ? and milestone = ? and due_at = ?",
                [(iso(now), r[0], r[1], r[2]) for r in rows])
        return [Reminder(r[0], self.sealer.open(r[4]), r[2], r[3], r[1]) for r in rows]

    def _set(self, r: Reminder, sql: str, params: list[object]) -> None:
        with self.db.atomic():
            self.db.execute(f"update reminders set {sql} where chat_id = ? and milestone = ? and due_at = ?",
                            [*params, r.chat_id, r.tag, r.due_at])

    def mark_sent(self, r: Reminder, now: datetime) -> None:
        self._set(r, "status = 'sent', sent_at = ?, error = null", [iso(now)])

    def retry_later(self, r: Reminder, at: datetime, error: str) -> None:
        self._set(r, "status = 'pending', attempts = attempts + 1, next_try = ?, error = ?", [iso(at), error])

    def mark_failed(self, r: Reminder, error: str) -> None:
        self._set(r, "status = 'failed', attempts = attempts + 1, error = ?", [error])

    def skip(self, r: Reminder, reason: str) -> None:
        """The milestone no longer exists for this user (e.g. the knowledge base changed)."""
        self._set(r, "status = 'cancelled', error = ?", [reason])

    def cancel_user(self, chat_id: int) -> None:
        with self.db.atomic():
            self.db.execute("update reminders set status = 'cancelled', error = 'user blocked the bot' "
                            "where chat_id = ? and status in ('pending', 'claimed')", [chat_id])

    def was_sent(self, chat_id: int, milestone: str) -> bool:
        """Did a reminder for this milestone ever reach the user (at any due time)?"""
        return self.db.execute("select 1 from reminders where chat_id = ? and milestone = ? and status = 'sent' "
                               "limit 1", [chat_id, self._tag(chat_id, milestone)]).fetchone() is not None

    def release_claimed(self) -> int:
        """After a crash: claimed-but-unconfirmed reminders go back to pending (start-up)."""
        with self.db.atomic():
            return self.db.execute("update reminders set status = 'pending' where status = 'claimed'").rowcount

    def scheduled_users(self, after: int = -(2**63), limit: int = 500) -> list[int]:
        """Users with reminders still to send, in chat id order (for rescheduling in batches)."""
        return [r[0] for r in self.db.execute(
            "select distinct chat_id from reminders where status = 'pending' and chat_id > ? "
            "order by chat_id limit ?", [after, limit]).fetchall()]

    def counts(self) -> dict[str, int]:
        return dict(self.db.execute("select status, count(*) from reminders group by status").fetchall())

    def for_user(self, chat_id: int) -> list[dict[str, object]]:
        """A user's reminder rows, milestone opened (for /mydata, and tests)."""
        rows = self.db["reminders"].rows_where("chat_id = ?", [chat_id], order_by="due_at")
        return [{**{k: v for k, v in r.items() if k != "what"},
                 "milestone": self.sealer.open(r["what"]) if r["what"] else r["milestone"]} for r in rows]

    def seal_legacy(self) -> int:
        """Rows written before milestones were sealed: seal them (once, at start)."""
        rows = self.db.execute("select chat_id, milestone, due_at from reminders where what is null").fetchall()
        with self.db.atomic():
            self.db.conn.executemany(
                "update reminders set milestone = ?, what = ? where chat_id = ? and milestone = ? and due_at = ?",
                [(self._tag(c, m), self.sealer.seal(m), c, m, d) for c, m, d in rows])
        return len(rows)
