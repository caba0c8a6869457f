"""The advisor: answers -> ratings, deal-breakers, tier, backups and numbers.

Pure functions. Thresholds follow CONTRACTS.md §2 (from the source article's
self-assessment framework); application ranges follow the source's worked
examples. Every decision carries the reasons behind it and what would change it,
so the chat, the console and ``python -m bot plan`` explain the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from knowledge.answers import Answers, experience_rank

LEVELS = ("strong", "average", "weak")
RATING_KEYS = (
    "step2_ck",
    "recency",
    "radiology_experience",
    "us_clinical_experience",
    "research",
    "visa",
    "english",
)
TIERS = ("higher", "moderate", "high")
BACKUPS = ("internal_medicine", "family_medicine", "neurology", "pathology")
DR = "diagnostic_radiology"

STRONG_SCORE = 245
AVERAGE_SCORE = 235
RECENT_YEARS = 3
STALE_YEARS = 6
DEAL_BREAKER_YEARS = 7

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
    radiology: int
    backup: int
    general: int
    note: str


@dataclass(frozen=True)
class Plan:
    answers: Answers
    tier: str
    provisional: bool
    years_since_graduation: int
    ratings: dict[str, Rating]
    deal_breakers: tuple[str, ...]
    tier_reasons: tuple[str, ...]
    tier_changers: tuple[str, ...]
    radiology_only_defensible: bool
    backups: tuple[BackupChoice, ...]
    applications: dict[str, tuple[int, int]]
    application_notes: tuple[str, ...]
    letters: Letters
    strong_count: int = field(default=0)

    @property
    def top_backup(self) -> str:
        return self.backups[0].id

    def to_json(self) -> dict[str, Any]:
        """The CONTRACTS.md §3 object (plus explanations)."""
        return {
            "tier": self.tier,
            "provisional": self.provisional,
            "years_since_graduation": self.years_since_graduation,
            "ratings": {k: r.level for k, r in self.ratings.items()},
            "deal_breakers": list(self.deal_breakers),
            "radiology_only_defensible": self.radiology_only_defensible,
            "backups": [b.id for b in self.backups],
            "applications": {k: list(v) for k, v in self.applications.items()},
            "why": {
                "tier": list(self.tier_reasons),
                "what_would_change_the_tier": list(self.tier_changers),
                "ratings": {
                    k: {"because": r.because, "would_change": r.would_change}
                    for k, r in self.ratings.items()
                },
                "backups": {b.id: list(b.reasons) for b in self.backups},
                "applications": list(self.application_notes),
            },
            "letters": {
                "radiology": self.letters.radiology,
                "backup": self.letters.backup,
                "general": self.letters.general,
            },
        }


# --------------------------------------------------------------------------- ratings

def rate_step2(a: Answers) -> Rating:
    score, fails = a.step2_ck_score, a.usmle_failures
    if score is None:
        if fails:
            return Rating("step2_ck", "weak", f"Step 2 CK not taken yet, and {fails} failed attempt(s) on record",
                          "A failure rates this weak whatever the score.")
        return Rating("step2_ck", "unknown", "Step 2 CK not taken yet",
                      f"A first-attempt score of {STRONG_SCORE} or more would rate this strong; "
                      f"{AVERAGE_SCORE}-{STRONG_SCORE - 1} average.")
    if fails:
        return Rating("step2_ck", "weak", f"{fails} failed USMLE attempt(s), score {score}",
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
    because = f"{years} year(s) from graduation ({a.graduation_year}) to applying for the {a.match_year} Match"
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


# --------------------------------------------------------------------------- tier

def tier_for(a: Answers) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Return (tier, reasons, what would change it)."""
    score, fails, years = a.step2_ck_score, a.usmle_failures, a.years_since_graduation
    high: list[tuple[str, str]] = []
    if score is not None and score < AVERAGE_SCORE:
        high.append((f"Step 2 CK {score} is below {AVERAGE_SCORE}",
                     f"a Step 2 CK of {AVERAGE_SCORE} or more"))
    if fails:
        high.append((f"{fails} failed USMLE attempt(s)", "no change possible: a failure stays on the record"))
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
            (f"Step 2 CK {score} on the first attempt, {years} year(s) since graduation, "
             f"{_EXPERIENCE_WORDS[a.radiology_experience]} in US radiology, radiology research, "
             f"{_VISA_WORDS[a.visa]}",),
            ("A failed attempt, a gap of more than 3 years, or needing H-1B only would move it down.",))


# --------------------------------------------------------------------------- backups

# (specialty, points, reason) rules. Positive points raise a specialty in the ranking.
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
        add("internal_medicine", 2, "staying in the US: many J-1 waiver and H-1B/green-card-sponsoring jobs")
        add("family_medicine", 2, "staying in the US: many J-1 waiver and H-1B/green-card-sponsoring jobs")
        add("pathology", -1, "staying in the US: a niche job market; check regional waiver options")
    order = sorted(BACKUPS, key=lambda s: (-points[s], BACKUPS.index(s)))
    return tuple(BackupChoice(s, points[s], tuple(reasons[s])) for s in order)


# --------------------------------------------------------------------------- numbers

_DR_RANGE = {"higher": (80, 120), "moderate": (50, 70), "high": (0, 20)}
_BACKUP_RANGE = {"higher": (40, 80), "moderate": (120, 160), "high": (150, 200)}


def applications_for(a: Answers, tier: str, top: str, deal_breakers: tuple[str, ...],
                     provisional: bool) -> tuple[dict[str, tuple[int, int]], tuple[str, ...]]:
    dr_lo, dr_hi = _DR_RANGE[tier]
    bk_lo, bk_hi = _BACKUP_RANGE[tier]
    notes = [{
        "higher": "Higher-likelihood profile: about 100 radiology programs and about 60 in the backup.",
        "moderate": "Moderate risk: radiology is aspirational (50-70 programs); the backup is the main goal "
                    "this cycle (120+ programs).",
        "high": "High risk: the backup is plan A with a very broad list (150+ programs).",
    }[tier]]
    if tier == "high" and deal_breakers:
        dr_lo, dr_hi = 0, 0
        notes.append("With a deal-breaker on record, radiology applications this cycle are unlikely to pay off; "
                     "spend the budget on the backup.")
    elif tier == "high":
        notes.append("Radiology is very unlikely this cycle: at most a small aspirational list, only if the "
                     "budget allows after the backup list.")
    if a.visa == "h1b_only":
        bk_hi += 30
        notes.append("H-1B only narrows the pool: apply to nearly every program on your list that sponsors "
                     "H-1B, and pass Step 3 early.")
    if a.must_match_this_cycle and tier != "high":
        bk_lo += 20
        bk_hi += 20
        notes.append("You must match this cycle, so the backup list is widened.")
    if provisional:
        notes.append("Provisional: without a Step 2 CK score these numbers may change once you have it.")
    return {DR: (dr_lo, dr_hi), top: (bk_lo, bk_hi)}, tuple(notes)


def letters_for(tier: str) -> Letters:
    if tier == "higher":
        return Letters(2, 2, 1, "Two radiology letters, two from the backup specialty and one general letter "
                                "that can go to both.")
    if tier == "moderate":
        return Letters(1, 3, 0, "One radiology letter (a home-country radiologist is fine) and three for the "
                                "backup, US-based where possible.")
    return Letters(0, 3, 1, "Three letters for the backup specialty, US clinical letters first, plus one general "
                            "letter; a radiology letter only if you still apply to radiology.")


# --------------------------------------------------------------------------- plan

def build_plan(a: Answers) -> Plan:
    """Turn a validated answers file into a complete, explained plan."""
    ratings = ratings_for(a)
    deal_breakers = deal_breakers_for(a)
    tier, reasons, changers = tier_for(a)
    provisional = a.step2_ck_score is None
    strong = sum(1 for r in ratings.values() if r.level == "strong")
    backups = rank_backups(a, tier)
    applications, notes = applications_for(a, tier, backups[0].id, deal_breakers, provisional)
    return Plan(
        answers=a,
        tier=tier,
        provisional=provisional,
        years_since_graduation=a.years_since_graduation,
        ratings=ratings,
        deal_breakers=deal_breakers,
        tier_reasons=reasons,
        tier_changers=changers,
        radiology_only_defensible=tier == "higher" and strong >= 4 and not deal_breakers,
        backups=backups,
        applications=applications,
        application_notes=notes,
        letters=letters_for(tier),
        strong_count=strong,
    )
