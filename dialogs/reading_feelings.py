"""A feeling where a rating was asked, and a yes limited to one specialty (issue 23, round 24a).

- **English: a feeling beside others' view, or beside a rating** ("people tell me it's good but honestly I'm not
  confident", "my friends say it's strong but I don't feel confident", "I'm fluent, I just lack confidence"). Others'
  view is set aside; the user's own words are a feeling (not confident, nervous, shy, not sure of myself, insecure),
  not a rating. Asked, naming the feeling, offering Average and Needs work, and Strong when others or the user say
  so. A feeling alone ("I get nervous", "not confident") still reads Needs work, as the labelled sets have it; a rating
  of the user's own that is low ("needs work, I get nervous") still reads.
- **Must match this cycle: a yes limited to one specialty** ("Yes but only radiology, I won't take a prelim or any
  other specialty", "yes, radiology only", "only if radiology", "yes but not a backup"). The question asks whether
  matching into *some* residency this cycle is essential; a yes for radiology alone is a condition on the answer.
  Asked, naming the limit and saying what each answer means for the plan. A no is left alone. "No plan B", "no
  backup" and "nothing else for me back home" are an emphatic yes (the question's own keywords), not a limit.

Pure; called last from ``dialogs.reading.understand``.
"""

from __future__ import annotations

import re

from dialogs.reading_base import Options, Reading, _ask, quoted


_FEELING = re.compile(
    r"\b(?:(?:not|never|don'?t|dont|doesn'?t|isn'?t|ain'?t)\s+(?:\w+\s+){0,2}(?:confident|sure\s+of\s+myself|"
    r"comfortable)|un-?confident|"
    r"lack(?:s|ing)?\s+(?:of\s+)?(?:self[\s-]*)?confidence|low\s+(?:self[\s-]*)?confidence|no\s+confidence|"
    r"nervous|anxious|shy|insecure|self[\s-]*conscious|scared|afraid|hesitant|hesitate|stage\s+fright)\b",
    re.IGNORECASE)
_OTHERS = re.compile(
    r"\b(?:people|others|everyone|everybody|friends?|colleagues?|teachers?|attendings?|patients|they|my\s+\w+)\s+"
    r"(?:\w+\s+){0,2}(?:tell|told|say|said|says|think|thinks|thought|call|compliment|praise)\b|"
    r"\b(?:i'?m|i\s+am|i'?ve\s+been|i\s+was|been|was)\s+told\b|\b(?:according\s+to|apparently)\b",
    re.IGNORECASE)
#: A low rating of the user's own: the feeling then explains it.
_OWN_LOW = re.compile(r"\b(?:needs?\s+(?:some\s+|more\s+)?work|weak|poor|bad|not\s+(?:so\s+|very\s+)?(?:great|good|"
                      r"fluent)|need\s+to\s+(?:improve|work)|must\s+improve|struggl\w*|broken)\b", re.IGNORECASE)
_OWN_HIGH = re.compile(r"\b(?:fluent|native|excellent|strong|very\s+good|proficient|first\s+language|"
                       r"mother\s+tongue)\b", re.IGNORECASE)


def feeling_not_rating(q_id: str, text: str, reading: Reading, options: Options) -> Reading | None:
    """English read from a reply whose own words are a feeling, beside others' view or a high rating: asked. A reply
    not understood is asked the same way; one already asked, naming its own doubt, is left as asked."""
    if q_id != "english" or not reading.ok and reading.candidates:
        return None
    feeling = _FEELING.search(text)
    if feeling is None:
        return None
    others = _OTHERS.search(text)
    plain = _FEELING.sub(" ", text)
    high = _OWN_HIGH.search(plain)
    if others is None and high is None or _OWN_LOW.search(plain):
        return None
    if reading.ok and reading.value == "average" and others is None:
        return None  # "average, I get nervous": the user's own rating
    doubt = quoted(feeling.group(0))
    wanted = ("average", "weak", "strong") if others or high else ("average", "weak")
    offered = tuple(o for v in wanted for o in options if o[0] == v)
    aside = "what others say is theirs, and " if others else ""
    return _ask(f"You wrote {doubt}: {aside}that is how speaking feels to you, not yet a rating, so I have not "
                "noted one. Nerves are common and practice helps. Which is closest to how you speak?", doubt, offered)


_RADIOLOGY = r"(?:radiology|rads?|dr|diagnostic\s+radiology|ir|interventional(?:\s+radiology)?|radiology\s+\w+)"
_LIMIT = re.compile(
    rf"\b(?:only\s+(?:if\s+(?:it'?s\s+|it\s+is\s+)?|for\s+|in\s+|into\s+|applying\s+(?:to\s+)?)?{_RADIOLOGY}|"
    rf"{_RADIOLOGY}\s+(?:or\s+\w+\s+)?only|{_RADIOLOGY}\s+or\s+nothing|as\s+long\s+as\s+(?:it'?s\s+|it\s+is\s+)?"
    rf"{_RADIOLOGY}|not\s+(?:a\s+|any\s+)?(?:backups?|back-ups?|prelims?)|"
    r"(?:won'?t|will\s+not|wont|not\s+going\s+to|don'?t\s+want\s+to|refuse\s+to)\s+(?:take|do|accept|apply\s+to)\s+"
    r"(?:a\s+|an\s+|any\s+)?(?:prelim|backup|other|im|fm|internal|family|transitional|ty|surgery)\w*|"
    r"(?:no|not\s+any)\s+other\s+specialt\w+|only\s+(?:applying|apply)\s+(?:to\s+)?{0})\b"
    .replace("{0}", _RADIOLOGY), re.IGNORECASE)
#: A yes open to any residency undoes the limit: "yes, I'd take IM as backup", "even a prelim".
_ANY = re.compile(r"\b(?:any\s+specialt\w+|anything|even\s+a\s+prelim|as\s+(?:a\s+)?backup|"
                  r"backups?\s+(?:too|as\s+well)|"
                  r"(?:would|will|'d|happy\s+to|ok\s+to|fine\s+with)\s+(?:take|do|accept)\b)", re.IGNORECASE)


def yes_for_one_specialty(q_id: str, text: str, reading: Reading, options: Options) -> Reading | None:
    """A yes at Must match this cycle, limited to radiology: asked, naming the limit and what each answer means."""
    if q_id != "must_match_this_cycle" or not reading.ok or reading.value is not True:
        return None
    limit = _LIMIT.search(text)
    if limit is None or _ANY.search(text[:limit.start()] + " " * len(limit.group(0)) + text[limit.end():]):
        return None
    doubt = quoted(limit.group(0))
    offered = options or ((True, "Yes"), (False, "No"))
    return _ask(f"You wrote {doubt}: a limit on the yes. This question is whether matching into some residency this "
                "cycle is essential. Yes means the plan adds backup specialties to be sure of a place this cycle; No "
                "means you would rather wait another year than match outside radiology. Which fits?", doubt, offered)


__all__ = ["feeling_not_rating", "yes_for_one_specialty"]
