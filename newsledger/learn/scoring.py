"""Scores for learned models: macro-F1 and accuracy with bootstrap confidence intervals.

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
