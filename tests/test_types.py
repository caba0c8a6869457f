"""The type gate: mypy, strict (pyproject.toml's [tool.mypy]), over bot, dialogs, knowledge and storage.

Any error fails the everyday suite, so data passed between layers stays typed as the code says
(a button made with a wrong field, a flow called with the wrong context, an answer read as the
wrong type). Warm runs reuse mypy's cache (.mypy_cache) and take well under a second.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_mypy_strict_finds_no_error():
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, "mypy found type errors:\n" + result.stdout + result.stderr


def test_the_gate_is_strict_and_covers_the_four_packages():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert config["strict"] is True
    assert set(config["files"]) == {"bot", "dialogs", "knowledge", "storage"}


def test_the_checker_catches_a_wrong_button_field_a_misspelt_answer_and_an_untyped_flow(tmp_path):
    """What the gate is for, shown on a small module: each line below is a mistake mypy must report."""
    snippet = tmp_path / "mistakes.py"
    snippet.write_text(
        "from dialogs import callbacks as cb\n"
        "from dialogs.session import Session\n"
        "from dialogs.flow import Context, Flow\n"
        "cb.Tick('submit', 'two')\n"  # a button field of the wrong type
        "year: int | None = Session().answers.get('match_yaer')\n"  # an answer key that does not exist
        "class Loose(Flow):\n"
        "    name = 'loose'\n"
        "    def on_text(self, ctx, out, text):\n"  # a flow hook without types
        "        pass\n")
    result = subprocess.run([sys.executable, "-m", "mypy", str(snippet)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["4", "5", "8"], result.stdout


def test_the_answer_map_and_the_answers_record_name_the_same_keys_with_the_same_types():
    """``AnswerMap`` (answers given so far, read by key) and ``Answers`` (a complete, validated file) are
    written out twice, for the checker; they must not drift apart."""
    from dataclasses import fields
    from typing import get_type_hints

    from knowledge.answers import AnswerMap, Answers

    record = get_type_hints(Answers)
    assert get_type_hints(AnswerMap) == {f.name: record[f.name] for f in fields(Answers)}
