"""Issue 23, round 16: the seventeenth blind set stored a graduation year where the diploma may carry the next one
("Passed out MBBS 2019, internship completed 2020": in India, Pakistan and Bangladesh the MBBS is awarded only after
the internship), and asked replies that state a value (a total with its breakdown, "failed" over a list of Steps, N
attempts passed on the Nth, another Step's score beside CK not taken, a later postgraduate degree, a past Match that
did not work out, a hands-on externship, radiology work abroad, J-1 accepted with H-1B preferred, any spot this
year). Each story is a reply an IMG types; the sentences are new ones of each kind (the blind set's own appears once,
never alone)."""

from __future__ import annotations

import pytest

from tests.test_reading_round14 import asked_naming, reading  # today 2026-12-07: the current cycle is the 2027 Match


# --------------------------------------------------------------------------- passing out, then a later internship

@pytest.mark.parametrize("typed, first, later", [
    ("Passed out MBBS 2019, internship completed 2020", 2019, 2020),
    ("passed out in 2017 and finished internship in 2018", 2017, 2018),
    ("MBBS 2020, internship done 2021", 2020, 2021),
    ("finished classes 2015 and then the compulsory internship ended 2016", 2015, 2016),
    ("completed MBBS course 2019 and internship 2020", 2019, 2020),
])
def test_passing_out_with_a_later_internship_year_is_asked_for_the_year_on_the_diploma(typed, first, later):
    r = reading("graduation_year", typed)
    asked_naming(r, str(first), str(later))
    assert [v for v, _ in r.candidates] == [first, later]
    assert "diploma" in r.error and "after the internship" in r.error


@pytest.mark.parametrize("typed", [
    "final prof 2016, house job completed 2017",
    "cleared final year exams in 2018, internship till 2019",
    "MBBS passout 2021, CRMI completed 2022",
    "passed my final MBBS exam in 2014, rotating internship 2014-2015",
    "pass out 2022 + internship 2023",
])
def test_other_passing_out_years_beside_an_internship_are_asked_too(typed):
    r = reading("graduation_year", typed)  # by the older readers (an exam's year, two years): never stored
    assert not r.ok and r.doubt and r.doubt.lower() in r.error.lower(), r


@pytest.mark.parametrize("typed, year", [
    ("graduated 2019, internship completed 2020", 2019),  # the degree itself named with its year
    ("degree awarded in 2018, then house job 2019", 2018),
    ("convocation 2020, internship 2021", 2020),
    ("Graduated 2021 then did my housemanship at LUTH 2022-2023", 2021),  # round 15a's, another writer's label
    ("MBBS 2019, internship 2018-2019 was part of it", 2019),  # the internship ended that year, not later
    ("MBBS 2014 and worked 2016", 2014),  # work is not the internship
])
def test_the_degree_named_with_its_year_is_still_the_graduation(typed, year):
    r = reading("graduation_year", typed)
    assert r.ok and r.value == year, r


# --------------------------------------------------------------------------- a later postgraduate degree

@pytest.mark.parametrize("typed, year, later", [
    ("MBBS 2015, then MD Paeds 2019 from AIIMS", 2015, 2019),
    ("MBBS 2012, FCPS 2018", 2012, 2018),
    ("MBBS in 2014 and DNB radiology in 2019", 2014, 2019),
    ("MBBS 2010, MS general surgery 2014", 2010, 2014),
    ("MBChB 2016, then residency in internal medicine finished 2021", 2016, 2021),
    ("MD 2013 from Cairo, then masters in radiology 2017", 2013, 2017),
    ("graduated 2015, MD radiology 2019", 2015, 2019),
])
def test_a_later_postgraduate_degree_is_set_aside_and_named(typed, year, later):
    r = reading("graduation_year", typed)
    assert r.ok and r.value == year, r
    assert f"set aside {later}" in r.said, r.said


@pytest.mark.parametrize("typed", ["MD 2015, MD 2019", "graduated 2015, graduated 2019"])
def test_two_first_degrees_are_still_asked(typed):
    asked_naming(reading("graduation_year", typed), "two years")


# --------------------------------------------------------------------------- a past Match that did not work out

@pytest.mark.parametrize("typed, year, past", [
    ("Didn't match in 2026 😔 reapplying for 2027, ERAS certified last month", 2027, 2026),
    ("went unmatched in 2026, trying again for 2027", 2027, 2026),
    ("did not match 2025, reapplying 2027", 2027, 2025),
    ("2026 didn't work out, going for 2028 now", 2028, 2026),
])
def test_a_past_match_that_did_not_work_out_is_set_aside_and_the_next_one_read(typed, year, past):
    r = reading("match_year", typed)
    assert r.ok and r.value == year, r
    assert f"set aside {past}" in r.said and "past Match" in r.said, r.said


@pytest.mark.parametrize("typed", ["didn't match in 2026, not sure if 2027 or 2028", "didn't match 2027, trying 2028"])
def test_a_past_match_beside_two_targets_or_a_target_ruled_out_is_still_asked(typed):
    r = reading("match_year", typed)
    assert not r.ok and r.doubt and r.doubt.lower() in r.error.lower(), r


# --------------------------------------------------------------------------- failed attempts

@pytest.mark.parametrize("typed, n, detail", [
    ("3 fails total - step1 x2, ck x1", 3, "Step 1: 2, Step 2 CK: 1"),
    ("2 failures in total: step 1 once, step 3 once", 2, "Step 1: 1, Step 3: 1"),
    ("failed 4 times overall, step 1 x3 and ck x1", 4, "Step 1: 3, Step 2 CK: 1"),
    ("two fails total (CK x2)", 2, "Step 2 CK: 2"),
    ("3 fails (S1 x2, CK x1)", 3, "Step 1: 2, Step 2 CK: 1"),
])
def test_a_total_with_a_breakdown_that_agrees_is_read_with_the_steps(typed, n, detail):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n and detail in r.said, r


@pytest.mark.parametrize("typed, total, added", [
    ("3 fails total - step1 x1, ck x1", 3, 2),
    ("2 failures in total, step 1 twice and step 3 once", 2, 3),
])
def test_a_total_and_a_breakdown_that_disagree_are_asked_offering_both(typed, total, added):
    r = reading("usmle_failures", typed)
    asked_naming(r, f"{total} in total", f"adds up to {added}")
    assert [v for v, _ in r.candidates[:2]] == [total, added]


@pytest.mark.parametrize("typed, n, step", [
    ("failed CK once, and step 3 once also — does step 3 even count here?", 2, "Step 3"),
    ("I failed Step 2 CK once and Step 3 once, does Step 3 matter?", 2, "Step 3"),
    ("failed step 1 once and CK once, does CK count?", 2, "Step 2 CK"),
])
def test_failed_over_a_list_of_steps_is_read_and_the_users_question_answered(typed, n, step):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n, r
    assert f"yes, {step} counts" in r.said and "any USMLE Step" in r.said, r.said


@pytest.mark.parametrize("typed, n", [("failed step 1 once and CK once", 2), ("failed step 1 twice and step 3 once", 3),
                                      ("failed step 1 once, passed CK first time", 1)])
def test_failed_over_a_list_adds_each_step(typed, n):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n, r


def test_failed_then_took_is_not_two_failures_it_is_asked():
    r = reading("usmle_failures", "failed step 1 once and took CK twice")  # main stored 3
    assert not r.ok and "took" in r.doubt and r.doubt in r.error, r


def test_only_one_that_doubts_itself_is_still_asked():
    asked_naming(reading("usmle_failures", "Only one and it was Step 1, does that one count?"), "count")


@pytest.mark.parametrize("typed, n", [
    ("4 attempts on step 1, passed on the 4th one 🙏", 3),
    ("3 attempts at step 1, passed on my 3rd", 2),
    ("2 attempts on step 1, passed on the 2nd try", 1),
])
def test_n_attempts_on_a_step_passed_on_the_nth_is_n_minus_one(typed, n):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n, r


@pytest.mark.parametrize("typed", ["4 attempts on step 1, passed on the 3rd one",
                                   "3 attempts on step 1, passed on the 3rd, CK also took twice"])
def test_attempts_that_disagree_or_another_step_taken_twice_are_asked(typed):
    r = reading("usmle_failures", typed)
    assert not r.ok and r.doubt and r.doubt.lower() in r.error.lower(), r


# --------------------------------------------------------------------------- Step 2 CK not taken, another Step's score

@pytest.mark.parametrize("typed, other", [
    ("Step 1 was the old scored one, 238. CK not done.", "238"),
    ("step 1 was 241 (before pass/fail), haven't taken CK", "241"),
    ("Step 1: 229. Step 2 CK not taken yet.", "229"),
    ("got 245 on step 1 back in 2020, CK not yet", "245"),
])
def test_another_steps_score_beside_ck_not_taken_is_not_taken_yet_naming_the_score_set_aside(typed, other):
    r = reading("step2_ck_score", typed)
    assert r.ok and r.value is None, r
    assert "set aside" in r.said and other in r.said, r.said


def test_a_bare_score_beside_ck_not_done_is_asked():
    r = reading("step2_ck_score", "238, CK not done")  # main stored 238
    assert not r.ok and r.doubt in r.error and [v for v, _ in r.candidates] == [238, None], r


# --------------------------------------------------------------------------- an externship described as hands-on

@pytest.mark.parametrize("typed", [
    "Obs at Mayo + a 1 month externship in Texas where I did H&Ps and presented on rounds",
    "a 6 week externship in Chicago, I wrote notes and admitted patients",
    "externship at a clinic in Houston where I took histories and presented patients",
    "externship in Houston, took histories and admitted patients",
])
def test_an_externship_described_as_hands_on_is_hands_on(typed):
    r = reading("us_clinical_experience", typed)
    assert r.ok and r.value == "hands_on", r


@pytest.mark.parametrize("typed, value", [
    ("an externship in Texas, mostly watching, no H&Ps", None),  # asked
    ("externship, presented on rounds in Karachi", None),  # the hands-on work was not in the US: asked
    ("observership where I watched the team present on rounds", "observership"),
])
def test_an_externship_not_described_as_hands_on_in_the_us_is_not_hands_on(typed, value):
    r = reading("us_clinical_experience", typed)
    assert (r.ok and r.value == value) if value else (not r.ok and r.doubt in r.error), r


# --------------------------------------------------------------------------- radiology work outside the US

@pytest.mark.parametrize("typed", [
    "Not in US, but I worked 6 months as radiology MO in Karachi",
    "none in the US, though I did a year of radiology residency in Egypt",
    "nothing in the US, but 2 years as a radiology registrar in Lagos",
    "not in the US, radiology registrar in Lahore for 2 years",
])
def test_radiology_work_outside_the_us_is_none_in_the_us(typed):
    r = reading("radiology_experience", typed)
    assert r.ok and r.value == "none", r


@pytest.mark.parametrize("typed, value", [("I'm not in the US, but did an observership at MGH", "observership"),
                                          ("not in US but did a radiology elective at Mayo", "hands_on")])
def test_not_in_the_us_beside_work_in_the_us_is_that_work(typed, value):
    r = reading("radiology_experience", typed)
    assert r.ok and r.value == value, r


# --------------------------------------------------------------------------- J-1 accepted, H-1B preferred

@pytest.mark.parametrize("typed, preference", [
    ("J1 ok, though I'd prefer H1 if possible", "prefer H1 if possible"),
    ("J-1 is fine, I'd rather have H-1B though", "rather have H-1B"),
    ("j1 works for me but h1b would be better", "h1b would be better"),
    ("I'm ok with J1, H1B preferred", "H1B preferred"),
])
def test_the_j1_accepted_with_the_h1b_preferred_is_j1_ok_and_the_preference_said_back(typed, preference):
    r = reading("visa", typed)
    assert r.ok and r.value == "j1_ok", r
    assert "preference for the H-1B is noted" in r.said and preference in r.said, r.said


@pytest.mark.parametrize("typed", ["J1 ok, though only if there is no H1 option",
                                   "J1 ok, though my husband needs an H4 so H1 only really", "I'd prefer H1",
                                   "J1 ok if possible"])
def test_a_preference_that_sets_a_condition_or_stands_alone_is_still_asked(typed):
    r = reading("visa", typed)
    assert not r.ok and r.doubt and r.doubt.lower() in r.error.lower(), r


# --------------------------------------------------------------------------- any spot this year

@pytest.mark.parametrize("typed, value", [
    ("I'd take prelim or IM if rads doesn't work out, I just need a spot this year", True),
    ("I need a position this cycle, any specialty", True),
    ("whatever it takes, I have to get a residency spot this year", True),
    ("I just need a spot, this year or next is fine", False),
    ("I don't need a spot this year", False),
])
def test_a_spot_needed_this_year_is_yes_and_this_year_or_next_is_no(typed, value):
    r = reading("must_match_this_cycle", typed)
    assert r.ok and r.value is value, r


@pytest.mark.parametrize("typed", ["I need a spot this year, but I could wait if needed", "need a spot this year i think",
                                   "I'd take prelim if rads doesn't work out"])
def test_a_spot_this_year_with_a_limit_or_a_hedge_is_still_asked(typed):
    r = reading("must_match_this_cycle", typed)
    assert not r.ok, r


# --------------------------------------------------------------------------- found by this round's grids

_PASSED = ["Passed out MBBS {a}", "MBBS {a}", "final prof {a}", "final exams {a}", "completed MBBS {a}", "pass out {a}"]
_INTERNSHIP = ["internship completed {b}", "house job {b}", "CRMI {b}", "rotating internship {a}-{b}", "housemanship {b}"]


@pytest.mark.parametrize("passed", _PASSED)
@pytest.mark.parametrize("internship", _INTERNSHIP)
@pytest.mark.parametrize("join", [", ", " and ", ". "])
def test_no_passing_out_year_beside_a_later_internship_is_stored(passed, internship, join):
    """Main stored 2151 of 3,240 such replies (15 ways to pass out x 12 internships x 6 joins x 3 pairs), "final prof
    2019, CRMI 2020" as 2020 (CRMI, India's internship, was not known as one); each is now asked, naming it."""
    r = reading("graduation_year", passed.format(a=2019) + join + internship.format(a=2019, b=2020))
    assert not r.ok and r.doubt and r.doubt.lower() in r.error.lower(), r


@pytest.mark.parametrize("typed, n", [("3fails total", 3), ("2failures", 2), ("4attempts total, passed on the last one", 3)])
def test_a_count_glued_to_its_noun_is_that_count(typed, n):
    r = reading("usmle_failures", typed)  # main read "3fails total" as 1
    assert r.ok and r.value == n, r
