"""The plan as chat screens: a short overview, and one screen per section (a long section in pages),
each with "« Back" to the overview. A screen holds one idea: at most about ``SCREEN`` characters.
The sentences are the advisor's (``knowledge.advisor``); this module decides how they are laid out.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Callable

from dialogs import callbacks as cb
from dialogs.reply import Button, Reply, button, esc, plain, rows
from dialogs.session import Session
from knowledge.advisor import Plan, build_plan, visa_fit
from knowledge.answers import Answers, AnswersError, country_name, validate_answers
from knowledge.base import KnowledgeBase
from knowledge.steps import BRANCHES, fitted, letters_moved
from knowledge.visa import STEP3_UNLIKELY, nationality_line, outlook_paragraphs
from knowledge.timeline import day_text
from knowledge.visa import as_chosen

TIER_LABEL = {"higher": "Higher-likelihood (for an IMG)", "moderate": "Moderate risk", "high": "High risk"}
LEVEL_ICON = {"strong": "🟢", "average": "🟡", "weak": "🔴", "unknown": "⚪"}
OUTLOOK_ICON = {"open": "✅", "narrow": "⚠️", "blocked": "⛔"}
SECTIONS = (
    ("next", "What to do now"),
    ("why", "Why this tier"),
    ("strategy", "Strategy"),
    ("backups", "Backups ranked"),
    ("apps", "Programs and costs"),
    ("signals", "Signals"),
    ("letters", "Letters, statements, CV"),
    ("visa", "Visa"),
    ("list", "Choosing programs"),  # how to build a list; the user's own list is /programs ("My programs")
)
SCREEN = 1500  # characters a screen holds, at most (visible text): the rest is one tap away
APPLYING_OR_BEFORE = ("preparing", "building", "assembling", "applying")
SEASON_PAID = ("interviewing", "ranking")  # the applications are paid and in; the Match is what remains


def plan_from(kb: KnowledgeBase, session: Session, today: date) -> Plan | None:
    """The plan for a completed assessment (None before it is complete or if the answers are invalid)."""
    if not session.complete:
        return None
    try:
        return plan_for(validate_answers(session.answers), kb, today)
    except AnswersError:
        return None


@lru_cache(maxsize=512)
def plan_for(answers: Answers, kb: KnowledgeBase, today: date) -> Plan:
    """Plans are pure in (answers, knowledge base, day): a user opening several sections builds one."""
    return build_plan(answers, kb, today)


class PlanPage(cb.Callback, prefix="plan"):
    """A page of a long section (``cb.PlanSection`` opens its first)."""
    key: str
    page: int


class PlanPicture(cb.Callback, prefix="pic:plan"):
    """The picture of the seven ratings again, on request."""


#: The overview's buttons, in this order: what to do, the strategy and the tier first, then the details.
BUTTONS = ("next", "strategy", "why", "backups", "apps", "visa", "signals", "letters", "list")


def section_buttons(plan: Plan | None = None) -> tuple[tuple[Button, ...], ...]:
    """A button per section (with how many steps are under "What to do now"), and one for the PDF."""
    labels = dict(SECTIONS)
    if plan is not None:
        n = sum(1 for step in plan.next_steps if step.id not in BRANCHES)
        labels["next"] = f"➡️ {labels['next']} ({n} step{'s' * (n != 1)})"
    return rows([button(labels[key], cb.PlanSection(key)) for key in BUTTONS], 2) + \
        ((button("📄 The plan as a PDF", cb.PlanPdf()),),)


def back_to_plan() -> Button:
    return button("« Back to my plan", cb.PlanSection("overview"))


def _open_tags(text: str) -> int:
    return len(re.findall(r"<[a-z][^>]*>", text)) - len(re.findall(r"</[a-z]+>", text))


def _cut_line(line: str, limit: int) -> list[str]:
    """A line longer than a screen, cut between sentences (else between words) outside any tag, so each
    piece is whole HTML of at most ``limit`` visible characters: one more page, never a wall of text that
    Telegram's 4,096 characters would split into two messages."""
    words = re.split(r"(?<=[.;:!?]) +", line)
    if any(len(plain(w)) > limit for w in words):
        words = line.split(" ")
    pieces: list[str] = []
    for word in words:
        joined = f"{pieces[-1]} {word}" if pieces else word
        if pieces and (_open_tags(pieces[-1]) or len(plain(joined)) <= limit):
            pieces[-1] = joined
        else:
            pieces.append(word)
    return pieces


def pages(text: str, limit: int = SCREEN) -> list[str]:
    """Cut a section into screens of at most ``limit`` visible characters, between paragraphs where it
    can, else between lines (every line is whole HTML: tags never span lines), else between sentences."""
    out: list[str] = []
    current = ""
    for block in text.split("\n\n"):
        pieces = [block] if len(plain(block)) <= limit else \
            [cut for line in block.split("\n") for cut in _cut_line(line, limit)]
        for piece in pieces:
            sep = "\n\n" if piece is block else "\n"
            joined = f"{current}{sep}{piece}" if current else piece
            if current and len(plain(joined)) > limit:
                out.append(current)
                current = piece
            else:
                current = joined
    if current:
        out.append(current)
    return out or [""]


def name(kb: KnowledgeBase, sid: str) -> str:
    return kb.specialties[sid].name


def rng(lo_hi: tuple[int, int]) -> str:
    lo, hi = lo_hi
    if hi == 0:
        return "none"
    if lo == hi:
        return f"{hi}"
    return f"{lo}–{hi}" if lo else f"up to {hi}"


def count_words(plan: Plan, sid: str) -> str:
    """A specialty's count: "80–120 programs", "none", or, when the list is every program in its pool, that
    (with the pool's size as the most: "every one that sponsors the H-1B and takes IMGs (at most 49)")."""
    r = plan.lists[sid]
    pool = plan.whole_pool.get(sid) or plan.second_pool.get(sid)
    # the pool's size is an estimate (a survey's share, or an old count): "about", with where it comes from
    if pool == "sponsoring":
        sponsoring = plan.sponsoring.get(sid) or plan.second_sponsoring.get(sid)
        year = sponsoring.fact.year if sponsoring is not None else None
        return f"every H-1B sponsor that takes IMGs (about {r[1]}, an estimate from a {year} survey)" if year \
            else f"every H-1B sponsor that takes IMGs (about {r[1]}, an estimate)"
    if pool == "uncounted":  # no source counts this specialty's H-1B sponsors (the second list's note says so)
        return f"every H-1B sponsor that takes IMGs, up to about {r[1]} — how many exist is not known"
    if pool == "programs":
        available = plan.programs_available.get(sid) or plan.second_available.get(sid)
        year = available.fact.year if available is not None else None
        # the count is every program there is, not those that take this client: say which
        fit = visa_fit(plan.route)
        takes = "takes IMGs" + (f" and {fit[1]}" if fit else "")
        said = f"a {year} count" if year else "an estimate"
        return f"every program that {takes} (of about {r[1]} in all, {said}; how many do is not known)"
    return rng(r) + (" programs" if r[1] else "")


def apply_line(kb: KnowledgeBase, plan: Plan) -> str:
    """ "Internal medicine 120–160 programs · Diagnostic radiology none" """
    return " · ".join(f"{esc(name(kb, sid))} {esc(count_words(plan, sid))}" for sid in plan.lists)


def title(plan: Plan, icons: bool = True) -> str:
    """The plan's headline: the tier, unless the visa route says more first. A route that is blocked is what the
    plan leads with (the tier is what the record would give once it opens); a narrow one is said beside it."""
    status = plan.visa_outlook.status
    icon = f"{OUTLOOK_ICON[shown_status(plan)]} " if icons else ""
    # the tier said is the route's; where it differs from the answers' (CONTRACTS §2, the JSON's `tier`: a J-1 a
    # suspension closes), the title says whose it is
    on_route = plan.tier_whose
    if status == "blocked":  # no parenthesis inside the parenthesis ("Higher-likelihood (for an IMG)")
        record = TIER_LABEL[plan.route_tier].replace(" (for an IMG)", " for an IMG")
        if plan.j1_choice:  # the H-1B route is blocked for this Match, not every route: the J-1 is the client's choice
            return (f"{icon}H-1B route {j1_choice_how(plan)} for the {plan.answers.match_year} Match · J-1 open to "
                    f"you if you choose it (your record: {record})")
        return f"{icon}Blocked by your visa route for now (your record{on_route}: {record})"
    if plan.phase.id == "after_match" and not plan.retarget and plan.counts_tier != plan.route_tier:
        # the lists are the reapplication's: the tier they follow is said beside this Match's
        on_route += f" in the {plan.answers.match_year} Match · {TIER_LABEL[plan.counts_tier]} if you reapply"
    if status == "narrow":
        return f"{TIER_LABEL[plan.route_tier]}{on_route} · {icon}visa route narrow"
    return TIER_LABEL[plan.route_tier] + on_route


def dates(kb: KnowledgeBase, plan: Plan) -> dict[str, str]:
    """The plan's Match dates as text, for the guidance placeholders."""
    from knowledge.steps import date_values
    return {**date_values(kb, plan.answers.match_year), "next_match": str(plan.answers.match_year + 1),
            "match_year": str(plan.answers.match_year)}


def phase_line(kb: KnowledgeBase, plan: Plan) -> str:
    title = kb.texts["phases"][plan.phase.id]["title"]
    return f"📅 {esc(day_text(plan.today))} · <b>{esc(title)}</b> " \
           f"({plan.answers.match_year} Match)"


def j1_choice_how(plan: Plan) -> str:
    """How the H-1B route stands for a client offered the J-1 as a choice (round-9 must-fix 4: not "blocked" beside
    a Strategy that says how to stay on it): very unlikely once interviews have begun, else closing."""
    return "very unlikely" if plan.phase.id in STEP3_UNLIKELY else "closing"


def shown_status(plan: Plan) -> str:
    """The outlook's icon: a choice (the J-1 open, the H-1B closing) is narrow, not ⛔ (the JSON keeps `blocked`)."""
    status = plan.visa_outlook.status
    return "narrow" if plan.j1_choice and status == "blocked" else status


def outlook_title(kb: KnowledgeBase, plan: Plan) -> str:
    """The outlook's word: for a client whose J-1 is their own choice, the H-1B route is what is blocked, for this
    Match (the contract's status stays `blocked`)."""
    if plan.j1_choice and plan.visa_outlook.status == "blocked":
        return kb.render(kb.texts["visa_outlook"]["title_j1_choice"], {"match_year": plan.answers.match_year,
                                                                        "how": j1_choice_how(plan)})
    return str(kb.texts["visa_outlook"]["title"][plan.visa_outlook.status])


def outlook_lines(kb: KnowledgeBase, plan: Plan, full: bool = True) -> list[str]:
    """The visa outlook, said plainly when it is not open."""
    o = plan.visa_outlook
    if o.status == "open":
        return []
    title = outlook_title(kb, plan)
    head = f"{OUTLOOK_ICON[shown_status(plan)]} <b>Visa outlook: {esc(title)}.</b> "
    if not full:
        return [head + esc(" ".join(o.summary))]
    # the Visa section: one short paragraph per idea, not one block (each reason is one, and a reason that turns to
    # the next idea mid-way is cut there, its tail opening the paragraph the next reason continues)
    t = kb.texts["visa_outlook"]
    paragraphs = outlook_paragraphs(o.reasons, o.keys, t.get("paragraph_starts", ()), t.get("paragraph_joins", ()))
    lines = [head + esc(paragraphs[0])] + [line for p in paragraphs[1:] for line in ("", esc(p))]
    if o.possible:
        lines += ["", "<b>Still possible:</b> " + esc(" ".join(o.possible))]
    return lines


def overview(kb: KnowledgeBase, plan: Plan) -> Reply:
    """The plan's first screen: one idea (``dialogs.plan_first``, which builds on this module), every section one
    tap away."""
    from dialogs.plan_first import first_screen
    return first_screen(kb, plan)


def first_reason(plan: Plan) -> tuple[str, int]:
    """The reason that weighs most for the tier, as the first screen says it, and how many more there are. The
    record's first reason (the visa's risk is the first screen's visa line), cut to its lead and first item when it
    lists several ("What holds the tier at moderate: A; B; C"). A blocked route is its own reason: none."""
    if plan.visa_outlook.status == "blocked":
        return "", 0
    record = plan.tier_reasons[1:] if plan.visa_outlook.status != "open" and len(plan.tier_reasons) > 1 \
        else plan.tier_reasons
    if not record:
        return "", 0
    first, more = record[0], len(record) - 1
    lead, colon, listed = first.partition(": ")
    parts = listed.split("; ") if colon else []
    if len(parts) > 1:
        first, more = f"{lead}: {parts[0]}", more + len(parts) - 1
    return first, more


def lists_line(kb: KnowledgeBase, plan: Plan) -> str:
    """The plan's program counts, said for the phase: to apply to, sized for this Match, or for the next one."""
    year, blocked = plan.answers.match_year, plan.visa_outlook.status == "blocked"
    if plan.retarget:
        return (f"<b>Lists for the {year + 1} Match:</b> {apply_line(kb, plan)} (as your profile stands; "
                "update it with /profile)")
    if plan.phase.id == "after_match":
        return f"<b>If you reapply for the {year + 1} Match:</b> {apply_line(kb, plan)} (as your profile stands)"
    if plan.phase.id not in APPLYING_OR_BEFORE:
        remains = {"interviewing": "interviews, the rank list and SOAP readiness",
                   "ranking": "the rank list and SOAP readiness"}.get(plan.phase.id, "Match Week and SOAP")
        if blocked:
            return f"<b>Lists</b> for the day your route opens: under “Programs and costs”. Now: {remains}."
        return f"<b>Lists sized for the {year} Match:</b> {apply_line(kb, plan)}. Now: {remains}."
    if plan.applies_if_step3_in_time and plan.j1_choice:  # with the J-1 this Match stays open (see Strategy)
        return ("<b>Apply to:</b> your choice decides it (see Strategy): on the H-1B, only if you can sit Step 3 in "
                "time; the H-1B lists are under “Programs and costs”, and choosing the J-1 makes new ones.")
    if plan.applies_if_step3_in_time:
        return (f"<b>Apply to:</b> only if you can sit Step 3 in time, else the {year + 1} Match (see Strategy); "
                "the lists are under “Programs and costs”.")
    if blocked:
        return "<b>Apply to:</b> not until your visa route is open (see Visa); the lists for that day are under " \
            "“Programs and costs”."
    extra = plan.second_eras_usd
    return (f"<b>Apply to:</b> {apply_line(kb, plan)} (ERAS fees about ${plan.costs.eras_usd + extra:,}; "
            f"all fees about ${plan.costs.total_usd + extra:,}, see Programs and costs)")


def sized_for(plan: Plan) -> str:
    """What a blocked plan's counts are sized for."""
    if plan.route.id != "h1b":
        return "the day a visa route opens to you"
    return "the H-1B route, open to you once Step 3 is passed" + (
        "; if the J-visa suspension is lifted, the J-1 lists would be wider" if plan.route.j_closed else "")


def deal_breaker_texts(kb: KnowledgeBase, plan: Plan) -> list[str]:
    """Each deal-breaker, and for one that can still be fixed, until when."""
    fixable = kb.texts["deal_breakers_fixable"]
    return [kb.texts["deal_breakers"][d] + (" " + kb.render(fixable[d], dates(kb, plan), plan.today)
                                            if d in plan.fixable else "")
            for d in plan.deal_breakers]


def section_pages(kb: KnowledgeBase, plan: Plan, key: str) -> list[str]:
    """A section's screens (HTML, without the title)."""
    made = _SECTIONS[key](kb, plan)
    return [screen for part in ([made] if isinstance(made, str) else made) for screen in pages(part)]


def section(kb: KnowledgeBase, plan: Plan, key: str, page: int = 0) -> Reply:
    """One screen of a section: its title (and page), "‹ Previous" / "Next ›" between its pages, and
    "« Back" to the overview."""
    if key not in _SECTIONS:
        return overview(kb, plan)
    screens = section_pages(kb, plan, key)
    page = max(0, min(page, len(screens) - 1))
    title = dict(SECTIONS)[key] + (f" · {page + 1} of {len(screens)}" if len(screens) > 1 else "")
    turn = []
    if page > 0:
        turn.append(button("‹ Previous", PlanPage(key, page - 1)))
    if page < len(screens) - 1:
        turn.append(button("Next ›", PlanPage(key, page + 1)))
    extra = (button("🖼 The picture again", PlanPicture()),) if key == "why" and page == len(screens) - 1 else ()
    keyboard = ((tuple(turn),) if turn else ()) + ((back_to_plan(), *extra),)
    return Reply(f"<b>{esc(title)}</b>\n" + screens[page], keyboard)


def _why(kb: KnowledgeBase, plan: Plan) -> list[str]:
    """Why this tier (each reason once: a reason that a "what would change it" line already names is not
    listed again), then the seven ratings on a screen of their own."""
    reasons = [r for r in plan.tier_reasons if not any(c in r or r in c for c in plan.tier_changers)]
    folded = [r for r in plan.tier_reasons if r not in reasons]
    lead = folded[0].split(":")[0] + ":" if len(folded) == 1 and ":" in folded[0] else \
        "What puts it here, and what would change it:" if folded else "What would change it:"
    on_route = plan.tier_whose  # not the answers' tier (the JSON's): the H-1B route's, the next Match's
    blocked = plan.visa_outlook.status == "blocked"
    said = f"Tier{on_route}" + (", once it opens" if on_route else " once a visa route opens") \
        if blocked else f"Tier{on_route}"
    lines = [f"{said}: <b>{esc(TIER_LABEL[plan.route_tier])}</b>"]
    if plan.phase.id == "after_match" and not plan.retarget and plan.counts_tier != plan.route_tier:
        # the lists are the reapplication's: the tier they follow is said beside this Match's
        lines.append(f"If you reapply for the {plan.answers.match_year + 1} Match: "
                     f"<b>{esc(TIER_LABEL[plan.counts_tier])}</b> (the lists follow this tier)")
    if plan.provisional:
        lines.append(f"<i>{esc(kb.texts['provisional'])}</i>")
    # every reason, each once: the first screen's (unless it said only part of it) and a reason a "what would change
    # it" line names are not listed again
    lines += [f"• {esc(r)}" for r in reasons if r != first_reason(plan)[0]]
    if plan.deal_breakers:
        lines.append("<b>Deal-breakers:</b> " + esc(" ".join(deal_breaker_texts(kb, plan))))
    lines += [f"<b>{esc(lead)}</b>", *(f"• {esc(c)}" for c in plan.tier_changers)]
    if plan.near:
        lines += ["<b>How close you are to another tier:</b>", *(f"• {esc(n)}" for n in plan.near)]
    ratings = ["<b>Your seven ratings</b>"]
    for key, rating in plan.ratings.items():
        factor = kb.texts["factors"][key]
        ratings.append(f"{LEVEL_ICON[rating.shown_level]} <b>{esc(factor['title'])}: {esc(rating.shown_words)}</b> — "
                       f"{esc(rating.because)}. {esc(rating.would_change)}")
    return ["\n".join(lines), "\n".join(ratings)]


def _strategy(kb: KnowledgeBase, plan: Plan) -> str:
    """The strategy, one paragraph per line (its last line, where the season stands, opens "What to do now"), then
    what to apply to."""
    parts = [esc(line) for line in plan.strategy[:-1]] + [lists_line(kb, plan)]
    if plan.radiology_only_defensible and plan.phase.id in APPLYING_OR_BEFORE:
        parts.append("Your profile is strong enough that applying to radiology only would be defensible; the cautious "
                     "route is still a small backup list.")
    return "\n\n".join(parts)


def _backups(kb: KnowledgeBase, plan: Plan) -> list[str]:
    """One screen per backup, in the plan's order; the PGY-1 note with the last."""
    screens = []
    for i, choice in enumerate(plan.backups, 1):
        spec = kb.specialties[choice.id]
        lines = [f"<b>{i}. {esc(spec.name)}</b> — {esc(spec.summary)}"]
        lines.extend(f"  • {esc(r)}" for r in choice.reasons[:4])
        con = spec.cons[0] + (f" {spec.j1_note}" if spec.j1_note and plan.route.id == "j1" else "")
        lines.append(f"  ＋ {esc(spec.pros[0])}  − {esc(con)}")
        lines.append(f"  Fits: {esc(spec.fits)}")
        if spec.adjacent_paths:
            lines.append(f"  Radiology-adjacent paths: {esc(', '.join(spec.adjacent_paths))}")
        screens.append("\n".join(lines))
    if plan.applies_to_radiology:
        screens[-1] += "\n\n" + esc(kb.render(kb.texts["pgy1"], today=plan.today))
    return screens


def _apps(kb: KnowledgeBase, plan: Plan) -> str:
    lines = []
    if plan.applies_if_step3_in_time and plan.j1_choice:
        lines.append("⛔ <i>The lists for the H-1B you chose, only if you can sit Step 3 in time (see Strategy); if you "
                     "choose the J-1 instead, change your visa answer with /profile and the lists are made again.</i>")
    elif plan.applies_if_step3_in_time:
        lines.append(f"⛔ <i>Only if you can sit Step 3 in time (see Strategy); if you cannot, spend nothing this "
                     f"season and use these counts for the {plan.answers.match_year + 1} Match.</i>")
    elif plan.visa_outlook.status == "blocked" and plan.phase.id in SEASON_PAID:
        # in interview season the client has applied: the question is whether to rank
        lines.append("⛔ <i>Rank only once your route opens (see Visa); these are the lists sized for "
                     f"{esc(sized_for(plan))}.</i>")
    elif plan.visa_outlook.status == "blocked":
        lines.append("⛔ <i>Not a plan to apply yet: your visa route is blocked (see Visa). These are the counts "
                     f"for {esc(sized_for(plan))}.</i>")
    elif plan.retarget or plan.phase.id == "after_match":
        lines.append(f"<i>For the {plan.answers.match_year + 1} Match, as your profile stands today.</i>")
    elif plan.phase.id not in APPLYING_OR_BEFORE:
        lines.append(f"<i>The lists this plan sized for the {plan.answers.match_year} Match; what remains now is "
                     "the Match itself.</i>")
    notes = " ".join(plan.application_notes)
    for sid, r in plan.lists.items():
        line = f"• {esc(name(kb, sid))}: <b>{esc(count_words(plan, sid))}</b>"
        available = plan.programs_available.get(sid) or kb.season.programs.get(sid)
        # the count of programs that exist, unless a note below already cites it (said once)
        if available is not None and r[1] and available.fact.text not in notes:
            line += f" <i>(programs that exist: {esc(available.fact.cite(plan.today))})</i>"
        lines.append(line)
    lines.extend(f"• {esc(n)}" for n in plan.application_notes)
    return "\n".join(lines + [""] + _costs(kb, plan))


def _costs(kb: KnowledgeBase, plan: Plan) -> list[str]:
    """What the plan costs, for the phase: in interview season what is still to pay (the applications are paid);
    otherwise the season's fees for the plan's upper counts, then other fees on the way."""
    c, labels, ahead = plan.costs, kb.texts["costs"], kb.texts["costs_ahead"]
    season = plan.phase.id in SEASON_PAID and not plan.retarget
    lines: list[str] = []
    if not season:
        extra = plan.second_eras_usd
        lines.append(f"<b>Costs for this plan: about ${c.total_usd + extra:,}</b> <i>(each fee of its own season "
                     "below; check the current ones)</i>")
        for item in c.items:
            label = labels.get(item.id, item.id)
            if item.id == "eras":
                per = {**c.per_specialty, **{sid: kb.season.eras.for_programs(hi) for sid, (_, hi) in
                                             plan.second.items() if hi}}
                detail = ", ".join(f"{name(kb, sid)} ${usd:,}" for sid, usd in per.items())
                lines.append(f"• {esc(label)}: ${item.usd + extra:,} ({esc(detail)}; {esc(item.as_of)} fees)")
            else:
                dated = kb.texts.get("costs_dated", {}).get(item.id)
                said = f" {kb.render(dated, {'as_of': item.as_of})}" if dated else ""
                lines.append(f"• {esc(label)}: ${item.usd:,}{esc(said)} <i>({esc(item.fact.note(plan.today))})</i>")
        lines.append(f"<i>{esc(c.assumes)}</i>")
    if c.ahead:
        lines.append(f"<b>{esc(ahead['title_season' if season else 'title'])}</b>")
        in_steps = " ".join(step.text for step in plan.next_steps).casefold()
        for a in c.ahead:
            fact = a.fact
            line = fitted(ahead, a.id, plan.answers.visa != "no_visa_needed", plan.applies_to_radiology)
            text = line.format(usd=f"${a.usd:,}" if a.usd is not None else "", fee=fact.text if fact else "")
            if fact is None or a.id == "extra_ranks":
                note = ""
            elif fact.text.casefold() in in_steps:  # a step already says the fee in full: said once
                note = f" <i>({esc(ahead['said_in_steps'])})</i>"
            else:  # the fee's own sentence, or the line's words followed by the sentence that dates them
                note = f" <i>({esc(fact.note(plan.today) if '{fee}' in ahead[a.id] else fact.cite(plan.today))})</i>"
            lines.append(f"• {esc(text[0].upper() + text[1:])}{note}")
        if season:
            paid = ", ".join([f"ERAS about ${c.eras_usd + plan.second_eras_usd:,}"] + [f"{labels.get(i.id, i.id)} ${i.usd:,}"
                                                                  for i in c.items if i.id not in ("eras", "nrmp")])
            lines.append(f"<i>{esc(ahead['paid'].format(paid=paid))}</i>")
    return lines


def _signals(kb: KnowledgeBase, plan: Plan) -> str:
    from dialogs.plan_signals import signals_text  # the Signals screen, its own module (it builds on this one)
    return signals_text(kb, plan)


def _letters(kb: KnowledgeBase, plan: Plan) -> str:
    d, top = kb.texts["dual_applying"], plan.backups[0].id
    if plan.phase.id in SEASON_PAID + ("match_week",) and not plan.retarget:
        # the season's letters and statements went out with the applications: what matters now is SOAP
        s = kb.texts["letters_season"]
        backup = " and ".join(name(kb, sid).lower() for sid in (top, *plan.second))
        return "\n\n".join(esc(kb.render(s[k], {"backup": backup}, plan.today))
                            for k in ("letters", "statements" if plan.second else "statement"))
    # while letters are still being gathered, the letters moved from the old portal, for a client applying in that
    # season (round-12 nice-to-have 4: reads with no letters step had lost it)
    # (after the Match, the letters are for the next one); once, where a letters step already says it
    moved = "" if any(step.id == "letters" for step in plan.next_steps) else \
        letters_moved(kb, plan.answers.match_year + (plan.retarget or plan.phase.id == "after_match"))
    parts = [f"<b>Letters:</b> {esc(plan.letters.note)}", esc(kb.render(d["letters"] + moved, today=plan.today)),
             f"{esc(name(kb, top))}: {esc(kb.specialties[top].letters)}"]
    for sid in plan.second:  # the second backup list: its own letters and its own statement
        parts.append(f"{esc(name(kb, sid))} (your second list): {esc(kb.specialties[sid].letters)} Write it its own "
                     "personal statement, as genuine as the first; never present either as a second choice.")
    if plan.applies_to_radiology:
        parts.append(f"{esc(name(kb, plan.goal))}: {esc(kb.specialties[plan.goal].letters)}")
        parts += [f"<b>Personal statements:</b> {esc(d['statements'])}", f"<b>CV:</b> {esc(d['cv'])}",
                  f"<b>When to dual-apply:</b> {esc(d['when'])}"]
    else:
        parts += ["<b>Personal statements:</b> one genuine statement for each specialty; never present either "
                  "as a second choice." if plan.second else
                  "<b>Personal statement:</b> one genuine statement for your specialty; never present it as "
                  "a second choice.", f"<b>CV:</b> {esc(d['cv'])}"]
    return "\n\n".join(parts)


def visa_text(kb: KnowledgeBase, plan: Plan) -> str:
    """What the user's visa situation means for their lists, following the route in force."""
    v, route = kb.texts["visa"], plan.route
    key = {"j": "j_suspended", "all": "all_suspended"}.get(route.suspended or "", plan.answers.visa)
    return kb.render(v[key], today=plan.today)


def step3_text(kb: KnowledgeBase, plan: Plan) -> str:
    """Step 3 for this user on this day ("before the rank-list deadline" in December, not "before ERAS opens")."""
    from knowledge.steps import pick
    flags = {"h1b": ("h1b",), "closed": ("closed",)}.get(plan.route.id, ())
    text = pick(kb.texts["visa"]["step3"][plan.answers.step3], plan.phase.id, flags) or ""
    said = " ".join(kb.render(text, dates(kb, plan), plan.today).split())
    return as_chosen(kb, said) if plan.j1_choice else said


def _visa(kb: KnowledgeBase, plan: Plan) -> str:
    v, a, route = kb.texts["visa"], plan.answers, plan.route
    parts = ["\n".join(outlook_lines(kb, plan))] if plan.visa_outlook.status != "open" else []
    parts.append(esc(visa_text(kb, plan)))
    if a.visa != "no_visa_needed":
        parts.append(f"<b>Step 3:</b> {esc(step3_text(kb, plan))}")
    nationality = nationality_line(a, route, kb, plan.today)  # its wording is knowledge's (visa.py)
    if nationality:
        parts.append(f"<b>Nationality:</b> {esc(nationality[0])}")
        parts += [esc(line) for line in nationality[1:]]
    top = kb.specialties[plan.backups[0].id]
    if a.visa == "no_visa_needed":
        parts.append(f"<b>{esc(top.name)}:</b> {esc(v['long_term_no_visa'])}")
    elif route.id == "j1":
        parts.append(f"<b>{esc(top.name)}:</b> {esc(kb.render(top.visa, today=plan.today))} {esc(top.long_term)}")
        if a.long_term_us_priority:
            parts.append(esc(v["long_term_immigrant_only" if route.immigrant_suspended else "long_term"]))
    else:
        pool = plan.sponsoring.get(top.id)
        if pool is not None and route.id == "h1b":
            # the count is worked out from a survey's share, and said as such (not as a count the study gave)
            total = kb.season.programs[top.id].count
            surveyed = (pool.fact.value or {}).get("surveyed")
            of = f"the {surveyed} programs surveyed" if surveyed else "the programs surveyed"
            parts.append(f"<b>{esc(top.name)}:</b> about {pool.count} of the {total} programs sponsor the H-1B"
                         + (" (an estimate; see Programs and costs)." if pool.estimated else
                            f", an estimate from a survey: {pool.percent:g}% of {of} sponsored it "
                            f"({esc(pool.fact.source)}, {pool.fact.year})."))
        if a.long_term_us_priority:
            parts.append(esc(v["long_term_suspended" if route.suspended else
                               "long_term_immigrant_only" if route.immigrant_suspended else "long_term_h1b"]))
    return "\n\n".join(p for p in parts if p)


def _list(kb: KnowledgeBase, plan: Plan) -> str:
    season = plan.phase.id in SEASON_PAID + ("match_week",) and not plan.retarget
    items = fitted(kb.texts, "program_list_season" if season else "program_list", plan.answers.visa != "no_visa_needed",
                   plan.applies_to_radiology)
    lines = [f"• {esc(kb.render(item, today=plan.today))}" for item in items]
    if plan.route.h1b_pool:
        lines.insert(0, "• First filter: programs that sponsor the H-1B; ask each one by when it wants Step 3 "
                        "passed (a program's own rule, not the law's).")
    lines.append("")
    lines.append(f"<i>{esc(kb.texts['ranking_ethics'])}</i>")
    return "\n".join(lines)


def _next(kb: KnowledgeBase, plan: Plan) -> str:
    lines = [phase_line(kb, plan), esc(plan.strategy[-1]), ""]
    numbered = [step for step in plan.next_steps if step.id not in BRANCHES]
    for i, step in enumerate(numbered, 1):
        lines += step_lines(i, step.text)
    # a step for another situation than the plan assumes is a condition after the list, not one of its steps
    lines += [line for step in plan.next_steps if step.id in BRANCHES
              for line in ["", f"<i>{esc(step.text)}</i>"]]
    return "\n".join(lines)


#: Where a step's text may break into short paragraphs: after a sentence, before one that starts a new thought.
SENTENCE_END = re.compile(r"(?<=[.)])\s+(?=[A-Z])")
#: A step's paragraph grows sentence by sentence up to about this many characters.
PARAGRAPH = 360


#: Sentences that say where a step's dates come from: a line of their own (``step_lines``).
NOTE_LEADS = ("Dates estimated from",)


def step_lines(i: int, text: str) -> list[str]:
    """A step as short paragraphs, not a wall of text: its sentences grouped up to about ``PARAGRAPH`` characters,
    each group on its own indented line, and its sources last, on their own line (HTML)."""
    at = max(text.rfind(" Source: "), text.rfind(" Sources: "))
    body, sources = (text[:at], text[at + 1:]) if at > 0 else (text, "")
    groups: list[str] = []
    for sentence in SENTENCE_END.split(body):
        # a note on where dates come from stands alone: the next subject starts its own line (round-12 nice 8)
        if groups and len(groups[-1]) + len(sentence) < PARAGRAPH and not groups[-1].startswith(NOTE_LEADS):
            groups[-1] += " " + sentence
        else:
            groups.append(sentence)
    lines = [f"{i}. {esc(groups[0])}"] + [f"   {esc(g)}" for g in groups[1:]]
    return lines + ([f"   <i>{esc(sources)}</i>"] if sources else [])


def for_you(kb: KnowledgeBase, plan: Plan, part: str) -> tuple[str, str]:
    """One line of the user's own plan for an FAQ answer (HTML), and the plan section that explains it."""
    if part.startswith("rating:"):
        key = part.split(":", 1)[1]
        rating = plan.ratings[key]
        return (f"{LEVEL_ICON[rating.shown_level]} {esc(kb.texts['factors'][key]['title'])}: <b>{esc(rating.shown_words)}</b>"
                f" — {esc(rating.because)}. {esc(rating.would_change)}", "why")
    if part == "backups":
        return "your plan ranks " + ", ".join(
            f"{i}. {esc(name(kb, b.id))}" for i, b in enumerate(plan.backups, 1)), "backups"
    if part == "applications":
        return apply_line(kb, plan), "apps"
    if part == "costs":
        return (f"ERAS fees about ${plan.costs.eras_usd:,} for your plan's upper counts "
                f"({esc(plan.costs.as_of)} fees); all fees about ${plan.costs.total_usd:,}"), "apps"
    if part == "signals":
        return "; ".join(f"{esc(name(kb, s))} {esc(a.words())}" for s, a in plan.signals.items()) + \
            f" ({esc(plan.signals_season)})", "signals"
    if part == "phase":
        return phase_line(kb, plan) + " — " + esc(plan.next_steps[0].text if plan.next_steps else ""), "next"
    if part == "letters":
        return esc(plan.letters.note), "letters"
    if part == "visa":
        o = plan.visa_outlook
        if o.status != "open":
            return f"{OUTLOOK_ICON[o.status]} visa outlook {esc(o.status)}: {esc(' '.join(o.reasons))}", "visa"
        line = esc(visa_text(kb, plan))
        return (line if plan.answers.visa == "no_visa_needed"
                else f"{line} <b>Step 3:</b> {esc(step3_text(kb, plan))}"), "visa"
    if part == "deal_breakers":
        found = deal_breaker_texts(kb, plan)
        return (esc(" ".join(found)) if found else "none of these applies to your answers."), "why"
    return (f"<b>{esc(TIER_LABEL[plan.route_tier])}</b> — {esc(plan.strategy[0])}", "why")


_SECTIONS: dict[str, Callable[[KnowledgeBase, Plan], str | list[str]]] = {"why": _why, "strategy": _strategy, "backups": _backups, "apps": _apps, "signals": _signals, "letters": _letters,
             "visa": _visa, "list": _list, "next": _next}


def section_text(kb: KnowledgeBase, plan: Plan, key: str) -> str:
    """A whole section as one HTML text (the CLI, the tests): its title and its parts, as written, not cut into
    the chat's screens (a screen's end in the middle of a list is no blank line in a document)."""
    made = _SECTIONS[key](kb, plan)
    return f"<b>{esc(dict(SECTIONS)[key])}</b>\n" + "\n\n".join([made] if isinstance(made, str) else made)


def as_text(kb: KnowledgeBase, plan: Plan) -> str:
    """The whole plan as one plain document (for the CLI): the overview, then every section in full."""
    # the date line is said once, at the top (the chat's "What to do now" screen keeps it: a screen of its own)
    chunks = [overview(kb, plan).text] + [section_text(kb, plan, key).replace(f"\n{phase_line(kb, plan)}\n", "\n", 1)
                                          if key == "next" else section_text(kb, plan, key) for key, _ in SECTIONS]
    return plain("\n\n".join(chunks))
