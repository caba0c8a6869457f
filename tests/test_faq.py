"""FAQ lookup: stories in the chat, safety of the search, the CLI contract, and quality floors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.faq_eval import SETS, build_index, evaluate
from knowledge import faq, faq_message
from knowledge.base import load_knowledge
from knowledge.faq import REQUIRED_IDS
from tests.conftest import seed
from tests.props import tries

INDEX = build_index()
ENTRIES = load_knowledge().faq


@pytest.mark.parametrize("entry_id", REQUIRED_IDS)
async def test_every_required_entry_opens_by_deep_link(harness, entry_id):
    chat = harness.chat()
    [msg] = await chat.send(f"/start faq-{entry_id}")
    entry = harness.runtime.kb.faq[entry_id]
    assert entry.question in msg["text"] and any(d == f"faqm:{entry_id}" for _, d in msg["buttons"])
    [more] = await chat.press("More")
    assert len(more["text"]) > len(msg["text"])


async def test_free_text_question_gets_the_answer_with_related_topics(harness):
    chat = harness.chat()
    [msg] = await chat.send("Do I need Step 3 before an H1B?")
    assert "Step 3" in msg["text"] and "2025" in msg["text"]  # the dated fact shows its year
    assert 3 <= len(msg["buttons"]) <= 5 and msg["buttons"][-1][0] == "« Visas"  # related topics, and back to its topic


async def test_when_the_best_match_is_not_the_one_meant_the_right_topic_is_one_tap_away(harness):
    # the search ranks "which backup is best" first; "is internal medicine a good backup" is a close second
    chat = harness.chat()
    [msg] = await chat.send("Why is internal medicine the usual backup for radiology applicants?")
    meant = harness.runtime.kb.faq["internal-medicine-backup"]
    assert meant.question not in msg["text"]  # the best match is another entry...
    await chat.press(meant.question[:25])  # ...and the one meant is a button under it
    assert meant.question in chat.text


async def test_out_of_scope_question_gets_the_topic_menu_not_a_guess(harness):
    chat = harness.chat()
    [msg] = await chat.send("What's the weather like in Chicago?")
    assert "don't have an answer" in msg["text"] and msg["buttons"]
    await chat.press("Visas")
    await chat.press("J-1 or H-1B")
    assert "J-1" in chat.text


async def test_question_during_the_assessment_is_answered_then_the_same_question(harness):
    chat = harness.chat()
    await chat.send("/assess")
    new = await chat.send("is a transitional year a backup?")
    assert "transitional" in new[0]["text"].lower() and "Question 1 of 17" in new[-1]["text"]


async def test_how_many_programs_gives_personal_numbers_after_the_assessment(harness):
    from tests.examples import MODERATE
    seed(harness.runtime, 9, state="complete", answers=dict(MODERATE), complete=True)
    chat = harness.chat(9)
    [msg] = await chat.send("/start faq-how-many-programs")
    assert "For you:" in msg["text"] and "50–70" in msg["text"]


async def test_answers_that_depend_on_the_profile_show_the_users_own_part_of_the_plan(harness):
    from tests.examples import MODERATE
    chat = harness.chat(9)
    [before] = await chat.send("/start faq-yog")
    assert "Finish the self-assessment" in before["text"] and "For you" not in before["text"]
    seed(harness.runtime, 9, state="complete", answers=dict(MODERATE), complete=True)
    [after] = await chat.send("/start faq-yog")
    assert "For you:" in after["text"] and "Time since graduation" in after["text"]
    await chat.press("My plan: Why this tier")
    assert "Tier: Moderate risk" in chat.text and "held at moderate by" in chat.text
    [backups] = await chat.send("/start faq-best-backup")
    assert "your plan ranks 1." in backups["text"]


@pytest.mark.parametrize("profile", ["STRONG", "MODERATE", "HIGH"])
async def test_every_personal_answer_fits_telegram_for_every_kind_of_profile(harness, profile):
    from tests import examples
    seed(harness.runtime, 9, state="complete", answers=dict(getattr(examples, profile)), complete=True)
    chat = harness.chat(9)
    personal = [e for e in harness.runtime.kb.faq.values() if e.for_you]
    assert len(personal) >= 15
    for entry in personal:
        [msg] = await chat.send(f"/start faq-{entry.id}")
        assert "For you:" in msg["text"] and len(msg["text"]) <= 4096  # the fake checks the HTML too


@settings(max_examples=tries(300), deadline=None)
@given(st.one_of(st.text(max_size=300), st.sampled_from(['"', '*', '-', 'NEAR(a b)', 'a AND b', '(((', '🙂' * 50,
                                                         'x' * 10000, '', 'col:term', '^start', '"unterminated'])))
def test_no_input_makes_the_search_raise(text):
    result = faq.search(INDEX, text)
    assert all(entry in ENTRIES for entry, _ in result.results) and len(result.results) <= 5
    if not any(ch.isalnum() for ch in text):  # syntax alone ("(((", "*", "") never answers
        assert not result.answered and result.results == ()


def test_abbreviation_and_spelled_out_form_find_the_same_entry():
    for short, long in [("Is IM a good backup?", "Is internal medicine a good backup?"),
                        ("How many LoRs do I need?", "How many letters of recommendation do I need?"),
                        ("Is a TY a backup?", "Is a transitional year a backup?"),
                        ("J1 waiver options", "J-1 waiver options")]:
        assert faq.search(INDEX, short).results[0][0] == faq.search(INDEX, long).results[0][0]


@pytest.mark.process
def test_faq_cli_contract():
    root = Path(__file__).parent.parent
    out = subprocess.run([sys.executable, "-m", "bot", "faq", "How many programs should I apply to?", "--json"],
                         capture_output=True, text=True, timeout=60, cwd=root)
    data = json.loads(out.stdout)
    assert data["query"] == "How many programs should I apply to?" and data["answered"] is True
    assert data["results"][0]["id"] == "how-many-programs" and "score" in data["results"][0]


@pytest.mark.process
def test_faq_cli_answers_for_the_day_given():
    """`faq --today`: asked in December 2026, "when does ERAS open" is about the 2027 Match; the JSON stays
    CONTRACTS §4's."""
    root = Path(__file__).parent.parent
    run = [sys.executable, "-m", "bot", "faq", "when does ERAS open"]
    out = subprocess.run([*run, "--today", "2026-12-06"], capture_output=True, text=True, timeout=60, cwd=root)
    assert out.returncode == 0 and "For the 2027 Match (this season)" in out.stdout and "June 2025" not in out.stdout
    data = json.loads(subprocess.run([*run, "--json", "--today", "2026-12-06"], capture_output=True, text=True,
                                     timeout=60, cwd=root).stdout)
    assert set(data) == {"query", "answered", "results"} and data["results"][0]["id"] == "timeline"
    bad = subprocess.run([*run, "--today", "2026-13-40"], capture_output=True, text=True, timeout=60, cwd=root)
    assert bad.returncode == 2 and not bad.stdout


def test_typos_are_mended_to_the_knowledge_bases_own_words():
    speller = faq.speller_for(INDEX.words())
    assert [speller.correct(w) for w in ("pathalogy", "recomendation", "obsevership", "reserach")] == [
        "pathology", "recommendation", "observership", "research"]
    assert speller.correct("radiology") == "radiology"  # known words stay
    assert speller.correct("brain") == "brain"  # short words stay: one edit away from "train"
    assert speller.correct("zzzzzzzz") == "zzzzzzzz"
    for typed, clean in [("is pathalogy a good bakup for radiolgy?", "is pathology a good backup for radiology?"),
                         ("how many recomendation leters do I need", "how many recommendation letters do I need"),
                         ("is famly medicine a sensible fallbak", "is family medicine a sensible fallback")]:
        assert faq.search(INDEX, typed).results == faq.search(INDEX, clean).results, typed
        assert faq.search(INDEX, typed).answered


async def test_a_question_with_typos_still_finds_its_answer(harness):
    chat = harness.chat()
    [msg] = await chat.send("is an obsevership enogh or do I need hands-on expereince?")
    assert "observership" in msg["text"].lower() and "don't have an answer" not in msg["text"]


#: Each held-out set's first-run figures (README, "FAQ lookup"): top-1, top-3, on screen, refusals, and for
#: a set with uncovered questions the share of refusals and don't-knows together ("declined"). The first
#: set's file was edited after its first run (96.4 % top-1 then); 92.9 % is its first figure as it is now.
FIRST_RUNS = {"first held-out": (0.928, 1.0, 1.0, 0.8, 0.0), "second held-out": (0.75, 0.89, 0.89, 1.0, 0.0),
              "third held-out": (0.785, 0.96, 0.96, 0.91, 0.0), "fourth held-out": (0.79, 0.83, 0.83, 0.87, 0.0),
              "fifth held-out": (0.692, 0.738, 0.923, 1.0, 0.935), "sixth held-out": (0.73, 0.76, 0.92, 1.0, 0.866),
              # seventh held-out set, run once at 2441ddc: top-1 90.0 %, on screen 98.0 %, declined 65 %; since read
              "seventh held-out": (0.90, 0.96, 0.98, 0.80, 0.65),
              # eighth held-out set, written blind after round 4 and run once at 5c5c7c2: top-1 92.4 %, top-3 98.5 %,
              # on screen 98.5 %, refusals 100 %, declined 96.7 %
              "eighth held-out": (0.924, 0.984, 0.984, 1.0, 0.966)}


@pytest.mark.quality
def test_quality_does_not_slip_below_what_was_reached():
    """Every held-out set at or above its first run; the development set at what it reached (raise, never lower)."""
    for name, floors in FIRST_RUNS.items():
        r = evaluate(INDEX, SETS[name], timing=False)
        reached = (r["top1"], r["top3"], r["one_tap"], r["refusals"], r["declined"] if r["uncovered_total"] else 1.0)
        assert all(now >= floor for now, floor in zip(reached, floors)), (name, reached)
    dev = evaluate(INDEX, SETS["development"], timing=False)
    assert dev["top1"] >= 0.90 and dev["top3"] >= 0.95 and dev["one_tap"] >= 0.95
    assert dev["refusals"] >= 0.97 and dev["uncovered"] >= 1.0 and dev["declined"] >= 0.978
    typos = evaluate(INDEX, SETS["development"], typos=True, timing=False)  # two slips per question
    assert typos["top1"] >= 0.86 and typos["one_tap"] >= 0.95 and typos["refusals"] >= 0.97
    assert typos["declined"] >= 0.978


async def test_a_long_post_is_answered_by_its_question_not_by_the_scores_before_it(harness):
    chat = harness.chat()
    [msg] = await chat.send("Hi all, I'm a 2019 graduate from Pakistan with 245 on Step 2 CK and two IM "
                            "observerships, no research yet. My question: how many programs should I apply to?")
    assert harness.runtime.kb.faq["how-many-programs"].question in msg["text"]


async def test_a_suspended_nationality_in_the_preamble_finds_the_suspension(harness):
    chat = harness.chat()
    [msg] = await chat.send("I am from Zimbabwe and matched last year. Can I still get a J1 for residency?")
    assert harness.runtime.kb.faq["j1-suspension"].question in msg["text"]


async def test_another_specialty_is_refused_with_why_not_answered_for_radiology(harness):
    chat = harness.chat()
    [msg] = await chat.send("How competitive is dermatology for IMGs?")
    assert "You mention dermatology" in msg["text"] and "diagnostic radiology" in msg["text"]
    assert harness.runtime.kb.faq["competitiveness"].question not in msg["text"]
    await chat.press("Topics I can answer")
    assert "Questions I can answer" in chat.text


async def test_a_question_from_another_domain_sharing_a_word_is_declined_naming_it_as_written(harness):
    # "signals" and "passing score" are the FAQ's own words; traffic signals and the bar exam are not its field
    chat = harness.chat()
    for question, named in [("what are the traffic signals rules in the US", "traffic signals"),
                            ("bar exam passing score?", "bar exam"),
                            ("Do I need the MCAT <b>for</b> residency?", "MCAT")]:
        [msg] = await chat.send(question)
        assert f"You mention {named}, which is outside what I know" in msg["text"], question
        assert "<b>for" not in msg["text"]
        assert all(entry.question not in msg["text"] for entry in harness.runtime.kb.faq.values()), question


async def test_another_specialty_beside_radiology_is_asked_back_with_the_closest_topics(harness):
    chat = harness.chat()
    [msg] = await chat.send("Is anesthesiology a good backup for radiology?")
    assert "You mention anesthesiology" in msg["text"] and "Did you mean" in msg["text"]
    labels = [label for label, _ in msg["buttons"]]
    assert any("backup" in label for label in labels) and any("All topics" in label for label in labels)


async def test_a_field_question_no_entry_covers_gets_an_honest_dont_know_with_the_closest_topics(harness):
    chat = harness.chat()
    [msg] = await chat.send("How many hours a week do radiology residents work?")
    # it says what it does not cover when it can tell (here: life in residency), else "to that question"
    assert "I don't have an answer about life in residency" in msg["text"] and "closest topics" in msg["text"]
    assert 2 <= len(msg["buttons"]) <= 4 and "All topics" in msg["buttons"][-1][0]


async def test_a_patient_question_and_a_spouse_visa_are_refused_with_where_to_ask(harness):
    chat = harness.chat()
    [scan] = await chat.send("Can you read my MRI report? It says a small lesion")
    assert "can't read scans" in scan["text"]
    [visa] = await chat.send("How do I get an H4 visa for my husband?")
    assert "spouse" in visa["text"] and "immigration attorney" in visa["text"]


def test_the_question_of_a_long_post_is_found_and_the_applicants_facts_are_left_out():
    asked, told = faq.parts("I graduated in 2019. Step 2 CK 245, IMG from India. So, is a TY a backup?")
    assert asked == "So, is a TY a backup?" and "2019" in told
    scope = ENTRIES and load_knowledge().faq_scope
    words = faq.lookup_text("got 251 on CK, graduated 2018, I'm from India and also from Nigeria", scope,
                            INDEX.words()).split()
    assert "251" not in words and "2018" not in words and "india" not in words
    assert words[-2:] == ["suspended", "country"]
    assert faq.parts("How many programs? And how many letters?") == ("How many programs? And how many letters?", "")


# --------------------------------------------------------------------------- round 2: how forum posts are read
# Each story below is a kind of question the fifth held-out set missed on its first run, written again in other
# words (none of these sentences is in a labelled set or in an entry's phrasings).

SCOPE = load_knowledge().faq_scope


def _answer(question: str) -> tuple[bool, str]:
    result = faq.search(INDEX, question, scope=SCOPE)
    return result.answered, result.results[0][0] if result.results else ""


async def test_a_question_that_only_says_is_that_allowed_is_read_with_the_story_before_it(harness):
    chat = harness.chat()
    [msg] = await chat.send("A program director called and said they can take me now if I withdraw from the "
                            "Match. Is that even allowed?")
    assert harness.runtime.kb.faq["pre-match-offers"].question in msg["text"]


def test_a_vague_question_after_a_story_is_about_the_story():
    # "will programs think my file is incomplete" is about the sentence before it, which adds its entries to the
    # candidates; "is there anything left to do" names nothing of the field at all and takes that sentence along
    # (with two words no entry has, "paid" and "incomplete", it is offered first rather than answered outright)
    assert _answer("I paid ECFMG in August and MyIntealth has still not verified my medical diploma. "
                   "Will programs think my file is incomplete?")[1] == "ecfmg-delays"
    assert _answer("Sent 90 applications in September, it is nearly January and I have zero interview invites "
                   "from radiology and one from IM. Is there anything left that I can do now?") == (True, "no-interviews")


def test_a_long_post_whose_question_finds_its_entry_is_answered_not_doubted():
    # the story before the question does not count against the answer: the asking part is what it covers
    assert _answer("Hi everyone, long time reader here. 2020 graduate from Sri Lanka, CK 238 first attempt, one "
                   "observership at a community clinic in Ohio, two posters at a conference back home. My uncle "
                   "keeps telling me to aim for internal medicine only. Is family medicine a reasonable plan B for "
                   "somebody set on radiology?") == (True, "family-medicine-backup")
    assert _answer("Namaste seniors. 2017 MBBS from Nepal, CK 229, two failed attempts on step 1, nine months of "
                   "hands-on externship in Florida and three letters from American internists. Everyone in my "
                   "group chat says radiology is out of reach. Could neurology work as a backup for someone who "
                   "mostly loves imaging?") == (True, "neurology-backup")


def test_exams_the_applicant_has_passed_describe_them_and_do_not_pick_the_entry():
    assert _answer("I have passed step 1 and step 2 ck already, is step 3 needed for an H1B program?") == (
        True, "step3-h1b")
    words = faq.lookup_text("cleared step 1 and ck last year, is ck pass fail now", SCOPE, INDEX.words()).split()
    assert words.count("ck") == 1 and "pass" in words and "fail" in words  # the question keeps its own words


def test_im_is_i_am_in_lower_case_before_a_statement_and_internal_medicine_otherwise():
    assert faq.lookup_text("im from Ghana, is IM a good backup", SCOPE, INDEX.words()).split().count("im") == 1
    assert "im" in faq.lookup_text("Does IM really suit a rads applicant?", SCOPE, INDEX.words()).split()
    assert "im" not in faq.lookup_text("im applying this year", SCOPE, INDEX.words()).split()


def test_field_shorthand_is_found_where_entries_spell_it_out_with_of():
    # the entries say "letter of intent"; applicants write "LOI"
    assert _answer("can I send a LOI to my first choice") == (True, "post-interview-communication")
    assert _answer("is an LOI to my number one program a good idea") == (True, "post-interview-communication")


def test_chat_words_do_not_make_a_clear_question_look_unknown():
    # contractions without apostrophes, judgement words, months and "guys" are not topics no entry covers
    assert _answer("guys is FM a dumb backup for rads? dont want to waste a year") == (True, "family-medicine-backup")
    assert _answer("what happens in march if i dont match at all, can i still get a position") == (True, "soap")


def test_a_question_asked_in_the_middle_of_a_sentence_is_the_question():
    asked, told = faq.parts("CK 240, need a J1. I want programs that sponsor it, where do i even begin with the "
                            "list. Is FREIDA any good?")
    assert asked.startswith("I want programs that sponsor it, where do i even begin") and told == "CK 240, need a J1."


def test_how_many_and_who_the_applicant_asks_about_do_not_make_a_clear_question_unsure():
    # "one", "both", "each" shape the question; "PDs" are program directors, not a topic no entry covers
    assert _answer("Can I send one general personal statement to both my IM and my rads programs, or will the "
                   "PDs mind?") == (True, "personal-statements")


def test_a_sentence_that_opens_by_telling_about_the_applicant_is_asked_from_its_comma():
    assert faq.parts("I'm an attending neurologist in Egypt with 12 yrs exp and MRCP, do I have to redo residency "
                     "to practise in the US?")[0] == "do I have to redo residency to practise in the US?"
    assert _answer("I am a pathology consultant in Pakistan with FCPS, can I get a license in the US without "
                   "doing residency again?") == (True, "practice-without-residency")
    assert faq.parts("If I match IM now, can I switch later?") == ("If I match IM now, can I switch later?", "")


def test_applying_to_im_as_a_backup_is_not_the_interview_question():
    # "tell" is what "should I tell an IM program I applied to radiology" is about, not a filler word
    assert _answer("should I apply to IM as a backup?")[1] != "interview-backup-mention"
    assert _answer("should i tell my IM interviewers that radiology is my first choice") == (
        True, "interview-backup-mention")


def test_whether_a_backup_is_needed_is_the_need_a_backup_question():
    # "need" is what need-backup is about: it counts, lightly, instead of being dropped as a filler
    assert _answer("do i need a backup at all") == (True, "need-backup")
    assert _answer("do I really need a backup if my CK is 265?") == (True, "need-backup")


def test_an_exam_passed_is_the_applicants_own_only_when_they_say_so():
    words = faq.lookup_text("Do I need Step 3 passed before the rank list deadline?", SCOPE, INDEX.words()).split()
    assert "step" in words and "3" in words and "passed" in words
    assert "3" not in faq.lookup_text("I've passed step 3, is it a help for H1B", SCOPE, INDEX.words()).split()


# --------------------------------------------------------------------------- round 3: the sixth held-out set's causes
# Each story is a kind of question the sixth held-out set missed on its first run (main at 8970f25), written again in
# other words; each fails on main before the change it names.

def test_everyday_words_no_entry_has_do_not_make_a_right_answer_unsure():
    # "bro", "done", "targeting", "eventually" are not topics no entry covers (as "moonlight" would be)
    assert _answer("bro my rads PS is done, can i just upload the same one for my FM programs or what") == (
        True, "personal-statements")
    assert _answer("should I tell my IM interviewers I'm targeting radiology eventually") == (
        True, "interview-backup-mention")
    assert faq.plain("wasting") and faq.plain("smartest") and faq.plain("eventually")
    assert not faq.plain("moonlight") and not faq.plain("salary")


def test_dr_and_img_in_a_plain_question_do_not_crowd_out_its_entry():
    # "DR" is found wherever the entries say radiology, and the entries covering the question join bm25's candidates
    assert _answer("As an IMG, how many DR programs should I apply to?") == (True, "how-many-programs")
    assert _answer("IMG here - how many DR programs should I apply to? 30? 70?") == (True, "how-many-programs")


def test_applying_only_to_radiology_is_the_need_a_backup_question():
    # "only" is what the question is about, not a stop word; "career suicide" is a risk
    assert _answer("is it ok to apply only to radiology as an IMG?") == (True, "need-backup")
    assert _answer("is applying only DR career suicide for an IMG") == (True, "need-backup")


def test_anything_else_for_ecfmg_cert_is_the_certification_question():
    assert _answer("Passed Step 1, CK and the OET. Anything more needed for my ECFMG cert?") == (
        True, "ecfmg-certification")


def test_is_that_true_for_rads_is_about_the_claim_before_it():
    # a question naming only what most entries are about takes the sentence before it along; "say" and "true" are
    # chat words, so "can I say I wanted radiology" is not the closest phrasing of every message saying "say"
    assert _answer("people keep saying research is useless for IMGs. Is that true for rads?") == (True, "research")
    assert _answer("My friends say a US observership is pointless for IMGs. Is that true for rads?") == (
        True, "observership-vs-elective")


def test_a_remark_in_brackets_is_told_not_asked():
    asked, told = faq.parts("Can a research mentor (PhD, not an MD) write my radiology LoR?")
    assert "PhD" not in asked and "PhD" in told
    assert _answer("Can one of my LoRs for radiology come from my research supervisor (a PhD, not a doctor)?") == (
        True, "letters")


async def test_a_partners_specialty_in_a_couples_question_is_not_refused(harness):
    chat = harness.chat()
    [msg] = await chat.send("My husband is applying pediatrics and I'm applying DR, how do we couple our rank lists?")
    assert harness.runtime.kb.faq["couples-match"].question in msg["text"] and "You mention" not in msg["text"]
    [alone] = await chat.send("How competitive is pediatrics for IMGs?")
    assert "You mention pediatrics" in alone["text"]  # without a couples match it is still another specialty


def test_counts_of_interviews_are_not_what_the_question_is_about():
    # "0 radiology interviews and 2 IM ones": one-digit counts count lightly; "step 1" keeps its number
    assert _answer("It's January, I have 0 radiology interviews and 2 IM ones. What can I still do?") == (
        True, "no-interviews")
    assert _answer("Step 3 for H1B: do I need it before the rank list?") == (True, "step3-h1b")


def test_pgy_years_are_one_word_however_written():
    assert faq.canonical("PGY-2, pgy 2 and PGY2") == "pgy2 pgy2 and pgy2"


def test_a_story_sentence_taken_along_by_a_thin_question_takes_no_other():
    assert _answer("Nepali, YOG 2015, CK 233, one radiology poster. Everyone says forget radiology. Is it realistic "
                   "or am I wasting my time?") == (True, "radiology-realistic")
    assert not faq_message._asks("My friends tell me to forget radiology.")  # telling, not "can someone tell me"
    assert faq_message._asks("can someone tell me the ERAS dates")


def test_the_eval_reads_a_second_acceptable_entry_from_an_also_comment(tmp_path):
    from benchmarks.faq_eval import second_ids
    text = ('answerable:\n  letters:\n    - "plain"\n    - "can a PhD write one? \\"yes\\""  # also: research\n'
            "    - 'it''s fine'  # also: cv\n")
    assert second_ids(text) == {'can a PhD write one? "yes"': "research", "it's fine": "cv"}
    path = tmp_path / "set.yaml"
    path.write_text(text.replace('"plain"', '"How many letters do I need?"') + "refuse: [\"weather?\"]\n")
    r = evaluate(INDEX, path, timing=False)
    assert r["also"] == 2 and r["top1_also"] >= r["top1"]


# --------------------------------------------------------------------------- round 4: does the best entry cover what is asked
# The seventh held-out set's kind of miss: a question shares the field's words with an entry (an observership,
# Step 2 CK, interviews, research, a licence) but asks something else of it (where to find one, how to study,
# pay, what to wear). Each sentence below is new (in no labelled set and no entry's phrasings).

async def test_finding_an_observership_is_declined_saying_what_is_not_covered_with_the_closest_topics(harness):
    chat = harness.chat()
    [msg] = await chat.send("Where can I find a radiology observership that takes foreign graduates?")
    assert "I don't have an answer about how to find an observership" in msg["text"]
    assert "closest topics" in msg["text"]
    labels = [label for label, _ in msg["buttons"]]
    assert any("observership" in label.lower() for label in labels) and "All topics" in labels[-1]
    assert harness.runtime.kb.faq["observership-vs-elective"].short[:40] not in msg["text"]


async def test_a_question_about_interview_manners_points_to_the_interview_practice(harness):
    chat = harness.chat()
    [msg] = await chat.send("is a navy suit ok to wear for my family medicine interviews on zoom?")
    assert "I don't have an answer about how to answer interview questions" in msg["text"]
    assert "/interview" in msg["text"]


def test_asks_no_entry_answers_are_declined_and_the_field_words_around_them_do_not_answer_them():
    for question in ("How should I study for CK in 8 weeks, which question bank?",
                     "what is the monthly stipend for a PGY-1 in internal medicine",
                     "Do neurology residents need ACLS before July?",
                     "Can a J-1 resident moonlight on weekends?",
                     "Does my state issue the training license or do I apply for it myself before residency?",
                     "Are second looks expected after radiology interviews?",
                     "What goes in the MSPE and who uploads it for IMGs?",
                     "Are there paid research fellowships in pathology for IMGs?",
                     "How many years is a neurology residency?",
                     "is it ok to let ChatGPT polish my radiology personal statement",
                     "What does the USMLE Step 3 exam fee come to?",
                     "would an MPH before applying make my IM application stronger",
                     "two radiology interviews on the same day clash, can I reschedule one?"):
        result = faq.search(INDEX, question, scope=SCOPE)
        assert not result.answered and result.reason == "not_covered", (question, result.results[:1])
        assert result.note.startswith("I don't have an answer about"), question


@pytest.mark.quality
def test_no_labelled_question_an_entry_answers_is_declined_for_a_kind_of_ask():
    """An ask's phrases must ask that kind and nothing else: "do programs" (a verb and a noun) as a phrase for
    DO programs declined "do programs still see my step 2 number". Every set's answerable questions are read."""
    declined = []
    for path in SETS.values():
        for expected, questions in yaml.safe_load(path.read_text(encoding="utf-8"))["answerable"].items():
            for question in questions:
                ranking = faq.rank(INDEX, question, SCOPE)
                result = faq.search(INDEX, question, scope=SCOPE)
                if ranking.asks and result.reason == "not_covered" and ranking.scored[0][0] == expected:
                    declined.append((question, [kind.id for kind in ranking.asks]))
    assert not declined


def test_a_slip_in_the_word_that_asks_is_mended_before_the_ask_is_read():
    result = faq.search(INDEX, "can IM residents on an H1B mooonlight?", scope=SCOPE)
    assert not result.answered and "moonlighting" in result.note


def test_an_entry_that_says_it_answers_an_ask_still_answers_it():
    # application-costs and the H-1B fee declare "pay"; the licence entry "licence"; a visa interview is not a
    # residency interview, whatever the tips asked
    assert _answer("how much will I pay in ERAS fees for 90 programs") == (True, "application-costs")
    assert _answer("Who will pay the $100k H-1B fee for residents, me or the hospital?") == (True, "h1b-fee")
    assert _answer("Which states give a license to foreign radiologists without residency?") == (
        True, "practice-without-residency")
    assert _answer("any tips for my J1 visa interview at the consulate?") == (True, "visa-interview")


def test_what_the_embassy_asks_is_the_visa_interview_not_a_residency_interview():
    result = faq.search(INDEX, "what do they ask at the embassy in the J-1 interview", scope=SCOPE)
    assert result.answered and result.results[0][0] == "visa-interview"


def test_licensing_and_exams_in_another_country_are_refused_but_a_us_question_from_abroad_is_not():
    for question in ("How do I get registered with the GMC to work as a radiologist?",
                     "Is the AMC exam hard for a radiologist moving to Australia?",
                     "can I start radiology residency in Canada as an IMG"):
        result = faq.search(INDEX, question, scope=SCOPE)
        assert not result.answered and result.reason == "other_country", question
        assert "outside the US" in result.note
    assert _answer("I trained in the UK, how many US radiology programs should I apply to?") == (
        True, "how-many-programs")


def test_an_entry_may_only_name_asks_the_scope_defines(tmp_path):
    from tests.knowledge_edits import edit, knowledge_copy
    from knowledge.loader import KnowledgeError
    data = knowledge_copy(tmp_path / "data")
    edit(data, "    answers: [pay, cost]\n", "    answers: [pay, cost, haircuts]\n", "faq/applications.yaml")
    with pytest.raises(KnowledgeError, match=r"faq/applications.yaml.*answers\[2\].*'haircuts'"):
        load_knowledge(data)
