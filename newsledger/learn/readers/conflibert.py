"""ConfliBERT's CAMEO training sentences (eventdata-utd/ConfliBERT): `cameo_class_train.tsv`,
one sentence and its CAMEO quad class (0-4) a line.

Read as `label = "quad<N>"`. The source/target tagging file (`cameo_ner_train.txt`, CoNLL with
S/T tags) is read by `read_roles`, for a role tagger. PLV-test sentences were removed from this
pool before it was copied here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..examples import LabelledText, Span, SpanText

NAME = "conflibert-cameo-train"
LICENCE = "repository GPL-3.0; data 'we don't own the copyrights': research use, never shipped"
KIND = "LabelledText: CAMEO quad class per sentence; SpanText: source/target spans"


def read(folder: Path) -> Iterator[LabelledText]:
    for n, line in enumerate((folder / "cameo_class_train.tsv").read_text("utf-8").splitlines()):
        text, _, label = line.rpartition("\t")
        if not text.strip() or not label.strip().isdigit():
            continue
        yield LabelledText(NAME, f"cameo-{n}", text.strip(), f"quad{label.strip()}")


def read_roles(folder: Path) -> Iterator[SpanText]:
    """Sentences of the CoNLL file with their source (S), target (T) and other (R) spans."""
    words: list[tuple[str, str]] = []
    n = 0
    lines = (folder / "cameo_ner_train.txt").read_text("utf-8").splitlines() + [""]
    for line in lines:
        if line.strip():
            parts = line.split()
            words.append((parts[0], parts[-1] if len(parts) > 1 else "O"))
            continue
        if words:
            yield _sentence(f"cameo-ner-{n}", words)
            n += 1
            words = []


def _sentence(ident: str, words: list[tuple[str, str]]) -> SpanText:
    text, spans, open_span = "", [], None
    for word, tag in words:
        start = len(text) + (1 if text else 0)
        text = f"{text} {word}" if text else word
        kind = tag.split("-", 1)[-1] if tag != "O" else None
        if open_span and (tag == "O" or tag.startswith("B") or kind != open_span[2]):
            spans.append(Span(*open_span))
            open_span = None
        if kind:
            open_span = (open_span[0], len(text), kind) if open_span else (start, len(text), kind)
    if open_span:
        spans.append(Span(*open_span))
    return SpanText(NAME, ident, text, tuple(spans))
