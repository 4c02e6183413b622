"""The analyst's trigger verdicts: triggers rejected or retyped in corrections, and the trigger
stage following them at analysis time."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from newsledger import analyst_triggers as at
from newsledger.annotations import ADDED

SENTENCE = "Israel will not allow Hezbollah to rearm, the minister said."


def _note(record: str, field: str, new: Any, n: int, **kw: Any) -> dict[str, Any]:
    return {"id": n, "kind": "event", "record_id": record, "field": field, "new": new,
            "active": True, "undoes": None, "trigger": "allow", "machine_type": "REJECT",
            "sentence": SENTENCE, "sentence_offset": SENTENCE.index("allow"),
            "evidence": "allow", **kw}  # fmt: skip


REJ, ACC = ("verdict", "rejected"), ("verdict", "accepted")
THR = ("type", "THREATEN")


# each judgement: (record, field, new); all on the trigger "allow" coded REJECT; a verdict
# needs two judgements (data/analyst_triggers.yaml)
@pytest.mark.parametrize(
    ("judged", "want"),
    [
        ([("e1", *REJ), ("e2", *REJ)], {"allow|REJECT": ("drop", None)}),
        ([("e1", *THR), ("e2", *THR)], {"allow|REJECT": ("type", "THREATEN")}),
        ([("e1", *REJ)], {}),  # once: its sentence may have decided
        ([("e1", *THR)], {}),
        ([("e1", *REJ), ("e1", *REJ)], {}),  # one record judged twice is one judgement
        # judged both ways: the context decided, nothing is taught
        ([("e1", *REJ), ("e2", *REJ), ("e3", *ACC)], {}),
        ([("e1", *REJ), ("e2", *REJ), ("e3", *THR)], {}),
        ([("e1", *THR), ("e2", "type", "COERCE")], {}),
        ([("e1", *ACC), ("e2", *ACC)], {}),  # accepted: nothing to change
        ([("e1", "type", "REJECT"), ("e2", "type", "REJECT")], {}),  # its own type: accepted
        ([("e1", "source", ["ISR"]), ("e2", "source", ["ISR"])], {}),  # a field fixed: accepted
        # the latest word on a record wins
        ([("e1", *REJ), ("e2", *REJ), ("e1", *ACC)], {}),
        ([("e1", *ACC), ("e1", *REJ), ("e2", *REJ)], {"allow|REJECT": ("drop", None)}),
    ],
)
def test_verdicts(judged: list[tuple[str, str, Any]], want: dict) -> None:
    notes = [_note(r, f, new, n) for n, (r, f, new) in enumerate(judged, 1)]
    got = at.verdicts(notes)
    assert {k: (v["verdict"], v["type"]) for k, v in got.items()} == want


@pytest.mark.parametrize(
    "change",
    [
        {"active": False},  # undone
        {"undoes": 3},  # the undo itself
        {"kind": "marker"},
        {"trigger": None},  # an added event has no machine trigger
        {"machine_type": None},
        {"sentence": None},  # the record is gone: no words to read
        {"trigger": "permit"},  # not in its words
    ],
)
def test_what_teaches_nothing(change: dict[str, Any]) -> None:
    notes = [_note("e1", *REJ, 1), _note("e2", *REJ, 2, **change)]
    assert at.verdicts(notes) == {}


def test_an_added_event_teaches_no_trigger() -> None:
    added = {"start": 0, "end": 6, "text": "Israel", "type": "ASSAULT"}
    notes = [_note(r, ADDED, added, n) for n, r in enumerate(("e1", "e2"))]
    notes += [_note(r, *REJ, n + 2) for n, r in enumerate(("e1", "e2"))]
    assert at.verdicts(notes) == {}


def test_lemmas_come_from_the_parse() -> None:
    text = "The rebels have seized the airport and attacked the base."
    notes = [_note(r, *REJ, n, sentence=text, trigger="seized airport",
                   sentence_offset=text.index("seized"), evidence="seized the airport",
                   machine_type="ASSAULT") for n, r in enumerate(("e1", "e2"))]  # fmt: skip
    assert list(at.verdicts(notes)) == ["seize airport|ASSAULT"]


def _cand(lemmas: str, cameo: str, plover: str | None = None) -> SimpleNamespace:
    toks = [SimpleNamespace(lemma_=w) for w in lemmas.split()]
    return SimpleNamespace(trigger=toks, cameo=cameo, mode=None, plover=plover)


def test_screen_follows_the_table_in_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = {
        **at.verdicts([_note("e1", *REJ, 1), _note("e2", *REJ, 2)]),  # allow|REJECT: drop
        "warn|THREATEN": {
            "lemmas": "warn",
            "machine_type": "THREATEN",
            "verdict": "type",
            "type": "ACCUSE",
            "accepted": 0,
            "rejected": 0,
            "retyped": {"ACCUSE": 1},
            "records": ["e2"],
        },  # fmt: skip
    }
    cands = [_cand("allow", "120"), _cand("allow", "190"), _cand("warn", "130"),
             _cand("attack", "190")]  # fmt: skip
    monkeypatch.setenv(at.ENV, "")
    assert at.screen(list(cands)) == cands  # no table in use: untouched
    path = at.use(table, tmp_path / "ledger.duckdb")
    assert path == tmp_path / ("ledger.duckdb" + at.SUFFIX)
    assert at.table_in_use()["allow|REJECT"] == ("drop", None)
    kept = at.screen(list(cands))
    # REJECT "allow" dropped; the ASSAULT one ("allow" coded 190) is another trigger
    assert [(c.trigger[0].lemma_, c.cameo) for c in kept] == [
        ("allow", "190"), ("warn", "130"), ("attack", "190")]  # fmt: skip
    assert kept[1].plover == "ACCUSE" and kept[2].plover is None
    assert at.use({}, tmp_path / "ledger.duckdb") is None  # an empty table: no file, no var
    assert not path.exists() and at.table_in_use() == {}


@pytest.mark.model
def test_ingest_follows_the_triggers_analysts_rejected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An analyst rejects the meetings coded at "met" in two articles; the next article
    ingested into that store gets no "met" meeting, while a store without them codes it."""
    from click.testing import CliRunner

    from newsledger.cli import cli
    from newsledger.store import Store
    from tests.webdata import demo_analyses

    monkeypatch.setenv(at.ENV, "")  # restored after the test
    ans = demo_analyses()[:2]  # each has a meeting at "met" (e1)
    text = tmp_path / "new.txt"
    text.write_text("Iranian and Iraqi diplomats met in Baghdad on Monday to discuss border "
                    "security, the foreign ministry said.\n")  # fmt: skip
    found = {}
    for name, judge in (("plain", False), ("judged", True)):
        path = tmp_path / f"{name}.duckdb"
        with Store(path) as store:
            store.save_many(ans)
            for an in ans if judge else ():
                store.correct("event", an.events[0].id, "verdict", "rejected")
        result = CliRunner().invoke(cli, ["ingest", str(text), "--db", str(path),
                                          "--published", "2025-09-22"])  # fmt: skip
        assert result.exit_code == 0, result.output
        assert ("1 trigger verdict(s)" in result.stderr) is judge
        with Store(path) as store:
            found[name] = [(e["record"]["trigger"], e["plover"]) for e in store.events()
                           if e["article_id"] not in {a.article.id for a in ans}]  # fmt: skip
        monkeypatch.setenv(at.ENV, "")
    assert ("met", "CONSULT") in found["plain"]
    assert ("met", "CONSULT") not in found["judged"]
    assert (tmp_path / ("judged.duckdb" + at.SUFFIX)).is_file()


def test_train_with_corrections_writes_the_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsledger.cli.train import _tables

    monkeypatch.setenv(at.ENV, "")  # restored after the test
    monkeypatch.setenv("NEWSLEDGER_GAZETTEERS", "")
    said: list[str] = []
    _tables([_note("e1", *REJ, 1), _note("e2", *REJ, 2)], tmp_path / "l.duckdb", said.append)
    path = tmp_path / ("l.duckdb" + at.SUFFIX)
    assert path.is_file() and str(path) in said[0]
    assert "0 actor name(s), 1 trigger verdict(s)" in said[0]
