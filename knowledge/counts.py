"""How many programs to apply to, how many letters to gather, and what it costs.

Pure. Each tier's ranges come from the source's worked examples (``applications.ranges`` in
guidance.yaml); near a tier's line the counts blend along ``position``, so within a tier one point of
Step 2 CK or one year since graduation never moves a bound by more than ``MAX_STEP`` programs. The high
tier's radiology list stays the high tier's (at most a small aspirational list, whatever the blend), so
where a user crosses into it the radiology count falls to that. Every upper count stays within the
programs that exist and, on the H-1B route, within those that sponsor it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from knowledge.answers import Answers
from knowledge.loader import Fact, KnowledgeError
from knowledge.ratings import TIERS, count
from knowledge.season import Season, Sponsoring

MAX_STEP = 20  # the most one point or one year may move a recommended bound
NOTE_KEYS = ("higher", "moderate", "high", "deal_breaker", "high_goal", "fixable", "must_match", "h1b",
             "provisional", "every_program", "sponsoring", "sponsoring_estimated", "second", "reapply")


@dataclass(frozen=True)
class CountRules:
    """``applications`` in guidance.yaml: the tiers' ranges for the goal and the top backup, extras, notes."""

    goal: dict[str, tuple[int, int]]
    backup: dict[str, tuple[int, int]]
    second: dict[str, tuple[int, int]]
    must_match_extra: int
    h1b_extra: int
    notes: dict[str, str]


def load_count_rules(texts: dict[str, Any]) -> CountRules:
    raw = texts.get("applications")
    if not isinstance(raw, dict):
        raise KnowledgeError("guidance.yaml", "applications", "missing")

    def ranges(role: str) -> dict[str, tuple[int, int]]:
        by_tier = (raw.get("ranges") or {}).get(role)
        out = {}
        for tier in TIERS:
            pair = by_tier.get(tier) if isinstance(by_tier, dict) else None
            if not (isinstance(pair, list) and len(pair) == 2 and all(type(n) is int and n >= 0 for n in pair)
                    and pair[0] <= pair[1]):
                raise KnowledgeError("guidance.yaml", f"applications.ranges.{role}.{tier}",
                                     "must be [fewest, most], two whole numbers")
            out[tier] = (pair[0], pair[1])
        return out

    def number(key: str) -> int:
        value = raw.get(key)
        if type(value) is not int or value < 0:
            raise KnowledgeError("guidance.yaml", f"applications.{key}", "must be a whole number of 0 or more")
        return value

    notes = raw.get("notes") or {}
    for key in NOTE_KEYS:
        if not isinstance(notes.get(key), str) or not notes[key].strip():
            raise KnowledgeError("guidance.yaml", f"applications.notes.{key}", "missing")
    return CountRules(ranges("goal"), ranges("backup"), ranges("second"), number("must_match_extra"), number("h1b_extra"),
                      {k: " ".join(v.split()) for k, v in notes.items()})


# --------------------------------------------------------------------------- position between tiers

def score_position(score: int) -> float:
    """0 (high) .. 1 (moderate) .. 2 (higher), rising over 233-236 and 242.5-246.5 points."""
    return _clip((score - 233) / 3) + _clip((score - 242.5) / 4)


def years_position(years: int) -> float:
    """2 up to 2 years out, a quarter less per year to 1 at 6 years, then a third per year to 0 at 9.

    The source's strong example (2 years out) gets the higher-likelihood counts; its moderate one
    (5 years out) is held at moderate's by its score and missing research anyway."""
    if years <= 6:
        return 2 - _clip((years - 2) / 4)
    return 1 - _clip((years - 6) / 3)


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


def guide_round(x: float) -> int:
    """A blended count said as the guidance it is, not as if measured: to the nearest 5 below 100 and the nearest
    10 from 100 (under 20, to the unit: small lists are counted one by one)."""
    step = 1 if x < 20 else 5 if x < 100 else 10
    return int(step * round(x / step))


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def _along(p: float, ranges: dict[str, tuple[int, int]], i: int) -> float:
    """The value at position ``p`` on the line through the three tiers' values."""
    high, moderate, higher = ranges["high"][i], ranges["moderate"][i], ranges["higher"][i]
    return high + (moderate - high) * p if p <= 1 else moderate + (higher - moderate) * (p - 1)


# --------------------------------------------------------------------------- applications

@dataclass(frozen=True)
class Basis:
    """What the counts are built on: the tier and deal-breakers of the profile the plan assumes."""

    a: Answers
    tier: str
    deal_breakers: tuple[str, ...]
    fixable: bool  # the counts assume a deal-breaker is fixed before applications go in
    h1b_route: bool  # the lists are the H-1B sponsors' (the route in force, or the one an exception would open)


def sponsoring_sentence(rules: CountRules, s: Sponsoring, programs: int, name: str) -> str:
    key = "sponsoring_estimated" if s.estimated else "sponsoring"
    return rules.notes[key].format(count=s.count, programs=programs, specialty=name, percent=f"{s.percent:g}",
                                   source=s.fact.source, year=s.fact.year)


@dataclass(frozen=True)
class Applications:
    """How many programs to apply to per specialty, why, and which lists are every program in their pool."""

    counts: dict[str, tuple[int, int]]
    notes: tuple[str, ...]
    whole_pool: dict[str, str]  # specialty -> "sponsoring" | "programs": its upper count is that whole pool


def applications_for(b: Basis, p: float, goal: str, top: str, season: Season, rules: CountRules,
                     names: dict[str, str], values: dict[str, Any], backup_p: float | None = None) -> Applications:
    """[fewest, most] programs for the goal and the top backup, and why. ``backup_p``: where the backup's list
    sits, when broader than the goal's position gives (a reapplication after an unmatched Match)."""
    a, notes = b.a, rules.notes
    dr_lo, dr_hi = (_along(p, rules.goal, i) for i in (0, 1))
    bk_lo, bk_hi = (_along(p if backup_p is None else backup_p, rules.backup, i) for i in (0, 1))
    out_notes = [notes[b.tier]]
    if backup_p is not None and backup_p < p:
        out_notes.append(notes["reapply"])
    if b.fixable:
        out_notes.append(notes["fixable"].format(**values))
    if b.deal_breakers:
        dr_lo = dr_hi = 0
        out_notes.append(notes["deal_breaker"])
    elif b.tier == "high":
        # the high tier's radiology list is its own (a small aspirational one), not blended towards moderate's
        dr_lo, dr_hi = min(dr_lo, rules.goal["high"][0]), min(dr_hi, rules.goal["high"][1])
        out_notes.append(notes["high_goal"])
    if a.must_match_this_cycle:
        extra = rules.must_match_extra * min(p, 1.0)  # the high tier's list is already at its widest
        bk_lo, bk_hi = bk_lo + extra, bk_hi + extra
        if extra:
            out_notes.append(notes["must_match"])
    if b.h1b_route:
        bk_hi += rules.h1b_extra
    if a.step2_ck_score is None:
        out_notes.append(notes["provisional"])
    blend = blend_note(a, p)
    if blend:
        out_notes.append(blend)
    out = {goal: (guide_round(dr_lo), guide_round(dr_hi)), top: (guide_round(bk_lo), guide_round(bk_hi))}
    pools = []
    whole: dict[str, str] = {}
    for sid, (lo, hi) in list(out.items()):
        available = season.programs.get(sid)
        if available is None or not hi:
            continue
        sponsoring = season.sponsoring(sid) if b.h1b_route else None
        if sponsoring is not None and hi >= sponsoring.count:
            out[sid] = (min(lo, sponsoring.count), sponsoring.count)
            whole[sid] = "sponsoring"
        elif hi >= available.count:
            out[sid] = (min(lo, available.count), available.count)
            whole[sid] = "programs"
            out_notes.append(notes["every_program"].format(specialty=names[sid], fact=available.fact.text))
        if sponsoring is not None:
            pools.append(sponsoring_sentence(rules, sponsoring, available.count, names[sid]))
    if pools:
        out_notes.append(notes["h1b"].format(pools="; ".join(pools)))
    return Applications(out, tuple(out_notes), whole)


def second_list_for(b: Basis, p: float, sid: str, season: Season, rules: CountRules) -> tuple[tuple[int, int], str]:
    """[fewest, most] programs in the second backup (the safest, for a client who must match), and whether that
    is its whole pool ("sponsoring" | "programs" | ""), or on the H-1B route a pool no source counts ("uncounted")."""
    lo, hi = guide_round(_along(p, rules.second, 0)), guide_round(_along(p, rules.second, 1))
    available = season.programs.get(sid)
    sponsoring = season.sponsoring(sid) if b.h1b_route else None
    if sponsoring is not None and hi >= sponsoring.count:
        return (min(lo, sponsoring.count), sponsoring.count), "sponsoring"
    if available is not None and hi >= available.count:
        return (min(lo, available.count), available.count), "programs"
    if b.h1b_route and (sponsoring is None or sponsoring.estimated):
        # no source counts this specialty's H-1B sponsors (an estimate would borrow another specialty's share):
        # every one that takes IMGs, up to the list's size
        return (lo, hi), "uncounted"
    return (lo, hi), ""


def blend_note(a: Answers, p: float) -> str | None:
    """Why the counts sit between two tiers' ranges, when they do (in words: no false precision)."""
    if p in (0.0, 1.0, 2.0):
        return None
    lower, upper = ("high risk", "moderate risk") if p < 1 else ("moderate risk", "higher-likelihood")
    causes = []
    if a.step2_ck_score is not None and score_position(a.step2_ck_score) == p:
        causes.append(f"your Step 2 CK ({a.step2_ck_score})")
    if years_position(a.years_since_graduation) == p:
        causes.append(f"{count(a.years_since_graduation, 'year')} since graduation")
    if not causes:
        causes.append("radiology research or radiology exposure still to add")
    return (f"Your numbers are near a tier boundary ({' and '.join(causes)}), so the list sizes sit between the "
            f"{lower} and {upper} ranges: a point or a year either way moves them only a little.")


# --------------------------------------------------------------------------- letters

@dataclass(frozen=True)
class Letters:
    radiology: tuple[int, int]  # (fewest, most) letters to gather
    backup: tuple[int, int]
    general: int
    note: str


def letters_for(p: float, applies_to_radiology: bool, a: Answers, backup_name: str) -> Letters:
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
    elif rad == (0, 0):
        rad = (0, 1)  # a small radiology list still wants one radiology letter if it is sent
    name = backup_name.lower()
    first = f"{_letters(rad, 'radiology letter', 'radiology letters')}, " \
            f"{_letters(backup, f'letter from {name} physicians', f'letters from {name} physicians')}"
    if general:
        first += " and one general letter that can go to both"
    parts = [first, {
        "hands_on": "US clinical letters first, from the hands-on work you have done",
        "observership": "A letter from an observership helps; hands-on US work gives stronger ones",
        "none": "You have no US clinical letters yet: ask physicians who supervised you at home; an "
                "observership or hands-on work is the way to a US letter",
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


# --------------------------------------------------------------------------- costs

@dataclass(frozen=True)
class CostItem:
    id: str  # eras | nrmp | ecfmg_token | usmle_transcript | ...
    usd: int
    fact: Fact

    @property
    def as_of(self) -> str:
        return self.fact.season or str(self.fact.year)


@dataclass(frozen=True)
class Ahead:
    """A fee still ahead for this user on the day the plan is read (US dollars when known, and its source)."""

    id: str  # nrmp | extra_ranks | step3 | pathway | oet | travel
    usd: int | None
    fact: Fact | None


@dataclass(frozen=True)
class Costs:
    eras_usd: int
    nrmp_usd: int
    per_specialty: dict[str, int]  # ERAS fee per specialty for its upper count
    as_of: str
    assumes: str
    items: tuple[CostItem, ...]  # every fee of the season, each with its own date and source
    ahead: tuple[Ahead, ...] = ()  # what is still to pay from today (in interview season: not ERAS)

    @property
    def total_usd(self) -> int:
        return sum(item.usd for item in self.items)


#: Phases in which the season's applications are paid and what remains is the Match itself.
SEASON_PAID = ("interviewing", "ranking")


def ahead_for(phase: str, needs_step3: bool, certified: bool, season: Season, retarget: bool = False
              ) -> tuple[Ahead, ...]:
    """Fees still ahead on the day: in interview season the Match's (registration if not done, extra ranks; not
    for a user aiming at the next Match, whose costs list those fees already) and, in any phase but Match Week,
    Step 3 on the H-1B route and the Pathway and OET before certification (not while ranking this Match: round-10
    nice-to-have 10)."""
    if phase == "match_week":
        return ()
    out = []
    this_match = phase in SEASON_PAID and not retarget
    if this_match:
        ranks = season.ranks
        out += [Ahead("nrmp", ranks.registration_usd, ranks.registration_fact),
                Ahead("extra_ranks", ranks.extra_usd, ranks.fact)]
    if needs_step3 and "step3" in season.exam_fees:
        usd, fact = season.exam_fees["step3"]
        out.append(Ahead("step3", usd, fact))
    # ranking this Match: its Pathway deadline (mid-December to mid-February in past seasons) and its interviews are
    # behind (the Pathway step then says to check ECFMG accepted it): no Pathway, OET or travel still to pay for it
    ranking = this_match and phase == "ranking"
    if not certified and not ranking:
        out.append(Ahead("pathway", None, None))
        if "oet" in season.exam_fees:
            out.append(Ahead("oet", None, season.exam_fees["oet"][1]))
    if this_match and not ranking:
        out.append(Ahead("travel", None, None))
    return tuple(out)


def costs_for(applications: dict[str, tuple[int, int]], season: Season, today: date | None = None,
              ahead: tuple[Ahead, ...] = ()) -> Costs:
    per = {sid: season.eras.for_programs(hi) for sid, (_, hi) in applications.items() if hi}
    ranks = season.ranks
    assumes = (f"ERAS fees for the upper end of each list, {season.eras.fact.cite(today)}. "
               f"Preliminary or transitional (PGY-1) applications for advanced radiology programs are extra, "
               f"their count starting again at ${season.eras.first_usd}. NRMP: the registration fee "
               f"(above; check nrmp.org) covers "
               f"{ranks.included_primary} programs on the primary list and {ranks.included_supplemental} on "
               f"supplemental lists; each program beyond that costs ${ranks.extra_usd}.")
    eras, nrmp = sum(per.values()), ranks.for_ranks(0, 0)
    items = (CostItem("eras", eras, season.eras.fact), CostItem("nrmp", nrmp, ranks.registration_fact),
             *(CostItem(fid, usd, fact) for fid, (usd, fact) in season.fees.items()))
    return Costs(eras, nrmp, per, season.eras.fact.season or str(season.eras.fact.year), assumes, items, ahead)
