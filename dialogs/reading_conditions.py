"""Two kinds of reply at Step 3 and the opinion questions that read as a plain answer but hang on something else
(issue 23, round 21a):

- **A plan or a liking on a condition** ("Will take it only if I end up needing H1B", "I'll take it if needed",
  "only once I'm in residency", "planning it, depending on my visa"; "academic is ok as long as research is not
  mandatory", "enjoy them provided ...", "on condition that ..."): the answer holds only if something else does,
  which the reader cannot weigh. Asked back, naming the condition, with the value read offered first. Asides that
  look like conditions and are not ("if I'm honest", "if anything", "even if", "not sure if", "if so") leave the value.
  Round 9's ``humble`` rule asked only when the condition's own words read another value; these read nothing, so
  they slipped.
- **"Not planned yet", with a first step** ("not planned yet, first I have to pass CK", "no plans yet, first I want
  to match"): not yet planned because something comes first, which may mean planned later. Asked, offering Not planned
  and Planning to take it.

Pure; called from ``dialogs.reading.understand``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dialogs.reading_base import Reading, Value, _ask, quoted

#: Words that make what they govern a condition on the answer.
_CONDITION = re.compile(
    r"\b(?:only\s+if|only\s+when|only\s+once|only\s+after|only\s+in\s+case|just\s+in\s+case|in\s+case|if|unless|"
    r"as\s+long\s+as|so\s+long\s+as|provided(?:\s+that)?|providing(?:\s+that)?|on\s+(?:the\s+)?condition(?:\s+that)?|"
    r"depending\s+on|depends\s+on|dependent\s+on|assuming|as\s+and\s+when)\b", re.IGNORECASE)
#: An "if" that sets no condition on the answer: a doubt, an aside, or a concession.
_ASIDE = re.compile(
    r"\b(?:even\s+if|not\s+sure\s+if|unsure\s+if|wonder(?:ing)?\s+if|as\s+if|if\s+any(?:thing)?|if\s+so|if\s+not|"
    r"if\s+that(?:\s+makes\s+sense)?|if\s+you\s+(?:ask|want|must|need)|if\s+i\s+(?:am|'m|m)\s+(?:being\s+)?honest|"
    r"if\s+i'?m\s+(?:being\s+)?honest|if\s+i\s+remember|if\s+i\s+recall|if\s+it\s+matters|if\s+it\s+helps|"
    r"see\s+if|check\s+if|ask(?:ed)?\s+if|know\s+if|idk\s+if|dunno\s+if|no\s+idea\s+if|if\s+i\s+can|"
    r"if\s+i\s+could|if\s+possible|if\s+at\s+all\s+possible|if\s+given\s+(?:the|a)\s+choice|if\s+i\s+had\s+(?:the|a)\s+choice)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;.!?]|\s[-–—]\s|\b(?:but|though|although|so)\b", re.IGNORECASE)
#: The questions whose answer may hang on a condition the reader cannot weigh: Step 3's plan and the likings.
_OPINIONS = frozenset({"enjoy", "neutral", "avoid"})


def _asks_condition(q_id: str, values: set[Value], reading: Reading) -> bool:
    if q_id == "step3":
        return reading.value in ("planned", "not_planned")
    return values == _OPINIONS


def on_condition(q_id: str, values: set[Value], text: str, reading: Reading,
                 options: tuple[tuple[Value, str], ...], label: Callable[[Value], str]) -> Reading | None:
    """A plan at Step 3, or a liking, read from a reply that also sets a condition on it: asked, naming the
    condition (from its word to the end of its clause), the value read offered first; None to keep the value."""
    if not reading.ok or not _asks_condition(q_id, values, reading):
        return None
    plain = _ASIDE.sub(lambda m: " " * len(m.group(0)), text)
    cond = _CONDITION.search(plain)
    if cond is None:
        return None
    end = _CLAUSE_END.search(text, cond.end())
    stop = end.start() if end else len(text)
    if end and text[end.start()] == "," and not text[:cond.start()].strip():  # "if X, Y": the clause it governs
        after = _CLAUSE_END.search(text, end.end())
        stop = after.start() if after else len(text)
    doubt = quoted(text[cond.start():stop].strip(" ,"), 60)
    first = tuple(o for o in options if o[0] == reading.value)
    offered = (*first, *(o for o in options if o[0] != reading.value and o[0] != "passed"))
    return _ask(f"You wrote {doubt}: a condition, so I have not noted “{label(reading.value)}”. As things stand "
                "today, which fits?", doubt, offered)


#: "not planned yet", "no plans yet", "haven't planned it yet", "not yet planned".
_NOT_YET = re.compile(r"\b(?:not\s+(?:planned|planning|plan)(?:\s+\w+)?\s+yet|no\s+plans?\s+(?:\w+\s+)?yet|"
                      r"(?:have\s*n[o']?t|havent|have\s+not)\s+planned(?:\s+\w+)?\s+yet|not\s+yet\s+planned)\b",
                      re.IGNORECASE)
#: Something that comes first: a step before the plan.
_FIRST = re.compile(r"\b(?:first|firstly|before\s+that|after|once|until|till|then)\b", re.IGNORECASE)


def not_yet_first(q_id: str, text: str, reading: Reading, options: tuple[tuple[Value, str], ...]) -> Reading | None:
    """ "not planned yet, first I have to pass CK" at Step 3, read as Not planned: not yet, because a step comes
    first, may be a plan for later. Asked, offering Not planned and Planning to take it."""
    if q_id != "step3" or not reading.ok or reading.value != "not_planned":
        return None
    yet = _NOT_YET.search(text)
    if yet is None or not _FIRST.search(text, yet.end()) and not _FIRST.search(text[:yet.start()]):
        return None
    doubt = quoted(text.strip(), 60)
    offered = tuple(o for v in ("not_planned", "planned") for o in options if o[0] == v)
    return _ask(f"You wrote {doubt}: not planned yet, with a step that comes first. Is Step 3 not planned, or "
                "planned for after that?", doubt, offered)
