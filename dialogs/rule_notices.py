"""A rule-change notice as a chat message (CONTRACTS §9): what changed in the user's plan, which rule it
comes from (its date and source), what to do now, and a button to the plan; and the flow that answers
that button.

Pure: a ``knowledge.changes.Notice`` and the knowledge base in, a ``Reply`` out. The bot sends it through
the reminder queue; the words are in ``knowledge/data/notices.yaml``.
"""

from __future__ import annotations

from typing import Any, Mapping

from dialogs.callbacks import Callback
from dialogs.flow import Context, Flow
from dialogs.plan_flow import PlanFlow
from dialogs.reply import Outcome, Reply, button, clip, esc
from knowledge.ratings import TIER_LABEL
from knowledge.base import KnowledgeBase
from knowledge.changes import Change, Notice, NoticeWords

ICON = {"helps": "✅", "hurts": "⚠️", "neutral": "•"}
#: Each rule and step text is clipped to this, and at most MAX_RULES rules are named, so a notice stays
#: well inside Telegram's 4,096 characters whatever the knowledge base says.
MAX_PART = 600
MAX_RULES = 3


def _span(value: Any) -> str:
    if not isinstance(value, list) or len(value) != 2 or not value[1]:
        return "none"
    lo, hi = value
    return str(hi) if lo == hi else f"{lo}–{hi}" if lo else f"up to {hi}"


def _allotment(value: Any) -> str:
    if not isinstance(value, Mapping) or not value:
        return "none"
    if "total" in value:
        return str(value["total"])
    return " + ".join(f"{n} {kind}" for kind, n in value.items())


def _name(kb: KnowledgeBase, sid: str) -> str:
    spec = kb.specialties.get(sid)
    return spec.name if spec else sid.replace("_", " ")


def _per_key(before: Mapping[str, Any], after: Mapping[str, Any], name: Any, show: Any) -> str:
    keys = [*before, *(k for k in after if k not in before)]
    return "; ".join(f"{name(k)} {show(before.get(k))} → {show(after.get(k))}" for k in keys)


def _what(kb: KnowledgeBase, words: NoticeWords, change: Change) -> str:
    """The change itself, in plain words: "blocked → open", "Internal medicine 40–80 → 60–100"."""
    before, after = change.before, change.after
    if change.kind == "tier":
        return f"{TIER_LABEL.get(before, before)} → {TIER_LABEL.get(after, after)}"
    if change.kind == "applications":
        return _per_key(before, after, lambda s: _name(kb, s), _span)
    if change.kind == "signals":
        return _per_key(before, after, lambda s: _name(kb, s), _allotment)
    if change.kind == "next_steps":
        def steps(ids: list[str]) -> str:
            return ", ".join(words.steps.get(i, i.replace("_", " ")) for i in ids)
        parts = ([f"new: {steps(after)}"] if after else []) + ([f"no longer needed: {steps(before)}"] if before
                                                                else [])
        return "; ".join(parts)
    if change.kind == "costs":
        def fee(key: str) -> str:
            return words.costs.get(key, key.replace("_", " "))
        return _per_key(before, after, fee, lambda usd: "none" if usd is None else f"${usd:,}")
    return f"{before} → {after}"


def change_line(kb: KnowledgeBase, words: NoticeWords, change: Change) -> str:
    """ "✅ Visa outlook: blocked → open (better for you)" (HTML, escaped)."""
    effect = f" ({words.effects[change.effect]})" if change.effect in words.effects else ""
    return f"{ICON[change.effect]} {esc(words.kinds[change.kind])}: {esc(_what(kb, words, change))}{esc(effect)}"


def notice_reply(kb: KnowledgeBase, words: NoticeWords, notice: Notice) -> Reply:
    """The message: heading, what changes for the user, the rules behind it, what to do now, the plan button."""
    lines = [f"🔔 <b>{esc(words.title[notice.effect])}</b>", "", "<b>What it changes for you</b>"]
    lines += [change_line(kb, words, c) for c in notice.changes]
    lines += ["", "<b>Why</b>"] + [esc(clip(r, MAX_PART)) for r in notice.rules[:MAX_RULES]]
    if len(notice.rules) > MAX_RULES:
        more = len(notice.rules) - MAX_RULES
        lines.append(f"… and {more} more {'rule' if more == 1 else 'rules'} behind this change.")
    lines += ["", "<b>What to do now</b>"] + [f"• {esc(clip(t, MAX_PART))}" for t in notice.todo]
    lines += ["", f"<i>{esc(words.footer)}</i>"]
    return Reply("\n".join(lines), ((button("📋 Open my plan", OpenPlan()),),))


def marked(words: NoticeWords, notice: Notice) -> str:
    """What /plan says about a change the user has not looked at: "changed on 12 Jan: visa outlook"."""
    kinds = ", ".join(words.kinds[c.kind].lower() for c in notice.changes)
    return f"changed on {notice.on.day} {notice.on:%b}: {kinds}"


class OpenPlan(Callback, prefix="rn:plan"):
    """The notice's button: the plan's overview as a new message, below the notice (which stays)."""


class RuleNoticeFlow(Flow):
    """Answers the notice's button; the notices themselves are sent by the bot (``bot.notices``)."""

    name = "rule_notices"
    buttons = (OpenPlan,)

    def on_button(self, ctx: Context, out: Outcome, data: Callback) -> None:
        out.replace_tapped = False  # the notice says what changed and why: it stays on screen
        ctx.flows.get(PlanFlow).show(ctx, out, "overview")
