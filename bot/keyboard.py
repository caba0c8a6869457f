"""Reply buttons -> Telegram inline keyboards (shared by the handlers and the reminder sender)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from dialogs.reply import Reply


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
                                 for row in reply.buttons])
