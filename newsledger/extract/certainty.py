"""Certainty: how firmly a statement is put, from its attribution, cue and hedges.

Method: the reporting cue's class (say → reported, allege → alleged, deny → disputed,
speculate → hedged; data/lexicons/cues.yaml) combined with hedges and boosters after Hyland
(2005) found in the span. The strongest doubt wins: disputed > alleged > hedged > reported >
asserted. A booster ("clearly", "in fact") never raises doubt; it only keeps the base.
"""

from __future__ import annotations

from spacy.tokens import Span

from ..model import Attribution, Certainty
from . import common
from .cues import load

_RANK = [
    Certainty.ASSERTED,
    Certainty.REPORTED,
    Certainty.HEDGED,
    Certainty.ALLEGED,
    Certainty.DISPUTED,
]


def certainty_of(span_or_sentence: Span | str, attribution: Attribution | None) -> Certainty:
    """How firmly `span_or_sentence` is put, given the attribution that covers it (None or an
    own-voice attribution means the outlet asserts it)."""
    lex = load()
    text = span_or_sentence if isinstance(span_or_sentence, str) else span_or_sentence.text
    lower = f" {text.lower()} "
    level = Certainty.ASSERTED
    if attribution is not None and not attribution.own_voice:
        level = _cue_certainty(attribution.cue)
    if (
        common.has_any(lower, lex.disputed_words)
        and attribution is not None
        and not (attribution.own_voice)
    ):
        level = _max(level, Certainty.DISPUTED)
    if common.has_any(lower, lex.alleged_words):
        level = _max(level, Certainty.ALLEGED)
    if common.has_any(lower, lex.hedges):
        level = _max(level, Certainty.HEDGED)
    return level


def cue_certainty(cue: str | None) -> Certainty:
    """The certainty a reporting cue alone gives what it reports ("said" → reported)."""
    return _cue_certainty(cue)


def has_booster(text: str) -> bool:
    """Whether the text carries a booster ("clearly", "undoubtedly", "in fact")."""
    return common.has_any(f" {text.lower()} ", load().boosters)


def _cue_certainty(cue: str | None) -> Certainty:
    lex = load()
    if not cue:
        return Certainty.REPORTED
    word = cue.lower().split()[0]
    if word in lex.anonymous_adverbs:
        return Certainty(lex.anonymous_adverbs[word])
    lemma = _lemma(word)
    cls = lex.verb_class.get(lemma)
    if cls is None:
        return Certainty.REPORTED
    return Certainty(lex.class_certainty[cls])


def _lemma(word: str) -> str:
    """A rough verb lemma for a cue word as written (the cue lexicon is small and regular)."""
    lex = load()
    if word in lex.verb_class:
        return word
    for suffix, repl in (
        ("ied", "y"),
        ("ies", "y"),
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("s", ""),
        ("es", ""),
    ):
        if word.endswith(suffix) and word[: len(word) - len(suffix)] + repl in lex.verb_class:
            return word[: len(word) - len(suffix)] + repl
    irregular = {
        "said": "say",
        "told": "tell",
        "wrote": "write",
        "thought": "think",
        "found": "find",
        "felt": "feel",
        "spoke": "speak",
    }
    return irregular.get(word, word)


def _max(a: Certainty, b: Certainty) -> Certainty:
    return a if _RANK.index(a) >= _RANK.index(b) else b
