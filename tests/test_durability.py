"""Nothing lost, nobody stuck: work outside a user's turn, damaged rows, a held database, a paused chat."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tests.conftest import FakeClock, Harness, make_runtime
from tests.test_timeline import complete, pending

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock():
    return FakeClock(NOW)


async def held_while_others_go_on(h: Harness, waiting: Any, first_chat: int) -> Any:
    """Run ``waiting`` while another process holds the database's write lock: it must still be waiting
    after five other users' /help was answered, within a second; then the lock goes. Its result."""
    import sqlite3
    import time

    locker = sqlite3.connect(h.runtime.settings.db_path, timeout=0)
    locker.execute("BEGIN IMMEDIATE")
    try:
        task = asyncio.ensure_future(waiting)
        await asyncio.sleep(0.05)
        started = time.monotonic()
        others = [h.chat(first_chat + i) for i in range(5)]
        await asyncio.gather(*(o.send("/help") for o in others))
        assert time.monotonic() - started < 1.0 and all("/assess" in o.text for o in others)
        assert not task.done()
    finally:
        locker.rollback()
        locker.close()
    return await task



async def _next_start_answers(tmp_path: Any, key: str, first: Harness, user: Any) -> Harness:
    """The next start (same database, key and Bot API), running until it has answered ``user``."""
    second = Harness(make_runtime(tmp_path, key=key), fake=first.fake)
    async with second.app:
        await second.app.post_init(second.app)
        await second.app.start()
        for _ in range(200):
            if user.messages:
                break
            await asyncio.sleep(0.02)
        await second.app.stop()
    return second


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
    assert next(r for r in rows if r["milestone"] == "match_day")["due_at"].startswith("2028-03")
    assert not any(r["due_at"].startswith("2027-03") for r in rows)


# --------------------------------------------------------------------------- 3. updates kept before Telegram is told

async def test_an_update_received_but_not_handled_before_a_crash_is_handled_at_the_next_start(tmp_path):
    """Ana's answer reached the bot (Telegram was told it arrived), and the process died before her turn:
    the next start handles it first, in the order received, and Telegram's redelivery of it is dropped."""
    from cryptography.fernet import Fernet
    from telegram import Update

    from tests.fakebot import message_update

    key = Fernet.generate_key().decode()
    first = Harness(make_runtime(tmp_path, key=key))
    ana = first.chat()
    async with first.app:
        await first.app.post_init(first.app)
        await ana.send("/assess")
        answer = message_update(first.fake, ana.chat_id, "250")
        then = message_update(first.fake, ana.chat_id, "0")
        for raw in (answer, then):  # received (kept), never handled: the process dies here
            await first.app.update_queue.put(Update.de_json(raw, first.app.bot))
    assert "step2_ck_score" not in first.runtime.service.session(ana.chat_id).answers
    first.runtime.store.connections.close()

    second = Harness(make_runtime(tmp_path, key=key), fake=first.fake)  # the next start
    async with second.app:
        await second.app.post_init(second.app)
        assert second.app.update_queue.qsize() == 2
        await second.app.update_queue.put(Update.de_json(answer, second.app.bot))  # Telegram redelivers it
        assert second.app.update_queue.qsize() == 2  # dropped: it was received before
        await second.app.start()
        for _ in range(200):
            if "usmle_failures" in second.runtime.service.session(ana.chat_id).answers:
                break
            await asyncio.sleep(0.02)
        await second.app.stop()
    answers = second.runtime.service.session(ana.chat_id).answers
    assert answers["step2_ck_score"] == 250 and answers["usmle_failures"] == 0  # both, in order
    assert "Question 3 of 17" in ana.text
    assert second.runtime.store.waiting() == []  # handled: nothing left to replay


# --------------------------------------------------------------------------- 8. one held database, one paused chat

async def test_the_reminder_scan_waiting_for_a_held_database_does_not_hold_up_other_users(h, clock):
    """Another process holds the database's write lock when the reminder scan starts: the scan waits for
    it, but meanwhile five other users' /help is answered at once; the reminder goes out once the lock
    is released."""
    from tests.test_timeline import seed

    seed(h, 1, "match_day", NOW - timedelta(minutes=1))
    report = await held_while_others_go_on(h, h.runtime.reminders.run_once(h.app.bot), 2000)
    assert report.sent == 1 and len(h.fake.messages_to(1)) == 1


async def test_a_429_on_one_chats_reminder_does_not_pause_another_users_reply(h, clock):
    """Telegram asks the bot to wait 25 s before writing to Ana again (her reminder hit her chat's limit):
    Bob's /help, sent meanwhile, is answered without waiting."""
    from tests.test_timeline import seed

    seed(h, 1, "match_day", NOW - timedelta(minutes=1))
    h.fake.fail_next(1, 429, "Too Many Requests: retry after 25", retry_after=25)
    report = await h.runtime.reminders.run_once(h.app.bot)
    assert report.retried == 1
    slept = clock.slept
    bob = h.chat(2)
    await bob.send("/help")
    assert "/assess" in bob.text and clock.slept - slept < 1


# --------------------------------------------------------------------------- 7. a damaged row

async def test_a_user_whose_stored_data_is_damaged_is_told_plainly_and_can_start_again(h, caplog):
    """A disk error flips bytes in Ana's sealed session. Whatever she sends (a command, an answer, /mydata,
    /delete) she is told plainly that what was stored cannot be read and offered to start again, with
    no "something went wrong" and no traceback; one tap erases it (nothing to decrypt) and welcomes her
    as new; the same button tapped later has expired."""
    import logging
    import sqlite3

    ana = h.chat()
    await complete(ana)
    conn = sqlite3.connect(h.runtime.settings.db_path)
    with conn:
        [(blob,)] = conn.execute("select data from sessions").fetchall()
        conn.execute("update sessions set data = ?", [blob[:40] + bytes([blob[40] ^ 0xFF]) + blob[41:]])
    conn.close()
    with caplog.at_level(logging.INFO):
        for typed in ("/plan", "250", "/mydata", "/delete", "/start"):
            new = await ana.send(typed)
            assert len(new) == 1 and "cannot read what I stored for you" in new[0]["text"], typed
            assert new[0]["buttons"] and "Erase it and start again" in new[0]["buttons"][0][0]
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert "went wrong" not in " ".join(m["text"] for m in ana.messages)
    erase = ana.button("Erase it and start again")
    await ana.tap(erase)
    assert "Erased. Let's start again." in ana.messages[-2]["text"] and ana.last["buttons"]  # welcome and menu
    assert h.runtime.store.load(ana.chat_id) is None and h.runtime.store.count_users() == 0
    await ana.tap(erase)  # the old button, once the damaged row is gone
    assert "no longer" in ana.text or "expired" in ana.text
    await ana.send("/assess")
    assert "Question 1 of 17" in ana.text


# --------------------------------------------------------------------------- 9. the inbox on the hot path (issue 21)

def _raw_updates(h: Harness, chat_id: int, texts: list[str]) -> list[dict]:
    from tests.fakebot import message_update

    return [message_update(h.fake, chat_id, t) for t in texts]


async def test_a_getupdates_batch_is_kept_in_one_transaction_before_the_next_getupdates_confirms_it(harness):
    """Three of Ana's messages come in one getUpdates answer: the bot takes the write lock for them before
    the answer reaches the Updater, and keeps all three, in the order received, in one transaction it
    commits before the next getUpdates confirms them (or their first turn commits it). When the write
    fails half-way (the disk fills at the second), none is kept and that getUpdates is not made, so
    Telegram keeps all three; once there is room, all three are kept before they are confirmed."""
    from storage import StorageError

    h, ana = harness, harness.chat()
    raw = _raw_updates(h, ana.chat_id, ["/assess", "250", "0"])
    store = h.runtime.store
    from telegram import Update

    from bot.telegram_app import update_key

    second = store._update_tag(update_key(Update.de_json(raw[1], h.app.bot)))
    store.db.execute(f"create trigger full_disk before insert on inbox when new.key = '{second}' "
                     "begin select raise(abort, 'database or disk is full'); end")
    for update in raw:
        h.fake.push_update(update)
    updates = await h.app.bot.get_updates(offset=0, timeout=0)
    assert [u.update_id for u in updates] == [r["update_id"] for r in raw]
    assert store.holding() and store.waiting() == []  # the lock is held for them; nothing committed: no turn ran
    with pytest.raises(StorageError):
        await h.app.bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)  # would confirm them
    assert h.fake.confirmed <= updates[0].update_id  # not made: Telegram still has them
    assert store.waiting() == [] and store.db.execute("select count(*) from inbox").fetchone()[0] == 0
    store.db.execute("drop trigger full_disk")

    await h.app.bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)  # confirms the batch, kept first
    assert not store.holding() and not store.lost()
    assert [w["update_id"] for w in store.waiting()] == [r["update_id"] for r in raw]  # kept, in order
    assert store.waiting()[1] == raw[1]  # as Telegram sent it
    for update in updates:  # the Updater's puts: kept already, so queued without a second write
        await h.app.update_queue.put(update)
    assert h.app.update_queue.qsize() == 3
    for update in updates:  # Telegram sends the batch again (the process died before confirming it)
        await h.app.update_queue.put(Update.de_json(update.to_dict(), h.app.bot))
    assert h.app.update_queue.qsize() == 3  # dropped: received before


async def test_the_turn_marks_its_update_handled_in_its_own_commit(harness):
    """Ana's answer is kept, then her turn runs: the update is marked handled in the same transaction
    that stores her answer, before any reply is sent, so a kill -9 right after the commit neither
    loses the answer nor applies it twice at the next start. When that transaction fails (the disk is
    full), neither happens: the answer is not stored and the update is still waiting."""
    from dialogs.inputs import Text
    from storage import StorageError
    from telegram import Update

    from bot.telegram_app import update_key

    h, ana = harness, harness.chat()
    await ana.send("/assess")
    store, service = h.runtime.store, h.runtime.service
    update = Update.de_json(_raw_updates(h, ana.chat_id, ["250"])[0], h.app.bot)
    assert await h.app.update_queue.keep(update)
    store.db.execute("create trigger full_disk before update on sessions "
                     "begin select raise(abort, 'database or disk is full'); end")
    with pytest.raises(StorageError):
        await asyncio.to_thread(service.handle_update, ana.chat_id, Text("250"), update_key(update))
    assert len(store.waiting()) == 1 and "step2_ck_score" not in service.session(ana.chat_id).answers
    store.db.execute("drop trigger full_disk")

    done = await asyncio.to_thread(service.handle_update, ana.chat_id, Text("250"), update_key(update))
    assert done.marked and done.replies  # committed with the answer; nothing sent yet (a kill here loses nothing)
    assert store.waiting() == [] and service.session(ana.chat_id).answers["step2_ck_score"] == 250
    again = await asyncio.to_thread(service.handle_update, ana.chat_id, Text("250"), update_key(update))
    assert again.replies == []  # the next start would not apply it twice


async def test_a_read_only_turn_under_a_held_database_answers_at_once_and_is_marked_after(harness):
    """Another process holds the write lock when Bob's /help arrives (kept before the lock was taken):
    he is answered at once (his turn does not wait to mark the update handled), and the update is
    marked handled once the lock is released, so it is not answered again at the next start."""
    import sqlite3
    import time

    from telegram import Update

    h, bob = harness, harness.chat(2002, "Bob")
    update = Update.de_json(_raw_updates(h, bob.chat_id, ["/help"])[0], h.app.bot)
    assert await h.app.update_queue.keep(update)
    locker = sqlite3.connect(h.runtime.settings.db_path, timeout=0)
    locker.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        turn = asyncio.create_task(h.app.process_update(update))
        while not bob.messages and time.monotonic() - started < 2:
            await asyncio.sleep(0.01)
        assert time.monotonic() - started < 1.0 and "/assess" in bob.text
        assert len(h.runtime.store.waiting()) == 1  # not marked yet: the database is held
    finally:
        locker.rollback()
        locker.close()
    await turn
    assert h.runtime.store.waiting() == []


async def test_keeping_an_update_never_makes_the_event_loop_wait_for_a_held_database(harness):
    """Another process holds the write lock when an update arrives: keeping it waits (off the event
    loop) until the lock is released, and meanwhile five other users' /help is answered at once."""
    from telegram import Update

    h = harness
    update = Update.de_json(_raw_updates(h, 1001, ["/assess"])[0], h.app.bot)
    assert await held_while_others_go_on(h, h.app.update_queue.keep(update), 3000) is True
    assert [w["update_id"] for w in h.runtime.store.waiting()] == [update.update_id]


async def test_an_answer_under_a_held_database_waits_off_the_loop_while_other_chats_go_on(harness):
    """Another process holds the write lock when Ana answers: her turn, tried first on the event loop
    without waiting, moves to a worker thread and waits there; meanwhile five other users' /help is
    answered at once. Once the lock is released her answer is stored and she sees the next question."""
    h, ana = harness, harness.chat()
    await ana.send("/assess")
    await held_while_others_go_on(h, ana.send("250"), 4000)
    assert h.runtime.service.session(ana.chat_id).answers["step2_ck_score"] == 250
    assert "Question 2 of" in ana.text


def test_a_turn_with_more_than_one_write_or_a_file_to_make_is_not_made_on_the_loop(tmp_path):
    """/mydata (an export), /delete's erasure, a file sent and the plan's PDF are made from a worker thread:
    on the loop they are declined, with nothing written; a plain answer is made there, and so is /plan
    with its profile picture (stacked from strips made once)."""
    from dialogs import callbacks as cb
    from dialogs.inputs import Choice, Command, File, Text
    from tests.conftest import make_runtime, seed
    from tests.examples import answers

    runtime = make_runtime(tmp_path)
    service = runtime.service
    assert service.handle_now(7, Command("assess"), "u1") is not None
    assert service.handle_now(7, Text("250"), "u2") is not None
    stored = service.session(7).to_json()
    assert service.handle_now(7, Command("mydata"), "u3") is None
    assert service.handle_now(7, File("programs.csv", "name\nA"), "u4") is None
    assert service.session(7).to_json() == stored and service.session(7).answers["step2_ck_score"] == 250
    seed(runtime, 8, complete=True, state="complete", answers=answers())
    shown = service.handle_now(8, Command("plan"), "u5")
    assert shown is not None and shown.replies[0].photo is not None
    assert service.handle_now(8, Choice(cb.PlanPdf()), "u6") is None


async def test_the_log_of_writes_made_on_the_loop_is_checkpointed_from_a_worker(harness):
    """The event loop's own connection runs no checkpoint (its fsync would stall every chat); a worker
    thread runs one every so many of its commits, so a busy bot's write-ahead log stays bounded: 1,500
    updates kept leave a log of a few megabytes (without checkpoints it would pass 15)."""
    import os

    from telegram import Update

    from bot.telegram_app import _background

    h = harness
    for n in range(1500):
        raw = _raw_updates(h, 5000 + n % 50, [f"message {n}"])[0]
        assert await h.app.update_queue.keep(Update.de_json(raw, h.app.bot))
        if _background:
            await asyncio.gather(*_background)
    wal = f"{h.runtime.settings.db_path}-wal"
    assert os.path.getsize(wal) < 5_000_000


# --------------------------------------------------------------------------- 10. a reply cut off after the commit

async def test_a_reply_cut_off_by_a_kill_after_the_commit_is_shown_at_the_next_start(tmp_path):
    """Ana answers question 1; her answer is committed, and the process is killed before the reply (question
    2) goes out, so her screen still shows question 1. When the bot starts again it shows her where she
    is, question 2 with its buttons, without her having to ask, and only once: the start after that
    sends her nothing."""
    from cryptography.fernet import Fernet

    from dialogs.inputs import Text

    key = Fernet.generate_key().decode()
    first = Harness(make_runtime(tmp_path, key=key))
    ana = first.chat()
    async with first.app:
        await first.app.post_init(first.app)
        await ana.send("/assess")
        assert "Question 1 of" in ana.text
        done = await asyncio.to_thread(first.runtime.service.handle_update, ana.chat_id, Text("250"), "answer-1")
        assert done.due is not None and "Question 2 of" in done.replies[-1].text  # committed; never sent: killed
    first.runtime.store.connections.close()
    seen = len(ana.messages)

    second = Harness(make_runtime(tmp_path, key=key), fake=first.fake)
    async with second.app:
        await second.app.post_init(second.app)
    shown = first.fake.messages_to(ana.chat_id)[seen:]
    assert len(shown) == 1 and "restarted" in shown[0]["text"] and "Question 2 of" in shown[0]["text"]
    assert shown[0]["buttons"]
    second.runtime.store.connections.close()

    third = Harness(make_runtime(tmp_path, key=key), fake=first.fake)
    async with third.app:
        await third.app.post_init(third.app)
    assert len(first.fake.messages_to(ana.chat_id)) == seen + 1  # once
    answers = third.runtime.service.session(ana.chat_id).answers
    assert answers["step2_ck_score"] == 250


async def test_replies_that_went_out_are_not_shown_again_after_a_clean_stop(tmp_path):
    """Bob answers three questions and the bot is stopped cleanly: at the next start he gets nothing."""
    from cryptography.fernet import Fernet

    key = Fernet.generate_key().decode()
    first = Harness(make_runtime(tmp_path, key=key))
    bob = first.chat(2002, "Bob")
    async with first.app:
        await first.app.post_init(first.app)
        await bob.send("/assess")
        await bob.send("250")
        await bob.send("0")
    first.runtime.store.connections.close()
    seen = len(bob.messages)
    second = Harness(make_runtime(tmp_path, key=key), fake=first.fake)
    async with second.app:
        await second.app.post_init(second.app)
    assert len(first.fake.messages_to(bob.chat_id)) == seen


async def test_a_question_answered_from_what_is_stored_is_answered_again_when_a_kill_cut_off_the_reply(tmp_path):
    """Bob asks /help (a turn that writes nothing); the process is killed before the reply goes out. Since
    such an update is marked handled only once its replies went out, the next start answers it again."""
    from cryptography.fernet import Fernet
    from telegram import Update

    from bot.telegram_app import update_key
    from dialogs.inputs import Command

    key = Fernet.generate_key().decode()
    first = Harness(make_runtime(tmp_path, key=key))
    bob = first.chat(2002, "Bob")
    async with first.app:
        await first.app.post_init(first.app)
        update = Update.de_json(_raw_updates(first, bob.chat_id, ["/help"])[0], first.app.bot)
        assert await first.app.update_queue.keep(update)
        done = first.runtime.service.handle_now(bob.chat_id, Command("help"), update_key(update))
        assert done is not None and not done.marked and done.replies  # made; never sent: killed
    first.runtime.store.connections.close()
    assert bob.messages == []

    second = await _next_start_answers(tmp_path, key, first, bob)
    assert "/assess" in bob.text and second.runtime.store.waiting() == []


# --------------------------------------------------------------------------- 11. a batch and its first turn, one commit (issue 21)

def _observer(h: Harness) -> Any:
    """Another process's view of the database: what is committed."""
    import sqlite3

    return sqlite3.connect(h.runtime.settings.db_path, timeout=0)


def _commits(h: Harness) -> list[str]:
    """The commits made from now on on the event loop's own connection."""
    made: list[str] = []
    conn = h.runtime.store.connections.nowait().conn
    conn.set_trace_callback(lambda sql: made.append(sql) if sql.strip().lower() == "commit" else None)
    return made


async def test_a_batch_and_its_first_turn_are_committed_together_before_the_reply(harness):
    """Ana's answer arrives alone in a getUpdates answer. The batch is written but not committed; her turn,
    made on the event loop, writes her answer in the same transaction and commits both, once, before her
    next question is sent: at that moment another process already sees her update kept and handled and
    her answer stored. The next getUpdates, which confirms the batch, has nothing left to commit."""
    from bot.telegram_app import update_key
    from dialogs.inputs import Text

    h, ana = harness, harness.chat()
    await ana.send("/assess")
    store, service = h.runtime.store, h.runtime.service
    h.fake.push_update(_raw_updates(h, ana.chat_id, ["250"])[0])
    commits = _commits(h)
    [update] = await h.app.bot.get_updates(offset=0, timeout=0)
    assert store.holding() and commits == []
    observer = _observer(h)
    try:
        assert observer.execute("select count(*) from inbox where handled_at is null").fetchone()[0] == 0
        done = service.handle_now(ana.chat_id, Text("250"), update_key(update))
        assert done is not None and done.marked and "Question 2 of" in done.replies[-1].text  # not sent yet
        assert len(commits) == 1 and not store.holding()
        assert observer.execute("select count(*) from inbox where handled_at is not null "
                                "and key = ?", [store._update_tag(update_key(update))]).fetchone()[0] == 1
    finally:
        observer.close()
    assert service.session(ana.chat_id).answers["step2_ck_score"] == 250
    await h.app.bot.get_updates(offset=update.update_id + 1, timeout=0)
    assert len(commits) == 1 and store.waiting() == []


async def test_a_failing_turn_in_a_batch_leaves_the_batch_and_the_other_turns_stored(harness):
    """Ana's answer and Bob's arrive in one getUpdates answer. Ana's turn, the first, fails as it writes
    (the disk is full): she is told nothing was saved, and her failed write does not take the batch with
    it: both updates are kept, and Bob's turn, after hers, is stored."""
    from bot.telegram_app import update_key

    h, ana, bob = harness, harness.chat(), harness.chat(2002, "Bob")
    await ana.send("/assess")
    await bob.send("/assess")
    store = h.runtime.store
    for raw in (_raw_updates(h, ana.chat_id, ["250"])[0], _raw_updates(h, bob.chat_id, ["240"])[0]):
        h.fake.push_update(raw)
    store.db.execute(f"create trigger full_disk before update on sessions when old.uid = {store.uid(ana.chat_id)} "
                     "begin select raise(abort, 'database or disk is full'); end")
    updates = await h.app.bot.get_updates(offset=0, timeout=0)
    for update in updates:
        await h.app.process_update(update)
    store.db.execute("drop trigger full_disk")
    assert "could not save that" in ana.text and "Question 2 of" in bob.text
    assert "step2_ck_score" not in h.runtime.service.session(ana.chat_id).answers
    assert h.runtime.service.session(bob.chat_id).answers["step2_ck_score"] == 240
    keys = [store._update_tag(update_key(u)) for u in updates]
    assert store.db.execute("select count(*) from inbox where key in (?, ?)", keys).fetchone()[0] == 2


async def test_a_turn_whose_failure_undoes_the_whole_batch_has_the_rest_of_the_batch_kept_again(harness):
    """A failure can undo a transaction whole (SQLite rolls back on some disk errors): Ana's turn, the
    first of a batch of three, fails so, taking the batch's uncommitted rows with it; she is told nothing
    was saved. Bob's turn after it is stored on its own. Before the next getUpdates confirms the batch,
    what no turn handled yet (Cem's answer) is kept again, so it is not lost; Ana's and Bob's updates
    are not kept to be handled again (Bob's is not applied twice)."""
    from bot.telegram_app import update_key
    from dialogs.inputs import Text

    h, ana, bob, cem = harness, harness.chat(), harness.chat(2002, "Bob"), harness.chat(3003, "Cem")
    for user in (ana, bob, cem):
        await user.send("/assess")
    store, service = h.runtime.store, h.runtime.service
    for user, typed in ((ana, "250"), (bob, "240"), (cem, "230")):
        h.fake.push_update(_raw_updates(h, user.chat_id, [typed])[0])
    store.db.execute(f"create trigger full_disk before update on sessions when old.uid = {store.uid(ana.chat_id)} "
                     "begin select raise(rollback, 'database or disk is full'); end")
    updates = await h.app.bot.get_updates(offset=0, timeout=0)
    for update in updates[:2]:
        await h.app.process_update(update)
    store.db.execute("drop trigger full_disk")
    assert "could not save that" in ana.text and "Question 2 of" in bob.text
    assert store.waiting() == [] and store.lost()  # the batch was undone...
    await h.app.bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)  # ...and kept before this confirms it
    assert not store.lost() and [w["update_id"] for w in store.waiting()] == [updates[2].update_id]
    assert service.handle_update(bob.chat_id, Text("240"), update_key(updates[1])).replies == []  # not twice
    assert service.session(bob.chat_id).answers["step2_ck_score"] == 240
    await h.app.process_update(updates[2])
    assert service.session(cem.chat_id).answers["step2_ck_score"] == 230 and store.waiting() == []


async def test_a_kill_before_the_batch_is_committed_leaves_it_with_telegram(tmp_path):
    """The process is killed after a getUpdates answer was written but before its commit: nothing of it is
    kept, and nothing confirmed it either, so the next start gets it from Telegram again and handles it."""
    from cryptography.fernet import Fernet

    key = Fernet.generate_key().decode()
    first = Harness(make_runtime(tmp_path, key=key))
    ana = first.chat()
    await first.app.initialize()  # (never shut down: killed)
    await first.app.post_init(first.app)
    await ana.send("/assess")
    first.fake.push_update(_raw_updates(first, ana.chat_id, ["250"])[0])
    [update] = await first.app.bot.get_updates(offset=0, timeout=0)
    assert first.runtime.store.holding()
    first.runtime.store.connections.close()  # killed: the open transaction goes with the process...
    first.runtime.store._held.clear()  # ...and so does its memory (no timer of it runs any more)
    assert first.fake.confirmed <= update.update_id and first.fake.updates  # Telegram still has it

    second = Harness(make_runtime(tmp_path, key=key), fake=first.fake)
    async with second.app:
        await second.app.post_init(second.app)
        assert second.runtime.store.waiting() == []
        [again] = await second.app.bot.get_updates(offset=0, timeout=0)
        await second.app.process_update(again)
    assert second.runtime.service.session(ana.chat_id).answers["step2_ck_score"] == 250
    assert "Question 2 of" in ana.text


async def test_a_kill_after_the_batch_and_its_turn_committed_shows_where_she_is_and_loses_nothing(tmp_path):
    """Ana's answer comes in a batch; her turn commits it with the batch, and the process is killed before
    her next question goes out: the next start shows her where she is (question 2), once, keeps her
    answer, and does not apply the update again."""
    from cryptography.fernet import Fernet

    from bot.telegram_app import update_key
    from dialogs.inputs import Text

    key = Fernet.generate_key().decode()
    first = Harness(make_runtime(tmp_path, key=key))
    ana = first.chat()
    async with first.app:
        await first.app.post_init(first.app)
        await ana.send("/assess")
        first.fake.push_update(_raw_updates(first, ana.chat_id, ["250"])[0])
        [update] = await first.app.bot.get_updates(offset=0, timeout=0)
        done = first.runtime.service.handle_now(ana.chat_id, Text("250"), update_key(update))
        assert done is not None and done.due is not None  # committed; never sent: killed
    first.runtime.store.connections.close()
    seen = len(ana.messages)

    second = Harness(make_runtime(tmp_path, key=key), fake=first.fake)
    async with second.app:
        await second.app.post_init(second.app)
        assert second.runtime.store.waiting() == []  # handled with the commit: not applied again
    shown = first.fake.messages_to(ana.chat_id)[seen:]
    assert len(shown) == 1 and "restarted" in shown[0]["text"] and "Question 2 of" in shown[0]["text"]
    assert second.runtime.service.session(ana.chat_id).answers["step2_ck_score"] == 250


async def test_a_batch_no_turn_commits_is_committed_within_milliseconds_for_other_writers(harness):
    """A getUpdates answer is written and held for its first turn, which does not come (the Updater has not
    passed it on yet): another writer (a worker thread, another process) waiting for the lock gets it
    within a few milliseconds, while the event loop is idle, and the batch is kept."""
    import sqlite3
    import time

    from bot.telegram_app import HOLD_SECONDS

    h = harness
    h.fake.push_update(_raw_updates(h, 1001, ["/help"])[0])
    await h.app.bot.get_updates(offset=0, timeout=0)
    assert h.runtime.store.holding()

    def write() -> float:
        started = time.monotonic()
        conn = sqlite3.connect(h.runtime.settings.db_path, timeout=2)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.rollback()
        finally:
            conn.close()
        return time.monotonic() - started

    waited = await asyncio.to_thread(write)
    assert waited < HOLD_SECONDS + 0.25 and not h.runtime.store.holding()
    assert len(h.runtime.store.waiting()) == 1


async def test_what_a_batch_s_first_turn_commits_keeps_the_rest_of_the_batch_whole(tmp_path):
    """Ana's answer and Bob's /help come in one getUpdates answer. Ana's turn commits the batch with her
    answer (her update's content is not kept: it is handled); the process stops before Bob's turn. His
    update was kept whole, so the next start answers it."""
    from cryptography.fernet import Fernet

    from bot.telegram_app import update_key
    from dialogs.inputs import Text

    key = Fernet.generate_key().decode()
    first = Harness(make_runtime(tmp_path, key=key))
    ana, bob = first.chat(), first.chat(2002, "Bob")
    async with first.app:
        await first.app.post_init(first.app)
        await ana.send("/assess")
        first.fake.push_update(_raw_updates(first, ana.chat_id, ["250"])[0])
        first.fake.push_update(_raw_updates(first, bob.chat_id, ["/help"])[0])
        updates = await first.app.bot.get_updates(offset=0, timeout=0)
        done = first.runtime.service.handle_now(ana.chat_id, Text("250"), update_key(updates[0]))
        assert done is not None and not first.runtime.store.holding()  # committed, the batch with it
        observer = _observer(first)
        payloads = observer.execute("select payload is null, handled_at is null from inbox order by seq").fetchall()
        observer.close()
        assert payloads == [(1, 0), (0, 1)]  # Ana's handled, nothing kept of it; Bob's waiting, whole
    first.runtime.store.connections.close()
    assert bob.messages == []

    second = await _next_start_answers(tmp_path, key, first, bob)
    assert "/assess" in bob.text and second.runtime.store.waiting() == []
    assert second.runtime.service.session(ana.chat_id).answers["step2_ck_score"] == 250


def test_handled_updates_are_forgotten_two_days_after_they_came_and_waiting_ones_never(tmp_path):
    """Three updates came three days ago, one came now. Two of the old ones and the new one were handled.
    Pruning what is older than two days forgets the two old handled ones (Telegram no longer redelivers
    them: one sent again would be new), keeps the old one still waiting, and the new one."""
    from datetime import datetime, timedelta, timezone

    from tests.conftest import make_runtime

    store = make_runtime(tmp_path).store
    now = datetime.now(timezone.utc).replace(microsecond=0)
    for name in ("old-1", "old-2", "old-waiting", "new"):
        assert store.receive(name, {"update_id": name})
    old = (now - timedelta(days=3)).isoformat(timespec="seconds")
    store.db.execute("update inbox set received_at = ? where seq <= 3", [old])
    for name in ("old-1", "old-2", "new"):
        store.handled(name)
    assert store.prune_applied(now - timedelta(days=2)) == 2
    assert store.receive("old-1", {"update_id": "old-1"}) is True  # forgotten: new again
    assert store.receive("old-waiting", {"update_id": "old-waiting"}) is False
    assert store.receive("new", {"update_id": "new"}) is False
    assert [w["update_id"] for w in store.waiting()] == ["old-waiting", "old-1"]
