"""A span of two years typed at the Match ("the 2027-28 cycle", "2027/2028", "27-28").

The span is ambiguous: the 2027-28 application season ends in the 2028 Match, but the 2027-28 academic year is the
first residency year of the 2027 Match. So a span is asked, offering both Matches and saying why, unless the same
reply settles it ("ERAS 2028", "applying September 2027", "Match 2028", "starting residency July 2027", "the
2027-28 application cycle") or one of the two Matches is already past ("the 2026-27 cycle" on 30 Nov 2026).

Pure; called by ``dialogs.reading_years`` before its other Match readers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from dialogs.reading_base import Reading, _ask, next_matches, quoted, _with_rest
from dialogs.sentence import ascii_digits, plain_text
from knowledge.loader import Question

#: Two years typed as a span: "2027-28", "2027/2028", "27-28", "2027 - 28" (nothing numeric either side).
_SPAN = re.compile(r"(?<![\d/.:-])((?:20)?\d\d)\s*[-–—/]\s*((?:20)?\d\d)(?!\d|[/.:,-]\d|\s*[-–—/]\s*\d)")
#: Words that may settle which Match a span means, looked for in the rest of the reply.
_SETTLING = re.compile(r"\b(?:match\w*|eras|appl\w*|submit\w*|send\w*|sent|residency|pgy\W?1|intern\w*|start\w*|"
                       r"begin\w*|join\w*)\b")
#: The span named as an application season: "the 2027-2028 application cycle" ends in the 2028 Match.
_APPLICATION = re.compile(r"^\s*(?:applications?|eras|interview)\s+(?:cycle|season)\b")


def span_match(q: Question, text: str, today: date, said_year: Callable[[int, str], Reading],
               read_rest: Callable[[str], Reading]) -> Reading | None:
    """The Match a span of years says, read only when settled; asked naming the span otherwise. None when the
    reply holds no span of coming years."""
    t = ascii_digits(text)
    m = _SPAN.search(t)
    if m is None:
        return None
    a, b = (int(g) if len(g) == 4 else 2000 + int(g) for g in m.groups())
    first = next_matches(today)[0]
    if not (first - 1 <= a < b <= a + 3 and a <= first + 5):
        return None
    span, rest = m.group(0), t[:m.start()] + " " + t[m.end():]
    words = plain_text(rest).lower()
    eras = re.findall(r"\b(?:19|20)\d\d\b", words)
    if eras == [str(b)] and re.search(rf"\beras\s+(?:season\s+)?{b}\b", words) and not re.search(r"\bor\b|\?", words):
        return said_year(b, f"{span}, ERAS {b}")  # "2027-28 cycle, ERAS 2028": ERAS named for its Match, the span's end
    if _SETTLING.search(words):  # "2027-28 cycle, ERAS 2028": the rest of the reply, read on its own
        settled = read_rest(rest)
        if settled.ok and isinstance(settled.value, int) and a <= settled.value <= b:
            inner = re.fullmatch(r"the \d{4} Match \((.*)\)", settled.said or "")  # the rest's own reason, not nested
            return said_year(settled.value, f"{span}, {inner.group(1) if inner else quoted(rest.strip(' ,;'))}")
        if not settled.ok and settled.doubt and re.search(r"\d", words):  # "2027-28, Match 2027 or 2028"
            return settled
    doubt = quoted(span)
    if b != a + 1:  # "2027-29": several Matches
        return _ask(f"You wrote {doubt}: which Match is it? Tap it, or type the year.", doubt,
                    _with_rest(q, tuple(range(a, b + 1)), today))
    academic = re.search(r"\bacademic\b", words) is not None
    if _APPLICATION.match(plain_text(t[m.end():]).lower()) and not re.search(r"\d", words):
        return said_year(b, f"the {span} season ends in the {b} Match")
    if a < first and not academic:  # "the 2026-27 cycle" on 30 Nov 2026: the 2026 Match is past
        return said_year(b, f"the {span} season ends in the {b} Match")
    order = (a, b) if academic or re.search(r"\byear\b", words) else (b, a)
    return _ask(f"You wrote {doubt}. The {a}-{b} application season ends in the {b} Match, but the {a}-{b} "
                f"academic year is the first year of residency after the {a} Match. Which Match is it? Tap it, or "
                "type the year.", doubt, _with_rest(q, tuple(y for y in order if y >= first), today))
