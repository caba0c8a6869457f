"""The terminal adapter: the same dialogs and storage, options numbered."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TextIO

from bot.runtime import Runtime
from dialogs import callbacks
from dialogs.inputs import MAX_FILE_BYTES, Choice, Command, File, FileError, Input, Text, Upload
from dialogs.reply import Reply, plain
from dialogs.session import NO_MODE

NUMERIC_KINDS = ("score", "count", "year")  # typed numbers are answers, not option numbers


def _words(label: str) -> str:
    """A button label without its leading marks: "▶️ Resume at the summary" -> "resume at the summary"."""
    return re.sub(r"^\W+", "", plain(label)).lower()


def read_file(path: str) -> File | FileError:
    """``/file PATH`` in the console: the same rules as a Telegram upload (``dialogs.inputs.Upload``)."""
    target = Path(path).expanduser()
    upload = Upload.of(target.name)
    if isinstance(upload, FileError):
        return upload
    try:
        with target.open("rb") as fh:
            return upload.read(fh.read(MAX_FILE_BYTES + 1))
    except OSError as exc:
        return FileError(f"I could not open {path}: {exc.strerror}.")


class Console:
    def __init__(self, runtime: Runtime, out: TextIO = sys.stdout, files_dir: Path = Path(".")):
        self.runtime = runtime
        self.out = out
        self.files_dir = files_dir
        self.buttons: list[tuple[str, str]] = []
        self.numeric = {q.id for q in runtime.kb.questions if q.kind in NUMERIC_KINDS}
        self.lettered = False  # options are [a], [b]... while a typed number is itself an answer

    def _asks_a_number(self) -> bool:
        """Is the question on screen one whose answer is typed as a number (score, failures, year)?"""
        session = self.runtime.service.session(self.runtime.settings.console_user)
        return session.state in self.numeric and session.mode == NO_MODE

    def _key(self, i: int) -> str:
        return chr(ord("a") + i) if self.lettered and i < 26 else str(i + 1)

    def show(self, replies: list[Reply]) -> None:
        self.buttons = []
        for reply in replies:
            self.out.write(plain(reply.text) + "\n")
            files = ([reply.document] if reply.document else []) + ([("profile.png", reply.photo)] if reply.photo else [])
            for name, content in files:
                path = self.files_dir / name
                path.write_bytes(content)
                self.out.write(f"  [saved {path}]\n")
            for row in reply.buttons:
                for button in row:
                    self.buttons.append((button.label, button.data))
            self.out.write("\n")
        self.lettered = self._asks_a_number()
        for i, (label, data) in enumerate(self.buttons):
            self.out.write(f"  [{self._key(i)}] {label}\n")
        if self.lettered:
            self.out.write("  (type the number itself, or a letter for an option)\n")
        self.out.flush()

    def to_input(self, line: str) -> Input:
        text = line.strip()
        if text.startswith("/file "):  # the console's upload: a .txt statement or a .csv program list
            return read_file(text[6:].strip())
        if text.startswith("/"):
            head, _, arg = text.partition(" ")
            return Command(head[1:].lower(), arg.strip())
        keys = [self._key(i) for i in range(len(self.buttons))]
        if text.lower() in keys:  # "1" at "failed attempts" is an answer: options there are letters
            return Choice(callbacks.decode(self.buttons[keys.index(text.lower())][1]))
        for label, data in self.buttons:  # typing a button's text (without its emoji) chooses it
            if text.lower() in (plain(label).lower(), _words(label)):
                return Choice(callbacks.decode(data))
        return Text(line)

    def step(self, line: str) -> bool:
        """Handle one typed line; False when the user quits."""
        if line.strip() in ("/quit", "/exit"):
            return False
        self.show(self.runtime.service.handle(self.runtime.settings.console_user, self.to_input(line)))
        return True

    def run(self, stdin: TextIO = sys.stdin) -> None:
        self.out.write("Console mode (no TELEGRAM_BOT_TOKEN set). Type an option's number or letter, or text; "
                       "/file PATH sends a file (.txt statement, .csv program list); /quit or Ctrl-D exits.\n\n")
        self.step("/start")
        while True:
            self.out.write("> ")
            self.out.flush()
            line = stdin.readline()
            if not line:
                self.out.write("\nBye - your progress is saved.\n")
                return
            if not self.step(line.rstrip("\n")):
                self.out.write("Bye - your progress is saved.\n")
                return
