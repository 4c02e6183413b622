"""The trained event detector over the trigger lists' candidates of one sentence.

Method: `learn.event_detect` scores every verb of the sentence. A verb the trigger lists do
not cover becomes a candidate when P(event) reaches the model's `threshold` (its type the
detector's best reading, its CAMEO code that type's general code; the event-type model may
recode it later), and a listed verb whose P(event) falls under `drop_threshold` is no event.
Both thresholds were chosen on out-of-fold predictions of the detector's train split.
Reporting verbs ("said", "told") are the attribution stage's, never added as events here.
Each use is switched on in the model's config (`apply`; all off as shipped); an added event
needs a source and a target of its own (the events stage checks). A third use, `fallback`: in
a sentence where the rules code no event, the detector's likeliest verb is proposed, and the
event-type model keeps it or drops it (`learn.event_type.keep_detected`) and types it. The
ACLED sentence events (`event_sentences`) use `likeliest` to place an event in a sentence.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..learn import event_detect
from ..learn.event_type import DEFAULT_CAMEO
from ..learn.models import ShippedModel
from .cues import load as load_cues
from .event_lexicon import Lexicon
from .event_triggers import Candidate

# PLV's merged type: the general code of its larger part
_MERGED = {"YIELD": "CONCEDE"}


def screen(
    sent: Span, cands: list[Candidate], lex: Lexicon, model: ShippedModel
) -> tuple[list[Candidate], list[Candidate]]:
    """The candidates the detector keeps, and the verbs it adds as new candidates."""
    use = model.config.get("apply", {})
    verbs = event_detect.predicates(sent) if use.get("add") or use.get("drop") else []
    if not verbs:
        return cands, []
    rule = event_detect.rule_codes(cands)
    cues = load_cues()
    feats = [
        event_detect.predicate_features(
            tok, rule.get(tok.i), event_detect.lemma_info(tok, lex.verbs, lex.frame_kind,
                                                          cues.verb_class))
        for tok in verbs
    ]  # fmt: skip
    p_event, readings = event_detect.event_probability(model, feats)
    add = float(model.meta.get("threshold", 1.01)) if use.get("add") else 1.01
    drop = float(model.meta.get("drop_threshold", 0.0)) if use.get("drop") else 0.0
    score = {tok.i: float(p) for tok, p in zip(verbs, p_event, strict=True)}
    kept = [c for c in cands if score.get(c.anchor.i, 1.0) >= drop]
    added = []
    for tok, p, reading in zip(verbs, p_event, readings, strict=True):
        if tok.i in rule or p < add or tok.lemma_.lower() in cues.verb_class:
            continue
        cameo = DEFAULT_CAMEO.get(_MERGED.get(reading, reading))
        if cameo is not None:
            added.append(Candidate(tok, [tok], cameo))
    return kept, added


def fallback(sent: Span, lex: Lexicon, model: ShippedModel) -> list[Candidate]:
    """When the rules code no event in `sent`: the detector's likeliest event verb as a
    candidate (reporting verbs aside). Whether the sentence reports an event at all is the
    event-type model's call (its NONE class), made on the built event (`learn.event_type`)."""
    if not model.config.get("apply", {}).get("fallback"):
        return []
    cues = load_cues()
    verbs = [t for t in event_detect.predicates(sent) if t.lemma_.lower() not in cues.verb_class]
    if not verbs:
        return []
    tok, reading = _best(verbs, lex, model)
    cameo = DEFAULT_CAMEO.get(_MERGED.get(reading, reading))
    return [Candidate(tok, [tok], cameo)] if cameo is not None else []


def likeliest(verbs: list[Token], lex: Lexicon, model: ShippedModel) -> Token:
    """The verb of `verbs` (not empty) the detector reads as likeliest an event."""
    return _best(verbs, lex, model)[0]


def _best(verbs: list[Token], lex: Lexicon, model: ShippedModel) -> tuple[Token, str]:
    cues = load_cues()
    feats = [event_detect.predicate_features(
                 tok, None, event_detect.lemma_info(tok, lex.verbs, lex.frame_kind,
                                                    cues.verb_class))
             for tok in verbs]  # fmt: skip
    p_event, readings = event_detect.event_probability(model, feats)
    best = int(p_event.argmax())
    return verbs[best], readings[best]
