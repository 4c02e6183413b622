"""An event an analyst added is judged and corrected like the machine's (it was a 404)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsledger.errors import CorrectionError
from newsledger.store import Store
from tests.webdata import save_demo


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Path, list[Any]]:
    path = tmp_path / "ledger.duckdb"
    return path, save_demo(path)


def _added(store: Store, article_id: str) -> list[dict[str, Any]]:
    return [e for e in store.analysis(article_id)["events"] if e.get("added")]


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("verdict", "rejected", lambda e: e["verdict"] == "rejected"),
        ("verdict", "accepted", lambda e: e["verdict"] == "accepted"),
        ("type", "MOBILIZE", lambda e: e["type"]["plover"] == "MOBILIZE"),
        ("status", "planned", lambda e: e["status"] == "planned"),
        ("target", ["GBR"], lambda e: [p["actor_id"] for p in e["target"]] == ["GBR"]),
    ],
)
def test_an_added_event_takes_corrections(demo: Any, field: str, value: Any, shown: Any) -> None:
    path, analyses = demo
    an = analyses[0]
    start = an.article.text.index("met in London")
    with Store(path) as store:
        added = store.add_event(an.article.id, start, start + 6, "CONSULT", ["ISRGOV"], ["SYRGOV"])
        note = store.correct("event", added["record_id"], field, value, who="ana")
        assert note["record_id"] == added["record_id"] and note["field"] == field
        (event,) = _added(store, an.article.id)
        assert shown(event) and event["human"][field]["by"] == "ana"
        assert event["added"] and event["human"]["added"]["annotation"] == added["id"]
        store.undo_correction(note["id"])  # undoing the judgement keeps the addition
        (event,) = _added(store, an.article.id)
        assert field not in event["human"] and event["verdict"] == "accepted"


def test_an_undone_or_unknown_addition_is_404(demo: Any) -> None:
    path, analyses = demo
    an = analyses[0]
    with Store(path) as store:
        added = store.add_event(an.article.id, 0, 7, "PROTEST")
        store.undo_correction(added["id"])
        for record_id in (added["record_id"], f"{an.article.id[:16]}-h1-2"):
            with pytest.raises(CorrectionError) as err:
                store.correct("event", record_id, "verdict", "rejected")
            assert err.value.status == 404, record_id
        assert _added(store, an.article.id) == []


def _listed(store: Store, record_id: str) -> dict[str, Any] | None:
    return next((r for r in store.events() if r["id"] == record_id), None)


def test_a_second_addition_on_the_same_words_changes_nothing(demo: Any) -> None:
    path, analyses = demo
    an = analyses[0]
    start = an.article.text.index("met in London")
    with Store(path) as store:
        machine = {r["id"]: r for r in store.events()}
        first = store.add_event(an.article.id, start, start + 6, "CONSULT", who="ana")
        with pytest.raises(CorrectionError) as err:
            store.add_event(an.article.id, start, start + 6, "ASSAULT", ["ISRMIL"], who="bo")
        assert err.value.status == 409 and "ana" in str(err.value)
        shown = _listed(store, first["record_id"])
        assert shown is not None and shown["plover"] == "CONSULT"
        assert shown["record"]["human"]["added"]["by"] == "ana" and shown["source_ids"] == []
        # another analyst's correction of it changes it alone, and no machine record
        store.correct("event", first["record_id"], "status", "planned", who="bo")
        after = {r["id"]: r for r in store.events()}
        assert after.pop(first["record_id"])["status"] == "planned"
        assert after == machine
        assert [r["id"] for r in store.events(status="planned")] == [first["record_id"]]
        assert first["record_id"] not in [r["id"] for r in store.events(status="occurred")]


@pytest.mark.parametrize(
    ("field", "value", "query"),
    [
        ("status", "planned", {"status": "occurred"}),
        ("place", "Geneva", {"place": "Geneva"}),
        ("date", "2025-09-01", {"until": "2025-09-02"}),
        ("target", ["GBR"], {"actor": "GBR"}),
    ],
)
def test_a_new_addition_on_undone_words_takes_no_old_correction(
    demo: Any, field: str, value: Any, query: dict[str, str]
) -> None:
    path, analyses = demo
    an = analyses[0]
    start = an.article.text.index("met in London")
    with Store(path) as store:
        first = store.add_event(an.article.id, start, start + 6, "CONSULT", who="ana")
        rid = first["record_id"]
        store.correct("event", rid, field, value, who="bo")
        found = rid in [r["id"] for r in store.events(**query)]
        store.undo_correction(first["id"], who="ana")
        assert _listed(store, rid) is None and store.count_events() == 9
        store.add_event(an.article.id, start, start + 6, "CONSULT", who="cy")
        again = _listed(store, rid)
        assert again is not None and again["human"] == ["added"]
        assert again["record"]["human"]["added"]["by"] == "cy"
        assert (again["status"], again["place"], again["target_ids"]) == ("occurred", None, [])
        assert str(again["date_start"]) == "2025-09-19"  # the publication date, not bo's
        # the filters see the new addition, not bo's correction of the old one
        assert (rid in [r["id"] for r in store.events(**query)]) is (not found)
        (event,) = _added(store, an.article.id)
        assert set(event["human"]) == {"added"}
