"""Issue 23, round 18b: the nineteenth blind set stored four choice and yes/no replies that were MIXED or about
another subject as plain answers: "sometimes yes sometimes no" (patient care, stored "I enjoy it"), "I like teaching
students but research, no" (academic settings, stored "I enjoy them"), "I enjoy reading ECGs a lot" (imaging, stored
"I enjoy it"), and "My asylum case is pending, I have an EAD for now" (visa, stored "No visa needed"). Each story is
a reply an IMG types; the blind set's own sentences appear once, beside new ones of each kind. The grid at the end is
the safety net: a yes and a no in one reply, in any order and with any joiner, is never stored."""

from __future__ import annotations

import pytest

from tests.test_reading_round14 import asked_naming, reading


# --------------------------------------------------------------------------- both polarities in one reply

@pytest.mark.parametrize("qid, typed, parts", [
    ("patient_contact", "sometimes yes sometimes no", ("yes", "no")),
    ("academic_environment", "I like teaching students but research, no", ("teaching", "no")),
    ("patient_contact", "Sometimes I enjoy it, sometimes I don't.", ("enjoy", "don't")),
    ("academic_environment", "love the teaching; research, never", ("teaching", "never")),
    ("pattern_recognition", "Anatomy, no. Imaging, I love it.", ("no", "love")),
    ("pattern_recognition", "imaging yes, anatomy never", ("imaging yes", "anatomy never")),
    ("long_term_us_priority", "some days yes, some days no", ("yes", "no")),
])
def test_a_yes_and_a_no_in_one_reply_is_asked_naming_both(qid, typed, parts):
    asked_naming(reading(qid, typed), *parts)


@pytest.mark.parametrize("qid, typed", [
    ("patient_contact", "yes and no"), ("academic_environment", "yes and no honestly"),
    ("must_match_this_cycle", "yes and no"), ("pattern_recognition", "mixed feelings"),
    ("patient_contact", "love the ward, clinic no"), ("patient_contact", "I avoid the clinic but I love the wards"),
    ("academic_environment", "I enjoy research while I hate the grant writing"), ("visa", "TPS with EAD"),
])
def test_both_said_outright_or_caught_by_an_older_rule_is_never_stored(qid, typed):
    r = reading(qid, typed)
    assert not r.ok and r.doubt, r


@pytest.mark.parametrize("qid, typed, value", [
    ("patient_contact", "yes, I love it", "enjoy"),
    ("patient_contact", "no, I hate it", "avoid"),
    ("patient_contact", "I love it, no doubt", "enjoy"),
    ("patient_contact", "I enjoy it, no question", "enjoy"),
    ("patient_contact", "I never liked it, I avoid it", "avoid"),
    ("academic_environment", "I like teaching and research", "enjoy"),
    ("academic_environment", "I love research, no problem with the politics", "enjoy"),
    ("pattern_recognition", "not gonna lie, I love it", "enjoy"),
    ("must_match_this_cycle", "yes, no other option", True),
    ("neuro_interest", "stroke yes, MS never", True),  # drawn to any one of them is the yes
    ("neuro_interest", "not neurology, but neuroradiology yes", True),
    ("long_term_us_priority", "settling in the US? not really my top priority", False),
])
def test_one_stance_said_twice_or_a_no_that_means_yes_is_still_read(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value == value, r


# --------------------------------------------------------------------------- a liking for another thing than imaging

@pytest.mark.parametrize("typed, thing", [
    ("I enjoy reading ECGs a lot", "ECGs"), ("I love histology slides", "histology"),
    ("yes, EEGs are my favourite", "EEGs"), ("love fundus photos in ophtho", "fundus"),
    ("I really like looking at blood smears under the microscope", "smears"), ("EKG interpretation is fun", "EKG"),
])
def test_a_liking_for_something_the_imaging_question_does_not_name_is_asked_naming_it(typed, thing):
    r = reading("pattern_recognition", typed)
    asked_naming(r, thing)
    assert "imaging" in r.error


@pytest.mark.parametrize("typed", ["I love imaging, like ECGs and histology too", "yes, I enjoy reading CT scans",
                                   "I love imaging and anatomy"])
def test_a_liking_for_imaging_itself_is_still_read(typed):
    r = reading("pattern_recognition", typed)
    assert r.ok and r.value == "enjoy", r


# --------------------------------------------------------------------------- a pending status is not "no visa needed"

@pytest.mark.parametrize("typed, status", [
    ("My asylum case is pending, I have an EAD for now", "asylum"),
    ("adjustment of status pending, EAD for now", "adjustment of status"),
    ("I'm on parole with an EAD", "parole"),
    ("EAD for now, my I-485 is in process", "for now"),
    ("I have an EAD while my green card application is processed", "application"),
    ("Waiting for my green card, EAD until then", "waiting for"),
])
def test_a_pending_status_is_asked_naming_it_and_saying_programs_differ_on_an_ead(typed, status):
    r = reading("visa", typed)
    asked_naming(r, status)
    assert "EAD" in r.error and "differ" in r.error


@pytest.mark.parametrize("typed", ["green card holder", "I am a US citizen", "I have a green card since 2020"])
def test_a_settled_right_to_train_is_still_no_visa_needed(typed):
    r = reading("visa", typed)
    assert r.ok and r.value == "no_visa_needed", r


# --------------------------------------------------------------------------- the safety net, as a grid

_PARTS = {"patient_contact": ["the ward", "clinic", "following patients"],
          "pattern_recognition": ["anatomy", "imaging", "reading scans"],
          "academic_environment": ["teaching", "research", "papers"]}
_YES = ["I like {x}", "I love {x}", "{x} yes", "{x}, I love it"]
_NO = ["{x}, no", "{x} no", "never {x}", "I hate {x}", "I don't like {x}", "{x}, not really"]
_JOINS = [" but ", ", ", " and ", " while ", "; ", ". "]
_SOMETIMES = ["sometimes {a} sometimes {b}", "some days {a}, some days {b}", "{a} and {b}",
              "sometimes {a}, other times {b}"]


def _mixed():
    for q, parts in _PARTS.items():
        for x, y in ((parts[0], parts[1]), (parts[2], parts[0])):
            for a in _YES:
                for b in _NO:
                    for j in _JOINS:
                        yield q, a.format(x=x) + j + b.format(x=y)
                        yield q, b.format(x=y) + j + a.format(x=x)
    for q in [*_PARTS, "must_match_this_cycle", "long_term_us_priority", "neuro_interest"]:
        for s in _SOMETIMES:
            for a, b in (("yes", "no"), ("no", "yes")):
                yield q, s.format(a=a, b=b)


def _clear():
    for q, parts in _PARTS.items():
        for x, y in ((parts[0], parts[1]), (parts[2], parts[0])):
            for j in _JOINS:
                for a, b, v in ((_YES[0], _YES[1], "enjoy"), (_YES[2], _YES[3], "enjoy"), (_NO[3], _NO[4], "avoid"),
                                (_NO[2], _NO[3], "avoid")):
                    yield q, a.format(x=x) + j + b.format(x=y), v


@pytest.mark.quality
def test_a_reply_with_a_yes_and_a_no_is_never_stored_and_the_same_words_one_way_still_read():
    """1,776 mixed replies (main at 477e1f5 stored a value for about 44 % of the wider grid in the round's note) and
    288 clear ones with the same words."""
    mixed = list(_mixed())
    stored = [(q, t, r.value) for q, t in mixed for r in [reading(q, t)] if r.ok]
    assert len(mixed) > 800 and not stored, stored[:10]
    clear = list(_clear())
    got = [(q, t, v, reading(q, t)) for q, t, v in clear]
    assert not [(t, r.value) for _q, t, v, r in got if r.ok and r.value != v]
    assert sum(r.ok for *_x, r in got) >= 0.95 * len(clear), sum(r.ok for *_x, r in got)
