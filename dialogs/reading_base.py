"""What every reader of a typed answer shares: the ``Reading`` it returns, a question's options and the
option a typed text names, and whether a message asks rather than answers.

Pure. ``dialogs.reading`` reads an answer through the readers per kind (``reading_numbers``, ``reading_counts``,
``reading_years``, ``reading_country``, ``reading_choices``), all built on this module.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from dialogs.sentence import ascii_digits
from knowledge.answers import country_name
from knowledge.loader import Question


#: A near miss said of a fact ("almost passed", "nearly failed CK"): the opposite of the word it stands before; asked
#: at choice and count questions (before a number it only makes it approximate: "almost eight years").
NEAR_MISSES: tuple[tuple[str, ...], ...] = (("almost",), ("nearly",), ("a", "couple"), ("couple", "of"), ("a", "few"))

#: An answer's value as the answers file holds it.
Value = int | str | bool | None
#: A question's answers offered as buttons: (value, label), in order.
Options = tuple[tuple[Value, str], ...]

QUESTION_WORDS = ("how", "what", "why", "when", "should", "can", "is", "do", "does", "which", "where",
                  "will", "could", "would", "are", "am")
#: Words that open a question and hardly ever an answer ("will take it in May", "do not enjoy it" are answers).
ASKING = frozenset("how what why when which where should does could".split())
QUESTION_MARKS = ("?", "؟", "？")


@dataclass(frozen=True)
class Reading:
    """What a typed answer means: a ``value`` when ``ok``; else ``error`` to say, naming ``doubt`` (what
    is unsure), and maybe ``candidates`` to tap (value, label), the ones the user seemed to mean first.
    ``said``: for a value read from a sentence, what was understood, to say back."""

    value: Value = None
    ok: bool = False
    error: str = ""
    doubt: str = ""
    candidates: tuple[tuple[Value, str], ...] = ()
    said: str = ""


def _read(value: Value, said: str = "") -> Reading:
    return Reading(value, True, said=said)


def slips_of(word: str) -> set[str]:
    """What ``word`` reads as with one typing slip put right: two neighbouring letters swapped back ("polsih"), or
    one letter too many taken out ("pakistanii"). A letter typed for another is not a slip here: it mostly makes
    another word ("hope" is not "nope")."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)} | {
        word[:i] + word[i + 1:] for i in range(len(word))}


def with_note(said: str, note: str) -> str:
    """A say-back with a note added: inside its own closing bracket ("2019 (graduation; ...)"), or in brackets."""
    return f"{said[:-1]}; {note})" if said.endswith(")") else f"{said} ({note})"


def _ask(message: str, doubt: str, candidates: tuple[tuple[Value, str], ...] = ()) -> Reading:
    return Reading(error=message, doubt=doubt, candidates=candidates)


def _refuse(message: str, doubt: str = "") -> Reading:
    return Reading(error=message, doubt=doubt)


def quoted(text: str, limit: int = 40) -> str:
    t = " ".join(text.split())
    return "“" + (t if len(t) <= limit else t[:limit - 1].rstrip() + "…") + "”"


#: A modal opening a statement, not a question: "Should have been 2024 but...", "could not sit it".
_MODAL_STATEMENT = re.compile(r"^(?:should|could|would|will|can)(?:'?ve|\s+have|\s+not|n'?t|\s+be)\b")


def looks_like_question(text: str) -> bool:
    t = text.strip().lower()
    if t.endswith(QUESTION_MARKS):
        return True
    first = re.split(r"[\s,]+", t, maxsplit=1)[0] if t else ""
    return first in QUESTION_WORDS and len(t.split()) >= 2 and not _MODAL_STATEMENT.match(t)


def _opens_with_question(text: str) -> bool:
    """A message that asks rather than answers: it opens with a question word ("is an externship hands-on?")."""
    t = text.strip().lower()
    first = (t.split(maxsplit=1)[:1] or [""])[0].strip(",")
    if _MODAL_STATEMENT.match(t) and not t.endswith(QUESTION_MARKS):
        return False
    return first in ASKING or (first in QUESTION_WORDS and t.endswith(QUESTION_MARKS))


def normalize(text: str) -> str:
    """Lower-case, drop emoji and punctuation, collapse spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(ch if ch.isalnum() or ch in " +" else " " for ch in text)
    return " ".join(text.split())


def value_token(value: Value) -> str:
    """An option's value as button data: null, 1/0 for yes/no, else the value as text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def next_matches(today: date, count: int = 3) -> list[int]:
    """The next ``count`` Matches: Match Day is in the third week of March."""
    first = today.year if (today.month, today.day) < (3, 20) else today.year + 1
    return [first + i for i in range(count)]


def options_for(q: Question, today: date) -> list[tuple[Value, str]]:
    if q.kind == "match_year":
        return [(y, f"{y} Match") for y in next_matches(today)]
    return [(o.value, o.label) for o in q.options]


def _minus(text: str) -> bool:
    """A negative number ("-1", "- 2", "(-1)", "minus one"): never a count, score or year. A minus after a
    letter or digit is a hyphen or a range ("step-1", "240-250"), read elsewhere."""
    t = ascii_digits(text).strip().lower()
    return bool(re.search(r"(?<![\w])[-−–]\s*\d", t) or re.search(r"\bminus\b", t))


#: Whole answers that mean "no" however they are spelt.
INFORMAL_NO = frozenset("nah nope naw nay nop noo nooo no no nah no nil nill nada zilch".split()) | {
    "no no", "nah no", "no nah", "नहीं", "नही", "نہیں", "نهيں", "لا", "لأ", "না", "இல்லை"}
#: Whole answers that mean "yes" in the scripts most users here also write (the reader reads English only).
NATIVE_YES = frozenset({"हाँ", "हां", "جی ہاں", "ہاں", "نعم", "أيوه", "ايوه", "হ্যাঁ", "ஆம்"})


def match_option(q: Question, text: str, today: date) -> tuple[bool, Value]:
    """Find the option a typed text means: its number, label, value or an alias ("nah" is "no")."""
    norm = normalize(text)
    bare = " ".join(re.sub(r"[.!,।؟?]+", " ", unicodedata.normalize("NFC", text)).split())  # keeps vowel signs
    norm = "no" if norm in INFORMAL_NO or bare in INFORMAL_NO else "yes" if bare in NATIVE_YES else norm
    if not norm or _minus(text):
        return False, None
    opts = options_for(q, today)
    if norm.isdecimal() and q.kind in ("choice", "boolean", "match_year") and 1 <= int(norm) <= len(opts):
        return True, opts[int(norm) - 1][0]
    asked = {normalize(w) for u in q.reading.unsure if u.alone for w in u.words}  # a bare "no" the reader asks about
    for option in q.options:
        words = {normalize(option.label), normalize(value_token(option.value)),
                 normalize(str(option.value).replace("_", " "))}
        words |= {normalize(a) for a in option.aliases} - asked
        if norm in words:
            return True, option.value
    return False, None


def normalize_yes_no(text: str) -> str:
    """ "no" or "yes" for a whole answer that is one of them in another script."""
    bare = " ".join(re.sub(r"[.!,।؟?]+", " ", unicodedata.normalize("NFC", text)).split())
    return "yes" if bare in NATIVE_YES else "no"


def _label(q: Question, value: Value) -> str:
    if q.kind == "match_year":
        return f"{value} Match"
    if q.kind == "country" and value is not None:
        return country_name(value) or str(value)
    if q.kind in ("score", "year") and value is not None:
        return str(value)
    return q.label_for(value)


def _with_rest(q: Question, first: tuple[Value, ...], today: date) -> tuple[tuple[Value, str], ...]:
    """Candidates: the values the user seemed to mean first, then every other option once."""
    out: list[tuple[Value, str]] = []
    for v in first:
        if not any(v == w and type(v) is type(w) for w, _ in out):
            out.append((v, _label(q, v)))
    for v, label in options_for(q, today):
        if not any(v == w and type(v) is type(w) for w, _ in out):
            out.append((v, label))
    return tuple(out)
