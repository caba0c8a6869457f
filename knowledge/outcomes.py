"""Match outcomes shared by users, counted so that no one can be picked out (CONTRACTS §10). Pure.

What a shared outcome is (``OutcomeRecord``: the result, applications and interviews per specialty,
the explicit yes to be counted, and the profile it is counted under, fixed when it was shared), the
bands of that profile (``data/outcomes.yaml``), when a Match's outcomes are counted, and the release:
the tables by Match year and result, crossed with each profile field and with tier and visa route
together, with every count below K hidden and every count that would let one be worked out hidden too
(``knowledge.suppression``).

**When a Match is counted.** Outcomes for the Match of year Y are counted if they were shared before
the counting closes (the day MyERAS opens for the next Match, early June of Y, from the calendar),
and Y's tables appear only from that day on. After it, a Match's counts never grow, so two releases
a day apart never differ by one person's outcome: the only change a closed Match sees is someone
leaving (/delete, or withdrawing the yes), which /delete promises.

**How the tables are modelled for the suppression.** Within a Match year and a tier, anyone who reads
CONTRACTS §2 knows which visa routes, Step 2 CK bands, years-since-graduation bands and experience
levels the tier allows (``tiers:`` in the data file), and every combination of allowed values occurs.
So the finest counts the tables are built from are, per year, tier and result, one count per allowed
value of each other field; the four fields' counts of one tier and result add up to the same people
(the ``known`` relations). Each table cell, total, and each cross of a tier with one value of another
field, is a group over those counts; the suppression keeps every group below K out of reach.
"""

from __future__ import annotations

import csv
from collections import Counter
import io
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Mapping

from knowledge.answers import Answers
from knowledge.loader import KnowledgeError, read_yaml
from knowledge.suppression import Group, Pattern, Vector, combine, suppress, vector
from knowledge.timeline import Calendar

FILE = "outcomes.yaml"
TIER = "tier"
#: The profile fields, in the order tables and records list them (the contract's names).
FIELDS = ("tier", "visa_route", "step2_ck_band", "years_since_graduation_band", "us_clinical_experience")
ALL = "*"
DEFAULT_MIN_CELL = 10


# --------------------------------------------------------------------------- the rules (data file)

@dataclass(frozen=True)
class Value:
    id: str
    label: str
    lo: int | None = None  # numbers in this band, inclusive (open ends allowed)
    hi: int | None = None

    def holds(self, n: int) -> bool:
        return (self.lo is None or n >= self.lo) and (self.hi is None or n <= self.hi)


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    values: tuple[Value, ...]

    def ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.values)

    def label_of(self, value: str) -> str:
        return next((v.label for v in self.values if v.id == value), value)


@dataclass(frozen=True)
class OutcomeRules:
    first_match_year: int
    results: tuple[tuple[str, str], ...]  # (id, label), in the order asked
    fields: dict[str, Field]
    allowed: dict[str, dict[str, tuple[str, ...]]]  # tier -> field -> values the tier allows
    source: str
    licence: str
    applications: Field  # bands of how many programs a user applied to in a specialty
    interviews: Field  # bands of how many interviews

    def result_ids(self) -> tuple[str, ...]:
        return tuple(r for r, _ in self.results)

    def result_label(self, result: str) -> str:
        return dict(self.results).get(result, result)

    def tiers(self) -> tuple[str, ...]:
        return self.fields[TIER].ids()

    @cached_property
    def structure(self) -> "Structure":
        return Structure.build(self)


def load_outcome_rules(data_dir: Path) -> OutcomeRules:
    data = read_yaml(data_dir / FILE)
    if not isinstance(data, dict):
        raise KnowledgeError(FILE, "(file)", "must be a mapping")

    def need(where: str, value: Any, kind: type) -> Any:
        if not isinstance(value, kind) or (kind is str and not value):
            raise KnowledgeError(FILE, where, f"missing or not a {kind.__name__}")
        return value

    first = need("first_match_year", data.get("first_match_year"), int)
    results = tuple((need(f"results[{i}].id", r.get("id"), str), need(f"results[{i}].label", r.get("label"), str))
                    for i, r in enumerate(need("results", data.get("results"), list)))
    raw_fields = need("fields", data.get("fields"), dict)
    def bands(where: str, raw: Any) -> tuple[Value, ...]:
        values = []
        for i, v in enumerate(need(where, raw, list)):
            at = f"{where}[{i}]"
            lo, hi = v.get("from"), v.get("to")
            for name, bound in (("from", lo), ("to", hi)):
                if bound is not None and not isinstance(bound, int):
                    raise KnowledgeError(FILE, f"{at}.{name}", "must be a whole number")
            values.append(Value(str(need(f"{at}.id", v.get("id"), str)), need(f"{at}.label", v.get("label"), str),
                                lo, hi))
        return tuple(values)

    fields: dict[str, Field] = {}
    for fid in FIELDS:
        spec = need(f"fields.{fid}", raw_fields.get(fid), dict)
        fields[fid] = Field(fid, need(f"fields.{fid}.label", spec.get("label"), str),
                            bands(f"fields.{fid}.values", spec.get("values")))
    unknown = set(raw_fields) - set(FIELDS)
    if unknown:
        raise KnowledgeError(FILE, f"fields.{sorted(unknown)[0]}", f"not a profile field (one of: {', '.join(FIELDS)})")
    raw_tiers = need("tiers", data.get("tiers"), dict)
    allowed: dict[str, dict[str, tuple[str, ...]]] = {}
    for tier in fields[TIER].ids():
        spec = raw_tiers.get(tier)
        allowed[tier] = {}
        for fid in FIELDS[1:]:
            listed = fields[fid].ids() if spec == "all" else spec.get(fid) if isinstance(spec, dict) else None
            if not isinstance(listed, (list, tuple)) or not listed:
                raise KnowledgeError(FILE, f"tiers.{tier}.{fid}", "missing: list the values this tier allows, or "
                                                                 "write `all` for the tier")
            bad = [v for v in listed if v not in fields[fid].ids()]
            if bad:
                raise KnowledgeError(FILE, f"tiers.{tier}.{fid}", f"{bad[0]!r} is not a value of {fid}")
            allowed[tier][fid] = tuple(v for v in fields[fid].ids() if v in listed)
    return OutcomeRules(first, results, fields, allowed, need("source", data.get("source"), str),
                        need("licence", data.get("licence"), str),
                        Field("applications", "Applications", bands("applications", data.get("applications"))),
                        Field("interviews", "Interviews", bands("interviews", data.get("interviews"))))


# --------------------------------------------------------------------------- a shared outcome

@dataclass(frozen=True)
class OutcomeRecord:
    """One user's shared outcome, as stored (sealed)."""

    match_year: int
    result: str
    profile: dict[str, str]  # field -> value, fixed when shared
    shared_on: date
    counted: bool  # the explicit yes to be counted
    backup: str | None = None  # the specialty, for matched_backup
    applications: dict[str, str] = field(default_factory=dict)  # specialty -> band of programs applied to
    interviews: dict[str, str] = field(default_factory=dict)  # specialty -> band of interviews

    def to_json(self) -> dict[str, Any]:
        return {"match_year": self.match_year, "result": self.result, "backup": self.backup,
                "applications": dict(self.applications), "interviews": dict(self.interviews),
                "counted": self.counted, "profile": dict(self.profile), "shared_on": self.shared_on.isoformat()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "OutcomeRecord":
        """The stored form back (written by ``to_json``; read for every count, so kept lean)."""
        return cls(int(data["match_year"]), str(data["result"]), dict(data.get("profile") or {}),
                   date.fromisoformat(data["shared_on"]), bool(data.get("counted")),
                   data.get("backup") or None, dict(data.get("applications") or {}),
                   dict(data.get("interviews") or {}))


def band(f: Field, n: int | None) -> str:
    """The value of a banded field for a number (None: the field's last value, "not taken")."""
    if n is not None:
        for v in f.values:
            if (v.lo is not None or v.hi is not None) and v.holds(n):
                return v.id
    return next(v.id for v in f.values if v.lo is None and v.hi is None)


def profile_for(rules: OutcomeRules, answers: Answers, tier: str) -> dict[str, str]:
    """The profile an outcome is counted under, from the answers and tier at the time of sharing."""
    return {"tier": tier, "visa_route": answers.visa,
            "step2_ck_band": band(rules.fields["step2_ck_band"], answers.step2_ck_score),
            "years_since_graduation_band": band(rules.fields["years_since_graduation_band"],
                                                answers.years_since_graduation),
            "us_clinical_experience": answers.us_clinical_experience}


# --------------------------------------------------------------------------- when

def invitation_day(calendar: Calendar, match_year: int) -> date:
    """The day after Match Day of that Match (official date where known, else the calendar's rule)."""
    from datetime import timedelta

    return calendar.date_of("match_day", match_year)[0] + timedelta(days=1)


def counting_closes(calendar: Calendar, match_year: int) -> date:
    """Outcomes of that Match shared before this day are counted; its tables appear from this day:
    the day MyERAS opens for the next Match, when next year's applicants start."""
    return calendar.date_of("myeras_opens", match_year + 1)[0]


def counted_years(rules: OutcomeRules, calendar: Calendar, today: date) -> tuple[int, ...]:
    """The Matches whose counting has closed by ``today`` (every one listed, even with nobody in it)."""
    years = []
    year = rules.first_match_year
    while counting_closes(calendar, year) <= today:
        years.append(year)
        year += 1
    return tuple(years)


# --------------------------------------------------------------------------- the model of one year

def gid(tier: str, fld: str, value: str, result: str) -> str:
    """A group's id: ``tier|field=value|result``, ``*`` for "all" (``*`` alone for field and value)."""
    return f"{tier}|{ALL if fld == ALL else f'{fld}={value}'}|{result}"


@dataclass(frozen=True)
class TableSpec:
    by: tuple[str, ...]  # ("match_year", ...fields)

    def fields(self) -> tuple[str, ...]:
        return self.by[1:]


TABLES = (TableSpec(("match_year",)), *(TableSpec(("match_year", f)) for f in FIELDS),
          TableSpec(("match_year", "tier", "visa_route")))


@dataclass
class Structure:
    """The groups of one Match year as vectors over its finest counts, built once from the rules."""

    variables: dict[tuple[str, str, str, str], int]  # (tier, field, value, result) -> index
    known: list[Vector]
    vectors: dict[str, Vector]
    partitions: list[list[str]]  # per field, the groups of its finest counts (disjoint: any union is a group)
    levels: dict[str, int]  # group id -> priority level for showing (0 first); only the tables' groups

    @classmethod
    def build(cls, rules: OutcomeRules) -> "Structure":
        tiers, results = rules.tiers(), rules.result_ids()
        others = FIELDS[1:]
        variables: dict[tuple[str, str, str, str], int] = {}
        for t in tiers:
            for f in others:
                for v in rules.allowed[t][f]:
                    for r in results:
                        variables[(t, f, v, r)] = len(variables)

        def members(t: str, f: str, v: str, r: str) -> list[int]:
            f = others[0] if f == ALL else f
            return [variables[(t2, f, v2, r2)] for t2 in (tiers if t == ALL else (t,))
                    for v2 in (rules.allowed[t2][f] if v == ALL else (v,)) if v2 in rules.allowed[t2][f]
                    for r2 in (results if r == ALL else (r,))]

        known = [combine(vector(members(t, others[0], ALL, r)), vector(members(t, f, ALL, r)), -1)
                 for t in tiers for r in results for f in others[1:]]
        pairs = [(ALL, ALL)] + [(f, v) for f in others for v in rules.fields[f].ids()]
        vectors = {gid(t, f, v, r): vector(members(t, f, v, r))
                   for t in (*tiers, ALL) for f, v in pairs for r in (*results, ALL)}
        # Every cell, total and hidden part of a table is a union of one field's finest counts (the tier
        # table's and the year's through the visa route's): checking every union of them covers them all.
        partitions = [[gid(t, f, v, r) for (t, f2, v, r) in variables if f2 == f] for f in others]
        levels: dict[str, int] = {}
        for spec in TABLES:
            for cell in table_cells(rules, spec):
                for r in (*results, ALL):
                    g = gid(*cell, r)
                    level = (0 if cell == (ALL, ALL, ALL) else 2) + (1 if r != ALL else 0)
                    levels[g] = min(levels.get(g, 9), level)
        return cls(variables, known, vectors, partitions, levels)


def table_cells(rules: OutcomeRules, spec: TableSpec) -> list[tuple[str, str, str]]:
    """The (tier, field, value) of each row of a table (before the result), in order."""
    fs = spec.fields()
    if not fs:
        return [(ALL, ALL, ALL)]
    if fs == (TIER,):
        return [(t, ALL, ALL) for t in rules.tiers()]
    if fs == (TIER, "visa_route"):
        return [(t, "visa_route", v) for t in rules.tiers() for v in rules.fields["visa_route"].ids()]
    (f,) = fs
    return [(ALL, f, v) for v in rules.fields[f].ids()]


def _row_key(spec: TableSpec, cell: tuple[str, str, str]) -> dict[str, str]:
    t, _, v = cell
    return {name: t if name == TIER else v for name in spec.fields()}


# --------------------------------------------------------------------------- the release

@dataclass(frozen=True)
class Table:
    by: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]  # one per year, row of the table and result: {..., "result", "count"}
    totals: tuple[dict[str, Any], ...]  # one per year and row: {..., "count"} (all results)

    def to_json(self) -> dict[str, Any]:
        return {"by": list(self.by), "rows": [dict(r) for r in self.rows], "totals": [dict(t) for t in self.totals]}


@dataclass(frozen=True)
class Release:
    min_cell: int
    consenting: int | None
    years: tuple[int, ...]
    tables: tuple[Table, ...]
    as_of: date
    closes: dict[int, date]  # each Match still being collected (or not yet started): when it is counted

    def to_json(self) -> dict[str, Any]:
        return {"min_cell": self.min_cell, "consenting": self.consenting, "as_of": self.as_of.isoformat(),
                "match_years": list(self.years), "tables": [t.to_json() for t in self.tables]}

    def table(self, *by: str) -> Table:
        return next(t for t in self.tables if t.by == ("match_year", *by))

    def like_you(self, match_year: int, tier: str, visa_route: str) -> tuple[int, dict[str, int | None]] | None:
        """The published counts of one (Match year, tier, visa route) cell: (its total, each result's
        count or None). None when the total is not shown (fewer than K, or hidden)."""
        t = self.table("tier", "visa_route")
        want = {"match_year": match_year, "tier": tier, "visa_route": visa_route}
        total = next((r["count"] for r in t.totals if all(r[k] == v for k, v in want.items())), None)
        if total is None:
            return None
        return total, {r["result"]: r["count"] for r in t.rows if all(r[k] == v for k, v in want.items())}


def tally(rules: OutcomeRules, records: Iterable[OutcomeRecord], years: tuple[int, ...]) -> dict[int, list[int]]:
    """Per counted year, the finest counts (indexed as ``Structure.variables``)."""
    s = rules.structure
    people: Counter[tuple[int, str, tuple[str, ...]]] = Counter(
        (rec.match_year, rec.result, tuple(rec.profile.get(f, "") for f in FIELDS)) for rec in records)
    counts = {y: [0] * len(s.variables) for y in years}
    for (year, result, (tier, *values)), n in people.items():
        per = counts.get(year)
        if per is None:
            continue
        for f, value in zip(FIELDS[1:], values):
            index = s.variables.get((tier, f, value, result))
            if index is None:  # a profile outside what its tier allows: cannot come from the tier rules
                raise ValueError(f"an outcome's profile does not fit its tier ({tier}, {f})")
            per[index] += n
    return counts


def build_release(rules: OutcomeRules, calendar: Calendar, records: Iterable[OutcomeRecord], today: date,
                  min_cell: int = DEFAULT_MIN_CELL) -> Release:
    """The tables as they may be published on ``today``: counted outcomes of closed Matches only."""
    if min_cell < 1:
        raise ValueError("the minimum cell size must be at least 1")
    years = counted_years(rules, calendar, today)
    closes = {y: counting_closes(calendar, y) for y in years}
    counts = tally(rules, (r for r in records if r.counted and r.match_year in closes
                           and r.shared_on < closes[r.match_year]), years)
    s = rules.structure
    groups = {y: {g: Group(g, vec, sum(counts[y][i] for i in vec)) for g, vec in s.vectors.items()} for y in years}
    top = gid(ALL, ALL, ALL, ALL)
    patterns: dict[int, Pattern] = {}
    for y in years:
        small = groups[y][top].count < min_cell
        patterns[y] = _year_pattern(s, groups[y], min_cell, small)
        if not small and top not in patterns[y].shown:  # a total its own tables could not show: protected too
            patterns[y] = _year_pattern(s, groups[y], min_cell, True)
    # The number of people counted is the one count that links Match years: with a year's total hidden
    # it would turn hidden cells of different years into a union anyone can work out (all of a small
    # year plus a few hidden cells of another), so it is shown only when every year's total is.
    everyone = sum(groups[y][top].count for y in years)
    shown_all = all(top in patterns[y].shown for y in years)
    consenting = everyone if shown_all and everyone >= min_cell else None
    tables = tuple(_table(rules, spec, years, groups, patterns) for spec in TABLES)
    nxt = years[-1] + 1 if years else rules.first_match_year
    return Release(min_cell, consenting, years, tables, today, {nxt: counting_closes(calendar, nxt)})


def _year_pattern(s: Structure, groups: dict[str, Group], k: int, total_hidden: bool) -> Pattern:
    top = gid(ALL, ALL, ALL, ALL)
    candidates = sorted(s.levels, key=lambda g: (s.levels[g], -groups[g].count, g))
    return suppress(groups, candidates, k, s.known, s.partitions, forced_hidden={top} if total_hidden else frozenset())


def _table(rules: OutcomeRules, spec: TableSpec, years: tuple[int, ...], groups: dict[int, dict[str, Group]],
           patterns: dict[int, Pattern]) -> Table:
    rows: list[dict[str, Any]] = []
    totals: list[dict[str, Any]] = []
    for y in years:
        for cell in table_cells(rules, spec):
            key = {"match_year": y, **_row_key(spec, cell)}
            for r in rules.result_ids():
                g = gid(*cell, r)
                rows.append({**key, "result": r, "count": groups[y][g].count if g in patterns[y].shown else None})
            g = gid(*cell, ALL)
            totals.append({**key, "count": groups[y][g].count if g in patterns[y].shown else None})
    return Table(spec.by, tuple(rows), tuple(totals))


# --------------------------------------------------------------------------- as text and as a file

def _legend(k: int) -> str:
    return (f"<{k} = fewer than {k} people, or hidden so that a count below {k} cannot be worked out "
            "from the others.")


def as_text(rules: OutcomeRules, release: Release) -> str:
    k = release.min_cell
    lines = [f"Match outcomes shared by users, counted as of {release.as_of.isoformat()} (minimum cell {k})"]
    if not release.years:
        nxt, closes = next(iter(release.closes.items()))
        lines.append(f"No Match is counted yet: the {nxt} Match's outcomes are counted from "
                     f"{closes.isoformat()} (shares from the day after Match Day until then).")
        return "\n".join(lines)
    lines.append(f"People counted: {release.consenting if release.consenting is not None else f'<{k}'}")
    short = {r: r for r in rules.result_ids()}
    for table in release.tables:
        fields = table.by[1:]
        title = " x ".join(["Match year", *(rules.fields[f].label for f in fields)])
        lines += ["", f"{title} x result"]
        head = ["year", *fields, *short.values(), "total"]
        grid = [head]
        for total in table.totals:
            row = [str(total["match_year"]), *(rules.fields[f].label_of(total[f]) for f in fields)]
            cells = [r for r in table.rows if all(r[c] == total[c] for c in ("match_year", *fields))]
            row += [_shown(c["count"], k) for c in cells] + [_shown(total["count"], k)]
            grid.append(row)
        widths = [max(len(r[i]) for r in grid) for i in range(len(head))]
        lines += ["  ".join(c.rjust(w) if i >= 1 + len(fields) else c.ljust(w) for i, (c, w) in
                            enumerate(zip(r, widths))).rstrip() for r in grid]
    lines += ["", _legend(k), "Results: " + "; ".join(f"{r} = {label}" for r, label in rules.results) + "."]
    return "\n".join(lines)


def _shown(count: int | None, k: int) -> str:
    return str(count) if count is not None else f"<{k}"


CSV_COLUMNS = ("table", "match_year", *FIELDS, "result", "count")


def as_csv(rules: OutcomeRules, release: Release) -> str:
    """The same tables in one long CSV, after a preamble saying what they are, their licence and date."""
    out = io.StringIO()
    k = release.min_cell
    for line in (f"# {rules.source}.", f"# Made on {release.as_of.isoformat()}. Licence: {rules.licence}.",
                 f"# Counts of people; an empty count is fewer than {k}, or hidden so that a count below {k} "
                 "cannot be worked out from the others. result 'all' is a row's total.",
                 f"# People counted: {release.consenting if release.consenting is not None else f'fewer than {k}'}."):
        out.write(line + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for table in release.tables:
        name = "+".join(table.by)
        for row in (*table.rows, *({**t, "result": "all"} for t in table.totals)):
            writer.writerow([name, row["match_year"], *(row.get(f, "") for f in FIELDS), row["result"],
                             "" if row["count"] is None else row["count"]])
    return out.getvalue()
