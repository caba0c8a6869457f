"""Ranking the backups for one user, by rules kept as data (``backup_ranking`` in guidance.yaml).

Pure. Every specialty whose role is ``backup`` (specialties.yaml) has a base score with its reason
and rules: ``when`` (answer keys, or ``tier``, ``safety``, ``route``) -> points and why. Adding a
backup is a YAML change: its profile in specialties.yaml and its rules here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from knowledge.answers import BOOLEANS, CHOICES, KEYS, Answers
from knowledge.loader import KnowledgeError, Specialty
from knowledge.ratings import TIERS

ROUTES = ("none", "j1", "h1b", "closed")
#: Facts about the user a rule may test besides the answers: the tier, whether a safe match matters most
#: (a high tier or a must-match cycle), and the visa route in force.
DERIVED: dict[str, tuple[Any, ...]] = {"tier": TIERS, "safety": (True, False), "route": ROUTES,
                                       "green_card_open": (True, False)}


@dataclass(frozen=True)
class Rule:
    when: dict[str, tuple[Any, ...]]
    points: int
    why: str

    def fits(self, facts: Mapping[str, Any]) -> bool:
        return all(facts.get(k) in values for k, values in self.when.items())


@dataclass(frozen=True)
class BackupRules:
    specialty: str
    base: int
    why: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class BackupChoice:
    id: str
    score: int
    reasons: tuple[str, ...]
    safety_points: int = 0  # what the ``safety`` rules gave it: the most of all backups is the one the plan calls safest


def _allowed(key: str) -> tuple[Any, ...] | None:
    if key in DERIVED:
        return DERIVED[key]
    if key in CHOICES:
        return CHOICES[key]
    if key in BOOLEANS:
        return (True, False)
    return None


def load_backup_ranking(texts: dict[str, Any], specialties: dict[str, Specialty]) -> tuple[BackupRules, ...]:
    """The rules of every backup, in specialties.yaml's order (which breaks ties); errors name the field."""
    raw = texts.get("backup_ranking")
    if not isinstance(raw, dict):
        raise KnowledgeError("guidance.yaml", "backup_ranking", "missing")
    backups = [s.id for s in specialties.values() if s.role == "backup"]
    for sid in raw:
        if sid not in backups:
            raise KnowledgeError("guidance.yaml", f"backup_ranking.{sid}", "not a specialty with role: backup")
    out = []
    for sid in backups:
        where = f"backup_ranking.{sid}"
        entry = raw.get(sid)
        if not isinstance(entry, dict):
            raise KnowledgeError("guidance.yaml", where, "missing (every backup needs its ranking rules)")
        out.append(BackupRules(sid, _points(entry.get("base"), f"{where}.base"), _text(entry.get("why"), f"{where}.why"),
                               tuple(_rule(r, f"{where}.rules[{i}]") for i, r in enumerate(entry.get("rules") or []))))
    return tuple(out)


def _points(value: Any, where: str) -> int:
    if type(value) is not int:
        raise KnowledgeError("guidance.yaml", where, "must be a whole number (points)")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeError("guidance.yaml", where, "must be non-empty text")
    return " ".join(value.split())


def _rule(raw: Any, where: str) -> Rule:
    if not isinstance(raw, dict) or not isinstance(raw.get("when"), dict) or not raw["when"]:
        raise KnowledgeError("guidance.yaml", f"{where}.when", "must map an answer key (or tier, safety, route) "
                                                               "to a value or a list of values")
    when = {}
    for key, value in raw["when"].items():
        allowed = _allowed(key)
        if allowed is None or key not in (*KEYS, *DERIVED):
            raise KnowledgeError("guidance.yaml", f"{where}.when.{key}", "not an answer key, tier, safety or route")
        values = tuple(value) if isinstance(value, list) else (value,)
        for v in values:
            if v not in allowed or (isinstance(v, bool) != isinstance(allowed[0], bool)):
                raise KnowledgeError("guidance.yaml", f"{where}.when.{key}",
                                     f"'{v}' is not one of: {', '.join(map(str, allowed))}")
        when[key] = values
    return Rule(when, _points(raw.get("points"), f"{where}.points"), _text(raw.get("why"), f"{where}.why"))


def user_facts(a: Answers, tier: str, route: str, green_card_open: bool = True) -> dict[str, Any]:
    """What the rules test: the answers, the tier, ``safety``, the visa ``route`` and ``green_card_open`` (no
    suspension of immigrant visas covers the nationality)."""
    return {**{k: getattr(a, k) for k in KEYS}, "tier": tier,
            "safety": tier == "high" or a.must_match_this_cycle, "route": route, "green_card_open": green_card_open}


def rank_backups(rules: tuple[BackupRules, ...], a: Answers, tier: str, route: str,
                 green_card_open: bool = True) -> tuple[BackupChoice, ...]:
    """Every backup, best first: the base score plus each rule that fits this user (ties keep file order)."""
    facts = user_facts(a, tier, route, green_card_open)
    safety = "high risk tier" if tier == "high" else "you must match this cycle"
    scored = []
    for index, r in enumerate(rules):
        fitting = [rule for rule in r.rules if rule.fits(facts)]
        score = r.base + sum(rule.points for rule in fitting)
        reasons = (r.why, *(rule.why.format(safety=safety) for rule in fitting))
        safe = sum(rule.points for rule in fitting if "safety" in rule.when)
        scored.append((-score, index, BackupChoice(r.specialty, score, reasons, safe)))
    return tuple(choice for _, _, choice in sorted(scored, key=lambda t: (t[0], t[1])))


def safest_second(backups: tuple[BackupChoice, ...]) -> str | None:
    """The backup the ranking's own ``safety`` rules call the safest, when it is not the top backup (a must-match
    client then gets a list in it too: one specialty's list is the largest avoidable risk left)."""
    if not backups:
        return None
    best = max(backups, key=lambda b: b.safety_points)
    return best.id if best.safety_points > backups[0].safety_points and best.id != backups[0].id else None
