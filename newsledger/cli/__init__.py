"""The `newsledger` command line: thin commands over the library.

JSON or JSONL on stdout for machines, a readable table for people, progress and logs on stderr.
Known errors become one line on stderr and exit status 1, in one place (`LedgerGroup.invoke`).
The commands live by family in `ingest`, `queries`, `serve`, `maintain`, `evaluate` and
`train`; what they share
(options, store, output formats) in `common`.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from ..config import Settings
from ..errors import NewsledgerError
from . import evaluate, ingest, maintain, queries, serve, train


class LedgerGroup(click.Group):
    """Turns known errors into one line without a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsledgerError as exc:
            click.echo(f"newsledger: error: {exc}", err=True)
            ctx.exit(1)
        except BrokenPipeError:  # `newsledger events | head` is fine
            sys.stderr.close()
            ctx.exit(0)
        except Exception as exc:
            duckdb = sys.modules.get("duckdb")  # loaded by the store when one was opened
            if duckdb is None or not isinstance(exc, duckdb.Error):
                raise
            # the store opened but a read failed part-way: a damaged file, not a bug
            cause = " ".join(str(exc).split())[:300]
            click.echo(f"newsledger: error: the store could not be read ({cause}); it is "
                       "damaged: restore it from a copy, or ingest into a new --db", err=True)
            ctx.exit(1)


@click.group(cls=LedgerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsledger")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Turn news articles into a sourced ledger of events, claims and slant.

    \b
    Example:
      newsledger ingest examples/ --published 2025-09-19
      newsledger events --actor ISRMIL --format table
    """
    ctx.obj = Settings.from_env()


cli.add_command(ingest.analyze)
cli.add_command(ingest.ingest)
cli.add_command(queries.events)
cli.add_command(queries.actors)
cli.add_command(queries.articles)
cli.add_command(queries.rejections)
cli.add_command(serve.export)
cli.add_command(queries.stories)
cli.add_command(evaluate.evaluate)
cli.add_command(evaluate.bench)
cli.add_command(train.train)
cli.add_command(serve.serve)
cli.add_command(maintain.check)
cli.add_command(maintain.salvage)


def main() -> None:
    cli(prog_name="newsledger")
