"""How well the self-assessment reads answers typed in the user's own words (issue 16).

    python benchmarks/reading_eval.py [--set tests/reading_eval.yaml] [--show]

Each labelled item is a question, a typed answer and what it means (a value, "ask" when two options
fit, "refuse" when it means none). The reader either stores a value, asks back (offers options),
or refuses (asks the question again). Prints: read without asking back (of the answers that have
a value), asked back, refused when it should have read, wrong (a value stored that the user did not
mean, or any value where none was meant; target 0), and overall agreement with the labels.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from dialogs.reading import understand  # noqa: E402
from knowledge.base import KnowledgeBase, load_knowledge  # noqa: E402

TODAY = date(2026, 11, 30)
SETS = [("labelled", ROOT / "tests" / "reading_eval.yaml"), ("held-out", ROOT / "tests" / "reading_heldout.yaml")]


def outcome(kb: KnowledgeBase, item: dict[str, Any]) -> tuple[str, Any]:
    """("read", value) | ("ask", candidate values) | ("refuse", None) for one labelled answer."""
    q = kb.question(item["q"])
    reading = understand(q, item["text"], dict(item.get("answers") or {}), TODAY).reading
    if reading.candidates:
        return "ask", [v for v, _ in reading.candidates]
    if reading.ok:
        return "read", reading.value
    return "refuse", None


def evaluate(kb: KnowledgeBase, items: list[dict[str, Any]], show: bool = False) -> dict[str, Any]:
    counts = {"items": len(items), "valued": 0, "read_right": 0, "asked": 0, "refused_valued": 0, "wrong": 0,
              "agree": 0, "informal": sum(1 for i in items if i.get("style") == "informal")}
    misses = []
    for item in items:
        expect = item["expect"]
        kind, got = outcome(kb, item)
        valued = expect not in ("ask", "refuse")
        counts["valued"] += valued
        counts["asked"] += kind == "ask"
        right = (kind == "read" and valued and got == expect and type(got) is type(expect)) or \
            (kind == "ask" and expect == "ask") or (kind == "refuse" and expect == "refuse")
        wrong = kind == "read" and not (valued and got == expect and type(got) is type(expect))
        counts["read_right"] += kind == "read" and right
        counts["refused_valued"] += kind == "refuse" and valued
        counts["wrong"] += wrong
        counts["agree"] += right
        if not right:
            misses.append({"q": item["q"], "text": item["text"], "expect": expect, "got": [kind, got],
                           "wrong": wrong})
    if show:
        for miss in misses:
            print(json.dumps(miss, ensure_ascii=False))
    n, v = counts["items"], max(1, counts["valued"])
    return {**counts, "read_without_asking": counts["read_right"] / v, "ask_rate": counts["asked"] / n,
            "wrong_rate": counts["wrong"] / n, "agreement": counts["agree"] / n, "misses": misses}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=None, help="one labelled file (default: both sets)")
    parser.add_argument("--show", action="store_true", help="print every item the reader got wrong or missed")
    args = parser.parse_args()
    kb = load_knowledge()
    sets = [(args.set.stem, args.set)] if args.set else [(n, p) for n, p in SETS if p.exists()]
    for name, path in sets:
        items = yaml.safe_load(path.read_text())["items"]
        r = evaluate(kb, items, args.show)
        print(f"{name}: {r['items']} answers ({r['informal']} informal), {r['valued']} with a value: "
              f"read without asking {r['read_without_asking']:.1%}, asked back {r['ask_rate']:.1%}, "
              f"wrong {r['wrong_rate']:.1%} ({r['wrong']}), agreement with the labels {r['agreement']:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
