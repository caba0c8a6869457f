"""A choice read from a sentence that the sentence itself limits: a hedge on it, a clause that pulls the other way, a
preference with a limit, or a condition between two options. Each is asked back, naming what limits it, never stored.

- A **hedge** on an opinion ("good i think", "kinda yes", "more or less fluent", "good-ish") leaves a rating or a
  yes/no open, except a shrug that names the middle of a scale ("ok i guess", "average I guess"): that is how a middle
  answer is said. With a contrast besides it ("good i think, my accent is strong tho"), even the middle is asked.
- A **contrast that pulls the other way** ("fluent, people sometimes dont understand me tho", "yes but not epilepsy"):
  the clause after "but" (or before a trailing "tho"), read on its own, gives another value, denies something, or
  names a drawback. A clause that gives the same value ("second language but fluent") does not pull.
- A **preference with a limit** at a yes/no question ("prefer to but not do or die", "I'd like to, but I am not
  desperate"): a wish is not a must.
- A **condition between two options** ("my green card interview is next month, otherwise J1", "J1 unless my green
  card comes through"): the reply names two answers and says which holds depends on something: both are offered.

Every spelling of the contrast words counts: but, bt, though, tho, tho', altho, although, however, yet (opening a
clause), whereas, except. Pure; called from ``dialogs.reading.read`` with the reader to read a part of the reply.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dialogs.reading_base import Reading, Value, _ask, quoted, _read
from dialogs.reading_choices import _phrases, _us_words
from dialogs.sentence import DRAWBACKS, HEDGES, NEGATORS, UNSURE_PHRASES, Sentence, same
from knowledge.loader import TOPIC, Question

#: Hedges on an answer. "kind of" and "sort of" only where they soften ("kind of yes"), not where they name a kind
#: ("that kind of work"); "-ish" as its own word or joined to one ("good-ish", "goodish"), never inside "English".
_HEDGE = re.compile(
    r"\b(?:i\s+(?:think(?!\s+in\b)|thnk|thk|guess|gues|suppose|supose|believe(?!\s+in\b)|feel like|would guess)|"
    r"i'?d\s+(?:guess|say maybe)|"
    r"kinda|kindof|sorta|sortof|more\s+or\s+less|somewhat|somewhat\s+ok|maybe|mayb|probably|prolly|probs|"
    r"perhaps|possibly|i\s+hope|hopefully)\b"
    r"|\b(?:kind|sort)\s+of\b(?!\s+(?:thing|things|work|job|jobs|stuff|person|people|place|places|setting|settings))"
    r"|\b[a-z]+-\s?ish\b|\b(?:ok|okay|good|fine|decent|fluent|yes|yeah|strong|weak|yess)ish\b", re.IGNORECASE)
#: Words before "kind of" / "sort of" that make it name a kind ("what kind of", "that sort of").
_KIND_OF = frozenset("this that the any what some every which these those one a an all same right my".split())
#: A hedge turned round by a negation before it ("I don't think so" is a no, said softly): not a hedge on a yes.
_NOT_BEFORE = re.compile(r"\b(?:do not|don'?t|dont|did not|didn'?t|not)\s+$", re.IGNORECASE)
#: A contrast word opening a clause: every spelling ("bt", "altho"); "yet" only after a comma or full stop and not
#: as "yet to", or before a subject or "not" ("fluent yet not always"): "not yet" is a time, not a contrast.
_OPENS = re.compile(r"(?:\b(?:but|bt|though|tho'?|altho|although|however|whereas|except)\b|"
                    r"(?:^|[,;.]\s*)yet\b(?!\s+to\b)|"
                    r"(?<!\bnot )\byet\b(?=\s+(?:not|i|i'm|im|it|its|my|still|people|they|sometimes|when|with)\b))"
                    r"\s*,?\s*", re.IGNORECASE)
#: A contrast word closing its clause ("my accent is strong tho", "..., thick though."): that clause is the contrast.
_TRAILING = re.compile(r"([^,;.!?]*?\w[^,;.!?]*?)\s+(?:tho'?|though|altho|although)\s*(?=[,;.!?]|$)", re.IGNORECASE)
#: A wish, not a must ("prefer to", "I'd like to", "would love to"); only a wish for what is asked itself ("would like
#: that"), not a liking for another thing ("No, I prefer MSK": a no, and its reason).
_PREFERENCE = re.compile(r"\b(?:(?:prefer(?:s|red)?|would\s+(?:like|love)|i'?d\s+(?:like|love)|id\s+(?:like|love))"
                         r"(?=\s*(?:to\b|it\b|that\b|this\b|yes\b|[,;.!]|$))|preferabl[ye])\b", re.IGNORECASE)
#: Words that make one answer hold only if something else does not ("otherwise J1", "unless my green card comes").
_CONDITION = re.compile(r"\b(?:otherwise|if\s+not|if\s+that\s+(?:fails|does\s*n[o']?t\s+work)|if\s+it\s+fails|"
                        r"or\s+else|"
                        r"(?<!nothing )(?<!anything )(?<!something )(?<!someone )(?<!anyone )(?<!nobody )"
                        r"(?<!everything )(?<!what )else|"
                        r"in\s+case|incase|unless|depending\s+on|depends\s+on|failing\s+that)\b", re.IGNORECASE)


def hedge_in(text: str) -> str:
    """The first hedge in the reply, as typed, or ""."""
    for m in _HEDGE.finditer(text):
        before = text[:m.start()].split()
        if before and before[-1].lower() in _KIND_OF and m.group(0).lower().split()[0] in ("kind", "sort"):
            continue  # "that kind of work": a kind named, not a hedge
        if not _NOT_BEFORE.search(text[:m.start()]):
            return m.group(0).strip()
    return ""


def _contrast(text: str) -> str:
    """The clause a contrast word sets against the rest, as typed: after an opening one ("..., but not epilepsy"), or
    the clause a trailing one closes ("..., my accent is strong tho"); "" when there is none, or only the opening
    words of the reply stand before it ("but" opening a reply contrasts nothing)."""
    trailing = _TRAILING.search(text)
    if trailing and text[:trailing.start(1)].strip(" ,;.!-"):
        return trailing.group(1).strip(" ,;.!-")
    for m in _OPENS.finditer(text):
        if not re.search(r"\w", text[:m.start()]):
            continue
        clause = re.split(r"[,;.!?]|\s[-–—]\s", text[m.end():])[0].strip()
        if re.search(r"\w", clause):
            return clause
    return ""


def _denies_prompt(q: Question, text: str) -> bool:
    """The reply denies the question's own word ("not essential but preferred", "not necessarily this cycle" at "...
    this cycle essential for you?"): it answers
    in the question's terms, whatever else it wishes."""
    asked = {w for w in re.findall(r"[a-z]+", q.prompt.lower()) if len(w) >= 5}
    words = Sentence.of(text).words
    return any(w in NEGATORS and any(same(a, x) for a in asked for x in words[k + 1:k + 4])
               for k, w in enumerate(words))


def _middle(q: Question, value: Value) -> bool:
    """The middle of a three-step scale ("Average", "Neutral"): a shrug names it."""
    return len(q.options) == 3 and q.kind == "choice" and value == q.options[1].value


def _pulls(q: Question, text: str, clause: str, value: Value, reread: Callable[[str], Reading]) -> bool:
    """The contrast clause, on its own, gives another value, denies something, or names a drawback; at a yes/no
    question, anything but the same answer again ("yes, tho I could survive a gap year")."""
    words = Sentence.of(clause).words
    if any(w in DRAWBACKS for w in words):  # "my accent is strong tho": a drawback, though "strong" is an option's word
        return True
    alone = reread(clause)
    if alone.ok:
        return alone.value != value or type(alone.value) is not type(value)
    if q.kind == "boolean":  # ... unless the reply answers in the question's own words ("not essential but preferred")
        return not _denies_prompt(q, text)
    return any(w in NEGATORS for w in words) or bool(hedge_in(clause))


def _named_values(q: Question, text: str) -> list[Value]:
    """The options a reply names by their words, whatever is said of them (planned, denied, in a condition)."""
    s = Sentence.of(text)
    values: list[Value] = []
    for value, ph in _phrases(q.reading):
        if value == TOPIC or isinstance(value, str) and value.startswith("?"):
            continue
        if s.find(ph, claim=True) and value not in values:
            values.append(value)
    return [o.value for o in q.options if o.value in values]


def limited(q: Question, text: str, reading: Reading, reread: Callable[[str], Reading],
            label: Callable[[Value], str]) -> Reading | None:
    """The question back when the reply limits the choice ``reading`` read from it, or None to keep the reading."""
    if not reading.ok or q.kind not in ("choice", "boolean"):
        return None
    options = tuple((o.value, o.label) for o in q.options)
    first = tuple(dict.fromkeys([(reading.value, label(reading.value)), *options]))
    condition = _CONDITION.search(text)
    if condition:
        named = _named_values(q, text)
        if len(named) >= 2:
            doubt = quoted(condition.group(0))
            return _ask(f"You wrote {doubt}: which answer holds depends on something not settled yet, so I have not "
                        f"noted either. Which fits today? Tap it.", doubt, tuple((v, label(v)) for v in named))
    hedge, contrast = hedge_in(text), _contrast(text)
    about = _ABOUT.search(contrast) if contrast and not q.reading.opinion else None
    if about and not hedge:  # "... patients got CT scans, but the paper is about ventilation": what the work is
        alone = reread(contrast)  # about, set against the rest, and not read as the same answer
        if not (alone.ok and alone.value == reading.value):
            doubt = quoted(contrast)
            return _ask(f"You wrote “{label(reading.value)}”, but also {doubt}, which may change which it is. "
                        "Which fits best?", doubt, first)
    if not q.reading.opinion:  # a fact hedged ("more or less hands on", "sorta none") is not yet that fact
        return _ask(f"You wrote {quoted(hedge)}, so I have not noted “{label(reading.value)}” yet. Which fits?",
                    quoted(hedge), first) if hedge else None
    own = Sentence.of(text).own_words()[0]  # "my spouse prefers going back home": not the user's wish
    wish = _PREFERENCE.search(own) if q.kind == "boolean" else None
    if wish and (contrast or any(w in NEGATORS for w in Sentence.of(own).words)) and not _denies_prompt(q, own):
        doubt = f"{quoted(wish.group(0))} and {quoted(contrast or text)}"
        return _ask(f"You wrote {doubt}: a preference with a limit, which is neither a plain yes nor a plain no. "
                    "Which fits best?", doubt, first)
    pulls = bool(contrast) and _pulls(q, text, contrast, reading.value, reread)
    if hedge and (pulls or not _middle(q, reading.value)):
        doubt = quoted(hedge) + (f" and {quoted(contrast)}" if pulls else "")
        return _ask(f"You wrote {doubt}, so I have not noted “{label(reading.value)}” yet. Which fits best?", doubt,
                    first)
    if pulls and not _middle(q, reading.value):
        doubt = quoted(contrast)
        return _ask(f"You wrote “{label(reading.value)}”, but also {doubt}, which pulls the other way. Which fits "
                    "best?", doubt, first)
    return None


#: A clause that says what a piece of work is about ("the paper is about ventilation", "it was mainly on diabetes").
_ABOUT = re.compile(r"\b(?:is|was|are|were|it'?s)\s+(?:really\s+|mainly\s+|mostly\s+|actually\s+|all\s+)?"
                    r"(?:about|on|focused\s+on|looking\s+at)\b", re.IGNORECASE)
#: Said of the thing asked about: important, but not said to be the top ("it is important", "a priority").
_IMPORTANT = re.compile(r"\b(?:important|a\s+priority|one\s+of\s+my\s+priorities|matters|it\s+matters)\b",
                        re.IGNORECASE)
_TOP = re.compile(r"\b(?:most|top|main|first|number\s+one|no\.?\s*1|biggest|highest|only|more)\s+(?:\w+\s+)?"
                  r"(?:important|priority|matters)\b", re.IGNORECASE)


def second_place(q: Question, text: str, label: Callable[[Value], str]) -> Reading | None:
    """ "its important but training quality matters more" at a question asking for the TOP priority: important, with
    something else put first, is not the top: the "no", said back with what was put first. None otherwise."""
    if q.kind != "boolean" or "top priority" not in q.prompt.lower() or not _IMPORTANT.search(text) or _TOP.search(
            text.split(",")[0]):
        return None
    s = Sentence.of(text)
    first = next((k for k, w in enumerate(s.words) if w in ("important", "priority", "matters")), None)
    if first is None:
        return None
    above = s.outranked({s.clause[first]})
    if not above:
        return None
    no = next(o.value for o in q.options if o.value is False)
    return _read(no, f"{label(no)} (important to you, but {quoted(above)}: not your top priority)")


#: What is named as the top priority: "my top priority is radiology itself", "family comes first", "the specialty
#: matters most to me".
_NAMED_FIRST = re.compile(
    r"\b(?:my\s+)?(?:(?:top|main|first|biggest|highest|real|number\s+one|no\.?\s*1)\s+)?priority\s+(?:is|=)\s+"
    r"(?P<x>[^,;.!?]+)"
    r"|(?:^|[,;.!?]\s*)(?P<y>[^,;.!?]+?)\s+(?:comes\s+first|matters\s+(?:the\s+)?most|is\s+what\s+matters(?:\s+most)?|"
    r"is\s+(?:my\s+)?(?:top|first|main|biggest|number\s+one)\s+priority)\b", re.IGNORECASE)
#: Where one trains or lives said to make no difference ("US or Canada doesn't matter", "US or UK is the same to me",
#: "US, Canada or UK, doesn't matter").
_EITHER_PLACE = re.compile(r"\b\w+(?:\s*(?:,|/|\bor\b|\band\b)\s*\w+){0,5}\s*(?:,|/|\bor\b)\s*\w+\s*,?\s*"  # "US, Canada or UK,"
                           r"(?:(?:does|do)\s*(?:n['’]?t|not)\s+matter|doesnt\s+matter|"
                           r"(?:is|are)\s+(?:all\s+)?the\s+same(?:\s+to\s+me)?|makes?\s+no\s+difference)\b"
                           r"|\bnot\s+(?:where|which\s+country)\s+i\s+(?:live|end\s+up|settle|work)\b", re.IGNORECASE)
#: Words that bring the US, or staying, into a reply.
_US_OR_STAYING = re.compile(r"\b(?:us|usa|u\.s\.?|america|american|states|here|stay\w*|settl\w*|green\s*card|"
                            r"immigra\w*|live|living|citizen\w*|long\s+term)\b", re.IGNORECASE)


def _in_the_us(text: str) -> bool:
    """A US state, city or hospital named ("residency in NY", "training in new york")."""
    words = Sentence.of(text).words
    return any(tuple(words[k:k + len(ph)]) == ph for ph in _us_words() for k in range(len(words)))


def other_first(q: Question, text: str, label: Callable[[Value], str]) -> Reading | None:
    """ "My top priority is radiology itself, US or Canada doesn't matter" at a question asking whether staying in the
    US is the TOP priority: something else named as the top, plainly (no hedge, no contrast), with nothing said for
    the US or staying beyond a place that makes no difference, is the "no", said back with what was put first."""
    if q.kind != "boolean" or "top priority" not in q.prompt.lower() or hedge_in(text) or _contrast(text) or \
            Sentence.of(text).claim_all(UNSURE_PHRASES + HEDGES):  # "idk, the specialty matters most"
        return None
    named = _NAMED_FIRST.search(text)
    first = (named.group("x") or named.group("y") or "").strip() if named else ""
    if not first or _US_OR_STAYING.search(first) or _in_the_us(first):
        return None
    rest = _EITHER_PLACE.sub(" ", text.replace(named.group(0) if named else "", " "))
    if _US_OR_STAYING.search(rest) or _in_the_us(rest) or \
            any(w in NEGATORS for w in Sentence.of(first).words):
        return None
    no = next(o.value for o in q.options if o.value is False)
    return _read(no, f"{label(no)} (your top priority: {quoted(first)})")


#: The J-1 accepted in a clause of its own: "J1 ok", "J-1 is fine", "ok with J1", "j1 works for me".
_J1_ACCEPTED = re.compile(r"\bj\W?1\b(?:\s+(?:is|visa|would be|will be|works?))*\s+(?:ok|okay|fine|works?|acceptable)\b|"
                          r"\b(?:ok|okay|fine|happy|open)\s+(?:with|to)\s+(?:a\s+|the\s+)?j\W?1\b", re.IGNORECASE)
#: The H-1B only preferred: "I'd prefer H1 if possible", "H1B preferred", "rather have H-1B", "h1b would be better".
_H1_PREFERRED = re.compile(r"\b(?:prefer(?:red|ably)?|rather|ideally|better)\b", re.IGNORECASE)
_H1 = re.compile(r"\bh\W?1\W?b?\b", re.IGNORECASE)
#: What makes a preference a condition: "only if", "unless", "need", "must".
_MUST = re.compile(r"\b(?:only|unless|must|need|needs|have to|has to|cannot|can't|can not|otherwise|no)\b",
                   re.IGNORECASE)


def accepted_with_preference(q: Question, text: str, reading: Reading) -> Reading | None:
    """The J-1 accepted in one clause and the H-1B only preferred in another ("J1 ok, though I'd prefer H1 if
    possible"): that is "J-1 is fine", said back with the preference noted; a preference that sets a condition
    ("only if there is no H1 option", "my husband needs an H4") is left to the readers that ask."""
    if q.id != "visa" or not (reading.ok and reading.value == "j1_ok" or not reading.ok and reading.doubt ==
                              quoted("if possible")):
        return None
    parts = [p for p in re.split(r"[,;.!]|\b(?:but|though|tho|although|however)\b", text, flags=re.IGNORECASE)
             if p.strip()]
    accepted = [p for p in parts if _J1_ACCEPTED.search(p) and not _H1.search(p)]
    preferred = [p for p in parts if _H1.search(p) and _H1_PREFERRED.search(p) and not _J1_ACCEPTED.search(p)]
    if not accepted or not preferred or any(_MUST.search(p) for p in parts):
        return None
    return _read("j1_ok", f"J-1 is fine (your preference for the H-1B is noted, {quoted(preferred[0].strip())}; "
                          "the J-1 is acceptable)")


#: A weak negative of enjoyment (round 19a): "not really", "not much", "don't enjoy it much", "not particularly".
_WEAK_DISLIKE = re.compile(
    r"\bnot\s+(?:really|much|a\s+lot|so\s+much|that\s+much|too\s+much|very\s+much|particularly|especially|a\s+ton)\b"
    r"(?!\s+(?:my|for\s+me|a\s+fan|into|interested))"
    r"|\b(?:don'?t|dont|do\s+not|didn'?t|doesn'?t)\s+(?:really\s+)?(?:enjoy|like|love)\s+(?:it|them|that|this|doing\s+it)?"
    r"\s*(?:much|a\s+lot|that\s+much|so\s+much|too\s+much|very\s+much|particularly|a\s+ton)\b", re.IGNORECASE)
#: A strong one, which stays "avoid": "hate it", "not at all", "never", "not my thing".
_STRONG_DISLIKE = re.compile(r"\b(?:hate|hated|hating|never|not\s+at\s+all|avoid|dislike|detest|boring|bores|"
                             r"can'?t\s+stand|cannot\s+stand|not\s+my\s+thing|not\s+for\s+me|rather\s+not|prefer\s+not|"
                             r"not\s+a\s+fan|not\s+my\s+cup|nightmare|awful|terrible|prefer\s+less|less\s+of\s+it|less\s+contact)\b", re.IGNORECASE)


def weak_dislike(q: Question, text: str, reading: Reading) -> Reading | None:
    """At a question with "I enjoy it" / "Neutral" / "avoid", a reply read as avoid whose only dislike is a weak one
    ("not really", "dont enjoy it much") is asked, offering Neutral and avoid; a strong one ("hate it") stays avoid."""
    values = {o.value for o in q.options}
    weak = _WEAK_DISLIKE.search(text)
    if weak is None or _STRONG_DISLIKE.search(text) or not {"enjoy", "neutral", "avoid"} <= values:
        return None
    alone = len(re.findall(r"[\w']+", text)) <= len(re.findall(r"[\w']+", weak.group(0))) + 2  # "not a lot tbh"
    if not (reading.ok and reading.value == "avoid" or not reading.ok and not reading.candidates and alone):
        return None  # read otherwise, or asked already for a doubt of its own
    doubt = quoted(weak.group(0))
    label = {o.value: o.label for o in q.options}
    return _ask(f"You wrote {doubt}: not enjoying it much can mean neutral or rather avoiding it, so I have not noted "
                "anything. Which is closer?", doubt, (("neutral", label["neutral"]), ("avoid", label["avoid"])))
