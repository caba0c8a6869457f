"""Humility after a value is read: material around it that the reader did not account for is asked about.

Each new writer of test sentences found wrong values of a new kind; most had the same shape: the value was
read from words that were there, and something next to them that changes what they mean was not read. So,
after a value is read, a sentence that also has one of these is asked back, naming it, never stored:

- a conditional ("if J-1 is the only offer I get, I'll take it", "only if", "unless"): the value holds
  under a condition the reader does not weigh;
- irony ("🙄", "oh sure", "totally optional", "yeah right", "lol" after a claim of ease: "no pressure lol"):
  the words may mean their opposite;
- someone else's view by a verb the reader does not know as one ("my parents are thinking I must match",
  "they want me to", "everyone reckons"), or the user's own "I reckon" (a hedge);
- work just begun beside a field word ("just started a CT study", "collecting data", "ongoing"): a plan is
  not output;
- at a number question, an unread word that looks like a misspelt number word ("thre", "sevn");
- at the research question, a thesis or dissertation as the only work named ("MSc thesis in surgery only"):
  whether it counts as a paper, poster or abstract is the user's to say;
- (round 9, conservative by construction) a condition at a number question ("2027 if I pass finals"), "wherever" or
  "depending on"; a preference beside an "only" option ("h1b preferred"); a comparison at an opinion ("more than
  patients"); a clause after a contrast that the reading does not explain ("I enjoy it, but the paperwork kills
  me"), or that is someone else's; attempts named by number that add up to another count.

A near spelling of "twice" or "thrice" ("twise", "twicee") is not a doubt but a slip: ``count_slips`` puts the
word right before the count is read, and the say-back names it. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from datetime import date

from dialogs.reading_base import Reading, _ask, _label, quoted, _with_rest
from dialogs.sentence import NEGATORS, OTHERS, OTHERS_WITH_OWNER, Sentence, near, phrase, plain_text
from knowledge.loader import Question

#: Conditions: the value holds only if something else does.
_CONDITION = re.compile(r"\b(?:only if|if|unless|provided (?:that )?|as long as|in case|wherever|depending on)\b")
#: A condition that does not bear on the answer: "not sure if" (a doubt, read elsewhere), "as if" (irony, below),
#: "if any"/"if that" (asides), "even if I", "if not" (an aside after the value).
_CONDITION_ASIDE = re.compile(r"\b(?:if needed|if necessary|if required|if need be|if i (?:have|need|got) to|if i must|"
                              r"if it comes to that|not sure if|unsure if|wonder if|wondering if|as if|if any|if that|if so|if not|"
                              r"if you (?:ask|want|must|need)|if i am honest|if i'm honest|if i'?m being honest|"
                              r"if i remember|if i recall|if that makes sense|if it matters|if it helps)\b")
#: Irony: a face that rolls its eyes or smiles upside down, or words said only in irony.
IRONY_MARKS = ("🙄", "🙃", "😒", "😏")
_IRONY = re.compile(r"\b(?:oh sure|oh yeah sure|yeah right|yea right|ya right|totally optional|as if|sure sure|"
                    r"of course not lol|not at all lol)\b|/s\b|"
                    r"\b(?:optional|no pressure|no big deal|not a big deal|not important|totally fine|super easy|so easy|"
                    r"no rush|chill)\W*(?:lol|lmao|haha+|xd)\b")
#: Verbs of someone else's view or wish the reader reads nowhere else.
_VIEW_VERBS = frozenset("thinking thinks think feel feels feeling reckon reckons believe believes believing "
                        "insist insists insisting expect expects expecting".split())
_WISH = re.compile(r"\b(?:wants?|wanted|expects?|expected|need|needs|told|tell|tells|pushing|pressuring) me to\b")
#: What matters to someone else: "essential for my parents".
_FOR_OTHERS = re.compile(r"\b(?:for|to) (?:my )?(?:parents|family|dad|mom|mum|father|mother|husband|wife|spouse|"
                         r"fiance|fiancee|in-laws|in laws|brother|sister|friend|friends|cousin)\b")
_THIRD = OTHERS | OTHERS_WITH_OWNER | frozenset("they them he she everyone people".split())
#: Work just begun, at a question about the user's work or experience.
_UNDER_WAY = re.compile(r"\b(?:just (?:started|begun|began|starting|beginning|joined|enrolled)|(?:have|has|i) "
                        r"(?:started|begun|began)|starting|ongoing|on-going|in progress|collecting data|data "
                        r"collection|still collecting|early stages?|planning stage|proposal stage|at the proposal)\b")
#: The user disclaims the work the field word names ("a radiology paper, I was not involved").
_DISCLAIM = re.compile(r"\b(?:i was not (?:involved|part of it|an author|on it)|i am not (?:an author|on it|involved)|"
                       r"not (?:my|mine|my own) (?:paper|work|study|project)|not mine|i did not (?:work on|write|do) it|"
                       r"i had no (?:part|role))\b")
#: A thesis or dissertation: research, but not one of the paper, poster or abstract the question counts.
_THESIS = re.compile(r"\b(?:thesis|theses|dissertation|dissertations)\b")
#: Work around research that is not output of one's own: reviewing, editing, a chapter, a talk at one's hospital.
_NOT_OUTPUT = re.compile(r"\b(?:reviewer|peer review(?:er|ing)? for|reviewing for|editor|editorial board|book chapter|"
                         r"(?:a|one|two|\d) chapters? (?:on|in|about)|textbook|grand rounds|journal club|case presentation|presented a case)\b")
#: Output the question counts: a thesis beside one of these is not the only work named.
_OUTPUT = re.compile(r"\b(?:papers?|posters?|abstracts?|publications?|published|articles?|case reports?|"
                     r"manuscripts?|pubs?)\b")
_FIELD_QUESTIONS = ("research", "radiology_experience", "us_clinical_experience")
#: Number words whose near spellings are not common English words of their own.
_NUMBER_WORDS = ("three", "seven", "eight", "twice", "thrice", "eleven", "twelve")
_NOT_SLIPS = frozenset("there three tree thee threw throe these those seven even seen sever eight eighth weight "
                       "eights sight light night right fight tight twine twice thrice thrive twelve eleven".split())
_SLIP_ADVERBS = {"twice": 2, "thrice": 3}


def count_slips(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text with near spellings of "twice"/"thrice" put right ("faild step 1 twise" -> "... twice"), and
    each (typed, meant) pair for the say-back."""
    slips: list[tuple[str, str]] = []

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        if len(low) < 4 or low in _NOT_SLIPS:
            return word
        for meant in _SLIP_ADVERBS:
            if near(meant, low):
                slips.append((word, meant))
                return meant
        return word
    return re.sub(r"[A-Za-z]+", fix, text), slips


def _misspelt_number(text: str) -> str:
    words = re.findall(r"[a-z]+", plain_text(text))
    return next((w for w in words if len(w) >= 4 and w not in _NOT_SLIPS
                 and any(near(n, w) for n in _NUMBER_WORDS)), "")


def _view_of_others(words: list[str]) -> str:
    """ "my parents are thinking", "everyone reckons": someone else's view, as typed."""
    for k, w in enumerate(words):
        if w not in _VIEW_VERBS:
            continue
        before = words[max(0, k - 4):k]
        subject = next((b for b in reversed(before) if b == "i" or b in _THIRD), "")
        if subject == "i" and w == "reckon" or subject and subject != "i":
            start = max(0, k - 4 + next(j for j, b in enumerate(before) if b == subject))
            return " ".join(words[start:k + 1])
    return ""


_CLAUSE_END = re.compile(r"[,;.!?]|\bbut\b|\bthough\b|\balthough\b")


def _clause_at(t: str, at: int) -> str:
    """The clause of ``t`` around position ``at``."""
    start = max([m.end() for m in _CLAUSE_END.finditer(t, 0, at)], default=0)
    end = _CLAUSE_END.search(t, at)
    return t[start:end.start() if end else len(t)].strip()


def _said_elsewhere(t: str, at: int, reading: Reading, again: Callable[[str], Reading]) -> bool:
    """The sentence without the clause at ``at`` reads the same value on its own ("two observerships done, an
    externship starting in january"; "parents want me to match, for me it is not essential")."""
    clause = _clause_at(t, at)
    rest = t.replace(clause, " ", 1).strip(" ,;.!?")
    if not re.search(r"\w", rest) or len(rest) >= len(t):
        return False
    alone = again(rest)
    return alone.ok and alone.value == reading.value and type(alone.value) is type(reading.value)


def _differs(again: Callable[[str], Reading], reading: Reading, *parts: str) -> Reading | None:
    """The first of ``parts`` that, read alone, reads another value than ``reading`` or is asked (an ask names
    options), or None."""
    for part in parts:
        alone = again(part) if re.search(r"\w", part) else None
        if alone is None or not alone.ok and not alone.candidates:
            continue
        if not alone.ok or alone.value != reading.value or type(alone.value) is not type(reading.value):
            return alone
    return None


def _condition(q: Question, t: str, reading: Reading, again: Callable[[str], Reading],
               today: date) -> Reading | None:
    """A condition whose own words read another value than the one read ("I'd prefer H-1B, but if J-1 is the
    only offer, I'll take it": the condition and what it governs read J-1), asked back naming it, that value
    first. A condition that reads nothing ("if a program offers it") or the same value leaves the value."""
    plain = _CONDITION_ASIDE.sub(lambda m: " " * len(m.group(0)), t)
    for cond in _CONDITION.finditer(plain):
        end = _CLAUSE_END.search(t, cond.end())
        stop = end.start() if end else len(t)
        opens = not t[:cond.start()].strip() or re.search(r"(?:[,;.!?]|\bbut|\band|\bso)\s*$", t[:cond.start()])
        if opens and end and t[end.start()] == ",":  # "if X, Y": the clause it governs is part of it
            after = _CLAUSE_END.search(t, end.end())
            stop = after.start() if after else len(t)
        span = t[cond.end():stop].strip(" ,")
        if cond.group(0) in ("wherever", "depending on"):  # "settle wherever my wife gets a job": it depends
            doubt = quoted(t[cond.start():stop].strip(), 60)
            return _ask(f"You wrote {doubt}: it depends on something else, so I have not noted "
                        f"“{_label(q, reading.value)}”. Which fits you?", doubt, _with_rest(q, (reading.value,), today))
        then = re.search(r"\b(?:then )?i (?:would|will|can|could|am|shall|might)\b", span)  # "if X I would Y"
        alone = _differs(again, reading, span, span[then.start():] if then and then.start() else "")
        if alone is None:
            continue
        doubt = quoted(t[cond.start():stop].strip(), 60)
        first = (alone.value, reading.value) if alone.ok else (reading.value,)
        return _ask(f"You wrote {doubt}: a condition, and it may change “{_label(q, reading.value)}”. Which fits "
                    "you?", doubt, _with_rest(q, first, today))
    return None


#: Both a yes and a no, each hedged ("kinda yes kinda no", "half yes half no", "sort of no, sort of yes").
_HALF = r"(?:kinda|kind of|sort of|sorta|somewhat|half|partly|partially|a bit|a little|maybe|more or less)"
_YES, _NO = r"(?:yes|yeah|yep|ya|yup)", r"(?:no|nah|nope)"
_BOTH_WAYS = re.compile(rf"\b{_HALF}\s+{_YES}\b[\s,;.]*(?:and\s+|but\s+|also\s+)?{_HALF}\s+{_NO}\b|"
                        rf"\b{_HALF}\s+{_NO}\b[\s,;.]*(?:and\s+|but\s+|also\s+)?{_HALF}\s+{_YES}\b")


#: Words that carry no answer of their own: a contrast clause made only of them says nothing the reader missed.
_FILLER = frozenset("""i me my mine myself we us our you your it its it's this that these those a an the is am are was
were be been being do does did have has had to of in on at for with by from as so and or if then than too very really
just also still even again only lol haha hahaha lmao tbh honestly tho sometimes always bit little much more less quite
pretty rather kind sort some any all both one ones thing things stuff about here there now then yet sir mam maam
bro dude yaar please pls plz ok okay well oh ah hmm idk would wud could be nice preferred prefer preferable ideal
ideally""".split())
_CONTRAST = re.compile(r"\b(?:but|though|although|however|whereas|except)\b")


def _denies_above(q: Question, s: Sentence, reading: Reading) -> bool:
    """The clause names a level above the one read (to deny it): "did not do anything hands on" after an observership."""
    order = list(q.reading.combine)
    above = order[order.index(reading.value) + 1:] if reading.value in order else []
    return any(s.find(phrase(w), claim=False) for v, ws in q.reading.keywords if v in above for w in ws if phrase(w))


def _unread_contrast(q: Question, t: str, reading: Reading, again: Callable[[str], Reading]) -> str:
    """A clause after a contrast that the reading did not explain: read alone it reads nothing, yet it has words of
    its own ("I enjoy it, but the paperwork kills me"), or it reads another value, or it is someone else's. Its words,
    or "". A plan, a higher level denied, or (at the middle of a scale) a denied end is scoped by the whole reading."""
    middle = q.reading.opinion and len(q.options) == 3 and reading.value == q.options[1].value
    for m in _CONTRAST.finditer(t):
        stop = re.search(r"[.;!?]|\b(?:but|though|although|however|whereas)\b", t[m.end():])
        clause = t[m.end():m.end() + stop.start() if stop else len(t)].strip(" ,")
        content = [w for w in re.findall(r"[a-z][\w']*", clause) if w not in _FILLER]
        sentence = Sentence.of(clause)
        if not content or any(sentence.planned(k) for k in range(len(sentence.words))) or \
                middle and NEGATORS & set(sentence.words):
            continue
        if sentence.own_words()[1]:  # "staying is the dream but family is back home": set aside, but it bears on it
            return clause
        alone = again(clause)
        if alone.ok and alone.value == reading.value and type(alone.value) is type(reading.value):
            continue
        if m.group(0) == "except" and alone.ok:  # what is excepted reads otherwise on its own: that is the point
            continue
        if alone.ok and q.reading.combine and alone.value == q.reading.combine[0] and _denies_above(q, sentence, reading):
            continue  # "observership in IR but only watched, not hands on": a higher level denied, the one read stands
        if alone.ok or not alone.candidates:  # another value, or nothing the reader knows (a clause it asks about,
            return clause                      # a plan, a hedge, someone else's, is scoped by the whole reading)
    return ""


#: A comparison at an opinion question ("more than patients", "interests me more", "over clinics"), and the ones that
#: only say how much ("more than anything", "nothing matters more than").
_COMPARED = re.compile(r"\b(?:more|less|better|rather) than [\w' ]{1,30}|"
                       r"\b(?!matters\b|matter\b|counts\b|important\b)\w+ (?:me )?(?:more|less)$")
_ABOVE_ALL = re.compile(r"\bthan (?:anything|everything|ever|before|words|life)\b|\bnothing\b.*\bthan\b")


#: Attempts named by their number ("in 2nd attempt", "on the third try", "1st go"): the attempt each exam was passed on.
_ORDINALS = {"1st": 1, "first": 1, "2nd": 2, "second": 2, "3rd": 3, "third": 3, "4th": 4, "fourth": 4}
_ORDINAL_PASSES = re.compile(r"\b(1st|2nd|3rd|4th|first|second|third|fourth)\b(?= (?:attempt|try|time|go|sitting)|\W*$|\W*,)")


def humble(q: Question, text: str, reading: Reading, today: date,
           again: Callable[[str], Reading]) -> Reading | None:
    """An ask-back naming what the sentence has around the value that was not accounted for, or None.
    ``again`` reads a part of the sentence on its own (to tell whether the value came from that part)."""
    if not reading.ok:
        return None
    t = " ".join(plain_text(text).split())
    value = _label(q, reading.value)
    rest = _with_rest(q, (), today) if q.kind != "score" else ((reading.value, value),)
    irony = next((m for m in IRONY_MARKS if m in text), "") or (m.group(0) if (m := _IRONY.search(t)) else "")
    if irony:
        doubt = quoted(irony)
        return _ask(f"You wrote {doubt}, which may mean the opposite of the words, so I have not noted “{value}”. "
                    "Which is it?", doubt, rest)
    both = _BOTH_WAYS.search(t) if q.kind == "boolean" else None
    if both:  # "kinda yes kinda no": neither is the answer
        doubt = quoted(both.group(0))
        return _ask(f"You wrote {doubt}: both a yes and a no, so I have not noted “{value}”. Which is closer?",
                    doubt, rest)
    if q.kind in ("choice", "boolean"):
        conditional = _condition(q, t, reading, again, today)
        if conditional is not None:
            return conditional
    else:  # "will graduate 2027 if I pass finals": a number that holds only if something else does
        cond = _CONDITION.search(_CONDITION_ASIDE.sub(lambda m: " " * len(m.group(0)), t))
        if cond:
            end = _CLAUSE_END.search(t, cond.end())
            doubt = quoted(t[cond.start():end.start() if end else len(t)].strip(), 60)
            return _ask(f"You wrote {doubt}: a condition, so I have not noted {value}. Is it {value} as things stand? "
                        "Tap it, or type it.", doubt, rest if q.kind == "match_year" else ((reading.value, value),))
    preference = re.search(r"\b(?:prefer|preferred|prefered|prefers|preference|rather have)\b", t) \
        if f"{value.lower()} ".find(" only ") >= 0 else None
    if preference:  # "h1b preferred": a preference is not "only"
        doubt = quoted(preference.group(0))
        return _ask(f"You wrote {doubt}: a preference is not “{value}”, so I have not noted it. Which fits?", doubt,
                    _with_rest(q, (reading.value,), today))
    compared = _COMPARED.search(t) if q.reading.opinion and not _ABOVE_ALL.search(t) else None
    if compared:  # "I like procedures more than patients": a liking weighed against something else
        doubt = quoted(compared.group(0))
        return _ask(f"You wrote {doubt}: a comparison, which does not say how you feel about this on its own, so I "
                    f"have not noted “{value}”. Which fits?", doubt, _with_rest(q, (reading.value,), today))
    # a say-back with a note has set aside what it did not count (someone else's words are asked all the same)
    noted = reading.said.startswith(f"{value} (") and "someone else" not in reading.said
    contrast = _unread_contrast(q, t, reading, again) if q.kind in ("choice", "boolean") and not noted else ""
    if contrast:
        doubt = quoted(contrast)
        return _ask(f"You wrote “{value}”, but also {doubt}, which I cannot weigh, so I have not noted it. "
                    "Which fits best?", doubt, _with_rest(q, (reading.value,), today))
    words = re.findall(r"[\w']+", t)
    view = _view_of_others(words)
    wish = _WISH.search(t) or _FOR_OTHERS.search(t)
    at = t.find(view.split()[-1]) if view else wish.start() if wish else -1
    if (view or wish) and not _said_elsewhere(t, at, reading, again):
        doubt = quoted(view or (wish.group(0) if wish else ""))
        what = "a guess" if view.startswith("i ") else "someone else's view or wish"
        return _ask(f"You wrote {doubt}: {what}, not yet your own answer, so I have not noted “{value}”. "
                    "What is yours?", doubt, rest)
    disclaim = _DISCLAIM.search(t) if q.id in _FIELD_QUESTIONS and reading.value != "none" else None
    if disclaim:
        doubt = quoted(disclaim.group(0))
        return _ask(f"You wrote {doubt}: work you were not part of is not yours, so I have not noted “{value}”. "
                    "Which fits what you have done yourself?", doubt, rest)
    role = _NOT_OUTPUT.search(t) if q.id == "research" and reading.value != "none" else None
    if role:  # "reviewer for Radiology journal", "a book chapter on MRI physics", "a case at grand rounds"
        doubt = quoted(role.group(0))
        return _ask(f"You wrote {doubt}: that is not a paper, poster, abstract or case report of your own, so I have not "
                    f"noted “{value}”. Which fits?", doubt, rest)
    thesis = _THESIS.search(t) if q.id == "research" else None
    if thesis and (reading.value == "none" or not _OUTPUT.search(t)):
        doubt = quoted(thesis.group(0))
        return _ask(f"You wrote {doubt}: does a {thesis.group(0)} count as a paper, poster or abstract? I have not "
                    f"noted “{value}”. Which fits?", doubt, rest)
    under_way = _UNDER_WAY.search(t) if q.id in _FIELD_QUESTIONS and reading.value != "none" else None
    if under_way:
        clause = _clause_at(t, under_way.start())
        alone = again(clause) if len(clause) < len(t.strip(" .!")) else reading
        if (not alone.ok or alone.value == reading.value) and not _said_elsewhere(t, under_way.start(), reading, again):
            doubt = quoted(under_way.group(0))
            return _ask(f"You wrote {doubt}: work just begun is a plan, not yet a result, so I have not noted "
                        f"“{value}”. Which fits what you have done so far?", doubt, rest)
    passes = _ORDINAL_PASSES.findall(t) if q.kind == "count" else []
    if len(passes) >= 2 and sum(_ORDINALS[p] - 1 for p in passes) != reading.value:
        doubt = quoted(", ".join(passes))  # "passed step 1 in 2nd attempt, CK in 1st, step 3 in 2nd": 2, not 1
        return _ask(f"You wrote {doubt}: those attempts add up to another number than {value}. How many failed "
                    "attempts do you have in total?", doubt, rest)
    if q.kind in ("score", "count", "year", "match_year"):
        slip = _misspelt_number(text)
        if slip:
            doubt = quoted(slip)
            return _ask(f"You wrote {doubt}: is that a number word? I have not noted {value}. Please type the "
                        "number.", doubt, rest)
    return None
