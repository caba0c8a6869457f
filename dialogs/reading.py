"""Reading a typed answer: text -> the value it states, a question back naming what is unsure, or a refusal.

Pure. The rule is the team's first principle: never store what the user did not say.
- A value is read only when the sentence states it: negation, plans and other fields are scoped
  (``dialogs.sentence``), counts of failed attempts are added up across exams, a number is read when
  the words around it say what it is and no other number competes.
- A reply that says it is unsure ("not sure", "no idea", "maybe the J-1") is asked back with the
  options, never stored; so is a hedged fact ("around 250", "I think 2018"), naming the doubt.
- Every value read from a sentence carries ``said``: what was understood, said back to the user with
  the next question, so a misread costs one tap.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from dialogs.reading_base import (QUESTION_MARKS, QUESTION_WORDS, Reading, Value, _ask, _label, looks_like_question,
                                  match_option, _minus, next_matches, normalize, normalize_yes_no,
                                  _opens_with_question, options_for, quoted, _read, _refuse, value_token, _with_rest)
from dialogs.reading_choices import _country_words, _doubts, _read_choice, read_words
from dialogs.reading_counts import _read_count
from dialogs.reading_numbers import (_MONTHS, _UNITS, UNLIKELY_SCORE, Mention, _cues, _denied, mentions, read_number,
                                     _read_score)
from dialogs.sentence import (SPOKEN_YEAR, Sentence, after_correction, ascii_digits, foreign_letters, near, plain_text,
                              same)
from knowledge.answers import CITIES, EARLIEST_GRADUATION, AnswerMap, country_name, find_countries
from knowledge.loader import Question, WordReading

#: A student may answer with the year they will graduate (a six-year degree, just started, at most).
MAX_YEARS_TO_GRADUATION = 6
# --------------------------------------------------------------------------- years

_RELATIVE = {("last", "year"): -1, ("this", "year"): 0, ("next", "year"): 1}


def _read_year(q: Question, text: str, answers: AnswerMap, today: date) -> Reading:
    n = read_number(text, q.kind)
    if n is not None and 1000 <= n <= 9999 and SPOKEN_YEAR.search(plain_text(text)):  # "twenty eighteen"
        return _said_year(q, n, answers, today, f"from {quoted(text)}")
    if n is not None and 1000 <= n <= 9999:
        return _check_year(q, n, answers, today)
    s = Sentence.of(text, numbers=True)
    unsure, hedge = _doubts(s, False)
    found = [m for m in mentions(s, q.reading, 1900, 2100, exam_words=False)] or _short_years(s, q.reading, today)
    found, denied = _denied(found)
    ours = sorted({m.value for m in found if m.label == "this"})
    plain = sorted({m.value for m in found if m.label == ""})
    first = tuple(ours or plain)
    what = "graduation year" if q.kind == "year" else "Match"
    if unsure or hedge:
        doubt = quoted(unsure or hedge)
        return _ask(f"You wrote {doubt}. Which {what} is it? Tap it if it is below, or type the year.", doubt,
                    _year_candidates(q, first, today))
    if q.kind == "match_year" and not ours and any(m.label == "the year applications go out" for m in found):
        m = next(m for m in found if m.label == "the year applications go out")
        return _said_year(q, m.value + 1, answers, today, f"applications go out in September {m.value}")
    if denied and not found:
        return _ask(f"You wrote {quoted(denied)}. Which {what} is it? Tap it if it is below, or type the year.",
                    quoted(denied), _year_candidates(q, (), today))
    if len(ours) == 1 or (not ours and len(plain) == 1):
        return _said_year(q, (ours or plain)[0], answers, today, denied)
    span = _year_span(s, first) if q.kind == "year" else None
    if span is not None:
        return _said_year(q, span[1], answers, today, f"the end of {span[0]}-{span[1]}")
    if len(first) > 1:
        both = " or ".join(str(v) for v in first)
        return _ask(f"I see two years, {both}. Which is your {what}?", f"two years, {both}",
                    _year_candidates(q, first, today))
    maybe = next((m for m in found if m.label.startswith("?")), None)
    if maybe is not None:
        doubt = f"{maybe.value} as {maybe.label[1:]}"
        return _ask(f"You wrote {doubt}. Is {maybe.value} your {what}? Tap it, or type the year.", doubt,
                    _year_candidates(q, (maybe.value,), today))
    relative = _relative_year(s, today)
    if relative is not None:
        v, words = relative
        if q.kind == "year" and (len(s.words) <= len(words.split()) + 1 or any(c[0] == "this" for c in _cues(
                s, q.reading).values())):  # "last year", "graduated last year"; not "last year in med school"
            return _said_year(q, v, answers, today, quoted(words))
        if v > today.year and any(w in _APPLYING for w in s.words):
            return _said_year(q, v + 1, answers, today, f"applications go out in September {v}")
        return _ask(f"You wrote {quoted(words)}. Match Day is in March, and applications go out the September "
                    "before: which Match do you mean?", quoted(words), _year_candidates(q, (), today))
    if found:
        m = found[0]
        doubt = f"{m.value} looks like {m.label}"
        return _ask(f"{doubt}. Which year is your {what}? Type it.", doubt, _year_candidates(q, (), today))
    if q.kind == "match_year" and _cycle_under_way(s):
        return _said_year(q, next_matches(today)[0], answers, today, "this cycle, applications already sent")
    if q.kind == "match_year" and any(w in ("cycle", "next", "upcoming", "soon", "asap", "first", "earliest")
                                      for w in s.words):
        words = " ".join(s.words[:6])
        return _ask(f"You wrote {quoted(words)}: which Match is that? Tap it.", quoted(words),
                    _year_candidates(q, (), today))
    example = today.year - 3 if q.kind == "year" else next_matches(today)[0]
    if any(ch.isalpha() for ch in text):
        return _refuse(f"I could not find a year in {quoted(text)}. Please type a four-digit year, e.g. {example}.",
                       quoted(text))
    return _refuse(f"Please type a four-digit year, e.g. {example}.", "")


#: Words that say the user is (or will be) sending applications: a year with them is the year before the Match.
_APPLYING = frozenset("applying apply applications application eras submit submitting".split())
#: Words that say this cycle's applications are already out ("this cycle, already submitted ERAS").
_SENT = frozenset("submitted applied already sent interviewing interviews".split())


def _cycle_under_way(s: Sentence) -> bool:
    """ "This cycle" / "the current cycle" with applications said to be sent: the next Match. Without that,
    "this cycle" is asked about: after ERAS opens, someone who has not applied may mean the next season."""
    said = any(s.words[i] in ("this", "current") and s.words[i + 1] == "cycle" for i in range(len(s.words) - 1))
    return said and any(w in _SENT for w in s.words)


def _said_year(q: Question, v: int, answers: AnswerMap, today: date, why: str = "") -> Reading:
    """A year read from a sentence, checked, with what was understood (and from what) to say back."""
    checked = _check_year(q, v, answers, today)
    if not checked.ok:
        return checked
    said = f"{v} (graduation{', ' + why if why else ''})" if q.kind == "year" else \
        f"the {v} Match" + (f" ({why})" if why else "")
    return _read(v, said)


def _short_years(s: Sentence, r: WordReading, today: date) -> list[Mention]:
    """A year typed with two digits right after its cue or an apostrophe ("class of '21", "match 27"), as a
    four-digit one labelled like the cue; nothing when the two digits count something ("10 years ago")."""
    cues = _cues(s, r)
    ends = {j + n: name for j, (name, n) in cues.items()}
    out: list[Mention] = []
    for i, w in enumerate(s.words):
        if not re.fullmatch(r"\d{2}", w) or (i + 1 < len(s.words) and s.words[i + 1] in _UNITS):
            continue
        apostrophe = re.search(rf"['’‘`]{w}\b", s.raw) is not None
        if i in ends or apostrophe:
            year = 2000 + int(w) if int(w) <= today.year % 100 + 10 else 1900 + int(w)
            out.append(Mention(year, i, ends.get(i, ""), False))
    return out


def _year_span(s: Sentence, first: tuple[Value, ...]) -> tuple[int, int] | None:
    """A degree's years typed as a span ("MBBS 2011-2016"): the span when both ends are the candidates."""
    m = re.search(r"\b((?:19|20)\d{2})\s*(?:-|–|—|to|till|until)\s*((?:19|20)\d{2})\b", ascii_digits(s.raw).lower())
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    return (a, b) if a < b <= a + 8 and set(first) == {a, b} else None


def _year_candidates(q: Question, first: tuple[Value, ...], today: date) -> tuple[tuple[Value, str], ...]:
    if q.kind == "match_year":
        return _with_rest(q, first, today)
    return tuple((v, str(v)) for v in dict.fromkeys(first))


_AGO = frozenset("ago back before earlier".split())
#: Words after "last year" that make it a year of study ("last year in med school", "last year of MBBS").
_OF = frozenset("in of at student students".split())


def _relative_year(s: Sentence, today: date) -> tuple[int, str] | None:
    """A year said relative to today: "last year", "next year", "8 yrs back", "two years ago"."""
    for i in range(len(s.words) - 1):
        key = (s.words[i], s.words[i + 1])
        if key in _RELATIVE and not (i + 2 < len(s.words) and s.words[i + 2] in _OF) \
                and not (i > 0 and s.words[i - 1] in ("my", "the", "our", "final")):
            return today.year + _RELATIVE[key], " ".join(key)
        if s.words[i].isdecimal() and s.words[i + 1] in ("year", "years", "yr", "yrs") and i + 2 < len(s.words) \
                and s.words[i + 2] in _AGO:
            return today.year - int(s.words[i]), " ".join(s.words[i:i + 3])
    return None


def _check_year(q: Question, year: int, answers: AnswerMap, today: date) -> Reading:
    if q.kind == "year":
        if year > today.year + MAX_YEARS_TO_GRADUATION:
            return _refuse(f"{year} is more than {MAX_YEARS_TO_GRADUATION} years away; please type the year "
                           "you graduated or will graduate.", f"{year}")
        if year < EARLIEST_GRADUATION:
            return _refuse(f"Please type a graduation year from {EARLIEST_GRADUATION} on.", f"{year}")
        match = answers.get("match_year")
        if isinstance(match, int) and year > match:
            return _refuse(f"You chose the {match} Match, which is before a {year} graduation. "
                           f"Type your graduation year, or go back and change the Match.", f"{year}")
        return _read(year)
    first = next_matches(today)[0]
    if not first <= year <= first + 5:
        return _refuse(f"{year} is not one of the coming Matches: please choose one from {first} to {first + 5}.",
                       f"{year}")
    grad = answers.get("graduation_year")
    if isinstance(grad, int) and grad > year:
        return _refuse(f"The {year} Match is before your graduation in {grad}; choose a later Match.", f"{year}")
    return _read(year)


# --------------------------------------------------------------------------- nationality

#: Words around a nationality that do not change it ("I'm Pakistani", "from Egypt", "Nigerian citizen").
COUNTRY_FILLER = frozenset("i m am im a an from my is nationality citizen citizenship national passport holder "
                           "of the country po".split())


def _read_country(q: Question, text: str, answers: AnswerMap, today: date) -> Reading:
    s = Sentence.of(text)
    unsure, _ = _doubts(s, True)
    if unsure:
        return _ask(f"You wrote {quoted(unsure)}. Your nationality is used only to check visa rules that depend "
                    "on it: tap it, type it, or tap “Prefer not to say”.", quoted(unsure), _with_rest(q, (), today))
    words = read_words(q, text, s)
    if words is not None:
        return words
    core = " ".join(w for w in normalize(text[:100]).split() if w not in COUNTRY_FILLER)
    is_option, value = match_option(q, core, today) if core != normalize(text) else (False, None)
    if is_option:  # a button's word with courtesy around it ("Filipina po", "I am Pakistani")
        return _read(value, _label(q, value))
    whole = _country(text)
    kept, aside = _nationality_part(s) if not whole.ok else ("", "")
    if aside and kept:  # two countries, one of them where the user lives or was born, or what they are not
        found = _country(kept)
        if found.ok:
            why = "what you are not" if aside.split()[0] in ("not", "no", "never") else \
                "your origin" if any(w in ("origin", "descent", "heritage", "roots", "ancestry", "ethnically")
                                     for w in aside.split()) else "where you live or were born"
            return _read(found.value, f"{found.said} ({quoted(aside)} is {why})")
    city = next((CITIES[c] for c in CITIES if re.search(rf"\b{c}\b", normalize(text))), None)
    if not whole.ok and not whole.candidates and city is not None and not s.negated(0, len(s.words)) \
            and not any(w in _RESIDENCE for w in s.words):  # "I live in Dubai" says nothing of a passport
        return _read(city, f"{country_name(city)} (from {quoted(text)}: the country of the city you named)")
    return whole


#: Words that say a country is where someone lives, works or was born, not their nationality.
_RESIDENCE = frozenset("live living lives lived reside residing resident based born work working worked settled "
                       "moved stay staying raised grew origin descent heritage roots ancestry ethnically".split())
#: Words that say a country is the nationality ("Indian passport", "Egyptian citizen").
_NATIONALITY = frozenset("passport citizen citizenship national nationality".split())


def _nationality_part(s: Sentence) -> tuple[str, str]:
    """The clauses of a message that give a nationality, and the ones that only say where someone lives or
    was born ("Pakistani but I live in Saudi", "born in Kuwait, Indian passport"), as text."""
    clauses = [[w for w, c in zip(s.words, s.clause) if c == k] for k in sorted(set(s.clause))]
    residence = [c for c in clauses if any(w in _RESIDENCE for w in c) and not any(w in _NATIONALITY for w in c)
                 or c[0] in ("not", "no", "never")]  # "not Indian, I'm Sri Lankan": what it is not
    kept = [c for c in clauses if c not in residence]
    return " ".join(w for c in kept for w in c), ", ".join(" ".join(c) for c in residence)


#: Endings of nationalities in Spanish, Portuguese, Italian and French ("Mexicana", "Colombiano", "Marocaine").
ROMANCE_ENDINGS = ("aine", "ana", "ano", "ena", "eno", "ense", "ais", "ois", "a", "o")


def _near_country(word: str) -> list[str]:
    """Countries a word may mean when typed with a slip or in another language's form: one edit from a
    country's name or a listed nationality ("pakistanii", "nigerain"), or a Romance ending on a name's
    beginning ("Mexicana")."""
    if len(word) < 6 or not word.isalpha():
        return []
    for end in ROMANCE_ENDINGS:  # a long word only: "hello" is not Greece ("hell" + "o")
        if len(word) >= 7 and word.endswith(end) and len(word) - len(end) >= 4:
            found = find_countries(word[:-len(end)])
            if len(found) == 1:
                return found
    names = {" ".join(ph): ph for ph in _country_words()}
    close = [n for n in names if len(n) >= 5 and len(word) >= 6 and near(n, word)]
    return list(dict.fromkeys(c for n in close for c in find_countries(n)))  # several: asked which


def _country(text: str) -> Reading:
    codes = find_countries(text[:100])
    if not codes:
        core = " ".join(w for w in normalize(text[:100]).split() if w not in COUNTRY_FILLER)
        codes = find_countries(core) if core else []
        if not codes and len(core.split()) > 1:
            found = [c for w in core.split() if w not in ("and", "or") for c in find_countries(w)[:1]]
            codes = list(dict.fromkeys(found))
        if not codes:
            codes = list(dict.fromkeys(c for w in core.split() for c in _near_country(w)))
    if len(codes) == 1:
        return _read(codes[0], country_name(codes[0]) or codes[0])
    if codes:
        names = " or ".join(country_name(c) or c for c in codes[:3])
        return _ask(f"Which one do you mean, {names}? Tap it below, or type the country's English name.",
                    names, tuple((c, country_name(c) or c) for c in codes))
    return _refuse(f"I don't know the country {quoted(text)}. Type its English name "
                   "(e.g. Nigeria, Egypt) or tap “Prefer not to say”.", quoted(text))


#: How each kind of question reads a typed answer that is not one of its options.
_READERS = {"choice": _read_choice, "boolean": _read_choice, "score": _read_score, "count": _read_count,
            "year": _read_year, "match_year": _read_year, "country": _read_country}


#: Kinds of question whose answer is one number: a message in a script the bot cannot read still gives it
#: when it holds exactly one number ("२०२२ में पास आउट हुआ"), said back as the one number read.
_NUMBER_KINDS = ("score", "count", "year", "match_year")


def _lone_number(q: Question, text: str, answers: AnswerMap, today: date) -> Reading | None:
    """The one number of a message in another script, read as if typed alone, and said back as such."""
    numbers = re.findall(r"\d+(?:[.,]\d+)?", ascii_digits(text))
    if q.kind not in _NUMBER_KINDS or len(numbers) != 1 or _minus(text) or not numbers[0].isdecimal():
        return None
    alone = _READERS[q.kind](q, numbers[0], answers, today)
    if not alone.ok:
        return None
    return _read(alone.value, f"{_label(q, alone.value)} (the one number in your message: I can read only English)")


def read(q: Question, text: str, answers: AnswerMap, today: date) -> Reading:
    """What a typed answer to ``q`` means, given the other answers and today's date. A self-correction
    ("none.. oh wait, 1") counts from where it starts."""
    text = after_correction(text)
    found, value = match_option(q, text, today)
    if found and foreign_letters(text):  # "नहीं": a yes or no in another script, said back
        return _read(value, f"{_label(q, value)} (you wrote {quoted(text)}: I read it as {normalize_yes_no(text)})")
    if found:
        return _read(value) if q.kind != "match_year" else _check_year(q, value if isinstance(value, int) else 0,
                                                                        answers, today)
    if foreign_letters(text):
        lone = _lone_number(q, text, answers, today)
        if lone is not None:
            return lone
        seen = [_label(q, v) for v in _latin_values(q, text)]
        doubt = "a part written in a script I cannot read"
        note = f" I saw {', '.join(seen)} in it." if seen else ""
        return _ask(f"Your message has {doubt}, and I read answers in English only.{note} Which of these fits?",
                    doubt, options_for_tuple(q, today))
    reading = _READERS[q.kind](q, text, answers, today)
    asked = _question_back(text)
    if reading.ok and asked:  # "The diploma says 2021 but my internship ended in 2022, which one do you need?"
        doubt = quoted(asked)
        return _ask(f"You asked {doubt}, so I have not noted anything yet. Is “{_label(q, reading.value)}” your "
                    f"answer to {q.title}? Tap it, or another answer.", doubt, _with_rest(q, (reading.value,), today))
    if reading.ok and text.strip().endswith(QUESTION_MARKS) and q.kind not in ("score", "count", "year"):
        doubt = "the question mark"
        return _ask(f"Your answer ends with a question mark: do you mean “{_label(q, reading.value)}”? "
                    "Tap it, or another answer.", doubt, _with_rest(q, (reading.value,), today))
    return reading


def _question_back(text: str) -> str:
    """A question to the bot after an answer ("..., which one do you need?", "... does that count?"): the
    clause that asks it, or "". A lone question mark after a value ("250?") is not one."""
    for m in re.finditer(r"([^.,;!?]+)[?؟？]", text):
        words = plain_text(m.group(1)).split()
        if len(words) >= 3 and (words[0] in QUESTION_WORDS or words[:2] in (["which", "one"], ["or", "should"])):
            return m.group(1).strip() + "?"
    return ""


def options_for_tuple(q: Question, today: date) -> tuple[tuple[Value, str], ...]:
    return tuple(options_for(q, today))


def _latin_values(q: Question, text: str) -> list[Value]:
    latin = "".join(ch if not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") else " " for ch in text)
    words = read_words(q, latin) if latin.strip() else None
    return [words.value] if words is not None and words.ok else []


# --------------------------------------------------------------------------- dates and codes typed in /programs

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


# --------------------------------------------------------------------------- more than one answer in a message

#: Facts about later questions that a message may carry besides its answer, each with an explicit cue
#: ("graduated 2023", "step 2 ck 250"): a number is taken only next to the words that say what it is.
_FACTS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("step2_ck_score", re.compile(r"(?:\bstep\s*2(?:\s*ck)?|\bck|\bscored?|\bgot)\s*(?:is|was|of|=|:)?\s*([12]\d{2})\b"),
     "int"),
    ("graduation_year", re.compile(r"(?:\bgrad\w*|\bclass of|\bpassed out|\bfinish\w*|\byog|\bmbbs|\bmd)\s*"
                                   r"(?:in|on|from|:)?\s*((?:19|20)\d{2})\b"), "int"),
    ("match_year", re.compile(r"(?:\bmatch(?:ing)?|\baiming for|\bapplying for|\btarget(?:ing)?)\s*(?:in|for|:)?\s*"
                              r"(20\d{2})\b|\b(20\d{2})\s*match\b"), "int"),
    ("usmle_failures", re.compile(r"\b(?:no|zero|0|never)\s+(?:usmle\s+)?(?:fail\w*|attempts?\s+failed)|"
                                  r"\ball\s+(?:passed\s+)?(?:on\s+)?(?:the\s+)?first\s+attempts?"), "0"),
    ("visa", re.compile(r"\bgreen\s*card(?:\s*holder)?\b|\bpermanent\s+resident\b"), "no_visa_needed"),
    ("visa", re.compile(r"\bh-?1-?b\s+only\b|\bonly\s+(?:an?\s+)?h-?1-?b\b"), "h1b_only"),
    ("step3", re.compile(r"\bpassed\s+step\s*3\b|\bstep\s*3\s+(?:passed|done|cleared)\b"), "passed"),
)
_UNSURE_TEXT = re.compile(r"\b(?:not sure|unsure|no idea|don'?t know|do not know|idk|dunno|maybe|probably|"
                          r"around|about|approx\w*|i think|i guess|planned|planning|will|next|hope|hoping|aiming|"
                          r"not yet|waiting)\b")


@dataclass(frozen=True)
class Understood:
    """A typed answer read in full: the ``reading`` for the open question, and ``offers``: answers to
    other questions the same message gave, to confirm when they come up (never stored unasked)."""

    reading: Reading
    offers: tuple[tuple[str, Value], ...] = ()


def other_facts(qid: str, text: str) -> tuple[list[tuple[str, Value]], str]:
    """Cue-marked facts for questions other than ``qid``, and the text without them. A clause with a
    doubt or a plan in it ("maybe H1B only", "will take step 3") offers nothing."""
    t = ascii_digits(text).lower()
    found: list[tuple[str, Value]] = []
    for fact_qid, pattern, kind in _FACTS:
        if fact_qid == qid or any(f == fact_qid for f, _ in found):
            continue
        m = pattern.search(t)
        if not m:
            continue
        clause = re.split(r"[,;.!?]|\bbut\b", t[max(0, t.rfind(",", 0, m.start()) + 1):])[0]
        if _UNSURE_TEXT.search(clause) or re.search(r"\b(?:not|never|no)\s+\w*\s*$", t[:m.start()]) and kind != "0":
            continue
        raw = next((g for g in m.groups() if g), m.group(0))
        v: Value = int(raw) if kind == "int" else 0 if kind == "0" else kind
        if fact_qid == "step2_ck_score" and not (isinstance(v, int) and 1 <= v <= 300):
            continue
        found.append((fact_qid, v))
        t = t[:m.start()] + " " + t[m.end():]
    return found, t


def understand(q: Question, text: str, answers: AnswerMap, today: date) -> Understood:
    """Read a typed answer to ``q``; facts for other questions in the same message are set aside as offers."""
    if _opens_with_question(text) and not match_option(q, text, today)[0]:
        # the FAQ takes it; the question is asked again after it
        return Understood(_refuse(f"{quoted(text)} looks like a question to me, not an answer, so I have noted "
                                  "nothing. My question again:", "a question"))
    facts, rest = other_facts(q.id, text)
    reading = read(q, rest if facts and rest.strip(" ,.;&+") else text, answers, today)
    return Understood(reading, tuple((f, v) for f, v in facts if f not in answers))


__all__ = ["Reading", "Understood", "Value", "UNLIKELY_SCORE", "ascii_digits", "looks_like_question", "match_option",
           "next_matches", "options_for", "plain_text", "read", "read_day", "read_number", "read_words", "understand",
           "value_token"]
