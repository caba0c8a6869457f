"""Composition root: settings -> knowledge base, store, dialog context, service."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Callable

from sqlite_utils import Database

from bot.config import Settings
from bot.service import BotService
from dialogs.coach_flow import CoachFeature
from dialogs.faq_flow import FaqFeature
from dialogs.router import Context
from knowledge import faq
from knowledge.loader import KnowledgeBase, load_knowledge
from storage import Store, resolve_key
from storage.faq_index import SqliteFaqIndex

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    kb: KnowledgeBase
    store: Store
    service: BotService


def faq_index(db: Database, entries: dict[str, faq.FaqEntry]) -> SqliteFaqIndex:
    """The FAQ full-text index in ``db``, rebuilt only when the entries changed."""
    index = SqliteFaqIndex(db)
    rows = faq.index_rows(entries)
    index.rebuild_if_changed(rows, faq.digest(rows))
    return index


def build_runtime(settings: Settings, today: Callable[[], date] = date.today,
                  notice: Callable[[str], None] | None = None) -> Runtime:
    """Validate the knowledge base, open the database, wire the service."""
    kb = load_knowledge()
    key, created = resolve_key(settings.data_key, settings.key_file, settings.db_path)
    if created:
        (notice or log.warning)(created)
    store = Store.open(settings.db_path, key)
    entries = kb.extra["faq"]
    index = faq_index(store.db, entries)
    features = [CoachFeature(kb.extra["interview"]), FaqFeature(entries, lambda text: faq.search(index, text))]
    ctx = Context(kb=kb, today=today, extensions=features)
    return Runtime(settings, kb, store, BotService(store, ctx))
