"""Issue 23, round 21b: two hard development sets written blind stored wrong values at the score, count, year, Match
and country questions. Someone else's score was stored while the user's own exam is still ahead; a fail only feared
was counted; the user's doubt whether a failure counts took one away; a Step 2 CS failure was counted without a
word, though the question names Steps 1, 2 CK and 3; "N attempts before I passed" and "N attempts in total" were
taken as failures. Each story is a reply an IMG types; a blind set's sentence appears at most once, never alone:
each kind is a grid of my own wordings."""

from __future__ import annotations

import itertools

import pytest

from tests.test_reading_round14 import asked_naming, reading

# --------------------------------------------------------------------------- someone else's score

_WHO = ["My wife", "my brother", "My husband", "my friend", "My sister"]
_THEIRS = ["sat CK and got 255", "took Step 2 and scored 255", "wrote ck and got 255", "got 255 on CK"]


def test_grid_someone_elses_score_is_never_stored_whatever_the_user_says_of_their_own():
    stored = []
    for who, theirs, mine in itertools.product(_WHO, _THEIRS, ["I am still preparing for mine",
                                                               "I haven't taken mine yet", "mine is next month", ""]):
        typed = f"{who} {theirs}" + (f", {mine}" if mine else "")
        r = reading("step2_ck_score", typed)
        if r.ok and r.value is not None:
            stored.append((typed, r.value))
    assert not stored, stored[:5]


@pytest.mark.parametrize("typed", ["My wife sat CK and got 255, I am still preparing for mine",
                                   "my sister wrote ck and got 251 but i am still studying for my own",
                                   "My husband sat Step 2 and got 262. I haven't taken mine yet"])
def test_the_users_own_exam_plainly_ahead_is_not_taken_yet_said_back_with_whose_score_it_was(typed):
    r = reading("step2_ck_score", typed)
    assert r.ok and r.value is None and "someone else" in r.said, r


def test_a_score_beside_someone_elses_with_nothing_said_of_ones_own_is_asked_offering_not_taken_yet():
    r = reading("step2_ck_score", "My friend took it and got 240; I'm still preparing")
    asked_naming(r, "240")
    assert r.candidates[0][0] is None


@pytest.mark.parametrize("typed, v", [("my wife got 255 on CK and I got 248", 248), ("my husband scored 260, I scored 244",
                                      244), ("248, my friend got 260", 248), ("got 262!! but my friend says the "
                                                                                 "cutoff is higher lol", 262)])
def test_the_users_own_score_beside_someone_elses_is_still_read(typed, v):
    r = reading("step2_ck_score", typed)
    assert r.ok and r.value == v, r


# --------------------------------------------------------------------------- a fail feared, not known

_FEARS = ["I have a bad feeling it's a fail", "I'm scared it's a fail", "probably a fail", "I'm afraid I failed",
          "worried it's a fail", "pretty sure I failed", "expecting a fail"]
_PENDING = ["{x} result not out yet", "waiting for my {x} score", "{x} result pending", ""]


@pytest.mark.quality  # a grid of hundreds to thousands of replies: in `pytest --slow` (.ci/run), not the everyday run
def test_grid_a_feared_fail_is_asked_never_counted():
    stored = []
    for fear, pending, step, tail in itertools.product(_FEARS, _PENDING, ["CK", "Step 3", "step 2 ck"],
                                                       ["", ", step 1 was clean", ". Everything else first attempt"]):
        typed = (pending.format(x=step) + (" and " if pending else "") + fear + tail).strip()
        r = reading("usmle_failures", typed)
        if r.ok:
            stored.append((typed, r.value))
    assert not stored, (len(stored), stored[:5])


def test_a_feared_fail_is_asked_naming_it_offering_the_count_without_it_first():
    r = reading("usmle_failures", "waiting for my CK score and I'm scared it's a fail")
    asked_naming(r, "scared")
    assert r.candidates[0][0] == 0


@pytest.mark.parametrize("typed", ["I may have failed step 3, results in Jan", "I thought I failed CK but passed",
                                   "could have failed CK, will know next week"])
def test_a_fail_only_thought_or_possible_is_never_counted(typed):
    r = reading("usmle_failures", typed)
    assert not r.ok, r


def test_a_fail_that_came_out_is_counted():
    r = reading("usmle_failures", "CK result came out last week and it was a fail. Step 1 passed first time")
    assert r.ok and r.value == 1, r


# --------------------------------------------------------------------------- the user's doubt whether it counts

@pytest.mark.parametrize("head, n", [("Two", 2), ("2", 2), ("two fails", 2), ("3", 3), ("three failures", 3)])
@pytest.mark.parametrize("why", ["one was before Step 1 became pass/fail", "the first was in the pass/fail era",
                                 "one of them was before the change"])
@pytest.mark.parametrize("end", ["so it doesnt count na?", "so it shouldn't count", "so that one does not count"])
def test_grid_a_doubt_whether_a_failure_counts_never_takes_one_away(head, n, why, end):
    r = reading("usmle_failures", f"{head}, but {why} {end}")
    assert not r.ok or r.value == n, r
    if not r.ok:
        assert r.candidates[0][0] == n and "every failed attempt" in r.error, r


def test_a_count_that_stands_whatever_the_doubt_is_read_and_says_why_it_counts():
    r = reading("usmle_failures", "one fail but it was a long time ago so it does not count na")
    assert r.ok and r.value == 1 and "every failed attempt" in r.said, r


def test_another_exam_that_does_not_count_keeps_its_own_rule():
    r = reading("usmle_failures", "no usmle fails. plab1 failed once tho, that doesn't count")
    assert r.ok and r.value == 0, r


# --------------------------------------------------------------------------- Step 2 CS

@pytest.mark.parametrize("cs", ["Failed CS in 2020", "failed step 2 CS once", "CS fail x1", "Only CS, failed it once",
                                "step 2 cs failed one time"])
@pytest.mark.parametrize("tail", ["", ", everything else first attempt", ", rest clean",
                                  ". Step 1 and CK first attempt"])
def test_grid_a_step_2_cs_failure_is_never_stored_and_asked_naming_cs_where_it_was_read(cs, tail):
    r = reading("usmle_failures", cs + tail)
    assert not r.ok, r
    if "rest clean" not in tail:  # "CS fail x1, rest clean" was already asked (both none and 1 said)
        asked_naming(r, "CS")


def test_cs_beside_another_steps_failure_offers_both_totals():
    r = reading("usmle_failures", "failed step 2 cs once and step 1 once")
    asked_naming(r, "CS")
    assert [v for v, _ in r.candidates[:2]] == [2, 1], r.candidates


# --------------------------------------------------------------------------- attempts before passing, in total

@pytest.mark.parametrize("form", ["{n} attempts at {x} before I finally passed it", "{n} tries on {x} before clearing it",
                                  "It took {n} attempts before I passed {x}", "{n} goes at {x} before I got through"])
@pytest.mark.parametrize("n, said", [(2, "2"), (3, "three"), (4, "four")])
@pytest.mark.parametrize("x", ["Step 1", "CK", "step 3"])
def test_grid_n_attempts_before_passing_is_asked_offering_both(form, n, said, x):
    r = reading("usmle_failures", form.format(n=said, x=x))
    asked_naming(r)
    assert {v for v, _ in r.candidates[:2]} == {n - 1, n}, r.candidates


@pytest.mark.parametrize("typed, n", [("2 failed attempts at step 1 before I passed it", 2),
                                      ("I failed step 1 four times before passing", 4),
                                      ("passed step 1 after two attempts, the rest on the first attempt", 1)])
def test_failed_attempts_before_passing_and_after_n_attempts_are_still_read(typed, n):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n, r


@pytest.mark.parametrize("form", ["I have {n} attempts in total", "{n} attempts in total", "{n} attempts altogether",
                                  "total {n} attempts so far", "I've had {n} tries overall"])
@pytest.mark.parametrize("n", ["2", "4", "three"])
def test_grid_attempts_in_total_are_not_failures_asked(form, n):
    r = reading("usmle_failures", form.format(n=n))
    asked_naming(r, n)
    assert "attempts count the passes too" in r.error, r


def test_failed_attempts_in_total_are_read():
    r = reading("usmle_failures", "2 failed attempts in total")
    assert r.ok and r.value == 2, r


# --------------------------------------------------------------------------- N years ago

@pytest.mark.parametrize("form", ["graduated {n} yrs ago", "I graduated {n} years ago", "passed out {n} yrs back",
                                  "finished med school around {n} years ago", "{n} years ago"])
@pytest.mark.parametrize("n", [2, 5, 8])
def test_grid_n_years_ago_is_asked_offering_the_year_from_today_first_and_the_one_a_rounded_count_may_mean(form, n):
    r = reading("graduation_year", form.format(n=n))
    asked_naming(r, f"{n} y")
    today_year = 2026  # the tests' today is in December: "5 years ago" is 2021, or 2022 if not quite five years
    assert [v for v, _ in r.candidates] == [today_year - n, today_year - n + 1], r.candidates


@pytest.mark.parametrize("typed, v", [("graduated last year", 2025), ("graduated in 2020, six years ago", 2020)])
def test_a_calendar_year_or_a_year_said_beside_it_is_still_read(typed, v):
    r = reading("graduation_year", typed)
    assert r.ok and r.value == v, r


# --------------------------------------------------------------------------- a cycle year

@pytest.mark.parametrize("typed, y", [("the 2027 cycle", 2027), ("2028 cycle", 2028), ("the 2028 season", 2028),
                                      ("applying in the 2027 application cycle", 2027), ("cycle 2028", 2028),
                                      ("aiming for the 2027 cycle, I will send my applications next year", 2027)])
def test_a_cycle_year_is_asked_offering_the_match_and_the_match_after(typed, y):
    r = reading("match_year", typed)
    asked_naming(r, str(y))
    assert [v for v, _ in r.candidates[:2]] == [y, y + 1], r.candidates


@pytest.mark.parametrize("typed, y", [("the 2026-2027 cycle", 2027), ("Match 2028", 2028), ("the 2027 match cycle", 2027),
                                      ("2027 cycle, interviews ongoing", 2027),
                                      ("This cycle (2026-27), interviews already started", 2027)])
def test_a_cycle_settled_by_its_span_the_word_match_or_interviews_under_way_is_read(typed, y):
    r = reading("match_year", typed)
    assert r.ok and r.value == y, r


# --------------------------------------------------------------------------- a Match given up

_PLANS = ["{y} was the plan", "I was aiming {y}", "was planning on {y}", "{y} was my target", "I wanted {y}",
          "my goal was {y}", "I had planned {y}"]
_ENDS = ["but I missed the deadline so now the next one", "but missed the ERAS deadline, so now the one after",
         "but my LORs weren't ready, so the next cycle", "but CK got postponed, now the following one"]


@pytest.mark.parametrize("plan", _PLANS)
@pytest.mark.parametrize("end", _ENDS)
@pytest.mark.parametrize("y", [2027, 2028])
def test_grid_a_match_given_up_then_the_next_one_is_the_year_after_said_back(plan, end, y):
    r = reading("match_year", f"{plan.format(y=y)} {end}")
    assert r.ok and r.value == y + 1 and f"{y} given up" in r.said, r


@pytest.mark.parametrize("typed", ["was aiming for 2027 but CK got postponed, now it's 2028",
                                   "I was planning 2027 but my visa got delayed so now it's 2028 for sure"])
def test_a_match_given_up_then_another_year_now_is_that_year(typed):
    r = reading("match_year", typed)
    assert r.ok and r.value == 2028 and "2027 given up" in r.said, r


@pytest.mark.parametrize("typed", ["2027, or if that doesn't work out the next one", "2027 and if I don't match then "
                                   "the next one", "planned 2027 but might do the next one",
                                   "2027 was the plan, maybe the next one?"])
def test_a_match_left_open_is_not_read_as_the_next_one(typed):
    r = reading("match_year", typed)
    assert not r.ok or r.value == 2027 and "given up" not in r.said, r


# --------------------------------------------------------------------------- two passports, flags

@pytest.mark.parametrize("typed", ["Born in Egypt, I have a Canadian passport now", "born in Nigeria, I hold a British "
                                   "passport now", "Born in Syria, naturalised German citizen", "🇳🇬🇬🇧",
                                   "mexicana y española 🇲🇽🇪🇸", "pakistani y canadiense", "egipcio y canadiense"])
def test_a_birth_country_beside_a_later_passport_or_two_nationalities_is_asked_which_passport(typed):
    r = reading("citizenship", typed)
    assert not r.ok and len(r.candidates) >= 2 and "passport" in r.error, r


@pytest.mark.parametrize("typed, code", [("Born in Egypt, now Canadian, I gave up the Egyptian one", "CA"),
                                         ("Born in Lahore, now Canadian citizen (gave up the Pakistani one)", "CA"),
                                         ("Born in Tajikistan, but now I have Russian citizenship only", "RU"),
                                         ("born in Kuwait, Indian passport", "IN"), ("🇵🇰", "PK"), ("🇮🇳", "IN"),
                                         ("Egyptian 🇪🇬", "EG"), ("Indian origin, US citizen now", "US"),
                                         ("Indian origin, but I'm a US citizen now", "US"), ("nigerian and proud", "NG")])
def test_one_nationality_kept_a_flag_or_an_origin_beside_a_us_citizenship_is_read(typed, code):
    r = reading("citizenship", typed)
    assert r.ok and r.value == code, r


def test_a_us_citizenship_beside_another_passport_is_still_asked():
    r = reading("citizenship", "Indian passport, US citizen too")
    assert not r.ok and {"US", "IN"} <= {v for v, _ in r.candidates}, r


# --------------------------------------------------------------------------- clear replies that were asked

@pytest.mark.parametrize("typed, v", [("scroe 2 4 3", 243), ("score: 2 5 1", 251), ("2️⃣4️⃣3️⃣", 243), ("2⃣3⃣8⃣", 238)])
def test_a_score_typed_digit_by_digit_after_its_word_or_as_keycaps_is_read_and_said_back(typed, v):
    r = reading("step2_ck_score", typed)
    assert r.ok and r.value == v and typed in r.said, r


@pytest.mark.parametrize("typed", ["2 4 5", "step 2 4 3"])
def test_digits_alone_or_after_step_are_not_joined(typed):
    r = reading("step2_ck_score", typed)
    assert not r.ok, r


@pytest.mark.parametrize("typed, v", [("Step 1: F, P. Step 2 CK: P. Step 3: F, F, P", 3), ("S1: F/P. CK: F, P", 2),
                                      ("step 1 - P; ck - P", 0)])
def test_each_steps_results_as_letters_are_added_up_and_said_back(typed, v):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == v and "Step" in r.said, r


@pytest.mark.parametrize("typed", ["Step 1: F, P", "Step 1: F, P. CS: F, P", "Step 1: F, P. Step 3: F, P. long story"])
def test_letters_for_one_step_cs_or_with_more_words_are_left_to_the_other_readers(typed):
    r = reading("usmle_failures", typed)
    assert not r.ok, r


@pytest.mark.parametrize("typed, v", [("not this March, the one after", 2028), ("Not this one, the next one", 2028),
                                      ("not this one, the next cycle", 2028), ("27", 2027), ("'28", 2028),
                                      ("Already applied, waiting for interviews 🙏", 2027)])
def test_a_match_said_by_the_season_or_two_digits_is_read_and_said_back(typed, v):
    r = reading("match_year", typed)
    assert r.ok and r.value == v and r.said, r


@pytest.mark.parametrize("typed", ["not this one", "26", "40", "already applied, waiting for interviews or maybe next "
                                   "year"])
def test_a_match_not_settled_by_the_season_or_out_of_range_is_not_read(typed):
    r = reading("match_year", typed)
    assert not r.ok, r


@pytest.mark.parametrize("typed, v", [("Me gradué en 2019... sorry, I graduated 2019, Universidad de Guadalajara", 2019),
                                      ("graduated 2019, yes 2019", 2019),
                                      ("I graduated po last 2020, then took the boards 2021", 2020),
                                      ("will graduate next year in shaa Allah", 2027),
                                      ("We were supposed to finish in 2020 but covid delayed our finals, so we "
                                       "graduated 2021", 2021),
                                      ("should have graduated in 2019, finished 2020", 2020)])
def test_a_graduation_year_said_twice_beside_board_exams_or_a_year_that_was_not_is_read(typed, v):
    r = reading("graduation_year", typed)
    assert r.ok and r.value == v, r


@pytest.mark.parametrize("typed", ["graduated 2019 and 2020", "final exams in 2016, certificate in 2017",
                                   "last year in med school"])
def test_two_real_graduation_years_or_a_year_of_study_are_still_asked(typed):
    r = reading("graduation_year", typed)
    assert not r.ok, r


@pytest.mark.parametrize("typed, v", [("took CK in august, UWorld first pass was 68%, NBMEs were 245-250 and the real "
                                       "thing came back 253, step 1 passed back in 2024", 253),
                                      ("NBMEs 240-250, got 247 on the real one", 247)])
def test_a_practice_range_beside_the_real_score_is_set_aside_and_named(typed, v):
    r = reading("step2_ck_score", typed)
    assert r.ok and r.value == v and "practice" in r.said, r


@pytest.mark.parametrize("typed", ["I scored 245-250", "CK 245-250 i think", "NBMEs 240-250"])
def test_a_range_of_ones_own_or_practice_alone_is_still_asked(typed):
    r = reading("step2_ck_score", typed)
    assert not r.ok, r


@pytest.mark.parametrize("typed, v", [("got through Step 1 on the second go and CK on the first", 1),
                                      ("I passed Step 1 on my third attempt and Step 2 CK on my second.", 3),
                                      ("cleared step 3 on the 2nd try and ck on the first", 1),
                                      ("Step 1 - 1 fail, CK - first attempt, Step 3 - 2 fails", 3),
                                      ("Step 1: clean, CK: clean", 0)])
def test_passes_on_numbered_attempts_or_each_steps_result_are_added_up_and_said_back_per_step(typed, v):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == v and "Step" in r.said, r


@pytest.mark.parametrize("typed", ["I passed Step 1 on my third attempt and Step 2 CK on my second?",
                                   "passed step 1 on the second attempt and ck on the second attempt, step 3 failed once"])
def test_passes_on_numbered_attempts_with_a_question_or_more_said_are_left_to_the_other_readers(typed):
    r = reading("usmle_failures", typed)
    assert not r.ok or r.value == 3, r


@pytest.mark.parametrize("typed, v", [("S3 failed 1x, rest clean", 1), ("step 1 failed once, rest clean", 1),
                                      ("failed step 1 twice, rest were clean", 2), ("failed ck once, others all clean", 1)])
def test_the_rest_clean_adds_nothing_and_is_said_back_as_the_other_steps_not_other_people(typed, v):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == v and "rest on the first attempt" in r.said and "someone else" not in r.said, r


def test_the_rest_clean_with_no_count_before_it_is_still_asked():
    assert not reading("usmle_failures", "took me three attempts, rest clean").ok


def test_the_users_own_question_whether_cs_counts_is_asked_naming_cs_not_answered_yes():
    r = reading("usmle_failures", "Failed once; does CS count?")
    asked_naming(r, "CS")
    assert "yes" not in r.error.lower() and [v for v, _ in r.candidates[:2]] == [1, 0], r
