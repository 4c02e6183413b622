"""Typed training and evaluation examples, one shape per kind of annotation.

Every example names its data set and carries a `group`: the unit that must stay on one side
of a train/dev split (an article, a story, or the example itself when empty). `split` is a
split fixed by the data's publishers (PolNeAR's dev month), honoured by `splits.assign`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class LabelledText:
    """A sentence or short text with one label (an event type, a bias flag, ...)."""

    dataset: str
    id: str
    text: str
    label: str
    group: str = ""
    split: str | None = None  # "train" or "dev" when the publishers fixed it
    # set-specific coding kept as plain fields: mode, cameo, source, target, sub-type ...
    extra: dict = field(default_factory=dict, hash=False, compare=False)
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled character span [start, end) of an example's text."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class SpanText:
    """A text (usually a whole article) with labelled spans: persuasion techniques, biased
    words, bias spans."""

    dataset: str
    id: str
    text: str
    spans: tuple[Span, ...]
    group: str = ""
    split: str | None = None
    extra: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class Relation:
    """One attribution relation: cue, source and content, each a tuple of spans (discontinuous
    spans allowed); `kind` is what the annotation says (speech, belief, ...) when it says."""

    cue: tuple[Span, ...]
    source: tuple[Span, ...]
    content: tuple[Span, ...]
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class AttributedText:
    """A text with its attribution relations (PolNeAR, realnews-dev attributions)."""

    dataset: str
    id: str
    text: str
    relations: tuple[Relation, ...]
    group: str = ""
    split: str | None = None
    extra: dict = field(default_factory=dict, hash=False, compare=False)


Example = LabelledText | SpanText | AttributedText
