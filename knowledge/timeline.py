"""The application calendar: milestones for a Match year, official or estimated dates, reminder times.

Pure. ``data/timeline.yaml`` holds the milestones, their checklists, the date rules and the
official dates known per cycle; this module validates it and computes a user's timeline.
"""

from __future__ import annotations

import calendar as _calendar
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any, Mapping
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from knowledge.loader import Conditional, _Ctx, read_when, read_yaml, unique_ids

#: The earliest Pathways application deadline the knowledge base holds (15 December 2021 for the 2022 Match, a
#: third-party report; ecfmg-pathway-deadlines-past): not known to be the earliest ever, only the earliest seen.
#: The calendar's Pathway deadline and its reminder fall on it: a reminder early costs nothing, one after the
#: season's real deadline withdraws the user from the Match.
PATHWAY_EARLIEST_SEEN = (12, 15)

RULES = ("match_day", "match_week", "rank_list", "rank_list_opens", "interviews", "interviews_end", "review",
         "submit", "nrmp_registration", "nrmp_registration_deadline", "ecfmg_token", "myeras_opens",
         "pathway_deadline", "months_before_submit", "months_before_match")
CYCLE_STATUSES = ("official", "reported")

#: The phases of one Match cycle (CONTRACTS §3a), in order.
PHASES = ("preparing", "building", "assembling", "applying", "interviewing", "ranking", "match_week",
          "after_match")


@dataclass(frozen=True)
class MilestoneDef:
    id: str
    title: str
    rule: str
    months: int
    until: str | None  # the rule of a period's last day (interview season, Match Week)
    items: tuple[Conditional, ...]


@dataclass(frozen=True)
class Milestone:
    """One milestone of one user's timeline: a day, or a period from ``on`` to ``ends``."""

    id: str
    title: str
    on: date
    ends: date | None
    how: str  # "official", "reported" (a third party quoting the official date) or "estimated"
    rule: str  # how an estimated date was computed (the rule's text)
    items: tuple[tuple[int, str], ...]  # the checklist for this user: (stable index, text)

    @property
    def estimated(self) -> bool:
        return self.how == "estimated"

    def last_day(self) -> date:
        return self.ends or self.on

    def under_way(self, today: date) -> bool:
        return self.ends is not None and self.on <= today <= self.ends


@dataclass(frozen=True)
class Cycle:
    status: str  # official | reported
    source: str
    url: str
    dates: dict[str, date]


@dataclass(frozen=True)
class Phase:
    """Where today falls in one Match cycle (CONTRACTS §3a)."""

    id: str
    match_year: int
    starts: date | None  # None: open-ended (preparing has no start)
    ends: date | None  # the last day of the phase; None for after_match


@dataclass
class Calendar:
    milestones: tuple[MilestoneDef, ...]
    rules: dict[str, str]
    cycles: dict[int, Cycle]
    #: date_of's answers, worked out once per milestone and year (every plan asks for the same few)
    _dates: dict[tuple[str, int], tuple[date, str]] = field(default_factory=dict, init=False, repr=False,
                                                            compare=False)

    def ids(self) -> list[str]:
        return [m.id for m in self.milestones]

    def digest(self) -> str:
        """A fingerprint of everything a reminder's date depends on (milestones, rules, official dates)."""
        parts = [(m.id, m.rule, m.months, m.until) for m in self.milestones]
        dates = sorted((year, mid, day.isoformat()) for year, c in self.cycles.items() for mid, day in c.dates.items())
        return hashlib.sha256(repr((parts, dates)).encode()).hexdigest()[:16]

    def _definition(self, milestone_id: str) -> MilestoneDef:
        return next(m for m in self.milestones if m.id == milestone_id)

    def date_of(self, milestone_id: str, year: int) -> tuple[date, str]:
        """A milestone's (first) day for the Match of ``year`` and how sure it is: official, reported, estimated."""
        found = self._dates.get((milestone_id, year))
        if found is None:
            cycle = self.cycles.get(year)
            known = cycle.dates.get(milestone_id) if cycle else None
            found = (known, cycle.status) if known is not None and cycle is not None else \
                (rule_date(self._definition(milestone_id), year), "estimated")
            self._dates[(milestone_id, year)] = found
        return found

    def for_user(self, answers: Mapping[str, object]) -> list[Milestone]:
        """The user's milestones in date order (empty without a Match year)."""
        year = answers.get("match_year")
        if not isinstance(year, int):
            return []
        out = []
        for m in self.milestones:
            on, how = self.date_of(m.id, year)
            ends = rule_date(m, year, m.until) if m.until else None
            items = tuple((j, i.text) for j, i in enumerate(m.items) if i.fits(answers))
            out.append(Milestone(m.id, m.title, on, ends, how, self.rules[m.rule], items))
        return sorted(out, key=lambda x: x.on)

    def phase(self, year: int, today: date) -> Phase:
        """Where ``today`` falls in the Match of ``year`` (CONTRACTS §3a), from this calendar's dates."""
        day = {mid: self.date_of(mid, year)[0] for mid in ("myeras_opens", "review", "rank_list_opens",
                                                            "rank_list", "match_day")}
        myeras = day["myeras_opens"]
        # the first day of each phase after "preparing", in order
        starts = [minus_months(myeras, 9), minus_months(myeras, 4), myeras, day["review"],
                  day["rank_list_opens"], day["rank_list"] + timedelta(days=1),
                  day["match_day"] + timedelta(days=1)]
        index = sum(1 for start in starts if today >= start)
        begin = starts[index - 1] if index else None
        end = starts[index] - timedelta(days=1) if index < len(starts) else None
        return Phase(PHASES[index], year, begin, end)

    def milestone(self, answers: Mapping[str, object], milestone_id: str) -> Milestone | None:
        """One milestone of the user's timeline (None if it is not on it)."""
        return next((m for m in self.for_user(answers) if m.id == milestone_id), None)

    def source_for(self, year: int) -> Cycle | None:
        return self.cycles.get(year)


# --------------------------------------------------------------------------- date rules

def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday (Mon=0) of a month."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def minus_months(day: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, _calendar.monthrange(year, month + 1)[1]))


def weekday_on_or_after(day: date) -> date:
    """``day``, or the Monday after it when it falls on a weekend."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def match_day(year: int) -> date:
    return nth_weekday(year, 3, 4, 3)  # third Friday of March


def rule_date(m: MilestoneDef, year: int, rule: str | None = None) -> date:
    """The estimated date of milestone ``m`` (or of another ``rule``) for the Match in March of ``year``."""
    before = year - 1
    submit = nth_weekday(before, 9, 2, 1)
    rules = {
        "match_day": lambda: match_day(year),
        "match_week": lambda: match_day(year) - timedelta(days=4),
        "rank_list": lambda: match_day(year) - timedelta(days=16),
        "rank_list_opens": lambda: weekday_on_or_after(date(year, 2, 1)),
        "interviews": lambda: date(before, 10, 1),
        "interviews_end": lambda: date(year, 1, 31),
        "review": lambda: submit + timedelta(days=21),
        "submit": lambda: submit,
        "nrmp_registration": lambda: date(before, 9, 15),
        "nrmp_registration_deadline": lambda: date(year, 1, 31),
        "ecfmg_token": lambda: date(before, 6, 30),
        "pathway_deadline": lambda: date(before, *PATHWAY_EARLIEST_SEEN),
        "myeras_opens": lambda: nth_weekday(before, 6, 2, 1),
        "months_before_submit": lambda: minus_months(submit, m.months),
        "months_before_match": lambda: minus_months(match_day(year), m.months),
    }
    return rules[rule or m.rule]()


# --------------------------------------------------------------------------- time zones and reminders

OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*([0-9]{1,2})(?::?([0-9]{2}))?$", re.I)


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    """Every IANA zone name, by its lower-case form (folders such as America/Argentina are not zones)."""
    return {name.lower(): name for name in available_timezones()}


def parse_timezone(text: str) -> str | None:
    """A canonical time-zone name from "Asia/Karachi", "UTC+5", "+05:30", "GMT-3" or "UTC"; None if invalid."""
    t = text.strip()
    if t.upper() in ("UTC", "GMT", "Z"):
        return "UTC"
    m = OFFSET.match(t)
    if m:
        sign, hours, minutes = m.group(1), int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes not in (0, 15, 30, 45) or (hours == 14 and minutes):
            return None
        return f"UTC{sign}{hours:02d}:{minutes:02d}"
    return _zone_names().get(t.lower()) if "/" in t else None


def zone(name: str) -> tzinfo:
    """The tzinfo for a name produced by ``parse_timezone`` (UTC if it is no longer valid)."""
    m = OFFSET.match(name[3:]) if name.startswith("UTC") and len(name) > 3 else None
    if m:
        delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))
        return timezone(-delta if m.group(1) == "-" else delta)
    if name == "UTC":
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return timezone.utc


def day_text(day: date, how: str = "official") -> str:
    """ "Wed 3 Mar 2027", with "(estimated)" or "(reported)" after a date that is not official."""
    text = day.strftime("%a %d %b %Y").replace(" 0", " ")
    return text + (f" ({how})" if how in ("estimated", "reported") else "")


def due_at(on: date, tz_name: str, hour: int) -> datetime:
    """The UTC moment of ``hour``:00 local time on ``on``."""
    local = datetime.combine(on, time(hour), tzinfo=zone(tz_name))
    return local.astimezone(timezone.utc)


def reminder_times(milestones: list[Milestone], tz_name: str, hour: int, now: datetime
                   ) -> list[tuple[str, datetime]]:
    """(milestone id, due time in UTC) for every milestone still ahead; past ones get no reminder."""
    out = []
    for m in milestones:
        when = due_at(m.on, tz_name, hour)
        if when > now:
            out.append((m.id, when))
    return out


# --------------------------------------------------------------------------- loading

def load_calendar(data_dir: Path) -> Calendar:
    ctx = _Ctx("timeline.yaml")
    doc = read_yaml(data_dir / "timeline.yaml")
    rules = ctx.get(doc, "rules", "", dict)
    for rule in RULES:
        if not isinstance(rules.get(rule), str):
            raise ctx.fail(f"rules.{rule}", "missing (every date rule needs its explanation)")
    milestones = []
    raw_milestones = ctx.get(doc, "milestones", "", list)
    unique_ids(ctx, raw_milestones, "milestones")
    for i, raw in enumerate(raw_milestones):
        where = f"milestones[{i}]"
        mid = ctx.get(raw, "id", where)
        rule = ctx.choice(raw, "rule", where, RULES)
        months = ctx.get(raw, "months", where, int, required=rule.startswith("months_"), default=0)
        items = []
        for j, item in enumerate(ctx.get(raw, "items", where, list)):
            items.append(Conditional(ctx.get(item, "text", f"{where}.items[{j}]"),
                                     read_when(ctx, item, f"{where}.items[{j}]")))
        if not 2 <= len([it for it in items if not it.when]) <= 5:
            raise ctx.fail(f"{where}.items", "give 2-5 items that apply to everyone")
        until = raw.get("until")
        if until is not None and until not in RULES:
            raise ctx.fail(f"{where}.until", f"'{until}' is not a date rule (one of: {', '.join(RULES)})")
        milestones.append(MilestoneDef(mid, ctx.get(raw, "title", where), rule, months, until, tuple(items)))
    ids = {m.id for m in milestones}
    cycles = {}
    for year, raw in (ctx.get(doc, "cycles", "", dict, required=False, default={}) or {}).items():
        where = f"cycles.{year}"
        if not isinstance(year, int):
            raise ctx.fail(where, "the key must be a Match year, e.g. 2027")
        dates = ctx.get(raw, "dates", where, dict)
        for mid, value in dates.items():
            if mid not in ids:
                raise ctx.fail(f"{where}.dates.{mid}", "not a milestone id")
            if not isinstance(value, date):
                raise ctx.fail(f"{where}.dates.{mid}", "must be a date like 2026-03-20")
        cycles[year] = Cycle(ctx.choice(raw, "status", where, CYCLE_STATUSES), ctx.get(raw, "source", where),
                             ctx.get(raw, "url", where), dict(dates))
    return Calendar(tuple(milestones), dict(rules), cycles)

