"""Reading a typed answer: text -> the value it means, a reason it means none, or options to choose from.

Pure. Numbers are read from digits only when the whole message is that number (optionally with a
few words around it); a sentence is never mined for a number it might contain.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
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
    if norm.isdigit() and q.kind in ("choice", "boolean", "match_year") and 1 <= int(norm) <= len(opts):
        return True, opts[int(norm) - 1][0]
    for option in q.options:
        words = {normalize(option.label), normalize(value_token(option.value)),
                 normalize(str(option.value).replace("_", " "))}
        words |= {normalize(a) for a in option.aliases}
        if norm in words:
            return True, option.value
    return False, None


def _single_number(text: str) -> int | None:
    if re.search(r"-\s*\d", text):
        return None
    numbers = re.findall(r"\d+", unicodedata.normalize("NFKC", text))
    return int(numbers[0]) if len(numbers) == 1 else None


def read(q: Question, text: str, answers: dict[str, Any], today: date) -> Reading:
    """What a typed answer to ``q`` means, given the other answers and today's date."""
    found, value = match_option(q, text, today)
    if found:
        return Reading(value) if q.kind != "match_year" else _check_year(q, value, answers, today)
    if q.kind == "country":
        return _country(text)
    if q.kind == "score":
        n = _single_number(text)
        if n is None:
            return Reading(error="Please type your Step 2 CK score as a number, e.g. 247, or tap “Not taken yet”.")
        if not 1 <= n <= 300:
            return Reading(error=f"{n} is not a Step 2 CK score: scores run from 1 to 300.")
        return Reading(n)
    if q.kind == "count":
        n = _single_number(text)
        if n is None:
            return Reading(error="Please type the number of failed attempts, e.g. 0 or 1, or tap a button.")
        if n > 20:
            return Reading(error=f"{n} failed attempts looks like a typo; please type a number from 0 to 20.")
        return Reading(n)
    if q.kind in ("year", "match_year"):
        n = _single_number(text)
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
