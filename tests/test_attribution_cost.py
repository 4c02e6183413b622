"""learn/attribution_cost: the attribution stage's cost, model beside rules, in one run."""

from __future__ import annotations

from pathlib import Path

from newsledger.learn import attribution_cost

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "syria-israel-talks.txt"


def test_measure_reports_both_runs_on_the_same_texts() -> None:
    out = attribution_cost.measure(2, str(EXAMPLE))
    assert out["articles"] == 2 and out["words"] > 0
    for name in ("rules", "model+rules"):
        assert out[name]["cpu_s"] >= 0 and out[name]["words_per_s"] > 0
