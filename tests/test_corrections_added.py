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
