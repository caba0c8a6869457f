"""Yes/no and choice replies whose words around the answer are a reason, an echo or a slip put right (round 17b).

- A **"no" that belongs to a noun in a reason** ("It is very important; I have no more savings", "no job right now",
  "nothing else back home") is not the answer No at a yes/no question: the phrase is set aside and the rest is read;
  with nothing else to read, it is asked, naming the phrase. A phrase the question's own words read as an answer
  ("no money", "no choice" at must-match: a Yes) is kept.
- **A conclusion after a long reason** ("..., I don't know what I will do. So yes."): a plain "so yes"/"so no" at
  the end is the answer, unless the reason before it hedges ("not sure", "maybe", "I don't know if") or reads as the
  other answer on its own. "I don't know what/how I will..." is a worry in the reason, not a doubt about the answer.
- **The top priority denied outright** ("Not the top priority, family comes first, but I would like to stay") at a
  question about the TOP priority is No: a wish after "but" does not make it the top; the wish is named. Anything
  else after the "but" ("but it will be after residency") is asked.
- **An echo of the answer before with a word of its own** ("same, no", "like before, none") is read from that word.
- **A leading bare answer, then a reason** ("no can wait", "nah, flexible", "yes cant wait") at a yes/no question
  (round 19a): the opening word is the answer and the rest its reason, never a phrase the "no" negates ("no can wait"
  is not "cannot wait"). A reason that reads as the other answer ("no I cant wait") is asked, naming both.
- **A typo put right with "*"** ("Green car holder (card*)", "yas *yes"): the word one slip from the starred one is
  replaced, and the reading says so.

Pure; called from ``dialogs.reading`` with the reader to read a part of the reply.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz.distance import OSA

from dialogs.reading_base import Reading, _ask, _label, _read, quoted, with_note
from dialogs.reading_limits import hedge_in
from dialogs.sentence import NOT_NEGATIONS
from knowledge.loader import Question

_NOUNS = (r"savings?|money|cash|funds?|income|salary|stipend|jobs?|work|employment|time|choices?|options?|"
          r"alternatives?|backups?|support|help|home|house|place|chances?|scholarship|insurance|loans?|sponsor|family|"
          r"visa\s+left|status")
#: Not "future", "life", "prospects", "scope": a reply says where ("no future in the US"), which decides the answer.
#: A noun after the reason's noun is the head the "no" belongs to ("no future plans to stay", "no time pressure"): the
#: answer's own words, not a reason.
_HEADS = (r"(?:plans?|planning|intentions?|intent|pressure|issues?|problems?|worries|worry|concerns?|frame|limits?|"
          r"constraints?|stress|rush|hurry|need|reasons?|interest|desire|wish|goals?|thoughts?)\b")
#: A "no" that is a determiner of a noun ("no more savings", "no other income", "no job left"), or "nothing else".
_REASON_NO = re.compile(
    rf"\b(?:no|zero)\s+(?:more\s+|other\s+|further\s+|real\s+|stable\s+|steady\s+|fixed\s+|regular\s+|proper\s+|"
    rf"good\s+|decent\s+)?(?:{_NOUNS})\b(?!\s+{_HEADS})(?:\s+(?:left|anymore|remaining))?"
    r"|\bnothing\s+(?:else|left|more)\b", re.IGNORECASE)

#: A plain conclusion closing the reply: "So yes.", "..., so no", "long story short, yes".
_CONCLUSION = re.compile(r"(?:^|[.!;,…]\s*|\s)(?:so|hence|therefore|thus|in short|long story short|bottom line|so basically|"
                         r"so the answer is)\s*[,:]?\s*(yes|yeah|yep|yup|no|nope|nah)\s*[.!]*\s*$", re.IGNORECASE)
#: Worry in a reason, not doubt about the answer: "I don't know what I will do", "do not know how we would manage".
_WORRY = re.compile(r"\b(?:i\s+|we\s+)?(?:don'?t|dont|do\s+not|really\s+don'?t)\s+know\s+(?:what|how|where|who)\b[^.,;!?]*",
                    re.IGNORECASE)
_UNSURE = re.compile(r"\b(?:not\s+sure|unsure|no\s+idea|idk|dunno|don'?t\s+know|dont\s+know|do\s+not\s+know|"
                     r"not\s+certain|can'?t\s+say|cannot\s+say|undecided|confused)\b", re.IGNORECASE)

#: The top priority denied outright, opening the reply.
_NOT_TOP = re.compile(r"^\s*(?:it'?s\s+|it\s+is\s+|staying\s+is\s+|that'?s\s+)?not\s+(?:the\s+|my\s+|a\s+|our\s+)?"
                      r"(?:top\s+|main\s+|first\s+|biggest\s+)?priority\b|^\s*not\s+(?:the\s+|my\s+)?top\b", re.IGNORECASE)
_CONTRAST = re.compile(r"\b(?:but|though|tho|although|however|yet)\b", re.IGNORECASE)
_WISH = re.compile(r"\b(?:would\s+(?:like|love|prefer)|i'?d\s+(?:like|love|prefer)|id\s+(?:like|love)|hope|hoping|"
                   r"wish|want\s+to|wanna|prefer|nice\s+to|happy\s+to)\b", re.IGNORECASE)
_STILL_TOP = re.compile(r"\b(?:yes|yeah|yep|top|priority|essential|must|first|most|will\s+be|main|crucial|number\s+one)\b",
                        re.IGNORECASE)

#: An echo of the answer before, then a word of its own: "same, no", "like before, none", "Same. Nothing."
_ECHO_THEN = re.compile(r"(?:it'?s\s+)?(?:the\s+)?(?:same(?:\s+(?:as|like)\s+(?:above|before|earlier|previous|last|"
                        r"the\s+last\s+one|the\s+previous\s+one|the\s+one\s+before|my\s+last\s+answer))?|like\s+before|"
                        r"as\s+before|ditto)[\s,.:;!-]+(no|none|nope|nah|nothing|zero|never|not\s+yet|yes|yeah|yep|"
                        r"neutral)[.!\s]*", re.IGNORECASE)

#: Words a "*" never replaces: a negation or a small word one slip from another ("not" from "no*", "on" from "no*").
_KEPT = frozenset("no not now nor non none never nope yes yet an and any on or one in is it".split())
#: The word a "*" puts right: "(card*)", "card*", "*card".
_STAR = re.compile(r"\(\s*\*?\s*([a-z]{2,})\s*\*?\s*\)|(?<![\w*])\*([a-z]{2,})\b|\b([a-z]{2,})\*(?![\w*])", re.IGNORECASE)


def reason_no(q: Question, text: str, reading: Reading, reread: Callable[[str], Reading]) -> Reading | None:
    """At a yes/no question, a "no" that belongs to a noun in a reason set aside: the rest read, or asked naming it."""
    if q.kind != "boolean" or (reading.ok and reading.value is not False):
        return None
    phrases = []
    for m in _REASON_NO.finditer(text):
        alone = reread(m.group(0))
        if alone.ok and alone.value is not False:  # "no money", "no choice" at must-match: the question's own Yes
            continue
        phrases.append(m)
    if not phrases:
        return None
    masked = text
    for m in reversed(phrases):
        masked = masked[:m.start()] + masked[m.end():]
    named = " and ".join(quoted(m.group(0)) for m in phrases)
    note = f"{named} {'are reasons' if len(phrases) > 1 else 'is a reason'}, not the answer No"
    again = reread(masked) if re.search(r"\w", masked) else Reading()
    if again.ok:
        if reading.ok and again.value == reading.value:
            return None
        return _read(again.value, with_note(again.said or _label(q, again.value), note))
    if not reading.ok and reading.candidates:
        return None  # asked already, for a reason of its own
    return _ask(f"You wrote {named}: a reason, not the answer No, so I have not noted anything. Which fits?", named,
                ((True, _label(q, True)), (False, _label(q, False))))


def concluded(q: Question, text: str, reading: Reading, reread: Callable[[str], Reading]) -> Reading | None:
    """A plain "so yes"/"so no" closing a long reason is the answer, when the reason neither hedges nor says the other."""
    if q.kind not in ("boolean", "choice") or reading.ok:
        return None
    m = _CONCLUSION.search(text)
    if not m or not m.start():
        return None
    body = _WORRY.sub(" ", text[:m.start()])
    if hedge_in(body) or _UNSURE.search(body) or "?" in body:
        return None
    end = reread(m.group(1))
    if not end.ok:
        return None
    before = reread(body) if re.search(r"\w", body) else Reading()
    if (before.ok and before.value != end.value) or (not before.ok and _denies(before)):
        return None  # "I can wait another year, so yes": the reason says the other answer
    closing = quoted(text[m.start():].strip(" ,.;!"))
    return _read(end.value, with_note(_label(q, end.value), f"you concluded {closing}"))


def _denies(r: Reading) -> bool:
    """A reading asked because the reason itself names two answers (not only because it found none)."""
    return bool(r.candidates) and "more than one" in r.error


def top_denied(q: Question, text: str, reading: Reading, reread: Callable[[str], Reading]) -> Reading | None:
    """ "Not the top priority, ..., but I would like to stay" at a TOP-priority question: No, the wish named."""
    if q.kind != "boolean" or "top priority" not in q.prompt.lower() or not _NOT_TOP.search(text):
        return None
    cut = _CONTRAST.search(text)
    if not cut:
        return None
    after = text[cut.end():].strip(" ,.;!")
    if _WISH.search(after) and not _STILL_TOP.search(after):
        return _read(False, with_note(_label(q, False), f"{quoted(after)} is a wish, not the top priority"))
    if reading.ok and reading.value is False and reread(after).value is not False:
        doubt = quoted(after)
        return _ask(f"You wrote it is not the top priority, but also {doubt}. Which fits now?", doubt,
                    ((False, _label(q, False)), (True, _label(q, True))))
    return None


#: A bare yes or no opening the reply, then the rest: "no can wait", "nah, flexible", "Yes. Crucial."
_LEAD = re.compile(r"^\s*(no|nah|nope|naa|yes|yeah|yep|yup|ya)\b([\s,.!;:]+)(?=\S)(.*?)[\s.!]*$",
                   re.IGNORECASE | re.DOTALL)
#: A "no" that opens a phrase of its own, not the answer: "no way I can wait", "no longer", "no-brainer".
_NO_PHRASE = ("no way", "no longer", "no brainer", "no more", "no matter", "nope not")


def leading_answer(q: Question, text: str, reading: Reading, reread: Callable[[str], Reading]) -> Reading | None:
    """At a yes/no question, a bare yes/no opening the reply that was read as the OTHER answer ("no can wait" read as
    "cannot wait"): the opening word is the answer when its reason agrees, and asked naming both when the reason reads
    as the other answer, or reads nothing after a comma."""
    m = _LEAD.match(text)
    if q.kind != "boolean" or m is None:
        return None
    said = " ".join(re.findall(r"[\w']+", text.lower()))
    joined = (*(" ".join(p) for p in NOT_NEGATIONS), *_NO_PHRASE, *(ph for _, phs in q.reading.keywords for ph in phs))
    if _REASON_NO.match(text.strip()) or any(" " in ph and re.match(rf"{re.escape(ph)}\b", said) for ph in joined):
        return None  # "no money", "no doubt", "no more savings": the "no" belongs to the phrase
    lead = reread(m.group(1))
    if not lead.ok or not reading.ok and reading.candidates:
        return None  # asked already, for a doubt of its own
    rest = m.group(3)
    if not m.group(2).strip() and re.match(rf"(?:{_NOUNS}|future|{_HEADS})", rest, re.IGNORECASE):
        return None  # "no plans to go back", "no intention to return": the "no" is the noun's, not the answer
    alone = reread(rest)
    alone = reason_no(q, rest, alone, reread) or alone  # "yes, no more savings": the reason's "no" set aside
    if reading.ok and reading.value == lead.value and not (alone.ok and alone.value != lead.value):
        return None  # read as the opening word says, and the reason does not say the other answer
    if alone.ok and alone.value == lead.value:
        return _read(lead.value, with_note(_label(q, lead.value), f"{quoted(rest)} read as your reason"))
    if not reading.ok or not alone.ok and not m.group(2).strip():
        return None  # nothing read, or "no plans to go back": the "no" may belong to the words after it
    doubt = f"{quoted(m.group(1))} and {quoted(rest)}"
    return _ask(f"You wrote {doubt}, which I read as {_label(q, lead.value)} and {_label(q, not lead.value)}, so I "
                "have not noted anything. Which fits?", doubt,
                ((lead.value, _label(q, lead.value)), (not lead.value, _label(q, not lead.value))))


def echo_then(text: str) -> str:
    """The word of its own after an echo of the answer before ("same, no": "no"), or ""."""
    m = _ECHO_THEN.fullmatch(" ".join(text.split()))
    return m.group(1) if m else ""


def star_fixed(text: str) -> tuple[str, str, str]:
    """The reply with the word a "*" puts right replaced (text, typed, meant), or ("", "", "") when it fixes nothing."""
    m = _STAR.search(text)
    if not m:
        return "", "", ""
    meant = next(g for g in m.groups() if g)
    rest = (text[:m.start()] + text[m.end():]).strip(" .,;")
    words = [(w.start(), w.end(), w.group(0)) for w in re.finditer(r"[A-Za-z]+", rest)]
    close = [(s, e, w) for s, e, w in words if w.lower() != meant.lower() and w.lower() not in _KEPT and
             OSA.distance(w.lower(), meant.lower()) == 1]
    if len(close) != 1:
        return "", "", ""
    s, e, typed = close[0]
    return rest[:s] + meant + rest[e:], typed, meant
