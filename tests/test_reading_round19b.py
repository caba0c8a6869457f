"""Issue 23, round 19b: the twentieth blind set stored "paper under review, rads topic" as research in radiology. Work
under review, submitted or pending a decision is not an output yet; round 15b asked it when the field and the status
stood in one part ("radiology paper under review"), but a field named in a part of its own ("…, rads topic") was read
as an output. Each story is a reply an IMG types; the blind set's sentence appears once, never alone."""

from __future__ import annotations

import itertools

import pytest

from tests.test_reading_round14 import reading  # the same "today" as the earlier rounds

_WORKS = ["paper", "manuscript", "case report", "abstract", "article"]
_STATUS = ["under review", "submitted", "in review", "pending acceptance", "awaiting decision", "under peer review"]
_FIELDS = ["rads topic", "radiology", "on CT", "topic: MRI", "neuroimaging", "cardiology topic", "field is IR",
           "about breast imaging"]
_JOINS = [", ", " - ", ". ", "; "]


def test_the_blind_sets_reply_is_asked_naming_the_work_under_review():
    r = reading("research", "paper under review, rads topic")
    assert not r.ok and "under review" in r.doubt, r


@pytest.mark.parametrize("typed", [
    "rads topic, paper under review", "paper submitted, radiology", "manuscript in review, on CT",
    "One manuscript under review. Topic: MRI in multiple sclerosis", "article submitted to AJR, it's about neuroimaging",
    "a case report pending acceptance, radiology", "radiology case report pending acceptance",
    "Submitted a manuscript last month; subject is breast imaging", "study under peer review, field: radiology",
    "pending decision on a paper, imaging related", "in review at a journal, radiology paper",
    "paper under review - cardiology topic"])
def test_work_not_yet_accepted_is_asked_whichever_part_names_its_field(typed):
    r = reading("research", typed)
    assert not r.ok and r.doubt, (typed, r)


@pytest.mark.quality  # a grid of hundreds to thousands of replies: in `pytest --slow` (.ci/run), not the everyday run
def test_grid_every_order_and_spelling_of_pending_work_and_its_field_is_never_stored():
    stored = []
    for work, status, field, join in itertools.product(_WORKS, _STATUS, _FIELDS, _JOINS):
        for typed in (f"{work} {status}{join}{field}", f"{field}{join}{work} {status}", f"{status}{join}{field} {work}"):
            r = reading("research", typed)
            if r.ok:
                stored.append((typed, r.value))
    assert not stored, (len(stored), stored[:10])


@pytest.mark.parametrize("typed", ["manuscript in preparation, radiology", "writing a case report, topic is MSK",
                                   "drafting a paper, neuroradiology"])
def test_work_in_preparation_with_its_field_apart_is_none_yet_said_back_with_why(typed):
    r = reading("research", typed)
    assert r.ok and r.value == "none" and "not done yet" in r.said, (typed, r)


@pytest.mark.parametrize("typed, value", [
    # in press / accepted: the journal has taken it; ERAS lists accepted work, so it is an output of its field
    ("paper in press, rads topic", "radiology"), ("radiology paper in press", "radiology"),
    ("one article accepted in a cardiology journal", "non_radiology"),
    # an output said as well is still read
    ("published 2 radiology papers, one more under review", "radiology"),
    ("2 cardiology posters presented, another paper submitted", "non_radiology"),
    ("paper under review, and I presented a radiology poster at RSNA", "radiology"),
    ("radiology poster presented last year", "radiology")])
def test_an_output_said_beside_pending_work_is_still_read(typed, value):
    r = reading("research", typed)
    assert r.ok and r.value == value, (typed, r)


# --------------------------------------------------------------------------- failed attempts: a list, another exam

@pytest.mark.parametrize("typed, n", [("s1 x2 fail, s3 x1", 3), ("step 1 x2 failed, step 3 x1", 3),
                                      ("s1 x1 fail, ck x1", 2)])
def test_a_failure_word_after_the_first_item_scopes_over_the_list(typed, n):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == n and "Step 1" in r.said, (typed, r)


@pytest.mark.parametrize("typed", ["s1 x2 fail, s3 x1 pass", "s1 x2 fail, s3 x1?"])
def test_a_list_with_a_pass_or_a_question_is_still_asked(typed):
    assert not reading("usmle_failures", typed).ok, typed


@pytest.mark.parametrize("typed", ["no usmle fails. plab1 failed once tho", "zero usmle failures, failed plab2 once"])
def test_a_plab_failure_beside_no_usmle_failure_is_set_aside_and_named(typed):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == 0 and "plab" in r.said and "not a USMLE Step" in r.said, (typed, r)


@pytest.mark.parametrize("typed", ["plab1 failed once", "no usmle fails. failed once tho"])
def test_a_failure_with_no_usmle_step_named_is_still_asked(typed):
    assert not reading("usmle_failures", typed).ok, typed


def test_grid_work_in_preparation_with_its_field_in_any_order_is_none_yet_never_an_output():
    works, fields = ["paper", "manuscript", "case report", "abstract"], ["rads topic", "on CT", "cardiology topic"]
    status = ["in preparation", "being written", "writing", "drafting", "in progress", "working on"]
    got = {}
    for w, st, f in itertools.product(works, status, fields):
        for typed in (f"{w} {st}, {f}", f"{st} {w}. {f}", f"{f}; {w} {st}"):
            r = reading("research", typed)
            got[typed] = r.value if r.ok else "ask"
    assert set(got.values()) == {"none"}, [(t, v) for t, v in got.items() if v != "none"][:10]
