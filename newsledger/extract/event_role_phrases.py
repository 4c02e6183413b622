"""Role phrases of an event's clause: participants named by "brokered by", "under the
auspices of", "hosted by" (newsledger/data/events/roles.yaml), found once per doc.

Method: PETRARCH's role-phrase search over the clause's subtree, done by bisection on the
phrases' first tokens so that a run-on sentence costs the matches in its span, not a scan
of the subtree per event.
"""

from __future__ import annotations

import bisect
from typing import Protocol

from spacy.tokens import Doc, Token

from ..model import Participant
from .event_lexicon import Lexicon


class Resolver(Protocol):
    """What the role phrases need of the actor resolver (`event_roles.ActorResolver`)."""

    def participants(self, head: Token | None, role: str) -> list[Participant]: ...


def role_phrases(anchors: list[Token], resolver: Resolver, lex: Lexicon) -> list[Participant]:
    """Participants named by role phrases under the event's clause ("brokered by the US").

    The phrases are found once per doc (`_role_matches`); an event keeps those inside its
    anchors' subtrees, so the cost is the matches in the clause's span, not the subtree's
    length per event (which made a run-on sentence quadratic)."""
    out: list[Participant] = []
    if not anchors:
        return out
    doc = anchors[0].doc
    lo = min(a.left_edge.i for a in anchors)
    hi = max(a.right_edge.i for a in anchors)

    def inside(tok: Token) -> bool:
        return any(a.i == tok.i or a.is_ancestor(tok) for a in anchors)

    matches, starts, order = _role_matches_by_start(doc, lex)
    within = sorted(order[bisect.bisect_left(starts, lo) : bisect.bisect_right(starts, hi)])
    for role, start, n in (matches[k] for k in within):
        if start < lo or start + n - 1 > hi:
            continue
        words = doc[start : start + n]
        if not all(inside(t) for t in words):
            continue
        last = words[-1]
        obj = next((c for c in last.children if c.dep_ in ("pobj", "dobj")), None)
        if obj is None:
            obj = next((doc[i] for i in range(start + n, hi + 1) if inside(doc[i])), None)
        out.extend(resolver.participants(obj, role))
    return out


def _role_matches(doc: Doc, lex: Lexicon) -> list[tuple[str, int, int]]:
    """(role, first token, length) of every role phrase in the doc, in the lexicon's order of
    roles and phrases, then by position; computed once per doc."""
    key = "newsledger_role_matches"
    cached = doc.user_data.get(key)
    if cached is not None and cached[0] == id(lex):
        return cached[1]
    lowers = [t.lower_ for t in doc]
    starts: dict[str, list[int]] = {}
    for i, word in enumerate(lowers):
        starts.setdefault(word, []).append(i)
    out: list[tuple[str, int, int]] = []
    for role, phrases in lex.roles.items():
        for phrase in phrases:
            n = len(phrase)
            for i in starts.get(phrase[0], ()) if n else ():
                if tuple(lowers[i : i + n]) == phrase:
                    out.append((role, i, n))
    doc.user_data[key] = (id(lex), out)  # an id: user_data may be serialised
    return out


def _role_matches_by_start(doc: Doc, lex: Lexicon) -> tuple[list, list[int], list[int]]:
    """`_role_matches`, with their first tokens in text order and their places in the list,
    so that an event reads the matches in its span (in the list's order) by bisection."""
    matches = _role_matches(doc, lex)
    if _BY_START[0] is not matches:
        order = sorted(range(len(matches)), key=lambda k: matches[k][1])
        _BY_START[0], _BY_START[1] = matches, ([matches[k][1] for k in order], order)
    starts, order = _BY_START[1]
    return matches, starts, order


_BY_START: list = [None, ([], [])]  # the last doc's role matches, by first token
