"""Issue 23, round 20b: the twenty-second blind set stored "It took me three attempts to clear Step 1, rest all
first attempt only" as no failed attempt. The clause "rest all first attempt" names no Step and no verb, so it was
joined to the clause before, and its "first attempt" was taken as Step 1's. Three attempts to pass is two failed;
"the rest first attempt" adds nothing for the others. Each story is a reply an IMG types; the blind set's sentence
appears once, never alone."""

from __future__ import annotations

import itertools

import pytest

from tests.test_reading_round14 import reading  # the same "today" as the earlier rounds

_WORDS = {2: "two", 3: "three"}
_ORDINALS = {2: ("2nd", "second"), 3: ("3rd", "third")}
_FORMS = ["took me {n} attempts to clear {x}", "It took me {n} tries to pass {x}", "needed {n} attempts for {x}",
          "{x} took me {n} tries", "cleared {x} in the {o} attempt", "passed {x} on the {o} try"]
_STEPS = {"step 1": "ck", "s1": "ck", "ck": "step 1", "step 2 ck": "step 3", "Step 3": "step 1"}
_TAILS = ["", ", rest all first attempt only", ", the others first try", ". Remaining ones first attempt.",
          ", {y} first attempt", " 😞 rest all first attempt"]


def test_the_blind_sets_reply_is_two_failed_said_back_with_step_1():
    r = reading("usmle_failures", "It took me three attempts to clear Step 1, rest all first attempt only")
    assert r.ok and r.value == 2 and "Step 1" in r.said and "rest on the first attempt" in r.said, r


@pytest.mark.quality  # a grid of hundreds to thousands of replies: in `pytest --slow` (.ci/run), not the everyday run
def test_grid_every_form_number_and_step_with_or_without_the_rest_first_time_is_attempts_less_one():
    wrong, asked = [], []
    for form, (step, other), tail, n in itertools.product(_FORMS, _STEPS.items(), _TAILS, (2, 3)):
        for said in ({str(n), _WORDS[n]} if "{n}" in form else set(_ORDINALS[n])):
            typed = (form + tail).format(n=said, o=said, x=step, y=other)
            r = reading("usmle_failures", typed)
            if r.ok and r.value != n - 1:
                wrong.append((typed, r.value))
            elif not r.ok:
                asked.append(typed)
    assert not wrong and not asked, (len(wrong), wrong[:5], len(asked), asked[:5])


@pytest.mark.parametrize("typed, n", [
    ("took me 2 attempts to pass CK, rest all first attempt", 1),
    ("It took 4 goes to get through step 2 ck, everything else first time", 3),
    ("It took me 3 chances to clear step one. Others all first attempt.", 2),
    ("I passed Step 1 after two attempts, the rest on the first attempt", 1),  # after N attempts: N in all
    ("passed step 1 after 2 failed attempts, rest first attempt", 2),  # after N failed attempts: N failed
    ("It took me three attempts to clear step 1 and two attempts to clear CK", 3),
    ("ck took me 2 attempts, step 1 and step 3 first attempt", 1),
    ("took me 3 attempts to clear step 1, failed ck once too, rest first attempt", 3)])
def test_attempts_to_pass_a_step_count_all_but_the_last(typed, n):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n, (typed, r)


@pytest.mark.parametrize("typed", [
    "It took me three attempts to clear Step 1, the rest on the second attempt",  # the rest failed too: how often?
    "took me three attempts, rest all first attempt",  # which Step?
    "rest all first attempt",  # the rest of what?
    "took me 3 attempts to clear step 1 and ck, rest first attempt",  # each, or in all?
    "took me three attempts to clear Step 1 or maybe four, rest first attempt"])
def test_a_count_that_cannot_be_settled_is_asked_naming_it_never_stored_as_zero(typed):
    r = reading("usmle_failures", typed)
    assert not r.ok and r.doubt, (typed, r)


@pytest.mark.parametrize("typed, n", [
    ("step1 failed twice 😞 ck first attempt pass", 2), ("failed ck once 😔 step 1 first attempt", 1),
    ("step 2 failed once 😭 step 3 passed first try", 1), ("step 1 first attempt 😊 ck failed once 😞", 1),
    ("step1 failed twice 😞 ck failed once", 3)])
def test_an_emoji_between_two_clauses_ends_the_first(typed, n):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n, (typed, r)


def test_a_step_said_too_after_an_emoji_is_asked():
    r = reading("usmle_failures", "step1 failed twice 😞 ck too")
    assert not r.ok and "ck too" in r.doubt, r


@pytest.mark.parametrize("typed, n, said", [
    ("Failed CK once, step 1 twice and step 3 once. Long story", 4, "Step 2 CK: 1, Step 1: 2, Step 3: 1"),
    ("failed step 1 once, ck once and step 3 once", 3, "Step 1: 1, Step 2 CK: 1, Step 3: 1")])
def test_failed_said_once_scopes_over_the_list_of_steps_each_with_its_count(typed, n, said):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n and said in r.said, (typed, r)


@pytest.mark.parametrize("typed", [
    "failed ck once, took step 1 twice and step 3 once",  # took: attempts, not failures
    "Failed CK once, step 1 twice and step 3 once?",  # the user asks
    "failed ck once, step 1 and step 3 twice",  # each, or in all?
    "2 failures in total, step 1 and ck, passed on the third attempt"])  # a total the third attempt does not fit
def test_near_misses_are_asked(typed):
    r = reading("usmle_failures", typed)
    assert not r.ok and r.doubt, (typed, r)


def test_a_total_in_a_clause_of_its_own_beside_the_steps_that_add_up_to_it_is_read():
    r = reading("usmle_failures", "Four in total 😔 Step 1 x2, CK x2")
    assert r.ok and r.value == 4, r


# --------------------------------------------------------------------------- a planned one; the upcoming March

@pytest.mark.parametrize("typed", ["I have one in neuroradiology planned for Feb", "got one in IR booked for march",
                                   "One in body imaging is scheduled for January"])
def test_one_planned_in_radiology_is_none_yet_said_back_with_why(typed):
    r = reading("radiology_experience", typed)  # "one" stands for the level named earlier: only planned, whichever
    assert r.ok and r.value == "none" and "planned, not done yet" in r.said, (typed, r)


@pytest.mark.parametrize("typed", ["I have one in neuroradiology", "did one in neuroradiology, another planned for Feb",
                                   "I have one in cardiology planned for Feb"])
def test_one_done_or_in_another_field_is_still_asked(typed):
    r = reading("radiology_experience", typed)
    assert not r.ok and r.doubt, (typed, r)


@pytest.mark.parametrize("typed", ["The upcoming March, interviews have already started for me 🙏",
                                   "coming march, already got 3 interviews", "upcoming March, interviews ongoing"])
def test_the_upcoming_march_with_interviews_under_way_is_the_next_match_said_back(typed):
    r = reading("match_year", typed)  # today 2026-11-30: the next March is the 2027 Match
    assert r.ok and r.value == 2027 and "interviews under way" in r.said, (typed, r)


@pytest.mark.parametrize("typed", ["the upcoming March or the one after, interviews started",
                                   "The upcoming March, I graduate then", "upcoming march, no interviews yet"])
def test_the_upcoming_march_beside_another_choice_or_no_interviews_is_asked(typed):
    r = reading("match_year", typed)
    assert not r.ok and r.doubt, (typed, r)


# --------------------------------------------------------------------------- older leftovers: a US citizen too; next

@pytest.mark.parametrize("typed", ["born in Egypt, now a US citizen as well", "Egyptian passport, also have US citizenship",
                                   "Nigerian and a US citizen too"])
def test_a_us_citizenship_beside_another_nationality_is_asked_offering_both(typed):
    r = reading("citizenship", typed)  # a US citizen needs no visa: which nationality should the plan use?
    assert not r.ok and "US citizen" in r.doubt and r.candidates[0][0] == "US", (typed, r)


@pytest.mark.parametrize("typed, code", [("Egyptian, not a US citizen", "EG"),
                                         ("Pakistani, my husband is a US citizen", "PK"),
                                         ("Indian, applying for US citizenship through my spouse", "IN")])
def test_a_us_citizenship_denied_someone_elses_or_not_yet_leaves_the_nationality(typed, code):
    r = reading("citizenship", typed)
    assert r.ok and r.value == code, (typed, r)


@pytest.mark.parametrize("typed, value", [
    ("cardiology paper published, radiology topic next", "non_radiology"),
    ("cardiology paper published, next one on radiology", "non_radiology"),
    ("One IM poster presented and a rads project up next", "non_radiology"),
    ("radiology paper published, cardiology one next", "radiology"),
    ("2 radiology posters presented, next is a paper", "radiology")])
def test_what_comes_next_in_research_is_a_plan_and_only_the_work_done_counts(typed, value):
    r = reading("research", typed)
    assert r.ok and r.value == value, (typed, r)
    assert "planned " + "radiology" not in r.said.lower() or "planned" in typed  # said back in the user's own words


def test_next_alone_said_back_in_the_users_words():
    r = reading("research", "next: a radiology paper")
    assert r.ok and r.value == "none" and "“next a radiology paper”" in r.said, r
