"""Scores for learned models: macro-F1 and accuracy, and span precision/recall/F1 with partial
credit (SemEval-2020 Task 11 span identification), with bootstrap confidence intervals.

A 95% interval is the 2.5th and 97.5th percentiles of the figure over resamples (with
replacement, seeded) of the scored examples, or of whole groups (articles) when given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure on a dev split: value, 95% interval and the number of items behind it."""

    name: str
    value: float
    low: float
    high: float
    n: int

    def __str__(self) -> str:
        return f"{self.name} {self.value:.3f} [{self.low:.3f}, {self.high:.3f}] (n={self.n})"

    def to_dict(self) -> dict:
        return {"value": round(self.value, 4), "ci95": [round(self.low, 4), round(self.high, 4)],
                "n": self.n}  # fmt: skip


def macro_f1(gold: Sequence[str], pred: Sequence[str | None]) -> float:
    """Macro-averaged F1 over the labels that occur in `gold` (a None prediction is a miss)."""
    labels = sorted(set(gold))
    if not labels:
        return 0.0
    total = 0.0
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        total += 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return total / len(labels)


def accuracy(gold: Sequence[str], pred: Sequence[str | None]) -> float:
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0


def figure(
    name: str,
    metric: Callable[[Sequence, Sequence], float],
    gold: Sequence,
    pred: Sequence,
    resamples: int = 1000,
    seed: int = 0,
    groups: Sequence[str] | None = None,
) -> Figure:
    """`metric(gold, pred)` with a bootstrap 95% interval (over groups when given)."""
    value = metric(gold, pred)
    if not gold:
        return Figure(name, 0.0, 0.0, 0.0, 0)
    rng = np.random.default_rng(seed)
    if groups is None:
        units = [[i] for i in range(len(gold))]
    else:
        by_group: dict[str, list[int]] = {}
        for i, g in enumerate(groups):
            by_group.setdefault(g, []).append(i)
        units = list(by_group.values())
    stats = []
    for _ in range(resamples):
        picks = rng.integers(0, len(units), len(units))
        idx = [i for u in picks for i in units[u]]
        stats.append(metric([gold[i] for i in idx], [pred[i] for i in idx]))
    low, high = np.percentile(stats, [2.5, 97.5])
    return Figure(name, value, float(low), float(high), len(gold))


# ---- span identification (SemEval-2020 Task 11, partial credit) -------------------------------

Spans = Sequence[tuple[int, int]]


def merge_spans(spans: Spans) -> list[tuple[int, int]]:
    """Overlapping character spans joined into one (the span-identification task ignores the
    technique, so two overlapping gold spans are one stretch of loaded text)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def span_sums(gold: Spans, pred: Spans) -> tuple[float, int, float, int]:
    """For one article: (sum over predicted spans of overlap / len(pred), number predicted,
    sum over gold spans of overlap / len(gold), number gold), in characters."""
    gold, pred = merge_spans(gold), merge_spans(pred)
    p = sum(_overlap(s, gold) / (s[1] - s[0]) for s in pred)
    r = sum(_overlap(t, pred) / (t[1] - t[0]) for t in gold)
    return p, len(pred), r, len(gold)


def _overlap(span: tuple[int, int], others: list[tuple[int, int]]) -> int:
    return sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in others)


def _totals(golds: Sequence[Spans], preds: Sequence[Spans]) -> tuple[float, float]:
    p = n_p = r = n_g = 0.0
    for gold, pred in zip(golds, preds, strict=True):
        a, b, c, d = span_sums(gold, pred)
        p, n_p, r, n_g = p + a, n_p + b, r + c, n_g + d
    return (p / n_p if n_p else 0.0), (r / n_g if n_g else 0.0)


def span_precision(golds: Sequence[Spans], preds: Sequence[Spans]) -> float:
    """Partial-credit precision over articles (each item: one article's spans)."""
    return _totals(golds, preds)[0]


def span_recall(golds: Sequence[Spans], preds: Sequence[Spans]) -> float:
    """Partial-credit recall over articles."""
    return _totals(golds, preds)[1]


def span_f1(golds: Sequence[Spans], preds: Sequence[Spans]) -> float:
    """Harmonic mean of partial-credit precision and recall (0 when both are 0)."""
    p, r = _totals(golds, preds)
    return 2 * p * r / (p + r) if p + r else 0.0
