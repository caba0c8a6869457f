"""Rule-change notices in the running bot (CONTRACTS §9): an operator edits facts.yaml and restarts; the users
whose plan changed are told once, through the reminder queue, and nobody else.

Each "start" is a new runtime on the same database and key (a restart), with the knowledge in a copy the
test edits (BOT_KNOWLEDGE_DIR), driven over the in-process fake Bot API.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from bot.notices import Report, due_for
from bot.runtime import Runtime
from dialogs.session import Session
from dialogs.timeline_flow import Prefs, TimelineState
from storage.notices import NOTICE, Told
from storage.reminders import chat_place, what_place
from tests.conftest import FakeClock, Harness, make_runtime
from tests.examples import answers
from tests.knowledge_edits import edit, knowledge_copy, lift_suspension

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=timezone.utc)
NIGERIAN_J1, INDIAN_J1, NIGERIAN_CITIZEN = 7001, 7002, 7003
NIGERIAN_STEP3 = 7004


def first_in_order(chat_id: int, others: tuple[int, ...]) -> str:
    """A data key under which ``chat_id``'s rows come first (rows are kept in the order of a keyed hash of
    the chat id), so a run cut off after its first batch has done that user."""
    from storage import DataCipher

    while True:
        key = Fernet.generate_key().decode()
        cipher = DataCipher(key)
        if all(cipher.uid(chat_id) < cipher.uid(o) for o in others):
            return key


class Bot:
    """One deployment: its database and key, and the knowledge folder the operator edits."""

    def __init__(self, tmp_path: Path):
        self.tmp_path, self.key = tmp_path, first_in_order(NIGERIAN_J1, (INDIAN_J1, NIGERIAN_CITIZEN, NIGERIAN_STEP3))
        self.knowledge = knowledge_copy(tmp_path / "knowledge")
        self.clock = FakeClock(NOW)

    def start(self) -> Runtime:
        """A (re)start of the bot with the knowledge as it now is."""
        return make_runtime(self.tmp_path, self.key, clock=self.clock, BOT_KNOWLEDGE_DIR=str(self.knowledge))

    async def lift_and_restart(self) -> Runtime:
        """The operator takes Nigeria off the J-visa suspension list and restarts; the run is done."""
        lift_suspension(self.knowledge, "NG")
        rt = self.start()
        await rt.notices.run()
        return rt


def complete(rt: Runtime, chat_id: int, reminders: bool = True, **overrides: Any) -> None:
    session = Session(state="complete", complete=True, answers=answers(**overrides)).with_parts(
        TimelineState(Prefs(reminders=reminders, tz="UTC", hour=9)))
    rt.store.save(chat_id, session.to_json())


def chats(rt: Runtime) -> dict[int, int]:
    """Each row key (uid) and the chat id sealed in the user's row."""
    return {uid: rt.store.cipher.open(chat, chat_place(uid))
            for uid, chat in rt.store.db.execute("select uid, chat from users")}


def notices(rt: Runtime) -> dict[int, list[str]]:
    """Each user's notices, by version."""
    out: dict[int, list[str]] = {}
    chat_of = chats(rt)
    for uid, version in rt.store.db.execute("select uid, version from rule_notices order by created_at"):
        out.setdefault(chat_of[uid], []).append(version)
    return out


def queued(rt: Runtime) -> list[tuple[int, str, str]]:
    rows = rt.store.db.execute("select uid, what, status from reminders where kind = 'notice'").fetchall()
    chat_of = chats(rt)
    return sorted((chat_of[u], rt.store.cipher.open(w, what_place(u)), s) for u, w, s in rows)


@pytest.fixture
async def deployed(tmp_path):
    """Four users who finished the assessment under the shipped rules: a Nigerian and an Indian who can
    train on a J-1, a Nigerian who needs no visa, and a Nigerian who would take a J-1 and has Step 3 passed."""
    bot = Bot(tmp_path)
    rt = bot.start()
    complete(rt, NIGERIAN_J1, citizenship="NG", visa="j1_ok")
    complete(rt, INDIAN_J1, citizenship="IN", visa="j1_ok")
    complete(rt, NIGERIAN_CITIZEN, citizenship="NG", visa="no_visa_needed")
    # a Nigerian who would take a J-1 and has Step 3: the suspension leaves the H-1B (an H-1B-only Nigerian's plan
    # does not change with it: the J suspension never changed what they do)
    complete(rt, NIGERIAN_STEP3, citizenship="NG", visa="j1_ok", step3="passed")
    first = await rt.notices.run()  # the first start records the knowledge as it is: nobody is told
    assert first.told == 0 and rt.store.notices.in_force() == rt.notices.version
    return bot


async def test_only_users_whose_plan_changed_are_told_once_with_a_button_to_the_plan(deployed):
    lift_suspension(deployed.knowledge, "NG")
    rt = deployed.start()
    report = await rt.notices.run()
    assert report.told == 2 and report.compared == 4
    assert sorted(notices(rt)) == [NIGERIAN_J1, NIGERIAN_STEP3]
    h = Harness(rt)
    async with h.app:
        await rt.reminders.run_once(h.app.bot)
        await rt.reminders.run_once(h.app.bot)  # a second scan sends nothing more
        told = h.chat(NIGERIAN_J1).messages
        assert len(told) == 1 and "Visa outlook: blocked → open (better for you)" in told[0]["text"]
        assert "Nigeria is no longer among the nationalities whose J visas are suspended" in told[0]["text"]
        assert len(h.chat(NIGERIAN_STEP3).messages) == 1  # narrow (the H-1B) -> open (the J-1 again)
        assert h.chat(INDIAN_J1).messages == [] and h.chat(NIGERIAN_CITIZEN).messages == []
        chat = h.chat(NIGERIAN_J1)
        plan = await chat.press("Open my plan")
        assert "Your plan" in plan[-1]["text"] and plan[-1]["text"].startswith("🔔 Changed on 7 Dec: risk tier, visa outlook")
        # the plan comes below the notice, which stays on screen as it was
        notice, overview = h.fake.screen_of(NIGERIAN_J1)[-2:]
        assert notice["text"] == told[0]["text"] and notice["buttons"] and "Your plan" in overview["text"]
    assert not h.fake.errors
    assert rt.store.db.execute("select count(*) from plan_versions").fetchone()[0] == 0


async def test_a_restart_or_an_unrelated_later_edit_sends_no_repeat(deployed):
    lift_suspension(deployed.knowledge, "NG")
    await deployed.start().notices.run()
    again = await deployed.start().notices.run()  # restarted, nothing edited
    assert again.users == 0 and again.told == 0
    edit(deployed.knowledge, "then_usd: 30,", "then_usd: 31,")  # under 10 % on every list
    rt = deployed.start()
    later = await rt.notices.run()
    assert later.compared == 4 and later.told == 0
    assert [c for c, _, _ in queued(rt)] == [NIGERIAN_J1, NIGERIAN_STEP3]


async def test_a_run_cut_off_after_a_batch_resumes_where_it_stopped(deployed):
    """The start-up run is killed after its first batch: the next start carries on, nobody told twice."""
    lift_suspension(deployed.knowledge, "NG")
    rt = deployed.start()
    rt.notices.batch = 1
    assert rt.notices.prepare()
    rt.notices._step(-(2**63), Report(rt.notices.version))  # the first user only, then the "crash"
    assert sorted(notices(rt)) == [NIGERIAN_J1]
    resumed = deployed.start()
    report = await resumed.notices.run()
    assert report.users == 3  # the three not yet done
    assert sorted(notices(resumed)) == [NIGERIAN_J1, NIGERIAN_STEP3]
    assert len(queued(resumed)) == 2


async def test_a_second_edit_before_the_run_finished_is_compared_from_where_each_user_is(deployed):
    lift_suspension(deployed.knowledge, "NG")
    rt = deployed.start()
    rt.notices.batch = 1
    assert rt.notices.prepare()
    rt.notices._step(-(2**63), Report(rt.notices.version))  # Nigerian J-1 done
    first = rt.notices.version
    edit(deployed.knowledge, "then_usd: 30,", "then_usd: 45,")  # ERAS fees up by half
    second = deployed.start()
    await second.notices.run()
    told = notices(second)
    # the first user already heard about the suspension: now only the fee; the others hear both at once
    assert told[NIGERIAN_J1] == [first, second.notices.version]
    assert told[NIGERIAN_STEP3] == [second.notices.version] and told[INDIAN_J1] == [second.notices.version]
    later = second.store.notices.notice(NIGERIAN_J1, second.notices.version)
    both = second.store.notices.notice(NIGERIAN_STEP3, second.notices.version)
    assert later is not None and both is not None
    assert later["because"] == ["fact:eras-fees"]
    assert set(both["because"]) == {"fact:eras-fees", "fact:j-visa-suspension"}
    assert second.store.db.execute("select count(*) from plan_versions").fetchone()[0] == 0
    assert second.store.db.execute("select count(*) from knowledge_versions").fetchone()[0] == 1


async def test_the_run_reads_sessions_and_never_writes_one(deployed):
    lift_suspension(deployed.knowledge, "NG")
    rt = deployed.start()
    before = rt.store.db.execute("select uid, data, updated_at from sessions order by uid").fetchall()
    await rt.notices.run()
    assert rt.store.db.execute("select uid, data, updated_at from sessions order by uid").fetchall() == before


async def test_who_is_not_compared(deployed):
    """Reminders off, an unfinished assessment, a blocked user, someone who joined under the new rules."""
    lift_suspension(deployed.knowledge, "NG")
    rt = deployed.start()
    complete(rt, 7101, reminders=False, citizenship="NG", visa="j1_ok")
    unfinished = Session(state="visa", answers={"step2_ck_score": 250}).with_parts(TimelineState(Prefs()))
    rt.store.save(7102, unfinished.to_json())
    complete(rt, 7103, citizenship="NG", visa="j1_ok")
    rt.store.set_user_status(7103, "blocked")
    rt.notices.prepare()  # this start's rules come in ...
    complete(rt, 7104, citizenship="NG", visa="j1_ok")  # ... and a user who joined under them is not compared
    report = await rt.notices.run()
    assert report.users == 7
    assert dict(report.not_compared) == {"reminders off": 1, "assessment not complete": 1, "blocked the bot": 1}
    assert sorted(notices(rt)) == [NIGERIAN_J1, NIGERIAN_STEP3]


async def test_turning_reminders_off_after_the_notice_was_queued_stops_it(deployed):
    rt = await deployed.lift_and_restart()
    h = Harness(rt)
    async with h.app:
        chat = h.chat(NIGERIAN_J1)
        await chat.send("/settings")
        await chat.press("Turn off")
        await rt.reminders.run_once(h.app.bot)
        assert not any("rule behind your plan" in m["text"] for m in chat.messages)
    assert [s for c, _, s in queued(rt) if c == NIGERIAN_J1] == ["cancelled"]


async def test_a_settings_change_that_reschedules_reminders_keeps_the_notice(deployed):
    """Changing the hour rebuilds the user's reminder schedule in their turn; the notice is not the
    timeline's to drop."""
    rt = await deployed.lift_and_restart()
    h = Harness(rt)
    async with h.app:
        chat = h.chat(NIGERIAN_J1)
        await chat.send("/settings")
        await chat.press("Hour")
        await chat.press("07:00")  # in the user's turn: the timeline's reminders are replaced
        assert [s for c, _, s in queued(rt) if c == NIGERIAN_J1] == ["pending"]
        await rt.reminders.run_once(h.app.bot)
        assert sum("rule behind your plan" in m["text"] for m in chat.messages) == 1


async def test_blocked_or_deleted_users_get_nothing(deployed):
    rt = await deployed.lift_and_restart()
    rt.store.set_user_status(NIGERIAN_STEP3, "blocked")  # cancels their queued notice
    h = Harness(rt)
    async with h.app:
        await h.chat(NIGERIAN_J1).send("/delete")
        await h.chat(NIGERIAN_J1).press("Yes, delete everything")
        await rt.reminders.run_once(h.app.bot)
        assert h.chat(NIGERIAN_STEP3).messages == []
        assert not any("rule behind" in m["text"] for m in h.chat(NIGERIAN_J1).messages)
    for table in ("rule_notices", "plan_versions", "reminders"):
        assert rt.store.db.execute(f"select count(*) from {table} where uid = ?",
                                   [rt.store.uid(NIGERIAN_J1)]).fetchone()[0] == 0
    # a user deleted between being read and the batch's commit: nothing is written about them
    rt.store.notices.commit("v-later", [NIGERIAN_J1], [Told(NIGERIAN_J1, {"version": "v-later"}, NOW)], NOW)
    for table in ("rule_notices", "plan_versions", "reminders", "users"):
        assert rt.store.db.execute(f"select count(*) from {table} where uid = ?",
                                   [rt.store.uid(NIGERIAN_J1)]).fetchone()[0] == 0


async def test_mydata_shows_the_notice_opened(deployed):
    rt = await deployed.lift_and_restart()
    exported = rt.store.export_user(NIGERIAN_J1)
    [row] = exported["rule_notices"]
    assert row["notice"]["changes"][:2] == [
        {"kind": "tier", "effect": "helps", "before": "moderate", "after": "higher"},  # on the H-1B route, then not
        {"kind": "visa_outlook", "effect": "helps", "before": "blocked", "after": "open"}]
    assert rt.store.db.execute("select notice from rule_notices").fetchone()[0][:1] == b"\x02"  # sealed, bound


def test_a_notice_arrives_in_the_users_day_not_at_night():
    nine = Prefs(tz="Asia/Karachi", hour=9)  # UTC+5
    at = datetime(2026, 12, 7, 5, 0, tzinfo=timezone.utc)  # 10:00 in Karachi
    assert due_for(at, nine) == at
    night = datetime(2026, 12, 7, 18, 0, tzinfo=timezone.utc)  # 23:00 in Karachi
    assert due_for(night, nine) == datetime(2026, 12, 8, 4, 0, tzinfo=timezone.utc)
    early = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)  # 06:00 in Karachi
    assert due_for(early, nine) == datetime(2026, 12, 7, 4, 0, tzinfo=timezone.utc)


async def test_the_preview_counts_what_the_run_then_does_and_names_no_user(deployed, capsys, monkeypatch):
    from bot.__main__ import main

    lift_suspension(deployed.knowledge, "NG")
    monkeypatch.setenv("BOT_DB_PATH", str(deployed.tmp_path / "db" / "bot.db"))
    monkeypatch.setenv("BOT_DATA_KEY", deployed.key)
    monkeypatch.setenv("BOT_KNOWLEDGE_DIR", str(deployed.knowledge))
    assert main(["changes", "--json", "--today", NOW.date().isoformat()]) == 0
    out = capsys.readouterr().out
    preview = json.loads(out)
    assert preview["told"] == 2 and preview["by_kind"]["visa_outlook"] == {"helps": 2}
    assert preview["by_rule"] == {"fact:j-visa-suspension": 2}
    for chat_id in (NIGERIAN_J1, INDIAN_J1, NIGERIAN_CITIZEN, NIGERIAN_STEP3):
        assert str(chat_id) not in out
    assert "NG" not in out and "Nigeria" not in out and "250" not in out
    rt = deployed.start()
    assert notices(rt) == {}  # the preview wrote nothing
    report = await rt.notices.run()
    assert report.to_json()["by_kind"] == preview["by_kind"] and report.told == preview["told"]
    assert main(["changes"]) == 0
    assert "nobody would be told" in capsys.readouterr().out


def test_the_reminder_queue_keeps_notices_apart_from_the_timeline(tmp_path):
    rt = make_runtime(tmp_path)
    complete(rt, 1)
    rt.store.notices.commit("v1", [1], [Told(1, {"version": "v1"}, NOW)], NOW)
    rt.store.reminders.replace(1, [])  # the timeline's schedule cleared (e.g. the Match year changed)
    assert [r["milestone"] for r in rt.store.reminders.for_user(1)] == [NOTICE + "v1"]


async def test_the_plan_marks_what_changed_since_the_user_last_looked(deployed):
    rt = await deployed.lift_and_restart()
    h = Harness(rt)
    async with h.app:
        chat = h.chat(NIGERIAN_J1)
        overview = (await chat.send("/plan"))[-1]["text"]
        assert overview.startswith("🔔 Changed on 7 Dec: risk tier, visa outlook, programs to apply to, next steps")
        assert "(a rule behind your plan changed)" in overview and "Your plan" in overview
        assert "Changed on" not in (await chat.send("/plan"))[-1]["text"]  # looked at: no longer marked
        assert "Changed on" not in (await h.chat(INDIAN_J1).send("/plan"))[-1]["text"]
        # the notice itself still arrives, with its button to the (now unmarked) plan
        await rt.reminders.run_once(h.app.bot)
        assert sum("rule behind your plan has changed" in m["text"] for m in chat.messages) == 1
    assert not h.fake.errors


async def test_a_notice_queued_before_a_long_downtime_is_still_sent(deployed):
    """Reminders due more than the grace period ago are missed; a rule change is still news a week later."""
    rt = await deployed.lift_and_restart()
    deployed.clock.advance(days=8)
    h = Harness(deployed.start())
    async with h.app:
        await h.runtime.reminders.run_once(h.app.bot)
        assert sum("rule behind your plan" in m["text"] for m in h.chat(NIGERIAN_J1).messages) == 1
    assert [s for c, _, s in queued(rt) if c == NIGERIAN_J1] == ["sent"]


async def test_a_plan_that_cannot_be_built_costs_only_that_user_their_notice(deployed, monkeypatch):
    from knowledge.changes import Comparer

    real = Comparer.notice

    def fails_for_one(self: Comparer, answers: Any) -> Any:
        if answers.step3 == "passed":  # NIGERIAN_STEP3
            raise ValueError("a plan this release cannot build")
        return real(self, answers)
    monkeypatch.setattr(Comparer, "notice", fails_for_one)
    rt = await deployed.lift_and_restart()
    assert sorted(notices(rt)) == [NIGERIAN_J1]
    assert rt.store.db.execute("select count(*) from plan_versions").fetchone()[0] == 0  # the run finished
