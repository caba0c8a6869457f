"""FAQ in the chat: free-text questions, the topic menu, entries with More and related topics."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from dialogs import plan_view
from dialogs.reply import Button, Input, Outcome, clip, esc, rows
from knowledge.faq import FaqEntry, FaqResult, next_topics

NO_ANSWER = "I don't have an answer to that; here is what I can help with:"


class FaqFeature:
    """A router extension; ``search`` is injected (the index lives in storage)."""

    COMMANDS = (("faq", "Questions I can answer, by topic"),)
    MENU = (Button("❓ Questions", "menu:faq"),)

    def __init__(self, entries: dict[str, FaqEntry], search: Callable[[str], FaqResult]):
        self.entries = entries
        self.search = search
        self.themes: dict[str, list[FaqEntry]] = {}
        for entry in entries.values():
            self.themes.setdefault(entry.theme, []).append(entry)

    # ------------------------------------------------------------------ router hooks
    def handle(self, ctx: Any, out: Outcome, inp: Input) -> bool:
        if inp.kind == "command" and inp.text == "faq":
            self.topics(out)
            return True
        if inp.kind != "choice":
            return False
        kind, _, rest = inp.text.partition(":")
        if inp.text == "menu:faq":
            self.topics(out)
        elif kind == "faq" and rest in self.entries:
            self.show(ctx, out, rest)
        elif kind == "faqm" and rest in self.entries:
            self.show(ctx, out, rest, more=True)
        elif kind == "faqt":
            self.theme(out, rest)
        else:
            return False
        return True

    def deep_link(self, ctx: Any, out: Outcome, arg: str) -> bool:
        if arg.startswith("faq-") and arg[4:] in self.entries:
            self.show(ctx, out, arg[4:])
            return True
        return False

    def free_text(self, ctx: Any, out: Outcome, text: str) -> bool:
        result = self.search(text)
        if result.answered:
            # the runners-up come first among the topic buttons: when the best match is the wrong
            # one, the right one is usually second or third, so it is one tap away
            self.show(ctx, out, result.results[0][0], also=[i for i, _ in result.results[1:3]])
        else:
            self.topics(out, NO_ANSWER)
        return True

    def answer_inline(self, ctx: Any, out: Outcome, text: str) -> bool:
        result = self.search(text)
        if not result.answered:
            return False
        entry = self.entries[result.results[0][0]]
        out.say(f"<b>{esc(entry.question)}</b>\n{esc(ctx.kb.render(entry.short))}")
        return True

    # ------------------------------------------------------------------ views
    def topics(self, out: Outcome, note: str = "") -> None:
        lines = [note] if note else []
        lines.append("<b>Questions I can answer</b> — pick a topic, or just type your question.")
        buttons = [Button(f"{theme} ({len(items)})", f"faqt:{theme[:50]}") for theme, items in self.themes.items()]
        out.say("\n".join(lines), rows(buttons, 2))

    def theme(self, out: Outcome, theme: str) -> None:
        items = self.themes.get(theme)
        if not items:
            self.topics(out)
            return
        buttons = [Button(clip(e.question, 60), f"faq:{e.id}") for e in items]
        out.say(f"<b>{esc(theme)}</b>", rows(buttons, 1))

    def show(self, ctx: Any, out: Outcome, entry_id: str, more: bool = False,
             also: Sequence[str] = ()) -> None:
        entry = self.entries[entry_id]
        text = [f"<b>{esc(entry.question)}</b>", esc(ctx.kb.render(entry.short))]
        if more:
            text.append(esc(ctx.kb.render(entry.more)))
        buttons = [] if more else [Button("More", f"faqm:{entry_id}")]
        if entry.for_you:
            plan = plan_view.plan_from(ctx.kb, out.data, ctx.today())
            if plan is None:
                text.append("<i>Finish the self-assessment (/assess) to see this for your own profile.</i>")
            else:
                line, key = plan_view.for_you(ctx.kb, plan, entry.for_you)
                text.append(f"<b>For you:</b> {line}")
                buttons.append(Button(f"📊 My plan: {dict(plan_view.SECTIONS)[key]}", f"plan:{key}"))
        text.append("<i>Guidance, not official advice.</i>")
        buttons += [Button(clip(self.entries[r].question, 40), f"faq:{r}") for r in next_topics(entry, also)]
        out.say("\n".join(text), rows(buttons, 1))
