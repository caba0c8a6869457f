"""Logging that never shows a secret or what a user typed.

* Secrets (the bot token, the data key) are replaced in every line, tracebacks included, and in
  an uncaught exception printed by Python itself (``sys.excepthook``).
* A traceback keeps its frames (file, line, function) but withholds the exception's message unless
  the exception is one of the bot's own, whose messages never hold user text: Python's
  ``ValueError("invalid literal for int(): '...'")`` would otherwise quote the user.
* python-telegram-bot logs whole updates and request parameters at DEBUG: its loggers stay at
  INFO whatever ``LOG_LEVEL`` says; httpx logs request URLs, which hold the token: WARNING. When
  it cannot parse an update it logs the raw update at CRITICAL: ``RawUpdateFilter`` withholds
  such data (any dict, list or Telegram object a telegram logger passes as an argument).
* The PDF libraries: fontTools logs each font subset at INFO (dozens of lines per PDF) and fpdf
  names the characters a font lacks at WARNING (which would quote a user's text): held at
  WARNING and ERROR.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType
from typing import Any

#: Exceptions whose messages are written by the bot or SQLite and hold no user text.
SAFE_MESSAGES = ("StorageError", "KnowledgeError", "KeyError_", "OperationalError", "DatabaseError",
                 "IntegrityError", "Forbidden", "RetryAfter", "TimedOut", "NetworkError", "BadRequest",
                 "InvalidToken", "Conflict", "ConnectError")
WITHHELD = "(message withheld: it may quote what a user typed)"


def safe_traceback(exc: BaseException) -> str:
    """The traceback of ``exc`` (and its causes) with frames, and messages only where they are safe."""
    out: list[str] = []
    te: traceback.TracebackException | None = traceback.TracebackException.from_exception(exc)
    chain = []
    while te is not None:
        chain.append(te)
        te = te.__cause__ or (None if te.__suppress_context__ else te.__context__)
    for i, part in enumerate(reversed(chain)):
        if i:
            out.append("\nThe above exception led to the next one:\n\n")
        out.append("Traceback (most recent call last):\n")
        out.extend(part.stack.format())
        name = part.exc_type.__name__ if part.exc_type else "Exception"
        message = str(getattr(part, "_str", ""))  # the formatted message, as Python would print it
        out.append(f"{name}: {message if name in SAFE_MESSAGES else WITHHELD}\n")
    return "".join(out).rstrip("\n")


class RawUpdateFilter(logging.Filter):
    """python-telegram-bot's records never carry an update's data: any dict, list, tuple or Telegram
    object among a telegram logger's arguments is withheld (e.g. "Error while parsing updates!
    Received data was %r", logged at CRITICAL with the whole raw update)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("telegram") and record.args:
            from telegram import TelegramObject

            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(WITHHELD_DATA if isinstance(a, (dict, list, tuple, TelegramObject)) else a
                                for a in args)
        return True


WITHHELD_DATA = "(data withheld: it holds what users sent)"


class SafeFormatter(logging.Formatter):
    def __init__(self, secrets: list[str], fmt: str):
        super().__init__(fmt)
        self.secrets = [s for s in secrets if s]

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return text

    def formatException(self, ei: Any) -> str:  # noqa: N802 (logging's name)
        return safe_traceback(ei[1]) if ei and ei[1] is not None else ""

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))


def configure(level: str, secrets: list[str]) -> None:
    """Log to stderr at ``level`` through the safe formatter; also guard uncaught exceptions."""
    formatter = SafeFormatter(secrets, "%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler = logging.StreamHandler()
    handler.setFormatter(formatter)
    handler.addFilter(RawUpdateFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    floor = max(logging.getLevelName(level) if isinstance(logging.getLevelName(level), int) else 20, logging.INFO)
    for name in ("telegram", "telegram.ext"):
        logging.getLogger(name).setLevel(floor)  # PTB's DEBUG lines quote updates and message texts
    for name in ("httpx", "httpcore", "apscheduler", "transitions", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger("fpdf").setLevel(logging.ERROR)  # its warnings list the characters a font lacks

    def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        sys.stderr.write(formatter.redact(safe_traceback(exc)) + "\n")

    sys.excepthook = excepthook
