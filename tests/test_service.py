"""Long replies are split into parts Telegram accepts: none empty, none over the limit, nothing lost."""

import pytest

from bot.service import split_text


@pytest.mark.parametrize("text", [
    "x" * 10000,                                  # one long line without spaces
    ("word " * 2000).strip(),                     # one long line with spaces
    "\n".join(["y" * 4096] * 3),                  # lines exactly at the limit
    "\n".join(["short line"] * 1500),             # many short lines
    "a" * 4096,                                   # exactly the limit
])
def test_parts_are_non_empty_within_the_limit_and_lose_nothing(text):
    parts = split_text(text)
    assert all(0 < len(p) <= 4096 for p in parts)
    assert "".join(parts).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")
