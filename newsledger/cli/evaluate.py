"""`eval` and `bench`: quality on the gold sets, and speed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import NewsledgerError


@click.command("eval")
@click.argument("gold_set", required=False)
@click.option("--limit", type=int, default=None, help="Score only the first N items.")
@click.option("--path", type=click.Path(exists=True, path_type=Path), default=None,
              help="The gold file (default: the development data under ../shared/data, or "
              "$NEWSLEDGER_DATA).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--check", is_flag=True, help="Exit 1 when a score is below its floor.")
def evaluate(gold_set: str | None, limit: int | None, path: Path | None, fmt: str,
             check: bool) -> None:
    """Score the extractors on a gold set (all sets when none is named): P/R/F1 per field
    and per type.

    \b
    Sets: plover-gsr, petr2-gsr, petr-unittest (event coding), attribution, babe,
    basil-voice (who says so, loaded language), basil-stories (merging across outlets),
    realnews-dev (real 2024-2025 news: events, markers, attributions, stories), event-type,
    acled-subtype, acled-sentence, loaded-language and polnear-dev (the shipped models on
    their dev splits), acled-news (ACLED sub-types of held-out news sentences labelled
    blind). Each report says what its figures are worth: development sets are not held-out
    estimates.
    Example:
      newsledger eval plover-gsr
      newsledger eval --format json --check
    """
    from ..eval.gold import below_floor, format_report, report_to_dict, run

    try:
        reports = run(gold_set, limit=limit, path=path)
    except KeyError as exc:
        raise NewsledgerError(str(exc.args[0] if exc.args else exc)) from exc
    except FileNotFoundError as exc:
        raise NewsledgerError(f"gold data not found: {exc}; pass --path or set "
                              "NEWSLEDGER_DATA") from exc
    if fmt == "json":
        click.echo(json.dumps([report_to_dict(r) for r in reports], indent=2))
    else:
        click.echo("\n\n".join(format_report(r) for r in reports))
    failures = [f for r in reports for f in below_floor(r)]
    for failure in failures:
        click.echo(f"below floor: {failure}", err=True)
    if check and failures:
        sys.exit(1)


@click.command()
@click.argument("source", required=False)
@click.option("-n", "count", type=int, default=100, show_default=True,
              help="How many articles to time.")
@click.option("--workers", type=int, default=None, help="Pool size (default: all cores).")
@click.option("--batch-size", type=int, default=8, show_default=True)
@click.option("--spark", is_flag=True, help="Also time Spark in local mode (needs pyspark).")
@click.option("--bare/--no-bare", default=True, help="Time the bare spaCy pass.")
@click.option("--single/--no-single", default=True, help="Time the full analysis on 1 process.")
@click.option("--pool/--no-pool", default=True, help="Time the full analysis on the pool.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def bench(source: str | None, count: int, workers: int | None, batch_size: int, spark: bool,
          bare: bool, single: bool, pool: bool, fmt: str) -> None:
    """Time the full analysis beside a bare spaCy pass over the same texts, and peak memory.

    SOURCE is a JSONL file or a folder of articles (default: the BASIL corpus when it is
    beside the checkout, else the bundled examples).

    \b
    Example:
      newsledger bench -n 200 --workers 2
    """
    from ..bench import bench as run_bench
    from ..bench import format_table

    result = run_bench(source, count, workers, batch_size, spark=spark, pool=pool,
                       single=single, bare=bare)
    click.echo(json.dumps(result.to_dict(), indent=2) if fmt == "json" else format_table(result))
