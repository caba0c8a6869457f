"""Fixtures: a real python-telegram-bot Application wired to the in-process fake Bot API."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from telegram import Update

from bot.config import load_settings
from dialogs.session import Session
from bot.runtime import Runtime, build_runtime
from bot.telegram_app import build_application
from tests.fakebot import TOKEN, FakeRequest, FakeTelegram, callback_update, message_update

TODAY = date(2026, 11, 29)
SLOW = ("crash", "quality", "process")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true",
                     help="also run the slow suites: crash, faults and load (-m crash), quality figures (-m quality), "
                          "tests that start the bot or the CLI as a separate process (-m process)")


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


def make_runtime(tmp_path: Path, key: str | None = None, today: date = TODAY, clock: FakeClock | None = None,
                 **env: str) -> Runtime:
    settings = load_settings({
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "BOT_DB_PATH": str(tmp_path / "db" / "bot.db"),
        "BOT_DATA_KEY": key or Fernet.generate_key().decode(),
        **env,
    })
    if clock is not None:
        return build_runtime(settings, clock=clock)  # today = the clock's date
    return build_runtime(settings, today=lambda: today)


def stored(runtime: Runtime, chat_id: int) -> Session | None:
    """A user's session as stored (None for a user the bot never saw)."""
    row = runtime.store.load(chat_id)
    return Session.from_json(row.data, row.state) if row else None


def seed(runtime: Runtime, chat_id: int, reschedule: Any = None, **fields: Any) -> Session:
    """Store a session for ``chat_id`` as if the user had got there (``fields`` of ``Session``)."""
    session = Session(**fields)
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

    def button(self, label: str, message: dict[str, Any] | None = None) -> str:
        for msg in ([message] if message else reversed(self.messages)):
            for text, data in msg["buttons"]:
                if label.lower() in text.lower():
                    return data
            if msg["buttons"] and message is None:
                break  # only the newest keyboard counts
        raise AssertionError(f"no button {label!r} in the last keyboard: "
                             f"{[b for b, _ in self.messages[-1]['buttons']]}")

    async def tap(self, data: str) -> list[dict[str, Any]]:
        update = callback_update(self.h.fake, self.chat_id, data, first_name=self.first_name)
        new = await self._feed(update)
        assert update["callback_query"]["id"] in self.h.fake.answered, "callback query not answered"
        return new

    async def press(self, label: str) -> list[dict[str, Any]]:
        return await self.tap(self.button(label))


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
def runtime(tmp_path):
    return make_runtime(tmp_path)
