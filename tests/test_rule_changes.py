"""Rule changes, compared (CONTRACTS §9): which rules changed, which a plan rests on, what a user is told.

Pure: two copies of the knowledge base, one edited as an operator would edit facts.yaml.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs.rule_notices import marked, notice_reply
from knowledge.advisor import build_plan
from knowledge.answers import validate_answers
from knowledge.base import load_knowledge
from knowledge.changes import (Change, Comparer, Material, Notice, RuleDiff, compare, diff_rules, load_notice_words,
                               material, read_rules, rule_line, version_of)
from knowledge.loader import DATA_DIR
from tests.examples import answers
from tests.fakebot import check_html
from tests.knowledge_edits import edit, knowledge_copy, lift_suspension, set_suspension, suspension_list
from tests.props import tries

TODAY = date(2026, 12, 6)
KB = load_knowledge()
WORDS = load_notice_words(DATA_DIR)
PROFILES = st.fixed_dictionaries({
    "step2_ck_score": st.one_of(st.none(), st.integers(200, 270)),
    "usmle_failures": st.integers(0, 3),
    "graduation_year": st.integers(2014, 2026),
    "match_year": st.integers(2026, 2029),
    "us_clinical_experience": st.sampled_from(["none", "observership", "hands_on"]),
    "radiology_experience": st.sampled_from(["none", "observership", "hands_on"]),
    "research": st.sampled_from(["none", "non_radiology", "radiology"]),
    "visa": st.sampled_from(["no_visa_needed", "j1_ok", "h1b_only"]),
    "step3": st.sampled_from(["passed", "planned", "not_planned"]),
    "english": st.sampled_from(["strong", "average", "weak"]),
    "must_match_this_cycle": st.booleans(),
    "citizenship": st.sampled_from([None, "IN", "NG", "IR", "EG", "PK", "VE"]),
})
DAYS = st.dates(date(2026, 1, 1), date(2027, 9, 1))


def profile(raw: dict) -> object:
    data = answers(**raw)
    if data["graduation_year"] >= data["match_year"]:
        data["graduation_year"] = data["match_year"] - 1
    levels = ["none", "observership", "hands_on"]
    if levels.index(data["radiology_experience"]) > levels.index(data["us_clinical_experience"]):
        data["radiology_experience"] = data["us_clinical_experience"]
    return validate_answers(data)


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The shipped rules (``before``) and edited copies."""
    root = tmp_path_factory.mktemp("rules")
    before = knowledge_copy(root / "before")
    lifted = knowledge_copy(root / "lifted")
    lift_suspension(lifted, "NG")
    reworded = knowledge_copy(root / "reworded")  # an edit of words only: no figure moves
    edit(reworded, 'checked: "2026-11"\n    value:\n      effective: 2026-01-01',
         'checked: "2027-01"\n    value:\n      effective: 2026-01-01')
    edit(reworded, "for nationals of 19 countries and", "for nationals of 19 countries (Nigeria and Senegal among them) and")
    edit(reworded, "# Dated facts.", "# Dated facts (re-checked in January).")
    dearer = knowledge_copy(root / "dearer")  # ERAS: $30 -> $45 a program after the first 30
    edit(dearer, "value: {first_programs: 30, first_usd: 11, then_usd: 30,",
         "value: {first_programs: 30, first_usd: 11, then_usd: 45,")
    bit_dearer = knowledge_copy(root / "bit_dearer")  # $30 -> $31: under 10 % on any list
    edit(bit_dearer, "value: {first_programs: 30, first_usd: 11, then_usd: 30,",
         "value: {first_programs: 30, first_usd: 11, then_usd: 31,")
    both = knowledge_copy(root / "both")
    lift_suspension(both, "NG")
    edit(both, "value: {first_programs: 30, first_usd: 11, then_usd: 30,",
         "value: {first_programs: 30, first_usd: 11, then_usd: 45,")
    neuro = knowledge_copy(root / "neuro")  # more neurology signals
    edit(neuro, "      neurology: {total: 8}", "      neurology: {total: 10}")
    return {"before": before, "lifted": lifted, "reworded": reworded, "dearer": dearer, "bit_dearer": bit_dearer,
            "both": both, "neuro": neuro}


@functools.cache
def rules_between(new_dir: Path, old_dir: Path) -> tuple[RuleDiff, str]:
    """The rule diff and version of two folders, read once (the property tests compare them for many
    profiles and days; the folders do not change once the fixture made them)."""
    new = load_knowledge(new_dir)
    return diff_rules(new, new_dir, old_dir), version_of(read_rules(new_dir))


def comparer(new_dir: Path, old_dir: Path, today: date = TODAY) -> Comparer:
    return Comparer(*rules_between(new_dir, old_dir), today, WORDS)


# --------------------------------------------------------------------------- nothing material, nothing said

@settings(max_examples=tries(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROFILES, DAYS)
def test_same_plan_compared_with_itself_changes_nothing(raw, today):
    plan = material(build_plan(profile(raw), KB, today).to_json())
    assert compare(plan, plan) == ()


def test_an_edit_of_words_only_is_no_rule_change(folders):
    same = comparer(folders["before"], folders["before"])
    words_only = comparer(folders["reworded"], folders["before"])
    assert same.diff.changes == () and words_only.diff.changes == ()
    assert version_of(read_rules(folders["reworded"])) != version_of(read_rules(folders["before"]))


@settings(max_examples=tries(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROFILES, DAYS)
def test_no_material_change_tells_no_one(folders, raw, today):
    """The same knowledge, an edit of words, or fees moving by less than 10 %: nobody is told."""
    a = profile(raw)
    for name in ("before", "reworded", "bit_dearer"):
        assert comparer(folders[name], folders["before"], today).notice(a) is None, name


def test_costs_are_told_only_beyond_ten_percent():
    base = Material("moderate", "open", {"internal_medicine": (40, 80)}, {}, ("letters",),
                    {"eras_usd": 2000, "nrmp_usd": 75})
    assert compare(base, replace(base, costs={"eras_usd": 2200, "nrmp_usd": 75})) == ()  # exactly 10 %
    [up] = compare(base, replace(base, costs={"eras_usd": 2201, "nrmp_usd": 75}))
    assert up == Change("costs", "hurts", {"eras_usd": 2000}, {"eras_usd": 2201})
    [down] = compare(base, replace(base, costs={"eras_usd": 1700, "nrmp_usd": 75}))
    assert down.effect == "helps"


def test_the_plans_json_form_is_read_whatever_keys_are_added():
    """Keys the advice adds later (costs.items, programs_available[].sponsoring) do not break the comparison;
    a new fee item counts like the others."""
    plan = build_plan(profile({}), KB, TODAY).to_json()
    plan["costs"]["items"] = [{"id": "ecfmg_token", "usd": 150, "as_of": "2026", "source": "ECFMG"}]
    plan["programs_available"]["internal_medicine"]["sponsoring"] = {"route": "h1b", "count": 160}
    plan["something_new"] = {"x": 1}
    seen = material(plan)
    assert seen.costs == {"ecfmg_token": 150}
    dearer = {**plan, "costs": {**plan["costs"], "items": [{"id": "ecfmg_token", "usd": 200}]}}
    [change] = compare(seen, material(dearer))
    assert change.kind == "costs" and change.after == {"ecfmg_token": 200}


# --------------------------------------------------------------------------- who is told what

def test_the_changed_fact_is_found_with_what_changed_in_it(folders):
    diff = comparer(folders["lifted"], folders["before"]).diff
    [change] = diff.changes
    assert change.key == "fact:j-visa-suspension" and change.role == "j_visa_suspension"
    removed = [v for v in change.values if v.removed]
    assert [v.removed for v in removed] == [("NG",)]


@settings(max_examples=tries(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROFILES, DAYS)
def test_lifting_a_suspension_tells_exactly_its_nationals_who_need_a_visa(folders, raw, today):
    a = profile(raw)
    notice = comparer(folders["lifted"], folders["before"], today).notice(a)
    # Only Nigerians are told, and every Nigerian who can train on a J-1 is. The same proclamation suspends
    # visitor visas, so it can also move an H-1B-only Nigerian who still has Step 3 to sit in the US (a
    # route blocked for want of a visa to sit it becomes narrow): told or not, by their plan. One with
    # Step 3 passed never needed a US visit, so nothing changes for them.
    if a.citizenship != "NG" or (a.visa == "h1b_only" and a.step3 == "passed") or a.visa == "no_visa_needed":
        assert notice is None
    elif a.visa == "j1_ok":
        assert notice is not None
    if notice:
        assert notice.because == ("fact:j-visa-suspension",)
        assert "Nigeria is no longer among the nationalities whose J visas are suspended" in notice.rules[0]
        # longer lists may cost more, but the outlook and the tier never get worse
        assert all(c.effect != "hurts" for c in notice.changes if c.kind in ("tier", "visa_outlook"))


def test_a_change_that_helps_and_one_that_hurts_are_both_told_in_plain_words(folders):
    nigerian = profile({"citizenship": "NG", "visa": "j1_ok"})
    helps = comparer(folders["lifted"], folders["before"]).notice(nigerian)
    hurts = comparer(folders["before"], folders["lifted"]).notice(nigerian)  # the suspension put back
    assert helps is not None and hurts is not None
    visa_helps = next(c for c in helps.changes if c.kind == "visa_outlook")
    visa_hurts = next(c for c in hurts.changes if c.kind == "visa_outlook")
    assert (visa_helps.before, visa_helps.after, visa_helps.effect) == ("blocked", "open", "helps")
    assert (visa_hurts.before, visa_hurts.after, visa_hurts.effect) == ("open", "blocked", "hurts")
    good = check_html(notice_reply(KB, WORDS, helps).text)
    bad = check_html(notice_reply(KB, WORDS, hurts).text)
    assert "Good news" in good and "Visa outlook: blocked → open (better for you)" in good
    assert "Visa outlook: open → blocked (harder for you)" in bad and "Good news" not in bad
    assert "Nigeria is no longer among" in good and "Nigeria is now among" in bad
    # the rule's source and date, and what to do now
    assert "check the current rule, last confirmed" in good and "What to do now" in good
    assert "no longer needed: ask whether a visa exception applies to you" in good


def test_each_user_hears_only_the_rules_their_plan_rests_on(folders):
    """Two facts change at once: the Nigerian J-1 applicant hears both, an Indian applicant only the fee."""
    compare_both = comparer(folders["both"], folders["before"])
    nigerian = compare_both.notice(profile({"citizenship": "NG", "visa": "j1_ok"}))
    indian = compare_both.notice(profile({"citizenship": "IN", "visa": "j1_ok"}))
    assert nigerian is not None and indian is not None
    assert set(nigerian.because) == {"fact:j-visa-suspension", "fact:eras-fees"}
    assert indian.because == ("fact:eras-fees",)
    assert [c.kind for c in indian.changes] == ["costs"] and indian.changes[0].effect == "hurts"
    assert "ERAS fees: fee per program after that $30 → $45" in indian.rules[0]
    assert not any("Nigeria" in r for r in indian.rules)


def test_signals_changed_for_a_specialty_the_user_does_not_apply_to_are_not_told(folders):
    compare_neuro = comparer(folders["neuro"], folders["before"])
    for raw in ({}, {"neuro_interest": True, "patient_contact": "avoid", "pattern_recognition": "enjoy"}):
        a = profile(raw)
        applies = "neurology" in build_plan(a, KB, TODAY).applications
        notice = compare_neuro.notice(a)
        assert (notice is not None) == applies
        if notice:
            assert notice.changes[0].kind == "signals" and notice.changes[0].effect == "helps"


def test_an_unrelated_later_edit_tells_no_one_again(folders, tmp_path):
    """Told once about the suspension; a second edit (ERAS fee by $1) is compared from there: nothing new."""
    nigerian = profile({"citizenship": "NG", "visa": "j1_ok"})
    assert comparer(folders["lifted"], folders["before"]).notice(nigerian) is not None
    later = knowledge_copy(tmp_path / "later")
    lift_suspension(later, "NG")
    edit(later, "then_usd: 30,", "then_usd: 31,")
    assert comparer(later, folders["lifted"]).notice(nigerian) is None


def test_a_notice_keeps_its_words_and_reads_back(folders):
    notice = comparer(folders["lifted"], folders["before"]).notice(profile({"citizenship": "NG", "visa": "j1_ok"}))
    assert notice is not None
    assert Notice.from_json(notice.to_json()) == notice
    # the tier read on the H-1B route (moderate) becomes the record's (higher-likelihood) once the J-1 opens; the
    # fees move by under a tenth (the H-1B route's lists were sized for the moderate tier)
    assert marked(WORDS, notice) == "changed on 6 Dec: risk tier, visa outlook, programs to apply to, next steps"


def test_the_old_rules_are_read_even_when_this_release_reads_their_season_differently(folders, tmp_path):
    """An earlier release's season.yaml that this one cannot read: the comparison falls back to today's
    season.yaml over the earlier facts, so a fact's figures are still compared."""
    old = knowledge_copy(tmp_path / "old")
    edit(old, "signals: signals-2025", "signal_allotments: signals-2025", file="season.yaml")
    new = folders["lifted"]
    diff = diff_rules(load_knowledge(new), new, old)
    assert [c.key for c in diff.changes] == ["fact:j-visa-suspension"]
    assert suspension_list(old) != suspension_list(new)
    set_suspension(old, suspension_list(new))
    assert diff_rules(load_knowledge(new), new, old).changes == ()


def test_a_count_of_programs_is_named_with_its_specialty(folders, tmp_path):
    """Fewer internal medicine programs (758 -> 300): a cap on the lists for users who apply to more."""
    fewer = knowledge_copy(tmp_path / "fewer")
    edit(fewer, "value: {specialty: internal_medicine, count: 758}", "value: {specialty: internal_medicine, count: 300}")
    [change] = comparer(fewer, folders["before"]).diff.changes
    assert (change.role, change.subject) == ("program_counts", "internal_medicine")
    assert rule_line(KB, WORDS, change, None).startswith("Programs that exist (internal medicine): programs 758 → 300")
