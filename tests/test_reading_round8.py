"""Issue 23, round 8: the eighth held-out set's lessons, as kinds, in new words. A negating prefix joined to a
field word ("non-radiology", "non imaging") negates the field; a result still awaited at a step is asked, naming
it; a green card named as a goal is not one held; yes and no both hedged are asked.
"""

from __future__ import annotations

import pytest

from dialogs.reading import understand
from knowledge.base import load_knowledge
from tests.test_reading import TODAY

KB = load_knowledge()


def reading(qid: str, text: str, **answers):
    return understand(KB.question(qid), text, answers, TODAY).reading


@pytest.mark.parametrize("typed", [
    "two posters, both non-radiology",
    "one case report, non radiology",
    "a couple of abstracts, non-imaging stuff",
])
def test_a_field_word_after_non_is_not_that_field(typed):
    r = reading("research", typed)
    assert r.ok and r.value == "non_radiology", (typed, r)


def test_a_plain_radiology_paper_is_still_radiology():
    r = reading("research", "one radiology paper")
    assert r.ok and r.value == "radiology", r


@pytest.mark.parametrize("typed, doubt", [
    ("finished step 3, waiting for the score", "waiting for the score"),
    ("step 3 done last week, results pending", "results pending"),
    ("done with it, score not out yet", "score not out yet"),
])
def test_a_step_3_result_still_awaited_is_asked_naming_it_not_stored_passed(typed, doubt):
    r = reading("step3", typed)
    assert not r.ok and doubt in r.doubt and r.doubt in r.error, (typed, r)


@pytest.mark.parametrize("typed", ["passed it, the result came last week", "done and passed"])
def test_a_step_3_passed_with_its_result_is_still_passed(typed):
    r = reading("step3", typed)
    assert r.ok and r.value == "passed", (typed, r)


def test_a_step_2_ck_result_still_awaited_is_asked():
    r = reading("step2_ck_score", "CK done, results awaited")
    assert not r.ok and "results awaited" in r.doubt, r


@pytest.mark.parametrize("typed", [
    "only H1B, I need the pathway to a green card",
    "H-1B only please, green card is the goal",
])
def test_a_green_card_named_as_a_goal_is_not_held_and_h1b_only_decides(typed):
    r = reading("visa", typed)
    assert r.ok and r.value == "h1b_only", (typed, r)


def test_a_green_card_as_a_goal_alone_is_not_stored_as_held():
    r = reading("visa", "I need the road to a GC")
    assert not r.ok, r


@pytest.mark.parametrize("typed", ["I have a green card", "green card holder, so no visa needed"])
def test_a_green_card_held_is_still_no_visa_needed(typed):
    r = reading("visa", typed)
    assert r.ok and r.value == "no_visa_needed", (typed, r)


@pytest.mark.parametrize("typed", ["sorta yes sorta no", "half yes half no", "kind of yes kind of no"])
def test_a_yes_and_a_no_both_hedged_is_asked_naming_them(typed):
    r = reading("must_match_this_cycle", typed)
    assert not r.ok and r.doubt and r.doubt in r.error, (typed, r)


@pytest.mark.parametrize("typed, value", [("no, I can wait", False)])
def test_one_hedged_answer_is_still_read(typed, value):
    r = reading("must_match_this_cycle", typed)
    assert r.ok and r.value is value, (typed, r)


def test_kinda_yes_is_asked_since_round_14():
    """Round 14 (the fifteenth blind set): a hedge on a yes ("kinda yes") leaves "essential" open: asked, naming it."""
    r = reading("must_match_this_cycle", "kinda yes")
    assert not r.ok and "kinda" in r.doubt and r.doubt in r.error, r
