"""The answers file (CONTRACTS.md §1): its keys, allowed values and validation.

Pure functions only. ``validate_answers`` either returns a complete, typed
``Answers`` or raises ``AnswersError`` naming the first offending key; nothing
is half-processed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Mapping, TypedDict

import pycountry

EXPERIENCE = ("none", "observership", "hands_on")
RESEARCH = ("none", "non_radiology", "radiology")
VISA = ("no_visa_needed", "j1_ok", "h1b_only")
ENGLISH = ("strong", "average", "weak")
STEP3 = ("passed", "planned", "not_planned")
PREFERENCE = ("enjoy", "neutral", "avoid")

#: Every key of the answers file, in the order the dialog asks for them.
KEYS: tuple[str, ...] = (
    "step2_ck_score",
    "usmle_failures",
    "graduation_year",
    "match_year",
    "us_clinical_experience",
    "radiology_experience",
    "research",
    "visa",
    "step3",
    "english",
    "patient_contact",
    "pattern_recognition",
    "academic_environment",
    "neuro_interest",
    "must_match_this_cycle",
    "long_term_us_priority",
)

#: Closed choices: key -> allowed values.
CHOICES: dict[str, tuple[str, ...]] = {
    "us_clinical_experience": EXPERIENCE,
    "radiology_experience": EXPERIENCE,
    "research": RESEARCH,
    "visa": VISA,
    "step3": STEP3,
    "english": ENGLISH,
    "patient_contact": PREFERENCE,
    "pattern_recognition": PREFERENCE,
    "academic_environment": PREFERENCE,
}
BOOLEANS = ("neuro_interest", "must_match_this_cycle", "long_term_us_priority")
#: Keys the answers file may leave out (CONTRACTS §3a): a missing key means "not given".
OPTIONAL_KEYS: tuple[str, ...] = ("citizenship",)

EARLIEST_GRADUATION = 1960
MAX_FAILURES = 20  # more failed attempts than this is a typo, in the chat and in a file


class AnswerMap(TypedDict, total=False):
    """The answers given so far, by key: a partial answers file, as the session keeps it."""

    step2_ck_score: int | None
    usmle_failures: int
    graduation_year: int
    match_year: int
    us_clinical_experience: str
    radiology_experience: str
    research: str
    visa: str
    step3: str
    english: str
    patient_contact: str
    pattern_recognition: str
    academic_environment: str
    neuro_interest: bool
    must_match_this_cycle: bool
    long_term_us_priority: bool
    citizenship: str | None


#: Any one answer's value.
AnswerValue = int | str | bool | None


def by_key(answers: AnswerMap) -> dict[str, AnswerValue]:
    """The same answers, addressed by a key held in a variable (the assessment's generic steps: one question
    id at a time). Code that reads a known key reads ``AnswerMap`` itself, typed."""
    return answers  # type: ignore[return-value]


class AnswersError(ValueError):
    """An answers file that breaks the contract; ``key`` names the culprit."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


@dataclass(frozen=True)
class Answers:
    step2_ck_score: int | None
    usmle_failures: int
    graduation_year: int
    match_year: int
    us_clinical_experience: str
    radiology_experience: str
    research: str
    visa: str
    step3: str
    english: str
    patient_contact: str
    pattern_recognition: str
    academic_environment: str
    neuro_interest: bool
    must_match_this_cycle: bool
    long_term_us_priority: bool
    citizenship: str | None = None  # ISO 3166-1 alpha-2; None: not given or "prefer not to say"

    @property
    def years_since_graduation(self) -> int:
        """Years between graduation and the autumn the applications go out."""
        return max(0, self.match_year - 1 - self.graduation_year)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_value(key: str, value: Any) -> str | None:
    """Return why ``value`` is not allowed for ``key`` on its own, or None if it is."""
    if key == "step2_ck_score":
        if value is None:
            return None
        if not _is_int(value) or not 1 <= value <= 300:
            return "must be an integer from 1 to 300, or null if not taken yet"
    elif key == "usmle_failures":
        if not _is_int(value) or not 0 <= value <= MAX_FAILURES:
            return f"must be an integer from 0 to {MAX_FAILURES}"
    elif key in ("graduation_year", "match_year"):
        if not _is_int(value) or not EARLIEST_GRADUATION <= value <= 2200:
            return f"must be a year (an integer from {EARLIEST_GRADUATION})"
    elif key in CHOICES:
        if value not in CHOICES[key]:
            return "must be one of " + ", ".join(CHOICES[key])
    elif key in BOOLEANS:
        if not isinstance(value, bool):
            return "must be true or false"
    elif key == "citizenship":
        if value is not None and country_name(value) is None:
            return "must be a two-letter ISO 3166 country code (e.g. NG, IN), or null"
    else:
        return "is not a key of the answers file"
    return None


def country_name(code: Any) -> str | None:
    """The common name of an ISO 3166-1 alpha-2 code ("NG" -> "Nigeria"); None if it is not one."""
    if not isinstance(code, str) or len(code) != 2 or not code.isalpha() or not code.isupper():
        return None
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name


def _fold(text: str) -> str:
    """Lower case, accents and punctuation dropped, "the" dropped: "Côte d'Ivoire" -> "cote divoire"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"['’`]", "", text)
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(w for w in words if w != "the")


@lru_cache(maxsize=1)
def _country_names() -> dict[str, frozenset[str]]:
    """Folded country name -> alpha-2 codes (name, official name and common name of each country)."""
    out: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                out.setdefault(_fold(value), set()).add(country.alpha_2)
                out.setdefault(_fold(value.split(",")[0]), set()).add(country.alpha_2)  # "Korea, Republic of"
    return {name: frozenset(codes) for name, codes in out.items()}


#: Endings that turn a country into its people: Nigeria-n, Pakistan-i, Egypt-ian, Sudan-ese, Turk-ish.
DEMONYM_ENDINGS = ("ian", "ese", "ish", "an", "n", "i")
#: Peoples whose name is not their country's name with an ending ("British" is not the British Indian Ocean
#: Territory, "Dutch" is not Sint Maarten (Dutch part)).
IRREGULAR_DEMONYMS = {"british": "GB", "english": "GB", "scottish": "GB", "welsh": "GB", "scot": "GB", "brit": "GB",
                      "uk": "GB", "dutch": "NL", "swiss": "CH", "french": "FR", "greek": "GR", "irish": "IE",
                      "danish": "DK", "swedish": "SE", "finnish": "FI", "polish": "PL", "turkish": "TR",
                      "kiwi": "NZ", "emirati": "AE", "kuwaiti": "KW", "omani": "OM", "qatari": "QA", "yemeni": "YE",
                      "filipino": "PH", "filipina": "PH", "new zealander": "NZ", "nigerien": "NE",
                      "american": "US", "malagasy": "MG", "burmese": "MM", "lao": "LA"}
#: Peoples of two countries ("Congolese": the Democratic Republic of the Congo or the Republic of the Congo): asked.
SHARED_DEMONYMS = {"congolese": ("CD", "CG")}
#: Cities most users here come from, for "I am from Lahore": the country is said back, so a slip costs a tap.
CITIES = {"karachi": "PK", "lahore": "PK", "islamabad": "PK", "rawalpindi": "PK", "peshawar": "PK", "multan": "PK",
          "faisalabad": "PK", "quetta": "PK", "cairo": "EG", "alexandria": "EG", "giza": "EG", "mansoura": "EG",
          "lagos": "NG", "abuja": "NG", "ibadan": "NG", "enugu": "NG", "kano": "NG", "port harcourt": "NG",
          "manila": "PH", "cebu": "PH", "davao": "PH", "dhaka": "BD", "chittagong": "BD", "sylhet": "BD",
          "delhi": "IN", "new delhi": "IN", "mumbai": "IN", "chennai": "IN", "kolkata": "IN", "bangalore": "IN",
          "bengaluru": "IN", "pune": "IN", "ahmedabad": "IN", "lucknow": "IN", "jaipur": "IN",
          "damascus": "SY", "aleppo": "SY", "amman": "JO", "irbid": "JO", "tehran": "IR", "baghdad": "IQ",
          "riyadh": "SA", "jeddah": "SA", "dubai": "AE", "abu dhabi": "AE", "kathmandu": "NP", "colombo": "LK",
          "nairobi": "KE", "accra": "GH", "kumasi": "GH", "khartoum": "SD", "beirut": "LB", "kabul": "AF",
          "kharkiv": "UA", "kyiv": "UA", "kiev": "UA", "lviv": "UA", "tbilisi": "GE", "yerevan": "AM", "baku": "AZ",
          "addis ababa": "ET", "kampala": "UG", "dar es salaam": "TZ", "harare": "ZW", "casablanca": "MA",
          "tunis": "TN", "algiers": "DZ", "tripoli": "LY", "sanaa": "YE", "mexico city": "MX", "guadalajara": "MX",
          "bogota": "CO", "medellin": "CO", "caracas": "VE", "lima": "PE", "sao paulo": "BR", "havana": "CU",
          "santo domingo": "DO", "kingston": "JM"}
#: States and provinces users name for where they are from ("From Kerala"), each with its country; said back like a
#: city. A region two countries share ("Punjab", "Bengal", "Kashmir") is not here: ``SHARED_REGIONS`` offers both.
REGIONS = {"west bengal": "IN", "kerala": "IN", "tamil nadu": "IN", "karnataka": "IN", "andhra pradesh": "IN",
           "telangana": "IN", "maharashtra": "IN", "gujarat": "IN", "rajasthan": "IN", "uttar pradesh": "IN", "bihar": "IN",
           "odisha": "IN", "orissa": "IN", "assam": "IN", "madhya pradesh": "IN", "goa": "IN", "haryana": "IN",
           "himachal pradesh": "IN", "jharkhand": "IN", "chhattisgarh": "IN", "uttarakhand": "IN", "manipur": "IN",
           "sindh": "PK", "khyber pakhtunkhwa": "PK", "kpk": "PK", "balochistan": "PK", "baluchistan": "PK",
           "gilgit baltistan": "PK", "mindanao": "PH", "visayas": "PH", "luzon": "PH"}
#: Regions two countries share: asked which, both offered.
#: Hyderabad is a city of both India (Telangana) and Pakistan (Sindh).
SHARED_REGIONS = {"punjab": ("PK", "IN"), "bengal": ("BD", "IN"), "kashmir": ("IN", "PK"), "hyderabad": ("IN", "PK")}


def find_countries(text: str, limit: int = 6) -> list[str]:
    """The countries a typed nationality may mean, best first: one code when it is clear, several when it
    is not ("Korean"), none when nothing fits. Accepts names, official names, people ("Nigerian"),
    and ISO codes typed in capitals ("NG", "NGA")."""
    raw = text.strip()
    if re.fullmatch(r"[A-Z]{2,3}", raw):
        try:
            return [pycountry.countries.lookup(raw).alpha_2]
        except LookupError:
            return []
    query = _fold(raw)
    if query in IRREGULAR_DEMONYMS:
        return [IRREGULAR_DEMONYMS[query]]
    if query in SHARED_DEMONYMS:
        return list(SHARED_DEMONYMS[query])
    if len(query) < 3:
        return []
    names = _country_names()
    stems = [query] + [query[:-len(end)] for end in DEMONYM_ENDINGS
                       if query.endswith(end) and len(query) - len(end) >= 4]
    exact = [stem for stem in stems if stem in names]
    found = _named(names, query, max(exact, key=len)) if exact else _by_word(names, stems)
    return found[:limit]


def _named(names: dict[str, frozenset[str]], query: str, stem: str) -> list[str]:
    """The country named exactly ("nigerian": Nigeria, not Niger), then any whose name begins with what
    was typed ("Dominican": Dominica, then the Dominican Republic)."""
    found = sorted(names[stem])
    for name, codes in sorted(names.items()):
        first = name.split()[0]
        if first.startswith(query) or first.startswith(stem):
            found.extend(c for c in sorted(codes) if c not in found)
    return found


#: Words of country names that name no country on their own: "from West Bengal" was Western Sahara, "south" the
#: French Southern Territories.
_NOT_A_NAME = frozenset("west western east eastern north northern south southern new saint st united republic "
                        "democratic federal central island islands state states".split())


def _by_word(names: dict[str, frozenset[str]], stems: list[str]) -> list[str]:
    """Countries with a word that begins with what was typed ("emirati": United Arab Emirates)."""
    found: list[str] = []
    for stem in stems:
        if stem in _NOT_A_NAME:
            continue
        for name, codes in sorted(names.items()):
            if any(word.startswith(stem) for word in name.split()):
                found.extend(c for c in sorted(codes) if c not in found)
    return found


def experience_rank(value: str) -> int:
    return EXPERIENCE.index(value)


def check_consistency(answers: Mapping[str, Any]) -> AnswersError | None:
    """Cross-key rules; only checks pairs whose both keys are present."""
    grad, match = answers.get("graduation_year"), answers.get("match_year")
    if grad is not None and match is not None and grad > match:
        return AnswersError(
            "graduation_year", f"graduation ({grad}) is after the {match} Match"
        )
    rad, usce = answers.get("radiology_experience"), answers.get("us_clinical_experience")
    if rad in EXPERIENCE and usce in EXPERIENCE and experience_rank(rad) > experience_rank(usce):
        return AnswersError(
            "radiology_experience",
            f"'{rad}' is more than the overall US clinical experience '{usce}'",
        )
    return None


def validate_answers(data: Any) -> Answers:
    """Validate a parsed answers file and return it typed, or raise AnswersError.

    Keys beyond the contract are ignored (the contract may be extended).
    """
    if not isinstance(data, Mapping):
        raise AnswersError("(file)", "the answers file must be a JSON object")
    for key in KEYS:
        if key not in data:
            raise AnswersError(key, "is missing")
        problem = check_value(key, data[key])
        if problem:
            raise AnswersError(key, problem)
    for key in OPTIONAL_KEYS:
        problem = check_value(key, data[key]) if key in data else None
        if problem:
            raise AnswersError(key, problem)
    error = check_consistency(data)
    if error:
        raise error
    return Answers(**{key: data[key] for key in (*KEYS, *OPTIONAL_KEYS) if key in data})
