"""A typed answer as words in clauses, with the scope of what qualifies them.

Pure. The reader (``dialogs.reading``) asks a ``Sentence`` where a phrase is, and whether a word
stands under a negation ("no US experience yet"), a plan ("an observership is planned for June"),
or a doubt ("not sure, maybe the J-1"). Number words become digits through text2num
("two hundred and forty" -> 240, "second" -> 2nd); near spellings are matched with rapidfuzz.

Scope, as the reader uses it:
- a *clause* ends at a comma, full stop, semicolon, dash or slash, and at a contrast ("but",
  "though", "except", "because"...): nothing carries across it;
- a clause splits into *parts* at "and", "then", "plus", "&"; a part that does not open with a
  predicate of its own ("and an elective") continues the previous part's negation and plan, one that
  does ("and I did an elective") starts afresh;
- a negator ("no", "not", "never", "nah"...) covers the rest of its part; "X is not possible"
  negates X backwards; a negator inside a longer phrase ("not bad", "not sure") negates nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from importlib import import_module
from typing import Callable

from rapidfuzz.distance import OSA

#: text2num's converter (a compiled module without type information: its signature is stated here).
alpha2digit: Callable[..., str] = import_module("text_to_num").alpha2digit

#: Words that turn what follows them (in the same part) into its opposite.
NEGATORS = frozenset("no not never none nothing without zero nope nah naw nor cannot neither nobody nowhere non hardly "
                     "scarcely avoid avoiding".split())
_ISH = re.compile(r"\b([a-z]+|\d+)-\s?ish\b|\b(ok|okay|good|fine|decent|fluent|yes|yeah|strong|weak)ish\b")
_FIELD_NONE = re.compile(r"\b([a-z][a-z -]{0,25}?)\s*[:=]\s*(?:0|none|no|nil|zero|nothing|nada|n/a)(?=\s*(?:[,;.)]|$))")
#: A negating prefix joined by a hyphen or slash ("non-radiology", "un-confident"), or "non" on its word ("nonclinical").
_JOINED_NEGATION = re.compile(r"\b(non|un|not)\s?[-/]\s?(?=[a-z])|\bnon(?=[a-z]{5,})(?!etheless|sense)")
#: A yes or no that opens a reply and answers it on its own, never the next word ("nah skipping S3", "nope not doing
#: it"): unlike "no" ("no plans", "no observership"), it ends its clause.
INTERJECTIONS = frozenset("nah nope naw nop yep yup yeah ya yess".split())
#: Phrases after a word that negate it ("J1 is not possible for me", "h1b no way").
AFTER_NEGATIONS: tuple[tuple[str, ...], ...] = tuple(tuple(p.split()) for p in (
    "not possible", "is not possible", "not an option", "is not an option", "not ok", "not okay", "is not ok",
    "not for me", "is not for me", "not allowed", "impossible", "no way", "will not work", "does not work",
    "not acceptable", "unacceptable", "not eligible", "is out", "is a no", "out of question", "out of the question",
    # it did not happen: "my observership got cancelled", "paper was rejected"
    "not involved", "was not involved", "not used", "was not used", "not part of it", "not the focus", "no role",
    "cancelled", "canceled", "got cancelled", "was cancelled", "fell through", "did not happen", "never happened",
    "rejected", "was rejected", "got rejected", "declined", "was declined", "got declined", "withdrawn", "no thanks",
    # ranked below something else: "US stay is secondary", "staying comes second", "less important than radiology"
    "secondary", "comes second", "come second", "second priority", "second place", "less important", "lower priority",
    "low priority", "not a priority", "not the priority", "not my priority", "not my top priority", "not the top",
    "not important", "not that important", "not so important", "not very important", "not the main", "not my main",
    "matters less", "matter less", "is a bonus", "just a bonus", "only a bonus", "nice to have", "not a must"))
#: Phrases that make a word a worry rather than a choice or a refusal ("J-1 waiver jobs scare me", "afraid of
#: the J1"): it neither counts nor is negated ("J1 scares me a bit but fine" is not "no J-1").
WORRIES_AFTER: tuple[tuple[str, ...], ...] = tuple(tuple(p.split()) for p in (
    "scare me", "scares me", "scared me", "is scary", "are scary", "scary", "worries me", "worry me",
    "frightens me", "frighten me", "makes me nervous", "make me nervous", "is a nightmare", "nightmare", "is a pain",
    "is hell", "is a trap", "is risky", "too risky", "is too risky", "is a headache", "headache"))
WORRIES_BEFORE: tuple[tuple[str, ...], ...] = tuple(tuple(p.split()) for p in (
    "afraid of", "scared of", "worried about", "worried of", "nervous about", "fear of", "fear"))
#: Words of a ranking before "than" ("I care more about radiology than about staying").
RANKING = frozenset("more rather better prefer prefers preferred important importance matters matter priority care "
                    "instead".split())
#: Phrases that put something first ("radiology comes first", "radiology matters more"): said of something else in
#: a clause of its own, they outrank a yes said before.
RANKED_FIRST: tuple[tuple[str, ...], ...] = tuple(tuple(p.split()) for p in (
    "comes first", "come first", "is first", "first priority", "top priority", "my priority", "is the priority",
    "main priority", "matters more", "matter more", "more important", "comes before", "is my focus", "is the focus",
    "priority is"))
#: Idioms that look negative and are not ("not gonna lie", "not only").
NOT_NEGATIONS: tuple[tuple[str, ...], ...] = tuple(tuple(p.split()) for p in (
    "not going to lie", "ngl", "not only", "no matter", "no doubt", "not to mention", "no problem", "without a doubt",
    "no question", "no problems", "no issue", "no issues", "no worries", "never been more", "never more",
    "could not be more", "cannot be more", "can not be more", "strong point", "strong suit", "weak point", "weak spot",
    "must is a strong word", "is a strong word", "strong word"))
#: Words that end a clause: a contrast or a reason starts a new thought.
CLAUSE_WORDS = frozenset("but though although however whereas except because cause coz since unless".split())
#: Clause words that turn against what came before ("fluent but people do not get my accent").
CONTRAST_WORDS = frozenset("but though although however whereas except".split())
#: Words that open a clause saying more about what the clause before named ("but it was IM").
BACK_REFERENCES = frozenset("it that this those these they which both all".split())
#: Words that say a drawback after a contrast ("very good vocabulary but my accent is heavy"): an opinion at
#: its top level is then asked, naming them.
DRAWBACKS = frozenset("heavy accent accented struggle struggles struggling difficult difficulty difficulties hard "
                      "problem problems issue issues trouble repeat slow slowly nervous weak poor bad lack lacking "
                      "limited rusty broken hesitate hesitant shy misunderstand understand".split())
#: People other than the user: a part whose subject is one of them says what they think, like or did, not the
#: user's answer ("my wife loves research", "my parents think yes", "everyone tells me my English is good").
OTHERS = frozenset("wife husband hubby spouse partner fiance fiancee parent parents mom mum mother dad father brother "
                   "sister sibling siblings cousin cousins uncle aunt family relative relatives friend friends "
                   "colleague colleagues coworker coworkers senior seniors junior juniors classmate classmates "
                   "batchmate batchmates roommate boss mentor mentors professor prof supervisor consultant "
                   "people everyone everybody someone somebody others son daughter kids "
                   "boyfriend girlfriend bf gf neighbour neighbor teacher teachers he she frnd frnds fren frens bff bestie "
                   "wifey mummy daddy papa ammi abbu amma appa".split())
#: People named only with "my", "our", "the" before them ("my attending said..."; "attending rounds" is not one).
OTHERS_WITH_OWNER = frozenset("attending attendings pd pi preceptor supervisor resident residents chief "
                              "registrar employer boss director directors advisor adviser counselor counsellor "
                              "tutor".split())


def _other(word: str) -> bool:
    """Another person, spelt as listed or with one slip in a long word ("evryone", "colleages")."""
    return word in OTHERS or (len(word) >= 7 and any(len(o) >= 7 and near(o, word) for o in OTHERS))


#: Pronouns that make the user the subject again ("my wife loves research, I am more clinical").
OWN_SUBJECTS = frozenset("i im we myself personally".split())
#: Verbs that report what someone else says or thinks: "people say I am fluent" is still their view.
REPORTING = frozenset("say says said think thinks thought tell tells told feel feels felt believe believes "
                      "want wants wanted suggest suggests suggested advise advises advised insist insists "
                      "recommend recommends recommended".split())
#: Words before a person that make them an object, not the subject ("with my wife", "for my family").
_OBJECT_OF = frozenset("with for to near than like from of by about as unlike".split())
#: Words that split a clause into parts.
PART_WORDS = frozenset("and then plus also".split())
#: Words that open a part with a predicate of its own (it does not inherit negation or plan).
PREDICATE_OPENERS = frozenset(
    "i im i've ive did done do have has had got get completed passed cleared am was were is are currently now "
    "already will would want going planning plan hope hoping took take taking worked work working so".split())
#: A plan, not a fact yet: in the same part, it makes the level "planned".
PLAN_WORDS: tuple[tuple[str, ...], ...] = tuple(tuple(p.split()) for p in (
    "will", "going to", "plan", "plans", "planned", "planning", "plan to", "hope", "hoping", "hopefully",
    "want to", "would like", "intend", "intending", "aim", "aiming", "next year", "next month", "next week",
    "next summer", "next spring", "next fall", "next autumn", "next winter", "next cycle", "upcoming", "being written",
    "scheduled", "booked", "applied", "applying", "apply", "waiting", "awaiting", "soon", "starting", "being drafted",
    "start", "starts", "about to", "looking for", "trying to", "to do", "tbd", "in future", "later", "being prepared",
    "eventually", "someday", "in progress", "working on", "submitted", "under review", "in the works", "on my radar",
    "preparing", "yet to", "gonna", "would", "registered", "this coming", "writing", "drafting", "ongoing", "on my list",
    "unpublished", "not published", "in preparation", "in process", "processing", "pending", "in the process",
    "still in", "data collection", "collecting data", "in review", "under submission", "not submitted", "underway",
    "confirmed for", "is confirmed", "set for", "arranged for", "lined up", "coming up", "coming in", "interview is",
    *(f"{w} {m}" for w in ("for", "starts", "starting", "begins") for m in (
        "january", "jan", "february", "feb", "march", "april", "may", "june", "july", "august", "aug", "september",
        "sept", "october", "oct", "november", "nov", "december", "dec"))))
#: Plan words long enough to be matched with one slip ("planed", "sheduled"), first letter as typed.
_SLIPPABLE_PLANS = frozenset(ph[0] for ph in PLAN_WORDS if len(ph) == 1 and len(ph[0]) >= 7)
#: The user says they do not know: never a reason to store anything.
UNSURE_PHRASES: tuple[tuple[str, ...], ...] = tuple(tuple(p.split()) for p in (
    "not sure", "no sure", "unsure", "not certain", "uncertain", "no idea", "do not know", "idk", "dunno",
    "not know", "no clue", "cannot remember", "can not remember", "do not remember", "not remember",
    "cannot recall", "do not recall", "forgot", "forget", "confused", "not clear", "hard to say", "cannot say",
    "can not say", "it depends", "depends", "depending", "not decided", "undecided", "have not decided",
    "not yet decided", "what is", "what does", "what do you mean", "what are", "which one", "no clue",
    "not so sure", "not too sure", "not very sure", "not that sure", "not fully sure", "not 100 percent sure",
    "not really sure", "not quite sure", "not so certain", "not too certain", "not really certain", "in two minds",
    "on the fence", "torn between", "50 50"))
CHAT_HEDGES = ("prob", "probs", "prolly", "prbly", "probly", "mayb", "maybee", "mby")  # "prob 2029": a hedge anywhere
#: Words that soften a statement: a doubt about a fact ("I think 2018"), but how opinions are stated
#: ("ok I guess"), except the ones in DOUBTS, which leave even an opinion open ("maybe average").
HEDGES: tuple[tuple[str, ...], ...] = tuple(tuple(p.split()) for p in (
    "maybe", "perhaps", "probably", "possibly", "might", "i think", "i guess", "i believe", "i suppose",
    "kinda", "kind of", "sort of", "likely", "may be", "ideally", "preferably", "preferable", "if possible",
    "would be nice", "would be good", "ish", "i hope", "hopefully", "would have", "could have", "used to", *CHAT_HEDGES))
#: Hedges that leave even an opinion open: "maybe average", "ideally yes" (a wish, not a must), "H1B
#: preferably" (a preference, not "only").
DOUBTS: tuple[tuple[str, ...], ...] = tuple(tuple(p.split()) for p in (
    "maybe", "perhaps", "possibly", "might", "may be", "ideally", "preferably", "preferable", "if possible", "ish",
    "would have", "could have", "probably", "likely", *CHAT_HEDGES))
#: At a question of liking, every hedge leaves the answer open, and so do "a little" and not having tried it.
LIKING_HEDGES: tuple[tuple[str, ...], ...] = HEDGES + tuple(tuple(p.split()) for p in (
    "little bit", "a little", "a bit", "somewhat", "slightly", "never really tried", "never tried", "not really tried",
    "never actually tried", "have not tried", "not tried", "never done it", "never done", "i suppose"))
#: Words that make a number approximate ("around 250", "240 something", "250ish").
APPROXIMATE = frozenset("around about approx approximately roughly nearly almost like over above under below "
                        "something ish or so least more less".split())
#: Of those, the ones that make a number approximate when they stand BEFORE it ("so 1" is a conclusion, "1 or so"
#: is approximate).
APPROXIMATE_BEFORE = APPROXIMATE - {"so", "or", "something", "ish"}
CONTRACTIONS = (
    (r"\bcan'?t\b", "cannot"), (r"\bwon'?t\b", "will not"), (r"\bain'?t\b", "is not"),
    (r"n't\b", " not"), (r"\b(do|did|does|have|has|had|is|are|was|were|should|could|would|need)nt\b", r"\1 not"),
    (r"'m\b", " am"), (r"'re\b", " are"), (r"'ll\b", " will"), (r"'ve\b", " have"), (r"'d\b", " would"),
    (r"'s\b", " is"), (r"\bive\b", "i have"), (r"\bgonna\b", "going to"),
    (r"\bwanna\b", "want to"), (r"\bgotta\b", "have to"), (r"\bu\.?s\.?a?\.?(?=\s|$|,)", "us"),
    (r"\bstep\s*-?\s*(\d)", r"step \1"), (r"\b(\d)\s*ck\b", r"\1 ck"), (r"\bsub-?i\b", "sub i"),
)
_TOKEN = re.compile(r"\d+(?:\.\d+)?[a-z]*|[^\W\d_]+(?:\d+[a-z]*)?|[,;.!?()\[\]/|\n:=~+&<>؟？¿\-–—]")
_AFTER_SO = frozenset("no yes i it its we my not nothing none definitely".split())
_BOUNDARY = frozenset(",;.!?/|\n–—؟？¿")
#: Verbs that say something is done: a time span beside them ("did 2 observerships in 3 months") is not ahead.
_PAST = frozenset("did done completed finished got scored took passed was were had cleared spent".split())
#: Words after "since" that make it a time ("since last year"), not a reason.
_SINCE_TIME = frozenset("last then the a an this january february march april may june july august september "
                        "october november december jan feb mar apr jun jul aug sep sept oct nov dec".split())


#: A correction inside a message: what follows it replaces what came before ("none.. oh wait, 1").
#: "actually" counts as one where it opens a clause after something said ("I dont think I failed... actually
#: yes, Step 1"), not inside one ("J1 preferred actually", "I actually enjoy it").
#: Between two numbers, "no", "nope", "sorry", "I mean", "typo" take the first back ("graduated 2016 nope 2017",
#: "283.. sorry typo, its 238").
CORRECTIONS = re.compile(r"(?:\b(?:oh wait|no wait|wait no|wait actually|correction|scratch that|sorry i meant|i meant|"
                         r"sorry,? i mean|sorry,? i wanted to say|let me correct|my bad|on second thought|"
                         r"come to think of it|now that i think of it)\b"
                         r"|(?<=\w)[\s]*(?:\.{2,}|…|[,;.!-])\s*actually\b"
                         r"|(?<=\d)(?:[\s,.;!?-]*\b(?:no|nope|nah|sorry|sry|i mean|or rather|rather|wait|typo|oops|"
                         r"my bad)\b)+(?:[\s,.;:!-]*\b(?:its|it's|it is|should be|i meant)\b)?"
                         r"(?=[\s,.:;!-]*\d))"
                         r"[\s,.:;!-]*", re.IGNORECASE)


def after_correction(text: str) -> str:
    """The part of a message after its last self-correction ("none.. oh wait I did fail step 1" -> "I did
    fail step 1"); the whole message when it has none, or nothing follows it."""
    parts = CORRECTIONS.split(text)
    tail = parts[-1] if len(parts) > 1 else text
    return tail if re.search(r"\w", tail) else text


def digit_slips(text: str) -> str:
    """A letter O typed among digits as the zero it stands for ("2o19" -> "2019"), and a year written with
    "k" for the thousands ("2k21" -> "2021")."""
    text = re.sub(r"\b2[kK](\d{2})\b", r"20\1", text)
    return re.sub(r"(?<=\d)[oO]+(?=\d)", lambda m: "0" * len(m.group()), text)


def ascii_digits(text: str) -> str:
    """NFKC, then every decimal digit of any script as its ASCII digit ("٢٠٢٧" -> "2027")."""
    return "".join(str(int(ch)) if ch.isdecimal() else ch for ch in unicodedata.normalize("NFKC", text))


def plain_text(text: str) -> str:
    """Lower case, ASCII digits, straight quotes, contractions opened ("don't" -> "do not")."""
    t = digit_slips(ascii_digits(text)).lower().replace("’", "'").replace("‘", "'").replace("`", "'")
    t = re.sub(r"(?<=\d)\s*%", " percent", t)
    t = re.sub(r"(?<![\w+-])([-+])\s?ve\b", lambda m: " negative" if m.group(1) == "-" else " positive", t)  # "-ve"
    t = re.sub(r"\bx\s?([1-9])\b|\b([1-9])\s?x\b(?!\s*ray)", lambda m: f"{m.group(1) or m.group(2)} times", t)  # "fail x2"
    for pattern, repl in CONTRACTIONS:
        t = re.sub(pattern, repl, t)
    t = _ISH.sub(lambda m: f"{m.group(1) or m.group(2)} ish", t)  # "okayish", "average-ish": a hedge of its own
    t = _FIELD_NONE.sub(lambda m: f"no {m.group(1)}", t)  # "radiology: none", "hands-on: 0": a form's field denied
    return _JOINED_NEGATION.sub(lambda m: "not " if m.group(1) in ("un", "not") else "non ", t)


_ONES = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
#: A year said in two pairs ("twenty eighteen", "twenty twenty-nine", "nineteen ninety"): text2num reads two numbers.
SPOKEN_YEAR = re.compile(r"\b(nineteen|twenty)[\s-]+(?:(" + "|".join(_TEENS) + r")|(" + "|".join(_TENS) + r")(?:[\s-]+("
                          + "|".join(_ONES) + r"))?)\b")


def _spoken_year(m: re.Match[str]) -> str:
    high = 19 if m.group(1) == "nineteen" else 20
    low = 10 + _TEENS.index(m.group(2)) if m.group(2) else 20 + 10 * _TENS.index(m.group(3)) + (
        _ONES.index(m.group(4)) + 1 if m.group(4) else 0)
    return str(high * 100 + low)


def with_digits(text: str) -> str:
    """Number words as digits: "two hundred and forty" -> "240", "failed twice" stays, "second" -> "2nd",
    "twenty eighteen" -> "2018"."""
    text = SPOKEN_YEAR.sub(_spoken_year, text)
    try:
        return str(alpha2digit(text, "en", threshold=0))
    except Exception:  # noqa: BLE001 - a parser error means: leave the words as they are
        return text


def foreign_letters(text: str) -> bool:
    """True when the text has a word in a script other than Latin (Arabic, Cyrillic, Devanagari...)."""
    run = 0
    for ch in text:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            run += 1
            if run >= 2:
                return True
        else:
            run = 0
    return False


def near(a: str, b: str) -> bool:
    """Within one edit, a swap of two letters counting as one ("obsevership", "falied")."""
    return OSA.distance(a, b, score_cutoff=1) <= 1


_MONTH_NAMES = frozenset("january february march april june july august september october november december".split())
SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "ship", "ships", "ly")


def same(keyword: str, word: str) -> bool:
    """A keyword's word matches a typed word: equal, a plural or other ending, one slip in a long word,
    or any ending when the keyword ends with ``*``."""
    if keyword == word:
        return True
    if word in _MONTH_NAMES:  # "march" is not a slip of "match"
        return False
    if keyword.endswith("*"):
        stem = keyword[:-1]
        return len(stem) >= 3 and (word.startswith(stem) or (len(stem) >= 4 and near(stem, word[:len(stem)])))
    if len(keyword) >= 3 and word.startswith(keyword) and word[len(keyword):] in SUFFIXES:
        return True
    return (len(keyword) >= 5 and len(word) >= 5 and not word.isdigit() and near(keyword, word)) or \
        _shortened(keyword, word)


def _shortened(keyword: str, word: str) -> bool:
    """A long keyword typed with a few letters of its middle left out ("obsership", "obsvership" for
    "observership"): same first three and last four letters, the word's letters in order within it."""
    if word.endswith("s") and not keyword.endswith("s"):  # "obserships"
        word = word[:-1]
    if len(keyword) < 10 or not 7 <= len(word) <= len(keyword) - 2 or len(keyword) - len(word) > 4 \
            or word[:3] != keyword[:3] or word[-4:] != keyword[-4:]:
        return False
    rest = iter(keyword)
    return all(ch in rest for ch in word)


@lru_cache(maxsize=4096)
def phrase(text: str) -> tuple[str, ...]:
    """A keyword or phrase as the words a sentence is matched against; a last word ending in ``*`` keeps it
    (it then matches any ending: "surg*" matches "surgery", "surgical")."""
    star = text.endswith("*")
    words = tuple(w for w in (_tokens(plain_text(text.rstrip("*")))) if w not in _BOUNDARY and w not in "-:()")
    return words[:-1] + (words[-1] + "*",) if star and words else words


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        m = re.fullmatch(r"(step)(\d)([a-z]*)", tok)
        if m:
            out += [x for x in m.groups() if x]
        else:
            out.append(tok)
    return out


@dataclass
class Sentence:
    """A message as words; ``clause[i]``/``part[i]`` say where word ``i`` stands."""

    raw: str
    words: list[str]
    clause: list[int]
    part: list[int]
    used: list[bool] = field(default_factory=list)
    starts: set[int] = field(default_factory=set)  # where a claimed keyword phrase of two words or more begins
    singles: set[int] = field(default_factory=set)  # claimed one-word keywords ("no"): a negator among them negates
    quiet: set[int] = field(default_factory=set)  # words of unsure phrases and hedges: they negate nothing
    contrasts: set[int] = field(default_factory=set)  # clauses opened by a contrast ("but", "though")
    excepts: set[int] = field(default_factory=set)  # clauses opened by "except": what they name is left out
    echoes: set[int] = field(default_factory=set)  # clauses ending in "?" with a clause after them ("electives? not yet")

    @classmethod
    def of(cls, text: str, numbers: bool = False) -> "Sentence":
        t = plain_text(text)
        if numbers:
            t = with_digits(t)
        words: list[str] = []
        clause: list[int] = []
        part: list[int] = []
        c = p = 0
        contrasts: set[int] = set()
        excepts: set[int] = set()
        echoes: set[int] = set()
        tokens = _tokens(re.sub(r"(?<=[\w.,!?)])\s*-\s+(?=\w)|(?<=[\w.,!?)])\s+-(?=\s)", " — ", t))  # a spaced dash
        if len(tokens) > 1 and tokens[0] in INTERJECTIONS:  # "nah skipping S3": the reply's own yes or no, then more
            tokens.insert(1, ",")
        for k, tok in enumerate(tokens):
            if tok == "since" and k + 1 < len(tokens) and (tokens[k + 1][:1].isdigit() or tokens[k + 1] in _SINCE_TIME):
                words.append(tok)  # "working since 2016": time, not a reason; it stays with its number
                clause.append(c)
                part.append(p)
                continue
            if tok in _BOUNDARY:
                if words and clause[-1] == c:
                    if tok in "?؟？":
                        echoes.add(c)
                    c, p = c + 1, p + 1
                continue
            if tok in ("-", "(", ")", "[", "]", ":", "=", "~", "<", ">"):
                if tok in "~<>":
                    words.append(tok)
                    clause.append(c)
                    part.append(p)
                continue
            if tok in CLAUSE_WORDS:
                if words and clause[-1] == c:
                    c, p = c + 1, p + 1
                if tok in CONTRAST_WORDS and words:
                    contrasts.add(c)
                if words and (tok == "except" or tok == "but" and words[-1] in ("anything", "everything", "any")):
                    excepts.add(c)
                continue
            conclusion = tok == "so" and k + 1 < len(tokens) and tokens[k + 1] in _AFTER_SO  # "..., so no rush"
            if tok in PART_WORDS or tok in ("&", "+") or conclusion:
                if words and part[-1] == p:
                    p += 1
                words.append(tok)
                clause.append(c)
                part.append(p)
                continue
            words.append(tok)
            clause.append(c)
            part.append(p)
        echoes = {e for e in echoes if clause and e < clause[-1]}  # a clause answers it
        return cls(text, words, clause, part, [False] * len(words), contrasts=contrasts, excepts=excepts,
                   echoes=echoes)

    # ------------------------------------------------------------------ finding phrases
    def find(self, ph: tuple[str, ...], fuzzy: bool = True, claim: bool = False) -> list[tuple[int, int]]:
        """Where a phrase stands (start, end), not across a clause; ``claim`` marks its words used."""
        n = len(ph)
        found: list[tuple[int, int]] = []
        if not n:
            return found
        first = ph[0]
        loose = fuzzy and (first.endswith("*") or len(first) >= 3)  # else only the word itself matches
        i = 0
        while i <= len(self.words) - n:
            if self.words[i] != first and not (loose and same(first, self.words[i])):
                i += 1
                continue
            span = range(i, i + n)
            if (self.clause[i] == self.clause[i + n - 1] and not any(self.used[j] for j in span)
                    and all((k == w) if not fuzzy else same(k, w) for k, w in zip(ph, self.words[i:i + n]))):
                found.append((i, i + n))
                if claim:
                    for j in span:
                        self.used[j] = True
                    if n > 1:
                        self.starts.add(i)
                    else:
                        self.singles.add(i)
                i += n
            else:
                i += 1
        return found

    def has(self, phrases: tuple[tuple[str, ...], ...], fuzzy: bool = False) -> bool:
        return any(self.find(ph, fuzzy) for ph in phrases)

    def claim_all(self, phrases: tuple[tuple[str, ...], ...], fuzzy: bool = False) -> list[tuple[int, int]]:
        """Find and claim every occurrence of the phrases, longest first; their words negate nothing."""
        spans: list[tuple[int, int]] = []
        for ph in sorted(phrases, key=len, reverse=True):
            spans += self.find(ph, fuzzy, claim=True)
        for a, b in spans:
            self.quiet.update(range(a, b))
        return sorted(spans)

    # ------------------------------------------------------------------ scope
    def _part_start(self, i: int) -> int:
        """The first word of the part that word ``i`` is in, following inheritance back over parts that
        do not open with a predicate of their own."""
        j = i
        while j > 0 and self.part[j - 1] == self.part[i]:
            j -= 1
        while j > 0 and self.clause[j - 1] == self.clause[j]:
            opener = next((w for w in self.words[j:i + 1] if w not in PART_WORDS and w not in ("&", "+", "a", "an",
                                                                                              "the", "my")), "")
            if opener in PREDICATE_OPENERS:
                break
            k = j - 1
            while k > 0 and self.part[k - 1] == self.part[j - 1]:
                k -= 1
            j = k
        return j

    def _part_end(self, i: int) -> int:
        j = i
        while j < len(self.words) and self.part[j] == self.part[i]:
            j += 1
        return j

    def negated(self, start: int, end: int, negators: frozenset[str] = NEGATORS) -> bool:
        """A negator before the span in its scope, or a negating phrase right after it ("J1 is not possible")."""
        idioms = [s for ph in NOT_NEGATIONS for s in self.find(ph, fuzzy=False)]
        inside = {j for s, e in idioms for j in range(s, e)}
        for j in range(self._part_start(start), start):
            if self.words[j] in negators and not self.used[j] and j not in inside:
                return True
            if self.words[j] in negators and self.used[j] and (self._single_used(j) or j in self.starts
                                                                or (j in self.singles
                                                                    and self.words[start] not in negators)) \
                    and j not in inside and j not in self.quiet:
                return True
        tail = self.words[end:self._part_end(max(start, end - 1))]
        if 1 <= len(tail) <= 2 and tail[-1] in ("no", "nope", "nah", "not", "never"):  # "research-heavy no", "J1 never"
            return True
        return any(len(tail[k:k + len(ph)]) == len(ph) and all(a == b or (len(a) >= 6 and near(a, b))
                                                               for a, b in zip(ph, tail[k:k + len(ph)]))
                   for ph in AFTER_NEGATIONS for k in range(len(tail)))  # "less importnt" too

    def someone_else(self, start: int) -> str:
        """The person whose view or deed the word states, when it is not the user's: the subject of its part
        ("my wife loves research", "my cousin settled in Texas and loves it"), or someone said to report it
        ("people say I am fluent", "according to my seniors"); as typed, from the person on. "" when the user
        is the subject or none is named."""
        lo = self._part_start(start)
        own = -1
        for j in range(start - 1, lo - 1, -1):
            w = self.words[j]
            if w in OWN_SUBJECTS and j not in self.quiet:
                own = j
                break
            owned = w in OTHERS_WITH_OWNER and any(o in ("my", "our", "the", "his", "her")
                                                   for o in self.words[max(lo, j - 2):j])  # "my program director"
            if (_other(w) or owned) and not self._object_of(j, lo) and not self.used[j]:
                return self._from(j, start)
        if own >= 0:  # "people say I am fluent": a reporting verb with another subject before the user
            for j in range(own - 1, lo - 1, -1):
                if self.words[j] in REPORTING:
                    for k in range(j - 1, lo - 1, -1):
                        if _other(self.words[k]) and not self._object_of(k, lo):
                            return self._from(k, start)
                        if self.words[k] in OWN_SUBJECTS:
                            return ""
            return ""
        for j in range(lo, start):
            if self.words[j] == "according" and any(_other(w) for w in self.words[j:start]):
                return self._from(j, start)
        return ""

    def _object_of(self, j: int, lo: int) -> bool:
        """The person at ``j`` follows a preposition ("with my wife", "for my family"), or is owned by the user
        beside "and" ("my wife and I"): not a subject of their own."""
        k = j - 1
        while k >= lo and self.words[k] in ("my", "our", "the", "a", "an", "his", "her", "their", "some", "most",
                                            "many", "all", "elder", "older", "younger", "big", "little"):
            k -= 1
        with_me = (j + 2 < len(self.words) and self.words[j + 1] == "and" and self.words[j + 2] in (*OWN_SUBJECTS, "me")) \
            or (k - 1 >= lo and self.words[k] == "and" and self.words[k - 1] in (*OWN_SUBJECTS, "me"))
        return (k >= lo and self.words[k] in _OBJECT_OF) or with_me  # "my wife and I", "me and my friend"

    def _from(self, j: int, start: int) -> str:
        """The words of word ``start``'s clause, from the person at ``j`` (and the "my" before them) on."""
        k = j
        while k > 0 and self.clause[k - 1] == self.clause[j] and self.words[k - 1] in (
                "my", "our", "his", "her", "their", "the", "all", "most", "many", "program", "elder", "older",
                "younger", "little", "big"):
            k -= 1
        end = start
        while end < len(self.words) and self.clause[end] == self.clause[start]:
            end += 1
        return " ".join(self.words[k:end])

    def ranked_below(self, start: int) -> bool | None:
        """A word after "than" in a ranking ("I care more about radiology than about staying": True, ranked below),
        or after "nothing ... than" ("nothing matters more than staying": False, ranked above all); None when it
        stands in no such comparison ("more than 2 observerships" counts)."""
        lo = self._part_start(start)
        t = next((j for j in range(start - 1, lo - 1, -1) if self.words[j] == "than"), -1)
        if t < 0 or any(w[:1].isdigit() or w in ("a", "an", "one", "once", "twice") for w in self.words[t + 1:start]):
            return None
        before = self.words[lo:t]
        if not set(before) & RANKING:
            return None
        return not (before and before[0] in ("nothing", "none", "nobody", "no"))

    def outranked(self, clauses: set[int]) -> str:
        """A clause other than ``clauses`` that puts something else first ("yes but radiology comes first",
        "green card would be nice but radiology matters more"), as typed, or ""."""
        for c in sorted(set(self.clause) - clauses):
            at = [k for k, cl in enumerate(self.clause) if cl == c]
            words = [self.words[k] for k in at]
            if any(tuple(words[k:k + len(ph)]) == ph for ph in RANKED_FIRST for k in range(len(words))):
                return " ".join(words)
        return ""

    def conditional(self, start: int) -> bool:
        """The word stands in a condition ("I can wait another year if I have to"): after "if" in its clause."""
        j = start
        while j > 0 and self.clause[j - 1] == self.clause[start]:
            j -= 1
            if self.words[j] in ("if", "incase") and j not in self.quiet:
                return True
        return False

    def worried(self, start: int, end: int) -> bool:
        """A worry about the span in its part: after it ("J-1 waiver jobs scare me") or before it ("afraid of")."""
        tail = self.words[end:self._part_end(max(start, end - 1))]
        head = self.words[self._part_start(start):start]
        return any(tuple(tail[k:k + len(ph)]) == ph for ph in WORRIES_AFTER for k in range(len(tail))) or \
            any(tuple(head[k:k + len(ph)]) == ph for ph in WORRIES_BEFORE for k in range(len(head)))

    def _single_used(self, j: int) -> bool:
        """A negator that was claimed as a one-word keyword ("never", "no") still negates what follows it."""
        left = j == 0 or not self.used[j - 1] or self.part[j - 1] != self.part[j]
        right = j == len(self.words) - 1 or not self.used[j + 1] or self.part[j + 1] != self.part[j]
        return left and right

    def planned(self, start: int) -> bool:
        """A plan word anywhere in the span's part (inheriting over parts that continue a predicate), not one
        that belongs to a keyword ("no plans", "will take it") and not a negated one ("not planning to")."""
        lo, hi = self._part_start(start), self._part_end(start)
        for ph in PLAN_WORDS:
            for k in range(lo, hi - len(ph) + 1):
                if tuple(self.words[k:k + len(ph)]) == ph and not any(self.used[k:k + len(ph)]) \
                        and not (k > 0 and self.words[k - 1] in NEGATORS) and not self._preference(k, ph):
                    return True
        past = any(w in _PAST for w in self.words[lo:hi])  # "did 2 observerships in 3 months": done, not ahead
        return any(self._slipped_plan(k) or (not past and self._time_ahead(k)) for k in range(lo, hi))

    def _preference(self, k: int, ph: tuple[str, ...]) -> bool:
        """"would rather", "would prefer": a preference held now ("I'd rather not say"), not a plan."""
        return ph == ("would",) and k + 1 < len(self.words) and self.words[k + 1] in ("rather", "prefer", "sooner")

    def _time_ahead(self, k: int) -> bool:
        """A time still ahead, opening at word ``k``: "in 2 months", "in a few weeks" (not "in 2 months of prep")."""
        w = self.words[k:k + 5]
        if len(w) < 3 or w[0] not in ("in", "within") or self.used[k]:
            return False
        rest = [x for x in w[1:] if x not in ("a", "the", "few", "couple", "of", "next", "coming")]
        count = w[1].isdigit() or w[1] in ("a", "few", "couple", "next", "coming")
        unit = rest[0] if rest and not rest[0].isdigit() else (rest[1] if len(rest) > 1 else "")
        after = w[w.index(unit) + 1] if unit in w and w.index(unit) + 1 < len(w) else ""
        return count and unit.rstrip("s") in ("day", "week", "month", "wk", "mo") and after != "of"

    def _slipped_plan(self, k: int) -> bool:
        """A long plan word typed with one slip ("planed", "sheduled"), not a word of a keyword or a negated one."""
        w = self.words[k]
        return len(w) >= 5 and not self.used[k] and not (k > 0 and self.words[k - 1] in NEGATORS) and any(
            w[0] == p[0] and near(p, w) for p in _SLIPPABLE_PLANS)

    def turns_negative(self, after_clause: int, skip: set[int], drawbacks: bool = False) -> str:
        """The words of a clause after a contrast that follows ``after_clause`` and says "not" about something
        ("I like patients but not the follow up", "fluent but people do not get my accent"), or with
        ``drawbacks`` one that names a drawback ("but my accent is heavy"), or "". Clauses
        in ``skip`` (ones with an answer of their own) and idioms ("not gonna lie") do not count."""
        opened = [c for c in self.contrasts if c > after_clause]
        if not opened:
            return ""
        idioms = {j for ph in NOT_NEGATIONS for s, e in self.find(ph, fuzzy=False) for j in range(s, e)}
        for c in sorted(set(self.clause)):
            if c < min(opened) or c in skip:
                continue
            at = [k for k, cl in enumerate(self.clause) if cl == c]
            if any((self.words[k] in DRAWBACKS if drawbacks else self.words[k] in NEGATORS) and not self.used[k]
                   and k not in self.quiet and k not in idioms for k in at):
                return " ".join(self.words[k] for k in at)
        return ""

    def referring_back(self, start: int) -> list[int]:
        """The first words of the clauses right after word ``start``'s clause that say more about it: they open
        (after a contrast, if any) with a word pointing back ("but it was IM", "those were online", "which was
        in my country"). They go on as long as each clause points back."""
        out: list[int] = []
        c = self.clause[start]
        while True:
            at = [k for k, cl in enumerate(self.clause) if cl == c + 1]
            if not at:
                return out
            first = self.words[at[0]]
            second = self.words[at[0] + 1] if len(at) > 1 else ""
            if first not in BACK_REFERENCES or (first in ("that", "this", "those", "these", "all", "both")
                                                 and second not in ("was", "were", "is", "are", "in", "at", "one")):
                return out
            out.append(at[0])
            c += 1

    def own_words(self) -> tuple[str, list[str]]:
        """The message without its parts whose subject is someone else ("my brother got 260 in CK, I got 241"
        -> "i got 241"), clauses joined by commas, and those parts as typed (none: the message as it was)."""
        others: list[str] = []
        drop: set[int] = set()
        for p in sorted(set(self.part)):
            at = [k for k, q in enumerate(self.part) if q == p]
            if at and self.someone_else(at[-1]) and not any(self.words[k] in OWN_SUBJECTS for k in at):
                drop.update(at)
                others.append(" ".join(w for w in (self.words[k] for k in at) if w not in PART_WORDS))
        if not drop:
            return self.raw, []
        kept: list[str] = []
        for k, w in enumerate(self.words):
            if k in drop:
                continue
            if kept and self.clause[k] != self.clause[max(j for j in range(k) if j not in drop)]:
                kept.append(",")
            kept.append(w)
        return " ".join(kept).replace(" ,", ","), others

    def part_words(self, start: int) -> list[str]:
        """The words of the part that word ``start`` is in (no inheritance)."""
        lo = start
        while lo > 0 and self.part[lo - 1] == self.part[start]:
            lo -= 1
        return self.words[lo:self._part_end(start)]

    def in_part(self, start: int, phrases: tuple[tuple[str, ...], ...],
                exact: frozenset[tuple[str, ...]] = frozenset()) -> str:
        """The first of ``phrases`` (near spellings too), or of ``exact`` (as spelt), in the same part as
        word ``start`` (no inheritance), or ""."""
        words = self.part_words(start)
        for n in {len(p) for p in exact}:
            for k in range(len(words) - n + 1):
                if tuple(words[k:k + n]) in exact:
                    return " ".join(words[k:k + n])
        for ph in phrases:
            for k in range(len(words) - len(ph) + 1):
                if all(same(a, b) for a, b in zip(ph, words[k:k + len(ph)])):
                    return " ".join(ph)
        return ""
