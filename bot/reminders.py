"""Reminders, end to end: when they are due, keeping the queue in SQLite, their text, sending them.

``Reminders`` owns all of it. Due times come from the calendar and the user's session
(``dialogs.timeline_flow.schedule``); rows live in ``storage.reminders`` (claimed before sending,
marked sent after, so a crash in between gives at most one duplicate, never a loss); messages go
through the bot's one rate limiter (``bot.ratelimit``) as bulk sends, so Telegram's limits and a
one-second gap per chat hold, and every wait runs on the injectable clock. The job queue only
wakes ``run_once`` every ``REMINDER_INTERVAL`` seconds.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol

from telegram.error import Forbidden, RetryAfter, TelegramError

from bot.keyboard import deliver
from dialogs.reply import Reply
from dialogs.session import Session
from dialogs.program_reminders import interview_key, interview_reminder, interview_times, rank_reminder
from dialogs.outcome_flow import AGAIN, INVITE, invitation, outcome_key, outcome_times
from dialogs.timeline_flow import reminder_reply, schedule, schedule_key
from knowledge.base import KnowledgeBase
from bot.ratelimit import retry_seconds
from storage import Reminder, Reschedule, Store, Unreadable
from storage.notices import NOTICE

log = logging.getLogger(__name__)
BULK = {"bulk": True}  # rate_limit_args: a reminder keeps the per-chat gap; a reply does not


class NoticeTexts(Protocol):
    """Where a rule-change notice's text comes from (``bot.notices.RuleNotices``)."""

    def reply(self, chat_id: int, milestone: str, session: Session) -> Reply | None: ...


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


class Reminders:
    def __init__(self, store: Store, kb: KnowledgeBase, clock: Any = None, *, grace: timedelta = timedelta(days=3),
                 max_attempts: int = 5, backoff: float = 30.0, batch: int = 500):
        self.store, self.kb, self.calendar = store, kb, kb.calendar
        self.clock = clock or SystemClock()
        self.grace, self.max_attempts, self.backoff, self.batch = grace, max_attempts, backoff, batch
        self._lock = asyncio.Lock()
        self.notices: NoticeTexts | None = None  # rule-change notices share the queue (bot.notices)

    # ------------------------------------------------------------------ scheduling
    @staticmethod
    def key(session: Session) -> tuple[Any, ...]:
        """What a user's schedule depends on (Match year, visa, settings, interview dates...): compare it
        before and after a turn."""
        return schedule_key(session), interview_key(session), outcome_key(session)

    def due(self, session: Session, now: datetime) -> tuple[tuple[str, datetime], ...]:
        """Every reminder the user should have from ``now`` on: timeline milestones and interviews."""
        return tuple(schedule(self.calendar, session, now) + interview_times(self.kb, session, now)
                     + outcome_times(self.kb, session, now))

    def changes(self, key_before: tuple[Any, ...], after: Session,
                key_after: tuple[Any, ...] | None = None) -> Reschedule | None:
        """The user's new schedule when a turn changed what it depends on; None when it did not.
        ``key_after``: ``key(after)``, when the caller worked it out already."""
        if (self.key(after) if key_after is None else key_after) == key_before:
            return None
        return Reschedule(self.due(after, self.clock.now()))

    def reschedule(self, chat_id: int, keep_due: bool = False) -> None:
        """Rebuild one user's reminders (after they unblock the bot, or the calendar changed), writing
        only their reminder rows, never their session: if a turn saved the session meanwhile, the
        schedule is worked out again from what it saved. ``keep_due`` keeps reminders already due, so a
        catch-up still sends them."""
        for _ in range(10):
            try:
                stored = self.store.load(chat_id)
            except Unreadable:
                return  # their next turn tells them; nothing to schedule from
            if stored is None:
                return
            now = self.clock.now()
            session = Session.from_json(stored.data)
            plan = Reschedule(self.due(session, now), keep_due_by=now if keep_due else None)
            if self.store.reschedule(chat_id, stored.version, plan):
                return
        log.warning("gave up rescheduling a user whose session kept changing")  # their turns reschedule anyway

    async def refresh(self, batch: int = 500) -> int:
        """When the calendar changed (official dates added, a rule changed), rebuild every waiting
        user's reminders, in batches off the event loop, one transaction per user, so live turns go
        on. The calendar's fingerprint is stored only at the end, so an interrupted refresh runs
        again at the next start."""
        digest = self.calendar.digest()
        if await asyncio.to_thread(self.store.meta, "calendar_digest") == digest:
            return 0
        done, last = 0, -(2**63)
        while users := await asyncio.to_thread(self.store.reminders.scheduled_users, last, batch):
            await asyncio.to_thread(self._reschedule_all, [chat for _, chat in users if chat])
            done, last = done + len(users), users[-1][0]
        await asyncio.to_thread(self.store.set_meta, "calendar_digest", digest)
        if done:
            log.info("the calendar changed: rescheduled reminders for %d users", done)
        return done

    def _reschedule_all(self, chats: list[int]) -> None:
        for chat_id in chats:
            self.reschedule(chat_id, keep_due=True)

    def render(self, chat_id: int, milestone: str) -> Reply | None:
        """A due reminder's text, from the user's current session (None: it no longer applies, or their
        stored data cannot be read)."""
        try:
            stored = self.store.load(chat_id)
        except Unreadable:
            return None
        if stored is None:
            return None
        session, today = Session.from_json(stored.data), self.clock.now().date()
        if milestone.startswith(NOTICE):
            return self.notices.reply(chat_id, milestone, session) if self.notices else None
        if milestone in (INVITE, AGAIN):  # asked once each, whatever the schedule did since it was sent
            sent = self.store.reminders.was_sent(chat_id, milestone)
            return None if sent else invitation(self.kb, session, milestone, today)
        if milestone.startswith("iv-"):
            return interview_reminder(self.kb, session, milestone, today)
        if milestone == "rank-deadline":
            return rank_reminder(self.kb, session, today)
        return reminder_reply(self.calendar, session, milestone, today)

    # ------------------------------------------------------------------ sending
    def recover(self) -> int:
        """Start-up: reminders claimed before a crash go back to pending (at most one duplicate)."""
        released = self.store.reminders.release_claimed()
        if released:
            log.info("released %d reminders claimed before a restart", released)
        return released

    async def run_once(self, bot: Any) -> DispatchReport:
        """Send everything due now, batch by batch, until nothing is due. Every SQLite call runs off the
        event loop: a database held by another process delays the reminders, not the users."""
        report = DispatchReport()
        async with self._lock:  # never two scans at once
            while True:
                now = self.clock.now()
                due = await asyncio.to_thread(self.store.reminders.claim_due, now, now - self.grace, self.batch)
                if not due:
                    return report
                for reminder in _interleave(due):
                    await self._send(bot, reminder, report)

    async def _send(self, bot: Any, r: Reminder, report: DispatchReport) -> None:
        queue = self.store.reminders
        reply = await asyncio.to_thread(self.render, r.chat_id, r.milestone)
        if reply is None:
            await asyncio.to_thread(queue.skip, r, "no longer on the user's timeline")
            report.skipped += 1
            return
        try:  # per-chat spacing comes from the bot's limiter, when it has one (not with BOT_RATE_LIMIT=0)
            await deliver(bot, r.chat_id, reply, rate_limit_args=BULK if getattr(bot, "rate_limiter", None) else None)
        except Forbidden:
            await asyncio.to_thread(self.store.set_user_status, r.chat_id, "blocked")  # also cancels their reminders
            report.blocked += 1
            return
        except RetryAfter as exc:  # this chat is paused: try again once its pause is over, at a later scan
            await asyncio.to_thread(self._retry_or_fail, r, "rate-limited", report, retry_seconds(exc))
            return
        except TelegramError as exc:  # 5xx, timeouts, network
            await asyncio.to_thread(self._retry_or_fail, r, f"{type(exc).__name__}: {exc}"[:200], report)
            return
        await asyncio.to_thread(queue.mark_sent, r, self.clock.now())
        report.sent += 1

    def _retry_or_fail(self, r: Reminder, error: str, report: DispatchReport, wait: float = 0.0) -> None:
        if r.attempts + 1 >= self.max_attempts:
            self.store.reminders.mark_failed(r, error)
            log.warning("reminder %s failed after %d attempts: %s", r.milestone, r.attempts + 1, error)
            report.failed += 1
        else:
            at = self.clock.now() + timedelta(seconds=max(wait, self.backoff * 2 ** r.attempts))
            self.store.reminders.retry_later(r, at, error)
            report.retried += 1


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
