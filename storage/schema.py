"""The database schema and every upgrade of stored data, in order, in one place.

Two kinds: the SQL migrations (sqlite-utils ``Migrations``; each name is recorded in the database
once applied: never rename or edit one that has shipped, add a new one at the end), and the
upgrades of the stored session, which is sealed, so they run when the store opens with the key
(``storage.store.Store.upgrade_sessions``): one step per format, from the first release's.
"""

from __future__ import annotations

from typing import Any, Callable

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


@migrations()
def m008_keyed_rows(db: Database) -> None:
    """Rows keyed by a keyed hash of the chat id (``uid``), never the id itself: an id that was a key
    stays in the file's index pages after its rows are deleted. The chat id is sealed in ``users.chat``
    (reminders need it to send). The old tables are kept as ``legacy_*`` until the store opens with
    the key, which moves their rows (hashing and sealing need it: ``Store.move_legacy``)."""
    for table in LEGACY_TABLES:
        if db.table(table).exists():
            db.execute(f"alter table [{table}] rename to [legacy_{table}]")
    db.execute("drop index if exists reminders_due")
    db.execute("drop index if exists applied_updates_at")
    db.table("users").create({"uid": int, "chat": bytes, "created_at": str, "last_seen": str, "status": str},
                             pk="uid")
    db.table("sessions").create({"uid": int, "state": str, "data": bytes, "updated_at": str}, pk="uid")
    db.table("reminders").create(
        {"uid": int, "tag": str, "due_at": str, "what": bytes, "status": str, "attempts": int,
         "next_try": str, "claimed_at": str, "sent_at": str, "error": str, "kind": str},
        pk=("uid", "tag", "due_at"), defaults={"status": "pending", "attempts": 0},
        not_null={"status", "attempts"},
    )
    db.table("reminders").create_index(["status", "due_at"], index_name="reminders_due")
    db.table("applied_updates").create({"key": str, "uid": int, "at": str}, pk="key")
    db.table("applied_updates").create_index(["at"], index_name="applied_updates_at")
    db.table("plan_versions").create({"uid": int, "version": str}, pk="uid")
    db.table("rule_notices").create({"uid": int, "version": str, "notice": bytes, "created_at": str,
                                     "seen_at": str}, pk=("uid", "version"))
    db.table("outcomes").create({"uid": int, "data": bytes, "updated_at": str}, pk="uid", not_null={"data"})


@migrations()
def m009_inbox(db: Database) -> None:
    """Updates as received, before Telegram is told they arrived: a kill -9 between receiving and
    handling one loses nothing (it is handled at the next start). ``key`` is a keyed tag of the
    update's fingerprint; ``payload`` the update, sealed, cleared once handled; handled rows are kept
    two days so a redelivery is recognised, then pruned."""
    db.table("inbox").create({"seq": int, "key": str, "received_at": str, "payload": bytes, "handled_at": str},
                             pk="seq")
    db.table("inbox").create_index(["key"], index_name="inbox_key", unique=True)
    db.table("inbox").create_index(["handled_at"], index_name="inbox_handled")


@migrations()
def m010_reply_due(db: Database) -> None:
    """A turn's replies not yet known to be sent: the turn's own transaction sets ``reply_due`` (a tag of
    the session it saved), the bot clears it once the replies went out; a start finds the users whose
    replies a kill -9 cut off, and shows them where they are."""
    db.table("users").add_column("reply_due", str)


@migrations()
def m011_inbox_waiting(db: Database) -> None:
    """The inbox's index covers only the updates still waiting (a handled update leaves it, and one
    handled before its batch commits never enters it): start-up reads them in the order received; the
    handled ones are pruned by the order received (``Store.prune_applied``), which needs no index."""
    db.execute("drop index if exists inbox_handled")
    db.execute("create index inbox_waiting on inbox (seq) where handled_at is null")


#: Tables that hold rows about one user, keyed by ``uid``: what /mydata exports and /delete erases.
USER_TABLES: tuple[str, ...] = ("users", "sessions", "reminders", "applied_updates", "plan_versions",
                                "rule_notices", "outcomes")
#: The same tables as an earlier version kept them (keyed by the chat id), until their rows are moved.
LEGACY_TABLES: tuple[str, ...] = USER_TABLES


# --------------------------------------------------------------------------- the stored session's format

#: The format of the stored session that the bot reads (``dialogs.session.VERSION``; a test keeps them equal).
SESSION_VERSION = 3
_V1_MODES = ("tz_input", "hour_input", "pick", "drafting", "answering")


def _v1_to_v2(data: dict[str, Any], state_column: str | None) -> dict[str, Any]:
    """Version 1 kept where the user was in a clear column (``state_column``) and the coaching mode, the
    typed setting and the draft in nested dicts; version 2 has them all in the sealed value."""
    out = {k: v for k, v in data.items() if k in ("answers", "complete", "editing", "resume_at", "confirm", "prefs",
                                                  "timeline_since", "ticks", "checks")}
    out["v"], out["state"] = 2, state_column or "idle"
    out["shown"] = state_column  # a question stored before this field existed was on the user's screen
    coach = data.get("coach") or {}
    mode = data.get("settings_input") or coach.get("state")
    if mode in _V1_MODES:
        out["mode"] = mode
    if any(coach.get(k) for k in ("parts", "specialty", "question")):
        out["draft"] = {k: coach.get(k) for k in ("specialty", "parts", "question", "from_file")}
    if coach.get("asked"):
        out["practice_asked"] = coach["asked"]
    return out


def _v2_to_v3(data: dict[str, Any], state_column: str | None) -> dict[str, Any]:
    """Version 3 keeps each flow's state in its own part: the statement check and interview practice
    (``coach``), reminder settings and ticks (``timeline``), the program list (``program_list``)."""
    parts = {"coach": {"draft": "draft", "practice_asked": "practice_asked", "checks": "checks"},
             "timeline": {"prefs": "prefs", "timeline_since": "started", "ticks": "ticks"},
             "program_list": {"programs": "programs", "program_seq": "seq", "program_edit": "edit",
                              "pending_import": "pending_import"}}
    moved = {old for fields in parts.values() for old in fields}
    out = {k: v for k, v in data.items() if k not in moved}
    out["v"] = 3
    for key, fields in parts.items():
        part = {new: data[old] for old, new in fields.items() if data.get(old) is not None}
        if part:
            out[key] = part
    return out


#: Version n's stored session -> version n + 1.
SESSION_STEPS: dict[int, Callable[[dict[str, Any], str | None], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3}


def upgrade_session(data: dict[str, Any], state_column: str | None = None) -> dict[str, Any]:
    """A stored session, in the format of any release, in the current format (``data`` itself when it is
    already current). ``state_column`` is the clear state column version 1 used."""
    version = data.get("v") or 1
    while version < SESSION_VERSION:
        data = SESSION_STEPS[version](data, state_column)
        version = data["v"]
    return data
