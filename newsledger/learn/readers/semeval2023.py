"""SemEval-2023 Task 3 subtask 3 English dev split: persuasion-technique spans (Piskorski et al.,
SemEval 2023; articles = the PTC-2020 test articles of Da San Martino et al., EMNLP 2019).

The official per-article format: `dev-articles-subtask-3/article<ID>.txt` and
`dev-labels-subtask-3-spans/article<ID>-labels-subtask-3.txt` with `<ID> TAB technique TAB start
TAB end` (end exclusive). One SpanText per article, span label = technique name, group =
`article<ID>`. The whole set is the publishers' dev split, but it is our only copy of this
scheme's news spans, so `split` is left to `learn.splits` (it is training data here).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..examples import SpanText
from .persuasion import article_text, span_text

NAME = "semeval2023-t3-en-dev"
LICENCE = "SemEval-2023 Task 3: free for research, no commercial use without the organisers"
KIND = "SpanText: persuasion-technique spans per article"


def read(folder: Path) -> Iterator[SpanText]:
    labels = folder / "dev-labels-subtask-3-spans"
    for path in sorted((folder / "dev-articles-subtask-3").glob("article*.txt")):
        text = article_text(path)
        if not text.strip():
            continue
        label_file = labels / f"{path.stem}-labels-subtask-3.txt"
        rows = []
        if label_file.exists():
            for line in article_text(label_file).splitlines():
                cells = line.split("\t")
                if len(cells) == 4 and f"article{cells[0].strip()}" == path.stem:
                    rows.append((cells[1], cells[2], cells[3]))
                elif line.strip():
                    rows.append(("", "", ""))  # malformed: counted as skipped
        yield span_text(NAME, path.stem, text, rows)
