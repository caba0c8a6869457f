"""The FAQ full-text index: an FTS5 table (porter stemming) built with sqlite-utils."""

from __future__ import annotations

from typing import Any, Callable

from sqlite_utils import Database

COLUMNS = ("question", "phrasings", "keywords", "short", "more")
WEIGHTS = (4.0, 4.0, 3.0, 1.0, 0.5)  # bm25 weight per column, in COLUMNS order
CACHED_WORDS = 4096  # per-word lookups kept in memory


class SqliteFaqIndex:
    """Build once per knowledge-base version; query with plain words only."""

    def __init__(self, db: Database | Callable[[], Database]):
        self._db = db if callable(db) else (lambda: db)  # this thread's connection
        self._words: frozenset[str] | None = None
        self._asks: list[tuple[int, str, tuple[int, ...]]] | None = None
        self._size: int | None = None
        self._answers: dict[str, frozenset[str]] | None = None
        # per-word lookups: the index only changes on rebuild, and users reuse the same few hundred words
        self._matching: dict[str, dict[str, float]] = {}
        self._asks_with: dict[str, frozenset[int]] = {}

    @property
    def db(self) -> Database:
        return self._db()

    def rebuild_if_changed(self, rows: list[dict[str, Any]], digest: str) -> bool:
        current = self.db.execute("select value from meta where key = 'faq_digest'").fetchone()
        if current and current[0] == digest.encode() and self.db.table("faq_fts").exists():
            return False
        with self.db.atomic():
            if self.db.table("faq_fts").exists():
                self.db.table("faq").disable_fts()
            self.db.table("faq").drop(ignore=True)
            self.db.table("faq").insert_all(({k: v for k, v in r.items() if k != "asks"} for r in rows), pk="id")
            self.db.table("faq").enable_fts(list(COLUMNS), tokenize="porter", create_triggers=False)
            # one row per way of asking, so an entry can be found by its single closest phrasing
            if self.db.table("faq_ask_fts").exists():
                self.db.table("faq_ask").disable_fts()
            self.db.table("faq_ask").drop(ignore=True)
            self.db.table("faq_ask").insert_all(({"entry": r["id"], "text": text} for r in rows
                                           for text in r["asks"]), pk=None)
            self.db.table("faq_ask").enable_fts(["text"], tokenize="porter", create_triggers=False)
            self.db.table("meta").insert({"key": "faq_digest", "value": digest.encode()}, replace=True)
        self._words = None
        self._asks = None
        self._size = None
        self._answers = None
        self._matching, self._asks_with = {}, {}
        return True

    @staticmethod
    def _match(terms: list[str]) -> str:
        # every term is [a-z0-9]+ (knowledge.faq.query_terms); quoting makes each a plain word
        return " OR ".join(f'"{t}"' for t in terms if t.isalnum())

    def ranked(self, terms: list[str], limit: int) -> list[tuple[str, float]]:
        expression = self._match(terms)
        if not expression:
            return []
        weights = ", ".join(str(w) for w in WEIGHTS)
        sql = (f"select faq.id, bm25(faq_fts, {weights}) as score from faq_fts "
               f"join faq on faq.rowid = faq_fts.rowid where faq_fts match ? order by score limit ?")
        return [(row[0], row[1]) for row in self.db.execute(sql, [expression, limit]).fetchall()]

    def closest_asks(self, terms: list[str]) -> dict[str, float]:
        """Entry id -> bm25 of its single best-matching phrasing (more negative = better)."""
        expression = self._match(terms)
        if not expression:
            return {}
        sql = ("select faq_ask.entry, bm25(faq_ask_fts) from faq_ask_fts "
               "join faq_ask on faq_ask.rowid = faq_ask_fts.rowid where faq_ask_fts match ?")
        best: dict[str, float] = {}
        for entry, score in self.db.execute(sql, [expression]).fetchall():
            best[entry] = min(score, best.get(entry, 0.0))
        return best

    def matching(self, term: str) -> dict[str, float]:
        """Entries containing ``term``: 1.0 where it is in the question, phrasings or keywords,
        0.5 where it is only in the answer text."""
        if term not in self._matching:
            self._remember(self._matching, term, self._matching_now(term))
        return self._matching[term]

    @staticmethod
    def _remember(cache: dict[str, Any], term: str, value: Any) -> None:
        if len(cache) >= CACHED_WORDS:
            cache.clear()  # a burst of odd words (typos, pasted text) never grows it without bound
        cache[term] = value

    def _matching_now(self, term: str) -> dict[str, float]:
        expression = self._match([term])
        if not expression:
            return {}
        sql = "select faq.id from faq_fts join faq on faq.rowid = faq_fts.rowid where faq_fts match ?"
        found = {row[0]: 0.5 for row in self.db.execute(sql, [expression]).fetchall()}
        if found:
            head = "{question phrasings keywords} : " + expression
            found.update({row[0]: 1.0 for row in self.db.execute(sql, [head]).fetchall()})
        return found

    def asks_with(self, term: str) -> frozenset[int]:
        """The ways of asking (row ids of the one-row-per-phrasing table) that contain ``term``."""
        if term not in self._asks_with:
            expression = self._match([term])
            rows = frozenset(r[0] for r in self.db.execute(
                "select rowid from faq_ask_fts where faq_ask_fts match ?", [expression]).fetchall()) \
                if expression else frozenset()
            self._remember(self._asks_with, term, rows)
        return self._asks_with[term]

    def ask_rows(self, skip: frozenset[str]) -> list[tuple[int, str, tuple[int, ...]]]:
        """Every way of asking as (row id, entry, how many entries contain each of its words), the words
        in ``skip`` (stop words) left out; stemmed as the index stems them (porter). Read once."""
        if self._asks is None:
            db = self.db
            db.execute("create virtual table if not exists temp.faq_ask_words "
                       "using fts5vocab(main, faq_ask_fts, 'instance')")
            db.execute("create virtual table if not exists temp.faq_entry_words using fts5vocab(main, faq_fts, 'row')")
            spread = dict(db.execute("select term, doc from temp.faq_entry_words").fetchall())
            skipped = set(self.stems(" ".join(sorted(skip))))
            entry_of = dict(db.execute("select rowid, entry from faq_ask").fetchall())
            words: dict[int, list[str]] = {}
            for row, term in db.execute("select doc, term from temp.faq_ask_words order by doc, offset").fetchall():
                if term not in skipped and term not in words.setdefault(row, []):
                    words[row].append(term)
            self._asks = [(row, entry_of[row], tuple(spread.get(t, 1) for t in terms))
                          for row, terms in words.items()]
        return self._asks

    def stems(self, text: str) -> list[str]:
        """The words of ``text`` as the index stems them (porter), in order."""
        db = self.db
        db.execute("create virtual table if not exists temp.faq_stem using fts5(t, tokenize=porter)")
        db.execute("create virtual table if not exists temp.faq_stem_words using fts5vocab(temp, faq_stem, 'instance')")
        db.execute("delete from temp.faq_stem")
        db.execute("insert into temp.faq_stem(t) values (?)", [text])
        return [r[0] for r in db.execute("select term from temp.faq_stem_words order by offset").fetchall()]

    def words(self) -> frozenset[str]:
        """Every word the indexed entries use (as indexed: canonical, synonyms expanded), read once."""
        if self._words is None:
            rows = self.db.execute(f"select {', '.join(COLUMNS)} from faq").fetchall()
            self._words = frozenset(w for row in rows for text in row for w in (text or "").split())
        return self._words

    def answers(self, entry: str) -> frozenset[str]:
        """The kinds of ask ``entry`` declares it answers (its ``answers``), read once."""
        if self._answers is None:
            self._answers = {e: frozenset((kinds or "").split())
                             for e, kinds in self.db.execute("select id, kinds from faq").fetchall()}
        return self._answers.get(entry, frozenset())

    def size(self) -> int:
        """How many entries are indexed (read once per build: every lookup asks)."""
        if self._size is None:
            self._size = int(self.db.execute("select count(*) from faq").fetchone()[0])
        return self._size
