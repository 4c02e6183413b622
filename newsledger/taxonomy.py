"""Event taxonomies and their mappings: CAMEO codes, PLOVER types and modes, ACLED types.

Method: the tables are data files in `newsledger/data/taxonomy/` — the CAMEO 1.1b3 code list,
the Open Event Data Alliance's CAMEO2PLOVER-2021 conversion table (copied unchanged, CC BY-SA
4.0) with a small supplement for the CAMEO 02 "Appeal" family, the PLOVER types and modes, the
ACLED 2023 event types and sub-types, and a CAMEO/PLOVER -> ACLED table. This module only loads
and looks them up; `validate()` checks that every code any table uses is valid.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

from .model import EventType

_DIR = "data/taxonomy"


def _text(name: str) -> str:
    return resources.files("newsledger").joinpath(f"{_DIR}/{name}").read_text(encoding="utf-8")


def _tsv(name: str) -> list[list[str]]:
    lines = [ln for ln in _text(name).splitlines() if ln.strip() and not ln.startswith("#")]
    return [row for row in csv.reader(lines, delimiter="\t")]


@dataclass(frozen=True, slots=True)
class PloverCode:
    """One row of the CAMEO -> PLOVER table."""

    cameo: str
    plover: str
    mode: str | None
    context: str | None


@functools.cache
def cameo_labels() -> dict[str, str]:
    """CAMEO code -> label, for every CAMEO 1.1b3 code (roots "01".."20" included)."""
    return {row[0]: row[1] for row in _tsv("cameo.tsv")}


@functools.cache
def plover_types() -> dict[str, dict]:
    """PLOVER type -> {"description": ..., "modes": [...]}."""
    return yaml.safe_load(_text("plover.yaml"))["types"]


@functools.cache
def plover_renamed() -> dict[str, str]:
    """Old PLOVER 0.5 type names -> current ones (DEMAND -> REQUEST, ...)."""
    return yaml.safe_load(_text("plover.yaml"))["renamed"]


_ROW = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,([^,#]*))?(?:,([^#]*))?")


@functools.cache
def cameo_to_plover_table() -> dict[str, PloverCode]:
    """CAMEO code -> PLOVER type, mode and context (CAMEO2PLOVER-2021 plus the supplement)."""
    table: dict[str, PloverCode] = {}
    for line in _text("CAMEO2PLOVER-2021.txt").splitlines():
        m = _ROW.match(line)
        if not m:
            continue
        code, plover = m.group(1), m.group(2)
        mode = (m.group(3) or "").strip() or None
        context = (m.group(4) or "").strip() or None
        # the table lists "08" twice (CONCEDE and RETREAT); the root keeps its first reading
        table.setdefault(code, PloverCode(code, plover, mode, context))
    for row in _tsv("cameo2plover-supplement.tsv"):
        code, plover = row[0], row[1]
        mode = row[2].strip() if len(row) > 2 and row[2].strip() else None
        table.setdefault(code, PloverCode(code, plover, mode, None))
    return table


@functools.cache
def acled_types() -> dict[str, list[str]]:
    """ACLED event type -> its sub-types."""
    return yaml.safe_load(_text("acled.yaml"))


@functools.cache
def acled_map() -> dict[str, tuple[str, str]]:
    """Key (CAMEO code prefix or "PLOVER:mode") -> (ACLED type, sub-type)."""
    return {row[0]: (row[1], row[2]) for row in _tsv("acled_map.tsv")}


def cameo_root(code: str | None) -> str | None:
    """The two-digit CAMEO root of a code ("0354" -> "03")."""
    return code[:2] if code and len(code) >= 2 else None


def plover_for(cameo: str) -> PloverCode | None:
    """The PLOVER coding of a CAMEO code, falling back to its nearest listed ancestor."""
    table = cameo_to_plover_table()
    for n in range(len(cameo), 1, -1):
        hit = table.get(cameo[:n])
        if hit is not None:
            return hit
    return None


def acled_for(plover: str, mode: str | None, cameo: str | None) -> tuple[str, str] | None:
    """ACLED (type, sub-type) for political violence and strategic developments, else None."""
    table = acled_map()
    if mode and f"{plover}:{mode}" in table:
        return table[f"{plover}:{mode}"]
    if cameo:
        for n in range(len(cameo), 1, -1):
            if cameo[:n] in table:
                return table[cameo[:n]]
    return None


def event_type(
    cameo: str, mode: str | None = None, plover: str | None = None, civilian_target: bool = False
) -> EventType | None:
    """Code a CAMEO code as an `EventType`; `mode`/`plover` override the table's reading."""
    row = plover_for(cameo)
    if row is None and plover is None:
        return None
    ptype = plover or row.plover  # type: ignore[union-attr]
    pmode = mode or (row.mode if row is not None and row.plover == ptype else None)
    acled = acled_for(ptype, pmode, cameo)
    if acled and civilian_target and acled[0] == "Battles":
        acled = ("Violence against civilians", "Attack")
    return EventType(
        plover=ptype,
        mode=pmode,
        cameo=cameo,
        acled_type=acled[0] if acled else None,
        acled_subtype=acled[1] if acled else None,
    )


def validate() -> list[str]:
    """Every problem found in the tables (an empty list means all codes are valid)."""
    problems: list[str] = []
    labels, types, acled = cameo_labels(), plover_types(), acled_types()
    for code in labels:
        if not re.fullmatch(r"\d{2,4}", code) or not 1 <= int(code[:2]) <= 20:
            problems.append(f"cameo.tsv: bad code {code!r}")
    for code, row in cameo_to_plover_table().items():
        if code not in labels:
            problems.append(f"CAMEO2PLOVER: {code} is not a CAMEO code")
        if row.plover not in types:
            problems.append(f"CAMEO2PLOVER: {code} -> unknown PLOVER type {row.plover}")
        elif row.mode and row.mode not in types[row.plover]["modes"]:
            problems.append(f"CAMEO2PLOVER: {code} -> mode {row.mode!r} not in {row.plover}")
    for key, (atype, sub) in acled_map().items():
        if ":" in key:
            ptype, mode = key.split(":", 1)
            if ptype not in types or mode not in types[ptype]["modes"]:
                problems.append(f"acled_map: bad PLOVER key {key}")
        elif key not in labels:
            problems.append(f"acled_map: {key} is not a CAMEO code")
        if atype not in acled or sub not in acled[atype]:
            problems.append(f"acled_map: {key} -> unknown ACLED {atype} / {sub}")
    for old, new in plover_renamed().items():
        if new not in types:
            problems.append(f"plover.yaml: {old} renamed to unknown {new}")
    return problems
