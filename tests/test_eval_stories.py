"""The BASIL story-grouping scorer: pairwise arithmetic and the data reader."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from newsledger.eval import GOLD_SETS
from newsledger.eval import stories as scorer

GOLD = {"a1": "t1", "a2": "t1", "a3": "t1", "b1": "t2", "b2": "t2", "b3": "t2"}


@pytest.mark.parametrize(
    ("groups", "tp", "fp", "fn", "full"),
    [
        ([("a1", "a2", "a3"), ("b1", "b2", "b3")], 6, 0, 0, 1.0),
        ([("a1", "a2"), ("b1",), ("b2", "b3")], 2, 0, 4, 0.0),
        ([("a1", "b1")], 0, 1, 6, 0.0),
        ([], 0, 0, 6, 0.0),  # nothing linked: nothing found
        ([("a1", "a2", "a3", "b1")], 3, 3, 3, 0.5),
        ([("a1", "zz")], 0, 0, 6, 0.0),  # articles outside the gold set are ignored
    ],
)
def test_score_pairs(groups, tp: int, fp: int, fn: int, full: float) -> None:
    stories = [SimpleNamespace(articles=g) for g in groups]
    pairs, fully, counts = scorer.score_pairs(GOLD, stories)  # type: ignore[arg-type]
    assert (pairs.tp, pairs.fp, pairs.fn) == (tp, fp, fn)
    assert fully == full
    assert counts["gold_pairs"] == 6


def test_load_reads_basil_layout_and_limits_triplets(tmp_path: Path) -> None:
    for trip in ("t1", "t2"):
        for k, outlet in enumerate(("fox", "NYT", "hpo"), start=1):
            doc = {
                "triplet-uuid": trip,
                "source": outlet,
                "date": "2014-03-0" + str(k),
                "title": f"{trip} {outlet}",
                "body-paragraphs": [[f"The {outlet} report on event {trip} says many things."]],
            }
            (tmp_path / f"{trip}_{k}.json").write_text(json.dumps(doc), encoding="utf-8")
    items = scorer.load(tmp_path)
    assert len(items) == 6 and {t for _, t in items} == {"t1", "t2"}
    assert {a.outlet for a, _ in items} == {"fox", "nyt", "hpo"}
    assert len(scorer.load(tmp_path, limit=1)) == 3


def test_registered() -> None:
    assert GOLD_SETS["basil-stories"] == "newsledger.eval.stories"
