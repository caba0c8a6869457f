"""Reading what people type, and saying the right thing at every step (issue 16), as chat transcripts."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
import yaml

from dialogs.reading import read_words, understand
from knowledge.base import load_knowledge
from tests.conftest import FakeClock, Harness, make_runtime, seed, stored
from tests.examples import answers
from tests.test_assessment import WALK, walk

KB = load_knowledge()
TODAY = date(2026, 11, 30)


def reading(qid: str, text: str, **context):
    return understand(KB.question(qid), text, context, TODAY).reading


async def to(chat, qid: str) -> None:
    """Answer the walk up to the question ``qid`` (it is then open)."""
    from dialogs.assessment import QUESTIONS

    await walk(chat, WALK[:QUESTIONS.index(qid)])


# --------------------------------------------------------------------------- answers in the user's own words

async def test_externships_are_confirmed_before_they_count_as_hands_on(harness):
    ana = harness.chat()
    await to(ana, "us_clinical_experience")
    await ana.send("about 6 months of externships")
    assert "counts as hands-on experience" in ana.text and "Question 5 of 17" in ana.text
    assert "us_clinical_experience" not in stored(harness.runtime, ana.chat_id).answers
    await ana.press("Hands-on")
    assert stored(harness.runtime, ana.chat_id).answers["us_clinical_experience"] == "hands_on"


@pytest.mark.parametrize("qid, typed, value", [
    ("research", "one case report in radiology", "radiology"),
    ("research", "no research yet", "none"),
    ("research", "2 pubs in cardiology", "non_radiology"),
    ("radiology_experience", "never did an observership", "none"),
    ("us_clinical_experience", "no hands on, only observing", "observership"),
    ("visa", "I need an H1B, I can't do the J-1", "h1b_only"),
    ("patient_contact", "I don't mind it", "neutral"),
    ("patient_contact", "I don't enjoy it at all", "avoid"),  # "... much" is asked since round 19a (weak)
])
async def test_a_sentence_is_read_when_its_meaning_is_clear(harness, qid, typed, value):
    ana = harness.chat()
    await to(ana, qid)
    await ana.send(typed)
    assert stored(harness.runtime, ana.chat_id).answers[qid] == value


async def test_a_question_typed_at_a_question_is_not_read_as_an_answer(harness):
    ana = harness.chat()
    await to(ana, "us_clinical_experience")
    await ana.send("is an externship hands-on?")
    assert "us_clinical_experience" not in stored(harness.runtime, ana.chat_id).answers
    assert "Question 5 of 17" in ana.text


async def test_two_options_in_one_sentence_are_asked_about(harness):
    ana = harness.chat()
    await to(ana, "english")
    await ana.send("good but needs work")
    assert "more than one option" in ana.text and "english" not in stored(harness.runtime, ana.chat_id).answers
    assert {"Strong", "Needs work"} <= {label for label, _ in ana.last["buttons"]}


def test_numbers_are_never_guessed_from_a_sentence():
    assert not reading("step2_ck_score", "somewhere between 240 and 250").ok
    assert not reading("step2_ck_score", "around 250 i think").ok
    assert reading("usmle_failures", "failed 2 times on step 1 and ck once").value == 3  # added up (issue 23)
    assert reading("step2_ck_score", "two hundred and forty").value == 240
    assert reading("step2_ck_score", "٢٤٥").value == 245  # Arabic-Indic digits
    assert reading("usmle_failures", "zero").value == 0
    assert not reading("step2_ck_score", "twenty twenty").ok


async def test_facts_for_later_questions_are_offered_not_dropped(harness):
    ana = harness.chat()
    await ana.send("/assess")
    await ana.send("scored 261, graduated 2023, green card holder")
    s = stored(harness.runtime, ana.chat_id)
    assert s.answers == {"step2_ck_score": 261}  # only the open question is answered
    assert s.offers == {"graduation_year": 2023, "visa": "no_visa_needed"}
    assert "I also noted graduation year: 2023; visa: No visa needed" in ana.text
    await ana.press("None")  # failed attempts
    assert "From your earlier message: 2023" in ana.text
    await ana.press("✅ 2023")
    assert stored(harness.runtime, ana.chat_id).answers["graduation_year"] == 2023
    for label in ("2027 Match", "Hands-on", "Radiology observership", "or imaging"):
        await ana.press(label)
    assert "From your earlier message: No visa needed" in ana.text
    await ana.press("J-1 is fine")  # the user may still answer differently
    s = stored(harness.runtime, ana.chat_id)
    assert s.answers["visa"] == "j1_ok" and s.offers == {}


def test_the_question_data_names_its_file_and_field_when_wrong(tmp_path):
    import shutil

    from knowledge.loader import KnowledgeError, load_questions

    data = tmp_path / "data"
    shutil.copytree(KB_DIR, data)
    path = data / "questions.yaml"
    path.write_text(path.read_text().replace("combine: [none, non_radiology, radiology]",
                                             "combine: [none, non_radiology, radiologyy]"))
    with pytest.raises(KnowledgeError, match=r"questions.yaml: questions\[6\].reading.combine: 'radiologyy'"):
        load_questions(data)


KB_DIR = __import__("knowledge.base", fromlist=["DATA_DIR"]).DATA_DIR


# --------------------------------------------------------------------------- saying the right thing

async def test_a_final_year_student_can_give_the_year_they_will_graduate(harness):
    ana = harness.chat()
    await ana.send("/assess")
    await ana.send("250")
    await ana.send("0")
    await ana.send("2027")
    assert "Question 4 of 17" in ana.text and stored(harness.runtime, ana.chat_id).answers["graduation_year"] == 2027


async def test_plan_for_a_new_user_does_not_pretend_there_is_something_to_continue(harness):
    ana = harness.chat()
    await ana.send("/plan")
    assert "no plan yet" in ana.text and "Still missing" not in ana.text
    assert ana.button("Start the self-assessment")


async def test_changing_an_answer_after_completion_goes_back_to_the_plan_not_to_confirm(harness):
    ana = harness.chat()
    await walk(ana)
    await ana.press("Confirm")
    await ana.send("/profile")
    await ana.press("Step 2 CK score")
    await ana.send("220")
    labels = [label for label, _ in ana.last["buttons"]]
    assert "Saved: Step 2 CK score 250 → <b>220</b>" in ana.last["html"] and "Tier: Higher-likelihood" in ana.text
    assert "📊 Show my plan" in labels and not any("Confirm" in label for label in labels)
    s = stored(harness.runtime, ana.chat_id)
    assert s.state == "complete" and s.complete and s.answers["step2_ck_score"] == 220
    await ana.press("Show my plan")
    assert "high" in ana.text.lower()  # the tier follows the new score at once


async def test_a_must_match_user_is_not_told_to_wait_a_year(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete",
         answers=answers(step2_ck_score=228, us_clinical_experience="none", radiology_experience="none",
                         research="none", must_match_this_cycle=True))
    await ana.send("/plan")
    said = " ".join(m["text"] for m in ana.messages)
    for key in ("why", "next"):
        await ana.tap(f"plan:{key}")
        said += ana.text
    assert "applying a year later" not in said and "Unless you must match" not in said


async def test_mydata_speaks_to_a_chat_user_and_after_delete_leaves_nothing(harness):
    ana = harness.chat()
    await walk(ana)
    await ana.send("/mydata")
    captions = " ".join(m["text"] for m in ana.messages if m.get("document"))
    assert "python -m bot" not in captions and "advisor" in captions
    await ana.send("/delete")
    await ana.press("Yes, delete")
    await ana.send("/mydata")
    assert harness.runtime.store.load(ana.chat_id) is None and harness.runtime.store.count_users() == 0


async def test_a_late_reminder_says_it_is_late(tmp_path):
    clock = FakeClock(datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc))
    h = Harness(make_runtime(tmp_path, clock=clock))
    async with h.app:
        await h.app.post_init(h.app)
        ana = h.chat()
        await walk(ana)
        await ana.press("Confirm")
        first = next(r for r in h.runtime.store.reminders.for_user(ana.chat_id) if r["status"] == "pending")
        due = datetime.fromisoformat(first["due_at"])
        clock.moment = due.replace(hour=due.hour) + (datetime(2000, 1, 3) - datetime(2000, 1, 1))  # two days late
        await h.runtime.reminders.run_once(h.app.bot)
        assert "Sent late" in ana.text


async def test_a_period_under_way_is_shown_as_under_way(tmp_path):
    h = Harness(make_runtime(tmp_path, today=TODAY))
    async with h.app:
        await h.app.post_init(h.app)
        ana = h.chat()
        seed(h.runtime, ana.chat_id, complete=True, state="complete", answers=answers())
        await ana.send("/timeline")
        season = next(line for line in ana.text.splitlines() if "Interview season" in line)
        assert season.endswith("under way (0/3 ticked)") and "Thu 1 Oct 2026 – Sun 31 Jan 2027" in season


# --------------------------------------------------------------------------- the labelled sets

@pytest.mark.quality
def test_reading_quality_holds_on_the_labelled_sets():
    """The targets on every labelled set in tests/ (issue 16's two, issue 23's development set and its
    held-out sets, the sixth and seventh included): no wrong answer stored, 85 % read without asking."""
    from benchmarks.reading_eval import SETS, evaluate

    for _name, path in SETS:
        r = evaluate(KB, yaml.safe_load(path.read_text())["items"])["all"]
        assert r.wrong == 0, r.misses
        assert (r.figures()["read_without_asking"] or 0) >= 0.85, r.misses


def test_the_labelled_set_is_large_and_half_informal():
    from benchmarks.reading_eval import SETS

    items = yaml.safe_load(SETS[1][1].read_text())["items"]
    assert len(items) >= 150 and sum(i.get("style") == "informal" for i in items) >= len(items) / 2
    assert {i["q"] for i in items} == {q.id for q in KB.questions}  # every question


def test_words_alone_never_answer_a_question_without_reading_rules():
    q = KB.question("graduation_year")
    assert read_words(q, "graduated long ago") is None


# --------------------------------------------------------------------------- issue 23: hear exactly what was said

def labels(chat) -> list[str]:
    return [label for label, _ in chat.last["buttons"]]


def answer_tokens(chat) -> list[str]:
    return [data for _, data in chat.last["buttons"] if data.startswith("a:")]


async def test_failures_on_two_exams_are_added_up_and_said_back_with_the_next_question(harness):
    ana = harness.chat()
    await to(ana, "usmle_failures")
    await ana.send("failed step 1 and step 2 once each")
    assert stored(harness.runtime, ana.chat_id).answers["usmle_failures"] == 2
    assert "Noted: 2 failed attempts (Step 1: 1, Step 2 CK: 1). Not right? tap « Back." in ana.text
    assert "Question 3 of 17" in ana.text  # the say-back rides on the next question: one message
    await ana.press("« Back")  # a misread costs one tap
    assert "Question 2 of 17" in ana.text and "Current answer: 2" in ana.text


async def test_a_second_attempt_counts_one_failure(harness):
    ana = harness.chat()
    await to(ana, "usmle_failures")
    await ana.send("passed step 1 on the second try")
    assert stored(harness.runtime, ana.chat_id).answers["usmle_failures"] == 1
    assert "Noted: 1 failed attempt (Step 1)" in ana.text


async def test_a_number_is_read_when_its_words_say_what_it_is(harness):
    ana = harness.chat()
    await ana.send("/assess")
    await ana.send("took CK last summer, got 236")
    assert stored(harness.runtime, ana.chat_id).answers["step2_ck_score"] == 236
    assert "Noted: 236 (Step 2 CK)" in ana.text and "Question 2 of 17" in ana.text
    await ana.send("0")
    await ana.send("graduated in 2019 from Karachi")
    assert stored(harness.runtime, ana.chat_id).answers["graduation_year"] == 2019


async def test_two_competing_numbers_get_a_targeted_question_with_buttons_each_shown_once(harness):
    ana = harness.chat()
    await ana.send("/assess")
    await ana.send("240 then 251 on the retake")
    assert "step2_ck_score" not in stored(harness.runtime, ana.chat_id).answers
    assert "two numbers, 240 or 251" in ana.text and "Question 1 of 17" in ana.text
    assert labels(ana)[:3] == ["240", "251", "Not taken yet"]
    tokens = answer_tokens(ana)
    assert len(tokens) == len(set(tokens))  # options never shown twice
    await ana.press("251")
    assert stored(harness.runtime, ana.chat_id).answers["step2_ck_score"] == 251


async def test_an_approximate_score_is_confirmed_not_stored(harness):
    ana = harness.chat()
    await ana.send("/assess")
    await ana.send("around 250")
    assert "step2_ck_score" not in stored(harness.runtime, ana.chat_id).answers
    assert "Is 250 your exact Step 2 CK score?" in ana.text and labels(ana)[0] == "250"
    await ana.press("250")
    assert stored(harness.runtime, ana.chat_id).answers["step2_ck_score"] == 250


async def test_a_score_button_that_was_never_offered_is_refused(harness):
    ana = harness.chat()
    await ana.send("/assess")
    await ana.send("around 250")
    await ana.tap("a:step2_ck_score:299")  # forged: 299 was never offered
    assert "step2_ck_score" not in stored(harness.runtime, ana.chat_id).answers
    assert "no longer offered" in ana.text


@pytest.mark.parametrize("qid, typed, doubt", [
    ("visa", "not sure, maybe the J-1", "not sure"),
    ("visa", "I don't know what a J-1 is", "do not know"),
    ("english", "not sure, strong I guess", "not sure"),
    ("patient_contact", "no idea", "no idea"),
    ("neuro_interest", "no idea", "no idea"),
    ("step3", "not sure, maybe later", "not sure"),
])
async def test_an_unsure_reply_is_asked_back_with_the_options_never_stored(harness, qid, typed, doubt):
    ana = harness.chat()
    await to(ana, qid)
    await ana.send(typed)
    assert qid not in stored(harness.runtime, ana.chat_id).answers
    assert f"You wrote “{doubt}”" in ana.text
    tokens = answer_tokens(ana)
    assert len(tokens) == len(set(tokens)) and len(tokens) >= 2


async def test_an_unsure_visa_reply_offers_what_was_named_first(harness):
    ana = harness.chat()
    await to(ana, "visa")
    await ana.send("not sure, maybe the J-1")
    assert labels(ana)[0] == "J-1 is fine"
    await ana.press("J-1 is fine")
    assert stored(harness.runtime, ana.chat_id).answers["visa"] == "j1_ok"


async def test_a_question_in_another_script_is_not_read_as_an_answer(harness):
    ana = harness.chat()
    await to(ana, "visa")
    await ana.send("ما هو J-1؟")
    assert "visa" not in stored(harness.runtime, ana.chat_id).answers
    assert "script I cannot read" in ana.text


@pytest.mark.parametrize("qid, typed, value, note", [
    ("us_clinical_experience", "no US experience yet, an observership is planned for June", "none",
     "“observership” is planned, so it does not count yet"),
    ("us_clinical_experience", "I worked as a lab assistant in Boston, nothing clinical", "none", ""),
    ("radiology_experience", "none in radiology, my electives were in surgery", "none", ""),
    ("step3", "not gonna take it", "not_planned", ""),
    ("patient_contact", "not a big fan", "avoid", ""),
])
async def test_negation_plans_and_other_fields_are_scoped(harness, qid, typed, value, note):
    ana = harness.chat()
    await to(ana, qid)
    await ana.send(typed)
    assert stored(harness.runtime, ana.chat_id).answers[qid] == value
    assert "Noted: " in ana.text and note in ana.text


async def test_a_plan_alone_is_none_yet_said_back_with_why(harness):
    """Round 15b (the lead's brief): an elective ahead, and nothing else claimed, is no US clinical experience today:
    read as None yet and said back with why, so a misread costs one tap (before, it was asked)."""
    ana = harness.chat()
    await to(ana, "us_clinical_experience")
    await ana.send("I will do an elective next year")
    assert stored(harness.runtime, ana.chat_id).answers["us_clinical_experience"] == "none"
    assert "None yet: “i will do an elective next year”: planned or under way, not done yet" in ana.text


@pytest.mark.parametrize("typed", ["-1", "- 1", "minus one"])
async def test_minus_one_at_failed_attempts_is_refused_naming_it(harness, typed):
    ana = harness.chat()
    await to(ana, "usmle_failures")
    await ana.send(typed)
    assert "usmle_failures" not in stored(harness.runtime, ana.chat_id).answers
    assert "is not a number of failed attempts" in ana.text and "Question 2 of 17" in ana.text


async def test_a_sentence_changing_an_answer_at_the_summary_is_said_back_there(harness):
    ana = harness.chat()
    await walk(ana)
    await ana.press("Failed USMLE attempts")
    await ana.send("failed ck once")
    assert stored(harness.runtime, ana.chat_id).answers["usmle_failures"] == 1
    assert "Noted: 1 failed attempt (Step 2 CK). Not right? tap ✏️ Failed USMLE attempts below." in ana.text
    assert "Your answers" in ana.text


async def test_a_question_back_survives_a_restart(tmp_path):
    from cryptography.fernet import Fernet

    key = Fernet.generate_key().decode()
    h = Harness(make_runtime(tmp_path, key=key))
    async with h.app:
        await h.app.post_init(h.app)
        ana = h.chat()
        await ana.send("/assess")
        await ana.send("236 or 241, I forgot which")
        data = ana.button("241")
    h2 = Harness(make_runtime(tmp_path, key=key))  # a new process on the same database
    async with h2.app:
        await h2.app.post_init(h2.app)
        ana2 = h2.chat()
        await ana2.tap(data)
        assert stored(h2.runtime, ana2.chat_id).answers["step2_ck_score"] == 241


@pytest.mark.quality  # every sentence of seven sets (over 2,000 since round 9): 8 s, so in the slow run
def test_every_question_back_in_the_development_and_held_out_sets_names_its_doubt_and_offers_each_option_once():
    """Pure: every answer of the two sets that is not stored says what is unsure, in its own message,
    and the question it comes with offers each value once."""
    from dialogs.assessment import prompt
    from dialogs.session import Session

    items = [item for name in ("reading_dev.yaml", "reading_heldout23.yaml", "reading_heldout24.yaml",
                               "reading_heldout25.yaml", "reading_heldout26.yaml",
                               "reading_heldout27.yaml", "reading_heldout28.yaml")
             for item in yaml.safe_load((KB_DIR.parent.parent / "tests" / name).read_text())["items"]]
    for item in items:
        r = reading(item["q"], item["text"], **(item.get("answers") or {}))
        if r.ok:
            continue
        assert r.doubt and r.doubt.lower() in r.error.lower() or item["expect"] == "refuse", item
        reply = prompt(KB, item["q"], Session(), TODAY, note=r.error, extra=r.candidates)
        tokens = [b.data for row in reply.buttons for b in row if b.data.startswith("a:")]
        assert len(tokens) == len(set(tokens)), (item, tokens)


def test_the_development_set_is_large_varied_and_has_unsure_replies_for_every_question():
    items = yaml.safe_load((KB_DIR.parent.parent / "tests" / "reading_dev.yaml").read_text())["items"]
    assert len(items) >= 300
    assert {i["q"] for i in items if i["kind"] == "unsure"} == {q.id for q in KB.questions}
    assert {"count", "negation", "plan", "field", "unsure", "number", "informal_negative", "minus"} <= \
        {i["kind"] for i in items}
    assert {"formal", "informal", "typo", "abbreviation", "non_native"} <= {i["style"] for i in items}


@pytest.mark.quality
def test_the_reader_hears_exactly_what_was_said_on_the_development_set():
    """Issue 23's targets on its development set: nothing stored that the sentence does not say, 85 % of
    the sentences that state a value read without asking, every question back naming its doubt."""
    from benchmarks.reading_eval import SETS, evaluate

    items = yaml.safe_load(SETS[0][1].read_text())["items"]
    tallies = evaluate(KB, items)
    overall = tallies["all"].figures()
    assert overall["wrong"] == 0, tallies["all"].misses
    assert overall["read_without_asking"] >= 0.85 and overall["all_named"], tallies["all"].misses
    for kind, tally in tallies.items():
        assert tally.wrong == 0, (kind, tally.misses)


# --------------------------------------------------------------------------- issue 23, round 2: the held-out set's lessons

@pytest.mark.parametrize("qid, typed, doubt", [
    ("us_clinical_experience", "only a virtual observership from home", "not in person"),
    ("research", "co-author on an ultrasound guided nerve block paper (anesthesia)", "“ultrasound” and “anesthesia”"),
    ("visa", "H1B preferably", "“preferably”"),
    ("must_match_this_cycle", "ideally yes", "“ideally”"),
    ("visa", "J1 scares me a bit but fine", "a worry, not a choice"),
    ("english", "fluent but people sometimes dont get my accent", "“people sometimes do not get my accent”"),
    ("patient_contact", "i like patients but not the follow up over months part", "“not the follow up over months part”"),
    ("patient_contact", "maybe", "“maybe”"),
    ("step3", "nope", "“nope”"),
    ("graduation_year", "MBBS batch 2014", "2014 as your batch"),
    ("graduation_year", "last year in med school now", "“last year in med school now”"),
    ("graduation_year", "final year exams were 2021 but internship finished 2022", "looks like"),
    ("step2_ck_score", "sat for it 2 weeks ago, result still pending", "“pending”"),
    ("usmle_failures", "1.5", "1.5"),
    ("usmle_failures", "about 2", "“about 2”"),
])
def test_what_flattered_or_guessed_on_the_held_out_set_is_asked_naming_the_doubt(qid, typed, doubt):
    """Round 2: a preference, a hedge, a worry, a virtual or planned level, a field named twice, a batch
    year, a pending result: asked, never stored, and the question back names what is unsure."""
    r = reading(qid, typed)
    assert not r.ok, (typed, r)
    assert doubt.lower() in r.doubt.lower() and r.doubt.lower() in r.error.lower(), (typed, r)


@pytest.mark.parametrize("qid, typed, value, said", [
    ("us_clinical_experience", "obserbership planed for march, none yet", "none", "is planned"),
    ("research", "3 IM case reports published, rads paper still in data collection", "non_radiology", "is planned"),
    ("visa", "J-1 waiver jobs scare me, H1 only pls", "h1b_only", "a worry"),
    ("usmle_failures", "Step 1 failed twice, passed on 3rd attempt. CK first attempt", 2, "2 failed attempts (Step 1)"),
    ("usmle_failures", "I failed PLAB 1 once but no USMLE failures", 0, "is not a USMLE Step"),
    ("usmle_failures", "none.. oh wait I did fail step 1 the first time", 1, "1 failed attempt (Step 1)"),
    ("usmle_failures", "Two (Step 1 and Step 2 CK).", 2, "(Step 1, Step 2 CK)"),
    ("usmle_failures", "like 5 in total across step 1 and ck", 3, "3 or more failed attempts (you wrote like 5"),
    ("graduation_year", "class of '21", 2021, "2021 (graduation)"),
    ("graduation_year", "MBBS 2011-2016, KEMU", 2016, "the end of 2011-2016"),
    ("graduation_year", "graduated last year", 2025, "“last year”"),  # "8 yrs back" is asked since round 21b
    ("graduation_year", "gradueted 2o19", 2019, "2019 (graduation)"),
    ("graduation_year", "२०२२ में पास आउट हुआ", 2022, "the one number in your message"),
    ("match_year", "match 27", 2027, "the 2027 Match"),
    ("match_year", "applying next year", 2028, "applications go out in September 2027"),
    ("match_year", "this cycle, already submitted ERAS in september", 2027, "this cycle"),
    ("step2_ck_score", "ck 241 step 1 pass", 241, "241 (Step 2 CK)"),
    ("citizenship", "Pakistani but I live in Saudi", "PK", "is where you live"),
    ("citizenship", "pakistanii", "PK", "Pakistan"),
    ("citizenship", "Mexicana", "MX", "Mexico"),
    ("english", "i am not confident speak english, doing practise daily", "weak", "Needs work"),
    ("long_term_us_priority", "100%", True, "Yes"),
])
def test_what_a_careful_reader_reads_is_read_and_said_back(qid, typed, value, said):
    """Round 2: the general causes of the held-out set's misses and refusals: the scope of a plan typed with
    a slip, a count and the attempt it was passed on as one history, other exams set aside, a correction,
    a total with its exams, two-digit and relative years, a degree's span, one number in another script,
    where one lives beside one's nationality, near spellings of a country."""
    r = reading(qid, typed)
    assert r.ok and r.value == value and type(r.value) is type(value), (typed, r)
    assert said in r.said, (typed, r.said)


def test_a_count_and_the_attempt_it_was_passed_on_must_agree():
    r = reading("usmle_failures", "Step 1 failed once, passed on 4th attempt")
    assert not r.ok and "passed on attempt 4" in r.doubt and r.doubt in r.error


async def test_a_planned_observership_typed_with_slips_is_said_back_as_none_yet(harness):
    """The held-out set's worst kind: a plan that would have been stored as the level it plans."""
    ana = harness.chat()
    await to(ana, "us_clinical_experience")
    await ana.send("obserbership planed for march, none yet")
    assert stored(harness.runtime, ana.chat_id).answers["us_clinical_experience"] == "none"
    assert "Noted: None yet (“obserbership” is planned, so it does not count yet)." in ana.text


async def test_a_preference_for_the_h1b_is_asked_not_stored_as_h1b_only(harness):
    ana = harness.chat()
    await to(ana, "visa")
    await ana.send("H1B preferably")
    assert "visa" not in stored(harness.runtime, ana.chat_id).answers
    assert "You wrote “preferably”" in ana.text and labels(ana)[0] == "H-1B only"
    await ana.press("J-1 is fine")
    assert stored(harness.runtime, ana.chat_id).answers["visa"] == "j1_ok"


# --------------------------------------------------------------------------- issue 23, round 3: the third held-out set's lessons

@pytest.mark.parametrize("qid, typed, doubt", [
    # a value said of something else: another field, pointed back to or denied in its own clause
    ("radiology_experience", "did an observership, but that was in cardiology", "not radiology"),
    # a plan with its date ahead (round 15b: at the experience questions a planned level alone is None yet
    # today, tests/test_reading_round15b.py)
    ("visa", "green card confirmed for April, until then a visa", "is planned"),
    # a status that belongs to someone else
    ("visa", "my husband is a green card holder", "about someone else"),
    # a drawback after "but" leaves the top level open
    ("english", "very fluent, but my pronunciation gives people trouble", "“my pronunciation gives people trouble”"),
    # "no" to "do you enjoy...?" is not "I'd rather avoid it"; half a yes and half a no
    ("patient_contact", "nope", "“nope”"),
    ("academic_environment", "teaching yes, publishing pressure no", "“publishing pressure no”"),
    # a question back after the value
    ("match_year", "2028 Match, is that too late?", "“is that too late?”"),
    # a number said to be wrong, and nothing else
    ("step2_ck_score", "not 230", "“not 230”"),
    # a year that is not graduation
    ("graduation_year", "working since 2018", "something other than graduation"),
    # where one lives is not one's nationality
    ("citizenship", "I live in Amman", "“I live in Amman”"),
    # a question to the bot is named as one
    ("visa", "which visa do most programs sponsor?", "a question"),
])
def test_what_is_said_of_something_else_or_later_is_asked_naming_it(qid, typed, doubt):
    """Round 3: a field said in the clause after ("but that was in cardiology"), a plan with a date ahead, a
    green card applied for, someone else's status, a drawback, a bare no to "do you enjoy", a question back,
    a denied number, a year of work, a city one lives in: never stored, and the question back names why."""
    r = reading(qid, typed)
    assert not r.ok, (typed, r)
    assert doubt.lower() in r.doubt.lower() and r.doubt.lower() in r.error.lower(), (typed, r)


@pytest.mark.parametrize("qid, typed, value, said", [
    # a self-correction, and a closing total
    ("usmle_failures", "no failures... actually, I failed CK once", 1, "1 failed attempt (Step 2 CK)"),
    ("usmle_failures", "failed CK once and step 1 once, so 2 in total", 2, "you wrote “so 2 in total”"),
    # one exam's history said twice is one history; an exception to "everything first attempt"
    ("usmle_failures", "CK took me 2 attempts, cleared it on the second", 1, "1 failed attempt (Step 2 CK)"),
    ("usmle_failures", "first attempt on everything apart from step 1, passed it on the third", 2,
     "the rest on the first attempt"),
    # the field pointed back to, or the subject denied, in the next clause
    ("radiology_experience", "did an observership, it was in pediatrics though, not rads", "none", "is not radiology"),
    ("radiology_experience", "elective done, not in radiology though", "none", "is not in radiology"),
    ("us_clinical_experience", "no shadowing - a sub-internship, 4 weeks", "hands_on", "Hands-on"),
    # a number said to be wrong beside the right one
    ("step2_ck_score", "it was 251, not 241 as I said before", 251, "not 241"),
    ("match_year", "not 2028, that is too soon. 2029 then", 2029, "not 2028"),
    # numbers as they are said aloud
    ("graduation_year", "twenty nineteen", 2019, "from “twenty nineteen”"),
    ("step2_ck_score", "two sixty-one", 261, "261 (Step 2 CK"),
    ("step2_ck_score", "CK 244 out of 300", 244, "244 (Step 2 CK"),
    # nationality: a city one is from, origin and what one is not set aside, irregular peoples
    ("citizenship", "from Karachi", "PK", "the country of the city you named"),
    ("citizenship", "Indian descent, but a Canadian citizen", "CA", "is your origin"),
    ("citizenship", "not Pakistani, Bangladeshi", "BD", "is what you are not"),
    ("citizenship", "British", "GB", "United Kingdom"),
    # no in another script, said back
    ("radiology_experience", "نہیں", "none", "I read it as no"),
    # a condition states nothing; "write" an exam; neither one nor the other
    ("must_match_this_cycle", "no, another cycle is fine if I need to", False, "No"),
    ("step3", "I will not write step 3", "not_planned", "Not planned"),
    ("patient_contact", "neither like nor dislike", "neutral", "Neutral"),
])
def test_what_is_taken_back_denied_or_said_aloud_is_read_and_said_back(qid, typed, value, said):
    """Round 3: the value the user ends on is read, what they took back or denied is set aside and said back."""
    r = reading(qid, typed)
    assert r.ok and r.value == value and type(r.value) is type(value), (typed, r)
    assert said in r.said, (typed, r.said)


def test_a_statement_opening_with_should_is_not_taken_for_a_question():
    r = reading("graduation_year", "should have been 2019 but the strike delayed it, I graduated in 2020")
    assert r.ok and r.value == 2020, r


async def test_an_observership_in_another_field_is_said_back_as_none_in_radiology(harness):
    """The third held-out set's kind of flattery: a radiology observership stored for one in another field."""
    ana = harness.chat()
    await to(ana, "radiology_experience")
    await ana.send("observership yes, but it was in pediatrics. not rads")
    assert stored(harness.runtime, ana.chat_id).answers["radiology_experience"] == "none"
    assert "Noted: None yet (“observership” is not radiology)." in ana.text


async def test_a_green_card_still_in_process_is_asked_not_stored_as_no_visa_needed(harness):
    ana = harness.chat()
    await to(ana, "visa")
    await ana.send("my wife is a US citizen, my green card interview is set for March")
    assert "visa" not in stored(harness.runtime, ana.chat_id).answers
    assert ("“green card” is planned, so it does not count yet; “my wife is a us citizen” is about someone else, not "
            "your own answer") in ana.text
    await ana.press("J-1 is fine")
    assert stored(harness.runtime, ana.chat_id).answers["visa"] == "j1_ok"


async def test_a_value_taken_from_a_plain_sentence_is_said_back_too(harness):
    """'I graduated in 2021' holds one plain year, yet it is a sentence: the user sees what was stored, so a
    misread costs one tap; the number typed alone is not repeated."""
    ana = harness.chat()
    await ana.send("/assess")
    await ana.send("238")
    assert "Noted:" not in ana.text and "Question 2 of 17" in ana.text
    await ana.send("0")
    await ana.send("I graduated in 2021")
    assert stored(harness.runtime, ana.chat_id).answers["graduation_year"] == 2021
    assert "Noted: 2021 (Graduation year). Not right? tap « Back." in ana.text and "Question 4 of 17" in ana.text
