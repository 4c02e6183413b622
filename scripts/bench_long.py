#!/usr/bin/env python
"""Time and peak memory of one long article against a bare spaCy parse of the same text.

    PYTHONPATH=. python scripts/bench_long.py [--sizes 10000,100000,1000000] [--stages]

For each size, a news-like text of that many characters (real reports from the development
set `realnews-dev` when NEWSLEDGER_DATA or ../shared/data has it, else the bundled examples,
repeated paragraph by paragraph) is analysed in a fresh child process, twice: a bare parse
(`nlp.load()(text)`, the floor) and the full analysis (`pipeline.analyze_article`). Model
loading and a warm-up article come before the clock. Printed per size: CPU seconds and wall
seconds of each, their ratio, the extractors' own seconds (with --stages, each one's), and
peak resident memory of each child (`ru_maxrss`, model included). CPU seconds are the figure
to hold against a one-core budget on a shared machine; wall seconds include waiting for it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10_000, 100_000, 1_000_000)


def sources() -> list[str]:
    """Article texts to build long texts from: realnews-dev when present, else examples."""
    data = Path(os.environ.get("NEWSLEDGER_DATA") or ROOT.parent / "shared" / "data")
    texts = [p.read_text(encoding="utf-8") for p in sorted(data.glob("realnews-dev/[0-9]*.txt"))]
    if not texts:
        texts = [ROOT.joinpath("examples", "syria-israel-talks.txt").read_text(encoding="utf-8")]
        for line in ROOT.joinpath("examples", "more-reports.jsonl").read_text().splitlines():
            texts.append(json.loads(line)["text"])
    return texts


def long_text(chars: int) -> str:
    """About `chars` characters of news: whole reports one after another, paragraph-separated,
    cut at the last sentence end before the limit."""
    parts, out, size, i = sources(), [], 0, 0
    while size < chars:
        part = parts[i % len(parts)].strip()
        out.append(part)
        size += len(part) + 2
        i += 1
    text = "\n\n".join(out)[:chars]
    end = max(text.rfind(". "), text.rfind(".\n"))
    return text[: end + 1] if end > chars // 2 else text


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def child(chars: int, mode: str) -> dict[str, object]:
    """One measurement in this (fresh) process: `bare` parse or `full` analysis."""
    from newsledger import engines, nlp
    from newsledger.extract import EXTRACTORS
    from newsledger.ingest import article_from_text
    from newsledger.model import Found
    from newsledger.pipeline import analyze_article

    pipe = nlp.load()
    engines.warm_up()
    analyze_article(article_from_text(long_text(3000), "warm", published="2025-06-01"))
    loaded_mb = peak_rss_mb()
    article = article_from_text(long_text(chars), "long", published="2025-06-01")
    out: dict[str, object] = {"chars": len(article.text), "mode": mode, "loaded_mb": loaded_mb}
    wall, cpu = time.perf_counter(), time.process_time()
    if mode == "bare":
        doc = pipe(article.text)
        out["tokens"] = len(doc)
    elif mode == "full":
        analysis = analyze_article(article)
        out["events"] = len(analysis.events)
    else:  # stages: the parse, then each extractor timed on its own
        doc = pipe(article.text)
        stages, found = {}, Found()
        for extractor in EXTRACTORS:
            t = time.process_time()
            found.add(extractor.run(doc, article, found))
            stages[extractor.name] = round(time.process_time() - t, 2)
        out["stages"] = stages
    out["wall_s"] = round(time.perf_counter() - wall, 2)
    out["cpu_s"] = round(time.process_time() - cpu, 2)
    out["peak_mb"] = round(peak_rss_mb(), 0)
    return out


def measure(chars: int, mode: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    run = subprocess.run([sys.executable, __file__, "--child", str(chars), mode], env=env,
                         capture_output=True, text=True, check=False)
    if run.returncode != 0:
        return {"chars": chars, "mode": mode, "error": run.stderr.strip().splitlines()[-1:]}
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--stages", action="store_true", help="also time each extractor")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(int(args.child[0]), args.child[1])))
        return 0
    print(f"{'chars':>9} {'bare cpu s':>10} {'full cpu s':>10} {'ratio':>6} {'full wall s':>11} "
          f"{'bare MB':>8} {'full MB':>8} {'events':>7}")
    failed = False
    for chars in (int(s) for s in args.sizes.split(",")):
        bare, full = measure(chars, "bare"), measure(chars, "full")
        if "error" in bare or "error" in full:
            print(f"{chars:>9} failed: {bare.get('error') or full.get('error')}")
            failed = True
            continue
        ratio = float(full["cpu_s"]) / float(bare["cpu_s"]) if bare["cpu_s"] else 0.0
        print(f"{full['chars']:>9,} {bare['cpu_s']:>10} {full['cpu_s']:>10} {ratio:>6.2f} "
              f"{full['wall_s']:>11} {bare['peak_mb']:>8.0f} {full['peak_mb']:>8.0f} "
              f"{full['events']:>7}")
        if args.stages:
            stages = measure(chars, "stages")
            print(f"{'':>9} extractors, cpu s: {stages.get('stages') or stages.get('error')}")
    print(f"(tokens at the largest size: {bare.get('tokens')}; model loaded: "
          f"{bare.get('loaded_mb', 0):.0f} MB)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
