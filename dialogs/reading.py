"""Reading a typed answer: text -> the value it means, a reason it means none, or options to choose from.

Pure. Numbers are read from digits only when the whole message is that number (optionally with a
few words around it); a sentence is never mined for a number it might contain.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, timedelta
from typing import Any

from knowledge.answers import EARLIEST_GRADUATION, country_name, find_countries
from knowledge.loader import TOPIC, Question, Unsure, WordReading

QUESTION_WORDS = ("how", "what", "why", "when", "should", "can", "is", "do", "does", "which", "where",
                  "will", "could", "would", "are", "am")
#: A typed Step 2 CK score below this is asked about once before it is kept ("1" is more
#: likely a button number or a slip than a real score; the contract still allows 1-300).
UNLIKELY_SCORE = 150
#: A student may answer with the year they will graduate (a six-year degree, just started, at most).
MAX_YEARS_TO_GRADUATION = 6
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


#: Words that open a question and hardly ever an answer ("will take it in May", "do not enjoy it" are answers).
ASKING = frozenset("how what why when which where should does could".split())


def _asks(text: str) -> bool:
    """A message that asks rather than answers: it ends with "?" or opens with a question word."""
    t = text.strip().lower()
    return t.endswith("?") or (t.split(maxsplit=1)[:1] or [""])[0].strip(",") in ASKING


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
    "score": set("my score is was i got scored a an the on it of usmle ck first attempt final result and also "
                 "in exam".split()),
    "count": set("i have had failed fail fails failure failures attempt attempts time times total in on only just "
                 "usmle exams exam step steps".split()),
    "year": set("i graduated graduate graduating graduation will in year class of from medical med school the "
                "expected by md mbbs grad ll finish finishing final student next passed out and also am".split()),
    "match_year": set("the match for in aiming i am target applying apply to year this cycle season one of and "
                      "january february march april may june july august september october november december "
                      "planning plan".split()),
}
#: Words that go with any typed answer without changing it.
POLITE = frozenset("please pls plz thanks thank you thx ok okay so um uh my".split())
#: Answers that clearly mean "none" to "how many failed attempts".
ZERO_WORDS = {"none", "no", "zero", "never", "nil", "nothing", "no failures", "no fails", "never failed",
              "not any", "none at all", "0 fails", "no attempts failed"}
_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_ONCE = {"once": 1, "twice": 2, "thrice": 3}
_ONE_STEP = re.compile(r"\bstep\s*(?:[123]|one|two|three)\b|\bck\b")
_EVERY = re.compile(r"\b(?:all|every|any|each|both)\b")
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
    filler = FILLER[kind] | POLITE
    rest = [w for w in words if not w.isdecimal() and w not in filler
            and not (len(w) >= 5 and any(len(f) >= 5 and _near(f, w) for f in filler))]  # "gradutaed"
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
    return _READERS[q.kind](q, text, answers, today)


def _read_choice(q: Question, text: str, answers: dict[str, Any], today: date) -> Reading:
    return read_words(q, text) or Reading(error="I could not tell which option that is; please tap one of the "
                                                "buttons (or type its number).")


def _read_score(q: Question, text: str, answers: dict[str, Any], today: date) -> Reading:
    n = read_number(text, "score")
    if n is None:
        return read_words(q, text) or Reading(
            error="Please type your Step 2 CK score as a number, e.g. 247, or tap “Not taken yet”.")
    if not 1 <= n <= 300:
        return Reading(error=f"{n} is not a Step 2 CK score: scores run from 1 to 300.")
    return Reading(n)


def _read_count(q: Question, text: str, answers: dict[str, Any], today: date) -> Reading:
    if normalize(text) in ZERO_WORDS:
        return Reading(0)
    n = read_number(text, "count")
    if n is None and (words := read_words(q, text)) is not None:
        if words.ok and words.value == 0 and _ONE_STEP.search(text.lower()) and not _EVERY.search(text.lower()):
            return Reading(error="Is that on every Step you have taken, Step 2 CK included? Tap the total number "
                                 "of failed attempts.", candidates=tuple(options_for(q, today)))
        return words
    if n is None:
        return Reading(error="Please type just the number of failed attempts on any USMLE Step, in total "
                             "(e.g. 0 or 1), or tap a button.")
    if n > 20:
        return Reading(error=f"{n} failed attempts looks like a typo; please type a number from 0 to 20.")
    return Reading(n)


def _read_year(q: Question, text: str, answers: dict[str, Any], today: date) -> Reading:
    n = read_number(text, q.kind)
    if n is None or not 1000 <= n <= 9999:
        example = today.year - 3 if q.kind == "year" else next_matches(today)[0]
        return Reading(error=f"Please type a four-digit year, e.g. {example}.")
    return _check_year(q, n, answers, today)


def _read_country(q: Question, text: str, answers: dict[str, Any], today: date) -> Reading:
    return read_words(q, text) or _country(text)


#: Words around a nationality that do not change it ("I'm Pakistani", "from Egypt", "Nigerian citizen").
COUNTRY_FILLER = frozenset("i m am im a an from my is nationality citizen citizenship national passport holder "
                           "of the country".split())


def _country(text: str) -> Reading:
    codes = find_countries(text[:100])
    if not codes:
        core = " ".join(w for w in normalize(text[:100]).split() if w not in COUNTRY_FILLER)
        codes = find_countries(core) if core else []
    if len(codes) == 1:
        return Reading(codes[0])
    if codes:
        return Reading(error="Which one do you mean? Tap it below, or type the country's English name.",
                       candidates=tuple((c, country_name(c) or c) for c in codes))
    return Reading(error=f"I don't know the country “{text.strip()[:40]}”. Type its English name "
                         "(e.g. Nigeria, Egypt) or tap “Prefer not to say”.")


#: How each kind of question reads a typed answer that is not one of its options.
_READERS = {"choice": _read_choice, "boolean": _read_choice, "score": _read_score, "count": _read_count,
            "year": _read_year, "match_year": _read_year, "country": _read_country}


def _check_year(q: Question, year: int, answers: dict[str, Any], today: date) -> Reading:
    if q.kind == "year":
        if year > today.year + MAX_YEARS_TO_GRADUATION:
            return Reading(error=f"{year} is more than {MAX_YEARS_TO_GRADUATION} years away; please type the year "
                                 "you graduated or will graduate.")
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



# --------------------------------------------------------------------------- answers written as sentences

NEGATORS = frozenset("no not never none nothing without zero nope nah nor cannot cant dont didnt havent hasnt "
                     "wont isnt arent doesnt wasnt neither".split())
#: Words after which a negator before them no longer applies ("no hands-on, only observing").
SCOPE_BREAKS = frozenset("but only just though although however except".split())
SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "ship", "ships")
NEGATION_WINDOW = 3  # a negator this many words before a keyword negates it


def words_of(text: str) -> list[str]:
    """Lower-case words, contractions opened ("don't" -> "do not"), punctuation gone, digits in ASCII."""
    t = ascii_digits(text).lower().replace("’", "'").replace("n't", " not")
    return normalize(t).split()


def _near(a: str, b: str) -> bool:
    """Within one edit (a transposition counts as one): "obsevership", "reprot"."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) <= 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                   and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _same(keyword: str, word: str) -> bool:
    if keyword == word:
        return True
    if keyword.endswith("*"):
        return len(keyword) > 3 and word.startswith(keyword[:-1])
    if len(keyword) >= 3 and word.startswith(keyword) and word[len(keyword):] in SUFFIXES:
        return True
    return len(keyword) >= 5 and len(word) >= 5 and _near(keyword, word)


@dataclass(frozen=True)
class _Hit:
    value: Any  # an option value, TOPIC, or ("unsure", index)
    start: int
    end: int
    negated: bool = False


@lru_cache(maxsize=64)
def _phrases(r: WordReading) -> tuple[tuple[Any, tuple[str, ...]], ...]:
    """A question's keywords, topic and unsure words as word tuples, longest first (worked out once)."""
    phrases: list[tuple[Any, tuple[str, ...]]] = [(v, tuple(words_of(w))) for v, ws in r.keywords for w in ws]
    phrases += [(TOPIC, tuple(words_of(w))) for w in r.topic]
    phrases += [(("unsure", i), tuple(words_of(w))) for i, u in enumerate(r.unsure) for w in u.words]
    return tuple(sorted(phrases, key=lambda vp: -len(vp[1])))


def _hits(r: WordReading, words: list[str]) -> list[_Hit]:
    """Every keyword, topic word and unsure word in the sentence, longest phrases first, each word used once."""
    used = [False] * len(words)
    found = []
    for value, phrase in _phrases(r):
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if not any(used[i:i + n]) and all(_same(k, w) for k, w in zip(phrase, words[i:i + n])):
                used[i:i + n] = [True] * n
                found.append(_Hit(value, i, i + n))
    out = []
    for hit in found:
        negated = False
        for j in range(hit.start - 1, max(-1, hit.start - 1 - NEGATION_WINDOW), -1):
            if words[j] in SCOPE_BREAKS:
                break
            if words[j] in NEGATORS:  # even when it is itself a keyword: "never did an observership"
                negated = True
                break
        out.append(_Hit(hit.value, hit.start, hit.end, negated))
    return sorted(out, key=lambda h: h.start)


def read_words(q: Question, text: str) -> Reading | None:
    """What a sentence answer means through the question's ``reading`` words: a value, options to
    confirm or choose from, or None when it names nothing this question knows."""
    r = q.reading
    if not r.keywords and not r.topic:
        return None
    words = words_of(text)
    if q.kind in ("score", "count"):
        words = words_of(_EXAM.sub(" ", " ".join(words)))  # "failed step 1 once": the 1 names the exam
    hits = _hits(r, words)
    if not hits:
        return None
    if q.kind == "count":  # "failed 2 times on step 1 and ck once": a number beside the words is not read past
        inside = {i for h in hits for i in range(h.start, h.end)}
        if any(w.isdecimal() or w in _UNITS[1:] or w in _TENS for i, w in enumerate(words) if i not in inside):
            return None
    chosen, topic, unsure = _meanings(r, hits)
    return _decide(q, chosen, topic, unsure)


def _meanings(r: WordReading, hits: list[_Hit]) -> tuple[list[Any], bool, Unsure | None]:
    """What the hits say: the option values meant (negated ones turned into what ``negated:`` says),
    whether the topic was named plainly, and the first unsure word that was not negated."""
    negated_to = dict(r.negated)
    chosen: list[Any] = []
    topic = False
    unsure: Unsure | None = None
    for hit in hits:
        if isinstance(hit.value, tuple):
            if unsure is None and not hit.negated:
                unsure = r.unsure[hit.value[1]]
        elif hit.value == TOPIC:
            if hit.negated and TOPIC in negated_to:
                chosen.append(negated_to[TOPIC])
            topic = topic or not hit.negated
        elif not hit.negated:
            chosen.append(hit.value)
        elif (meaning := negated_to.get(hit.value, negated_to.get(TOPIC, _NOTHING))) is not _NOTHING:
            chosen.append(meaning)
    return chosen, topic, unsure


def _decide(q: Question, chosen: list[Any], topic: bool, unsure: Unsure | None) -> Reading | None:
    """One option, the highest of several levels, or a question back (confirm, which one, which kind)."""
    r = q.reading
    distinct = [o.value for o in q.options if any(o.value == c and type(o.value) is type(c) for c in chosen)]
    if unsure is not None and unsure.between[0] not in distinct:  # the option it would mean is not named plainly
        return Reading(error=unsure.question, candidates=_labelled(q, unsure.between))
    if len(distinct) == 1:
        return Reading(distinct[0])
    if len(distinct) > 1:
        if r.combine:
            return Reading(max(distinct, key=lambda v: r.combine.index(v) if v in r.combine else -1))
        return Reading(error="Your answer fits more than one option; which is closest?",
                       candidates=_labelled(q, tuple(distinct)))
    if topic and r.ask:
        return Reading(error="Which of these is it?", candidates=_labelled(q, r.ask))
    return None


def _labelled(q: Question, values: tuple[Any, ...]) -> tuple[tuple[Any, str], ...]:
    return tuple((v, q.label_for(v)) for v in values)


# --------------------------------------------------------------------------- more than one answer in a message

#: Facts about later questions that a message may carry besides its answer, each with an explicit cue
#: ("graduated 2023", "step 2 ck 250"): a number is taken only next to the words that say what it is.
_FACTS: tuple[tuple[str, re.Pattern[str], Any], ...] = (
    ("step2_ck_score", re.compile(r"(?:\bstep\s*2(?:\s*ck)?|\bck|\bscored?|\bgot)\s*(?:is|was|of|=|:)?\s*([12]\d{2})\b"),
     int),
    ("graduation_year", re.compile(r"(?:\bgrad\w*|\bclass of|\bpassed out|\bfinish\w*)\s*(?:in|on|from|:)?\s*"
                                   r"((?:19|20)\d{2})\b"), int),
    ("match_year", re.compile(r"(?:\bmatch(?:ing)?|\baiming for|\bapplying for|\btarget(?:ing)?)\s*(?:in|for|:)?\s*"
                              r"(20\d{2})\b|\b(20\d{2})\s*match\b"), int),
    ("usmle_failures", re.compile(r"\b(?:no|zero|0|never)\s+(?:usmle\s+)?(?:fail\w*|attempts?\s+failed)|"
                                  r"\ball\s+(?:passed\s+)?(?:on\s+)?(?:the\s+)?first\s+attempts?"), lambda _: 0),
    ("visa", re.compile(r"\bgreen\s*card(?:\s*holder)?\b|\bpermanent\s+resident\b"), lambda _: "no_visa_needed"),
    ("visa", re.compile(r"\bh-?1-?b\s+only\b|\bonly\s+(?:an?\s+)?h-?1-?b\b"), lambda _: "h1b_only"),
    ("step3", re.compile(r"\bpassed\s+step\s*3\b|\bstep\s*3\s+(?:passed|done|cleared)\b"), lambda _: "passed"),
)


@dataclass(frozen=True)
class Understood:
    """A typed answer read in full: the ``reading`` for the open question, and ``offers``: answers to
    other questions the same message gave, to confirm when they come up (never stored unasked)."""

    reading: Reading
    offers: tuple[tuple[str, Any], ...] = ()


def other_facts(qid: str, text: str) -> tuple[list[tuple[str, Any]], str]:
    """Cue-marked facts for questions other than ``qid``, and the text without them."""
    t = ascii_digits(text).lower()
    found: list[tuple[str, Any]] = []
    for fact_qid, pattern, value in _FACTS:
        if fact_qid == qid or any(f == fact_qid for f, _ in found):
            continue
        m = pattern.search(t)
        if m:
            raw = next((g for g in m.groups() if g), m.group(0))
            v = value(raw)
            if fact_qid == "step2_ck_score" and not 1 <= v <= 300:
                continue
            found.append((fact_qid, v))
            t = t[:m.start()] + " " + t[m.end():]
    return found, t


def understand(q: Question, text: str, answers: dict[str, Any], today: date) -> Understood:
    """Read a typed answer to ``q``; facts for other questions in the same message are set aside as offers."""
    if _asks(text) and not match_option(q, text, today)[0]:
        return Understood(Reading(error="That looks like a question rather than an answer."))  # the FAQ takes it
    facts, rest = other_facts(q.id, text)
    reading = read(q, rest if facts and rest.strip(" ,.;&+") else text, answers, today)
    return Understood(reading, tuple((f, v) for f, v in facts if f not in answers))
