"""A fifth backup, added the way an advisor would add one: YAML only (specialties.yaml, its ranking rules
in guidance.yaml, its interview guidance and practice questions in interview.yaml)."""

from __future__ import annotations

import shutil
from pathlib import Path

from knowledge.loader import DATA_DIR

SPECIALTY = """
  - id: psychiatry
    name: Psychiatry
    categorical: true
    role: backup
    summary: Listening and longitudinal care.
    pros: [Many IMG residents.]
    cons: [Little imaging.]
    fits: Applicants who enjoy long conversations.
    visa: Many programs accept the J-1.
    long_term: Strong demand.
    letters: Two letters from psychiatrists.
"""
RANKING = """backup_ranking:
  psychiatry:
    base: 9
    why: a test backup ranked first by its base score
    rules:
      - {when: {route: h1b}, points: -20, why: "on the H-1B route: few sponsors"}
"""
GUIDANCE = """guidance:
  psychiatry:
    title: Psychiatry interviews
    emphasise:
      - Why long conversations with patients appeal to you.
    phrasings:
      - text: I want to understand a patient's whole story, over years.
    pitfalls:
      - Calling psychiatry an easy option.
    motivation_words: [psychiatry, psychiatrist, mental health, therapy]
    model: I chose psychiatry because my {experience} showed me how much a patient's story matters.
"""
PRACTICE = """practice:
  psychiatry:
    - Why psychiatry?
"""


def add_interview_guidance(data: Path) -> None:
    interview = data / "interview.yaml"
    interview.write_text(interview.read_text().replace("guidance:\n", GUIDANCE, 1).replace("practice:\n", PRACTICE, 1))


def with_psychiatry(tmp_path: Path) -> Path:
    """A copy of the knowledge base with psychiatry as a fifth backup (ranked first); returns its folder."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    specs = data / "specialties.yaml"
    specs.write_text(specs.read_text() + SPECIALTY)
    guidance = data / "guidance.yaml"
    guidance.write_text(guidance.read_text().replace("backup_ranking:\n", RANKING, 1))
    add_interview_guidance(data)
    return data
