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

An event the machine missed and the analyst added (`added`) is a type example of its own, and
for the event detector (`detect_rows`) a verb the trigger lists or the detector should take: the
head verb of its words, labelled with its type; so is the trigger verb of an event the analyst
accepted or retyped; the trigger verb of a rejected event is a verb to drop (NONE). Only those
verbs: an analyst who judged one event said nothing of the sentence's other verbs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..annotations import ADDED
from ..config import DEFAULT_MODEL
from .event_detect import NONE
from .examples import LabelledText

NAME = "corrections"  # the examples' data set, in train_sets and in the model card
WEIGHT = 3.0  # an analyst's label counts three public-set labels (corrections outrank silver)
LICENCE = "the analysts' own corrections, in the user's store"
KIND = (
    "LabelledText: PLOVER types an analyst set, accepted or added on stored events; "
    "event verbs and rejected ones"
)
MODELS = ("event_type", "event_detect")  # the models that learn from corrections


def judged_events(annotations: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each event an analyst judged, from the active annotations in the order they were made
    (the latest word wins): its annotations' context (`note`), and `label`: the type it has
    (set, accepted as the machine's, or given when added), or NONE when rejected."""
    by_event: dict[str, dict[str, Any]] = {}
    for note in annotations:
        if note["kind"] != "event" or not note.get("active") or note.get("undoes") is not None:
            continue
        seen = by_event.setdefault(note["record_id"], {})
        seen[note["field"]] = note["new"]
        seen["note"] = note  # every note carries the event's sentence and machine type
    out = []
    for _, seen in sorted(by_event.items()):
        note, added = seen["note"], seen.get(ADDED)
        label = seen.get("type") or (added or {}).get("type")
        if label is None and seen.get("verdict") == "accepted":
            label = note.get("machine_type")
        if seen.get("verdict") == "rejected":
            label = NONE
        if label and note.get("sentence"):
            out.append({"note": note, "label": label})
    return out


def type_examples(annotations: Iterable[dict[str, Any]]) -> list[LabelledText]:
    """One event-type example per event an analyst typed, accepted as typed or added, and did
    not reject."""
    out = []
    for judged in judged_events(annotations):
        note, label = judged["note"], judged["label"]
        if label == NONE:
            continue
        sentence, offset = note["sentence"], note.get("sentence_offset")
        cue = sentence[offset:] if isinstance(offset, int) and offset >= 0 else note["evidence"]
        out.append(LabelledText(NAME, f"correction-{note['record_id']}", sentence, label,
                                group=note["article_id"],
                                extra={"cue": cue, "published": note.get("published"),
                                       "by": note.get("who")}))  # fmt: skip
    return out


def detect_rows(
    annotations: Iterable[dict[str, Any]], model: str = DEFAULT_MODEL
) -> list[tuple[list[str], str, bool, str]]:
    """Rows for the event detector (`event_detect_training.verb_rows`' shape: features, label,
    trigger-listed, group): the head verb of each judged event's words, labelled with its
    type or NONE. An event whose words hold no verb ("the ceasefire") gives none."""
    from ..extract.cues import load as load_cues
    from ..extract.event_lexicon import lexicon
    from ..extract.event_triggers import candidates
    from ..nlp import parse_many
    from .event_detect import lemma_info, predicate_features, predicates, rule_codes

    judged = [
        j
        for j in judged_events(annotations)
        if isinstance(j["note"].get("sentence_offset"), int) and j["note"].get("evidence")
    ]
    lex, cues = lexicon(), load_cues()
    sentences = [j["note"]["sentence"] for j in judged]
    rows = []
    for item, doc in zip(judged, parse_many(sentences, model), strict=True):
        note = item["note"]
        start = note["sentence_offset"]
        end = start + len(note["evidence"])
        for sent in doc.sents:
            inside = [t for t in predicates(sent) if t.idx < end and t.idx + len(t) > start]
            if not inside:
                continue
            # the head verb of the words: the one nearest the root
            tok = min(inside, key=lambda t: (len(list(t.ancestors)), t.i))
            rule = rule_codes(candidates(sent, lex))
            info = lemma_info(tok, lex.verbs, lex.frame_kind, cues.verb_class)
            rows.append((predicate_features(tok, rule.get(tok.i), info), item["label"],
                         tok.i in rule, f"correction-{note['article_id']}"))  # fmt: skip
            break
    return rows


def with_corrections(
    name: str,
    config: dict,
    annotations: list[dict[str, Any]],
    articles: list[str],
    weight: float = WEIGHT,
) -> tuple[dict, int]:
    """The model's config with the corrections added as a train set of `weight`; and how many
    examples they gave. The event-type model reads them as examples (`corrections`); the
    detector as verb rows (`correction_rows`, its trainer's optional `extra_rows`)."""
    if name not in MODELS:
        raise KeyError(f"model {name!r} does not learn from corrections yet; these do: "
                       f"{', '.join(MODELS)}")  # fmt: skip
    out = dict(config)
    out["train_sets"] = {**config["train_sets"], NAME: float(weight)}
    out["corrected_texts"] = articles
    if name == "event_detect":
        rows = detect_rows(annotations)
        out["correction_rows"] = rows
        return out, len(rows)
    examples = type_examples(annotations)
    out["corrections"] = examples
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
