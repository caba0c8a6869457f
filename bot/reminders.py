"""Sending due reminders: claim in SQLite, send within Telegram's limits, record the outcome.

The job queue calls ``ReminderDispatcher.run_once`` every ``REMINDER_INTERVAL`` seconds.
Limits: one message per second to a chat, ``rate`` per second overall (default 25, below
Telegram's ~30). 429 waits ``retry_after`` and tries again; 403 marks the user blocked and
cancels their reminders; other errors retry later with exponential backoff, then ``failed``.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from telegram.error import Forbidden, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.keyboard import deliver
from dialogs.reply import Reply
from storage import Store
from storage.reminders import Reminder

log = logging.getLogger(__name__)


class SystemClock:
    """Wall-clock time; tests inject a clock whose sleep advances virtual time."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


@dataclass
class DispatchReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    blocked: int = 0
    skipped: int = 0
    waits: list[float] = field(default_factory=list)  # retry_after waits honoured


class ReminderDispatcher:
    def __init__(self, store: Store, render: Callable[[int, str], Reply | None], clock: Any = None, *,
                 rate: float = 25.0, per_chat_interval: float = 1.0, grace: timedelta = timedelta(days=3),
                 max_attempts: int = 5, backoff: float = 30.0, batch: int = 500):
        self.store, self.render = store, render
        self.clock = clock or SystemClock()
        self.rate, self.per_chat_interval, self.grace = rate, per_chat_interval, grace
        self.max_attempts, self.backoff, self.batch = max_attempts, backoff, batch
        self._lock = asyncio.Lock()

    def recover(self) -> int:
        """Start-up: reminders claimed before a crash go back to pending (at most one duplicate)."""
        released = self.store.reminders.release_claimed()
        if released:
            log.info("released %d reminders claimed before a restart", released)
        return released

    async def run_once(self, bot: Any) -> DispatchReport:
        """Send everything due now, batch by batch, until nothing is due."""
        report = DispatchReport()
        async with self._lock:  # never two scans at once
            pacer = _Pacer(self.clock, self.rate, self.per_chat_interval)
            while True:
                now = self.clock.now()
                due = self.store.reminders.claim_due(now, now - self.grace, self.batch)
                if not due:
                    return report
                for reminder in _interleave(due):
                    await self._deliver(bot, reminder, pacer, report)

    async def _deliver(self, bot: Any, r: Reminder, pacer: "_Pacer", report: DispatchReport) -> None:
        queue = self.store.reminders
        reply = self.render(r.chat_id, r.milestone)
        if reply is None:
            queue.skip(r, "no longer on the user's timeline")
            report.skipped += 1
            return
        for _ in range(self.max_attempts):
            await pacer.wait(r.chat_id)
            try:
                await deliver(bot, r.chat_id, reply)
            except RetryAfter as exc:
                wait = retry_seconds(exc)
                report.waits.append(wait)
                await self.clock.sleep(wait)
                continue
            except Forbidden:
                self.store.set_user_status(r.chat_id, "blocked")  # also cancels their reminders
                report.blocked += 1
                return
            except TelegramError as exc:  # 5xx, timeouts, network: try again later
                self._retry_or_fail(r, f"{type(exc).__name__}: {exc}"[:200], report)
                return
            queue.mark_sent(r, self.clock.now())
            report.sent += 1
            return
        self._retry_or_fail(r, "still rate-limited after retries", report)

    def _retry_or_fail(self, r: Reminder, error: str, report: DispatchReport) -> None:
        if r.attempts + 1 >= self.max_attempts:
            self.store.reminders.mark_failed(r, error)
            log.warning("reminder %s for chat %s failed after %d attempts: %s",
                        r.milestone, r.chat_id, r.attempts + 1, error)
            report.failed += 1
        else:
            at = self.clock.now() + timedelta(seconds=self.backoff * 2 ** r.attempts)
            self.store.reminders.retry_later(r, at, error)
            report.retried += 1


def retry_seconds(exc: RetryAfter) -> float:
    """``retry_after`` in seconds (an int today, a timedelta in a future PTB)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def refresh_schedules(store: Store, service: Any, calendar_digest: str, batch: int = 500) -> int:
    """When the calendar changed (an operator added official dates, a rule changed), rebuild every
    waiting user's reminders from it, in batches that leave room for live updates. The new digest
    is stored only at the end, so an interrupted refresh runs again at the next start."""
    if store.meta("calendar_digest") == calendar_digest:
        return 0
    done, last = 0, -(2**63)
    while chats := store.reminders.scheduled_users(last, batch):
        for chat_id in chats:
            service.reschedule(chat_id, keep_due=True)  # what is due now is still caught up
        done, last = done + len(chats), chats[-1]
        await asyncio.sleep(0)
    store.set_meta("calendar_digest", calendar_digest)
    if done:
        log.info("the calendar changed: rescheduled reminders for %d users", done)
    return done


class _Pacer:
    """At most ``rate`` sends per second overall and one per ``per_chat`` seconds to a chat."""

    def __init__(self, clock: Any, rate: float, per_chat: float):
        self.clock, self.interval, self.per_chat = clock, 1.0 / rate, per_chat
        self.next_any: datetime | None = None
        self.next_chat: dict[int, datetime] = {}  # this scan only

    async def wait(self, chat_id: int) -> None:
        now = self.clock.now()
        ready = max(filter(None, (now, self.next_any, self.next_chat.get(chat_id))))
        if ready > now:
            await self.clock.sleep((ready - now).total_seconds())
        moment = max(ready, self.clock.now())
        self.next_any = moment + timedelta(seconds=self.interval)
        self.next_chat[chat_id] = moment + timedelta(seconds=self.per_chat)


def _interleave(due: list[Reminder]) -> list[Reminder]:
    """Round-robin over chats so one user's catch-up reminders do not hold up everyone else."""
    by_chat: dict[int, list[Reminder]] = defaultdict(list)
    for r in due:
        by_chat[r.chat_id].append(r)
    out: list[Reminder] = []
    queues = list(by_chat.values())
    while queues:
        out.extend(q.pop(0) for q in queues)
        queues = [q for q in queues if q]
    return out
