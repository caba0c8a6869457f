"""The throughput benchmark compares like with like: the baseline bot asks the questions the bot asks
and takes the same update stream to the end, with no handler failing along the way."""

from typing import Any

from telegram.ext import ApplicationHandlerStop

from benchmarks import baseline_bot, throughput
from dialogs.assessment import applicable
from tests.examples import STRONG
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
    asked = [m["text"] for m in fake.messages_to(1) if m["text"].startswith("Question ")]
    expected = applicable(dict(STRONG))
    assert len(asked) == len(expected) and asked[-1].startswith(f"Question {len(expected)} of {len(expected)}:")
    texts = [m["text"] for m in fake.messages_to(1)]
    assert texts[-2:] == ["Saved.", f"Your plan, from {len(expected)} answers."]
    assert count == 2 * len(throughput.script(fake, 1))
