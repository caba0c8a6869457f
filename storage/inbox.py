"""The inbox: Telegram updates kept as received, before Telegram is told they arrived, until handled.

A getUpdates batch is kept in one transaction; on the event loop's connection it is held open for the
batch's first turn, which commits it with its own writes (``Inbox.receive_many``'s ``hold``). Part of
``Store`` (a base class of it), apart for its size.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from datetime import datetime, timezone
from typing import Any

from sqlite_utils import Database

from storage.crypto import DataCipher, KeyError_
from storage.db import BUSY_SECONDS, Connections, StorageError, busy, undone_on_error
from storage.reminders import iso

log = logging.getLogger(__name__)

_second: tuple[int, str] = (-1, "")  # the last second written out by ``utcnow``, and its text


def utcnow() -> str:
    """Now, in UTC, to the second (ISO 8601); written out once a second (a turn asks twice)."""
    global _second
    second = int(time.time())
    last = _second  # (one read: another thread may replace it meanwhile)
    if last[0] != second:
        last = _second = (second, datetime.fromtimestamp(second, timezone.utc).isoformat(timespec="seconds"))
    return last[1]



class Inbox:
    """Updates as received (``inbox``), and the fingerprints of those applied another way
    (``applied_updates``): a redelivered update is recognised; a kill -9 loses none."""

    def __init__(self, connections: Connections, cipher: DataCipher):
        self.connections = connections
        self.cipher = cipher
        self._tags: dict[str, str] = {}  # recent updates' stored fingerprints (``_update_tag``: three a turn)
        # updates received on the event loop's connection whose transaction is still open (``hold``), and
        # updates whose open transaction was lost (rolled back by a failed statement) and are to be kept again
        self._held: list[tuple[str, dict[str, Any]]] = []
        self._lost: list[tuple[str, dict[str, Any]]] = []
        self._lost_lock = threading.Lock()
        # of the held batch: the new updates' fingerprints, when it was received, and when each of those
        # handled in its transaction was (their rows are written at the commit, ``commit_received``)
        self._held_tags: set[str] = set()
        self._held_at = ""
        self._marked: dict[str, str] = {}

    @property
    def db(self) -> Database:
        """This thread's connection."""
        return self.connections.get()

    def _update_tag(self, update_key: str) -> str:
        """An update's fingerprint as stored: keyed, so it cannot be tried against guessed chat ids.
        Remembered for the last updates (kept, begun, saved: each asks)."""
        tag = self._tags.get(update_key)
        if tag is None:
            tag = self.cipher.tag(f"update:{update_key}")
            if len(self._tags) >= 1024:
                self._tags.clear()
            self._tags[update_key] = tag
        return tag

    def applied(self, update_key: str) -> bool:
        """Was this Telegram update applied (or handled) already (a redelivery after a crash)?"""
        key = self._update_tag(update_key)
        return bool(self.db.execute("select exists(select 1 from applied_updates where key = ?) or exists(select 1 "
                                    "from inbox where key = ? and handled_at is not null)", [key, key]).fetchone()[0])

    def prune_applied(self, before: datetime) -> int:
        """Forget applied updates older than ``before``, and handled ones received before it (Telegram
        redelivers for at most a day); an update still waiting stays."""
        with self.db.atomic():
            gone = self.db.execute("delete from applied_updates where at < ?", [iso(before)]).rowcount
            return gone + self.db.execute("delete from inbox where seq < ? and handled_at is not null",
                                          [self._received_since(iso(before))]).rowcount

    def _received_since(self, when: str) -> int:
        """The first place in the inbox (``seq``) of the updates received at ``when`` or later: the inbox is
        in the order received, so a binary search over it finds it (a few lookups by ``seq``)."""
        first, last = self.db.execute("select min(seq), max(seq) from inbox").fetchone()
        if first is None:
            return 0
        lo, hi = first, last + 1  # the answer is in [lo, hi]; hi = past the end: nothing received since
        while lo < hi:
            mid = (lo + hi) // 2
            received = self.db.execute("select received_at from inbox where seq >= ? order by seq limit 1",
                                       [mid]).fetchone()[0]  # (mid <= last: there is one)
            if received >= when:
                hi = mid
            else:
                lo = mid + 1
        return int(lo)

    def receive(self, update_key: str, update: dict[str, Any], wait: bool = True) -> bool | None:
        """Keep an update as received (sealed), before Telegram is told it arrived; False when it was
        received before (a redelivery: already handled, or waiting to be). ``wait=False`` is the event
        loop's call: on its own connection, which never waits for a lock (``Connections.nowait``); None,
        nothing written, when another writer holds the database (keep it again from a worker thread)."""
        return self.receive_many([(update_key, update)], wait)[0]

    def receive_many(self, updates: list[tuple[str, dict[str, Any]]], wait: bool = True,
                     hold: bool = False) -> list[bool | None]:
        """Keep a batch of updates (a getUpdates answer) as ``receive`` does, in one transaction: all
        kept, or none. Returns, for each, whether it was new (None for all when ``wait=False`` found
        the database held by another writer).

        ``hold`` (with ``wait=False``, the event loop's call for a getUpdates batch): the transaction is
        left open, holding the write lock, so that the batch's first turn made on the loop commits it
        with its own writes (``commit_received``): one commit where there were two. Until then nothing
        is kept: the caller commits it before Telegram is told the batch arrived (the next getUpdates).
        A batch held before is committed first; one whose transaction was lost is kept with this one."""
        db = self.db if wait else self.connections.nowait()
        if db is None:
            return [None] * len(updates)
        if db is self.connections.nowait():  # (the loop's own: the only one that holds a batch)
            self.commit_received()
        with self._lost_lock:  # (a worker thread keeps them when the loop's connection found the database busy)
            lost, self._lost = self._lost, []
        kept = None
        try:
            kept = self._receive(db, [*lost, *updates], hold and not wait)
        finally:
            if kept is None:  # nothing written: still to be kept
                with self._lost_lock:
                    self._lost[:0] = lost
        return [None] * len(updates) if kept is None else list(kept[len(lost):])

    def _receive(self, db: Database, updates: list[tuple[str, dict[str, Any]]], hold: bool) -> list[bool] | None:
        now, tags = utcnow(), [self._update_tag(k) for k, _ in updates]
        conn = db.conn
        try:
            conn.execute("begin immediate")  # the write lock first: a busy database changes nothing
            with undone_on_error(conn):
                if hold:
                    kept = self._hold(conn, updates, tags, now)
                else:
                    kept = [conn.execute("insert or ignore into inbox (key, received_at, payload) values (?, ?, ?)",
                                         [tag, now, self.cipher.seal(u, f"inbox.payload:{tag}")]).rowcount == 1
                            for tag, (_, u) in zip(tags, updates)]
                    conn.execute("commit")
            return kept
        except sqlite3.DatabaseError as exc:
            if db is self.connections.nowait() and busy(exc):
                return None
            raise StorageError(f"Could not save to the database: {exc}") from exc

    def _hold(self, conn: sqlite3.Connection, updates: list[tuple[str, dict[str, Any]]], tags: list[str],
              now: str) -> list[bool]:
        """``receive_many``'s ``hold``, in the transaction just begun, holding the write lock: which updates
        are new (none of them written yet). Their rows are written at the commit (``commit_received``), each
        as it then is: handled, with nothing of its content kept, when a turn handled it in the transaction
        (the usual case), else sealed and waiting. A batch with nothing new commits at once."""
        kept: list[bool] = []
        for tag in tags:
            kept.append(tag not in tags[:len(kept)] and
                        conn.execute("select 1 from inbox where key = ?", [tag]).fetchone() is None)
        if not any(kept):
            conn.execute("commit")
            return kept
        self._held = [item for item, new in zip(updates, kept) if new]
        self._held_tags, self._held_at, self._marked = {t for t, new in zip(tags, kept) if new}, now, {}
        return kept

    def _in_held_batch(self, tag: str) -> bool:
        """Is this update one of the held batch's new ones, on the connection that holds it?"""
        return bool(self._held) and tag in self._held_tags and self.db is self.connections.nowait()

    def holding(self) -> bool:
        """Is a received batch's transaction open on the event loop's connection (``receive_many``'s
        ``hold``)? What is written there meanwhile commits with it."""
        db = self.connections.nowait()
        return bool(self._held) and db is not None and db.conn.in_transaction

    def commit_received(self) -> bool:
        """Commit the batch ``receive_many`` holds, with whatever was written since in its transaction (the
        turn made on the event loop). True when nothing is held any more; False when its transaction was
        lost (a failed statement rolled it back): the batch is kept again by the next ``receive_many``
        (``lost``). A commit that fails raises StorageError (the batch is kept again likewise)."""
        if not self._held:
            return True
        db = self.connections.nowait()
        if db is None or not db.conn.in_transaction:
            self._lose_held()
            return False
        try:
            rows = [(tag, self._held_at, None, self._marked[tag]) if tag in self._marked else
                    (tag, self._held_at, self.cipher.seal(update, f"inbox.payload:{tag}"), None)
                    for tag, update in ((self._update_tag(k), u) for k, u in self._held)]
            insert = "insert or ignore into inbox (key, received_at, payload, handled_at) values (?, ?, ?, ?)"
            if len(rows) == 1:
                db.conn.execute(insert, rows[0])
            else:
                db.conn.executemany(insert, rows)
            db.conn.execute("commit")
        except sqlite3.DatabaseError as exc:
            if db.conn.in_transaction:
                db.conn.execute("rollback")
            self._lose_held()
            raise StorageError(f"Could not save to the database: {exc}") from exc
        self._held = []
        return True

    def _lose_held(self) -> None:
        with self._lost_lock:
            self._lost += self._held
        self._held = []

    def _drop_lost(self, tag: str) -> None:
        """An update whose held transaction was lost was handled meanwhile: not to be kept as waiting."""
        if self._lost:
            with self._lost_lock:
                self._lost = [(k, u) for k, u in self._lost if self._update_tag(k) != tag]

    def lost(self) -> bool:
        """Are there updates whose held transaction was lost, still to be kept (by ``receive_many``)?"""
        return bool(self._lost)

    def waiting(self) -> list[dict[str, Any]]:
        """Updates received but not handled (the process stopped first), in the order received."""
        out = []
        for key, payload in self.db.execute("select key, payload from inbox where handled_at is null "
                                            "order by seq").fetchall():
            try:
                out.append(self.cipher.open(payload, f"inbox.payload:{key}"))
            except KeyError_:
                self.handled(key, tagged=True)  # damaged: nothing can be done with it
        return out

    def handled(self, update_key: str, tagged: bool = False, wait: bool = True) -> bool:
        """An update was handled (its turn ended, whatever it wrote): its payload goes. Writes only when it
        is still waiting (a turn that wrote marked it in its own transaction). ``wait=False``: when
        another writer holds the database, write nothing and return False (mark it later); True once
        the update is marked (or was not waiting)."""
        key = update_key if tagged else self._update_tag(update_key)
        db = self.db
        if self._in_held_batch(key):  # (its row is written handled when the batch commits)
            self._marked[key] = utcnow()
            return True
        if db.execute("select 1 from inbox where key = ? and handled_at is null", [key]).fetchone() is None:
            self._drop_lost(key)
            return True
        toggle = not wait and self.connections.waits(db)  # (the loop's own connection never waits anyway)
        try:
            if toggle:
                db.execute("PRAGMA busy_timeout = 0")
            try:
                with db.atomic():
                    self._handled(key, utcnow())
            finally:
                if toggle:
                    db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        except sqlite3.DatabaseError as exc:
            if not wait and busy(exc):
                return False
            raise StorageError(f"Could not save to the database: {exc}") from exc
        return True

    def _handled(self, key: str, now: str) -> int:
        """Mark a waiting update handled (its payload goes); how many rows that changed (0 or 1)."""
        return int(self.db.conn.execute("update inbox set payload = null, handled_at = ? where key = ? and "
                                        "handled_at is null", [now, key]).rowcount)
