"""The ACLED sentence model at run time: does a sentence the rules code nothing in report an
ACLED event (political violence, a demonstration, a strategic development), and which sub-type?

The trigger lists miss what ACLED counts but PLOVER barely names: forces moving or reinforced,
bombs defused, missiles intercepted, recruitment, curfews, a town handed over ("Movement of
forces", "Disrupted weapons use", "Change to group/activity"), and reports worded as a headline
("Grenade attack leaves 16 dead"). This model reads the sentence's words alone (character
2-5-grams, as the sub-type model does) and gives a distribution over the 24 sub-types, NONE
(learnt from news sentences that report something else, PLV's and NGEC's non-violent events and
ConfliBERT's cooperation and verbal conflict, or nothing, PolNeAR's political news) and ANY
(news sentences that report violence or a protest, from the same sets: without them, the model
would learn that only a coder's note reports an event). Where P(NONE) is under the trained
`threshold` the events stage builds an event at the sentence's likeliest trigger
(`extract.event_sentences`), coded with the sub-type's PLOVER type, mode and CAMEO code (the
config's `coding`).
How it is built: `learn.acled_sentence_training`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import taxonomy
from ..model import EventType
from .acled_subtype import text_features
from .models import ShippedModel

NAME = "acled_sentence"
NONE = "NONE"
# news sentences that report violence or a protest without an ACLED sub-type of their own (PLV,
# NGEC, ConfliBERT): they teach the model what an event reads like in news, not only in a
# coder's note; never a sub-type itself (the sub-type is the likeliest of the others)
ANY = "ANY"

# ACLED coders open some notes with the note's category ("Movement of forces:", "Defusal:"):
# the label itself, never found in news, so the model learns from and reads what follows it
_CODER_TAG = re.compile(
    r"^\s*(?:movement of forces|security measures|property destruction|destruction of property|"
    r"looting|non-violent activity|arrests|interception|defusal|detonation|displacement|"
    r"recruitment|land seizure|change to armed group|agreement|weapons seizure|"
    r"headquarters or base established|explosive remnants of war|other|raid|training)\s*:\s*",
    re.IGNORECASE,
)


def untagged(text: str) -> str:
    """`text` without a leading coder's category tag."""
    return _CODER_TAG.sub("", text, count=1)


def features(text: str) -> list[str]:
    return text_features(untagged(text))


@dataclass(frozen=True)
class Reading:
    """The model's reading of one sentence: its sub-type (None: no ACLED event), the calibrated
    probability that the sub-type is right, and every sub-type with its calibrated probability,
    likeliest first (for a caller that must rule some out)."""

    subtype: str | None
    confidence: float
    ranked: tuple[tuple[str, float], ...] = ()

    def first_but(self, barred: set[str]) -> Reading:
        """The reading with the likeliest sub-type not in `barred`."""
        rest = [(sub, p) for sub, p in self.ranked if sub not in barred]
        if self.subtype is None or not rest:
            return Reading(None, 0.0)
        return Reading(rest[0][0], rest[0][1], tuple(rest))


def read(model: ShippedModel, sentences: Sequence[str]) -> list[Reading]:
    """The model's reading of each sentence."""
    from .calibration import Calibrator

    if not sentences:
        return []
    probs = model.predict([features(s) for s in sentences])
    cut = float(model.meta.get("threshold", 0.5))
    calibrator = Calibrator.from_dict(model.meta.get("calibration"))
    return [decide(model.labels, row, cut, calibrator) for row in probs]


def decide(labels: Sequence[str], row: np.ndarray, cut: float, calibrator=None) -> Reading:
    """No event where P(NONE) reaches `cut`; else the likeliest sub-type, its probability
    given that the sentence reports a sub-typed event (NONE and ANY set aside)."""
    none = labels.index(NONE)
    if row[none] >= cut:
        return Reading(None, 0.0)
    other = {none, labels.index(ANY)} if ANY in labels else {none}
    order = [int(j) for j in np.argsort(-row) if j not in other]
    mass = float(sum(row[j] for j in order)) or 1.0
    ranked = tuple((labels[j], calibrator(float(row[j]) / mass) if calibrator is not None
                    else float(row[j]) / mass) for j in order)  # fmt: skip
    return Reading(ranked[0][0], ranked[0][1], ranked)


def telling_word(model: ShippedModel, words: Sequence[str], subtype: str) -> int | None:
    """Which of `words` weighs most for `subtype` against NONE in the model (its character
    n-grams' weights summed): the word that made the model read the sentence so, where an
    event's evidence belongs ("several incidents of looting": "looting"). None when no word
    speaks for the sub-type."""
    clf = model.classifier
    if subtype not in clf.labels or NONE not in clf.labels:
        return None
    column = clf.weights[:, clf.labels.index(subtype)] - clf.weights[:, clf.labels.index(NONE)]
    best, best_score = None, 0.0
    for n, word in enumerate(words):
        idx = [clf.vocab[f] for f in text_features(word) if f in clf.vocab]
        score = float(column[idx].sum()) if idx else 0.0
        if score > best_score:
            best, best_score = n, score
    return best


def event_type(subtype: str, config: dict) -> EventType:
    """The PLOVER type, mode and CAMEO code the config's `coding` table gives `subtype`, with
    its ACLED type."""
    plover, mode, cameo = config["coding"][subtype].split(":")
    return EventType(plover, mode or None, cameo or None, _acled_type()[subtype], subtype)


@functools.cache
def _acled_type() -> dict[str, str]:
    return {sub: atype for atype, subs in taxonomy.acled_types().items() for sub in subs}
