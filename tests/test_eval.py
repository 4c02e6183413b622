"""The CI quality gate: event coding on the development gold sets stays above its floors."""

from __future__ import annotations

import json

import pytest

from newsledger.eval import GOLD_SETS, Report, Score
from newsledger.eval.gold import (
    GoldSentence,
    below_floor,
    data_dir,
    dedupe,
    floors,
    format_report,
    report_to_dict,
    run,
    sentence_key,
)
from newsledger.eval.petrarch_dict import parse_dictionary

needs_data = pytest.mark.skipif(data_dir() is None, reason="development data not found")


def test_event_gold_sets_have_floors() -> None:
    assert {"plover-gsr", "petr2-gsr", "petr-unittest"} <= set(floors()) <= set(GOLD_SETS)


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "p", "r"), [(3, 1, 0, 0.75, 1.0), (0, 0, 0, 0.0, 0.0), (1, 1, 1, 0.5, 0.5)]
)
def test_score_arithmetic(tp: int, fp: int, fn: int, p: float, r: float) -> None:
    s = Score("x", tp, fp, fn)
    assert (s.precision, s.recall) == (p, r)


def test_dedupe_across_sets() -> None:
    a = GoldSentence("a", "Israel and Syria met.", None, {})
    b = GoldSentence("b", "ISRAEL and  Syria met", None, {})
    c = GoldSentence("c", "Turkey attacked.", None, {})
    assert [x.id for x in dedupe([a, b, c])] == ["a", "c"]
    assert [x.id for x in dedupe([c], exclude={sentence_key("Turkey attacked")})] == []


def test_report_formats() -> None:
    report = Report("demo", 2, fields=[Score("f", 1, 0, 1)], headline={"macro_f1": 0.5})
    table = format_report(report)
    assert "demo: 2 items" in table and "macro_f1" in table
    assert json.loads(json.dumps(report_to_dict(report)))["headline"] == {"macro_f1": 0.5}
    assert below_floor(report) == []


def test_unknown_gold_set() -> None:
    with pytest.raises(KeyError, match="known sets"):
        run("no-such-set")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ARNOR_  [ARN]\n+ARNORIAN\n", {("arnor",): "ARN", ("arnorian",): "ARN"}),
        (
            "UNITED_NATIONS [UNO] # comment\n+U.N.\n",
            {("united", "nations"): "UNO", ("u.n.",): "UNO"},
        ),
        ("FOREIGN_MINISTER [~GOVFRM] # x\n", {("foreign", "minister"): "GOVFRM"}),
        ("GOLLUM\n+SMEAGOL\n\t[HOB < 950601]\n", {("gollum",): "HOB", ("smeagol",): "HOB"}),
        ("<!-- only a comment -->\n", {}),
    ],
)
def test_petrarch_dictionary(text: str, expected: dict) -> None:
    assert parse_dictionary(text) == expected


@needs_data
@pytest.mark.slow
@pytest.mark.model
@pytest.mark.parametrize("name", list(floors()))
def test_gold_set_above_floor(name: str, gold_report) -> None:  # noqa: ANN001
    report = gold_report(name)
    assert report.items > 0
    assert below_floor(report) == [], format_report(report)
