"""realnews-dev: 30 real news excerpts (2024-2025) with analyst gold (the project's own
development set; see its README). Evaluation only: never trained on, never shipped.

`read` yields one example per gold event: the sentence holding its cue, labelled with its
first acceptable PLOVER type (all acceptable types in `extra["plover"]`), grouped by article so
an article's events stay together. `articles` yields the articles with their gold as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..examples import LabelledText

NAME = "realnews-dev"
LICENCE = "texts: the outlets' copyright (research excerpts); annotations: the project's"
KIND = "LabelledText: PLOVER types of the sentence holding each gold event's cue"

# a sentence ends at . ! ? (closing quotes kept) before a space and a capital, or at a newline;
# "U.S." and single-capital initials do not end one
_END = re.compile(r"(?<![A-Z]\.[A-Z])(?<!\b[A-Z])[.!?][\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9])|\n+")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or headline line) of `text` that holds the span [start, end)."""
    # the whole text is searched (not text[:start]) so the lookahead sees the capital that
    # starts the span's own sentence; a span may end on its sentence's full stop
    left = 0
    for m in _END.finditer(text):
        if m.end() > start:
            break
        left = m.end()
    m = _END.search(text, max(start, end - 1))
    right = m.end() if m else len(text)
    return text[left:right].strip()


def articles(folder: Path) -> Iterator[tuple[dict, str, dict]]:
    """(index entry, text, gold) per article, in the index's order."""
    gold = {}
    for line in (folder / "gold.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            gold[rec["file"]] = rec
    for line in (folder / "index.jsonl").read_text("utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        text = (folder / entry["file"]).read_text("utf-8")
        yield entry, text, gold.get(entry["file"], {})


def read(folder: Path) -> Iterator[LabelledText]:
    for entry, text, gold in articles(folder):
        for n, ev in enumerate(gold.get("events", [])):
            cue = ev.get("cue") or ""
            at = text.find(cue) if cue else -1  # an empty cue would "match" the headline
            types = ev.get("plover") or []
            if at < 0 or not types:
                continue
            yield LabelledText(
                NAME, f"{entry['nn']}-e{n}", sentence_around(text, at, at + len(cue)),
                types[0], group=entry["file"],
                extra={"plover": types, "optional": bool(ev.get("optional")), "gold": ev,
                       "cue": cue, "published": entry.get("date")},
            )  # fmt: skip
