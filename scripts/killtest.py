"""Kill an ingest at random and compare with a clean run: nothing lost, nothing twice.

    python scripts/killtest.py [--kills N] [--articles M] [--seed S]

Ingests M generated articles into a clean store; then ingests them again into another store,
killing the run (SIGKILL) N times at random moments and restarting it, and lets the last run
finish. Prints the articles lost and duplicated, and whether the events equal the clean run's.
Exit status 1 when any differ. The defaults take about two minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
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


def command(src: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "newsledger", "ingest", str(src), "--db", str(db),
            "--engine", "inline", "--no-progress"]


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
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with tempfile.TemporaryDirectory() as tmp:
        src, clean_db, kill_db = Path(tmp, "in.jsonl"), Path(tmp, "clean.duckdb"), Path(
            tmp, "killed.duckdb")
        write_articles(src, args.articles, args.seed)
        start = time.monotonic()
        subprocess.run(command(src, clean_db), env=env, check=True, capture_output=True)
        clean_s = time.monotonic() - start
        print(f"clean run: {args.articles} articles in {clean_s:.1f} s")
        kills = 0
        while kills < args.kills:
            proc = subprocess.Popen(command(src, kill_db), env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            # past the model load (about a third of a clean run), then a share of the work
            # such that N kills spread over the whole ingest
            time.sleep(clean_s * (0.35 + rnd.uniform(0, 2 * 0.65 / args.kills)))
            if proc.poll() is not None:
                break  # it finished before this kill: nothing left to interrupt
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            kills += 1
            stored = len(figures(kill_db)["ids"]) if kill_db.exists() else 0
            print(f"kill {kills}: {stored} articles stored so far")
        final = subprocess.run(command(src, kill_db), env=env, capture_output=True, text=True)
        print(f"final run: {final.stderr.strip().splitlines()[-1] if final.stderr else ''}")
        clean, killed = figures(clean_db), figures(kill_db)
    lost = len(set(clean["ids"]) - set(killed["ids"]))
    duplicated = len(killed["ids"]) - len(set(killed["ids"]))
    events_equal = clean["events"] == killed["events"]
    print(f"{kills} SIGKILLs during an ingest of {args.articles} articles: {lost} lost, "
          f"{duplicated} duplicated, events equal: {events_equal} ({len(killed['events'])} vs "
          f"{len(clean['events'])}), stories {killed['stories']} vs {clean['stories']}")
    return 0 if final.returncode == 0 and not lost and not duplicated and events_equal else 1


if __name__ == "__main__":
    sys.exit(main())
