"""A green card or US citizenship named at the visa question but not held now: given up, past, only on its way or
wished for ("I gave up my green card", "former US citizen", "green card holder until 2020", "J1 fine until I get
GC", "green card in hand by June", "US citizen? I wish"). Read as "no visa needed", it would take the visa out of
every list, so it is asked, naming the words. Also asked: a no said to the J-1 read as "J-1 is fine" ("nope to J1",
"J1 🙅"), and research output said not accepted or retracted ("a radiology abstract, not accepted").

Pure; a last check of ``dialogs.reading.understand`` (round 23b).
"""

from __future__ import annotations

import re

from dialogs.reading_base import Reading, Value, _ask, quoted

#: Words that put a green card or a citizenship in the past, the future or a wish.
_NOT_HELD = re.compile(
    r"\b(?:gave|give|given|giving)\s+(?:it\s+)?up\b|\babandon\w*|\bsurrender\w*|\brenounc\w*|\brelinquish\w*|"
    r"\bformer(?:ly)?\b|\bex[\s-]+(?:us|american|green)\b|\buntil\b|\btill\b|\bin\s+hand\s+by\b|\bby\s+then\b|"
    r"\bby\s+the\s+time\b|\bi\s+wish\b|\bwish\s+i\b|\bif\s+only\b|\brevoked\b|\blost\s+(?:it|my)\b|\bexpired\b|\blapsed\b",
    re.IGNORECASE)

#: A no said to the J-1 ("nope to J1", "nah for the J-1").
_NO_TO_J1 = re.compile(r"\b(?:no|nope|nah|naw)\s+(?:to|for)\s+(?:the\s+|a\s+)?j[\s-]?(?:1|one)\b|"
                       r"\bj[\s-]?(?:1|one)\s*[🙅🚫⛔]", re.IGNORECASE)

#: Research output said not to be out: not accepted, retracted.
_NOT_OUT = re.compile(r"\bnot\s+(?:yet\s+)?accepted\b|\bretract\w*", re.IGNORECASE)


def not_held(q_id: str, said: str, reading: Reading, options: tuple[tuple[Value, str], ...]) -> Reading | None:
    """ "No visa needed" read from a reply that says the status is not held now: asked, naming the words."""
    if q_id == "research" and reading.ok and reading.value in ("radiology", "non_radiology"):
        out = _NOT_OUT.search(said)  # "a radiology abstract, not accepted", "my CT paper was retracted"
        if out is not None:
            doubt = quoted(out.group(0))
            return _ask(f"You wrote {doubt}: only work accepted, presented or published counts here. Which fits?",
                        doubt, options)
    if q_id != "visa" or not reading.ok:
        return None
    no_to = _NO_TO_J1.search(said) if reading.value == "j1_ok" else None
    if no_to is not None:  # "nope to J1": a no said to the J-1, never "J-1 is fine"
        doubt = quoted(no_to.group(0))
        return _ask(f"You wrote {doubt}. Is the J-1 ruled out for you (H-1B only), or would you still train on it if "
                    "you had to?", doubt, options)
    m = _NOT_HELD.search(said) if reading.value == "no_visa_needed" else None
    if m is None:
        return None
    doubt = quoted(m.group(0))
    return _ask(f"You wrote {doubt}: no visa is needed only with a green card or US citizenship you hold now. "
                "Which fits how you will train?", doubt, options)
