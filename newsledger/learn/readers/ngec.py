"""NGEC synthetic PLOVER stories (Halterman, NGEC-2025): LLM-written news stories made to
train document-level event classifiers, each with the PLOVER event and mode it was written
for. Pseudo-labels by construction: for pre-training or augmentation, never for evaluation.

Stories are read as their first paragraph (the lede, where the event is told), the template
placeholders of the headline ("{country_1}") are not needed since the text is complete.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from ..examples import LabelledText

NAME = "ngec-synthetic-plover"
LICENCE = "MIT (NGEC-2025); synthetic, fictional stories"
KIND = "LabelledText: PLOVER event (and mode) per story lede"


def read(folder: Path) -> Iterator[LabelledText]:
    path = folder / "gpt_synthetic_events_2023-10-19.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh)):
            text = (row.get("text") or "").strip()
            label = (row.get("label") or "").strip().upper()
            if not text or not label:
                continue
            lede = text.split("\n\n", 1)[0].strip()
            yield LabelledText(
                NAME, f"ngec-{n}", lede, label,
                group=f"story{n}",
                extra={"mode": (row.get("mode") or "").strip().lower() or None,
                       "title": row.get("title", "")},
            )  # fmt: skip
