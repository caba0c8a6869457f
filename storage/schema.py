"""The database schema: every migration, in order, in one place (sqlite-utils ``Migrations``).

A migration's name is recorded in the database once applied: never rename or edit one that has
shipped; add a new one at the end.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("img_rad_bot")


@migrations()
def m001_core(db: Database) -> None:
    """Users, per-user dialog state (answers sealed), and a key check."""
    db.table("meta").create({"key": str, "value": bytes}, pk="key")
    db.table("users").create(
        {"chat_id": int, "created_at": str, "last_seen": str, "status": str}, pk="chat_id"
    )
    db.table("sessions").create(
        {"chat_id": int, "state": str, "data": bytes, "updated_at": str}, pk="chat_id"
    )


@migrations()
def m002_reminders(db: Database) -> None:
    """Scheduled reminders, one row per user, milestone and due time."""
    db.table("reminders").create(
        {"chat_id": int, "milestone": str, "due_at": str, "status": str, "attempts": int,
         "next_try": str, "claimed_at": str, "sent_at": str, "error": str},
        pk=("chat_id", "milestone", "due_at"), defaults={"status": "pending", "attempts": 0},
        not_null={"status", "attempts"},
    )
    db.table("reminders").create_index(["status", "due_at"], index_name="reminders_due")


@migrations()
def m003_update_ids(db: Database) -> None:
    """The last Telegram update applied per user: a redelivered update (after a crash) is skipped."""
    db.table("sessions").add_column("last_update", int)


@migrations()
def m004_applied_updates(db: Database) -> None:
    """Telegram updates already applied, by a fingerprint of the update itself (not its id alone:
    ids restart after a quiet week or a restarted Bot API server). Kept two days, then pruned."""
    db.table("applied_updates").create({"key": str, "chat_id": int, "at": str}, pk="key")
    db.table("applied_updates").create_index(["at"], index_name="applied_updates_at")


@migrations()
def m005_sealed_milestones(db: Database) -> None:
    """Which milestone a reminder is for is sealed; the milestone column becomes a per-user keyed tag
    (existing rows are sealed at the next start, when the key is known)."""
    db.table("reminders").add_column("what", bytes)


@migrations()
def m006_keyed_rows(db: Database) -> None:
    """Rows keyed by a keyed hash of the chat id (``uid``), never the id itself: an id that was a key
    stays in the file's index pages after its rows are deleted. The chat id is sealed in ``users.chat``
    (reminders need it to send). The old tables are kept as ``legacy_*`` until the next start moves
    their rows (the key is needed to hash and seal)."""
    for table in ("users", "sessions", "reminders", "applied_updates"):
        if db.table(table).exists():
            db.execute(f"alter table [{table}] rename to [legacy_{table}]")
    db.execute("drop index if exists reminders_due")
    db.execute("drop index if exists applied_updates_at")
    db.table("users").create({"uid": int, "chat": bytes, "created_at": str, "last_seen": str, "status": str}, pk="uid")
    db.table("sessions").create({"uid": int, "state": str, "data": bytes, "updated_at": str}, pk="uid")
    db.table("reminders").create(
        {"uid": int, "tag": str, "due_at": str, "what": bytes, "status": str, "attempts": int,
         "next_try": str, "claimed_at": str, "sent_at": str, "error": str},
        pk=("uid", "tag", "due_at"), defaults={"status": "pending", "attempts": 0},
        not_null={"status", "attempts"},
    )
    db.table("reminders").create_index(["status", "due_at"], index_name="reminders_due")
    db.table("applied_updates").create({"key": str, "uid": int, "at": str}, pk="key")
    db.table("applied_updates").create_index(["at"], index_name="applied_updates_at")


@migrations()
def m007_inbox(db: Database) -> None:
    """Updates as received, before Telegram is told they arrived: a kill -9 between receiving and
    handling one loses nothing (it is handled at the next start). ``key`` is a keyed tag of the
    update's fingerprint; ``payload`` the update, sealed, cleared once handled; handled rows are kept
    two days so a redelivery is recognised, then pruned."""
    db.table("inbox").create({"seq": int, "key": str, "received_at": str, "payload": bytes, "handled_at": str},
                       pk="seq")
    db.table("inbox").create_index(["key"], index_name="inbox_key", unique=True)
    db.table("inbox").create_index(["handled_at"], index_name="inbox_handled")


#: Tables that hold rows about one user, keyed by ``uid``: what /mydata exports and /delete erases.
USER_TABLES: tuple[str, ...] = ("users", "sessions", "reminders", "applied_updates")
#: Tables of an earlier version, moved into the keyed tables at the first start with the key.
LEGACY_TABLES: tuple[str, ...] = tuple(f"legacy_{t}" for t in USER_TABLES)
