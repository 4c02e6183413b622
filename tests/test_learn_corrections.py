"""Analysts' corrections as training data, and their CLI: `export --annotations` and
`train --with-corrections` (the retraining itself is minutes long: scripts/simulated_loop.py
runs it; here its inputs, its split and its refusals)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsledger.cli import cli
from newsledger.learn import corrections, training
from newsledger.learn.examples import LabelledText
from newsledger.store import Store
from tests.webdata import save_demo


def invoke(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def corrected(tmp_path: Path) -> tuple[Path, list[Any]]:
    """The demo store with an analyst's work on the first article: a type set, a type
    accepted, an event rejected, a correction undone."""
    path = tmp_path / "ledger.duckdb"
    analyses = save_demo(path)
    e = analyses[0].events
    with Store(path) as store:
        store.correct("event", e[0].id, "type", "AGREE", who="ana")
        store.correct("event", e[1].id, "verdict", "accepted")
        store.correct("event", e[2].id, "type", "COERCE")
        store.correct("event", e[2].id, "verdict", "rejected")
        gone = store.correct("event", e[3].id, "type", "PROTEST")
        store.undo_correction(gone["id"])
    return path, analyses


def test_type_examples_from_corrections(corrected: Any) -> None:
    path, analyses = corrected
    e = analyses[0].events
    with Store(path) as store:
        notes = store.annotations_with_context()
    assert [n["id"] for n in notes] == [1, 2, 3, 4, 5, 6]  # oldest first, undos included
    first = notes[0]
    assert first["evidence"] == e[0].trigger and first["machine"] == e[0].type.plover
    assert first["sentence"].startswith("Israeli and Syrian officials met")
    assert first["sentence"][first["sentence_offset"] :].startswith(e[0].evidence.text)
    got = {ex.id: ex for ex in corrections.type_examples(notes)}
    # a type set, a type accepted as it was; the rejected and the undone give none
    assert set(got) == {f"correction-{e[0].id}", f"correction-{e[1].id}"}
    typed = got[f"correction-{e[0].id}"]
    assert typed.label == "AGREE" and typed.dataset == "corrections"
    assert typed.extra["cue"].startswith("met in London") and typed.group == analyses[0].article.id
    assert got[f"correction-{e[1].id}"].label == e[1].type.plover


def _ex(dataset: str, text: str, label: str = "ASSAULT") -> LabelledText:
    return LabelledText(dataset, text[:20], text, label, group=text[:20])


def test_split_puts_corrections_first_and_scores_no_corrected_article(monkeypatch: Any) -> None:
    public = [_ex("pub", f"Sentence number {n} about a strike.") for n in range(40)]
    dev_set = [
        _ex("dev", "Troops shelled the town overnight."),
        _ex("dev", "The ministers met in Doha.", "CONSULT"),
    ]
    monkeypatch.setattr(training, "read", lambda name: public if name == "pub" else dev_set)
    config = {
        "split": {"seed": 1, "dev_fraction": 0.25},
        "train_sets": {"pub": 1.0},
        "dev_sets": ["pub", "dev"],
    }
    train0, dev0 = training.split_examples(config)
    ours = [_ex("corrections", train0[0].text, "PROTEST")]  # an analyst relabels a sentence
    article = "Intro. Troops shelled the town overnight. More text."
    config2, n = corrections.with_corrections("event_type", config, [], [article])
    config2["corrections"] = ours
    train1, dev1 = training.split_examples(config2)
    assert config2["train_sets"]["corrections"] == corrections.WEIGHT and n == 0
    same = [ex for ex in train1 if ex.text == train0[0].text]
    assert [ex.label for ex in same] == ["PROTEST"]  # the analyst's label, not the public one
    assert len(train1) == len(train0)
    assert "Troops shelled the town overnight." not in [ex.text for ex in dev1]
    assert len(dev1) == len(dev0) - 1


def test_with_corrections_refuses_models_that_do_not_learn_from_them() -> None:
    with pytest.raises(KeyError):
        corrections.with_corrections("loaded_language", {"train_sets": {}}, [], [])


def test_export_annotations_as_jsonl(corrected: Any, tmp_path: Path) -> None:
    path, _ = corrected
    out = tmp_path / "notes.jsonl"
    result = invoke("export", "--db", str(path), "--annotations", "--to", str(out))
    assert result.exit_code == 0 and "6 annotations written" in result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["field"] for r in rows] == ["type", "verdict", "type", "verdict", "type", "type"]
    assert rows[-1]["undoes"] == 5 and rows[4]["active"] is False
    assert all(r["sentence"] and r["outlet"] for r in rows)
    bad = invoke("export", "--db", str(path), "--annotations", "--to", str(tmp_path / "x.csv"))
    assert bad.exit_code == 1 and "JSONL" in bad.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["train", "--with-corrections"], "name it"),
        (["train", "loaded_language", "--with-corrections"], "event_type"),
    ],
)
def test_train_with_corrections_refusals(corrected: Any, args: list[str], message: str) -> None:
    result = invoke(*args, "--db", str(corrected[0]))
    assert result.exit_code == 1 and message in result.stderr


def test_train_with_corrections_needs_some(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    save_demo(path)
    result = invoke("train", "event_type", "--with-corrections", "--db", str(path))
    assert result.exit_code == 1 and "no corrections stored yet" in result.stderr


@pytest.fixture
def judged(tmp_path: Path) -> tuple[Path, list[Any]]:
    """The demo store with an event added (one the machine missed), one accepted and one
    rejected, and an added one undone."""
    path = tmp_path / "ledger.duckdb"
    analyses = save_demo(path)
    an = analyses[0]
    at = an.article.text.index("to discuss")
    with Store(path) as store:
        store.add_event(an.article.id, at, at + 10, "CONSULT", ["ISRGOV"], ["SYRGOV"])
        store.correct("event", an.events[0].id, "verdict", "accepted")
        store.correct("event", an.events[2].id, "verdict", "rejected")
        gone = store.add_event(an.article.id, 0, 7, "PROTEST")
        store.undo_correction(gone["id"])
    return path, analyses


def test_added_events_are_type_examples_and_rejected_ones_none(judged: Any) -> None:
    path, analyses = judged
    e = analyses[0].events
    with Store(path) as store:
        notes = store.annotations_with_context()
    labels = {j["note"]["record_id"]: j["label"] for j in corrections.judged_events(notes)}
    added = next(k for k in labels if "-h" in k)
    assert labels == {added: "CONSULT", e[0].id: e[0].type.plover, e[2].id: "NONE"}
    got = {ex.id: ex for ex in corrections.type_examples(notes)}
    assert set(got) == {f"correction-{added}", f"correction-{e[0].id}"}
    assert got[f"correction-{added}"].extra["cue"].startswith("to discuss")


def test_detect_rows_label_the_head_verb_of_judged_events(judged: Any) -> None:
    path, analyses = judged
    with Store(path) as store:
        notes = store.annotations_with_context()
    rows = corrections.detect_rows(notes)
    got = {next(f for f in feats if f.startswith("l=")): label for feats, label, _, _ in rows}
    # "met" accepted as it was, "discuss" added, "struck" rejected: only those verbs
    assert got == {"l=meet": "CONSULT", "l=discuss": "CONSULT", "l=strike": "NONE"}
    config, n = corrections.with_corrections("event_detect", {"train_sets": {}}, notes, [])
    assert n == 3 and len(config["correction_rows"]) == 3 and "corrections" not in config
