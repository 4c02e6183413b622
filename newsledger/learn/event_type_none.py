"""Sentences that report no event, for the event-type model's NONE class.

Every labelled set of the event-type model reports an event in each sentence (PLV, plover-gsr),
so alone it cannot tell an event sentence the trigger lists missed from one that reports
nothing. Real news articles can: the sentences of PolNeAR's train articles (2016 US political
news; its dev month is the attribution stage's dev set, never read here) on which the rule
coder codes no event are taken as NONE. A weak label (a sentence the rules miss may still
report an event), so the model's P(NONE) is a cautious reading, and the threshold built on it
is chosen on out-of-fold predictions of the train split (`event_type_training`).
"""

from __future__ import annotations

from ..config import DEFAULT_MODEL
from .event_detect import NAME as DETECTOR
from .examples import LabelledText
from .features import event_features
from .models import only
from .readers import read
from .training import Featurised, Progress

_MIN_TOKENS = 5  # shorter "sentences" are bylines, headings and fragments


def none_rows(config: dict, model: str = DEFAULT_MODEL, progress: Progress | None = None
              ) -> list[Featurised]:  # fmt: skip
    """NONE rows from the configured sets' train articles (`none_sets` in the config)."""
    from ..eval.gold import GoldSentence, analyse
    from .event_type import NONE, detected

    out: list[Featurised] = []
    for name, spec in (config.get("none_sets") or {}).items():
        articles = sorted((a for a in read(name) if a.split in (None, "train")),
                          key=lambda a: a.id)[: int(spec["articles"])]  # fmt: skip
        items = [GoldSentence(a.id, a.text, None, {}) for a in articles]
        weight = float(spec.get("weight", 1.0))
        with only(DETECTOR):
            for art, (_, doc, analysis) in zip(articles, analyse(items, model), strict=True):
                for n, sent in enumerate(doc.sents):
                    inside = [
                        e
                        for e in analysis.events
                        if sent.start_char <= e.evidence.start < sent.end_char
                    ]
                    # a sentence with a rule event is none of the model's NONE business
                    if len(sent) < _MIN_TOKENS or not all(detected(e) for e in inside):
                        continue
                    event = inside[0] if inside else None
                    ex = LabelledText(name, f"{art.id}-s{n}", sent.text.strip(), NONE,
                                      group=art.id, weight=weight)  # fmt: skip
                    feats = event_features(sent, event, ruled=False)
                    out.append(Featurised(ex, feats, None, detected=event is not None))
        if progress:
            progress(f"read {name}: {len(articles)} train articles, {len(out)} sentences "
                     "with no rule event (NONE)")  # fmt: skip
    return out
