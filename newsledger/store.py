"""The store: one DuckDB file holding articles, their records, stories and rejections.

The only module with SQL in it. The schema is created and migrated on first use (`MIGRATIONS`,
versioned in the `meta` table). Writes are transactions: an article and all its records land
together or not at all, so an interrupted ingest resumes by skipping ids already stored.
Rows are bulk-loaded through Arrow (DuckDB's `executemany` is slow: DEPENDENCIES.md).

Each record table keeps flat columns to filter on plus the full record as JSON (`record`), so
the contract of `model.to_dict` can be rebuilt without loss.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from .errors import StoreError
from .model import Analysis, Article, Rejection
from .store_annotations import Annotating
from .store_copies import copies_of, save_copies
from .store_rows import rows_for
from .store_stories import StoryTables
from .store_stories import page as _page

SCHEMA_VERSION = 4

# (before, after) callables run around a read-write open of a file, given its real path: DuckDB
# refuses a read-write connection beside a read-only one in the same process, so this process's
# held readers (store_reader.HeldReader registers them) step aside until the writer closes.
WRITE_OPEN_HOOKS: list[tuple[Callable[[str], None], Callable[[str], None]]] = []

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE IF NOT EXISTS articles (
        id VARCHAR PRIMARY KEY, external_id VARCHAR, title VARCHAR, outlet VARCHAR,
        published DATE, url VARCHAR, source VARCHAR, language VARCHAR, text VARCHAR,
        words INTEGER, ingested_at TIMESTAMP);
    CREATE TABLE IF NOT EXISTS actors (
        id VARCHAR PRIMARY KEY, name VARCHAR, kind VARCHAR, country VARCHAR,
        provisional BOOLEAN, record JSON);
    CREATE TABLE IF NOT EXISTS mentions (
        article_id VARCHAR, actor_id VARCHAR, text VARCHAR, via VARCHAR, acts_for VARCHAR,
        sentence INTEGER, start_char INTEGER, end_char INTEGER);
    CREATE TABLE IF NOT EXISTS places (
        article_id VARCHAR, name VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE,
        precision VARCHAR, gazetteer_id VARCHAR, sentence INTEGER, start_char INTEGER,
        end_char INTEGER);
    CREATE TABLE IF NOT EXISTS events (
        id VARCHAR PRIMARY KEY, article_id VARCHAR, plover VARCHAR, mode VARCHAR,
        cameo VARCHAR, acled_type VARCHAR, acled_subtype VARCHAR, trigger VARCHAR,
        status VARCHAR, certainty VARCHAR, source_ids VARCHAR[], target_ids VARCHAR[],
        other_ids VARCHAR[], place VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE,
        date_start DATE, date_end DATE, date_precision VARCHAR, own_voice BOOLEAN,
        chain VARCHAR, sentence INTEGER, start_char INTEGER, end_char INTEGER,
        story_id VARCHAR, record JSON);
    CREATE TABLE IF NOT EXISTS claims (
        id VARCHAR PRIMARY KEY, article_id VARCHAR, speaker VARCHAR, speaker_actor_id VARCHAR,
        cue VARCHAR, kind VARCHAR, quoted BOOLEAN, sentence INTEGER, start_char INTEGER,
        end_char INTEGER, record JSON);
    CREATE TABLE IF NOT EXISTS markers (
        article_id VARCHAR, category VARCHAR, text VARCHAR, neutral VARCHAR,
        target_actor_id VARCHAR, sentence INTEGER, start_char INTEGER, end_char INTEGER,
        record JSON);
    CREATE TABLE IF NOT EXISTS attributions (
        article_id VARCHAR, chain VARCHAR, cue VARCHAR, own_voice BOOLEAN,
        scope_start INTEGER, scope_end INTEGER, record JSON);
    CREATE TABLE IF NOT EXISTS stories (
        id VARCHAR PRIMARY KEY, plover VARCHAR, date_start DATE, date_end DATE,
        outlets VARCHAR[], events INTEGER, record JSON, updated_at TIMESTAMP);
    CREATE TABLE IF NOT EXISTS rejections (
        source VARCHAR, reason VARCHAR, detail VARCHAR, rejected_at TIMESTAMP);
    """,
    # syndicated copies: the same text carried by another outlet (newsledger.store_copies);
    # the ids stories had before a fusion or a rename, so old links still find them; the
    # text as given, when normalising changed it: the records' offsets index it (rows stored
    # before have none, and their offsets index `text`, as they always did)
    2: """
    CREATE TABLE IF NOT EXISTS copies (
        article_id VARCHAR, outlet VARCHAR, published DATE, url VARCHAR, title VARCHAR,
        source VARCHAR, ingested_at TIMESTAMP);
    CREATE TABLE IF NOT EXISTS story_aliases (old_id VARCHAR PRIMARY KEY, story_id VARCHAR);
    ALTER TABLE articles ADD COLUMN IF NOT EXISTS original VARCHAR;
    """,
    # loaded words in speakers' own words (quotes, reported statements), with the speaker:
    # theirs, kept apart from the outlet's markers (articles stored before have none)
    3: """
    CREATE TABLE IF NOT EXISTS speaker_markers (
        article_id VARCHAR, speaker VARCHAR, category VARCHAR, text VARCHAR, neutral VARCHAR,
        target_actor_id VARCHAR, sentence INTEGER, start_char INTEGER, end_char INTEGER,
        record JSON);
    """,
    # analysts' corrections beside the machine's records, never over them (store_annotations);
    # an undo is a row of its own pointing at the one it undoes
    4: """
    CREATE TABLE IF NOT EXISTS annotations (
        id BIGINT PRIMARY KEY, kind VARCHAR, record_id VARCHAR, article_id VARCHAR,
        field VARCHAR, old JSON, new JSON, who VARCHAR, made_at TIMESTAMP, undoes BIGINT,
        note VARCHAR);
    """,
}

def _cause(exc: duckdb.Error) -> str:
    """DuckDB's message on one line, without its multi-line hints."""
    return " ".join(str(exc).split())[:300]


def _hint(exc: duckdb.Error) -> str:
    text = str(exc).lower()
    if "lock" in text:
        return " (another newsledger process holds it; wait for it to finish)"
    if "checksum" in text or "corrupt" in text or "not a valid" in text or "truncated" in text:
        return "; the file is damaged: restore it from a copy, or ingest into a new --db"
    return ""


class Store(StoryTables, Annotating):
    """A DuckDB file of articles and their records; `with Store(path) as store: ...`."""

    def __init__(self, path: str | Path = "newsledger.duckdb", read_only: bool = False) -> None:
        self.path = str(path)
        self._stepped_aside: str | None = None
        if not read_only and self.path != ":memory:":
            self._stepped_aside = os.path.realpath(self.path)
            for before, _ in WRITE_OPEN_HOOKS:
                before(self._stepped_aside)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            self._resume_readers()
            raise StoreError(f"{self.path}: cannot open the database: {_cause(exc)}{_hint(exc)}"
                             ) from exc
        try:
            self._check_size()
            if not read_only:
                self._migrate()
            else:
                self.con.execute("SELECT count(*) FROM meta").fetchone()
        except duckdb.Error as exc:
            self.close()
            raise StoreError(f"{self.path}: the store is damaged or not a newsledger database "
                             f"({_cause(exc)}); restore it from a copy, or ingest into a new "
                             "--db") from exc

    @classmethod
    def on(cls, con: duckdb.DuckDBPyConnection, path: str | Path) -> Store:
        """A store over a connection already open on `path` (a cursor of the server's held
        reader, newsledger.store_reader); nothing is checked or migrated."""
        store = cls.__new__(cls)
        store.path, store.con, store._stepped_aside = str(path), con, None
        return store

    def _check_size(self) -> None:
        """A truncated file opens, and fails only on the first read of a lost block: compare
        its size with the blocks its header lists (three 4 KiB header blocks, then data)."""
        if self.path == ":memory:" or not os.path.isfile(self.path):
            return
        row = self.con.execute("SELECT block_size, used_blocks FROM pragma_database_size() "
                               "WHERE database_name = current_database()").fetchone()
        if row is None:
            return
        # used, not total: a checkpoint cuts free blocks off the file's end, and the header
        # still counts them (seen while an ingest commits between reads)
        expected = 3 * 4096 + row[0] * row[1]
        size = os.path.getsize(self.path)
        if size < expected:
            self.close()
            raise StoreError(f"{self.path}: the store is damaged: the file is truncated "
                             f"({size:,} of {expected:,} bytes); restore it from a copy, or "
                             "ingest into a new --db")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()
        self._resume_readers()

    def _resume_readers(self) -> None:
        path, self._stepped_aside = self._stepped_aside, None
        if path is not None:
            for _, after in WRITE_OPEN_HOOKS:
                after(path)

    # -- schema ---------------------------------------------------------------------------

    def _migrate(self) -> None:
        with contextlib.suppress(duckdb.CatalogException):  # a current store: no write at all
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                                   ).fetchone()
            if row and row[0] == str(SCHEMA_VERSION):
                return
        self.con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        current = int(row[0]) if row else 0
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {current} is newer than this newsledger "
                f"understands ({SCHEMA_VERSION}); upgrade newsledger"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            try:
                self.con.execute("BEGIN TRANSACTION")
                self.con.execute(MIGRATIONS[version])
                self.con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)]
                )
                self.con.execute("COMMIT")
            except duckdb.Error as exc:
                self.con.execute("ROLLBACK")
                raise StoreError(
                    f"{self.path}: migration to schema {version} failed: {exc}"
                ) from exc

    # -- writes ---------------------------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """The ids among `ids` already stored."""
        wanted = list(set(ids))
        if not wanted:
            return set()
        rows = self.con.execute(
            "SELECT id FROM articles WHERE list_contains(?, id)", [wanted]
        ).fetchall()
        return {r[0] for r in rows}

    def save_copies(self, articles: list[Article]) -> int:
        """Record stored texts carried by another outlet as copies (`store_copies`); return
        how many were new."""
        if not articles:
            return 0
        try:
            self.con.execute("BEGIN TRANSACTION")
            n = save_copies(self.con, articles)
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"{self.path}: could not record copies: {exc}") from exc
        return n

    def save(self, analysis: Analysis) -> bool:
        """Store one analysed article with all its records; False if it was already stored."""
        return self.save_many([analysis]) == 1

    def save_many(self, analyses: list[Analysis]) -> int:
        """Store analysed articles in one transaction; return how many were new."""
        known = self.known_ids(a.article.id for a in analyses)
        fresh: dict[str, Analysis] = {}
        for analysis in analyses:
            if analysis.article.id not in known:
                fresh.setdefault(analysis.article.id, analysis)
        if not fresh:
            return 0
        tables = rows_for(list(fresh.values()))
        try:
            self.con.execute("BEGIN TRANSACTION")
            for table, rows in tables.items():
                if rows:
                    self._bulk_insert(table, rows)
            self._update_stories(list(fresh.values()))
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(
                f"{self.path}: could not store {len(fresh)} article(s): {exc}"
            ) from exc
        return len(fresh)

    def _bulk_insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        columns = list(rows[0])
        arrow = pa.Table.from_pylist(rows)
        self.con.register("_incoming", arrow)
        try:
            cols = ", ".join(columns)
            if table == "actors":
                # Actors are shared across articles: keep the first definition seen.
                self.con.execute(
                    f"INSERT INTO actors ({cols}) SELECT DISTINCT ON (id) {cols} FROM _incoming "
                    "WHERE id NOT IN (SELECT id FROM actors)"
                )
            elif table == "rejections":
                # A re-run over the same inputs must not list the same bad file twice.
                self.con.execute(
                    f"INSERT INTO rejections ({cols}) SELECT {cols} FROM _incoming i "
                    "WHERE NOT EXISTS (SELECT 1 FROM rejections r WHERE r.source = i.source "
                    "AND r.reason = i.reason)"
                )
            else:
                self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _incoming")
        finally:
            self.con.unregister("_incoming")

    def save_rejections(self, rejections: list[Rejection]) -> None:
        if not rejections:
            return
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        rows = [{"source": r.source, "reason": r.reason, "detail": r.detail, "rejected_at": now}
                for r in rejections]
        self.con.execute("BEGIN TRANSACTION")
        self._bulk_insert("rejections", rows)
        self.con.execute("COMMIT")

    # -- reads ----------------------------------------------------------------------------

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        """Rows of a read query as dicts (JSON columns decoded)."""
        try:
            cursor = self.con.execute(sql, params or [])
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: query failed: {exc}") from exc
        names = [d[0] for d in cursor.description]
        return [_decode(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]

    def counts(self) -> dict[str, int]:
        tables = ("articles", "actors", "events", "claims", "markers", "stories", "rejections")
        # events: the machine's and those analysts added (store_ledger)
        out = {t: self.con.execute(
            f"SELECT count(*) FROM {self._events_table() if t == 'events' else t} e"
        ).fetchone()[0] for t in tables}
        if self._has_annotations():
            out["annotations"] = self.con.execute("SELECT count(*) FROM annotations"
                                                  ).fetchone()[0]
        return out

    def articles(self, outlet: str | None = None, limit: int | None = None,
                 offset: int = 0) -> list[dict[str, Any]]:
        where, params = ("WHERE outlet ILIKE ?", [outlet]) if outlet else ("", [])
        events = self._events_table()  # with the events analysts added (store_ledger)
        sql = (
            "SELECT a.id, a.external_id, a.title, a.outlet, a.published, a.url, a.source, "
            "a.words, a.ingested_at, coalesce(ev.n, 0) AS events, "
            "(SELECT count(*) FROM markers m WHERE m.article_id = a.id) AS markers "
            f"FROM articles a LEFT JOIN (SELECT e.article_id, count(*) AS n FROM {events} e "
            f"GROUP BY e.article_id) ev ON ev.article_id = a.id {where} "
            "ORDER BY a.published NULLS LAST, a.ingested_at, a.id"
        )
        return self.query(sql + _page(limit, offset), params)

    def actors(self, kind: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """Canonical actors with mention counts and the names each outlet used (pronouns and
        other back-references are not names, so they are not counted)."""
        from .extract.actor_forms import NAMING_VIA

        where, params = ("WHERE ac.kind = ?", [kind]) if kind else ("", [])
        params = [sorted(NAMING_VIA), *params]
        sql = (
            "WITH forms AS ("
            "  SELECT m.actor_id, coalesce(a.outlet, '(unknown outlet)') AS outlet, m.text, "
            "         m.via, count(*) AS n "
            "  FROM mentions m JOIN articles a ON a.id = m.article_id "
            "  WHERE list_contains(?, m.via) GROUP BY ALL), "
            "by_outlet AS ("
            "  SELECT actor_id, outlet, sum(n) AS n, "
            "         list(text || CASE WHEN via IN ('name', 'alias') THEN '' "
            "                           ELSE ' [' || via || ']' END "
            "              || ' (' || n || ')' ORDER BY n DESC, text) AS forms "
            "  FROM forms GROUP BY actor_id, outlet) "
            "SELECT ac.id, ac.name, ac.kind, ac.country, ac.provisional, "
            "       coalesce(sum(b.n), 0)::INTEGER AS mentions, "
            "       list({'outlet': b.outlet, 'mentions': b.n, 'forms': b.forms} "
            "            ORDER BY b.n DESC) FILTER (WHERE b.outlet IS NOT NULL) AS outlets "
            f"FROM actors ac LEFT JOIN by_outlet b ON b.actor_id = ac.id {where} "
            "GROUP BY ac.id, ac.name, ac.kind, ac.country, ac.provisional "
            "ORDER BY mentions DESC, ac.id"
        )
        return self.query(sql + _page(limit, offset), params)

    def markers(self, article: str | None = None, category: str | None = None,
                outlet: str | None = None, limit: int | None = None,
                offset: int = 0) -> list[dict[str, Any]]:
        conditions, params = [], []
        if article:
            conditions.append("m.article_id LIKE ?")
            params.append(f"{article}%")
        if category:
            conditions.append("m.category = ?")
            params.append(category)
        if outlet:
            conditions.append("a.outlet ILIKE ?")
            params.append(f"%{outlet}%")
        where = "WHERE " + " AND ".join(conditions) if conditions else ""
        sql = (
            "SELECT m.article_id, a.outlet, m.category, m.text, m.neutral, m.target_actor_id, "
            "m.sentence, m.start_char, m.end_char FROM markers m "
            f"JOIN articles a ON a.id = m.article_id {where} "
            "ORDER BY m.article_id, m.start_char"
        )
        return self._judged_markers(self.query(sql + _page(limit, offset), params))

    def claims(self, article: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        where, params = ("WHERE c.article_id LIKE ?", [f"{article}%"]) if article else ("", [])
        sql = (
            "SELECT c.id, c.article_id, a.outlet, c.speaker, c.speaker_actor_id, c.cue, c.kind, "
            "c.quoted, c.sentence, c.start_char, c.end_char, c.record FROM claims c "
            f"JOIN articles a ON a.id = c.article_id {where} ORDER BY c.article_id, c.start_char"
        )
        return self.query(sql + _page(limit, offset), params)

    def rejections(self, reason: str | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE reason = ?", [reason]) if reason else ("", [])
        return self.query(f"SELECT source, reason, detail, rejected_at FROM rejections {where} "
                          "ORDER BY rejected_at, source", params)

    def article_ids(self, prefix: str) -> list[str]:
        rows = self.con.execute("SELECT id FROM articles WHERE id LIKE ? ORDER BY id",
                                [f"{prefix}%"]).fetchall()
        return [r[0] for r in rows]

    def analysis(self, article_id: str) -> dict[str, Any] | None:
        """The stored records of one article in the `Analysis.to_dict` shape, plus the text
        their offsets index (`text`: the article as given; the normalised text in stores
        written before schema 2)."""
        ids = self.article_ids(article_id)
        if len(ids) != 1:
            return None
        aid = ids[0]
        # a schema-1 store opened read-only has no `original`
        original = self.con.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'articles' "
            "AND column_name = 'original'").fetchone()[0]
        text = "coalesce(original, text)" if original else "text"
        article = self.query(
            "SELECT id, external_id, title, outlet, published, url, source, language, "
            f"{text} AS text FROM articles WHERE id = ?", [aid])[0]
        actor_rows = self.query(
            "SELECT ac.record FROM actors ac WHERE ac.id IN "
            "(SELECT DISTINCT actor_id FROM mentions WHERE article_id = ?) ORDER BY ac.id", [aid])
        mentions = self.query(
            "SELECT actor_id, text, via, acts_for, sentence, start_char, end_char FROM mentions "
            "WHERE article_id = ? ORDER BY start_char", [aid])
        actors = []
        for row in actor_rows:
            actor = row["record"]
            actor["mentions"] = [m for m in mentions if m["actor_id"] == actor["id"]]
            actors.append(actor)

        def records(table: str) -> list[Any]:
            order = "start_char" if table != "attributions" else "scope_start"
            return [r["record"] for r in self.query(
                f"SELECT record FROM {table} WHERE article_id = ? ORDER BY {order}", [aid])]

        places = self.query(
            "SELECT name, country, lat, lon, precision, gazetteer_id, sentence, start_char, "
            "end_char FROM places WHERE article_id = ? ORDER BY start_char", [aid])
        # a store of schema 2 opened read-only has no speaker_markers table
        speakers = self.con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'speaker_markers'"
        ).fetchone()[0]
        return self._corrected_analysis({
            "id": article["external_id"] or aid,
            "article": article,
            "actors": actors,
            "events": records("events"),
            "claims": records("claims"),
            "markers": records("markers"),
            "speaker_markers": records("speaker_markers") if speakers else [],
            "places": places,
            "attributions": records("attributions"),
            "copies": copies_of(self.con, aid),
        })

    def iter_events(self, batch: int = 5000, **filters: Any) -> Iterator[dict[str, Any]]:
        """All matching events, fetched in pages so exports stay flat in memory."""
        return paged(self.events, batch, **filters)


def paged(fetch: Any, batch: int, **filters: Any) -> Iterator[dict[str, Any]]:
    """Every row `fetch(limit=, offset=, **filters)` gives, a page of `batch` at a time."""
    offset = 0
    while True:
        rows = fetch(limit=batch, offset=offset, **filters)
        yield from rows
        if len(rows) < batch:
            return
        offset += batch


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    if isinstance(row.get("record"), str):
        row["record"] = json.loads(row["record"])
    return row
