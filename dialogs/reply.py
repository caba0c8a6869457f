"""Channel-neutral values: what to say (Reply, with Buttons) and one turn's Outcome."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

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


#: How a reply treats the message whose button was tapped (only a turn that began with a tap has one):
#: ``screen`` replaces it, text and keyboard (a new message when it cannot be edited: too old, a file);
#: ``settle`` marks it answered: its keyboard goes and, when the reply has text, its text is replaced
#: (nothing is sent when it cannot be edited).
EditKind = Literal["screen", "settle"]


@dataclass(frozen=True)
class Reply:
    text: str  # Telegram HTML; every dynamic part already escaped
    buttons: tuple[tuple[Button, ...], ...] = ()
    document: tuple[str, bytes] | None = None  # (file name, content)
    asks: str | None = None  # the assessment question this message puts to the user
    photo: bytes | None = None  # a picture, with ``text`` as its caption
    edit: EditKind | None = None  # None: a new message; else what it does to the tapped message

    @property
    def is_file(self) -> bool:
        return self.document is not None or self.photo is not None


@dataclass
class Outcome:
    """One turn's result: the session as it now is, what to say, and what else to do (export, erase)."""

    session: Session
    replies: list[Reply] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)

    #: False: the message whose button was tapped stays as it is, and every reply is a new message
    #: (a check's result stays above "Check another"). True: the router lets the turn's first reply
    #: replace it, when that reply is a text screen and no reply already says what becomes of it.
    replace_tapped: bool = True

    def say(self, text: str, buttons: tuple[tuple[Button, ...], ...] = ()) -> "Outcome":
        self.replies.append(Reply(text, buttons))
        return self

    def settle(self, text: str = "") -> "Outcome":
        """The tapped message was answered: its keyboard goes (and with ``text``, its text is replaced by it);
        the turn's replies are new messages below it."""
        self.replies.insert(0, Reply(text, edit="settle"))
        return self

    def in_place(self) -> None:
        """Called by the router after a tap: the first reply replaces the tapped message when it is a text
        screen (navigation: a plan section, a page, a topic), unless the flow decided otherwise."""
        if not self.replace_tapped or not self.replies or any(r.edit for r in self.replies):
            return
        first = self.replies[0]
        if not first.is_file:
            self.replies[0] = replace(first, edit="screen")


def button(label: str, callback: Callback) -> Button:
    """A button whose data is ``callback``'s encoding (at most 64 bytes, checked there)."""
    return Button(label, callback.encode())


def rows(buttons: list[Button], per_row: int = 2) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(buttons[i:i + per_row]) for i in range(0, len(buttons), per_row))
