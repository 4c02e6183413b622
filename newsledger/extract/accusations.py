"""Accusations: a named actor who reports another actor's use of force or coercion accuses it.

"Israel said a mortar bomb was fired at it from the Gaza Strip", "the US said that ISIL had
attacked Iraq": besides the reported act (its own event, attributed to the speaker and never
stated as fact), the statement is an event of its own — PLOVER ACCUSE (mode allege), CAMEO
112 — with the speaker as source and the alleged perpetrator as target. This is the coding
convention of PETRARCH-2 and ICEWS for nested reports (a statement that a third party did a
hostile act is an accusation against it).

Method: built on what the attribution and events stages found. For every hostile event
(CAMEO 145 and 17-20) whose attribution names a speaker resolved to an actor through a
saying, alleging or revealing cue, one ACCUSE event per reporting cue, its evidence the cue.
Media relaying a report ("according to Axios") accuse nobody; a speaker reporting its own act
claims responsibility (CAMEO 015), a statement PLOVER does not code: no event. Who says so:
the speaker when the cue is a plain verb ("claimed that ISIL had attacked": the accusation is
in the speaker's words, cues.yaml `plain_verbs`), else whoever relays the speaker.

Not a registered extractor: the events stage calls `accuse` on its own records before the
mention merge (`event_mentions.merge_mentions`), so an accusation the text also states in
words ("condemned the attacks and confirmed that ...") is one record, not two.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from spacy.tokens import Doc

from .. import taxonomy
from ..learn import event_type, models
from ..model import Article, Attribution, Event, Participant, Status
from . import common
from .cues import load as load_cues

NAME = "accusations"
VERSION = 2

_HOSTILE_ROOTS = ("17", "18", "19", "20")
_HOSTILE_CODES = ("145",)  # a riot
_CUE_CLASSES = ("say", "allege", "reveal")
_NOT_ACCUSERS = ("outlet", "media", "anonymous")


@functools.cache
def _accuse_type() -> taxonomy.EventType:
    etype = taxonomy.event_type("112", "allege", None)
    assert etype is not None  # checked by the taxonomy tests
    return etype


def accuse(doc: Doc, article: Article, events: list[Event]) -> list[Event]:
    """ACCUSE events for hostile acts that a named actor reports another actor did (`events`:
    the events stage's records of the article), without ids."""
    by_cue: dict[tuple[int, int], list[Event]] = {}
    for ev in events:
        att = ev.attribution
        code = ev.type.cameo or ""
        if not (code[:2] in _HOSTILE_ROOTS or code.startswith(_HOSTILE_CODES)):
            continue
        if att is None or att.own_voice or att.evidence is None or len(att.chain) < 2:
            continue
        speaker = att.chain[-1]
        if not speaker.actor_id or speaker.kind in _NOT_ACCUSERS:
            continue
        if _cue_class(doc, att) not in _CUE_CLASSES:
            continue
        if ev.status in (Status.DENIED, Status.NEGATED, Status.HYPOTHETICAL):
            continue
        if not _asserted_by_fronted_cue(doc, ev, att):
            continue
        by_cue.setdefault((att.evidence.start, att.evidence.end), []).append(ev)
    stated = {(e.evidence.start, e.evidence.end) for e in events}
    out: list[Event] = []
    for span, reported in by_cue.items():
        if span in stated:
            continue  # the cue is already an event ("accused Israel of shelling")
        att = reported[0].attribution
        assert att is not None and att.evidence is not None
        speaker = att.chain[-1]
        accused = _accused(reported)
        if not accused:
            continue  # "eight people were killed, officials said": nobody is accused
        if any(_same_actor(speaker.actor_id, p.actor_id) or _named_in(p, speaker.name)
               for p in accused):  # fmt: skip
            continue  # the speaker reports its own act: a claim of responsibility
        out.append(
            Event(
                id="",
                type=_accuse_type(),
                trigger=att.cue or att.evidence.text,
                evidence=replace(att.evidence, extractor=f"{NAME}@{VERSION}"),
                source=(Participant(speaker.actor_id, speaker.name, "source"),),
                target=tuple(accused),
                status=Status.OCCURRED,
                attribution=att if _plain(doc, att) else _relayed_by(att, article),
            )
        )
    model = models.model_for(event_type.NAME)
    return event_type.with_confidence(model, doc, out) if model is not None else out


def _asserted_by_fronted_cue(doc: Doc, ev: Event, att: Attribution) -> bool:
    """Is the act what a reporting verb that comes first asserts ("Israel said a mortar was
    fired", "the US claimed that ISIL had attacked")? A post-posed or parenthetical cue
    ("..., witnesses said", "according to X") tags the source of a reported event rather than
    making the statement the news (Quirk et al. 1985, comment clauses), and an act inside a
    relative or adverbial phrase is not what the statement asserts."""
    assert att.evidence is not None
    cue = doc.char_span(att.evidence.start, att.evidence.end, alignment_mode="expand")
    act = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
    if cue is None or act is None:
        return False
    verb, tok = cue.root, act.root
    if tok.i < verb.i:
        return False
    for _ in range(4):
        if tok.dep_ == "ccomp" and tok.head.i == verb.i:
            return True
        if tok.dep_ != "conj":
            return False
        tok = tok.head
    return False


def _accused(reported: list[Event]) -> list[Participant]:
    """The perpetrators of the reported acts, each once, as targets."""
    seen: set[str] = set()
    out: list[Participant] = []
    for ev in reported:
        for p in ev.source:
            if p.actor_id not in seen:
                seen.add(p.actor_id)
                out.append(replace(p, role="target"))
    return out


def _same_actor(a: str, b: str) -> bool:
    """The same actor, or the same side: a state and its organs ("USA", "USAGOV", "USAMIL"
    report each other's acts as their own), a group and its own sectors."""
    if a == b:
        return True
    if a.startswith("PROV:") or b.startswith("PROV:"):
        return False
    if (":" in a) != (":" in b):
        # a country's named person and its state ("Trump said he ordered strikes": the
        # strikes' source is USAGOV): the person speaks for the state's organs
        return common.side_of(a) == common.side_of(b)
    if ":" in a or ":" in b:
        return False
    if len(a) < 3 or a[:3] != b[:3]:
        return False
    sa, sb = a[3:6], b[3:6]
    return not sa or not sb or sa == sb or (sa in common.STATE_ORGANS and sb in common.STATE_ORGANS)


def _named_in(part: Participant, speaker: str | None) -> bool:
    """Is a provisional actor the speaker itself under its common noun ("Rebels of the M23
    movement say they have taken Goma": "they", the rebels, are the speakers)?"""
    if not part.actor_id.startswith("PROV:") or not speaker:
        return False
    noun = part.actor_id.removeprefix("PROV:").lower()
    return noun in speaker.lower().split()


def _relayed_by(att: Attribution, article: Article) -> Attribution:
    """Who reports the statement: the chain above the speaker (the outlet itself when the
    outlet quotes the speaker directly)."""
    chain = att.chain[:-1]
    if len(chain) <= 1:
        return common.outlet_voice(article)
    return replace(att, chain=chain, own_voice=False, quote=None)


def _cue_class(doc: Doc, att: Attribution) -> str | None:
    """The class of the attribution's reporting verb (say, allege, deny, assess, ...)."""
    cues = load_cues()
    return next((cues.verb_class[lemma] for lemma in _cue_lemmas(doc, att)
                 if lemma in cues.verb_class), None)  # fmt: skip


def _plain(doc: Doc, att: Attribution) -> bool:
    """Is the cue a verb that names no act ("said", "claimed")? Then the accusation is made
    in the speaker's words and the speaker says so; "accused" is the relayer's account."""
    return not load_cues().plain_verbs.isdisjoint(_cue_lemmas(doc, att))


def _cue_lemmas(doc: Doc, att: Attribution) -> list[str]:
    """The lemmas of the attribution's reporting verb (its verbs, else all its words)."""
    ev = att.evidence
    span = doc.char_span(ev.start, ev.end, alignment_mode="expand") if ev else None
    if span is None:
        return []
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")] or list(span)
    return [t.lemma_.lower() for t in verbs]


__all__ = ["NAME", "VERSION", "accuse"]
