"""Shared machinery of the event gold sets: where the data lives, batched analysis of gold
sentences, the main event of a sentence, score arithmetic, de-duplication across sets, floors,
and the table printer.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from spacy.tokens import Doc

from .. import nlp
from ..config import DEFAULT_MODEL
from ..extract import Extractor
from ..ingest import article_id, normalise
from ..learn.readers import data_dir
from ..model import Analysis, Article, Event, Found
from ..pipeline import analysis_of, freeze
from . import Report, Score

BATCH_SIZE = 32


def default_file(*parts: str) -> Path | None:
    root = data_dir()
    if root is None:
        return None
    path = root.joinpath(*parts)
    return path if path.exists() else None


def sentence_key(text: str) -> str:
    """A normalised form of a sentence, to find the same sentence in two sets."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@dataclass(frozen=True, slots=True)
class GoldSentence:
    """One gold sentence, with the set's own coding kept as plain fields."""

    id: str
    text: str
    date: dt.date | None
    gold: dict


def dedupe(items: Iterable[GoldSentence], exclude: set[str] | None = None) -> list[GoldSentence]:
    """Drop sentences seen earlier in this set or in `exclude` (sentences of earlier sets)."""
    seen = set(exclude or ())
    out: list[GoldSentence] = []
    for item in items:
        key = sentence_key(item.text)
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out


def analyse(
    items: list[GoldSentence],
    model: str = DEFAULT_MODEL,
    extractors: list[Extractor] | None = None,
    prepare: Callable[[Doc, Article], Found] | None = None,
) -> Iterator[tuple[GoldSentence, Doc, Analysis]]:
    """Parse gold sentences in batches (nlp.pipe) and run the extractors on each."""
    # gold sentences are short and some are fictional: build articles directly rather than
    # through ingest's length and language checks
    articles = []
    for it in items:
        text = normalise(it.text)
        articles.append(Article(id=article_id(text), text=text, published=it.date,
                                source=it.id, external_id=it.id))  # fmt: skip
    docs = nlp.parse_many((a.text for a in articles), model, BATCH_SIZE)
    for item, article, doc in zip(items, articles, docs, strict=True):
        if prepare is None and extractors is None:
            yield item, doc, analysis_of(doc, article)
            continue
        found = prepare(doc, article) if prepare is not None else Found()
        for ex in extractors or ():
            found.add(ex.run(doc, article, found))
        yield item, doc, freeze(article, found)


def main_event(doc: Doc, events: Iterable[Event]) -> Event | None:
    """The sentence's main event: the one whose trigger sits highest in the parse tree
    (fewest steps to the root), the earliest on a tie."""
    best, best_key = None, None
    for ev in events:
        span = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
        if span is None:
            continue
        depth = min(_depth(t) for t in span)
        key = (depth, ev.evidence.start)
        if best_key is None or key < best_key:
            best, best_key = ev, key
    return best


def _depth(tok) -> int:
    n = 0
    while tok.head.i != tok.i and n < 50:
        tok, n = tok.head, n + 1
    return n


class Tally:
    """Per-name true/false positive and false negative counts."""

    def __init__(self) -> None:
        self.tp: dict[str, int] = {}
        self.fp: dict[str, int] = {}
        self.fn: dict[str, int] = {}

    def add(self, gold: str | None, pred: str | None) -> None:
        if gold is not None and gold == pred:
            self.tp[gold] = self.tp.get(gold, 0) + 1
            return
        if gold is not None:
            self.fn[gold] = self.fn.get(gold, 0) + 1
        if pred is not None:
            self.fp[pred] = self.fp.get(pred, 0) + 1

    def scores(self, names: Iterable[str] | None = None) -> list[Score]:
        keys = sorted(set(names) if names is not None else {*self.tp, *self.fp, *self.fn})
        return [Score(k, self.tp.get(k, 0), self.fp.get(k, 0), self.fn.get(k, 0)) for k in keys]

    def total(self, name: str) -> Score:
        return Score(name, sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))


def macro_f1(scores: list[Score]) -> float:
    return sum(s.f1 for s in scores) / len(scores) if scores else 0.0


@functools.cache
def floors() -> dict[str, dict[str, float]]:
    """The quality floors CI enforces: gold set -> headline figure -> minimum."""
    text = resources.files("newsledger").joinpath("eval/floors.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def below_floor(report: Report) -> list[str]:
    """The headline figures of `report` that fall below their floors."""
    want = floors().get(report.gold_set, {})
    return [
        f"{report.gold_set}: {name} = {report.headline.get(name, 0.0):.3f} < floor {floor:.3f}"
        for name, floor in want.items()
        if report.headline.get(name, 0.0) < floor
    ]


def run(
    name: str | None = None, limit: int | None = None, path: Path | None = None
) -> list[Report]:
    """Score one registered gold set (or all, in registry order when `name` is None)."""
    import importlib

    from . import GOLD_SETS

    if name is not None and name not in GOLD_SETS:
        known = ", ".join(GOLD_SETS)
        raise KeyError(f"unknown gold set {name!r}; known sets: {known}")
    names = [name] if name is not None else list(GOLD_SETS)
    reports = []
    for n in names:
        module = importlib.import_module(GOLD_SETS[n])
        reports.append(module.score(path if name is not None else None, limit))
    return reports


def format_report(report: Report) -> str:
    """A readable table: headline figures, then per-field and per-type P/R/F1."""
    from . import ROLES

    lines = [f"{report.gold_set}: {report.items} items"]
    if report.gold_set in ROLES:
        lines.append(f"  ({ROLES[report.gold_set]})")
    for name, value in report.headline.items():
        lines.append(f"  {name:<28} {value:6.3f}")
    for title, rows in (("field", report.fields), ("type", report.types)):
        if not rows:
            continue
        lines.append(f"  {title:<20} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
        for s in rows:
            lines.append(
                f"  {s.name:<20} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
                f"{s.tp:5d} {s.fp:5d} {s.fn:5d}"
            )
    lines.extend(f"  note: {n}" for n in report.notes)
    return "\n".join(lines)


def report_to_dict(report: Report) -> dict:
    """JSON-ready form of a report (for `--format json`)."""

    def row(s: Score) -> dict:
        return {"name": s.name, "precision": round(s.precision, 4), "recall": round(s.recall, 4),
                "f1": round(s.f1, 4), "tp": s.tp, "fp": s.fp, "fn": s.fn}  # fmt: skip

    from . import ROLES

    return {
        "gold_set": report.gold_set,
        "role": ROLES.get(report.gold_set),
        "items": report.items,
        "headline": {k: round(v, 4) for k, v in report.headline.items()},
        "fields": [row(s) for s in report.fields],
        "types": [row(s) for s in report.types],
        "notes": list(report.notes),
    }
