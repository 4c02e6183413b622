"""Time expressions: resolve "on Wednesday", "in August", "last year", "by the end of 2026"
against an article's publication date, with a precision.

Method: hand rules for the relative expressions wire copy uses (weekday names, month names,
this/last/next year/month/week, N units ago, recent months, the end of a period), in the spirit
of TimeML's anchoring of relative dates to the document creation time; dateparser 1.5 only for
explicit calendar dates, and only when the text carries a digit or a month name. Month-level
text never takes the base date's day (a dateparser habit); relative expressions with no
publication date resolve to None, and so does anything not understood: never guess.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .model import When

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "several": 3, "a few": 3, "few": 3,
}  # fmt: skip
_RECENT_DAYS = {"days": 7, "weeks": 31, "months": 92, "years": 3 * 366}

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_RE = "|".join(_WEEKDAYS)
_UNIT_RE = r"(day|week|month|year)s?"
_NUM_RE = r"(\d+|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
_DATE_LIKE = re.compile(rf"\d|\b({_MONTH_RE}|{_DAY_RE}|today|yesterday|tomorrow|year|month|week|"
                        r"recent|recently|ago|decade|weekend|overnight|tonight|night|"
                        r"morning)\b", re.I)  # fmt: skip


def date_like(text: str) -> bool:
    """Cheap test: could `text` be a time expression (so it is worth resolving)?"""
    return bool(_DATE_LIKE.search(text))


def shift(text: str) -> dt.timedelta | None:
    """An exact number of days or weeks ("two days", "a week", "10 days"), else None: the
    distance between two events ("two days ahead of the talks"); vague counts ("several
    days") and months or years (no exact day) give None."""
    m = re.fullmatch(r"(?:just |only |some |about )?(\d+|" + "|".join(
        k for k in _NUMBERS if k not in ("several", "a few", "few")) + r") (day|week)s?",
        text.strip().lower())  # fmt: skip
    if m is None:
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
    return dt.timedelta(days=n * (7 if m.group(2) == "week" else 1))


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _shift_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _past_month(month: int, base: dt.date) -> int:
    """Year of the most recent `month` on or before the base date's month."""
    return base.year if month <= base.month else base.year - 1


def resolve(text: str, published: dt.date | None, future: bool = False) -> When | None:
    """A `When` for the time expression `text`, or None where it cannot be resolved. With
    `future` (a planned or expected event), a bare weekday, month or day is the next one
    rather than the last ("will strike on Friday")."""
    raw = text.strip()
    t = re.sub(r"\s+", " ", raw.lower()).strip(" ,.")
    since = t.startswith("since ")
    t = re.sub(r"^(on|in|at|during|since|from|as of|early|earlier|late|later|the)\s+", "", t)
    t = re.sub(r"^(on|in|the)\s+", "", t)
    end_of = bool(re.match(r"^(by )?(the )?end of ", t))
    by = t.startswith("by ")
    t = re.sub(r"^(by|until|till|before|after) ", "", t)
    t = re.sub(r"^(the )?(end|beginning|start|middle) of (the )?", "", t)
    when = _absolute(t, raw) or (_relative(t, raw, published) if published else None)
    if when is None:
        return None
    if future and published and when.end is not None and when.end < published:
        later = _relative(t, raw, published, ahead=True)
        when = later or when
    if end_of or by:
        return When(None, when.end, "interval", raw)
    if since:
        return When(when.start, published, "interval", raw) if published else None
    return when


def _next_occurrence(t: str, raw: str, base: dt.date) -> When | None:
    if re.fullmatch(r"(this |next |the )?weekend", t):
        saturday = base + dt.timedelta(days=(5 - base.weekday()) % 7)
        return When(saturday, saturday + dt.timedelta(days=1), "interval", raw)
    m = re.fullmatch(rf"({_DAY_RE})( morning| afternoon| evening| night)?", t)
    if m:
        day = base + dt.timedelta(days=(_WEEKDAYS[m.group(1)] - base.weekday()) % 7)
        return When(day, day, "day", raw)
    m = re.fullmatch(rf"({_MONTH_RE})\.?", t)
    if m:
        month = _MONTHS[m.group(1)]
        year = base.year if month >= base.month else base.year + 1
        return When(*_month_span(year, month), "month", raw)
    m = re.fullmatch(rf"({_MONTH_RE})\.? (\d{{1,2}})(st|nd|rd|th)?|(\d{{1,2}})(st|nd|rd|th)? "
                     rf"(?:of )?({_MONTH_RE})\.?", t)  # fmt: skip
    if m:
        month, day_n = _MONTHS[m.group(1) or m.group(6)], int(m.group(2) or m.group(4))
        year = base.year if (month, day_n) >= (base.month, base.day) else base.year + 1
        try:
            day = dt.date(year, month, day_n)
        except ValueError:
            return None
        return When(day, day, "day", raw)
    return None


def _absolute(t: str, raw: str) -> When | None:
    m = re.fullmatch(r"(\d{4})", t)
    if m and 1900 <= int(m.group(1)) <= 2100:
        return When(*_year_span(int(m.group(1))), "year", raw)
    m = re.fullmatch(rf"({_MONTH_RE})\.? (?:of )?(\d{{4}})", t)
    if m:
        return When(*_month_span(int(m.group(2)), _MONTHS[m.group(1)]), "month", raw)
    m = re.fullmatch(r"(\d{4})s", t)
    if m:
        start = int(m.group(1))
        return When(dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "interval", raw)
    if re.search(r"\d{4}", t) and re.search(rf"\b({_MONTH_RE})\b|\d{{4}}-\d\d-\d\d", t):
        return _dateparser(t, raw, None)
    return None


def _relative(t: str, raw: str, base: dt.date, ahead: bool = False) -> When | None:
    """Relative expressions against `base`; `ahead` reads a bare weekday, month or day as the
    next one."""
    if ahead:
        return _next_occurrence(t, raw, base)
    night = _overnight(t, raw, base)
    if night is not None:
        return night
    m = re.fullmatch(r"(last |this |past |the past )?weekend", t)
    if m:
        # the Saturday and Sunday before the base date ("last weekend" on a weekend: the one
        # before it)
        saturday = base - dt.timedelta(days=(base.weekday() - 5) % 7)
        if m.group(1) == "last " and base.weekday() >= 5:
            saturday -= dt.timedelta(weeks=1)
        return When(saturday, saturday + dt.timedelta(days=1), "interval", raw)
    if t in ("today", "this morning", "this afternoon", "this evening", "tonight"):
        return When(base, base, "day", raw)
    if t in ("yesterday", "last night"):
        day = base - dt.timedelta(days=1)
        return When(day, day, "day", raw)
    if t == "tomorrow":
        day = base + dt.timedelta(days=1)
        return When(day, day, "day", raw)
    m = re.fullmatch(
        rf"(last |this |next |past )?({_DAY_RE})( morning| afternoon| evening| night)?", t
    )
    if m:
        back = (base.weekday() - _WEEKDAYS[m.group(2)]) % 7
        if m.group(1) == "next ":
            day = base + dt.timedelta(days=(_WEEKDAYS[m.group(2)] - base.weekday()) % 7 or 7)
        else:
            day = base - dt.timedelta(days=back or (7 if m.group(1) == "last " else 0))
        return When(day, day, "day", raw)
    m = re.fullmatch(rf"({_MONTH_RE})\.?", t)
    if m:
        month = _MONTHS[m.group(1)]
        return When(*_month_span(_past_month(month, base), month), "month", raw)
    m = re.fullmatch(rf"({_MONTH_RE})\.? (\d{{1,2}})(st|nd|rd|th)?|(\d{{1,2}})(st|nd|rd|th)? "
                     rf"(?:of )?({_MONTH_RE})\.?", t)  # fmt: skip
    if m:
        month = _MONTHS[m.group(1) or m.group(6)]
        day_n = int(m.group(2) or m.group(4))
        year = _past_month(month, base)
        if (month, day_n) > (base.month, base.day) and month == base.month:
            year -= 1
        try:
            day = dt.date(year, month, day_n)
        except ValueError:
            return None
        return When(day, day, "day", raw)
    m = re.fullmatch(r"(the past|past) (week|month|year)", t)
    if m:
        # "the past week": the days up to the base date, not the calendar week before it
        days = {"week": 7, "month": 31, "year": 366}[m.group(2)]
        return When(base - dt.timedelta(days=days), base, "interval", raw)
    m = re.fullmatch(r"(last|this|next|the previous|previous) (year|month|week)", t)
    if m:
        step = {"last": -1, "this": 0, "next": 1}.get(m.group(1), -1)
        return _period(m.group(2), step, base, raw)
    if t in ("the year", "year", "the month", "month", "the week", "week"):
        return _period(t.split()[-1], 0, base, raw)
    m = re.fullmatch(rf"{_NUM_RE} {_UNIT_RE} ago", t)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
        unit = m.group(2)
        if unit == "year":
            return When(*_year_span(base.year - n), "year", raw)
        if unit == "month":
            first = _shift_months(base.replace(day=1), -n)
            return When(*_month_span(first.year, first.month), "month", raw)
        day = base - dt.timedelta(days=n * (7 if unit == "week" else 1))
        return When(day, day, "day" if unit == "day" else "interval", raw)
    m = re.fullmatch(r"(recent|the past|past|the last|last|the coming|coming|the next|next) "
                     r"(?:(\d+|few|several|two|three) )?(days|weeks|months|years)", t)  # fmt: skip
    if m:
        span = dt.timedelta(days=_RECENT_DAYS[m.group(3)])
        if m.group(1).endswith(("coming", "next")):
            return When(base, base + span, "interval", raw)
        return When(base - span, base, "interval", raw)
    if t in ("recently", "lately"):
        return When(base - dt.timedelta(days=_RECENT_DAYS["months"]), base, "interval", raw)
    if re.search(rf"\b({_MONTH_RE})\b", t) and re.search(r"\d", t):
        return _dateparser(t, raw, base)
    return None


def _overnight(t: str, raw: str, base: dt.date) -> When | None:
    """ "overnight" in a report: the night before the base date, dated by the day it began;
    "overnight Friday", "overnight Friday into Saturday": the night that began on Friday."""
    if re.fullmatch(rf"({_DAY_RE})\s*(into|to|-)?\s*({_DAY_RE})", t):
        t = "overnight " + t  # "Friday Saturday", "Friday-Saturday": a night across two days
    m = re.fullmatch(rf"overnight(?: on)?(?: ({_DAY_RE}))?(?: night)?(?:\s*(?:into|to|-)?\s*"
                     rf"({_DAY_RE}))?( morning| night)?", t)  # fmt: skip
    if m is None:
        return None
    if m.group(1) is not None:
        day = base - dt.timedelta(days=(base.weekday() - _WEEKDAYS[m.group(1)]) % 7)
    elif m.group(2) is not None:  # "overnight into Saturday": the night began the day before
        day = base - dt.timedelta(days=(base.weekday() - _WEEKDAYS[m.group(2)]) % 7 + 1)
    else:
        day = base - dt.timedelta(days=1)
    return When(day, day, "day", raw)


def _period(unit: str, step: int, base: dt.date, raw: str) -> When:
    if unit == "year":
        return When(*_year_span(base.year + step), "year", raw)
    if unit == "month":
        first = _shift_months(base.replace(day=1), step)
        return When(*_month_span(first.year, first.month), "month", raw)
    monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=step)
    return When(monday, monday + dt.timedelta(days=6), "interval", raw)


def _dateparser(t: str, raw: str, base: dt.date | None) -> When | None:
    """Explicit calendar dates through dateparser (imported lazily: it is slow to load)."""
    import dateparser

    settings: dict = {"PREFER_DATES_FROM": "past", "STRICT_PARSING": True}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    try:
        parsed = dateparser.parse(t, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None
    if parsed is None:
        return None
    day = parsed.date()
    return When(day, day, "day", raw)
