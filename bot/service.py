"""The application service shared by the Telegram and console adapters.

load the session -> dialogs.router.handle -> commit to SQLite -> perform effects -> replies.
Every write that a reply depends on is committed before the replies are returned.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass, replace
from typing import Any

from bot.notices import RuleNotices
from bot.reminders import Reminders
from dialogs import router
from dialogs.assessment_flow import note_shown, note_unseen
from dialogs.flow import Context
from dialogs import plan_view
from dialogs.callbacks import Callback
from dialogs.inputs import Choice, Command, Erase, Export, File, Input, MakeFile, MarkChanges, StoreOutcome
from dialogs.menu_flow import main_menu
from dialogs.reply import Outcome, Reply, button
from dialogs.program_list import plist
from dialogs.session import Session
from knowledge.programs import to_csv
from knowledge.timeline import day_text
from storage import OutcomeWrite, StorageError, Store, Unreadable
from storage.store import ReplyDue
from storage.db import busy

log = logging.getLogger(__name__)
MAX_TEXT = 4096


#: What a turn on the event loop does not do (``BotService.handle_now``): make files, export, erase (and
#: truncate the log), mark notices seen (a second write). The profile picture is the exception: it is
#: stacked from strips made once (``bot.exports.profile_png``, a fraction of a millisecond) and reads
#: nothing, so a confirmation or /plan, which send it, is made on the loop like any answer.
SLOW = (Erase, Export, MakeFile, MarkChanges)


def slow(effect: object) -> bool:
    return isinstance(effect, SLOW) and not (isinstance(effect, MakeFile) and effect.kind == "png")


@dataclass(frozen=True)
class TurnDone:
    """A turn made: its replies; whether its update is marked handled (the turn wrote); its replies' mark
    (``ReplyDue``: give it to ``Store.replied`` once they went out), None when nothing marks them."""

    replies: list[Reply]
    marked: bool
    due: ReplyDue | None = None


class Later(Exception):
    """This turn is to be made from a worker thread (``BotService.handle_now``)."""


class EraseUnreadable(Callback, prefix="dmg:erase"):
    """Erase a user's unreadable stored data and start again; ``version`` names the unreadable row."""

    version: str


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
    """Apply Telegram's size limit to every reply; buttons stay on the last part, an edit goes to the first.
    A screen that would replace the tapped message after a file was sent above it is sent as a new
    message instead, so the conversation reads in order (the picture, then the plan)."""
    out: list[Reply] = []
    for reply in replies:
        edit = None if reply.edit == "screen" and any(r.is_file for r in out) else reply.edit
        if len(reply.text) <= MAX_TEXT and edit == reply.edit:  # the usual case: as it is
            out.append(reply)
            continue
        parts = split_text(reply.text) if reply.text else [""]
        out.extend(Reply(p, edit=edit if i == 0 else None) for i, p in enumerate(parts[:-1]))
        out.append(replace(reply, text=parts[-1], edit=edit if len(parts) == 1 else None))
    return out


class BotService:
    """One user turn at a time: the single path both adapters use."""

    def __init__(self, store: Store, ctx: Context, reminders: Reminders, notices: RuleNotices | None = None):
        self.store = store
        self.ctx = ctx
        self.reminders = reminders
        self.notices = notices
        # each user's reminder-schedule key (``Reminders.key``) as of the session their last turn saved, by
        # that session's version: the next turn starts from it instead of working it out again
        self._schedule_keys: dict[int, tuple[str, tuple[Any, ...]]] = {}

    def session(self, chat_id: int) -> Session:
        """The user's session as stored (a new one for a new user, or when what is stored cannot be read)."""
        try:
            stored = self.store.load(chat_id)
        except Unreadable:
            return Session()
        return Session.from_json(stored.data) if stored else Session()

    def handle(self, chat_id: int, inp: Input, update_key: str | None = None) -> list[Reply]:
        """Apply one input. ``update_key`` fingerprints the Telegram update: a redelivered one is a no-op;
        a turn that writes marks the update handled (in the store's inbox) in its own transaction.
        A turn that changed nothing (help, privacy, a question answered from the FAQ) writes nothing."""
        return self.handle_update(chat_id, inp, update_key).replies

    def handle_now(self, chat_id: int, inp: Input, update_key: str | None = None) -> "TurnDone | None":
        """``handle_update`` on the calling thread (the event loop), on a connection that never waits for
        a lock: None, with nothing written, when the turn cannot be made that way, to be made from a
        worker thread instead: another writer holds the database, or the turn has more to do than a
        quick read and write (a file to read or make, an export, an erasure, notices to mark).

        When the batch the update came in is held uncommitted (``Store.receive_many``'s ``hold``), the
        turn writes in its transaction and commits it, the batch with it, before anything is returned
        (so before any reply is sent); a turn that is declined commits it too, before a worker thread
        needs the lock."""
        if isinstance(inp, File):
            self.store.commit_received()
            return None
        with self.store.connections.nowait_here() as db:
            if db is None:
                return None
            held = self.store.holding()
            try:
                done: TurnDone | None = self.handle_update(chat_id, inp, update_key, now=True)
            except Later:
                done = None
            except (StorageError, sqlite3.OperationalError) as exc:
                cause = exc.__cause__ if isinstance(exc, StorageError) else exc
                self._commit_received_anyway()
                if isinstance(cause, sqlite3.Error) and busy(cause):
                    return None
                raise
            except BaseException:
                self._commit_received_anyway()
                raise
            if not self.store.commit_received() and held and done is not None and done.marked:
                # (the turn's writes were in the held transaction, which something rolled back)
                raise StorageError("Could not save to the database: the transaction was rolled back")
            return done

    def _commit_received_anyway(self) -> None:
        """The turn failed (its own writes undone): the batch it came in is still committed."""
        try:
            self.store.commit_received()
        except StorageError as exc:
            log.warning("could not commit the updates received: %s", exc)

    def handle_update(self, chat_id: int, inp: Input, update_key: str | None = None,
                      now: bool = False) -> "TurnDone":
        """``handle``, for an update kept in the store's inbox: a turn that writes marks the update handled
        in its own transaction (``TurnDone.marked``); one that only reads leaves that to the caller, once
        its replies went out, so a kill before then has it answered again at the next start."""
        replies, due = self._turn(chat_id, inp, update_key, now)
        return TurnDone(replies, due is not None or update_key is None, due if isinstance(due, ReplyDue) else None)

    def _turn(self, chat_id: int, inp: Input, update_key: str | None,
              now: bool = False) -> tuple[list[Reply], ReplyDue | bool | None]:
        """The turn: its replies, and whether it marked the update handled (it wrote with it: its replies'
        mark, ``ReplyDue``, or True; None when it did not). ``now``
        (``handle_now``): raise ``Later``, before anything is written, when there is more to do than the
        turn's one write (nothing may be written after it, or a redo would find the update applied)."""
        try:
            turn = self.store.begin_turn(chat_id, update_key)
        except Unreadable as damaged:
            if now:
                raise Later() from None
            return fit(self.unreadable(chat_id, inp, damaged.version, update_key)), None
        if turn.applied:
            log.info("an update was already applied; skipped")
            return [], None
        stored = turn.stored
        session = Session.from_json(stored.data) if stored else Session()
        known = self._schedule_keys.get(chat_id) if stored else None
        schedule_before = known[1] if known is not None and stored and known[0] == stored.version \
            else self.reminders.key(session)
        outcome = router.handle(self.ctx, session, inp)
        if now and any(slow(e) and not (isinstance(e, MarkChanges) and self._nothing_to_mark(chat_id))
                       for e in outcome.effects):
            raise Later()
        if any(isinstance(e, Erase) for e in outcome.effects):
            self.store.delete_user(chat_id, update_key)
            return fit(outcome.replies), True
        note_shown(outcome.session, outcome.replies)
        data = outcome.session.to_json()
        schedule_after = self.reminders.key(outcome.session)
        reschedule = self.reminders.changes(schedule_before, outcome.session, schedule_after)
        before = stored.data if stored else Session().to_json()  # a newcomer who only looked leaves no trace
        shared = next((OutcomeWrite(e.data) for e in outcome.effects if isinstance(e, StoreOutcome)), None)
        wrote: ReplyDue | bool | None = None
        if data != before or reschedule is not None or shared is not None:
            wrote = self.store.save(chat_id, data, update_key, reschedule, outcome=shared,
                                    reply=bool(outcome.replies)) or True
            self._remember_schedule_key(chat_id, wrote, schedule_after)
        elif turn.blocked:  # a message from a user marked blocked means they are back
            self.store.set_user_status(chat_id, "active")
        if any(isinstance(e, Export) for e in outcome.effects):
            outcome.replies.extend(self.export(chat_id))
        marks = [e for e in outcome.effects if isinstance(e, MarkChanges)]
        if marks and self.notices is not None and not now and marks[0].at < len(outcome.replies):
            # (on the loop there was nothing to mark: a notice written since is shown at the next look)
            outcome.replies[marks[0].at] = self.notices.mark(chat_id, outcome.replies[marks[0].at])
        wanted = [e for e in outcome.effects if isinstance(e, MakeFile)]
        if wanted:
            outcome.replies = self.files(chat_id, outcome.session, wanted, outcome.replies)
        return fit(outcome.replies), wrote

    def _remember_schedule_key(self, chat_id: int, wrote: ReplyDue | bool, key: tuple[Any, ...]) -> None:
        """Keep the schedule key of the session just saved, under its version (known when the turn has
        replies: ``ReplyDue.tag``), for the user's next turn; bounded."""
        if not isinstance(wrote, ReplyDue):
            self._schedule_keys.pop(chat_id, None)
            return
        if len(self._schedule_keys) >= 4096 and chat_id not in self._schedule_keys:
            self._schedule_keys.clear()
        self._schedule_keys[chat_id] = (wrote.tag, key)

    def _nothing_to_mark(self, chat_id: int) -> bool:
        """No rule-change notice waits for the user to look (a read): marking them seen needs no write."""
        return self.notices is None or not self.notices.rows.unseen(chat_id)

    def unreadable(self, chat_id: int, inp: Input, version: str, update_key: str | None) -> list[Reply]:
        """What is stored for this user cannot be opened (damaged, or a row that is not theirs): say so
        plainly and offer to start again. The offer is bound to that very row: it erases (decrypting
        nothing) only while the same unreadable row is there. /delete offers the same."""
        if isinstance(inp, Choice) and isinstance(inp.callback, EraseUnreadable):
            if inp.callback.version != version:
                return [Reply("That button has expired.")]
            self.store.delete_user(chat_id, update_key)
            log.warning("erased a user's unreadable stored data at their request")
            welcome = router.handle(self.ctx, Session(), Command("start"))  # a newcomer: nothing is stored
            return [Reply("🗑 Erased. Let's start again."), *welcome.replies]
        log.warning("a user's stored data cannot be read; they were offered to erase it")
        return [Reply("⚠️ I cannot read what I stored for you: the stored copy is damaged (nothing you did). "
                      "It cannot be recovered, so I cannot continue from it. I can erase it and start again "
                      "(you would answer the questions again).",
                      ((button("🗑 Erase it and start again", EraseUnreadable(version)),),))]

    def files(self, chat_id: int, session: Session, wanted: list[MakeFile], replies: list[Reply]) -> list[Reply]:
        """Make the files a turn asked for (in memory; nothing is stored), each at its place among the
        turn's replies (the picture before the plan's overview; the PDF and calendar file after)."""
        placed = [(len(replies) if f.at is None else f.at, self.file(chat_id, session, f.kind)) for f in wanted]
        placed = [(at, replace(made, buttons=f.buttons) if made is not None and made.is_file else made)
                  for (at, made), f in zip(placed, wanted)]
        out = list(replies)
        for at, reply in sorted(placed, key=lambda p: -p[0]):  # from the end, so earlier places stay right
            if reply is not None:
                out.insert(min(at, len(out)), reply)
        return out

    def file(self, chat_id: int, session: Session, kind: str) -> Reply | None:
        from bot import exports  # the file libraries load only when a file is made

        kb, today = self.ctx.kb, self.ctx.today()
        plan = plan_view.plan_from(kb, session, today)
        try:
            if kind == "png" and plan is not None:
                return Reply(exports.caption_for(plan), photo=exports.profile_png_for(kb, plan.answers, today))
            if kind == "pdf" and plan is not None:
                return Reply(f"📄 Your plan, as it reads on {day_text(today)}. Share it with a mentor; the "
                             "dates and figures in it follow this day's rules.",
                             document=(f"radiology-plan-{today.isoformat()}.pdf",
                                       exports.plan_pdf(kb, plan, plist(session).programs)))
            if kind == "ics":
                return Reply("📅 Your timeline as a calendar file: open it to add every milestone (and your interview "
                             "dates) to your calendar. Importing a newer file updates the same events; estimated "
                             "dates say so in their title.",
                             document=(f"match-{session.answers.get('match_year')}-timeline.ics",
                                       exports.timeline_ics(kb, session.answers, plist(session).programs, today,
                                                            owner=self.store.cipher.tag(f"calendar:{chat_id}"))))
        except Exception as exc:  # a file that cannot be made must not cost the user the rest of the turn
            log.error("could not make the %s file: %s", kind, type(exc).__name__)
            return Reply("Sorry, I could not make that file just now; please try again later.")
        return None

    WHERE_YOU_ARE = ("↩️ I was restarted just as I answered your last message, so my reply may not have "
                     "reached you. What you sent is saved; here is where you are:")

    def where_you_are(self, chat_id: int) -> list[Reply]:
        """What a user whose last replies a restart cut off is shown: where they are, read from what is
        stored (nothing is written)."""
        out = Outcome(self.session(chat_id))
        self.ctx.flows.current_step(self.ctx, out, self.WHERE_YOU_ARE)
        return fit(out.replies)

    def unseen(self, chat_id: int) -> None:
        """The replies of the last turn may not have reached the user: the open question was not seen."""
        try:
            stored = self.store.load(chat_id)
        except Unreadable:
            return
        if stored is None:
            return
        session = Session.from_json(stored.data)
        if note_unseen(session):
            self.store.save(chat_id, session.to_json())

    def export(self, chat_id: int) -> list[Reply]:
        everything: dict[str, Any] = self.store.export_user(chat_id)
        everything["files"] = ("The calendar file, the plan as a PDF and the profile picture are made when you ask "
                               "for them and sent at once; none of them is kept.")
        payload = json.dumps(everything, indent=2, ensure_ascii=False, default=str).encode()
        replies = [Reply("📦 Everything stored about you is in the attached file (decrypted).",
                         document=("mydata.json", payload))]
        session = self.session(chat_id)
        if session.answers:
            replies.append(Reply("Your answers as a file: keep it, or give it to an advisor who uses this "
                                 "bot's command-line tool.",
                                 document=("answers.json", json.dumps(session.answers, indent=2).encode())))
        programs = plist(session).programs
        if programs:
            replies.append(Reply("Your program list as a spreadsheet (CSV).",
                                 document=("programs.csv", to_csv(programs).encode("utf-8-sig"))))
        replies[-1] = replace(replies[-1], buttons=main_menu())  # a way on from the last file
        return replies
