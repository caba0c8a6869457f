"""The bot's one rate limiter: Telegram's limits, every wait on the injectable clock.

What PTB's ``AIORateLimiter`` does (at most ``rate`` requests a second to chats, a 429 waits its
``retry_after`` and the request is retried), with three differences:

* a 429 for one chat pauses that chat only (Telegram's per-chat limit); only a 429 for a request
  without a chat pauses everything;
* bulk sends (the reminder sender passes ``rate_limit_args={"bulk": True}``) keep
  ``chat_interval`` seconds between two messages to the same chat;
* a bulk send to a paused chat is not held: it fails at once with ``RetryAfter`` (how long is
  left), so the sender moves on to other chats and tries this one at a later scan.

Replies to what a user just did are not spaced per chat: a turn's two or three messages go out
together.
"""

from __future__ import annotations

import asyncio
import logging
import math
from datetime import datetime, timedelta
from typing import Any, Callable, Coroutine

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)


def retry_seconds(exc: RetryAfter) -> float:
    """``retry_after`` in seconds (an int in PTB 22, a timedelta later)."""
    value = exc._retry_after  # the library's own field: no deprecation warning  # noqa: SLF001
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class ClockRateLimiter(BaseRateLimiter[dict[str, Any]]):
    def __init__(self, clock: Any, rate: float | None = 25.0, chat_interval: float = 1.0, max_retries: int = 3):
        self.clock = clock
        self.interval = 1.0 / rate if rate else 0.0
        self.chat_interval = chat_interval
        self.max_retries = max_retries
        self._next_any: datetime | None = None
        self._paused_until: datetime | None = None  # a 429 without a chat: everything waits
        self._paused_chat: dict[Any, datetime] = {}  # a 429 for one chat: that chat waits
        self._next_chat: dict[Any, datetime] = {}
        self._lock = asyncio.Lock()

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any,
                              kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
                              rate_limit_args: dict[str, Any] | None) -> Any:
        chat = data.get("chat_id")
        bulk = bool(rate_limit_args and rate_limit_args.get("bulk"))
        for attempt in range(self.max_retries + 1):
            await self._wait_turn(chat, bulk)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                wait = retry_seconds(exc) + 0.1
                resume = self.clock.now() + timedelta(seconds=wait)
                if chat is None:
                    log.info("Telegram asked to slow down: every send waits %.1f s", wait)
                    self._paused_until = max(filter(None, (self._paused_until, resume)))
                else:
                    log.info("Telegram asked to slow down for one chat: its sends wait %.1f s", wait)
                    self._paused_chat[chat] = max(filter(None, (self._paused_chat.get(chat), resume)))
                if bulk or attempt == self.max_retries:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def _wait_turn(self, chat: Any, bulk: bool) -> None:
        """Reserve this request's moment (overall spacing, pauses, per chat for bulk) and sleep until it."""
        async with self._lock:
            now = self.clock.now()
            paused = self._paused_chat.get(chat) if chat is not None else None
            if paused is not None and paused <= now:
                del self._paused_chat[chat]
                paused = None
            if paused is not None and bulk:  # never hold the reminder sender for one chat
                raise RetryAfter(max(1, math.ceil((paused - now).total_seconds())))
            moments = [now, self._next_any, self._paused_until, paused]
            if bulk:
                moments.append(self._next_chat.get(chat))
            ready = max(m for m in moments if m is not None)
            if self.interval:
                self._next_any = ready + timedelta(seconds=self.interval)
            if bulk and self.chat_interval:
                self._next_chat[chat] = ready + timedelta(seconds=self.chat_interval)
                if len(self._next_chat) > 10_000:  # forget chats whose spacing has passed
                    self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}
        if ready > now:
            await self.clock.sleep((ready - now).total_seconds())
