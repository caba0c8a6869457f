"""Composition root: settings -> knowledge base, store, the flows, the service, reminders."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Callable

from sqlite_utils import Database

from bot.config import Settings
from bot.reminders import Reminders, SystemClock
from bot.service import BotService
from dialogs.coach_flow import Coach
from dialogs.faq_flow import Faq
from dialogs.router import Context
from dialogs.timeline_flow import TimelineFlow
from knowledge import faq
from knowledge.base import KnowledgeBase, load_knowledge
from storage import Store, resolve_key
from storage.faq_index import SqliteFaqIndex

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    kb: KnowledgeBase
    store: Store
    service: BotService
    reminders: Reminders
    clock: Any


def faq_index(db: Database, entries: dict[str, faq.FaqEntry]) -> SqliteFaqIndex:
    """The FAQ full-text index in ``db``, rebuilt only when the entries changed."""
    index = SqliteFaqIndex(db)
    rows = faq.index_rows(entries)
    index.rebuild_if_changed(rows, faq.digest(rows))
    return index


def build_runtime(settings: Settings, today: Callable[[], date] | None = None,
                  notice: Callable[[str], None] | None = None, clock: Any = None) -> Runtime:
    """Validate the knowledge base, open the database, wire the flows, the service and the reminders.

    ``clock`` (``now()`` and ``async sleep()``) is injectable for tests; ``today`` defaults to its date.
    """
    clock = clock or SystemClock()
    kb = load_knowledge()
    key, created = resolve_key(settings.data_key, settings.key_file, settings.db_path)
    if created:
        (notice or log.warning)(created)
    store = Store.open(settings.db_path, key)
    index = faq_index(store.db, kb.faq)
    ctx = Context(kb=kb, today=today or (lambda: clock.now().date()),
                  faq=Faq(kb.faq, lambda text: faq.search(index, text)), coach=Coach(kb.coaching),
                  timeline=TimelineFlow(kb.calendar, pushes=bool(settings.token)))
    reminders = Reminders(store, kb.calendar, clock, grace=timedelta(days=settings.reminder_grace_days),
                          backoff=settings.reminder_backoff)
    return Runtime(settings, kb, store, BotService(store, ctx, reminders), reminders, clock)
