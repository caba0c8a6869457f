"""A one-letter slip in a reply that reads as nothing ("yse", "gren card holder"): put right only when exactly one
typed word is one edit (a swap of two letters counting as one) from exactly one of the question's own words, and
the reply then reads as a value; the slip is said back, so a misread costs one tap."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from dialogs.reading_base import INFORMAL_NO, Reading, _label, _read, slips_of, with_note
from dialogs.sentence import phrase, plain_text
from knowledge.loader import Question


#: The longest reply, in words, whose slip is put right: a short reply is all answer ("gren card holder").
_SHORT = 4


@lru_cache(maxsize=64)
def _vocabulary(q: Question) -> frozenset[str]:
    """The words of the question's options, aliases and keywords (words of three letters or more)."""
    texts = [w for o in q.options for w in (o.label, str(o.value).replace("_", " "), *o.aliases)]
    texts += [w for _, ws in q.reading.keywords for w in ws]
    words = {w for t in texts for w in phrase(t.rstrip("*")) if w.isalpha()}
    if q.kind == "boolean":
        words |= {"yes", "no"}
    return frozenset(w for w in words if len(w) >= 3)


def _close(typed: str, word: str) -> bool:
    """Two neighbouring letters swapped ("yse", "polsih"), or, in words of four letters or more, one letter left
    out or typed twice ("gren") (``slips_of``: not a letter typed for another, "hope" is not "nope", "done" is not
    "none", "have" is not "hate")."""
    if len(typed) == len(word) >= 3:
        return word in slips_of(typed)
    if min(len(typed), len(word)) < 4 or abs(len(typed) - len(word)) != 1:
        return False
    short, long = sorted((typed, word), key=len)
    return short in slips_of(long)


def typo_fixed(q: Question, text: str, read_again: Callable[[str], Reading]) -> Reading | None:
    """The reading of ``text`` with its one slip put right, said back; None when there is no single slip."""
    vocabulary = _vocabulary(q)
    typed = re.findall(r"[a-z]+", plain_text(text).lower())
    if len(typed) > _SHORT:  # a long reply has words of its own ("the worst month of my life" is not "like")
        return None
    fixes = {}
    for w in typed:
        if w in vocabulary or len(w) < 3 or w in INFORMAL_NO:  # "nope" is a no, not "none"
            continue
        close = [v for v in vocabulary if _close(w, v)]
        if len(close) > 1:
            return None  # two words that close: the slip is not clear
        if close:
            fixes[w] = close[0]
    if len(fixes) != 1:
        return None
    (slip, meant), = fixes.items()
    again = read_again(re.sub(rf"\b{re.escape(slip)}\b", meant, plain_text(text).lower()))
    if not again.ok:
        return None
    return _read(again.value, with_note(again.said or _label(q, again.value), f"I read “{slip}” as “{meant}”"))


#: English words one slip from a person word: "other" (mother), "rather" (father), "bother" (brother), "finance"
#: (fiance), "sitter" (sister), "laughter" (daughter), "patents" (parents), "fiend" (friend).
_NOT_PERSONS = frozenset("other others rather bother sitter sitters finance fiend laughter patents farther further "
                         "smother smothers".split())


@lru_cache(maxsize=None)
def person_spellings(word: str) -> frozenset[str]:
    """A person word as spelt, with an ending ("mothers"), or with one slip in a word of five letters or more
    ("mothr"), never an English word of its own that is one slip away ("no other option" is not "mother")."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    cuts = [(word[:k], word[k:]) for k in range(len(word) + 1)]
    slips = {a + b[1:] for a, b in cuts if b} | {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1} | \
        {a + c + b[1:] for a, b in cuts if b for c in letters} | {a + c + b for a, b in cuts for c in letters}
    return frozenset({word, word + "s", word + "es"} | (slips - _NOT_PERSONS if len(word) >= 5 else set()))
