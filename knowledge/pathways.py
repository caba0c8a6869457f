"""ECFMG's Pathways seasons and the cycle's dates said as ahead or passed on a day: which season a client certifies
through, when it opens and closes, and whether a Step 3 sat from today is scored before the rank-list deadline.

Pure: dates and the knowledge base's texts in, words out.
"""

from __future__ import annotations

from datetime import date

from knowledge.base import KnowledgeBase


def current_pathways(today: date) -> str:
    """The Pathways season open on ``today``, in words: between June and their August opening none is (the last
    season's closed by the end of May in 2025), so the next one is named with when it is expected."""
    if (6, 1) <= (today.month, today.day) < PATHWAYS_OPEN:
        return f"the {today.year + 1} Pathways, expected to open in August {today.year}"
    return "the current season's Pathways"


#: The last day of August on which ECFMG has opened a season's Pathways in the past (19 August 2025 for 2026).
PATHWAYS_OPEN = (8, 19)


def when_values(kb: KnowledgeBase, year: int, today: date, dates: dict[str, str], abroad: bool = False
                ) -> dict[str, str]:
    """Dates said as ahead or passed on ``today``: ECFMG's Pathway deadline, when this Match's Pathways open, the
    next MyERAS opening, and whether a Step 3 sat from today can be scored before the rank-list deadline."""
    when, cal = kb.texts["when"], kb.calendar
    pathway = "pathway_ahead" if today <= cal.date_of("ecfmg_pathway", year)[0] else "pathway_passed"
    myeras = "myeras_ahead" if today < cal.date_of("myeras_opens", year + 1)[0] else "myeras_passed"
    opens = "pathway_opens_ahead" if today < date(year - 1, *PATHWAYS_OPEN) else "pathway_opens_passed"
    step3 = "step3_ahead" if today <= date(year - 1, 12, 31) else "step3_passed"
    values = {**dates, "match_year": year}
    out = {key: " ".join(kb.render(when[k], values, today).split())
           for key, k in (("pathway_when", pathway), ("next_myeras_when", myeras), ("pathway_open_when", opens),
                          ("step3_when", step3))}
    if abroad and step3 == "step3_ahead":  # where no suspension's caveat already says the US visit
        out["step3_when"] += " " + " ".join(when["step3_abroad"].split())
    return out
