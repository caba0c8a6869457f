"""The seven ratings, the deal-breakers, the tier and how close the user is to another tier (CONTRACTS §2).

Pure functions of the answers (and, for the visa rating's wording, of the visa route in force).
The levels and the tier are the contract's; the sentences say why and what would change them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from knowledge.answers import Answers, experience_rank

LEVELS = ("strong", "average", "weak")
TIERS = ("high", "moderate", "higher")
TIER_LABEL = {"higher": "higher-likelihood", "moderate": "moderate risk", "high": "high risk"}

STRONG_SCORE = 245
AVERAGE_SCORE = 235
RECENT_YEARS = 3
STALE_YEARS = 6
DEAL_BREAKER_YEARS = 7
NEAR_POINTS = 3  # "within a few points" of a Step 2 CK line
#: How the moderate tier's reason begins (the plan puts a visa risk before it when the route is not open).
HELD_AT_MODERATE = "No high-risk factor, but the tier is held at moderate by: "
#: The H-1B-only answer as what holds the tier below higher-likelihood.
H1B_MISSING = "H-1B only (higher needs J-1 acceptable or no visa needed)"

EXPERIENCE_WORDS = {"none": "none", "observership": "an observership", "hands_on": "hands-on experience"}
RESEARCH_WORDS = {"none": "no research output", "non_radiology": "research outside radiology",
                  "radiology": "radiology research"}
VISA_WORDS = {"no_visa_needed": "no visa needed", "j1_ok": "J-1 acceptable", "h1b_only": "H-1B only"}
#: The words beside a marker that differs from the answer's level (a route a suspension closes).
SHOWN_WORDS = {"weak": "blocked for now"}
#: Deal-breakers that can still be fixed before applications go in (the others only grow or stay).
FIXABLE = frozenset({"no_us_clinical_experience"})


@dataclass(frozen=True)
class Rating:
    key: str
    level: str  # strong | average | weak | unknown (CONTRACTS §2: it rates the answer)
    because: str
    would_change: str
    shown: str = ""  # the level shown (its colour) when it differs: a J-1 answer under a visa suspension

    @property
    def shown_level(self) -> str:
        return self.shown or self.level

    @property
    def shown_words(self) -> str:
        """The level said beside its marker: the answer's level, or, where a suspension shows it otherwise, what the
        marker means ("blocked for now"), so a red marker never sits beside "strong"."""
        return self.level if self.shown_level == self.level else SHOWN_WORDS[self.shown_level]


def count(n: int, noun: str) -> str:
    """ "1 year", "3 years" """
    return f"{n} {noun}{'' if n == 1 else 's'}"


def rate_step2(a: Answers) -> Rating:
    score, fails = a.step2_ck_score, a.usmle_failures
    if score is None:
        if fails:
            return Rating("step2_ck", "weak", f"Step 2 CK not taken yet, and {count(fails, 'failed attempt')} on record",
                          "A failure rates this weak whatever the score.")
        return Rating("step2_ck", "unknown", "Step 2 CK not taken yet",
                      f"A first-attempt score of {STRONG_SCORE} or more would rate this strong; "
                      f"{AVERAGE_SCORE}-{STRONG_SCORE - 1} average.")
    if fails:
        return Rating("step2_ck", "weak", f"{count(fails, 'failed USMLE attempt')}, score {score}",
                      "Nothing on this exam record changes a failure; it is offset only by strengths elsewhere.")
    if score >= STRONG_SCORE:
        return Rating("step2_ck", "strong", f"score {score}, first attempt", f"Already strong (≥ {STRONG_SCORE}).")
    if score >= AVERAGE_SCORE:
        return Rating("step2_ck", "average", f"score {score}, first attempt",
                      f"A Step 2 CK of {STRONG_SCORE} or more would rate this strong.")
    return Rating("step2_ck", "weak", f"score {score} is below {AVERAGE_SCORE}",
                  f"A score of {AVERAGE_SCORE}-{STRONG_SCORE - 1} would rate this average; {STRONG_SCORE}+ strong.")


def rate_recency(a: Answers) -> Rating:
    years = a.years_since_graduation
    because = (f"{count(years, 'year')} from graduation ({a.graduation_year}) to applying for the "
               f"{a.match_year} Match") if years else \
        f"graduated in {a.graduation_year}, the year you apply for the {a.match_year} Match"
    if years <= RECENT_YEARS:
        return Rating("recency", "strong", because, f"Strong while it stays at {RECENT_YEARS} years or less.")
    if years <= STALE_YEARS:
        return Rating("recency", "average", because,
                      f"Only an earlier Match (≤ {RECENT_YEARS} years) would rate it strong; "
                      "recent US clinical work softens the gap.")
    return Rating("recency", "weak", because,
                  "This grows each year you wait; recent hands-on US clinical work is the best offset.")


def hands_on_roles(a: Answers) -> str:
    """The hands-on US roles to offer: electives and sub-internships are mostly for students, so a client who
    graduated before the year they apply is offered an externship or other hands-on role (round-10 nice-to-have 12)."""
    return "an externship or other hands-on role" if a.years_since_graduation >= 1 else \
        "an elective, sub-internship or externship"


def rate_experience(key: str, value: str, what: str, roles: str) -> Rating:
    level = LEVELS[2 - experience_rank(value)]
    change = {
        "strong": "Already strong.",
        "average": f"Hands-on {what} ({roles}) would rate this strong.",
        "weak": f"An observership in {what} would rate this average; hands-on experience strong.",
    }[level]
    return Rating(key, level, f"{EXPERIENCE_WORDS[value]} in {what}", change)


def rate_research(a: Answers) -> Rating:
    level = {"radiology": "strong", "non_radiology": "average", "none": "weak"}[a.research]
    change = {
        "strong": "Already strong.",
        "average": "An imaging-related abstract, poster, case report or paper would rate this strong.",
        "weak": "Any abstract or poster rates this average; a radiology one strong.",
    }[level]
    return Rating("research", level, RESEARCH_WORDS[a.research], change)


def rate_visa(a: Answers, suspended: str | None = None, country: str = "") -> Rating:
    """The contract rates the answer; a suspension in force for the nationality (``suspended``: "j" or "all")
    is shown as what it is: a closed route, whatever the answer's level."""
    nationals = f"nationals of {country}" if country else "your nationality"
    if suspended == "all" and a.visa != "no_visa_needed":
        return Rating("visa", "strong" if a.visa == "j1_ok" else "weak",
                      f"{VISA_WORDS[a.visa]}, but all visas are suspended for {nationals}",
                      ("Your answer rates strong; w" if a.visa == "j1_ok" else "W") +
                      "hile the suspension lasts no visa is open to you unless an exception applies (see Visa).",
                      "weak")
    if a.visa == "h1b_only":
        return Rating("visa", "weak", "H-1B only",
                      "Being able to train on a J-1 would rate this strong and widen every program list."
                      if suspended is None else
                      f"J visas are suspended for {nationals} too, so the H-1B stays your route (see Visa).")
    if a.visa == "j1_ok" and suspended == "j":
        return Rating("visa", "strong", f"J-1 acceptable, but J visas are suspended for {nationals}",
                      "Your answer rates strong; while the suspension lasts only the H-1B is open to you, "
                      "and it needs Step 3 (see Visa).", "weak")
    return Rating("visa", "strong", VISA_WORDS[a.visa], "Already strong.")


def rate_english(a: Answers) -> Rating:
    change = {
        "strong": "Already strong.",
        "average": "Practice interviews and clinical communication work would lift this.",
        "weak": "Structured English and interview practice before the season would lift this.",
    }[a.english]
    return Rating("english", a.english, f"self-rated {a.english}", change)


def ratings_for(a: Answers, suspended: str | None = None, country: str = "") -> dict[str, Rating]:
    return {
        "step2_ck": rate_step2(a),
        "recency": rate_recency(a),
        "radiology_experience": rate_experience("radiology_experience", a.radiology_experience, "US radiology",
                                                hands_on_roles(a)),
        "us_clinical_experience": rate_experience("us_clinical_experience", a.us_clinical_experience,
                                                  "US clinical settings", hands_on_roles(a)),
        "research": rate_research(a),
        "visa": rate_visa(a, suspended, country),
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


def offsets(a: Answers) -> str:
    """What can offset an exam record that cannot change: the strengths elsewhere this record has (rated strong
    by the source's framework, the visa aside: a suspension may close it), or, without any, which ones to build."""
    have = [words for strong, words in (
        (a.years_since_graduation <= RECENT_YEARS, "a recent graduation"),
        (a.us_clinical_experience == "hands_on", "hands-on US clinical experience"),
        (a.radiology_experience == "hands_on", "hands-on US radiology experience"),
        (a.research == "radiology", "radiology research")) if strong]
    if not have:
        return ("only strengths elsewhere can offset it, and you have none yet among a recent graduation, hands-on "
                "US experience and radiology research: hands-on US clinical work with US letters would come first")
    said = have[0] if len(have) == 1 else ", ".join(have[:-1]) + " and " + have[-1]
    return f"only strengths elsewhere can offset it; yours: {said}"


def _since(years: int, reapplying: bool) -> str:
    """ "4 years since graduation", and after an unmatched Match the count the reapplication will carry."""
    return f"{count(years, 'year')} since graduation" + (f", {years + 1} when you reapply" if reapplying else "")


def _high_factors(a: Answers, reapplying: bool = False) -> list[tuple[str, str]]:
    """(reason, what would change it) for each factor that makes the tier high (``reapplying``: after an unmatched
    Match, the years are said with the reapplication's count too)."""
    score, fails, years = a.step2_ck_score, a.usmle_failures, a.years_since_graduation
    high: list[tuple[str, str]] = []
    if score is not None and score < AVERAGE_SCORE:
        high.append((f"Step 2 CK {score} is below {AVERAGE_SCORE}", "a passed Step 2 CK cannot be retaken, so this "
                     "stays" + ("" if fails else f"; {offsets(a)}")))  # with a failure, said once, below
    if fails:
        high.append((count(fails, "failed USMLE attempt"),
                     f"this cannot change (a failure stays on the record); {offsets(a)}"))
    if years > STALE_YEARS:
        high.append((f"{_since(years, reapplying)} (more than {STALE_YEARS})",
                     "this cannot go down, only up each year you wait; recent hands-on US clinical work is the "
                     "best offset"))
    if a.us_clinical_experience == "none":
        high.append(("no US clinical experience", "any US clinical experience would change it (an observership "
                                                  "counts)"))
    return high


def only_fixable_high(a: Answers) -> bool:
    """True when the tier is high only because of what can still be fixed (no US clinical experience)."""
    high = _high_factors(a)
    return bool(high) and all(reason == "no US clinical experience" for reason, _ in high)


def tier_for(a: Answers, reapplying: bool = False) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Return (tier, reasons, what would change it); ``reapplying`` (after an unmatched Match): the years since
    graduation said with the count the reapplication will carry (round-10 nice-to-have 8)."""
    score, years = a.step2_ck_score, a.years_since_graduation
    high = _high_factors(a, reapplying)
    if high:
        return "high", tuple(r for r, _ in high), tuple(f"{r} → {c}" for r, c in high)
    missing: list[str] = []
    if score is None:
        missing.append("Step 2 CK not taken yet (the tier is provisional)")
    elif score < STRONG_SCORE:
        missing.append(f"Step 2 CK {score} (higher needs {STRONG_SCORE}+)")
    if years > RECENT_YEARS:
        missing.append(f"{_since(years, reapplying)} (higher needs {RECENT_YEARS} or fewer)")
    if a.radiology_experience == "none":
        missing.append("no US radiology experience (higher needs at least an observership)")
    if a.research != "radiology":
        missing.append(f"{RESEARCH_WORDS[a.research]} (higher needs radiology research)")
    if a.visa == "h1b_only":
        missing.append(H1B_MISSING)
    if missing:
        return "moderate", (HELD_AT_MODERATE + "; ".join(missing),), tuple(missing)
    later = f" ({count(years + 1, 'year')} when you reapply)" if reapplying else ""  # in a comma list: in brackets
    return ("higher",
            (f"Step 2 CK {score} on the first attempt, "
             f"{count(years, 'year') + ' since graduation' if years else f'graduated in {a.graduation_year}'}"
             f"{later}, "
             f"{EXPERIENCE_WORDS[a.radiology_experience]} in US radiology, radiology research, "
             f"{VISA_WORDS[a.visa]}",),
            ("A failed attempt, a gap of more than 3 years, or needing H-1B only would move it down.",))


def _distance(score: int, line: int, name: str) -> str:
    """ "2 points above the high-risk line (235)", "exactly on the higher-likelihood line (245)" """
    if score == line:
        return f"exactly on the {name} line ({line})"
    side = "above" if score > line else "below"
    return f"{count(abs(score - line), 'point')} {side} the {name} line ({line})"


def near_lines(a: Answers, tier: str) -> tuple[str, ...]:
    """Say when the user is within a few points (or one year) of another tier, and which way.

    The lines are the lowest score of a band: 235 is the first moderate score, 245 the first
    higher-likelihood one, so 237 is 2 points above 235 and 245 is exactly on its line."""
    out = []
    score, years = a.step2_ck_score, a.years_since_graduation
    others_high = a.usmle_failures or years > STALE_YEARS or a.us_clinical_experience == "none"
    if score is not None and not a.usmle_failures:
        if tier == "moderate" and AVERAGE_SCORE <= score < AVERAGE_SCORE + NEAR_POINTS:
            out.append(f"Your Step 2 CK ({score}) is {_distance(score, AVERAGE_SCORE, 'high-risk')}: one point "
                       f"below {AVERAGE_SCORE} rates high risk, and programs that screen near it may read you either way.")
        if tier == "high" and not others_high and AVERAGE_SCORE - NEAR_POINTS <= score < AVERAGE_SCORE:
            out.append(f"Your Step 2 CK ({score}) is {_distance(score, AVERAGE_SCORE, 'moderate')}; "
                       "your program counts are set between the two.")
        if tier == "moderate" and STRONG_SCORE - NEAR_POINTS <= score < STRONG_SCORE and \
                tier_for(replace(a, step2_ck_score=STRONG_SCORE))[0] == "higher":
            out.append(f"Your Step 2 CK ({score}) is {_distance(score, STRONG_SCORE, 'higher-likelihood')}; "
                       "your counts are set between the two.")
        if tier == "higher" and score < STRONG_SCORE + NEAR_POINTS:
            out.append(f"Your Step 2 CK ({score}) is {_distance(score, STRONG_SCORE, 'higher-likelihood')}: "
                       f"one point below {STRONG_SCORE} rates moderate, so keep a real backup list.")
    later, _, _ = tier_for(replace(a, match_year=a.match_year + 1))
    if later != tier:
        out.append(f"Applying a year later ({count(years + 1, 'year')} from graduation) would make you "
                   f"{TIER_LABEL[later]}.")
    return tuple(out)
