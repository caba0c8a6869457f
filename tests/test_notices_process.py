"""Rule-change notices end to end: `python -m bot` as a real process over the HTTP fake Bot API, an operator's
edit of facts.yaml, and kill -9 at any point of the run (CONTRACTS §9).

Three users of different nationalities and visa routes, among a few thousand others whose plans the edit
does not touch (so that the comparison run takes seconds and the kills land inside it). Only the user the
edit affects is told, and exactly once.
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from benchmarks.rule_changes import profile
from dialogs.session import Session
from dialogs.timeline_flow import Prefs, TimelineState
from storage import Store
from knowledge.changes import read_rules, version_of
from tests.examples import answers
from tests.fakebot import FakeServer
from tests.knowledge_edits import knowledge_copy, lift_suspension
from tests.test_subprocess import BotProcess

pytestmark = pytest.mark.crash
#: The run goes in uid order (a keyed hash of the chat id), so where the Nigerian user's batch falls varies.
NIGERIAN_J1, INDIAN_J1, EGYPTIAN_H1B = 900_001, 900_002, 900_003
OTHERS = 1500
HEADING = "rule behind your plan"


def workers(db: Path) -> list[int]:
    """Worker processes (python -m bot.notices) still running for this database."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if b"bot.notices" in (entry / "cmdline").read_bytes() and \
                    f"BOT_DB_PATH={db}".encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def seed(db: Path, key: str) -> None:
    store = Store.open(db, key)
    hour = datetime.now(timezone.utc).hour  # the notices are due at once: it is the users' daytime
    rng = random.Random(9)

    def other() -> dict:
        data = profile(rng)
        if data["citizenship"] == "NG":
            data["citizenship"] = "IN"
        return Session(state="complete", complete=True, answers=data).with_parts(
            TimelineState(Prefs(hour=hour))).to_json()
    store.bulk_save([(i, other()) for i in range(1, OTHERS + 1)])
    for chat_id, extra in ((NIGERIAN_J1, {"citizenship": "NG", "visa": "j1_ok"}),
                           (INDIAN_J1, {"citizenship": "IN", "visa": "j1_ok"}),
                           (EGYPTIAN_H1B, {"citizenship": "EG", "visa": "h1b_only", "step3": "passed"})):
        session = Session(state="complete", complete=True, answers=answers(**extra)).with_parts(
            TimelineState(Prefs(hour=hour)))
        store.save(chat_id, session.to_json())
    store.connections.close()


def state(db: Path, key: str, version: str) -> tuple[str | None, int, list[str]]:
    """(version in force, users whose plan is not yet compared under ``version``, the Nigerian user's notice
    statuses in the queue)."""
    store = Store.open(db, key)
    try:
        rows = store.db.execute("select count(*) from plan_versions where version != ?", [version]).fetchone()[0]
        statuses = [r[0] for r in store.db.execute("select status from reminders where kind = 'notice' "
                                                   "and uid = ?", [store.uid(NIGERIAN_J1)])]
        in_force = store.notices.in_force()
        return in_force, rows if in_force == version else OTHERS + 3, statuses
    finally:
        store.connections.close()


def test_one_fact_edited_only_the_affected_user_is_told_once_across_kill_9(tmp_path, capsys):
    key = Fernet.generate_key().decode()
    db = tmp_path / "db" / "bot.db"
    knowledge = knowledge_copy(tmp_path / "kb")  # not "knowledge": the bot runs in tmp_path
    seed(db, key)
    rng = random.Random(20261207)
    with FakeServer() as server:
        fake = server.telegram
        proc = BotProcess(server, tmp_path, key)
        proc.env_extra = {"BOT_KNOWLEDGE_DIR": str(knowledge), "BOT_RATE_LIMIT": "0", "REMINDER_INTERVAL": "0.3",
                          "LOG_LEVEL": "INFO"}
        proc.start()  # the first start records the knowledge in force; nobody is told
        proc.wait(lambda: state(db, key, "")[0] is not None, "the knowledge to be recorded")
        proc.stop()

        lift_suspension(knowledge, "NG")  # the operator's edit
        version = version_of(read_rules(knowledge))
        fake.stall(NIGERIAN_J1)  # while the bot is being killed, the notice can be sent but never arrives
        # kill -9 at points spread over the run: before the worker starts, after batches, once the notice is
        # queued, while it is being sent, after the run ended
        kill_when = [
            ("a moment after start", lambda s: True),
            ("after the first batch", lambda s: s[1] < OTHERS + 3),
            ("a third of the way", lambda s: s[1] < (OTHERS + 3) * 2 // 3),
            ("two thirds of the way", lambda s: s[1] < (OTHERS + 3) // 3),
            ("the notice queued", lambda s: bool(s[2])),
            ("the notice being sent", lambda s: s[2] == ["claimed"]),
            ("the run over", lambda s: s[1] == 0),
        ]
        started = time.monotonic()
        for what, condition in kill_when:
            proc.start()
            time.sleep(rng.uniform(0.05, 0.3))
            proc.wait(lambda: condition(state(db, key, version)), what, 120)
            seen = state(db, key, version)
            proc.kill9()
            print(f"  killed {what}: {seen[1]} users left, notice {seen[2]}")
            deadline = time.monotonic() + 5
            while workers(db) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert workers(db) == [], "the worker outlived the bot"
        fake.stall(NIGERIAN_J1, False)
        proc.start()  # the last start: the notice goes out
        try:
            proc.wait(lambda: state(db, key, version)[1:] == (0, ["sent"]), "the notice to be sent", 120)
            time.sleep(1.0)  # a few more dispatcher scans: nothing more may go out
        finally:
            proc.stop()
        told = {chat_id: [m for m in fake.messages_to(chat_id) if HEADING in m["text"]]
                for chat_id in {m["chat_id"] for m in fake.sent}}
        with capsys.disabled():
            print(f"\nrule-change notices: {OTHERS + 3} users, {len(kill_when)} kill -9s, "
                  f"told: {sum(len(v) for v in told.values())}, {time.monotonic() - started:.0f} s")
        assert len(told.get(NIGERIAN_J1, [])) == 1
        assert sum(len(v) for v in told.values()) == 1, "someone else was told"
        [notice] = told[NIGERIAN_J1]
        assert "Visa outlook: blocked → open" in notice["text"] and "Nigeria" in notice["text"]
        assert notice["buttons"] == [("📋 Open my plan", "rn:plan")]
        assert not fake.errors


STARTER = """
import asyncio, sys
from bot.notices import spawn_worker

async def main():
    worker = await spawn_worker([sys.executable, "-c", "import time; time.sleep(60)"], {})
    print(worker.pid, flush=True)
    await worker.wait()

asyncio.run(main())
"""


def test_a_worker_still_starting_when_the_bot_is_killed_goes_with_it(tmp_path):
    """Under load a worker can take seconds to start Python: the kernel's order to kill it with the bot is
    given before it starts (between fork and exec), not once its imports are done."""
    import os
    import signal
    import subprocess
    import sys

    bot = subprocess.Popen([sys.executable, "-c", STARTER], stdout=subprocess.PIPE, text=True,
                           cwd=Path(__file__).resolve().parent.parent)
    assert bot.stdout is not None
    worker = int(bot.stdout.readline())  # the worker is started and "slow": it will not reach its own code
    bot.send_signal(signal.SIGKILL)
    bot.wait(10)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{worker}/stat").read_text().split()[2]
        except OSError:
            break
        if state == "Z":  # killed, waiting to be reaped by init
            break
        time.sleep(0.05)
    else:
        os.kill(worker, signal.SIGKILL)
        raise AssertionError("the worker outlived the bot")
