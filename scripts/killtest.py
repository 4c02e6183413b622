"""Kill an ingest mid-run, again and again, and compare with a clean run: nothing lost,
nothing twice.

    python scripts/killtest.py [--kills N] [--articles M] [--seed S]

Ingests M generated articles into a clean store; then ingests them again into another store,
killing the run (SIGKILL) N times and restarting it, and lets the last run finish. The runs
commit 16 articles at a time (NEWSLEDGER_COMMIT_EVERY), so that 20 kills fit in 1,000
articles. Each kill is triggered by progress, not by a timer: the run's progress bar (stderr)
is read, and once it has gone a random number of articles (one or more) past what the store
held at its start, never within two batches of the end, the kill comes after a random
fraction of one batch's time, so it lands during analysis or during a commit. Prints per kill
the articles stored, then the articles lost and duplicated and whether the events equal the
clean run's. Exit status 1 when any differ or a run ended before it could be killed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]


def write_articles(path: Path, n: int, seed: int) -> None:
    rnd = random.Random(seed)
    actors = ["Israeli forces", "Hamas", "Russian troops", "Ukrainian drones", "protesters",
              "police", "the Syrian government"]
    verbs = ["attacked", "met", "shelled", "criticised", "accused", "arrested"]
    places = ["Gaza", "Damascus", "Kyiv", "Beirut", "Aleppo"]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            a, b = rnd.sample(actors, 2)
            text = (f"{a} {rnd.choice(verbs)} {b} in {rnd.choice(places)} on Tuesday, officials "
                    f"said. Report {i} says at least {rnd.randint(2, 40)} people were killed.")
            fh.write(json.dumps({"id": f"k{i}", "text": text, "published": "2025-09-19",
                                 "outlet": rnd.choice(["Wire", "Daily", "Post"])}) + "\n")


BATCH = 16  # articles a commit: small, so that 20 kills fit in 1,000 articles
_PROGRESS = re.compile(rb"ingest: (\d+)input")


def command(src: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "newsledger", "ingest", str(src), "--db", str(db),
            "--engine", "inline", "--progress"]


def clean_run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run an ingest to its end: its seconds, and the seconds to its first progress."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    first, log = None, bytearray()
    while chunk := proc.stderr.read1(4096):
        log.extend(chunk)
        counts = _PROGRESS.findall(log[-200:]) if first is None else []
        if counts and int(counts[-1]) > 0:
            first = time.monotonic() - start
    if proc.wait() != 0:
        raise SystemExit("the clean run failed: " + log.decode(errors="replace")[-500:])
    total = time.monotonic() - start
    return total, first if first is not None else 0.0


def run_and_kill(cmd: list[str], env: dict[str, str], target: int, delay: float) -> bool:
    """Start an ingest, SIGKILL it `delay` s after its progress reaches `target` inputs; False
    when it ended first."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    reached, log = threading.Event(), bytearray()

    def watch() -> None:
        assert proc.stderr is not None
        while chunk := proc.stderr.read1(4096):
            log.extend(chunk)
            counts = _PROGRESS.findall(log[-200:])
            if counts and int(counts[-1]) >= target:
                reached.set()
        reached.set()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    reached.wait()
    time.sleep(delay)
    alive = proc.poll() is None
    if alive:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    watcher.join(timeout=10)
    proc.stderr.close()
    return alive


def figures(db: Path) -> dict[str, object]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        ids = [r[0] for r in con.execute("SELECT external_id FROM articles").fetchall()]
        events = sorted(r[0] for r in con.execute("SELECT id FROM events").fetchall())
        stories = con.execute("SELECT count(*) FROM stories").fetchall()[0][0]
    finally:
        con.close()
    return {"ids": ids, "events": events, "stories": stories}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    env = {**os.environ, "NEWSLEDGER_COMMIT_EVERY": str(BATCH),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with tempfile.TemporaryDirectory() as tmp:
        src, clean_db, kill_db = Path(tmp, "in.jsonl"), Path(tmp, "clean.duckdb"), Path(
            tmp, "killed.duckdb")
        write_articles(src, args.articles, args.seed)
        clean_s, first_s = clean_run(command(src, clean_db), env)
        # a batch's time, model loading left out (the first progress comes after a batch)
        per_batch = (clean_s - first_s) / max(1, args.articles / BATCH - 1)
        print(f"clean run: {args.articles} articles in {clean_s:.1f} s, {per_batch:.1f} s a batch")
        kills = 0
        while kills < args.kills:
            stored = len(figures(kill_db)["ids"]) if kill_db.exists() else 0
            room = args.articles - 2 * BATCH - stored
            if room <= 0:
                print(f"stopping after {kills} kills: {stored} of {args.articles} stored, too "
                      "few left to kill mid-run")
                break
            # spread the kills left over what is left, a random share each; progress moves a
            # batch at a time, so each kill lands in the batch after the first fresh one
            # committed, a random part of a batch's time later: during analysis or a commit
            step = int(rnd.uniform(0, 1.0) * room / (args.kills - kills))
            target, delay = stored + max(1, step), rnd.uniform(0, per_batch)
            if not run_and_kill(command(src, kill_db), env, target, delay):
                print(f"run {kills + 1} ended before its kill")
                break
            kills += 1
            after = len(figures(kill_db)["ids"]) if kill_db.exists() else 0
            print(f"kill {kills}: {after} articles stored (+{after - stored})")
        final = subprocess.run(command(src, kill_db), env=env, capture_output=True, text=True)
        print(f"final run: {final.stderr.strip().splitlines()[-1] if final.stderr else ''}")
        complete = kills == args.kills
        clean, killed = figures(clean_db), figures(kill_db)
    lost = len(set(clean["ids"]) - set(killed["ids"]))
    duplicated = len(killed["ids"]) - len(set(killed["ids"]))
    events_equal = clean["events"] == killed["events"]
    print(f"{kills} SIGKILLs during an ingest of {args.articles} articles: {lost} lost, "
          f"{duplicated} duplicated, events equal: {events_equal} ({len(killed['events'])} vs "
          f"{len(clean['events'])}), stories {killed['stories']} vs {clean['stories']}")
    ok = final.returncode == 0 and not lost and not duplicated and events_equal and complete
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
