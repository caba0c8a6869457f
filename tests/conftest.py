"""Fixtures: a real python-telegram-bot Application wired to the in-process fake Bot API."""

from __future__ import annotations

import asyncio
import compileall
import os
import sqlite3
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest


def _compiled_once() -> None:
    """Write the project's bytecode before anything imports it, when the environment says not to
    (PYTHONDONTWRITEBYTECODE): otherwise every `python -m bot` the tests start, a hundred or more in
    the slow suites, compiles the same 20,000 lines again (0.4 s of CPU each). Only stale files are
    compiled; __pycache__ is ignored by git."""
    if sys.dont_write_bytecode:
        root = Path(__file__).resolve().parent.parent
        for package in ("bot", "dialogs", "knowledge", "storage"):
            compileall.compile_dir(root / package, quiet=1)
        # The same for the test modules: pytest rewrites their asserts on import and keeps the rewritten
        # code in __pycache__ only when bytecode may be written; otherwise every run rewrites all fifty
        # modules again (3 s of the everyday run's CPU). Test processes only: what they start inherits the
        # environment unchanged.
        sys.dont_write_bytecode = False


_compiled_once()


def _files_of(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What a knowledge folder holds, as names, sizes and modification times: a test's edited copy differs."""
    stats = ((f, f.stat()) for f in sorted(folder.rglob("*.yaml")))
    return tuple((str(f), st.st_size, st.st_mtime_ns) for f, st in stats)


def _parsed_once(module: Any, name: str) -> None:
    """Replace ``module.name`` (a loader of a knowledge folder) by one that parses each folder once while its
    files are unchanged. Hundreds of tests build a runtime, and twenty test modules load the knowledge base
    when they are imported; parsing and validating the shipped files was a fifth of a second each time
    (about 40 % of the everyday suite's CPU). A folder a test writes or edits is read afresh, and a load
    that fails is never kept. Done here, before anything imports the loader by name; the bot itself loads
    its knowledge once per process, so it needs no such memo."""
    from knowledge.loader import DATA_DIR

    real = getattr(module, name)
    seen: dict[tuple[str, tuple[tuple[str, int, int], ...]], Any] = {}

    def load_once(data_dir: Path | None = None) -> Any:
        folder = Path(data_dir or DATA_DIR)
        key = (str(folder), _files_of(folder))
        if key not in seen:
            seen[key] = real(data_dir) if data_dir is not None else real()
        return seen[key]

    setattr(module, name, load_once)


import knowledge.base
import knowledge.changes

_parsed_once(knowledge.base, "load_knowledge")
_parsed_once(knowledge.changes, "load_notice_words")

from cryptography.fernet import Fernet
from telegram import Update

from bot.config import Settings, load_settings
from dialogs.session import Part, Session
from bot.runtime import Runtime, build_runtime
from bot.telegram_app import build_application
from tests.fakebot import TOKEN, FakeRequest, FakeTelegram, callback_update, message_update

TODAY = date(2026, 11, 29)


@pytest.fixture(autouse=True, scope="session")
def _faq_rows_once() -> Any:
    """The FAQ index's rows of one loaded knowledge base, worked out once (every runtime builds its index
    from them)."""
    import bot.runtime as runtime_module

    real_rows = runtime_module.faq.index_rows
    rows_of: dict[int, tuple[Any, Any]] = {}

    def rows_once(entries: Any) -> Any:
        kept = rows_of.get(id(entries))
        if kept is None or kept[0] is not entries:
            kept = rows_of[id(entries)] = (entries, real_rows(entries))
        return kept[1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runtime_module.faq, "index_rows", rows_once)
        yield


SLOW = ("crash", "quality", "process")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true",
                     help="also run the slow suites: crash, faults and load (-m crash), quality figures (-m quality), "
                          "tests that start the bot or the CLI as a separate process (-m process)")


def pytest_configure(config: pytest.Config) -> None:
    """--slow (the README's test command) tries every example a property test asks for; the everyday run
    tries fewer (tests/props.py). Set before any test module is imported, since @settings reads it then."""
    import tests.props

    tests.props.THOROUGH = bool(config.getoption("--slow"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The everyday run leaves the slow suites out, unless --slow or a -m expression asks for them."""
    if config.getoption("--slow") or config.option.markexpr:
        return
    slow = [item for item in items if any(item.get_closest_marker(m) for m in SLOW)]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if item not in slow]


class FakeClock:
    """Virtual time: ``sleep`` advances ``now`` at once (tests of reminders and rate limits)."""

    def __init__(self, start: datetime):
        self.moment = start
        self.slept = 0.0

    def now(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)

    async def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.moment += timedelta(seconds=seconds)
        await asyncio.sleep(0)


_TEMPLATE: list[bytes] = []  # a new database as every test's runtime starts it, built once (``_new_database``)


def _new_database(path: Path) -> None:
    """Start a test's database as a copy of one made once by the bot itself: every migration applied and
    the FAQ index built, without the data key's check row (the runtime writes its own key's). Building
    that from nothing was two thirds of a runtime's setup (25 ms, hundreds of times an everyday run); the
    tests of creating, migrating and upgrading a database write their file first, and are not copied."""
    if not _TEMPLATE:
        with tempfile.TemporaryDirectory() as folder:
            first = build_runtime(_settings(Path(folder) / "bot.db"))
            first.store.connections.close()
            made, copy = sqlite3.connect(Path(folder) / "bot.db"), sqlite3.connect(Path(folder) / "copy.db")
            made.backup(copy)
            with copy:
                copy.execute("delete from meta where key = 'key_check'")
            copy.execute("pragma journal_mode = delete")
            made.close()
            copy.close()
            _TEMPLATE.append((Path(folder) / "copy.db").read_bytes())
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:  # as the bot makes it
        file.write(_TEMPLATE[0])


def _settings(database: Path, key: str | None = None, **env: str) -> Settings:
    """A test bot's settings: the fake Bot API's token, ``database``, a new data key unless ``key``, and ``env``
    over them."""
    return load_settings({
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "BOT_DB_PATH": str(database),
        "BOT_DATA_KEY": key or Fernet.generate_key().decode(),
        **env,
    })


def make_runtime(tmp_path: Path, key: str | None = None, today: date = TODAY, clock: FakeClock | None = None,
                 **env: str) -> Runtime:
    settings = _settings(tmp_path / "db" / "bot.db", key, **env)
    if not settings.db_path.exists() and settings.knowledge_dir is None:
        _new_database(settings.db_path)
    if clock is not None:
        return build_runtime(settings, clock=clock)  # today = the clock's date
    return build_runtime(settings, today=lambda: today)


def stored(runtime: Runtime, chat_id: int) -> Session | None:
    """A user's session as stored (None for a user the bot never saw)."""
    row = runtime.store.load(chat_id)
    return Session.from_json(row.data) if row else None


def seed(runtime: Runtime, chat_id: int, reschedule: Any = None, parts: tuple[Part, ...] = (), **fields: Any) \
        -> Session:
    """Store a session for ``chat_id`` as if the user had got there (``fields`` of ``Session``, and flows'
    ``parts``)."""
    session = Session(**fields).with_parts(*parts)
    runtime.store.save(chat_id, session.to_json(), reschedule=reschedule)
    return session


class Chat:
    """One Telegram user talking to the bot; every call returns the bot's new messages."""

    def __init__(self, harness: "Harness", chat_id: int, first_name: str = "Ana"):
        self.h, self.chat_id, self.first_name = harness, chat_id, first_name

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.h.fake.messages_to(self.chat_id)

    @property
    def last(self) -> dict[str, Any]:
        return self.messages[-1]

    @property
    def text(self) -> str:
        return self.last["text"]

    async def _feed(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        before = len(self.messages)
        await self.h.app.process_update(Update.de_json(update, self.h.app.bot))
        return self.messages[before:]

    async def send(self, text: str, **kw: Any) -> list[dict[str, Any]]:
        return await self._feed(message_update(self.h.fake, self.chat_id, text, first_name=self.first_name, **kw))

    async def send_raw(self, **kw: Any) -> list[dict[str, Any]]:
        return await self._feed(message_update(self.h.fake, self.chat_id, None, **kw))

    async def send_file(self, content: bytes, file_name: str = "statement.txt",
                        mime_type: str = "text/plain") -> list[dict[str, Any]]:
        document = self.h.fake.add_file(content, file_name, mime_type)
        return await self.send_raw(extra={"document": document})

    @property
    def screen(self) -> list[dict[str, Any]]:
        """The chat as the user sees it now: each bot message once, as last edited."""
        return self.h.fake.screen_of(self.chat_id)

    @property
    def edits(self) -> list[dict[str, Any]]:
        return self.h.fake.edits_to(self.chat_id)

    def newest_keyboard(self) -> dict[str, Any]:
        """The message whose keyboard changed last (sent or edited): the one a user taps next."""
        shown = [m for m in self.screen if m["buttons"]]
        if not shown:
            raise AssertionError("no message on screen has buttons")
        return max(shown, key=lambda m: m["seq"])

    def button(self, label: str, message: dict[str, Any] | None = None) -> str:
        msg = self.h.fake.screen.get(message["message_id"], message) if message else self.newest_keyboard()
        for text, data in msg["buttons"]:
            if label.lower() in text.lower():
                return data
        raise AssertionError(f"no button {label!r} in the keyboard: {[b for b, _ in msg['buttons']]}")

    def holder(self, data: str) -> int:
        """The message on screen that carries this button data (the newest one), else 1 (gone)."""
        holders = [m for m in self.screen if any(d == data for _, d in m["buttons"])]
        return max(holders, key=lambda m: m["seq"])["message_id"] if holders else 1

    async def tap(self, data: str, message_id: int | None = None) -> list[dict[str, Any]]:
        """Tap a button: on the message that shows it (or ``message_id``); data no message shows is a tap on a
        message Telegram no longer lets the bot edit."""
        where = self.holder(data) if message_id is None else message_id
        update = callback_update(self.h.fake, self.chat_id, data, message_id=where, first_name=self.first_name)
        new = await self._feed(update)
        assert update["callback_query"]["id"] in self.h.fake.answered, "callback query not answered"
        return new

    async def press(self, label: str, message: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        data = self.button(label, message)
        return await self.tap(data, message["message_id"] if message else self.newest_keyboard()["message_id"])


class Harness:
    def __init__(self, runtime: Runtime, rate_limit: bool = False, fake: FakeTelegram | None = None):
        self.runtime = runtime
        self.fake = fake or FakeTelegram()  # pass the last one's to restart against the same Bot API
        self.app = build_application(runtime, request=FakeRequest(self.fake), rate_limit=rate_limit)

    def chat(self, chat_id: int = 1001, first_name: str = "Ana") -> Chat:
        return Chat(self, chat_id, first_name)


@pytest.fixture
async def harness(tmp_path):
    h = Harness(make_runtime(tmp_path))
    async with h.app:
        await h.app.post_init(h.app)  # what run_polling does after initialize()
        yield h
    assert not h.fake.errors, f"the bot sent something Telegram would reject: {h.fake.errors[:2]}"


@pytest.fixture
async def h(tmp_path, clock):
    """The bot on a fake clock (each test file that uses it defines ``clock``), with its own send limiter
    on that clock, as run_polling starts it."""
    harness = Harness(make_runtime(tmp_path, clock=clock), rate_limit=True)
    async with harness.app:
        await harness.app.post_init(harness.app)
        yield harness
    assert not harness.fake.errors, harness.fake.errors[:2]


@pytest.fixture
def runtime(tmp_path):
    return make_runtime(tmp_path)


def console_at_summary(tmp_path: Path, answers: dict[str, Any]) -> tuple[Runtime, Any, Any]:
    """A terminal console (no token) whose user has answered everything and is back at the summary:
    the runtime, the console and what it printed so far (an ``io.StringIO``)."""
    import io

    from bot.console import Console

    runtime = make_runtime(tmp_path, TELEGRAM_BOT_TOKEN="")
    seed(runtime, runtime.settings.console_user, state="summary", answers=dict(answers))
    out = io.StringIO()
    console = Console(runtime, out=out, files_dir=tmp_path / "files")
    console.step("/assess")
    console.step("Resume at the summary")
    return runtime, console, out
