"""Article profile: how an article tells what it tells, in numbers.

From one analysed article: slant markers counted by category and by the actor they bear on;
the share of sentences the outlet states in its own voice against those it attributes to a
source; who the sources are (kinds of the last link of each chain); and, for each actor, the
names the outlet uses for it, with the loaded ones and the metonyms marked. Built from the
records alone (`Analysis`, or `Found` + `Article`); nothing is re-parsed unless asked.

Markers count only at or above the profile threshold (`profile_threshold` in the shipped
loaded-language model's config, chosen on realnews-dev); the ones below are counted apart. Given
the parsed doc, the profile also counts the loaded words in speakers' own words, by speaker
(`slant.speaker_markers`): theirs, never the outlet's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .extract import slant
from .model import Analysis, Article, Attribution, Found, Marker, Mention
from .offsets import normalise

# marker categories that are names for an actor (naming choices), not comments about it
_NAMING = {"delegitimising_name", "pejorative_label", "metonym"}
_LOADED_VIA = {"loaded_alias", "metonym"}
_SENTENCE_RE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’)]*|\n|$)")


@dataclass(frozen=True, slots=True)
class Name:
    """One way the article names an actor, how often, and whether it is loaded."""

    text: str
    count: int
    loaded: bool = False
    metonym: bool = False


@dataclass(frozen=True, slots=True)
class Naming:
    """The names used for one actor."""

    actor_id: str
    names: tuple[Name, ...]

    @property
    def loaded_share(self) -> float:
        total = sum(n.count for n in self.names)
        return sum(n.count for n in self.names if n.loaded) / total if total else 0.0


@dataclass(frozen=True, slots=True)
class Profile:
    """How an article is told: voice, sources, slant markers, naming choices."""

    article_id: str
    outlet: str | None
    sentences: int
    own_voice_sentences: int
    attributed_sentences: int
    markers: int
    markers_by_category: dict[str, int] = field(default_factory=dict)
    markers_by_target: dict[str, int] = field(default_factory=dict)
    sources_by_kind: dict[str, int] = field(default_factory=dict)
    naming: tuple[Naming, ...] = ()
    markers_below_threshold: int = 0
    speaker_markers: dict[str, int] = field(default_factory=dict)  # loaded words by speaker

    @property
    def own_voice_share(self) -> float:
        return self.own_voice_sentences / self.sentences if self.sentences else 0.0

    @property
    def attributed_share(self) -> float:
        return self.attributed_sentences / self.sentences if self.sentences else 0.0

    @property
    def markers_per_sentence(self) -> float:
        return self.markers / self.sentences if self.sentences else 0.0

    def to_dict(self) -> dict:
        """JSON-ready values, the shares included."""
        return {
            "article_id": self.article_id,
            "outlet": self.outlet,
            "sentences": self.sentences,
            "own_voice_sentences": self.own_voice_sentences,
            "attributed_sentences": self.attributed_sentences,
            "own_voice_share": round(self.own_voice_share, 4),
            "attributed_share": round(self.attributed_share, 4),
            "markers": self.markers,
            "markers_per_sentence": round(self.markers_per_sentence, 4),
            "markers_by_category": dict(self.markers_by_category),
            "markers_by_target": dict(self.markers_by_target),
            "markers_below_threshold": self.markers_below_threshold,
            "speaker_markers": dict(self.speaker_markers),
            "sources_by_kind": dict(self.sources_by_kind),
            "naming": [
                {
                    "actor_id": n.actor_id,
                    "loaded_share": round(n.loaded_share, 4),
                    "names": [
                        {"text": x.text, "count": x.count, "loaded": x.loaded, "metonym": x.metonym}
                        for x in n.names
                    ],
                }
                for n in self.naming
            ],
        }


def profile(analysis: Analysis, doc: Doc | None = None, threshold: float | None = None) -> Profile:
    """The profile of an analysed article (pass the parsed `doc` for spaCy's sentences and the
    speakers' loaded words)."""
    article = analysis.article
    # an analysis's spans index the text as given; the doc's sentences, the normalised text:
    # the doc serves only when the two are one text
    same = doc is not None and article.original is None
    speakers = None
    if same:
        found = Found(
            actors=list(analysis.actors),
            mentions=list(analysis.mentions),
            attributions=list(analysis.attributions),
        )
        speakers = slant.speaker_markers(doc, article, found)
    return profile_of(
        article,
        analysis.mentions,
        analysis.attributions,
        analysis.markers,
        doc if same else None,
        threshold,
        speakers,
        text=article.input_text,
    )


def profile_found(
    found: Found, article: Article, doc: Doc | None = None, threshold: float | None = None
) -> Profile:
    """The profile from what the extractors found so far (inside the pipeline)."""
    speakers = slant.speaker_markers(doc, article, found) if doc is not None else None
    return profile_of(
        article, found.mentions, found.attributions, found.markers, doc, threshold, speakers
    )


def profile_of(
    article: Article,
    mentions: tuple[Mention, ...] | list[Mention],
    attributions: tuple[Attribution, ...] | list[Attribution],
    markers: tuple[Marker, ...] | list[Marker],
    doc: Doc | None = None,
    threshold: float | None = None,
    speakers: list[tuple[str | None, Marker]] | None = None,
    text: str | None = None,
) -> Profile:
    """The profile from the records of one article (`threshold`: the markers' confidence to
    count, default the shipped one; `speakers`: loaded words in speakers' own words; `text`:
    the one their spans index, when not `article.text`)."""
    cut = slant.profile_threshold() if threshold is None else threshold
    counted = [m for m in markers if _at(m, cut)]
    below = len(markers) - len(counted)
    markers = counted
    sentences = _sentences(article.text if text is None else text, doc)
    # a sentence is attributed when its reported content and cue make up a good part of it
    # ("Officials said two died"), not when a short "citing ..." hangs off an own-voice clause
    scopes = [(a.scope_start, a.scope_end) for a in attributions if not a.own_voice]
    scopes += [
        (a.evidence.start, a.evidence.end)
        for a in attributions
        if not a.own_voice and a.evidence is not None
    ]
    attributed = sum(1 for s, e in sentences if _covered(s, e, scopes) >= 0.4)
    by_category = Counter(m.category for m in markers)
    by_target = Counter(m.target_actor_id or "unknown" for m in markers)
    sources = Counter(a.chain[-1].kind for a in attributions if not a.own_voice and a.chain)
    return Profile(
        article_id=article.id,
        outlet=article.outlet,
        sentences=len(sentences),
        own_voice_sentences=len(sentences) - attributed,
        attributed_sentences=attributed,
        markers=len(markers),
        markers_by_category=dict(by_category.most_common()),
        markers_by_target=dict(by_target.most_common()),
        sources_by_kind=dict(sources.most_common()),
        naming=_naming(mentions, markers),
        markers_below_threshold=below,
        speaker_markers=dict(
            Counter(
                who or "unnamed speaker" for who, m in speakers or () if _at(m, cut)
            ).most_common()
        ),
    )


def _at(marker: Marker, cut: float) -> bool:
    return marker.confidence is None or marker.confidence >= cut


def _sentences(text: str, doc: Doc | None) -> list[tuple[int, int]]:
    if doc is not None:
        return [(s.start_char, s.end_char) for s in doc.sents if s.text.strip()]
    # without a parse: a plain splitter on sentence-final punctuation and line breaks
    spans = []
    for m in _SENTENCE_RE.finditer(text):
        start, end = m.span()
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            spans.append((start, end))
    return spans


def _covered(start: int, end: int, scopes: list[tuple[int, int]]) -> float:
    """Share of the sentence's characters that lie in an attributed scope."""
    if end <= start:
        return 0.0
    covered = [False] * (end - start)
    for s, e in scopes:
        for i in range(max(s, start), min(e, end)):
            covered[i - start] = True
    return sum(covered) / (end - start)


def _naming(
    mentions: tuple[Mention, ...] | list[Mention], markers: tuple[Marker, ...] | list[Marker]
) -> tuple[Naming, ...]:
    naming_markers = [m for m in markers if m.category in _NAMING]
    forms: dict[str, Counter] = {}
    flags: dict[tuple[str, str], tuple[bool, bool]] = {}
    for mention in mentions:
        hit = next(
            (
                m
                for m in naming_markers
                if m.evidence.start < mention.evidence.end
                and mention.evidence.start < m.evidence.end
            ),
            None,
        )
        # evidence is the text as given (tabs, NFD letters): a name is its normalised form
        text = normalise(hit.evidence.text) if hit is not None else mention.text
        forms.setdefault(mention.actor_id, Counter())[text] += 1
        loaded = mention.via in _LOADED_VIA or hit is not None
        metonym = mention.via == "metonym" or (hit is not None and hit.category == "metonym")
        old = flags.get((mention.actor_id, text), (False, False))
        flags[(mention.actor_id, text)] = (old[0] or loaded, old[1] or metonym)
    covered = {
        (m.evidence.start, m.evidence.end)
        for m in naming_markers
        if any(
            m.evidence.start < x.evidence.end and x.evidence.start < m.evidence.end
            for x in mentions
        )
    }
    for m in naming_markers:  # loaded names no mention covers (no actors stage, or missed)
        if (m.evidence.start, m.evidence.end) in covered or not m.target_actor_id:
            continue
        name = normalise(m.evidence.text)
        forms.setdefault(m.target_actor_id, Counter())[name] += 1
        flags[(m.target_actor_id, name)] = (True, m.category == "metonym")
    return tuple(
        Naming(
            actor_id=actor,
            names=tuple(
                Name(text, n, *flags.get((actor, text), (False, False)))
                for text, n in counter.most_common()
            ),
        )
        for actor, counter in sorted(forms.items())
    )
