"""Match outcome counts over 100,000 shared outcomes (synthetic, made here, never stored elsewhere).

    python benchmarks/outcomes.py [--outcomes 100000] [--runs 3]

Seeds a temporary database with sealed outcome rows across three counted Matches (profiles drawn so
that some cells are small, as real ones would be), then times what ``python -m bot outcomes`` does:
read and open every row, count, suppress and check, and write the JSON, text and CSV forms. Also the
suppression alone on a sparse year (few people, many small cells), and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.fernet import Fernet  # noqa: E402

from bot.outcome_counts import release_for  # noqa: E402
from knowledge.base import load_knowledge  # noqa: E402
from knowledge.outcomes import FIELDS, OutcomeRecord, as_csv, as_text, build_release  # noqa: E402
from storage import Store  # noqa: E402

TODAY = date(2029, 7, 1)  # the 2027, 2028 and 2029 Matches are counted


def synthetic(kb, n: int, seed: int = 1) -> list[OutcomeRecord]:
    """Profiles skewed the way applicants are (most moderate or high, few H-1B-only higher...), so that
    the tables have small cells to hide even at this size."""
    rng = random.Random(seed)
    rules = kb.outcomes
    out = []
    for _ in range(n):
        tier = rng.choices(rules.tiers(), weights=(1, 4, 5))[0]
        profile = {"tier": tier}
        for f in FIELDS[1:]:
            values = rules.allowed[tier][f]
            profile[f] = rng.choices(values, weights=[1 + i * i for i in range(len(values))])[0]
        year = rng.choice((2027, 2028, 2029))
        result = rng.choices(rules.result_ids(), weights=(30, 35, 8, 6, 20, 1))[0]
        out.append(OutcomeRecord(year, result, profile, date(year, 4, 1), rng.random() < 0.97,
                                 applications={"diagnostic_radiology": rng.choice(("26-50", "51-75", "76-100"))},
                                 interviews={"diagnostic_radiology": rng.choice(("0", "1-2", "3-5"))}))
    return out


def measure(n: int, runs: int = 3) -> dict[str, float]:
    kb = load_knowledge()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bot.db", Fernet.generate_key())
        recs = synthetic(kb, n)
        start = time.perf_counter()
        store.outcomes.bulk_insert(((i, r.to_json()) for i, r in enumerate(recs, 1)), "2029-04-01T00:00:00+00:00")
        seeded = time.perf_counter() - start
        samples, release = [], None
        for _ in range(runs):
            start = time.perf_counter()
            release = release_for(store, kb, TODAY)
            json.dumps(release.to_json())
            as_text(kb.outcomes, release)
            as_csv(kb.outcomes, release)
            samples.append(time.perf_counter() - start)
        assert release is not None
        cells = [r for t in release.tables for r in t.rows]
        shown = sum(1 for r in cells if r["count"] is not None)
        db_bytes = (Path(tmp) / "bot.db").stat().st_size
    sparse = synthetic(kb, 300, seed=2)
    start = time.perf_counter()
    small = build_release(kb.outcomes, kb.calendar, sparse, TODAY)
    sparse_s = time.perf_counter() - start
    small_cells = [r for t in small.tables for r in t.rows]
    return {"outcomes": n, "seed_s": seeded, "median_s": statistics.median(samples), "max_s": max(samples),
            "cells": len(cells), "shown": shown, "consenting": release.consenting or 0, "db_mb": db_bytes / 1e6,
            "sparse_s": sparse_s, "sparse_cells": len(small_cells),
            "sparse_shown": sum(1 for r in small_cells if r["count"] is not None),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--outcomes", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    m = measure(args.outcomes, args.runs)
    print(f"outcomes over {m['outcomes']:,} shared outcomes ({m['consenting']:,} counted, 3 Matches; "
          f"database {m['db_mb']:.1f} MB, seeded in {m['seed_s']:.1f} s)")
    print(f"  read, open, count, suppress, JSON + text + CSV: median {m['median_s']:.2f} s, slowest {m['max_s']:.2f} s "
          f"({args.runs} runs); {m['shown']} of {m['cells']} cells shown")
    print(f"  a sparse release (300 outcomes, 3 Matches): {m['sparse_s'] * 1000:.0f} ms; "
          f"{m['sparse_shown']} of {m['sparse_cells']} cells shown")
    print(f"  peak RSS {m['peak_rss_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
