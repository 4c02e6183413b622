"""ACLED event notes assembled from public repositories (see the folder's SOURCE.txt).

Notes are coder summaries, not news sentences: the leading "On <date>," and the trailing
"[size=...]" and "N fatalities." are stripped, as the data's README asks. The label is the
ACLED sub-event type (2019+ taxonomy); the event type, actors and country are kept in `extra`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from ..examples import LabelledText

NAME = "acled-notes"
LICENCE = "none; ACLED Terms of Use forbid redistribution: research use only, never shipped"
KIND = "LabelledText: ACLED sub-event type per note"

_DATE_PREFIX = re.compile(
    r"^\s*(?:On|Between|From|Around|In|During)\s+(?:or\s+(?:around|before)\s+|about\s+)?"
    r"[^,]{0,60}?(?:,\s*)?\d{4}\b\s*(?:\([^)]*\)\s*)?,\s*",  # "12 May 2020", "May 12, 2020"
    re.I,
)
# a trailing "[size=...]" (some exports lose the closing bracket) or other bracketed coder note
_SIZE = re.compile(r"\s*\[(?:[^\]]*\]|size=[^\]]*)\.?\s*$", re.I)
# a last sentence that is the coder's fatality count ("At least 2 fatalities.", "Fatalities coded
# as 0 (VoJ reported 1).") -- a whole sentence only, so "... that there were no fatalities." and
# "... with no fatalities reported." keep their words
_FATALITIES = re.compile(
    r"(?:^|(?<=[.!?\]]))\s*(?:fatalities\s+coded\s+as\b[^.(]*(?:\([^)]*\))?"
    r"|(?:(?:there\s+were|total|at\s+least|about|around|approximately|over|more\s+than)\s+)*"
    r"(?:\d+|no|one|two|three|unknown)\s+(?:reported\s+)?fatalit[^.]*)\.?\s*$",
    re.I,
)


def clean(note: str) -> str:
    """The note without its date prefix and its size / fatality suffixes."""
    text = _DATE_PREFIX.sub("", note.strip(), count=1)
    for _ in range(3):
        before = text
        text = _FATALITIES.sub("", _SIZE.sub("", text)).strip()
        if text == before:
            break
    return text[:1].upper() + text[1:] if text else text


def read(folder: Path) -> Iterator[LabelledText]:
    with (folder / "acled_notes.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = clean(row.get("notes") or "")
            sub = (row.get("sub_event_type") or "").strip()
            if len(text) < 20 or not sub:
                continue
            yield LabelledText(
                NAME, f"acled-{row.get('event_id_cnty', '')}", text, sub,
                extra={"event_type": row.get("event_type", ""), "country": row.get("country"),
                       "actor1": row.get("actor1", ""), "actor2": row.get("actor2", ""),
                       "src": row.get("src", "")},
            )  # fmt: skip
