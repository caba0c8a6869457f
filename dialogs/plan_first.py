"""The plan's first screen: one idea. Who the user is for radiology this season (the tier in a line and the one
reason that weighs most), what matters now (at most two things that change what the user must do: a Match out of
reach, a blocked or narrow visa route, a missing nationality the visa rules depend on, a deadline within weeks),
the top backup in a line, and a button to each of the rest, each its own screen with "« Back"
(``dialogs.plan_view``). Nothing leaves the plan: the CLI text and the PDF say every part.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dialogs.plan_view import OUTLOOK_ICON, SENTENCE_END, deal_breaker_texts, first_reason, outlook_lines, \
    outlook_title, phase_line, section_buttons, shown_status, step_lines, title
from dialogs.reply import Reply, esc, plain
from knowledge.advisor import Plan, Step
from knowledge.base import KnowledgeBase
from knowledge.steps import BRANCHES

#: The first screen holds at most this many words (its visible text, the disclaimer line apart).
WORDS = 150
#: How many things the first screen says matter now: every warning, and deadlines up to this many in all.
NOW_ITEMS = 2
#: A step whose deadline (the calendar's milestone) falls within this many days of today is said on the first
#: screen, as the Pathway's "submit it this week" is (knowledge.pathways.PATHWAY_SOON).
SOON = timedelta(weeks=4)
#: A step and the calendar milestone that is its deadline.
DEADLINES = {"ecfmg_pathway": "ecfmg_pathway", "nrmp_registration": "nrmp_registration_deadline",
             "rank_list": "rank_list", "submit_early": "submit"}
WHY_MORE = "“Why this tier”"


def first_screen(kb: KnowledgeBase, plan: Plan) -> Reply:
    """The plan's overview: the tier and its main reason, what matters now, the top backup; buttons to the rest.
    Held to ``WORDS``, tightened a level at a time (``LEVELS``)."""
    for level in range(LEVELS):
        reply = Reply(_text(kb, plan, level), section_buttons(plan))
        if words(reply.text, kb) <= WORDS:
            break
    return reply


#: How the first screen is tightened, in turn, until it holds ``WORDS``: 0 as written; 1 a deadline by its sentence
#: that says "this week" (else its first); 2 the reason without its lead, the top backup by its name, the visa line
#: pointing to "Visa" in a word, the out-of-reach line without where to look; 3 the visa line without what the H-1B
#: needs (Step 3) beside a suspension or the USCIS hold; 4 no deadline (each is a numbered step of "What to do now",
#: one tap away); 5 no count of the other reasons, and no date line beside the line that says this Match is out of
#: reach (it names the Matches and dates). The warnings stay at every level: this Match out of reach, the visa
#: route, a missing nationality.
LEVELS = 6


def _text(kb: KnowledgeBase, plan: Plan, level: int) -> str:
    lines = [f"📊 <b>Your plan</b> — {headline(plan)}"]
    if level < 5 or not plan.retarget:
        lines.append(phase_line(kb, plan))
    first, more = first_reason(plan)
    if first:
        said = first.split(": ", 1)[-1] if level >= 2 else first
        lines.append(f"<b>Why:</b> {esc(said)}" + (f"; <i>and {more} more under {WHY_MORE}</i>" if more and level < 5
                                                    else ""))
    now = now_items(kb, plan, level)
    if now:
        lines.append("<b>What matters now</b>")
        lines += now
    top = plan.backups[0]
    lines.append(f"<b>Top backup:</b> {esc(kb.specialties[top.id].name)}"
                 + (f" — {esc(top.reasons[0])}" if level < 2 else ""))
    return "\n".join(lines + ["", f"<i>{esc(kb.texts['disclaimer'])}</i>"])


def headline(plan: Plan) -> str:
    """The tier in a line (HTML), provisional said once: inside "(your record: …)" where the title has one."""
    said = esc(title(plan))
    if not plan.provisional:
        return said
    inside = re.sub(r"\(your record( on the H-1B route)?:", r"(your record\1, provisional:", said, count=1)
    return inside if inside != said else f"{said} <i>(provisional)</i>"


def words(text: str, kb: KnowledgeBase) -> int:
    """A first screen's words as a reader counts them: its visible text without the disclaimer line."""
    return len(plain(text).replace(" ".join(kb.texts["disclaimer"].split()), "").split())


def now_items(kb: KnowledgeBase, plan: Plan, level: int = 0) -> list[str]:
    """What changes what the user must do now, most pressing first (HTML lines): this Match out of reach, the visa
    route blocked or narrow, no nationality where visa rules depend on it, a deal-breaker that can still be fixed
    before applying (each always said), then the deadlines
    within weeks: up to ``NOW_ITEMS`` things in all, and at least the nearest deadline."""
    items: list[str] = []
    if plan.retarget:  # said in words first, from the season calendar and the answers (the phase's `now_retarget`)
        items.append(f"🎯 <b>{esc(plan.strategy[-1])}</b>" + (f" {esc(kb.texts['retarget_now'])}" if level < 2 else ""))
    if plan.visa_outlook.status != "open":
        items.append(visa_item(kb, plan, level))
    if plan.answers.visa != "no_visa_needed" and not plan.route.country:
        items.append(f"🌍 <b>{esc(kb.texts['visa_outlook']['no_nationality'])}</b>")
    # a deal-breaker that can still be fixed before applying, and by when: what to do about the tier
    items += [f"🛠 {esc(text)}" for key, text in zip(plan.deal_breakers, deal_breaker_texts(kb, plan))
              if key in plan.fixable]
    deadlines = deadline_items(kb, plan, level >= 1) if level < 4 else []
    return items + [f"⏰ {d}" for d in deadlines[:max(1, NOW_ITEMS - len(items))]]


def visa_item(kb: KnowledgeBase, plan: Plan, level: int = 0) -> str:
    """The visa outlook in short: what blocks or narrows the route (the suspension, Step 3, the USCIS hold); the
    $100,000 payment and the rest are one tap away under "Visa" (unless the payment is all that narrows it)."""
    o = plan.visa_outlook
    more = "the $100,000 H-1B payment and the rest" if "h1b_fee" in o.keys and level < 2 else "more"
    if plan.j1_choice and plan.phase.id in ("interviewing", "ranking"):
        # what the H-1B needs, and that the J-1 instead is the client's choice (the Strategy says it whole); the
        # headline says which route is blocked
        return (f"{OUTLOOK_ICON[shown_status(plan)]} <b>Visa outlook:</b> "
                f"{esc(kb.texts['visa_outlook']['narrow_j1_choice'])}"
                f" <i>({more} under “Visa”)</i>")
    if o.status == "blocked":
        said = " ".join(o.suspension_summary) or kb.texts["visa_outlook"]["blocked_by_step3"]
        if plan.j1_choice:
            said = kb.texts["visa_outlook"]["blocked_j1_choice"]
        return (f"{OUTLOOK_ICON[shown_status(plan)]} <b>Visa outlook: {esc(outlook_title(kb, plan))}.</b> "
                f"{esc(said)} <i>({more} under “Visa”)</i>")
    shown = [line for key, line in zip(o.keys, o.summary) if key != "h1b_fee"]
    gates = [line for key, line in zip(o.keys, o.summary) if key != "h1b_fee" and not key.startswith("h1b_step3")]
    if level >= 3 and gates:  # a suspension or the USCIS hold first; what Step 3 needs is under "Visa"
        shown = gates
    if not shown or len(o.summary) != len(o.keys):  # the payment alone narrows the route: it is the line
        return outlook_lines(kb, plan, full=False)[0]
    return (f"{OUTLOOK_ICON[o.status]} <b>Visa outlook: {esc(outlook_title(kb, plan))}.</b> {esc(' '.join(shown))}"
            f" <i>({more} under “Visa”)</i>")


def deadline_items(kb: KnowledgeBase, plan: Plan, short: bool = False) -> list[str]:
    """The plan's steps whose deadline falls within ``SOON`` of today, each as its first short paragraph (HTML),
    with its number in "What to do now"."""
    out = []
    numbered = [step for step in plan.next_steps if step.id not in BRANCHES]
    for i, step in enumerate(numbered, 1):
        milestone = DEADLINES.get(step.id)
        if milestone is None:
            continue
        due: date = kb.calendar.date_of(milestone, plan.answers.match_year)[0]
        if plan.today < due <= plan.today + SOON:  # on the day itself the step says it has passed
            out.append(step_head(i, step, short))
    return out


def step_head(i: int, step: Step, short: bool = False) -> str:
    """A step's first short paragraph (as "What to do now" shows it), or (``short``) its sentence that says "this
    week", else its first, and where the rest of it is."""
    sentences = SENTENCE_END.split(step.text)
    now = [sentence for sentence in sentences if "this week" in sentence]
    head = esc(" ".join(now or sentences[:1])) if short else re.sub(r"^\d+\. ", "", step_lines(i, step.text)[0])
    return f"{head} <i>(step {i} under “What to do now”)</i>"
