"""Load and validate the knowledge base (YAML files under ``knowledge/data``).

Every problem is reported as ``KnowledgeError`` naming the file and the field,
e.g. ``specialties.yaml: specialties[2].visa: missing``. Loading is the only I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from pathlib import Path
from typing import Any, Mapping

import yaml

from knowledge.answers import BOOLEANS, CHOICES, KEYS, OPTIONAL_KEYS, country_name

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is much faster


class _Loader(_Base):  # type: ignore[misc]
    """Safe YAML where only true/false are booleans: "yes", "no", "on" stay words (YAML 1.2)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _Loader.yaml_implicit_resolvers.setdefault(_first, []).append(
        ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")))

DATA_DIR = Path(__file__).parent / "data"
#: The tracks a residency position can be (a specialty's ``tracks`` in specialties.yaml name some of them).
TRACKS = ("categorical", "advanced", "preliminary", "transitional")
SPECIALTY_ID = re.compile(r"[a-z][a-z0-9_]*")
QUESTION_KINDS = ("score", "count", "year", "match_year", "choice", "boolean", "country")
FACT_STATUSES = ("verified", "reported", "check_current_rule", "estimate")
#: What a specialty is to the plan (specialties.yaml ``role``): the goal, a ranked backup, or the PGY-1 year.
ROLES = ("goal", "backup", "pgy1")
MONTH = re.compile(r"20[0-9]{2}-(0[1-9]|1[0-2])")
FACT_REF = re.compile(r"\{fact:([a-z0-9_-]+)\}")


class KnowledgeError(ValueError):
    """A knowledge-base file is invalid; the message names the file and the field."""

    def __init__(self, file: str, where: str, message: str):
        super().__init__(f"{file}: {where}: {message}")
        self.file, self.where, self.message = file, where, message


# --------------------------------------------------------------------------- model

@dataclass(frozen=True)
class Option:
    value: Any
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unsure:
    """Words that suggest an option but need a yes from the user: ``question`` asks, ``between`` are the options;
    ``alone``: asked only when no option is named besides them (a bare "no" at Step 3; "no, planning it" is
    planned); ``contrast``: asked also when an option is named across a contrast from them ("OET all B+, but
    speaking I'm not so confident": a result and a doubt about it); ``holds``: asked even when an option it is
    between is named plainly ("step 3 done, waiting for the result": taken, but not passed until it is out)."""

    words: tuple[str, ...]
    question: str
    between: tuple[Any, ...]
    alone: bool = False
    contrast: bool = False
    holds: bool = False


@dataclass(frozen=True)
class Named:
    """Words that say what a number or a level beside them is about, and how to name it to the user:
    ``{words: [step 1], name: Step 1}``; ``unless``: words in the same part that cancel it."""

    words: tuple[str, ...]
    name: str
    unless: tuple[str, ...] = ()


#: Word lists the reader fills in itself (``$countries``: every country but the US, by name and people).
SPECIAL_WORDS = ("$countries", "$us_places")


@dataclass(frozen=True)
class SameAs:
    """``same_as``: a reply "same as above" means the answer to an earlier ``question`` when it is one of
    ``values`` (its value -> this question's value); any other earlier answer is asked about."""

    question: str
    name: str  # the earlier question, as said back ("US clinical experience")
    values: tuple[tuple[Any, Any], ...]


@dataclass(frozen=True)
class WordReading:
    """How to read an answer written as a sentence (``reading:`` in questions.yaml).

    ``keywords``: option value -> words or phrases that mean it anywhere in the sentence;
    ``topic``: words that name the subject without choosing an option ("research", "visa");
    ``negated``: what a negated keyword or topic means ("no research yet" -> none), one value for all,
    or per option value; ``ask``: the options to offer when only the topic is named;
    ``combine``: when several options are named, the one latest in this order wins (else the user is
    asked); ``unsure``: words that fit an option but need confirming;
    ``opinion``: the answer is an opinion, so "I guess", "I think" do not make it unsure;
    ``future``: what a keyword under a plan means ("will take it" -> planned), for any keyword or per
    option; a planned keyword it does not cover does not count ("an observership is planned"); ``not_counted``: words that make a keyword in the same part not count
    (another field, another country), each with the ``name`` said to the user;
    ``this`` / ``other``: for a number question, words that say a number is this answer, or something
    else (named); ``maybe``: words that may say a number is this answer or something else ("batch
    2014": in many schools the year a class started), so it is asked about unless a ``this`` word stands
    beside it; ``exams``: for the failed-attempts count, the exams a count can be about; ``mixed``: option
    values that, named in the same part of a sentence, describe one thing in two ways ("an ultrasound-guided
    nerve block paper (anesthesia)") and are asked about instead of combined, unless the first one's keyword is
    followed by one of its ``leads`` words ("CT findings in COVID-19": imaging work on a disease); ``underway``: words that say a
    piece of work is under way ("under review", "submitted"): neither done nor nothing, so when nothing above
    the lowest level is said besides it, the user is asked, naming it; ``any_of``: a yes/no question about any
    of its topic's things ("stroke, epilepsy or MS?"): a yes said of one of them, in its own clause, is a yes."""

    keywords: tuple[tuple[Any, tuple[str, ...]], ...] = ()
    topic: tuple[str, ...] = ()
    negated: tuple[tuple[Any, Any], ...] = ()  # (option value or TOPIC, value it means when negated)
    ask: tuple[Any, ...] = ()
    combine: tuple[Any, ...] = ()
    unsure: tuple[Unsure, ...] = ()
    opinion: bool = False
    future: tuple[tuple[Any, Any], ...] = ()  # (option value or ANY, the value it means under a plan)
    not_counted: tuple[Named, ...] = ()
    this: tuple[str, ...] = ()
    other: tuple[Named, ...] = ()
    exams: tuple[Named, ...] = ()
    maybe: tuple[Named, ...] = ()
    mixed: tuple[Any, ...] = ()
    underway: tuple[str, ...] = ()
    any_of: bool = False
    same_as: "SameAs | None" = None
    leads: tuple[tuple[Any, tuple[str, ...]], ...] = ()  # option value -> words after its keyword that lead


TOPIC = "(topic)"
ANY = "(any)"  # in ``negated``: what any negated keyword means (the one-value form ``negated: none``)


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    title: str
    prompt: str
    why: str
    options: tuple[Option, ...] = ()
    reading: WordReading = WordReading()

    def label_for(self, value: Any) -> str:
        for option in self.options:
            if option.value == value:
                return option.label
        if value is None:
            return "—"
        return str(value)


@dataclass(frozen=True)
class Fact:
    id: str
    text: str
    year: int
    source: str
    url: str
    status: str
    checked: str
    season: str | None = None
    value: Any = None  # the figures the advisor computes with (see knowledge/season.py)
    sources_until: str | None = None  # the newest month our sources cover (facts.yaml `sources_until`)

    def as_of(self, today: date | None = None) -> str:
        """The month this fact was last confirmed in, as a reader on ``today`` may be told it ("Jul 2026"):
        when we checked, but never after what our sources cover, nor after the day the plan is read."""
        month = min(m for m in (self.checked, self.sources_until, today and f"{today:%Y-%m}") if m)
        year, number = month.split("-")
        return f"{_MONTHS[int(number) - 1]} {year}"

    def note(self, today: date | None = None) -> str:
        """Where the fact comes from and how sure it is: "AAMC, 2025; check the current rule, last confirmed
        Jul 2026"."""
        if self.status == "reported":
            return f"reported by {self.source}, {self.year}; confirm on the official page"
        note = f"{self.source}, {self.season or self.year}"
        if self.status == "check_current_rule":
            note += f"; check the current rule, last confirmed {self.as_of(today)}"
        elif self.status == "estimate":  # not in our checked sources for the season: said so, and where to check
            note += f"; an estimate, not confirmed for the current season: check {self.site}"
        return note

    @property
    def site(self) -> str:
        """The site to check the fact on ("usmle.org")."""
        host = self.url.split("//", 1)[-1].split("/", 1)[0]
        return host.removeprefix("www.")

    def cite(self, today: date | None = None) -> str:
        return f"{self.text} ({self.note(today)})"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Specialty:
    id: str
    name: str
    categorical: bool
    role: str  # goal | backup | pgy1 (ROLES)
    summary: str
    pros: tuple[str, ...]
    cons: tuple[str, ...]
    fits: str
    visa: str
    long_term: str
    adjacent_paths: tuple[str, ...]
    letters: str
    tracks: tuple[str, ...] = ("categorical",)  # the tracks its programs come in, the usual one first
    label: str = ""  # its button label ("🩻 Radiology"); the name when not set
    abbreviations: tuple[str, ...] = ()  # how program names shorten it ("IM")
    j1_note: str = ""  # said after the first con only where the J-1 is the user's route

    @property
    def button(self) -> str:
        return self.label or self.name


@dataclass(frozen=True)
class Conditional:
    """A text shown only to users whose answers match ``when`` (answer key -> allowed values)."""

    text: str
    when: dict[str, tuple[Any, ...]]

    def fits(self, answers: Mapping[str, object]) -> bool:
        return all(answers.get(k) in values for k, values in self.when.items())


# --------------------------------------------------------------------------- validation helpers

class _Ctx:
    def __init__(self, file: str):
        self.file = file

    def fail(self, where: str, message: str) -> KnowledgeError:
        return KnowledgeError(self.file, where, message)

    def get(self, obj: Any, key: str, where: str, kind: type | tuple[type, ...] = str,
            required: bool = True, default: Any = None) -> Any:
        if not isinstance(obj, dict):
            raise self.fail(where, "must be a mapping of field: value")
        if key not in obj or obj[key] is None:
            if required:
                raise self.fail(f"{where}.{key}" if where else key, "missing")
            return default
        value = obj[key]
        if kind is str and isinstance(value, str) and not value.strip():
            raise self.fail(f"{where}.{key}" if where else key, "is empty")
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self.fail(f"{where}.{key}" if where else key,
                            f"must be {'text' if kind is str else name}, got {type(value).__name__}")
        return value

    def choice(self, obj: Any, key: str, where: str, choices: tuple[str, ...] | list[str]) -> str:
        """A text field that must be one of ``choices``."""
        value = self.get(obj, key, where)
        if value not in choices:
            raise self.fail(f"{where}.{key}", f"'{value}' is not one of: {', '.join(choices)}")
        return str(value)

    def strings(self, obj: Any, key: str, where: str, required: bool = True) -> tuple[str, ...]:
        items = self.get(obj, key, where, list, required, [])
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{where}.{key}[{i}]", "must be non-empty text")
        return tuple(items)


def read_when(ctx: _Ctx, raw: Any, where: str) -> dict[str, tuple[Any, ...]]:
    """The optional ``when:`` of an item: answer keys (CONTRACTS §1) -> allowed values."""
    when = raw.get("when") if isinstance(raw, dict) else None
    if when is None:
        return {}
    if not isinstance(when, dict):
        raise ctx.fail(f"{where}.when", "must be a mapping of answer key: value")
    for key in when:
        if key not in KEYS:
            raise ctx.fail(f"{where}.when.{key}", "not an answer key (see CONTRACTS §1)")
    return {k: tuple(v) if isinstance(v, list) else (v,) for k, v in when.items()}


DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def read_yaml(path: Path, root_key: str | None = None) -> Any:
    name = f"faq/{path.name}" if path.parent.name == "faq" else path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KnowledgeError(name, "(file)", "not found") from None
    except OSError as exc:
        raise KnowledgeError(name, "(file)", f"cannot be read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise KnowledgeError(name, f"line {line}", "not UTF-8 text (a character from another encoding, such as "
                                                    "Windows-1252): save the file as UTF-8") from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise KnowledgeError(name, where, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    except ValueError as exc:  # YAML read a date that does not exist, such as 2026-11-31
        raise KnowledgeError(name, _bad_date_line(text), f"not a real date ({exc})") from None
    if root_key is not None:
        if not isinstance(data, dict) or root_key not in data:
            raise KnowledgeError(name, root_key, "missing (the file's top-level key)")
        data = data[root_key]
    return data


def _bad_date_line(text: str) -> str:
    for number, line in enumerate(text.splitlines(), 1):
        for m in DATE.finditer(line):
            try:
                date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return f"line {number}"
    return "(file)"


def unique_ids(ctx: _Ctx, items: list[Any], where: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        ident = ctx.get(item, "id", f"{where}[{i}]")
        if ident in seen:
            raise ctx.fail(f"{where}[{i}].id", f"duplicate id '{ident}'")
        seen.add(ident)


# --------------------------------------------------------------------------- sections

YES_NO = (Option(True, "Yes", ("yes", "y", "yeah", "yep", "true", "sure")),
          Option(False, "No", ("no", "n", "nope", "false", "not really")))


def _options(ctx: _Ctx, raw: Any, where: str) -> list[Option]:
    options = []
    for j, opt in enumerate(ctx.get(raw, "options", where, list, required=False, default=[])):
        ow = f"{where}.options[{j}]"
        if not isinstance(opt, dict) or "value" not in opt:
            raise ctx.fail(f"{ow}.value", "missing")
        options.append(Option(opt["value"], ctx.get(opt, "label", ow, str),
                              tuple(str(a).lower() for a in opt.get("aliases") or ())))
    return options


def _check_options(ctx: _Ctx, qid: str, kind: str, options: list[Option], where: str) -> tuple[Option, ...]:
    """Each kind's rules for its options; yes/no questions always get the same two."""
    if kind == "choice" and sorted(o.value for o in options) != sorted(CHOICES[qid]):
        raise ctx.fail(f"{where}.options", f"values must be exactly {', '.join(CHOICES[qid])}")
    if kind == "country":
        for j, option in enumerate(options):
            if option.value is not None and country_name(option.value) is None:
                raise ctx.fail(f"{where}.options[{j}].value", f"'{option.value}' is not an ISO 3166 code")
    if kind == "boolean":
        if qid not in BOOLEANS:
            raise ctx.fail(f"{where}.kind", f"'{qid}' is not a yes/no answer")
        return YES_NO
    return tuple(options)


def _word_reading(ctx: _Ctx, raw: Any, where: str, options: tuple[Option, ...]) -> WordReading:
    if raw is None:
        return WordReading()
    if not isinstance(raw, dict):
        raise ctx.fail(where, "must be a mapping (" + ", ".join(READING_FIELDS) + ")")
    values = [o.value for o in options]

    def value(v: Any, at: str) -> Any:
        if v not in values or any(v is not x and v == x and type(v) is not type(x) for x in values):
            raise ctx.fail(at, f"'{v}' is not one of this question's option values ({', '.join(map(str, values))})")
        return v

    def words(v: Any, at: str) -> tuple[str, ...]:
        if not isinstance(v, list) or not v or not all(isinstance(w, (str, int)) and str(w).strip() for w in v):
            raise ctx.fail(at, "must be a list of words or phrases")
        for j, w in enumerate(v):
            if str(w).startswith("$") and w not in SPECIAL_WORDS:
                raise ctx.fail(f"{at}[{j}]", f"'{w}' is not one of {', '.join(SPECIAL_WORDS)}")
        return tuple(str(w).lower() for w in v)

    def named(v: Any, at: str) -> tuple[Named, ...]:
        if not isinstance(v, list) or not v:
            raise ctx.fail(at, "must be a list of {words: [...], name: ...}")
        out = []
        for j, item in enumerate(v):
            if not isinstance(item, dict):
                raise ctx.fail(f"{at}[{j}]", "must be a mapping with words and name")
            unknown_keys = set(item) - {"words", "name", "unless"}
            if unknown_keys:
                raise ctx.fail(f"{at}[{j}].{sorted(unknown_keys)[0]}", "unknown field")
            out.append(Named(words(item.get("words"), f"{at}[{j}].words"), ctx.get(item, "name", f"{at}[{j}]"),
                             words(item["unless"], f"{at}[{j}].unless") if "unless" in item else ()))
        return tuple(out)

    unknown = set(raw) - set(READING_FIELDS)
    if unknown:
        raise ctx.fail(f"{where}.{sorted(unknown)[0]}", "unknown field")
    keywords = tuple((value(k, f"{where}.keywords.{k}"), words(w, f"{where}.keywords.{k}"))
                     for k, w in (raw.get("keywords") or {}).items())
    negated_raw = raw.get("negated", ...)
    if negated_raw is ...:
        negated: tuple[tuple[Any, Any], ...] = ()
    elif isinstance(negated_raw, dict):
        negated = tuple((k if k == TOPIC else value(k, f"{where}.negated.{k}"), value(v, f"{where}.negated.{k}"))
                        for k, v in negated_raw.items())
    else:
        negated = ((TOPIC, value(negated_raw, f"{where}.negated")), (ANY, value(negated_raw, f"{where}.negated")))
    unsure = []
    for j, item in enumerate(raw.get("unsure") or []):
        at = f"{where}.unsure[{j}]"
        alone, contrast, holds = item.get("alone", False), item.get("contrast", False), item.get("holds", False)
        for key, flag in (("alone", alone), ("contrast", contrast), ("holds", holds)):
            if not isinstance(flag, bool):
                raise ctx.fail(f"{at}.{key}", "must be true or false")
        unsure.append(Unsure(words(item.get("words"), f"{at}.words"), ctx.get(item, "question", at),
                             tuple(value(v, f"{at}.between") for v in item.get("between") or []), alone, contrast,
                             holds))
    opinion, any_of = raw.get("opinion", False), raw.get("any_of", False)
    for key, flag in (("opinion", opinion), ("any_of", any_of)):
        if not isinstance(flag, bool):
            raise ctx.fail(f"{where}.{key}", "must be true or false")
    return WordReading(keywords, words(raw["topic"], f"{where}.topic") if "topic" in raw else (), negated,
                       tuple(value(v, f"{where}.ask") for v in raw.get("ask") or []),
                       tuple(value(v, f"{where}.combine") for v in raw.get("combine") or []), tuple(unsure),
                       opinion, _future(raw, where, value),
                       named(raw["not_counted"], f"{where}.not_counted") if "not_counted" in raw else (),
                       words(raw["this"], f"{where}.this") if "this" in raw else (),
                       named(raw["other"], f"{where}.other") if "other" in raw else (),
                       named(raw["exams"], f"{where}.exams") if "exams" in raw else (),
                       named(raw["maybe"], f"{where}.maybe") if "maybe" in raw else (),
                       tuple(value(v, f"{where}.mixed") for v in raw.get("mixed") or []),
                       words(raw["underway"], f"{where}.underway") if "underway" in raw else (), any_of,
                       _same_as(ctx, raw.get("same_as"), f"{where}.same_as", value),
                       tuple((value(k, f"{where}.leads.{k}"), words(w, f"{where}.leads.{k}"))
                             for k, w in (raw.get("leads") or {}).items()))


def _same_as(ctx: _Ctx, raw: Any, where: str, value: Any) -> SameAs | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("question"), str) or not isinstance(raw.get("values"), dict) \
            or not isinstance(raw.get("name"), str):
        raise ctx.fail(where, "must be {question: an earlier question's id, name: its name, values: {its value: this "
                              "value}}")
    return SameAs(raw["question"], raw["name"], tuple((k, value(v, f"{where}.values.{k}")) for k, v in raw["values"].items()))


def _future(raw: dict[str, Any], where: str, value: Any) -> tuple[tuple[Any, Any], ...]:
    """``future``: one value for any keyword under a plan, or a value per option (others do not count)."""
    if "future" not in raw:
        return ()
    if isinstance(raw["future"], dict):
        return tuple((value(k, f"{where}.future.{k}"), value(v, f"{where}.future.{k}")) for k, v in raw["future"].items())
    return ((ANY, value(raw["future"], f"{where}.future")),)


READING_FIELDS = ("keywords", "topic", "negated", "ask", "combine", "unsure", "opinion", "future", "not_counted",
                  "this", "other", "exams", "maybe", "mixed", "underway",
                  "any_of", "same_as", "leads")


def load_questions(data_dir: Path) -> tuple[Question, ...]:
    ctx = _Ctx("questions.yaml")
    items = read_yaml(data_dir / "questions.yaml", "questions")
    if not isinstance(items, list):
        raise ctx.fail("questions", "must be a list")
    unique_ids(ctx, items, "questions")
    out: list[Question] = []
    for i, raw in enumerate(items):
        where = f"questions[{i}]"
        qid = ctx.get(raw, "id", where)
        if qid not in (*KEYS, *OPTIONAL_KEYS):
            raise ctx.fail(f"{where}.id", f"'{qid}' is not a key of the answers file")
        kind = ctx.choice(raw, "kind", where, QUESTION_KINDS)
        options = _check_options(ctx, qid, kind, _options(ctx, raw, where), where)
        reading = _word_reading(ctx, raw.get("reading"), f"{where}.reading", options)
        if reading.same_as is not None and reading.same_as.question not in {q.id for q in out}:
            raise ctx.fail(f"{where}.reading.same_as.question", f"'{reading.same_as.question}' is not an earlier question")
        out.append(Question(qid, kind, ctx.get(raw, "title", where), ctx.get(raw, "prompt", where),
                            ctx.get(raw, "why", where), options, reading))
    missing = [k for k in KEYS if k not in {q.id for q in out}]
    if missing:
        raise ctx.fail("questions", f"no question for answers-file key(s): {', '.join(missing)}")
    return tuple(out)


def load_facts(data_dir: Path) -> dict[str, Fact]:
    ctx = _Ctx("facts.yaml")
    doc = read_yaml(data_dir / "facts.yaml")
    if not isinstance(doc, dict) or "facts" not in doc:
        raise ctx.fail("facts", "missing (the file's top-level key)")
    items, until = doc["facts"], doc.get("sources_until")
    if until is not None and not (isinstance(until, str) and MONTH.fullmatch(until)):
        raise ctx.fail("sources_until", "must be a month like \"2026-07\" (quoted)")
    if not isinstance(items, list):
        raise ctx.fail("facts", "must be a list")
    unique_ids(ctx, items, "facts")
    facts = {}
    for i, raw in enumerate(items):
        where = f"facts[{i}]"
        status = ctx.get(raw, "status", where)
        if status not in FACT_STATUSES:
            raise ctx.fail(f"{where}.status",
                           f"must be one of {', '.join(FACT_STATUSES)} (unverified figures stay out of the bot)")
        fact = Fact(ctx.get(raw, "id", where), ctx.get(raw, "text", where).strip(),
                    ctx.get(raw, "year", where, int), ctx.get(raw, "source", where),
                    ctx.get(raw, "url", where), status, str(ctx.get(raw, "checked", where, (str,))),
                    ctx.get(raw, "season", where, required=False), raw.get("value"), until)
        if not MONTH.fullmatch(fact.checked):
            raise ctx.fail(f"{where}.checked", "must be a month like \"2026-11\" (quoted)")
        if not fact.url.startswith("http"):
            raise ctx.fail(f"{where}.url", "must be a web address")
        facts[fact.id] = fact
    return facts


def load_specialties(data_dir: Path) -> dict[str, Specialty]:
    ctx = _Ctx("specialties.yaml")
    items = read_yaml(data_dir / "specialties.yaml", "specialties")
    unique_ids(ctx, items, "specialties")
    out = {}
    for i, raw in enumerate(items):
        where = f"specialties[{i}]"
        sid = ctx.get(raw, "id", where)
        if not SPECIALTY_ID.fullmatch(sid):
            raise ctx.fail(f"{where}.id", f"'{sid}' is not an id: lower-case letters, digits and _")
        tracks = ctx.strings(raw, "tracks", where, required=False) or ("categorical",)
        for track in tracks:
            if track not in TRACKS:
                raise ctx.fail(f"{where}.tracks", f"'{track}' is not one of: {', '.join(TRACKS)}")
        out[sid] = Specialty(
            id=sid, name=ctx.get(raw, "name", where),
            categorical=ctx.get(raw, "categorical", where, bool), role=ctx.choice(raw, "role", where, ROLES),
            summary=ctx.get(raw, "summary", where),
            pros=ctx.strings(raw, "pros", where),
            cons=ctx.strings(raw, "cons", where), fits=ctx.get(raw, "fits", where),
            visa=ctx.get(raw, "visa", where), long_term=ctx.get(raw, "long_term", where),
            adjacent_paths=ctx.strings(raw, "adjacent_paths", where, required=False),
            letters=ctx.get(raw, "letters", where), tracks=tracks,
            label=ctx.get(raw, "label", where, required=False) or "",
            abbreviations=ctx.strings(raw, "abbreviations", where, required=False),
            j1_note=ctx.get(raw, "j1_note", where, required=False) or "",
        )
    for role in ("goal", "pgy1"):
        ids = [s.id for s in out.values() if s.role == role]
        if len(ids) != 1:
            raise ctx.fail("specialties", f"exactly one specialty must have role: {role} (found {len(ids)})")
    for spec in out.values():
        if spec.categorical != (spec.role != "pgy1"):
            raise ctx.fail(f"specialties[{spec.id}].categorical",
                           "must be false for the pgy1 role and true for the goal and every backup")
    if not any(s.role == "backup" for s in out.values()):
        raise ctx.fail("specialties", "at least one specialty must have role: backup")
    return out


@lru_cache(maxsize=1)
def shipped_specialties() -> dict[str, Specialty]:
    """The specialties in the knowledge base this release ships (for what runs without a loaded knowledge
    base: reading a program list's CSV, comparing an older version's season figures)."""
    return load_specialties(DATA_DIR)


def check_fact_refs(file: str, obj: Any, facts: dict[str, Fact], where: str = "") -> None:
    """Every ``{fact:id}`` inside ``obj`` must name a known fact."""
    if isinstance(obj, str):
        for ref in FACT_REF.findall(obj):
            if ref not in facts:
                raise KnowledgeError(file, where or "(text)", f"broken reference {{fact:{ref}}}")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            check_fact_refs(file, v, facts, f"{where}.{k}" if where else str(k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            check_fact_refs(file, v, facts, f"{where}[{i}]")
