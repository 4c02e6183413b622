"""A loaded-language marker's confidence: whether a span counts as right, calibration by kind
of span, and the profile threshold chosen on out-of-fold spans."""

from __future__ import annotations

import pytest

from newsledger.learn import loaded_language_confidence as confidence
from newsledger.learn.calibration import Calibrator
from newsledger.learn.loaded_language_confidence import LEXICON, TAGGER, Scored

GOLD = [(10, 20), (15, 30), (50, 60)]


@pytest.mark.parametrize(
    ("start", "end", "right"),
    [
        (10, 20, True),  # the gold span itself
        (12, 28, True),  # inside two overlapping gold spans, merged
        (25, 35, True),  # half inside
        (26, 36, False),  # under half inside
        (35, 45, False),  # between gold spans: nothing inside
        (70, 80, False),  # after them all
        (5, 5, False),  # an empty span is never right
    ],
)
def test_a_span_is_right_when_half_of_it_is_gold(start: int, end: int, right: bool) -> None:
    assert confidence.is_right(GOLD, start, end) is right


def test_no_gold_makes_every_span_wrong() -> None:
    assert confidence.is_right([], 0, 10) is False


IDENTITY = Calibrator((0.0, 1.0), (0.0, 1.0))
TRAIN = {
    TAGGER: Scored([0.2, 0.6, 0.7, 0.9], [False, False, True, True]),
    LEXICON: Scored([0.3, 0.5], [False, True]),
}


@pytest.mark.parametrize(
    ("precision", "threshold", "counted"),
    [
        # every span that would be a marker: tagger 0.6, 0.7, 0.9 (0.2 is under the marker
        # cut), lexicon 0.3, 0.5: 3 of 5 right
        (0.6, 0.0, 5),
        (0.7, 0.4, 4),  # 0.5, 0.6, 0.7, 0.9: 3 of 4
        (1.0, 0.7, 2),
    ],
)
def test_the_profile_threshold_is_the_lowest_cut_that_reaches_the_precision(
    precision: float, threshold: float, counted: int
) -> None:
    cals = {TAGGER: IDENTITY, LEXICON: IDENTITY}
    grid = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    chosen = confidence.choose_threshold(TRAIN, cals, 0.5, precision, grid)
    assert (chosen["threshold"], chosen["counted"]) == (threshold, counted)


def test_no_cut_reaching_the_precision_counts_nothing() -> None:
    cals = {TAGGER: IDENTITY, LEXICON: IDENTITY}
    train = {TAGGER: Scored([0.9], [False]), LEXICON: Scored([], [])}
    chosen = confidence.choose_threshold(train, cals, 0.5, 0.5, [0.5, 0.9])
    assert chosen["counted"] == 0 and chosen["precision"] is None


def test_calibrators_are_fitted_per_kind_and_judged_against_the_confidence_shipped_before():
    cals = confidence.fit(TRAIN)
    assert set(cals) == {TAGGER, LEXICON}
    assert cals[TAGGER](0.95) == 0.99 and cals[TAGGER](0.1) == 0.01  # never certain
    dev = {TAGGER: Scored([0.9], [True]), LEXICON: Scored([0.2, 0.3], [False, False])}
    figures = confidence.dev_figures(dev, cals, floor=0.5)
    assert figures[LEXICON]["n"] == 2 and figures[LEXICON]["right"] == 0
    # before: a lexicon span was at least the floor, 0.5, and both were wrong; calibrated,
    # the two are at 0.01 (the train spans under 0.5 were wrong)
    assert figures[LEXICON]["ece_raw"] == 0.5 and figures[LEXICON]["ece"] == 0.01
    assert figures[TAGGER]["reliability"] == [
        {"bin": "0.9-1.0", "n": 1, "confidence": 0.99, "accuracy": 1.0}
    ]
