"""Copies of the knowledge base that an operator has edited: what the rule-change tests start from."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from knowledge.loader import DATA_DIR


def knowledge_copy(folder: Path) -> Path:
    """A copy of knowledge/data in ``folder`` (created), to edit as an operator would."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(DATA_DIR, folder)
    return folder


def edit(folder: Path, old: str, new: str, file: str = "facts.yaml", count: int = 1) -> None:
    """Replace ``old`` by ``new`` in one file; the text must be there (an edit that misses is a test bug)."""
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} is in {file} {text.count(old)} times, not {count}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def suspension_list(folder: Path, key: str = "j_suspended") -> list[str]:
    line = re.search(rf"^\s+{key}: \[(.*)\]$", (folder / "facts.yaml").read_text(encoding="utf-8"), re.M)
    assert line is not None
    return [c.strip() for c in line.group(1).split(",")]


def set_suspension(folder: Path, codes: list[str], key: str = "j_suspended") -> None:
    """Rewrite the list of nationalities whose J (or all) visas are suspended, and the count beside it."""
    path = folder / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    text, n = re.subn(rf"^(\s+{key}: )\[.*\]$", lambda m: f"{m.group(1)}[{', '.join(codes)}]", text, flags=re.M)
    assert n == 1
    if key == "j_suspended":
        text = re.sub(r"^(\s+countries: )\d+$", lambda m: f"{m.group(1)}{len(codes)}", text, flags=re.M)
    path.write_text(text, encoding="utf-8")


def lift_suspension(folder: Path, code: str = "NG") -> None:
    """The operator takes one nationality off the J-visa suspension list (as a new proclamation would)."""
    set_suspension(folder, [c for c in suspension_list(folder) if c != code])
