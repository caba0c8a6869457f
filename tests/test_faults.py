"""Bad input of every kind through the whole Application, and storage that fails under the bot."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Update

from dialogs import assessment as flow
from knowledge.answers import check_consistency, check_value
from storage import StorageError, Store
from tests.conftest import Harness, make_runtime, stored
from tests.fakebot import callback_update, message_update
from tests.test_subprocess import bot_env
from tests.props import tries

# --------------------------------------------------------------------------- property test over the Application

KNOWN = ["/start", "/assess", "/plan", "/profile", "/faq", "/timeline", "/settings", "/interview", "/check",
         "/help", "/privacy", "/mydata", "/cancel", "/delete", "/start faq-letters", "/start nonsense"]
CALLBACK_PREFIXES = ["a:step2_ck_score:", "a:visa:", "nav:back:", "fix:", "ed:", "sum:", "as:", "menu:", "plan:",
                     "del:", "faq:", "faqm:", "faqt:", "iv:", "iv:g:", "iv:p:", "ck:", "ck:s:", "tl:", "tl:m:",
                     "tl:t:rank_list:", "st:", "st:tz:", "st:h:"]
MEDIA = [{"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
                      "is_animated": False, "is_video": False}},
         {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]},
         {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 1}},
         {"location": {"latitude": 1.0, "longitude": 2.0}}]

DIGITS = st.text(alphabet=st.characters(categories=("Nd", "No")), min_size=1, max_size=5)  # any script's digits
texts = st.one_of(st.text(max_size=300), DIGITS, st.sampled_from(
    ["250", "0", "2024", " ", "😀" * 50, "x" * 5000, '"NEAR( AND *', "<b>hi</b> & <", "Asia/Karachi", "9", "፩", "𐩀",
     "²", "①", "٢٥٠", "America/Argentina", "I passed Step 1 first time", "<script>alert(1)</script>"]))
events = st.one_of(
    st.tuples(st.just("text"), texts),
    st.tuples(st.just("command"), st.one_of(st.sampled_from(KNOWN), st.from_regex(r"/[a-z_]{1,20}", fullmatch=True))),
    st.tuples(st.just("callback"), st.one_of(
        st.builds(lambda p, s: (p + s)[:64], st.sampled_from(CALLBACK_PREFIXES), st.text(max_size=40)),
        st.builds(lambda p, s: p + s, st.sampled_from(CALLBACK_PREFIXES), DIGITS),
        st.text(max_size=64))),
    st.tuples(st.just("edited"), texts),
    st.tuples(st.just("media"), st.sampled_from(range(len(MEDIA)))),
    st.tuples(st.just("file"), st.binary(max_size=300)),
    st.tuples(st.just("group"), texts),
)


class Failures:
    """An extra error handler that records whatever escaped a handler."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    async def __call__(self, update, context) -> None:
        self.errors.append(repr(context.error))


@pytest.fixture(scope="module")
def app_loop(tmp_path_factory):
    loop = asyncio.new_event_loop()
    harness = Harness(make_runtime(tmp_path_factory.mktemp("prop")))
    failures = Failures()
    harness.app.add_error_handler(failures)
    loop.run_until_complete(harness.app.initialize())
    yield harness, loop, failures
    loop.run_until_complete(harness.app.shutdown())
    loop.close()


def to_update(h: Harness, chat_id: int, event) -> dict:
    kind, value = event
    fake = h.fake
    if kind == "callback":
        return callback_update(fake, chat_id, value.encode("utf-8")[:64].decode("utf-8", "ignore") or "x")
    if kind == "edited":
        return message_update(fake, chat_id, value or ".", edited=True)
    if kind == "media":
        return message_update(fake, chat_id, None, extra=MEDIA[value])
    if kind == "file":
        return message_update(fake, chat_id, None, extra={"document": fake.add_file(value, "draft.txt")})
    if kind == "group":
        return message_update(fake, -chat_id, value or ".", chat_type="group", user_id=chat_id)
    return message_update(fake, chat_id, value or ".")


@settings(max_examples=tries(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chat=st.integers(1, 5), steps=st.lists(events, min_size=1, max_size=12))
def test_any_sequence_of_updates_never_escapes_a_handler_and_every_message_is_valid(app_loop, chat, steps):
    h, loop, failures = app_loop
    for event in steps:
        update = to_update(h, chat, event)
        loop.run_until_complete(h.app.process_update(Update.de_json(update, h.app.bot)))
        if "callback_query" in update:
            assert update["callback_query"]["id"] in h.fake.answered, "a callback query was not answered"
    assert failures.errors == [], failures.errors[:3]
    assert h.fake.errors == [], h.fake.errors[:2]  # 4096 chars, valid HTML, 64-byte callback data
    assert not any("went wrong" in m["text"] for m in h.fake.messages_to(chat))
    for key, value in (stored(h.runtime, chat).answers if stored(h.runtime, chat) else {}).items():
        assert check_value(key, value) is None, (key, value)  # only answers within CONTRACTS §1
    session = stored(h.runtime, chat)  # whatever happened, the stored session is one the flows can continue
    assert session is None or (session.state in flow.STATES and check_consistency(session.answers) is None)


# --------------------------------------------------------------------------- storage faults

def run_bot(tmp_path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot"], input="", env=bot_env(tmp_path, **env), cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.process
def test_a_corrupted_database_file_gives_one_clear_error(tmp_path):
    db = tmp_path / "db" / "bot.db"
    db.parent.mkdir()
    db.write_bytes(b"this is not a database" * 100)
    done = run_bot(tmp_path, BOT_DATA_KEY=Fernet.generate_key().decode())
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]  # one line
    assert "Cannot open the database" in done.stderr and "not a database" in done.stderr
    assert "Traceback" not in done.stderr
    assert db.read_bytes() == b"this is not a database" * 100  # nothing written


@pytest.mark.process
def test_a_missing_key_file_is_an_error_not_a_new_key(tmp_path):
    first = run_bot(tmp_path)  # creates the key file and the database
    assert first.returncode == 0
    key_file = tmp_path / "keys" / "k"
    key_file.unlink()
    done = run_bot(tmp_path)
    assert done.returncode == 2 and "key file" in done.stderr and "missing" in done.stderr
    assert "Traceback" not in done.stderr and not key_file.exists()  # no new key was written


@pytest.mark.process
def test_a_wrong_key_is_refused(tmp_path):
    assert run_bot(tmp_path, BOT_DATA_KEY=Fernet.generate_key().decode()).returncode == 0
    done = run_bot(tmp_path, BOT_DATA_KEY=Fernet.generate_key().decode())
    assert done.returncode == 2 and "does not match" in done.stderr


async def test_a_read_only_database_changes_nothing_and_the_user_is_told(harness, caplog):
    ana = harness.chat()
    await ana.send("/assess")
    await ana.send("250")
    store = harness.runtime.store
    before = store.load(ana.chat_id)
    store.connections.apply("PRAGMA query_only = ON")  # writes now fail as on a read-only file
    with caplog.at_level(logging.ERROR):
        await ana.send("0")
    assert "could not save that just now" in ana.text and "Nothing was changed" in ana.text
    assert any("StorageError" in r.getMessage() and "readonly" in r.getMessage() for r in caplog.records)
    store.connections.apply("PRAGMA query_only = OFF")
    assert store.load(ana.chat_id) == before  # no partial write
    await ana.send("0")  # once storage works again, the same answer goes through
    assert "Question 3 of 17" in ana.text


async def test_a_full_disk_changes_nothing_and_the_user_is_told(harness, caplog):
    store = harness.runtime.store
    conn = store.db.conn
    store.connections.apply(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0] + 2}")
    below = store.uid(2002) - 200_000
    filler = iter(range(below, below + 100_000))  # keys below the newcomer's: its rows would need new pages
    for size in (600, 100, 10, 0):  # use up every free page and each table's spare room, as a full disk would
        with pytest.raises(sqlite3.DatabaseError, match="full"):
            while True:
                i = next(filler)
                conn.execute("insert into users (uid, chat, created_at, last_seen, status) values (?, x'', '', '', 'filler')",
                             [i])
                conn.execute("insert into sessions (uid, state, data, updated_at) values (?, '', ?, '')",
                             [i, b"x" * size])
    newcomer = harness.chat(2002)
    with caplog.at_level(logging.ERROR):
        await newcomer.send("/assess")
    assert "could not save that just now" in newcomer.text
    assert any("StorageError" in r.getMessage() and "full" in r.getMessage() for r in caplog.records)
    assert store.user_status(2002) is None and store.load(2002) is None  # neither row half-written
    conn.execute("delete from sessions where uid between ? and ?", [below, below + 100_000])
    conn.execute("delete from users where uid between ? and ?", [below, below + 100_000])
    store.connections.apply("PRAGMA max_page_count = 1073741823")
    await newcomer.send("/assess")
    assert "Question 1 of 17" in newcomer.text


def test_store_wraps_sqlite_errors(tmp_path):
    store = Store.open(tmp_path / "x.db", Fernet.generate_key())
    store.db.conn.execute("PRAGMA query_only = ON")
    with pytest.raises(StorageError, match="readonly"):
        store.save(1, {})
