"""Reading numbers in a typed answer: a number typed on its own (digits of any script, or words), the numbers
of a sentence and what the words around each say it is, and the Step 2 CK score.

Pure. The count, year and score readers find their number here; a number is read only when the words around
it say what it is and no other number competes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from dialogs.reading_base import Reading, _ask, _minus, quoted, _read, _refuse, _with_rest
from dialogs.reading_choices import _doubts, read_words
from dialogs.sentence import (APPROXIMATE, APPROXIMATE_BEFORE, HEDGES, UNSURE_PHRASES, Sentence, ascii_digits, near,
                              phrase, plain_text, same, with_digits)
from knowledge.answers import AnswerMap
from knowledge.loader import Question, WordReading


#: A typed Step 2 CK score below this is asked about once before it is kept ("1" is more
#: likely a button number or a slip than a real score; the contract still allows 1-300).
UNLIKELY_SCORE = 150


# --------------------------------------------------------------------------- a number typed on its own

#: Words that may stand around a typed number without changing what it means, per kind of question.
FILLER = {
    "score": set("my score is was i got scored a an the on it of usmle ck first attempt final result and also "
                 "in exam".split()),
    "count": set("i have had failed fail fails failure failures attempt attempts time times total in on only just "
                 "usmle exams exam step steps".split()),
    "year": set("i graduated graduate graduating graduation will in year class of from medical med school the "
                "expected by md mbbs grad ll finish finishing final student next passed out and also am".split()),
    "match_year": set("the match for in aiming i am target to year this cycle season one of and "
                      "january february march april may june july august november december".split()),
}
#: Words that go with any typed answer without changing it (courtesy, interjections, thanks be to God).
POLITE = frozenset("please pls plz thanks thank you thx ok okay so um uh my bro sir lol haha honestly tbh sadly "
                   "unfortunately unfortunatly luckily thankfully alhamdulillah alhamdolillah alhamdulilah "
                   "inshallah insha allah inshaallah mashallah thank god".split())
_ONCE = {"once": 1, "twice": 2, "thrice": 3}
#: Any word of a doubt, hedge or approximation: a message with one is not "just the number".
_DOUBTFUL = re.compile(r"\b(?:" + "|".join(sorted({re.escape(" ".join(p)) for p in (*UNSURE_PHRASES, *HEDGES)}
                                                 | {re.escape(w) for w in APPROXIMATE}, key=len, reverse=True))
                       + r")\b|~")
_EXAM = re.compile(r"\bstep\s*(?:[123]|one|two|three)\b(?:\s*(?:ck|cs))?|\bstep\s*2\s*ck\b|\bstep2ck\b")


def read_number(text: str, kind: str) -> int | None:
    """The number a typed answer is, when it is just that number (digits of any script, or words),
    maybe with a few words that do not change it ("my score is 250", "2 attempts", "two hundred fifty");
    None for anything else: a sentence is read by the sentence readers, which say what they understood."""
    t = unicodedata.normalize("NFKC", text).lower()  # "²", "①", "２５０" become plain digits
    if re.search(r"\d\s*[-–]\s*\d|-\s*\d", t) or _minus(text):  # a range or a minus sign: not one number
        return None
    if kind == "score":
        if re.search(r"\bstep\s*(?:[13]|one|three)\b", t):
            return None  # another exam is named: the sentence reader says which number is which
        t = _EXAM.sub(" ", t)  # "step 2 ck 250": the 2 names the exam
    t = with_digits(ascii_digits(t))
    if _DOUBTFUL.search(plain_text(t)):
        return None
    words = [w for w in re.split(r"[^\w]+", t) if w]
    numbers = [w for w in words if w.isdecimal()]
    filler = FILLER[kind] | POLITE
    rest = [w for w in words if not w.isdecimal() and w not in filler
            and not (len(w) >= 5 and any(len(f) >= 5 and near(f, w) for f in FILLER[kind]))]  # "gradutaed"
    if len(numbers) == 1 and not rest:
        return int(numbers[0])
    if kind == "count" and not numbers and len(rest) == 1 and rest[0] in _ONCE:
        return _ONCE[rest[0]]
    return None


# --------------------------------------------------------------------------- numbers in a sentence

_UNITS = frozenset("week weeks wk wks month months mo mos year years yr yrs yrs day days hour hours time times "
                   "attempt attempts try tries paper papers pub pubs publication publications poster posters "
                   "abstract abstracts case cases percent % x minutes mins min".split())
_MONTHS = {m: i for i, names in enumerate(
    ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july", "aug august",
     "sep sept september", "oct october", "nov november", "dec december"), 1) for m in names.split()}


@dataclass(frozen=True)
class Mention:
    """A number in a sentence: where, what the words around it say it is (``this``, another ``name``, or
    ``""``), and whether it is approximate ("around 250", "240s")."""

    value: int
    at: int
    label: str  # "this" | a name from ``other`` | ""
    approx: bool
    denied: bool = False  # "Not 240 like my friend told you, it is 246": said to be wrong


def _denied(found: list[Mention]) -> tuple[list[Mention], str]:
    """The numbers not said to be wrong, and those that were ("not 240"), to say back."""
    kept = [m for m in found if not m.denied]
    return kept, ", ".join(f"not {m.value}" for m in found if m.denied)


def _cue_at(s: Sentence, i: int, this: tuple[tuple[str, ...], ...], other: tuple[tuple[tuple[str, ...], str], ...]
            ) -> tuple[str, int] | None:
    """The cue (``this`` or an other name) that starts at word ``i``, and its length: the longest, and of
    equal length one typed as listed before a near spelling ("batch" is not a slip of "match")."""
    best: tuple[str, int, bool] | None = None
    for ph, name in (*((ph, "this") for ph in this), *other):
        seg = s.words[i:i + len(ph)]
        if len(seg) == len(ph) and all(same(a, b) for a, b in zip(ph, seg)):
            exact = tuple(seg) == ph
            if best is None or (len(ph), exact) > (best[1], best[2]):
                best = (name, len(ph), exact)
    return best[:2] if best else None


#: Cue words that only link a number to what comes before them ("applying this september for 2027"): the
#: words before them are not their subject.
_LINKS = frozenset("for in of on at by".split())


def _cues(s: Sentence, r: WordReading) -> dict[int, tuple[str, int]]:
    """Where each cue starts: ``this``, an ``other`` name, or ``?name`` for a ``maybe`` cue, and its length.
    A ``this`` word whose subject is something else ("internship finished", "step 1 score") takes that
    other name."""
    this = tuple(phrase(w) for w in r.this)
    other = tuple((phrase(w), n.name) for n in r.other for w in n.words)
    other += tuple((phrase(w), "?" + n.name) for n in r.maybe for w in n.words)
    cues: dict[int, tuple[str, int]] = {}
    for i in range(len(s.words)):
        cue = _cue_at(s, i, this, other)
        if cue:
            cues[i] = cue
    for i, (name, n) in list(cues.items()):
        subject = [k for k in (i - 1, i - 2, i - 3) if k in cues and not cues[k][0].startswith(("this", "?"))
                   and k + cues[k][1] in (i, i - 1) and s.clause[k] == s.clause[i]]
        if name == "this" and subject and s.words[i] not in _LINKS:
            cues[i] = (cues[subject[0]][0], n)
    for i in [i for i in cues if s.words[i] in ("since", "from") and cues.get(i - 1, ("",))[0] == "this"]:
        del cues[i]  # "graduated since 2016": a word of time after this answer's own word links, it names nothing
    return cues


#: Words right after a cue that give it a value of its own ("step 1 pass"): the cue does not name a number.
_OWN_RESULT = frozenset("pass passed p fail failed cleared done pending".split())


def _maybe_is_this(s: Sentence, r: WordReading, i: int) -> bool:
    """A ``maybe`` cue beside a word of its ``unless`` list in the clause ("graduate of 2018 batch")."""
    words = [w for k, w in enumerate(s.words) if s.clause[k] == s.clause[i]]
    return any(all(same(a, b) for a, b in zip(ph, words[k:k + len(ph)])) and len(words[k:k + len(ph)]) == len(ph)
               for n in r.maybe for ph in map(phrase, n.unless) for k in range(len(words)))


def _names_its_own(s: Sentence, end: int) -> bool:
    """A cue ending before word ``end`` is followed by a number or a value of its own ("step 1 pass")."""
    rest = s.words[end:end + 2]
    return any(re.fullmatch(r"\d+", w) for w in rest) or (bool(rest) and rest[0] in _OWN_RESULT)


def mentions(s: Sentence, r: WordReading, low: int, high: int, exam_words: bool = True) -> list[Mention]:
    """The numbers from ``low`` to ``high`` in a sentence that could be this answer, each labelled by the
    nearest cue: a cue right after it ("245 on ck", "2018 mbbs") wins, then the nearest before it in
    the clause, then one within three words after it. Numbers that name an exam ("step 1"), count
    something ("6 months", "2 attempts") or are part of a date ("15 march") are not candidates; a cue
    followed by a value of its own ("step 1 pass") names no number. A ``maybe`` cue ("batch 2014") is
    labelled ``?name`` unless a ``this`` cue stands in the same clause ("graduate of 2018 batch")."""
    cues = _cues(s, r)
    out: list[Mention] = []
    for i, w in enumerate(s.words):
        m = re.fullmatch(r"(\d+)(s|ish|\+)?", w)
        if not m:
            continue
        n = int(m.group(1))
        prev = s.words[i - 1] if i > 0 else ""
        nxt = s.words[i + 1] if i + 1 < len(s.words) else ""
        if not low <= n <= high or (exam_words and prev in ("step", "uwsa", "usmle")) or nxt in _UNITS \
                or (prev in _MONTHS and n <= 31) or (nxt in _MONTHS and n <= 31) or nxt in ("st", "nd", "rd", "th"):
            continue
        if re.search(rf"\d[/.]{n}\b|\b{n}[/.]\d", ascii_digits(s.raw)):
            continue  # 3/15, 8.5: a date or a decimal
        approx = bool(m.group(2)) or prev in APPROXIMATE_BEFORE or prev == "~" or nxt in ("something", "ish", "+", "or")
        label = ""
        after = [j for j in range(i + 1, min(i + 4, len(s.words))) if j in cues and s.clause[j] == s.clause[i]
                 and not _names_its_own(s, j + cues[j][1])]
        right = [j for j in after if j == i + 1 or (j == i + 2 and s.words[i + 1] in ("on", "in", "for", "at", "of"))]
        before = [j for j in range(i - 1, -1, -1) if j in cues and s.clause[j] == s.clause[i]
                  and j + cues[j][1] <= i]
        if right:
            label = cues[right[0]][0]
        elif before:
            label = cues[before[0]][0]
        elif after:
            label = cues[after[0]][0]
        if label.startswith("?") and _maybe_is_this(s, r, i):
            label = "this"
        denied = prev == "not" or (i >= 2 and s.words[i - 2] == "not" and prev in ("the", "a", "my", "it"))
        out.append(Mention(n, i, label, approx, denied))
    return out


def _range(s: Sentence) -> str:
    """A range typed instead of one number ("between 240 and 250", "240-250", "240 to 250")."""
    t = " ".join(s.words)
    m = re.search(r"\bbetween (\d+) and (\d+)\b|\b(\d+) (?:-|to) (\d+)\b", t) or \
        re.search(r"(\d+)\s*[-–]\s*(\d+)", ascii_digits(s.raw))
    if not m:
        return ""
    a, b = [g for g in m.groups() if g][:2]
    return f"a range ({a} to {b})"


# --------------------------------------------------------------------------- the Step 2 CK score

_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ONES_WORDS = "one two three four five six seven eight nine".split()
#: A score said the way it is spoken ("2 fifty", "two forty-five"): hundreds, then tens.
_SPOKEN_SCORE = re.compile(r"(?<!step )(?<!step)\b(1|2|one|two)[\s-]+(" + "|".join(_TENS_WORDS) + r")(?:[\s-]+(" + "|".join(_ONES_WORDS)
                           + r"))?\b", re.IGNORECASE)
#: Hundreds typed as a digit and a word ("2 hundred 40", "2 hundred and 45").
_DIGIT_HUNDRED = re.compile(r"\b([12])\s*hundred(?:\s*(?:and\s+)?(\d{1,2})\b)?", re.IGNORECASE)
#: A score written over its maximum ("263/300", "263 out of 300").
_OUT_OF = re.compile(r"(?<=\d)\s*(?:/|out of)\s*300\b", re.IGNORECASE)


def _spoken_score(m: re.Match[str]) -> str:
    hundreds = 1 if m.group(1).lower() in ("1", "one") else 2
    ones = _ONES_WORDS.index(m.group(3).lower()) + 1 if m.group(3) else 0
    return str(hundreds * 100 + 20 + 10 * _TENS_WORDS.index(m.group(2).lower()) + ones)


#: A score said against a practice test's: "the real thing came 3 points less", "actual was 5 pts higher".
_RELATIVE_SCORE = re.compile(r"\b(\d{1,2})\s*(?:points?|pts?|marks?)\s+(less|lower|below|fewer|down|worse|more|higher|"
                             r"above|up|better)\b")
_REAL_EXAM = frozenset("real actual official final exam step ck score result results came got scored".split())


def _relative_score(s: Sentence, others: list[Mention]) -> Reading | None:
    """The score worked out from one practice test's score and a difference said against it, said back with the
    sum so a slip costs one tap; only with words naming the real exam, one practice score, and one difference."""
    practice = [m for m in others if m.label == "a practice test"]
    text = " ".join(s.words)
    found = _RELATIVE_SCORE.findall(text)
    if len(practice) != 1 or len(others) != 1 or len(found) != 1 or not _REAL_EXAM & set(s.words):
        return None
    diff, way = int(found[0][0]), found[0][1]
    v = practice[0].value + (diff if way in ("more", "higher", "above", "up", "better") else -diff)
    if not 1 <= v <= 300:
        return None
    return _read(v, f"{v} (Step 2 CK: {diff} points {way} than the {practice[0].value} of your practice test)")


#: A digit typed as a keycap emoji ("2️⃣"): the digit.
_KEYCAP = re.compile("([0-9])\ufe0f?\u20e3")
#: A score typed digit by digit after a word that names it, the whole reply ("scroe 2 4 3", "score: 2 5 1"): one number
#: ("2 4 5" alone is asked, as a labelled set has it).
_SPACED_DIGITS = re.compile(r"^(?:\s*(?!steps?\b)[a-z]{3,8}\s*[:=-]?)\s*([12])\s+(\d)\s+(\d)\s*$", re.IGNORECASE)


def _read_score(q: Question, text: str, answers: AnswerMap, today: date) -> Reading:
    text = re.sub(r"(?i)\bfree[\s-]*120\b", "free120", text)  # the practice test's name, not a score of 120
    spoken = _OUT_OF.sub("", _SPOKEN_SCORE.sub(_spoken_score, _DIGIT_HUNDRED.sub(
        lambda m: str(int(m.group(1)) * 100 + int(m.group(2) or 0)), text)))  # "2 hundred 40" (was read as 100)
    spoken = _SPACED_DIGITS.sub(lambda m: "".join(m.groups()), _KEYCAP.sub(r"\1", spoken))  # "2 4 3", "2️⃣4️⃣3️⃣"
    if spoken != text:  # "scored 2 fifty in ck", "S2CK 263/300": read as typed plainly, and said back
        again = _read_score(q, spoken, answers, today)
        return _read(again.value, f"{again.value} (Step 2 CK, from {quoted(text)})") if again.ok else again
    n = read_number(text, "score")
    plus = re.search(r"\d{3}\s*\+", ascii_digits(text))
    if n is not None and plus:  # "250+ inshallah": at least 250, a target or a guess, not the score
        doubt = quoted(plus.group(0))
        return _ask(f"You wrote {doubt}: is {n} your exact Step 2 CK score? Tap it, or type the exact score.", doubt,
                    _with_rest(q, (n,), today))
    if n is not None:
        if not 1 <= n <= 300:
            return _refuse(f"{n} is not a Step 2 CK score: scores run from 1 to 300.", f"{n}")
        return _read(n)
    s = Sentence.of(text, numbers=True)
    unsure, hedge = _doubts(s, False)
    found, denied = _denied(mentions(s, q.reading, 100, 300))
    words = read_words(q, text, s)
    null_said = words is not None and words.ok and words.value is None
    span = _range(s)
    practice = {m.value for m in found if m.label == "a practice test"}
    if span and {int(v) for v in re.findall(r"\d+", span)} <= practice:  # "NBMEs were 245-250 and the real thing
        span = ""                                                          # came back 253": practice set aside
    ours = sorted({m.value for m in found if m.label == "this"})
    plain = sorted({m.value for m in found if m.label == ""})
    others = [m for m in found if m.label not in ("this", "")]
    first = tuple(ours or plain)
    if unsure or span:
        doubt = quoted(unsure) if unsure else span
        return _ask(f"You wrote {doubt}: the plan needs your exact Step 2 CK score. Tap it if it is below, "
                    "or type it.", doubt, _with_rest(q, first, today))
    approx = next((m for m in found if m.approx and m.label in ("this", "")), None)
    if approx is not None or (hedge and first):
        v = approx.value if approx is not None else first[0]
        doubt = quoted(hedge) if hedge and approx is None else f"about {v}"
        return _ask(f"You wrote {doubt}. Is {v} your exact Step 2 CK score? Tap it, or type the exact score.",
                    doubt, _with_rest(q, (v,), today))
    if words is not None and not words.ok and words.candidates and (ours or plain):
        return words  # "scored 255 but it was annulled", "248 on NBME 12, CK itself is pending": the words' doubt holds
    aside = (f"; {denied}" if denied else "") + (f"; set aside {', '.join(map(str, sorted(practice)))}: practice "
                                                 "tests" if practice and len(first) == 1 and first[0] not in practice
                                                 else "")
    if denied and not found:  # "not 240": what it is not, and nothing else
        return _ask(f"You wrote {quoted(denied)}. What is your Step 2 CK score? Type it, or tap a button.",
                    quoted(denied), _with_rest(q, (), today))
    if len(ours) == 1 and plain:  # "CK score: 239 (first attempt), 251 (second)": which one?
        both = " or ".join(str(v) for v in sorted({*ours, *plain}))
        return _ask(f"I see two numbers, {both}. Which is your Step 2 CK score?", f"two numbers, {both}",
                    _with_rest(q, (*ours, *plain), today))
    if len(ours) == 1 and not null_said:
        return _read(ours[0], f"{ours[0]} (Step 2 CK{aside})")
    if len(ours) > 1 or (not ours and len(plain) > 1):
        both = " or ".join(str(v) for v in first)
        return _ask(f"I see two numbers, {both}. Which is your Step 2 CK score?", f"two numbers, {both}",
                    _with_rest(q, first, today))
    if null_said and not ours and not plain:
        return _read(None, "Step 2 CK not taken yet")
    if len(plain) == 1 and not null_said:  # the one number that no word says is something else
        return _read(plain[0], f"{plain[0]} (Step 2 CK{aside})")
    relative = _relative_score(s, others) if not plain else None
    if relative is not None:  # "NBME 9 said 265 but the real thing came 3 points less"
        return relative
    if len(plain) == 1 or others:
        m = others[0] if others else None
        v = plain[0] if plain else (m.value if m else 0)
        what = f"{m.value} looks like {'your ' if m.label.startswith('Step') else ''}{m.label}" if m else ""
        doubt = what or f"{v} and something else"
        return _ask(f"{doubt[0].upper()}{doubt[1:]}. What is your Step 2 CK score? Tap a button or type the score.",
                    doubt, _with_rest(q, (plain[0],) if plain else (), today))
    if words is not None and not words.ok:
        return words
    if null_said:
        return _read(None, "Step 2 CK not taken yet")
    shown = quoted(text) if any(ch.isalnum() for ch in text) else "that"
    return _refuse(f"I could not find a score in {shown}. Please type your Step 2 CK score as a number, e.g. 247, "
                   "or tap “Not taken yet”.", shown if shown != "that" else "")
