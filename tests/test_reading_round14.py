"""Issue 23, round 14: the fifteenth blind set stored a value for replies a careful advisor would ask about (a hedge on
a rating, a "tho" clause that pulls the other way, "yes but not" a listed part, a preference with a limit, a condition
between two options), and asked replies that state a value plainly. Each story is a reply an IMG types; the sentences
are new ones of each kind (the blind set's own appears once, never alone)."""

from __future__ import annotations

from datetime import date

import pytest

from dialogs.reading import understand
from knowledge.base import load_knowledge
from tests.conftest import stored
from tests.test_reading import to

KB = load_knowledge()
TODAY = date(2026, 12, 7)


def reading(qid: str, text: str, **answers):
    return understand(KB.question(qid), text, answers, TODAY).reading


def asked_naming(r, *words: str) -> None:
    """Asked back (never stored), with the doubt shown in the question back and every word named in it."""
    assert not r.ok and r.candidates, r
    assert r.doubt and r.doubt.lower() in r.error.lower(), r
    for w in words:
        assert w.lower() in r.doubt.lower(), (w, r.doubt)


# --------------------------------------------------------------------------- a hedge on a rating, a contrast against it

@pytest.mark.parametrize("qid, typed, hedge", [
    ("english", "good i think, my accent is strong tho", "i think"),
    ("english", "fluent i guess, though people ask me to repeat", "i guess"),
    ("english", "strong I suppose, but I freeze on the phone", "i suppose"),
    ("english", "kinda good, altho my grammar slips when I talk fast", "kinda"),
    ("english", "sort of fluent, bt I struggle with slang", "sort of"),
    ("english", "more or less fluent", "more or less"),
    ("english", "somewhat fluent", "somewhat"),
    ("english", "excellent i think", "i think"),
    ("patient_contact", "kinda enjoy it", "kinda"),
    ("pattern_recognition", "sort of like it", "sort of"),
    ("long_term_us_priority", "kinda yes", "kinda"),
    ("must_match_this_cycle", "yes i guess", "i guess"),
])
def test_a_hedged_rating_is_asked_naming_what_limits_it(qid, typed, hedge):
    r = reading(qid, typed)
    asked_naming(r)
    if "," not in typed:  # the hedge is all that limits it: it is what the question back names
        assert hedge in r.doubt.lower(), r.doubt


@pytest.mark.parametrize("qid, typed, clause", [
    ("english", "very good, my accent is thick tho'", "my accent is thick"),
    ("english", "fluent, people sometimes dont understand me tho", "people sometimes dont understand me"),
    ("english", "good, however my accent is heavy", "my accent is heavy"),
    ("english", "strong, yet I get nervous in interviews", "i get nervous in interviews"),
    ("must_match_this_cycle", "yes, tho I could survive a gap year", "i could survive a gap year"),
])
def test_a_top_rating_with_a_clause_that_pulls_the_other_way_is_asked_naming_the_clause(qid, typed, clause):
    r = reading(qid, typed)
    asked_naming(r)
    assert clause in r.doubt.lower() or "needs work" in r.doubt.lower(), r.doubt  # or: two ratings named


@pytest.mark.parametrize("qid, typed, value", [
    ("english", "ok i guess", "average"), ("english", "average I guess", "average"),
    ("english", "second language but fluent", "strong"), ("english", "good", "strong"),
    ("patient_contact", "I love it, though I also like procedures", "enjoy"),
    ("neuro_interest", "epilepsy no, but stroke imaging yes", True),
    ("must_match_this_cycle", "not essential but preferred", False),
])
def test_a_shrug_at_the_middle_and_a_contrast_that_agrees_are_still_read(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value == value, (typed, r)


# --------------------------------------------------------------------------- "yes but not" one of the listed things

@pytest.mark.parametrize("typed", [
    "kinda, stroke yes but not epilepsy", "sort of, MS yes but not stroke",
    "i guess, neuroimaging yes but not the epilepsy clinic side", "kind of, but not stroke or MS",
    "yes, but not epilepsy",
])
def test_a_yes_to_one_listed_part_but_not_another_is_asked(typed):
    r = reading("neuro_interest", typed)
    assert not r.ok and r.candidates and r.doubt.lower() in r.error.lower(), r


# --------------------------------------------------------------------------- a preference with a limit

@pytest.mark.parametrize("qid, typed", [
    ("must_match_this_cycle", "prefer to but not do or die"),
    ("long_term_us_priority", "i would prefer to stay but not at any cost"),
    ("long_term_us_priority", "I'd like to settle there, but not if it means giving up my career at home"),
])
def test_a_preference_with_a_limit_is_asked_naming_both(qid, typed):
    asked_naming(reading(qid, typed))


def test_a_no_with_a_preference_for_something_else_is_still_a_no():
    r = reading("neuro_interest", "No, I prefer MSK and body imaging")
    assert r.ok and r.value is False, r
    r = reading("long_term_us_priority", "My spouse prefers going back home but I want to stay in the US long term.")
    assert r.ok and r.value is True, r  # the spouse's wish is not the user's


# --------------------------------------------------------------------------- a condition between two options

@pytest.mark.parametrize("qid, typed, offered", [
    ("visa", "my green card interview is next month, otherwise j1", {"no_visa_needed", "j1_ok"}),
    ("visa", "H1B if a program offers it, if not J1", {"h1b_only", "j1_ok"}),
    ("visa", "J1, unless my green card comes through first", {"no_visa_needed", "j1_ok"}),
    ("visa", "green card expected soon, else J-1", {"no_visa_needed", "j1_ok"}),
    ("visa", "j1, or h1b in case I pass step 3 in time", {"h1b_only", "j1_ok"}),
    ("visa", "my wife's GC petition is pending; if that fails, J1", {"no_visa_needed", "j1_ok"}),
    ("step3", "taking it in feb, otherwise I'll skip it", {"planned", "not_planned"}),
])
def test_a_condition_between_two_options_is_asked_offering_both(qid, typed, offered):
    r = reading(qid, typed)
    asked_naming(r)
    assert {v for v, _ in r.candidates} == offered, r.candidates


@pytest.mark.parametrize("qid, typed, value", [
    ("visa", "J1 is fine, otherwise I could not train at all", "j1_ok"),
    ("visa", "I have a green card", "no_visa_needed"),
    ("visa", "J1, nothing else works for me since H1B is rare", "j1_ok"),
])
def test_a_condition_naming_one_option_is_still_read(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value == value, (typed, r)


# --------------------------------------------------------------------------- a yes about another subject

@pytest.mark.parametrize("qid, typed, thing", [
    ("neuro_interest", "yes, research is my thing", "research"),
    ("neuro_interest", "yes, academics is my passion", "academic"),
    ("neuro_interest", "yeah, patient care is what I love", "patient care"),
    ("long_term_us_priority", "yes, research settings", "research"),
])
def test_a_yes_said_about_another_subject_is_asked_naming_it(qid, typed, thing):
    asked_naming(reading(qid, typed), thing)


def test_a_yes_about_the_subject_itself_is_still_read():
    for typed in ("yes, stroke imaging especially", "yes I love neuroimaging"):
        r = reading("neuro_interest", typed)
        assert r.ok and r.value is True, (typed, r)


# --------------------------------------------------------------------------- plain answers read, and said back

@pytest.mark.parametrize("typed, n, said", [
    ("4 attempts total, passed on the last one", 3, "3 failed attempts (4 attempts, the last one passed)"),
    ("3 attempts in total, passed on the final one", 2, "2 failed attempts"),
    ("2 attempts overall, cleared on the last attempt", 1, "1 failed attempt"),
    ("three tries, passed on the 3rd", 2, "2 failed attempts"),
])
def test_attempts_with_the_last_one_passed_are_that_many_failures_said_back(typed, n, said):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n and said in r.said, (typed, r)


@pytest.mark.parametrize("typed, where", [
    ("no only in my home country", "home country"), ("nope, only in my country", "my country"),
    ("no, only back home", "back home"),
])
def test_a_no_then_radiology_only_abroad_is_none_in_the_us_said_back(typed, where):
    r = reading("radiology_experience", typed)
    assert r.ok and r.value == "none" and where in r.said and "not in the US" in r.said, (typed, r)


@pytest.mark.parametrize("typed", ["academic programs ofc, I want to do fellowship",
                                   "academic ones of course, research keeps me going"])
def test_of_course_academic_is_enjoying_them(typed):
    r = reading("academic_environment", typed)
    assert r.ok and r.value == "enjoy" and r.said, (typed, r)


@pytest.mark.parametrize("typed, first", [
    ("its important but training quality matters more", "training quality matters more"),
    ("important, but my family comes first", "my family comes first"),
    ("It is important, though good training is more important", "good training is more important"),
])
def test_important_with_something_else_first_is_not_the_top_priority_said_back(typed, first):
    r = reading("long_term_us_priority", typed)
    assert r.ok and r.value is False and first in r.said and "not your top priority" in r.said, (typed, r)


@pytest.mark.parametrize("typed", ["ya top priority", "yes, top priority", "yep my top priority"])
def test_the_questions_own_words_said_back_are_not_a_second_option(typed):
    r = reading("long_term_us_priority", typed)
    assert r.ok and r.value is True, (typed, r)
    assert not reading("long_term_us_priority", "yes but radiology comes first").ok  # something else first: asked


@pytest.mark.parametrize("typed", ["Yes, it is essential; my visa status depends on it.",
                                   "yes, my whole family depends on it", "yes essential, my future depends on this"])
def test_what_depends_on_the_match_is_a_reason_not_a_condition(typed):
    r = reading("must_match_this_cycle", typed)
    assert r.ok and r.value is True and "read as your reason" in r.said, (typed, r)
    for doubt in ("it depends on my visa", "depends on whether I get a job"):
        assert not reading("must_match_this_cycle", doubt).ok, doubt


# --------------------------------------------------------------------------- in the chat

async def test_a_hedged_english_rating_with_a_tho_is_asked_in_the_chat_and_nothing_is_stored(harness):
    ana = harness.chat()
    await to(ana, "english")
    await ana.send("good i think, my accent is strong tho")
    assert "english" not in stored(harness.runtime, ana.chat_id).answers
    assert "“i think”" in ana.text and "my accent is strong" in ana.text  # the doubt, named
    await ana.press("Strong")  # one tap settles it
    assert stored(harness.runtime, ana.chat_id).answers["english"] == "strong"


async def test_a_green_card_soon_otherwise_j1_is_asked_offering_both(harness):
    ana = harness.chat()
    await to(ana, "visa")
    await ana.send("my green card interview is next month, otherwise j1")
    assert "visa" not in stored(harness.runtime, ana.chat_id).answers
    assert "“otherwise”" in ana.text
    assert [label for label, _ in ana.last["buttons"]][:2] == ["No visa needed (green card etc.)", "J-1 is fine"]
