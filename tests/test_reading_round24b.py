"""Issue 23, round 24b: a closing total after a history told with a retake word.

A fresh blind set stored 2 for "...then CK i had a really bad day and failed it, retook 4 months later and passed,
step 3 havent taken yet. so thats one fail" ("Step 2 CK: 1, another Step: 1"). The retake restated CK's failure; the
second count was the user's own closing total, "so thats one fail", whose failure word was tallied as one more failure
on no Step. A closing total is now checked against the count of the history: read when they agree, asked naming both
when they do not, never silently overridden by either. Each story is a reply an IMG types; a blind set's sentence
appears at most once, never alone."""

from __future__ import annotations

import pytest

from tests.reading_grid24b import retake_grid
from tests.test_reading_round14 import reading
from tests.test_reading_round23b import _wrong


@pytest.mark.quality
def test_retake_grid_stores_no_count_its_label_does_not_allow():
    items = retake_grid()
    assert len(items) >= 1000
    assert not _wrong(items), _wrong(items)[:8]


def test_a_retake_and_the_users_own_closing_total_are_one_failure_said_back_with_the_step():
    r = reading("usmle_failures", "so step 1 i passed first go back in 2022, then CK i had a really bad day and failed "
                                  "it, retook 4 months later and passed, step 3 havent taken yet. so thats one fail")
    assert r.ok and r.value == 1, r
    assert "Step 2 CK" in r.said and "another Step" not in r.said


@pytest.mark.parametrize("typed, n", [("failed step 1, resat it and passed. which makes 1 failure", 1),
                                      ("failed step 1 twice, then CK once. so thats 3 fails in total", 3),
                                      ("failed CK, second sitting passed. so that's one fail", 1),
                                      ("failed s1, retook and passed, failed step 3 too, reattempted and passed. so "
                                       "thats two fails", 2)])
def test_a_closing_total_that_agrees_with_the_history_is_read(typed, n):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n, r


@pytest.mark.parametrize("typed, counted, closing", [
    ("failed CK, passed on retake. so thats two fails", 1, 2),
    ("step 1 failed, retook it 2 months later and passed, CK first go. so that's 2 fails", 1, 2),
    ("failed step 1 and CK once each, retook both and passed. so one fail", 2, 1)])
def test_a_closing_total_that_disagrees_is_asked_naming_both_and_offering_both_first(typed, counted, closing):
    r = reading("usmle_failures", typed)
    assert not r.ok and r.doubt and r.doubt.lower() in r.error.lower(), r
    assert str(counted) in r.doubt and str(closing) in r.doubt
    assert {v for v, _ in r.candidates[:2]} == {counted, closing}


def test_a_retake_alone_restates_the_failure_of_the_step_just_named():
    for typed in ("failed CK, retook it and passed", "step 3 failed, reattempted, passed",
                  "flunked step 1, passed the retake", "failed CK, resat and passed"):
        r = reading("usmle_failures", typed)
        assert r.ok and r.value == 1, (typed, r)


@pytest.mark.parametrize("typed, n", [("failed step1 then retook it after 3 months n passed", 1),
                                      ("failed CK, resat it 6 weeks later and passed", 1),
                                      ("failed CK 2 times, 6 months apart", 2)])
def test_how_long_before_the_retake_is_not_a_count_of_failures(typed, n):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n, r
