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
def m006_rule_notices(db: Database) -> None:
    """Rule-change notices (CONTRACTS §9): the rule files of each knowledge version still needed to compare
    plans with, the version each user's plan was last compared under while a comparison is under way
    (afterwards everyone is at ``meta.rules_baseline``), each user's notices (sealed), and a ``kind``
    column that keeps notices in the reminder queue apart from the timeline's reminders."""
    db.table("knowledge_versions").create({"version": str, "files": bytes, "recorded_at": str}, pk="version")
    db.table("plan_versions").create({"chat_id": int, "version": str}, pk="chat_id")
    db.table("rule_notices").create({"chat_id": int, "version": str, "notice": bytes, "created_at": str,
                                     "seen_at": str}, pk=("chat_id", "version"))
    db.table("reminders").add_column("kind", str)


@migrations()
def m007_match_outcomes(db: Database) -> None:
    """Match outcomes users chose to share (CONTRACTS §10): one row per user, the record sealed."""
    db.table("outcomes").create({"chat_id": int, "data": bytes, "updated_at": str}, pk="chat_id",
                                not_null={"data"})


#: Tables that hold rows about one user, keyed by ``chat_id``: what /mydata exports and /delete erases.
USER_TABLES: tuple[str, ...] = ("users", "sessions", "reminders", "applied_updates", "plan_versions",
                                "rule_notices", "outcomes")
#: Columns that hold sealed (encrypted) JSON.
SEALED_COLUMNS = frozenset({"data", "what", "notice"})
