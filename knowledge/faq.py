"""FAQ entries (data/faq/*.yaml): loading, query building and the confidence rule.

Pure. The full-text index itself lives in SQLite (``storage.faq_index``); this
module turns user text into safe search terms (never FTS5 syntax), expands the
field's abbreviations, and decides whether the best match is confident enough.
"""

from __future__ import annotations

import math
import re
import weakref
from dataclasses import dataclass, replace
from typing import Any, Callable, Sequence

from knowledge.answers import DEMONYM_ENDINGS, _country_names
from knowledge.faq_entries import (REQUIRED_IDS, FaqEntry, FaqIndex, OutsideRule, Scope, digest, index_rows, load_faq,
                                   load_scope, next_topics, season_match, season_values)
from knowledge.faq_words import (FIELD_STEMS, LIGHT_WORDS, MAX_TEXT, MIN_CORRECTED, SAME_IDEA, STOPWORDS, SYNONYMS,
                                 canonical, concepts, plain, query_terms, speller_for)

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
    note: str = ""  # the refusal said to the user, when an ``outside`` rule refused (plain text)
    ask: bool = False  # the rule asks back (another specialty named beside the field): offer the closest topics

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "answered": self.answered,
                "results": [{"id": i, "score": round(s, 4)} for i, s in self.results]}


def _mend_typos(index: FaqIndex, text: str, hits: dict[str, dict[str, float]],
                extra: frozenset[str] = frozenset()) -> str:
    """The question with each word that no entry has (even after stemming) replaced by the entry
    word one edit away, if there is one; done before synonyms so "famly medicine" also means FM.
    ``extra`` words are mended to as well (the scope's: "dermatoiogy" is still another specialty).
    Lookups made here are kept in ``hits`` so the search does not repeat them."""
    def matching(word: str) -> dict[str, float]:
        if word not in hits:
            hits[word] = index.matching(word)
        return hits[word]

    speller = speller_for(index.words() | extra)
    words = canonical(text[:MAX_TEXT]).split()
    for i, word in enumerate(words):
        if word in speller.words or word in STOPWORDS or len(word) < MIN_CORRECTED - 1 or matching(word):
            continue
        fixed = speller.correct(word)
        if fixed != word and (fixed in extra or matching(fixed)):
            words[i] = fixed
    return " ".join(words)


# --------------------------------------------------------------------------- reading a whole message

#: Words that open a sentence that asks; a sentence ending in "?" asks too.
QUESTION_OPENERS = frozenset("""
how what whats which when where why who whom can could should shall would will is are am do does did have has
any anyone anybody need must may might isnt arent cant wont dont doesnt shouldnt wouldnt couldnt
""".split())
#: Words that lead into a sentence without changing what it asks ("so, how many...").
FILLERS = frozenset("so and but also now then basically ok okay well hi hello hey guys folks sir madam dear "
                    "please pls plz kindly".split())
ASKING = re.compile(r"\b(?:advice|advise|suggest|suggestions?|(?:^\W*|please |pls |plz |you |someone |anyone |"
                    r"somebody |anybody )tell me|wondering|want to know|wanna know|help me|"
                    r"guide me|thoughts|opinions?|is it possible|what to do|please help|pls help|confused about)\b")
#: How much a word of the telling part of a message counts next to a word of the asking part.
PREAMBLE_WEIGHT = 0.35
CANDIDATES = 10  # entries the asking part picks to be scored
STORY_CANDIDATES = 3  # entries the telling part adds
COVERING_CANDIDATES = 5  # entries the asking part's ideas point at most, added to bm25's
#: A question asked inside a sentence: "i want rads programs that sponsor visa, where do i even start".
ASKED_CLAUSE = re.compile(r"\b(?:how|what|which|where|when|why|who)\s+(?:do|does|did|should|shall|can|could|would|"
                          r"will|is|are|am|must)\s+(?:i|we|you|u|one|they|it|my|programs?)\b")


def _asks(sentence: str) -> bool:
    words = [w for w in canonical(sentence).split() if w not in FILLERS]
    return sentence.rstrip().endswith("?") or bool(words and words[0] in QUESTION_OPENERS) \
        or bool(ASKING.search(sentence.lower())) or bool(ASKED_CLAUSE.search(" ".join(words)))


def _own_words(sentence: str) -> list[str]:
    """The words of a sentence that say something: not stop words, question words or light words."""
    return [w for w in canonical(sentence).split()
            if w not in STOPWORDS and w not in LIGHT_WORDS and w not in FILLERS and w not in QUESTION_OPENERS
            and len(w) > 1 and not w.isdigit()]


def _thin_for(index: FaqIndex) -> Callable[[str], bool]:
    """A sentence says too little of its own to be looked up alone when none of its words that say something
    is a word of the field that an entry has: "Is that allowed?", "Is there anything I can still do at this
    point?", "What can I do?"; or when its only such words are what most entries are about ("Is that true for
    rads?", "Does that apply to IMGs?")."""
    def thin(sentence: str) -> bool:
        half = index.size() / 2
        return not any(t.startswith(FIELD_STEMS) and 0 < len(index.matching(t)) <= half
                       for w in _own_words(sentence) for t in (w, *SYNONYMS.get(w, "").split()))
    return thin


#: A sentence that opens by telling about the applicant ("I'm a consultant radiologist in India with FRCR, can
#: I work...", "i like microscopes, is path a decent plan b") tells up to the comma before the question in it.
TELLS_FIRST = re.compile(r"^\W*(?:i|im|my)\b", re.IGNORECASE)
ASKS_AFTER_COMMA = re.compile(r",\s+(?=(?:so\s+|but\s+|and\s+)?(?:can|could|should|shall|would|will|do|does|is|are|am|"
                              r"must|how|what|which|when|where|why)\s+(?:i|we|it|my|one|you|u|there|they)\b)",
                              re.IGNORECASE)


def _clauses(sentence: str) -> list[str]:
    """A sentence, or its telling opening and its question when it opens by telling about the applicant."""
    if TELLS_FIRST.match(sentence):
        split = ASKS_AFTER_COMMA.split(sentence, maxsplit=1)
        if len(split) == 2 and split[1].strip():
            return [split[0] + ",", split[1]]
    return [sentence]


def parts(text: str, thin: Callable[[str], bool] | None = None) -> tuple[str, str]:
    """(what the message asks, what it only tells): in "I graduated in 2019 with 245 on CK. How many
    programs should I apply to?" the second sentence is the question. A message whose sentences all ask,
    or none does, is all question. An asking sentence that says too little of its own (``thin``; by default
    one with no word of the field: "A program offered me a contract. Is that allowed?") takes the sentence
    before it along."""
    thin = thin or (lambda sentence: not any(w.startswith(FIELD_STEMS) for w in _own_words(sentence)))
    aside = " ".join(ASIDE.findall(text))  # "(PhD, not a clinician)", "(2nd attempt)": told, not asked
    if aside and ASIDE.sub(" ", text).strip(" ?.!"):
        asked, told = parts(ASIDE.sub(" ", text), thin)
        return asked, f"{told} {aside}".strip()
    sentences = [c for s in re.split(r"(?<=[.!?;:])\s+|\n+", text) if s.strip() for c in _clauses(s)]
    if len(sentences) < 2:
        return text, ""
    asks = [_asks(s) for s in sentences]
    if all(asks) or not any(asks):
        return text, ""
    asking = list(asks)
    for i in range(len(sentences) - 1, 0, -1):  # "...a contract. Is that allowed?": the contract is asked about
        if asks[i] and not asks[i - 1] and thin(sentences[i]):  # (the sentence taken along takes no other)
            asking[i - 1] = True
    if all(asking):
        return text, ""
    return (" ".join(s for s, a in zip(sentences, asking) if a),
            " ".join(s for s, a in zip(sentences, asking) if not a))


#: A remark in brackets: what the message says about something, not what it asks.
ASIDE = re.compile(r"\(([^()]*)\)")


_EXAMS = r"(?:usmle )?(?:step ?[123](?: ck| cs)?|ck|cs)"
#: What an applicant says about themselves: scores, graduation years. Left out of the lookup, so that
#: "with 245 on Step 2 CK, how many programs..." is about how many programs, not about Step 2 CK.
DESCRIBES_APPLICANT = re.compile("|".join([
    r"\b(?:usmle )?(?:step ?[123] ?(?:ck|cs)?|ck|cs|score|scored|got|get|have|had|with|of|a|an) (?:score )?"
    r"(?:of |was |is |around |about |only )?\d{3}\b",
    r"\b\d{3} (?:on|in|at) (?:usmle )?(?:step ?[123]|ck)(?: ck)?\b",
    r"\b(?:graduated|graduating|graduate|graduation|grad|yog|class of|passed out|passout)(?: year)?(?: in| on| of)?"
    r" (?:19|20)\d{2}\b",
    r"\b(?:19|20)\d{2} (?:graduate|grad|yog|passout|pass out)\b",
    # the exams they say they passed ("I passed step 1 and ck", a message opening "passed step 1 and ck but..."):
    # where they stand, not what they ask ("do I need step 3 passed before..." keeps its words)
    rf"(?:^|\bi (?:have |ve |had |already |just |recently |also )*)(?:passed|cleared|done with|finished|took|gave|"
    rf"given|taken)(?: the)? {_EXAMS}(?: (?:and|n|&) {_EXAMS})*",
]))
#: Words before a country that make it the applicant's own ("I'm from Zimbabwe", "a citizen of Iran").
OWN_COUNTRY = frozenset("from im am citizen citizens national nationals nationality passport studied graduated "
                        "live living based born".split())


def _countries(words: list[str], scope: Scope) -> list[str]:
    """The words with the applicant's own country replaced: "suspended country" when visas are suspended
    for it (the suspension entry's words), nothing otherwise. A country named for another reason ("residency
    in Canada") stays."""
    names = _country_names()
    out: list[str] = []
    i = 0
    while i < len(words):
        found = 0
        codes: frozenset[str] = frozenset()
        for n in (3, 2, 1):
            name = " ".join(words[i:i + n])
            if len(words[i:i + n]) == n and name in names:
                found, codes = n, names[name]
                break
        demonym = False
        if not found:
            word = words[i][:-1] if words[i].endswith("s") and len(words[i]) > 5 else words[i]
            for end in DEMONYM_ENDINGS:
                stem = word[:-len(end)]
                if word.endswith(end) and len(stem) >= 4 and stem in names:
                    found, codes, demonym = 1, names[stem], True
                    break
        own = found and (demonym or (i > 0 and words[i - 1] in OWN_COUNTRY) or (i > 1 and words[i - 2] in OWN_COUNTRY))
        if not own:
            out.append(words[i])
            i += 1
            continue
        if codes & scope.suspended:
            out += ["suspended", "country"]
        i += found
    return out


#: Words after "im" that make it "I'm" ("im from Bangladesh", "im a dentist", "im applying"), not IM.
I_AM_NEXT = frozenset("""
a an the from not so very really also still just now currently gonna going trying planning hoping aiming thinking
wondering asking looking confused worried scared afraid sure done interested new glad stuck lost here there
""".split())
#: Words in -ing that follow IM as nouns ("IM training", "IM matching").
IM_NOUNS_ING = frozenset("training matching ranking interviewing residency".split())


#: "im"/"Im" before such a word, or before a word in -ing that is not one of those nouns ("im applying");
#: "IM" in capitals is always internal medicine.
I_AM = re.compile(r"\b[Ii]m\s+(?=(?:" + "|".join(sorted(I_AM_NEXT)) + r")\b|(?!(?:"
                  + "|".join(sorted(IM_NOUNS_ING)) + r")\b)[a-z]{2,}ing\b)")


def lookup_text(text: str, scope: Scope, known: frozenset[str]) -> str:
    """The message as the lookup reads it: canonical, the applicant's scores, graduation year, the exams they
    passed and own country left out (a suspended nationality becomes "suspended country"), numbers no entry
    has, and "im" read as "I'm" where it is ("im from Ghana", not IM)."""
    text = I_AM.sub("I am ", text)
    words = DESCRIBES_APPLICANT.sub(" ", canonical(text)).split()
    words = [w for w in _countries(words, scope) if not (w.isdigit() and len(w) >= 3 and w not in known)]
    return " ".join(words)


def outside(text: str, scope: Scope) -> tuple[OutsideRule, str, bool] | None:
    """The ``outside`` rule a question falls under, what matched ("dermatology") and whether to ask back
    (the rule allows it and the question also names the field: "dermatology or radiology?"), or None."""
    words = canonical(text)
    if scope.not_outside is not None:
        words = scope.not_outside.sub(" ", words)
    for rule in scope.outside:
        m = rule.pattern.search(words)
        if m and not (rule.unless is not None and rule.unless.search(words)):
            field_named = scope.field_words is not None and bool(scope.field_words.search(words))
            return rule, m.group(0), rule.ask_if_field and field_named
    return None


@dataclass(frozen=True)
class Ranking:
    """How a message was read and ranked: what ``search`` decides on (and what a diagnosis prints)."""

    asked: str  # the asking part
    told: str  # the telling part ("" when the whole message asks)
    asked_ideas: tuple[tuple[str, ...], ...]
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
    reading = Ranking(asked, told, tuple(q_ideas), tuple(p_ideas), (), {}, unknown, refusal,
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
    return FaqResult(text, True, results) if confident(r) else FaqResult(text, False, results, "not_covered")


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


#: What callers use from here (the search, its result, and the words, entries and message reading it is built on).
__all__ = ["MAX_TEXT", "REQUIRED_IDS", "FaqEntry", "FaqIndex", "FaqResult", "Ranking", "Scope", "canonical", "digest",
           "index_rows", "load_faq", "load_scope", "lookup_text", "next_topics", "parts", "plain", "query_terms", "rank",
           "search", "season_match", "season_values", "speller_for"]
