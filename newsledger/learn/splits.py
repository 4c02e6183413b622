"""The one shared split step: de-duplicate on normalised text, then fixed, seeded train/dev
splits by group, so that no text is ever on both sides.

Method: union-find over examples. Two examples are joined when they share a group (an article,
a story) or a normalised text (these sets share a sentence pool: PLV, ConfliBERT, plover-gsr
and the PETRARCH sets hold the same CAMEO-manual and news sentences). Each joined component
follows its publishers' split when they fixed one (dev wins when its members disagree), else
goes to dev when a stable hash of its smallest key, salted with the seed, falls under the dev
fraction. Exact duplicates inside a
component are dropped (the first in reading order is kept), so a sentence counts once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .examples import Example

TRAIN, DEV = "train", "dev"


def text_key(text: str) -> str:
    """A normalised form of a text (lowercase alphanumerics, single spaces), to find the same
    sentence in two sets whatever the quotes, dashes and spacing."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def bucket(key: str, seed: int) -> float:
    """A stable number in [0, 1) for a key and a seed (blake2b, not Python's salted hash)."""
    digest = hashlib.blake2b(f"{seed}:{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


@dataclass(frozen=True, slots=True)
class Split:
    """The train and dev examples of one split, duplicates dropped."""

    train: list[Example]
    dev: list[Example]
    dropped_duplicates: int

    def of(self, name: str) -> list[Example]:
        return self.train if name == TRAIN else self.dev


class _Components:
    """Union-find over string keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:  # path compression
            self.parent[key], key = root, self.parent[key]
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)  # the smallest key is the root


def assign(examples: Iterable[Example], seed: int = 13, dev_fraction: float = 0.2) -> Split:
    """Split examples into train and dev: seeded, by group, leak-free, de-duplicated."""
    items: Sequence[Example] = list(examples)
    comps = _Components()
    keys = []
    for ex in items:
        tkey = "t:" + text_key(ex.text)
        comps.find(tkey)
        if ex.group:
            comps.join(tkey, f"g:{ex.dataset}:{ex.group}")
        keys.append(tkey)
    fixed = list(zip(items, keys, strict=True))
    forced_dev = {comps.find(k) for ex, k in fixed if ex.split == DEV}
    forced_train = {comps.find(k) for ex, k in fixed if ex.split == TRAIN} - forced_dev
    train: list[Example] = []
    dev: list[Example] = []
    seen: set[tuple[str, str]] = set()
    dropped = 0
    for ex, tkey in zip(items, keys, strict=True):
        # the same text with the same label (or the same spans) is one example
        ident = (tkey, _label_key(ex))
        if ident in seen:
            dropped += 1
            continue
        seen.add(ident)
        root = comps.find(tkey)
        if root in forced_dev or root in forced_train:
            to_dev = root in forced_dev
        else:
            to_dev = bucket(root, seed) < dev_fraction
        (dev if to_dev else train).append(ex)
    return Split(train, dev, dropped)


def leaks(split: Split) -> set[str]:
    """Normalised texts found on both sides of a split (empty when the split is sound)."""
    train_keys = {text_key(ex.text) for ex in split.train}
    return {k for k in (text_key(ex.text) for ex in split.dev) if k in train_keys}


def _label_key(ex: Example) -> str:
    label = getattr(ex, "label", None)
    if label is not None:
        return str(label)
    spans = getattr(ex, "spans", None) or getattr(ex, "relations", ())
    return repr(spans)
