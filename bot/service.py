"""The application service shared by the Telegram and console adapters.

load state -> dialogs.router.handle -> commit to SQLite -> perform effects -> replies.
Every write that a reply depends on is committed before the replies are returned.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any, Callable

from dialogs import router
from dialogs.reply import Input, Reply
from dialogs.timeline_flow import reminder_reply, schedule, schedule_key
from knowledge.timeline import Calendar
from storage import Store

log = logging.getLogger(__name__)
MAX_TEXT = 4096


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split an HTML text on line boundaries into chunks Telegram accepts."""
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # a single over-long line: cut at the last space, else hard
            cut = line.rfind(" ", 0, limit)
            if cut <= 0:
                cut = limit
            chunks.append(line[:cut])
            line = line[cut:]
        if current and len(current) + len(line) + 1 > limit:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def fit(replies: list[Reply]) -> list[Reply]:
    """Apply Telegram's size limit to every reply; buttons stay on the last part."""
    out: list[Reply] = []
    for reply in replies:
        parts = split_text(reply.text)
        out.extend(Reply(p) for p in parts[:-1])
        out.append(Reply(parts[-1], reply.buttons, reply.document))
    return out


class BotService:
    """One user turn at a time: the single path both adapters use."""

    def __init__(self, store: Store, ctx: router.Context, calendar: Calendar, now: Callable[[], datetime]):
        self.store = store
        self.ctx = ctx
        self.calendar = calendar
        self.now = now

    def handle(self, chat_id: int, inp: Input, update_id: int | None = None) -> list[Reply]:
        """Apply one input; ``update_id`` (Telegram's) makes a redelivered update a no-op."""
        loaded = self.store.session(chat_id)
        state, data, last = loaded if loaded else (router.flow.IDLE, {}, None)
        if update_id is not None and last is not None and update_id <= last:
            log.info("update %s for chat %s was already applied; skipped", update_id, chat_id)
            return []
        outcome = router.handle(self.ctx, state, data, inp)
        if "erase" in outcome.effects:
            self.store.delete_user(chat_id)
            return fit(outcome.replies)
        reminders = None  # unchanged schedule
        if schedule_key(outcome.data) != schedule_key(data):  # Match year, visa, settings...
            reminders = schedule(self.calendar, outcome.data, self.now())
        self.store.save_session(chat_id, outcome.state, outcome.data, reminders, update_id)
        if "export" in outcome.effects:
            outcome.replies.extend(self.export(chat_id))
        return fit(outcome.replies)

    def reschedule(self, chat_id: int, keep_due: bool = False) -> None:
        """Rebuild a user's reminders from their answers, settings and the current calendar (after they
        unblock the bot, or after the calendar changed). ``keep_due`` keeps reminders already due."""
        loaded = self.store.session(chat_id)
        if loaded:
            state, data, _ = loaded
            now = self.now()
            self.store.save_session(chat_id, state, data, schedule(self.calendar, data, now),
                                    keep_due_by=now if keep_due else None)

    def reminder(self, chat_id: int, milestone: str) -> Reply | None:
        """The text of a due reminder, built from the user's current answers (None: not on the timeline)."""
        loaded = self.store.load_session(chat_id)
        return reminder_reply(self.calendar, loaded[1], milestone) if loaded else None

    def export(self, chat_id: int) -> list[Reply]:
        everything: dict[str, Any] = self.store.export_user(chat_id)
        payload = json.dumps(everything, indent=2, ensure_ascii=False, default=str).encode()
        replies = [Reply("📦 Everything stored about you is in the attached file (decrypted).",
                         document=("mydata.json", payload))]
        sessions = everything.get("sessions") or [{}]
        answers = (sessions[0].get("data") or {}).get("answers")
        if answers:
            replies.append(Reply("Your answers file (works with <code>python -m bot plan answers.json</code>):",
                                 document=("answers.json", json.dumps(answers, indent=2).encode())))
        return replies
