"""The conversation's frame: /start, /help, /privacy, /mydata, /delete, /cancel and the main menu.

Registered last: when no other flow holds the conversation, it offers the menu.
"""

from __future__ import annotations

import re
from typing import Sequence

from dialogs import callbacks as cb
from dialogs import once
from dialogs.assessment import how_many
from dialogs.flow import CommandSpec, Context, Flow
from dialogs.inputs import Erase, Export
from dialogs.reply import Button, Outcome, button, esc, rows
from dialogs.session import Session


#: Messages that only greet or thank (every word one of these): answered in kind, not looked up in the FAQ.
_GREETING = {"hi", "hello", "hey", "hiya", "helo", "hallo", "salam", "salaam", "assalam", "assalamu", "assalamualaikum",
             "alaikum", "aleikum", "asalam", "asalamualaikum", "namaste", "hola", "good", "morning", "afternoon",
             "evening", "day", "there", "bot", "doctor", "dear", "sir", "madam", "yo", "greetings", "start"}
_THANKS = {"thanks", "thank", "you", "thx", "ty", "much", "very", "so", "a", "lot", "great", "ok", "okay", "cool",
           "nice", "perfect", "got", "it", "shukriya", "shukran"}


def small_talk(text: str) -> str | None:
    """The reply to a message that only greets ("hello", "salam", "good morning") or thanks; None for
    anything with a word of substance (so "hi, how many programs?" is a question)."""
    words = re.findall(r"[a-z]+", text.lower())
    if not words or len(words) > 6:
        return None
    if all(w in _GREETING for w in words) and set(words) & (_GREETING - {"good", "day", "there", "bot", "doctor",
                                                                          "dear", "sir", "madam", "start"}):
        return "Hello! I help international medical graduates judge their chances in US radiology and plan a backup."
    if all(w in _THANKS for w in words) and set(words) & {"thanks", "thank", "thx", "ty", "shukriya", "shukran"}:
        return "You're welcome."
    return None


def main_menu() -> tuple[tuple[Button, ...], ...]:
    return rows([button("📝 Self-assessment", cb.Menu("assess")), button("📊 My plan", cb.Menu("plan")),
                 button("👤 My answers", cb.Menu("profile")), button("❓ Questions", cb.Menu("faq")),
                 button("📋 My programs", cb.Menu("programs")), button("🗓 Timeline", cb.Timeline()),
                 button("🎤 Interviews", cb.InterviewMenu()),
                 button("🔎 Check a statement", cb.CheckNew()), button("ℹ️ Help", cb.Menu("help"))], 2)


DELETE = "delete"  # the one-time confirmation of /delete


class MenuFlow(Flow):
    name = "menu"
    buttons = (cb.DeleteYes, cb.DeleteNo, cb.DeleteUnbound)

    def commands(self) -> Sequence[CommandSpec]:
        return (CommandSpec("start", "Welcome and main menu", self._start, 1, side_trip=False),
                CommandSpec("help", "What I can do", self._help, 11, keeps_draft=True),
                CommandSpec("privacy", "What is stored and how to delete it", self._privacy, 12, keeps_draft=True),
                CommandSpec("mydata", "Send me everything stored about me", self._mydata, 13, keeps_draft=True,
                            side_trip=False),
                CommandSpec("delete", "Erase all my data", self._delete, 14, keeps_draft=True, side_trip=False),
                CommandSpec("cancel", "Pause what we are doing", self._cancel, 15, keeps_draft=True,
                            side_trip=False, interrupts=False))

    def holds(self, session: Session) -> bool:
        return True

    def open_step(self, ctx: Context, out: Outcome, note: str = "") -> None:
        out.say((note + "\n\n" if note else "") + "What would you like to do?", main_menu())

    def on_button(self, ctx: Context, out: Outcome, data: cb.Callback) -> None:
        """/delete's answer counts only for the question last asked, and once (``dialogs.once``)."""
        match data:
            case cb.DeleteYes(token=token) if once.redeem(out.session, DELETE, token):
                out.effects.append(Erase())
                out.say("All your data has been deleted. Send /start if you ever want to begin again.")
            case cb.DeleteNo(token=token) if once.redeem(out.session, DELETE, token):
                ctx.flows.current_step(ctx, out, "Nothing was deleted.")
            case _:
                once.expired(ctx, out)

    # ------------------------------------------------------------------ commands
    def _start(self, ctx: Context, out: Outcome, arg: str) -> None:
        if arg and any(flow.deep_link(ctx, out, arg) for flow in ctx.flows.all):
            return
        text = f"{esc(ctx.kb.texts['welcome'])}\n\n<i>{esc(ctx.kb.texts['privacy_line'])}</i>"
        if ctx.flows.holder(out.session) is not self:
            out.say(text)
            ctx.flows.current_step(ctx, out, "You were in the middle of the self-assessment:")
        else:
            out.say(text, main_menu())

    def _help(self, ctx: Context, out: Outcome, arg: str) -> None:
        text = ctx.kb.render(ctx.kb.texts["help"], {"questions": how_many()})
        lines = [esc(text), ""] + [f"/{c.name} — {esc(c.description)}" for c in ctx.flows.commands]
        out.say("\n".join(lines))

    def _privacy(self, ctx: Context, out: Outcome, arg: str) -> None:
        out.say(f"<b>Privacy</b>\n{esc(ctx.kb.texts['privacy'])}")

    def _mydata(self, ctx: Context, out: Outcome, arg: str) -> None:
        out.effects.append(Export())

    def _delete(self, ctx: Context, out: Outcome, arg: str) -> None:
        token = once.issue(out.session, DELETE)
        out.say("Delete <b>everything</b> stored about you (answers, progress, reminders)? This cannot be undone.",
                ((button("Yes, delete everything", cb.DeleteYes(token)), button("No, keep it", cb.DeleteNo(token))),))

    def _cancel(self, ctx: Context, out: Outcome, arg: str) -> None:
        if not ctx.flows.cancel(ctx, out):
            out.say("Nothing to cancel. What would you like to do?", main_menu())
