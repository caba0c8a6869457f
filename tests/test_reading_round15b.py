"""Issue 23, round 15b: the sixteenth blind set asked back choice and yes/no replies that state a value (a level that
is only planned, US work with no patient contact, research on imaging findings, Step 3 timed "before the Match", a
rating with a reason for it, a setting disliked in plain words, another top priority named). Each story is a reply an
IMG types; the sentences are new ones of each kind (the blind set's own appears once, never alone). Each reading is
said back, so a misread costs one tap; the near-misses beside them must still be asked or read as the other value."""

from __future__ import annotations

import pytest

from tests.conftest import stored
from tests.test_reading import to
from tests.test_reading_round14 import asked_naming, reading  # the same "today" and the same check of a question back


# --------------------------------------------------------------------------- only a planned level: None yet today

@pytest.mark.parametrize("qid, typed, ahead", [
    ("us_clinical_experience", "I have an externship starting in January", "externship starting in january"),
    ("us_clinical_experience", "observership booked for march at cleveland clinic", "observership booked"),
    ("us_clinical_experience", "got accepted for an elective in Chicago next summer", "elective in chicago"),
    ("us_clinical_experience", "will start a sub-I in february", "will start a sub i"),
    ("us_clinical_experience", "applied to 3 observerships, waiting to hear back", "observerships"),
    ("radiology_experience", "Applied for a neurorad observership at MGH, still waiting for reply",
     "neurorad observership"),
    ("radiology_experience", "rads elective planned for april at UCSF", "rads elective planned"),
    ("radiology_experience", "have an IR observership lined up for spring", "ir observership"),
    ("research", "Working on a radiology systematic review, should be submitted by March",
     "radiology systematic review"),
    ("research", "currently writing a case report on MRI findings in wilson disease", "writing a case report"),
    ("research", "I plan to start a cardiology project next year", "cardiology project"),
    ("research", "will write up a neuroimaging case report soon", "neuroimaging case report"),
])
def test_a_level_that_is_only_planned_is_none_yet_said_back_with_why(qid, typed, ahead):
    r = reading(qid, typed)
    assert r.ok and r.value == "none", (typed, r)
    assert r.said.startswith("None yet: ") and ahead in r.said and "not done yet" in r.said, r.said


@pytest.mark.parametrize("qid, typed, value", [
    # a planned level beside a done one: the done one is the answer today, the plan noted
    ("us_clinical_experience", "did an observership in Boston, and an externship starts in January", "observership"),
    ("us_clinical_experience", "observership done at Mayo, elective planned for spring", "observership"),
    ("radiology_experience", "shadowed a radiologist in Detroit last year, an elective is planned for March",
     "observership"),
    ("research", "2 cardiology papers published, working on a CT project now", "non_radiology"),
    ("research", "one radiology poster at RSNA, and a systematic review will be submitted in March", "radiology"),
])
def test_a_plan_beside_a_done_level_keeps_the_done_level(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value == value, (typed, r)


@pytest.mark.parametrize("qid, typed", [
    ("us_clinical_experience", "my observership ends next month"),  # begun, not ahead
    ("research", "my radiology paper will be published next month"),  # output on its way out, not nothing
    ("research", "will present my radiology poster at RSNA next week"),
    ("research", "one paper under review, will submit another next month"),  # sent out for a decision
    ("us_clinical_experience",
     "observership starting january, maybe an externship too, not sure what i have now counts"),
])
def test_a_plan_that_may_already_count_is_never_none_yet(qid, typed):
    r = reading(qid, typed)
    assert not r.ok, (typed, r)


_DONE = {"us_clinical_experience": ["did an observership in Boston", "finished a sub-I at Yale", "2 observerships done",
                                    "observership in Boston 2023", "got an observership at Mayo last year"],
         "radiology_experience": ["shadowed in the reading room last year", "finished a rads elective",
                                  "rads observership at Emory 2024"],
         "research": ["presented a radiology poster", "an abstract at RSNA", "2 abstracts", "one cardiology paper"]}
_AHEAD = {"us_clinical_experience": ["an externship starts in January", "an elective is planned for March",
                                     "will start a sub-I next month", "applied for an observership, waiting"],
          "radiology_experience": ["an observership is planned for March", "rads elective starts next month"],
          "research": ["working on a radiology review", "will write a case report soon", "a CT project is planned"]}


def test_no_done_level_beside_a_plan_is_ever_read_as_none_yet():
    """Every done level beside every plan, in four orders and joins (the plan's scope can reach over an "and"): some
    are read as the done level, some asked; none is None yet."""
    wrong = []
    for qid, done in _DONE.items():
        for d in done:
            for p in _AHEAD[qid]:
                for typed in (f"{d}, {p}", f"{p}, {d}", f"{p} and {d}", f"{d} and {p}"):
                    r = reading(qid, typed)
                    if r.ok and r.value == "none":
                        wrong.append(typed)
    assert not wrong, wrong


# --------------------------------------------------------------------------- US work without patient contact

@pytest.mark.parametrize("typed", [
    "One year research fellowship at MD Anderson, but no patient contact at all",
    "two years as a postdoc at Johns Hopkins, no patient contact",
    "worked in a lab at Yale, never saw patients",
    "research assistant at Penn for a year, zero patient contact",
])
def test_us_work_with_no_patient_contact_is_none(typed):
    r = reading("us_clinical_experience", typed)
    assert r.ok and r.value == "none", (typed, r)


def test_research_with_some_patient_contact_is_still_asked():
    assert not reading("us_clinical_experience", "research fellow, some patient contact in clinic").ok


# --------------------------------------------------------------------------- research about imaging

@pytest.mark.parametrize("typed", [
    "two abstracts, one on CT chest findings in covid and one on diabetic foot",
    "a poster on MRI features of tuberculous meningitis",
    "paper on chest x-ray patterns in covid pneumonia",
    "published a study on CT findings in diabetic patients with foot infections",
])
def test_research_on_imaging_findings_is_radiology_research(typed):
    r = reading("research", typed)
    assert r.ok and r.value == "radiology", (typed, r)


def test_an_imaging_word_in_research_about_something_else_is_asked_naming_what_it_is_about():
    r = reading("research", "a covid paper on ICU outcomes, patients got CT scans but the paper is about ventilation")
    asked_naming(r, "the paper is about ventilation")
    assert reading("research", "one on covid mortality and one on diabetic foot ulcers").value == "non_radiology"


# --------------------------------------------------------------------------- Step 3 timed before the Match

@pytest.mark.parametrize("typed", [
    "Will take it in April before the Match",
    "taking it in march, before the match",
    "booked for January, so before match day",
    "I plan to write it before residency starts",
])
def test_step3_planned_at_a_time_before_the_match_is_planned(typed):
    r = reading("step3", typed)
    assert r.ok and r.value == "planned", (typed, r)


@pytest.mark.parametrize("typed", ["not before the match", "before the match? not sure"])
def test_a_time_without_a_plan_is_still_asked(typed):
    assert not reading("step3", typed).ok, typed


# --------------------------------------------------------------------------- a rating with a reason for it

@pytest.mark.parametrize("typed", [
    "Strong. English was the medium of instruction all through school and med school",
    "Excellent, English medium school and med school, I think in English",
    "fluent, I studied in english medium from grade 1",
])
def test_a_rating_with_a_reason_that_supports_it_is_read(typed):
    r = reading("english", typed)
    assert r.ok and r.value == "strong", (typed, r)


@pytest.mark.parametrize("typed", [
    "English medium school, but I am shy speaking",  # schooling alone is not a rating of speaking
    "studied in english medium",
    "strong i guess, english medium school",  # hedged
    "fluent, medium of instruction was english but my accent is heavy",  # a drawback
])
def test_a_reason_without_a_rating_or_against_it_is_asked(typed):
    assert not reading("english", typed).ok, typed


# --------------------------------------------------------------------------- a setting disliked in plain words

@pytest.mark.parametrize("typed", [
    "Academic places have too much politics, I would skip them",
    "too much politics in academia, I'd stay away",
    "I would stay away from university hospitals",
    "academia is not for me, too political",
])
def test_a_setting_disliked_in_plain_words_is_avoid(typed):
    r = reading("academic_environment", typed)
    assert r.ok and r.value == "avoid", (typed, r)


@pytest.mark.parametrize("typed", ["skip", "I would not skip them", "too much politics maybe, but I like the teaching",
                                   # staying away from community programs is no dislike of academic ones
                                   "I would stay away from community hospitals",
                                   "skip community programs, I want academia"])
def test_skip_alone_or_denied_or_hedged_is_not_avoid(typed):
    assert not reading("academic_environment", typed).ok, typed


# --------------------------------------------------------------------------- another top priority named

@pytest.mark.parametrize("typed, first", [
    ("My top priority is radiology itself, US or Canada doesn't matter", "radiology itself"),
    ("my priority is matching radiology, the country is secondary", "matching radiology"),
    ("family comes first, US or UK is the same to me", "family"),
    ("The specialty matters most to me, not where I live", "the specialty"),
])
def test_another_top_priority_named_is_no_said_back_with_it(typed, first):
    r = reading("long_term_us_priority", typed)
    assert r.ok and r.value is False, (typed, r)
    assert first in r.said.lower(), r.said


@pytest.mark.parametrize("typed", [
    "top priority is the US or maybe Canada",
    "my top priority is radiology, but staying in the US is close",
    "my priority is radiology in the US",
    "family comes first, and they live in Texas",
    "Radiology matters most, the US or Canada doesn't matter, but ideally US",
    "my top priority is residency in new york",  # a US place is the US
    "my top priority is being near my kids in Texas",
])
def test_a_top_priority_that_brings_in_the_us_is_not_read_as_no(typed):
    r = reading("long_term_us_priority", typed)
    assert not (r.ok and r.value is False), (typed, r)


# --------------------------------------------------------------------------- in the chat

async def test_an_observership_still_applied_for_is_none_yet_said_back_in_the_chat(harness):
    ana = harness.chat()
    await to(ana, "radiology_experience")
    await ana.send("Applied for a neurorad observership at MGH, still waiting for reply")
    assert stored(harness.runtime, ana.chat_id).answers["radiology_experience"] == "none"
    assert "None yet: “applied for a neurorad observership at mgh”" in ana.text and "not done yet" in ana.text


# --------------------------------------------------------------------------- every new reading, hedged, is asked

_READ_NOW = [("us_clinical_experience", "I have an externship starting in January"),
             ("radiology_experience", "applied for a neurorad observership, waiting for reply"),
             ("research", "working on a radiology systematic review"),
             ("us_clinical_experience", "research fellowship at MD Anderson, no patient contact"),
             ("research", "an abstract on CT chest findings in covid"),
             ("step3", "will take it in April before the match"),
             ("english", "strong, english was the medium of instruction"),
             ("academic_environment", "academia has too much politics, I would skip them"),
             ("long_term_us_priority", "my top priority is radiology itself, US or Canada doesn't matter"),
             ("long_term_us_priority", "the specialty matters most to me")]


def test_each_new_reading_hedged_or_unsure_is_never_stored():
    """Each kind read this round, with a hedge or an unsure word before or after it: nothing stored."""
    stored_anyway = []
    for qid, typed in _READ_NOW:
        assert reading(qid, typed).ok, typed  # read as it stands ...
        for h in ("maybe", "i think", "probably", "not sure", "idk", "kinda"):
            for hedged in (f"{h} {typed}", f"{typed}, {h}"):
                if reading(qid, hedged).ok:  # ... and asked once hedged
                    stored_anyway.append(hedged)
    assert not stored_anyway, stored_anyway
