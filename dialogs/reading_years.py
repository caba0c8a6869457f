"""Reading a year from a sentence: the graduation year and the Match aimed for ("class of '21", "twenty
eighteen", "last year", "applying this September"), checked against each other and today.

Pure; the year reader of ``dialogs.reading``.
"""

from __future__ import annotations

import re
from datetime import date

from dialogs.reading_base import Reading, Value, _ask, next_matches, quoted, _read, _refuse, _with_rest, with_note
from dialogs.reading_choices import _doubts
from dialogs.reading_spans import span_match
from dialogs.reading_numbers import _MONTHS, _UNITS, Mention, _cues, _denied, mentions, read_number
from dialogs.sentence import SPOKEN_YEAR, Sentence, ascii_digits, plain_text
from knowledge.answers import EARLIEST_GRADUATION, AnswerMap
from knowledge.loader import Question, WordReading


#: A student may answer with the year they will graduate (a six-year degree, just started, at most).
MAX_YEARS_TO_GRADUATION = 6


# --------------------------------------------------------------------------- years

_RELATIVE = {("last", "year"): -1, ("this", "year"): 0, ("next", "year"): 1}


#: The Match written short, as applicants do on forums: "M28", "M 2028" (only at the Match question).
_SHORT_MATCH = re.compile(r"(?<![\w-])m\s?'?((?:20)?\d{2})\b", re.IGNORECASE)
#: A two-digit year beside "match": "the 28 match", "match '28" (a year from 2024 to 2035, nothing counted after it).
_TWO_DIGIT_MATCH = re.compile(r"(?<![\w.,/-])'?(2[4-9]|3[0-5])\s+match(?:es)?\b(?!\s*(?:interviews?|programs?|offers?|"
                              r"points?|%|percent|rate))|\bmatch\s+'?(2[4-9]|3[0-5])\b(?![\w.,/%-]|\s*(?:programs?|"
                              r"interviews?|points?|percent|%|applications?|places?|spots?|positions?))", re.IGNORECASE)
#: The Match said by graduation: "the year after I graduate", "2 years after graduation".
_AFTER_GRADUATION = re.compile(r"\b(?:the\s+)?(?:(\d|one|two|a)\s+)?years?\s+after\s+(?:i\s+|my\s+)?"
                               r"(?:graduate|graduating|graduation|grad|finish(?:ing)?\s+(?:med\s+)?school)\b")
#: The Match in the graduation year itself: "same year I graduate", "the year I graduate".
_GRADUATION_YEAR = re.compile(r"\b(?:the\s+)?same\s+year\s+(?:as\s+)?(?:i\s+|my\s+)?"
                              r"(?:graduate|graduating|graduation|grad|finish(?:ing)?\s+(?:med\s+)?school)\b")
#: A graduate since a year, as many write it: "since 2012 I am graduate", "graduate since 2015", "I am a graduate
#: since 2019".
_GRADUATE_SINCE = re.compile(r"\bsince ((?:19|20)\d\d),? i(?: am|'m| have been| was)(?: a)? (?:medical )?graduate\b|"
                             r"\b(?:i am |i'm |am )?(?:a )?graduated? since ((?:19|20)\d\d)\b", re.IGNORECASE)
#: A dated diploma, "30.06.2017" / "30/06/2017": the year is its last part.
_DATE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]((?:19|20)\d{2})\b")


#: A degree's years typed as a range: "2014–2020", "2014-20", "from 2013 to 2019".
_RANGE = re.compile(r"\b((?:19|20)\d{2})\s*(?:-|–|—|to|till|until)\s*((?:19|20)?\d{2})\b")


def _read_year(q: Question, text: str, answers: AnswerMap, today: date) -> Reading:
    """A year from the sentence; at the graduation year, a range's start is never the year read: a range
    ("MBBS 2014–2020", "2014-20") ends at graduation, so its end is read when no other year of the user's
    own is in the sentence, and the range is asked about otherwise."""
    r = _read_any_year(q, text, answers, today)
    short = _TWO_DIGIT_MATCH.search(text) if q.kind == "match_year" and r.ok else None
    if short is not None:  # "the 28 match": said back, so a misread costs one tap
        return _read(r.value, with_note(r.said or f"the {r.value} Match", f"you wrote {quoted(short.group(0))}"))
    if q.kind != "year" or not r.ok:
        return r
    t = ascii_digits(plain_text(text)).lower()
    for m in _RANGE.finditer(t):
        a, end = int(m.group(1)), m.group(2)
        b = int(end) if len(end) == 4 else a // 100 * 100 + int(end)
        if r.value != a or not a < b <= a + 8:
            continue
        if re.search(rf"\b{a}\b", t[:m.start()] + " " + t[m.end():]):
            continue  # "graduated 2019, did internship 2019-2020": the year read is said outside the range too
        s = Sentence.of(text, numbers=True)
        others = {x.value for x in mentions(s, q.reading, 1900, 2100, exam_words=False)
                  if x.label in ("this", "")} - {a, b}
        if not others:
            return _said_year(q, b, answers, today, f"the end of {a}-{b}")
        doubt = f"{a}-{b}"
        return _ask(f"You wrote {doubt}: is {b}, its end, your graduation year? Tap it, or type the year.", doubt,
                    _year_candidates(q, (b,), today))
    return r


def _read_any_year(q: Question, text: str, answers: AnswerMap, today: date) -> Reading:
    text = _DATE.sub(lambda m: m.group(1), text)
    if q.kind == "year":  # "since 2012 I am graduate", "graduate since 2015": the year of graduating
        text = _GRADUATE_SINCE.sub(lambda m: f"graduated {m.group(1) or m.group(2)}", text)
        text = _YEAR_WORD.sub(lambda m: m.group(1), text)  # "finished university in 2014 year": that year
    if q.kind == "match_year":
        spanned = span_match(q, text, today, lambda v, why: _said_year(q, v, answers, today, why),
                             lambda rest: _read_any_year(q, rest, answers, today))
        if spanned is not None:  # "the 2027-28 cycle": the 2028 Match, or the 2027 one (the 2027-28 residency year)?
            return spanned
        text = _SHORT_MATCH.sub(lambda m: f"match {m.group(1)}", text)
        text = _TWO_DIGIT_MATCH.sub(lambda m: f"match 20{m.group(1) or m.group(2)}", text)
        sent = _sent_in(plain_text(text))
        if sent is not None and sent[2]:  # "applying sep 2027 for the 2027 match": two Matches said, asked
            doubt = f"applications in {sent[1]} (the {sent[0] + 1} Match) and {' and '.join(map(str, sent[2]))}"
            return _ask(f"You wrote {doubt}. Applications go out the autumn before the Match: which Match is it? "
                        "Tap it, or type the year.", doubt, _year_candidates(q, (sent[0] + 1, *sent[2]), today))
        if sent is not None:  # "applying in september 2027 for the match": the 2028 Match
            return _said_year(q, sent[0] + 1, answers, today, f"applications go out in {sent[1]}")
        bare = re.fullmatch(r"\s*['’]?(\d\d)[.!]*\s*", ascii_digits(text))
        if bare and next_matches(today)[0] <= 2000 + int(bare.group(1)) <= next_matches(today)[0] + 5:
            return _said_year(q, 2000 + int(bare.group(1)), answers, today, f"you wrote {quoted(text.strip())}")
        gave_up = given_up(q, text, answers, today)
        if gave_up is not None:  # "2027 was the plan but I missed the deadline, so now the next one": 2028
            return gave_up
        cycle = _cycle_year(q, text, answers, today)
        if cycle is not None:  # "the 2027 cycle": the Match, or the year applications go out?
            return cycle
        after = _AFTER_GRADUATION.search(plain_text(text)) or _GRADUATION_YEAR.search(plain_text(text))
        if after is not None and not re.search(r"\d{4}", text):
            return _after_graduation(q, after, answers, today)
    n = read_number(text, q.kind)
    if n is not None and 1000 <= n <= 9999 and SPOKEN_YEAR.search(plain_text(text)):  # "twenty eighteen"
        return _said_year(q, n, answers, today, f"from {quoted(text)}")
    if n is not None and 1000 <= n <= 9999:
        return _check_year(q, n, answers, today)
    s = Sentence.of(text, numbers=True)
    unsure, hedge = _doubts(s, False)
    if q.kind == "match_year" and hedge in ("i hope", "hopefully"):
        hedge = ""  # a Match aimed for is hoped for: "M27 hopefully" is the target
    found = [m for m in mentions(s, q.reading, 1900, 2100, exam_words=False)] or _short_years(s, q.reading, today)
    found, denied = _denied(found)
    ours = sorted({m.value for m in found if m.label == "this"})
    plain = sorted({m.value for m in found if m.label == ""})
    first = tuple(ours or plain)
    what = "graduation year" if q.kind == "year" else "Match"
    approx = next((m for m in found if m.approx and m.label in ("this", "")), None)
    if unsure or hedge or approx:  # "2019 or so" is about 2019
        doubt = quoted(unsure or hedge) if unsure or hedge else f"about {approx.value if approx else ''}"
        hedged = tuple(m.value for m in found if any(  # "2024, maybe 2025 if ...": the year hedged is offered too
            w in ("maybe", "possibly", "perhaps", "or") for w in s.words[max(0, m.at - 2):m.at]))
        return _ask(f"You wrote {doubt}. Which {what} is it? Tap it if it is below, or type the year.", doubt,
                    _year_candidates(q, tuple(dict.fromkeys((*first, *hedged))), today))
    if q.kind == "match_year" and not ours and any(m.label == "the year applications go out" for m in found):
        m = next(m for m in found if m.label == "the year applications go out")
        if not _AUTUMN & set(s.words):  # "apply in 2027": sent in 2027 (the 2028 Match) or the 2027 season? asked
            doubt = quoted(" ".join(s.words[:8]))
            return _ask(f"You wrote {doubt}. Applications go out the autumn before the Match: applying in autumn "
                        f"{m.value} is the {m.value + 1} Match. Which Match is it? Tap it, or type the year.", doubt,
                        _year_candidates(q, (m.value + 1, m.value), today))
        return _said_year(q, m.value + 1, answers, today, f"applications go out in September {m.value}")
    if denied and not found:
        return _ask(f"You wrote {quoted(denied)}. Which {what} is it? Tap it if it is below, or type the year.",
                    quoted(denied), _year_candidates(q, (), today))
    years = sorted({m.value for m in found})
    if len(years) > 1 and any(w in ("if", "else", "otherwise", "unless") for w in s.words):
        both = " or ".join(str(v) for v in years)  # "2027 if CK goes well, else 2028": a condition decides
        return _ask(f"You wrote {both}, each on a condition. Which {what} is it? Tap it, or type "
                    "the year.", both, _year_candidates(q, tuple(years), today))
    unreal = {m.value for m in found if m.label in ("", "this") and _COUNTERFACTUAL.search(" ".join(
        w for w, c in zip(s.words, s.clause) if c == s.clause[m.at]))}  # "should have been 2019": not a year it was
    if len(ours) > 1 and len(set(ours) - unreal) == 1 and not set(plain) - unreal:  # "supposed to finish in 2020
        ours = sorted(set(ours) - unreal)  # but covid delayed our finals, so we graduated 2021": the year it was
    if len(ours) == 1 and set(plain) - unreal - set(ours) and not _year_span(s, (*ours, *plain)):  # "2027 for prelim, 2028 for
        #                                                                                 rads": two years, asked
        both = " or ".join(str(v) for v in sorted({*ours, *plain}))
        return _ask(f"I see two years, {both}. Which is your {what}?", f"two years, {both}",
                    _year_candidates(q, tuple(sorted({*ours, *plain})), today))
    if len(ours) == 1 or (not ours and len(plain) == 1):
        return _said_year(q, (ours or plain)[0], answers, today, denied)
    span = _year_span(s, first) if q.kind == "year" or any(w in _SEASON_WORDS for w in s.words) else None
    if span is not None and q.kind == "match_year" and span[1] == span[0] + 1:  # "the 2026-2027 season"
        return _said_year(q, span[1], answers, today, f"the {span[0]}-{span[1]} season ends in the {span[1]} Match")
    if span is not None and q.kind == "year":
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
    month = _relative_month(s, today) if q.kind == "year" and not found and "or" not in s.words else None
    if month is not None:  # "I will finish the university next July", "last year in december"
        return _said_year(q, month[0], answers, today, quoted(month[1]))
    relative = _relative_year(s, today)
    if relative is not None:
        v, words = relative
        if q.kind == "year" and words.split()[0].isdecimal():  # "graduated 5 yrs ago": about, so asked
            return _years_ago(q, v, words, answers, today)
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
    if q.kind == "match_year" and _applying_now(s):
        return _said_year(q, next_matches(today)[0], answers, today, "applying now")
    relative_match = _relative_match(s, today) if q.kind == "match_year" else None
    if relative_match is not None:
        return _said_year(q, relative_match[0], answers, today, relative_match[1])
    sending = _sending_month(s, today) if q.kind == "match_year" else None
    if sending is not None:  # "planning to submit ERAS next september"
        return _said_year(q, sending[0] + 1, answers, today, f"applications go out in {sending[1]}")
    if q.kind == "match_year" and any(w in ("cycle", "next", "upcoming", "soon", "asap", "first", "earliest")
                                      for w in s.words):
        words = " ".join(s.words[:6])
        return _ask(f"You wrote {quoted(words)}: which Match is that? Tap it.", quoted(words),
                    _year_candidates(q, (), today))
    example = today.year - 3 if q.kind == "year" else next_matches(today)[0]
    if any(ch.isalpha() for ch in text):
        return _refuse(f"I could not find a year in {quoted(text)}. Please type a four-digit year, e.g. {example}.",
                       quoted(text))
    shown = quoted(text) if re.search(r"\w", text) else "that"  # "20 18": named, whatever it holds
    return _refuse(f"I could not find a year in {shown}. Please type a four-digit year, e.g. {example}.",
                   shown if shown != "that" else "")


#: Words that put the sending of applications in the autumn of a year (June-December, when ERAS is open).
_AUTUMN = frozenset("autumn fall jun june jul july aug august sep sept september oct october nov november dec "
                    "december".split())
#: Words that say the user is (or will be) sending applications: a year with them is the year before the Match.
_APPLYING = frozenset("applying apply applications application eras submit submitting".split())
#: Words that say this cycle's applications are already out ("this cycle, already submitted ERAS").
_SENT = frozenset("submitted applied already sent interviewing interviews".split())


def _cycle_under_way(s: Sentence) -> bool:
    """ "This cycle" / "the current season" with applications said to be sent: the next Match. Without that,
    "this cycle" is asked about: after ERAS opens, someone who has not applied may mean the next season."""
    said = any(s.words[i] in ("this", "current") and s.words[i + 1] in ("cycle", "season")
               for i in range(len(s.words) - 1))
    return said and any(w in _SENT for w in s.words)


#: Words that make a Match said relative to the season not the plain next one ("last", "again": a reapplicant).
_NOT_NEXT = frozenset("last again reapply reapplying previous not no yet never didn't haven't didnt havent but though "
                      "if might maybe withdraw withdrew unless".split())
#: The words a bare "this coming March" may come with; any other ("I graduate this coming March") is asked.
_COMING_MARCH = frozenset("this the coming march match in on for day of hopefully".split())


#: Interviews said to be under way: this season's applicant, so "the upcoming March" is the next Match Day.
_INTERVIEWS = frozenset("interviews interviewing interview invites invitations".split())
#: Words that make "the upcoming March" with interviews something else ("or the one after", "I graduate then").
_NOT_THIS_CYCLE = frozenset("or after graduate graduating graduation finish finishing exam step ck".split())


def _relative_match(s: Sentence, today: date) -> tuple[int, str] | None:
    """A Match said by the season calendar: "this coming March" is the next Match Day; "not this season, the one
    after" the Match after it; "the next one, ERAS already submitted" the next Match (applications are out)."""
    first = next_matches(today)[0]
    w = s.words
    for i in range(len(w) - 1):
        if w[i] == "coming" and w[i + 1] == "march" and set(w) <= _COMING_MARCH:
            return first, f"{' '.join(w[max(0, i - 1):i + 2])}: the {first} Match"
        if w[i:i + 2] == ["this", "march"] and set(w) <= _COMING_MARCH and (today.month >= 9 or today.month <= 2):
            return first, f"this march: the {first} Match"  # "this March!!" in November: the Match coming
        if w[i] in ("coming", "upcoming") and w[i + 1] == "march" and set(w) & _INTERVIEWS and not (
                set(w) & (_NOT_NEXT | _NOT_THIS_CYCLE) or any(re.fullmatch(r"(?:19|20)\d\d", x) for x in w)) and (
                today.month >= 9 or today.month <= 2):  # "The upcoming March, interviews have already started"
            return first, f"{' '.join(w[max(0, i - 1):i + 2])}, interviews under way"
    said = " ".join(w)
    if re.search(r"\bnot (?:this|the current|the next) (?:season|cycle|match|1|one)\b", said) and re.search(
            r"\b(?:the )?(?:1|one) after\b", said) and len(w) <= 8 or re.fullmatch(
            r"not (?:this|the current) (?:season|cycle|match|1|one|march)(?: (?:but|rather))? (?:the )?(?:(?:1|one) "
            r"after(?: that| it)?|next (?:1|one|cycle|season|match))", said) and (
            today.month >= 9 or today.month <= 2 or "march" not in w):  # "not this March, the one after"
        return first + 1, f"not this season, the one after: the {first + 1} Match"
    if _now_ruled_out(s) and re.search(r"\b(?:the )?(?:(?:1|one) after(?: it| that)?|next (?:1|one))\b", said) and \
            not re.search(r"\bnot (?:the )?next\b|\b(?:19|20)\d\d\b", said):
        return first + 1, f"not the current season, the one after: the {first + 1} Match"
    if re.fullmatch(r"(?:i )?(?:have )?already applied(?: (?:and|now))? (?:waiting|wait) (?:for|on) (?:the )?"
                    r"(?:interviews?|interview invites|invites)", said) and (today.month >= 9 or today.month <= 2):
        return first, f"already applied, waiting for interviews: the {first} Match"
    if "already" in w and w[w.index("already") + 1:w.index("already") + 2] in (["submitted"], ["sent"]) and (
            {"eras", "application", "applications"} & set(w)) and not _NOT_NEXT & set(w):
        return first, f"applications already submitted: the {first} Match"
    return None


def _applying_now(s: Sentence) -> bool:
    """Applications said to be going out now ("this cycle, applying rn", "currently applying"): the next Match. Not
    when the now is ruled out ("not the cycle going on now", "not applying now")."""
    return any(w in ("applying", "interviewing") for w in s.words) and any(
        w in ("now", "rn", "currently", "presently") for w in s.words) and not _now_ruled_out(s)


#: Words that rule out what follows them in the clause ("not the cycle going on now", "skipping this cycle").
_RULE_OUT = frozenset("not no never skip skipping skipped isn't isnt wont won't won't".split())


def _now_ruled_out(s: Sentence) -> bool:
    """The current season or "now" is ruled out: a negation before "now", "this cycle", "current" in its clause."""
    for i, w in enumerate(s.words):
        if w in ("now", "rn", "currently", "presently", "current") or (
                w in ("cycle", "season", "match") and i > 0 and s.words[i - 1] == "this"):
            if any(s.words[j] in _RULE_OUT for j in range(i) if s.clause[j] == s.clause[i]):
                return True
    return False


def _sending_month(s: Sentence, today: date) -> tuple[int, str] | None:
    """The month applications are said to go out in, ahead of today ("submit ERAS next september", "apply this
    coming October"): its year and the month as said. Only a month from June to December, when ERAS is open."""
    if not any(w in _APPLYING for w in s.words):
        return None
    for i in range(len(s.words) - 1):
        month = _MONTHS.get(s.words[i + 1])
        if s.words[i] in ("next", "coming") and month is not None and 6 <= month <= 12:
            year = today.year if month > today.month else today.year + 1
            return year, f"{date(year, month, 1):%B %Y}"
    return None


_SENT_IN = re.compile(r"\b(?:applying|apply|applied|applications?|submit|submitting|sending|send|eras)\b"
                      r"(?:\W+\w+){0,3}?\W+(?:in\W+)?([a-z]{3,9})\.?,?\W+(?:of\W+)?(\d{4})\b")


def _sent_in(said: str) -> tuple[int, str, list[int]] | None:
    """Applications said to go out in a month of a year ("applying in september 2027", "ERAS in oct 2026"): that
    year, the month as said, and any other year named but the Match it leads to, when the month is June to December
    (ERAS is open). The Match is the year after: applications go out the autumn before."""
    m = _SENT_IN.search(said)
    month = _MONTHS.get(m.group(1)) if m else None
    if m is None or month is None or not 6 <= month <= 12:
        return None
    year = int(m.group(2))
    others = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", said)]
    others.remove(year)
    return year, f"{date(year, month, 1):%B %Y}", sorted(set(others) - {year + 1})


def _after_graduation(q: Question, m: re.Match[str], answers: AnswerMap, today: date) -> Reading:
    """ "The year after I graduate": the graduation year already answered, plus the years said; asked without it."""
    gap = 0 if m.re is _GRADUATION_YEAR else {None: 1, "a": 1, "one": 1, "two": 2}.get(
        m.group(1), int(m.group(1)) if (m.group(1) or "").isdecimal() else 1)
    graduation = answers.get("graduation_year")
    if not isinstance(graduation, int):
        doubt = quoted(m.group(0))
        return _ask(f"You wrote {doubt}, and I do not have your graduation year yet. Which Match is it? Tap it, or "
                    "type the year.", doubt, _year_candidates(q, (), today))
    return _said_year(q, graduation + gap, answers, today, f"{m.group(0)}; your graduation year: {graduation}")


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


#: Words that make two consecutive years one application season ("the 2026-2027 cycle"), which ends in the Match
#: of its second year.
_SEASON_WORDS = frozenset("season cycle application applications eras match".split())


_COUNTERFACTUAL = re.compile(r"\b(?:should|would|could) have\b|\bsupposed to\b|\bwas meant to\b")


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


#: "in 2014 year" (a year said the Slavic way): the year itself.
_YEAR_WORD = re.compile(r"\b((?:19|20)\d\d)\s+year\b(?!\s*(?:of|in|at)\b)", re.IGNORECASE)
_NEXT = frozenset("next coming upcoming".split())
#: The last month of a season that does not straddle the year: "next summer" is read once that season is over this
#: year (a summer 2027 on 30 Nov 2026); "next winter", "this summer" and "last summer" are asked.
_SEASON_ENDS = {"spring": 5, "summer": 8}


def _relative_month(s: Sentence, today: date) -> tuple[int, str] | None:
    """A month said relative to today, at the graduation year: "next July" / "this coming July" (the next July to
    come: 2027 on 30 Nov 2026), "last year in december" / "december last year" (2025), "June next year" (2027).
    "next December" on 30 Nov may mean this one or the next, and "last June" this year's or last year's: neither is
    read (asked by the readers after)."""
    w = s.words
    for i, word in enumerate(w):
        if word in _SEASON_ENDS and w[i - 1:i] == ["next"] and _SEASON_ENDS[word] < today.month:
            return today.year + 1, f"next {word}"  # "finishing next summer" on 30 Nov 2026: summer 2027
        month = _MONTHS.get(word)
        if month is None:
            continue
        before, after = w[max(0, i - 3):i], w[i + 1:i + 4]
        for rel, sign in (("last", -1), ("next", 1)):
            if after[:2] == [rel, "year"] or after[:3] == ["of", rel, "year"] or (
                    before[-3:] == [rel, "year", "in"]):
                return today.year + sign, " ".join((*before[-3:], word) if before[-3:] == [rel, "year", "in"]
                                                   else (word, *after[:3 if after[0] == "of" else 2]))
        if before[-1:] and before[-1] in _NEXT and month < today.month:
            return today.year + 1, " ".join(w[i - 2 if before[-2:-1] == ["this"] else i - 1:i + 1])
        if before[-2:] == ["this", "coming"] or before[-2:] == ["this", "upcoming"]:
            return (today.year if month > today.month else today.year + 1), " ".join(w[i - 2:i + 1])
    return None


def _relative_year(s: Sentence, today: date) -> tuple[int, str] | None:
    """A year said relative to today: "last year", "next year", "8 yrs back", "two years ago"."""
    for i in range(len(s.words) - 1):
        key = (s.words[i], s.words[i + 1])
        if key in _RELATIVE and not (i + 2 < len(s.words) and s.words[i + 2] in _OF and s.words[i + 3:i + 4] not in (
                ["shaa"], ["sha"], ["shallah"], ["allah"])) \
                and not (i > 0 and s.words[i - 1] in ("my", "the", "our", "final")):
            return today.year + _RELATIVE[key], " ".join(key)
        if s.words[i].isdecimal() and s.words[i + 1] in ("year", "years", "yr", "yrs") and i + 2 < len(s.words) \
                and s.words[i + 2] in _AGO:
            return today.year - int(s.words[i]), " ".join(s.words[i:i + 3])
    return None


def _years_ago(q: Question, v: int, words: str, answers: AnswerMap, today: date) -> Reading:
    """ "Graduated 5 yrs ago": a count of years is rounded, so it may mean two graduation years. Asked, offering the
    year it gives from today first, then the year a rounded count may also mean: late in the year the one after
    (5 years before December 2026 is 2021; a graduation in early 2022 is "about 5 years" too), early in the year the
    one before."""
    other = v + 1 if today.month >= 7 else v - 1
    years = tuple(y for y in (v, other) if _check_year(q, y, answers, today).ok)
    if not years:
        return _check_year(q, v, answers, today)
    doubt, n = quoted(words), int(words.split()[0])
    how = f"not quite {n} full years" if other > v else f"a little more than {n} years"
    return _ask(f"You wrote {doubt}: from today ({today:%B %Y}) that is {v}, or {other} if it is {how}. Which is your graduation year? Tap it, or type the year.", doubt,
                tuple((y, str(y)) for y in years))


#: A Match aimed for before: "2027 was the plan", "I was aiming 2027", "I wanted 2028", "planned for 2027".
_PAST_PLAN = re.compile(r"\b(?:was|were) (?:the |my |our )?(?:plan|target|goal|aim|idea)\b|\b(?:plan|target|goal|aim|"
                        r"idea) was\b|\b(?:was|had been|were) "
                        r"(?:planning|aiming|targeting|hoping|going)\b|\b(?:wanted|planned|intended|meant)\b")
#: What ended that plan: a deadline missed, a delay, "but ... now".
_GAVE_UP = re.compile(r"\b(?:but|however|missed|delayed|postponed|not ready|couldn'?t|could not|too late|skipp\w*|"
                      r"dropped|gave up|not possible|didn'?t work)\b")
#: The Match after it: "the next one", "the one after", "the following cycle".
_THE_NEXT = re.compile(r"\b(?:the )?(?:next|following) (?:one|1|cycle|match|season)\b|\b(?:the )?(?:one|1) after\b")
_NOT_SETTLED = re.compile(r"\b(?:or|if|maybe|might|unless|perhaps|probably|either|depends|depending|not sure|think|guess)\b|\?")


def given_up(q: Question, text: str, answers: AnswerMap, today: date) -> Reading | None:
    """A Match aimed for and given up, then the one now aimed for: "2027 was the plan but I missed the deadline so
    now the next one" is 2028; "I was planning 2027 but my CK got delayed, so now it's 2028" is 2028. Said back,
    naming the year given up. Anything that leaves it open (or, if, maybe, a question) is left to the readers after."""
    t = ascii_digits(plain_text(text)).lower()
    years = [(int(m.group(0)), m.start()) for m in re.finditer(r"\b20\d\d\b", t)]
    if not 1 <= len(years) <= 2 or _NOT_SETTLED.search(t):
        return None
    (first, at), later = years[0], years[1:]
    gave = _GAVE_UP.search(t, at)
    if gave is None or not _PAST_PLAN.search(t[:gave.start()]):
        return None
    rest = t[gave.start():]
    if later and later[0][0] > first and not _THE_NEXT.search(rest) and re.search(r"\bnow\b|\binstead\b", rest):
        year = later[0][0]
    elif not later and _THE_NEXT.search(rest):
        year = first + 1
    else:
        return None
    return _said_year(q, year, answers, today, f"{first} given up: {quoted(rest, 48)}")


#: A year named as a cycle or season: "the 2027 cycle", "2028 application season", "cycle 2027".
_CYCLE_YEAR = re.compile(r"(?<![\d-])\b(20\d\d)\s+(?:(?:application|applications|eras|residency)\s+)?(?:cycle|season)\b|"
                         r"\b(?:cycle|season)\s+(?:of\s+)?(20\d\d)\b(?!\s*[-–/])")


def _cycle_year(q: Question, text: str, answers: AnswerMap, today: date) -> Reading | None:
    """ "The 2027 cycle": applicants name a cycle by its Match, or by the year they apply in, so with nothing else
    to settle it (the word Match, a span "2026-2027", applications already out for the coming Match) it is asked,
    offering both."""
    t = ascii_digits(plain_text(text)).lower()
    span = re.search(r"\b(20\d\d)\s*[-–/]\s*(?:20)?(\d\d)\b", t)
    if span and int(span.group(2)) == int(span.group(1)) % 100 + 1 and re.search(r"\b(?:cycle|season)\b", t) and len(
            set(re.findall(r"\b20\d\d\b", t)) - {span.group(1), "20" + span.group(2)}) == 0:
        year = int(span.group(1)) + 1  # "this cycle (2026-27)": the season ends in the 2027 Match
        return _said_year(q, year, answers, today, f"the {span.group(0)} season ends in the {year} Match")
    m = _CYCLE_YEAR.search(t)
    if m is None or re.search(r"\bmatch\w*\b|\b(?:19|20)\d\d\s*[-–/]\s*(?:20)?\d\d\b", t) or len(
            set(re.findall(r"\b20\d\d\b", t))) > 1:
        return None
    year = int(m.group(1) or m.group(2))
    if year == next_matches(today)[0] and set(t.split()) & _SENT:  # "the 2027 cycle, interviews ongoing"
        return _said_year(q, year, answers, today, f"{quoted(m.group(0))}, applications already out")
    doubt = quoted(m.group(0))
    return _ask(f"You wrote {doubt}: a cycle is often named by its Match (applications in September {year - 1}, "
                f"Match Day in March {year}), but some name it by the year they apply in (the {year + 1} Match). "
                "Which Match is it? Tap it, or type the year.", doubt, _year_candidates(q, (year, year + 1), today))


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


#: The user's own Match said to be the same as a partner's: "we are doing couples match, so same year for me", "same
#: cycle as him".
_SAME_FOR_ME = re.compile(r"\bsame\s+(?:year|one|cycle|match|time)\s+(?:for\s+me|as\s+(?:him|her|them|his|hers))\b|"
                          r"\bsame\s+for\s+me\b")
_PARTNER = re.compile(r"\b(?:my\s+)?(husband|wife|spouse|partner|fianc[eé]e?)\b")
_COUPLES = re.compile(r"\bcouples?\s+match\w*\b")


def same_as_partner(q: Question, text: str, reading: Reading, today: date) -> Reading | None:
    """The Match year said of a partner, and the user's own said to be the same, in a couples match: that year, said
    back naming whose it was. One year only; a doubt, a condition or a question leaves it asked."""
    if q.kind != "match_year" or reading.ok:
        return None
    t = " ".join(plain_text(ascii_digits(text)).lower().split())
    years = set(re.findall(r"\b(20[2-3]\d)\b", t))
    partner = _PARTNER.search(t)
    if len(years) != 1 or partner is None or not _SAME_FOR_ME.search(t) or not _COUPLES.search(t) \
            or _NOT_SETTLED.search(t):
        return None
    year = int(years.pop())
    if year < today.year + (today.month > 3) or year > today.year + 6:  # a Match already held, or far off: asked
        return None
    return _read(year, f"the {year} Match (your {partner.group(1)}'s, the same for you in a couples match)")
