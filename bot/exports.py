"""Files a user can take away, made in memory on request and never stored: the timeline as an
iCalendar file, the plan as a PDF (at most two A4 pages), the seven factors as a picture.

The libraries are imported inside each function, so that starting the bot does not pay for them.
Text in the PDF and the picture is set in DejaVu Sans (``bot/fonts``, Bitstream Vera licence),
which covers the names and signs users and the plan use ("≥", "—", accented names). In the PDF,
text DejaVu lacks is set in a fallback font (Devanagari, Bengali, Thai: Noto Sans, OFL; Chinese
and Japanese: a subset of Droid Sans Fallback, Apache 2.0), each added to a document only when its
text needs it; a character no font has is drawn as a visible placeholder (□), never left for
the PDF library to drop with a warning that would quote it.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping

from dialogs.plan_view import LEVEL_ICON, TIER_LABEL, lists_line, name, outlook_title, plan_for, title
from dialogs.reply import plain
from knowledge.advisor import Plan
from knowledge.answers import Answers
from knowledge.base import KnowledgeBase
from knowledge.programs import Program
from knowledge.timeline import day_text

FONTS = Path(__file__).parent / "fonts"
UID_DOMAIN = "img-radiology-advisor"
PRODID = "-//IMG Radiology Backup Advisor//Timeline//EN"
LEVEL_WORD = {"strong": "strong", "average": "average", "weak": "weak", "unknown": "unknown"}
FACTORS = ("step2_ck", "recency", "us_clinical_experience", "radiology_experience", "research", "visa", "english")
#: Fonts for text DejaVu Sans lacks, in the order they are tried: (family name in the PDF, file).
FALLBACK_FONTS = (("NotoDevanagari", "NotoSansDevanagari-Regular.ttf"), ("NotoBengali", "NotoSansBengali-Regular.ttf"),
                  ("NotoThai", "NotoSansThai-Regular.ttf"), ("DroidCJK", "DroidSansFallback-CJK.ttf"))
PLACEHOLDER = "□"  # drawn for a character no font has


# --------------------------------------------------------------------------- the calendar file

def timeline_ics(kb: KnowledgeBase, answers: Mapping[str, object], programs: Iterable[Program], today: date,
                 owner: str = "") -> bytes:
    """Every milestone of the user's Match and every interview date, as all-day events.

    UIDs are derived from what an event is (the Match year and milestone; the program by its ACGME id,
    else its name, specialty and track), never from when the file was made or the list's own keys,
    so importing a newer file (or the same list imported again) updates the events already there.
    ``owner`` (a stable keyed tag per user) makes them unique across users; the command line has no
    user and leaves it empty. Every text is cleaned of control characters (icalendar escapes the rest)."""
    from icalendar import Alarm, Calendar, Event

    def uid(what: str) -> str:
        return f"{hashlib.sha256(f'{owner}|{what}'.encode()).hexdigest()[:24] if owner else what}@{UID_DOMAIN}"

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{answers.get('match_year', '')} Match timeline".strip())
    stamp = datetime.combine(today, time(0), tzinfo=timezone.utc)
    year = answers.get("match_year")
    for m in kb.calendar.for_user(answers):
        event = Event()
        event.add("uid", uid(f"{year}-{m.id}"))
        event.add("summary", m.title + (" (estimated)" if m.estimated else ""))
        event.add("dtstart", m.on)
        event.add("dtend", m.last_day() + timedelta(days=1))  # all-day: the end is exclusive
        event.add("dtstamp", stamp)
        lines = [f"• {text}" for _, text in m.items]
        if m.estimated:
            lines += ["", f"Estimated date: {m.rule} Check the official calendar."]
        elif m.how == "reported":
            lines += ["", "Date as reported; confirm it on aamc.org / nrmp.org."]
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    for p in programs:
        if p.interview_date is None or p.status in ("rejected", "withdrawn"):
            continue
        name = ics_text(p.program)
        event = Event()
        event.add("uid", uid("interview-" + (p.acgme_id or f"{p.program.casefold()}|{p.specialty}|{p.track}")))
        event.add("summary", f"Interview: {name}")
        event.add("dtstart", p.interview_date)
        event.add("dtend", p.interview_date + timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("description", f"{kb.specialties[p.specialty].name}, {p.track}. Prepare with /interview.")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Interview tomorrow: {name}")
        alarm.add("trigger", timedelta(hours=-15))  # 09:00 the day before
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())


def ics_text(text: str) -> str:
    """A user's text as iCalendar allows it: line breaks kept (icalendar escapes them), tabs as spaces,
    other control characters (which RFC 5545 does not allow in a text value) left out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")


# --------------------------------------------------------------------------- the PDF

BODY_PT = (9.0, 8.5, 8.0)  # the body's size, tried in turn until the plan fits MAX_PAGES
SMALLEST_PT = 8.0  # nothing is set smaller: the weakest profiles have the longest plans, and need it most
MAX_PAGES = 2
LINK_RGB = (20, 70, 170)

def plan_pdf(kb: KnowledgeBase, plan: Plan, programs: Iterable[Program] = ()) -> bytes:
    """The plan on A4, at most two pages: tier and why, the seven factors, backups, counts and costs,
    signals, next steps for this phase, the dated facts behind the figures (each source a link), the
    disclaimer and the date. Body text is 9 pt, set down to 8 pt (never smaller) before it would need
    a third page."""
    programs = tuple(programs)
    for size in BODY_PT:
        pdf = _plan_pages(kb, plan, size, programs)
        if pdf is not None:
            return pdf
    raise ValueError(f"the plan did not fit on {MAX_PAGES} pages")


def _host(url: str) -> str:
    """A link's short text: its site ("nrmp.org"), which never breaks mid-word as a whole address can."""
    from urllib.parse import urlparse

    host = urlparse(url).netloc or url
    return host[4:] if host.startswith("www.") else host


@lru_cache(maxsize=1)
def _coverage() -> tuple[frozenset[int], tuple[tuple[str, str, frozenset[int]], ...]]:
    """The characters DejaVu Sans has in both weights, and each fallback font's (read once)."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    def chars(file: str) -> frozenset[int]:
        with TTFont(FONTS / file, lazy=True) as font:
            return frozenset(font.getBestCmap())
    return (chars("DejaVuSans.ttf") & chars("DejaVuSans-Bold.ttf"),
            tuple((family, file, chars(file)) for family, file in FALLBACK_FONTS))


class _Glyphs:
    """Makes any text printable in one PDF: adds the fallback fonts it needs (once each, only then)
    and replaces what no font has with the placeholder; format and control characters no font
    draws are left out."""

    def __init__(self, pdf: Any):
        self.pdf = pdf
        self.added: list[str] = []

    def __call__(self, text: str) -> str:
        main, fallbacks = _coverage()
        out = []
        for ch in text:
            cp = ord(ch)
            if cp in main or ch == "\n":
                out.append(ch)
                continue
            family = next((f for f, _, has in fallbacks if cp in has), None)
            if family is not None:
                self._use(family)
                out.append(ch)
            elif unicodedata.category(ch) not in ("Cc", "Cf"):
                out.append(PLACEHOLDER)
        return "".join(out)

    def _use(self, family: str) -> None:
        if family not in self.added:
            self.pdf.add_font(family, "", str(FONTS / dict(FALLBACK_FONTS)[family]))
            self.added.append(family)
            self.pdf.set_fallback_fonts(self.added, exact_match=False)  # bold text takes the regular


def _plan_pages(kb: KnowledgeBase, plan: Plan, size: float, programs: tuple[Program, ...]) -> bytes | None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=12)
    pdf.set_margins(14, 12, 14)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title("Radiology backup plan")
    pdf.set_creator(PRODID)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    line = size * 0.5
    printable = _Glyphs(pdf)

    def cell(w: float, h: float, text: str, **kw: Any) -> None:
        pdf.cell(w, h, printable(text), **kw)

    def heading(text: str) -> None:
        pdf.ln(line * 0.3)
        pdf.set_font("DejaVu", "B", size + 1.4)
        cell(width, line + 1, text, new_x="LMARGIN", new_y="NEXT")

    def para(text: str, scale: float = 1.0, bold: bool = False) -> None:
        points = max(SMALLEST_PT, size * scale)
        pdf.set_font("DejaVu", "B" if bold else "", points)
        pdf.multi_cell(width, line * points / size, printable(text), new_x="LMARGIN", new_y="NEXT", align="L")

    def linked(text: str, url: str) -> None:
        """A line whose source is a link: the text, then the site, underlined and clickable."""
        pdf.set_font("DejaVu", "", SMALLEST_PT)
        height = line * SMALLEST_PT / size
        pdf.write(height, printable(text))
        pdf.set_text_color(*LINK_RGB)
        pdf.set_font("DejaVu", "U", SMALLEST_PT)
        pdf.write(height, printable(_host(url)), link=url)
        pdf.set_text_color(0, 0, 0)
        pdf.ln(height)

    made = day_text(plan.today)
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(width, 8, printable(f"Your radiology plan — {title(plan, icons=False)}"), new_x="LMARGIN",
                   new_y="NEXT")
    phase = kb.texts["phases"][plan.phase.id]["title"]
    para(f"Made {made} for the {plan.answers.match_year} Match · phase: {phase}"
         + (" · provisional" if plan.provisional else ""), 1.05)
    heading("Why this tier")
    para("; ".join(plan.tier_reasons) + ".")
    if plan.tier_changers:
        para("What would change it:")
        for changer in plan.tier_changers[:3]:
            para(f"• {changer}")
    heading("The seven factors")
    factors = kb.texts["factors"]
    for key in FACTORS:
        r = plan.ratings.get(key)
        if r is None:
            continue
        pdf.set_font("DejaVu", "B", size)
        cell(50, line, factors[key]["title"])
        cell(17, line, LEVEL_WORD[r.level])
        pdf.set_font("DejaVu", "", size)
        pdf.multi_cell(width - 67, line, printable(r.because), new_x="LMARGIN", new_y="NEXT", align="L")
    heading("Backups, ranked")
    for i, b in enumerate(plan.backups, 1):
        para(f"{i}. {name(kb, b.id)} — {b.reasons[0]}")
    heading("Programs and costs")
    para(plain(lists_line(kb, plan)))
    labels = kb.texts["costs"]
    para(f"Fees about ${plan.costs.total_usd:,}: " + "; ".join(
        f"{labels.get(i.id, i.id)} ${i.usd:,} ({i.as_of}{', reported' if i.fact.status == 'reported' else ''})"
        for i in plan.costs.items) + f". {plan.costs.assumes}")
    if plan.signals:
        heading(f"Signals ({plan.signals_season} figures; check this season's)")
        pgy1 = kb.texts["signals"]["pgy1_allotment"]  # the transitional year's own allotment
        para(" · ".join(f"{pgy1 if sid == kb.pgy1 else name(kb, sid)}: {a.words()}"
                        for sid, a in plan.signals.items()))
    if plan.visa_outlook.status != "open":
        heading(f"Visa outlook: {outlook_title(kb, plan)}")  # p07: the H-1B route is what is blocked
        para(" ".join(plan.visa_outlook.summary + plan.visa_outlook.possible[:2]))  # the reasons in full: the chat
    if programs:
        heading("Your program list")
        para(_list_line(kb, programs, plan.today))
    heading(f"What to do now ({phase})")
    for i, s in enumerate(plan.next_steps[:6], 1):
        para(f"{i}. {s.text}")
    heading("Dated facts behind the figures")
    for fact_id in _facts_used(kb, plan):
        f = kb.facts[fact_id]
        linked(f"{f.source}, {f.season or f.year} ({f.status.replace('_', ' ')}): ", f.url)
    pdf.ln(1)
    para(kb.texts["disclaimer"].strip(), 0.95, bold=True)
    if pdf.page_no() > MAX_PAGES:
        return None
    return bytes(pdf.output())


def _list_line(kb: KnowledgeBase, programs: tuple[Program, ...], today: date) -> str:
    """ "14 programs: Internal medicine 9, Diagnostic radiology 5; 3 ranked; next interview: X on Tue 12 Jan." """
    by: dict[str, int] = {}
    for p in programs:
        by[p.specialty] = by.get(p.specialty, 0) + 1
    line = f"{len(programs)} program{'s' * (len(programs) != 1)}: " + ", ".join(
        f"{name(kb, sid)} {n}" for sid, n in sorted(by.items(), key=lambda kv: -kv[1]))
    ranked = sum(1 for p in programs if p.rank)
    if ranked:
        line += f"; {ranked} ranked"
    ahead = sorted((p for p in programs if p.interview_date and p.interview_date >= today
                    and p.status in ("invited", "interview_scheduled")), key=lambda p: p.interview_date or today)
    if ahead:
        line += f"; next interview: {ahead[0].program} on {day_text(ahead[0].interview_date or today)}"
    return line + "."


def _facts_used(kb: KnowledgeBase, plan: Plan) -> list[str]:
    """The facts the plan's figures come from: fees, signals, and the visa rules when a visa is needed."""
    season = kb.season
    facts = [season.eras.fact.id, season.ranks.fact.id, season.ranks.registration_fact.id, season.signals.fact.id,
             *(item.fact.id for item in plan.costs.items)]
    if plan.answers.visa != "no_visa_needed":
        facts += [season.visa.h1b_fact.id, season.visa.suspension_fact.id]
        facts += [s.fact.id for s in plan.sponsoring.values()]
    return [f for f in dict.fromkeys(facts) if f in kb.facts]


# --------------------------------------------------------------------------- the picture

#: Colour and mark per level: the mark and the word carry the meaning without colour.
LEVEL_STYLE = {"strong": ((46, 139, 87), "✔"), "average": ((204, 153, 0), "●"),
               "weak": ((200, 55, 55), "✖"), "unknown": ((130, 130, 130), "?")}
TIER_STYLE = {"higher": (46, 139, 87), "moderate": (204, 153, 0), "high": (200, 55, 55)}


SCALE = 2
WIDTH, TOP, ROW = 560 * SCALE, 92 * SCALE, 40 * SCALE  # the card's width, its heading's height, a factor's row
HEAD = 50 * SCALE  # the tier's band and name; the match and date line below it, down to TOP
BOTTOM = 26 * SCALE  # the margin under the last factor


def profile_png(kb: KnowledgeBase, plan: Plan) -> bytes:
    """The seven factors and the tier on a light card (readable on dark and light chat themes), each
    level shown by colour, a mark and a word; a small palette PNG (well under 100 KB).

    The card is a stack of strips (the tier's heading, the Match and date line, one row per factor and
    level, the bottom margin), each drawn and compressed once in the card's one palette and then only stacked: users'
    cards differ in which strips they stack, and drawing and reducing the colours of a whole card for
    every user cost 90 ms of CPU at a confirmation."""
    levels = [(key, (r.shown_level if (r := plan.ratings.get(key)) else "unknown")) for key in FACTORS]  # a suspended route shows as what it is
    made = plan.today.strftime("%d %b %Y").lstrip("0")
    strips = [_strip(kb, ("head", plan.route_tier)),
              _strip(kb, ("made", f"{plan.answers.match_year} Match · made {made} · guidance, not official advice")),
              *(_strip(kb, ("factor", key, level)) for key, level in levels), _strip(kb, ("bottom",))]
    return _png(WIDTH, strips, _palette_chunk(kb))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two byte strings one after the other, from theirs (zlib's adler32_combine)."""
    base = 65521
    rem = second_length % base
    s1 = first & 0xFFFF
    s2 = (rem * s1) % base
    s1 = (s1 + (second & 0xFFFF) + base - 1) % base
    s2 = (s2 + (first >> 16) + (second >> 16) + base - rem) % base
    return s1 | (s2 << 16)


def _png(width: int, strips: list["Strip"], palette: bytes) -> bytes:
    """A palette PNG of strips stacked top to bottom, each already compressed on its own (a deflate stream
    flushed to a byte boundary with no reference back, so the streams can follow one another)."""
    height = sum(s.height for s in strips)
    check, length = 1, 0
    for s in strips:
        check, length = _adler32_combine(check, s.adler, s.length), length + s.length
    data = b"\x78\x01" + b"".join(s.deflated for s in strips) + b"\x03\x00" + struct.pack(">I", check)
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)  # 8-bit palette indices
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + palette + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


@dataclass(frozen=True)
class Strip:
    """A strip of the card in the card's palette: its rows as a PNG's filtered scanlines, deflated."""

    height: int
    length: int  # of the scanlines before compression
    adler: int  # their Adler-32
    deflated: bytes


@lru_cache(maxsize=1)
def _fonts() -> tuple[Any, Any, Any]:
    """The card's regular, bold and heading fonts, loaded once."""
    from PIL import ImageFont

    return (ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 15 * SCALE),
            ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 16 * SCALE),
            ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 21 * SCALE))


@lru_cache(maxsize=64)
def _draw_strip(kb: KnowledgeBase, what: tuple[str, ...]) -> Any:
    """One strip of the card in full colour, as drawn on the whole card (its border included): drawn on a
    canvas of the strip's own height, everything moved up by the strip's top."""
    from PIL import Image, ImageDraw

    scale = SCALE
    height = {"head": HEAD, "made": TOP - HEAD, "factor": ROW, "bottom": BOTTOM}[what[0]]
    top = {"head": 0, "made": HEAD, "factor": TOP, "bottom": TOP + ROW * len(FACTORS)}[what[0]]
    w, h = WIDTH, TOP + ROW * len(FACTORS) + BOTTOM
    img = Image.new("RGB", (w, height), (250, 250, 247))
    d = ImageDraw.Draw(img)
    regular, bold, heading = _fonts()
    d.rectangle([0, -top, w - 1, h - 1 - top], outline=(60, 60, 60), width=2 * scale)
    if what[0] == "head":
        d.rectangle([0, 0, w, 10 * scale], fill=TIER_STYLE[what[1]])
        d.text((22 * scale, 22 * scale), f"Radiology: {TIER_LABEL[what[1]]}", font=heading, fill=(20, 20, 20))
    elif what[0] == "made":
        d.text((22 * scale, 54 * scale - top), what[1], font=regular, fill=(70, 70, 70))
    elif what[0] == "factor":
        level = what[2]
        colour, mark = LEVEL_STYLE[level]
        d.text((22 * scale, 4 * scale), kb.texts["factors"][what[1]]["title"], font=bold, fill=(25, 25, 25))
        x0 = 330 * scale
        d.rounded_rectangle([x0, 0, x0 + 200 * scale, 30 * scale], radius=8 * scale, fill=colour)
        ink = (20, 20, 20) if level == "average" else (255, 255, 255)  # contrast on the yellow
        d.text((x0 + 14 * scale, 5 * scale), f"{mark}  {LEVEL_WORD[level]}", font=bold, fill=ink)
    return img


@lru_cache(maxsize=1)
def _palette(kb: KnowledgeBase) -> Any:
    """The card's 64 colours, chosen once from every tier's heading and every factor at every level."""
    from PIL import Image

    specimen = [_draw_strip(kb, ("head", tier)) for tier in TIER_STYLE]
    specimen.append(_draw_strip(kb, ("made", "2027 Match · made 7 Dec 2026 · guidance, not official advice")))
    specimen += [_draw_strip(kb, ("factor", key, level)) for key in FACTORS for level in LEVEL_STYLE]
    sheet = Image.new("RGB", (WIDTH, sum(s.height for s in specimen)))
    y = 0
    for strip in specimen:
        sheet.paste(strip, (0, y))
        y += strip.height
    return sheet.quantize(colors=64, method=Image.Quantize.MEDIANCUT)


@lru_cache(maxsize=1)
def _palette_chunk(kb: KnowledgeBase) -> bytes:
    colours = bytes(_palette(kb).getpalette() or [])[:64 * 3]
    return _chunk(b"PLTE", colours)


@lru_cache(maxsize=256)
def _strip(kb: KnowledgeBase, what: tuple[str, ...]) -> Strip:
    """A strip of the card in its palette, drawn and compressed once (a date line once a day and Match)."""
    from PIL import Image

    img = _draw_strip(kb, what).quantize(palette=_palette(kb), dither=Image.Dither.NONE)
    pixels, width = img.tobytes(), img.width
    raw = b"".join(b"\x00" + pixels[i:i + width] for i in range(0, len(pixels), width))  # filter: none
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = packer.compress(raw) + packer.flush(zlib.Z_FULL_FLUSH)
    return Strip(img.height, len(raw), zlib.adler32(raw), deflated)


@lru_cache(maxsize=256)
def profile_png_for(kb: KnowledgeBase, answers: Answers, today: date) -> bytes:
    """The picture for a user's answers on a day (made once: /plan may be opened many times a day)."""
    return profile_png(kb, plan_for(answers, kb, today))


def caption_for(plan: Plan) -> str:
    """The picture's caption (Telegram HTML, under 1024 characters)."""
    counts: dict[str, int] = {}
    for r in plan.ratings.values():
        counts[r.shown_level] = counts.get(r.shown_level, 0) + 1
    parts = ", ".join(f"{LEVEL_ICON[k]} {n} {k}" for k, n in counts.items())
    return f"Your profile at a glance — radiology: {TIER_LABEL[plan.route_tier]}; {parts}."
