"""Every FAQ answer read as text, as a user gets it: no sentence said twice, no phrase doubled, no
program count that contradicts the user's own plan, and this season's dates for the day it is read."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from benchmarks.faq_eval import KB, build_index, lookup
from dialogs import callbacks as cb
from dialogs.flow import Context
from dialogs.flows import build
from dialogs.inputs import Choice, Command
from dialogs.reply import plain
from dialogs.router import handle
from dialogs.session import Session
from knowledge import faq
from knowledge.loader import FACT_REF
from tests import examples

INDEX = build_index()
DAYS = [date(2026, 6, 15), date(2026, 12, 6), date(2027, 3, 10), date(2027, 4, 2)]
PROFILES = {"none": None, "STRONG": examples.STRONG, "MODERATE": examples.MODERATE, "HIGH": examples.HIGH}
#: Every fact's citation note, "(AAMC, 2025; check the current rule, as of 2026-12)": facts may share one.
NOTES = sorted({f" ({fact.note()})" for fact in KB.facts.values()}, key=len, reverse=True)
#: "120 programs", "50-70 radiology", "60–120+ applications": a count of programs said as advice.
COUNT = re.compile(r"(?<![$\d])\b(\d{2,3})(?:\s*[-–]\s*(\d{2,3}))?\+?\s+(?:\w+\s+){0,3}?(?:programs?|applications?)\b")


def answers_read(profile: str, day: date) -> list[str]:
    """Every entry's whole answer (short, More, and the For you line) as the chat sends it, in plain text."""
    ctx = Context(kb=KB, today=lambda: day, flows=build(KB, lambda text: lookup(INDEX, text)))
    session = Session()
    if PROFILES[profile] is not None:
        session = Session(state="complete", answers=dict(PROFILES[profile]), complete=True)
    out = []
    for entry_id in KB.faq:
        first = handle(ctx, session, Command("start", f"faq-{entry_id}"))
        more = handle(ctx, first.session, Choice(cb.FaqMore(entry_id)))
        out.append(plain(more.replies[-1].text))
    return out


def without_notes(text: str) -> str:
    """The text without the citation notes (facts may share a source and its note)."""
    for note in NOTES:
        text = text.replace(note, "")
    return text


def sentences(text: str) -> list[str]:
    return [s.strip().lower() for s in re.split(r"(?<=[.!?])\s+|\n+", without_notes(text)) if len(s.split()) >= 4]


def pieces(entry_id: str, day: date, for_you: str) -> list[tuple[str, str]]:
    """The answer as its parts: (who wrote it, text). "own" for the entry's words, "fact:ID" for each cited
    fact (its dated wording), "plan" for the For you line. The same words as the chat's message."""
    entry = KB.faq[entry_id]
    values = faq.season_values(KB.calendar, KB.faq_scope, day)
    out: list[tuple[str, str]] = []
    for text in (entry.short, entry.without_plan if not for_you else "", entry.more):
        last = 0
        for m in FACT_REF.finditer(text):
            out.append(("own", KB.render(text[last:m.start()], values)))
            out.append((f"fact:{m.group(1)}", KB.facts[m.group(1)].text))
            last = m.end()
        out.append(("own", KB.render(text[last:], values)))
    return out + [("plan", for_you)]


def doubled(parts: list[tuple[str, str]]) -> str | None:
    """A phrase said twice: three words within eight anywhere ("the NRMP registration and the NRMP
    registration covers"), or five words anywhere when one of the two is the entry's own wording (two
    facts may share a term such as "the clinical and communication skills requirement", and the plan's
    For you line has its own wording, tested with the plan). Words with digits (dates) do not count."""
    words = [(w, who) for who, text in parts for w in re.findall(r"[a-z0-9]+", text.lower())]
    for n, window in ((3, 8), (5, len(words))):
        seen: dict[tuple[str, ...], tuple[int, str]] = {}
        for i in range(len(words) - n + 1):
            gram = tuple(w for w, _ in words[i:i + n])
            who = words[i][1]
            if any(ch.isdigit() for w in gram for ch in w):
                continue
            if gram in seen and i - seen[gram][0] <= window:
                first = seen[gram][1]
                if n == 3 or "own" in (who, first):
                    if not (who == first == "plan"):
                        return " ".join(gram)
            seen.setdefault(gram, (i, who))
    return None


@pytest.mark.parametrize("profile", list(PROFILES))
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_no_answer_says_a_sentence_twice_or_doubles_a_phrase(profile: str, day: date) -> None:
    for entry_id, text in zip(KB.faq, answers_read(profile, day)):
        said = sentences(text)
        assert len(said) == len(set(said)), f"a sentence is said twice in: {text[:120]!r}"
        found = doubled(pieces(entry_id, day, text.partition("For you:")[2]))
        assert found is None, f"'{found}' doubled in: {text[:160]!r}"


@pytest.mark.parametrize("profile", ["STRONG", "MODERATE", "HIGH"])
def test_no_program_count_contradicts_the_users_own_plan(profile: str) -> None:
    """A count of programs in an answer's own words is the user's own (from the For you line), never a
    general figure that disagrees with it ("60-120+ radiology applications" beside "For you: radiology
    50-70"). Dated facts ("IMGs sent on average about 77...") are cited figures, not advice."""
    for entry, text in zip(KB.faq.values(), answers_read(profile, date(2026, 12, 6))):
        own_words = FACT_REF.sub("", f"{entry.short} {entry.without_plan} {entry.more}")  # a fact is dated data
        allowed = {int(n) for n in re.findall(r"\d+", text.partition("For you:")[2])}
        for m in COUNT.finditer(own_words):
            said = {int(n) for n in m.groups() if n}
            assert said <= allowed, f"'{m.group(0)}' is not the user's own count ({sorted(allowed)}): {text[:120]!r}"


def test_the_answer_about_dates_is_for_the_season_it_is_read_in() -> None:
    """Asked "when does ERAS open" in December 2026, the answer is about the 2027 Match (and the next
    season's opening), not the 2026 Match's June 2025 dates."""
    result = lookup(INDEX, "when does ERAS open")
    assert result.answered and result.results[0][0] == "timeline"
    december = Context(kb=KB, today=lambda: date(2026, 12, 6), flows=build(KB, lambda text: lookup(INDEX, text)))
    text = plain(handle(december, Session(), Command("start", "faq-timeline")).replies[-1].text)
    assert "For the 2027 Match (this season)" in text and "MyERAS opened Wed 3 Jun 2026" in text
    assert "the rank-list deadline is" in text and "for the 2028 Match, MyERAS opens" in text
    assert "June 2025" not in text and "4 June 2025" not in text
    after_match = replace(december, today=lambda: date(2027, 4, 2))
    text = plain(handle(after_match, Session(), Command("start", "faq-timeline")).replies[-1].text)
    assert "For the 2028 Match (this season): MyERAS opens" in text


def test_a_date_said_as_past_or_to_come_follows_today() -> None:
    scope, calendar = KB.faq_scope, KB.calendar
    before = faq.season_values(calendar, scope, date(2026, 5, 1))["season_dates"]
    after = faq.season_values(calendar, scope, date(2026, 12, 6))["season_dates"]
    assert "MyERAS opens Wed 3 Jun 2026" in before and "MyERAS opened Wed 3 Jun 2026" in after
    assert faq.season_match(calendar, date(2027, 3, 19)) == 2027  # Match Day itself still belongs to it
    assert faq.season_match(calendar, date(2027, 3, 20)) == 2028


def test_eligibility_is_the_whole_requirement_with_this_seasons_pathway_deadline() -> None:
    """The FAQ no longer says an IMG needs less than full eligibility to be matched: besides Step 1 and
    Step 2 CK, the clinical and communication skills requirement (a Pathway and the OET), with its deadline."""
    ctx = Context(kb=KB, today=lambda: date(2026, 12, 6), flows=build(KB, lambda text: lookup(INDEX, text)))
    first = handle(ctx, Session(), Command("start", "faq-ecfmg-certification"))
    text = plain(handle(ctx, first.session, Choice(cb.FaqMore("ecfmg-certification"))).replies[-1].text)
    assert "you need less" not in text
    assert "Step 1 and Step 2 CK" in text and "Pathway" in text and "OET" in text
    assert "for the 2027 Match, ECFMG's Pathway application is due" in text and "withdraw" in text


def test_the_english_test_answer_is_the_current_rule_and_says_toefl_does_not_count() -> None:
    text = KB.render(KB.faq["english-test"].short)
    assert "300 in Writing" in text and "TOEFL" in text and "2021" not in text


#: A program "sponsoring" a visa that, for the J-1, it only accepts: "programs that sponsor your visa".
SPONSORS_ANY_VISA = re.compile(r"\bsponsors?\s+(?:your|a|the\s+user's)\s+visa\b|\bprograms?\s+(?:that\s+)?sponsors?\s+"
                               r"(?:the\s+|a\s+)?J-1\b", re.IGNORECASE)


@pytest.mark.parametrize("profile", ["none", "HIGH"])
def test_no_answer_says_a_program_sponsors_a_j1(profile: str) -> None:
    """ECFMG sponsors every J-1 physician; a program accepts (supports) the J-1 and sponsors only the H-1B.
    An answer that tells a J-1 applicant to look for "programs that sponsor your visa" says otherwise."""
    for entry_id, text in zip(KB.faq, answers_read(profile, date(2026, 12, 6))):
        found = SPONSORS_ANY_VISA.search(without_notes(text))
        assert found is None, f"{entry_id}: '{found.group(0)}' in {text[:160]!r}"
