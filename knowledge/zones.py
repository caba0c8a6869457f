"""Reading a time zone and an hour the way people type them.

A zone: a zone name ("Asia/Karachi"), its city ("karachi", "new york"), a country or nationality
("Pakistan", "Pakistani", "Pakistan time"), a city the zone names do not hold ("Lahore", from
``data/places.yaml``), an abbreviation ("PKT") or a UTC offset ("UTC+5", "+05:30"). One reading is
taken; several ("Hyderabad", "USA") are offered to pick from; none is refused with what to type.
Countries and their zones come from tzdata's ``zone.tab`` (installed with the tzdata package).

An hour: "9", "20", "20:00", "8pm", "8 p.m.", "8 in the evening", "noon", "midnight".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from importlib import resources
from pathlib import Path
from zoneinfo import available_timezones

from knowledge.answers import country_name, find_countries
from knowledge.loader import KnowledgeError, read_yaml
from knowledge.timeline import parse_timezone, zone

#: Words that say "time zone" around a place: "Pakistan time", "Karachi timezone".
_FILLER = {"time", "timezone", "zone", "standard", "local", "my", "is", "in", "i", "am", "live", "the", "city", "tz",
           "it", "s", "im", "from", "at", "daylight", "summer", "winter"}


@dataclass(frozen=True)
class Places:
    """``data/places.yaml``: cities the zone names do not hold, multi-zone countries, abbreviations."""

    cities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    countries: dict[str, tuple[str, ...]] = field(default_factory=dict)
    short: dict[str, tuple[str, ...]] = field(default_factory=dict)


def load_places(data_dir: Path) -> Places:
    """Read and check places.yaml: every zone must exist (errors name the file and the entry)."""
    doc = read_yaml(data_dir / "places.yaml")
    if not isinstance(doc, dict):
        raise KnowledgeError("places.yaml", "(file)", "must be a mapping with cities, countries and short")
    known = available_timezones()

    def section(name: str) -> dict[str, tuple[str, ...]]:
        raw = doc.get(name) or {}
        if not isinstance(raw, dict):
            raise KnowledgeError("places.yaml", name, "must be a mapping of name: zone (or a list of zones)")
        out = {}
        for key, value in raw.items():
            zones = tuple(value) if isinstance(value, list) else (value,)
            bad = [z for z in zones if not isinstance(z, str) or z not in known]
            if bad or not zones:
                raise KnowledgeError("places.yaml", f"{name}.{key}", f"{bad[0] if bad else 'nothing'!r} is not a "
                                     "time-zone name")
            if name == "countries" and country_name(str(key)) is None:
                raise KnowledgeError("places.yaml", f"{name}.{key}", "is not a two-letter ISO country code")
            out[_fold(str(key)) if name != "countries" else str(key)] = zones
        return out

    return Places(section("cities"), section("countries"), section("short"))


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z]+", plain.lower().replace("_", " ")))


@lru_cache(maxsize=1)
def _zone_cities() -> dict[str, str]:
    """ "karachi" -> Asia/Karachi, "new york" -> America/New_York (the last part of every zone name)."""
    out: dict[str, str] = {}
    for name in sorted({z for zones in _zone_tab().values() for z in zones}):  # canonical zones only
        out.setdefault(_fold(name.rsplit("/", 1)[1]), name)
    return out


@lru_cache(maxsize=1)
def _zone_tab() -> dict[str, tuple[str, ...]]:
    """Country code -> its zones, from tzdata's zone.tab."""
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            cells = line.split("\t")
            out.setdefault(cells[0], []).append(cells[2])
    return {k: tuple(v) for k, v in out.items()}


def country_zones(places: Places, code: str) -> tuple[str, ...]:
    """The zones to offer for a country: places.yaml's choice for a large country, else tzdata's list."""
    return places.countries.get(code) or _zone_tab().get(code, ())


def find_zones(places: Places, text: str) -> list[str]:
    """The zones a typed place may mean, best first (one when it is clear)."""
    exact = parse_timezone(text)
    if exact is not None:
        return [exact]
    folded = _fold(text)
    by_name = {_fold(z): z for z in available_timezones() if "/" in z}  # not the old aliases ("Egypt")
    if folded in by_name:
        return [by_name[folded]]
    words = [w for w in folded.split() if w not in _FILLER]
    phrase = " ".join(words)
    if not phrase:
        return []
    for table in (places.short, places.cities):
        if phrase in table:
            return list(table[phrase])
    if phrase in _zone_cities():
        return [_zone_cities()[phrase]]
    for n in (3, 2, 1):  # a city named inside a longer message ("I live in Lahore, Pakistan")
        for i in range(len(words) - n + 1):
            part = " ".join(words[i:i + n])
            if part in places.cities:
                return list(places.cities[part])
            if part in _zone_cities() and len(part) > 3:
                return [_zone_cities()[part]]
    countries = find_countries(text.strip(), limit=3) or find_countries(phrase, limit=3)  # "USA", or words
    if len(countries) == 1:
        return list(country_zones(places, countries[0]))
    return [z for code in countries for z in country_zones(places, code)[:2]]


def offset_words(name: str, on: date) -> str:
    """ "UTC+5", "UTC-3", "UTC+5:30": a zone's offset on a day, as people say it."""
    delta = datetime.combine(on, time(12), zone(name)).utcoffset()
    minutes = int(delta.total_seconds() // 60) if delta is not None else 0
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    return f"UTC{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


def is_zone(name: str) -> bool:
    """A name ``parse_timezone`` or the zone database gives (a stored or a button's zone)."""
    return parse_timezone(name) == name or name in available_timezones()


_HOUR = re.compile(r"(?:at\s+)?([0-9]{1,2})(?:[:.h]([0-9]{2}))?\s*(am|a\.m\.?|pm|p\.m\.?|h|hrs?|o'?clock)?"
                   r"(?:\s+(?:in the|at)\s+(morning|afternoon|evening|night))?")


def read_hour(text: str) -> tuple[int, int] | None:
    """(hour 0-23, minutes as typed) from "8pm", "20:00", "8 in the evening", "noon"; None if it is not one."""
    t = text.strip().lower().rstrip(".")
    if t in ("noon", "midday", "12 noon"):
        return 12, 0
    if t == "midnight":
        return 0, 0
    m = _HOUR.fullmatch(t)
    if not m:
        return None
    hour, minutes = int(m.group(1)), int(m.group(2) or 0)
    half = (m.group(3) or "").replace(".", "")
    when = m.group(4) or ""
    if minutes > 59 or hour > 23 or ((half in ("am", "pm") or when) and not 1 <= hour <= 12):
        return None
    if half == "pm" or (when in ("afternoon", "evening", "night") and hour < 12):
        hour = hour % 12 + 12
    elif half == "am" or when == "morning":
        hour = hour % 12
    return hour, minutes
