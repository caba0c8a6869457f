"""Two kinds of reply that read as a plain answer but are not one, at the choice and yes/no questions:

- **Both ways at once** ("sometimes yes sometimes no", "I like teaching students but research, no", "yes and no",
  "stroke yes, MS never"): one clause carries a liking or a yes, another a dislike or a no, whatever joins them (but,
  a comma, and, while, "sometimes ... sometimes", "some days ... some days"). Each clause is read on its own, with
  the reader, so a "no" inside a phrase that means yes ("no doubt", "no other option") does not count. Asked back,
  naming both parts. Only at the opinion questions with a yes pole and a no pole (the enjoy questions and the
  yes/no questions); the parts about another subject or another person are set aside first by the readers that
  run before.
- **A pending status at the visa question** ("My asylum case is pending, I have an EAD for now", "adjustment of
  status pending", "TPS with EAD"): read as "no visa needed" from "EAD" or "green card", but a status still pending,
  or held for now, is not a settled right to train without a visa; programs differ on whether they take an EAD.
  Asked back, naming it.

Pure; called from ``dialogs.reading.read`` with the reader to read a part of the reply.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dialogs.reading_base import Reading, Value, _ask, quoted
from dialogs.reading_choices import _phrases
from dialogs.sentence import Sentence
from knowledge.loader import TOPIC, Question

#: Where a reply's clauses divide: punctuation, a dash, and every joiner that can set one stance beside another.
_JOINS = re.compile(r"[,;.!?]+|\s[-–—/]\s|\b(?:but|bt|and|while|whereas|though|tho|although|altho|however|yet|"
                    r"sometimes|some\s+times|other\s+times|at\s+times|some\s+days|other\s+days|then\s+again|"
                    r"on\s+the\s+other\s+hand)\b|(?<=\byes)\s+(?=\w)|(?<=\byeah)\s+(?=\w)|(?<=\byep)\s+(?=\w)|(?<=\bno)\s+(?=(?:the|my|i|imaging|anatomy|research|teaching)\b)|"
                    r"(?<=\w)\s+(?=i\s+(?:like|love|enjoy|hate|dislike|avoid|never|do\s*n[o']?t|dont|do\s+not)\b)",
                    re.IGNORECASE)  # ... and after a bare yes ("anatomy yes imaging no")
#: Said outright: both at once ("yes and no", "mixed feelings", "love-hate").
_BOTH = re.compile(r"\b(?:yes\s+and\s+no|no\s+and\s+yes|yes\s+(?:&|n)\s+no|mixed\s+feelings?|love[\s-]+hate|"
                   r"hate[\s-]+love|half\s+and\s+half|50\s*/\s*50|fifty\s+fifty)\b", re.IGNORECASE)
#: A clause that ends on a bare "no" / "not" / "never" after naming a part ("research, no", "long term no",
#: "sometimes not", "sometimes I don't"): the no for that part.
_ENDS_NO = re.compile(r"\b(?:no|nope|nah|not|never|not\s+really|not\s+so\s+much|not\s+much|not\s+at\s+all|"
                      r"do\s*n[o']?t|dont|do\s+not|don't\s+at\s+all)\s*$", re.IGNORECASE)
#: A clause that ends on a bare "yes" after naming a part ("stroke yes", "imaging, yes").
_ENDS_YES = re.compile(r"\b(?:yes|yeah|yep|ya|yess|sure|definitely|absolutely)\s*$", re.IGNORECASE)
#: A short clause opening on a bare "no" / "not" / "never" before naming a part ("never clinic", "not research").
_OPENS_NO = re.compile(r"(?:no|nope|nah|not|never)\s+(?!bad\b|only\b|mind\b|problem\b|doubt\b)\w+(?:\s+\w+){0,2}$",
                       re.IGNORECASE)
#: A "no" that means yes, or is no stance at all ("no doubt", "no question", "no problem with it").
_NO_IDIOM = re.compile(r"\bno\s+(?:doubt|doubts|question|questions|problem|problems|issue|issues|complaints?|regrets?|"
                       r"worries|way\s+i\s+would\s+avoid|matter|lie|joke|kidding)\b|\bwithout\s+(?:a\s+)?doubt\b|"
                       r"\bnot\s+(?:gonna|going\s+to)\s+lie\b|\bnot\s+(?:kidding|joking|sure|gonna\s+lie)\b|"
                       r"\bnever\s+mind\b|\bnot\s+only\b", re.IGNORECASE)
#: Words that are no stance on their own, left when a clause is only a joiner's tail.
_EMPTY = frozenset("i it its it's them that this they sometimes other times at some days honestly really tbh "
                   "lol idk well so too also then".split())


def _poles(q: Question) -> tuple[Value, Value] | None:
    """The question's yes value and no value: True/False, or enjoy/avoid; None at other questions."""
    if not q.reading.opinion:
        return None
    if q.kind == "boolean":
        return True, False
    values = {o.value for o in q.options}
    return ("enjoy", "avoid") if {"enjoy", "avoid"} <= values else None


def _stance(clause: str, poles: tuple[Value, Value], reread: Callable[[str], Reading]) -> int:
    """+1 for a liking or a yes, -1 for a dislike or a no, 0 for neither, read from the clause on its own."""
    words = re.findall(r"[\w']+", clause.lower())
    if not words or set(words) <= _EMPTY or _NO_IDIOM.search(clause):
        return 0
    if _ENDS_NO.search(clause):
        return -1
    alone = reread(clause)
    if alone.ok:
        return 1 if alone.value == poles[0] else -1 if alone.value == poles[1] else 0
    tapped = {v for v, _label in alone.candidates}
    if tapped and poles[1] in tapped and poles[0] not in tapped and re.search(r"\b(?:no|nope|nah|not)\b", clause,
                                                                               re.IGNORECASE):
        return -1  # a bare "no" at an enjoy question: neutral or avoid, either way not the liking
    if _OPENS_NO.match(clause.strip()):
        return -1  # "never clinic", "not research": the no for that part
    return 1 if _ENDS_YES.search(clause) else 0


#: A question said back before the answer ("settling in the US? not really ..."): no stance of its own.
_ECHOED = re.compile(r"[^?.!,;]*\?+\s*(?=\S)")


def _names_part(q: Question, clause: str) -> bool:
    """The clause names one of the things the question lists ("stroke", "neuroimaging"), or a word made on one
    ("neuroradiology")."""
    s = Sentence.of(clause)
    topic = [ph for value, ph in _phrases(q.reading) if value == TOPIC]
    return any(s.find(ph) for ph in topic) or any(
        w.startswith(ph[0]) for ph in topic if len(ph) == 1 and len(ph[0]) >= 5 for w in s.words)


def both_ways(q: Question, text: str, reading: Reading, reread: Callable[[str], Reading],
              label: Callable[[Value], str]) -> Reading | None:
    """The question back when the reply read as ``reading`` carries a yes (or liking) in one clause and a no (or
    dislike) in another; None to keep the reading."""
    poles = _poles(q)
    if poles is None or not reading.ok or reading.value not in poles:
        return None
    options = tuple((o.value, o.label) for o in q.options)
    both = _BOTH.search(text)
    if both:
        doubt = quoted(both.group(0))
        return _ask(f"You wrote {doubt}: both a yes and a no, so I have noted nothing yet. Which fits best overall?",
                    doubt, options)
    text = _ECHOED.sub(" ", text)  # "settling in the US? not really my top priority": the question said back
    clauses = [c.strip(" -–—'\"") for c in _JOINS.split(text)]
    clauses = [c for c in clauses if re.search(r"\w", c)]
    if len(clauses) < 2:  # one clause: read as it is (and never read again here)
        return None
    said = [(c, _stance(c, poles, reread)) for c in clauses]
    yes = next((c for c, s in said if s > 0), "")
    no = next((c for c, s in said if s < 0), "")
    if not yes or not no or q.reading.any_of and _names_part(q, yes):
        return None  # "stroke yes, MS not so much": drawn to any one of them is the yes
    first, second = (yes, no) if text.lower().find(yes.lower()) <= text.lower().find(no.lower()) else (no, yes)
    doubt = f"{quoted(first)} and {quoted(second)}"
    return _ask(f"You wrote {doubt}: one part says yes and another says no, so I have not noted "
                f"“{label(reading.value)}”. Which fits best overall?", doubt, options)


#: A status still pending, or held for now, that comes with a work permit: not a settled right to train.
_PENDING = re.compile(r"\b(?:pending|in\s+process(?:ing)?|being\s+processed|processing|awaiting|waiting\s+(?:for|on)|"
                      r"applied\s+for|applications?|processed|filed\s+(?:for|my|an?)|for\s+now|until\s+then|till\s+then|temporar\w*|"
                      r"asylum|asylee|refugee|adjustment\s+of\s+status|aos|i\W?485|i\W?589|tps|daca|"
                      r"(?:humanitarian\s+)?parole(?:e|d)?|work\s+permit|work\s+authori[sz]ation)\b", re.IGNORECASE)


def pending_status(q: Question, text: str, reading: Reading, label: Callable[[Value], str]) -> Reading | None:
    """At the visa question, "no visa needed" read beside a status still pending or held for now (asylum pending,
    adjustment of status, a green card in process, TPS, DACA, parole, an EAD "for now"): asked back, naming it."""
    if q.id != "visa" or not reading.ok or reading.value != "no_visa_needed":
        return None
    pending = _PENDING.search(text)
    if pending is None:
        return None
    doubt = quoted(pending.group(0))
    return _ask(f"You wrote {doubt}: a status that is pending or held for now (asylum, adjustment of status, TPS, "
                "DACA, parole, an EAD) is not yet a settled right to train without a visa, and programs differ on "
                "whether they accept an EAD, so I have not noted “No visa needed”. Which fits how you will train?",
                doubt, tuple((o.value, o.label) for o in q.options))


#: A part of the English skill (round 19a): "writing ok speaking meh", "listening good, accent meh".
_PART = re.compile(r"\b(?:writing|written|write|reading|read|grammar|vocab\w*|spelling|speaking|spoken|speak|"
                   r"accent|pronunciation|pronounciation|listening|listen|understanding|conversation\w*|talking|"
                   r"fluency|communication|presenting|phone)\b", re.IGNORECASE)
#: A rating word the question's own words do not read, said of one part: "meh", "rusty", "shaky".
_MEH = re.compile(r"\b(?:meh+|rusty|shaky|iffy|not\s+the\s+best|hit\s+or\s+miss|so\s+and\s+so)\b", re.IGNORECASE)


#: The spoken parts of English, which the question is about.
_SPOKEN = re.compile(r"\b(?:speaking|spoken|speak|accent|pronunciation|pronounciation|listening|listen|understanding|"
                     r"conversation\w*|talking|fluency|communication|presenting|phone)\b", re.IGNORECASE)
_RANK = {"strong": 2, "average": 1, "weak": 0}


def _spoken_below(rated: list[tuple[str, Value | str]]) -> bool:
    """A spoken part rated below a written one, but not as weak ("writing strong, speaking so so", round 21a): the
    spoken rating alone may undersell it, so it is asked. A weak spoken part reads weak, and a spoken part rated above
    the written one reads as rated (the older rule: spoken English counts)."""
    spoken = [_RANK[str(v)] for p, v in rated if str(v) in _RANK and _SPOKEN.search(p)]
    written = [_RANK[str(v)] for p, v in rated if str(v) in _RANK and not _SPOKEN.search(p)]
    return bool(spoken and written) and 0 < min(spoken) < max(written)


def _rating_alone(part: str, reread: Callable[[str], Reading]) -> Value | str:
    """The rating a part gives with its part word taken out ("writing strong": strong); "aside" when none."""
    alone = reread(_PART.sub(" ", part))
    return alone.value if alone.ok else "aside"


def parts_apart(q: Question, text: str, reading: Reading, reread: Callable[[str], Reading],
                label: Callable[[Value], str]) -> Reading | None:
    """At a rating of English (strong/average/weak), two parts of the skill rated apart, one of them in a word the
    reader does not read ("writing ok speaking meh", "listening good, accent meh"), is asked naming both parts: the
    stored value came from the other part. Parts rated in words it reads keep the older rule (written set aside)."""
    if not reading.ok or {o.value for o in q.options} != {"strong", "average", "weak"}:
        return None
    starts = [m.start() for m in _PART.finditer(text)]
    rated: list[tuple[str, Value | str]] = []
    for a, b in zip(starts, [*starts[1:], len(text)]):
        part = text[a:b].strip(" ,.;:&+-")
        part = re.sub(r"\s*\b(?:but|and|while|though|tho|whereas)$", "", part, flags=re.IGNORECASE).strip(" ,.;")
        alone = reread(part)
        value: Value | str | None = alone.value if alone.ok else "meh" if _MEH.search(part) else \
            _rating_alone(part, reread) if alone.candidates else None  # rated, but set aside as written English
        if value is not None:
            rated.append((part, value))
    if len(rated) < 2 or "meh" not in {v for _, v in rated} and not _spoken_below(rated):
        return None  # a part rated in words the reader reads: spoken English counts, written is set aside as before
    named = " and ".join(quoted(p) for p, _ in rated[:2])
    return _ask(f"You wrote {named}: different parts of your English rated apart, so I have not noted "
                f"“{label(reading.value)}”. Overall, and for speaking most of all, which fits?", named,
                tuple((o.value, o.label) for o in q.options))
