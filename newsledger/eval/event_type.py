"""The shipped event-type model on data it never trained on: the dev side of its split
(zsp-plv-train, plover-gsr) and realnews-dev, beside the rules alone.

Recomputed live from the shipped weights and `../shared/data`: the split is the model's own
(`learn.event_type_training.split_examples`, seeded in its config), so every figure is on dev
data, with its size and a 95% bootstrap interval. The words-only baseline is not shipped; its
figures are read from the model's meta.json (written by `newsledger train`).
"""

from __future__ import annotations

from pathlib import Path

from ..learn import event_type_training as training
from ..learn import models
from ..learn.readers import data_dir
from . import Report

NAME = "event-type"
DESCRIPTION = "the shipped event-type model on its dev split and realnews-dev, beside the rules"
_KEY = {"zsp-plv-train": "plv", "plover-gsr": "plover_gsr", "realnews-dev": "realnews"}


def default_path() -> Path | None:
    return data_dir()


def score(path: Path | None = None, limit: int | None = None) -> Report:
    model = models.load(training.NAME)
    config = model.config
    _, dev = training.split_examples(config)
    dev = dev[:limit] if limit else dev
    merged = {sub: top for top, subs in config.get("merged_labels", {}).items() for sub in subs}
    rows = training.featurise(dev)
    figures = training.evaluate(model.classifier, float(model.meta.get("threshold", 0.5)),
                                rows, config, merged)  # fmt: skip
    saved = model.meta.get("figures", {})
    report = Report(gold_set=NAME, items=len(rows))
    for name, systems in figures.items():
        for system in ("rules", "rules+model", "classifier"):
            for metric, fig in systems[system].items():
                key = f"{_KEY.get(name, name)}_{system.replace('rules+model', 'shipped')}_{metric}"
                report.headline[key] = fig["value"]
                lo, hi = fig["ci95"]
                report.notes.append(f"{name} {system} {metric}: {fig['value']:.3f} "
                                    f"[{lo:.3f}, {hi:.3f}] n={fig['n']}")  # fmt: skip
        base = saved.get(name, {}).get("words-baseline")
        if base:
            f = base["macro_f1"]
            report.notes.append(f"{name} words-only baseline macro_f1 (from training): "
                                f"{f['value']:.3f} [{f['ci95'][0]:.3f}, {f['ci95'][1]:.3f}]")
    report.notes.append("all figures on dev data: the model never trained on these sentences; "
                        "realnews-dev is never trained on (a gold event the rules miss counts "
                        "as wrong); shipped = rules + model, as newsledger runs")  # fmt: skip
    return report
