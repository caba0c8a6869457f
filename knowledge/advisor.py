"""The advisor: answers + today -> ratings, tier, backups, numbers, and what to do now.

Pure functions. Ratings, deal-breakers and the tier follow CONTRACTS §2 (the source's
self-assessment framework). Application counts start from the source's worked examples but
blend near a tier's line, so one point of Step 2 CK or one year since graduation never moves a
bound by more than ``MAX_STEP`` programs (crossing a deal-breaker aside). Everything that
depends on the date (the phase, the next steps, visa rules in force) derives from ``today``
and the knowledge base's calendar and dated facts, so the chat, the console and
``python -m bot plan --today D`` give the same plan for the same answers and date.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Callable

from knowledge.answers import Answers, country_name, experience_rank
from knowledge.base import KnowledgeBase
from knowledge.season import Allotment, ProgramCount, Season
from knowledge.timeline import PHASES, Phase, day_text

LEVELS = ("strong", "average", "weak")
BACKUPS = ("internal_medicine", "family_medicine", "neurology", "pathology")
DR = "diagnostic_radiology"
TY = "transitional_year"
TIER_LABEL = {"higher": "higher-likelihood", "moderate": "moderate risk", "high": "high risk"}

STRONG_SCORE = 245
AVERAGE_SCORE = 235
RECENT_YEARS = 3
STALE_YEARS = 6
DEAL_BREAKER_YEARS = 7
NEAR_POINTS = 3  # "within a few points" of a Step 2 CK line
MAX_STEP = 20  # the most one point or one year may move a recommended bound

_EXPERIENCE_WORDS = {"none": "none", "observership": "an observership", "hands_on": "hands-on experience"}
_RESEARCH_WORDS = {"none": "no research output", "non_radiology": "research outside radiology",
                   "radiology": "radiology research"}
_VISA_WORDS = {"no_visa_needed": "no visa needed", "j1_ok": "J-1 acceptable", "h1b_only": "H-1B only"}


@dataclass(frozen=True)
class Rating:
    key: str
    level: str  # strong | average | weak | unknown
    because: str
    would_change: str


@dataclass(frozen=True)
class BackupChoice:
    id: str
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Letters:
    radiology: tuple[int, int]  # (fewest, most) letters to gather
    backup: tuple[int, int]
    general: int
    note: str


@dataclass(frozen=True)
class Step:
    id: str
    text: str


@dataclass(frozen=True)
class VisaOutlook:
    status: str  # open | narrow | blocked
    reasons: tuple[str, ...]
    possible: tuple[str, ...]  # what is still possible, and where to check


@dataclass(frozen=True)
class Costs:
    eras_usd: int
    nrmp_usd: int
    per_specialty: dict[str, int]  # ERAS fee per specialty for its upper count
    as_of: str
    assumes: str


@dataclass(frozen=True)
class Plan:
    answers: Answers
    today: date
    tier: str
    provisional: bool
    years_since_graduation: int
    ratings: dict[str, Rating]
    deal_breakers: tuple[str, ...]
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
    strategy: tuple[str, ...]
    next_steps: tuple[Step, ...]
    visa_outlook: VisaOutlook
    programs_available: dict[str, ProgramCount]
    signals: dict[str, Allotment]
    signals_season: str
    signals_status: str
    costs: Costs

    @property
    def top_backup(self) -> str:
        return self.backups[0].id

    @property
    def applies_to_radiology(self) -> bool:
        return self.applications[DR][1] > 0

    def to_json(self) -> dict[str, Any]:
        """The CONTRACTS.md §3 and §3a object (plus explanations)."""
        return {
            "tier": self.tier,
            "provisional": self.provisional,
            "years_since_graduation": self.years_since_graduation,
            "ratings": {k: r.level for k, r in self.ratings.items()},
            "deal_breakers": list(self.deal_breakers),
            "radiology_only_defensible": self.radiology_only_defensible,
            "backups": [b.id for b in self.backups],
            "applications": {k: list(v) for k, v in self.applications.items()},
            "today": self.today.isoformat(),
            "phase": self.phase.id,
            "phase_ends": self.phase.ends.isoformat() if self.phase.ends else None,
            "next_steps": [{"id": s.id, "text": s.text} for s in self.next_steps],
            "programs_available": {
                sid: {"count": c.count, "as_of": str(c.fact.year), "source": c.fact.source, "url": c.fact.url}
                for sid, c in self.programs_available.items()},
            "signals": {"as_of": self.signals_season, "status": self.signals_status,
                        **{sid: a.to_json() for sid, a in self.signals.items()}},
            "costs": {"eras_usd": self.costs.eras_usd, "nrmp_usd": self.costs.nrmp_usd,
                      "eras_by_specialty": self.costs.per_specialty, "as_of": self.costs.as_of,
                      "assumes": self.costs.assumes},
            "visa_outlook": {"status": self.visa_outlook.status, "reasons": list(self.visa_outlook.reasons),
                             "still_possible": list(self.visa_outlook.possible)},
            "citizenship": self.answers.citizenship,
            "why": {
                "tier": list(self.tier_reasons),
                "what_would_change_the_tier": list(self.tier_changers),
                "near_another_tier": list(self.near),
                "ratings": {
                    k: {"because": r.because, "would_change": r.would_change}
                    for k, r in self.ratings.items()
                },
                "backups": {b.id: list(b.reasons) for b in self.backups},
                "applications": list(self.application_notes),
                "strategy": list(self.strategy),
            },
            "letters": {
                "radiology": list(self.letters.radiology),
                "backup": list(self.letters.backup),
                "general": self.letters.general,
                "note": self.letters.note,
            },
        }


# --------------------------------------------------------------------------- ratings

def rate_step2(a: Answers) -> Rating:
    score, fails = a.step2_ck_score, a.usmle_failures
    if score is None:
        if fails:
            return Rating("step2_ck", "weak", f"Step 2 CK not taken yet, and {_count(fails, 'failed attempt')} on record",
                          "A failure rates this weak whatever the score.")
        return Rating("step2_ck", "unknown", "Step 2 CK not taken yet",
                      f"A first-attempt score of {STRONG_SCORE} or more would rate this strong; "
                      f"{AVERAGE_SCORE}-{STRONG_SCORE - 1} average.")
    if fails:
        return Rating("step2_ck", "weak", f"{_count(fails, 'failed USMLE attempt')}, score {score}",
                      "Nothing on this exam record changes a failure; it is offset only by strengths elsewhere.")
    if score >= STRONG_SCORE:
        return Rating("step2_ck", "strong", f"score {score}, first attempt",
                      f"Already strong (≥ {STRONG_SCORE}).")
    if score >= AVERAGE_SCORE:
        return Rating("step2_ck", "average", f"score {score}, first attempt",
                      f"A Step 2 CK of {STRONG_SCORE} or more would rate this strong.")
    return Rating("step2_ck", "weak", f"score {score} is below {AVERAGE_SCORE}",
                  f"A score of {AVERAGE_SCORE}-{STRONG_SCORE - 1} would rate this average; {STRONG_SCORE}+ strong.")


def rate_recency(a: Answers) -> Rating:
    years = a.years_since_graduation
    because = (f"{_count(years, 'year')} from graduation ({a.graduation_year}) to applying for the "
               f"{a.match_year} Match")
    if years <= RECENT_YEARS:
        return Rating("recency", "strong", because, f"Strong while it stays at {RECENT_YEARS} years or less.")
    if years <= STALE_YEARS:
        return Rating("recency", "average", because,
                      f"Only an earlier Match (≤ {RECENT_YEARS} years) would rate it strong; "
                      "recent US clinical work softens the gap.")
    return Rating("recency", "weak", because,
                  "This grows each year you wait; recent hands-on US clinical work is the best offset.")


def _rate_experience(key: str, value: str, what: str) -> Rating:
    level = LEVELS[2 - experience_rank(value)]
    change = {
        "strong": "Already strong.",
        "average": f"Hands-on {what} (an elective or sub-internship) would rate this strong.",
        "weak": f"An observership in {what} would rate this average; hands-on experience strong.",
    }[level]
    return Rating(key, level, f"{_EXPERIENCE_WORDS[value]} in {what}", change)


def rate_research(a: Answers) -> Rating:
    level = {"radiology": "strong", "non_radiology": "average", "none": "weak"}[a.research]
    change = {
        "strong": "Already strong.",
        "average": "An imaging-related abstract, poster, case report or paper would rate this strong.",
        "weak": "Any abstract or poster rates this average; a radiology one strong.",
    }[level]
    return Rating("research", level, _RESEARCH_WORDS[a.research], change)


def rate_visa(a: Answers) -> Rating:
    if a.visa == "h1b_only":
        return Rating("visa", "weak", "H-1B only",
                      "Being able to train on a J-1 would rate this strong and widen every program list.")
    return Rating("visa", "strong", _VISA_WORDS[a.visa], "Already strong.")


def rate_english(a: Answers) -> Rating:
    change = {
        "strong": "Already strong.",
        "average": "Practice interviews and clinical communication work would lift this.",
        "weak": "Structured English and interview practice before the season would lift this.",
    }[a.english]
    return Rating("english", a.english, f"self-rated {a.english}", change)


def ratings_for(a: Answers) -> dict[str, Rating]:
    return {
        "step2_ck": rate_step2(a),
        "recency": rate_recency(a),
        "radiology_experience": _rate_experience(
            "radiology_experience", a.radiology_experience, "US radiology"),
        "us_clinical_experience": _rate_experience(
            "us_clinical_experience", a.us_clinical_experience, "US clinical settings"),
        "research": rate_research(a),
        "visa": rate_visa(a),
        "english": rate_english(a),
    }


def deal_breakers_for(a: Answers) -> tuple[str, ...]:
    found = []
    if a.usmle_failures >= 2:
        found.append("multiple_failures")
    if a.years_since_graduation > DEAL_BREAKER_YEARS:
        found.append("graduation_over_7_years")
    if a.us_clinical_experience == "none":
        found.append("no_us_clinical_experience")
    return tuple(found)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# --------------------------------------------------------------------------- tier

def tier_for(a: Answers) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Return (tier, reasons, what would change it)."""
    score, fails, years = a.step2_ck_score, a.usmle_failures, a.years_since_graduation
    high: list[tuple[str, str]] = []
    if score is not None and score < AVERAGE_SCORE:
        high.append((f"Step 2 CK {score} is below {AVERAGE_SCORE}",
                     f"a Step 2 CK of {AVERAGE_SCORE} or more"))
    if fails:
        high.append((_count(fails, "failed USMLE attempt"), "no change possible: a failure stays on the record"))
    if years > STALE_YEARS:
        high.append((f"{years} years since graduation (more than {STALE_YEARS})",
                     f"applying within {STALE_YEARS} years of graduation"))
    if a.us_clinical_experience == "none":
        high.append(("no US clinical experience", "any US clinical experience (an observership counts)"))
    if high:
        reasons = tuple(r for r, _ in high)
        changers = tuple(f"{r} → needs {c}" for r, c in high)
        return "high", reasons, changers

    missing: list[str] = []
    if score is None:
        missing.append("Step 2 CK not taken yet (the tier is provisional)")
    elif score < STRONG_SCORE:
        missing.append(f"Step 2 CK {score} (higher needs {STRONG_SCORE}+)")
    if years > RECENT_YEARS:
        missing.append(f"{years} years since graduation (higher needs {RECENT_YEARS} or fewer)")
    if a.radiology_experience == "none":
        missing.append("no US radiology experience (higher needs at least an observership)")
    if a.research != "radiology":
        missing.append(f"{_RESEARCH_WORDS[a.research]} (higher needs radiology research)")
    if a.visa == "h1b_only":
        missing.append("H-1B only (higher needs J-1 acceptable or no visa needed)")
    if missing:
        return ("moderate",
                ("No high-risk factor, but the tier is held at moderate by: " + "; ".join(missing),),
                tuple(missing))
    return ("higher",
            (f"Step 2 CK {score} on the first attempt, {_count(years, 'year')} since graduation, "
             f"{_EXPERIENCE_WORDS[a.radiology_experience]} in US radiology, radiology research, "
             f"{_VISA_WORDS[a.visa]}",),
            ("A failed attempt, a gap of more than 3 years, or needing H-1B only would move it down.",))


def near_lines(a: Answers, tier: str) -> tuple[str, ...]:
    """Say when the user is within a few points (or one year) of another tier, and which way."""
    out = []
    score, years = a.step2_ck_score, a.years_since_graduation
    others_high = a.usmle_failures or years > STALE_YEARS or a.us_clinical_experience == "none"
    if score is not None and not a.usmle_failures:
        if tier == "moderate" and AVERAGE_SCORE <= score < AVERAGE_SCORE + NEAR_POINTS:
            out.append(f"Your Step 2 CK ({score}) is {_count(score - AVERAGE_SCORE + 1, 'point')} above the "
                       f"high-risk line ({AVERAGE_SCORE}); programs that screen near it may read you either way.")
        if tier == "high" and not others_high and AVERAGE_SCORE - NEAR_POINTS <= score < AVERAGE_SCORE:
            out.append(f"Your Step 2 CK ({score}) is {_count(AVERAGE_SCORE - score, 'point')} below the "
                       f"moderate line ({AVERAGE_SCORE}); your program counts are set between the two.")
        if tier == "moderate" and STRONG_SCORE - NEAR_POINTS <= score < STRONG_SCORE and \
                tier_for(replace(a, step2_ck_score=STRONG_SCORE))[0] == "higher":
            out.append(f"Your Step 2 CK ({score}) is {_count(STRONG_SCORE - score, 'point')} below the "
                       f"higher-likelihood line ({STRONG_SCORE}); your counts are set between the two.")
        if tier == "higher" and score < STRONG_SCORE + NEAR_POINTS:
            out.append(f"Your Step 2 CK ({score}) is {_count(score - STRONG_SCORE + 1, 'point')} above the "
                       f"moderate line ({STRONG_SCORE}): keep a real backup list.")
    later, _, _ = tier_for(replace(a, match_year=a.match_year + 1))
    if later != tier:
        out.append(f"Applying a year later ({_count(years + 1, 'year')} from graduation) would make you "
                   f"{TIER_LABEL[later]}.")
    return tuple(out)


# --------------------------------------------------------------------------- position between tiers

def score_position(score: int) -> float:
    """0 (high) .. 1 (moderate) .. 2 (higher), rising over 233-236 and 242.5-246.5 points."""
    return _clip((score - 233) / 3) + _clip((score - 242.5) / 4)


def years_position(years: int) -> float:
    """2 up to 1 year out, a quarter less per year to 1 at 5 years, then a third per year to 0 at 8."""
    if years <= 5:
        return 2 - _clip((years - 1) / 4)
    return 1 - _clip((years - 5) / 3)


def position(a: Answers) -> float:
    """Where the user's numbers sit between the tiers' ranges (see ``score_position``).

    The tier itself is CONTRACTS §2's; this only decides how far towards a neighbouring tier's
    counts the user's counts and letters lean. A failure or no US clinical experience pins it
    at the high tier's; missing radiology research, radiology exposure, a J-1 or a score cap it.
    """
    if a.usmle_failures or a.us_clinical_experience == "none":
        return 0.0
    penalty = 0.5 if a.radiology_experience == "none" else 0.0
    penalty += {"radiology": 0.0, "non_radiology": 0.5, "none": 1.0}[a.research]
    penalty += 1.0 if a.visa == "h1b_only" else 0.0
    penalty += 1.0 if a.step2_ck_score is None else 0.0
    cap = max(1.0, 2.0 - penalty)
    from_score = score_position(a.step2_ck_score) if a.step2_ck_score is not None else 2.0
    return min(cap, from_score, years_position(a.years_since_graduation))


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def _along(p: float, high: float, moderate: float, higher: float) -> float:
    """The value at position ``p`` on the line through the three tiers' values."""
    return high + (moderate - high) * p if p <= 1 else moderate + (higher - moderate) * (p - 1)


# --------------------------------------------------------------------------- backups

_BASE = {
    "internal_medicine": (3, "very IMG-friendly; the most programs and the most visa sponsors (mostly J-1)"),
    "family_medicine": (3, "broadly IMG-friendly, many community and rural programs, J-1 common"),
    "neurology": (1, "intermediate competitiveness; IMG-friendliness and visas vary by program"),
    "pathology": (2, "historically open to IMGs in many programs"),
}


def rank_backups(a: Answers, tier: str) -> tuple[BackupChoice, ...]:
    points = {s: _BASE[s][0] for s in BACKUPS}
    reasons: dict[str, list[str]] = {s: [_BASE[s][1]] for s in BACKUPS}

    def add(specialty: str, pts: int, why: str) -> None:
        points[specialty] += pts
        reasons[specialty].append(why)

    if a.visa == "h1b_only":
        add("internal_medicine", 1, "H-1B only: IM has the largest number of H-1B-sponsoring programs")
        add("family_medicine", 1, "H-1B only: some FM programs sponsor H-1B")
        add("neurology", -1, "H-1B only: H-1B sponsorship is patchy in neurology")
        add("pathology", -1, "H-1B only: H-1B sponsorship is patchy in pathology")
    safety = tier == "high" or a.must_match_this_cycle
    if safety:
        why = "high risk tier" if tier == "high" else "you must match this cycle"
        add("family_medicine", 3, f"{why}: family medicine gives the widest safety margin")
        add("internal_medicine", 2, f"{why}: internal medicine has a high match probability for IMGs")
        add("pathology", 1, f"{why}: pathology is less competitive than radiology")
    elif tier == "moderate":
        add("family_medicine", 1, "moderate tier: a wide safety margin matters")
        add("internal_medicine", 1, "moderate tier: a high match probability matters")
    if a.patient_contact == "enjoy":
        add("internal_medicine", 2, "you enjoy direct, longitudinal patient care")
        add("family_medicine", 2, "you enjoy direct, longitudinal patient care")
    elif a.patient_contact == "avoid":
        add("internal_medicine", -2, "mostly patient-facing work, which you prefer to avoid")
        add("family_medicine", -3, "almost all patient-facing work, which you prefer to avoid")
        add("pathology", 3, "little direct patient care, which suits you")
        add("neurology", 1, "diagnostic reasoning with less longitudinal primary care")
    if a.pattern_recognition == "enjoy":
        add("pathology", 2, "built on visual diagnosis and pattern recognition, which you enjoy")
        add("neurology", 2, "neuroimaging is central to daily practice, and you enjoy imaging")
        add("internal_medicine", 1, "imaging-heavy fellowships (cardiology, pulmonary) fit your imaging interest")
    elif a.pattern_recognition == "avoid":
        add("pathology", -2, "relies on visual pattern recognition, which you prefer to avoid")
        add("neurology", -1, "leans on imaging interpretation, which you prefer to avoid")
    if a.neuro_interest:
        add("neurology", 3, "your interest in neuroimaging, stroke, epilepsy or MS is central here")
    if a.academic_environment == "enjoy":
        for s in ("internal_medicine", "neurology", "pathology"):
            add(s, 1, "strong academic and research tracks, which you enjoy")
    elif a.academic_environment == "avoid":
        add("family_medicine", 1, "mostly community-based training, away from research-heavy settings")
    if a.long_term_us_priority:
        if a.visa == "no_visa_needed":
            add("internal_medicine", 1, "staying in the US: the largest job market after training")
            add("family_medicine", 1, "staying in the US: jobs in every region after training")
        else:
            add("internal_medicine", 2, "staying in the US: many J-1 waiver and H-1B/green-card-sponsoring jobs")
            add("family_medicine", 2, "staying in the US: many J-1 waiver and H-1B/green-card-sponsoring jobs")
            add("pathology", -1, "staying in the US: a niche job market; check regional waiver options")
    order = sorted(BACKUPS, key=lambda s: (-points[s], BACKUPS.index(s)))
    return tuple(BackupChoice(s, points[s], tuple(reasons[s])) for s in order)


# --------------------------------------------------------------------------- numbers

# Each tier's ranges (from the source's worked examples); counts in between blend along ``position``.
_DR_RANGE = {"high": (0, 20), "moderate": (50, 70), "higher": (80, 120)}
_BACKUP_RANGE = {"high": (150, 200), "moderate": (120, 160), "higher": (40, 80)}
MUST_MATCH_EXTRA = 20
H1B_EXTRA = 30


def _blend(ranges: dict[str, tuple[int, int]], p: float) -> tuple[float, float]:
    return tuple(_along(p, ranges["high"][i], ranges["moderate"][i], ranges["higher"][i])  # type: ignore[return-value]
                 for i in (0, 1))


def applications_for(a: Answers, tier: str, p: float, top: str, deal_breakers: tuple[str, ...],
                     season: Season, kb: KnowledgeBase) -> tuple[dict[str, tuple[int, int]], tuple[str, ...]]:
    dr_lo, dr_hi = _blend(_DR_RANGE, p)
    bk_lo, bk_hi = _blend(_BACKUP_RANGE, p)
    notes = [{
        "higher": "Higher-likelihood profile: radiology is plan A with a smaller, genuine backup list.",
        "moderate": "Moderate risk: radiology is aspirational; the backup is the main goal this cycle.",
        "high": "High risk: the backup is plan A with a very broad list.",
    }[tier]]
    if deal_breakers:
        dr_lo = dr_hi = 0
        notes.append("With a deal-breaker on record, radiology applications this cycle are unlikely to pay off; "
                     "spend the budget on the backup.")
    elif tier == "high":
        notes.append("Radiology is very unlikely this cycle: at most a small aspirational list, only if the "
                     "budget allows after the backup list.")
    if a.must_match_this_cycle:
        extra = MUST_MATCH_EXTRA * min(p, 1.0)  # the high tier's list is already at its widest
        bk_lo, bk_hi = bk_lo + extra, bk_hi + extra
        if extra:
            notes.append("You must match this cycle, so the backup list is widened.")
    if a.visa == "h1b_only":
        bk_hi += H1B_EXTRA
        notes.append("H-1B only narrows the pool: apply to nearly every program on your list that sponsors "
                     "H-1B, and pass Step 3 early.")
    if a.step2_ck_score is None:
        notes.append("Provisional: without a Step 2 CK score these numbers may change once you have it.")
    blend = blend_note(a, p)
    if blend:
        notes.append(blend)
    out = {DR: (round(dr_lo), round(dr_hi)), top: (round(bk_lo), round(bk_hi))}
    for sid, (lo, hi) in list(out.items()):
        available = season.programs.get(sid)
        if available is not None and hi > available.count:
            out[sid] = (min(lo, available.count), available.count)
            notes.append(f"That is about every {kb.specialties[sid].name.lower()} program there is "
                         f"({available.fact.text}): apply to each one that takes IMGs and your visa.")
    return out, tuple(notes)


def blend_note(a: Answers, p: float) -> str | None:
    """Why the counts sit between two tiers' ranges, when they do."""
    if p in (0.0, 1.0, 2.0):
        return None
    lower, upper = ("high risk", "moderate risk") if p < 1 else ("moderate risk", "higher-likelihood")
    causes = []
    if a.step2_ck_score is not None and score_position(a.step2_ck_score) == p:
        causes.append(f"your Step 2 CK ({a.step2_ck_score})")
    if years_position(a.years_since_graduation) == p:
        causes.append(f"{_count(a.years_since_graduation, 'year')} since graduation")
    if not causes:
        causes.append("radiology research or radiology exposure still to add")
    share = round((p - int(p)) * 100)
    return (f"Your counts sit between the {lower} and {upper} ranges ({share}% of the way to the "
            f"{upper} ones) because of {' and '.join(causes)}: a point or a year either way moves them only a little.")


def letters_for(p: float, applies_to_radiology: bool, a: Answers, kb: KnowledgeBase, top: str) -> Letters:
    """How many letters to gather per specialty; near a tier's line the ranges overlap, not flip."""
    if p >= 1.75:
        rad, backup, general = (2, 2), (2, 2), 1
    elif p >= 1.25:
        rad, backup, general = (1, 2), (2, 3), 1
    elif p >= 0.75:
        rad, backup, general = (1, 1), (3, 3), 0
    elif p >= 0.25:
        rad, backup, general = (0, 1), (3, 3), 1
    else:
        rad, backup, general = (0, 0), (3, 3), 1
    if not applies_to_radiology:
        rad = (0, 0)
    name = kb.specialties[top].name.lower()
    first = f"{_letters(rad, 'radiology letter', 'radiology letters')}, " \
            f"{_letters(backup, f'letter from {name} physicians', f'letters from {name} physicians')}"
    if general:
        first += " and one general letter that can go to both"
    parts = [first, {
        "hands_on": "US clinical letters first, from the hands-on work you have done",
        "observership": "A letter from an observership helps; hands-on US work gives stronger ones",
        "none": "You have no US clinical letters yet: ask physicians who supervised you at home; an "
                "observership or elective is the way to a US letter",
    }[a.us_clinical_experience]]
    if rad[1]:
        parts.append("A radiologist who knows your work can write the radiology letter (at home is fine)"
                     if a.radiology_experience == "none" else
                     "Ask the radiologist who supervised your US radiology experience")
    return Letters(rad, backup, general, ". ".join(parts) + ".")


def _letters(lo_hi: tuple[int, int], one: str, many: str) -> str:
    lo, hi = lo_hi
    if hi == 0:
        return f"no {many}"
    return f"{lo if lo == hi else f'{lo}-{hi}'} {one if hi == 1 else many}"


def costs_for(applications: dict[str, tuple[int, int]], season: Season, kb: KnowledgeBase) -> Costs:
    per = {sid: season.eras.for_programs(hi) for sid, (_, hi) in applications.items() if hi}
    ranks = season.ranks
    assumes = (f"ERAS fees for the upper end of each list, {season.eras.fact.cite()}. "
               f"Preliminary or transitional (PGY-1) applications for advanced radiology programs are extra, "
               f"their count starting again at ${season.eras.first_usd}. NRMP: the registration fee "
               f"(${ranks.registration_usd} in the last fee table we could confirm, "
               f"{ranks.registration_fact.year}; check nrmp.org) and at most {ranks.included_primary} programs on "
               f"the primary list and {ranks.included_supplemental} on supplemental lists; each program beyond "
               f"that costs ${ranks.extra_usd}.")
    return Costs(sum(per.values()), ranks.for_ranks(0, 0), per, season.eras.fact.season or str(season.eras.fact.year),
                 assumes)


# --------------------------------------------------------------------------- visa outlook

def visa_outlook(a: Answers, kb: KnowledgeBase, today: date) -> VisaOutlook:
    """Can the user start training on a visa this plan assumes (CONTRACTS §3a)?"""
    if a.visa == "no_visa_needed":
        return VisaOutlook("open", (), ())
    rules, t = kb.season.visa, kb.texts["visa_outlook"]
    fee_until = rules.h1b_fee_until()
    fee_sentence = t["fee_in_force" if today <= fee_until else "fee_unknown"].format(fee_until=day_text(fee_until))
    values = {"country": country_name(a.citizenship) or "", "fee_sentence": fee_sentence}
    suspended = rules.suspended(a.citizenship) if today >= rules.suspension_from else None
    keys: list[str] = []
    possible: list[str] = []
    status = "open"
    if suspended == "all":
        status, keys, possible = "blocked", ["all_suspended"], ["all_suspended", "green_card"]
    else:
        h1b_route = a.visa == "h1b_only" or suspended == "j"
        if suspended == "j":
            keys.append("j_suspended")
            possible.append("j_suspended")
        if h1b_route and a.step3 != "passed":
            status = "blocked"
            keys += ["h1b_step3", "h1b_fee"]
            possible += ["h1b_step3", "green_card"]
        elif h1b_route:
            status = "narrow"
            keys.append("h1b_fee")
            possible.append("h1b_fee")
    if status != "open":
        possible.append("check")
    render = kb.render
    return VisaOutlook(status, tuple(render(t["reasons"][k], values) for k in keys),
                       tuple(render(t["possible"][k], values) for k in dict.fromkeys(possible)))


# --------------------------------------------------------------------------- phase and next steps

#: Steps that build the profile come first while there is time; deadlines first after that.
EARLY_ORDER = ("visa_exception", "take_step2_ck", "take_step3", "wait_a_year", "gain_us_clinical_experience",
               "radiology_exposure", "radiology_research", "english_practice", "statement_of_need", "letters",
               "personal_statements", "program_lists", "assign_signals", "submit_early", "budget",
               "ecfmg_certification")
LATE_ORDER = ("visa_exception", "take_step2_ck", "take_step3", "soap", "rank_list", "interview_prep",
              "post_interview_communication", "few_invitations", "not_applied_yet", "reapply", "start_training",
              "statement_of_need", "submit_early", "assign_signals", "program_lists", "letters", "english_practice",
              "wait_a_year", "gain_us_clinical_experience", "radiology_exposure", "radiology_research", "budget",
              "ecfmg_certification")
_UP_TO_APPLYING = PHASES[:4]


@dataclass(frozen=True)
class StepFacts:
    """What the next-step rules look at: the answers, the tier, the phase and the visa situation."""

    a: Answers
    tier: str
    phase: str
    blocked: bool
    applies_to_radiology: bool
    suspended: str | None

    @property
    def early(self) -> bool:
        return self.phase in _UP_TO_APPLYING

    def in_(self, *phases: str) -> bool:
        return self.phase in phases


def _may_wait_a_year(f: StepFacts) -> bool:
    """Waiting only helps when it fixes what makes the tier high (no US clinical experience), and never
    when it would take the user past the 7-year line or they must match this cycle."""
    a = f.a
    return (f.tier == "high" and not a.must_match_this_cycle and a.us_clinical_experience == "none"
            and not a.usmle_failures and (a.step2_ck_score or AVERAGE_SCORE) >= AVERAGE_SCORE
            and a.years_since_graduation + 1 <= DEAL_BREAKER_YEARS and f.in_("building", "assembling", "applying"))


#: When each next step applies (CONTRACTS §3a rules first, then the others).
STEP_RULES: dict[str, Callable[[StepFacts], bool]] = {
    "visa_exception": lambda f: f.suspended is not None,
    "take_step2_ck": lambda f: f.a.step2_ck_score is None,
    "take_step3": lambda f: f.a.visa == "h1b_only" and f.a.step3 != "passed",
    "not_applied_yet": lambda f: f.in_("interviewing"),
    "interview_prep": lambda f: f.in_("interviewing"),
    "post_interview_communication": lambda f: f.in_("interviewing"),
    "few_invitations": lambda f: f.in_("interviewing"),
    "rank_list": lambda f: f.in_("interviewing", "ranking"),
    "soap": lambda f: f.in_("ranking", "match_week"),
    "reapply": lambda f: f.in_("after_match"),
    "start_training": lambda f: f.in_("after_match"),
    "statement_of_need": lambda f: f.a.visa == "j1_ok" and f.suspended is None
    and f.in_("building", "assembling", "ranking", "match_week", "after_match"),
    "ecfmg_certification": lambda f: True,
    "english_practice": lambda f: f.a.english == "weak" and (f.early or f.in_("interviewing")),
    "gain_us_clinical_experience": lambda f: f.a.us_clinical_experience != "hands_on"
    and f.in_("preparing", "building", "assembling", "after_match"),
    "radiology_exposure": lambda f: f.a.radiology_experience == "none" and f.applies_to_radiology
    and f.in_("preparing", "building", "after_match"),
    "radiology_research": lambda f: f.a.research != "radiology" and f.applies_to_radiology
    and f.in_("preparing", "building", "after_match"),
    "wait_a_year": _may_wait_a_year,
    # a blocked user is not handed counts to apply with
    "program_lists": lambda f: f.in_("building", "assembling", "applying") and not f.blocked,
    "letters": lambda f: f.in_("building", "assembling", "applying"),
    "personal_statements": lambda f: f.in_("building", "assembling"),
    "assign_signals": lambda f: f.early,
    "submit_early": lambda f: f.in_("assembling", "applying") and not f.blocked,
    "budget": lambda f: f.in_("building", "assembling", "applying") and not f.blocked,
}


def step_ids(facts: StepFacts) -> list[str]:
    """Which next steps apply to this user in this phase, most urgent first."""
    order = EARLY_ORDER if facts.phase in ("preparing", "building") else LATE_ORDER
    return [sid for sid in order if STEP_RULES[sid](facts)]


def date_values(kb: KnowledgeBase, year: int) -> dict[str, str]:
    """The cycle's dates as text for the guidance placeholders ("Mon 1 Feb 2027 (estimated)")."""
    cal = kb.calendar
    out = {mid: day_text(*cal.date_of(mid, year)) for mid in ("myeras_opens", "submit", "review", "rank_list_opens",
                                                         "rank_list", "match_week", "match_day")}
    out["next_myeras"] = day_text(*cal.date_of("myeras_opens", year + 1))
    return out


def _text_for(kb: KnowledgeBase, step: str, phase: str, values: dict[str, Any], applies_to_radiology: bool) -> str:
    """The step's text for the phase (or its default), in its backup-only variant when there is one."""
    texts = kb.texts["next_steps"][step]
    keys = (phase, "default") if applies_to_radiology else \
        (f"{phase}_no_radiology", phase, "default_no_radiology", "default")
    text = next(texts[k] for k in keys if k in texts)
    return " ".join(kb.render(text, values).split())


def strategy_for(kb: KnowledgeBase, a: Answers, tier: str, p: float, near: tuple[str, ...],
                 values: dict[str, Any], phase: str) -> tuple[str, ...]:
    notes = kb.texts["strategy_notes"]
    lines = [" ".join(kb.texts["tiers"][tier]["strategy"].split())]
    if a.english == "weak":
        lines.append(" ".join(notes["weak_english"].split()))
    if near and p not in (0.0, 1.0, 2.0):
        lines.append(" ".join(notes["blended"].split()))
    lines.append(" ".join(kb.render(kb.texts["phases"][phase]["now"], values).split()))
    return tuple(lines)


# --------------------------------------------------------------------------- plan

def _signals_for(applications: dict[str, tuple[int, int]], season: Season) -> dict[str, Allotment]:
    """The allotment of each specialty applied to, and the transitional year's for radiology's PGY-1."""
    by = season.signals.by_specialty
    signals = {sid: by[sid] for sid in applications if sid in by and applications[sid][1]}
    if applications.get(DR, (0, 0))[1] and TY in by:
        signals[TY] = by[TY]
    return signals


def _values(a: Answers, kb: KnowledgeBase, top: str, applications: dict[str, tuple[int, int]], costs: Costs,
            suspended: str | None) -> dict[str, Any]:
    """What the guidance texts' placeholders are filled with for this user."""
    season, by = kb.season, kb.season.signals.by_specialty
    later, _, _ = tier_for(replace(a, match_year=a.match_year + 1))
    return {
        **date_values(kb, a.match_year),
        "match_year": a.match_year, "next_match": a.match_year + 1,
        "backup": kb.specialties[top].name.lower(),
        "dr_signals": by[DR].words() if DR in by else "",
        "backup_signals": by[top].words() if top in by else "",
        "signals_season": season.signals.season,
        "eras_usd": f"{costs.eras_usd:,}",
        "next_years": _count(a.years_since_graduation + 1, "year"), "next_tier": TIER_LABEL[later],
        "dr_programs": _span(applications[DR]), "backup_programs": _span(applications[top]),
        "suspension_date": day_text(season.visa.suspension_from),
        "suspended_visas": "all visas" if suspended == "all" else "J visas",
    }


def build_plan(a: Answers, kb: KnowledgeBase, today: date) -> Plan:
    """Turn a validated answers file and today's date into a complete, explained plan."""
    season = kb.season
    ratings = ratings_for(a)
    deal_breakers = deal_breakers_for(a)
    tier, reasons, changers = tier_for(a)
    p = position(a)
    backups = rank_backups(a, tier)
    top = backups[0].id
    applications, notes = applications_for(a, tier, p, top, deal_breakers, season, kb)
    applies = applications[DR][1] > 0
    outlook = visa_outlook(a, kb, today)
    phase = kb.calendar.phase(a.match_year, today)
    near = near_lines(a, tier)
    strong = sum(1 for r in ratings.values() if r.level == "strong")
    suspended = season.visa.suspended(a.citizenship) if a.visa != "no_visa_needed" \
        and today >= season.visa.suspension_from else None
    costs = costs_for(applications, season, kb)
    values = _values(a, kb, top, applications, costs, suspended)
    facts = StepFacts(a, tier, phase.id, outlook.status == "blocked", applies, suspended)
    steps = tuple(Step(sid, _text_for(kb, sid, phase.id, values, applies)) for sid in step_ids(facts))
    return Plan(
        answers=a, today=today, tier=tier, provisional=a.step2_ck_score is None,
        years_since_graduation=a.years_since_graduation, ratings=ratings, deal_breakers=deal_breakers,
        tier_reasons=reasons, tier_changers=changers, near=near, position=p,
        radiology_only_defensible=(tier == "higher" and strong >= 4 and not deal_breakers and p >= 1.75
                                   and a.us_clinical_experience == "hands_on" and a.english != "weak"
                                   and outlook.status == "open"),
        backups=backups, applications=applications, application_notes=notes,
        letters=letters_for(p, applies, a, kb, top), phase=phase,
        strategy=strategy_for(kb, a, tier, p, near, values, phase.id), next_steps=steps, visa_outlook=outlook,
        programs_available={sid: season.programs[sid] for sid in applications if sid in season.programs},
        signals=_signals_for(applications, season), signals_season=season.signals.season,
        signals_status=season.signals.fact.status, costs=costs,
    )


def _span(lo_hi: tuple[int, int]) -> str:
    lo, hi = lo_hi
    return "no" if hi == 0 else f"{lo}-{hi}" if lo else f"up to {hi}"
