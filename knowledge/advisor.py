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

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from knowledge.answers import Answers
from knowledge.base import KnowledgeBase
from knowledge.counts import (Applications, Basis, Costs, Letters, ahead_for, applications_for, costs_for,
                              letters_for, position, second_list_for)
from knowledge.pathways import pathways_values, when_values
from knowledge.ranking import BackupChoice, rank_backups, safest_second
from knowledge.ratings import (DEAL_BREAKER_YEARS, FIXABLE, H1B_MISSING, HELD_AT_MODERATE, STALE_YEARS, TIER_LABEL,
                               Rating, count, deal_breakers_for, near_lines, only_fixable_high, ratings_for, tier_for)
from knowledge.season import Allotment, ProgramCount, Season, Sponsoring
from knowledge.steps import (StepFacts, date_values, flags_for, pick, retargets, step_ids, text_for, time_values,
                             with_us_visit)
from knowledge.timeline import Phase, day_text
from knowledge.visa import (Route, VisaOutlook, as_chosen, offers_j1, outlook_as_chosen, route_for, suspension_since,
                            valid_on, visa_outlook, written_word_values)

#: Phases in which a deal-breaker that can be fixed is a step with a deadline, not a verdict.
FIXING_PHASES = ("preparing", "building")
IN_TIME_PHASES = ("assembling", "applying")  # this Match's applications are being prepared or sent


@dataclass(frozen=True)
class Step:
    id: str
    text: str


@dataclass(frozen=True)
class Plan:
    answers: Answers
    today: date
    goal: str  # the goal specialty's id (role: goal)
    tier: str  # CONTRACTS §2: the tier the answers rate
    # the tier on the route open to the user, which the plan speaks and plans by: the tier, except for a user who
    # would take a J-1 that a suspension closes (the H-1B route's tier)
    route_tier: str
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
    whole_pool: dict[str, str]  # specialty -> "sponsoring" | "programs": its list is every program in that pool
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
    # a second backup list (not CONTRACTS §3's `applications`, which is the goal and the top backup): the backup
    # the ranking calls safest, for a client who must match; its pool kind, ERAS fee and signals
    second: dict[str, tuple[int, int]] = field(default_factory=dict)
    second_pool: dict[str, str] = field(default_factory=dict)
    second_eras_usd: int = 0
    second_signals: dict[str, Allotment] = field(default_factory=dict)
    second_available: dict[str, ProgramCount] = field(default_factory=dict)
    second_sponsoring: dict[str, Sponsoring] = field(default_factory=dict)
    # aimed at the next Match (``retarget``), the ratings are the record as that Match's applications find it;
    # CONTRACTS §2's (the JSON's) rate the answers' own Match, kept here
    record_ratings: dict[str, Rating] | None = None

    @property
    def tier_whose(self) -> str:
        """Whose tier the plan speaks (``route_tier``) where it is not the answers' (the JSON's ``tier``): the H-1B
        route's (a J-1 that a suspension closes), the next Match's (``retarget``), or both."""
        on_route = " on the H-1B route" if self.route.j_closed or not self.retarget else ""
        aimed = f" for the {self.answers.match_year + 1} Match" if self.retarget else ""
        return on_route + aimed if self.route_tier != self.tier else ""

    @property
    def lists(self) -> dict[str, tuple[int, int]]:
        """Every list the plan sizes: the goal's, the top backup's and the second backup's."""
        return {**self.applications, **self.second}

    @property
    def top_backup(self) -> str:
        return self.backups[0].id

    @property
    def applies_to_radiology(self) -> bool:
        return self.applications[self.goal][1] > 0

    @property
    def j1_choice(self) -> bool:
        """Accepting the J-1 is the client's real choice for this Match (visa.offers_j1)."""
        return offers_j1(self.answers, self.route, self.phase.id, self.visa_outlook.status, self.retarget)

    @property
    def applies_if_step3_in_time(self) -> bool:
        """Applying to this Match is right only if Step 3 can be sat in time (the strategy says so)."""
        return applies_if_step3_in_time(self.visa_outlook.status, self.route, self.answers.step3, self.phase.id,
                                        self.retarget)

    def to_json(self) -> dict[str, Any]:
        """The CONTRACTS.md §3 and §3a object (plus explanations)."""
        return {
            "tier": self.tier,
            "provisional": self.provisional,
            "years_since_graduation": self.years_since_graduation,
            "ratings": {k: r.level for k, r in (self.record_ratings or self.ratings).items()},
            "deal_breakers": list(self.deal_breakers),
            "deal_breakers_fixable": list(self.fixable),
            "counts_tier": self.counts_tier,
            "route_tier": self.route_tier,
            "radiology_only_defensible": self.radiology_only_defensible,
            "backups": [b.id for b in self.backups],
            "applications": {k: list(v) for k, v in self.applications.items()},
            "applications_whole_pool": dict(self.whole_pool),
            # added: the second list the text sizes and prices (`applications`, `costs.eras_usd` keep their meaning)
            "second_list": {sid: {"applications": list(v), "eras_usd": self.second_eras_usd} for sid, v in self.second.items()},
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
                                 "status": i.fact.status, "url": i.fact.url} for i in self.costs.items],
                      # what is still to pay on the day read (in interview season: not the applications)
                      "ahead": [{"id": i.id, "usd": i.usd,
                                 "as_of": (i.fact.season or str(i.fact.year)) if i.fact else None,
                                 "source": i.fact.source if i.fact else None} for i in self.costs.ahead]},
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
    """ "about 49", "up to 20", "about 140-167" (a range said once, never "49-49") """
    lo, hi = lo_hi
    return "no" if hi == 0 else f"about {hi}" if lo == hi else f"about {lo}-{hi}" if lo else f"up to {hi}"


#: A list that is every program of its pool, in words (``Applications.whole_pool``): {what} the specialties.
WHOLE_POOL = {"sponsoring": "every {what} program that sponsors the H-1B and takes IMGs",
              "programs": "every {what} program that takes IMGs and your visa"}
#: A "programs" pool's size is every program there is (an old count), not those that take the user.
POOL_ALL = " (of about {n} in all; how many take IMGs and your visa is not known)"


def lists_words(applications: dict[str, tuple[int, int]], goal: str, top: str, backup: str,
                whole_pool: dict[str, str] | None = None) -> str:
    """The plan's lists in words, as the Programs section counts them: "about 60-100 radiology and about 110-150
    internal medicine programs", or a list that is its whole pool said as one ("every radiology and internal
    medicine program that sponsors the H-1B and takes IMGs (about 49 and 167, estimates)")."""
    pool = whole_pool or {}
    if not applications[goal][1]:
        if pool.get(top):
            n = applications[top][1]
            return WHOLE_POOL[pool[top]].format(what=backup) + (f" (about {n}, an estimate)" if pool[top] ==
                                                                "sponsoring" else POOL_ALL.format(n=n)) + ", and no radiology list"
        return f"{_span(applications[top])} {backup} programs, and no radiology list"
    if pool.get(goal) and pool.get(goal) == pool.get(top):
        return (WHOLE_POOL[pool[goal]].format(what=f"radiology and {backup}")
                + f" (about {applications[goal][1]} and {applications[top][1]}, estimates)")

    def one(sid: str, what: str, noun: str = " programs") -> str:
        kind = pool.get(sid)
        if kind:
            return WHOLE_POOL[kind].format(what=what) + (f" (about {applications[sid][1]}, an estimate)" if kind ==
                                                         "sponsoring" else POOL_ALL.format(n=applications[sid][1]))
        return f"{_span(applications[sid])} {what}{noun}"
    return f"{one(goal, 'radiology', '')} and {one(top, backup)}"


def second_words(name: str, counts: tuple[int, int], kind: str) -> str:
    """The second list in words: "about 30-50 family medicine programs", or, on the H-1B route where no source
    counts that specialty's sponsors, every one of them up to the list's size, said as not counted."""
    if kind == "uncounted":
        return f"every {name} program that sponsors the H-1B and takes IMGs, up to about {counts[1]}"
    return f"{_span(counts)} {name} programs"


def with_second(lists: str, second: str) -> str:
    """The lists in words with the second backup list's added, before "and no radiology list" when that closes it."""
    if not second:
        return lists
    none = ", and no radiology list"
    if lists.endswith(none):
        return f"{lists[:-len(none)]}, {second}{none}"
    return f"{lists}, plus {second}"


#: Tiers from worst to best, to compare them.
TIER_ORDER = ("high", "moderate", "higher")


def earlier_match(a: Answers, kb: KnowledgeBase, today: date) -> int | None:
    """The Match a year before the user's, when it is still open to plan for (its MyERAS at least four months
    away) and the user will have graduated by then."""
    earlier = a.match_year - 1
    if earlier - 1 < a.graduation_year:
        return None
    return earlier if kb.calendar.phase(earlier, today).id in ("preparing", "building") else None


def applies_sooner(a: Answers, tier: str, earlier: int | None) -> bool:
    """Applying a year earlier serves the user better: it keeps a better tier, or the gap is already past the years
    programs like, so every year of waiting costs more than it gains."""
    if earlier is None:
        return False
    sooner = tier_for(replace(a, match_year=earlier))[0]
    return TIER_ORDER.index(sooner) > TIER_ORDER.index(tier) or a.years_since_graduation > STALE_YEARS


def wait_cost(a: Answers, tier: str) -> str:
    """What waiting a Match costs this user, said when they have not applied yet in interview season."""
    years, later = a.years_since_graduation + 1, tier_for(replace(a, match_year=a.match_year + 1))[0]
    nxt = a.match_year + 1
    if a.years_since_graduation > DEAL_BREAKER_YEARS:
        return (f"Applying now is rarely worth the fees, but waiting costs you too: every year adds to a gap of "
                f"{count(a.years_since_graduation, 'year')} that programs already screen on, so weigh late "
                f"applications to programs still reviewing against the {nxt} Match with a mentor.")
    if years > DEAL_BREAKER_YEARS:
        return (f"Applying now is rarely worth the fees, but waiting costs you too: for the {nxt} Match you would "
                f"be {count(years, 'year')} from graduation, past the 7-year line many programs screen on, so weigh "
                f"late applications to programs still reviewing against that with a mentor.")
    if later != tier:
        return (f"Applying now is rarely worth the fees, but waiting costs you too: for the {nxt} Match you would "
                f"be {count(years, 'year')} from graduation, which makes you {TIER_LABEL[later]}, so weigh late "
                f"applications to programs still reviewing against that with a mentor.")
    return f"Applying now is rarely worth the fees - aim for the {nxt} Match instead (change it with /profile)."


def visa_fit(route: Route) -> tuple[str, str] | None:
    """What a program does for the user's visa (plural, singular): ECFMG sponsors the J-1 and programs accept
    it; programs sponsor the H-1B. None when no visa is needed."""
    if route.id == "none":
        return None
    if route.h1b_pool:
        return "sponsor the H-1B", "sponsors the H-1B"
    return "accept the J-1", "accepts the J-1"


def more_programs(kb: KnowledgeBase, applied: Applications, backups: tuple[BackupChoice, ...], route: Route,
                  second: str | None = None, must_match: bool = True, next_match: int = 0) -> str:
    """Where more applications could still go when invitations are few: more of the top backup's programs, or,
    when its list already holds every program in its pool, the next backup's; with a second list (the safest
    backup, for a client who must match), that one's programs too."""
    top, name = backups[0].id, kb.specialties[backups[0].id].name.lower()
    fit = visa_fit(route)
    visa = f" that {fit[0]} and" if fit else ""
    if second is not None:
        other = kb.specialties[second].name.lower()
        return f"add {other} programs{visa or ' that'} are still reviewing, and more {name} ones"
    every = f" that {fit[1]}" if fit else " there is"
    if top in applied.whole_pool and not must_match:
        # a client who need not match is not sent late into another specialty (a match binds): the next step is a
        # stronger application in their own backup next season
        return f"your {name} list already holds every program{every}, so a late list in another field is not the " \
               f"answer: you need not match this season, and a stronger {next_match} {name} application (US {name} " \
               f"experience, a {name} letter, a {name} abstract) is the better next step (a match is binding: add " \
               "another specialty only if you would truly train in it); meanwhile"
    if top in applied.whole_pool and len(backups) > 1:
        # the next backup in the client's own ranking (their answers and preferences), for a client who must match
        second = kb.specialties[backups[1].id].name.lower()
        return f"your {name} list already holds every program{every}, so look to {second} programs{visa or ' that'} " \
               "are still reviewing"
    return f"apply now to more {name} programs{visa or ' that'} are still reviewing"


def _values(a: Answers, kb: KnowledgeBase, top: str, applied: Applications, costs: Costs, route: Route,
            dates: dict[str, str], today: date, tier: str, earlier: int | None,
            backups: tuple[BackupChoice, ...], target: int, second: str | None = None,
            second_counts: tuple[int, int] | None = None, second_kind: str = "") -> dict[str, Any]:
    """What the guidance texts' placeholders are filled with for this user."""
    season, by, goal = kb.season, kb.season.signals.by_specialty, kb.goal
    applications = applied.counts
    later, _, _ = tier_for(replace(a, match_year=a.match_year + 1))
    backup = kb.specialties[top].name
    fit = visa_fit(route)
    values: dict[str, Any] = {
        **dates, **when_values(kb, a.match_year, today, dates, abroad=route.suspended is None),
        "match_year": a.match_year, "next_match": a.match_year + 1, "target_match": target,
        "backup": backup.lower(), "backup_name": backup,
        # the backups ranked and readied for SOAP: the top one, and the second list's when there is one
        "ranked_backups": backup.lower() + (f" and {kb.specialties[second].name.lower()}" if second else ""),
        # one personal statement per specialty applied to: a second backup list adds a third
        "statements_for": f"three separate statements, one each for radiology, {backup.lower()} and "
        f"{kb.specialties[second].name.lower()}" if second else
        f"two separate statements, one for radiology and one for {backup.lower()}",
        "soap_backups": backup.lower() + (f" and one for {kb.specialties[second].name.lower()}" if second else ""),
        "dr_signals": by[goal].words() if goal in by else "",
        "backup_signals": by[top].words() if top in by else "",
        # the other lists the plan sizes have their own signals, said in the same step as the Signals section does
        "more_signals": "".join(f", {kb.specialties[sid].name.lower()} {by[sid].words()}{why}" for sid, why in (
            (second, " for your second list"),
            (kb.pgy1, " for the PGY-1 year") if applied.counts[goal][1] else (None, "")) if sid and sid in by),
        "signals_season": season.signals.season,
        "eras_usd": f"{costs.eras_usd:,}",
        "years_now": count(a.years_since_graduation, "year"),
        "next_years": count(a.years_since_graduation + 1, "year"), "next_tier": TIER_LABEL[later],
        "dr_programs": _span(applications[goal]), "backup_programs": _span(applications[top]),
        "lists": with_second(lists_words(applications, goal, top, backup.lower(), applied.whole_pool),
                             second_words(kb.specialties[second].name.lower(), second_counts, second_kind)
                             if second and second_counts else ""),
        "more_programs": more_programs(kb, applied, backups, route, second, a.must_match_this_cycle,
                                       a.match_year + 1),
        "wait_cost": wait_cost(a, tier),
        **pathways_values(today, a.match_year), **time_values(kb, a, today, route.suspended is not None),
        "suspension_date": suspension_since(season.visa, a.citizenship),
        "valid_on": valid_on(season.visa, a.citizenship),
        **written_word_values(kb, a, route, today),  # the H-1B's written word, a PGY-1's visa; the USCIS hold:
        "uscis_hold": kb.render(kb.texts["uscis_hold_step"], {"hold_date": day_text(season.visa.hold_from)}, today)
        if season.visa.hold_from and season.visa.held(a.citizenship, today) else "",
        "suspended_visas": "all visas" if route.suspended == "all" else "J visas",
        "visa_programs": f"programs that {fit[0]} and take graduates of your year" if fit
        else "programs that take graduates of your year",
    }
    if earlier is not None:
        sooner = tier_for(replace(a, match_year=earlier))[0]
        values.update({
            "earlier_match": earlier, "earlier_myeras": day_text(*kb.calendar.date_of("myeras_opens", earlier)),
            "earlier_years": count(a.years_since_graduation - 1, "year"),
            "earlier_tier_words": "" if sooner == tier else
            f", which would make you {TIER_LABEL[sooner]} rather than {TIER_LABEL[tier]}"})
    return values


def _phase_group(phase: str) -> str:
    """before (applications not yet in), season (interviews and ranking), match_week, after (the Match is over)."""
    return {"interviewing": "season", "ranking": "season", "match_week": "match_week",
            "after_match": "after"}.get(phase, "before")


def strategy_for(kb: KnowledgeBase, plan: StrategyInputs, values: dict[str, Any]) -> tuple[str, ...]:
    """The strategy, most important first: a closed visa route before anything the tier says; then the tier's
    strategy for the phase (or, after the Match, for a reapplication); what changes it for this user; and (last)
    what the phase means today."""
    notes, tiers, a, phase = kb.texts["strategy_notes"], kb.texts["tiers"], plan.a, plan.phase
    group = _phase_group(phase)
    # after the Match the record is read for the reapplication: the next Match's tier, said with its year
    record = f"{TIER_LABEL[plan.counts_tier]} for the {a.match_year + 1} Match" if group == "after" and not \
        plan.retarget else TIER_LABEL[plan.tier]
    filled = {**values, "basis_tier": TIER_LABEL[plan.counts_tier], "tier_label": record,
              "country": plan.route.country or "your nationality"}
    lines: list[str] = []
    first = kb.texts["visa_first"]
    # this Match's applications are the decision, and the route depends on Step 3 in time: one conditional, and
    # every line after it says what holds if the user applies
    if_in_time = applies_if_step3_in_time(plan.outlook, plan.route, a.step3, phase, plan.retarget)
    if if_in_time:
        visit = first[f"visit_{plan.route.suspended or 'open'}"]
        lines.append(kb.render(first["h1b_if_in_time"], {**filled, "visit": kb.render(visit, filled)}, plan.today))
    elif plan.outlook == "blocked":
        kind = "closed" if plan.route.id == "closed" else "h1b_missed" if a.step3 == "planned" else "h1b"
        settle_key = f"{'closed' if kind == 'closed' else 'h1b'}_{group}"
        if settle_key == "h1b_season" and phase == "ranking":
            settle_key = "h1b_ranking"
        settle = kb.render(first["settle"][settle_key], filled)
        if settle_key == "h1b_ranking" and plan.route.suspended:
            settle += " " + kb.render(first["settle"]["h1b_ranking_visit"], filled)
        lines.append(kb.render(first[kind], {**filled, "settle": settle}, plan.today))
    elif plan.route.id == "h1b" and a.step3 == "not_planned":
        # the route opens once Step 3 is passed, and there is time: that comes first
        lines.append(kb.render(first["h1b_time"], filled, plan.today))
    if plan.route.id != "closed":
        tier = tiers[plan.tier]
        if plan.retarget or group == "after":
            later = tier_for(replace(a, match_year=a.match_year + 1))[0]
            text = (tiers["after_match"] + " " + tiers[later]["strategy_reapply"]) if group == "after" \
                and not plan.retarget else tiers[plan.tier]["strategy"]
        elif plan.fixable:
            # the fix needs a US visit: said where it is promised when visitor visas are suspended (p26)
            text = tier["strategy_fixable"] + (" " + notes["fixable_visit"] if plan.route.suspended else "")
        elif plan.outlook == "narrow" and "strategy_narrow" in tier:
            text = tier["strategy_narrow"]
        elif group == "season":
            text = tier["strategy_season"]
        elif group == "match_week":
            text = notes["match_week"]
        else:
            text = tier["strategy"]
        text = kb.render(text, filled, plan.today)
        lines.append(_if_you_apply(kb, text) if if_in_time else text)
        if plan.second and (group in ("before", "after") or plan.retarget):  # in season, the steps say where
            lines.append(kb.render(notes["second_list"], {**filled, "second_backup": plan.second}, plan.today))
        if plan.route.id == "h1b":
            lines.append(notes["h1b_route"])
    if plan.frank:
        lines.append(kb.render(notes["frank"], {**filled, "deal_breaker_words": plan.frank,
                                                "on_route": " and only H-1B programs open to you"
                                                if plan.route.h1b_pool else ""}, plan.today))
    # where radiology is more than a bonus, a must-match user is reminded to keep the backup's interviews (from
    # before applications go in: "Prioritise radiology interviews" must not stand alone for them)
    # (months before any interview it says so; while applying to this Match depends on Step 3, it is said of that case)
    # in season the J-1 choice is the Strategy's lead, with both branches' rank rule: it replaces the blocked
    # route's line and the must-match line (one "must match", no "only route", no rule that reads "rank nothing")
    j1_season = plan.j1_choice and (group == "season" or if_in_time)
    if j1_season:
        said = kb.render(notes["j1_choice_before" if if_in_time else "j1_choice_ranking" if phase == "ranking" else
                               "j1_choice_season"], filled, plan.today)
        if plan.outlook == "blocked":
            lines[0] = said
        else:
            lines.insert(1, said)
    elif a.must_match_this_cycle and group in ("before", "season") and not plan.retarget and plan.tier != "high":
        if plan.outlook == "blocked" and not if_in_time:
            # ranking binds: while the route is blocked the must-match line is conditional on it opening
            opens = "an exception" if plan.route.id == "closed" else "that written agreement" \
                if phase == "ranking" else "Step 3 passed, or the program's written agreement to rank you with Step 3 " \
                "pending,"
            key = "_ranking" if phase == "ranking" else "_season" if group == "season" else ""  # interviews: now
            must = kb.render(notes["must_match_blocked" + key], {**filled, "opens": opens})
        else:
            must = kb.render(notes["must_match_before" if phase in FIXING_PHASES else "must_match_season"], filled)
        lines.insert(1, _if_you_apply(kb, must) if if_in_time else must)
    if plan.j1_choice and not j1_season:
        # the client's own lever for this Match, said right after what blocks the route (before the must-match line)
        lines.insert(1, kb.render(notes["j1_choice"], filled, plan.today))
    if a.english == "weak":
        lines.append(notes["weak_english"])
    # (near a tier boundary, the in-between list sizes are said once, under "Programs and costs")
    now = kb.texts["phases"][phase]
    key = "now_retarget" if plan.retarget and "now_retarget" in now else \
        "now_visit" if plan.route.suspended and "now_visit" in now else "now"
    said = kb.render(now[key], values, plan.today)
    lines.append(_if_you_apply(kb, said) if if_in_time else said)
    return tuple(" ".join(line.split()) for line in lines)


@dataclass(frozen=True)
class StrategyInputs:
    """What the strategy is chosen from."""

    a: Answers
    today: date
    tier: str
    counts_tier: str
    fixable: bool
    position: float
    near: tuple[str, ...]
    route: Route
    outlook: str
    phase: str
    retarget: bool
    frank: str  # the deal-breakers said plainly, when they make a match unlikely anywhere; else ""
    second: str = ""  # the second backup list's specialty (its name), when there is one
    j1_choice: bool = False  # accepting the J-1 is the client's real choice for this Match (visa.offers_j1)


def _if_you_apply(kb: KnowledgeBase, text: str) -> str:
    """A line of the strategy said of the case where the user applies this season (a name like MyERAS keeps its
    capital)."""
    word = text.split(maxsplit=1)[0]
    keep = any(c.isupper() for c in word[1:])
    return kb.render(kb.texts["visa_first"]["if_you_apply"], {"strategy": text if keep else text[0].lower() + text[1:]})


def applies_if_step3_in_time(outlook: str, route: Route, step3: str, phase: str, retarget: bool) -> bool:
    """The H-1B is the only route, Step 3 is not planned, and this Match's applications are being prepared or sent:
    applying is right only if Step 3 can be sat in the US in time for the rank list."""
    return outlook == "blocked" and route.id == "h1b" and step3 == "not_planned" \
        and phase in IN_TIME_PHASES and not retarget


def on_route_reasons(kb: KnowledgeBase, reasons: tuple[str, ...], changers: tuple[str, ...], route: Route,
                     record_tier: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The tier's reasons and changers for a user on the H-1B route only because a suspension closes the J-1 they
    would take: the route, not an "H-1B only" answer, is what holds the tier down, and the record's own tier is
    said beside it."""
    t = kb.texts["tier_on_route"]
    values = {"country": route.country or "your nationality", "record": TIER_LABEL[record_tier]}
    if record_tier != "higher":  # the route leaves the tier where the record has it: the route, not an answer
        held = kb.render(t["held"], values)
        return (tuple(r.replace(H1B_MISSING, held) for r in reasons),
                tuple(held if c == H1B_MISSING else c for c in changers))
    said = []
    for reason in reasons:
        if reason.startswith(HELD_AT_MODERATE):
            rest = [r for r in reason[len(HELD_AT_MODERATE):].split("; ") if r != H1B_MISSING]
            said.append(kb.render(t["reason"], values))
            if rest:
                said.append(HELD_AT_MODERATE + "; ".join(rest))
        else:
            said.append(reason)
    return tuple(said), tuple(kb.render(t["changer"], values) if c == H1B_MISSING else c for c in changers)


def frank_words(kb: KnowledgeBase, a: Answers, deal_breakers: tuple[str, ...], route: Route) -> str:
    """The deal-breakers in a few words, when the record makes a match unlikely in any specialty: two or more, or
    a long gap with only H-1B programs open."""
    many = len(deal_breakers) >= 2
    gap_h1b = "graduation_over_7_years" in deal_breakers and route.h1b_pool
    if not (many or gap_h1b):
        return ""
    words = {"multiple_failures": f"{a.usmle_failures} failed USMLE attempts",
             "graduation_over_7_years": f"{count(a.years_since_graduation, 'year')} since graduation",
             "no_us_clinical_experience": "no US clinical experience"}
    said = [words[d] for d in deal_breakers]
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]


def build_plan(a: Answers, kb: KnowledgeBase, today: date) -> Plan:
    """Turn a validated answers file and today's date into a complete, explained plan."""
    season, goal = kb.season, kb.goal
    phase = kb.calendar.phase(a.match_year, today)
    route = route_for(a, kb, today)
    retarget = retargets(a, phase.id, today, kb.calendar.date_of("review", a.match_year)[0])
    # aimed at the next Match, the source's "recency of graduation" counts to applying for it (CONTRACTS §1's rule)
    def aimed(x: Answers) -> Answers:
        return replace(x, match_year=x.match_year + 1) if retarget else x
    record_ratings = ratings_for(a, route.suspended, route.country)
    ratings = ratings_for(aimed(a), route.suspended, route.country)
    deal_breakers = deal_breakers_for(a)
    record_tier = tier_for(a)[0]  # CONTRACTS §2 rates the answers
    # a J-1 the user would take, closed by a suspension, leaves the H-1B: the tier the plan speaks and plans by is
    # the one the H-1B route gives (its pool is a fifth of the programs), as for a user who answered H-1B only
    a_answered, a = a, replace(a, visa="h1b_only") if route.id == "h1b" and a.visa == "j1_ok" else a
    tier, reasons, changers = tier_for(aimed(a), reapplying=phase.id == "after_match" and not retarget)
    if a is not a_answered:
        reasons, changers = on_route_reasons(kb, reasons, changers, route, record_tier)
    # while there is time, a deal-breaker that can be fixed is a step with a deadline: plan for the fixed profile
    fixing = phase.id in FIXING_PHASES and tier == "high" and only_fixable_high(a)
    basis_a = replace(aimed(a), us_clinical_experience="observership") if fixing else aimed(a)
    # after an unmatched Match the lists are the reapplication's: sized for the next Match's tier (the one the
    # strategy states), and the backup list one tier broader than this time
    reapply = phase.id == "after_match" and not retarget
    if reapply:
        basis_a = replace(basis_a, match_year=a.match_year + 1)
    counts_tier = tier_for(basis_a)[0]
    p = position(basis_a)
    # the suspensions cover immigrant visas too: no backup reason promises a green card while one applies
    backups = rank_backups(kb.ranking, basis_a, counts_tier, route.id, green_card_open=not route.immigrant_suspended)
    top = backups[0].id
    dates = date_values(kb, a.match_year)
    names = {sid: s.name.lower() for sid, s in kb.specialties.items()}
    basis = Basis(basis_a, counts_tier, deal_breakers_for(basis_a), fixing, route.h1b_pool)
    applied = applications_for(basis, p, goal, top, season, kb.counts, names, dates,
                               backup_p=max(0.0, p - 1) if reapply else None)
    applications = applied.counts
    second_id = safest_second(backups) if basis_a.must_match_this_cycle else None
    second: dict[str, tuple[int, int]] = {}
    second_pool: dict[str, str] = {}
    notes = applied.notes
    if second_id is not None:
        second[second_id], kind = second_list_for(basis, p, second_id, season, kb.counts)
        if kind:
            second_pool[second_id] = kind
        fit = visa_fit(route)
        notes += (kb.counts.notes["second_uncounted" if kind == "uncounted" else "second"].format(
            specialty=names[second_id], span=_span(second[second_id]), most=second[second_id][1],
            visa=f" and {fit[0]}" if fit else ""),)
    applies = applications[goal][1] > 0
    # after the Match, the visa's deadlines are the next Match's
    outlook_dates = date_values(kb, a.match_year + 1) if phase.id == "after_match" else dates
    outlook = visa_outlook(a_answered, route, kb, today, phase.id, outlook_dates)
    needs_step3 = (a.visa == "h1b_only" or route.id == "h1b") and a.step3 != "passed"
    costs = costs_for(applications, season, today,
                      ahead_for(phase.id, needs_step3, a.step3 == "passed", season, retarget))
    earlier = earlier_match(a, kb, today) if phase.id in FIXING_PHASES else None
    sooner = applies_sooner(a, tier, earlier)
    target = a.match_year + 1 if retarget or phase.id == "after_match" else a.match_year
    values = _values(a, kb, top, applied, costs, route, dates, today, tier, earlier if sooner else None, backups,
                     target, second_id, second.get(second_id) if second_id else None,
                     second_pool.get(second_id, "") if second_id else "")
    second_eras = sum(season.eras.for_programs(hi) for _, hi in second.values())
    values["eras_usd"] = f"{costs.eras_usd + second_eras:,}"  # the budget step counts every list
    values["training_july"] = f"July {a.match_year + retarget}"  # training starts in July of the Match aimed at
    values["us_only"] = "" if route.suspended else " and is sat only in the US"  # else the US-visit caveat says it
    j1 = offers_j1(a_answered, route, phase.id, outlook.status, retarget)
    chosen = (lambda text: as_chosen(kb, text)) if j1 else (lambda text: text)  # the H-1B as chosen, not the only one
    outlook = outlook_as_chosen(kb, outlook) if j1 else outlook
    values["country"] = route.country or "your nationality"
    values["as_of"] = kb.season.visa.suspension_fact.as_of(today)
    values["j1_why"] = values["j1_why_cap"] = ""
    # Step 3 is sat only in the US: a visitor visa first, said where no suspension's caveat already says the visit
    values["step3_visit"] = " ".join(kb.texts["when"]["step3_visit"].split()) \
        if route.id == "h1b" and route.suspended is None else ""
    if values["step3_visit"]:
        values["step3_visit"] = " " + values["step3_visit"]
    if j1:
        late = phase.id == "ranking" or today > date(a.match_year - 1, 12, 31)  # the last Step 3 sitting has passed
        why = kb.texts["j1_why"]["ranking" if late else
                                 "nostep3" if a.step3 == "not_planned" else "planned"]
        values["j1_why"] = " ".join(kb.render(why, values, today).split())
        values["j1_why_cap"] = values["j1_why"][0].upper() + values["j1_why"][1:]
    facts = StepFacts(a, tier, phase.id, outlook.status == "blocked", applies, route, retarget, today, sooner, j1)
    flags = flags_for(facts)
    step3 = pick(kb.texts["visa"]["step3"][a.step3], phase.id, flags) or ""
    values["step3_now"] = " ".join(kb.render(step3, values, today).split())
    said: list[Step] = []
    visit_at = 0  # the step that says the visitor-visa caveat; a later one points back to it (said once)
    for sid in step_ids(facts):
        text = text_for(kb, sid, phase.id, flags, values, today)
        with_visit = with_us_visit(kb, sid, text, route, today, values["valid_on"])
        if with_visit != text and visit_at:
            at = text.rfind(" Source")
            back = f" This needs a US visit too (see step {visit_at})."
            with_visit = f"{text[:at]}{back}{text[at:]}" if at > 0 else text + back
        elif with_visit != text:
            visit_at = len(said) + 1
        said.append(Step(sid, chosen(with_visit)))
    steps = tuple(said)
    # after the Match, how close the reapplication is to another tier (a line this Match's years crossed is passed)
    near = near_lines(basis_a, counts_tier) if reapply else near_lines(aimed(a), tier)
    if sooner and earlier is not None:
        better = tier_for(replace(a, match_year=earlier))[0]
        if better != tier:
            near += (f"Applying a year earlier (the {earlier} Match, {count(a.years_since_graduation - 1, 'year')} "
                     f"from graduation) would make you {TIER_LABEL[better]}.",)
    if outlook.status != "open":
        # the visa route is the first risk factor: said before anything the record says
        reasons = (kb.render(kb.texts["tier_visa"], {"risk": "; ".join(outlook.risk)}),
                   *(r.replace(HELD_AT_MODERATE, kb.texts["held_besides_visa"]) for r in reasons))
    strong = sum(1 for r in ratings.values() if r.level == "strong")
    frank = frank_words(kb, basis_a, deal_breakers_for(basis_a), route)  # after the Match: the reapplication's
    inputs = StrategyInputs(a, today, tier, counts_tier, fixing, p, near, route, outlook.status, phase.id, retarget,
                            frank, names[second_id] if second_id else "", j1)
    return Plan(
        answers=a_answered, today=today, goal=goal, tier=record_tier, route_tier=tier,
        provisional=a.step2_ck_score is None,
        years_since_graduation=a.years_since_graduation, ratings=ratings, deal_breakers=deal_breakers,
        fixable=tuple(d for d in deal_breakers if fixing and d in FIXABLE), counts_tier=counts_tier,
        tier_reasons=reasons, tier_changers=changers, near=near, position=p,
        # radiology alone is never said to someone who must match this cycle, nor on a route that is not open
        radiology_only_defensible=(tier == "higher" and strong >= 4 and not deal_breakers and p >= 1.75
                                   and a.us_clinical_experience == "hands_on" and a.english != "weak"
                                   and outlook.status == "open" and not a.must_match_this_cycle),
        backups=backups, applications=applications, application_notes=notes, whole_pool=applied.whole_pool,
        letters=letters_for(p, applies, a, kb.specialties[top].name), phase=phase, retarget=retarget,
        strategy=tuple(chosen(line) for line in strategy_for(kb, inputs, values)), next_steps=steps, route=route, visa_outlook=outlook,
        programs_available={sid: season.programs[sid] for sid in applications if sid in season.programs},
        sponsoring={sid: s for sid in applications if route.h1b_pool for s in [season.sponsoring(sid)] if s is not None},
        signals=signals_for(applications, season, goal, kb.pgy1), signals_season=season.signals.season,
        signals_status=season.signals.fact.status, costs=costs,
        second=second, second_pool=second_pool, second_eras_usd=second_eras,
        second_signals={sid: season.signals.by_specialty[sid] for sid in second
                        if sid in season.signals.by_specialty},
        second_available={sid: season.programs[sid] for sid in second if sid in season.programs},
        second_sponsoring={sid: sp for sid in second if route.h1b_pool for sp in [season.sponsoring(sid)]
                           if sp is not None},
        record_ratings=record_ratings if retarget else None,
    )
