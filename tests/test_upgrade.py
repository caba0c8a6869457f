"""Upgrading: a database written by the previous release opens with today's code, and every user
carries on exactly where they were (``tests/data/write_release_db.py`` wrote it with that release)."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.runtime import Runtime, build_runtime
from dialogs import callbacks as cb
from dialogs.coach_flow import CoachState
from dialogs.inputs import Choice, Command, Text
from dialogs.program_list import ProgramList
from dialogs.reply import plain
from dialogs.session import NO_MODE, VERSION, Session
from dialogs.timeline_flow import TimelineState
from storage import Store
from storage.schema import SESSION_VERSION, upgrade_session
from storage.store import session_place
from tests.data.write_release_db import RELEASE

FIXTURE = Path(__file__).parent / "data" / f"release-{RELEASE['commit']}.sqlite"


@pytest.fixture
def upgraded(tmp_path: Path) -> Runtime:
    db = tmp_path / "db" / "bot.db"
    db.parent.mkdir(mode=0o700)
    shutil.copy(FIXTURE, db)
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "1:upgrade", "BOT_DB_PATH": str(db), "BOT_DATA_KEY": RELEASE["key"]})
    return build_runtime(settings, today=lambda: RELEASE["today"])


def say(runtime: Runtime, chat: int, inp: object) -> str:
    """What the user sees after ``inp``: the texts and the button labels."""
    replies = runtime.service.handle(chat, inp)  # type: ignore[arg-type]
    return "\n".join([plain(r.text) for r in replies] + [b.label for r in replies for row in r.buttons for b in row])


def session(runtime: Runtime, chat: int) -> Session:
    stored = runtime.store.load(chat)
    assert stored is not None
    return Session.from_json(stored.data)


def test_the_storage_and_the_bot_agree_on_the_session_format():
    assert SESSION_VERSION == VERSION


def test_every_stored_session_is_upgraded_once_when_the_store_opens(upgraded):
    store = upgraded.store
    rows = store.db.execute("select state, data, uid from sessions order by uid").fetchall()
    assert len(rows) == 8 and all(state is None for state, _, _ in rows)
    assert {store.cipher.open(data, session_place(uid))["v"] for _, data, uid in rows} == {VERSION}
    assert store.meta("session_version") == str(VERSION)
    assert Store(store.connections, store.cipher).upgrade_sessions() == 0  # the next start rewrites nothing


def test_answers_in_progress_carry_on(upgraded):
    assert "Question 4 of 17" in say(upgraded, 1, Text("2024"))
    assert session(upgraded, 1).answers == {"step2_ck_score": 250, "usmle_failures": 0, "graduation_year": 2024}
    # "Did you mean 120?" was asked before the upgrade: typing it again keeps it
    assert "Question 2 of" in say(upgraded, 2, Text("120"))
    assert session(upgraded, 2).answers == {"step2_ck_score": 120}
    # paused at the English question
    assert "Resume at question 11 of 17" in say(upgraded, 8, Command("assess"))


def test_a_typed_setting_a_draft_and_a_practice_answer_carry_on(upgraded):
    assert "Hour saved" in say(upgraded, 3, Text("7"))
    timeline = session(upgraded, 3).part(TimelineState)
    assert (timeline.settings.tz, timeline.settings.hour, timeline.ticks) == ("Asia/Karachi", 7, {"submit": [1]})
    assert timeline.started == RELEASE["today"].isoformat()

    text = say(upgraded, 4, Choice(cb.CheckGo()))
    assert "Check: personal statement for Internal medicine" in text and "Red flags" in text
    assert session(upgraded, 4).part(CoachState).draft is None

    text = say(upgraded, 5, Text("Localising a lesion from the examination is the reasoning I enjoy most."))
    assert "Check: interview answer for Neurology" in text
    coach = session(upgraded, 5).part(CoachState)
    assert coach.practice_asked == {"neurology": 1} and [c.kind for c in coach.checks] == ["statement", "interview"]


def test_the_program_list_its_half_added_program_and_its_reminders_carry_on(upgraded):
    assert "Riverside Neurology" in say(upgraded, 6, Choice(cb.PgNew("specialty", "neurology")))
    s = session(upgraded, 6)
    listed = s.part(ProgramList)
    assert len(listed.programs) == 4 and listed.seq == 4 and s.mode != NO_MODE
    assert listed.edit is not None and listed.edit.draft == {"program": "Riverside Neurology", "specialty": "neurology"}
    lakeside = next(p for p in listed.programs if p.program.startswith("Lakeside"))
    reminder = upgraded.reminders.render(6, f"iv-before:{lakeside.key}")
    assert reminder is not None and "Lakeside Internal Medicine" in reminder.text
    due = upgraded.store.reminders.for_user(3)
    assert due and all(r["status"] == "pending" for r in due)
    assert upgraded.reminders.render(3, due[0]["milestone"]) is not None

    # the release's "Replace my list" button was not bound to a one-time value: it no longer acts, the
    # question is asked again with live buttons
    replies = upgraded.service.handle(7, Choice(cb.decode("pg:i:replace")))
    assert "That button has expired" in replies[-1].text and "What should I do?" in replies[-1].text
    assert session(upgraded, 7).part(ProgramList).pending_import is not None
    fresh = next(b.data for r in replies for row in r.buttons for b in row if "Replace" in b.label)
    assert "Replaced your list with 4 programs" in say(upgraded, 7, Choice(cb.decode(fresh)))
    assert session(upgraded, 7).part(ProgramList).pending_import is None


def test_a_session_from_the_first_release_is_read_through_every_step():
    """Version 1 kept the state in a clear column, the typed setting and the coaching in nested dicts."""
    v1 = {"answers": {"step2_ck_score": 250}, "prefs": {"reminders": True, "tz": "UTC", "hour": 9},
          "ticks": {"submit": [0]}, "settings_input": "tz_input",
          "coach": {"state": "idle", "asked": {"neurology": 2}, "specialty": "neurology", "parts": ["a"]}}
    s = Session.from_json(upgrade_session(v1, "usmle_failures"))
    assert (s.state, s.shown, s.mode, s.answers) == ("usmle_failures", "usmle_failures", "tz_input",
                                                     {"step2_ck_score": 250})
    assert s.part(TimelineState).ticks == {"submit": [0]}
    coach = s.part(CoachState)
    assert coach.practice_asked == {"neurology": 2} and coach.draft is not None and coach.draft.parts == ["a"]


def test_a_first_release_row_in_the_database_is_upgraded_with_its_state_column(tmp_path):
    key = RELEASE["key"]
    store = Store.open(tmp_path / "bot.db", key)
    uid = store.uid(9)
    store.db.execute("insert into sessions (uid, state, data, updated_at) values (?, 'visa', ?, ?)",
                     [uid, store.cipher.seal({"answers": {"research": "none"}}, session_place(uid)),
                      datetime.now(timezone.utc).isoformat()])
    store.set_meta("session_version", "2")  # as if written before this release
    store.connections.close()
    reopened = Store.open(tmp_path / "bot.db", key)
    row = reopened.db.execute("select state from sessions where uid = ?", [uid]).fetchone()
    loaded = reopened.load(9)
    assert row[0] is None and loaded is not None
    assert Session.from_json(loaded.data).state == "visa"


def test_rescheduling_outside_a_turn_touches_only_reminder_rows(upgraded):
    """A user who unblocks the bot, or a calendar change, reschedules reminders from a job, beside the
    user's own turns: it must never write the session back (it could undo an answer given meanwhile)."""
    before = upgraded.store.db.execute("select data, updated_at from sessions where uid = ?", [upgraded.store.uid(3)]).fetchone()
    stale = upgraded.store.load(3)
    say(upgraded, 3, Text("7"))  # the user's own turn changes their settings...
    changed = upgraded.store.db.execute("select data from sessions where uid = ?", [upgraded.store.uid(3)]).fetchone()
    assert changed[0] != before[0]
    upgraded.store.load = lambda chat_id: stale  # ...while a job works from what it read before
    upgraded.reminders.reschedule(3)
    after = upgraded.store.db.execute("select data from sessions where uid = ?", [upgraded.store.uid(3)]).fetchone()
    assert after[0] == changed[0]
