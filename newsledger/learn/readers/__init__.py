"""One reader per annotated data set in ../shared/data, each yielding typed examples.

A reader module exposes `NAME` (the data set's folder name), `LICENCE` (as its publishers state
it), `KIND` (the example type it yields) and `read(folder) -> Iterator[Example]`. Register it in
`READERS`; `read(name)` finds the folder under the development data (`data_dir`).
Readers never decide splits: `learn.splits.assign` does, once, for every model.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from types import ModuleType

from ..examples import Example

# data set (folder under ../shared/data) -> reader module
READERS: dict[str, str] = {
    "zsp-plv-train": "newsledger.learn.readers.plv",
    "plover-gsr": "newsledger.learn.readers.plover_gsr",
    "conflibert-cameo-train": "newsledger.learn.readers.conflibert",
    "ngec-synthetic-plover": "newsledger.learn.readers.ngec",
    "acled-notes": "newsledger.learn.readers.acled",
    "upetrarch-validation": "newsledger.learn.readers.petrarch",
    "petrarch2-unittest": "newsledger.learn.readers.petrarch_unittest",
    "realnews-dev": "newsledger.learn.readers.realnews",
    "polnear-train-dev": "newsledger.learn.readers.polnear",
    "checkthat24-persuasion-en": "newsledger.learn.readers.checkthat24",
    "semeval2023-t3-en-dev": "newsledger.learn.readers.semeval2023",
    "semeval2021-t6-memes": "newsledger.learn.readers.memes",
    "babe": "newsledger.learn.readers.babe",
    "wnc-sample": "newsledger.learn.readers.wnc",
    "basil": "newsledger.learn.readers.basil",
}


class DataMissing(FileNotFoundError):
    """A data set's folder is not where the development data should be."""


def data_dir() -> Path | None:
    """The development data folder (research data: never shipped): $NEWSLEDGER_DATA, else a
    `shared/data` beside or above the working directory or the package (the team layout)."""
    env = os.environ.get("NEWSLEDGER_DATA")
    if env:
        return Path(env)
    for start in (Path.cwd().resolve(), Path(__file__).resolve()):
        for base in (start, *start.parents):
            if (base / "shared" / "data").is_dir():
                return base / "shared" / "data"
    return None


def module(name: str) -> ModuleType:
    if name not in READERS:
        raise KeyError(f"unknown data set {name!r}; known: {', '.join(READERS)}")
    return importlib.import_module(READERS[name])


def folder(name: str, root: Path | None = None) -> Path:
    """The folder of data set `name` under `root` (default: the development data)."""
    base = root or data_dir()
    path = base / name if base is not None else None
    if path is None or not path.is_dir():
        raise DataMissing(
            f"data set {name!r} not found (looked in {path or 'no data folder'}); "
            "put ../shared/data beside the checkout or set NEWSLEDGER_DATA"
        )
    return path


def read(name: str, root: Path | None = None) -> list[Example]:
    """Every example of data set `name`, in the file's order."""
    return list(module(name).read(folder(name, root)))
