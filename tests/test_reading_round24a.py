"""Issue 23, round 24a: two fresh blind sets stored a wrong value at two of my questions. At English, "people tell me
it's good but honestly I'm not confident" was stored Needs work: others' view set aside, the user's own words are a
feeling, not a rating. At Must match this cycle, "Yes but only radiology, I won't take a prelim or any other
specialty" was stored Yes: a yes for radiology alone is a condition on a question about matching into some residency.
Each story is a reply an IMG types; a grid of my own wordings at each, and near-misses that must still read."""

from __future__ import annotations

import itertools

import pytest

from tests.test_reading_round14 import reading

_OTHERS = ["people tell me it's good", "my friends say it's strong", "I've been told it's excellent",
           "attendings said it was very good", "everyone says it's fine"]
_FEELINGS = ["honestly I'm not confident", "I don't feel confident", "I get nervous", "I'm shy speaking",
             "I lack confidence", "I'm not sure of myself"]


@pytest.mark.parametrize("others, feeling", list(itertools.product(_OTHERS, _FEELINGS)))
def test_others_view_beside_a_feeling_is_asked_naming_the_feeling_offering_average_and_needs_work(others, feeling):
    r = reading("english", f"{others} but {feeling}")
    assert not r.ok, r
    offered = {v for v, _ in r.candidates}
    assert "weak" in offered, r  # (a few were already asked between Strong and Needs work, naming their own doubt)
    assert r.doubt and r.doubt.lower().strip("“”") in r.error.lower(), r


def test_the_blind_sets_sentence_is_asked_naming_the_feeling_offering_average_and_needs_work_and_strong():
    r = reading("english", "people tell me it's good but honestly I'm not confident")
    assert not r.ok and r.doubt == "“not confident”", r
    assert [v for v, _ in r.candidates] == ["average", "weak", "strong"], r


def test_a_high_rating_of_ones_own_beside_a_feeling_is_asked():
    r = reading("english", "I'm fluent, I just lack confidence")
    assert not r.ok and {"strong", "average", "weak"} <= {v for v, _ in r.candidates}, r


@pytest.mark.parametrize("typed, value", [
    ("needs work, I get nervous speaking on the phone", "weak"),
    ("I'm not confident", "weak"),
    ("strong", "strong"),
    ("people say it's good and I agree, I'm confident", "strong"),
])
def test_a_rating_of_ones_own_or_a_feeling_alone_still_reads(typed, value):
    r = reading("english", typed)
    assert r.ok and r.value == value, r


_YES = ["Yes", "yes", "absolutely", "definitely", "essential", "must"]
_LIMITS = ["but only radiology", "but radiology only", "only rads", "but only if it's radiology", "but not a backup",
           "but radiology or nothing", "but only DR", "but I won't take a prelim"]


@pytest.mark.parametrize("yes, limit", list(itertools.product(_YES, _LIMITS)))
def test_a_yes_limited_to_radiology_is_asked_naming_the_limit_and_what_each_answer_means(yes, limit):
    r = reading("must_match_this_cycle", f"{yes}, {limit}")
    assert not r.ok, r
    assert {True, False} <= {v for v, _ in r.candidates}, r


def test_the_blind_sets_sentence_is_asked_naming_only_radiology():
    r = reading("must_match_this_cycle", "Yes but only radiology, I won't take a prelim or any other specialty")
    assert not r.ok and r.doubt == "“only radiology”", r
    assert "backup" in r.error and "wait another year" in r.error, r


@pytest.mark.parametrize("typed, value", [
    ("yes, any specialty", True), ("yes, I'd take IM or FM as backup", True), ("yes, even a prelim", True),
    ("no, only radiology matters", False), ("yes", True), ("must match, no plan b", True),
    ("Absolutely, there is nothing else for me back home", True), ("yes, no backup, my visa runs out", True),
])
def test_a_yes_open_to_any_residency_and_a_no_still_read(typed, value):
    r = reading("must_match_this_cycle", typed)
    assert r.ok and r.value is value, r
