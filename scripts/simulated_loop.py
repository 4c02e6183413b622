"""The analyst in the loop, simulated on realnews-dev (issue 17's bar, at the size we have).

realnews-dev has 30 articles, not the 50 the issue's bar names, in 8 story groups of 2-3
outlets plus 7 single articles. A fair split keeps a story's articles on one side, so that no
event is both corrected and scored: fold A corrects articles 01-15 (stories G1-G5) and scores
16-30 (G6-G8 and the singles); fold B the other way round.

For each fold: the correction articles are analysed by the full pipeline as shipped and stored
in a fresh store; an analyst is simulated from the gold: each gold event whose cue (or one of
its `also` cues) overlaps a stored event gets, on the first such event, a verdict `accepted`
when the stored type is among the gold's acceptable types, else a `type` correction to the
gold's first type (through `Store.correct`, as the UI and the API make them). Gold events the
pipeline did not find have no record to correct, so they teach nothing (the UI corrects
records; it does not add events). Then `newsledger train event_type --with-corrections` runs
(into a temporary folder: the shipped model is never touched), which leaves the corrected
articles out of every dev figure and scores the shipped model on the same dev examples.

What it measures: whether the event-type model, retrained with the corrected types of one half
of realnews-dev (weight 3, as shipped), types the gold events of the other half's different
stories better than the shipped model. realnews-dev figures are development figures (the set
was read while the rules were written), and a gold event the rules do not detect counts as
wrong for both, so the gain is bounded by detection.

A control (--control) retrains without the corrections on the same split: the shipped
weights were trained by an earlier state of the rules and features, so "shipped" against
"with corrections" mixes what retraining alone changes with what the corrections change.

    PYTHONPATH=. NEWSLEDGER_DATA=../shared/data nice python scripts/simulated_loop.py \
        [--fold A] [--control] [--weight 3] [--json figures.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from newsledger.learn.corrections import WEIGHT

FOLDS = {"A": (1, 15), "B": (16, 30)}  # the article numbers whose gold becomes corrections


def simulate(store: Any, analyses: list[Any], gold: dict[str, dict]) -> dict[str, int]:
    """An analyst's verdicts and type corrections from the gold; return what was done."""
    done = {"gold_events": 0, "matched": 0, "accepted": 0, "retyped": 0}
    for an in analyses:
        text = an.article.input_text
        used: set[str] = set()
        for ev in gold[an.article.id].get("events", []):
            done["gold_events"] += 1
            types = ev.get("plover") or []
            spans = [
                (at, at + len(c))
                for c in [ev.get("cue"), *(ev.get("also") or [])]
                if c and (at := text.find(c)) >= 0
            ]
            hits = [
                e
                for e in an.events
                if e.id not in used
                and any(e.evidence.start < b and e.evidence.end > a for a, b in spans)
            ]
            if not hits or not types:
                continue
            event = min(hits, key=lambda e: e.evidence.start)
            used.add(event.id)
            done["matched"] += 1
            if event.type.plover in types:
                store.correct("event", event.id, "verdict", "accepted", who="simulated")
                done["accepted"] += 1
            else:
                store.correct("event", event.id, "type", types[0], who="simulated")
                done["retyped"] += 1
    return done


def run_fold(name: str, work: Path, weight: float, control: bool) -> dict[str, Any]:
    from newsledger.ingest import article_from_text
    from newsledger.learn import train as training
    from newsledger.learn.readers import folder
    from newsledger.learn.readers.realnews import articles
    from newsledger.pipeline import analyze_articles
    from newsledger.store import Store

    low, high = FOLDS[name]
    chosen, gold = [], {}
    for entry, text, g in articles(folder("realnews-dev")):
        if low <= int(entry["nn"]) <= high:
            art = article_from_text(
                text,
                source=entry["file"],
                outlet=entry["outlet"],
                title=entry.get("title"),
                published=dt.date.fromisoformat(entry["date"]),
            )
            chosen.append(art)
            gold[art.id] = g
    say(f"fold {name}: analysing articles {low:02d}-{high:02d} ({len(chosen)}) ...")
    analyses = list(analyze_articles(chosen))
    db = work / f"fold-{name}.duckdb"
    with Store(db) as store:
        store.save_many(analyses)
        done = simulate(store, analyses, gold)
        notes = store.annotations_with_context()
    say(f"fold {name}: {done}")
    texts = [a.article.input_text for a in analyses]
    corrections = training.Corrections(notes, texts, weight)
    meta = training.train(
        ["event_type"], work / f"models-{name}", progress=say, corrections=corrections
    )["event_type"]
    out = {
        "fold": name,
        "corrected_articles": f"{low:02d}-{high:02d}",
        "simulated": done,
        "corrections": meta["corrections"],
        "before": meta["figures_before"],
        "after": meta["figures"],
    }
    if control:  # the same retraining without the corrections: what retraining alone does
        same = training.Corrections([], texts, weight)
        out["control"] = training.train(
            ["event_type"], work / f"control-{name}", progress=say, corrections=same
        )["event_type"]["figures"]
    return out


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def report(result: dict[str, Any]) -> None:
    print(
        f"fold {result['fold']}: corrections from articles {result['corrected_articles']}: "
        f"{result['simulated']}; {result['corrections']['examples']} training examples"
    )
    for dev_set, systems in result["after"].items():
        for system in ("rules+model", "classifier"):
            if system not in systems:
                continue
            for metric in ("accuracy", "macro_f1"):
                b = result["before"][dev_set][system][metric]
                a = systems[system][metric]
                c = (result.get("control") or {}).get(dev_set, {}).get(system, {}).get(metric)
                alone = f"  retrained without {c['value']:.3f}" if c else ""
                print(
                    f"  {dev_set:<14} {system:<12} {metric:<9} shipped {b['value']:.3f} "
                    f"[{b['ci95'][0]:.3f}, {b['ci95'][1]:.3f}]{alone}  with corrections "
                    f"{a['value']:.3f} [{a['ci95'][0]:.3f}, {a['ci95'][1]:.3f}]  n={a['n']}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fold", choices=sorted(FOLDS), action="append")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--weight",
        type=float,
        default=None,
        help="a correction's weight (default: the shipped WEIGHT, 3)",
    )
    parser.add_argument(
        "--control",
        action="store_true",
        help="also retrain without the corrections (what retraining alone does)",
    )
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="newsledger-loop-") as tmp:
        for name in args.fold or sorted(FOLDS):
            start = time.perf_counter()
            results.append(run_fold(name, Path(tmp), args.weight or WEIGHT, args.control))
            say(f"fold {name} took {time.perf_counter() - start:.0f} s")
    for result in results:
        report(result)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
