"""Reminder queue at scale: 100,000 users with a full timeline of reminders each.

    python benchmarks/reminders.py [--users 100000] [--seconds 4]

Prints how long one due-scan takes (nothing due, and 500 due), and the dispatch rate
against the configured limit, with a Bot stand-in that answers instantly (so the figure is
the dispatcher's own pacing, not the network).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.fernet import Fernet  # noqa: E402

from telegram.ext import ExtBot  # noqa: E402

from bot.config import load_settings  # noqa: E402
from bot.ratelimit import ClockRateLimiter  # noqa: E402
from bot.reminders import SystemClock  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from dialogs.session import Session  # noqa: E402
from dialogs.timeline_flow import Prefs, TimelineState  # noqa: E402
from tests.examples import answers  # noqa: E402
from tests.fakebot import TOKEN, FakeRequest, FakeTelegram  # noqa: E402

NOW = datetime.now(timezone.utc).replace(microsecond=0)


def seed(runtime, users: int, due_now: int) -> None:
    """Every user has 12 reminders ahead; ``due_now`` of them have one due this minute."""
    data = Session(state="complete", complete=True, answers=answers()).with_parts(TimelineState(Prefs())).to_json()
    milestones = runtime.kb.calendar.ids()

    def due(i: int, k: int, milestone: str) -> datetime:
        if milestone == "match_day" and i <= due_now:
            return NOW - timedelta(seconds=30)
        return NOW + timedelta(days=10 + 30 * k + i % 30)
    runtime.store.bulk_save(((i, data) for i in range(1, users + 1)),
                            ((i, m, due(i, k, m)) for i in range(1, users + 1) for k, m in enumerate(milestones)))


def timed(fn, runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def measure(users: int = 100_000, seconds: float = 4.0) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings({"BOT_DB_PATH": f"{tmp}/bot.db", "BOT_DATA_KEY": Fernet.generate_key().decode()})
        runtime = build_runtime(settings)
        limit = settings.send_rate
        start = time.perf_counter()
        seed(runtime, users, int(limit * seconds))
        seeded = time.perf_counter() - start
        queue = runtime.store.reminders
        rows = sum(queue.counts().values())
        grace = NOW - timedelta(days=3)
        empty_scan = timed(lambda: queue.claim_due(NOW - timedelta(days=1), grace - timedelta(days=1)))

        def scan_and_release() -> None:
            queue.claim_due(NOW, grace, 500)
            queue.release_claimed()
        due_scan = timed(scan_and_release)
        # the real send path: a PTB bot with the bot's own rate limiter, against a fake that answers at once
        fake = FakeTelegram(check_html=False)
        bot = ExtBot(TOKEN, request=FakeRequest(fake), rate_limiter=ClockRateLimiter(SystemClock(), rate=limit))

        async def dispatch() -> float:
            async with bot:
                start = time.perf_counter()
                await runtime.reminders.run_once(bot)
                return time.perf_counter() - start
        elapsed = asyncio.run(dispatch())
        sent = len(fake.sent)
        return {"users": users, "rows": rows, "seeded_s": seeded, "db_mb": Path(settings.db_path).stat().st_size / 1e6,
                "empty_scan_ms": empty_scan, "due_scan_ms": due_scan, "sent": sent, "elapsed_s": elapsed,
                "rate": (sent - 1) / elapsed, "limit": limit}  # sends per second: the gaps between them


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=4.0, help="how long to measure the dispatch rate")
    args = parser.parse_args()
    r = measure(args.users, args.seconds)
    print(f"users                    {r['users']:,} ({r['rows']:,} reminder rows, seeded in {r['seeded_s']:.1f} s, "
          f"database {r['db_mb']:.0f} MB)")
    print(f"due-scan, nothing due    {r['empty_scan_ms']:.2f} ms")
    print(f"due-scan, 500 due        {r['due_scan_ms']:.2f} ms (claim in one transaction)")
    print(f"dispatch                 {r['sent']} sent in {r['elapsed_s']:.2f} s = {r['rate']:.1f}/s "
          f"against a limit of {r['limit']:.0f}/s ({r['rate'] / r['limit']:.0%} of the limit)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
