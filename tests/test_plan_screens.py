"""The plan's first screen as a newcomer reads it (session 5): one idea. Who they are for radiology this season,
what matters now, the top backup, and a button to each of the rest, each its own screen with « Back; nothing an
advisor needs leaves the plan (the CLI text says every part)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs import plan_first, plan_view
from dialogs.reply import esc, plain
from knowledge.advisor import build_plan
from knowledge.answers import validate_answers
from knowledge.base import load_knowledge
from knowledge.steps import BRANCHES
from tests.examples import answers
from tests.props import tries
from tests.test_assessment import WALK, walk

KB = load_knowledge()

# A newcomer who skipped the nationality question (as p25 of the advisor's reviews): J-1 acceptable, 244, four years
# out, research outside radiology, must match.
SKIPPED = [("type", "244"), ("type", "0"), ("type", "2022"), ("tap", "2027 Match"), ("tap", "Observership"),
           ("tap", "None"), ("tap", "not in radiology"), ("tap", "J-1"), ("tap", "Prefer not to say"), ("tap", "Not planned"),
           ("tap", "Strong"), ("tap", "Neutral"), ("tap", "I enjoy it"), ("tap", "I enjoy them"),
           ("tap", "No"), ("tap", "Yes"), ("tap", "Yes")]


def first_screen_words(text: str) -> int:
    return plan_first.words(text, KB)


async def test_a_newcomer_reads_one_short_first_screen_and_opens_each_part_in_place(harness):
    ana = harness.chat()
    await walk(ana, SKIPPED)
    await ana.press("Confirm")
    top = next(m for m in reversed(ana.messages) if "Your plan" in m["text"])
    text = top["text"]
    # who they are this season: the tier in a line and the reason that weighs most, one tap from the rest
    assert "Your plan — Moderate risk" in text and "Why: No high-risk factor" in text
    assert "more under “Why this tier”" in text
    # what matters now: the nationality the visa rules depend on, and the Pathway deadline weeks away (29 Nov)
    assert "Nationality not given; visa suspensions depend on it" in text
    assert "If your Pathway application is not in, submit it this week." in text
    assert "Top backup: Internal medicine" in text
    # one idea: no strategy, lists, fees or step list on it (each is one tap away), and short
    assert "Strategy:" not in text and "Apply to" not in text and "$" not in text
    assert first_screen_words(text) <= plan_first.WORDS, first_screen_words(text)
    labels = [label for label, _ in top["buttons"]]
    assert labels[:3] == [labels[0], "Strategy", "Why this tier"] and labels[0].startswith("➡️ What to do now (")
    for label in ("Backups ranked", "Programs and costs", "Visa", "Signals", "Letters, statements, CV",
                  "Choosing programs", "📄 The plan as a PDF"):
        assert label in labels
    assert all(len(data.encode()) <= 64 for _, data in top["buttons"])
    on_screen = len(ana.screen)
    # the Strategy: its own screen, in place of the overview, with the way back
    await ana.press("Strategy", top)
    assert ana.screen[-1]["message_id"] == top["message_id"] and len(ana.screen) == on_screen
    strategy = harness.fake.screen[top["message_id"]]
    assert strategy["html"].startswith("<b>Strategy</b>\nRadiology is aspirational and internal medicine the main goal")
    assert "Lists sized for the 2027 Match" in strategy["text"]
    assert [label for label, _ in strategy["buttons"]] == ["« Back to my plan"]
    await ana.press("« Back to my plan", strategy)
    assert harness.fake.screen[top["message_id"]]["text"] == text
    # Visa: the nationality line, in its own screen; the steps: the Pathway first, with its deadline
    await ana.press("Visa", top)
    assert "<b>Nationality:</b> not given; visa suspensions depend on it" in harness.fake.screen[top["message_id"]]["html"]
    await ana.press("« Back to my plan", top)
    await ana.press("What to do now", top)
    steps = harness.fake.screen[top["message_id"]]["text"]
    assert "1. To take part in the 2027 Match" in steps and "submit it this week" in steps
    await ana.press("« Back to my plan", top)
    # the reason said on the first screen in part is listed whole under "Why this tier", with the others
    await ana.press("Why this tier", top)
    why = harness.fake.screen[top["message_id"]]["text"]
    assert "Step 2 CK 244 (higher needs 245+)" in why and "4 years since graduation" in why
    assert len(ana.screen) == on_screen  # every screen replaced the one before: one message


async def test_old_and_forged_plan_buttons_still_answer(harness):
    ana = harness.chat()
    await walk(ana, WALK)
    await ana.press("Confirm")
    overview = next(m for m in reversed(ana.messages) if "Your plan" in m["text"])
    # a key no plan has (forged, or a section a later release dropped): the first screen, answered
    await ana.tap("plan:nonsense", overview["message_id"])
    assert "Your plan" in harness.fake.screen[overview["message_id"]]["text"]
    # a page past a section's end (an old "Next ›"): its last page
    await ana.tap("plan:strategy:9", overview["message_id"])
    assert harness.fake.screen[overview["message_id"]]["html"].startswith("<b>Strategy")
    # after /delete, an old Strategy button says there is no plan, and offers the assessment
    await ana.send("/delete")
    await ana.press("Yes")
    await ana.tap("plan:strategy", overview["message_id"])
    assert "You have no plan yet" in ana.text


PROFILE = st.fixed_dictionaries({
    "step2_ck_score": st.one_of(st.none(), st.integers(200, 270)),
    "usmle_failures": st.integers(0, 3),
    "years_out": st.integers(1, 14),
    "match_year": st.sampled_from([2027, 2028, 2029]),
    "us_clinical_experience": st.sampled_from(["none", "observership", "hands_on"]),
    "research": st.sampled_from(["none", "non_radiology", "radiology"]),
    "visa": st.sampled_from(["no_visa_needed", "j1_ok", "h1b_only"]),
    "step3": st.sampled_from(["passed", "planned", "not_planned"]),
    "english": st.sampled_from(["strong", "average", "weak"]),
    "patient_contact": st.sampled_from(["enjoy", "neutral", "avoid"]),
    "must_match_this_cycle": st.booleans(),
    "citizenship": st.sampled_from([None, "IN", "PK", "NG", "IR", "EG", "PH", "VE", "TM"]),
})
DAYS = st.dates(date(2026, 1, 1), date(2028, 9, 1))


def required_warnings(plan) -> list[str]:
    """What the advisor's reviews require on the first screen, as it must appear there (HTML)."""
    out = []
    if plan.retarget:  # this Match out of reach, said in words (round 8 and 9, p09)
        out.append(esc(plan.strategy[-1]))
    if plan.visa_outlook.status != "open":  # the visa outlook (round 8, p04's USCIS hold)
        out.append("Visa outlook")
        if "uscis_hold" in plan.visa_outlook.keys and plan.visa_outlook.status == "narrow" and not plan.j1_choice:
            out.append("USCIS has held decisions")
    if plan.answers.visa != "no_visa_needed" and not plan.route.country:  # p25: not buried
        out.append(esc(KB.texts["visa_outlook"]["no_nationality"]))
    for key, text in zip(plan.deal_breakers, plan_view.deal_breaker_texts(KB, plan)):
        if key in plan.fixable:  # what to do about the tier, and by when
            out.append(esc(text))
    numbered = [s for s in plan.next_steps if s.id not in BRANCHES]
    due = KB.calendar.date_of("ecfmg_pathway", plan.answers.match_year)[0]
    if numbered and numbered[0].id == "ecfmg_pathway" and plan.today < due <= plan.today + plan_first.SOON:
        out.append("submit it this week")  # the Pathway deadline in December
    condition = plan_first.apply_condition(KB, plan, short=True)
    if condition:  # round 10: a blocked or Step-3-bound route's condition on applying at all (p02, p05, p13)
        out.append(condition[:-1])
    review = KB.calendar.date_of("review", plan.answers.match_year)[0]
    if plan.answers.step2_ck_score is None and not plan.retarget and plan.today < review:
        # round 10, must-fix 2 (p09 in June): the last day to sit Step 2 CK, at least its first clause
        step = next(s for s in numbered if s.id == "take_step2_ck")
        out.append(esc(plan_first.head(plan_first.SENTENCE_END.split(step.text)[0], 0)[:-1]))
    return out


@settings(max_examples=tries(250), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROFILE, DAYS)
def test_every_first_screen_holds_150_words_and_keeps_the_required_warnings(profile, today):
    years_out = profile.pop("years_out")
    data = answers(**profile, graduation_year=profile["match_year"] - years_out, radiology_experience="none")
    plan = build_plan(validate_answers(data), KB, today)
    reply = plan_view.overview(KB, plan)
    assert first_screen_words(reply.text) <= plan_first.WORDS, plain(reply.text)
    assert len(reply.text) <= 4096 and all(len(b.data.encode()) <= 64 for row in reply.buttons for b in row)
    for warning in required_warnings(plan):
        assert warning in reply.text, (warning, plain(reply.text))
    # something to do, on every first screen (round 10: ten reads had none): a deadline or the plan's first step, the
    # condition on applying, a deal-breaker to fix, or the Match to aim at instead
    assert any(line.startswith(("⏰", "➡️", "🚦", "🛠", "🎯")) for line in reply.text.split("\n")), plain(reply.text)
    # a "Why" line that leaves reasons out says how many (round 11: p04's one reason read as the only one)
    _, more = plan_view.first_reason(plan)
    why = [line for line in plain(reply.text).split("\n") if line.startswith("Why:")]
    assert not (more and why) or f"and {more} more under" in why[0] or f"{more + 1} reasons under" in why[0], why
    # nothing leaves the plan: what the first screen no longer says is in the whole text (the CLI's), once
    whole = plan_view.as_text(KB, plan)
    for line in plan.strategy:
        assert plain(esc(line)) in whole, line
    for reason in plan.tier_reasons:  # each whole, or said by the "what would change it" line that names it
        assert reason in whole or any(c in reason or reason in c for c in plan.tier_changers), reason
    for changer in plan.tier_changers:
        assert changer in whole, changer
    for breaker in plan_view.deal_breaker_texts(KB, plan):
        assert " ".join(breaker.split()) in " ".join(whole.split()), breaker
    assert plain(plan_view.lists_line(KB, plan)) in whole
    # every screen of every section is short enough for Telegram and names its way back
    for key, _ in plan_view.SECTIONS:
        for page in range(len(plan_view.section_pages(KB, plan, key))):
            screen = plan_view.section(KB, plan, key, page)
            assert len(screen.text) <= 4096 and screen.buttons[-1][0].label == "« Back to my plan"


def test_the_first_screen_of_every_review_client_on_7_december_is_short_and_says_what_their_review_asked():
    # the advisor's must-fixes (rounds 8 and 9): p06's 346-word first screen; p09's closed 2027 Match; p25's missing
    # nationality at line 128 of 139; the Pathway deadline in December; p04's USCIS hold
    dec7 = date(2026, 12, 7)
    p06 = answers(citizenship="PK", visa="h1b_only", step3="planned", step2_ck_score=236, graduation_year=2020,
                  us_clinical_experience="observership", radiology_experience="none", research="non_radiology",
                  must_match_this_cycle=True)
    top = plan_view.overview(KB, build_plan(validate_answers(p06), KB, dec7)).text
    assert first_screen_words(top) <= 150 and "whether to accept the J-1 instead is your choice (see Strategy)" in top
    p09 = answers(step2_ck_score=None, research="non_radiology", must_match_this_cycle=True)
    top = plan_view.overview(KB, build_plan(validate_answers(p09), KB, dec7)).text
    assert "so this Match is out of reach; the 2028 Match is your realistic target" in top
    p25 = answers(citizenship=None, step2_ck_score=244, graduation_year=2022, must_match_this_cycle=True)
    top = plan_view.overview(KB, build_plan(validate_answers(p25), KB, dec7)).text
    assert "Nationality not given" in top and "submit it this week" in top
    p04 = answers(citizenship="NG", visa="h1b_only", step3="passed", graduation_year=2021, research="non_radiology",
                  must_match_this_cycle=True)
    top = plan_view.overview(KB, build_plan(validate_answers(p04), KB, dec7)).text
    assert "USCIS has held decisions on H-1B petitions for nationals of Nigeria" in top
    assert "$100,000" in top  # pointed to, under "Visa"
    # p10 (no US clinical experience, 2028 Match): a deal-breaker there is still time to fix, and until when
    p10 = answers(step2_ck_score=None, us_clinical_experience="none", radiology_experience="none", match_year=2028,
                  graduation_year=2025, research="non_radiology")
    top = plan_view.overview(KB, build_plan(validate_answers(p10), KB, dec7)).text
    assert "🛠 No US clinical experience" in top and "You can still fix this before applications may go in" in top
    # p26 (blocked, no Step 2 CK yet): "provisional" inside the record's bracket, not a second bracket (round 9)
    p26 = answers(citizenship="NG", step2_ck_score=None, us_clinical_experience="none", radiology_experience="none",
                  match_year=2029, graduation_year=2025)
    top = plan_view.overview(KB, build_plan(validate_answers(p26), KB, dec7)).text.splitlines()[0]
    assert "(your record, provisional: High risk)" in top and top.count("(") == 1, top


def test_a_client_whose_visa_route_is_blocked_reads_on_the_first_screen_in_february_that_a_match_binds():
    # p02 (Nigerian, J-1 answer, J visas suspended) on 20 Feb: the rank-list step is on the first screen; "only
    # programs you would attend" alone let them rank J-1 programs no visa lets them start
    feb20 = date(2027, 2, 20)
    p02 = answers(citizenship="NG", visa="j1_ok", step2_ck_score=244, must_match_this_cycle=True)
    plan = build_plan(validate_answers(p02), KB, feb20)
    assert plan.visa_outlook.status == "blocked"
    top = plain(plan_view.overview(KB, plan).text)
    assert "Certify your rank list" in top and "that can start you on a visa" in top
    # the condition said for this route (round-11 nice-to-have 1, issue 22); why, in the step's next sentence
    assert "no J-1-only program, and H-1B ones only with Step 3 passed" in top
    assert "A match binds you even if no visa then lets you start." in plan.next_steps[4].text
    assert first_screen_words(plan_view.overview(KB, plan).text) <= plan_first.WORDS
    # in interview season the plan for the rank list says it too; an open route is not told so
    december = plan_view.as_text(KB, build_plan(validate_answers(p02), KB, date(2026, 12, 7)))
    assert "rank no J-1-only program while J visas are suspended for nationals of Nigeria" in december
    open_route = answers(citizenship="IN", visa="j1_ok", step2_ck_score=244, must_match_this_cycle=True)
    for day in (feb20, date(2026, 12, 7)):
        whole = plan_view.as_text(KB, build_plan(validate_answers(open_route), KB, day))
        assert "even if no visa then lets you start" not in whole


# Session 5b (advisor round 10): the short first screen lost what to do. The review clients, as in /work/review/answers.
P01 = answers(step2_ck_score=252, graduation_year=2024, us_clinical_experience="hands_on", research="radiology",
              must_match_this_cycle=True)
P15 = answers(citizenship="PH", step2_ck_score=225, usmle_failures=2, graduation_year=2016, radiology_experience="none",
              us_clinical_experience="none", research="none", english="average", academic_environment="neutral",
              must_match_this_cycle=True)
P02 = answers(citizenship="NG", step2_ck_score=244, graduation_year=2022, radiology_experience="hands_on",
              research="non_radiology", academic_environment="neutral", must_match_this_cycle=True)
P13 = P02 | {"step2_ck_score": 252, "graduation_year": 2024, "match_year": 2028, "radiology_experience": "observership",
             "research": "radiology"}
P05 = P02 | {"citizenship": "IR", "step2_ck_score": 252, "visa": "h1b_only", "step3": "passed",
             "radiology_experience": "observership"}
P06 = answers(citizenship="PK", visa="h1b_only", step3="planned", step2_ck_score=236, graduation_year=2020,
              us_clinical_experience="observership", radiology_experience="none", research="non_radiology",
              must_match_this_cycle=True)
P09 = answers(step2_ck_score=None, research="non_radiology", must_match_this_cycle=True)


def now_lines(data: dict, today: date) -> list[str]:
    """The lines under "What matters now" of a client's first screen on a day (plain text), and it is short."""
    text = plan_view.overview(KB, build_plan(validate_answers(data), KB, today)).text
    assert first_screen_words(text) <= plan_first.WORDS, plain(text)
    lines = plain(text).split("\n")
    assert "What matters now" in lines, plain(text)
    return lines[lines.index("What matters now") + 1:lines.index(next(l for l in lines if l.startswith("Top backup")))]


def test_thirteen_days_before_review_day_the_first_screen_says_to_be_complete_and_submitted_by_then():
    # p01 and p15 on 10 Sep 2026: programs start reviewing on 23 Sep; their first screen had no "What matters now"
    # (the rule took 'submit early' as due on the day applications may first go in, 2 Sep, already past)
    for client in (P01, P15):
        now = now_lines(client, date(2026, 9, 10))
        assert any(line.startswith("⏰ Submit once everything is complete, before programs start reviewing on Wed 23 "
                                   "Sep 2026 (estimated).") for line in now), now
    # after review day the step is no deadline of the first screen's
    assert not any("before programs start reviewing" in line for line in now_lines(P01, date(2026, 9, 24)))


def test_a_client_with_no_deadline_near_reads_the_plans_first_step_and_after_the_match_what_each_outcome_asks():
    # p16 (10 years out) and p20 (7 years out) aim at the 2029 Match: the plan's most valuable advice, its step 1, was
    # one tap away behind an empty "What matters now"
    p16 = answers(step2_ck_score=244, graduation_year=2018, match_year=2029, us_clinical_experience="hands_on",
                  research="non_radiology", visa="no_visa_needed", must_match_this_cycle=True)
    p20 = p16 | {"citizenship": "NG", "step2_ck_score": 236, "graduation_year": 2021}
    dec7 = date(2026, 12, 7)
    assert now_lines(p16, dec7)[0].startswith("➡️ Consider the 2028 Match instead")
    assert "which would make you moderate risk rather than high risk" in now_lines(p20, dec7)[0]
    # p01 on 25 Mar 2027, after the Match: not matched, matched, or matched to radiology without a PGY-1
    after = now_lines(P01, date(2027, 3, 25))
    assert after == ["➡️ Not matched? Reapply for the 2028 Match - MyERAS opens Wed 2 Jun 2027 (estimated). Matched? "
                     "Step 2. Matched to radiology but not to a PGY-1? Step 3. (steps 1–3 under “What to do now”)"], after


def test_a_blocked_client_before_applying_reads_on_the_first_screen_when_to_apply_at_all():
    # p02 (Nigeria, J-1 answer, J visas suspended, no Step 3 planned) in June and September 2026, p13 (the same, 2028
    # Match) in June 2027, p05 (Iran, every visa suspended) in September: the tightening dropped the one condition
    # they must act on
    for client, day, condition in (
            (P02, date(2026, 6, 15), "only if you can sit Step 3 in time, else the 2028 Match"),
            (P02, date(2026, 9, 10), "only if you can sit Step 3 in time, else the 2028 Match"),
            (P13, date(2027, 6, 15), "only if you can sit Step 3 in time, else the 2029 Match"),
            (P05, date(2026, 9, 10), "not until your visa route is open")):
        now = now_lines(client, day)
        assert now[0].startswith("⛔ Visa outlook: blocked.") and f"🚦 Apply to: {condition}" in now[1], now
    # once the applications are in, the condition is the Strategy's, not the first screen's
    assert not any("Apply to" in line for line in now_lines(P02, date(2026, 12, 7)))


def test_a_client_offered_the_j1_reads_by_when_to_choose():
    # p06 (Pakistan, H-1B only, Step 3 planned) on 20 Feb 2027: the choice is made on the rank list
    now = now_lines(P06, date(2027, 2, 20))
    assert "whether to accept the J-1 instead is your choice (see Strategy). Decide before the rank-list deadline, " \
           "Wed 3 Mar 2027 (estimated)." in now[0], now


def test_a_client_without_step2_ck_reads_the_last_day_to_sit_it_while_this_match_is_still_theirs():
    # p09 (India, no Step 2 CK, must match) on 15 Jun 2026: "as soon as you can" let September look fine
    now = now_lines(P09, date(2026, 6, 15))
    assert now[0].startswith("⏰ Sit Step 2 CK by Wed 26 Aug 2026 (estimated) at the latest"), now
    # p10 (2028 Match) in December: the 2028 Match's date
    p10 = answers(step2_ck_score=None, us_clinical_experience="none", radiology_experience="none", match_year=2028,
                  graduation_year=2025, research="non_radiology")
    assert any(line.startswith("⏰ Sit Step 2 CK by Wed 25 Aug 2027 (estimated)") for line in now_lines(p10, date(2026, 12, 7)))
    # too late for this Match (10 Sep): the out-of-reach line, then the step for the next one; no stale date
    late = now_lines(P09, date(2026, 9, 10))
    assert late[0].startswith("🎯") and late[1].startswith("➡️ Take Step 2 CK") and "26 Aug" not in " ".join(late), late


# Session 6 (advisor round 11): what the tightening had cut to make room. The review clients, as in /work/review/answers.
P04 = answers(citizenship="NG", visa="h1b_only", step3="passed", step2_ck_score=252, graduation_year=2021,
              research="non_radiology", academic_environment="neutral", must_match_this_cycle=True)


def test_the_why_line_says_how_many_more_reasons_hold_the_tier_so_one_reason_never_reads_as_the_only_one():
    # p04 (Nigeria, H-1B only, Step 3 passed) on 7 Dec: "Why: 5 years since graduation" read as the whole reason,
    # though research and the H-1B-only route hold the tier at moderate too (nice-to-have 5)
    plan = build_plan(validate_answers(P04), KB, date(2026, 12, 7))
    text = plan_view.overview(KB, plan).text
    assert first_screen_words(text) <= plan_first.WORDS
    why = next(line for line in plain(text).split("\n") if line.startswith("Why:"))
    assert why == "Why: 5 years since graduation (higher needs 3 or fewer); and 2 more under “Why this tier”", why
    # every warning stays: the suspension, the USCIS hold, the $100,000 pointer; and the step to do
    assert "USCIS has held decisions on H-1B petitions" in text and "$100,000" in text
    assert "➡️ Register for the 2027 Match with NRMP" in text
    # on every review client, every day of the reads: a Why line with reasons left out says how many
    for data in (P01, P02, P04, P05, P06, P09, P13, P15):
        for day in (date(2026, 6, 15), date(2026, 9, 10), date(2026, 12, 7), date(2027, 2, 20), date(2027, 3, 25)):
            plan = build_plan(validate_answers(data), KB, day)
            first, more = plan_view.first_reason(plan)
            lines = [l for l in plain(plan_view.overview(KB, plan).text).split("\n") if l.startswith("Why:")]
            if more and lines:
                assert f"and {more} more under “Why this tier”" in lines[0] or f"{more + 1} reasons under" in lines[0], \
                    (day, lines[0])


def test_a_client_offered_the_j1_in_december_reads_why_the_pathway_deadline_matters_beside_it():
    # p06 (Pakistan, H-1B only, Step 3 planned) on 7 Dec: the J-1 choice's "Decide before …" pushed out the reason of
    # the Pathway line, leaving only "If your Pathway application is not in, submit it this week" (nice-to-have 6)
    now = now_lines(P06, date(2026, 12, 7))
    pathway = next(line for line in now if line.startswith("⏰"))
    assert pathway.startswith("⏰ To take part in the 2027 Match you must meet ECFMG's clinical and communication skills "
                              "requirement: your Pathway application, its documents and an OET result must reach ECFMG "
                              "by its deadline. If your Pathway application is not in, submit it this week."), pathway
    # the J-1 choice and its deadline stay on the screen beside it, and one action
    assert "whether to accept the J-1 instead is your choice (see Strategy). Decide before the rank-list deadline, " \
           "Wed 3 Mar 2027 (estimated)." in now[0], now


async def test_in_interview_season_the_signals_screen_says_in_a_line_that_they_are_spent_and_when_it_turns_to_a_reapplication(
        harness):
    # an applicant for the 2027 Match (India, J-1, 250) on 29 Nov 2026, as p01 on 7 Dec: the Signals screen was a full
    # page of allotments and how to spend them, for a season whose signals went in with the applications; it ended
    # "these figures are for a reapplication" (advisor rounds 8 to 11)
    ana = harness.chat()
    await walk(ana, WALK)
    await ana.press("Confirm")
    top = next(m for m in reversed(ana.messages) if "Your plan" in m["text"])
    await ana.press("Signals", top)
    screen = harness.fake.screen[top["message_id"]]
    assert screen["text"] == ("Signals\nIf you applied for the 2027 Match, your signals went in with your applications "
                              "and are fixed: there is nothing to do with them now. If you reapply for the 2028 Match, "
                              "this page gives its signals and how to spend them after Match Day, Fri 19 Mar 2027 "
                              "(estimated)."), screen["text"]
    assert [label for label, _ in screen["buttons"]] == ["« Back to my plan"]


def signals_screen(data: dict, today: date) -> str:
    plan = build_plan(validate_answers(data), KB, today)
    return plain(plan_view.section_text(KB, plan, "signals"))


def test_the_signals_screen_names_the_match_it_is_for_and_dates_its_allotments_as_the_season_they_are_from():
    # p01 on 25 Mar 2027, not matched and reapplying: the page said "2025 ERAS season" figures with "If you applied
    # this season your signals are already set; these figures are for a reapplication", not which Match they are for
    # nor that the 2028 Match's are not known (research: the 2025 ERAS season's are the latest found; the 2027
    # Match's were not found, the 2028's not published)
    after = signals_screen(P01, date(2027, 3, 25))
    assert after.startswith("Signals\nFor a reapplication in the 2028 Match\n"), after
    assert "Allotments for the 2028 Match: not yet in this bot, so these are the 2025 ERAS season's (check the 2028 " \
           "numbers before you assign them; last confirmed Jul 2026):\n• Diagnostic radiology: 6 gold + 6 silver" in after
    assert "already set" not in after and "for a reapplication." not in after
    # the same client in June 2026, applying for the 2027 Match: the page is for it, with the same honesty
    june = signals_screen(P01, date(2026, 6, 15))
    assert "Allotments for the 2027 Match: not yet in this bot, so these are the 2025 ERAS season's" in june
    assert "reapplication" not in june
    # p09 (no Step 2 CK) on 7 Dec: this Match is out of reach and the page is for the 2028 Match, which is no
    # reapplication; in interview season it keeps the whole page
    p09 = signals_screen(P09, date(2026, 12, 7))
    assert p09.startswith("Signals\nFor the 2028 Match\n") and "Allotments for the 2028 Match" in p09, p09
    # p02 (Nigeria, J visas suspended) on 20 Feb 2027, ranking: the season's signals are spent, said in a line
    assert signals_screen(P02, date(2027, 2, 20)).startswith("Signals\nIf you applied for the 2027 Match, your signals")


def test_a_client_on_the_h1b_with_every_warning_and_no_step2_ck_still_reads_a_short_first_screen_with_the_sit_by_day():
    # a Venezuelan graduate (H-1B only, Step 3 planned, no Step 2 CK, no US clinical experience, 2028 Match) on 24 Apr
    # 2026: the suspension, the USCIS hold and the experience to fix are all said, and the H-1B wording of the Step 2 CK
    # step ("Sit Step 2 CK well before …, the last day for a score to reach programs by …") had no clause to cut at:
    # 153 words at the last level
    data = answers(citizenship="VE", visa="h1b_only", step3="planned", step2_ck_score=None, graduation_year=2027,
                   match_year=2028, us_clinical_experience="none", research="non_radiology", english="average",
                   patient_contact="enjoy", radiology_experience="none", must_match_this_cycle=True)
    now = now_lines(data, date(2026, 4, 24))
    assert any(line.startswith("⚠️ Visa outlook") and "USCIS has held decisions" in line for line in now), now
    assert any(line.startswith("🛠 No US clinical experience") for line in now), now
    # round-13 must-fix 1: the day that leaves time for certification and to sit Step 3 (test_s6c_1 in test_advice)
    assert any(line.startswith("⏰ Sit Step 2 CK by Wed 28 Apr 2027 (estimated) at the latest") for line in now), now
