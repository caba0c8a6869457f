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
