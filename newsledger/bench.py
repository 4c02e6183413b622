"""`newsledger bench`: throughput and peak memory of the pipeline beside a bare spaCy parse.

Method: the same N texts go through (1) bare `nlp.pipe` (the floor: parsing only), (2) the full
analysis in one process, (3) the full analysis on a local process pool over all cores, and
optionally (4) Spark local mode (JVM and worker start-up included). Model loading and pool
start-up are done before the clock starts and reported apart. Figures: articles/s, words/s
(whitespace words), CPU seconds and the cores each run got (CPU/wall: a shared machine gives
fewer than asked), the pool's scaling over one process, the full/bare time ratio, and peak
resident memory (`getrusage` ru_maxrss of this process, and of the largest pool worker).

Timings are for a script or the CLI, never for unit tests.

Texts: a JSONL file (one {"text": ...} a line), a folder of BASIL article JSON files
(`body-paragraphs`), a folder or file of plain text/HTML (ingest readers), or by default the
BASIL development corpus when present, else the bundled examples. When fewer than N texts are
given, copies are made with a numbered first line so that every article id differs.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import engines, nlp
from .config import DEFAULT_MODEL
from .extract import EXTRACTORS
from .ingest import Options, article_id, iter_inputs
from .model import Article
from .pipeline import analyze_articles

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def basil_dir() -> Path | None:
    """The BASIL articles of the development data (research use: never shipped), if present."""
    from .eval.stories import default_path

    return default_path()


@dataclass(frozen=True, slots=True)
class Rate:
    """One timed run."""

    name: str
    seconds: float
    articles: int
    words: int
    cpu_seconds: float = 0.0  # CPU time of the processes doing the work

    @property
    def cores(self) -> float:
        """CPU seconds per wall second: the cores this run actually got."""
        return self.cpu_seconds / self.seconds if self.seconds else 0.0

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


@dataclass(slots=True)
class BenchResult:
    """Figures of one bench run."""

    articles: int
    words: int
    source: str
    batch_size: int
    workers: int
    extractors: list[str]
    runs: list[Rate] = field(default_factory=list)
    pool_startup_s: float = 0.0
    peak_rss_mb: float = 0.0  # this process
    peak_worker_rss_mb: float = 0.0  # the largest child process
    events: int = 0

    def run(self, name: str) -> Rate | None:
        return next((r for r in self.runs if r.name == name), None)

    @property
    def scaling(self) -> float | None:
        """Pool throughput over one process (ideal: the number of workers)."""
        one, pool = self.run("full, 1 process"), self.run(f"full, pool x{self.workers}")
        return one.seconds / pool.seconds if one and pool and pool.seconds else None

    @property
    def cpu_scaling(self) -> float | None:
        """Articles per CPU second of the pool over one process: the pool's overhead, which
        a busy machine does not blur (1.0 = none)."""
        one, pool = self.run("full, 1 process"), self.run(f"full, pool x{self.workers}")
        if not (one and pool and one.cpu_seconds and pool.cpu_seconds):
            return None
        return one.cpu_seconds / pool.cpu_seconds

    @property
    def full_over_bare(self) -> float | None:
        """Time of the full analysis over a bare parse, one process (1.0 = extractors free)."""
        bare, one = self.run("bare spaCy nlp.pipe"), self.run("full, 1 process")
        return one.seconds / bare.seconds if bare and one and bare.seconds else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "words": self.words,
            "source": self.source,
            "batch_size": self.batch_size,
            "workers": self.workers,
            "extractors": self.extractors,
            "runs": [
                {
                    "name": r.name,
                    "seconds": round(r.seconds, 3),
                    "articles_per_s": round(r.articles_per_s, 2),
                    "words_per_s": round(r.words_per_s, 1),
                    "cpu_seconds": round(r.cpu_seconds, 2),
                    "cores": round(r.cores, 2),
                }
                for r in self.runs
            ],
            "pool_startup_s": round(self.pool_startup_s, 2),
            "scaling": self.scaling,
            "cpu_scaling": self.cpu_scaling,
            "full_over_bare": self.full_over_bare,
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "peak_worker_rss_mb": round(self.peak_worker_rss_mb, 1),
            "events": self.events,
        }


# ---------------------------------------------------------------------------------------------
# Texts


def load_articles(source: str | Path | None = None, n: int = 100) -> tuple[list[Article], str]:
    """N articles from `source` (see the module docstring), repeated with numbered copies."""
    path = Path(source) if source else (basil_dir() or EXAMPLES)
    base = [a for a in _read(path) if isinstance(a, Article)]
    if not base:
        raise ValueError(f"{path}: no usable articles found; pass a JSONL file or a folder")
    out: list[Article] = []
    copy = 0
    while len(out) < n:
        for art in base:
            if len(out) >= n:
                break
            out.append(art if copy == 0 else _copy(art, copy))
        copy += 1
    return out, str(path)


def _read(path: Path) -> Iterator[Any]:
    if path.is_dir() and any(path.rglob("*.json")):
        yield from _basil(path)
    else:
        yield from iter_inputs([str(path)], Options())


def _basil(folder: Path) -> Iterator[Article]:
    """BASIL articles (JSON files), read as the story scorer reads them."""
    from .eval.stories import article_of

    for f in sorted(folder.rglob("*.json")):
        art = article_of(f, json.loads(f.read_text(encoding="utf-8")))
        if art is not None:
            yield art


def _copy(art: Article, k: int) -> Article:
    text = f"[copy {k}]\n\n{art.text}"
    ext = f"{art.external_id or art.id}#copy{k}"
    return Article(
        article_id(text), text, art.title, art.outlet, art.published, art.url, art.source, ext
    )


# ---------------------------------------------------------------------------------------------
# The runs


def bench(
    source: str | Path | None = None,
    n: int = 100,
    workers: int | None = None,
    batch_size: int = engines.BATCH_SIZE,
    model: str = DEFAULT_MODEL,
    spark: bool = False,
    pool: bool = True,
    single: bool = True,
    bare: bool = True,
) -> BenchResult:
    """Time bare parsing, the full analysis on 1 process and on a pool (and Spark)."""
    articles, where = load_articles(source, n)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    workers = workers or engines.default_workers()
    result = BenchResult(
        articles=len(articles),
        words=words,
        source=where,
        batch_size=batch_size,
        workers=workers,
        extractors=[e.label for e in EXTRACTORS],
    )
    pipe = nlp.load(model)
    list(pipe.pipe(texts[:2], batch_size=batch_size))  # warm caches before the clock
    engines.warm_up(model)  # extractors load their data on first use

    def timed(name: str, fn: Any) -> Any:
        start, cpu = time.perf_counter(), time.process_time()
        out = fn()
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        result.runs.append(Rate(name, wall, len(articles), words, cpu))
        return out

    if bare:
        timed(
            "bare spaCy nlp.pipe", lambda: sum(1 for _ in pipe.pipe(texts, batch_size=batch_size))
        )
    if single:
        result.events = timed(
            "full, 1 process",
            lambda: sum(len(a.events) for a in analyze_articles(articles, model, batch_size, True)),
        )
    if pool and workers > 1:
        start = time.perf_counter()
        with engines.LocalPool(model, workers, batch_size, keep_going=True) as local:
            # workers warm up in their initializer; wait until all have before timing
            before = local.wait_ready()
            result.pool_startup_s = time.perf_counter() - start
            timed(f"full, pool x{workers}", lambda: sum(1 for _ in local.analyze(articles)))
            after = local.wait_ready()
            run = result.runs[-1]
            workers_cpu = sum(after.values()) - sum(before.get(p, 0.0) for p in after)
            # the 0.2 s probe tasks of wait_ready are idle sleeps: CPU use is the analysis
            result.runs[-1] = Rate(
                run.name, run.seconds, run.articles, run.words, run.cpu_seconds + workers_cpu
            )
            result.peak_worker_rss_mb = local.worker_peak_rss_mb()
    if spark:
        result.runs.extend(_spark_runs(articles, workers, batch_size, model, words))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result.peak_rss_mb = own / 1024 if sys.platform != "darwin" else own / 1024 / 1024
    return result


def _spark_runs(
    articles: list[Article], workers: int, batch: int, model: str, words: int
) -> list[Rate]:
    """Spark local mode twice in one session: a cold job (JVM, Python workers, model and data
    loading included) and the same job again on the warm session (workers are reused)."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    out: list[Rate] = []
    with tempfile.TemporaryDirectory(prefix="newsledger-bench-") as tmp:
        src = Path(tmp) / "in.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for a in articles:
                row = {"article_id": a.id, "text": a.text, "outlet": a.outlet}
                fh.write(json.dumps(row) + "\n")
        start = time.perf_counter()
        session = engines.spark_session(f"local[{workers}]")
        for label in ("cold, incl. start-up", "warm session"):
            job = engines.run_spark(
                src, Path(tmp) / "out", model=model, batch_size=batch,
                partitions=workers * 2, session=session,
            )  # fmt: skip
            seconds = time.perf_counter() - start if not out else job.seconds
            out.append(Rate(f"spark local[{workers}] {label}", seconds, len(articles), words))
        session.stop()
    return out


def format_table(result: BenchResult) -> str:
    """A readable table of a bench result."""
    lines = [
        f"{result.articles} articles, {result.words:,} words from {result.source}; "
        f"batch size {result.batch_size}; extractors: {', '.join(result.extractors) or 'none'}",
        f"{'run':<36} {'seconds':>9} {'articles/s':>11} {'words/s':>10} {'cores got':>9}",
    ]
    for r in result.runs:
        lines.append(
            f"{r.name:<36} {r.seconds:>9.2f} {r.articles_per_s:>11.1f} {r.words_per_s:>10,.0f}"
            f" {r.cores:>9.2f}"
        )
    if result.scaling is not None:
        lines.append(
            f"pool scaling over 1 process: {result.scaling:.2f}x on {result.workers} workers "
            f"(pool start-up {result.pool_startup_s:.1f} s, not timed)"
        )
    if result.cpu_scaling is not None:
        lines.append(
            f"pool work per CPU second over 1 process: {result.cpu_scaling:.2f} "
            "(on idle cores, scaling ~ workers x this)"
        )
    if result.full_over_bare is not None:
        lines.append(f"full / bare time: {result.full_over_bare:.2f}")
    lines.append(
        f"peak memory: {result.peak_rss_mb:.0f} MB this process, "
        f"{result.peak_worker_rss_mb:.0f} MB largest worker; {result.events} events"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """`python -m newsledger.bench [SOURCE] [-n N] [--workers W] [--batch-size B] [--spark]`."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m newsledger.bench", description=__doc__)
    parser.add_argument("source", nargs="?", default=None)
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=engines.BATCH_SIZE)
    parser.add_argument("--spark", action="store_true")
    parser.add_argument("--no-single", action="store_true", help="skip the 1-process run")
    parser.add_argument("--no-pool", action="store_true", help="skip the pool run")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare spaCy run")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    result = bench(
        args.source, args.n, args.workers, args.batch_size, spark=args.spark,
        pool=not args.no_pool, single=not args.no_single, bare=not args.no_bare,
    )  # fmt: skip
    print(json.dumps(result.to_dict(), indent=2) if args.json else format_table(result))


if __name__ == "__main__":
    main()
