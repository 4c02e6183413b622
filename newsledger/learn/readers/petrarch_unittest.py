"""PETRARCH-2's unit-test records (`PETR.UnitTest.records.xml`): fictional actors, sentences
written to test coding logic (negation, compound actors, passive voice). Same format as the
validation records; read by `petrarch.read`. Records marked as errors are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..examples import LabelledText
from . import petrarch

NAME = "petrarch2-unittest"
LICENCE = "MIT (openeventdata/petrarch2)"
KIND = "LabelledText: PLOVER type (from CAMEO) per sentence, NONE for no event"


def read(folder: Path) -> Iterator[LabelledText]:
    return petrarch.read(folder, "PETR.UnitTest.records.xml", NAME)
