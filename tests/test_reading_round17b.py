"""Issue 23, round 17b: the eighteenth blind set stored No for "It is very important; I have no more savings." (a
"no" that belongs to a noun in a reason, read as the answer), and asked choice and yes/no replies that state a value
(an echo of the answer before with a no, a typo put right with "*", "very much", a long reason ending in "So yes",
the top priority denied with a wish after "but"). Each story is a reply an IMG types; the sentences are new ones of
each kind (the blind set's own appears once, never alone)."""

from __future__ import annotations

import pytest

from tests.test_reading_round14 import asked_naming, reading


# --------------------------------------------------------------------------- a "no" inside a reason is not the answer

@pytest.mark.parametrize("typed, reason", [
    ("It is very important; I have no more savings.", "no more savings"),
    ("very important, no job right now", "no job"),
    ("Crucial. There is no more money left after the exams.", "no more money left"),
    ("Extremely important, I have no job to go back to", "no job"),
    ("essential, no more funds for another year", "no more funds"),
    ("yes, I have no job and no income since I quit", "no job"),
    ("It's critical. No job, no savings, no status.", "No job"),
])
def test_a_no_that_belongs_to_a_noun_in_a_reason_is_not_the_answer_no(typed, reason):
    r = reading("must_match_this_cycle", typed)
    assert r.ok and r.value is True, r
    assert reason in r.said and "not the answer No" in r.said  # said back, one tap from a fix


@pytest.mark.parametrize("typed", ["I have no more savings.", "no job at the moment", "no time to think about it"])
def test_a_reason_alone_is_asked_naming_it_never_stored_as_no(typed):
    asked_naming(reading("must_match_this_cycle", typed), "no ")


@pytest.mark.parametrize("qid, typed, value", [
    ("must_match_this_cycle", "no", False),
    ("must_match_this_cycle", "no, I can wait a year", False),
    ("must_match_this_cycle", "No. I have a stable job, no rush at all", False),
    ("must_match_this_cycle", "I have no choice, my visa runs out", True),  # the question's own words: a Yes
    ("must_match_this_cycle", "no money for another cycle", True),
    ("long_term_us_priority", "Yes, no job prospects in my country", True),
    ("long_term_us_priority", "no future plans to stay", False),  # the "no" belongs to "plans": the answer's own words
    ("long_term_us_priority", "no future in the US for me", False),
    ("must_match_this_cycle", "no time pressure", False),
    ("must_match_this_cycle", "no family pressure, I can wait", False),
])
def test_a_plain_no_and_the_reasons_the_question_reads_are_unchanged(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value is value, r


@pytest.mark.parametrize("typed, value", [
    ("very important", True), ("crucial", True), ("super important tbh", True), ("vital, really", True),
    ("not very important, I can try next year", False), ("not crucial", False),
])
def test_importance_in_words_answers_must_match(typed, value):
    r = reading("must_match_this_cycle", typed)
    assert r.ok and r.value is value, r


# --------------------------------------------------------------------------- echoes, stars, "very much"

@pytest.mark.parametrize("typed", ["same, no", "same as above, none", "like before, no", "Same. Nothing.", "same no"])
def test_the_answer_before_echoed_with_a_no_is_none_said_back(typed):
    r = reading("radiology_experience", typed)
    assert r.ok and r.value == "none" and typed in r.said, r


def test_an_echo_with_nothing_of_its_own_is_still_asked():
    assert not reading("radiology_experience", "same, maybe").ok
    assert not reading("radiology_experience", "same as above").ok


@pytest.mark.parametrize("qid, typed, value, typo", [
    ("visa", "Green car holder since 2020 (card*)", "no_visa_needed", "car"),
    ("visa", "green car holder. card*", "no_visa_needed", "car"),
    ("visa", "I am on a green car *card", "no_visa_needed", "car"),
    ("must_match_this_cycle", "yas *yes", True, "yas"),
])
def test_a_typo_put_right_with_a_star_is_read_and_said_back(qid, typed, value, typo):
    r = reading(qid, typed)
    assert r.ok and r.value == value, r
    assert f"“{typo}”" in r.said and "*" in r.said


@pytest.mark.parametrize("typed", ["need a visa*", "green car holder"])
def test_a_star_that_fixes_nothing_typed_changes_nothing(typed):
    assert not reading("visa", typed).ok


def test_a_star_never_takes_a_negation_out():
    r = reading("visa", "I need an h1b, j1 is not ok for me (no*)")  # "not" is not put right to "no"
    assert r.ok and r.value == "h1b_only", r


@pytest.mark.parametrize("qid, typed, value", [
    ("pattern_recognition", "Very much. I read the CTs myself in the ER every night shift.", "enjoy"),
    ("pattern_recognition", "very much!", "enjoy"),
    ("neuro_interest", "Very much, stroke especially", True),
    ("academic_environment", "very much, I like teaching", "enjoy"),
])
def test_very_much_is_enjoying_it(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value == value, r


def test_not_very_much_is_asked_between_neutral_and_avoid():
    r = reading("pattern_recognition", "not very much")
    assert not r.ok and {v for v, _ in r.candidates} >= {"neutral", "avoid"}, r


# --------------------------------------------------------------------------- a conclusion after a long reason

@pytest.mark.parametrize("qid, typed, value", [
    ("must_match_this_cycle", "Well doctor it is complicated, I already left my job in Lima to prepare, my savings are "
     "almost finished and my parents are helping me, so if I don't match this cycle honestly I don't know what I will "
     "do. So yes.", True),
    ("must_match_this_cycle", "my visa status is tied to this, my wife is also waiting, and I do not know how we would "
     "manage another year. So yes", True),
])
def test_a_plain_conclusion_after_a_long_reason_is_the_answer_said_back(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value is value and "you concluded" in r.said, r


@pytest.mark.parametrize("typed", ["I am not sure, I could wait, so yes maybe", "not sure honestly, so yes?",
                                   "I can wait another year, so yes", "not sure, so yes"])
def test_a_conclusion_after_a_doubt_or_the_other_answer_is_asked(typed):
    assert not reading("must_match_this_cycle", typed).ok


# --------------------------------------------------------------------------- the top priority denied outright

@pytest.mark.parametrize("typed", [
    "Not the top priority, family comes first, but I would like to stay.",
    "not my top priority, but I'd like to stay if it works out",
    "Not top priority but I would love to settle there",
    "not a priority, though I hope to stay",
])
def test_the_top_priority_denied_with_a_wish_after_but_is_no_naming_the_wish(typed):
    r = reading("long_term_us_priority", typed)
    assert r.ok and r.value is False and "is a wish, not the top priority" in r.said, r


@pytest.mark.parametrize("typed", ["not the top priority now, but it will be after residency",
                                   "not my top priority but staying is essential",
                                   "not the top priority, but yes I want to stay"])
def test_the_top_priority_denied_then_claimed_after_but_is_asked(typed):
    asked_naming(reading("long_term_us_priority", typed))


# --------------------------------------------------------------------------- the grid: answers beside reasons

_ANSWERS = {True: ["yes", "very important", "it is a must", "definitely yes"],
            False: ["no", "not essential", "no, I can wait", "nope, another year is fine"]}
_REASONS = ["I have no more savings", "no job right now", "no other income", "no money left", "no family support",
            "nothing else for me at home", "there is no time left on my visa", "zero savings", "no steady job",
            "no other option anyway"]
_JOINS = ["{a}, {r}", "{a}. {r}.", "{r}, {a}", "{r}. {a}", "{a}; {r}", "{r} so {a}"]


@pytest.mark.quality
def test_an_answer_beside_a_reason_with_no_is_never_stored_as_the_other_answer():
    """480 replies: main (e40d50d) read 310 and stored 36 as the other answer (the reason's "no" taken for No); now 432
    read, none wrong."""
    wrong, read = [], 0
    for value, said in _ANSWERS.items():
        for a in said:
            for r in _REASONS:
                for j in _JOINS:
                    got = reading("must_match_this_cycle", j.format(a=a, r=r))
                    read += got.ok
                    if got.ok and got.value is not value:
                        wrong.append((j.format(a=a, r=r), got.value))
    assert not wrong, wrong[:10]
    assert read >= 430, read  # 90 % read, each said back
