"""Likings said and then undone (issue 23, round 23a), at the liking and yes/no questions, from a stress grid of my
own wordings at the seven liking and rating questions:

- **A liking that was, not that is** ("I used to love neuro, not anymore", "I loved neuro in med school, now not so
  much", "at first I liked neuro, then I got bored"): the liking is past; the reply says it ended. Asked, naming the
  change, the dislike offered first.
- **A liking on a hypothetical** ("I would love neuro if I had more time", "I'd love to stay if I get a job") at the
  yes/no questions, which round 21a's condition rule does not cover: asked, naming the condition.
- **A liking taken back as a joke** ("I love neuro... not", "love it lol jk"): asked.
- **A liking wished for** ("I wish I liked research", "I want to like neuro"): not a liking today. Asked.
- **English as it was, or as wished** ("used to be strong, now rusty", "used to be weak", "I wish it was strong",
  "native... not"): the rating read is of another time, or not meant. Asked.

Each leaves a dislike or a no alone at the liking and yes/no questions: only a liking or a yes is held back. Pure; called last from
``dialogs.reading.understand``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dialogs.reading_base import Options, Reading, Value, _ask, quoted
from dialogs.reading_conditions import _ASIDE


_LIKINGS = ("patient_contact", "pattern_recognition", "academic_environment", "neuro_interest")
_YES_NO = ("neuro_interest", "long_term_us_priority", "must_match_this_cycle")
_LIKED = {"enjoy", True}

_WAS = re.compile(r"\b(?:used\s+to\s+(?:love|like|enjoy|be\s+(?:into|interested|passionate))|(?:loved|liked|enjoyed)|"
                  r"was\s+(?:really\s+|very\s+|so\s+)?(?:into|interested\s+in|passionate\s+about|fascinated\s+by))\b",
                  re.IGNORECASE)
_ENDED = re.compile(r"\b(?:not\s+any\s*more|no\s+longer|not\s+so\s+much(?:\s+now)?|now\s+not\s+(?:so\s+much|really)|"
                    r"any\s*more|(?:then|later|now)\s+(?:i\s+)?(?:got|get|am|i'?m|feel)\s+(?:\w+\s+)?(?:bored|tired|"
                    r"sick|burn(?:ed|t)\s+out|over\s+it)|lost\s+(?:the\s+|my\s+|all\s+)?(?:interest|passion|love)|"
                    r"(?:it\s+)?faded|changed\s+my\s+mind|not\s+now|now\s+(?:i\s+)?(?:hate|dislike|don'?t))\b",
                    re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"(?:\b(?:would|wd)\s+|'d\s+)(?:really\s+|probably\s+|definitely\s+)?(?:love|like|enjoy|want|"
                           r"prefer|stay|settle|be\s+(?:happy|glad|interested))\b", re.IGNORECASE)
_WISHED = re.compile(r"\b(?:wish\s+(?:i\s+|it\s+|my\s+\w+\s+)?(?:liked|loved|enjoyed|was|were|could|had|is)|"
                     r"(?:want|wanted|trying|try|hope|hoping)\s+to\s+(?:like|love|enjoy|get\s+into))\b", re.IGNORECASE)
_ENGLISH_WAS = re.compile(r"\b(?:used\s+to\s+be|was\s+(?:\w+\s+)?(?:before|back\s+then|in\s+school)|"
                          r"(?:before|back\s+then)\s+it\s+was)\b", re.IGNORECASE)
_IF = re.compile(r"\b(?:if|unless|only\s+when|as\s+long\s+as|provided)\b", re.IGNORECASE)
_NOW = re.compile(r"\b(?:now|today|these\s+days|currently|nowadays)\b", re.IGNORECASE)
_JOKE = re.compile(r"(?:\.\.\.|…|,|!|\s)\s*\(?not\)?[.!]*\s*$|\b(?:jk|just\s+kidding|kidding|lol\s+no|haha\s+no)\b[.!]*",
                   re.IGNORECASE)


def _liked(q_id: str, reading: Reading) -> bool:
    return reading.ok and (q_id == "english" or reading.value in _LIKED and (q_id in _LIKINGS or q_id in _YES_NO))


def _offered_dislike_first(options: Options, value: Value) -> Options:
    return (*(o for o in options if o[0] != value), *(o for o in options if o[0] == value))


def liking_taken_back(q_id: str, text: str, reading: Reading, reread: Callable[[str], Reading],
                      options: Options) -> Reading | None:
    """A liking read at a liking or yes/no question from a reply that says it ended, hangs on a hypothetical, was a
    joke or a wish, or English rated as it was: asked, naming those words. English as it was beside how it is now,
    read the same from the "now" part alone, keeps its value ("I used to be weak, now I'm fluent")."""
    if not _liked(q_id, reading):
        return None
    wished = _WISHED.search(text)
    if wished is not None:
        doubt = quoted(wished.group(0))
        return _ask(f"You wrote {doubt}: a wish, not how it is today. Which fits today?", doubt,
                    _offered_dislike_first(options, reading.value) if q_id != "english" else options)
    was_said = _ENGLISH_WAS.search(text) if q_id == "english" else None
    now = _NOW.search(text, was_said.end()) if was_said else None
    if was_said is not None and (now is None or reread(text[now.start():]).value != reading.value):
        doubt = quoted(was_said.group(0))
        return _ask(f"You wrote {doubt}: that is how it was. How is your English today?", doubt, options)
    was = _WAS.search(text)
    ended = _ENDED.search(text, was.end()) if was else None
    if was is not None and ended is not None:
        doubt = f"{quoted(was.group(0))} and {quoted(ended.group(0))}"
        return _ask(f"You wrote {doubt}: that sounds like a liking that has changed. Which fits today?", doubt,
                    _offered_dislike_first(options, reading.value))
    plain = _ASIDE.sub(lambda m: " " * len(m.group(0)), text)
    would = _HYPOTHETICAL.search(plain)
    cond = _IF.search(plain, would.end()) if would and q_id in _YES_NO else None
    if cond is not None:
        doubt = quoted(text[cond.start():].strip(" .,!"), 60)
        return _ask(f"You wrote {doubt}: a condition, so I have not noted it. As things stand today, which fits?",
                    doubt, options)
    joke = _JOKE.search(text)
    if joke is not None:
        doubt = quoted(joke.group(0).strip(" .,!…"))
        return _ask(f"You wrote {doubt} at the end: I cannot tell whether you mean it. Which fits?", doubt,
                    _offered_dislike_first(options, reading.value) if q_id != "english" else options)
    return None
