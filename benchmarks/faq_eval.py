"""FAQ lookup quality and latency: top-1, top-3, refusals, p99 for a 200-character question.

Usage: python benchmarks/faq_eval.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.runtime import faq_index  # noqa: E402
from knowledge import faq  # noqa: E402
from knowledge.base import load_knowledge  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.faq_index import SqliteFaqIndex  # noqa: E402


def build_index() -> SqliteFaqIndex:
    return faq_index(open_database(":memory:"), load_knowledge().faq)


SETS = {"development": ROOT / "tests" / "faq_eval.yaml", "first held-out": ROOT / "tests" / "faq_heldout.yaml",
        "second held-out": ROOT / "tests" / "faq_heldout2.yaml",
        "third held-out": ROOT / "tests" / "faq_heldout3.yaml",
        "fourth held-out": ROOT / "tests" / "faq_heldout4.yaml"}


#: What the script reports: every set as written, and two sets with typos added.
RUNS = [(name, path, False) for name, path in SETS.items()] + [
    (name, SETS[name], True) for name in ("development", "third held-out")]


def with_typos(question: str, rng: random.Random) -> str:
    """Two words of six letters or more each get one slip: a letter dropped, wrong, doubled or swapped."""
    words = question.split()
    for i in rng.sample([i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()],
                        min(2, sum(1 for w in words if len(w) >= 6 and w.isalpha()))):
        w, k = words[i], rng.randrange(1, len(words[i]) - 1)
        words[i] = rng.choice([w[:k] + w[k + 1:], w[:k] + rng.choice("aeioulnrst") + w[k + 1:],
                               w[:k] + rng.choice("aeioulnrst") + w[k:], w[:k - 1] + w[k] + w[k - 1] + w[k + 1:]])
    return " ".join(words)


def evaluate(index: SqliteFaqIndex | None = None, path: Path = SETS["development"],
             typos: bool = False, timing: bool = True) -> dict[str, float]:
    """Accuracy on one labelled set (the development set unless ``path`` says otherwise), and latency.
    With ``typos``, every question first gets two slips of the keyboard (seeded, so runs repeat)."""
    index = index or build_index()
    data = yaml.safe_load(path.read_text())
    if typos:
        rng = random.Random(7)
        data = {"answerable": {k: [with_typos(q, rng) for q in qs] for k, qs in data["answerable"].items()},
                "refuse": [with_typos(q, rng) for q in data["refuse"]]}
    entries = load_knowledge().faq
    top1 = top3 = one_tap = total = 0
    misses = []
    for expected, questions in data["answerable"].items():
        for q in questions:
            result = faq.search(index, q)
            ids = [i for i, _ in result.results]
            total += 1
            if result.answered and ids[:1] == [expected]:
                top1 += 1
            else:
                misses.append((q, expected, ids[:3], result.answered))
            if result.answered and expected in ids[:3]:
                top3 += 1
            # what the chat shows: the best entry, then the runners-up and its related topics as buttons
            if result.answered and expected in [ids[0], *faq.next_topics(entries[ids[0]], ids[1:3])]:
                one_tap += 1
    wrongly_answered = [q for q in data["refuse"] if faq.search(index, q).answered]
    refused = len(data["refuse"]) - len(wrongly_answered)
    question = ("I graduated five years ago, passed Step 2 CK with a 238, did two IM observerships and need "
                "a J-1; how many internal medicine and radiology programs should I apply to this cycle??")[:200]
    timings = [0.0]
    for _ in range(2000 if timing else 0):
        t = time.perf_counter()
        faq.search(index, question)
        timings.append(time.perf_counter() - t)
    timings.sort()
    return {"answerable": total, "top1": top1 / total, "top3": top3 / total, "one_tap": one_tap / total,
            "refuse_total": len(data["refuse"]), "refusals": refused / len(data["refuse"]),
            "p50_ms": statistics.median(timings) * 1000, "p99_ms": timings[int(len(timings) * 0.99)] * 1000,
            "misses": misses, "answered_refusals": wrongly_answered}


def main() -> None:
    verbose = "--verbose" in sys.argv[1:]
    sys.stdout.reconfigure(errors="replace")
    index = build_index()
    for name, path, typos in RUNS:
        r = evaluate(index, path, typos)
        print(f"FAQ evaluation, {name} set ({path.name}{', two typos per question' if typos else ''}): "
              f"{r['answerable']} answerable questions, {r['refuse_total']} out-of-scope")
        print(f"  top-1 accuracy      {r['top1']:.1%}   (target >= 90%)")
        print(f"  top-3 accuracy      {r['top3']:.1%}   (target >= 97%)")
        print(f"  correct refusals    {r['refusals']:.1%}   (target >= 90%)")
        print(f"  answer or one tap   {r['one_tap']:.1%}   (the right entry is the answer or one of its buttons)")
        if verbose:
            for q, expected, got, answered in r["misses"]:
                print(f"  miss: {q!r} expected {expected}, got {got} answered={answered}")
            for q in r["answered_refusals"]:
                print(f"  answered but out of scope: {q!r}")
    print(f"  lookup p50 / p99    {r['p50_ms']:.3f} ms / {r['p99_ms']:.3f} ms   "
          "(200-character question; target p99 < 5 ms)")


if __name__ == "__main__":
    main()
