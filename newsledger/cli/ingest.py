"""`analyze` and `ingest`: analyse texts and print their records, or store them."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from ..errors import NewsledgerError
from ..model import Analysis, Article, Rejection
from .common import (
    check_published,
    db_option,
    db_path,
    dicts,
    event_row,
    open_store,
    settings_of,
    table,
)


@click.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "report"]), default="json",
              show_default=True, help="json: one object; jsonl: one per input line; report: text.")
@click.option("--published", callback=check_published,
              help="Publication date (YYYY-MM-DD) to resolve relative dates.")
@click.option("--outlet", help="The outlet's name: the first link of every attribution chain.")
@click.option("--input", "input_fmt", type=click.Choice(["auto", "text", "html", "feed", "jsonl"]),
              default="auto", show_default=True, help="Input format (auto sniffs).")
@click.pass_context
def analyze(ctx: click.Context, path: str, fmt: str, published: str | None, outlet: str | None,
            input_fmt: str) -> None:
    """Analyse one file or stdin ('-') and print its records; nothing is stored.

    \b
    Example:
      newsledger analyze examples/syria-israel-talks.txt --published 2025-09-19
      cat articles.jsonl | newsledger analyze - --format jsonl
    """
    from ..ingest import Options, iter_inputs
    from ..pipeline import analyze_article

    settings = settings_of(ctx)
    if fmt == "jsonl" and input_fmt == "auto":
        input_fmt = "jsonl"
    options = Options(published=published, outlet=outlet, fmt=input_fmt,
                      max_bytes=settings.max_bytes, min_words=settings.min_words)
    items = list(iter_inputs([path], options))
    articles = [i for i in items if isinstance(i, Article)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    if fmt == "jsonl":
        for item in items:
            if isinstance(item, Rejection):
                click.echo(json.dumps(_rejected_line(item)))
            else:
                click.echo(json.dumps(_with_profile(analyze_article(item, settings.model))))
        ctx.exit(1 if rejections and not articles else 0)
    for rejection in rejections:
        click.echo(f"newsledger: rejected: {rejection.detail}", err=True)
    if not articles:
        ctx.exit(1)
    _say_undated(sum(1 for a in articles if a.published is None))
    results = [analyze_article(a, settings.model) for a in articles]
    if fmt == "json":
        payload: Any = _with_profile(results[0]) if len(results) == 1 else [
            _with_profile(r) for r in results]
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for result in results:
            click.echo(_report(result))


def _with_profile(result: Analysis) -> dict[str, Any]:
    """The JSON contract plus the article's profile (voice shares, markers, naming)."""
    from ..profile import profile

    out = result.to_dict()
    out["profile"] = profile(result).to_dict()
    return out


def _rejected_line(rejection: Rejection) -> dict[str, Any]:
    """A JSONL output line for an input line that could not be analysed."""
    return {"id": None, "source": rejection.source,
            "error": {"reason": rejection.reason, "message": rejection.detail},
            "actors": [], "events": [], "claims": [], "markers": []}


def _report(result: Analysis) -> str:
    art = result.article
    out = [f"Article {art.id[:12]}  outlet={art.outlet or '-'}  published={art.published or '-'}"
           f"  words={len(art.text.split())}"]
    rows = [event_row(e) for e in dicts(result.events)]
    out.append(f"\nEvents ({len(rows)})")
    out.append(table(rows) if rows else "  (none)")
    actors = [{"id": a.id, "name": a.name, "kind": a.kind, "country": a.country,
               "mentions": "; ".join(sorted({m.text for m in result.mentions
                                             if m.actor_id == a.id}))}
              for a in result.actors]
    out.append(f"\nActors ({len(actors)})")
    out.append(table(actors) if actors else "  (none)")
    markers = [{"category": m.category, "text": m.evidence.text, "neutral": m.neutral,
                "bears_on": m.target_actor_id} for m in result.markers]
    out.append(f"\nSlant markers, the outlet's own ({len(markers)})")
    out.append(table(markers) if markers else "  (none)")
    theirs = [{"speaker": m.speaker, "category": m.category, "text": m.evidence.text,
               "neutral": m.neutral, "bears_on": m.target_actor_id}
              for m in result.speaker_markers]  # fmt: skip
    out.append(f"\nLoaded words in speakers' own words, theirs not the outlet's ({len(theirs)})")
    out.append(table(theirs) if theirs else "  (none)")
    claims = [{"speaker": c.speaker, "cue": c.cue, "kind": c.kind, "text": c.content.text}
              for c in result.claims]
    out.append(f"\nClaims ({len(claims)})")
    out.append(table(claims) if claims else "  (none)")
    out.append("\nProfile")
    out.extend(f"  {line}" for line in _profile_lines(result))
    return "\n".join(out)


def _profile_lines(result: Analysis) -> list[str]:
    from ..profile import profile

    p = profile(result)
    share = p.own_voice_sentences / p.sentences if p.sentences else 0.0
    lines = [f"{p.sentences} sentences: {p.own_voice_sentences} in the outlet's own voice "
             f"({share:.0%}), {p.attributed_sentences} attributed"]
    if p.markers_by_category:
        lines.append("markers: " + ", ".join(f"{k} {v}" for k, v in
                                             sorted(p.markers_by_category.items())))
    if p.markers_by_target:
        lines.append("markers bear on: " + ", ".join(f"{k} {v}" for k, v in
                                                     sorted(p.markers_by_target.items())))
    if p.speaker_markers:
        lines.append("speakers' loaded words: " + ", ".join(
            f"{who} {n}" for who, n in p.speaker_markers.items()))  # fmt: skip
    for naming in p.naming:
        names = ", ".join(f"{n.text}" + (" [loaded]" if n.loaded else "")
                          + (" [metonym]" if n.metonym else "") + f" ×{n.count}"
                          for n in naming.names)
        lines.append(f"{naming.actor_id} named: {names}")
    return lines


@click.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--published", callback=check_published,
              help="Publication date for inputs that carry none (YYYY-MM-DD).")
@click.option("--outlet", help="Outlet name for inputs that carry none.")
@click.option("--input", "input_fmt", type=click.Choice(["auto", "text", "html", "feed", "jsonl"]),
              default="auto", show_default=True, help="Input format (auto sniffs each file).")
@click.option("--keep-going", is_flag=True,
              help="Record a failing extractor on the article instead of stopping.")
@click.option("--engine", type=click.Choice(["auto", "local", "inline", "spark"]),
              default="auto", show_default=True,
              help="local: a process pool over all cores; inline: this process only; auto: "
              "inline until a batch is big enough to pay for starting the pool; spark: Apache "
              "Spark (one JSONL or Parquet input; see docs/cluster.md).")
@click.option("--spark-master", default="local[2]", show_default=True,
              help="Spark master URL for --engine spark (spark://host:7077, yarn, local[N]).")
@click.option("--spark-out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where Spark writes its Parquet (default: DB path + '.spark').")
@click.option("--workers", type=int, default=None,
              help="Processes for --engine local (default: all cores).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: when stderr is a terminal).")
@click.pass_context
def ingest(ctx: click.Context, paths: Sequence[str], db: Path | None, published: str | None,
           outlet: str | None, input_fmt: str, keep_going: bool, engine: str,
           spark_master: str, spark_out: Path | None, workers: int | None,
           progress: bool | None) -> None:
    """Analyse files, folders, feeds, JSONL or stdin ('-') into the store.

    Re-ingesting a text already stored is a no-op; bad inputs are stored as rejections and
    listed; an interrupted run resumes where it stopped when run again. For a corpus on a
    Spark cluster, see `newsledger spark` and docs/cluster.md.

    \b
    Example:
      newsledger ingest examples/ feeds/world.xml --db ledger.duckdb
    """
    from tqdm import tqdm

    from ..ingest import Options, iter_inputs
    from ..pipeline import ingest as run_ingest

    settings = settings_of(ctx)
    if engine == "spark":
        _ingest_on_spark(ctx, paths, db, spark_master, spark_out)
        return
    options = Options(published=published, outlet=outlet, fmt=input_fmt,
                      max_bytes=settings.max_bytes, min_words=settings.min_words)
    show = sys.stderr.isatty() if progress is None else progress
    rejected: list[Rejection] = []

    undated = [0]

    def items() -> Iterable[Article | Rejection]:
        for item in iter_inputs(paths, options):
            if isinstance(item, Rejection):
                rejected.append(item)
            elif item.published is None:
                undated[0] += 1
            yield item

    from ..sharing import SharedStore, lock_wait

    # the file is open only to look up known ids and to commit: readers get in between
    path = db_path(ctx, db)
    with SharedStore(path, wait=lock_wait()) as store:
        # names analysts taught by correcting actors resolve in the new articles too (set
        # before the analyser starts: its workers inherit the user gazetteers)
        _use_analyst_actors(store, path)
        with _analyzer(engine, settings.model, workers, settings.batch_size, keep_going
                       ) as analyze_fn, tqdm(desc="ingest", unit="input", disable=not show,
                                             file=sys.stderr, dynamic_ncols=True) as bar:
            summary = run_ingest(items(), store, settings.model, settings.batch_size,
                                 commit_every=settings.commit_every,
                                 keep_going=keep_going, on_progress=bar.update,
                                 analyze=analyze_fn)
    for rejection in rejected:
        click.echo(f"rejected: {rejection.detail}", err=True)
    for failure in summary.failed:
        click.echo(f"extractor failure: {failure}", err=True)
    click.echo(summary.line(), err=True)
    _say_undated(undated[0])
    if rejected and not summary.stored and not summary.duplicates and not summary.copies:
        ctx.exit(1)


def _use_analyst_actors(store: Any, path: Path) -> None:
    """Write the store's analyst tables beside it (actor names, added to the user gazetteers;
    trigger verdicts, read by the trigger stage; the review filter, read by the events stage)
    and put them in use."""
    from .. import analyst_actors, analyst_review, analyst_triggers

    table = analyst_actors.aliases(store.annotations_with_context(("source", "target")))
    if analyst_actors.use(table, path) is not None:
        click.echo(f"newsledger: {len(table)} actor name(s) taught by analysts' corrections "
                   "in use", err=True)
    verdicts = analyst_triggers.verdicts(store.annotations_with_context())
    if analyst_triggers.use(verdicts, path) is not None:
        click.echo(f"newsledger: {len(verdicts)} trigger verdict(s) from analysts' "
                   "corrections in use", err=True)
    review = analyst_review.learn_from_store(store)
    if analyst_review.use(review, path) is not None:
        click.echo(f"newsledger: a review filter learnt from analysts' verdicts in use (drops "
                   f"records it judges rejected at P >= {review['threshold']})", err=True)


def _say_undated(count: int) -> None:
    """Once per run: articles without a publication date keep relative dates unresolved."""
    if count:
        click.echo(f"newsledger: {count} article(s) without a publication date: relative dates "
                   "(\"on Wednesday\", \"today\") stay unresolved and their events undated; "
                   "pass --published YYYY-MM-DD", err=True)


def _ingest_on_spark(ctx: click.Context, paths: Sequence[str], db: Path | None, master: str,
                     out: Path | None) -> None:
    """Analyse one JSONL/Parquet input on Spark, then load the Parquet it wrote."""
    from ..engines import run_spark
    from ..pipeline import ingest_engine_output

    if len(paths) != 1 or paths[0] == "-":
        raise NewsledgerError("--engine spark takes one JSONL or Parquet input (a file or a "
                              f"folder of Parquet), not {list(paths)}")
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise NewsledgerError("--engine spark needs pyspark: pip install 'newsledger[spark]'"
                              ) from exc
    settings = settings_of(ctx)
    path = db_path(ctx, db)
    out = out or path.with_name(path.name + ".spark")
    result = run_spark(paths[0], out, master=master, model=settings.model,
                       batch_size=settings.batch_size)
    click.echo(f"spark: {result.rows} rows in {result.seconds:.1f} s written to {out}", err=True)
    with open_store(ctx, db) as store:
        summary = ingest_engine_output(out, store)
    click.echo(summary.line(), err=True)


@contextlib.contextmanager
def _analyzer(engine: str, model: str, workers: int | None, batch_size: int,
              keep_going: bool) -> Iterator[Callable[[list[Article]], Iterable[Analysis]]]:
    """The analyse function for ingest. `auto` starts the process pool (seconds: each worker
    loads the model) only once a batch of new articles is big enough to gain from it."""
    from ..engines import analyzer
    from ..pipeline import analyze_articles

    if engine != "auto":
        with analyzer(engine, model, workers, batch_size, keep_going=keep_going) as fn:
            yield fn
        return
    with contextlib.ExitStack() as stack:
        pool: list[Callable[[list[Article]], Iterable[Analysis]]] = []

        def analyze(articles: list[Article]) -> Iterable[Analysis]:
            if not pool and len(articles) >= AUTO_POOL_MIN:
                pool.append(stack.enter_context(
                    analyzer("local", model, workers, batch_size, keep_going=keep_going)))
            if pool:
                return pool[0](articles)
            return analyze_articles(articles, model, batch_size, keep_going=keep_going)

        yield analyze


AUTO_POOL_MIN = 48  # new articles in one commit batch; below this one process is faster
