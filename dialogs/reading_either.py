"""A reply that itself asks which of two values ("2022 or 2023?", "is it A or B?") is the user's own doubt: it is
asked back, offering both, at every question, never read as either one. Pure."""

from __future__ import annotations

import re
from typing import Callable

from dialogs.reading_base import Reading, Value, _ask, quoted

#: "X or Y?" closing a clause: the two sides are read on their own.
_EITHER = re.compile(r"([\w'./-]+(?: [\w'./-]+)?)\s+or\s+([\w'./-]+(?: [\w'./-]+)?)\s*[?؟？]", re.IGNORECASE)
_LEAD = re.compile(r"^(?:so|is it|it is|it's|its|was it|maybe|either|which|then)\s+", re.IGNORECASE)


def either_or(text: str, read_part: Callable[[str], Reading], label: Callable[[Value], str]) -> Reading | None:
    """The reply asks "X or Y?" and X and Y read as two different values: asked, offering both."""
    for m in _EITHER.finditer(text):
        sides = []
        for side in (m.group(1), m.group(2)):
            part = _LEAD.sub("", side.strip())
            r = read_part(part)
            if not r.ok:
                r = read_part(part.split()[-1] if side is m.group(1) else part.split()[0])
            sides.append(r)
        a, b = sides
        if a.ok and b.ok and a.value != b.value:
            doubt = quoted(m.group(0).strip())
            return _ask(f"You asked {doubt} yourself, so I have not noted either. Which one is it? Tap it.", doubt,
                        ((a.value, label(a.value)), (b.value, label(b.value))))
    return None


#: A whole reply that only rules one thing out ("not J1", "no H1B").
_RULED_OUT = re.compile(r"\s*(?:not|no|never|nothing|without)\s+(?:a |an |the )?([^,;.!?]+?)[\s.!]*", re.IGNORECASE)


def ruled_out(options: tuple[tuple[Value, str], ...], text: str, reading: Reading,
              named: Callable[[str], tuple[bool, Value]]) -> Reading | None:
    """A reply that only rules out one option of three or more ("not J1" at the visa question) leaves the others:
    asked, offering those left, not read as one of them. A reply that also names one ("not J1, H1B only") is read."""
    m = _RULED_OUT.fullmatch(text)
    if m is None or not reading.ok or len(options) < 3:
        return None
    found, out = named(m.group(1))  # the option's own name or alias, not a feeling ("not a big fan")
    if not found or out == reading.value or out not in [v for v, _ in options]:
        return None
    left = tuple((v, label) for v, label in options if v != out)
    doubt = quoted(text.strip())
    return _ask(f"You wrote {doubt}: that rules one answer out and leaves {len(left)}. Which is it? Tap it.", doubt,
                left)
