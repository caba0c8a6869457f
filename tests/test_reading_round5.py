"""Issue 23, round 5: the fifth held-out set's lessons, as kinds of sentence, not its wording.

A whole reply in another language written in Latin letters (read through knowledge/data/other_languages.yaml,
said back with the English read, asked when unsure), shorthand ("-ve", "gud", "M28", "nah skipping it"), a number
taken back as a typo, a score said against a practice test's, attempts said without "failed", a Match said by
an event or by graduation, "same as above", and imaging findings of a disease as imaging research.
"""

from __future__ import annotations

import pytest

from dialogs.reading import understand
from knowledge.base import load_knowledge
from knowledge.other_languages import written_in
from tests.conftest import stored
from tests.test_reading import TODAY, to

KB = load_knowledge()


def reading(qid: str, text: str, **answers):
    return understand(KB.question(qid), text, answers, TODAY).reading


@pytest.mark.parametrize("qid, typed, value, said", [
    ("us_clinical_experience", "abhi tak kuch nahi yaar", "none", "I read it as “so far nothing”"),
    ("patient_contact", "mujhe fark nahi padta", "neutral", "(Hindi/Urdu)"),
    ("citizenship", "Pinay po ako", "PH", "(Tagalog)"),
    ("long_term_us_priority", "hindi po, uuwi ako after residency", False, "(Tagalog)"),
    ("radiology_experience", "aún no, ninguno", "none", "(Spanish)"),
    ("must_match_this_cycle", "oui, bien sûr", True, "(French)"),
])
def test_a_whole_reply_in_another_language_is_read_and_said_back_with_the_english_read(qid, typed, value, said):
    r = reading(qid, typed)
    assert r.ok and r.value == value and type(r.value) is type(value), (typed, r)
    assert said in r.said and typed in r.said, (typed, r)


@pytest.mark.parametrize("qid, typed, doubt", [
    ("step3", "pata nahi yaar", "do not know"),  # unsure in English too: asked
    ("visa", "je ne sais pas, peut-être le J1", "partly in French"),  # English alone would store J-1
    ("english", "ewan ko po", "do not know"),
])
def test_an_unsure_reply_in_another_language_is_asked_naming_it(qid, typed, doubt):
    r = reading(qid, typed)
    assert not r.ok and doubt.lower() in r.doubt.lower() + r.error.lower() and r.doubt.lower() in r.error.lower()


def test_a_language_is_only_assumed_for_a_whole_reply():
    assert written_in("I speak Hindi and Urdu at home") is None  # one word of Hindi (Tagalog "no") is English here
    assert written_in("la la land") is None
    assert written_in("nahi yaar") is not None


@pytest.mark.parametrize("qid, typed, value", [
    ("neuro_interest", "-ve", False),
    ("must_match_this_cycle", "+ve", True),
    ("english", "gud", "strong"),
    ("academic_environment", "Not at all!", "avoid"),
    ("step3", "nope not doing it", "not_planned"),
    ("step3", "nah skipping S3", "not_planned"),
    ("must_match_this_cycle", "no money for one more cycle", True),  # was read as No ("no")
    ("match_year", "M28 probably not, M27 for sure", "ask"),  # guard: still asked
    ("match_year", "targeting M29", 2029),
    ("step2_ck_score", "274 sorry typo, 247", 247),
    ("graduation_year", "2018 oops 2019", 2019),
    ("step2_ck_score", "UWSA1 said 244, actual was 5 points higher", 249),
    ("step2_ck_score", "free 120 76%, then 248 on the real one", 248),  # 120 names the test, not a score
    ("usmle_failures", "attempted step 2 CK 3 times, cleared on the 3rd", 2),
    ("usmle_failures", "took step 1 twice", "ask"),  # guard: attempts without the one passed on
    ("match_year", "current season, ERAS submitted and interviewing", 2027),
    ("research", "my senior has 10 radiology papers, I have none", "none"),
    ("research", "abstract on CT features of covid pneumonia at a conference", "radiology"),
    ("research", "IM case report, imaging not involved", "non_radiology"),
])
def test_these_kinds_are_read_as_said_or_asked(qid, typed, value):
    r = reading(qid, typed)
    if value == "ask":
        assert not r.ok and r.doubt and r.doubt.lower() in r.error.lower(), (typed, r)
    else:
        assert r.ok and r.value == value and type(r.value) is type(value), (typed, r)


def test_a_score_against_a_practice_test_is_said_back_with_the_sum():
    r = reading("step2_ck_score", "my last NBME was 255, the real exam came 7 points less")
    assert r.ok and r.value == 248 and "7 points less than the 255 of your practice test" in r.said


def test_the_match_said_by_graduation_needs_the_graduation_year():
    r = reading("match_year", "the year after I graduate", graduation_year=2026)
    assert r.ok and r.value == 2027 and "2026" in r.said
    asked = reading("match_year", "the year after I graduate")
    assert not asked.ok and "graduation year" in asked.error


def test_same_as_above_stands_for_none_only_when_the_earlier_answer_was_none():
    r = reading("radiology_experience", "same as before", us_clinical_experience="none")
    assert r.ok and r.value == "none" and "US clinical experience" in r.said
    asked = reading("radiology_experience", "same as above", us_clinical_experience="observership")
    assert not asked.ok and asked.doubt in asked.error


async def test_a_reply_in_hinglish_is_stored_and_said_back_in_the_chat(harness):
    ana = harness.chat()
    await to(ana, "radiology_experience")
    await ana.send("nahi yaar, kuch nahi abhi tak")
    assert stored(harness.runtime, ana.chat_id).answers["radiology_experience"] == "none"
    assert "(Hindi/Urdu): I read it as" in ana.text
