"""What the commands share: the settings, the --db option and the store, and the output
formats (a table for people; JSON, JSONL or CSV for machines)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from ..config import Settings
from ..errors import NewsledgerError

FORMATS = click.Choice(["table", "json", "jsonl", "csv"])


def settings_of(ctx: click.Context) -> Settings:
    """The settings the group read from the environment."""
    return ctx.obj


db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="DuckDB file (default: $NEWSLEDGER_DB or ./newsledger.duckdb).",
)


def check_published(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """A --published value must be a real date (see `fields.parse_date`), never a guess."""
    from ..fields import parse_date

    try:
        parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    return value


def db_path(ctx: click.Context, db: Path | None) -> Path:
    """The --db file, else the configured one."""
    return db or settings_of(ctx).db


def open_store(ctx: click.Context, db: Path | None, read_only: bool = False) -> Any:
    """The store at the --db file, waiting while an ingest commits (`sharing`); read-only
    use needs the file to exist."""
    from ..sharing import lock_wait, open_shared

    path = db_path(ctx, db)
    if read_only and not path.exists():
        raise NewsledgerError(f"{path}: no such database; run `newsledger ingest PATH` first")
    return open_shared(path, read_only=read_only, wait=lock_wait())


def emit(rows: list[dict[str, Any]], fmt: str) -> None:
    """Print rows on stdout as a table, JSON, JSONL or CSV."""
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, default=str, ensure_ascii=False))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, default=str, ensure_ascii=False))
    elif fmt == "csv":
        if not rows:
            return
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: json.dumps(v, default=str) if isinstance(v, dict | list) else v
                             for k, v in row.items()})
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(table(rows) if rows else "(no rows)")


def table(rows: list[dict[str, Any]], width: int = 48) -> str:
    """A plain-text table; long cells are cut to `width` characters."""
    cols = list(rows[0])

    def cell(value: Any) -> str:
        text = "" if value is None else str(value)
        text = " ".join(text.split())
        return text if len(text) <= width else text[: width - 1] + "…"

    cells = [[cell(r.get(c)) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths, strict=True))  # noqa
    out = [line(cols), line(["-" * w for w in widths])]
    out.extend(line(row) for row in cells)
    return "\n".join(r.rstrip() for r in out)


def dicts(records: Iterable[Any]) -> list[dict[str, Any]]:
    """Records as plain dicts."""
    from ..model import to_dict

    return [to_dict(r) for r in records]


def event_row(e: dict[str, Any]) -> dict[str, Any]:
    """A readable event row from either a record dict or a store row."""
    rec = e.get("record", e)
    when = rec.get("when") or {}
    where = rec.get("where") or {}
    attr = rec.get("attribution") or {}
    chain = " → ".join(link["name"] for link in attr.get("chain", [])) or e.get("chain")
    parts = lambda key: ", ".join(_who(p) for p in rec.get(key, []))  # noqa: E731
    etype = rec.get("type", {})
    return {
        "date": when.get("start") or e.get("published") or "",
        "type": "/".join(x for x in (etype.get("plover"), etype.get("mode")) if x),
        "cameo": etype.get("cameo") or "",
        "source": parts("source"),
        "trigger": rec.get("trigger", ""),
        "target": parts("target"),
        "place": where.get("name") or "",
        "status": rec.get("status", ""),
        "says": chain or "",
        "conf": _confidence(rec.get("confidence")),
    }


_PRONOUNS = frozenset({"it", "its", "he", "him", "his", "she", "her", "they", "them", "their",
                       "we", "us", "our", "i"})  # fmt: skip


def _who(part: dict[str, Any]) -> str:
    """A participant as the table shows it: its words, with the actor a pronoun stands for
    ("it (ISR)"), or the actor alone where the side was filled from context (no words)."""
    mention, actor = (part.get("mention") or "").strip(), part.get("actor_id") or ""
    if not mention:
        return actor
    return f"{mention} ({actor})" if mention.lower() in _PRONOUNS and actor else mention


def _confidence(value: Any) -> str:
    """Two decimals, with a '?' when the model is less sure than not (under 0.5)."""
    if not isinstance(value, int | float):
        return ""
    return f"{value:.2f}" + ("?" if value < 0.5 else "")
