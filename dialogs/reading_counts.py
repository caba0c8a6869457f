"""Reading failed USMLE attempts from a sentence: the exams named, the failures of each added up clause by
clause, a total said outright ("so one", "two in total across step 1 and ck"), and what is set aside
(another exam's failure, a plan).

Pure; the count reader of ``dialogs.reading``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from dialogs.reading_base import (NEAR_MISSES, Reading, Value, _ask, _minus, quoted, _read, _refuse,
                                  _with_rest)
from dialogs.reading_choices import _doubts, _not_counted, _said, read_words
from dialogs.reading_numbers import FILLER, POLITE, read_number
from dialogs.reading_totals import total_with_breakdown
from dialogs.sentence import (APPROXIMATE, APPROXIMATE_BEFORE, NEGATORS, Sentence, ascii_digits, phrase, plain_text,
                              same, with_digits)
from knowledge.answers import MAX_FAILURES, AnswerMap
from knowledge.loader import Question, WordReading


# --------------------------------------------------------------------------- failed attempts, added up

_FAIL = tuple(phrase(w) for w in ("fail", "failed", "fails", "failure", "failures", "flunked", "unsuccessful",
                                  "did not pass", "not passed", "not clear", "did not clear"))
_PASS = tuple(phrase(w) for w in ("passed", "pass", "cleared", "clear", "cleared it", "got through", "took", "needed"))
_ATTEMPT = frozenset("attempt attempts try tries time times go goes attemp chance chances".split())
_EACH = frozenset("each both every".split())
#: Words that point back to the Steps named before ("passed both of them on the second attempt"): never another Step.
_BACK = frozenset("both each them all every".split())
_ALL = tuple(phrase(w) for w in ("all", "any", "every", "everything", "all steps", "any step", "any exam",
                                 "every step", "all exams", "all of them", "at all"))
_ZERO_WORDS = tuple(phrase(w) for w in ("none", "zero", "nil", "nope", "nah", "clean", "clean record", "0"))


def _zero_said(words: list[str]) -> bool:
    return any(tuple(words[k:k + len(ph)]) == ph for ph in _ZERO_WORDS for k in range(len(words)))


@dataclass
class _Exam:
    name: str
    at: int
    end: int = 0


def _exams(s: Sentence, r: WordReading) -> list[_Exam]:
    spans: list[tuple[int, int, str]] = []
    for ph, name in sorted(((phrase(w), n.name) for n in r.exams for w in n.words), key=lambda pn: -len(pn[0])):
        for a, b in s.find(ph, fuzzy=False):
            if not any(a < e and b > st for st, e, _ in spans):
                spans.append((a, b, name))
    return [_Exam(name, a, b) for a, b, name in sorted(spans)]


#: Units of time after a number: how long, not how many ("retook it after 3 months": not 3 failures; round 24b).
_DURATION = frozenset("day days week weeks wk wks month months mo mos mth mths year years yr yrs".split())


def _count_at(s: Sentence, i: int, lo: int, hi: int) -> int | None:
    """A count of times stated around word ``i`` in [lo, hi): "2 times", "twice", "2 fails", "failed 2"."""
    for j in range(lo, hi):
        w = s.words[j]
        if j > 0 and s.words[j - 1] in ("step", "usmle"):  # "step 1 fail 2 times": the 1 names the exam
            continue
        if w in ("once", "twice", "thrice"):
            return {"once": 1, "twice": 2, "thrice": 3}[w]
        if w.isdecimal() and j + 1 < len(s.words) and s.words[j + 1] in _DURATION:  # "retook it after 3 months"
            continue
        if w.isdecimal() and j + 1 < hi and s.words[j + 1] in ("time", "times", "fail", "fails", "failure",
                                                               "failures", "attempt", "attempts", "x"):
            return int(w)
        if w.isdecimal() and abs(j - i) <= 2:
            return int(w)
    return None


#: No exam passed ("not a single one passed first time", "none of them cleared on the first go"): the pass is what
#: is denied, so it is not "no failures"; asked.
_NONE_PASSED = re.compile(r"\b(?:not (?:a )?single (?:one|exam|step)|not one|none of them|none of the (?:exams|steps)|"
                          r"none)\s+(?:of them\s+)?(?:was\s+|were\s+|got\s+)?(?:passed|cleared|got through)\b")


#: An attempt that ended without a result: not a plain failure, not nothing.
_NO_RESULT: tuple[tuple[str, ...], ...] = tuple(tuple(p.split()) for p in (
    "nr", "no result", "no score", "annulled", "invalidated", "irregular behavior", "irregular behaviour",
    "score withheld", "result withheld", "score cancelled", "result cancelled"))


def _read_count(q: Question, text: str, answers: AnswerMap, today: date) -> Reading:
    text = _EMOJI_BETWEEN.sub(", ", text)  # "step1 failed twice 😞 ck first attempt pass": the face ends a clause
    text = _GLUED.sub(r"\1 \2", text)  # "3fails total": the count glued to its noun (was read as 1 failed)
    text = _ORDINAL_PASS.sub(lambda m: f"passed on the {_ORDINALS[m.group(1).lower()]}", text)  # "Second one pass."
    text = _YEARS_IN_BRACKETS.sub("", text)  # "One on Step 1 (2021) and one on CK (2023)": when, not how many
    if not _FAILS_SAID.search(text):  # "one on CK": "CK once"; not where "failed" is said ("Two failed, one in Step 1")
        text = _COUNT_ON_STEP.sub(lambda m: f"{m.group(2)} {_TIMES[m.group(1).lower()]}", text)
    yes = _YES_COUNT.fullmatch(plain_text("".join(ch for ch in text if unicodedata.category(ch) != "So")))
    if yes:  # "unfortunately yes, 4 😔": the yes answers "any failed attempt?", the number is the count
        n = read_number(yes.group(1), "count")
        if n is not None and 1 <= n <= MAX_FAILURES:
            return _read(n, f"{n} failed {'attempt' if n == 1 else 'attempts'} (you wrote {quoted(text.strip())})")
    if _minus(text):
        return _refuse(f"{quoted(text)} is not a number of failed attempts: type 0 if you have none, or the number "
                       "(1, 2, 3...).", quoted(text))
    decimal = re.search(r"\d+[.,]\d+", ascii_digits(text))
    if decimal:
        return _refuse(f"{decimal.group()} is not a whole number of attempts: type the number of failed attempts "
                       "(0, 1, 2...).", decimal.group())
    n = read_number(text, "count")
    if n is not None:
        if n > MAX_FAILURES:
            return _refuse(f"{n} failed attempts looks like a typo; please type a number from 0 to {MAX_FAILURES}.",
                           f"{n}")
        return _read(n)
    s = Sentence.of(text, numbers=True)
    but_one = re.search(r"\ball but (?:one|1|two|2)\b", plain_text(text))  # a clause word drops "but" from ``s``
    near_miss = but_one.group(0) if but_one else _said(s, s.claim_all(NEAR_MISSES))
    if near_miss:  # "I nearly failed CK", "a couple of fails", "all but one passed first time"
        doubt = quoted(near_miss)
        return _ask(f"You wrote {doubt}, so I have not noted a number. How many failed attempts do you have on any "
                    "USMLE Step, in total?", doubt, _with_rest(q, (), today))
    none_passed = _NONE_PASSED.search(plain_text(text))
    if none_passed:  # "not a single one passed first time": every exam failed at least once, not none failed
        doubt = quoted(none_passed.group(0))
        return _ask(f"You wrote {doubt}: that says no exam was passed on the first try, not that none was failed. "
                    "How many failed attempts do you have on any USMLE Step, in total?", doubt,
                    _with_rest(q, (), today))
    no_result = next((" ".join(s.words[k:k + len(ph)]) for ph in _NO_RESULT for k in range(len(s.words))
                      if tuple(s.words[k:k + len(ph)]) == ph), "")
    if no_result:  # "failed CK once but it was an NR": an attempt without a result is not a failure, nor nothing
        doubt = quoted(no_result)
        return _ask(f"You wrote {doubt}: an attempt without a result (NR, annulled) may or may not count as a "
                    "failure on your transcript. How many failed attempts do programs see?", doubt,
                    _with_rest(q, (), today))
    last = _PASSED_ON_LAST.fullmatch(with_digits(plain_text(text)).strip(" .!"))
    if last and (last.group(3) is None or int(last.group(3)) == int(last.group(1))) and 2 <= int(last.group(1)) <= 9:
        n = int(last.group(1)) - 1  # "4 attempts total, passed on the last one": every attempt before the pass failed
        return _read(n, f"{n} failed {'attempt' if n == 1 else 'attempts'} ({last.group(1)} attempts, the last one "
                        "passed)")
    stated = total_with_breakdown(q, text, today) or _stated_total(q, s, today)
    if stated is not None:
        return stated
    unsure, hedge = _doubts(s, False)
    concluded = _conclusion(s)
    if concluded is not None and not unsure and not hedge:
        n, said = concluded
        before = re.match(r"(.*)[,;.!?…—–-]", text.rstrip(" .!?"), re.DOTALL)
        rest = _tally(Sentence.of(before.group(1) if before else "-", numbers=True), q.reading)
        if isinstance(rest, tuple) and rest[0] and rest[0] != n:  # the count and the user's total: both offered first
            doubt = f"{rest[0]} failed, and {quoted(said)}"
            return _ask(f"You wrote {doubt}. How many failed attempts do you have in total?", doubt,
                        _with_rest(q, (min(rest[0], _TOP_COUNT), min(n, _TOP_COUNT)), today))
        detail = ", ".join(f"{e}: {c}" if len(rest[1]) > 1 else e for e, c in rest[1] if c) \
            if isinstance(rest, tuple) and rest[0] == n else ""
        return _read(n, f"{n} failed {'attempt' if n == 1 else 'attempts'} ({detail + '; ' if detail else ''}"
                        f"you wrote {quoted(said)})")
    steps = _per_step(s, q.reading) if not unsure and not hedge else None
    if steps is not None:  # "step 3 2x, the others were clean": the counts answer the question, failed attempts
        total, said = steps
        return _read(total, f"{total} failed {'attempt' if total == 1 else 'attempts'} ({said}; read as failed "
                            "attempts, the question's own)")
    tally = _tally(s, q.reading)
    if isinstance(tally, Reading):  # two readings of the count: both offered first, with their own labels
        return _ask(tally.error, tally.doubt, _with_rest(q, tuple(min(v, _TOP_COUNT) for v, _ in tally.candidates
                                                                 if isinstance(v, int)), today)) \
            if tally.candidates else tally
    total, per, zero_all, zero_some, passed_only, excluded = tally
    rest_said = next((" ".join(words) for words in _rest_first(s)), "")
    if rest_said and not total and not zero_some and not passed_only:  # "rest all first attempt": the rest of what?
        doubt = quoted(rest_said)
        return _ask(f"You wrote {doubt}, but not how the other Steps went. How many failed attempts do you have on "
                    "any USMLE Step, in total?", doubt, _with_rest(q, (), today))
    unsaid = others_unsaid(q, text, total, today)
    if unsaid is not None:
        return unsaid
    aside = f"; {', '.join(excluded)}" if excluded else ""
    if unsure or hedge:
        doubt = quoted(unsure or hedge)
        first: tuple[Value, ...] = (min(total, 3),) if total else ()
        return _ask(f"You wrote {doubt}. How many failed attempts do you have on any USMLE Step, in total?",
                    doubt, _with_rest(q, first, today))
    if total and (rest_said and not zero_all or zero_all and re.search(
            r"\b(?:except|apart from|other than|besides|barring|excluding)\b", plain_text(text))):  # "passed everything first go except CK, on the 2nd"
        detail = ", ".join(f"{e}: {c}" for e, c in per if c)
        plural = "attempt" if total == 1 else "attempts"
        return _read(total, f"{total} failed {plural} ({detail + '; ' if detail else ''}the rest on the first attempt)")
    if total and zero_all:
        return _ask(f"You wrote both none and {total} failed. How many failed attempts do you have in total?",
                    f"both none and {total}", _with_rest(q, (min(total, 3),), today))
    if total:
        detail = ", ".join(f"{e}: {c}" for e, c in per if c) if len(per) > 1 else (per[0][0] if per else "")
        plural = "attempt" if total == 1 else "attempts"
        return _read(total, f"{total} failed {plural}" + (f" ({detail}{aside})" if detail else
                                                           f" ({aside[2:]})" if aside else ""))
    if zero_all:
        return _read(0, "no failed attempts" + (f" ({aside[2:]})" if aside else ""))
    if zero_some or passed_only:
        exams = " and ".join(dict.fromkeys(zero_some or passed_only))
        what = f"first attempt on {exams}" if zero_some else f"{exams} passed"
        return _ask(f"Noted: {what}. Is that so for every Step you have taken, with no failed attempt at all? "
                    "Tap the total number of failed attempts.", what, _with_rest(q, (), today))
    words = read_words(q, text, s)
    if words is not None:
        return words
    approx = next((f"{w} {s.words[i + 1]}" for i, w in enumerate(s.words[:-1])
                   if (w in APPROXIMATE_BEFORE or w == "~") and s.words[i + 1].isdecimal()), "")
    if approx:
        return _ask(f"You wrote {quoted(approx)}. How many failed attempts do you have on any USMLE Step, in total?",
                    quoted(approx), _with_rest(q, (int(approx.split()[1]),), today))
    return _refuse(f"I could not find a number of failed attempts in {quoted(text)}. Please type just the number, "
                   "in total on any USMLE Step (e.g. 0 or 1), or tap a button.", quoted(text))


_ORDINALS = {"second": "2nd", "2nd": "2nd", "third": "3rd", "3rd": "3rd", "fourth": "4th", "4th": "4th",
             "fifth": "5th", "5th": "5th"}
#: Failures of other Steps said without a count: "the others on the second attempt", "the rest failed once too",
#: "Step 2 CK same": counted by nothing, so a total read from the rest would be short.
_OTHERS_TOO = re.compile(r"\b(?:the others|others|the rest|rest of them|other steps?)\b(?:\W+\w+){0,5}?\W+(?:2nd|second|"
                         r"3rd|third|retakes?|again|twice|once|failed|fail|failures?)\b|\b(?:same|likewise|ditto)\b|"
                         r"(?:^|[,;.]\s*|\band\s+)(?:step\s*\w+|ck|cs|s[123])\s+(?:too|also|as well)\s*(?:[,;.!]|$)")


def others_unsaid(q: Question, text: str, total: int, today: date) -> Reading | None:
    """A count beside other Steps' failures said without one ("failed step 1 once, passed the others on the second
    attempt", "Step 2 CK same"): theirs are counted by nothing, so the count read would be short; asked."""
    unsaid = _OTHERS_TOO.search(plain_text(text))
    if not total or unsaid is None or re.search(r"\b(?:never|not|no|didn'?t|without)\b", unsaid.group(0)):
        return None
    doubt = quoted(unsaid.group(0))
    return _ask(f"You wrote {doubt}: the other Steps' failures are not counted in {total}. How many failed "
                "attempts do you have on any USMLE Step, in total?", doubt, _with_rest(q, (), today))


#: "both" about Steps, not about attempts ("failed both times" is about attempts).
_BOTH_STEPS = re.compile(r"\bboth\b(?! (?:times|attempts|tries|goes|of my attempts|(?:on|in) (?:step|ck|usmle)))")
#: Both attempts failed: "failed step 1 both times", "failed both attempts", "failed both".
_BOTH_FAILED = re.compile(r"\bfail\w*(?: \w+){0,3}?,? both(?: times| attempts| tries| goes)?\b"
                          r"(?! (?:step|ck|of them|exams))|\bboth (?:times|attempts|tries)\b")
#: A total said in the clause of a count ("failed once, 2 in total"): checked against the count.
_TOTAL_IN = re.compile(r"\b(\d+) (?:in total|in all|altogether|total)\b|\b(?:total(?: of)?|so) (\d+)\b")


#: The attempt passed on, said as its ordinal ("Took Step 1 two times. Second one pass.", "third attempt passed"):
#: rewritten as "passed on the 2nd" for the tally, which checks it against the attempts said.
_ORDINAL_PASS = re.compile(r"\b(?:the |my )?(second|2nd|third|3rd|fourth|4th|fifth|5th)(?: one| attempt| try| time| go)?"
                           r"(?: was| is)?(?: a)? (?:pass|passed|cleared)\b(?! on\b)", re.IGNORECASE)
#: Years in brackets after a Step's count ("one on CK (2023)", "two on CK (2022, 2023)"): when, not how many.
_YEARS_IN_BRACKETS = re.compile(r"\s*\(\s*(?:19|20)\d\d(?:\s*(?:,|and|&)\s*(?:19|20)\d\d)*\s*\)")
#: A count put before its Step ("one on Step 1", "two in CK"): that Step that many times, for ``_per_step``, which
#: reads it as failed attempts only where nothing else is said.
_COUNT_ON_STEP = re.compile(r"\b(one|two|three|1|2|3) (?:on|in|at) (?:the )?(step\s*(?:[123]|one|two|three)(?:\s*ck|\s*cs)?|"
                            r"ck|cs|s[123])\b", re.IGNORECASE)
_FAILS_SAID = re.compile(r"\b(?:fail\w*|flunked|attempts?|tries|times|took|passed|cleared)\b", re.IGNORECASE)
_TIMES = {"one": "once", "1": "once", "two": "twice", "2": "twice", "three": "thrice", "3": "thrice"}
#: A yes with the count, and nothing else ("unfortunately yes, 4", "yes, 4 times", "sadly yes 2").
_YES_COUNT = re.compile(r"\s*(?:(?:unfortunately|sadly|unluckily)[,.!\s]+)?(?:yes|yeah|yep|yea|ya)[,.!\s]+"
                        r"(?:(?:unfortunately|sadly|unluckily)[,.!\s]+)?(\d{1,2}|one|two|three|four|five|six)"
                        r"(?:\s*(?:times|x|fails|failures|failed attempts|attempts failed))?[\s.!]*")


#: A count glued to what it counts: "3fails", "2failures", "4attempts", "2times".
_GLUED = re.compile(r"\b(\d)(fails?|failures?|failed|attempts?|tries|times)\b", re.IGNORECASE)


#: "4 attempts total, passed on the last one", "3 tries overall, cleared on the 3rd": attempts, the last one passed.
_PASSED_ON_LAST = re.compile(r"(?:i (?:had|took|needed|made) )?(\d+) (?:attempts?|tries|times|goes)"
                             r"(?: in total| total| overall| altogether)?(?: on (?:usmle|steps?|the steps?))?[,;.]? ?"
                             r"(?:and |but )?(?:i )?(?:finally )?(?:passed|cleared|got through)(?: it)? (?:on|in|at) "
                             r"(?:the |my )?(?:(last|final)|(\d)(?:st|nd|rd|th)?)(?: one| 1| attempt| try| time| go)?")


#: A last clause that concludes with the total ("..., so one.", "that makes 2", "total 3").
#: Round 24b: "so thats one fail", "so that's 2 fails in total", "which makes 1 failure" close with the total too (the
#: failure word after the number was read as one more failure on no Step, "another Step: 1").
_CONCLUSION = re.compile(r"(?:so |and )?(?:that makes|which makes|that is|thats|total|in total|so in total|so total|"
                         r"so|making it|makes)\s+(\d+)"
                         r"(?:\s+(?:fail|fails|failure|failures|failed|failed attempts?|attempts? failed|"
                         r"failed attempt))?(?:\s+(?:in total|total|overall|altogether|in all))?")


def _conclusion(s: Sentence) -> tuple[int, str] | None:
    """The total said in the message's last clause, after something else was said ("Step 1 in 2020. So one.")."""
    last = s.clause[-1] if s.words else -1
    at = [i for i, c in enumerate(s.clause) if c == last]
    if not at or at[0] == 0:
        return None
    words = " ".join(s.words[at[0]:])
    m = _CONCLUSION.fullmatch(words)
    if not m or int(m.group(1)) > MAX_FAILURES:
        return None
    return int(m.group(1)), words


#: Words that mark a number as the total across exams ("5 in total across step 1 and ck").
_TOTAL_WORDS = frozenset("total altogether overall combined across all".split())
#: Words that may stand beside a total and the exams it covers without changing it.
_TOTAL_FILLER = frozenset("in on of and both back just only between".split())
#: The highest count a button offers ("3 or more"): an approximate count above it is that button.
_TOP_COUNT = 3


def _stated_total(q: Question, s: Sentence, today: date) -> Reading | None:
    """One count said as the total, with the exams it covers named beside it ("Two (Step 1 and Step 2 CK).",
    "just one, step 1 back in 2021", "like 5 in total across step 1 and ck"): that number, said back with
    the exams. Only when nothing else is said: no attempt, each, once or twice (those are tallied).
    An approximate total above the top button ("like 5") is that button, "3 or more"."""
    exam_at = {j for e in _exams(s, q.reading) for j in range(e.at, e.end)}
    counts: list[int] = []
    approx = ""
    for i, w in enumerate(s.words):
        if i in exam_at or w in _TOTAL_WORDS or w in _TOTAL_FILLER or w in FILLER["count"] - _ATTEMPT \
                or w in POLITE or (w.isdecimal() and len(w) == 4):
            continue
        if w.isdecimal():
            counts.append(int(w))
        elif w in APPROXIMATE or w == "~":
            approx = w
        else:
            return None
    exams = list(dict.fromkeys(e.name for e in _exams(s, q.reading)))
    if len(counts) != 1 or not exams and not any(w in _TOTAL_WORDS for w in s.words) or counts[0] > MAX_FAILURES:
        return None
    n = counts[0]
    first_word = next((w for w in s.words if w not in ("just", "only") and w not in APPROXIMATE), "")
    if not any(w in _TOTAL_WORDS for w in s.words) and (first_word != str(n) or s.clause[s.words.index(str(n))]
                                                        == s.clause[min(exam_at)] and "(" not in s.raw):
        return None  # "2 fails on step 1 and ck": each, or in all? the tally asks
    where = ", ".join(exams)
    if approx and n > _TOP_COUNT:
        return _read(_TOP_COUNT, f"{_TOP_COUNT} or more failed attempts (you wrote {approx} {n}"
                     + (f"; {where})" if where else ")"))
    if approx:
        doubt = f"{approx} {n}"
        return _ask(f"You wrote {quoted(doubt)}. How many failed attempts do you have on any USMLE Step, in total?",
                    quoted(doubt), _with_rest(q, (n,), today))
    if 0 < n < len(exams):
        doubt = f"{n} failed with {len(exams)} Steps named"
        return _ask(f"You wrote {n} and named {where}. How many failed attempts do you have in total?", doubt, ())
    plural = "attempt" if n == 1 else "attempts"
    return _read(n, f"{n} failed {plural}" + (f" ({where})" if where and n else ""))


def _tally(s: Sentence, r: WordReading
           ) -> Reading | tuple[int, list[tuple[str, int]], bool, list[str], list[str], list[str]]:
    """Failed attempts per exam, clause by clause: (total, [(exam, count)], none on every Step said,
    exams said to be passed first time, exams said to be passed with no word on attempts, what was set
    aside). A failure in another exam ("PLAB 1", "my medicine final": ``not_counted``) is set aside; a
    clause that names no exam but the attempt it passed on ("Step 1 failed twice, passed on 3rd attempt")
    is about the exam of the clause before; a count and an attempt for the same exam must agree."""
    exams = _exams(s, r)
    per: dict[str, int] = {}
    by_attempt: dict[str, int] = {}  # failures implied by the attempt an exam was passed on
    times_said: dict[str, tuple[int, str]] = {}  # "gave step 1 three times": attempts, without saying failed
    excluded: list[str] = []
    before: list[str] = []  # the exams of the clause before
    failed_before = False  # the clause before said failed: "failed CK once, and step 3 once also" lists two
    loose = 0  # failures not tied to an exam ("failed once")
    loose_attempt = 0  # failures implied by an attempt passed on, no exam named ("passed on the 2nd try")
    zero_all = False
    zero_some: list[str] = []
    passed_only: list[str] = []
    clauses = sorted(set(s.clause))
    # a clause with neither an exam nor a verb ("one time each") belongs to the one before
    groups: list[list[int]] = []
    for c in clauses:
        idx = [i for i in range(len(s.words)) if s.clause[i] == c]
        words = [s.words[i] for i in idx]
        has_exam = any(e.at in idx for e in exams)
        if " ".join(words) in map(" ".join, _rest_first(s)):  # "…Step 1, rest all first attempt": the others
            continue
        has_verb = any(any(same(a, b) for a, b in zip(ph, words[k:k + len(ph)])) and len(words[k:k + len(ph)]) == len(ph)
                       for ph in (*_FAIL, *_PASS) for k in range(len(words)))
        if groups and not has_exam and not has_verb:
            groups[-1] += idx
        else:
            groups.append(idx)
    for idx in groups:
        lo, hi = idx[0], idx[-1] + 1
        here = [e for e in exams if lo <= e.at < hi]
        names = list(dict.fromkeys(e.name for e in here))
        words = s.words[lo:hi]
        fails = [lo + k for ph in _FAIL for k in range(len(words) - len(ph) + 1)
                 if all(same(a, b) for a, b in zip(ph, words[k:k + len(ph)]))]
        fails = [f for f in fails if not s.negated(f, f + 1, NEGATORS - {"none"})
                 and s.clause[f] not in s.echoes]  # "failed? me? never": the question echoed, then answered
        outside = [(f, _not_counted(s, r, f)) for f in dict.fromkeys(fails)]
        excluded += [note for f, why in outside if why
                     and (note := f"{quoted(' '.join(s.part_words(f)), 30)} is {why}") not in excluded]
        fails = [f for f, why in outside if not why]
        negated_fail = any(s.negated(lo + k, lo + k + 1) for ph in _FAIL for k in range(len(words) - len(ph) + 1)
                           if all(same(a, b) for a, b in zip(ph, words[k:k + len(ph)])))
        ordinal = next((int(m.group(1)) for w in words if (m := re.fullmatch(r"(\d+)(?:st|nd|rd|th)", w))), None)
        every = any(tuple(words[k:k + len(ph)]) == ph for ph in _ALL for k in range(len(words)))
        each = any(w in _EACH for w in words)
        attempts_n = next((int(words[k]) for k in range(len(words) - 1)
                           if words[k].isdecimal() and words[k + 1] in _ATTEMPT), None)
        took = any(w in ("took", "needed", "take", "cleared", "passed") for w in words)
        other_verb = next((w for w in words[words.index(s.words[fails[0]]) + 1:] if w in _ATTEMPT_VERBS), "") \
            if fails else ""
        if other_verb and len(names) > 1:  # "failed step 1 once and took CK twice": took is not failed
            doubt = f"failed and {other_verb} in one sentence"
            return _ask(f"You wrote {doubt}: {other_verb} counts attempts, not failures. How many failed attempts do "
                        "you have in total?", doubt, ())
        if fails and len(names) < 2 and (_BOTH_STEPS.search(" ".join(words)) or not names and "each" in words) \
                and not _zero_said(words):
            doubt = f"{quoted(' '.join(words), 50)}, " + (  # "failed both steps once": which Steps?
                f"with only {names[0]} named" if names else "without naming the Steps")
            return _ask(f"You wrote {doubt}. How many failed attempts do you have in total?", doubt, ())
        if fails and (times_before := [w for w in s.words[lo:fails[0]] if w in ("twice", "thrice", "times", "time")]) \
                and set(s.words[lo:fails[0]]) & _ATTEMPT_VERBS and not _BOTH_FAILED.search(" ".join(words)):
            # "took step 1 two times and failed once"; "took CK twice and failed both times" is 2
            doubt = f"{quoted(' '.join(words), 50)}: attempts ({times_before[0]}) and failures"
            return _ask(f"You wrote {doubt}. How many failed attempts do you have in total?", doubt, ())
        if fails:
            counts = [c for c in (_count_at(s, f, lo, hi) for f in [fails[0]]) if c is not None]
            numbers = [int(w) for k, w in enumerate(words) if w.isdecimal() and (k == 0 or words[k - 1] != "step")
                       and not (k + 1 < len(words) and words[k + 1] in ("st", "nd", "rd", "th", *_DURATION))]
            numbers += [{"once": 1, "twice": 2, "thrice": 3}[w] for w in words if w in ("once", "twice", "thrice")]
            numbers = [n for n in numbers if n <= MAX_FAILURES]
            if len(names) > 1 and (said_total := _TOTAL_IN.search(" ".join(words))):  # "once each, 2 in total"
                doubt = f"{quoted(' '.join(words), 50)}: a total beside the counts"
                return _ask(f"You wrote {doubt}. How many failed attempts do you have in total?", doubt,
                            ((int(said_total.group(1) or said_total.group(2)), ""),))
            if counts == [0] or (not counts and numbers == [0]):  # "0 failures", "zero fails on step 1"
                if names and not every:
                    zero_some += names
                else:
                    zero_all = True
            elif len(names) <= 1:
                n = counts[0] if counts else (sum(numbers) if len(numbers) > 1 else numbers[0] if numbers else 1)
                if not counts and not numbers and _BOTH_FAILED.search(" ".join(words)):  # "failed step 1 both times"
                    n = 2
                total_said = _TOTAL_IN.search(" ".join(words))
                other = ordinal - 1 if ordinal and ordinal > 1 and {"passed", "pass", "cleared"} & set(words) else (
                    int(total_said.group(1) or total_said.group(2)) if total_said else None)
                if other is not None and other != n:  # "failed once and passed on the third attempt": 1 or 2?
                    doubt = f"{quoted(' '.join(words), 50)}: {n} failed, or {other}"
                    return _ask(f"You wrote {doubt}. How many failed attempts do you have in total?", doubt,
                                ((n, ""), (other, "")))
                if names:
                    per[names[0]] = per.get(names[0], 0) + n
                else:
                    loose += n
            elif each and len(numbers) == 1:
                for name in names:
                    per[name] = per.get(name, 0) + numbers[0]
            elif len(numbers) == len(names):
                for name, n in zip((e.name for e in here), _numbers_in_order(s, lo, hi)):  # in the order said
                    per[name] = per.get(name, 0) + n
            elif not numbers:
                for name in names:
                    per[name] = per.get(name, 0) + 1
            else:
                both = " and ".join(names)
                doubt = f"{both} with {len(numbers)} count{'s' if len(numbers) > 1 else ''}"
                return _ask(f"You named {doubt}: is that each, or in total? Tap the total number of failed "
                            "attempts.", doubt, ())
        elif ordinal is not None and (any(w in _ATTEMPT for w in words) or took):
            if not names and len(before) > 1 and ordinal > 1:  # "failed Step 1 and CK once, passed both on the 2nd"
                # both/each of them: every Step named before, passed on that attempt ("the others": not these)
                if set(words) & _BACK and not set(words) & {"other", "others", "rest"}:
                    for name in before:
                        if by_attempt.get(name, ordinal - 1) != ordinal - 1:
                            return _attempts_disagree(name, by_attempt[name], ordinal - 1)
                        by_attempt[name] = ordinal - 1
                    continue
                if all(per.get(name) == ordinal - 1 for name in before):  # the failures said, restated: no more
                    continue
            if not names and len(before) < 2 and ordinal > 1 and set(words) & (_BACK if not before else _EACH):
                # "passed both on the 2nd" with no Step or one Step named: which Steps?
                doubt = f"“{min(set(words) & _BACK)}” passed on attempt {ordinal}, " + (
                    f"with only {before[0]} named" if before else "without naming the Steps")
                return _ask(f"You wrote {doubt}. How many failed attempts do you have in total?", doubt, ())
            if not names and len(before) > 1 and ordinal > 1 and not any(per.get(name) for name in before):
                # "2 failures in total, step 1 and ck, passed on the third attempt": which Step took three?
                doubt = f"passed on attempt {ordinal} with {' and '.join(before)} named"
                return _ask(f"You wrote {doubt}: which Step was that attempt on? Tap the total number of failed "
                            "attempts.", doubt, ((loose, ""),) if loose else ())
            names = names or (before if len(before) == 1 else [])
            target = names[0] if len(names) == 1 else ""
            if len(names) > 1 and ordinal == 1 and not every:  # "step 1 and step 3 first attempt": both passed
                zero_some += names
                before = names
                continue
            if len(names) > 1:
                doubt = f"an attempt numbered {ordinal} beside " + " and ".join(names)
                return _ask(f"You wrote {doubt}: which Step was that attempt on? Tap the total number of failed "
                            "attempts.", doubt, ())
            if ordinal == 1:
                if target and not every:
                    zero_some.append(target)
                else:
                    zero_all = True
            elif target:
                if by_attempt.get(target, ordinal - 1) != ordinal - 1:
                    return _attempts_disagree(target, by_attempt[target], ordinal - 1)
                by_attempt[target] = ordinal - 1  # an exam is passed once: "took 3 attempts, passed on the 3rd"
            else:  # "failed once, passed on the second attempt": the same failure, said twice; checked below
                loose_attempt = max(loose_attempt, ordinal - 1)
        elif names and (times := next((w for k, w in enumerate(words) if w in ("once", "twice", "thrice") or (
                w.isdecimal() and k + 1 < len(words) and words[k + 1] in ("time", "times"))), None)):
            said = f"{' and '.join(names)} {times}" + (" times" if times.isdecimal() else "")
            n_times = int(times) if times.isdecimal() else {"once": 1, "twice": 2, "thrice": 3}[times]
            if failed_before and len(names) == 1 and not set(words) & _VERBS:  # "failed CK once, and step 3 once"
                per[names[0]] = per.get(names[0], 0) + n_times
                before = names
                continue
            listed = _numbers_in_order(s, lo, hi)
            if failed_before and len(names) == len(here) == len(listed) and not set(words) & _VERBS \
                    and "?" not in s.raw:  # "Failed CK once, step 1 twice and step 3 once": each with its count
                for e, n in zip(here, listed):
                    per[e.name] = per.get(e.name, 0) + n
                before = names
                continue
            if len(names) > 1:
                return _ask(f"You wrote {said}, without saying failed. How many failed attempts do you have in "
                            "total?", said, ())
            times_said[names[0]] = (n_times, said)  # known failed only if the attempt it was passed on is said
        elif attempts_n is not None and took and len(names) == len(here) > 1 and len(
                paired := [int(words[k]) for k in range(len(words) - 1) if words[k].isdecimal()
                           and words[k + 1] in _ATTEMPT and (k == 0 or words[k - 1] != "step")]) == len(here):
            for e, n in zip(here, paired):  # "took me 3 attempts to clear step 1 and 2 attempts to clear CK"
                if not 1 <= n <= MAX_FAILURES or by_attempt.get(e.name, n - 1) != n - 1:
                    return _ask(f"You wrote {quoted(' '.join(words), 50)}. How many failed attempts do you have in "
                                "total?", quoted(' '.join(words), 50), ())
                by_attempt[e.name] = n - 1
        elif attempts_n is not None and names:
            took = took or len(names) == 1 and _PASSED_ON.search(" ".join(s.words[hi:])) is not None
            if took and len(names) == 1:
                if by_attempt.get(names[0], attempts_n - 1) != attempts_n - 1:
                    return _attempts_disagree(names[0], by_attempt[names[0]], attempts_n - 1)
                by_attempt[names[0]] = attempts_n - 1
            else:
                return _ask(f"{attempts_n} attempts on {' and '.join(names)}: does that mean {attempts_n - 1} failed? "
                            "Tap the total number of failed attempts.",
                            f"{attempts_n} attempts on {' and '.join(names)}", ())
        elif negated_fail or any(tuple(words[k:k + len(ph)]) == ph for ph in _ZERO_WORDS for k in range(len(words))):
            if names and not every:
                zero_some += names
            else:
                zero_all = True
        elif any(w in ("passed", "pass", "cleared") for w in words):
            if names and not every:
                passed_only += names
            elif every:
                zero_all = zero_all or any(w in ("first", "1st") for w in words)
        before = names or before
        failed_before = bool(fails) and not other_verb and bool(names) and not any(  # "failed CK once", not "3 fails"
            (w.isdecimal() or w in _NUMBER_WORDS) and (s.words[k + 1] not in ("time", "times") or "?" in s.raw)
            and s.words[k - 1:k] != ["step"]  # "s1 x2 fail, s3 x1": the failure word after the first item scopes
            for k, w in enumerate(s.words[lo:fails[0]], lo))  # over the list (not when the user asks)
    for name, (n_times, said) in times_said.items():  # "gave step 1 3 times, cleared it on the 3rd": 2 failed
        if by_attempt.get(name) != n_times - 1:
            return _ask(f"You wrote {said}, without saying failed. How many failed attempts do you have in total?",
                        said, ())
    for name, implied in by_attempt.items():
        if name in per and per[name] != implied:
            doubt = f"{name}: {per[name]} failed, and passed on attempt {implied + 1}"
            return _ask(f"You wrote {doubt}. How many failed attempts do you have in total?", doubt, ())
        per[name] = implied
    counted = loose or sum(per.values())
    if loose_attempt and counted and (loose_attempt != counted or len(per) > 1):  # which Step, or more failures?
        doubt = f"{counted} failed, and passed on attempt {loose_attempt + 1}"
        return _ask(f"You wrote {doubt}. How many failed attempts do you have in total?", doubt,
                    ((counted, ""), (counted + loose_attempt - 1 if per else loose_attempt, "")))
    loose = loose or (loose_attempt if not per else 0)
    if loose and per and by_attempt:  # "took step 1 twice, failed once, passed the second time": the same failure?
        restated, added = sum(per.values()), sum(per.values()) + loose
        doubt = f"{loose} failed beside {', '.join(f'{e}: {c}' for e, c in per.items())}"
        return _ask(f"You wrote {doubt}: is that {restated} failed attempts in all, or {added}? Tap the total number "
                    "of failed attempts.", doubt, ((restated, ""), (added, "")))
    total = sum(per.values()) + loose
    both_said = _BOTH_STEPS.search(" ".join(s.words))
    if total and both_said and len({e.name for e in exams}) < 2:  # "failed CK once, passed both retakes": both what?
        doubt = f"“both” with {exams[0].name if exams else 'no Step'} named"
        return _ask(f"You wrote {doubt}. How many failed attempts do you have in total?", doubt, ())
    return total, [(e, c) for e, c in per.items()] + ([("another Step", loose)] if loose and per else []), \
        zero_all, zero_some, passed_only, excluded


_NUMBER_WORDS = frozenset("one two three four five six".split())
#: Verbs of attempts, not failures: after "failed" in the same clause they end its scope.
_ATTEMPT_VERBS = frozenset("took take gave sat wrote attempted retook passed cleared".split())
#: Any verb in a clause: without one, a Step and its count after a clause that said failed is one more failure.
_VERBS = _ATTEMPT_VERBS | frozenset("pass fail failed fails flunked did done count counts".split())
#: The attempt a Step was passed on, said after "N attempts on step 1": "passed on the 4th one".
_PASSED_ON = re.compile(r"^(?:and |but )?(?:i )?(?:finally )?(?:passed|cleared|got through)(?: it)? (?:on|in|at) "
                        r"(?:the |my )?(?:\d+ ?(?:st|nd|rd|th)|last|final)\b")


#: Words that make a count of times something other than failures ("took step 1 twice": attempts, one maybe
#: passed), or that put a failure in words the tally reads itself.
_NOT_BARE = frozenset("took take taking gave give given giving sat sit sitting wrote write writing appeared appear "
                      "attempted attempt attempts tried try tries retook retake passed pass cleared clear fail failed "
                      "fails failure failures flunked not no never if unless count counts counted maybe "
                      "except".split())
#: A clause that says every other Step went through first time ("the others were clean", "rest clean").
_REST = re.compile(r"^(?:and |but )?(?:the |all )?(?:others?|rest|everything else|all else|every other \w+|"
                   r"remaining ones?)(?: \w+){0,2} (?:clean|fine|ok|okay|first (?:try|time|attempt|go)|1st (?:try|time|"
                   r"attempt|go)|passed first (?:try|time|attempt|go))$|^(?:rest|others) clean$")


#: A total in a clause of its own, beside Steps each with a count: "4 in total", "so 4 altogether".
_TOTAL_ALONE = re.compile(r"(?:so )?(\d+)(?: in total| total| overall| altogether| in all)")


def _per_step(s: Sentence, r: WordReading) -> tuple[int, str] | None:
    """Steps each with a count of times and no verb ("step 3 2x", "step1 once and ck once"), as the answer to how
    many failed attempts: the counts added up. Only when every other clause says the rest went through first time;
    a verb ("took step 1 twice", "passed step 1 once") leaves it to the tally, which asks."""
    exams = _exams(s, r)
    if not exams:
        return None
    pairs: list[tuple[str, int]] = []
    totals: list[int] = []  # "Four in total 😔 Step 1 x2, CK x2": the total said in a clause of its own
    for c in sorted(set(s.clause)):
        idx = [i for i in range(len(s.words)) if s.clause[i] == c]
        words = [s.words[i] for i in idx]
        here = [e for e in exams if idx[0] <= e.at <= idx[-1]]
        if not here:
            total = _TOTAL_ALONE.fullmatch(" ".join(words))
            if total:
                totals.append(int(total.group(1)))
            elif not _REST.match(" ".join(words)):
                return None
            continue
        if set(words) & _NOT_BARE or any(re.fullmatch(r"(?:19|20)\d\d", w) for w in words):
            return None  # "CS once in 2019 if that counts": a doubt of the user's own, asked
        counts = [int(w) if w.isdecimal() else {"once": 1, "twice": 2, "thrice": 3}[w]
                  for k, w in enumerate(words) if w in ("once", "twice", "thrice") or (
                      w.isdecimal() and k + 1 < len(words) and words[k + 1] in ("time", "times")
                      and not any(e.at <= idx[k] < max(e.end, e.at + 1) for e in here))]
        if len(counts) != len(here) or any(not 1 <= n <= MAX_FAILURES for n in counts):
            return None
        pairs += [(e.name, n) for e, n in zip(here, counts)]
    if not pairs or len({name for name, _n in pairs}) != len(pairs) or any(t != sum(n for _e, n in pairs)
                                                                            for t in totals):
        return None
    return sum(n for _name, n in pairs), ", ".join(f"{name}: {n}" for name, n in pairs)


#: An emoji between two words ("step1 failed twice 😞 ck first attempt pass"): the face ends a clause, as a comma would.
_EMOJI_BETWEEN = re.compile(r"(?<=\w)\s*[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]+\s*(?=\w)")
#: A clause that says every other Step went through on the first attempt ("rest all first attempt only", "the
#: remaining ones first try", "others all passed in 1st attempt"): none failed of those, and nothing of the Step said.
_REST_FIRST = re.compile(r"(?:and |but |while )?(?:the |all |my )?(?:others?|rest|rest of (?:them|the steps|the exams)|"
                         r"remaining(?: ones?| 1s?| steps?| exams?)?|other steps?|other exams?|everything else|all else|"
                         r"every other (?:step|exam|one))(?: (?:all|were|was|i|passed|cleared|got|through|went|in|on|"
                         r"at|the|my|a|just))*? (?:(?:1st|first|1) (?:try|time|attempt|go|shot|chance)s?|clean)"
                         r"(?: only| too| as well| itself| each)?")


def _rest_first(s: Sentence) -> list[list[str]]:
    """The clauses of ``s`` that say the rest went through on the first attempt, each as its words."""
    out = []
    for c in sorted(set(s.clause)):
        words = [w for w, k in zip(s.words, s.clause) if k == c]
        if _REST_FIRST.fullmatch(" ".join(words)):
            out.append(words)
    return out


def _attempts_disagree(exam: str, first: int, second: int) -> Reading:
    doubt = f"{exam}: passed on attempt {first + 1} and on attempt {second + 1}"
    return _ask(f"You wrote {doubt}. How many failed attempts do you have in total?", doubt, ())


def _numbers_in_order(s: Sentence, lo: int, hi: int) -> list[int]:
    out = []
    for k in range(lo, hi):
        w = s.words[k]
        if w in ("once", "twice", "thrice"):
            out.append({"once": 1, "twice": 2, "thrice": 3}[w])
        elif w.isdecimal() and (k == lo or s.words[k - 1] != "step"):
            out.append(int(w))
    return out
