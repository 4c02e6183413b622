"""The queries over the store: `events`, `actors`, `articles`, `rejections`, `stories`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import NewsledgerError
from ..model import DATE_PRECISIONS
from .common import FORMATS, db_option, emit, event_row, open_store


@click.command()
@db_option
@click.option("--actor", help="Actor as source, target or other: an id (ISRMIL) or a name "
              "(\"the IDF\", \"Asad al-Shibani\").")
@click.option("--type", "etype", help="PLOVER type (ASSAULT) or CAMEO code (190).")
@click.option("--status", help="occurred, planned, alleged, ...")
@click.option("--since", help="Events on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Events on or before this date (YYYY-MM-DD).")
@click.option("--precision", type=click.Choice(DATE_PRECISIONS, case_sensitive=False),
              help="Date precision: 'reported' = no date in the text, the publication date "
              "stands in; 'none' = undated.")
@click.option("--place", help="Place name (substring) or country code (SYR).")
@click.option("--outlet", help="Outlet name (substring).")
@click.option("--article", help="Article id (prefix).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Only events whose calibrated confidence (0-1) is at least this; events "
              "made with the models off have none and are left out.")
@click.option("--limit", type=int, default=None, help="At most this many rows.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def events(ctx: click.Context, db: Path | None, actor: str | None, etype: str | None,
           status: str | None, since: str | None, until: str | None, precision: str | None,
           place: str | None, outlet: str | None, article: str | None,
           min_confidence: float | None, limit: int | None, fmt: str) -> None:
    """List stored events with filters: the machine's, as analysts corrected them, and the
    events analysts added (column `human`: the fields a person set, "added" for those).

    \b
    Example:
      newsledger events --type ASSAULT --since 2025-01-01 --format csv
      newsledger events --precision day
      newsledger events --min-confidence 0.8
    """
    if actor:
        actor = _actor_id(actor)
    with open_store(ctx, db, read_only=True) as store:
        rows = store.events(limit=limit, actor=actor, type=etype, status=status, since=since,
                            until=until, precision=precision, place=place, outlet=outlet,
                            article=article, min_confidence=min_confidence)
    if fmt == "table":
        # `human`: the fields an analyst set ("added": an event an analyst added)
        emit([event_row(r) | {"article": r["article_id"][:10], "outlet": r["outlet"] or "",
                              "human": ", ".join(r.get("human") or [])} for r in rows], fmt)
    else:
        emit(rows, fmt)


def _actor_id(text: str) -> str:
    """An actor id from an id or a name, through the gazetteer; unknown text is kept as is
    (it may be a provisional id such as PROV:some-group)."""
    from ..gazetteer import find_actor

    found = find_actor(text)
    if found is not None and found.id != text:
        click.echo(f"newsledger: --actor {text!r} means {found.id} ({found.name})", err=True)
    return found.id if found is not None else text


@click.command()
@db_option
@click.option("--kind", help="state, government, military, person, ...")
@click.option("--limit", type=int, default=None)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def actors(ctx: click.Context, db: Path | None, kind: str | None, limit: int | None,
           fmt: str) -> None:
    """List canonical actors with mention counts and the names each outlet used.

    \b
    Example:
      newsledger actors --kind government
    """
    with open_store(ctx, db, read_only=True) as store:
        rows = store.actors(kind=kind, limit=limit)
    if fmt == "table":
        rows = [{**{k: r[k] for k in ("id", "name", "kind", "country", "mentions")},
                 "names by outlet": " | ".join(
                     f"{o['outlet']}: {', '.join(o['forms'])}" for o in (r["outlets"] or []))}
                for r in rows]
    emit(rows, fmt)


@click.command()
@db_option
@click.option("--outlet", help="Outlet name (substring).")
@click.option("--limit", type=int, default=None)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def articles(ctx: click.Context, db: Path | None, outlet: str | None, limit: int | None,
             fmt: str) -> None:
    """List stored articles with their event and marker counts.

    \b
    Example:
      newsledger articles --outlet Reuters --format json
    """
    with open_store(ctx, db, read_only=True) as store:
        rows = store.articles(outlet=outlet, limit=limit)
    if fmt == "table":
        rows = [{"id": r["id"][:12], "published": r["published"], "outlet": r["outlet"],
                 "title": r["title"], "words": r["words"], "events": r["events"],
                 "markers": r["markers"], "source": r["source"]} for r in rows]
    emit(rows, fmt)


@click.command()
@db_option
@click.option("--reason", help="Only this reason code (empty, binary, encoding, ...).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def rejections(ctx: click.Context, db: Path | None, reason: str | None, fmt: str) -> None:
    """List inputs that were refused, with their reason codes.

    \b
    Example:
      newsledger rejections --reason not_english
    """
    with open_store(ctx, db, read_only=True) as store:
        emit(store.rejections(reason=reason), fmt)


@click.command()
@db_option
@click.argument("story_id", required=False)
@click.option("--min-outlets", type=int, default=2, show_default=True,
              help="Only stories reported by at least this many outlets.")
@click.option("--type", "plover", help="PLOVER type of the merged event.")
@click.option("--since", help="Stories on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Stories on or before this date (YYYY-MM-DD).")
@click.option("--outlet", help="Only stories this outlet reports.")
@click.option("--limit", type=int, default=None)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def stories(ctx: click.Context, db: Path | None, story_id: str | None, min_outlets: int,
            plover: str | None, since: str | None, until: str | None, outlet: str | None,
            limit: int | None, fmt: str) -> None:
    """List stories (one event reported by several articles), or show one with its evidence.

    \b
    Example:
      newsledger stories --min-outlets 2 --since 2025-09-01
      newsledger stories s-1a2b3c            # one story: every outlet's evidence
    """
    with open_store(ctx, db, read_only=True) as store:
        if story_id:
            story = store.story(story_id)
            if story is None:
                raise NewsledgerError(f"no story with id {story_id!r} (or more than one)")
            if fmt == "table":
                click.echo(_story_report(story))
            else:
                emit([story], fmt)
            return
        rows = store.stories(min_outlets=min_outlets, plover=plover, since=since, until=until,
                             outlet=outlet, limit=limit)
    if fmt == "table":
        rows = [_story_row(r) for r in rows]
    emit(rows, fmt)


def _story_row(row: dict[str, Any]) -> dict[str, Any]:
    rec = row["record"]
    etype = rec.get("type", {})
    return {
        "id": row["id"], "date": row["date_start"] or "", "type": etype.get("plover"),
        "actors": ", ".join(rec.get("actors", [])),
        "place": (rec.get("where") or {}).get("name") or "", "status": rec.get("status"),
        "outlets": ", ".join(row["outlets"]), "events": row["events"],
        "differ on": ", ".join(sorted({d["field"] for d in rec.get("differences", [])})),
    }


def _story_report(story: dict[str, Any]) -> str:
    head = _story_row(story)
    out = [f"Story {story['id']}: " + "  ".join(f"{k}={v}" for k, v in head.items()
                                                if k != "id" and v)]
    for diff in story["record"].get("differences", []):
        values = "; ".join(f"{o}: {v}" for o, v in diff["values"])
        out.append(f"  differs on {diff['field']}"
                   + (f" ({diff['subject']})" if diff.get("subject") else "") + f": {values}")
    out.append("\nEvidence")
    for event in story["members"]:
        evidence = event["record"]["evidence"]["text"]
        out.append(f"  [{event['outlet'] or '?'} {event['published'] or ''}] "
                   f"{event['status']} — \"{evidence}\" ({event['chain'] or 'own voice'})")
    return "\n".join(out)
