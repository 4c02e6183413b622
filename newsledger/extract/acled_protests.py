"""ACLED's codebook on what happens to a demonstration, applied to the coded records.

Protesters arrested or dispersed at their protest make it a "Protest with intervention" (or
"Excessive force against protesters" where that force was), and ACLED codes no separate arrest:
an "Arrests" record told within a sentence of a peaceful protest, whose targets are the
protesters, is the same intervention. Violence by the state's forces on protesters (shots fired
at a crowd, a protester beaten, anyone unarmed shot in the sentence that tells the protest:
"police shot one person during protests in Siaya") is excessive force, not a clash or an
attack. The PLOVER type, mode and CAMEO code stay: the police's act is still coercion or
force. (Reading force with no toll as mere intervention was tried and left out: ACLED's notes
on excessive force tell the harm in another sentence as often as in the act's own, 19 of 80
train notes lost.) But crowd control with no one hurt ("police fired tear gas to disperse the
protesters", and no one killed or injured in that sentence or the next) is an intervention, and
against a riot told beside it, part of that violent demonstration.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Span

from ..learn import acled_subtype, models
from ..model import Event
from .event_lexicon import lexicon

PEACEFUL = "Peaceful protest"
INTERVENED = "Protest with intervention"
EXCESSIVE = "Excessive force against protesters"
ARRESTS = "Arrests"
RIOT = "Violent demonstration"
# who protests: the cue lexicon's crowds ("protesters", "marchers"), and students and activists
_PROTESTERS = ("student", "activist")
_WINDOW = 1  # sentences between a protest and what happened to it
_FORCE = ("Armed clash", "Attack")


def protest_outcomes(events: list[Event], sents: Sequence[Span] = ()) -> list[Event]:
    """`events` with the ACLED sub-types of protests and their interventions as the codebook
    reads them (see the module's docstring); `sents`: the article's sentences."""
    subtypes = models.model_for(acled_subtype.NAME)
    config = subtypes.config if subtypes is not None else {}
    # the state's forces shooting or beating protesters used excessive force, not a clash
    out = [_with(ev, EXCESSIVE) if _forced(ev, events, config) else ev for ev in events]
    out = [_restrained(ev, out, sents) for ev in out]
    for i, protest in enumerate(events):
        if protest.type.acled_subtype != PEACEFUL:
            continue
        near = [j for j, ev in enumerate(out) if j != i and _met(protest, ev)]
        if not near:
            continue
        serious = any(out[j].type.acled_subtype == EXCESSIVE for j in near)
        out[i] = _with(out[i], EXCESSIVE if serious else INTERVENED)
        for j in near:
            if out[j].type.acled_subtype == ARRESTS:
                out[j] = _with(out[j], INTERVENED)
    return out


def _met(protest: Event, ev: Event) -> bool:
    """Is `ev` an intervention against the protest: an arrest, dispersal or force within a
    sentence of it whose targets are its protesters?"""
    if ev.type.acled_subtype not in (ARRESTS, INTERVENED, EXCESSIVE):
        return False
    if abs(ev.evidence.sentence - protest.evidence.sentence) > _WINDOW:
        return False
    if ev.type.acled_subtype == EXCESSIVE and ev.evidence.sentence == protest.evidence.sentence:
        return True  # "police shot one person during protests": that protest's
    protesters = {p.actor_id for p in protest.source}
    return any(p.actor_id in protesters or _crowd(p.mention) for p in ev.target)


def _forced(ev: Event, events: list[Event], config: dict) -> bool:
    """Is `ev` violence by the state's forces on protesters: a clash or an attack whose targets
    are a crowd, or the protesters of a protest within a sentence of it?"""
    if ev.type.acled_subtype not in _FORCE or not config:
        return False
    if not acled_subtype.state_sources(ev, config):
        return False
    crowd = any(_crowd(p.mention) for p in ev.target)
    protests = [other for other in events if other.type.plover == "PROTEST"
                and abs(other.evidence.sentence - ev.evidence.sentence) <= _WINDOW]  # fmt: skip
    protesters = {p.actor_id for other in protests for p in other.source}
    # "police shot one person during protests in Siaya": force told with the protest it
    # struck, on anyone unarmed
    during = any(other.evidence.sentence == ev.evidence.sentence for other in protests)
    return crowd or any(p.actor_id in protesters for p in ev.target) or (
        during and not acled_subtype.armed_targets(ev))


def _restrained(ev: Event, events: list[Event], sents: Sequence[Span]) -> Event:
    """Excessive force that was crowd control with no one hurt: the intervention in a protest,
    or part of the violent demonstration told beside it."""
    n = ev.evidence.sentence
    if ev.type.acled_subtype != EXCESSIVE or n >= len(sents):
        return ev
    cues = lexicon().cues
    if not _names(sents[n], cues["crowd_control"]):
        return ev
    # the next sentence's harm is this force's unless it tells a violent act of its own
    # ("... Two days earlier, rebels launched drone attacks, killing three soldiers")
    own = {other.evidence.sentence for other in events
           if other.type.plover == "ASSAULT" and other is not ev}  # fmt: skip
    window = [sents[n]] + [s for k, s in enumerate(sents[n + 1 : n + 2], n + 1) if k not in own]
    if any(_names(sent, cues["serious_harm"]) for sent in window):
        return ev
    rioting = any(other.type.acled_subtype == RIOT and other is not ev
                  and abs(other.evidence.sentence - n) <= _WINDOW for other in events)  # fmt: skip
    return _with(ev, RIOT if rioting else INTERVENED)


def _names(sent: Span, words: frozenset[str]) -> bool:
    """Does the sentence name one of `words` (a word by its lemma, a phrase by its text)?"""
    if any(t.lemma_.lower() in words or t.lower_ in words for t in sent):
        return True
    text = sent.text.lower()
    return any(" " in w and re.search(rf"\b{re.escape(w)}\b", text) for w in words)


def _crowd(mention: str) -> bool:
    words = mention.lower().split()
    return any(w in lexicon().cues["crowds"] or w.startswith(_PROTESTERS) for w in words)


def _with(ev: Event, subtype: str) -> Event:
    return replace(ev, type=replace(ev.type, acled_type="Protests", acled_subtype=subtype))
