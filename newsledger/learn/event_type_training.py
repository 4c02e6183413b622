"""Building the event-type model (`newsledger train event_type`).

Every labelled sentence of the configured sets is parsed and coded by the rules alone; the
event the sentence is about (the main event: highest trigger in the parse; for realnews-dev
the event at the gold cue) is featurised (`features.event_features`) and the sentence's gold
type is its label. A multinomial logistic regression (scikit-learn) learns the mapping, its
regularisation chosen by cross-validation on the train split; the threshold above which its
reading replaces the rules' is chosen on out-of-fold predictions of the train split. Dev
figures come from the shared leak-free split (`splits.assign`) and from realnews-dev, which
is never trained on.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc

from ..config import DEFAULT_MODEL
from ..model import Event
from . import splits
from .event_type import NAME as NAME  # the model this module builds
from .event_type import decide, sentence_of
from .examples import LabelledText
from .features import event_features
from .linear import LinearModel
from .models import rules_only
from .readers import read
from .scoring import Figure, accuracy, figure, macro_f1

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Featurised:
    """An example as the model sees it: features, and what the rules coded."""

    example: LabelledText
    features: list[str]
    rule_type: str | None  # the rules' PLOVER type for the event, None when they found none


# ---- featurising labelled sentences ----------------------------------------------------------


def featurise(
    examples: Sequence[LabelledText], model: str = DEFAULT_MODEL, progress: Progress | None = None
) -> list[Featurised]:
    """Parse each example and featurise the event the rules find in it (models switched off)."""
    from ..eval.gold import GoldSentence, analyse, main_event

    items = [GoldSentence(ex.id, ex.text, _date(ex.extra.get("published")), {}) for ex in examples]
    out: list[Featurised] = []
    with rules_only():
        for n, (ex, (_, doc, analysis)) in enumerate(zip(examples, analyse(items, model),
                                                         strict=True)):  # fmt: skip
            cue = ex.extra.get("cue")
            if cue:  # realnews-dev: the event at the gold cue, not the sentence's main one
                event = _event_at(doc, analysis.events, cue)
            else:
                event = main_event(doc, analysis.events)
            sent = sentence_of(doc, event) if event is not None else doc[:]
            out.append(Featurised(ex, event_features(sent, event),
                                  event.type.plover if event is not None else None))  # fmt: skip
            if progress and (n + 1) % 500 == 0:
                progress(f"  featurised {n + 1}/{len(examples)}")
    return out


def _event_at(doc: Doc, events: Sequence[Event], cue: str) -> Event | None:
    text = doc.text
    at = text.find(cue)
    if at < 0:
        at = text.find(cue[:40])
    if at < 0:
        return None
    end = at + len(cue)
    inside = [e for e in events if e.evidence.start < end and e.evidence.end > at]
    return min(inside, key=lambda e: e.evidence.start) if inside else None


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


# ---- training --------------------------------------------------------------------------------


def fit(
    feats: Sequence[list[str]], labels: Sequence[str], weights: Sequence[float], c: float,
    min_count: int,
) -> LinearModel:  # fmt: skip
    """A multinomial logistic regression over binary features seen at least `min_count` times."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for fs in feats for f in set(fs))
    names = sorted(f for f, n in counts.items() if n >= min_count)
    vocab = {f: i for i, f in enumerate(names)}
    rows, cols = [], []
    for r, fs in enumerate(feats):
        idx = sorted({vocab[f] for f in fs if f in vocab})
        rows += [r] * len(idx)
        cols += idx
    x = csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(feats), len(vocab)))
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x, list(labels), sample_weight=np.asarray(weights, np.float64))
    classes = tuple(str(c) for c in clf.classes_)
    coef, bias = clf.coef_.astype(np.float32), clf.intercept_.astype(np.float32)
    if len(classes) == 2:  # scikit-learn keeps one row for two classes: softmax([0, w.x + b])
        coef = np.vstack([np.zeros_like(coef), coef])
        bias = np.array([0.0, bias[0]], np.float32)
    return LinearModel(classes, vocab, coef.T.copy(), bias)


def folds(n: int, k: int, seed: int) -> list[np.ndarray]:
    """k seeded folds of range(n)."""
    order = np.random.default_rng(seed).permutation(n)
    return [order[i::k] for i in range(k)]


@dataclass
class Trained:
    """What `train` produced: the model, its threshold and every figure for the card."""

    model: LinearModel
    threshold: float
    c: float
    figures: dict
    sizes: dict
    speed: dict


def split_examples(
    config: dict, progress: Progress | None = None
) -> tuple[list[LabelledText], list[LabelledText]]:
    """The train and dev examples of the model's config: one shared, leak-free split over all
    its sets; sets not listed for training are dev only."""
    seed = int(config["split"]["seed"])
    train_sets: dict[str, float] = config["train_sets"]
    names = list(dict.fromkeys([*train_sets, *config["dev_sets"]]))
    examples: list[LabelledText] = []
    for name in names:
        got = [ex for ex in read(name) if ex.label != "NONE"]
        if progress:
            progress(f"read {name}: {len(got)} labelled sentences")
        examples += got
    split = splits.assign(examples, seed, float(config["split"]["dev_fraction"]))
    leaked = splits.leaks(split)
    if leaked:
        raise RuntimeError(f"split leaks {len(leaked)} texts into both sides")
    train_ex = [ex for ex in split.train if ex.dataset in train_sets]
    dev_ex = [ex for ex in split.dev if ex.dataset in config["dev_sets"]]
    dev_ex += [ex for ex in split.train if ex.dataset not in train_sets]  # never-trained sets
    if progress:
        progress(f"split (seed {seed}): {len(train_ex)} train, {len(dev_ex)} dev, "
                 f"{split.dropped_duplicates} duplicates dropped")  # fmt: skip
    return train_ex, dev_ex


def train(config: dict, model: str = DEFAULT_MODEL, progress: Progress = print) -> Trained:
    """Build the event-type model from `config` (see trained/event_type/config.yaml)."""
    train_sets: dict[str, float] = config["train_sets"]
    train_ex, dev_ex = split_examples(config, progress)
    progress("parsing and coding with the rules ...")
    tr = featurise(train_ex, model, progress)
    dv = featurise(dev_ex, model, progress)

    min_count = int(config["min_feature_count"])
    merged = {sub: top for top, subs in config.get("merged_labels", {}).items() for sub in subs}
    tr_labels = _resolve_merged(tr, merged, train_sets, min_count, progress)
    weights = [train_sets[f.example.dataset] for f in tr]
    feats = [f.features for f in tr]

    k, cv_seed = int(config["cv_folds"]), int(config["split"]["seed"])
    best_c, best_score, oof = None, -1.0, None
    for c in config["C"]:
        probs, labels_seen = _out_of_fold(feats, tr_labels, weights, float(c), min_count, k,
                                          cv_seed)  # fmt: skip
        pred = [labels_seen[i] for i in probs.argmax(axis=1)]
        score = macro_f1(tr_labels, pred)
        progress(f"  C={c}: out-of-fold macro-F1 {score:.3f}")
        if score > best_score:
            best_c, best_score, oof = float(c), score, (probs, labels_seen)
    assert best_c is not None and oof is not None
    threshold = _choose_threshold(tr, tr_labels, oof, config["thresholds"], progress)
    final = fit(feats, tr_labels, weights, best_c, min_count)
    # the n-gram baseline the issue asks to beat: the same learner on the sentence's words only
    words_only = [[f for f in fs if f.startswith(("w=", "b="))] for fs in feats]
    baseline = fit(words_only, tr_labels, weights, best_c, min_count)
    figures = evaluate(final, threshold, dv, config, merged, baseline)
    sizes = {"train": dict(Counter(f.example.dataset for f in tr)),
             "dev": dict(Counter(f.example.dataset for f in dv)),
             "features": len(final.vocab), "labels": list(final.labels)}  # fmt: skip
    return Trained(final, threshold, best_c, figures, sizes, _speed(final, dv))


def _speed(model: LinearModel, rows: list[Featurised]) -> dict:
    """Prediction speed on the dev features, one process (best of three runs)."""
    import time

    batch = [f.features for f in rows] or [[]]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        model.predict_proba(batch)
        best = min(best, time.perf_counter() - start)
    return {"events_per_s": int(round(len(batch) / best, -2))}


def _resolve_merged(
    tr: list[Featurised], merged: dict[str, str], train_sets: dict[str, float], min_count: int,
    progress: Progress,
) -> list[str]:  # fmt: skip
    """Labels for training: a merged label (PLV's YIELD) is split into its parts by a small
    classifier trained on the sets that code the parts apart."""
    parts = sorted(merged)
    labels = [f.example.label for f in tr]
    if not parts:
        return labels
    known = [(f, lab) for f, lab in zip(tr, labels, strict=True) if lab in merged]
    if len({lab for _, lab in known}) < 2:
        return labels
    sub = fit([f.features for f, _ in known], [lab for _, lab in known],
              [train_sets[f.example.dataset] for f, _ in known], 1.0, min_count)  # fmt: skip
    tops = set(merged.values())
    todo = [i for i, lab in enumerate(labels) if lab in tops]
    if todo:
        probs = sub.predict_proba([tr[i].features for i in todo])
        for i, row in zip(todo, probs, strict=True):
            labels[i] = sub.labels[int(row.argmax())]
        progress(f"relabelled {len(todo)} merged-label rows with a {'/'.join(sub.labels)} "
                 f"classifier trained on {len(known)} rows")  # fmt: skip
    return labels


def _out_of_fold(
    feats, labels, weights, c, min_count, k, seed
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Out-of-fold class probabilities for every training row (columns: all labels)."""
    all_labels = tuple(sorted(set(labels)))
    probs = np.zeros((len(feats), len(all_labels)), np.float32)
    for fold in folds(len(feats), k, seed):
        held = set(fold.tolist())
        keep = [i for i in range(len(feats)) if i not in held]
        m = fit([feats[i] for i in keep], [labels[i] for i in keep],
                [weights[i] for i in keep], c, min_count)  # fmt: skip
        p = m.predict_proba([feats[i] for i in fold])
        cols = [all_labels.index(lab) for lab in m.labels]
        probs[np.ix_(fold, cols)] = p
    return probs, all_labels


def _choose_threshold(tr, labels, oof, candidates, progress) -> float:
    probs, names = oof
    best_t, best = 0.5, -1.0
    for t in candidates:
        pred = [decide(f.rule_type, names, row, float(t)) for f, row in zip(tr, probs, strict=True)]
        score = macro_f1(labels, pred)
        progress(f"  threshold {t}: out-of-fold macro-F1 {score:.3f}")
        if score > best:
            best_t, best = float(t), score
    return best_t


def evaluate(
    model: LinearModel, threshold: float, dev: list[Featurised], config: dict,
    merged: dict[str, str], baseline: LinearModel | None = None,
) -> dict:  # fmt: skip
    """Dev figures per set: the rules alone, rules + model (what ships), the classifier alone
    on every sentence, and the words-only baseline; macro-F1 and accuracy with 95% CIs."""
    boot = config.get("bootstrap", {})
    resamples, bseed = int(boot.get("resamples", 1000)), int(boot.get("seed", 0))
    out: dict = {}
    for name in config["dev_sets"]:
        rows = [f for f in dev if f.example.dataset == name]
        if not rows:
            continue
        probs = model.predict_proba([f.features for f in rows])
        systems = {
            "rules": [f.rule_type for f in rows],
            "rules+model": [decide(f.rule_type, model.labels, p, threshold) if f.rule_type else None
                            for f, p in zip(rows, probs, strict=True)],  # fmt: skip
            "classifier": [model.labels[int(p.argmax())] for p in probs],
        }
        if baseline is not None:
            bp = baseline.predict_proba([[x for x in f.features if x.startswith(("w=", "b="))]
                                         for f in rows])  # fmt: skip
            systems["words-baseline"] = [baseline.labels[int(p.argmax())] for p in bp]
        groups = [f.example.group or f.example.id for f in rows]
        out[name] = {}
        for system, pred in systems.items():
            gold, pred = _comparable(rows, pred, merged)
            figs = [figure("macro_f1", macro_f1, gold, pred, resamples, bseed, groups),
                    figure("accuracy", accuracy, gold, pred, resamples, bseed, groups)]  # fmt: skip
            out[name][system] = {f.name: f.to_dict() for f in figs}
    return out


def _comparable(
    rows: list[Featurised], pred: list[str | None], merged: dict[str, str]
) -> tuple[list[str], list[str | None]]:
    """Gold and predictions in the gold's label space: PLV's merged YIELD takes CONCEDE and
    RETREAT as one; a realnews-dev event accepts any of its listed types."""
    gold_out, pred_out = [], []
    for f, p in zip(rows, pred, strict=True):
        gold = f.example.label
        if gold in set(merged.values()) and p in merged:
            p = merged[p]
        accepted = f.example.extra.get("plover")
        if accepted and p in accepted:
            gold = p
        gold_out.append(gold)
        pred_out.append(p)
    return gold_out, pred_out


def headline(figures: dict) -> list[Figure]:
    """Flat list of figures for printing."""
    out = []
    for name, systems in figures.items():
        for system, figs in systems.items():
            for metric, f in figs.items():
                out.append(Figure(f"{name} {system} {metric}", f["value"], f["ci95"][0],
                                  f["ci95"][1], f["n"]))  # fmt: skip
    return out
