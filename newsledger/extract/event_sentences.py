"""Events the trigger lists miss, from the ACLED sentence model (`learn.acled_sentence`).

A sentence in which no event was coded, but which the model reads as an ACLED event ("Bomb
disposal experts made safe an explosive device found under a bridge", "Two bombs were
discovered near a church and disabled before detonation"), gets one event: built by the
events stage at the sentence's likeliest trigger (a trigger-list
candidate of its type the stage dropped, else the word that weighs most for its sub-type in
the model, else the event detector's likeliest verb), with its participants, place, time and
status read from the parse as for any event, even where it names none of its own (ACLED's
coders count an attack by unknown gunmen at a village no gazetteer knows). Its type is the
model's sub-type with the PLOVER type, mode and CAMEO code the model's config ties to it; its
confidence the model's calibrated probability.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from .. import taxonomy
from ..gazetteer import gazetteer
from ..learn import acled_sentence, acled_subtype, event_detect, models
from ..model import Event
from .cues import load as load_cues
from .event_detection import likeliest
from .event_lexicon import Lexicon
from .event_triggers import Candidate, candidates

_MIN_TOKENS = 5  # shorter "sentences" are datelines, bylines and fragments

Build = Callable[[Candidate, Span], Event | None]


def sentence_events(doc: Doc, events: list[Event], lex: Lexicon, build: Build) -> list[Event]:
    """`events` with one event for each uncovered sentence the model reads as an ACLED event
    (none when the model is off)."""
    model = models.model_for(acled_sentence.NAME)
    if model is None:
        return events
    sents = list(doc.sents)
    # a sentence that retells a record (a toll it absorbed, "the strike") is covered too
    covered = {m.sentence for ev in events for m in (ev.evidence, *ev.mentions)}
    todo = [(n, s) for n, s in enumerate(sents)
            if n not in covered and len(s) >= _MIN_TOKENS]  # fmt: skip
    readings = acled_sentence.read(model, [s.text for _, s in todo])
    # a reading more likely wrong than right is no record (a news sentence about the war at
    # large reads as some sub-type at low confidence; a note about one incident seldom does)
    least = float(model.config.get("min_confidence", 0.0))
    subtypes = models.model_for(acled_subtype.NAME)
    bars = subtypes.config if subtypes is not None else {}
    added = []
    for (_, sent), reading in zip(todo, readings, strict=True):
        if reading.subtype is None or reading.confidence < least:
            continue
        etype = acled_sentence.event_type(reading.subtype, model.config)
        anchor = _anchor(sent, lex, etype.plover, model, reading.subtype)
        if _named_right(anchor.anchor):
            continue
        cand = replace(anchor, cameo=etype.cameo or anchor.cameo, plover=etype.plover,
                       mode=etype.mode)  # fmt: skip
        event = build(cand, sent)
        if event is None:
            continue
        reading = reading.first_but(_barred(event, bars))
        if reading.subtype is None or reading.confidence < least:
            continue
        etype = acled_sentence.event_type(reading.subtype, model.config)
        added.append(replace(event, type=etype, confidence=reading.confidence))
    if not added:
        return events
    return sorted([*events, *added], key=lambda e: e.evidence.start)


def _named_right(tok: Token) -> bool:
    """An act a noun names as a right, a call or a plan ("the right to protest", "calls to
    strike"): an infinitive hung on a noun tells no act that took place."""
    return tok.dep_ == "acl" and tok.head.pos_ == "NOUN" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _barred(event: Event, config: dict) -> set[str]:
    """The sub-types the ACLED sub-type model's rules bar for this event: a state's forces
    neither riot nor protest (`not_by_state`), and violence against civilians needs unarmed
    victims (`civilian_only`)."""
    barred: set[str] = set()
    if config and acled_subtype.state_sources(event, config):
        barred |= set(config.get("not_by_state", ()))
    if config and event.target and acled_subtype.armed_targets(event):
        barred |= set(config.get("civilian_only", ()))
    return barred


def _anchor(sent: Span, lex: Lexicon, plover: str, model, subtype: str) -> Candidate:
    """The sentence's likeliest trigger: a trigger-list candidate of the model's PLOVER type
    (dropped for want of a participant of its own), else the noun or verb that weighs most for
    the sub-type in the model (reporting verbs aside: "Police also reported ... several
    incidents of looting" is told by "looting"), else the event detector's likeliest verb,
    else a candidate of another type, else the root."""
    found = candidates(sent, lex)
    same = [c for c in found if getattr(taxonomy.plover_for(c.cameo), "plover", None) == plover]
    if same:
        return same[0]
    reporting = load_cues().verb_class
    # "forces", "police": who acts, not what they do
    skip = set(reporting) | set(gazetteer().sector_nouns)
    content = [t for t in sent if t.pos_ in ("NOUN", "VERB") and t.dep_ != "amod"
               and t.lemma_.lower() not in skip]  # fmt: skip
    at = acled_sentence.telling_word(model, [t.text for t in content], subtype)
    if at is not None:
        tok = content[at]
        own = Candidate(tok, [tok], "", noun=tok if tok.pos_ == "NOUN" else None)
        return next((c for c in found if tok in c.trigger), own)
    verbs = [t for t in event_detect.predicates(sent) if t.lemma_.lower() not in reporting]
    detector = models.model_for(event_detect.NAME)
    if verbs:
        tok = likeliest(verbs, lex, detector) if detector is not None else verbs[0]
        return Candidate(tok, [tok], "")
    if found:
        return found[0]
    return Candidate(sent.root, [sent.root], "")
