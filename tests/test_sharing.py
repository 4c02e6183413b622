"""Browsing while ingesting: `newsledger events` and `/api/events` answer while an ingest runs
in another process (the store is open only for short steps, and opens wait for the lock)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsledger.cli import cli
from newsledger.errors import StoreError
from newsledger.sharing import SharedStore, is_locked, open_shared

with warnings.catch_warnings():
    # Starlette 1.x asks for httpx2 in its test client; httpx (pinned) still works.
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]


def tiny_articles(n: int, seed: int = 0) -> list[str]:
    """`n` JSONL lines, each a two-sentence report with an event in it."""
    import random

    rnd = random.Random(seed)
    actors = ["Israeli forces", "Hamas", "Russian troops", "protesters", "police"]
    verbs = ["attacked", "met", "shelled", "criticised", "arrested"]
    lines = []
    for i in range(n):
        a, b = rnd.sample(actors, 2)
        text = (f"{a} {rnd.choice(verbs)} {b} in Gaza on Tuesday, officials said. "
                f"Report {i} says at least {rnd.randint(2, 40)} people were killed.")
        lines.append(json.dumps({"id": f"t{i}", "text": text, "outlet": "Wire",
                                 "published": "2025-09-19"}))
    return lines


def test_a_writer_and_a_reader_process_conflict_without_the_sharing(tmp_path: Path) -> None:
    """What the design works around: DuckDB refuses a read-only open beside a writer."""
    db = tmp_path / "s.duckdb"
    with open_shared(db) as store:
        store.counts()
        code = ("import duckdb, sys\ntry:\n duckdb.connect(sys.argv[1], read_only=True)\n"
                "except duckdb.Error as e:\n print(e)")
        out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True,
                             text=True, timeout=60).stdout
    assert "lock" in out.lower()


def test_an_open_gives_up_after_its_wait_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    SharedStore(db)
    code = ("import duckdb, sys, time\nc = duckdb.connect(sys.argv[1])\nprint('held', "
            "flush=True)\ntime.sleep(30)")
    holder = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError) as info:
            open_shared(db, read_only=True, wait=0.3)
        assert is_locked(info.value)
        assert "still locked by another newsledger process after 0.3 s" in str(info.value)
        assert "\n" not in str(info.value)
    finally:
        holder.kill()
        holder.communicate(timeout=30)


@pytest.mark.filterwarnings("ignore:.*httpx2.*")
def test_events_and_the_api_answer_while_an_ingest_runs(tmp_path: Path) -> None:
    from newsledger.api import create_app

    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(tiny_articles(400)) + "\n", encoding="utf-8")
    db = tmp_path / "ledger.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsledger", "ingest", str(source), "--db", str(db),
         "--engine", "inline", "--no-progress"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    cli_reads: list[float] = []
    api_reads: list[float] = []
    try:
        deadline = time.monotonic() + 240
        while not db.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        runner = CliRunner()
        with TestClient(create_app(db, read_only=True)) as client:
            while proc.poll() is None and time.monotonic() < deadline:
                t = time.monotonic()
                result = runner.invoke(cli, ["events", "--db", str(db), "--format", "json",
                                             "--limit", "3"], catch_exceptions=False)
                assert result.exit_code == 0, result.output
                json.loads(result.stdout)
                if proc.poll() is None:
                    cli_reads.append(time.monotonic() - t)
                t = time.monotonic()
                response = client.get("/api/events", params={"limit": 3})
                assert response.status_code == 200, response.text
                if proc.poll() is None:
                    api_reads.append(time.monotonic() - t)
    finally:
        if proc.poll() is None:
            proc.kill()
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "400 stored" in err
    assert len(cli_reads) >= 3 and len(api_reads) >= 3
    assert max(cli_reads + api_reads) < 30
    print(f"while ingesting: {len(cli_reads)} `events` (max {max(cli_reads):.2f} s), "
          f"{len(api_reads)} /api/events (max {max(api_reads):.2f} s)")
