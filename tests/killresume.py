"""A real SIGKILL in the middle of `newsledger ingest`, then a re-run: shared by the tests of
each engine (in-process in test_cli.py, the process pool in test_engines.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import duckdb


def kill_mid_ingest_then_rerun(tmp_path: Path, engine_args: list[str], n: int = 1000) -> None:
    """Assert that a killed ingest left a partial store and that the re-run stores every
    article exactly once, with no duplicated events."""
    src = tmp_path / "many.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = (f"Report number {i}: officials met in Geneva on Tuesday to discuss the "
                    f"ceasefire, and {i} observers said the talks would continue.")
            fh.write(json.dumps({"id": f"r{i}", "text": text}) + "\n")
    db = tmp_path / "kill.duckdb"
    cmd = [sys.executable, "-m", "newsledger", "ingest", str(src), "--db", str(db),
           *engine_args]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([*cmd, "--progress"], stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, env=env)
    log = bytearray()
    committed = threading.Event()

    def watch() -> None:
        assert proc.stderr is not None
        while chunk := proc.stderr.read1(256):
            log.extend(chunk)
            if b"128input" in log or b"192input" in log:  # some batches are committed
                committed.set()
        committed.set()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    committed.wait(timeout=300)
    alive = proc.poll() is None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    watcher.join(timeout=10)
    assert proc.stderr is not None
    proc.stderr.close()
    assert alive, "the ingest ended before it could be killed: " + log.decode(errors="replace")

    con = duckdb.connect(str(db))
    partial = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    assert 0 < partial < n

    rerun = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{n - partial} stored, {partial} duplicates" in rerun.stderr
    con = duckdb.connect(str(db))
    total, distinct = con.execute(
        "SELECT count(*), count(DISTINCT external_id) FROM articles").fetchone()
    event_dupes = con.execute("SELECT count(*) - count(DISTINCT id) FROM events").fetchone()[0]
    con.close()
    assert total == distinct == n
    assert event_dupes == 0
