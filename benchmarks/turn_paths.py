"""How a turn reaches SQLite off the event loop: the alternatives, measured on the bot's own service.

    python benchmarks/turn_paths.py [--users 300] [--concurrency 1 32] [--rounds 3]

Every variant runs the same turns (each user: /assess, the answers, confirm, /plan) through
``BotService.handle`` against a fresh encrypted database, from an asyncio loop as the Telegram
adapter does, ``concurrency`` chats at a time; each turn commits before its replies are released.
Prints one JSON line per variant and concurrency: turns/s and CPU µs per turn (best of the rounds).

- ``to_thread``: ``asyncio.to_thread`` per turn (the loop's default executor; before this change);
- ``pool``: a persistent executor of the same size, called with ``run_in_executor``;
- ``writer``: one dedicated thread runs every turn, one at a time;
- ``group``: one dedicated thread takes every turn waiting, runs them in one transaction (a
  savepoint each) and commits once, then releases their replies (group commit);
- ``inline``: on the loop itself, on a connection that waits for locks (for scale only: a locked
  database would stall every chat). The bot now runs a turn on the loop on a connection that never
  waits, and moves it to ``to_thread`` when the database is held (``BotService.handle_now``); the
  throughput benchmark measures that path.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.fernet import Fernet  # noqa: E402

from bot.config import load_settings  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from dialogs import callbacks as cb  # noqa: E402
from dialogs.assessment import QUESTIONS  # noqa: E402
from dialogs.inputs import Choice, Command, Input, Text  # noqa: E402
from dialogs.reading import value_token  # noqa: E402
from tests.examples import STRONG  # noqa: E402

TYPED = ("step2_ck_score", "usmle_failures", "graduation_year")
Turn = tuple[int, Input, str]


def script(chat: int) -> list[Turn]:
    inputs: list[Input] = [Command("assess")]
    for qid in QUESTIONS:
        inputs.append(Text(str(STRONG[qid])) if qid in TYPED
                      else Choice(cb.decode(f"a:{qid}:{value_token(STRONG[qid])}")))
    inputs += [Choice(cb.Confirm()), Command("plan")]
    return [(chat, inp, f"{chat}-{n}") for n, inp in enumerate(inputs)]


class GroupWriter:
    """One thread; every turn waiting when it is free runs in one transaction, committed once."""

    def __init__(self, run: Callable[[int, Input, str], Any], db: Any):
        self.run, self.db = run, db
        self.queue: list[tuple[Turn, Future[Any]]] = []
        self.ready = threading.Condition()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def submit(self, turn: Turn) -> Future[Any]:
        future: Future[Any] = Future()
        with self.ready:
            self.queue.append((turn, future))
            self.ready.notify()
        return future

    def _loop(self) -> None:
        while True:
            with self.ready:
                while not self.queue:
                    self.ready.wait()
                batch, self.queue = self.queue, []
            results = []
            with self.db().atomic():  # each turn's own save nests as a savepoint
                for turn, future in batch:
                    results.append((future, self.run(*turn)))
            for future, result in results:  # released only after the commit
                future.set_result(result)


async def drive(variant: str, users: int, concurrency: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        runtime = build_runtime(load_settings({"TELEGRAM_BOT_TOKEN": "1:bench", "BOT_DB_PATH": f"{tmp}/bot.db",
                                               "BOT_DATA_KEY": Fernet.generate_key().decode()}))
        handle = runtime.service.handle
        loop = asyncio.get_running_loop()
        pool = ThreadPoolExecutor(6) if variant in ("pool", "writer") else None
        if variant == "writer":
            pool = ThreadPoolExecutor(1)
        group = GroupWriter(handle, runtime.store.connections.get) if variant == "group" else None

        async def one(turn: Turn) -> Any:
            if variant == "to_thread":
                return await asyncio.to_thread(handle, *turn)
            if pool is not None:
                return await loop.run_in_executor(pool, handle, *turn)
            if group is not None:
                return await asyncio.wrap_future(group.submit(turn))
            return handle(*turn)

        scripts = [script(chat) for chat in range(1, users + 1)]
        stream = [s[k] for k in range(len(scripts[0])) for s in scripts]
        start, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(stream), concurrency):  # a chat's turns stay in order: one per chat at a time
            await asyncio.gather(*(one(t) for t in stream[i:i + concurrency]))
        elapsed, cpu_used = time.perf_counter() - start, time.process_time() - cpu
        if pool is not None:
            pool.shutdown()
        runtime.store.connections.close()
        return len(stream) / elapsed, cpu_used / len(stream) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 32])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--variants", nargs="+", default=["to_thread", "pool", "writer", "group", "inline"])
    args = parser.parse_args()
    for concurrency in args.concurrency:
        best: dict[str, tuple[float, float]] = {}
        for _ in range(args.rounds):  # variants interleaved, so a busy moment of the machine hits them all
            for variant in args.variants:
                rate, cpu_us = asyncio.run(drive(variant, args.users, concurrency))
                old = best.get(variant)
                best[variant] = (max(rate, old[0]), min(cpu_us, old[1])) if old else (rate, cpu_us)
        for variant, (rate, cpu_us) in best.items():
            print(json.dumps({"variant": variant, "concurrency": concurrency, "users": args.users,
                              "turns_per_s": round(rate), "cpu_us_per_turn": round(cpu_us)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
