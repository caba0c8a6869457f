"""Three kinds of reply that read as a plain answer and say something else (issue 23, round 22a):

- **The opposite liked, the asked thing denied** ("I like short encounters, not following the same people for
  years" at direct, longitudinal care; "I like procedures, not looking at pictures all day" at imaging; "I like
  MSK, not neuro"): a liking of something the question does not ask about, then a plain denial of what it asks
  ("not", "no", "never", "rather than", "instead of", "without", "hate", "can't stand"), is not enjoying it: read as
  the dislike, said back naming both. A liking of the opposite alone ("I like acute care") is asked by the off-field
  rule (``reading_field``), naming what was liked, through the groups this round added to ``fields.yaml``.
- **Informal shadowing** ("I sat in the reading room for a few days with an attending who is a family friend, it
  was informal, not an official program"): an observership a program cannot verify. Asked, naming the words,
  offering Observership and None yet.
- **Research output after a denial** ("I haven't done any but I have a poster", "nothing published, just one
  poster"): the poster, abstract or case report is output, so the reply is not None yet. Read from that part when it
  names its field, else asked which field, naming it.

Pure; called last from ``dialogs.reading.understand``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dialogs.reading_base import Reading, Value, _ask, _read, quoted
from dialogs.reading_field import COVERING, DENIED, SUBJECT, _marks, _meant
from dialogs.sentence import Sentence, phrase
from knowledge.fields import fields

_LIKINGS = frozenset({"patient_contact", "pattern_recognition", "academic_environment", "neuro_interest"})
#: A liking word, then what is liked.
_LIKE = re.compile(r"\b(?:like|likes|liked|love|loves|loved|enjoy|enjoys|enjoyed|prefer|prefers|preferred|"
                   r"into|fan\s+of|passionate\s+about|drawn\s+to|my\s+thing|favou?rite)\b", re.IGNORECASE)
_NEGATOR = re.compile(r"\b(?:not|no|never|n't|dont|don't|didnt|doesnt|cant|cannot|hate|dislike|avoid)\b|n't",
                      re.IGNORECASE)
#: A plain denial of what follows it.
_DENIAL = re.compile(
    r"(?:^|[,;.!?]\s*|\b(?:and|but|though|while|whereas)\s+|\s[-–—]\s*)(?:(?:and|but)\s+)?(?:definitely\s+|really\s+|"
    r"absolutely\s+)?(?:not(?!\s+(?:only|just|merely|bad|sure|that\b))|no(?!\s+(?:doubt|matter|problem))|never|"
    r"rather\s+than|instead\s+of|without|(?:i\s+)?(?:do\s*n[o']?t|dont|don't|never)\s+(?:like|enjoy|want(?:\s+to)?|"
    r"care\s+for|love)|(?:i\s+)?(?:hate|dislike|avoid|can'?t\s+stand|cannot\s+stand)|not\s+(?:into|a\s+fan\s+of|"
    r"for\s+me))\b|\b(?:rather\s+than|instead\s+of)\b", re.IGNORECASE)
#: A denial of a degree or of having tried ("not purely research", "never really tried reading scans"): no dislike.
_DEGREE = re.compile(r"\b(?:only|just|merely|purely|entirely|exclusively|fully|completely|totally|too|overly|so|"
                     r"very|that|all(?!\s+day)|100|much|tried|try|done|had|been|seen|experience|exposure|chance|sure|"
                     r"yet|less|more|is|are|was|were|issues?|problems?|sad|bad|worst|there|thought|idea|decided|know|"
                     r"knew|followed|sure|either|too|mind)\b",
                     re.IGNORECASE)
#: A liking said with doubt, or of a balance.
_HEDGE = re.compile(r"\?|\b(?:think|guess|maybe|probably|perhaps|kinda|kind\s+of|sort\s+of|suppose|balance|mix|"
                    r"both|middle|combination|somewhat)\b", re.IGNORECASE)
_PRONOUNS = frozenset("it them this that these those everything all both so much very really".split())
_DISLIKE = {"neuro_interest": False}
#: The name ``fields.yaml`` gives the opposite of following patients over time.
_SHORT_CARE = "short, one-off care"


def _names(q_id: str, text: str) -> set[str]:
    field = fields()[q_id]
    return {tag for _s, _e, tag in _marks(field, list(phrase(text)), _meant(field, text))}


def opposite_liked(q_id: str, text: str, reading: Reading, reread: Callable[[str], Reading],
                   label: Callable[[Value], str], options: tuple[tuple[Value, str], ...]) -> Reading | None:
    """ "I like X, not Y", Y what the question asks and X not: the dislike, said back naming both; None to keep."""
    if q_id not in _LIKINGS:
        return None
    dislike: Value = _DISLIKE.get(q_id, "avoid")
    if reading.ok and reading.value == dislike:
        return None
    if reading.ok and q_id == "patient_contact" and _SHORT_CARE in reading.said \
            and not re.search(r"set aside “(?:not|no|never|rather than|instead of)\b", reading.said):  # "I enjoy patients but prefer
        doubt = quoted(text, 60)  # acute settings": the liking set aside is the opposite of following patients
        return _ask(f"You wrote {doubt}: short, one-off care is not following patients over time. Which fits?",
                    doubt, options)
    for deny in _DENIAL.finditer(text):
        before, after = text[:deny.start()], text[deny.end():]
        end = re.search(r"[,;.!?]|\b(?:but|though|although|however)\b", after)
        denied = after[:end.start()] if end else after
        if SUBJECT not in _names(q_id, denied) or _DEGREE.search(denied):
            continue
        liking = _LIKE.search(before)
        if liking is None or _NEGATOR.search(before) or _HEDGE.search(before):
            continue
        liked = re.sub(r"^\W+|\W+$", "", before[liking.end():])
        words = [w for w in phrase(liked) if w not in _PRONOUNS]
        tags = _names(q_id, before)
        if not words:
            continue
        if tags & {SUBJECT, COVERING, DENIED} and not ((alone := reread(before)).ok and alone.value == dislike):
            if reading.ok and reading.value in ("enjoy", True):  # "I enjoy patient contact in short bursts, not
                doubt = quoted(re.sub(r"^\W+|\W+$", "", text[deny.start():deny.end() + len(denied)]), 50)
                return _ask(f"You wrote {doubt}, and this question asks about {fields()[q_id].about}. Which "
                            "fits?", doubt, options)  # following them for years": liked, and what is asked denied
            continue
        if re.search(r"\b(?:but|though|although)\b.*\b(?:like|love|enjoy)\b", after, re.IGNORECASE):
            continue  # "..., not X, but I do like Y": a second thought the reader does not weigh
        what = re.sub(r"^\W+|\W+$", "", text[deny.start():deny.end() + len(denied)])
        return _read(dislike, f"{label(dislike)} (you like {quoted(liked, 50)}, {quoted(what, 50)})")
    return None


#: Shadowing a program cannot verify: informal, unofficial, through a family friend, just sitting in.
_INFORMAL = re.compile(
    r"\b(?:informal(?:ly)?|unofficial(?:ly)?|un-official(?:ly)?|not\s+(?:an?\s+|the\s+)?(?:official|formal|proper|real|"
    r"structured)|(?:was\s*n[o']?t|wasnt|is\s*n[o']?t|isnt)\s+(?:an?\s+|the\s+)?(?:official|formal|proper|real|"
    r"structured)|no\s+(?:formal|official|proper|real)|nothing\s+(?:formal|official)|off\s+the\s+record|"
    r"not\s+(?:through|via|part\s+of|under)\s+(?:an?\s+|any\s+)?(?:program|programme)|no\s+(?:program|programme|"
    r"certificate|paperwork)|without\s+(?:a\s+|any\s+)?(?:program|programme|certificate|paperwork)|"
    r"family\s+friend|friend\s+of\s+(?:the|my)\s+(?:family|dad|father|mom|mother|parents)|"
    r"(?:my\s+)?(?:dad|father|mom|mother|parents|uncle|aunt|cousin)'?s\s+friend|"
    r"through\s+(?:a\s+|my\s+)?(?:friend|relative|uncle|aunt|cousin|connection|contact)s?|"
    r"(?:my|his|her)\s+(?:uncle|aunt|cousin|relative|dad|father|mom|mother|brother|sister|family)'?s\s+(?:practice|clinic|"
    r"office|hospital|reading\s+room)|with\s+my\s+(?:uncle|aunt|cousin|relative|dad|father|mom|mother|brother|sister)|"
    r"(?:just|only|simply)\s+(?:sat|sitting|hung\s+out|hanging\s+out|tagged\s+along|tagging\s+along)|"
    r"tagged\s+along|tagging\s+along|hung\s+out|casual(?:ly)?)\b", re.IGNORECASE)


#: Being with a doctor at work without a program's name for it.
_SAT = re.compile(r"\b(?:sat|sitting|hung\s+out|hanging\s+out|tagged\s+along|tagging\s+along|followed|following|"
                  r"went\s+with|spent\s+(?:time|a\s+few\s+days|\w+\s+(?:days|weeks))\s+with)\b", re.IGNORECASE)


def informal_shadowing(q_id: str, text: str, reading: Reading,
                       options: tuple[tuple[Value, str], ...]) -> Reading | None:
    """An observership read from a reply that calls it informal or unofficial: asked, offering Observership and
    None yet, naming the words; None to keep the reading."""
    if q_id not in ("us_clinical_experience", "radiology_experience"):
        return None
    m = _INFORMAL.search(text)
    refused = not reading.ok and not reading.candidates  # "tagged along with a family friend": no level named
    if m is None or not (reading.ok and reading.value == "observership" or refused and _SAT.search(text)):
        return None
    doubt = quoted(m.group(0), 50)
    offered = tuple(o for v in ("observership", "none") for o in options if o[0] == v)
    return _ask(f"You wrote {doubt}: shadowing outside a program is not an observership a program can check. "
                "Which fits?", doubt, offered)


_OUTPUT = re.compile(r"\b(?:e-?posters?|posters?|abstracts?|case\s+reports?|case\s+series|presentations?|presented|"
                     r"oral\s+presentation|preprints?|thesis|dissertation|papers?|publications?|articles?)\b",
                     re.IGNORECASE)
_PART = re.compile(r"[,;.!?()]|\s[-–—]+\s|\b(?:but|though|although|however|except|apart\s+from|other\s+than|"
                   r"besides|whereas)\b", re.IGNORECASE)
_NOT_OWN_YET = re.compile(r"\b(?:no|not|n't|never|nothing|none|zero|without|nor|plan|planning|planned|will|going\s+to|"
                          r"gonna|want|wants|hope|hoping|working\s+on|submit\w*|under\s+review|in\s+review|review|in\s+progress|ongoing|"
                          r"writing|written|preparing|draft\w*|being|rejected|withdrawn|soon|next|maybe|might|trying|aim\w*)\b|n't",
                         re.IGNORECASE)
#: The user's own having or doing of the output ("I have a poster", "presented a poster", "just one poster").
_HAVING = re.compile(r"\b(?:have|has|had|got|did|do|done|presented|published|one|a|an|\d+|two|three|just|only|my|"
                     r"some|few|couple)\b", re.IGNORECASE)


def output_after_none(q_id: str, text: str, reading: Reading, reread: Callable[[str], Reading],
                      options: tuple[tuple[Value, str], ...], label: Callable[[Value], str]) -> Reading | None:
    """None yet read at research from a reply whose own part also has output ("I haven't done any but I have a
    poster"): that part's field when it names one, else asked which field, naming it; None to keep the reading."""
    if q_id != "research" or not reading.ok or reading.value != "none":
        return None
    own, _others = Sentence.of(text).own_words()
    for part in _PART.split(own):
        if not _OUTPUT.search(part) or _NOT_OWN_YET.search(part) or not _HAVING.search(part):
            continue
        words = quoted(part.strip(" ,.;"), 50)
        field = reread(part)
        if field.ok and field.value in ("radiology", "non_radiology"):
            return _read(field.value, f"{label(field.value)} (you wrote {words})")
        offered = tuple(o for v in ("non_radiology", "radiology", "none") for o in options if o[0] == v)
        return _ask(f"You wrote {words}: that is research output. In which field?", words, offered)
    return None


#: A bare no opening the reply, then a liking of another thing ("nah more into MSK", "no, I prefer acute care").
_NO_THEN_LIKING = re.compile(r"^\W*(?:no|nah|nope|naw|not\s+really|not\s+much)\b[\s,.!;:-]*(?:i\s*(?:'?m|am)\s+|i\s+)?"
                             r"(?:much\s+|way\s+|far\s+)?(?:more\s+into|more\s+of\s+an?|more\s+interested\s+in|"
                             r"prefer|rather|into|like|love|enjoy)\b(?P<liked>.*)$", re.IGNORECASE)


def no_then_other_liking(q_id: str, text: str, reading: Reading, label: Callable[[Value], str]) -> Reading | None:
    """A reply asked because it is about another thing than the question, which opens with a bare no and then likes
    that other thing, not what the question asks: the dislike, said back; None to keep the reading."""
    if q_id not in _LIKINGS or reading.ok or "this question is about" not in reading.error:
        return None
    m = _NO_THEN_LIKING.match(text)
    if m is None or _HEDGE.search(text) or not m.group("liked").strip():
        return None
    tags = _names(q_id, m.group("liked"))
    others = {o.name for o in fields()[q_id].others if not o.question}
    if tags & {SUBJECT, COVERING, DENIED} or not tags & others:
        return None
    dislike: Value = _DISLIKE.get(q_id, "avoid")
    return _read(dislike, f"{label(dislike)} (you wrote {quoted(text.strip(), 50)})")


#: The names ``fields.yaml`` gives this round's groups: things a liking question does not ask about.
_ROUND_GROUPS = ("short, one-off care", "hands-on work or clinical reasoning", "another part of imaging or medicine")
#: Not knowing or not having tried: not a dislike.
_UNDECIDED = re.compile(r"\b(?:thought|idea|decided|undecided|exposure|exposed|sure|yet|know|seen|tried|experience|"
                        r"explored|considered)\b", re.IGNORECASE)


def undecided_not_dislike(q_id: str, text: str, reading: Reading, options: tuple[tuple[Value, str], ...]) -> Reading | None:
    """A dislike read from the asked thing's clause after a liking of another thing was set aside, where that clause
    says the user has not tried or thought about it ("I like MSK, never thought about neuro"): asked, naming it."""
    if q_id not in _LIKINGS or not reading.ok or reading.value != _DISLIKE.get(q_id, "avoid") \
            or not any(g in reading.said for g in _ROUND_GROUPS) and "you like" not in reading.said:
        return None
    m = _UNDECIDED.search(text)
    if m is None:
        return None
    doubt = quoted(text.strip(), 60)
    return _ask(f"You wrote {doubt}: not having tried or thought about it is not disliking it. Which fits?", doubt,
                options)
