"""One turn's replies on the user's screen: new messages, and changes to messages already there.

A turn that began with a tap may change the message whose button was tapped (``Reply.edit``):
a ``screen`` replaces its text and keyboard (navigation: one message changes in place, as in
python-telegram-bot's ``inlinekeyboard2.py``), a ``settle`` marks it answered (its keyboard goes;
a question keeps what was chosen). When Telegram refuses the edit (the message is too old, it is a
file, it was deleted) a screen is sent as a new message and a settle is dropped; an edit that
changes nothing ("message is not modified") counts as done.

The open question of the self-assessment keeps the only live question keyboard: once the
conversation moves on below it (the question is answered, asked again further down, or left), its
keyboard goes. Which message holds it is kept in memory per chat (bounded); after a restart an old
keyboard may stay on screen, and a tap on it is treated as any stale button is.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.keyboard import NO_PREVIEW, call, deliver, keyboard_json
from dialogs.reply import Reply

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tapped:
    """The message whose button started the turn."""

    message_id: int
    has_text: bool  # a text message; a photo or a file has a caption, which a screen cannot replace


class OpenQuestions:
    """Per chat, the message that holds the open question's keyboard (the newest ``asks`` reply).
    In memory and bounded: it only decides which old keyboard to clear."""

    def __init__(self, size: int = 50_000):
        self.size = size
        self._ids: OrderedDict[int, int] = OrderedDict()

    def get(self, chat_id: int) -> int | None:
        return self._ids.get(chat_id)

    def set(self, chat_id: int, message_id: int) -> None:
        self._ids[chat_id] = message_id
        self._ids.move_to_end(chat_id)
        while len(self._ids) > self.size:
            self._ids.popitem(last=False)

    def drop(self, chat_id: int) -> None:
        self._ids.pop(chat_id, None)


def _unchanged(exc: BadRequest) -> bool:
    return "not modified" in exc.message.lower()


async def edit(bot: Any, chat_id: int, tapped: Tapped, reply: Reply) -> bool:
    """Apply ``reply`` to the tapped message; False when Telegram refused (the caller decides what then).
    A network or server error is raised, as for a send."""
    try:
        if reply.edit == "screen" or (reply.text and tapped.has_text):
            if not tapped.has_text:
                return False
            await call(bot, "editMessageText", {"chat_id": chat_id, "message_id": tapped.message_id,
                                                "text": reply.text, "parse_mode": ParseMode.HTML,
                                                "reply_markup": keyboard_json(reply),
                                                "link_preview_options": NO_PREVIEW})
        else:
            await call(bot, "editMessageReplyMarkup", {"chat_id": chat_id, "message_id": tapped.message_id})
        return True
    except BadRequest as exc:
        if _unchanged(exc):
            return True
        log.info("could not edit a message (%s); %s", exc.message[:80],
                 "sending it anew" if reply.edit == "screen" else "leaving it")
        return False


async def clear_keyboard(bot: Any, chat_id: int, message_id: int) -> None:
    """Remove an old question's keyboard. Only looks: a message that is gone or already bare is left
    alone, and a failure here never costs the turn (the next send meets a real problem itself)."""
    try:
        await call(bot, "editMessageReplyMarkup", {"chat_id": chat_id, "message_id": message_id})
    except BadRequest as exc:
        if not _unchanged(exc):
            log.info("could not clear an old keyboard: %s", exc.message[:80])
    except TelegramError as exc:
        log.info("could not clear an old keyboard: %s", type(exc).__name__)


async def show(bot: Any, chat_id: int, replies: list[Reply], tapped: Tapped | None,
               questions: OpenQuestions) -> None:
    """Put one turn's replies on screen, in order (see the module's docstring); then, when the turn moved
    on below the previous question (a new message, or the question asked again), its keyboard goes."""
    previous = questions.get(chat_id)
    moves_on = any(r.edit is None or r.asks for r in replies)
    if previous is not None and (moves_on or (tapped is not None and tapped.message_id == previous)):
        questions.drop(chat_id)
    for reply in replies:
        if reply.edit is not None:
            if tapped is not None and await edit(bot, chat_id, tapped, reply):
                if reply.asks:
                    questions.set(chat_id, tapped.message_id)
                continue
            if reply.edit == "settle":
                continue
        message_id = await deliver(bot, chat_id, replace(reply, edit=None))
        if reply.asks:
            questions.set(chat_id, message_id)
    if previous is not None and moves_on and questions.get(chat_id) != previous \
            and (tapped is None or tapped.message_id != previous):
        await clear_keyboard(bot, chat_id, previous)
