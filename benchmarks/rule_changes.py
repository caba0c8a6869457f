"""Rule-change notices at scale: an operator takes Nigeria off the J-visa suspension list and restarts a bot
with 100,000 stored users (CONTRACTS §9).

    python benchmarks/rule_changes.py [--users 100000] [--json]

Seeds a database of varied users (every one with a completed assessment and reminders on; nationalities,
visa routes, scores and years drawn at random), starts the bot once on the shipped knowledge (which
records it), edits facts.yaml, and then, in a fresh process, measures: start-up to a built Application,
the comparison run as the bot runs it, in a low-priority worker process (wall time, users per second, CPU
seconds, how many are told), memory (the bot's RSS after start-up and at its peak, the worker's peak), and
how long a user's /timeline and /help take while the run goes on, against the same turns before it.
``--in-process`` runs the comparison in a thread of the bot's own process instead, for comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.fernet import Fernet  # noqa: E402

from bot.config import load_settings  # noqa: E402
from bot.runtime import Runtime, build_runtime  # noqa: E402
from dialogs.session import Session  # noqa: E402
from dialogs.timeline_flow import Prefs, TimelineState  # noqa: E402
from tests.examples import answers  # noqa: E402
from tests.knowledge_edits import knowledge_copy, lift_suspension  # noqa: E402

#: Nationalities drawn for the users (Nigeria about one in eight).
NATIONS = ("IN", "PK", "EG", "NG", "PH", "BD", "IR", "BR", "MX", "NG", "SY", "VE", "IN", "PK", "NG", "CN")
PROBE = 1  # the chat id of the user whose turns are timed


def profile(rng: random.Random) -> dict[str, Any]:
    match = rng.choice((2027, 2028))
    usce = rng.choice(("none", "observership", "hands_on"))
    levels = ("none", "observership", "hands_on")
    return answers(
        step2_ck_score=None if rng.random() < 0.1 else rng.randint(205, 270),
        usmle_failures=rng.choice((0, 0, 0, 1, 2)), graduation_year=match - 1 - rng.randint(0, 12),
        match_year=match, us_clinical_experience=usce,
        radiology_experience=rng.choice(levels[:levels.index(usce) + 1]),
        research=rng.choice(("none", "non_radiology", "radiology")),
        visa=rng.choice(("no_visa_needed", "j1_ok", "j1_ok", "h1b_only")),
        step3=rng.choice(("passed", "planned", "not_planned")), english=rng.choice(("strong", "average", "weak")),
        patient_contact=rng.choice(("enjoy", "neutral", "avoid")),
        pattern_recognition=rng.choice(("enjoy", "neutral", "avoid")),
        academic_environment=rng.choice(("enjoy", "neutral", "avoid")), neuro_interest=rng.random() < 0.3,
        must_match_this_cycle=rng.random() < 0.4, long_term_us_priority=rng.random() < 0.8,
        citizenship=rng.choice(NATIONS))


def env(folder: Path, key: str) -> dict[str, str]:
    return {"BOT_DB_PATH": str(folder / "db" / "bot.db"), "BOT_DATA_KEY": key,
            "BOT_KNOWLEDGE_DIR": str(folder / "kb"), "TELEGRAM_BOT_TOKEN": "123456:TEST-token-do-not-log"}


def seed(folder: Path, key: str, users: int) -> float:
    """The database as it stood before the edit: every user compared under the shipped knowledge."""
    knowledge_copy(folder / "kb")
    runtime = build_runtime(load_settings(env(folder, key)))
    rng = random.Random(26)
    started = time.perf_counter()
    runtime.store.bulk_save(
        (i, Session(state="complete", complete=True, answers=profile(rng)).with_parts(TimelineState(Prefs())).to_json())
        for i in range(1, users + 1))
    asyncio.run(runtime.notices.run())  # the first start records the knowledge in force
    lift_suspension(folder / "kb", "NG")
    return time.perf_counter() - started


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def turns(runtime: Runtime, app: Any, fake: Any, until: asyncio.Task[Any] | None, count: int) -> list[float]:
    """Time /timeline and /help for one user, ``count`` times (or until the run ends), 20 ms apart."""
    from telegram import Update

    from tests.fakebot import message_update

    times = []
    for i in range(count):
        if until is not None and until.done():
            break
        update = Update.de_json(message_update(fake, PROBE, "/timeline" if i % 2 else "/help"), app.bot)
        start = time.perf_counter()
        await app.process_update(update)
        times.append((time.perf_counter() - start) * 1000)
        with fake.lock:  # the fake's transcript is not the bot's memory
            fake.sent.clear()
            fake.screen.clear()
            fake.calls.clear()
        await asyncio.sleep(0.02)
    return times


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def after_restart(folder: Path, key: str, in_process: bool) -> dict[str, Any]:
    """The restart after the edit (run in a fresh process, so its memory is its own). The comparison runs
    as the bot runs it, in a worker process (``bot.notices.run_apart``), or with ``in_process`` in a thread
    of the bot's own process (``RuleNotices.run``), for comparison."""
    from bot.notices import run_apart
    from bot.telegram_app import build_application
    from tests.fakebot import FakeRequest, FakeTelegram

    started = time.perf_counter()
    runtime = build_runtime(load_settings(env(folder, key)))
    fake = FakeTelegram(check_html=False)
    app = build_application(runtime, request=FakeRequest(fake), rate_limit=False)
    ready = time.perf_counter() - started
    rss_ready = rss_mb()

    async def comparison() -> dict[str, Any]:
        if in_process:
            return (await runtime.notices.run()).to_json()
        if not await asyncio.to_thread(runtime.notices.prepare):
            return {}
        return await run_apart(runtime.settings, runtime.notices.data_dir) or {}

    async with app:
        quiet = await turns(runtime, app, fake, None, 200)
        cpu = time.process_time()
        run_started = time.perf_counter()
        run = asyncio.create_task(comparison())
        first = await turns(runtime, app, fake, run, 1)  # the first reply after the restart
        busy = first + await turns(runtime, app, fake, run, 10**6)
        report = await run
        seconds = time.perf_counter() - run_started
        cpu = time.process_time() - cpu
    mine = resource.getrusage(resource.RUSAGE_SELF)
    worker = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"mode": "thread" if in_process else "worker process", "users": report.get("users", 0),
            "compared": report.get("compared", 0), "told": report.get("told", 0),
            "by_kind": report.get("by_kind", {}), "ready_s": round(ready, 2), "run_s": round(seconds, 1),
            "users_per_s": round(report.get("users", 0) / seconds),
            "run_cpu_s": round(cpu + worker.ru_utime + worker.ru_stime, 1),
            "rss_ready_mb": round(rss_ready, 1), "rss_peak_mb": round(mine.ru_maxrss / 1024, 1),
            "worker_peak_mb": round(worker.ru_maxrss / 1024, 1),
            "quiet_p50_ms": round(statistics.median(quiet), 2), "quiet_p99_ms": round(pct(quiet, 0.99), 2),
            "busy_first_ms": round(first[0], 2), "busy_p50_ms": round(statistics.median(busy), 2),
            "busy_p99_ms": round(pct(busy, 0.99), 2), "busy_max_ms": round(max(busy), 2), "busy_turns": len(busy)}


def measure(users: int, in_process: bool = False) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder, key = Path(tmp), Fernet.generate_key().decode()
        seeded = seed(folder, key, users)
        child = subprocess.run([sys.executable, __file__, "--restart", tmp, "--key", key]
                               + (["--in-process"] if in_process else []), capture_output=True, text=True,
                               check=True, cwd=ROOT)
        result: dict[str, Any] = json.loads(child.stdout.splitlines()[-1])
        result["seed_s"] = round(seeded, 1)
        files = [folder / "db" / name for name in ("bot.db", "bot.db-wal")]
        result["db_mb"] = round(sum(f.stat().st_size for f in files if f.exists()) / 1e6, 1)
        return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--in-process", action="store_true",
                        help="run the comparison in a thread of the bot's process instead of a worker process")
    parser.add_argument("--restart", help=argparse.SUPPRESS)
    parser.add_argument("--key", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.restart:
        print(json.dumps(asyncio.run(after_restart(Path(args.restart), args.key, args.in_process))))
        return 0
    r = measure(args.users, args.in_process)
    if args.json:
        print(json.dumps(r))
        return 0
    print(f"{r['users']:,} users (database {r['db_mb']} MB), comparison in a {r['mode']}: start-up to ready "
          f"{r['ready_s']} s; the run {r['run_s']} s in the background ({r['users_per_s']:,} users/s, "
          f"{r['run_cpu_s']} s of CPU), {r['compared']:,} plans compared, {r['told']:,} told; RSS "
          f"{r['rss_ready_mb']} MB after start-up, bot peak {r['rss_peak_mb']} MB, worker peak {r['worker_peak_mb']} MB")
    print(f"a user's /help and /timeline: {r['quiet_p50_ms']} ms p50, {r['quiet_p99_ms']} ms p99 before the run; "
          f"during it ({r['busy_turns']} turns) first reply {r['busy_first_ms']} ms, p50 {r['busy_p50_ms']} ms, "
          f"p99 {r['busy_p99_ms']} ms, slowest {r['busy_max_ms']} ms")
    print(f"told, by kind of change: {r['by_kind']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
