"""Nothing destructive on one tap of an old button: every confirmation is bound to a one-time value kept
in the session, and a stale one is answered "that button has expired" with the current screen."""

from __future__ import annotations

from dialogs import callbacks as cb
from dialogs.program_list import ProgramList
from tests.conftest import stored
from tests.test_programs import DUAL, programs_csv
from tests.test_timeline import complete


def programs(harness, chat) -> list[str]:
    session = stored(harness.runtime, chat.chat_id)
    return [p.program for p in session.part(ProgramList).programs] if session else []


async def test_an_old_yes_delete_tapped_after_saying_no_erases_nothing(harness):
    """Ana opens /delete, says No, and later taps the old "Yes, delete everything" still on her screen:
    nothing is erased; she is told the button expired and sees where she is."""
    ana = harness.chat()
    await complete(ana)
    await ana.send("/delete")
    yes = ana.button("Yes, delete everything")
    await ana.press("No, keep it")
    await ana.tap(yes)
    assert "That button has expired" in ana.text and "What would you like to do?" in ana.text
    assert stored(harness.runtime, ana.chat_id).complete  # every answer still there
    await ana.send("/delete")  # asked again: that question's Yes acts, once
    again = ana.button("Yes, delete everything")
    await ana.tap(again)
    assert "All your data has been deleted" in ana.text and stored(harness.runtime, ana.chat_id) is None
    await ana.tap(again)  # a double tap, or Telegram redelivering it, finds nothing to act on
    assert "That button has expired" in ana.text


async def test_an_old_remove_button_does_not_remove_a_newer_program_with_the_same_key(harness):
    """Ana asks to remove her first program, then deletes everything and imports a new list, whose first
    program gets the same key (p1). The old "Yes, remove it" expired with her old data: it removes nothing."""
    ana = harness.chat()
    await ana.send_file(DUAL, "list.csv", "text/csv")
    first = stored(harness.runtime, ana.chat_id).part(ProgramList).programs[0]
    await ana.tap(cb.PgRemove(first.key).encode())
    remove = ana.button("Yes, remove it")
    await ana.send("/delete")
    await ana.press("Yes, delete everything")
    await ana.send_file(programs_csv("Brand New Neurology,neurology,,,,,,,,"), "new.csv", "text/csv")
    assert stored(harness.runtime, ana.chat_id).part(ProgramList).programs[0].key == first.key
    await ana.tap(remove)
    assert "That button has expired" in ana.text and programs(harness, ana) == ["Brand New Neurology"]


async def test_the_replace_or_add_choice_under_one_file_does_not_apply_to_a_later_file(harness):
    """Ana sends a file, is asked "replace or add?", then sends another file instead of answering. The
    "Replace my list" under the first question does nothing: it expired, and she is asked about the
    file she sent last, with buttons that work."""
    ana = harness.chat()
    await ana.send_file(DUAL, "list.csv", "text/csv")
    await ana.send_file(programs_csv("First File IM,internal_medicine,,,,,,,,"), "a.csv", "text/csv")
    replace_first = ana.button("Replace my list")
    await ana.send_file(programs_csv("Second File Pathology,pathology,,,,,,,,",
                                     "Second File Neurology,neurology,,,,,,,,"), "b.csv", "text/csv")
    await ana.tap(replace_first)
    assert "That button has expired" in ana.text and "the file 2" in ana.text
    assert len(programs(harness, ana)) == 4  # the list as it was
    await ana.press("Replace my list")
    assert programs(harness, ana) == ["Second File Pathology", "Second File Neurology"]


async def test_starting_over_a_finished_assessment_always_asks_and_an_old_yes_expires(harness):
    """A finished assessment is never wiped by one tap: the old "Start the self-assessment" button asks
    first; the "Yes" of an earlier question, tapped after a later one was asked, does nothing."""
    ana = harness.chat()
    await complete(ana)
    await ana.tap(cb.StartOver().encode())  # an old "Start the self-assessment" button
    assert "Start the self-assessment over?" in ana.text
    first_yes = ana.button("Yes, erase and start over")
    await ana.tap(cb.StartOver().encode())  # asked again
    await ana.tap(first_yes)
    assert "That button has expired" in ana.text and stored(harness.runtime, ana.chat_id).complete


async def test_buttons_from_before_confirmations_were_bound_only_expire(harness):
    """Confirmations sent by the previous release carry no one-time value: they do nothing when tapped."""
    ana = harness.chat()
    await ana.send_file(DUAL, "list.csv", "text/csv")
    key = stored(harness.runtime, ana.chat_id).part(ProgramList).programs[0].key
    for data in ("del:yes", f"pg:rmy:{key}"):
        await ana.tap(data)
        assert "expired" in ana.text or "no longer active" in ana.text, data
    assert len(programs(harness, ana)) == 4
