"""The flow registry: a flow is one module plus one registration line, and the router knows none of them."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Sequence

import pytest

from dialogs import callbacks as cb
from dialogs.flow import CommandSpec, Context, Flow, Flows, Interruption
from dialogs.flows import build
from dialogs.inputs import Choice, Command, Text
from dialogs.reply import Outcome, button
from dialogs.router import handle
from dialogs.session import NO_MODE, Part, Session
from knowledge.base import load_knowledge
from knowledge.faq import FaqResult

KB = load_knowledge()
ROOT = Path(__file__).parent.parent


def test_the_router_imports_no_flow():
    tree = ast.parse((ROOT / "dialogs" / "router.py").read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__", "dialogs", "dialogs.callbacks", "dialogs.flow", "dialogs.inputs",
                        "dialogs.reply", "dialogs.session"}, imported


# --------------------------------------------------------------------------- a flow written the way the README says

@dataclass
class Notes(Part):
    """The new flow's own part of the session."""

    KEY = "test_notes"
    items: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: Any) -> "Notes":
        return cls([str(x) for x in data]) if isinstance(data, list) else cls()

    def to_json(self) -> Any:
        return list(self.items) or None


class NoteClear(cb.Callback, prefix="tn:x"):
    pass


WRITING = "test_notes_writing"


class NotesFlow(Flow):
    name = "notes"
    modes = frozenset({WRITING})
    buttons = (NoteClear,)

    def __init__(self) -> None:
        self.interruptions: list[Interruption] = []

    def commands(self) -> Sequence[CommandSpec]:
        return (CommandSpec("note", "Write a note", self._start, 50),)

    def _start(self, ctx: Context, out: Outcome, arg: str) -> None:
        out.session.mode = WRITING
        self.prompt(ctx, out)

    def prompt(self, ctx: Context, out: Outcome, note: str = "") -> None:
        out.say(f"{note}\nType your note.".strip(), ((button("Clear my notes", NoteClear()),),))

    def on_text(self, ctx: Context, out: Outcome, text: str) -> None:
        out.session.part(Notes).items.append(text)
        out.session.mode = NO_MODE
        out.say(f"Noted ({len(out.session.part(Notes).items)}).")

    def on_button(self, ctx: Context, out: Outcome, data: cb.Callback) -> None:
        out.session.part(Notes).items.clear()
        out.say("Cleared.")

    def interrupted(self, ctx: Context, out: Outcome, by: Interruption) -> None:
        self.interruptions.append(by)
        if not isinstance(by.button, NoteClear):
            out.session.mode = NO_MODE

    def cancel(self, ctx: Context, out: Outcome) -> bool:
        if out.session.mode != WRITING:
            return False
        out.session.mode = NO_MODE
        out.say("No note written.")
        return True


def _ctx(extra: Flow) -> Context:
    standard = build(KB, lambda text: FaqResult(text, False, ())).all
    return Context(KB, lambda: date(2026, 11, 30), Flows([*standard[:-1], extra, standard[-1]]))


def _turn(ctx: Context, session: Session, inp: Any) -> tuple[Session, str]:
    """One turn as the service runs it: the session goes through its stored form between turns."""
    out = handle(ctx, session, inp)
    return Session.from_json(out.session.to_json()), "\n".join(r.text for r in out.replies)


def test_a_new_flow_registered_in_one_line_gets_its_command_its_text_and_keeps_its_own_part():
    notes = NotesFlow()
    ctx = _ctx(notes)
    assert "note" in [c.name for c in ctx.flows.commands]
    s, said = _turn(ctx, Session(), Command("note"))
    assert s.mode == WRITING and "Type your note" in said
    s, said = _turn(ctx, s, Text("Ask Dr Lee about the J-1"))
    assert said == "Noted (1)." and s.mode == NO_MODE
    assert s.part(Notes).items == ["Ask Dr Lee about the J-1"]
    # other flows' turns leave the part as it was stored, without decoding it
    s, _ = _turn(ctx, s, Command("help"))
    assert s.to_json()["test_notes"] == ["Ask Dr Lee about the J-1"]


def test_a_new_flow_is_told_when_another_input_interrupts_it_and_cancel_reaches_it():
    notes = NotesFlow()
    ctx = _ctx(notes)
    s, _ = _turn(ctx, Session(), Command("note"))
    s, _ = _turn(ctx, s, Choice(NoteClear()))  # its own button: it chose to stay
    assert s.mode == WRITING
    s, said = _turn(ctx, s, Command("faq"))  # another flow's command: it left
    assert s.mode == NO_MODE and [b.command.name for b in notes.interruptions if b.command] == ["faq"]
    s, _ = _turn(ctx, s, Command("note"))
    s, said = _turn(ctx, s, Command("cancel"))
    assert said == "No note written." and s.mode == NO_MODE


def test_the_registry_refuses_a_command_a_button_or_a_mode_claimed_twice():
    class Twin(NotesFlow):
        name = "twin"

    standard = list(build(KB, lambda text: FaqResult(text, False, ())).all)
    with pytest.raises(ValueError, match="claimed twice"):
        Flows([*standard, NotesFlow(), Twin()])

    class Thief(Flow):
        name = "thief"
        buttons = (cb.Answer,)

    with pytest.raises(ValueError, match="button kind"):
        Flows([*standard, Thief()])


def test_a_part_key_cannot_shadow_the_session_or_another_part():
    with pytest.raises(ValueError, match="already taken"):
        class Bad(Part):
            KEY = "answers"

    with pytest.raises(ValueError, match="already taken"):
        class Again(Part):
            KEY = "test_notes"


def test_commands_keep_their_menu_order():
    names = [c.name for c in build(KB, lambda text: FaqResult(text, False, ())).commands]
    assert names == ["start", "assess", "plan", "profile", "programs", "faq", "timeline", "settings", "interview",
                     "check", "outcome", "help", "privacy", "mydata", "delete", "cancel"]
