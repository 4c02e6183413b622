"""Syndicated copies: the same text carried by another outlet is one article with several
outlets, not a duplicate to drop.

An article's id is a hash of its normalised text, so a wire story that a second outlet
republishes word for word arrives with an id already stored. When its outlet is new for that
text, the store records a copy (outlet, date, URL, title) beside the article, and every story
holding the article's events counts the copying outlet too (`Member.copies`): two outlets
carried the report. Re-ingesting the same copy adds nothing. Nothing here re-analyses text.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

import duckdb
import pyarrow as pa

from .model import Article, to_dict

COLUMNS = ("article_id", "outlet", "published", "url", "title", "source", "ingested_at")


def save_copies(con: duckdb.DuckDBPyConnection, articles: list[Article]) -> int:
    """Record the articles whose text is stored under another outlet as copies of it; update
    the stories of their events; return how many copies were new. Runs in the caller's
    transaction."""
    ids = sorted({a.id for a in articles if a.outlet})
    if not ids:
        return 0
    outlets: dict[str, set[str]] = {}
    rows = con.execute("SELECT id, outlet FROM articles WHERE list_contains(?, id) "
                       "UNION ALL SELECT article_id, outlet FROM copies "
                       "WHERE list_contains(?, article_id)", [ids, ids]).fetchall()
    for aid, outlet in rows:
        outlets.setdefault(aid, set()).add(_norm(outlet))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    new: list[dict[str, Any]] = []
    for art in articles:
        if art.id not in outlets or not art.outlet or _norm(art.outlet) in outlets[art.id]:
            continue  # not stored, no outlet to tell, or an outlet that already has it
        outlets[art.id].add(_norm(art.outlet))
        new.append({"article_id": art.id, "outlet": art.outlet, "published": art.published,
                    "url": art.url, "title": art.title, "source": art.source,
                    "ingested_at": now})  # fmt: skip
    if not new:
        return 0
    con.register("_copies", pa.Table.from_pylist(new))
    try:
        con.execute(f"INSERT INTO copies ({', '.join(COLUMNS)}) "
                    f"SELECT {', '.join(COLUMNS)} FROM _copies")
    finally:
        con.unregister("_copies")
    _recount_stories(con, {row["article_id"] for row in new})
    return len(new)


def copies_of(con: duckdb.DuckDBPyConnection, article_id: str) -> list[dict[str, Any]]:
    """The other outlets that carried this article's text, in the order they were seen."""
    try:
        cursor = con.execute("SELECT outlet, published, url, title FROM copies "
                             "WHERE article_id = ? ORDER BY ingested_at, outlet", [article_id])
    except duckdb.CatalogException:  # a store from before copies, opened read-only
        return []
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _recount_stories(con: duckdb.DuckDBPyConnection, article_ids: set[str]) -> None:
    """Give the members from these articles their copying outlets, and rewrite their stories."""
    from .merge import story_from_dict, story_of

    rows = con.execute("SELECT article_id, list(outlet ORDER BY outlet) FROM copies "
                       "WHERE list_contains(?, article_id) GROUP BY article_id",
                       [sorted(article_ids)]).fetchall()  # fmt: skip
    copies = {aid: tuple(outlets) for aid, outlets in rows}
    stories = con.execute(
        "SELECT DISTINCT s.id, s.record FROM stories s JOIN events e ON e.story_id = s.id "
        "WHERE list_contains(?, e.article_id)", [sorted(article_ids)]).fetchall()
    for sid, record in stories:
        story = story_from_dict(json.loads(record))
        members = [replace(m, copies=copies.get(m.article_id, m.copies)) for m in story.members]
        story = story_of(members)
        con.execute("UPDATE stories SET outlets = ?, record = ? WHERE id = ?",
                    [list(story.outlets), json.dumps(to_dict(story)), sid])


def _norm(outlet: str | None) -> str:
    return " ".join((outlet or "").casefold().split())
