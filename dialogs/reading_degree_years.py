"""Years beside the medical degree that are not it, and one that may be: at the graduation year, a year of passing
out of school followed by a later internship year ("Passed out MBBS 2019, internship completed 2020": in India,
Pakistan and Bangladesh the degree is awarded only after the internship, so the diploma may carry either year), and a
later postgraduate degree ("MBBS 2015, then MD Paeds 2019": the first is the graduation); at the Match, a Match that
did not work out ("Didn't match in 2026, reapplying for 2027": the next one is the target).

The rule an advisor signs: the word graduated, degree awarded/conferred, convocation or diploma with a year is the
graduation. A year of passing out, finishing classes or final exams, or "MBBS <year>", followed by a LATER internship
or house job year, is asked, offering both and naming the year on the diploma as the one wanted.

Pure; called by ``dialogs.reading.understand`` once a sentence has been read.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from dialogs.reading_base import Reading, _ask, _read, next_matches, quoted, with_note
from dialogs.sentence import ascii_digits, plain_text
from knowledge.loader import Question

_PARTS = re.compile(r"[,;()+&]|[.!](?:\s|$)|\s(?:but|and|then|after that|later|because|while|whereas|although|"
                    r"though)\s", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: A year range ("2014-2015", "2014-15"): its end is when the training ended.
_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*(?:-|–|—|to|till|until)\s*((?:19|20)?\d\d)\b")

#: Words that name the degree itself, given: with them a year is the graduation, whatever follows.
_AWARDED = re.compile(r"\b(?:graduat\w*|grad|degree\w*|convocation|diploma|conferred|awarded|ceremony|yog|"
                      r"class of)\b", re.IGNORECASE)
#: Words that tie a year to finishing the course or its exams, not to the degree's award.
_PASSED = re.compile(r"\b(?:passed\s+out|pass\s*out|passout|mbbs|mbchb|mbbch|final\s+prof\w*|finals|final\s+(?:year\s+)?"
                     r"(?:mbbs\s+)?exams?|final\s+year|finish\w*|complet\w*|cleared|passed)\b", re.IGNORECASE)
#: The compulsory internship or house job after medical school.
_INTERNSHIP = re.compile(r"\b(?:internship|intern|crmi|house\s*job|housemanship|house\s*officer\w*)\b", re.IGNORECASE)


def _years(part: str) -> list[int]:
    found = [int(y) for y in _YEAR.findall(part)]
    for m in _RANGE.finditer(part):
        a, end = int(m.group(1)), m.group(2)
        found.append(int(end) if len(end) == 4 else a // 100 * 100 + int(end))
    return found


def _parts(text: str) -> list[str]:
    """The sentence cut at punctuation, joining words and emoji ("Didn't match in 2026 😔 reapplying for 2027")."""
    text = "".join("," if unicodedata.category(ch) == "So" else ch for ch in text)
    return [" ".join(p.split()) for p in _PARTS.split(ascii_digits(plain_text(text))) if p and p.strip()]


def diploma_year(q: Question, text: str, reading: Reading) -> Reading | None:
    """A graduation year read from passing out ("Passed out MBBS 2019, internship completed 2020") while a later
    internship year is said: the diploma may carry either, so both are offered, saying why."""
    if q.kind != "year" or not reading.ok or not isinstance(reading.value, int) or _AWARDED.search(text):
        return None
    passed = next((p for p in _parts(text) if _PASSED.search(p) and not _INTERNSHIP.search(p)
                   and reading.value in _years(p)), None)
    later = [(max(_years(p)), p) for p in _parts(text) if _INTERNSHIP.search(p) and _years(p)]
    later = [(y, p) for y, p in later if reading.value < y <= reading.value + 3]
    if passed is None or not later:
        return None
    y, part = later[0]
    doubt = f"{quoted(passed, 60)} and {quoted(part, 60)}"
    return _ask(f"You wrote {doubt}. In some countries (India, Pakistan, Bangladesh) the medical degree is awarded "
                "only after the internship; in others before it. Which year is on your medical diploma? Tap it, or "
                "type the year.", doubt, ((reading.value, str(reading.value)), (y, str(y))))


#: A first medical degree (MBBS and its kin; MD when no MBBS is named beside it).
_FIRST = re.compile(r"\b(?:graduat\w*|mbbs|mbchb|mbbch|mbbs\w*|bmbs|mb\s*bs|md|medical\s+school|med\s+school)\b", re.IGNORECASE)
#: A degree or training after the first one: a specialty degree, a board, residency or fellowship.
_POSTGRADUATE = re.compile(r"\b(?:fcps|dnb|mrcp|mrcs|frcs|frcr|mch|dm|masters?|msc|m\.?sc|residency|fellowship|"
                           r"board|specialty|specialisation|specialization|diploma\s+in|postgrad\w*|pg|"
                           r"(?:md|ms)\s+(?:in\s+)?(?!from\b|at\b|in\s+(?:19|20)|degree\b|(?:19|20)\d\d)[a-z]+)\b",
                           re.IGNORECASE)
_MBBS = re.compile(r"\b(?:mbbs|mbchb|mbbch|bmbs)\b", re.IGNORECASE)


def later_degree(q: Question, text: str, reading: Reading, today: date) -> Reading | None:
    """Two years asked at the graduation year where one is the first medical degree and each other is a later
    postgraduate degree or training ("MBBS 2015, then MD Paeds 2019", "MBBS 2012, FCPS 2018"): the first is read,
    the later one named as set aside."""
    if q.kind != "year" or reading.ok or not reading.doubt.startswith("two years"):
        return None
    mbbs = bool(_MBBS.search(text))
    first: set[int] = set()
    later: dict[int, str] = {}
    for part in _parts(text):
        years = set(_years(part))
        if not years:
            continue
        post = _POSTGRADUATE.search(part) or (mbbs and re.search(r"\b(?:md|ms)\b", part, re.IGNORECASE)
                                              and not _MBBS.search(part))
        if post:
            later.update((y, part) for y in years)
        elif _FIRST.search(part) and len(years) == 1:
            first |= years
        else:
            return None
    if len(first) != 1 or not later or min(later) <= min(first):
        return None
    v = first.pop()
    return _read(v, with_note(f"{v} (graduation)", "set aside " + ", ".join(
        f"{y}: {quoted(p)}, a later degree or training" for y, p in sorted(later.items()))))


#: A Match that did not work out: "didn't match in 2026", "went unmatched 2026", "2026 didn't work out".
_UNMATCHED = re.compile(r"\b(?:did\s*n[o']?t\s+match|didnt\s+match|unmatched|not\s+matched|failed\s+to\s+match|"
                        r"no\s+match|did\s*n[o']?t\s+work\s+out|didnt\s+work\s+out|went\s+unmatched)\b", re.IGNORECASE)


def past_match(q: Question, text: str, reading: Reading, today: date) -> Reading | None:
    """Two years asked at the Match where one is a Match already over that did not work out ("Didn't match in
    2026, reapplying for 2027"): the other is the target, said back with the past one set aside."""
    if q.kind != "match_year" or reading.ok or not reading.doubt.startswith("two years"):
        return None
    first = next_matches(today)[0]
    past: dict[int, str] = {}
    ahead: set[int] = set()
    for part in _parts(text):
        years = set(_years(part))
        if _UNMATCHED.search(part) and len(years) == 1 and min(years) < first:
            past.update((y, part) for y in years)
        else:
            ahead |= years
    if not past or len(ahead) != 1 or not first <= min(ahead) <= first + 5:
        return None
    v = ahead.pop()
    return _read(v, f"the {v} Match (set aside " + ", ".join(
        f"{y}: {quoted(p)}, a past Match" for y, p in sorted(past.items())) + ")")
