"""All SQLite access (through sqlite-utils): schema, migrations, queries, encryption at rest.

Imports nothing from the other top-level packages; callers hand in plain data.
"""

from storage.crypto import DataCipher, KeyError_, check_key_place, resolve_key
from storage.db import StorageError, open_database
from storage.outcomes import OutcomeWrite
from storage.reminders import Reminder, Reschedule
from storage.store import Store, StoredSession, Turn, Unreadable

__all__ = ["DataCipher", "KeyError_", "OutcomeWrite", "Reminder", "Reschedule", "StorageError", "Store",
           "StoredSession", "Turn", "Unreadable", "check_key_place", "open_database", "resolve_key"]
