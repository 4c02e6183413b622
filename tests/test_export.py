"""Exports: JSONL, Parquet, GDELT- and ACLED-shaped CSV from event rows."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from newsledger import export

ADDED = dt.datetime(2025, 9, 20, 12, 0, 0, tzinfo=dt.UTC)


def row(**over) -> dict:
    base = {
        "id": "0123456789abcdef-e1",
        "type": {
            "plover": "ASSAULT",
            "mode": "aerial",
            "cameo": "195",
            "acled_type": "Explosions/Remote violence",
            "acled_subtype": "Air/drone strike",
        },
        "trigger": "struck",
        "evidence": {
            "article_id": "0123456789abcdef0123",
            "sentence": 0,
            "start": 10,
            "end": 16,
            "text": "Israeli jets struck a building in Gaza City on Tuesday.",
            "extractor": "events@1",
        },
        "source": [{"actor_id": "ISRMIL", "mention": "Israeli jets", "role": "source"}],
        "target": [{"actor_id": "PSECVL", "mention": "residents", "role": "target"}],
        "others": [],
        "where": {
            "name": "Gaza City",
            "country": "PSE",
            "lat": 31.5,
            "lon": 34.47,
            "precision": "city",
            "gazetteer_id": "geonames:281133",
        },
        "when": {
            "start": "2025-09-16",
            "end": "2025-09-16",
            "precision": "day",
            "text": "on Tuesday",
        },
        "status": "occurred",
        "certainty": "reported",
        "negated": False,
        "attribution": {
            "chain": [
                {"name": "Daily", "actor_id": None, "kind": "outlet"},
                {"name": "the health ministry", "actor_id": None, "kind": "official"},
            ],
            "cue": "said",
            "quote": None,
            "own_voice": False,
        },
        "quantities": [
            {
                "value": 12.0,
                "unit": "people",
                "text": "at least 12 people",
                "hedge": "at least",
                "kind": "fatalities",
                "low": 12.0,
                "high": None,
            },
            {
                "value": 3.0,
                "unit": "buildings",
                "text": "three buildings",
                "hedge": None,
                "kind": "count",
                "low": None,
                "high": None,
            },
        ],
        "article_id": "0123456789abcdef0123",
        "outlet": "Daily",
        "published": "2025-09-17",
        "url": "https://example.org/a",
    }
    base.update(over)
    return base


TALKS = row(
    id="fedcba9876543210-e2",
    type={
        "plover": "CONSULT",
        "mode": None,
        "cameo": "043",
        "acled_type": None,
        "acled_subtype": None,
    },
    source=[{"actor_id": "USAGOV", "mention": "Washington", "role": "source"}],
    target=[{"actor_id": "person:x", "mention": "the envoy", "role": "target"}],
    where=None,
    when=None,
    quantities=[],
    attribution=None,
)
PLANNED = row(id="aa-e3", status="planned")
UNCODED = row(id="bb-e4", type={"plover": "ASSAULT"})


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(
    ("cameo", "quad"),
    [
        ("043", 1),
        ("010", 1),
        ("061", 2),
        ("080", 2),
        ("112", 3),
        ("130", 3),
        ("145", 4),
        ("195", 4),
        ("20", 4),
        ("", None),
        (None, None),
        ("99", None),
    ],
)
def test_quad_class(cameo: str | None, quad: int | None) -> None:
    assert export.quad_class(cameo) == quad


def test_quad_table_covers_every_cameo_root() -> None:
    assert sorted(export._tables()["quad"]) == [f"{i:02d}" for i in range(1, 21)]


def test_jsonl_keeps_rows(tmp_path: Path) -> None:
    out = tmp_path / "e.jsonl"
    result = export.export([row(), TALKS], out)
    assert result.rows == 2 and result.format == "jsonl"
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0] == row()


def test_parquet_flat_columns_read_by_duckdb(tmp_path: Path) -> None:
    import duckdb

    out = tmp_path / "e.parquet"
    result = export.export([row(), TALKS, PLANNED], out)
    assert result.rows == 3
    got = duckdb.sql(
        f"SELECT event_id, plover, source_ids, date_start, fatalities, attribution "
        f"FROM read_parquet('{out}') ORDER BY event_id"
    ).fetchall()
    assert got[0] == (
        "0123456789abcdef-e1",
        "ASSAULT",
        ["ISRMIL"],
        dt.date(2025, 9, 16),
        12.0,
        "Daily → the health ministry",
    )
    assert got[-1][3] is None and got[-1][4] is None


def test_parquet_empty(tmp_path: Path) -> None:
    out = tmp_path / "e.parquet"
    assert export.write_parquet([], out).rows == 0
    import pyarrow.parquet as pq

    assert pq.read_table(out).num_rows == 0


def test_gdelt_shape(tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    result = export.write_gdelt([row(), TALKS, PLANNED, UNCODED], out, added=ADDED)
    assert (result.rows, result.skipped) == (2, 2)
    strike, talks = read_csv(out)
    assert list(strike) == export.GDELT_COLUMNS and len(export.GDELT_COLUMNS) == 61
    assert strike["Day"] == "20250916" and strike["MonthYear"] == "202509"
    assert strike["Actor1Code"] == "ISRMIL" and strike["Actor1CountryCode"] == "ISR"
    assert strike["Actor1Type1Code"] == "MIL" and strike["Actor1Name"] == "ISRAELI JETS"
    assert strike["Actor2Code"] == "PSECVL" and strike["Actor2Type1Code"] == "CVL"
    assert (strike["EventCode"], strike["EventBaseCode"], strike["EventRootCode"]) == (
        "195",
        "195",
        "19",
    )
    assert strike["QuadClass"] == "4" and strike["IsRootEvent"] == "1"
    assert strike["GoldsteinScale"] == "" and strike["AvgTone"] == ""
    assert strike["ActionGeo_Type"] == "4" and strike["ActionGeo_CountryCode"] == "PS"
    assert strike["ActionGeo_FullName"] == "Gaza City, Palestine, State of"
    assert strike["DATEADDED"] == "20250920120000"
    assert strike["SOURCEURL"] == "https://example.org/a"
    assert int(strike["GlobalEventID"]) == export.gdelt_event_id("0123456789abcdef-e1")
    # undated: the publication day; no place: geo columns empty; non-CAMEO actor id: no code
    assert talks["Day"] == "20250917" and talks["ActionGeo_Type"] == ""
    assert talks["Actor2Code"] == "" and talks["Actor2Name"] == "THE ENVOY"
    assert talks["QuadClass"] == "1"


def test_gdelt_tab_layout_without_header(tmp_path: Path) -> None:
    out = tmp_path / "g.tsv"
    export.write_gdelt([row()], out, delimiter="\t", header=False, added=ADDED)
    (line,) = out.read_text(encoding="utf-8").splitlines()
    assert len(line.split("\t")) == 61


def test_acled_shape(tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    actors = {"PSECVL": {"name": "Civilians (Palestine)", "kind": "civilians"}}
    result = export.export([row(), TALKS, PLANNED], out, fmt="acled", actors=actors)
    assert (result.rows, result.skipped) == (1, 2)  # talks: no ACLED type; planned: status
    (got,) = read_csv(out)
    assert list(got) == export.ACLED_COLUMNS
    assert got["event_id_cnty"] == "PSE-0123456789abcdef-e1"
    assert (got["event_date"], got["year"], got["time_precision"]) == ("2025-09-16", "2025", "1")
    assert got["disorder_type"] == "Political violence"
    assert got["sub_event_type"] == "Air/drone strike"
    assert (got["actor1"], got["inter1"]) == ("Israeli jets", "1")
    assert (got["actor2"], got["inter2"]) == ("Civilians (Palestine)", "7")
    assert got["interaction"] == "17" and got["civilian_targeting"] == "Civilian targeting"
    assert (got["iso"], got["country"]) == ("275", "Palestine, State of")
    assert (got["location"], got["geo_precision"]) == ("Gaza City", "1")
    assert got["fatalities"] == "12" and got["source"] == "Daily"
    assert got["tags"] == "according to: Daily → the health ministry"
    assert got["admin1"] == "" and got["region"] == ""


def test_statuses_can_be_widened(tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    result = export.write_acled([PLANNED], out, statuses=["planned"])
    assert result.rows == 1
    assert read_csv(out)[0]["tags"].startswith("status: planned")


@pytest.mark.parametrize("name", ["x.csv", "x.txt", "x"])
def test_format_must_be_given_for_csv(name: str) -> None:
    with pytest.raises(ValueError, match="pass a format"):
        export.format_for(name)


def test_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export.export([], tmp_path / "x.csv", fmt="xml")


def test_store_rows_are_unwrapped(tmp_path: Path) -> None:
    record = {k: v for k, v in row().items() if k not in ("article_id", "outlet", "published")}
    stored = {
        "id": "0123456789abcdef-e1",
        "article_id": "0123456789abcdef0123",
        "outlet": "Daily",
        "published": dt.date(2025, 9, 17),
        "plover": "ASSAULT",
        "record": json.dumps(record),
    }
    (got,) = list(export.event_rows([stored]))
    assert got == row() | {"url": None}
    out = tmp_path / "a.csv"
    assert export.export([stored], out, fmt="acled").rows == 1
