"""Issue 23, round 20a: the twenty-second blind set stored "step 3 is not in my plans rn, no money for it 💸" as
"Planning to take it". The plan word "plans" made the part planned, and the "not" before "in my" negated nothing: a
plan that is denied ("not in my plans", "not part of my plans", "out of my plans", "not on my radar", "isn't
planned", "plans? none") is not a plan. At Step 3 it is "Not planned"; at the experience and research questions the
thing denied is neither done nor planned (None yet). Each story is a reply an IMG types; the blind set's own sentence
appears once, beside new ones of the kind and near-misses that must still read as a plan."""

from __future__ import annotations

import pytest

from tests.test_reading_round14 import asked_naming, reading

# --------------------------------------------------------------------------- a denied plan is not a plan


@pytest.mark.parametrize("typed", [
    "step 3 is not in my plans rn, no money for it 💸", "not in my plans", "Step 3 is not in my plan right now",
    "step3 not part of my plans, I want to match first", "not on my list", "step 3 is not on my radar tbh",
    "step 3 is out of my plans for now", "step 3 isn't part of my plans at the moment because of the fees",
    "step 3 not in plan", "step 3 is not something I plan",
])
def test_a_denied_plan_at_step_3_is_not_planned(typed):
    r = reading("step3", typed)
    assert r.ok and r.value == "not_planned", r


@pytest.mark.parametrize("qid, typed", [
    ("us_clinical_experience", "none, an observership isn't planned"),
    ("us_clinical_experience", "observership is not on my radar"),
    ("us_clinical_experience", "electives not part of my plans, no visa"),
    ("us_clinical_experience", "no plans for an observership"),
    ("radiology_experience", "radiology observership isn't planned"),
    ("radiology_experience", "a rads elective is not in my plans"),
    ("research", "research is not in my plans right now"),
    ("research", "a paper isn't part of my plans"),
])
def test_a_denied_plan_for_experience_or_research_is_none_yet(qid, typed):
    r = reading(qid, typed)
    assert r.ok and r.value == "none", r


@pytest.mark.parametrize("qid, typed, value", [
    ("step3", "step 3 is in my plans for next year", "planned"), ("step3", "planning to take it next year", "planned"),
    ("step3", "no money now but step 3 is planned for june", "planned"), ("step3", "it is on my list for spring", "planned"),
    ("step3", "not yet, I plan to take it in june", "planned"), ("step3", "cleared it last year", "passed"),
    ("us_clinical_experience", "observership is on my radar for summer", "none"),
    ("us_clinical_experience", "did an observership, no plans for more", "observership"),
    ("us_clinical_experience", "did an observership no plans for more", "observership"),
])
def test_a_plan_said_plainly_or_a_deed_beside_a_denied_plan_still_reads(qid, typed, value):
    r = reading(qid, typed)
    assert r.ok and r.value == value, r


_DENIED = ("not in my plans", "not in my plan right now", "no plans for it", "not part of my plans", "not on my list",
           "not on my radar", "not planning it", "isn't planned", "haven't planned it", "out of my plans",
           "not in my plans rn", "isn't part of my plans", "not planned", "no plan for it", "is not in my plan",
           "not currently in my plans", "not something I plan")
_LEADS = ("", "step 3 ", "step 3 is ", "Step3: ", "honestly ")
_REASONS = ("", ", no money for it", " because of the fees", ", I want to match first", " 💸", " tbh",
            ", will see later")


@pytest.mark.quality
def test_grid_a_denied_plan_at_step_3_is_never_a_plan():
    """17 denials x 5 leads x 7 reasons (595 replies): none is stored as planned or passed, and at least 95 % read
    Not planned."""
    wrong, read = [], 0
    for denial in _DENIED:
        for lead in _LEADS:
            for reason in _REASONS:
                typed = f"{lead}{denial}{reason}".strip()
                r = reading("step3", typed)
                wrong += [typed] if r.ok and r.value != "not_planned" else []
                read += r.ok and r.value == "not_planned"
    assert not wrong, wrong
    assert read >= 0.95 * len(_DENIED) * len(_LEADS) * len(_REASONS), read


_THINGS = {"us_clinical_experience": ("an observership", "a US elective", "observership", "a sub-I"),
           "radiology_experience": ("a rads observership", "a radiology elective", "a reading room observership"),
           "research": ("research", "a paper", "a case report", "a radiology paper", "a poster")}
_DENIED_AFTER = ("is not in my plans", "is not in my plan right now", "not part of my plans", "is not on my radar",
                 "isn't planned", "is out of my plans", "isn't part of my plans", "not planned", "not in my plans rn")


@pytest.mark.quality
def test_grid_a_denied_plan_for_experience_or_research_is_never_a_level():
    """12 things x (9 denials after them + "no plans for" before them) x 5 reasons: only None yet is ever stored."""
    wrong = []
    for qid, things in _THINGS.items():
        for thing in things:
            for reason in ("", ", no money for it", " because of the visa", " tbh", ", will see later"):
                for typed in (*(f"{thing} {d}{reason}" for d in _DENIED_AFTER), f"no plans for {thing}{reason}"):
                    r = reading(qid, typed)
                    wrong += [(qid, typed, r.value)] if r.ok and r.value != "none" else []
    assert not wrong, wrong


def test_another_exam_denied_as_a_plan_at_step_3_is_not_read_as_step_3():
    r = reading("step3", "step 1 is not in my plans")
    assert not r.ok and r.candidates, r


# --------------------------------------------------------------------------- "kind of" before a noun names a kind

@pytest.mark.parametrize("qid, typed", [
    ("academic_environment", "Did 2 years in a US lab and enjoyed it a lot, I'd like that kind of place"),
    ("academic_environment", "I love this kind of environment"),
    ("patient_contact", "I enjoy the kind of work where I talk to patients"),
])
def test_that_kind_of_place_names_a_kind_and_is_no_hedge(qid, typed):
    r = reading(qid, typed)
    assert r.ok and r.value == "enjoy", r


@pytest.mark.parametrize("typed", ["kind of enjoy it", "I kind of like it"])
def test_kind_of_before_a_verb_is_still_a_hedge(typed):
    asked_naming(reading("academic_environment", typed), "kind of")


# --------------------------------------------------------------------------- "meh" alone at English

@pytest.mark.parametrize("typed", ["meh", "meh.", "Meh 😅"])
def test_meh_alone_at_english_is_asked_between_average_and_needs_work(typed):
    r = reading("english", typed)
    asked_naming(r, "meh")
    assert [v for v, _ in r.candidates] == ["average", "weak"], r


def test_meh_at_an_enjoy_question_is_still_neutral():
    r = reading("patient_contact", "meh")
    assert r.ok and r.value == "neutral", r


# --------------------------------------------------------------------------- another exam as the reason after a clear answer

@pytest.mark.parametrize("typed, value, reason", [
    ("Not planned, I will focus on CK first", "not_planned", "focus on ck first"),
    ("not planned, want to finish step 2 first", "not_planned", "finish step 2 first"),
    ("planning to, after CK", "planned", "after ck"),
])
def test_another_exam_in_the_reason_after_a_clear_step_3_answer_is_the_reason_said_back(typed, value, reason):
    r = reading("step3", typed)
    assert r.ok and r.value == value, r
    assert reason in r.said.lower() and "reason" in r.said, r


@pytest.mark.parametrize("typed", ["Passed, I will focus on CK first", "not planned, ck", "not planned, failed ck"])
def test_another_exam_beside_step_3_with_no_reason_or_beside_passed_is_still_asked(typed):
    asked_naming(reading("step3", typed), "ck")


# --------------------------------------------------------------------------- the top priority beside places that do not matter

@pytest.mark.parametrize("typed", [
    "Top priority is radiology itself; US, Canada or UK, doesn't matter",
    "top priority is the specialty; US or UK doesn't matter to me", "top priority is radiology; US/Canada/UK doesn't matter",
    "Top priority is radiology itself; US, Canada or UK, doesn’t matter",
    "my top priority is radiology itself, US or Canada doesn't matter",
])
def test_the_top_priority_named_beside_a_list_of_places_that_do_not_matter_is_no(typed):
    r = reading("long_term_us_priority", typed)
    assert r.ok and r.value is False and "top priority" in r.said, r


@pytest.mark.parametrize("typed", [
    "top priority is radiology but staying in the US matters too",
    "top priority is radiology itself; US, Canada or UK, i think it doesn't matter",
])
def test_the_top_priority_beside_the_us_or_a_hedge_is_not_stored(typed):
    assert not reading("long_term_us_priority", typed).ok


# --------------------------------------------------------------------------- a person word matches as spelt or with one slip

@pytest.mark.parametrize("typed", ["J1, no other option", "J-1, no other option for me"])
def test_no_other_option_names_no_mother(typed):
    r = reading("visa", typed)
    assert "mother" not in (r.doubt + r.error + r.said).lower(), r
    assert r.ok and r.value == "j1_ok", r


@pytest.mark.parametrize("typed", ["my mother is a US citizen", "my mothr is a US citizen", "my brothr has a green card"])
def test_a_family_member_spelt_or_with_one_slip_is_still_someone_else(typed):
    r = reading("visa", typed)
    assert not r.ok, r


# --------------------------------------------------------------------------- a short answer, then a plan of its own

@pytest.mark.parametrize("typed", ["not yet I plan to take it in june", "not yet we plan to take it in june",
                                   "no I plan to take it in june"])
def test_not_yet_then_a_plan_with_a_subject_of_its_own_is_planned(typed):
    r = reading("step3", typed)
    assert r.ok and r.value == "planned", r


@pytest.mark.parametrize("typed", ["I do not plan to take it", "not yet I don't plan to take it"])
def test_a_plan_negated_in_its_own_clause_is_still_not_planned(typed):
    r = reading("step3", typed)
    assert r.ok and r.value == "not_planned", r
