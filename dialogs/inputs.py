"""What the user did (an ``Input``) and what the adapter must do besides replying (an ``Effect``).

Small frozen dataclasses, handled with ``match``; the adapters build them from Telegram updates
or terminal lines, the router dispatches on their type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dialogs.callbacks import Callback

if TYPE_CHECKING:  # reply.py imports this module
    from dialogs.reply import Button


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
    """A document's text: a .txt statement, or a .csv program list (``name`` ends in .csv)."""
    name: str
    text: str


@dataclass(frozen=True)
class FileError:
    """A document that could not be read; ``reason`` says why."""
    reason: str


MAX_FILE_BYTES = 1_000_000
CSV_TYPES = ("text/csv", "text/comma-separated-values", "application/csv", "application/vnd.ms-excel")


@dataclass(frozen=True)
class Upload:
    """The rules for a file a user sends (a Telegram document, or the console's ``/file PATH``): a UTF-8
    .txt statement or .csv program list of at most 1 MB, each refusal saying why."""

    name: str  # a CSV sent without its extension gets one, so the router knows it for a program list
    is_csv: bool

    @classmethod
    def of(cls, name: str, mime: str = "") -> "Upload | FileError":
        """What kind of file this is, from its name and type, before its bytes are read."""
        low = name.lower()
        is_csv = low.endswith(".csv") or (mime in CSV_TYPES and not low.endswith(".txt"))
        if not (is_csv or low.endswith(".txt") or mime == "text/plain"):
            return FileError("I can read .txt files (a personal statement) and .csv files (your program list) only.")
        return cls(name if low.endswith(".csv") or not is_csv else (name or "programs") + ".csv", is_csv)

    def too_big(self) -> FileError:
        return FileError("That file is over 1 MB; a program list of 1000 programs fits in far less." if self.is_csv
                         else "That file is over 1 MB; a personal statement fits in far less.")

    def read(self, content: bytes) -> File | FileError:
        if len(content) > MAX_FILE_BYTES:
            return self.too_big()
        try:
            return File(self.name, content.decode("utf-8-sig"))
        except UnicodeDecodeError:
            return FileError("That file is not UTF-8 text; from a spreadsheet choose Save as: CSV UTF-8, and send "
                             "it again." if self.is_csv else
                             "That file is not UTF-8 text; save it as plain text (UTF-8) and send it again.")


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
    ``png`` (the profile picture). ``at``: the place among the turn's replies (None: after them);
    ``buttons``: the file message's keyboard (a way on from it: back to the plan, the timeline...)."""
    kind: str
    at: int | None = None
    buttons: tuple[tuple[Button, ...], ...] = ()


@dataclass(frozen=True)
class MarkChanges:
    """Mark on the plan's overview (the turn's reply ``at``) what changed in the plan since the user last
    looked: the rule-change notices the bot keeps apart from the session (CONTRACTS §9)."""
    at: int


@dataclass(frozen=True)
class StoreOutcome:
    """Store the user's shared Match outcome in the outcomes table (``data``), or remove it (None), in
    the same transaction as the session (``dialogs.outcome_flow``)."""
    data: dict[str, Any] | None


Effect = Export | Erase | MakeFile | MarkChanges | StoreOutcome
