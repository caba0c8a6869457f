"""Reading a typed answer: text -> the value it states, a question back naming what is unsure, or a refusal.

Pure. The rule is the team's first principle: never store what the user did not say.
- A value is read only when the sentence states it: negation, plans and other fields are scoped
  (``dialogs.sentence``), counts of failed attempts are added up across exams, a number is read when
  the words around it say what it is and no other number competes.
- A reply that says it is unsure ("not sure", "no idea", "maybe the J-1") is asked back with the
  options, never stored; so is a hedged fact ("around 250", "I think 2018"), naming the doubt.
- Every value read from a sentence carries ``said``: what was understood, said back to the user with
  the next question, so a misread costs one tap.

This module is the entry point (``understand``, ``read``) and the table of readers per kind of question,
each in a module of its own: ``reading_numbers`` (a number typed alone or in a sentence; the Step 2 CK
score), ``reading_counts`` (failed attempts), ``reading_years`` (graduation year, Match), ``reading_country``
(nationality) and ``reading_choices`` (choices and yes/no through a question's words; negation and doubt),
over ``reading_base`` (the ``Reading`` type and a question's options). Callers import from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from dialogs.reading_base import (QUESTION_MARKS, QUESTION_WORDS, Reading, Value, _ask, _label, looks_like_question,
                                  match_option, _minus, next_matches, normalize_yes_no, _opens_with_question,
                                  options_for, quoted, _read, _refuse, value_token, _with_rest, with_note)
from dialogs.reading_choices import _doubts, _read_choice, read_words
from dialogs.reading_country import _read_country
from dialogs.reading_either import either_or, ruled_out
from dialogs.reading_counts import _REST_FIRST, _read_count, others_unsaid
from dialogs.reading_field import off_field, shipped_question
from dialogs.reading_typos import typo_fixed
from dialogs.reading_none_taken import no_usmle_failure
from dialogs.reading_numbers import _MONTHS, UNLIKELY_SCORE, read_number, _read_score
from dialogs.reading_held import not_held
from dialogs.reading_humble import IRONY_MARKS, count_slips, humble
from dialogs.reading_limits import accepted_with_preference, hedge_in, limited, other_first, second_place, weak_dislike
from dialogs.reading_degree_years import diploma_year, later_degree, past_match
from dialogs.reading_conditions import not_yet_first, on_condition
from dialogs.reading_mixed import both_ways, parts_apart, pending_status
from dialogs.reading_taken_back import liking_taken_back
from dialogs.reading_feelings import feeling_not_rating, yes_for_one_specialty
from dialogs.reading_neighbours import (authorship_not_out, imaging_elsewhere, j1_ruled_out, level_described_apart,
                                        neighbour_field, not_in_us, only_h_for_a_j1_reason, own_none_at_end, teaching_only,
                                        top_rating_denied, us_citizen_named)
from dialogs.reading_plainly import (indifferent_wherever, no_with_a_dislike, research_not_radiology,
                                    same_one_in_radiology, skill_beside_liking, taken_back)
from dialogs.reading_opposites import (informal_shadowing, no_then_other_liking, opposite_liked, output_after_none,
                                       undecided_not_dislike)
from dialogs.reading_reasons import concluded, echo_then, leading_answer, reason_no, star_fixed, top_denied
from dialogs.reading_totals import and_next_step, count_guard, letter_results, passes_on
from dialogs.reading_unsettled import expected_score, others_score, unsettled_count
from dialogs.reading_pending import (count_asked, failed_score_aside, finish_years, pending_count, planned_one,
                                    practice_aside)
from dialogs.reading_years import _check_year, _read_year, given_up, same_as_partner
from dialogs.sentence import Sentence, after_correction, ascii_digits, foreign_letters, plain_text
from knowledge.answers import AnswerMap
from knowledge.loader import Question
from knowledge.other_languages import written_in

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


#: A whole reply that may only acknowledge the question ("ok", "fine", "sure"): it names no option exactly, so it is
#: asked at every question, never mapped to the option nearest in tone (the eighth set's "ok" at English was stored
#: as Average). "It's ok" or "I'm fine with it" say more and are read. At a yes/no question "sure" is a yes.
_ACKNOWLEDGEMENTS = frozenset({"ok", "okay", "okey", "okk", "k", "kk", "fine", "alright", "all right", "sure", "ok sure",
                               "sure ok", "noted", "got it", "cool", "right", "hmm", "hmmm", "ok thanks", "thanks"})


#: A tick or a cross after a word says yes or no to it ("observership ✅ elective ❌", "J1 ❌ H1B ✅").
_MARKS = re.compile("[✅✔✓☑👍❌✖✗❎👎]\ufe0f?")


def _acknowledgement(q: Question, text: str, today: date) -> Reading | None:
    said = " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
    if said not in _ACKNOWLEDGEMENTS or q.kind == "boolean" and said == "sure":
        return None
    doubt = quoted(text)
    return _ask(f"You wrote {doubt}: that may only say you have read the question, so I have noted nothing. "
                "Which fits?", doubt, options_for_tuple(q, today))


def read(q: Question, text: str, answers: AnswerMap, today: date) -> Reading:
    """What a typed answer to ``q`` means, given the other answers and today's date. A self-correction
    ("none.. oh wait, 1") counts from where it starts."""
    text = _MARKS.sub(lambda m: " yes, " if m.group(0)[0] in "✅✔✓☑👍" else " no, ", after_correction(text)).strip(" ,")
    slip = _NOT_SLIP.search(text)
    if slip:  # "nto essential" was read as essential, "nevr failed any" as 1 failed: a mistyped negation is one
        typed, meant = slip.group(0), _SLIPS[slip.group(0).lower()]
        again = read(q, _NOT_SLIP.sub(lambda m: _SLIPS[m.group(0).lower()], text), answers, today)
        return _read(again.value, with_note(again.said or _label(q, again.value), f"I read “{typed}” as “{meant}”")) \
            if again.ok else again
    fixed, typed, meant = star_fixed(text) if "*" in text else ("", "", "")
    if fixed:  # "Green car holder (card*)": the user's own correction put in
        again = read(q, fixed, answers, today)
        return _read(again.value, with_note(again.said or _label(q, again.value), f"I read “{typed}” as “{meant}”, "
                                            "as your * put it right")) if again.ok else again
    acknowledged = _acknowledgement(q, text, today)
    if acknowledged is not None:
        return acknowledged
    found, value = match_option(q, text, today)
    irony = next((mark for mark in IRONY_MARKS if mark in text), "")
    if found and irony:  # "none 🙃": the face may mean the opposite of the word
        doubt = quoted(irony)
        return _ask(f"You wrote {doubt}, which may mean the opposite of the words, so I have not noted "
                    f"“{_label(q, value)}”. Which is it?", doubt, options_for_tuple(q, today))
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
    own = echo_then(text) if q.kind in ("choice", "boolean") else ""
    if own:  # "same, no": the answer before echoed, and a word of its own
        again = read(q, own, answers, today)
        if again.ok:
            return _read(again.value, with_note(again.said or _label(q, again.value), f"you wrote {quoted(text)}"))
    same = _same_as(q, text, answers, today)
    if same is not None:
        return same
    other = _no_then_other(q, text, today)
    if other is not None:
        return other
    echo = _ECHO.match(text)
    if echo and set(re.findall(r"[\w']+", echo.group(1).lower())) <= set(re.findall(r"[\w']+", q.prompt.lower())):
        return read(q, echo.group(2), answers, today)  # "Top priority? Yes, ...": the question's words said back
    short = _SHORT_WORD.sub(lambda m: _SHORT[m.group(0).lower()], text) if q.kind == "score" else text
    if short != text and match_option(q, short, today)[0]:  # "nt takn yt": not taken yet, said back as read
        value = match_option(q, short, today)[1]
        return _read(value, with_note(_label(q, value), f"I read {quoted(text)} as “{short}”"))
    if q.kind == "count":
        fixed, slips = count_slips(text)
        if slips:  # "faild step 1 twise": the slip put right, and said back
            again = read(q, fixed, answers, today)
            if not again.ok:
                return again
            note = "; ".join(f"I read {quoted(typed)} as {meant}" for typed, meant in slips)
            return _read(again.value, with_note(again.said or _label(q, again.value), note))
    reading = _own_answer(q, text, answers, today) if q.kind in (*_NUMBER_KINDS, "country") else \
        _READERS[q.kind](q, text, answers, today)
    changed = _change_of_heart(q, text, reading, answers, today)
    if changed is not None:
        return changed
    asked = _question_back(text)
    if reading.ok and asked and q.kind == "score" and _OWN_SCORE_AFTER.search(text.lower().split(asked.lower())[-1]):
        # "Is 226 bad?? that's what i got": the question is about the score the user then says is theirs
        return _read(reading.value, with_note(reading.said or _label(q, reading.value),
                                              f"you asked {quoted(asked)}: your plan answers it"))
    if reading.ok and asked:  # "The diploma says 2021 but my internship ended in 2022, which one do you need?"
        doubt = quoted(asked)
        return _ask(f"You asked {doubt}, so I have not noted anything yet. Is “{_label(q, reading.value)}” your "
                    f"answer to {q.title}? Tap it, or another answer.", doubt, _with_rest(q, (reading.value,), today))
    if reading.ok and text.strip().endswith(QUESTION_MARKS) and q.kind not in ("score", "count", "year"):
        doubt = quoted(" ".join(re.split(r"[.;:!]\s+", text.strip())[-1].split()[-6:]))  # "... radiology, yes?"
        return _ask(f"Your answer ends with a question, {doubt}: do you mean “{_label(q, reading.value)}”? "
                    "Tap it, or another answer.", doubt, _with_rest(q, (reading.value,), today))
    final = _in_other_language(q, text, reading, answers, today) or humble(
        q, text, reading, today, lambda part: read(q, part, answers, today)) or reading
    second = second_place(q, text, lambda v: _label(q, v)) if not final.ok and not final.candidates else None
    if second is not None:  # "its important but training quality matters more": not the top priority
        return second
    other = other_first(q, text, lambda v: _label(q, v)) if not final.ok else None
    if other is not None:  # "my top priority is radiology itself, US or Canada doesn't matter"
        return other
    if not final.ok and not final.candidates and q.kind in ("choice", "boolean"):  # "yse", "gren card holder"
        return planned_one(q, text, final) or typo_fixed(q, text, lambda fixed: read(q, fixed, answers, today)) \
            or final  # "I have one in neuroradiology planned for Feb": None yet
    if not final.ok and final.candidates and q.kind == "choice":
        return _option_then_reason(q, text, final, answers, today) or final
    limit = limited(q, text, final, lambda part: read(q, part, answers, today), lambda v: _label(q, v))
    if limit is not None:  # "good i think, my accent is strong tho"; "green card soon, otherwise J1"
        return limit
    mixed = both_ways(q, text, final, lambda part: read(q, part, answers, today), lambda v: _label(q, v)) or \
        pending_status(q, text, final, lambda v: _label(q, v))
    if mixed is not None:  # "sometimes yes sometimes no"; "my asylum case is pending, I have an EAD for now"
        return mixed
    out = ruled_out(options_for_tuple(q, today), text, final, lambda part: match_option(q, part, today)) \
        if final.ok and q.kind == "choice" else None
    if out is not None:  # "not J1" of three visas leaves two
        return out
    if final.ok and q.kind == "choice":
        return _parts_apart(q, text, final, answers, today) or final
    return final


#: A prompt that names several things ("Do you enjoy anatomy, imaging and visual pattern recognition?").
_PROMPT_LIST = re.compile(r"(\w+), ([\w ]+?),? (?:and|or) ([\w ]+?)\?")
#: Where a reply's parts divide ("imaging yes, anatomy not so much").
_PART_SPLIT = re.compile(r"\s*(?:[,;.]|\bbut\b|\bwhile\b|\bwhereas\b|\bthough\b)\s*", re.IGNORECASE)
_PART_NO = re.compile(r"\b(?:not|no|nah|nope|less|never|hate|dislike|meh|don'?t|dont|isn'?t|not so much)\b",
                      re.IGNORECASE)


def _parts_apart(q: Question, text: str, final: Reading, answers: AnswerMap, today: date) -> Reading | None:
    """A question naming several things, answered yes for one and no for another ("imaging yes, anatomy not so
    much"): asked, naming both, not read as the yes."""
    m = _PROMPT_LIST.search(q.prompt)
    if m is None:
        return None
    names = [m.group(1).lower(), *m.group(2).lower().split(), *m.group(3).lower().split()]
    names = [n for n in names if len(n) >= 5]
    said = [(c, {n for n in names if re.search(rf"\b{n}", c.lower())}) for c in _PART_SPLIT.split(text) if c]
    said = [(c, ns) for c, ns in said if ns]
    for (a, na), (b, nb) in ((x, y) for i, x in enumerate(said) for y in said[i + 1:]):
        if na & nb:
            continue
        ra, rb = read(q, a, answers, today), read(q, b, answers, today)
        if not (ra.ok or rb.ok):
            continue
        apart = (ra.ok and rb.ok and ra.value != rb.value) or (
            (ra.ok and ra.value == final.value and not _PART_NO.search(a) and _PART_NO.search(b)) or
            (rb.ok and rb.value == final.value and not _PART_NO.search(b) and _PART_NO.search(a)))
        if apart:
            doubt = f"{quoted(a.strip())} and {quoted(b.strip())}"
            return _ask(f"You wrote {doubt}: the question asks about several things together. Which fits them "
                        "as a whole? Tap it.", doubt, options_for_tuple(q, today))
    return None


#: An option's name, then a dash, colon or semicolon, then why ("Average - my accent is strong but ...").
_OPTION_FIRST = re.compile(r"^\s*([\w' -]{2,30}?)\s*(?:\s[-–—]\s|:|;)\s*(\S.*)$", re.DOTALL)
#: Words that take back or soften what came before them: the option first is then not the answer.
_TAKE_BACK = frozenset("actually rather or maybe well wait mean correction sorry really probably perhaps".split())


def _option_then_reason(q: Question, text: str, final: Reading, answers: AnswerMap, today: date) -> Reading | None:
    """An option named on its own first, then a reason that mentions another option's word ("Average - my accent
    is strong but people understand me"): the option named is the answer, unless the reason alone reads as
    another option, takes it back or hedges it. Only where the one doubt was that two options were named (not
    work under review, a condition, someone else's view...)."""
    m = _OPTION_FIRST.match(text)
    if m is None:
        return None
    found, value = match_option(q, m.group(1), today)
    rest = Sentence.of(m.group(2))
    several = final.doubt == " and ".join(label for _, label in final.candidates)  # only "fits more than one
    if not several or not found or value not in [v for v, _ in final.candidates] or _TAKE_BACK & set(rest.words) \
            or any(_doubts(rest, q.reading.opinion)) or hedge_in(m.group(2)):
        return None
    alone = read(q, m.group(2), answers, today)
    if alone.ok and alone.value != value:
        return None
    return _read(value, f"{_label(q, value)} (you named it first; the rest read as your reason)")


#: A change of heart: an earlier liking, then a present one after a contrast ("Earlier I enjoyed it, but now I
#: would rather avoid it"; "used to love it ... now I'd rather not").
_BEFORE_NOW = re.compile(r"\b(?:earlier|before|previously|in the past|used to|at first|initially|once)\b.*?"
                         r"(?:\bbut\b|\bhowever\b|\bthough\b|\bnow\b)(.*)$")
_NOW = re.compile(r"\b(?:now|nowadays|these days|anymore|any more|currently|today)\b")


#: A bare no, then only something the question does not count ("No, only internal medicine").
_NO_THEN = re.compile(r"^\s*(no|nope|nah)\b[\s,.;:!-]+(?:(?:only|just)\s+)?([\w' -]{2,40}?)[\s.!]*$", re.IGNORECASE)


def _no_then_other(q: Question, text: str, today: date) -> Reading | None:
    """ "No, only internal medicine" at radiology experience: the no's reason is a named other thing (a whole
    not-counted phrase of the question, e.g. another specialty), so the no stands, and the reason is said back."""
    m = _NO_THEN.match(text)
    if m is None or q.kind != "choice":
        return None
    said = " ".join(re.findall(r"[\w']+", m.group(2).lower()))
    bare = re.sub(r"^(?:in|at|from|back in)\s+", "", said)  # "only in my home country": where, not what
    rests = {said, bare, re.sub(r"^(?:my|the|our)\s+", "", bare)}
    group = next((g for g in q.reading.not_counted for w in g.words for rest in rests if not w.startswith("$") and (
        w == rest or w.endswith("*") and rest.startswith(w[:-1]) and " " not in rest)), None)
    found, value = match_option(q, m.group(1).lower(), today)
    if group is None or not found:
        return None
    return _read(value, f"{_label(q, value)} (“{m.group(2).strip()}”: {group.name})")


#: "not" and "never" mistyped ("nto", "nevr"): a negation misread turns the answer round.
_SLIPS = {"nto": "not", "nevr": "never", "nver": "never", "nevre": "never", "neevr": "never"}
_NOT_SLIP = re.compile(r"\b(?:" + "|".join(_SLIPS) + r")\b", re.IGNORECASE)


#: A reply opening with a few words and a question mark, then the answer ("Top priority? Yes, my kids ...").
_ECHO = re.compile(r"^\s*([\w' -]{3,40})\?\s*(\S.*)$", re.DOTALL)


def _change_of_heart(q: Question, text: str, reading: Reading, answers: AnswerMap, today: date) -> Reading | None:
    """Two options read, one in a past clause and one in a later clause said of now: the later one decides,
    said back with the past named."""
    if reading.ok or q.kind != "choice" or len(reading.candidates) < 2:
        return None
    t = " ".join(plain_text(text).split())
    m = _BEFORE_NOW.search(t)
    if m is None or not m.group(1).strip(" ,.;") or not _NOW.search(t[max(m.start(1) - 4, 0):]):
        return None
    now = read(q, m.group(1).strip(" ,.;"), answers, today)
    if not now.ok or now.value not in {v for v, _ in reading.candidates}:
        return None
    before = re.sub(r"[\s,;.]*\b(?:but|however|though|now)$", "", t[:m.start(1)].strip(" ,.;"))
    return _read(now.value, f"{_label(q, now.value)} (now; {quoted(before)} is the past)")


def _in_other_language(q: Question, text: str, reading: Reading, answers: AnswerMap, today: date) -> Reading | None:
    """A whole reply in another language written in Latin letters ("nahi yaar, abhi tak koi nahi"), read once
    more in English through the knowledge data's words (knowledge/data/other_languages.yaml), and said back
    with the English read. A reply read in English already is asked when its other-language words say
    something else ("je ne sais pas, peut-être le J1": "I do not know, maybe the J1")."""
    lang = written_in(text)
    english = lang.to_english(text) if lang else ""
    if lang is None or not english or re.findall(r"[\w']+", english) == re.findall(r"[\w']+", text.lower()):
        return None
    again = read(q, english, answers, today)
    note = f"you wrote {quoted(text)} ({lang.name}): I read it as “{english}”"
    if reading.ok:
        if again.ok and again.value == reading.value and type(again.value) is type(reading.value):
            return None
        doubt = f"{quoted(text)}, partly in {lang.name}"
        return _ask(f"You wrote {doubt}: I read it as “{english}”, which may not mean {_label(q, reading.value)}. "
                    "Which fits?", doubt, _with_rest(q, (reading.value,), today))
    if not again.ok:  # unsure in English too ("pata nahi": "do not know"): its question, saying what was read
        return _ask(f"{note[0].upper()}{note[1:]}. {again.error}", again.doubt, again.candidates) \
            if again.candidates else None
    return _read(again.value, with_note(again.said or f"{_label(q, again.value)} ({q.title})", note))


def _own_answer(q: Question, text: str, answers: AnswerMap, today: date) -> Reading:
    """A number or a nationality read from the user's own parts of a message: what is said of someone else ("my
    brother got 260 in CK", "my mother is British") is set aside and named; with nothing else, it is asked.
    (Choices set it aside word by word: ``reading_choices``.)"""
    own, others = Sentence.of(text).own_words()
    if q.kind == "count" and others and all(_REST_FIRST.fullmatch(" ".join(plain_text(o).split())) for o in others):
        others = []  # "failed ck once, others all clean": the other Steps, not other people
    if not others:
        return _READERS[q.kind](q, text, answers, today)
    doubt = "; ".join(f"{quoted(o)} is about someone else, not your own answer" for o in others)
    if not re.search(r"\w", own):
        return _ask(f"{doubt[0].upper()}{doubt[1:]}. What is yours? Tap it, or type it.", doubt,
                    options_for_tuple(q, today) if q.kind != "score" else ((None, "Not taken yet"),))
    reading = _READERS[q.kind](q, own, answers, today)
    if not reading.ok:
        return reading
    if q.kind == "count" and isinstance(reading.value, int):  # "the others on the second attempt": not someone else
        unsaid = others_unsaid(q, text, reading.value, today)
        if unsaid is not None:
            return unsaid
    return _read(reading.value, with_note(reading.said or f"{_label(q, reading.value)} ({q.title})", doubt))


#: A whole reply that points to the answer before: "same as above", "same as before", "ditto".
_SAME = re.compile(r"(?:it is |its |it's )?(?:the )?(?:same(?: (?:as|like) (?:above|before|the last one|the previous one|"
                   r"previous|last|earlier|the last|the previous|what i said|my last answer|the one before))?|ditto)"
                   r"(?: (?:here|again|lol|tbh))?[.! ]*")


def _same_as(q: Question, text: str, answers: AnswerMap, today: date) -> Reading | None:
    """ "Same as above" at a question that reads it (``same_as`` in questions.yaml): the earlier answer it stands
    for, said back with it; any other earlier answer, or none yet, is asked about, naming it."""
    same = q.reading.same_as
    if same is None or not _SAME.fullmatch(" ".join(plain_text(text).split())):
        return None
    earlier = answers.get(same.question)
    title = same.name
    mapped = [v for k, v in same.values if k == earlier and type(k) is type(earlier)] if same.question in answers else []
    if mapped:
        return _read(mapped[0], f"{_label(q, mapped[0])} (you wrote {quoted(text)}: your {title} answer)")
    doubt = f"{quoted(text)}, pointing to your {title} answer" if same.question in answers else quoted(text)
    return _ask(f"You wrote {doubt}: that does not tell me the answer here (the answer here may differ). Which "
                "fits?" if same.question in answers else f"You wrote {doubt}, but I have no earlier answer it points "
                "to. Which fits?", doubt, options_for_tuple(q, today))


#: Words typed short at the score question ("nt takn yt"): put in full only when the whole reply is then a button's.
_SHORT = {"nt": "not", "takn": "taken", "tkn": "taken", "takin": "taken", "yt": "yet", "yett": "yet", "givn": "given",
          "gvn": "given"}
_SHORT_WORD = re.compile(r"\b(?:" + "|".join(_SHORT) + r")\b", re.IGNORECASE)

#: The user's own word after a question about a score that the score is theirs ("that's what I got").
_OWN_SCORE_AFTER = re.compile(r"^\W*(?:(?:that'?s|thats|that is|it'?s|it is)\s+(?:what\s+i\s+(?:got|scored)|my\s+"
                              r"(?:score|result|ck score|actual score))|i\s+got\s+(?:that|it|this))\W*$")


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
    ("visa", re.compile(r"\b(?:have|has|got|hold|holding|with|on)\s+(?:a\s+|my\s+|an?\s+us\s+)?green\s*card\b|"
                        r"\bgreen\s*card\s*holder\b|\bi\s+am\s+a\s+permanent\s+resident\b"), "no_visa_needed"),
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
    either = either_or(text, lambda part: read(q, part, answers, today), lambda v: _label(q, v)) \
        if "?" in text else None
    if either is not None:  # "is it J1 or H1B?": the user's own doubt between two answers, asked, offering both
        return Understood(either)
    if _opens_with_question(text) and not match_option(q, text, today)[0]:
        # the FAQ takes it; the question is asked again after it
        return Understood(_refuse(f"{quoted(text)} looks like a question to me, not an answer, so I have noted "
                                  "nothing. My question again:", "a question"))
    facts, rest = other_facts(q.id, text)
    own, others = Sentence.of(text).own_words() if facts else (text, [])
    if others:  # "my wife graduated 2015": nothing to offer for a later question
        facts = [f for f in facts if f in other_facts(q.id, own)[0]]
    said = rest if facts and rest.strip(" ,.;&+") else text
    reading = read(q, said, answers, today)
    reread = lambda part: read(q, part, answers, today)  # noqa: E731
    reading = off_field(q, said, reading, reread, today,
                        lambda qid, part: read(shipped_question(qid), part, answers, today)) or reading
    reading = reason_no(q, said, reading, reread) or concluded(q, said, reading, reread) or top_denied(
        q, said, reading, reread) or leading_answer(q, said, reading, reread) or weak_dislike(
        q, said, reading) or parts_apart(q, said, reading, reread, lambda v: _label(q, v)) or reading
    reading = letter_results(q, text, reading) or passes_on(q, text, reading) or unsettled_count(q, text, reading, today) or others_score(q, said, reading, today) or (given_up(
        q, text, answers, today) if q.kind == "match_year" else None) or reading  # a Match given up: over a set-aside
    reading = pending_count(q, said, reading, today) or finish_years(q, said, reading) or count_asked(
        q, said, reading, today, reread) or practice_aside(q, said, reading) or diploma_year(q, said, reading) or later_degree(
        q, said, reading, today) or past_match(q, said, reading, today) or accepted_with_preference(
        q, said, reading) or failed_score_aside(q, said, reading) or reading
    reading = _round21a(q, said, reading, reread, today) or reading
    reading = no_usmle_failure(q.id, said, reading, reread) or and_next_step(q, said, reading, reread) or \
        same_as_partner(q, text, reading, today) or reading  # round 22b
    label = lambda v: _label(q, v)  # noqa: E731
    reading = opposite_liked(q.id, said, reading, reread, label, options_for_tuple(q, today)) or informal_shadowing(
        q.id, said, reading, options_for_tuple(q, today)) or output_after_none(
        q.id, said, reading, reread, options_for_tuple(q, today), label) or no_then_other_liking(
        q.id, said, reading, label) or reading  # round 22a
    reading = undecided_not_dislike(q.id, said, reading, options_for_tuple(q, today)) or reading
    reading = no_with_a_dislike(q.id, said, reading, label) or skill_beside_liking(
        q.id, said, reading, reread, label) or indifferent_wherever(q.id, said, reading, reread, label) or taken_back(
        q.id, q.kind, said, reading, reread, label) or research_not_radiology(q.id, said, reading, label) or \
        same_one_in_radiology(q.id, said, reading, answers, label) or reading  # round 22a: said plainly
    reading = count_guard(q, text, reading, today) or expected_score(q, text, reading) or reading  # round 22b: asked
    reading = not_held(q.id, said, reading, options_for_tuple(q, today)) or reading  # round 23b: a status not held
    reading = level_described_apart(q.id, said, reading, options_for_tuple(q, today)) or liking_taken_back(
        q.id, said, reading, reread, options_for_tuple(q, today)) or reading  # round 23a: last
    reading = feeling_not_rating(q.id, said, reading, options_for_tuple(q, today)) or yes_for_one_specialty(
        q.id, said, reading, options_for_tuple(q, today)) or reading  # round 24a
    return Understood(reading, tuple((f, v) for f, v in facts if f not in answers))


def _round21a(q: Question, said: str, reading: Reading, reread: Callable[[str], Reading],
              today: date) -> Reading | None:
    """Round 21a's kinds (``reading_conditions``, ``reading_neighbours``): a condition, "not planned yet" with a first
    step, a neighbouring field, imaging in another field's work, authorship not out, a level described as another,
    "not US", teaching alone, the top of a rating denied, J-1 ruled out."""
    options, label = options_for_tuple(q, today), lambda v: _label(q, v)  # noqa: E731
    values = {o.value for o in q.options}
    return on_condition(q.id, values, said, reading, options, label) or not_yet_first(q.id, said, reading, options) \
        or neighbour_field(q.id, said, reading, options) or imaging_elsewhere(q.id, said, reading, label) \
        or authorship_not_out(q.id, said, reading, options) or level_described_apart(q.id, said, reading, options) \
        or not_in_us(q.id, said, reading, options) or teaching_only(q.id, said, reading, reread, options) \
        or top_rating_denied(q.id, said, reading, reread, options) or j1_ruled_out(q.id, said, reading, options, label) \
        or only_h_for_a_j1_reason(q.id, said, reading, label) or us_citizen_named(q.id, said, reading, label) \
        or own_none_at_end(q.id, said, reading, label)


__all__ = ["Reading", "Understood", "Value", "UNLIKELY_SCORE", "ascii_digits", "looks_like_question", "match_option",
           "next_matches", "options_for", "plain_text", "read", "read_day", "read_number", "read_words", "understand",
           "value_token"]
