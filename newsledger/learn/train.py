"""`newsledger train`: rebuild shipped models from their configs and ../shared/data.

For each model: read `trained/<name>/config.yaml`, run its trainer (`TRAINERS`), and write
into the model's folder `weights.npz`, `meta.json` (sizes, the chosen hyperparameters, every
dev figure with its 95% interval, data sources and licences, speed) and `CARD.md`. Seeds are
fixed in the configs, so a rebuild gives the same figures. Needs the `train` extra
(scikit-learn).
"""

from __future__ import annotations

import importlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import cards, models
from . import corrections as corrected
from .readers import module as reader_module

# model name -> module with `train(config, model, progress) -> Trained`
TRAINERS: dict[str, str] = {
    "event_type": "newsledger.learn.event_type_training",
    "event_detect": "newsledger.learn.event_detect_training",
    "acled_subtype": "newsledger.learn.acled_subtype_training",
    "acled_sentence": "newsledger.learn.acled_sentence_training",
    "loaded_language": "newsledger.learn.loaded_language_training",
    "attribution": "newsledger.learn.attribution_training",
}


@dataclass(frozen=True)
class Corrections:
    """Analysts' corrections to train on: the store's annotations with their context
    (`Store.annotations_with_context`), the texts of the articles they correct, their weight."""

    annotations: list[dict]
    articles: list[str]
    weight: float = corrected.WEIGHT


def train(
    names: list[str] | None = None,
    out: Path | None = None,
    progress: Callable[[str], None] = print,
    corrections: Corrections | None = None,
) -> dict[str, dict]:
    """Train the named models (all when None); return each model's meta. With `corrections`,
    each model also learns from them, and its meta has `figures_before`: the shipped model
    on the same dev examples."""
    unknown = [n for n in names or () if n not in TRAINERS]
    if unknown:
        raise KeyError(f"unknown model {unknown[0]!r}; known models: {', '.join(TRAINERS)}")
    metas = {}
    for name in names or list(TRAINERS):
        source = models.trained_dir() / name
        folder = (out / name) if out is not None else source
        folder.mkdir(parents=True, exist_ok=True)
        config_text = (source / "config.yaml").read_text("utf-8")
        config = yaml.safe_load(config_text)
        progress(f"== {name}")
        before, used = None, None
        if corrections is not None:
            config, n = corrected.with_corrections(
                name, config, corrections.annotations, corrections.articles, corrections.weight
            )
            used = {
                "examples": n,
                "weight": corrections.weight,
                "articles": len(corrections.articles),
            }
            progress(
                f"{n} training examples from analysts' corrections; scoring the shipped "
                "model on the same dev examples first ..."
            )
            before = _before(TRAINERS[name], name, config)
        start = time.perf_counter()
        trainer = importlib.import_module(TRAINERS[name])
        extra = {}
        if "correction_rows" in config:  # the detector takes corrections as verb rows
            extra = {"extra_rows": config.pop("correction_rows"),
                     "extra_weight": config["train_sets"][corrected.NAME]}  # fmt: skip
        result = trainer.train(config, progress=progress, **extra)
        seconds = time.perf_counter() - start
        result.model.save(folder / models.WEIGHTS)
        meta = {
            "name": name,
            "version": config.get("version", 1),
            "threshold": result.threshold,
            "rule_precision": result.rule_precision,
            "C": result.c,
            "sizes": result.sizes,
            "figures": result.figures,
            "sources": _sources(config),
            "train_seconds": round(seconds),
            "weights_bytes": (folder / models.WEIGHTS).stat().st_size,
            "speed": result.speed,
            **result.extra,  # model-specific choices (a tagger's merge gap)
        }
        if corrections is not None:
            meta.update(corrections=used, figures_before=before)
        if folder != source:  # as written, with the comments that say why each choice
            (folder / "config.yaml").write_text(config_text, "utf-8")
        (folder / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", "utf-8")
        (folder / "CARD.md").write_text(cards.render(config, meta), "utf-8")
        models.load.cache_clear()
        progress(f"{name}: written to {folder} in {seconds:.0f} s")
        metas[name] = meta
    return metas


def _before(trainer_module: str, name: str, config: dict) -> dict:
    """The shipped model's dev figures on the dev examples of `config` (corrected articles
    left out, as in the retraining), computed as its trainer computes its own."""
    from .training import featurise, split_examples

    trainer = importlib.import_module(trainer_module)
    shipped = models.load(name)
    if name == "event_detect":  # its dev verbs are PLV's, never of a corrected article
        return trainer.dev_figures(shipped)[1]
    _, dev = split_examples(config)
    merged = {sub: top for top, subs in config.get("merged_labels", {}).items() for sub in subs}
    return trainer.evaluate(shipped.classifier, float(shipped.meta.get("threshold", 0.5)),
                            featurise(dev), config, merged, None,
                            shipped.meta.get("rule_precision", {}))  # fmt: skip


def _sources(config: dict) -> dict[str, dict]:
    """Each data set the model was trained or scored on, with its licence as published."""
    out = {}
    names = [*config.get("train_sets", {}), *config.get("none_sets", {}),
             *config.get("dev_sets", [])]  # fmt: skip
    for name in dict.fromkeys(names):
        mod = corrected if name == corrected.NAME else reader_module(name)
        out[name] = {"licence": mod.LICENCE, "kind": mod.KIND,
                     "role": "train" if name == corrected.NAME else
                     "train + dev" if name in config.get("train_sets", {}) else
                     "train (sentences without events: NONE)" if name in
                     config.get("none_sets", {}) else "dev only"}  # fmt: skip
    return out
