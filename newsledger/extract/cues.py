"""Reporting cues, source descriptors and certainty words, loaded once from the lexicon data,
and `Cue`, one attribution cue found in a text (made by the attribution stage, judged by claims).

The verb universe is the union of the GenderGapTracker quote-verb list (Asr et al. 2021) and the
report-verb list of Recasens et al. (2013); `data/lexicons/cues.yaml` classes those verbs (what
each says about certainty and about the kind of claim) and lists hedges and boosters after
Hyland (2005). See `data/lexicons/SOURCE.md`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources

import yaml
from spacy.tokens import Doc

from ..learn.attribution_scoring import Rel, say_cue
from ..model import Article, Attribution, Source
from . import common

_DIR = "data/lexicons"


def _read_lines(name: str) -> list[str]:
    text = resources.files("newsledger").joinpath(f"{_DIR}/{name}").read_text(encoding="utf-8")
    return [line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"]


@dataclass(frozen=True, slots=True)
class Cues:
    """The reporting-cue lexicon in lookup form."""

    forms: frozenset[str]  # inflected reporting-verb forms (GGT list)
    lemmas: frozenset[str]  # reporting-verb lemmas (Recasens list + classes)
    not_cues: frozenset[str]
    verb_class: dict[str, str]  # lemma -> class (say, allege, deny, assess, ...)
    class_certainty: dict[str, str]
    class_claim: dict[str, str]
    object_content: frozenset[str]
    plain_verbs: frozenset[str]  # verbs that name no act: an act in their content is the speaker's
    speech_nouns: frozenset[str]  # "X's announcement that ...": a cue with its speaker and content
    characterising: frozenset[str]
    nesting: frozenset[str]
    inverted: frozenset[str]  # verbs whose source may follow them: ", reported Xinhua"
    anaphoric: frozenset[str]  # "the statement read": a bare definite noun, an earlier speaker
    anonymous_adverbs: dict[str, str]  # adverb -> certainty
    anonymous_passives: frozenset[str]
    descriptors: dict[str, str]  # noun -> source kind
    unnamed_determiners: frozenset[str]
    pronouns: frozenset[str]
    hedges: tuple[str, ...]
    boosters: tuple[str, ...]
    alleged_words: tuple[str, ...]
    disputed_words: tuple[str, ...]
    accusation_words: tuple[str, ...]
    justification_words: tuple[str, ...]

    def is_cue_word(self, lemma: str, lower: str) -> bool:
        """Whether a verb (by lemma or inflected form) is a reporting cue."""
        if lemma in self.characterising:
            return True
        if lemma in self.not_cues or lower in self.not_cues:
            return False
        return lemma in self.lemmas or lower in self.forms or lemma in self.verb_class

    def class_of(self, lemma: str) -> str:
        return self.verb_class.get(lemma, "say")


@functools.lru_cache(maxsize=1)
def load() -> Cues:
    """Load (once) the cue lexicon shipped in the package."""
    raw = yaml.safe_load(
        resources.files("newsledger").joinpath(f"{_DIR}/cues.yaml").read_text(encoding="utf-8")
    )
    verb_class = {v: cls for cls, verbs in raw["verbs"].items() for v in verbs}
    descriptors: dict[str, str] = {}
    for kind, nouns in raw["descriptors"].items():
        for noun in nouns:
            descriptors.setdefault(noun, kind)
    wnc = {w for w in _read_lines("report_verbs_wnc.txt") if " " not in w}
    return Cues(
        forms=frozenset(_read_lines("quote_verbs_ggt.txt")),
        lemmas=frozenset(wnc | set(verb_class)),
        not_cues=frozenset(raw["not_cues"]),
        verb_class=verb_class,
        class_certainty={k: v["certainty"] for k, v in raw["classes"].items()},
        class_claim={k: v["claim"] for k, v in raw["classes"].items()},
        object_content=frozenset(raw["object_content"]),
        plain_verbs=frozenset(raw.get("plain_verbs", ())),
        speech_nouns=frozenset(raw.get("speech_nouns", ())),
        characterising=frozenset(raw["characterising"]),
        nesting=frozenset(raw["nesting"]),
        inverted=frozenset(raw.get("inverted", ())),
        anaphoric=frozenset(raw.get("anaphoric", ())),
        anonymous_adverbs=dict(raw["anonymous_adverbs"]),
        anonymous_passives=frozenset(raw["anonymous_passives"]),
        descriptors=descriptors,
        unnamed_determiners=frozenset(raw["unnamed_determiners"]),
        pronouns=frozenset(raw["pronouns"]),
        hedges=tuple(raw["hedges"]),
        boosters=tuple(raw["boosters"]),
        alleged_words=tuple(raw["alleged_words"]),
        disputed_words=tuple(raw["disputed_words"]),
        accusation_words=tuple(raw["accusation_words"]),
        justification_words=tuple(raw["justification_words"]),
    )


@dataclass(slots=True)
class Cue:
    """One attribution found, with what the claims stage needs to judge it."""

    chain: list[Source]
    cue: str
    cue_start: int
    cue_end: int
    scope_start: int
    scope_end: int
    lemma: str  # the cue's lemma ("say", "according to", "reportedly")
    sentence: int
    quote: list[str] = field(default_factory=list)
    speaker_start: int = -1
    speaker_end: int = -1
    # a claim about something told elsewhere ("an event that Israel cited as justification"):
    # the claims stage keeps it, but it must not become the attribution of that event
    claim_only: bool = False
    kind: str = "speech"  # speech, belief, evaluation, document, other (attribution_model)
    # the content's fragments when it is not one stretch ('"A," he said, "B"'); else the scope
    fragments: list[tuple[int, int]] = field(default_factory=list)

    def attribution(self, doc: Doc, article: Article, extractor: str) -> Attribution:
        """The record of this cue; `extractor` labels its evidence ("attribution@3"). Its words
        are the source's whatever its kind, but only speech and documents make what it covers
        a report: a belief or intention ("hopes to", "plans to") is the actor's own stance
        (`event_status.reports`, issue 13). A cue of kind "other" (the model's, on a word no
        lexicon lists: "issued a damning report", "images showed") keeps the outlet's voice:
        nothing says its source worded what it covers, so the slant and events stages read
        those words as the outlet's."""
        has_source = 0 <= self.speaker_start < self.speaker_end
        return Attribution(
            chain=tuple(self.chain),
            cue=self.cue,
            quote=" … ".join(self.quote) or None,
            own_voice=self.kind == "other",
            scope_start=self.scope_start,
            scope_end=self.scope_end,
            evidence=common.evidence(doc, article, self.cue_start, self.cue_end, extractor),
            kind=self.kind,
            source_text=common.doc_text(doc)[self.speaker_start : self.speaker_end]
            if has_source
            else None,
            source_start=self.speaker_start if has_source else -1,
            source_end=self.speaker_end if has_source else -1,
        )

    def scored(self) -> Rel:
        """Cue, source and content as character spans, for scoring."""
        has_source = 0 <= self.speaker_start < self.speaker_end
        content = tuple(self.fragments) or ((self.scope_start, self.scope_end),)
        return Rel((self.cue_start, self.cue_end),
                   (self.speaker_start, self.speaker_end) if has_source else None, content,
                   say_cue(self.cue) or self.lemma in ("say", "tell", "according to"))  # fmt: skip
