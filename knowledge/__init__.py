"""Curated content (YAML under data/), its validating loader, and the pure advisor logic.

Imports none of the project's other packages.
"""

# Feature files register their validators with the loader on import.
from knowledge import faq, interview, timeline  # noqa: E402,F401
