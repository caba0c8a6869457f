"""The visa route the user can actually train on today, and the visa outlook (CONTRACTS §3a).

Pure. The route follows the answer (no visa, J-1 acceptable, H-1B only), the nationality and the
suspensions in force on ``today`` (dated facts), so every visa sentence of the plan can follow it:
a Nigerian who would accept a J-1 is, while J visas are suspended for Nigerians, on the H-1B route.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from knowledge.answers import Answers, country_name
from knowledge.base import KnowledgeBase
from knowledge.timeline import day_text

#: none: no visa needed; j1: the J-1 (and the H-1B) open; h1b: only the H-1B; closed: every visa suspended.
ROUTES = ("none", "j1", "h1b", "closed")
#: Phases after this Match's rank-list deadline and before it is over: Step 3 can no longer be passed in time.
AFTER_RANK_DEADLINE = ("match_week",)


@dataclass(frozen=True)
class Route:
    id: str  # one of ROUTES
    suspended: str | None  # "j" or "all" when a suspension in force applies to the nationality, else None
    country: str  # the nationality's name ("" when not given)

    @property
    def j_closed(self) -> bool:
        """The user would accept a J-1, but a suspension closes it."""
        return self.suspended is not None


@dataclass(frozen=True)
class VisaOutlook:
    status: str  # open | narrow | blocked
    reasons: tuple[str, ...]
    possible: tuple[str, ...]  # what is still possible, and where to check
    summary: tuple[str, ...] = ()  # one short line per reason, for the top of the plan


def route_for(a: Answers, kb: KnowledgeBase, today: date) -> Route:
    """Which visas are open to the user on ``today``."""
    if a.visa == "no_visa_needed":
        return Route("none", None, country_name(a.citizenship) or "")
    rules = kb.season.visa
    suspended = rules.suspended(a.citizenship) if today >= rules.suspension_from else None
    country = country_name(a.citizenship) or ""
    if suspended == "all":
        return Route("closed", suspended, country)
    if a.visa == "h1b_only" or suspended == "j":
        return Route("h1b", suspended, country)
    return Route("j1", None, country)


def fee_sentence(kb: KnowledgeBase, today: date) -> str:
    """What is known about the $100,000 H-1B payment on ``today``, with dates (and court rulings once made)."""
    rules, t = kb.season.visa, kb.texts["visa_outlook"]
    until = rules.h1b_fee_until()
    court = ""
    if rules.h1b_court is not None and rules.h1b_court_from is not None and today >= rules.h1b_court_from:
        court = kb.render(t["court"])
    text = t["fee_in_force" if today <= until else "fee_unknown"]
    return " ".join(text.format(fee_until=day_text(until), fee_from=day_text(rules.h1b_fee_from),
                                court=court).split())


def visa_outlook(a: Answers, route: Route, kb: KnowledgeBase, today: date, phase: str,
                 values: dict[str, Any]) -> VisaOutlook:
    """Can the user start training on a visa open to them? ``values`` fill the dates ({rank_list})."""
    if route.id in ("none", "j1"):
        return VisaOutlook("open", (), ())
    t = kb.texts["visa_outlook"]
    keys: list[str] = []
    possible: list[str] = []
    if route.id == "closed":
        status, keys, possible = "blocked", ["all_suspended"], ["all_suspended", "green_card"]
    else:
        if route.suspended == "j":
            keys.append("j_suspended")
            possible.append("j_suspended")
        status = "narrow"
        if a.step3 == "not_planned":
            status = "blocked"
            keys.append("h1b_step3")
            possible.append("take_step3")
        elif a.step3 == "planned":
            late = phase in AFTER_RANK_DEADLINE
            status = "blocked" if late else "narrow"
            keys.append("h1b_step3_missed" if late else "h1b_step3_planned")
            possible.append("take_step3")
        keys.append("h1b_fee")
        possible.append("h1b_fee")
        if a.step3 != "passed" and route.suspended is None:
            possible.append("consider_j1")  # only where the J-1 is open to this nationality
        if status == "blocked":
            possible.append("green_card")
    possible.append("check")
    rules = kb.season.visa
    filled = {**values, "country": route.country, "fee_sentence": fee_sentence(kb, today),
              "suspension_date": day_text(rules.suspension_from), "fee_from": day_text(rules.h1b_fee_from)}

    def said(group: str, key: str) -> str:
        return " ".join(kb.render(t[group][key], filled).split())

    return VisaOutlook(status, tuple(said("reasons", k) for k in keys),
                       tuple(said("possible", k) for k in dict.fromkeys(possible)),
                       tuple(said("short", k) for k in keys))
