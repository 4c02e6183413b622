"""The imported actor dictionaries: PETRARCH2/Phoenix actors (MIT), read on first need.

Data: data/actors/imported.tsv.gz, written by scripts/import_actor_dictionaries.py from the
Phoenix Countries, International and MilNonState files (persons with dated CAMEO codes,
organisations, armed groups; ~27k actors); data/actors/imported_agents.tsv from the NGEC-2025
agents list. The gazetteer (`newsledger.gazetteer`) consults this index only for names its
own hand-made data lacks, so hand-made entries always win; nothing here is in its phrase
matcher, which keeps building it as fast as before.
"""

from __future__ import annotations

import functools
import gzip
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True, slots=True)
class Row:
    """One imported actor as stored: names as written, CAMEO codes with their dates."""

    id: str
    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]
    codes: tuple[tuple[str, str | None, str | None], ...]
    source: str


def _codes(raw: str) -> tuple[tuple[str, str | None, str | None], ...]:
    out = []
    for part in filter(None, raw.split(";")):
        code, start, end = (part.split(" ") + ["-", "-"])[:3]
        out.append((code, None if start == "-" else start, None if end == "-" else end))
    return tuple(out)


@functools.lru_cache(maxsize=2)
def rows() -> tuple[Row, ...]:
    """Every imported actor, in file order."""
    path = resources.files("newsledger") / "data" / "actors" / "imported.tsv.gz"
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        next(fh)  # header
        out = []
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7:
                continue
            out.append(Row(cols[0], cols[1], cols[2], cols[3] or None,
                           tuple(a for a in cols[4].split(";") if a), _codes(cols[5]), cols[6]))
    return tuple(out)


def index(norm: Callable[[str], str]) -> dict[str, tuple[int, ...]]:
    """norm(name or alias) -> positions in `rows()`; built once per process."""
    return _index(norm)


@functools.lru_cache(maxsize=2)
def _index(norm: Callable[[str], str]) -> dict[str, tuple[int, ...]]:
    found: dict[str, list[int]] = {}
    for i, row in enumerate(rows()):
        for text in (row.name, *row.aliases):
            key = norm(text)
            if key and i not in found.setdefault(key, []):
                found[key].append(i)
    return {k: tuple(v) for k, v in found.items()}


def agent_phrases() -> list[tuple[str, str]]:
    """(lower-case agent phrase, CAMEO agent code) from the NGEC-2025 agents list."""
    path = resources.files("newsledger") / "data" / "actors" / "imported_agents.tsv"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            phrase, code = line.split("\t")
            out.append((phrase, code))
    return out
