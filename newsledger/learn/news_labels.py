"""ACLED sub-types of news texts, labelled by hand for training (`acled_sentence`,
`acled_subtype`).

ACLED's coder notes teach the sub-types in a coder's words; news tells them in others ("the
army pounded rebel positions", "a roadside bomb ripped through a convoy"). These rows are news
sentences and short stories from the train sides of PLV, ConfliBERT's CAMEO classes and NGEC's
synthetic stories, each labelled blind from the ACLED codebook with its sub-type or NONE. The
package ships only their ids and labels (`data/train/acled_news_train.yaml`); the texts are
read from `../shared/data` at training time. None is in any dev split or in the held-out or
development news labels of `newsledger eval acled-news` (a test guards it).
"""

from __future__ import annotations

import re
from importlib import resources

import yaml

from . import splits
from .examples import LabelledText
from .readers import read

NAME = "acled-news-train"
LABELS = "data/train/acled_news_train.yaml"
NONE = "NONE"


def labels(path: str = LABELS) -> dict[str, list[str]]:
    """"<set>|<id>" -> its accepted sub-types, the labeller's choice first ([NONE]: none)."""
    text = resources.files("newsledger").joinpath(path).read_text(encoding="utf-8")
    return {key: list(accepted) for key, accepted in (yaml.safe_load(text) or {}).items()}


def examples(weight: float = 1.0, path: str = LABELS) -> list[LabelledText]:
    """The labelled news texts (NONE rows included), each of weight `weight`; a set missing
    from the data directory gives none of its rows."""
    wanted = labels(path)
    by_set: dict[str, list[str]] = {}
    for key in wanted:
        dataset, _, item = key.partition("|")
        by_set.setdefault(dataset, []).append(item)
    out = []
    for dataset, ids in sorted(by_set.items()):
        try:
            texts = {ex.id: ex.text for ex in read(dataset)}
        except FileNotFoundError:
            continue
        for item in ids:
            if item not in texts:
                continue
            accepted = wanted[f"{dataset}|{item}"]
            text = re.sub(r"</?[st]>", "", texts[item]).strip()  # PLV's source/target marks
            out.append(LabelledText(NAME, f"{dataset}|{item}", text, accepted[0],
                                    group=f"{dataset}|{item}", extra={"accepted": accepted},
                                    weight=weight))  # fmt: skip
    return out


def split(config: dict) -> tuple[list[LabelledText], list[LabelledText]]:
    """The labelled news texts of a model's config (`news_labels`: weight, dev_fraction),
    split by the config's seed; every model that reads them splits them alike."""
    spec = config.get("news_labels") or {}
    if not spec:
        return [], []
    rows = examples(float(spec.get("weight", 1.0)))
    parts = splits.assign(rows, int(config["split"]["seed"]), float(spec.get("dev_fraction", 0)))
    return list(parts.train), list(parts.dev)
