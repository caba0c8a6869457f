"""Issue 23, round 22a: the twenty-third blind set stored two wrong values at the liking and experience questions,
and round 21a left one at research, each of a kind an earlier round had fixed too narrowly. Each story is a reply an
IMG types; the blind set's own sentence appears once, beside new ones of the kind (grids of wordings) and
near-misses that must still read."""

from __future__ import annotations

import itertools

import pytest

from tests.test_reading_round14 import asked_naming, reading

# --------------------------------------------------------------------------- the opposite liked, the asked thing denied

_OPPOSITES = {  # what each liking question does not ask about, and the asked thing, denied in several ways
    "patient_contact": (["short encounters", "acute care", "one-off visits", "shifts and procedures", "the ER",
                         "quick consults"],
                        ["not following the same people for years", "no follow up", "not long term follow up",
                         "rather than following patients", "not the continuity stuff",
                         "I don't want to follow patients for years"]),
    "pattern_recognition": (["talking to patients", "procedures", "people"],
                            ["not looking at pictures all day", "not staring at images", "not scans",
                             "rather than reading scans"]),
    "academic_environment": (["clinical work", "seeing patients"],
                             ["not research", "not writing papers", "instead of academia"]),
    "neuro_interest": (["MSK", "body imaging", "chest and abdomen", "IR"],
                       ["not neuro", "not brain", "never neuro", "not stroke or epilepsy"]),
}
_DISLIKE = {"neuro_interest": False}


@pytest.mark.parametrize("qid, typed, value", [
    ("patient_contact", "I like short encounters, not following the same people for years", "avoid"),
    ("patient_contact", "I enjoy the ER, in and out, not seeing the same patients again and again", "avoid"),
    ("pattern_recognition", "I like procedures, not looking at pictures all day", "avoid"),
    ("academic_environment", "I like clinical work, not research", "avoid"),
    ("neuro_interest", "I like MSK, not neuro", False),
    ("neuro_interest", "nah more into MSK", False),
])
def test_liking_the_opposite_and_denying_the_asked_thing_is_the_dislike_said_back(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value is value if isinstance(value, bool) else r.value == value, r
    assert r.said and ("you like" in r.said or "you wrote" in r.said), r


@pytest.mark.quality
def test_grid_liking_the_opposite_is_never_stored_as_enjoying():
    """Every liked opposite x every denial, in three wordings of the liking, at the four liking questions: each
    read as the dislike (70 x 3 = 210 replies), none as enjoying it."""
    wrong, asked = [], []
    for qid, (liked, denied) in _OPPOSITES.items():
        dislike = _DISLIKE.get(qid, "avoid")
        for x, y, lead in itertools.product(liked, denied, ("I like", "I love", "I prefer")):
            r = reading(qid, f"{lead} {x}, {y}")
            if r.ok and r.value != dislike:
                wrong.append((qid, f"{lead} {x}, {y}", r.value))
            elif not r.ok:
                asked.append(f"{lead} {x}, {y}")
    assert not wrong, wrong
    assert not asked, asked


@pytest.mark.parametrize("qid, typed, named", [
    ("patient_contact", "I like acute care", "acute care"), ("patient_contact", "I enjoy short encounters", "short"),
    ("patient_contact", "love the ER vibe, in and out", "ER"),
    ("patient_contact", "I enjoy patients but prefer acute settings", "acute settings"),
    ("pattern_recognition", "I like clinical reasoning", "clinical reasoning"),
    ("neuro_interest", "I enjoy chest and abdomen", "chest"),
    ("patient_contact", "I enjoy patient contact in short bursts, not following them for years", "not following"),
])
def test_liking_the_opposite_alone_is_asked_naming_what_was_liked(qid, typed, named):
    asked_naming(reading(qid, typed), named)


@pytest.mark.parametrize("qid, typed, value", [
    ("patient_contact", "I like following patients, not short encounters", "enjoy"),
    ("patient_contact", "yes I like seeing the same patients for years", "enjoy"),
    ("neuro_interest", "I like neuro, not MSK", True), ("neuro_interest", "I like stroke cases, not MSK", True),
    ("pattern_recognition", "I love imaging, not the talking part", "enjoy"),
])
def test_liking_the_asked_thing_and_denying_the_opposite_still_reads(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value == value and type(r.value) is type(value), r


@pytest.mark.parametrize("qid, typed", [
    ("academic_environment", "I would like a balance, not purely research-focused"),
    ("pattern_recognition", "I like it I think? never really tried reading scans"),
    ("patient_contact", "I like procedures, not only following patients"),
])
def test_a_degree_a_doubt_or_not_having_tried_is_not_a_dislike(qid, typed):
    r = reading(qid, typed)
    assert not (r.ok and r.value in ("avoid", False)), r


# --------------------------------------------------------------------------- informal shadowing

_INFORMAL = ["it was informal", "not an official program", "unofficial", "nothing formal", "through a family friend",
             "a friend of my dad", "wasn't official", "informally", "no formal program", "just sat with him"]
_SHADOWING = ["shadowed a radiologist in Texas for 2 weeks", "observed in the reading room in Ohio for a week",
              "I sat in the reading room for a few days, shadowing"]


@pytest.mark.parametrize("qid, typed, named", [
    ("radiology_experience", "I sat in the reading room for few days with an attending who is family friend, it was "
                             "informal, not official program", "family friend"),
    ("radiology_experience", "shadowed a radiologist through a family friend, nothing formal", "family friend"),
    ("us_clinical_experience", "2 weeks observing in Chicago but it wasn't an official program", "official"),
    ("us_clinical_experience", "tagged along with a family friend who is a cardiologist in Houston", "tagged along"),
    ("radiology_experience", "I shadowed a radiologist at my uncle's practice in NJ for a month", "uncle's practice"),
])
def test_informal_shadowing_is_asked_offering_observership_and_none(qid, typed, named):
    r = reading(qid, typed)
    asked_naming(r, named)
    assert [v for v, _label in r.candidates][:2] == ["observership", "none"], r


@pytest.mark.quality
def test_grid_informal_shadowing_is_never_stored():
    """10 informal words x 3 shadowings x 2 questions x 2 orders = 120 replies: none stored."""
    stored = [(qid, t) for qid in ("radiology_experience", "us_clinical_experience")
              for s, i in itertools.product(_SHADOWING, _INFORMAL) for t in (f"{s}, {i}", f"{i}, {s}")
              if reading(qid, t).ok]
    assert not stored, stored


@pytest.mark.parametrize("qid, typed", [
    ("radiology_experience", "4 week radiology observership at Yale, official program with a certificate"),
    ("us_clinical_experience", "observership at Cleveland Clinic, 4 weeks"),
])
def test_an_official_observership_still_reads(qid, typed):
    r = reading(qid, typed)
    assert r.ok and r.value == "observership", r


# --------------------------------------------------------------------------- research output after a denial

@pytest.mark.parametrize("typed, named", [
    ("my brother has 2 papers, I haven't done any but I have a poster", "poster"),
    ("I haven't done any but I have a poster", "poster"), ("nothing published, just one poster", "poster"),
    ("haven't published anything, but presented a poster", "poster"), ("zero papers, I just have a case report", "case report"),
])
def test_output_after_a_denial_is_asked_which_field(typed, named):
    r = reading("research", typed)
    asked_naming(r, named)
    assert [v for v, _label in r.candidates][:2] == ["non_radiology", "radiology"], r


@pytest.mark.parametrize("typed, value", [
    ("no papers yet, only an abstract at a cardiology meeting", "non_radiology"),
    ("no publications, but I did a case report on CT findings in TB", "radiology"),
])
def test_output_after_a_denial_naming_its_field_reads_that_field(typed, value):
    r = reading("research", typed)
    assert r.ok and r.value == value, r


@pytest.mark.quality
def test_grid_output_after_a_denial_is_never_none():
    """6 denials x 7 outputs x 2 joins = 84 replies: none stored as None yet."""
    denials = ["I haven't done any", "no papers", "nothing published", "haven't published anything", "zero papers",
               "my brother has 2 papers, I haven't done any"]
    outputs = ["I have a poster", "just one poster", "I presented an abstract", "I have a case report",
               "only a case report", "I did one poster", "got an abstract accepted"]
    stored = [t for d, o in itertools.product(denials, outputs) for t in (f"{d} but {o}", f"{d}, {o}")
              if (r := reading("research", t)).ok and r.value == "none"]
    assert not stored, stored


@pytest.mark.parametrize("typed", ["my brother has 2 papers, I haven't done any", "none yet, working on a case report",
                                   "nothing, my poster was rejected", "none, my sister has a poster"])
def test_no_own_output_is_still_none_yet(typed):
    r = reading("research", typed)
    assert r.ok and r.value == "none", r


# --------------------------------------------------------------------------- said plainly, asked before

@pytest.mark.parametrize("qid, no, why", list(itertools.product(
    ["patient_contact", "pattern_recognition", "academic_environment"], ["no", "Honestly no", "nah", "nope"],
    ["it drains me", "it exhausts me", "I'd rather be in the reading room", "it burns me out", "I hate it"])))
def test_a_no_with_a_dislike_for_its_reason_is_the_dislike(qid, no, why):
    r = reading(qid, f"{no}, {why}")
    assert r.ok and r.value == "avoid" and r.said, r


@pytest.mark.parametrize("typed", ["no, but I don't hate it", "no", "no, it's fine", "no, I don't hate it"])
def test_a_no_without_a_dislike_stays_asked(typed):
    r = reading("patient_contact", typed)
    assert not (r.ok and r.value == "avoid"), r


@pytest.mark.parametrize("liking, skill", list(itertools.product(
    ["I like it", "love it", "I enjoy it"], ["but I'm slow at it", "but I'm bad at it", "though I'm still learning",
                                             "but I'm not good at it"])))
def test_a_skill_beside_a_liking_is_not_a_doubt_about_the_liking(liking, skill):
    r = reading("pattern_recognition", f"{liking} {skill}")
    assert r.ok and r.value == "enjoy" and "set aside" in r.said, r


def test_a_dislike_beside_a_skill_is_the_dislike():
    r = reading("pattern_recognition", "I hate it but I'm good at it")
    assert r.ok and r.value == "avoid" and "set aside" in r.said, r


@pytest.mark.parametrize("typed, value", [("don't care, I'll go wherever I match", "neutral"),
                                          ("don't mind, wherever I get in", "neutral")])
def test_indifference_then_wherever_i_match_is_neutral(typed, value):
    r = reading("academic_environment", typed)
    assert r.ok and r.value == value, r


def test_wherever_i_match_alone_stays_asked():
    assert not reading("academic_environment", "I will go wherever I match honestly").ok


@pytest.mark.parametrize("qid, typed, value", [
    ("long_term_us_priority", "No... well, honestly, yes. My kids are in school here now", True),
    ("long_term_us_priority", "no... actually yes", True), ("must_match_this_cycle", "yes... well, actually no", False),
    ("neuro_interest", "nope... well, yes", True),
])
def test_a_yes_or_no_taken_back_is_the_later_answer_said_back(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value is value and "later answer" in r.said, r


@pytest.mark.parametrize("typed", ["research yes, radiology no", "reserch yes, radiolgy no", "radiology no, research yes",
                                   "papers: yes, rads: no"])
def test_research_yes_radiology_no_is_research_outside_radiology(typed):
    r = reading("research", typed)
    assert r.ok and r.value == "non_radiology", r


@pytest.mark.parametrize("earlier, typed", [("observership", "same one, it was in the radiology department"),
                                            ("observership", "Same one I told you, it was in radiology actually"),
                                            ("hands_on", "same one, it was in radiology")])
def test_the_same_one_in_radiology_is_the_earlier_level(earlier, typed):
    r = reading("radiology_experience", typed, us_clinical_experience=earlier)
    assert r.ok and r.value == earlier and "same as your US clinical experience" in r.said, r


@pytest.mark.parametrize("earlier, typed", [("none", "same one, it was in radiology"),
                                            ("observership", "same one, half of it in radiology"),
                                            ("observership", "same one, but it was not in radiology")])
def test_the_same_one_without_a_level_or_not_wholly_in_radiology_is_not_read(earlier, typed):
    r = reading("radiology_experience", typed, us_clinical_experience=earlier)
    assert not r.ok or r.value == "none", r


@pytest.mark.parametrize("typed", ["yes, no rush", "yes... no rush", "yeah, no hurry", "no, yes I mean I can wait"])
def test_a_yes_then_a_no_phrase_is_not_taken_back(typed):
    r = reading("must_match_this_cycle", typed)
    assert not (r.ok and "later answer" in r.said), r


@pytest.mark.parametrize("qid, typed", [
    ("neuro_interest", "I like MSK, never thought about neuro"), ("neuro_interest", "I like MSK, no exposure to neuro yet"),
    ("neuro_interest", "love chest, not decided on neuro"), ("neuro_interest", "I like MSK, no idea about neuro yet"),
    ("patient_contact", "I like the ER, never followed patients long term"),
    ("patient_contact", "I like the ER, not following patients is sad though"),
    ("pattern_recognition", "I like patients, not less imaging"),
    ("academic_environment", "I like clinical work, not research yet"),
])
def test_not_having_tried_or_a_remark_about_the_asked_thing_is_not_a_dislike(qid, typed):
    r = reading(qid, typed)
    assert not (r.ok and r.value in ("avoid", False)), r
