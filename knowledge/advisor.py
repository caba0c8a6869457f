"""The advisor: answers + today -> ratings, tier, backups, numbers, and what to do now.

Pure. The parts live in their own modules: ratings and the tier (``ratings``, CONTRACTS §2), the
backups' ranking (``ranking``, rules in guidance.yaml), counts, letters and costs (``counts``), the
visa route and outlook (``visa``) and the next steps (``steps``). Everything that depends on the date
(the phase, the next steps, visa rules in force) derives from ``today`` and the knowledge base's
calendar and dated facts, so the chat, the console and ``python -m bot plan --today D`` give the same
plan for the same answers and date. No specialty id is spelt here: the goal, the PGY-1 year and the
backups are roles in specialties.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from knowledge.answers import Answers
from knowledge.base import KnowledgeBase
from knowledge.counts import Basis, Costs, Letters, applications_for, costs_for, letters_for, position
from knowledge.ranking import BackupChoice, rank_backups
from knowledge.ratings import (FIXABLE, TIER_LABEL, Rating, count, deal_breakers_for, near_lines, only_fixable_high,
                               ratings_for, tier_for)
from knowledge.season import Allotment, ProgramCount, Season, Sponsoring
from knowledge.steps import StepFacts, date_values, flags_for, pick, retargets, step_ids, text_for
from knowledge.timeline import Phase, day_text
from knowledge.visa import Route, VisaOutlook, route_for, visa_outlook

#: Phases in which a deal-breaker that can be fixed is a step with a deadline, not a verdict.
FIXING_PHASES = ("preparing", "building")


@dataclass(frozen=True)
class Step:
    id: str
    text: str


@dataclass(frozen=True)
class Plan:
    answers: Answers
    today: date
    goal: str  # the goal specialty's id (role: goal)
    tier: str
    provisional: bool
    years_since_graduation: int
    ratings: dict[str, Rating]
    deal_breakers: tuple[str, ...]
    fixable: tuple[str, ...]  # deal-breakers that can still be fixed before applying; the counts assume they are
    counts_tier: str  # the tier the counts and backups are built for (the tier, or the one reached by fixing)
    tier_reasons: tuple[str, ...]
    tier_changers: tuple[str, ...]
    near: tuple[str, ...]  # how close the user is to another tier, and which way
    position: float  # 0 = the high tier's numbers, 1 = moderate's, 2 = higher's; in between near a line
    radiology_only_defensible: bool
    backups: tuple[BackupChoice, ...]
    applications: dict[str, tuple[int, int]]
    application_notes: tuple[str, ...]
    letters: Letters
    phase: Phase
    retarget: bool  # this Match is out of reach: the plan points at the next one
    strategy: tuple[str, ...]
    next_steps: tuple[Step, ...]
    route: Route
    visa_outlook: VisaOutlook
    programs_available: dict[str, ProgramCount]
    sponsoring: dict[str, Sponsoring]  # on the H-1B route: the programs that sponsor it, per specialty applied to
    signals: dict[str, Allotment]
    signals_season: str
    signals_status: str
    costs: Costs

    @property
    def top_backup(self) -> str:
        return self.backups[0].id

    @property
    def applies_to_radiology(self) -> bool:
        return self.applications[self.goal][1] > 0

    def to_json(self) -> dict[str, Any]:
        """The CONTRACTS.md §3 and §3a object (plus explanations)."""
        return {
            "tier": self.tier,
            "provisional": self.provisional,
            "years_since_graduation": self.years_since_graduation,
            "ratings": {k: r.level for k, r in self.ratings.items()},
            "deal_breakers": list(self.deal_breakers),
            "deal_breakers_fixable": list(self.fixable),
            "counts_tier": self.counts_tier,
            "radiology_only_defensible": self.radiology_only_defensible,
            "backups": [b.id for b in self.backups],
            "applications": {k: list(v) for k, v in self.applications.items()},
            "today": self.today.isoformat(),
            "phase": self.phase.id,
            "phase_ends": self.phase.ends.isoformat() if self.phase.ends else None,
            "next_steps": [{"id": s.id, "text": s.text} for s in self.next_steps],
            "programs_available": {sid: self._available_json(sid, c) for sid, c in self.programs_available.items()},
            "signals": {"as_of": self.signals_season, "status": self.signals_status,
                        **{sid: a.to_json() for sid, a in self.signals.items()}},
            "costs": {"eras_usd": self.costs.eras_usd, "nrmp_usd": self.costs.nrmp_usd,
                      "eras_by_specialty": self.costs.per_specialty, "as_of": self.costs.as_of,
                      "assumes": self.costs.assumes, "total_usd": self.costs.total_usd,
                      "items": [{"id": i.id, "usd": i.usd, "as_of": i.as_of, "source": i.fact.source,
                                 "status": i.fact.status, "url": i.fact.url} for i in self.costs.items]},
            "visa_route": self.route.id,
            "visa_outlook": {"status": self.visa_outlook.status, "reasons": list(self.visa_outlook.reasons),
                             "still_possible": list(self.visa_outlook.possible)},
            "citizenship": self.answers.citizenship,
            "why": {
                "tier": list(self.tier_reasons),
                "what_would_change_the_tier": list(self.tier_changers),
                "near_another_tier": list(self.near),
                "ratings": {k: {"because": r.because, "would_change": r.would_change} for k, r in self.ratings.items()},
                "backups": {b.id: list(b.reasons) for b in self.backups},
                "applications": list(self.application_notes),
                "strategy": list(self.strategy),
            },
            "letters": {"radiology": list(self.letters.radiology), "backup": list(self.letters.backup),
                        "general": self.letters.general, "note": self.letters.note},
        }

    def _available_json(self, sid: str, c: ProgramCount) -> dict[str, Any]:
        out: dict[str, Any] = {"count": c.count, "as_of": str(c.fact.year), "source": c.fact.source, "url": c.fact.url}
        s = self.sponsoring.get(sid)
        if s is not None:
            out["sponsoring"] = {"route": "h1b", "count": s.count, "percent": s.percent, "as_of": str(s.fact.year),
                                 "source": s.fact.source, "url": s.fact.url, "estimated": s.estimated}
        return out


def signals_for(applications: dict[str, tuple[int, int]], season: Season, goal: str, pgy1: str
                ) -> dict[str, Allotment]:
    """The allotment of each specialty applied to, and the PGY-1 year's when applying to the goal."""
    by = season.signals.by_specialty
    signals = {sid: by[sid] for sid in applications if sid in by and applications[sid][1]}
    if applications.get(goal, (0, 0))[1] and pgy1 in by:
        signals[pgy1] = by[pgy1]
    return signals


def _span(lo_hi: tuple[int, int]) -> str:
    lo, hi = lo_hi
    return "no" if hi == 0 else f"{lo}-{hi}" if lo else f"up to {hi}"


def when_values(kb: KnowledgeBase, year: int, today: date, dates: dict[str, str]) -> dict[str, str]:
    """Dates said as ahead or passed on ``today``: ECFMG's Pathway deadline and the next MyERAS opening."""
    when, cal = kb.texts["when"], kb.calendar
    pathway = "pathway_ahead" if today <= cal.date_of("ecfmg_pathway", year)[0] else "pathway_passed"
    myeras = "myeras_ahead" if today < cal.date_of("myeras_opens", year + 1)[0] else "myeras_passed"
    return {"pathway_when": kb.render(when[pathway], dates), "next_myeras_when": kb.render(when[myeras], dates)}


def _values(a: Answers, kb: KnowledgeBase, top: str, applications: dict[str, tuple[int, int]], costs: Costs,
            route: Route, dates: dict[str, str], today: date) -> dict[str, Any]:
    """What the guidance texts' placeholders are filled with for this user."""
    season, by, goal = kb.season, kb.season.signals.by_specialty, kb.goal
    later, _, _ = tier_for(replace(a, match_year=a.match_year + 1))
    return {
        **dates, **when_values(kb, a.match_year, today, dates),
        "match_year": a.match_year, "next_match": a.match_year + 1,
        "backup": kb.specialties[top].name.lower(),
        "dr_signals": by[goal].words() if goal in by else "",
        "backup_signals": by[top].words() if top in by else "",
        "signals_season": season.signals.season,
        "eras_usd": f"{costs.eras_usd:,}",
        "next_years": count(a.years_since_graduation + 1, "year"), "next_tier": TIER_LABEL[later],
        "dr_programs": _span(applications[goal]), "backup_programs": _span(applications[top]),
        "suspension_date": day_text(season.visa.suspension_from),
        "suspended_visas": "all visas" if route.suspended == "all" else "J visas",
    }


def strategy_for(kb: KnowledgeBase, plan_tier: str, fixable: bool, counts_tier: str, a: Answers, p: float,
                 near: tuple[str, ...], route: Route, values: dict[str, Any], phase: str, retarget: bool
                 ) -> tuple[str, ...]:
    """The tier's strategy, what changes it for this user, and (last) what the phase means today."""
    notes, tiers = kb.texts["strategy_notes"], kb.texts["tiers"]
    first = tiers[plan_tier]["strategy_fixable"] if fixable else tiers[plan_tier]["strategy"]
    lines = [kb.render(first, {**values, "basis_tier": TIER_LABEL[counts_tier]})]
    if route.id in ("h1b", "closed"):
        lines.append(notes[f"{route.id}_route"])
    if a.english == "weak":
        lines.append(notes["weak_english"])
    if near and p not in (0.0, 1.0, 2.0):
        lines.append(notes["blended"])
    now = kb.texts["phases"][phase]
    lines.append(kb.render(now["now_retarget"] if retarget and "now_retarget" in now else now["now"], values))
    return tuple(" ".join(line.split()) for line in lines)


def build_plan(a: Answers, kb: KnowledgeBase, today: date) -> Plan:
    """Turn a validated answers file and today's date into a complete, explained plan."""
    season, goal = kb.season, kb.goal
    phase = kb.calendar.phase(a.match_year, today)
    route = route_for(a, kb, today)
    ratings = ratings_for(a, route.country if route.suspended == "j" and a.visa == "j1_ok" else None)
    deal_breakers = deal_breakers_for(a)
    tier, reasons, changers = tier_for(a)
    # while there is time, a deal-breaker that can be fixed is a step with a deadline: plan for the fixed profile
    fixing = phase.id in FIXING_PHASES and tier == "high" and only_fixable_high(a)
    basis_a = replace(a, us_clinical_experience="observership") if fixing else a
    counts_tier = tier_for(basis_a)[0]
    p = position(basis_a)
    backups = rank_backups(kb.ranking, basis_a, counts_tier, route.id)
    top = backups[0].id
    dates = date_values(kb, a.match_year)
    names = {sid: s.name.lower() for sid, s in kb.specialties.items()}
    basis = Basis(basis_a, counts_tier, deal_breakers_for(basis_a), fixing, route.id == "h1b")
    applications, notes = applications_for(basis, p, goal, top, season, kb.counts, names, dates)
    applies = applications[goal][1] > 0
    retarget = retargets(a, phase.id)
    # after the Match, the visa's deadlines are the next Match's
    outlook_dates = date_values(kb, a.match_year + 1) if phase.id == "after_match" else dates
    outlook = visa_outlook(a, route, kb, today, phase.id, outlook_dates)
    costs = costs_for(applications, season)
    values = _values(a, kb, top, applications, costs, route, dates, today)
    facts = StepFacts(a, tier, phase.id, outlook.status == "blocked", applies, route, retarget, today)
    flags = flags_for(facts)
    step3 = pick(kb.texts["visa"]["step3"][a.step3], phase.id, flags) or ""
    values["step3_now"] = " ".join(kb.render(step3, values).split())
    steps = tuple(Step(sid, text_for(kb, sid, phase.id, flags, values)) for sid in step_ids(facts))
    near = near_lines(a, tier)
    strong = sum(1 for r in ratings.values() if r.level == "strong")
    return Plan(
        answers=a, today=today, goal=goal, tier=tier, provisional=a.step2_ck_score is None,
        years_since_graduation=a.years_since_graduation, ratings=ratings, deal_breakers=deal_breakers,
        fixable=tuple(d for d in deal_breakers if fixing and d in FIXABLE), counts_tier=counts_tier,
        tier_reasons=reasons, tier_changers=changers, near=near, position=p,
        radiology_only_defensible=(tier == "higher" and strong >= 4 and not deal_breakers and p >= 1.75
                                   and a.us_clinical_experience == "hands_on" and a.english != "weak"
                                   and outlook.status == "open"),
        backups=backups, applications=applications, application_notes=notes,
        letters=letters_for(p, applies, a, kb.specialties[top].name), phase=phase, retarget=retarget,
        strategy=strategy_for(kb, tier, fixing, counts_tier, a, p, near, route, values, phase.id, retarget),
        next_steps=steps, route=route, visa_outlook=outlook,
        programs_available={sid: season.programs[sid] for sid in applications if sid in season.programs},
        sponsoring={sid: s for sid in applications if route.id == "h1b"
                    for s in [season.sponsoring(sid)] if s is not None},
        signals=signals_for(applications, season, goal, kb.pgy1), signals_season=season.signals.season,
        signals_status=season.signals.fact.status, costs=costs,
    )
