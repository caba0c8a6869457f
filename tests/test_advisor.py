"""The advisor against the source's worked examples and every CONTRACTS §2 threshold."""

from datetime import date

import pytest

from knowledge.advisor import build_plan
from knowledge.answers import AnswersError, validate_answers
from knowledge.base import load_knowledge
from tests.examples import HIGH, MATCH, MODERATE, STRONG, answers

KB = load_knowledge()
TODAY = date(2026, 11, 30)


def plan_for(data, today=TODAY):
    return build_plan(validate_answers(data), KB, today)


def test_example_1_strong_applicant_dual_applies_cautiously():
    plan = plan_for(STRONG)
    assert plan.tier == "higher"
    assert plan.top_backup == "internal_medicine"
    lo, hi = plan.applications["diagnostic_radiology"]
    assert lo <= 100 <= hi
    lo, hi = plan.applications["internal_medicine"]
    assert lo <= 60 <= hi
    assert (plan.letters.radiology, plan.letters.backup, plan.letters.general) == ((2, 2), (2, 2), 1)
    assert plan.radiology_only_defensible
    assert plan.deal_breakers == ()


def test_example_2_moderate_applicant_makes_backup_the_main_goal():
    plan = plan_for(MODERATE)
    assert plan.tier == "moderate"
    assert plan.top_backup == "internal_medicine"
    assert plan.applications["diagnostic_radiology"] == (50, 70)
    assert plan.applications["internal_medicine"][0] >= 120
    assert (plan.letters.radiology, plan.letters.backup) == ((1, 1), (3, 3))
    assert not plan.radiology_only_defensible


def test_example_3_high_risk_applicant_has_backup_as_plan_a():
    plan = plan_for(HIGH)
    assert plan.tier == "high"
    assert plan.top_backup in ("family_medicine", "internal_medicine")
    assert plan.backups[1].id in ("family_medicine", "internal_medicine")
    assert plan.applications[plan.top_backup][0] >= 150
    assert plan.applications["diagnostic_radiology"] == (0, 0)
    assert set(plan.deal_breakers) == {"graduation_over_7_years", "no_us_clinical_experience"}


@pytest.mark.parametrize("score,fails,level", [
    (245, 0, "strong"), (244, 0, "average"), (235, 0, "average"), (234, 0, "weak"),
    (260, 1, "weak"), (None, 0, "unknown"), (None, 1, "weak"), (1, 0, "weak"), (300, 0, "strong"),
])
def test_step2_rating_thresholds(score, fails, level):
    assert plan_for(answers(step2_ck_score=score, usmle_failures=fails)).ratings["step2_ck"].level == level


@pytest.mark.parametrize("years,level", [(0, "strong"), (3, "strong"), (4, "average"), (6, "average"),
                                         (7, "weak")])
def test_recency_rating_thresholds(years, level):
    plan = plan_for(answers(graduation_year=MATCH - 1 - years))
    assert plan.years_since_graduation == years
    assert plan.ratings["recency"].level == level


@pytest.mark.parametrize("key,value,level", [
    ("research", "radiology", "strong"), ("research", "non_radiology", "average"), ("research", "none", "weak"),
    ("visa", "no_visa_needed", "strong"), ("visa", "j1_ok", "strong"), ("visa", "h1b_only", "weak"),
    ("english", "average", "average"), ("english", "weak", "weak"),
    ("radiology_experience", "hands_on", "strong"), ("radiology_experience", "none", "weak"),
])
def test_categorical_ratings(key, value, level):
    overrides = {key: value}
    if key == "radiology_experience":
        overrides["us_clinical_experience"] = "hands_on"
    assert plan_for(answers(**overrides)).ratings[key].level == level


@pytest.mark.parametrize("usce,level", [("hands_on", "strong"), ("observership", "average"), ("none", "weak")])
def test_usce_rating(usce, level):
    assert plan_for(answers(us_clinical_experience=usce, radiology_experience="none")
                    ).ratings["us_clinical_experience"].level == level


@pytest.mark.parametrize("overrides,deal_breakers", [
    ({"usmle_failures": 1}, set()),
    ({"usmle_failures": 2}, {"multiple_failures"}),
    ({"graduation_year": MATCH - 1 - 7}, set()),
    ({"graduation_year": MATCH - 1 - 8}, {"graduation_over_7_years"}),
    ({"us_clinical_experience": "none", "radiology_experience": "none"}, {"no_us_clinical_experience"}),
])
def test_deal_breakers(overrides, deal_breakers):
    assert set(plan_for(answers(**overrides)).deal_breakers) == deal_breakers


@pytest.mark.parametrize("overrides,tier", [
    ({}, "higher"),
    ({"step2_ck_score": 244}, "moderate"),
    ({"step2_ck_score": 235}, "moderate"),
    ({"step2_ck_score": 234}, "high"),
    ({"usmle_failures": 1}, "high"),
    ({"graduation_year": MATCH - 1 - 3}, "higher"),
    ({"graduation_year": MATCH - 1 - 4}, "moderate"),
    ({"graduation_year": MATCH - 1 - 6}, "moderate"),
    ({"graduation_year": MATCH - 1 - 7}, "high"),
    ({"us_clinical_experience": "none", "radiology_experience": "none"}, "high"),
    ({"radiology_experience": "none"}, "moderate"),
    ({"radiology_experience": "hands_on"}, "higher"),
    ({"research": "non_radiology"}, "moderate"),
    ({"visa": "h1b_only"}, "moderate"),
    ({"visa": "no_visa_needed"}, "higher"),
    ({"step2_ck_score": None}, "moderate"),
    ({"step2_ck_score": None, "usmle_failures": 1}, "high"),
])
def test_tier_rules(overrides, tier):
    assert plan_for(answers(**overrides)).tier == tier


def test_no_score_caps_the_tier_at_moderate_and_marks_it_provisional():
    plan = plan_for(answers(step2_ck_score=None))
    assert plan.provisional and plan.tier == "moderate"
    assert any("provisional" in r for r in plan.tier_reasons)


def test_moderate_tier_says_what_holds_it_there():
    plan = plan_for(answers(visa="h1b_only", research="non_radiology"))
    text = " ".join(plan.tier_reasons)
    assert "H-1B only" in text and "research outside radiology" in text


def test_backups_rank_all_four_and_never_the_transitional_year():
    for data in (STRONG, MODERATE, HIGH):
        ids = [b.id for b in plan_for(data).backups]
        assert sorted(ids) == ["family_medicine", "internal_medicine", "neurology", "pathology"]


def test_fit_moves_the_ranking():
    assert plan_for(answers(neuro_interest=True, long_term_us_priority=False)).top_backup == "neurology"
    assert plan_for(answers(patient_contact="avoid", long_term_us_priority=False)).top_backup == "pathology"
    assert plan_for(answers(must_match_this_cycle=True, patient_contact="enjoy",
                            pattern_recognition="neutral", academic_environment="neutral")
                    ).top_backup == "family_medicine"


def test_h1b_only_widens_the_backup_list():
    j1 = plan_for(MODERATE)
    h1b = plan_for({**MODERATE, "visa": "h1b_only"})
    assert h1b.applications[h1b.top_backup][1] > j1.applications[j1.top_backup][1]


@pytest.mark.parametrize("bad,key", [
    ({"step2_ck_score": 301}, "step2_ck_score"),
    ({"step2_ck_score": "250"}, "step2_ck_score"),
    ({"step2_ck_score": True}, "step2_ck_score"),
    ({"usmle_failures": -1}, "usmle_failures"),
    ({"visa": "f1"}, "visa"),
    ({"neuro_interest": "yes"}, "neuro_interest"),
    ({"graduation_year": MATCH + 1}, "graduation_year"),
    ({"us_clinical_experience": "observership", "radiology_experience": "hands_on"}, "radiology_experience"),
])
def test_invalid_answers_name_the_key(bad, key):
    with pytest.raises(AnswersError) as info:
        validate_answers(answers(**bad))
    assert info.value.key == key


def test_missing_key_is_named():
    data = answers()
    del data["english"]
    with pytest.raises(AnswersError, match="english"):
        validate_answers(data)
