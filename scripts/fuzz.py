"""Fuzz the input edges: N generated inputs through `newsledger.analyze` and through `ingest`
(as JSONL lines, into a temporary store). Prints how many were analysed, refused (by reason),
or crashed (an exception that is not a refusal), and the slowest inputs.

    python scripts/fuzz.py 2000 [--seed 16] [--no-ingest]

Inputs mix news-like sentences with what breaks readers: lone surrogates, control and
bidirectional characters, emoji, NULs, run-on sentences up to ~40 KB, non-English text, and
for the JSONL lines every JSON type in every field (`text`, `title`, `outlet`, `url`, `id`,
`published`), with dates out of range or not dates at all.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

SENTENCES = [
    "Israeli forces struck a refinery in Gaza on Tuesday, officials said",
    "Hamas fighters attacked a convoy near Rafah in a raid brokered by Qatar",
    "The foreign ministers met in Geneva to discuss a ceasefire",
    "Russian air defences shot down 57 drones overnight, the ministry said",
    "Protesters clashed with police in Cairo after the vote",
    "The government denied that its troops had shelled villages in Idlib",
    "Syria's foreign minister, Asaad al-Shaibani, met the US envoy in London",
]
ODD = ["\ud800", "\udfff", "\x00", "\x1b[31m", "\u202e", "\u2028", "\ufeff", "😀", "\u0301",
       "\r", "\t", "ｆｕｌｌ", "𝕏", "\x85", "€", "Ω", "日本語", "مرحبا", "\\", '"']
DATES = [None, "", "2025-09-19", "19 September 2025", "x", "a", "1.5", "0001-01-01",
         "9999-12-31", "2025-02-30", "Sept 19", "2025-09-19T10:00:00Z", "\ud800", "2025"]
JSON_VALUES: list[Any] = [None, 0, -1, 1.5, 10**30, True, False, [], ["x"], {}, {"a": 1}, "",
                          "s", "\ud800"]


def text(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.05:
        return ""
    if kind < 0.10:
        return "".join(rng.choice(ODD) for _ in range(rng.randint(1, 50)))
    if kind < 0.15:
        return "Der Minister hat am Mittwoch gesagt, dass die Regierung nicht verhandeln werde."
    if kind < 0.20:  # run-on: clauses joined without a full stop
        n = rng.choice([50, 200, 600])
        return ", and ".join(rng.choice(SENTENCES) for _ in range(n)) + "."
    words = ". ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 6))) + "."
    for _ in range(rng.randint(0, 4)):
        at = rng.randint(0, len(words))
        words = words[:at] + rng.choice(ODD) + words[at:]
    return words


def analyze_case(rng: random.Random) -> dict[str, Any]:
    return {"text": text(rng), "published": rng.choice(DATES),
            "outlet": rng.choice([None, "Wire", "\ud800", ""])}


def jsonl_line(rng: random.Random) -> str:
    obj: dict[str, Any] = {"text": text(rng)}
    for field in ("title", "outlet", "url", "id", "published"):
        r = rng.random()
        if r < 0.4:
            continue
        if field == "published":
            obj[field] = rng.choice(DATES) if r < 0.8 else rng.choice(JSON_VALUES)
        else:
            obj[field] = f"{field}-{rng.randint(0, 99)}" if r < 0.8 else rng.choice(JSON_VALUES)
    if rng.random() < 0.05:
        obj["text"] = rng.choice(JSON_VALUES)
    if rng.random() < 0.03:
        return rng.choice(["{", "[" * 5000, "null", '"text"', "{\"text\": 1e999999}"])
    return json.dumps(obj, ensure_ascii=rng.random() < 0.5)


def run_analyze(
    cases: list[dict[str, Any]],
) -> tuple[Counter[str], list[tuple[float, float, int, str]]]:
    import newsledger
    from newsledger import engines
    from newsledger.errors import RejectedInput

    results: Counter[str] = Counter()
    times: list[tuple[float, float, int, str]] = []
    engines.warm_up()  # the models and every lazily loaded table, before the clock
    for case in cases:
        start, cpu = time.perf_counter(), time.process_time()
        try:
            newsledger.analyze(case["text"], published=case["published"], outlet=case["outlet"])
            results["ok"] += 1
        except RejectedInput as exc:
            results[f"refused:{exc.reason}"] += 1
        except Exception:  # noqa: BLE001 - counting crashes is the point
            results["crashed"] += 1
            print("CRASH analyze", repr(case)[:200], file=sys.stderr)
            traceback.print_exc(limit=3)
        times.append((time.process_time() - cpu, time.perf_counter() - start,
                      len(case["text"]), repr(case["text"])[:60]))
    return results, times


def run_ingest(lines: list[str]) -> Counter[str]:
    from newsledger.ingest import Options, iter_inputs
    from newsledger.pipeline import ingest
    from newsledger.store import Store

    results: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.jsonl"
        path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
        try:
            with Store(Path(tmp) / "fuzz.duckdb") as store:
                summary = ingest(iter_inputs([str(path)], Options()), store)
            results["stored"] = summary.stored
            results["duplicates"] = summary.duplicates
            results["copies by other outlets"] = summary.copies
            for reason, n in summary.rejected.items():
                results[f"refused:{reason}"] = n
        except Exception:  # noqa: BLE001
            results["crashed"] += 1
            traceback.print_exc(limit=5)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--no-ingest", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cases = [analyze_case(rng) for _ in range(args.n)]
    start = time.perf_counter()
    results, times = run_analyze(cases)
    total = time.perf_counter() - start
    print(f"analyze: {args.n} inputs in {total:.0f} s")
    for key, n in sorted(results.items()):
        print(f"  {key:24} {n}")
    # CPU seconds are the figure for the one-core budget; wall seconds include waiting for it
    print("  slowest (CPU s, wall s, characters):")
    for cpu, wall, chars, shown in sorted(times, reverse=True)[:5]:
        print(f"    {cpu:6.2f} {wall:6.2f} {chars:7,}  {shown}")
    over = [t for t in times if t[2] < 100_000 and t[0] >= 2.0]
    print(f"  inputs under 100 KB at 2 CPU s or more: {len(over)} of {len(times)}")
    if not args.no_ingest:
        lines = [jsonl_line(rng) for _ in range(args.n)]
        start = time.perf_counter()
        ingested = run_ingest(lines)
        print(f"ingest: {args.n} JSONL lines in {time.perf_counter() - start:.0f} s")
        for key, n in sorted(ingested.items()):
            print(f"  {key:24} {n}")
        results.update({"crashed": ingested["crashed"]})
    sys.exit(1 if results["crashed"] else 0)


if __name__ == "__main__":
    main()
