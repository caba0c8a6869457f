"""The ``outcomes`` table: one row per user who shared a Match outcome, the record sealed.

Written in the user's own turn (``Store.save(..., outcome=...)``, the same transaction as the
session), read whole by the counts (``python -m bot outcomes``, the plan's "People like you"),
exported by /mydata and erased by /delete like every row about a user (``schema.USER_TABLES``).
Nothing about the outcome is in clear: the row's key is the user's ``uid`` (a keyed hash of the chat
id), as in every user table, and the record is sealed for that row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Protocol

from sqlite_utils import Database

BATCH = 5_000


class Sealer(Protocol):
    def seal(self, value: Any, place: str) -> bytes: ...

    def open(self, token: bytes, place: str) -> Any: ...

    def uid(self, chat_id: int) -> int: ...


def outcome_place(uid: int) -> str:
    return f"outcomes.data:{uid}"


@dataclass(frozen=True)
class OutcomeWrite:
    """What a turn does to the user's row: store ``data`` (sealed), or remove the row (``data`` None)."""

    data: dict[str, Any] | None


class OutcomeRows:
    """Queries on the ``outcomes`` table; ``write`` joins the caller's transaction."""

    def __init__(self, db: Callable[[], Database], sealer: Sealer):
        self._db = db
        self.sealer = sealer

    @property
    def db(self) -> Database:
        return self._db()

    def write(self, uid: int, change: OutcomeWrite, now: str) -> None:
        """The user's row (by ``uid``), in the caller's transaction."""
        with self.db.atomic():
            if change.data is None:
                self.db.execute("delete from outcomes where uid = ?", [uid])
            else:
                self.db.execute("insert into outcomes (uid, data, updated_at) values (?, ?, ?) "
                                "on conflict(uid) do update set data = excluded.data, updated_at = excluded.updated_at",
                                [uid, self.sealer.seal(change.data, outcome_place(uid)), now])

    def get(self, chat_id: int) -> dict[str, Any] | None:
        uid = self.sealer.uid(chat_id)
        row = self.db.execute("select data from outcomes where uid = ?", [uid]).fetchone()
        return dict(self.sealer.open(row[0], outcome_place(uid))) if row else None

    def all(self) -> Iterator[dict[str, Any]]:
        """Every stored outcome, opened, in batches (a snapshot: read in one transaction)."""
        with self.db.atomic():
            after = -(2**63)
            while rows := self.db.execute("select uid, data from outcomes where uid > ? order by uid "
                                          "limit ?", [after, BATCH]).fetchall():
                for uid, data in rows:
                    yield dict(self.sealer.open(data, outcome_place(uid)))
                after = rows[-1][0]

    def count(self, written_before: str | None = None) -> int:
        """How many rows (written before an ISO date or time, when given)."""
        if written_before is None:
            return int(self.db.execute("select count(*) from outcomes").fetchone()[0])
        return int(self.db.execute("select count(*) from outcomes where updated_at < ?",
                                   [written_before]).fetchone()[0])

    def bulk_insert(self, rows: Iterable[tuple[int, dict[str, Any]]], now: str) -> None:
        """Many rows at once (benchmarks and load tests), one transaction."""
        with self.db.atomic():
            self.db.conn.executemany("insert into outcomes (uid, data, updated_at) values (?, ?, ?)",
                                     ((u, self.sealer.seal(d, outcome_place(u)), now)
                                      for u, d in ((self.sealer.uid(c), d) for c, d in rows)))
