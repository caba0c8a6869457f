"""Files to take away (issue 17): the timeline as .ics, the plan as a one-page PDF, the profile picture.
Each is checked by reading it back: the calendar with icalendar, the PDF with pypdf, the picture with Pillow."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date, timedelta

import pytest
from icalendar import Calendar
from PIL import Image
from pypdf import PdfReader

from bot import exports
from dialogs.plan_view import plan_for
from dialogs.program_list import ProgramList
from knowledge.answers import validate_answers
from knowledge.base import load_knowledge
from knowledge.programs import Program
from tests.conftest import seed, stored
from tests.examples import answers

KB = load_knowledge()
TODAY = date(2026, 11, 30)
WEAK = answers(step2_ck_score=225, usmle_failures=1, us_clinical_experience="none", radiology_experience="none",
               research="none", visa="h1b_only", english="weak", citizenship="NG")


def events(ics: bytes) -> list:
    return [c for c in Calendar.from_ical(ics).walk() if c.name == "VEVENT"]


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


# --------------------------------------------------------------------------- the calendar file

def test_every_milestone_is_an_event_with_its_dates_and_estimates_say_so():
    milestones = KB.calendar.for_user(answers())
    found = {str(e["uid"]): e for e in events(exports.timeline_ics(KB, answers(), [], TODAY))}
    assert len(found) == len(milestones)
    for m in milestones:
        e = found[f"2027-{m.id}@img-radiology-advisor"]
        assert e.decoded("dtstart") == m.on and e.decoded("dtend") == m.last_day() + timedelta(days=1)
        assert str(e["summary"]).endswith("(estimated)") == m.estimated
    season = next(e for e in found.values() if "Interview season" in str(e["summary"]))
    assert (season.decoded("dtend") - season.decoded("dtstart")).days > 100  # a period, start to end


def test_uids_stay_the_same_from_one_export_to_the_next_and_interviews_are_added():
    first = {str(e["uid"]) for e in events(exports.timeline_ics(KB, answers(), [], TODAY))}
    interview = Program("Mercy <b>& Radiology", "diagnostic_radiology", "advanced", status="interview_scheduled",
                        interview_date=date(2027, 1, 12), key="p7")
    later = events(exports.timeline_ics(KB, answers(), [interview], TODAY + timedelta(days=40)))
    assert first < {str(e["uid"]) for e in later}
    added = next(e for e in later if str(e["uid"]) not in first)
    assert str(added["summary"]) == "Interview: Mercy <b>& Radiology" and added.decoded("dtstart") == date(2027, 1, 12)
    assert added.walk("VALARM")  # a reminder the day before, in the user's own calendar


async def test_interview_uids_survive_a_reimport_are_never_shared_and_names_are_cleaned(harness):
    """Ana imports the same list again (the bot numbers its programs anew) and downloads her calendar a
    second time: the same events, not duplicates. Bob's calendar shares no event id with hers. A name
    with a bell character and a carriage return from a spreadsheet goes in as iCalendar allows."""
    from knowledge.programs import parse_csv

    rows = ("program,specialty,track,status,interview_date\n"
            'Mercy Radiology,diagnostic_radiology,advanced,interview_scheduled,2027-01-12\n'
            '"City\x07 Hospital\r\nIM",internal_medicine,categorical,interview_scheduled,2027-01-14\n').encode()

    async def calendar(chat, again: bool = False) -> list:
        await chat.send_file(rows, "list.csv", "text/csv")
        if again:
            await chat.press("Replace my list")
        await chat.send("/timeline")
        await chat.press("Add to my calendar")
        return events(chat.last["document"][1])

    ana, bob = harness.chat(1001), harness.chat(1002)
    for chat in (ana, bob):
        seed(harness.runtime, chat.chat_id, complete=True, state="complete", answers=answers())
    first = await calendar(ana)
    second = await calendar(ana, again=True)
    assert {p.key for p in parse_csv(rows)} != {p.key for p in stored(harness.runtime, ana.chat_id).part(ProgramList).programs}
    assert {str(e["uid"]) for e in first} == {str(e["uid"]) for e in second}
    assert not {str(e["uid"]) for e in first} & {str(e["uid"]) for e in await calendar(bob)}
    raw = ana.last["document"][1]
    assert b"\x07" not in raw and b"\r\r" not in raw and all(line.endswith(b"\r") or not line
                                                          for line in raw.split(b"\n"))
    summaries = {str(e["summary"]) for e in second}
    assert "Interview: City Hospital\nIM" in summaries and "Interview: Mercy Radiology" in summaries


async def test_the_timeline_button_sends_a_calendar_file(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=answers())
    await ana.send("/timeline")
    await ana.press("Add to my calendar")
    name, content = ana.last["document"]
    assert name == "match-2027-timeline.ics" and ana.last["method"] == "senddocument"
    assert len(events(content)) == len(KB.calendar.for_user(answers()))


@pytest.mark.process
def test_cli_timeline_ics(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers()))
    run = [sys.executable, "-m", "bot", "timeline", str(path), "--ics", "--today", "2026-11-30"]
    one, two = (subprocess.run(run, capture_output=True, timeout=60) for _ in range(2))
    assert one.returncode == 0 and one.stdout == two.stdout  # the same answers and day give the same file
    assert len(events(one.stdout)) == len(KB.calendar.for_user(answers()))
    path.write_text("{}")
    bad = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "invalid answers file" in bad.stderr and bad.stdout == ""


# --------------------------------------------------------------------------- the PDF

@pytest.mark.parametrize("data", [answers(), WEAK], ids=["strong", "weak"])
def test_the_plan_fits_two_pages_with_every_section(data):
    plan = plan_for(validate_answers(data), KB, TODAY)
    pages, text = pdf_text(exports.plan_pdf(KB, plan))
    assert pages <= 2
    for heading in ("Why this tier", "The seven factors", "Backups, ranked", "Programs and costs",
                    "What to do now", "Dated facts behind the figures", "guidance, not official advice",
                    "Made Mon 30 Nov 2026"):
        assert heading in text, heading
    assert ("Signals (" in text) == bool(plan.signals)
    assert ("Visa outlook" in text) == (plan.visa_outlook.status != "open")


async def test_the_pdf_button_sends_the_plan_and_user_text_survives(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=answers(), parts=(ProgramList(
        [Program("Mercy <b>& “Radiology” — ≥ 6 signals", "diagnostic_radiology", "advanced",
                 status="interview_scheduled", interview_date=date(2027, 1, 12), key="p1")], seq=1),))
    await ana.send("/plan")
    await ana.press("PDF")
    name, content = ana.last["document"]
    assert name == "radiology-plan-2026-11-29.pdf" and content.startswith(b"%PDF")
    pages, text = pdf_text(content)
    assert pages <= 2 and "Mercy <b>& “Radiology” — ≥ 6 signals" in text


@pytest.mark.process
def test_cli_plan_pdf_writes_the_file_or_nothing(tmp_path):
    good = tmp_path / "answers.json"
    good.write_text(json.dumps(answers()))
    out = tmp_path / "plan.pdf"
    done = subprocess.run([sys.executable, "-m", "bot", "plan", str(good), "--pdf", str(out), "--today", "2026-11-30"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and pdf_text(out.read_bytes())[0] <= 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"step2_ck_score": 999}')
    never = tmp_path / "never.pdf"
    done = subprocess.run([sys.executable, "-m", "bot", "plan", str(bad), "--pdf", str(never)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "invalid answers file" in done.stderr
    assert not never.exists() and not list(tmp_path.glob("*.part"))


# --------------------------------------------------------------------------- the picture

@pytest.mark.parametrize("data", [answers(), WEAK], ids=["strong", "weak"])
def test_the_picture_is_small_and_readable(data):
    plan = plan_for(validate_answers(data), KB, TODAY)
    png = exports.profile_png(KB, plan)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and len(png) < 100_000 and image.size == (1120, 796)
    assert image.mode == "P" and len(image.getcolors()) <= 64


async def test_plan_sends_the_picture_first_as_a_photo(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=WEAK)
    new = await ana.send("/plan")
    assert new[0]["method"] == "sendphoto" and Image.open(io.BytesIO(new[0]["photo"])).size == (1120, 796)
    assert "High risk" in new[0]["text"] and "Your plan" in new[1]["text"]
    new = await ana.press("Why this tier")  # a section: no picture again; the plan's message changes in place
    assert [m["method"] for m in new] == ["editmessagetext"] and new[0]["message_id"] == ana.screen[-1]["message_id"]


async def test_mydata_says_the_files_are_not_kept(harness):
    ana = harness.chat()
    seed(harness.runtime, ana.chat_id, complete=True, state="complete", answers=answers())
    await ana.send("/mydata")
    everything = json.loads(next(m["document"][1] for m in ana.messages if m.get("document")
                                 and m["document"][0] == "mydata.json"))
    assert "none of them is kept" in everything["files"]


@pytest.mark.process
def test_file_libraries_load_only_when_a_file_is_made(tmp_path):
    code = ("import sys\nfrom bot.config import load_settings\nfrom bot.runtime import build_runtime\n"
            "from bot.telegram_app import build_application\n"
            f"s = load_settings({{'BOT_DB_PATH': r'{tmp_path / 'x.db'}', 'BOT_DATA_KEY': "
            "'RqGHkvE1bYqVnvq4uJbHv3sVuYyVQ2C3pDPrIU5G1yQ='})\n"
            "build_application(build_runtime(s))\n"
            "print(sorted(m for m in ('fpdf', 'PIL', 'icalendar', 'pypdf') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


async def test_confirming_the_assessment_shows_the_picture_just_before_the_plan(harness):
    from tests.test_assessment import walk

    ana = harness.chat()
    await walk(ana)
    new = await ana.press("Confirm")
    methods = [m["method"] for m in new]
    assert "Saved" in new[0]["text"] and methods.count("sendphoto") == 1
    i = methods.index("sendphoto")
    assert "Your plan" in new[i + 1]["text"] and i == len(new) - 2


def test_each_card_shows_its_own_tier_and_levels_row_for_row():
    """Cards are stacked from strips drawn once: two users whose tiers and levels differ get cards that
    differ exactly where those are shown, and the same card as a whole drawn in full colour."""
    from PIL import ImageChops, ImageStat

    strong, weak = (plan_for(validate_answers(a), KB, TODAY) for a in (answers(), WEAK))
    cards = [Image.open(io.BytesIO(exports.profile_png(KB, p))).convert("RGB") for p in (strong, weak)]
    for plan, card in zip((strong, weak), cards):
        whole = exports._draw_strip(KB, ("head", plan.route_tier))  # the strips, drawn in full colour
        assert ImageStat.Stat(ImageChops.difference(card.crop((0, 0, *whole.size)), whole)).mean[0] < 6
    for i, key in enumerate(exports.FACTORS):
        top = exports.TOP + i * exports.ROW
        row = [c.crop((0, top, exports.WIDTH, top + exports.ROW)) for c in cards]
        same = ImageChops.difference(*row).getbbox() is None
        assert same == (strong.ratings[key].shown_level == weak.ratings[key].shown_level), key
    assert strong.route_tier != weak.route_tier
    assert ImageChops.difference(*(c.crop((0, 0, exports.WIDTH, exports.HEAD)) for c in cards)).getbbox()


def test_the_stacked_picture_is_a_well_formed_png_every_reader_accepts():
    """The card's compressed strips are joined into one stream: each chunk's CRC and the stream's own
    checksum hold (zlib checks it on decompressing), and the rows are the card's height of scanlines."""
    import struct
    import zlib

    png = exports.profile_png(KB, plan_for(validate_answers(WEAK), KB, TODAY))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    at, chunks = 8, {}
    while at < len(png):
        length, = struct.unpack(">I", png[at:at + 4])
        kind, data = png[at + 4:at + 8], png[at + 8:at + 8 + length]
        assert struct.unpack(">I", png[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + data), kind
        chunks[kind] = data
        at += 12 + length
    assert list(chunks) == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    assert len(zlib.decompress(chunks[b"IDAT"])) == 796 * (1120 + 1)
