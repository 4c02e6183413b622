"""The realnews-dev story check: pair arithmetic, the index reader, and a tiny synthetic set
merged for real (no model)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from newsledger.eval import Report
from newsledger.eval import realnews_stories as check
from newsledger.model import (
    Analysis,
    Article,
    Event,
    EventType,
    Evidence,
    Participant,
    Place,
    When,
)

GROUPS = {"01": "G1", "02": "G1", "03": "G1", "04": "G2", "05": "G2", "06": "single-x"}


@pytest.mark.parametrize(
    ("stories", "merged", "wrong", "full"),
    [
        ([("01", "02", "03"), ("04", "05")], 4, 0, ("G1", "G2")),
        ([("01", "02"), ("03",), ("04", "05")], 2, 0, ("G2",)),
        ([("01", "04"), ("02", "03")], 1, 1, ()),
        ([], 0, 0, ()),  # nothing merged: nothing found, nothing wrong
        ([("05", "06")], 0, 1, ()),  # an article standing alone joined to a group
        ([("01", "zz", "02")], 1, 0, ()),  # articles outside the set are ignored
    ],
)
def test_check(stories: list[tuple[str, ...]], merged: int, wrong: int, full: tuple) -> None:
    result = check.check(GROUPS, [SimpleNamespace(articles=s) for s in stories])  # type: ignore[misc]
    assert (len(result.merged), len(result.wrong), result.full) == (merged, wrong, full)
    assert len(result.merged) + len(result.missed) == 4 and result.groups == 2
    assert result.pairs.fp == wrong


def test_load_groups(tmp_path: Path) -> None:
    rows = [{"file": "01.txt", "group": "G1"}, {"file": "02.txt", "group": "single-a"}, {}]
    (tmp_path / "index.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert check.load_groups(tmp_path / "gold.jsonl") == {"01.txt": "G1", "02.txt": "single-a"}
    assert check.load_groups(tmp_path) == check.load_groups(tmp_path / "gold.jsonl")
    assert check.load_groups(None) == {} and check.load_groups(tmp_path / "none" / "x") == {}


def strike(article: str, source: str, city: str, day: dt.date) -> Event:
    """An air strike on Ukraine in `city` on `day`, as one article reports it."""
    text = f"{source} struck {city} on Sunday."
    ev = Evidence(article, 0, 0, len(text), text, "test@1")
    lat, lon = {"Sumy": (50.9, 34.8), "Kharkiv": (50.0, 36.2)}[city]
    place = Place(city, "UKR", lat, lon, "city", ev, gazetteer_id=city.lower())
    return Event(
        id=f"{article}-e", type=EventType("ASSAULT"), trigger="struck", evidence=ev,
        source=(Participant(source, source, "source"),),
        target=(Participant("UKR", "Ukraine", "target"),),
        where=place, when=When(day, day, "day", "on Sunday"),
    )  # fmt: skip


def analysis(name: str, published: dt.date, *events: Event) -> Analysis:
    return Analysis(Article(name, "x", outlet=name, published=published), events=events)


def test_add_to_merges_for_real(tmp_path: Path) -> None:
    rows = [{"file": f, "group": g} for f, g in (("a", "G7"), ("b", "G7"), ("c", "single-c"))]
    (tmp_path / "index.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    day = dt.date(2025, 4, 13)
    analyses = [
        analysis("a", day, strike("a", "RUS", "Sumy", day)),
        analysis("b", day, strike("b", "RUSMIL", "Sumy", day)),
        # a strike on another city a month later: another story
        analysis("c", day, strike("c", "RUS", "Kharkiv", day + dt.timedelta(days=30))),
    ]
    report = Report("realnews-dev", 3)
    result = check.add_to(report, ["a", "b", "c"], analyses, tmp_path)
    assert result.merged == (("a", "b"),) and result.wrong == () and result.full == ("G7",)
    assert report.headline["story_pair_recall"] == 1.0
    assert report.headline["story_groups_fully_linked"] == 1.0
    assert any("share a story when any story holds events of both" in n for n in report.notes)
    # a limited run scores only the articles it analysed
    small = check.add_to(Report("realnews-dev", 1), ["a"], analyses[:1], tmp_path)
    assert small.groups == 0 and small.missed == ()
