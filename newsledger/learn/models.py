"""The run-time interface to shipped models: load once per process, predict in batches.

A shipped model is a folder `newsledger/trained/<name>/` holding `config.yaml` (every choice
that made it), `weights.npz` (a `linear.LinearModel`), `meta.json` (its dev figures) and
`CARD.md`. An extractor asks `model_for(name)`: the model, or None when models are switched
off (`NEWSLEDGER_MODELS=rules`, or `rules_only()` while training builds the rules' view).
A missing or corrupt file is never a silent rule-only run: it raises `TrainedModelError`
under `NEWSLEDGER_MODELS=require`, and otherwise prints one line naming the file on stderr
(once per process) and the extractor falls back to its rules, labelling its records so.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from ..errors import TrainedModelError
from .linear import LinearModel

WEIGHTS = "weights.npz"
_state: dict = {"rules_only": False, "only": None}
_reported: set[str] = set()


def trained_dir() -> Path:
    """Where shipped models live: the package's `trained/` folder."""
    return Path(str(resources.files("newsledger").joinpath("trained")))


@dataclass(frozen=True)
class ShippedModel:
    """A loaded model: its name, config, dev figures and classifier."""

    name: str
    folder: Path
    config: dict
    meta: dict
    classifier: LinearModel

    @property
    def labels(self) -> tuple[str, ...]:
        return self.classifier.labels

    def predict(self, batch: list[list[str]]) -> np.ndarray:
        """Class probabilities for a batch of feature lists (rows follow `labels`)."""
        return self.classifier.predict_proba(batch) if batch else np.zeros((0, len(self.labels)))


def mode() -> str:
    """`NEWSLEDGER_MODELS`: "on" (default), "rules" (models off) or "require" (no fallback)."""
    value = os.environ.get("NEWSLEDGER_MODELS", "on").strip().lower()
    return value if value in ("on", "rules", "require") else "on"


@contextlib.contextmanager
def rules_only() -> Iterator[None]:
    """Switch models off inside the block (training reads the rules' own output)."""
    before = _state["rules_only"]
    _state["rules_only"] = True
    try:
        yield
    finally:
        _state["rules_only"] = before


@contextlib.contextmanager
def only(*names: str) -> Iterator[None]:
    """Switch every model but `names` off inside the block (training reads the rules' output
    with the event detector's proposals, as the events stage makes them)."""
    before = _state["only"]
    _state["only"] = frozenset(names)
    try:
        yield
    finally:
        _state["only"] = before


def restricted() -> bool:
    """Is an `only` block in force (training's view of one model's proposals)?"""
    return _state["only"] is not None


def model_for(name: str, folder: Path | None = None) -> ShippedModel | None:
    """The shipped model `name`, or None when models are off or its files are unusable (then
    one line on stderr says which file and why, once per process)."""
    if _state["rules_only"] or mode() == "rules":
        return None
    if _state["only"] is not None and name not in _state["only"]:
        return None
    try:
        return load(name, folder)
    except TrainedModelError as exc:
        if mode() == "require":
            raise
        if exc.path not in _reported:
            _reported.add(exc.path)
            print(f"newsledger: {exc} -- falling back to rules", file=sys.stderr)
        return None


@functools.cache
def load(name: str, folder: Path | None = None) -> ShippedModel:
    """Load model `name` from `folder` (default: the package's trained models), once."""
    folder = folder or trained_dir() / name
    weights = folder / WEIGHTS
    if not weights.is_file():
        raise TrainedModelError(name, str(weights), "is missing")
    try:
        classifier = LinearModel.load(weights)
    except ValueError as exc:
        raise TrainedModelError(name, str(weights), f"is corrupt: {exc}") from exc
    try:
        config = yaml.safe_load((folder / "config.yaml").read_text("utf-8")) or {}
        meta_path = folder / "meta.json"
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.is_file() else {}
    except (OSError, yaml.YAMLError, json.JSONDecodeError) as exc:
        raise TrainedModelError(name, str(folder / "config.yaml"), f"is unreadable: {exc}") from exc
    return ShippedModel(name, folder, config, meta, classifier)
