"""Reading a typed answer: text -> the value it means, a reason it means none, or options to choose from.

Pure. Numbers are read from digits only when the whole message is that number (optionally with a
few words around it); a sentence is never mined for a number it might contain.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from knowledge.answers import EARLIEST_GRADUATION, country_name, find_countries
from knowledge.loader import Question

QUESTION_WORDS = ("how", "what", "why", "when", "should", "can", "is", "do", "does", "which", "where",
                  "will", "could", "would", "are", "am")
#: A typed Step 2 CK score below this is asked about once before it is kept ("1" is more
#: likely a button number or a slip than a real score; the contract still allows 1-300).
UNLIKELY_SCORE = 150
_NOTHING = object()


@dataclass(frozen=True)
class Reading:
    """What a typed answer means: a ``value``, else an ``error`` to show, and maybe ``candidates`` to pick."""

    value: Any = _NOTHING
    error: str = ""
    candidates: tuple[tuple[Any, str], ...] = ()  # (value, label): several fit, ask which

    @property
    def ok(self) -> bool:
        return self.value is not _NOTHING


def looks_like_question(text: str) -> bool:
    t = text.strip().lower()
    if t.endswith("?"):
        return True
    first = re.split(r"[\s,]+", t, maxsplit=1)[0] if t else ""
    return first in QUESTION_WORDS and len(t.split()) >= 2


def normalize(text: str) -> str:
    """Lower-case, drop emoji and punctuation, collapse spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(ch if ch.isalnum() or ch in " +" else " " for ch in text)
    return " ".join(text.split())


def value_token(value: Any) -> str:
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


def options_for(q: Question, today: date) -> list[tuple[Any, str]]:
    if q.kind == "match_year":
        return [(y, f"{y} Match") for y in next_matches(today)]
    return [(o.value, o.label) for o in q.options]


def match_option(q: Question, text: str, today: date) -> tuple[bool, Any]:
    """Find the option a typed text means: its number, label, value or an alias."""
    norm = normalize(text)
    if not norm:
        return False, None
    opts = options_for(q, today)
    if norm.isdecimal() and q.kind in ("choice", "boolean", "match_year") and 1 <= int(norm) <= len(opts):
        return True, opts[int(norm) - 1][0]
    for option in q.options:
        words = {normalize(option.label), normalize(value_token(option.value)),
                 normalize(str(option.value).replace("_", " "))}
        words |= {normalize(a) for a in option.aliases}
        if norm in words:
            return True, option.value
    return False, None


#: Words that may stand around a typed number without changing what it means, per kind of question.
FILLER = {
    "score": set("my score is was i got scored a an the on it of usmle ck first attempt around about final "
                 "result".split()),
    "count": set("i have had failed fail fails failure failures attempt attempts time times total in on only just "
                 "usmle exams exam step steps".split()),
    "year": set("i graduated graduate graduating graduation will in year class of from medical med school the "
                "expected by md mbbs".split()),
    "match_year": set("the match for in aiming i am target applying apply to year".split()),
}
#: Answers that clearly mean "none" to "how many failed attempts".
ZERO_WORDS = {"none", "no", "zero", "never", "nil", "nothing", "no failures", "no fails", "never failed",
              "not any", "none at all", "0 fails", "no attempts failed"}
_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_ONCE = {"once": 1, "twice": 2, "thrice": 3}
_EXAM = re.compile(r"\bstep\s*(?:[123]|one|two|three)\b(?:\s*(?:ck|cs))?|\bstep\s*2\s*ck\b|\bstep2ck\b")


def _below_100(words: list[str]) -> int | None:
    """ "seven", "seventeen", "seventy", "seventy seven"; None for anything else ("seven seventy")."""
    if len(words) == 1 and words[0] in _UNITS:
        return _UNITS.index(words[0])
    if words and words[0] in _TENS and len(words) <= 2:
        if len(words) == 1:
            return _TENS[words[0]]
        if words[1] in _UNITS[1:10]:
            return _TENS[words[0]] + _UNITS.index(words[1])
    return None


def word_number(words: list[str]) -> int | None:
    """A number written in English words ("two hundred and fifty" -> 250, "zero", "twenty one");
    None unless the words are exactly such a number ("two fifty" is not one: it is asked about)."""
    if "hundred" in words:
        i = words.index("hundred")
        if i != 1 or words[0] not in _UNITS[1:10]:
            return None
        rest = words[i + 1:]
        rest = rest[1:] if rest[:1] == ["and"] else rest
        below = _below_100(rest) if rest else 0
        return None if below is None else _UNITS.index(words[0]) * 100 + below
    return _below_100(words)


def read_number(text: str, kind: str) -> int | None:
    """The number a typed answer is, when it is just that number (digits of any script, or words),
    maybe with a few words that do not change it ("my score is 250", "2 attempts", "two hundred fifty");
    None for anything else: a sentence is never mined for a number it happens to contain."""
    t = unicodedata.normalize("NFKC", text).lower()  # "²", "①", "２５０" become plain digits
    if re.search(r"\d\s*[-–]\s*\d|-\s*\d", t):  # a range or a minus sign: not one number
        return None
    if kind == "score":
        t = _EXAM.sub(" ", t)  # "step 2 ck 250": the 2 names the exam
    words = [w for w in re.split(r"[^\w]+", t) if w]
    numbers = [w for w in words if w.isdecimal()]
    rest = [w for w in words if not w.isdecimal() and w not in FILLER[kind]]
    if len(numbers) == 1 and not rest:
        return int(numbers[0])
    if numbers:
        return None
    if kind == "count" and len(rest) == 1 and rest[0] in _ONCE:
        return _ONCE[rest[0]]
    return word_number(rest)


def read(q: Question, text: str, answers: dict[str, Any], today: date) -> Reading:
    """What a typed answer to ``q`` means, given the other answers and today's date."""
    found, value = match_option(q, text, today)
    if found:
        return Reading(value) if q.kind != "match_year" else _check_year(q, value, answers, today)
    if q.kind == "country":
        return _country(text)
    if q.kind == "score":
        n = read_number(text, "score")
        if n is None:
            return Reading(error="Please type your Step 2 CK score as a number, e.g. 247, or tap “Not taken yet”.")
        if not 1 <= n <= 300:
            return Reading(error=f"{n} is not a Step 2 CK score: scores run from 1 to 300.")
        return Reading(n)
    if q.kind == "count":
        if normalize(text) in ZERO_WORDS:
            return Reading(0)
        n = read_number(text, "count")
        if n is None:
            return Reading(error="Please type just the number of failed attempts on any USMLE Step, in total "
                                 "(e.g. 0 or 1), or tap a button.")
        if n > 20:
            return Reading(error=f"{n} failed attempts looks like a typo; please type a number from 0 to 20.")
        return Reading(n)
    if q.kind in ("year", "match_year"):
        n = read_number(text, q.kind)
        if n is None or not 1000 <= n <= 9999:
            example = today.year - 3 if q.kind == "year" else next_matches(today)[0]
            return Reading(error=f"Please type a four-digit year, e.g. {example}.")
        return _check_year(q, n, answers, today)
    return Reading(error="Please choose one of the buttons (or type its number).")


def _country(text: str) -> Reading:
    codes = find_countries(text[:100])
    if len(codes) == 1:
        return Reading(codes[0])
    if codes:
        return Reading(error="Which one do you mean? Tap it below, or type the country's English name.",
                       candidates=tuple((c, country_name(c) or c) for c in codes))
    return Reading(error=f"I don't know the country “{text.strip()[:40]}”. Type its English name "
                         "(e.g. Nigeria, Egypt) or tap “Prefer not to say”.")


def _check_year(q: Question, year: int, answers: dict[str, Any], today: date) -> Reading:
    if q.kind == "year":
        if year > today.year:
            return Reading(error=f"{year} is in the future; please type the year you graduated.")
        if year < EARLIEST_GRADUATION:
            return Reading(error=f"Please type a graduation year from {EARLIEST_GRADUATION} on.")
        match = answers.get("match_year")
        if match is not None and year > match:
            return Reading(error=f"You chose the {match} Match, which is before a {year} graduation. "
                                 f"Type your graduation year, or go back and change the Match.")
        return Reading(year)
    first = next_matches(today)[0]
    if not first <= year <= first + 5:
        return Reading(error=f"Please choose a Match from {first} to {first + 5}.")
    grad = answers.get("graduation_year")
    if grad is not None and grad > year:
        return Reading(error=f"The {year} Match is before your graduation in {grad}; choose a later Match.")
    return Reading(year)


# --------------------------------------------------------------------------- dates and codes typed in /programs

def ascii_digits(text: str) -> str:
    """NFKC, then every decimal digit of any script as its ASCII digit ("٢٠٢٧" -> "2027")."""
    return "".join(str(int(ch)) if ch.isdecimal() else ch for ch in unicodedata.normalize("NFKC", text))


_MONTHS = {m: i for i, names in enumerate(
    ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july", "aug august",
     "sep sept september", "oct october", "nov november", "dec december"), 1) for m in names.split()}
_DAY_MONTH = re.compile(r"(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?(?:\s+(\d{4}))?")
_MONTH_DAY = re.compile(r"(?:[a-z]+,?\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{4}))?")


def read_day(text: str, today: date) -> date | None:
    """A typed calendar day: 2027-01-12, 12 Jan, Jan 12 2027, Tue 12 January. Without a year, the
    nearest such day from two months ago on. Numeric forms like 03/04 are refused: day and month
    order differ between countries, and a wrong interview date is worse than a second question."""
    t = " ".join(ascii_digits(text).strip().lower().split())
    if t in ("today", "tomorrow"):
        return today + timedelta(days=t == "tomorrow")
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", t):
            y, m, d = (int(x) for x in t.split("-"))
            return date(y, m, d)
        for pattern, order in ((_DAY_MONTH, (1, 2)), (_MONTH_DAY, (2, 1))):
            found = pattern.fullmatch(t)
            if found and found.group(order[1]) in _MONTHS:
                day, month = int(found.group(order[0])), _MONTHS[found.group(order[1])]
                if found.group(3):
                    return date(int(found.group(3)), month, day)
                year = today.year
                while date(year, month, min(day, 28)) < today - timedelta(days=60):
                    year += 1
                return date(year, month, day)
    except ValueError:
        return None
    return None
