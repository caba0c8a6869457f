"""FAQ in the chat: free-text questions, the topic menu, entries with More and related topics."""

from __future__ import annotations

import re
from typing import Callable, Sequence

from dialogs import callbacks as cb
from dialogs import plan_view
from dialogs.flow import CommandSpec, Context, Flow
from dialogs.menu_flow import small_talk
from dialogs.reply import Outcome, button, clip, esc, rows
from dialogs.session import Session
from knowledge.faq import FaqEntry, FaqResult, next_topics, season_values

NO_ANSWER = "I don't have an answer to that; here is what I can help with:"
NOT_COVERED = "I don't have an answer to that question. These are the closest topics I know:"
CLOSEST = "These are the closest topics I know:"
ASK_BACK = "Did you mean one of these?"


def unsaid(line: str, said: str) -> str:
    """``line`` without the sentences ``said`` already holds: the plan's next step may cite the same fact
    as the answer above it ("SOAP runs from Monday to Thursday..."), and a reader needs it once."""
    # a step says a fact plainly and its source at its end, where the answer cites it in place ("... binding (NRMP,
    # ...)."): the sentence without its full stop is what is compared
    return " ".join(s for s in re.split(r"(?<=[.!?])\s+", line) if s.rstrip(".") not in said)


class Faq(Flow):
    """The FAQ entries and the search (the index lives in storage and is injected). Registered after the
    flows that read typed text, it takes whatever text none of them wanted."""

    name = "faq"
    buttons = (cb.FaqShow, cb.FaqMore, cb.FaqTheme)

    def __init__(self, entries: dict[str, FaqEntry], search: Callable[[str], FaqResult]):
        self.entries = entries
        self.search = search
        self.themes: dict[str, list[FaqEntry]] = {}
        for entry in entries.values():
            self.themes.setdefault(entry.theme, []).append(entry)

    def commands(self) -> Sequence[CommandSpec]:
        return (CommandSpec("faq", "Questions I can answer, by topic", lambda ctx, out, arg: self.topics(out), 6),)

    def on_button(self, ctx: Context, out: Outcome, data: cb.Callback) -> None:
        self.choice(ctx, out, data)

    def takes_text(self, session: Session) -> bool:
        return True

    def on_text(self, ctx: Context, out: Outcome, text: str) -> None:
        greeting = small_talk(text)
        if greeting is not None:  # "hello" is not a question to look up: greet, and show what I can do
            ctx.flows.current_step(ctx, out, greeting)
            return
        self.ask(ctx, out, text)

    def choice(self, ctx: Context, out: Outcome, data: cb.Callback) -> None:
        match data:
            case cb.FaqShow(entry=eid) if eid in self.entries:
                self.show(ctx, out, eid)
            case cb.FaqMore(entry=eid) if eid in self.entries:
                self.show(ctx, out, eid, more=True)
            case cb.FaqTheme(theme=theme):
                self.theme(out, theme)
            case _:
                self.topics(out, "That topic is no longer here; pick one of these:")

    def deep_link(self, ctx: Context, out: Outcome, payload: str) -> bool:
        """/start faq-ID opens that entry."""
        if payload.startswith("faq-") and payload[4:] in self.entries:
            self.show(ctx, out, payload[4:])
            return True
        return False

    def ask(self, ctx: Context, out: Outcome, text: str) -> None:
        """A typed question: the best entry (with the runners-up as buttons); or, when no entry covers it,
        an honest "I don't know" with the closest topics; or why it is outside what the bot knows."""
        result = self.search(text)
        if result.answered:
            # when the best match is the wrong one, the right one is usually second or third: one tap away
            self.show(ctx, out, result.results[0][0], also=[i for i, _ in result.results[1:3]])
        elif result.note and not result.ask and result.reason != "not_covered":
            out.say(esc(result.note), rows([button("❓ Topics I can answer", cb.Menu("faq"))], 1))
        elif result.results and (result.ask or result.reason == "not_covered"):
            # declining, say what is not covered when the bot can tell ("I don't have an answer about pay")
            lead = f"{esc(result.note)}\n{ASK_BACK}" if result.ask else (
                f"{esc(result.note)}\n{CLOSEST}" if result.note else NOT_COVERED)
            closest = [button(clip(self.entries[i].question, 60), cb.FaqShow(i)) for i, _ in result.results[:3]]
            out.say(lead, rows([*closest, button("❓ All topics", cb.Menu("faq"))], 1))
        else:
            self.topics(out, NO_ANSWER)

    def answer_inline(self, ctx: Context, out: Outcome, text: str) -> bool:
        """A question typed in the middle of the assessment: the short answer if it is a confident match."""
        result = self.search(text)
        if not result.answered:
            return False
        entry = self.entries[result.results[0][0]]
        out.say(f"<b>{esc(entry.question)}</b>\n{esc(self.render(ctx, entry.short))}")
        return True

    @staticmethod
    def render(ctx: Context, text: str) -> str:
        """An entry's text with its facts cited and this season's dates said for today."""
        return ctx.kb.render(text, season_values(ctx.kb.calendar, ctx.kb.faq_scope, ctx.today()))

    # ------------------------------------------------------------------ views
    def topics(self, out: Outcome, note: str = "") -> None:
        lines = [note] if note else []
        lines.append("<b>Questions I can answer</b> — pick a topic, or just type your question.")
        buttons = [button(f"{theme} ({len(items)})", cb.FaqTheme(theme[:50])) for theme, items in self.themes.items()]
        out.say("\n".join(lines), rows(buttons, 2))

    def theme(self, out: Outcome, theme: str) -> None:
        items = self.themes.get(theme)
        if not items:
            self.topics(out)
            return
        out.say(f"<b>{esc(theme)}</b>", rows([button(clip(e.question, 60), cb.FaqShow(e.id)) for e in items], 1)
                + ((button("« All topics", cb.Menu("faq")),),))

    def show(self, ctx: Context, out: Outcome, entry_id: str, more: bool = False, also: Sequence[str] = ()) -> None:
        entry = self.entries[entry_id]
        text = [f"<b>{esc(entry.question)}</b>", esc(self.render(ctx, entry.short))]
        if more:
            text.append(esc(self.render(ctx, entry.more)))
        buttons = [] if more else [button("More", cb.FaqMore(entry_id))]
        if entry.for_you:
            plan = plan_view.plan_from(ctx.kb, out.session, ctx.today())
            if plan is None:
                if entry.without_plan:
                    text.append(esc(self.render(ctx, entry.without_plan)))
                text.append("<i>Finish the self-assessment (/assess) to see this for your own profile.</i>")
            else:
                line, key = plan_view.for_you(ctx.kb, plan, entry.for_you)
                text.append(f"<b>For you:</b> {unsaid(line, ' '.join(text))}")
                buttons.append(button(f"📊 My plan: {dict(plan_view.SECTIONS)[key]}", cb.PlanSection(key)))
        text.append("<i>Guidance, not official advice.</i>")
        buttons += [button(clip(self.entries[r].question, 40), cb.FaqShow(r)) for r in next_topics(entry, also)]
        back = button(f"« {clip(entry.theme, 40)}", cb.FaqTheme(entry.theme[:50]))
        out.say("\n".join(text), rows(buttons, 1) + ((back,),))
