"""The terminal adapter: the same dialogs and storage, options lettered."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TextIO

from bot.runtime import Runtime
from dialogs import callbacks
from dialogs.inputs import MAX_FILE_BYTES, Choice, Command, File, FileError, Input, Text, Upload
from dialogs.reply import Reply, plain

#: Telegram's words for a button, said as a terminal user acts ("tap a button" -> "choose an option").
_TERMINAL_WORDS = ((re.compile(r"\btap a button\b"), "choose an option"),
                   (re.compile(r"\bbutton taps\b"), "chosen options"),
                   (re.compile(r"\btap\b"), "choose"), (re.compile(r"\bTap\b"), "Choose"))
_SENTENCE_CHOOSE = re.compile(r"(^|[.?!] )choose\b", re.M)


def _words(label: str) -> str:
    """A button label without its leading marks: "▶️ Resume at the summary" -> "resume at the summary"."""
    return re.sub(r"^\W+", "", plain(label)).lower()


def for_terminal(text: str) -> str:
    """A reply's text as the console prints it: plain, with a link's address, in the terminal's words."""
    out = plain(text)
    for pattern, words in _TERMINAL_WORDS:
        out = pattern.sub(words, out)
    return _SENTENCE_CHOOSE.sub(r"\1Choose", out)  # "Not right? tap « Back." -> "Not right? Choose « Back."


def key(i: int) -> str:
    """An option's key: a-z, then aa, ab... (letters everywhere, so a typed number is always a number)."""
    return chr(ord("a") + i) if i < 26 else key(i // 26 - 1) + chr(ord("a") + i % 26)


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
    """Options are letters everywhere, and the newest message's options come first ([a], [b]...), so the
    same screen has the same keys whatever came before it in the turn. A message that only changed an
    earlier one (an answered question) prints nothing: the terminal shows the answer as typed."""

    def __init__(self, runtime: Runtime, out: TextIO = sys.stdout, files_dir: Path = Path(".")):
        self.runtime = runtime
        self.out = out
        self.files_dir = files_dir.expanduser().resolve()
        self.buttons: list[tuple[str, str]] = []

    def _save(self, name: str, content: bytes) -> Path:
        self.files_dir.mkdir(parents=True, exist_ok=True)
        path = self.files_dir / name
        path.write_bytes(content)
        return path

    def show(self, replies: list[Reply]) -> None:
        shown = [r for r in replies if r.edit != "settle"]
        keyboards = [r for r in shown if r.buttons]
        order = keyboards[-1:] + keyboards[:-1]  # the newest keyboard first: its keys never shift
        self.buttons = [(b.label, b.data) for r in order for row in r.buttons for b in row]
        first, n = {}, 0
        for r in order:
            first[id(r)] = n
            n += sum(len(row) for row in r.buttons)
        for reply in shown:
            self.out.write(for_terminal(reply.text) + "\n")
            files = ([reply.document] if reply.document else []) + ([("profile.png", reply.photo)] if reply.photo else [])
            for name, content in files:
                self.out.write(f"  [saved {self._save(name, content)}]\n")
            n = first.get(id(reply), 0)
            for row in reply.buttons:
                for b in row:
                    self.out.write(f"  [{key(n)}] {b.label}\n")
                    n += 1
            self.out.write("\n")
        self.out.flush()

    def to_input(self, line: str) -> Input:
        text = line.strip()
        if text.startswith("/file "):  # the console's upload: a .txt statement or a .csv program list
            return read_file(text[6:].strip())
        if text.startswith("/"):
            head, _, arg = text.partition(" ")
            return Command(head[1:].lower(), arg.strip())
        keys = [key(i) for i in range(len(self.buttons))]
        if text.lower() in keys:  # letters pick options; a typed number is always the number
            return Choice(callbacks.decode(self.buttons[keys.index(text.lower())][1]))
        for label, data in self.buttons:  # typing a button's text (without its emoji) chooses it
            if text.lower() in (plain(label).lower(), _words(label)):
                return Choice(callbacks.decode(data))
        return Text(line)

    def step(self, line: str) -> bool:
        """Handle one typed line; False when the user quits."""
        if line.strip() in ("/quit", "/exit"):
            return False
        if not line.strip():  # Enter on an empty prompt, as in any terminal: a new prompt, not the screen again
            return True
        self.show(self.runtime.service.handle(self.runtime.settings.console_user, self.to_input(line)))
        return True

    def run(self, stdin: TextIO = sys.stdin) -> None:
        self.out.write("Console mode (no TELEGRAM_BOT_TOKEN set). Type an option's letter or its words, or "
                       "text; /file PATH sends a file (.txt statement, .csv program list); files I make are "
                       f"saved in {self.files_dir}; /quit or Ctrl-D exits.\n\n")
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
