"""/outcome: after Match Day, the user's result, shared only if they say yes (CONTRACTS §10).

The day after Match Day of the user's Match, one invitation comes through the reminder queue (rate
limits, retries, the /settings off switch): why it is asked, what is kept, who sees what, and three
buttons: share, not now (asked once more a week later), never. ``/outcome`` opens the same at any
time after Match Day. The questions are buttons only: the result (the one that must be answered),
which backup, then applications and interviews per specialty in bands, prefilled from the program
list, each skippable; last, the explicit yes to be counted. Without it nothing is kept.

The shared record is kept in this flow's part of the session and, in the same transaction, in the
``outcomes`` table the counts read (the ``StoreOutcome`` effect). Taking it out of the counts asks
first, with a one-time value kept here. The plan's "People like you" is written here too, from the
published counts only (``counts``, injected: the day's release).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Callable, Self, Sequence

from dialogs import callbacks as cb
from dialogs import once
from dialogs.flow import CommandSpec, Context, Flow
from dialogs.inputs import StoreOutcome
from dialogs.reply import Outcome, Reply, button, esc, rows
from dialogs.program_list import plist
from dialogs.session import Part, Session
from dialogs.timeline_flow import settings_of
from knowledge.answers import AnswersError, validate_answers
from knowledge.base import KnowledgeBase
from knowledge.outcomes import (DEFAULT_MIN_CELL, OutcomeRecord, Release, band, counting_closes, invitation_day,
                                profile_for)
from knowledge.programs import APPLIED, INVITED
from knowledge.ratings import tier_for
from knowledge.timeline import due_at

REMOVE = "outcome_remove"  # the one-time confirmation's action (dialogs.once)
INVITE = "outcome-invite"  # the invitation's id in the reminder queue
AGAIN = "outcome-again"  # the second ask, a week after "not now"
AGAIN_DAYS = 7


# --------------------------------------------------------------------------- buttons

class OcInvite(cb.Callback, prefix="oc:i"):
    act: str  # share | later | never


class OcResult(cb.Callback, prefix="oc:r"):
    result: str


class OcBackup(cb.Callback, prefix="oc:b"):
    specialty: str  # a backup's id, or "skip"


class OcCounts(cb.Callback, prefix="oc:c"):
    act: str  # done | skip


class OcSpecialty(cb.Callback, prefix="oc:s"):
    specialty: str


class OcBand(cb.Callback, prefix="oc:n"):
    specialty: str
    what: str  # a (applications) | i (interviews)
    band: str  # a band's id, or "skip"


class OcConsent(cb.Callback, prefix="oc:y"):
    answer: str  # yes | no


class OcView(cb.Callback, prefix="oc:v"):
    pass


class OcRemove(cb.Callback, prefix="oc:x"):
    pass


class OcRemoveYes(cb.Callback, prefix="oc:xy"):
    token: str  # the one-time value the question was asked with (dialogs.once)


class OcRemoveNo(cb.Callback, prefix="oc:xn"):
    token: str


# --------------------------------------------------------------------------- the flow's part of the session

@dataclass
class OutcomePart(Part):
    KEY = "outcome"

    answer: str = ""  # "" (not asked yet) | later | never | declined | shared
    again_on: str | None = None  # ISO day of the second ask, after "not now"
    asked_again: bool = False  # the second ask was offered: no third
    draft: dict[str, Any] = field(default_factory=dict)  # result, backup, applications, interviews while asked
    record: dict[str, Any] | None = None  # what was shared (also in the outcomes table)

    @classmethod
    def from_json(cls, data: Any) -> Self:
        if not isinstance(data, dict):
            return cls()
        return cls(str(data.get("answer") or ""), data.get("again_on") if isinstance(data.get("again_on"), str)
                   else None, bool(data.get("asked_again")),
                   # copies all the way down: the stored form must not change when the draft does
                   copy.deepcopy(data["draft"]) if isinstance(data.get("draft"), dict) else {},
                   copy.deepcopy(data["record"]) if isinstance(data.get("record"), dict) else None)

    def to_json(self) -> Any:
        out = {"answer": self.answer or None, "again_on": self.again_on, "asked_again": self.asked_again or None,
               "draft": self.draft or None, "record": self.record}
        kept = {k: v for k, v in out.items() if v is not None}
        return kept or None


def _match_year(session: Session) -> int | None:
    year = session.answers.get("match_year")
    return year if isinstance(year, int) and not isinstance(year, bool) else None


def invitable(kb: KnowledgeBase, session: Session) -> bool:
    """Did the user complete the assessment for a Match whose outcomes the bot asks for?"""
    year = _match_year(session)
    return session.complete and year is not None and year >= kb.outcomes.first_match_year


# --------------------------------------------------------------------------- the invitation in the reminder queue

def outcome_key(session: Session) -> tuple[Any, ...]:
    """What the invitation's schedule depends on; the bot reschedules when it changes."""
    p = settings_of(session)
    part = session.part(OutcomePart)
    return (session.complete, _match_year(session), p.reminders, p.tz, p.hour, part.answer, part.again_on)


def outcome_times(kb: KnowledgeBase, session: Session, now: datetime) -> list[tuple[str, datetime]]:
    """The invitation (the day after Match Day, at the user's hour) and, after "not now", the one more
    ask a week later; none with reminders off, after "never", once shared, or for a past day."""
    p, part, year = settings_of(session), session.part(OutcomePart), _match_year(session)
    if not invitable(kb, session) or not p.reminders or year is None:
        return []
    out: list[tuple[str, datetime]] = []
    if part.answer == "":
        out.append((INVITE, due_at(invitation_day(kb.calendar, year), p.tz, p.hour)))
    elif part.answer == "later" and part.again_on:
        out.append((AGAIN, due_at(date.fromisoformat(part.again_on), p.tz, p.hour)))
    return [(what, at) for what, at in out if at > now]


def invitation(kb: KnowledgeBase, session: Session, milestone: str, today: date) -> Reply | None:
    """The invitation's text when it is due (None: it no longer applies)."""
    part = session.part(OutcomePart)
    wanted = "" if milestone == INVITE else "later"
    if not invitable(kb, session) or part.answer != wanted:
        return None
    return _ask(kb, session, today, again=milestone == AGAIN)


def _ask(kb: KnowledgeBase, session: Session, today: date, again: bool = False) -> Reply:
    year = _match_year(session) or 0
    closes = counting_closes(kb.calendar, year)
    k = DEFAULT_MIN_CELL
    lines = [f"📊 <b>Your {year} Match: would you share how it went?</b>" if not again else
             f"📊 <b>Once more: would you share how your {year} Match went?</b>", "",
             "<b>Why:</b> no source tells international graduates how people like them fared. Counted with "
             "others', your result tells next year's applicants what to expect.",
             "<b>What is kept:</b> your result, how many programs you applied to and interviewed with (in "
             "ranges, if you say), and your profile in bands: tier, visa route, Step 2 CK in 10 points, years "
             "since graduation, US clinical experience. Sealed like your answers.",
             f"<b>Who sees what:</b> no one is shown your answers. Only counts are published, from "
             f"{closes:%d %b %Y}, and only where at least {k} people share a cell; a count that would let a "
             "smaller one be worked out is hidden too.",
             "/outcome shows or takes back what you shared at any time; /delete removes it."]
    buttons = [button("✅ Share", OcInvite("share")), button("⏰ Not now", OcInvite("later")),
               button("🚫 Never", OcInvite("never"))]
    return Reply("\n".join(lines), (tuple(buttons),))


# --------------------------------------------------------------------------- the flow

class OutcomeFlow(Flow):
    name = "outcome"
    buttons = (OcInvite, OcResult, OcBackup, OcCounts, OcSpecialty, OcBand, OcConsent, OcView, OcRemove,
               OcRemoveYes, OcRemoveNo)

    def __init__(self, kb: KnowledgeBase, counts: Callable[[date], Release] | None = None):
        self.kb = kb
        self.rules = kb.outcomes
        self.counts = counts  # the day's published counts (None: no database, e.g. in some tests)

    def commands(self) -> Sequence[CommandSpec]:
        return (CommandSpec("outcome", "After Match Day: share how your Match went", self._command, 10),)

    # ------------------------------------------------------------------ entry
    def _command(self, ctx: Context, out: Outcome, arg: str) -> None:
        s, today = out.session, ctx.today()
        part = s.part(OutcomePart)
        year = _match_year(s)
        if part.record is not None:
            self._shared(ctx, out)
        elif not invitable(self.kb, s) or year is None:
            out.say("Outcomes are asked after Match Day of the Match in your self-assessment "
                    f"(from the {self.rules.first_match_year} Match on). Complete the self-assessment first: your "
                    "outcome is counted under the profile it gives.",
                    ((button("📝 Self-assessment", cb.Menu("assess")),),))
        elif today < invitation_day(self.kb.calendar, year):
            out.say(f"Match Day of the {year} Match is {invitation_day(self.kb.calendar, year) - timedelta(days=1):%d %b %Y}. "
                    "From the day after, /outcome asks how it went (and I will ask once, unless reminders are off).")
        else:
            out.replies.append(_ask(self.kb, s, today))

    def on_button(self, ctx: Context, out: Outcome, data: cb.Callback) -> None:
        s = out.session
        part = s.part(OutcomePart)
        year = _match_year(s)
        if not invitable(self.kb, s) or year is None or ctx.today() < invitation_day(self.kb.calendar, year):
            self._command(ctx, out, "")
            return
        if part.record is not None and not isinstance(data, (OcView, OcRemove, OcRemoveYes, OcRemoveNo)):
            self._shared(ctx, out, "You have shared your outcome already:")  # an old invitation or question
            return
        match data:
            case OcInvite(act="share"):
                part.draft = {}
                self._result(out)
            case OcInvite(act="later"):
                self._later(ctx, out, part)
            case OcInvite(act="never"):
                part.answer, part.again_on, part.draft = "never", None, {}
                out.say("Understood: I won't ask again. If you change your mind, /outcome is there.")
            case OcResult(result=result) if result in self.rules.result_ids():
                part.draft = {"result": result}
                if result == "matched_backup":
                    self._backup(out)
                else:
                    self._counts(out)
            case OcBackup(specialty=spec) if "result" in part.draft and (spec == "skip" or spec in self.kb.backup_ids):
                part.draft["backup"] = None if spec == "skip" else spec
                self._counts(out)
            case OcCounts(act=act) if "result" in part.draft:
                if act == "skip":
                    part.draft["applications"], part.draft["interviews"] = {}, {}
                self._consent(ctx, out)
            case OcSpecialty(specialty=spec) if "result" in part.draft and spec in self._specialties():
                self._band(out, spec, "a")
            case OcBand(specialty=spec, what=what, band=value) if "result" in part.draft and \
                    spec in self._specialties() and what in ("a", "i"):
                self._set_band(out, spec, what, value)
            case OcConsent(answer=answer) if "result" in part.draft:
                self._consented(ctx, out, answer == "yes")
            case OcView():
                self._command(ctx, out, "")
            case OcRemove() if part.record is not None:
                token = once.issue(s, REMOVE)
                out.say("Take your outcome out of the counts and delete it? Counts made from today on will not "
                        "include it.", ((button("Yes, take it out", OcRemoveYes(token)),
                                         button("No, keep it", OcRemoveNo(token))),))
            case OcRemoveYes(token=token) | OcRemoveNo(token=token) if not once.redeem(s, REMOVE, token):
                once.expired(ctx, out)
            case OcRemoveNo():
                self._shared(ctx, out, "Nothing was changed.")
            case OcRemoveYes() if part.record is not None:
                part.record, part.answer, part.draft = None, "never", {}
                out.effects.append(StoreOutcome(None))
                out.say("Done: your outcome is deleted and in no count from now on. I won't ask again.")
            case _:
                out.say("That button belongs to an earlier message.")
                self._command(ctx, out, "")

    # ------------------------------------------------------------------ steps
    def _later(self, ctx: Context, out: Outcome, part: OutcomePart) -> None:
        if part.answer == "later" or part.asked_again:
            part.answer, part.again_on, part.asked_again = "later", None, True
            out.say("All right. I won't ask again; /outcome is there whenever you like.")
            return
        again = ctx.today() + timedelta(days=AGAIN_DAYS)
        part.answer, part.again_on = "later", again.isoformat()
        reminders = settings_of(out.session).reminders
        out.say(f"All right. I'll ask once more on {again:%d %b}" + ("" if reminders else " (if you turn reminders "
                                                                     "back on in /settings)") +
                ". /outcome works any time before that.")

    def _result(self, out: Outcome) -> None:
        year = _match_year(out.session)
        buttons = [button(label, OcResult(rid)) for rid, label in self.rules.results]
        out.say(f"How did the {year} Match go for you?", rows(buttons, 1))

    def _backup(self, out: Outcome) -> None:
        buttons = [button(self.kb.specialties[s].name, OcBackup(s)) for s in self.kb.backup_ids]
        out.say("Which specialty did you match in?", rows(buttons, 2) + ((button("Skip", OcBackup("skip")),),))

    def _specialties(self) -> tuple[str, ...]:
        return (self.kb.goal, *self.kb.backup_ids, self.kb.pgy1)

    def _prefill(self, out: Outcome) -> None:
        """Applications and interviews per specialty from the program list, put in their bands."""
        draft = out.session.part(OutcomePart).draft
        if "applications" in draft:
            return
        apps: dict[str, str] = {}
        views: dict[str, str] = {}
        for spec in self._specialties():
            listed = [p for p in plist(out.session).programs if p.specialty == spec]
            applied = sum(1 for p in listed if p.status in APPLIED)
            if applied:
                apps[spec] = band(self.rules.applications, applied)
                views[spec] = band(self.rules.interviews, sum(1 for p in listed if p.status in INVITED and
                                                               p.status != "invited"))
        draft["applications"], draft["interviews"] = apps, views

    def _counts(self, out: Outcome, note: str = "") -> None:
        self._prefill(out)
        draft = out.session.part(OutcomePart).draft
        lines = [note] if note else []
        lines += ["How many programs did you apply to, and interview with, in each specialty? (Optional: ranges, "
                  "tap a specialty to set or change it.)"]
        if draft["applications"]:
            lines.append("<i>Filled in from your program list.</i>")
        lines.append("")
        for spec in self._specialties():
            a, i = draft["applications"].get(spec), draft["interviews"].get(spec)
            if a or i:
                lines.append(f"• {esc(self.kb.specialties[spec].name)}: applied {esc(self._label(self.rules.applications, a))}"
                             f", interviews {esc(self._label(self.rules.interviews, i))}")
        specs = [button(self.kb.specialties[s].name, OcSpecialty(s)) for s in self._specialties()]
        out.say("\n".join(lines), rows(specs, 2) + ((button("➡️ Continue", OcCounts("done")),
                                                      button("Skip", OcCounts("skip"))),))

    @staticmethod
    def _label(f: Any, value: str | None) -> str:
        return f.label_of(value) if value else "—"

    def _band(self, out: Outcome, spec: str, what: str) -> None:
        f = self.rules.applications if what == "a" else self.rules.interviews
        noun = "programs did you apply to" if what == "a" else "interviews did you have"
        buttons = [button(v.label, OcBand(spec, what, v.id)) for v in f.values]
        out.say(f"{esc(self.kb.specialties[spec].name)}: how many {noun}?",
                rows(buttons, 4) + ((button("Skip", OcBand(spec, what, "skip")),),))

    def _set_band(self, out: Outcome, spec: str, what: str, value: str) -> None:
        draft = out.session.part(OutcomePart).draft
        self._prefill(out)
        f = self.rules.applications if what == "a" else self.rules.interviews
        key = "applications" if what == "a" else "interviews"
        if value in f.ids():
            draft[key][spec] = value
        elif value != "skip":
            self._counts(out)
            return
        if what == "a":
            self._band(out, spec, "i")
        else:
            self._counts(out, "Saved.")

    def _consent(self, ctx: Context, out: Outcome) -> None:
        year = _match_year(out.session) or 0
        closes = counting_closes(self.kb.calendar, year)
        draft = out.session.part(OutcomePart).draft
        lines = ["<b>May I count it?</b>", f"Result: {esc(self.rules.result_label(draft['result']))}"
                 + (f" ({esc(self.kb.specialties[draft['backup']].name)})" if draft.get("backup") else "")]
        if ctx.today() >= closes:
            lines.append(f"<i>The counting for the {year} Match closed on {closes:%d %b %Y}: what you share now is "
                         "kept for you but not counted.</i>")
        lines.append(f"Counted only in tables where every number is at least {DEFAULT_MIN_CELL} people, never shown "
                     "alone. Say no and nothing is kept.")
        out.say("\n".join(lines), ((button("✅ Yes, count it", OcConsent("yes")),
                                    button("No, keep nothing", OcConsent("no"))),))

    def _consented(self, ctx: Context, out: Outcome, yes: bool) -> None:
        s = out.session
        part = s.part(OutcomePart)
        if not yes:
            part.answer, part.draft, part.again_on = "declined", {}, None
            out.say("Nothing was kept. Thank you all the same. /outcome is there if you change your mind.")
            return
        try:
            answers = validate_answers(s.answers)
        except AnswersError:
            out.say("Your self-assessment is not complete any more; finish it first (/assess).")
            return
        year = answers.match_year
        draft = part.draft
        record = OutcomeRecord(year, str(draft["result"]), profile_for(self.rules, answers, tier_for(answers)[0]),
                               ctx.today(), True, draft.get("backup") or None, dict(draft.get("applications") or {}),
                               dict(draft.get("interviews") or {}))
        part.record, part.answer, part.draft, part.again_on = record.to_json(), "shared", {}, None
        out.effects.append(StoreOutcome(record.to_json()))
        closes = counting_closes(self.kb.calendar, year)
        when = (f"It is counted from {closes:%d %b %Y}, when the {year} Match's counting closes." if ctx.today() < closes
                else "The counting for this Match has closed, so it is kept for you but not counted.")
        out.say(f"✅ Thank you. {when} /outcome shows what you shared, or takes it back.",
                ((button("👀 What I shared", OcView()),),))

    def _shared(self, ctx: Context, out: Outcome, note: str = "") -> None:
        part = out.session.part(OutcomePart)
        record = OutcomeRecord.from_json(part.record or {})
        lines = [note] if note else []
        lines += [f"<b>What you shared about the {record.match_year} Match</b> (on {record.shared_on:%d %b %Y})",
                 f"Result: {esc(self.rules.result_label(record.result))}"
                 + (f" ({esc(self.kb.specialties[record.backup].name)})" if record.backup in self.kb.specialties
                    else "")]
        for spec in self._specialties():
            a, i = record.applications.get(spec), record.interviews.get(spec)
            if a or i:
                lines.append(f"{esc(self.kb.specialties[spec].name)}: applied "
                             f"{esc(self._label(self.rules.applications, a))}, interviews "
                             f"{esc(self._label(self.rules.interviews, i))}")
        lines.append("Counted under: " + ", ".join(
            f"{esc(self.rules.fields[f].label)} {esc(self.rules.fields[f].label_of(v))}"
            for f, v in record.profile.items() if f in self.rules.fields))
        closes = counting_closes(self.kb.calendar, record.match_year)
        lines.append(f"Counted from {closes:%d %b %Y}." if ctx.today() < closes else
                     ("In the counts." if record.shared_on < closes else "Shared after the counting closed: not counted."))
        out.say("\n".join(lines), ((button("🗑 Take it out of the counts", OcRemove()),),))

    # ------------------------------------------------------------------ the plan's "People like you"
    def like_you(self, ctx: Context, session: Session, tier: str) -> Reply | None:
        """Counts of people like the user (the Match before theirs, same tier and visa route) when that
        cell's published total is at least K; else None (nothing is said)."""
        year, visa = _match_year(session), session.answers.get("visa")
        if self.counts is None or year is None or not isinstance(visa, str):
            return None
        release = self.counts(ctx.today())
        cell = release.like_you(year - 1, tier, visa)
        if cell is None:
            return None
        total, results = cell
        shown = [(r, n) for r, n in results.items() if n is not None]
        tier_label = self.rules.fields["tier"].label_of(tier).lower()
        visa_label = self.rules.fields["visa_route"].label_of(visa)
        lines = [f"👥 <b>People like you</b> ({esc(tier_label)} tier, {esc(visa_label)}, the {year - 1} Match): "
                 f"{total} shared their outcome."]
        lines += [f"• {esc(self.rules.result_label(r))}: {n}" for r, n in shown]
        if len(shown) < len(results):
            lines.append(f"• Other results: fewer than {release.min_cell} each, or hidden so that a smaller "
                         "count cannot be worked out.")
        lines.append("<i>Outcomes users chose to share; a small, self-selected group, not a prediction.</i>")
        return Reply("\n".join(lines))

