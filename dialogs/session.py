"""One user's conversation as one typed value: where they are, what they answered, what they set.

``Session`` is the model the flows' ``transitions`` machines run on: the assessment machine moves
``state`` (the open question, the summary...); ``mode`` says which flow takes the next typed
message (a statement draft, a practice answer, a typed setting...: each value belongs to the one
flow that declared it, ``dialogs.flow.Flow.modes``, and only that flow writes it).

A flow keeps its own state in a ``Part`` of the session: a small typed class of the flow's own
module, stored under its ``KEY`` and decoded only when the flow asks for it (``session.part(Kind)``),
so a new flow needs no change here.

The storage seals ``to_json()``; ``from_json`` also reads the untyped dicts older versions stored.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, ClassVar, Self, TypeVar

from knowledge.programs import Program, program_from_json, program_json

VERSION = 2
IDLE = "idle"
NO_MODE = "none"  # no flow is waiting for typed text
#: The stored keys of the session itself; a part's ``KEY`` must be none of these.
CORE_KEYS = frozenset({"v", "state", "answers", "shown", "mode", "complete", "editing", "resume_at", "confirm",
                       "prefs", "timeline_since", "ticks", "draft", "practice_asked", "checks", "programs",
                       "program_seq", "program_edit", "pending_import", "offers"})
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
class Prefs:
    reminders: bool = True
    tz: str = "UTC"
    hour: int = 9


@dataclass
class Draft:
    """A statement or practice answer while it is being written (sealed; dropped once checked)."""

    specialty: str = ""
    parts: list[str] = field(default_factory=list)
    question: str = ""  # the practice question being answered
    from_file: bool = False


@dataclass
class ProgramEdit:
    """What /programs is asking for: ``field`` of the program ``key`` ("new" while one is being added),
    and for a new program the fields chosen so far."""

    key: str
    field: str
    draft: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class CheckRecord:
    """What is kept of a finished check: which rules fired, never the text."""

    kind: str
    specialty: str
    flags: tuple[str, ...]
    missing: tuple[str, ...]
    on: str


@dataclass
class Session:
    state: str = IDLE  # the assessment machine's state
    shown: str | None = None  # the question whose prompt last reached the user (typed answers count only for it)
    mode: str = NO_MODE  # the flow mode that takes typed text (one of a registered flow's ``modes``)
    answers: dict[str, Any] = field(default_factory=dict)
    complete: bool = False
    editing: bool = False  # answering one question from the summary: go back there after it
    resume_at: str | None = None  # where /assess resumes after a pause
    pending_confirm: tuple[str, Any] | None = None  # (question, value) asked back once ("Did you mean 1?")
    prefs: Prefs | None = None  # None until reminders were first offered
    timeline_since: str | None = None  # ISO date the timeline started (earlier milestones get no reminders)
    ticks: dict[str, list[int]] = field(default_factory=dict)  # checklist items ticked, per milestone
    draft: Draft | None = None
    practice_asked: dict[str, int] = field(default_factory=dict)  # practice questions asked, per specialty
    checks: list[CheckRecord] = field(default_factory=list)
    programs: list[Program] = field(default_factory=list)  # the applicant's own program list (/programs)
    program_seq: int = 0  # the last program key handed out (p1, p2, ...)
    program_edit: ProgramEdit | None = None
    pending_import: list[Program] | None = None  # a file's programs, waiting for "replace my list?"
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

    def has_file(self) -> bool:
        return bool(self.draft and self.draft.from_file)

    # ------------------------------------------------------------------ flows' parts
    def part(self, kind: type[P]) -> P:
        """This flow's typed part of the session (empty for a user it has not met)."""
        part = self._parts.get(kind.KEY)
        if part is None:
            part = self._parts[kind.KEY] = kind.from_json(self._stored.pop(kind.KEY, None))
        assert isinstance(part, kind)
        return part

    # ------------------------------------------------------------------ derived
    def program(self, key: str) -> Program | None:
        return next((p for p in self.programs if p.key == key), None)

    @property
    def settings(self) -> Prefs:
        """The reminder preferences in force (defaults before the user set any)."""
        return self.prefs or Prefs()

    def since(self, today: date) -> date:
        return date.fromisoformat(self.timeline_since) if self.timeline_since else today

    # ------------------------------------------------------------------ the stored form
    def to_json(self) -> dict[str, Any]:
        """The stored form: what is always there, then each optional part only when it holds something."""
        optional: dict[str, Any] = {
            "shown": self.shown,
            "mode": self.mode if self.mode != NO_MODE else None,
            "complete": self.complete or None,
            "editing": self.editing or None,
            "resume_at": self.resume_at,
            "confirm": list(self.pending_confirm) if self.pending_confirm is not None else None,
            "prefs": asdict(self.prefs) if self.prefs is not None else None,
            "timeline_since": self.timeline_since,
            "ticks": self.ticks or None,
            "draft": asdict(self.draft) if self.draft is not None else None,
            "practice_asked": self.practice_asked or None,
            "checks": [{"kind": c.kind, "specialty": c.specialty, "flags": list(c.flags), "missing": list(c.missing),
                        "on": c.on} for c in self.checks] or None,
            "programs": [program_json(p) for p in self.programs] or None,
            "program_seq": self.program_seq or None,
            "program_edit": asdict(self.program_edit) if self.program_edit is not None else None,
            "pending_import": [program_json(p) for p in self.pending_import] if self.pending_import is not None
            else None,
            "offers": dict(self.offers) or None,
        }
        parts = {key: part.to_json() for key, part in self._parts.items()}
        return {"v": VERSION, "state": self.state, "answers": self.answers,
                **{k: v for k, v in optional.items() if v is not None}, **self._stored,
                **{k: v for k, v in parts.items() if v is not None}}

    @classmethod
    def from_json(cls, data: dict[str, Any], state: str | None = None) -> "Session":
        """Read a stored session; ``state`` is the old separate column (versions before 2)."""
        if data.get("v") != VERSION:
            data = _upgrade(data, state)
        session = cls(
            state=str(data.get("state") or IDLE),
            shown=data.get("shown"),
            mode=_mode(data.get("mode")),
            answers=dict(data.get("answers") or {}),
            complete=bool(data.get("complete")),
            editing=bool(data.get("editing")),
            resume_at=data.get("resume_at"),
            pending_confirm=_pair(data.get("confirm")),
            prefs=_prefs(data.get("prefs")),
            timeline_since=data.get("timeline_since"),
            ticks={str(k): [int(i) for i in v] for k, v in (data.get("ticks") or {}).items()},
            draft=_draft(data.get("draft")),
            practice_asked={str(k): int(v) for k, v in (data.get("practice_asked") or {}).items()},
            checks=[_check(c) for c in data.get("checks") or []],
            programs=[program_from_json(p) for p in data.get("programs") or []],
            program_seq=int(data.get("program_seq") or 0),
            program_edit=_edit(data.get("program_edit")),
            pending_import=[program_from_json(p) for p in data["pending_import"]]
            if isinstance(data.get("pending_import"), list) else None,
            offers=_offers(data.get("offers")),
        )
        session._stored = {k: v for k, v in data.items() if k not in CORE_KEYS}
        return session


def _pair(value: Any) -> tuple[str, Any] | None:
    return (value[0], value[1]) if isinstance(value, list) and len(value) == 2 else None


def _prefs(value: Any) -> Prefs | None:
    return Prefs(**{k: value[k] for k in ("reminders", "tz", "hour") if k in value}) if isinstance(value, dict) \
        else None


def _draft(value: Any) -> Draft | None:
    if not isinstance(value, dict):
        return None
    return Draft(str(value.get("specialty") or ""), [str(p) for p in value.get("parts") or []],
                 str(value.get("question") or ""), bool(value.get("from_file")))


def _offers(value: Any) -> dict[str, Any]:
    """Offered answers as stored; each is checked again when the user taps it (the question's own rules)."""
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if v is None or isinstance(v, (str, int, bool))}


def _edit(value: Any) -> ProgramEdit | None:
    if not isinstance(value, dict):
        return None
    return ProgramEdit(str(value.get("key", "")), str(value.get("field", "")),
                       {str(k): str(v) for k, v in (value.get("draft") or {}).items()})


def _check(value: dict[str, Any]) -> CheckRecord:
    return CheckRecord(str(value.get("kind")), str(value.get("specialty")), tuple(value.get("flags") or ()),
                       tuple(value.get("missing") or ()), str(value.get("on")))


def _mode(value: Any) -> str:
    return value if isinstance(value, str) and value else NO_MODE


#: The modes version 1 stored (a typed setting, or the coaching machine's state).
_V1_MODES = ("tz_input", "hour_input", "pick", "drafting", "answering")


def _upgrade(data: dict[str, Any], state: str | None) -> dict[str, Any]:
    """The untyped dict of version 1 (the state in its own column; the coaching mode, the typed setting
    and the draft in nested dicts) as version 2."""
    out = {k: v for k, v in data.items() if k in ("answers", "complete", "editing", "resume_at", "confirm", "prefs",
                                                  "timeline_since", "ticks", "checks")}
    out["v"], out["state"] = VERSION, state or IDLE
    out["shown"] = state  # a question stored before this field existed was on the user's screen
    coach = data.get("coach") or {}
    mode = data.get("settings_input") or coach.get("state")
    out["mode"] = mode if mode in _V1_MODES else NO_MODE
    if any(coach.get(k) for k in ("parts", "specialty", "question")):
        out["draft"] = {k: coach.get(k) for k in ("specialty", "parts", "question", "from_file")}
    out["practice_asked"] = coach.get("asked") or {}
    return out
