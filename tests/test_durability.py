"""Nothing lost, nobody stuck: work outside a user's turn, damaged rows, a held database, a paused chat."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import pytest

from tests.conftest import FakeClock, Harness, make_runtime
from tests.test_timeline import complete, pending

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock():
    return FakeClock(NOW)


@pytest.fixture
async def h(tmp_path, clock):
    harness = Harness(make_runtime(tmp_path, clock=clock), rate_limit=True)
    async with harness.app:
        await harness.app.post_init(harness.app)
        yield harness
    assert not harness.fake.errors, harness.fake.errors[:2]


# --------------------------------------------------------------------------- 1. work outside a turn

async def test_a_reschedule_running_while_the_user_changes_an_answer_keeps_the_answer(h):
    """Ana moves her target to the 2028 Match just as the calendar refresh reschedules her reminders
    (her turn commits between the refresh reading her session and writing): her new answer stays, and
    her reminders follow it, not the session the refresh had read."""
    ana = h.chat()
    await complete(ana)
    await ana.send("/profile")
    await ana.press("Target Match")
    store, loop = h.runtime.store, asyncio.get_running_loop()
    load, interleaved = store.load, []

    def load_then_turn(chat_id: int):  # the refresh reads her session; then her turn commits
        stored = load(chat_id)
        if not interleaved:
            interleaved.append(True)
            asyncio.run_coroutine_threadsafe(ana.press("2028 Match"), loop).result(10)
        return stored

    store.load = load_then_turn
    try:
        await asyncio.to_thread(h.runtime.reminders.reschedule, ana.chat_id, True)
    finally:
        del store.load
    assert interleaved and h.runtime.service.session(ana.chat_id).answers["match_year"] == 2028
    rows = pending(h, ana.chat_id)
    assert rows[-1]["milestone"] == "match_day" and rows[-1]["due_at"].startswith("2028-03")
    assert not any(r["due_at"].startswith("2027-03") for r in rows)
