"""ACLED sub-types of news texts, labelled by hand for training (`acled_sentence`,
`acled_subtype`).

ACLED's coder notes teach the sub-types in a coder's words; news tells them in others ("the
army pounded rebel positions", "a roadside bomb ripped through a convoy"). These rows are news
sentences and short stories from the train sides of PLV, ConfliBERT's CAMEO classes and NGEC's
synthetic stories, and sentences of PolNeAR's train articles (2016 US political news, keyword-
prefiltered: shootings and protests named in passing, and much that is no event), each labelled
blind from the ACLED codebook with its sub-type or NONE. The package ships only their ids and
labels (`data/train/acled_news_train*.yaml`, one file per labelling round; an article's
sentence is keyed "<set>|<article>|<start>-<end>"); the texts are read from `../shared/data`
at training time.
None is in any dev split or in the held-out or development news labels of `newsledger eval
acled-news` (a test guards it).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

import yaml

from . import splits
from .examples import LabelledText
from .readers import read
from .readers.plv import unmarked

NAME = "acled-news-train"
# the label files, one per labelling round (package data)
LABELS = ("data/train/acled_news_train.yaml", "data/train/acled_news_train_2.yaml")
NONE = "NONE"


def labels(paths: Sequence[str] = LABELS) -> dict[str, list[str]]:
    """"<set>|<id>" -> its accepted sub-types, the labeller's choice first ([NONE]: none)."""
    out: dict[str, list[str]] = {}
    for path in paths:
        text = resources.files("newsledger").joinpath(path).read_text(encoding="utf-8")
        out |= {key: list(accepted) for key, accepted in (yaml.safe_load(text) or {}).items()}
    return out


def examples(weight: float = 1.0, paths: Sequence[str] = LABELS) -> list[LabelledText]:
    """The labelled news texts (NONE rows included), each of weight `weight`; a set missing
    from the data directory gives none of its rows."""
    wanted = labels(paths)
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
            text = item_text(texts, item)
            if text is None:
                continue
            accepted = wanted[f"{dataset}|{item}"]
            text = unmarked(text).strip()
            out.append(LabelledText(NAME, f"{dataset}|{item}", text, accepted[0],
                                    group=f"{dataset}|{item}", extra={"accepted": accepted},
                                    weight=weight))  # fmt: skip
    return out


def item_text(texts: dict[str, str], item: str) -> str | None:
    """An item's text: a sentence or story by its id, or an article's span ("<id>|120-310")."""
    if item in texts:
        return texts[item]
    article, _, offsets = item.rpartition("|")
    if article not in texts or "-" not in offsets:
        return None
    start, end = (int(n) for n in offsets.split("-"))
    return texts[article][start:end]


def split(config: dict) -> tuple[list[LabelledText], list[LabelledText]]:
    """The labelled news texts of a model's config (`news_labels`: weight, dev_fraction, and
    `files` and `sets`, the label files and data sets it reads: all when absent), split by the
    config's seed; a text's side depends on the text alone (a stable hash), so every model that
    reads it puts it on the same side, whatever other texts it reads."""
    spec = config.get("news_labels") or {}
    if not spec:
        return [], []
    rows = examples(float(spec.get("weight", 1.0)), spec.get("files") or LABELS)
    if spec.get("sets"):
        rows = [ex for ex in rows if ex.id.split("|")[0] in set(spec["sets"])]
    parts = splits.assign(rows, int(config["split"]["seed"]), float(spec.get("dev_fraction", 0)))
    return list(parts.train), list(parts.dev)
