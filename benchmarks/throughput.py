"""Throughput and latency: N users complete the assessment and open their plan, through a real Application.

    python benchmarks/throughput.py --impl ours|baseline|durable [--users 2000]

Prints one JSON line. ``ours`` is the bot (SQLite, every answer committed and encrypted);
``baseline`` is benchmarks/baseline_bot.py (ConversationHandler, memory only); ``durable`` is the
same baseline with python-telegram-bot's PicklePersistence written after every update (its durable
option). All get the same user actions over the same in-process fake Bot API, one update at a time,
users interleaved; a tap is made on the message that holds the newest keyboard in that chat, as a
user taps the question in front of them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402

from dialogs.assessment import QUESTIONS, value_token  # noqa: E402
from tests.examples import MATCH, answers  # noqa: E402
from tests.fakebot import TOKEN, FakeRequest, FakeTelegram, callback_update, message_update  # noqa: E402

TYPED = ("step2_ck_score", "usmle_failures", "graduation_year")
EXPERIENCE = ("none", "observership", "hands_on")


def user_answers(chat_id: int) -> dict[str, object]:
    """One user's answers, drawn from a generator seeded by the chat: users differ as real ones do (scores,
    failed attempts, years out, experience, visa, nationality, preferences), the same on every run and for
    every bot. Every user needs a visa, so every user is asked all the questions (the baseline's are fixed)."""
    r = random.Random(chat_id)
    usce = r.choice(EXPERIENCE)
    return answers(
        step2_ck_score=r.randint(205, 270), usmle_failures=r.choice((0, 0, 0, 0, 0, 1, 1, 2)),
        graduation_year=MATCH - 1 - r.randint(0, 12), match_year=MATCH + r.choice((0, 0, 1)),
        us_clinical_experience=usce, radiology_experience=r.choice(EXPERIENCE[:EXPERIENCE.index(usce) + 1]),
        research=r.choice(("none", "non_radiology", "radiology")), visa=r.choice(("j1_ok", "h1b_only")),
        citizenship=r.choice(("IN", "PK", "NG", "EG", "PH", "BD")),
        step3=r.choice(("passed", "planned", "not_planned")), english=r.choice(("strong", "average", "weak")),
        **{k: r.choice(("enjoy", "neutral", "avoid"))
           for k in ("patient_contact", "pattern_recognition", "academic_environment")},
        **{k: r.random() < 0.5 for k in ("neuro_interest", "must_match_this_cycle", "long_term_us_priority")})


def script(chat_id: int) -> list[tuple[str, str]]:
    """One user's actions: /assess, 17 answers (typed or tapped), confirm, /plan."""
    given = user_answers(chat_id)
    actions = [("text", "/assess")]
    for qid in QUESTIONS:
        actions.append(("text", str(given[qid])) if qid in TYPED else ("tap", f"a:{qid}:{value_token(given[qid])}"))
    return actions + [("tap", "sum:confirm"), ("text", "/plan")]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def drive(app, fake: FakeTelegram, users: int, flush: bool = False) -> tuple[int, float, list[float]]:
    """Feed every user's actions, users interleaved; ``flush`` writes the application's persistence after
    every update. Returns the number of updates, the seconds spent in the application, and each update's time."""
    scripts = {chat_id: script(chat_id) for chat_id in range(1, users + 1)}
    stream = [(chat_id, s[k]) for k in range(len(scripts[1])) for chat_id, s in scripts.items()]
    keyboards: dict[int, int] = {}  # chat -> the message that holds its newest keyboard
    timings = []
    sent = seen = 0
    # ours keeps each update in SQLite as it is received, as a getUpdates batch of one, as ``InboxBot`` does:
    # the batch before committed first (as the next getUpdates would), this one held for its turn to commit
    queue = app.update_queue if hasattr(app.update_queue, "keep_batch") else None
    async with app:
        cpu = time.process_time()
        for n, (chat_id, (kind, value)) in enumerate(stream):
            raw = message_update(fake, chat_id, value) if kind == "text" else \
                callback_update(fake, chat_id, value, message_id=keyboards.get(chat_id, 1))
            update = Update.de_json(raw, app.bot)
            t = time.perf_counter()
            if queue is None:
                await app.process_update(update)
            else:
                await queue.settle()
                if (await queue.keep_batch([update], [raw], hold=True))[0]:
                    await app.process_update(update)
            if flush:
                await app.update_persistence()
            timings.append(time.perf_counter() - t)
            for message in fake.sent[seen:]:
                if message["buttons"]:
                    keyboards[message["chat_id"]] = message["message_id"]
            seen = len(fake.sent)
            if n % 1000 == 999:  # the fake keeps every message it was sent; that is not the bot's memory
                sent += len(fake.sent)
                fake.sent.clear()
                seen = 0
        fake.cpu_seconds = time.process_time() - cpu  # type: ignore[attr-defined]  # every thread of the process
    fake.sent_total = sent + len(fake.sent)  # type: ignore[attr-defined]
    return len(stream), sum(timings), sorted(timings)


def build(impl: str, fake: FakeTelegram, tmp: str):
    if impl in ("baseline", "durable"):
        from benchmarks.baseline_bot import build as build_baseline

        return build_baseline(TOKEN, FakeRequest(fake), f"{tmp}/state.pickle" if impl == "durable" else None), None
    from cryptography.fernet import Fernet

    from bot.config import load_settings
    from bot.runtime import build_runtime
    from bot.telegram_app import build_application

    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_DB_PATH": f"{tmp}/bot.db",
                              "BOT_DATA_KEY": Fernet.generate_key().decode()})
    runtime = build_runtime(settings)
    return build_application(runtime, request=FakeRequest(fake), rate_limit=False), runtime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--impl", choices=("ours", "baseline", "durable"), required=True)
    parser.add_argument("--users", type=int, default=2000)
    args = parser.parse_args()
    fake = FakeTelegram(check_html=False)  # the fake's validator would be measured, not the bot (tests keep it on)
    with tempfile.TemporaryDirectory() as tmp:
        app, runtime = build(args.impl, fake, tmp)
        count, elapsed, timings = asyncio.run(drive(app, fake, args.users, flush=args.impl == "durable"))
        committed = None
        if runtime is not None:
            committed = sum(1 for chat_id in range(1, args.users + 1) if runtime.service.session(chat_id).complete)
    print(json.dumps({"impl": args.impl, "users": args.users, "updates": count, "seconds": round(elapsed, 2),
                      "updates_per_s": round(count / elapsed, 1),
                      "cpu_ms_per_update": round(fake.cpu_seconds / count * 1000, 3),
                      "p50_ms": round(timings[len(timings) // 2] * 1000, 3),
                      "p99_ms": round(timings[int(len(timings) * 0.99)] * 1000, 3),
                      "peak_rss_mb": round(peak_rss_mb(), 1), "messages_sent": fake.sent_total,
                      "fake_errors": len(fake.errors), "complete_in_sqlite": committed}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
