"""What the files and the logs give away: one story per finding of the second hardening pass."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.fernet import Fernet

from storage import Reschedule, Store, Unreadable

NOW = datetime(2026, 12, 6, 9, tzinfo=timezone.utc)


def encodings(chat_id: int) -> list[bytes]:
    """Every way SQLite (or a careless caller) could write an id: text in UTF-8 and UTF-16, big- and
    little-endian integers of the widths SQLite records use, and SQLite's varint (rowids in index pages)."""
    text = str(chat_id)
    out = [text.encode(), text.encode("utf-16-le"), text.encode("utf-16-be")]
    width = (chat_id.bit_length() + 8) // 8
    for n in sorted({width, 6, 8}):
        if chat_id < 1 << (8 * n - 1):
            out += [chat_id.to_bytes(n, "big"), chat_id.to_bytes(n, "little")]
    varint, v = [], chat_id
    varint.append(v & 0x7F)
    v >>= 7
    while v:
        varint.append(0x80 | (v & 0x7F))
        v >>= 7
    out.append(bytes(reversed(varint)))
    return out


def raw_files(db_path) -> bytes:
    return b"".join(p.read_bytes() for p in db_path.parent.iterdir() if p.name.startswith(db_path.name))


def test_after_delete_no_page_of_a_many_user_file_holds_the_deleted_ids(tmp_path):
    """Fifty of 5,000 users (Telegram ids of six bytes, as real ids are) send /delete: no trace of their
    ids stays in the database, its -wal or its -shm, in any encoding, not even in the index pages that
    SQLite keeps after the rows themselves are gone."""
    rng = random.Random(2026)
    ids = rng.sample(range(2**40, 2**47), 5000)
    path = tmp_path / "db" / "bot.db"
    store = Store.open(path, Fernet.generate_key())
    store.bulk_save(((c, {"answers": {"visa": "j1_ok"}, "state": "visa"}) for c in ids),
                    ((c, "match_day", NOW + timedelta(days=90)) for c in ids[::3]))
    for c in ids[:200]:  # some users also took turns: the applied-update and reminder tables hold them too
        store.save(c, {"answers": {"visa": "h1b_only"}}, update_key=f"u{c}",
                   reschedule=Reschedule((("eras_opens", NOW + timedelta(days=30)),)))
    gone = ids[::100]
    for c in gone:
        assert store.delete_user(c) > 0
    left = raw_files(path)
    found = [c for c in gone for form in encodings(c) if form in left]
    assert found == [], f"{len(set(found))} of {len(gone)} deleted ids still in the file"
    kept = ids[1]
    assert store.load(kept) is not None and store.reminders.for_user(kept)  # the others are untouched


def test_a_users_row_copied_into_another_users_place_is_refused(tmp_path):
    """Someone with write access to the file copies Ana's sealed session (and her reminder) over Bob's:
    the bot refuses the copied row instead of showing Bob Ana's answers or sending him her reminder."""
    path = tmp_path / "bot.db"
    store = Store.open(path, Fernet.generate_key())
    ana, bob = 1001, 1002
    store.save(ana, {"answers": {"visa": "j1_ok", "step2_ck_score": 251}},
               reschedule=Reschedule((("match_day", NOW - timedelta(minutes=5)),)))
    store.save(bob, {"answers": {"visa": "no_visa_needed"}})
    conn = sqlite3.connect(path)
    ana_uid, bob_uid = store.uid(ana), store.uid(bob)
    with conn:
        [(data,)] = conn.execute("select data from sessions where uid = ?", [ana_uid]).fetchall()
        conn.execute("update sessions set data = ? where uid = ?", [data, bob_uid])
        conn.execute("update reminders set uid = ? where uid = ?", [bob_uid, ana_uid])  # her reminder, now Bob's
    conn.close()
    with pytest.raises(Unreadable):
        store.load(bob)
    assert store.load(ana).data["answers"]["step2_ck_score"] == 251  # the original still opens
    assert store.reminders.claim_due(NOW, NOW - timedelta(days=3)) == []  # never sent to anyone
    [row] = store.reminders.db.execute("select status from reminders").fetchall()
    assert row[0] == "failed"


def test_a_chat_id_sealed_for_one_user_does_not_open_as_another_users(tmp_path):
    """A users row's sealed chat id swapped between two users: reminders for either go nowhere rather
    than to the other person."""
    path = tmp_path / "bot.db"
    store = Store.open(path, Fernet.generate_key())
    for chat in (1, 2):
        store.save(chat, {}, reschedule=Reschedule((("match_day", NOW - timedelta(minutes=1)),)))
    conn = sqlite3.connect(path)
    with conn:
        rows = conn.execute("select uid, chat from users").fetchall()
        conn.execute("update users set chat = ? where uid = ?", [rows[1][1], rows[0][0]])
        conn.execute("update users set chat = ? where uid = ?", [rows[0][1], rows[1][0]])
    conn.close()
    assert store.reminders.claim_due(NOW, NOW - timedelta(days=3)) == []


def test_a_database_of_the_earlier_version_is_moved_to_keyed_rows_at_start(tmp_path):
    """A file written before rows were keyed by a hash (chat ids in clear, values sealed unbound) opens
    with its users' answers, state and reminders intact, and no longer holds their ids."""
    import json
    import os

    from storage.crypto import DataCipher
    from storage.db import connect
    from storage.schema import migrations

    key = Fernet.generate_key()
    path = tmp_path / "bot.db"
    db = connect(path)
    migrations.apply(db, stop_before="m006_keyed_rows")  # the earlier version's schema
    cipher = DataCipher(key)
    gcm = cipher._gcm  # noqa: SLF001: seal as the earlier version did (no place bound)

    def seal_v1(value: object) -> bytes:
        nonce = os.urandom(12)
        return b"\x01" + nonce + gcm.encrypt(nonce, json.dumps(value).encode(), b"\x01")

    chat = 246_813_579_024
    db["meta"].insert({"key": "key_check", "value": seal_v1("img-rad-bot key check v1")})
    db["users"].insert({"chat_id": chat, "created_at": "c", "last_seen": "s", "status": "active"})
    db["sessions"].insert({"chat_id": chat, "state": "visa", "data": seal_v1({"answers": {"research": "none"}}),
                           "updated_at": "u"})
    due = (NOW + timedelta(days=3)).isoformat(timespec="seconds")
    db["reminders"].insert({"chat_id": chat, "milestone": cipher.tag(f"{chat}:match_day"), "due_at": due,
                            "status": "pending", "attempts": 0, "what": seal_v1("match_day")})
    db["applied_updates"].insert({"key": "abc", "chat_id": chat, "at": "a"})
    db.conn.close()

    store = Store.open(path, key)
    loaded = store.load(chat)
    assert loaded is not None and loaded.state == "visa" and loaded.data["answers"] == {"research": "none"}
    assert [r["milestone"] for r in store.reminders.for_user(chat)] == ["match_day"]
    tables = {r[0] for r in store.db.execute("select name from sqlite_master where type = 'table'")}
    assert not any(t.startswith("legacy_") for t in tables)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert not any(form in raw_files(path) for form in encodings(chat))
