"""An event an analyst accepted is listed with confidence 1.0 (a person verified it), in the
listings, their min_confidence filter and the article view; rejected, retyped or undone, it
keeps the machine's confidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.store import Store
from tests.webdata import save_demo


def _confidences(store: Store, event_id: str) -> tuple[float | None, ...]:
    listed = [r for r in store.events() if r["id"] == event_id]
    paged = [r for r in store.events(limit=100) if r["id"] == event_id]
    article = next(r for r in store.events() if r["id"] == event_id)["article_id"]
    viewed = [e for e in store.analysis(article)["events"] if e["id"] == event_id]
    return (listed[0]["confidence"], listed[0]["record"].get("confidence"),
            paged[0]["confidence"], viewed[0].get("confidence"))  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value", "undo", "verified"),
    [
        ("verdict", "accepted", False, True),
        ("verdict", "accepted", True, False),  # undone: the machine's again
        ("verdict", "rejected", False, False),
        ("status", "planned", False, False),  # a fixed field verifies nothing else
    ],
)
def test_an_accepted_event_carries_a_persons_confidence(
    tmp_path: Path, field: str, value: str, undo: bool, verified: bool
) -> None:
    path = tmp_path / "ledger.duckdb"
    save_demo(path)
    with Store(path) as store:
        row = next(r for r in store.events() if r["confidence"] is not None
                   and r["confidence"] < 1.0)  # fmt: skip
        machine = row["confidence"]
        note = store.correct("event", row["id"], field, value, who="ana")
        if undo:
            store.undo_correction(note["id"], who="ana")
        got = _confidences(store, row["id"])
        assert got == ((1.0,) * 4 if verified else (pytest.approx(machine),) * 4)
        kept = {r["id"] for r in store.events(min_confidence=0.999)}
        assert (row["id"] in kept) is verified
