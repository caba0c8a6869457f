"""Cost per user: RSS of a running bot over a database of N stored users, and database bytes per user.

    python benchmarks/memory.py [--users 1000 100000]

For each N a fresh database is seeded (in this process), then a child process starts the bot
(knowledge base, database, Application on the in-process fake), serves 1,000 stored users
(/plan and /timeline each), runs one reminder scan, and reports its RSS. One JSON line per N.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def seed(db_path: str, key: str, users: int) -> None:
    from bot.config import load_settings
    from bot.runtime import build_runtime
    from dialogs.session import Session
    from dialogs.timeline_flow import Prefs, TimelineState, schedule
    from tests.examples import answers

    runtime = build_runtime(load_settings({"BOT_DB_PATH": db_path, "BOT_DATA_KEY": key}))
    now = datetime.now(timezone.utc)
    session = Session(state="complete", complete=True, answers=answers()).with_parts(
        TimelineState(Prefs(), started=now.date().isoformat()))
    due = schedule(runtime.kb.calendar, session, now)
    data = session.to_json()
    runtime.store.bulk_save(((i, data) for i in range(1, users + 1)),
                            ((i, m, at) for i in range(1, users + 1) for m, at in due))
    runtime.store.db.conn.close()


def child(db_path: str, key: str, users: int) -> None:
    from telegram import Update

    from bot.config import load_settings
    from bot.runtime import build_runtime
    from bot.telegram_app import build_application
    from tests.fakebot import TOKEN, FakeRequest, FakeTelegram, message_update

    runtime = build_runtime(load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_DB_PATH": db_path,
                                           "BOT_DATA_KEY": key}))
    fake = FakeTelegram(check_html=False)
    app = build_application(runtime, request=FakeRequest(fake), rate_limit=False)
    step = max(1, users // 1000)

    async def serve() -> None:
        async with app:
            for chat_id in range(1, users + 1, step):
                for text in ("/plan", "/timeline"):
                    await app.process_update(Update.de_json(message_update(fake, chat_id, text), app.bot))
                fake.sent.clear()  # the fake's own log is not the bot's memory
            await runtime.reminders.run_once(app.bot)

    asyncio.run(serve())
    served = len(range(1, users + 1, step))
    print(json.dumps({"users": users, "served": served, "rss_mb": round(rss_mb(), 1),
                      "db_bytes_per_user": round(Path(db_path).stat().st_size / users)}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--child", nargs=3, metavar=("DB", "KEY", "USERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    from cryptography.fernet import Fernet

    for users in args.users:
        with tempfile.TemporaryDirectory() as tmp:
            key = Fernet.generate_key().decode()
            db_path = f"{tmp}/bot.db"
            seed(db_path, key, users)
            done = subprocess.run([sys.executable, __file__, "--child", db_path, key, str(users)],
                                  capture_output=True, text=True, check=True)
            print(done.stdout.strip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
