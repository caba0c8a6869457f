"""The FAQ's data: its entries (data/faq/*.yaml) and scope (faq/_scope.yaml), loaded and checked (errors name
file and field), the rows the full-text index is built from, what the search needs of that index, and what
an answer shows beside its text: this season's dates for today, the topics offered under it.

Pure; the search itself is ``knowledge.faq``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol, Sequence

from knowledge.faq_words import STOPWORDS, canonical, expand
from knowledge.loader import Fact, KnowledgeError, _Ctx, check_fact_refs, read_yaml
from knowledge.timeline import Calendar, day_text


REQUIRED_IDS = (
    "need-backup", "best-backup", "switch-to-radiology", "how-many-programs", "ty-prelim", "j1-vs-h1b",
    "step3-h1b", "dual-apply-when", "personal-statements", "letters", "cv", "program-list",
    "interview-backup-mention", "competitiveness", "deal-breakers", "yog", "observership-vs-elective",
    "research", "neurology-backup", "pathology-backup", "family-medicine-backup", "internal-medicine-backup",
    "visa-long-term", "j1-waiver", "timeline", "delay-application", "radiology-realistic", "ranking-ethics",
)

@dataclass(frozen=True)
class FaqEntry:
    id: str
    theme: str
    question: str
    phrasings: tuple[str, ...]
    short: str
    more: str
    related: tuple[str, ...]
    for_you: str | None = None  # which part of the user's plan personalises the answer (FOR_YOU_PARTS)
    #: said only to someone without a plan (the general figures that the For you line replaces)
    without_plan: str = ""
    #: the kinds of ask (faq/_scope.yaml ``asks``) this entry answers besides what its question says: a
    #: question that asks one it does not name ("how do I find an observership" of the observership entry)
    #: is declined with the closest topics
    answers: tuple[str, ...] = ()


@dataclass(frozen=True)
class OutsideRule:
    """Questions the FAQ refuses with a reason: another specialty's own match, family visas, a patient's scan."""

    id: str
    pattern: re.Pattern[str]  # the rule's words, matched on the canonical question
    message: str  # may name what was matched as {named}
    ask_if_field: bool  # with a word of the field beside it, ask back instead of refusing
    #: words that make the rule not apply: another specialty in a couples match ("my wife is applying peds, how do
    #: we couple?") is the partner's, which the couples-match entry answers
    unless: re.Pattern[str] | None = None


@dataclass(frozen=True)
class AskKind:
    """A kind of question the field asks (faq/_scope.yaml ``asks``): how to find or study for something, pay,
    licences... An entry answers it only when it says so (its ``answers``); asked of any other entry, the
    question is declined, saying what is not covered, with the closest topics."""

    id: str
    pattern: re.Pattern[str]  # the phrases that ask it, matched on the canonical asking part
    what: str  # "how to find an observership, an elective or a research post": said when declining
    see: str = ""  # where the bot does help with it, if anywhere ("/interview has practice questions")
    #: what it must be asked about too, when the words alone ask nothing in particular ("find" with "observership")
    about: re.Pattern[str] | None = None
    #: what makes the words ask something else ("interview tips" beside "visa" is the visa interview's own topic)
    unless: re.Pattern[str] | None = None
    #: a word each of its phrases has (the first that is not a stop word): without one of them in a question the
    #: patterns need not run, which is most questions (empty: always run)
    keys: frozenset[str] = frozenset()

    def asked_in(self, text: str) -> bool:
        return bool(self.pattern.search(text)) and (self.about is None or bool(self.about.search(text))) \
            and not (self.unless is not None and self.unless.search(text))


@dataclass(frozen=True)
class Scope:
    """What lies outside the FAQ (faq/_scope.yaml), which nationalities are under a visa suspension
    (so "I'm from Zimbabwe" means "my country is suspended", and "I'm from India" means nothing for the
    lookup), and how this season's dates are said."""

    outside: tuple[OutsideRule, ...] = ()
    field_words: re.Pattern[str] | None = None
    not_outside: re.Pattern[str] | None = None  # "prelim surgery": a PGY-1 year, not surgery's own match
    suspended: frozenset[str] = frozenset()  # ISO codes under the J (or every) visa suspension
    season: dict[str, tuple[str, str]] = field(default_factory=dict)  # milestone -> (before, after) wording
    everyday: dict[str, str] = field(default_factory=dict)  # a user's word -> the entries' words it means
    words: frozenset[str] = frozenset()  # the single words of the outside rules and asks, for mending typos
    asks: tuple[AskKind, ...] = ()  # the kinds of ask an entry must name (``answers``) to answer them

    def asked(self, text: str) -> tuple[AskKind, ...]:
        """The kinds of ask ``text`` (canonical) has."""
        words = set(text.split())
        return tuple(kind for kind in self.asks if (not kind.keys or kind.keys & words) and kind.asked_in(text))


class FaqIndex(Protocol):
    """What the search needs from the full-text index (implemented in storage)."""

    def ranked(self, terms: list[str], limit: int) -> list[tuple[str, float]]: ...

    def matching(self, term: str) -> dict[str, float]: ...

    def closest_asks(self, terms: list[str]) -> dict[str, float]: ...

    def size(self) -> int: ...

    def words(self) -> frozenset[str]: ...

    def asks_with(self, term: str) -> frozenset[int]: ...

    def ask_rows(self, skip: frozenset[str]) -> list[tuple[int, str, tuple[int, ...]]]: ...

    def answers(self, entry: str) -> frozenset[str]: ...


def next_topics(entry: FaqEntry, also: Sequence[str] = (), limit: int = 3) -> list[str]:
    """The topics offered under an answer: the search's runners-up first, then the entry's related ids."""
    return [i for i in dict.fromkeys([*also, *entry.related]) if i != entry.id][:limit]


# --------------------------------------------------------------------------- loading

def index_rows(entries: dict[str, FaqEntry]) -> list[dict[str, Any]]:
    """Rows for the full-text index: each field canonicalised with synonyms expanded."""
    return [{"id": e.id, "question": expand(e.question), "phrasings": expand(" | ".join(e.phrasings)),
             "asks": [expand(a) for a in (e.question, *e.phrasings)],
             "keywords": expand(e.id.replace("-", " ") + " " + e.theme), "short": expand(e.short),
             "more": expand(e.more), "kinds": " ".join(e.answers)} for e in entries.values()]


def digest(rows: list[dict[str, Any]]) -> str:
    """A fingerprint of the index rows: the index is rebuilt when it changes."""
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()[:16]


#: What an entry's ``for_you`` may name: a part of the plan, or one of the seven ratings ("rating:research").
FOR_YOU_PARTS = ("tier", "backups", "applications", "letters", "visa", "deal_breakers", "costs", "signals",
                 "phase")


#: Placeholders FAQ texts may use: this season's dates, said for the day the answer is read.
SEASON_PLACEHOLDERS = ("season_dates", "next_season", "pathway_deadline")
#: The milestones of a season, in the order they are said.
SEASON_MILESTONES = ("myeras_opens", "submit", "review", "nrmp_registration", "ecfmg_pathway", "rank_list_opens",
                     "rank_list", "match_day")


def season_match(calendar: Calendar, today: date) -> int:
    """The Match this season leads to: the next Match Day on or after ``today`` ("this season" in
    December 2026 is the 2027 Match; from the day after Match Day 2027 it is the 2028 Match)."""
    year = today.year
    return year if today <= calendar.date_of("match_day", year)[0] else year + 1


def season_values(calendar: Calendar, scope: Scope, today: date) -> dict[str, str]:
    """The values of SEASON_PLACEHOLDERS for ``today``: each date said as past or to come, with its label."""
    year = season_match(calendar, today)
    said: dict[str, tuple[date, str]] = {}
    for milestone in SEASON_MILESTONES:
        day, how = calendar.date_of(milestone, year)
        before, after = scope.season[milestone]
        said[milestone] = (day, (after if day < today else before).replace("{day}", day_text(day, how)))
    opens, how = calendar.date_of("myeras_opens", year + 1)
    return {"season_dates": f"For the {year} Match (this season): " + "; ".join(t for _, t in sorted(said.values())),
            "next_season": f"for the {year + 1} Match, MyERAS opens {day_text(opens, how)}",
            "pathway_deadline": f"for the {year} Match, {said['ecfmg_pathway'][1]}"}


def load_faq(data_dir: Path, facts: dict[str, Fact], factors: Sequence[str]) -> dict[str, FaqEntry]:
    """The FAQ entries; ``factors`` are the rating keys an entry's ``for_you`` may name."""
    entries: dict[str, FaqEntry] = {}
    asked_by: dict[str, str] = {}  # a phrasing's words -> the entry that has it
    folder = data_dir / "faq"
    kinds = _ask_ids(folder / "_scope.yaml")
    files = sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("_"))
    if not files:
        raise KnowledgeError("faq/", "(folder)", "no FAQ files found")
    for path in files:
        name = f"faq/{path.name}"
        ctx = _Ctx(name)
        doc = read_yaml(path)
        theme = ctx.get(doc, "theme", "")
        items = ctx.get(doc, "entries", "", list)
        for i, raw in enumerate(items):
            where = f"entries[{i}]"
            eid = ctx.get(raw, "id", where)
            if eid in entries:
                raise ctx.fail(f"{where}.id", f"duplicate id '{eid}'")
            entry = FaqEntry(eid, theme, ctx.get(raw, "question", where), ctx.strings(raw, "phrasings", where),
                             ctx.get(raw, "short", where).strip(), ctx.get(raw, "more", where).strip(),
                             ctx.strings(raw, "related", where, required=False),
                             raw.get("for_you"), (ctx.get(raw, "without_plan", where, required=False) or "").strip(),
                             ctx.strings(raw, "answers", where, required=False))
            for j, kind in enumerate(entry.answers):
                if kind not in kinds:
                    raise ctx.fail(f"{where}.answers[{j}]", f"'{kind}' is not an ask of faq/_scope.yaml (one of: "
                                   + ", ".join(sorted(kinds)) + ")")
            if entry.without_plan and not entry.for_you:
                raise ctx.fail(f"{where}.without_plan", "only for an entry with for_you (it stands in for that line)")
            allowed = (*FOR_YOU_PARTS, *(f"rating:{k}" for k in factors))
            if entry.for_you is not None and entry.for_you not in allowed:
                raise ctx.fail(f"{where}.for_you", f"'{entry.for_you}' is not one of: {', '.join(allowed)}")
            if len(entry.phrasings) < 2:
                raise ctx.fail(f"{where}.phrasings", "give at least two ways users might ask")
            for j, phrasing in enumerate(entry.phrasings):
                # a phrasing in two entries ("a good idea?" split off by a comma) finds both equally
                other = asked_by.setdefault(canonical(phrasing), eid)
                if other != eid:
                    raise ctx.fail(f"{where}.phrasings[{j}]", f"'{phrasing}' is also a phrasing of '{other}'; "
                                   "put commas inside a phrasing in quotes")
            for key in ("short", "more", "without_plan"):
                for placeholder in PLACEHOLDER.findall(getattr(entry, key)):
                    if placeholder not in SEASON_PLACEHOLDERS:
                        raise ctx.fail(f"{where}.{key}", f"unknown placeholder {{{placeholder}}} (one of: "
                                       + ", ".join(SEASON_PLACEHOLDERS) + ")")
            check_fact_refs(name, raw, facts, where)
            entries[eid] = entry
    for eid, entry in entries.items():
        for j, rel in enumerate(entry.related):
            if rel not in entries:
                raise KnowledgeError(f"faq ({eid})", f"related[{j}]", f"broken reference to unknown entry '{rel}'")
    missing = [r for r in REQUIRED_IDS if r not in entries]
    if missing:
        raise KnowledgeError("faq/", "entries", f"missing required entries: {', '.join(missing)}")
    return entries


PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)\}")


def _ask_ids(path: Path) -> frozenset[str]:
    """The ids of faq/_scope.yaml's ``asks`` (what an entry's ``answers`` may name); the file itself is
    checked by ``load_scope``."""
    doc = read_yaml(path) if path.exists() else {}
    asks = doc.get("asks") if isinstance(doc, dict) else None
    return frozenset(a["id"] for a in asks or () if isinstance(a, dict) and isinstance(a.get("id"), str))


def _phrases(ctx: _Ctx, doc: Any, key: str, where: str = "") -> re.Pattern[str] | None:
    words = ctx.strings(doc, key, where, required=False)
    if not words:
        return None
    alternatives = sorted({canonical(w) for w in words}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(a) for a in alternatives if a) + r")\b")


def load_scope(data_dir: Path, suspended: frozenset[str]) -> Scope:
    """faq/_scope.yaml: what the FAQ refuses and why, and how this season's dates are said."""
    ctx = _Ctx("faq/_scope.yaml")
    doc = read_yaml(data_dir / "faq" / "_scope.yaml")
    rules = []
    for i, raw in enumerate(ctx.get(doc, "outside", "", list)):
        where = f"outside[{i}]"
        pattern = _phrases(ctx, raw, "words", where)
        if pattern is None:
            raise ctx.fail(f"{where}.words", "missing")
        ask = ctx.get(raw, "ask_if_field", where, bool, required=False, default=False)
        rules.append(OutsideRule(ctx.get(raw, "id", where), pattern, " ".join(ctx.get(raw, "message", where).split()),
                                 ask, _phrases(ctx, raw, "unless", where)))
    season: dict[str, tuple[str, str]] = {}
    raw_season = ctx.get(doc, "season", "", dict)
    for milestone in SEASON_MILESTONES:
        said = raw_season.get(milestone)
        if not (isinstance(said, list) and len(said) == 2 and all(isinstance(x, str) and "{day}" in x for x in said)):
            raise ctx.fail(f"season.{milestone}", "give two texts with {day}: before the date, and after it")
        season[milestone] = (said[0], said[1])
    everyday = ctx.get(doc, "everyday", "", dict, required=False, default={})
    for word, means in everyday.items():
        if not (isinstance(word, str) and isinstance(means, str) and word.isalnum() and means.strip()):
            raise ctx.fail(f"everyday.{word}", "must map one word to the words it means")
    single = frozenset(canonical(w) for raw in ctx.get(doc, "outside", "", list)
                       for w in ctx.strings(raw, "words", "") if " " not in canonical(w))
    asks = []
    for i, raw in enumerate(ctx.get(doc, "asks", "", list, required=False, default=[])):
        where = f"asks[{i}]"
        pattern = _phrases(ctx, raw, "words", where)
        if pattern is None:
            raise ctx.fail(f"{where}.words", "missing")
        keys = [next((w for w in canonical(phrase).split() if w not in STOPWORDS), "")
                for phrase in ctx.strings(raw, "words", where)]
        asks.append(AskKind(ctx.get(raw, "id", where), pattern, " ".join(ctx.get(raw, "what", where).split()),
                            " ".join((ctx.get(raw, "see", where, required=False) or "").split()),
                            _phrases(ctx, raw, "about", where), _phrases(ctx, raw, "unless", where),
                            frozenset(keys) if all(keys) else frozenset()))
    if len({a.id for a in asks}) != len(asks):
        raise ctx.fail("asks", "two asks share an id")
    # a slip in a word that asks a kind ("mooonlight", "salery") is mended to it as to the refusals' words
    single |= frozenset(canonical(w) for raw in ctx.get(doc, "asks", "", list, required=False, default=[])
                        for w in ctx.strings(raw, "words", "") if " " not in canonical(w))
    return Scope(tuple(rules), _phrases(ctx, doc, "field"), _phrases(ctx, doc, "not_outside"), suspended, season,
                 {w.lower(): canonical(m) for w, m in everyday.items()}, single, tuple(asks))
