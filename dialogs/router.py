"""Route one Input to the flow it belongs to and return the turn's Outcome.

Explicit tables decide where an input goes: ``COMMANDS`` (name -> handler), ``CALLBACKS``
(button type -> handler), and the session's ``mode`` and ``state`` for typed text. Pure: the
caller loads the session, calls ``handle``, stores the outcome, performs its effects, and only
then sends the replies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from dialogs import assessment as flow
from dialogs import callbacks as cb
from dialogs import plan_view
from dialogs.coach_flow import COACH_MODES, DISCARDED, INTERRUPTED, Coach, reset, stop
from dialogs.faq_flow import Faq
from dialogs.programs_flow import BUTTONS as PROGRAM_BUTTONS
from dialogs.programs_flow import ProgramsFlow
from dialogs.inputs import (Choice, Command, Edited, Erase, Export, File, FileError, Input, MakeFile, Text,
                            Unsupported)
from dialogs.reading import looks_like_question
from dialogs.reply import Button, Outcome, button, esc, rows
from dialogs.session import IDLE, Mode, Session
from dialogs.timeline_flow import SETTING_MODES, TimelineFlow
from knowledge.base import KnowledgeBase

STALE = "That button belongs to an earlier message; here is where you are now:"
BACK = "Back to the self-assessment:"


@dataclass
class Context:
    """What the flows need from outside: the knowledge base, today, and the features built on it."""

    kb: KnowledgeBase
    today: Callable[[], date]
    faq: Faq
    coach: Coach
    timeline: TimelineFlow
    programs: ProgramsFlow


def main_menu() -> tuple[tuple[Button, ...], ...]:
    return rows([button("📝 Self-assessment", cb.Menu("assess")), button("📊 My plan", cb.Menu("plan")),
                 button("👤 My answers", cb.Menu("profile")), button("❓ Questions", cb.Menu("faq")),
                 button("📋 My programs", cb.Menu("programs")), button("🗓 Timeline", cb.Timeline()),
                 button("🎤 Interviews", cb.InterviewMenu()),
                 button("🔎 Check a statement", cb.CheckNew()), button("ℹ️ Help", cb.Menu("help"))], 2)


def current_step(ctx: Context, out: Outcome, note: str = "") -> None:
    """Repeat where the user is: an open draft or typed setting, the open question, the summary, or the menu."""
    s = out.session
    if s.mode in COACH_MODES:
        ctx.coach.prompt(out, note)
    elif s.mode is Mode.PROGRAM_INPUT:
        ctx.programs.prompt(ctx, out, note)
    elif s.mode in SETTING_MODES:
        ctx.timeline.ask(out, note)
    elif flow.is_question(s.state):
        out.replies.append(flow.prompt(ctx.kb, s.state, s, ctx.today(), note=note))
    elif s.state == flow.SUMMARY:
        if note:
            out.say(note)
        out.replies.append(flow.summary(ctx.kb, s))
    else:
        out.say((note + "\n\n" if note else "") + "What would you like to do?", main_menu())


def handle(ctx: Context, session: Session, inp: Input) -> Outcome:
    """Apply one input to a user's conversation. The outcome's session is ``session`` itself, changed:
    pass a session read from storage for this turn (the caller keeps nothing else pointing at it)."""
    out = Outcome(session)
    if out.session.state not in flow.STATES:
        out.session.state = IDLE
    match inp:
        case Command(name=name, arg=arg):
            _command(ctx, out, name, arg)
        case Choice(callback=data):
            _choice(ctx, out, data)
        case Text(text=text):
            _text(ctx, out, text)
        case File(name=name, text=text) if name.lower().endswith(".csv"):
            ctx.programs.import_file(ctx, out, name, text)
        case File(text=text):
            ctx.coach.file(ctx, out, text)
        case Edited():
            _not_read(ctx, out, "I don't read edited messages; please send it again as a new message.")
        case Unsupported(what=what):
            _not_read(ctx, out, f"I can only read text and button taps, not {esc(what)}.")
        case FileError(reason=reason):
            _not_read(ctx, out, esc(reason))
    return out


def _not_read(ctx: Context, out: Outcome, note: str) -> None:
    if out.session.mode in SETTING_MODES or out.session.mode is Mode.PROGRAM_INPUT:
        note += " Please type it as a message."
    current_step(ctx, out, note)


# --------------------------------------------------------------------------- commands

@dataclass(frozen=True)
class CommandSpec:
    name: str
    description: str
    run: Callable[[Context, Outcome, str], None]
    keeps_draft: bool = False  # an open statement draft or practice answer stays open
    side_trip: bool = True  # in the middle of the assessment, the open question is asked again after it


def _start(ctx: Context, out: Outcome, arg: str) -> None:
    if arg and ctx.faq.deep_link(ctx, out, arg):
        return
    text = f"{esc(ctx.kb.texts['welcome'])}\n\n<i>{esc(ctx.kb.texts['privacy_line'])}</i>"
    s = out.session
    if flow.is_question(s.state) or s.state == flow.SUMMARY:
        out.say(text)
        current_step(ctx, out, "You were in the middle of the self-assessment:")
    else:
        out.say(text, main_menu())


def _help(ctx: Context, out: Outcome, arg: str) -> None:
    lines = [esc(ctx.kb.texts["help"]), ""] + [f"/{c.name} — {esc(c.description)}" for c in COMMANDS]
    out.say("\n".join(lines))


def _privacy(ctx: Context, out: Outcome, arg: str) -> None:
    out.say(f"<b>Privacy</b>\n{esc(ctx.kb.texts['privacy'])}")


def _assess(ctx: Context, out: Outcome, arg: str) -> None:
    s = out.session
    if s.complete:
        out.say("You have completed the self-assessment.",
                ((button("👤 Review or change answers", cb.Menu("profile")),),
                 (button("🔄 Start over", cb.StartOver()),)))
    elif flow.is_question(s.state):
        current_step(ctx, out, "Picking up where you are:")
    elif s.answers or s.state == flow.SUMMARY:
        resume = flow.resume_target(s)
        asked = flow.applicable(s.answers)
        where = f"question {asked.index(resume) + 1} of {len(asked)}" if resume in asked else "the summary"
        out.say(f"You have a self-assessment in progress ({len([q for q in asked if q in s.answers])} of "
                f"{len(asked)} answered).",
                ((button(f"▶️ Resume at {where}", cb.Resume()),), (button("🔄 Start over", cb.StartOver()),)))
    else:
        flow.begin(ctx.kb, out, ctx.today(), fresh=True)


def _profile(ctx: Context, out: Outcome, arg: str) -> None:
    if not out.session.answers:
        out.say("You have no answers yet.", ((button("📝 Start the self-assessment", cb.StartOver()),),))
    else:
        flow.review(ctx.kb, out)


def _plan(ctx: Context, out: Outcome, arg: str) -> None:
    picture(ctx, out)
    show_plan(ctx, out, "overview")


def picture(ctx: Context, out: Outcome) -> None:
    """The profile picture, just before the plan's overview (when there is a plan to picture)."""
    if plan_view.plan_from(ctx.kb, out.session, ctx.today()) is not None:
        out.effects.append(MakeFile("png", at=len(out.replies)))


def show_plan(ctx: Context, out: Outcome, key: str) -> None:
    s = out.session
    plan = plan_view.plan_from(ctx.kb, s, ctx.today())
    if plan is not None:
        out.replies.append(plan_view.overview(ctx.kb, plan) if key == "overview"
                           else plan_view.section(ctx.kb, plan, key))
        return
    missing = flow.missing_answers(s.answers)
    if not s.answers:
        out.say("You have no plan yet: it is built from the self-assessment (16 or 17 short questions, about "
                "3 minutes).", ((button("📝 Start the self-assessment", cb.StartOver()),),))
    elif missing:
        names = ", ".join(ctx.kb.question(q).title for q in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        out.say(f"Your plan needs the whole self-assessment. Still missing: {esc(names)}{more}.",
                ((button("▶️ Continue the self-assessment", cb.Resume()),),))
    else:
        out.say("All answers are in; confirm the summary to see your plan.",
                ((button("▶️ Go to the summary", cb.Resume()),),))


def _cancel(ctx: Context, out: Outcome, arg: str) -> None:
    s = out.session
    if s.mode in COACH_MODES:
        stop(out, DISCARDED)
    elif s.mode in SETTING_MODES:
        s.mode = Mode.NONE
        out.say("Nothing was changed.", main_menu())
    elif s.mode is Mode.PROGRAM_INPUT:
        edit = s.program_edit
        if edit is not None and edit.key != "new":
            ctx.programs.interrupted(s)
            ctx.programs.detail(ctx, out, edit.key, "Nothing was changed.")
        else:
            ctx.programs.draft(ctx, out, "drop")
    elif flow.pause(out):
        out.say("Paused. Your answers so far are saved; /assess picks up where you left off.", main_menu())
    else:
        out.say("Nothing to cancel. What would you like to do?", main_menu())


def _interview(ctx: Context, out: Outcome, arg: str) -> None:
    reset(out)  # an open practice question or draft closes quietly: the menu replaces it
    ctx.coach.menu(ctx, out)


def _mydata(ctx: Context, out: Outcome, arg: str) -> None:
    out.effects.append(Export())


def _delete(ctx: Context, out: Outcome, arg: str) -> None:
    out.say("Delete <b>everything</b> stored about you (answers, progress, reminders)? This cannot be undone.",
            ((button("Yes, delete everything", cb.DeleteYes()), button("No, keep it", cb.DeleteNo())),))


#: Every command, in the order Telegram's menu and /help list them.
COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("start", "Welcome and main menu", _start, side_trip=False),
    CommandSpec("assess", "Start or resume the self-assessment", _assess, side_trip=False),
    CommandSpec("plan", "Your risk tier and backup plan", _plan, side_trip=False),
    CommandSpec("profile", "Your answers; change any of them", _profile, side_trip=False),
    CommandSpec("programs", "Your program list: visas, signals, interviews, rank list",
                lambda ctx, out, arg: ctx.programs.home(ctx, out)),
    CommandSpec("faq", "Questions I can answer, by topic", lambda ctx, out, arg: ctx.faq.topics(out)),
    CommandSpec("timeline", "Your application timeline and checklists",
                lambda ctx, out, arg: ctx.timeline.timeline(ctx, out)),
    CommandSpec("settings", "Reminders: on/off, time zone, hour", lambda ctx, out, arg: ctx.timeline.settings(out)),
    CommandSpec("interview", "Interview guidance and practice", _interview, keeps_draft=True),
    CommandSpec("check", "Check a personal statement for red flags",
                lambda ctx, out, arg: ctx.coach.start_check(out), keeps_draft=True),
    CommandSpec("help", "What I can do", _help, keeps_draft=True),
    CommandSpec("privacy", "What is stored and how to delete it", _privacy, keeps_draft=True),
    CommandSpec("mydata", "Send me everything stored about me", _mydata, keeps_draft=True, side_trip=False),
    CommandSpec("delete", "Erase all my data", _delete, keeps_draft=True, side_trip=False),
    CommandSpec("cancel", "Pause what we are doing", _cancel, keeps_draft=True, side_trip=False),
)
_BY_NAME = {c.name: c for c in COMMANDS}


def _command(ctx: Context, out: Outcome, name: str, arg: str) -> None:
    spec = _BY_NAME.get(name)
    if spec is None:
        current_step(ctx, out, f"I don't know the command /{esc(name[:32])}. Try /help.")
        return
    s = out.session
    if s.mode in SETTING_MODES and spec.name != "cancel":
        s.mode = Mode.NONE  # a command ends a typed setting without a word
    if s.mode is Mode.PROGRAM_INPUT and spec.name != "cancel":
        ctx.programs.interrupted(s)  # a half-added program waits; /programs offers to continue it
    if s.mode in COACH_MODES and not spec.keeps_draft:
        stop(out, INTERRUPTED)
    spec.run(ctx, out, arg)
    if spec.side_trip and flow.is_question(s.state) and s.mode is Mode.NONE:
        current_step(ctx, out, BACK)


# --------------------------------------------------------------------------- buttons

def _answer(ctx: Context, out: Outcome, data: cb.Answer) -> None:
    s = out.session
    if data.question != s.state or not flow.is_question(data.question):
        current_step(ctx, out, STALE)
    elif not flow.answer_button(ctx.kb, out, data.question, data.token, ctx.today()):
        current_step(ctx, out, "That option is no longer offered.")


def _back(ctx: Context, out: Outcome, data: cb.Back) -> None:
    if not flow.back(ctx.kb, out, data.question, ctx.today()):
        current_step(ctx, out, STALE)


def _fix(ctx: Context, out: Outcome, data: cb.Fix) -> None:
    if data.question in flow.QUESTIONS and flow.is_question(out.session.state):
        flow.goto(ctx.kb, out, data.question, ctx.today(), editing=False)
    else:
        current_step(ctx, out, STALE)


def _edit(ctx: Context, out: Outcome, data: cb.Edit) -> None:
    s = out.session
    if data.question not in flow.applicable(s.answers):
        current_step(ctx, out, STALE)
    elif s.state in (flow.SUMMARY, flow.COMPLETE) or not flow.missing_answers(s.answers):
        flow.goto(ctx.kb, out, data.question, ctx.today(), editing=True)
    else:
        current_step(ctx, out, "Finish the open question first; you can change answers at the end.")


def _confirm(ctx: Context, out: Outcome, data: cb.Confirm) -> None:
    if not flow.confirm(out):
        current_step(ctx, out, STALE)
        return
    out.say("✅ Saved. Your assessment is complete.")
    ctx.timeline.offer_reminders(ctx, out)
    picture(ctx, out)
    show_plan(ctx, out, "overview")


def _menu(ctx: Context, out: Outcome, data: cb.Menu) -> None:
    if data.item in ("assess", "profile", "plan", "help", "faq", "programs"):
        _command(ctx, out, data.item, "")
    else:
        current_step(ctx, out, STALE)


def _plan_pdf(ctx: Context, out: Outcome, data: cb.PlanPdf) -> None:
    if plan_view.plan_from(ctx.kb, out.session, ctx.today()) is None:
        show_plan(ctx, out, "overview")  # says what is missing
    else:
        out.effects.append(MakeFile("pdf"))


def _delete_yes(ctx: Context, out: Outcome, data: cb.DeleteYes) -> None:
    out.effects.append(Erase())
    out.say("All your data has been deleted. Send /start if you ever want to begin again.")


def _delete_no(ctx: Context, out: Outcome, data: cb.DeleteNo) -> None:
    current_step(ctx, out, "Nothing was deleted.")


#: Which handler each kind of button goes to.
CALLBACKS: dict[type[cb.Callback], Callable[[Context, Outcome, cb.Callback], None]] = {
    cb.Answer: _answer, cb.Back: _back, cb.Fix: _fix, cb.Edit: _edit, cb.Confirm: _confirm,  # type: ignore[dict-item]
    cb.Pause: lambda ctx, out, data: _cancel(ctx, out, ""),
    cb.StartOver: lambda ctx, out, data: flow.begin(ctx.kb, out, ctx.today(), fresh=True),
    cb.Resume: lambda ctx, out, data: flow.resume(ctx.kb, out, ctx.today()),
    cb.Menu: _menu, cb.PlanSection: lambda ctx, out, data: show_plan(ctx, out, data.key),  # type: ignore[attr-defined]
    cb.PlanPdf: _plan_pdf,
    cb.DeleteYes: _delete_yes, cb.DeleteNo: _delete_no,
    **{kind: lambda ctx, out, data: ctx.faq.choice(ctx, out, data) for kind in (cb.FaqShow, cb.FaqMore, cb.FaqTheme)},
    **{kind: lambda ctx, out, data: ctx.timeline.choice(ctx, out, data)
       for kind in (cb.Timeline, cb.TimelineIcs, cb.MilestoneOpen, cb.Tick, cb.Settings, cb.RemindersOn, cb.RemindersOff,
                    cb.AskZone, cb.SetZone, cb.AskHour, cb.SetHour)},
    **{kind: lambda ctx, out, data: ctx.programs.choice(ctx, out, data) for kind in PROGRAM_BUTTONS},
    **{kind: lambda ctx, out, data: ctx.coach.choice(ctx, out, data)
       for kind in (cb.InterviewMenu, cb.Avoid, cb.Ethics, cb.Guidance, cb.PracticePick, cb.Practice,
                    cb.CheckNew, cb.CheckCancel, cb.CheckSpecialty, cb.CheckGo)},
}
_COACH_BUTTONS = (cb.InterviewMenu, cb.Avoid, cb.Ethics, cb.Guidance, cb.PracticePick, cb.Practice, cb.CheckNew,
                  cb.CheckCancel, cb.CheckSpecialty, cb.CheckGo, cb.DeleteYes, cb.DeleteNo)
_SETTING_BUTTONS = (cb.AskZone, cb.SetZone, cb.AskHour, cb.SetHour)


def _choice(ctx: Context, out: Outcome, data: cb.Callback | None) -> None:
    s = out.session
    handler = CALLBACKS.get(type(data)) if data is not None else None
    if handler is None or data is None:
        current_step(ctx, out, "That button is no longer active; here is where you are now:")
        return
    was_busy = s.mode is not Mode.NONE
    if s.mode in SETTING_MODES and not isinstance(data, _SETTING_BUTTONS):
        s.mode = Mode.NONE
    if s.mode in COACH_MODES and not isinstance(data, _COACH_BUTTONS):
        stop(out, INTERRUPTED)
    if s.mode is Mode.PROGRAM_INPUT and not isinstance(data, PROGRAM_BUTTONS):
        ctx.programs.interrupted(s)
    handler(ctx, out, data)
    if was_busy and s.mode is Mode.NONE and flow.is_question(s.state) and not isinstance(data, cb.Answer):
        current_step(ctx, out, BACK)


# --------------------------------------------------------------------------- typed text

def _text(ctx: Context, out: Outcome, text: str) -> None:
    s = out.session
    if s.mode in SETTING_MODES:
        ctx.timeline.typed(out, text)
    elif s.mode is Mode.PROGRAM_INPUT:
        ctx.programs.typed(ctx, out, text)
    elif s.mode in COACH_MODES:
        ctx.coach.text(ctx, out, text)
    elif not text.strip():
        current_step(ctx, out, "That message was empty.")
    elif flow.is_question(s.state) and s.shown != s.state:
        # the question never reached the user (a failed send): this text cannot be its answer
        current_step(ctx, out, "I did not count that as an answer: this question may not have reached you.")
    elif flow.is_question(s.state):
        error = flow.answer_text(ctx.kb, out, text[:2000], ctx.today())
        if error is None:
            return
        if looks_like_question(text):
            if ctx.faq.answer_inline(ctx, out, text):
                current_step(ctx, out, BACK)
            else:
                current_step(ctx, out, "I'll answer questions after this step.")
        else:
            current_step(ctx, out, esc(error))
    else:
        ctx.faq.ask(ctx, out, text)
