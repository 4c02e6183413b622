"""Shared reading for the persuasion-technique span sets (SemEval-2023 Task 3 scheme, PTC).

Articles are plain text files whose character offsets the span tables index; they are read as
bytes decoded from UTF-8, without newline translation, because some carry `\\r` and a
translated text would shift every later offset. A span is kept when 0 <= start < end <= the
text's length and it covers more than white space; exact repeats of a span are kept once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..examples import Span, SpanText


def article_text(path: Path) -> str:
    """The text of an article file exactly as its offsets count it (no newline translation)."""
    return path.read_bytes().decode("utf-8")


def span_text(
    dataset: str, article_id: str, text: str, rows: Iterable[tuple[str, str, str]], **extra: object
) -> SpanText:
    """A SpanText of one article from (technique, start, end) rows, bad rows skipped."""
    spans: set[Span] = set()
    skipped = 0
    for label, start, end in rows:
        label = label.strip()
        try:
            span = Span(int(start), int(end), label)
        except ValueError:
            skipped += 1
            continue
        if not label or not 0 <= span.start < span.end <= len(text):
            skipped += 1
            continue
        if not text[span.start : span.end].strip():
            skipped += 1
            continue
        spans.add(span)
    return SpanText(
        dataset=dataset,
        id=article_id,
        text=text,
        spans=tuple(sorted(spans, key=lambda s: (s.start, s.end, s.label))),
        group=article_id,
        extra={"skipped": skipped, **extra},
    )
