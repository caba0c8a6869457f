"""A Reply -> a Telegram message: keyboard, HTML, document (shared by the handlers and the reminder sender)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.constants import ParseMode

from dialogs.reply import Button, Reply


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    return _markup(reply.buttons) if reply.buttons else None


class _Markup(InlineKeyboardMarkup):
    """An inline keyboard that works out its JSON form once: PTB serialises the reply markup
    on every send, and a cached keyboard is sent thousands of times."""

    __slots__ = ("_as_dict",)

    def __init__(self, rows: list[list[InlineKeyboardButton]]):
        super().__init__(rows)
        with self._unfrozen():
            self._as_dict = super().to_dict()

    def to_dict(self, recursive: bool = True) -> dict[str, Any]:
        return self._as_dict if recursive else super().to_dict(recursive)


@lru_cache(maxsize=512)
def _markup(buttons: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup:
    """Keyboards repeat (every user sees the same question buttons) and PTB objects are immutable,
    so one markup object per distinct keyboard is built and reused."""
    return _Markup([[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in buttons])


async def deliver(bot: Any, chat_id: int, reply: Reply, rate_limit_args: dict[str, Any] | None = None) -> Message:
    """Send one reply as HTML: a document with its caption, or a message with its keyboard.
    ``rate_limit_args`` go to the bot's rate limiter (reminders mark themselves as bulk sends)."""
    extra = {"rate_limit_args": rate_limit_args} if rate_limit_args else {}
    sent: Message
    if reply.photo:
        sent = await bot.send_photo(chat_id, InputFile(reply.photo, filename="profile.png"), caption=reply.text,
                                    parse_mode=ParseMode.HTML, reply_markup=keyboard(reply), **extra)
    elif reply.document:
        name, content = reply.document
        sent = await bot.send_document(chat_id, InputFile(content, filename=name), caption=reply.text,
                                       parse_mode=ParseMode.HTML, reply_markup=keyboard(reply), **extra)
    else:
        sent = await bot.send_message(chat_id, reply.text, parse_mode=ParseMode.HTML, reply_markup=keyboard(reply),
                                      disable_web_page_preview=True, **extra)
    return sent
