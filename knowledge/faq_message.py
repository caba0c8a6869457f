"""Reading a whole message for the FAQ: what it asks and what it only tells (a forum post's story before its
question), the applicant's own details left out of the lookup (scores, graduation year, the exams passed,
their country), typos mended to the entries' words, and whether it falls outside the FAQ (faq/_scope.yaml).

Pure; ``knowledge.faq`` ranks the entries for what this module reads.
"""

from __future__ import annotations

import re
from typing import Callable

from knowledge.answers import DEMONYM_ENDINGS, _country_names
from knowledge.faq_entries import FaqIndex, OutsideRule, Scope
from knowledge.faq_words import (FIELD_STEMS, LIGHT_WORDS, MAX_TEXT, MIN_CORRECTED, STOPWORDS, SYNONYMS, canonical,
                                 speller_for)


def _mend_typos(index: FaqIndex, text: str, hits: dict[str, dict[str, float]],
                extra: frozenset[str] = frozenset()) -> str:
    """The question with each word that no entry has (even after stemming) replaced by the entry
    word one edit away, if there is one; done before synonyms so "famly medicine" also means FM.
    ``extra`` words are mended to as well (the scope's: "dermatoiogy" is still another specialty).
    Lookups made here are kept in ``hits`` so the search does not repeat them."""
    def matching(word: str) -> dict[str, float]:
        if word not in hits:
            hits[word] = index.matching(word)
        return hits[word]

    speller = speller_for(index.words() | extra)
    words = canonical(text[:MAX_TEXT]).split()
    for i, word in enumerate(words):
        if word in speller.words or word in STOPWORDS or len(word) < MIN_CORRECTED - 1 or matching(word):
            continue
        fixed = speller.correct(word)
        if fixed != word and (fixed in extra or matching(fixed)):
            words[i] = fixed
    return " ".join(words)


# --------------------------------------------------------------------------- reading a whole message

#: Words that open a sentence that asks; a sentence ending in "?" asks too.
QUESTION_OPENERS = frozenset("""
how what whats which when where why who whom can could should shall would will is are am do does did have has
any anyone anybody need must may might isnt arent cant wont dont doesnt shouldnt wouldnt couldnt
""".split())
#: Words that lead into a sentence without changing what it asks ("so, how many...").
FILLERS = frozenset("so and but also now then basically ok okay well hi hello hey guys folks sir madam dear "
                    "please pls plz kindly".split())
ASKING = re.compile(r"\b(?:advice|advise|suggest|suggestions?|(?:^\W*|please |pls |plz |you |someone |anyone |"
                    r"somebody |anybody )tell me|wondering|want to know|wanna know|help me|"
                    r"guide me|thoughts|opinions?|is it possible|what to do|please help|pls help|confused about)\b")
#: A question asked inside a sentence: "i want rads programs that sponsor visa, where do i even start".
ASKED_CLAUSE = re.compile(r"\b(?:how|what|which|where|when|why|who)\s+(?:do|does|did|should|shall|can|could|would|"
                          r"will|is|are|am|must)\s+(?:i|we|you|u|one|they|it|my|programs?)\b")


def _asks(sentence: str) -> bool:
    words = [w for w in canonical(sentence).split() if w not in FILLERS]
    return sentence.rstrip().endswith("?") or bool(words and words[0] in QUESTION_OPENERS) \
        or bool(ASKING.search(sentence.lower())) or bool(ASKED_CLAUSE.search(" ".join(words)))


def _own_words(sentence: str) -> list[str]:
    """The words of a sentence that say something: not stop words, question words or light words."""
    return [w for w in canonical(sentence).split()
            if w not in STOPWORDS and w not in LIGHT_WORDS and w not in FILLERS and w not in QUESTION_OPENERS
            and len(w) > 1 and not w.isdigit()]


def _thin_for(index: FaqIndex) -> Callable[[str], bool]:
    """A sentence says too little of its own to be looked up alone when none of its words that say something
    is a word of the field that an entry has: "Is that allowed?", "Is there anything I can still do at this
    point?", "What can I do?"; or when its only such words are what most entries are about ("Is that true for
    rads?", "Does that apply to IMGs?")."""
    def thin(sentence: str) -> bool:
        half = index.size() / 2
        return not any(t.startswith(FIELD_STEMS) and 0 < len(index.matching(t)) <= half
                       for w in _own_words(sentence) for t in (w, *SYNONYMS.get(w, "").split()))
    return thin


#: A sentence that opens by telling about the applicant ("I'm a consultant radiologist in India with FRCR, can
#: I work...", "i like microscopes, is path a decent plan b") tells up to the comma before the question in it.
TELLS_FIRST = re.compile(r"^\W*(?:i|im|my)\b", re.IGNORECASE)
ASKS_AFTER_COMMA = re.compile(r",\s+(?=(?:so\s+|but\s+|and\s+)?(?:can|could|should|shall|would|will|do|does|is|are|am|"
                              r"must|how|what|which|when|where|why)\s+(?:i|we|it|my|one|you|u|there|they)\b)",
                              re.IGNORECASE)


def _clauses(sentence: str) -> list[str]:
    """A sentence, or its telling opening and its question when it opens by telling about the applicant."""
    if TELLS_FIRST.match(sentence):
        split = ASKS_AFTER_COMMA.split(sentence, maxsplit=1)
        if len(split) == 2 and split[1].strip():
            return [split[0] + ",", split[1]]
    return [sentence]


def parts(text: str, thin: Callable[[str], bool] | None = None) -> tuple[str, str]:
    """(what the message asks, what it only tells): in "I graduated in 2019 with 245 on CK. How many
    programs should I apply to?" the second sentence is the question. A message whose sentences all ask,
    or none does, is all question. An asking sentence that says too little of its own (``thin``; by default
    one with no word of the field: "A program offered me a contract. Is that allowed?") takes the sentence
    before it along."""
    thin = thin or (lambda sentence: not any(w.startswith(FIELD_STEMS) for w in _own_words(sentence)))
    aside = " ".join(ASIDE.findall(text))  # "(PhD, not a clinician)", "(2nd attempt)": told, not asked
    if aside and ASIDE.sub(" ", text).strip(" ?.!"):
        asked, told = parts(ASIDE.sub(" ", text), thin)
        return asked, f"{told} {aside}".strip()
    sentences = [c for s in re.split(r"(?<=[.!?;:])\s+|\n+", text) if s.strip() for c in _clauses(s)]
    if len(sentences) < 2:
        return text, ""
    asks = [_asks(s) for s in sentences]
    if all(asks) or not any(asks):
        return text, ""
    asking = list(asks)
    for i in range(len(sentences) - 1, 0, -1):  # "...a contract. Is that allowed?": the contract is asked about
        if asks[i] and not asks[i - 1] and thin(sentences[i]):  # (the sentence taken along takes no other)
            asking[i - 1] = True
    if all(asking):
        return text, ""
    return (" ".join(s for s, a in zip(sentences, asking) if a),
            " ".join(s for s, a in zip(sentences, asking) if not a))


#: A remark in brackets: what the message says about something, not what it asks.
ASIDE = re.compile(r"\(([^()]*)\)")


_EXAMS = r"(?:usmle )?(?:step ?[123](?: ck| cs)?|ck|cs)"
#: What an applicant says about themselves: scores, graduation years. Left out of the lookup, so that
#: "with 245 on Step 2 CK, how many programs..." is about how many programs, not about Step 2 CK.
DESCRIBES_APPLICANT = re.compile("|".join([
    r"\b(?:usmle )?(?:step ?[123] ?(?:ck|cs)?|ck|cs|score|scored|got|get|have|had|with|of|a|an) (?:score )?"
    r"(?:of |was |is |around |about |only )?\d{3}\b",
    r"\b\d{3} (?:on|in|at) (?:usmle )?(?:step ?[123]|ck)(?: ck)?\b",
    r"\b(?:graduated|graduating|graduate|graduation|grad|yog|class of|passed out|passout)(?: year)?(?: in| on| of)?"
    r" (?:19|20)\d{2}\b",
    r"\b(?:19|20)\d{2} (?:graduate|grad|yog|passout|pass out)\b",
    # the exams they say they passed ("I passed step 1 and ck", a message opening "passed step 1 and ck but..."):
    # where they stand, not what they ask ("do I need step 3 passed before..." keeps its words)
    rf"(?:^|\bi (?:have |ve |had |already |just |recently |also )*)(?:passed|cleared|done with|finished|took|gave|"
    rf"given|taken)(?: the)? {_EXAMS}(?: (?:and|n|&) {_EXAMS})*",
]))
#: Words before a country that make it the applicant's own ("I'm from Zimbabwe", "a citizen of Iran").
OWN_COUNTRY = frozenset("from im am citizen citizens national nationals nationality passport studied graduated "
                        "live living based born".split())


def _countries(words: list[str], scope: Scope) -> list[str]:
    """The words with the applicant's own country replaced: "suspended country" when visas are suspended
    for it (the suspension entry's words), nothing otherwise. A country named for another reason ("residency
    in Canada") stays."""
    names = _country_names()
    out: list[str] = []
    i = 0
    while i < len(words):
        found = 0
        codes: frozenset[str] = frozenset()
        for n in (3, 2, 1):
            name = " ".join(words[i:i + n])
            if len(words[i:i + n]) == n and name in names:
                found, codes = n, names[name]
                break
        demonym = False
        if not found:
            word = words[i][:-1] if words[i].endswith("s") and len(words[i]) > 5 else words[i]
            for end in DEMONYM_ENDINGS:
                stem = word[:-len(end)]
                if word.endswith(end) and len(stem) >= 4 and stem in names:
                    found, codes, demonym = 1, names[stem], True
                    break
        own = found and (demonym or (i > 0 and words[i - 1] in OWN_COUNTRY) or (i > 1 and words[i - 2] in OWN_COUNTRY))
        if not own:
            out.append(words[i])
            i += 1
            continue
        if codes & scope.suspended:
            out += ["suspended", "country"]
        i += found
    return out


#: Words after "im" that make it "I'm" ("im from Bangladesh", "im a dentist", "im applying"), not IM.
I_AM_NEXT = frozenset("""
a an the from not so very really also still just now currently gonna going trying planning hoping aiming thinking
wondering asking looking confused worried scared afraid sure done interested new glad stuck lost here there
""".split())
#: Words in -ing that follow IM as nouns ("IM training", "IM matching").
IM_NOUNS_ING = frozenset("training matching ranking interviewing residency".split())


#: "im"/"Im" before such a word, or before a word in -ing that is not one of those nouns ("im applying");
#: "IM" in capitals is always internal medicine.
I_AM = re.compile(r"\b[Ii]m\s+(?=(?:" + "|".join(sorted(I_AM_NEXT)) + r")\b|(?!(?:"
                  + "|".join(sorted(IM_NOUNS_ING)) + r")\b)[a-z]{2,}ing\b)")


def lookup_text(text: str, scope: Scope, known: frozenset[str]) -> str:
    """The message as the lookup reads it: canonical, the applicant's scores, graduation year, the exams they
    passed and own country left out (a suspended nationality becomes "suspended country"), numbers no entry
    has, and "im" read as "I'm" where it is ("im from Ghana", not IM)."""
    text = I_AM.sub("I am ", text)
    words = DESCRIBES_APPLICANT.sub(" ", canonical(text)).split()
    words = [w for w in _countries(words, scope) if not (w.isdigit() and len(w) >= 3 and w not in known)]
    return " ".join(words)


def as_written(phrase: str, text: str) -> str:
    """A matched phrase as the user wrote it ("MCAT", not the lookup's "mcat"), or as matched when the user's
    spelling cannot be found (punctuation the lookup dropped)."""
    pattern = r"\W+".join(re.escape(w) for w in phrase.split())
    m = re.search(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE)
    return m.group(0) if m else phrase


def outside(text: str, scope: Scope) -> tuple[OutsideRule, str, bool] | None:
    """The ``outside`` rule a question falls under, what matched ("dermatology") and whether to ask back
    (the rule allows it and the question also names the field: "dermatology or radiology?"), or None."""
    words = canonical(text)
    if scope.not_outside is not None:
        words = scope.not_outside.sub(" ", words)
    for rule in scope.outside:
        m = rule.pattern.search(words)
        if m and not (rule.unless is not None and rule.unless.search(words)):
            field_named = scope.field_words is not None and bool(scope.field_words.search(words))
            return rule, as_written(m.group(0), text), rule.ask_if_field and field_named
    return None
