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
