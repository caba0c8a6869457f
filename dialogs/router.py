"""Route one Input to the right flow and produce the Outcome (state, data, replies, effects).

Pure: the caller loads the user's state and data, calls ``handle``, stores the
outcome, performs its effects, and only then sends the replies.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from dialogs import assessment as flow
from dialogs import plan_view
from dialogs.reply import Button, Input, Outcome, esc, rows
from knowledge.base import KnowledgeBase

#: Commands shown in Telegram's menu (name, description); README lists the same.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Welcome and main menu"),
    ("assess", "Start or resume the self-assessment"),
    ("plan", "Your risk tier and backup plan"),
    ("profile", "Your answers; change any of them"),
    ("help", "What I can do"),
    ("privacy", "What is stored and how to delete it"),
    ("mydata", "Send me everything stored about me"),
    ("delete", "Erase all my data"),
    ("cancel", "Pause what we are doing"),
)


@dataclass
class Context:
    """What the flows need from outside: the knowledge base, today, optional services."""

    kb: KnowledgeBase
    today: Callable[[], date] = date.today
    extensions: list[Any] = field(default_factory=list)  # feature modules with a `handle` hook


def main_menu(ctx: Context) -> tuple[tuple[Button, ...], ...]:
    buttons = [Button("📝 Self-assessment", "menu:assess"), Button("📊 My plan", "menu:plan"),
               Button("👤 My answers", "menu:profile")]
    for ext in ctx.extensions:
        buttons.extend(getattr(ext, "MENU", ()))
    buttons.append(Button("ℹ️ Help", "menu:help"))
    return rows(buttons, 2)


def handle(ctx: Context, state: str, data: dict[str, Any], inp: Input) -> Outcome:
    """Apply one input to a user's conversation."""
    out = Outcome(state if state in flow.STATES else flow.IDLE, copy.deepcopy(data))
    was_busy = _busy(ctx, out.data)
    for ext in ctx.extensions:
        if ext.handle(ctx, out, inp):
            # a side trip finished (or was a one-off command): show the open question again
            if flow.is_question(out.state) and not _busy(ctx, out.data) and (inp.kind == "command" or was_busy):
                current_step(ctx, out, "Back to the self-assessment:")
            return out
    if inp.kind == "command":
        return _command(ctx, out, inp.text, inp.arg)
    if inp.kind == "choice":
        return _choice(ctx, out, inp.text)
    if inp.kind == "edited":
        return current_step(ctx, out, "I don't read edited messages; please send your answer as a new message.")
    if inp.kind == "unsupported":
        return current_step(ctx, out, f"I can only read text and button taps, not {esc(inp.text)}.")
    if inp.kind == "file_error":
        return current_step(ctx, out, esc(inp.text))
    if inp.kind == "file":
        return current_step(ctx, out, "I read .txt files only to check a personal statement (/check).")
    return _text(ctx, out, inp.text)


def _busy(ctx: Context, data: dict[str, Any]) -> bool:
    """Is a feature's side mode (e.g. a statement draft) holding the user's typed text?"""
    return any(getattr(ext, "busy", None) and ext.busy(data) for ext in ctx.extensions)


def current_step(ctx: Context, out: Outcome, note: str = "") -> Outcome:
    """Repeat where the user is: the open question, the summary, or the menu."""
    answers = out.data.get("answers", {})
    if flow.is_question(out.state):
        out.replies.append(flow.prompt(ctx.kb, out.state, answers, ctx.today(), note=note))
    elif out.state == flow.SUMMARY:
        if note:
            out.say(note)
        out.replies.append(flow.summary(ctx.kb, out.data, out.state))
    else:
        out.say((note + "\n\n" if note else "") + "What would you like to do?", main_menu(ctx))
    return out


# --------------------------------------------------------------------------- commands

def _command(ctx: Context, out: Outcome, name: str, arg: str) -> Outcome:
    kb = ctx.kb
    if name == "start":
        for ext in ctx.extensions:
            link = getattr(ext, "deep_link", None)
            if arg and link and link(ctx, out, arg):
                return out
        text = f"{esc(kb.texts['welcome'])}\n\n<i>{esc(kb.texts['privacy_line'])}</i>"
        if flow.is_question(out.state) or out.state == flow.SUMMARY:
            out.say(text)
            return current_step(ctx, out, "You were in the middle of the self-assessment:")
        return out.say(text, main_menu(ctx))
    if name == "help":
        lines = [esc(kb.texts["help"]), ""] + [f"/{c} — {esc(d)}" for c, d in all_commands(ctx)]
        out.say("\n".join(lines))
        return current_step(ctx, out) if flow.is_question(out.state) else out
    if name == "privacy":
        out.say(f"<b>Privacy</b>\n{esc(kb.texts['privacy'])}")
        return current_step(ctx, out) if flow.is_question(out.state) else out
    if name == "assess":
        return _assess(ctx, out)
    if name == "profile":
        if not out.data.get("answers"):
            return out.say("You have no answers yet.", ((Button("📝 Start the self-assessment", "as:new"),),))
        return _show_summary(ctx, out)
    if name == "plan":
        return _plan(ctx, out, "overview")
    if name == "cancel":
        return _pause(ctx, out)
    if name == "mydata":
        out.effects.append("export")
        return out
    if name == "delete":
        return out.say("Delete <b>everything</b> stored about you (answers, progress, reminders)? "
                       "This cannot be undone.",
                       ((Button("Yes, delete everything", "del:yes"), Button("No, keep it", "del:no")),))
    return current_step(ctx, out, f"I don't know the command /{esc(name[:32])}. Try /help.")


def all_commands(ctx: Context) -> list[tuple[str, str]]:
    extra = [c for ext in ctx.extensions for c in getattr(ext, "COMMANDS", ())]
    return [*COMMANDS[:4], *extra, *COMMANDS[4:]]


def _assess(ctx: Context, out: Outcome) -> Outcome:
    answers = out.data.get("answers", {})
    if out.data.get("complete"):
        return out.say("You have completed the self-assessment.",
                       ((Button("👤 Review or change answers", "menu:profile"),),
                        (Button("🔄 Start over", "as:new"),)))
    if flow.is_question(out.state):
        return current_step(ctx, out, "Picking up where you are:")
    if answers or out.state == flow.SUMMARY:
        resume = out.data.get("resume_at") or flow.next_unanswered(answers)
        asked = flow.applicable(answers)
        where = "the summary" if resume not in asked else f"question {asked.index(resume) + 1} of {len(asked)}"
        return out.say(f"You have a self-assessment in progress ({len([q for q in asked if q in answers])} of "
                       f"{len(asked)} answered).",
                       ((Button(f"▶️ Resume at {where}", "as:resume"),), (Button("🔄 Start over", "as:new"),)))
    return flow.begin(ctx.kb, out, ctx.today(), fresh=True)


def _pause(ctx: Context, out: Outcome) -> Outcome:
    if flow.is_question(out.state) or out.state == flow.SUMMARY:
        out.data["resume_at"] = out.state
        out.data.pop("editing", None)
        out.state = flow.fire(out.state, out.data, "pause")
        return out.say("Paused. Your answers so far are saved; /assess picks up where you left off.",
                       main_menu(ctx))
    if out.state != flow.COMPLETE:
        out.state = flow.IDLE
    return out.say("Nothing to cancel. What would you like to do?", main_menu(ctx))


def _show_summary(ctx: Context, out: Outcome) -> Outcome:
    if flow.missing_answers(out.data.get("answers", {})):
        out.replies.append(flow.summary(ctx.kb, out.data, out.state))
        return out
    if out.state != flow.COMPLETE:
        out.state = flow.fire(out.state, out.data, "review")
    out.replies.append(flow.summary(ctx.kb, out.data, out.state))
    return out


def _plan(ctx: Context, out: Outcome, key: str) -> Outcome:
    plan = plan_view.plan_from(ctx.kb, out.data, ctx.today())
    if plan is None:
        missing = flow.missing_answers(out.data.get("answers", {}))
        if missing:
            names = ", ".join(ctx.kb.question(q).title for q in missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            text = (f"Your plan needs the whole self-assessment. Still missing: "
                    f"{esc(names)}{more}.")
        else:
            text = "All answers are in; confirm the summary to see your plan."
        button = Button("▶️ Continue the self-assessment", "as:resume" if out.data.get("answers") else "as:new")
        return out.say(text, ((button,),))
    if key == "overview":
        out.replies.append(plan_view.overview(ctx.kb, plan))
    else:
        out.replies.append(plan_view.section(ctx.kb, plan, key))
    return out


# --------------------------------------------------------------------------- buttons

def _choice(ctx: Context, out: Outcome, data: str) -> Outcome:
    kind, _, rest = data.partition(":")
    today = ctx.today()
    kb = ctx.kb
    answers = out.data.get("answers", {})
    if kind == "a":
        qid, _, token = rest.partition(":")
        if qid != out.state or not flow.is_question(qid):
            return current_step(ctx, out, "That button belongs to an earlier message; here is where you are now:")
        done = flow.answer_button(kb, out, qid, token, today)
        return done if done is not None else current_step(ctx, out, "That option is no longer offered.")
    if kind == "nav":
        action, _, qid = rest.partition(":")
        if action == "back" and qid == out.state and flow.is_question(qid) and qid != flow.QUESTIONS[0]:
            out.state = flow.fire(out.state, out.data, "back")
            out.replies.append(flow.prompt(kb, out.state, answers, today))
            return out
        if action == "pause":
            return _pause(ctx, out)
        return current_step(ctx, out, "That button belongs to an earlier message; here is where you are now:")
    if kind == "fix" and rest in flow.QUESTIONS and flow.is_question(out.state):
        return flow.goto(kb, out, rest, today, editing=bool(out.data.get("editing")))
    if kind == "ed" and rest in flow.QUESTIONS:
        if out.state in (flow.SUMMARY, flow.COMPLETE) or not flow.missing_answers(answers):
            return flow.goto(kb, out, rest, today, editing=True)
        return current_step(ctx, out, "Finish the open question first; you can change answers at the end.")
    if kind == "sum" and rest == "confirm":
        if out.state != flow.SUMMARY:
            return current_step(ctx, out, "That button belongs to an earlier message; here is where you are now:")
        out.state = flow.fire(out.state, out.data, "confirm")
        out.data["complete"] = True
        out.say("✅ Saved. Your assessment is complete.")
        for ext in ctx.extensions:  # e.g. reminders offered, on by default
            hook = getattr(ext, "on_complete", None)
            if hook:
                hook(ctx, out)
        return _plan(ctx, out, "overview")
    if kind == "as":
        if rest == "new":
            return flow.begin(kb, out, today, fresh=True)
        if rest == "resume":
            target = out.data.get("resume_at") or flow.next_unanswered(answers)
            out.data.pop("resume_at", None)
            if target == flow.SUMMARY:
                out.state = flow.fire(out.state, out.data, "review")
                out.replies.append(flow.summary(kb, out.data, out.state))
                return out
            return flow.goto(kb, out, target, today, editing=False)
    if kind == "menu":
        if rest in ("assess", "profile", "plan", "help"):
            return _command(ctx, out, rest, "")
    if kind == "plan":
        return _plan(ctx, out, rest)
    if kind == "del":
        if rest == "yes":
            out.effects.append("erase")
            return out.say("All your data has been deleted. Send /start if you ever want to begin again.")
        return out.say("Nothing was deleted.", main_menu(ctx))
    return current_step(ctx, out, "That button is no longer active; here is where you are now:")


# --------------------------------------------------------------------------- free text

def _text(ctx: Context, out: Outcome, text: str) -> Outcome:
    if not text.strip():
        return current_step(ctx, out, "That message was empty.")
    if flow.is_question(out.state):
        out, error = flow.answer_text(ctx.kb, out, text[:2000], ctx.today())
        if error is None:
            return out
        if flow.looks_like_question(text):
            for ext in ctx.extensions:
                answer = getattr(ext, "answer_inline", None)
                if answer and answer(ctx, out, text):
                    return current_step(ctx, out, "Back to the self-assessment:")
            return current_step(ctx, out, "I'll answer questions after this step.")
        return current_step(ctx, out, esc(error))
    for ext in ctx.extensions:
        free = getattr(ext, "free_text", None)
        if free and free(ctx, out, text):
            return out
    if out.state == flow.SUMMARY:
        return current_step(ctx, out, "Tap an answer to change it, or confirm.")
    return out.say("I answer through the menu below; the self-assessment is the place to start.",
                   main_menu(ctx))
