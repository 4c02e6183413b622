"""Calibrated confidence: a model's score turned into the probability that its reading is right.

Method: isotonic regression (Zadrozny & Elkan, KDD 2002; scikit-learn's `IsotonicRegression`)
fitted at training time on out-of-fold scores of the train split against whether the final
reading was right; shipped as its breakpoints in `meta.json` and applied with `numpy.interp`,
so inference needs no scikit-learn. Judged on the dev split by expected calibration error
(ECE, Naeini et al., AAAI 2015: the bin-weighted gap between mean confidence and accuracy,
10 equal-width bins) and a reliability table for the model card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

BINS = 10


@dataclass(frozen=True, slots=True)
class Calibrator:
    """A monotone map from a raw score in [0, 1] to a probability of being right."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def __call__(self, score: float) -> float:
        if not self.xs:
            return float(score)
        return round(float(np.interp(score, self.xs, self.ys)), 3)

    def to_dict(self) -> dict:
        return {"x": list(self.xs), "y": list(self.ys)}

    @classmethod
    def from_dict(cls, data: dict | None) -> Calibrator | None:
        if not data or len(data.get("x", ())) != len(data.get("y", ())):
            return None
        return cls(tuple(float(x) for x in data["x"]), tuple(float(y) for y in data["y"]))


def fit(scores: Sequence[float], right: Sequence[bool]) -> Calibrator:
    """Isotonic regression of `right` on `scores` (training only: needs scikit-learn)."""
    from sklearn.isotonic import IsotonicRegression

    if not len(scores):
        return Calibrator((), ())  # nothing to fit (no detected events without NONE rows): identity
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    iso.fit(np.asarray(scores, dtype=float), np.asarray(right, dtype=float))
    xs, ys = iso.X_thresholds_, iso.y_thresholds_
    return Calibrator(tuple(round(float(x), 4) for x in xs), tuple(round(float(y), 4) for y in ys))


def reliability(probs: Sequence[float], right: Sequence[bool], bins: int = BINS) -> list[dict]:
    """Per equal-width bin: how many records, their mean confidence and how many were right."""
    p = np.asarray(probs, dtype=float)
    r = np.asarray(right, dtype=float)
    index = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        mask = index == b
        if mask.any():
            rows.append({"bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}", "n": int(mask.sum()),
                         "confidence": round(float(p[mask].mean()), 3),
                         "accuracy": round(float(r[mask].mean()), 3)})  # fmt: skip
    return rows


def ece(probs: Sequence[float], right: Sequence[bool], bins: int = BINS) -> float:
    """Expected calibration error: sum over bins of (share of records) x |confidence - accuracy|."""
    n = len(probs)
    if not n:
        return 0.0
    rows = reliability(probs, right, bins)
    return round(sum(row["n"] / n * abs(row["confidence"] - row["accuracy"]) for row in rows), 4)
