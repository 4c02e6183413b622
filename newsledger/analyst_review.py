"""The analyst's review filter: a small model of which records an analyst rejects, learnt from
their verdicts and applied to the next articles.

Method: every machine event an analyst judged (`analyst_triggers.judgements`) is an example,
kept (accepted or retyped) or rejected, read from its stored record: its type, mode, CAMEO
root, status, certainty, trigger words, the extractors that made it, which roles, place, date,
attribution and counts it has, its merged mentions, the event-type model's confidence, and
whether an earlier record of its article already has its type, dyad or trigger (a repeat of a
reported event is what analysts reject most). A logistic regression with an L2 penalty, fitted
by Newton steps with numpy alone (so `ingest` can refit it without the training extra), learns
P(rejected). The cut is chosen by cross-validation over the corrected articles only, in folds
of whole stories: the highest probability whose held-out F1 (kept records true, rejected ones
false, kept records dropped and events the analyst added missed) beats keeping everything by
`min_gain`; with no such cut, or too few verdicts (`data/analyst_review.yaml`), no filter.

At analysis time the filter is a YAML file (threshold, figures) and its weights (`.npz`,
`learn.linear`) beside the store, named by `NEWSLEDGER_ANALYST_REVIEW` (`use`); the events
stage passes its records through `screen`, which drops those it judges rejected.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from .analyst_files import use_beside
from .analyst_triggers import judgements
from .annotations import ADDED
from .learn.linear import LinearModel
from .model import Event, from_dict

ENV = "NEWSLEDGER_ANALYST_REVIEW"  # the filter's YAML file at analysis time
SUFFIX = ".analyst-review.yaml"  # the filter's file, beside the store (weights: `.npz`)
LABELS = ("kept", "rejected")


@functools.cache
def settings() -> dict[str, Any]:
    path = resources.files("newsledger").joinpath("data/analyst_review.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# ---- what the filter reads of a record ---------------------------------------------------------


def _ids(parts: Sequence[Any]) -> frozenset[str]:
    return frozenset(p.actor_id for p in parts)


def features(event: Event, earlier: Sequence[Event]) -> list[str]:
    """The filter's features of `event`, given the records before it in its article."""
    t = event.type
    words = event.trigger.lower().split() or ["-"]
    feats = [f"type={t.plover}", f"mode={t.plover}:{t.mode}", f"cameo={(t.cameo or '')[:2]}",
             f"status={event.status}", f"cert={event.certainty}", f"neg={event.negated}",
             f"tw0={words[0]}|{t.plover}", f"words={min(len(words), 3)}",
             f"roles={bool(event.source)}{bool(event.target)}", f"others={bool(event.others)}",
             f"where={event.where is not None}",
             f"when={event.when.precision if event.when else 'none'}",
             f"attr={event.attribution is not None}", f"qty={bool(event.quantities)}",
             f"mentions={min(len(event.mentions), 2)}"]  # fmt: skip
    feats += [f"tw={w}" for w in words]
    # the extractors that made it ("events@4+event_detect+event_type"), without versions
    feats += [f"how={part.split('@')[0]}" for part in event.evidence.extractor.split("+")]
    conf = event.confidence
    feats.append(f"conf={'none' if conf is None else min(int(conf * 5), 4)}")
    src, tgt = _ids(event.source), _ids(event.target)
    same = [e for e in earlier if e.type.plover == t.plover]
    near = [e for e in same if event.evidence.sentence - e.evidence.sentence <= 1]
    here = any(e.evidence.sentence == event.evidence.sentence for e in near)
    feats += [
        f"rep_type={bool(same)}",
        f"rep_near={'same' if here else bool(near)}",
        f"rep_dyad={any(_ids(e.source) == src and _ids(e.target) == tgt for e in same)}",
        f"rep_actor={any(_ids(e.source) & src or _ids(e.target) & tgt for e in same)}",
        f"rep_trigger={any(e.trigger.lower() == event.trigger.lower() for e in earlier)}",
    ]
    return feats


# ---- learning it -------------------------------------------------------------------------------


def fit(rows: list[list[str]], labels: list[int], l2: float, steps: int) -> LinearModel:
    """A binary logistic regression (label 1: rejected) over binary features, by Newton steps."""
    vocab: dict[str, int] = {}
    for feats in rows:
        for f in feats:
            vocab.setdefault(f, len(vocab))
    x = np.zeros((len(rows), len(vocab) + 1))
    for i, feats in enumerate(rows):
        x[i, [vocab[f] for f in feats]] = 1.0
    x[:, -1] = 1.0  # the bias, not penalised
    y = np.asarray(labels, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    # two-class softmax with the same odds: score(rejected) - score(kept) = w.x
    weights = np.stack([np.zeros(len(vocab)), w[:-1]], axis=1).astype(np.float32)
    bias = np.array([0.0, w[-1]], dtype=np.float32)
    return LinearModel(LABELS, vocab, weights, bias)


def p_rejected(model: LinearModel, rows: list[list[str]]) -> np.ndarray:
    if not rows:
        return np.zeros(0)
    return model.predict_proba(rows)[:, model.labels.index("rejected")]


def f1_with_cut(p: np.ndarray, labels: list[int], missed: int, cut: float | None) -> float:
    """F1 of the judged records when those with P(rejected) >= cut are dropped (None: none):
    kept records are true, rejected ones false, added events and dropped kept ones missed."""
    y = np.asarray(labels)
    dropped = p >= cut if cut is not None else np.zeros(len(y), dtype=bool)
    tp = int(((y == 0) & ~dropped).sum())
    fp = int(((y == 1) & ~dropped).sum())
    fn = missed + int(((y == 0) & dropped).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def choose_cut(p: np.ndarray, labels: list[int], missed: int) -> tuple[float | None, dict]:
    """The cut the held-out probabilities `p` support (None: keep everything) and the F1s."""
    conf = settings()
    base = f1_with_cut(p, labels, missed, None)
    scores = {cut: f1_with_cut(p, labels, missed, cut) for cut in conf["thresholds"]}
    best = max(scores.values(), default=base)
    cut = max((c for c, s in scores.items() if s == best), default=None)
    if cut is None or best < base + float(conf["min_gain"]):
        cut = None
    return cut, {"keep_all": round(base, 4), **{str(c): round(s, 4) for c, s in scores.items()}}


def learn(examples: list[dict[str, Any]], missed: int) -> dict[str, Any]:
    """The filter from examples ({features, label, group}) and the number of events the
    analyst added: {model, threshold, counts, cv}; `model` None when there is no filter."""
    conf = settings()
    labels = [int(e["label"]) for e in examples]
    counts = {"kept": labels.count(0), "rejected": labels.count(1), "added": missed}
    out: dict[str, Any] = {"model": None, "threshold": None, "counts": counts, "cv": {}}
    if counts["rejected"] < conf["min_rejected"] or counts["kept"] < conf["min_kept"]:
        out["why"] = "too few verdicts"
        return out
    groups = sorted({e["group"] for e in examples})
    k = min(int(conf["folds"]), len(groups))
    fold_of = {g: i % k for i, g in enumerate(groups)}
    held = np.zeros(len(examples))
    for fold in range(k):
        train = [i for i, e in enumerate(examples) if fold_of[e["group"]] != fold]
        test = [i for i, e in enumerate(examples) if fold_of[e["group"]] == fold]
        if not any(labels[i] for i in train) or all(labels[i] for i in train):
            continue  # one class only: this fold's records keep P 0 (never dropped)
        model = fit([examples[i]["features"] for i in train], [labels[i] for i in train],
                    float(conf["l2"]), int(conf["steps"]))  # fmt: skip
        held[test] = p_rejected(model, [examples[i]["features"] for i in test])
    # the added events are spread over the folds; the F1 counts them all once
    cut, out["cv"] = choose_cut(held, labels, missed)
    out["cv"]["folds"] = k
    if cut is None:
        out["why"] = "no cut beats keeping every record in cross-validation"
        return out
    out["model"] = fit([e["features"] for e in examples], labels, float(conf["l2"]),
                       int(conf["steps"]))  # fmt: skip
    out["threshold"] = cut
    return out


def examples_from(notes: Iterable[dict[str, Any]], records: list[dict[str, Any]]) -> tuple[
        list[dict[str, Any]], int]:  # fmt: skip
    """Examples from the annotations with context and the stored events of their articles
    ({article_id, story_id, record}, in text order), and the number of added events. An
    example's group is its article's story: the articles linked by a shared story id."""
    notes = list(notes)
    verdict = {j["record_id"]: int(j["outcome"] == "rejected") for j in judgements(notes)}
    by_article: dict[str, list[Event]] = {}
    for row in records:
        by_article.setdefault(row["article_id"], []).append(from_dict(Event, row["record"]))
    group = story_groups((r["article_id"], r.get("story_id")) for r in records)
    out = []
    for article_id, events in sorted(by_article.items()):
        for n, event in enumerate(events):
            if event.id in verdict:
                out.append({"features": features(event, events[:n]), "label": verdict[event.id],
                            "group": group[article_id], "id": event.id,
                            "article": article_id})  # fmt: skip
    missed = len({n["record_id"] for n in notes if n.get("field") == ADDED and n.get("active")
                  and n.get("undoes") is None})  # fmt: skip
    return out, missed


def story_groups(pairs: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Article id -> its group: the first (sorted) article of those linked, directly or
    through others, by a shared story id (an article alone is its own group)."""
    parent: dict[str, str] = {}

    def root(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    first: dict[str, str] = {}
    for article, story in sorted(pairs, key=lambda p: (p[0], p[1] or "")):
        parent.setdefault(article, article)
        if story:
            other = first.setdefault(story, article)
            a, b = sorted((root(article), root(other)))
            parent[b] = a
    return {a: root(a) for a in parent}


def examples_from_store(store: Any) -> tuple[list[dict[str, Any]], int]:
    """`examples_from` a store's annotations and stored events."""
    notes = store.annotations_with_context()
    ids = sorted({j["note"]["article_id"] for j in judgements(notes)})
    records = store.query(
        "SELECT article_id, story_id, record FROM events WHERE list_contains(?, article_id) "
        "ORDER BY article_id, start_char, id", [ids]) if ids else []  # fmt: skip
    return examples_from(notes, records)


def learn_from_store(store: Any) -> dict[str, Any]:
    """The filter learnt from a store's annotations (`learn`)."""
    return learn(*examples_from_store(store))


# ---- storing and applying it -------------------------------------------------------------------


def write(table: dict[str, Any], path: Path) -> Path | None:
    """Write the filter at `path` (YAML) and its weights beside it; None (and no files) when
    there is no filter."""
    weights = path.with_suffix(".npz")
    if table.get("model") is None:
        path.unlink(missing_ok=True)
        weights.unlink(missing_ok=True)
        return None
    table["model"].save(weights)
    text = "# the analyst's review filter (newsledger.analyst_review), learnt from the store's\n"
    text += "# corrections; rewritten at each analysis: edit the corrections, not this\n"
    data = {"weights": weights.name, "threshold": table["threshold"],
            "counts": table["counts"], "cv_f1": table["cv"]}  # fmt: skip
    path.write_text(text + yaml.safe_dump(data, sort_keys=False), "utf-8")
    return path


def use(table: dict[str, Any], store_path: str | Path) -> Path | None:
    """Write the filter beside the store and name it in `NEWSLEDGER_ANALYST_REVIEW` for this
    process and the workers it starts; the file, or None (and the variable unset)."""
    return use_beside(store_path, SUFFIX, ENV, lambda path: write(table, path))


@functools.lru_cache(maxsize=4)
def _read(path: str, mtime: float) -> tuple[LinearModel, float]:
    data = yaml.safe_load(Path(path).read_text("utf-8")) or {}
    return LinearModel.load(Path(path).with_name(data["weights"])), float(data["threshold"])


def filter_in_use() -> tuple[LinearModel, float] | None:
    """The filter `NEWSLEDGER_ANALYST_REVIEW` names (model, threshold); None when none."""
    path = os.environ.get(ENV)
    if not path or not os.path.isfile(path):
        return None
    return _read(path, os.path.getmtime(path))


def screen(events: list[Event]) -> list[Event]:
    """An article's events without those the analyst's filter judges rejected."""
    found = filter_in_use()
    if found is None or not events:
        return events
    model, cut = found
    p = p_rejected(model, [features(e, events[:n]) for n, e in enumerate(events)])
    return [e for e, pr in zip(events, p, strict=True) if pr < cut]
