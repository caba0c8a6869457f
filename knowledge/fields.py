"""What each self-assessment question is about, and the other things a typed reply may be about instead.

Data: ``knowledge/data/fields.yaml`` (its header says how the reader uses it). Pure: reads its file only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from knowledge.loader import DATA_DIR, KnowledgeError, read_yaml

FILE = "fields.yaml"


@dataclass(frozen=True)
class OtherThing:
    """Words naming another thing than a question's subject, and its name as said back ("an English test")."""

    words: tuple[str, ...]
    name: str
    question: str = ""  # the question that asks about this thing, if one does
    unless: tuple[str, ...] = ()  # words that, anywhere in the reply, make these words not count (they say it is meant)


@dataclass(frozen=True)
class Field:
    """A question's subject: ``about`` as said back, the words naming it (``subject``), words naming it among
    others (``covering``: "all steps"), the bare number naming it in a numbered series (``numbered``), and
    the other things a reply may be about instead (``others``)."""

    question: str
    about: str
    subject: tuple[str, ...]
    covering: tuple[str, ...]
    numbered: tuple[str, ...]
    others: tuple[OtherThing, ...]


def _words(raw: Any, where: str, required: bool = False) -> tuple[str, ...]:
    if raw is None and not required:
        return ()
    if not isinstance(raw, list) or any(not isinstance(w, (str, int)) or not str(w).strip() for w in raw):
        raise KnowledgeError(FILE, where, "must be a list of words or phrases")
    return tuple(str(w).strip().lower() for w in raw)


def load_fields(data_dir: Path = DATA_DIR) -> dict[str, Field]:
    raw = read_yaml(data_dir / FILE, "questions")
    if not isinstance(raw, dict) or not raw:
        raise KnowledgeError(FILE, "questions", "must map each question's id to what it is about")
    out: dict[str, Field] = {}
    for qid, entry in raw.items():
        where = f"questions.{qid}"
        if not isinstance(entry, dict):
            raise KnowledgeError(FILE, where, "must be a mapping with about, subject and others")
        about = entry.get("about")
        if not isinstance(about, str) or not about.strip():
            raise KnowledgeError(FILE, f"{where}.about", "must say what the question is about")
        others_raw = entry.get("others")
        if not isinstance(others_raw, list) or not others_raw:
            raise KnowledgeError(FILE, f"{where}.others", "must list groups of {words, name}")
        others = []
        for i, group in enumerate(others_raw):
            if not isinstance(group, dict) or not isinstance(group.get("name"), str) or not group["name"].strip():
                raise KnowledgeError(FILE, f"{where}.others[{i}]", "must have words and a name")
            asks = group.get("question", "")
            if not isinstance(asks, str) or set(group) - {"words", "name", "question", "unless"}:
                raise KnowledgeError(FILE, f"{where}.others[{i}]", "has only words, name, question (an id) and unless")
            others.append(OtherThing(_words(group.get("words"), f"{where}.others[{i}].words", True),
                                     group["name"].strip(), asks, _words(group.get("unless"), f"{where}.others[{i}].unless")))
        unknown = set(entry) - {"about", "subject", "covering", "numbered", "others"}
        if unknown:
            raise KnowledgeError(FILE, f"{where}.{sorted(unknown)[0]}", "is not a field of this file")
        out[str(qid)] = Field(str(qid), about.strip(), _words(entry.get("subject"), f"{where}.subject", True),
                              _words(entry.get("covering"), f"{where}.covering"),
                              _words(entry.get("numbered"), f"{where}.numbered"), tuple(others))
    return out


@lru_cache(maxsize=1)
def fields() -> dict[str, Field]:
    return load_fields()


def check_fields(found: dict[str, Field], question_ids: tuple[str, ...]) -> None:
    """Every field is a question's, and every question a group names is another question."""
    for qid, f in found.items():
        if qid not in question_ids:
            raise KnowledgeError(FILE, f"questions.{qid}", "is not a question id of questions.yaml")
        for i, other in enumerate(f.others):
            if other.question and (other.question not in question_ids or other.question == qid):
                raise KnowledgeError(FILE, f"questions.{qid}.others[{i}].question",
                                     f"'{other.question}' is not another question's id")
