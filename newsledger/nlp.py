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

_DASHES = frozenset({"—", "–", "-", "--"})
_DATELINE_WORDS = 12  # "GAZA CITY, Aug 10 (Reuters) —" is shorter than this


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: a headline or a dateline paragraph without a full stop
    is not the start of the next sentence; and a wire dateline ("GAZA CITY —", "KHARTOUM,
    Oct 14 (Reuters) -") is not the subject of the report's first sentence. The parser keeps
    boundaries set before it."""
    starts = [0]
    for tok in doc[:-1]:
        if tok.is_space and tok.text.count("\n") >= 2:
            doc[tok.i + 1].is_sent_start = True
            starts.append(tok.i + 1)
    for start in starts:
        end = _dateline_end(doc, start)
        if end is not None and end < len(doc):
            for tok in doc[start + 1 : end]:
                tok.is_sent_start = False  # "GAZA CITY —" is one unit
            doc[end].is_sent_start = True
    return doc


def _dateline_end(doc: Doc, start: int) -> int | None:
    """The token after a paragraph's opening dateline: upper-case place words, then an
    optional date and (agency), then a spaced dash."""
    for tok in doc[start : start + _DATELINE_WORDS]:
        spaced = tok.i > start and (tok.whitespace_ or doc[tok.i - 1].whitespace_)
        if tok.text in _DASHES and spaced:
            first = doc[start]
            return tok.i + 1 if first.is_alpha and first.text.isupper() and len(first) > 1 else None
        if tok.is_alpha and not (tok.text.isupper() or tok.is_title or tok.like_num):
            return None  # running prose: no dateline
    return None


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
