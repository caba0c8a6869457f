"""/interview guidance, interview practice and the personal-statement check (/check).

One ``transitions`` Machine for the coaching modes, declared as data like the assessment's, moving
``session.mode`` between this flow's modes: while a check or a practice answer is open, typed text
goes to it instead of the assessment. This flow's part of the session is ``CoachState``: a draft
is kept (sealed with the session) only until it is checked; afterwards only the result's rule ids
are kept (``CoachState.checks``), so what the user wrote is stored
encrypted or not at all.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Sequence

from transitions import Machine

from dialogs import callbacks as cb
from dialogs import plan_view
from dialogs.flow import CommandSpec, Context, Flow, Interruption
from dialogs.inputs import File
from dialogs.reply import Button, Outcome, button, esc, rows
from dialogs.session import NO_MODE, Part
from knowledge.interview import MAX_CHARS, CheckError, CheckResult, Coaching, check

CHECK_PICK = "pick"  # /check: which specialty (a .txt file may already be in)
DRAFTING = "drafting"  # /check: the statement, in parts
ANSWERING = "answering"  # /interview: a practice answer
PRACTICE_PICK = "practice_pick"  # /interview: which specialty to practise (a typed name is read too)
COACH_MODES = frozenset({CHECK_PICK, DRAFTING, ANSWERING, PRACTICE_PICK})
TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "start_check", "source": "*", "dest": CHECK_PICK},
    {"trigger": "choose_with_file", "source": CHECK_PICK, "dest": NO_MODE},  # the text is in: check it
    {"trigger": "choose", "source": CHECK_PICK, "dest": DRAFTING},
    {"trigger": "add", "source": [CHECK_PICK, DRAFTING], "dest": "="},
    {"trigger": "submit", "source": [CHECK_PICK, DRAFTING], "dest": NO_MODE},
    {"trigger": "pick_practice", "source": "*", "dest": PRACTICE_PICK},
    {"trigger": "start_practice", "source": "*", "dest": ANSWERING},
    {"trigger": "answer", "source": ANSWERING, "dest": NO_MODE},
    {"trigger": "cancel", "source": "*", "dest": NO_MODE},
]
MACHINE = Machine(model=None, states=[NO_MODE, CHECK_PICK, DRAFTING, ANSWERING, PRACTICE_PICK], transitions=TRANSITIONS,
                  initial=NO_MODE, model_attribute="mode", auto_transitions=False, ignore_invalid_triggers=False)
#: Buttons that leave an open draft or practice answer open (its own, and /delete's answer).
_KEEPS_DRAFT = (cb.InterviewMenu, cb.Avoid, cb.Ethics, cb.Guidance, cb.PracticePick, cb.Practice, cb.CheckNew,
                cb.CheckCancel, cb.CheckSpecialty, cb.CheckGo, cb.DeleteYes, cb.DeleteNo)
KEEP_CHECKS = 10
SHOWN_FLAGS = 12  # a statement with hundreds of flags gets a readable answer, not dozens of messages
DISCARDED = "Stopped. Nothing was checked, and the draft was discarded."
NOT_ASKED = "I have not asked you a question yet: pick the specialty (or type its name) and I will ask one."


class PracticeAgain(cb.Callback, prefix="iv:again"):
    """"Another question" under a practice result (the result stays on screen)."""
    specialty: str


class PracticeDone(cb.Callback, prefix="iv:done"):
    """"Done" under a practice result: the interview topics below it."""


class CheckAgain(cb.Callback, prefix="ck:again"):
    """"Check another" under a check's result, or "Try again" under a refusal (it stays on screen)."""
INTERRUPTED = "(I stopped the draft check; /check starts a new one.)"


@dataclass
class Draft:
    """A statement or practice answer while it is being written (sealed; dropped once checked)."""

    specialty: str = ""
    parts: list[str] = field(default_factory=list)
    question: str = ""  # the practice question being answered
    from_file: bool = False


@dataclass(frozen=True)
class CheckRecord:
    """What is kept of a finished check: which rules fired, never the text."""

    kind: str
    specialty: str
    flags: tuple[str, ...]
    missing: tuple[str, ...]
    on: str


@dataclass
class CoachState(Part):
    """This flow's part of the session: the open draft, how many practice questions were asked per
    specialty (the next one is new), and what the last checks found."""

    KEY = "coach"
    draft: Draft | None = None
    practice_asked: dict[str, int] = field(default_factory=dict)
    checks: list[CheckRecord] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: Any) -> "CoachState":
        if not isinstance(data, dict):
            return cls()
        draft = data.get("draft")
        return cls(
            Draft(str(draft.get("specialty") or ""), [str(p) for p in draft.get("parts") or []],
                  str(draft.get("question") or ""), bool(draft.get("from_file"))) if isinstance(draft, dict) else None,
            {str(k): int(v) for k, v in (data.get("practice_asked") or {}).items()},
            [CheckRecord(str(c.get("kind")), str(c.get("specialty")), tuple(c.get("flags") or ()),
                         tuple(c.get("missing") or ()), str(c.get("on"))) for c in data.get("checks") or []])

    def to_json(self) -> Any:
        out = {"draft": asdict(self.draft) if self.draft is not None else None,
               "practice_asked": self.practice_asked or None,
               "checks": [{"kind": c.kind, "specialty": c.specialty, "flags": list(c.flags),
                           "missing": list(c.missing), "on": c.on} for c in self.checks] or None}
        return {k: v for k, v in out.items() if v is not None} or None


def coach_state(out: Outcome) -> CoachState:
    return out.session.part(CoachState)


def fire(out: Outcome, trigger: str) -> str:
    """Move the coaching mode (the router has closed any other flow's mode before this flow runs)."""
    MACHINE.events[trigger].trigger(out.session)
    return out.session.mode


def stop(out: Outcome, note: str) -> None:
    """Leave the coaching mode (the draft or practice question is dropped) and say so."""
    reset(out)
    out.say(note)


def reset(out: Outcome) -> None:
    coach_state(out).draft = None
    fire(out, "cancel")


class Coach(Flow):
    """/interview and /check: the coaching content and what each input does with it."""

    name = "coach"
    modes = COACH_MODES
    buttons = (cb.InterviewMenu, cb.Avoid, cb.Ethics, cb.Guidance, cb.PracticePick, cb.Practice, cb.CheckNew,
               cb.CheckCancel, cb.CheckSpecialty, cb.CheckGo, PracticeAgain, PracticeDone, CheckAgain)

    def __init__(self, coaching: Coaching):
        self.c = coaching

    def commands(self) -> Sequence[CommandSpec]:
        return (CommandSpec("interview", "Interview guidance and practice", self._interview, 9, keeps_draft=True),
                CommandSpec("check", "Check a personal statement for red flags",
                            lambda ctx, out, arg: self.start_check(ctx, out), 10, keeps_draft=True))

    def _interview(self, ctx: Context, out: Outcome, arg: str) -> None:
        reset(out)  # an open practice question or draft closes quietly: the menu replaces it
        self.menu(ctx, out)

    # ------------------------------------------------------------------ the Flow hooks
    def on_button(self, ctx: Context, out: Outcome, data: cb.Callback) -> None:
        self.choice(ctx, out, data)

    def on_text(self, ctx: Context, out: Outcome, text: str) -> None:
        self.text(ctx, out, text)

    def takes_file(self, file: File) -> bool:
        return True  # a .txt statement (the program list registered first takes .csv files)

    def on_file(self, ctx: Context, out: Outcome, file: File) -> None:
        self.file(ctx, out, file.text)

    def interrupted(self, ctx: Context, out: Outcome, by: Interruption) -> None:
        """A draft or practice answer stays open through /help, /privacy..., its own buttons and a file
        for the program list; anything else stops it, and says so."""
        if (by.command is not None and by.command.keeps_draft) or isinstance(by.button, _KEEPS_DRAFT) \
                or by.file is not None:
            return
        if out.session.mode == PRACTICE_PICK:
            reset(out)  # nothing was asked or written: nothing to say
            return
        stop(out, INTERRUPTED)

    def cancel(self, ctx: Context, out: Outcome) -> bool:
        if out.session.mode not in COACH_MODES:
            return False
        if out.session.mode == PRACTICE_PICK:
            reset(out)
            self.menu(ctx, out, "No question was asked.")
            return True
        stop(out, DISCARDED)
        return True

    # ------------------------------------------------------------------ entry points
    def start_check(self, ctx: Context, out: Outcome) -> None:
        reset(out)
        fire(out, "start_check")
        self.prompt(ctx, out)

    def menu(self, ctx: Context, out: Outcome, note: str = "") -> None:
        lines = [note] if note else []
        lines.append("<b>Interviews</b> — what to emphasise, model phrasings, and what never to say. "
                     "Pick a topic, or practise a question and I will check your answer.")
        buttons = self._specialty_buttons(ctx, out, cb.Guidance)
        buttons += [button("🚫 Phrases to avoid", cb.Avoid()), button("⚖️ Ranking ethics", cb.Ethics()),
                    button("🎤 Practise a question", cb.PracticePick())]
        out.say("\n".join(lines), rows(buttons, 2))

    def choice(self, ctx: Context, out: Outcome, data: cb.Callback) -> None:
        """A coaching button (iv:... and ck:...)."""
        mode = out.session.mode
        match data:
            case cb.InterviewMenu():
                reset(out)
                self.menu(ctx, out)
            case cb.Avoid():
                reset(out)
                lines = ["<b>Phrases to avoid</b> (in any interview or statement)"]
                lines += [f"🚫 {esc(say)}\n   ✅ {esc(instead)}" for say, instead in self.c.avoid]
                out.say("\n".join(lines), ((button("◀️ Interview topics", cb.InterviewMenu()),),))
            case cb.Ethics():
                reset(out)
                out.say(f"<b>Ranking ethics</b>\n{esc(ctx.kb.texts['ranking_ethics'])}",
                        ((button("◀️ Interview topics", cb.InterviewMenu()),),))
            case cb.Guidance(specialty=sid) if sid in self.c.guidance:
                reset(out)
                self._guidance(out, sid)
            case cb.Practice(specialty=sid) if sid in self.c.practice:
                self._ask(ctx, out, sid)
            case cb.PracticePick():
                reset(out)
                fire(out, "pick_practice")
                self.prompt(ctx, out)
            case PracticeAgain(specialty=sid) if sid in self.c.practice:
                out.settle()  # the result stays above the next question
                self._ask(ctx, out, sid)
            case PracticeDone():
                out.settle()
                reset(out)
                self.menu(ctx, out)
            case CheckAgain():
                out.settle()
                self.start_check(ctx, out)
            case cb.CheckNew():
                self.start_check(ctx, out)
            case cb.CheckCancel():
                stop(out, DISCARDED)
            case cb.CheckSpecialty(specialty=sid) if sid in self.c.guidance and mode == CHECK_PICK:
                draft = coach_state(out).draft or Draft()
                draft.specialty = sid
                coach_state(out).draft = draft
                if draft.from_file:  # the text came as a file: check it now
                    fire(out, "choose_with_file")
                    self._run(ctx, out, "statement")
                else:
                    fire(out, "choose")
                    self.prompt(ctx, out)
            case cb.CheckGo() if mode in (CHECK_PICK, DRAFTING):
                open_draft = coach_state(out).draft
                if not open_draft or not open_draft.specialty:
                    self.prompt(ctx, out, "First pick the specialty the statement is for.")
                elif not open_draft.parts:
                    self.prompt(ctx, out, "There is nothing to check yet: paste your statement first.")
                else:
                    fire(out, "submit")
                    self._run(ctx, out, "statement")
            case cb.CheckSpecialty() | cb.CheckGo() if mode in COACH_MODES:
                self.prompt(ctx, out, "That button belongs to an earlier message.")
            case cb.CheckSpecialty() | cb.CheckGo():
                out.say("That button belongs to an earlier message.",
                        ((button("🔎 Check a statement", cb.CheckNew()),),))
            case _:
                reset(out)
                self.menu(ctx, out, "That button is no longer active.")

    def text(self, ctx: Context, out: Outcome, text: str) -> None:
        """Typed text while a draft or a practice answer is open."""
        s = out.session
        if not text.strip():
            self.prompt(ctx, out, "That message was empty.")
            return
        if s.mode == PRACTICE_PICK:
            sid = self._named(ctx, out, text)
            if sid is None:
                self.prompt(ctx, out, NOT_ASKED)
            else:
                self._ask(ctx, out, sid)
            return
        draft = coach_state(out).draft or Draft()
        coach_state(out).draft = draft
        if s.mode == ANSWERING:
            if len(text) > MAX_CHARS["interview"]:
                self.prompt(ctx, out, f"That answer is {len(text):,} characters; keep a spoken answer under "
                                 f"{MAX_CHARS['interview']:,} (about two minutes is plenty).")
                return
            draft.parts = [text]
            fire(out, "answer")
            self._run(ctx, out, "interview")
            return
        total = sum(len(p) for p in draft.parts) + len(text)
        if total > MAX_CHARS["statement"]:
            self.prompt(ctx, out, f"That would make the draft {total:,} characters; I check up to "
                             f"{MAX_CHARS['statement']:,}. This part was not added.")
            return
        draft.parts.append(text)
        fire(out, "add")
        self.prompt(ctx, out, f"Added ({total:,} characters so far).")

    def file(self, ctx: Context, out: Outcome, text: str) -> None:
        """A .txt file: the whole draft (or the practice answer), checked as soon as the specialty is known."""
        s = out.session
        if s.mode == ANSWERING:
            self.text(ctx, out, text)
            return
        if not text.strip() or len(text) > MAX_CHARS["statement"]:
            self.prompt(ctx, out, "The file is empty." if not text.strip() else
                        f"The file has {len(text):,} characters; I check up to {MAX_CHARS['statement']:,}.")
            return
        open_draft = coach_state(out).draft
        if s.mode == DRAFTING and open_draft:
            open_draft.parts = [text]
            fire(out, "submit")
            self._run(ctx, out, "statement")
            return
        if s.mode != CHECK_PICK:
            reset(out)
            fire(out, "start_check")
        coach_state(out).draft = Draft(parts=[text], from_file=True)
        self.prompt(ctx, out, f"Got your file ({len(text):,} characters).")

    # ------------------------------------------------------------------ views
    def prompt(self, ctx: Context, out: Outcome, note: str = "") -> None:
        """Say where the coaching mode is, with its buttons."""
        s = out.session
        draft = coach_state(out).draft or Draft()
        lines = [note] if note else []
        cancel = button("✖️ Cancel", cb.CheckCancel())
        if s.mode == CHECK_PICK:
            lines.append("Which specialty is it for?" if draft.parts else
                         "🔎 <b>Check a personal statement.</b> Which specialty is it for?")
            buttons = [button(spec.button, cb.CheckSpecialty(spec.id)) for spec in ctx.kb.specialties.values()
                       if spec.role != "pgy1"]
            out.say("\n".join(lines), rows(buttons, 2) + ((cancel,),))
        elif s.mode == DRAFTING:
            name = self.c.names[draft.specialty]
            lines.append(f"Paste your <b>{esc(name)}</b> statement. Long texts can come in several messages, "
                         f"or send it as a .txt file (up to {MAX_CHARS['statement']:,} characters). "
                         "Press Check when it is all in." if not draft.parts else "Send more, or press Check.")
            out.say("\n".join(lines), ((button("✅ Check", cb.CheckGo()), cancel),))
        elif s.mode == ANSWERING:
            lines.append(f"🎤 <b>{esc(draft.question)}</b>\nType your answer as you would say it.")
            out.say("\n".join(lines), ((cancel,),))
        elif s.mode == PRACTICE_PICK:
            lines.append("🎤 Practise for which specialty? I will ask one interview question and check your answer.")
            out.say("\n".join(lines), rows(self._specialty_buttons(ctx, out, cb.Practice), 2)
                    + ((button("« Interview topics", cb.InterviewMenu()),),))
        elif lines:
            out.say("\n".join(lines))

    def _run(self, ctx: Context, out: Outcome, kind: str) -> None:
        s, mine = out.session, coach_state(out)
        draft = mine.draft or Draft()
        try:
            result = check(self.c, draft.specialty, kind, "\n".join(draft.parts), s.answers)
        except CheckError as exc:
            reset(out)
            out.say(f"I could not check that: {esc(exc)}.", ((button("🔎 Try again", CheckAgain()),),))
            return
        reset(out)
        mine.checks.append(CheckRecord(kind, draft.specialty, tuple(f.rule for f in result.red_flags),
                                       tuple(m for m, _ in result.missing), ctx.today().isoformat()))
        del mine.checks[:-KEEP_CHECKS]
        buttons = [button("🎤 Another question", PracticeAgain(draft.specialty)), button("Done", PracticeDone())] \
            if kind == "interview" else [button("🔎 Check another", CheckAgain())]
        out.say(render_result(self.c, result), rows(buttons, 2))

    def _specialty_buttons(self, ctx: Context, out: Outcome, make: Callable[[str], cb.Callback]) -> list[Button]:
        """Radiology and the plan's top two backups (all four before an assessment)."""
        plan = plan_view.plan_from(ctx.kb, out.session, ctx.today())
        backups = [b.id for b in plan.backups][:2] if plan is not None else list(ctx.kb.backup_ids)
        return [button(ctx.kb.specialties[s].button, make(s)) for s in (ctx.kb.goal, *backups)]

    def _named(self, ctx: Context, out: Outcome, text: str) -> str | None:
        """The practice specialty a typed message names ("radiology", "neuro"), among those offered; None
        when it names none or several."""
        offered = [s for s in (ctx.kb.goal, *ctx.kb.backup_ids) if s in self.c.practice]
        words = {sid: set(ctx.kb.specialties[sid].name.lower().split()) for sid in offered}
        shared = {w for sid, ws in words.items() for w in ws if any(w in o for other, o in words.items() if other != sid)}
        typed = [w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4]
        named = [sid for sid in offered if any(t.startswith(w) or (w.startswith(t) and len(t) >= 5)
                                               for w in words[sid] - shared for t in typed)]
        return named[0] if len(named) == 1 else None

    def _guidance(self, out: Outcome, sid: str) -> None:
        g = self.c.guidance[sid]
        answers = out.session.answers
        lines = [f"<b>{esc(g.title)}</b>", "", "<b>Emphasise</b>"]
        lines += [f"• {esc(x)}" for x in g.emphasise]
        lines += ["", "<b>Phrasings you could adapt</b>" + (" (picked for your answers)" if answers else "")]
        lines += [f"• <i>“{esc(p)}”</i>" for p in g.phrasings_for(answers)]
        lines += ["", "<b>Pitfalls</b>"] + [f"• {esc(x)}" for x in g.pitfalls]
        lines += ["", "<i>Guidance, not official advice. Say it in your own words.</i>"]
        out.say("\n".join(lines), ((button("🎤 Practise a question", cb.Practice(sid)),
                                    button("◀️ Interview topics", cb.InterviewMenu())),))

    def _ask(self, ctx: Context, out: Outcome, sid: str) -> None:
        questions = self.c.practice[sid]
        asked = coach_state(out).practice_asked
        n = asked.get(sid, 0)
        asked[sid] = n + 1
        reset(out)
        coach_state(out).draft = Draft(specialty=sid, question=questions[n % len(questions)])
        fire(out, "start_practice")
        self.prompt(ctx, out)


def render_result(coaching: Coaching, result: CheckResult) -> str:
    """The check's result as Telegram HTML (long results are split by the service)."""
    what = "interview answer" if result.kind == "interview" else "personal statement"
    lines = [f"<b>Check: {what} for {esc(coaching.names[result.specialty])}</b>", ""]
    if result.red_flags:
        lines.append(f"🚩 <b>Red flags ({len(result.red_flags)})</b>")
        for i, flag in enumerate(result.red_flags[:SHOWN_FLAGS], 1):
            lines.append(f"{i}. “{esc(flag.quote)}”\n   {esc(flag.why)}")
        if len(result.red_flags) > SHOWN_FLAGS:
            rules = len({f.rule for f in result.red_flags})
            lines.append(f"… and {len(result.red_flags) - SHOWN_FLAGS} more of the same {rules} kind(s). "
                         "Fix these first, then check again.")
    else:
        lines.append("✅ No red flags found.")
    if result.missing:
        lines += ["", "➕ <b>Missing</b>"] + [f"• {esc(label)}" for _, label in result.missing]
    if result.suggestion:
        lines += ["", f"✏️ <b>Suggestion</b>\n{esc(result.suggestion)}"]
    lines += ["", "<i>An automatic check of wording: guidance, not official advice. "
                  "Your text is not kept after the check.</i>"]
    return "\n".join(lines)
