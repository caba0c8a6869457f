"""The plan's first screen: one idea. Who the user is for radiology this season (the tier in a line and the one
reason that weighs most), what matters now (what changes what the user must do: a Match out of reach, a blocked or
narrow visa route, a missing nationality the visa rules depend on, the condition on applying; and always one thing
to do: a deadline within weeks, the last day to sit Step 2 CK, or the plan's first step),
the top backup in a line, and a button to each of the rest, each its own screen with "« Back"
(``dialogs.plan_view``). Nothing leaves the plan: the CLI text and the PDF say every part.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dialogs.plan_view import APPLYING_OR_BEFORE, OUTLOOK_ICON, SENTENCE_END, deal_breaker_texts, first_reason, \
    lists_line, outlook_lines, outlook_title, phase_line, section_buttons, shown_status, step_lines, title
from dialogs.reply import Reply, esc, plain
from knowledge.advisor import Plan, Step
from knowledge.base import KnowledgeBase
from knowledge.steps import BRANCHES
from knowledge.timeline import day_text

#: The first screen holds at most this many words (its visible text, the disclaimer line apart).
WORDS = 150
#: How many things the first screen says matter now: every warning, and deadlines up to this many in all.
NOW_ITEMS = 2
#: A step whose deadline (the calendar's milestone) falls within this many days of today is said on the first
#: screen, as the Pathway's "submit it this week" is (knowledge.pathways.PATHWAY_SOON).
SOON = timedelta(weeks=4)
#: A step and the calendar milestone that is its deadline. Submitting early is due the day programs start reviewing,
#: not the day applications may first go in (that day opens it: keyed to it, the rule missed p01 and p15 on 10 Sep,
#: 13 days before review).
DEADLINES = {"ecfmg_pathway": "ecfmg_pathway", "nrmp_registration": "nrmp_registration_deadline",
             "rank_list": "rank_list", "submit_early": "review"}
WHY_MORE = "“Why this tier”"
#: A step's paragraph said on the first screen longer than this many words is said by its first sentence; the plan's
#: first step, when it is the screen's thing to do, by its first clause beyond it.
HEAD_WORDS = 50


def first_screen(kb: KnowledgeBase, plan: Plan) -> Reply:
    """The plan's overview: the tier and its main reason, what matters now, the top backup; buttons to the rest.
    Held to ``WORDS``, tightened a level at a time (``LEVELS``)."""
    for level in range(LEVELS):
        reply = Reply(_text(kb, plan, level), section_buttons(plan))
        if words(reply.text, kb) <= WORDS:
            break
    return reply


#: How the first screen is tightened, one cut more at each level, until it holds ``WORDS`` (level 0: as written; level
#: N: the first N cuts): the reason without its lead; the top backup by its name; each step by its number alone;
#: the visa line without what the H-1B needs (Step 3) beside a suspension or the USCIS hold; a deadline by its
#: sentence that says "this week" (else its first); one deadline only (the nearest; the others are numbered steps of
#: "What to do now", one tap away), and the condition on applying without where the lists are; no date line beside
#: the line that says this Match is out of reach (it names the Matches and dates); the visa line pointing to "Visa"
#: in a word, the Step 2 CK step or the first step by its first clause; no date line; the "Why" line by its count of
#: reasons alone ("Why: 3 reasons under “Why this tier”"); no "Why" line (the reasons are one tap away); beside the
#: line that says this Match is out of reach and which one to aim at, no step (it is the thing to do). The warnings
#: stay at every level (this Match out of reach, the visa route, a missing nationality, a fixable deal-breaker, the
#: condition on applying), and so does one thing to do. A deadline keeps its reason (p06's Pathway: "To take part in
#: the 2027 Match you must meet …") until the cheaper cuts before it are not enough (round 11, nice-to-have 6), and
#: the "Why" line, while it is there, always says how many reasons it leaves out (nice-to-have 5: p04's read as the
#: only reason).
CUTS = ("reason_lead", "backup_reason", "step_numbers", "visa_step3", "deadline_sentence", "one_deadline", "retarget_date",
        "short_steps", "date_line", "why_count", "no_why", "retarget_no_step")
LEVELS = len(CUTS) + 1


def cut(level: int, name: str) -> bool:
    """Whether the first screen at ``level`` makes the cut ``name`` (one of ``CUTS``)."""
    return CUTS.index(name) < level


def _text(kb: KnowledgeBase, plan: Plan, level: int) -> str:
    lines = [f"📊 <b>Your plan</b> — {headline(plan)}"]
    if not cut(level, "retarget_date" if plan.retarget else "date_line"):
        lines.append(phase_line(kb, plan))
    first, more = first_reason(plan)
    if first and not cut(level, "no_why"):
        lines.append(why_line(first, more, level))
    now = now_items(kb, plan, level)
    if now:
        lines.append("<b>What matters now</b>")
        lines += now
    top = plan.backups[0]
    if cut(level, "step_numbers"):  # each step by its number alone
        lines = [re.sub(r" <i>\((steps? [\d–]+) under “What to do now”\)</i>", r" <i>(\1)</i>", line) for line in lines]
    lines.append(f"<b>Top backup:</b> {esc(kb.specialties[top.id].name)}"
                 + (f" — {esc(top.reasons[0])}" if not cut(level, "backup_reason") else ""))
    return "\n".join(lines + ["", f"<i>{esc(kb.texts['disclaimer'])}</i>"])


def why_line(first: str, more: int, level: int = 0) -> str:
    """The reason that weighs most for the tier, and how many more there are whenever it is not the only one (p04's
    "5 years since graduation" read as the whole of why; round 11, nice-to-have 5); nearly last, the count alone."""
    if cut(level, "why_count"):
        return f"<b>Why:</b> <i>{more + 1} reason{'s' * bool(more)} under {WHY_MORE}</i>"
    said = first.split(": ", 1)[-1] if cut(level, "reason_lead") else first
    return f"<b>Why:</b> {esc(said)}" + (f"; <i>and {more} more under {WHY_MORE}</i>" if more else "")


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
    before applying, the condition a blocked or Step-3-bound route puts on applying (each always said), then what to
    do: the last date to sit Step 2 CK while there is no score, the deadlines within weeks (up to ``NOW_ITEMS`` things
    in all, and at least the nearest), and, where none of these is, the plan's first step. Every screen has one."""
    items: list[str] = []
    if plan.retarget:  # said in words first, from the season calendar and the answers (the phase's `now_retarget`);
        # what to do about it is the step just below (Step 2 CK, for the Match to aim at), not a pointer to it
        items.append(f"🎯 <b>{esc(plan.strategy[-1])}</b>")
    if plan.visa_outlook.status != "open":
        items.append(visa_item(kb, plan, level))
    if plan.answers.visa != "no_visa_needed" and not plan.route.country:
        items.append(f"🌍 <b>{esc(kb.texts['visa_outlook']['no_nationality'])}</b>")
    # a deal-breaker that can still be fixed before applying, and by when: what to do about the tier
    items += [f"🛠 {esc(text)}" for key, text in zip(plan.deal_breakers, deal_breaker_texts(kb, plan))
              if key in plan.fixable]
    condition = apply_condition(kb, plan, short=cut(level, "one_deadline"))
    if condition:
        items.append(f"🚦 {condition}")
    actions = step2_items(kb, plan, clause=0 if cut(level, "short_steps") else None)
    deadlines = deadline_items(kb, plan, cut(level, "deadline_sentence"))
    room = max(0 if actions else 1, NOW_ITEMS - len(items) - len(actions))
    actions += deadlines[:1 if cut(level, "one_deadline") else room]
    if plan.retarget and cut(level, "retarget_no_step"):  # the line that names the Match to aim at is what to do
        return items
    # else the plan's first step; the condition on applying and a deal-breaker to fix (with its date) are each
    # something to do already
    fixing = any(key in plan.fixable for key in plan.deal_breakers)
    fallback = [] if actions or condition or fixing else \
        [f"➡️ {a}" for a in first_action(kb, plan, 0 if cut(level, "short_steps") else HEAD_WORDS)]
    return items + [f"⏰ {a}" for a in actions] + fallback


def apply_condition(kb: KnowledgeBase, plan: Plan, short: bool = False) -> str:
    """Before the applications are in, the condition a route puts on applying at all ("Apply to: only if you can sit
    Step 3 in time, else the 2028 Match"; "not until your visa route is open"), as the Strategy says it (HTML), or
    "" where the route puts none. ``short``: without where the lists are."""
    if plan.phase.id not in APPLYING_OR_BEFORE or plan.retarget:
        return ""
    if not (plan.applies_if_step3_in_time or plan.visa_outlook.status == "blocked"):
        return ""
    line = lists_line(kb, plan)
    return re.sub(r"(;| and) (?:the )?(?:H-1B )?lists (?:for that day )?are under “Programs and costs”.*$", ".", line) \
        if short else line


#: The steps whose first sentence says by when to sit Step 2 CK (issue 22's wording), for a client without a score.
STEP2_STEPS = ("take_step2_ck",)


def step2_items(kb: KnowledgeBase, plan: Plan, clause: int | None = None) -> list[str]:
    """While the client has no Step 2 CK score and this Match's review day is ahead: the first sentence of the step
    that says by when to sit it (round-10 must-fix 2: p09 in June read nothing of it). Once too late for this Match
    (``plan.retarget``) the out-of-reach line says so, and the step (for the next Match) is the screen's first step."""
    if plan.answers.step2_ck_score is not None or plan.retarget:
        return []
    if plan.today >= kb.calendar.date_of("review", plan.answers.match_year)[0]:
        return []
    numbered = [step for step in plan.next_steps if step.id not in BRANCHES]
    return [step_head(i, step, True, clause=clause) for i, step in enumerate(numbered, 1) if step.id in STEP2_STEPS][:1]


def first_action(kb: KnowledgeBase, plan: Plan, clause: int = HEAD_WORDS) -> list[str]:
    """Where nothing else says what to do: the plan's first step by its first sentence (p16/p20's "Consider the 2028
    Match instead"; cut to its first clause beyond ``clause`` words); after the Match, what to do if not matched,
    matched, or partly matched, each by its step's number."""
    numbered = [step for step in plan.next_steps if step.id not in BRANCHES]
    steps = [(i, step) for i, step in enumerate(numbered, 1) if step.id not in SAID_ABOVE]
    outcomes = [(i, step) for i, step in steps if step.id in AFTER_MATCH]
    if outcomes:  # after the Match (not for a client who was not in it): each outcome's step
        i, step = outcomes[0]
        asks = [(j, ASKS.match(other.text)) for j, other in outcomes[1:]]
        said = [step_head(i, step, True, where=False, clause=clause)] + [f"{esc(m.group(1))} Step {j}."
                                                                      for j, m in asks if m]
        last = max([i] + [j for j, m in asks if m])
        return [f"{' '.join(said)} <i>(steps {i}–{last} under “What to do now”)</i>" if last > i else
                f"{said[0]} <i>(step {i} under “What to do now”)</i>"]
    return [step_head(i, step, True, clause=clause) for i, step in steps[:1]]


#: Steps the first screen's warnings already say (this Match out of reach; the suspension): not its action.
SAID_ABOVE = ("retarget_next_match", "visa_exception")
#: After the Match: the steps for each outcome, each opening with its question ("Not matched? …").
AFTER_MATCH = ("reapply", "start_training", "partly_matched")
ASKS = re.compile(r"^([^.?:]{1,60}\?) ")


def visa_item(kb: KnowledgeBase, plan: Plan, level: int = 0) -> str:
    """The visa outlook in short: what blocks or narrows the route (the suspension, Step 3, the USCIS hold); the
    $100,000 payment and the rest are one tap away under "Visa" (unless the payment is all that narrows it)."""
    o = plan.visa_outlook
    more = "the $100,000 H-1B payment and the rest" if "h1b_fee" in o.keys and not cut(level, "short_steps") else "more"
    if plan.j1_choice and plan.phase.id in ("interviewing", "ranking"):
        # what the H-1B needs, and that the J-1 instead is the client's choice (the Strategy says it whole); the
        # headline says which route is blocked
        return (f"{OUTLOOK_ICON[shown_status(plan)]} <b>Visa outlook:</b> "
                f"{esc(kb.texts['visa_outlook']['narrow_j1_choice'])}"
                + ("" if cut(level, "short_steps") and rank_list_soon(kb, plan) else f" {esc(decide_by(kb, plan))}") +
                f" <i>({more} under “Visa”)</i>")
    if o.status == "blocked":
        said = " ".join(o.suspension_summary) or kb.texts["visa_outlook"]["blocked_by_step3"]
        if plan.j1_choice:
            said = kb.texts["visa_outlook"]["blocked_j1_choice"]
        return (f"{OUTLOOK_ICON[shown_status(plan)]} <b>Visa outlook: {esc(outlook_title(kb, plan))}.</b> "
                f"{esc(said)} <i>({more} under “Visa”)</i>")
    shown = [line for key, line in zip(o.keys, o.summary) if key != "h1b_fee"]
    gates = [line for key, line in zip(o.keys, o.summary) if key != "h1b_fee" and not key.startswith("h1b_step3")]
    if cut(level, "visa_step3") and gates:  # a suspension or the USCIS hold first; what Step 3 needs is under "Visa"
        shown = gates
    if not shown or len(o.summary) != len(o.keys):  # the payment alone narrows the route: it is the line
        return outlook_lines(kb, plan, full=False)[0]
    return (f"{OUTLOOK_ICON[o.status]} <b>Visa outlook: {esc(outlook_title(kb, plan))}.</b> {esc(' '.join(shown))}"
            f" <i>({more} under “Visa”)</i>")


def decide_by(kb: KnowledgeBase, plan: Plan) -> str:
    """By when the J-1 choice must be made: the rank-list deadline (a program ranks the client on one visa or the
    other; round-10 nice-to-have 5, p06 on 20 Feb)."""
    return f"Decide before the rank-list deadline, {day_text(*kb.calendar.date_of('rank_list', plan.answers.match_year))}."


def rank_list_soon(kb: KnowledgeBase, plan: Plan) -> bool:
    """Whether the rank-list deadline is said on the first screen as a deadline within weeks (its date is there)."""
    due = kb.calendar.date_of("rank_list", plan.answers.match_year)[0]
    return any(step.id == "rank_list" for step in plan.next_steps) and plan.today < due <= plan.today + SOON


def deadline_items(kb: KnowledgeBase, plan: Plan, short: bool = False) -> list[str]:
    """The plan's steps whose deadline falls within ``SOON`` of today, each as its first short paragraph (HTML),
    with its number in "What to do now"."""
    out: list[tuple[date, str]] = []
    numbered = [step for step in plan.next_steps if step.id not in BRANCHES]
    for i, step in enumerate(numbered, 1):
        milestone = DEADLINES.get(step.id)
        if milestone is None:
            continue
        due: date = kb.calendar.date_of(milestone, plan.answers.match_year)[0]
        if plan.today < due <= plan.today + SOON:  # on the day itself the step says it has passed
            out.append((due, step_head(i, step, short)))
    return [said for _, said in sorted(out, key=lambda pair: pair[0])]  # the nearest first


def step_head(i: int, step: Step, short: bool = False, where: bool = True, clause: int | None = None) -> str:
    """A step's first short paragraph (as "What to do now" shows it) when it is short, else (or when ``short``) its
    sentence that says "this week", else its first (``head``: cut to its first clause beyond ``clause`` words), and
    where the rest of it is. A deadline's sentence stays whole: what it says after its colon is the condition (p02's
    rank list: "only programs … that can start you on a visa open to you")."""
    sentences = SENTENCE_END.split(step.text)
    now = [sentence for sentence in sentences if "this week" in sentence]
    paragraph = re.sub(r"^\d+\. ", "", step_lines(i, step.text)[0])
    if short or len(plain(paragraph).split()) > HEAD_WORDS:
        paragraph = esc(now[0] if now else head(sentences[0], clause))
    return f"{paragraph} <i>(step {i} under “What to do now”)</i>" if where else paragraph


def head(sentence: str, clause: int | None = None) -> str:
    """A step's first sentence, up to a colon that opens a new sentence ("… (estimated): Programs cannot …"), and,
    when longer than ``clause`` words, up to its first colon, semicolon or ", so" ("Certify first, because Step 3 needs
    it: if ECFMG …"; "Sit Step 2 CK by Wed 26 Aug 2026 (estimated) at the latest, so that …"; "Sit Step 2 CK well before
    Wed 25 Aug 2027 (estimated), the last day for a score to reach programs …")."""
    said = re.sub(r": (?=[A-Z]).*$", ".", sentence)
    if clause is not None and len(said.split()) > clause:
        said = re.sub(r"(?:[:;]|, so(?: that)?|, the last day) .*$", ".", said, count=1)
    return said
