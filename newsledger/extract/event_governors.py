"""An event's missing source from the clause that governs it, where the parse hangs the event
below a preposition and so gives it no subject of its own.

Method: PETRARCH-style control rules on the spaCy parse, for four constructions the clause
reader (`events`) leaves without a source:
1. a gerund under a preposition is done by the governing verb's subject ("the protesters
   responded by firing fireworks at police"), or by its object after "of"/"for" ("accused
   Israel of attacking", "thanked Qatar for mediating"); under a noun that is a verb's object,
   by that verb's subject ("the Houthis claimed responsibility for attacking the ship");
2. talks named in an adjunct of a clause ("During a meeting in Moscow with X, Vulin said")
   are held by the clause's subject (talks only: "after an attack on X, Israel struck" does
   not make Israel the attacker);
3. an event named by what a statement or decision is about is the possessor's ("al-Shara's
   announcement of a security agreement with Israel");
4. a deal accepted, signed or reached is its subject's ("both sides accepted an agreement
   brokered by the U.S.", not the broker's).
A missing target, likewise, from three constructions the clause reader leaves without one:
5. a worry or charge voiced about someone is about the subject of its "that" clause ("voiced
   concerns that Trump might cement the lines");
6. a promise to help is to whom the help goes ("pledged to continue arming Ukraine");
7. giving up is to the side named after "to" ("25 soldiers surrendered to Rwanda");
8. a verb without an object shares that of the verb joined to it ("attacked and sank a cargo
   vessel").
A side is resolved like any argument (`event_roles.ActorResolver`), and never to an actor
already on the event's other side. Word lists: newsledger/data/events/sides.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from ..model import Event, Found
from .event_lexicon import lexicon
from .event_roles import ActorResolver
from .event_sides import words

# the preposition after which a gerund's doer is the governing verb's object
_OBJECT_DOER_PREPS = frozenset({"of", "for"})
_SUBJECTS = ("nsubj", "nsubjpass")


def fill_sources(events: Sequence[Event], doc: Doc, found: Found) -> list[Event]:
    """The events, each without a source given one from its governing clause where the parse
    names one (see the module docstring)."""
    resolver: ActorResolver | None = None
    out = []
    for ev in events:
        if not ev.source:
            anchor = _anchor(doc, ev)
            doer = _doer(anchor, ev.type.plover) if anchor is not None else None
            if doer is not None:
                resolver = resolver or ActorResolver(doc, found, lexicon())
                targets = {p.actor_id for p in ev.target}
                source = [p for p in resolver.participants(doer, "source")
                          if p.actor_id not in targets]  # fmt: skip
                if source:
                    ev = replace(ev, source=tuple(source))
        out.append(ev)
    return out


def fill_targets(events: Sequence[Event], doc: Doc, found: Found) -> list[Event]:
    """The events, each without a target given one where the construction names it (rules
    5-8 of the module docstring)."""
    resolver: ActorResolver | None = None
    out = []
    for ev in events:
        anchor = _anchor(doc, ev) if not ev.target else None
        patient = _patient(anchor, ev.type.cameo) if anchor is not None else None
        if patient is not None:
            resolver = resolver or ActorResolver(doc, found, lexicon())
            sources = {p.actor_id for p in ev.source}
            target = [replace(p, role="target") for p in resolver.participants(patient, "target")
                      if p.actor_id not in sources]  # fmt: skip
            if target:
                ev = replace(ev, target=tuple(target))
        out.append(ev)
    return out


def _patient(anchor: Token, cameo: str) -> Token | None:
    """The token naming whom the event the anchor heads is about, by rules 5-8."""
    w = words()
    verb = anchor.head if anchor.dep_ == "dobj" and anchor.pos_ == "NOUN" else anchor
    if cameo[:2] in ("10", "11", "12", "13"):
        for noun in [anchor, *verb.children]:
            if noun.dep_ != "dobj" or noun.lemma_.lower() not in w.content_nouns:
                continue
            for clause in noun.children:
                if clause.dep_ in ("acl", "relcl", "ccomp") and any(
                    c.dep_ == "mark" or c.lower_ == "that" for c in clause.children
                ):
                    return next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if cameo[:2] in ("03", "05", "07"):
        cur = verb
        for _ in range(3):
            nxt = next((c for c in cur.children if c.dep_ == "xcomp"), None)
            if nxt is None:
                break
            cur = nxt
        if cur.lemma_.lower() in w.benefit_verbs:  # "arming Ukraine", "pledged to help Kyiv"
            return next((c for c in cur.children if c.dep_ == "dobj"), None)
    if verb.lemma_.lower() in w.yield_verbs:
        to = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if verb.pos_ == "VERB" and not any(c.dep_ in ("dobj", "prep") for c in verb.children):
        for conj in verb.children:
            if (
                conj.dep_ == "conj"
                and conj.pos_ == "VERB"
                and not any(c.dep_.startswith("nsubj") for c in conj.children)
            ):
                return next((c for c in conj.children if c.dep_ == "dobj"), None)
    return None


def _anchor(doc: Doc, ev: Event) -> Token | None:
    span = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _doer(anchor: Token, plover: str) -> Token | None:
    """The token naming who does the event the anchor heads, by the rules above."""
    prep = anchor.head
    if anchor.dep_ == "pcomp" and anchor.tag_ == "VBG" and prep.dep_ == "prep":
        return _gerund_doer(prep, prep.head)
    if anchor.dep_ == "dobj" and anchor.pos_ == "NOUN":
        # "both sides accepted an agreement", "Israel signed a ceasefire": the parties
        verb = anchor.head
        return _subject(verb) if verb.lemma_.lower() in words().deal_verbs else None
    if anchor.dep_ != "pobj" or anchor.pos_ != "NOUN":
        return None
    if prep.dep_ != "prep" or prep.i == anchor.i:
        return None
    governor = prep.head
    if (plover in words().talk_types and prep.lower_ in words().talk_adjuncts
            and governor.pos_ in ("VERB", "AUX")):  # fmt: skip
        return _subject(governor)
    if prep.lower_ == "of" and governor.lemma_.lower() in words().statement_nouns:
        return next((c for c in governor.children if c.dep_ == "poss"), None)
    return None


def _gerund_doer(prep: Token, governor: Token) -> Token | None:
    if governor.pos_ in ("VERB", "AUX"):
        if prep.lower_ in _OBJECT_DOER_PREPS:
            obj = next((c for c in governor.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        return _subject(governor)
    if governor.pos_ == "NOUN" and governor.dep_ == "dobj":
        return _subject(governor.head)
    return None


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or the noun a participle modifies ("The protesters, ...,
    responded by")."""
    subj = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if subj is not None:
        return None if subj.lower_ in ("which", "who", "that") else subj
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return None
