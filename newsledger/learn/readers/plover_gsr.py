"""PLOVER gold-standard records (openeventdata/PLOVER `PLOVER_GSR_CAMEO.txt`): the CAMEO
manual's example sentences coded in PLOVER 0.5 by Parus Analytics (CC BY-SA 4.0).

Old type names are mapped to current ones through `taxonomy.plover_renamed` (DEMAND ->
REQUEST, DISAPPROVE/INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT); DOCUMENT records are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ... import taxonomy
from ..examples import LabelledText

NAME = "plover-gsr"
LICENCE = "CC BY-SA 4.0 (Open Event Data Alliance); sentences from the CAMEO manual"
KIND = "LabelledText: PLOVER type per sentence"
FILE = "PLOVER_GSR_CAMEO.txt"


def read(folder: Path) -> Iterator[LabelledText]:
    renamed = taxonomy.plover_renamed()
    for rec in json.loads((folder / FILE).read_text(encoding="utf-8")):
        event, text = rec.get("event"), (rec.get("text") or "").strip()
        if event in (None, "DOCUMENT") or not text:
            continue
        sources = [s.get("code", "") for s in rec.get("source") or [] if isinstance(s, dict)]
        targets = [t.get("code", "") for t in rec.get("target") or [] if isinstance(t, dict)]
        yield LabelledText(
            dataset=NAME,
            id=rec.get("id", ""),
            text=text,
            label=renamed.get(event, event),
            extra={"mode": rec.get("mode") or None, "date": rec.get("date"),
                   "sources": sources, "targets": targets},  # fmt: skip
        )
