"""Composition root: settings -> knowledge base, store, the flows, the service, reminders."""

from __future__ import annotations

import fcntl
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from datetime import date, timedelta
from typing import IO, Any, Callable

from sqlite_utils import Database

from bot.config import Settings
from bot.outcome_counts import ReleaseCache
from bot.notices import RuleNotices
from bot.reminders import Reminders, SystemClock
from bot.service import BotService
from dialogs import flows
from dialogs.flow import Context
from knowledge import faq
from knowledge.base import KnowledgeBase, load_knowledge
from knowledge.changes import load_notice_words
from knowledge.loader import DATA_DIR
from storage import Store, resolve_key
from storage.faq_index import SqliteFaqIndex

log = logging.getLogger(__name__)


class StartupError(RuntimeError):
    """The bot cannot start as configured; the message says why and what to do."""


def single_instance(db_path: Path) -> IO[bytes]:
    """Hold a lock on the database file itself for as long as the process runs: a second bot (or
    console) on the same database would answer the same users twice and race on their sessions. The
    lock is on the file, not its name, so a symlink or a hard link to the same database is refused
    too. (An flock, which SQLite's own POSIX locks do not see; the handle stays open until exit,
    since closing another handle to the file would drop SQLite's locks in this process.)"""
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(db_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StartupError(f"cannot use the database {db_path}: {exc.strerror} (check BOT_DB_PATH and that "
                           "its folder is writable)") from None
    handle = os.fdopen(fd, "r+b")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise StartupError(f"another instance of the bot is already using {db_path}; stop it first "
                           "(run one instance per database and token)") from None
    return handle


@dataclass
class Runtime:
    settings: Settings
    kb: KnowledgeBase
    store: Store
    service: BotService
    reminders: Reminders
    clock: Any
    notices: RuleNotices


def faq_index(db: Database | Callable[[], Database], entries: dict[str, faq.FaqEntry]) -> SqliteFaqIndex:
    """The FAQ full-text index in ``db``, rebuilt only when the entries changed."""
    index = SqliteFaqIndex(db)
    rows = faq.index_rows(entries)
    index.rebuild_if_changed(rows, faq.digest(rows))
    return index


def build_runtime(settings: Settings, today: Callable[[], date] | None = None,
                  notice: Callable[[str], None] | None = None, clock: Any = None, check: bool = False) -> Runtime:
    """Validate the knowledge base, open the database, wire the flows, the service and the reminders.

    ``clock`` (``now()`` and ``async sleep()``) is injectable for tests; ``today`` defaults to its date;
    ``check`` runs SQLite's integrity check on the file first (the bot does at start).
    """
    clock = clock or SystemClock()
    data_dir = settings.knowledge_dir or DATA_DIR
    kb = load_knowledge(data_dir)
    words = load_notice_words(data_dir)
    key, created = resolve_key(settings.data_key, settings.key_file, settings.db_path)
    if created:
        (notice or log.warning)(created)
    store = Store.open(settings.db_path, key, check=check)
    index = faq_index(store.connections.get, kb.faq)
    ctx = Context(kb=kb, today=today or (lambda: clock.now().date()),
                  flows=flows.build(kb, lambda text: faq.search(index, text, scope=kb.faq_scope), pushes=bool(settings.token),
                                    counts=ReleaseCache(store, kb).get))
    reminders = Reminders(store, kb, clock, grace=timedelta(days=settings.reminder_grace_days),
                          backoff=settings.reminder_backoff)
    notices = RuleNotices(store.notices, kb, words, data_dir, clock)
    reminders.notices = notices
    return Runtime(settings, kb, store, BotService(store, ctx, reminders, notices), reminders, clock, notices)
