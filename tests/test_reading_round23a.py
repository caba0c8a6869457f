"""Issue 23, round 23a: two fresh blind sets stored a wrong value at US clinical experience, each a level named by its
title ("on paper it was observership", "shadowed a cardiologist") beside another level's work described ("they let me
write notes and examine patients", "sometimes he let me examine the patients"). Round 21a had caught the kind only
with an observership named and no other level's title anywhere. Each story is a reply an IMG types; the blind sets'
own sentences appear once, beside a grid of titles x activities x qualifiers at both experience questions, and
near-misses that must still read."""

from __future__ import annotations

import itertools

import pytest

from tests.test_reading_round14 import reading

_BOTH = {"observership", "hands_on"}


@pytest.mark.parametrize("qid, typed", [
    ("us_clinical_experience",
     "I did a rotation in Chicago, on paper it was observership but they let me write notes and examine patients"),
    ("us_clinical_experience", "shadowed a cardiologist in Texas for 2 weeks, sometimes he let me examine the patients also"),
    ("us_clinical_experience", "an observer rotation at a community hospital, I presented patients on rounds"),
    ("us_clinical_experience", "officially it was an observership, they let me do some procedures"),
    ("us_clinical_experience", "on paper it was hands on, but really I just watched"),
    ("us_clinical_experience", "an elective in Boston but I wasn't allowed to touch patients"),
    ("radiology_experience", "shadowed a radiologist in Chicago, he let me dictate some reports"),
    ("radiology_experience", "a rads observership, most days I was writing the preliminary reports"),
])
def test_a_level_named_beside_another_levels_work_is_asked_naming_both_and_offering_both(qid, typed):
    r = reading(qid, typed)
    assert not r.ok and _BOTH <= {v for v, _ in r.candidates}, r
    assert r.doubt and r.doubt.lower() in r.error.lower(), r


@pytest.mark.parametrize("qid, typed, value", [
    ("us_clinical_experience", "I shadowed a cardiologist in Texas for 2 weeks", "observership"),
    ("us_clinical_experience", "elective in Boston, I wrote notes and presented patients", "hands_on"),
    ("us_clinical_experience", "2 observerships and then an externship where I examined patients", "hands_on"),
    ("us_clinical_experience", "shadowing only, they did not let me examine anyone", "observership"),
    ("us_clinical_experience", "Obsevership.. wait no it was an externship, i was writing notes n presenting", "hands_on"),
    ("radiology_experience", "radiology elective in Ohio, I dictated reports with the residents", "hands_on"),
    ("radiology_experience", "radiology observership in Miami, just watched the readouts", "observership"),
])
def test_the_work_matching_the_level_named_still_reads(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value == value, r


_OBS_TITLES = ["an observership", "a shadowing", "an observer rotation", "observerships"]
_HANDS_TITLES = ["an elective", "an externship", "a sub-I", "a clerkship", "a hands-on rotation"]
_HANDS_WORK = ["they let me examine patients", "I wrote notes", "he allowed me to take histories",
               "I presented patients on rounds", "I admitted patients", "it was hands on", "they let me do procedures",
               "I was examining the patients", "she let me write notes"]
_OBS_WORK = ["I only watched", "I just observed", "I could only shadow", "I wasn't allowed to touch patients"]
_QUALIFIERS = ["sometimes", "once", "most days", ""]
_FRAMES = ["I did {t} in {where}, on paper, but {q} {a}", "officially it was {t} but {q} {a}",
           "{t} {where2} for 2 weeks, {q} {a}"]
_WHERE = {"us_clinical_experience": ("Chicago", "in Texas"),
          "radiology_experience": ("radiology in Chicago", "with a radiologist in Texas")}


def _grid() -> list[tuple[str, str]]:
    rows = []
    for qid, (where, where2) in _WHERE.items():
        for t, a, q, frame in itertools.product(_OBS_TITLES + _HANDS_TITLES, _HANDS_WORK + _OBS_WORK, _QUALIFIERS,
                                                _FRAMES):
            if (t in _HANDS_TITLES) == (a in _HANDS_WORK):
                continue  # the work matches the level named
            rows.append((qid, " ".join(frame.format(t=t, where=where, where2=where2, q=q, a=a).split())))
    return rows


@pytest.mark.quality
def test_grid_a_level_named_beside_another_levels_work_is_never_stored():
    """Titles x the other level's work x qualifiers ("sometimes", "once", "most days", none) x three frames ("on
    paper", "officially", plain) x both experience questions: 1,344 replies, none stored."""
    rows = _grid()
    assert len(rows) == 1344
    stored = [(qid, typed, r.value) for qid, typed in rows if (r := reading(qid, typed)).ok]
    assert not stored, (len(stored), stored[:20])


@pytest.mark.quality
def test_grid_the_work_matching_the_level_named_reads_that_level():
    """Titles x their own level's work x qualifiers, plain frame, at both questions: read as the level named."""
    wrong = []
    for qid, (_, where2) in _WHERE.items():
        for t, a, q in itertools.product(_OBS_TITLES + _HANDS_TITLES, _HANDS_WORK + _OBS_WORK, _QUALIFIERS):
            level = "hands_on" if t in _HANDS_TITLES else "observership"
            if (level == "hands_on") != (a in _HANDS_WORK) or q == "once":
                continue
            typed = " ".join(f"{t} {where2} for 2 weeks, {q} {a}".split())
            r = reading(qid, typed)
            if r.ok and r.value != level:
                wrong.append((qid, typed, r.value))
    assert not wrong, wrong
