"""SemEval-2021 Task 6 subtask 2: persuasion-technique spans in meme text (Dimitrov et al.,
SemEval 2021).

`training_set_task2.txt` and `dev_set_task2.txt`: JSON arrays of `{id, text, labels: [{start,
end (exclusive), technique, text_fragment}]}`. One SpanText per meme, span label = technique
name as published (the 2021 20-technique names, e.g. "Loaded Language", not the 2023 ones);
a span is kept when it lies inside the text, is not only white space, and `text[start:end]`
equals its `text_fragment`.
The publishers' train/dev split is kept in `split`; group = the meme id. Memes without spans
are read too (negative examples). Short all-caps social-media text: auxiliary data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..examples import Span, SpanText

NAME = "semeval2021-t6-memes"
LICENCE = "free for general research use (README): research use, never shipped"
KIND = "SpanText: persuasion-technique spans per meme text"

FILES = (("train", "training_set_task2.txt"), ("dev", "dev_set_task2.txt"))


def read(folder: Path) -> Iterator[SpanText]:
    for split, name in FILES:
        path = folder / name
        if not path.exists():
            continue
        for item in json.loads(path.read_text(encoding="utf-8")):
            example = _meme(item, split)
            if example is not None:
                yield example


def _meme(item: object, split: str) -> SpanText | None:
    if not isinstance(item, dict):
        return None
    text, meme = item.get("text"), str(item.get("id") or "").strip()
    if not isinstance(text, str) or not text.strip() or not meme:
        return None
    spans, skipped = set(), 0
    for label in item.get("labels") or ():
        span = _span(label, text)
        if span is None:
            skipped += 1
        else:
            spans.add(span)
    return SpanText(
        dataset=NAME,
        id=f"meme-{meme}",
        text=text,
        spans=tuple(sorted(spans, key=lambda s: (s.start, s.end, s.label))),
        group=f"meme-{meme}",
        split=split,
        extra={"skipped": skipped},
    )


def _span(label: object, text: str) -> Span | None:
    if not isinstance(label, dict):
        return None
    start, end, technique = label.get("start"), label.get("end"), label.get("technique")
    if not (isinstance(start, int) and isinstance(end, int) and isinstance(technique, str)):
        return None
    if not 0 <= start < end <= len(text) or not technique.strip() or not text[start:end].strip():
        return None  # outside the text, or only white space (one real span is a lone newline)
    fragment = label.get("text_fragment")
    if isinstance(fragment, str) and text[start:end] != fragment:
        return None
    return Span(start, end, technique.strip())
