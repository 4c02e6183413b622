"""The analyst in the loop, simulated on realnews-dev (issue 17's bar, at the size we have).

realnews-dev has 30 articles, not the 50 the issue's bar names, in 8 story groups of 2-3
outlets plus 7 single articles. A fair split keeps a story's articles on one side, so that no
event is both corrected and scored: fold A corrects articles 01-15 (stories G1-G5) and scores
16-30 (G6-G8 and the singles); fold B the other way round.

For each fold, the correction articles are analysed by the full pipeline as shipped and stored
in a fresh store, and an analyst is simulated from their gold, through the store's own
correction calls (as the UI and the API make them):
- each gold event whose cue (or an `also` cue) overlaps a stored event: on the first such
  event, `accepted` when its type is one the gold accepts, else a `type` correction to the
  gold's first type; and a `source`/`target` correction to the gold's actors where the
  scorer finds the record's wrong (gold codes mapped to gazetteer ids);
- each required gold event no stored event overlaps: added as a missed event (`add_event`:
  the cue's words, the gold's first type and actors);
- each record the scorer counts a false positive, not a duplicate of a matched one and not
  judged above: `rejected`.
The models then learn from the store's annotations into a temporary folder (the shipped models
are never touched): the event-type model (typed, accepted and added events as examples) and
the event detector (their head verbs as events, rejected ones as NONE); the source/target
corrections make the analyst's actor table (`newsledger.analyst_actors`).

The other fold's articles are then analysed and scored with `eval.realnews` (events P/R/F1,
field accuracies on matched pairs) under: the shipped models; a control retrained without any
correction (the shipped weights come from an earlier state of the rules and features, so
"shipped" against "with corrections" mixes what retraining alone changes with what the
corrections change); the control plus one part learnt from the corrections (`+type`,
`+detect`, `+actors`: what each part contributes); and all three. The detector is switched
off in the events stage as shipped (`apply` in its config), so `+detect` can change nothing
unless a use is switched on: `--detect-use add|drop` scores the control and the corrected
detector with that use on as well.

Every figure is on realnews-dev, a development set (read while the rules were written): these
are development figures, 15 articles a fold, never held-out estimates.

    PYTHONPATH=. NEWSLEDGER_DATA=../shared/data nice python scripts/simulated_loop.py \
        [--fold A] [--weight 3] [--detect-use drop] [--json figures.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from newsledger.learn.corrections import WEIGHT

FOLDS = {"A": (1, 15), "B": (16, 30)}  # the article numbers whose gold becomes corrections
LEARNT = ("event_type", "event_detect")
FIELDS = ("source", "target", "status", "where", "when", "acled")


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


# ---- the simulated analyst ---------------------------------------------------------------------


def _actor_ids(codes: Any) -> list[str]:
    """Gazetteer ids for the gold's actor codes (ISR; HEZBOLLAH -> its group id)."""
    from newsledger.eval.realnews_match import as_list
    from newsledger.gazetteer import find_actor, gazetteer

    out = []
    for code in as_list(codes):
        actor = gazetteer(()).actor(code) or find_actor(code) or find_actor(code.title())
        if actor is not None and actor.id not in out:
            out.append(actor.id)
    return out


def simulate(store: Any, items: list[Any], analyses: list[Any]) -> dict[str, int]:
    """An analyst's corrections of the stored analyses, from the gold; what was done."""
    from newsledger.eval.realnews import Counts, score_events
    from newsledger.eval.realnews_match import field_checks

    done = dict.fromkeys(("gold_events", "accepted", "retyped", "actors_set", "added",
                          "rejected", "unmapped_actors"), 0)  # fmt: skip
    for item, an in zip(items, analyses, strict=True):
        text, actors = an.article.text, {a.id: a for a in an.actors}
        used: set[str] = set()
        for g in item.gold.get("events", []):
            done["gold_events"] += 1
            types = g.get("plover") or []
            if isinstance(types, str):
                types = [types]
            cues = [g.get("cue"), *(g.get("also") or [])]
            spans = [(at, at + len(c)) for c in cues if c and (at := text.find(c)) >= 0]
            hits = [
                e
                for e in an.events
                if e.id not in used
                and any(e.evidence.start < b and e.evidence.end > a for a, b in spans)
            ]
            if not types or not spans:
                continue
            if not hits:
                if not g.get("optional"):
                    start, end = spans[0]
                    source, target = _actor_ids(g.get("source")), _actor_ids(g.get("target"))
                    store.add_event(
                        an.article.id, start, end, types[0], source, target, who="simulated"
                    )
                    done["added"] += 1
                continue
            event = min(hits, key=lambda e: e.evidence.start)
            used.add(event.id)
            if event.type.plover in types:
                store.correct("event", event.id, "verdict", "accepted", who="simulated")
                done["accepted"] += 1
            else:
                store.correct("event", event.id, "type", types[0], who="simulated")
                done["retyped"] += 1
            checks = field_checks(g, event, actors)
            for role in ("source", "target"):
                if checks.get(role, True):
                    continue
                ids = _actor_ids(g.get(role))
                if not ids:
                    done["unmapped_actors"] += 1
                    continue
                store.correct("event", event.id, role, ids, who="simulated")
                done["actors_set"] += 1
        counts = Counts()
        score_events(text, item.gold.get("events", []), an.events, actors, counts, item.file)
        for err in counts.errors:
            if err["kind"] == "event:fp" and not err["duplicate"] and err["record"].id not in used:
                store.correct("event", err["record"].id, "verdict", "rejected", who="simulated")
                done["rejected"] += 1
    return done


# ---- models and actor tables per condition ----------------------------------------------------


@contextlib.contextmanager
def condition(root: Path, models: dict[str, Path], use: str | None,
              table: Path | None) -> Iterator[None]:  # fmt: skip
    """Analyse with `models` (name -> folder; the rest as shipped), the detector's `use`
    switched on (or as configured), and the actor table `table` as a user gazetteer."""
    from newsledger.learn import models as shipped

    real = shipped.trained_dir()
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for folder in real.iterdir():
        if folder.is_dir():
            shutil.copytree(models.get(folder.name, folder), root / folder.name)
    if use:
        path = root / "event_detect" / "config.yaml"
        config = yaml.safe_load(path.read_text("utf-8"))
        config["apply"] = {"add": use == "add", "drop": use == "drop"}
        path.write_text(yaml.safe_dump(config), "utf-8")
    before_env = os.environ.get("NEWSLEDGER_GAZETTEERS")
    if table is not None:
        os.environ["NEWSLEDGER_GAZETTEERS"] = str(table)
    else:
        os.environ.pop("NEWSLEDGER_GAZETTEERS", None)
    shipped.trained_dir = lambda: root  # type: ignore[assignment]  # the loop's models only
    shipped.load.cache_clear()
    try:
        yield
    finally:
        shipped.trained_dir = lambda: real  # type: ignore[assignment]
        shipped.load.cache_clear()
        if before_env is None:
            os.environ.pop("NEWSLEDGER_GAZETTEERS", None)
        else:
            os.environ["NEWSLEDGER_GAZETTEERS"] = before_env


def score(items: list[Any]) -> dict[str, Any]:
    from newsledger.eval import realnews

    analyses = realnews.analyse(items)
    total, _ = realnews.evaluate(items, analyses)
    heads = realnews.figures(total)
    tp, fp, fn, opt = total.events
    out = {"event_" + k: round(heads[f"event_{k}"], 3) for k in ("precision", "recall", "f1")}
    out["events"] = {"tp": tp, "fp": fp, "fn": fn, "optional": opt}
    for f in FIELDS:
        ok, n = total.fields[f]
        out[f] = {"acc": round(ok / n, 3) if n else None, "n": n}
    return out


# ---- one fold ----------------------------------------------------------------------------------


def run_fold(name: str, work: Path, weight: float, control: Path, uses: list[str]) -> dict:
    from newsledger import analyst_actors
    from newsledger.eval import realnews
    from newsledger.learn import train as training
    from newsledger.store import Store

    low, high = FOLDS[name]
    items = realnews.load()
    corrected = [it for it in items if low <= int(it.file[:2]) <= high]
    scored = [it for it in items if not low <= int(it.file[:2]) <= high]
    say(f"fold {name}: analysing the {len(corrected)} correction articles {low:02d}-{high:02d}")
    analyses = realnews.analyse(corrected)
    db = work / f"fold-{name}.duckdb"
    with Store(db) as store:
        store.save_many(analyses)
        done = simulate(store, corrected, analyses)
        notes = store.annotations_with_context()
    say(f"fold {name}: {done}")
    table = analyst_actors.aliases(notes)
    table_file = analyst_actors.write(table, work / f"actors-{name}.yaml")
    texts = [a.article.text for a in analyses]
    learnt = work / f"models-{name}"
    metas = training.train(list(LEARNT), learnt, progress=say,
                           corrections=training.Corrections(notes, texts, weight))  # fmt: skip
    ctl = {m: control / m for m in LEARNT}
    mine = {m: learnt / m for m in LEARNT}
    conditions: list[tuple[str, dict[str, Path], str | None, Path | None]] = [
        ("shipped", {}, None, None),
        ("control (retrained without)", ctl, None, None),
        ("control +type", {**ctl, "event_type": mine["event_type"]}, None, None),
        ("control +detect", {**ctl, "event_detect": mine["event_detect"]}, None, None),
        ("control +actors", ctl, None, table_file),
        ("with corrections (all)", mine, None, table_file),
    ]
    for use in uses:
        detect = {**ctl, "event_detect": mine["event_detect"]}
        conditions += [
            (f"control, detector {use} on", ctl, use, None),
            (f"control +detect, detector {use} on", detect, use, None),
            (f"with corrections (all), detector {use} on", mine, use, table_file),
        ]
    figures = {}
    for label, models, use, actors in conditions:
        if label.endswith("+actors") and actors is None:
            continue  # no alias was taught: the same as the control
        with condition(work / "trained", models, use, actors):
            figures[label] = score(scored)
        say(f"fold {name} {label}: events F1 {figures[label]['event_f1']}")
    return {
        "fold": name,
        "corrected_articles": f"{low:02d}-{high:02d} ({len(corrected)})",
        "scored_articles": len(scored),
        "simulated": done,
        "taught": {m: metas[m]["corrections"] for m in LEARNT},
        "actor_table": {k: v["actor_id"] for k, v in table.items()},
        "event_type_dev": {
            "before": metas["event_type"]["figures_before"],
            "after": metas["event_type"]["figures"],
        },  # fmt: skip
        "figures": figures,
    }


def report(result: dict[str, Any]) -> None:
    print(
        f"fold {result['fold']}: corrections from articles {result['corrected_articles']}, "
        f"scored on the other {result['scored_articles']} (realnews-dev, development)"
    )
    print(f"  simulated analyst: {result['simulated']}")
    print(f"  taught: {result['taught']}; actor table: {result['actor_table']}")
    head = f"  {'condition':<44} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn   " + " ".join(
        f"{f:>9}" for f in FIELDS
    )
    print(head)
    base = result["figures"].get("control (retrained without)")
    for label, fig in result["figures"].items():
        e = fig["events"]
        delta = (
            f" ({fig['event_f1'] - base['event_f1']:+.3f})" if base and label != "shipped" else ""
        )
        cells = " ".join(
            f"{fig[f]['acc']:.3f}/{fig[f]['n']:<3}" if fig[f]["acc"] is not None else f"{'-':>9}"
            for f in FIELDS
        )
        print(f"  {label:<44} {fig['event_precision']:6.3f} {fig['event_recall']:6.3f} "
              f"{fig['event_f1']:6.3f}  {e['tp']}/{e['fp']}/{e['fn']}{delta}  {cells}")  # fmt: skip
    for dev_set, systems in result["event_type_dev"]["after"].items():
        system = systems.get("rules+model")
        before = result["event_type_dev"]["before"].get(dev_set, {}).get("rules+model")
        if system and before:
            print(f"  event_type dev {dev_set:<14} rules+model accuracy shipped "
                  f"{before['accuracy']['value']:.3f} -> with corrections "
                  f"{system['accuracy']['value']:.3f} (n={system['accuracy']['n']})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fold", choices=sorted(FOLDS), action="append")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--weight",
        type=float,
        default=WEIGHT,
        help="a correction's weight (default: the shipped WEIGHT, 3)",
    )
    parser.add_argument(
        "--detect-use",
        choices=("add", "drop"),
        action="append",
        default=[],
        help="also score with this use of the detector switched on",
    )
    parser.add_argument("--work", type=Path, help="keep the stores and models here")  # fmt: skip
    args = parser.parse_args()
    from newsledger.learn import train as training

    results = []
    with tempfile.TemporaryDirectory(prefix="newsledger-loop-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        control = work / "control"
        if not all((control / m / "weights.npz").is_file() for m in LEARNT):
            say("control: retraining without corrections (the same for both folds) ...")
            training.train(list(LEARNT), control, progress=say)
        for name in args.fold or sorted(FOLDS):
            start = time.perf_counter()
            results.append(run_fold(name, work, args.weight, control, args.detect_use))
            say(f"fold {name} took {time.perf_counter() - start:.0f} s")
    for result in results:
        report(result)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str) + "\n", "utf-8")


if __name__ == "__main__":
    main()
