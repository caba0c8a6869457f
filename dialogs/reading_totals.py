"""A count of failed attempts stated as a total with its breakdown beside it ("3 fails total - step1 x2, ck x1",
"2 failures in total: step 1 once, step 3 once"): read when the breakdown adds up to the total, asked, naming both,
when it does not.

Pure; called by ``dialogs.reading_counts`` before the clause-by-clause tally.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from dialogs.reading_base import Reading, _ask, _read, _with_rest, quoted
from dialogs.sentence import ascii_digits, plain_text
from knowledge.answers import MAX_FAILURES
from knowledge.loader import Question

_NUMBER = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_N = r"(\d|one|two|three|four|five|six)"
#: The total, said first: "3 fails total", "2 failures in total", "failed 4 times overall", "two fails total".
_TOTAL = re.compile(rf"^(?:i\s+)?(?:{_N}\s+(?:fails?|failures?|failed\s+attempts?|failed)|failed\s+{_N}\s+times?)\s*"
                    r"(?:(?:in\s+total|total|overall|altogether|in\s+all)\b\s*[-–—:,;(]*|\s*[-–—:(]+)\s*(.+)$")
#: One Step with its count: "step1 x2", "ck x1", "step 1 once", "CK x2", "step 1 twice", "step 3 2 times".
_EXAM = r"((?:step|s)\s*1|(?:step|s)\s*2\s*ck|(?:step|s)\s*2\s*cs|(?:step|s)\s*2|(?:step|s)\s*3|ck|cs)"
_ITEM = re.compile(rf"^{_EXAM}\s*(?:x\s*(\d)|(\d)\s*x|(once|twice|thrice)|(\d)\s+times?)$")
_NAMES = {"1": "Step 1", "2ck": "Step 2 CK", "ck": "Step 2 CK", "2": "Step 2 CK", "2cs": "Step 2 CS", "cs": "Step 2 CS",
          "3": "Step 3"}
_JOIN = re.compile(r"\s*(?:,|;|\+|&|\band\b|\bplus\b|\))\s*")


def _name(exam: str) -> str:
    key = re.sub(r"\s+|step|^s", "", exam)
    return _NAMES[key]


def total_with_breakdown(q: Question, text: str, today: date) -> Reading | None:
    """The total said first, then each Step with its count and nothing else: the total, said back with the Steps,
    when they add up; asked, offering the total and the sum, when they do not."""
    t = " ".join(ascii_digits(plain_text(text)).lower().split()).rstrip(" .!)")
    m = _TOTAL.match(t)
    if m is None:
        return None
    said = m.group(1) or m.group(2)
    total = _NUMBER.get(said) or int(said)
    pairs: list[tuple[str, int]] = []
    for item in _JOIN.split(m.group(3)):
        if not item:
            continue
        one = _ITEM.match(item.strip())
        if one is None:
            return None
        raw = next(g for g in one.groups()[1:] if g)
        pairs.append((_name(one.group(1)), {"once": 1, "twice": 2, "thrice": 3}.get(raw) or int(raw)))
    if not pairs or total > MAX_FAILURES or len({n for n, _c in pairs}) != len(pairs):
        return None
    detail = ", ".join(f"{name}: {c}" for name, c in pairs)
    added = sum(c for _n, c in pairs)
    if added != total:
        doubt = f"{total} in total, and {detail} (that adds up to {added})"
        return _ask(f"You wrote {doubt}. How many failed attempts do you have in total?", doubt,
                    _with_rest(q, tuple(dict.fromkeys((total, added))), today))
    plural = "attempt" if total == 1 else "attempts"
    return _read(total, f"{total} failed {plural} in total ({detail})")


#: One Step's results typed as letters, F for a fail and P for a pass: "Step 1: F, P", "CK - P", "step 3: F/F/P".
_LETTERS = re.compile(r"^((?:step|s)\s*1|(?:step|s)\s*2\s*ck|(?:step|s)\s*2|ck|(?:step|s)\s*3)\s*[:=-]?\s*"
                      r"([fp](?:\s*[,/ ]\s*[fp])*|(?:\d|one|two|three) fails?|(?:passed )?(?:on )?(?:the )?"
                      r"(?:first|1st) (?:attempt|try|go|time)|clean|pass(?:ed)?)$")


def _fails_in(said: str) -> int:
    """The fails in one Step's results: F letters, "2 fails", none for "first attempt", "clean", "pass"."""
    m = re.match(r"(\d|one|two|three) fails?$", said)
    if m:
        return _NUMBER.get(m.group(1)) or int(m.group(1))
    return said.count("f") if re.fullmatch(r"[fp](?:\s*[,/ ]\s*[fp])*", said) else 0


def letter_results(q: Question, text: str, reading: Reading) -> Reading | None:
    """A reply that is only each Step's results as letters ("Step 1: F, P. Step 2 CK: P. Step 3: F, F, P"): the
    fails added up (3), said back per Step. Anything else in the reply, or another Step (CS), and it is left as read."""
    if q.kind != "count" or reading.ok:
        return None
    parts = [p.strip() for p in re.split(r"[.;\n]|\s{2,}|,\s*(?=(?:step|s\s*\d|ck)\b)", ascii_digits(text).lower()) if p.strip()]
    per: dict[str, int] = {}
    letters = False
    for part in parts:
        m = _LETTERS.fullmatch(part)
        if m is None:
            return None
        key = re.sub(r"^(?:step|s)|\s", "", m.group(1))
        name = _NAMES.get(key, "")
        if not name or name in per:
            return None
        per[name] = _fails_in(m.group(2))
        letters = letters or bool(re.fullmatch(r"[fp](?:\s*[,/ ]\s*[fp])*", m.group(2)))
    if len(per) < 2:  # "Step 1: F": one Step alone is read by the other readers
        return None
    total = sum(per.values())
    said = ", ".join(f"{k}: {v}" for k, v in per.items() if v)
    if not total:
        return _read(0, f"no failed attempts ({', '.join(per)}: {'P' if letters else 'first attempt'})")
    return _read(total, f"{total} failed attempt{'s' if total != 1 else ''} ({said}" + (
        "; F read as a fail)" if letters else ")"))


_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}
_STEP_ON = (r"((?:step|s)\s*1|(?:step|s)\s*2\s*ck|(?:step|s)\s*2|ck|(?:step|s)\s*3)\s+(?:on|in|at)\s+(?:the|my)\s+"
            r"(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th)(?:\s+(?:attempt|try|go|time|one))?")
#: Passes on numbered attempts, one per Step: "got through Step 1 on the second go and CK on the first", "I passed
#: Step 1 on my third attempt and Step 2 CK on my second".
_PASSED_ON = re.compile(rf"(?:i\s+)?(?:passed|got through|cleared)\s+{_STEP_ON}((?:\s*(?:,|and|,\s*and)\s*{_STEP_ON})+)"
                        r"\s*[.!]?")


def passes_on(q: Question, text: str, reading: Reading) -> Reading | None:
    """Each Step passed on a numbered attempt, the Nth (N-1 failed), added up and said back per Step; only when the
    reply is that and nothing else."""
    if q.kind != "count" or reading.ok:
        return None
    t = " ".join(plain_text(ascii_digits(text)).split())
    if _PASSED_ON.fullmatch(t) is None:
        return None
    per: dict[str, int] = {}
    for step, nth in re.findall(_STEP_ON, t):
        name = _NAMES.get(re.sub(r"^(?:step|s)|\s", "", step), "")
        if not name or name in per:
            return None
        per[name] = _ORD[nth] - 1
    total = sum(per.values())
    said = ", ".join(f"{k}: {v}" for k, v in per.items())
    return _read(total, f"{total} failed attempt{'s' if total != 1 else ''} ({said}; passed on the attempt named)")


#: "and" that opens another Step's own failures with no comma before it: "failed step1 two times then passed 3rd time
#: and ck also i failed one time then pass". The two Steps are read as two clauses, as with a comma.
_AND_NEXT_STEP = re.compile(r"\s+and\s+(?=(?:(?:step|s)\s*[123]|ck)\b(?:\s+(?:also|too))?\s+(?:i\s+)?"
                            r"(?:also\s+)?(?:failed|fail|flunked)\b)")


def and_next_step(q: Question, text: str, reading: Reading, reread: Callable[[str], Reading]) -> Reading | None:
    """A count refused because two Steps' failures ran into one clause, read again with the clauses apart."""
    if q.kind != "count" or reading.ok:
        return None
    t = " ".join(plain_text(ascii_digits(text)).lower().split())
    apart = _AND_NEXT_STEP.sub(", and ", t)
    if apart == t:
        return None
    again = reread(apart)
    return again if again.ok else None


#: Failures in two years listed together: "failed in 2019 and 2021", "failed ck in 2019 and 2021": two failed attempts at
#: least, whatever else the reply says.
_FAILED_YEARS = re.compile(r"\bfail\w*\s+(?:\w+\s+){0,3}?in\s+((?:19|20)\d{2})((?:\s*(?:,|and|&|then)\s*(?:again\s+)?"
                           r"(?:in\s+)?(?:19|20)\d{2})+)")
#: A total said first: "3 total: step 1 once, ck once", "3 in total: ...".
_TOTAL_FIRST = re.compile(r"^\s*(\d{1,2})\s+(?:in\s+)?(?:total|altogether|overall)\b")


#: A pass on a numbered attempt: "passed step 3 on attempt 2" (one failed before it).
_PASSED_ON_ATTEMPT = re.compile(r"\b(?:passed|cleared|got through)\b[^,.;]*?\bon\s+(?:the\s+|my\s+)?attempt\s+"
                                r"(?:no\.?\s*|number\s+|#\s*)?(\d)\b")
#: A Step not passed yet: "not passed yet", "yet to pass", "haven't passed".
_NOT_PASSED_YET = re.compile(r"\bnot\s+(?:yet\s+)?pass(?:ed)?\b(?:\s+\w+){0,3}?\s+yet\b|\bnot\s+yet\s+pass(?:ed)?\b|"
                             r"\byet\s+to\s+pass\b|\bstill\s+not\s+passed\b")


def count_guard(q: Question, text: str, reading: Reading, today: date) -> Reading | None:
    """A count read that the reply's own words contradict is asked, naming them: a year read as a count ("failed in
    2019 and 2021" was 2019), fewer failures than the years failed in ("failed ck in 2019 and 2021" was 1), a total
    said first that the Steps do not add up to ("3 total: step 1 once, ck once" was 2), a pass on a numbered attempt
    read as that many failures ("passed step 3 on attempt 2" was 2), a Step not passed yet counted as a failure
    ("failed CK 2 times, not passed yet" was 3)."""
    if q.kind != "count" or not reading.ok or not isinstance(reading.value, int):
        return None
    t = " ".join(plain_text(ascii_digits(text)).lower().split())
    value = reading.value
    years = _FAILED_YEARS.search(t)
    if years is not None:
        listed = [years.group(1), *re.findall(r"(?:19|20)\d{2}", years.group(2))]
        if value < len(listed) or value > MAX_FAILURES:
            doubt = f"failures in {' and '.join(listed)}"
            return _ask(f"You wrote {doubt}: that is {len(listed)} failed attempts at least. How many do you have in "
                        "total?", doubt, _with_rest(q, (min(len(listed), MAX_FAILURES),), today))
    if value > MAX_FAILURES:
        doubt = f"{value}, which looks like a year"
        return _ask(f"You wrote {doubt}. How many failed attempts do you have in total?", doubt,
                    _with_rest(q, (), today))
    nth = _PASSED_ON_ATTEMPT.search(t)
    if nth is not None and value == int(nth.group(1)) and value >= 1:  # "passed step 3 on attempt 2" was 2
        doubt = f"{quoted(nth.group(0), 40)}"
        return _ask(f"You wrote {doubt}: passed on attempt {value} is {value - 1} failed before it. How many failed "
                    "attempts do you have in total?", doubt, _with_rest(q, (value - 1, value), today))
    pending = next((c for c in re.split(r"\s*(?:[,;.]|\bbut\b)\s*", t) if _NOT_PASSED_YET.search(c)
                    and not re.search(r"\bfail", c)), "")
    if value >= 1 and pending and ("another Step" in reading.said
                                   or re.search(r"\b(?:step|s)\s*[123]|\bck\b", pending)):
        # "failed CK 2 times, not passed yet" was 3: "not passed yet" is the same Step still ahead, not a new failure
        doubt = quoted(pending)
        return _ask(f"You wrote {doubt}: a Step not passed yet is a failed attempt only if you sat it and failed. How "
                    "many failed attempts do you have in total?", doubt, _with_rest(q, (value - 1, value), today))
    total = _TOTAL_FIRST.match(t)
    if total is not None and int(total.group(1)) != value:
        doubt = f"{total.group(1)} in total, and the Steps named add up to {value}"
        return _ask(f"You wrote {doubt}. Which is it?", doubt, _with_rest(q, (int(total.group(1)), value), today))
    return None
