"""A Reply -> a Telegram message: keyboard, HTML, document (shared by the handlers and the reminder sender).

Sends and edits go through ``Bot.do_api_request`` and keep Telegram's answer as it came: the bot
needs only a sent message's id, and building python-telegram-bot's ``Message`` from every answer
(with its keyboard, chat and user objects) took about a quarter of a turn's time. Everything else
is PTB's own path: the request is built and sent, the rate limiter applies, errors raise as usual.
PTB warns that typed methods exist for these calls; that advice is about convenience, so it is
silenced for exactly these methods.
"""

from __future__ import annotations

import json
import warnings
from functools import lru_cache
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.warnings import PTBUserWarning

from dialogs.reply import Button, Reply


RAW = ("sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup")
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.\w+' instead of 'Bot\.do_api_request\(\"(%s)\""
                        % "|".join(RAW), category=PTBUserWarning)
NO_PREVIEW = json.dumps(LinkPreviewOptions(is_disabled=True).to_dict())  # sent as Telegram reads it: JSON text


@lru_cache(maxsize=512)
def _markup_json(buttons: tuple[tuple[Button, ...], ...]) -> str:
    """Keyboards repeat (every user sees the same question's buttons): each distinct one is built and
    serialised once, as PTB's ``InlineKeyboardMarkup.to_json`` does, and sent as that text."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
                                 for row in buttons]).to_json()


def keyboard_json(reply: Reply) -> str | None:
    """A reply's inline keyboard as the JSON text Telegram reads (None without buttons)."""
    return _markup_json(reply.buttons) if reply.buttons else None


async def call(bot: Any, method: str, params: dict[str, Any], rate_limit_args: dict[str, Any] | None = None) -> Any:
    """One Bot API call (one of ``RAW``); Telegram's answer as JSON (a message, or True for some edits)."""
    extra = {"rate_limit_args": rate_limit_args} if rate_limit_args else {}
    return await bot.do_api_request(method, api_kwargs=params, **extra)


async def deliver(bot: Any, chat_id: int, reply: Reply, rate_limit_args: dict[str, Any] | None = None) -> int:
    """Send one reply as HTML: a document with its caption, or a message with its keyboard; the new
    message's id. ``rate_limit_args`` go to the bot's rate limiter (reminders mark themselves as bulk sends)."""
    markup = keyboard_json(reply)
    params: dict[str, Any] = {"chat_id": chat_id, "parse_mode": ParseMode.HTML,
                              **({"reply_markup": markup} if markup is not None else {})}
    if reply.photo:
        method, params = "sendPhoto", {**params, "photo": InputFile(reply.photo, filename="profile.png"),
                                       "caption": reply.text}
    elif reply.document:
        name, content = reply.document
        method, params = "sendDocument", {**params, "document": InputFile(content, filename=name),
                                          "caption": reply.text}
    else:
        method, params = "sendMessage", {**params, "text": reply.text, "link_preview_options": NO_PREVIEW}
    sent = await call(bot, method, params, rate_limit_args)
    return int(sent["message_id"])
