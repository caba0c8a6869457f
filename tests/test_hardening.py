"""The bot attacked as a hostile or clumsy user and as an operator making mistakes (one story per finding)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import stat
import subprocess
import sys
import time

import pytest
from cryptography.fernet import Fernet
from telegram import Update

from bot.config import ConfigError, load_settings
from dialogs.coach_flow import DRAFTING, CoachState
from tests.conftest import Harness, make_runtime, stored
from tests.fakebot import LOST, TOKEN, FakeServer, message_update
from tests.test_assessment import WALK, walk
from tests.test_subprocess import ROOT, bot_env


async def to_question(chat, n: int) -> None:
    """Answer the first ``n`` questions of the walk (n=1: the failed-attempts question is open)."""
    await walk(chat, WALK[:n])


# --------------------------------------------------------------------------- 1. bursts are applied in order

async def test_a_burst_of_100_messages_in_one_chat_is_applied_once_each_in_order(tmp_path):
    h = Harness(make_runtime(tmp_path))
    chat = h.chat()
    async with h.app:
        await chat.send("/check")
        await chat.press("Neurology")
        before = len(chat.messages)
        await h.app.start()  # the real update processor: updates are queued, not awaited one by one
        for i in range(100):
            await h.app.update_queue.put(Update.de_json(message_update(h.fake, chat.chat_id, f"part {i:03d}"),
                                                        h.app.bot))
        for _ in range(500):
            if len(chat.messages) >= before + 100:
                break
            await asyncio.sleep(0.01)
        await h.app.stop()
    replies = chat.messages[before:]
    assert len(replies) == 100 and all("Added" in m["text"] for m in replies)
    draft = stored(h.runtime, chat.chat_id).part(CoachState).draft
    assert draft.parts == [f"part {i:03d}" for i in range(100)]  # every one, in the order sent


# --------------------------------------------------------------------------- 2 and 3. update ids

async def test_a_returning_user_is_served_after_update_ids_start_again(harness):
    ana = harness.chat()
    await to_question(ana, 2)
    harness.fake._update_id = 0  # a restarted Bot API server (or a quiet week): ids begin again at 1
    await ana.send("2024")
    assert stored(harness.runtime, ana.chat_id).answers["graduation_year"] == 2024
    assert "Question 4 of 17" in ana.text


async def test_a_forged_huge_update_id_does_not_silence_the_user(harness):
    ana = harness.chat()
    await ana.send("/assess")
    forged = message_update(harness.fake, ana.chat_id, "/help")
    forged["update_id"] = 2**62
    await ana._feed(forged)
    await ana.send("250")
    assert stored(harness.runtime, ana.chat_id).answers["step2_ck_score"] == 250


async def test_a_redelivered_update_is_applied_once(harness):
    ana = harness.chat()
    await ana.send("/assess")
    update = message_update(harness.fake, ana.chat_id, "250")
    await ana._feed(update)
    new = await ana._feed(update)  # the same update again (fetched before a crash, never confirmed)
    assert new == [] and "Question 2 of 17" in ana.text


@pytest.mark.process
def test_a_webhook_without_a_secret_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET"):
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://example.org/hook"})
    done = subprocess.run([sys.executable, "-m", "bot"], env=bot_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN,
                                                                     WEBHOOK_URL="https://example.org/hook"),
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 2 and "WEBHOOK_SECRET" in done.stderr and "Traceback" not in done.stderr


# --------------------------------------------------------------------------- 4. no number mined from a sentence

@pytest.mark.parametrize("typed", ["I passed Step 1 first time", "never failed step 1", "none on step 1",
                                   "<script>alert(1)</script>", "maybe 2", "failed step 1 and ck twice",
                                   "passed step 1 and step 2 first attempt"])
async def test_a_sentence_at_failed_attempts_is_asked_about_not_stored(harness, typed):
    ana = harness.chat()
    await to_question(ana, 1)
    await ana.send(typed)
    assert "usmle_failures" not in stored(harness.runtime, ana.chat_id).answers
    assert "failed attempts" in ana.text and "Question 2 of 17" in ana.text  # asked again, or asked back


@pytest.mark.parametrize("typed", ["-1", "(-1)", "−1", "[-2]", "-1 attempt"])
async def test_a_negative_number_at_failed_attempts_is_refused_not_stored_as_its_digits(harness, typed):
    """Ana types "-1" (or "(-1)") for her failed attempts: she is asked again, and 1 is never stored."""
    ana = harness.chat()
    await to_question(ana, 1)
    await ana.send(typed)
    assert "usmle_failures" not in stored(harness.runtime, ana.chat_id).answers
    assert "not a number of failed attempts" in ana.text


async def test_a_sentence_that_says_none_on_every_step_is_read(harness):
    ana = harness.chat()
    await to_question(ana, 1)
    await ana.send("passed all steps on the first attempt")
    assert stored(harness.runtime, ana.chat_id).answers["usmle_failures"] == 0


@pytest.mark.parametrize("typed,value", [("0", 0), ("none", 0), ("never", 0), ("no failures", 0), ("1", 1),
                                         ("one", 1), ("2 attempts", 2), ("I failed once", 1), ("٢", 2),
                                         ("failed 2 times on step 1 and ck once", 3),  # added up (issue 23)
                                         ("passed all 3 steps first attempt", 0)])
async def test_a_clear_number_or_word_is_taken(harness, typed, value):
    ana = harness.chat()
    await to_question(ana, 1)
    await ana.send(typed)
    assert stored(harness.runtime, ana.chat_id).answers["usmle_failures"] == value


# --------------------------------------------------------------------------- 5. an answer needs its question

async def test_when_the_next_question_never_arrives_the_next_no_does_not_answer_it(harness):
    ana = harness.chat()
    await to_question(ana, 1)
    harness.fake.fail_next(ana.chat_id, 502)  # the reply with question 3 fails
    await ana.send("0")
    assert stored(harness.runtime, ana.chat_id).answers["usmle_failures"] == 0  # what was sent is kept
    await ana.send("2024")  # typed before the user ever saw the graduation question
    assert "graduation_year" not in stored(harness.runtime, ana.chat_id).answers
    assert "may not have reached you" in ana.text and "Question 3 of 17" in ana.text
    await ana.send("2024")  # now they have seen it
    assert stored(harness.runtime, ana.chat_id).answers["graduation_year"] == 2024


async def test_a_reply_lost_after_delivery_does_not_say_try_again(harness):
    ana = harness.chat()
    await ana.send("/assess")
    harness.fake.fail_next(ana.chat_id, LOST)  # delivered, but the bot never hears back
    await ana.send("250")
    texts = [m["text"] for m in ana.messages[-2:]]
    assert "Question 2 of 17" in texts[0] and "was saved" in texts[1]
    assert not any("try again" in t for t in texts)


# --------------------------------------------------------------------------- 6. the token never shows

@pytest.mark.process
def test_a_rejected_token_is_a_clear_error_without_the_token(tmp_path):
    with FakeServer() as server:
        wrong = server.base_url[:-len("bot")]  # "http://host:port/" - the "bot" part left out
        done = subprocess.run([sys.executable, "-m", "bot"], env=bot_env(
            tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, BOT_API_BASE_URL=wrong), capture_output=True, text=True,
            timeout=60, cwd=tmp_path)
    assert done.returncode == 2 and "rejected the token" in done.stderr
    assert TOKEN not in done.stderr + done.stdout and TOKEN.split(":")[1] not in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unreachable_bot_api_is_retried_then_a_clear_error():
    from bot.runtime import StartupError
    from bot.telegram_app import preflight

    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_API_BASE_URL": "http://127.0.0.1:9/bot"})
    started = time.monotonic()
    with pytest.raises(StartupError, match="could not reach the Bot API .* after 3 attempts") as info:
        preflight(settings, attempts=3, wait=0.05)
    assert TOKEN not in str(info.value) and time.monotonic() - started >= 0.15  # it waited between tries


def test_logs_never_quote_what_a_user_typed_or_the_token():
    from bot.logs import SafeFormatter, safe_traceback

    typed = "my secret draft ²"  # what a user typed reaches an exception's message, never the code
    try:
        int(typed)
    except ValueError as exc:
        text = safe_traceback(exc)
    assert "my secret draft" not in text and "ValueError" in text and "int(" in text  # the frame, not the data
    formatter = SafeFormatter([TOKEN], "%(message)s")
    record = __import__("logging").LogRecord("x", 40, "f", 1, f"GET /bot{TOKEN}/getMe", None, None)
    assert TOKEN not in formatter.format(record)


async def test_debug_logging_keeps_telegrams_update_dumps_out(tmp_path, capsys):
    from bot import logs
    import logging

    logs.configure("DEBUG", [TOKEN])
    try:
        assert logging.getLogger("telegram.ext").getEffectiveLevel() >= logging.INFO
        assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING
    finally:
        logging.getLogger().handlers[:] = []
        sys.excepthook = sys.__excepthook__


# --------------------------------------------------------------------------- 7. nothing left after /delete

async def test_after_delete_the_files_hold_nothing_of_the_user(tmp_path):
    chat_id = 987_654_321_012  # a six-byte integer: its bytes are findable in the file, unlike a small id
    h = Harness(make_runtime(tmp_path))
    async with h.app:
        user = h.chat(chat_id)
        await walk(user)
        await user.press("Confirm")
        await user.send("/check")
        await user.press("Neurology")
        await user.send("My unmistakable draft about zebra-striped lesions")
        store = h.runtime.store
        sealed = [row[0] for row in store.db.execute("select data from sessions").fetchall()]
        sealed += [row[0] for row in store.db.execute("select what from reminders").fetchall()]
        await user.send("/delete")
        await user.press("Yes, delete")
        folder = tmp_path / "db"
        raw = b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())
    assert sealed and not any(blob in raw for blob in sealed)
    assert b"zebra-striped" not in raw and chat_id.to_bytes(6, "big") not in raw
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_the_state_and_reminder_labels_are_sealed(runtime):
    from dialogs.session import Session
    from dialogs.timeline_flow import Prefs, TimelineState
    from storage import Reschedule
    from datetime import datetime, timezone

    runtime.store.save(5, Session(state="visa", answers={"match_year": 2027}).with_parts(TimelineState(Prefs()))
                       .to_json(),
                       reschedule=Reschedule((("match_day", datetime(2027, 3, 19, 9, tzinfo=timezone.utc)),)))
    db = runtime.store.db
    assert db.execute("select state from sessions").fetchone()[0] is None
    [(label,)] = db.execute("select tag from reminders").fetchall()
    assert "match" not in label and runtime.store.reminders.for_user(5)[0]["milestone"] == "match_day"


# --------------------------------------------------------------------------- 8. odd characters never crash

@pytest.mark.parametrize("typed", ["፩", "𐩀", "²", "①", "🙂", "٢"])
async def test_digits_from_any_script_at_a_choice_question(harness, typed):
    ana = harness.chat()
    await to_question(ana, 4)  # US clinical experience: a choice
    await ana.send(typed)  # a decimal digit of any script picks that option; others are refused
    assert "went wrong" not in ana.text
    assert ("Question 5 of 17" in ana.text) != ("us_clinical_experience" in stored(harness.runtime, ana.chat_id).answers)


@pytest.mark.parametrize("typed", ["²", "①", "፩", "25", "9:30", "nine"])
async def test_odd_reminder_hours_are_refused_clearly(harness, typed):
    ana = harness.chat()
    await ana.send("/settings")
    await ana.press("Hour")
    await ana.send(typed)
    assert "is not an hour" in ana.text and "went wrong" not in ana.text


@pytest.mark.parametrize("zone", ["America/Argentina", "America/Indiana", "America/Kentucky",
                                  "America/North_Dakota"])
async def test_time_zone_folders_are_not_zones(harness, zone):
    ana = harness.chat()
    await ana.send("/settings")
    await ana.press("Time zone")
    await ana.send(zone)
    assert "I don't know the time zone" in ana.text and "went wrong" not in ana.text


@pytest.mark.parametrize("data", ["st:h:²", "tl:t:submit:²", "tl:t:submit:①", "a:visa:፩", "st:h:" + "9" * 50])
async def test_forged_button_data_is_answered_and_harmless(harness, data):
    ana = harness.chat()
    await ana.tap(data)
    assert ("no longer active" in ana.text or "earlier message" in ana.text) and "went wrong" not in ana.text


# --------------------------------------------------------------------------- 9. a locked database

@pytest.mark.process
async def test_a_locked_database_does_not_hold_up_everyone_and_loses_nothing(harness, tmp_path):
    ana = harness.chat()
    await to_question(ana, 1)
    locker = sqlite3.connect(harness.runtime.settings.db_path, timeout=0)
    locker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        started = time.monotonic()
        others = [harness.chat(2000 + i) for i in range(5)]
        await asyncio.gather(*(o.send("/help") for o in others))
        assert time.monotonic() - started < 2 and all("/assess" in o.text for o in others)  # reads go on
        await ana.send("0")
        assert "could not save that just now" in ana.text  # told within the bounded wait, nothing changed
    finally:
        locker.rollback()
        locker.close()
    assert "usmle_failures" not in stored(harness.runtime, ana.chat_id).answers
    await ana.send("0")
    assert stored(harness.runtime, ana.chat_id).answers["usmle_failures"] == 0


# --------------------------------------------------------------------------- 10. operator mistakes

@pytest.mark.process
def test_the_default_database_path_is_absolute():
    settings = load_settings({})
    assert settings.db_path.is_absolute() and settings.db_path.name == "bot.db"


def run(tmp_path, *args, **env):
    return subprocess.run([sys.executable, "-m", "bot", *args], env=bot_env(tmp_path, **env), cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, input="")


@pytest.mark.process
def test_a_key_file_setting_that_names_a_folder_is_a_clear_error(tmp_path):
    (tmp_path / "keys").mkdir()
    done = run(tmp_path, BOT_KEY_FILE=str(tmp_path / "keys"))
    assert done.returncode == 2 and "is a folder" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.process
def test_a_second_instance_on_the_same_database_is_refused(tmp_path):
    from bot.runtime import StartupError, single_instance

    db = tmp_path / "db" / "bot.db"
    first = single_instance(db)
    try:
        done = run(tmp_path)  # the console, on the same database
        assert done.returncode == 2 and "another instance" in done.stderr
        with pytest.raises(StartupError):
            single_instance(db)
    finally:
        first.close()
    assert run(tmp_path).returncode == 0  # once the first has gone, it starts


@pytest.mark.process
def test_a_damaged_page_is_refused_at_start(tmp_path):
    assert run(tmp_path, "--help").returncode == 0
    assert run(tmp_path).returncode == 0  # creates the database
    db = tmp_path / "db" / "bot.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    data[page * 5: page * 5 + 64] = b"\xff" * 64  # scribble over the header of the table on page 6 (users)
    db.write_bytes(bytes(data))
    done = run(tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "damaged" in done.stderr or "malformed" in done.stderr or "not a database" in done.stderr


@pytest.mark.parametrize("content,words", [
    ("questions:\n  - id: x\n    title: caf\xe9\n".encode("cp1252"), "not UTF-8"),
    (b"cycles:\n  2026:\n    dates:\n      match_day: 2026-11-31\n", "line 4"),
])
def test_knowledge_files_in_the_wrong_encoding_or_with_impossible_dates_name_file_and_line(tmp_path, content, words):
    import shutil

    from knowledge.base import load_knowledge
    from knowledge.loader import DATA_DIR, KnowledgeError

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    name = "questions.yaml" if b"questions" in content else "timeline.yaml"
    (data / name).write_bytes(content)
    with pytest.raises(KnowledgeError, match=words) as info:
        load_knowledge(data)
    assert info.value.file == name


@pytest.mark.parametrize("content,words", [
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b"{" + b" " * 2_000_000 + b"}", "larger than 1 MB"),
    (b"\xff\xfe{}", "not UTF-8"),
])
@pytest.mark.process
def test_the_plan_command_refuses_unusable_files_clearly(tmp_path, content, words):
    path = tmp_path / "a.json"
    path.write_bytes(content)
    done = subprocess.run([sys.executable, "-m", "bot", "plan", str(path)], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr


@pytest.mark.process
def test_the_plan_command_reads_dev_zero_boundedly():
    done = subprocess.run([sys.executable, "-m", "bot", "plan", "/dev/zero"], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert done.returncode == 2 and ("larger than" in done.stderr or "not UTF-8" in done.stderr)


# --------------------------------------------------------------------------- 11. poor behaviour

async def test_a_statement_with_500_red_flags_comes_back_short(harness):
    chat = harness.chat()
    await chat.send("/check")
    await chat.press("Family medicine")
    for _ in range(5):  # a Telegram message holds at most 4096 characters: the draft comes in parts
        await chat.send("Family medicine is my backup plan. " * 100)
    new = await chat.press("Check")
    assert len(new) <= 2 and "and 488 more" in new[0]["text"]


async def test_delete_then_no_in_the_middle_shows_the_open_question(harness):
    ana = harness.chat()
    await to_question(ana, 2)
    await ana.send("/delete")
    await ana.press("No, keep")
    assert "Nothing was deleted" in ana.text and "Question 3 of 17" in ana.text


async def test_delete_then_no_while_drafting_keeps_the_draft(harness):
    chat = harness.chat()
    await chat.send("/check")
    await chat.press("Neurology")
    await chat.send("I love localising lesions.")
    await chat.send("/delete")
    await chat.press("No, keep")
    session = stored(harness.runtime, chat.chat_id)
    assert session.mode == DRAFTING and session.part(CoachState).draft.parts == ["I love localising lesions."]
    assert "Send more, or press Check" in chat.text


@pytest.mark.process
def test_the_plan_command_accepts_a_byte_order_mark_and_refuses_absurd_failures(tmp_path):
    from tests.examples import MODERATE

    path = tmp_path / "a.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(MODERATE).encode())
    assert subprocess.run([sys.executable, "-m", "bot", "plan", str(path)], capture_output=True, timeout=60,
                          cwd=ROOT).returncode == 0
    path.write_text(json.dumps({**MODERATE, "usmle_failures": 10**30}))
    done = subprocess.run([sys.executable, "-m", "bot", "plan", str(path)], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert done.returncode == 2 and "usmle_failures" in done.stderr


async def test_a_newcomer_who_only_looks_leaves_no_row(harness):
    ana = harness.chat()
    await ana.send("/start")
    await ana.send("/mydata")
    await ana.send("/help")
    assert harness.runtime.store.count_users() == 0


@pytest.mark.process
def test_a_fresh_key_is_made_private(tmp_path):
    done = run(tmp_path)
    key = tmp_path / "keys" / "k"
    assert done.returncode == 0 and stat.S_IMODE(key.stat().st_mode) == 0o600
    assert Fernet(key.read_bytes().strip())  # a usable key
