"""The applicant's own program list (CONTRACTS §7): its CSV form, validation, and what the bot checks.

Pure. A list is the programs an applicant is considering in any specialty, each with what they
checked themselves (visa sponsorship, signal, status, interview date, rank, linked PGY-1 programs).
``parse_csv`` reads a file or refuses it whole, naming every bad row and column; ``analyse`` counts
the list against the plan's targets and the season's signal allotments, estimates its ERAS and
NRMP fees, and returns warnings, each with why it matters and what to do.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from datetime import date
from typing import Any, Callable, Iterable, Mapping

import pycountry

from knowledge.advisor import Plan
from knowledge.loader import DATA_DIR, TRACKS, Specialty, shipped_specialties
from knowledge.season import Season

PGY1_TRACKS = ("preliminary", "transitional")
VISAS = ("j1", "h1b", "both", "none", "unknown")
SIGNALS = ("gold", "silver", "signal", "none")
STATUSES = ("researching", "applied", "invited", "interview_scheduled", "interviewed", "rejected", "withdrawn")
#: Statuses after the application went out (it was paid for), and after an invitation.
APPLIED = ("applied", "invited", "interview_scheduled", "interviewed", "rejected")
INVITED = ("invited", "interview_scheduled", "interviewed")
COLUMNS = ("program", "specialty", "acgme_id", "track", "state", "visa", "signal", "status", "interview_date",
           "rank", "linked_prelim", "notes")
MAX_ROWS = 1000
MAX_BYTES = 1_000_000
MAX_CELL = 500


@lru_cache(maxsize=1)
def us_states() -> dict[str, str]:
    """US state and territory codes, and their names (casefolded) -> code; loaded on first use, since
    pycountry's subdivision table is large and most turns never need it."""
    subdivisions = pycountry.subdivisions.get(country_code="US")  # type: ignore[no-untyped-call]
    return {**{s.code[3:]: s.code[3:] for s in subdivisions}, **{s.name.casefold(): s.code[3:] for s in subdivisions}}


def state_code(text: str) -> str | None:
    """ "NY", "ny" or "New York" -> "NY"; None for anything else."""
    t = text.strip()
    return us_states().get(t.upper()) if len(t) == 2 else us_states().get(t.casefold())
ACGME_SEARCH = "https://apps.acgme.org/ads/Public/Programs/Search"


@dataclass(frozen=True)
class Program:
    program: str
    specialty: str
    track: str = "categorical"
    acgme_id: str = ""
    state: str = ""
    visa: str = "unknown"
    signal: str = "none"
    status: str = "researching"
    interview_date: date | None = None
    rank: int | None = None
    linked_prelim: tuple[str, ...] = ()  # names or ACGME ids of PGY-1 programs not (yet) found on the list
    notes: str = ""
    key: str = ""  # the bot's own stable id for the entry (buttons, reminders); not in the CSV
    extra: tuple[tuple[str, str], ...] = ()  # columns the bot does not know, kept for the export
    links: tuple[str, ...] = ()  # keys of the PGY-1 programs on the list linked to this one, in order

    @property
    def is_pgy1(self) -> bool:
        return self.track in PGY1_TRACKS

    def matches(self, ref: str) -> bool:
        """Does a linked_prelim reference (a name or an ACGME id) name this program?"""
        ref = ref.strip().casefold()
        return bool(ref) and (ref == self.program.casefold() or (bool(self.acgme_id) and ref == self.acgme_id))

    def to_row(self, refs: Mapping[str, str] | None = None) -> dict[str, str]:
        """The program as a CSV row; ``refs`` names each linked program by key (its ACGME id or name)."""
        linked = [(refs or {}).get(k, k) for k in self.links] + list(self.linked_prelim)
        return {"program": self.program, "specialty": self.specialty, "acgme_id": self.acgme_id,
                "track": self.track, "state": self.state, "visa": self.visa, "signal": self.signal,
                "status": self.status, "interview_date": self.interview_date.isoformat() if self.interview_date else "",
                "rank": str(self.rank) if self.rank else "", "linked_prelim": join_refs(linked),
                "notes": self.notes, **dict(self.extra)}


def split_refs(cell: str) -> tuple[str, ...]:
    """A linked_prelim cell: programs separated by ";"; a name that holds ";" or a quote is written in
    double quotes, as a spreadsheet quotes a cell ("Mercy; Prelim Medicine";City Prelim)."""
    try:
        parts = next(csv.reader([cell], delimiter=";", skipinitialspace=True), [])
    except csv.Error:
        parts = cell.split(";")
    return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


def join_refs(refs: Iterable[str]) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="").writerow(list(refs))
    return out.getvalue()


@dataclass(frozen=True)
class CellError:
    row: int  # the file's line: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"


class ProgramListError(ValueError):
    """A file that cannot be imported; ``errors`` names every bad row and column (nothing is imported)."""

    def __init__(self, errors: list[CellError] | str):
        self.errors = [errors] if isinstance(errors, str) else errors
        super().__init__("; ".join(str(e) for e in self.errors[:20]))

    def lines(self, limit: int = 50) -> list[str]:
        out = [str(e) for e in self.errors[:limit]]
        if len(self.errors) > limit:
            out.append(f"... and {len(self.errors) - limit} more")
        return out


# --------------------------------------------------------------------------- reading and writing

def default_track(specialty: str) -> str:
    """A specialty's usual track: the first of its ``tracks`` in specialties.yaml (radiology's is advanced:
    most of its programs start at PGY-2)."""
    spec = shipped_specialties().get(specialty)
    return spec.tracks[0] if spec is not None else "categorical"


def check_cell(column: str, value: str, specialty: str = "") -> tuple[Any, str | None]:
    """One cell's value, read; or why it is not allowed. Empty optional cells take their default."""
    v = value.strip()
    if len(v) > MAX_CELL:
        return None, f"longer than {MAX_CELL} characters"
    return _CELLS[column](v, specialty)


def _choice(v: str, allowed: tuple[str, ...], default: str) -> tuple[Any, str | None]:
    if not v:
        return default, None
    low = v.lower()
    return (low, None) if low in allowed else (None, f"'{v}' is not one of: {', '.join(allowed)}")


def _date(v: str) -> tuple[Any, str | None]:
    if not v:
        return None, None
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", v):
        return None, f"'{v}' is not a date written YYYY-MM-DD"
    try:
        return date.fromisoformat(v), None
    except ValueError:  # written right, but no such day ("2027-02-30")
        return None, f"'{v}' is not a day in the calendar (check the day and the month)"


#: How each column's cell is read: (stripped text, the row's specialty) -> (value, or why it is not allowed).
_CELLS: dict[str, Callable[[str, str], tuple[Any, str | None]]] = {
    "program": lambda v, sid: (v, None) if v else (None, "missing (the program's name)"),
    "specialty": lambda v, sid: (v, None) if v in shipped_specialties()
    else (None, f"'{v}' is not one of: {', '.join(shipped_specialties())}"),
    "acgme_id": lambda v, sid: (v, None) if not v or re.fullmatch(r"[0-9]{10}", v)
    else (None, "must be the 10-digit ACGME id"),
    "track": lambda v, sid: _choice(v, TRACKS, default_track(sid)),
    "state": lambda v, sid: ("", None) if not v else (v.upper(), None) if len(v) == 2 and state_code(v)
    else (None, f"'{v}' is not a US state code"),
    "visa": lambda v, sid: _choice(v, VISAS, "unknown"),
    "signal": lambda v, sid: _choice(v, SIGNALS, "none"),
    "status": lambda v, sid: _choice(v, STATUSES, "researching"),
    "interview_date": lambda v, sid: _date(v),
    "rank": lambda v, sid: (None, None) if not v else (int(v), None)
    if re.fullmatch(r"[0-9]{1,3}", v) and 1 <= int(v) <= 300 else (None, "must be a whole number from 1 to 300"),
    "linked_prelim": lambda v, sid: (split_refs(v), None),
    "notes": lambda v, sid: (v, None),
}


def parse_csv(data: bytes | str) -> list[Program]:
    """Read a program list; raise ProgramListError naming every bad row and column (nothing half-read).

    Known columns are matched whatever their case; others are kept as they are spelt, for the export.
    Columns with no name (a spreadsheet's empty columns at the end) are ignored while they are empty.
    A linked_prelim name that matches a PGY-1 program in the file becomes a link to it (by key)."""
    if len(data) > MAX_BYTES:
        raise ProgramListError(f"the file is larger than {MAX_BYTES // 1_000_000} MB")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = exc.object[:exc.start].count(b"\n") + 1
            raise ProgramListError(f"row {line}: not UTF-8 text; save the spreadsheet as CSV UTF-8") from None
    data = data.lstrip("\ufeff")
    if csv.field_size_limit() <= MAX_BYTES:  # no cell can outgrow the file: too long a cell is named below
        csv.field_size_limit(MAX_BYTES + 1)
    reader = csv.reader(io.StringIO(data, newline=""))
    number = 1
    try:
        header = _header(next(reader, []))
        programs: list[Program] = []
        errors: list[CellError] = []
        for number, cells in enumerate(reader, 2):
            if number - 1 > MAX_ROWS:
                raise ProgramListError(f"more than {MAX_ROWS} programs")
            if len(cells) > len(header):
                errors.append(CellError(number, "(row)", "more cells than the header has columns"))
                continue
            if not any(c.strip() for c in cells):
                continue  # a blank line
            row: dict[str, str] = {}
            for i, (name, cell) in enumerate(zip(header, cells)):
                if name:
                    row[name] = _unquote(cell)
                elif cell.strip():
                    errors.append(CellError(number, f"column {i + 1}", "a value in a column with no name in the "
                                                                      "header row: name the column or empty it"))
            program, row_errors = _program(row, number, len(programs) + 1)
            errors.extend(row_errors)
            if program is not None:
                programs.append(program)
    except csv.Error as exc:  # the csv module's own words: no cell's content in them
        raise ProgramListError(f"row {number}: not readable as CSV ({exc})") from None
    if errors:
        raise ProgramListError(errors)
    return _linked_by_key(programs)


def _header(cells: list[str]) -> list[str]:
    """The header's column names: known ones in lower case, others as spelt; "" for an unnamed column."""
    names = [_unquote(c.strip()) for c in cells]
    header = [n.lower() if n.lower() in COLUMNS else n for n in names]
    missing = [c for c in ("program", "specialty") if c not in header]
    if missing:
        raise ProgramListError(f"row 1: the header needs the column(s) {', '.join(missing)}")
    named = [h.casefold() for h in header if h]
    if len(set(named)) != len(named):
        raise ProgramListError("row 1: a column name appears twice")
    too_long = next((i for i, h in enumerate(header) if len(h) > MAX_CELL), None)
    if too_long is not None:
        raise ProgramListError([CellError(1, f"column {too_long + 1}", f"longer than {MAX_CELL} characters")])
    return header


def _linked_by_key(programs: list[Program]) -> list[Program]:
    """Links named in the file (by name or ACGME id) to PGY-1 programs in the file become links by key, so a
    name that holds ";" or is renamed later stays linked; names the file does not have stay as written."""
    index = Links(programs)
    out = []
    for p in programs:
        found = [(ref, index.by_ref.get(ref.casefold(), [])) for ref in p.linked_prelim]
        if any(qs for _, qs in found):
            keys = tuple(dict.fromkeys(q.key for _, qs in found for q in qs))
            p = replace(p, links=keys, linked_prelim=tuple(ref for ref, qs in found if not qs))
        out.append(p)
    return out


def _program(row: dict[str, str], number: int, index: int) -> tuple[Program | None, list[CellError]]:
    values: dict[str, Any] = {}
    errors = []
    specialty = row.get("specialty", "").strip()
    for column in COLUMNS:
        value, problem = check_cell(column, row.get(column, ""), specialty)
        if problem:
            errors.append(CellError(number, column, problem))
        else:
            values[column] = value
    if errors:
        return None, errors
    extra = tuple((k, v) for k, v in row.items() if k not in COLUMNS)
    errors = [CellError(number, k, f"longer than {MAX_CELL} characters") for k, v in extra if len(v) > MAX_CELL]
    if errors:
        return None, errors
    return Program(**values, key=f"p{index}", extra=extra), []


#: Cells that a spreadsheet would run as a formula get a leading apostrophe on export (CSV injection).
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def to_csv(programs: Iterable[Program]) -> str:
    """The list as CSV, the same columns it was imported with (unknown ones kept as spelt), formulas
    defused in every cell and column name; links written as the linked programs' ACGME ids or names."""
    programs = list(programs)
    extra = list(dict.fromkeys(k for p in programs for k, _ in p.extra))
    refs = {p.key: p.acgme_id or p.program for p in programs}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = [*COLUMNS, *extra]
    writer.writerow([_safe(c) for c in columns])
    for p in programs:
        row = p.to_row(refs)
        writer.writerow([_safe(row.get(c, "")) for c in columns])
    return out.getvalue()


def _safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA) else value


def _unquote(value: str) -> str:
    """Undo ``_safe`` on import, so a list survives export and import unchanged."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA) else value


# --------------------------------------------------------------------------- checking a list

@dataclass(frozen=True)
class Warning_:
    code: str
    program: str | None
    text: str  # why it matters and what to do


@dataclass(frozen=True)
class SignalUse:
    used: dict[str, int]
    allotment: dict[str, int]

    def over(self) -> bool:
        if "total" in self.allotment:
            return sum(self.used.values()) > self.allotment["total"]
        return any(self.used.get(k, 0) > n for k, n in self.allotment.items()) or \
            sum(self.used.values()) > sum(self.allotment.values())


@dataclass(frozen=True)
class Report:
    programs: int
    counts: dict[str, dict[str, int]]
    targets: dict[str, tuple[int, int]]
    signals: dict[str, SignalUse]
    eras_usd: int
    nrmp_usd: int
    eras_by_group: dict[str, int]
    primary: tuple[Program, ...]  # the rank list, in order
    supplemental: dict[str, tuple[Program, ...]]  # advanced program key -> its linked PGY-1 programs
    warnings: tuple[Warning_, ...]
    fees_as_of: str = ""

    def to_json(self) -> dict[str, Any]:
        """The CONTRACTS §7 object."""
        return {
            "programs": self.programs,
            "counts": self.counts,
            "targets": {k: list(v) for k, v in self.targets.items()},
            "signals": {k: {"used": s.used, "allotment": s.allotment} for k, s in self.signals.items()},
            "costs": {"eras_usd": self.eras_usd, "nrmp_usd": self.nrmp_usd, "eras_by_specialty": self.eras_by_group,
                      "as_of": self.fees_as_of},
            "rank_list": {"primary": [p.program for p in self.primary],
                          "supplemental": {next(p.program for p in self.primary if p.key == k): [q.program for q in v]
                                           for k, v in self.supplemental.items()}},
            "warnings": [{"code": w.code, "program": w.program, "text": w.text} for w in self.warnings],
        }


@dataclass(frozen=True)
class Applicant:
    """What the checks need from the user's answers (all optional: a list can be checked without them)."""

    visa: str | None = None  # no_visa_needed | j1_ok | h1b_only (None: not known)
    step3_passed: bool = False
    suspended: str | None = None  # "j" or "all" when visas are suspended for the user's nationality
    targets: dict[str, tuple[int, int]] = field(default_factory=dict)

    def routes(self) -> frozenset[str]:
        """The visas the user could start training on: J-1 unless suspended or refused; H-1B when Step 3
        is passed, or when it is their only route (then the list as a whole hinges on Step 3)."""
        if self.visa in (None, "no_visa_needed") or self.suspended == "all":
            return frozenset()
        j = self.visa == "j1_ok" and self.suspended != "j"
        h = self.step3_passed or not j
        return frozenset(v for v, ok in (("j1", j), ("h1b", h)) if ok)


def list_names(specialties: Mapping[str, Specialty]) -> dict[str, str]:
    """Each specialty's name in program-list text: the PGY-1 year says it is one (a component of the radiology
    path, never a backup beside the others)."""
    return {sid: s.name + (" (PGY-1 only)" if s.role == "pgy1" else "") for sid, s in specialties.items()}


def applicant_for(plan: Plan | None, season: Season, today: date) -> Applicant:
    """The checks' view of a user with a plan (their visa route and the plan's application targets)."""
    if plan is None:
        return Applicant()
    a = plan.answers
    suspended = season.visa.suspended(a.citizenship) if today >= season.visa.suspension_from else None
    return Applicant(a.visa, a.step3 == "passed", suspended,
                     {sid: lo_hi for sid, lo_hi in plan.applications.items() if lo_hi[1] > 0})


def analyse(programs: list[Program], season: Season, applicant: Applicant | None = None,
            names: dict[str, str] | None = None) -> Report:
    """Check a list; ``names`` gives the specialties' display names for the warnings (ids otherwise)."""
    applicant = applicant or Applicant()
    names = names or {}
    counts = _counts(programs)
    signals = _signals(programs, season)
    links = Links(programs)
    primary = tuple(sorted((p for p in programs if p.rank), key=lambda p: p.rank or 0))
    supplemental = {p.key: links.of(p) for p in primary if p.track == "advanced"}
    eras_by_group = _eras(programs, season)
    sup_count = len({q.key for qs in supplemental.values() for q in qs})
    warnings = [*_person_warnings(programs, applicant),
                *_program_warnings(programs, applicant, links),
                *_list_warnings(programs, signals, applicant, primary, supplemental, counts, season, names)]
    return Report(len(programs), counts, dict(applicant.targets), signals, sum(eras_by_group.values()),
                  season.ranks.for_ranks(len(primary), sup_count), eras_by_group, primary, supplemental,
                  tuple(dict.fromkeys(warnings)), season.eras.fact.season or str(season.eras.fact.year))


def _counts(programs: list[Program]) -> dict[str, dict[str, int]]:
    """Per specialty: programs listed, applications sent, invitations received, interviews done, withdrawn."""
    counts: dict[str, dict[str, int]] = {}
    for p in programs:
        c = counts.setdefault(p.specialty, {"total": 0, "applied": 0, "invited": 0, "interviewed": 0, "withdrawn": 0})
        c["total"] += 1
        c["applied"] += p.status in APPLIED
        c["invited"] += p.status in INVITED
        c["interviewed"] += p.status == "interviewed"
        c["withdrawn"] += p.status == "withdrawn"
    return counts


#: Words that name a track rather than the hospital ("Mercy Prelim Medicine" is Mercy).
TRACK_WORDS = frozenset("preliminary prelim categorical program programs residency of the".split())


def _name_words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9 ]", " ", text.casefold()).split()


def not_the_hospital() -> frozenset[str]:
    """Words of a program's name that are not its hospital: tracks, and each specialty's name and
    abbreviations in specialties.yaml ("internal", "medicine", "im")."""
    specs = shipped_specialties().values()
    return TRACK_WORDS.union(*(_name_words(" ".join((s.name, *s.abbreviations))) for s in specs))


def _institution(p: Program, skip: frozenset[str]) -> str:
    """One signal covers every track of a specialty at one institution: prelim and categorical IM alike."""
    return " ".join(w for w in _name_words(p.program) if w not in skip)


def _signals(programs: list[Program], season: Season) -> dict[str, SignalUse]:
    out = {}
    skip = not_the_hospital()
    for sid, allotment in season.signals.by_specialty.items():
        seen: dict[tuple[str, str], str] = {}
        for p in programs:
            if p.specialty == sid and p.signal != "none" and p.status != "withdrawn":
                seen.setdefault((_institution(p, skip), p.signal), p.signal)
        used: dict[str, int] = {}
        for kind in seen.values():
            used[kind] = used.get(kind, 0) + 1
        if used:
            out[sid] = SignalUse(used, allotment.to_json())
    return out


class Links:
    """The PGY-1 programs each advanced program is linked to: by key (``links``), then by the names or
    ACGME ids it still holds in linked_prelim (as ``Program.matches`` reads a reference), indexed once."""

    def __init__(self, programs: list[Program]):
        self.by_ref: dict[str, list[Program]] = {}
        self.by_key: dict[str, Program] = {}
        for q in programs:
            if q.is_pgy1:
                self.by_key[q.key] = q
                for ref in {q.program.casefold(), q.acgme_id} - {""}:
                    self.by_ref.setdefault(ref, []).append(q)

    def of(self, advanced: Program) -> tuple[Program, ...]:
        by_key = (self.by_key[k] for k in advanced.links if k in self.by_key)
        by_ref = (q for ref in advanced.linked_prelim for q in self.by_ref.get(ref.strip().casefold(), ()))
        found = [*by_key, *by_ref]
        return tuple({q.key or id(q): q for q in found}.values())


def _eras(programs: list[Program], season: Season) -> dict[str, int]:
    """ERAS fees per specialty; a specialty's PGY-1 (preliminary) track counts apart, as its own list."""
    groups: dict[str, int] = {}
    for p in programs:
        if p.status == "withdrawn":
            continue
        group = f"{p.specialty} (preliminary)" if p.track == "preliminary" else p.specialty
        groups[group] = groups.get(group, 0) + 1
    return {g: season.eras.for_programs(n) for g, n in groups.items()}


VISA_NAMES = {"j1": "the J-1", "h1b": "the H-1B", "both": "the J-1 and the H-1B", "none": "no visa"}


def _visa_problem(p: Program, a: Applicant, routes: frozenset[str]) -> str | None:
    """Why this program cannot start the user on a visa they can use (``routes``: ``a.routes()``); None when
    it can, or when that is not known."""
    if not routes or p.visa == "unknown":
        return None
    offered = {"j1": {"j1"}, "h1b": {"h1b"}, "both": {"j1", "h1b"}, "none": set()}[p.visa]
    if offered & routes:
        return None
    if p.visa == "none":
        return ("You marked this program as sponsoring no visa, and you need one to train: it cannot start you. "
                "Take it off, or confirm with the program that this has changed.")
    if p.visa == "j1" and a.suspended == "j":
        return ("This program sponsors only the J-1, and J visas are suspended for your nationality (check the "
                "current rule): it cannot start you unless that changes.")
    if p.visa == "j1":
        return "This program sponsors only the J-1, and you can train only on an H-1B: it cannot start you."
    return ("This program sponsors only the H-1B, which needs USMLE Step 3 passed before the petition: pass "
            "Step 3 in time, or take this program off.")


def _person_warnings(programs: list[Program], a: Applicant) -> list[Warning_]:
    """Visa problems that concern the whole list, said once rather than once per program."""
    active = [p for p in programs if p.status not in ("withdrawn", "rejected")]
    if not active or a.visa in (None, "no_visa_needed"):
        return []
    if a.suspended == "all":
        return [Warning_("visa_blocked", None, "Visas are currently suspended for your nationality, so no program "
                         "on this list can start you on a visa unless that changes or you qualify for an "
                         "exception; check the current rule before you pay for applications.")]
    if "j1" not in a.routes() and not a.step3_passed:
        return [Warning_("h1b_needs_step3", None, "Your only route is the H-1B, which needs USMLE Step 3 passed "
                         "before the petition: every program on this list depends on it. Book Step 3 now.")]
    return []


def _program_warnings(programs: list[Program], a: Applicant, links: Links) -> list[Warning_]:
    out = []
    routes = a.routes()
    for p in programs:
        if p.status in ("withdrawn", "rejected"):
            continue
        problem = _visa_problem(p, a, routes)
        if problem:
            out.append(Warning_("visa_mismatch", p.program, problem))
            if p.signal != "none":
                out.append(Warning_("signal_on_visa_mismatch", p.program,
                                    "A signal on a program that cannot take your visa is a signal lost: move it to a "
                                    "program that can, before you submit."))
        elif routes and p.visa == "unknown" and p.status != "researching":
            out.append(Warning_("visa_unchecked", p.program, "You have not noted which visa this program sponsors; "
                                "check its website or ask the coordinator (programs must tell interviewees before "
                                "the rank-list deadline)."))
        if p.rank and p.track == "advanced" and not links.of(p):
            out.append(Warning_("advanced_without_prelim", p.program,
                                "An advanced program on your rank list has no PGY-1 programs linked: matching it "
                                "still binds you, and you would have to find the intern year alone. Link "
                                "preliminary or transitional programs you interviewed at (Rank list, PGY-1 links)."))
        if p.rank and p.status != "interviewed":
            out.append(Warning_("rank_without_interview", p.program, "Programs rank only applicants they "
                                "interviewed: this rank does nothing unless you interview there."))
    return out


def _list_warnings(programs: list[Program], signals: dict[str, SignalUse], a: Applicant, primary: tuple[Program, ...],
                   supplemental: dict[str, tuple[Program, ...]], counts: dict[str, dict[str, int]],
                   season: Season, names: dict[str, str]) -> list[Warning_]:
    out = []
    for sid, use in signals.items():
        if use.over():
            out.append(Warning_("signal_over_allotment", None,
                                f"{names.get(sid, sid)}: {_words(use.used)} marked, but the allotment is {_words(use.allotment)} "
                                f"({season.signals.season} figures; check this season's). ERAS will not take more: "
                                "keep the signals for the programs you most want and that take your visa."))
    seen: dict[str, str] = {}
    for p in programs:
        ident = p.acgme_id + p.track if p.acgme_id else f"{p.program.casefold()}|{p.specialty}|{p.track}"
        if ident in seen:
            out.append(Warning_("duplicate_program", p.program, f"Listed twice (also as '{seen[ident]}'); "
                                "remove one so counts, signals and costs are right."))
        seen.setdefault(ident, p.program)
    ranks: dict[int, str] = {}
    for p in primary:
        if p.rank in ranks:
            out.append(Warning_("rank_conflict", p.program, f"Has the same rank ({p.rank}) as '{ranks[p.rank]}': "
                                "every program needs its own place on the list. Move one (Rank list)."))
        ranks.setdefault(p.rank or 0, p.program)
    for sid, (lo, _hi) in a.targets.items():
        have = counts.get(sid, {}).get("total", 0) - counts.get(sid, {}).get("withdrawn", 0)
        if have < lo:
            out.append(Warning_("below_target", None, f"{names.get(sid, sid)}: {have} program{'s' * (have != 1)} on your list, below your plan's "
                                f"{lo}. Add programs that take IMGs and your visa, or see in /plan why it asks "
                                "for that many."))
    r = season.ranks
    linked = len({q.key for qs in supplemental.values() for q in qs})
    extra = max(0, len(primary) - r.included_primary) + max(0, linked - r.included_supplemental)
    if extra:
        out.append(Warning_("rank_fees", None, f"{len(primary)} programs on your primary list and {linked} on "
                            f"supplemental lists: the {extra} beyond what registration includes cost "
                            f"${r.extra_usd} each (${extra * r.extra_usd}; {r.fact.year} fee, check the current one)."))
    if len(primary) > r.max_ranks:
        out.append(Warning_("too_many_ranks", None, f"NRMP takes at most {r.max_ranks} programs on one rank list."))
    return out


def _words(counts: dict[str, int]) -> str:
    return " + ".join(f"{n} {k}" for k, n in counts.items())


#: The order warnings are shown in: what stops a program from starting you first.
SEVERITY = ("visa_blocked", "h1b_needs_step3", "visa_mismatch", "signal_over_allotment", "signal_on_visa_mismatch",
            "advanced_without_prelim", "rank_conflict", "too_many_ranks", "duplicate_program", "below_target",
            "rank_without_interview", "visa_unchecked", "rank_fees")


def ordered(warnings: Iterable[Warning_]) -> list[Warning_]:
    """Warnings in the order to show them: what stops a program from starting you first."""
    return sorted(warnings, key=lambda w: SEVERITY.index(w.code) if w.code in SEVERITY else len(SEVERITY))


# --------------------------------------------------------------------------- the stored form

def program_json(p: Program) -> dict[str, Any]:
    """An entry as the session stores it: the CSV columns (empty ones left out), its key, extra columns."""
    row: dict[str, Any] = {k: v for k, v in p.to_row().items() if v and k in COLUMNS and k != "linked_prelim"}
    row["key"] = p.key
    if p.linked_prelim:
        row["linked_prelim"] = list(p.linked_prelim)
    if p.links:
        row["links"] = list(p.links)
    if p.extra:
        row["extra"] = [list(kv) for kv in p.extra]
    return row


def _refs(stored: Any) -> tuple[str, ...]:
    """Stored references: a list (or, as stored before, one string split on ";")."""
    if isinstance(stored, list):
        return tuple(dict.fromkeys(str(x).strip() for x in stored if str(x).strip()))
    return tuple(dict.fromkeys(x.strip() for x in str(stored or "").split(";") if x.strip()))


_CHOICES = {"track": frozenset(TRACKS), "visa": frozenset(VISAS), "signal": frozenset(SIGNALS),
            "status": frozenset(STATUSES)}


def program_from_json(d: dict[str, Any]) -> Program:
    """Read a stored entry. It was valid when stored, so the common case is a few set lookups (a list of
    300 is read on every turn); an entry that is no longer valid is read cell by cell, bad cells
    taking their default."""
    try:
        if d["specialty"] not in shipped_specialties() or not all(d.get(k) in allowed for k, allowed in _CHOICES.items()):
            raise ValueError
        day = d.get("interview_date")
        rank = int(d["rank"]) if d.get("rank") else None
        if rank is not None and not 1 <= rank <= 300:
            raise ValueError
        return Program(str(d["program"]), d["specialty"], d.get("track", "categorical"), str(d.get("acgme_id", "")),
                       str(d.get("state", "")), d.get("visa", "unknown"), d.get("signal", "none"),
                       d.get("status", "researching"), date.fromisoformat(day) if day else None, rank,
                       _refs(d.get("linked_prelim")), str(d.get("notes", "")), str(d.get("key", "")),
                       tuple((str(k), str(v)) for k, v in d.get("extra") or ()), _refs(d.get("links")))
    except (KeyError, TypeError, ValueError):
        return _program_from_cells(d)


def _program_from_cells(d: dict[str, Any]) -> Program:
    known = shipped_specialties()
    specialty = str(d.get("specialty", ""))
    if specialty not in known:  # a specialty no longer in the knowledge base: the first backup's list
        specialty = next(s.id for s in known.values() if s.role == "backup")
    values: dict[str, Any] = {"program": str(d.get("program") or "(unnamed)"), "specialty": specialty}
    for column in COLUMNS[2:]:
        if column == "linked_prelim":
            values[column] = _refs(d.get(column))
            continue
        value, problem = check_cell(column, str(d.get(column, "")), specialty)
        if not problem:
            values[column] = value
    return Program(**values, key=str(d.get("key", "")),
                   extra=tuple((str(k), str(v)) for k, v in d.get("extra") or ()), links=_refs(d.get("links")))


@lru_cache(maxsize=1)
def example_programs() -> tuple[Program, ...]:
    """The example list sent with the import help (data/programs-example.csv: every allowed value in use)."""
    return tuple(parse_csv((DATA_DIR / "programs-example.csv").read_bytes()))


def with_keys(programs: list[Program], first: int) -> list[Program]:
    """Number the entries' keys from ``first`` (p12, p13...): stable ids for buttons and reminders; links
    between them follow."""
    new = {p.key: f"p{first + i}" for i, p in enumerate(programs) if p.key}
    return [replace(p, key=f"p{first + i}", links=tuple(new.get(k, k) for k in p.links))
            for i, p in enumerate(programs)]
