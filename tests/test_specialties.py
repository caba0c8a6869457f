"""Specialties are data: no code names one, and a fifth backup added in YAML reaches every part of the bot."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot import exports
from dialogs import callbacks as cb
from dialogs.flow import Context
from dialogs.flows import build
from dialogs.inputs import Choice, Command, File, Text
from dialogs.plan_view import plan_from
from dialogs.program_list import ProgramList
from dialogs.reply import plain
from dialogs.router import handle
from dialogs.session import Session
from knowledge import programs
from knowledge.base import load_knowledge
from knowledge.faq import FaqResult
from tests.examples import answers
from tests.fifth_backup import with_psychiatry
from tests.test_exports import pdf_text

ROOT = Path(__file__).parent.parent
KB = load_knowledge()
TODAY = date(2026, 11, 30)
#: English words in the FAQ's synonym table that happen to be spelt like two specialty ids.
WORDS = {("knowledge/faq_words.py", "neurology"), ("knowledge/faq_words.py", "pathology")}


def test_no_specialty_id_is_spelt_in_python_code():
    found = []
    for package in ("bot", "dialogs", "knowledge", "storage"):
        for path in (ROOT / package).rglob("*.py"):
            where = str(path.relative_to(ROOT))
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    # an id is the whole string, or inside one ("a:internal_medicine"); a one-word id
                    # inside a sentence or a word list is a word
                    found += [(where, sid) for sid in KB.specialties
                              if (node.value == sid or ("_" in sid and sid in node.value))
                              and (where, node.value) not in WORDS]
    assert found == []


@pytest.fixture
def psychiatry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Context:
    kb = load_knowledge(with_psychiatry(tmp_path))
    monkeypatch.setattr(programs, "shipped_specialties", lambda: kb.specialties)  # as if it shipped
    return Context(kb, lambda: TODAY, build(kb, lambda text: FaqResult(text, False, ())))


def turn(ctx: Context, session: Session, inp: Any) -> tuple[Session, str]:
    out = handle(ctx, session, inp)
    said = [plain(r.text) for r in out.replies] + [b.label for r in out.replies for row in r.buttons for b in row]
    return Session.from_json(out.session.to_json()), "\n".join(said)


def test_a_fifth_backup_in_yaml_is_in_the_plan_interviews_the_check_the_program_list_and_the_pdf(psychiatry):
    ctx = psychiatry
    s = Session(state="complete", complete=True, answers=answers())
    plan = plan_from(ctx.kb, s, TODAY)
    assert plan is not None and [b.id for b in plan.backups][0] == "psychiatry" and len(plan.backups) == 5

    s, said = turn(ctx, s, Command("interview"))
    assert "Psychiatry" in said.splitlines()  # radiology and the plan's top two backups
    s, said = turn(ctx, s, Choice(cb.Guidance("psychiatry")))
    assert "Psychiatry interviews" in said
    s, said = turn(ctx, s, Choice(cb.Practice("psychiatry")))
    assert "Why psychiatry?" in said

    s, said = turn(ctx, s, Command("check"))
    assert "Psychiatry" in said.splitlines()
    s, said = turn(ctx, s, Choice(cb.CheckSpecialty("psychiatry")))
    assert "Paste your Psychiatry statement" in said
    s, _ = turn(ctx, s, Text("Psychiatry is my backup if radiology does not work out."))
    s, said = turn(ctx, s, Choice(cb.CheckGo()))
    assert "Check: personal statement for Psychiatry" in said and "Red flags" in said

    s, _ = turn(ctx, s, Command("programs"))
    s, _ = turn(ctx, s, Choice(cb.PgAdd()))
    s, said = turn(ctx, s, Text("Riverside Psychiatry"))
    assert "Psychiatry" in said.splitlines()
    s, said = turn(ctx, s, Choice(cb.PgNew("specialty", "psychiatry")))
    assert "which visa does it sponsor" in said  # one track (categorical): not asked
    s, _ = turn(ctx, s, File("more.csv", "program,specialty\nLakeview Psychiatry,psychiatry\n"))
    assert {p.specialty for p in s.part(ProgramList).programs} == {"psychiatry"}

    pages, text = pdf_text(exports.plan_pdf(ctx.kb, plan, s.part(ProgramList).programs))
    assert pages <= 2 and all(ctx.kb.specialties[b.id].name in text for b in plan.backups)


def test_how_many_questions_is_counted_wherever_it_is_said(tmp_path):
    """The count follows questions.yaml: the welcome, /help and the plan's 'no plan yet' say what the
    assessment then asks ("Question 1 of 17"; 16 when no visa is needed)."""
    from dialogs.assessment import QUESTIONS, applicable, how_many
    ctx = Context(KB, lambda: TODAY, build(KB, lambda text: FaqResult(text, False, ())))
    counted = f"{len(applicable({'visa': 'no_visa_needed'}))} or {len(QUESTIONS)}"
    assert how_many() == counted == "16 or 17"
    for command in ("assess", "help", "plan"):
        _, said = turn(ctx, Session(), Command(command))
        assert f"{counted} short questions" in said, command
    _, said = turn(ctx, Session(), Command("assess"))
    assert f"Question 1 of {len(QUESTIONS)}" in said


def test_the_count_follows_the_questions_when_one_is_added_or_taken_away(monkeypatch):
    """Counted, never written: with a question fewer, every place says one fewer."""
    from dialogs import assessment
    ctx = Context(KB, lambda: TODAY, build(KB, lambda text: FaqResult(text, False, ())))
    fewer = tuple(q for q in assessment.QUESTIONS if q != "english")
    monkeypatch.setattr(assessment, "QUESTIONS", fewer)
    assert assessment.how_many() == f"{len(fewer) - 1} or {len(fewer)}" == "15 or 16"
    for command in ("assess", "help", "plan"):
        _, said = turn(ctx, Session(), Command(command))
        assert "15 or 16 short questions" in said and "17" not in said, command


def test_a_program_list_tells_the_hospital_from_a_fifth_backups_name_and_abbreviation(tmp_path, monkeypatch):
    """One signal covers every track at one institution: the words that name the specialty, not the
    hospital, come from specialties.yaml ("Lakeview Psych" and "Lakeview Psychiatry Prelim" are Lakeview)."""
    from dataclasses import replace
    data = with_psychiatry(tmp_path)
    specs = data / "specialties.yaml"
    specs.write_text(specs.read_text().replace("    name: Psychiatry\n", "    name: Psychiatry\n    abbreviations: [Psych]\n"))
    kb = load_knowledge(data)
    monkeypatch.setattr(programs, "shipped_specialties", lambda: kb.specialties)  # as if it shipped
    by = kb.season.signals.by_specialty
    season = replace(kb.season, signals=replace(kb.season.signals, by_specialty={
        **by, "psychiatry": by[kb.backup_ids[0]]}))  # signals as the first backup has
    ps = [programs.Program("Lakeview Psych", "psychiatry", signal="gold"),
          programs.Program("Lakeview Psychiatry Prelim", "psychiatry", track="preliminary", signal="gold"),
          programs.Program("Harbor Psychiatry", "psychiatry", signal="gold")]
    assert programs.analyse(ps, season).signals["psychiatry"].used == {"gold": 2}


def test_the_shipped_specialties_name_the_same_words_the_code_once_listed():
    """Behaviour kept: the words read from specialties.yaml are those that were written in the code."""
    assert programs.not_the_hospital() == frozenset(
        "preliminary prelim categorical program programs residency internal medicine im family fm "
        "neurology pathology radiology diagnostic dr transitional year ty of the".split())
