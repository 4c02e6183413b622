"""The `newsledger` command line: thin commands over the library.

JSON or JSONL on stdout for machines, a readable table for people, progress and logs on stderr.
Known errors become one line on stderr and exit status 1, in one place (`LedgerGroup.invoke`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from .config import Settings
from .errors import NewsledgerError
from .model import Analysis, Article, Rejection

FORMATS = click.Choice(["table", "json", "jsonl", "csv"])


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


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj


db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="DuckDB file (default: $NEWSLEDGER_DB or ./newsledger.duckdb).",
)


def _db(ctx: click.Context, db: Path | None) -> Path:
    return db or _settings(ctx).db


def _open_store(ctx: click.Context, db: Path | None, read_only: bool = False) -> Any:
    from .store import Store

    path = _db(ctx, db)
    if read_only and not path.exists():
        raise NewsledgerError(f"{path}: no such database; run `newsledger ingest PATH` first")
    return Store(path, read_only=read_only)


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


# ---------------------------------------------------------------------------------------------
# analyze


@cli.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "report"]), default="json",
              show_default=True, help="json: one object; jsonl: one per input line; report: text.")
@click.option("--published", help="Publication date (YYYY-MM-DD) to resolve relative dates.")
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
    from .ingest import Options, iter_inputs
    from .pipeline import analyze_article

    settings = _settings(ctx)
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
    from .profile import profile

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
    rows = [_event_row(e) for e in _dicts(result.events)]
    out.append(f"\nEvents ({len(rows)})")
    out.append(_table(rows) if rows else "  (none)")
    actors = [{"id": a.id, "name": a.name, "kind": a.kind, "country": a.country,
               "mentions": "; ".join(sorted({m.text for m in result.mentions
                                             if m.actor_id == a.id}))}
              for a in result.actors]
    out.append(f"\nActors ({len(actors)})")
    out.append(_table(actors) if actors else "  (none)")
    markers = [{"category": m.category, "text": m.evidence.text, "neutral": m.neutral,
                "bears_on": m.target_actor_id} for m in result.markers]
    out.append(f"\nSlant markers ({len(markers)})")
    out.append(_table(markers) if markers else "  (none)")
    claims = [{"speaker": c.speaker, "cue": c.cue, "kind": c.kind, "text": c.content.text}
              for c in result.claims]
    out.append(f"\nClaims ({len(claims)})")
    out.append(_table(claims) if claims else "  (none)")
    out.append("\nProfile")
    out.extend(f"  {line}" for line in _profile_lines(result))
    return "\n".join(out)


def _profile_lines(result: Analysis) -> list[str]:
    from .profile import profile

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
    for naming in p.naming:
        names = ", ".join(f"{n.text}" + (" [loaded]" if n.loaded else "")
                          + (" [metonym]" if n.metonym else "") + f" ×{n.count}"
                          for n in naming.names)
        lines.append(f"{naming.actor_id} named: {names}")
    return lines


def _dicts(records: Iterable[Any]) -> list[dict[str, Any]]:
    from .model import to_dict

    return [to_dict(r) for r in records]


def _event_row(e: dict[str, Any]) -> dict[str, Any]:
    """A readable event row from either a record dict or a store row."""
    rec = e.get("record", e)
    when = rec.get("when") or {}
    where = rec.get("where") or {}
    attr = rec.get("attribution") or {}
    chain = " → ".join(link["name"] for link in attr.get("chain", [])) or e.get("chain")
    parts = lambda key: ", ".join(p["mention"] for p in rec.get(key, []))  # noqa: E731
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
    }


# ---------------------------------------------------------------------------------------------
# ingest


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--published", help="Publication date for inputs that carry none (YYYY-MM-DD).")
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

    from .ingest import Options, iter_inputs
    from .pipeline import ingest as run_ingest

    settings = _settings(ctx)
    if engine == "spark":
        _ingest_on_spark(ctx, paths, db, spark_master, spark_out)
        return
    options = Options(published=published, outlet=outlet, fmt=input_fmt,
                      max_bytes=settings.max_bytes, min_words=settings.min_words)
    show = sys.stderr.isatty() if progress is None else progress
    rejected: list[Rejection] = []

    def items() -> Iterable[Article | Rejection]:
        for item in iter_inputs(paths, options):
            if isinstance(item, Rejection):
                rejected.append(item)
            yield item

    with _open_store(ctx, db) as store, _analyzer(
        engine, settings.model, workers, settings.batch_size, keep_going
    ) as analyze_fn, tqdm(
        desc="ingest", unit="input", disable=not show, file=sys.stderr, dynamic_ncols=True
    ) as bar:
        summary = run_ingest(items(), store, settings.model, settings.batch_size,
                             keep_going=keep_going, on_progress=bar.update,
                             analyze=analyze_fn)
    for rejection in rejected:
        click.echo(f"rejected: {rejection.detail}", err=True)
    for failure in summary.failed:
        click.echo(f"extractor failure: {failure}", err=True)
    click.echo(summary.line(), err=True)
    if rejected and not summary.stored and not summary.duplicates:
        ctx.exit(1)


def _ingest_on_spark(ctx: click.Context, paths: Sequence[str], db: Path | None, master: str,
                     out: Path | None) -> None:
    """Analyse one JSONL/Parquet input on Spark, then load the Parquet it wrote."""
    from .engines import run_spark
    from .pipeline import ingest_engine_output

    if len(paths) != 1 or paths[0] == "-":
        raise NewsledgerError("--engine spark takes one JSONL or Parquet input (a file or a "
                              f"folder of Parquet), not {list(paths)}")
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise NewsledgerError("--engine spark needs pyspark: pip install 'newsledger[spark]'"
                              ) from exc
    settings = _settings(ctx)
    path = _db(ctx, db)
    out = out or path.with_name(path.name + ".spark")
    result = run_spark(paths[0], out, master=master, model=settings.model,
                       batch_size=settings.batch_size)
    click.echo(f"spark: {result.rows} rows in {result.seconds:.1f} s written to {out}", err=True)
    with _open_store(ctx, db) as store:
        summary = ingest_engine_output(out, store)
    click.echo(summary.line(), err=True)


@contextlib.contextmanager
def _analyzer(engine: str, model: str, workers: int | None, batch_size: int,
              keep_going: bool) -> Iterator[Callable[[list[Article]], Iterable[Analysis]]]:
    """The analyse function for ingest. `auto` starts the process pool (seconds: each worker
    loads the model) only once a batch of new articles is big enough to gain from it."""
    from .engines import analyzer
    from .pipeline import analyze_articles

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


# ---------------------------------------------------------------------------------------------
# queries


@cli.command()
@db_option
@click.option("--actor", help="Actor as source, target or other: an id (ISRMIL) or a name "
              "(\"the IDF\", \"Asad al-Shibani\").")
@click.option("--type", "etype", help="PLOVER type (ASSAULT) or CAMEO code (190).")
@click.option("--status", help="occurred, planned, alleged, ...")
@click.option("--since", help="Events on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Events on or before this date (YYYY-MM-DD).")
@click.option("--place", help="Place name (substring) or country code (SYR).")
@click.option("--outlet", help="Outlet name (substring).")
@click.option("--article", help="Article id (prefix).")
@click.option("--limit", type=int, default=None, help="At most this many rows.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def events(ctx: click.Context, db: Path | None, actor: str | None, etype: str | None,
           status: str | None, since: str | None, until: str | None, place: str | None,
           outlet: str | None, article: str | None, limit: int | None, fmt: str) -> None:
    """List stored events with filters.

    \b
    Example:
      newsledger events --type ASSAULT --since 2025-01-01 --format csv
    """
    if actor:
        actor = _actor_id(actor)
    with _open_store(ctx, db, read_only=True) as store:
        rows = store.events(limit=limit, actor=actor, type=etype, status=status, since=since,
                            until=until, place=place, outlet=outlet, article=article)
    if fmt == "table":
        _emit([_event_row(r) | {"article": r["article_id"][:10], "outlet": r["outlet"] or ""}
               for r in rows], fmt)
    else:
        _emit(rows, fmt)


def _actor_id(text: str) -> str:
    """An actor id from an id or a name, through the gazetteer; unknown text is kept as is
    (it may be a provisional id such as PROV:some-group)."""
    from .gazetteer import find_actor

    found = find_actor(text)
    if found is not None and found.id != text:
        click.echo(f"newsledger: --actor {text!r} means {found.id} ({found.name})", err=True)
    return found.id if found is not None else text


@cli.command()
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
    with _open_store(ctx, db, read_only=True) as store:
        rows = store.actors(kind=kind, limit=limit)
    if fmt == "table":
        rows = [{**{k: r[k] for k in ("id", "name", "kind", "country", "mentions")},
                 "names by outlet": " | ".join(
                     f"{o['outlet']}: {', '.join(o['forms'])}" for o in (r["outlets"] or []))}
                for r in rows]
    _emit(rows, fmt)


@cli.command()
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
    with _open_store(ctx, db, read_only=True) as store:
        rows = store.articles(outlet=outlet, limit=limit)
    if fmt == "table":
        rows = [{"id": r["id"][:12], "published": r["published"], "outlet": r["outlet"],
                 "title": r["title"], "words": r["words"], "events": r["events"],
                 "markers": r["markers"], "source": r["source"]} for r in rows]
    _emit(rows, fmt)


@cli.command()
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
    with _open_store(ctx, db, read_only=True) as store:
        _emit(store.rejections(reason=reason), fmt)


@cli.command()
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
@click.pass_context
def export(ctx: click.Context, db: Path | None, target: Path, what: str, fmt: str | None,
           statuses: tuple[str, ...]) -> None:
    """Export stored records to JSONL, Parquet, or GDELT-/ACLED-shaped CSV.

    \b
    Example:
      newsledger export --to events.parquet
      newsledger export --to acled.csv --format acled --status occurred
    """
    from . import export as exporter

    with _open_store(ctx, db, read_only=True) as store:
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


@cli.command()
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
    with _open_store(ctx, db, read_only=True) as store:
        if story_id:
            story = store.story(story_id)
            if story is None:
                raise NewsledgerError(f"no story with id {story_id!r} (or more than one)")
            if fmt == "table":
                click.echo(_story_report(story))
            else:
                _emit([story], fmt)
            return
        rows = store.stories(min_outlets=min_outlets, plover=plover, since=since, until=until,
                             outlet=outlet, limit=limit)
    if fmt == "table":
        rows = [_story_row(r) for r in rows]
    _emit(rows, fmt)


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


@cli.command("eval")
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
    basil-voice (who says so, loaded language), basil-stories (merging across outlets).
    Example:
      newsledger eval plover-gsr
      newsledger eval --format json --check
    """
    from .eval.gold import below_floor, format_report, report_to_dict, run

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


@cli.command()
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
    from .bench import bench as run_bench
    from .bench import format_table

    result = run_bench(source, count, workers, batch_size, spark=spark, pool=pool,
                       single=single, bare=bare)
    click.echo(json.dumps(result.to_dict(), indent=2) if fmt == "json" else format_table(result))


@cli.command()
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
    from .api import serve as run_server

    settings = _settings(ctx)
    path = _db(ctx, db)
    host = host or settings.host
    port = port or settings.port
    click.echo(f"newsledger: serving {path} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    run_server(path, host=host, port=port, token=settings.api_token, read_only=read_only)


# ---------------------------------------------------------------------------------------------
# output


def _emit(rows: list[dict[str, Any]], fmt: str) -> None:
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
        click.echo(_table(rows) if rows else "(no rows)")


def _table(rows: list[dict[str, Any]], width: int = 48) -> str:
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


def main() -> None:
    cli(prog_name="newsledger")
