"""The ``Flow`` interface, the registry of flows, and the typed ``Context`` every flow is called with.

A flow is one self-contained part of the conversation (the self-assessment, /programs, /check...).
It declares what it owns, and the router dispatches through the registry without importing any flow:

- ``commands()``: its /commands (``CommandSpec``: name, menu text, place in the menu);
- ``buttons``: the kinds of button data it handles (``dialogs.callbacks`` classes), in ``on_button``;
- ``modes``: the values of ``session.mode`` it sets while it waits for typed text (``on_text`` gets
  that text, ``prompt`` asks for it again, ``interrupted`` decides what happens when something else
  arrives first, ``cancel`` is /cancel). Only the flow that owns a mode ever writes it;
- ``takes_text``/``takes_file``: typed text outside any mode (the open question, the FAQ) and files;
- its own typed part of the session (a ``dialogs.session.Part``), read with ``session.part(Kind)``.

Flows are registered once per process, in ``dialogs.flows.build``; a new flow is one module plus
one line there. ``Flows`` refuses two flows claiming the same command, button kind or mode.
"""

from __future__ import annotations

from abc import ABC
from dataclasses import dataclass
from datetime import date
from typing import Callable, ClassVar, Iterable, Sequence, TypeVar

from dialogs.callbacks import Callback
from dialogs.inputs import File
from dialogs.reply import Outcome
from dialogs.session import NO_MODE, Session
from knowledge.base import KnowledgeBase

F = TypeVar("F", bound="Flow")
K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class CommandSpec:
    """A /command: ``run(ctx, out, arg)``; ``position`` orders Telegram's command menu and /help."""

    name: str
    description: str
    run: Callable[[Context, Outcome, str], None]
    position: int
    keeps_draft: bool = False  # an open statement draft or practice answer stays open
    side_trip: bool = True  # in the middle of the assessment, the open question is asked again after it
    interrupts: bool = True  # False: the open mode's flow is not interrupted (/cancel acts on it itself)


@dataclass(frozen=True)
class Interruption:
    """What arrived while a flow was waiting for typed text: a command, a button or a file (exactly one)."""

    command: CommandSpec | None = None
    button: Callback | None = None
    file: File | None = None


class Flow(ABC):
    """One flow of the conversation. Every hook has a harmless default; a flow overrides what it owns."""

    #: A short unique name (logs, errors).
    name: ClassVar[str]
    #: The values of ``session.mode`` this flow sets while it waits for typed text.
    modes: ClassVar[frozenset[str]] = frozenset()
    #: The kinds of button this flow handles.
    buttons: ClassVar[tuple[type[Callback], ...]] = ()
    #: Added to "I can only read text..." while one of its modes is open ("Please type it as a message.").
    retype_hint: ClassVar[str] = ""
    #: Added to "I don't read edited messages..." while this flow holds the conversation (how to change what
    #: an edited message meant to correct).
    edited_hint: ClassVar[str] = ""

    def commands(self) -> Sequence[CommandSpec]:
        return ()

    def on_button(self, ctx: Context, out: Outcome, data: Callback) -> None:
        """One of ``buttons`` was tapped."""

    def takes_text(self, session: Session) -> bool:
        """Does typed text go to this flow when no mode is open? (Asked in registration order.)"""
        return False

    def on_text(self, ctx: Context, out: Outcome, text: str) -> None:
        """Typed text: while one of ``modes`` is open, or when ``takes_text`` said yes."""

    def takes_file(self, file: File) -> bool:
        """Does this file (a .txt or .csv upload) go to this flow? (Asked in registration order.)"""
        return False

    def on_file(self, ctx: Context, out: Outcome, file: File) -> None:
        """A file ``takes_file`` accepted."""

    def prompt(self, ctx: Context, out: Outcome, note: str = "") -> None:
        """Ask again for what the open mode waits for (after an unreadable message, /start...)."""

    def holds(self, session: Session) -> bool:
        """With no mode open, is the user in the middle of this flow (the open question, the summary)?
        The first flow that holds the conversation says where the user is. (Asked in registration order.)"""
        return False

    def open_step(self, ctx: Context, out: Outcome, note: str = "") -> None:
        """Say where the user is in this flow (when it ``holds`` the conversation), with ``note`` above."""

    def interrupted(self, ctx: Context, out: Outcome, by: Interruption) -> None:
        """Something for another flow (or another of this flow's buttons) arrived while one of ``modes``
        was open: leave the mode (saying so if the user loses something), or stay when ``by`` is harmless."""

    def cancel(self, ctx: Context, out: Outcome) -> bool:
        """/cancel: stop what this flow has open and say so; False when it has nothing open."""
        return False

    def deep_link(self, ctx: Context, out: Outcome, payload: str) -> bool:
        """/start PAYLOAD (a link into the bot): open what it names if it is this flow's, else False."""
        return False

    def side_trip_over(self, ctx: Context, out: Outcome, by: Interruption) -> None:
        """After a command or button of any flow, with no mode open: bring the user back here if this
        flow was in the middle of something (the assessment asks its open question again)."""


class Flows:
    """The registry: every flow, and the tables the router dispatches through."""

    def __init__(self, flows: Iterable[Flow]):
        self.all: tuple[Flow, ...] = tuple(flows)
        self._by_type: dict[type[Flow], Flow] = {}
        self._buttons: dict[type[Callback], Flow] = {}
        self._modes: dict[str, Flow] = {}
        commands: dict[str, CommandSpec] = {}
        for flow in self.all:
            self._claim(self._by_type, type(flow), flow, "flow")
            for kind in flow.buttons:
                self._claim(self._buttons, kind, flow, "button kind")
            for mode in flow.modes:
                if mode == NO_MODE:
                    raise ValueError(f"flow {flow.name}: {NO_MODE!r} is not a mode a flow can own")
                self._claim(self._modes, mode, flow, "mode")
            for spec in flow.commands():
                self._claim(commands, spec.name, spec, "command")
        #: Every command, in the order Telegram's menu and /help list them.
        self.commands: tuple[CommandSpec, ...] = tuple(sorted(commands.values(), key=lambda c: c.position))
        self._commands = commands

    @staticmethod
    def _claim(table: dict[K, V], key: K, value: V, what: str) -> None:
        if key in table:
            raise ValueError(f"{what} {key!r} is claimed twice")
        table[key] = value

    def get(self, kind: type[F]) -> F:
        """The registered flow of this class (typed: ``ctx.flows.get(TimelineFlow).offer_reminders(...)``)."""
        flow = self._by_type[kind]
        assert isinstance(flow, kind)
        return flow

    def command(self, name: str) -> CommandSpec | None:
        return self._commands.get(name)

    def for_button(self, data: Callback) -> Flow | None:
        return self._buttons.get(type(data))

    def focused(self, session: Session) -> Flow | None:
        """The flow waiting for typed text (the owner of ``session.mode``), if any."""
        return self._modes.get(session.mode) if session.mode != NO_MODE else None

    def for_text(self, session: Session) -> Flow | None:
        return next((f for f in self.all if f.takes_text(session)), None)

    def for_file(self, file: File) -> Flow | None:
        return next((f for f in self.all if f.takes_file(file)), None)

    def current_step(self, ctx: Context, out: Outcome, note: str = "") -> None:
        """Repeat where the user is: what the open mode waits for, else the first flow that holds the
        conversation (the open question, the summary, and finally the menu)."""
        focused = self.focused(out.session)
        if focused is not None:
            focused.prompt(ctx, out, note)
            return
        holder = self.holder(out.session)
        if holder is not None:
            holder.open_step(ctx, out, note)

    def holder(self, session: Session) -> Flow | None:
        """The first flow that holds the conversation (the menu, registered last, always does)."""
        return next((f for f in self.all if f.holds(session)), None)

    def cancel(self, ctx: Context, out: Outcome) -> bool:
        """/cancel: the open mode's flow first, then each flow in order; False when nothing was open."""
        focused = self.focused(out.session)
        if focused is not None and focused.cancel(ctx, out):
            return True
        return any(flow.cancel(ctx, out) for flow in self.all if flow is not focused)


@dataclass
class Context:
    """What the flows need from outside: the knowledge base, today, and every registered flow."""

    kb: KnowledgeBase
    today: Callable[[], date]
    flows: Flows
