"""Channel-neutral values: what to say (Reply, with Buttons) and one turn's Outcome."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from dialogs.callbacks import Callback
from dialogs.inputs import Effect
from dialogs.session import Session


def plain(text: str) -> str:
    """Telegram HTML -> plain text (the console and the CLI print this); a link keeps its address."""
    text = re.sub(r'<a href="([^"]*)">(.*?)</a>', r"\2 (\1)", text)
    return html.unescape(re.sub(r"</?[a-z-]+[^>]*>", "", text))


def esc(text: Any) -> str:
    """Escape any stored or user-supplied text for Telegram HTML."""
    return html.escape(str(text), quote=False)


def clip(text: str, limit: int) -> str:
    """Shorten a button label at a word boundary, with an ellipsis ("How many letters of…")."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:-(") + "…"


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # callback data, at most 64 bytes


@dataclass(frozen=True)
class Reply:
    text: str  # Telegram HTML; every dynamic part already escaped
    buttons: tuple[tuple[Button, ...], ...] = ()
    document: tuple[str, bytes] | None = None  # (file name, content)
    asks: str | None = None  # the assessment question this message puts to the user
    photo: bytes | None = None  # a picture, with ``text`` as its caption


@dataclass
class Outcome:
    """One turn's result: the session as it now is, what to say, and what else to do (export, erase)."""

    session: Session
    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)

    def say(self, text: str, buttons: tuple[tuple[Button, ...], ...] = ()) -> "Outcome":
        self.replies.append(Reply(text, buttons))
        return self


def button(label: str, callback: Callback) -> Button:
    """A button whose data is ``callback``'s encoding (at most 64 bytes, checked there)."""
    return Button(label, callback.encode())


def rows(buttons: list[Button], per_row: int = 2) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(buttons[i:i + per_row]) for i in range(0, len(buttons), per_row))
