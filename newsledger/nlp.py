"""The nlp stage: load one spaCy pipeline, once, from a model installed as a package.

Nothing is downloaded at run time; a missing model is a clear error naming the install command.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from .config import DEFAULT_MODEL, MODEL_INSTALL_HINT
from .errors import ModelMissingError
from .parse_repair import parse_repairs  # noqa: F401  (registers the component)

_DASHES = frozenset({"—", "–", "-", "--"})
_DATELINE_WORDS = 12  # "GAZA CITY, Aug 10 (Reuters) —" is shorter than this
# The sentence budget. Several stages look at a whole sentence once per event in it (the
# event-type model's features, an event's role phrases), so time grows with the square of a
# sentence's length: a 40 KB run-on sentence took 35 s. News sentences run to 20-60 tokens;
# past SOFT tokens a sentence is split at the next clause break (comma, semicolon, colon,
# dash), past HARD tokens wherever it is.
SENTENCE_SOFT_TOKENS = 120
SENTENCE_HARD_TOKENS = 200
# The memory and time budget. spaCy's parser and NER hold working memory for the whole text:
# ~3 MB a thousand characters (300,000 characters peaked at 1.3 GB). And they step through one
# text one transition at a time, where a batch of texts steps all its texts at once: a
# 100,000-character text took 1.5 times as long parsed whole as in 4,000-character pieces
# parsed as one batch (scripts/bench_long.py). So a text longer than CHUNK_CHARS is cut into
# pieces of at most PIECE_CHARS at paragraph breaks (else sentence ends, else spaces), parsed
# PIECE_BATCH at a time and joined into one Doc: memory stays flat whatever the length. A
# blank line already ends a sentence (paragraph_breaks), so only the few tokens beside a cut
# can differ (at 100,000 characters, 2 of 18,747 tokens changed tag, head and entity; at
# 150,000, every actor, event and claim stayed the same, and 3 of 87 slant markers moved in
# confidence, 0.5 to 0.55); shorter texts, nearly every news article, are parsed whole, as
# before. A batch of texts is cut to BATCH_CHARS for the same reason.
CHUNK_CHARS = 20_000
PIECE_CHARS = 4_000
PIECE_BATCH = 12
BATCH_CHARS = 100_000
_CUTS = ("\n\n", ". ", "\n", " ")
_ENDS = frozenset({".", "!", "?", "…"})
_CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "--"})
# a line that ends a unit of its own (`_line_ends`): bullets, quote marks, and the widest
# line a hard-wrapped text has (wrapping editors and mail use 72-80 columns)
_BULLET_RE = re.compile(r"\s*(?:[•·▪‣◦*–—-]|\d{1,2}[.)])\s")
_CLOSERS = "\"”’')]"
_OPENERS = "\"“‘'(•·▪‣◦*–—-"
_CONTINUED = ",;:"
_WRAP_WIDTH = 120

log = logging.getLogger(__name__)


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: a headline or a dateline paragraph without a full stop
    is not the start of the next sentence; so does the line break after a headline or bullet
    line (`_line_ends`); and a wire dateline ("GAZA CITY —", "KHARTOUM,
    Oct 14 (Reuters) -") is not the subject of the report's first sentence. The parser keeps
    boundaries set before it."""
    starts = [0]
    text = doc.text
    width = max(map(len, text.split("\n")))
    for tok in doc[:-1]:
        if tok.is_space and (tok.text.count("\n") >= 2 or _line_ends(text, tok, width)):
            doc[tok.i + 1].is_sent_start = True
            starts.append(tok.i + 1)
    for start in starts:
        if start + 1 < len(doc) and _BULLET_RE.match(text, doc[start].idx):
            doc[start + 1].is_sent_start = False  # the bullet belongs to its line
        end = _dateline_end(doc, start)
        if end is not None and end < len(doc):
            for tok in doc[start + 1 : end]:
                tok.is_sent_start = False  # "GAZA CITY —" is one unit
            doc[end].is_sent_start = True
            # the report's first sentence runs to its full stop: left alone after a preset
            # start, the parser cuts "Egypt | and Qatar will host ..." after the first word
            for tok in doc[end + 1 : end + SENTENCE_SOFT_TOKENS]:
                if tok.is_sent_start or "\n" in tok.text or _after_end(tok):
                    break
                tok.is_sent_start = False
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
        log.info(
            "long_sentence: split %d run-on sentence(s) of over %d tokens",
            splits,
            SENTENCE_SOFT_TOKENS,
        )
    return doc


def _after_end(tok: Token) -> bool:
    """Does `tok` follow a sentence's final punctuation (and any closing quote or bracket)?"""
    prev = tok.doc[tok.i - 1]
    while prev.i > 0 and prev.text in _CLOSERS:
        prev = tok.doc[prev.i - 1]
    return prev.text in _ENDS


def _line_ends(text: str, tok: Token, width: int) -> bool:
    """Does the single line break `tok` end a line that is a unit of its own: a bullet, a
    paragraph, or a headline or caption without final punctuation before a line that starts
    anew (the parser, left alone, runs "• ... targeted\n• New Delhi claims" together)? A line of
    hard-wrapped prose is none: it ends where the next word would not fit in the text's
    width, or mid-clause (comma, colon), or before a lower-case word."""
    if tok.text.count("\n") != 1:
        return False
    line = text[text.rfind("\n", 0, tok.idx) + 1 : tok.idx].rstrip()
    nxt = tok.doc[tok.i + 1]
    if not line or nxt.is_space:
        return False
    bare = line.rstrip(_CLOSERS)
    if not bare or bare[-1] in _CONTINUED:
        return False  # a comma or colon goes on
    if _BULLET_RE.match(line) or _BULLET_RE.match(text[nxt.idx : nxt.idx + 4]):
        return True
    if bare[-1] in _ENDS:
        return False  # the parser ends it (forced, a closing quote mark became a sentence)
    first = nxt.text[0]
    if not (first.isupper() or first.isdigit() or first in _OPENERS):
        return False
    wrapped = width <= _WRAP_WIDTH and len(line) + 1 + len(nxt.text) > width
    return not wrapped


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
        nlp.add_pipe("parse_repairs", last=True)
    return nlp


def parse(text: str, model: str = DEFAULT_MODEL) -> Doc:
    """Parse one text with the shared pipeline (a long one in pieces, see CHUNK_CHARS)."""
    pipe = load(model)
    if len(text) <= CHUNK_CHARS:
        return pipe(text)
    pieces = chunks(text, min(PIECE_CHARS, CHUNK_CHARS))
    log.info("long_text: parsed %d characters in %d pieces", len(text), len(pieces))
    docs = list(pipe.pipe(pieces, batch_size=PIECE_BATCH))
    return Doc.from_docs(docs, ensure_whitespace=False)


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
