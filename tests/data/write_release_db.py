"""Write the database a previous release leaves behind, with users in the middle of everything.

    git worktree add --detach /tmp/release 66637fe
    .venv/bin/python tests/data/write_release_db.py /tmp/release tests/data/release-66637fe.sqlite

Runs *that release's* code (its ``bot``, ``dialogs``, ``knowledge`` and ``storage`` come first on
the path) through its own service, one input at a time, as its users would have, so the file holds
exactly what that release stored. ``tests/test_upgrade.py`` opens the file with today's code and
checks that every user carries on where they were. The key and the day are in ``RELEASE``.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

RELEASE = {"commit": "66637fe", "key": "9Y4u0sH9kDLbfEXaX4E6i8oUMz7XgRUXwJpdlQ2Fv9I=", "today": date(2026, 11, 30)}
DUAL = ("program,specialty,track,visa,signal,status,interview_date,rank,linked_prelim,notes\n"
        "Mercy Radiology,diagnostic_radiology,advanced,both,gold,interviewed,2027-01-05,1,Mercy Prelim Medicine,\n"
        "Mercy Prelim Medicine,internal_medicine,preliminary,both,,interviewed,2027-01-06,,,\n"
        "Lakeside Internal Medicine,internal_medicine,categorical,j1,silver,interview_scheduled,2026-12-14,,,\n"
        "Hilltop Family Medicine,family_medicine,categorical,j1,signal,invited,,,,\n")
#: One strong applicant's answers, as typed or tapped (typed ones first).
TYPED = {"step2_ck_score": "250", "usmle_failures": "0", "graduation_year": "2024"}
TAPPED = {"match_year": "2027", "us_clinical_experience": "hands_on", "radiology_experience": "observership",
          "research": "radiology", "visa": "j1_ok", "citizenship": "IN", "step3": "not_planned", "english": "strong",
          "patient_contact": "neutral", "pattern_recognition": "enjoy", "academic_environment": "enjoy",
          "neuro_interest": "0", "must_match_this_cycle": "0", "long_term_us_priority": "1"}


def main(release: Path, out: Path) -> None:
    sys.path.insert(0, str(release))
    from bot.config import load_settings
    from bot.runtime import build_runtime
    from dialogs import callbacks as cb
    from dialogs.inputs import Choice, Command, File, Text

    out.unlink(missing_ok=True)
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "1:release", "BOT_DB_PATH": str(out.resolve()),
                              "BOT_DATA_KEY": RELEASE["key"]})
    runtime = build_runtime(settings, today=lambda: RELEASE["today"])

    def turn(chat: int, *inputs: object) -> None:
        for inp in inputs:
            runtime.service.handle(chat, inp)  # type: ignore[arg-type]

    def tap(data: str) -> Choice:
        return Choice(cb.decode(data))

    def assess(chat: int, until: str | None = None) -> None:
        turn(chat, Command("assess"))
        for qid, text in TYPED.items():
            if qid == until:
                return
            turn(chat, Text(text))
        for qid, token in TAPPED.items():
            if qid == until:
                return
            turn(chat, tap(f"a:{qid}:{token}"))
        turn(chat, tap("sum:confirm"))

    assess(1, until="graduation_year")  # 1: at a typed question, two answered
    turn(2, Command("assess"), Text("120"))  # 2: asked back "Did you mean 120?"
    assess(3)  # 3: complete, reminders on, a time zone typed, an item ticked, typing the hour
    turn(3, Command("settings"), tap("st:tz"), Text("Asia/Karachi"), Command("timeline"), tap("tl:t:submit:1"),
         Command("settings"), tap("st:hour"))
    assess(4)  # 4: a statement draft in two parts, not checked yet
    turn(4, Command("check"), tap("ck:s:internal_medicine"), Text("I enjoy the continuity of clinic."),
         Text("Internal medicine is my backup if radiology fails."))
    assess(5)  # 5: one check done, then a practice question open
    turn(5, Command("check"), tap("ck:s:neurology"), Text("I like localising lesions in neurology."), tap("ck:go"),
         tap("iv:p:neurology"))
    assess(6)  # 6: a program list with interviews, and a new program half added
    turn(6, File("list.csv", DUAL), Command("programs"), tap("pg:add"), Text("Riverside Neurology"))
    turn(7, Command("assess"), Text("250"), File("list.csv", DUAL), File("again.csv", DUAL))  # 7: "replace my list?"
    assess(8, until="english")  # 8: paused in the middle
    turn(8, Command("cancel"))
    runtime.store.connections.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
