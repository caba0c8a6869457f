"""The FAQ's words: the field's abbreviations and synonyms, stop words and everyday English, the stems of
the field's own words, and turning text into the words a lookup uses (canonical form, synonyms, ideas,
typos mended to the knowledge base's own words).

Pure; ``knowledge.faq`` and ``knowledge.faq_message`` read a message through it, and the index is built from
the same forms (``knowledge.faq_entries.index_rows``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache


#: Abbreviation -> spelled-out words. Both forms are indexed and searched, so either finds the entry.
SYNONYMS = {
    "dr": "diagnostic radiology", "rads": "radiology", "im": "internal medicine", "fm": "family medicine",
    "ty": "transitional year", "prelim": "preliminary year", "lor": "letter recommendation",
    "lors": "letters recommendation", "ps": "personal statement", "yog": "year graduation",
    "usce": "us clinical experience", "ck": "step 2 ck", "img": "international medical graduate",
    "imgs": "international medical graduates", "eras": "application service", "nrmp": "match",
    "rol": "rank order list", "neuro": "neurology", "path": "pathology", "h1b": "h1b visa",
    "j1": "j1 visa", "pgy1": "intern year", "subi": "sub internship", "cv": "cv resume",
    "gc": "green card", "fallback": "backup", "safety": "backup", "resume": "cv",
    "resumes": "cv", "recommendation": "letter", "ir": "interventional radiology",
    # everyday words for the same idea
    "odds": "chances", "chance": "chances", "likelihood": "chances", "residencies": "programs",
    "transfer": "switch", "reapply": "switch", "alternative": "backup",
    "referees": "letter recommendation", "references": "letter recommendation",
    # the field's everyday shorthand in chats and forums
    "pd": "program director", "pds": "program directors", "apd": "program director", "pc": "program coordinator",
    "loi": "letter intent", "lois": "letters intent",
    "yrs": "years", "yr": "year", "exp": "experience", "docs": "doctors", "mos": "months",
    "cert": "certification", "certs": "certification",
}
#: Shorthand -> the one word entries write for it, where they found: "neuro" is found wherever "neurology" is, and
#: "DR" wherever "radiology" is (every entry's radiology is diagnostic radiology; IR names itself). Without it a
#: question's "DR" or "safety net" counted as a rare idea only the few entries spelling it that way have.
SAME_IDEA = {short: (word,) for short, word in SYNONYMS.items() if " " not in word and short != "path"  # a path to
             } | {"dr": ("radiology",)}
#: Phrases that mean a backup specialty in this bot's field.
BACKUP_PHRASES = re.compile(r"\b(?:another|second|other|different|alternative|extra)\s+"
                            r"(?:specialty|specialities|specialties|field|fields|option|discipline)\b")
#: Ways of writing "international medical graduate" beyond the exact phrase.
IMG_PHRASES = re.compile(r"\b(?:international|foreign|overseas|non us)\s+(?:medical\s+)?"
                         r"(?:graduates?|grads?|doctors?)\b")
STOPWORDS = set("""
a an the and or but if then so of to in on at for from by with about into as is are was were be been being
am do does did doing have has had having i me my mine we our you your he she it its they them their this
that these those what which who whom whose when where why how can could should would will shall may might
must not no yes just also too very really there here any some much more most such than own same
get got go going want wanted know please hi hello thanks thank ok okay let lets s t d m ll
re ve
ive youre theyre thats whats whos theres heres u ur r n
""".split())
#: Words that carry the shape of a question rather than its topic ("how should I choose...").
#: They still match, but count for little in the confidence and ranking.
LIGHT_WORDS = set("""
choose choosing pick picking select decide look looking find finding write put make makes sense mean means
suit suits suitable love loves like expect expected work works worth good okay fine someone somebody people
person thing things way ways idea possible possibly lined besides plus use used using give go
explain explains recommend recommends suggest suggests advise describe
see sees seeing seen saw think thinks thought feel feels tell tells telling told need needs
say says saying said keep keeps keeping kept
ago already still yet currently right now actually anyone everyone anybody everybody someone ever always
honestly basically literally seriously exactly even anything something everything whatever
one two both each every all none either neither several only
bad smart wise wrong legit legitimate alright great ideal sensible reasonable silly stupid dumb terrible
true false useless pointless worthless
guys folks seniors friend friends colleague colleagues lol haha pls plz
don doesn didn isn aren wasn weren hasn haven hadn couldn wouldn shouldn mustn ain cannot
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
#: Everyday English that no entry needs to have: verbs (any form: "done", "took", "wasting", "targeting"), adverbs,
#: adjectives of judgement or time, and ways of addressing a forum. A word no entry has is often the topic itself
#: ("moonlight", "ACLS"), which makes the answer unsure; one of these never is: it counts as a light word.
PLAIN_ENGLISH = frozenset("""
be become became come came do did done doing go went gone get got gotten give gave given take took taken make made
keep kept let put say said saying see saw seen tell told think thought try tried ask asked call called leave left
find found know knew known show showed shown hear heard feel felt seem seemed start started begin began begun end
ended stop stopped finish finished join joined forget forgot forgotten remember happen happened waste wasted
wasting target targeted targeting focus focused focusing plan planned aim aimed hope hoped wish wished worry worried
bother care cared help helped change changed upload uploaded send sent sending submit submitted catch caught
matter mattered stick stuck lose lost win won pass passed fail failed manage managed handle handled deal dealt
consider considered prefer preferred enjoy enjoyed hate hated like liked want wanted wants hold held run ran
mention mentioned hide hid hidden count counted suppose supposed reckon guess guessed wonder wondered believe
believed understand understood read write wrote written look looked seek sought stay stayed wait waited move moved
eventually finally maybe perhaps probably definitely surely already almost also again later soon often usually
sometimes rarely ever never anyway anyhow otherwise instead though although however therefore hence meanwhile
true false real actual actually fake okay fine useless useful pointless helpful worthless worth unrelated related
relevant irrelevant enough extra last first next previous recent former latter early late new old big small
huge tiny little long short high low hard easy easier harder tough simple whole entire same different similar
other another certain sure unsure happy sad scared afraid worried nervous excited confused stuck desperate
bro bros dude sis bhai yaar fam buddy mate sir madam ma am doc everyone anyone
""".split())
#: Beginnings of the field's own words. A confident answer needs at least one in the question, so that
#: "how much does a used car cost" or "the pass mark for PLAB" is not answered by the fees or Step 2 CK
#: entry through one shared everyday word. (It only ever turns an answer into the topic menu.)
FIELD_STEMS = tuple("""
radiolog residen match program specialt speciali eras nrmp usmle step ecfmg img intern prelim transitional
internal family neurolog patholog interview rank letter lor signal soap j1 h1b waiver conrad observer
externship elective usce clinical pgy statementofneed oet pathway dual backup fallback plan applicant
applica apply cv personal statement research graduat yog deal breaker ty dr im fm neuro path match sponsor
ministr score fail scored board green unmatch experienc oet ecfmg
""".split())
MAX_TERMS = 12


# --------------------------------------------------------------------------- spelling

MIN_CORRECTED = 6  # shorter words are left alone: one edit turns them into other real words (brain/train)


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """True when b is a itself or one insertion, deletion, substitution or swap of neighbours away."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return short in _deletes(long)


class Speller:
    """Mends a typo to the knowledge base's own words when exactly one edit away ("pathalogy",
    "recomendation", "obsevership"). Words the knowledge base has, short words, numbers and words
    with no close match pass through unchanged. Lookups use shared deletions (as SymSpell does)."""

    def __init__(self, words: frozenset[str]):
        self.words = words
        self.by_delete: dict[str, set[str]] = {}
        for word in words:
            if len(word) >= MIN_CORRECTED - 1 and word.isalpha():
                for d in _deletes(word):
                    self.by_delete.setdefault(d, set()).add(word)

    def correct(self, word: str) -> str:
        if word in self.words or len(word) < MIN_CORRECTED - 1 or not word.isalpha():
            return word
        found = set(self.by_delete.get(word, ()))  # a letter missing
        for d in _deletes(word):
            if d in self.words:
                found.add(d)  # a letter too many
            found |= self.by_delete.get(d, set())  # a letter wrong, or two swapped
        # five letters only as a long word's dropped letter ("famly"): "brain" must not become "train"
        found = {w for w in found if max(len(w), len(word)) >= MIN_CORRECTED and len(w) >= MIN_CORRECTED - 1
                 and _one_edit(word, w)}
        if not found:
            return word
        # closest in spelling first: the longest shared beginning, then the alphabet (deterministic)
        return min(found, key=lambda w: (-len(os.path.commonprefix([w, word])), w))


@lru_cache(maxsize=4)
def speller_for(words: frozenset[str]) -> Speller:
    return Speller(words)


# --------------------------------------------------------------------------- text

def canonical(text: str) -> str:
    """Lower-case, fold visa spellings (H-1B, h1 b, J-1...) and strip everything but words."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"\bh\s*-?\s*1\s*-?\s*b\b", " h1b ", text)
    text = re.sub(r"\bj\s*-?\s*1\b", " j1 ", text)
    text = re.sub(r"\bj\s+visas?\b", " j1 visa ", text)  # "J visas" (the J-1 and J-2)
    text = re.sub(r"\bpgy\s*-?\s*([1-7])\b", r" pgy\1 ", text)  # PGY-1, pgy 2
    text = re.sub(r"\bsub\s*-?\s*i\b", " subi ", text)
    text = re.sub(r"\bplan\s*-?\s*b\b", " plan b backup ", text)
    text = re.sub(r"\bstatement\s+of\s+need\b", " statementofneed ", text)  # not a personal statement
    text = re.sub(r"\b(family|internal)\s+med\b", r"\1 medicine", text)  # "family med", "internal med"
    text = re.sub(r"\bmed\s+school", "medical school", text)
    text = re.sub(r"\bcut\s*-?\s*offs?\b", " cutoff ", text)
    text = re.sub(r"\b(do|does|did|is|are|was|were|has|have|had|could|would|should|must)nt\b", r"\1n t", text)  # "dont"
    text = re.sub(r"\b(ca|wo)nt\b", r"\1n t", text)  # "cant", "wont"
    text = re.sub(r"\bnon\s*-?\s*us\s+(?=imgs?\b|international|foreign|citizen|graduate)", "", text)  # "a non-US IMG"
    text = " ".join(re.findall(r"[a-z0-9]+", text))
    text = BACKUP_PHRASES.sub(lambda m: m.group(0) + " backup", text)
    return IMG_PHRASES.sub(lambda m: m.group(0) + " img", text)


#: Spelled-out phrase -> abbreviation, so "internal medicine" also carries "im".
ABBREVIATIONS = {v: k for k, v in SYNONYMS.items() if " " in v and k not in ("h1b", "j1", "ck")}


def expand(text: str) -> str:
    """Canonical text with abbreviations and spelled-out forms both present."""
    words = canonical(text).split()
    out = " ".join(w + (" " + SYNONYMS[w] if w in SYNONYMS else "") for w in words)
    padded = f" {' '.join(w for w in words if w not in STOPWORDS)} "  # "letter of intent" is a letter intent
    extra = [abbr for phrase, abbr in ABBREVIATIONS.items() if f" {phrase} " in padded]
    return out + (" " + " ".join(extra) if extra else "")


def query_terms(text: str) -> list[str]:
    """Safe search terms: words only (no quotes, operators or symbols), stop words dropped."""
    seen: list[str] = []
    for word in expand(text[:2000]).split():
        if word in STOPWORDS or len(word) < 2 and not word.isdigit():
            continue
        if word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


#: Spelled-out phrases by their first word, longest first: "internal" -> [(("internal", "medicine"), "im")].
PHRASES: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _abbr in sorted(ABBREVIATIONS.items(), key=lambda pa: -len(pa[0].split())):
    PHRASES.setdefault(_phrase.split()[0], []).append((tuple(_phrase.split()), _abbr))


def concepts(text: str, everyday: dict[str, str] | None = None, last: bool = False) -> list[tuple[str, ...]]:
    """The question's ideas, each with the words that say it: "im" -> ("im", "internal", "medicine"),
    "internal medicine" -> one idea, not two, and "mistake" -> ("mistake", "risk") with an everyday
    word's meaning. An idea counts once in the confidence, however many words say it. At most MAX_TERMS
    ideas: the first ones, or with ``last`` the last ones (a story's end is nearest its question)."""
    everyday = everyday or {}
    words = [w for w in canonical(text[:MAX_TEXT]).split() if w not in STOPWORDS]  # "year of graduation": one idea
    out: list[tuple[str, ...]] = []
    i = 0
    while i < len(words):
        group: list[str] = []
        for phrase, abbr in PHRASES.get(words[i], ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                group, i = [abbr, *phrase], i + len(phrase)  # the abbreviation is what entries are found by
                break
        else:
            word = words[i]
            group = [word, *SYNONYMS.get(word, "").split(), *everyday.get(word, "").split()]
            i += 1
        kept = tuple(dict.fromkeys(t for t in group if t not in STOPWORDS and (len(t) >= 2 or t.isdigit())))
        if kept and kept[0] not in {c[0] for c in out} and kept[0] not in STOPWORDS:
            out.append(kept)
    return out[-MAX_TERMS:] if last else out[:MAX_TERMS]


MAX_TEXT = 2000


def plain(word: str) -> bool:
    """Whether a word is everyday English: PLAIN_ENGLISH or a light word, any -s/-ed/-ing/-er/-est form of one
    ("wasting", "smartest", "easiest"), or an adverb in -ly."""
    plain_words = PLAIN_ENGLISH | LIGHT_WORDS
    if word in plain_words or len(word) > 5 and word.endswith("ly"):
        return True
    for end in ("s", "es", "ed", "d", "ing", "er", "est", "r", "st"):
        if word.endswith(end) and len(word) - len(end) >= (4 if end in ("er", "est", "r", "st") else 3):  # not "bro-er"
            stem = word[:-len(end)]
            if stem in plain_words or stem + "e" in plain_words or stem[-1] == "i" and stem[:-1] + "y" in plain_words \
                    or stem[-1] == stem[-2] and stem[:-1] in plain_words:  # "smartest", "easiest", "stopped"
                return True
    return False
