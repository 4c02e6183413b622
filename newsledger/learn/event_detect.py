"""The event detector at run time: does this predicate report a codable event, and of what type?

For every verb of a sentence the detector gives P(event) (one minus its NONE class) and its
best PLOVER reading. The events extractor uses it twice (`extract.event_detection`, with the
thresholds in the model's meta): a verb the trigger lists miss becomes an event when the detector is
sure enough ("IDF forces firing at vehicles"), and a verb trigger the detector is confident is
no event is dropped. How the model is built: `learn.event_detect_training`.

Features: a maximum-entropy predicate classifier in the style of ACE trigger detection (Ahn
2006): the verb's lemma, tag and dependency, its head, its modal and negation, its arguments'
entity types, the trigger lists' own reading (stacking: the lists are precise on what they
list) and the frame and reporting-verb classes of the lemma.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.tokens import Span, Token

from .models import ShippedModel

NAME = "event_detect"
NONE = "NONE"
_ARGS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "agent", "oprd"})
_ENTS = frozenset({"GPE", "ORG", "NORP", "PERSON", "LOC", "FAC"})


def predicates(sent: Span) -> list[Token]:
    """The verbs of a sentence that may name an event (participles used as adjectives name
    none: "the ousted president")."""
    return [t for t in sent if t.pos_ == "VERB" and t.dep_ != "amod"]


def predicate_features(
    tok: Token, rule: str | None, lex_info: dict[str, str | None]
) -> list[str]:  # fmt: skip
    """The features of the verb `tok`; `rule` is the CAMEO code the trigger lists give it
    (None: no trigger), `lex_info` its lemma's classes (frame kind, reporting-verb class,
    whether the lists know the lemma at all)."""
    lemma = tok.lemma_.lower()
    feats = [f"l={lemma}", f"tag={tok.tag_}", f"dep={tok.dep_}", f"ld={lemma}|{tok.dep_}",
             f"h={tok.head.lemma_.lower()}", f"hp={tok.head.pos_}",
             f"hd={tok.head.lemma_.lower()}|{tok.dep_}"]  # fmt: skip
    feats.append(f"rule={rule[:2] if rule else 'none'}")
    feats.append(f"rl={lemma}|{'rule' if rule else 'none'}")
    feats += [f"{k}={v}" for k, v in lex_info.items() if v]
    deps = set()
    for c in tok.children:
        deps.add(c.dep_)
        if c.dep_ in ("aux", "auxpass", "neg", "mark", "prt"):
            feats.append(f"{c.dep_}={c.lower_}")
        elif c.dep_ in _ARGS:
            ent = c.ent_type_ if c.ent_type_ in _ENTS else c.pos_
            feats += [f"a={c.dep_}:{ent}", f"al={c.dep_}:{c.lemma_.lower()}"]
        elif c.dep_ == "prep":
            for obj in c.children:
                if obj.dep_ == "pobj":
                    ent = obj.ent_type_ if obj.ent_type_ in _ENTS else obj.pos_
                    feats += [f"p={c.lower_}", f"pe={c.lower_}:{ent}",
                              f"lp={lemma}|{c.lower_}"]  # fmt: skip
    feats += [f"cd={d}" for d in sorted(deps)]
    feats.append(f"args={bool(deps & _ARGS)}")
    return feats


def rule_codes(cands: Sequence) -> dict[int, str]:
    """Token index -> CAMEO code, for the anchor and trigger words of the trigger lists'
    candidates (`extract.event_triggers.Candidate`; the anchor's code wins)."""
    out: dict[int, str] = {}
    for cand in cands:
        for t in cand.trigger:
            out.setdefault(t.i, cand.cameo)
        out[cand.anchor.i] = cand.cameo
    return out


def lemma_info(tok: Token, verbs: dict, frame_kind: dict[str, str],
               verb_class: dict[str, str]) -> dict[str, str | None]:  # fmt: skip
    """What the lexicons say of the verb's lemma, as feature values."""
    lemma = tok.lemma_.lower()
    return {"inlex": "1" if lemma in verbs else None, "frame": frame_kind.get(lemma),
            "cue": verb_class.get(lemma)}  # fmt: skip


def event_probability(
    model: ShippedModel, batch: Sequence[list[str]]
) -> tuple[np.ndarray, list[str]]:
    """P(event) per feature list, and the best non-NONE reading of each."""
    if not batch:
        return np.zeros(0), []
    probs = model.predict(list(batch))
    labels = list(model.labels)
    none = labels.index(NONE) if NONE in labels else None
    p_event = 1.0 - probs[:, none] if none is not None else np.ones(len(batch))
    masked = probs.copy()
    if none is not None:
        masked[:, none] = -1.0
    readings = [labels[int(i)] for i in masked.argmax(axis=1)]
    return p_event, readings
