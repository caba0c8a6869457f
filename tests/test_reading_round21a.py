"""Issue 23, round 21a: the hard development sets 46-49 stored wrong values at the yes/no, rating, choice and visa
questions, each of a kind an earlier round had fixed too narrowly. Each story is a reply an IMG types; a set's own
sentence appears once, beside new ones of the kind (a grid of wordings, not the sentence) and near-misses that must
still read."""

from __future__ import annotations

import itertools

import pytest

from tests.test_reading_round14 import asked_naming, reading

# --------------------------------------------------------------------------- a plan or a liking on a condition


@pytest.mark.parametrize("typed, named", [
    ("Will take it only if I end up needing H1B", "only if"), ("Will take it only if I go the H1B route", "only if"),
    ("I'll take it only once I'm in residency", "only once"), ("I will take it only if I don't match this year.", "only if"),
    ("I'll take it if needed", "if needed"), ("planning to take it in case I need the H1B", "in case"),
    ("planning it, depending on my visa", "depending"), ("plan to take it provided I can afford it", "provided"),
    ("will sit for it only after I match", "only after"), ("going to take it unless I get a J1 spot", "unless"),
])
def test_a_step_3_plan_on_a_condition_is_asked_naming_the_condition(typed, named):
    r = reading("step3", typed)
    asked_naming(r, named)
    assert r.candidates[0][0] == "planned", r


@pytest.mark.parametrize("qid, typed, named", [
    ("academic_environment", "academic is ok as long as research is not mandatory", "as long as"),
    ("academic_environment", "I like them so long as I don't have to publish", "so long as"),
    ("academic_environment", "fine with them on condition that research is optional", "on condition"),
    ("patient_contact", "I enjoy it provided the workload is reasonable", "provided"),
    ("pattern_recognition", "I like it only if it is anatomy", "only if"),
])
def test_a_liking_on_a_condition_is_asked_naming_it(qid, typed, named):
    asked_naming(reading(qid, typed), named)


@pytest.mark.parametrize("qid, typed, value", [
    ("step3", "planning to take it in june", "planned"), ("step3", "planning to take it, if I'm honest I'm scared", "planned"),
    ("step3", "will take it even if I get a J1", "planned"), ("step3", "planning it before residency, if I'm being honest", "planned"),
    ("academic_environment", "I enjoy them, if anything I'd love more research", "enjoy"),
    ("academic_environment", "i'd skip academic programs if i can", "avoid"),
])
def test_an_aside_that_looks_like_a_condition_still_reads(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value == value, r


_CONDITIONS = ("only if I need it", "if needed", "if I don't match", "in case I need the H1B", "depending on my visa",
               "as long as I can afford it", "provided I match", "only once I'm in residency", "only after CK",
               "on condition that my program pays", "unless I get a J1", "so long as it is cheap")
_PLANS = ("will take it", "planning to take it", "I'll sit for it", "going to take it", "plan to write it")


@pytest.mark.quality
def test_grid_no_conditional_plan_is_stored():
    """12 conditions x 5 plan wordings x before/after = 120 replies: none stored as a plan."""
    stored = [f"{p} {c}" for c, p in itertools.product(_CONDITIONS, _PLANS)
              if reading("step3", f"{p} {c}").ok] + [f"{c}, {p}" for c, p in itertools.product(_CONDITIONS, _PLANS)
                                                      if reading("step3", f"{c}, {p}").ok]
    assert not stored, stored


# --------------------------------------------------------------------------- not planned yet, with a first step

@pytest.mark.parametrize("typed", ["not planned yet, first I have to pass CK", "not planned yet, I need to finish CK first",
                                   "no plans yet, first I want to match", "haven't planned it yet, first CK"])
def test_not_planned_yet_with_a_first_step_is_asked_offering_both(typed):
    r = reading("step3", typed)
    assert not r.ok and [v for v, _ in r.candidates] == ["not_planned", "planned"], r


def test_not_planned_with_a_reason_still_reads():
    r = reading("step3", "not planned, too expensive")
    assert r.ok and r.value == "not_planned", r


# --------------------------------------------------------------------------- J-1 ruled out

@pytest.mark.parametrize("typed", [
    "J1 is not possible for me, I already did a J1 research year and have the 2 year rule, so H only",
    "j1 is ruled out because of the 2 year rule, so H1B", "J-1 not an option, so H1B",
    "cannot do J1 again, 2 year home rule from my research J1, so H-1B", "can't do a J1, H1B only",
    "J1 is out of the question, h1b", "j1 impossible for me, only h1",
])
def test_j1_ruled_out_with_the_h1b_named_is_h1b_only(typed):
    r = reading("visa", typed)
    assert r.ok and r.value == "h1b_only", r


def test_j1_ruled_out_is_said_back():
    r = reading("visa", "j1 is ruled out because of the 2 year rule, so H1B")
    assert r.ok and r.value == "h1b_only" and "ruled out" in r.said, r


@pytest.mark.parametrize("typed, value", [("h1b mainly, J1 if there is no other choice", "j1_ok"),
                                          ("h1b preferred, j1 if I must", "j1_ok"), ("J1 is fine", "j1_ok")])
def test_an_accepted_j1_is_never_h1b_only(typed, value):
    r = reading("visa", typed)
    assert r.value != "h1b_only", r


# --------------------------------------------------------------------------- English

@pytest.mark.parametrize("typed", ["Not great honestly", "not great", "not that great tbh", "not the greatest",
                                   "honestly not so great"])
def test_the_top_denied_alone_is_asked_between_average_and_needs_work(typed):
    r = reading("english", typed)
    assert not r.ok and [v for v, _ in r.candidates] == ["average", "weak"], r


@pytest.mark.parametrize("typed, value", [("not great, I get nervous speaking", "weak"), ("not bad, not great", "average"),
                                          ("not bad but not great", "average")])
def test_the_top_denied_beside_a_rating_reads_that_rating(typed, value):
    r = reading("english", typed)
    assert r.ok and r.value == value, r


@pytest.mark.parametrize("typed", [
    "Nigerian, English is our official language, I am very comfortable with it", "very comfortable with english",
    "English is the official language here, I am totally comfortable speaking it", "it's my mother tongue",
    "completely comfortable", "english is my native language"])
def test_strong_said_in_other_words_is_strong(typed):
    r = reading("english", typed)
    assert r.ok and r.value == "strong", r


@pytest.mark.parametrize("typed", ["writing strong, speaking so so", "writing excellent, speaking average",
                                   "grammar great, fluency so so", "written is good, spoken so so",
                                   "my writing is excellent but my speaking is just okay"])
def test_a_spoken_part_rated_below_the_written_one_is_asked_naming_both(typed):
    r = reading("english", typed)
    assert not r.ok and r.candidates and " and " in r.doubt, r
    assert r.value != "strong"


@pytest.mark.parametrize("typed, value", [("reading strong, speaking weak", "weak"),
                                          ("written english weak, spoken english good", "strong"),
                                          ("speaking ok, writing weak", "average")])
def test_parts_where_spoken_counts_still_read(typed, value):
    r = reading("english", typed)
    assert r.ok and r.value == value, r


# --------------------------------------------------------------------------- US clinical experience

@pytest.mark.parametrize("typed", ["Did a tele-rotation with a US program during covid", "tele elective with Cleveland Clinic",
                                   "a virtual rotation with a US program", "did an elective virtually", "video elective at Mayo"])
def test_a_virtual_rotation_is_not_hands_on(typed):
    r = reading("us_clinical_experience", typed)
    assert not r.ok, r


@pytest.mark.parametrize("typed", [
    "It was called an observership but honestly I was writing notes and examining patients most days",
    "officially an observership but I wrote notes and examined patients",
    "it was an observership on paper, but I was presenting patients on rounds",
    "they called it an elective but I only shadowed"])
def test_a_level_named_and_described_as_another_is_asked_naming_both(typed):
    r = reading("us_clinical_experience", typed)
    assert not r.ok and {v for v, _ in r.candidates} == {"observership", "hands_on"} and " and " in r.doubt, r


@pytest.mark.parametrize("typed, value", [
    ("2 observerships and an elective where I wrote notes", "hands_on"), ("Only observership, no hands on", "observership"),
    ("observership, I did not write notes", "observership"), ("one month elective in Chicago, wrote notes daily", "hands_on")])
def test_levels_named_plainly_still_read(typed, value):
    r = reading("us_clinical_experience", typed)
    assert r.ok and r.value == value, r


@pytest.mark.parametrize("typed", ["an elective in final year in North America... well, Toronto actually, so Canada not US",
                                   "an elective in North America, Toronto actually, so not US"])
def test_an_elective_said_not_in_the_us_is_not_stored_as_hands_on(typed):
    r = reading("us_clinical_experience", typed)
    assert r.value != "hands_on" and (not r.ok or r.value == "none"), r


# --------------------------------------------------------------------------- neighbouring fields

@pytest.mark.parametrize("typed, named", [
    ("observership in the nuclear medicine department", "nuclear medicine"),
    ("not exactly radiology, it was nuclear medicine", "nuclear medicine"), ("elective in radiation oncology", "radiation oncology"),
    ("I shadowed in the echo lab with the cardiologists", "echo lab"), ("it was nuc med, not really radiology", "nuc med"),
])
def test_a_neighbouring_field_of_radiology_is_asked_naming_it(typed, named):
    asked_naming(reading("radiology_experience", typed), named)


@pytest.mark.parametrize("typed, value", [("neuroradiology observership in Boston", "observership"),
                                          ("hands-on IR elective in Miami", "hands_on")])
def test_radiology_itself_still_reads(typed, value):
    r = reading("radiology_experience", typed)
    assert r.ok and r.value == value, r


@pytest.mark.parametrize("typed", [
    "abstract on ultrasound guided nerve blocks, presented at an anesthesia conference",
    "case report on a rare glioma in a neurosurgery journal, mostly MRI images in it",
    "I have research on OCT retinal imaging, it's ophthalmology though",
    "poster on CT-guided lung biopsies, presented at a pulmonology conference",
    "case report with CT images, published in a surgery journal"])
def test_imaging_inside_another_fields_work_is_asked_offering_both(typed):
    r = reading("research", typed)
    assert not r.ok and {v for v, _ in r.candidates} == {"radiology", "non_radiology"}, r


@pytest.mark.parametrize("typed", ["1 abstract, MRI in multiple sclerosis, presented at a neurology meeting",
                                   "a radiology paper and a cardiology poster",
                                   "paper on chest CT findings in covid, published in a radiology journal"])
def test_imaging_as_the_subject_stays_radiology_research(typed):
    r = reading("research", typed)
    assert r.ok and r.value == "radiology", r


@pytest.mark.parametrize("typed", [
    "My supervisor says I'm a co-author on a neuroimaging paper but I haven't seen it published yet",
    "my PI says I'm second author on an MRI paper, not published yet"])
def test_authorship_on_work_not_out_is_asked(typed):
    r = reading("research", typed)
    assert not r.ok and r.candidates, r


# --------------------------------------------------------------------------- a liking the question does not name

_OTHERS = ("ECGs", "derm pictures", "histology slides", "fundus photos", "puzzles", "maths", "ECG patterns",
           "derm images", "skin rashes", "blood smears")
_LIKES = ("I enjoy {}", "I love {}", "{} are my favourite", "really like {}")


@pytest.mark.quality
def test_grid_a_liking_of_something_the_question_does_not_name_is_never_stored():
    """10 things x 4 wordings = 40 replies at the imaging question, plus pairs: none stored."""
    typed = [w.format(o) for o, w in itertools.product(_OTHERS, _LIKES)]
    typed += [f"I enjoy {a} and {b}" for a, b in itertools.combinations(_OTHERS[:5], 2)]
    stored = [t for t in typed if reading("pattern_recognition", t).ok]
    assert not stored, stored


@pytest.mark.parametrize("typed", ["I enjoy ECGs and derm pictures", "I enjoy derm images", "love puzzles and maths"])
def test_a_liking_the_imaging_question_does_not_name_is_asked(typed):
    r = reading("pattern_recognition", typed)
    assert not r.ok and r.candidates, r


@pytest.mark.parametrize("typed", ["I enjoy reading CTs", "I like spotting patterns on x-rays", "love anatomy",
                                   "love CT images", "scans and films are my favourite"])
def test_a_liking_of_imaging_still_reads(typed):
    r = reading("pattern_recognition", typed)
    assert r.ok and r.value == "enjoy", r


@pytest.mark.parametrize("typed", ["I enjoy teaching the students", "I'm not a research person, but I love teaching students.",
                                   "I love teaching residents", "teaching is my passion", "I enjoy tutoring juniors"])
def test_teaching_alone_at_academic_settings_is_asked_naming_it(typed):
    r = reading("academic_environment", typed)
    asked_naming(r)
    assert "teach" in r.doubt.lower() or "tutor" in r.doubt.lower(), r


@pytest.mark.parametrize("typed, value", [("I enjoy research and teaching", "enjoy"), ("love research", "enjoy"),
                                          ("I enjoy teaching hospitals", "enjoy"), ("very much, I like teaching", "enjoy")])
def test_research_or_academia_named_with_teaching_still_reads(typed, value):
    r = reading("academic_environment", typed)
    assert r.ok and r.value == value, r


# --------------------------------------------------------------------------- clear replies that were asked

@pytest.mark.parametrize("qid, typed, value", [
    ("visa", "dual citizen, US and Egypt", "no_visa_needed"), ("visa", "Dual US/Egyptian citizen", "no_visa_needed"),
    ("visa", "Dual citizen - American and Pakistani.", "no_visa_needed"),
    ("visa", "US citizen by birth, but grew up in Karachi", "no_visa_needed"),
    ("visa", "Only H-1B works for me, because with J-1 I would have to go back to Iran for 2 years.", "h1b_only"),
    ("visa", "Only H1b please, J1 waiver is very hard for Iranians because of sanctions", "h1b_only"),
    ("neuro_interest", "Not especially", False), ("neuro_interest", "neuroradiology is my dream", True),
    ("must_match_this_cycle", "would be nice but not life or death", False),
    ("long_term_us_priority", "Not necessarily, training is the priority", False),
    ("pattern_recognition", "spotting patterns is my thing", "enjoy"), ("pattern_recognition", "not my thing", "avoid"),
    ("step3", "step 3 nope, not bothering with it before the match", "not_planned"),
    ("english", "My English is not very well, I must work on speaking", "weak"),
    ("english", "I am speaking English since childhood, in Nigeria we study everything in English", "strong"),
    ("us_clinical_experience", "I made an externship in Miami for 3 months, I was touching the patients, doing H&P, "
                               "presenting in rounds", "hands_on"),
])
def test_clear_replies_that_were_asked_now_read(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value == value and type(r.value) is type(value), r


@pytest.mark.parametrize("typed", ["my wife is a US citizen", "not a US citizen", "will be a US citizen soon",
                                   "only h1b, because j1 is fine too"])
def test_someone_elses_or_a_coming_citizenship_is_not_no_visa_needed(typed):
    r = reading("visa", typed)
    assert not r.ok, r


@pytest.mark.parametrize("typed", ["J1 is hard but I'd take it, h1b preferred",
                                   "h1b preferred, j1 waiver is very hard but fine if needed"])
def test_j1_hard_but_accepted_is_never_h1b_only(typed):
    r = reading("visa", typed)
    assert r.value != "h1b_only", r


@pytest.mark.parametrize("qid, typed", [
    ("us_clinical_experience", "my wife did an observership in NYC, I haven't done any"),
    ("us_clinical_experience", "my husband did observership in Ohio, I haven't done any yet"),
    ("us_clinical_experience", "my wife did an obs at Mayo, I haven't done any myself"),
    ("research", "My husband has 10 papers in radiology 😂 me none"),
])
def test_someone_elses_experience_then_my_own_none_is_none_yet_said_back(qid, typed):
    r = reading(qid, typed)
    assert r.ok and r.value == "none" and "someone else" in r.said, r


def test_a_level_denied_beside_another_is_not_none():
    r = reading("us_clinical_experience", "haven't done any hands on, only observerships")
    assert r.ok and r.value == "observership", r
