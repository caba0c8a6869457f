"""A 300-program list (the NRMP maximum rank count): how long each /programs view takes server-side.

    python benchmarks/programs.py [--repeat 20]

One user with a completed assessment and 300 programs (radiology, medicine, PGY-1 years; 120 with
interview dates and reminders, 100 ranked, links to PGY-1 programs). Each view is one call of the
bot service as the Telegram handler makes it (load and open the sealed session, route, build the
replies, seal and commit), timed ``--repeat`` times after one untimed first turn (which builds the
plan and loads lazy tables, and is reported apart); prints the median and slowest per view, and
checks that every message fits Telegram's limits.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.fernet import Fernet  # noqa: E402

from bot.config import load_settings  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from dialogs import callbacks as cb  # noqa: E402
from dialogs.inputs import Choice, Command, File, Text  # noqa: E402
from dialogs.program_list import ProgramList  # noqa: E402
from dialogs.session import Session  # noqa: E402
from knowledge.programs import Program, to_csv  # noqa: E402
from tests.examples import answers  # noqa: E402

TODAY = date(2026, 11, 30)
USER = 1


def big_list(n: int = 300) -> list[Program]:
    out = []
    for i in range(1, n + 1):
        kind = i % 3
        specialty, track = [("diagnostic_radiology", "advanced"), ("internal_medicine", "categorical"),
                            ("internal_medicine", "preliminary")][kind]
        interviewed = i <= 120
        out.append(Program(f"Hospital {i} {'Radiology' if kind == 0 else 'Medicine'} Program", specialty, track,
                           f"{4200000000 + i}", "NY", ("j1", "both", "h1b")[i % 3],
                           ("gold", "silver", "none", "none")[i % 4] if kind != 2 else "none",
                           "interviewed" if interviewed else "applied",
                           TODAY + timedelta(days=i % 60) if interviewed else None,
                           i if i <= 100 and kind != 2 else None,
                           (f"Hospital {i + 2} Medicine Program",) if kind == 0 else (), "notes " * 10,
                           key=f"p{i}"))
    return out


def measure(repeat: int) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings({"BOT_DB_PATH": str(Path(tmp) / "bot.db"),
                                  "BOT_DATA_KEY": Fernet.generate_key().decode()})
        runtime = build_runtime(settings, today=lambda: TODAY)
        programs = big_list()
        session = Session(state="complete", complete=True, answers=answers()).with_parts(
            ProgramList(programs, seq=len(programs)))
        runtime.store.save(USER, session.to_json())
        service = runtime.service
        views = [
            ("overview (/programs)", Command("programs")),
            ("one specialty, a page", Choice(cb.PgGroup("internal_medicine", 3))),
            ("one program", Choice(cb.PgOpen("p150"))),
            ("change its status", Choice(cb.PgSet("p150", "status", "interviewed"))),
            ("type an interview date", None),
            ("rank list, a page", Choice(cb.PgRank(5))),
            ("move a ranked program up", Choice(cb.PgMove("p51", "up"))),
            ("PGY-1 links of an advanced program", Choice(cb.PgLinks("p3"))),
            ("lists as entered in NRMP", Choice(cb.PgFinal())),
            ("all warnings, a page", Choice(cb.PgWarnings(1))),
            ("export CSV", Choice(cb.PgExport())),
            ("import a 300-row CSV (replace)", None),
        ]
        csv_text = to_csv(programs)
        first = time.perf_counter()
        service.handle(USER, Command("programs"))  # the first turn pays for the plan and lazy tables once
        first_ms = (time.perf_counter() - first) * 1000
        rows = []
        for name, inp in views:
            times = []
            sizes = []
            for _ in range(repeat):
                if name == "type an interview date":
                    service.handle(USER, Choice(cb.PgField("p150", "interview_date")))
                    inp = Text("2027-01-12")
                if name.startswith("import"):
                    service.handle(USER, File("programs.csv", csv_text))
                    inp = Choice(cb.PgImport("replace"))
                start = time.perf_counter()
                replies = service.handle(USER, inp)
                times.append((time.perf_counter() - start) * 1000)
                sizes.append(max(len(r.text) for r in replies))
                assert all(len(r.text) <= (1024 if r.document else 4096) for r in replies), name
            rows.append({"view": name, "median_ms": statistics.median(times), "max_ms": max(times),
                         "longest_message": max(sizes), "first_turn_ms": first_ms})
        return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    for row in measure(args.repeat):
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
