"""The event-type model at run time: which PLOVER type an event the rule coder found really is.

The events extractor hands over its rule-coded events with their sentences (`retype`); events
whose type the model reads differently, with enough confidence, are recoded. How the model is
built: `learn.event_type_training`.

Training: every labelled sentence of the configured sets is parsed and coded by the
rules alone; the event the sentence is about (the main event: highest trigger in the parse) is
featurised (`features.event_features`) and the sentence's gold type is its label. A multinomial
logistic regression (scikit-learn) learns the mapping, its regularisation chosen by
cross-validation on the train split; the threshold above which its reading replaces the rules'
is chosen on out-of-fold predictions of the train split, and raised for each type the rules
give to their own precision on the train split (the rules stay where they are precise).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from spacy.tokens import Doc, Span

from .. import taxonomy
from ..model import Event, EventType
from . import models
from .calibration import Calibrator
from .event_detect import NAME as DETECTOR
from .features import event_features
from .models import ShippedModel

NAME = "event_type"
NONE = "NONE"  # the label of sentences that report no event (learn.event_type_none)
# the CAMEO code an event takes when the model recodes its type (the type's general code)
DEFAULT_CAMEO = {
    "AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "COOPERATE": "060", "AID": "070",
    "CONCEDE": "080", "RETREAT": "087", "REQUEST": "100", "ACCUSE": "110", "REJECT": "120",
    "THREATEN": "130", "PROTEST": "140", "MOBILIZE": "150", "SANCTION": "160", "COERCE": "170",
    "ASSAULT": "190",
}  # fmt: skip

# ---- inference -------------------------------------------------------------------------------


def retype(model: ShippedModel, doc: Doc, events: list[Event], label: str) -> list[Event]:
    """Recode the types of `events` where the model reads them differently with confidence."""
    if not events:
        return events
    sents = [sentence_of(doc, ev) for ev in events]
    cache: dict = {}
    # an event the detector proposed where the rules found none is read without a rule reading
    probs = model.predict([event_features(s, ev, cache, ruled=not detected(ev))
                           for s, ev in zip(sents, events, strict=True)])  # fmt: skip
    threshold = float(model.meta.get("threshold", 0.5))
    precision = model.meta.get("rule_precision", {})
    calibrator = Calibrator.from_dict(model.meta.get("calibration"))
    calibrator_detected = Calibrator.from_dict(model.meta.get("calibration_detected"))
    out = []
    for ev, row in zip(events, probs, strict=True):
        if detected(ev):  # kept by `keep_detected`: typed by the model alone
            new = decide(None, model.labels, row, 1.0)
            ev = _recode(ev, new, f"{ev.evidence.extractor}+{NAME}")
            if calibrator_detected is not None:
                ev = replace(ev, confidence=calibrator_detected(score_of(model.labels, row, new)))
            out.append(ev)
            continue
        cut = max(threshold, precision.get(ev.type.plover, 0.0))
        new = decide(ev.type.plover, model.labels, row, cut)
        if new != ev.type.plover:
            ev = _recode(ev, new, label)
        if calibrator is not None:
            ev = replace(ev, confidence=calibrator(score_of(model.labels, row, new)))
        out.append(ev)
    return out


def keep_detected(model: ShippedModel, doc: Doc, events: list[Event]) -> list[Event]:
    """The events, less the detector's proposals the model reads as no event (its NONE
    class at or above the trained `event_threshold`). Run before casualty clauses and
    repeated mentions join their events, so a dropped proposal takes nothing with it."""
    proposals = [ev for ev in events if detected(ev)]
    if not proposals:
        return events
    cut = float(model.meta.get("event_threshold", 1.01))
    cache: dict = {}
    probs = model.predict([event_features(sentence_of(doc, ev), ev, cache, ruled=False)
                           for ev in proposals])  # fmt: skip
    dropped = {id(ev) for ev, row in zip(proposals, probs, strict=True)
               if not is_event(model.labels, row, cut)}  # fmt: skip
    return [ev for ev in events if id(ev) not in dropped]


def detected(ev: Event) -> bool:
    """Was the event proposed by the detector where the rules coded none?"""
    return f"+{DETECTOR}" in ev.evidence.extractor


def with_confidence(model: ShippedModel, doc: Doc, events: list[Event]) -> list[Event]:
    """The events, typed by another stage, with the calibrated confidence of their type."""
    calibrator = Calibrator.from_dict(model.meta.get("calibration"))
    if not events or calibrator is None:
        return events
    cache: dict = {}
    probs = model.predict([event_features(sentence_of(doc, ev), ev, cache) for ev in events])
    return [replace(ev, confidence=calibrator(score_of(model.labels, row, ev.type.plover)))
            for ev, row in zip(events, probs, strict=True)]  # fmt: skip


def score_of(labels: Sequence[str], probs: np.ndarray, reading: str | None) -> float:
    """The model's probability for `reading` (0 when it is not one of the model's labels)."""
    return float(probs[labels.index(reading)]) if reading in labels else 0.0


def decide(rule_type: str | None, labels: Sequence[str], probs: np.ndarray, cut: float) -> str:
    """The model's type when it is sure enough (or the rules found nothing), else the rules'
    (never NONE: whether there is an event at all is `is_event`'s call)."""
    masked = np.where(np.asarray(labels) == NONE, -1.0, probs)
    best = int(np.argmax(masked))
    if rule_type is None or probs[best] >= cut:
        return labels[best]
    return rule_type


def is_event(labels: Sequence[str], probs: np.ndarray, cut: float) -> bool:
    """Does the model read the sentence as reporting an event: P(not NONE) at the cut?"""
    return 1.0 - score_of(labels, probs, NONE) >= cut


def _recode(ev: Event, plover: str, label: str) -> Event:
    cameo = DEFAULT_CAMEO[plover]
    civilian = any(p.actor_id.endswith("CVL") for p in ev.target)
    etype = taxonomy.event_type(cameo, None, plover, civilian_target=civilian)
    if etype is None:
        return ev
    if ev.type.acled_subtype and not etype.acled_subtype and _acled_fits(ev.type, plover):
        # "dispersed crowds protesting" read as COERCE rather than ASSAULT is still excessive
        # force against protesters for ACLED: the rules' sub-type stays where the new type
        # can carry it (the ACLED sub-type model's `compatible` table)
        etype = replace(etype, acled_type=ev.type.acled_type, acled_subtype=ev.type.acled_subtype)
    return replace(ev, type=etype, evidence=replace(ev.evidence, extractor=label))


def _acled_fits(old: EventType, plover: str) -> bool:
    subtypes = models.model_for("acled_subtype")  # by name: that module imports this one
    allowed = subtypes.config.get("compatible", {}).get(plover, ()) if subtypes else ()
    return old.acled_subtype in allowed


def sentence_of(doc: Doc, ev: Event) -> Span:
    span = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
    return span.sent if span is not None and len(span) else doc[:]


