"""Off-field replies: a sentence about another thing than what the question asks is never stored as its answer.

Users often answer the previous question again, or mention a neighbouring fact: "OET passed" at the Step 3
question, "250 in NBME 12" at the Step 2 CK score, "2 yrs residency at home" at US clinical experience, "fluent in
French" at spoken English, "yes I must match this year" at the long-term question. Each question's subject and the
other things a reply may be about are data (``knowledge/data/fields.yaml``). After a reply is read:

- it is cut into clauses (commas, full stops, "but", "though"...); a clause that names the subject answers the
  question, one that names another thing (and not the subject) is about that thing, and one that names neither
  goes with the clause before it ("OET passed, fluent"), or with the next when it opens the reply ("yes, I love
  imaging");
- a value read from the whole reply that the other-thing clauses give on their own is kept only when the clauses
  about the subject give it too ("OET passed, Step 3 passed too"); when they give another value, that value is
  read and what was set aside is said back ("none in US, but 2 yrs residency at home": None yet); with none, the
  user is asked back, naming what was understood ("You wrote “OET passed, fluent”, which is about OET (an English
  test); this question is about USMLE Step 3");
- a reply that leaves the subject out ("all steps except 3", "everything other than step 3") is asked back;
- a reply the reader could not settle is read from its subject clauses alone when they settle it ("CK passed,
  step 3 planned for May": Planning to take it, "CK passed" said back as set aside); one wholly about another
  thing is asked back naming that thing;
- at the nationality question, a phrase that merely contains a country's name ("green card" is not Greenland,
  "New Jersey" is not Jersey) is set aside before the nationality is read.

Pure; called once, from ``dialogs.reading.understand``, with the reader to re-read a part of the reply.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from dialogs.reading_base import Reading, Value, _ask, _label, options_for, quoted, _read, _with_rest
from dialogs.reading_choices import _country_words, _us_words
from dialogs.sentence import PREDICATE_OPENERS, phrase
from knowledge.answers import CITIES, country_name, find_countries
from knowledge.fields import Field, fields
from knowledge.loader import Question

#: Where a reply is cut into clauses: punctuation, a spaced dash, and words that open a clause of their own.
#: A bare no before "only"/"just" ends its clause too ("no only in my home country": a no, then where).
_CLAUSE = re.compile(r"[,;!?\n()]|\.(?=\s|$)|\s[-–—]+\s|\b(?:but|though|although|however|whereas|because|coz|"
                     r"while|whilst)\b|(?:(?<=^no)|(?<=^nope)|(?<=^nah))(?=\s+(?:only|just)\b)", re.IGNORECASE)
#: Words that leave what follows out ("all steps except 3", "everything other than step 3").
_EXCEPT = frozenset({("except",), ("expect",), ("exept",), ("excluding",), ("besides",), ("other", "than"),
                     ("apart", "from"), ("save", "for"), ("but", "not"), ("minus",), ("barring",), ("except", "for")})

SUBJECT, COVERING, NUMBERED, DENIED = "subject", "covering", "numbered", "denied"
TOGETHER = "all of them together"  # "all passed" beside the subject named on its own: not the subject alone
#: A word right before the subject that denies it ("non-US", "no usce"): the clause is about the subject (it says
#: "none"), but what the reader was unsure of is not settled by it.
_DENIED = frozenset("non no not outside without never except".split())


@dataclass(frozen=True)
class _Clause:
    text: str  # as typed
    marks: tuple[tuple[str, str], ...]  # (SUBJECT, COVERING, DENIED, TOGETHER or another thing's name; words as typed)


@lru_cache(maxsize=64)
def _phrases(field: Field) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Every phrase of a field with what it names, longest first; $countries, $cities and $us_places expanded."""
    out: list[tuple[tuple[str, ...], str]] = []

    def add(words: tuple[str, ...], tag: str) -> None:
        for w in words:
            if w == "$countries":
                out.extend((p, tag) for p in _country_words())
            elif w == "$us_places":
                out.extend((p, tag) for p in _us_words())
            elif w == "$cities":
                out.extend((phrase(c), tag) for c in CITIES)
            elif phrase(w):
                out.append((phrase(w), tag))
    add(field.subject, SUBJECT)
    add(field.covering, COVERING)
    add(field.numbered, NUMBERED)
    for other in field.others:
        add(other.words, other.name)
    return tuple(sorted(out, key=lambda pt: -len(pt[0])))


def _same(keyword: str, word: str) -> bool:
    """A word as listed, any ending after a listed "*", or a listed name with a number typed onto it ("plab2",
    "mccqe1", "uwsa2")."""
    if keyword.endswith("*"):
        return word.startswith(keyword[:-1])
    return word == keyword or len(keyword) >= 3 and keyword.isalpha() and word.startswith(keyword) \
        and word[len(keyword):].isdigit()


@lru_cache(maxsize=64)
def _by_first_word(field: Field) -> tuple[dict[str, list[int]], list[int]]:
    """The field's phrases (by their place in ``_phrases``) under their first word, and those whose first word ends
    in "*": a reply is matched against the few that can start at each of its words."""
    exact: dict[str, list[int]] = {}
    stars: list[int] = []
    for k, (ph, _tag) in enumerate(_phrases(field)):
        if ph[0].endswith("*"):
            stars.append(k)
        else:
            exact.setdefault(ph[0], []).append(k)
    return exact, stars


def _marks(field: Field, words: list[str], meant: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    """Where the field's phrases stand in ``words`` (start, end, what they name), longest first, each word once;
    none of the things in ``meant`` (their ``unless`` words are in the reply)."""
    phrases = _phrases(field)
    exact, stars = _by_first_word(field)
    candidates: list[tuple[int, int]] = []  # (phrase's place, start): claimed in that order
    for i, w in enumerate(words):
        for k in {*exact.get(w, ()), *exact.get(w.rstrip("0123456789"), ()), *stars}:
            ph = phrases[k][0]
            if i + len(ph) <= len(words) and all(_same(a, b) for a, b in zip(ph, words[i:i + len(ph)])):
                candidates.append((k, i))
    used = [False] * len(words)
    found: list[tuple[int, int, str]] = []
    for k, i in sorted(candidates):
        ph, tag = phrases[k]
        if tag in meant or any(used[i:i + len(ph)]):
            continue
        found.append((i, i + len(ph), tag))
        for j in range(i, i + len(ph)):
            used[j] = True
    return sorted(found)


def _excluded(field: Field, words: list[str], marks: list[tuple[int, int, str]]) -> set[int]:
    """The starts of subject words that an exception leaves out ("except 3", "other than step 3")."""
    out: set[int] = set()
    for start, _end, tag in marks:
        if tag not in (SUBJECT, NUMBERED):
            continue
        before = words[max(0, start - 4):start]
        for k in range(len(before)):
            if any(tuple(before[k:k + len(e)]) == e for e in _EXCEPT):
                out.add(start)
    return out


def _as_typed(text: str, words: tuple[str, ...]) -> str:
    """The words of a phrase as the user typed them ("OET" for "oet"); the phrase itself when not found."""
    m = re.search(r"(?<!\w)" + r"\W*".join(re.escape(w.rstrip("*")) for w in words) + r"\w*", text, re.IGNORECASE)
    return m.group(0) if m else " ".join(words)


def _clauses(field: Field, text: str) -> tuple[list[_Clause], bool]:
    """The reply's clauses with what each names, and whether the reply leaves the subject out."""
    pieces = [p for p in _CLAUSE.split(text) if p and re.search(r"\w", p)]
    whole = list(phrase(text))
    meant = _meant(field, text)
    whole_marks = _marks(field, whole, meant)
    left_out_whole = _excluded(field, whole, whole_marks)
    excluded = bool(left_out_whole)
    has_other = any(tag not in (SUBJECT, COVERING, NUMBERED) for _s, _e, tag in whole_marks)
    specific = any(tag == SUBJECT or tag == NUMBERED and has_other for s, _e, tag in whole_marks
                   if s not in left_out_whole)
    out = []
    for piece in pieces:
        words = list(phrase(piece))
        marks = _marks(field, words, meant)
        left_out = _excluded(field, words, marks)
        kept = []
        ends = {end: tag for _start, end, tag in marks}
        for start, end, tag in marks:
            if tag in (SUBJECT, NUMBERED) and start in left_out:
                continue
            if tag == SUBJECT and ends.get(start, SUBJECT) not in (SUBJECT, COVERING, NUMBERED):
                tag = ends[start]  # "derm pictures", "ECG patterns": a subject's word said of another thing
            if tag == SUBJECT and start > 0 and words[start - 1] in _DENIED:  # "non-US (Canada)", "no usce"
                kept.append((DENIED, _as_typed(piece, tuple(words[start - 1:end]))))
                continue
            if tag == NUMBERED and not (has_other and _names_one(words, start)):
                continue
            if tag == COVERING:  # "all steps": the subject among others, unless named on its own or left out
                if excluded:
                    continue
                if specific:
                    tag = TOGETHER
            kept.append((tag if tag != NUMBERED else SUBJECT, _as_typed(piece, tuple(words[start:end]))))
        out.append(_Clause(piece.strip(), tuple(kept)))
    return out, excluded


#: Words after a number that make it a quantity, not one of a numbered series ("3 months", "3 attempts").
_UNITS = frozenset("month months week weeks year years yrs yr day days time times attempt attempts try tries x "
                   "hours hrs mins minutes points pts percent th rd nd st".split())


def _names_one(words: list[str], at: int) -> bool:
    """A bare number that names one of a series ("steps 1 & 2 done, 3 pending"): it opens its clause or follows a
    list's joining word, and no unit follows it ("after 3 attempts", "3 months ago" are quantities)."""
    after_ok = at + 1 >= len(words) or words[at + 1] not in _UNITS
    before_ok = at == 0 or words[at - 1] in ("and", "&", "+", "/", "n", "or", "step", "steps")
    return after_ok and before_ok


#: Words by which a clause points back to the thing of the clause before ("CK done, that's it", "both passed").
_BACK = frozenset("it its it's thats that this those these they them which both same too also".split())
#: A clause that is only a yes or a no ("yes, I love imaging"): the answer, to a question the rest may name.
_YES_NO = frozenset("yes yeah yep yup ya yess no nope nah naw nop sure definitely absolutely not really".split())
_NO = frozenset("no nope nah naw nop not".split())


def _sides(clauses: list[_Clause]) -> tuple[list[_Clause], list[_Clause], list[tuple[str, str]]]:
    """The clauses about the subject, the ones about other things, and those things (name, as typed). A clause
    that names neither is the reply's own (its answer, or a reason), unless it goes on from a clause about another
    thing: it points back to it ("CK done, that's it") or has no predicate of its own ("OET passed, fluent")."""
    own: list[bool | None] = []
    for c in clauses:
        tags = {t for t, _w in c.marks}
        own.append(True if tags & {SUBJECT, COVERING, DENIED} else False if tags else None)
    for i in range(1, len(own)):  # "passed step 1, CK and step 3": a list that names the subject goes on from before
        if own[i] and own[i - 1] is False and any(t not in (SUBJECT, COVERING, DENIED, TOGETHER)
                                                  for t, _w in clauses[i].marks):
            own[i - 1] = True
    for i in range(len(own)):
        if own[i] is None:
            words = set(phrase(clauses[i].text))
            own[i] = not (i > 0 and own[i - 1] is False and (words & _BACK or not words & PREDICATE_OPENERS))
    things = [(t, w) for c, o in zip(clauses, own) if o is False for t, w in c.marks
              if t not in (SUBJECT, COVERING, DENIED)]
    return [c for c, o in zip(clauses, own) if o], [c for c, o in zip(clauses, own) if o is False], things


def _same_value(a: Value, b: Value) -> bool:
    return a == b and type(a) is type(b)


def _thing(things: list[tuple[str, str]]) -> str:
    """What the reply was about instead, by name: "OET: an English test", "step 1, CK: another USMLE Step"."""
    by_name: dict[str, list[str]] = {}
    for name, typed in things:
        if typed.lower() not in (t.lower() for t in by_name.setdefault(name, [])):
            by_name[name].append(typed)
    return "; ".join(f"{', '.join(typed[:3])}: {name}" for name, typed in list(by_name.items())[:2])


def _options(q: Question, today: date) -> tuple[tuple[Value, str], ...]:
    return tuple(options_for(q, today))


def off_field(q: Question, text: str, reading: Reading, reread: Callable[[str], Reading], today: date,
              read_other: Callable[[str, str], Reading] | None = None) -> Reading | None:
    """The reading to use instead of ``reading`` when the reply is about another thing than ``q`` asks, or None
    to keep it. ``reread`` reads a part of the reply (without this rule); ``read_other`` reads a text as the
    answer to another question (by id)."""
    field = fields().get(q.id)
    if field is None:
        return None
    if q.kind == "country":
        return _set_aside(q, field, text, reading, reread, today)
    clauses, excluded = _clauses(field, text)
    if excluded and field.covering and reading.ok and not any(t == SUBJECT for c in clauses for t, _w in c.marks):
        doubt = quoted(text)
        return _ask(f"You wrote {doubt}, which leaves out {field.about}, and this question is about {field.about}, "
                    f"so I have noted nothing for it. Which fits?", doubt, _options(q, today))
    own, other, things = _sides(clauses)
    if not other:
        return None
    off_text = ", ".join(c.text for c in other)
    own_text = ", ".join(c.text for c in own)
    doubt = quoted(off_text)
    named = f"You wrote {doubt} ({_thing(things)}); this question is about {field.about}"
    if not reading.ok:
        if not own and not any(typed.lower() in reading.error.lower() for _t, typed in things):
            # wholly about another thing, and the question back does not name it: it does ("passed IELTS": IELTS)
            return _ask(f"{named}, so I have noted nothing for it. Which fits?", doubt,
                        reading.candidates or _options(q, today))
        if not any(t == SUBJECT for c in own for t, _w in c.marks):
            return None
        again = reread(own_text)
        if not again.ok or not any(_same_value(again.value, v) for v, _label_ in reading.candidates[:2]):
            return None  # read from the subject's clauses only when it settles what the reader was unsure of
        if _gives_another(q, off_text, again, reading, reread):
            return None  # "2029 match, maybe 2028 if my CK comes out": the clause set aside gives another Match
        return _read(again.value, f"{_label(q, again.value)} (set aside {doubt}; {_thing(things)})")
    if _answers_another(field, own, other, off_text, read_other):  # "yes, this cycle is essential"
        doubt = quoted(text)
        return _ask(f"You wrote {doubt}, which may answer another question ({_thing(things)}); this question is "
                    f"about {field.about}, so I have noted nothing for it. Which fits?", doubt, _options(q, today))
    alone = reread(off_text)
    if not (alone.ok and _same_value(alone.value, reading.value)):
        return None  # the value comes from the words about the subject
    if not own:
        return _ask(f"{named}, so I have noted nothing for it. Which fits?", doubt, _options(q, today))
    if _bare_yes_no(own) and any(o.name in {t for c in other for t, _w in c.marks} for o in field.others):
        # "yes, research is my thing" at neuro, "yes, EEGs are my favourite" at imaging: the yes and the liking may
        # both be about that other thing, not this
        return _ask(f"{named}: your yes or no may be about that, not this question, so I have noted nothing for it. "
                    "Which fits?", doubt, _options(q, today))
    settled = reread(own_text)
    if settled.ok and _same_value(settled.value, reading.value):
        return None
    if settled.ok:
        return _read(settled.value, f"{_label(q, settled.value)} (set aside {doubt}; {_thing(things)})")
    if not settled.candidates:
        return _ask(f"{named}, so I have noted nothing for it. Which fits?", doubt, _options(q, today))
    return _ask(f"{named}. {settled.error}", doubt, settled.candidates)


def _gives_another(q: Question, off_text: str, own: Reading, reading: Reading, reread: Callable[[str], Reading]
                   ) -> bool:
    """The clause about another thing states another value of this question itself ("maybe 2028 if my CK result
    comes out in time" at the Match): it is not off the question, so the reader's doubt stands."""
    if q.kind not in ("count", "year", "match_year"):  # a practice score beside the CK score is set aside
        return False
    if not re.search(r"\b(?:maybe|possibly|perhaps|probably|or|otherwise|else|unless|if)\b", off_text, re.IGNORECASE):
        return False  # "FSc in 2012, MBBS 2018": the year is the other thing's own, not another answer offered
    alone = reread(off_text)
    offered = [alone.value] if alone.ok else [v for v, _label_ in alone.candidates[:1]]
    offered += [v for v, _label_ in reading.candidates[:2] if re.search(rf"(?<!\w){v}(?!\w)", off_text)]
    return any(v is not None and not _same_value(v, own.value) for v in offered)


def _bare_yes_no(own: list[_Clause]) -> bool:
    """The reply's own part is one bare yes or no ("yes", "yeah"), naming nothing."""
    said = set(phrase(own[0].text)) if len(own) == 1 and not own[0].marks else set()
    return bool(said) and said <= _YES_NO


def _answers_another(field: Field, own: list[_Clause], other: list[_Clause], off_text: str,
                     read_other: Callable[[str, str], Reading] | None) -> bool:
    """A reply that is a bare yes or no, then words about another question's thing that answer that question on
    their own: the yes or no may be meant for that question (answered again), so it is not this one's."""
    said = set(phrase(own[0].text)) if len(own) == 1 and not own[0].marks else set()
    if read_other is None or not said or not said <= _YES_NO:
        return False
    names = {t for c in other for t, _w in c.marks}
    asks = {o.question for o in field.others if o.name in names and o.question}
    yes = -1 if said & _NO else 1
    for qid in asks:  # the same yes or no as the other question's answer: said again ("not really, I'm a people
        again = read_other(qid, off_text)  # person" at imaging is a reason: its "no" is not the other answer's yes)
        if again.ok and _polarity(again.value) == yes:
            return True
    return False


def _polarity(value: Value) -> int:
    return 1 if value is True or value == "enjoy" else -1 if value is False or value == "avoid" else 0


def _meant(field: Field, text: str) -> frozenset[str]:
    """The other things whose ``unless`` words the reply has: their words count as meant here."""
    said = set(phrase(text))
    return frozenset(o.name for o in field.others if o.unless and said & {phrase(u)[0] for u in o.unless if phrase(u)})


#: Words of a residence status, not a nationality: the country beside them is where one lives ("Canadian PR").
_STATUS = frozenset("pr resident residency residence permit visa iqama settled status card".split())


def _with_country(words: list[str], start: int, end: int) -> tuple[int, int]:
    """A residence status with the country named right before it or after "of"/"in" ("Canadian PR", "PR of Canada")."""
    if not _STATUS & set(words[start:end]):
        return start, end
    if start > 0 and find_countries(words[start - 1]):
        start -= 1
    if end + 1 < len(words) and words[end] in ("of", "in") and find_countries(words[end + 1]):
        end += 2
    return start, end


def _set_aside(q: Question, field: Field, text: str, reading: Reading, reread: Callable[[str], Reading],
               today: date) -> Reading | None:
    """A nationality read after setting aside phrases that merely contain a country's name ("green card"), and a
    residence status with its country ("Canadian PR")."""
    words = list(phrase(text))
    marks = [_with_country(words, s, e) + (tag,) for s, e, tag in _marks(field, words, _meant(field, text))
             if tag not in (SUBJECT, COVERING, NUMBERED)]
    if not marks:
        return None
    rest = text
    things = []
    for start, end, tag in marks:
        typed = _as_typed(text, tuple(words[start:end]))
        things.append((tag, typed))
        rest = re.sub(r"(?<!\w)" + re.escape(typed) + r"(?!\w)", " ", rest, count=1)
    doubt = quoted(", ".join(typed for _t, typed in things))
    why = "; ".join(dict.fromkeys(f"{quoted(typed)} is {name}" for name, typed in things))
    again = reread(rest) if re.search(r"[^\W\d_]", rest) else None
    if again is not None and again.ok:
        if reading.ok and _same_value(again.value, reading.value):
            return None
        return _read(again.value, f"{_label(q, again.value)} ({why})")
    if not reading.ok:
        return None
    opening = f"{why[0].upper()}{why[1:]}" if len(things) == 1 and things[0][1].strip() == text.strip() else \
        f"You wrote {doubt}: {why}"
    named = tuple(c for _t, typed in things for c in find_countries(typed)[:1]
                  if (country_name(c) or "").lower() == typed.lower())  # "Georgia": the country, first
    return _ask(f"{opening}. What is your nationality? Tap it, or type it.", doubt,
                (again.candidates if again is not None and again.candidates else ()) or _with_rest(q, named, today))


@lru_cache(maxsize=1)
def _shipped_questions() -> dict[str, Question]:
    from knowledge.loader import DATA_DIR, load_questions

    return {q.id: q for q in load_questions(DATA_DIR)}


def shipped_question(qid: str) -> Question:
    """A question of the shipped questions.yaml, to read a reply as the answer to it."""
    return _shipped_questions()[qid]
