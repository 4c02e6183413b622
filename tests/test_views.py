"""The web UI's aggregations (newsledger/web/views.py), on record dicts; no server."""

from __future__ import annotations

from typing import Any

import pytest

from newsledger.web import views
from tests.webdata import demo_analyses


def span(i: int, kind: str, start: int, end: int) -> dict[str, Any]:
    return {"id": i, "kind": kind, "start": start, "end": end}


@pytest.mark.parametrize(("text", "spans", "expected"), [
    ("plain text", [], [("plain text", [])]),
    ("abcdef", [span(0, "mention", 2, 4)], [("ab", []), ("cd", ["mention"]), ("ef", [])]),
    # A mention inside an attributed scope: flat pieces, each listing what covers it.
    ("abcdef", [span(0, "scope", 0, 6), span(1, "mention", 2, 4)],
     [("ab", ["scope"]), ("cd", ["scope", "mention"]), ("ef", ["scope"])]),
    # Partly overlapping trigger and marker.
    ("abcdef", [span(0, "marker", 1, 4), span(1, "trigger", 3, 5)],
     [("a", []), ("bc", ["marker"]), ("d", ["trigger", "marker"]), ("e", ["trigger"]),
      ("f", [])]),
    ("", [], []),
])
def test_segments(text: str, spans: list[dict[str, Any]],
                  expected: list[tuple[str, list[str]]]) -> None:
    out = views.segments(text, spans)
    assert [(s["text"], s["kinds"]) for s in out] == expected
    assert "".join(s["text"] for s in out) == text


@pytest.mark.parametrize(("intervals", "covered"), [
    ([], 0), ([(0, 10)], 10), ([(0, 10), (5, 15)], 15), ([(0, 5), (10, 15)], 10),
    ([(0, 10), (2, 3)], 10),
])
def test_covered(intervals: list[tuple[int, int]], covered: int) -> None:
    assert views._covered(intervals) == covered


@pytest.mark.parametrize(("value", "form"), [
    ("the Israeli regime (3)", {"text": "the Israeli regime", "count": 3}),
    ("Israel (1)", {"text": "Israel", "count": 1}),
    ("Hay'at Tahrir al-Sham (HTS)", {"text": "Hay'at Tahrir al-Sham (HTS)", "count": None}),
    ("plain", {"text": "plain", "count": None}),
])
def test_form(value: str, form: dict[str, Any]) -> None:
    assert views._form(value) == form


def test_annotations_and_profile_of_a_fresh_analysis() -> None:
    analysis = demo_analyses()[0]
    d = analysis.to_dict()
    spans = views.annotations(d, analysis.article.text)
    kinds = {s["kind"] for s in spans}
    assert kinds == {"mention", "trigger", "cue", "scope", "marker"}
    for s in spans:
        assert 0 <= s["start"] < s["end"] <= len(analysis.article.text)
    p = views.profile(d, analysis.article.text)
    assert p["events"] == 4 and p["events_own_voice"] == 2 and p["own_voice_share"] == 0.5
    assert dict(p["markers"]) == {"delegitimising_name": 1, "intensifier": 1}
    israel = next(a for a in p["naming"] if a["actor"] == "ISRGOV")
    assert {f["text"]: f["loaded"] for f in israel["forms"]} == {
        "Israeli": False, "The Israeli regime": True}


@pytest.mark.parametrize(("confidences", "counted", "below"), [
    ([None, None], 2, 0),   # rules-only markers carry no confidence: all count
    ([0.99, 0.001], 1, 1),  # under the shipped threshold: highlighted, not counted
    ([0.001, 0.001], 0, 2),
])
def test_profile_counts_markers_at_the_threshold(
    confidences: list[float | None], counted: int, below: int
) -> None:
    markers = [{"category": "intensifier", "confidence": c} for c in confidences]
    d = {"events": [], "claims": [], "markers": markers, "attributions": []}
    p = views.profile(d, "Some text.")
    assert p["markers_total"] == counted and p["markers_below_threshold"] == below


def test_nothing_found_gives_empty_views() -> None:
    d = {"id": "x", "article": {}, "actors": [], "events": [], "claims": [], "markers": [],
         "places": [], "attributions": []}
    assert views.annotations(d, "Some text.") == []
    p = views.profile(d, "Some text.")
    assert p["own_voice_share"] is None and p["markers"] == [] and p["naming"] == []
    assert views.graph([]) == {"nodes": [], "edges": [], "types": []}
    assert views.places([]) == []
    assert views.timeline([]) == {"lanes": [], "min": None, "max": None, "undated": 0}
    assert views.outlet_comparison([], [], [], []) == {"outlets": [], "summary": [],
                                                       "actors": []}


def test_flat_event_from_a_record_and_aggregates() -> None:
    analyses = demo_analyses()
    rows = [views.flat_event(e, a.to_dict()["article"])
            for a in analyses for e in a.to_dict()["events"]]
    assert len(rows) == 9
    denied = next(r for r in rows if r["status"] == "denied")
    assert denied["own_voice"] is False and denied["source"] == ["ISRMIL"]
    assert denied["place"] == "Damascus" and denied["date"] == "2025-09-18"
    g = views.graph(rows)
    assert {"source": "ISRGOV", "target": "SYRGOV", "type": "CONSULT", "count": 1} in g["edges"]
    assert views.graph(rows, type_="PROTEST")["types"] == ["PROTEST"]
    pts = {p["place"]: p["count"] for p in views.places(rows)}
    assert pts == {"London": 3, "Damascus": 2, "Sweida": 2}
    t = views.timeline(rows)
    assert t["undated"] == 1 and t["min"] == "2025-09-17" and t["max"] == "2025-12-31"
