"""Issue 23, round 7: the seventh held-out set's lessons, as kinds, in new words. A degree's year range is its
end at the graduation question, never its start; a thesis or dissertation is asked (it counts only when it
became a paper, poster or abstract); any hedge in a reply about liking something is asked back, naming it;
"I'd rather not say" is the Prefer-not-to-say answer (a preference held now, not a plan); a two-letter code
before "passport" names the nationality even after where the user was born and grew up.
"""

from __future__ import annotations

import pytest

from dialogs.reading import understand
from knowledge.base import load_knowledge
from tests.conftest import stored
from tests.test_reading import TODAY, to

KB = load_knowledge()


def reading(qid: str, text: str, **answers):
    return understand(KB.question(qid), text, answers, TODAY).reading


@pytest.mark.parametrize("typed, year", [
    ("MD 2012–2018, internship year till 2019", 2018),
    ("MBBS 2010-16", 2016),
    ("medical school from 2013 to 2019", 2019),
])
def test_a_degree_typed_as_a_year_range_is_read_as_its_end_and_said_back(typed, year):
    r = reading("graduation_year", typed)
    assert r.ok and r.value == year, (typed, r)
    assert f"the end of {year - 6}-{year}" in r.said, r


def test_a_range_beside_another_year_of_ones_own_is_asked_never_its_start():
    r = reading("graduation_year", "MBBS 2010-2016, graduated officially 2017")
    assert not r.ok and r.doubt and r.doubt.lower() in r.error.lower(), r


@pytest.mark.parametrize("typed, doubt", [
    ("just my MPH dissertation on diabetes", "dissertation"),
    ("Nothing published. I did write a thesis on CT angiography.", "thesis"),
])
def test_a_thesis_is_asked_whether_it_counts_not_stored(typed, doubt):
    r = reading("research", typed)
    assert not r.ok, (typed, r)
    assert doubt in r.doubt and r.doubt in r.error, r


def test_a_thesis_beside_papers_does_not_hide_the_papers():
    r = reading("research", "3 surgery papers and my MS thesis")
    assert r.ok and r.value == "non_radiology", r


@pytest.mark.parametrize("qid, typed, doubt", [
    ("pattern_recognition", "I enjoy it, I guess? never tried it for real", "i guess"),
    ("patient_contact", "probably enjoy", "probably"),
    ("academic_environment", "never really tried teaching, I like the idea", "never really tried"),
])
def test_a_hedged_liking_is_asked_back_naming_the_hedge(qid, typed, doubt):
    r = reading(qid, typed)
    assert not r.ok, (typed, r)
    assert doubt in r.doubt.lower() and r.doubt.lower() in r.error.lower(), r


async def test_i_would_rather_not_say_my_nationality_is_stored_as_prefer_not_to_say(harness):
    ana = harness.chat()
    await to(ana, "citizenship")
    await ana.send("I'd rather not say, sorry.")
    answers = stored(harness.runtime, ana.chat_id).answers
    assert "citizenship" in answers and answers["citizenship"] is None, answers


@pytest.mark.parametrize("typed, code", [
    ("born in Lahore, raised in Sharjah, PK passport only", "PK"),
    ("I live in Riyadh; my passport? NG passport", "NG"),
])
def test_a_passport_named_by_its_code_is_the_nationality(typed, code):
    r = reading("citizenship", typed)
    assert r.ok and r.value == code, (typed, r)


@pytest.mark.parametrize("typed, both", [
    ("Born in Bangladesh but now I have Canadian citizenship also", ("CA", "BD")),
    ("born in Iran, Canadian citizen too", ("CA", "IR")),
    ("born in Nigeria, dual with a UK passport", ("GB", "NG")),
])
def test_a_second_nationality_beside_the_country_of_birth_is_asked_which_passport_never_stored_as_one(typed, both):
    # session 5's twenty-first blind set: Canada alone was stored, and the visa rules follow each nationality
    r = reading("citizenship", typed)
    assert not r.ok and [value for value, _ in r.candidates[:2]] == list(both), (typed, r)
    assert "which passport" in r.error and r.doubt and r.doubt in r.error


@pytest.mark.parametrize("typed, code", [
    ("born in Kuwait, Indian passport", "IN"),
    ("Indian, also living in UAE", "IN"),
    ("born in Dubai, Indian citizen, also I studied in China", "IN"),
])
def test_a_country_of_birth_or_residence_beside_one_nationality_is_still_read_as_that_nationality(typed, code):
    r = reading("citizenship", typed)
    assert r.ok and r.value == code, (typed, r)


@pytest.mark.parametrize("qid, typed, value, past", [
    ("academic_environment", "Previously I enjoyed the teaching side, however nowadays I would rather avoid it.",
     "avoid", "previously i enjoyed the teaching side"),
    ("pattern_recognition", "initially I avoided it, now I enjoy it", "enjoy", "initially i avoided it"),
])
def test_a_change_of_heart_is_read_from_the_present_clause_and_the_past_said_back(qid, typed, value, past):
    r = reading(qid, typed)
    assert r.ok and r.value == value, (typed, r)
    assert f"“{past}” is the past" in r.said, r


def test_two_likings_at_once_without_a_change_over_time_are_still_asked():
    r = reading("patient_contact", "I enjoy it but I would also rather avoid it")
    assert not r.ok, r


def test_the_users_own_zero_after_someone_elses_papers_is_none_and_the_other_clause_is_named():
    r = reading("research", "my wife has like 12 papers lol, me zero")
    assert r.ok and r.value == "none", r
    assert "is about someone else" in r.said, r
