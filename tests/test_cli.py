"""`python -m bot plan` and `check-knowledge` as outside tools call them (CONTRACTS §3)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import main
from tests.examples import HIGH, MODERATE, STRONG, answers


def run_plan(tmp_path, data, *flags):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return subprocess.run([sys.executable, "-m", "bot", "plan", str(path), *flags], capture_output=True,
                          text=True, timeout=60, cwd=Path(__file__).parent.parent)


def test_plan_json_has_the_contract_keys(tmp_path):
    result = run_plan(tmp_path, STRONG, "--json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    for key in ("tier", "provisional", "years_since_graduation", "ratings", "deal_breakers",
                "radiology_only_defensible", "backups", "applications"):
        assert key in plan
    assert plan["tier"] == "higher" and plan["years_since_graduation"] == 2
    assert set(plan["ratings"]) == {"step2_ck", "recency", "radiology_experience", "us_clinical_experience",
                                    "research", "visa", "english"}
    assert sorted(plan["backups"]) == ["family_medicine", "internal_medicine", "neurology", "pathology"]
    assert set(plan["applications"]) == {"diagnostic_radiology", plan["backups"][0]}


@pytest.mark.parametrize("data,tier", [(MODERATE, "moderate"), (HIGH, "high")])
def test_plan_text_and_json_agree(capsys, tmp_path, data, tier):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data))
    assert main(["plan", str(path), "--json"]) == 0
    as_json = json.loads(capsys.readouterr().out)
    assert main(["plan", str(path)]) == 0
    text = capsys.readouterr().out
    assert as_json["tier"] == tier
    assert {"moderate": "Moderate risk", "high": "High risk"}[tier] in text
    assert "not official advice" in text


@pytest.mark.parametrize("data,key", [
    (answers(visa="f1"), "visa"),
    ({k: v for k, v in STRONG.items() if k != "research"}, "research"),
    (answers(graduation_year=2030), "graduation_year"),
    (answers(us_clinical_experience="none", radiology_experience="observership"), "radiology_experience"),
    ("{not json", "JSON"),
    ("[1, 2]", "JSON object"),
])
def test_invalid_answers_exit_2_with_the_key_and_no_traceback(tmp_path, data, key):
    result = run_plan(tmp_path, data, "--json")
    assert result.returncode == 2 and result.stdout == ""
    assert key in result.stderr and "Traceback" not in result.stderr


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["plan", str(tmp_path / "nope.json")]) == 2


def test_check_knowledge_passes(capsys):
    assert main(["check-knowledge"]) == 0
    assert "knowledge base OK" in capsys.readouterr().out


def test_architecture_imports_point_inward():
    import ast
    root = Path(__file__).parent.parent
    forbidden = {"knowledge": {"bot", "dialogs", "storage", "telegram"}, "storage": {"bot", "dialogs", "knowledge",
                 "telegram"}, "dialogs": {"bot", "storage", "telegram", "sqlite_utils"}}
    for package, banned in forbidden.items():
        for path in (root / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                for name in names:
                    assert name.split(".")[0] not in banned, f"{path} imports {name}"


def test_readme_documents_every_command():
    from dialogs.flows import build
    from knowledge.base import load_knowledge
    from knowledge.faq import FaqResult

    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for name in (c.name for c in build(load_knowledge(), lambda text: FaqResult(text, False, ())).commands):
        assert f"/{name}" in readme
