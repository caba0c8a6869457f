"""The first reading of the tier during the self-assessment, and what a changed answer did to the plan.

A newcomer should not answer seventeen questions before hearing anything about their chances: as
soon as the answers that decide the tier are in (Step 2 CK, failed attempts, graduation year, the
Match), a provisional tier comes with what it rests on and which later answer could still move it
(``knowledge.provisional``); when a later answer moves it (no US clinical experience, a visa that
holds it at moderate), the next question says so in one line.

After the assessment is complete, a changed answer says what it changed in the plan (tier, visa
outlook, program counts, top backup), old and new, instead of only "Saved".
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from dialogs.plan_view import TIER_LABEL, plan_for, rng
from dialogs.reply import Reply, esc
from knowledge.advisor import Plan
from knowledge.answers import AnswersError, validate_answers
from knowledge.base import KnowledgeBase
from knowledge.changes import compare, material
from knowledge.provisional import TierRange, tier_range

WORDS = {"higher": "higher-likelihood", "moderate": "moderate risk", "high": "high risk"}
ICON = {"helps": "✅", "hurts": "⚠️", "neutral": "•"}  # as a rule-change notice marks a change


def _headline(r: TierRange) -> str:
    if r.firm:
        return WORDS[r.best]
    if r.best == "higher":
        return "higher-likelihood is still open"
    return f"{WORDS[r.best]} at best"


def _title(kb: KnowledgeBase, qid: str) -> str:
    title = kb.question(qid).title
    return title if title[:2].isupper() else title[0].lower() + title[1:]


def _moves(kb: KnowledgeBase, r: TierRange) -> str:
    """ "US clinical experience could make it high risk; US radiology experience, research or visa could
    hold it at moderate risk" """
    parts = []
    for tier in ("high", "moderate"):
        names = [_title(kb, k) for k, t in r.moves if t == tier]
        if names:
            listed = ", ".join(names[:-1]) + (" or " if len(names) > 1 else "") + names[-1]
            verb = "could make it" if tier == "high" else "could hold it at"
            parts.append(f"{esc(listed)} {verb} {WORDS[tier]}")
    return "; ".join(parts)


def tell(kb: KnowledgeBase, before: Mapping[str, Any], after: Mapping[str, Any], answered: int,
         total: int) -> tuple[Reply | None, str]:
    """After an answer in the first pass: (the first reading, when this answer made one possible; a line
    for the next question, when this answer moved an earlier reading)."""
    new = tier_range(after)
    if new is None:
        return None, ""
    old = tier_range(before)
    if old is None:
        return first(kb, new, answered, total), ""
    if _headline(old) == _headline(new):  # still the same news (high risk ruled out is not worth a line)
        return None, ""
    why = [x for x in (*new.holds, *new.because) if x not in (*old.holds, *old.because)]
    return None, f"📊 Your first reading is now <b>{_headline(new)}</b>" + (
        f": {esc('; '.join(why))}." if why else ".")


def first(kb: KnowledgeBase, r: TierRange, answered: int, total: int) -> Reply:
    """The first reading, with what it rests on and what the remaining answers can still do."""
    lines = [f"📊 <b>A first reading of your chances in radiology: {_headline(r)}</b>",
             f"<i>Provisional, from {answered} of {total} answers; your full plan comes at the end.</i>",
             f"<b>So far:</b> {esc('; '.join(r.because))}."]
    if r.holds:
        lines.append(f"<b>Held there by:</b> {esc('; '.join(r.holds))}.")
    if r.moves:
        lines.append(f"<b>Still to come:</b> {_moves(kb, r)}.")
    if r.firm and r.best == "high":
        lines.append("The remaining answers cannot lift this tier, but they decide which backup fits you, how many "
                     "programs to apply to and your visa route.")
    lines.append(f"{total - answered} questions to go.")
    return Reply("\n".join(lines))


# --------------------------------------------------------------------------- after the assessment

def _plan(kb: KnowledgeBase, answers: Mapping[str, Any], today: date) -> Plan | None:
    try:
        return plan_for(validate_answers(dict(answers)), kb, today)
    except AnswersError:
        return None


def changed(kb: KnowledgeBase, before: Mapping[str, Any], after: Mapping[str, Any], today: date,
            shown: bool = True) -> str:
    """What an answer changed in the plan, old → new (HTML); "" when there was no plan before. ``shown``:
    the user has seen the plan (else it is the plan the summary's Confirm is about to show)."""
    old, new = _plan(kb, before, today), _plan(kb, after, today)
    if old is None or new is None:
        return ""
    lines = []
    for c in compare(material(old.to_json()), material(new.to_json())):
        if c.kind == "tier":
            lines.append(f"{ICON[c.effect]} Tier: {esc(TIER_LABEL[c.before])} → <b>{esc(TIER_LABEL[c.after])}</b>")
        elif c.kind == "visa_outlook":
            lines.append(f"{ICON[c.effect]} Visa outlook: {esc(c.before)} → <b>{esc(c.after)}</b>")
        elif c.kind == "applications":
            names = [*c.before, *(k for k in c.after if k not in c.before)]
            lines.append("• Programs to apply to: " + "; ".join(
                f"{esc(kb.specialties[s].name)} {rng(tuple(c.before.get(s, (0, 0))))} → "
                f"<b>{rng(tuple(c.after.get(s, (0, 0))))}</b>" for s in names))
    if old.backups[0].id != new.backups[0].id:
        lines.append(f"• Top backup: {esc(kb.specialties[old.backups[0].id].name)} → "
                     f"<b>{esc(kb.specialties[new.backups[0].id].name)}</b>")
    if not lines:
        return "Your tier, visa outlook, program counts and top backup are unchanged."
    lead = "What it changed in your plan:" if shown else "What it changes in the plan you are about to see:"
    return lead + "\n" + "\n".join(lines)
