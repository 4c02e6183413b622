"""Claims: attributed statements that are not themselves events.

Method: every attribution cue found by the attribution stage is judged, but for one of kind
"other" (the model's cue on a word no lexicon lists: the outlet's voice stays). A cue of doubt,
denial, assessment or justification (class from data/lexicons/cues.yaml, after the reporting-
verb classes of Recasens et al. 2013) always makes a claim; a neutral cue ("said",
"according to", "revealed") makes one only when its content is not an action the events
stage codes: a copular or modal clause ("these would be security agreements"), a direct quote,
or a stated reason. Kind: denial (deny cues), accusation (allege cues, or an assessment whose
content accuses: "critics argue X is exploiting ..."), justification ("citing the need to",
"cited X as justification"), assessment, statement. Certainty from `certainty.certainty_of`.
Runs inside the attribution stage (`attribution.extract`), which hands it the cues.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..model import Article, Claim, Found
from . import common
from .certainty import certainty_of
from .cues import Cue, Cues, load

_DOUBTING = {"allege", "deny", "assess", "speculate", "justify"}
_MODALS = {"would", "could", "should", "must", "might", "may", "will", "can"}


def claims_from(
    doc: Doc, article: Article, found: Found, cues: list[Cue], extractor: str
) -> list[Claim]:
    """The claims among the attribution cues of one article; `extractor` is the label of the
    stage that found the cues ("attribution@2"), which the claims' evidence carries."""
    lex = load()
    out: list[Claim] = []
    for cue in cues:
        if cue.lemma in lex.anonymous_adverbs or cue.scope_end <= cue.scope_start:
            continue
        if cue.kind == "other":
            continue  # the model's cue on a word no lexicon lists: the outlet's voice stays
        content = common.doc_text(doc)[cue.scope_start : cue.scope_end]
        cls = _class(cue, lex)
        # a partial quote inside a paraphrase ("expected "by the end of the year"") is not a
        # quoted statement; a quote that is most of the content is
        quoted = sum(len(q) for q in cue.quote) >= 0.6 * len(content)
        if cls not in _DOUBTING and not quoted and not _is_state(doc, cue, content, lex):
            continue  # an action: the events stage codes it, with this attribution
        attribution = cue.attribution(doc, article, extractor)
        speaker = cue.chain[-1]
        out.append(
            Claim(
                id=f"{article.id[:16]}-c{len(out) + 1}",
                speaker=speaker.name,
                speaker_actor_id=speaker.actor_id or _speaker_actor(found, cue),
                cue=cue.cue,
                content=common.evidence(doc, article, cue.scope_start, cue.scope_end, extractor),
                quoted=quoted,
                kind=_kind(cls, content, lex),
                attribution=attribution,
                certainty=certainty_of(content, attribution),
            )
        )
    return out


def _class(cue: Cue, lex: Cues) -> str:
    if cue.lemma in ("according to", "quote"):
        return "say"
    if cue.lemma in ("cite",):
        return "justify"
    return lex.class_of(cue.lemma)


def _kind(cls: str, content: str, lex: Cues) -> str:
    lower = f" {content.lower()} "
    if cls == "deny":
        return "denial"
    if cls == "justify" or common.has_any(lower, lex.justification_words):
        return "justification"
    if cls == "allege" or (
        cls in ("assess", "speculate") and common.has_any(lower, lex.accusation_words)
    ):
        return "accusation"
    if cls in ("assess", "speculate"):
        return "assessment"
    return "statement"


def _is_state(doc: Doc, cue: Cue, content: str, lex: Cues) -> bool:
    """Whether the content is a state or judgement (copula, modal, noun reason), not an act."""
    root = _root(doc, cue.scope_start, cue.scope_end)
    if root is None:
        return False
    if root.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"):
        return root.dep_ not in ("dobj",) or common.has_any(
            f" {content.lower()} ", lex.justification_words
        )
    if root.lemma_ in ("be", "have") and root.pos_ == "AUX" or root.lemma_ == "be":
        return True
    return any(
        c.dep_ == "aux" and c.lower_ in _MODALS and root.lemma_ == "be" for c in root.children
    )


def _root(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    inside = {t.i for t in span}
    heads = [t for t in span if t.head.i not in inside or t.head.i == t.i]
    return heads[0] if heads else None


def _speaker_actor(found: Found, cue: Cue) -> str | None:
    if cue.speaker_start < 0:
        return None
    inside = [
        m
        for m in found.mentions
        if cue.speaker_start <= m.evidence.start and m.evidence.end <= cue.speaker_end
    ]
    return inside[-1].actor_id if inside else None
