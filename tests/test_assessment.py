"""The self-assessment, told as users' stories through the real Application."""

import asyncio
import json
from datetime import date

import pytest
from telegram import Update

from dialogs import assessment as flow
from dialogs.reading import next_matches, read
from knowledge.advisor import build_plan
from knowledge.answers import validate_answers
from tests import conftest
from tests.examples import STRONG
from tests.fakebot import callback_update

# Typed or tapped inputs that give tests.examples.STRONG (Match 2027 is the first offered).
WALK = [("type", "250"), ("type", "0"), ("type", "2024"), ("tap", "2027 Match"), ("tap", "Hands-on"),
        ("tap", "Radiology observership"), ("tap", "or imaging"), ("tap", "J-1"), ("tap", "India"), ("tap", "Not planned"),
        ("tap", "Strong"), ("tap", "Neutral"), ("tap", "I enjoy it"), ("tap", "I enjoy them"),
        ("tap", "No"), ("tap", "No"), ("tap", "Yes")]


async def walk(chat, steps=WALK):
    await chat.send("/assess")
    for how, what in steps:
        if how == "type":
            await chat.send(what)
        else:
            await chat.press(what)


def stored(harness, chat):
    return conftest.stored(harness.runtime, chat.chat_id)


async def test_full_walk_with_buttons_and_typing_gives_the_answers_file(harness):
    ana = harness.chat()
    await walk(ana)
    assert "Your answers" in ana.text and "Confirm" in ana.last["buttons"][-1][0]
    await ana.press("Confirm")
    session = stored(harness, ana)
    assert session.state == "complete" and session.complete
    assert session.answers == STRONG
    assert any("Your plan" in m["text"] for m in ana.messages[-3:])


async def test_every_question_shows_progress_why_and_buttons(harness):
    ana = harness.chat()
    await ana.send("/assess")
    for i, (how, what) in enumerate(WALK, 1):
        assert f"Question {i} of 17" in ana.text and "Why it matters" in ana.text
        assert ana.last["buttons"], "every question offers buttons"
        await (ana.send(what) if how == "type" else ana.press(what))


async def test_match_year_offers_the_next_three_matches(harness):
    ana = harness.chat()
    await walk(ana, WALK[:3])
    labels = [b for b, _ in ana.last["buttons"]]
    assert labels[:3] == ["2027 Match", "2028 Match", "2029 Match"]


def test_next_matches_roll_over_after_match_day():
    from datetime import date
    assert next_matches(date(2027, 3, 1)) == [2027, 2028, 2029]
    assert next_matches(date(2027, 3, 25)) == [2028, 2029, 2030]


@pytest.mark.parametrize("typed", ["250", "250!", " 250 ", "my score is 250"])
async def test_score_can_be_typed_loosely(harness, typed):
    ana = harness.chat()
    await ana.send("/assess")
    await ana.send(typed)
    assert stored(harness, ana).answers["step2_ck_score"] == 250


@pytest.mark.parametrize("typed,message", [
    ("pretty good", "as a number"), ("301", "1 to 300"), ("0", "1 to 300"), ("   ", "empty"),
    ("🙂🙂🙂", "as a number"), ("250 260", "two numbers"), ("x" * 10000, "as a number"),
])
async def test_bad_scores_get_a_specific_message_and_the_same_question(harness, typed, message):
    ana = harness.chat()
    await ana.send("/assess")
    new = await ana.send(typed)
    assert message in new[-1]["text"] and "Question 1 of 17" in new[-1]["text"]
    assert "step2_ck_score" not in stored(harness, ana).answers


async def test_an_unlikely_score_is_asked_about_once_then_kept_if_typed_again(harness):
    ana = harness.chat()
    await ana.send("/assess")
    new = await ana.send("1")  # a slip: "1" meant the first button
    assert "Did you mean 1 (Step 2 CK)?" in new[-1]["text"] and "Question 1 of 17" in new[-1]["text"]
    assert "step2_ck_score" not in stored(harness, ana).answers
    await ana.send("238")  # the real score, no second question
    assert stored(harness, ana).answers["step2_ck_score"] == 238
    await ana.press("Back")
    await ana.send("140")
    new = await ana.send("140")  # typed twice: the user means it
    assert stored(harness, ana).answers["step2_ck_score"] == 140 and "Question 2 of 17" in new[-1]["text"]


@pytest.mark.parametrize("year,message", [("2040", "years away"), ("1950", "1960"), ("twenty", "four-digit")])
async def test_bad_graduation_years(harness, year, message):
    ana = harness.chat()
    await walk(ana, WALK[:2])
    new = await ana.send(year)
    assert message in new[-1]["text"] and "Question 3 of 17" in new[-1]["text"]


def test_graduation_after_the_chosen_match_is_refused(runtime):
    from datetime import date
    q = runtime.kb.question("graduation_year")
    reading = read(q, "2029", {"match_year": 2028}, date(2030, 1, 1))
    assert not reading.ok and "2028 Match" in reading.error
    q = runtime.kb.question("match_year")
    reading = read(q, "2031", {"graduation_year": 2032}, date(2030, 1, 1))
    assert not reading.ok and "before your graduation" in reading.error


async def test_going_back_to_graduation_and_typing_a_future_year(harness):
    ana = harness.chat()
    await walk(ana, WALK[:4])
    await ana.press("Back")
    await ana.press("Back")
    assert "Question 3 of 17" in ana.text
    new = await ana.send("2028")  # after the Match already chosen
    assert "before a 2028 graduation" in new[-1]["text"] and stored(harness, ana).answers["graduation_year"] == 2024


async def test_radiology_above_overall_usce_names_the_conflict_and_offers_both_fixes(harness):
    ana = harness.chat()
    await walk(ana, WALK[:4])
    await ana.press("Observership")  # overall US clinical experience
    new = await ana.press("Hands-on radiology")
    text = new[-1]["text"]
    assert "conflicts" in text and "Question 6 of 17" in text
    assert "radiology_experience" not in stored(harness, ana).answers
    await ana.press("Change: US clinical experience")
    assert "Question 5 of 17" in ana.text
    await ana.press("Hands-on")
    await ana.press("Hands-on radiology")
    assert stored(harness, ana).answers["radiology_experience"] == "hands_on"


async def test_typing_an_option_by_text_or_number(harness):
    ana = harness.chat()
    await walk(ana, WALK[:4])
    await ana.send("hands on")
    await ana.send("2")  # second option: radiology observership
    answers = stored(harness, ana).answers
    assert answers["us_clinical_experience"] == "hands_on" and answers["radiology_experience"] == "observership"
    new = await ana.send("banana")
    assert "buttons" in new[-1]["text"] and "Question 7 of 17" in new[-1]["text"]


async def test_a_question_mid_flow_gets_a_word_and_the_same_question(harness):
    ana = harness.chat()
    await ana.send("/assess")
    new = await ana.send("what score do I need?")
    assert "Question 1 of 17" in new[-1]["text"]
    assert "step2_ck_score" not in stored(harness, ana).answers


async def test_back_keeps_the_answer_as_default(harness):
    ana = harness.chat()
    await walk(ana, WALK[:5])
    await ana.press("Back")
    assert "Question 5 of 17" in ana.text and "Current answer" in ana.text
    assert any(b.startswith("✓") and "Hands-on" in b for b, _ in ana.last["buttons"])
    await ana.press("✓ Hands-on")
    assert "Question 6 of 17" in ana.text


async def test_cancel_keeps_progress_and_assess_offers_resume_or_restart(harness):
    ana = harness.chat()
    await walk(ana, WALK[:6])
    await ana.send("/cancel")
    assert "Paused" in ana.text
    await ana.send("/assess")
    assert "6 of 17 answered" in ana.text
    await ana.press("Resume")
    assert "Question 7 of 17" in ana.text
    await ana.send("/cancel")
    await ana.send("/assess")
    await ana.press("Start over")
    assert "erases the 6 answers" in ana.text and len(stored(harness, ana).answers) == 6  # asked first
    await ana.press("Yes, erase")
    assert "Question 1 of 17" in ana.text and stored(harness, ana).answers == {}


async def test_edit_from_summary_returns_to_summary(harness):
    ana = harness.chat()
    await walk(ana)
    await ana.press("Visa")
    assert "Question 8 of 17" in ana.text
    await ana.press("H-1B only")
    assert "Your answers" in ana.text
    await ana.press("Confirm")
    assert stored(harness, ana).answers["visa"] == "h1b_only"
    # later, /profile shows the same summary and a change updates the plan at once
    await ana.send("/profile")
    await ana.press("Step 2 CK")
    await ana.send("240")
    await ana.send("/plan")
    assert "Moderate" in ana.text


async def test_plan_before_completion_says_what_is_missing(harness):
    ana = harness.chat()
    await walk(ana, WALK[:3])
    await ana.send("/plan")
    assert "Still missing" in ana.text and "Target Match" in ana.text
    await ana.press("Continue")
    assert "Question 4 of 17" in ana.text


async def test_plan_sections_each_fit_telegram(harness):
    ana = harness.chat()
    await walk(ana)
    await ana.press("Confirm")
    for label in ("What to do now", "Why this tier", "Backups", "Programs and costs", "Signals", "Letters", "Visa",
                  "Choosing programs"):
        new = await ana.press(label)
        assert [m["method"] for m in new] == ["editmessagetext"] and len(new[0]["text"]) <= 1500 + 60
        if label == "Backups":
            assert "Internal medicine" in ana.text
        await ana.press("« Back to my plan")


async def test_double_tap_is_handled_once_in_order(harness):
    """Two identical taps arrive together: the second is told it was already noted, nothing is corrupted."""
    ana = harness.chat()
    await walk(ana, WALK[:4])
    data = ana.button("Hands-on")
    app = harness.app
    await app.start()
    try:
        for _ in range(2):
            await app.update_queue.put(Update.de_json(callback_update(harness.fake, ana.chat_id, data), app.bot))
        for _ in range(100):
            await asyncio.sleep(0.01)
            if len(harness.fake.answered) >= 2 and "Already noted" in ana.text:
                break
    finally:
        await app.stop()
    session = stored(harness, ana)
    assert session.state == "radiology_experience" and session.answers["us_clinical_experience"] == "hands_on"
    assert "Already noted: US clinical experience: Hands-on" in ana.text and "Question 6 of 17" in ana.text


async def test_answers_file_from_mydata_feeds_the_plan_command(harness):
    ana = harness.chat()
    await walk(ana)
    await ana.press("Confirm")
    new = await ana.send("/mydata")
    [answers_doc] = [m for m in new if m["document"] and m["document"][0] == "answers.json"]
    answers = json.loads(answers_doc["document"][1])
    assert build_plan(validate_answers(answers), harness.runtime.kb, date(2026, 11, 29)).tier == "higher"


def test_readme_state_diagram_matches_the_machine():
    from pathlib import Path
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    assert flow.mermaid() in readme, "regenerate with: python -m bot diagram"
