"""The FAQ lookup: the entries ranked for a message, and the confidence rule that decides whether the best one
answers it (else the closest topics, or a refusal with its reason).

Pure. The full-text index itself lives in SQLite (``storage.faq_index``). Built on ``faq_words`` (the field's
words; user text to safe search terms, never FTS5 syntax, with abbreviations expanded), ``faq_message`` (what a
message asks and only tells, what is left out of the lookup, what lies outside the FAQ) and ``faq_entries``
(the entries and scope loaded, the index rows, this season's dates). Callers import from here.
"""

from __future__ import annotations

import math
import re
import weakref
from dataclasses import dataclass, replace
from typing import Any, Sequence

from knowledge.faq_entries import (REQUIRED_IDS, AskKind, FaqEntry, FaqIndex, OutsideRule, Scope, digest, index_rows,
                                   load_faq, load_scope, next_topics, season_match, season_values)
from knowledge.faq_message import lookup_text, _mend_typos, outside, parts, _thin_for
from knowledge.faq_words import (FIELD_STEMS, LIGHT_WORDS, MAX_TEXT, SAME_IDEA, STOPWORDS, canonical, concepts, plain,
                                 query_terms, speller_for)

#: How much a light word (``faq_words.LIGHT_WORDS``) counts in the confidence and ranking.
LIGHT_WEIGHT = 0.3
ASK_WEIGHT = 1.0  # how much the single closest phrasing counts next to coverage and bm25
MUTUAL_WEIGHT = 1.0  # how much of the closest phrasing the question says
CONFIDENT_COVERAGE = 0.25  # chosen on the development set (was 0.3); README has both sets' figures
UNKNOWN_COVERAGE = 0.3  # the bar when the question has a word no entry knows...
UNKNOWN_MUTUAL = 0.4  # ...and how much of the best entry's closest phrasing it must say (chosen on the development set)


@dataclass(frozen=True)
class FaqResult:
    query: str
    answered: bool
    results: tuple[tuple[str, float], ...]  # (id, score), best first
    #: why there is no answer: "" (answered), "not_covered" (a question about the field that no entry
    #: covers: the closest topics are offered), "off_topic" (nothing of the field in it), "no_words" (nothing
    #: to look up), or an ``outside`` rule of faq/_scope.yaml ("other_specialty", "family_visa", "patient")
    reason: str = ""
    #: the refusal said to the user, when an ``outside`` rule refused; or, declining a kind of ask no entry here
    #: answers, what is not covered ("I don't have an answer about pay and salaries.") (plain text)
    note: str = ""
    ask: bool = False  # the rule asks back (another specialty named beside the field): offer the closest topics

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "answered": self.answered,
                "results": [{"id": i, "score": round(s, 4)} for i, s in self.results]}


#: How much a word of the telling part of a message counts next to a word of the asking part.
PREAMBLE_WEIGHT = 0.35
CANDIDATES = 10  # entries the asking part picks to be scored
STORY_CANDIDATES = 3  # entries the telling part adds
COVERING_CANDIDATES = 5  # entries the asking part's ideas point at most, added to bm25's
@dataclass(frozen=True)
class Ranking:
    """How a message was read and ranked: what ``search`` decides on (and what a diagnosis prints)."""

    asked: str  # the asking part
    told: str  # the telling part ("" when the whole message asks)
    asked_ideas: tuple[tuple[str, ...], ...]
    asks: tuple[AskKind, ...]  # the kinds of ask (faq/_scope.yaml ``asks``) the asking part has
    told_ideas: tuple[tuple[str, ...], ...]
    scored: tuple[tuple[str, float, float], ...]  # (entry, score, coverage of the asking part), best first
    mutual: dict[str, float]  # entry -> how much of its closest phrasing the question says
    unknown: tuple[str, ...]  # the asking part's ideas that no entry has
    refusal: tuple[OutsideRule, str, bool] | None
    of_the_field: bool  # a word of the field is in the message


def rank(index: FaqIndex, text: str, scope: Scope | None = None) -> Ranking:
    """Read ``text`` (its asking and telling parts, its ideas) and rank the entries for it."""
    scope = scope or Scope()
    text = text[:MAX_TEXT]
    asked, told = parts(text, _thin_for(index))
    known = index.words()
    looked_up: dict[str, dict[str, float]] = {}
    mended = _mend_typos(index, lookup_text(asked, scope, known), looked_up, scope.words)
    q_ideas = concepts(mended, scope.everyday)
    asked_first = {q[0] for q in q_ideas}
    p_ideas = [c for c in concepts(_mend_typos(index, lookup_text(told, scope, known), looked_up), scope.everyday,
                                   last=True) if c[0] not in asked_first] if told else []
    ideas = q_ideas + p_ideas
    refusal = outside(asked, scope) or outside(mended, scope)
    terms = list(dict.fromkeys(t for idea in ideas for t in idea))
    hits = {t: looked_up[t] if t in looked_up else index.matching(t) for t in terms}
    # a word of the question that no entry has ("moonlight", "hobbies") is often the topic itself; everyday
    # English no entry has ("bro", "done", "eventually") never is, and counts as a light word; so does a number no
    # entry has ("50? 100? all of them?") and a count in one digit ("0 rads interviews and only 1 IM"; not "step 1")
    exams = set(re.findall(r"\bstep (\d)\b", f"{mended} {told and canonical(told)}"))
    light = LIGHT_WORDS | {idea[0] for idea in ideas if len(idea[0]) == 1 and idea[0].isdigit() and idea[0] not in exams
                           or not any(hits[t] for t in idea) and (plain(idea[0]) or idea[0].isdigit())}
    unknown = tuple(idea[0] for idea in q_ideas if not any(hits[t] for t in idea) and len(idea[0]) > 2
                    and not idea[0].isdigit() and idea[0] not in light)
    said = f" {canonical(asked)} | {mended} "
    kinds = scope.asked(said)
    reading = Ranking(asked, told, tuple(q_ideas), kinds, tuple(p_ideas), (), {}, unknown, refusal,
                      any(t.startswith(FIELD_STEMS) for t in terms))
    # the asking part picks the candidates when it names anything the entries know, and the story before it
    # adds the few entries it points at most ("MyIntealth has not verified my diploma. Will programs see my
    # application as incomplete?"); each is ranked by how well it answers the question
    q_terms = [t for idea in q_ideas for t in idea]
    lead = list(dict.fromkeys([t for t in q_terms if hits[t]] or [t for t in terms if hits[t]]))
    pointed = _pointed_at(index, [idea for idea in p_ideas if not any(t in lead for t in idea)], hits, light)
    # bm25 picks by the words, and the field's common ones spelled out ("DR" is also "diagnostic radiology",
    # "IMG" "international medical graduate") can crowd out the entry that has the question's own ideas
    # ("how many DR programs should an IMG apply to"): the entries that cover the asking part most join in
    pointed = list(dict.fromkeys([*_pointed_at(index, q_ideas, hits, light, COVERING_CANDIDATES), *pointed]))
    every = index.ranked(lead, index.size()) if lead else []
    ranked = every[:CANDIDATES]
    if ranked and pointed:
        bm25, chosen = dict(every), {e for e, _ in ranked}
        ranked += [(e, bm25.get(e, 0.0)) for e in pointed if e not in chosen]
    if not ranked:
        return reading
    part = {idea: 1.0 for idea in q_ideas} | {idea: PREAMBLE_WEIGHT for idea in p_ideas}
    scored, mutual = _score(index, ideas, hits, ranked, lead, part, light)
    return replace(reading, scored=tuple(scored), mutual=mutual)


def _pointed_at(index: FaqIndex, ideas: list[tuple[str, ...]], hits: dict[str, dict[str, float]],
                light: set[str], limit: int = STORY_CANDIDATES) -> list[str]:
    """The STORY_CANDIDATES entries the telling part's ideas point at most (rare ideas counting more)."""
    total = index.size()
    points: dict[str, float] = {}
    for idea in ideas:
        found = hits[idea[0]] if len(idea) == 1 else {}
        for t in idea if len(idea) > 1 else ():
            for entry, h in hits[t].items():
                found[entry] = max(h, found.get(entry, 0.0))
        if not found:
            continue
        weight = _idf(total, len(found)) * (LIGHT_WEIGHT if idea[0] in light else 1.0)
        for entry, h in found.items():
            points[entry] = points.get(entry, 0.0) + weight * h
    return sorted(points, key=lambda e: (-points[e], e))[:limit]


def search(index: FaqIndex, text: str, limit: int = 5, scope: Scope | None = None) -> FaqResult:
    """Rank entries for ``text`` and decide whether the best one is a confident answer. The asking part
    of a long message counts more than what it tells about the applicant; a question outside the field
    (``scope``) is refused with its reason, or asked back when it also names the field."""
    text = text[:MAX_TEXT]
    r = rank(index, text, scope)
    if not r.asked_ideas and not r.told_ideas:
        return FaqResult(text, False, (), "no_words")
    results = tuple((i, s) for i, s, _ in r.scored[:limit])
    if r.refusal:
        return _refused(text, results, r.refusal)
    if not results:
        return FaqResult(text, False, (), "not_covered")
    if not r.of_the_field:
        return FaqResult(text, False, results, "off_topic")
    if r.asks:
        return _asked_kind(index, text, r, results)
    return FaqResult(text, True, results) if confident(r) else FaqResult(text, False, results, "not_covered")


def _asked_kind(index: FaqIndex, text: str, r: Ranking, results: tuple[tuple[str, float], ...]) -> FaqResult:
    """A question asking a kind of ask (faq/_scope.yaml ``asks``) is answered only by a best entry that says it
    answers that kind; otherwise it is declined, saying what is not covered, with the closest topics (in the
    ranking's order: CONTRACTS §4 lists the best matches first). "How do I find an observership" shares its words with the observership entry,
    which says whether one is enough, not where to find one. (Answering instead with a runner-up that names
    the kind changed no labelled question, and answered "the Step 3 exam fee" with the application fees.)"""
    kinds = {kind.id for kind in r.asks}
    best = index.answers(results[0][0])
    if kinds <= best:
        return FaqResult(text, True, results) if confident(r) else FaqResult(text, False, results, "not_covered")
    unanswered = [kind for kind in r.asks if kind.id not in best]
    return FaqResult(text, False, results, "not_covered", declined_note(unanswered[0]))


def declined_note(kind: AskKind) -> str:
    """What the bot says it does not cover, and where it does help with it if anywhere."""
    return f"I don't have an answer about {kind.what}." + (f" {kind.see}" if kind.see else "")


def confident(r: Ranking) -> bool:
    """Whether the best entry answers the question: it covers enough of the asking part, more when the
    question has a word no entry knows, which must then say most of the entry's closest phrasing."""
    top, _, coverage = r.scored[0]
    return coverage >= CONFIDENT_COVERAGE and not r.unknown or (
        coverage >= UNKNOWN_COVERAGE and r.mutual.get(top, 0.0) >= UNKNOWN_MUTUAL)


def _refused(text: str, results: tuple[tuple[str, float], ...], found: tuple[OutsideRule, str, bool]) -> FaqResult:
    rule, named, ask = found
    return FaqResult(text, False, results, rule.id, rule.message.replace("{named}", named), ask)


def _score(index: FaqIndex, ideas: list[tuple[str, ...]], hits: dict[str, dict[str, float]],
           ranked: list[tuple[str, float]], lead: list[str], part: dict[tuple[str, ...], float],
           light: set[str]) -> tuple[list[tuple[str, float, float]], dict[str, float]]:
    """(entry, score, coverage), best first. The score adds coverage of the message's ideas (the telling
    part's at their lower weight), bm25, the closest phrasing, and how much of that phrasing the question
    says; the coverage returned is of the asking part alone (what the confidence rule reads), so a long
    story before the question does not make a right answer look unsure."""
    # Rare ideas weigh more: "observership" says more than "radiology". An idea no entry has
    # (weather, recipe, tourist) weighs most, which is what keeps off-topic questions out.
    total = index.size()
    found: dict[tuple[str, ...], dict[str, float]] = {}
    for idea in ideas:
        # an idea is found by its own word ("img" is indexed wherever the phrase is) and the one word it is short
        # for ("neuro" wherever "neurology" is); the other words only when that one is unknown ("mistake" through
        # "risk")
        merged: dict[str, float] = dict(hits[idea[0]])
        for t in idea[1:] if not merged else SAME_IDEA.get(idea[0], ()):
            for entry, h in hits[t].items():
                merged[entry] = max(h, merged.get(entry, 0.0))
        found[idea] = merged
    weight = {idea: _idf(total, len(found[idea])) * (LIGHT_WEIGHT if idea[0] in light else 1.0) * part[idea]
              for idea in ideas}
    all_weight = sum(weight.values()) or 1.0
    asked_weight = sum(w for idea, w in weight.items() if part[idea] == 1.0) or 1.0
    best_bm25 = max(-s for _, s in ranked) or 1.0
    asks = index.closest_asks(lead)
    best_ask = max((-s for s in asks.values()), default=0.0) or 1.0
    mutual = _mutual(index, ideas, weight, part, total, [entry for entry, _ in ranked])
    scored = []
    for entry_id, bm25 in ranked:
        said = {idea: weight[idea] * found[idea].get(entry_id, 0.0) for idea in ideas}
        coverage = sum(said.values()) / all_weight
        closeness = -asks.get(entry_id, 0.0) / best_ask  # its closest single phrasing, 0..1
        score = coverage + 0.5 * (-bm25 / best_bm25) + ASK_WEIGHT * closeness + MUTUAL_WEIGHT * mutual.get(entry_id, 0.0)
        asked = sum(w for idea, w in said.items() if part[idea] == 1.0) / asked_weight
        scored.append((entry_id, round(score, 4), asked))
    scored.sort(key=lambda r: -r[1])
    return scored, mutual


def _idf(total: int, spread: int) -> float:
    return math.log((total + 1) / (spread + 0.5))


#: Per index: each entry's ways of asking as (row id, the summed rarity of its words), worked out once.
_ASK_SIZES: "weakref.WeakKeyDictionary[Any, dict[str, list[tuple[int, float]]]]" = weakref.WeakKeyDictionary()


def _ask_sizes(index: FaqIndex, total: int) -> dict[str, list[tuple[int, float]]]:
    sizes = _ASK_SIZES.get(index)
    if sizes is None:
        sizes = {}
        for row, entry, spreads in index.ask_rows(frozenset(STOPWORDS)):
            sizes.setdefault(entry, []).append((row, sum(_idf(total, n) for n in spreads) or 1.0))
        _ASK_SIZES[index] = sizes
    return sizes


def _mutual(index: FaqIndex, ideas: list[tuple[str, ...]], weight: dict[tuple[str, ...], float],
            part: dict[tuple[str, ...], float], total: int, entries: Sequence[str]) -> dict[str, float]:
    """Entry -> how much of its closest way of asking the question says (rare words counting more), 0..1,
    for the candidate ``entries``. Coverage asks how much of the question an entry answers; this asks the
    reverse, so "how competitive is interventional radiology" is not the closest phrasing for "how
    competitive is radiology"."""
    rows_of = [(index.asks_with(t), weight[idea] / part[idea]) for idea in ideas for t in idea]
    sizes = _ask_sizes(index, total)
    best: dict[str, float] = {}
    for entry in entries:
        for row, size in sizes.get(entry, ()):
            said = sum(w for rows, w in rows_of if row in rows)
            if said:
                best[entry] = max(best.get(entry, 0.0), min(1.0, said / size))
    return best


#: What callers use from here: the search and its result, and what it is built on.
__all__ = ["MAX_TEXT", "REQUIRED_IDS", "FaqEntry", "FaqIndex", "FaqResult", "Ranking", "Scope", "canonical", "digest",
           "index_rows", "load_faq", "load_scope", "lookup_text", "next_topics", "parts", "plain", "query_terms",
           "rank", "search", "season_match", "season_values", "speller_for"]
