"""The store's side of analysts' corrections: the SQL that writes the `annotations` table,
the export of annotations with their context, and the review queue. The reads with the
corrections applied (and the events analysts added) are `store_ledger`'s.

`Annotating` is mixed into `store.Store`. Writes take a process-wide lock and compute the next
id inside their transaction (max + 1: a salvaged copy of a store goes on from its ids, which a
sequence would not).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from typing import Any

import duckdb

from .annotations import (
    ADDED,
    COLUMNS,
    FIELDS,
    KINDS,
    WHO_DEFAULT,
    added_id,
    apply,
    check,
    current,
    iso,
)
from .errors import CorrectionError, StoreError
from .store_ledger import Ledger

# one writer at a time in this process: ids are max + 1 inside the write's transaction
_WRITE = threading.Lock()
_MARKER_ID = re.compile(
    r"^(?P<article>[^-\s]{4,64})-m(?P<start>\d+)-(?P<end>\d+)-(?P<cat>[a-z_]+)$"
)
_ATTRIBUTION_ID = re.compile(r"^(?P<article>[^-\s]{4,64})-a(?P<start>\d+)-(?P<end>\d+)$")
_ADDED_ID = re.compile(r"^[^-\s]{4,64}-h\d+-\d+$")  # an event an analyst added (added_id)


class Annotating(Ledger):
    """The store's annotation methods (mixed into `store.Store`, which gives `con`, `path`)."""

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
            there = self._added_record(record_id)
            if there is not None:  # one id, one event: a second would change the first
                first = there["human"][ADDED]
                raise CorrectionError(
                    409,
                    f"an event on these words is already added ({record_id}, by "
                    f"{first['by']}, annotation {first['annotation']}); correct that one, or "
                    "undo its addition first",
                )
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
        # an added event takes the corrections made since its addition, not older ones
        since = ((record.get("human") or {}).get(ADDED) or {}).get("annotation") or 0
        notes = [
            n
            for n in self.active_annotations([record_id]).get(record_id, [])
            if n["id"] != without and n["id"] > since
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
