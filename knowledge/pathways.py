"""ECFMG's Pathways seasons and the cycle's dates said as ahead or passed on a day: which season a client certifies
through, when it opens and closes, and whether a Step 3 sat from today is scored before the rank-list deadline.

Pure: dates and the knowledge base's texts in, words out.
"""

from __future__ import annotations

from datetime import date, timedelta

from knowledge.base import PLACEHOLDER, KnowledgeBase
from knowledge.timeline import day_text


def pathways_values(today: date, match_year: int) -> dict[str, str]:
    """The Pathways season that certifies a client in time to pass Step 3 before applications for ``match_year``
    go in: the season of the Match before it (ECFMG opens a season's Pathways in August for the next Match and
    keeps it open until 31 May of that Match's year). Said for ``today``: open now, or not yet open (a client a
    Match further on is not hurried into the current season); and the day that season closes."""
    season = match_year - 1
    opens, closes = date(season - 1, *PATHWAYS_OPEN), date(season, *PATHWAYS_CLOSE)
    close = day_text(closes, "estimated")
    # whether the certificate serves that Match: a sentence of its own, after the action (round-11 nice 4: the
    # action and its date are the step's first sentence, which the first screen shows)
    valid = f"Ask ECFMG too whether that certificate stays valid for a {match_year} start."
    if today < opens:
        certify = (f"plan to certify through the {season} Pathways, expected to open in August {season - 1} and "
                   f"to close by {close}")
    elif today <= closes:
        certify = (f"ask ECFMG now whether you can certify through the current season's Pathways (the {season} "
                   f"Pathways, open until about {close})")
    else:  # that season has closed: the next one (its own Match's) is the one left
        certify = f"ask ECFMG whether you can still certify through the {season + 1} Pathways"
    return {"certify_through": certify, "certify_valid": valid, "pathways_close": close}


#: The last day of August on which ECFMG has opened a season's Pathways in the past (19 August 2025 for 2026).
PATHWAYS_OPEN = (8, 19)
#: How far ahead of the Pathway deadline a client whose Pathway is not in is told to submit it this week.
PATHWAY_SOON = timedelta(weeks=4)
#: The day a season's Pathways application closed in its Match year (31 May 2025 for 2025; ecfmg-pathways-season).
PATHWAYS_CLOSE = (5, 31)


def when_values(kb: KnowledgeBase, year: int, today: date, dates: dict[str, str], abroad: bool = False
                ) -> dict[str, str]:
    """Dates said as ahead or passed on ``today``: ECFMG's Pathway deadline, when this Match's Pathways open, the
    next MyERAS opening, and whether a Step 3 sat from today can be scored before the rank-list deadline."""
    when, cal = kb.texts["when"], kb.calendar
    deadline = cal.date_of("ecfmg_pathway", year)[0]  # the calendar's: the earliest seen, unless a season's is known
    pathway = ("pathway_ahead" if today < deadline - PATHWAY_SOON else
               "pathway_soon" if today < deadline else "pathway_passed")
    myeras = "myeras_ahead" if today < cal.date_of("myeras_opens", year + 1)[0] else "myeras_passed"
    opens = "pathway_opens_ahead" if today < date(year - 1, *PATHWAYS_OPEN) else "pathway_opens_passed"
    step3 = "step3_ahead" if today <= date(year - 1, 12, 31) else "step3_passed"
    values = {**dates, "match_year": year}
    # placeholders only: a fact stays "{fact:id}", said where the value lands (a step's sources go at its end)
    out = {key: " ".join(PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), when[k]).split())
           for key, k in (("pathway_when", pathway), ("next_myeras_when", myeras), ("pathway_open_when", opens),
                          ("step3_when", step3))}
    if abroad and step3 == "step3_ahead":  # where no suspension's caveat already says the US visit
        out["step3_when"] += " " + " ".join(when["step3_abroad"].split())
    return out
