"""The visa route the user can actually train on today, and the visa outlook (CONTRACTS §3a).

Pure. The route follows the answer (no visa, J-1 acceptable, H-1B only), the nationality and the
suspensions in force on ``today`` (dated facts), so every visa sentence of the plan can follow it:
a Nigerian who would accept a J-1 is, while J visas are suspended for Nigerians, on the H-1B route.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from knowledge.answers import Answers, country_name
from knowledge.base import KnowledgeBase
from knowledge.season import VisaRules
from knowledge.timeline import day_text

#: none: no visa needed; j1: the J-1 (and the H-1B) open; h1b: only the H-1B; closed: every visa suspended.
ROUTES = ("none", "j1", "h1b", "closed")
#: Phases after this Match's rank-list deadline and before it is over: Step 3 can no longer be passed in time.
AFTER_RANK_DEADLINE = ("match_week",)
#: Phases more than four months before MyERAS opens: a Step 3 not yet planned can still be passed before
#: applications go in, so a route that needs only it is narrow (it opens then), not blocked.
STEP3_TIME = ("preparing", "building")
#: Phases of this Match in which a must-match client can still change their visa answer to the J-1 and be ranked.
J1_CHOICE_PHASES = ("assembling", "applying", "interviewing", "ranking")
#: Phases of this Match in which a Step 3 still to sit from abroad is unlikely to be scored in time for the rank list.
STEP3_UNLIKELY = ("interviewing", "ranking")


@dataclass(frozen=True)
class Route:
    id: str  # one of ROUTES
    suspended: str | None  # "j" or "all" when a suspension in force applies to the nationality, else None
    country: str  # the nationality's name ("" when not given)
    answer: str = ""  # the visa answer (CONTRACTS §1): what the user would train on
    # immigrant visas are suspended for the nationality: with any suspension, or alone (Turkmenistan): no green card
    # later is promised
    immigrant_suspended: bool = False

    @property
    def j_closed(self) -> bool:
        """The user would accept a J-1, but a suspension closes it."""
        return self.suspended is not None and self.answer == "j1_ok"

    @property
    def h1b_pool(self) -> bool:
        """The lists are the H-1B sponsors': on the H-1B route, or (every visa suspended) for an H-1B-only user
        once an exception opens one."""
        return self.id == "h1b" or (self.id == "closed" and self.answer == "h1b_only")

    @property
    def asks_exception(self) -> bool:
        """An exception to the suspension is what would open the user's route: every visa is suspended, or the
        J-1 they would take is (an H-1B-only user is not helped by a J-visa exception)."""
        return self.suspended == "all" or self.j_closed


@dataclass(frozen=True)
class VisaOutlook:
    status: str  # open | narrow | blocked
    reasons: tuple[str, ...]
    possible: tuple[str, ...]  # what is still possible, and where to check
    summary: tuple[str, ...] = ()  # one short line per reason, for the top of the plan
    risk: tuple[str, ...] = ()  # the visa as a risk factor, in a few words per reason (the tier's "why")
    keys: tuple[str, ...] = ()  # which reason each line is (visa_outlook.reasons in guidance.yaml)

    @property
    def suspension_summary(self) -> tuple[str, ...]:
        """The short lines about a suspension for the nationality (not the H-1B's Step 3 or payment, nor the USCIS
        hold on a route the suspension already blocks: the steps and the Visa section say it)."""
        return tuple(line for key, line in zip(self.keys, self.summary)
                     if not key.startswith("h1b_") and key != "uscis_hold")


def route_for(a: Answers, kb: KnowledgeBase, today: date) -> Route:
    """Which visas are open to the user on ``today``."""
    if a.visa == "no_visa_needed":
        return Route("none", None, country_name(a.citizenship) or "", a.visa)
    rules = kb.season.visa
    suspended = rules.suspended(a.citizenship) if today >= rules.suspension_from else None
    country = country_name(a.citizenship) or ""
    immigrant = suspended is not None or (a.citizenship in rules.hold_also and today >= rules.suspension_from)
    if suspended == "all":
        return Route("closed", suspended, country, a.visa, immigrant)
    if a.visa == "h1b_only" or suspended == "j":
        return Route("h1b", suspended, country, a.visa, immigrant)
    return Route("j1", None, country, a.visa, immigrant)


def offers_j1(a: Answers, route: Route, phase: str, status: str, retarget: bool) -> bool:
    """The client must match this season, answered H-1B only, and that route is blocked (Step 3 not planned) or
    likely out of reach (Step 3 still to sit from abroad once interviews have begun), while the J-1 is open to their
    nationality: accepting the J-1 is a real choice for this Match, said as one (their answer stays what they said).
    One rule for both: it is offered while it can still change this Match's outcome, that is until the rank-list
    deadline (``phase``, from the season calendar and today: J1_CHOICE_PHASES end there)."""
    if not (a.visa == "h1b_only" and route.id == "h1b" and route.suspended is None and a.must_match_this_cycle
            and a.step3 != "passed" and phase in J1_CHOICE_PHASES and not retarget):
        return False
    return status == "blocked" or phase in STEP3_UNLIKELY


def suspension_since(rules: VisaRules, citizenship: str | None) -> str:
    """Since when this nationality's visas are suspended: "Mon 9 Jun 2025, renewed from Thu 1 Jan 2026" where the
    December 2025 proclamation kept the June 2025 one (Iran), else the current proclamation's start."""
    since = rules.suspended_since(citizenship)
    if since == rules.suspension_from:
        return day_text(since)
    return f"{day_text(since)}, renewed from {day_text(rules.suspension_from)}"


def valid_on(rules: VisaRules, citizenship: str | None) -> str:
    """The day a visa had to be valid on to fall outside this nationality's suspension: the day it began."""
    since = rules.suspended_since(citizenship)
    return f"{since.day} {since.strftime('%B %Y')}"


def _court_known(kb: KnowledgeBase, today: date) -> bool:
    """Whether what the courts did with the payment is known on ``today`` (every date in the fact has passed)."""
    rules = kb.season.visa
    return rules.h1b_court is not None and rules.h1b_court_from is not None and today >= rules.h1b_court_from


def fee_sentence(kb: KnowledgeBase, today: date, short: bool = False) -> str:
    """What is known about the $100,000 H-1B payment on ``today``, with dates (and court rulings once known):
    in force until at least the end of its first term, and after that a thing of the past whose continuation is
    not known. ``short``: one line for the top of the plan."""
    rules, t = kb.season.visa, kb.texts["visa_outlook"]
    until = rules.h1b_fee_until()
    known = _court_known(kb, today)
    # the vacatur and the stay from the stay's day on; that it was still charged, from when that was known
    charged_known = known and rules.h1b_charged_from is not None and today >= rules.h1b_charged_from
    court = ""
    if known:  # its sources said once, at the end
        sources: list[str] = []
        said = kb.render(t["court"] + (" " + t["court_charged"]) * charged_known, today=today, sources=sources)
        court = f"{said.rstrip('.')} ({'; '.join(dict.fromkeys(sources))})."
    ahead = today <= until
    key = ("fee_short_in_force" if ahead else "fee_short_unknown") if short else \
        ("fee_in_force" if ahead else "fee_unknown")
    charged = t["fee_still_charged"] if charged_known else ""
    return " ".join(t[key].format(fee_until=day_text(until), fee_from=day_text(rules.h1b_fee_from),
                                  court=court, still_charged=charged).split())


def visa_outlook(a: Answers, route: Route, kb: KnowledgeBase, today: date, phase: str,
                 values: dict[str, Any]) -> VisaOutlook:
    """Can the user start training on a visa open to them? ``values`` fill the dates ({rank_list})."""
    t = kb.texts["visa_outlook"]
    if route.id in ("none", "j1"):
        # without a nationality the suspensions cannot be checked: said, though the contract's status stays open
        unknown = route.id == "j1" and not a.citizenship
        return VisaOutlook("open", (t["no_nationality"],) if unknown else (), ())
    keys: list[str] = []
    possible: list[str] = []
    rules = kb.season.visa
    # USCIS holds decisions on petitions for this nationality: said in full on the H-1B route, briefly where a
    # suspension already closes every route (it changes nothing there)
    held = rules.held(a.citizenship, today)
    green = "green_card_suspended" if route.suspended else "green_card"
    if route.id == "closed":
        status, keys, possible = "blocked", ["all_suspended"], ["all_suspended", green]
    else:
        if route.suspended == "j":
            key = ("j_suspended" if a.visa == "j1_ok" else "j_suspended_h1b") + \
                ("_passed" if a.step3 == "passed" else "")  # nothing about sitting an exam already passed
            keys.append(key)
            possible.append(key)
        status = "narrow"
        if a.step3 == "not_planned" and route.suspended is None and phase in STEP3_TIME:
            # nothing but Step 3 stands between the user and the route, and there is time to pass it
            keys.append("h1b_step3_time")
            possible.append("take_step3")
        elif a.step3 == "not_planned":
            status = "blocked"
            keys.append("h1b_step3")
            possible.append("take_step3")
        elif a.step3 == "planned":
            late = phase in AFTER_RANK_DEADLINE
            status = "blocked" if late else "narrow"
            keys.append("h1b_step3_missed" if late else "h1b_step3_planned")
            possible.append("take_step3")
        if held:
            keys.append("uscis_hold")
        keys.append("h1b_fee")
        possible.append("h1b_fee_held" if held else "h1b_fee")
        if held:
            possible.append("uscis_hold" if route.suspended else "uscis_hold_only")
        if a.step3 != "passed" and route.suspended is None:
            possible.append("consider_j1")  # only where the J-1 is open to this nationality
        if status == "blocked" or route.suspended:
            possible.append(green)
    possible.append("check")
    filled = {**values, "country": route.country, "fee_sentence": fee_sentence(kb, today),
              "fee_short": fee_sentence(kb, today, short=True),
              "suspension_date": suspension_since(rules, a.citizenship), "valid_on": valid_on(rules, a.citizenship), "fee_from": day_text(rules.h1b_fee_from),
              "as_of": rules.suspension_fact.as_of(today), "match_year": a.match_year,
              "hold_date": day_text(rules.hold_from) if rules.hold_from else "",
              # the proclamation this nationality's suspension dates from (June 2025 for Iran), cited where it is said
              "suspension_cite": f"{{fact:{rules.before_fact.id}}}" if rules.before_fact is not None and
              rules.suspended_since(a.citizenship) != rules.suspension_from else f"{{fact:{rules.suspension_fact.id}}}"}

    def said(group: str, key: str) -> str:
        return " ".join(kb.render(t[group][key], filled, today).split())

    brief = (" ".join(kb.render(t["uscis_hold_brief"], filled, today).split()),) if held and route.id == "closed" else ()
    return VisaOutlook(status, tuple(said("reasons", k) for k in keys) + brief,
                       tuple(said("possible", k) for k in dict.fromkeys(possible)),
                       tuple(said("short", k) for k in keys), tuple(said("risk", k) for k in keys), tuple(keys))


#: In the suspension's every-visa list for the Palestinian Authority's travel documents, not a country of its own.
DOCUMENTS_ONLY = frozenset({"PS"})


def hold_countries(rules: VisaRules) -> frozenset[str]:
    """The nationalities the USCIS hold is keyed to: the December 2025 proclamation's every list (its 39 countries)."""
    return (rules.j_suspended | rules.all_suspended | rules.hold_also) - DOCUMENTS_ONLY


def nationality_line(a: Answers, route: Route, kb: KnowledgeBase, today: date) -> tuple[str, ...]:
    """The Visa section's lines on the nationality, where the outlook has not said it (no suspension of J or every
    visa; no visa needed, for a listed nationality): what the bot's lists say of it (J, H-1B, visitor and immigrant visas; the USCIS hold where it is not said
    above), and, on the H-1B route, that the hold follows the country of birth too, whatever the citizenship."""
    rules, t = kb.season.visa, kb.texts["visa_outlook"]
    filled = {"country": route.country, "as_of": rules.suspension_fact.as_of(today),
              "hold_date": day_text(rules.hold_from) if rules.hold_from else "",
              "held": len(hold_countries(rules))}

    def said(text: str) -> str:
        return " ".join(kb.render(text, filled, today).split())

    if a.visa == "no_visa_needed":
        # no visa to be suspended; what a listed nationality still meets is USCIS's (a pending status, a re-review)
        return (said(t["nationality"]["no_visa_listed"]),) if rules.held(a.citizenship, today) else ()
    if route.suspended is not None:
        return ()
    lines: list[str] = []
    if not route.country:
        lines.append(said(t["nationality"]["not_given"]))
    elif a.citizenship in rules.hold_also and today >= rules.suspension_from:
        lines.append(said(t["nationality"]["immigrant_only"]))
        if route.id == "j1" and rules.held(a.citizenship, today):
            lines.append(said(t["nationality"]["hold_j1"]))
    else:
        lines.append(said(t["nationality"]["open"]))
    if route.id == "h1b" and not rules.held(a.citizenship, today) and rules.hold_from is not None \
            and today >= rules.hold_from:
        lines.append(said(t["birth"]))
    return tuple(lines)


def written_word_values(kb: KnowledgeBase, a: Answers, route: Route, today: date) -> dict[str, str]:
    """The placeholders of the H-1B route's steps before the rank list and after the Match: the payment as known on
    ``today`` ({fee_if}), the J-1 as the client's choice where no suspension closes it ({j1_if_few}), and the visa
    a PGY-1 must take ({pgy1_visa})."""
    t, until = kb.texts["written_word"], kb.season.visa.h1b_fee_until()
    fee = t["fee_in_force" if today <= until else "fee_unknown"].format(fee_until=day_text(until))
    j1 = "" if route.suspended is not None or a.visa != "h1b_only" else \
        t["j1_open"] if route.country else t["j1_no_nationality"]
    return {"fee_if": fee, "j1_if_few": j1, "pgy1_visa": kb.texts["pgy1_visa"].get(route.id, "")}


def as_chosen(kb: KnowledgeBase, text: str) -> str:
    """With the J-1 offered as the client's own choice, the H-1B is the route they chose, not their only one
    (``chosen_route`` in guidance.yaml)."""
    for said, instead in kb.texts["chosen_route"]:
        text = text.replace(said, instead)
    return text


def outlook_as_chosen(kb: KnowledgeBase, o: VisaOutlook) -> VisaOutlook:
    """The outlook's every line said with ``as_chosen``."""
    def each(lines: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(as_chosen(kb, line) for line in lines)
    return replace(o, reasons=each(o.reasons), possible=each(o.possible), summary=each(o.summary), risk=each(o.risk))


def outlook_paragraphs(reasons: Sequence[str], keys: Sequence[str], starts: Sequence[str], joins: Sequence[str]
                       ) -> list[str]:
    """The outlook's reasons as paragraphs, one idea each: a new one for each reason, and one before a sentence
    opening with any of ``starts`` (guidance.yaml ``visa_outlook.paragraph_starts``), which the next reason joins
    when its key begins with any of ``joins`` (the same idea continued)."""
    cut = re.compile(r"(?<=[.)])\s+(?=(?:" + "|".join(map(re.escape, starts)) + r")\b)") if starts else None
    paragraphs: list[str] = []
    carry = False
    for i, reason in enumerate(reasons):
        pieces = cut.split(reason) if cut else [reason]
        key = keys[i] if i < len(keys) else ""
        if carry and key.startswith(tuple(joins)):
            paragraphs[-1] += " " + pieces[0]
        else:
            paragraphs.append(pieces[0])
        paragraphs += pieces[1:]
        carry = len(pieces) > 1
    return paragraphs or [""]
