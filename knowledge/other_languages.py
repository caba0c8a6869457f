"""Words of other languages written in Latin letters, for replies the reader cannot read in English.

Data: ``knowledge/data/other_languages.yaml`` (its header says how it is used). Pure: reads its file only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from knowledge.loader import DATA_DIR, KnowledgeError, read_yaml

FILE = "other_languages.yaml"


@dataclass(frozen=True)
class Language:
    name: str
    words: tuple[tuple[str, str], ...]  # longest phrase first
    vocabulary: frozenset[str] = field(init=False)  # every single word of ``words``' phrases

    def __post_init__(self) -> None:
        object.__setattr__(self, "vocabulary", frozenset(w for phrase, _ in self.words for w in phrase.split()))

    def share(self, text: str) -> tuple[int, int]:
        """How many of the reply's words are this language's, and how many words it has."""
        words = _words(text)
        return len(set(words) & self.vocabulary), len(words)

    def to_english(self, text: str) -> str:
        out = " " + " ".join(re.findall(r"[\w']+|[,;.!?]", text.lower())) + " "  # commas kept: "hindi, uuwi" is "no, ..."
        for phrase, english in self.words:
            out = out.replace(f" {phrase} ", f" {english} " if english else " ")
        return re.sub(r" (?=[,;.!?])", "", " ".join(out.split()))


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.lower())


def load_languages(data_dir: Path = DATA_DIR) -> tuple[Language, ...]:
    raw = read_yaml(data_dir / FILE, "languages")
    if not isinstance(raw, dict) or not raw:
        raise KnowledgeError(FILE, "languages", "must map each language's name to its words")
    out = []
    for name, entry in raw.items():
        words = entry.get("words") if isinstance(entry, dict) else None
        if not isinstance(words, dict) or not words:
            raise KnowledgeError(FILE, f"languages.{name}.words", "must map words to their English")
        for word, english in words.items():
            if not isinstance(word, str) or not isinstance(english, str) or not _words(word):
                raise KnowledgeError(FILE, f"languages.{name}.words.{word}", "word and English must be text")
        pairs = sorted(((" ".join(_words(w)), e) for w, e in words.items()), key=lambda p: -len(p[0].split()))
        out.append(Language(str(name), tuple(pairs)))
    return tuple(out)


@lru_cache(maxsize=1)
def languages() -> tuple[Language, ...]:
    return load_languages()


def written_in(text: str) -> Language | None:
    """The language a whole reply is written in: at least two different words of it are that language's,
    and they are at least a third of its words; None when no language, or two, fit."""
    fits = []
    for lang in languages():
        own, total = lang.share(text)
        if own >= 2 and 3 * own >= total:
            fits.append((own, lang))
    fits.sort(key=lambda f: -f[0])
    if not fits or len(fits) > 1 and fits[0][0] == fits[1][0]:
        return None
    return fits[0][1]
