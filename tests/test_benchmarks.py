"""The throughput benchmark compares like with like: the baseline bot asks the questions the bot asks,
takes the same update stream to the end with no handler failing, and makes the same Bot API calls
for each update as the bot does."""

from typing import Any

from telegram.ext import ApplicationHandlerStop

from benchmarks import baseline_bot, throughput
from dialogs.assessment import applicable
from tests.fakebot import TOKEN, FakeRequest, FakeTelegram


async def test_the_baseline_takes_every_update_the_bot_takes_and_asks_the_same_questions():
    fake = FakeTelegram(check_html=False)
    app = baseline_bot.build(TOKEN, FakeRequest(fake))
    failures: list[BaseException] = []

    async def record(update: object, context: Any) -> None:
        failures.append(context.error)
        raise ApplicationHandlerStop

    app.add_error_handler(record)
    count, _, _ = await throughput.drive(app, fake, 2)
    assert failures == []
    sent = [m["text"] for m in fake.messages_to(1) if not m["edit"]]
    asked = [text for text in sent if text.startswith("Question ")]
    expected = applicable(throughput.user_answers(1))
    assert len(asked) == len(expected) and asked[-1].startswith(f"Question {len(expected)} of {len(expected)}:")
    assert sent[-1] == f"Your plan, from {len(expected)} answers."
    assert count == 2 * len(throughput.script(1))


async def test_the_durable_peer_keeps_every_answer_in_its_file_after_each_update(tmp_path):
    """The durable peer is the baseline with PicklePersistence written after every update."""
    import pickle

    fake = FakeTelegram(check_html=False)
    app = baseline_bot.build(TOKEN, FakeRequest(fake), str(tmp_path / "state.pickle"))
    count, _, _ = await throughput.drive(app, fake, 2, flush=True)
    state = pickle.loads((tmp_path / "state.pickle").read_bytes())
    assert set(applicable(throughput.user_answers(1))) <= set(state["user_data"][1])


async def test_our_bot_takes_the_stream_with_no_refused_call_and_commits_every_assessment(tmp_path):
    fake = FakeTelegram(check_html=False)
    app, runtime = throughput.build("ours", fake, str(tmp_path))
    await throughput.drive(app, fake, 3)
    assert fake.errors == []  # every tap was on the question in front of the user: every edit applies
    assert all(runtime.service.session(chat).complete for chat in (1, 2, 3))


async def test_each_scripted_user_gives_answers_of_their_own_and_the_bot_keeps_them_as_given(tmp_path):
    """The benchmark's users differ as real ones do (a memo that only helps identical users would otherwise
    be measured), the same on every run; the bot reads every typed number and stores each user's own."""
    users = 40
    drawn = [throughput.user_answers(chat) for chat in range(1, users + 1)]
    assert drawn == [throughput.user_answers(chat) for chat in range(1, users + 1)]  # seeded: the same each run
    firsts = {tuple(a[k] for k in ("step2_ck_score", "usmle_failures", "graduation_year", "match_year"))
              for a in drawn}
    assert len(firsts) >= users * 0.9
    for key in ("usmle_failures", "us_clinical_experience", "radiology_experience", "visa", "step3", "citizenship"):
        assert len({a[key] for a in drawn}) >= 2, key
    fake = FakeTelegram(check_html=False)
    app, runtime = throughput.build("ours", fake, str(tmp_path))
    await throughput.drive(app, fake, users)
    assert fake.errors == []
    for chat, given in enumerate(drawn, start=1):
        session = runtime.service.session(chat)
        assert session.complete and dict(session.answers) == given, chat


async def test_the_baseline_makes_the_same_bot_api_calls_as_the_bot_update_for_update(tmp_path):
    def calls_per_update(fake: FakeTelegram, app: Any) -> list[list[str]]:
        per_update: list[list[str]] = []
        process = app.process_update

        async def counted(update: object) -> None:
            before = len(fake.calls)
            await process(update)
            per_update.append(fake.calls[before:])

        app.process_update = counted
        return per_update

    seen = []
    for impl in ("baseline", "ours"):
        fake = FakeTelegram(check_html=False)
        app, _ = throughput.build(impl, fake, str(tmp_path / impl))
        per_update = calls_per_update(fake, app)
        await throughput.drive(app, fake, 12)  # users with answers of their own: failures, visas, years
        assert fake.errors == []
        seen.append(per_update)
    assert seen[0] == seen[1], ("the bot's Bot API calls per update changed: make benchmarks/baseline_bot.py make the "
                                "same calls (it is the throughput benchmark's like-for-like baseline)")


def test_the_reading_eval_counts_a_typed_four_fails_as_the_3_or_more_button_and_nothing_else_as_three():
    from benchmarks.reading_eval import KnowledgeBase, evaluate, load_knowledge

    kb: KnowledgeBase = load_knowledge()
    items = [{"q": "usmle_failures", "text": "4 fails total", "expect": 3},
             {"q": "usmle_failures", "text": "failed twice", "expect": 3},
             {"q": "usmle_failures", "text": "4 fails total", "expect": 2}]
    tallies = [evaluate(kb, [item])["all"] for item in items]
    assert [(t.read_right, t.wrong) for t in tallies] == [(1, 0), (0, 1), (0, 1)]
