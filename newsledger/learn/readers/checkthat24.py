"""CLEF CheckThat! 2024 Task 3 English persuasion-technique spans (Piskorski et al., CLEF 2024).

`articles/article<ID>.txt` and one table `labels-spans.tsv` (article_id, technique, start, end)
whose ends are exclusive (the copy fixed the source JSON's inclusive ends). One SpanText per
article, span label = technique name as published (23-technique SemEval-2023 scheme),
group = article id. Articles without a span are still read (none in the current copy).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from ..examples import SpanText
from .persuasion import article_text, span_text

NAME = "checkthat24-persuasion-en"
LICENCE = "no data licence stated (CheckThat! 2024 organisers, research use): never shipped"
KIND = "SpanText: persuasion-technique spans per article"


def read(folder: Path) -> Iterator[SpanText]:
    rows: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    with (folder / "labels-spans.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            article = (row.get("article_id") or "").strip()
            if article:
                rows[article].append(
                    (row.get("technique") or "", row.get("start") or "", row.get("end") or "")
                )
    for path in sorted((folder / "articles").glob("article*.txt")):
        text = article_text(path)
        if text.strip():
            yield span_text(NAME, path.stem, text, rows.get(path.stem, ()))
