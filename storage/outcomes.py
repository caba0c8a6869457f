"""The ``outcomes`` table: one row per user who shared a Match outcome, the record sealed.

Written in the user's own turn (``Store.save(..., outcome=...)``, the same transaction as the
session), read whole by the counts (``python -m bot outcomes``, the plan's "People like you"),
exported by /mydata and erased by /delete like every row about a user (``schema.USER_TABLES``).
Nothing about the outcome is in clear: the row's key is the chat id, as in every user table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Protocol

from sqlite_utils import Database

BATCH = 5_000


class Sealer(Protocol):
    def seal(self, value: Any) -> bytes: ...

    def open(self, token: bytes) -> Any: ...


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

    def write(self, chat_id: int, change: OutcomeWrite, now: str) -> None:
        with self.db.atomic():
            if change.data is None:
                self.db.execute("delete from outcomes where chat_id = ?", [chat_id])
            else:
                self.db.execute("insert into outcomes (chat_id, data, updated_at) values (?, ?, ?) "
                                "on conflict(chat_id) do update set data = excluded.data, "
                                "updated_at = excluded.updated_at", [chat_id, self.sealer.seal(change.data), now])

    def get(self, chat_id: int) -> dict[str, Any] | None:
        row = self.db.execute("select data from outcomes where chat_id = ?", [chat_id]).fetchone()
        return dict(self.sealer.open(row[0])) if row else None

    def all(self) -> Iterator[dict[str, Any]]:
        """Every stored outcome, opened, in batches (a snapshot: read in one transaction)."""
        with self.db.atomic():
            after = -(2**63)
            while rows := self.db.execute("select chat_id, data from outcomes where chat_id > ? order by chat_id "
                                          "limit ?", [after, BATCH]).fetchall():
                for _, data in rows:
                    yield dict(self.sealer.open(data))
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
            self.db.conn.executemany("insert into outcomes (chat_id, data, updated_at) values (?, ?, ?)",
                                     ((c, self.sealer.seal(d), now) for c, d in rows))
