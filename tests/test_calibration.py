"""Calibrated confidence: isotonic fit, its shipped form, and the ECE that judges it."""

from __future__ import annotations

import pytest

from newsledger.learn.calibration import Calibrator, ece, fit, reliability


def test_a_perfectly_calibrated_score_has_no_error():
    probs = [0.05] * 20 + [0.95] * 20
    right = [i == 0 for i in range(20)] + [i != 0 for i in range(20)]
    assert ece(probs, right) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize(("probs", "right", "want"), [
    ([0.9] * 10, [True] * 5 + [False] * 5, 0.4),  # overconfident by 0.4
    ([0.1] * 10, [True] * 10, 0.9),
    ([], [], 0.0),  # nothing to judge
])
def test_ece_is_the_gap_between_confidence_and_accuracy(probs, right, want):
    assert ece(probs, right) == pytest.approx(want)


def test_reliability_bins_hold_counts_confidence_and_accuracy():
    rows = reliability([0.15, 0.15, 0.95, 1.0], [False, True, True, True])
    assert rows == [{"bin": "0.1-0.2", "n": 2, "confidence": 0.15, "accuracy": 0.5},
                    {"bin": "0.9-1.0", "n": 2, "confidence": 0.975, "accuracy": 1.0}]


def test_isotonic_fit_maps_an_overconfident_score_down_and_keeps_order():
    # raw scores near 0.9 are right half the time, scores near 0.99 always
    scores = [0.9] * 10 + [0.99] * 10
    right = [True, False] * 5 + [True] * 10
    cal = fit(scores, right)
    assert cal(0.9) == pytest.approx(0.5, abs=0.01)
    assert cal(0.99) == pytest.approx(1.0, abs=0.01)
    assert cal(0.5) <= cal(0.9) <= cal(0.95) <= cal(0.99)
    assert ece([cal(s) for s in scores], right) < ece(scores, right)


@pytest.mark.parametrize("data", [None, {}, {"x": [0.1, 0.2], "y": [0.3]}])
def test_a_missing_or_broken_calibration_is_none(data):
    assert Calibrator.from_dict(data) is None


def test_the_shipped_form_round_trips():
    cal = Calibrator((0.0, 0.5, 1.0), (0.1, 0.4, 0.9))
    again = Calibrator.from_dict(cal.to_dict())
    assert again == cal and again(0.75) == pytest.approx(0.65)


def test_a_fit_on_nothing_is_the_identity():
    # event_type without NONE rows has no detected events to calibrate
    cal = fit([], [])
    assert cal.xs == () and cal(0.37) == pytest.approx(0.37)
