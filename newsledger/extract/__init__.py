"""The extract stage: an explicit, ordered registry of extractors and the loop that runs them.

An extractor is a plain function `(doc, article, found) -> list[record]` in its own module.
Adding one is adding a file and one line to `EXTRACTORS`. Each reads the parsed doc and what
earlier extractors found (`found`, a `model.Found`) and returns new records; the runner files
them under their kind. Order matters: actors and places first, then attribution (events and
slant read its scopes), then events (which builds accusations from its own records and their
attribution before merging mentions), then slant.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from ..errors import ExtractorError, TrainedModelError
from ..model import Article, Found

log = logging.getLogger(__name__)

ExtractFn = Callable[[Doc, Article, Found], list[Any]]


@dataclass(frozen=True, slots=True)
class Extractor:
    """A registered extractor: its name, its version (bump when output changes) and function."""

    name: str
    version: int
    run: ExtractFn

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"


# Imported after Extractor is defined: extractor modules may import from this package.
from . import actors, attribution, events, places, slant  # noqa: E402

# The registry, in run order. Each module exposes NAME, VERSION and `extract`.
EXTRACTORS: list[Extractor] = [
    Extractor(actors.NAME, actors.VERSION, actors.extract),
    Extractor(places.NAME, places.VERSION, places.extract),
    Extractor(attribution.NAME, attribution.VERSION, attribution.extract),
    Extractor(events.NAME, events.VERSION, events.extract),
    Extractor(slant.NAME, slant.VERSION, slant.records),
]

# Failure handler: raise by default; `keep_going` records a rejection instead.
FailureHandler = Callable[[ExtractorError], None]


def raise_failure(error: ExtractorError) -> None:
    raise error


def run_extractors(
    doc: Doc,
    article: Article,
    extractors: list[Extractor] | None = None,
    on_failure: FailureHandler = raise_failure,
) -> tuple[Found, list[str]]:
    """Run every extractor in order over one parsed article; return what they found."""
    found = Found()
    failures: list[str] = []
    for extractor in EXTRACTORS if extractors is None else extractors:
        try:
            records = extractor.run(doc, article, found)
        except TrainedModelError:
            raise  # the installation, not this article: no point going on to the next one
        except Exception as exc:  # noqa: BLE001 - any extractor bug is reported with its name
            error = ExtractorError(extractor.label, article.id, exc)
            on_failure(error)
            failures.append(str(error))
            continue
        found.add(records)
    return found, failures
