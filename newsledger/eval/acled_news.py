"""ACLED sub-types on held-out news sentences: what newsledger codes for news sentences that
no shipped model trained on, against sub-types labelled by hand.

The sentences are PLV's and ConfliBERT's held-back news sentences of violence, protest and
coercion (the event-type model's and the ACLED sentence model's dev sides); their sub-types
(`acled_news_labels.yaml`, ids only: the sentences stay in `../shared/data`) were labelled
blind, from the ACLED codebook, by a session that saw no system output. Any sentence that a
shipped model trains on (the sets share a sentence pool) is left out when scored, and said.

Figures, with bootstrap 95% intervals: on the sentences that report an ACLED event, the
sub-type of newsledger's main ACLED event (weighted F1, ACLED's measure; accuracy; macro-F1;
a sentence given no ACLED event is wrong), beside the rules alone (every model off); on the
sentences that report none, how often newsledger makes one. A second accepted label counts as
right (the labeller's "strikes" by a state with no weapon named: air or artillery).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

import yaml

from ..learn import models, news_labels, splits
from ..learn.acled_sentence_training import _unmarked
from ..learn.acled_subtype_training import NO_EVENT, pipeline_subtypes, weighted_f1
from ..learn.examples import LabelledText
from ..learn.readers import data_dir, read
from ..learn.scoring import accuracy, figure, macro_f1
from . import Report

NAME = "acled-news"
DESCRIPTION = "ACLED sub-types on held-out news sentences (PLV, ConfliBERT), labelled by hand"
NONE = "NONE"
_SETS = ("zsp-plv-train", "conflibert-cameo-train")


def default_path():
    return data_dir()


HELD_OUT, DEVELOPMENT = "acled_news_labels.yaml", "acled_news_dev_labels.yaml"


def labels(name: str = HELD_OUT) -> dict[str, list[str]]:
    """Sentence id -> its accepted sub-types, the first the labeller's choice ([NONE]: no
    ACLED event); `name`: the held-out labels or the development ones."""
    text = resources.files("newsledger.eval").joinpath(name).read_text()
    return {key: list(item["accepted"]) for key, item in yaml.safe_load(text).items()}


def trained_texts() -> set[str]:
    """The normalised sentences any shipped model that codes events trains on."""
    from ..learn import acled_sentence_training as sentence
    from ..learn.training import split_examples

    train, _ = sentence.examples(sentence._config("acled_sentence"))
    for name in ("event_type", "event_detect"):
        train += split_examples(sentence._config(name))[0]
    train += news_labels.split(sentence._config("acled_subtype"))[0]  # the sub-type model's
    return {splits.text_key(_unmarked(ex.text)) for ex in train}


def items(limit: int | None = None, name: str = HELD_OUT) -> tuple[list[LabelledText], int]:
    """The labelled sentences no shipped model trained on, and how many were left out. A key
    is a sentence's id in its set ("plv-290") or an article's span ("basil|<id>|120-310")."""
    wanted = labels(name)
    texts = {ex.id: _unmarked(ex.text) for name in _SETS for ex in read(name) if ex.id in wanted}
    spans = [key.split("|") for key in wanted if key.count("|") == 2]
    for name in sorted({dataset for dataset, _, _ in spans}):
        articles = {a.id: a.text for a in read(name)}
        for dataset, article, offsets in spans:
            if dataset == name:
                texts[f"{dataset}|{article}|{offsets}"] = news_labels.item_text(
                    articles, f"{article}|{offsets}")
    trained = trained_texts()
    out, dropped = [], 0
    for key, accepted in wanted.items():
        if splits.text_key(texts[key]) in trained:
            dropped += 1
            continue
        source = key.split("|")[0] if "|" in key else "PLV/ConfliBERT sentences"
        out.append(LabelledText(source, key, texts[key], accepted[0],
                                extra={"accepted": accepted}))  # fmt: skip
    return out[:limit] if limit else out, dropped


def score(path: object = None, limit: int | None = None) -> Report:
    examples, dropped = items(limit)
    report = Report(gold_set=NAME, items=len(examples))
    systems = {"pipeline": pipeline_subtypes(examples)}
    with models.rules_only():
        systems["rules"] = pipeline_subtypes(examples)
    sources = sorted({ex.dataset for ex in examples})
    for system, out in systems.items():
        for fig in _figures(examples, out):
            report.headline[f"{system}_{fig.name}"] = fig.value
            report.notes.append(f"{system} {fig}")
        for source in sources if len(sources) > 1 else ():
            some = [ex for ex in examples if ex.dataset == source]
            figs = _figures(some, out)
            report.notes.append(f"{system} on {source} only: {figs[0]}, {figs[-1]}")
    events = sum(ex.label != NONE for ex in examples)
    report.notes.append(
        f"{events} sentences report an ACLED event, {len(examples) - events} none; "
        f"{dropped} labelled sentences left out: a shipped model trains on them"
    )
    report.notes.append("held-out: labelled blind from the ACLED codebook; no rule or model was "
                        "tuned on these sentences; pipeline = newsledger as it runs (main ACLED "
                        "event of the sentence), rules = every model off; false_event_share: "
                        "sentences with no ACLED event given one")  # fmt: skip
    return report


def _figures(examples: list[LabelledText], out: dict[str, dict]) -> list:
    """Weighted F1, accuracy, macro-F1 and no-event share on the sentences that report an
    ACLED event, and the false-event share on those that report none (last)."""
    events = [ex for ex in examples if ex.label != NONE]
    quiet = [ex for ex in examples if ex.label == NONE]
    pred = [out["pipeline"][ex.id] for ex in events]
    gold = [_gold(ex, p) for ex, p in zip(events, pred, strict=True)]
    no_event = [out["outcome"][ex.id] == NO_EVENT for ex in events]
    made = [out["pipeline"][ex.id] not in (None, *ex.extra["accepted"]) for ex in quiet]
    return [figure("weighted_f1", weighted_f1, [(g, 1.0) for g in gold], pred),
            figure("accuracy", accuracy, gold, pred),
            figure("macro_f1", macro_f1, gold, pred),
            figure("no_event_share", _mean, no_event, no_event),
            figure("false_event_share", _mean, made, made)]  # fmt: skip


def _gold(ex: LabelledText, pred: str | None) -> str:
    return pred if pred in ex.extra["accepted"] else ex.label


def _mean(flags: Sequence[bool], _: Sequence[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0
