"""Reading an answer through a question's ``reading:`` words (questions.yaml): which option a sentence names,
what it denies, plans or names only for another field, and the doubt it says ("not sure", "I think").

Pure; used for choice and yes/no questions, and by the number, count and country readers for the words
around a number ("not taken yet", "none").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from dialogs.reading_base import (NEAR_MISSES, Reading, Value, _ask, _label, quoted, _read, _refuse,
                                  _with_rest)
from dialogs.reading_plans import answer_then_clause, denied_plan, reason_clause
from dialogs.reading_typos import person_spellings
from dialogs.sentence import (DOUBTS, HEDGES, LIKING_HEDGES, NEGATORS, NOT_NEGATIONS, OTHERS, PREDICATE_OPENERS, UNSURE_PHRASES,
                              Sentence, phrase, plain_text, same)
from knowledge.answers import AnswerMap
from knowledge.loader import ANY, TOPIC, Named, Question, WordReading


def _said(s: Sentence, spans: list[tuple[int, int]]) -> str:
    return " ".join(s.words[spans[0][0]:spans[0][1]]) if spans else ""


def _doubts(s: Sentence, opinion: bool) -> tuple[str, str]:
    """The first unsure phrase and the first hedge in the sentence (claiming their words), as typed."""
    return _said(s, s.claim_all(UNSURE_PHRASES)), _said(s, s.claim_all(DOUBTS if opinion else HEDGES))


# --------------------------------------------------------------------------- choices, read word by word

@dataclass(frozen=True)
class _Hit:
    value: Value | str  # an option value, TOPIC, or "?i" (the i-th unsure entry)
    start: int
    end: int


@lru_cache(maxsize=64)
def _phrases(r: WordReading) -> tuple[tuple[Value | str, tuple[str, ...]], ...]:
    """A question's keywords, topic and unsure words as word tuples, longest first (worked out once)."""
    phrases: list[tuple[Value | str, tuple[str, ...]]] = [(v, phrase(w)) for v, ws in r.keywords for w in ws]
    phrases += [(TOPIC, phrase(w)) for w in r.topic]
    phrases += [(f"?{i}", phrase(w)) for i, u in enumerate(r.unsure) for w in u.words]
    return tuple(sorted(((v, p) for v, p in phrases if p), key=lambda vp: -len(vp[1])))


@lru_cache(maxsize=1)
def _country_words() -> tuple[tuple[str, ...], ...]:
    from knowledge.answers import _country_names  # the folded names pycountry gives, worked out once there

    us = {"united states", "united states of america", "us", "usa", "america"}
    names = [n for n, codes in _country_names().items() if "US" not in codes and n not in us and len(n) >= 4]
    demonyms = ("indian", "pakistani", "egyptian", "nigerian", "filipino", "bangladeshi", "syrian", "jordanian",
                "iranian", "iraqi", "saudi", "lebanese", "nepali", "nepalese", "sri lankan", "kenyan", "ghanaian",
                "sudanese", "mexican", "brazilian", "colombian", "venezuelan", "cuban", "chinese", "russian",
                "ukrainian", "turkish", "moroccan", "tunisian", "algerian", "libyan", "yemeni", "afghan",
                "british", "canadian", "caribbean")
    return tuple(phrase(n) for n in (*names, *demonyms))


@lru_cache(maxsize=1)
def _us_words() -> tuple[tuple[str, ...], ...]:
    import pycountry

    states = [str(sub.name).lower() for sub in pycountry.subdivisions if sub.country_code == "US"]
    extra = ("us", "usa", "united states", "america", "american", "ny", "nyc", "boston", "chicago", "houston",
             "los angeles", "la", "ucla", "philadelphia", "detroit", "cleveland", "miami", "atlanta", "mayo",
             "johns hopkins", "hopkins", "seattle", "san francisco", "dallas", "baltimore", "brooklyn", "bronx",
             "new jersey", "nj", "pittsburgh", "st louis", "minneapolis", "phoenix", "denver", "us hospital")
    return tuple(phrase(w) for w in (*states, *extra))


_Words = tuple[tuple[tuple[str, ...], ...], frozenset[tuple[str, ...]]]


@lru_cache(maxsize=64)
def _named_words(named: Named) -> tuple[_Words, _Words]:
    """A group's words and ``unless`` words: the listed ones (matched with near spellings) and the names
    ``$countries`` and ``$us_places`` stand for (hundreds, matched as spelt, through a set), and a person
    ("mother", "wife"), matched as spelt too."""
    def expand(words: tuple[str, ...]) -> _Words:
        exact: set[tuple[str, ...]] = set()
        listed: list[tuple[str, ...]] = []
        for w in words:
            if w in ("$countries", "$us_places"):
                exact.update(_country_words() if w == "$countries" else _us_words())
            elif phrase(w) and len(phrase(w)) == 1 and phrase(w)[0] in OTHERS:
                exact.update((v,) for v in person_spellings(w))  # "no other option" is not "mother" (round 20a)
            elif phrase(w):
                listed.append(phrase(w))
        return tuple(listed), frozenset(exact)
    return expand(named.words), expand(named.unless)


def _not_counted(s: Sentence, r: WordReading, at: int) -> str:
    """The name of the first ``not_counted`` group that the part of word ``at`` falls under, or ""."""
    for named in r.not_counted:
        (words, exact), (unless, unless_exact) = _named_words(named)
        for k in (at, *s.referring_back(at)):  # "observership yes, but it was IM": the clause after says where
            if not s.in_part(k, words, exact):
                continue
            cancels = _said_at(s, k, unless, unless_exact)
            if not cancels:
                return named.name
            # both in one part ("observed in radiology while on IM rotation"): the nearer one to the keyword decides
            beside = [j for j in _said_at(s, k, words, exact, negated_too=True)  # "IM rotation", "rotation in IM"
                      if abs(j - k) == 1 or (abs(j - k) == 2 and s.words[min(j, k) + 1] in ("in", "of", "for"))]
            if k == at and beside and min(abs(j - k) for j in beside) < min(abs(j - k) for j in cancels):
                return named.name
    return ""


def _loose(s: Sentence, r: WordReading, clauses: set[int]) -> str:
    """A ``not_counted`` word standing in a clause with no keyword of its own ("observed in radiology for a week...
    online though", "IR observership, non-US (Canada)"): it may say the value does not count. "word (name)", or ""."""
    for named in r.not_counted:
        (words, exact), (unless, unless_exact) = _named_words(named)
        for k in range(len(s.words)):
            if s.clause[k] in clauses or (k > 0 and s.words[k - 1] in NEGATORS):
                continue
            said = s.in_part(k, words, exact)
            clause = [j for j in range(len(s.words)) if s.clause[j] == s.clause[k]]
            if said and not any(_said_at(s, j, unless, unless_exact) for j in clause):  # "one in Houston and one in
                return f"{said} ({named.name})"                                         # Lahore": one of them counts
    return ""


def _said_at(s: Sentence, at: int, phrases: tuple[tuple[str, ...], ...], exact: frozenset[tuple[str, ...]],
             negated_too: bool = False) -> list[int]:
    """Where one of the phrases stands in word ``at``'s part, not denied unless ``negated_too`` ("observership done
    in UK not US": the US is denied, so it does not cancel "UK")."""
    lo = at
    while lo > 0 and s.part[lo - 1] == s.part[at]:
        lo -= 1
    words = s.part_words(at)
    found: list[int] = []
    for k in range(len(words)):
        if k > 0 and words[k - 1] in NEGATORS and not negated_too:
            continue
        for ph in (*phrases, *exact):
            n = len(ph)
            said = tuple(words[k:k + n])
            if len(said) == n and (said in exact or (ph in phrases and all(same(a, b) for a, b in zip(ph, said)))):
                found.append(lo + k)
                break
    return found


def read_words(q: Question, text: str, sentence: Sentence | None = None) -> Reading | None:
    """What a sentence answer means through the question's ``reading`` words: a value, options to
    confirm or choose from, or None when it names nothing this question knows."""
    r = q.reading
    if not r.keywords and not r.topic:
        return None
    s = sentence or Sentence.of(text)
    if sentence is None:
        _doubts(s, True)  # claim unsure phrases, so their "not" negates nothing
    own = {p for _, p in _phrases(r)}
    s.claim_all(tuple(ph for ph in NOT_NEGATIONS if ph not in own))  # "no doubt", "no problem with": no "no" in them
    hits: list[_Hit] = []
    for value, ph in _phrases(r):
        for a, b in s.find(ph, claim=True):
            hits.append(_Hit(value, a, b))
    hits.sort(key=lambda h: h.start)
    if not hits:
        return None
    return _meaning(q, s, hits)


@dataclass
class _Meaning:
    plain: list[Value]
    negated: list[Value]
    planned: list[str]  # what was said to be planned, as typed
    excluded: list[str]  # "elective (not radiology)"
    topic: bool = False
    unsure: int | None = None
    unsure_word: str = ""
    mixed: tuple[str, str] | None = None  # two ``mixed`` values named for one thing, as typed
    mixed_values: tuple[Value, ...] = ()
    underway: str = ""  # a piece of work said to be under way ("under review"), as typed
    across: str = ""  # the clause of an option named across a contrast from an unsure word, as typed
    contrast: str = ""  # an opinion turned negative after a contrast, as typed
    drawback: str = ""  # a drawback named after a contrast ("but my accent is heavy"), as typed
    denied: list[tuple[Value | str, str]] = field(default_factory=list)  # options denied, nothing said instead
    double: str = ""  # a keyword under two negators ("I do not not enjoy it"), as typed
    topic_denied: bool = False  # the subject denied somewhere ("not really research")
    output: str = ""  # a piece of output named plainly ("a poster"), not work ("research", "a project"), as typed
    disliked: tuple[str, str] | None = None  # a dislike beside what stands for the same option, as typed
    loose: str = ""  # a not_counted word in a part of its own, which the reading did not apply ("... online though")
    reason: str = ""  # the later clause holding ``loose`` when it is a reason ("I will focus on CK first"), as typed
    exclusive: dict[Value | str, str] = field(default_factory=dict)  # options said with "only" ("only H1b"), as typed
    ahead: list[str] = field(default_factory=list)  # the clauses that name what is planned, as read
    works: int = 0  # the subject named, each time ("a review and an abstract": two)
    done: bool = False  # a word anywhere that says something is done or past ("finished", "did", "last", 2023)


def _meaning(q: Question, s: Sentence, hits: list[_Hit]) -> Reading | None:
    r = q.reading
    negated_to = dict(r.negated)
    m = _Meaning([], [], [], [])
    m.done = any(w in _DONE and not (w == "got" and s.words[k + 1:k + 2] and s.words[k + 1] in _GOT_AHEAD)
                 or w.isdigit() and len(w) == 4 and w < "2027" for k, w in enumerate(s.words))
    unsure_clause = -1
    pending = _pending_work(s, r, hits)
    counted: list[tuple[_Hit, str]] = []  # hits said plainly, and as typed
    rated: list[tuple[Value | str, str, bool]] = []  # options named, as typed, and whether negated
    placed: list[tuple[_Hit, str, bool]] = []  # the same, with where they stand
    for hit in hits:
        typed = " ".join(s.words[hit.start:hit.end])
        other = s.someone_else(hit.start)
        if other:  # "my wife loves research": someone else's view, not the user's answer
            note = f"{other} (about someone else, not your own answer)"
            if note not in m.excluded:
                m.excluded.append(note)
            continue
        if s.clause[hit.start] in s.echoes and hit.value != TOPIC:
            continue  # "electives? not yet": the user repeats what is asked, and the clause after it answers
        neg = s.negated(hit.start, hit.end) and typed not in _YES_NO  # "no and yes": a yes is not negated by a no
        neg = neg and not (q.kind == "choice" and answer_then_clause(s, hit.start))  # "not yet I plan to take it"
        before = _negators_before(s, hit.start)
        if (len(before) >= 2 or before and s.words[hit.start] in NEGATORS) and not m.double:  # "I would not say no
            m.double = " ".join(s.words[before[0]:hit.end])  # to a J1", "not not interested"
        if s.clause[hit.start] in s.excepts and hit is next(h for h in hits if s.clause[h.start] == s.clause[hit.start]):
            neg = not neg  # "anything except J-1": what is excepted (the first thing named after it) is left out
        elif s.clause[hit.start] + 1 in s.excepts and typed in _UNIVERSAL:
            continue  # ... and "anything" is only what it is left out of
        ranked = s.ranked_below(hit.start) if r.opinion and hit.value != TOPIC else None
        neg = neg if ranked is None else ranked  # "more about radiology than about staying": staying is below
        if isinstance(hit.value, str) and hit.value.startswith("?"):
            held = m.unsure is not None and r.unsure[int(hit.value[1:])].holds and not r.unsure[m.unsure].holds
            if not neg and (r.opinion or not s.planned(hit.start)) and (m.unsure is None or held):
                m.unsure, m.unsure_word = int(hit.value[1:]), typed
                unsure_clause = s.clause[hit.start]
            elif not neg and not r.opinion and s.planned(hit.start) and _is_low(r, "none"):
                m.planned.append(typed)  # "an externship starting in January": planned, whatever kind it is
                m.ahead.append(_clause_of(s, hit.start))
            continue
        if r.underway and not m.underway and not _is_low(r, hit.value) and not neg:
            m.underway = _underway(s, r, hit.start, hit.end)
        work = pending.get(s.part[hit.start]) if hit.value != TOPIC and not neg else None
        if work is not None and not _is_low(r, hit.value):  # "paper under review, rads topic": the field named
            m.underway = m.underway or _underway(s, r, work.start, work.end)  # apart takes the work's status
            m.planned.append(typed)
            m.ahead.append(_clause_of(s, work.start))
            continue
        if r.opinion and hit.value != TOPIC and _listed(s, hit):
            continue  # "community or academic, both fine": one of the things the user is fine with either way
        if hit.value != TOPIC and s.conditional(hit.start):
            continue  # a condition states nothing: "No, I can wait another year if I have to"
        outside = _not_counted(s, r, hit.start) if hit.value not in (TOPIC,) and not neg else ""
        if hit.value != TOPIC and not r.opinion and s.worried(hit.start, hit.end):
            outside = "a worry, not a choice"
        if outside and hit.value != TOPIC:
            if not _is_low(r, hit.value):
                m.excluded.append(f"{typed} ({outside})")
            continue
        no_plan = "" if r.opinion or str(hit.value).startswith("?") else denied_plan(s, hit.start)
        future = dict(r.future).get(hit.value, dict(r.future).get(ANY))
        if no_plan and negated_to.get(future) != hit.value:  # "step 3 is not in my plans rn": neither done nor
            if future in negated_to:                           # planned (Step 3: not planned; USCE: none yet)
                m.negated.append(negated_to[future])
                continue
            neg = True
        if hit.value != TOPIC:
            rated.append((hit.value, typed, neg))
            placed.append((hit, typed, neg))
        planned = not r.opinion and s.planned(hit.start) and not neg
        if hit.value == TOPIC:
            m.works += not neg
            m.done = m.done or typed.split()[0] in _OUTPUT_WORDS and any(  # "2 abstracts", "two papers": output counted
                s.words[k].isdigit() or s.words[k] in _COUNTS for k in range(max(0, hit.start - 3), hit.start)
                if s.clause[k] == s.clause[hit.start])
            if neg and TOPIC in negated_to:
                m.negated.append(negated_to[TOPIC])
                m.topic_denied = True
            elif planned and ANY in dict(r.future):
                m.plain.append(dict(r.future)[ANY])
            elif not neg:
                m.topic = True
                m.output = m.output or (typed if not planned and typed.split()[0] in _OUTPUT_WORDS else "")
            continue
        if planned and not _is_low(r, hit.value):
            future = dict(r.future)
            if hit.value in future or ANY in future:
                m.plain.append(future.get(hit.value, future.get(ANY)))
            else:
                m.planned.append(typed)
                m.ahead.append(_clause_of(s, hit.start))
            continue
        if not neg:
            m.plain.append(hit.value)
            counted.append((hit, typed))
            if _only(s, hit):
                m.exclusive.setdefault(hit.value, typed)
        elif hit.value in negated_to:
            m.negated.append(negated_to[hit.value])
        elif ANY in negated_to:
            m.negated.append(negated_to[ANY])
        else:
            m.denied.append((hit.value, f"{s.words[hit.start - 1]} {typed}" if hit.start else typed))
    if m.unsure is not None and r.unsure[m.unsure].contrast:  # "OET all B+, but speaking I'm not so confident"
        for hit in hits:
            c = s.clause[hit.start]
            if hit.value != TOPIC and not str(hit.value).startswith("?") and c != unsure_clause and any(
                    min(c, unsure_clause) < k <= max(c, unsure_clause) for k in s.contrasts):
                m.across = " ".join(w for w, cl in zip(s.words, s.clause) if cl == c)
                break
    if _between_ends(q, rated):
        m.plain, m.negated = [q.options[1].value], []
    if r.any_of and {v for v in m.plain + m.negated if isinstance(v, bool)} == {True, False}:
        yes = [t for h, t in counted if h.value is True and any(
            g.value == TOPIC and s.clause[g.start] == s.clause[h.start] for g in hits)]
        if yes:  # "MS and epilepsy no, but stroke yes": drawn to one of them is drawn
            topic = next(" ".join(s.words[g.start:g.end]) for g in hits if g.value == TOPIC and any(
                s.clause[g.start] == s.clause[h.start] for h, t in counted if h.value is True))
            m.plain, m.negated = [True], []
            m.excluded.append(f"{topic} (what you said yes to)")
    if counted and not m.excluded:
        m.loose = _loose(s, r, {s.clause[h.start] for h in hits})
        m.reason = reason_clause(s, m.loose.split(" (")[0]) if m.loose else ""
    denied = _denied_topic(s, hits) if not r.opinion else None  # an opinion's "not research-heavy" is half an answer
    if denied is not None:  # "Observership yes, not radiology": what came before is not about the subject
        clause, said = denied
        for hit, typed in [(h, t) for h, t in counted if s.clause[h.start] < clause and not _is_low(r, h.value)]:
            m.plain.remove(hit.value)
            m.excluded.append(f"{typed} ({said})")
        counted = [(h, t) for h, t in counted if not s.clause[h.start] < clause or _is_low(r, h.value)]
    for h, t in list(counted):  # "no way I can wait", "no plans to go back": a "no" that negates what follows is not
        after = s.words[h.end] if h.end < len(s.words) else ""  # "no I can wait": an answer, then what it says
        if t in NEGATORS and after not in _SUBJECTS and any(n and g.start > h.start and s.part[g.start] == s.part[h.start]
                                                            and tg not in _YES_NO for g, tg, n in placed):
            counted.remove((h, t))
            m.plain.remove(h.value)
    top = q.options[0].value
    feeling = [(h, t) for h, t, n in placed if t in _DISLIKES or n and h.value == top]  # "bore", "not a fan"
    disliked = next(((t, ta) for h, t in feeling for a, ta, _ in placed
                     if r.opinion and a is not h and _PLACES & set(ta.split()) and s.part[a.start] == s.part[h.start]),
                    None)
    skipped = next((("skip", ta) for a, ta, _ in placed if r.opinion and _PLACES & set(ta.split())
                    and {"skip", "skipping"} & set(s.part_words(a.start))), None)  # "skip community programs"
    if disliked or skipped:  # "community hospitals bore me": a dislike of what stands for this option is not it
        m.disliked = disliked or skipped
    for (a, ta), (b, tb) in ((x, y) for i, x in enumerate(counted) for y in counted[i + 1:]):
        if a.value != b.value and a.value in r.mixed and b.value in r.mixed and s.part[a.start] == s.part[b.start] \
                and not _leads(r, s, a, b) and not _leads(r, s, b, a):
            m.mixed, m.mixed_values = (ta, tb), (a.value, b.value)
            break
    if r.opinion and m.unsure is not None and r.unsure[m.unsure].alone and not r.unsure[m.unsure].contrast and counted \
            and all(s.clause[h.start] != unsure_clause for h, _ in counted):
        # "academic yes, research-heavy no": a no closing a clause of its own answers half the question
        split = [w for w, c in zip(s.words, s.clause) if c == unsure_clause]
        m.contrast = " ".join(split) if len(split) >= 2 and split[-1] == m.unsure_word else ""
    if r.opinion and hits and not m.contrast:
        m.contrast = s.turns_negative(s.clause[hits[0].start], {s.clause[h.start] for h in hits[1:]})
    if r.opinion and counted and not m.contrast and all(h.value == q.options[0].value for h, _ in counted):
        m.contrast = s.outranked({s.clause[h.start] for h in hits})  # "yes but radiology comes first"
        if set(m.contrast.split()) <= _echoed(q):  # "ya top priority": the question's own words said back, not
            m.contrast = ""                         # something else put first
        m.drawback = s.turns_negative(s.clause[hits[0].start], {s.clause[h.start] for h in hits[1:]}, drawbacks=True)
    return _decide(q, m)


_ONLY = frozenset("only just solely strictly exclusively".split())
_SUBJECTS = frozenset("i im we it its he she they you me my".split())
_YES_NO = frozenset("yes yeah ya yep yup no nope nah".split())
#: Words naming a place of work that stands for an option ("community hospitals" for avoiding academic settings).
_PLACES = frozenset("community practice hospital hospitals program programs".split())
#: Words of dislike: beside a keyword that stands for the same option ("community hospitals bore me"), they may turn it.
_DISLIKES = frozenset({"hate", "hates", "dislike", "dislikes", "bore", "bores", "boring", "bored", "not a fan", "not my thing",
                       "not for me", "not my cup of tea", "avoid", "rather not", "stay away", "steer clear", "keep away",
                       "skip them", "skip it", "skip those", "would skip"})
#: Output named as such ("a poster"), not the work behind it ("research", "a project").
_OUTPUT_WORDS = frozenset("paper papers poster posters abstract abstracts pub pubs publication publications article "
                          "articles case manuscript manuscripts".split())
#: Words that make a level named with a time ahead something that has begun ("my observership ends next month") or
#: output on its way out ("will be published next month", "accepted"): not a plan alone, so not None yet.
_NOT_AHEAD = re.compile(r"\b(?:ends?|ending|finish(?:es|ing)?|until|till|wraps|completing|over|"
                        r"accept(?:ed)?(?!\s+(?:for|to|into|at|in)\b)|publish\w*|present(?:s|ed|ing)?|press|print\w*|"
                        r"appear\w*)\b")
#: Words that say something is done or past: beside a plan, a level may already count ("did an observership and an
#: externship starts in January" reads the plan's scope over both).
_DONE = frozenset("did done completed complete finished got scored took passed was were had cleared spent shadowed "
                  "observed rotated worked ago last already previously past earlier before".split())
#: After "got", words of a place won, not of work done ("got accepted for an elective next summer").
_GOT_AHEAD = frozenset("accepted selected offered approved confirmed".split())
_COUNTS = frozenset("one two three four five six several couple few many some multiple".split())
_UNIVERSAL = frozenset({"any", "anything", "everything", "any visa", "whatever", "whatever works", "either", "all"})


def _echoed(q: Question) -> set[str]:
    """The question's own words, and the small words that go with them when a reply says them back ("my top
    priority", "it is the top priority")."""
    return set(re.findall(r"[a-z]+", q.prompt.lower())) | {"my", "the", "a", "it", "is", "its", "definitely", "very",
                                                             "absolutely", "number", "one", "1", "def"}


def _only(s: Sentence, hit: _Hit) -> bool:
    """The option is said to be the only one: "only H1b", "H-1B only", "just J1"."""
    return "only" in s.words[hit.start:hit.end] or hit.start > 0 and s.words[hit.start - 1] in _ONLY and \
        s.clause[hit.start - 1] == s.clause[hit.start] or hit.end < len(s.words) and s.words[hit.end] == "only" and \
        s.clause[hit.end] == s.clause[hit.start]


def _negators_before(s: Sentence, start: int) -> list[int]:
    """The negators before a keyword in its part, after the last keyword before it, that negate ("I do not not enjoy
    it": two; "do not hate it do not love it": one each)."""
    lo = next(k for k in range(start + 1) if s.part[k] == s.part[start])
    lo = max([k + 1 for k in range(lo, start) if s.used[k] and s.words[k] not in NEGATORS], default=lo)
    return [j for j in range(lo, start) if s.words[j] in NEGATORS and not s.used[j] and j not in s.quiet]


def _leads(r: WordReading, s: Sentence, a: _Hit, b: _Hit) -> bool:
    """ "CT findings in COVID-19 pneumonia", "CT chest findings in covid": a keyword followed (at most two words on,
    a body part say, in its clause and before the other field) by one of its ``leads`` words names what the work is
    about, and the other field, named after it, is only its subject."""
    words = dict(r.leads).get(a.value, ())
    return a.start < b.start and any(
        s.words[k] in words and s.clause[k] == s.clause[a.start] and not s.used[k]
        and all(not s.used[j] and s.words[j] not in NEGATORS for j in range(a.end, k))
        for k in range(a.end, min(a.end + 3, b.start, len(s.words))))


def _between_ends(q: Question, rated: list[tuple[Value | str, str, bool]]) -> bool:
    """An opinion that denies both ends of a three-step scale and names nothing else but the middle ("not bad,
    not great", "I don't love it, don't hate it"). ``rated``: each option named, as typed, and whether negated."""
    r = q.reading
    if not r.opinion or len(q.options) != 3 or not rated:
        return False
    top, middle, bottom = (o.value for o in q.options)
    words = {v: {phrase(w) for w in ws} for v, ws in r.keywords}
    denies: set[Value] = set()
    for value, typed, neg in rated:
        said = tuple(typed.split())
        end = next((v for v in (top, bottom) if said[0] in ("not", "no", "never") and said[1:] in words.get(v, ())),
                   value if neg and value in (top, bottom) else None)
        if end is None and value != middle:
            return False
        denies |= {end} if end is not None else set()
    return denies == {top, bottom}


def _denied_topic(s: Sentence, hits: list[_Hit]) -> tuple[int, str] | None:
    """A clause that only denies the subject ("not radiology", "not in the US"), after something was named:
    its clause and words."""
    for h in hits:
        if h.value != TOPIC or s.clause[h.start] == s.clause[hits[0].start]:
            continue
        at = [k for k, c in enumerate(s.clause) if c == s.clause[h.start]]
        if s.words[at[0]] in ("not", "no", "never") and all(
                k in range(h.start, h.end) or s.words[k] in ("not", "no", "never", "in", "from", "the", "a", "an", "at")
                for k in at):
            return s.clause[h.start], " ".join(s.words[k] for k in at)
    return None


def _listed(s: Sentence, hit: _Hit) -> bool:
    """A keyword named beside another with "or"/"and" in a clause that says either is fine ("community or academic,
    both fine"): one of the alternatives, not a choice."""
    clause = [k for k, c in enumerate(s.clause) if c == s.clause[hit.start]]
    after = [k for k, c in enumerate(s.clause) if c == s.clause[hit.start] + 1][:2]  # "..., both fine"
    said = {s.words[k] for k in clause + after}
    beside = {s.words[k] for k in (hit.start - 1, hit.end) if k in clause}
    return bool(said & {"both", "either", "whichever", "any", "all"}) and bool(beside & {"or", "and", "nor"}) and \
        not said & {"neither"}


def _pending_work(s: Sentence, r: WordReading, hits: list[_Hit]) -> dict[int, _Hit]:
    """Parts that name only a field ("paper under review, rads topic", "topic: MRI", "in review, radiology paper"),
    keyed to where the one piece of work named is said to be pending or planned (under review, submitted, in
    preparation) when nothing is said to be done: the field is the pending work's, not an output of its own.
    Research only (``underway``)."""
    works = [h for h in hits if h.value == TOPIC and not s.negated(h.start, h.end)]
    if not r.underway or len(works) != 1:
        return {}
    work, underway = works[0], tuple(phrase(w) for w in r.underway)
    status: _Hit | None = work if s.planned(work.start) or s.in_part(work.start, underway) else None
    if status is None:  # "in review at a journal, radiology paper": the status in a part of its own, with no keyword
        bare = [k for k in range(len(s.words)) if (k == 0 or s.part[k - 1] != s.part[k])
                and not any(s.part[h.start] == s.part[k] for h in hits) and s.in_part(k, underway)]
        status = _Hit(TOPIC, bare[0], bare[0] + 1) if len(bare) == 1 else None
    if status is None or any(w in _DONE for k, w in enumerate(s.words) if s.part[k] != s.part[status.start]):
        return {}
    return {s.part[h.start]: status for h in hits if h.value != TOPIC and not str(h.value).startswith("?")
            and s.part[h.start] != s.part[status.start]
            and not any(s.words[k] in _OWN_CLAIM for k in range(len(s.words)) if s.part[k] == s.part[h.start])}


#: Words that put a claim of its own on a part ("I presented a radiology poster", "radiology topic next"): the part
#: is not a bare field.
_OWN_CLAIM = (PREDICATE_OPENERS | _DONE | frozenset("presented published accepted press print next".split())) - \
    frozenset("is are currently now so".split())


def _underway(s: Sentence, r: WordReading, start: int, end: int) -> str:
    """The words from a keyword to those in its part that say its work is under way ("paper under review"), as
    typed, or ""."""
    if not s.in_part(start, tuple(phrase(w) for w in r.underway)):
        return ""
    lo = start
    while lo > 0 and s.part[lo - 1] == s.part[start]:
        lo -= 1
    hi = lo + len(s.part_words(start))
    for ph in (phrase(w) for w in r.underway):
        for k in range(lo, hi - len(ph) + 1):
            negated = k > 0 and s.words[k - 1] in NEGATORS  # "not submitted yet" is not out for a decision
            if all(same(a, b) for a, b in zip(ph, s.words[k:k + len(ph)])) and not negated:
                return " ".join(s.words[min(start, k):max(end, k + len(ph))])
    return ""


def _clause_of(s: Sentence, at: int) -> str:
    """The words of the clause word ``at`` stands in, as read."""
    return " ".join(w for w, c in zip(s.words, s.clause) if c == s.clause[at])


def _is_low(r: WordReading, value: Value | str) -> bool:
    """The lowest level ("none"): a plan or another field does not change it."""
    return bool(r.combine) and value == r.combine[0]


def _notes(m: _Meaning) -> str:
    parts = [f"{quoted(p)} is planned, so it does not count yet" for p in m.planned]
    parts += [f"{quoted(e.split(' (')[0])} is {e.split(' (')[1].rstrip(')')}" for e in m.excluded]
    return "; ".join(parts)


def _decide(q: Question, m: _Meaning) -> Reading | None:
    """One option, the highest of several levels, or a question back (confirm, which one, which kind)."""
    r = q.reading
    named = m.plain or m.negated  # what was said plainly beats what was said by negation
    if m.plain and m.negated and q.kind == "choice":  # "academic is ok but not research-heavy": both have evidence
        named = m.plain + m.negated
    distinct = [o.value for o in q.options if any(o.value == c and type(o.value) is type(c) for c in named)]
    notes = _notes(m)
    if m.unsure is not None:
        u = r.unsure[m.unsure]
        if m.across:
            doubt = f"{quoted(m.unsure_word)} and {quoted(m.across)}"
            return _ask(f"You wrote {doubt}. {u.question}", doubt, tuple((v, q.label_for(v)) for v in u.between))
        if u.holds or u.between[0] not in distinct and not (u.alone and distinct):  # its meaning is not named plainly
            return _ask(f"You wrote {quoted(m.unsure_word)}. {u.question}", quoted(m.unsure_word),
                        tuple((v, q.label_for(v)) for v in u.between))
    if m.double:
        doubt = quoted(m.double)
        return _ask(f"You wrote {doubt}: two negatives, which I cannot weigh. Which fits?", doubt,
                    tuple((o.value, o.label) for o in q.options))
    ends = (q.options[0].value, q.options[-1].value)
    denied_too = next((t for v, t in m.denied if v in distinct and v in ends), "")
    if denied_too:  # "I don't hate research, I just prefer clinical work": one option both denied and said
        doubt = f"{quoted(denied_too)} and “{q.label_for(next(v for v, t in m.denied if t == denied_too))}”"
        return _ask(f"You wrote {doubt}, which pull both ways. Which fits best?", doubt,
                    tuple((o.value, o.label) for o in q.options))
    if m.disliked is not None:
        doubt = f"{quoted(m.disliked[0])} and {quoted(m.disliked[1])}"
        return _ask(f"You wrote {doubt} together, which I cannot weigh. Which fits best?", doubt,
                    tuple((o.value, o.label) for o in q.options))
    if m.mixed is not None:
        doubt = f"{quoted(m.mixed[0])} and {quoted(m.mixed[1])}"
        return _ask(f"You wrote {doubt} about the same work: which fits it best?", doubt,
                    tuple((v, q.label_for(v)) for v in m.mixed_values))
    if m.output and m.topic_denied and not m.plain and r.ask:  # "no papers, just a poster": the subject both denied
        doubt = quoted(m.output)                                  # and named: which is it?
        return _ask(f"You wrote {doubt}, and also said there is none. Which of these is it?", doubt,
                    tuple((o.value, o.label) for o in q.options))
    if len(distinct) > 1 and r.combine and not m.plain:  # "neither J1 nor H1B, I am a citizen": denials only
        both = " and ".join(q.label_for(v) for v in distinct)
        return _ask(f"Your answer rules things out and fits more than one option ({both}); which is it?", both,
                    tuple((o.value, o.label) for o in q.options))
    if len(distinct) > 1 and r.combine:
        highest = max(distinct, key=lambda v: r.combine.index(v) if v in r.combine else -1)
        only = next((v for v in distinct if v != highest and v in m.exclusive), None)
        if only is not None:  # "only H1b, want to avoid the J1 waiver issue": what is "only" is not combined away
            doubt = f"{quoted(m.exclusive[only])} and {q.label_for(highest)}"
            return _ask(f"You wrote {doubt}: which one fits?", doubt,
                        tuple((v, q.label_for(v)) for v in dict.fromkeys([only, highest, *distinct])))
        distinct = [highest]
    top = m.drawback if distinct and distinct[0] == q.options[0].value else ""  # "very good, but my accent is heavy"
    if m.underway and (not distinct or distinct == [r.combine[0] if r.combine else None]):
        # "one paper under review, nothing published yet": neither published nor nothing
        doubt = quoted(m.underway)
        return _ask(f"You wrote {doubt}: work sent out for a decision is not published yet, but it is not nothing "
                    "either. Has any of your work been presented or published (an abstract or a poster counts)? "
                    "Which fits best today?", doubt,
                    tuple((o.value, o.label) for o in q.options))
    if len(distinct) == 1 and (m.contrast or top):
        doubt = quoted(m.contrast or top)
        return _ask(f"You wrote “{q.label_for(distinct[0])}”, but also {doubt}. Which fits best?", doubt,
                    tuple((v, q.label_for(v)) for v in dict.fromkeys([distinct[0], *(o.value for o in q.options)])))
    if len(distinct) == 1 and m.loose and m.reason and distinct[0] != q.options[0].value:  # "Not planned, I will
        return _read(distinct[0], f"{q.label_for(distinct[0])} (“{m.reason}”: read as your reason)")  # focus on CK first"
    if len(distinct) == 1 and m.loose and not _is_low(r, distinct[0]):
        doubt = quoted(m.loose.split(" (")[0])
        return _ask(f"You wrote “{q.label_for(distinct[0])}”, and also {doubt}, which may mean it does not count "
                    f"({m.loose.split(' (')[1].rstrip(')')}). Which fits?", doubt,
                    tuple((o.value, o.label) for o in q.options))
    if len(distinct) == 1:
        said = q.label_for(distinct[0]) + (f" ({notes})" if notes else "")
        return _read(distinct[0], said)
    if len(distinct) > 1:
        both = " and ".join(q.label_for(v) for v in distinct)
        return _ask(f"Your answer fits more than one option ({both}); which is closest?", both,
                    tuple((v, q.label_for(v)) for v in distinct))
    if len(m.planned) == 1 and m.works <= 1 and not m.done and _is_low(r, "none") and not (
            m.excluded or m.denied or m.topic_denied or m.underway or m.output) and not _NOT_AHEAD.search(m.ahead[0]):
        # "an observership booked for March", "a review to be submitted by March": the only level named, once, is
        # ahead, and nothing else is claimed or done, so the answer today is the lowest, said back with why
        return _read("none", f"{q.label_for('none')}: {quoted(m.ahead[0], 48)}: planned or under way, not done yet")
    if notes:
        return _ask(f"Noted: {notes}. So what is your answer today?", notes,
                    tuple((o.value, o.label) for o in q.options))
    if m.topic and r.ask:
        return _ask("Which of these is it? You named the subject but not which kind.", "which kind",
                    tuple((v, q.label_for(v)) for v in r.ask))
    if m.denied and r.opinion:  # "not bad": one end ruled out leaves two answers, not the middle
        doubt = quoted(m.denied[0][1])
        left = tuple((o.value, o.label) for o in q.options if all(o.value != v for v, _ in m.denied))
        return _ask(f"You wrote {doubt}: that rules out “{q.label_for(m.denied[0][0])}”, but which of these is it?",
                    doubt, left)
    return None


#: "my visa status depends on it": what hangs on the answer, the reason for it, not a condition on it ("it depends").
_REASON = re.compile(r"\b(?<!\bit )(?<!\bthat )(?:depends?|depending)\s+on\s+(it|this|that|matching|me matching|"
                     r"the match|this match|this cycle|this year)\b(?!\s+(?:whether|if|how|what|when))")
_REASONS = tuple(tuple(f"{d} on {o}".split()) for d in ("depends", "depend", "depending")
                 for o in ("it", "this", "that", "matching", "me matching", "the match", "this match", "this cycle",
                           "this year"))


#: A part that says what comes next ("radiology topic next", "next one on radiology", "IR project up next"): a plan;
#: marked as one for the research question, where "next" alone is not a plan word.
_PART = r"(?:(?!\b(?:and|but|then)\b)[^,;.])"
_NEXT_PART = re.compile(rf"(^|[,;.]\s*|\b(?:and|but|then)\s+)((?:{_PART}*?\s)?next\b{_PART}*)(?=[,;.]|\b(?:and|but|then)\b|$)",
                        re.IGNORECASE)
_DONE_HERE = re.compile(r"\b(?:published|presented|accepted|did|done|completed|finished|got|have|had|last|ago|month|"
                        r"week|year|summer|spring|fall|autumn|winter|cycle)\b", re.IGNORECASE)


#: "that kind of place", "what sort of work": a kind named by a word before it, never the hedge "kind of".
_KIND_NAMED = tuple((d, k, "of") for d in "this that the any what which these those same right".split()
                    for k in ("kind", "sort", "type"))


def _read_choice(q: Question, text: str, answers: AnswerMap, today: date) -> Reading:
    ahead = _NEXT_PART.sub(lambda m: m.group(1) + ("planned " if not _DONE_HERE.search(m.group(2)) else "")
                           + m.group(2), text) if q.reading.underway and "planned" not in text.lower() else text
    if ahead != text:  # "cardiology paper published, radiology topic next": the radiology one is a plan
        r = _read_choice(q, ahead, answers, today)
        unsaid = re.compile(r"\bplanned (?=" + "|".join(re.escape(re.findall(r"\w+", m.group(2))[0]) for m in
                                                         _NEXT_PART.finditer(text)) + ")", re.IGNORECASE)
        return replace(r, said=unsaid.sub("", r.said), error=unsaid.sub("", r.error), doubt=unsaid.sub("", r.doubt))
    s = Sentence.of(text)
    reason = _REASON.search(plain_text(text))
    if reason:
        s.claim_all(_REASONS)
    unsure = _said(s, s.claim_all(UNSURE_PHRASES))
    words = read_words(q, text, s)
    liking = any(o.value == "enjoy" for o in q.options)  # "I like it I think?": a liking hedged is not yet one
    s.claim_all(_KIND_NAMED)  # "I'd like that kind of place": a kind named, not the hedge "kind of"
    hedge = _said(s, s.claim_all(LIKING_HEDGES if liking else DOUBTS if q.reading.opinion else HEDGES))
    if not hedge and not q.reading.opinion and q.id != "research":  # "almost passed step 3" ("a few case reports" is
        hedge = _said(s, s.claim_all(NEAR_MISSES[:2]))                # how many, not a near miss)
    meant: tuple[Value, ...] = (words.value,) if words is not None and words.ok else \
        tuple(v for v, _ in words.candidates) if words is not None and len(words.candidates) < len(q.options) else ()
    if unsure:
        doubt = quoted(unsure)
        return _ask(f"You wrote {doubt}, so I have not noted anything. Which of these fits best?", doubt,
                    _with_rest(q, meant, today))
    if hedge and words is not None and words.ok:
        doubt = quoted(hedge)
        return _ask(f"You wrote {doubt}: do you mean “{_label(q, words.value)}”? Tap it, or another answer.", doubt,
                    _with_rest(q, meant, today))
    if words is not None and words.ok and reason:  # said back with the reason read as one
        return _read(words.value, f"{words.said or _label(q, words.value)} (“{reason.group(0)}”: read as your reason)")
    if words is not None:
        return words
    if hedge:
        return _ask(f"You wrote {quoted(hedge)}, so I have not noted anything. Which of these fits best?",
                    quoted(hedge), _with_rest(q, (), today))
    if q.reading.opinion and len(q.options) == 3 and re.fullmatch(r"\W*meh+\W*", text.lower()):
        mid, low = q.options[1], q.options[2]  # "meh" alone at a rating: between the middle and the lower option
        return _ask(f"You wrote “meh”: is that {mid.label.lower()}, or {low.label.lower()}?", "“meh”",
                    ((mid.value, mid.label), (low.value, low.label)))
    return _refuse(f"I could not tell which option {quoted(text)} is; please tap one of the buttons "
                   "(or type its number).", quoted(text))
