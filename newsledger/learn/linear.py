"""A linear classifier over sparse binary features, run with numpy alone.

Trained with scikit-learn's multinomial LogisticRegression (`learn.train`), shipped as plain
arrays in an `.npz` file (labels, feature vocabulary, weights, bias), so inference needs no
scikit-learn and no pickle: loading is reading arrays, never running code from a file.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class LinearModel:
    """Labels, feature index and weights of a trained linear classifier."""

    labels: tuple[str, ...]
    vocab: dict[str, int]
    weights: np.ndarray  # (features, labels) float32
    bias: np.ndarray  # (labels,) float32

    def scores(self, batch: list[list[str]]) -> np.ndarray:
        """Raw scores, one row per feature list (unknown features are ignored)."""
        out = np.tile(self.bias, (len(batch), 1))
        for row, feats in enumerate(batch):
            idx = [self.vocab[f] for f in set(feats) if f in self.vocab]
            if idx:
                out[row] += self.weights[idx].sum(axis=0)
        return out

    def predict_proba(self, batch: list[list[str]]) -> np.ndarray:
        """Class probabilities (softmax of the scores), one row per feature list."""
        s = self.scores(batch)
        s -= s.max(axis=1, keepdims=True)
        np.exp(s, out=s)
        return s / s.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        features = sorted(self.vocab, key=self.vocab.__getitem__)
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            features=np.array(features),
            weights=self.weights.astype(np.float16),  # halves the file; scores move < 1e-3
            bias=self.bias.astype(np.float32),
        )

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        """Read a saved model; raises ValueError when the file is not one."""
        try:
            # our own handle: numpy leaks its file when the zip is broken
            with open(path, "rb") as fh, np.load(fh, allow_pickle=False) as data:
                labels = tuple(str(x) for x in data["labels"])
                features = [str(x) for x in data["features"]]
                weights = data["weights"].astype(np.float32)
                bias = data["bias"].astype(np.float32)
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile) as exc:
            reason = f"{type(exc).__name__}: {exc}"
            raise ValueError(f"not a newsledger linear model ({reason})") from exc
        if weights.shape != (len(features), len(labels)) or bias.shape != (len(labels),):
            raise ValueError(f"inconsistent shapes: weights {weights.shape}, bias {bias.shape}, "
                             f"{len(features)} features, {len(labels)} labels")  # fmt: skip
        return cls(labels, {f: i for i, f in enumerate(features)}, weights, bias)
