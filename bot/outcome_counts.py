"""The published Match outcome counts (CONTRACTS §10) read from the database: for the command line
(``python -m bot outcomes``) and for the plan's "People like you".

The counts are made from the stored outcomes on the day they are asked for, so an outcome removed
by /delete is in no later count. ``ReleaseCache`` keeps the day's release until a row that could be
in it goes: only rows written before the latest counting closed can be counted (a Match's counts
never grow after its counting closes, and a shared outcome is never edited, only taken out), so the
number of those rows changes exactly when the counts may have; new shares cost no rebuild.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from datetime import date
from typing import Iterator

from knowledge.base import KnowledgeBase
from knowledge.outcomes import (DEFAULT_MIN_CELL, OutcomeRecord, Release, as_csv, as_text, build_release,
                                counted_years, counting_closes)
from storage import Store


def records(store: Store) -> Iterator[OutcomeRecord]:
    for data in store.outcomes.all():
        yield OutcomeRecord.from_json(data)


def release_for(store: Store, kb: KnowledgeBase, today: date, min_cell: int = DEFAULT_MIN_CELL) -> Release:
    return build_release(kb.outcomes, kb.calendar, records(store), today, min_cell)


class ReleaseCache:
    """The day's release, made once per day and number of stored outcomes (the chat reads it often)."""

    def __init__(self, store: Store, kb: KnowledgeBase, min_cell: int = DEFAULT_MIN_CELL):
        self.store, self.kb, self.min_cell = store, kb, min_cell
        self._key: tuple[date, int] | None = None
        self._release: Release | None = None
        self._lock = threading.Lock()

    def get(self, today: date) -> Release:
        years = counted_years(self.kb.outcomes, self.kb.calendar, today)
        last = counting_closes(self.kb.calendar, years[-1]).isoformat() if years else ""
        key = (today, self.store.outcomes.count(written_before=last))
        with self._lock:
            if self._key != key or self._release is None:
                self._release = release_for(self.store, self.kb, today, self.min_cell)
                self._key = key
            return self._release


def write_atomically(path: str, text: str) -> str | None:
    """Write next to ``path`` and rename into place (a failure leaves nothing); the error, or None."""
    target = os.path.abspath(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".part")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror}"
    return None


def cmd_outcomes(min_cell: int, as_json: bool, csv_out: str | None, today: date | None) -> int:
    """Print (or write as CSV) the suppressed tables over the database the bot uses (BOT_DB_PATH), opened
    for reading only: the counts can be made beside the running bot, and nothing is written to it."""
    import json
    import sqlite3

    from bot.config import ConfigError, load_env_file, load_settings
    from knowledge.base import load_knowledge
    from knowledge.loader import DATA_DIR, KnowledgeError
    from storage import DataCipher, KeyError_, StorageError, resolve_key
    from storage.notices import open_readonly
    from storage.outcomes import OutcomeRows

    if min_cell < 1:
        print("error: --min-cell must be at least 1", file=sys.stderr)
        return 2
    load_env_file()
    try:
        settings = load_settings()
        kb = load_knowledge(settings.knowledge_dir or DATA_DIR)
        if not settings.db_path.is_file():
            raise StorageError(f"there is no database at {settings.db_path} (set BOT_DB_PATH)")
        key, _ = resolve_key(settings.data_key, settings.key_file, settings.db_path)
        cipher = DataCipher(key)
        db = open_readonly(settings.db_path, cipher)
        rows = OutcomeRows(lambda: db, cipher)
        release = build_release(kb.outcomes, kb.calendar, (OutcomeRecord.from_json(d) for d in rows.all()),
                                today or date.today(), min_cell)
    except sqlite3.DatabaseError as exc:
        print(f"error: cannot read the shared outcomes ({exc}); a database from before outcomes were kept gets "
              "their table when the bot next starts", file=sys.stderr)
        return 2
    except (ConfigError, KnowledgeError, KeyError_, StorageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if csv_out:
        problem = write_atomically(csv_out, as_csv(kb.outcomes, release))
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
        print(f"wrote {csv_out}", file=sys.stderr)
        return 0
    print(json.dumps(release.to_json(), ensure_ascii=False) if as_json else as_text(kb.outcomes, release))
    return 0
