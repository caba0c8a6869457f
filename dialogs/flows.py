"""Every flow of the conversation, registered in one place.

The order matters where flows are asked in turn: typed text outside a mode goes to the first flow
that takes it (the open question before the FAQ), a file to the first that takes it (a .csv to the
program list before the statement check), and the first flow that holds the conversation says where
the user is (the assessment before the menu, which is last).
"""

from __future__ import annotations

from datetime import date
from typing import Callable

from dialogs.assessment_flow import AssessmentFlow
from dialogs.coach_flow import Coach
from dialogs.faq_flow import Faq
from dialogs.flow import Flows
from dialogs.menu_flow import MenuFlow
from dialogs.outcome_flow import OutcomeFlow
from dialogs.plan_flow import PlanFlow
from dialogs.programs_flow import ProgramsFlow
from dialogs.rule_notices import RuleNoticeFlow
from dialogs.timeline_flow import TimelineFlow
from knowledge.base import KnowledgeBase
from knowledge.faq import FaqResult
from knowledge.outcomes import Release


def build(kb: KnowledgeBase, search: Callable[[str], FaqResult], pushes: bool = True,
          counts: Callable[[date], Release] | None = None) -> Flows:
    """The flows of this bot. ``search`` looks a question up in the FAQ index (storage); ``pushes`` is
    False in the console, which cannot send reminders; ``counts`` gives the day's published Match outcome
    counts (storage), for the plan's "People like you"."""
    return Flows([
        AssessmentFlow(),
        PlanFlow(),
        ProgramsFlow(kb, pushes),
        TimelineFlow(kb.calendar, pushes, kb.places),
        Coach(kb.coaching),
        OutcomeFlow(kb, counts),
        Faq(kb.faq, search),
        RuleNoticeFlow(),
        MenuFlow(),
    ])
