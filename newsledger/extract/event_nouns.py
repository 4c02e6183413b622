"""Event nouns whose clause verb only says that they ran or were witnessed: "talks resumed",
"clashes erupted between the army and the RSF", "fighting was reported in Goma". The events
stage takes the event's place, time, status and (for "between") sides from that verb, which
the parse makes the head of the phrases the noun itself lacks.
"""

from __future__ import annotations

from spacy.tokens import Token

_ASPECTUAL = frozenset(
    {"resume", "begin", "start", "continue", "end", "stall", "collapse", "conclude", "open",
     "close", "break", "restart", "reconvene", "proceed", "go", "take", "occur", "happen",
     "erupt", "rage", "intensify", "escalate", "spread", "flare", "ensue", "persist"}
)  # fmt: skip
_WITNESSED = frozenset({"report", "hear", "witness", "record", "document", "describe"})


def aspectual_verb(noun: Token) -> Token | None:
    """The verb that only says when or whether the event noun runs, the noun its subject
    ("talks resumed", "the offensive began", "talks are expected to resume"), or that it was
    witnessed ("gunfire was heard in Goma", "agencies reported looting in Goma")."""
    head = noun.head
    if noun.dep_ in ("nsubjpass", "dobj") and head.lemma_.lower() in _WITNESSED:
        return head
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    for verb in [head, *(c for c in head.children if c.dep_ == "xcomp")]:
        if verb.lemma_.lower() in _ASPECTUAL:
            return verb
    return None
