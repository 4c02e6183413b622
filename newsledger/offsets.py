"""Normalisation with an offset map: positions in the normalised text back to the text given.

`normalise` is the one definition of an article's normalised text (its id hashes it; the
extractors read it): surrogates scrubbed, NFC, CRLF and CR as LF, runs of spaces, tabs and
no-break spaces as one space, lines stripped, at most one blank line in a row, the whole
stripped. `normalise_mapped` makes the same text and records, step by step, which piece of the
input each piece of the output came from, so that a record's span can be given in the input.

Method: each step is a regular-expression rewrite; the text between matches is kept as is,
and each match is replaced by a computed string. A step's map is the sorted list of its output
pieces (output start, input start, input end), found with `bisect`. A piece whose output is as
long as its input maps character for character (kept text, a tab become a space, CR become
LF, and what a rewrite leaves alone at either end of its match); any other (NFD letters
composed, tabs become one space, a surrogate pair joined) maps as a whole: a span may start
only at its start and end only at its end. Text a step deletes (stripped line ends, extra
blank lines, the second of two spaces) belongs to no piece, so no span reaches into it. NFC
runs per stretch of non-ASCII, non-space characters with the ASCII one before it: no canonical
composition takes an ASCII character as its second part or has a space in it, so the text may
be cut before an ASCII character and on either side of a space (a non-ASCII space is a piece
of its own: U+2000 becomes U+2002). tests/test_offsets.py checks both over every code point.
"""

from __future__ import annotations

import dataclasses
import re
import typing
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .model import Analysis, Attribution, Evidence

Rewrite = Callable[[re.Match[str]], str]


@dataclass(frozen=True, slots=True)
class Step:
    """One rewrite's map: output pieces with the input span each came from."""

    out_starts: tuple[int, ...]
    in_starts: tuple[int, ...]
    in_ends: tuple[int, ...]
    linear: tuple[bool, ...]  # output as long as its input: character for character
    out_length: int

    def start(self, p: int) -> int:
        """Where in the input a span starting at output position `p` starts."""
        if p >= self.out_length:
            return self.end(self.out_length)
        i = bisect_right(self.out_starts, p) - 1
        return self.in_starts[i] + (p - self.out_starts[i] if self.linear[i] else 0)

    def end(self, p: int) -> int:
        """Where in the input a span ending at output position `p` ends."""
        if p <= 0 or not self.out_starts:
            return self.in_starts[0] if self.out_starts else 0
        i = bisect_left(self.out_starts, min(p, self.out_length)) - 1
        if self.linear[i]:
            return self.in_starts[i] + (min(p, self.out_length) - self.out_starts[i])
        return self.in_ends[i]


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Spans of a normalised text mapped back to the text it was made from (steps in order)."""

    steps: tuple[Step, ...] = ()

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The input span of the normalised span [start, end); an empty span stays empty."""
        if end <= start:
            s = self.start(start)
            return s, s
        return self.start(start), self.end(end)

    def start(self, p: int) -> int:
        for step in reversed(self.steps):
            p = step.start(p)
        return p

    def end(self, p: int) -> int:
        for step in reversed(self.steps):
            p = step.end(p)
        return p

    @property
    def identity(self) -> bool:
        return not self.steps


# ---------------------------------------------------------------------------------------------
# The steps


_SURROGATES = re.compile("[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]")
_NON_ASCII = re.compile(r"[\x00-\x7f]?[^\x00-\x7f\s]+|[^\x00-\x7f]")
_CR = re.compile("\r\n?")
# per line: leading and trailing whitespace, then runs of spaces, tabs and no-break spaces
_LINE_SPACE = re.compile(r"^[^\S\n]+|[^\S\n]+$|[ \t\u00a0]{2,}|[\t\u00a0]", re.MULTILINE)
_EXTRA_BLANK_LINES = re.compile(r"(?<=\n\n)\n+")
_ENDS = re.compile(r"\A\s+|\s+\Z")


def _surrogates(m: re.Match[str]) -> str:
    pair = m.group()
    if len(pair) == 2:  # a pair written as two code points (JSON "\ud83d\ude00") is one
        return chr(0x10000 + ((ord(pair[0]) - 0xD800) << 10) + ord(pair[1]) - 0xDC00)
    return "\ufffd"


def _nfc(m: re.Match[str]) -> str:
    return unicodedata.normalize("NFC", m.group())


def _cr(m: re.Match[str]) -> str:
    return "\n"


def _line_space(m: re.Match[str]) -> str:
    # a run inside the line is one space; whitespace at either end of a line goes
    s, e = m.span()
    text = m.string
    at_start = s == 0 or text[s - 1] == "\n"
    at_end = e == len(text) or text[e] == "\n"
    return "" if at_start or at_end else " "


def _delete(m: re.Match[str]) -> str:
    return ""


# (pattern, rewrite, whether the step can change this text at all)
STEPS: tuple[tuple[re.Pattern[str], Rewrite, Callable[[str], bool]], ...] = (
    (_SURROGATES, _surrogates, lambda t: _SURROGATES.search(t) is not None),
    (_NON_ASCII, _nfc, lambda t: not unicodedata.is_normalized("NFC", t)),
    (_CR, _cr, lambda t: "\r" in t),
    (_LINE_SPACE, _line_space, lambda t: True),
    (_EXTRA_BLANK_LINES, _delete, lambda t: "\n\n\n" in t),
    (_ENDS, _delete, lambda t: t[:1].isspace() or t[-1:].isspace()),
)


def normalise(text: str) -> str:
    """The normalised text (what `normalise_mapped` gives, without building the map)."""
    for pattern, rewrite, applies in STEPS:
        if applies(text):
            text = pattern.sub(rewrite, text)
    return text


def normalise_mapped(text: str) -> tuple[str, OffsetMap]:
    """The normalised text and the map from its offsets back to `text`'s."""
    steps = []
    for pattern, rewrite, applies in STEPS:
        if applies(text):
            out, step = _rewrite(text, pattern, rewrite)
            if step is not None:
                steps.append(step)
                text = out
    return text, OffsetMap(tuple(steps))


def _rewrite(text: str, pattern: re.Pattern[str], rewrite: Rewrite) -> tuple[str, Step | None]:
    """Apply one step, recording its pieces; no Step when it changed nothing."""
    parts: list[str] = []
    out_starts: list[int] = []
    in_starts: list[int] = []
    in_ends: list[int] = []
    linear: list[bool] = []
    n = 0
    changed = False

    def keep(a: int, b: int, new: str) -> None:
        nonlocal n
        if not new:
            return
        is_linear = len(new) == b - a
        if is_linear and linear and linear[-1] and in_ends[-1] == a:
            in_ends[-1] = b  # one piece for a stretch mapped character for character
        else:
            out_starts.append(n)
            in_starts.append(a)
            in_ends.append(b)
            linear.append(is_linear)
        parts.append(new)
        n += len(new)

    last = 0
    for m in pattern.finditer(text):
        a, b = m.span()
        old, new = m.group(), rewrite(m)
        if new == old:
            continue
        changed = True
        # what the rewrite left alone at either end maps character for character
        head = _common(old, new)
        tail = _common(old[head:][::-1], new[head:][::-1])
        keep(last, a + head, text[last : a + head])
        keep(a + head, b - tail, new[head : len(new) - tail])
        last = b - tail
    if not changed:
        return text, None
    keep(last, len(text), text[last:])
    step = Step(tuple(out_starts), tuple(in_starts), tuple(in_ends), tuple(linear), n)
    return "".join(parts), step


# ---------------------------------------------------------------------------------------------
# Records


def in_input(analysis: Analysis) -> Analysis:
    """The analysis with every span (evidence, attribution scope) in the text as given
    (`Article.original`), the evidence text its slice of it; as is when nothing was changed."""
    original = analysis.article.original
    if original is None:
        return analysis
    clean, omap = normalise_mapped(original)
    if clean != analysis.article.text:
        raise ValueError(f"article {analysis.article.id}: its text is not the normalised form of "
                         "its original; build articles with ingest.article_from_text")
    return _Remap(omap, original).record(analysis)


class _Remap:
    """Rebuild records with their spans mapped; shared records stay shared."""

    def __init__(self, omap: OffsetMap, original: str) -> None:
        self.omap = omap
        self.original = original
        self.done: dict[int, Any] = {}

    def record(self, value: Any) -> Any:
        if isinstance(value, tuple):
            items = [self.record(v) for v in value]
            same = all(a is b for a, b in zip(items, value, strict=True))
            return value if same else tuple(items)
        if type(value) is not Evidence and not _span_fields(type(value)):
            return value
        key = id(value)
        if key not in self.done:
            self.done[key] = self._rebuild(value)
        return self.done[key]

    def _rebuild(self, value: Any) -> Any:
        if isinstance(value, Evidence):
            start, end = self.omap.span(value.start, value.end)
            return dataclasses.replace(value, start=start, end=end,
                                       text=self.original[start:end])
        changes = {}
        for name in _span_fields(type(value)):
            old = getattr(value, name)
            new = self.record(old)
            if new is not old:
                changes[name] = new
        if isinstance(value, Attribution):
            changes["scope_start"], changes["scope_end"] = self.omap.span(
                value.scope_start, value.scope_end)
        return dataclasses.replace(value, **changes) if changes else value


_SPAN_FIELDS: dict[type, tuple[str, ...]] = {Evidence: (), Attribution: ("evidence",)}


def _span_fields(cls: type) -> tuple[str, ...]:
    """The fields of a record type whose declared type may hold a span (an Evidence or an
    Attribution, directly, in a tuple or in another record); () for any other type."""
    known = _SPAN_FIELDS.get(cls)
    if known is not None:
        return known
    if not dataclasses.is_dataclass(cls):
        _SPAN_FIELDS[cls] = ()
        return ()
    _SPAN_FIELDS[cls] = ()  # a record type that holds itself adds nothing
    hints = typing.get_type_hints(cls)
    names = tuple(f.name for f in dataclasses.fields(cls) if _may_hold_spans(hints[f.name]))
    _SPAN_FIELDS[cls] = names
    return names


def _may_hold_spans(annotation: Any) -> bool:
    if annotation in (Evidence, Attribution):
        return True
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return bool(_span_fields(annotation))
    return any(_may_hold_spans(a) for a in typing.get_args(annotation) if a is not Ellipsis)


def _common(a: str, b: str) -> int:
    """The length of the common prefix of `a` and `b`."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
