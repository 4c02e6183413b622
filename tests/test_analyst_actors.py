"""The analyst's actor table: names taught by source/target corrections, and their use as a
user gazetteer at analysis time."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsledger import analyst_actors
from newsledger.gazetteer import gazetteer
from newsledger.store import Store
from tests.webdata import save_demo


def _note(said: list[tuple[str, str]], new: list[str], n: int = 1, **kw: Any) -> dict[str, Any]:
    return {"id": n, "kind": "event", "field": "source", "active": True, "undoes": None,
            "machine_said": said, "new": new, "who": "ana", **kw}  # fmt: skip


@pytest.mark.parametrize(
    ("said", "new", "taught"),
    [
        # an unknown name the machine coded wrongly, set to a known actor: a name taught
        ([("SYRREB", "the Tahrir Front")], ["SYRHTS"], {"the tahrir front": "SYRHTS"}),
        (
            [("SYRREB", "Tahrir Front"), ("TUR", "Ankara")],
            ["SYRHTS", "TUR"],
            {"tahrir front": "SYRHTS"},
        ),  # fmt: skip
        # the package knows the name: the analyst moved the role, taught no name
        ([("COD", "Kinshasa")], ["RWA"], {}),
        # a word names another country: a role moved ("Iranian leaders" set to USA)
        ([("IRNGOV", "Iranian leaders")], ["USA"], {}),
        ([("SYRREB", "HTS")], ["SYRHTS"], {}),  # the package knows it already
        ([("SYRREB", "Nujaba")], ["IRQNUJ"], {"nujaba": "IRQNUJ"}),
        (
            [("USAGOV", "Treasury Secretary Scott Bessent")],
            ["USA"],
            {"treasury secretary scott bessent": "USA"},
        ),  # fmt: skip
        # capitalised only as a sentence's first words: no name
        ([("YEMCVL", "Eleven crew members")], ["YEMHOU"], {}),
        ([("SYRREB", "it")], ["SYRHTS"], {}),  # a back-reference names nobody
        ([("SYRREB", "the group")], ["SYRHTS"], {}),
        ([], ["SYRHTS"], {}),  # no mention to learn from
        ([("SYRREB", "Tahrir Front"), ("TUR", "Ankara")], ["SYRHTS", "QAT"], {}),  # which?
        ([("SYRREB", "Tahrir Front")], ["SYRREB"], {}),  # accepted as it was
    ],
)
def test_aliases(said: list, new: list[str], taught: dict[str, str]) -> None:
    got = analyst_actors.aliases([_note(said, new)])
    assert {k: v["actor_id"] for k, v in got.items()} == taught


def test_latest_active_correction_wins_and_undone_ones_teach_nothing() -> None:
    said = [("SYRREB", "Tahrir Front")]
    notes = [
        _note(said, ["SYRHTS"], 1),
        _note(said, ["SYRSNA"], 2),
        _note(said, ["SYRSDF"], 3, active=False),  # undone
        _note([("X", "Jolani Brigade")], ["SYRHTS"], 4, field="place"),  # not an actor field
    ]
    got = analyst_actors.aliases(notes)
    assert {k: v["actor_id"] for k, v in got.items()} == {"tahrir front": "SYRSNA"}


def test_the_table_is_a_user_gazetteer(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("NEWSLEDGER_GAZETTEERS", "")  # restored after the test
    table = analyst_actors.aliases([
        _note([("SYRREB", "Tahrir Front")], ["SYRHTS"], 1),
        _note([("XXX", "Northern Hawks")], ["SYRNHK"], 2),  # an actor the package lacks
    ])  # fmt: skip
    store = tmp_path / "ledger.duckdb"
    path = analyst_actors.use(table, store)
    assert path == tmp_path / "ledger.duckdb.analyst-actors.yaml"
    assert str(path) in os.environ["NEWSLEDGER_GAZETTEERS"].split(os.pathsep)
    entries = yaml.safe_load(path.read_text())["actors"]
    assert {"id": "SYRHTS", "aliases": ["Tahrir Front"]} in entries
    assert {"id": "SYRNHK", "aliases": ["Northern Hawks"], "name": "Northern Hawks",
            "kind": "group"} in entries  # fmt: skip
    gaz = gazetteer((path,))
    assert gaz.lookup("Tahrir Front").actor_id == "SYRHTS"
    assert gaz.lookup("Northern Hawks").actor_id == "SYRNHK"
    assert gazetteer(()).lookup("Tahrir Front", imported=False) is None
    # empty (every correction undone): no file, and no longer among the user gazetteers
    assert analyst_actors.use({}, store) is None and not path.exists()
    assert os.environ["NEWSLEDGER_GAZETTEERS"] == ""


def test_from_the_stores_corrections(tmp_path: Path) -> None:
    path = tmp_path / "ledger.duckdb"
    analyses = save_demo(path)
    # the demo's "The Israeli regime" (ISRGOV): set to ISRMIL teaches nothing (a known
    # demonym of the same country, but the package knows "Israeli": a role, not a name)
    event = analyses[0].events[3]
    with Store(path) as store:
        store.correct("event", event.id, "source", ["IRNGOV"])
        notes = store.annotations_with_context()
    assert notes[0]["machine_said"] == [("ISRGOV", "The Israeli regime")]
    assert analyst_actors.aliases(notes) == {}  # "Israeli" names another country than IRN


def test_ingest_uses_the_names_analysts_taught(tmp_path: Path, monkeypatch: Any) -> None:
    """An analyst sets the source "Tahrir Front" (coded as a generic rebel group) to SYRHTS;
    the next article ingested into the store that names "Tahrir Front" gets SYRHTS."""
    import dataclasses

    from click.testing import CliRunner

    from newsledger.cli import cli
    from newsledger.model import Participant
    from tests.webdata import demo_analyses

    monkeypatch.setenv("NEWSLEDGER_GAZETTEERS", "")  # restored after the test
    path = tmp_path / "ledger.duckdb"
    an = demo_analyses()[0]
    event = dataclasses.replace(
        an.events[2], source=(Participant("SYRREB", "Tahrir Front", "source"),)
    )
    an = dataclasses.replace(an, events=[*an.events[:2], event, *an.events[3:]])
    with Store(path) as store:
        store.save_many([an])
        store.correct("event", event.id, "source", ["SYRHTS"])
    text = tmp_path / "new.txt"
    text.write_text("Tahrir Front fighters shelled government positions near Idlib on "
                    "Monday, killing four soldiers, the ministry said.\n")  # fmt: skip
    result = CliRunner().invoke(cli, ["ingest", str(text), "--db", str(path),
                                      "--published", "2025-09-22"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 actor name(s) taught" in result.stderr
    assert (tmp_path / "ledger.duckdb.analyst-actors.yaml").is_file()
    with Store(path) as store:
        events = [e for e in store.events() if e["article_id"] != an.article.id]
    assert events and "SYRHTS" in events[0]["source_ids"]
