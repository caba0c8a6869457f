"""When the rules change: which dated facts changed between two knowledge versions, which of them a
user's plan rests on, and what the change means for that user (CONTRACTS §9).

Pure, apart from reading knowledge files from a folder it is given. The rules are the three files
whose figures the advisor computes with: ``facts.yaml`` (dated facts and their ``value``),
``season.yaml`` (which fact holds each figure) and ``timeline.yaml`` (the calendar). A *version* is
a digest of their text. Two plans are compared on what matters, through the plan's JSON form
(``Plan.to_json``, as ``python -m bot plan --json`` prints it, so keys added later do not break the
comparison): the tier, ``visa_outlook.status``, the specialties and bounds of ``applications``,
``signals``, the ids of ``next_steps``, and ``costs`` that move by more than 10 %.

    diff = diff_rules(kb_now, data_dir, old_rules_dir)     # the old knowledge, and what changed
    compare = Comparer(diff, version, today, words)
    notice = compare.notice(answers)                      # None: nothing material changed for them
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Mapping

from knowledge.advisor import build_plan
from knowledge.answers import Answers, country_name
from knowledge.base import KnowledgeBase
from knowledge.loader import Fact, KnowledgeError, _Ctx, load_facts, read_yaml, shipped_specialties
from knowledge.season import Season, load_season
from knowledge.timeline import Calendar, day_text, load_calendar

#: The files whose text makes a knowledge version (the rules a plan is computed from).
RULE_FILES = ("facts.yaml", "season.yaml", "timeline.yaml")
#: The parts of a plan compared, in the order a notice lists them.
KINDS = ("tier", "visa_outlook", "applications", "signals", "next_steps", "costs")
EFFECTS = ("helps", "hurts", "neutral")
#: A cost is told when it moves by more than this share of what it was.
COST_SHARE = 0.10
CALENDAR = "calendar"
_TIER_ORDER = {"high": 0, "moderate": 1, "higher": 2}
_VISA_ORDER = {"blocked": 0, "narrow": 1, "open": 2}


# --------------------------------------------------------------------------- versions

def read_rules(data_dir: Path) -> dict[str, str]:
    """The rule files' text (what a version is made of, and what is kept to compare with later)."""
    out = {}
    for name in RULE_FILES:
        try:
            out[name] = (data_dir / name).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KnowledgeError(name, "(file)", f"cannot be read: {exc}") from None
    return out


def version_of(rules: Mapping[str, str]) -> str:
    """A short digest of the rule files' text: equal texts, equal versions."""
    digest = hashlib.sha256()
    for name in RULE_FILES:
        digest.update(name.encode() + b"\0" + rules[name].encode() + b"\0")
    return digest.hexdigest()[:16]


# --------------------------------------------------------------------------- what a plan is compared on

Span = tuple[int, int]


@dataclass(frozen=True)
class Material:
    """The parts of a plan a rule change is told about."""

    tier: str
    visa: str
    applications: dict[str, Span]
    signals: dict[str, dict[str, int]]
    steps: tuple[str, ...]
    costs: dict[str, int]


def material(plan: Mapping[str, Any]) -> Material:
    """The compared parts of a plan's JSON form (CONTRACTS §3, §3a); other keys are ignored."""
    apps = {str(sid): (int(v[0]), int(v[1])) for sid, v in (plan.get("applications") or {}).items()}
    signals = {str(sid): {str(k): n for k, n in v.items() if isinstance(n, int)}
               for sid, v in (plan.get("signals") or {}).items() if isinstance(v, dict)}
    raw_costs = plan.get("costs") or {}
    items = [i for i in raw_costs.get("items") or [] if isinstance(i, dict) and isinstance(i.get("usd"), int)]
    # each fee by its item id when the plan lists them (CONTRACTS §3a, costs.items), else the totals
    costs = {str(i.get("id")): int(i["usd"]) for i in items} if items else \
        {k: v for k, v in raw_costs.items() if k.endswith("_usd") and isinstance(v, int)}
    steps = tuple(str(s["id"]) for s in plan.get("next_steps") or [] if isinstance(s, dict))
    # the tier the user reads (on the route open to them; plans from before it was a key: the contract's)
    tier = str(plan.get("route_tier") or plan["tier"])
    return Material(tier, str((plan.get("visa_outlook") or {}).get("status")), apps, signals, steps, costs)


@dataclass(frozen=True)
class Change:
    """One compared part that differs. ``before``/``after`` hold only what changed in it (JSON values):
    the tier or status; ``{specialty: [min, max]}``; ``{specialty: {gold: n}}``; for next steps, the
    ids dropped and the ids added; ``{fee: usd}``."""

    kind: str
    effect: str  # helps | hurts | neutral
    before: Any
    after: Any

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "effect": self.effect, "before": self.before, "after": self.after}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Change":
        return cls(str(data["kind"]), str(data["effect"]), data.get("before"), data.get("after"))


def _effect(before: float, after: float) -> str:
    return "helps" if after > before else "hurts" if after < before else "neutral"


def _changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    return [k for k in [*before, *(k for k in after if k not in before)] if before.get(k) != after.get(k)]


def _beyond(before: int | None, after: int | None) -> bool:
    if before is None or after is None:
        return before != after
    return abs(after - before) > COST_SHARE * before if before else after != 0


def _signal_count(allotments: Mapping[str, Mapping[str, int]]) -> int:
    return sum(n for v in allotments.values() for n in v.values())


def compare(old: Material, new: Material) -> tuple[Change, ...]:
    """What differs between two plans, on what matters; empty when nothing material changed."""
    out: list[Change] = []
    if old.tier != new.tier:
        out.append(Change("tier", _effect(_TIER_ORDER.get(old.tier, 1), _TIER_ORDER.get(new.tier, 1)),
                          old.tier, new.tier))
    if old.visa != new.visa:
        out.append(Change("visa_outlook", _effect(_VISA_ORDER.get(old.visa, 1), _VISA_ORDER.get(new.visa, 1)),
                          old.visa, new.visa))
    apps = _changed(old.applications, new.applications)
    if apps:
        out.append(Change("applications", "neutral",
                          {s: list(old.applications[s]) for s in apps if s in old.applications},
                          {s: list(new.applications[s]) for s in apps if s in new.applications}))
    signals = _changed(old.signals, new.signals)
    if signals:
        before = {s: old.signals[s] for s in signals if s in old.signals}
        after = {s: new.signals[s] for s in signals if s in new.signals}
        out.append(Change("signals", _effect(_signal_count(before), _signal_count(after)), before, after))
    dropped = [s for s in old.steps if s not in new.steps]
    added = [s for s in new.steps if s not in old.steps]
    if dropped or added:
        out.append(Change("next_steps", "neutral", dropped, added))
    costs = [k for k in _changed(old.costs, new.costs) if _beyond(old.costs.get(k), new.costs.get(k))]
    if costs:
        before_usd = {k: old.costs[k] for k in costs if k in old.costs}
        after_usd = {k: new.costs[k] for k in costs if k in new.costs}
        out.append(Change("costs", _effect(sum(after_usd.values()), sum(before_usd.values())), before_usd, after_usd))
    return tuple(out)


def overall(changes: tuple[Change, ...]) -> str:
    """How the change reads as a whole: the effect of its most important part that has one (a visa
    outlook that opens is good news even if the wider lists cost more), else mixed."""
    return next((c.effect for c in changes if c.effect != "neutral"), "mixed")


# --------------------------------------------------------------------------- what changed in the rules

@dataclass(frozen=True)
class ValueChange:
    """One figure of a fact's ``value`` that changed; for a list, the items added and removed."""

    path: tuple[str, ...]
    before: Any
    after: Any
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()


def value_changes(before: Any, after: Any, path: tuple[str, ...] = ()) -> list[ValueChange]:
    """Every figure that differs between two fact values (nested mappings walked; a list compared as a set)."""
    if before == after:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        out = []
        for key in [*before, *(k for k in after if k not in before)]:
            out += value_changes(before.get(key), after.get(key), (*path, str(key)))
        return out
    if isinstance(before, list) and isinstance(after, list):
        added = tuple(x for x in after if x not in before)
        removed = tuple(x for x in before if x not in after)
        return [ValueChange(path, before, after, added, removed)] if added or removed else []
    return [ValueChange(path, before, after)]


@dataclass(frozen=True)
class RuleChange:
    """A rule that changed: a fact's figures (``key`` = ``fact:ID``, ``role`` = its key in season.yaml
    when it holds one of the season's figures, e.g. ``j_visa_suspension``), or the calendar."""

    key: str
    role: str | None
    fact: Fact | None  # the fact as it reads now
    values: tuple[ValueChange, ...]
    subject: str | None = None  # for a role held by several facts (program counts): whose, e.g. a specialty id


@dataclass
class RuleDiff:
    """Two knowledge versions, what changed between them, and for each change the old knowledge with
    only that change made (to tell which changes a user's plan rests on)."""

    old: KnowledgeBase
    new: KnowledgeBase
    changes: tuple[RuleChange, ...]
    alone: dict[str, KnowledgeBase] = field(default_factory=dict)


def _roles(data_dir: Path, facts: Mapping[str, Fact]) -> dict[str, str]:
    """season.yaml as {role: fact id}; a list role (program counts) by the specialty its facts name."""
    doc = read_yaml(data_dir / "season.yaml")
    out: dict[str, str] = {}
    for role, ref in (doc.items() if isinstance(doc, dict) else ()):
        for i, fid in enumerate(ref if isinstance(ref, list) else [ref]):
            if not isinstance(fid, str):
                continue
            if isinstance(ref, list):
                value = facts[fid].value if fid in facts else None
                tag = value.get("specialty") if isinstance(value, dict) else None
                out[f"{role}[{tag or i}]"] = fid
            else:
                out[str(role)] = fid
    return out


def _season(data_dir: Path, facts: dict[str, Fact], fallback: Path) -> Season:
    """The season's figures from ``data_dir``'s season.yaml, or (a file this release cannot read) from
    ``fallback``'s, over the same facts."""
    ids = tuple(shipped_specialties())
    try:
        return load_season(data_dir, facts, ids)
    except KnowledgeError:
        return load_season(fallback, facts, ids)


def _calendar(data_dir: Path, fallback: Calendar) -> Calendar:
    try:
        return load_calendar(data_dir)
    except KnowledgeError:
        return fallback


def _under(kb: KnowledgeBase, facts: dict[str, Fact], season: Season, calendar: Calendar) -> KnowledgeBase:
    return replace(kb, facts=facts, season=season, calendar=calendar)


def diff_rules(new: KnowledgeBase, new_dir: Path, old_dir: Path) -> RuleDiff:
    """The knowledge as it was (``old_dir`` holds the earlier RULE_FILES; everything else, such as the
    texts, is today's) and which rules changed since. Raises KnowledgeError when the old facts cannot
    be read at all."""
    old_facts = load_facts(old_dir)
    merged = {**new.facts, **old_facts}  # facts added since stay, for texts that cite them
    old_calendar = _calendar(old_dir, new.calendar)
    old = _under(new, merged, _season(old_dir, merged, new_dir), old_calendar)
    diff = RuleDiff(old, new, ())
    changes: list[RuleChange] = []
    old_roles, new_roles = _roles(old_dir, old_facts), _roles(new_dir, new.facts)
    covered: set[str] = set()
    for role in [*old_roles, *(r for r in new_roles if r not in old_roles)]:
        before_id, after_id = old_roles.get(role), new_roles.get(role)
        before = merged.get(before_id) if before_id else None
        after = new.facts.get(after_id) if after_id else None
        covered.update(i for i in (before_id, after_id) if i)
        if before is None or after is None or (before_id == after_id and before.value == after.value):
            continue
        key = f"fact:{after.id}"
        name, _, subject = role.partition("[")
        changes.append(RuleChange(key, name, after, tuple(value_changes(before.value, after.value)),
                                  subject.rstrip("]") or None))
        # the old knowledge with this role's figures as they now are
        facts = {**merged, before.id: replace(after, id=before.id)}
        diff.alone[key] = _under(new, facts, _season(old_dir, facts, new_dir), old_calendar)
    for fid, after in new.facts.items():
        before = old_facts.get(fid)
        if fid in covered or before is None or before.value == after.value:
            continue
        key = f"fact:{fid}"
        changes.append(RuleChange(key, None, after, tuple(value_changes(before.value, after.value))))
        facts = {**merged, fid: after}
        diff.alone[key] = _under(new, facts, _season(old_dir, facts, new_dir), old_calendar)
    if old_calendar.digest() != new.calendar.digest():
        changes.append(RuleChange(CALENDAR, None, None, ()))
        diff.alone[CALENDAR] = _under(new, merged, old.season, new.calendar)
    diff.changes = tuple(changes)
    return diff


# --------------------------------------------------------------------------- the words

@dataclass(frozen=True)
class RuleWords:
    name: str
    values: dict[str, str]


@dataclass(frozen=True)
class NoticeWords:
    """knowledge/data/notices.yaml: how a notice is worded."""

    title: dict[str, str]
    kinds: dict[str, str]
    effects: dict[str, str]
    todo: dict[str, str]
    steps: dict[str, str]
    costs: dict[str, str]
    rules: dict[str, RuleWords]
    calendar: str
    footer: str


def load_notice_words(data_dir: Path) -> NoticeWords:
    """Read and check notices.yaml; a missing or empty text is a KnowledgeError naming the field."""
    ctx = _Ctx("notices.yaml")
    doc = read_yaml(data_dir / "notices.yaml")

    def texts(key: str, required: tuple[str, ...]) -> dict[str, str]:
        section = ctx.get(doc, key, "", dict)
        for name in required:
            ctx.get(section, name, key)
        for name, text in section.items():
            if not isinstance(text, str) or not text.strip():
                raise ctx.fail(f"{key}.{name}", "must be non-empty text")
        return {str(k): " ".join(v.split()) for k, v in section.items()}

    rules = {}
    for role, raw in ctx.get(doc, "rules", "", dict).items():
        where = f"rules.{role}"
        values = ctx.get(raw, "values", where, dict, required=False, default={})
        for k, v in values.items():
            if not isinstance(v, str) or not v.strip():
                raise ctx.fail(f"{where}.values.{k}", "must be non-empty text")
        rules[str(role)] = RuleWords(ctx.get(raw, "name", where), {str(k): str(v) for k, v in values.items()})
    return NoticeWords(texts("title", ("helps", "hurts", "mixed")), texts("kinds", KINDS),
                       texts("effects", ("helps", "hurts")), texts("todo", (*KINDS, "default")),
                       texts("steps", ()), texts("costs", ()), rules, ctx.get(doc, "calendar", ""), ctx.get(doc, "footer", ""))


def _figure(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "no", None: "none"}[value]
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, date):
        return day_text(value)
    if isinstance(value, list):
        return f"{len(value)} listed"
    return str(value)


def _label(kb: KnowledgeBase, words: RuleWords | None, path: tuple[str, ...]) -> str:
    parts = []
    for i, key in enumerate(path):
        if i == 0 and words is not None and key in words.values:
            parts.append(words.values[key])
        elif key in kb.specialties:
            parts.append(kb.specialties[key].name)
        else:
            parts.append(key.replace("_", " "))
    return ", ".join(parts) or "figures"


def _value_line(kb: KnowledgeBase, words: RuleWords | None, v: ValueChange, citizenship: str | None) -> str | None:
    """One changed figure in plain words; a change to a list of nationalities only when it names the user's."""
    label = _label(kb, words, v.path)
    if v.added or v.removed:
        if all(country_name(x) for x in (*v.added, *v.removed)):
            if citizenship in v.removed:
                return f"{country_name(citizenship)} is no longer among the {label}"
            if citizenship in v.added:
                return f"{country_name(citizenship)} is now among the {label}"
            return None
        return f"{label}: {len(v.added)} added, {len(v.removed)} removed"
    money = bool(v.path) and v.path[-1].endswith("usd")
    def figure(value: Any) -> str:
        return f"${value:,}" if money and isinstance(value, int) else _figure(value)
    return f"{label} {figure(v.before)} → {figure(v.after)}"


def rule_line(kb: KnowledgeBase, words: NoticeWords, change: RuleChange, citizenship: str | None) -> str:
    """The rule that changed, in plain words, with its date and source: "The visa suspension for some
    nationalities: Nigeria is no longer among the nationalities whose J visas are suspended (…, 2025; check
    the current rule, as of 2027-01)." """
    if change.fact is None:
        return f"{words.calendar}."
    fact = change.fact
    rule = words.rules.get(change.role) if change.role else None
    parts = [line for v in change.values if (line := _value_line(kb, rule, v, citizenship))]
    if rule is None or not parts:
        return f"{fact.text[0].upper()}{fact.text[1:]} ({fact.note()})."
    spec = kb.specialties.get(change.subject or "")
    name = f"{rule.name} ({spec.name.lower()})" if spec else rule.name
    return f"{name}: {'; '.join(parts)} ({fact.note()})."


# --------------------------------------------------------------------------- one user

@dataclass(frozen=True)
class Notice:
    """What one user is told about one knowledge version: what changed in their plan, which rules it
    comes from (worded, with date and source), and what to do now. Stored sealed until it is sent, and
    read by /plan ("changed on 12 Jan: visa outlook")."""

    version: str
    on: date
    changes: tuple[Change, ...]
    rules: tuple[str, ...]
    todo: tuple[str, ...]
    because: tuple[str, ...] = ()  # the keys of the rule changes behind it ("fact:j-visa-suspension")

    @property
    def effect(self) -> str:
        return overall(self.changes)

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "on": self.on.isoformat(), "changes": [c.to_json() for c in self.changes],
                "rules": list(self.rules), "todo": list(self.todo), "because": list(self.because)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Notice":
        return cls(str(data["version"]), date.fromisoformat(str(data["on"])),
                   tuple(Change.from_json(c) for c in data.get("changes") or []),
                   tuple(str(r) for r in data.get("rules") or []), tuple(str(t) for t in data.get("todo") or []),
                   tuple(str(k) for k in data.get("because") or []))


class Comparer:
    """Compares users' plans under the old and the new knowledge on one day. What a plan comes to is
    kept for the last ``memo`` answers (a user's old plan is compared again with each change made alone;
    users who answered alike share them)."""

    def __init__(self, diff: RuleDiff, version: str, today: date, words: NoticeWords, memo: int = 1024):
        self.diff, self.version, self.today, self.words, self.memo = diff, version, today, words, memo
        self._plans: dict[tuple[int, Answers], Material] = {}

    def _material(self, kb: KnowledgeBase, answers: Answers) -> Material:
        key = (id(kb), answers)
        found = self._plans.get(key)
        if found is None:
            if len(self._plans) >= self.memo:
                self._plans.clear()
            found = self._plans[key] = material(build_plan(answers, kb, self.today).to_json())
        return found

    def notice(self, answers: Answers) -> Notice | None:
        """What this user is told, or None when their plan did not change on anything that matters."""
        if not self.diff.changes:
            return None
        old = self._material(self.diff.old, answers)
        changes = compare(old, self._material(self.diff.new, answers))
        if not changes:
            return None
        rests_on = self._rests_on(old, answers) or list(self.diff.changes)
        rules = tuple(dict.fromkeys(rule_line(self.diff.new, self.words, c, answers.citizenship) for c in rests_on))
        return Notice(self.version, self.today, changes, rules, self._todo(answers, changes),
                      tuple(c.key for c in rests_on))

    def _rests_on(self, old: Material, answers: Answers) -> list[RuleChange]:
        """The rule changes this plan rests on: each one that, made alone, changes the plan; the one behind
        the most important kind of change first (the tier, then the visa outlook...)."""
        found = []
        for change in self.diff.changes:
            alone = self.diff.alone.get(change.key)
            kinds = compare(old, self._material(alone, answers)) if alone is not None else ()
            if kinds:
                found.append((min(KINDS.index(k.kind) for k in kinds), change))
        return [change for _, change in sorted(found, key=lambda f: f[0])]

    def _todo(self, answers: Answers, changes: tuple[Change, ...]) -> tuple[str, ...]:
        """What to do about the most important change (notices.yaml), then the first step the change adds
        to the plan; when only the steps changed, the steps it adds (at most two)."""
        added: list[str] = next((c.after for c in changes if c.kind == "next_steps"), [])
        steps = [s.text for s in build_plan(answers, self.diff.new, self.today).next_steps if s.id in added] \
            if added else []
        first = next((c.kind for c in changes if c.kind != "next_steps"), None)
        if first is None:
            return tuple(steps[:2]) or (self.words.todo["next_steps"],)
        return (self.words.todo.get(first, self.words.todo["default"]), *steps[:1])
