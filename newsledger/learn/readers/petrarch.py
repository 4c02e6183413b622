"""PETRARCH validation records (openeventdata/UniversalPetrarch `PETR2_GSR_validation.xml`:
real news sentences with CAMEO codings; and PETRARCH-2's unit-test records, same format).

Each `<Sentence>` gives its id, date, text (or a CoNLL-U parse to rebuild it from) and its
`<EventCoding>`s; a sentence coded `noevents="True"` is a negative example. `read` labels a
sentence with the PLOVER type of its first coding's CAMEO code (via CAMEO2PLOVER), "NONE" for
a sentence with no event.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ... import taxonomy
from ..examples import LabelledText

NAME = "upetrarch-validation"
LICENCE = "MIT (openeventdata/UniversalPetrarch); sentences from news wires"
KIND = "LabelledText: PLOVER type (from CAMEO) per sentence, NONE for no event"
FILE = "PETR2_GSR_validation.xml"
NO_EVENT = "NONE"

_SENT = re.compile(r"<Sentence\b([^>]*)>", re.S)
_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


@dataclass(frozen=True, slots=True)
class Record:
    """One sentence record as the file gives it."""

    id: str
    text: str
    date: dt.date | None
    gold: dict  # events (codings with an eventcode), noevents, error, category


def records(text: str) -> list[Record]:
    """Sentence records of a PETRARCH validation file: id, date, text, codings."""
    items: list[Record] = []
    starts = list(_SENT.finditer(text))
    for n, m in enumerate(starts):
        chunk = text[m.end() : starts[n + 1].start() if n + 1 < len(starts) else len(text)]
        attrs = dict(_ATTR.findall(m.group(1)))
        body = re.search(r"<Text>(.*?)</Text>", chunk, re.S)
        if body is None:
            continue
        sentence = " ".join(body.group(1).split()) or _text_of_parse(chunk)
        codings = [dict(_ATTR.findall(c)) for c in re.findall(r"<EventCoding\b([^>]*)>", chunk)]
        gold = {
            "events": [c for c in codings if c.get("eventcode")],
            "noevents": any(c.get("noevents", "").lower() == "true" for c in codings),
            "error": next((c["error"] for c in codings if "error" in c), None),
            "category": attrs.get("category"),
        }
        items.append(Record(attrs.get("id", f"s{n}"), sentence, _date(attrs.get("date")), gold))
    return items


def read(folder: Path, file: str = FILE, dataset: str = NAME) -> Iterator[LabelledText]:
    for rec in records((folder / file).read_text(encoding="utf-8")):
        if not rec.text or rec.gold["error"] is not None:
            continue
        label = _plover(rec.gold["events"][0]["eventcode"]) if rec.gold["events"] else None
        if label is None and not rec.gold["noevents"]:
            continue
        yield LabelledText(
            dataset, rec.id, rec.text, label or NO_EVENT,
            extra={"events": rec.gold["events"], "date": rec.date},
        )  # fmt: skip


def _plover(code: str) -> str | None:
    row = taxonomy.plover_for(code.strip()) if code.strip().isdigit() else None
    return row.plover if row is not None else None


def _date(value: str | None) -> dt.date | None:
    if not value or not re.fullmatch(r"\d{8}", value):
        return None
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def _text_of_parse(chunk: str) -> str:
    """The sentence rebuilt from its CoNLL-U parse, for records whose <Text> is empty."""
    parse = re.search(r"<Parse>(.*?)</Parse>", chunk, re.S)
    if parse is None:
        return ""
    words = [ln.split("\t")[1] for ln in parse.group(1).strip().splitlines()
             if ln.count("\t") >= 2 and ln.split("\t")[0].isdigit()]  # fmt: skip
    text = " ".join(words)
    return re.sub(r" (?=[.,;:!?)'](?:\s|$)|n't\b|'s\b)", "", text)
