"""What a newcomer still ran into after issue 25 (the leftovers): a second tap on Confirm, text typed at the
summary, and the odd inputs of a first session, told through the fake Bot API as the user sees them."""

from __future__ import annotations

from dialogs import callbacks as cb
from tests.conftest import seed, stored
from tests.examples import MODERATE


async def at_the_summary(harness, chat):
    """A user who answered every question and is looking at the summary, Confirm not yet tapped."""
    seed(harness.runtime, chat.chat_id, state="summary", answers=dict(MODERATE))
    await chat.tap(cb.Resume().encode())
    assert "Confirm and see my plan" in [label for label, _ in chat.newest_keyboard()["buttons"]][-1]


# --------------------------------------------------------------------------- Confirm tapped twice

async def test_a_second_confirm_tap_says_the_assessment_is_saved_and_offers_the_plan(harness):
    """The first tap looked slow, so Ana tapped Confirm again on the same message."""
    ana = harness.chat()
    await at_the_summary(harness, ana)
    summary = ana.newest_keyboard()["message_id"]
    confirm = ana.button("Confirm")
    await ana.tap(confirm, message_id=summary)
    assert "Your plan" in ana.text and stored(harness.runtime, ana.chat_id).complete
    again = await ana.tap(confirm, message_id=summary)
    said = "\n".join(m["text"] for m in again)
    assert "Already saved: your assessment is complete" in said and "earlier message" not in said
    assert "Self-assessment" not in [label for m in again for label, _ in m["buttons"]]  # not the menu
    await ana.press("Show my plan")
    assert "Your plan" in ana.text
    assert stored(harness.runtime, ana.chat_id).answers == MODERATE


async def test_confirm_on_an_old_summary_while_changing_an_answer_says_saved_and_asks_that_question_again(harness):
    ana = harness.chat()
    await at_the_summary(harness, ana)
    confirm = ana.button("Confirm")
    summary = ana.newest_keyboard()["message_id"]
    await ana.tap(confirm, message_id=summary)
    await ana.send("/profile")
    await ana.press("Graduation year")
    await ana.tap(confirm, message_id=summary)
    assert "Already saved" in ana.text and "Graduation year" in ana.text and "Question" in ana.text


# --------------------------------------------------------------------------- typed at the summary

async def test_a_question_typed_at_the_summary_is_answered_and_the_summary_comes_back(harness):
    ana = harness.chat()
    await at_the_summary(harness, ana)
    new = await ana.send("what is a J-1 waiver?")
    assert len(new) == 2 and "J-1" in new[0]["text"]
    assert "nothing was changed" in new[1]["text"] and "Your answers" in new[1]["text"]
    assert ana.button("Confirm and see my plan") and ana.button("✏️ Graduation year")


async def test_ok_typed_at_the_summary_says_how_to_confirm_not_a_failed_lookup(harness):
    ana = harness.chat()
    await at_the_summary(harness, ana)
    for typed in ("ok", "confirm", "asdkjh"):
        [reply] = await ana.send(typed)
        assert "I don't have an answer" not in reply["text"] and "Your answers" in reply["text"]
        assert ana.button("Confirm and see my plan")
    assert "tap ✅ Confirm" in (await ana.send("yes"))[0]["text"]
    assert stored(harness.runtime, ana.chat_id).state == "summary"  # a typed word is not a tap


async def test_a_correction_typed_at_the_summary_is_said_back_and_one_tap_from_being_made(harness):
    """Ana notices a slip on the summary and types it instead of finding the button."""
    ana = harness.chat()
    await at_the_summary(harness, ana)
    [reply] = await ana.send("my score is actually 245")
    assert "Step 2 CK score 237 → 245" in reply["text"]
    assert stored(harness.runtime, ana.chat_id).answers["step2_ck_score"] == 237  # nothing stored unasked
    await ana.press("Step 2 CK score → 245")
    assert "Question 1 of 17" in ana.text
    await ana.press("✅ 245")
    assert stored(harness.runtime, ana.chat_id).answers["step2_ck_score"] == 245
    assert "Saved: Step 2 CK score 237 → 245" in ana.text and ana.button("Confirm and see my plan")
    await ana.press("Confirm and see my plan")
    assert "Your plan" in ana.text


async def test_a_what_if_question_at_the_summary_is_answered_and_offers_no_change(harness):
    ana = harness.chat()
    await at_the_summary(harness, ana)
    new = await ana.send("what if my score is 230?")
    assert "I read a change" not in new[-1]["text"] and "→" not in new[-1]["text"]
    assert "Your answers" in new[-1]["text"] and ana.button("Confirm and see my plan")


async def test_a_year_typed_at_the_summary_that_is_already_the_answer_says_so(harness):
    ana = harness.chat()
    await at_the_summary(harness, ana)
    [reply] = await ana.send("I graduated in 2021")
    assert "already your answer" in reply["text"] and ana.button("Confirm and see my plan")


# --------------------------------------------------------------------------- « Back goes where the user came from

async def test_back_while_changing_one_answer_returns_to_the_answers_in_place_with_nothing_changed(harness):
    """Ana taps ✏️ Graduation year on the summary, then thinks better of it: « Back is the summary again
    (the same message), not the question before it."""
    ana = harness.chat()
    await at_the_summary(harness, ana)
    summary = ana.newest_keyboard()["message_id"]
    await ana.press("✏️ Graduation year")
    assert "Graduation year" in ana.text and "Question 3 of 17" in ana.text
    new = await ana.press("« Back to my answers")
    assert [m["method"] for m in new] == ["editmessagetext"] and new[0]["message_id"] == summary
    assert "Nothing was changed" in ana.text and ana.button("Confirm and see my plan")
    assert stored(harness.runtime, ana.chat_id).answers == MODERATE
    await ana.press("✏️ Step 2 CK score")  # the first question too has its way back
    await ana.press("« Back to my answers")
    assert ana.button("Confirm and see my plan")


async def test_back_while_changing_an_answer_of_a_finished_assessment_returns_to_the_answers(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, state="complete", complete=True, answers=dict(MODERATE))
    await ana.send("/profile")
    await ana.press("✏️ Graduation year")
    await ana.press("« Back to my answers")
    assert "Nothing was changed" in ana.text and ana.button("Show my plan")
    s = stored(harness.runtime, ana.chat_id)
    assert s.state == "complete" and s.complete and not s.editing and s.answers == MODERATE


async def test_a_command_at_the_summary_brings_the_summary_back_below_it(harness):
    """At the summary Ana checks /help first; Confirm must not be left behind, above the help."""
    ana = harness.chat()
    await at_the_summary(harness, ana)
    new = await ana.send("/help")
    assert "/assess" in new[0]["text"] and "Your answers" in new[-1]["text"]
    assert ana.newest_keyboard()["message_id"] == new[-1]["message_id"] and ana.button("Confirm and see my plan")
    [reply] = await ana.send_raw(extra={"sticker": {"file_id": "s1", "file_unique_id": "s", "width": 512,
                                                     "height": 512, "is_animated": False, "is_video": False,
                                                     "type": "regular"}})
    assert reply["text"].startswith("I can only read text") and "Your answers" in reply["text"]  # one screen


# --------------------------------------------------------------------------- a tap that looked slow, tapped again

async def test_an_answer_tapped_twice_is_noted_once_and_said_so_not_called_an_earlier_message(harness):
    ana = harness.chat()
    await ana.send("/assess")
    await ana.send("250")
    question = ana.newest_keyboard()["message_id"]
    none = ana.button("None")
    await ana.tap(none, message_id=question)
    again = await ana.tap(none, message_id=question)
    said = "\n".join(m["text"] for m in again)
    assert "Already noted: Failed USMLE attempts: None" in said and "earlier message" not in said
    assert "Question 3 of 17" in ana.text and stored(harness.runtime, ana.chat_id).answers["usmle_failures"] == 0
    await ana.tap("a:step2_ck_score:null", message_id=question)  # a different answer to an earlier question
    assert "earlier message" in ana.text and stored(harness.runtime, ana.chat_id).answers["step2_ck_score"] == 250


async def test_pause_tapped_twice_says_it_is_already_paused_and_what_was_kept(harness):
    ana = harness.chat()
    await ana.send("/assess")
    await ana.send("250")
    pause = ana.button("Pause")
    question = ana.newest_keyboard()["message_id"]
    await ana.tap(pause, message_id=question)
    assert "Paused. Your 1 answer is saved" in ana.text
    await ana.tap(pause, message_id=question)
    assert "Already paused. Your 1 answer is saved; /assess picks up at question 2 of 17" in ana.text
    assert "Nothing to cancel" not in ana.text


async def test_the_assessment_command_after_finishing_offers_the_plan_first(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, state="complete", complete=True, answers=dict(MODERATE))
    await ana.send("/assess")
    await ana.press("Show my plan")
    assert "Your plan" in ana.text


# --------------------------------------------------------------------------- the terminal console

def test_in_the_console_enter_is_a_new_prompt_and_the_summary_options_survive_a_command(tmp_path):
    """At the summary in the terminal, Ana presses Enter by mistake, reads /help, then types Confirm's words."""
    from tests.conftest import console_at_summary

    runtime, console, out = console_at_summary(tmp_path, MODERATE)
    shown = out.getvalue()
    console.step("")
    assert out.getvalue() == shown  # nothing printed again
    console.step("/help")
    console.step("confirm and see my plan")  # the summary came back below the help: its options are live
    assert "Saved. Your assessment is complete." in out.getvalue()
    assert stored(runtime, runtime.settings.console_user).complete


# --------------------------------------------------------------------------- an edited message

async def test_an_answer_corrected_by_editing_the_message_says_how_to_change_it_instead(harness):
    """Ana typed 238, saw the typo and edited her message to 248: the bot had already moved on."""
    from tests.fakebot import message_update

    ana = harness.chat()
    await ana.send("/assess")
    await ana.send("238")
    [reply] = await ana._feed(message_update(harness.fake, ana.chat_id, "248", edited=True))
    assert "don't read edited messages" in reply["text"] and "« Back" in reply["text"]
    assert "Question 2 of 17" in reply["text"]
    assert stored(harness.runtime, ana.chat_id).answers["step2_ck_score"] == 238  # never read from the edit
    await ana.send("/faq")
    [reply] = await ana._feed(message_update(harness.fake, ana.chat_id, "hello", edited=True))
    assert "« Back" in reply["text"]  # still in the assessment: the question again


async def test_a_correction_typed_after_finishing_is_offered_not_answered_with_an_faq_entry(harness):
    """Days later Ana types "my score is actually 245": not an FAQ answer about Step 2 CK, her answer to change."""
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, state="complete", complete=True, answers=dict(MODERATE))
    [reply] = await ana.send("my score is actually 245")
    assert "Step 2 CK score 237 → 245" in reply["text"] and "Nothing is changed yet" in reply["text"]
    assert stored(harness.runtime, ana.chat_id).answers["step2_ck_score"] == 237
    await ana.press("Step 2 CK score → 245")
    await ana.press("✅ 245")
    assert "Saved: Step 2 CK score 237 → 245" in ana.text
    s = stored(harness.runtime, ana.chat_id)
    assert s.answers["step2_ck_score"] == 245 and s.complete and s.state == "complete"
    new = await ana.send("how many programs should I apply to?")  # a question still goes to the FAQ
    assert "I read a change" not in new[0]["text"] and "program" in new[0]["text"].lower()
    new = await ana.send("I graduated in 2021")  # what is already her answer: the FAQ's, as before
    assert "I read a change" not in new[0]["text"]


async def test_asking_at_the_summary_to_change_an_answer_puts_its_button_first(harness):
    ana = harness.chat()
    await at_the_summary(harness, ana)
    [reply] = await ana.send("I need to change my visa")
    assert "To change it, tap ✏️ Visa below" in reply["text"]
    assert reply["buttons"][0][0] == "✏️ Visa" and ana.button("Confirm and see my plan")
    await ana.press("✏️ Visa")
    assert "Question 8 of 17 · Visa" in ana.text
