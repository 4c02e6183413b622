"""PLOVER gold-standard records: the PLOVER event type of each sentence.

Data: openeventdata/PLOVER `PLOVER_GSR_CAMEO.txt` (322 English example sentences of the CAMEO
1.1b3 manual coded in PLOVER 0.5 by Parus Analytics; CC BY-SA 4.0). Old type names are mapped
to current ones (DEMAND -> REQUEST, DISAPPROVE/INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT).
Scored: the main event of each sentence (see `gold.main_event`) against the gold type;
headline macro-F1 over the 16 types, accuracy, and source-actor agreement (country code).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..learn.readers import plover_gsr
from . import Report, Score
from .gold import (
    GoldSentence,
    Tally,
    analyse,
    dedupe,
    default_file,
    macro_f1,
    main_event,
    sentence_key,
)

NAME = "plover-gsr"
DESCRIPTION = "PLOVER gold-standard records (CAMEO manual sentences): PLOVER type per sentence"


def default_path() -> Path | None:
    return default_file("plover-gsr", "PLOVER_GSR_CAMEO.txt")


def load(
    path: Path | None = None, limit: int | None = None, include_trained: bool = False
) -> list[GoldSentence]:
    """The gold sentences, de-duplicated, with their current-PLOVER type; without the sentences
    the shipped event-type model trained on unless `include_trained`."""
    path = path or default_path()
    if path is None:
        raise FileNotFoundError("plover-gsr data not found; set NEWSLEDGER_DATA")
    trained = set() if include_trained else trained_on()
    items = []
    for ex in plover_gsr.read(Path(path).parent):
        if sentence_key(ex.text) in trained:
            continue
        date = None
        if ex.extra.get("date"):
            try:
                date = dt.date.fromisoformat(ex.extra["date"])
            except ValueError:
                date = None
        gold = {"type": ex.label, "mode": ex.extra.get("mode"), "sources": ex.extra["sources"]}
        items.append(GoldSentence(ex.id, ex.text, date, gold))
    items = dedupe(items)
    return items[:limit] if limit else items


def trained_on() -> set[str]:
    """Normalised sentences the shipped event-type model trained on (empty when models are off
    or the model cannot be loaded: then nothing it learned is scored)."""
    from ..learn import event_type_training, models

    model = models.model_for(event_type_training.NAME)
    if model is None:
        return set()
    train, _ = event_type_training.split_examples(model.config)
    return {sentence_key(ex.text) for ex in train}


def score(path: Path | None = None, limit: int | None = None) -> Report:
    """Score the events stage on the PLOVER gold records."""
    items = load(path, limit)
    types = Tally()
    tp = fp = fn = 0
    for item, doc, analysis in analyse(items):
        ev = main_event(doc, analysis.events)
        gold_type = item.gold["type"]
        types.add(gold_type, ev.type.plover if ev else None)
        golds = {c[:3] for c in item.gold["sources"] if len(c) >= 3}
        if golds and ev is not None and ev.source:
            if any(p.actor_id[:3] in golds for p in ev.source):
                tp += 1
            else:
                fp += 1
                fn += 1
        elif golds:
            fn += 1
    source = Score("source_country", tp, fp, fn)
    gold_types = sorted({it.gold["type"] for it in items})
    type_scores = types.scores(gold_types)
    correct = sum(types.tp.values())
    return Report(
        gold_set=NAME,
        items=len(items),
        fields=[types.total("plover_type"), source],
        types=type_scores,
        headline={
            "macro_f1": macro_f1(type_scores),
            "accuracy": correct / len(items) if items else 0.0,
            "source_country_f1": source.f1,
        },
        notes=["type = PLOVER type of the sentence's main event (highest trigger in the parse)"],
    )
