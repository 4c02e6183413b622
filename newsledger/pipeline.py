"""One article in, its records out: parse with the shared pipeline, run the extractors.

`analyze_docs` is the pure per-article function every engine runs (in-process, process pool,
Spark); it touches no store.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from . import nlp
from .config import DEFAULT_MODEL
from .errors import ExtractorError
from .extract import FailureHandler, raise_failure, run_extractors
from .ingest import article_from_text
from .model import Analysis, Article, Found, Rejection
from .offsets import in_input
from .store import Store


def analyze(
    text: str,
    published: dt.date | str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    model: str = DEFAULT_MODEL,
) -> Analysis:
    """Analyse one text and return its records (nothing is stored)."""
    article = article_from_text(text, source="<text>", published=published, outlet=outlet,
                                title=title)
    return analyze_article(article, model=model)


def analyze_article(
    article: Article, model: str = DEFAULT_MODEL, on_failure: FailureHandler = raise_failure
) -> Analysis:
    """Analyse one `Article`."""
    doc = nlp.parse(article.text, model)
    return analysis_of(doc, article, on_failure)


def analyze_articles(
    articles: Iterable[Article],
    model: str = DEFAULT_MODEL,
    batch_size: int = 32,
    keep_going: bool = False,
) -> Iterator[Analysis]:
    """Analyse many articles with batched parsing, keeping input order."""
    buffered: list[Article] = []

    def texts() -> Iterator[str]:
        for art in articles:
            buffered.append(art)
            yield art.text

    handler = _record_failure if keep_going else raise_failure
    for doc in nlp.parse_many(texts(), model, batch_size):
        yield analysis_of(doc, buffered.pop(0), handler)


def _record_failure(error: ExtractorError) -> None:
    """With keep-going, a failing extractor is recorded on the analysis, not raised."""


def analysis_of(doc: Doc, article: Article, on_failure: FailureHandler = raise_failure) -> Analysis:
    """Run the extractors over a parsed doc and freeze what they found."""
    found, failures = run_extractors(doc, article, on_failure=on_failure)
    return freeze(article, found, failures)


def freeze(article: Article, found: Found, failures: list[str] | None = None) -> Analysis:
    """The records as an `Analysis`, their spans moved from the normalised text the
    extractors read to the text as given (`offsets.in_input`): the one place that happens."""
    return in_input(Analysis(
        article=article,
        actors=tuple(found.actors),
        mentions=tuple(found.mentions),
        places=tuple(found.places),
        attributions=tuple(found.attributions),
        events=tuple(found.events),
        claims=tuple(found.claims),
        markers=tuple(found.markers),
        rejections=tuple(failures or ()),
    ))


# ---------------------------------------------------------------------------------------------
# Ingest into a store


@dataclass(slots=True)
class IngestSummary:
    """What one ingest run did."""

    stored: int = 0
    duplicates: int = 0
    copies: int = 0  # stored texts carried by another outlet (store_copies)
    rejected: Counter[str] = field(default_factory=Counter)
    failed: list[str] = field(default_factory=list)

    def line(self) -> str:
        reasons = ", ".join(f"{n} {r}" for r, n in self.rejected.most_common())
        rejected = sum(self.rejected.values())
        copies = f"{self.copies} copies by other outlets, " if self.copies else ""
        text = (f"{self.stored} stored, {copies}{self.duplicates} duplicates, "
                f"{rejected} rejected")
        return text + (f" ({reasons})" if reasons else "")


def ingest(
    items: Iterable[Article | Rejection],
    store: Store,
    model: str = DEFAULT_MODEL,
    batch_size: int = 32,
    commit_every: int = 64,
    keep_going: bool = False,
    on_progress: Callable[[int], None] | None = None,
    analyze: Callable[[list[Article]], Iterable[Analysis]] | None = None,
) -> IngestSummary:
    """Analyse new articles and store them, `commit_every` articles a transaction.

    Articles already stored are skipped before parsing, so a re-run after an interruption
    only does the work that was lost, and never stores an article twice. `analyze` replaces
    in-process analysis, e.g. by a process pool: `with engines.analyzer("local") as fn: ...`.
    """
    summary = IngestSummary()
    seen: set[str] = set()
    for chunk in _chunks(items, commit_every):
        rejections = [i for i in chunk if isinstance(i, Rejection)]
        articles = [i for i in chunk if isinstance(i, Article)]
        known = store.known_ids(a.id for a in articles) | seen
        fresh: list[Article] = []
        again: list[Article] = []
        for art in articles:
            if art.id in known:
                again.append(art)
            else:
                known.add(art.id)
                fresh.append(art)
        if analyze is not None:
            analyses = list(analyze(fresh))
        else:
            analyses = list(analyze_articles(fresh, model, batch_size, keep_going=keep_going))
        for analysis in analyses:
            summary.failed.extend(analysis.rejections)
        summary.stored += store.save_many(analyses)
        seen.update(a.id for a in fresh)
        copies = store.save_copies(again)  # the same text from another outlet
        summary.copies += copies
        summary.duplicates += len(again) - copies
        store.save_rejections(rejections)
        summary.rejected.update(r.reason for r in rejections)
        if on_progress:
            on_progress(len(chunk))
    return summary


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ingest_engine_output(
    output_dir: str | Path, store: Store, commit_every: int = 256,
    on_progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Store what a cluster engine wrote (`engines.run_spark`: Parquet, one row an article).

    The rows carry `Analysis.to_dict()` (with the text, and the text as given where it differs)
    as JSON, or a rejection; ids already stored are skipped, so loading the same output twice
    is a no-op.
    """
    import json

    import pyarrow.dataset as ds

    from .model import analysis_from_dict

    summary = IngestSummary()
    dataset = ds.dataset(str(output_dir), format="parquet")
    for batch in dataset.to_batches(columns=["analysis", "rejection"], batch_size=commit_every):
        analyses: list[Analysis] = []
        rejections: list[Rejection] = []
        for row in batch.to_pylist():
            if row["rejection"]:
                r = json.loads(row["rejection"])
                rejections.append(Rejection(r["source"], r["reason"], r["detail"]))
                continue
            data = json.loads(row["analysis"])
            analyses.append(analysis_from_dict(data, data.get("text") or "", data.get("original")))
        known = store.known_ids(a.article.id for a in analyses)
        summary.stored += store.save_many([a for a in analyses if a.article.id not in known])
        again = [a.article for a in analyses if a.article.id in known]
        copies = store.save_copies(again)
        summary.copies += copies
        summary.duplicates += len(again) - copies
        store.save_rejections(rejections)
        summary.rejected.update(r.reason for r in rejections)
        if on_progress:
            on_progress(batch.num_rows)
    return summary
