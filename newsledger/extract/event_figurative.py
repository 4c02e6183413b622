"""Words of violence used for words: "Conaway attacked Schiff for driving a false narrative",
"the president's attacks on the Russia inquiry", "Republican attacks on Obama" are criticism
(CAMEO 111), not assaults.

Rule (PETRARCH codes a verb by its arguments; ACLED codes no verbal attack): a violence word of
the `verbal_attack` cue list whose side is no armed actor, which hits no country, place or
force, in a sentence that tells no harm (`harm_words`: no one killed, wounded or shot, no
weapon), is criticism where a person does it (the verb's subject, or the noun's possessor:
"Trump's attacks") or a party ("Republican attacks"; another name before the noun is often a
group's: "Suspected al Shabaab attack a police post"). Word lists:
newsledger/data/events/cues.yaml. Reading an "attack" on a thing no weapon hits ("an attack
on legal immigration pathways") as criticism was tried and left out: with no lexicon of
abstract nouns, "attacked a Fulani settlement" and "attacked clerks" went too.
"""

from __future__ import annotations

from spacy.tokens import Token

from .event_lexicon import Lexicon
from .event_roles import ActorResolver

_ATTACKED_PREPS = ("on", "against")
_PLACE_OR_FORCE = frozenset({"force", "troops", "army", "base", "position", "town", "city"})


def verbal_attack(
    anchor: Token, noun: Token | None, subj: Token | None, armed_source: bool,
    resolver: ActorResolver, lex: Lexicon,
) -> bool:  # fmt: skip
    """Is this "attack" criticism (see the module's docstring)?"""
    word = noun if noun is not None else anchor
    if word.lemma_.lower() not in lex.cues["verbal_attack"] or armed_source:
        return False
    if _targets_a_place_or_force(anchor, noun):
        return False
    if any(t.lemma_.lower() in lex.cues["harm_words"] for t in anchor.sent):
        return False
    if resolver.is_person(subj):
        return True  # "Conaway attacked Schiff"
    parties = lex.cues["party_words"]
    if noun is not None and any(
        (c.dep_ == "poss" and resolver.is_person(c)) or c.lower_ in parties
        for c in noun.children
        if c.dep_ in ("poss", "compound", "amod")
    ):
        return True  # "the president's attacks", "Republican attacks"
    return False


def _targets_a_place_or_force(anchor: Token, noun: Token | None) -> bool:
    """Is what is attacked a country, place or armed force ("Putin attacked Ukraine")?"""
    return any(
        o.ent_type_ in ("GPE", "LOC", "FAC", "NORP") or o.lemma_.lower() in _PLACE_OR_FORCE
        for o in _attacked(anchor, noun)
    )


def _attacked(anchor: Token, noun: Token | None) -> list[Token]:
    heads = [anchor] + ([noun] if noun is not None else [])
    objs = [c for h in heads for c in h.children if c.dep_ in ("dobj", "nsubjpass")]
    return objs + [p for h in heads for c in h.children
                   if c.dep_ == "prep" and c.lower_ in _ATTACKED_PREPS
                   for p in c.children if p.dep_ == "pobj"]  # fmt: skip
