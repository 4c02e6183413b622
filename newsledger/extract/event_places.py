"""The event's place: the place its clause names (event_roles finds who; this, where).

Method: a place under the clause's "in/at/near" prepositions, on its destination ("deployed
to posts inside southern Syria") or on what it acts on ("struck a refinery in Saratov
region"); a definite "the city", "the town" or "the village" takes up the last city the
text named in the sentences before (the head-match of coref.py applied to places).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from ..model import Evidence, Found, Place
from . import common
from .event_lexicon import Lexicon
from .event_roles import (
    _TERRITORY,
    PLACE_LABELS,
    PLACE_PREPS,
    _entity,
    country_code,
    country_names_only,
)

_PLACES: list = [None, -1, [], [], 0]  # the last place list, its length, starts, order, longest


def _by_start(places: list[Place]) -> tuple[list[int], list[int], int]:
    """The places' starts in order, their positions in that order and the longest span
    (built once per place list)."""
    if _PLACES[0] is not places or _PLACES[1] != len(places):
        order = sorted(range(len(places)), key=lambda k: places[k].evidence.start)
        longest = max((p.evidence.end - p.evidence.start for p in places), default=0)
        _PLACES[:] = [places, len(places), [places[k].evidence.start for k in order], order,
                      longest]
    return _PLACES[2], _PLACES[3], _PLACES[4]


def _place_containing(places: list[Place], start: int, end: int) -> Place | None:
    """The first of `places` whose span holds [start, end), by bisection on their starts."""
    starts, order, longest = _by_start(places)
    lo, hi = bisect.bisect_left(starts, end - longest), bisect.bisect_right(starts, start)
    held = [order[k] for k in range(lo, hi) if places[order[k]].evidence.end >= end]
    return places[min(held)] if held else None


def where(anchors: list[Token], doc: Doc, found: Found, lex: Lexicon, evidence_for) -> Place | None:
    """The event's place: a place under the clause's "in/at/near" prepositions."""
    candidates: list[Token] = []
    later: list[Token] = []
    anchors = list(anchors)
    first = anchors[0]
    if first.dep_ in ("advcl", "xcomp", "conj") and not any(
        c.dep_.startswith("nsubj") for c in first.children
    ):
        # "expanded its footprint in Syria, conducting airstrikes": the clause's place
        anchors.append(first.head)
    for anchor in anchors:
        # the anchor and misattached dependents ("met with X, Y, in London")
        heads = [anchor] + [c for c in anchor.children if c.dep_ in ("appos", "npadvmod")]
        for h in heads:
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                    candidates.extend(p for p in c.children if p.dep_ == "pobj")
        for c in anchor.children:
            # "deployed to nine posts inside southern Syria": a place on the destination
            if c.dep_ == "prep" and c.lower_ in ("to", "into", "toward", "towards", "from"):
                for dest in c.children:
                    for cc in dest.children:
                        if cc.dep_ == "prep" and cc.lower_ in PLACE_PREPS:
                            candidates.extend(p for p in cc.children if p.dep_ == "pobj")
                        if cc.dep_ == "advmod":
                            candidates.extend(
                                p for q in cc.children if q.dep_ == "prep"
                                for p in q.children if p.dep_ == "pobj"
                            )  # fmt: skip
        # "struck a refinery in Saratov region": the place of the thing acted on
        for obj in anchor.children:
            if obj.dep_ in ("dobj", "nsubjpass") and _settlement_noun(obj):
                later.append(obj)  # "entered the city": the city named before
            if obj.dep_ in ("dobj", "nsubjpass"):
                # "hit the site of a meeting of command staff in the city of Sumy": down the
                # object's "of" chain too
                for head in _of_chain(obj):
                    for c in head.children:
                        if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                            later.extend(p for p in c.children if p.dep_ == "pobj")
        if anchor.pos_ in ("NOUN", "PROPN"):
            # "the Paris meeting"
            candidates.extend(c for c in anchor.children if c.dep_ in ("compound", "nmod"))
    later += _where_antecedent(first) + _sentence_frame(first)
    for tok in candidates + later:
        place = _place_at(tok, doc, found, lex, evidence_for)
        if place is not None:
            return place
    return None


def _of_chain(noun: Token, depth: int = 3) -> list[Token]:
    """`noun` and the nouns below it after "of", `depth` deep ("the site of a meeting of
    staff")."""
    out = [noun]
    for _ in range(depth):
        nxt = [p for c in out[-1].children if c.dep_ == "prep" and c.lower_ == "of"
               for p in c.children if p.dep_ == "pobj"]  # fmt: skip
        if not nxt:
            break
        out.append(nxt[0])
    return out


def _sentence_frame(anchor: Token) -> list[Token]:
    """A sentence that opens on its place ("In Burkina Faso, suspected militants killed 50
    soldiers ...") sets it for its events, wherever the parser hung the phrase."""
    sent = anchor.sent
    opener = sent[0]
    if opener.lower_ not in ("in", "at") or opener.dep_ != "prep" or anchor.i <= opener.i:
        return []
    return [p for p in opener.children if p.dep_ == "pobj" and p.right_edge.i + 1 < anchor.i]


def _where_antecedent(anchor: Token) -> list[Token]:
    """The place a "where" clause hangs on: "near Walikale, where officials said two
    civilians were killed" happened in Walikale."""
    tok = anchor
    while tok.dep_ in ("ccomp", "conj", "xcomp", "advcl") and tok.head.i != tok.i:
        tok = tok.head
    where = any(c.dep_ == "advmod" and c.lower_ == "where" for c in tok.children)
    return [tok.head] if tok.dep_ == "relcl" and where else []


def _place_at(tok: Token, doc: Doc, found: Found, lex: Lexicon, evidence_for) -> Place | None:
    start, end = tok.idx, tok.idx + len(tok.text)
    if tok.lemma_.lower() in _TERRITORY:
        # "across the Syrian territory", "on Lebanese soil": the country
        for c in tok.children:
            ent = _entity(c) if c.dep_ in ("amod", "compound", "poss") else None
            code = country_code(ent.text, lex) if ent is not None else None
            if code and ent is not None:
                start_char, end_char = min(ent.start_char, tok.idx), tok.idx + len(tok.text)
                name = common.doc_text(tok.doc)[start_char:end_char]
                return Place(name, code, None, None, "country", evidence_for(start_char, end_char))
    place = _place_containing(found.places, start, end)
    if place is not None:
        return place
    if _settlement_noun(tok):
        return _city_before(found.places, tok)
    span_toks = [tok] + [c for c in tok.children if c.dep_ == "compound"]
    for t in span_toks:
        ent = _entity(t)
        if ent is not None and ent.label_ in PLACE_LABELS:
            code = country_code(ent.text, lex)
            is_country = code is not None and (
                ent.text.lower() in country_names_only()
                or ent.text.lower().removeprefix("the ") in country_names_only()
            )
            precision = (
                "country"
                if is_country
                else {"LOC": "region", "FAC": "site"}.get(ent.label_, "city")
            )
            ev: Evidence = evidence_for(ent.start_char, ent.end_char)
            return Place(
                name=ent.text,
                country=code,  # a country, or the country of a capital ("London")
                lat=None,
                lon=None,
                precision=precision,
                evidence=ev,
            )
    if tok.lemma_.lower() in _PLACE_PARTS:
        # "in the streets of Goma", "on the outskirts of Khartoum": the place named after "of"
        for name in (p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                     for p in c.children if p.dep_ == "pobj"):  # fmt: skip
            return _place_at(name, doc, found, lex, evidence_for)
    return None


_SETTLEMENTS = frozenset({"city", "town", "village"})
_PLACE_PARTS = _SETTLEMENTS | frozenset(
    {"street", "outskirts", "suburb", "centre", "center", "district", "province", "region",
     "area", "part", "neighbourhood", "neighborhood", "capital", "port", "border"}
)  # fmt: skip
_BACK_SENTENCES = 3  # "the city" takes up a city named this many sentences back at most


def _settlement_noun(tok: Token) -> bool:
    """ "the city", "the town": a definite settlement noun with no name or place of its own
    ("the city of Goma" and "the border town" are left to the entities)."""
    if tok.lemma_.lower() not in _SETTLEMENTS or tok.tag_ != "NN":
        return False
    kids = list(tok.children)
    return any(c.dep_ == "det" and c.lower_ == "the" for c in kids) and not any(
        c.dep_ in ("compound", "amod", "prep", "poss", "appos", "relcl", "acl") for c in kids
    )


def _city_before(places: list[Place], tok: Token) -> Place | None:
    """The last city the text named before `tok`, a few sentences back at most."""
    starts, order, _ = _by_start(places)
    here = common.sentence_index(tok.doc, tok.idx)
    for k in range(bisect.bisect_left(starts, tok.idx) - 1, -1, -1):
        place = places[order[k]]
        if here - place.evidence.sentence > _BACK_SENTENCES:
            return None
        if place.precision == "city":
            return place
    return None
