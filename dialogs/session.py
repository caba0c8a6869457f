"""One user's conversation as one typed value: where they are, what they answered, each flow's own state.

``Session`` is the model the flows' ``transitions`` machines run on: the assessment machine moves
``state`` (the open question, the summary...); ``mode`` says which flow takes the next typed
message (a statement draft, a practice answer, a typed setting...: each value belongs to the one
flow that declared it, ``dialogs.flow.Flow.modes``, and only that flow writes it).

The session's own fields are the self-assessment's (``dialogs.assessment`` writes them). Every
other flow keeps its state in a ``Part``: a small typed class in the flow's own module, stored
under its ``KEY`` and decoded only when the flow asks for it (``session.part(Kind)``), so a new
flow needs no change here and no flow writes another's part.

The storage seals ``to_json()``. Sessions stored in an older form are upgraded by the storage's
migrations (``storage/schema.py``) before the bot reads them: ``from_json`` reads version 3 only.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self, TypeVar, cast

from knowledge.answers import AnswerMap

VERSION = 3
IDLE = "idle"
NO_MODE = "none"  # no flow is waiting for typed text
#: The stored keys of the session itself; a part's ``KEY`` must be none of these.
CORE_KEYS = frozenset({"v", "state", "answers", "shown", "mode", "complete", "editing", "resume_at", "confirm",
                       "offers"})
P = TypeVar("P", bound="Part")


class Part(ABC):
    """A flow's own typed part of the session: stored under ``KEY``, decoded when the flow first asks
    for it in a turn (``session.part(Kind)``), written back with the session. ``from_json(None)`` is
    the part of a user the flow has not met yet; ``to_json`` returns None when there is nothing to keep."""

    KEY: ClassVar[str]
    _kinds: ClassVar[dict[str, type["Part"]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        key = cls.__dict__.get("KEY")
        if key is None:
            return
        if key in CORE_KEYS or key in Part._kinds:
            raise ValueError(f"session part key {key!r} is already taken")
        Part._kinds[key] = cls

    @classmethod
    @abstractmethod
    def from_json(cls, data: Any) -> Self:
        """The stored form (None for a user this flow has not met): anything malformed reads as empty."""

    @abstractmethod
    def to_json(self) -> Any:
        """The stored form, plain JSON; None when there is nothing to keep."""


@dataclass
class Session:
    state: str = IDLE  # the assessment machine's state
    shown: str | None = None  # the question whose prompt last reached the user (typed answers count only for it)
    mode: str = NO_MODE  # the flow mode that takes typed text (one of a registered flow's ``modes``)
    answers: AnswerMap = field(default_factory=lambda: AnswerMap())
    complete: bool = False
    editing: bool = False  # answering one question from the summary: go back there after it
    resume_at: str | None = None  # where /assess resumes after a pause
    pending_confirm: tuple[str, Any] | None = None  # (question, value) asked back once ("Did you mean 1?")
    offers: dict[str, Any] = field(default_factory=dict)  # answers a message gave to later questions, to confirm
    _parts: dict[str, Part] = field(default_factory=dict, init=False, repr=False)  # decoded this turn, by KEY
    _stored: dict[str, Any] = field(default_factory=dict, init=False, repr=False)  # stored, not decoded yet

    # ------------------------------------------------------------------ predicates the machines read
    def is_editing(self) -> bool:
        return self.editing

    def is_complete(self) -> bool:
        return self.complete

    def needs_no_visa(self) -> bool:
        return self.answers.get("visa") == "no_visa_needed"

    # ------------------------------------------------------------------ flows' parts
    def part(self, kind: type[P]) -> P:
        """This flow's typed part of the session (empty for a user it has not met)."""
        part = self._parts.get(kind.KEY)
        if part is None:
            part = self._parts[kind.KEY] = kind.from_json(self._stored.pop(kind.KEY, None))
        assert isinstance(part, kind)
        return part

    def with_parts(self, *parts: Part) -> "Session":
        """This session holding ``parts`` (a new user's, a test's or a benchmark's starting point)."""
        for part in parts:
            self._stored.pop(part.KEY, None)
            self._parts[part.KEY] = part
        return self

    # ------------------------------------------------------------------ the stored form
    def to_json(self) -> dict[str, Any]:
        """The stored form: what is always there, then each optional field and part only when it holds something."""
        optional: dict[str, Any] = {
            "shown": self.shown,
            "mode": self.mode if self.mode != NO_MODE else None,
            "complete": self.complete or None,
            "editing": self.editing or None,
            "resume_at": self.resume_at,
            "confirm": list(self.pending_confirm) if self.pending_confirm is not None else None,
            "offers": dict(self.offers) or None,
            **self._stored,
            **{key: part.to_json() for key, part in self._parts.items()},
        }
        return {"v": VERSION, "state": self.state, "answers": self.answers,
                **{k: v for k, v in optional.items() if v is not None}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Session":
        """Read a stored session (version 3: the storage upgrades older ones when it opens)."""
        if data.get("v") != VERSION:
            raise ValueError(f"a stored session of version {data.get('v')!r}; the storage upgrades sessions to "
                             f"version {VERSION} when it opens")
        session = cls(
            state=str(data.get("state") or IDLE),
            shown=data.get("shown"),
            mode=data["mode"] if isinstance(data.get("mode"), str) and data["mode"] else NO_MODE,
            answers=cast(AnswerMap, dict(data.get("answers") or {})),
            complete=bool(data.get("complete")),
            editing=bool(data.get("editing")),
            resume_at=data.get("resume_at"),
            pending_confirm=_pair(data.get("confirm")),
            offers=_offers(data.get("offers")),
        )
        session._stored = {k: v for k, v in data.items() if k not in CORE_KEYS}
        return session


def _pair(value: Any) -> tuple[str, Any] | None:
    return (value[0], value[1]) if isinstance(value, list) and len(value) == 2 else None


def _offers(value: Any) -> dict[str, Any]:
    """Offered answers as stored; each is checked again when the user taps it (the question's own rules)."""
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if v is None or isinstance(v, (str, int, bool))}
