"""What the answers given so far say about the tier, before the assessment is complete.

The tier (CONTRACTS §2) rests on the Step 2 CK score, failed attempts, the years since graduation
(graduation year and Match), US clinical and radiology experience, research and the visa. Once the
first four are in, every tier the remaining answers could still give is worked out with the advisor's
own rule (``tier_for``) over every way those answers could go, so this module holds no copy of it:
"high risk, whatever comes next", or "moderate at best", or "higher-likelihood still open", with what
it rests on and which later answer could move it where.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Any, Mapping

from knowledge.ratings import ratings_for, tier_for
from knowledge.answers import CHOICES, EXPERIENCE, Answers, check_consistency, experience_rank, validate_answers

#: The answers a first reading needs (the years since graduation need both years).
DECIDING: tuple[str, ...] = ("step2_ck_score", "usmle_failures", "graduation_year", "match_year")
#: The later answers the tier also rests on, in the order they are asked.
LATER: tuple[str, ...] = ("us_clinical_experience", "radiology_experience", "research", "visa")
#: Best first.
ORDER: tuple[str, ...] = ("higher", "moderate", "high")
#: Answers that do not touch the tier, to make a complete answers file to run the rule on.
_FILL: dict[str, Any] = {"step3": "not_planned", "english": "strong", "patient_contact": "neutral",
                         "pattern_recognition": "neutral", "academic_environment": "neutral", "neuro_interest": False,
                         "must_match_this_cycle": False, "long_term_us_priority": False}
#: Each later answer's best value for the tier (radiology experience at most the overall experience).
_BEST: dict[str, str] = {"us_clinical_experience": "hands_on", "radiology_experience": "hands_on",
                         "research": "radiology", "visa": "j1_ok"}


@dataclass(frozen=True)
class TierRange:
    """The tiers still possible, best first, and why."""

    tiers: tuple[str, ...]
    because: tuple[str, ...]  # what the answers so far say: a high tier's reasons, else Step 2 CK and the years
    holds: tuple[str, ...]  # what already keeps the best tier below higher-likelihood (empty when it is open)
    moves: tuple[tuple[str, str], ...]  # (later answer still to come, the tier it alone could bring), worst first

    @property
    def best(self) -> str:
        return self.tiers[0]

    @property
    def firm(self) -> bool:
        return len(self.tiers) == 1


def _answers(given: Mapping[str, Any], later: Mapping[str, str]) -> Answers | None:
    data = {**_FILL, **{k: v for k, v in given.items() if k in (*DECIDING, *LATER)}, **later}
    if check_consistency(data) is not None:
        return None
    return validate_answers(data)


def _best(given: Mapping[str, Any], unknown: list[str]) -> dict[str, str]:
    best = {k: _BEST[k] for k in unknown}
    if "radiology_experience" in best:  # never more than the overall US clinical experience
        usce = best.get("us_clinical_experience") or str(given["us_clinical_experience"])
        best["radiology_experience"] = EXPERIENCE[min(experience_rank("hands_on"), experience_rank(usce))]
    return best


def tier_range(given: Mapping[str, Any]) -> TierRange | None:
    """The tiers the answers so far still allow; None until the four deciding answers are in (or when the
    answers so far are not valid together)."""
    if any(k not in given for k in DECIDING):
        return None
    known = tuple((k, given[k]) for k in (*DECIDING, *LATER) if k in given)
    try:
        return _tier_range(known)
    except TypeError:  # an unhashable value (not a valid answer): worked out, not remembered
        return _tier_range.__wrapped__(known)


@lru_cache(maxsize=4096)
def _tier_range(known: tuple[tuple[str, Any], ...]) -> TierRange | None:
    """``tier_range`` of the answers it rests on, remembered: a turn asks it of the answers before and after
    the one given (the previous turn's "after"), and it runs the tier rule over every way the remaining
    answers could go (up to 66 of them). The answers so far are validated once, with the remaining ones at
    their best; each other way is that file with the remaining answers changed (their values are the
    contract's own choices, so only the rule between two of them is checked again), and the tier each
    remaining answer alone could bring is looked up among those ways rather than worked out again."""
    given = dict(known)
    unknown = [k for k in LATER if k not in given]
    best = _answers(given, _best(given, unknown))
    if best is None:
        return None
    tier_of: dict[tuple[str, ...], str] = {}
    for values in product(*(CHOICES[k] for k in unknown)):
        made = _variant(best, dict(zip(unknown, values)))
        if made is not None:
            tier_of[values] = tier_for(made)[0]
    tier, reasons, changers = tier_for(best)
    ratings = ratings_for(best)
    because = reasons if tier == "high" else (ratings["step2_ck"].because, ratings["recency"].because)
    moves = []
    for k in unknown:
        others = [u for u in unknown if u != k]
        reachable = set()
        for value in CHOICES[k]:
            way = {**_best({**given, k: value}, others), k: value}
            reached = tier_of.get(tuple(way[u] for u in unknown))
            if reached is not None:
                reachable.add(reached)
        worse = [t for t in ORDER if t in reachable and ORDER.index(t) > ORDER.index(tier)]
        if worse:
            moves.append((k, worse[-1]))
    moves.sort(key=lambda m: -ORDER.index(m[1]))
    tiers = set(tier_of.values())
    return TierRange(tuple(t for t in ORDER if t in tiers), tuple(because),
                     tuple(changers) if tier == "moderate" else (), tuple(moves))


def _variant(best: Answers, later: dict[str, str]) -> Answers | None:
    """``best`` with some of the later answers changed; None when they break a rule between two answers."""
    if not later:
        return best
    pair = {"graduation_year": best.graduation_year, "match_year": best.match_year,
            "us_clinical_experience": later.get("us_clinical_experience", best.us_clinical_experience),
            "radiology_experience": later.get("radiology_experience", best.radiology_experience)}
    if check_consistency(pair) is not None:
        return None
    # ``dataclasses.replace`` without its per-field checks (the values are the contract's own choices): a
    # first reading makes up to 66 of these, and replace cost more than the tier rule run on them
    made = object.__new__(Answers)
    made.__dict__.update(best.__dict__)
    made.__dict__.update(later)
    return made
