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
    migrations.apply(db, stop_before="m008_keyed_rows")  # the earlier version's schema
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
    db["rule_notices"].insert({"chat_id": chat, "version": "v1", "notice": seal_v1({"version": "v1"}),
                               "created_at": "n"})
    db["outcomes"].insert({"chat_id": chat, "data": seal_v1({"result": "matched_dr"}), "updated_at": "o"})
    db.conn.close()

    store = Store.open(path, key)
    loaded = store.load(chat)
    assert loaded is not None and loaded.data["state"] == "visa" and loaded.data["answers"] == {"research": "none"}
    assert [r["milestone"] for r in store.reminders.for_user(chat)] == ["match_day"]
    assert store.notices.notice(chat, "v1") == {"version": "v1"}
    assert store.outcomes.get(chat) == {"result": "matched_dr"}
    tables = {r[0] for r in store.db.execute("select name from sqlite_master where type = 'table'")}
    assert not any(t.startswith("legacy_") for t in tables)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert not any(form in raw_files(path) for form in encodings(chat))


# --------------------------------------------------------------------------- 6. user text in the log

NAMES = {"Devanagari": "अपोलो अस्पताल रेडियोलॉजी", "Chinese": "北京协和医院放射科", "Bengali": "ঢাকা মেডিকেল কলেজ",
         "Thai": "โรงพยาบาลศิริราช"}


def pdf_with_next_interview(program: str) -> bytes:
    from datetime import date

    from bot import exports
    from dialogs.plan_view import plan_for
    from knowledge.answers import validate_answers
    from knowledge.base import load_knowledge
    from knowledge.programs import Program
    from tests.examples import answers

    kb = load_knowledge()
    plan = plan_for(validate_answers(answers()), kb, date(2026, 11, 30))
    return exports.plan_pdf(kb, plan, [Program(program, "diagnostic_radiology", "advanced",
                                               status="interview_scheduled", interview_date=date(2027, 1, 12),
                                               key="p1")])


@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_program_named_in_another_script_is_printed_and_never_logged(script, caplog):
    """Priya's list has a program she named in her own script: the PDF shows the name (a font that has
    the script is embedded) and no library logs a word of it, at any level."""
    import io
    import logging

    from pypdf import PdfReader

    name = NAMES[script]
    with caplog.at_level(logging.DEBUG):
        data = pdf_with_next_interview(name)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [r for r in caplog.records if any(ch in r.getMessage() for ch in name if ch != " ")]
    reader = PdfReader(io.BytesIO(data))
    fonts = {str(f.get_object().get("/BaseFont")) for p in reader.pages
             for f in (p["/Resources"]["/Font"].values())}
    assert any(("Noto" in f or "Droid" in f) for f in fonts), fonts
    if script in ("Chinese", "Thai"):  # scripts without conjuncts read back exactly
        assert name in reader.pages[0].extract_text()


def test_a_character_no_font_has_is_drawn_as_a_placeholder_not_logged(caplog):
    """A program named in Korean (no shipped font has Hangul): the PDF shows a placeholder for each
    letter instead of dropping them, and nothing is logged."""
    import io
    import logging

    from pypdf import PdfReader

    with caplog.at_level(logging.DEBUG):
        data = pdf_with_next_interview("서울대 Radiology")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or "서" in r.getMessage()]
    assert "□□□ Radiology" in PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_at_debug_the_pdf_libraries_write_nothing_to_the_log(capsys):
    """An operator runs with LOG_LEVEL=DEBUG: making a PDF adds no line to the log (fontTools wrote
    dozens per PDF, into the console conversation too; fpdf listed the characters a font lacked)."""
    import logging
    import sys

    from bot import logs

    logs.configure("DEBUG", [])
    try:
        capsys.readouterr()
        pdf_with_next_interview("Mercy ⟁⟁ " + NAMES["Bengali"])
        err = capsys.readouterr().err
    finally:
        logging.getLogger().handlers[:] = []
        logging.getLogger().setLevel(logging.WARNING)
        sys.excepthook = sys.__excepthook__
    assert "fontTools" not in err and "fpdf" not in err and "⟁" not in err


async def test_an_update_telegram_sends_that_cannot_be_read_is_not_written_to_the_log(tmp_path, capsys):
    """Telegram (or a broken Bot API server) sends an update python-telegram-bot cannot parse: its
    CRITICAL line says so without the update, which holds what the user wrote."""
    import logging
    import sys

    from bot import logs
    from tests.conftest import Harness, make_runtime

    h = Harness(make_runtime(tmp_path))
    h.fake.updates.append({"update_id": 5, "message": {"message_id": 1, "date": 1, "chat": "not a chat",
                                                       "text": "my unmistakable secret draft"}})
    logs.configure("DEBUG", [])
    try:
        async with h.app:
            capsys.readouterr()
            with pytest.raises(TypeError):
                await h.app.bot.get_updates()
        err = capsys.readouterr().err
    finally:
        logging.getLogger().handlers[:] = []
        logging.getLogger().setLevel(logging.WARNING)
        sys.excepthook = sys.__excepthook__
    assert "Error while parsing updates" in err and "withheld" in err
    assert "unmistakable" not in err
