"""Issue 23, round 6: humility. After a value is read, material around it that the reader did not account for is
asked back, named, never stored: a condition whose own words read otherwise, irony, someone else's view (or the
user's guess) by a verb read nowhere else, work just begun beside a field word, work the user disclaims, and an
unread word that looks like a misspelt number word. A near spelling of "twice"/"thrice" is put right and said
back. The sixth held-out set's lessons, as kinds, in new words.
"""

from __future__ import annotations

import pytest

from dialogs.reading import understand
from knowledge.base import load_knowledge
from tests.conftest import stored
from tests.test_reading import TODAY, to

KB = load_knowledge()


def reading(qid: str, text: str, **answers):
    return understand(KB.question(qid), text, answers, TODAY).reading


@pytest.mark.parametrize("typed, value, slip", [
    ("flunked CK twicw", 2, "twicw"),
    ("failed step 2 thrise unfortunately", 3, "thrise"),
])
def test_a_misspelt_twice_is_counted_and_the_slip_said_back(typed, value, slip):
    r = reading("usmle_failures", typed)
    assert r.ok and r.value == value, (typed, r)
    assert f"I read “{slip}” as" in r.said


@pytest.mark.parametrize("qid, typed, doubt", [
    # a misspelt number word is not left out of the count
    ("usmle_failures", "step one failed thre times", "thre"),
    # work just begun is a plan, not output
    ("research", "no papers, only just begun a chart review on MRI findings", "just begun"),
    ("research", "Nothing published; I have started a prospective ultrasound project this month.", "have started"),
    # a condition that reads another value
    ("visa", "I need H-1B, but if nobody sponsors it I'd go J-1", "if nobody sponsors it"),
    ("visa", "H1B preferred; if a J1 is all that's offered, fine, I will accept it", "if a j1 is all"),
    # irony
    ("must_match_this_cycle", "oh sure, no pressure at all 🙃", "🙃"),
    ("must_match_this_cycle", "no, not a must at all 🙄 I only quit my job for this", "🙄"),
    ("must_match_this_cycle", "no pressure lol, just my entire savings", "no pressure lol"),
    # someone else's view by a verb read nowhere else, and the user's own guess
    ("must_match_this_cycle", "my husband reckons I must match this year", "my husband reckons"),
    ("must_match_this_cycle", "my PI feels I must match this cycle", "my pi feels"),
    ("must_match_this_cycle", "my aunt is thinking I must match this year", "my aunt is thinking"),
    ("must_match_this_cycle", "I reckon yes", "i reckon"),
    # work the user disclaims
    ("research", "a radiology paper, I was not involved", "i was not involved"),
])
def test_material_the_reader_did_not_account_for_is_asked_back_naming_it(qid, typed, doubt):
    r = reading(qid, typed)
    assert not r.ok, (typed, r.value)
    assert doubt in r.doubt.lower() and r.doubt.lower() in r.error.lower(), (typed, r)
    assert r.candidates


@pytest.mark.parametrize("qid, typed, value", [
    ("research", "2 radiology papers published, a third one just started", "radiology"),
    ("us_clinical_experience", "one observership finished, an externship starting in march", "observership"),
    ("visa", "ok with J1, would prefer H1B if a program gives it", "j1_ok"),
    ("must_match_this_cycle", "No, I can reapply next year if I have to.", False),
    ("must_match_this_cycle", "family wants me to match this year, personally it's not a must", False),
    ("patient_contact", "I feel I enjoy it", "enjoy"),
    ("must_match_this_cycle", "no lol, I can wait", False),
])
def test_what_the_rest_of_the_sentence_states_on_its_own_is_still_read(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value == value and type(r.value) is type(value), (typed, r)


def test_a_condition_that_accepts_the_j1_offers_it_first_never_h1b_only():
    r = reading("visa", "Honestly H-1B is my wish, but if the only offer is a J-1 program, I would take it gladly.")
    assert not r.ok and r.candidates[0][0] == "j1_ok", r


async def test_a_sarcastic_no_is_not_stored_and_the_question_names_the_irony(harness):
    ana = harness.chat()
    await to(ana, "must_match_this_cycle")
    await ana.send("no no, no pressure 🙄 I only sold my car for this")
    assert "must_match_this_cycle" not in stored(harness.runtime, ana.chat_id).answers
    assert "🙄" in ana.text


@pytest.mark.parametrize("qid, typed, value, said", [
    ("citizenship", "Pakistanee", "PK", "Pakistan"),
    ("radiology_experience", "nada, hoping to get one next year", "none", "None yet"),
    ("match_year", "the 2027-2028 application cycle", 2028, "the 2027-2028 season ends in the 2028 Match"),
])
def test_a_nationality_spelt_by_ear_nada_and_an_application_season_are_read(qid, typed, value, said):
    r = reading(qid, typed)
    assert r.ok and r.value == value, (typed, r)
    assert said in (r.said or said), r
