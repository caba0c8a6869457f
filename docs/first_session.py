"""A newcomer's first minutes, as the terminal console prints them: the README's transcript.

Runs the console (``bot.console.Console`` over a fresh runtime and database, as ``python -m bot`` does
without a token) on the lines a newcomer types, on a fixed day, and prints what it shows, each typed
line after "> ". ``--write`` puts it into README.md between the transcript markers; ``--check`` exits 1
when the README's copy is not what the console now prints (``tests/test_newcomer.py`` runs it).

    .venv/bin/python docs/first_session.py [--write | --check]
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DAY = date(2026, 12, 6)
#: What the newcomer types: the start, the self-assessment, four answers (two in their own words), then
#: the next question answered and a pause.
LINES = ("/start", "a", "238", "never failed", "I graduated in 2021", "a", "/cancel")
BEGIN = "<!-- first-session: made by docs/first_session.py, do not edit by hand -->"
END = "<!-- /first-session -->"


def transcript() -> str:
    from cryptography.fernet import Fernet

    from bot.config import load_settings
    from bot.console import Console
    from bot.runtime import build_runtime

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings({"TELEGRAM_BOT_TOKEN": "", "BOT_DB_PATH": f"{tmp}/db/bot.db",
                                  "BOT_DATA_KEY": Fernet.generate_key().decode()})
        runtime = build_runtime(settings, today=lambda: DAY)
        out = io.StringIO()
        console = Console(runtime, out=out, files_dir=Path(tmp) / "files")
        for line in LINES:
            out.write(f"> {line}\n")
            console.step(line)
    return re.sub(r"\n{3,}", "\n\n", out.getvalue()).rstrip() + "\n"


def block(text: str) -> str:
    return f"{BEGIN}\n```text\n{text}```\n{END}"


def main(argv: list[str]) -> int:
    text = transcript()
    if not argv:
        sys.stdout.write(text)
        return 0
    readme = ROOT / "README.md"
    current = readme.read_text(encoding="utf-8")
    found = re.search(re.escape(BEGIN) + r".*?" + re.escape(END), current, re.S)
    if found is None:
        print("README.md has no transcript markers", file=sys.stderr)
        return 1
    if argv[0] == "--check":
        if found.group(0) != block(text):
            print("README.md's first-session transcript is not what the console prints now: "
                  "run .venv/bin/python docs/first_session.py --write", file=sys.stderr)
            return 1
        return 0
    readme.write_text(current[:found.start()] + block(text) + current[found.end():], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
