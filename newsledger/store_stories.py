"""The store's stories: merging new events into them on save, and reading them back.

A mixin of `store.Store` (it uses the store's connection, `query`, `events` and bulk insert),
kept apart so the store module stays one screenful per concern. Stories are rewritten inside
the caller's transaction; a story fused into another or renamed (newsledger.merge) leaves an
alias, so old links still find it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb
import pyarrow as pa

from .errors import StoreError
from .model import Analysis, to_dict


class StoryTables:
    """Story writes and reads for `store.Store`."""

    con: duckdb.DuckDBPyConnection

    def _update_stories(self, analyses: list[Analysis]) -> None:
        """Merge the new events into stories, inside the caller's transaction (incremental:
        only stories whose dates overlap the new events are read back)."""
        from .merge import update_stories

        updates = update_stories(analyses, self._stories_in)
        if not updates:
            return
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        # a story fused into another, or renamed by an earlier report, goes; its events move
        ids = [u.story.id for u in updates] + [old for u in updates for old in u.replaces]
        self.con.execute("DELETE FROM stories WHERE list_contains(?, id)", [ids])
        rows = []
        for update in updates:
            story = update.story
            rows.append({
                "id": story.id, "plover": story.type.plover, "date_start": story.start,
                "date_end": story.end, "outlets": list(story.outlets),
                "events": len(story.events), "record": json.dumps(to_dict(story)),
                "updated_at": now,
            })
        self._bulk_insert("stories", rows)
        for update in updates:
            for old in update.replaces:  # the old id, and ids that pointed to it, lead here
                self.con.execute("UPDATE story_aliases SET story_id = ? WHERE story_id = ?",
                                 [update.story.id, old])
                self.con.execute("INSERT OR REPLACE INTO story_aliases VALUES (?, ?)",
                                 [old, update.story.id])
        links = pa.Table.from_pylist(
            [{"event_id": e, "story_id": u.story.id} for u in updates for e in u.story.events])
        self.con.register("_links", links)
        try:
            self.con.execute("UPDATE events SET story_id = l.story_id FROM _links l "
                             "WHERE events.id = l.event_id")
        finally:
            self.con.unregister("_links")

    def _stories_in(self, window: Any) -> list[Any]:
        """Stored stories that could take events in `window` (a `merge.Window`)."""
        from .merge import story_from_dict

        if window.start is None or window.end is None:
            sql, params = "SELECT record FROM stories WHERE date_start IS NULL", []
        else:
            sql = "SELECT record FROM stories WHERE date_start <= ? AND date_end >= ?"
            params = [window.end, window.start]
        cursor = self.con.execute(sql, params)
        return [story_from_dict(json.loads(r[0])) for r in cursor.fetchall()]

    def stories(self, min_outlets: int = 1, plover: str | None = None,
                since: Any = None, until: Any = None, outlet: str | None = None,
                limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Stories with at least `min_outlets` outlets; newest first within their date."""
        conditions, params = ["len(outlets) >= ?"], [min_outlets]
        if plover:
            conditions.append("plover = upper(?)")
            params.append(plover)
        if since:
            conditions.append("coalesce(date_end, date_start) >= ?")
            params.append(as_date(since))
        if until:
            conditions.append("coalesce(date_start, date_end) <= ?")
            params.append(as_date(until))
        if outlet:
            conditions.append("list_contains(list_transform(outlets, o -> lower(o)), lower(?))")
            params.append(outlet)
        sql = ("SELECT id, plover, date_start, date_end, outlets, events, record FROM stories "
               f"WHERE {' AND '.join(conditions)} "
               "ORDER BY len(outlets) DESC, date_start NULLS LAST, id")
        return self.query(sql + page(limit, offset), params)

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story with its member events (each with its evidence and outlet)."""
        rows = self.query("SELECT id, plover, date_start, date_end, outlets, events, record "
                          "FROM stories WHERE id LIKE ?", [f"{story_id}%"])
        if not rows and (new := self._story_alias(story_id)) is not None:
            return self.story(new)
        if len(rows) != 1:
            return None
        story = rows[0]
        story["members"] = self.events(story=story["id"])
        return story

    def _story_alias(self, old_id: str) -> str | None:
        """The story an old story id (a full id) now belongs to, if it was fused or renamed."""
        try:
            row = self.con.execute("SELECT story_id FROM story_aliases WHERE old_id = ?",
                                   [old_id]).fetchone()
        except duckdb.CatalogException:  # a store from before aliases, opened read-only
            return None
        return row[0] if row else None


def page(limit: int | None, offset: int) -> str:
    """A LIMIT/OFFSET clause (integers only, never user text)."""
    out = f" LIMIT {int(limit)}" if limit else ""
    return out + (f" OFFSET {int(offset)}" if offset else "")


def as_date(value: Any) -> dt.date:
    """A date from a date or an ISO string; a StoreError naming the value otherwise."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise StoreError(f"not a date: {value!r}; expected YYYY-MM-DD") from exc
