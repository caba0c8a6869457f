"""/programs: adding a program (a short form), changing one field of a program, removing one."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import Any

from dialogs import callbacks as cb
from dialogs import once
from dialogs.flow import Context
from dialogs.program_list import (CHOICE_FIELDS, FIELD_TITLES, FORM, NAME_MAX, NOTES_MAX, PROGRAM_INPUT,
                                  SIGNAL_LABELS, STATUS_LABELS, TRACK_LABELS, TYPED_FIELDS, VISA_LABELS,
                                  ListViews, ProgramEdit, plist, signal_words)
from dialogs.reading import ascii_digits, read_day
from dialogs.reply import Outcome, button, clip, esc, rows
from dialogs.session import NO_MODE, Session
from knowledge.programs import ACGME_SEARCH, MAX_ROWS, VISAS, Program, state_code
from knowledge.timeline import day_text

REMOVE = "remove_program"  # the one-time confirmation of removing a program

_HINTS = {"interview_date": "Like 2027-01-12 or 12 Jan. I remind you the day before and follow up the day after.",
          "acgme_id": f"Find it in <a href=\"{ACGME_SEARCH}\">ACGME's program search</a>.",
          "state": "Its two-letter code (NY) or name (New York).",
          "notes": f"Anything you want to remember (up to {NOTES_MAX} characters): the PD's background, what they "
                   "asked, how many IMGs they have."}


class ProgramForm:
    def __init__(self, views: ListViews):
        self.views = views
        self.kb, self.names = views.kb, views.names

    def field(self, ctx: Context, out: Outcome, key: str, name: str, note: str = "") -> None:
        s = out.session
        pl = plist(s)
        q = pl.program(key)
        if q is None or (name not in CHOICE_FIELDS and name not in TYPED_FIELDS):
            self.views.home(ctx, out, "That program is no longer on your list." if q is None else "")
            return
        lines = [note] if note else []
        back = button("◀️ Back", cb.PgOpen(key))
        if name in CHOICE_FIELDS:
            options = self._options(q, name)
            lines.append(f"<b>{esc(q.program)}</b>: {FIELD_TITLES[name].lower()}?")
            if name == "visa":
                lines.append("What the program sponsors, as you checked it on its website or with its coordinator.")
            if name == "signal":
                lines.append(self._signal_note(ctx, s, q.specialty))
            labels = self._labels(name)
            buttons = [button(("✓ " if getattr(q, name) == v else "") + labels.get(v, v), cb.PgSet(key, name, v))
                       for v in options]
            out.say("\n".join(x for x in lines if x), rows(buttons, 2) + ((back,),))
            return
        s.mode = PROGRAM_INPUT
        pl.edit = ProgramEdit(key, name)
        current = getattr(q, name)
        shown = day_text(current) if isinstance(current, date) else str(current or "")
        lines.append(f"<b>{esc(q.program)}</b>: type {TYPED_FIELDS[name]}" + (f" (now: {esc(shown)})" if shown else "")
                     + ".")
        lines.append(_HINTS.get(name, ""))
        extra = (button("🧹 Clear it", cb.PgClear(key, name)),) if shown and name != "program" else ()
        out.say("\n".join(x for x in lines if x), (extra + (back,),))

    def tracks(self, sid: str) -> tuple[str, ...]:
        """The tracks that exist for a specialty, the usual one first (specialties.yaml)."""
        spec = self.kb.specialties.get(sid)
        return spec.tracks if spec is not None else ("categorical",)

    def _labels(self, name: str) -> dict[str, str]:
        return {"status": STATUS_LABELS, "visa": VISA_LABELS, "signal": SIGNAL_LABELS, "track": TRACK_LABELS,
                "specialty": self.names}[name]

    def _options(self, q: Program, name: str) -> tuple[str, ...]:
        if name == "track":
            return tuple(dict.fromkeys(self.tracks(q.specialty) + (q.track,)))
        if name == "signal":
            return tuple(dict.fromkeys(self.views.signal_kinds(q.specialty) + (q.signal,)))
        if name == "specialty":
            return tuple(self.names)
        return CHOICE_FIELDS[name]

    def _signal_note(self, ctx: Context, s: Session, sid: str) -> str:
        signals = self.kb.season.signals
        allotment = signals.by_specialty.get(sid)
        if allotment is None:
            return f"{esc(self.names[sid])} has no program signals."
        use = self.views.report(ctx, s).signals.get(sid)
        used = f"; you have marked {signal_words(use).split(' of ')[0]}" if use else ""
        return (f"{esc(self.names[sid])}: {allotment.words()} signals ({esc(signals.season)} figures; check "
                f"this season's){used}. One signal covers every track of a specialty at one institution.")

    def set_field(self, ctx: Context, out: Outcome, key: str, name: str, value: str) -> None:
        s = out.session
        q = plist(s).program(key)
        if q is None:
            self.views.home(ctx, out, "That program is no longer on your list.")
            return
        if name not in CHOICE_FIELDS or value not in self._options(q, name):
            self.views.detail(ctx, out, key, "That option is no longer offered.")
            return
        changes: dict[str, Any] = {name: value}
        notes = ["Saved."]
        if name == "specialty" and value != q.specialty:
            changes["track"] = q.track if q.track in self.tracks(value) else self.tracks(value)[0]
            if q.signal not in self.views.signal_kinds(value):
                changes["signal"] = "none"
                notes.append("Its signal was cleared: signals belong to one specialty.")
        off_the_list = name == "status" and value in ("withdrawn", "rejected") and q.rank is not None
        if off_the_list:
            changes["rank"] = None
            notes.append("It was taken off your rank list.")
        plist(s).replace(q, **changes)
        if off_the_list:
            plist(s).renumber()
        self.views.detail(ctx, out, key, " ".join(notes))

    def clear(self, ctx: Context, out: Outcome, key: str, name: str) -> None:
        s = out.session
        pl = plist(s)
        q = pl.program(key)
        if q is None or name not in TYPED_FIELDS or name == "program":
            self.views.home(ctx, out, "That program is no longer on your list." if q is None else "")
            return
        s.mode, pl.edit = NO_MODE, None
        plist(s).replace(q, **{name: None if name == "interview_date" else ""})
        self.views.detail(ctx, out, key, "Cleared.")

    def typed(self, ctx: Context, out: Outcome, text: str) -> None:
        s = out.session
        pl = plist(s)
        edit = pl.edit
        if edit is None:
            s.mode = NO_MODE
            self.views.home(ctx, out)
            return
        if edit.key == "new":
            self._form_text(ctx, out, edit, text)
            return
        q = pl.program(edit.key)
        if q is None:
            s.mode, pl.edit = NO_MODE, None
            self.views.home(ctx, out, "That program is no longer on your list.")
            return
        value, problem = self.read_field(ctx, edit.field, text)
        if problem:
            self.field(ctx, out, q.key, edit.field, f"{problem}")
            return
        s.mode, pl.edit = NO_MODE, None
        changes: dict[str, Any] = {edit.field: value}
        note = "Saved."
        if edit.field == "interview_date" and q.status in ("researching", "applied", "invited"):
            changes["status"] = "interview_scheduled" if value >= ctx.today() else "interviewed"
            note = f"Saved; status set to {STATUS_LABELS[changes['status']]}."
        plist(s).replace(q, **changes)
        self.views.detail(ctx, out, q.key, note)

    def read_field(self, ctx: Context, name: str, text: str) -> tuple[Any, str]:
        """A typed value for ``name``, or why it cannot be (escaped HTML, ready to show)."""
        t = " ".join(unicodedata.normalize("NFKC", text).split())
        if not t:
            return None, "That message was empty."
        if name == "program":
            if len(t) > NAME_MAX:
                return None, f"That is {len(t)} characters; keep the name under {NAME_MAX}."
            return t, ""
        if name == "notes":
            if len(text.strip()) > NOTES_MAX:
                return None, f"Notes are kept to {NOTES_MAX} characters; that was {len(text.strip())}."
            return text.strip(), ""
        if name == "acgme_id":
            digits = ascii_digits(t)
            if re.fullmatch(r"[0-9][0-9 \-]*", digits) and len(re.sub(r"\D", "", digits)) == 10:
                return re.sub(r"\D", "", digits), ""
            return None, f"“{esc(clip(t, 40))}” is not a 10-digit ACGME id (like 4203521120)."
        if name == "state":
            code = state_code(t)
            return (code, "") if code else (None, f"“{esc(clip(t, 40))}” is not a US state; type its code, like NY.")
        day = read_day(t, ctx.today())
        if day is None:
            return None, (f"I could not read “{esc(clip(t, 40))}” as a date. Write it like 2027-01-12 or 12 Jan "
                          "(not 12/01: day and month order differ between countries).")
        if not ctx.today() - timedelta(days=366) <= day <= ctx.today() + timedelta(days=550):
            return None, f"{esc(day_text(day))} is more than a year from today; check the year."
        return day, ""

    def start_add(self, ctx: Context, out: Outcome) -> None:
        s = out.session
        pl = plist(s)
        if len(pl.programs) >= MAX_ROWS:
            self.views.home(ctx, out, f"Your list has {MAX_ROWS} programs, the most I keep. Remove some first.")
            return
        if pl.edit is None or pl.edit.key != "new":
            pl.edit = ProgramEdit("new", "program")
        s.mode = PROGRAM_INPUT
        self.ask_new(ctx, out)

    def ask_new(self, ctx: Context, out: Outcome, note: str = "") -> None:
        s = out.session
        edit = plist(s).edit
        assert edit is not None
        d = edit.draft
        name = esc(d.get("program", ""))
        lines = [note] if note else []
        back = (button("« Back", cb.PgDraft("back")),) if edit.field != FORM[0] else ()
        cancel = button("✖️ Cancel", cb.PgDraft("drop"))
        step = FORM.index(edit.field) + 1
        head = f"➕ <b>Add a program</b> ({step}/{len(FORM)})"
        if edit.field == "program":
            lines += [head, "Type the program's name as you want to see it (e.g. <i>Mercy Hospital Radiology</i>). "
                      "One program per track: a hospital's preliminary and categorical medicine are two entries."]
            out.say("\n".join(lines), ((cancel,),))
            return
        if edit.field == "acgme_id":
            lines += [head, f"<b>{name}</b>: its 10-digit ACGME program id, if you have it. It tells programs "
                      f"with similar names apart; find it in <a href=\"{ACGME_SEARCH}\">ACGME's program "
                      "search</a>. Type it, or skip."]
            out.say("\n".join(lines), ((button("⏭ Skip", cb.PgNew("acgme_id", "skip")),), (*back, cancel)))
            return
        questions = {"specialty": f"Which specialty is <b>{name}</b>?",
                     "track": f"<b>{name}</b>: which track?",
                     "visa": f"<b>{name}</b>: which visa does it sponsor, as you checked it (program website, "
                             "coordinator)? If you have not checked yet, say so.",
                     "signal": f"<b>{name}</b>: will you signal it?"}
        lines += [head, questions[edit.field]]
        sid = d.get("specialty", "")
        if edit.field == "signal":
            lines.append(self._signal_note(ctx, s, sid))
        options = self._form_options(edit)
        labels = self._labels(edit.field)
        buttons = [button(labels.get(v, v), cb.PgNew(edit.field, v)) for v in options]
        out.say("\n".join(lines), rows(buttons, 2) + ((*back, cancel),))

    def _form_options(self, edit: ProgramEdit) -> tuple[str, ...]:
        sid = edit.draft.get("specialty", "")
        return {"specialty": tuple(self.names), "track": self.tracks(sid), "visa": VISAS,
                "signal": self.views.signal_kinds(sid)}.get(edit.field, ())

    def _form_text(self, ctx: Context, out: Outcome, edit: ProgramEdit, text: str) -> None:
        if edit.field not in ("program", "acgme_id"):
            self.ask_new(ctx, out, "Please choose one of the buttons (or ✖️ Cancel).")
            return
        value, problem = self.read_field(ctx, edit.field, text)
        if problem:
            self.ask_new(ctx, out, problem)
            return
        edit.draft[edit.field] = value
        self._form_next(ctx, out, edit)

    def form_choice(self, ctx: Context, out: Outcome, field_: str, value: str) -> None:
        s = out.session
        edit = plist(s).edit
        if edit is None or edit.key != "new" or edit.field != field_:
            self.views.home(ctx, out, "That button belongs to an earlier step; here is your list:")
            return
        s.mode = PROGRAM_INPUT
        if field_ == "acgme_id" and value == "skip":
            edit.draft["acgme_id"] = ""
        elif value in self._form_options(edit):
            edit.draft[field_] = value
        else:
            self.ask_new(ctx, out, "That option is no longer offered.")
            return
        self._form_next(ctx, out, edit)

    def _form_next(self, ctx: Context, out: Outcome, edit: ProgramEdit) -> None:
        for name in FORM:
            if name in edit.draft:
                continue
            if name == "track" and len(self.tracks(edit.draft["specialty"])) == 1:
                edit.draft["track"] = self.tracks(edit.draft["specialty"])[0]
                continue
            if name == "signal" and self.views.signal_kinds(edit.draft["specialty"]) == ("none",):
                edit.draft["signal"] = "none"
                continue
            edit.field = name
            self.ask_new(ctx, out)
            return
        self._add(ctx, out, edit.draft)

    def _add(self, ctx: Context, out: Outcome, d: dict[str, str]) -> None:
        s = out.session
        pl = plist(s)
        pl.seq += 1
        q = Program(d["program"], d["specialty"], d["track"], d.get("acgme_id", ""), visa=d["visa"],
                    signal=d["signal"], key=f"p{pl.seq}")
        pl.programs.append(q)
        s.mode, pl.edit = NO_MODE, None
        self.views.detail(ctx, out, q.key, "✅ Added. Set its status and interview date here as things move.")

    def draft(self, ctx: Context, out: Outcome, act: str) -> None:
        s = out.session
        pl = plist(s)
        if act in ("go", "back") and pl.edit is not None and pl.edit.key == "new":
            s.mode = PROGRAM_INPUT
            if act == "back":
                self._step_back(pl.edit)
            self.ask_new(ctx, out)
            return
        had = pl.edit is not None
        s.mode, pl.edit = NO_MODE, None
        self.views.home(ctx, out, "Discarded; nothing was added." if had else "")

    def _step_back(self, edit: ProgramEdit) -> None:
        """The add form one step back: the field asked before this one is asked again (a field that was
        filled in by itself, a specialty's only track, is worked out again on the way forward)."""
        asked = FORM.index(edit.field)
        for name in reversed(FORM[:asked]):
            auto = (name == "track" and len(self.tracks(edit.draft.get("specialty", ""))) == 1) or \
                (name == "signal" and self.views.signal_kinds(edit.draft.get("specialty", "")) == ("none",))
            if not auto:
                for later in FORM[FORM.index(name):]:
                    edit.draft.pop(later, None)
                edit.field = name
                return

    def leave(self, s: Session) -> None:
        """A command or another button in the middle of typing: a half-added program waits (/programs
        offers to continue it); a one-field change is dropped, since nothing was typed for it yet."""
        s.mode = NO_MODE
        pl = plist(s)
        if pl.edit is not None and pl.edit.key != "new":
            pl.edit = None

    def prompt(self, ctx: Context, out: Outcome, note: str = "") -> None:
        """Ask again for what is being typed (after an unreadable message, or /start in the middle)."""
        edit = plist(out.session).edit
        if edit is None:
            out.session.mode = NO_MODE
            self.views.home(ctx, out, note)
        elif edit.key == "new":
            self.ask_new(ctx, out, note)
        else:
            self.field(ctx, out, edit.key, edit.field, note)

    def remove(self, ctx: Context, out: Outcome, key: str) -> None:
        q = plist(out.session).program(key)
        if q is None:
            self.views.home(ctx, out, "That program is no longer on your list.")
            return
        token = once.issue(out.session, REMOVE)
        out.say(f"Remove <b>{esc(q.program)}</b> from your list? Its interview reminders are cancelled too.",
                ((button("🗑 Yes, remove it", cb.PgRemoveYes(key, token)), button("No, keep it", cb.PgOpen(key))),))

    def remove_yes(self, ctx: Context, out: Outcome, key: str, token: str) -> None:
        """Only the "Yes" of the question last asked removes, once: an old one (asked before /delete, when
        the same key named another program) has expired."""
        s = out.session
        if not once.redeem(s, REMOVE, token):
            once.expired(ctx, out)
            return
        pl = plist(s)
        q = pl.program(key)
        if q is None:
            self.views.home(ctx, out, "That program is no longer on your list.")
            return
        pl.remove(q)
        self.views.group(ctx, out, q.specialty, 0, f"Removed {esc(q.program)}.")
