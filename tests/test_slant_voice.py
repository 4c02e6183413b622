"""Whose words a span is: the span index the slant stage asks instead of scanning every
attribution and mention (issue 16: every stage linear in the article's length)."""

from __future__ import annotations

import random
import time

import pytest

from newsledger.extract.slant_voice import Overlaps

SPANS = [(0, 5), (3, 40), (10, 12), (12, 20), (50, 51), (45, 60)]


def _brute(spans, start, end):
    return [s for s in spans if s[0] < end and start < s[1]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ((4, 11), [(0, 5), (3, 40), (10, 12)]),
        ((12, 13), [(3, 40), (12, 20)]),
        ((50, 52), [(50, 51), (45, 60)]),
        ((40, 45), []),  # between spans: nothing
        ((60, 90), []),  # after them all: nothing
        ((5, 5), [(3, 40)]),  # an empty query inside a span
    ],
)
def test_overlaps_finds_the_spans_a_query_overlaps_in_their_given_order(query, expected):
    index = Overlaps(SPANS, lambda s: s)
    assert index.overlapping(*query) == expected == _brute(SPANS, *query)


def test_overlaps_agrees_with_a_scan_on_random_spans():
    rng = random.Random(7)
    spans = [(a, a + rng.randint(0, 30)) for a in (rng.randint(0, 2000) for _ in range(400))]
    index = Overlaps(spans, lambda s: s)
    for _ in range(2000):
        a = rng.randint(0, 2100)
        b = a + rng.randint(0, 40)
        assert index.overlapping(a, b) == _brute(spans, a, b)
    assert Overlaps([], lambda s: s).overlapping(0, 10) == []


def test_overlaps_answers_many_queries_in_time_that_does_not_grow_with_the_spans():
    # 60,000 short spans (mentions of a 300,000-character article) and as many queries:
    # a scan per query would be 3.6e9 comparisons
    spans = [(5 * i, 5 * i + 3) for i in range(60_000)]
    index = Overlaps(spans, lambda s: s)
    start = time.perf_counter()
    hits = sum(len(index.overlapping(5 * i + 1, 5 * i + 2)) for i in range(60_000))
    assert hits == 60_000
    assert time.perf_counter() - start < 5.0
