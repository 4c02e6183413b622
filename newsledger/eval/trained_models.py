"""Shipped models on data they never trained on: each model's own dev split (seeded in its
config) and the dev-only sets it lists (realnews-dev), beside the rules alone, recomputed
live from the shipped weights and `../shared/data`. Baselines that do not ship (the
words-only learner) are read from the model's meta.json, written by `newsledger train`.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ..learn import models
from ..learn.readers import data_dir
from ..learn.train import TRAINERS
from . import Report

_KEY = {"zsp-plv-train": "plv", "plover-gsr": "plover_gsr", "realnews-dev": "realnews",
        "acled-notes": "acled_notes", "persuasion (news)": "news",
        "acled-news-train": "news_labelled",
        "checkthat24-persuasion-en": "checkthat24", "semeval2023-t3-en-dev": "semeval2023",
        "semeval2021-t6-memes": "memes"}  # fmt: skip


def default_path() -> Path | None:
    return data_dir()


def score_model(name: str, gold_set: str, limit: int | None = None) -> Report:
    """Every dev figure of shipped model `name`, with sizes and 95% intervals."""
    model = models.load(name)
    trainer = importlib.import_module(TRAINERS[name])
    items, figures = trainer.dev_figures(model, limit)
    saved = model.meta.get("figures", {})
    report = Report(gold_set=gold_set, items=items)
    for dev_set, systems in figures.items():
        for system, figs in systems.items():
            if system == "words-baseline":
                continue  # not shipped: its figure is in the model's meta
            for metric, fig in figs.items():
                name = {"rules+model": "shipped"}.get(system, system)
                key = f"{_KEY.get(dev_set, dev_set)}_{name}".replace(" ", "_")
                report.headline[f"{key}_{metric}"] = fig["value"]
                lo, hi = fig["ci95"]
                report.notes.append(f"{dev_set} {system} {metric}: {fig['value']:.3f} "
                                    f"[{lo:.3f}, {hi:.3f}] n={fig['n']}")  # fmt: skip
        base = saved.get(dev_set, {}).get("words-baseline")
        if base:
            f = base["macro_f1"]
            report.notes.append(f"{dev_set} words-only baseline macro_f1 (from training): "
                                f"{f['value']:.3f} [{f['ci95'][0]:.3f}, {f['ci95'][1]:.3f}]")
    report.notes.append("all figures on data the model never trained on; shipped = rules + "
                        "model, as newsledger runs; classifier = the model alone on every "
                        "example (what recoding could reach if the rules found every event); "
                        "lexicon = the slant lexicon alone; stage = the slant stage as "
                        "newsledger runs it (tagger cores at the marker cut, the lexicon, voice "
                        "rules), outlet's and speakers' markers together")
    return report
