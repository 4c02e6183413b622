"""Zero-Shot-PLOVER training sentences (Halterman et al., ACL 2024: `PLV_train.tsv`).

One row per (sentence, source, target) with the dyad marked `<s>…</s>`, `<t>…</t>`. Only
`gold_root` and `gold_penta` are gold (the other label columns are system outputs). Rows of one
sentence share a group, so a sentence's dyads never straddle a split.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from ..examples import LabelledText

NAME = "zsp-plv-train"
LICENCE = "no licence file (research benchmark): research use, never shipped"
KIND = "LabelledText: PLOVER root per sentence and dyad"
_MARKS = re.compile(r"</?[st]>")


def unmarked(text: str) -> str:
    """A sentence without its dyad marks (`<s>`, `</t>`, ...: ConfliBERT's rows carry them too)."""
    return _MARKS.sub("", text)


def read(folder: Path) -> Iterator[LabelledText]:
    with (folder / "PLV_train.tsv").open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh, delimiter="\t")):
            text = (row.get("sentence") or "").strip()
            root = (row.get("gold_root") or "").strip().upper()
            if not text or not root:
                continue
            sentence = (row.get("sentence_id") or "").strip()
            yield LabelledText(
                dataset=NAME,
                # one row per dyad: the row number names the example, the sentence its group
                # (the unnamed index column is empty in the filtered copy)
                id=f"plv-{n}",
                text=text,
                label=root,
                group=f"s{sentence}" if sentence else f"row{n}",
                extra={"source": row.get("source", ""), "target": row.get("target", ""),
                       "penta": row.get("gold_penta", ""),
                       "marked": row.get("marked_sentence", "")},  # fmt: skip
            )
