"""Shared fixtures: sample texts and small stores in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SAMPLE = EXAMPLES / "syria-israel-talks.txt"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.duckdb"


_GOLD_REPORTS: dict[str, object] = {}


@pytest.fixture(scope="session")
def gold_report():  # noqa: ANN201 - returns a getter
    """The report of one gold set, scored once per test session (the gates share it)."""
    from newsledger.eval.gold import run

    def get(name: str):  # noqa: ANN202
        if name not in _GOLD_REPORTS:
            (_GOLD_REPORTS[name],) = run(name)
        return _GOLD_REPORTS[name]

    return get
