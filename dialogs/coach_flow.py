"""/interview guidance, interview practice and the personal-statement check (/check).

One ``transitions`` Machine for the coaching mode, declared as data like the assessment's, moving
``session.mode``: while a check or a practice answer is open, typed text goes to it instead of
the assessment. A draft is kept (sealed with the session) only until it is checked; afterwards
only the result's rule ids are kept (``session.checks``), so what the user wrote is stored
encrypted or not at all.
"""

from __future__ import annotations

from typing import Any

from transitions import Machine

from dialogs import callbacks as cb
from dialogs import plan_view
from dialogs.reply import Button, Outcome, button, esc, rows
from dialogs.session import CheckRecord, Draft, Mode
from knowledge.interview import BACKUPS, MAX_CHARS, CheckError, CheckResult, Coaching, check

TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "start_check", "source": "*", "dest": Mode.CHECK_PICK},
    {"trigger": "choose", "source": Mode.CHECK_PICK, "dest": Mode.NONE, "conditions": "has_file"},
    {"trigger": "choose", "source": Mode.CHECK_PICK, "dest": Mode.DRAFTING},
    {"trigger": "add", "source": [Mode.CHECK_PICK, Mode.DRAFTING], "dest": "="},
    {"trigger": "submit", "source": [Mode.CHECK_PICK, Mode.DRAFTING], "dest": Mode.NONE},
    {"trigger": "start_practice", "source": "*", "dest": Mode.ANSWERING},
    {"trigger": "answer", "source": Mode.ANSWERING, "dest": Mode.NONE},
    {"trigger": "cancel", "source": "*", "dest": Mode.NONE},
]
MACHINE = Machine(model=None, states=Mode, transitions=TRANSITIONS, initial=Mode.NONE, model_attribute="mode",
                  auto_transitions=False, ignore_invalid_triggers=False)
COACH_MODES = (Mode.CHECK_PICK, Mode.DRAFTING, Mode.ANSWERING)
KEEP_CHECKS = 10
SHOWN_FLAGS = 12  # a statement with hundreds of flags gets a readable answer, not dozens of messages
DISCARDED = "Stopped. Nothing was checked, and the draft was discarded."
INTERRUPTED = "(I stopped the draft check; /check starts a new one.)"
NAMES = {"diagnostic_radiology": "🩻 Radiology", "internal_medicine": "Internal medicine",
         "family_medicine": "Family medicine", "neurology": "Neurology", "pathology": "Pathology"}


def fire(out: Outcome, trigger: str) -> Mode:
    MACHINE.events[trigger].trigger(out.session)
    return out.session.mode


def stop(out: Outcome, note: str) -> None:
    """Leave the coaching mode (the draft or practice question is dropped) and say so."""
    reset(out)
    out.say(note)


def reset(out: Outcome) -> None:
    out.session.draft = None
    fire(out, "cancel")


class Coach:
    """The coaching content and what each input does with it; ``ctx`` is the router's context."""

    def __init__(self, coaching: Coaching):
        self.c = coaching

    # ------------------------------------------------------------------ entry points
    def start_check(self, out: Outcome) -> None:
        reset(out)
        fire(out, "start_check")
        self.prompt(out)

    def menu(self, ctx: Any, out: Outcome, note: str = "") -> None:
        lines = [note] if note else []
        lines.append("<b>Interviews</b> — what to emphasise, model phrasings, and what never to say. "
                     "Pick a topic, or practise a question and I will check your answer.")
        buttons = self._specialty_buttons(ctx, out, cb.Guidance)
        buttons += [button("🚫 Phrases to avoid", cb.Avoid()), button("⚖️ Ranking ethics", cb.Ethics()),
                    button("🎤 Practise a question", cb.PracticePick())]
        out.say("\n".join(lines), rows(buttons, 2))

    def choice(self, ctx: Any, out: Outcome, data: cb.Callback) -> None:
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
                self._ask(out, sid)
            case cb.PracticePick():
                reset(out)
                out.say("Practise for which specialty?", rows(self._specialty_buttons(ctx, out, cb.Practice), 2))
            case cb.CheckNew():
                self.start_check(out)
            case cb.CheckCancel():
                stop(out, DISCARDED)
            case cb.CheckSpecialty(specialty=sid) if sid in self.c.guidance and mode is Mode.CHECK_PICK:
                draft = out.session.draft or Draft()
                draft.specialty = sid
                out.session.draft = draft
                if fire(out, "choose") is Mode.NONE:  # the text came as a file: check it now
                    self._run(ctx, out, "statement")
                else:
                    self.prompt(out)
            case cb.CheckGo() if mode in (Mode.CHECK_PICK, Mode.DRAFTING):
                draft = out.session.draft
                if not draft or not draft.specialty:
                    self.prompt(out, "First pick the specialty the statement is for.")
                elif not draft.parts:
                    self.prompt(out, "There is nothing to check yet: paste your statement first.")
                else:
                    fire(out, "submit")
                    self._run(ctx, out, "statement")
            case cb.CheckSpecialty() | cb.CheckGo() if mode in COACH_MODES:
                self.prompt(out, "That button belongs to an earlier message.")
            case cb.CheckSpecialty() | cb.CheckGo():
                out.say("That button belongs to an earlier message.",
                        ((button("🔎 Check a statement", cb.CheckNew()),),))
            case _:
                reset(out)
                self.menu(ctx, out, "That button is no longer active.")

    def text(self, ctx: Any, out: Outcome, text: str) -> None:
        """Typed text while a draft or a practice answer is open."""
        s = out.session
        if not text.strip():
            self.prompt(out, "That message was empty.")
            return
        draft = s.draft or Draft()
        s.draft = draft
        if s.mode is Mode.ANSWERING:
            if len(text) > MAX_CHARS["interview"]:
                self.prompt(out, f"That answer is {len(text):,} characters; keep a spoken answer under "
                                 f"{MAX_CHARS['interview']:,} (about two minutes is plenty).")
                return
            draft.parts = [text]
            fire(out, "answer")
            self._run(ctx, out, "interview")
            return
        total = sum(len(p) for p in draft.parts) + len(text)
        if total > MAX_CHARS["statement"]:
            self.prompt(out, f"That would make the draft {total:,} characters; I check up to "
                             f"{MAX_CHARS['statement']:,}. This part was not added.")
            return
        draft.parts.append(text)
        fire(out, "add")
        self.prompt(out, f"Added ({total:,} characters so far).")

    def file(self, ctx: Any, out: Outcome, text: str) -> None:
        """A .txt file: the whole draft (or the practice answer), checked as soon as the specialty is known."""
        s = out.session
        if s.mode is Mode.ANSWERING:
            self.text(ctx, out, text)
            return
        if not text.strip() or len(text) > MAX_CHARS["statement"]:
            self.prompt(out, "The file is empty." if not text.strip() else
                        f"The file has {len(text):,} characters; I check up to {MAX_CHARS['statement']:,}.")
            return
        if s.mode is Mode.DRAFTING and s.draft:
            s.draft.parts = [text]
            fire(out, "submit")
            self._run(ctx, out, "statement")
            return
        if s.mode is not Mode.CHECK_PICK:
            reset(out)
            fire(out, "start_check")
        s.draft = Draft(parts=[text], from_file=True)
        self.prompt(out, f"Got your file ({len(text):,} characters).")

    # ------------------------------------------------------------------ views
    def prompt(self, out: Outcome, note: str = "") -> None:
        """Say where the coaching mode is, with its buttons."""
        s = out.session
        draft = s.draft or Draft()
        lines = [note] if note else []
        cancel = button("✖️ Cancel", cb.CheckCancel())
        if s.mode is Mode.CHECK_PICK:
            lines.append("Which specialty is it for?" if draft.parts else
                         "🔎 <b>Check a personal statement.</b> Which specialty is it for?")
            buttons = [button(label, cb.CheckSpecialty(sid)) for sid, label in NAMES.items()]
            out.say("\n".join(lines), rows(buttons, 2) + ((cancel,),))
        elif s.mode is Mode.DRAFTING:
            name = self.c.names[draft.specialty]
            lines.append(f"Paste your <b>{esc(name)}</b> statement. Long texts can come in several messages, "
                         f"or send it as a .txt file (up to {MAX_CHARS['statement']:,} characters). "
                         "Press Check when it is all in." if not draft.parts else "Send more, or press Check.")
            out.say("\n".join(lines), ((button("✅ Check", cb.CheckGo()), cancel),))
        elif s.mode is Mode.ANSWERING:
            lines.append(f"🎤 <b>{esc(draft.question)}</b>\nType your answer as you would say it.")
            out.say("\n".join(lines), ((cancel,),))
        elif lines:
            out.say("\n".join(lines))

    def _run(self, ctx: Any, out: Outcome, kind: str) -> None:
        s = out.session
        draft = s.draft or Draft()
        try:
            result = check(self.c, draft.specialty, kind, "\n".join(draft.parts), s.answers)
        except CheckError as exc:
            reset(out)
            out.say(f"I could not check that: {esc(exc)}.", ((button("🔎 Try again", cb.CheckNew()),),))
            return
        reset(out)
        s.checks.append(CheckRecord(kind, draft.specialty, tuple(f.rule for f in result.red_flags),
                                    tuple(m for m, _ in result.missing), ctx.today().isoformat()))
        del s.checks[:-KEEP_CHECKS]
        buttons = [button("🎤 Another question", cb.Practice(draft.specialty)), button("Done", cb.InterviewMenu())] \
            if kind == "interview" else [button("🔎 Check another", cb.CheckNew())]
        out.say(render_result(self.c, result), rows(buttons, 2))

    def _specialty_buttons(self, ctx: Any, out: Outcome, make: type[cb.Callback]) -> list[Button]:
        """Radiology and the plan's top two backups (all four before an assessment)."""
        plan = plan_view.plan_from(ctx.kb, out.session, ctx.today())
        backups = [b.id for b in plan.backups if b.id in BACKUPS][:2] if plan is not None else list(BACKUPS)
        return [button(NAMES[s], make(s)) for s in ("diagnostic_radiology", *backups)]  # type: ignore[call-arg]

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

    def _ask(self, out: Outcome, sid: str) -> None:
        s = out.session
        questions = self.c.practice[sid]
        n = s.practice_asked.get(sid, 0)
        s.practice_asked[sid] = n + 1
        reset(out)
        s.draft = Draft(specialty=sid, question=questions[n % len(questions)])
        fire(out, "start_practice")
        self.prompt(out)


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
