"""BASIL bias spans (Fan et al., "In Plain Sight: Media Bias Through the Lens of Factual
Reporting", EMNLP 2019): 100 events, each reported by Fox News, the New York Times and HuffPost.

`data/articles/<year>/<triplet-uuid>_<n>.json` (body-paragraphs: a list of paragraphs, each a
list of sentences) and `data/annotations/resolved/<year>/<triplet-uuid>_<n>_ann.json`, whose
phrase-level annotations give the sentence (`id` "p<k>" or "p<k>_<copy>", counting sentences
across the body), the offsets inside it and the span text. The article text is laid out as
`eval.basil.load` lays it out (sentences joined by a space, paragraphs by a blank line), so the
offsets agree with the evaluation; that layout is rebuilt here rather than imported because the
evaluation module loads the spaCy pipeline and drops the triplet and the span attributes.

One SpanText per article, span label "lexical" or "informational"; `extra["annotations"]`
holds, in the order of `spans`, each span's target, polarity, aim, indirect target, whether it
is inside a quote and whose. Spans on the title (BASIL's "title" ids) and spans whose text does
not match the sentence at their offsets are left out and counted in `extra["skipped"]`.
Group = the triplet uuid, so the three outlets' reports of one event stay on one side.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..examples import Span, SpanText

NAME = "basil"
LICENCE = (
    "no licence stated (research corpus; article text copyright of the outlets): never shipped"
)
KIND = "SpanText: lexical / informational bias spans per article"

BIAS = {"lex": "lexical", "inf": "informational"}


def read(folder: Path) -> Iterator[SpanText]:
    data = folder / "data"
    for ann_file in sorted((data / "annotations" / "resolved").glob("*/*_ann.json")):
        stem = ann_file.name.removesuffix("_ann.json")
        art_file = data / "articles" / ann_file.parent.name / f"{stem}.json"
        if not art_file.exists():
            continue
        try:
            article = json.loads(art_file.read_text(encoding="utf-8"))
            annotation = json.loads(ann_file.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            continue
        example = _article(stem, article, annotation)
        if example is not None:
            yield example


def layout(paragraphs: list[list[str]]) -> tuple[str, list[int]]:
    """The article text (sentences joined by a space, paragraphs by a blank line) and each
    sentence's start offset, as `eval.basil.load` builds them."""
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for p_index, paragraph in enumerate(paragraphs):
        for s_index, sentence in enumerate(paragraph):
            sep = "\n\n" if s_index == 0 and p_index > 0 else (" " if parts else "")
            parts.append(sep)
            offset += len(sep)
            starts.append(offset)
            parts.append(sentence)
            offset += len(sentence)
    return "".join(parts), starts


def _article(stem: str, article: dict, annotation: dict) -> SpanText | None:
    paragraphs = article.get("body-paragraphs") or []
    if not isinstance(paragraphs, list):
        return None
    text, starts = layout([[str(s) for s in p] for p in paragraphs if isinstance(p, list)])
    if not text.strip():
        return None
    kept: list[tuple[Span, dict]] = []
    skipped = 0
    for phrase in annotation.get("phrase-level-annotations") or ():
        found = _span(phrase, text, starts)
        if found is None:
            skipped += 1
        else:
            kept.append(found)
    kept.sort(key=lambda pair: (pair[0].start, pair[0].end, pair[0].label))
    triplet = article.get("triplet-uuid") or annotation.get("triplet-uuid") or stem.split("_")[0]
    article_level = annotation.get("article-level-annotations") or {}
    return SpanText(
        dataset=NAME,
        id=f"basil-{stem}",
        text=text,
        spans=tuple(span for span, _ in kept),
        group=triplet,
        extra={"annotations": [info for _, info in kept], "skipped": skipped,
               "outlet": article.get("source", ""), "date": article.get("date", ""),
               "title": article.get("title", ""), "uuid": article.get("uuid", ""),
               "main_event": article.get("main-event", ""),
               "relative_stance": article_level.get("relative_stance", "")},
    )  # fmt: skip


def _span(phrase: object, text: str, starts: list[int]) -> tuple[Span, dict] | None:
    if not isinstance(phrase, dict):
        return None
    index = str(phrase.get("id", ""))[1:].split("_")[0]
    bias, span_text, start = (
        BIAS.get(phrase.get("bias", "")),
        phrase.get("txt"),
        phrase.get("start"),
    )
    if not index.isdigit() or int(index) >= len(starts):
        return None  # a title annotation, or no sentence id
    if (
        bias is None
        or not isinstance(span_text, str)
        or not span_text
        or not isinstance(start, int)
    ):
        return None
    begin = starts[int(index)] + start
    if text[begin : begin + len(span_text)] != span_text:
        return None
    info = {
        "target": phrase.get("target", ""),
        "polarity": phrase.get("polarity", ""),
        "aim": phrase.get("aim", ""),
        "indirect_target": phrase.get("indirect-target-name", ""),
        "quote": phrase.get("quote") == "yes",
        "speaker": phrase.get("speaker", ""),
    }
    return Span(begin, begin + len(span_text), bias), info
