"""Button data: one small frozen dataclass per kind of button, encoded and decoded here only.

The wire form is ``prefix[:field...]`` (``a:visa:j1_ok``, ``tl:t:submit:2``), at most 64 bytes
(Telegram's limit, checked when encoding). ``decode`` returns None for anything it does not
recognise exactly, so forged or stale data never reaches a flow as a half-parsed string;
number fields accept ASCII digits only ("²" or "①" are refused, not crashed on).
"""

from __future__ import annotations

import re
from dataclasses import Field, dataclass, fields
from functools import lru_cache
from typing import Any, ClassVar, dataclass_transform

MAX_BYTES = 64
_INT = re.compile(r"[0-9]{1,6}")
_REGISTRY: dict[tuple[str, int], type[Callback]] = {}


@dataclass_transform(frozen_default=True)
class Callback:
    """Base of every button's data: a frozen dataclass whose wire form is ``prefix`` plus its fields, in
    order. Declare one with its prefix (a flow may declare its own, in its own module)::

        class Tick(Callback, prefix="tl:t"):
            milestone: str
            item: int

    Fields are ``str`` or ``int``; mypy checks them where a button is made (``Tick("submit", 2)``).
    Two kinds may share a prefix only with different numbers of fields.
    """

    PREFIX: ClassVar[str]

    def __init_subclass__(cls, prefix: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclass(frozen=True)(cls)
        cls.PREFIX = prefix
        key = (prefix, len(_fields(cls)))
        if key in _REGISTRY:
            raise ValueError(f"button data {prefix!r} with {key[1]} field(s) is declared twice")
        _REGISTRY[key] = cls

    def encode(self) -> str:
        return _encode(self)


def _fields(kind: type[Callback]) -> tuple[Field[Any], ...]:
    """A button kind's fields (every ``Callback`` subclass is made a dataclass when it is declared)."""
    return fields(kind)  # type: ignore[arg-type]


@lru_cache(maxsize=4096)
def _encode(callback: Callback) -> str:
    """Buttons repeat (every user sees the same question's options): each distinct one is encoded once."""
    parts = [callback.PREFIX, *(str(getattr(callback, f.name)) for f in _fields(type(callback)))]
    data = ":".join(parts)
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data[:80]!r}")
    return data


def decode(data: str) -> Callback | None:
    """The button a callback's data names, or None when it is unknown, malformed or forged."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(":")
    for cut in range(len(parts), 0, -1):
        cls = _REGISTRY.get((":".join(parts[:cut]), len(parts) - cut))
        if cls is None:
            continue
        values: list[str | int] = []
        for f, raw in zip(_fields(cls), parts[cut:]):
            if f.type in ("int", int):
                if not _INT.fullmatch(raw):
                    return None
                values.append(int(raw))
            elif not raw:
                return None
            else:
                values.append(raw)
        return cls(*values)
    return None


# --------------------------------------------------------------------------- the self-assessment

class Answer(Callback, prefix="a"):
    question: str
    token: str  # the option's value as text (assessment.value_token)


class Back(Callback, prefix="nav:back"):
    question: str


class Pause(Callback, prefix="nav:pause"):
    pass


class Fix(Callback, prefix="fix"):
    """Jump to the other answer of a conflict."""
    question: str


class Edit(Callback, prefix="ed"):
    question: str


class Confirm(Callback, prefix="sum:confirm"):
    pass


class StartOver(Callback, prefix="as:new"):
    pass


class Resume(Callback, prefix="as:resume"):
    pass


class Menu(Callback, prefix="menu"):
    item: str  # a command name: assess, plan, profile, help, faq, programs


class PlanSection(Callback, prefix="plan"):
    key: str


class PlanPdf(Callback, prefix="pdf:plan"):
    pass


class DeleteYes(Callback, prefix="del:yes"):
    token: str  # the one-time value of this /delete question (dialogs.once)


class DeleteNo(Callback, prefix="del:no"):
    token: str


class DeleteUnbound(Callback, prefix="del:yes"):
    """A /delete "Yes" sent before confirmations were bound to a one-time value: it only expires."""


# --------------------------------------------------------------------------- FAQ

class FaqShow(Callback, prefix="faq"):
    entry: str


class FaqMore(Callback, prefix="faqm"):
    entry: str


class FaqTheme(Callback, prefix="faqt"):
    theme: str


# --------------------------------------------------------------------------- timeline and settings

class Timeline(Callback, prefix="tl:list"):
    pass


class TimelineIcs(Callback, prefix="tl:ics"):
    pass


class MilestoneOpen(Callback, prefix="tl:m"):
    milestone: str


class Tick(Callback, prefix="tl:t"):
    milestone: str
    item: int


class Settings(Callback, prefix="st:menu"):
    pass


class RemindersOn(Callback, prefix="st:on"):
    pass


class RemindersOff(Callback, prefix="st:off"):
    pass


class AskZone(Callback, prefix="st:tz"):
    pass


class SetZone(Callback, prefix="st:tz"):
    zone: str


class AskHour(Callback, prefix="st:hour"):
    pass


class SetHour(Callback, prefix="st:h"):
    hour: int


# --------------------------------------------------------------------------- interviews and the checker

class InterviewMenu(Callback, prefix="iv:menu"):
    pass


class Avoid(Callback, prefix="iv:avoid"):
    pass


class Ethics(Callback, prefix="iv:ethics"):
    pass


class Guidance(Callback, prefix="iv:g"):
    specialty: str


class PracticePick(Callback, prefix="iv:p"):
    pass


class Practice(Callback, prefix="iv:p"):
    specialty: str


class CheckNew(Callback, prefix="ck:new"):
    pass


class CheckCancel(Callback, prefix="ck:x"):
    pass


class CheckSpecialty(Callback, prefix="ck:s"):
    specialty: str


class CheckGo(Callback, prefix="ck:go"):
    pass


# --------------------------------------------------------------------------- the program list (/programs)

class PgHome(Callback, prefix="pg"):
    pass


class PgGroup(Callback, prefix="pg:g"):
    """One specialty's programs, a page at a time."""
    specialty: str
    page: int


class PgOpen(Callback, prefix="pg:o"):
    key: str  # a program's key (p12)


class PgField(Callback, prefix="pg:f"):
    """Change one field: its options, or a typed value."""
    key: str
    field: str


class PgSet(Callback, prefix="pg:s"):
    key: str
    field: str
    value: str


class PgClear(Callback, prefix="pg:c"):
    key: str
    field: str


class PgAdd(Callback, prefix="pg:add"):
    pass


class PgNew(Callback, prefix="pg:n"):
    """A choice in the add form (``field`` must be the one the form is asking)."""
    field: str
    value: str


class PgDraft(Callback, prefix="pg:d"):
    act: str  # go (continue adding) | back (the step before) | drop


class PgRemove(Callback, prefix="pg:rm"):
    key: str


class PgRemoveYes(Callback, prefix="pg:rmy"):
    key: str
    token: str  # the one-time value of this "Remove it?" question (dialogs.once)


class PgRemoveUnbound(Callback, prefix="pg:rmy"):
    """A "Yes, remove it" sent before confirmations were bound to a one-time value: it only expires."""

    key: str


class PgExport(Callback, prefix="pg:x"):
    pass


class PgImportHelp(Callback, prefix="pg:ih"):
    pass


class PgImport(Callback, prefix="pg:i"):
    how: str  # replace | add | cancel
    token: str  # the one-time value of this file's "Replace or add?" question (dialogs.once)


class PgImportUnbound(Callback, prefix="pg:i"):
    """A "Replace or add?" answer sent before confirmations were bound to a one-time value: it only
    expires (the question is asked again)."""

    how: str


class PgRank(Callback, prefix="pg:r"):
    page: int


class PgRankItem(Callback, prefix="pg:ri"):
    key: str


class PgMove(Callback, prefix="pg:mv"):
    key: str
    to: str  # up | down | top | bottom | off | on


class PgFinal(Callback, prefix="pg:nrmp"):
    pass


class PgLinks(Callback, prefix="pg:l"):
    key: str  # an advanced program


class PgLink(Callback, prefix="pg:lt"):
    key: str  # the advanced program
    pgy1: str  # the PGY-1 program's key


class PgWarnings(Callback, prefix="pg:w"):
    page: int
