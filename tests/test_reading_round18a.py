"""Issue 23, round 18a: the nineteenth blind set stored 3 failed attempts for "I failed Step 1 once and Step 2 CK
once, and I passed both of them on the second attempt" (it is 2): the pass on the second attempt restated failures
already counted, and "both of them" was taken for a further Step. Each story is a reply an IMG types: a count said
twice over is counted once, and where two readings of the count disagree the user is asked, offered both. Also the
three replies the blind set refused though they state a value: no Step taken yet beside another exam's rank, a
graduation "next summer", and the Match "this March"."""

from __future__ import annotations

import pytest

from tests.test_reading_round14 import reading  # today 2026-12-07


def _asked(r) -> None:
    assert not r.ok and r.doubt and r.doubt.lower() in r.error.lower(), r


# --------------------------------------------------------------------------- a count restated is counted once

@pytest.mark.parametrize("typed, n", [
    ("With respect, I must be honest: I failed Step 1 once and Step 2 CK once, and I passed both of them on the "
     "second attempt.", 2),
    ("failed step 1 and ck once each, passed both on the second attempt", 2),
    ("I failed Step 1 once and CK once, passed each of them on the 2nd try", 2),
    ("failed step 1 once and step 2 once, both passed on the second attempt", 2),
    ("failed step 1 once and ck once, passed them on the second attempt", 2),
    ("failed step 1 and ck, passed both of them on the second attempt", 2),
    ("failed step 1 once and ck once, passed on the second attempt", 2),
    ("failed step 1 once and ck once, passed both retakes", 2),
])
def test_a_pass_on_the_second_attempt_of_both_steps_restates_their_failures(typed, n):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n, r
    assert "another Step" not in r.said and "Step 1: 1" in r.said, r.said


@pytest.mark.parametrize("typed, n", [
    ("failed once, passed on the second attempt", 1),
    ("I failed once and passed on my second try", 1),
    ("failed step 1 once, passed it on the second attempt", 1),
    ("failed CK twice, passed on the third attempt", 2),
    ("failed Step 1 once. Passed it on the second attempt.", 1),
])
def test_a_failure_and_the_attempt_it_was_passed_on_are_one_failure(typed, n):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n, r


@pytest.mark.parametrize("typed, offered", [
    ("took step 1 twice, failed once, passed the second time", (1, 2)),  # the same failure, or one more?
    ("failed once, passed on the third attempt", (1, 2)),  # one failure, or two before the third?
    ("failed step 1 once and ck once, passed on the third attempt", (2, 3)),  # which Step took three?
])
def test_when_two_readings_of_the_count_disagree_both_are_offered_first(typed, offered):
    r = reading("usmle_failures", typed)
    _asked(r)
    assert tuple(v for v, _ in r.candidates[:2]) == offered, r.candidates
    assert sorted(v for v, _ in r.candidates) == [0, 1, 2, 3], "every option once"


@pytest.mark.parametrize("typed", [
    "I failed Step 1 once and Step 2 CK once, and I passed both of them on the third attempt.",  # 1 failed vs 3rd
    "failed step 1 once and ck twice, passed both of them on the second attempt",
    "I passed both of them on the second attempt",  # both of which?
    "failed step 1 once and ck once, passed both of them on the second attempt, maybe",
])
def test_a_restatement_that_does_not_fit_is_asked(typed):
    _asked(reading("usmle_failures", typed))


def test_every_step_first_time_is_still_none():
    r = reading("usmle_failures", "passed every Step on the first attempt")
    assert r.ok and r.value == 0, r


# --------------------------------------------------------------------------- replies that state a value, read back

@pytest.mark.parametrize("typed, aside", [
    ("In Iran I passed the national residency entrance exam with rank 340 and finished radiology there in 2015. "
     "Regarding USMLE I have not started any Step yet.", "340"),
    ("have not started any step yet, my home exam score was 240", "240"),
])
def test_no_step_yet_beside_another_exams_number_is_not_taken_the_number_named(typed, aside):
    r = reading("step2_ck_score", typed)
    assert r.ok and r.value is None, r
    assert f"set aside {aside}: not a Step 2 CK score" in r.said, r.said


def test_a_score_beside_another_step_not_started_is_still_the_score():
    r = reading("step2_ck_score", "got 231, not started step 3 yet")
    assert r.ok and r.value == 231, r


@pytest.mark.parametrize("typed", ["I'm in 6th year now, finishing next summer", "graduating next spring"])
def test_a_graduation_next_summer_is_next_year(typed):
    r = reading("graduation_year", typed)
    assert r.ok and r.value == 2027 and "next s" in r.said, r


@pytest.mark.parametrize("typed", ["will graduate next winter", "graduated last summer", "graduating this summer",
                                   "finishing next summer or the one after"])
def test_a_season_that_may_be_either_year_is_asked(typed):
    r = reading("graduation_year", typed)
    assert not r.ok and r.doubt, r


@pytest.mark.parametrize("typed", ["this March!!", "this march match"])
def test_the_match_this_march_is_the_coming_match(typed):
    r = reading("match_year", typed)
    assert r.ok and r.value == 2027 and "this march" in r.said, r


@pytest.mark.parametrize("typed", ["I graduate this March", "not this march", "this march or next"])
def test_this_march_with_other_words_is_asked(typed):
    r = reading("match_year", typed)
    assert not r.ok and r.doubt, r


@pytest.mark.parametrize("typed", [
    "failed step 1 once and ck once, passed all the others on the second attempt",  # was stored as 2
    "failed step 1 once, passed the others on the second attempt",  # was stored as 1
    "failed step 1 once, the rest on the second attempt",  # was stored as 1
    "Step 1 failed once, passed on second. Step 2 CK same.",  # was stored as 1
])
def test_other_steps_failures_said_without_a_count_are_asked_not_left_out(typed):
    r = reading("usmle_failures", typed)
    _asked(r)
    assert "other Steps' failures are not counted" in r.error


@pytest.mark.parametrize("typed", ["failed step 1 once, others passed first time",
                                   "failed step 1 once and the rest I never failed"])
def test_the_others_passed_first_time_still_reads_the_count(typed):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == 1, r


@pytest.mark.parametrize("typed", [
    "I took step 1 two times and failed once",  # was stored as 2: the two times are attempts
    "I failed both steps once and passed both on the second try",  # was 1: which Steps?
    "I failed Step 1 once. Then I passed both of them on the second attempt.",  # was 1: both, one Step named
    "1 fail in step 1 and passed both of them on the second attempt",
])
def test_both_with_fewer_steps_named_or_attempts_beside_failures_are_asked(typed):
    _asked(reading("usmle_failures", typed))


@pytest.mark.parametrize("typed, offered", [
    ("failed step 1 and ck once each, 2 in total", None),  # was stored as 3 (the total taken for CK's count)
    ("failed CK once and so 2 failed attempts", None),  # was 1
    ("failed once and passed on the third attempt", (1, 2)),  # was 1
    ("failed step 1 twice and passed on the second attempt", (2, 1)),  # was 2
    ("failed CK once, passed both retakes", None),  # was 1: both what?
])
def test_a_count_beside_a_total_or_attempt_that_does_not_fit_is_asked(typed, offered):
    r = reading("usmle_failures", typed)
    _asked(r)
    if offered:
        assert tuple(v for v, _ in r.candidates[:2]) == offered, r.candidates


@pytest.mark.parametrize("typed", ["failed step 1 both times", "took CK twice and failed both times",
                                   "failed twice, both on step 1"])
def test_both_times_failed_is_two(typed):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == 2, r
