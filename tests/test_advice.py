"""The plan as an experienced IMG advisor reads it: on a real date, under the season's rules, with no cliffs."""

import json
import re
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs import plan_view
from dialogs.reply import esc
from knowledge.advisor import build_plan
from knowledge.counts import MAX_STEP
from knowledge.answers import AnswersError, find_countries, validate_answers
from knowledge.loader import KnowledgeError
from knowledge.base import load_knowledge
from knowledge.timeline import PHASES, day_text
from tests.examples import HIGH, MATCH, MODERATE, STRONG, answers
from tests.props import tries

KB = load_knowledge()
DR = "diagnostic_radiology"
NOV_30 = date(2026, 11, 30)
DEC_6 = date(2026, 12, 6)


def plan_for(data, today=NOV_30):
    return build_plan(validate_answers(data), KB, today)


def step_ids(plan):
    return [s.id for s in plan.next_steps]


def strategy_of(plan):
    """The Strategy screen (the first screen points to it), as one text."""
    return plan_view.section_text(KB, plan, "strategy")


def everything_said(plan):
    """Every sentence the user can read in the chat for this plan."""
    texts = [plan_view.overview(KB, plan).text] + [plan_view.section_text(KB, plan, k) for k, _ in plan_view.SECTIONS]
    return "\n".join(texts)


# --------------------------------------------------------------------------- the phase from the calendar

# For the 2027 Match: MyERAS opened 3 Jun 2026 (reported), programs review from 23 Sep 2026, rank-list
# entry opens 1 Feb 2027, the deadline is 3 Mar 2027 and Match Day 19 Mar 2027 (estimated).
@pytest.mark.parametrize("today,phase", [
    (date(2025, 9, 2), "preparing"), (date(2025, 9, 3), "building"),
    (date(2026, 2, 2), "building"), (date(2026, 2, 3), "assembling"),
    (date(2026, 6, 2), "assembling"), (date(2026, 6, 3), "applying"),
    (date(2026, 9, 22), "applying"), (date(2026, 9, 23), "interviewing"),
    (NOV_30, "interviewing"), (date(2027, 1, 31), "interviewing"),
    (date(2027, 2, 1), "ranking"), (date(2027, 3, 3), "ranking"),
    (date(2027, 3, 4), "match_week"), (date(2027, 3, 19), "match_week"),
    (date(2027, 3, 20), "after_match"),
])
def test_phase_boundaries_follow_the_calendar(today, phase):
    assert plan_for(STRONG, today).phase.id == phase
    assert KB.calendar.phase(MATCH, today).id == phase


def test_phases_cover_every_day_in_order():
    seen, day = [], date(2025, 1, 1)
    while day < date(2027, 6, 1):
        p = KB.calendar.phase(MATCH, day).id
        if not seen or seen[-1] != p:
            seen.append(p)
        day += timedelta(days=1)
    assert seen == list(PHASES)


def test_on_30_november_a_2027_applicant_is_told_interviews_and_the_rank_list_not_to_submit():
    plan = plan_for(MODERATE)
    ids = step_ids(plan)
    assert plan.phase.id == "interviewing"
    assert {"interview_prep", "post_interview_communication", "rank_list", "few_invitations"} <= set(ids)
    assert "submit_early" not in ids and "assign_signals" not in ids
    said = everything_said(plan)
    assert "Submit on the first day" not in said and "before ERAS" not in said
    assert "Mon 1 Feb 2027 (estimated)" in said and "Wed 3 Mar 2027 (estimated)" in said


def test_after_the_match_the_plan_is_about_reapplying_and_the_clock():
    plan = plan_for(answers(graduation_year=MATCH - 1 - 3), date(2027, 4, 1))
    reapply = next(s.text for s in plan.next_steps if s.id == "reapply")
    assert plan.phase.id == "after_match" and "2028 Match" in reapply
    assert "4 years from graduation" in reapply and "moderate risk" in reapply  # the clock moves the tier


def test_match_week_is_about_soap():
    plan = plan_for(STRONG, date(2027, 3, 15))
    assert step_ids(plan)[:1] == ["soap"] and "SOAP" in plan.next_steps[0].text


# --------------------------------------------------------------------------- next-steps rules (CONTRACTS §3a)

PROFILE_FIELDS = {
    "step2_ck_score": st.one_of(st.none(), st.integers(200, 270)),
    "usmle_failures": st.integers(0, 3),
    "graduation_year": st.integers(MATCH - 12, MATCH - 1),
    "us_clinical_experience": st.sampled_from(["none", "observership", "hands_on"]),
    "research": st.sampled_from(["none", "non_radiology", "radiology"]),
    "visa": st.sampled_from(["no_visa_needed", "j1_ok", "h1b_only"]),
    "step3": st.sampled_from(["passed", "planned", "not_planned"]),
    "english": st.sampled_from(["strong", "average", "weak"]),
    "must_match_this_cycle": st.booleans(),
    "citizenship": st.sampled_from([None, "IN", "NG", "IR", "EG"]),
}
PROFILES = st.fixed_dictionaries(PROFILE_FIELDS)
DAYS = st.dates(date(2024, 6, 1), date(2027, 9, 1))


@settings(max_examples=tries(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROFILES, DAYS)
def test_next_steps_obey_the_contract_for_any_profile_on_any_day(profile, today):
    data = answers(**profile, radiology_experience="none")
    plan = plan_for(data, today)
    ids, phase, a = step_ids(plan), plan.phase.id, plan.answers
    assert len(ids) == len(set(ids)) and ids
    if "gain_us_clinical_experience" in ids:
        assert a.us_clinical_experience != "hands_on"
    if "wait_a_year" in ids:
        assert a.years_since_graduation + 1 <= 7 and not a.must_match_this_cycle
    if "submit_early" in ids:
        assert phase in ("assembling", "applying")
    if "assign_signals" in ids:
        assert phase in ("building", "assembling", "applying")  # not a year and more ahead: nothing to do yet
    # no Step 2 CK score from interview season on (or so near the review day that programs would read the
    # application without it): this Match is out of reach, so the plan aims at the next; after it, it was missed
    review = KB.calendar.date_of("review", a.match_year)[0]
    retarget = a.step2_ck_score is None and (phase in ("interviewing", "ranking", "match_week", "after_match")
                                             or (phase == "applying" and (review - today).days < 28))
    assert ("retarget_next_match" in ids) == retarget
    for sid in ("interview_prep", "post_interview_communication"):
        assert (sid in ids) == (phase == "interviewing" and not retarget)
    assert ("rank_list" in ids) == (phase in ("interviewing", "ranking") and not retarget)
    assert ("soap" in ids) == (phase in ("ranking", "match_week") and not retarget)
    assert ("reapply" in ids) == (phase == "after_match")
    assert ("take_step2_ck" in ids) == (a.step2_ck_score is None)
    # the H-1B is the only route (by the answer, or a J-visa suspension) and Step 3 is not passed
    assert ("take_step3" in ids) == ((a.visa == "h1b_only" or plan.route.id == "h1b") and a.step3 != "passed")
    assert "ecfmg_certification" in ids
    # ECFMG's clinical and communication skills requirement, from building to ranking, for everyone not certified
    # (Step 3 passed means certified: it needs certification first)
    assert ("ecfmg_pathway" in ids) == (a.step3 != "passed" and not retarget and phase in (
        "building", "assembling", "applying", "interviewing", "ranking"))
    for step in plan.next_steps:  # every text is filled in and fits a chat message
        assert not re.search(r"\{[a-z_:0-9-]+\}", step.text) and len(step.text) < 1500, step


def test_wait_a_year_is_offered_only_while_it_keeps_the_user_inside_7_years():
    no_usce = dict(us_clinical_experience="none", radiology_experience="none", step2_ck_score=240)
    on = date(2026, 7, 1)  # applying for the 2027 Match
    assert "wait_a_year" in step_ids(plan_for(answers(**no_usce, graduation_year=MATCH - 1 - 6), on))
    assert "wait_a_year" not in step_ids(plan_for(answers(**no_usce, graduation_year=MATCH - 1 - 7), on))
    assert "wait_a_year" not in step_ids(plan_for(answers(**no_usce, graduation_year=MATCH - 1 - 2,
                                                          must_match_this_cycle=True), on))
    # waiting never fixes a failure or a low score, so it is not offered for them
    assert "wait_a_year" not in step_ids(plan_for(answers(**{**no_usce, "step2_ck_score": 220}), on))


def test_no_step_advises_what_the_user_already_has():
    hands_on = plan_for(answers(us_clinical_experience="hands_on"), date(2025, 10, 1))
    assert "gain_us_clinical_experience" not in step_ids(hands_on)
    assert "year of US clinical experience" not in everything_said(hands_on)
    observer = plan_for(answers(us_clinical_experience="observership", radiology_experience="none"),
                        date(2025, 10, 1))
    assert "gain_us_clinical_experience" in step_ids(observer)


def test_a_user_without_step2_in_interview_season_is_told_plainly_to_aim_at_the_next_match():
    """Item 7: no Step 2 CK in December of the Match year is not "plan the rank list"."""
    plan = plan_for(answers(step2_ck_score=None, must_match_this_cycle=True), DEC_6)
    first, ids = plan.next_steps[0], step_ids(plan)
    assert first.id == "retarget_next_match" and "2028 Match" in first.text and "/profile" in first.text
    assert "withdrawn from the Match" in first.text  # why: ECFMG must confirm the pass before the deadline
    assert not {"rank_list", "interview_prep", "soap", "few_invitations", "not_applied_yet"} & set(ids)
    said = everything_said(plan)
    assert "Plan the rank list" not in said and "Prepare for interviews" not in said
    assert "so this Match is out of reach" in plan.strategy[-1]
    assert "Lists for the 2028 Match" in strategy_of(plan)
    assert plan.to_json()["next_steps"][0]["id"] == "retarget_next_match"
    # in the summer before, there is still time: take it, and no retargeting
    summer = plan_for(answers(step2_ck_score=None), date(2026, 7, 1))
    assert "retarget_next_match" not in step_ids(summer) and step_ids(summer)[0] == "take_step2_ck"


# --------------------------------------------------------------------------- visa outlook

@pytest.mark.parametrize("overrides,today,status", [
    ({"visa": "no_visa_needed", "citizenship": "NG"}, NOV_30, "open"),
    ({"visa": "j1_ok", "citizenship": "IN"}, NOV_30, "open"),
    ({"visa": "j1_ok", "citizenship": None}, NOV_30, "open"),
    ({"visa": "j1_ok", "citizenship": "NG", "step3": "not_planned"}, NOV_30, "blocked"),
    ({"visa": "j1_ok", "citizenship": "NG", "step3": "passed"}, NOV_30, "narrow"),  # the H-1B route remains
    ({"visa": "j1_ok", "citizenship": "NG", "step3": "not_planned"}, date(2025, 12, 1), "open"),  # before 1 Jan
    ({"visa": "j1_ok", "citizenship": "IR", "step3": "passed"}, NOV_30, "blocked"),  # all visas suspended
    ({"visa": "h1b_only", "step3": "passed"}, NOV_30, "narrow"),
    ({"visa": "h1b_only", "step3": "planned"}, NOV_30, "narrow"),  # programs take Step 3 by the rank-list deadline
    ({"visa": "h1b_only", "step3": "planned"}, date(2027, 3, 16), "blocked"),  # Match Week: too late for this one
    ({"visa": "h1b_only", "step3": "not_planned"}, NOV_30, "blocked"),
    ({"visa": "h1b_only", "step3": "passed", "citizenship": "NG"}, NOV_30, "narrow"),  # J ban leaves the H-1B
])
def test_visa_outlook(overrides, today, status):
    plan = plan_for(answers(**overrides), today)
    assert plan.visa_outlook.status == status
    if status != "open":
        assert plan.visa_outlook.reasons and plan.visa_outlook.possible
        assert all("(" in r for r in plan.visa_outlook.reasons), "reasons cite dated facts"


def test_the_h1b_fee_is_stated_for_the_day_it_is_read():
    before = plan_for(answers(visa="h1b_only", step3="passed"), date(2026, 5, 1)).visa_outlook.reasons[0]
    after = plan_for(answers(visa="h1b_only", step3="passed"), NOV_30).visa_outlook.reasons[0]
    assert "until at least Mon 21 Sep 2026" in before
    assert "Whether it was extended past Mon 21 Sep 2026" in after and "uscis.gov" in after


def test_a_blocked_user_is_not_handed_counts_as_a_plan_to_apply():
    # every visa suspended (Iran): no route until an exception opens one
    plan = plan_for(answers(visa="h1b_only", step3="not_planned", citizenship="IR"), date(2026, 3, 1))
    assert "Visa outlook: blocked" in plan_view.overview(KB, plan).text
    assert "not until your visa route is open" in strategy_of(plan)
    assert "program_lists" not in step_ids(plan) and "budget" not in step_ids(plan)
    assert "Not a plan to apply yet" in plan_view.section_text(KB, plan, "apps")
    # the H-1B without Step 3 planned, while this Match's applications are prepared: only if Step 3 is sat in time
    plan = plan_for(answers(visa="h1b_only", step3="not_planned"), date(2026, 3, 1))
    assert "only if you can sit Step 3 in time" in strategy_of(plan)
    assert "program_lists" not in step_ids(plan) and "budget" not in step_ids(plan)
    assert "Only if you can sit Step 3 in time" in plan_view.section_text(KB, plan, "apps")


def test_nationality_says_the_j_suspension_plainly_at_the_top():
    plan = plan_for(answers(citizenship="NG", step3="not_planned"))
    top = plan_view.overview(KB, plan).text
    assert "J visas are suspended for nationals of Nigeria" in top
    assert step_ids(plan)[0] == "visa_exception" and "statement_of_need" not in step_ids(plan)


def test_green_card_holders_see_no_j1_waiver_text():
    said = everything_said(plan_for(answers(visa="no_visa_needed", long_term_us_priority=True), date(2026, 3, 1)))
    assert "waiver" not in said.lower() and "Statement of Need" not in said


def test_j1_users_are_told_about_the_statement_of_need():
    plan = plan_for(answers(visa="j1_ok"), date(2027, 3, 16))
    assert "statement_of_need" in step_ids(plan)
    assert "Statement of Need" in plan_view.section_text(KB, plan, "visa")


# --------------------------------------------------------------------------- counts, costs, signals

@settings(max_examples=tries(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROFILES)
def test_no_recommended_maximum_exceeds_the_programs_that_exist(profile):
    plan = plan_for(answers(**profile, radiology_experience="none"))
    for sid, (lo, hi) in plan.applications.items():
        assert 0 <= lo <= hi
        if hi:
            assert hi <= plan.programs_available[sid].count


def test_pathology_as_top_backup_is_capped_at_every_program_there_is():
    plan = plan_for(answers(patient_contact="avoid", long_term_us_priority=False, step2_ck_score=236,
                            research="none", must_match_this_cycle=False))
    assert plan.top_backup == "pathology"
    assert plan.applications["pathology"][1] == 142
    assert any("every pathology program there is" in n for n in plan.application_notes)


def test_costs_are_the_eras_fee_schedule_applied_per_specialty():
    eras = KB.season.eras
    assert eras.for_programs(200) == 5430 and eras.for_programs(30) == 330 and eras.for_programs(0) == 0
    plan = plan_for(MODERATE)
    (_, dr_hi), (_, im_hi) = plan.applications[DR], plan.applications["internal_medicine"]
    assert plan.costs.eras_usd == eras.for_programs(dr_hi) + eras.for_programs(im_hi) == 1530 + 4230
    assert plan.costs.nrmp_usd == KB.season.ranks.registration_usd
    assert "2026 ERAS season" in plan.costs.as_of and "$30" in plan.costs.assumes
    assert KB.season.ranks.for_ranks(25, 22) == KB.season.ranks.registration_usd + 7 * 30


def test_signals_are_per_specialty_labelled_with_their_season():
    plan = plan_for(MODERATE)
    as_json = plan.to_json()["signals"]
    assert as_json["as_of"] == "2025 ERAS season" and as_json["status"] == "check_current_rule"
    assert as_json[DR] == {"gold": 6, "silver": 6} and as_json["internal_medicine"] == {"gold": 3, "silver": 12}
    # the Signals screen says the rules while the signals are still to spend (in interview season, one line)
    section = plan_view.section_text(KB, plan_for(MODERATE, date(2026, 6, 15)), "signals")
    assert "one internal medicine signal covers both the categorical and the preliminary track" in section
    assert "take your visa" in section and "graduation year" in section


# --------------------------------------------------------------------------- no cliffs

NEIGHBOURS = st.fixed_dictionaries({
    "step2_ck_score": st.integers(215, 265),
    "graduation_year": st.integers(MATCH - 10, MATCH - 1),
    "us_clinical_experience": st.sampled_from(["observership", "hands_on"]),
    "radiology_experience": st.sampled_from(["none", "observership"]),
    "research": st.sampled_from(["none", "non_radiology", "radiology"]),
    "visa": st.sampled_from(["no_visa_needed", "j1_ok", "h1b_only"]),
    "must_match_this_cycle": st.booleans(),
    "patient_contact": st.sampled_from(["enjoy", "neutral", "avoid"]),
    "neuro_interest": st.booleans(),
})


@settings(max_examples=tries(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEIGHBOURS, st.sampled_from(["step2_ck_score", "graduation_year"]))
def test_one_point_or_one_year_never_moves_a_bound_by_more_than_20(profile, key):
    near = answers(**profile)
    far = {**near, key: near[key] + 1}
    a, b = plan_for(near), plan_for(far)
    if set(a.deal_breakers) != set(b.deal_breakers) or a.top_backup != b.top_backup:
        return  # crossing a deal-breaker, or a different backup ranked first, is a different plan
    for sid in a.applications:
        if sid == DR and (a.tier == "high") != (b.tier == "high"):
            # crossing into the high tier, radiology falls to that tier's own small aspirational list (round 2,
            # finding 7): the tier's line is CONTRACTS §2's, and its wording must not sit beside a long list
            assert min(a.applications[DR][1], b.applications[DR][1]) <= 20
            continue
        for i in (0, 1):
            assert abs(a.applications[sid][i] - b.applications[sid][i]) <= MAX_STEP, (sid, a.applications,
                                                                                     b.applications)
    assert abs(a.letters.radiology[0] - b.letters.radiology[0]) <= 1 and \
        abs(a.letters.backup[1] - b.letters.backup[1]) <= 1


def test_the_old_cliffs_are_gone():
    a, b = plan_for(answers(step2_ck_score=244)), plan_for(answers(step2_ck_score=245))
    assert a.tier == "moderate" and b.tier == "higher"  # the tier is still CONTRACTS §2's
    assert abs(a.applications["internal_medicine"][0] - b.applications["internal_medicine"][0]) <= 20
    assert a.letters == b.letters  # both sit in the band between the tiers: letters overlap, not flip


@pytest.mark.parametrize("overrides,words", [
    ({"step2_ck_score": 244}, "1 point below the higher-likelihood line (245)"),
    ({"step2_ck_score": 246}, "1 point above the higher-likelihood line (245)"),
    ({"step2_ck_score": 236, "research": "none"}, "1 point above the high-risk line (235)"),
    ({"step2_ck_score": 233, "research": "none"}, "2 points below the moderate line (235)"),
    ({"graduation_year": MATCH - 1 - 3}, "Applying a year later (4 years from graduation) would make you moderate"),
    ({"graduation_year": MATCH - 1 - 6}, "would make you high risk"),
])
def test_the_plan_says_how_close_the_user_is_to_another_tier_and_which_way(overrides, words):
    plan = plan_for(answers(**overrides))
    assert any(words in line for line in plan.near), plan.near
    assert words.split(" (")[0][:30] in plan_view.section_text(KB, plan, "why")


# --------------------------------------------------------------------------- text fits the profile

def test_nothing_says_none_this_cycle_programs_or_gives_pgy1_advice_without_radiology():
    plan = plan_for(HIGH, date(2026, 3, 1))
    said = everything_said(plan)
    assert plan.applications[DR] == (0, 0)
    assert "none this cycle programs" not in said
    assert "Radiology also needs a clinical PGY-1" not in said and "supplemental" not in plan_view.section_text(
        KB, plan, "next")


def test_users_without_us_experience_are_not_told_to_get_three_us_clinical_letters():
    plan = plan_for(answers(us_clinical_experience="none", radiology_experience="none"))
    assert "no US clinical letters yet" in plan.letters.note
    assert "three US clinical letters" not in everything_said(plan)


def test_weak_english_changes_the_strategy_and_rules_out_radiology_only():
    strong, weak = plan_for(STRONG), plan_for({**STRONG, "english": "weak"})
    assert strong.radiology_only_defensible and not weak.radiology_only_defensible
    assert any("interview practice" in line for line in weak.strategy)
    assert "english_practice" in step_ids(weak)


def test_radiology_only_needs_hands_on_us_experience_not_only_observerships():
    assert not plan_for({**STRONG, "us_clinical_experience": "observership"}).radiology_only_defensible


def test_the_source_worked_examples_keep_their_tiers_and_backups():
    assert (plan_for(STRONG).tier, plan_for(STRONG).top_backup) == ("higher", "internal_medicine")
    assert (plan_for(MODERATE).tier, plan_for(MODERATE).top_backup) == ("moderate", "internal_medicine")
    assert plan_for(HIGH).tier == "high" and plan_for(HIGH).top_backup in ("family_medicine", "internal_medicine")


# --------------------------------------------------------------------------- facts and the answers file

def test_every_figure_a_fact_computes_with_is_the_one_its_text_states():
    for fact in KB.facts.values():
        if not isinstance(fact.value, dict):
            continue
        numbers = [v for v in _walk(fact.value) if isinstance(v, int) and not isinstance(v, bool)]
        for n in numbers:
            assert f"{n:,}" in fact.text or str(n) in fact.text, (fact.id, n)


def _walk(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)
    else:
        yield value


def test_the_wrong_and_stale_facts_are_fixed():
    assert "20 programs on your primary rank list" in KB.facts["rol-limit"].text
    assert "self-selected" in KB.facts["dr-img-2020"].text
    assert KB.facts["signals-2025"].status == "check_current_rule"
    # the OET rule since the 2023 Match: 350 in three parts, 300 in Writing (not 350 in all four)
    oet = KB.facts["oet"].text
    assert "350 in Listening, Reading and Speaking" in oet and "300 in Writing" in oet and "each of its 4" not in oet
    # Match eligibility names the clinical and communication skills requirement, not only the two exams
    assert "clinical and communication skills" in KB.facts["exams-before-ranking"].text
    assert "31 December" in KB.facts["ecfmg-pathway-deadline"].text


@pytest.mark.parametrize("value,ok", [("NG", True), ("IN", True), (None, True), ("ng", False), ("XX", False),
                                      ("Nigeria", False), (5, False)])
def test_citizenship_is_an_iso_code_or_null(value, ok):
    data = answers(citizenship=value)
    if ok:
        assert validate_answers(data).citizenship == value
    else:
        with pytest.raises(AnswersError, match="citizenship"):
            validate_answers(data)
    without = answers()
    del without["citizenship"]
    assert validate_answers(without).citizenship is None  # a missing key means "not given"


@pytest.mark.parametrize("typed,codes", [("Nigerian", ["NG"]), ("nigeria", ["NG"]), ("Egyptian", ["EG"]),
                                         ("pakistani", ["PK"]), ("NG", ["NG"]), ("Korean", ["KP", "KR"]),
                                         ("in", []), ("Atlantis", [])])
def test_nationalities_are_read_from_names_people_and_codes(typed, codes):
    assert find_countries(typed) == codes


# --------------------------------------------------------------------------- the same plan everywhere

def test_cli_today_and_chat_give_the_same_plan(tmp_path):
    from bot.__main__ import main
    path = tmp_path / "a.json"
    path.write_text(json.dumps(MODERATE))
    import contextlib
    import io
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["plan", str(path), "--json", "--today", "2026-11-30"]) == 0
    as_json = json.loads(out.getvalue())
    assert as_json == plan_for(MODERATE).to_json()
    for key in ("phase", "next_steps", "programs_available", "signals", "costs", "visa_outlook"):
        assert key in as_json
    assert {s["id"] for s in as_json["next_steps"]} >= {"interview_prep", "rank_list"}


def test_cli_refuses_an_impossible_date(tmp_path, capsys):
    from bot.__main__ import main
    path = tmp_path / "a.json"
    path.write_text(json.dumps(MODERATE))
    with pytest.raises(SystemExit) as info:
        main(["plan", str(path), "--today", "2026-11-31"])
    assert info.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err


def test_replacing_today_changes_only_what_depends_on_the_date():
    a, b = plan_for(MODERATE, date(2026, 3, 1)), plan_for(MODERATE, NOV_30)
    assert (a.tier, a.applications, a.backups) == (b.tier, b.applications, b.backups)
    assert a.phase.id != b.phase.id and step_ids(a) != step_ids(b)


async def test_the_chat_shows_the_same_plan_as_the_command_line_for_that_day(harness):
    from tests.test_assessment import walk
    ana = harness.chat()
    await walk(ana)
    await ana.press("Confirm")
    await ana.send("/plan")
    expected = plan_view.overview(KB, plan_for(STRONG, date(2026, 11, 29)))
    assert ana.last["html"] == expected.text
    assert "Interview season" in ana.text and any("What to do now (" in b for b, _ in ana.last["buttons"])
    await ana.press("What to do now")
    said = ana.text
    while any("Next" in b for b, _ in ana.last["buttons"]):
        said += (await ana.press("Next ›"))[-1]["text"]
    assert "Plan the rank list now" in said
    await ana.press("« Back to my plan")
    await ana.press("Signals")  # in interview season the season's signals are spent: one line (advisor round 11)
    assert "your signals went in with your applications and are fixed" in ana.text and "after Match Day" in ana.text


# --------------------------------------------------------------------------- December 2026: the twelve findings

def said_in(plan):
    return everything_said(plan) + "\n" + "\n".join(s.text for s in plan.next_steps)


def test_1_match_eligibility_needs_ecfmgs_pathway_and_its_deadline_in_december():
    plan = plan_for(STRONG, DEC_6)
    ids = step_ids(plan)
    assert "ecfmg_pathway" in ids and ids.index("ecfmg_pathway") < ids.index("rank_list")  # mid-December comes first
    text = next(s.text for s in plan.next_steps if s.id == "ecfmg_pathway")
    # the deadline is not verified: past ones as a range, and this season's on ecfmg.org (round 11)
    assert "submit it this week" in text and "31 December 2023" in text and "ecfmg.org" in text
    assert "withdrawn from the Match" in text and "OET" in text
    assert KB.calendar.milestone(STRONG, "ecfmg_pathway").on == date(2026, 12, 15)  # the earliest past deadline we hold: never after the real one
    # Step 3 passed means ECFMG-certified (Step 3 needs it): no Pathway step, and the plan says so
    certified = plan_for({**STRONG, "step3": "passed"}, DEC_6)
    assert "ecfmg_pathway" not in step_ids(certified)
    assert "You are ECFMG-certified" in next(s.text for s in certified.next_steps if s.id == "ecfmg_certification")
    # the step runs from building to ranking, not before and not in Match Week
    assert "ecfmg_pathway" not in step_ids(plan_for(STRONG, date(2025, 6, 1)))  # preparing
    assert "ecfmg_pathway" in step_ids(plan_for(STRONG, date(2027, 2, 10)))  # ranking
    assert "ecfmg_pathway" not in step_ids(plan_for(STRONG, date(2027, 3, 16)))  # Match Week


J1_STEERING = ("reconsider training on a J-1", "Being open to the J-1 keeps your lists large", "only J-1 positions remain",
               "the J-1 through ECFMG", "Statement of Need", "J-1 waiver jobs")


@settings(max_examples=tries(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["NG", "SN", "VE", "ZW"]), st.sampled_from(["passed", "planned", "not_planned"]),
       st.sampled_from(["j1_ok", "h1b_only"]), st.dates(date(2026, 1, 1), date(2027, 9, 1)), st.booleans())
def test_2_nationals_under_the_j_suspension_are_never_steered_to_the_j1(country, step3, visa, today, long_term):
    plan = plan_for(answers(citizenship=country, step3=step3, visa=visa, long_term_us_priority=long_term), today)
    said = said_in(plan)
    for phrase in J1_STEERING:
        assert phrase not in said, phrase
    assert plan.route.id == "h1b" and plan.visa_outlook.status in ("narrow", "blocked")
    if visa == "j1_ok":
        assert "suspended for your nationality" in plan.next_steps[0].text and "H-1B" in plan.next_steps[0].text


def test_2_everyone_else_keeps_the_j1_advice_and_all_suspended_nationals_are_not_sent_to_the_h1b():
    india = said_in(plan_for(answers(citizenship="IN"), DEC_6))
    assert "Being open to the J-1 keeps your lists large" in india
    iran = plan_for(answers(citizenship="IR"), DEC_6)
    assert iran.visa_outlook.status == "blocked" and iran.route.id == "closed"
    assert "your route is the H-1B" not in said_in(iran) and "the H-1B included" in iran.next_steps[0].text
    # before the suspension took effect, a Nigerian could still be advised on the J-1
    assert plan_for(answers(citizenship="NG"), date(2025, 12, 1)).route.id == "j1"


def test_3_h1b_only_with_step3_planned_is_narrow_with_step3_first_not_a_lost_cycle():
    plan = plan_for(answers(visa="h1b_only", step3="planned"), DEC_6)
    # certification (the Pathway) first, then Step 3, which needs it (round 2, finding 4)
    assert plan.visa_outlook.status == "narrow" and step_ids(plan)[:2] == ["ecfmg_pathway", "take_step3"]
    assert "Wed 3 Mar 2027" in plan.next_steps[1].text
    overview = plan_view.overview(KB, plan).text
    assert "not until your visa route is open" not in overview and "only once your visa route is open" not in overview
    assert plan.applications["internal_medicine"][1] > 0
    assert plan_for(answers(visa="h1b_only", step3="not_planned"), DEC_6).visa_outlook.status == "blocked"


def test_4_a_fixable_deal_breaker_years_ahead_is_a_step_with_a_deadline_not_a_verdict():
    data = answers(match_year=2029, graduation_year=2025, us_clinical_experience="none", radiology_experience="none")
    plan = plan_for(data, DEC_6)
    assert plan.phase.id == "preparing" and plan.tier == "high"  # the contract's tier, said as it is today
    assert plan.fixable == ("no_us_clinical_experience",) and plan.counts_tier != "high"
    assert plan.applications[DR][1] > 0
    said = said_in(plan)
    assert "very unlikely" not in said and "none this cycle" not in said
    assert "You can still fix this before applications may go in (Wed 6 Sep 2028 (estimated))" in said
    assert step_ids(plan)[0] == "gain_us_clinical_experience" and "Wed 6 Sep 2028" in plan.next_steps[0].text
    # with four months to go, it is no longer fixable in time for that Match: the verdict stands
    late = plan_for(answers(us_clinical_experience="none", radiology_experience="none"), date(2026, 3, 1))
    assert late.fixable == () and late.applications[DR] == (0, 0)
    # what cannot be fixed (years since graduation) is never treated as fixable
    old = plan_for({**data, "graduation_year": 2019}, DEC_6)
    assert old.fixable == () and old.applications[DR] == (0, 0)


@settings(max_examples=tries(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROFILES, st.sampled_from([NOV_30, DEC_6, date(2026, 3, 1)]))
def test_5_no_maximum_exceeds_the_programs_that_sponsor_the_users_visa(profile, today):
    plan = plan_for(answers(**profile, radiology_experience="none"), today)
    as_json = plan.to_json()
    for sid, (lo, hi) in plan.applications.items():
        pool = as_json["programs_available"].get(sid, {}).get("sponsoring")
        if plan.route.h1b_pool:  # the H-1B route, or the one an exception would open to an H-1B-only user
            assert pool is not None and pool["route"] == "h1b" and hi <= pool["count"] and pool["source"]
        else:
            assert pool is None


def test_5_an_h1b_only_user_is_not_sent_to_more_im_programs_than_sponsor_the_h1b():
    plan = plan_for(answers(visa="h1b_only", step3="passed", us_clinical_experience="none",
                            radiology_experience="none"), DEC_6)
    im = plan.to_json()["programs_available"]["internal_medicine"]
    assert im["sponsoring"]["count"] == round(758 * 0.22) and plan.applications["internal_medicine"][1] <= 167
    assert any("sponsor the H-1B" in n for n in plan.application_notes)
    # a specialty whose own share was not found is said to be an estimate
    fm = plan_for(answers(visa="h1b_only", step3="passed", patient_contact="enjoy", academic_environment="avoid",
                          us_clinical_experience="none", radiology_experience="none"), DEC_6)
    if fm.top_backup == "family_medicine":
        assert fm.to_json()["programs_available"]["family_medicine"]["sponsoring"]["estimated"] is True
        assert any("an estimate" in n for n in fm.application_notes)


def test_6_the_wrong_and_stale_sentences_are_gone():
    applying = said_in(plan_for(MODERATE, date(2026, 7, 1)))
    assert "read first" not in applying and "read early applications first" not in applying
    assert "reaches programs together" in applying
    december = said_in(plan_for(MODERATE, DEC_6))
    assert "letters and signals are fixed" not in december.lower() and "Letters stay changeable after you apply" in december
    assert not ("applications are in" in december and "If you have not applied" in december)
    planned = said_in(plan_for(answers(visa="h1b_only", step3="planned"), DEC_6))
    assert "before ERAS opens" not in planned and "before the rank-list deadline" in planned
    signals = plan_view.section_text(KB, plan_for(STRONG, date(2026, 7, 1)), "signals")  # still to spend
    assert "preliminary medicine track shares its hospital's internal medicine signals (3 gold + 12 silver)" in signals


@pytest.mark.parametrize("score,words", [
    (237, "2 points above the high-risk line (235)"), (235, "exactly on the high-risk line (235)"),
    (245, "exactly on the higher-likelihood line (245)"), (247, "2 points above the higher-likelihood line (245)"),
    (243, "2 points below the higher-likelihood line (245)"), (233, "2 points below the moderate line (235)"),
])
def test_8_distances_to_a_line_are_the_difference_of_the_two_numbers(score, words):
    plan = plan_for(answers(step2_ck_score=score, research="none" if score < 235 else "radiology"))
    assert any(words in line for line in plan.near), plan.near


def test_9_costs_list_every_fee_of_the_season_each_dated():
    plan = plan_for(STRONG, DEC_6)
    items = plan.to_json()["costs"]["items"]
    assert [i["id"] for i in items] == ["eras", "nrmp", "ecfmg_token", "usmle_transcript"]
    assert all(i["usd"] > 0 and i["as_of"] and i["source"] for i in items)
    assert {i["id"]: i["usd"] for i in items}["ecfmg_token"] == 165
    assert plan.to_json()["costs"]["total_usd"] == sum(i["usd"] for i in items)
    assert plan.to_json()["costs"]["eras_usd"] == items[0]["usd"]  # the totals keep their meaning
    july = plan_view.section_text(KB, plan_for(STRONG, date(2026, 7, 1)), "apps")
    assert "NRMP registration: $70" in july and "2024 Match" in july and "ECFMG's ERAS token: $165" in july
    # in December the season's fees are paid: said as paid, beside what is still ahead (round 2)
    december = plan_view.section_text(KB, plan, "apps")
    assert "If you applied at the plan's upper counts, you have already paid" in december \
        and "ECFMG's ERAS token $165" in december


def test_10_the_h1b_payment_after_september_2026_says_what_is_known_with_dates():
    h1b = answers(visa="h1b_only", step3="passed")
    visa = plan_view.section_text(KB, plan_for(h1b, DEC_6), "visa")
    for words in ("vacated the $100,000 payment", "8 June 2026", "12 June", "still being charged in July 2026",
                  "Whether it was extended past Mon 21 Sep 2026", "GME office"):
        assert words in visa, words
    spring = plan_view.section_text(KB, plan_for(h1b, date(2026, 5, 1)), "visa")
    assert "California v. Mullin" not in spring and "until at least Mon 21 Sep 2026" in spring  # not yet happened


def test_12_the_sources_worked_examples_come_out_near_their_figures():
    one = plan_for(STRONG, DEC_6).applications  # ~100 radiology, ~60 internal medicine
    assert one[DR] == (80, 120) and one["internal_medicine"] == (40, 80)
    two = plan_for(MODERATE, DEC_6).applications  # 50-70 radiology, 120+ internal medicine
    assert two[DR] == (50, 70) and two["internal_medicine"][0] >= 120
    three = plan_for(HIGH, DEC_6)  # 150+ FM or IM programs that sponsor the H-1B
    lo, hi = three.applications[three.top_backup]
    assert three.applications[DR] == (0, 0) and lo >= 150
    assert hi <= three.to_json()["programs_available"][three.top_backup]["sponsoring"]["count"]


# --------------------------------------------------------------------------- specialties as data

ADVISOR_MODULES = ("advisor", "counts", "ranking", "ratings", "steps", "visa", "pathways")


def test_no_specialty_id_is_spelt_in_the_advisors_code():
    from pathlib import Path
    for module in ADVISOR_MODULES:
        source = (Path(__file__).parent.parent / "knowledge" / f"{module}.py").read_text()
        assert len(source.splitlines()) <= 700
        for sid in KB.specialties:
            assert sid not in source, (module, sid)


def test_a_fifth_backup_is_a_yaml_change(tmp_path, monkeypatch):
    from tests.fifth_backup import with_psychiatry
    data = with_psychiatry(tmp_path)  # specialties.yaml, its ranking rules, its interview guidance
    guidance = data / "guidance.yaml"
    kb = load_knowledge(data)
    assert "psychiatry" in kb.backup_ids
    plan = build_plan(validate_answers(STRONG), kb, DEC_6)
    assert [b.id for b in plan.backups][0] == "psychiatry" and len(plan.backups) == 5
    h1b = build_plan(validate_answers({**STRONG, "visa": "h1b_only", "step3": "passed"}), kb, DEC_6)
    assert h1b.backups[-1].id == "psychiatry"
    # a backup without ranking rules names the file and the field
    guidance.write_text(guidance.read_text().replace("  psychiatry:\n    base: 9", "  psychiatrie:\n    base: 9"))
    with pytest.raises(KnowledgeError, match="backup_ranking.psychiatrie"):
        load_knowledge(data)


DAY_IN_TEXT = re.compile(r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{1,2} \w{3} \d{4})")
PAST_WORDS = ("since", "passed", "opened", " was ", "carried", " applied ", "Match Week of")


@settings(max_examples=tries(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROFILES, st.dates(date(2025, 6, 1), date(2028, 6, 1)), st.sampled_from([2027, 2028]))
def test_no_date_that_has_passed_is_said_as_still_ahead(profile, today, match_year):
    from datetime import datetime
    data = answers(**{**profile, "graduation_year": min(profile["graduation_year"], match_year - 1)},
                   radiology_experience="none", match_year=match_year)
    plan = plan_for(data, today)
    for text in [s.text for s in plan.next_steps] + [plan.strategy[-1], *plan.visa_outlook.summary]:
        for sentence in re.split(r"(?<=[.;])\s+", text):
            for m in DAY_IN_TEXT.finditer(sentence):
                if datetime.strptime(m.group(1), "%d %b %Y").date() < today:
                    assert any(w in sentence for w in PAST_WORDS), (today, sentence)


# --------------------------------------------------------------------------- round 2: the advisor's review of 6 Dec 2026
# /work/review/advisor-review.md: 28 profiles read on 6 Dec 2026 and 16 reads on other dates. Each test names
# its finding; a finding that is a kind (every blocked client, every date) is a property over profiles and days.

IRAN_J1 = answers(citizenship="IR", step2_ck_score=262, graduation_year=2023, radiology_experience="hands_on",
                  must_match_this_cycle=True)  # p03
NIGERIA_J1 = answers(citizenship="NG", step2_ck_score=244, graduation_year=2022, research="non_radiology",
                     radiology_experience="hands_on", must_match_this_cycle=True)  # p02
H1B_PLANNED = answers(citizenship="PK", visa="h1b_only", step3="planned", step2_ck_score=236,
                      graduation_year=2020, research="non_radiology", must_match_this_cycle=True)  # p06
ROUND2_PROFILES = st.fixed_dictionaries({
    **PROFILE_FIELDS,
    "citizenship": st.sampled_from([None, "IN", "NG", "IR", "EG", "PK", "SN"]),
    "match_year": st.sampled_from([2027, 2028, 2029]),
    "radiology_experience": st.sampled_from(["none", "observership"]),
})
ROUND2_DAYS = st.dates(date(2026, 3, 1), date(2027, 6, 1))


def r2_plan(profile, today):
    data = answers(**{**profile, "graduation_year": min(profile["graduation_year"], profile["match_year"] - 1)})
    if experience_rank(data["radiology_experience"]) > experience_rank(data["us_clinical_experience"]):
        data["radiology_experience"] = data["us_clinical_experience"]
    return plan_for(data, today)


def experience_rank(value):
    return ("none", "observership", "hands_on").index(value)


@settings(max_examples=tries(250), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROUND2_PROFILES, ROUND2_DAYS)
def test_r2_1_a_blocked_or_narrowed_route_is_said_before_anything_the_tier_promises(profile, today):
    plan = r2_plan(profile, today)
    overview = plan_view.overview(KB, plan).text
    status = plan.visa_outlook.status
    if status == "blocked":
        # the headline leads with the block; the tier is what the record would give once a route opens
        # (for a must-match client whose J-1 is their own choice, the H-1B route is what is blocked: round 7)
        # (round 12: closing or very unlikely, with ⚠️: a line that offers a choice is not ⛔)
        lead = "⚠️ H-1B route " if plan.j1_choice else "⛔ Blocked by your visa route"
        assert overview.splitlines()[0].startswith(f"📊 <b>Your plan</b> — {lead}"), overview
        assert not plan.strategy[0].startswith(("Make radiology plan A", "Radiology is plan A"))
        assert "Make radiology plan A" not in plan.strategy[0] and "Prioritise radiology interviews" not in overview
    if status != "open":
        assert plan.tier_reasons[0].startswith("Risk factor: your visa route")
        assert "No high-risk factor" not in said_in(plan)
    if plan.route.suspended is not None and plan.answers.visa != "no_visa_needed":
        assert plan.ratings["visa"].shown_level == "weak"  # never a green light for a suspended route
        assert plan.ratings["visa"].level == ("strong" if plan.answers.visa == "j1_ok" else "weak")  # CONTRACTS §2
    if status == "blocked" or plan.provisional:
        assert "only because" not in said_in(plan)


def test_r2_1_the_iranian_p03_and_the_nigerian_p02_read_blocked_first():
    iran = plan_for(IRAN_J1, DEC_6)
    top = plan_view.overview(KB, iran).text.splitlines()[0]
    assert "Blocked by your visa route" in top and "your record: Higher-likelihood" in top
    assert iran.strategy[0].startswith("No visa is open to nationals of Iran")
    assert "before you certify a rank list" in iran.strategy[0] and "before you spend on applications" not in \
        said_in(iran)
    nigeria = plan_for(NIGERIA_J1, DEC_6)
    assert nigeria.tier_reasons[0] == ("Risk factor: your visa route (J visas are suspended for nationals of "
                                       "Nigeria; the H-1B is your only route and Step 3 is not planned; USCIS holds "
                                       "decisions on H-1B petitions for nationals of Nigeria; few programs sponsor the "
                                       "H-1B)")
    assert "🔴 <b>Visa flexibility: blocked for now</b>" in plan_view.section_text(KB, nigeria, "why")


def test_r2_2_counts_stay_in_the_pool_an_exception_would_open_and_a_dated_count_is_said_as_one():
    iran_h1b = plan_for(answers(citizenship="IR", visa="h1b_only", step3="passed", step2_ck_score=252,
                                graduation_year=2022, research="non_radiology"), DEC_6)  # p05
    assert iran_h1b.applications[DR][1] <= 49 and iran_h1b.applications["internal_medicine"][1] <= 167
    assert iran_h1b.to_json()["programs_available"][DR]["sponsoring"]["count"] == 49
    path = plan_for(answers(step2_ck_score=225, patient_contact="avoid", must_match_this_cycle=False), DEC_6)  # p28
    assert path.top_backup == "pathology" and path.whole_pool == {"pathology": "programs"}
    apps = plan_view.section_text(KB, path, "apps")
    assert "every program that takes IMGs and accepts the J-1 (of about 142 in all, a 2015 count; how many do is not known)" in apps
    assert "likely well under that number" in apps and "not known here" in apps and "Pathology: 142 programs" not in apps
    # a Nigerian who would take a J-1 is sized for the H-1B route, and told the J-1 lists would be wider
    apps = plan_view.section_text(KB, plan_for(NIGERIA_J1, DEC_6), "apps")
    assert "open to you once Step 3 is passed; if the J-visa suspension is lifted, the J-1 lists would be wider" \
        in apps


@settings(max_examples=tries(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROUND2_PROFILES, ROUND2_DAYS)
def test_r2_3_no_green_card_is_offered_where_immigrant_visas_are_suspended_too(profile, today):
    plan = r2_plan(profile, today)
    said = said_in(plan)
    if plan.route.suspended is not None and plan.answers.visa != "no_visa_needed":
        assert "removes the visa question entirely" not in said
        assert "the H-1B lets an employer sponsor a green card" not in said
        if plan.visa_outlook.status == "blocked" or plan.answers.long_term_us_priority:
            assert "immigrant visas are suspended for your nationality" in said


@settings(max_examples=tries(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROUND2_PROFILES, ROUND2_DAYS)
def test_r2_4_step3_follows_certification_and_the_day(profile, today):
    plan = r2_plan(profile, today)
    ids, a, said = step_ids(plan), plan.answers, said_in(plan)
    # the H-1B is the only route (by the answer or a J-visa suspension): Step 3 gets its own step
    if plan.route.id == "h1b" and a.step3 != "passed":
        assert "take_step3" in ids
    if "take_step3" in ids and "ecfmg_pathway" in ids and plan.phase.id not in ("preparing", "building"):
        assert ids.index("ecfmg_pathway") < ids.index("take_step3")  # certification before Step 3, which needs it
    if "take_step3" in ids and plan.route.id == "h1b":
        text = next(s.text for s in plan.next_steps if s.id == "take_step3")
        assert "certif" in text or plan.phase.id in ("ranking", "match_week") or \
            (plan.phase.id == "interviewing" and today > date(a.match_year - 1, 12, 31))
        assert "if you still can" not in text
    assert "no H-1B program can rank you" not in said and "Book Step 3 now:" not in said
    assert "most programs want Step 3" not in said and "most H-1B programs rank only" not in said


def test_r2_4_step3_in_december_february_and_september_says_what_is_still_possible():
    december = plan_for(H1B_PLANNED, DEC_6)  # p06
    ids = step_ids(december)
    assert ids.index("ecfmg_pathway") < ids.index("take_step3")
    text = next(s.text for s in december.next_steps if s.id == "take_step3")
    assert "sit it by Thu 31 Dec 2026" in text and "certified" in text and "2028 Match" in text
    february = next(s.text for s in plan_for(H1B_PLANNED, date(2027, 2, 20)).next_steps if s.id == "take_step3")
    assert "too late for this rank list" in february and "if you still can" not in february
    september = next(s.text for s in plan_for(H1B_PLANNED, date(2026, 9, 10)).next_steps if s.id == "take_step3")
    # when the Pathways open is said once, in the Pathway step (round 6)
    assert "certificate first" in september and "When the Pathways open is in the Pathway step" in september
    nostep3 = plan_for(answers(citizenship="EG", visa="h1b_only", step3="not_planned"), DEC_6)  # p07
    text = next(s.text for s in nostep3.next_steps if s.id == "take_step3")
    assert "many H-1B programs will not rank you without it, and none can file your petition" in text
    # a program's Step 3 deadline is its own rule: no statute is cited for it
    assert "rank-list" not in KB.facts["h1b-exams"].text
    nigerian = plan_for(NIGERIA_J1, DEC_6)  # p02: J-1 acceptable, but the J visa is suspended
    assert "take_step3" in step_ids(nigerian)
    assert sum("Without Step 3 you cannot train on an H-1B" in s.text for s in nigerian.next_steps) <= 1


@settings(max_examples=tries(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROUND2_PROFILES, st.dates(date(2026, 1, 1), date(2027, 9, 1)))
def test_r2_5_nothing_is_dated_after_the_day_read_or_after_what_our_sources_cover(profile, today):
    plan = r2_plan(profile, today)
    said = said_in(plan) + "\n" + plan_view.section_text(KB, plan, "apps")
    limit = min((today.year, today.month), (2026, 7))
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    for m in re.finditer(r"last confirmed (\w{3}) (\d{4})", said):
        assert (int(m.group(2)), months.index(m.group(1)) + 1) <= limit, (today, m.group(0))
    assert not re.search(r"as of 20\d\d-\d\d", said)
    if plan.visa_outlook.status != "open" and plan.route.h1b_pool:
        summary = " ".join(plan.visa_outlook.summary)
        assert "have carried" not in summary
        if today > date(2026, 9, 21):  # past its first term: its continuation is not known
            assert "$100,000" not in summary or "not known" in summary


def test_r2_5_the_suspension_is_said_as_last_confirmed_and_unknown_for_a_later_match():
    plan = plan_for(answers(citizenship="NG", match_year=2028, graduation_year=2024), DEC_6)  # p13
    visa = plan_view.section_text(KB, plan, "visa")
    assert "last confirmed Jul 2026" in visa and "will for the 2028 Match, is not known here" in visa
    india = plan_view.section_text(KB, plan_for(STRONG, DEC_6), "visa")
    assert "no suspension of J, H-1B or visitor visas that we know of applies (last confirmed Jul 2026" in india
    june = said_in(plan_for(STRONG, date(2026, 6, 15)))
    assert "2026-12" not in june and "2026-11" not in june and "last confirmed Jun 2026" in june


@settings(max_examples=tries(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROUND2_PROFILES, ROUND2_DAYS)
def test_r2_6_radiology_alone_is_never_said_to_someone_who_must_match(profile, today):
    plan = r2_plan({**profile, "must_match_this_cycle": True}, today)
    assert plan.radiology_only_defensible is False
    assert "radiology only would be defensible" not in said_in(plan)


def test_r2_6_the_must_match_client_is_told_to_keep_and_rank_the_backup():
    p01 = answers(step2_ck_score=252, graduation_year=2024, research="radiology", must_match_this_cycle=True)
    december = plan_for(p01, DEC_6)
    assert "keep every internal medicine interview and rank those programs" in " ".join(december.strategy)
    after = plan_for(p01, date(2027, 3, 25))
    assert "radiology only" not in said_in(after) and "Prioritise radiology interviews" not in said_in(after)
    assert not plan_for({**p01, "must_match_this_cycle": False}, date(2026, 7, 1)).radiology_only_defensible or \
        "radiology only would be defensible" in said_in(plan_for({**p01, "must_match_this_cycle": False},
                                                                 date(2026, 7, 1)))


@settings(max_examples=tries(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROUND2_PROFILES, ROUND2_DAYS)
def test_r2_7_years_since_graduation_advice_never_crosses_the_line_or_asks_the_impossible(profile, today):
    plan = r2_plan(profile, today)
    said = said_in(plan)
    assert "within 6 years of graduation" not in said and "needs no change possible" not in said
    if plan.tier == "high" and not plan.fixable:  # (a fixable deal-breaker is planned as fixed: round 1, 4)
        assert plan.applications[DR][1] <= 20  # "at most a small aspirational list" is what it says
    if plan.answers.years_since_graduation + 1 > 7:
        for step in plan.next_steps:
            assert "aim for the" not in step.text, step
    ids = step_ids(plan)
    assert not ({"apply_sooner", "wait_a_year"} <= set(ids))


def test_r2_7_waiting_is_costed_and_an_earlier_match_suggested_when_it_serves():
    seven = plan_for(answers(step2_ck_score=236, graduation_year=2019, us_clinical_experience="observership",
                             research="none", radiology_experience="none"), DEC_6)  # p11, 7 years now
    text = next(s.text for s in seven.next_steps if s.id == "not_applied_yet")
    assert "8 years from graduation, past the 7-year line" in text
    assert seven.applications[DR][1] <= 20
    p20 = plan_for(answers(citizenship="NG", visa="no_visa_needed", step2_ck_score=236, graduation_year=2021,
                           match_year=2029, research="non_radiology"), DEC_6)
    assert "apply_sooner" in step_ids(p20)
    assert any("Applying a year earlier (the 2028 Match, 6 years from graduation) would make you moderate risk" in n
               for n in p20.near)
    p16 = plan_for(answers(visa="no_visa_needed", step2_ck_score=244, graduation_year=2018, match_year=2029,
                           research="non_radiology"), DEC_6)
    ids = step_ids(p16)
    assert ids[0] == "apply_sooner" and "recent_clinical_work" in ids and "assign_signals" not in ids
    twelve = plan_for(answers(step2_ck_score=225, usmle_failures=1, graduation_year=2014), DEC_6)  # p08
    assert all("→" in c and "within" not in c for c in twelve.tier_changers)
    assert any("cannot go down" in c for c in twelve.tier_changers)


def test_r2_8_december_reads_as_december():
    plan = plan_for(MODERATE, DEC_6)
    strategy = strategy_of(plan)
    assert "Apply to:" not in strategy and "Lists sized for the 2027 Match" in strategy
    assert "broad backup list" not in plan.strategy[0] and "when interview dates clash" in plan.strategy[0]
    letters = plan_view.section_text(KB, plan, "letters")
    assert "When to dual-apply" not in letters and "ready for SOAP" in letters
    apps = plan_view.section_text(KB, plan, "apps")
    assert "Costs still ahead this season" in apps and "Costs for this plan" not in apps
    assert "2016" not in apps  # the AAIM figure of 2016 no longer steers list size
    ids = step_ids(plan)
    assert "nrmp_registration" in ids and "Sun 31 Jan 2027 (estimated)" in next(
        s.text for s in plan.next_steps if s.id == "nrmp_registration")
    assert "Match Day (Fri 19 Mar 2027 (estimated))" in plan.strategy[-1]
    assert "book the earliest sitting now" in next(s.text for s in plan.next_steps
                                                                 if s.id == "ecfmg_pathway")
    listing = plan_view.section_text(KB, plan, "list")
    assert "Before you rank a program" in listing and "historically IMG-friendly regions" not in listing
    no_usce = plan_for(answers(step2_ck_score=225, usmle_failures=2, graduation_year=2016,
                               us_clinical_experience="none", radiology_experience="none"), DEC_6)  # p15
    assert "gain_us_clinical_experience" in step_ids(no_usce)
    assert any("interviews will be few" in line for line in no_usce.strategy)


def test_r2_8_other_dates_read_as_theirs():
    no_ck = answers(step2_ck_score=None, graduation_year=2025)  # p09
    september = plan_for(no_ck, date(2026, 9, 10))
    assert september.retarget and step_ids(september)[0] == "retarget_next_match"
    assert "program_lists" not in step_ids(september) and "submit_early" not in step_ids(september)
    after = plan_for(no_ck, date(2027, 3, 25))
    assert "start_training" not in step_ids(after)
    assert "Not matched?" not in said_in(after) and "Matched?" not in said_in(after)
    j1_after = next(s.text for s in plan_for(STRONG, date(2027, 3, 25)).next_steps if s.id == "start_training")
    assert "social-media accounts to public" in j1_after
    later = said_in(plan_for(answers(match_year=2028, graduation_year=2025), DEC_6))  # p10, p12, p14
    assert "2027 Match was not published" not in later and "2026 Pathways served" not in later
    assert "this cycle" not in said_in(plan_for(answers(match_year=2029, graduation_year=2026, step2_ck_score=225),
                                                DEC_6)).replace("must match this cycle", "")
    assert "when it opens" not in said_in(plan_for(STRONG, date(2026, 9, 10)))
    # a blocked client is not told to assign signals or letters for applications the plan says to hold (p02)
    blocked = step_ids(plan_for(NIGERIA_J1, date(2026, 9, 10)))
    assert "assign_signals" not in blocked and "letters" not in blocked and "take_step3" in blocked


@settings(max_examples=tries(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROUND2_PROFILES, ROUND2_DAYS)
def test_r2_9_no_doubled_range_broken_list_or_false_precision(profile, today):
    plan = r2_plan(profile, today)
    said = said_in(plan) + "\n" + plan_view.section_text(KB, plan, "apps")
    assert not re.search(r"\b(\d+)-\1\b", said) and "about no " not in said
    assert "% of the way" not in said
    assert said.count("signals are fixed") + said.count("signals are already set") <= 2
    assert everything_said(plan).count("8 U.S.C. 1182(j)(2)") <= 2  # the law once or twice, not in every line
    if plan.applications[DR][1] and plan.letters.radiology == (0, 0):
        raise AssertionError("no radiology letters beside a radiology list")
    assert not re.search(r"\{[a-z_:0-9-]+\}", said)  # every placeholder filled
    if plan.route.id == "none" or plan.route.j_closed:
        assert "mostly J-1" not in said


def test_r2_13_the_top_backup_is_said_for_the_users_route_and_no_sentence_says_a_thing_twice():
    # a green-card holder (p16, p18, p19, p20) is not sold internal medicine on its visa sponsors
    green = plan_for(answers(citizenship="EG", visa="no_visa_needed", step2_ck_score=262, graduation_year=2024,
                             must_match_this_cycle=False), DEC_6)  # p18
    top = next(line for line in plan_view.overview(KB, green).text.splitlines() if "Top backup:" in line)
    assert "Internal medicine" in top and "sponsor visas" not in top
    # the letters paragraph says once that letters stay changeable (p01-p28 on 6 Dec)
    letters = plan_view.section_text(KB, plan_for(MODERATE, DEC_6), "letters")
    assert letters.lower().count("stay changeable") == 1
    # a plan retargeted to the next Match does not speak of "this cycle" in its counts (p09 on 6 Dec)
    retargeted = plan_for(answers(step2_ck_score=None, graduation_year=2025, must_match_this_cycle=True), DEC_6)
    assert retargeted.retarget and not any("this cycle" in n for n in retargeted.application_notes)


def test_r2_6_a_must_match_client_reads_keep_the_backup_interviews_beside_prioritise_radiology_before_the_season():
    p01 = answers(step2_ck_score=252, graduation_year=2024, research="radiology", must_match_this_cycle=True)
    for day in (date(2026, 6, 15), date(2026, 9, 10)):  # p01 @ June and September
        strategy = " ".join(plan_for(p01, day).strategy)
        assert "keep every internal medicine interview and rank those programs" in strategy, day


# --------------------------------------------------------------------------- round 3 (advisor review of 6 Dec 2026)

# the reviewer's profiles, as in /work/review/answers
P04 = answers(citizenship="NG", visa="h1b_only", step3="passed", step2_ck_score=252, graduation_year=2021,
              research="non_radiology", must_match_this_cycle=True)
P13 = answers(citizenship="NG", step2_ck_score=252, graduation_year=2024, match_year=2028,
              must_match_this_cycle=True)
P14 = answers(citizenship="IN", visa="h1b_only", step3="planned", step2_ck_score=262, graduation_year=2024,
              match_year=2028, radiology_experience="hands_on")
P26 = answers(citizenship="NG", step2_ck_score=None, graduation_year=2024, match_year=2029,
              us_clinical_experience="none", radiology_experience="none", research="non_radiology",
              must_match_this_cycle=True)
P09 = answers(step2_ck_score=None, graduation_year=2025, us_clinical_experience="observership",
              research="non_radiology", must_match_this_cycle=True)
IRAN_H1B = answers(citizenship="IR", visa="h1b_only", step3="passed", step2_ck_score=252, graduation_year=2022,
                   research="non_radiology", must_match_this_cycle=True)  # p05


def test_r3_1_a_client_who_passed_step3_is_never_told_how_to_sit_it():
    # p04: Nigerian, H-1B only, Step 3 passed, on 6 Dec 2026
    plan = plan_for(P04, DEC_6)
    said = everything_said(plan)
    assert "sit Step 3" not in said and "how you can sit it" not in said
    assert "Step 3 is given only in the US" not in said
    assert "visitor visas are suspended for nationals of Nigeria" in plan.tier_reasons[0]  # the suspension stays said
    assert "the H-1B is not covered" in plan.tier_reasons[0]


@pytest.mark.parametrize("profile,today,steps", [
    (P13, DEC_6, ("take_step3",)),  # p13: Step 3 is US-only
    (P26, DEC_6, ("take_step3", "gain_us_clinical_experience", "radiology_exposure")),  # p26: electives too
])
def test_r3_1_a_step_that_needs_a_us_visit_says_visitor_visas_are_suspended_for_the_nationality(profile, today,
                                                                                                steps):
    plan = plan_for(profile, today)
    texts = {s.id: s.text for s in plan.next_steps}
    for sid in steps:
        assert sid in texts, (sid, list(texts))
        # said once, in the first step that needs the visit; the others point back to it (round 6)
        assert "visitor visas are suspended for nationals of Nigeria" in texts[sid] \
            or "This needs a US visit too (see step" in texts[sid], texts[sid]
    assert sum("valid on 1 January 2026" in texts[sid] for sid in steps) == 1
    if profile is P26:  # the strategy that promises the fix says what stands in its way
        assert "visitor visas are suspended for nationals of Nigeria" in " ".join(plan.strategy)
    # an Indian client's same steps carry no suspension
    indian = plan_for({**profile, "citizenship": "IN"}, today)
    assert not any("visitor visas are suspended" in s.text for s in indian.next_steps)


def test_r3_2_a_j1_client_whose_j1_is_suspended_is_tiered_for_the_h1b_pool():
    # p13: Nigerian, would take a J-1, so only the H-1B (at most 49 radiology programs) is open
    plan = plan_for(P13, DEC_6)
    said = everything_said(plan)
    assert plan.tier == "higher"  # CONTRACTS §2 rates the answers
    assert plan.route_tier == "moderate" == plan_for(P14, DEC_6).route_tier
    assert "your record reads higher-likelihood" not in said.lower()
    assert "broad radiology list" not in said and "Make radiology plan A" not in said
    assert "Higher-likelihood profile" not in said
    top = plan_view.overview(KB, plan).text.splitlines()[0]
    assert "Moderate" in top and "Higher-likelihood" not in top
    assert plan.counts_tier == "moderate"
    assert plan.to_json()["tier"] == "higher"


def test_r3_3_the_transitional_year_allotment_is_not_said_for_preliminary_years():
    # p01 on 15 Jun 2026 assigns signals now
    plan = plan_for(answers(step2_ck_score=252, graduation_year=2024, must_match_this_cycle=True), date(2026, 6, 15))
    signals = plan_view.section_text(KB, plan, "signals")
    assert "Transitional year / preliminary year: 12" not in signals
    assert "• Transitional year: 12" in signals
    assert "preliminary medicine track shares its hospital's internal medicine signals" in signals


def test_r3_4_after_the_match_a_client_who_could_not_take_part_is_not_told_what_to_do_if_they_matched():
    plan = plan_for(P09, date(2027, 3, 25))  # p09 on 25 Mar 2027: no Step 2 CK, not part of the 2027 Match
    said = everything_said(plan)
    assert plan.retarget
    assert "if you matched" not in said.lower() and "if you match " not in said.lower()
    son = next(s.text for s in plan.next_steps if s.id == "statement_of_need")
    assert "find out now how your Ministry of Health issues the Statement of Need" in son


def test_r3_5_the_smaller_wordings():
    # the IM H-1B count is an estimate over 758 programs from a survey of 419 (p04's Visa section)
    visa = plan_view.section_text(KB, plan_for(P04, DEC_6), "visa")
    assert "about 167 programs sponsor the H-1B" not in visa
    assert "167 of the 758" in visa and "419" in visa and "estimate" in visa
    # a 2029 plan and a June 2026 read for 2028 name the user's own Pathways (p26, p14 @ 15 Jun)
    for profile, today, year in ((P26, DEC_6, 2029), (P14, date(2026, 6, 15), 2028)):
        said = everything_said(plan_for(profile, today))
        assert "the 2026 Pathways the 2026 Match" not in said
        assert f"{year} Pathways" in said
    # a J-1 client is not told programs sponsor their visa (ECFMG sponsors the J-1)
    j1 = plan_for(answers(step2_ck_score=236, graduation_year=2023, usmle_failures=1), DEC_6)  # p21
    assert j1.route.id == "j1"
    said = everything_said(j1)
    assert "sponsor your visa" not in said and "sponsors your visa" not in said
    assert "accept the J-1" in said
    # an Iranian reads Iran among the nationalities with every visa suspended, not "Nigeria among them"
    iran = everything_said(plan_for(IRAN_H1B, DEC_6))
    assert "All visas are suspended for nationals of Iran" in iran
    assert "Nigeria" not in iran.replace("US Embassy in Nigeria statement", "")  # the source's name may stay


# Round 4 (/work/review/advisor-review-round3.md): a Nigerian client on the H-1B route (J visas suspended) who has
# not planned Step 3 and must match, read while this Match's applications go in
P02 = answers(citizenship="NG", step2_ck_score=244, graduation_year=2022, match_year=2027, visa="j1_ok",
              step3="not_planned", radiology_experience="hands_on", us_clinical_experience="hands_on",
              research="non_radiology", must_match_this_cycle=True, long_term_us_priority=True)


@pytest.mark.parametrize("profile,today,match,next_match,sit_by", [
    (P02, date(2026, 6, 15), 2027, 2028, "Thu 31 Dec 2026"),  # p02 in June
    (P02, date(2026, 9, 10), 2027, 2028, "Thu 31 Dec 2026"),  # p02 in September
    (P13, date(2027, 6, 15), 2028, 2029, "Fri 31 Dec 2027"),  # p13 the June before its Match
])
def test_r4_1_a_client_whose_route_needs_step3_in_time_is_told_one_conditional_not_apply_and_do_not_apply(
        profile, today, match, next_match, sit_by):
    plan = plan_for(profile, today)
    said = everything_said(plan)
    # the one decision: apply to H-1B sponsors only if Step 3 can be sat in the US in time, else the next Match
    first = plan.strategy[0]
    assert f"Apply to the {match} Match only to programs that sponsor the H-1B" in first
    assert f"sit Step 3 in the US by {sit_by}" in first
    assert "visitor visas are suspended for nationals of Nigeria: you can sit it only if you are there" in first
    assert f"aim for the {next_match} Match" in first
    # nothing says the opposite: no "not until the route is open", no unconditional interviews or rank list
    assert "not until your visa route is open" not in said
    assert "before you spend on applications" not in said
    assert "Not a plan to apply yet" not in said
    for line in plan.strategy[1:]:
        if "interview" in line or f"{match} Match" in line:
            assert line.startswith("If you apply this season:"), line
    assert f"only if you can sit Step 3 in time, else the {next_match} Match" in strategy_of(plan)
    step3 = next(s.text for s in plan.next_steps if s.id == "take_step3")
    assert f"sit it by {sit_by}" in step3 and f"do not apply to this Match: pass Step 3 before you apply for the " \
        f"{next_match} Match" in step3
    # a client who planned Step 3 (p06, Pakistan) keeps the plain plan
    planned = plan_for({**profile, "citizenship": "PK", "visa": "h1b_only", "step3": "planned"}, today)
    assert not any("If you apply this season" in line for line in planned.strategy)


def test_r4_2_a_client_for_whom_every_visa_is_suspended_is_not_told_step3_keeps_programs_open():
    # p05: Iranian, H-1B only, Step 3 passed
    visa = plan_view.section_text(KB, plan_for(IRAN_H1B, DEC_6), "visa")
    assert "which keeps H-1B programs open to you" not in visa
    assert "Step 3 is passed; it matters once an exception opens a visa to you." in visa
    # p22 (Philippines, no suspension) keeps it
    ph = plan_for({**IRAN_H1B, "citizenship": "PH"}, DEC_6)
    assert "which keeps H-1B programs open to you" in plan_view.section_text(KB, ph, "visa")


def test_r4_3_a_client_who_answered_j1_acceptable_is_not_told_higher_needs_j1_acceptable():
    # p02: the suspension, not the answer, puts the client on the H-1B; the record stays moderate either way
    plan = plan_for(P02, DEC_6)
    said = everything_said(plan)
    assert "higher needs J-1 acceptable" not in said
    assert "the H-1B route, while J visas are suspended for nationals of Nigeria (higher needs the J-1 open to you " \
        "again, or no visa needed)" in " ".join(plan.tier_reasons)
    # an H-1B-only answer (p04's kind) still reads as the answer it is
    own = plan_for({**P02, "citizenship": "IN", "visa": "h1b_only"}, DEC_6)
    assert "H-1B only (higher needs J-1 acceptable or no visa needed)" in " ".join(own.tier_reasons)


@pytest.mark.parametrize("profile", [P02, P04, P13, P26])
def test_r4_4_a_backup_reason_promises_no_green_card_while_immigrant_visas_are_suspended(profile):
    plan = plan_for({**profile, "long_term_us_priority": True}, DEC_6)
    reasons = [r for b in plan.backups for r in b.reasons]
    assert not any("and then a green card" in r for r in reasons), reasons
    assert any("a later green card is uncertain while immigrant visas are suspended" in r for r in reasons)
    # the same client from India is told the green-card path
    indian = plan_for({**profile, "citizenship": "IN", "visa": "h1b_only", "long_term_us_priority": True}, DEC_6)
    assert any("and then a green card" in r for b in indian.backups for r in b.reasons)


def test_r4_5_a_building_plan_for_a_later_match_does_not_speak_of_interviews_as_now():
    # p13 on 6 Dec 2026 builds for the 2028 Match: no interviews for ten months
    plan = plan_for(P13, DEC_6)
    assert plan.phase.id == "building"
    strategy = " ".join(plan.strategy)
    assert "You must match this cycle, so keep every" not in strategy
    assert "You must match in the 2028 Match" in strategy and "when interviews come" in strategy
    # in interview season the plain line stays (p01's kind, India)
    season = plan_for({**P13, "citizenship": "IN", "match_year": 2027, "graduation_year": 2023}, DEC_6)
    assert "You must match this cycle, so keep every" in " ".join(season.strategy)


# --------------------------------------------------------------------------- round 5 (the leftovers an advisor marks)

DEC_7 = date(2026, 12, 7)
JUNE_15 = date(2026, 6, 15)
P01 = answers(citizenship="IN", step2_ck_score=252, graduation_year=2024, research="radiology",
              must_match_this_cycle=True)
P27 = answers(citizenship="PK", visa="h1b_only", step3="not_planned", step2_ck_score=252, graduation_year=2025,
              match_year=2029, research="non_radiology", must_match_this_cycle=True, long_term_us_priority=True)
P22 = answers(citizenship="PH", visa="h1b_only", step3="passed", step2_ck_score=244, graduation_year=2020,
              research="non_radiology", must_match_this_cycle=True)  # 6 years out


@pytest.mark.parametrize("profile,today", [
    (P01, DEC_7),  # interview season: the NRMP step gives the fee
    ({**P01, "english": "weak"}, date(2026, 3, 1)),  # building: the Pathway step and the English step
    ({**P01, "english": "weak"}, date(2026, 9, 10)),  # applying
    (P14, date(2027, 2, 20)),  # assembling for the 2028 Match
    (P27, DEC_7),  # preparing: the NRMP fee among this plan's costs
    (P09, DEC_7),  # no Step 2 CK in interview season: aimed at the 2028 Match, whose costs list the fee once
    (P09, date(2027, 2, 20)),
])
def test_r5_1_the_nrmp_fee_and_the_oet_rule_are_each_said_once(profile, today):
    said = everything_said(plan_for(profile, today)).casefold()
    for fact in ("nrmp-registration-fee", "oet", "oet-fee"):
        assert said.count(KB.facts[fact].text[:60].casefold()) <= 1, fact
    # the fee's figure once too: the costs name it where no step does, and point to the step where one does
    assert said.count("$70") <= 1
    assert "oet medicine, if you have no result yet (oet medicine" not in said
    assert "oet medicine sitting now (ecfmg's english test is oet medicine" not in said


def test_r5_1_the_costs_still_point_to_the_nrmp_fee_when_a_step_says_it():
    apps = plan_view.section_text(KB, plan_for(P01, DEC_7), "apps")
    assert "NRMP registration, if you have not registered yet" in apps and "under “What to do now”" in apps
    # in the ranking phase the step says no amount: the costs say it, with its source
    ranking = plan_view.section_text(KB, plan_for(P01, date(2027, 2, 20)), "apps")
    assert "registering for the Match with NRMP cost $70" in ranking


def test_r5_2_a_route_that_opens_once_step3_is_passed_in_time_is_narrow_and_says_by_when():
    # p27: Pakistan, H-1B only, Step 3 not planned, aiming at the 2029 Match, read in December 2026
    plan = plan_for(P27, DEC_7)
    assert plan.phase.id == "preparing" and plan.visa_outlook.status == "narrow"
    overview = plan_view.overview(KB, plan).text
    assert "Blocked" not in overview and "visa route narrow" in overview
    assert "it opens once you pass Step 3" in overview
    assert "before applications go in (Wed 6 Sep 2028 (estimated))" in strategy_of(plan)
    assert plan.strategy[0].startswith("Plan Step 3 now, so that it is passed before applications go in")
    visa = plan_view.section_text(KB, plan, "visa")
    assert "sit it by Sun 31 Dec 2028 (estimated)" in visa and "take_step3" in step_ids(plan)
    # once the applications are being prepared, whether to apply depends on Step 3 in time (round 4's conditional)
    later = plan_for(P27, date(2028, 3, 1))
    assert later.visa_outlook.status == "blocked" and later.applies_if_step3_in_time
    # a Nigerian needs more than Step 3 (visitor visas to sit it are suspended): still blocked
    assert plan_for({**P27, "citizenship": "NG"}, DEC_7).visa_outlook.status == "blocked"
    # Egypt, 2027 Match, in interview season: too late this Match, still blocked (p07)
    assert plan_for({**P27, "citizenship": "EG", "match_year": 2027, "graduation_year": 2022},
                    DEC_7).visa_outlook.status == "blocked"


@pytest.mark.parametrize("profile", [P04, P22, P14, P27, P02, P13])
def test_r5_3_the_j1_change_of_specialty_is_said_only_where_the_j1_is_a_route(profile):
    plan = plan_for(profile, DEC_7)
    assert plan.route.id != "j1"
    assert "one change of specialty" not in plan_view.section_text(KB, plan, "backups")
    # the same client where the J-1 is open (India, J-1 acceptable) reads it
    j1 = plan_for({**profile, "citizenship": "IN", "visa": "j1_ok"}, DEC_7)
    if j1.backups[0].id == "internal_medicine" or any(b.id == "internal_medicine" for b in j1.backups):
        assert "On a J-1, one change of specialty is allowed" in plan_view.section_text(KB, j1, "backups")


LEVEL_WORDS = {"🟢": {"strong"}, "🟡": {"average"}, "🔴": {"weak", "blocked for now"}, "⚪": {"unknown"}}


@settings(max_examples=tries(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROUND2_PROFILES, ROUND2_DAYS)
def test_r5_4_every_marker_matches_the_rating_beside_it(profile, today):
    plan = r2_plan(profile, today)
    why = plan_view.section_text(KB, plan, "why")
    for line in why.splitlines():
        found = re.match(r"(🟢|🟡|🔴|⚪) <b>[^:<]+: ([^<]+)</b>", line)
        if found:
            assert found.group(2) in LEVEL_WORDS[found.group(1)], line


def test_r5_4_a_suspended_j1_reads_blocked_for_now_beside_its_red_marker():
    for profile in (P13, P26):  # Nigeria, J-1 acceptable
        why = plan_view.section_text(KB, plan_for(profile, DEC_7), "why")
        assert "🔴 <b>Visa flexibility: strong</b>" not in why
        assert "🔴 <b>Visa flexibility: blocked for now</b> — J-1 acceptable, but J visas are suspended" in why
        assert "Your answer rates strong" in why
    # the contract still rates the answer (CONTRACTS §2)
    assert plan_for(P13, DEC_7).to_json()["ratings"]["visa"] == "strong"


def test_r5_5_a_transitional_year_is_never_named_as_if_it_were_a_backup_in_program_lists():
    from knowledge.programs import analyse, applicant_for, list_names, parse_csv
    csv = ("program,specialty,track,visa,signal,status\n"
           + "".join(f"Mercy TY {i},transitional_year,transitional,j1,silver,applied\n" for i in range(13))
           + "Lake Radiology,diagnostic_radiology,advanced,j1,gold,applied\n")
    plan = plan_for(P01, DEC_7)
    names = list_names(KB.specialties)  # as the chat's and the CLI's program lists name them
    report = analyse(parse_csv(csv), KB.season, applicant_for(plan, KB.season, DEC_7), names)
    said = " ".join(w.text for w in report.warnings) + " " + " ".join(names.values())
    assert "preliminary year" not in said.casefold()
    assert "Transitional year (PGY-1 only): 13 silver marked" in said
    # nor in any plan: the PGY-1 year is a component of the radiology path
    assert "preliminary year" not in everything_said(plan).casefold().replace("transitional or preliminary year", "")


def test_r5_6_a_section_read_as_a_document_has_no_stray_blank_line_where_a_screen_ends():
    # p02 in June: the strategy list ran over a screen, and the CLI printed the screen break as a blank line
    # (the Strategy is its own section now: one paragraph per line, each once, and no blank line between bullets)
    plan = plan_for(P02, date(2026, 6, 15))
    strategy, why = strategy_of(plan), plan_view.section_text(KB, plan, "why")
    assert all(strategy.count(f"\n\n{esc(line)}") + strategy.startswith(f"<b>Strategy</b>\n{esc(line)}") == 1
               for line in plan.strategy[:-1])
    assert "\n\n•" not in why and "\n\n\n" not in strategy
    # the chat still cuts it into screens of at most SCREEN characters
    for key in ("why", "strategy"):
        assert all(len(plain_text(p)) <= plan_view.SCREEN for p in plan_view.section_pages(KB, plan, key))


def plain_text(html):
    from dialogs.reply import plain
    return plain(html)


@pytest.mark.parametrize("profile,today", [
    (P02, date(2026, 6, 15)), (P02, date(2026, 9, 10)), (P02, DEC_7), (P13, DEC_7), (P13, date(2027, 6, 15)),
    (P26, DEC_7), (IRAN_H1B, DEC_7),
])
def test_r5_7_a_blocked_overview_is_one_screen_with_the_blocked_route_first(profile, today):
    plan = plan_for(profile, today)
    assert plan.visa_outlook.status == "blocked"
    overview = plan_view.overview(KB, plan).text
    lines = overview.splitlines()
    assert "Blocked by your visa route" in lines[0] and lines[3].startswith("⛔ <b>Visa outlook: blocked.</b>")
    assert strategy_of(plan).startswith("<b>Strategy</b>\n" + esc(plan.strategy[0].split(":")[0]))
    # one screen (the disclaimer included): the record's reasons, the strategy, the payment and the lists are one
    # tap away
    assert len(plain_text(overview)) <= 1200
    if plan.applies_if_step3_in_time or plan.phase.id in plan_view.APPLYING_OR_BEFORE:
        assert "under “Programs and costs”" in strategy_of(plan)
    assert "payment applied to new H-1B petitions" not in overview and "carry a $100,000 payment" not in overview


def test_r5_7_a_blocked_december_overview_reads_in_about_1500_characters():
    # p13 on 7 Dec 2026 (the 1,780 characters the advisor counted)
    assert len(plain_text(plan_view.overview(KB, plan_for(P13, DEC_7)).text)) <= 1500


def test_r5_8_the_json_keeps_the_contract_and_the_text_says_whose_tier_it_reads():
    # p13: Nigerian, J-1 acceptable; CONTRACTS §2 rates the answers (J-1 acceptable: visa strong, tier higher),
    # the plan speaks the H-1B route's tier (the J-1 is suspended)
    plan = plan_for(P13, DEC_7)
    data = plan.to_json()
    for key in ("tier", "provisional", "years_since_graduation", "ratings", "deal_breakers",
                "radiology_only_defensible", "backups", "applications"):
        assert key in data
    assert data["tier"] == "higher" and data["ratings"]["visa"] == "strong"
    assert data["route_tier"] == "moderate" and set(data["applications"]) == {DR, data["backups"][0]}
    # the text never calls the route's tier "your record" without saying it is the H-1B route's
    overview = plan_view.overview(KB, plan).text
    assert "(your record on the H-1B route: Moderate risk)" in overview
    assert "Tier on the H-1B route, once it opens: <b>Moderate risk</b>" in plan_view.section_text(KB, plan, "why")
    # where the two agree nothing changes (p02: the record is moderate either way)
    assert "(your record: Moderate risk)" in plan_view.overview(KB, plan_for(P02, DEC_7)).text


def test_r5_9_the_list_step_says_the_counts_the_programs_section_says():
    # p14 on 7 Dec (H-1B only): the lists are every H-1B sponsor that takes IMGs, not "about 49 ... about 140-167"
    plan = plan_for(P14, DEC_7)
    step = next(s.text for s in plan.next_steps if s.id == "program_lists")
    assert "about 49 radiology" not in step and "140-167" not in step
    assert "every radiology and internal medicine program that sponsors the H-1B and takes IMGs (about 49 and 167, estimates)" \
        in step
    apps = plan_view.section_text(KB, plan, "apps")
    assert "every H-1B sponsor that takes IMGs (about 49, an estimate from a 2023 survey)" in apps
    assert "(about 167, an estimate from a 2022 survey)" in apps
    # a J-1 client's ranges are said as ranges (p01 in September)
    p01 = plan_for(P01, date(2026, 9, 10))
    assert "about 80-120 radiology and about 60-100 internal medicine programs" in " ".join(
        s.text for s in p01.next_steps)


def test_r5_10_a_client_who_cannot_get_a_visitor_visa_is_not_told_months_are_enough_for_an_observership():
    # p13 on 7 Dec 2026: Nigerian, building for the 2028 Match
    # (round 9: an observership is named only to a client who lacks US experience)
    lacking = {**P13, "us_clinical_experience": "none", "radiology_experience": "none"}
    said = plan_for(lacking, DEC_7).strategy[-1]
    assert "enough for an observership" not in said and "an observership needs a US visit" in said
    # the same client from India keeps it
    assert "an observership if you can arrange one" in plan_for({**lacking, "citizenship": "IN"}, DEC_7).strategy[-1]


def test_r5_7_the_top_of_a_blocked_overview_says_what_blocks_it_without_a_suspension_and_no_nested_parentheses():
    # p07: Egypt (no suspension), H-1B only, Step 3 not planned, interview season
    p07 = plan_for({**P27, "citizenship": "EG", "match_year": 2027, "graduation_year": 2022,
                    "must_match_this_cycle": False}, DEC_7)
    top = plan_view.overview(KB, p07).text.splitlines()[3]
    assert "The H-1B, your only route, needs Step 3 passed (see Strategy)." in top
    # a client who must match is told the J-1 is their way in (round 7); what blocks the H-1B is said once, by the
    # Strategy the outlook line points to (round 9; the Strategy is its own screen since session 5)
    must = plan_for({**P27, "citizenship": "EG", "match_year": 2027, "graduation_year": 2022,
                     "must_match_this_cycle": True}, DEC_7)
    assert "whether to accept the J-1 instead is your choice (see Strategy)" in plan_view.overview(
        KB, must).text.splitlines()[3]
    opening = _first_screen_strategy(must)
    assert "needs Step 3 sat in the US" in opening and "your fastest way in is your choice: the J-1" in opening
    # p03: Iran, record higher-likelihood: "(your record: Higher-likelihood for an IMG)", not "((for an IMG))"
    p03 = plan_for(answers(citizenship="IR", step2_ck_score=262, graduation_year=2023), DEC_7)
    assert "(your record: Higher-likelihood for an IMG)" in plan_view.overview(KB, p03).text


def test_r5_11_the_pathology_count_is_cited_once_in_programs_and_costs():
    # p28: India, J-1, Step 2 CK 225, avoids patient contact: pathology is plan A, its list every program there is
    p28 = answers(citizenship="IN", step2_ck_score=225, graduation_year=2024, research="non_radiology",
                  patient_contact="avoid", must_match_this_cycle=False)
    plan = plan_for(p28, DEC_7)
    assert plan.backups[0].id == "pathology"
    apps = plan_view.section_text(KB, plan, "apps")
    assert apps.count("142 anatomic and clinical pathology programs") == 1
    assert "(of about 142 in all, a 2015 count; how many do is not known)" in apps and "likely well under that number" in apps


# --------------------------------------------------------------------------- round 6 (advisor review of round 5)

P08 = answers(citizenship="PH", step2_ck_score=225, usmle_failures=1, graduation_year=2014,
              radiology_experience="none", us_clinical_experience="observership", research="none",
              visa="no_visa_needed", academic_environment="neutral", must_match_this_cycle=True)
P15 = answers(citizenship="PH", step2_ck_score=225, usmle_failures=2, graduation_year=2016,
              radiology_experience="none", us_clinical_experience="none", research="none", english="average",
              academic_environment="neutral", must_match_this_cycle=True)


@pytest.mark.parametrize("profile,today", [(P08, DEC_7), (P15, DEC_7), (P15, date(2026, 6, 15)),
                                           (P15, date(2026, 9, 10)), (P15, date(2027, 3, 25))])
def test_r6_1_a_must_match_client_gets_a_list_in_the_backup_their_own_ranking_calls_safest(profile, today):
    # p08 (12 years out, a failure) and p15 (10 years, two failures, no US clinical experience) must match; their
    # ranking says "family medicine gives the widest safety margin" and so they get a family medicine list
    plan = plan_for(profile, today)
    assert plan.backups[0].id == "internal_medicine"
    assert any("family medicine gives the widest safety margin" in r for r in plan.backups[1].reasons)
    lo, hi = plan.second["family_medicine"]
    assert 0 < lo <= hi
    overview = plan_view.overview(KB, plan).text
    assert f"Family medicine {lo}–{hi} programs" in strategy_of(plan)
    apps = plan_view.section_text(KB, plan, "apps")
    assert f"• Family medicine: <b>{lo}–{hi} programs</b>" in apps
    signals = plan_view.section_text(KB, plan, "signals")  # in interview season spent, said in a line
    assert "Family medicine: 5" in signals or "your signals went in with your applications" in signals
    letters = plan_view.section_text(KB, plan, "letters")
    assert "family medicine" in letters.casefold() and "statement" in letters
    # the JSON keeps CONTRACTS §3: `applications` is the goal and the top backup
    assert set(plan.to_json()["applications"]) == {DR, "internal_medicine"}


def test_r6_1_in_mid_december_few_invitations_point_to_family_medicine_programs_still_reviewing():
    for profile in (P08, P15):
        steps = " ".join(s.text for s in plan_for(profile, DEC_7).next_steps)
        assert "add family medicine programs" in steps and "still reviewing" in steps
        assert "every internal medicine and family medicine program where you interviewed" in steps
    # a client who need not match, or whose top backup is already the safest, gets no second list
    assert not plan_for({**P08, "must_match_this_cycle": False}, DEC_7).second
    assert not plan_for({**P08, "patient_contact": "enjoy"}, DEC_7).second or \
        plan_for({**P08, "patient_contact": "enjoy"}, DEC_7).backups[0].id != "family_medicine"


P06 = answers(citizenship="PK", step2_ck_score=236, graduation_year=2020, research="non_radiology",
              visa="h1b_only", step3="planned", academic_environment="neutral", must_match_this_cycle=True)
MAR_25 = date(2027, 3, 25)


def test_r6_2_after_going_unmatched_the_reapplication_shows_the_broader_backup_list_it_promises():
    # p01: higher-likelihood, must match, unmatched in the 2027 Match
    before, after = plan_for(P01, DEC_7), plan_for(P01, MAR_25)
    assert after.applications["internal_medicine"][1] > before.applications["internal_medicine"][1]
    assert after.applications[DR][1] > 0  # radiology stays plan A ...
    said = after.strategy[0]
    assert "with caution" in said and "light of the unmatched year" in said  # ... with a stated caution
    lo, hi = after.applications["internal_medicine"]
    assert f"about {lo}-{hi} internal medicine programs" in said
    assert f"Internal medicine {lo}–{hi} programs" in strategy_of(after)


def test_r6_2_the_tier_a_reapplication_states_is_the_tier_its_lists_follow():
    # p06: moderate in the 2027 Match, 7 years out (high risk) for the 2028 one
    plan = plan_for(P06, MAR_25)
    assert "makes your tier high risk" in plan.strategy[0]
    assert plan.counts_tier == "high" and plan.tier == "moderate"
    assert plan.applications[DR][1] <= 20  # the high tier's radiology list, not every H-1B sponsor
    overview = plan_view.overview(KB, plan).text
    assert "High risk if you reapply" in overview.splitlines()[0]
    assert "Close to a line" not in overview and "would make you high risk" not in everything_said(plan)


P03 = answers(citizenship="IR", step2_ck_score=262, graduation_year=2023, must_match_this_cycle=True)
P07 = answers(citizenship="EG", visa="h1b_only", step3="not_planned", step2_ck_score=244, graduation_year=2022,
              must_match_this_cycle=True)


def test_r6_3_estimates_are_said_as_about_with_their_source_year_never_as_a_maximum():
    p06 = plan_for(P06, DEC_7)
    said = everything_said(p06) + " ".join(s.text for s in p06.next_steps)
    assert "at most 49" not in said and "at most 167" not in said
    assert "every H-1B sponsor that takes IMGs (about 49, an estimate from a 2023 survey)" in said
    p28 = plan_for(answers(citizenship="IN", step2_ck_score=225, graduation_year=2024, research="non_radiology",
                           patient_contact="avoid"), DEC_7)
    assert "(of about 142 in all, a 2015 count; how many do is not known)" in plan_view.section_text(KB, p28, "apps")


@pytest.mark.parametrize("profile", [P08, P15, P01])
def test_r6_3_no_unsourced_claims_about_internal_medicine_or_family_medicine(profile):
    said = everything_said(plan_for(profile, DEC_7))
    assert "high match probability" not in said and "more than any other field" not in said
    if "internal_medicine" in [b.id for b in plan_for(profile, DEC_7).backups[:1]]:
        assert "IMGs filled 43% of internal medicine PGY-1 positions in the 2024 Match" in said


def test_r6_3_programs_that_may_not_rank_without_step3_are_many_not_most():
    for profile, today in ((P07, DEC_7), (P02, DEC_7), (P02, date(2027, 2, 20))):
        plan = plan_for(profile, today)
        said = everything_said(plan) + " ".join(s.text for s in plan.next_steps)
        assert "most will not" not in said and "most H-1B programs will not" not in said


def test_r6_3_step3_by_31_december_says_it_is_sat_in_the_us():
    for profile in (P06, P07):  # Pakistan, Egypt: no suspension, so no caveat said it before
        steps = " ".join(s.text for s in plan_for(profile, DEC_7).next_steps)
        assert "sit it by Thu 31 Dec 2026 (estimated)" in steps
        assert "Step 3 is given only at US test centres" in steps and "visitor visa" in steps


@pytest.mark.parametrize("profile,today", [(P03, DEC_7), (P07, DEC_7), (P02, DEC_7), (P02, date(2027, 2, 20)),
                                           ({**P13, "must_match_this_cycle": True}, DEC_7)])
def test_r6_3_a_client_whose_only_route_is_blocked_is_not_told_to_rank_unconditionally(profile, today):
    plan = plan_for(profile, today)
    assert plan.visa_outlook.status == "blocked"
    strategy = " ".join(plan.strategy)
    assert "and rank those programs" not in strategy
    assert "rank a program only once" in strategy
    if today.month == 2:  # ranking phase: Step 3 is too late for this list (step 3), so no "ask whether"
        assert "ask each H-1B program whether it will rank you without Step 3" not in strategy
        assert "confirmed in writing that it will rank you with Step 3 pending" in strategy



@pytest.mark.parametrize("profile,today", [(P08, DEC_7), (P01, DEC_7), (P06, DEC_7), (P03, DEC_7)])
def test_r6_3_the_whole_plan_says_its_date_line_its_why_and_its_strategy_once(profile, today):
    plan = plan_for(profile, today)
    text = plan_view.as_text(KB, plan)
    assert text.count("📅") == 1
    for line in plan.strategy[:-1]:
        assert text.count(line) == 1, line
    why = next((line for line in text.splitlines() if line.startswith("Why: ")), "")
    for reason in plan.tier_reasons:  # a reason the overview's "Why" says is not listed again on its own
        assert not (reason in why and f"• {reason}\n" in text), reason


def test_r6_3_a_caveat_or_a_pathways_sentence_is_said_once_and_pointed_back_to():
    steps = [s.text for s in plan_for(P26, DEC_7).next_steps]
    caveat = "visitor visas are suspended for nationals of Nigeria (last confirmed"
    assert sum(caveat in s for s in steps) == 1
    assert any("This needs a US visit too (see step" in s for s in steps)
    for today in (date(2026, 6, 15), date(2026, 9, 10)):
        said = " ".join(s.text for s in plan_for(P06, today).next_steps)
        assert said.count("(the 2026 Pathways opened on 19 August 2025)") == 1


@pytest.mark.parametrize("profile", [P08, P06, P07, P02, P15])
def test_r6_3_a_step_cites_its_sources_once_at_its_end_with_no_parenthesis_three_deep(profile):
    for step in plan_for(profile, DEC_7).next_steps:
        depth = deepest = 0
        for c in step.text:
            depth += (c == "(") - (c == ")")
            deepest = max(deepest, depth)
        assert deepest <= 2, step.text
        if "Source" in step.text:  # the sources close the step, after anything the step asks
            assert step.text.rfind("Source") > step.text.rfind("This needs a US visit"), step.text
    pathway = next(s.text for s in plan_for(P08, DEC_7).next_steps if s.id == "ecfmg_pathway")
    assert pathway.endswith("ECFMG, 2023 Pathways and the updated OET Medicine passing requirement, 2022; "
                            "check the current rule, last confirmed Jul 2026.")
    assert pathway.count("Source") == 1


def test_r6_3_in_june_the_step3_step_names_the_pathways_season_that_opens_next():
    # p14 (India, H-1B, Step 3 planned, 2028 Match) on 15 June 2026: no Pathways season is open
    june = " ".join(s.text for s in plan_for(P14, date(2026, 6, 15)).next_steps)
    assert "the 2027 Pathways, expected to open in August 2026" in june and "current season's Pathways" not in june
    assert "current season's Pathways" in " ".join(s.text for s in plan_for(P14, DEC_7).next_steps)


def test_r6_4_a_must_match_client_without_step2_ck_in_september_is_given_this_seasons_one_path_first():
    # p09 on 10 Sep 2026: no Step 2 CK, must match, programs review from 23 Sep
    plan = plan_for({**P09, "must_match_this_cycle": True}, date(2026, 9, 10))
    step = next(s.text for s in plan.next_steps if s.id == "retarget_next_match")
    assert "if you can sit Step 2 CK within about two weeks, submit a complete internal medicine application " \
        "before Wed 23 Sep 2026 (estimated)" in step
    assert step.index("within about two weeks") < step.index("Otherwise your realistic target is the 2028 Match")
    # a client who can wait is told the next Match plainly
    calm = next(s.text for s in plan_for({**P09, "must_match_this_cycle": False}, date(2026, 9, 10)).next_steps
                if s.id == "retarget_next_match")
    assert "within about two weeks" not in calm


# Round 7 (advisor-review-round6.md)
P28 = answers(citizenship="IN", step2_ck_score=225, usmle_failures=0, graduation_year=2024, match_year=2027,
              radiology_experience="observership", us_clinical_experience="hands_on", research="non_radiology",
              visa="j1_ok", english="strong", step3="not_planned", patient_contact="avoid",
              pattern_recognition="enjoy", academic_environment="neutral", neuro_interest=False,
              must_match_this_cycle=False, long_term_us_priority=False)


@pytest.mark.parametrize("today", [date(2026, 9, 10), DEC_7])
def test_r7_1_a_must_match_egyptian_on_a_blocked_h1b_route_is_offered_the_j1_as_their_own_choice(today):
    # p07: Egypt, H-1B only, Step 3 not planned, must match; no suspension covers the J-1 for Egyptians
    plan = plan_for(P07, today)
    ids = [s.id for s in plan.next_steps]
    assert "reconsider_j1" in ids and ids.index("reconsider_j1") < ids.index("take_step3")
    step = next(s.text for s in plan.next_steps if s.id == "reconsider_j1")
    for said in ("ECFMG is the only sponsor", "212(e)", "Conrad 30", "Statement of Need", "“J-1 acceptable”"):
        assert said in step
    assert "Egypt" in step
    assert any("accept training on a J-1" in line or "your fastest way in is your choice: the J-1" in line
               for line in plan.strategy[:2])
    # the answer stays H-1B only, and the contract's status stays blocked; the headline says which route is blocked
    assert plan.answers.visa == "h1b_only" and plan.to_json()["visa_outlook"]["status"] == "blocked"
    top = plan_view.overview(KB, plan).text
    assert re.search(r"H-1B route (very unlikely|closing) for the 2027 Match", top) and "Visa outlook: blocked" not in top
    strategy = strategy_of(plan)
    assert "accept training on a J-1" in strategy or "your fastest way in is your choice: the J-1" in strategy
    # not for a Nigerian (J visas suspended) nor for a client who need not match
    assert "reconsider_j1" not in [s.id for s in plan_for({**P07, "citizenship": "NG"}, today).next_steps]
    assert "reconsider_j1" not in [s.id for s in plan_for({**P07, "must_match_this_cycle": False}, today).next_steps]


def test_r7_2_a_pathology_client_who_need_not_match_is_not_sent_late_into_internal_medicine():
    # p28: pathology plan A, avoids patient contact, need not match: mid-December points to a stronger 2028 pathology
    # application, with the binding-match caution, not to internal medicine programs still reviewing
    step = next(s.text for s in plan_for(P28, DEC_7).next_steps if s.id == "few_invitations")
    assert "internal medicine" not in step
    assert "a stronger 2028 pathology application" in step and "a match is binding" in step
    # a client who must match is still pointed to the next backup of their own ranking
    must = next(s.text for s in plan_for({**P28, "must_match_this_cycle": True}, DEC_7).next_steps
                if s.id == "few_invitations")
    assert "still reviewing" in must and "stronger 2028" not in must


@pytest.mark.parametrize("profile,today", [(P06, date(2026, 6, 15)), (P06, date(2026, 9, 10)),
                                           (P14, date(2026, 6, 15)), (P14, DEC_7), (P27, DEC_7)])
def test_r7_3_the_step3_step_says_a_client_abroad_needs_a_visitor_visa_on_every_date(profile, today):
    step = next(s.text for s in plan_for(profile, today).next_steps if s.id == "take_step3")
    assert "visitor visa" in step and ("appointment waits" in step)


def test_r7_4_wordings_a_client_in_interview_season_is_not_told_what_assumes_they_have_not_applied():
    # p07 on 7 Dec: applied; the question is whether to rank, and what they paid depends on what they sent
    plan = plan_for(P07, DEC_7)
    apps = plan_view.section_text(KB, plan, "apps")
    assert "Not a plan to apply yet" not in apps and "Rank only once your route opens" in apps
    assert "Already paid this season" not in apps and "If you applied at the plan's upper counts" in apps
    # the visa route is not named as a thing "besides the visa"
    why = plan_view.section_text(KB, plan, "why")
    assert "Besides the visa" not in why and "What holds the tier at moderate, the visa route included:" in why


def test_r7_4_near_a_tier_boundary_is_said_once():
    # p03 on 7 Dec (Iran, 262, 3 years out): the in-between list sizes are said under "Programs and costs" only
    plan = plan_for(answers(citizenship="IR", step2_ck_score=262, graduation_year=2023), DEC_7)
    said = everything_said(plan)
    assert said.count("near a tier boundary") == 1


@pytest.mark.parametrize("profile,today", [
    (answers(citizenship="IR", step2_ck_score=262, graduation_year=2023), DEC_7),  # p03
    (answers(citizenship="PK", step2_ck_score=236, graduation_year=2019, us_clinical_experience="observership"), DEC_7),
    (P06, MAR_25)])
def test_r7_4_blended_counts_are_rounded_so_they_do_not_look_measured(profile, today):
    plan = plan_for(profile, today)
    pools = {**plan.whole_pool, **plan.second_pool}
    for sid, (lo, hi) in plan.lists.items():
        for n in (lo, hi) if sid not in pools else (lo,):
            assert n < 20 or n % (5 if n < 100 else 10) == 0, (sid, lo, hi)


@pytest.mark.parametrize("today", [date(2026, 6, 15), date(2026, 9, 10)])
def test_r7_4_the_signals_step_names_every_list_the_plan_sizes(today):
    # p15 (must match, family medicine as the second list, no radiology) and a must-match radiology applicant:
    # the step says the same allotments as the Signals section
    p15 = answers(citizenship="PH", step2_ck_score=225, usmle_failures=2, graduation_year=2016,
                  us_clinical_experience="none", radiology_experience="none", must_match_this_cycle=True)
    step = next(s.text for s in plan_for(p15, today).next_steps if s.id == "assign_signals")
    assert "family medicine 5 for your second list" in step
    plan = plan_for({**P07, "citizenship": "IN", "visa": "j1_ok", "step3": "not_planned"}, today)
    step = next(s.text for s in plan.next_steps if s.id == "assign_signals")
    assert "transitional year 12 for the PGY-1 year" in step
    assert ("family medicine 5" in step) == ("family_medicine" in plan.second)


def test_r7_4_family_medicine_on_the_h1b_route_is_not_given_a_count_no_source_has():
    # p24 (Egypt, H-1B only, must match): no source counts the family medicine programs that sponsor the H-1B
    plan = plan_for(answers(citizenship="EG", visa="h1b_only", step3="planned", step2_ck_score=225,
                            graduation_year=2015, match_year=2029, must_match_this_cycle=True), DEC_7)
    assert "family_medicine" in plan.second
    said = everything_said(plan) + plan_view.section_text(KB, plan, "apps")
    assert "every H-1B sponsor that takes IMGs, up to about" in said
    assert "no source we have counts the family medicine programs that sponsor the H-1B" in said
    assert "family medicine programs (community programs that take IMGs and sponsor the H-1B)" not in said


def test_r7_4_on_a_ranking_date_the_strategy_and_the_step3_step_say_the_same_thing():
    # p02 on 20 Feb 2027 (Nigeria, J visas suspended, must match): the interviews are over
    plan = plan_for(P02, date(2027, 2, 20))
    strategy = " ".join(plan.strategy)
    step = next(s.text for s in plan.next_steps if s.id == "take_step3")
    one = "rank an H-1B program only if it confirmed in writing that it will rank you with Step 3 pending; " \
          "otherwise plan the 2028 Match with Step 3 done"
    assert one.lower() in strategy.lower() and one in step
    assert "when interviews come" not in strategy
    assert "visitor visas are suspended for nationals of Nigeria" in strategy


def test_r7_1_the_pdf_says_the_same_outlook_as_the_chat():
    # p07's PDF heading says which route is blocked, as the chat's headline does
    from bot import exports
    from tests.test_exports import pdf_text
    text = " ".join(pdf_text(exports.plan_pdf(KB, plan_for(P07, DEC_7)))[1].split())
    assert "Visa outlook: H-1B route very unlikely for the 2027 Match" in text


def _first_screen_strategy(plan):
    """The Strategy screen's opening: its paragraphs up to the one that says the J-1 choice."""
    paragraphs = plan_view.section_pages(KB, plan, "strategy")[0].split("\n\n")
    return " ".join(paragraphs[:next((i + 1 for i, p in enumerate(paragraphs) if "J-1" in p), 1)])


def test_r8_1_a_must_match_client_offered_the_j1_reads_one_strategy_with_a_rank_rule_for_each_choice():
    # p07 on 7 Dec (Egypt, H-1B only, Step 3 not planned, must match): the J-1 is the way in, so the Strategy says
    # the choice once, with what each branch ranks; not "your only route" nor a rule that reads "rank nothing"
    for data in (P07, P06):
        plan = plan_for(data, DEC_7)
        said = _first_screen_strategy(plan)
        assert "only route" not in said and "when interviews come" not in said
        assert said.count("must match") == 1, said
        assert "rank every J-1 program you would attend" in said
        assert "agrees in writing to rank you with Step 3 pending" in said and "plan the 2028 Match" in said
        assert "rank a program only once Step 3 passed, or" not in said
        assert "two-year home-country rule" in said
        step = next(s.text for s in plan.next_steps if s.id == "reconsider_j1")
        assert "only route" not in step
    # p07's Strategy is one short block (was 225 words)
    assert len(_first_screen_strategy(plan_for(P07, DEC_7)).split()) < 160
    # in the ranking phase: the interviews are over, and the H-1B branch needs the written agreement
    late = _first_screen_strategy(plan_for(P07, date(2027, 2, 20)))
    assert "interviewed you before the rank-list deadline" in late and "confirmed in writing" in late
    assert late.count("must match") == 1 and "only route" not in late


def test_r8_2_an_iranian_is_told_the_suspension_began_in_june_2025_not_january_2026():
    # p03 on 7 Dec (Iran): every visa has been suspended for Iranians since 9 June 2025 (proclamation of 4 June
    # 2025), kept by the December 2025 proclamation from 1 January 2026; a Nigerian's J suspension began 1 Jan 2026
    plan = plan_for(P03, DEC_7)
    said = " ".join([plan_view.overview(KB, plan).text, *(s.text for s in plan.next_steps)])
    assert "since Mon 9 Jun 2025, renewed from Thu 1 Jan 2026" in said
    assert "since Thu 1 Jan 2026" not in said
    rules = KB.season.visa
    assert rules.suspended_since("IR") == date(2025, 6, 9) and rules.suspended_since("NG") == date(2026, 1, 1)
    # Laos: J visas since June 2025, but every visa only since 1 January 2026
    assert rules.suspended_since("LA") == date(2026, 1, 1)
    assert rules.before_fact is not None and rules.before_fact.status == "check_current_rule"


def test_r8_3_wordings_program_policy_on_the_j1_and_one_statement_per_specialty():
    # p27 (Pakistan, H-1B only): it is each program's policy that matters, not whether the J-1 is "open to you"
    said = " ".join(s.text for s in plan_for(P27, DEC_7).next_steps)
    assert "whether the J-1 is open to you" not in said and "whether they accept the J-1" in said
    # p13 (Nigeria, 2028 Match, must match): a family medicine second list adds a third statement
    plan = plan_for(P13, DEC_7)
    step = " ".join(s.text for s in plan.next_steps if s.id == "personal_statements")
    assert "three separate statements, one each for radiology, internal medicine and family medicine" in step
    assert "two separate statements" not in plan_view.section_text(KB, plan, "letters")


def test_r8_2_the_exception_for_a_valid_visa_is_dated_from_the_nationalitys_own_suspension():
    # p03 (Iran): the exception is a visa valid when Iran's suspension began (9 June 2025); a Nigerian's is 1 Jan 2026
    iran = plan_for(P03, DEC_7)
    said = " ".join([*iran.strategy, *(s.text for s in iran.next_steps)])
    assert "valid on 9 June 2025" in said and "valid on 1 January 2026" not in said
    nigeria = plan_for(P02, DEC_7)
    said = " ".join([*nigeria.strategy, *(s.text for s in nigeria.next_steps)])
    assert "valid on 1 January 2026" in said and "{" not in said


def test_r8_1_with_the_j1_choice_on_the_first_screen_the_close_to_a_line_note_waits_one_tap_away():
    # p06 on 7 Dec: the longest first screen (424 words); its "Close to a line" note moves under "Why this tier"
    plan = plan_for(P06, DEC_7)
    assert plan.near
    assert "Close to a line" not in plan_view.overview(KB, plan).text
    assert "How close you are to another tier" in plan_view.section_text(KB, plan, "why")


# Round 9 (advisor-review-round7.md, what still reproduced on main after round 8)

def _said_with_steps(plan):
    return everything_said(plan) + "\n" + "\n".join(s.text for s in plan.next_steps)


@pytest.mark.parametrize("data,today,year", [
    (P09, date(2027, 2, 20), "2028"),  # no Step 2 CK in the ranking phase: aimed at the 2028 Match, starts July 2028
    (P02, date(2027, 2, 20), "2027"),  # Nigeria, ranking phase of the 2027 Match: Step 3 before July 2027
    (P02, date(2027, 3, 15), "2027"),  # Match Week
    (P06, MAR_25, None),  # after the Match
])
def test_r9_6_every_july_a_plan_names_is_said_with_its_year(data, today, year):
    # p09 on 20 Feb 2027 read "before you start training in July": for a client aiming at the 2028 Match that is
    # July 2028, not the July five months away. Every "July" a plan says carries its year.
    said = _said_with_steps(plan_for(data, today))
    assert not re.search(r"\bJuly\b(?! \d{4})", said), re.findall(r".{60}\bJuly\b(?! \d{4}).{20}", said)
    if year:
        assert f"July {year}" in said


@pytest.mark.parametrize("today", [DEC_7, date(2027, 2, 20)])
def test_r9_4_a_count_of_every_program_there_is_is_not_said_as_those_that_take_the_client(today):
    # p28 (India, J-1, avoids patient contact): the pathology list is every program that takes IMGs and the J-1.
    # The only figure we have, 142, counts every AP/CP program in 2014-15 (facts.yaml, pathology-size): the
    # headline must say it counts all programs and that how many take the client is not known, not "about 142".
    plan = plan_for(P28, today)
    said = _said_with_steps(plan)
    assert plan.whole_pool.get("pathology") == "programs"
    assert "about 142:" not in said and "your visa (about 142" not in said
    apps = plan_view.section_text(KB, plan, "apps")
    assert "Pathology: <b>every program that takes IMGs and accepts the J-1 (of about 142 in all, a 2015 count; how " \
        "many do is not known)" in apps
    # before applications go in, the overview's list line says it the same way
    early = strategy_of(plan_for(P28, date(2026, 7, 1)))
    assert "(of about 142 in all, a 2015 count; how many do is not known)" in early and "about 142:" not in early


def test_r9_5_a_client_two_matches_away_plans_the_pathways_season_that_serves_them_not_the_current_one():
    # p27 (Pakistan, H-1B only, 2029 Match) and p26 (Nigeria, no Step 2 CK yet, 2029 Match) on 7 Dec 2026: Step 3
    # must be passed before applications go in (September 2028), so the 2028 Pathways (opening about August 2027)
    # are the ones to plan; "ask ECFMG now ... the current season's Pathways" hurried them into the 2027 season
    for data in (P27, P26):
        step3 = next(s.text for s in plan_for(data, DEC_7).next_steps if s.id == "take_step3")
        assert "current season's Pathways" not in step3 and "ask ECFMG now" not in step3
        assert "plan to certify through the 2028 Pathways, expected to open in August 2027" in step3
        assert "close by Wed 31 May 2028 (estimated)" in step3
    # p14 (India, H-1B only, 2028 Match) on 7 Dec 2026: the 2027 season is open now and is the one that serves
    step3 = next(s.text for s in plan_for(P14, DEC_7).next_steps if s.id == "take_step3")
    assert "the current season's Pathways (the 2027 Pathways, open until about Mon 31 May 2027 (estimated))" in step3


@pytest.mark.parametrize("today", [date(2027, 2, 20), MAR_25])
def test_r9_2_a_2028_h1b_client_in_spring_certifies_through_this_seasons_pathways_by_31_may_then_step3(today):
    # p14 on 20 Feb and 25 Mar 2027: Step 3 needs certification, and the 2027 Pathways close by 31 May 2027; the
    # plan used to lead with the 2028 Pathways (August 2027) and say no deadline, so Step 3 came after applying
    ids = step_ids(plan := plan_for(P14, today))
    assert ids[:2] == ["ecfmg_pathway", "take_step3"]
    first, second = plan.next_steps[0].text, plan.next_steps[1].text
    assert first.startswith("If ECFMG has not certified you yet, apply for certification through the current season's")
    assert "the 2027 Pathways) by Mon 31 May 2027 (estimated)" in first
    assert "the 2025 Pathways closed on 31 May 2025" in first and "ECFMG Focus, 21 May 2025" in first  # dated, sourced
    assert first.index("2027 Pathways") < first.index("2028 Pathways")  # the 2028 season is the fallback
    assert "Mon 31 May 2027 (estimated)" in second and "finish the current season's Pathway" not in second


def _first_screen_words(plan):
    text = plan_view.overview(KB, plan).text
    return len(re.sub(r"<[^>]+>", "", text.split(KB.texts["disclaimer"][:20])[0]).split())


@pytest.mark.parametrize("data,most", [(P07, 150), (P06, 150)])
def test_r9_1_the_first_screen_of_a_client_offered_the_j1_says_the_choice_once_and_stays_short(data, most):
    # p07 (Egypt, H-1B only, Step 3 not planned) and p06 (Pakistan, Step 3 planned) on 7 Dec, must match: the
    # headline and the Strategy say the J-1 choice; the outlook line no longer repeats it or calls the H-1B the
    # "only route" (p07 276 -> 231 words, p06 381 -> 345)
    plan = plan_for(data, DEC_7)
    top = plan_view.overview(KB, plan).text
    assert _first_screen_words(plan) <= most, _first_screen_words(plan)
    assert "only route" not in top and top.count("J-1 open to you") <= 1
    assert top.count("must match") <= 1 and "(see Strategy)" in top  # the choice is the Strategy's, one tap away


def test_r9_1_after_the_last_step3_sitting_for_a_score_the_j1_choice_does_not_date_it_as_ahead():
    # p06 (Pakistan, H-1B only, Step 3 planned, must match) on 10 Jan 2027: 31 Dec 2026 has passed; the J-1 line
    # said "needs Step 3 sat in the US by Thu 31 Dec 2026 (estimated)" as if it were still ahead
    said = " ".join(plan_for(P06, date(2027, 1, 10)).strategy)
    assert "by Thu 31 Dec 2026" not in said
    assert "a score before the rank-list deadline (Wed 3 Mar 2027 (estimated)) is now unlikely" in said


@pytest.mark.parametrize("data,today", [(P13, DEC_7), (P02, date(2026, 9, 10)), (P07, date(2026, 9, 10)),
                                        (P14, DEC_7), (P27, DEC_7), (P07, DEC_7)])
def test_r9_7_a_long_step_reads_as_short_paragraphs_with_its_sources_on_their_own_line(data, today):
    # the Step 3 steps of H-1B clients (p13 Nigeria, p02 in September, p07 Egypt, p14 India, p27 Pakistan) ran to
    # 1,000-1,390 characters in one line: now no line of "What to do now" is a wall, and the steps are shorter
    plan = plan_for(data, today)
    text = plan_view.section_text(KB, plan, "next")
    assert max(len(line) for line in text.splitlines()) <= 480, max(text.splitlines(), key=len)
    step3 = next(s.text for s in plan.next_steps if s.id == "take_step3")
    assert len(step3) <= 1250, len(step3)
    assert step3.count("only in the United States") + step3.count("only in the US") + \
        step3.count("only at test centres in the United States") <= 1  # the US-only rule is said once
    assert not ("only in the US" in step3 and "This needs a US visit" in step3)  # a Nigerian's caveat says it
    sources = [line for line in text.splitlines() if line.lstrip().startswith(("<i>Source: ", "<i>Sources: "))]
    assert sources and all(line.startswith("   ") for line in sources)


P12 = answers(citizenship="EG", step2_ck_score=262, graduation_year=2025, match_year=2028, research="radiology",
              radiology_experience="hands_on", us_clinical_experience="hands_on")
P24 = answers(citizenship="EG", visa="h1b_only", step3="planned", step2_ck_score=225, graduation_year=2016,
              match_year=2029)


def test_r9_9_the_months_before_myeras_are_counted_and_fitted_to_what_the_client_lacks():
    # p12 (Egypt, hands-on US radiology, 2028 Match) and p13 (Nigeria, visitor visas suspended) on 7 Dec 2026:
    # MyERAS opens in about six months, not "four to nine"; neither is told to do an observership they have
    # no need of or may not be able to travel for
    for data in (P12, P13):
        now = plan_for(data, DEC_7).strategy[-1]
        assert "Four to nine months" not in now and "about 6 months from now" in now
        assert "observership" not in now, now
    # a client without US experience still hears of it, fitted to the day
    now = plan_for({**P12, "us_clinical_experience": "none", "radiology_experience": "none"}, date(2026, 10, 1)).strategy[-1]
    assert "about 8 months from now" in now and "an observership if you can arrange one" in now
    # p24 (2029 Match) on 7 Dec 2026: the real interval, not "more than nine months"
    assert "about 18 months from now" in plan_for(P24, DEC_7).strategy[-1]


def test_r9_10_two_backups_do_not_give_the_same_staying_in_the_us_reason_word_for_word():
    # p09, p10, p15, p17 and other J-1 clients who want to stay in the US read "staying in the US: many J-1 waiver
    # jobs and employers that sponsor the H-1B and a green card" under both internal and family medicine
    for data in (P09, P15, P01, P07, P03):
        plan = plan_for({**data, "long_term_us_priority": True}, DEC_7)
        staying = [r for b in plan.backups for r in b.reasons if r.startswith("staying in the US")]
        assert staying and len(staying) == len(set(staying)), staying


def test_r9_8_the_not_yet_applied_branch_is_a_condition_after_the_steps_not_step_7_of_8():
    # p01 on 7 Dec (India, applied, interviewing): "If you have not applied for the 2027 Match yet …" was step 7
    # of 8, a step for another client; it is now said last, unnumbered, as a condition
    plan = plan_for(P01, DEC_7)
    assert step_ids(plan)[-1] == "not_applied_yet"
    text = plan_view.section_text(KB, plan, "next")
    assert not re.search(r"^\d+\. If you have not applied", text, re.M)
    assert "\n\n<i>If you have not applied for the 2027 Match yet" in text
    numbered = len(re.findall(r"^\d+\. ", text, re.M))
    assert numbered == len(plan.next_steps) - 1
    assert f"What to do now ({numbered} steps)" in [b.label for row in plan_view.overview(KB, plan).buttons for b in row][0]


def test_r9_11_in_the_ranking_phase_the_rank_list_comes_before_soap():
    # p06 on 20 Feb 2027: "Certify your rank list" (deadline 3 Mar) came after the SOAP step (Match Week)
    ids = step_ids(plan_for(P06, date(2027, 2, 20)))
    assert ids.index("rank_list") < ids.index("soap")


def test_r9_12_after_the_match_a_blocked_plan_reads_the_record_for_the_next_match_with_its_year():
    # p03 (Iran, 3 years out, higher-likelihood for 2027) on 25 Mar 2027: "Your record alone would read
    # higher-likelihood" sat beside "you will then be 4 years from graduation, which makes your tier moderate risk"
    plan = plan_for(P03, MAR_25)
    said = " ".join(plan.strategy)
    assert "would read moderate risk for the 2028 Match if a visa opened" in said
    assert "would read higher-likelihood" not in said
    assert "4 years from graduation, which makes your tier moderate risk" in " ".join(s.text for s in plan.next_steps)


def test_r9_2_an_iranians_visa_section_cites_the_june_2025_proclamation_not_only_the_december_one():
    # p05 (Iran, H-1B, Step 3 passed) on 7 Dec: the Visa section cited only the December 2025 proclamation, whose
    # exception is "visas valid on 1 January 2026", beside "Exceptions exist for visas valid on 9 June 2025"
    plan = plan_for(IRAN_H1B, DEC_7)
    visa = plan_view.section_text(KB, plan, "visa")
    assert "A proclamation of 4 June 2025 suspended, from 9 June 2025" in visa
    assert "valid on 1 January 2026" not in visa and "valid on 9 June 2025" in visa
    # a Nigerian's suspension is the December one's, cited as before (round-13 nice 2: "and still are", test_s6c_2)
    assert "visas that were valid on 1 January 2026 and still are" in plan_view.section_text(KB, plan_for(P02, DEC_7),
                                                                                            "visa")


@pytest.mark.parametrize("data,today", [(P07, DEC_7), (P07, date(2026, 9, 10)), (P07, date(2027, 2, 20)),
                                        (P06, DEC_7)])
def test_r9_1_where_the_j1_is_offered_no_line_calls_the_h1b_the_only_route(data, today):
    # p07 and p06 (H-1B only answered, J-1 open to their nationality, must match): the review asks to drop "your
    # only route" wherever the J-1 is offered in the same read; the tier's risk line, the Visa section's Step 3
    # line and the September Strategy still said it
    plan = plan_for(data, today)
    assert plan.j1_choice
    said = _said_with_steps(plan) + json.dumps(plan.to_json())
    assert "only route" not in said, re.findall(r".{50}only route.{30}", said)
    assert "the H-1B is your chosen route" in said or "You chose the H-1B" in said or "H-1B you chose" in said


def test_r9_1_in_september_the_j1_choice_leads_and_no_line_says_the_match_is_closed_without_step3():
    # p07 on 10 Sep 2026 (applying): the Strategy said "If you cannot [sit Step 3], this Match is closed to you:
    # spend nothing" and then "your fastest way in … accept training on a J-1", and the overview "Apply to: only if
    # you can sit Step 3 in time, else the 2028 Match": with the J-1 the 2027 Match is not closed
    plan = plan_for(P07, date(2026, 9, 10))
    top = plan_view.overview(KB, plan).text + strategy_of(plan)
    strategy = _first_screen_strategy(plan)
    assert "this Match is closed to you" not in strategy and strategy.count("must match") == 1
    assert "your fastest way in is your choice: the J-1" in strategy
    assert "If you stay H-1B only, apply only to programs that sponsor the H-1B" in strategy
    assert "else the 2028 Match" not in top and "your choice decides it" in top
    assert "if you cannot, spend nothing this season" not in plan_view.section_text(KB, plan, "apps")


@pytest.mark.parametrize("data", [P06, P07])
@pytest.mark.parametrize("today", [date(2027, 2, 2), date(2027, 2, 20), date(2027, 3, 3)])
def test_r10_2_at_ranking_time_a_must_match_h1b_client_keeps_the_j1_choice_until_the_rank_list_deadline(data, today):
    # p06 (Pakistan, H-1B only, Step 3 planned, must match) was offered "your fastest way in: accept training on a
    # J-1" in December and on 15 Jan, but on 20 Feb (ranking) read "The H-1B is your only route ... plan the 2028
    # Match"; p07 (Egypt, Step 3 not planned) kept the choice. One rule for both: the choice stands while it can
    # still change this Match, that is until the rank-list deadline (Wed 3 Mar 2027, estimated)
    plan = plan_for(data, today)
    assert plan.j1_choice
    assert "reconsider_j1" in [s.id for s in plan.next_steps]
    top = strategy_of(plan)
    assert "your fastest way in is your choice: the J-1" in top
    assert "rank every one you would attend on a J-1" in top
    said = _said_with_steps(plan) + json.dumps(plan.to_json())
    assert "only route" not in said, re.findall(r".{50}only route.{30}", said)


def test_r10_2_after_the_rank_list_deadline_the_j1_choice_is_no_longer_offered():
    # p06 on 4 Mar 2027: the rank lists are certified; accepting the J-1 can no longer change this Match
    for data in (P06, P07):
        plan = plan_for(data, date(2027, 3, 4))
        assert not plan.j1_choice and "reconsider_j1" not in [s.id for s in plan.next_steps]


def test_r10_2_the_first_screen_does_not_read_as_if_the_client_had_chosen_the_j1():
    # p06 on 7 Dec: "Your chosen route, the H-1B, needs Step 3 passed, and the J-1 is your choice" read as if the
    # client had chosen the J-1
    top = plan_view.overview(KB, plan_for(P06, DEC_7)).text
    assert "and the J-1 is your choice" not in top
    assert "whether to accept the J-1 instead is your choice" in top


def test_r10_1_a_nigerian_on_the_h1b_is_told_uscis_holds_h1b_decisions_marked_to_check_and_what_to_do():
    # p04 (Nigeria, H-1B only, Step 3 passed, must match) on 7 Dec: the plan said "what decides your route now is
    # whether each H-1B program still files new petitions", leaving out that since 1 Jan 2026 USCIS holds decisions
    # on H-1B petitions and changes of status for nationals of the 39 travel-ban countries (PM-602-0194)
    plan = plan_for(P04, DEC_7)
    top = plan_view.overview(KB, plan).text
    assert "USCIS has held decisions on H-1B petitions for nationals of Nigeria since Thu 1 Jan 2026" in top
    assert "filed but not approved" in top and "check it" in top
    visa = plan_view.section_text(KB, plan, "visa")
    assert "PM-602-0194" in visa and "check the current rule" in visa  # dated, sourced, to be checked
    assert "Brown University ISSS" in visa
    assert "what decides your route now" not in visa
    possible = " ".join(plan.to_json()["visa_outlook"]["still_possible"])
    assert "approved recently" in possible and "as early as possible" in possible
    assert "J-1" in possible  # keep the J-1 question open where an exception would open it
    assert "a change of status is outside the payment but not outside the USCIS hold" in possible


@pytest.mark.parametrize("data", [P02, P13, P26])
def test_r10_1_a_nigerian_sent_to_the_h1b_by_the_j_suspension_hears_of_the_hold_where_the_h1b_is_named(data):
    # p02, p13, p26 (Nigeria, J-1 acceptable, J visas suspended): step 1 said "Otherwise your route is the H-1B,
    # which this suspension does not cover" and nothing of the USCIS hold on that route
    plan = plan_for(data, DEC_7)
    step = next(s.text for s in plan.next_steps if s.id == "visa_exception")
    assert "USCIS has also held decisions on H-1B petitions for your nationality" in step
    assert any("USCIS" in r and "Nigeria" in r for r in plan.visa_outlook.reasons)


def test_r10_1_a_matched_nigerian_starting_the_h1b_petition_is_told_of_the_hold():
    # p02 on 25 Mar 2027: "Matched? ... start the H-1B petition with your program at once" said nothing of the hold
    plan = plan_for(P02, date(2027, 3, 25))
    step = next(s.text for s in plan.next_steps if s.id == "start_training")
    assert "start the H-1B petition" in step and "may be filed but not approved" in step


def test_r10_1_an_iranian_whose_every_route_is_suspended_hears_of_the_hold_briefly_and_the_advice_stands():
    # p05 (Iran, H-1B only, every visa suspended): the hold is said once, in the Visa section, as not changing the
    # advice; not on the first screen and not as a risk factor of its own
    plan = plan_for(IRAN_H1B, DEC_7)
    reasons = plan.visa_outlook.reasons
    assert any("USCIS has also held decisions" in r and "does not change the advice" in r for r in reasons)
    # round-12 nice-to-have 2: the screen's registration line names the hold only as the reason to ask an attorney
    # before counting on being in the US (test_s6b_2); no line of its own
    assert all(line.startswith("➡️ If you have not yet, register for the 2027 Match") for line in plan_view.overview(KB, plan).text
               .splitlines() if "USCIS" in line)
    assert not any("USCIS" in r for r in plan.visa_outlook.risk)
    assert "uscis_hold" not in plan.visa_outlook.keys


@pytest.mark.parametrize("data", [P06, P07, P22, P14])
def test_r10_1_no_hold_is_said_to_a_nationality_off_the_list(data):
    # Pakistan, Egypt, the Philippines, India are not among the 39 (a listed green-card holder: test_s5_6)
    plan = plan_for(data, DEC_7)
    assert "USCIS has" not in _said_with_steps(plan) + json.dumps(plan.to_json())


@pytest.mark.parametrize("country", ["VE", "SO", "TM", "IN"])
def test_r10_1_the_hold_follows_the_suspensions_list_of_nationalities_not_one_of_its_own(country):
    # Venezuela (J suspended) and Somalia (every visa) are among the 39 and held; so is Turkmenistan, whose immigrant
    # visas alone the December 2025 proclamation suspended (round 11: it is the 39th); India is not on it
    plan = plan_for({**P04, "citizenship": country}, DEC_7)
    said = " ".join(plan.visa_outlook.reasons)
    assert ("USCIS" in said) == (country != "IN")


# --------------------------------------------------------------------------- round 11 (advisor review, round 9)

def _pathway_step(plan):
    return next(s.text for s in plan.next_steps if s.id == "ecfmg_pathway")


def test_r11_1_a_client_whose_pathway_is_not_in_is_told_to_submit_this_week_with_past_deadlines_as_a_range():
    # p01 (India, J-1, 2027 Match) on 7 Dec 2026 read "Treat Thu 31 Dec 2026 (estimated) as yours (the earliest of
    # past seasons)": not verified (a third-party post gave 15 Dec 2021 for the 2022 Match), and a client may plan to
    # submit around 20 December. Eight days before mid-December: submit this week; past deadlines as a sourced range
    plan = plan_for(P01, DEC_7)
    step = _pathway_step(plan)
    assert "submit it this week" in step
    assert "mid-December (15 December 2021 for the 2022 Match, in a third-party report)" in step
    assert "31 December 2023 for the 2024 Match" in step and "15 February 2024" in step
    assert "the 2027 deadline is on ecfmg.org" in step
    said = everything_said(plan) + json.dumps(plan.to_json())
    assert "earliest of past" not in said and "earliest deadline of past" not in said
    assert "as yours" not in step  # no estimated date handed over as the client's deadline


def test_r11_1_the_urgency_follows_the_injected_day_not_a_fixed_text():
    # In September the same client has time (submit well before mid-December); in January past deadlines may have
    # passed (check ecfmg.org today); neither is told "this week"
    sept, jan = _pathway_step(plan_for(P01, date(2026, 9, 10))), _pathway_step(plan_for(P01, date(2027, 1, 10)))
    assert "well before mid-December" in sept and "this week" not in sept
    assert "check ecfmg.org today whether the 2027 Pathways still accept applications" in jan
    assert "this week" not in jan
    # the 2028 Match's client is told of its own season on its own dates
    nov_2027 = _pathway_step(plan_for({**P01, "match_year": 2028, "graduation_year": 2025}, date(2027, 11, 30)))
    assert "submit it this week" in nov_2027 and "the 2028 deadline is on ecfmg.org" in nov_2027


def _visa_paragraphs(plan):
    visa = plan_view.section_text(KB, plan, "visa")
    return [p for p in visa.split("\n\n") if p.strip()]


@pytest.mark.parametrize("data", [P02, P13, P26, P04])
def test_r11_2_a_nigerians_visa_section_is_short_paragraphs_one_idea_each_not_one_block(data):
    # p02 on 7 Dec: the suspension, the H-1B and Step 3, the USCIS hold and the $100,000 payment were one paragraph
    # of about 500 words (3,267 characters); the advisor asked for four short paragraphs, one idea each
    paragraphs = _visa_paragraphs(plan_for(data, DEC_7))
    def holding(words):
        return [i for i, p in enumerate(paragraphs) if words in p]
    suspension, h1b = holding("J visas")[0], holding("The H-1B")[0]
    hold, payment = holding("USCIS holds decisions")[0], holding("$100,000 payment from")[0]
    assert len({suspension, h1b, hold, payment}) == 4, paragraphs[:5]
    assert max(len(p.split()) for p in paragraphs) <= 200
    assert "You can train only on an H-1B" not in paragraphs[hold]  # the H-1B rule sits with the H-1B idea


def test_r11_2_the_countries_counted_in_the_suspension_and_the_hold_agree_with_the_lists_the_bot_acts_on():
    # p02 read "19 countries and every visa for those of 19 more" (38) and then "the 39 countries of the December
    # 2025 proclamation": every count said is the length of the list the bot decides by, and the hold's is their sum
    facts = KB.facts
    ban = facts["j-visa-suspension"]
    j, every = ban.value["j_suspended"], [c for c in ban.value["all_suspended"] if c != "PS"]  # PS: documents
    also = ban.value.get("immigrant_only", [])
    said = re.search(r"nationals of (\d+) countries and every visa for those of (\d+) more", ban.text)
    assert said and (int(said[1]), int(said[2])) == (len(j), len(every))
    assert all(KB.season.visa.held(c, DEC_7) for c in [*j, *every, *also])
    hold = re.search(r"the (\d+) countries of the December 2025 proclamation", facts["uscis-hold-2026"].text)
    assert hold and int(hold[1]) == len(set(j) | set(every) | set(also))


def test_r11_2_the_court_stay_is_said_as_the_source_says_it_not_as_the_courts_own():
    # "on 12 June it stayed its own ruling" said more than the source ("an administrative stay of 12 Jun")
    visa = plan_view.section_text(KB, plan_for(P04, DEC_7), "visa")
    assert "stayed its own ruling" not in visa
    assert "an administrative stay of 12 June kept the payment in force" in visa


@pytest.mark.parametrize("today,words", [
    (DEC_7, "so this Match is out of reach; the 2028 Match is your realistic target"),
    (date(2027, 2, 20), "without a Step 2 CK pass you cannot take part, so the 2028 Match is your target"),
])
def test_r11_3_a_must_match_client_without_step2_ck_reads_on_the_first_screen_that_this_match_is_closed(today, words):
    # p09 (India, no Step 2 CK, must match) on 7 Dec: the first screen only said "for the 2028 Match"; "this Match is
    # out of reach" sat below the fold. Said in words at the top, from the calendar and the answers, with what is
    # still possible now
    top = plan_view.overview(KB, plan_for(P09, today)).text
    lines = top.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("🎯"))
    first = lines[at]
    assert "2027 Match" in first and words in first, first
    # what to do now, just below it: the Step 2 CK step for the 2028 Match (session 5b: the step itself, not a pointer)
    assert lines[at + 1].startswith("➡️ Take Step 2 CK") and "2028 application" in lines[at + 1], lines[at + 1]


def test_r11_3_a_client_in_this_match_gets_no_closed_match_line():
    for data in (P01, P09 | {"step2_ck_score": 240}):
        assert "🎯" not in plan_view.overview(KB, plan_for(data, DEC_7)).text


# --------------------------------------------------------------------------- session 5 (issue 22): advice round 12

# The research files' lists, transcribed here independently of facts.yaml (facts-2026.md, "Proclamation 10998: the
# J-visa list"): B-1/B-2, F, M, J and immigrant visas suspended for 19 nationalities, every visa for 19 more (and
# Palestinian Authority documents), from 1 Jan 2026. Turkmenistan is not in the research files: the proclamation of
# 16 Dec 2025 lifted its June 2025 B, F, M and J suspension and kept its immigrant visas suspended (Trend, 17 Dec
# 2025; Orient.tm), and USCIS's hold (PM-602-0194) covers it as one of the proclamation's 39.
RESEARCH_J = {"Angola": "AO", "Antigua and Barbuda": "AG", "Benin": "BJ", "Burundi": "BI", "Côte d'Ivoire": "CI",
              "Cuba": "CU", "Dominica": "DM", "Gabon": "GA", "The Gambia": "GM", "Malawi": "MW", "Mauritania": "MR",
              "Nigeria": "NG", "Senegal": "SN", "Tanzania": "TZ", "Togo": "TG", "Tonga": "TO", "Venezuela": "VE",
              "Zambia": "ZM", "Zimbabwe": "ZW"}
RESEARCH_ALL = {"Afghanistan": "AF", "Burma": "MM", "Chad": "TD", "Republic of the Congo": "CG",
                "Equatorial Guinea": "GQ", "Eritrea": "ER", "Haiti": "HT", "Iran": "IR", "Libya": "LY", "Somalia": "SO",
                "Sudan": "SD", "Yemen": "YE", "Burkina Faso": "BF", "Mali": "ML", "Niger": "NE", "South Sudan": "SS",
                "Syria": "SY", "Laos": "LA", "Sierra Leone": "SL", "Palestinian Authority documents": "PS"}
RESEARCH_IMMIGRANT_ONLY = {"Turkmenistan": "TM"}
OFF_THE_LISTS = ["IN", "PK", "EG", "PH", "CA"]


def _said_plainly(plan):
    import html
    return html.unescape(_said_with_steps(plan))


def test_s5_1_the_bots_suspension_and_hold_lists_are_the_research_files_lists():
    # every country the bot decides a suspension or the hold by is on the research files' lists, in the same list,
    # and none of theirs is missing; the June 2025 list (the "since" dates) names only countries still suspended
    rules = KB.season.visa
    assert rules.j_suspended == frozenset(RESEARCH_J.values())
    assert rules.all_suspended == frozenset(RESEARCH_ALL.values())
    assert rules.hold_also == frozenset(RESEARCH_IMMIGRANT_ONLY.values())
    for code in rules.before_all | rules.before_j:
        assert code in rules.all_suspended | rules.j_suspended | rules.hold_also, code


def _audit_country_codes():
    return sorted(set(RESEARCH_J.values()) | set(RESEARCH_ALL.values()) | set(RESEARCH_IMMIGRANT_ONLY.values()))


@pytest.mark.parametrize("visa", ["j1_ok", "h1b_only"])
@pytest.mark.parametrize("code", _audit_country_codes())
def test_s5_1_every_listed_nationality_reads_what_the_research_files_say_of_j1_h1b_the_hold_and_immigrant_visas(
        code, visa):
    # A Turkmen client's Visa section said "no visa suspension we know of applies", though immigrant visas are
    # suspended for Turkmenistan. For every nationality on the bot's lists, the plan (every screen and step) says of
    # the J-1, the H-1B, USCIS's hold and immigrant visas what the research files say; never "no suspension"
    from knowledge.answers import country_name
    name = country_name(code)
    data = {**(P04 if visa == "h1b_only" else P02), "citizenship": code}
    said = _said_plainly(plan_for(data, DEC_7))
    assert "no visa suspension" not in said and "no suspension of J, H-1B or visitor visas" not in said
    if code not in RESEARCH_IMMIGRANT_ONLY.values():
        assert "no suspension of J visas" not in said, name
    immigrant = re.search(r"immigrant visas[^.]*suspended|All visas are suspended", said)
    assert immigrant, f"{name}: immigrant visas not said suspended"
    assert "and then a green card" not in said and "the H-1B and a green card" not in said, name  # none promised
    assert re.search(rf"USCIS (has also )?held decisions[^.]*nationals of {re.escape(name)}|"
                     rf"USCIS holds decisions (on H-1B petitions )?for nationals of {re.escape(name)}", said), name
    if code in RESEARCH_J.values():
        assert f"suspended for nationals of {name}" in said and re.search(r"J visas[^.]*suspended", said), name
        assert "the H-1B is not covered" in said or "The H-1B is not covered" in said \
            or "The H-1B you plan on is not covered" in said, name
    elif code in RESEARCH_ALL.values():
        assert f"All visas are suspended for nationals of {name}" in said, name
        assert "Every visa, the H-1B included, is suspended" in said, name
    else:
        assert f"J visas are suspended for nationals of {name}" not in said
        assert "J, H-1B and visitor visas are open to you" in said
        assert "immigrant visas (a green card applied for from abroad) stay suspended" in said


@pytest.mark.parametrize("code", OFF_THE_LISTS)
def test_s5_1_a_nationality_off_every_list_is_told_no_suspension_of_the_visas_the_plan_is_about(code):
    # India, Pakistan, Egypt, the Philippines, Canada: no J, H-1B or visitor-visa suspension, no hold by citizenship;
    # the claim stays within those visas (a separate immigrant-visa pause of January 2026 is not keyed here)
    said = _said_plainly(plan_for({**P01, "citizenship": code}, DEC_7))
    assert "no suspension of J, H-1B or visitor visas that we know of applies" in said
    assert "no visa suspension we know of" not in said and "USCIS has" not in said


def test_s5_2_a_canadian_born_in_iran_on_the_h1b_route_learns_the_hold_follows_birth():
    # The hold (PM-602-0194) covers anyone born in one of the 39 countries, whatever their citizenship; the bot asks
    # only citizenship. An H-1B client off the lists is told, briefly, in the Visa section, without a new question
    plan = plan_for({**P22, "citizenship": "CA"}, DEC_7)
    visa = plan_view.section_text(KB, plan, "visa")
    assert "Born in one of the 39 countries of the December 2025 travel proclamation" in visa
    assert "covers people born there whatever their citizenship" in visa
    assert "Born in" not in plan_view.overview(KB, plan).text  # brief: not a first-screen warning
    # named examples are on the hold's list
    for name in re.search(r"\(([^)]*) among them\)", visa)[1].replace(" and ", ", ").split(", "):
        assert {**RESEARCH_J, **RESEARCH_ALL}[name] in KB.season.visa.j_suspended | KB.season.visa.all_suspended


@pytest.mark.parametrize("data", [P01, P02, {**P04, "citizenship": "IR"}, answers(citizenship="IN", visa="no_visa_needed")])
def test_s5_2_the_birth_line_is_not_said_where_the_hold_already_applies_or_does_not_matter(data):
    # J-1 route (the consulate's visa, not a USCIS decision), a held nationality (told in full), a green card holder
    assert "covers people born there" not in _said_plainly(plan_for(data, DEC_7))


def test_s5_3_a_plan_aimed_at_the_2028_match_counts_years_since_graduation_to_applying_for_it():
    # p09 (graduated 2025, no Step 2 CK, 2027 Match, must match) on 7 Dec 2026: the plan is for the 2028 Match, but
    # its rating read "1 year from graduation (2025) to applying for the 2027 Match". Programs read the record when
    # the application reaches them (the source: "recency of graduation"), so the years count to the 2028 applications
    plan = plan_for(P09, DEC_7)
    assert plan.retarget
    recency = plan.ratings["recency"].because
    assert recency == "2 years from graduation (2025) to applying for the 2028 Match"
    # CONTRACTS §1-2 rate the answers as given: the JSON keeps their years and ratings
    assert plan.to_json()["years_since_graduation"] == 1 and plan.to_json()["tier"] == "moderate"


def test_s5_3_when_the_aimed_match_crosses_a_line_the_title_reasons_and_what_would_change_it_say_that_match():
    # graduated 2020, no Step 2 CK, must match, 2027 Match, 7 Dec 2026: 6 years to the 2027 applications (moderate),
    # 7 to the 2028 ones (more than 6: high). The plan is for 2028, so its tier, reasons, rating and what would
    # change it are the 2028 Match's, said with that year; the JSON's contract tier stays the answers' own
    plan = plan_for({**P09, "graduation_year": 2020}, DEC_7)
    assert (plan.tier, plan.route_tier) == ("moderate", "high")
    assert plan_view.title(plan, icons=False).startswith("High risk for the 2028 Match")
    why = plan_view.section_text(KB, plan, "why")
    assert "Tier for the 2028 Match: <b>High risk</b>" in why
    assert "7 years since graduation (more than 6)" in " ".join(plan.tier_reasons + plan.tier_changers)
    assert plan.ratings["recency"].level == "weak" and "to applying for the 2028 Match" in plan.ratings["recency"].because
    assert plan.to_json()["ratings"]["recency"] == "average" and plan.to_json()["tier"] == "moderate"
    assert "on the H-1B route" not in why  # the difference is the Match aimed at, not a visa route


def test_s5_3_a_client_still_in_this_match_is_rated_for_it():
    # nothing moves for a client whose Match is still reachable: same years, same tier, no "for the ... Match"
    plan = plan_for({**P09, "step2_ck_score": 240, "graduation_year": 2020}, DEC_7)
    assert not plan.retarget and plan.route_tier == plan.tier == "moderate"
    assert plan.ratings["recency"].because.endswith("to applying for the 2027 Match")
    assert " for the 2027 Match" not in plan_view.title(plan, icons=False)


def _step(plan, sid):
    return next((s.text for s in plan.next_steps if s.id == sid), None)


def test_s5_4_an_h1b_only_filipino_who_must_match_is_told_to_get_each_programs_word_in_writing_before_ranking():
    # p22 (Philippines, H-1B only, Step 3 passed, must match) on 7 Dec 2026: with teaching hospitals reconsidering
    # H-1B applicants and the $100,000 payment's status unknown after 21 Sep 2026, no step asked for each program's
    # written word, and the J-1 sat deep in the Visa section. A step now does, with the payment as known on the day
    step = _step(plan_for(P22, DEC_7), "h1b_written_word")
    assert step and "Before the rank-list deadline (Wed 3 Mar 2027 (estimated))" in step
    assert "word in writing that it will file your H-1B petition, and who pays the $100,000 payment" in step
    assert "if it still applies (it was charged at least until Mon 21 Sep 2026; whether it was extended is not known " \
           "here)" in step
    assert "decide before that date whether you would accept the J-1" in step
    ids = step_ids(plan_for(P22, DEC_7))
    assert ids.index("h1b_written_word") == ids.index("rank_list") + 1  # under the rank-list step


def test_s5_4_the_written_word_follows_the_route_and_what_the_plan_already_says():
    # a Nigerian on the H-1B route is not offered the J-1 (suspended for Nigerians); a client offered the J-1 as a
    # choice (p06 on 7 Dec) has its own rank rule; after the rank-list deadline the step is gone
    nigerian = _step(plan_for(P04, DEC_7), "h1b_written_word")
    assert nigerian and "J-1" not in nigerian
    assert _step(plan_for(P06, DEC_7), "h1b_written_word") is None
    assert _step(plan_for(P22, date(2027, 3, 10)), "h1b_written_word") is None
    assert _step(plan_for(P01, DEC_7), "h1b_written_word") is None  # J-1 route


def test_s5_4_a_radiology_applicant_matched_to_the_advanced_position_without_a_pgy1_learns_what_to_do():
    # p01 (India, J-1, radiology with linked PGY-1 lists) on 25 Mar 2027: "Matched?" and "Not matched?" but nothing
    # for an advanced match with no PGY-1: bound to it, SOAP over, look now (NRMP's unfilled list, programs
    # directly), and without a PGY-1 by 1 July 2027 the waiver is theirs to request
    step = _step(plan_for(P01, date(2027, 3, 25)), "partly_matched")
    assert step and step.startswith("Matched to radiology but not to a PGY-1?")
    assert "stays committed to the advanced position" in step and "SOAP is over" in step
    assert "preliminary medicine, preliminary surgery or transitional-year position starting in July 2027 that " \
           "accepts the J-1" in step
    assert "List of Unfilled Programs" in step and "1 July 2027" in step and "waiver" in step
    h1b = _step(plan_for(P06, date(2027, 3, 25)), "partly_matched")
    assert h1b and "that sponsors the H-1B" in h1b
    # in Match Week SOAP says it; a plan with no radiology list has no such case
    assert _step(plan_for(P01, date(2027, 3, 16)), "partly_matched") is None
    assert "matched to radiology without a PGY-1, SOAP starts that day" in _step(plan_for(P01, date(2027, 3, 16)), "soap")


@pytest.mark.parametrize("data,strengths", [
    (P15, None),  # 2 failures, 10 years, no US clinical experience: nothing strong to offset with
    (P28, "yours: a recent graduation and hands-on US clinical experience"),
])
def test_s5_4_a_record_that_cannot_change_says_which_strengths_can_offset_it(data, strengths):
    # "strengths elsewhere offset it" (p08, p15, p17, p21, p24, p28) read as if the weakness were already offset;
    # p15 has no strengths. It says only strengths elsewhere can, and names them, or says there are none yet
    plan = plan_for(data, DEC_7)
    said = " ".join(plan.tier_changers)
    assert "strengths elsewhere offset it" not in _said_plainly(plan)
    assert said.count("only strengths elsewhere can offset it") == 1
    if strengths:
        assert strengths in said
    else:
        assert "you have none yet among a recent graduation, hands-on US experience and radiology research" in said


@pytest.mark.parametrize("visa", ["j1_ok", "h1b_only"])
def test_s5_1_a_turkmen_who_wants_to_stay_in_the_us_is_not_promised_a_green_card(visa):
    # immigrant visas are suspended for Turkmenistan and USCIS holds its nationals' decisions: the long-term lines and
    # the backups' reasons say a green card later is uncertain, as they do for the suspension's other nationalities
    plan = plan_for({**P02, "citizenship": "TM", "visa": visa, "long_term_us_priority": True}, DEC_7)
    said = _said_plainly(plan)
    assert "a green card later is uncertain while that lasts" in said
    assert "and then a green card" not in said and "the H-1B and a green card" not in said
    assert plan.route.immigrant_suspended and not plan_for(P01, DEC_7).route.immigrant_suspended


@pytest.mark.parametrize("data", [P02, P03, IRAN_H1B])
def test_s5_5_in_interview_season_a_must_match_client_is_told_to_keep_the_interviews_not_when_they_come(data):
    # round-9 must-fix 7: p02, p03 and p05 on 7 Dec read "when interviews come, keep your internal medicine
    # interviews" while interviews are under way
    said = _said_plainly(plan_for(data, DEC_7))
    assert "when interviews come" not in said
    assert "keep your internal medicine interviews" in said


def test_s5_5_a_2028_client_in_december_2026_still_reads_when_interviews_come():
    assert "when interviews come" in " ".join(plan_for(P13, DEC_7).strategy)


def test_s5_5_the_nrmp_fee_is_said_in_one_plain_clause_with_its_year():
    # round-9 must-fix 11: "$70 ... with a $50 late fee ... (NRMP's own newsletter put a late registration for the
    # 2023 Match at $120)" was hard to follow
    said = _said_plainly(plan_for(P01, DEC_7))
    assert "cost $70 for the 2024 Match, or $120 with the $50 late fee" in said
    assert "newsletter put a late registration" not in said


def test_s5_5_no_line_contradicts_the_lists_beside_it():
    # round-9 must-fix 12: "radiology is plan A with a smaller, genuine backup list" next to "You must match, so the
    # backup list is widened" (p01, p23); "the widest lists in both specialties" where radiology is "none" (p08)
    p01 = _said_plainly(plan_for(P01, DEC_7))
    assert "smaller, genuine backup list" not in p01
    p08 = plan_for(P08, DEC_7)
    assert p08.applications[DR][1] == 0 and "in both specialties" not in _said_plainly(p08)


@pytest.mark.parametrize("code", ["IR", "NG"])
def test_s5_6_a_green_card_holder_of_a_listed_nationality_learns_the_suspensions_do_not_touch_their_training(code):
    # round-9 nice-to-have (p19 Iran, p20 Nigeria, green card): one reassuring line, and (round 8) an immigration
    # attorney before travel abroad, since USCIS re-reviews benefits approved since 20 January 2021 for these
    # nationalities; the hold matters only to a status resting on a pending application. In the Visa section only:
    # the outlook stays open, with no reason and no risk factor
    from knowledge.answers import country_name
    plan = plan_for(answers(citizenship=code, visa="no_visa_needed"), DEC_7)
    import html
    visa = html.unescape(plan_view.section_text(KB, plan, "visa"))
    assert f"with no visa needed, the visa suspensions for nationals of {country_name(code)} do not apply to your " \
           "training" in visa
    assert "which matters if your status rests on a pending application" in visa
    assert "re-review of benefits approved on or after 20 January 2021" in visa
    assert "See an immigration attorney before you travel abroad" in visa
    assert plan.visa_outlook.status == "open" and not plan.visa_outlook.reasons
    assert "USCIS" not in plan_view.overview(KB, plan).text
    # off the lists, a green-card holder reads no nationality line at all
    assert "Nationality:" not in plan_view.section_text(KB, plan_for(answers(citizenship="IN",
                                                                              visa="no_visa_needed"), DEC_7), "visa")


@pytest.mark.parametrize("today,how", [(DEC_7, "very unlikely"), (date(2026, 9, 10), "closing"),
                                       (date(2027, 2, 20), "very unlikely")])
def test_s5_7_a_client_offered_the_j1_reads_the_h1b_route_as_closing_not_blocked(today, how):
    # round-9 must-fix 4 (round-8 10): p07 (Egypt, H-1B only, Step 3 not planned, must match) read "⛔ H-1B route
    # blocked for the 2027 Match" beside a Strategy saying how to stay on it (sit Step 3 in time, or a program's
    # written word). The headline says how likely the route is, without ⛔ on a line that offers a choice; the
    # JSON's contract status stays blocked
    plan = plan_for(P07, today)
    assert plan.j1_choice and plan.visa_outlook.status == "blocked"
    top = plan_view.overview(KB, plan).text
    assert f"⚠️ H-1B route {how} for the 2027 Match · J-1 open to you if you choose it" in top
    assert "⛔" not in top and "H-1B route blocked" not in everything_said(plan)
    assert plan.to_json()["visa_outlook"]["status"] == "blocked"
    # a route blocked with no choice keeps its ⛔
    assert "⛔" in plan_view.overview(KB, plan_for(IRAN_H1B, DEC_7)).text


def test_s5_8_a_client_applying_the_year_they_graduate_reads_graduated_in_not_0_years():
    # round-9 nice-to-have (p23, graduated 2026, 2027 Match): "0 years since graduation" read oddly
    plan = plan_for(answers(citizenship="PK", step2_ck_score=262, graduation_year=2026, radiology_experience="hands_on",
                            research="radiology"), DEC_7)
    said = _said_plainly(plan)
    assert "0 years" not in said
    assert "graduated in 2026" in plan.tier_reasons[0]
    assert plan.ratings["recency"].because == "graduated in 2026, the year you apply for the 2027 Match"


@pytest.mark.parametrize("today,asked", [(DEC_7, True), (date(2027, 2, 20), True), (date(2027, 3, 16), False)])
def test_s5_8_a_client_without_a_step2_score_who_has_sat_it_is_told_whom_to_ask_before_the_rank_list(today, asked):
    # round-9 must-fix 3 (round-8 3): p09 read only that this Match is out of reach; a client who has sat Step 2 CK
    # and expects the score before the rank-list deadline asks ECFMG and the programs that interviewed them. In
    # Match Week it is too late
    step = _step(plan_for(P09, today), "retarget_next_match")
    said = "If you have already sat Step 2 CK and a passing score will be in before the rank-list deadline"
    assert (said in step) == asked
    if asked:
        assert "ask ECFMG and any program that interviewed you whether you can still be ranked" in step


def test_s5_8_a_matched_h1b_client_reads_the_h1b_vetting_first():
    # round-9 nice-to-have: p02 and p06 @2027-03-25, "Matched? ... start the H-1B petition", then a visa-interview
    # line that led with "J-1 applicants must set their social-media accounts to public"
    step = _step(plan_for(P06, date(2027, 3, 25)), "start_training")
    assert "Book the visa interview early: The consulate's online-presence review was extended to H-1B applicants " \
           "from 15 December 2025" in step
    assert "J-1 applicants must set" not in step
    assert "J-1 applicants must set" in _step(plan_for(P01, date(2027, 3, 25)), "start_training")


def test_s5_9_a_j1_client_without_a_nationality_is_told_what_the_plan_assumes():
    # round-9 must-fix 8 (p25): "Add your nationality: J visas are suspended for nationals of 38 countries, and this
    # plan assumes yours is not one"; the count is the one the bot decides by (the J and every-visa lists)
    plan = plan_for({**P01, "citizenship": None}, DEC_7)
    said = plan.visa_outlook.reasons[0]
    rules = KB.season.visa
    n = len((rules.j_suspended | rules.all_suspended) - {"PS"})
    assert f"J visas are suspended for nationals of {n} countries, and this plan assumes yours is not one" in said
    assert said in plan_view.overview(KB, plan).text


# ---------------------------------------------------------------- session 5b: round-10 review (advisor round 10)
JUN_15 = date(2026, 6, 15)


def test_s5b_1_a_client_without_step2_in_june_reads_the_last_day_to_sit_it_and_what_follows_if_they_cannot():
    # round-10 must-fix 2: p09 (India, J-1, no Step 2 CK, must match in the 2027 Match) on 15 Jun 2026 read "Take
    # Step 2 CK as soon as you can", then lists of 50-70 + 140-180 + 30-50 programs and $7,290 in ERAS fees. A score
    # takes about four weeks (USMLE), so it reaches programs by review day (Wed 23 Sep 2026) only if sat by Wed 26 Aug
    plan = plan_for(P09, JUN_15)
    assert not plan.retarget and plan.next_steps[0].id == "take_step2_ck"
    step = _step(plan, "take_step2_ck")
    # the first sentence carries the date (the first screen shows it)
    assert step.startswith("Sit Step 2 CK by Wed 26 Aug 2026 (estimated) at the latest, so that your score reaches "
                           "programs by Wed 23 Sep 2026 (estimated), the day they start reviewing. ")
    assert "Most Step 2 CK scores are reported within four weeks of the test day" in step
    assert "USMLE, announcements on Step 2 CK score reporting" in step and "an estimate" in step
    assert "If you cannot sit it by the latest day, this Match is realistically out of reach and your target is " \
           "then the 2028 Match (change your Match year with /profile)." in step
    assert "as soon as you can" not in step


def test_s5b_1_the_last_day_to_sit_step2_is_never_past_while_the_match_is_still_the_clients():
    # from the sit-by day on, the plan aims at the next Match (steps.retargets): every day before it names a day
    # still ahead; the day after, the plan says this Match is out of reach, not a date already gone
    review = KB.calendar.date_of("review", 2027)[0]
    for day in (date(2025, 12, 7), date(2026, 3, 1), JUN_15, review - timedelta(days=29), review - timedelta(days=28)):
        plan = plan_for(P09, day)
        step = _step(plan, "take_step2_ck")
        sit_by = date.fromisoformat("2026-08-26")
        assert not plan.retarget and step.startswith("Sit Step 2 CK by Wed 26 Aug 2026 (estimated)"), (day, step)
        assert sit_by >= day
    late = plan_for(P09, review - timedelta(days=27))
    assert late.retarget and not _step(late, "take_step2_ck").startswith("Sit Step 2 CK by")


@pytest.mark.parametrize("today,said", [(JUN_15, True), (date(2026, 9, 1), True), (date(2026, 9, 2), False),
                                        (date(2026, 9, 10), False)])
def test_s5b_2_an_applicant_in_june_reads_the_day_they_may_submit(today, said):
    # round-10 nice-to-have 6: p01, p06, p09 and p15 on 15 Jun 2026 read "Submit once everything is complete" and
    # never when they may; from that day on there is nothing to wait for
    step = _step(plan_for(P01, today), "submit_early")
    assert ("You may submit from Wed 2 Sep 2026 (estimated)." in step) == said, step
    assert step.startswith("Submit once everything is complete, before programs start reviewing on Wed 23 Sep 2026")


def test_s5b_3_after_an_unmatched_match_the_counts_are_said_for_the_reapplication():
    # round-10 nice-to-have 8: p15 @2027-03-25 read "Be frank with yourself: with 2 failed USMLE attempts, 10 years
    # since graduation" in the Strategy for the 2028 reapplication, which the plan itself puts at 11; p02 read "4
    # years since graduation" among what holds the tier at moderate, the reapplication being at 5
    mar25 = date(2027, 3, 25)
    plan = plan_for(P15, mar25)
    strategy = " ".join(plan.strategy)
    assert "with 2 failed USMLE attempts, 11 years since graduation" in strategy, strategy
    assert "10 years since graduation, 11 when you reapply (more than 6)" in plan.tier_reasons
    said = " ".join(plan_for(P02, mar25).tier_reasons)
    assert "4 years since graduation, 5 when you reapply (higher needs 3 or fewer)" in said, said
    # the higher tier's reason is a comma list: the reapplication's count goes in brackets
    assert "2 years since graduation (3 years when you reapply), " in plan_for(P01, mar25).tier_reasons[0]
    fresh = plan_for({**P01, "graduation_year": 2026}, mar25).tier_reasons[0]
    assert "graduated in 2026 (1 year when you reapply), " in fresh, fresh
    # before the Match, the count is the one the client applies with
    assert "when you reapply" not in " ".join(plan_for(P02, DEC_7).tier_reasons)


def test_s5b_4_a_client_of_a_later_match_reads_the_letters_carry_over_as_the_2027_seasons_rule():
    # round-10 nice-to-have 9: the 2028 and 2029 plans (p10, p12, p13) read "letters uploaded before 1 June 2026
    # carry over", a rule AAMC gave for the 2027 ERAS season (the move to the Letter Writer Portal)
    # round-11 nice-to-have 10: and a 2028 client is not told a 2027 rule at all (test_s6_10)
    p13 = answers(citizenship="NG", step2_ck_score=252, graduation_year=2024, match_year=2028)
    letters = plain_text(plan_view.section_text(KB, plan_for(p13, DEC_7), "letters"))
    assert "old portal" not in letters and "carry over" not in letters


def test_s5b_5_a_client_ranking_in_february_is_not_told_the_pathway_or_interview_travel_is_still_to_pay():
    # round-10 nice-to-have 10: p01 and p15 on 20 Feb 2027, past the Pathway deadline of every past season and past
    # the interviews, read "Costs still ahead: ECFMG's Pathway application, if you have not applied yet ... Travel to
    # interviews"; in January the interviews and (in some past seasons) the Pathway were still ahead
    def ahead(today):
        return [i.id for i in plan_for(P01, today).costs.ahead]
    assert ahead(date(2027, 2, 20)) == ["nrmp", "extra_ranks"]
    assert {"pathway", "oet", "travel"} <= set(ahead(date(2027, 1, 10)))
    # aiming at the next Match, the Pathway is still ahead of the client
    assert "pathway" in [i.id for i in plan_for(P09, date(2027, 2, 20)).costs.ahead]


def test_s5b_6_a_graduate_is_offered_an_externship_not_a_students_elective():
    # round-10 nice-to-have 12: graduates 2 to 13 years out (p10, p15, p24, p26) read "Hands-on US clinical settings
    # (an elective or sub-internship) would rate this strong"; electives and sub-internships are mostly for students
    p10 = answers(step2_ck_score=None, graduation_year=2025, match_year=2028, us_clinical_experience="observership")
    plan = plan_for(p10, DEC_7)
    assert plan.ratings["us_clinical_experience"].would_change == \
        "Hands-on US clinical settings (an externship or other hands-on role) would rate this strong."
    assert "(an externship or other hands-on role)" in _step(plan, "gain_us_clinical_experience")
    assert "sub-internship" not in plan_view.as_text(KB, plan) and "elective" not in plan_view.as_text(KB, plan)
    # one who applies the year they graduate may still be a student: the elective stays on offer
    fresh = plan_for({**p10, "graduation_year": 2027}, DEC_7)
    assert "(an elective, sub-internship or externship)" in fresh.ratings["us_clinical_experience"].would_change


def test_s5b_7_a_green_card_holder_and_a_backup_only_plan_read_no_visa_checks_radiology_signals_or_pgy1():
    # round-10 nice-to-have 7: green-card holders (p08, p16, p18, p19, p20) read "take your visa (accept the J-1 or
    # sponsor the H-1B, whichever is yours) ... Never spend a signal on a program that cannot take your visa" and "Rank
    # only programs that can take you on a visa open to you"; plans with no radiology list (p08, p15, p16, p17) read
    # "Spend radiology signals", "PGY-1 ... applications if you still add any" and "keeps your lists large in
    # radiology and the backup"
    green = answers(visa="no_visa_needed", step2_ck_score=262, graduation_year=2023)
    # (the Signals screen says how to spend them while they are still to spend: June; in December it is one line)
    whole = plain_text(plan_view.as_text(KB, plan_for(green, DEC_7)) + plan_view.as_text(KB, plan_for(green, JUNE_15)))
    assert plan_for(green, DEC_7).applies_to_radiology
    assert "Spend radiology signals on programs where you are a realistic candidate: they take IMGs" in whole
    for said in ("whichever is yours", "cannot take your visa", "a visa open to you"):
        assert said not in whole, said
    assert "Rank only programs that take graduates of your year." in whole
    no_rad = plan_for(P15, DEC_7)
    assert not no_rad.applies_to_radiology
    whole = plain_text(plan_view.as_text(KB, no_rad))
    june = plain_text(plan_view.as_text(KB, plan_for(P15, JUNE_15)))
    assert "Spend radiology signals" not in whole + june and "Spend your signals on the programs" in june
    assert "if you still add any" not in whole and "Travel to interviews held in person; your own estimate" in whole
    assert "in radiology and the backup" not in whole
    # a J-1 client applying to radiology still reads the visa checks and the PGY-1 line
    whole = plain_text(plan_view.as_text(KB, plan_for(P01, JUNE_15)))
    assert "Spend radiology signals" in whole and "Never spend a signal on a program that cannot take your visa" in whole


def test_s5b_8_the_json_carries_the_second_list_the_text_sizes_and_prices():
    # round-10 nice-to-have 11 (round 8): p08's JSON said ERAS $5,430 (`applications`: radiology and internal medicine,
    # as CONTRACTS §3 defines them) while the text budgets $7,860 with the family-medicine second list. The contract's
    # keys keep their meaning; a `second_list` key is added
    p08 = answers(citizenship="PH", visa="no_visa_needed", step2_ck_score=225, usmle_failures=1, graduation_year=2014,
                  must_match_this_cycle=True)
    plan = plan_for(p08, DEC_7)
    out = plan.to_json()
    assert set(out["applications"]) == {"diagnostic_radiology", "internal_medicine"}
    second = out["second_list"]
    assert list(second) == ["family_medicine"] and second["family_medicine"]["applications"] == list(
        plan.second["family_medicine"])
    total = out["costs"]["eras_usd"] + second["family_medicine"]["eras_usd"]
    assert f"ERAS fees about ${total:,}" in " ".join(plan.strategy) or f"${total:,}" in plan_view.as_text(KB, plan)
    assert plan_for({**p08, "must_match_this_cycle": False}, DEC_7).to_json()["second_list"] == {}


# ---------------------------------------------------------------- session 6: round-11 review (advisor round 11)

def test_s6_2_a_must_match_client_without_step2_reads_in_june_the_long_shot_september_offers():
    # round-11 nice-to-have 2: p09 (must match, no Step 2 CK) read on 15 Jun 2026 "If you cannot sit it by then, this
    # Match is out of reach: spend nothing on its applications", and on 10 Sep 2026 "You must match this cycle, so one
    # path is left: … submit a complete internal medicine application before Wed 23 Sep 2026". June now names the
    # same long shot, and one who need not match this cycle still reads "spend nothing"
    june = _step(plan_for(P09, JUN_15), "take_step2_ck")
    september = _step(plan_for(P09, date(2026, 9, 10)), "retarget_next_match")
    for said in (june, september):
        assert "submit a complete internal medicine application before" in said and \
            "release the score as soon as it is in" in said, said
    assert "Since you must match this cycle, one long shot stays open until Wed 23 Sep 2026 (estimated)" in june
    assert "spend nothing on radiology" in june and "spend nothing on its applications" not in june
    # p10: the same for a must-match client of the 2028 Match, read on 7 Dec 2026
    p10 = _step(plan_for({**P09, "match_year": 2028}, DEC_7), "take_step2_ck")
    assert "one long shot stays open until Wed 22 Sep 2027 (estimated)" in p10
    free = _step(plan_for({**P09, "must_match_this_cycle": False}, JUN_15), "take_step2_ck")
    assert "spend nothing on its applications" in free and "long shot" not in free


@pytest.mark.parametrize("today,margin", [(JUN_15, True), (date(2026, 8, 5), True), (date(2026, 8, 6), False)])
def test_s6_3_the_day_to_sit_step2_by_has_a_margin_and_says_to_check_for_a_summer_delay(today, margin):
    # round-11 nice-to-have 3: the sit-by day (Wed 26 Aug 2026) fell in the very weeks USMLE delayed Step 2 CK scores
    # in 2016, 2018 and 2019, with no margin and no word on checking; and its four weeks were stamped "last confirmed
    # Jun 2026", which no research file backs: it is said as an estimate, with where to check
    step = _step(plan_for(P09, today), "take_step2_ck")
    assert step.startswith("Sit Step 2 CK by Wed 26 Aug 2026 (estimated) at the latest")
    assert "before you book, check the announcements on usmle.org for a summer reporting delay" in step
    assert ("sit it by Wed 5 Aug 2026 (estimated) if you can, which leaves three weeks' margin" in step) == margin
    assert "an estimate, not confirmed for the current season: check usmle.org" in step
    assert "last confirmed" not in step


@pytest.mark.parametrize("data", [IRAN_H1B, P03])
def test_s6_7_with_every_visa_suspended_the_nrmp_registration_says_its_condition(data):
    # round-11 nice-to-have 7: p05 (Iran, every visa suspended) read on 7 Dec "➡️ Register for the 2027 Match with
    # NRMP if you have not yet" with no condition, though no visa lets him start unless an exception applies
    plan = plan_for(data, DEC_7)
    step = _step(plan, "nrmp_registration")
    # round-13 nice-to-have 3: the condition first, the in-US case after the parenthesis (test_s6c_5)
    assert step.startswith("If you have not yet, register for the 2027 Match with NRMP once an exception under Visa "
                           "gives you a route (a second nationality, a US visa that was valid on 9 June 2025 and still "
                           "is, or a national-interest exception)"), step
    ranking = _step(plan_for(data, date(2027, 2, 20)), "nrmp_registration")
    assert "do it once an exception under Visa gives you a route" in ranking
    # an open route registers without a condition
    assert "exceptions" not in _step(plan_for({**data, "citizenship": "IN"}, DEC_7), "nrmp_registration")


def test_s6_1_a_nigerian_client_without_step3_ranking_in_february_reads_which_programs_he_may_rank():
    # round-11 nice-to-have 1: p02 @2027-02-20 read "only programs you would attend and that can start you on a visa
    # open to you as your route stands": he had to work out himself that this rules out every J-1-only program and
    # an H-1B program unless he has Step 3 or its written word to wait for it, and can reach the US to sit it
    plan = plan_for(P02, date(2027, 2, 20))
    step = _step(plan, "rank_list")
    first = step.split(". ")[0]
    assert "for you, no J-1-only program, and H-1B ones only with Step 3 passed, or with their written word to wait " \
           "for it if you can reach the US to sit it" in first
    assert "A match binds you even if no visa then lets you start." in step
    screen = plan_view.overview(KB, plan).text
    assert "no J-1-only program" in screen and _first_screen_words(plan) <= 150 and "Sat 20 Feb 2027" in screen
    # in interview season the step's sentence names the same condition
    december = _step(plan_for(P02, DEC_7), "rank_list")
    assert "rank no J-1-only program while J visas are suspended for nationals of Nigeria, and an H-1B program only " \
           "if you have passed Step 3" in december and "before July 2027" in december
    # Iran (every visa suspended) keeps the general condition: no route is named that the suspension closes
    assert "no J-1-only program" not in _step(plan_for(P03, DEC_7), "rank_list")


@pytest.mark.parametrize("today", [DEC_7, JUN_15, date(2026, 9, 10)])
def test_s6_4_a_2028_h1b_client_reads_the_action_and_its_date_first(today):
    # round-11 nice-to-have 4: p14's first screen read "➡️ Step 3 comes after ECFMG certification (…); a Step 3
    # scheduling permit follows about two weeks …": an explanation. The action was the step's second sentence
    plan = plan_for(P14, today)
    step = _step(plan, "take_step3")
    assert step.startswith("To have Step 3 passed before applications go in (Wed 1 Sep 2027 (estimated)), ")
    assert "certify through" in step.split(". ")[0] and "Mon 31 May 2027 (estimated)" in step.split(". ")[0]
    screen = plan_view.overview(KB, plan).text
    assert "➡️ To have Step 3 passed before applications go in" in screen and _first_screen_words(plan) <= 150


@pytest.mark.parametrize("today", [date(2027, 2, 20), MAR_25])
def test_s6_4_a_2028_h1b_client_in_spring_reads_to_apply_for_certification_by_its_date(today):
    # p14 @2027-02-20 and @2027-03-25 read "➡️ Certify first, because Step 3 needs it.": no date, and in February
    # "certify" reads as the NRMP rank list's certification
    plan = plan_for(P14, today)
    screen = plan_view.overview(KB, plan).text
    assert "➡️ If ECFMG has not certified you yet, apply for certification through the current season's Pathways " \
           "(the 2027 Pathways) by Mon 31 May 2027 (estimated), so that you can sit Step 3" in screen
    assert "Certify first" not in screen


def test_s6_4_a_client_who_does_not_plan_step3_reads_to_plan_it_with_its_dates():
    # p27 (Pakistan, H-1B only, Step 3 not planned, 2029 Match) read "➡️ You said you do not plan Step 3, but your
    # only route is the H-1B …": a statement
    plan = plan_for(P27, DEC_7)
    first = _step(plan, "take_step3").split(". ")[0]
    assert first.startswith("Plan Step 3 (you said you do not) and have it passed before applications go in "
                            "(Wed 6 Sep 2028 (estimated)): plan to certify through the 2028 Pathways")
    assert "close by Wed 31 May 2028 (estimated)" in first
    assert "➡️ Plan Step 3 (you said you do not)" in plan_view.overview(KB, plan).text


def test_s6_8_a_2029_client_without_step2_reads_a_date_on_the_first_screen():
    # round-11 nice-to-have 8: p26 (Nigeria, no Step 2 CK, 2029 Match) read "⏰ Book Step 2 CK for a date that leaves
    # time for the score to arrive before you apply": a deadline line with no date. His route is the H-1B (J visas
    # suspended), whose Step 3 needs certification, which needs Step 2 CK: the last day is not the day to aim at
    plan = plan_for(P26, DEC_7)
    step = _step(plan, "take_step2_ck")
    assert step.startswith("Sit Step 2 CK by Wed 3 May 2028 (estimated) at the latest: your H-1B route needs ECFMG "
                           "certification")  # round-13 must-fix 1: the day that binds (test_s6b_1, test_s6c_1)
    assert "⏰ Sit Step 2 CK by Wed 3 May 2028 (estimated)" in plan_view.overview(KB, plan).text
    # the screen's tightest form cuts it at the semicolon, as the other Step 2 CK line at its comma (a property
    # test under --slow found a 2029 H-1B client without a nationality on 7 Feb 2028 at 158 words)
    tight = answers(step2_ck_score=None, usmle_failures=0, graduation_year=2028, match_year=2029,
                    us_clinical_experience="none", research="none", visa="h1b_only", step3="not_planned",
                    patient_contact="enjoy", must_match_this_cycle=True, citizenship=None, radiology_experience="none")
    assert _first_screen_words(plan_for(tight, date(2028, 2, 7))) <= 150
    # a J-1 client of the 2029 Match without a score, preparing: the last day, and the margin
    j1 = _step(plan_for({**P26, "citizenship": "IN"}, DEC_7), "take_step2_ck")
    assert j1.startswith("Sit Step 2 CK by Wed 30 Aug 2028 (estimated) at the latest") and "Wed 9 Aug 2028" in j1


def test_s6_10_the_letters_moved_from_the_old_portal_are_said_only_to_a_client_of_the_2027_season():
    # round-11 nice-to-have 10: p10, p12, p13, p14, p16, p20, p24, p26 and p27 (2028 and 2029 Matches) read "letters
    # uploaded to the old portal before 1 June 2026 were moved to the new one and can be used in the 2027 ERAS
    # season", a rule of a season they do not apply in
    moved = "Letters uploaded to the old portal before 1 June 2026 were moved to the new one and can be used in " \
            "the 2027 ERAS season."
    june = plan_for(P01, JUN_15)
    assert moved in _step(june, "letters") and "ERAS letter writers FAQ" in _step(june, "letters")
    for data in (P12, P14, P26, P27, {**P01, "match_year": 2028}):
        said = plain_text(plan_view.as_text(KB, plan_for(data, DEC_7)))
        assert "old portal" not in said, data
    assert "old portal" not in plain_text(plan_view.as_text(KB, plan_for(P01, DEC_7)))  # applications are in


def test_s6_11_a_graduate_is_offered_hands_on_radiology_and_a_backup_only_plan_reads_no_radiology_signals():
    # round-11 nice-to-have 11: p10 and p26 (graduates of 2025 and 2024) read "Arrange a US radiology observership or
    # elective" (electives are for students); p17 (no radiology list) read "so radiology and a backup never compete
    # for signals"
    step = _step(plan_for(P26, DEC_7), "radiology_exposure")
    assert step.startswith("Arrange US radiology experience, an observership or, better, an externship or other "
                           "hands-on role;") and "elective" not in step
    student = _step(plan_for({**P26, "graduation_year": 2029, "citizenship": "IN"}, DEC_7), "radiology_exposure")
    assert "an elective, sub-internship or externship" in student
    p17 = answers(citizenship="PK", step2_ck_score=252, usmle_failures=3, graduation_year=2023)
    plan = plan_for(p17, JUN_15)  # applying: the whole Signals page (in interview season it is one line)
    assert not plan.applies_to_radiology
    signals = plain_text(plan_view.section_text(KB, plan, "signals"))
    assert "radiology and a backup never compete" not in signals
    assert "signals spent in one specialty never use up another's" in signals


def test_s6_12_an_unmatched_h1b_client_reapplies_with_step3_so_programs_can_file_the_petition():
    # round-11 nice-to-have 12: p02 and p06 @2027-03-25 read "with Step 3 passed, so H-1B programs can rank you":
    # programs may rank without it; Step 3 is what lets them file the petition, and what many want before ranking
    said = _step(plan_for(P06, MAR_25), "reapply")
    assert "with Step 3 passed, so H-1B programs will rank you and can file your petition" in said
    assert "so H-1B programs can rank you" not in said


def test_s6_13_a_plan_read_in_june_2026_says_the_court_vacated_the_h1b_payment_and_the_stay_kept_it():
    # round-11 nice-to-have 13 (round 10's 13): p02 @2026-06-15 said nothing of the 8 June vacatur and the 12 June
    # stay, because one fact also spoke of July; the July charge is said only from August
    h1b = answers(visa="h1b_only", step3="passed")
    june = plan_view.section_text(KB, plan_for(h1b, JUN_15), "visa")
    assert "vacated the $100,000 payment" in june and "an administrative stay of 12 June kept the payment in force" \
        in june and "July 2026" not in june
    assert "California v. Mullin" not in plan_view.section_text(KB, plan_for(h1b, date(2026, 6, 11)), "visa")
    august = plan_view.section_text(KB, plan_for(h1b, date(2026, 8, 3)), "visa")
    assert "After the stay, the payment was still being charged in July 2026" in august
    assert august.count("reported by law-firm and press reports") == 1


# ---------------------------------------------------------------- session 6b: round-12 review (advisor round 12)

@pytest.mark.parametrize("today", [DEC_7, date(2027, 9, 10), date(2028, 4, 1)])
def test_s6b_1_an_h1b_only_client_without_step2_reads_the_day_that_leaves_time_for_certification_and_step3(today):
    # round-12 nice-to-have 1: p26 (Nigeria, J visas suspended so H-1B only, no Step 2 CK, 2029 Match) read "⏰ Sit
    # Step 2 CK well before Wed 30 Aug 2028 (estimated)": a CK sat near that day leaves no time for ECFMG
    # certification and Step 3, which must be passed before applications go in (Wed 6 Sep 2028). The day that binds
    # is 6 Sep less the CK score (4 weeks), certification (4, an estimate), the Step 3 permit (2) and its score (4)
    plan = plan_for(P26, today)
    step = _step(plan, "take_step2_ck")
    # round-13 must-fix 1: the day is now Wed 3 May 2028, with time to sit Step 3 (test_s6c_1)
    assert step.startswith("Sit Step 2 CK by Wed 3 May 2028 (estimated) at the latest: your H-1B route needs ECFMG "
                           "certification, which needs the score, then Step 3 sat and passed before applications "
                           "go in (Wed 6 Sep 2028 (estimated)).")
    assert "four for certification (our estimate: ask ECFMG how long it takes)" in step
    assert "30 Aug 2028" not in step and "well before" not in step
    screen = plan_view.overview(KB, plan).text
    assert "⏰ Sit Step 2 CK by Wed 3 May 2028 (estimated) at the latest: your H-1B route needs ECFMG certification" \
        in screen and _first_screen_words(plan) <= 150
    # once that day has passed (still before applying), the last day for the score, and no false promise
    late = _step(plan_for(P26, date(2028, 5, 5)), "take_step2_ck")
    assert "3 May 2028" not in late and late.startswith("Sit Step 2 CK as soon as you can")
    # a J-1 client keeps the last day for a score, with its margin
    j1 = _step(plan_for({**P26, "citizenship": "IN"}, DEC_7), "take_step2_ck")
    assert j1.startswith("Sit Step 2 CK by Wed 30 Aug 2028 (estimated) at the latest")


@pytest.mark.parametrize("data", [IRAN_H1B, P03])
def test_s6b_2_an_iranian_client_is_not_told_that_being_in_the_us_is_a_route_while_uscis_holds_his_case(data):
    # round-12 nice-to-have 2: p05 and p03 on 7 Dec read "Register … if … (you are in the US already, or you hold a
    # second nationality, a visa valid on 9 June 2025 …)": USCIS holds changes of status for nationals of Iran (the
    # read's own Visa section), and a visa valid on 9 June 2025 helps only if it is still valid
    plan = plan_for(data, DEC_7)
    step = _step(plan, "nrmp_registration")
    assert "you are in the US already" not in step
    assert "a US visa that was valid on 9 June 2025 and still is" in step
    assert "if you are already in the US, ask an immigration attorney first, since USCIS holds changes of status for " \
           "nationals of Iran" in step
    assert "a visa valid on 9 June 2025" not in plain_text(plan_view.as_text(KB, plan))
    screen = plain_text(plan_view.overview(KB, plan).text)
    assert _first_screen_words(plan) <= 150 and "⛔" in screen
    if "Register for the 2027 Match" in screen:  # the line is whole: its parenthesis closed
        line = next(x for x in screen.splitlines() if "Register for the 2027 Match" in x)
        assert line.count("(") == line.count(")"), line


def test_s6b_3_a_nigerian_client_ranking_with_step3_pending_reads_that_the_petition_needs_time_before_july():
    # round-12 nice-to-have 3: p02 (Nigeria, J-1 suspended, no Step 3) read that he could rank an H-1B program that
    # agreed to wait if "you can reach the US to sit it before July 2027": a score takes weeks and the petition must
    # be filed and approved before the start (and USCIS holds approvals for Nigeria)
    december = _step(plan_for(P02, DEC_7), "rank_list")
    assert "you can reach the US to pass it in time for the program to file your petition well before July 2027 (by " \
           "about April, our estimate, so ask the program)" in december
    assert "to sit it before July 2027" not in december
    strategy = plain_text(strategy_of(plan_for(P02, date(2027, 2, 20))))
    assert "pass Step 3 in time for the program to file your petition well before training starts in July 2027" \
        in strategy and "sit Step 3 before training starts" not in strategy


@pytest.mark.parametrize("data,today", [(P02, JUN_15), (P02, date(2026, 9, 10)), (IRAN_H1B, date(2026, 9, 10)),
                                        (P07, date(2026, 9, 10))])
def test_s6b_4_a_2027_client_still_gathering_letters_reads_that_old_letters_were_moved(data, today):
    # round-12 nice-to-have 4: p02 @2026-06-15 and @2026-09-10, p05 @2026-09-10 and p07 @2026-09-10 (2027 Match,
    # still gathering letters) lost "letters uploaded to the old portal before 1 June 2026 were moved …": their plans
    # have no letters step, and the sentence lived only there. It is in the Letters section now
    letters = plain_text(plan_view.section_text(KB, plan_for(data, today), "letters"))
    assert "Letters uploaded to the old portal before 1 June 2026 were moved to the new one and can be used in the " \
           "2027 ERAS season" in letters
    # said once: a plan whose letters step says it (p01 in June) does not repeat it in the Letters section
    p01 = plan_for(P01, JUN_15)
    assert "old portal" in _step(p01, "letters") and plain_text(plan_view.as_text(KB, p01)).count("old portal") == 1
    # not for a 2028 client, nor once the applications are in (interview season)
    assert "old portal" not in plain_text(plan_view.section_text(KB, plan_for({**data, "match_year": 2028}, today),
                                                                  "letters"))
    assert "old portal" not in plain_text(plan_view.section_text(KB, plan_for(data, DEC_7), "letters"))


@pytest.mark.parametrize("today", [date(2027, 2, 20), MAR_25])
def test_s6b_5_a_2028_h1b_client_certifying_in_spring_asks_whether_the_certificate_stays_valid(today):
    # round-12 nice-to-have 5: p14 @2027-02-20 and @2027-03-25 (step 1, apply for certification through the 2027
    # Pathways) did not say, as on 7 Dec, 15 Jun and 10 Sep, to ask whether that certificate serves a 2028 start
    step = _step(plan_for(P14, today), "ecfmg_pathway")
    assert "so that you can sit Step 3 (next step), which needs it. Ask ECFMG too whether that certificate stays " \
           "valid for a 2028 start." in step


@pytest.mark.parametrize("data", ["P27", "P26", "P24"])
def test_s6b_5_a_2029_h1b_client_reads_how_the_2028_and_2029_pathways_fit(data):
    # p27, p26 and p24 read "certify through the 2028 Pathways" (Step 3) beside "ECFMG publishes the 2029 Pathways"
    # (certification) without how the two fit
    plan = plan_for(globals()[data], DEC_7)
    assert "certify through the 2028 Pathways" in _step(plan, "take_step3")
    assert "If you certify through the 2028 Pathways to sit Step 3 (see the Step 3 step), ask ECFMG whether you still " \
           "need the 2029 Pathways to take part in the 2029 Match." in _step(plan, "ecfmg_certification")
    # a J-1 client of 2029 does not certify early for Step 3
    j1 = plan_for({**P26, "citizenship": "IN"}, DEC_7)
    assert "still need the 2029 Pathways" not in plain_text(plan_view.as_text(KB, j1))


def test_s6b_6_a_client_with_no_radiology_list_reads_signals_without_radiology_interview_figures():
    # round-12 nice-to-have 6: p16 and p24 (no radiology list) opened the Signals page "in radiology they decide
    # interviews: … 59.8% …"
    p16 = answers(citizenship="IN", visa="no_visa_needed", step2_ck_score=244, graduation_year=2018, match_year=2029,
                  step3="not_planned", must_match_this_cycle=True)
    for data in (p16, P24):
        plan = plan_for(data, JUN_15)
        assert not plan.applies_to_radiology
        signals = plain_text(plan_view.section_text(KB, plan, "signals"))
        assert "59.8%" not in signals and "in radiology they decide interviews" not in signals
        assert "Signals tell a program it is among your top choices; programs use them when they choose whom to " \
               "interview." in signals
    radiology = plain_text(plan_view.section_text(KB, plan_for(P01, JUN_15), "signals"))
    assert "59.8%" in radiology


def test_s6b_8_the_step3_step_says_where_its_dates_come_from_on_a_line_of_its_own():
    # round-12 nice-to-have 8: p14, p24 and p27 read "Dates estimated from past seasons (…). Many H-1B programs want
    # Step 3 passed before they rank you." on one line: two subjects
    text = plain_text(plan_view.as_text(KB, plan_for(P24, DEC_7)))
    line = next(x for x in text.splitlines() if x.strip().startswith("Dates estimated from past seasons"))
    assert line.strip().endswith("(the 2026 Pathways opened on 19 August 2025 and the 2025 Pathways closed on 31 May "
                                 "2025).")
    assert any(x.strip().startswith("Many H-1B programs want Step 3 passed before they rank you.")
               for x in text.splitlines())


# ---------------------------------------------------------------- session 6c: round-13 review (advisor round 13)

@pytest.mark.parametrize("match_year", [2028, 2029, 2030])
def test_s6c_1_an_h1b_only_client_without_step2_is_given_a_day_that_leaves_time_to_sit_step3_itself(match_year):
    # round-13 must-fix 1: p26 (Nigeria, H-1B only, no Step 2 CK, 2029 Match) read "Sit Step 2 CK by Wed 31 May 2028
    # (estimated) at the latest", a chain of 4 weeks for the CK score, 4 for certification, 2 for the Step 3 permit and
    # 4 for the Step 3 score: the Step 3 score runs from the exam, not the permit, so a client who kept to that day
    # could not have Step 3 passed by 6 Sep. Every plan that counts back from submission through Step 3 now leaves
    # about four weeks (an estimate) to book a seat, travel to the US and sit the two-day exam: 126 days in all
    data = {**P26, "match_year": match_year, "graduation_year": match_year - 5}
    today = date(match_year - 2, 12, 7)
    plan = plan_for(data, today)
    step = _step(plan, "take_step2_ck")
    submit = KB.calendar.date_of("submit", match_year)[0]
    by = submit - timedelta(days=28 + 28 + 14 + 28 + 28)
    assert step.startswith(f"Sit Step 2 CK by {day_text(by, 'estimated')} at the latest: "), step
    assert "then Step 3 sat and passed before applications go in" in step
    assert "two for the Step 3 permit, about four to book a test-centre seat, travel to the US and sit the two-day " \
           "exam (our estimate), and four for the Step 3 score" in step
    assert f"Sit Step 2 CK by {day_text(by, 'estimated')}" in plan_view.overview(KB, plan).text
    assert _first_screen_words(plan) <= 150
    if match_year == 2029:  # the advisor's day
        assert by == date(2028, 5, 3) and "Wed 3 May 2028" in step


@pytest.mark.parametrize("data,today", [(P02, DEC_7), (P02, JUN_15), (P02, date(2027, 2, 20)), (P13, DEC_7),
                                        (P26, DEC_7), (P04, DEC_7), (P03, DEC_7), (IRAN_H1B, DEC_7),
                                        (IRAN_H1B, date(2026, 9, 10))])
def test_s6c_2_every_mention_of_a_suspensions_exception_day_says_the_visa_must_still_be_valid(data, today):
    # round-13 nice-to-have 2: p02, p13 and p26 said "and still is" in the exception step only; step 3, the Strategy
    # and "Still possible" said "hold a visa that was valid on 1 January 2026" and "Exceptions exist for visas valid
    # on 1 January 2026" (p03, p05: "… 9 June 2025"; p04: "its exceptions are visas valid on 1 January 2026"), so a
    # client whose visa has since expired or been revoked could read himself as covered
    said = plain_text(plan_view.as_text(KB, plan_for(data, today)))
    named = re.findall(r"valid on (?:1 January 2026|9 June 2025)(.{0,16})", said)
    assert named, said[:300]
    assert all(rest.startswith((" and still is", " and still are")) for rest in named), named


def test_s6c_3_an_h1b_only_client_without_step2_is_told_to_have_his_pathway_and_oet_in_before_he_sits_it():
    # round-13 nice-to-have 1: p26's step 2 counted four weeks for certification after the Step 2 CK score, which
    # holds only if ECFMG already has his Pathway and OET result; nothing said so, and the Pathway step comes later
    step = _step(plan_for(P26, DEC_7), "take_step2_ck")
    assert "Apply to the 2028 Pathways and have your OET result in before you sit Step 2 CK: the Pathways close by " \
           "Wed 31 May 2028 (estimated), and certification follows the score only if they are done." in step
    # once the day to sit has passed, the chain is not said, nor its condition
    assert "have your OET result in" not in _step(plan_for(P26, date(2028, 5, 5)), "take_step2_ck")


def test_s6c_4_a_blocked_j1_client_ranking_h1b_programs_on_their_word_is_told_by_when_step3_must_be_passed():
    # round-13 nice-to-have 4: p02 @2027-02-20 (Nigeria, J visas suspended, Step 3 not passed) read in the rank-list
    # step "or with their written word to wait for it if you can reach the US to sit it", with no date, while the
    # Strategy says "by about April, our estimate"; the first screen keeps the short form (its sentence)
    plan = plan_for(P02, date(2027, 2, 20))
    step = _step(plan, "rank_list")
    assert "if you can reach the US to sit it. For their petition, that means passing it by about April (our " \
           "estimate; ask the program)." in step
    screen = plan_view.overview(KB, plan).text
    assert "about April" not in screen and _first_screen_words(plan) <= 150


@pytest.mark.parametrize("data", [IRAN_H1B, P03])
def test_s6c_5_an_iranian_reads_the_registration_condition_and_the_in_us_case_apart_on_a_roomier_screen(data):
    # round-13 nice-to-have 3: p05 on 7 Dec read, at exactly 150 words, "➡️ Register for the 2027 Match with NRMP if you
    # have not yet and one of the exceptions under Visa gives you a route (a second nationality, …, or a
    # national-interest exception, and if you are already in the US, ask an immigration attorney first, since USCIS
    # …)": the in-US case ran on inside the list of exceptions
    # (p03's screen leads with its Pathway; its registration step reads the same)
    plan = plan_for(data, DEC_7)
    step = _step(plan, "nrmp_registration")
    assert step.startswith("If you have not yet, register for the 2027 Match with NRMP once an exception under Visa "
                           "gives you a route (a second nationality, a US visa that was valid on 9 June 2025 and still "
                           "is, or a national-interest exception), and if you are already in the US, ask an immigration "
                           "attorney first, since USCIS holds changes of status for nationals of Iran. Registration is "
                           "separate from ERAS"), step
    assert "exception, and if you are" not in step
    if data is IRAN_H1B:
        line = next(line for line in plan_view.overview(KB, plan).text.splitlines() if line.startswith("➡️"))
        assert line.startswith("➡️ If you have not yet, register for the 2027 Match with NRMP once an exception") \
            and "nationals of Iran. <i>(step" in line, line
        assert _first_screen_words(plan) < 150
