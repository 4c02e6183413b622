"""The analyst in the loop, simulated on realnews-dev (issue 17's bar, at the size we have).

realnews-dev has 30 articles, not the 50 the issue's bar names, in 8 story groups of 2-3
outlets plus 7 single articles. A fair split keeps a story's articles on one side, so that no
event is both corrected and scored: three folds of 10 scored articles each (1: stories 01-09
and 24; 2: 10-15 and 25-28; 3: 16-23, 29 and 30, in the set's order), the gold of the other
20 becoming the corrections.

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
  judged above: `rejected` (with `--reject-duplicates`, the duplicates too).
From the store's annotations come what `newsledger train --with-corrections` makes: the
analyst's actor table (`newsledger.analyst_actors`) and trigger verdicts
(`newsledger.analyst_triggers`), the review filter (`newsledger.analyst_review`, none when its
cross-validation over the corrected stories finds no cut), read at analysis time beside the
shipped models; and, unless `--no-retrain`, the event-type model and the event detector
retrained with the corrections (weight `--weight`) into a temporary folder (the shipped models
are never touched).

The scored fold is analysed and scored with `eval.realnews` (events P/R/F1, field accuracies
on matched pairs). BEFORE is the pipeline as shipped; AFTER is the shipped models with the
tables the corrections made (`+actors +triggers +review`), each part also alone;
`--force-cut` also scores the filter with a cut given (a diagnostic, never the AFTER). The
retrained models are compared with a control retrained without any correction (the shipped
weights come from an earlier state of the rules, so retraining alone moves the figures):
`control`, `control retrained with corrections` and that plus the tables. `--detect-use
add|drop` also scores the control and the corrected detector with that use switched on (off
as shipped).

Every figure is on realnews-dev, a development set (read while the rules were written): these
are development figures, 10 articles a fold, never held-out estimates.

    PYTHONPATH=. NEWSLEDGER_DATA=../shared/data nice python scripts/simulated_loop.py \
        [--fold 1] [--no-retrain] [--weight 3] [--detect-use drop] [--json figures.json]
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

# the article numbers each fold scores (whole stories); the other articles' gold corrects
FOLDS = {
    "1": (*range(1, 10), 24),
    "2": (*range(10, 16), 25, 26, 27, 28),
    "3": (*range(16, 24), 29, 30),
}
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


def simulate(store: Any, items: list[Any], analyses: list[Any],
             duplicates: bool = False) -> dict[str, int]:  # fmt: skip
    """An analyst's corrections of the stored analyses, from the gold; what was done.
    `duplicates`: also reject the records that repeat a matched event (a second record of
    one reported event), as an analyst reading the ledger would."""
    from newsledger.eval.realnews import Counts, score_events
    from newsledger.eval.realnews_match import field_checks

    done = dict.fromkeys(("gold_events", "accepted", "retyped", "actors_set", "added",
                          "rejected", "rejected_duplicates", "unmapped_actors"), 0)  # fmt: skip
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
            if err["kind"] != "event:fp" or err["record"].id in used:
                continue
            if err["duplicate"] and not duplicates:
                continue
            store.correct("event", err["record"].id, "verdict", "rejected", who="simulated")
            done["rejected_duplicates" if err["duplicate"] else "rejected"] += 1
    return done


# ---- models and actor tables per condition ----------------------------------------------------


@contextlib.contextmanager
def condition(
    root: Path,
    models: dict[str, Path],
    use: str | None,
    tables: tuple[Path | None, ...] = (None, None, None),
) -> Iterator[None]:
    """Analyse with `models` (name -> folder; the rest as shipped), the detector's `use`
    switched on (or as configured), and the analyst's tables (actors as a user gazetteer,
    trigger verdicts, the review filter) in use."""
    from newsledger import analyst_review, analyst_triggers
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
    names = ("NEWSLEDGER_GAZETTEERS", analyst_triggers.ENV, analyst_review.ENV)
    saved = {k: os.environ.get(k) for k in names}
    tables = (*tables, *(None,) * (len(names) - len(tables)))
    for var, table in zip(saved, tables, strict=True):
        if table is not None:
            os.environ[var] = str(table)
        else:
            os.environ.pop(var, None)
    shipped.trained_dir = lambda: root  # type: ignore[assignment]  # the loop's models only
    shipped.load.cache_clear()
    try:
        yield
    finally:
        shipped.trained_dir = lambda: real  # type: ignore[assignment]
        shipped.load.cache_clear()
        for var, value in saved.items():
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value


def score(items: list[Any], analyses: list[Any] | None = None) -> dict[str, Any]:
    """Events P/R/F1 and field accuracies of the articles (analysed now unless given)."""
    from newsledger.eval import realnews

    if analyses is None:
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


def run_fold(name: str, work: Path, weight: float, control: Path | None,
             uses: list[str], duplicates: bool = False,
             force_cut: float | None = None) -> dict:  # fmt: skip
    from newsledger import analyst_actors, analyst_review, analyst_triggers
    from newsledger.eval import realnews
    from newsledger.learn import train as training
    from newsledger.store import Store

    items = realnews.load()
    scored = [it for it in items if int(it.file[:2]) in FOLDS[name]]
    corrected = [it for it in items if int(it.file[:2]) not in FOLDS[name]]
    say(f"fold {name}: analysing the {len(corrected)} correction articles")
    analyses = realnews.analyse(corrected)
    db = work / f"fold-{name}.duckdb"
    with Store(db) as store:
        store.save_many(analyses)
        done = simulate(store, corrected, analyses, duplicates)
        notes = store.annotations_with_context()
        learnt_filter = analyst_review.learn_from_store(store)
        forced = _forced_filter(store, force_cut) if force_cut is not None else None
    say(f"fold {name}: {done}")
    review = analyst_review.write(learnt_filter, work / f"review-{name}.yaml")
    table = analyst_actors.aliases(notes)
    actors = analyst_actors.write(table, work / f"actors-{name}.yaml")
    verdicts = analyst_triggers.verdicts(notes)
    triggers = analyst_triggers.write(verdicts, work / f"triggers-{name}.yaml")
    conditions: list[tuple[str, dict[str, Path], str | None, tuple]] = [
        ("BEFORE: shipped", {}, None, (None, None)),
        ("shipped +actors", {}, None, (actors, None)),
        ("shipped +triggers", {}, None, (None, triggers)),
        ("shipped +review", {}, None, (None, None, review)),
        ("shipped +actors +triggers", {}, None, (actors, triggers)),
        ("AFTER: shipped +actors +triggers +review", {}, None, (actors, triggers, review)),
    ]
    if forced is not None:
        path = analyst_review.write(forced, work / f"review-forced-{name}.yaml")
        conditions.append((f"diagnostic: +review forced cut {force_cut}", {}, None,
                           (None, None, path)))  # fmt: skip
    metas: dict[str, dict] = {}
    if control is not None:
        learnt = work / f"models-{name}"
        texts = [a.article.text for a in analyses]
        metas = training.train(list(LEARNT), learnt, progress=say,
                               corrections=training.Corrections(notes, texts, weight))  # fmt: skip
        ctl = {m: control / m for m in LEARNT}
        mine = {m: learnt / m for m in LEARNT}
        conditions += [
            ("control (retrained without)", ctl, None, (None, None)),
            ("control retrained with corrections", mine, None, (None, None)),
            ("  the same +actors +triggers +review", mine, None, (actors, triggers, review)),
        ]
        for use in uses:
            conditions += [
                (f"control, detector {use} on", ctl, use, (None, None)),
                (f"retrained with corrections, detector {use} on", mine, use, (None, None)),
            ]
    figures = {}
    for label, models, use, tables in conditions:
        with condition(work / "trained", models, use, tables):
            figures[label] = score(scored)
        say(f"fold {name} {label}: events F1 {figures[label]['event_f1']}")
    return {
        "fold": name,
        "scored_articles": f"{', '.join(f'{n:02d}' for n in FOLDS[name])} ({len(scored)})",
        "corrected_articles": len(corrected),
        "simulated": done,
        "taught": {m: metas[m]["corrections"] for m in metas},
        "actor_table": {k: v["actor_id"] for k, v in table.items()},
        "review_filter": {k: learnt_filter.get(k) for k in ("threshold", "counts", "cv", "why")},
        "trigger_verdicts": {
            k: v["verdict"] + (f" {v['type']}" if v["type"] else "") for k, v in verdicts.items()
        },  # fmt: skip
        "event_type_dev": {
            "before": metas["event_type"]["figures_before"],
            "after": metas["event_type"]["figures"],
        }
        if metas
        else {},  # fmt: skip
        "figures": figures,
    }


def _forced_filter(store: Any, cut: float) -> dict[str, Any]:
    """The review filter fitted on all the verdicts with a cut given, not chosen by the
    cross-validation: a diagnostic of what the filter would have done had it not abstained."""
    from newsledger import analyst_review

    examples, _ = analyst_review.examples_from_store(store)
    conf = analyst_review.settings()
    model = analyst_review.fit([e["features"] for e in examples], [e["label"] for e in examples],
                               float(conf["l2"]), int(conf["steps"]))  # fmt: skip
    return {"model": model, "threshold": cut, "counts": {}, "cv": {}}


def run_next_article(work: Path, duplicates: bool = False) -> dict:
    """The next article of a story: each article scored with the tables the corrections of
    all the others make (its own story's other outlets among them), against the shipped
    pipeline; tables and review filter only (retraining 30 times would take hours)."""
    from newsledger import analyst_actors, analyst_review, analyst_triggers
    from newsledger.annotations import ADDED
    from newsledger.eval import realnews
    from newsledger.store import Store

    items = realnews.load()
    say(f"next article: analysing and correcting all {len(items)} articles")
    shipped = realnews.analyse(items)
    with Store(work / "all.duckdb") as store:
        store.save_many(shipped)
        done = simulate(store, items, shipped, duplicates)
        notes = store.annotations_with_context()
        examples, _ = analyst_review.examples_from_store(store)
    added = [n["article_id"] for n in notes if n["field"] == ADDED and n["active"]]
    after, changed, cuts = [], [], []
    for item, an in zip(items, shipped, strict=True):
        others = [n for n in notes if n["article_id"] != an.article.id]
        actors = analyst_actors.write(analyst_actors.aliases(others), work / "actors-loo.yaml")
        verdicts = analyst_triggers.verdicts(others)
        triggers = analyst_triggers.write(verdicts, work / "triggers-loo.yaml")
        learnt = analyst_review.learn([e for e in examples if e["article"] != an.article.id],
                                      sum(a != an.article.id for a in added))  # fmt: skip
        cuts.append(learnt["threshold"])
        review = analyst_review.write(learnt, work / "review-loo.yaml")
        with condition(work / "trained", {}, None, (actors, triggers, review)):
            (mine,) = realnews.analyse([item])
        after.append(mine)
        was = sorted((e.trigger, e.type.plover) for e in an.events)
        now = sorted((e.trigger, e.type.plover) for e in mine.events)
        if was != now:
            changed.append({"article": item.file[:2], "gone": sorted(set(was) - set(now)),
                            "new": sorted(set(now) - set(was))})  # fmt: skip
    figures = {"BEFORE: shipped": score(items, shipped),
               "AFTER: shipped +actors +triggers +review": score(items, after)}  # fmt: skip
    return {"simulated": done, "changed": changed, "review_cuts": cuts, "figures": figures}


def report(result: dict[str, Any]) -> None:
    print(f"fold {result['fold']}: scored articles {result['scored_articles']}, corrections "
          f"from the other {result['corrected_articles']} (realnews-dev, development)")  # fmt: skip
    print(f"  simulated analyst: {result['simulated']}")
    print(f"  actor table: {result['actor_table']}")
    print(f"  trigger verdicts: {result['trigger_verdicts']}")
    print(f"  review filter: {result['review_filter']}")
    if result["taught"]:
        print(f"  retraining examples: {result['taught']}")
    head = f"  {'condition':<44} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn  " + " ".join(
        f"{f:>9}" for f in FIELDS
    )
    print(head)
    base = next(iter(result["figures"].values()))
    for label, fig in result["figures"].items():
        e = fig["events"]
        delta = f"{fig['event_f1'] - base['event_f1']:+.3f}"
        cells = " ".join(
            f"{fig[f]['acc']:.3f}/{fig[f]['n']:<3}" if fig[f]["acc"] is not None else f"{'-':>9}"
            for f in FIELDS
        )
        print(f"  {label:<44} {fig['event_precision']:6.3f} {fig['event_recall']:6.3f} "
              f"{fig['event_f1']:6.3f} {delta} {e['tp']}/{e['fp']}/{e['fn']}  {cells}")  # fmt: skip
    for dev_set, systems in result["event_type_dev"].get("after", {}).items():
        system = systems.get("rules+model")
        before = result["event_type_dev"]["before"].get(dev_set, {}).get("rules+model")
        if system and before:
            print(f"  event_type dev {dev_set:<14} rules+model accuracy shipped "
                  f"{before['accuracy']['value']:.3f} -> with corrections "
                  f"{system['accuracy']['value']:.3f} (n={system['accuracy']['n']})")  # fmt: skip


def summary(results: list[dict[str, Any]]) -> None:
    """Each condition's events F1 on every fold and their mean (folds of equal size)."""
    labels = list(results[0]["figures"])
    print(f"events F1 per fold (realnews-dev, development; {len(results)} folds of "
          f"10 scored articles)")  # fmt: skip
    print(f"  {'condition':<44} " + " ".join(f"{r['fold']:>6}" for r in results) + "   mean")
    for label in labels:
        f1s = [r["figures"][label]["event_f1"] for r in results if label in r["figures"]]
        print(f"  {label:<44} " + " ".join(f"{v:6.3f}" for v in f1s)
              + f" {sum(f1s) / len(f1s):6.3f}")  # fmt: skip


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
    parser.add_argument(
        "--no-retrain",
        action="store_true",
        help="only the tables read at analysis time (minutes, not an hour)",
    )
    parser.add_argument(
        "--next-article",
        action="store_true",
        help="instead: each article scored with the tables of all the others' corrections",
    )
    parser.add_argument(
        "--reject-duplicates",
        action="store_true",
        help="the simulated analyst also rejects a second record of a matched event",
    )
    parser.add_argument(
        "--force-cut",
        type=float,
        help="diagnostic: also score the review filter fitted on every verdict with this cut "
        "(not chosen by cross-validation)",
    )
    parser.add_argument("--work", type=Path, help="keep the stores and models here")  # fmt: skip
    args = parser.parse_args()
    from newsledger.learn import train as training

    results = []
    with tempfile.TemporaryDirectory(prefix="newsledger-loop-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.next_article:
            result = run_next_article(work, args.reject_duplicates)
            print(
                f"next article (realnews-dev, development; 30 articles, each scored with "
                f"the tables of the other 29's corrections): {result['simulated']}"
            )
            for label, fig in result["figures"].items():
                e = fig["events"]
                print(f"  {label:<44} P {fig['event_precision']:.3f} R {fig['event_recall']:.3f}"
                      f" F1 {fig['event_f1']:.3f}  {e['tp']}/{e['fp']}/{e['fn']}")  # fmt: skip
            print(f"  review filter cuts chosen: {result['review_cuts']}")
            for row in result["changed"]:
                print(f"  {row['article']}: gone {row['gone']} new {row['new']}")
            return
        control = None if args.no_retrain else work / "control"
        if control and not all((control / m / "weights.npz").is_file() for m in LEARNT):
            say("control: retraining without corrections (the same for every fold) ...")
            training.train(list(LEARNT), control, progress=say)
        for name in args.fold or sorted(FOLDS):
            start = time.perf_counter()
            results.append(run_fold(name, work, args.weight, control, args.detect_use,
                                    args.reject_duplicates, args.force_cut))  # fmt: skip
            say(f"fold {name} took {time.perf_counter() - start:.0f} s")
    for result in results:
        report(result)
    summary(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str) + "\n", "utf-8")


if __name__ == "__main__":
    main()
