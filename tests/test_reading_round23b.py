"""Issue 23, round 23b: a span of two years at the Match, and a stress grid at the research and visa questions.

A fresh blind set stored "The 2027-28 cycle" as the 2028 Match. A span is ambiguous: the 2027-28 application season
ends in the 2028 Match, but the 2027-28 academic year is the first residency year of the 2027 Match. An IMG who types
a bare span is asked, offered both Matches with that reason, unless the same reply settles it (the Match or ERAS named
with a year, the month applications go out, the month residency starts) or one of the two Matches is already past.
Each story is a reply an IMG types; a blind set's sentence appears at most once, never alone."""

from __future__ import annotations

import pytest

from tests.reading_grid23b import research_visa_grid, span_grid
from tests.test_reading_round14 import asked_naming, reading


def _wrong(items):
    out = []
    for rule, qid, typed, allowed in items:
        r = reading(qid, typed)
        if r.ok and (r.value not in allowed or isinstance(r.value, bool)):
            out.append((rule, typed, r.value))
        if not r.ok and r.candidates:
            assert r.doubt and r.doubt.lower() in r.error.lower(), (typed, r)
    return out


# --------------------------------------------------------------------------- a span of two years at the Match


def test_span_grid_stores_no_match_its_label_does_not_allow():
    items = span_grid()
    assert len(items) >= 400
    assert not _wrong(items), _wrong(items)[:8]


@pytest.mark.parametrize("typed, span", [("The 2027-28 cycle", "2027-28"), ("2027-28", "2027-28"),
                                         ("2027/2028", "2027/2028"), ("27-28", "27-28"),
                                         ("cycle 2027-2028", "2027-2028"), ("the 2027-28 season", "2027-28"),
                                         ("the 2027-28 year", "2027-28"), ("27/28 cycle inshallah", "27/28"),
                                         ("2027-2028 academic year", "2027-2028")])
def test_a_bare_span_is_asked_offering_both_matches_and_saying_why(typed, span):
    r = reading("match_year", typed)
    asked_naming(r, span)
    assert {2027, 2028} <= {v for v, _ in r.candidates[:2]}
    assert "2028 Match" in r.error and "2027 Match" in r.error and "academic year" in r.error


def test_a_span_called_a_year_offers_its_first_years_match_first_a_cycle_its_second():
    assert reading("match_year", "2027-28 academic year").candidates[0][0] == 2027
    assert reading("match_year", "the 2027-28 cycle").candidates[0][0] == 2028


@pytest.mark.parametrize("typed, year", [("2027-28 cycle, ERAS 2028", 2028),
                                         ("The 2027-28 cycle, applying September 2027", 2028),
                                         ("2027-28 season, Match 2028", 2028),
                                         ("2027-28, starting residency July 2027", 2027),
                                         ("2027/2028, starting residency July 2027", 2027),
                                         ("27-28 cycle, will submit ERAS in sept 2027", 2028),
                                         ("the 2027-2028 application cycle", 2028)])
def test_a_span_the_same_reply_settles_is_read_and_said_back_with_the_span(typed, year):
    r = reading("match_year", typed)
    assert r.ok and r.value == year, r
    assert str(year) in r.said


@pytest.mark.parametrize("typed", ["the 2026-27 cycle", "this cycle (2026/27)"])
def test_a_span_whose_first_match_is_past_is_the_coming_one(typed):
    r = reading("match_year", typed)
    assert r.ok and r.value == 2027 and "season ends in the 2027 Match" in r.said, r


@pytest.mark.parametrize("typed", ["2027-28 cycle, Match 2027 or 2028", "2027-28, ERAS 2028 or 2029 not sure",
                                   "2027-28 cycle, starting residency July 2028 hopefully, match 2027",
                                   "27-28 cycle, Match 2030", "2027-29"])
def test_a_span_beside_a_doubt_another_year_or_a_wider_range_is_asked(typed):
    r = reading("match_year", typed)
    assert not r.ok and r.doubt, r


@pytest.mark.parametrize("typed, year", [("Match 2028", 2028), ("the 2028 match", 2028), ("m28", 2028)])
def test_a_match_year_without_a_span_reads_as_before(typed, year):
    r = reading("match_year", typed)
    assert r.ok and r.value == year, r


# --------------------------------------------------------------------------- the research and visa grid


@pytest.mark.quality  # a grid of hundreds to thousands of replies: in `pytest --slow` (.ci/run), not the everyday run
def test_research_and_visa_grid_stores_no_value_its_label_does_not_allow():
    items = research_visa_grid()
    assert len(items) >= 300
    assert not _wrong(items), _wrong(items)[:8]


@pytest.mark.parametrize("typed", ["would rather avoid J1", "I want to avoid J-1", "trying to avoid the J1",
                                   "avoiding J1 if I can"])
def test_a_j1_to_avoid_is_never_j1_fine(typed):
    r = reading("visa", typed)
    assert r.value != "j1_ok" and (not r.ok or r.value == "h1b_only"), r


@pytest.mark.parametrize("typed", ["hate the J1 idea", "I dislike J-1 but will take it if needed"])
def test_a_j1_hated_or_disliked_is_asked_naming_the_word(typed):
    asked_naming(reading("visa", typed))


@pytest.mark.parametrize("typed", ["cardiology case report, imaging was not the focus",
                                   "an IM paper, imaging had no role", "a surgery paper, no imaging involved"])
def test_imaging_said_to_play_no_part_leaves_the_other_field(typed):
    r = reading("research", typed)
    assert r.ok and r.value == "non_radiology", r


@pytest.mark.parametrize("qid, typed, value", [("visa", "J1 is my last resort", "j1_ok"),
                                               ("visa", "H1B only, I want to avoid the 2 year home rule", "h1b_only"),
                                               ("research", "poster on echo findings at a cardiology conference",
                                                "radiology"),
                                               ("research", "a paper on CT in stroke, imaging was the focus",
                                                "radiology")])
def test_near_misses_read_as_before(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value == value, r


@pytest.mark.parametrize("typed", ["J1 never", "J-1 no thanks", "J1 unacceptable"])
def test_a_j1_refused_after_its_name_is_h1b_only(typed):
    r = reading("visa", typed)
    assert r.ok and r.value == "h1b_only", r


@pytest.mark.parametrize("typed", ["my kids are US citizens", "my kid is a US citizen", "my partner is a US citizen"])
def test_a_child_or_partners_us_citizenship_is_not_the_users(typed):
    r = reading("visa", typed)
    assert not r.ok and "someone else" in r.doubt, r


def test_a_green_card_coming_is_not_held_yet():
    r = reading("visa", "green card coming in 2027")
    assert not r.ok and r.doubt, r


def test_an_acknowledgement_is_not_authorship():
    asked_naming(reading("research", "acknowledged in a radiology paper"), "acknowledged")


@pytest.mark.parametrize("typed, words", [("I gave up my green card", "gave up"), ("former US citizen", "former"),
                                          ("green card holder until 2020", "until"), ("US citizen? I wish", "I wish"),
                                          ("green card in hand by june", "in hand by")])
def test_a_green_card_or_citizenship_not_held_now_is_asked_naming_why(typed, words):
    asked_naming(reading("visa", typed), words)


@pytest.mark.parametrize("typed", ["nope to J1", "nah for the J-1", "J1 🙅", "J-1 🚫"])
def test_a_no_said_to_the_j1_is_never_j1_fine(typed):
    r = reading("visa", typed)
    assert r.value != "j1_ok" and (not r.ok or r.value == "h1b_only"), r


@pytest.mark.parametrize("typed", ["green card holder since 2020", "US citizen", "permanent resident"])
def test_a_status_held_now_is_still_no_visa_needed(typed):
    r = reading("visa", typed)
    assert r.ok and r.value == "no_visa_needed", r


@pytest.mark.parametrize("typed, words", [("a radiology abstract, not accepted", "not accepted"),
                                          ("my radiology paper was retracted", "retracted")])
def test_research_not_accepted_or_retracted_is_asked(typed, words):
    asked_naming(reading("research", typed), words)


@pytest.mark.parametrize("text,word", [("green card expired", "expired"), ("my green card has expired", "expired"),
                                       ("GC lapsed last year", "lapsed")])
def test_a_green_card_that_expired_or_lapsed_is_asked_not_read_as_no_visa_needed(text, word):
    """A status that ran out is not held now: asked, naming the word, never stored as no visa needed."""
    asked_naming(reading("visa", text), word)
