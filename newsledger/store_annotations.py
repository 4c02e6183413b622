"""The store's side of analysts' corrections: the SQL on the `annotations` table, and the
store's reads with the active corrections applied (`annotations.apply`).

`Annotating` is mixed into `store.Store`. Writes take a process-wide lock and compute the next
id inside their transaction (max + 1: a salvaged copy of a store goes on from its ids, which a
sequence would not).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Iterable
from typing import Any

import duckdb

from .annotations import (
    ADDED,
    COLUMNS,
    FIELDS,
    KINDS,
    WHO_DEFAULT,
    added_id,
    added_record,
    apply,
    attribution_id,
    check,
    current,
    flat_event,
    iso,
    marker_id,
)
from .errors import CorrectionError, StoreError

# one writer at a time in this process: ids are max + 1 inside the write's transaction
_WRITE = threading.Lock()
_MARKER_ID = re.compile(
    r"^(?P<article>[^-\s]{4,64})-m(?P<start>\d+)-(?P<end>\d+)-(?P<cat>[a-z_]+)$"
)
_ATTRIBUTION_ID = re.compile(r"^(?P<article>[^-\s]{4,64})-a(?P<start>\d+)-(?P<end>\d+)$")
_ADDED_ID = re.compile(r"^[^-\s]{4,64}-h\d+-\d+$")  # an event an analyst added (added_id)


class Annotating:
    """The store's annotation methods (mixed into `store.Store`, which gives `con`, `path`)."""

    con: duckdb.DuckDBPyConnection
    path: str

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
        rows = self._annotation_rows(
            "a.undoes IS NULL AND list_contains(?, a.record_id) AND NOT EXISTS "
            "(SELECT 1 FROM annotations u WHERE u.undoes = a.id)",
            [ids],
        )
        out: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            out.setdefault(row["record_id"], []).append(row)
        return out

    def corrections(
        self,
        record_id: str | None = None,
        kind: str | None = None,
        article: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Every annotation (corrections and undos), newest first, with `active`."""
        if not self._has_annotations():
            return []
        conditions, params = ["TRUE"], []
        for column, value in (("a.record_id = ?", record_id), ("a.kind = ?", kind)):
            if value:
                conditions.append(column)
                params.append(value)
        if article:
            conditions.append("a.article_id LIKE ?")
            params.append(f"{article}%")
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit else ""
        return self._annotation_rows(" AND ".join(conditions), params, "DESC", page)

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

    def machine_record(self, kind: str, record_id: str) -> tuple[str, dict[str, Any]]:
        """(article id, the machine's record) of a stored record; a 404 `CorrectionError`."""
        row = None
        if kind == "event":
            row = self.con.execute(
                "SELECT article_id, record FROM events WHERE id = ?", [record_id]
            ).fetchone()
            if row is None and _ADDED_ID.match(record_id):  # judged like the machine's
                added = self._added_record(record_id)
                if added is not None:
                    return added["article_id"], added
        elif kind == "marker" and (m := _MARKER_ID.match(record_id)):
            row = self.con.execute(
                "SELECT article_id, record FROM markers WHERE article_id LIKE ? AND "
                "start_char = ? AND end_char = ? AND category = ? LIMIT 1",
                [m["article"] + "%", int(m["start"]), int(m["end"]), m["cat"]],
            ).fetchone()
        elif kind == "attribution" and (m := _ATTRIBUTION_ID.match(record_id)):
            row = self.con.execute(
                "SELECT article_id, record FROM attributions WHERE article_id LIKE ? AND "
                "scope_start = ? AND scope_end = ? LIMIT 1",
                [m["article"] + "%", int(m["start"]), int(m["end"])],
            ).fetchone()
        elif kind not in KINDS:
            raise CorrectionError(422, f"record kind {kind!r} is not one of: {', '.join(KINDS)}")
        if row is None:
            raise CorrectionError(
                404,
                f"no {kind} with id {record_id!r}; take record ids from "
                "/api/articles/{id} or /api/events",
            )
        return row[0], json.loads(row[1]) if isinstance(row[1], str) else row[1]

    def correct(
        self,
        kind: str,
        record_id: str,
        field: str,
        value: Any,
        who: str | None = None,
        note: str | None = None,
    ) -> dict[str, Any]:
        """Store an analyst's correction of one field of one record; return the annotation."""
        if kind in FIELDS and field not in FIELDS[kind]:
            check(kind, field, value)  # the field's own message, before the record lookup
        with _WRITE:
            article_id, record = self.machine_record(kind, record_id)
            now = self._corrected(kind, record_id, record)
            value = check(kind, field, value, now)
            return self._append(
                kind,
                record_id,
                article_id,
                field,
                current(kind, now, field),
                value,
                who,
                note,
                None,
            )

    def add_event(
        self,
        article_id: str,
        start: int,
        end: int,
        plover: str,
        source: Any = None,
        target: Any = None,
        who: str | None = None,
        note: str | None = None,
    ) -> dict[str, Any]:
        """Store an event the machine missed, as an analyst marks it: its words (`start`, `end`
        in the article's text), type and actors; return the annotation (field `added`)."""
        plover = check("event", "type", plover)
        source, target = check("event", "source", source), check("event", "target", target)
        with _WRITE:
            row = self.con.execute(
                "SELECT id, coalesce(original, text) FROM articles WHERE id LIKE ? LIMIT 2",
                [f"{article_id}%"],
            ).fetchall()
            if len(row) != 1:
                raise CorrectionError(
                    404, f"no single article with id {article_id!r}; take ids from /api/articles"
                )
            aid, text = row[0]
            if not (
                isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
            ):
                raise CorrectionError(
                    422,
                    f"span {start}-{end}: expected 0 <= start < end <= {len(text)} "
                    "(character offsets in the article's text)",
                )
            new = {"start": start, "end": end, "text": text[start:end], "type": plover,
                   "source": source, "target": target}  # fmt: skip
            record_id = added_id(aid, start, end)
            return self._append("event", record_id, aid, ADDED, None, new, who, note, None)

    def undo_correction(self, annotation_id: int, who: str | None = None) -> dict[str, Any]:
        """Undo an active correction with a new annotation that reverts it; return that one."""
        with _WRITE:
            found = (
                self._annotation_rows("a.id = ?", [annotation_id])
                if self._has_annotations()
                else []
            )
            if not found:
                raise CorrectionError(404, f"no annotation with id {annotation_id}")
            target = found[0]
            if target["undoes"] is not None:
                raise CorrectionError(
                    409,
                    f"annotation {annotation_id} is itself an undo; "
                    "make the correction again instead",
                )
            if not target["active"]:
                raise CorrectionError(409, f"annotation {annotation_id} is already undone")
            kind, rid = target["kind"], target["record_id"]
            if target["field"] == ADDED:  # an added event has no machine record to apply to
                return self._append(kind, rid, target["article_id"], ADDED, target["new"], None,
                                    who, None, annotation_id)  # fmt: skip
            _, record = self.machine_record(kind, rid)
            before = current(kind, self._corrected(kind, rid, record), target["field"])
            after = current(
                kind, self._corrected(kind, rid, record, without=annotation_id), target["field"]
            )
            return self._append(
                kind,
                rid,
                target["article_id"],
                target["field"],
                before,
                after,
                who,
                None,
                annotation_id,
            )

    def _corrected(
        self, kind: str, record_id: str, record: dict[str, Any], without: int | None = None
    ) -> dict[str, Any]:
        notes = [
            n for n in self.active_annotations([record_id]).get(record_id, []) if n["id"] != without
        ]
        return apply(kind, record, notes)

    def _append(
        self,
        kind: str,
        record_id: str,
        article_id: str,
        field: str,
        old: Any,
        new: Any,
        who: str | None,
        note: str | None,
        undoes: int | None,
    ) -> dict[str, Any]:
        who = " ".join((who or WHO_DEFAULT).split())[:100] or WHO_DEFAULT
        at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        try:
            self.con.execute("BEGIN TRANSACTION")
            next_id = self.con.execute(
                "SELECT coalesce(max(id), 0) + 1 FROM annotations"
            ).fetchone()[0]
            self.con.execute(
                f"INSERT INTO annotations ({', '.join(COLUMNS)}) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    next_id,
                    kind,
                    record_id,
                    article_id,
                    field,
                    json.dumps(old, default=str),
                    json.dumps(new, default=str),
                    who,
                    at,
                    undoes,
                    (note or None) and note[:1000],
                ],
            )
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"{self.path}: could not store the correction: {exc}") from exc
        return {
            "id": next_id,
            "kind": kind,
            "record_id": record_id,
            "article_id": article_id,
            "field": field,
            "old": old,
            "new": new,
            "who": who,
            "at": at.isoformat(),
            "undoes": undoes,
            "note": note,
            "active": undoes is None,
        }

    # -- reads with corrections applied ---------------------------------------------------------

    def _events_table(self) -> str:
        """The events table as the filters should see it: `events`, or with the active
        corrections of the filtered columns laid over the machine's values (type, status,
        source, target, place, date), so that a filter finds an event by its corrected value and
        not by the one it replaced. A corrected type has no CAMEO code here (the code the
        record shows follows the type: `annotations.coded`), so a CAMEO filter misses it; a
        corrected place is matched by its name, not its country."""
        if not self._has_annotations():
            return "events"
        return _CORRECTED_EVENTS

    def _corrected_events(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """`Store.events` rows with their active corrections applied; every row says which
        fields a person set (`human`, [] for none) and the analyst's `verdict` (or None)."""
        notes = self.active_annotations(r["id"] for r in rows)
        out = []
        for row in rows:
            if row["id"] in notes:
                record = apply("event", row.get("record") or {}, notes[row["id"]])
                row = flat_event(row, record)
            else:
                row.update(verdict=None, human=[])
            out.append(row)
        return out

    def _corrected_analysis(self, found: dict[str, Any]) -> dict[str, Any]:
        """One article's records (`Store.analysis`) with record ids on markers and
        attributions, and every record's active corrections applied."""
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
                found[key] = [apply(kind, r, notes.get(r.get("id"), [])) for r in found[key]]
        added = self._added_events(aid)
        if added:
            events = [*found.get("events", []), *added]
            found["events"] = sorted(
                events, key=lambda e: (e.get("evidence") or {}).get("start", 0)
            )
        return found

    def _added_events(self, article_id: str) -> list[dict[str, Any]]:
        """The events analysts added to an article, as records (`added`: True)."""
        if not self._has_annotations():
            return []
        rows = self._annotation_rows(
            "a.article_id = ? AND a.field = ? AND a.undoes IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM annotations u WHERE u.undoes = a.id)",
            [article_id, ADDED],
        )
        # an added event is judged and corrected as the machine's are: its other annotations
        notes = self.active_annotations(r["record_id"] for r in rows)
        return [
            apply("event", added_record(row),
                  [n for n in notes.get(row["record_id"], []) if n["field"] != ADDED])
            for row in rows
            if isinstance(row["new"], dict)
        ]  # fmt: skip

    def _added_record(self, record_id: str) -> dict[str, Any] | None:
        """The event an analyst added with this id, as a record; None when there is none (or
        its addition was undone)."""
        if not self._has_annotations():
            return None
        rows = self._annotation_rows(
            "a.record_id = ? AND a.field = ? AND a.undoes IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM annotations u WHERE u.undoes = a.id)",
            [record_id, ADDED],
        )
        rows = [r for r in rows if isinstance(r["new"], dict)]
        return added_record(rows[-1]) if rows else None

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

    def annotations_with_context(
        self, fields: tuple[str, ...] | None = None
    ) -> list[dict[str, Any]]:
        """Every annotation, oldest first, with what a reader needs to use it without the
        store: the record's words (`evidence`), its sentence (`sentence`; the sentence splitter
        of the realnews reader), where they start in it, the machine's value of the field
        (`machine`; an event's type: `machine_type`; its actors with their mentions for a source
        or target: `machine_said`), and the article's outlet and date. An added event's words
        are its own (`added`). `fields`: only the annotations of these fields."""
        from .learn.readers.realnews import sentence_around

        rows = [r for r in reversed(self.corrections()) if fields is None or r["field"] in fields]
        ids = sorted({r["article_id"] for r in rows})
        articles = {}
        if ids:
            for aid, text, outlet, published in self.con.execute(
                "SELECT id, coalesce(original, text), outlet, published FROM articles "
                "WHERE list_contains(?, id)",
                [ids],
            ).fetchall():
                articles[aid] = (text, outlet, iso(published))
        records: dict[tuple[str, str], dict[str, Any] | None] = {}
        for row in rows:
            key = (row["kind"], row["record_id"])
            if key not in records:
                try:
                    records[key] = self.machine_record(*key)[1]
                except CorrectionError:  # the record is gone (a salvage lost it)
                    records[key] = None
            record = records[key] or {}
            if row["field"] == ADDED and isinstance(row["new"], dict):  # no machine record
                record = {"evidence": {k: row["new"].get(k) for k in ("start", "end", "text")}}
            text, outlet, published = articles.get(row["article_id"], ("", None, None))
            ev = record.get("evidence") or {}
            start, end = ev.get("start"), ev.get("end")
            sentence = sentence_around(text, start, end) if text and start is not None else None
            at = text.find(sentence, max(0, start - len(sentence))) if sentence else -1
            row.update(evidence=ev.get("text"), sentence=sentence,
                       sentence_offset=start - at if sentence and at >= 0 else None,
                       machine=current(row["kind"], record, row["field"]) if record else None,
                       machine_type=(record.get("type") or {}).get("plover"),
                       trigger=record.get("trigger"),
                       machine_said=[(p.get("actor_id"), p.get("mention"))
                                     for p in record.get(row["field"]) or []]
                       if row["field"] in ("source", "target") else None,
                       outlet=outlet, published=published)  # fmt: skip
        return rows

    def review_queue(
        self,
        limit: int = 100,
        kind: str | None = None,
        include_reviewed: bool = False,
        by: str = "confidence",
    ) -> list[dict[str, Any]]:
        """Records to review, least sure first: events and markers by ascending calibrated
        confidence (records without one, made with the models off, last); or (`by`
        "disagreement") the events of stories whose outlets disagree, most differences first.
        Records an analyst has already corrected or judged are left out unless
        `include_reviewed`."""
        if by not in ("confidence", "disagreement"):
            raise CorrectionError(422, f"by {by!r}: order the queue by confidence or disagreement")
        reviewed = (
            ""
            if include_reviewed or not self._has_annotations()
            else (
                " AND NOT EXISTS (SELECT 1 FROM annotations n WHERE n.record_id = q.id AND "
                "n.undoes IS NULL AND NOT EXISTS (SELECT 1 FROM annotations u "
                "WHERE u.undoes = n.id))"
            )
        )
        parts = []
        if kind in (None, "event"):
            parts.append(
                "SELECT 'event' AS kind, e.id, e.article_id, a.outlet, a.title, "
                "TRY_CAST(json_extract_string(e.record, '$.confidence') AS DOUBLE) AS confidence, "
                "e.plover AS label, e.trigger AS text, e.status, e.start_char, "
                "coalesce(json_array_length(json_extract(s.record, '$.differences')), 0) "
                "AS disagreement FROM events e JOIN articles a ON a.id = e.article_id "
                "LEFT JOIN stories s ON s.id = e.story_id"
            )
        if kind in (None, "marker"):
            parts.append(
                "SELECT 'marker' AS kind, left(m.article_id, 16) || '-m' || m.start_char || '-' "
                "|| m.end_char || '-' || m.category AS id, m.article_id, a.outlet, a.title, "
                "TRY_CAST(json_extract_string(m.record, '$.confidence') AS DOUBLE) AS confidence, "
                "m.category AS label, m.text, NULL AS status, m.start_char, 0 AS disagreement "
                "FROM markers m JOIN articles a ON a.id = m.article_id"
            )
        if not parts:
            raise CorrectionError(422, f"kind {kind!r} has no review queue; use event or marker")
        order = "q.confidence ASC NULLS LAST, q.article_id, q.start_char, q.id"
        if by == "disagreement":
            reviewed += " AND q.disagreement > 0"
            order = "q.disagreement DESC, " + order
        sql = (
            f"SELECT * FROM ({' UNION ALL '.join(parts)}) q WHERE TRUE{reviewed} "
            f"ORDER BY {order} LIMIT {int(limit)}"
        )
        cursor = self.con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# the latest active correction of each filtered field of an event, laid over its row
_CORRECTED_EVENTS = """(WITH latest AS (
    SELECT a.record_id, a.field, a.new, row_number() OVER
        (PARTITION BY a.record_id, a.field ORDER BY a.id DESC) AS k
    FROM annotations a
    WHERE a.kind = 'event' AND a.undoes IS NULL
      AND a.field IN ('type', 'status', 'source', 'target', 'place', 'date')
      AND NOT EXISTS (SELECT 1 FROM annotations u WHERE u.undoes = a.id)),
  fixed AS (
    SELECT record_id,
      max(json_extract_string(new, '$')) FILTER (WHERE field = 'type') AS plover,
      max(json_extract_string(new, '$')) FILTER (WHERE field = 'status') AS status,
      max(json_transform(new, '["VARCHAR"]')) FILTER (WHERE field = 'source') AS source_ids,
      max(json_transform(new, '["VARCHAR"]')) FILTER (WHERE field = 'target') AS target_ids,
      bool_or(field = 'place') AS placed,
      max(json_extract_string(new, '$')) FILTER (WHERE field = 'place') AS place,
      bool_or(field = 'date') AS dated,
      max(json_extract_string(new, '$')) FILTER (WHERE field = 'date') AS day
    FROM latest WHERE k = 1 GROUP BY record_id)
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
                                 WHEN 10 THEN 'day' END END AS date_precision)
  FROM events ev LEFT JOIN fixed f ON f.record_id = ev.id)"""


def _load(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
