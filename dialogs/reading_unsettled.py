"""Counts and scores read from a sentence that the sentence does not settle: a failure only feared ("result not out
yet, I have a bad feeling it's a fail"), the user's own doubt whether a failure counts ("two, but one was before
pass/fail so it doesn't count?"), a Step 2 CS failure (a USMLE Step the question does not name), "N attempts before
I passed" (N failed, or N in all?), "N attempts in total" (attempts are not failures), and a score said of someone
else beside the user's own still to come ("my wife sat CK and got 255, I am still preparing for mine"). Each is
asked back, naming the doubt and offering what was said, or (the last, when the user's own exam is plainly still
ahead) read as Not taken yet, said back. Pure; called by ``dialogs.reading.understand`` once a value was read."""

from __future__ import annotations

import re
from datetime import date

from dialogs.reading_base import Reading, _ask, _read, _with_rest, quoted, with_note
from dialogs.sentence import ascii_digits, plain_text
from knowledge.loader import Question

_NUMBER = {"one": 1, "once": 1, "two": 2, "twice": 2, "three": 3, "thrice": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8}
_N = r"(\d|one|two|three|four|five|six|seven|eight)"
#: Clauses: at punctuation and at the words that join two statements.
_CLAUSES = re.compile(r"[,;.!?]|\s(?:and|but|so|while|though|although|because)\s", re.IGNORECASE)
_FAIL = re.compile(r"\b(?:fail|failed|fails|failing|failure|flunk\w*|unsuccessful|did ?n[o']?t pass|not pass(?:ed)?)\b")
#: A failure only feared or expected: the result is not known to the user yet.
_FEAR = re.compile(r"\b(?:bad feeling|feeling|feel like|afraid|scared|fear\w*|worried|worry|worrying|suspect|expect\w*|"
                   r"probably|likely|might|may be|may have|could have|possibly|perhaps|maybe|i think|i guess|thought|"
                   r"pretty sure|nervous|dread\w*)\b")


def _clauses(text: str) -> list[str]:
    return [" ".join(c.split()) for c in _CLAUSES.split(plain_text(ascii_digits(text))) if c and c.strip()]


def _feared(q: Question, text: str, n: int, today: date) -> Reading | None:
    """ "CK result not out yet and I have a bad feeling it's a fail": a fail feared is not a failed attempt."""
    clause = next((c for c in _clauses(text) if _FAIL.search(c) and _FEAR.search(c)), None)
    if clause is None:
        return None
    doubt = quoted(clause)
    return _ask(f"You wrote {doubt}: a result you fear but do not know yet is not a failed attempt, so I have not "
                f"noted {n}. How many failed attempts do you have as of today? Tap it; you can change it once the "
                "result is out.", doubt, _with_rest(q, tuple(dict.fromkeys((max(n - 1, 0), n))), today))


#: The user's own word that a failure does not count ("so it doesnt count na?", "it shouldn't count right").
_NOT_COUNT = re.compile(r"\b(?:does ?n[o']?t|doesnt|does not|do ?n[o']?t|dont|do not|should ?n[o']?t|shouldnt|should not|"
                        r"would ?n[o']?t|wouldnt|would not|wo ?n[o']?t|wont|will not|won't|not) (?:even |really |)"
                        r"(?:count|matter)\b")


def _own_doubt(q: Question, text: str, n: int, said_back: str, today: date) -> Reading | None:
    """ "Two, but one was before Step 1 became pass/fail so it doesnt count na?": every failed attempt counts (it is
    on the transcript), so the user's own doubt is answered and the full number offered, never the one left."""
    t = plain_text(ascii_digits(text))
    m = _NOT_COUNT.search(t)
    if m is None or _other_exam(q, t):
        return None
    said = [_NUMBER.get(w, int(w) if w.isdecimal() else 0) for w in re.findall(rf"\b{_N}\b|\b(?:once|twice|thrice)\b",
                                                                            t[:m.start()])]
    said = [x for x in said if 0 < x < 10]
    if n < 0 and not said:
        return None
    total = said[0] if said else n  # "Two, but one was before pass/fail ...": the first count said is the total
    doubt = quoted(re.split(r"[,;.!?]", t[:m.start()])[-1].strip() + " " + m.group(0), 48)
    if total == n:  # "failed step 3 once but that doesn't matter, right?": the count stands, and why is said back
        return _read(n, with_note(said_back or f"{n} failed attempt{'s' if n != 1 else ''}",
                                  f"you wrote {doubt}: every failed attempt at any USMLE Step counts here"))
    return _ask(f"You wrote {doubt}: every failed attempt at any USMLE Step counts here, and programs see it on your "
                "transcript (a Step 1 failure from before pass/fail too). How many failed attempts is that in total? "
                "Tap it.", doubt, _with_rest(q, (total,), today))


def _other_exam(q: Question, t: str) -> bool:
    """A word of an exam the question does not count (PLAB, OET ...): its "doesn't count" is the reader's own rule."""
    return any(re.search(rf"\b{re.escape(w)}\b", t) for g in q.reading.not_counted for w in g.words
               if not w.startswith("$") and " " not in w and w not in ("final", "prof", "uni", "university"))


_CS = re.compile(r"\b(?:step ?2 ?cs|cs|clinical skills)\b")
_OTHER_STEP = re.compile(r"\b(?:step ?(?:1|one|3|three)|s1|s3|step ?2 ?ck|ck)\b")


def _cs(q: Question, text: str, n: int, said: str, today: date) -> Reading | None:
    """ "Failed CS in 2020, everything else first attempt": Step 2 CS was a USMLE Step (it ended in 2021), but the
    question names Steps 1, 2 CK and 3, so whether the user counts it is asked, naming CS, offering both."""
    clause = next((c for c in _clauses(text) if _CS.search(c) and _FAIL.search(c)), None)
    if clause is None:
        clause = next((c for c in _clauses(text) if _CS.search(c)), None) if _FAIL.search(plain_text(text)) else None
    if clause is None:
        return None
    m = re.search(r"Step 2 CS(?:: (\d+))?", said)
    alone = not _OTHER_STEP.search(_CS.sub(" ", plain_text(ascii_digits(text))))
    cs = int(m.group(1)) if m and m.group(1) else n if alone else 1
    doubt = f"{quoted(clause)} (Step 2 CS)"
    return _ask(f"You wrote {doubt}. Step 2 CS was a USMLE Step until 2021, but this question counts Steps 1, 2 CK "
                f"and 3. Should your plan count it? Tap the total: {n} with CS, {max(n - cs, 0)} without.", doubt,
                _with_rest(q, tuple(dict.fromkeys((n, max(n - cs, 0)))), today))


#: "three attempts at Step 1 before I finally passed it": three failed before the pass, or three in all?
_BEFORE_PASS = re.compile(rf"\b{_N} (?:attempts?|tries|goes|chances|times)\b(?:\W+\w+){{0,5}}?\W+before\b"
                          r"(?:\W+\w+){0,3}?\W+(?:pass\w*|clear\w*|got through|getting through|made it)\b")


def _before_pass(q: Question, text: str, n: int, today: date) -> Reading | None:
    t = plain_text(ascii_digits(text))
    m = _BEFORE_PASS.search(t)
    if m is None or _FAIL.search(re.split(r"[,;.!?]", t[:m.end()])[-1]):  # "failed step 1 four times before passing"
        return None
    k = _NUMBER.get(m.group(1)) or int(m.group(1))
    doubt = quoted(m.group(0))
    return _ask(f"You wrote {doubt}: is that {k} failed attempts and then the pass, or {k} attempts in all, the last "
                f"one passed ({k - 1} failed)? Tap the number of failed attempts.", doubt,
                _with_rest(q, tuple(dict.fromkeys((k - 1, k))), today))


#: "I have 4 attempts in total": attempts, not failures.
_ATTEMPTS_TOTAL = re.compile(rf"\b{_N} (?:attempts?|tries|goes)\b")
_TOTAL = re.compile(r"\b(?:in total|total|altogether|overall|in all|combined|so far)\b")
_STEP_OR_RESULT = re.compile(r"\b(?:step|s1|s2|s3|ck|cs|usmle|pass\w*|clear\w*|first|1st|second|2nd|third|3rd|last)\b")


def _attempts_total(q: Question, text: str, n: int, today: date) -> Reading | None:
    t = plain_text(ascii_digits(text))
    m = _ATTEMPTS_TOTAL.search(t)
    if m is None or not _TOTAL.search(t) or _FAIL.search(t) or _STEP_OR_RESULT.search(t):
        return None
    doubt = quoted(m.group(0))
    return _ask(f"You wrote {doubt}: attempts count the passes too, and this question counts only the failed ones. "
                "How many of your attempts failed? Tap it, or type the number.", doubt, _with_rest(q, (), today))


def unsettled_count(q: Question, text: str, reading: Reading, today: date) -> Reading | None:
    """A count read from a sentence that does not settle it: asked, naming why (see the module's docstring)."""
    if q.kind != "count":
        return None
    if not reading.ok:  # refused or asked without buttons ("4 attempts altogether"): asked, offering the numbers
        return None if reading.candidates else _own_doubt(q, text, -1, "", today) or _before_pass(
            q, text, 0, today) or _attempts_total(q, text, 0, today)
    if not isinstance(reading.value, int) or isinstance(reading.value, bool):
        return None
    n = reading.value
    return _feared(q, text, n, today) or _own_doubt(q, text, n, reading.said, today) or _cs(q, text, n, reading.said, today) or \
        _before_pass(q, text, n, today) or _attempts_total(q, text, n, today)


#: The user's own exam still ahead: "I am still preparing for mine", "haven't taken my own yet".
_MINE_AHEAD = re.compile(r"\b(?:mine|my own|my exam|my ck|my step ?2(?: ck)?)\b")
_AHEAD = re.compile(r"\b(?:preparing|prepping|studying|yet|not taken|not given|not written|not sat|have ?n[o']?t|"
                    r"havent|have not|scheduled|booked|upcoming|planning)\b")
_SOMEONE = re.compile(r"\b(?:wife|husband|spouse|partner|fiance|fiancee|sister|brother|sibling|friend|colleague|"
                      r"classmate|batchmate|roommate|cousin|father|mother|dad|mom|son|daughter|he|she|they)\b")
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|me|mine|my)\b")


def others_score(q: Question, text: str, reading: Reading, today: date) -> Reading | None:
    """A score read beside someone else's exam, where no word of the user's own stands next to the number ("my wife
    sat CK and got 255"): the number is theirs. With the user's own exam plainly still ahead ("I am still preparing
    for mine"), Not taken yet, said back; otherwise asked."""
    if q.kind != "score" or not reading.ok or not isinstance(reading.value, int) or "someone else" not in reading.said:
        return None
    t = plain_text(ascii_digits(text))
    at = re.search(rf"\b{reading.value}\b", t)
    if at is None:
        return None
    before = t[:at.start()]
    clause = re.split(r"[,;.!?]", before)[-1]
    near = " ".join(clause.split()[-4:])
    if _FIRST_PERSON.search(near) or not _SOMEONE.search(clause):  # "... and I got 248": the user's own; "248, my
        return None                                                # friend got 260": the other one is after it
    after = t[at.end():]
    who = " ".join(before.split()[:6])
    if _MINE_AHEAD.search(after) and _AHEAD.search(after):
        return _read(None, f"Not taken yet ({reading.value} is someone else's score: {quoted(who)}; yours is still "
                           f"ahead: {quoted(after.strip(' ,.;'))})")
    doubt = f"{reading.value}, in {quoted(who)}"
    return _ask(f"You wrote {doubt}: that score seems to be someone else's, so I have not noted it. What is your own "
                "Step 2 CK score? Tap “Not taken yet” if you have not sat it, or type the score.", doubt,
                ((None, "Not taken yet"),))


#: A score expected, predicted or hoped for, not yet out: "expecting 236 in results next week", "predicted 250".
_EXPECTED_SCORE = re.compile(r"\b(?:expect\w*|predict\w*|estimat\w*|hoping|hope|target\w*|aiming)\b")


def expected_score(q: Question, text: str, reading: Reading) -> Reading | None:
    """A score read where the reply says it is only expected or hoped for: asked, offering it and Not taken yet."""
    if q.kind != "score" or not reading.ok or not isinstance(reading.value, int):
        return None
    t = " ".join(plain_text(ascii_digits(text)).lower().split())
    clause = next((c for c in re.split(r"\s*(?:[,;.]|\bbut\b)\s*", t) if str(reading.value) in c), "")
    word = _EXPECTED_SCORE.search(clause)  # "my target was 260, I got 248": the target is another clause's
    if word is None:
        return None
    doubt = quoted(word.group(0))
    return _ask(f"You wrote {doubt}: the plan needs the score on your transcript. Is {reading.value} your real Step 2 "
                "CK score? Tap it, or tap “Not taken yet” if the result is not out.", doubt,
                ((reading.value, str(reading.value)), (None, "Not taken yet")))
