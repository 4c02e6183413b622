"""Damaged stores: `check` says whether a store is sound, `salvage` copies what can be read.

`check` opens the file read-only, reads the schema version, counts every table and reads each
one through (every column of every row, so every block is touched). `salvage` reads each table
whole, and where that fails in slices of `SLICE` rows by rowid, keeping every slice that reads,
and loads what it got into a new store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from .errors import StoreError

TABLES = ("meta", "articles", "actors", "mentions", "places", "events", "claims", "markers",
          "attributions", "stories", "rejections", "copies", "story_aliases", "speaker_markers",
          "annotations")
# tables a later schema added: a store of an older schema has none, and lacks nothing
SINCE_SCHEMA = {"copies": 2, "story_aliases": 2, "speaker_markers": 3, "annotations": 4}
SLICE = 100


def _cause(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


@dataclass
class TableReport:
    table: str
    rows: int | None = None  # rows read (None: not readable)
    error: str | None = None


@dataclass
class CheckReport:
    path: str
    schema: str | None = None
    tables: list[TableReport] = field(default_factory=list)
    error: str | None = None

    @property
    def sound(self) -> bool:
        return self.error is None and all(t.error is None for t in self.tables)

    def lines(self) -> list[str]:
        out = [f"{self.path}: " + ("sound" if self.sound else "DAMAGED")
               + (f", schema version {self.schema}" if self.schema else "")]
        if self.error:
            out.append(f"  {self.error}")
        for t in self.tables:
            out.append(f"  {t.table:<13} " + (f"{t.rows:>9,} rows read" if t.error is None
                                               else f"unreadable: {t.error}"))
        return out


def _connect(path: str | Path) -> duckdb.DuckDBPyConnection:
    if not Path(path).is_file():
        raise StoreError(f"{path}: no such database file")
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise StoreError(f"{path}: cannot open the database: {_cause(exc)}") from exc


def check(path: str | Path) -> CheckReport:
    """Whether the store at `path` opens and every table reads through."""
    report = CheckReport(str(path))
    try:
        con = _connect(path)
    except StoreError as exc:
        report.error = str(exc).removeprefix(f"{path}: ")
        return report
    try:
        try:
            from .store import Store

            Store(path, read_only=True).close()  # its own checks (truncation, meta)
        except StoreError as exc:
            report.error = _cause(exc).removeprefix(f"{path}: ")
        report.schema = _schema(con)
        for table in TABLES:
            if not _in_schema(table, report.schema):
                continue
            entry = TableReport(table)
            try:
                reader = con.sql(f"SELECT * FROM {table}").to_arrow_reader(10_000)
                entry.rows = sum(batch.num_rows for batch in reader)
            except duckdb.Error as exc:
                entry.error = _cause(exc)
            report.tables.append(entry)
    finally:
        con.close()
    return report


@dataclass
class SalvageReport:
    copied: dict[str, int] = field(default_factory=dict)
    lost: dict[str, str] = field(default_factory=dict)  # table -> what could not be read

    def line(self) -> str:
        got = ", ".join(f"{n:,} {t}" for t, n in self.copied.items() if t != "meta")
        lost = "; ".join(f"{t}: {why}" for t, why in self.lost.items())
        return f"salvaged {got}" + (f"; lost {lost}" if lost else "; nothing lost")


def _schema(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    except duckdb.Error:
        return None
    return rows[0][0] if rows else None


def _in_schema(table: str, schema: str | None) -> bool:
    """Whether a store of `schema` has `table` (unknown schema: expect every table)."""
    since = SINCE_SCHEMA.get(table, 1)
    return schema is None or not schema.isdigit() or int(schema) >= since


def _read(con: duckdb.DuckDBPyConnection, table: str) -> tuple[list[object], str | None]:
    """The readable rows of `table` as Arrow batches, and what could not be read."""
    try:
        return [con.sql(f"SELECT * FROM {table}").to_arrow_table()], None
    except duckdb.Error as first:
        whole = _cause(first)
    try:
        top = con.execute(f"SELECT max(rowid) FROM {table}").fetchall()[0][0]
    except duckdb.Error:
        return [], whole
    parts, bad = [], 0
    for start in range(0, (top or 0) + 1, SLICE):
        try:
            parts.append(con.sql(f"SELECT * FROM {table} WHERE rowid >= {int(start)} "
                                 f"AND rowid < {int(start + SLICE)}").to_arrow_table())
        except duckdb.Error:
            bad += 1
    return parts, (f"{bad} slice(s) of up to {SLICE} rows ({whole})" if bad else None)


def salvage(source: str | Path, target: str | Path) -> SalvageReport:
    """Copy every readable row of every table of `source` into a new store at `target`."""
    from .store import Store

    if Path(target).exists():
        raise StoreError(f"{target}: already exists; salvage into a new file")
    con = _connect(source)
    report = SalvageReport()
    try:
        with Store(target) as out:
            schema = _schema(con)
            for table in TABLES[1:]:
                if not _in_schema(table, schema):
                    continue
                parts, lost = _read(con, table)
                if lost:
                    report.lost[table] = lost
                n = 0
                for part in parts:
                    if part.num_rows:
                        out.con.register("_salvaged", part)
                        try:
                            # by name: a store of an older schema lacks later columns
                            out.con.execute(
                                f"INSERT INTO {table} BY NAME SELECT * FROM _salvaged")
                        finally:
                            out.con.unregister("_salvaged")
                        n += part.num_rows
                report.copied[table] = n
    finally:
        con.close()
    return report
