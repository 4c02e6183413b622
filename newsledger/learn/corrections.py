"""Analysts' corrections as training data (`newsledger train --with-corrections`).

The store's annotations (`Store.annotations_with_context`) become typed examples beside the
public sets: for the event-type model, every event whose type an analyst set, or whose type
they accepted as it was, is the sentence holding it labelled with that type, its `cue` the text
from the trigger to the sentence's end (so the featuriser codes the event at the trigger, not
the sentence's main one). A rejected event is no event and gives no type example.

Corrections outrank silver data: they weigh `WEIGHT` times a public set's example, and a train
example with the same sentence is dropped for the analyst's. No dev figure is taken on an
article an analyst corrected: its dev examples are dropped (`split_examples` reads
`corrected_texts`). `learn.train` scores the model as shipped on the same dev examples, so the
before and after figures compare like with like.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .examples import LabelledText

NAME = "corrections"  # the examples' data set, in train_sets and in the model card
WEIGHT = 3.0  # an analyst's label counts three public-set labels (corrections outrank silver)
LICENCE = "the analysts' own corrections, in the user's store"
KIND = "LabelledText: PLOVER types an analyst set or accepted on stored events"
MODELS = ("event_type",)  # the models that learn from corrections so far


def type_examples(annotations: Iterable[dict[str, Any]]) -> list[LabelledText]:
    """One event-type example per event an analyst typed, or accepted as typed, and did not
    reject; from the active annotations in the order they were made (the latest word wins)."""
    by_event: dict[str, dict[str, Any]] = {}
    for note in annotations:
        if note["kind"] != "event" or not note.get("active") or note.get("undoes") is not None:
            continue
        seen = by_event.setdefault(note["record_id"], {})
        seen[note["field"]] = note["new"]
        seen["note"] = note  # every note carries the event's sentence and machine type
    out = []
    for record_id, seen in sorted(by_event.items()):
        note = seen["note"]
        label = seen.get("type")
        if label is None and seen.get("verdict") == "accepted":
            label = note.get("machine_type")
        if not label or seen.get("verdict") == "rejected" or not note.get("sentence"):
            continue
        sentence, offset = note["sentence"], note.get("sentence_offset")
        cue = sentence[offset:] if isinstance(offset, int) and offset >= 0 else note["evidence"]
        out.append(LabelledText(NAME, f"correction-{record_id}", sentence, label,
                                group=note["article_id"],
                                extra={"cue": cue, "published": note.get("published"),
                                       "by": note.get("who")}))  # fmt: skip
    return out


def with_corrections(
    name: str,
    config: dict,
    annotations: list[dict[str, Any]],
    articles: list[str],
    weight: float = WEIGHT,
) -> tuple[dict, int]:
    """The model's config with the corrections added as a train set of `weight`; and how many
    examples they gave."""
    if name not in MODELS:
        raise KeyError(f"model {name!r} does not learn from corrections yet; these do: "
                       f"{', '.join(MODELS)}")  # fmt: skip
    examples = type_examples(annotations)
    out = dict(config)
    out["train_sets"] = {**config["train_sets"], NAME: float(weight)}
    out["corrections"] = examples
    out["corrected_texts"] = articles
    return out, len(examples)


def first(
    train: list[LabelledText],
    dev: list[LabelledText],
    corrections: list[LabelledText],
    articles: list[str],
    progress: Any = None,
) -> tuple[list, list]:
    """The train examples with the corrections added, a public example of the same sentence
    dropped for the analyst's; the dev examples without those of a corrected article."""
    ours = {_norm(ex.text) for ex in corrections}
    kept = [ex for ex in train if _norm(ex.text) not in ours]
    texts = [_norm(a) for a in articles]
    scored = [ex for ex in dev if not any(_norm(ex.text) in a for a in texts)]
    if progress:
        progress(f"corrections: {len(corrections)} train examples from {len(articles)} "
                 f"corrected articles; {len(train) - len(kept)} public train examples of the "
                 f"same sentences dropped, {len(dev) - len(scored)} dev examples of corrected "
                 "articles left out of the figures")  # fmt: skip
    return kept + list(corrections), scored


def _norm(text: str) -> str:
    return " ".join(text.split())
