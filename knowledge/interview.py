"""Interview guidance and the red-flag checker for interview answers and personal statements.

Pure. Content and rules live in ``data/interview.yaml`` and ``data/checker.yaml``; this module
validates them (errors name the file and field), picks model phrasings for a profile, and
checks a text: normalise -> split into sentences -> match rules (with negation) -> missing items
-> one suggested rewrite.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from knowledge.loader import Conditional, Specialty, _Ctx, read_when, read_yaml, unique_ids

ROLES = ("backup", "radiology", "any")
#: What a specialty's role in specialties.yaml is to the checker's rules (``applies_to``).
RULES_FOR = {"goal": "radiology", "backup": "backup", "pgy1": "pgy1"}
KINDS = ("interview", "statement")
#: What the checker accepts (characters). A statement spans several Telegram messages.
MAX_CHARS = {"statement": 20_000, "interview": 5_000}
QUOTE_CHARS = 220
NEGATION_WINDOW = 6  # words before a match, within its clause
CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:but|although|though|however|while|whereas|yet)\b")


class CheckError(ValueError):
    """Input the checker cannot take (unknown specialty or kind, empty or oversized text)."""


# --------------------------------------------------------------------------- content

@dataclass(frozen=True)
class Guidance:
    specialty: str
    title: str
    emphasise: tuple[str, ...]
    phrasings: tuple[Conditional, ...]
    pitfalls: tuple[str, ...]
    motivation_words: tuple[str, ...]
    model: str

    def phrasings_for(self, answers: Mapping[str, object], limit: int = 3) -> list[str]:
        """Up to ``limit`` model phrasings: those written for this profile first, then general ones.

        Without answers (no assessment yet) the profile-specific ones serve as examples too."""
        fitted = [p.text for p in self.phrasings if p.when and (not answers or p.fits(answers))]
        general = [p.text for p in self.phrasings if not p.when]
        return (general + fitted if not answers else fitted + general)[:limit]


@dataclass(frozen=True)
class Rule:
    id: str
    applies_to: str
    kinds: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    unless_followed_by: frozenset[str]
    negatable: bool
    severity: int
    why: str
    rewrite: str


@dataclass(frozen=True)
class MissingCheck:
    id: str
    label: str
    applies_to: str
    kinds: tuple[str, ...]
    words: tuple[str, ...] | None  # None: the specialty's motivation words
    tip: str


@dataclass
class Coaching:
    """Everything /interview and the checker need, validated."""

    guidance: dict[str, Guidance]
    avoid: tuple[tuple[str, str], ...]
    practice: dict[str, tuple[str, ...]]
    rules: tuple[Rule, ...]
    missing: tuple[MissingCheck, ...]
    replacements: tuple[tuple[re.Pattern[str], str], ...]
    negators: tuple[str, ...]
    names: dict[str, str] = field(default_factory=dict)  # specialty id -> display name
    roles: dict[str, str] = field(default_factory=dict)  # specialty id -> the rules that apply (RULES_FOR)

    def role(self, specialty: str) -> str:
        return self.roles.get(specialty, "pgy1")


@lru_cache(maxsize=64)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(w.lower()) for w in words), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


def _load_guidance(data_dir: Path, specialties: dict[str, Specialty]) \
        -> tuple[dict[str, Guidance], tuple[tuple[str, str], ...], dict[str, tuple[str, ...]]]:
    ctx = _Ctx("interview.yaml")
    doc = read_yaml(data_dir / "interview.yaml")
    raw = ctx.get(doc, "guidance", "", dict)
    guidance: dict[str, Guidance] = {}
    for sid, item in raw.items():
        where = f"guidance.{sid}"
        if sid not in specialties:
            raise ctx.fail(where, f"unknown specialty id '{sid}'")
        phrasings = []
        for i, p in enumerate(ctx.get(item, "phrasings", where, list)):
            pw = f"{where}.phrasings[{i}]"
            phrasings.append(Conditional(ctx.get(p, "text", pw).strip(), read_when(ctx, p, pw)))
        if not any(not p.when for p in phrasings):
            raise ctx.fail(f"{where}.phrasings", "needs at least one phrasing without `when:`")
        model = ctx.get(item, "model", where).strip()
        guidance[sid] = Guidance(sid, ctx.get(item, "title", where), ctx.strings(item, "emphasise", where),
                                 tuple(phrasings), ctx.strings(item, "pitfalls", where),
                                 ctx.strings(item, "motivation_words", where), model)
    for sid, spec in specialties.items():  # the goal and every backup: /interview offers them all
        if spec.role != "pgy1" and sid not in guidance:
            raise ctx.fail("guidance", f"missing specialty '{sid}'")
    avoid = []
    for i, item in enumerate(ctx.get(doc, "avoid", "", list)):
        avoid.append((ctx.get(item, "say", f"avoid[{i}]"), ctx.get(item, "instead", f"avoid[{i}]")))
    practice = {}
    for sid, questions in ctx.get(doc, "practice", "", dict).items():
        if sid not in guidance:
            raise ctx.fail(f"practice.{sid}", f"no guidance for specialty '{sid}'")
        practice[sid] = ctx.strings({"q": questions}, "q", f"practice.{sid}")
    return guidance, tuple(avoid), practice


def _load_rules(data_dir: Path) -> tuple[tuple[Rule, ...], tuple[MissingCheck, ...],
                                         tuple[tuple[re.Pattern[str], str], ...], tuple[str, ...]]:
    ctx = _Ctx("checker.yaml")
    doc = read_yaml(data_dir / "checker.yaml")
    replacements = []
    for section in ("contractions", "spelling"):
        for target, variants in ctx.get(doc, section, "", dict).items():
            words = ctx.strings({"v": variants}, "v", f"{section}.{target}")
            replacements.append((_words_pattern(tuple(words)), str(target)))
    negators = ctx.strings(doc, "negators", "")
    rules = []
    raw_rules = ctx.get(doc, "rules", "", list)
    unique_ids(ctx, raw_rules, "rules")
    for i, raw in enumerate(raw_rules):
        where = f"rules[{i}]"
        rid = ctx.get(raw, "id", where)
        applies = ctx.choice(raw, "applies_to", where, ROLES)
        kinds = ctx.strings(raw, "kinds", where)
        if set(kinds) - set(KINDS):
            raise ctx.fail(f"{where}.kinds", f"must be from {', '.join(KINDS)}")
        patterns = []
        for j, text in enumerate(ctx.strings(raw, "patterns", where)):
            try:
                patterns.append(re.compile(text))
            except re.error as exc:
                raise ctx.fail(f"{where}.patterns[{j}]", f"not a valid pattern: {exc}") from None
        severity = ctx.get(raw, "severity", where, int)
        if not 1 <= severity <= 3:
            raise ctx.fail(f"{where}.severity", "must be 1, 2 or 3")
        rules.append(Rule(rid, applies, kinds, tuple(patterns),
                          frozenset(w.lower() for w in ctx.strings(raw, "unless_followed_by", where, False)),
                          ctx.get(raw, "negatable", where, bool), severity,
                          " ".join(ctx.get(raw, "why", where).split()),
                          " ".join(ctx.get(raw, "rewrite", where).split())))
    missing = []
    for i, raw in enumerate(ctx.get(doc, "missing", "", list)):
        where = f"missing[{i}]"
        motivation = isinstance(raw, dict) and raw.get("words") == "motivation"  # the specialty's own words
        listed = None if motivation else ctx.strings(raw, "words", where)
        applies = ctx.choice(raw, "applies_to", where, ROLES)
        missing.append(MissingCheck(ctx.get(raw, "id", where), ctx.get(raw, "label", where), applies,
                                    ctx.strings(raw, "kinds", where), listed,
                                    " ".join(ctx.get(raw, "tip", where).split())))
    return tuple(rules), tuple(missing), tuple(replacements), negators


def load_coaching(data_dir: Path, specialties: dict[str, Specialty]) -> Coaching:
    guidance, avoid, practice = _load_guidance(data_dir, specialties)
    rules, missing, replacements, negators = _load_rules(data_dir)
    names = {sid: spec.name for sid, spec in specialties.items()}
    roles = {sid: RULES_FOR[spec.role] for sid, spec in specialties.items()}
    return Coaching(guidance, avoid, practice, rules, missing, replacements, negators, names, roles)


# --------------------------------------------------------------------------- checking

@dataclass(frozen=True)
class Flag:
    rule: str
    quote: str
    why: str
    sentence: int
    severity: int

    def to_json(self) -> dict[str, str]:
        return {"rule": self.rule, "quote": self.quote, "why": self.why}


@dataclass(frozen=True)
class CheckResult:
    specialty: str
    kind: str
    red_flags: tuple[Flag, ...]
    missing: tuple[tuple[str, str], ...]  # (id, label)
    suggestion: str | None

    def to_json(self) -> dict[str, Any]:
        """CONTRACTS §5 (``missing`` lists the labels; ``missing_ids`` adds the stable ids)."""
        return {"specialty": self.specialty, "kind": self.kind,
                "red_flags": [f.to_json() for f in self.red_flags],
                "missing": [label for _, label in self.missing],
                "missing_ids": [mid for mid, _ in self.missing],
                "suggestion": self.suggestion}


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*", re.S)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'",
                              "\u201c": '"', "\u201d": '"'})


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip(" \t\"'")]


def normalise(coaching: Coaching, text: str) -> str:
    """Lower case, straight apostrophes, contractions and spelling variants written out."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    text = re.sub(r"[-/_]+", " ", text)
    for pattern, target in coaching.replacements:
        text = pattern.sub(target, text)
    text = text.replace("'", "")
    text = re.sub(r"[^\w\s,;:]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _negated(coaching: Coaching, before: str) -> bool:
    clause = CLAUSE_BREAK.split(before)[-1]
    window = " ".join(clause.split()[-NEGATION_WINDOW:])
    return any(re.search(rf"\b{re.escape(n)}\b", window) for n in coaching.negators)


def _applies(coaching: Coaching, item: Rule | MissingCheck, specialty: str, kind: str) -> bool:
    """Does a rule or a missing-item check apply to this kind of text for this specialty?"""
    return kind in item.kinds and item.applies_to in ("any", coaching.role(specialty))


def _match(coaching: Coaching, rule: Rule, sentence: str) -> bool:
    for pattern in rule.patterns:
        for m in pattern.finditer(sentence):
            following = sentence[m.end():].split()
            if following and following[0].strip(",;:") in rule.unless_followed_by:
                continue
            if rule.negatable and _negated(coaching, sentence[:m.start()]):
                continue
            return True
    return False


def _quote(sentence: str) -> str:
    return sentence if len(sentence) <= QUOTE_CHARS else sentence[:QUOTE_CHARS - 1].rstrip() + "…"


def fill(coaching: Coaching, template: str, specialty: str, answers: Mapping[str, object] | None = None) -> str:
    experience = {"hands_on": "US hands-on rotation", "observership": "US observership"}.get(
        str((answers or {}).get("us_clinical_experience")), "clinical training")
    name = coaching.names.get(specialty, specialty).lower()
    model = coaching.guidance[specialty].model if specialty in coaching.guidance else ""
    model = " ".join(model.split()).replace("{experience}", experience)
    return " ".join(template.split()).replace("{model}", model).replace("{specialty}", name)


def _missing(coaching: Coaching, specialty: str, kind: str, body: str) -> list[MissingCheck]:
    """What a good text must contain and the sentences without red flags do not."""
    missing = []
    for item in coaching.missing:
        if not _applies(coaching, item, specialty, kind):
            continue
        words = item.words
        if words is None:
            guidance = coaching.guidance.get(specialty)
            words = guidance.motivation_words if guidance else ()
        if words and not _words_pattern(words).search(body):
            missing.append(item)
    return missing


def _worst(flags: list[Flag]) -> list[Flag]:
    """The flagged sentence to rewrite: the most severe in sum, the earliest on a tie."""
    by_sentence: dict[int, list[Flag]] = {}
    for f in flags:
        by_sentence.setdefault(f.sentence, []).append(f)
    return max(by_sentence.values(), key=lambda fs: (sum(f.severity for f in fs), -fs[0].sentence))


def check(coaching: Coaching, specialty: str, kind: str, text: str,
          answers: Mapping[str, object] | None = None) -> CheckResult:
    """Check one interview answer or statement; raise CheckError for input it cannot take."""
    if specialty not in coaching.names:
        raise CheckError(f"unknown specialty '{specialty}'; use one of: {', '.join(coaching.names)}")
    if kind not in KINDS:
        raise CheckError(f"unknown kind '{kind}'; use interview or statement")
    if not text.strip():
        raise CheckError("the text is empty")
    if len(text) > MAX_CHARS[kind]:
        raise CheckError(f"the text has {len(text):,} characters; I check up to {MAX_CHARS[kind]:,} "
                         f"for {'a statement' if kind == 'statement' else 'an interview answer'}")
    rules = [r for r in coaching.rules if _applies(coaching, r, specialty, kind)]
    flags: list[Flag] = []
    clean: list[str] = []
    for index, original in enumerate(sentences(text)):
        norm = normalise(coaching, original)
        hits = [r for r in rules if _match(coaching, r, norm)]
        flags.extend(Flag(r.id, _quote(original), r.why, index, r.severity) for r in hits)
        if not hits:
            clean.append(norm)
    missing = _missing(coaching, specialty, kind, " ".join(clean))
    suggestion = None
    if flags:
        worst = _worst(flags)
        rule = next(r for r in rules if r.id == worst[0].rule)
        suggestion = f"Instead of \"{worst[0].quote}\", try: \"{fill(coaching, rule.rewrite, specialty, answers)}\""
    elif missing:
        suggestion = fill(coaching, missing[0].tip, specialty, answers)
    return CheckResult(specialty, kind, tuple(flags), tuple((m.id, m.label) for m in missing), suggestion)
