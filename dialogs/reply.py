"""Channel-neutral values: what the user did (Input) and what to say (Reply)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any


def plain(text: str) -> str:
    """Telegram HTML -> plain text (the console and the CLI print this)."""
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


@dataclass(frozen=True)
class Input:
    """One thing the user did.

    kind: ``text`` (a message), ``choice`` (a button; ``text`` is its data),
    ``command`` (``text`` is the name without the slash, ``arg`` the rest),
    ``unsupported`` (a sticker, photo, voice...; ``text`` names it), ``edited``,
    ``file`` (a .txt document: ``text`` is its content, ``arg`` its name),
    ``file_error`` (a document that could not be read; ``text`` says why).
    """

    kind: str
    text: str = ""
    arg: str = ""


@dataclass
class Outcome:
    state: str
    data: dict[str, Any]
    replies: list[Reply] = field(default_factory=list)
    effects: list[str] = field(default_factory=list)  # "export", "erase"

    def say(self, text: str, buttons: tuple[tuple[Button, ...], ...] = ()) -> "Outcome":
        self.replies.append(Reply(text, buttons))
        return self


def rows(buttons: list[Button], per_row: int = 2) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(buttons[i:i + per_row]) for i in range(0, len(buttons), per_row))
