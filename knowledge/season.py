"""The season's figures as typed values: ERAS and NRMP fees, signal allotments, program counts, visa rules.

Pure. ``data/season.yaml`` names the facts (in ``facts.yaml``) whose ``value`` holds each figure,
so a season's update is an edit of data files; this module checks each value's shape (errors
name the file and the field) and does the arithmetic the plan and the program list share.
"""

from __future__ import annotations

from dataclasses import replace, dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pycountry

from knowledge.loader import Fact, KnowledgeError, _Ctx, read_yaml

SIGNAL_KINDS = ("gold", "silver", "total")


@dataclass(frozen=True)
class ErasFees:
    first_programs: int
    first_usd: int
    then_usd: int
    fact: Fact

    def for_programs(self, programs: int) -> int:
        """The ERAS fee for ``programs`` applications in one specialty."""
        programs = max(0, programs)
        first = min(programs, self.first_programs)
        return first * self.first_usd + (programs - first) * self.then_usd


@dataclass(frozen=True)
class RankFees:
    included_primary: int
    included_supplemental: int
    extra_usd: int
    max_ranks: int
    registration_usd: int
    fact: Fact
    registration_fact: Fact

    def for_ranks(self, primary: int, supplemental: int) -> int:
        """NRMP fees: registration plus each program beyond the ones it includes."""
        extra = max(0, primary - self.included_primary) + max(0, supplemental - self.included_supplemental)
        return self.registration_usd + extra * self.extra_usd


@dataclass(frozen=True)
class Allotment:
    gold: int = 0
    silver: int = 0
    total: int = 0  # specialties without tiers give one number

    @property
    def count(self) -> int:
        return self.total or self.gold + self.silver

    def to_json(self) -> dict[str, int]:
        return {"total": self.total} if self.total else {"gold": self.gold, "silver": self.silver}

    def words(self) -> str:
        return f"{self.total}" if self.total else f"{self.gold} gold + {self.silver} silver"


@dataclass(frozen=True)
class Signals:
    by_specialty: dict[str, Allotment]
    fact: Fact

    @property
    def season(self) -> str:
        return self.fact.season or str(self.fact.year)


@dataclass(frozen=True)
class ProgramCount:
    specialty: str
    count: int
    fact: Fact


@dataclass(frozen=True)
class Sponsoring:
    """How many of a specialty's programs sponsor the H-1B: its measured share, or (``estimated``) the
    lowest share measured in another specialty when its own was not found."""

    specialty: str
    count: int
    percent: float
    fact: Fact  # where the share comes from
    estimated: bool


@dataclass(frozen=True)
class VisaRules:
    h1b_fee_usd: int
    h1b_fee_from: date
    h1b_fee_months: int
    h1b_fact: Fact
    h1b_court: Fact | None  # what the courts did with the payment, said only from ``h1b_court_from``
    h1b_court_from: date | None  # the day everything the fact says is known (its `known`, else `stayed`, else `vacated`)
    j_suspended: frozenset[str]  # nationalities (ISO alpha-2) whose J visas are suspended
    all_suspended: frozenset[str]  # nationalities with every visa suspended
    suspension_from: date
    suspension_fact: Fact
    # the earlier proclamation the current one kept: its start date, and the nationalities whose suspension (of the
    # same kind: J or all visas) began then
    before_from: date | None = None
    before_j: frozenset[str] = frozenset()
    before_all: frozenset[str] = frozenset()
    before_fact: Fact | None = None
    # the USCIS hold on decisions (H-1B petitions, changes of status) for the same nationalities: from when, its fact
    hold_from: date | None = None
    hold_fact: Fact | None = None
    # nationalities of the same proclamation with no visa a resident needs suspended (Turkmenistan: immigrant visas
    # alone), whom the hold covers too
    hold_also: frozenset[str] = frozenset()
    # that the payment was still charged after the court's stay: said only from the day it was known
    h1b_charged: Fact | None = None
    h1b_charged_from: date | None = None

    def held(self, citizenship: str | None, today: date) -> bool:
        """USCIS holds decisions on petitions for this nationality on ``today``: it is one of the proclamation's
        nationalities (a suspension's, or ``hold_also``: the hold is keyed to the same lists) and the hold had begun."""
        return self.hold_from is not None and today >= self.hold_from and (
            self.suspended(citizenship) is not None or citizenship in self.hold_also)

    def suspended_since(self, citizenship: str | None) -> date:
        """The day this nationality's suspension (as it stands) began: 9 June 2025 where the December 2025
        proclamation kept the June 2025 one, else the current proclamation's start."""
        kind = self.suspended(citizenship)
        if self.before_from and kind and citizenship in (self.before_all if kind == "all" else self.before_j):
            return self.before_from
        return self.suspension_from

    def h1b_fee_until(self) -> date:
        """The last day of the fee's first term (it may have been extended: check_current_rule)."""
        month = self.h1b_fee_from.month - 1 + self.h1b_fee_months
        return date(self.h1b_fee_from.year + month // 12, month % 12 + 1, self.h1b_fee_from.day)

    def suspended(self, citizenship: str | None) -> str | None:
        """``"j"`` or ``"all"`` when visas are suspended for this nationality, else None."""
        if citizenship in self.all_suspended:
            return "all"
        if citizenship in self.j_suspended:
            return "j"
        return None


@dataclass(frozen=True)
class Season:
    eras: ErasFees
    ranks: RankFees
    signals: Signals
    programs: dict[str, ProgramCount]
    visa: VisaRules
    h1b_shares: dict[str, tuple[float, Fact]]  # specialty -> (% of programs sponsoring the H-1B, source)
    fees: dict[str, tuple[int, Fact]]  # other fees an applicant pays once a season: id -> (US dollars, source)
    exam_fees: dict[str, tuple[int | None, Fact]]  # fees only some users pay (Step 3, the OET): id -> ($ or None, source)

    def sponsoring(self, specialty: str) -> Sponsoring | None:
        """The programs of ``specialty`` that sponsor the H-1B (None when the program count is not known)."""
        programs = self.programs.get(specialty)
        if programs is None or not self.h1b_shares:
            return None
        if specialty in self.h1b_shares:
            percent, fact = self.h1b_shares[specialty]
            estimated = False
        else:
            percent, fact = min(self.h1b_shares.values(), key=lambda share: share[0])
            estimated = True
        return Sponsoring(specialty, round(programs.count * percent / 100), percent, fact, estimated)


class _Values:
    """Read one fact's ``value`` with errors that name facts.yaml and the field."""

    def __init__(self, facts: dict[str, Fact], role: str, fact_id: Any):
        self.ctx = _Ctx("facts.yaml")
        if not isinstance(fact_id, str) or fact_id not in facts:
            raise KnowledgeError("season.yaml", role, f"'{fact_id}' is not a fact id in facts.yaml")
        self.fact = facts[fact_id]
        self.where = f"facts[{fact_id}].value"
        if not isinstance(self.fact.value, dict):
            raise self.ctx.fail(self.where, f"missing (season.yaml uses this fact as {role})")

    def int(self, key: str) -> int:
        value = self.fact.value.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.ctx.fail(f"{self.where}.{key}", "must be a whole number of 0 or more")
        return value

    def percent(self, key: str) -> float:
        value = self.fact.value.get(key)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 < value <= 100:
            raise self.ctx.fail(f"{self.where}.{key}", "must be a percentage above 0 and at most 100")
        return float(value)

    def day(self, key: str) -> date:
        value = self.fact.value.get(key)
        if not isinstance(value, date):
            raise self.ctx.fail(f"{self.where}.{key}", "must be a date like 2026-01-01")
        return value

    def countries(self, key: str) -> frozenset[str]:
        value = self.fact.value.get(key)
        if not isinstance(value, list):
            raise self.ctx.fail(f"{self.where}.{key}", "must be a list of two-letter country codes")
        for i, code in enumerate(value):
            if not isinstance(code, str) or pycountry.countries.get(alpha_2=code) is None:
                raise self.ctx.fail(f"{self.where}.{key}[{i}]", f"'{code}' is not an ISO 3166 two-letter code")
        return frozenset(value)


def load_season(data_dir: Path, facts: dict[str, Fact], specialty_ids: tuple[str, ...]) -> Season:
    doc = read_yaml(data_dir / "season.yaml")
    ctx = _Ctx("season.yaml")

    def values(role: str) -> _Values:
        return _Values(facts, role, ctx.get(doc, role, ""))

    eras = values("eras_fees")
    fees = ErasFees(eras.int("first_programs"), eras.int("first_usd"), eras.int("then_usd"), eras.fact)
    ranks, registration = values("rank_fees"), values("registration_fee")
    rank_fees = RankFees(ranks.int("included_primary"), ranks.int("included_supplemental"), ranks.int("extra_usd"),
                         ranks.int("max_ranks"), registration.int("usd"), ranks.fact, registration.fact)
    sig = values("signals")
    allotments = {}
    for sid, raw in sig.fact.value.items():
        where = f"{sig.where}.{sid}"
        if sid not in specialty_ids:
            raise sig.ctx.fail(where, f"unknown specialty id '{sid}'")
        if not isinstance(raw, dict) or not raw or set(raw) - set(SIGNAL_KINDS):
            raise sig.ctx.fail(where, "must be {gold: N, silver: N} or {total: N}")
        for kind, n in raw.items():
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                raise sig.ctx.fail(f"{where}.{kind}", "must be a whole number of 0 or more")
        allotments[sid] = Allotment(**raw)
    programs = {}
    ids = ctx.get(doc, "program_counts", "", list)
    for i, fact_id in enumerate(ids):
        count = _Values(facts, f"program_counts[{i}]", fact_id)
        specialty = count.fact.value.get("specialty")
        if specialty not in specialty_ids:
            raise count.ctx.fail(f"{count.where}.specialty", f"unknown specialty id '{specialty}'")
        programs[specialty] = ProgramCount(specialty, count.int("count"), count.fact)
    fee, ban = values("h1b_fee"), values("j_visa_suspension")
    court = values("h1b_court") if doc.get("h1b_court") is not None else None
    visa = VisaRules(fee.int("usd"), fee.day("effective"), fee.int("months"), fee.fact,
                     court.fact if court else None,
                     court.day(next(k for k in ("known", "stayed", "vacated") if k in court.fact.value))
                     if court else None,
                     ban.countries("j_suspended"), ban.countries("all_suspended"), ban.day("effective"), ban.fact)
    if doc.get("j_visa_suspension_before") is not None:
        before = values("j_visa_suspension_before")
        visa = replace(visa, before_from=before.day("effective"), before_j=before.countries("j_visas"),
                       before_all=before.countries("all_visas"), before_fact=before.fact)
    if doc.get("uscis_hold") is not None:
        hold = values("uscis_hold")
        also = ban.countries("immigrant_only") if "immigrant_only" in ban.fact.value else frozenset()
        visa = replace(visa, hold_from=hold.day("effective"), hold_fact=hold.fact, hold_also=also)
    if doc.get("h1b_charged") is not None:
        charged = values("h1b_charged")
        visa = replace(visa, h1b_charged=charged.fact, h1b_charged_from=charged.day("known"))
    shares = {}
    for i, fact_id in enumerate(ctx.get(doc, "h1b_shares", "", list, required=False, default=[])):
        share = _Values(facts, f"h1b_shares[{i}]", fact_id)
        specialty = share.fact.value.get("specialty")
        if specialty not in specialty_ids:
            raise share.ctx.fail(f"{share.where}.specialty", f"unknown specialty id '{specialty}'")
        shares[specialty] = (share.percent("h1b_percent"), share.fact)
    other_fees = {}
    for key, fact_id in (ctx.get(doc, "fees", "", dict, required=False, default={}) or {}).items():
        fee_value = _Values(facts, f"fees.{key}", fact_id)
        other_fees[str(key)] = (fee_value.int("usd"), fee_value.fact)
    exam_fees: dict[str, tuple[int | None, Fact]] = {}
    for key, fact_id in (ctx.get(doc, "exam_fees", "", dict, required=False, default={}) or {}).items():
        exam = _Values(facts, f"exam_fees.{key}", fact_id)
        exam_fees[str(key)] = (exam.int("usd") if "usd" in exam.fact.value else None, exam.fact)
    return Season(fees, rank_fees, Signals(allotments, sig.fact), programs, visa, shares, other_fees, exam_fees)
