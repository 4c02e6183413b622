"""What an input carries besides its text, checked: publication dates, metadata fields from
JSON (any type may arrive), Unicode that cannot be stored (lone surrogates), and file names
that cannot be printed on one line.

The rules, for every way in (CLI, Python API, HTTP API, JSONL lines):
- `published` is a date, a datetime, or a string holding a full calendar date (ISO 8601, or a
  written date with day, month and a four-digit year such as "19 September 2025" or an RFC 2822
  feed stamp) between 1800-01-01 and 2100-12-31; anything else is refused as `bad_date`, never
  guessed.
- `title`, `outlet` and `url` are strings or null; `id` is a string or an integer (kept as its
  decimal string). Any other JSON type is refused as `bad_field`, naming the field and type.
- Lone surrogate code points (which JSON's \\ud800 escapes can carry and UTF-8 cannot store) are
  replaced by U+FFFD in texts and fields alike.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .errors import RejectedInput

EARLIEST = dt.date(1800, 1, 1)
LATEST = dt.date(2100, 12, 31)
_MAX_DATE_CHARS = 64  # a written date is short; longer strings are not dates

_SURROGATE = re.compile("[\ud800-\udfff]")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}([T ].*)?")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_LETTERS = re.compile(r"[A-Za-z]{3,}")
# all-number dates other than ISO (07/08/2025, 7.8.2025, 07-08-25): US or day-first order?
_NUMERIC = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")


def parse_date(value: Any) -> dt.date | None:
    """A publication date from a date, datetime or date string; None when absent.

    Raises ValueError, naming the value and what is expected, for anything that is not a
    real calendar date in range.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return _in_range(value.date(), value)
    if isinstance(value, dt.date):
        return _in_range(value, value)
    if not isinstance(value, str):
        raise ValueError(f"publication date {_show(value)} is a {_json_type(value)}, not a date "
                         "string; expected e.g. 2025-09-19")
    text = scrub(value).strip()
    if len(text) > _MAX_DATE_CHARS:
        raise ValueError(f"publication date {_show(text)} is too long to be a date; "
                         "expected e.g. 2025-09-19")
    if _ISO.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            raise ValueError(f"publication date {_show(text)} is not a calendar date; "
                             "expected e.g. 2025-09-19") from None
        return _in_range(day, text)
    if _NUMERIC.fullmatch(text):
        raise ValueError(f"publication date {_show(text)} is ambiguous: an all-number date reads "
                         "day-first in some places and month-first in others; give it as "
                         "YYYY-MM-DD, e.g. 2025-09-19")
    return _in_range(_written_date(text), text)


def _written_date(text: str) -> dt.date:
    """A written date ("19 September 2025", "Tue, 04 Mar 2025 10:00:00 GMT"): day, month and
    a four-digit year must all be there, and the year read must be the year written."""
    years = _YEAR.findall(text)
    if len(years) != 1 or not _LETTERS.search(text):
        raise ValueError(f"cannot read {_show(text)} as a date; expected e.g. 2025-09-19")
    import dateparser  # slow import; only for non-ISO dates

    try:
        parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False,
                                                  "STRICT_PARSING": True})
    except (ValueError, OverflowError, TypeError):  # dateparser's own trouble with odd input
        parsed = None
    if parsed is None or parsed.year != int(years[0]):
        raise ValueError(f"cannot read {_show(text)} as a date; expected e.g. 2025-09-19")
    return parsed.date()


def _in_range(day: dt.date, given: Any) -> dt.date:
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"publication date {_show(str(given))} is outside {EARLIEST} to "
                         f"{LATEST}; give the article's real date")
    return day


def published_or_refuse(value: Any, source: str) -> dt.date | None:
    """`parse_date`, with a bad value refused as `bad_date`."""
    try:
        return parse_date(value)
    except ValueError as exc:
        raise RejectedInput(source, "bad_date", str(exc)) from exc


def text_field(obj: dict[str, Any], name: str, source: str) -> str | None:
    """A string (or absent) metadata field of a JSON object; other types are `bad_field`."""
    value = obj.get(name)
    if value is None or isinstance(value, str):
        return scrub(value) if value else None
    raise RejectedInput(source, "bad_field", f'"{name}" is a {_json_type(value)} '
                        f"({_show(value)}); expected a string or null")


def id_field(obj: dict[str, Any], source: str) -> str | None:
    """The `id` field: a string or an integer (kept as its decimal string)."""
    value = obj.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return text_field(obj, "id", source)


def scrub(text: str) -> str:
    """The text with lone surrogate code points replaced by U+FFFD (pairs are joined)."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(name: str) -> str:
    """A file name fit for a one-line message: control characters, line separators and
    undecodable bytes (surrogate escapes) written as backslash escapes."""
    if _SURROGATE.search(name):
        name = name.encode("utf-8", "backslashreplace").decode("utf-8")
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), name)


def _json_type(value: Any) -> str:
    names = {bool: "boolean", int: "number", float: "number", list: "list", dict: "object",
             str: "string"}
    return names.get(type(value), type(value).__name__)


def _show(value: Any, limit: int = 40) -> str:
    text = repr(value) if not isinstance(value, str) else repr(scrub(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"
