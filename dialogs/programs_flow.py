"""/programs: the applicant's own list of programs, checked against their plan and the Match rules.

The list lives in ``session.programs`` (sealed with the session). Views are built fresh from it on
every turn (overview, one specialty's page, one program, the rank list, the lists as entered in
NRMP, the warnings); buttons carry a program's stable key (``p12``), never its position. Typed
values (a name, an interview date, a note) are this flow's mode ``PROGRAM_INPUT`` with
``session.program_edit`` saying which field of which program; the add form is the same mode with
the key ``"new"`` and the fields chosen so far in ``program_edit.draft``. A CSV upload goes through
``knowledge.programs.parse_csv`` (the CLI's rules): a file with a bad row imports nothing.

Interview dates feed reminders (``interview_times``): the day before, with that specialty's
interview guidance, and the day after, with what NRMP allows in a thank-you note.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, Callable, Sequence

from dialogs import callbacks as cb
from dialogs import plan_view
from dialogs.flow import CommandSpec, Context, Flow, Interruption
from dialogs.inputs import File
from dialogs.reading import ascii_digits, read_day
from dialogs.reply import Button, Outcome, Reply, button, clip, esc, rows
from dialogs.session import NO_MODE, ProgramEdit, Session
from knowledge.base import KnowledgeBase
from knowledge.programs import (ACGME_SEARCH, COLUMNS, INVITED, MAX_CELL, MAX_ROWS, SIGNALS, STATUSES, TRACKS, VISAS, Program,
                                Links, ProgramListError, Report, SignalUse, Warning_, analyse, applicant_for, default_track,
                                ordered, parse_csv, state_code, to_csv, with_keys)
from knowledge.timeline import day_text, due_at

PROGRAM_INPUT = "program_input"  # the mode: a typed field of a program (``session.program_edit`` says which)
PAGE = 10  # programs per page of a specialty, and of the rank list
WARNINGS_PAGE = 8
NAME_MAX = 120
NOTES_MAX = MAX_CELL  # what the CSV keeps, so an exported note imports back

TRACK_LABELS = {"categorical": "categorical", "advanced": "advanced (starts at PGY-2)",
                "preliminary": "preliminary (PGY-1 year)", "transitional": "transitional year (PGY-1)"}
VISA_LABELS = {"j1": "J-1", "h1b": "H-1B", "both": "J-1 and H-1B", "none": "no visa", "unknown": "not checked yet"}
SIGNAL_LABELS = {"gold": "🥇 gold signal", "silver": "🥈 silver signal", "signal": "📶 signal", "none": "no signal"}
STATUS_LABELS = {"researching": "🔍 researching", "applied": "📨 applied", "invited": "✉️ invited",
                 "interview_scheduled": "📅 interview scheduled", "interviewed": "🎤 interviewed",
                 "rejected": "✖️ rejected", "withdrawn": "↩️ withdrawn"}
#: The tracks that exist for each specialty, the usual one first.
TRACKS_FOR = {"diagnostic_radiology": ("advanced", "categorical"), "internal_medicine": ("categorical", "preliminary"),
              "family_medicine": ("categorical",), "neurology": ("categorical", "advanced"),
              "pathology": ("categorical",), "transitional_year": ("transitional",)}
CHOICE_FIELDS = {"status": STATUSES, "visa": VISAS, "signal": SIGNALS, "track": TRACKS, "specialty": ()}
TYPED_FIELDS = {"program": "its name", "acgme_id": "its 10-digit ACGME program id", "state": "its US state",
                "interview_date": "the interview date", "notes": "your notes"}
FIELD_TITLES = {"status": "Status", "visa": "Visa it sponsors", "signal": "Signal", "track": "Track",
                "specialty": "Specialty", **{k: k.replace("_", " ").capitalize() for k in TYPED_FIELDS}}
FORM = ("program", "specialty", "track", "visa", "signal", "acgme_id")
RANK_CODES = ("advanced_without_prelim", "rank_conflict", "visa_mismatch", "rank_without_interview", "too_many_ranks")
BEFORE = ("invited", "interview_scheduled")  # statuses that get a day-before reminder
AFTER = INVITED  # ... and a day-after follow-up
EXAMPLE = (Program("Example University Radiology", "diagnostic_radiology", "advanced", "", "NY", "j1", "gold",
                   "applied", None, None, ("Example University Preliminary Medicine",), "signal: program director "
                   "trained abroad"),
           Program("Example University Preliminary Medicine", "internal_medicine", "preliminary", "", "NY", "both"),
           Program("Example Community Hospital", "internal_medicine", "categorical", "", "OH", "both", "silver",
                   "interview_scheduled", date(2027, 1, 12)))


def _names(kb: KnowledgeBase) -> dict[str, str]:
    return {sid: s.name for sid, s in kb.specialties.items()}


def warning_line(w: Warning_) -> str:
    head = f"<b>{esc(w.program)}</b>: " if w.program else ""
    return f"⚠️ {head}{esc(w.text)}"


def match_year(kb: KnowledgeBase, session: Session, today: date) -> int:
    """The user's Match year, or the next Match whose rank-list deadline has not passed."""
    year = session.answers.get("match_year")
    if isinstance(year, int):
        return year
    return today.year if today <= kb.calendar.date_of("rank_list", today.year)[0] else today.year + 1


def _day_how(kb: KnowledgeBase, milestone: str, year: int) -> str:
    return day_text(*kb.calendar.date_of(milestone, year))


# --------------------------------------------------------------------------- interview reminders

RANK_NOTICE_DAYS = 3  # the rank-list reminder comes this many days before the certification deadline


def interview_key(session: Session) -> tuple[Any, ...]:
    """What the list's reminders depend on (interview dates and statuses, whether anything is ranked, the
    Match year, the reminder settings); the bot reschedules when it changes."""
    p = session.settings
    if not p.reminders:
        return (False,)
    dated = tuple((q.key, q.interview_date, q.status in BEFORE, q.status in AFTER)
                  for q in session.programs if q.interview_date and q.status in AFTER)
    ranked = any(q.rank for q in session.programs)
    if not dated and not ranked:
        return (False,)
    return (True, p.tz, p.hour, dated, ranked, session.answers.get("match_year"))


def interview_times(kb: KnowledgeBase, session: Session, now: datetime) -> list[tuple[str, datetime]]:
    """(reminder id, due time) for what is still ahead: ``iv-before:KEY`` the day before an interview at the
    user's hour, ``iv-after:KEY`` the day after, and ``rank-deadline`` a few days before the rank list
    must be certified (when anything is ranked)."""
    key = interview_key(session)
    if not key[0]:
        return []
    p = session.settings
    out = []
    for q in session.programs:
        if not q.interview_date or q.status not in AFTER:
            continue
        if q.status in BEFORE:
            out.append((f"iv-before:{q.key}", due_at(q.interview_date - timedelta(days=1), p.tz, p.hour)))
        out.append((f"iv-after:{q.key}", due_at(q.interview_date + timedelta(days=1), p.tz, p.hour)))
    if key[4]:
        deadline = kb.calendar.date_of("rank_list", match_year(kb, session, now.date()))[0]
        out.append(("rank-deadline", due_at(deadline - timedelta(days=RANK_NOTICE_DAYS), p.tz, p.hour)))
    return [(what, at) for what, at in out if at > now]


def rank_reminder(kb: KnowledgeBase, session: Session, today: date) -> Reply | None:
    """The rank-list reminder; None when nothing is ranked any more or the deadline has passed."""
    ranked = [q for q in session.programs if q.rank]
    year = match_year(kb, session, today)
    deadline, how = kb.calendar.date_of("rank_list", year)
    if not ranked or today > deadline:
        return None
    report = analyse(session.programs, kb.season, None, _names(kb))
    problems = [w for w in report.warnings if w.code in ("advanced_without_prelim", "rank_conflict")]
    lines = [f"🏅 <b>Rank-list deadline: {esc(_day_how(kb, 'rank_list', year))}</b>",
             f"Your list here has {len(report.primary)} program{'s' * (len(report.primary) != 1)} on the primary "
             "list. Enter it in NRMP's R3 system and <b>certify</b> it: an uncertified list is not used."]
    if how != "official":
        lines.append("<i>The date is not confirmed yet: check it on nrmp.org.</i>")
    lines += [warning_line(w) for w in problems[:3]]
    return Reply("\n".join(lines), ((button("🏅 Rank list", cb.PgRank(0)),
                                      button("📄 As entered in NRMP", cb.PgFinal())),))


def _guidance_for(kb: KnowledgeBase, q: Program) -> str | None:
    """Which interview guidance fits a program: its specialty's, or the PGY-1 one for a preliminary year."""
    sid = "transitional_year" if q.is_pgy1 else q.specialty
    return sid if sid in kb.coaching.guidance else None


def interview_reminder(kb: KnowledgeBase, session: Session, what: str, today: date) -> Reply | None:
    """The message for an ``iv-before:KEY`` or ``iv-after:KEY`` reminder; None when it no longer applies
    (the program was removed, its date or status changed, or the interview is already over)."""
    kind, _, key = what.partition(":")
    q = session.program(key)
    if q is None or q.interview_date is None:
        return None
    names = _names(kb)
    where = f"<b>{esc(q.program)}</b> ({esc(names.get(q.specialty, q.specialty))}, {esc(q.track)})"
    gid = _guidance_for(kb, q)
    if kind == "iv-before":
        if q.status not in BEFORE or today > q.interview_date:
            return None
        when = "tomorrow" if q.interview_date == today + timedelta(days=1) else \
            "today" if q.interview_date == today else f"on {day_text(q.interview_date)}"
        lines = [f"🎤 <b>Interview {when}</b>: {where}, {esc(day_text(q.interview_date))}"]
        if gid:
            g = kb.coaching.guidance[gid]
            lines += ["", "<b>Bring out</b>"] + [f"• {esc(x)}" for x in g.emphasise[:3]]
            lines += ["", "<b>Avoid</b>"] + [f"• {esc(x)}" for x in g.pitfalls[:2]]
        if q.visa == "unknown" and session.answers.get("visa") not in (None, "no_visa_needed"):
            lines += ["", "You have not noted which visa this program sponsors: ask the coordinator, politely, "
                      "if it is not on their website."]
        lines += ["", "<i>Guidance, not official advice.</i>"]
        buttons: list[Button] = []
        if gid:
            buttons += [button("🎤 Full guidance", cb.Guidance(gid)), button("🗣 Practise a question", cb.Practice(gid))]
        buttons.append(button("📋 Open the program", cb.PgOpen(q.key)))
        return Reply("\n".join(lines), rows(buttons, 2))
    if kind != "iv-after" or q.status not in AFTER:
        return None
    lines = [f"✉️ <b>After your interview</b> at {where} on {esc(day_text(q.interview_date))}"]
    if today > q.interview_date + timedelta(days=3):
        lines.append(f"<i>Sent late: I could not send this on {esc(day_text(q.interview_date + timedelta(days=1)))}.</i>")
    lines += ["", "A short, specific thank-you note is optional; if you send one, send it within a day or two and "
              "mention something real from the day.",
              esc(kb.render("Under the Match rules: {fact:nrmp-communication}.")),
              "", "Write down now what you liked and what worried you: it is what you will rank by in February."]
    buttons = [button("🎤 Mark as interviewed", cb.PgSet(q.key, "status", "interviewed"))] \
        if q.status != "interviewed" else []
    buttons += [button("🏅 Rank list", cb.PgRank(0)), button("📋 Open the program", cb.PgOpen(q.key))]
    return Reply("\n".join(lines), rows(buttons, 2))


# --------------------------------------------------------------------------- the flow

class ProgramsFlow(Flow):
    """The /programs views and edits; ``pushes`` is False in the console (no reminders there)."""

    name = "programs"
    modes = frozenset({PROGRAM_INPUT})
    retype_hint = " Please type it as a message."

    def __init__(self, kb: KnowledgeBase, pushes: bool = True):
        self.kb = kb
        self.names = _names(kb)
        self.pushes = pushes

    def commands(self) -> Sequence[CommandSpec]:
        return (CommandSpec("programs", "Your program list: visas, signals, interviews, rank list",
                            lambda ctx, out, arg: self.home(ctx, out), 5),)

    # ------------------------------------------------------------------ the Flow hooks
    def on_button(self, ctx: Context, out: Outcome, data: cb.Callback) -> None:
        self.choice(ctx, out, data)

    def on_text(self, ctx: Context, out: Outcome, text: str) -> None:
        self.typed(ctx, out, text)

    def takes_file(self, file: File) -> bool:
        return file.name.lower().endswith(".csv")

    def on_file(self, ctx: Context, out: Outcome, file: File) -> None:
        self.import_file(ctx, out, file.name, file.text)

    def interrupted(self, ctx: Context, out: Outcome, by: Interruption) -> None:
        """A half-added program waits (/programs offers to continue it); a one-field change is dropped. The
        add form's own buttons keep it open."""
        if not isinstance(by.button, (cb.PgNew, cb.PgDraft)):
            self._leave(out.session)

    def cancel(self, ctx: Context, out: Outcome) -> bool:
        s = out.session
        if s.mode != PROGRAM_INPUT:
            return False
        edit = s.program_edit
        if edit is not None and edit.key != "new":
            self._leave(s)
            self.detail(ctx, out, edit.key, "Nothing was changed.")
        else:
            self.draft(ctx, out, "drop")
        return True

    def report(self, ctx: Context, s: Session) -> Report:
        today = ctx.today()
        plan = plan_view.plan_from(self.kb, s, today)
        return analyse(s.programs, self.kb.season, applicant_for(plan, self.kb.season, today), self.names)

    # ------------------------------------------------------------------ overview
    def home(self, ctx: Context, out: Outcome, note: str = "") -> None:
        s = out.session
        lines = [note, ""] if note else []
        draft = self._open_draft(s)
        if not s.programs:
            lines += ["📋 <b>Your program list</b> is empty.", "",
                      "Keep here the programs you are considering, in radiology and your backups: the visa each "
                      "sponsors (as you checked it), your signals, invitations and interview dates, and later "
                      "your rank list. I check the list against your plan and the Match rules, count signals "
                      "and fees, and remind you before and after each interview.",
                      "",
                      f"Find programs and their ACGME ids in <a href=\"{ACGME_SEARCH}\">ACGME's program search</a>; "
                      "check each program's own site for the visas it sponsors and whether it takes IMGs.",
                      "", "<i>Your list, your checks: I have no database of programs.</i>"]
            buttons = [button("➕ Add a program", cb.PgAdd()), button("📥 Import a CSV file", cb.PgImportHelp())]
            out.say("\n".join(lines), self._draft_buttons(draft) + rows(buttons, 2))
            return
        r = self.report(ctx, s)
        lines.append(f"📋 <b>Your program list</b> — {len(s.programs)} program{'s' * (len(s.programs) != 1)}")
        for sid in self._groups(s):
            lines.append(self._group_line(r, sid))
        for sid, (lo, hi) in r.targets.items():
            if sid not in r.counts:
                lines.append(f"• <b>{esc(self.names[sid])}</b>: none listed yet · plan {lo}–{hi}")
        lines += ["", self._fees_line(r)]
        upcoming = sorted((q for q in s.programs if q.interview_date and q.interview_date >= ctx.today()
                           and q.status in BEFORE), key=lambda q: q.interview_date or date.max)
        if upcoming:
            nxt = upcoming[0]
            more = f" (+{len(upcoming) - 1} more)" if len(upcoming) > 1 else ""
            lines.append(f"🎤 Next interview: {esc(nxt.program)}, {esc(day_text(nxt.interview_date or ctx.today()))}{more}")
        year = match_year(self.kb, s, ctx.today())
        lines.append(f"🏅 Rank list: {len(r.primary)} program{'s' * (len(r.primary) != 1)} · deadline "
                     f"{esc(_day_how(self.kb, 'rank_list', year))}")
        warnings = ordered(r.warnings)
        if warnings:
            lines += ["", f"<b>{len(warnings)} thing{'s' * (len(warnings) != 1)} to look at</b>"]
            lines += [warning_line(w) for w in warnings[:2]]
        lines += ["", "<i>Counts, signals and fees are estimates from your own entries; guidance, not official "
                  "advice.</i>"]
        buttons = [button(f"{self.names[sid]} ({r.counts[sid]['total']})", cb.PgGroup(sid, 0))
                   for sid in self._groups(s)]
        buttons += [button("➕ Add a program", cb.PgAdd()), button("🏅 Rank list", cb.PgRank(0))]
        if warnings:
            buttons.append(button(f"⚠️ All warnings ({len(warnings)})", cb.PgWarnings(0)))
        buttons += [button("📤 Export CSV", cb.PgExport()), button("📥 Import CSV", cb.PgImportHelp())]
        out.say("\n".join(lines), self._draft_buttons(draft) + rows(buttons, 2))

    def _groups(self, s: Session) -> list[str]:
        present = {q.specialty for q in s.programs}
        return [sid for sid in self.names if sid in present]

    def _group_line(self, r: Report, sid: str) -> str:
        c = r.counts[sid]
        parts = [f"{c['applied']} applied", f"{c['invited']} invited", f"{c['interviewed']} interviewed"]
        if c["withdrawn"]:
            parts.append(f"{c['withdrawn']} withdrawn")
        line = f"• <b>{esc(self.names[sid])}</b>: {c['total']} listed ({', '.join(parts)})"
        if sid in r.targets:
            lo, hi = r.targets[sid]
            line += f" · plan {lo}–{hi}"
        use = r.signals.get(sid)
        if use:
            mark = "⚠️" if use.over() else "📶"
            line += f"\n   {mark} signals: {signal_words(use)}"
        return line

    def _fees_line(self, r: Report) -> str:
        return (f"💵 Estimated fees for this list: ERAS ${r.eras_usd:,} ({esc(r.fees_as_of)} fees), NRMP "
                f"${r.nrmp_usd:,} ({self._nrmp_terms()})")

    def _nrmp_terms(self) -> str:
        """How the NRMP estimate is made, each figure with the year of the fee table it comes from."""
        f = self.kb.season.ranks
        return (f"registration ${f.registration_usd}, from the {f.registration_fact.year} fee table, the last we could "
                f"confirm; {f.included_primary} + {f.included_supplemental} ranked programs included and "
                f"${f.extra_usd} each beyond, {f.fact.year} figures; check the current fees on nrmp.org")

    @staticmethod
    def _open_draft(s: Session) -> ProgramEdit | None:
        e = s.program_edit
        return e if e is not None and e.key == "new" and s.mode != PROGRAM_INPUT else None

    @staticmethod
    def _draft_buttons(draft: ProgramEdit | None) -> tuple[tuple[Button, ...], ...]:
        if draft is None:
            return ()
        name = draft.draft.get("program", "")
        return ((button(f"▶️ Continue adding {clip(name, 28)}" if name else "▶️ Continue adding a program",
                        cb.PgDraft("go")), button("✖️ Discard it", cb.PgDraft("drop"))),)

    # ------------------------------------------------------------------ one specialty, paged
    def group(self, ctx: Context, out: Outcome, sid: str, page: int, note: str = "") -> None:
        s = out.session
        programs = [q for q in s.programs if q.specialty == sid]
        if sid not in self.names or not programs:
            self.home(ctx, out, note)
            return
        pages = (len(programs) + PAGE - 1) // PAGE
        page = min(page, pages - 1)
        shown = programs[page * PAGE:(page + 1) * PAGE]
        lines = [note, ""] if note else []
        lines.append(f"<b>{esc(self.names[sid])}</b> — {len(programs)} program{'s' * (len(programs) != 1)}"
                     + (f", page {page + 1} of {pages}" if pages > 1 else ""))
        lines += [f"{page * PAGE + i}. {self._line(q)}" for i, q in enumerate(shown, 1)]
        buttons = [button(clip(f"{page * PAGE + i}. {q.program}", 40), cb.PgOpen(q.key)) for i, q in enumerate(shown, 1)]
        keyboard = rows(buttons, 2) + pager(page, pages, lambda n: cb.PgGroup(sid, n))
        out.say("\n".join(lines), keyboard + ((button("➕ Add a program", cb.PgAdd()),
                                               button("📋 All programs", cb.PgHome())),))

    def _line(self, q: Program) -> str:
        parts = [esc(q.track), f"visa {esc(VISA_LABELS[q.visa])}", esc(STATUS_LABELS[q.status])]
        if q.signal != "none":
            parts.insert(2, esc(SIGNAL_LABELS[q.signal]))
        if q.interview_date:
            parts.append(esc(day_text(q.interview_date)))
        if q.rank:
            parts.append(f"rank {q.rank}")
        return f"<b>{esc(q.program)}</b> · " + " · ".join(parts)

    # ------------------------------------------------------------------ one program
    def detail(self, ctx: Context, out: Outcome, key: str, note: str = "") -> None:
        s = out.session
        q = s.program(key)
        if q is None:
            self.home(ctx, out, "That program is no longer on your list.")
            return
        r = self.report(ctx, s)
        lines = [note, ""] if note else []
        lines += [f"<b>{esc(q.program)}</b>",
                  f"{esc(self.names[q.specialty])} · {esc(TRACK_LABELS[q.track])}"
                  + (f" · {esc(q.state)}" if q.state else "") + (f" · ACGME {esc(q.acgme_id)}" if q.acgme_id else ""),
                  f"Visa it sponsors (as you checked): <b>{esc(VISA_LABELS[q.visa])}</b>",
                  f"Signal: {esc(SIGNAL_LABELS[q.signal])}",
                  f"Status: <b>{esc(STATUS_LABELS[q.status])}</b>"
                  + (f" · interview {esc(day_text(q.interview_date))}" if q.interview_date else "")]
        if q.rank:
            lines.append(f"Rank list: position {q.rank}")
        if q.track == "advanced":
            linked = Links(s.programs).of(q)  # ranked or not
            lines.append("PGY-1 programs linked: " + (", ".join(esc(p.program) for p in linked) or "none yet"))
        if q.notes:
            lines.append(f"Notes: <i>{esc(q.notes)}</i>")
        reminder = self._reminder_line(s, q, ctx.today())
        if reminder:
            lines.append(reminder)
        mine = [w for w in ordered(r.warnings) if w.program == q.program]
        if mine:
            lines += [""] + [f"⚠️ {esc(w.text)}" for w in mine]
        b = [button("📌 Status", cb.PgField(key, "status")),
             button("📅 Interview date", cb.PgField(key, "interview_date")),
             button("🛂 Visa", cb.PgField(key, "visa")), button("📶 Signal", cb.PgField(key, "signal")),
             button("🛤 Track", cb.PgField(key, "track")), button("🩺 Specialty", cb.PgField(key, "specialty")),
             button("✏️ Name", cb.PgField(key, "program")), button("🔢 ACGME id", cb.PgField(key, "acgme_id")),
             button("📍 State", cb.PgField(key, "state")), button("📝 Notes", cb.PgField(key, "notes"))]
        if q.rank:
            b.append(button("🏅 Its place on the rank list", cb.PgRankItem(key)))
        elif q.status in INVITED:
            b.append(button("🏅 Add to the rank list", cb.PgMove(key, "on")))
        if q.track == "advanced":
            b.append(button("🔗 Link PGY-1 programs", cb.PgLinks(key)))
        b += [button("🗑 Remove", cb.PgRemove(key)),
              button(f"◀️ {clip(self.names[q.specialty], 24)}", cb.PgGroup(q.specialty, 0))]
        out.say("\n".join(lines), rows(b, 2))

    def _reminder_line(self, s: Session, q: Program, today: date) -> str:
        if not q.interview_date or q.status not in AFTER or q.interview_date < today:
            return ""
        if not self.pushes:
            return "⏰ Interview reminders are sent only in Telegram, not in this console."
        p = s.settings
        if not p.reminders:
            return "🔕 Reminders are off (/settings), so none for this interview."
        day_before = q.interview_date - timedelta(days=1)
        if q.status not in BEFORE or day_before < today:
            before = ""
        elif day_before == today:
            before = "today (unless that hour has passed) and "
        else:
            before = "the day before and "
        return f"⏰ I will message you {before}the day after, at {p.hour:02d}:00 ({esc(p.tz)})."

    # ------------------------------------------------------------------ changing a field
    def field(self, ctx: Context, out: Outcome, key: str, name: str, note: str = "") -> None:
        s = out.session
        q = s.program(key)
        if q is None or (name not in CHOICE_FIELDS and name not in TYPED_FIELDS):
            self.home(ctx, out, "That program is no longer on your list." if q is None else "")
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
        s.program_edit = ProgramEdit(key, name)
        current = getattr(q, name)
        shown = day_text(current) if isinstance(current, date) else str(current or "")
        lines.append(f"<b>{esc(q.program)}</b>: type {TYPED_FIELDS[name]}" + (f" (now: {esc(shown)})" if shown else "")
                     + ".")
        lines.append(_HINTS.get(name, ""))
        extra = (button("🧹 Clear it", cb.PgClear(key, name)),) if shown and name != "program" else ()
        out.say("\n".join(x for x in lines if x), (extra + (back,),))

    def _labels(self, name: str) -> dict[str, str]:
        return {"status": STATUS_LABELS, "visa": VISA_LABELS, "signal": SIGNAL_LABELS, "track": TRACK_LABELS,
                "specialty": self.names}[name]

    def _options(self, q: Program, name: str) -> tuple[str, ...]:
        if name == "track":
            return tuple(dict.fromkeys(TRACKS_FOR[q.specialty] + (q.track,)))
        if name == "signal":
            return tuple(dict.fromkeys(self.signal_kinds(q.specialty) + (q.signal,)))
        if name == "specialty":
            return tuple(self.names)
        return CHOICE_FIELDS[name]

    def signal_kinds(self, sid: str) -> tuple[str, ...]:
        allotment = self.kb.season.signals.by_specialty.get(sid)
        if allotment is None:
            return ("none",)
        return ("signal", "none") if allotment.total else ("gold", "silver", "none")

    def _signal_note(self, ctx: Context, s: Session, sid: str) -> str:
        signals = self.kb.season.signals
        allotment = signals.by_specialty.get(sid)
        if allotment is None:
            return f"{esc(self.names[sid])} has no program signals."
        use = self.report(ctx, s).signals.get(sid)
        used = f"; you have marked {signal_words(use).split(' of ')[0]}" if use else ""
        return (f"{esc(self.names[sid])}: {allotment.words()} signals ({esc(signals.season)} figures; check "
                f"this season's){used}. One signal covers every track of a specialty at one institution.")

    def set_field(self, ctx: Context, out: Outcome, key: str, name: str, value: str) -> None:
        s = out.session
        q = s.program(key)
        if q is None:
            self.home(ctx, out, "That program is no longer on your list.")
            return
        if name not in CHOICE_FIELDS or value not in self._options(q, name):
            self.detail(ctx, out, key, "That option is no longer offered.")
            return
        changes: dict[str, Any] = {name: value}
        notes = ["Saved."]
        if name == "specialty" and value != q.specialty:
            changes["track"] = q.track if q.track in TRACKS_FOR[value] else default_track(value)
            if q.signal not in self.signal_kinds(value):
                changes["signal"] = "none"
                notes.append("Its signal was cleared: signals belong to one specialty.")
        off_the_list = name == "status" and value in ("withdrawn", "rejected") and q.rank is not None
        if off_the_list:
            changes["rank"] = None
            notes.append("It was taken off your rank list.")
        self._replace(s, q, **changes)
        if off_the_list:
            self._renumber(s)
        self.detail(ctx, out, key, " ".join(notes))

    def clear(self, ctx: Context, out: Outcome, key: str, name: str) -> None:
        s = out.session
        q = s.program(key)
        if q is None or name not in TYPED_FIELDS or name == "program":
            self.home(ctx, out, "That program is no longer on your list." if q is None else "")
            return
        s.mode, s.program_edit = NO_MODE, None
        self._replace(s, q, **{name: None if name == "interview_date" else ""})
        self.detail(ctx, out, key, "Cleared.")

    def _replace(self, s: Session, q: Program, **changes: Any) -> Program:
        new = replace(q, **changes)
        s.programs = [new if p.key == q.key else p for p in s.programs]
        if "program" in changes or "acgme_id" in changes:  # links name PGY-1 programs: follow a rename
            old = {q.program.casefold(), q.acgme_id} - {""}
            ref = new.acgme_id or new.program
            s.programs = [replace(p, linked_prelim=tuple(dict.fromkeys(
                ref if r.casefold() in old else r for r in p.linked_prelim))) if p.linked_prelim else p
                for p in s.programs]
        return new

    # ------------------------------------------------------------------ typed values
    def typed(self, ctx: Context, out: Outcome, text: str) -> None:
        s = out.session
        edit = s.program_edit
        if edit is None:
            s.mode = NO_MODE
            self.home(ctx, out)
            return
        if edit.key == "new":
            self._form_text(ctx, out, edit, text)
            return
        q = s.program(edit.key)
        if q is None:
            s.mode, s.program_edit = NO_MODE, None
            self.home(ctx, out, "That program is no longer on your list.")
            return
        value, problem = self.read_field(ctx, edit.field, text)
        if problem:
            self.field(ctx, out, q.key, edit.field, f"{problem}")
            return
        s.mode, s.program_edit = NO_MODE, None
        changes: dict[str, Any] = {edit.field: value}
        note = "Saved."
        if edit.field == "interview_date" and q.status in ("researching", "applied", "invited"):
            changes["status"] = "interview_scheduled" if value >= ctx.today() else "interviewed"
            note = f"Saved; status set to {STATUS_LABELS[changes['status']]}."
        self._replace(s, q, **changes)
        self.detail(ctx, out, q.key, note)

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

    # ------------------------------------------------------------------ adding a program
    def start_add(self, ctx: Context, out: Outcome) -> None:
        s = out.session
        if len(s.programs) >= MAX_ROWS:
            self.home(ctx, out, f"Your list has {MAX_ROWS} programs, the most I keep. Remove some first.")
            return
        if s.program_edit is None or s.program_edit.key != "new":
            s.program_edit = ProgramEdit("new", "program")
        s.mode = PROGRAM_INPUT
        self.ask_new(ctx, out)

    def ask_new(self, ctx: Context, out: Outcome, note: str = "") -> None:
        s = out.session
        edit = s.program_edit
        assert edit is not None
        d = edit.draft
        name = esc(d.get("program", ""))
        lines = [note] if note else []
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
            out.say("\n".join(lines), ((button("⏭ Skip", cb.PgNew("acgme_id", "skip")), cancel),))
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
        out.say("\n".join(lines), rows(buttons, 2) + ((cancel,),))

    def _form_options(self, edit: ProgramEdit) -> tuple[str, ...]:
        sid = edit.draft.get("specialty", "internal_medicine")
        return {"specialty": tuple(self.names), "track": TRACKS_FOR.get(sid, ("categorical",)), "visa": VISAS,
                "signal": self.signal_kinds(sid)}.get(edit.field, ())

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
        edit = s.program_edit
        if edit is None or edit.key != "new" or edit.field != field_:
            self.home(ctx, out, "That button belongs to an earlier step; here is your list:")
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
            if name == "track" and len(TRACKS_FOR[edit.draft["specialty"]]) == 1:
                edit.draft["track"] = TRACKS_FOR[edit.draft["specialty"]][0]
                continue
            if name == "signal" and self.signal_kinds(edit.draft["specialty"]) == ("none",):
                edit.draft["signal"] = "none"
                continue
            edit.field = name
            self.ask_new(ctx, out)
            return
        self._add(ctx, out, edit.draft)

    def _add(self, ctx: Context, out: Outcome, d: dict[str, str]) -> None:
        s = out.session
        s.program_seq += 1
        q = Program(d["program"], d["specialty"], d["track"], d.get("acgme_id", ""), visa=d["visa"],
                    signal=d["signal"], key=f"p{s.program_seq}")
        s.programs.append(q)
        s.mode, s.program_edit = NO_MODE, None
        self.detail(ctx, out, q.key, "✅ Added. Set its status and interview date here as things move.")

    def draft(self, ctx: Context, out: Outcome, act: str) -> None:
        s = out.session
        if act == "go" and s.program_edit is not None and s.program_edit.key == "new":
            s.mode = PROGRAM_INPUT
            self.ask_new(ctx, out)
            return
        had = s.program_edit is not None
        s.mode, s.program_edit = NO_MODE, None
        self.home(ctx, out, "Discarded; nothing was added." if had else "")

    def _leave(self, s: Session) -> None:
        """A command or another button in the middle of typing: a half-added program waits (/programs
        offers to continue it); a one-field change is dropped, since nothing was typed for it yet."""
        s.mode = NO_MODE
        if s.program_edit is not None and s.program_edit.key != "new":
            s.program_edit = None

    def prompt(self, ctx: Context, out: Outcome, note: str = "") -> None:
        """Ask again for what is being typed (after an unreadable message, or /start in the middle)."""
        edit = out.session.program_edit
        if edit is None:
            out.session.mode = NO_MODE
            self.home(ctx, out, note)
        elif edit.key == "new":
            self.ask_new(ctx, out, note)
        else:
            self.field(ctx, out, edit.key, edit.field, note)

    # ------------------------------------------------------------------ removing
    def remove(self, ctx: Context, out: Outcome, key: str) -> None:
        q = out.session.program(key)
        if q is None:
            self.home(ctx, out, "That program is no longer on your list.")
            return
        out.say(f"Remove <b>{esc(q.program)}</b> from your list? Its interview reminders are cancelled too.",
                ((button("🗑 Yes, remove it", cb.PgRemoveYes(key)), button("No, keep it", cb.PgOpen(key))),))

    def remove_yes(self, ctx: Context, out: Outcome, key: str) -> None:
        s = out.session
        q = s.program(key)
        if q is None:
            self.home(ctx, out, "That program is no longer on your list.")
            return
        refs = {q.program.casefold(), q.acgme_id} - {""}
        s.programs = [p for p in s.programs if p.key != key]
        s.programs = [replace(p, linked_prelim=tuple(r for r in p.linked_prelim if r.casefold() not in refs),
                              links=tuple(k for k in p.links if k != key))
                      if p.linked_prelim or p.links else p for p in s.programs]
        if q.rank:
            self._renumber(s)
        self.group(ctx, out, q.specialty, 0, f"Removed {esc(q.program)}.")

    # ------------------------------------------------------------------ files
    def export(self, ctx: Context, out: Outcome) -> None:
        s = out.session
        if not s.programs:
            self.home(ctx, out, "Your list is empty: nothing to export yet.")
            return
        data = to_csv(s.programs).encode("utf-8-sig")  # the byte-order mark makes Excel read it as UTF-8
        out.replies.append(Reply(f"📤 Your {len(s.programs)} program{'s' * (len(s.programs) != 1)} as a CSV file. "
                                 "Open it in any spreadsheet; send it back to me (edited or not) to import it.",
                                 ((button("📋 Program list", cb.PgHome()),),), document=("programs.csv", data)))

    def import_help(self, ctx: Context, out: Outcome) -> None:
        columns = ", ".join(f"<code>{c}</code>" for c in COLUMNS)
        out.replies.append(Reply(
            "📥 <b>Import a program list</b>\nSend me a <b>.csv</b> file (UTF-8; from a spreadsheet: "
            "<i>Save as CSV UTF-8</i>)" + ("" if self.pushes else "; in this terminal, type <code>/file PATH</code>")
            + ". One row per program, a header row with these columns in any order: "
            f"{columns}. Only <code>program</code> and <code>specialty</code> are required.\n\n"
            "The file is checked as a whole: if any row has a problem, nothing is imported and I name every "
            "row and column to fix. The attached example shows every value that is allowed in use.",
            ((button("📋 Back to my list", cb.PgHome()),),), document=("programs-example.csv",
                                                                      to_csv(EXAMPLE).encode("utf-8-sig"))))

    def import_file(self, ctx: Context, out: Outcome, name: str, text: str) -> None:
        s = out.session
        if s.mode == PROGRAM_INPUT:
            self._leave(s)
        try:
            programs = parse_csv(text)
        except ProgramListError as exc:
            lines = [f"I could not import <b>{esc(clip(name, 60))}</b>; nothing was imported. Fix these and send it "
                     "again:"] + [f"• {esc(line)}" for line in exc.lines(30)]
            out.say("\n".join(lines), ((button("❔ The file format", cb.PgImportHelp()),
                                        button("📋 My list", cb.PgHome())),))
            return
        if not programs:
            self.home(ctx, out, "That file has a header but no programs; nothing was imported.")
            return
        if not s.programs:
            self._take(s, programs, replace_all=True)
            self.home(ctx, out, f"✅ Imported {len(programs)} program{'s' * (len(programs) != 1)}.")
            return
        s.pending_import = programs
        out.say(f"Your list has {len(s.programs)} programs and the file {len(programs)}. What should I do?",
                ((button("🔁 Replace my list with the file", cb.PgImport("replace")),),
                 (button("➕ Add the file's programs to my list", cb.PgImport("add")),),
                 (button("✖️ Cancel, keep my list", cb.PgImport("cancel")),)))

    def import_choice(self, ctx: Context, out: Outcome, how: str) -> None:
        s = out.session
        pending, s.pending_import = s.pending_import, None
        if pending is None or how == "cancel":
            self.home(ctx, out, "Nothing was imported." if pending is not None or how == "cancel" else
                      "That file was already dealt with.")
            return
        if len(pending) + (0 if how == "replace" else len(s.programs)) > MAX_ROWS:
            self.home(ctx, out, f"Together that is more than {MAX_ROWS} programs; nothing was imported.")
            return
        self._take(s, pending, replace_all=how == "replace")
        self.home(ctx, out, f"✅ {'Replaced your list with' if how == 'replace' else 'Added'} {len(pending)} "
                            f"program{'s' * (len(pending) != 1)}.")

    @staticmethod
    def _take(s: Session, programs: list[Program], replace_all: bool) -> None:
        keyed = with_keys(programs, s.program_seq + 1)
        s.program_seq += len(keyed)
        s.programs = keyed if replace_all else s.programs + keyed

    # ------------------------------------------------------------------ the rank list
    def _ranked(self, s: Session) -> list[Program]:
        order = {p.key: i for i, p in enumerate(s.programs)}
        return sorted((p for p in s.programs if p.rank), key=lambda p: (p.rank or 0, order[p.key]))

    def _renumber(self, s: Session, ranked: list[Program] | None = None) -> None:
        ranked = self._ranked(s) if ranked is None else ranked
        position = {p.key: i for i, p in enumerate(ranked, 1)}
        s.programs = [replace(p, rank=position.get(p.key)) if p.rank != position.get(p.key) else p
                      for p in s.programs]

    def rank(self, ctx: Context, out: Outcome, page: int, note: str = "") -> None:
        s = out.session
        ranked = self._ranked(s)
        r = self.report(ctx, s)
        pages = max(1, (len(ranked) + PAGE - 1) // PAGE)
        page = min(page, pages - 1)
        shown = ranked[page * PAGE:(page + 1) * PAGE]
        candidates = sorted((q for q in s.programs if not q.rank and q.status in INVITED),
                            key=lambda q: q.status != "interviewed")
        lines = [note, ""] if note else []
        lines.append(f"🏅 <b>Your rank list</b> — {len(ranked)} program{'s' * (len(ranked) != 1)} (primary list)")
        lines.append("<i>Rank in the order you would like to train there, not by where you think you will "
                     "match: the algorithm favours your preferences.</i>")
        lines += [self._rank_line(r, q) for q in shown]
        if pages > 1:
            lines.append(f"Page {page + 1} of {pages}")
        if candidates:
            lines.append(f"\nNot ranked yet: {len(candidates)} program{'s' * (len(candidates) != 1)} you were "
                         "invited to or interviewed at (➕ below).")
        lines += self._rank_dates(ctx, s, r, bool(ranked))
        lines += self._rank_warnings(r, {q.program for q in ranked})
        buttons = [button(clip(f"{q.rank}. {q.program}", 40), cb.PgRankItem(q.key)) for q in shown]
        buttons += [button(clip(f"➕ {q.program}", 40), cb.PgMove(q.key, "on")) for q in candidates[:6]]
        tail = [button("📄 As entered in NRMP", cb.PgFinal())] if ranked else []
        tail.append(button("📋 Program list", cb.PgHome()))
        out.say("\n".join(lines), rows(buttons, 2) + pager(page, pages, cb.PgRank) + (tuple(tail),))

    def _rank_line(self, r: Report, q: Program) -> str:
        line = f"{q.rank}. <b>{esc(q.program)}</b> ({esc(self.names[q.specialty])}, {esc(q.track)})"
        if q.track == "advanced":
            linked = r.supplemental.get(q.key) or ()
            line += " → PGY-1: " + (", ".join(esc(p.program) for p in linked) or "⚠️ none linked")
        return line

    def _rank_dates(self, ctx: Context, s: Session, r: Report, ranked: bool) -> list[str]:
        """Fees, when rank-list entry opens and closes, and when the reminder comes."""
        year = match_year(self.kb, s, ctx.today())
        lines = ["", f"💵 NRMP: {self._rank_fee_words(r)}",
                 f"📅 Rank-list entry opens {esc(_day_how(self.kb, 'rank_list_opens', year))}; certify by "
                 f"{esc(_day_how(self.kb, 'rank_list', year))}."]
        notice = self.kb.calendar.date_of("rank_list", year)[0] - timedelta(days=RANK_NOTICE_DAYS)
        if ranked and self.pushes and s.settings.reminders and notice >= ctx.today():
            lines.append(f"⏰ I will remind you on {esc(day_text(notice))}, {RANK_NOTICE_DAYS} days before.")
        return lines

    @staticmethod
    def _rank_warnings(r: Report, ranked_names: set[str]) -> list[str]:
        """The warnings about the rank list: those naming a ranked program, and those about the whole list."""
        warnings = [w for w in ordered(r.warnings) if w.code in RANK_CODES
                    and (w.program in ranked_names or w.program is None)]
        if not warnings:
            return []
        more = [f"… and {len(warnings) - 4} more (⚠️ All warnings)."] if len(warnings) > 4 else []
        return [""] + [warning_line(w) for w in warnings[:4]] + more

    def _rank_fee_words(self, r: Report) -> str:
        linked = len({q.key for qs in r.supplemental.values() for q in qs})
        return f"about ${r.nrmp_usd:,} for {len(r.primary)} primary and {linked} supplemental programs " \
               f"({self._nrmp_terms()})"

    def rank_item(self, ctx: Context, out: Outcome, key: str, note: str = "") -> None:
        s = out.session
        q = s.program(key)
        if q is None or not q.rank:
            self.rank(ctx, out, 0, note or "That program is not on your rank list.")
            return
        ranked = self._ranked(s)
        i = next(j for j, p in enumerate(ranked) if p.key == key)
        lines = [note, ""] if note else []
        lines.append(f"🏅 <b>{q.rank}. {esc(q.program)}</b> ({esc(self.names[q.specialty])}, {esc(q.track)})")
        if i > 0:
            lines.append(f"Above it: {ranked[i - 1].rank}. {esc(ranked[i - 1].program)}")
        if i + 1 < len(ranked):
            lines.append(f"Below it: {ranked[i + 1].rank}. {esc(ranked[i + 1].program)}")
        b = [button("⬆️ Up", cb.PgMove(key, "up")), button("⬇️ Down", cb.PgMove(key, "down")),
             button("⏫ To the top", cb.PgMove(key, "top")), button("⏬ To the bottom", cb.PgMove(key, "bottom"))]
        if q.track == "advanced":
            b.append(button("🔗 PGY-1 programs", cb.PgLinks(key)))
        b += [button("❌ Take off the list", cb.PgMove(key, "off")), button("📋 The program", cb.PgOpen(key)),
              button("◀️ Rank list", cb.PgRank(i // PAGE))]
        out.say("\n".join(lines), rows(b, 2))

    def move(self, ctx: Context, out: Outcome, key: str, to: str) -> None:
        s = out.session
        q = s.program(key)
        if q is None:
            self.rank(ctx, out, 0, "That program is no longer on your list.")
            return
        ranked = self._ranked(s)
        keys = [p.key for p in ranked]
        if to == "on":
            if q.rank:
                self.rank_item(ctx, out, key)
                return
            if len(ranked) >= self.kb.season.ranks.max_ranks:
                self.rank(ctx, out, 0, f"NRMP takes at most {self.kb.season.ranks.max_ranks} programs on a list.")
                return
            keys.append(key)
        elif key not in keys:
            self.rank(ctx, out, 0, "That program is not on your rank list.")
            return
        else:
            i = keys.index(key)
            keys.pop(i)
            at = {"up": max(0, i - 1), "down": min(len(keys), i + 1), "top": 0, "bottom": len(keys)}.get(to)
            if at is not None:
                keys.insert(at, key)
        by_key = {p.key: p for p in s.programs}
        self._renumber(s, [by_key[k] for k in keys])
        if to == "off":
            s.programs = [replace(p, rank=None) if p.key == key else p for p in s.programs]
            self.rank(ctx, out, 0, f"Took {esc(q.program)} off your rank list.")
            return
        note = "" if q.status == "interviewed" else "Programs rank only applicants they interviewed; keep its " \
                                                    "status up to date."
        self.rank_item(ctx, out, key, note)

    def links(self, ctx: Context, out: Outcome, key: str, note: str = "") -> None:
        s = out.session
        q = s.program(key)
        if q is None or q.track != "advanced":
            self.rank(ctx, out, 0, "That program is no longer an advanced program on your list.")
            return
        linked = Links(s.programs).of(q)
        pgy1 = [p for p in s.programs if p.is_pgy1 and p.status not in ("withdrawn", "rejected")]
        pgy1.sort(key=lambda p: (p.key not in {x.key for x in linked}, p.status != "interviewed"))
        lines = [note, ""] if note else []
        lines += [f"🔗 <b>PGY-1 programs for {esc(q.program)}</b>",
                  "An advanced program starts at PGY-2: you need a preliminary or transitional year before it. "
                  "The PGY-1 programs you link form its supplemental rank list, in the order you tap them.",
                  "Linked: " + (", ".join(f"{i}. {esc(p.program)}" for i, p in enumerate(linked, 1)) or "none")]
        if not pgy1:
            lines.append("\nYou have no preliminary or transitional programs on your list yet: add them "
                         "(track preliminary or transitional) first.")
        ids = {p.key for p in linked}
        buttons = [button(clip(("☑️ " if p.key in ids else "⬜ ") + p.program, 40), cb.PgLink(key, p.key))
                   for p in pgy1[:40]]
        out.say("\n".join(lines), rows(buttons, 1) + ((button("➕ Add a program", cb.PgAdd()),
                                                       button("◀️ Back", cb.PgRankItem(key) if q.rank
                                                              else cb.PgOpen(key))),))

    def link(self, ctx: Context, out: Outcome, key: str, pgy1: str) -> None:
        s = out.session
        q, p = s.program(key), s.program(pgy1)
        if q is None or p is None or q.track != "advanced" or not p.is_pgy1:
            self.links(ctx, out, key, "That program is no longer on your list.")
            return
        refs = tuple(r for r in q.linked_prelim if not p.matches(r))  # a link by name, from before keys
        if p.key in q.links or len(refs) < len(q.linked_prelim):
            links, note = tuple(k for k in q.links if k != p.key), f"Unlinked {esc(p.program)}."
        else:
            links, note = (*q.links, p.key), f"Linked {esc(p.program)}."
        self._replace(s, q, linked_prelim=refs, links=links)
        self.links(ctx, out, key, note)

    def final(self, ctx: Context, out: Outcome) -> None:
        """The lists as the user would type them into NRMP's system (split into several messages if long)."""
        s = out.session
        r = self.report(ctx, s)
        if not r.primary:
            self.rank(ctx, out, 0)
            return
        lines = ["📄 <b>Your lists, as you would enter them in NRMP's system</b>", "", "<b>Primary rank order list</b>"]
        lines += [f"{i}. {esc(q.program)} — {esc(self.names[q.specialty])}, {esc(q.track)}"
                  + (f" (ACGME {esc(q.acgme_id)})" if q.acgme_id else "") for i, q in enumerate(r.primary, 1)]
        groups: dict[tuple[str, ...], list[Program]] = {}
        for q in r.primary:
            linked = r.supplemental.get(q.key)
            if linked:
                groups.setdefault(tuple(p.key for p in linked), []).append(q)
        if groups:
            lines += ["", "<b>Supplemental rank order lists</b> (PGY-1 programs, each list linked to the advanced "
                      "programs named)"]
            by_key = {p.key: p for p in s.programs}
            for n, (keys, advanced) in enumerate(groups.items()):
                lines.append(f"\nList {chr(65 + n % 26)}{n // 26 or ''} — linked to: "
                             + ", ".join(esc(a.program) for a in advanced))
                lines += [f"{i}. {esc(by_key[k].program)}" for i, k in enumerate(keys, 1)]
        lines += ["", f"💵 {self._rank_fee_words(r)}",
                  "<i>Enter and certify the lists yourself in NRMP's R3 system; a list that is not certified "
                  "by the deadline is not used.</i>"]
        out.say("\n".join(lines), ((button("🏅 Rank list", cb.PgRank(0)), button("📋 Program list", cb.PgHome())),))

    # ------------------------------------------------------------------ warnings
    def warnings(self, ctx: Context, out: Outcome, page: int) -> None:
        s = out.session
        warnings = ordered(self.report(ctx, s).warnings)
        if not warnings:
            self.home(ctx, out, "✅ Nothing to look at: no warnings on your list.")
            return
        pages = (len(warnings) + WARNINGS_PAGE - 1) // WARNINGS_PAGE
        page = min(page, pages - 1)
        shown = warnings[page * WARNINGS_PAGE:(page + 1) * WARNINGS_PAGE]
        lines = [f"⚠️ <b>{len(warnings)} thing{'s' * (len(warnings) != 1)} to look at</b>"
                 + (f" (page {page + 1} of {pages})" if pages > 1 else "")]
        lines += [warning_line(w) for w in shown]
        by_name = {q.program: q.key for q in s.programs}
        named = list(dict.fromkeys(w.program for w in shown if w.program in by_name))
        buttons = [button(clip(f"📋 {n}", 40), cb.PgOpen(by_name[n])) for n in named if n]
        out.say("\n".join(lines), rows(buttons, 2) + pager(page, pages, cb.PgWarnings)
                + ((button("📋 Program list", cb.PgHome()),),))

    # ------------------------------------------------------------------ buttons
    def choice(self, ctx: Context, out: Outcome, data: cb.Callback) -> None:
        """A /programs button: leave any typed field (a half-added program waits), then its view."""
        s = out.session
        if s.mode == PROGRAM_INPUT and not isinstance(data, (cb.PgNew, cb.PgDraft)):
            self._leave(s)
        handler = HANDLERS.get(type(data))
        if handler is None:
            self.home(ctx, out)
        else:
            handler(self, ctx, out, data)


#: Which view or change each /programs button leads to.
HANDLERS: dict[type[cb.Callback], Callable[[ProgramsFlow, Any, Outcome, Any], None]] = {
    cb.PgHome: lambda f, ctx, out, d: f.home(ctx, out),
    cb.PgGroup: lambda f, ctx, out, d: f.group(ctx, out, d.specialty, d.page),
    cb.PgOpen: lambda f, ctx, out, d: f.detail(ctx, out, d.key),
    cb.PgField: lambda f, ctx, out, d: f.field(ctx, out, d.key, d.field),
    cb.PgSet: lambda f, ctx, out, d: f.set_field(ctx, out, d.key, d.field, d.value),
    cb.PgClear: lambda f, ctx, out, d: f.clear(ctx, out, d.key, d.field),
    cb.PgAdd: lambda f, ctx, out, d: f.start_add(ctx, out),
    cb.PgNew: lambda f, ctx, out, d: f.form_choice(ctx, out, d.field, d.value),
    cb.PgDraft: lambda f, ctx, out, d: f.draft(ctx, out, d.act),
    cb.PgRemove: lambda f, ctx, out, d: f.remove(ctx, out, d.key),
    cb.PgRemoveYes: lambda f, ctx, out, d: f.remove_yes(ctx, out, d.key),
    cb.PgExport: lambda f, ctx, out, d: f.export(ctx, out),
    cb.PgImportHelp: lambda f, ctx, out, d: f.import_help(ctx, out),
    cb.PgImport: lambda f, ctx, out, d: f.import_choice(ctx, out, d.how),
    cb.PgRank: lambda f, ctx, out, d: f.rank(ctx, out, d.page),
    cb.PgRankItem: lambda f, ctx, out, d: f.rank_item(ctx, out, d.key),
    cb.PgMove: lambda f, ctx, out, d: f.move(ctx, out, d.key, d.to),
    cb.PgFinal: lambda f, ctx, out, d: f.final(ctx, out),
    cb.PgLinks: lambda f, ctx, out, d: f.links(ctx, out, d.key),
    cb.PgLink: lambda f, ctx, out, d: f.link(ctx, out, d.key, d.pgy1),
    cb.PgWarnings: lambda f, ctx, out, d: f.warnings(ctx, out, d.page),
}
BUTTONS = tuple(HANDLERS)
ProgramsFlow.buttons = BUTTONS

_HINTS = {"interview_date": "Like 2027-01-12 or 12 Jan. I remind you the day before and follow up the day after.",
          "acgme_id": f"Find it in <a href=\"{ACGME_SEARCH}\">ACGME's program search</a>.",
          "state": "Its two-letter code (NY) or name (New York).",
          "notes": f"Anything you want to remember (up to {NOTES_MAX} characters): the PD's background, what they "
                   "asked, how many IMGs they have."}


def pager(page: int, pages: int, make: Callable[[int], cb.Callback]) -> tuple[tuple[Button, ...], ...]:
    """The Previous / Next row of a paged view (nothing when there is one page)."""
    nav = ([button("◀️ Previous", make(page - 1))] if page > 0 else []) + \
        ([button("Next ▶️", make(page + 1))] if page + 1 < pages else [])
    return (tuple(nav),) if nav else ()


def signal_words(use: SignalUse) -> str:
    """ "2 gold + 5 silver of 3 gold + 12 silver", or "4 of 5" for a specialty without tiers."""
    if "total" in use.allotment:
        return f"{sum(use.used.values())} of {use.allotment['total']}"
    used = " + ".join(f"{use.used.get(k, 0)} {k}" for k in use.allotment)
    return f"{used} of " + " + ".join(f"{n} {k}" for k, n in use.allotment.items())
