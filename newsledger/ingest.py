"""The ingest stage: turn whatever a user has into `Article`s, or reasoned rejections.

Readers: plain text, HTML pages (trafilatura: main text, title, date, site name), RSS/Atom feeds
(feedparser; entries that carry full text), JSONL (one object a line with at least `text`),
stdin, and folders of these. An article's id is a hash of its normalised text, so the same text
ingested twice is the same article.

Bad input never raises out of a batch: each bad file or line becomes a `Rejection` with a reason
code (empty, binary, encoding, too_large, too_short, not_english, no_article, malformed_feed,
malformed_json, bad_field, bad_date, special_file, unreadable) and a message naming the file and
what to do. UTF-16 and UTF-32 files with a byte-order mark are decoded; FIFOs, devices and
sockets are refused without being opened. Field and date rules: `fields`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from . import offsets
from .errors import RejectedInput
from .fields import id_field, parse_date, printable, published_or_refuse, scrub, text_field
from .model import Article, Rejection

__all__ = ["parse_date"]  # re-exported: callers read dates through ingest

MAX_BYTES = 20_000_000
MIN_WORDS = 5
# spaCy's parser and NER need ~1 GB per 100,000 characters; its default `nlp.max_length` is
# 1,000,000. A news article is a few thousand; longer texts are refused, not crashed on.
MAX_CHARS = 1_000_000

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}

Item = Article | Rejection
_SUFFIX_KIND = dict.fromkeys(JSONL_SUFFIXES, "jsonl")
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8 (surrogateescape)


# ---------------------------------------------------------------------------------------------
# Text to article


def normalise(text: str) -> str:
    """Normalise a text so that trivially different copies hash alike (NFC, spaces, newlines);
    the steps, and the map of offsets back to `text`, are in `offsets`."""
    return offsets.normalise(text)


def article_id(text: str) -> str:
    """The article id: a hash of the normalised text."""
    return _digest(normalise(text))


def _digest(clean: str) -> str:
    return hashlib.sha256(clean.encode("utf-8")).hexdigest()[:32]


def article_from_text(
    text: str,
    source: str,
    published: dt.date | str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
    external_id: str | None = None,
    min_words: int = MIN_WORDS,
) -> Article:
    """Check and normalise one text into an Article; raise RejectedInput when it is unusable."""
    if isinstance(text, bytes | bytearray):
        text = decode(bytes(text), source)
    if not isinstance(text, str):
        raise RejectedInput(source, "bad_field",
                            f"the text is a {type(text).__name__}, not a string")
    clean = normalise(text)
    if not clean:
        raise RejectedInput(source, "empty", "no text (the input is empty or only whitespace)")
    if len(clean) > MAX_CHARS:
        raise RejectedInput(
            source,
            "too_long",
            f"{len(clean):,} characters is over the {MAX_CHARS:,}-character limit for one "
            "article; split the text into articles (e.g. one JSONL line each)",
        )
    words = clean.split()
    if len(words) < min_words:
        raise RejectedInput(
            source, "too_short", f"only {len(words)} word(s); at least {min_words} are needed"
        )
    language = guess_language(clean)
    if language != "en":
        raise RejectedInput(
            source,
            "not_english",
            f"text does not look like English ({language}); newsledger analyses English only",
        )
    date = published_or_refuse(published, source)
    return Article(
        id=_digest(clean),
        text=clean,
        original=_original(text, clean),
        title=_meta(title, "title", source),
        outlet=_meta(outlet, "outlet", source),
        published=date,
        url=_meta(url, "url", source),
        source=source,
        external_id=_meta(external_id, "id", source),
    )


def _original(text: str, clean: str) -> str | None:
    """The text as given, which records' offsets index, when normalising changed it. Lone
    surrogates (from JSON escapes or Python) are U+FFFD in it, as in the normalised text, so
    that evidence can be written out as UTF-8; offsets are the same either way."""
    given = scrub(text)
    return given if given != clean else None


def _meta(value: Any, name: str, source: str) -> str | None:
    """A metadata value as a storable string: integers are kept as their digits (ids), any
    other non-string is refused (`fields.text_field`)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return text_field({name: value}, name, source)


_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on with as was by at from it be are has have said "
    "this an not or but were its their which will been after over would more who they "
    "he she his her had also than into about".split()
)


# frequent function words of other Latin-script languages news arrives in (es, fr, de, it,
# pt, nl, tr, id), none of them English words
_OTHER_FUNCTION_WORDS = frozenset(
    "el la los las del y que en por con una para es se lo le les des du et est dans une pour "
    "qui sur au aux der die das und ist nicht mit den dem ein eine zu von il di che della per "
    "non sono gli do da em os uma com het een van ik niet ve bir ile bu yang dan di dengan "
    "untuk tidak ini".split()
) - _ENGLISH_FUNCTION_WORDS


def guess_language(text: str) -> str:
    """'en' when the text reads as English; otherwise a short description of why not.

    Method: the share of common English function words among word tokens (English news runs
    at 30-45%; other Latin-script languages under 8%), and the share of Latin letters.
    """
    sample = text[:20_000]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return "no letters"
    latin = sum(1 for c in letters if c < "\u0250")
    if latin / len(letters) < 0.7:
        return "mostly non-Latin script"
    tokens = re.findall(r"[a-z]+", sample.lower())
    if len(tokens) < 8:
        return "en"  # too little text to judge; too_short catches the tiniest
    english = sum(1 for t in tokens if t in _ENGLISH_FUNCTION_WORDS)
    share = english / len(tokens)
    if share >= 0.12:
        return "en"
    if len(tokens) < 40:
        # a headline-like sentence may have no function word at all ("Russian air defences
        # shot down 57 drones"): short texts are refused only for another language's words
        other = sum(1 for t in tokens if t in _OTHER_FUNCTION_WORDS)
        if other <= english:
            return "en"
        return f"{share:.0%} English function words, {other} of other languages"
    return f"{share:.0%} English function words"


# ---------------------------------------------------------------------------------------------
# Bytes to text


def decode(data: bytes, source: str) -> str:
    """UTF-8 text from bytes, or a RejectedInput saying why not (binary, bad encoding)."""
    if not data.strip():
        raise RejectedInput(source, "empty", "the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise RejectedInput(source, "encoding", f"not valid {encoding.upper()} after its "
                                    f"byte-order mark (at offset {exc.start + len(bom)}); "
                                    "re-encode the file as UTF-8") from exc
    head = data[:8192]
    if b"\x00" in head or _control_share(head) > 0.1:
        raise RejectedInput(
            source, "binary", "looks like a binary file (NUL or control bytes), not text"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RejectedInput(
            source,
            "encoding",
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-encode the file as UTF-8, e.g. iconv -f latin1 -t utf-8",
        ) from exc


# UTF-32's marks first: the UTF-32-LE mark starts with the UTF-16-LE one
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _control_share(data: bytes) -> float:
    if not data:
        return 0.0
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(data)


def read_bytes(path: Path, max_bytes: int = MAX_BYTES, source: str | None = None) -> bytes:
    """A file's bytes, refusing files larger than `max_bytes`, and anything but a regular file
    (a FIFO would block, a device never ends), before reading them."""
    source = source or printable(str(path))
    try:
        info = path.stat()
    except OSError as exc:
        raise RejectedInput(source, "unreadable", f"cannot read: {exc.strerror}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise RejectedInput(source, "special_file", f"not a regular file ({_kind(info.st_mode)}); "
                            "pass files, folders or '-' for stdin")
    size = info.st_size
    if size > max_bytes:
        raise RejectedInput(
            source,
            "too_large",
            f"{size:,} bytes is over the {max_bytes:,}-byte limit; split it, or raise "
            "NEWSLEDGER_MAX_BYTES",
        )
    try:
        with path.open("rb") as f:
            return read_limited(f, source, max_bytes)  # it may have grown since the stat
    except OSError as exc:
        raise RejectedInput(source, "unreadable", f"cannot read: {exc.strerror}") from exc


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISDIR, "a folder"))
    return next((name for test, name in kinds if test(mode)), "not a plain file")


def read_limited(stream: BinaryIO, source: str, max_bytes: int = MAX_BYTES) -> bytes:
    """Read a stream, refusing more than `max_bytes`."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise RejectedInput(source, "too_large", f"more than {max_bytes:,} bytes on input")
    return data


# ---------------------------------------------------------------------------------------------
# Readers


class Options:
    """What a reader needs besides the input: metadata overrides and limits."""

    def __init__(
        self,
        published: dt.date | str | None = None,
        outlet: str | None = None,
        fmt: str = "auto",
        max_bytes: int = MAX_BYTES,
        min_words: int = MIN_WORDS,
    ) -> None:
        self.published = published
        self.outlet = outlet
        self.fmt = fmt
        self.max_bytes = max_bytes
        self.min_words = min_words


def iter_inputs(paths: Iterable[str], options: Options | None = None) -> Iterator[Item]:
    """Every article (or rejection) in the given paths; '-' is stdin; folders are walked."""
    options = options or Options()
    for raw in paths:
        if raw == "-":
            yield from _guard("-", lambda: read_stream(sys.stdin.buffer, "-", options))
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(_walk(path)):
                yield from _guard(printable(str(child)),
                                  lambda child=child: read_file(child, options))
        elif path.exists():
            yield from _guard(printable(raw), lambda path=path: read_file(path, options))
        else:
            shown = printable(raw)
            yield Rejection(shown, "missing", f"{shown}: no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith("."):
                yield Path(root) / name


def _guard(source: str, read: Any) -> Iterator[Item]:
    """Turn a reader's RejectedInput, or a reader library's crash on odd input, into a
    Rejection so that a batch carries on."""
    try:
        yield from read()
    except RejectedInput as exc:
        yield Rejection(exc.source, exc.reason, str(exc))
    except (ValueError, TypeError, LookupError, RecursionError, UnicodeError) as exc:
        yield Rejection(source, "unreadable", f"{source}: the reader failed on this input "
                        f"({type(exc).__name__}: {printable(str(exc))[:200]}) [unreadable]")


def read_file(path: Path, options: Options) -> Iterator[Item]:
    source = printable(str(path))
    data = read_bytes(path, options.max_bytes, source)
    yield from read_data(data, source, options, suffix=path.suffix.lower())


def read_stream(stream: BinaryIO, source: str, options: Options) -> Iterator[Item]:
    data = read_limited(stream, source, options.max_bytes)
    yield from read_data(data, source, options, suffix="")


def read_data(data: bytes, source: str, options: Options, suffix: str) -> Iterator[Item]:
    """Dispatch bytes to the right reader by the format asked for, the suffix, or a sniff."""
    try:
        text = decode(data, source)
    except RejectedInput as exc:
        if exc.reason != "encoding" or "jsonl" not in (options.fmt, _SUFFIX_KIND.get(suffix)):
            raise
        # one line's bad bytes must not cost the other lines: read_jsonl refuses that line
        text = data.decode("utf-8-sig", "surrogateescape")
    kind = options.fmt if options.fmt != "auto" else sniff(text, suffix)
    if kind == "jsonl":
        yield from read_jsonl(text, source, options)
    elif kind == "html":
        yield read_html(text, source, options)
    elif kind == "feed":
        yield from read_feed(data, source, options)
    else:
        yield article_from_text(
            text, source, options.published, options.outlet, min_words=options.min_words
        )


def sniff(text: str, suffix: str) -> str:
    """Guess the format: jsonl, html, feed or text."""
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    head = text.lstrip()[:1000].lower()
    if suffix in FEED_SUFFIXES:
        return "feed"  # the feed reader names the root element when it is not a feed
    if head.startswith("<?xml"):
        if re.search(r"<(rss|feed|rdf:rdf)[\s>]", head) or "<html" not in head:
            return "feed"
        return "html"
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(body|head|article)[\s>]",
                                                                 head):
        return "html"
    if head.startswith("{") and suffix not in TEXT_SUFFIXES - {""}:
        return "jsonl"
    return "text"


def read_jsonl(text: str, source: str, options: Options) -> Iterator[Item]:
    """One article per line: {"text": ..., "id"?, "url"?, "title"?, "outlet"?, "published"?}."""
    # lines end at "\n" only: str.splitlines would also split inside a JSON string holding a
    # raw U+2028 or \x1c, which JSON allows
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        bad = _UNDECODED.search(line)
        if bad:
            yield Rejection(where, "encoding", f"{where}: not valid UTF-8 (byte "
                            f"0x{ord(bad.group()) - 0xDC00:02x} at column {bad.start() + 1}); "
                            "re-encode the line as UTF-8 [encoding]")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(where, "malformed_json", f"{where}: not valid JSON ({exc.msg})")
            continue
        except (ValueError, RecursionError) as exc:  # a 5,000-digit number, deep nesting
            yield Rejection(where, "malformed_json", f"{where}: not usable JSON "
                            f"({type(exc).__name__}) [malformed_json]")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield Rejection(
                where, "malformed_json", f'{where}: expected an object with a string "text" field'
            )
            continue
        try:
            published = obj.get("published")
            yield article_from_text(
                obj["text"],
                where,
                published=options.published if published in (None, "") else published,
                outlet=text_field(obj, "outlet", where) or options.outlet,
                title=text_field(obj, "title", where),
                url=text_field(obj, "url", where),
                external_id=id_field(obj, where),
                min_words=options.min_words,
            )
        except RejectedInput as exc:
            yield Rejection(exc.source, exc.reason, str(exc))


def read_html(html: str, source: str, options: Options) -> Article:
    """Main text and metadata of one HTML page (trafilatura)."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, favor_precision=True
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text.split()) < options.min_words:
        raise RejectedInput(
            source, "no_article", "no article text found in the HTML page (only navigation, "
            "or an empty page?); pass the article's own page"
        )
    published = options.published or getattr(doc, "date", None)
    outlet = options.outlet or getattr(doc, "sitename", None) or getattr(doc, "hostname", None)
    return article_from_text(
        text,
        source,
        published=published,
        outlet=outlet,
        title=getattr(doc, "title", None),
        url=getattr(doc, "url", None),
        min_words=options.min_words,
    )


def read_feed(data: bytes, source: str, options: Options) -> Iterator[Item]:
    """Entries of an RSS/Atom feed that carry enough text to be articles (feedparser)."""
    import feedparser

    feed = feedparser.parse(data)
    version = getattr(feed, "version", "")
    if not feed.entries:
        reason = getattr(feed, "bozo_exception", None)
        root = _root_element(data)
        detail = (
            f"not an RSS or Atom feed (root element <{root}>)" if not version else "feed has no "
            "entries"
        )
        if reason is not None:
            detail += f": {reason}"
        raise RejectedInput(source, "malformed_feed", detail + "; pass HTML pages as .html")
    feed_title = feed.feed.get("title") if hasattr(feed, "feed") else None
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{source}#{number}"
        body = ""
        if entry.get("content"):
            body = " ".join(c.get("value", "") for c in entry.content)
        body = body or entry.get("summary", "")
        text = _strip_html(body)
        published = None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            try:
                published = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
            except ValueError:
                published = f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}"
        try:
            yield article_from_text(
                text,
                where,
                published=options.published or published,
                outlet=options.outlet or feed_title,
                title=entry.get("title"),
                url=entry.get("link"),
                external_id=entry.get("id"),
                min_words=options.min_words,
            )
        except RejectedInput as exc:
            if feed.bozo and exc.reason in ("empty", "too_short"):
                # a broken feed, not a short story: say so, with the parser's reason
                problem = getattr(feed, "bozo_exception", "not well-formed")
                yield Rejection(exc.source, "malformed_feed",
                                f"{exc.source}: entry without usable text in a malformed feed "
                                f"({problem}) [malformed_feed]")
            else:
                yield Rejection(exc.source, exc.reason, str(exc))


def _strip_html(fragment: str) -> str:
    """Plain text of an HTML fragment, keeping paragraph breaks."""
    if "<" not in fragment:
        return fragment
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - malformed fragments fall back to a regex strip
        return re.sub(r"<[^>]+>", " ", fragment)
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    return root.text_content()


def _root_element(data: bytes) -> str:
    match = re.search(rb"<([A-Za-z][\w:.-]*)", re.sub(rb"<[?!][^>]*>", b"", data[:4096]))
    return match.group(1).decode("ascii", "replace") if match else "none"
