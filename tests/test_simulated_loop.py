"""scripts/simulated_loop.py: its folds keep a story's articles together and cover the set."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from newsledger.eval.gold import default_file

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "simulated_loop.py"


def _folds() -> dict[str, tuple[int, ...]]:
    spec = importlib.util.spec_from_file_location("simulated_loop", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.FOLDS


def test_the_folds_partition_the_thirty_articles_in_equal_parts() -> None:
    folds = _folds()
    numbers = sorted(n for scored in folds.values() for n in scored)
    assert numbers == list(range(1, 31))  # each article scored once
    assert {len(scored) for scored in folds.values()} == {10}


def test_no_story_spans_two_folds() -> None:
    index = default_file("realnews-dev", "index.jsonl")
    if index is None or not Path(index).is_file():
        pytest.skip("realnews-dev is not under ../shared/data")
    rows = [json.loads(line) for line in Path(index).read_text("utf-8").splitlines() if line]
    fold_of = {n: name for name, scored in _folds().items() for n in scored}
    by_group: dict[str, set[str]] = {}
    for row in rows:
        by_group.setdefault(row["group"], set()).add(fold_of[int(row["nn"])])
    assert all(len(folds) == 1 for folds in by_group.values()), by_group
    assert sum(g.startswith("G") for g in by_group) == 8  # the eight story groups
