"""Engines: run the same per-article analysis in-process, on a local process pool, or on Spark.

The unit of work is one pure partition function, `analyze_partition(rows, model, batch_size)`:
article rows (dicts) in, analysed rows (dicts) out, parsed in `nlp.pipe` batches. Every engine
runs exactly that function, so their outputs are identical:

- inline: in this process (`run_inline`);
- local: a `multiprocessing` pool over all cores (`run_local`). Workers start by forkserver
  (spawn where unavailable), load the model once in an initializer, and take chunks of rows.
  At most `2 × workers` chunks are in flight and results come back in input order, so memory
  stays flat however long the input (`Pool.imap` would read the whole input ahead);
- spark: Apache Spark `mapPartitions` over a JSONL or Parquet input, writing Parquet that
  DuckDB reads directly (`run_spark`; pyspark is the optional `spark` extra). See
  docs/cluster.md for a real cluster.

Row shapes. In: `text` (required), `article_id` (the newsledger id, kept as is; computed from
the text when absent), `id` (an external id, as in JSONL input), `title`, `outlet`,
`published`, `url`, `source`. Out: `Analysis.to_dict()` plus the article fields `article_id`,
`external_id`, `title`, `outlet`, `published` (ISO date), `url`, `source`, `text` (normalised),
`original` (the text as given, which the records' offsets index; None when the same) and
`rejections` (extractor failures kept with keep-going); an input that cannot become an
article gives a row with `article_id` None and `rejection` {source, reason, detail}. Engines
touch no store: the caller skips article ids already stored, which makes a killed run
resumable.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import multiprocessing as mp
import os
import resource
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from . import nlp
from .config import DEFAULT_MODEL
from .errors import ExtractorError, RejectedInput
from .extract import raise_failure
from .ingest import article_from_text, parse_date
from .model import Analysis, Article
from .pipeline import analysis_of, analyze_articles

ENGINES = ("inline", "local", "spark")
# nlp.pipe batch size. Measured on BASIL articles (~600 words; en_core_web_sm + extractors):
# CPU per word is flat from 4 to 128, peak memory is not (batch 8: 395 MB, 32: 683 MB,
# 128: 1,343 MB per process), and a pool multiplies it by the number of workers.
BATCH_SIZE = 8
ARTICLE_FIELDS = ("article_id", "external_id", "title", "outlet", "published", "url", "source")


# ---------------------------------------------------------------------------------------------
# The partition function


def article_from_row(row: dict[str, Any]) -> Article:
    """An Article from a row; a given `article_id` is kept, so stored ids survive a round trip."""
    source = str(row.get("source") or row.get("url") or row.get("article_id") or "<row>")
    text = row.get("text")
    if not isinstance(text, str):
        raise RejectedInput(source, "malformed_json", 'expected a string "text" field')
    external = row.get("external_id", row.get("id"))
    if row.get("article_id"):
        try:
            published = parse_date(row.get("published"))
        except ValueError as exc:
            raise RejectedInput(source, "bad_date", str(exc)) from exc
        return Article(
            id=str(row["article_id"]),
            text=text,
            title=row.get("title") or None,
            outlet=row.get("outlet") or None,
            published=published,
            url=row.get("url") or None,
            source=source,
            external_id=str(external) if external is not None else None,
        )
    return article_from_text(
        text,
        source,
        published=row.get("published"),
        outlet=row.get("outlet"),
        title=row.get("title"),
        url=row.get("url"),
        external_id=external,
    )


def analyze_partition(
    rows: Iterable[dict[str, Any]],
    model: str = DEFAULT_MODEL,
    batch_size: int = BATCH_SIZE,
    keep_going: bool = True,
) -> Iterator[dict[str, Any]]:
    """Analyse article rows, parsing in batches; one output row per input row, in order."""
    handler = _keep_going if keep_going else raise_failure
    for batch in _chunks(rows, batch_size):
        items: list[Article | RejectedInput] = []
        for row in batch:
            try:
                items.append(article_from_row(row))
            except RejectedInput as exc:
                items.append(exc)
        articles = [a for a in items if isinstance(a, Article)]
        docs = nlp.parse_many((a.text for a in articles), model, batch_size)  # long: in pieces
        for item in items:
            if isinstance(item, RejectedInput):
                yield _rejected_row(item)
                continue
            analysis = analysis_of(next(docs), item, handler)
            out = analysis.to_dict()
            out.update(_article_fields(item))
            out["text"] = item.text  # the output alone can then be stored (ingest_engine_output)
            out["original"] = item.original  # the text as given, which the offsets index
            out["rejections"] = list(analysis.rejections)
            yield out


def _keep_going(error: ExtractorError) -> None:
    """A failing extractor is listed in the row's `rejections`; the batch carries on."""


def _article_fields(article: Article) -> dict[str, Any]:
    return {
        "article_id": article.id,
        "external_id": article.external_id,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "source": article.source,
    }


def _rejected_row(exc: RejectedInput) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(ARTICLE_FIELDS)
    row["source"] = exc.source
    row["rejection"] = {"source": exc.source, "reason": exc.reason, "detail": exc.detail}
    return row


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, max(1, size))):
        yield chunk


# ---------------------------------------------------------------------------------------------
# Inline and local pool


def run_inline(
    rows: Iterable[dict[str, Any]], model: str = DEFAULT_MODEL, batch_size: int = BATCH_SIZE
) -> Iterator[dict[str, Any]]:
    """Analyse rows in this process."""
    return analyze_partition(rows, model, batch_size)


_WORKER: dict[str, Any] = {}


WARM_UP_TEXT = (
    "Officials from two neighbouring countries met in the capital on Monday to discuss a "
    "ceasefire, the foreign ministry said in a statement."
)


def warm_up(model: str = DEFAULT_MODEL) -> None:
    """Load the model and whatever the extractors load on first use (gazetteers, lexicons),
    including what only some articles reach: the imported actor dictionaries (about 1.5 s)
    and dateparser's time-zone patterns (about 1.5 s), which a benchmark would otherwise
    count against its first long article."""
    from . import imported_actors, timex
    from .gazetteer import norm

    imported_actors.index(norm)
    timex.resolve("on 5 March 2025", dt.date(2025, 3, 9))
    art = article_from_text(WARM_UP_TEXT, "<warm-up>")
    list(analyze_articles([art], model, keep_going=True))


def _init_worker(model: str, batch_size: int, keep_going: bool) -> None:
    """Pool initializer: load the model and extractor data once per worker; die with the
    parent."""
    warm_up(model)
    _WORKER.update(model=model, batch_size=batch_size, keep_going=keep_going)
    parent = os.getppid()

    def watch() -> None:
        # A SIGKILLed parent leaves workers blocked on the task pipe (they hold its write end
        # too, so no EOF comes): exit when the parent (or the forkserver) is gone.
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="newsledger-parent-watch", daemon=True).start()


def _work_rows(chunk: list[dict[str, Any]]) -> list[dict[str, Any]]:
    w = _WORKER
    return list(analyze_partition(chunk, w["model"], w["batch_size"], w["keep_going"]))


def _work_articles(chunk: list[Article]) -> list[Analysis]:
    w = _WORKER
    return list(analyze_articles(chunk, w["model"], w["batch_size"], keep_going=w["keep_going"]))


def _peak_rss_kib(_: int) -> int:
    time.sleep(0.05)  # let the other workers take their share of these tiny tasks
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _pid(_: int) -> tuple[int, float]:
    time.sleep(0.2)  # long enough that one worker cannot take every task of a round
    use = resource.getrusage(resource.RUSAGE_SELF)
    return os.getpid(), use.ru_utime + use.ru_stime


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start_method() -> str:
    """forkserver where available (no copy of the parent's threads/state), else spawn."""
    return "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"


class LocalPool:
    """A process pool that analyses streams of rows or articles, in input order.

    Workers load the model once. A task is `task_size` items; at most `max_in_flight` tasks
    (default 2 x workers) are queued, so input is read only as fast as it is analysed and
    memory stays flat on any corpus size. Reuse one pool across calls: starting workers
    (loading the model) takes seconds.

        with LocalPool(workers=4) as pool:
            for analysis in pool.analyze(articles): ...
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        workers: int | None = None,
        batch_size: int = BATCH_SIZE,
        task_size: int | None = None,
        max_in_flight: int | None = None,
        keep_going: bool = True,
    ) -> None:
        self.workers = workers or default_workers()
        self.task_size = task_size or batch_size
        self.max_in_flight = max_in_flight or 2 * self.workers
        self._args = (model, batch_size, keep_going)
        self._pool: Any = None

    def __enter__(self) -> LocalPool:
        ctx = mp.get_context(start_method())
        self._pool = ctx.Pool(self.workers, _init_worker, self._args)
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self._pool.close()
        else:
            self._pool.terminate()
        self._pool.join()

    def map_rows(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """`analyze_partition` over rows, on the workers."""
        return self._stream(_work_rows, rows)

    def analyze(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """Analyses of articles (ids kept), on the workers."""
        return self._stream(_work_articles, articles)

    def wait_ready(self, timeout: float = 300.0) -> dict[int, float]:
        """Block until every worker has finished its initializer (model and data loaded);
        return each worker's CPU seconds so far (pid -> user + system)."""
        seen: dict[int, float] = {}
        deadline = time.monotonic() + timeout
        while len(seen) < self.workers and time.monotonic() < deadline:
            seen.update(self._pool.map(_pid, range(self.workers * 2), chunksize=1))
        return seen

    def worker_peak_rss_mb(self) -> float:
        """The largest peak resident memory among the workers (MB; Linux ru_maxrss)."""
        sizes = self._pool.map(_peak_rss_kib, range(self.workers * 4), chunksize=1)
        return max(sizes) / 1024

    def _stream(
        self, work: Callable[[list[Any]], list[Any]], items: Iterable[Any]
    ) -> Iterator[Any]:
        if self._pool is None:
            raise RuntimeError("use LocalPool as a context manager: with LocalPool() as pool")
        pending: deque[Any] = deque()
        for chunk in _chunks(items, self.task_size):
            pending.append(self._pool.apply_async(work, (chunk,)))
            while len(pending) >= self.max_in_flight:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def run_local(
    rows: Iterable[dict[str, Any]],
    model: str = DEFAULT_MODEL,
    workers: int | None = None,
    batch_size: int = BATCH_SIZE,
    task_size: int | None = None,
    max_in_flight: int | None = None,
    keep_going: bool = True,
) -> Iterator[dict[str, Any]]:
    """Analyse rows on a process pool (see `LocalPool`); with one worker this runs inline."""
    workers = workers or default_workers()
    if workers <= 1:
        yield from analyze_partition(rows, model, batch_size, keep_going)
        return
    with LocalPool(model, workers, batch_size, task_size, max_in_flight, keep_going) as pool:
        yield from pool.map_rows(rows)


def run(
    rows: Iterable[dict[str, Any]],
    engine: str = "local",
    model: str = DEFAULT_MODEL,
    workers: int | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[dict[str, Any]]:
    """Analyse rows with the named streaming engine: inline or local (Spark writes files)."""
    if engine == "inline":
        return run_inline(rows, model, batch_size)
    if engine == "local":
        return run_local(rows, model, workers, batch_size)
    raise ValueError(
        f"engine {engine!r} does not stream rows; expected inline or local "
        "(use run_spark(input, output_dir) for spark)"
    )


Analyzer = Callable[[Iterable[Article]], Iterator[Analysis]]


@contextlib.contextmanager
def analyzer(
    engine: str = "local",
    model: str = DEFAULT_MODEL,
    workers: int | None = None,
    batch_size: int = BATCH_SIZE,
    task_size: int = 8,
    keep_going: bool = False,
) -> Iterator[Analyzer]:
    """A function articles -> analyses for `pipeline.ingest(..., analyze=...)`.

    inline: this process; local: one `LocalPool` kept for the whole run (small tasks, so each
    commit chunk of the ingest loop spreads over all workers).
    """
    if engine == "inline" or (engine == "local" and (workers or default_workers()) <= 1):
        yield lambda arts: analyze_articles(arts, model, batch_size, keep_going=keep_going)
        return
    if engine != "local":
        raise ValueError(
            f"engine {engine!r} cannot feed a store directly; expected inline or "
            "local (run spark with run_spark, then load its Parquet)"
        )
    with LocalPool(model, workers, batch_size, task_size, keep_going=keep_going) as pool:
        yield pool.analyze


# ---------------------------------------------------------------------------------------------
# Inputs


def read_rows(path: str | Path) -> Iterator[dict[str, Any]]:
    """Article rows from a JSONL file or a Parquet file/folder (streamed in record batches)."""
    p = Path(path)
    if p.is_dir() or p.suffix.lower() == ".parquet":
        import pyarrow.dataset as ds

        for batch in ds.dataset(str(p), format="parquet").to_batches():
            yield from batch.to_pylist()
        return
    with p.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if line.strip():
                row = json.loads(line)
                row.setdefault("source", f"{p}:{number}")
                yield row


# ---------------------------------------------------------------------------------------------
# Spark


@dataclass(frozen=True, slots=True)
class SparkResult:
    """Where `run_spark` wrote, how many rows, and how long it took."""

    output_dir: str
    rows: int
    rejected: int
    seconds: float


SPARK_COLUMNS = (*ARTICLE_FIELDS, "events", "analysis", "rejection")


def _spark_partition(model: str, batch_size: int, is_json: bool) -> Any:
    def run_partition(items: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        rows = (json.loads(x) if is_json else x.asDict() for x in items if not is_json or x.strip())
        for out in analyze_partition(rows, model, batch_size):
            rejection = out.pop("rejection", None)
            fields = [out.get(k) for k in ARTICLE_FIELDS]
            if rejection is not None:
                yield (*fields, 0, None, json.dumps(rejection))
            else:
                yield (*fields, len(out.get("events", ())), json.dumps(out), None)

    return run_partition


def spark_session(master: str | None = "local[2]", app: str = "newsledger") -> Any:
    """A SparkSession; in local mode bound to 127.0.0.1 with the UI off. `master=None` takes
    the master from spark-submit (a real cluster)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app)
    if master is not None:
        builder = builder.master(master)
    if master is not None and master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (
            builder.config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
        )
    return builder.config("spark.python.worker.reuse", "true").getOrCreate()


def run_spark(
    input_path: str | Path,
    output_dir: str | Path,
    master: str = "local[2]",
    model: str = DEFAULT_MODEL,
    batch_size: int = BATCH_SIZE,
    partitions: int | None = None,
    session: Any = None,
) -> SparkResult:
    """Analyse a JSONL or Parquet input on Spark; write Parquet (one row per article).

    Columns: the article fields, `events` (count), `analysis` (the JSON of `Analysis.to_dict()`
    plus article fields) and `rejection` (JSON, for inputs that could not become articles).
    DuckDB: `SELECT * FROM read_parquet('OUTPUT_DIR/*.parquet')`.
    """
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    started = time.perf_counter()
    spark = session or spark_session(master)
    path = str(input_path)
    is_json = not (Path(path).is_dir() or path.lower().endswith(".parquet"))
    if is_json:
        rdd = spark.sparkContext.textFile(path, minPartitions=partitions or 2)
    else:
        rdd = spark.read.parquet(path).rdd
        if partitions:
            rdd = rdd.repartition(partitions)
    schema = StructType(
        [StructField(k, StringType()) for k in ARTICLE_FIELDS]
        + [
            StructField("events", IntegerType()),
            StructField("analysis", StringType()),
            StructField("rejection", StringType()),
        ]
    )
    out = rdd.mapPartitions(_spark_partition(model, batch_size, is_json))
    frame = spark.createDataFrame(out, schema)
    frame.write.mode("overwrite").parquet(str(output_dir))
    written = spark.read.parquet(str(output_dir))
    total = written.count()
    rejected = written.filter(written.rejection.isNotNull()).count()
    if session is None:
        spark.stop()
    return SparkResult(str(output_dir), total, rejected, time.perf_counter() - started)
