"""How many examples a property test tries.

The thorough run (``pytest --slow``, the README's test command and what CI runs) tries every example a
test asks for. The everyday run (plain ``pytest``, run before every landing) tries a fifth of them, at
least ten: the same properties, checked less deeply, so that the everyday suite stays under a minute.
Hypothesis keeps the failing examples it finds in its database, so a failure found once is tried first
in both runs until it is fixed.
"""

from __future__ import annotations

THOROUGH = False  # set by tests/conftest.py from --slow before any test module is imported


def tries(wanted: int) -> int:
    """The examples to try for a property test that asks for `wanted` in the thorough run."""
    return wanted if THOROUGH else min(wanted, max(10, wanted // 5))
