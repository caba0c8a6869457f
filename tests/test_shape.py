"""The code's shape: no module of the four packages grows past 700 lines (issue 21, item 5)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parent.parent
PACKAGES = ("bot", "dialogs", "knowledge", "storage")
MOST_LINES = 700


def line_counts() -> dict[str, int]:
    return {str(p.relative_to(ROOT)): len(p.read_text().splitlines())
            for package in PACKAGES for p in (ROOT / package).rglob("*.py")}


def test_no_module_is_above_700_lines():
    above = {path: n for path, n in line_counts().items() if n > MOST_LINES}
    assert above == {}, ("split these along their seams (as programs_flow.py, advisor.py, reading.py and faq.py "
                         f"were): {above}")
