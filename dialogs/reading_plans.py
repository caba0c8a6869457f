"""A plan that is denied is not a plan (issue 23, round 20a).

"step 3 is not in my plans rn" was stored "Planning to take it": the plan word "plans" made the part planned, and
the "not" three words before it negated nothing, because it stood before "in my", not right before the plan word. The
same held for "not part of my plans", "isn't part of my plans", "out of my plans", "not on my radar" and "plans?
none". A denied plan says the thing is neither done nor planned: at Step 3 "Not planned", at the experience and
research questions what their denial reads (None yet). Hand-written: the words between a negator and the plan word
("in my", "part of my", "on the") are a short closed list, and a parser's negation scope would not know "radar"."""

from __future__ import annotations

from dialogs.sentence import NEGATORS, Sentence

#: Words that name a plan (the nouns and verbs, and the places a plan is kept: "on my list", "on my radar").
PLAN_NOUNS = frozenset("plan plans planned planning planing plan's intention intentions intend intending agenda "
                       "radar list cards".split())
#: Nouns above that are a plan only after "on/in my": "not on my list" (a list of anything else is no plan).
_PLACES = frozenset("agenda radar list cards".split())
#: Words that may stand between a negator and the plan word it denies ("not in my plans right now").
_BETWEEN = frozenset("in on of my the a an any part is are it this that really currently yet at all for so even "
                     "actually something anything".split())
#: A part after the plan word that only denies it ("plans? none").
_NONE_AFTER = frozenset("none nothing zero nil no nope nah".split())
_NONE_TAIL = frozenset("yet rn now for the moment atm so far".split())
#: Words of something done: "did an observership, no plans for more" denies a second one, not the first.
_DONE = frozenset("did done completed finished passed cleared took taken had got spent shadowed observed rotated "
                  "worked already".split())


def denied_plan(s: Sentence, start: int) -> str:
    """The plan word denied in the part of word ``start`` ("not in my plans", "out of my plans", "plans? none"), as
    typed from the negator on, or ""."""
    lo, hi = s._part_start(start), s._part_end(start)
    if any(w in _DONE for w in s.words[lo:hi]):
        return ""
    for k in range(lo, hi):
        w = s.words[k]
        if w not in PLAN_NOUNS or w in _PLACES and not (k >= 2 and s.words[k - 1] in ("my", "the")
                                                          and s.words[k - 2] in ("on", "in")):
            continue
        j = k - 1
        while j >= lo and (s.words[j] in _BETWEEN or _something_i(s, j, lo)) and not _out_of(s, j, lo):
            j -= 1
        if j >= lo and (s.words[j] in NEGATORS or _out_of(s, j, lo)):
            return " ".join(s.words[j - _out_of(s, j, lo):k + 1])
        rest = [x for x in s.words[k + 1:] if x not in _NONE_TAIL]
        if k + 1 == hi and rest and rest[0] in _NONE_AFTER and all(x in _NONE_AFTER for x in rest):
            return " ".join(s.words[k:])  # "plans? none": the plan word and a part that only denies it
    return ""


def _out_of(s: Sentence, j: int, lo: int) -> bool:
    """Word ``j`` is the "of" of "out of" ("out of my plans")."""
    return s.words[j] == "of" and j - 1 >= lo and s.words[j - 1] == "out"


def _something_i(s: Sentence, j: int, lo: int) -> bool:
    """Word ``j`` is the "I" of "not something I plan" (not any "I": "not yet I plan to take it" is a plan)."""
    return s.words[j] in ("i", "we") and j - 1 >= lo and s.words[j - 1] in ("something", "anything")


#: Words that make a later clause a reason or a plan of its own ("I will focus on CK first", "want to finish step 2
#: first", "preparing for the OET now"): another exam named there is the reason, not a doubt about the answer.
_REASON_WORDS = frozenset("first focus focusing will want wanna going gonna preparing prepare after before then because "
                          "since priority prioritize prioritise finish finishing".split())


def reason_clause(s: Sentence, word: str) -> str:
    """The later clause holding ``word`` (a not-counted word, as typed) when it reads as a reason or a plan of its
    own, as typed, or "". A word in the first clause is part of the answer, never its reason."""
    said = word.split()
    for k in range(len(s.words)):
        if s.words[k:k + len(said)] == said and s.clause[k] > 0:
            clause = [w for w, c in zip(s.words, s.clause) if c == s.clause[k]]
            return " ".join(clause) if any(w in _REASON_WORDS for w in clause) else ""
    return ""


#: A subject that opens a clause of its own after a short answer with no comma ("not yet I plan to take it").
_SUBJECTS = frozenset("i im we".split())


def answer_then_clause(s: Sentence, start: int) -> bool:
    """The negator before word ``start`` belongs to a short answer that a new clause follows without a comma ("not
    yet I plan to take it in june"): a negator, then only "yet"/"now" (or a bare "no" opening the reply), then "I" or
    "we" before the word."""
    lo = s._part_start(start)
    for j in range(start - 1, lo - 1, -1):
        if s.words[j] in _SUBJECTS:
            k = j - 1
            while k >= lo and s.words[k] in ("yet", "now", "rn"):
                k -= 1
            opening = k == j - 1 == 0 and s.words[0] in ("no", "nope", "nah")  # "no I plan to take it in june"
            return k >= lo and (k < j - 1 or opening) and s.words[k] in NEGATORS and \
                not any(w in NEGATORS for w in s.words[j:start])
    return False
