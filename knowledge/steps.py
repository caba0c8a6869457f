"""What to do now: the next steps for this user in this phase, most urgent first (CONTRACTS §3a).

Pure. Which steps apply is decided here from the answers, the tier, the phase and the visa route;
what each says is data (``next_steps`` in guidance.yaml), one text per phase with variants for the
flags that fit the user (``text_for``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Callable, Mapping, Sequence

from knowledge.answers import Answers
from knowledge.base import KnowledgeBase
from knowledge.pathways import PATHWAYS_CLOSE
from knowledge.ratings import AVERAGE_SCORE, DEAL_BREAKER_YEARS, STALE_YEARS, hands_on_roles
from knowledge.timeline import PHASES, day_text
from knowledge.visa import Route

#: Steps that build the profile come first while there is time; deadlines first after that.
EARLY_ORDER = ("visa_exception", "apply_sooner", "take_step2_ck", "reconsider_j1", "take_step3", "wait_a_year",
               "gain_us_clinical_experience", "recent_clinical_work", "radiology_exposure", "radiology_research",
               "english_practice", "statement_of_need", "letters", "personal_statements", "program_lists",
               "ecfmg_pathway", "assign_signals", "submit_early", "budget", "ecfmg_certification")
#: Late in the cycle, deadlines first: certification (the Pathway) before Step 3, which needs it.
#: The rank list before SOAP: its deadline comes first.
LATE_ORDER = ("visa_exception", "retarget_next_match", "take_step2_ck", "ecfmg_pathway", "reconsider_j1",
              "take_step3", "nrmp_registration", "rank_list", "h1b_written_word", "soap", "interview_prep",
              "post_interview_communication", "few_invitations", "reapply", "start_training", "partly_matched",
              "statement_of_need", "submit_early",
              "assign_signals", "program_lists", "letters", "english_practice", "wait_a_year",
              "gain_us_clinical_experience", "recent_clinical_work", "radiology_exposure", "radiology_research",
              "budget", "ecfmg_certification", "not_applied_yet")
#: Steps for another situation than the plan assumes ("If you have not applied yet …"): said last, as a condition,
#: after the numbered steps.
BRANCHES = ("not_applied_yet",)
_UP_TO_APPLYING = PHASES[:4]
#: From when the Pathway for a Match can be planned until that Match's rank-list deadline.
PATHWAY_PHASES = ("building", "assembling", "applying", "interviewing", "ranking")
#: Phases in which a user can no longer take part in their Match without a Step 2 CK score (and after it, in
#: which they did not take part).
TOO_LATE_WITHOUT_STEP2 = ("interviewing", "ranking", "match_week", "after_match")
#: How long a Step 2 CK score takes to reach programs, about (fact ``step2-scores``: most within four weeks): in the
#: applying phase, a user without a score this close to the review day would be read without one, and the last day
#: to sit it for this Match is the review day less this (``step2_sit_by``).
SCORE_DAYS = 28
#: The margin before that last day: USMLE's past summer delays (2016, 2018, 2019) fell on tests from late June to
#: August, so a test three weeks before the last day is still in time if a delay is announced late (an estimate).
MARGIN_DAYS = 21
#: On the H-1B route Step 3 must be passed before applications go in, and it needs ECFMG certification, which needs
#: the Step 2 CK score: the last day to sit Step 2 CK is the submission day less the Step 2 CK score (SCORE_DAYS), the
#: certification (CERTIFY_DAYS: an estimate, no source gives ECFMG's time), the Step 3 permit (``step3-us-only``:
#: about two weeks), booking a test-centre seat, travelling to the US and sitting the two-day exam (SIT_DAYS: an
#: estimate, no source gives it) and the Step 3 score (``step3-scores``: most within four weeks, counted from the
#: exam, not the permit). Round-13 must-fix 1: for 2029, Wed 6 Sep 2028 less 126 days is Wed 3 May 2028 (round 12's
#: 98 days left no time between the permit and the exam).
CERTIFY_DAYS, PERMIT_DAYS, SIT_DAYS, STEP3_SCORE_DAYS = 28, 14, 28, 28
H1B_CHAIN_DAYS = SCORE_DAYS + CERTIFY_DAYS + PERMIT_DAYS + SIT_DAYS + STEP3_SCORE_DAYS


@dataclass(frozen=True)
class StepFacts:
    """What the next-step rules look at: the answers, the tier, the phase and the visa situation."""

    a: Answers
    tier: str  # CONTRACTS §2's tier for the answers as they are
    phase: str
    blocked: bool
    applies_to_radiology: bool
    route: Route
    retarget: bool  # this Match is out of reach: the plan aims at the next one
    today: date
    sooner: bool = False  # an earlier Match is still open to the user and would serve them better
    j1_choice: bool = False  # accepting the J-1 is the client's real choice for this Match (visa.offers_j1)

    @property
    def early(self) -> bool:
        return self.phase in _UP_TO_APPLYING

    @property
    def building_time(self) -> bool:
        """A time to add to the profile: before applying, after the Match, or when aiming at the next one."""
        return self.phase in ("preparing", "building", "assembling", "after_match") or self.retarget

    def in_(self, *phases: str) -> bool:
        return self.phase in phases

    def this_match(self, *phases: str) -> bool:
        """In one of ``phases`` and still taking part in this Match."""
        return self.phase in phases and not self.retarget


def retargets(a: Answers, phase: str, today: date | None = None, review: date | None = None) -> bool:
    """No Step 2 CK score in interview season or later, or so close to the review day that programs would read
    the application without it: this Match is out of reach in any real sense (after it: was not taken part in)."""
    if a.step2_ck_score is not None:
        return False
    late_applying = phase == "applying" and today is not None and review is not None and \
        (review - today).days < SCORE_DAYS
    return phase in TOO_LATE_WITHOUT_STEP2 or late_applying


def _may_wait_a_year(f: StepFacts) -> bool:
    """Waiting only helps when it fixes what makes the tier high (no US clinical experience), and never
    when it would take the user past the 7-year line or they must match this cycle."""
    a = f.a
    return (f.tier == "high" and not a.must_match_this_cycle and a.us_clinical_experience == "none"
            and not a.usmle_failures and (a.step2_ck_score or AVERAGE_SCORE) >= AVERAGE_SCORE
            and a.years_since_graduation + 1 <= DEAL_BREAKER_YEARS and f.in_("building", "assembling", "applying"))


#: When each next step applies (CONTRACTS §3a rules first, then the others).
STEP_RULES: dict[str, Callable[[StepFacts], bool]] = {
    "visa_exception": lambda f: f.route.asks_exception,
    "retarget_next_match": lambda f: f.retarget,
    "reconsider_j1": lambda f: f.j1_choice,
    "take_step2_ck": lambda f: f.a.step2_ck_score is None,
    # the H-1B is the user's only route (by their answer, or a J-visa suspension) and Step 3 is not passed
    "take_step3": lambda f: (f.a.visa == "h1b_only" or f.route.id == "h1b") and f.a.step3 != "passed",
    "ecfmg_pathway": lambda f: f.a.step3 != "passed" and f.this_match(*PATHWAY_PHASES),
    "nrmp_registration": lambda f: f.this_match("interviewing", "ranking"),
    "apply_sooner": lambda f: f.sooner,
    "not_applied_yet": lambda f: f.this_match("interviewing") and not f.blocked,
    "interview_prep": lambda f: f.this_match("interviewing"),
    "post_interview_communication": lambda f: f.this_match("interviewing"),
    # until the end of December: later, most programs have stopped inviting
    "few_invitations": lambda f: f.this_match("interviewing") and not f.blocked and f.today.year < f.a.match_year,
    "rank_list": lambda f: f.this_match("interviewing", "ranking"),
    # on the H-1B route with Step 3 not in the way (the J-1 choice, where offered, says its own rank rule)
    "h1b_written_word": lambda f: f.this_match("interviewing", "ranking") and f.route.id == "h1b"
    and not f.blocked and not f.j1_choice,
    "soap": lambda f: f.this_match("ranking", "match_week"),
    "reapply": lambda f: f.in_("after_match"),
    "start_training": lambda f: f.in_("after_match") and not f.retarget,
    # an advanced radiology match with no PGY-1 binds all the same (SOAP is over by then)
    "partly_matched": lambda f: f.in_("after_match") and not f.retarget and f.applies_to_radiology,
    "statement_of_need": lambda f: f.a.visa == "j1_ok" and f.route.id == "j1"
    and f.in_("building", "assembling", "ranking", "match_week", "after_match"),
    "ecfmg_certification": lambda f: True,
    "english_practice": lambda f: f.a.english == "weak" and (f.early or f.in_("interviewing")),
    # while there is time to add it; without any, also while this Match runs (what to do if it brings nothing)
    "gain_us_clinical_experience": lambda f: f.a.us_clinical_experience != "hands_on" and (
        f.building_time or (f.a.us_clinical_experience == "none" and f.this_match("applying", "interviewing"))),
    # past the years programs like, current hands-on work is the offset (the step above covers those without it)
    "recent_clinical_work": lambda f: f.a.years_since_graduation > STALE_YEARS
    and f.a.us_clinical_experience == "hands_on" and f.building_time,
    "radiology_exposure": lambda f: f.a.radiology_experience == "none" and f.applies_to_radiology
    and (f.in_("preparing", "building") or f.in_("after_match") or f.retarget),
    "radiology_research": lambda f: f.a.research != "radiology" and f.applies_to_radiology
    and (f.in_("preparing", "building") or f.in_("after_match") or f.retarget),
    "wait_a_year": _may_wait_a_year,
    # a blocked user is not handed counts to apply with
    "program_lists": lambda f: f.this_match("building", "assembling", "applying") and not f.blocked,
    "letters": lambda f: f.this_match("building", "assembling", "applying") and not f.blocked,
    "personal_statements": lambda f: f.in_("building", "assembling"),
    # a year and more ahead, signals are only a thing to learn about later
    "assign_signals": lambda f: f.this_match("building", "assembling", "applying") and not f.blocked,
    "submit_early": lambda f: f.this_match("assembling", "applying") and not f.blocked,
    "budget": lambda f: f.this_match("building", "assembling", "applying") and not f.blocked,
}


def step_ids(facts: StepFacts) -> list[str]:
    """Which next steps apply to this user in this phase, most urgent first."""
    order = EARLY_ORDER if facts.phase in ("preparing", "building") else LATE_ORDER
    return [sid for sid in order if STEP_RULES[sid](facts)]


#: The flag of a blocked visa route (``flags_for``), and of its two concrete cases (they choose the caveats,
#: ``rank_caveats``; only the NRMP registration has a text for the first): every visa suspended; the J-1 suspended
#: and Step 3 not passed.
BLOCKED, BLOCKED_ALL, BLOCKED_J = "blocked", "blocked_all", "blocked_j"


def flags_for(f: StepFacts) -> tuple[str, ...]:
    """The text variants that fit the user, strongest first (see ``text_for``)."""
    flags = []
    if f.retarget:
        flags.append("retarget")
    if f.a.step3 == "passed":
        flags.append("certified")  # Step 3 needs ECFMG certification first
    elif f.a.step3 == "not_planned":
        flags.append("nostep3")
    flags.extend({"h1b": ["h1b"], "closed": ["closed"], "none": ["novisa"]}.get(f.route.id, []))
    if not f.applies_to_radiology:
        flags.append("no_radiology")
    if STEP_RULES["ecfmg_pathway"](f):
        flags.append("pathway")  # the Pathway step is in the plan: what the English test needs is said there
    if f.a.must_match_this_cycle:
        flags.append("must_match")  # the last flag: only a text written for it (p09 in September) uses it
    if f.blocked:
        flags.append(BLOCKED)  # no text has a variant for it: it fills the rank-list step's caveat (rank_caveats)
        # and which caveat: every visa suspended, or the J-1 closed by a suspension with Step 3 not passed
        if f.route.suspended == "all":
            flags.append(BLOCKED_ALL)
        elif f.route.j_closed and f.a.step3 != "passed":
            flags.append(BLOCKED_J)
    return tuple(flags)


def pick(texts: Mapping[str, str], phase: str, flags: Sequence[str]) -> str | None:
    """The text for the phase: a flag's variant first (for the phase, then its default), then the phase's, then
    the default."""
    keys = [k for flag in flags for k in (f"{phase}_{flag}", f"default_{flag}")] + [phase, "default"]
    return next((texts[k] for k in keys if k in texts), None)


def fitted(texts: Mapping[str, Any], key: str, needs_visa: bool, radiology: bool) -> Any:
    """The text under ``key`` fitted to the client, where guidance.yaml has a variant: ``<key>_no_radiology`` without
    a radiology list, ``<key>_no_visa`` for one who needs no visa, ``<key>_no_radiology_no_visa`` for both (round-10
    nice-to-have 7: no visa checks for a green-card holder, no radiology signals or PGY-1 for a backup-only plan)."""
    no_rad, no_visa = "_no_radiology" * (not radiology), "_no_visa" * (not needs_visa)
    return next(texts[key + s] for s in (no_rad + no_visa, no_rad, no_visa, "") if key + s in texts)


def text_for(kb: KnowledgeBase, step: str, phase: str, flags: Sequence[str], values: Mapping[str, Any],
             today: date | None = None) -> str:
    """The step's text for the phase and the user, with its placeholders filled (facts dated for ``today``). Its
    facts are said plainly and their sources once, at the end of the step (no parenthesis inside a parenthesis)."""
    text = pick(kb.texts["next_steps"][step], phase, flags)
    if text is None:
        raise KeyError(f"guidance.yaml: next_steps.{step} has no text for {phase}")
    values = {**values, **rank_caveats(kb, flags, values, today)}
    sources: list[str] = []
    said = " ".join(kb.render(text, values, today, sources).split())
    unique = list(dict.fromkeys(sources))
    return said + (f" Source{'s' * (len(unique) > 1)}: {'; '.join(unique)}." if unique else "")


def with_us_visit(kb: KnowledgeBase, step: str, text: str, route: Route, today: date,
                  valid_on: str = "1 January 2026") -> str:
    """A step that needs a visit to the US says so when visitor visas are suspended for the user's nationality
    (``us_visit`` in guidance.yaml): an elective, an observership or Step 3 cannot be booked as if it were open."""
    visit = kb.texts["us_visit"]
    if route.suspended is None or step not in visit["steps"]:
        return text
    caveat = visit[route.suspended].format(country=route.country or "your nationality",
                                           as_of=kb.season.visa.suspension_fact.as_of(today),
                                           valid_on=valid_on)
    at = text.rfind(" Source")  # the caveat belongs to the step, before its sources
    return f"{text[:at]} {caveat}{text[at:]}" if at > 0 else f"{text} {caveat}"


def rank_caveats(kb: KnowledgeBase, flags: Sequence[str], values: Mapping[str, Any] | None = None,
                 today: date | None = None) -> dict[str, str]:
    """{rank_in_list} and {rank_sentence} of the rank-list step: while the visa route is blocked, rank only programs
    that can start the client on a visa open to them, since a match binds whatever the visa, said concretely for a
    J-1 closed by a suspension without Step 3 (round-11 nice-to-have 1); and {register_if} of the NRMP registration:
    with every visa suspended, only if an exception opens a route (nice-to-have 7). Empty while the route is open."""
    caveat = kb.texts["rank_caveat"]
    kind = next((k for k in (BLOCKED_J, BLOCKED_ALL) if k in flags), "")
    out = {f"rank_{key}": caveat.get(f"{key}_{kind}", caveat[key]) if BLOCKED in flags else ""
           for key in ("in_list", "sentence")}
    held = "_held" * bool((values or {}).get("uscis_hold"))  # USCIS holds this nationality's changes of status
    out["register_if"] = caveat["register_if" + held] if kind == BLOCKED_ALL else ""
    return {key: (" " + " ".join(kb.render(text, values, today).split())) if text else ""
            for key, text in out.items()}


def date_values(kb: KnowledgeBase, year: int) -> dict[str, str]:
    """The cycle's dates as text for the guidance placeholders ("Mon 1 Feb 2027 (estimated)")."""
    cal = kb.calendar
    out = {mid: day_text(*cal.date_of(mid, year)) for mid in ("myeras_opens", "submit", "review", "rank_list_opens",
                                                         "rank_list", "match_week", "match_day")}
    out["next_myeras"] = day_text(*cal.date_of("myeras_opens", year + 1))
    out["pathway_deadline"] = day_text(*cal.date_of("ecfmg_pathway", year))
    out["nrmp_deadline"] = day_text(*cal.date_of("nrmp_registration_deadline", year))
    # in past years Step 3 sittings of January and February were scored only after the rank-list deadline
    out["step3_sit_by"] = day_text(date(year - 1, 12, 31), "estimated")
    # the last day to sit Step 2 CK for a score by review day: an estimate even where the review day is published
    out["step2_sit_by"] = day_text(cal.date_of("review", year)[0] - timedelta(days=SCORE_DAYS), "estimated")
    out["pathways_year"] = str(year - 1)
    return out


def time_values(kb: KnowledgeBase, a: Answers, today: date, visit_suspended: bool) -> dict[str, str]:
    """How long until MyERAS opens, in months, and what the months before it are for, fitted to the user: an
    observership only for one who lacks US experience, a case report only without radiology research (and, when
    visitor visas are suspended for the nationality, the observership said as needing a US visit); before the
    day applicants may submit, that day; and, while it is ahead, the day to sit Step 2 CK by for a margin."""
    opens = kb.calendar.date_of("myeras_opens", a.match_year)[0]
    months = max(1, round((opens - today).days / 30.44))
    work = [w for w, wanted in (("a case report", a.research != "radiology"), ("letters", True),
                                ("your statements", True)) if wanted]
    said = ", ".join(work[:-1]) + f" and {work[-1]}"
    if a.us_clinical_experience == "none" or a.radiology_experience == "none":
        said += ("; an observership needs a US visit, which the visitor-visa suspension may rule out" if
                 visit_suspended else ", and an observership if you can arrange one")
    # until applicants may submit, the day they may (round-10 nice-to-have 6: June's plans never said it)
    submit, how = kb.calendar.date_of("submit", a.match_year)
    # three weeks before the last day to sit Step 2 CK, a margin for a summer reporting delay, while it is ahead
    # (round-11 nice-to-have 3)
    margin = kb.calendar.date_of("review", a.match_year)[0] - timedelta(days=SCORE_DAYS + MARGIN_DAYS)
    # on the H-1B route, the day Step 2 CK still leaves time for certification and Step 3 before submission (round-12
    # nice-to-have 1); once it has passed, the last day for a score to reach programs, said as such
    h1b_by = submit - timedelta(days=H1B_CHAIN_DAYS)
    texts = kb.texts["step2_h1b"]
    review = kb.calendar.date_of("review", a.match_year)
    days = {"by": day_text(h1b_by, "estimated"), "submit": day_text(submit, how), "review": day_text(*review),
            "sit_by": day_text(review[0] - timedelta(days=SCORE_DAYS), "estimated"),
            # certification follows the score only once the Pathway and the OET result are in (round-13 nice 1)
            "pathways_year": str(a.match_year - 1),
            "pathways_close": day_text(date(a.match_year - 1, *PATHWAYS_CLOSE), "estimated")}
    h1b_when = texts["ahead" if today <= h1b_by else "passed"].format(**days)
    return {"myeras_months": f"about {months} month{'s' * (months != 1)} from now", "building_work": said,
            "submit_from": f" You may submit from {day_text(submit, how)}." if today < submit else "",
            "step2_margin": f", and sit it by {day_text(margin, 'estimated')} if you can, which leaves three weeks'"
                            " margin" if today <= margin else "",
            "hands_on_roles": hands_on_roles(a), "step2_h1b_when": h1b_when,
            # letters moved from the old portal: a rule of one ERAS season, said only to a client applying in it
            "letters_moved": letters_moved(kb, a.match_year)}


def letters_moved(kb: KnowledgeBase, match_year: int) -> str:
    """" {fact:eras-letters-moved}." for a client applying in that fact's ERAS season (the season names the Match),
    else "": the letters moved from the old portal are a rule of one season (round-11 nice-to-have 10)."""
    return " {fact:eras-letters-moved}." if kb.facts["eras-letters-moved"].season == f"{match_year} ERAS season" else ""

