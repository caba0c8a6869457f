"""The applicant's own program list (/programs, CONTRACTS §7): the chat, the file rules, the checks,
interview reminders and the command line."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime, timezone

import pytest
from cryptography.fernet import Fernet

from bot.__main__ import main
from dialogs import callbacks as cb
from dialogs.program_list import ProgramList
from knowledge.base import load_knowledge
from knowledge.programs import (Applicant, Links, Program, ProgramListError, analyse, parse_csv, to_csv)
from tests.conftest import FakeClock, Harness, make_runtime, seed, stored
from tests.examples import answers

KB = load_knowledge()
UTC = timezone.utc
HEADER = "program,specialty,track,visa,signal,status,interview_date,rank,linked_prelim,notes\n"


def programs_csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(rows) + "\n").encode()


DUAL = programs_csv(
    "Mercy Radiology,diagnostic_radiology,advanced,both,gold,interviewed,2027-01-05,1,Mercy Prelim Medicine,",
    "Mercy Prelim Medicine,internal_medicine,preliminary,both,,interviewed,2027-01-06,,,",
    "Lakeside Internal Medicine,internal_medicine,categorical,j1,silver,interviewed,2027-01-08,2,,",
    "Hilltop Family Medicine,family_medicine,categorical,j1,signal,invited,,,,",
)


def with_plan(runtime, chat_id: int = 1001, **overrides):
    return seed(runtime, chat_id, answers=answers(**overrides), complete=True, state="complete")


# --------------------------------------------------------------------------- the file (pure)

def test_a_good_file_is_read_with_defaults_and_unknown_columns_kept():
    data = programs_csv("City Radiology,diagnostic_radiology,,,,,,,,", "City IM,internal_medicine,,,,,,,,",
                        header="program,specialty,track,visa,signal,status,interview_date,rank,linked_prelim,my notes\n")
    city_dr, city_im = parse_csv(data)
    assert city_dr.track == "advanced" and city_im.track == "categorical"  # DR programs mostly start at PGY-2
    assert (city_im.visa, city_im.signal, city_im.status) == ("unknown", "none", "researching")
    assert dict(city_im.extra) == {"my notes": ""}
    assert "my notes" in to_csv([city_im]).splitlines()[0]


@pytest.mark.parametrize("row, column, says", [
    ("X,radiology,,,,,,,,", "specialty", "'radiology' is not one of"),
    ("X,neurology,,,,,2027-02-30,,,", "interview_date", "not a day in the calendar"),
    ("X,neurology,,,,,12/01/2027,,,", "interview_date", "not a date"),
    ("X,neurology,,jay-one,,,,,,", "visa", "not one of"),
    ("X,neurology,,,,,,0,,", "rank", "1 to 300"),
    (",neurology,,,,,,,,", "program", "missing"),
])
def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_read(row, column, says):
    with pytest.raises(ProgramListError) as caught:
        parse_csv(programs_csv("Fine,neurology,,,,,,,,", row, "Also bad,pathology,,,,,,x,,"))
    errors = caught.value.errors
    assert any(e.row == 3 and e.column == column and says in e.message for e in errors)
    assert any(e.row == 4 and e.column == "rank" for e in errors)  # every bad row, not the first one only


def test_files_that_are_not_a_program_list_are_refused_whole():
    with pytest.raises(ProgramListError, match="not UTF-8"):
        parse_csv("program,specialty\nCafé,neurology\n".encode("latin-1"))
    with pytest.raises(ProgramListError, match="larger than 1 MB"):
        parse_csv(b"program,specialty\n" + b"x" * 10_000_000)
    with pytest.raises(ProgramListError, match="needs the column"):
        parse_csv(b"name,field\nA,B\n")


def test_formula_cells_are_exported_defused_and_read_back_unchanged():
    hostile = Program('=HYPERLINK("http://evil.example","click")', "neurology", notes="+1 555 call -now @home")
    text = to_csv([hostile])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["program"].startswith("'=") and row["notes"].startswith("'+")  # a spreadsheet shows text, runs nothing
    again = parse_csv(text)[0]
    assert (again.program, again.notes) == (hostile.program, hostile.notes)


def test_one_signal_covers_every_track_at_an_institution():
    ps = parse_csv(programs_csv("Mercy Internal Medicine,internal_medicine,categorical,,gold,,,,,",
                                "Mercy Prelim Medicine,internal_medicine,preliminary,,gold,,,,,"))
    assert analyse(ps, KB.season).signals["internal_medicine"].used == {"gold": 1}


# --------------------------------------------------------------------------- the checks, through the CLI

@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(tmp_path, capsys):
    """``python -m bot programs FILE [--answers A] ARGS`` in this process (one test runs the real subprocess)."""
    def run(data: bytes, *args: str, answers_file: dict | None = None) -> Run:
        path = tmp_path / "list.csv"
        path.write_bytes(data)
        extra = []
        if answers_file is not None:
            (tmp_path / "answers.json").write_text(json.dumps(answers_file))
            extra = ["--answers", str(tmp_path / "answers.json")]
        capsys.readouterr()
        code = main(["programs", str(path), *extra, *args])
        out = capsys.readouterr()
        return Run(code, out.out, out.err)
    return run


@pytest.mark.process
def test_the_programs_command_runs_as_a_program(tmp_path):
    (tmp_path / "list.csv").write_bytes(DUAL)
    result = subprocess.run([sys.executable, "-m", "bot", "programs", str(tmp_path / "list.csv"), "--json"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and json.loads(result.stdout)["programs"] == 4
    (tmp_path / "bad.csv").write_bytes(programs_csv("X,radiology,,,,,,,,"))
    result = subprocess.run([sys.executable, "-m", "bot", "programs", str(tmp_path / "bad.csv"), "--json"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "row 2, specialty" in result.stderr and result.stdout == ""


def codes(result: Run) -> dict[str, list]:
    assert result.returncode == 0, result.stderr
    out: dict[str, list] = {}
    for w in json.loads(result.stdout)["warnings"]:
        out.setdefault(w["code"], []).append(w["program"])
    return out


WARNING_CASES = {
    "signal_over_allotment": programs_csv(*(f"Place {i} Neurology,neurology,,j1,signal,,,,," for i in range(9))),
    "visa_mismatch": programs_csv("No Visa Hospital,internal_medicine,,none,,applied,,,,"),
    "signal_on_visa_mismatch": programs_csv("No Visa Hospital,internal_medicine,,none,gold,applied,,,,"),
    "advanced_without_prelim": programs_csv("Alone Radiology,diagnostic_radiology,advanced,j1,,interviewed,,1,,"),
    "duplicate_program": programs_csv("Twin IM,internal_medicine,,j1,,,,,,", "twin im,internal_medicine,,j1,,,,,,"),
    "rank_conflict": programs_csv("A IM,internal_medicine,,j1,,interviewed,,1,,", "B IM,internal_medicine,,j1,,interviewed,,1,,"),
    "below_target": programs_csv("Only One IM,internal_medicine,,j1,,,,,,"),
}


@pytest.mark.parametrize("code", sorted(WARNING_CASES))
def test_cli_reports_each_warning_code(run_cli, code):
    found = codes(run_cli(WARNING_CASES[code], "--json", "--today", "2026-11-30", answers_file=answers()))
    assert code in found
    clean = codes(run_cli(DUAL, "--json", "--today", "2026-11-30",
                          answers_file=answers(step3="passed")))
    assert code not in clean or code == "below_target"  # a sound dual list raises none of them but size


def test_cli_output_has_the_contract_keys(run_cli):
    result = run_cli(DUAL, "--json", "--today", "2026-11-30", answers_file=answers())
    out = json.loads(result.stdout)
    assert out["programs"] == 4
    assert out["counts"]["internal_medicine"]["total"] == 2 and out["counts"]["internal_medicine"]["invited"] == 2
    assert out["targets"]["diagnostic_radiology"][0] > 0
    assert out["signals"]["diagnostic_radiology"] == {"used": {"gold": 1},
                                                      "allotment": {"gold": 6, "silver": 6}}
    assert out["costs"]["eras_usd"] == 4 * 11 and out["costs"]["nrmp_usd"] == 70  # fees as stored (NRMP: the 2024 Match's)
    assert out["rank_list"]["supplemental"] == {"Mercy Radiology": ["Mercy Prelim Medicine"]}
    without = json.loads(run_cli(DUAL, "--json").stdout)
    assert without["targets"] == {} and "visa_mismatch" not in {w["code"] for w in without["warnings"]}


def test_cli_visa_checks_follow_the_users_route(run_cli):
    only_h1b = programs_csv("J Only IM,internal_medicine,,j1,,applied,,,,")
    assert codes(run_cli(only_h1b, "--json", answers_file=answers(visa="h1b_only", step3="passed")))[
        "visa_mismatch"] == ["J Only IM"]
    h1b_no_step3 = programs_csv("H Only IM,internal_medicine,,h1b,,applied,,,,")
    found = codes(run_cli(h1b_no_step3, "--json", answers_file=answers(step3="not_planned")))
    assert found["visa_mismatch"] == ["H Only IM"]  # J-1 route open, but this program needs Step 3 for the H-1B
    found = codes(run_cli(h1b_no_step3, "--json", answers_file=answers(visa="h1b_only", step3="planned")))
    assert "h1b_needs_step3" in found and "visa_mismatch" not in found  # said once, not once per program


@pytest.mark.parametrize("name, data, says", [
    ("unknown specialty", programs_csv("X,radiology,,,,,,,,"), "row 2, specialty"),
    ("bad date", programs_csv("X,neurology,,,,,2027-13-01,,,"), "row 2, interview_date"),
    ("non-UTF-8", "program,specialty\nHôpital,neurology\n".encode("cp1252"), "not UTF-8"),
    ("10 MB", b"program,specialty\n" + b"A,neurology\n" * 900_000, "larger than 1 MB"),
])
def test_cli_refuses_bad_files_whole_with_exit_2(run_cli, name, data, says):
    result = run_cli(data, "--json")
    assert result.returncode == 2 and result.stdout == ""
    assert says in result.stderr


def test_a_cell_longer_than_the_csv_module_reads_is_refused_by_row_and_column(run_cli):
    """Someone pastes a whole document into a notes cell (200,000 characters, past the csv module's own
    limit of 131,072): the file is refused naming the row and the column, exit 2, no traceback."""
    data = programs_csv("Mercy IM,internal_medicine,,,,,,,," + "x" * 200_000)
    with pytest.raises(ProgramListError) as info:
        parse_csv(data)
    assert [str(e) for e in info.value.errors] == ["row 2, notes: longer than 500 characters"]
    result = run_cli(data, "--json")
    assert result.returncode == 2 and "row 2, notes: longer than 500 characters" in result.stderr
    assert "Traceback" not in result.stderr
    long_extra = programs_csv("Mercy IM,internal_medicine,,,,,,,,," + "y" * 131_073,
                              header=HEADER.strip() + ",my notes\n")
    assert "row 2, my notes: longer than 500" in str(pytest.raises(ProgramListError, parse_csv, long_extra).value)


async def test_a_huge_cell_in_an_uploaded_list_is_named_not_a_crash(h):
    ana = h.chat()
    await ana.send_file(programs_csv("Mercy IM,internal_medicine,,,,,,,," + "x" * 140_000), "list.csv", "text/csv")
    assert "row 2, notes: longer than 500 characters" in ana.text and "went wrong" not in ana.text


def test_a_spreadsheets_empty_columns_at_the_end_are_ignored_and_a_value_under_one_is_named():
    """A spreadsheet saves "program,specialty,," (two empty columns after the last one used): the list
    imports; a value typed under a column with no name is refused by row and column."""
    [p] = parse_csv(b"program,specialty,,\nMercy IM,internal_medicine,,\n")
    assert p.program == "Mercy IM" and p.extra == ()
    with pytest.raises(ProgramListError, match="row 2, column 4: a value in a column with no name"):
        parse_csv(b"program,specialty,,\nMercy IM,internal_medicine,,oops\n")


def test_unknown_columns_keep_their_spelling_and_are_defused_on_export():
    """Columns the bot does not know come back as they were spelt ("My Notes"), and a column named like a
    formula is exported with the apostrophe that stops a spreadsheet from running it, then read back."""
    data = programs_csv("Mercy IM,internal_medicine,,,,,,,,,a,b",
                        header=HEADER.strip() + ",My Notes,=HYPERLINK(\"http://x\")\n")
    [p] = parse_csv(data)
    header = to_csv([p]).splitlines()[0]
    assert "My Notes" in header and "'=HYPERLINK" in header
    assert ",=HYPERLINK" not in header and ',"=HYPERLINK' not in header
    [again] = parse_csv(to_csv([p]))
    assert again.extra == p.extra == (("My Notes", "a"), ('=HYPERLINK("http://x")', "b"))


def test_a_pgy1_program_whose_name_holds_a_semicolon_is_linked_from_the_csv_and_back():
    """Ana's PGY-1 program is called "St. Mary; Prelim Medicine": in the file's linked_prelim cell it is
    quoted as a spreadsheet quotes it, it is linked, and the export writes it the same way."""
    data = programs_csv('Mercy Radiology,diagnostic_radiology,advanced,both,,interviewed,,1,"""St. Mary; Prelim '
                        'Medicine"";City Prelim",',
                        '"St. Mary; Prelim Medicine",internal_medicine,preliminary,both,,interviewed,,,,',
                        "City Prelim,internal_medicine,preliminary,both,,interviewed,,,,")
    programs = parse_csv(data)
    report = analyse(programs, KB.season)
    [(_, linked)] = report.supplemental.items()
    assert [q.program for q in linked] == ["St. Mary; Prelim Medicine", "City Prelim"]
    assert "advanced_without_prelim" not in {w.code for w in report.warnings}
    again = parse_csv(to_csv(programs))
    assert [q.program for q in analyse(again, KB.season).supplemental[again[0].key]] == \
        ["St. Mary; Prelim Medicine", "City Prelim"]


async def test_a_pgy1_program_whose_name_holds_a_semicolon_can_be_linked_in_the_chat(h):
    ana = h.chat()
    await ana.send_file(programs_csv("Mercy Radiology,diagnostic_radiology,advanced,both,,interviewed,,,,",
                                     '"St. Mary; Prelim Medicine",internal_medicine,preliminary,both,,interviewed,,,,'),
                        "l.csv", "text/csv")
    radiology, prelim = stored(h.runtime, 1001).part(ProgramList).programs
    await ana.tap(cb.PgLinks(radiology.key).encode())
    await ana.press("St. Mary")
    assert "Linked St. Mary; Prelim Medicine" in ana.text
    await ana.tap(cb.PgOpen(radiology.key).encode())
    assert "PGY-1 programs linked: St. Mary; Prelim Medicine" in ana.text  # read back from the stored session
    await ana.tap(cb.PgSet(prelim.key, "status", "interviewed").encode())  # any later turn keeps the link
    programs = stored(h.runtime, 1001).part(ProgramList).programs
    assert [q.program for q in Links(programs).of(programs[0])] == ["St. Mary; Prelim Medicine"]


def test_cli_duplicate_rank_is_a_rank_conflict_not_a_crash(run_cli):
    found = codes(run_cli(WARNING_CASES["rank_conflict"], "--json"))
    assert found["rank_conflict"] == ["B IM"]


# --------------------------------------------------------------------------- the chat

@pytest.fixture
async def h(tmp_path):
    harness = Harness(make_runtime(tmp_path))
    async with harness.app:
        await harness.app.post_init(harness.app)
        yield harness
    assert not harness.fake.errors, harness.fake.errors[:2]


async def test_adding_a_program_takes_six_short_steps_and_counts_against_the_plan(h):
    with_plan(h.runtime)
    ana = h.chat()
    await ana.send("/programs")
    assert "empty" in ana.text and "ACGME" in ana.text
    await ana.press("Add a program")
    await ana.send("Mercy <Hospital> & Radiology")
    await ana.press("Diagnostic radiology")
    await ana.press("advanced")
    await ana.press("J-1 and H-1B")
    assert "6 gold + 6 silver" in ana.text  # the allotment, with its season
    await ana.press("gold")
    await ana.send("٤٢٠٠٠٠٠٠٠١")  # an ACGME id in Arabic-Indic digits
    assert "Added" in ana.text and "Mercy &lt;Hospital&gt; &amp; Radiology" in ana.last["html"]
    program = stored(h.runtime, 1001).part(ProgramList).programs[0]
    assert (program.specialty, program.track, program.visa, program.signal, program.acgme_id) == (
        "diagnostic_radiology", "advanced", "both", "gold", "4200000001")
    await ana.send("/programs")
    assert "Diagnostic radiology: 1 listed" in ana.text and "plan 80–120" in ana.text  # the source's example 1: ~100 radiology
    assert "1 gold + 0 silver of 6 gold + 6 silver" in ana.text and "Internal medicine: none listed yet" in ana.text
    assert "below your plan" in ana.text


async def test_family_medicine_skips_the_track_question(h):
    ana = h.chat()
    await ana.send("/programs")
    await ana.press("Add a program")
    await ana.send("Hilltop FM")
    await ana.press("Family medicine")
    assert "which visa" in ana.text  # one track only: not asked
    await ana.press("not checked yet")
    await ana.press("signal")
    await ana.press("Skip")
    assert stored(h.runtime, 1001).part(ProgramList).programs[0].track == "categorical"


async def test_a_command_in_the_middle_of_adding_keeps_what_was_typed(h):
    ana = h.chat()
    await ana.send("/programs")
    await ana.press("Add a program")
    await ana.send("Riverside Neurology")
    await ana.send("/timeline")  # a side trip
    await ana.send("a text that is not a program field")  # goes to the FAQ, not into the form
    assert stored(h.runtime, 1001).part(ProgramList).edit.draft == {"program": "Riverside Neurology"}
    await ana.send("/programs")
    await ana.press("Continue adding")
    assert "Which specialty is Riverside Neurology?" in ana.text
    await ana.send("neurology")  # typed where a button is needed
    assert "choose one of the buttons" in ana.text
    await ana.send("/cancel")
    assert "Discarded" in ana.text and stored(h.runtime, 1001).part(ProgramList).edit is None


async def test_editing_fields_by_button_and_by_typing(h):
    with_plan(h.runtime)
    ana = h.chat()
    await ana.send_file(programs_csv("Lakeside IM,internal_medicine,,unknown,,applied,,,,"), "list.csv", "text/csv")
    key = stored(h.runtime, 1001).part(ProgramList).programs[0].key
    await ana.tap(cb.PgOpen(key).encode())
    await ana.press("Status")
    await ana.press("invited")
    assert "Status: ✉️ invited" in ana.text
    await ana.press("Interview date")
    await ana.send("12/01")
    assert "day and month order differ" in ana.text  # asked again, nothing stored
    await ana.send("12 Jan")
    assert "interview scheduled" in ana.text and "Tue 12 Jan 2027" in ana.text
    await ana.press("State")
    await ana.send("new york")
    await ana.press("Notes")
    await ana.send("PD trained in <Cairo>; 40% IMGs")
    await ana.press("Visa")
    await ana.press("J-1 and H-1B")
    p = stored(h.runtime, 1001).part(ProgramList).programs[0]
    assert (p.state, p.notes, p.visa, p.interview_date) == ("NY", "PD trained in <Cairo>; 40% IMGs", "both",
                                                             date(2027, 1, 12))
    assert "&lt;Cairo&gt;" in ana.last["html"]
    await ana.press("Interview date")
    await ana.press("Clear it")
    assert stored(h.runtime, 1001).part(ProgramList).programs[0].interview_date is None


async def test_importing_a_file_with_bad_rows_names_them_all_and_imports_nothing(h):
    ana = h.chat()
    bad = programs_csv("Good,neurology,,,,,,,,", "Bad specialty,radiology,,,,,,,,", "Bad date,pathology,,,,,31/12/2026,,,")
    await ana.send_file(bad, "mine.csv", "text/csv")
    assert "nothing was imported" in ana.text
    assert "row 3, specialty" in ana.text and "row 4, interview_date" in ana.text
    assert stored(h.runtime, 1001) is None or not stored(h.runtime, 1001).part(ProgramList).programs
    await ana.send_file("program,specialty\nCafé,neurology\n".encode("cp1252"), "latin.csv", "text/csv")
    assert "CSV UTF-8" in ana.text


async def test_a_second_upload_asks_before_replacing_and_old_buttons_do_nothing(h):
    ana = h.chat()
    await ana.send_file(DUAL, "list.csv", "text/csv")
    assert "Imported 4 programs" in ana.text
    await ana.send_file(programs_csv("New Place,pathology,,,,,,,,"), "more.csv", "text/csv")
    assert "What should I do?" in ana.text
    add = ana.button("Add the file")
    await ana.press("Replace my list")
    assert [p.program for p in stored(h.runtime, 1001).part(ProgramList).programs] == ["New Place"]
    await ana.tap(add)  # the old question's other button
    assert "That button has expired" in ana.text and len(stored(h.runtime, 1001).part(ProgramList).programs) == 1


async def test_export_gives_a_csv_that_imports_back_to_the_same_list(h):
    ana = h.chat()
    await ana.send_file(DUAL, "list.csv", "text/csv")
    await ana.press("Export CSV")
    name, content = ana.last["document"]
    assert name == "programs.csv" and content.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    before = stored(h.runtime, 1001).part(ProgramList).programs
    again = parse_csv(content)
    assert [p.to_row() for p in again] == [p.to_row() for p in before]


async def test_rank_list_order_links_and_what_nrmp_would_get(h):
    with_plan(h.runtime)
    ana = h.chat()
    await ana.send_file(programs_csv(
        "Mercy Radiology,diagnostic_radiology,advanced,both,,interviewed,,,,",
        "City Radiology,diagnostic_radiology,advanced,both,,interviewed,,,,",
        "Mercy Prelim Medicine,internal_medicine,preliminary,both,,interviewed,,,,",
        "Lakeside IM,internal_medicine,categorical,both,,interviewed,,,,"), "list.csv", "text/csv")
    await ana.send("/programs")
    await ana.press("Rank list")
    assert "0 programs" in ana.text and "Wed 3 Mar 2027" in ana.text  # the deadline, from the calendar
    for name in ("Mercy Radiology", "City Radiology", "Lakeside IM"):
        await ana.press(f"➕ {name}")
        await ana.press("◀️ Rank list")
    assert "advanced program on your rank list has no PGY-1" in ana.text
    await ana.press("3. Lakeside IM")
    await ana.press("To the top")
    assert "1. Lakeside IM" in ana.text
    await ana.press("◀️ Rank list")
    await ana.press("2. Mercy Radiology")
    await ana.press("PGY-1 programs")
    await ana.press("Mercy Prelim Medicine")
    assert "Linked Mercy Prelim Medicine" in ana.text
    ranked = {p.program: p.rank for p in stored(h.runtime, 1001).part(ProgramList).programs}
    assert ranked == {"Lakeside IM": 1, "Mercy Radiology": 2, "City Radiology": 3, "Mercy Prelim Medicine": None}
    await ana.send("/programs")
    await ana.press("Rank list")
    await ana.press("As entered in NRMP")
    assert "1. Lakeside IM" in ana.text and "List A — linked to: Mercy Radiology" in ana.text
    assert "about $70 for 3 primary and 1 supplemental" in ana.text


async def test_withdrawing_takes_a_program_off_the_rank_list_and_removing_unlinks_it(h):
    ana = h.chat()
    await ana.send_file(DUAL, "list.csv", "text/csv")
    s = stored(h.runtime, 1001).part(ProgramList)
    lakeside = next(p for p in s.programs if p.program.startswith("Lakeside"))
    prelim = next(p for p in s.programs if p.track == "preliminary")
    await ana.tap(cb.PgSet(lakeside.key, "status", "withdrawn").encode())
    assert "taken off your rank list" in ana.text
    await ana.tap(cb.PgRemove(prelim.key).encode())
    await ana.press("Yes, remove")
    s = stored(h.runtime, 1001).part(ProgramList)
    assert [p.rank for p in s.programs if p.rank] == [1]
    advanced = next(p for p in s.programs if p.track == "advanced")
    assert advanced.linked_prelim == () and advanced.links == ()
    await ana.tap(cb.PgOpen(prelim.key).encode())  # a stale button to the removed program
    assert "no longer on your list" in ana.text


@pytest.mark.parametrize("data", [
    "pg:o:p999", "pg:s:p1:status:accepted", "pg:s:p1:rank:1", "pg:mv:p1:sideways", "pg:g:cardiology:0",
    "pg:g:neurology:999999", "pg:lt:p1:p1", "pg:n:specialty:neurology", "pg:i:replace", "pg:c:p1:program",
    "pg:f:p1:key", "pg:rmy:p77", "pg:w:5", "pg:r:40",
])
async def test_forged_or_stale_program_buttons_get_a_sensible_answer(h, data):
    ana = h.chat()
    await ana.send_file(DUAL, "list.csv", "text/csv")
    before = [p.to_row() for p in stored(h.runtime, 1001).part(ProgramList).programs]
    await ana.tap(data)
    assert ana.text  # answered, with a view
    if data.startswith(("pg:s", "pg:c", "pg:lt", "pg:rmy", "pg:i")):
        assert [p.to_row() for p in stored(h.runtime, 1001).part(ProgramList).programs] == before


async def test_a_list_of_300_programs_pages_within_telegrams_limits(h):
    rows = [f"Program {i} with a fairly long hospital name,internal_medicine,categorical,j1,,interviewed,,{i},,"
            for i in range(1, 301)]
    ana = h.chat()
    await ana.send_file(programs_csv(*rows), "big.csv", "text/csv")
    assert "Imported 300 programs" in ana.text
    await ana.press("Internal medicine (300)")
    assert "page 1 of 30" in ana.text
    await ana.press("Next")
    assert "11. Program 11" in ana.text
    await ana.send("/programs")
    await ana.press("Rank list")
    await ana.press("As entered in NRMP")  # long: split into several messages, each under 4096
    assert "300. Program 300" in "".join(m["text"] for m in ana.messages[-4:])
    assert "about $8,470 for 300 primary" in ana.text  # $70 + 280 ranks beyond the 20 included, at $30


async def test_mydata_includes_the_list_and_delete_erases_it(h):
    ana = h.chat()
    await ana.send_file(DUAL, "list.csv", "text/csv")
    await ana.send("/mydata")
    files = {m["document"][0]: m["document"][1] for m in ana.messages if m.get("document")}
    assert b"Mercy Radiology" in files["programs.csv"]
    raw = (h.runtime.settings.db_path).read_bytes()
    assert b"Mercy" not in raw  # sealed at rest
    await ana.send("/delete")
    await ana.press("Yes, delete")
    assert stored(h.runtime, 1001) is None


# --------------------------------------------------------------------------- interview reminders

@pytest.fixture
def clock():
    return FakeClock(datetime(2026, 11, 30, 12, 0, tzinfo=UTC))


@pytest.fixture
async def hc(tmp_path, clock):
    harness = Harness(make_runtime(tmp_path, key=KEY, clock=clock))
    async with harness.app:
        await harness.app.post_init(harness.app)
        yield harness
    assert not harness.fake.errors, harness.fake.errors[:2]


KEY = Fernet.generate_key().decode()


def reminders(h, chat_id=1001):
    return [(r["milestone"], r["status"]) for r in h.runtime.store.reminders.for_user(chat_id)
            if str(r["milestone"]).startswith("iv-")]


async def set_interview(chat, key: str, day: str) -> None:
    await chat.tap(cb.PgField(key, "interview_date").encode())
    await chat.send(day)


async def test_an_interview_date_brings_a_reminder_the_day_before_and_a_follow_up_after(hc, clock):
    with_plan(hc.runtime)
    ana = hc.chat()
    await ana.send_file(programs_csv("Lakeside IM,internal_medicine,categorical,j1,,invited,,,,"), "l.csv", "text/csv")
    key = stored(hc.runtime, 1001).part(ProgramList).programs[0].key
    await set_interview(ana, key, "2026-12-10")
    assert "the day before and the day after, at 09:00 (UTC)" in ana.text
    assert reminders(hc) == [(f"iv-before:{key}", "pending"), (f"iv-after:{key}", "pending")]
    clock.moment = datetime(2026, 12, 9, 9, 1, tzinfo=UTC)
    assert (await hc.runtime.reminders.run_once(hc.app.bot)).sent == 1
    assert "Interview tomorrow" in ana.text and "Lakeside IM" in ana.text
    assert "Bring out" in ana.text and ana.button("Practise a question")
    clock.moment = datetime(2026, 12, 11, 9, 1, tzinfo=UTC)
    assert (await hc.runtime.reminders.run_once(hc.app.bot)).sent == 1
    assert "After your interview" in ana.text and "ranking commitment" in ana.text
    await ana.press("Mark as interviewed")
    assert stored(hc.runtime, 1001).part(ProgramList).programs[0].status == "interviewed"
    assert (await hc.runtime.reminders.run_once(hc.app.bot)).sent == 0  # nothing twice


async def test_changing_the_date_or_status_or_removing_cancels_the_old_reminders(hc, clock):
    ana = hc.chat()
    await ana.send_file(programs_csv("A IM,internal_medicine,,j1,,invited,,,,", "B IM,internal_medicine,,j1,,invited,,,,"),
                        "l.csv", "text/csv")
    a, b = (p.key for p in stored(hc.runtime, 1001).part(ProgramList).programs)
    await set_interview(ana, a, "2026-12-10")
    await set_interview(ana, a, "2026-12-15")  # moved
    await set_interview(ana, b, "2026-12-12")
    await ana.tap(cb.PgSet(b, "status", "withdrawn").encode())
    pending = {m for m, status in reminders(hc) if status == "pending"}
    assert pending == {f"iv-before:{a}", f"iv-after:{a}"}
    assert [r["due_at"] for r in hc.runtime.store.reminders.for_user(1001)
            if r["milestone"] == f"iv-before:{a}"] == ["2026-12-14T09:00:00+00:00"]
    await ana.tap(cb.PgRemove(a).encode())
    await ana.press("Yes, remove")
    assert reminders(hc) == []
    clock.moment = datetime(2026, 12, 20, 9, 0, tzinfo=UTC)
    assert (await hc.runtime.reminders.run_once(hc.app.bot)).sent == 0


async def test_a_ranked_list_brings_a_reminder_before_the_certification_deadline(hc, clock):
    with_plan(hc.runtime)
    ana = hc.chat()
    await ana.send_file(programs_csv("A IM,internal_medicine,,j1,,interviewed,,,,"), "l.csv", "text/csv")
    assert not [r for r in hc.runtime.store.reminders.for_user(1001) if r["milestone"] == "rank-deadline"]
    await ana.press("Rank list")
    await ana.press("➕ A IM")
    await ana.press("◀️ Rank list")
    assert "I will remind you on Sun 28 Feb 2027, 3 days before" in ana.text
    due = [r["due_at"] for r in hc.runtime.store.reminders.for_user(1001) if r["milestone"] == "rank-deadline"]
    assert due == ["2027-02-28T09:00:00+00:00"]  # 3 days before Wed 3 Mar 2027 (estimated), at 09:00 UTC
    clock.moment = datetime(2027, 2, 28, 9, 5, tzinfo=UTC)
    await hc.runtime.reminders.run_once(hc.app.bot)
    text = next(m["text"] for m in reversed(ana.messages) if "Rank-list deadline" in m["text"])
    assert "certify" in text and "1 program on the primary list" in text and "not confirmed yet" in text


async def test_taking_the_last_program_off_the_rank_list_cancels_its_reminder(hc):
    ana = hc.chat()
    await ana.send_file(programs_csv("A IM,internal_medicine,,j1,,interviewed,,1,,"), "l.csv", "text/csv")
    assert [r["status"] for r in hc.runtime.store.reminders.for_user(1001) if r["milestone"] == "rank-deadline"] == [
        "pending"]
    await ana.press("Rank list")
    await ana.press("1. A IM")
    await ana.press("Take off the list")
    assert not [r for r in hc.runtime.store.reminders.for_user(1001) if r["milestone"] == "rank-deadline"]


async def test_reminders_turned_off_mean_no_interview_reminders(hc):
    ana = hc.chat()
    await ana.send_file(programs_csv("A IM,internal_medicine,,j1,,invited,,,,"), "l.csv", "text/csv")
    await ana.send("/settings")
    await ana.press("Turn off")
    key = stored(hc.runtime, 1001).part(ProgramList).programs[0].key
    await set_interview(ana, key, "2026-12-10")
    assert "Reminders are off" in ana.text and reminders(hc) == []


async def test_an_interview_reminder_survives_a_restart(tmp_path, clock):
    first = Harness(make_runtime(tmp_path, key=KEY, clock=clock))
    async with first.app:
        await first.app.post_init(first.app)
        ana = first.chat()
        await ana.send_file(programs_csv("A IM,internal_medicine,,j1,,invited,,,,"), "l.csv", "text/csv")
        await set_interview(ana, stored(first.runtime, 1001).part(ProgramList).programs[0].key, "2026-12-10")
    clock.moment = datetime(2026, 12, 9, 9, 30, tzinfo=UTC)
    second = Harness(make_runtime(tmp_path, key=KEY, clock=clock))  # a new process on the same file
    async with second.app:
        await second.app.post_init(second.app)
        assert (await second.runtime.reminders.run_once(second.app.bot)).sent == 1
        assert (await second.runtime.reminders.run_once(second.app.bot)).sent == 0
    assert "Interview tomorrow" in second.fake.messages_to(1001)[-1]["text"]


def test_a_day_before_reminder_that_arrives_after_the_interview_is_dropped():
    from dialogs.program_reminders import interview_reminder
    from dialogs.session import Session

    s = Session().with_parts(ProgramList([Program("A IM", "internal_medicine", status="invited",
                                                  interview_date=date(2026, 12, 10), key="p1")]))
    assert interview_reminder(KB, s, "iv-before:p1", date(2026, 12, 9)) is not None
    assert interview_reminder(KB, s, "iv-before:p1", date(2026, 12, 11)) is None
    late = interview_reminder(KB, s, "iv-after:p1", date(2026, 12, 20))
    assert late is not None and "Sent late" in late.text


def test_visa_rules_in_force_decide_the_mismatch():
    j_only = [Program("J Place", "internal_medicine", visa="j1", status="applied", key="p1")]
    assert not analyse(j_only, KB.season, Applicant("j1_ok")).warnings
    blocked = analyse(j_only, KB.season, Applicant("j1_ok", suspended="j"))
    assert [w.code for w in blocked.warnings] == ["h1b_needs_step3", "visa_mismatch"]
    assert "suspended for your nationality" in blocked.warnings[1].text


def test_the_example_file_in_the_docs_imports_cleanly():
    from pathlib import Path

    example = parse_csv((Path(__file__).parent.parent / "knowledge" / "data" / "programs-example.csv").read_bytes())
    report = analyse(example, KB.season, Applicant("j1_ok"))
    assert len(example) == 3 and report.supplemental == {}  # the radiology program is not ranked yet
    assert report.signals["diagnostic_radiology"].used == {"gold": 1}


# --------------------------------------------------------------------------- any sequence of taps and texts

def _property_ctx():
    from dialogs.flow import Context
    from dialogs.flows import build
    from knowledge.faq import FaqResult

    return Context(kb=KB, today=lambda: date(2026, 11, 30), flows=build(KB, lambda text: FaqResult(text, False, ())))


def test_any_sequence_of_program_actions_keeps_the_list_sound():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.props import tries

    from dialogs.inputs import Choice, Command, File, Text
    from dialogs.router import handle
    from dialogs.session import Session
    from knowledge.programs import program_from_json, program_json

    ctx = _property_ctx()
    start = Session(answers=answers(), complete=True, state="complete").with_parts(
        ProgramList(list(parse_csv(DUAL)), seq=4))
    texts = st.one_of(st.text(max_size=40), st.sampled_from(["12 Jan", "2027-01-05", "٤٢٠٠٠٠٠٠٠١", "ny", "", "<b>",
                                                             "31/12/2026", "Mercy Prelim Medicine"]))
    steps = st.lists(st.one_of(
        st.tuples(st.just("tap"), st.integers(0, 60)),
        st.tuples(st.just("text"), texts),
        st.tuples(st.just("command"), st.sampled_from(["programs", "cancel", "plan", "timeline"])),
        st.tuples(st.just("file"), st.sampled_from([DUAL.decode(), "program,specialty\nX,neurology\n",
                                                    "program,specialty\nX,cardiology\n", "garbage"])),
    ), max_size=40)

    @settings(max_examples=tries(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(steps)
    def run(actions):
        session = Session.from_json(start.to_json())
        buttons = [cb.PgHome().encode()]
        for kind, value in actions:
            if kind == "tap":
                inp = Choice(cb.decode(buttons[value % len(buttons)])) if buttons else Command("programs")
            elif kind == "text":
                inp = Text(value)
            elif kind == "command":
                inp = Command(value)
            else:
                inp = File("list.csv", value)
            out = handle(ctx, session, inp)
            # a "settle" with no text only takes the tapped message's keyboard away; something is always shown
            # (a text, or a file the adapter makes: the .ics, an export)
            assert any(r.text for r in out.replies) or out.effects, (kind, value, out.replies)
            for reply in out.replies:
                assert (0 if reply.edit == "settle" else 1) <= len(reply.text) <= (1024 if reply.document else 4096)
                assert all(0 < len(b.data.encode()) <= 64 for row in reply.buttons for b in row)
            session = Session.from_json(out.session.to_json())
            listed = session.part(ProgramList)
            keys = [p.key for p in listed.programs]
            assert len(keys) == len(set(keys)) and all(int(k[1:]) <= listed.seq for k in keys)
            assert all(program_from_json(program_json(p)) == p for p in listed.programs)
            buttons = [b.data for r in out.replies for row in r.buttons for b in row] or buttons

    run()


def test_the_console_takes_a_program_list_by_path_and_says_what_is_wrong_with_a_bad_path(runtime, tmp_path):
    import io

    from bot.console import Console

    (tmp_path / "mine.csv").write_bytes(DUAL)
    out = io.StringIO()
    console = Console(runtime, out=out, files_dir=tmp_path)
    console.step(f"/file {tmp_path / 'missing.csv'}")
    assert "could not open" in out.getvalue()
    console.step(f"/file {tmp_path / 'mine.csv'}")
    assert "Imported 4 programs" in out.getvalue()
    console.step("/programs")
    console.step("Export CSV")
    assert (tmp_path / "programs.csv").read_bytes().startswith(b"\xef\xbb\xbfprogram,")


async def test_an_interview_tomorrow_does_not_promise_a_reminder_that_may_be_past(h):
    ana = h.chat()
    await ana.send_file(programs_csv("A IM,internal_medicine,,j1,,invited,,,,"), "l.csv", "text/csv")
    key = stored(h.runtime, 1001).part(ProgramList).programs[0].key
    await set_interview(ana, key, "2026-11-30")  # the harness's today is 29 Nov 2026
    assert "I will message you today (unless that hour has passed) and the day after" in ana.text
    await set_interview(ana, key, "2026-11-29")
    assert "I will message you the day after" in ana.text


async def test_an_advanced_program_shows_its_pgy1_links_before_it_is_ranked(h):
    ana = h.chat()
    await ana.send_file(programs_csv(
        "Mercy Radiology,diagnostic_radiology,advanced,both,,interviewed,,,Mercy Prelim Medicine,",
        "Mercy Prelim Medicine,internal_medicine,preliminary,both,,interviewed,,,,"), "l.csv", "text/csv")
    radiology = stored(h.runtime, 1001).part(ProgramList).programs[0]
    await ana.tap(cb.PgOpen(radiology.key).encode())
    assert "PGY-1 programs linked: Mercy Prelim Medicine" in ana.text


def test_the_console_shows_a_links_address():
    from dialogs.reply import plain

    assert plain('see <a href="https://apps.acgme.org/ads/Public/Programs/Search">ACGME\'s program search</a>') == \
        "see ACGME's program search (https://apps.acgme.org/ads/Public/Programs/Search)"
