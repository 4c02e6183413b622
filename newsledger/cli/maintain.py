"""`check` and `salvage`: whether a store is sound, and what can be saved from a damaged one."""

from __future__ import annotations

from pathlib import Path

import click

from .common import db_option, db_path


@click.command()
@db_option
@click.pass_context
def check(ctx: click.Context, db: Path | None) -> None:
    """Say whether a store is sound: it opens, its schema version, and a read of every table.

    Exit status 0 when sound, 1 when damaged.

    \b
    Example:
      newsledger check --db ledger.duckdb
    """
    from ..salvage import check as run_check

    report = run_check(db_path(ctx, db))
    for line in report.lines():
        click.echo(line)
    if not report.sound:
        ctx.exit(1)


@click.command()
@db_option
@click.option("--to", "target", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The new store to create (must not exist).")
@click.pass_context
def salvage(ctx: click.Context, db: Path | None, target: Path) -> None:
    """Copy every readable article and record of a damaged store into a new one.

    \b
    Example:
      newsledger salvage --db damaged.duckdb --to rescued.duckdb
    """
    from ..salvage import salvage as run_salvage

    report = run_salvage(db_path(ctx, db), target)
    click.echo(f"{report.line()}; written to {target}", err=True)
