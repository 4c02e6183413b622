"""model: records serialise to the JSON contract and come back unchanged."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from newsledger.model import Analysis, Event, analysis_from_dict, from_dict, to_dict

from .test_store import make_analysis


def test_analysis_round_trips_through_json() -> None:
    original = make_analysis("a" * 32, "Wire", dt.date(2025, 9, 17))
    data = json.loads(json.dumps(original.to_dict()))
    again = analysis_from_dict(data, original.article.text)
    assert again == original


@pytest.mark.model
def test_a_real_analysis_round_trips(sample_text: str) -> None:
    import newsledger

    original: Analysis = newsledger.analyze(sample_text, published="2025-09-19", outlet="X")
    again = analysis_from_dict(json.loads(json.dumps(original.to_dict())), original.article.text)
    assert again.events == original.events
    assert again.markers == original.markers
    assert set(again.mentions) == set(original.mentions)


def test_from_dict_keeps_none_and_empty() -> None:
    event = make_analysis("b" * 32, "Wire", dt.date(2025, 9, 17)).events[0]
    assert from_dict(Event, to_dict(event)) == event
    assert from_dict(Event | None, None) is None
