"""Replies that were asked back though they say their answer plainly (issue 23, round 22a, from the hard development
set 49, each in a grid of wordings):

- **A no with a reason that is a dislike** ("Honestly no, it drains me", "No, I'd rather be in the reading room than
  on the wards") at the enjoy questions: a bare no is asked between Neutral and I'd rather avoid it; a reason of
  being drained, worn out, or rather elsewhere says which. Read as the dislike, said back.
- **A skill beside a liking** ("I like it but I'm slow at it"): how good one is at it is not how much one likes it.
  Read from the rest, the skill said back as set aside.
- **"don't care, wherever I match"** at academic settings: the indifference said twice, not a condition.
- **A no taken back** ("No... well, honestly, yes"): the later answer, said back.
- **"research yes, radiology no"**: research outside radiology.
- **"same one, it was in the radiology department"** at radiology experience, after an observership or elective at
  US clinical experience: that level, in radiology.

Pure; called from ``dialogs.reading.understand``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dialogs.reading_base import Reading, Value, _read, quoted
from knowledge.answers import AnswerMap

_ENJOY_QUESTIONS = frozenset({"patient_contact", "pattern_recognition", "academic_environment"})
_NEGATED = r"(?<!not\s)(?<!n't\s)(?<!dont\s)(?<!never\s)(?<!don't\s)"
#: A reason that is itself a dislike.
_DISLIKE_REASON = re.compile(
    _NEGATED + r"\b(?:drains?|draining|drained|exhausts?|exhausting|exhausted|burns?\s+me\s+out|burnt\s+out|"
    r"burned\s+out|wears?\s+me\s+out|kills?\s+me|hate|hates|can'?t\s+stand|cannot\s+stand|sick\s+of|tired\s+of|"
    r"stresses\s+me(?:\s+out)?|miserable|nightmare|torture|(?:i'?d|i\s+would|would)\s+rather|rather\s+be|"
    r"not\s+for\s+me|not\s+my\s+thing)\b", re.IGNORECASE)
_OPENING_NO = re.compile(r"^\W*(?:(?:honestly|tbh|to\s+be\s+honest|frankly|well)[\s,]+)?(?:no|nope|nah|naw)\b(?P<rest>.*)$",
                         re.IGNORECASE | re.DOTALL)


def no_with_a_dislike(q_id: str, text: str, reading: Reading, label: Callable[[Value], str]) -> Reading | None:
    """ "Honestly no, it drains me": asked between Neutral and the dislike for its no, read as the dislike."""
    values = [v for v, _l in reading.candidates]
    if q_id not in _ENJOY_QUESTIONS or reading.ok or values[:1] not in (["neutral"], ["avoid"]) or "avoid" not in values:
        return None
    m = _OPENING_NO.match(text)
    if m is None:
        return None
    why = _DISLIKE_REASON.search(m.group("rest"))
    if why is None or re.search(r"\b(?:but|though|although|however|still|like|love|enjoy|fine|ok|okay)\b",
                                m.group("rest"), re.IGNORECASE):
        return None
    return _read("avoid", f"{label('avoid')} (you wrote {quoted(text.strip(), 50)})")


#: How good one is at it, not how much one likes it.
_SKILL = re.compile(
    r"(?:,\s*|\s+)(?:but|though|although|just|even\s+though)\s+(?:i\s*'?\s*m|i\s+am|im)\s+(?:still\s+|a\s+bit\s+|kinda\s+|"
    r"very\s+|really\s+|quite\s+|so\s+|pretty\s+)?(?:slow|bad|not\s+(?:good|great|fast|quick|the\s+best)|weak|terrible|average|"
    r"good|great|fast|quick|decent|"
    r"a\s+beginner|new|learning|rusty)(?:\s+(?:at|in|with)\s+(?:it|them|this|that|reading\s+\w+))?(?=$|[\s,.;!])",
    re.IGNORECASE)


def skill_beside_liking(q_id: str, text: str, reading: Reading, reread: Callable[[str], Reading],
                        label: Callable[[Value], str]) -> Reading | None:
    """ "I like it but I'm slow at it", "I hate it but I'm good at it": the liking, read without the skill, the
    skill said back as set aside."""
    if q_id not in _ENJOY_QUESTIONS | {"neuro_interest"} or reading.ok or not reading.candidates:
        return None
    m = _SKILL.search(text)
    if m is None:
        return None
    rest = text[:m.start()]
    after = re.split(r"[,;.!]", text[m.end():], maxsplit=1)
    if re.search(r"\b(?:hate|avoid|boring|bores|dislike|not\s+really|rather)\b", text[m.end():], re.IGNORECASE):
        return None
    alone = reread(rest)
    if not alone.ok:
        return None
    skill = quoted(text[m.start():m.end() + len(after[0]) if len(after) > 1 else len(text)].strip(" ,"), 50)
    return _read(alone.value, f"{label(alone.value)} (set aside {skill}: how good you are at it, not how much you "
                              "like it)")


#: "wherever I match": going where one is taken, said with indifference.
_WHEREVER_MATCH = re.compile(r"[,;.]?\s*(?:i'?ll\s+|i\s+will\s+|i\s+would\s+|i'?d\s+)?(?:go\s+|be\s+happy\s+)?"
                             r"wherever\s+i\s+(?:match|get\s+in|get\s+a\s+spot|get\s+accepted|land|end\s+up)\b.*$",
                             re.IGNORECASE)


def indifferent_wherever(q_id: str, text: str, reading: Reading, reread: Callable[[str], Reading],
                         label: Callable[[Value], str]) -> Reading | None:
    """ "don't care, I'll go wherever I match": Neutral when the rest says it alone; "wherever I match" alone stays
    asked."""
    if q_id not in _ENJOY_QUESTIONS or reading.ok:
        return None
    m = _WHEREVER_MATCH.search(text)
    if m is None or not text[:m.start()].strip(" ,.;"):
        return None
    alone = reread(text[:m.start()])
    if not alone.ok or alone.value != "neutral":
        return None
    return _read("neutral", f"{label('neutral')} (you wrote {quoted(text.strip(), 50)})")


#: A bare yes or no, then taken back: "No... well, honestly, yes", "yes... actually no".
_TAKEN_BACK = re.compile(r"^\W*(?P<first>no|nope|nah|yes|yeah|yep)\s*(?:(?:\.{2,}|…)\s*(?:(?:well|actually|wait|hmm+)\b)?|"
                         r"[,\-]+\s*(?:well|actually|wait|hmm+)\b)[\s,.…]*(?:(?:honestly|actually|to\s+be\s+honest|tbh)"
                         r"[\s,]+)?(?P<then>yes|yeah|yep|no|nope)(?=\s*(?:[.,!;…]|$))", re.IGNORECASE)
_YES = frozenset({"yes", "yeah", "yep"})


def taken_back(q_id: str, kind: str, text: str, reading: Reading, reread: Callable[[str], Reading],
               label: Callable[[Value], str]) -> Reading | None:
    """A yes or no taken back at a yes/no question: the later answer, said back, unless the rest reads the first."""
    if kind != "boolean" or reading.ok:
        return None
    m = _TAKEN_BACK.match(text)
    if m is None or (m.group("first").lower() in _YES) == (m.group("then").lower() in _YES):
        return None
    value = m.group("then").lower() in _YES
    rest = text[m.end():].strip(" ,.;!")
    if rest:
        again = reread(rest)
        if again.ok and again.value is not value:
            return None
    return _read(value, f"{label(value)} (you wrote {quoted(text[:m.end()].strip(), 40)}: the later answer)")


_RESEARCH_YES = re.compile(r"\b(?:re?se?a?rch|reserch|reasearch|papers?|publications?|pubs?)\s*[:\-]?\s*"
                           r"(?:yes|yeah|yep|ya|yup|some|a\s+few|done)\b", re.IGNORECASE)
_RADIOLOGY_NO = re.compile(r"\b(?:rad\w*|imaging)\s*[:\-]?\s*(?:no|nope|nah|none|nothing|zero|0)\b", re.IGNORECASE)


def research_not_radiology(q_id: str, text: str, reading: Reading, label: Callable[[Value], str]) -> Reading | None:
    """ "research yes, radiology no": research outside radiology, said back."""
    if q_id != "research" or reading.ok:
        return None
    if not _RESEARCH_YES.search(text) or not _RADIOLOGY_NO.search(text) or len(text) > 80:
        return None
    return _read("non_radiology", f"{label('non_radiology')} (you wrote {quoted(text.strip(), 50)})")


_SAME_ONE = re.compile(r"^\W*(?:the\s+)?same\s+(?:one|thing|place|observership|elective|rotation|as\s+(?:before|above|"
                       r"that|the\s+last\s+one))\b", re.IGNORECASE)
_IN_RADIOLOGY = re.compile(r"\b(?:radiology|rads|radiologist|radiologists|reading\s+room|imaging)\b", re.IGNORECASE)


def same_one_in_radiology(q_id: str, text: str, reading: Reading, answers: AnswerMap,
                          label: Callable[[Value], str]) -> Reading | None:
    """ "same one, it was in the radiology department", after an observership or elective at US clinical
    experience: that level, in radiology, said back."""
    if q_id != "radiology_experience" or reading.ok:
        return None
    earlier = answers.get("us_clinical_experience")
    if earlier not in ("observership", "hands_on") or not _SAME_ONE.match(text) or not _IN_RADIOLOGY.search(text):
        return None
    if re.search(r"\b(?:no|not|never|none|half|part|partly|some|also|and\s+(?:im|medicine|surgery))\b|n't", text,
                 re.IGNORECASE):
        return None
    return _read(earlier, f"{label(earlier)} (you wrote {quoted(text.strip(), 50)}: the same as your US clinical "
                          "experience)")
