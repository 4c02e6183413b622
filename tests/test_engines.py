"""Engines: in-process, local pool and Spark give the same rows for the same articles."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsledger import engines

TEXTS = [
    "Israeli and Syrian officials met in Paris on Wednesday for talks mediated by the "
    "United States, two diplomats said.",
    "Russian forces launched a missile strike on Kharkiv on Tuesday, killing three people, "
    "the regional governor said.",
    "Thousands of protesters marched through central Nairobi on Monday to demand lower "
    "taxes, police said.",
    "The weather was mild and the markets were quiet for most of the week in the capital.",
]


def rows() -> list[dict]:
    out = [
        {"text": t, "outlet": f"Outlet {i}", "published": "2025-09-18", "id": f"x{i}"}
        for i, t in enumerate(TEXTS)
    ]
    out.append({"text": "too short", "source": "bad-row"})
    return out


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ({"text": ""}, "empty"),
        ({"text": "a b c"}, "too_short"),
        ({"title": "no text"}, "malformed_json"),
        ({"text": TEXTS[0], "published": "not a date at all zz"}, "bad_date"),
    ],
)
def test_article_from_row_rejects(row: dict, reason: str) -> None:
    with pytest.raises(engines.RejectedInput) as info:
        engines.article_from_row(row)
    assert info.value.reason == reason


def test_article_from_row_keeps_stored_id() -> None:
    art = engines.article_from_row({"article_id": "abc123", "text": TEXTS[0], "id": 7})
    assert art.id == "abc123" and art.external_id == "7"
    fresh = engines.article_from_row({"text": TEXTS[0]})
    assert len(fresh.id) == 32 and fresh.external_id is None


def test_chunks() -> None:
    assert list(engines._chunks(range(5), 2)) == [[0, 1], [2, 3], [4]]
    assert list(engines._chunks([], 3)) == []


def test_read_rows_jsonl_and_parquet(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows()) + "\n\n", encoding="utf-8")
    got = list(engines.read_rows(src))
    assert [r["text"] for r in got] == [r["text"] for r in rows()]
    assert got[0]["source"] == f"{src}:1"
    pq.write_table(pa.Table.from_pylist([{"text": t} for t in TEXTS]), tmp_path / "a.parquet")
    assert [r["text"] for r in engines.read_rows(tmp_path / "a.parquet")] == TEXTS


def test_run_rejects_unknown_engine() -> None:
    with pytest.raises(ValueError, match="expected inline or local"):
        engines.run([], engine="spark")


@pytest.mark.model
def test_inline_and_pool_give_identical_rows() -> None:
    inline = list(engines.run_inline(rows(), batch_size=2))
    pooled = list(engines.run_local(rows(), workers=2, batch_size=2, max_in_flight=2))
    assert inline == pooled
    assert len(inline) == len(rows())
    assert [r["external_id"] for r in inline[:4]] == ["x0", "x1", "x2", "x3"]
    assert inline[-1]["rejection"]["reason"] == "too_short"
    assert all(r["article_id"] for r in inline[:4])
    assert inline[0]["article"]["outlet"] == "Outlet 0"


def _java() -> bool:
    return shutil.which("java") is not None


@pytest.mark.spark
@pytest.mark.model
def test_spark_local_matches_inline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyspark")
    if not _java():
        pytest.skip("Java is not installed; Spark needs it")
    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows()), encoding="utf-8")
    result = engines.run_spark(src, tmp_path / "out", master="local[1]", batch_size=2)
    assert result.rows == len(rows()) and result.rejected == 1
    import duckdb

    got = duckdb.sql(
        f"SELECT article_id, analysis FROM read_parquet('{tmp_path}/out/*.parquet') "
        "WHERE rejection IS NULL"
    ).fetchall()
    inline = {r["article_id"]: r for r in engines.run_inline(rows()) if r["article_id"]}
    assert {a: json.loads(j) for a, j in got} == inline


@pytest.mark.model
@pytest.mark.slow
def test_sigkill_pool_ingest_then_rerun_stores_each_article_once(tmp_path: Path) -> None:
    from .killresume import kill_mid_ingest_then_rerun

    kill_mid_ingest_then_rerun(tmp_path, ["--engine", "local", "--workers", "2"])
