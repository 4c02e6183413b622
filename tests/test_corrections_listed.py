"""An event an analyst added is listed wherever events are: `Store.events`, the CLI `events`,
/api/events (filters, paging, total), the web ledger, timeline and map, the exports; undoing
the addition takes it out of all of them."""

from __future__ import annotations

import csv
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from newsledger.api import create_app
from newsledger.cli import cli
from newsledger.export import gdelt_event_id
from newsledger.store import Store
from tests.webdata import save_demo

with warnings.catch_warnings():
    # Starlette 1.x asks for httpx2 in its test client; httpx (pinned) still works.
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

TOKEN = "t0ken-for-tests"
MACHINE = 9  # events in tests/webdata.py


def _add(path: Path) -> dict[str, Any]:
    """Store the demo and add one event the machine missed (in the Sweida report, published
    2025-09-22: the machine's events there are dated the 21st); return its annotation."""
    analyses = save_demo(path)
    an = analyses[2]
    start = an.article.text.index("gassed us")
    with Store(path) as store:
        return store.add_event(an.article.id, start, start + len("gassed us"), "ASSAULT",
                               ["SYRMIL"], ["SYRCVL"], who="ana")  # fmt: skip


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    path = tmp_path_factory.mktemp("listed") / "ledger.duckdb"
    return path, _add(path)


@pytest.fixture(scope="module")
def client(added: tuple[Path, dict[str, Any]]) -> Iterator[TestClient]:
    with TestClient(create_app(added[0], token=None)) as c:
        yield c


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


# (filter, value, whether the added event is among the matches)
FILTERS = [
    ("type", "ASSAULT", True),
    ("type", "PROTEST", False),
    ("actor", "SYRMIL", True),
    ("actor", "USAGOV", False),
    ("status", "occurred", True),
    ("status", "denied", False),
    ("since", "2025-09-22", True),  # the publication date stands in for a date
    ("until", "2025-09-21", False),
    ("precision", "reported", True),
    ("precision", "day", False),
    ("min_confidence", "0.99", True),  # an analyst's event: confidence 1.0
    ("article", "d48f2bfe", True),
    ("article", "b0b0fa26", False),
    ("outlet", "Harbour", True),
    ("outlet", "Capital", False),
    ("place", "Sweida", False),  # the analyst gave no place
    ("story", "s-b178b10b327618ba", False),  # stories are merged at ingest; it is in none
]


@pytest.mark.parametrize(("name", "value", "found"), FILTERS)
def test_the_store_and_the_cli_filter_an_added_event_like_the_machines(
    added: tuple[Path, dict[str, Any]], name: str, value: str, found: bool
) -> None:
    path, note = added
    rid = note["record_id"]
    with Store(path, read_only=True) as store:
        rows = store.events(**{name: value})
        assert (rid in [r["id"] for r in rows]) is found
        assert store.count_events(**{name: value}) == len(rows)
        assert len({r["id"] for r in rows}) == len(rows)
    if name == "story":
        return  # the CLI lists stories' events with `newsledger stories ID`
    out = _cli("events", "--db", str(path), f"--{name.replace('_', '-')}", value,
               "--format", "json")  # fmt: skip
    listed = json.loads(out)
    assert [r["id"] for r in listed] == [r["id"] for r in rows]
    mine = [r for r in listed if r["id"] == rid]
    if found:
        assert mine[0]["human"] == ["added"] and mine[0]["record"]["added"] is True


@pytest.mark.parametrize(("name", "value", "found"), FILTERS)
def test_api_events_filter_and_total_an_added_event(
    client: TestClient, added: tuple[Path, dict[str, Any]], name: str, value: str, found: bool
) -> None:
    body = client.get("/api/events", params={name: value}).json()
    ids = [r["id"] for r in body["items"]]
    assert (added[1]["record_id"] in ids) is found
    assert body["total"] == body["count"] == len(ids)


def test_an_added_event_is_an_ordinary_row(
    client: TestClient, added: tuple[Path, dict[str, Any]]
) -> None:
    rid = added[1]["record_id"]
    (row,) = [r for r in client.get("/api/events").json()["items"] if r["id"] == rid]
    assert (row["plover"], row["cameo"], row["acled_type"]) == (
        "ASSAULT", "18", "Violence against civilians")  # fmt: skip
    assert (row["source_ids"], row["target_ids"], row["trigger"]) == (
        ["SYRMIL"], ["SYRCVL"], "gassed us")  # fmt: skip
    assert (row["status"], row["date_start"], row["date_precision"]) == (
        "occurred", "2025-09-22", "reported")  # fmt: skip
    assert row["confidence"] == 1.0 and row["verdict"] == "accepted"
    assert row["human"] == ["added"] and row["record"]["human"]["added"]["by"] == "ana"
    assert row["outlet"] == "Harbour Times" and row["story_id"] is None


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 10, 11])
def test_pages_of_api_events_hold_every_event_once(client: TestClient, limit: int) -> None:
    seen: list[str] = []
    offset, total = 0, None
    while True:
        body = client.get("/api/events", params={"limit": limit, "offset": offset}).json()
        total = body["total"] if total is None else total
        assert body["total"] == total
        seen += [r["id"] for r in body["items"]]
        offset += limit
        if offset >= total:
            break
    assert total == MACHINE + 1 and len(seen) == len(set(seen)) == total
    empty = client.get("/api/events", params={"limit": limit, "offset": total}).json()
    assert empty["items"] == [] and empty["total"] == total


def test_the_web_pages_list_and_mark_an_added_event(
    client: TestClient, added: tuple[Path, dict[str, Any]]
) -> None:
    rid = added[1]["record_id"]
    ledger = client.get("/ledger").text
    assert f'data-id="{rid}"' in ledger and "added-mark" in ledger
    assert 'of <span id="total">10</span>' in ledger and "added by ana" in ledger
    assert 'id="next"' not in ledger
    paged = client.get("/ledger", params={"limit": 4, "offset": 8}).text
    assert 'of <span id="total">10</span>' in paged and 'id="next"' not in paged
    assert 'id="next"' in client.get("/ledger", params={"limit": 4, "offset": 4}).text
    assert rid in client.get("/timeline").text
    assert "of 10 events have coordinates" in client.get("/map").text
    none = client.get("/ledger", params={"type": "PROTEST"}).text
    assert f'data-id="{rid}"' not in none and "added-mark" not in none
    counts = client.get("/api/health").json()["counts"]
    assert counts["events"] == MACHINE + 1
    arts = {a["id"][:8]: a["events"] for a in client.get("/api/articles").json()["items"]}
    assert arts == {"b0b0fa26": 4, "b1ac89fe": 3, "d48f2bfe": 3}


def _exports(path: Path, out: Path) -> dict[str, Any]:
    """Each export format of the store at `path`, read back."""
    got: dict[str, Any] = {}
    for fmt, name in (("jsonl", "e.jsonl"), ("parquet", "e.parquet"), ("gdelt", "g.csv"),
                      ("acled", "a.csv")):  # fmt: skip
        _cli("export", "--db", str(path), "--to", str(out / name), "--format", fmt)
        if fmt == "jsonl":
            got[fmt] = [json.loads(x) for x in (out / name).read_text("utf-8").splitlines()]
        elif fmt == "parquet":
            got[fmt] = pq.read_table(out / name).to_pylist()
        else:
            with (out / name).open(encoding="utf-8") as fh:
                got[fmt] = list(csv.DictReader(fh))
    return got


def test_exports_carry_an_added_event_and_drop_it_once_undone(tmp_path: Path) -> None:
    path = tmp_path / "ledger.duckdb"
    note = _add(path)
    rid = note["record_id"]
    got = _exports(path, tmp_path)
    (line,) = [r for r in got["jsonl"] if r["id"] == rid]
    assert line["added"] is True and line["human"]["added"]["by"] == "ana"
    assert line["outlet"] == "Harbour Times" and line["evidence"]["extractor"] == "analyst"
    (flat,) = [r for r in got["parquet"] if r["event_id"] == rid]
    assert flat["human_verified"] == ["added"] and flat["confidence"] == 1.0
    assert flat["evidence"] == "gassed us" and flat["date_precision"] == "reported"
    assert str(gdelt_event_id(rid)) in [r["GlobalEventID"] for r in got["gdelt"]]
    (acled,) = [r for r in got["acled"] if r["event_id_cnty"].endswith(rid)]
    assert "set by an analyst: added" in acled["tags"]
    machine = [r for r in got["acled"] if not r["event_id_cnty"].endswith(rid)]
    assert machine and not any("analyst" in r["tags"] for r in machine)

    with Store(path) as store:
        store.undo_correction(note["id"], who="bo")
    after = _exports(path, tmp_path)
    assert len(after["jsonl"]) == len(after["parquet"]) == MACHINE
    assert rid not in [r["id"] for r in after["jsonl"]]
    assert str(gdelt_event_id(rid)) not in [r["GlobalEventID"] for r in after["gdelt"]]
    assert not [r for r in after["acled"] if r["event_id_cnty"].endswith(rid)]


def test_undoing_an_addition_takes_it_out_of_every_listing(tmp_path: Path) -> None:
    path = tmp_path / "ledger.duckdb"
    note = _add(path)
    rid = note["record_id"]
    with TestClient(create_app(path, token=TOKEN)) as c:
        assert c.get("/api/events").json()["total"] == MACHINE + 1
        undone = c.post(f"/api/corrections/{note['id']}/undo", json={"who": "bo"},
                        headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
        assert undone.status_code == 201, undone.text
        body = c.get("/api/events").json()
        assert body["total"] == MACHINE and rid not in [r["id"] for r in body["items"]]
        assert c.get("/api/events", params={"type": "ASSAULT"}).json()["total"] == 3
        assert f'data-id="{rid}"' not in c.get("/ledger").text
        assert rid not in c.get("/timeline").text
        assert c.get("/api/health").json()["counts"]["events"] == MACHINE
        article = c.get(f"/api/articles/{note['article_id']}").json()
        assert rid not in [e["id"] for e in article["events"]]
    listed = json.loads(_cli("events", "--db", str(path), "--format", "json"))
    assert len(listed) == MACHINE and rid not in [r["id"] for r in listed]
    assert "added" not in _cli("events", "--db", str(path))
