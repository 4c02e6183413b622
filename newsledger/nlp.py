"""The nlp stage: load one spaCy pipeline, once, from a model installed as a package.

Nothing is downloaded at run time; a missing model is a clear error naming the install command.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .config import DEFAULT_MODEL, MODEL_INSTALL_HINT
from .errors import ModelMissingError

_DASHES = frozenset({"—", "–", "-", "--"})
_DATELINE_WORDS = 12  # "GAZA CITY, Aug 10 (Reuters) —" is shorter than this
# The sentence budget. Several stages look at a whole sentence once per event in it (the
# event-type model's features, an event's role phrases), so time grows with the square of a
# sentence's length: a 40 KB run-on sentence took 35 s. News sentences run to 20-60 tokens;
# past SOFT tokens a sentence is split at the next clause break (comma, semicolon, colon,
# dash), past HARD tokens wherever it is.
SENTENCE_SOFT_TOKENS = 120
SENTENCE_HARD_TOKENS = 200
# The memory budget. spaCy's parser and NER hold working memory for the whole text: ~3 MB a
# thousand characters (300,000 characters peaked at 1.3 GB). A text longer than CHUNK_CHARS
# is parsed in pieces of at most that size, cut at paragraph breaks (else sentence ends, else
# spaces) and joined into one Doc, so memory stays flat whatever the length. Only the few
# tokens beside a cut can parse differently; shorter texts are parsed whole, as before. A
# batch of texts is cut to BATCH_CHARS for the same reason.
CHUNK_CHARS = 50_000
BATCH_CHARS = 100_000
_CUTS = ("\n\n", ". ", "\n", " ")
_ENDS = frozenset({".", "!", "?", "…"})
_CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "--"})

log = logging.getLogger(__name__)


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


@Language.component("sentence_budget")
def sentence_budget(doc: Doc) -> Doc:
    """Split run-on sentences before the parser sees them (see SENTENCE_SOFT_TOKENS); each
    split is logged with the reason code `long_sentence`."""
    run = splits = 0
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if tok.is_sent_start or prev.text in _ENDS or "\n" in prev.text:
            run = 0
            continue
        run += 1
        if (run >= SENTENCE_SOFT_TOKENS and prev.text in _CLAUSE_BREAKS) or (
            run >= SENTENCE_HARD_TOKENS
        ):
            tok.is_sent_start = True
            run, splits = 0, splits + 1
    if splits:
        log.info("long_sentence: split %d run-on sentence(s) of over %d tokens", splits,
                 SENTENCE_SOFT_TOKENS)
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
        nlp.add_pipe("sentence_budget", before="parser")
    return nlp


def parse(text: str, model: str = DEFAULT_MODEL) -> Doc:
    """Parse one text with the shared pipeline (a long one in pieces, see CHUNK_CHARS)."""
    pipe = load(model)
    if len(text) <= CHUNK_CHARS:
        return pipe(text)
    pieces = chunks(text)
    log.info("long_text: parsed %d characters in %d pieces", len(text), len(pieces))
    return Doc.from_docs([pipe(piece) for piece in pieces], ensure_whitespace=False)


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """`text` cut into consecutive pieces of at most `size` characters, each cut after a
    paragraph break where one is in the second half of the piece, else after a sentence end,
    a line break or a space, else at `size`."""
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        for cut in _CUTS:
            at = text.rfind(cut, start + size // 2, end)
            if at != -1:
                end = at + len(cut)
                break
        out.append(text[start:end])
        start = end
    out.append(text[start:])
    return out


def parse_many(
    texts: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 32
) -> Iterator[Doc]:
    """Parse texts in batches (spaCy's `nlp.pipe`) of at most `batch_size` texts and about
    BATCH_CHARS characters, a long text alone (`parse`), keeping input order."""
    pipe = load(model)
    batch: list[str] = []
    chars = 0
    for text in texts:
        if len(text) > CHUNK_CHARS:
            yield from pipe.pipe(batch, batch_size=batch_size)
            batch, chars = [], 0
            yield parse(text, model)
            continue
        batch.append(text)
        chars += len(text)
        if len(batch) >= batch_size or chars >= BATCH_CHARS:
            yield from pipe.pipe(batch, batch_size=batch_size)
            batch, chars = [], 0
    yield from pipe.pipe(batch, batch_size=batch_size)
