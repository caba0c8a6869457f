"""Start-up: wall time from process start to ready (knowledge base validated, database open and
migrated, FAQ index checked, Telegram Application built).

    python benchmarks/startup.py [--runs 5]

Each run is a fresh `python` process on an existing database; the parent times from spawning it to
the child's "ready" line. Prints the median and the slowest run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import sys
sys.path.insert(0, {root!r})
from bot.config import load_settings
from bot.runtime import build_runtime
from bot.telegram_app import build_application
runtime = build_runtime(load_settings({{"TELEGRAM_BOT_TOKEN": "1:x", "BOT_DB_PATH": {db!r}, "BOT_DATA_KEY": {key!r}}}))
build_application(runtime)
print("ready", flush=True)
"""


def measure(runs: int = 5) -> list[float]:
    from cryptography.fernet import Fernet

    with tempfile.TemporaryDirectory() as tmp:
        code = CHILD.format(root=str(ROOT), db=f"{tmp}/bot.db", key=Fernet.generate_key().decode())
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)  # creates the database
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
            times.append(time.perf_counter() - start)
            proc.wait()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times = measure(args.runs)
    print(f"start-up to ready        median {statistics.median(times):.2f} s, slowest {max(times):.2f} s "
          f"({args.runs} runs; target <= 1 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
