"""Reply buttons -> Telegram inline keyboards (shared by the handlers and the reminder sender)."""

from __future__ import annotations

from functools import lru_cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from dialogs.reply import Button, Reply


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    return _markup(reply.buttons) if reply.buttons else None


@lru_cache(maxsize=512)
def _markup(buttons: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup:
    """Keyboards repeat (every user sees the same question buttons) and PTB objects are immutable,
    so one markup object per distinct keyboard is built and reused."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
                                 for row in buttons])
