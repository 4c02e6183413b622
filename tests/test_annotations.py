"""Analysts' corrections in the store: kept beside the machine's records, applied on read,
undoable with the history kept, surviving a restart and a salvage, and never touching another
record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from newsledger.annotations import attribution_id, check, coded, marker_id
from newsledger.errors import CorrectionError
from newsledger.salvage import salvage
from newsledger.store import SCHEMA_VERSION, Store
from tests.webdata import save_demo


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Path, list[Any]]:
    path = tmp_path / "ledger.duckdb"
    return path, save_demo(path)


def _event(store: Store, event_id: str) -> dict[str, Any]:
    return next(e for e in store.events() if e["id"] == event_id)


def test_a_correction_is_applied_marked_and_leaves_the_machine_row(demo: Any) -> None:
    path, analyses = demo
    first, second = analyses[0].events[0], analyses[0].events[1]
    with Store(path) as store:
        note = store.correct("event", first.id, "type", "ACCUSE", who="ana")
        assert note["old"] == first.type.plover and note["new"] == "ACCUSE" and note["active"]
        row = _event(store, first.id)
        assert row["plover"] == "ACCUSE" and row["human"] == ["type"]
        assert row["record"]["human"]["type"]["by"] == "ana"
        assert row["cameo"] == "11"  # CAMEO follows the corrected type (the old was of the old)
        # the machine's row is as it was
        raw = store.con.execute("SELECT plover FROM events WHERE id = ?", [first.id]).fetchone()
        assert raw[0] == first.type.plover
        # another record, same article: untouched
        other = _event(store, second.id)
        assert other["plover"] == second.type.plover and other["human"] == []
        events = store.analysis(analyses[0].article.id)["events"]
        assert events[0]["type"]["plover"] == "ACCUSE" and "human" not in events[1]


def test_survives_a_restart_and_undo_keeps_the_history(demo: Any) -> None:
    path, analyses = demo
    event = analyses[0].events[0]
    with Store(path) as store:
        a = store.correct("event", event.id, "status", "alleged")
        b = store.correct("event", event.id, "status", "denied")
    with Store(path) as store:  # a restart: a new connection on the file
        assert _event(store, event.id)["status"] == "denied"
        undo = store.undo_correction(b["id"], who="ana")
        assert undo["undoes"] == b["id"] and undo["old"] == "denied" and undo["new"] == "alleged"
        assert _event(store, event.id)["status"] == "alleged"
        store.undo_correction(a["id"])
        row = _event(store, event.id)
        assert row["status"] == str(event.status) and row["human"] == []
        history = store.corrections(record_id=event.id)
        assert [h["id"] for h in history] == [4, 3, 2, 1]  # newest first, nothing deleted
        assert [h["active"] for h in history] == [False, False, False, False]
        with pytest.raises(CorrectionError) as again:
            store.undo_correction(b["id"])
        assert again.value.status == 409
        with pytest.raises(CorrectionError) as of_undo:
            store.undo_correction(undo["id"])
        assert of_undo.value.status == 409


@pytest.mark.parametrize(
    ("field", "value", "check_row"),
    [
        ("verdict", "rejected", lambda r: r["verdict"] == "rejected"),
        ("source", ["SYR"], lambda r: r["source_ids"] == ["SYR"]),
        ("target", "ISRMIL", lambda r: r["target_ids"] == ["ISRMIL"]),
        # a corrected place is geocoded as the places stage geocodes a name
        (
            "place",
            "Geneva",
            lambda r: r["place"] == "Geneva" and r["country"] == "CHE" and round(r["lat"]) == 46,
        ),
        (
            "place",
            "Nowhere Junction",
            lambda r: (
                r["place"] == "Nowhere Junction" and r["lat"] is None and r["country"] is None
            ),
        ),
        (
            "date",
            "2025-09",
            lambda r: (
                str(r["date_start"]) == "2025-09-01"
                and str(r["date_end"]) == "2025-09-30"
                and r["date_precision"] == "month"
            ),
        ),
        ("date", None, lambda r: r["date_start"] is None and r["record"]["when"] is None),
    ],
)
def test_event_fields(demo: Any, field: str, value: Any, check_row: Any) -> None:
    path, analyses = demo
    event = analyses[0].events[0]
    with Store(path) as store:
        store.correct("event", event.id, field, value)
        row = _event(store, event.id)
        assert check_row(row) and row["human"] == [field]


def test_markers_and_attributions(demo: Any) -> None:
    path, analyses = demo
    an = analyses[0]
    marker = an.markers[0]
    mid = marker_id(an.article.id, marker.evidence.start, marker.evidence.end, marker.category)
    attr = next(a for a in an.attributions if not a.own_voice)
    aid = attribution_id(an.article.id, attr.scope_start, attr.scope_end)
    with Store(path) as store:
        store.correct("marker", mid, "verdict", "rejected")
        store.correct("attribution", aid, "speaker", "Syrian state media")
        found = store.analysis(an.article.id)
        m = next(x for x in found["markers"] if x["id"] == mid)
        assert m["verdict"] == "rejected" and "verdict" in m["human"]
        assert all("human" not in x for x in found["markers"] if x["id"] != mid)
        a = next(x for x in found["attributions"] if x["id"] == aid)
        assert a["chain"][-1]["name"] == "Syrian state media" and "speaker" in a["human"]
        listed = {r["id"]: r["verdict"] for r in store.markers()}
        assert listed[mid] == "rejected" and list(listed.values()).count(None) == len(listed) - 1


@pytest.mark.parametrize(
    ("kind", "field", "value", "status"),
    [
        ("event", "type", "BOMBING", 422),
        ("event", "status", "maybe", 422),
        ("event", "date", "2025-02-30", 422),
        ("event", "date", "yesterday", 422),
        ("event", "source", ["not an id!"], 422),
        ("event", "speaker", "x", 422),
        ("event", "mode", "aerial", 422),  # the demo event is a CONSULT: no such mode
        ("marker", "type", "ASSAULT", 422),
        ("story", "verdict", "accepted", 422),
    ],
)
def test_bad_corrections_are_refused_and_store_nothing(
    demo: Any, kind: str, field: str, value: Any, status: int
) -> None:
    path, analyses = demo
    with Store(path) as store:
        with pytest.raises(CorrectionError) as err:
            store.correct(kind, analyses[0].events[0].id, field, value)
        assert err.value.status == status
        assert store.corrections() == []


def test_unknown_records_are_404(demo: Any) -> None:
    path, _ = demo
    with Store(path) as store:
        for kind, rid in (
            ("event", "nope-e1"),
            ("marker", "abcd-m1-2-scare_term"),
            ("attribution", "abcd-a1-2"),
            ("marker", "garbage"),
        ):
            with pytest.raises(CorrectionError) as err:
                store.correct(kind, rid, "verdict", "accepted")
            assert err.value.status == 404
        with pytest.raises(CorrectionError) as err:
            store.undo_correction(99)
        assert err.value.status == 404


@pytest.mark.parametrize(
    ("plover", "mode", "cameo", "acled"),
    [
        ("ASSAULT", None, "18", "Attack"),
        ("ASSAULT", "aerial", "18", "Air/drone strike"),
        ("ACCUSE", None, "11", None),
        ("PROTEST", "demo", "141", "Peaceful protest"),
        ("CONSULT", None, "04", None),
    ],
)
def test_coded_follows_the_corrected_type(plover: str, mode: Any, cameo: str, acled: Any) -> None:
    got = coded(plover, mode)
    assert got["cameo"] == cameo and got["acled_subtype"] == acled


def test_check_normalises() -> None:
    assert check("event", "type", "assault") == "ASSAULT"
    assert check("event", "status", "Denied") == "denied"
    assert check("event", "source", "ISR") == ["ISR"]
    assert check("event", "place", "  Tel   Aviv ") == "Tel Aviv"
    assert check("event", "mode", "aerial", {"type": {"plover": "ASSAULT"}}) == "aerial"


def test_schema_3_migrates_losing_nothing_and_salvage_keeps_annotations(
    demo: Any, tmp_path: Path
) -> None:
    path, analyses = demo
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE annotations")
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    con.close()
    with Store(path, read_only=True) as old:  # a schema-3 store read as it is
        before = old.counts()
        assert old.events() and old.corrections() == [] and "annotations" not in before
    with Store(path) as store:
        version = store.con.execute("SELECT value FROM meta WHERE key = 'schema_version'")
        assert version.fetchone()[0] == str(SCHEMA_VERSION) == "4"
        assert {k: v for k, v in store.counts().items() if k != "annotations"} == before
        store.correct("event", analyses[0].events[0].id, "verdict", "accepted")
    report = salvage(path, tmp_path / "copy.duckdb")
    assert report.copied["annotations"] == 1 and not report.lost
    with Store(tmp_path / "copy.duckdb") as copy:
        assert _event(copy, analyses[0].events[0].id)["verdict"] == "accepted"
        copy.correct("event", analyses[0].events[0].id, "verdict", "rejected")  # ids go on
        assert [c["id"] for c in copy.corrections()] == [2, 1]


def test_review_queue_is_least_sure_first_and_drops_reviewed(demo: Any) -> None:
    path, _ = demo
    with Store(path) as store:
        queue = store.review_queue()
        confident = [r["confidence"] for r in queue if r["confidence"] is not None]
        assert confident == sorted(confident) and confident
        none_at = [i for i, r in enumerate(queue) if r["confidence"] is None]
        assert none_at == list(range(len(confident), len(queue)))  # unscored last
        first = queue[0]
        store.correct(first["kind"], first["id"], "verdict", "accepted")
        assert first["id"] not in [r["id"] for r in store.review_queue()]
        assert first["id"] in [r["id"] for r in store.review_queue(include_reviewed=True)]
        assert all(r["kind"] == "marker" for r in store.review_queue(kind="marker"))


def test_exports_say_which_values_are_human_verified(demo: Any, tmp_path: Path) -> None:
    import json

    import pyarrow.parquet as pq

    from newsledger import export

    path, analyses = demo
    kept, dropped = analyses[0].events[0], analyses[0].events[1]
    with Store(path) as store:
        store.correct("event", kept.id, "status", "alleged", who="ana")
        store.correct("event", dropped.id, "verdict", "rejected")
        rows = list(store.iter_events())
    export.export(rows, tmp_path / "e.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    mine = next(r for r in lines if r["id"] == kept.id)
    assert mine["status"] == "alleged" and mine["human"]["status"]["by"] == "ana"
    export.export(rows, tmp_path / "e.parquet")
    table = pq.read_table(tmp_path / "e.parquet").to_pylist()
    flags = {r["event_id"]: (r["human_verified"], r["verdict"]) for r in table}
    assert flags[kept.id] == (["status"], None) and flags[dropped.id] == (["verdict"], "rejected")
    assert sum(1 for f in flags.values() if f == ([], None)) == len(flags) - 2
    every = export.export(rows, tmp_path / "all.csv", "gdelt", statuses=None)
    ids = (tmp_path / "all.csv").read_text()
    assert every.skipped >= 1 and str(export.gdelt_event_id(dropped.id)) not in ids
    # the same rows, nobody rejecting: the event is exported
    unjudged = [{**r, "record": {**r["record"], "verdict": None}} for r in rows]
    export.export(unjudged, tmp_path / "all.csv", "gdelt", statuses=None)
    assert str(export.gdelt_event_id(dropped.id)) in (tmp_path / "all.csv").read_text()


def test_review_queue_by_disagreement_between_outlets(demo: Any) -> None:
    path, analyses = demo
    a, b = analyses[0].events[3], analyses[2].events[0]
    with Store(path) as store:
        merged = store.review_queue(by="disagreement")  # the merge stage's stories
        counts = [r["disagreement"] for r in merged]
        assert all(n > 0 for n in counts) and counts == sorted(counts, reverse=True)
        differences = [{"field": "status", "subject": None, "values": [["x", "a"], ["y", "b"]]}]
        store.con.execute(
            "INSERT INTO stories (id, plover, events, record) VALUES ('s-test', 'ASSAULT', 2, ?)",
            [json.dumps({"differences": differences * 9})],
        )
        store.con.execute("UPDATE events SET story_id = 's-test' WHERE id IN (?, ?)", [a.id, b.id])
        queue = store.review_queue(by="disagreement")
        assert {r["id"] for r in queue[:2]} == {a.id, b.id}
        assert [r["disagreement"] for r in queue[:2]] == [9, 9]
        assert all(r["kind"] == "event" for r in queue)
        with pytest.raises(CorrectionError):
            store.review_queue(by="loudness")


def _ids(store: Store, **filters: Any) -> list[str]:
    return [r["id"] for r in store.events(**filters)]


def test_filters_see_the_corrected_values_and_undo_restores_the_machines(demo: Any) -> None:
    path, analyses = demo
    first = analyses[0].events[0]  # CONSULT, ISRGOV -> SYRGOV, London, occurred
    with Store(path) as store:
        notes = [
            store.correct("event", first.id, "type", "ACCUSE"),
            store.correct("event", first.id, "status", "denied"),
            store.correct("event", first.id, "source", ["EGYGOV"]),
            store.correct("event", first.id, "place", "Cairo"),
            store.correct("event", first.id, "date", "2019-03"),
        ]
        for filters in ({"type": "ACCUSE"}, {"status": "denied"}, {"actor": "EGYGOV"},
                        {"place": "Cairo"}, {"since": "2019-03-31", "until": "2019-03-01"},
                        {"precision": "month"}):  # fmt: skip
            assert first.id in _ids(store, **filters), filters
            assert first.id in _ids(store, limit=5, **filters), filters  # the paged path too
        for filters in ({"type": "CONSULT"}, {"status": "occurred"}, {"actor": "ISRGOV"},
                        {"place": "London"}, {"since": "2019-04-01"}, {"until": "2019-02-28"},
                        {"precision": "day"}):  # fmt: skip
            assert first.id not in _ids(store, **filters), filters
        # the other events are filtered by their own (machine) values
        assert analyses[0].events[1].id in _ids(store, place="London")
        for note in notes:
            store.undo_correction(note["id"])
        assert first.id in _ids(store, type="CONSULT", status="occurred", actor="ISRGOV")
        assert first.id not in _ids(store, type="ACCUSE")


def test_an_added_event_is_stored_undoable_and_checked(demo: Any) -> None:
    path, analyses = demo
    an = analyses[0]
    text = an.article.text
    start = text.index("met in London")
    with Store(path) as store:
        note = store.add_event(an.article.id[:20], start, start + 6, "consult",
                               ["ISRGOV"], "SYRGOV", who="ana")  # fmt: skip
        assert note["field"] == "added" and note["record_id"].endswith(f"-h{start}-{start + 6}")
        assert note["new"] == {"start": start, "end": start + 6, "text": "met in",
                               "type": "CONSULT", "source": ["ISRGOV"],
                               "target": ["SYRGOV"]}  # fmt: skip
        row = store.annotations_with_context()[-1]
        assert row["evidence"] == "met in" and row["sentence"].startswith("Israeli and Syrian")
        shown = [e for e in store.analysis(an.article.id)["events"] if e.get("added")]
        assert [(e["id"], e["type"]["plover"], e["source"][0]["actor_id"]) for e in shown] == [
            (note["record_id"], "CONSULT", "ISRGOV")
        ]
        assert shown[0]["human"]["added"]["by"] == "ana"
        undo = store.undo_correction(note["id"])
        assert undo["old"] == note["new"] and undo["new"] is None
        assert not [n for n in store.corrections() if n["active"] and n["field"] == "added"]
        assert not [e for e in store.analysis(an.article.id)["events"] if e.get("added")]
        for args, status in (
            ((an.article.id, start, start + 6, "BOMBING"), 422),
            ((an.article.id, 10, 5, "CONSULT"), 422),
            ((an.article.id, 0, len(text) + 1, "CONSULT"), 422),
            (("feedfacefeedface", 0, 5, "CONSULT"), 404),
        ):
            with pytest.raises(CorrectionError) as err:
                store.add_event(*args)
            assert err.value.status == status, args
