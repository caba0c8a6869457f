"""The application timeline and reminders: calendar rules, /timeline, /settings, delivery guarantees."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, timezone

import pytest
from cryptography.fernet import Fernet

from dialogs.session import Session
from dialogs.timeline_flow import Prefs, TimelineState, schedule
from knowledge.base import load_knowledge
from knowledge.timeline import due_at, match_day, parse_timezone
from storage.reminders import Reschedule, iso
from tests import conftest
from tests.conftest import FakeClock, Harness, make_runtime
from tests.examples import answers
from tests.test_assessment import WALK, walk

UTC = timezone.utc
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def calendar():
    return load_knowledge().calendar


@pytest.fixture
def clock():
    return FakeClock(NOW)



def pending(h, chat_id):
    return [r for r in h.runtime.store.reminders.for_user(chat_id) if r["status"] == "pending"]


async def complete(chat, steps=WALK):
    await walk(chat, steps)
    await chat.press("Confirm")


# --------------------------------------------------------------------------- the calendar

def test_rules_reproduce_the_official_2026_dates(calendar):
    """The estimate rules, applied to 2026, give the dates AAMC and NRMP published."""
    stripped = type(calendar)(calendar.milestones, calendar.rules, {})
    official = calendar.cycles[2026].dates
    estimated = {m.id: m.on for m in stripped.for_user({"match_year": 2026})}
    assert {k: estimated[k] for k in official} == official


def test_known_dates_are_official_and_later_cycles_are_estimated(calendar):
    y2026 = {m.id: m for m in calendar.for_user({"match_year": 2026})}
    assert y2026["match_day"].on == date(2026, 3, 20) and not y2026["match_day"].estimated
    assert y2026["interviews"].estimated  # no official date for the season's start
    y2027 = {m.id: m for m in calendar.for_user({"match_year": 2027})}
    assert y2027["match_day"].on == date(2027, 3, 19) == match_day(2027)
    assert y2027["myeras_opens"].on == date(2026, 6, 3) and y2027["myeras_opens"].how == "reported"
    assert all(m.estimated for m in y2027.values() if m.id != "myeras_opens")
    assert [m.on for m in calendar.for_user({"match_year": 2027})] == sorted(m.on for m in y2027.values())


def test_checklists_are_tailored_to_the_answers(calendar):
    def items(**kw):
        return [t for m in calendar.for_user(answers(**kw)) for _, t in m.items]
    h1b = items(visa="h1b_only", step3="planned")
    j1 = items(visa="j1_ok")
    assert any("Step 3" in t for t in h1b) and not any("Step 3" in t for t in j1)
    assert any("H-1B" in t for t in h1b) and len(h1b) > len(j1)
    assert any("Step 2 CK" in t for t in items(step2_ck_score=None))


@pytest.mark.parametrize("typed,name", [
    ("Asia/Karachi", "Asia/Karachi"), ("asia/karachi", "Asia/Karachi"), ("UTC+5", "UTC+05:00"),
    ("+05:30", "UTC+05:30"), ("GMT-3", "UTC-03:00"), ("utc", "UTC"),
    ("Mars/Olympus", None), ("+15", None), ("9", None), ("", None), ("😀", None), ("UTC+5:20", None),
])
def test_time_zones_typed_by_users(typed, name):
    assert parse_timezone(typed) == name


def test_reminder_hour_is_local_including_daylight_saving():
    assert due_at(date(2026, 12, 1), "Asia/Karachi", 9) == datetime(2026, 12, 1, 4, tzinfo=UTC)
    assert due_at(date(2027, 3, 19), "America/New_York", 9) == datetime(2027, 3, 19, 13, tzinfo=UTC)  # EDT
    assert due_at(date(2026, 12, 1), "America/New_York", 9) == datetime(2026, 12, 1, 14, tzinfo=UTC)  # EST
    assert due_at(date(2026, 12, 1), "UTC+05:30", 20) == datetime(2026, 12, 1, 14, 30, tzinfo=UTC)


def test_a_late_joiner_gets_reminders_only_for_what_is_ahead(calendar):
    data = Session(complete=True, answers=answers(match_year=2027)).with_parts(TimelineState(Prefs(reminders=True)))
    due = schedule(calendar, data, NOW)
    assert [m for m, _ in due] == ["ecfmg_pathway", "nrmp_registration_deadline", "rank_list_opens", "rank_list",
                                   "match_week", "match_day"]
    assert all(at > NOW for _, at in due)
    assert schedule(calendar, Session(complete=True, answers=data.answers).with_parts(
        TimelineState(Prefs(reminders=False))), NOW) == []


# --------------------------------------------------------------------------- in the chat

async def test_completing_the_assessment_turns_reminders_on_with_one_tap_to_turn_off(h):
    ana = h.chat()
    await complete(ana)
    offer = next(m for m in ana.messages if "Reminders are on" in m["text"])
    assert "09:00 (UTC)" in offer["text"] and "2027 Match" in offer["text"]
    rows = pending(h, ana.chat_id)
    assert [r["milestone"] for r in rows] == ["ecfmg_pathway", "nrmp_registration_deadline", "rank_list_opens",
                                              "rank_list", "match_week", "match_day",
                                              "outcome-invite"]  # the day after: how did it go?
    assert rows[-2]["due_at"] == "2027-03-19T09:00:00+00:00"
    await ana.tap(ana.button("Turn off", offer))
    assert "Reminders are off" in ana.text and pending(h, ana.chat_id) == []
    await ana.press("Turn on")
    assert len(pending(h, ana.chat_id)) == 7  # six milestones and the outcome invitation


def test_the_console_does_not_promise_reminders_it_cannot_send(tmp_path):
    import io

    from bot.console import Console

    runtime = make_runtime(tmp_path, TELEGRAM_BOT_TOKEN="")  # console mode
    conftest.seed(runtime, runtime.settings.console_user, state="summary", answers=answers())
    out = io.StringIO()
    console = Console(runtime, out=out, files_dir=tmp_path)
    console.step("/assess")
    console.step("Resume at the summary")  # typing a button's text chooses it
    console.step("Confirm and see my plan")
    assert "only when I run in Telegram" in out.getvalue() and "Reminders are on" not in out.getvalue()
    assert runtime.store.reminders.for_user(runtime.settings.console_user) == []
    console.step("/timeline")
    assert "Your timeline" in out.getvalue()


async def test_settings_time_zone_and_hour_reschedule(h):
    ana = h.chat()
    await complete(ana)
    await ana.send("/settings")
    await ana.press("Time zone")
    await ana.send("Mars/Olympus")
    assert "I don't know the time zone" in ana.text and ana.button("Asia/Karachi")
    await ana.send("Asia/Karachi")
    assert "Time zone saved" in ana.text and "Asia/Karachi" in ana.text
    assert next(r for r in pending(h, ana.chat_id) if r["milestone"] == "match_day")["due_at"] == "2027-03-19T04:00:00+00:00"
    await ana.press("Hour")
    await ana.send("25")
    assert "not an hour" in ana.text
    await ana.send("7")
    assert "07:00" in ana.text
    assert next(r for r in pending(h, ana.chat_id) if r["milestone"] == "match_day")["due_at"] == "2027-03-19T02:00:00+00:00"
    await ana.press("Time zone")
    await ana.press("America/New_York")
    assert next(r for r in pending(h, ana.chat_id) if r["milestone"] == "match_day")["due_at"] == "2027-03-19T11:00:00+00:00"


async def test_changing_the_match_year_reschedules(h):
    ana = h.chat()
    await complete(ana)
    await ana.send("/profile")
    await ana.press("Target Match")
    await ana.press("2028 Match")
    rows = pending(h, ana.chat_id)
    assert rows[0]["milestone"] == "commit" and rows[0]["due_at"].startswith("2026-12-01")
    assert next(r for r in rows if r["milestone"] == "match_day")["due_at"].startswith("2028-03-17")
    assert not any(r["due_at"].startswith("2027") and r["milestone"] == "match_day" for r in rows)
    assert next(r for r in rows if r["milestone"] == "outcome-invite")["due_at"].startswith("2028-03-18")


async def test_timeline_shows_the_next_milestone_and_ticks_stay_ticked(h):
    ana = h.chat()
    await ana.send("/timeline")
    assert "Match year" in ana.text  # nothing to show before the assessment
    await complete(ana)
    await ana.send("/timeline")
    text = ana.text
    assert "2027 Match" in text and "(estimated)" in text
    # on 29 Nov 2026 interview season is under way, not passed; the next day is ECFMG's Pathway deadline
    assert "🔶 <b>Thu 1 Oct 2026 – Sun 31 Jan 2027 (estimated) · Interview season</b> — under way" in ana.last["html"]
    assert "▶️ Tue 15 Dec 2026 (estimated) · ECFMG Pathway application deadline — next" in text
    assert "Wed 3 Jun 2026 (reported) · MyERAS opens" in text and "Reported (confirm" in text
    assert "passed before you started" in text and "get no reminders" in text
    await ana.press("Rank order list deadline")
    assert "About 16 days before Match Day" in ana.text and "⬜" in ana.text
    await ana.press("Rank only programs")
    assert "☑️ Rank only programs" in ana.text
    await ana.send("/timeline")
    await ana.press("Rank order list")
    assert "☑️ Rank only programs" in ana.text  # still ticked after leaving


async def test_typed_settings_survive_media_and_commands(h):
    ana = h.chat()
    await complete(ana)
    await ana.send("/settings")
    await ana.press("Hour")
    await ana.send_raw(extra={"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular",
                                          "width": 1, "height": 1, "is_animated": False, "is_video": False}})
    assert "type it as a message" in ana.text and "8pm" in ana.text
    await ana.send("/plan")
    await ana.send("9")  # the hour question was closed by the command: 9 is not taken as an hour
    assert "Hour saved" not in ana.text


# --------------------------------------------------------------------------- delivery

def seed(h, chat_id, milestone, due, status="active"):
    """A user with a completed assessment and one due reminder."""
    store = h.runtime.store
    conftest.seed(h.runtime, chat_id, state="complete", complete=True, answers=answers(),
                  parts=(TimelineState(Prefs()),))
    store.reminders.replace(store.uid(chat_id), [(milestone, due)])
    if status != "active":
        store.set_user_status(chat_id, status)


async def test_a_due_reminder_is_sent_once_with_a_link_to_its_checklist(h, clock):
    ana = h.chat()
    await complete(ana)
    clock.moment = datetime(2027, 3, 3, 9, 0, 30, tzinfo=UTC)
    report = await h.runtime.reminders.run_once(h.app.bot)
    assert report.sent == 1
    assert "Rank order list deadline" in ana.text and "(estimated)" in ana.text
    assert ana.button("Open the checklist") == "tl:m:rank_list"
    await h.runtime.reminders.run_once(h.app.bot)
    assert (await h.runtime.reminders.run_once(h.app.bot)).sent == 0
    assert sum("Rank order list deadline" in m["text"] for m in ana.messages if "⏰" in m["text"]) == 1


async def test_catch_up_after_downtime_within_and_beyond_the_grace_period(h, clock):
    seed(h, 1, "match_week", NOW - timedelta(days=2))  # bot was down 2 days: still sent
    seed(h, 2, "match_week", NOW - timedelta(days=4))  # 4 days: marked missed
    report = await h.runtime.reminders.run_once(h.app.bot)
    assert report.sent == 1
    assert [r["status"] for r in h.runtime.store.reminders.for_user(1)] == ["sent"]
    assert [r["status"] for r in h.runtime.store.reminders.for_user(2)] == ["missed"]
    assert h.fake.messages_to(2) == []


async def test_a_crash_between_claim_and_send_loses_nothing(h, clock):
    seed(h, 1, "match_day", NOW - timedelta(minutes=5))
    claimed = h.runtime.store.reminders.claim_due(NOW, NOW - timedelta(days=3))
    assert len(claimed) == 1  # ... and the process dies here, before sending
    assert (await h.runtime.reminders.run_once(h.app.bot)).sent == 0  # claimed rows are not re-sent live
    assert h.runtime.reminders.recover() == 1  # start-up
    assert (await h.runtime.reminders.run_once(h.app.bot)).sent == 1
    assert len(h.fake.messages_to(1)) == 1


async def test_a_crash_after_send_before_marking_gives_at_most_one_duplicate(h, clock):
    seed(h, 1, "match_day", NOW - timedelta(minutes=5))
    [r] = h.runtime.store.reminders.claim_due(NOW, NOW - timedelta(days=3))
    await h.app.bot.send_message(1, h.runtime.reminders.render(1, r.milestone).text, parse_mode="HTML")
    # crash before mark_sent; restart:
    h.runtime.reminders.recover()
    await h.runtime.reminders.run_once(h.app.bot)
    await h.runtime.reminders.run_once(h.app.bot)
    assert len(h.fake.messages_to(1)) == 2  # one duplicate, not zero and not more
    assert h.runtime.store.reminders.for_user(1)[0]["status"] == "sent"


async def test_429_for_one_chat_retries_it_after_retry_after_while_other_chats_go_on(h, clock):
    seed(h, 1, "match_day", NOW)
    seed(h, 2, "match_day", NOW)
    h.fake.fail_next(1, 429, "Too Many Requests: retry after 70", retry_after=70)
    report = await h.runtime.reminders.run_once(h.app.bot)
    assert report.sent == 1 and report.retried == 1 and len(h.fake.messages_to(2)) == 1
    assert clock.slept < 5  # nobody waited out chat 1's pause
    [row] = h.runtime.store.reminders.for_user(1)
    assert row["status"] == "pending" and row["next_try"] >= iso(NOW + timedelta(seconds=70))
    clock.advance(seconds=71)
    assert (await h.runtime.reminders.run_once(h.app.bot)).sent == 1 and len(h.fake.messages_to(1)) == 1


async def test_403_marks_the_user_inactive_and_stops_their_reminders(h, clock):
    seed(h, 1, "match_week", NOW)
    h.runtime.store.reminders.replace(h.runtime.store.uid(1), [("match_week", NOW), ("match_day", NOW + timedelta(days=4))])
    h.fake.block(1)
    report = await h.runtime.reminders.run_once(h.app.bot)
    assert report.blocked == 1
    assert h.runtime.store.user_status(1) == "blocked"
    assert {r["status"] for r in h.runtime.store.reminders.for_user(1)} == {"cancelled"}
    clock.advance(days=5)
    assert (await h.runtime.reminders.run_once(h.app.bot)).sent == 0


async def test_5xx_retries_with_backoff_then_fails_and_logs(h, clock, caplog):
    seed(h, 1, "match_week", NOW)
    seed(h, 2, "match_week", NOW)
    h.fake.fail_next(1, 502, "Bad Gateway")
    h.fake.fail_next(2, 500, "Internal Server Error", times=100)
    dispatcher = h.runtime.reminders
    first = await dispatcher.run_once(h.app.bot)
    assert first.retried == 2 and first.sent == 0
    with caplog.at_level(logging.WARNING, logger="bot.reminders"):
        for _ in range(dispatcher.max_attempts):
            clock.advance(seconds=dispatcher.backoff * 2 ** dispatcher.max_attempts)
            await dispatcher.run_once(h.app.bot)
    statuses = {r["chat_id"]: r["status"] for c in (1, 2) for r in h.runtime.store.reminders.for_user(c)}
    assert statuses == {1: "sent", 2: "failed"}
    assert any("failed after 5 attempts" in rec.getMessage() for rec in caplog.records)
    assert len(h.fake.messages_to(1)) == 1


@pytest.mark.crash  # a load test: part of the slow suite
async def test_a_burst_of_10000_due_reminders_is_sent_without_loss_within_the_limits(tmp_path, clock):
    runtime = make_runtime(tmp_path, clock=clock)
    harness = Harness(runtime, rate_limit=True)  # the bot's own limiter, on the fake clock
    store = runtime.store
    data = Session(state="complete", complete=True, answers=answers()).with_parts(TimelineState(Prefs())).to_json()
    users = 10_000
    due = [(i, "match_day", NOW - timedelta(minutes=i % 50)) for i in range(1, users + 1)]
    due += [(i, "match_week", NOW - timedelta(minutes=1)) for i in range(1, 101)]  # two to one chat: 1 s apart
    store.bulk_save(((i, data) for i in range(1, users + 1)), due)
    sent_at: list[tuple[datetime, int]] = []

    class Recorder:
        """The bot, noting when each message went out (the sender calls Bot.do_api_request, and marks its
        sends as bulk for the bot's limiter because the bot has one)."""
        rate_limiter = harness.app.bot.rate_limiter

        async def do_api_request(self, method, *args, **kwargs):
            sent = await harness.app.bot.do_api_request(method, *args, **kwargs)  # after the limiter's wait
            if method == "sendMessage":
                sent_at.append((clock.now(), kwargs["api_kwargs"]["chat_id"]))
            return sent

    h429 = 4242
    harness.fake.fail_next(h429, 429, retry_after=3)  # one throttled chat in the middle
    async with harness.app:
        report = await runtime.reminders.run_once(Recorder())
    assert report.sent == users + 100 and not harness.fake.errors
    assert len({(m["chat_id"], m["text"]) for m in harness.fake.sent}) == users + 100  # each exactly once
    assert store.reminders.counts() == {"sent": users + 100}
    # overall rate: no one-second window holds more than the configured 25 sends
    times = [t for t, _ in sent_at]
    j = 0
    for i, t in enumerate(times):
        while times[j] <= t - timedelta(seconds=1):
            j += 1
        assert i - j + 1 <= 25
    # per chat: at least one second between two messages to the same chat
    last: dict[int, datetime] = {}
    for t, chat in sent_at:
        assert chat not in last or t - last[chat] >= timedelta(seconds=1)
        last[chat] = t
    assert (clock.now() - NOW).total_seconds() >= (users + 100) / 25 - 1


async def test_reminders_survive_a_restart_and_the_job_is_scheduled(tmp_path, clock):
    key = Fernet.generate_key().decode()
    first = Harness(make_runtime(tmp_path, key=key, clock=clock))
    async with first.app:
        await first.app.post_init(first.app)
        assert first.app.job_queue.get_jobs_by_name("reminders")
        await complete(first.chat())
    # a new process on the same database (the job queue held nothing that mattered)
    second = Harness(make_runtime(tmp_path, key=key, clock=clock))
    clock.moment = datetime(2027, 3, 19, 9, 5, tzinfo=UTC)
    async with second.app:
        await second.app.post_init(second.app)
        report = await second.runtime.reminders.run_once(second.app.bot)
    assert report.sent == 1  # Match Day; the five earlier ones are past the grace period
    assert "Match Day" in second.fake.messages_to(1001)[0]["text"]
    assert [r["status"] for r in second.runtime.store.reminders.for_user(1001)] == ["missed", "missed", "missed",
                                                                                  "missed", "missed", "sent",
                                                                                  "pending"]
    # the last is the outcome invitation, due the day after


async def test_delete_erases_reminders_and_mydata_lists_them(h):
    ana = h.chat()
    await complete(ana)
    await ana.send("/mydata")
    doc = next(m for m in ana.messages if m.get("document"))
    assert b'"reminders"' in doc["document"][1] and b"match_day" in doc["document"][1]
    await ana.send("/delete")
    await ana.press("Yes, delete")
    assert h.runtime.store.reminders.for_user(ana.chat_id) == []


def member_update(h, chat_id: int, old: str, new: str) -> dict:
    user = {"id": chat_id, "is_bot": False, "first_name": "Ana"}
    bot = {"id": 123456, "is_bot": True, "first_name": "AdvisorBot"}
    return {"update_id": h.fake.next_update_id(), "my_chat_member": {
        "chat": {"id": chat_id, "type": "private", "first_name": "Ana"}, "from": user, "date": 1,
        "old_chat_member": {"status": old, "user": bot, **({"until_date": 0} if old == "kicked" else {})},
        "new_chat_member": {"status": new, "user": bot, **({"until_date": 0} if new == "kicked" else {})}}}


async def test_blocking_cancels_reminders_and_unblocking_brings_them_back(h):
    ana = h.chat()
    await complete(ana)
    await ana._feed(member_update(h, ana.chat_id, "member", "kicked"))
    assert h.runtime.store.user_status(ana.chat_id) == "blocked" and pending(h, ana.chat_id) == []
    await ana._feed(member_update(h, ana.chat_id, "kicked", "member"))
    assert h.runtime.store.user_status(ana.chat_id) == "active"
    assert [r["milestone"] for r in pending(h, ana.chat_id)] == ["ecfmg_pathway", "nrmp_registration_deadline",
                                                                   "rank_list_opens", "rank_list", "match_week",
                                                                   "match_day", "outcome-invite"]


@pytest.mark.parametrize("old,new,where", [
    ("rule: match_day\n", "rule: third_friday\n", r"milestones\[14\]\.rule.*'third_friday' is not one of"),
    ("      match_day: 2026-03-20", "      match_day: soon", r"cycles\.2026\.dates\.match_day.*must be a date"),
    ("when: {visa: h1b_only}", "when: {viza: h1b_only}", r"milestones\[2\]\.items\[3\]\.when\.viza"),
    ("  - id: match_week", "  - id: match_day", r"milestones\[14\]\.id.*duplicate id 'match_day'"),
])
def test_a_broken_timeline_file_names_the_file_and_field(tmp_path, old, new, where):
    import shutil

    from knowledge.loader import DATA_DIR, KnowledgeError

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "timeline.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(KnowledgeError, match="timeline.yaml.*" + where):
        load_knowledge(data)


async def test_official_dates_added_later_move_the_reminders_and_keep_what_is_due(h, clock):
    from dataclasses import replace

    from knowledge.timeline import Cycle

    ana = h.chat()
    await complete(ana)
    seed(h, 77, "match_week", NOW - timedelta(hours=1))  # due during downtime: must still be caught up
    reminders = h.runtime.reminders
    assert await reminders.refresh() == 2  # first start
    assert await reminders.refresh() == 0  # unchanged
    # an operator adds the 2027 Match's official dates (hypothetical: Match Day a day earlier)
    cycles = {**reminders.calendar.cycles, 2027: Cycle("official", "NRMP (test)", "https://example.org",
                                                         {"match_day": date(2027, 3, 18)})}
    reminders.calendar = replace(reminders.calendar, cycles=cycles)
    assert await reminders.refresh() == 2
    rows = {r["milestone"]: r for r in pending(h, ana.chat_id)}
    assert rows["match_day"]["due_at"] == "2027-03-18T09:00:00+00:00"
    assert any(r["milestone"] == "match_week" and r["due_at"] < iso(NOW) for r in pending(h, 77))
    text = reminders.render(ana.chat_id, "match_day").text
    assert "Thu 18 Mar 2027" in text and "(estimated)" not in text.split("\n")[0]


async def test_a_session_changed_outside_a_turn_is_not_scheduled_from_what_the_last_turn_knew(h, clock):
    """A turn starts from the reminder-schedule key its user's last turn worked out, but only while the
    stored session is the one that turn saved: an advisor's tool moved Ana to the 2028 Match (her
    reminders with it), and when she moves herself back to 2027 in the chat, her reminders follow."""
    ana = h.chat()
    await complete(ana)
    await ana.send("/profile")
    await ana.press("Target Match")
    store, reminders = h.runtime.store, h.runtime.reminders
    session = Session.from_json(store.load(ana.chat_id).data)
    session.answers["match_year"] = 2028
    store.save(ana.chat_id, session.to_json(), reschedule=Reschedule(reminders.due(session, clock.now())))
    assert next(r for r in pending(h, ana.chat_id) if r["milestone"] == "match_day")["due_at"].startswith("2028-03")
    await ana.press("2027 Match")
    assert next(r for r in pending(h, ana.chat_id) if r["milestone"] == "match_day")["due_at"].startswith("2027-03")
