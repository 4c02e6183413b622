"""`export` and `serve`: the store's records as files, or over HTTP with the web UI."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from ..errors import NewsledgerError
from .common import db_option, db_path, open_store, settings_of


@click.command()
@db_option
@click.option("--to", "target", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Output file.")
@click.option("--what", type=click.Choice(["events", "articles", "actors", "markers", "stories"]),
              default="events", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet", "gdelt", "acled"]),
              default=None, help="Default: from the suffix (.jsonl, .parquet). gdelt and acled "
              "write CSV shaped like those datasets (events only; see docs/export.md).")
@click.option("--status", "statuses", multiple=True,
              help="Only events with this status (repeatable), e.g. --status occurred.")
@click.option("--annotations", is_flag=True,
              help="Write the analysts' corrections instead (JSONL: every annotation, undos "
              "included, with the record's words, its sentence and the machine's value).")
@click.pass_context
def export(ctx: click.Context, db: Path | None, target: Path, what: str, fmt: str | None,
           statuses: tuple[str, ...], annotations: bool) -> None:
    """Export stored records to JSONL, Parquet, or GDELT-/ACLED-shaped CSV; or the analysts'
    corrections as JSONL (--annotations). Exported events carry `verdict` and `human`, the
    fields an analyst set (human-verified).

    \b
    Example:
      newsledger export --to events.parquet
      newsledger export --to acled.csv --format acled --status occurred
      newsledger export --annotations --to corrections.jsonl
    """
    from .. import export as exporter

    if annotations:
        if fmt not in (None, "jsonl") or target.suffix.lower() not in (".jsonl", ".ndjson"):
            raise NewsledgerError(f"{target}: annotations are written as JSONL; name a "
                                  ".jsonl file")
        with open_store(ctx, db, read_only=True) as store:
            notes = store.annotations_with_context()
        exporter.write_jsonl(notes, target)
        click.echo(f"{len(notes)} annotations written to {target}", err=True)
        return
    with open_store(ctx, db, read_only=True) as store:
        if what == "events":
            if fmt is None:
                try:
                    fmt = exporter.format_for(target)
                except ValueError as exc:
                    raise NewsledgerError(str(exc)) from exc
            actors = {a["id"]: a for a in store.actors()}
            rows: Iterable[dict[str, Any]] = store.iter_events()
            if statuses:
                wanted = {s.lower() for s in statuses}
                rows = (r for r in rows if r["status"] in wanted)
            result = exporter.export(rows, target, fmt, actors=actors)
            click.echo(f"{result.rows} events written to {target} ({result.format})"
                       + (f"; {result.skipped} left out: {result.reason}" if result.skipped
                          else ""), err=True)
            return
        records = getattr(store, what)()
    fmt = fmt or target.suffix.lower().lstrip(".")
    if fmt == "jsonl":
        exporter.write_jsonl(records, target)
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        clean = [{k: json.dumps(v, default=str) if isinstance(v, dict | list) else v
                  for k, v in r.items()} for r in records]
        pq.write_table(pa.Table.from_pylist(clean), target)
    else:
        raise NewsledgerError(f"{target}: cannot export {what} as {fmt!r}; "
                              "use .jsonl or .parquet (gdelt and acled are for events)")
    click.echo(f"{len(records)} {what} written to {target}", err=True)


@click.command()
@db_option
@click.option("--host", default=None,
              help="Address to bind (default 127.0.0.1: this machine only).")
@click.option("--port", type=int, default=None, help="Port (default 8000 or $NEWSLEDGER_PORT).")
@click.option("--read-only", is_flag=True, help="Refuse every write, token or not.")
@click.pass_context
def serve(ctx: click.Context, db: Path | None, host: str | None, port: int | None,
          read_only: bool) -> None:
    """Serve the HTTP API and the web UI over the store.

    Writes (POST /api/articles) need the token in $NEWSLEDGER_TOKEN; without it they are off.

    \b
    Example:
      NEWSLEDGER_TOKEN=s3cret newsledger serve --db ledger.duckdb --port 8080
    """
    from ..api import serve as run_server

    settings = settings_of(ctx)
    path = db_path(ctx, db)
    host = host or settings.host
    port = port or settings.port
    click.echo(f"newsledger: serving {path} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    run_server(path, host=host, port=port, token=settings.api_token, read_only=read_only)
