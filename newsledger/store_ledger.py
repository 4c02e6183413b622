"""The store's reads with analysts' work in them: the one place where the machine's rows and
the rows analysts made meet (the SQL on the `annotations` table that reads; the writes are in
`store_annotations`).

Every listing of events (`Store.events`, and through it `newsledger events`, /api/events, the
web ledger, timeline, map and graph, and `newsledger export`) runs its filters, order and paging
on one relation (`_events_table`): the machine's rows with the active corrections laid over
their filtered columns, plus one row for each event an analyst added (an `added` annotation not
undone). A page's rows then get their full records here (`_corrected_events`); an article's view
gets the same records (`_corrected_analysis`).

An added event is a record like the machine's, marked: `added` true and `human.added` (who,
when, which annotation). What the analyst did not give is set as the machine sets it for an
event its text says no more about: status occurred; the publication date, precision
"reported"; no place. Its confidence is 1.0 (`ADDED_CONFIDENCE`): a person read the words and
said they are this event, and people's judgements are what the model's confidences are
calibrated against, so a min_confidence filter keeps it and the ledger does not ask to check it.
For the same reason a machine event an analyst accepted (its latest verdict `accepted`) is
listed with confidence 1.0; the machine's own stays in its stored record.
Its corrections count from its addition on: one made on an earlier addition of the same words,
since undone, is not carried over to the new one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import duckdb

from .annotations import (
    ADDED,
    COLUMNS,
    added_record,
    apply,
    attribution_id,
    flat_event,
    iso,
    marker_id,
)
from .errors import StoreError
from .store_stories import as_date, page

# an event's calibrated confidence, kept in its record (older stores have none: NULL)
CONFIDENCE = "TRY_CAST(json_extract_string(e.record, '$.confidence') AS DOUBLE)"

# Filter name -> SQL condition on the listed events (e: `_events_table`) and their article
# (a); values are bound as parameters.
EVENT_FILTERS: dict[str, str] = {
    "actor": "(list_contains(e.source_ids, ?) OR list_contains(e.target_ids, ?) "
    "OR list_contains(e.other_ids, ?))",
    "type": "(e.plover = upper(?) OR e.cameo = ?)",
    "status": "e.status = lower(?)",
    "since": "coalesce(e.date_end, e.date_start, a.published) >= ?",
    "until": "coalesce(e.date_start, e.date_end, a.published) <= ?",
    # day, month, year, interval, reported (the publication date stands in), or none
    "precision": "coalesce(e.date_precision, 'none') = lower(?)",
    "place": "(e.place ILIKE ? OR e.country = upper(?))",
    "outlet": "a.outlet ILIKE ?",
    "article": "e.article_id LIKE ?",
    "story": "e.story_id = ?",
    # events without a confidence (made with the models off) are left out by this filter
    "min_confidence": f"{CONFIDENCE} >= ?",
}

ADDED_CONFIDENCE = 1.0  # an added event's confidence: a person's judgement (module docstring)
# an annotation `a` no other annotation undoes, and no undo itself
_LIVE = "a.undoes IS NULL AND NOT EXISTS (SELECT 1 FROM annotations u WHERE u.undoes = a.id)"


class Ledger:
    """The store's reads of annotations (mixed into `store.Store` through
    `store_annotations.Annotating`; the store gives `con`, `path`)."""

    con: duckdb.DuckDBPyConnection
    path: str
    query: Callable[..., list[dict[str, Any]]]  # the store's

    def _has_annotations(self) -> bool:
        # a store of schema 3 opened read-only has no annotations table
        return bool(
            self.con.execute(
                "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'annotations'"
            ).fetchone()[0]
        )

    def active_annotations(self, record_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """record id -> its active annotations, oldest first."""
        ids = sorted(set(record_ids))
        if not ids or not self._has_annotations():
            return {}
        rows = self._annotation_rows(f"list_contains(?, a.record_id) AND {_LIVE}", [ids])
        out: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            out.setdefault(row["record_id"], []).append(row)
        return out

    def _annotation_rows(
        self, where: str, params: list[Any], order: str = "", page: str = ""
    ) -> list[dict[str, Any]]:
        cols = ", ".join(f"a.{c}" for c in COLUMNS)
        rows = self.con.execute(
            f"SELECT {cols}, (a.undoes IS NULL AND NOT EXISTS (SELECT 1 FROM annotations u "
            f"WHERE u.undoes = a.id)) AS active FROM annotations a WHERE {where} "
            f"ORDER BY a.id {order}{page}",
            params,
        ).fetchall()
        out = []
        for row in rows:
            item = dict(zip((*COLUMNS, "active"), row, strict=True))  # `at` is a SQL keyword
            item["old"], item["new"] = _load(item["old"]), _load(item["new"])
            item["at"] = iso(item.pop("made_at"))
            out.append(item)
        return out

    # -- the events every listing shows ---------------------------------------------------------

    def events(
        self, limit: int | None = None, offset: int = 0, **filters: Any
    ) -> list[dict[str, Any]]:
        """Events with their article's outlet and date, filtered by EVENT_FILTERS keys: the
        machine's, corrected, and those analysts added (`_events_table`)."""
        where, params = _where(filters)
        table = self._events_table()
        # the id last: an added event may start where a machine one does, and pages must not
        # share or skip a row
        order = (
            "ORDER BY coalesce(e.date_start, a.published) NULLS LAST, e.article_id, "
            "e.start_char, e.id"
        )
        columns = (
            "SELECT e.id, e.article_id, a.outlet, a.published, e.plover, e.mode, e.cameo, "
            "e.acled_type, e.acled_subtype, e.trigger, e.status, e.certainty, e.source_ids, "
            "e.target_ids, e.other_ids, e.place, e.country, e.lat, e.lon, e.date_start, "
            "e.date_end, e.date_precision, e.own_voice, e.chain, e.sentence, e.start_char, "
            f"e.end_char, e.story_id, {CONFIDENCE} AS confidence, e.record "
        )
        sql = f"{columns}FROM {table} e JOIN articles a ON a.id = e.article_id "
        if not limit:
            return self._corrected_events(
                self.query(f"{sql}{where} {order}{page(limit, offset)}", params)
            )
        # A page in two steps: the ids in order, then the page's rows. Sorting every match
        # with its JSON record took 3 times as long (27 against 9 ms CPU, 10,000 events).
        ids = [
            r["id"]
            for r in self.query(
                f"SELECT e.id FROM {table} e JOIN articles a ON a.id = e.article_id {where} "
                f"{order}{page(limit, offset)}",
                params,
            )
        ]
        if not ids:
            return []
        # the page's rows by id: the corrections are applied to their records below, so the
        # rows need not carry them (a 10,000-event page of 100 took 14 ms with, 4 without)
        bare = _LEDGER_ROWS if table == _LEDGER_EVENTS else table
        rows = self.query(
            f"{columns}FROM {bare} e JOIN articles a ON a.id = e.article_id "
            "WHERE e.id IN (SELECT unnest(?::VARCHAR[]))",
            [ids],
        )
        at = {event_id: n for n, event_id in enumerate(ids)}
        return self._corrected_events(sorted(rows, key=lambda r: at[r["id"]]))

    def count_events(self, **filters: Any) -> int:
        """How many events `events(**filters)` lists without a limit (a listing's total)."""
        where, params = _where(filters)
        table = self._events_table()
        return int(
            self.con.execute(
                f"SELECT count(*) FROM {table} e JOIN articles a ON a.id = e.article_id {where}",
                params,
            ).fetchone()[0]
        )

    def _events_table(self) -> str:
        """The events as listings filter, order and page them: `events` while no analyst has
        annotated anything, else `_LEDGER_EVENTS` (the machine's rows with the corrections
        laid over, and the added events). A corrected or added type has no CAMEO code there
        (the record's follows the type: `annotations.coded`), so a CAMEO filter misses it; a
        corrected place is matched by its name, not its country."""
        if not self._has_annotations():
            return "events"
        if not self.con.execute("SELECT EXISTS (SELECT 1 FROM annotations)").fetchone()[0]:
            return "events"  # the overlay's joins cost every listing a few ms for nothing
        return _LEDGER_EVENTS

    def _corrected_events(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """`Store.events` rows (from `_events_table`) with their full records: the machine's
        with their active corrections applied, an added event's made from its addition. Every
        row says which fields a person set (`human`, [] for none; "added" for an event a
        person added) and the analyst's `verdict` (or None)."""
        notes = self.active_annotations(r["id"] for r in rows)
        out = []
        for row in rows:
            mine = notes.get(row["id"], [])
            adds = [n for n in mine if n["field"] == ADDED and isinstance(n["new"], dict)]
            if adds:
                row = flat_event(row, added_event(adds[-1], row.get("published"), mine))
            elif mine:
                row = flat_event(row, _applied("event", row.get("record") or {}, mine))
                row["confidence"] = row["record"].get("confidence", row.get("confidence"))
            else:
                row.update(verdict=None, human=[])
            out.append(row)
        return out

    def _added_events(self, article_id: str) -> list[dict[str, Any]]:
        """The events analysts added to an article, as records (`added`: True)."""
        if not self._has_annotations():
            return []
        rows = self._annotation_rows(
            f"a.article_id = ? AND a.field = ? AND {_LIVE}", [article_id, ADDED]
        )
        latest = {r["record_id"]: r for r in rows if isinstance(r["new"], dict)}
        if not latest:
            return []
        published = self.con.execute(
            "SELECT published FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        notes = self.active_annotations(latest)
        return [
            added_event(row, published[0] if published else None, notes.get(rid, []))
            for rid, row in latest.items()
        ]

    def _added_record(self, record_id: str) -> dict[str, Any] | None:
        """The event an analyst added with this id, as its addition made it (no later
        corrections); None when there is none (or its addition was undone)."""
        if not self._has_annotations():
            return None
        rows = self._annotation_rows(f"a.record_id = ? AND a.field = ? AND {_LIVE}",
                                     [record_id, ADDED])  # fmt: skip
        rows = [r for r in rows if isinstance(r["new"], dict)]
        if not rows:
            return None
        published = self.con.execute(
            "SELECT published FROM articles WHERE id = ?", [rows[-1]["article_id"]]
        ).fetchone()
        return added_event(rows[-1], published[0] if published else None)

    # -- one article, markers --------------------------------------------------------------------

    def _corrected_analysis(self, found: dict[str, Any]) -> dict[str, Any]:
        """One article's records (`Store.analysis`) with record ids on markers and
        attributions, every record's active corrections applied, and the added events."""
        aid = found["article"]["id"]
        for m in found.get("markers", []):
            ev = m.get("evidence") or {}
            m["id"] = marker_id(aid, ev.get("start", -1), ev.get("end", -1), m.get("category"))
        for a in found.get("attributions", []):
            a["id"] = attribution_id(aid, a.get("scope_start", 0), a.get("scope_end", 0))
        ids = [
            r.get("id") for key in ("events", "markers", "attributions") for r in found.get(key, [])
        ]
        notes = self.active_annotations(i for i in ids if i)
        if notes:
            for key, kind in (
                ("events", "event"),
                ("markers", "marker"),
                ("attributions", "attribution"),
            ):
                found[key] = [_applied(kind, r, notes.get(r.get("id"), [])) for r in found[key]]
        added = self._added_events(aid)
        if added:
            events = [*found.get("events", []), *added]
            found["events"] = sorted(
                events, key=lambda e: (e.get("evidence") or {}).get("start", 0)
            )
        return found

    def _judged_markers(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """`Store.markers` rows with their record id and the analyst's verdict (or None)."""
        for row in rows:
            row["id"] = marker_id(
                row["article_id"], row["start_char"], row["end_char"], row["category"]
            )
        notes = self.active_annotations(r["id"] for r in rows)
        for row in rows:
            row["verdict"] = apply("marker", {}, notes.get(row["id"], [])).get("verdict")
        return rows


def added_event(
    note: dict[str, Any], published: Any, notes: Iterable[dict[str, Any]] = ()
) -> dict[str, Any]:
    """The event an analyst added (its `added` annotation `note`) as the ledger lists it: the
    record `annotations.added_record` makes, dated and scored as the module docstring says,
    with the active annotations among `notes` made after its addition applied."""
    record = added_record(note)
    record["confidence"] = ADDED_CONFIDENCE
    record["evidence"] = {**record["evidence"], "extractor": "analyst"}
    day = iso(published)
    if day:  # as the machine dates an event whose text gives no date
        record["when"] = {"start": day, "end": day, "precision": "reported", "text": "",
                          "basis": "publication"}  # fmt: skip
    later = [n for n in notes if n["id"] > note["id"] and n["field"] != ADDED]
    return apply("event", record, later) if later else record


def _where(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    """The WHERE clause of EVENT_FILTERS `filters` (empty values: no filter), and its
    parameters."""
    conditions, params = [], []
    for name, value in filters.items():
        if value is None or value == "":
            continue
        if name not in EVENT_FILTERS:
            raise StoreError(f"unknown event filter {name!r}; use one of {list(EVENT_FILTERS)}")
        condition = EVENT_FILTERS[name]
        if name in ("outlet", "place"):
            params.extend([f"%{value}%"] + ([value] if name == "place" else []))
        elif name == "article":
            params.append(f"{value}%")
        elif name in ("since", "until"):
            params.append(as_date(value))
        elif name == "min_confidence":
            params.append(float(value))
        else:
            params.extend([value] * condition.count("?"))
        conditions.append(condition)
    return ("WHERE " + " AND ".join(conditions) if conditions else ""), params


def _applied(kind: str, record: dict[str, Any], notes: list[dict[str, Any]]) -> dict[str, Any]:
    """`annotations.apply`, and an accepted event's confidence a person's (module docstring)."""
    out = apply(kind, record, notes)
    if kind == "event" and out.get("verdict") == "accepted":
        out = {**out, "confidence": ADDED_CONFIDENCE}
    return out


def _load(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


# The events as listings see them: the machine's rows and the added events (the latest
# addition of each id). An added event's row: its words, type and actors from the annotation,
# status occurred, the publication date (precision reported); its confidence rides in `record`
# as the machine's does.
_ROWS = f"""WITH live AS (
    SELECT a.id, a.record_id, a.article_id, a.field, a.new FROM annotations a
    WHERE a.kind = 'event' AND {_LIVE}),
  added AS (
    SELECT id AS since, record_id, article_id, new FROM live
    WHERE field = '{ADDED}' AND json_type(new) = 'OBJECT'
    QUALIFY row_number() OVER (PARTITION BY record_id ORDER BY id DESC) = 1),
  rows AS (
    SELECT * FROM events
    UNION ALL BY NAME
    SELECT d.record_id AS id, d.article_id,
      upper(json_extract_string(d.new, '$.type')) AS plover,
      json_extract_string(d.new, '$.text') AS trigger, 'occurred' AS status,
      coalesce(json_transform(json_extract(d.new, '$.source'), '["VARCHAR"]'),
               []::VARCHAR[]) AS source_ids,
      coalesce(json_transform(json_extract(d.new, '$.target'), '["VARCHAR"]'),
               []::VARCHAR[]) AS target_ids,
      []::VARCHAR[] AS other_ids, TRUE AS own_voice,
      ar.published AS date_start, ar.published AS date_end,
      CASE WHEN ar.published IS NOT NULL THEN 'reported' END AS date_precision,
      TRY_CAST(json_extract_string(d.new, '$.start') AS INTEGER) AS start_char,
      TRY_CAST(json_extract_string(d.new, '$.end') AS INTEGER) AS end_char,
      json_object('added', true, 'confidence', {ADDED_CONFIDENCE}) AS record
    FROM added d JOIN articles ar ON ar.id = d.article_id)"""
# the latest active correction of each filtered field of an event (of an added one: made
# since its addition), laid over its row
_FIXED = """  latest AS (
    SELECT l.record_id, l.field, l.new, row_number() OVER
        (PARTITION BY l.record_id, l.field ORDER BY l.id DESC) AS k
    FROM live l LEFT JOIN added d ON d.record_id = l.record_id
    WHERE l.field IN ('type', 'status', 'source', 'target', 'place', 'date', 'verdict')
      AND l.id > coalesce(d.since, 0)),
  fixed AS (
    SELECT record_id,
      max(json_extract_string(new, '$')) FILTER (WHERE field = 'type') AS plover,
      max(json_extract_string(new, '$')) FILTER (WHERE field = 'status') AS status,
      max(json_transform(new, '["VARCHAR"]')) FILTER (WHERE field = 'source') AS source_ids,
      max(json_transform(new, '["VARCHAR"]')) FILTER (WHERE field = 'target') AS target_ids,
      bool_or(field = 'place') AS placed,
      max(json_extract_string(new, '$')) FILTER (WHERE field = 'place') AS place,
      bool_or(field = 'date') AS dated,
      max(json_extract_string(new, '$')) FILTER (WHERE field = 'date') AS day,
      bool_or(field = 'verdict' AND json_extract_string(new, '$') = 'accepted') AS accepted
    FROM latest WHERE k = 1 GROUP BY record_id)"""
_LEDGER_EVENTS = f"""({_ROWS},
{_FIXED}
  SELECT ev.* REPLACE (
    coalesce(f.plover, ev.plover) AS plover,
    CASE WHEN f.plover IS NULL THEN ev.cameo END AS cameo,
    coalesce(f.status, ev.status) AS status,
    coalesce(f.source_ids, ev.source_ids) AS source_ids,
    coalesce(f.target_ids, ev.target_ids) AS target_ids,
    CASE WHEN f.placed THEN f.place ELSE ev.place END AS place,
    CASE WHEN f.placed IS NOT TRUE OR f.place = ev.place THEN ev.country END AS country,
    -- a corrected date is YYYY, YYYY-MM or YYYY-MM-DD (annotations.check), or null
    CASE WHEN f.dated IS NOT TRUE THEN ev.date_start
         ELSE CAST(f.day || substr('-01-01', length(f.day) - 3) AS DATE) END AS date_start,
    CASE WHEN f.dated IS NOT TRUE THEN ev.date_end
         WHEN length(f.day) = 4 THEN CAST(f.day || '-12-31' AS DATE)
         WHEN length(f.day) = 7 THEN last_day(CAST(f.day || '-01' AS DATE))
         ELSE CAST(f.day AS DATE) END AS date_end,
    CASE WHEN f.dated IS NOT TRUE THEN ev.date_precision
         ELSE CASE length(f.day) WHEN 4 THEN 'year' WHEN 7 THEN 'month'
                                 WHEN 10 THEN 'day' END END AS date_precision,
    -- an accepted event's confidence is a person's (module docstring)
    CASE WHEN f.accepted THEN json_merge_patch(ev.record, '{{"confidence": {ADDED_CONFIDENCE}}}')
         ELSE ev.record END AS record)
  FROM rows ev LEFT JOIN fixed f ON f.record_id = ev.id)"""
# the same rows without the corrections: a page's rows by id (`events`), whose flat columns
# `_corrected_events` sets from the corrected records anyway
_LEDGER_ROWS = f"({_ROWS}\n  SELECT * FROM rows)"
