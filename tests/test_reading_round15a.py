"""Issue 23, round 15a: the sixteenth blind set stored a value at the number and year questions where a careful
advisor asks (a count "for now" beside a result still pending, two years each tied to finishing school, a clause
giving another Match year set aside as about the CK) or reads another value (the current cycle ruled out read as
this cycle), and asked replies that state a value plainly. Each story is a reply an IMG types; the sentences are
new ones of each kind (the blind set's own appears once, never alone)."""

from __future__ import annotations

import pytest

from tests.conftest import stored
from tests.test_reading import to
from tests.test_reading_round14 import asked_naming, reading  # today 2026-12-07: the current cycle is the 2027 Match


# --------------------------------------------------------------------------- a count "for now", a result pending

@pytest.mark.parametrize("typed, so_far", [
    ("zero for now, but I'm waiting on my Step 3 result and I have a very bad feeling about it", "for now"),
    ("none so far, still waiting for my CK score", "so far"),
    ("0 as of now, step 3 result comes out next week", "as of now"),
    ("one so far, but my step 2 result is pending", "so far"),
    ("no failures yet, awaiting my Step 1 result", "yet"),
    ("zero till now, though results of step 2 ck are not out", "till now"),
    ("so far none, my ck result is due on wednesday", "so far"),
])
def test_a_count_for_now_beside_a_pending_result_is_asked_offering_it_and_one_more(typed, so_far):
    r = reading("usmle_failures", typed)
    assert not r.ok and r.doubt and r.doubt.lower() in r.error.lower(), r
    if r.candidates:  # "one so far, but ..." is refused by the count reader, naming the reply
        asked_naming(r, so_far)
        said = r.candidates[0][0]
        assert [v for v, _ in r.candidates[:2]] == [said, said + 1]


@pytest.mark.parametrize("typed, value", [
    ("none so far", 0),  # nothing pending: the count stands
    ("zero for now, all my steps are done", 0),
    ("zero, step 3 is next month", 0),
    ("failed step 1 once", 1),
])
def test_a_count_with_nothing_pending_is_still_read(typed, value):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == value, (typed, r)


# --------------------------------------------------------------------------- two years tied to finishing school

@pytest.mark.parametrize("typed, first, second", [
    ("We finished final exams in 2016 but because of the ASUU strike our induction and certificate came in 2017",
     2016, 2017),
    ("final exams 2020, diploma issued 2021 because of covid", 2020, 2021),
    ("our last exam was in 2014 and the graduation ceremony in 2015", 2014, 2015),
    ("finished school in 2018, but the degree was only awarded in 2019", 2018, 2019),
])
def test_two_years_each_tied_to_finishing_school_are_asked_offering_both(typed, first, second):
    r = reading("graduation_year", typed)
    asked_naming(r, str(first), str(second))
    assert [v for v, _ in r.candidates] == [first, second]


@pytest.mark.parametrize("typed, value", [
    ("graduated in 2016", 2016),
    ("my wife graduated 2016, I graduated 2018", 2018),  # someone else's graduation is not the user's
    ("graduated 2019, internship 2020-2021", 2019),  # the internship is after finishing
])
def test_one_year_tied_to_finishing_is_still_read(typed, value):
    r = reading("graduation_year", typed)
    assert r.ok and r.value == value, (typed, r)


# --------------------------------------------------------------------------- the current cycle ruled out

@pytest.mark.parametrize("typed", [
    "Not the cycle that is going on now, the one after it, applying next September",
    "not this cycle, the next one",
    "skipping this cycle, the one after",
    "not applying now, applying next september",
])
def test_the_current_cycle_ruled_out_is_the_match_after_it_said_back(typed):
    r = reading("match_year", typed)
    assert r.ok and r.value == 2028 and "2028" in r.said, (typed, r)


@pytest.mark.parametrize("typed", ["not this match", "not the one going on now", "I'm not applying this cycle"])
def test_the_current_cycle_ruled_out_alone_is_asked_never_read_as_this_cycle(typed):
    r = reading("match_year", typed)
    assert not r.ok, (typed, r)


@pytest.mark.parametrize("typed", ["applying now", "this cycle, applying rn"])
def test_applying_now_is_still_this_cycle(typed):
    r = reading("match_year", typed)
    assert r.ok and r.value == 2027, (typed, r)


# --------------------------------------------------------------------------- a clause with another value of the question

@pytest.mark.parametrize("qid, typed, first, second", [
    ("match_year", "2029 match, maybe 2028 if my CK result comes out in time", 2029, 2028),
    ("match_year", "the 2028 match, possibly 2027 if I get my ECFMG certificate early", 2028, 2027),
    ("match_year", "2028, or 2027 if my step 3 score is back before ERAS opens", 2028, 2027),
    ("match_year", "M28, maybe M27 if my visa sorts out", 2028, 2027),
    ("graduation_year", "2024, maybe 2025 if my internship certificate counts", 2024, 2025),
])
def test_a_clause_giving_another_value_of_the_question_is_never_set_aside(qid, typed, first, second):
    r = reading(qid, typed)
    assert not r.ok and "set aside" not in r.said, (typed, r)
    assert r.doubt and r.doubt.lower() in r.error.lower(), r
    assert {first, second} <= {v for v, _ in r.candidates}, r.candidates


def test_a_clause_about_the_ck_alone_is_still_set_aside_at_the_match():
    r = reading("match_year", "2029 match, if my CK result comes out in time")
    assert not r.ok or r.value == 2029, r


# --------------------------------------------------------------------------- in the chat

async def test_zero_for_now_with_step_3_pending_is_asked_in_the_chat_and_one_tap_settles_it(harness):
    ana = harness.chat()
    await to(ana, "usmle_failures")
    await ana.send("zero for now, but I'm waiting on my Step 3 result and I have a very bad feeling about it")
    assert "usmle_failures" not in stored(harness.runtime, ana.chat_id).answers
    assert "“for now”" in ana.text  # the doubt, named
    await ana.press(ana.last["buttons"][0][0])
    assert stored(harness.runtime, ana.chat_id).answers["usmle_failures"] == 0


# --------------------------------------------------------------------------- stated plainly: read, and said back

@pytest.mark.parametrize("typed, value", [
    ("step 3 2x, the others were clean", 2),
    ("step1 once and ck once 😔", 2),
    ("ck 2x, everything else first try", 2),  # main stored 0 here
    ("step 1 once and step 3 once", 2),
    ("step 2 ck twice, rest clean", 2),
    ("Four in total 😔 Step 1 x2, CK x2", 4),
])
def test_steps_each_with_a_count_are_failed_attempts_added_up_and_said_back(typed, value):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == value, (typed, r)
    assert f"{value} failed" in r.said, r.said


@pytest.mark.parametrize("typed", ["passed step 1 once", "took step 1 twice", "gave ck 2 times, rest clean",
                                   "step 1 once, and CS once in 2019 if that counts",
                                   "step 3 2x, not sure about the others"])
def test_a_count_with_a_verb_or_a_doubt_is_not_read_as_failures(typed):
    assert not reading("usmle_failures", typed).ok, typed


def test_does_that_one_count_is_answered_and_the_count_offered_first():
    r = reading("usmle_failures", "Only one and it was Step 1, does that one count?")
    asked_naming(r, "does that one count")
    assert r.candidates[0][0] == 1 and "every failed attempt" in r.error


@pytest.mark.parametrize("typed, value", [
    ("Graduated 2021 then did my housemanship at LUTH 2022-2023", 2021),
    ("Since 2012 I am graduate, after that I did general surgery residency in Ain Shams", 2012),
    ("graduate since 2015, then did my internship in 2016", 2015),
    ("I graduated in 2016 and did house job 2017-2018", 2016),
])
def test_the_year_tied_to_graduating_is_read_beside_training_years(typed, value):
    r = reading("graduation_year", typed)
    assert r.ok and r.value == value and str(value) in r.said, (typed, r)


@pytest.mark.parametrize("typed", ["working since 2015", "since 2019 I am working as GP"])
def test_since_a_year_without_graduate_is_still_asked(typed):
    assert not reading("graduation_year", typed).ok, typed


@pytest.mark.parametrize("typed, value", [("aiming for the 28 match", 2028), ("the 27 match", 2027),
                                          ("targeting 29 match", 2029), ("match 28 hopefully", 2028)])
def test_a_two_digit_year_beside_match_is_read_and_said_back(typed, value):
    r = reading("match_year", typed)
    assert r.ok and r.value == value and str(value) in r.said, (typed, r)


@pytest.mark.parametrize("typed", ["applied to 28 programs for the match", "28 match interviews would be nice"])
def test_a_count_beside_match_is_not_a_year(typed):
    r = reading("match_year", typed)
    assert not r.ok or r.value != 2028, (typed, r)


@pytest.mark.parametrize("typed", [
    "My last NBME was 245 but I never sat for the real exam yet",
    "I never sat for the real exam yet",
    "UWSA2 gave 250, haven't taken the actual exam",
])
def test_a_practice_score_with_the_real_exam_never_taken_is_not_taken_yet(typed):
    r = reading("step2_ck_score", typed)
    assert r.ok and r.value is None and "not taken" in r.said.lower(), (typed, r)
    for score in ("245", "250"):  # the practice score set aside is named in what is said back
        if score in typed:
            assert f"set aside {score}: a practice test" in r.said, r.said


@pytest.mark.parametrize("typed, value", [("FSc in 2012, MBBS 2018", 2018), ("MBBS completed 2019, FSc 2013", 2019)])
def test_a_year_of_another_thing_is_still_set_aside_when_it_offers_no_other_answer(typed, value):
    r = reading("graduation_year", typed)
    assert r.ok and r.value == value, (typed, r)
