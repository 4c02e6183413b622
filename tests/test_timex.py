"""Time expressions resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from newsledger.timex import date_like, resolve, shift

PUB = dt.date(2025, 9, 19)  # a Friday
D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("on Wednesday", D(2025, 9, 17), D(2025, 9, 17), "day"),
        ("Friday", D(2025, 9, 19), D(2025, 9, 19), "day"),
        ("last Friday", D(2025, 9, 12), D(2025, 9, 12), "day"),
        ("yesterday", D(2025, 9, 18), D(2025, 9, 18), "day"),
        ("in August", D(2025, 8, 1), D(2025, 8, 31), "month"),
        ("in December", D(2024, 12, 1), D(2024, 12, 31), "month"),
        ("July 2025", D(2025, 7, 1), D(2025, 7, 31), "month"),
        ("last year", D(2024, 1, 1), D(2024, 12, 31), "year"),
        ("this year", D(2025, 1, 1), D(2025, 12, 31), "year"),
        ("by the end of 2026", None, D(2026, 12, 31), "interval"),
        ("by the end of the year", None, D(2025, 12, 31), "interval"),
        ("in recent months", D(2025, 6, 19), D(2025, 9, 19), "interval"),
        ("since last year", D(2024, 1, 1), D(2025, 9, 19), "interval"),
        ("three years ago", D(2022, 1, 1), D(2022, 12, 31), "year"),
        ("September 12, 2025", D(2025, 9, 12), D(2025, 9, 12), "day"),
        ("12 September 2025", D(2025, 9, 12), D(2025, 9, 12), "day"),
        ("in 1994", D(1994, 1, 1), D(1994, 12, 31), "year"),
        # a night is dated by the day it began
        ("overnight", D(2025, 9, 18), D(2025, 9, 18), "day"),
        ("overnight Wednesday", D(2025, 9, 17), D(2025, 9, 17), "day"),
        ("overnight Thursday Friday", D(2025, 9, 18), D(2025, 9, 18), "day"),
        ("overnight into Friday", D(2025, 9, 18), D(2025, 9, 18), "day"),
        ("Thursday-Friday", D(2025, 9, 18), D(2025, 9, 18), "day"),
        ("last night", D(2025, 9, 18), D(2025, 9, 18), "day"),
        # the days up to the publication date, and weekends
        ("the past week", D(2025, 9, 12), D(2025, 9, 19), "interval"),
        ("last week", D(2025, 9, 8), D(2025, 9, 14), "interval"),
        ("last weekend", D(2025, 9, 13), D(2025, 9, 14), "interval"),
        ("earlier this month", D(2025, 9, 1), D(2025, 9, 30), "month"),
    ],
)
def test_resolve(text: str, start: dt.date | None, end: dt.date, precision: str) -> None:
    when = resolve(text, PUB)
    assert when is not None
    assert (when.start, when.end, when.precision) == (start, end, precision)
    assert when.text == text


@pytest.mark.parametrize("text", ["on Wednesday", "in August", "last year", "in recent months"])
def test_relative_needs_a_publication_date(text: str) -> None:
    assert resolve(text, None) is None


@pytest.mark.parametrize("text", ["several occasions", "the past", "soon", "a long time", ""])
def test_not_understood_is_none(text: str) -> None:
    assert resolve(text, PUB) is None


def test_month_precision_never_copies_the_day() -> None:
    when = resolve("March 2024", PUB)
    assert when is not None and when.start == D(2024, 3, 1) and when.precision == "month"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("on Monday", True), ("last year", True), ("the talks", False), ("hundreds", False)],
)
def test_date_like(text: str, expected: bool) -> None:
    assert date_like(text) is expected


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("on Friday", "2025-06-27", "2025-06-27"),  # published Wednesday 2025-06-25
        ("in March", "2026-03-01", "2026-03-31"),
        ("on July 4", "2025-07-04", "2025-07-04"),
        ("next week", "2025-06-30", "2025-07-06"),  # already ahead
        ("last year", "2024-01-01", "2024-12-31"),  # stays in the past
    ],
)
def test_future_events_take_the_next_day_or_month(text: str, start: str, end: str) -> None:
    when = resolve(text, dt.date(2025, 6, 25), future=True)
    assert when is not None
    assert (when.start, when.end) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))


def test_weekend_ahead() -> None:
    """A planned event "at the weekend" is the coming one."""
    when = resolve("at the weekend", PUB, future=True)
    assert when is not None and (when.start, when.end) == (D(2025, 9, 20), D(2025, 9, 21))


@pytest.mark.parametrize("text", ["overnight Friday soon", "the night", "two hours", "weekends"])
def test_not_a_date(text: str) -> None:
    assert resolve(text, PUB) is None


@pytest.mark.parametrize(
    ("text", "days"),
    [("two days", 2), ("just two days", 2), ("a week", 7), ("10 days", 10), ("three weeks", 21),
     ("several days", None), ("two months", None), ("Monday", None)],
)  # fmt: skip
def test_shift(text: str, days: int | None) -> None:
    out = shift(text)
    assert (out.days if out is not None else None) == days
