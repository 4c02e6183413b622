"""The analyst's review filter: features of a record, the fit, the cut chosen by story-fold
cross-validation (or none), and the events stage following the filter in use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsledger import analyst_review as ar
from newsledger.model import Event, EventType, Evidence, Participant, to_dict


def _event(n: int, trigger: str = "attacked", plover: str = "ASSAULT", sentence: int = 0,
           source: str = "ISR", target: str = "LBN") -> Event:  # fmt: skip
    return Event(f"a-e{n}", EventType(plover, None, "190"), trigger,
                 Evidence("a", sentence, 10 * n, 10 * n + len(trigger), trigger, "events@4"),
                 source=(Participant(source, source, "source"),),
                 target=(Participant(target, target, "target"),), confidence=0.8)  # fmt: skip


# (the event, the records before it) -> repeat features wanted
@pytest.mark.parametrize(
    ("event", "earlier", "want"),
    [
        (
            _event(2),
            [],
            {"rep_type=False", "rep_near=False", "rep_dyad=False", "rep_trigger=False"},
        ),  # the first record repeats nothing
        (_event(2, "met", "CONSULT"), [_event(1)], {"rep_type=False", "rep_trigger=False"}),
        (
            _event(2),
            [_event(1)],
            {"rep_type=True", "rep_near=same", "rep_dyad=True", "rep_trigger=True"},
        ),
        (_event(2, "struck", sentence=1), [_event(1)], {"rep_near=True", "rep_trigger=False"}),
        (_event(2, sentence=5), [_event(1)], {"rep_type=True", "rep_near=False"}),
        (_event(2, target="SYR"), [_event(1)], {"rep_dyad=False", "rep_actor=True"}),
    ],
)
def test_repeat_features(event: Event, earlier: list[Event], want: set[str]) -> None:
    feats = ar.features(event, earlier)
    assert want <= set(feats)
    assert {"how=events", "conf=4", f"tw={event.trigger}"} <= set(feats)


def _examples(rows: list[tuple[str, int, str]]) -> list[dict[str, Any]]:
    """(trigger, label, group) -> examples with the filter's features."""
    return [{"features": ar.features(_event(n, trig), []), "label": label, "group": group}
            for n, (trig, label, group) in enumerate(rows)]  # fmt: skip


def test_the_fit_learns_a_word_the_analyst_rejects() -> None:
    ex = _examples([("allow", 1, "g")] * 6 + [("attacked", 0, "g")] * 12)
    model = ar.fit([e["features"] for e in ex], [e["label"] for e in ex], 1.0, 25)
    p = ar.p_rejected(model, [ar.features(_event(1, "allow"), []),
                              ar.features(_event(1, "attacked"), [])])  # fmt: skip
    assert p[0] > 0.7 > 0.3 > p[1]


# held-out P(rejected), labels (1 rejected), events the analyst added -> the cut
@pytest.mark.parametrize(
    ("p", "labels", "missed", "cut"),
    [
        ([0.85, 0.85, 0.1, 0.1, 0.1], [1, 1, 0, 0, 0], 0, 0.8),  # the most cautious best cut
        ([0.55, 0.1, 0.1], [1, 0, 0], 0, 0.5),
        ([0.9, 0.9, 0.1], [0, 0, 1], 0, None),  # dropping kills kept records: none
        ([0.1, 0.1, 0.1], [1, 0, 0], 0, None),  # nothing above any cut
        ([0.95, 0.95, 0.1, 0.1], [1, 0, 0, 0], 0, None),  # one of each: a loss
        ([], [], 3, None),  # nothing judged
    ],
)
def test_the_cut(p: list[float], labels: list[int], missed: int, cut: float | None) -> None:
    assert ar.choose_cut(np.asarray(p), labels, missed)[0] == cut


# the learnt filter on examples in groups (stories): a word rejected in every story is learnt
# (held out story by story, it still drops), one rejected only in one story is not
@pytest.mark.parametrize(
    ("rows", "learnt"),
    [
        ([("allow", 1, f"s{i}") for i in range(10)]
         + [("attacked", 0, f"s{i}") for i in range(10) for _ in range(3)], True),
        ([("allow", 1, "s0")] * 10 + [("attacked", 0, f"s{i}") for i in range(10)
                                      for _ in range(3)], False),
        ([("allow", 1, f"s{i}") for i in range(3)]  # too few verdicts
         + [("attacked", 0, f"s{i}") for i in range(10) for _ in range(3)], False),
        ([], False),
    ],
)  # fmt: skip
def test_learn(rows: list[tuple[str, int, str]], learnt: bool) -> None:
    out = ar.learn(_examples(rows), missed=2)
    assert (out["model"] is not None) is learnt
    assert (out["threshold"] is not None) is learnt
    assert learnt or out["why"]


@pytest.mark.parametrize(
    ("pairs", "want"),
    [
        ([("a1", "s1"), ("a2", "s1"), ("a3", None)], {"a1": "a1", "a2": "a1", "a3": "a3"}),
        # linked through a third article's stories
        ([("a1", "s1"), ("a3", "s2"), ("a2", "s1"), ("a2", "s2")],
         {"a1": "a1", "a2": "a1", "a3": "a1"}),
        ([("a1", None), ("a2", None)], {"a1": "a1", "a2": "a2"}),  # no story links none
        ([], {}),
    ],
)  # fmt: skip
def test_story_groups(pairs: list[tuple[str, str | None]], want: dict[str, str]) -> None:
    assert ar.story_groups(pairs) == want


def _note(record_id: str, field: str, new: Any, n: int) -> dict[str, Any]:
    return {"id": n, "kind": "event", "record_id": record_id, "article_id": "a", "field": field,
            "new": new, "active": True, "undoes": None, "trigger": "attacked",
            "machine_type": "ASSAULT"}  # fmt: skip


def test_examples_come_from_the_verdicts_on_stored_records() -> None:
    events = [_event(1), _event(2, "allow", "REJECT"), _event(3, "met", "CONSULT")]
    records = [{"article_id": "a", "story_id": None, "record": to_dict(e)} for e in events]
    notes = [_note("a-e1", "verdict", "accepted", 1), _note("a-e2", "verdict", "rejected", 2),
             _note("a-h-1", "added", {"start": 0, "end": 4, "text": "shot"}, 3)]  # fmt: skip
    ex, missed = ar.examples_from(notes, records)
    assert [(e["id"], e["label"], e["group"]) for e in ex] == [("a-e1", 0, "a"), ("a-e2", 1, "a")]
    assert missed == 1  # the added event; a-e3 was not judged: no example
    assert "rep_type=False" in ex[1]["features"]  # its own type first seen


def test_screen_follows_the_filter_in_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ar.ENV, "")  # restored after the test
    events = [_event(1, "allow"), _event(2, "met", "CONSULT")]
    assert ar.screen(events) == events  # no filter: every record
    ex = _examples([("allow", 1, f"s{i}") for i in range(10)]
                   + [("attacked", 0, f"s{i}") for i in range(10) for _ in range(3)])  # fmt: skip
    table = ar.learn(ex, missed=0)
    path = ar.use(table, tmp_path / "ledger.duckdb")
    assert path is not None and path.is_file() and path.with_suffix(".npz").is_file()
    assert ar.screen(events) == events[1:]
    assert ar.use(ar.learn([], 0), tmp_path / "ledger.duckdb") is None  # none: files gone
    assert not path.exists() and not path.with_suffix(".npz").exists()
    assert ar.screen(events) == events


@pytest.mark.parametrize("learnt", [True, False])
def test_train_with_corrections_writes_the_filter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, learnt: bool
) -> None:
    from newsledger.cli.train import _tables

    for var in (ar.ENV, "NEWSLEDGER_GAZETTEERS", "NEWSLEDGER_ANALYST_TRIGGERS"):
        monkeypatch.setenv(var, "")  # restored after the test
    rows = [("allow", 1, f"s{i}") for i in range(10) if learnt]
    rows += [("attacked", 0, f"s{i}") for i in range(10) for _ in range(3)]
    said: list[str] = []
    _tables([], tmp_path / "l.duckdb", said.append, ar.learn(_examples(rows), 0))
    path = tmp_path / ("l.duckdb" + ar.SUFFIX)
    assert path.is_file() is learnt and (str(path) in said[0]) is learnt
    assert ("review filter cut" in said[0]) is learnt
    assert ("too few verdicts" in said[0]) is not learnt
