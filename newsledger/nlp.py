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


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: a headline or a dateline paragraph without a full stop
    is not the start of the next sentence. The parser keeps boundaries set before it."""
    for tok in doc[:-1]:
        if tok.is_space and tok.text.count("\n") >= 2:
            doc[tok.i + 1].is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def load(model: str = DEFAULT_MODEL) -> Language:
    """Load (once per process) the spaCy pipeline named by `model`, with paragraph breaks as
    sentence boundaries."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelMissingError(
            f"spaCy model {model!r} is not installed ({exc.__class__.__name__}); "
            f"install it with: {MODEL_INSTALL_HINT}"
        ) from exc
    if "parser" in nlp.pipe_names and "paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


def parse(text: str, model: str = DEFAULT_MODEL) -> Doc:
    """Parse one text with the shared pipeline."""
    return load(model)(text)


def parse_many(
    texts: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 32
) -> Iterator[Doc]:
    """Parse texts in batches (spaCy's `nlp.pipe`), keeping input order."""
    yield from load(model).pipe(texts, batch_size=batch_size)
