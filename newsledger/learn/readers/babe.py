"""BABE: expert-labelled biased / non-biased news sentences with their biased words (Spinde et
al., "Neural Media Bias Detection Using Distant Supervision With BABE", Findings of EMNLP 2021).

Reads `final_labels_SG2.csv` (`;`-separated: text, news_link, outlet, topic, type, label_bias,
label_opinion, biased_words as a Python list literal). SG2 is the publishers' final set: 3,673
labelled sentences by five experts each, and it holds all but one of SG1's 1,700 sentences
(whose eight-expert labels differ on about 300 of them), so SG1 is not read: reading both would
count a sentence twice with two labels. Rows labelled "No agreement" or without text are
skipped; an unreadable biased-words cell counts as no words (as `eval.babe.load` does).

`read` yields a LabelledText per sentence, label "biased" / "non-biased", the published biased
words in `extra["biased_words"]`; `read_spans` yields the same sentences as SpanText with a
"biased" span on every whole-word, case-insensitive occurrence of each biased word (words that
do not occur in the sentence are counted in `extra["words_not_found"]`). Group = the article
(`news_link`), so sentences of one article stay on one side of a split.

Not `eval.babe.load`: that module imports the spaCy pipeline to score the slant stage, and its
rows keep neither the outlet nor the link (the group); the parsing rules are the same.
BABE SG2 is also what `newsledger eval babe` scores: a model trained on it must not report
figures from that evaluation.
"""

from __future__ import annotations

import ast
import csv
import re
from collections.abc import Iterator
from pathlib import Path

from ..examples import LabelledText, Span, SpanText

NAME = "babe"
LICENCE = "AGPL-3.0 (repository licence, data included): research use, never shipped"
KIND = "LabelledText: biased / non-biased sentence (SpanText of biased words: read_spans)"

FILE = "final_labels_SG2.csv"
LABELS = {"Biased": "biased", "Non-biased": "non-biased"}


def read(folder: Path) -> Iterator[LabelledText]:
    for index, row in _rows(folder / FILE):
        text = row["text"].strip()
        yield LabelledText(
            dataset=NAME,
            id=f"babe-{index}",
            text=text,
            label=LABELS[row["label_bias"]],
            group=_group(row, text),
            extra={"biased_words": biased_words(row.get("biased_words")),
                   "outlet": row.get("outlet") or "", "topic": row.get("topic") or "",
                   "leaning": row.get("type") or "",
                   "opinion": row.get("label_opinion") or ""},
        )  # fmt: skip


def read_spans(folder: Path) -> Iterator[SpanText]:
    """The sentences as SpanText: a "biased" span on each occurrence of a biased word."""
    for example in read(folder):
        spans, missing = word_spans(example.text, example.extra["biased_words"])
        yield SpanText(
            dataset=NAME,
            id=example.id,
            text=example.text,
            spans=spans,
            group=example.group,
            extra={**example.extra, "label": example.label, "words_not_found": missing},
        )


def biased_words(cell: str | None) -> list[str]:
    """The biased words of a row (a Python list literal), [] when unreadable."""
    try:
        value = ast.literal_eval(cell or "[]")
    except (ValueError, SyntaxError):
        return []
    if not isinstance(value, list | tuple):
        return []
    return [w.strip() for w in value if isinstance(w, str) and w.strip()]


def word_spans(text: str, words: list[str]) -> tuple[tuple[Span, ...], list[str]]:
    """Spans of every whole-word occurrence of `words` in `text`, and the words not found."""
    spans: set[Span] = set()
    missing = []
    for word in dict.fromkeys(words):
        found = [
            Span(m.start(), m.end(), "biased")
            for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE)
        ]
        spans.update(found)
        if not found:
            missing.append(word)
    return tuple(sorted(spans, key=lambda s: (s.start, s.end))), missing


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for index, row in enumerate(csv.DictReader(fh, delimiter=";"), start=1):
            if row.get("label_bias") in LABELS and (row.get("text") or "").strip():
                yield index, row


def _group(row: dict[str, str], text: str) -> str:
    link = (row.get("news_link") or "").strip()
    return link or f"babe-text:{text.lower()}"
