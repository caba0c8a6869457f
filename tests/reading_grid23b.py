"""Issue 23, round 23b: stress grids of generated replies. The first is at the Match: a span of two years ("the
2027-28 cycle", "27/28", "2027-2028 academic year") names the application season ending in its second year's Match,
or the academic year that is the first residency year of its first year's Match, so it is asked unless the same reply
settles it. Each reply is labelled by rule with the values a careful reader may store; ``ASK`` means asked or
refused. A reply is wrong when a value outside its label is stored. Used by ``tests/test_reading_round23b.py``."""

from __future__ import annotations

import itertools
from typing import Any

ASK = "ask"
M = "match_year"
Item = tuple[str, str, str, set[Any]]


def _span_forms(a: int) -> list[str]:
    b = a + 1
    return [f"{a}-{b % 100}", f"{a}-{b}", f"{a}/{b}", f"{a % 100}-{b % 100}", f"{a % 100}/{b % 100}", f"{a} - {b % 100}",
            f"{a}–{b}", f"{a}/{b % 100}"]


def span_grid() -> list[Item]:
    """(rule, question, reply, the values it may be stored as) at the Match question; today is 30 Nov 2026."""
    items: list[Item] = []

    def add(rule: str, text: str, *allowed: Any) -> None:
        items.append((rule, M, text, set(allowed)))

    for a, form in ((a, f) for a in (2027, 2028) for f in _span_forms(a)):
        b = a + 1
        for frame in ("{}", "the {} cycle", "cycle {}", "the {} season", "{} season", "the {} year", "aiming {}",
                      "probably the {} cycle", "{} cycle inshallah", "{} academic year", "targeting the {} cycle!",
                      "for {}", "{} hopefully"):
            add("bare_span", frame.format(form), ASK)
        add("settled_match", f"the {form} cycle, Match {b}", b, ASK)
        add("settled_match", f"{form} season, i.e. the {b} match", b, ASK)
        add("settled_eras", f"{form} cycle, ERAS {b}", b, ASK)
        add("settled_sent", f"{form} cycle, applying September {a}", b, ASK)
        add("settled_sent", f"the {form} season, will submit ERAS in sept {a}", b, ASK)
        add("settled_start", f"{form}, starting residency July {a}", a, ASK)
        add("settled_start", f"{form} academic year, starting residency in july {a}", a, ASK)
        add("conflict", f"{form} cycle, Match {a} or {b}", ASK)
        add("conflict", f"{form}, ERAS {b} or {b + 1} not sure", ASK)
        add("conflict", f"{form} cycle, starting residency July {b} hopefully, match {a}", ASK)
        add("outside", f"{form} cycle, Match {b + 2}", ASK)
    for form in _span_forms(2026):
        add("past", f"the {form} cycle", 2027, ASK)
        add("past", f"this cycle ({form})", 2027, ASK)
    for a, gap in itertools.product((2027, 2028), (2, 3)):
        add("wide", f"{a}-{(a + gap) % 100}", ASK)
        add("wide", f"the {a}-{a + gap} cycles", ASK)
    return items
