"""What the user did (an ``Input``) and what the adapter must do besides replying (an ``Effect``).

Small frozen dataclasses, handled with ``match``; the adapters build them from Telegram updates
or terminal lines, the router dispatches on their type.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.callbacks import Callback


@dataclass(frozen=True)
class Text:
    """A typed message."""
    text: str


@dataclass(frozen=True)
class Choice:
    """A button tap; ``callback`` is None when the data was not a button this bot makes (forged, stale)."""
    callback: Callback | None


@dataclass(frozen=True)
class Command:
    """A /command: ``name`` without the slash, lower case; ``arg`` the rest (deep links: /start PAYLOAD)."""
    name: str
    arg: str = ""


@dataclass(frozen=True)
class Unsupported:
    """A sticker, photo, voice note...: ``what`` names it for the reply ("stickers")."""
    what: str


@dataclass(frozen=True)
class Edited:
    """An edited message (not read)."""


@dataclass(frozen=True)
class File:
    """A .txt document's text."""
    name: str
    text: str


@dataclass(frozen=True)
class FileError:
    """A document that could not be read; ``reason`` says why."""
    reason: str


Input = Text | Choice | Command | Unsupported | Edited | File | FileError


@dataclass(frozen=True)
class Export:
    """Send the user everything stored about them (/mydata)."""


@dataclass(frozen=True)
class Erase:
    """Erase everything stored about the user (/delete, confirmed)."""


@dataclass(frozen=True)
class MakeFile:
    """Make a file for the user, in memory, and send it: ``ics`` (the timeline), ``pdf`` (the plan),
    ``png`` (the profile picture). ``at``: the place among the turn's replies (None: after them)."""
    kind: str
    at: int | None = None


Effect = Export | Erase | MakeFile
