"""What the event-type model sees of an event: its sentence, its trigger's neighbourhood in the
parse, and what the rules made of it. One function, shared by training and inference, so the
two can never drift apart.

Method: sparse binary features in the style of a maximum-entropy event coder (lemma n-grams of
the sentence, the trigger lemma and its syntactic arguments, entity types of its arguments),
plus the rule coder's own reading (PLOVER type, CAMEO root, mode, status) as features: stacking,
so the model learns when to trust the rules (they are precise on the verbs they list).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..model import Event

_ARG_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "xcomp", "ccomp", "agent"})
_WINDOW = 3


def sentence_features(sent: Span) -> list[str]:
    """What every event of `sent` shares: its words, bigrams, verbs, entity types and root."""
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    lemmas = [t.lemma_.lower() for t in words]
    feats = [f"w={lemma}" for lemma in lemmas if not _stop(lemma)]
    feats += [f"b={a}_{b}" for a, b in zip(lemmas, lemmas[1:], strict=False)]
    feats += [f"v={t.lemma_.lower()}" for t in words if t.pos_ == "VERB"]
    feats += [f"e={t.ent_type_}" for t in words if t.ent_iob_ == "B"]
    feats.append(f"root={sent.root.lemma_.lower()}")
    return feats


def event_features(
    sent: Span,
    event: Event | None,
    cache: dict[tuple[int, int], list[str]] | None = None,
    ruled: bool = True,
) -> list[str]:
    """The features of `event` in sentence `sent` (or of the sentence alone when None);
    `cache` keeps each sentence's share, so a sentence with many events is read once. An
    event the rules did not code (`ruled` False: the event detector's proposal) is read
    without a rule reading."""
    key = (sent.start, sent.end)
    if cache is not None and key in cache:
        shared = cache[key]
    else:
        shared = sentence_features(sent)
        if cache is not None:
            cache[key] = shared
    feats = list(shared)
    if event is None:
        feats.append("rule=NONE")
        return feats
    trigger = _trigger_tokens(sent, event)
    t_type, cameo = (event.type.plover, event.type.cameo or "") if ruled else ("NONE", "")
    if ruled:
        feats += [f"rule={t_type}", f"rulec={cameo[:2]}", f"rulecc={cameo[:3]}",
                  f"rulem={t_type}:{event.type.mode}"]  # fmt: skip
    else:
        feats.append("rule=NONE")
    feats += [f"status={event.status}", f"roles={bool(event.source)}{bool(event.target)}"]
    for tok in trigger:
        lemma = tok.lemma_.lower()
        feats += [f"t={lemma}", f"t={lemma}|{t_type}", f"tp={tok.pos_}"]
        for child in tok.children:
            if child.dep_ in _ARG_DEPS:
                feats.append(f"ta={child.dep_}:{child.lemma_.lower()}")
                if child.ent_type_:
                    feats.append(f"tae={child.dep_}:{child.ent_type_}")
            elif child.dep_ == "prep":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        feats.append(f"tpo={child.lower_}:{obj.lemma_.lower()}")
                        feats.append(f"tpe={child.lower_}:{obj.ent_type_ or obj.pos_}")
        if tok.dep_ in ("pobj", "dobj", "nsubj", "compound"):
            feats.append(f"th={tok.dep_}:{tok.head.lemma_.lower()}")
    if trigger:
        lo = max(trigger[0].i - _WINDOW, sent.start)
        hi = min(trigger[-1].i + _WINDOW + 1, sent.end)
        feats += [f"tw={t.lemma_.lower()}" for t in sent.doc[lo:hi] if not t.is_punct]
    return feats


def _trigger_tokens(sent: Span, event: Event) -> list[Token]:
    start, end = event.evidence.start, event.evidence.end
    return [t for t in sent if t.idx < end and t.idx + len(t.text) > start]


_STOP = frozenset(
    "the a an of to in on and or for with by at from as that this is be was were are it its "
    "have has had their his her they he she we i you will would said say".split()
)


def _stop(lemma: str) -> bool:
    return lemma in _STOP or lemma.isdigit()
