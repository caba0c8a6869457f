"""The conversation as a newcomer lives it (issue 25), told through the fake Bot API: what is on the
user's screen after each step, edits included."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs import callbacks as cb
from tests.conftest import seed, stored
from tests.examples import MODERATE

ROOT = Path(__file__).resolve().parent.parent


def question_keyboards(chat) -> list[dict]:
    """Messages on screen that still offer answers to an assessment question."""
    return [m for m in chat.screen if any(data.startswith(("a:", "nav:")) for _, data in m["buttons"])]


# --------------------------------------------------------------------------- one message that changes in place

async def test_an_answered_question_loses_its_buttons_whether_typed_or_tapped(harness):
    ana = harness.chat()
    await ana.send("/assess")
    first = ana.last
    await ana.send("250")  # typed: the question above keeps its text, its keyboard goes
    assert harness.fake.screen[first["message_id"]]["buttons"] == []
    assert "Question 1 of 17" in harness.fake.screen[first["message_id"]]["text"]
    second = ana.last
    await ana.press("None")  # tapped: the question now says what was chosen, and the next comes below
    assert harness.fake.screen[second["message_id"]]["text"] == "✅ Failed USMLE attempts: None"
    assert harness.fake.screen[second["message_id"]]["buttons"] == []
    assert "Question 3 of 17" in ana.text
    assert [m["message_id"] for m in question_keyboards(ana)] == [ana.last["message_id"]]


async def test_a_question_asked_again_after_a_side_trip_leaves_one_live_keyboard(harness):
    ana = harness.chat()
    await ana.send("/assess")
    await ana.send("/help")  # help, then the open question again below it
    assert "Question 1 of 17" in ana.text
    assert len(question_keyboards(ana)) == 1 and question_keyboards(ana)[0]["message_id"] == ana.last["message_id"]


async def test_going_back_changes_the_question_in_place(harness):
    ana = harness.chat()
    await ana.send("/assess")
    await ana.send("250")
    before = len(ana.screen)
    new = await ana.press("« Back")
    assert [m["method"] for m in new] == ["editmessagetext"] and "Question 1 of 17" in ana.text
    assert len(ana.screen) == before


async def test_a_button_on_a_message_telegram_will_not_edit_gets_a_new_message(harness):
    """Messages over 48 hours old (or deleted) cannot be edited: the screen comes as a new message."""
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=dict(MODERATE))
    await ana.send("/plan")
    data = ana.button("Why this tier")
    new = await ana.tap(data, message_id=99_999)  # a message Telegram no longer has
    assert [m["method"] for m in new] == ["sendmessage"] and "Why this tier" in new[0]["text"]
    assert harness.fake.refused and "not found" in harness.fake.refused[-1]["description"]


async def test_tapping_the_screen_already_shown_changes_nothing_and_sends_nothing(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=dict(MODERATE))
    await ana.send("/plan")
    plan = ana.last["message_id"]
    why = cb.PlanSection("why").encode()
    await ana.tap(why, message_id=plan)
    shown = len(ana.messages)
    assert await ana.tap(why, message_id=plan) == [] and len(ana.messages) == shown  # a double tap
    assert "not modified" in harness.fake.refused[-1]["description"]


async def test_a_stale_button_loses_its_keyboard_and_the_current_step_comes_below(harness):
    ana = harness.chat()
    await ana.send("/assess")
    old = ana.last
    await ana.send("250")
    await ana.send("0")
    await ana.tap("a:step2_ck_score:null", message_id=old["message_id"])  # an answer button of the first question
    assert harness.fake.screen[old["message_id"]]["buttons"] == []
    assert "earlier message" in ana.text and "Question 3 of 17" in ana.text
    assert stored(harness.runtime, ana.chat_id).answers["step2_ck_score"] == 250


# --------------------------------------------------------------------------- nothing erased by a tap

async def test_start_over_asks_first_and_an_old_yes_erases_nothing(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=dict(MODERATE))
    await ana.send("/assess")
    await ana.press("Start over")
    assert f"erases your {len(MODERATE)} answers" in ana.text  # asked, with what would be lost
    assert stored(harness.runtime, ana.chat_id).answers == MODERATE  # one tap erased nothing
    first_yes = ana.button("Yes, erase")
    await ana.press("No, keep")
    assert "Nothing was erased" in ana.text and stored(harness.runtime, ana.chat_id).answers == MODERATE
    await ana.tap(first_yes)  # the earlier question's Yes, tapped later
    assert "expired" in ana.text and stored(harness.runtime, ana.chat_id).answers == MODERATE
    await ana.send("/assess")
    await ana.press("Start over")
    yes = ana.button("Yes, erase")
    await ana.tap(yes)
    assert "Question 1 of 17" in ana.text and stored(harness.runtime, ana.chat_id).answers == {}
    await ana.tap(yes)  # a double tap: the value is spent
    assert "expired" in ana.text


async def test_pause_says_what_is_really_saved(harness):
    ana = harness.chat()
    await ana.send("/assess")
    await ana.send("/cancel")
    assert "nothing is stored yet" in ana.text and "saved" not in ana.text
    await ana.send("/assess")
    await ana.send("250")
    await ana.send("/cancel")
    assert "Your 1 answer is saved" in ana.text and "question 2 of 17" in ana.text


async def test_an_old_start_over_button_asks_instead_of_erasing(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, state="usmle_failures", answers={"step2_ck_score": 250})
    await ana.tap(cb.StartOver().encode())  # from a message sent before the question was asked
    assert "Start the self-assessment over?" in ana.text
    assert stored(harness.runtime, ana.chat_id).answers == {"step2_ck_score": 250}


# --------------------------------------------------------------------------- the plan: short screens, one message

async def test_the_plan_is_one_message_that_changes_in_place_with_back_to_the_overview(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=dict(MODERATE))
    await ana.send("/plan")
    plan = ana.last
    assert "Your plan" in plan["text"] and len(plan["buttons"]) == 10  # nine sections and the PDF
    seen = len(ana.screen)
    await ana.press("Backups ranked")
    names = [ana.text.split("\n")[1]]
    while any(label == "Next ›" for label, _ in ana.last["buttons"]):
        await ana.press("Next ›")
        names.append(ana.text.split("\n")[1])
    assert len(names) == 4 and names[0].startswith("1. Internal medicine")  # one backup per screen
    assert "Backups ranked · 4 of 4" in ana.text
    await ana.press("‹ Previous")
    assert "3 of 4" in ana.text
    await ana.press("« Back to my plan")
    assert ana.screen[-1]["text"] == plan["text"] and ana.screen[-1]["message_id"] == plan["message_id"]
    assert len(ana.screen) == seen  # nothing was added: every step changed the same message


async def test_why_this_tier_names_each_reason_once(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=dict(MODERATE))
    await ana.send("/plan")
    await ana.press("Why this tier")
    for reason in ("Step 2 CK 237 (higher needs 245+)", "5 years since graduation"):
        assert ana.text.count(reason) == 1, ana.text
    await ana.press("Next ›")
    assert "Your seven ratings" in ana.text


async def test_the_picture_comes_again_only_when_it_shows_something_new(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=dict(MODERATE))
    first = await ana.send("/plan")
    assert first[0]["method"] == "sendphoto"
    again = await ana.send("/plan")
    assert [m["method"] for m in again] == ["sendmessage"]  # the same picture is not sent twice
    await ana.press("Why this tier")
    await ana.press("Next ›")
    asked = await ana.press("picture again")  # but it is one tap away
    assert asked[0]["method"] == "sendphoto" and ana.button("Back to my plan", asked[0])
    await ana.send("/profile")
    await ana.press("Graduation year")
    await ana.send("2014")  # 12 years: the tier and a rating change
    changed = await ana.send("/plan")
    assert changed[0]["method"] == "sendphoto" and "High risk" in changed[0]["text"]


async def test_the_pdf_message_has_a_way_back_to_the_plan(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=dict(MODERATE))
    await ana.send("/plan")
    [pdf] = await ana.press("PDF")
    assert pdf["document"][0].endswith(".pdf") and pdf["buttons"] == [("« Back to my plan", "plan:overview")]
    new = await ana.press("« Back to my plan", pdf)  # a file's caption cannot become the plan: a new message
    assert [m["method"] for m in new] == ["sendmessage"] and "Your plan" in new[0]["text"]


def test_every_plan_screen_holds_about_1500_characters_for_every_profile_and_phase():
    from datetime import date

    from dialogs import plan_view
    from dialogs.reply import plain
    from knowledge.answers import validate_answers
    from tests.examples import HIGH, STRONG, answers
    from tests.test_advisor import KB

    profiles = [STRONG, MODERATE, HIGH, answers(visa="h1b_only", step3="passed", citizenship=None),
                answers(step2_ck_score=None, visa="no_visa_needed", citizenship=None)]
    days = [date(2026, 3, 1), date(2026, 6, 1), date(2026, 9, 10), date(2026, 12, 6), date(2027, 2, 15),
            date(2027, 3, 16), date(2027, 5, 1)]
    longest = 0
    for a in profiles:
        for day in days:
            plan = plan_view.plan_for(validate_answers(a), KB, day)
            assert len(plain(plan_view.overview(KB, plan).text)) <= 1600
            for key, _ in plan_view.SECTIONS:
                for page in plan_view.section_pages(KB, plan, key):
                    longest = max(longest, len(plain(page)))
    assert longest <= plan_view.SCREEN


async def test_what_to_do_now_with_a_step_longer_than_a_screen_is_paged_not_split_into_two_messages(
        harness, monkeypatch):
    """A step the knowledge base words at length (an editor's 5,000 characters) reads as more pages of
    "What to do now", each one message changed in place, "Next ›" and "« Back" on every page; never a
    4,096-character wall that Telegram would cut into two messages without buttons on the first."""
    import dataclasses

    from dialogs import plan_view
    from dialogs.reply import plain

    sentence = "Ask each program coordinator by email whether they sponsor the visa you need this season. "
    long_step = "Before you apply: " + sentence * 55  # about 5,000 characters, one line
    real = plan_view.plan_for

    def with_long_step(answers, kb, today):
        plan = real(answers, kb, today)
        first = dataclasses.replace(plan.next_steps[0], text=long_step)
        return dataclasses.replace(plan, next_steps=(first, *plan.next_steps[1:]))

    monkeypatch.setattr(plan_view, "plan_for", with_long_step)
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=dict(MODERATE))
    await ana.send("/plan")
    seen = len(ana.screen)
    pages = [await ana.press("What to do now")]
    while any(label == "Next ›" for label, _ in ana.last["buttons"]):
        pages.append(await ana.press("Next ›"))
    assert len(pages) >= 4 and all([m["method"] for m in new] == ["editmessagetext"] for new in pages)
    assert len(ana.screen) == seen  # every page changed the plan's one message
    shown = [new[0]["text"] for new in pages]
    assert all(len(t) <= 4096 and len(plain(t)) <= plan_view.SCREEN + 60 for t in shown)
    assert sum(plain(t).count("coordinator by email") for t in shown) == 55  # every sentence, once
    assert "What to do now · 1 of" in shown[0]
    await ana.press("« Back to my plan")
    assert "Your plan" in ana.text


# --------------------------------------------------------------------------- first value in four answers

async def test_a_newcomer_hears_a_first_reading_after_the_four_answers_that_decide_the_tier(harness):
    ana = harness.chat()
    await ana.send("/start")
    await ana.press("Self-assessment")
    actions = 2
    for answer in ("250", "0", "2024"):
        await ana.send(answer)
        actions += 1
        assert "first reading" not in ana.text
    new = await ana.press("2027 Match")
    actions += 1
    reading = next(m for m in new if "first reading" in m["text"])
    assert actions == 6 and new[-1]["text"].startswith("Question 5 of 17")  # the assessment goes on below it
    assert "higher-likelihood is still open" in reading["text"] and "Provisional, from 4 of 17 answers" in reading["text"]
    assert "score 250, first attempt" in reading["text"] and "2 years from graduation" in reading["text"]
    assert "US clinical experience could make it high risk" in reading["text"]
    assert "13 questions to go" in reading["text"]


async def test_a_first_reading_that_later_answers_cannot_lift_says_so(harness):
    ana = harness.chat()
    await ana.send("/assess")
    for answer in ("228", "1", "2016"):
        await ana.send(answer)
    new = await ana.press("2027 Match")
    reading = next(m for m in new if "first reading" in m["text"])
    assert "first reading of your chances in radiology: high risk" in reading["text"]
    assert "Step 2 CK 228 is below 235" in reading["text"] and "cannot lift this tier" in reading["text"]


async def test_a_later_answer_that_moves_the_reading_is_said_with_the_next_question(harness):
    ana = harness.chat()
    await ana.send("/assess")
    for answer in ("250", "0", "2024"):
        await ana.send(answer)
    await ana.press("2027 Match")
    await ana.press("Hands-on")
    assert "first reading is now" not in ana.text  # nothing moved: nothing said
    await ana.press("Radiology observership")
    await ana.press("or imaging")
    await ana.press("H-1B only")
    assert "Your first reading is now moderate risk: H-1B only" in ana.text
    assert "Question 9 of 17" in ana.text


async def test_a_changed_answer_says_what_it_changed_in_the_plan(harness):
    from tests.examples import STRONG

    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=dict(STRONG))
    await ana.send("/profile")
    await ana.press("Graduation year")
    await ana.send("2013")
    said = ana.text
    assert "Saved: Graduation year 2024 → 2013" in said
    assert "Tier: Higher-likelihood (for an IMG) → High risk" in said
    assert "Programs to apply to: Diagnostic radiology 80–120 → none" in said
    assert "Your plan already reflects it" not in said
    await ana.press("Research")
    await ana.press("or imaging")  # the same answer again
    assert "Kept: Research is still" in ana.text


async def test_an_answer_changed_on_the_summary_says_what_it_changes_before_confirming(harness):
    """A newcomer heard a first reading at question 4; on the summary they correct the graduation year.
    Before they confirm, the bot says the old and new answer and what that does to the plan they are
    about to see, instead of a silent summary."""
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, state="summary", answers=dict(MODERATE))
    await ana.send("/assess")
    await ana.press("Resume at the summary")
    await ana.press("Graduation year")
    await ana.send("2013")
    said = ana.text
    assert "Saved: Graduation year 2021 → 2013" in said
    assert "What it changes in the plan you are about to see:" in said
    assert "Tier: Moderate risk → High risk" in said
    assert any("Confirm and see my plan" in label for label, _ in ana.last["buttons"])
    await ana.press("Research")
    await ana.press("None")  # the same answer again: nothing changed, and it says so
    assert "Kept: Research is still" in ana.text


# --------------------------------------------------------------------------- no dead ends

async def test_practice_pick_has_a_way_back_and_a_typed_answer_there_is_not_lost_silently(harness):
    ana = harness.chat()
    await ana.send("/interview")
    await ana.press("Practise a question")
    assert "Practise for which specialty?" in ana.text and ana.button("« Interview topics")
    await ana.send("I would say that I love imaging")  # typed before any question was asked
    assert "I have not asked you a question yet" in ana.text
    await ana.send("radiology")  # the specialty typed instead of tapped
    assert "Type your answer as you would say it" in ana.text
    await ana.send("I enjoy imaging and I have worked with radiologists on research about stroke imaging.")
    result = ana.last
    assert "Check: interview answer" in result["text"]
    await ana.press("Another question")
    kept = harness.fake.screen[result["message_id"]]
    assert kept["text"] == result["text"] and kept["buttons"] == []  # the result stays, its buttons go
    assert "Type your answer as you would say it" in ana.text
    await ana.send("/cancel")
    await ana.send("/interview")
    await ana.press("Practise a question")
    await ana.press("« Interview topics")
    assert ana.text.startswith("Interviews — ") and ana.button("Phrases to avoid")


async def test_faq_topics_are_one_message_with_back(harness):
    ana = harness.chat()
    await ana.send("/faq")
    topics = ana.last
    labels = [label.split(" (")[0] for label, _ in topics["buttons"]]
    assert len(labels) == len(set(labels)) and not any(label == "Interviews" for label in labels)
    await ana.press("Visas")
    await ana.tap(ana.newest_keyboard()["buttons"][0][1])  # the first question of the topic
    assert ana.last["message_id"] == topics["message_id"] and ana.button("« Visas")
    await ana.press("« Visas")
    await ana.press("« All topics")
    assert "Questions I can answer" in ana.text and len(ana.screen) == 1


async def test_the_add_program_form_steps_back(harness):
    ana = harness.chat()
    await ana.send("/programs")
    await ana.press("Add a program")
    assert not any("Back" in label for label, _ in ana.last["buttons"])  # the first step has nothing before it
    await ana.send("Mercy Radiology")
    await ana.press("Internal medicine")  # a slip: it is a radiology program
    assert "which track" in ana.text
    await ana.press("« Back")
    assert "Which specialty is <b>Mercy Radiology</b>?" in ana.last["html"]
    await ana.press("Diagnostic radiology")
    await ana.press("« Back")
    await ana.press("« Back")
    assert "Type the program's name" in ana.text  # back to the first step
    await ana.send("Mercy Hospital Radiology")
    assert "Which specialty is <b>Mercy Hospital Radiology</b>?" in ana.last["html"]


async def test_hello_gets_a_greeting_and_the_menu_not_a_failed_lookup(harness):
    ana = harness.chat()
    await ana.send("hello")
    assert ana.text.startswith("Hello!") and "don't have an answer" not in ana.text
    assert ana.button("Self-assessment")
    await ana.send("thank you!")
    assert ana.text.startswith("You're welcome.")
    await ana.send("hi, how many programs should I apply to?")  # a greeting with a question is a question
    assert not ana.text.startswith("Hello!")


async def test_why_a_question_is_asked_is_answered_mid_assessment(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, state="citizenship", shown="citizenship",
         answers={"step2_ck_score": 250, "usmle_failures": 0, "graduation_year": 2024, "match_year": 2027,
                  "us_clinical_experience": "hands_on", "radiology_experience": "observership",
                  "research": "radiology", "visa": "j1_ok"})
    await ana.send("why do you need my nationality?")
    assert "Why I ask:" in ana.text and "suspended for nationals of some countries" in ana.text
    assert "You can skip it" in ana.text and "Question 9 of 17" in ana.text
    assert "after this step" not in ana.text
    await ana.send("hello")
    assert ana.text.startswith("Hello!") and "Question 9 of 17" in ana.text


async def test_the_program_list_says_how_fees_are_made_once_one_tap_away(harness):
    from tests.test_programs import DUAL

    ana = harness.chat()
    await ana.send_file(DUAL, "list.csv", "text/csv")
    await ana.send("/programs")
    home = ana.text
    assert "NRMP $" in home and "fee table" not in home and "(how: 💵 Fees)" in home
    await ana.press("Fees")
    assert "from the" in ana.text and "fee table" in ana.text and "check the current fees on nrmp.org" in ana.text
    await ana.press("« Back to my list")
    await ana.press("Rank list")
    assert "fee table" not in ana.text


# --------------------------------------------------------------------------- settings as people type them

async def test_a_time_zone_is_read_from_a_city_a_country_or_a_nationality(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=dict(MODERATE))
    for typed, zone in (("karachi", "Asia/Karachi"), ("Lahore", "Asia/Karachi"), ("Pakistan time", "Asia/Karachi"),
                        ("nigerian", "Africa/Lagos"), ("UTC+5", "UTC+05:00")):
        await ana.send("/settings")
        await ana.press("Time zone")
        await ana.send(typed)
        assert f"Time zone saved: {zone}" in ana.text or f"Time zone kept: {zone}" in ana.text, typed
    await ana.send("/settings")
    await ana.press("Time zone")
    await ana.send("Hyderabad")  # two countries have one
    assert "could be one of these" in ana.text
    await ana.press("Asia/Kolkata")
    assert "Time zone saved: Asia/Kolkata (UTC+5:30)" in ana.text


async def test_an_hour_is_read_as_people_write_it(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=dict(MODERATE))
    for typed, hour in (("8pm", "20:00"), ("7 a.m.", "07:00"), ("21:00", "21:00"), ("8 in the evening", "20:00")):
        await ana.send("/settings")
        await ana.press("Hour")
        await ana.send(typed)
        assert f"Hour: {hour}" in ana.text, typed
    await ana.press("Hour")
    await ana.send("25")
    assert "not an hour I can read" in ana.text


async def test_a_new_time_zone_or_hour_says_what_it_changed_for_the_reminders(harness):
    """Reminders came at 09:00 UTC, 14:00 in Karachi. Setting the zone says so: they now come at 09:00
    Karachi time, no longer 14:00; a new hour says the hour it replaces; the same choice says it is kept."""
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=dict(MODERATE))
    await ana.send("/settings")
    await ana.press("Time zone")
    await ana.send("karachi")
    assert "Time zone saved: Asia/Karachi (UTC+5), was UTC." in ana.text
    assert "Reminders now come at 09:00 your time (until now at 14:00 your time)." in ana.text
    await ana.press("Hour")
    await ana.send("8pm")
    assert "Hour saved: 20:00 your time, was 09:00." in ana.text
    await ana.press("Hour")
    await ana.press("20:00")
    assert "Hour kept: 20:00." in ana.text


async def test_reminders_offer_the_zone_the_nationality_suggests_without_setting_it(harness):
    from tests.examples import answers

    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, state="summary", answers=answers(citizenship="PK"))
    await ana.tap(cb.Confirm().encode())
    offer = next(m for m in ana.messages if "Reminders are on" in m["text"])
    assert "09:00 (UTC)" in offer["text"]  # not set behind the user's back: nationality is not residence
    await ana.press("Use Pakistan time (UTC+5)", offer)
    assert "Time zone saved: Asia/Karachi (UTC+5)" in ana.text


# --------------------------------------------------------------------------- words and figures that agree

async def test_the_question_count_agrees_from_the_first_message_to_the_last(harness):
    ana = harness.chat()
    await ana.send("/assess")
    assert "16 or 17 short questions" in ana.text and "Question 1 of 17" in ana.text
    seed(harness.runtime, ana.chat_id, state="visa", shown="visa",
         answers={"step2_ck_score": 250, "usmle_failures": 0, "graduation_year": 2024, "match_year": 2027,
                  "us_clinical_experience": "hands_on", "radiology_experience": "observership", "research": "radiology"})
    await ana.send("/assess")
    await ana.press("green card")
    assert "That makes 16 questions" in ana.text and "Question 9 of 16" in ana.text


def test_a_csv_date_that_is_written_right_but_is_no_day_says_so():
    from knowledge.programs import _date

    assert "not a day in the calendar" in _date("2027-02-30")[1]
    assert "not a date written YYYY-MM-DD" in _date("30/02/2027")[1]


async def test_the_timeline_shows_the_phase_the_user_is_in_as_under_way(harness):
    from tests.examples import answers

    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=answers(match_year=2028))
    await ana.send("/timeline")  # 29 Nov 2026: 'Lay the groundwork' began in Sep 2026 and runs until Dec 2026
    line = next(x for x in ana.text.split("\n") if "Lay the groundwork" in x)
    assert "under way" in line and "passed before you started" not in line


def test_money_is_written_one_way_in_the_plan():
    import re
    from datetime import date

    from dialogs import plan_view
    from knowledge.answers import validate_answers
    from tests.examples import HIGH, STRONG
    from tests.test_advisor import KB

    for a in (STRONG, MODERATE, HIGH):
        text = plan_view.as_text(KB, plan_view.plan_for(validate_answers(a), KB, date(2026, 12, 6)))
        assert not re.search(r"\$\d{4,}", text), re.search(r"\$\d{4,}", text)  # "$8,430", never "$8430"
        assert not re.search(r"\b0\d \w{3} 20\d\d", text)  # "6 Dec 2026", never "06 Dec 2026"


async def test_half_past_is_asked_about_not_rounded(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=dict(MODERATE))
    await ana.send("/settings")
    await ana.press("Hour")
    await ana.send("8:30pm")
    assert "20:00 or 21:00?" in ana.text and "Hour saved" not in ana.text
    await ana.press("21:00")
    assert "Hour: 21:00" in ana.text


# --------------------------------------------------------------------------- the empty chat, the checker

async def test_the_empty_chat_says_what_the_bot_does_before_start(harness):
    said = harness.fake.descriptions
    assert "international medical graduates" in said["description"] and len(said["description"]) <= 512
    assert "radiology" in said["short_description"] and len(said["short_description"]) <= 120
    assert "not official advice" in said["description"]


def test_a_description_over_telegrams_limit_stops_the_knowledge_base(tmp_path):
    import shutil

    import pytest

    from knowledge.base import load_knowledge
    from knowledge.loader import DATA_DIR, KnowledgeError

    shutil.copytree(DATA_DIR, tmp_path / "data")
    path = tmp_path / "data" / "guidance.yaml"
    path.write_text(path.read_text().replace("short_description: >-\n", "short_description: >-\n  " + "x" * 130 + "\n"))
    with pytest.raises(KnowledgeError, match="short_description"):
        load_knowledge(tmp_path / "data")


async def test_lifestyle_and_patient_avoidance_are_red_flags_in_a_radiology_statement(harness):
    ana = harness.chat()
    await ana.send("/check")
    await ana.press("Radiology")
    await ana.send("I want radiology because it has a good lifestyle and I would not have to deal with difficult "
                   "patients.")
    await ana.press("Check")
    assert "No red flags" not in ana.text and "Red flags (2)" in ana.text
    assert "avoid patients" in ana.text and "Lifestyle, hours or pay" in ana.text


# --------------------------------------------------------------------------- the PDF for those who need it most

def test_the_pdf_is_readable_for_every_profile_and_its_sources_are_links():
    import io
    from datetime import date

    from pypdf import PdfReader

    from bot import exports
    from dialogs.plan_view import plan_for
    from knowledge.answers import validate_answers
    from tests.examples import HIGH, STRONG, answers
    from tests.test_advisor import KB

    weakest = answers(step2_ck_score=221, usmle_failures=3, graduation_year=2012, us_clinical_experience="none",
                      radiology_experience="none", research="none", visa="h1b_only", step3="not_planned",
                      english="weak", citizenship="IR")
    for a in (STRONG, MODERATE, HIGH, weakest):
        plan = plan_for(validate_answers(a), KB, date(2026, 12, 6))
        reader = PdfReader(io.BytesIO(exports.plan_pdf(KB, plan)))
        sizes: list[float] = []
        for page in reader.pages:
            page.extract_text(visitor_text=lambda text, cm, tm, font, size: sizes.append(size) if text.strip()
                              else None)
        text = "\n".join(page.extract_text() for page in reader.pages)
        links = [a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots", [])]
        assert len(reader.pages) <= 2 and min(sizes) >= 8.0, (len(reader.pages), min(sizes))
        assert links and all(u.startswith("http") for u in links)
        assert "http" not in text  # addresses are links on the source's site name, never cut mid-word


# --------------------------------------------------------------------------- the console

def test_the_console_keys_a_screen_the_same_way_speaks_its_own_words_and_says_where_files_go(tmp_path):
    from tests.conftest import console_at_summary

    runtime, console, out = console_at_summary(tmp_path, MODERATE)
    console.step("Confirm and see my plan")  # saved, the timeline note, the picture, then the plan
    after_confirm = [line for line in out.getvalue().splitlines() if "The plan as a PDF" in line][-1]
    console.step("/plan")
    after_plan = [line for line in out.getvalue().splitlines() if "The plan as a PDF" in line][-1]
    assert after_confirm == after_plan == "  [j] 📄 The plan as a PDF"  # the same screen, the same key
    console.step("j")  # (the font library's lines stay out of the console: bot/logs, tests/test_privacy.py)
    saved = (tmp_path / "files" / "radiology-plan-2026-11-29.pdf")
    assert saved.exists() and f"[saved {saved}]" in out.getvalue()  # the full path, said
    said = out.getvalue()
    assert "[1]" not in said and " tap " not in said and "Tap " not in said


def test_the_console_words_a_sentence_that_told_to_tap_as_a_sentence():
    """Telegram's "Not right? tap « Back." reads in the terminal as a sentence of its own words."""
    from bot.console import for_terminal

    assert for_terminal("Noted: none. Not right? tap « Back.") == "Noted: none. Not right? Choose « Back."
    assert for_terminal("tap a button below, or tap ✏️ Year.") == "Choose an option below, or choose ✏️ Year."


# --------------------------------------------------------------------------- the README's first session

@pytest.mark.quality
def test_the_readme_shows_a_newcomers_first_minutes_as_the_console_prints_them_now():
    """A reader of the README sees the conversation as it is: the transcript is the console's own output
    (docs/first_session.py), with a first reading of the tier after four answers."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("first_session", ROOT / "docs" / "first_session.py")
    assert spec and spec.loader
    first_session = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(first_session)
    said = first_session.transcript()
    assert "> I graduated in 2021" in said and "A first reading of your chances in radiology" in said
    assert "Question 5 of 17" in said and "tap" not in said.lower()
    assert first_session.main(["--check"]) == 0, "run .venv/bin/python docs/first_session.py --write"
