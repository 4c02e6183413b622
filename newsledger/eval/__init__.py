"""`newsledger eval`: score the extractors against gold sets.

Each gold set is a module in this package exposing `NAME`, `DESCRIPTION`, `default_path()`
(where its development data lives, or None) and `score(path, limit=None) -> Report`. Register
it in `GOLD_SETS`. Scores are precision, recall and F1 per field and per type.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 of one field or type, with the counts behind them."""

    name: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Report:
    """The scores of one gold set: per field, per type, and headline figures."""

    gold_set: str
    items: int
    fields: list[Score] = field(default_factory=list)
    types: list[Score] = field(default_factory=list)
    headline: dict[str, float] = field(default_factory=dict)  # e.g. {"macro_f1": 0.74}
    notes: list[str] = field(default_factory=list)


# name -> module path, in the order `newsledger eval --all` runs them
GOLD_SETS: dict[str, str] = {
    "plover-gsr": "newsledger.eval.plover_gsr",
    "petr2-gsr": "newsledger.eval.petr2_gsr",
    "petr-unittest": "newsledger.eval.petr_unittest",
    "attribution": "newsledger.eval.attribution_gold",
    "babe": "newsledger.eval.babe",
    "basil-voice": "newsledger.eval.basil",
    "basil-stories": "newsledger.eval.stories",
    "realnews-dev": "newsledger.eval.realnews",
    "event-type": "newsledger.eval.event_type",
    "acled-subtype": "newsledger.eval.acled_subtype",
    "acled-sentence": "newsledger.eval.acled_sentence",
    "acled-news": "newsledger.eval.acled_news",
    "loaded-language": "newsledger.eval.loaded_language",
    "polnear-dev": "newsledger.eval.polnear",
}
# What each figure is worth: the rules were written against these sets, so their figures
# measure development, never held-out performance (the team measures that on unseen sets).
ROLES: dict[str, str] = {
    "plover-gsr": "development set (rules written against it); only the sentences the event-type "
    "model did not train on are scored",
    "petr2-gsr": "development set (rules written against it)",
    "petr-unittest": "development set (rules written against it)",
    "attribution": "development set (rules written against it)",
    "babe": "development set (lexicon tuned on it)",
    "basil-voice": "development set (rules written against it)",
    "basil-stories": "development set (merge rules tuned on it)",
    "realnews-dev": "development set (looked at while tuning rules; never trained on)",
    "event-type": "dev split of the event-type model (never trained on) and realnews-dev",
    "acled-subtype": "held-back ACLED notes (never trained on) and realnews-dev",
    "acled-sentence": "held-back ACLED notes, PLV's held-back sentences and PolNeAR's dev "
    "articles (never trained on)",
    "acled-news": "held-out news sentences (PLV's and ConfliBERT's dev sides) with sub-types "
    "labelled blind; no rule or model tuned on them",
    "loaded-language": "dev articles of the tagger's split (never trained on)",
    "polnear-dev": "PolNeAR's dev month for the attribution model (never trained on; its "
    "thresholds chosen on train articles)",
}
