"""Issue 23, round 24b: a stress grid at the failed-attempts question. A history per Step told with a retake word
("retook", "resat", "second sitting", "reattempted") restates that Step's failure, and a closing total ("so thats one
fail", "which makes 2 failures") either agrees with the count of the history, and is read, or disagrees, and is
asked naming both. Each reply is labelled by rule with the values a careful reader may store; ``ASK`` means asked or
refused. A reply is wrong when a value outside its label is stored. Used by ``tests/test_reading_round24b.py``."""

from __future__ import annotations

import itertools
from typing import Any

ASK = "ask"
F = "usmle_failures"
Item = tuple[str, str, str, set[Any]]

_STEPS = ("step 1", "CK", "step 2 ck", "step 3", "s1")
#: A failure of the Step just named, then its retake that passed: one failure.
_ONE_FAIL = ("failed {s}, retook it and passed", "{s} i had a really bad day and failed it, retook 4 months later and "
             "passed", "failed {s} once, resat and passed", "{s}: failed, reattempted, passed",
             "flunked {s}, passed the retake", "failed {s}, second sitting passed", "{s} failed, retook it next year "
             "and cleared it", "failed {s} the first time, retook and passed",
             "failed {s} then retook it after 3 months n passed", "failed {s}, resat it 6 weeks later, passed")
_NONE_BEFORE = ("", "step 1 i passed first go back in 2022, then ", "passed the others first attempt. ")
_WORDS = {0: "zero", 1: "one", 2: "two", 3: "three"}
_CLOSE = ("so thats {n} fail{p}", "so that's {n} fail{p}", "which makes {n} failure{p}", "so {n} fail{p} total",
          "so thats {n} failed attempt{p}", "so {n} in total", "that makes {n}")


def _closing(n: int) -> list[str]:
    p = "" if n == 1 else "s"
    return [c.format(n=w, p=p) for c in _CLOSE for w in (str(n), _WORDS[n])]


def retake_grid() -> list[Item]:
    """(rule, question, reply, the values it may be stored as) at the failed-attempts question."""
    items: list[Item] = []

    def add(rule: str, text: str, *allowed: Any) -> None:
        items.append((rule, F, text, set(allowed)))

    for step, story, before in itertools.product(_STEPS, _ONE_FAIL, _NONE_BEFORE):
        history = before + story.format(s=step)
        add("retake_alone", history, 1, ASK)
        for close in _closing(1):
            add("total_agrees", f"{history}. {close}", 1, ASK)
        for n in (2, 3):
            for close in _closing(n)[::3]:
                add("total_disagrees", f"{history}. {close}", ASK)
    for (a, b), close in itertools.product(itertools.permutations(("step 1", "CK", "step 3"), 2), _closing(2)):
        two = f"failed {a}, retook and passed, then failed {b} too, resat it and passed"
        add("two_steps_agree", f"{two}. {close}", 2, ASK)
    for (a, b), close in itertools.product(itertools.permutations(("step 1", "CK", "step 3"), 2), _closing(1)[::2]):
        two = f"failed {a}, retook and passed, then failed {b} too, resat it and passed"
        add("two_steps_disagree", f"{two}. {close}", ASK)
    return items
