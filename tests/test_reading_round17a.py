"""Issue 23, round 17a: the eighteenth blind set asked replies at the number and year questions that state a value: a
failed Step 2 CK score beside the one the user points to, failures counted per Step with years in brackets, attempts
until a pass ("Second one pass."), a yes with the count, a failure at another country's exam beside clean USMLEs, a
licensing exam's year or a later residency beside the graduation, and a month said relative to today. Each story is a
reply an IMG types; the sentences are new ones of each kind (the blind set's own appears once, never alone)."""

from __future__ import annotations

import pytest

from tests.test_reading_round14 import asked_naming, reading  # today 2026-12-07


def _asked(r) -> None:
    assert not r.ok and r.doubt and r.doubt.lower() in r.error.lower(), r


# --------------------------------------------------------------------------- a failed score beside the one that stands

@pytest.mark.parametrize("typed, score, failed", [
    ("first attempt I failed with 207 in 2024, second attempt I got 239 and that is the one that counts", 239, 207),
    ("failed the first time with 205, passed on the retake with 231", 231, 205),
    ("first attempt 206 (failed), second 235 (passed)", 235, 206),
    ("current score is 237, my first attempt was a 208 fail", 237, 208),
    ("207 was a fail, 239 is the one that counts", 239, 207),
    ("I failed CK at 203 and passed it the next year with 228", 228, 203),
])
def test_a_failed_ck_score_is_set_aside_beside_the_one_the_user_points_to(typed, score, failed):
    r = reading("step2_ck_score", typed)
    assert r.ok and r.value == score, r
    assert f"set aside {failed}" in r.said and "a failed attempt" in r.said


@pytest.mark.parametrize("typed", [
    "first attempt 207, second attempt 239",  # neither said failed
    "first attempt 198 (fail) then 226 on the retake",  # a retake is not pointed to as the one that stands
    "first try 207 fail, second 239 fail, third attempt next month",  # both failed
    "failed with 219, passed with 215",  # the pass lower than the fail: a slip somewhere
    "failed with 209, maybe 231 on the retake if it goes well",
    "239 on the retake but I failed the first time with 207, does that matter?",
])
def test_two_ck_scores_without_one_pointed_to_are_still_asked(typed):
    _asked(reading("step2_ck_score", typed))


# --------------------------------------------------------------------------- failures per Step, with years in brackets

@pytest.mark.parametrize("typed, n", [
    ("One on Step 1 (2021) and one on CK (2023).", 2),
    ("one on step 1 (2020), two on step 2 ck (2022, 2023)", 3),
    ("Step 1 once (2019) and CK once (2021)", 2),
    ("one in Step 1 (2022) and one in Step 3 (2024)", 2),
])
def test_counts_per_step_with_the_years_in_brackets_add_up(typed, n):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n, r
    assert "failed attempt" in r.said


def test_a_count_said_with_failed_before_the_steps_is_read_as_before():
    r = reading("usmle_failures", "Two attempt failed sir, one in Step 1 and one in CK")  # a held-out set's
    assert r.ok and r.value == 2, r


# --------------------------------------------------------------------------- attempts until a pass

@pytest.mark.parametrize("typed, n", [
    ("Took Step 1 two times. Second one pass.", 1),
    ("took step 1 three times, third one pass", 2),
    ("Took CK 2 times. Second one was pass.", 1),
])
def test_the_attempt_said_to_pass_makes_the_ones_before_it_failures(typed, n):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n, r


@pytest.mark.parametrize("typed", [
    "took step 1 twice",  # round 15a: attempts alone are asked
    "took step 1 twice, second one was also a fail",
    "Took Step 1 two times. Second one pass? not sure",
])
def test_attempts_without_the_pass_are_still_asked(typed):
    _asked(reading("usmle_failures", typed))


# --------------------------------------------------------------------------- a yes with the count

@pytest.mark.parametrize("typed, n", [
    ("unfortunately yes, 4 😔", 4),  # stored as said: the "3 or more" button's answer
    ("sadly yes, 5", 5),
    ("yes unfortunately, 3", 3),
    ("yes, 4 times", 4),
])
def test_a_yes_with_the_count_is_that_count_said_back(typed, n):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n, r
    assert str(n) in r.said


@pytest.mark.parametrize("typed", ["yes", "yes, 4 maybe", "unfortunately yes, step 1"])
def test_a_yes_without_a_plain_count_is_still_asked(typed):
    _asked(reading("usmle_failures", typed))


# --------------------------------------------------------------------------- another country's exam

@pytest.mark.parametrize("typed", [
    "I failed the ENARM in Mexico one time but all my USMLEs were pass on first try",
    "failed the SMLE once, and my USMLEs are all first attempt passes",
    "I failed PLE one time but all my USMLEs were pass on first try",
    "failed the NExT exam once but all USMLE were pass on first try",
])
def test_a_failure_at_another_countrys_exam_is_set_aside_beside_clean_usmles(typed):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == 0, r
    assert "not a USMLE Step" in r.said


@pytest.mark.parametrize("typed", [
    "I failed the ENARM once",  # was stored as 1 failed USMLE attempt
    "I failed the PLE twice",  # was stored as 2
    "I failed the ENARM in Mexico one time, and CK once",
])
def test_another_exams_failure_alone_is_never_a_usmle_count(typed):
    r = reading("usmle_failures", typed)
    assert not r.ok, r


# --------------------------------------------------------------------------- the graduation beside a later exam or residency

@pytest.mark.parametrize("typed, year", [
    ("I graduated from UST Faculty of Medicine and Surgery in 2020, then I took the PLE in 2021 and passed.", 2020),
    ("graduated 2019, passed the PLAB in 2020", 2019),
    ("graduated in 2018 and cleared FMGE in 2019", 2018),
    ("I graduated 2021 and passed the ENARM in 2022", 2021),
    ("graduated 2016, SMLE 2017", 2016),
    ("I have finished university in 2014 year, after that residency in Kyiv until 2018", 2014),
    ("finished university in 2013 year, then residency until 2016", 2013),
])
def test_a_later_licensing_exam_or_residency_is_not_the_graduation(typed, year):
    r = reading("graduation_year", typed)
    assert r.ok and r.value == year, r


@pytest.mark.parametrize("typed", ["took the PLE in 2021", "passed the PLAB in 2020"])
def test_a_licensing_exams_year_alone_is_not_stored_as_the_graduation(typed):
    r = reading("graduation_year", typed)  # both were stored as the graduation year
    assert not r.ok, r


@pytest.mark.parametrize("typed", ["residency until 2018", "graduated 2019 or 2020, PLAB 2021",
                                   "finished university in 2014 and 2015, residency until 2018"])
def test_a_residency_alone_or_two_graduation_years_are_still_asked(typed):
    _asked(reading("graduation_year", typed))


# --------------------------------------------------------------------------- a month relative to today

@pytest.mark.parametrize("typed, year", [
    ("I will finish the university next July", 2027),
    ("last year in december", 2025),
    ("this coming July", 2027),
    ("I will graduate next June", 2027),
    ("finished last year in june", 2025),
    ("I graduated in december last year", 2025),
])
def test_a_month_said_relative_to_today_is_its_year_said_back(typed, year):
    r = reading("graduation_year", typed)
    assert r.ok and r.value == year, r
    assert r.said.startswith(str(year)) and "“" in r.said


@pytest.mark.parametrize("typed", ["in July", "last June", "next July or the one after", "next december"])
def test_a_month_whose_year_is_unclear_is_still_asked(typed):
    r = reading("graduation_year", typed)  # "last June": this year's or last year's; "next december" on 7 Dec
    assert not r.ok and r.doubt, r
