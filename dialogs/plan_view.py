"""The plan as chat messages: an overview and one message per section."""

from __future__ import annotations

from typing import Any

from dialogs.reply import Button, Reply, esc, plain, rows
from knowledge.advisor import DR, Plan, build_plan
from knowledge.answers import AnswersError, validate_answers
from knowledge.loader import KnowledgeBase

TIER_LABEL = {"higher": "Higher-likelihood (for an IMG)", "moderate": "Moderate risk", "high": "High risk"}
LEVEL_ICON = {"strong": "🟢", "average": "🟡", "weak": "🔴", "unknown": "⚪"}
SECTIONS = (
    ("why", "Why this tier"),
    ("backups", "Backups ranked"),
    ("apps", "How many programs"),
    ("letters", "Letters, statements, CV"),
    ("visa", "Visa"),
    ("list", "Program list"),
    ("next", "Next steps"),
)


def plan_from(data: dict[str, Any]) -> Plan | None:
    if not data.get("complete"):
        return None
    try:
        return build_plan(validate_answers(data.get("answers", {})))
    except AnswersError:
        return None


def section_buttons() -> tuple[tuple[Button, ...], ...]:
    return rows([Button(label, f"plan:{key}") for key, label in SECTIONS], 2)


def name(kb: KnowledgeBase, sid: str) -> str:
    return kb.specialties[sid].name


def rng(lo_hi: tuple[int, int]) -> str:
    lo, hi = lo_hi
    if hi == 0:
        return "none this cycle"
    return f"{lo}–{hi}" if lo else f"up to {hi}"


def overview(kb: KnowledgeBase, plan: Plan) -> Reply:
    tier = kb.texts["tiers"][plan.tier]
    top = plan.backups[0]
    lines = [f"📊 <b>Your plan</b> — {esc(TIER_LABEL[plan.tier])}"
             + (" <i>(provisional)</i>" if plan.provisional else "")]
    lines.append(f"<b>Why:</b> {esc('; '.join(plan.tier_reasons))}")
    lines.append(f"<b>Strategy:</b> {esc(tier['strategy'])}")
    lines.append(f"<b>Top backup:</b> {esc(name(kb, top.id))} — {esc(top.reasons[0])}")
    lines.append("<b>Apply to:</b> " + " · ".join(
        f"{esc(name(kb, sid))} {rng(r)}" for sid, r in plan.applications.items()))
    if plan.deal_breakers:
        lines.append("<b>Deal-breakers:</b> " + esc("; ".join(
            kb.texts["deal_breakers"][d] for d in plan.deal_breakers)))
    if plan.radiology_only_defensible:
        lines.append("Your profile is strong enough that applying to radiology only would be defensible; "
                     "the cautious route is still a small backup list.")
    if plan.provisional:
        lines.append(f"<i>{esc(kb.texts['provisional'])}</i>")
    lines.append("")
    lines.append(f"<i>{esc(kb.texts['disclaimer'])}</i>")
    return Reply("\n".join(lines), section_buttons())


def section(kb: KnowledgeBase, plan: Plan, key: str) -> Reply:
    render = _SECTIONS.get(key)
    if render is None:
        return overview(kb, plan)
    title = dict(SECTIONS)[key]
    return Reply(f"<b>{esc(title)}</b>\n" + render(kb, plan), section_buttons())


def _why(kb: KnowledgeBase, plan: Plan) -> str:
    lines = [f"Tier: <b>{esc(TIER_LABEL[plan.tier])}</b>", *(f"• {esc(r)}" for r in plan.tier_reasons),
             "<b>What would change it:</b>", *(f"• {esc(c)}" for c in plan.tier_changers), "",
             "<b>Your seven ratings</b>"]
    for key, rating in plan.ratings.items():
        factor = kb.texts["factors"][key]
        lines.append(f"{LEVEL_ICON[rating.level]} <b>{esc(factor['title'])}: {esc(rating.level)}</b> — "
                     f"{esc(rating.because)}. {esc(rating.would_change)}")
    return "\n".join(lines)


def _backups(kb: KnowledgeBase, plan: Plan) -> str:
    lines = []
    for i, choice in enumerate(plan.backups, 1):
        spec = kb.specialties[choice.id]
        lines.append(f"<b>{i}. {esc(spec.name)}</b> — {esc(spec.summary)}")
        lines.extend(f"  • {esc(r)}" for r in choice.reasons[:4])
        if spec.adjacent_paths:
            lines.append(f"  Radiology-adjacent paths: {esc(', '.join(spec.adjacent_paths))}")
    lines.append("")
    lines.append(esc(kb.render(kb.texts["pgy1"])))
    return "\n".join(lines)


def _apps(kb: KnowledgeBase, plan: Plan) -> str:
    lines = [f"• {esc(name(kb, sid))}: <b>{rng(r)}</b> programs" for sid, r in plan.applications.items()]
    lines.extend(f"• {esc(n)}" for n in plan.application_notes)
    lines.append(f"• {esc(kb.render('For context: {fact:im-applications-2016}.'))}")
    if plan.applications[DR][1]:
        lines.append(f"• {esc(kb.render('Signals: {fact:signals-2025}.'))}")
    return "\n".join(lines)


def _letters(kb: KnowledgeBase, plan: Plan) -> str:
    d, top = kb.texts["dual_applying"], plan.backups[0].id
    parts = [f"<b>Letters:</b> {esc(plan.letters.note)}", esc(kb.render(d["letters"])),
             f"{esc(name(kb, top))}: {esc(kb.specialties[top].letters)}"]
    if plan.applications[DR][1]:
        parts.append(f"Radiology: {esc(kb.specialties[DR].letters)}")
    parts += [f"<b>Personal statements:</b> {esc(d['statements'])}", f"<b>CV:</b> {esc(d['cv'])}",
              f"<b>When to dual-apply:</b> {esc(d['when'])}"]
    return "\n\n".join(parts)


def _visa(kb: KnowledgeBase, plan: Plan) -> str:
    v, a = kb.texts["visa"], plan.answers
    parts = [esc(kb.render(v[a.visa]))]
    if a.visa != "no_visa_needed":
        parts.append(f"<b>Step 3:</b> {esc(v['step3'][a.step3])}")
    top = kb.specialties[plan.backups[0].id]
    parts.append(f"<b>{esc(top.name)}:</b> {esc(kb.render(top.visa))} {esc(top.long_term)}")
    if a.long_term_us_priority:
        parts.append(esc(v["long_term"]))
    return "\n\n".join(parts)


def _list(kb: KnowledgeBase, plan: Plan) -> str:
    lines = [f"• {esc(item)}" for item in kb.texts["program_list"]]
    if plan.answers.visa == "h1b_only":
        lines.insert(0, "• First filter: programs that sponsor the H-1B; note each one's Step 3 deadline.")
    lines.append("")
    lines.append(f"<i>{esc(kb.texts['ranking_ethics'])}</i>")
    return "\n".join(lines)


def _next(kb: KnowledgeBase, plan: Plan) -> str:
    return "\n".join(f"{i}. {esc(step)}" for i, step in enumerate(kb.texts["next_steps"][plan.tier], 1))


def for_you(kb: KnowledgeBase, plan: Plan, part: str) -> tuple[str, str]:
    """One line of the user's own plan for an FAQ answer (HTML), and the plan section that explains it."""
    if part.startswith("rating:"):
        key = part.split(":", 1)[1]
        rating = plan.ratings[key]
        return (f"{LEVEL_ICON[rating.level]} {esc(kb.texts['factors'][key]['title'])}: <b>{esc(rating.level)}</b>"
                f" — {esc(rating.because)}. {esc(rating.would_change)}", "why")
    if part == "backups":
        return "your plan ranks " + ", ".join(
            f"{i}. {esc(name(kb, b.id))}" for i, b in enumerate(plan.backups, 1)), "backups"
    if part == "applications":
        return " · ".join(f"{esc(name(kb, s))} {rng(r)}" for s, r in plan.applications.items()), "apps"
    if part == "letters":
        return esc(plan.letters.note), "letters"
    if part == "visa":
        v, a = kb.texts["visa"], plan.answers
        line = esc(kb.render(v[a.visa]))
        return (line if a.visa == "no_visa_needed" else f"{line} <b>Step 3:</b> {esc(v['step3'][a.step3])}"), "visa"
    if part == "deal_breakers":
        found = [kb.texts["deal_breakers"][d] for d in plan.deal_breakers]
        return (esc("; ".join(found)) if found else "none of these applies to your answers."), "why"
    return (f"<b>{esc(TIER_LABEL[plan.tier])}</b> — {esc(kb.texts['tiers'][plan.tier]['strategy'])}", "why")


_SECTIONS = {"why": _why, "backups": _backups, "apps": _apps, "letters": _letters, "visa": _visa,
             "list": _list, "next": _next}


def as_text(kb: KnowledgeBase, plan: Plan) -> str:
    """The whole plan as one plain document (for the CLI)."""
    chunks = [overview(kb, plan).text] + [section(kb, plan, key).text for key, _ in SECTIONS]
    return plain("\n\n".join(chunks))
