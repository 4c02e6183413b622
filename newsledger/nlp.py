"""The nlp stage: load one spaCy pipeline, once, from a model installed as a package.

Nothing is downloaded at run time; a missing model is a clear error naming the install command.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .config import DEFAULT_MODEL, MODEL_INSTALL_HINT
from .errors import ModelMissingError


@functools.lru_cache(maxsize=4)
def load(model: str = DEFAULT_MODEL) -> Language:
    """Load (once per process) the spaCy pipeline named by `model`."""
    try:
        return spacy.load(model)
    except OSError as exc:
        raise ModelMissingError(
            f"spaCy model {model!r} is not installed ({exc.__class__.__name__}); "
            f"install it with: {MODEL_INSTALL_HINT}"
        ) from exc


def parse(text: str, model: str = DEFAULT_MODEL) -> Doc:
    """Parse one text with the shared pipeline."""
    return load(model)(text)


def parse_many(
    texts: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 32
) -> Iterator[Doc]:
    """Parse texts in batches (spaCy's `nlp.pipe`), keeping input order."""
    yield from load(model).pipe(texts, batch_size=batch_size)
