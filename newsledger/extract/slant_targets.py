"""The actor a slant marker bears on.

A mention inside or next to the span (actors stage), else the subject of its clause, else the
nearest preceding state; without mentions, spaCy entities with a best-effort ISO code.
"""

from __future__ import annotations

import functools

from spacy.tokens import Span, Token

from ..model import Found

_STATE_LABELS = {"GPE", "NORP"}


def target(found: Found, span: Span, sent: Span, category: str) -> str | None:
    """The actor a marker bears on."""
    inside = mention_in(found, span)
    if inside:
        return inside
    root = span.root
    if category in ("pejorative_label", "scare_term"):
        # a label bears on the group it names ("Hezbollah terrorists", "terrorist group
        # Hayat Tahrir al-Sham", "the so-called Syrian Observatory"), never on a clause subject
        return _named(found, span, sent)
    if category in ("intensifier", "loaded_term"):
        noun = root.head if root.dep_ in ("amod", "advmod") else root
        for tok in [*noun.children, *span]:  # "Israeli invasion", "its brutal track record"
            if tok.dep_ in ("amod", "poss", "compound", "nmod") and tok.i not in range(
                span.start, span.end
            ):
                actor = _actor_at(found, tok, sent)
                if actor:
                    return actor
    if category in ("delegitimising_name", "metonym"):
        return _preceding_state(found, span, sent)
    tok = root
    for _ in range(8):  # the subject of the governing clause
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and not (span.start <= subj.i < span.end):
            return _actor_in_subtree(found, subj, sent)
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None


def _named(found: Found, span: Span, sent: Span) -> str | None:
    """The actor a label or scare term names: a mention among the words next to it in the
    noun phrase (modifiers, apposition, the noun it modifies)."""
    root = span.root
    noun = root
    while noun.dep_ in ("amod", "advmod", "compound", "npadvmod") and noun.head.i != noun.i:
        noun = noun.head  # "so-called" -> "Observatory", "terrorist" -> "group"
    near = [noun, *noun.children, *root.children]
    if noun.dep_ in ("appos", "compound"):
        near.append(noun.head)
    for tok in near:
        if span.start <= tok.i < span.end or tok.dep_ in ("det", "punct", "prep", "case"):
            continue
        sub = (
            tok.doc[tok.left_edge.i : tok.right_edge.i + 1]
            if tok.i != noun.i
            else tok.doc[tok.i : tok.i + 1]
        )
        actor = mention_in(found, sub)
        if actor:
            return actor
    return None


def mention_in(found: Found, span: Span) -> str | None:
    hits = [
        m
        for m in found.mentions
        if m.evidence.start < span.end_char and span.start_char < m.evidence.end
    ]
    if hits:
        return max(hits, key=lambda m: len(m.text)).actor_id
    if found.mentions:
        return None
    for ent in span.doc.ents:  # no actors stage: spaCy entities, best effort
        if ent.start_char < span.end_char and span.start_char < ent.end_char:
            code = best_effort_id(ent.text, ent.label_)
            if code:
                return code
    return None


def _actor_at(found: Found, tok: Token, sent: Span) -> str | None:
    span = tok.doc[tok.i : tok.i + 1]
    if tok.lower_ in ("its", "their", "his", "her"):
        return None
    return mention_in(found, span)


def _actor_in_subtree(found: Found, tok: Token, sent: Span) -> str | None:
    span = tok.doc[tok.left_edge.i : tok.right_edge.i + 1]
    hits = [
        m
        for m in found.mentions
        if span.start_char <= m.evidence.start and m.evidence.end <= span.end_char
    ]
    if hits:
        # the mention of the subject's head ("Western-backed Abu Mohammed al-Jolani": Jolani)
        head = [m for m in hits if m.evidence.start <= tok.idx < m.evidence.end]
        return (head or hits)[-1].actor_id
    if found.mentions:
        return None
    for ent in span.ents:
        code = best_effort_id(ent.text, ent.label_)
        if code:
            return code
    return None


def _preceding_state(found: Found, span: Span, sent: Span) -> str | None:
    """The nearest state or government named before the span in its sentence."""
    kinds = {a.id: a.kind for a in found.actors}
    before = [
        m
        for m in found.mentions
        if sent.start_char <= m.evidence.start
        and m.evidence.end <= span.start_char
        and kinds.get(m.actor_id) in ("state", "government")
    ]
    if before:
        return before[-1].actor_id
    if found.mentions:
        return None
    ents = [e for e in sent.ents if e.end_char <= span.start_char and e.label_ in _STATE_LABELS]
    for ent in reversed(ents):
        code = best_effort_id(ent.text, ent.label_)
        if code:
            return code
    return None


_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "an", "i", "n", "")


@functools.lru_cache(maxsize=512)
def best_effort_id(text: str, label: str) -> str | None:
    """An ISO 3166 alpha-3 code for a country or demonym entity ("Israeli" -> "ISR"), used
    only when the actors stage found nothing."""
    if label not in _STATE_LABELS:
        return None
    import pycountry

    name = text.strip().removeprefix("the ").removeprefix("The ")
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        pass
    for ending in _DEMONYM_ENDINGS:
        if ending and not name.endswith(ending):
            continue
        stem = name[: len(name) - len(ending)] if ending else name
        if len(stem) < 4:
            continue
        for country in pycountry.countries:
            names = (country.name, getattr(country, "common_name", ""))
            if any(n.startswith(stem) for n in names if n):
                return country.alpha_3
    return None
