"""Sharing a Match outcome in the chat, end to end through the fake Bot API (CONTRACTS §10).

An applicant for the 2027 Match completes the self-assessment in November 2026. The day after Match
Day (estimated 19 March 2027) one invitation arrives; they share, put it off, or say never. What they
share is counted from the day the counting closes (2 June 2027) and /delete takes it out of every
later count. Users of the next Match see "People like you" only when enough people like them shared.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.outcome_counts import release_for
from dialogs.outcome_flow import AGAIN, INVITE, OcInvite, OutcomePart
from dialogs.program_list import plist
from dialogs.session import Session
from dialogs.timeline_flow import Prefs, TimelineState
from knowledge.outcomes import OutcomeRecord
from knowledge.programs import Program
from storage import Reschedule
from tests import conftest
from tests.conftest import FakeClock, Harness, make_runtime
from tests.examples import answers
from tests.test_timeline import complete

UTC = timezone.utc
NOV = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
INVITED_AT = datetime(2027, 3, 20, 9, 0, 30, tzinfo=UTC)  # the day after Match Day, at the default 09:00 UTC
COUNTED = date(2027, 6, 2)  # MyERAS opens for the 2028 Match: the 2027 Match's counting closes


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOV)



async def share(chat, clock, result: str, count: str = "Yes, count it") -> None:
    """A user who completed the assessment opens /outcome after Match Day, answers the result, skips the
    counts and answers the last question with ``count``."""
    await complete(chat)
    clock.moment = INVITED_AT
    await chat.send("/outcome")
    await chat.press("Share")
    await chat.press(result)
    await chat.press("Skip")
    await chat.press(count)


def invitations(chat) -> list[str]:
    return [m["text"] for m in chat.messages if "would you share" in m["text"]]


async def test_one_invitation_the_day_after_match_day_and_none_again_across_a_restart(h, clock, tmp_path):
    ana = h.chat()
    await complete(ana)
    assert (await h.runtime.reminders.run_once(h.app.bot)).sent == 0
    clock.moment = INVITED_AT - timedelta(days=1)  # Match Day itself: not yet
    await h.runtime.reminders.run_once(h.app.bot)
    assert invitations(ana) == []
    clock.moment = INVITED_AT
    await h.runtime.reminders.run_once(h.app.bot)
    (text,) = invitations(ana)
    assert "2027 Match" in text and "Why:" in text and "What is kept:" in text and "Who sees what:" in text
    assert [label for label, _ in ana.last["buttons"]] == ["✅ Share", "⏰ Not now", "🚫 Never"]
    assert (await h.runtime.reminders.run_once(h.app.bot)).sent == 0
    # a restart on the same database: the queue is recovered, nothing is sent twice
    again = Harness(make_runtime(tmp_path, key=h.runtime.settings.data_key, clock=clock), rate_limit=True)
    again.fake = h.fake
    async with again.app:
        again.runtime.reminders.recover()
        assert (await again.runtime.reminders.run_once(again.app.bot)).sent == 0
    # a later hour the same day moves the schedule, but the invitation that went out is not sent again
    await ana.send("/settings")
    await ana.press("Hour")
    await ana.press("20:00")
    clock.moment = INVITED_AT.replace(hour=20)
    await h.runtime.reminders.run_once(h.app.bot)
    assert len(invitations(ana)) == 1


async def test_sharing_asks_the_result_prefills_the_program_list_and_counts_only_with_a_yes(h, clock):
    ana = h.chat()
    await complete(ana)
    session = conftest.stored(h.runtime, ana.chat_id)
    assert session is not None
    plist(session).programs = [Program(key=f"p{i}", program=f"Radiology {i}", specialty="diagnostic_radiology",
                                status="interviewed" if i < 4 else "applied") for i in range(30)]
    h.runtime.store.save(ana.chat_id, session.to_json())
    clock.moment = INVITED_AT
    await h.runtime.reminders.run_once(h.app.bot)
    await ana.press("Share")
    assert "How did the 2027 Match go" in ana.text
    await ana.press("Matched in diagnostic radiology")
    assert "Filled in from your program list" in ana.text
    assert "applied 26-50, interviews 3-5" in ana.text
    await ana.press("Internal medicine")
    await ana.press("11-25")
    await ana.press("1-2")
    await ana.press("Continue")
    assert "May I count it?" in ana.text
    assert h.runtime.store.outcomes.get(ana.chat_id) is None  # nothing kept before the yes
    await ana.press("Yes, count it")
    assert "counted from 02 Jun 2027" in ana.text
    stored = h.runtime.store.outcomes.get(ana.chat_id)
    assert stored is not None
    record = OutcomeRecord.from_json(stored)
    assert record.result == "matched_dr" and record.counted and record.match_year == 2027
    assert record.applications == {"diagnostic_radiology": "26-50", "internal_medicine": "11-25"}
    assert record.interviews == {"diagnostic_radiology": "3-5", "internal_medicine": "1-2"}
    assert set(record.profile) == {"tier", "visa_route", "step2_ck_band", "years_since_graduation_band",
                                   "us_clinical_experience"}
    # /mydata holds it; /outcome shows it
    await ana.send("/mydata")
    assert any(m.get("document") and m["document"][0] == "mydata.json" for m in ana.messages)
    await ana.send("/outcome")
    assert "What you shared about the 2027 Match" in ana.text and "Counted from 02 Jun 2027" in ana.text
    # an old invitation's "Not now" changes nothing once it is shared
    await ana.tap(OcInvite("later").encode())
    assert "shared your outcome already" in ana.text
    assert h.runtime.store.outcomes.get(ana.chat_id) is not None


async def test_saying_no_to_being_counted_keeps_nothing(h, clock):
    ana = h.chat()
    await share(ana, clock, "Did not match", count="No, keep nothing")
    assert h.runtime.store.outcomes.get(ana.chat_id) is None
    assert "Nothing was kept" in ana.text


async def test_not_now_asks_once_more_a_week_later_and_never_stops_asking(h, clock):
    ana, ben = h.chat(1001), h.chat(1002, "Ben")
    await complete(ana)
    await complete(ben)
    clock.moment = INVITED_AT
    await h.runtime.reminders.run_once(h.app.bot)
    await ana.press("Not now")
    assert "ask once more on 27 Mar" in ana.text
    await ben.press("Never")
    assert "won't ask again" in ben.text
    clock.moment = INVITED_AT + timedelta(days=7)
    await h.runtime.reminders.run_once(h.app.bot)
    assert "Once more" in ana.text
    assert len(invitations(ben)) == 1
    await ana.press("Not now")
    assert "won't ask again" in ana.text
    clock.moment = INVITED_AT + timedelta(days=30)
    assert (await h.runtime.reminders.run_once(h.app.bot)).sent == 0
    for chat in (ana, ben):
        rows = h.runtime.store.reminders.for_user(chat.chat_id)
        assert not [r for r in rows if r["milestone"] in (INVITE, AGAIN) and r["status"] == "pending"]
    await ben.send("/outcome")  # never is remembered, but /outcome still opens it
    assert "would you share" in ben.text


async def test_reminders_off_means_no_invitation_but_outcome_still_works(h, clock):
    ana = h.chat()
    await complete(ana)
    await ana.send("/settings")
    await ana.press("Turn off")
    clock.moment = INVITED_AT
    assert (await h.runtime.reminders.run_once(h.app.bot)).sent == 0
    await ana.send("/outcome")
    assert "would you share" in ana.text


async def test_before_match_day_outcome_says_when(h, clock):
    ana = h.chat()
    await complete(ana)
    await ana.send("/outcome")
    assert "Match Day of the 2027 Match is 19 Mar 2027" in ana.text


def shared_by_others(runtime, n: int, tier: str = "moderate", visa: str = "j1_ok", year: int = 2027) -> None:
    """Synthetic outcomes of other users (tests only)."""
    profile = {"tier": tier, "visa_route": visa, "step2_ck_band": "240-249", "years_since_graduation_band": "0-3",
               "us_clinical_experience": "observership"}
    results = ("matched_dr", "matched_backup")
    runtime.store.outcomes.bulk_insert(
        ((5000 + i, OutcomeRecord(year, results[i % 2], profile, date(year, 4, 1), True).to_json())
         for i in range(n)), "2027-04-01T00:00:00+00:00")


async def test_delete_takes_a_shared_outcome_out_of_every_later_count(h, clock):
    ana = h.chat()
    shared_by_others(h.runtime, 10)
    await share(ana, clock, "Withdrew from the Match")
    kb = h.runtime.kb
    assert release_for(h.runtime.store, kb, COUNTED).consenting == 11
    await ana.send("/delete")
    await ana.press("Yes, delete")
    assert h.runtime.store.outcomes.get(ana.chat_id) is None
    assert release_for(h.runtime.store, kb, COUNTED).consenting == 10


async def test_taking_it_out_asks_first_and_an_old_yes_does_nothing(h, clock):
    ana = h.chat()
    await share(ana, clock, "Matched through SOAP")
    await ana.send("/outcome")
    await ana.press("Take it out")
    old_yes = ana.button("Yes, take it out")
    await ana.press("No, keep it")
    assert h.runtime.store.outcomes.get(ana.chat_id) is not None
    await ana.tap(old_yes)  # the question was answered: its yes has expired
    assert "expired" in "".join(m["text"] for m in ana.messages[-2:])
    assert h.runtime.store.outcomes.get(ana.chat_id) is not None
    await ana.send("/outcome")
    await ana.press("Take it out")
    await ana.press("Yes, take it out")
    assert h.runtime.store.outcomes.get(ana.chat_id) is None
    session = conftest.stored(h.runtime, ana.chat_id)
    assert session is not None and session.part(OutcomePart).record is None


def shared_by_everyone_else(runtime, n: int, but: tuple[str, str] = ("moderate", "j1_ok"), year: int = 2027) -> None:
    """``n`` synthetic outcomes in every other (tier, visa route) cell the tiers allow, their bands and
    results varied (tests only): a population in which one cell's total can be shown beside the others'
    (with every other cell empty, showing it would say that nobody else shared)."""
    rules = runtime.kb.outcomes
    rows = []
    for tier in rules.tiers():
        allowed = rules.allowed[tier]
        for visa in allowed["visa_route"]:
            if (tier, visa) == but:
                continue
            for i in range(n):
                profile = {"tier": tier, "visa_route": visa, **{f: allowed[f][i % len(allowed[f])] for f in
                           ("step2_ck_band", "years_since_graduation_band", "us_clinical_experience")}}
                result = rules.result_ids()[i % len(rules.results)]
                rows.append((7000 + len(rows), OutcomeRecord(year, result, profile, date(year, 4, 1), True).to_json()))
    runtime.store.outcomes.bulk_insert(rows, "2027-04-01T00:00:00+00:00")


async def test_people_like_you_only_when_their_cell_has_at_least_k(h, clock):
    """A 2028 applicant of the moderate tier on the J-1 route sees how such people fared in 2027, once at
    least 10 of them shared and the 2027 counting has closed; with 9, the plan says nothing of it."""
    ana = h.chat()
    data = answers(match_year=2028, graduation_year=2025, step2_ck_score=240, visa="j1_ok")
    conftest.seed(h.runtime, ana.chat_id, state="complete", complete=True, answers=data,
                  parts=(TimelineState(Prefs()),))
    shared_by_everyone_else(h.runtime, 10)
    shared_by_others(h.runtime, 9)
    clock.moment = datetime(2027, 6, 3, 12, tzinfo=UTC)
    await ana.send("/plan")
    assert not any("People like you" in m["text"] for m in ana.messages)
    shared_by_others_more = 1
    h.runtime.store.outcomes.bulk_insert(
        [(6000, OutcomeRecord(2027, "unmatched", {"tier": "moderate", "visa_route": "j1_ok",
                                                   "step2_ck_band": "240-249", "years_since_graduation_band": "0-3",
                                                   "us_clinical_experience": "observership"},
                              date(2027, 4, 2), True).to_json())][:shared_by_others_more], "2027-04-02T00:00:00+00:00")
    await ana.send("/plan")
    (text,) = [m["text"] for m in ana.messages if "People like you" in m["text"]]
    assert "10 shared their outcome" in text and "the 2027 Match" in text
    assert "fewer than 10 each" in text  # each result is below 10: none is shown
    assert "Matched in" not in text


def test_a_session_written_before_outcomes_reads_as_not_asked() -> None:
    s = Session.from_json({"v": 3, "state": "complete", "answers": {}})
    assert s.part(OutcomePart).answer == "" and s.part(OutcomePart).to_json() is None
    assert Reschedule(()).due == ()
