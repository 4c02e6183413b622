"""newsledger's ACLED sub-type on the WHOLE dev split of the ACLED notes, at its natural
distribution (`newsledger eval acled-subtype` scores a draw capped per sub-type, which weighs
the rare sub-types as much as the peaceful protests that dominate the notes).

Usage: NEWSLEDGER_DATA=../shared/data PYTHONPATH=. python scripts/acled_full_dev.py

The split is the ACLED sub-type model's own (seeded in its config), so no note scored here was
trained on by it or by the ACLED sentence model. Prints the weighted F1 (scikit-learn's
"weighted": F1 per gold sub-type averaged by its support) and accuracy, with 95% bootstrap
intervals, of "pipeline" (the note's ACLED event) and "pipeline-main" (its main event), and
the share of notes with no event. About a minute on 2 cores.
"""

from __future__ import annotations

from collections import Counter
from importlib import resources

import yaml

from newsledger.learn.acled_subtype_training import pipeline_subtypes, relabel, weighted_f1
from newsledger.learn.scoring import accuracy, figure
from newsledger.learn.training import split_examples


def main() -> None:
    path = resources.files("newsledger").joinpath("trained/acled_subtype/config.yaml")
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    _, dev = split_examples(config, None, relabel)
    dev = [ex for ex in dev if ex.dataset == "acled-notes"]
    counts = Counter(ex.label for ex in dev)
    print(f"{len(dev)} dev notes, {len(counts)} sub-types; largest: {counts.most_common(3)}")
    out = pipeline_subtypes(dev)
    groups = [ex.group or ex.id for ex in dev]
    for system in ("pipeline", "pipeline-main"):
        pred = [out[system][ex.id] for ex in dev]
        weighted = figure("weighted_f1", weighted_f1, [(ex.label, 1.0) for ex in dev], pred,
                          1000, 0, groups)  # fmt: skip
        acc = figure("accuracy", accuracy, [ex.label for ex in dev], pred, 1000, 0, groups)
        print(f"{system}: {weighted}  {acc}")
    none = sum(out["outcome"][ex.id] == "no event" for ex in dev)
    print(f"no event: {none} of {len(dev)} ({none / len(dev):.3f})")


if __name__ == "__main__":
    main()
