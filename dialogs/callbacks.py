"""Button data: one small frozen dataclass per kind of button, encoded and decoded here only.

The wire form is ``prefix[:field...]`` (``a:visa:j1_ok``, ``tl:t:submit:2``), at most 64 bytes
(Telegram's limit, checked when encoding). ``decode`` returns None for anything it does not
recognise exactly, so forged or stale data never reaches a flow as a half-parsed string;
number fields accept ASCII digits only ("²" or "①" are refused, not crashed on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import ClassVar

MAX_BYTES = 64
_INT = re.compile(r"[0-9]{1,6}")


class Callback:
    """Base of every button's data: ``PREFIX`` plus the dataclass fields, in order."""

    PREFIX: ClassVar[str]

    def encode(self) -> str:
        return _encode(self)


@lru_cache(maxsize=4096)
def _encode(callback: Callback) -> str:
    """Buttons repeat (every user sees the same question's options): each distinct one is encoded once."""
    parts = [callback.PREFIX, *(str(getattr(callback, f.name)) for f in fields(callback))]  # type: ignore[arg-type]
    data = ":".join(parts)
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data[:80]!r}")
    return data


_REGISTRY: dict[tuple[str, int], type[Callback]] = {}


def _button(prefix: str):  # type: ignore[no-untyped-def]
    def register(cls: type[Callback]) -> type[Callback]:
        cls = dataclass(frozen=True)(cls)
        cls.PREFIX = prefix
        _REGISTRY[(prefix, len(fields(cls)))] = cls
        return cls
    return register


def decode(data: str) -> Callback | None:
    """The button a callback's data names, or None when it is unknown, malformed or forged."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(":")
    for cut in range(len(parts), 0, -1):
        cls = _REGISTRY.get((":".join(parts[:cut]), len(parts) - cut))
        if cls is None:
            continue
        values = []
        for f, raw in zip(fields(cls), parts[cut:]):
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

@_button("a")
class Answer(Callback):
    question: str
    token: str  # the option's value as text (assessment.value_token)


@_button("nav:back")
class Back(Callback):
    question: str


@_button("nav:pause")
class Pause(Callback):
    pass


@_button("fix")
class Fix(Callback):
    """Jump to the other answer of a conflict."""
    question: str


@_button("ed")
class Edit(Callback):
    question: str


@_button("sum:confirm")
class Confirm(Callback):
    pass


@_button("as:new")
class StartOver(Callback):
    pass


@_button("as:resume")
class Resume(Callback):
    pass


@_button("menu")
class Menu(Callback):
    item: str  # a command name: assess, plan, profile, help, faq, programs


@_button("plan")
class PlanSection(Callback):
    key: str


@_button("pdf:plan")
class PlanPdf(Callback):
    pass


@_button("del:yes")
class DeleteYes(Callback):
    pass


@_button("del:no")
class DeleteNo(Callback):
    pass


# --------------------------------------------------------------------------- FAQ

@_button("faq")
class FaqShow(Callback):
    entry: str


@_button("faqm")
class FaqMore(Callback):
    entry: str


@_button("faqt")
class FaqTheme(Callback):
    theme: str


# --------------------------------------------------------------------------- timeline and settings

@_button("tl:list")
class Timeline(Callback):
    pass


@_button("tl:ics")
class TimelineIcs(Callback):
    pass


@_button("tl:m")
class MilestoneOpen(Callback):
    milestone: str


@_button("tl:t")
class Tick(Callback):
    milestone: str
    item: int


@_button("st:menu")
class Settings(Callback):
    pass


@_button("st:on")
class RemindersOn(Callback):
    pass


@_button("st:off")
class RemindersOff(Callback):
    pass


@_button("st:tz")
class AskZone(Callback):
    pass


@_button("st:tz")
class SetZone(Callback):
    zone: str


@_button("st:hour")
class AskHour(Callback):
    pass


@_button("st:h")
class SetHour(Callback):
    hour: int


# --------------------------------------------------------------------------- interviews and the checker

@_button("iv:menu")
class InterviewMenu(Callback):
    pass


@_button("iv:avoid")
class Avoid(Callback):
    pass


@_button("iv:ethics")
class Ethics(Callback):
    pass


@_button("iv:g")
class Guidance(Callback):
    specialty: str


@_button("iv:p")
class PracticePick(Callback):
    pass


@_button("iv:p")
class Practice(Callback):
    specialty: str


@_button("ck:new")
class CheckNew(Callback):
    pass


@_button("ck:x")
class CheckCancel(Callback):
    pass


@_button("ck:s")
class CheckSpecialty(Callback):
    specialty: str


@_button("ck:go")
class CheckGo(Callback):
    pass


# --------------------------------------------------------------------------- the program list (/programs)

@_button("pg")
class PgHome(Callback):
    pass


@_button("pg:g")
class PgGroup(Callback):
    """One specialty's programs, a page at a time."""
    specialty: str
    page: int


@_button("pg:o")
class PgOpen(Callback):
    key: str  # a program's key (p12)


@_button("pg:f")
class PgField(Callback):
    """Change one field: its options, or a typed value."""
    key: str
    field: str


@_button("pg:s")
class PgSet(Callback):
    key: str
    field: str
    value: str


@_button("pg:c")
class PgClear(Callback):
    key: str
    field: str


@_button("pg:add")
class PgAdd(Callback):
    pass


@_button("pg:n")
class PgNew(Callback):
    """A choice in the add form (``field`` must be the one the form is asking)."""
    field: str
    value: str


@_button("pg:d")
class PgDraft(Callback):
    act: str  # go (continue adding) | drop


@_button("pg:rm")
class PgRemove(Callback):
    key: str


@_button("pg:rmy")
class PgRemoveYes(Callback):
    key: str


@_button("pg:x")
class PgExport(Callback):
    pass


@_button("pg:ih")
class PgImportHelp(Callback):
    pass


@_button("pg:i")
class PgImport(Callback):
    how: str  # replace | add | cancel


@_button("pg:r")
class PgRank(Callback):
    page: int


@_button("pg:ri")
class PgRankItem(Callback):
    key: str


@_button("pg:mv")
class PgMove(Callback):
    key: str
    to: str  # up | down | top | bottom | off | on


@_button("pg:nrmp")
class PgFinal(Callback):
    pass


@_button("pg:l")
class PgLinks(Callback):
    key: str  # an advanced program


@_button("pg:lt")
class PgLink(Callback):
    key: str  # the advanced program
    pgy1: str  # the PGY-1 program's key


@_button("pg:w")
class PgWarnings(Callback):
    page: int
