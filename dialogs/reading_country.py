"""Reading a nationality from a sentence: the country a passport is from, set apart from where someone lives,
works or was born ("Pakistani but I live in Saudi"), with slips and other languages' forms of a name
("nigerain", "Mexicana") and a city standing for its country.

Pure; the country reader of ``dialogs.reading``.
"""

from __future__ import annotations

import re
from datetime import date

from dialogs.reading_base import (Reading, _ask, _label, match_option, normalize, quoted, _read, _refuse, slips_of,
                                  _with_rest)
from dialogs.reading_choices import _country_words, _doubts, read_words
from dialogs.sentence import Sentence, near
from knowledge.answers import CITIES, REGIONS, SHARED_REGIONS, AnswerMap, country_name, find_countries
from knowledge.loader import Question


# --------------------------------------------------------------------------- nationality

#: Words around a nationality that do not change it ("I'm Pakistani", "from Egypt", "Nigerian citizen").
COUNTRY_FILLER = frozenset("i m am im a an from my is nationality citizen citizenship national passport holder "
                           "of the country po".split())


def _read_country(q: Question, text: str, answers: AnswerMap, today: date) -> Reading:
    flags = list(dict.fromkeys(c for c in (_flag_code(f) for f in _FLAG.findall(text)) if c))
    if flags:  # "🇵🇰": Pakistan; "mexicana y española 🇲🇽🇪🇸": two nationalities, asked which passport
        rest = _FLAG.sub(" ", text).strip()
        words = _read_country(q, rest, answers, today) if re.search(r"\w", rest) else None
        if words is not None and words.ok and set(flags) <= {words.value}:
            return words
        if words is None and len(flags) == 1:
            return _read(flags[0], f"{country_name(flags[0])} (from the flag)")
        codes = tuple(dict.fromkeys((*((words.value,) if words is not None and words.ok else ()), *flags)))
        if len(codes) == 1:
            return _read(codes[0], f"{country_name(codes[0])} (from the flag)")
        doubt = " and ".join(country_name(c) or c for c in codes)
        return _ask(f"You named {doubt}. If you hold more than one nationality, which passport will you use for your "
                    "US visa? Visa suspensions can depend on it. Tap it, or type it.", doubt, _with_rest(q, codes, today))
    s = Sentence.of(text)
    unsure, _ = _doubts(s, True)
    if unsure:
        return _ask(f"You wrote {quoted(unsure)}. Your nationality is used only to check visa rules that depend "
                    "on it: tap it, type it, or tap “Prefer not to say”.", quoted(unsure), _with_rest(q, (), today))
    words = read_words(q, text, s)
    if words is not None:
        return words
    core = " ".join(w for w in normalize(text[:100]).split() if w not in COUNTRY_FILLER)
    is_option, value = match_option(q, core, today) if core != normalize(text) else (False, None)
    if is_option:  # a button's word with courtesy around it ("Filipina po", "I am Pakistani")
        return _read(value, _label(q, value))
    renounced = _RENOUNCED.search(normalize(text))
    if renounced is not None:  # "Born in Egypt, now Canadian, I gave up the Egyptian one": the one kept
        gone = _country(renounced.group(0))
        left = normalize(text).replace(renounced.group(0), " ")
        in_cities = {CITIES[c] for c in CITIES if re.search(rf"\b{c}\b", left)}
        kept_codes = ({c for w in left.split() for c in find_countries(w)[:1]} | in_cities) - {str(gone.value)}
        if gone.ok and len(kept_codes) == 1:
            kept_code = kept_codes.pop()
            return _read(kept_code, f"{country_name(kept_code)} ({quoted(renounced.group(0))})")
    whole = _country(text)
    kept, aside = _nationality_part(s)
    us = _US_CITIZEN.search(text)
    other = _country(text[:us.start()] + " " + text[us.end():]) if us and not _NOT_OWN_US.search(text) else None
    if us and other and other.ok and other.value != "US" and _ORIGIN_ONLY.search(text) and not _OTHER_PAPERS.search(
            text[:us.start()] + " " + text[us.end():]):  # "Indian origin, but I'm a US citizen now": the US
        origin = quoted(_ORIGIN_ONLY.search(text).group(0))  # type: ignore[union-attr]
        return _read("US", f"United States (a US citizen; {origin} is your origin)")
    if us and other and other.ok and other.value != "US":
        # "born in Egypt, now a US citizen as well": a US citizen needs no visa, but which passport is it?
        doubt = quoted(us.group(0))
        return _ask(f"You named {other.said} and {doubt}. A US citizen needs no US visa to train; if you hold both, "
                    "which nationality should your plan use? Tap it, or type it.", doubt,
                    _with_rest(q, ("US", other.value), today))
    if whole.ok and aside and not kept and not any(w in ("from", "origin") for w in s.words):
        # "studied in China", "I live in Saudi Arabia": where one studied or lives is not always one's nationality
        where = "where you studied" if any(w in _STUDY for w in aside.split()) else "where you live or were born"
        doubt = quoted(aside)
        return _ask(f"{doubt} says {where}, which is not always your nationality. Is {whole.said} your "
                    "nationality? Tap it, or type your nationality.", doubt, _with_rest(q, (whole.value,), today))
    if whole.ok:
        kept, aside = "", ""
    if aside and kept:  # two countries, one of them where the user lives or was born, or what they are not
        found = _country(kept)
        other = _country(aside)
        if found.ok and other.ok and other.value != found.value and (_DUAL.search(kept) or (
                "born" in aside.split() and _LATER.search(kept) and not re.search(r"\bonly\b", kept))):
            # "Born in Bangladesh but now I have Canadian citizenship also"; "born in Egypt, I have a Canadian
            # passport now": a birth country may still be a nationality beside the later one
            # "Born in Bangladesh but now I have Canadian citizenship also": both nationalities, not one
            doubt = quoted(kept)
            return _ask(f"You named {other.said} and {found.said} ({doubt}). If you hold both nationalities, which "
                        "passport will you use for your US visa? Visa suspensions can depend on it. Tap it, or type "
                        "it.", doubt, _with_rest(q, (found.value, other.value), today))
        if found.ok:
            why = "what you are not" if aside.split()[0] in ("not", "no", "never") else \
                "your origin" if any(w in ("origin", "descent", "heritage", "roots", "ancestry", "ethnically")
                                     for w in aside.split()) else "where you studied" if any(
                w in _STUDY for w in aside.split()) else "where you live or were born"
            return _read(found.value, f"{found.said} ({quoted(aside)} is {why})")
    second = _second_nationality(text, whole) if whole.ok else ""
    if second:  # "pakistani y canadiense": a second nationality in another language
        doubt = quoted(text)
        return _ask(f"You wrote {doubt}: I read {whole.said}, but “{second}” may be a second nationality. Which "
                    "passport will you use for your US visa? Tap it, or type it.", doubt,
                    _with_rest(q, (whole.value,), today))
    code = _PASSPORT_CODE.search(text)
    if not whole.ok and not whole.candidates and code is not None and country_name(code.group(1)):
        # "born in Dhaka, grew up in Dubai, still only BD passport": the passport's country decides
        return _read(code.group(1), f"{country_name(code.group(1))} (from {quoted(code.group(0))})")
    city = next((CITIES[c] for c in CITIES if re.search(rf"\b{c}\b", normalize(text))), None)
    if not whole.ok and not whole.candidates and city is not None and not s.negated(0, len(s.words)) \
            and not any(w in ("not", "no", "never") for w in s.words) \
            and not any(w in _RESIDENCE for w in s.words):  # "I live in Dubai" says nothing of a passport
        return _read(city, f"{country_name(city)} (from {quoted(text)}: the country of the city you named)")
    if whole.ok or whole.candidates or any(w in _RESIDENCE or w in ("not", "no", "never") for w in s.words):
        return whole
    plain = normalize(text)
    region = next((r for r in REGIONS if re.search(rf"\b{r}\b", plain)), "")
    if region:  # "From Kerala": the region's country, said back
        return _read(REGIONS[region], f"{country_name(REGIONS[region])} (from {quoted(text)}: the country of the "
                                      "region you named)")
    shared = next((r for r in SHARED_REGIONS if re.search(rf"\b{r}\b", plain)), "")
    if shared:  # "from Punjab": Pakistan or India, asked
        codes = SHARED_REGIONS[shared]
        names = " and ".join(country_name(c) or c for c in codes)
        doubt = quoted(shared.title())
        return _ask(f"{doubt} is in both {names}. Which is your nationality? Tap it, or type it.", doubt,
                    _with_rest(q, codes, today))
    return whole


#: A US citizenship said beside another country ("now a US citizen as well", "also have US citizenship").
_US_CITIZEN = re.compile(r"\b(?:u\.?s\.?a?\.?|american|united states)[\s-]+(?:citizen|citizenship|passport|national|"
                         r"nationality)\b|\b(?:citizen|citizenship|passport) of (?:the )?(?:us|usa|united states)\b",
                         re.IGNORECASE)
#: Words that make that US citizenship not the user's own, or not yet: "not a US citizen", "non-US citizen", "my wife
#: is a US citizen", "applying for US citizenship".
_NOT_OWN_US = re.compile(r"\b(?:not|non|no|never|isn'?t|nor|without|wife|husband|spouse|married|fianc\w*|partner|"
                         r"parents?|father|mother|dad|mom|son|daughter|kids?|children|brother|sister|become|becoming|"
                         r"apply\w*|want|hope\w*|will|future|eventually|someday|pending|process|if|maybe)\b",
                         re.IGNORECASE)
#: Words that say a country is where someone studied ("I studied in Philippines but I am Indian citizen").
_STUDY = frozenset("studied study studying studies trained training graduated school college university uni "
                   "mbbs md degree".split())
#: Words that say a country is where someone lives, works or was born, not their nationality.
_RESIDENCE = frozenset("live living lives lived reside residing resident based born work working worked settled "
                       "moved stay staying raised grew origin descent heritage roots ancestry ethnically".split()) | _STUDY

#: A flag emoji: two regional indicator letters, the country's ISO code.
_FLAG = re.compile(r"[\U0001F1E6-\U0001F1FF]{2}")


def _flag_code(flag: str) -> str:
    code = "".join(chr(ord(ch) - 0x1F1E6 + ord("A")) for ch in flag)
    return code if country_name(code) else ""


#: Words that join two nationalities, in English and the languages users write them in ("mexicana y española").
_JOINERS = frozenset("y e et und i ve va".split())
#: Endings of nationalities in the languages those joiners come from ("canadiense", "española", "marocaine").
_DEMONYM_END = ("ense", "iense", "ana", "ano", "ena", "eno", "ola", "ol", "aise", "ais", "ois", "esa", "ese", "isch",
                "ische", "ier", "ien", "ienne", "ino", "ina", "ita", "ito", "io", "ia", "li", "lı")


def _second_nationality(text: str, whole: Reading) -> str:
    """A short reply of two nationality-like words joined ("pakistani y canadiense") where only one was read as a
    country: the other word, which may be a second nationality."""
    words = normalize(text).split()
    if not 3 <= len(words) <= 5 or not any(w in _JOINERS for w in words):
        return ""
    others = [w for w in words if w not in _JOINERS and w not in COUNTRY_FILLER and w.isalpha() and len(w) >= 5
              and w.endswith(_DEMONYM_END) and whole.value not in find_countries(w) and whole.value not in
              _near_country(w)]
    return others[0] if len(others) == 1 and len(words) - len(others) >= 2 else ""


#: A country said as an origin only ("Indian origin", "of Pakistani descent").
_ORIGIN_ONLY = re.compile(r"\b\w+ (?:origin|descent|heritage|roots|ancestry)\b", re.IGNORECASE)
#: Papers of another country beside a US citizenship: then it is asked which the plan should use.
_OTHER_PAPERS = re.compile(r"\b(?:passport|citizen|citizenship|national|nationality|dual|both|also|too|as well)\b",
                           re.IGNORECASE)
#: A nationality given up: "gave up the Pakistani one", "renounced my Egyptian citizenship", "no longer Indian".
_RENOUNCED = re.compile(r"\b(?:gave up|given up|giving up|renounced|renounce|surrendered|no longer|not anymore|"
                        r"lost|revoked)\b(?:\W+\w+){0,4}")
#: A nationality taken later than birth: "now", "naturalised", "became", "got", "acquired".
_LATER = re.compile(r"\b(?:now|naturali[sz]ed|became|become|got|acquired|obtained|later|since)\b")

#: Words that say a nationality is held beside another ("Canadian citizenship also", "dual", "a second passport").
_DUAL = re.compile(r"\b(?:also|as\s+well|too|dual|both|second|another|additionally)\b")
#: A country's two-letter code typed in capitals before a passport ("BD passport", "NG citizen").
_PASSPORT_CODE = re.compile(r"\b([A-Z]{2})\s+(?:passport|passports|citizen|citizenship|national|nationality)\b")
#: Words that say a country is the nationality ("Indian passport", "Egyptian citizen").
_NATIONALITY = frozenset("passport citizen citizenship national nationality".split())


def _nationality_part(s: Sentence) -> tuple[str, str]:
    """The clauses of a message that give a nationality, and the ones that only say where someone lives or
    was born ("Pakistani but I live in Saudi", "born in Kuwait, Indian passport"), as text."""
    clauses = [[w for w, c in zip(s.words, s.clause) if c == k] for k in sorted(set(s.clause))]
    residence = [c for c in clauses if any(w in _RESIDENCE for w in c) and not any(w in _NATIONALITY for w in c)
                 or c[0] in ("not", "no", "never")]  # "not Indian, I'm Sri Lankan": what it is not
    kept = [c for c in clauses if c not in residence]
    return " ".join(w for c in kept for w in c), ", ".join(" ".join(c) for c in residence)


#: Endings of nationalities in Spanish, Portuguese, Italian and French ("Mexicana", "Colombiano", "Marocaine").
ROMANCE_ENDINGS = ("aine", "ana", "ano", "ena", "eno", "ense", "ais", "ois", "a", "o")


def _near_country(word: str) -> list[str]:
    """Countries a word may mean when typed with a slip or in another language's form: one edit from a
    country's name or a listed nationality ("pakistanii", "nigerain"), or a Romance ending on a name's
    beginning ("Mexicana")."""
    if len(word) < 6 or not word.isalpha():
        return []
    for end in ROMANCE_ENDINGS:  # a long word only: "hello" is not Greece ("hell" + "o")
        if len(word) >= 7 and word.endswith(end) and len(word) - len(end) >= 4:
            found = find_countries(word[:-len(end)])
            if len(found) == 1:
                return found
    if "ph" in word or re.search(r"(.)\1", word):  # "philipino", "phillipina": "ph" typed for "f", a letter doubled
        undoubled = re.sub(r"(.)\1", r"\1", word.replace("ph", "f"))
        found = list(dict.fromkeys(c for w in (word.replace("ph", "f"), undoubled) for c in find_countries(w)[:1]))
        if len(found) == 1:
            return found
    if word.endswith("ee") and len(word) >= 8:  # "-ee" typed for a nationality's "-i" ("Pakistanee")
        found = find_countries(word[:-2] + "i")
        if len(found) == 1:
            return found
    found = list(dict.fromkeys(c for w in sorted(slips_of(word) - {word}) for c in find_countries(w)[:1]))
    if len(found) == 1:
        return found
    names = {" ".join(ph): ph for ph in _country_words()}
    close = [n for n in names if len(n) >= 5 and len(word) >= 6 and near(n, word)]
    return list(dict.fromkeys(c for n in close for c in find_countries(n)))  # several: asked which


def _country(text: str) -> Reading:
    codes = find_countries(text[:100])
    if not codes:
        core = " ".join(w for w in normalize(text[:100]).split() if w not in COUNTRY_FILLER)
        codes = find_countries(core) if core else []
        if not codes and len(core.split()) > 1:
            found = [c for w in core.split() if w not in ("and", "or") for c in find_countries(w)[:1]]
            codes = list(dict.fromkeys(found))
        if not codes:
            near = {w: _near_country(w) for w in core.split()}
            codes = list(dict.fromkeys(c for cs in near.values() for c in cs))
            slip = next((w for w, cs in near.items() if cs), "")
            if len(codes) == 1:  # "polsih": the slip said back, so a misread costs one tap
                name = country_name(codes[0]) or codes[0]
                return _read(codes[0], f"{name} (I read “{slip}” as {name})")
    if len(codes) == 1:
        return _read(codes[0], country_name(codes[0]) or codes[0])
    if codes:
        names = " or ".join(country_name(c) or c for c in codes[:3])
        return _ask(f"Which one do you mean, {names}? Tap it below, or type the country's English name.",
                    names, tuple((c, country_name(c) or c) for c in codes))
    return _refuse(f"I don't know the country {quoted(text)}. Type its English name "
                   "(e.g. Nigeria, Egypt) or tap “Prefer not to say”.", quoted(text))
