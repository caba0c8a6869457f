"""Issue 23, round 19a: the twentieth blind set stored three kinds of wrong value at the yes/no and rating questions.
"no can wait" at must-match was stored Yes: the leading "no" was read as negating "can wait" ("cannot wait"), where
it is the answer and "can wait" its reason. "not really" (patient care) and "dont enjoy it much" (imaging) were stored
"I'd rather avoid it": a weak negative of enjoyment sits between Neutral and avoid, so it is asked. "writing ok
speaking meh" (English) was stored Average: two parts of the skill rated apart, one of them weak, is asked naming
both. Each story is a reply an IMG types; the blind set's own sentences appear once, beside new ones of each kind."""

from __future__ import annotations

import pytest

from tests.test_reading_round14 import asked_naming, reading


# --------------------------------------------------------------------------- a leading no, then a reason

@pytest.mark.parametrize("typed", [
    "no can wait", "no flexible", "no next year is fine", "nah can afford a year", "nope flexible about it",
    "no can try again next cycle", "No. Flexible.", "no, can wait",
])
def test_a_leading_no_then_a_reason_for_no_is_no(typed):
    r = reading("must_match_this_cycle", typed)
    assert r.ok and r.value is False, r


@pytest.mark.parametrize("typed, parts", [
    ("no I cant wait", ("no", "I cant wait")),
    ("nah cant wait another year", ("nah", "cant wait")),
])
def test_a_leading_no_then_a_reason_for_yes_is_asked_naming_both(typed, parts):
    asked_naming(reading("must_match_this_cycle", typed), *parts)


@pytest.mark.parametrize("qid, typed, value", [
    ("must_match_this_cycle", "no rush", False), ("must_match_this_cycle", "no choice, visa expires", True),
    ("must_match_this_cycle", "no money left for another year", True), ("must_match_this_cycle", "yes cant wait", True),
    ("must_match_this_cycle", "no doubt, must match", True), ("must_match_this_cycle", "yes, no more savings", True),
    ("long_term_us_priority", "no plans to go back", True), ("must_match_this_cycle", "no, I can wait", False),
])
def test_a_no_that_belongs_to_its_phrase_still_reads(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value is value, r


_NO_REASONS = ("can wait", "flexible", "next year is fine", "can afford a year", "not urgent", "can try again",
               "wait another year", "take a year", "next cycle is fine", "this year or next", "not essential",
               "not necessary", "another year is fine", "no rush", "no hurry")
_YES_REASONS = ("cant wait", "visa expires", "crucial", "must match", "no choice", "no money", "last chance",
                "cannot afford another year", "essential", "very important", "need a spot this year", "do or die",
                "no other option", "vital", "mandatory")


@pytest.mark.quality
def test_grid_a_leading_no_or_yes_is_never_turned_round_by_its_reason():
    """Every leading no/nah/nope and yes/yeah/yep with 30 short reasons, with and without a comma (360 replies):
    a leading no is never read as Yes, a leading yes never as No; a reason agreeing with it reads."""
    wrong, unread = [], []
    for lead, value in (("no", False), ("nah", False), ("nope", False), ("yes", True), ("yeah", True), ("yep", True)):
        for reason in _NO_REASONS + _YES_REASONS:
            agrees = (reason in _NO_REASONS) is (not value)
            for typed in (f"{lead} {reason}", f"{lead}, {reason}"):
                r = reading("must_match_this_cycle", typed)
                if r.ok and r.value is not value:
                    wrong.append((typed, r.value))
                elif agrees and not r.ok:
                    unread.append(typed)
    assert not wrong, wrong
    assert len(unread) <= 6, unread


# --------------------------------------------------------------------------- a weak negative of enjoyment

@pytest.mark.parametrize("qid, typed, weak", [
    ("patient_contact", "not really", "not really"), ("pattern_recognition", "dont enjoy it much", "dont enjoy it much"),
    ("patient_contact", "not a lot", "not a lot"), ("academic_environment", "not particularly", "not particularly"),
    ("patient_contact", "I don't like it much", "like it much"), ("academic_environment", "not really tbh", "not really"),
    ("pattern_recognition", "not that much", "not that much"), ("patient_contact", "I do not enjoy it a lot", "a lot"),
])
def test_a_weak_negative_of_enjoyment_is_asked_offering_neutral_and_avoid(qid, typed, weak):
    r = reading(qid, typed)
    asked_naming(r, weak)
    assert {v for v, _ in r.candidates} == {"neutral", "avoid"}, r


@pytest.mark.parametrize("qid, typed, value", [
    ("patient_contact", "hate it", "avoid"), ("patient_contact", "not at all", "avoid"),
    ("pattern_recognition", "not my thing", "avoid"), ("patient_contact", "not really, I prefer less contact", "avoid"),
    ("patient_contact", "I really like it", "enjoy"), ("academic_environment", "I hate it, not really my thing", "avoid"),
])
def test_a_strong_dislike_or_a_liking_still_reads(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value == value, r


# --------------------------------------------------------------------------- parts of English rated apart

@pytest.mark.parametrize("typed, parts", [
    ("writing ok speaking meh", ("writing ok", "speaking meh")),
    ("grammar good, pronunciation meh", ("grammar good", "pronunciation meh")),
])
def test_parts_of_english_rated_apart_one_of_them_meh_is_asked_naming_both(typed, parts):
    asked_naming(reading("english", typed), *parts)


@pytest.mark.parametrize("typed", [
    "listening good, accent meh", "reading fine but speaking meh", "speaking fine, listening a bit rusty",
    "vocab good, accent shaky", "written is good, spoken so so",
])
def test_parts_of_english_rated_apart_are_never_stored(typed):
    r = reading("english", typed)
    assert not r.ok, r


@pytest.mark.parametrize("typed, value", [
    ("good", "strong"), ("speaking ok, writing weak", "average"),  # round 21a: "written is good, spoken so so" is asked
    ("written english weak, spoken english good", "strong"),
])
def test_parts_rated_in_words_the_reader_reads_keep_the_spoken_rule(typed, value):
    r = reading("english", typed)
    assert r.ok and r.value == value, r
