"""/programs: the applicant's own list of programs, checked against their plan and the Match rules.

This module holds the list's part of the session (``ProgramList``), what the other program modules
share (labels, the fields a program has, paging), and the list's views: the overview, one
specialty's page, one program, the warnings. The other pieces of the flow: the add form and field
changes (``program_form``), CSV import and export (``program_files``), the rank list
(``program_rank``), interview and rank-list reminders (``program_reminders``); the flow itself,
which routes buttons to them, is ``programs_flow``.

Views are built fresh from the list on every turn; buttons carry a program's stable key (``p12``),
never its position. Typed values (a name, an interview date, a note) are the flow's mode
``PROGRAM_INPUT`` with ``ProgramList.edit`` saying which field of which program; the add form is
the same mode with the key ``"new"`` and the fields chosen so far in ``edit.draft``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Callable

from dialogs import callbacks as cb
from dialogs import plan_view
from dialogs.flow import Context
from dialogs.reply import Button, Outcome, button, clip, esc, rows
from dialogs.session import Part, Session
from dialogs.timeline_flow import settings_of
from knowledge.base import KnowledgeBase
from knowledge.loader import TRACKS
from knowledge.programs import (ACGME_SEARCH, INVITED, MAX_CELL, SIGNALS, STATUSES, VISAS, Links, Program, Report,
                                SignalUse, Warning_, analyse, applicant_for, list_names, ordered, program_from_json,
                                program_json, with_keys)
from knowledge.timeline import day_text

PROGRAM_INPUT = "program_input"  # the mode: a typed field of a program (``ProgramList.edit`` says which)
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
CHOICE_FIELDS = {"status": STATUSES, "visa": VISAS, "signal": SIGNALS, "track": TRACKS, "specialty": ()}
TYPED_FIELDS = {"program": "its name", "acgme_id": "its 10-digit ACGME program id", "state": "its US state",
                "interview_date": "the interview date", "notes": "your notes"}
FIELD_TITLES = {"status": "Status", "visa": "Visa it sponsors", "signal": "Signal", "track": "Track",
                "specialty": "Specialty", **{k: k.replace("_", " ").capitalize() for k in TYPED_FIELDS}}
FORM = ("program", "specialty", "track", "visa", "signal", "acgme_id")
RANK_CODES = ("advanced_without_prelim", "rank_conflict", "visa_mismatch", "rank_without_interview", "too_many_ranks")
BEFORE = ("invited", "interview_scheduled")  # statuses that get a day-before reminder
AFTER = INVITED  # ... and a day-after follow-up



def _names(kb: KnowledgeBase) -> dict[str, str]:
    return list_names(kb.specialties)


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


class PgFees(cb.Callback, prefix="pg:fees"):
    """How the list's fee estimates are made."""


@dataclass
class ProgramEdit:
    """What /programs is asking for: ``field`` of the program ``key`` ("new" while one is being added),
    and for a new program the fields chosen so far."""

    key: str
    field: str
    draft: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclass
class ProgramList(Part):
    """This flow's part of the session: the programs, the last key handed out (p1, p2, ...), the field
    being typed, and a file's programs waiting for "replace my list?"."""

    KEY = "program_list"
    programs: list[Program] = dataclasses.field(default_factory=list)
    seq: int = 0
    edit: ProgramEdit | None = None
    pending_import: list[Program] | None = None

    def program(self, key: str) -> Program | None:
        return next((p for p in self.programs if p.key == key), None)

    def replace(self, q: Program, **changes: Any) -> Program:
        """Change fields of one program; links by key need nothing, links that still name it (PGY-1 programs
        by name or id, as stored before links were by key) follow a rename."""
        new = replace(q, **changes)
        self.programs = [new if p.key == q.key else p for p in self.programs]
        if "program" in changes or "acgme_id" in changes:
            old = {q.program.casefold(), q.acgme_id} - {""}
            ref = new.acgme_id or new.program
            self.programs = [replace(p, linked_prelim=tuple(dict.fromkeys(
                ref if r.casefold() in old else r for r in p.linked_prelim))) if p.linked_prelim else p
                for p in self.programs]
        return new

    def remove(self, q: Program) -> None:
        """Take a program off the list, with the links that name it and its place on the rank list."""
        refs = {q.program.casefold(), q.acgme_id} - {""}
        self.programs = [p for p in self.programs if p.key != q.key]
        self.programs = [replace(p, linked_prelim=tuple(r for r in p.linked_prelim if r.casefold() not in refs),
                                 links=tuple(k for k in p.links if k != q.key))
                         if p.linked_prelim or p.links else p for p in self.programs]
        if q.rank:
            self.renumber()

    def take(self, programs: list[Program], replace_all: bool) -> None:
        """A file's programs, each given a new key: instead of the list, or added to it."""
        keyed = with_keys(programs, self.seq + 1)
        self.seq += len(keyed)
        self.programs = keyed if replace_all else self.programs + keyed

    def ranked(self) -> list[Program]:
        """The primary rank list, in order."""
        order = {p.key: i for i, p in enumerate(self.programs)}
        return sorted((p for p in self.programs if p.rank), key=lambda p: (p.rank or 0, order[p.key]))

    def renumber(self, ranked: list[Program] | None = None) -> None:
        """Ranks 1, 2, 3... in the order of ``ranked`` (default: the current order, closing gaps)."""
        ranked = self.ranked() if ranked is None else ranked
        position = {p.key: i for i, p in enumerate(ranked, 1)}
        self.programs = [replace(p, rank=position.get(p.key)) if p.rank != position.get(p.key) else p
                         for p in self.programs]

    @classmethod
    def from_json(cls, data: Any) -> "ProgramList":
        if not isinstance(data, dict):
            return cls()
        edit = data.get("edit")
        pending = data.get("pending_import")
        return cls([program_from_json(p) for p in data.get("programs") or []], int(data.get("seq") or 0),
                   ProgramEdit(str(edit.get("key", "")), str(edit.get("field", "")),
                               {str(k): str(v) for k, v in (edit.get("draft") or {}).items()})
                   if isinstance(edit, dict) else None,
                   [program_from_json(p) for p in pending] if isinstance(pending, list) else None)

    def to_json(self) -> Any:
        out = {"programs": [program_json(p) for p in self.programs] or None, "seq": self.seq or None,
               "edit": dataclasses.asdict(self.edit) if self.edit is not None else None,
               "pending_import": [program_json(p) for p in self.pending_import]
               if self.pending_import is not None else None}
        return {k: v for k, v in out.items() if v is not None} or None


def plist(session: Session) -> ProgramList:
    """The user's program list (this flow's part of the session)."""
    return session.part(ProgramList)

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



class ListViews:
    """The list's views; ``pushes`` is False in the console (no reminders there)."""

    def __init__(self, kb: KnowledgeBase, pushes: bool = True):
        self.kb = kb
        self.names = _names(kb)
        self.pushes = pushes

    def report(self, ctx: Context, s: Session) -> Report:
        today = ctx.today()
        plan = plan_view.plan_from(self.kb, s, today)
        return analyse(plist(s).programs, self.kb.season, applicant_for(plan, self.kb.season, today), self.names)

    def home(self, ctx: Context, out: Outcome, note: str = "") -> None:
        s = out.session
        programs = plist(s).programs
        lines = [note, ""] if note else []
        draft = self._open_draft(s)
        if not programs:
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
        lines.append(f"📋 <b>Your program list</b> — {len(programs)} program{'s' * (len(programs) != 1)}")
        for sid in self._groups(s):
            lines.append(self._group_line(r, sid))
        for sid, (lo, hi) in r.targets.items():
            if sid not in r.counts:
                lines.append(f"• <b>{esc(self.names[sid])}</b>: none listed yet · plan {lo}–{hi}")
        lines += ["", self._fees_line(r)]
        upcoming = sorted((q for q in programs if q.interview_date and q.interview_date >= ctx.today()
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
        buttons += [button("💵 Fees", PgFees()), button("📤 Export CSV", cb.PgExport()),
                    button("📥 Import CSV", cb.PgImportHelp())]
        out.say("\n".join(lines), self._draft_buttons(draft) + rows(buttons, 2))

    def _groups(self, s: Session) -> list[str]:
        present = {q.specialty for q in plist(s).programs}
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
        """One short line; how the figures are made is one tap away (💵 Fees), not repeated on every view."""
        return f"💵 Estimated fees for this list: ERAS ${r.eras_usd:,}, NRMP ${r.nrmp_usd:,} (how: 💵 Fees)"

    def fees(self, ctx: Context, out: Outcome) -> None:
        """How the list's fee estimates are made, each figure with the year of its fee table."""
        s = out.session
        if not plist(s).programs:
            self.home(ctx, out)
            return
        r = self.report(ctx, s)
        lines = ["💵 <b>Estimated fees for your list</b>",
                 f"• ERAS: ${r.eras_usd:,}, from the {esc(r.fees_as_of)} fee schedule: per specialty, by the "
                 "number of programs you applied to (a preliminary track counted apart).",
                 f"• NRMP: ${r.nrmp_usd:,}: {self.nrmp_terms()}.",
                 "", "<i>Estimates from your own entries; guidance, not official advice.</i>"]
        out.say("\n".join(lines), ((button("« Back to my list", cb.PgHome()),),))

    def nrmp_terms(self) -> str:
        """How the NRMP estimate is made, each figure with the year of the fee table it comes from."""
        f = self.kb.season.ranks
        return (f"registration ${f.registration_usd}, from the {f.registration_fact.year} fee table, the last we could "
                f"confirm; {f.included_primary} + {f.included_supplemental} ranked programs included and "
                f"${f.extra_usd} each beyond, {f.fact.year} figures; check the current fees on nrmp.org")

    @staticmethod
    def _open_draft(s: Session) -> ProgramEdit | None:
        e = plist(s).edit
        return e if e is not None and e.key == "new" and s.mode != PROGRAM_INPUT else None

    @staticmethod
    def _draft_buttons(draft: ProgramEdit | None) -> tuple[tuple[Button, ...], ...]:
        if draft is None:
            return ()
        name = draft.draft.get("program", "")
        return ((button(f"▶️ Continue adding {clip(name, 28)}" if name else "▶️ Continue adding a program",
                        cb.PgDraft("go")), button("✖️ Discard it", cb.PgDraft("drop"))),)

    def group(self, ctx: Context, out: Outcome, sid: str, page: int, note: str = "") -> None:
        s = out.session
        programs = [q for q in plist(s).programs if q.specialty == sid]
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

    def detail(self, ctx: Context, out: Outcome, key: str, note: str = "") -> None:
        s = out.session
        pl = plist(s)
        q = pl.program(key)
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
            linked = Links(pl.programs).of(q)  # ranked or not
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
        p = settings_of(s)
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
        by_name = {q.program: q.key for q in plist(s).programs}
        named = list(dict.fromkeys(w.program for w in shown if w.program in by_name))
        buttons = [button(clip(f"📋 {n}", 40), cb.PgOpen(by_name[n])) for n in named if n]
        out.say("\n".join(lines), rows(buttons, 2) + pager(page, pages, cb.PgWarnings)
                + ((button("📋 Program list", cb.PgHome()),),))

    def signal_kinds(self, sid: str) -> tuple[str, ...]:
        allotment = self.kb.season.signals.by_specialty.get(sid)
        if allotment is None:
            return ("none",)
        return ("signal", "none") if allotment.total else ("gold", "silver", "none")
