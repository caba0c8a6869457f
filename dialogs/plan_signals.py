"""The plan's Signals screen: for the Match the plan is for, with its allotments said as the season they are from;
in interview season, once the season's signals went in with the applications, one line (``dialogs.plan_view`` lays
out the other screens)."""

from __future__ import annotations

import re

from dialogs.plan_view import SEASON_PAID, name
from dialogs.reply import esc
from knowledge.advisor import Plan
from knowledge.base import KnowledgeBase
from knowledge.steps import fitted
from knowledge.timeline import day_text


def signals_text(kb: KnowledgeBase, plan: Plan) -> str:
    """Signals for the Match the plan is for: this one until its applications are in; once they are (interview
    season to Match Week) one line, since the season's signals went in with them (rounds 8 to 11: a full page "for a
    reapplication" no one could use yet); after Match Day, or with this Match out of reach, the next Match's page.
    The allotments are said as the season they are from, and the Match they are for as not yet in this bot where it
    is later (the research has the 2025 ERAS season's; the 2027 Match's were not found, the 2028's not published)."""
    t, year = kb.texts["signals"], plan.answers.match_year
    if plan.phase.id in SEASON_PAID + ("match_week",) and not plan.retarget:
        return esc(spent_line(kb, plan))
    target = signals_match(plan)
    fact = kb.season.signals.fact
    known = f"({esc(plan.signals_season)}; check the current numbers, last confirmed {esc(fact.as_of(plan.today))})"
    if target > season_year(plan.signals_season, fact.year):  # a later Match's allotments are not in this bot
        known = (f"for the {target} Match: not yet in this bot, so these are the {esc(plan.signals_season)}'s "
                 f"(check the {target} numbers before you assign them; last confirmed {esc(fact.as_of(plan.today))})")
    # after the Match, the plan is a reapplication's; beside a Match out of reach, the next one's
    lines = [f"<b>For {'the' if plan.retarget else 'a reapplication in the'} {target} Match</b>"] if target > year else []
    intro = t["intro" if plan.applies_to_radiology else "intro_no_radiology"]  # round-12 nice 6: p16, p24
    lines += [esc(kb.render(intro, today=plan.today)), "", f"<b>Allotments</b> {known}:"]
    pgy1, by = kb.pgy1, kb.season.signals.by_specialty
    for sid, allotment in {**plan.signals, **plan.second_signals}.items():
        # the PGY-1 allotment is the transitional year's: a preliminary track shares its hospital's signals
        label = t["pgy1_allotment"] if sid == pgy1 else name(kb, sid)
        lines.append(f"• {esc(label)}: {esc(allotment.words())}")
    split = fitted(t, "split", plan.answers.visa != "no_visa_needed", plan.applies_to_radiology)  # wording: knowledge's
    lines += ["", esc(" ".join(split.split())), "", esc(kb.render(t["dual"], today=plan.today))]
    if pgy1 in plan.signals:
        prelim = t["prelim_specialty"]
        lines.append(esc(t["pgy1"].format(pgy1_signals=plan.signals[pgy1].words(),
                                          prelim=name(kb, prelim).lower(),
                                          prelim_signals=by[prelim].words() if prelim in by else "not known")))
    return "\n".join(lines)


def season_year(season: str, year: int) -> int:
    """The Match an ERAS season is for: the season is named for its Match's year ("2025 ERAS season": the 2025
    Match, applied to in 2024), else the fact's year."""
    named = re.match(r"(\d{4}) ERAS season", season)
    return int(named.group(1)) if named else year


def signals_match(plan: Plan) -> int:
    """The Match the Signals page is for: this one, or the next once this one is out of reach or over."""
    return plan.answers.match_year + (plan.retarget or plan.phase.id == "after_match")


def spent_line(kb: KnowledgeBase, plan: Plan) -> str:
    """Interview season to Match Week: the season's signals went in with the applications (said as the rest of the
    plan says what was paid, "if you applied"), and when this page turns to a reapplication: after Match Day, when the
    plan does."""
    year = plan.answers.match_year
    match_day = day_text(*kb.calendar.date_of("match_day", year))
    return (f"If you applied for the {year} Match, your signals went in with your applications and are fixed: there "
            f"is nothing to do with them now. If you reapply for the {year + 1} Match, this page gives its signals and "
            f"how to spend them after Match Day, {match_day}.")
