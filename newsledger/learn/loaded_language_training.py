"""Building the loaded-language model (`newsledger train loaded_language`).

Data: the Loaded_Language and Name_Calling-Labeling spans of the news persuasion sets
(CheckThat! 2024, SemEval-2023 dev), with meme texts and BABE's biased words as auxiliary
data at lower example weights (config `train_sets`). One shared, leak-free split by article
(`splits.assign`); every article is parsed once and each token labelled LOADED when it
overlaps a target span. A binary logistic regression (scikit-learn) learns the per-token
decision (`loaded_language.token_features`); its regularisation, the probability threshold,
the gap closed between runs and the peak a run must reach are chosen by article-level
cross-validation on the train split (out-of-fold span F1 of the news articles), never on dev.
Dev figures: SemEval-2020 span-identification scoring with partial credit (`scoring.span_f1`),
bootstrap 95% intervals over articles, beside the slant lexicon (the slant stage with models
off) on the same scorer. A marker's confidence is then calibrated on the same out-of-fold
probabilities, and the article profile's threshold chosen on them
(`loaded_language_confidence`).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc

from ..config import DEFAULT_MODEL
from . import loaded_language_confidence as confidence
from . import splits
from .examples import SpanText
from .linear import LinearModel
from .loaded_language import NAME as NAME  # the model this module builds
from .loaded_language import doc_features, runs
from .models import ShippedModel, rules_only
from .readers import folder, module, read
from .scoring import figure, span_f1, span_precision, span_recall
from .training import Progress, Trained

POSITIVE, NEGATIVE = "LOADED", "O"


@dataclass
class Parsed:
    """An example parsed: its doc, token features and token labels (1 = inside a target)."""

    example: SpanText
    doc: Doc
    features: list[list[str]]
    labels: np.ndarray

    def gold(self) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.example.spans]


# ---- data ------------------------------------------------------------------------------------


def read_targets(name: str, labels: Sequence[str]) -> list[SpanText]:
    """The examples of one data set with only the target labels' spans kept (BABE: its
    biased words as spans)."""
    if name == "babe":
        examples = list(module(name).read_spans(folder(name)))
    else:
        examples = [ex for ex in read(name) if isinstance(ex, SpanText)]
    keep = set(labels)
    out = []
    for ex in examples:
        spans = tuple(s for s in ex.spans if s.label in keep)
        out.append(SpanText(ex.dataset, ex.id, ex.text, spans, ex.group, ex.split, ex.extra))
    return out


def split_examples(config: dict, progress: Progress | None = None) -> tuple[list, list]:
    """Train and dev examples: one shared, leak-free split by article over every set."""
    seed = int(config["split"]["seed"])
    train_sets: dict[str, float] = config["train_sets"]
    names = list(dict.fromkeys([*train_sets, *config["dev_sets"]]))
    examples: list[SpanText] = []
    for name in names:
        got = read_targets(name, config["labels"][name])
        if progress:
            progress(f"read {name}: {len(got)} texts, {sum(len(e.spans) for e in got)} spans")
        examples += got
    split = splits.assign(examples, seed, float(config["split"]["dev_fraction"]))
    if splits.leaks(split):
        raise RuntimeError("split leaks texts into both sides")
    train_ex = [ex for ex in split.train if train_sets.get(ex.dataset, 0) > 0]
    dev_ex = [ex for ex in split.dev if ex.dataset in config["dev_sets"]]
    if progress:
        progress(f"split (seed {seed}): {len(train_ex)} train, {len(dev_ex)} dev texts, "
                 f"{split.dropped_duplicates} duplicates dropped")  # fmt: skip
    return train_ex, dev_ex


def parse(examples: Sequence[SpanText], model: str = DEFAULT_MODEL,
          progress: Progress | None = None) -> list[Parsed]:  # fmt: skip
    """Parse each example; featurise and label its tokens."""
    from .. import nlp

    out = []
    texts = [ex.text for ex in examples]
    for n, (ex, doc) in enumerate(zip(examples, nlp.parse_many(texts, model), strict=True)):
        labels = np.zeros(len(doc), np.int8)
        for span in ex.spans:
            for tok in doc.char_span(span.start, span.end, alignment_mode="expand") or ():
                labels[tok.i] = 1
        out.append(Parsed(ex, doc, doc_features(doc), labels))
        if progress and (n + 1) % 500 == 0:
            progress(f"  parsed {n + 1}/{len(examples)}")
    return out


# ---- fitting ---------------------------------------------------------------------------------


def vocabulary(rows: Sequence[Parsed], min_count: int) -> dict[str, int]:
    counts = Counter(f for p in rows for fs in p.features for f in fs)
    return {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}


def matrix(rows: Sequence[Parsed], vocab: dict[str, int]):
    """The binary token-by-feature matrix of the rows' tokens (scipy CSR)."""
    from scipy.sparse import csr_matrix

    indptr, cols = [0], []
    for p in rows:
        for fs in p.features:
            cols += sorted({vocab[f] for f in fs if f in vocab})
            indptr.append(len(cols))
    data = np.ones(len(cols), np.float32)
    return csr_matrix((data, np.asarray(cols, np.int32), indptr), shape=(len(indptr) - 1,
                                                                        len(vocab)))  # fmt: skip


def fit(x, y: np.ndarray, weights: np.ndarray, c: float, vocab: dict[str, int],
        prune: float = 0.0) -> LinearModel:  # fmt: skip
    """A binary logistic regression; weights below `prune` in magnitude are dropped."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit(x, y, sample_weight=weights)
    coef = clf.coef_[0].astype(np.float32)
    keep = [f for f, i in vocab.items() if abs(coef[i]) >= prune]
    w = np.zeros((len(keep), 2), np.float32)
    w[:, 1] = [coef[vocab[f]] for f in keep]
    bias = np.array([0.0, clf.intercept_[0]], np.float32)
    return LinearModel((NEGATIVE, POSITIVE), {f: i for i, f in enumerate(keep)}, w, bias)


def token_weights(rows: Sequence[Parsed], train_sets: dict[str, float]) -> np.ndarray:
    return np.concatenate([np.full(len(p.labels), train_sets[p.example.dataset], np.float64)
                           for p in rows])  # fmt: skip


def predict(model: LinearModel, rows: Sequence[Parsed]) -> list[np.ndarray]:
    """P(LOADED) of every token, one array per row."""
    return [model.predict_proba(p.features)[:, 1] if p.features else np.zeros(0) for p in rows]


def char_spans(p: Parsed, probs: np.ndarray, threshold: float, gap: int,
               peak: float = 0.0) -> list[tuple[int, int]]:  # fmt: skip
    doc = p.doc
    return [(doc[r.start].idx, doc[r.end - 1].idx + len(doc[r.end - 1]))
            for r in runs(doc, probs, threshold, gap, peak)]  # fmt: skip


def group_folds(rows: Sequence[Parsed], k: int, seed: int) -> list[list[int]]:
    """k seeded folds of the rows, whole articles (groups) per fold."""
    groups = sorted({p.example.group or p.example.id for p in rows})
    order = np.random.default_rng(seed).permutation(len(groups))
    fold_of = {groups[g]: n % k for n, g in enumerate(order)}
    out: list[list[int]] = [[] for _ in range(k)]
    for i, p in enumerate(rows):
        out[fold_of[p.example.group or p.example.id]].append(i)
    return out


def _out_of_fold(rows, train_sets, c, min_count, k, seed) -> list[np.ndarray]:
    probs: list[np.ndarray] = [np.zeros(0)] * len(rows)
    for held in group_folds(rows, k, seed):
        held_set = set(held)
        keep = [rows[i] for i in range(len(rows)) if i not in held_set]
        vocab = vocabulary(keep, min_count)
        y = np.concatenate([p.labels for p in keep])
        model = fit(matrix(keep, vocab), y, token_weights(keep, train_sets), c, vocab)
        for i, pr in zip(held, predict(model, [rows[i] for i in held]), strict=True):
            probs[i] = pr
    return probs


def train(config: dict, model: str = DEFAULT_MODEL, progress: Progress = print) -> Trained:
    """Build the loaded-language model from `config` (trained/loaded_language/config.yaml)."""
    train_sets: dict[str, float] = config["train_sets"]
    train_ex, dev_ex = split_examples(config, progress)
    progress("parsing ...")
    tr = parse(train_ex, model, progress)
    dv = parse(dev_ex, model, progress)
    min_count, k = int(config["min_feature_count"]), int(config["cv_folds"])
    seed = int(config["split"]["seed"])
    scored = set(config["threshold_sets"])  # the register the threshold is chosen for
    best = (-1.0, 0.0, 0.5, 0, 0.0)
    oofs: dict[float, list[np.ndarray]] = {}
    for c in config["C"]:
        oof = oofs[float(c)] = _out_of_fold(tr, train_sets, float(c), min_count, k, seed)
        news = [(p, pr) for p, pr in zip(tr, oof, strict=True) if p.example.dataset in scored]
        golds = [p.gold() for p, _ in news]
        for gap in config["merge_gap"]:
            for t in config["thresholds"]:
                for peak in config.get("peaks", [0.0]):
                    if peak and peak <= t:
                        continue
                    preds = [char_spans(p, pr, float(t), int(gap), float(peak)) for p, pr in news]
                    score = span_f1(golds, preds)
                    if score > best[0]:
                        best = (score, float(c), float(t), int(gap), float(peak))
        progress(f"  C={c}: best out-of-fold span F1 so far {best[0]:.3f} "
                 f"(C={best[1]}, threshold={best[2]}, gap={best[3]}, peak={best[4]})")  # fmt: skip
    _, c_best, threshold, gap, peak = best
    vocab = vocabulary(tr, min_count)
    y = np.concatenate([p.labels for p in tr])
    final = fit(matrix(tr, vocab), y, token_weights(tr, train_sets), c_best, vocab,
                float(config.get("prune_below", 0.0)))  # fmt: skip
    progress(f"final model: {len(final.vocab)} features (of {len(vocab)}), C={c_best}, "
             f"threshold={threshold}, gap={gap}, peak={peak}")  # fmt: skip
    figures = evaluate(final, threshold, gap, dv, config, model, peak)
    sizes = {"train": dict(Counter(p.example.dataset for p in tr)),
             "dev": dict(Counter(p.example.dataset for p in dv)),
             "train_tokens": int(sum(len(p.labels) for p in tr)),
             "train_positive_tokens": int(y.sum()),
             "features": len(final.vocab), "labels": list(final.labels)}  # fmt: skip
    calibrated = calibrate(tr, oofs[c_best], dv, final, (threshold, gap, peak), config,
                           progress)  # fmt: skip
    return Trained(final, threshold, c_best, figures, sizes, _speed(final, dv),
                   extra={"merge_gap": gap, "peak": peak, "cv_span_f1": round(best[0], 4),
                          **calibrated})  # fmt: skip


def calibrate(tr: list[Parsed], oof: list[np.ndarray], dv: list[Parsed], final: LinearModel,
              decoding: tuple[float, int, float], config: dict,
              progress: Progress | None = None) -> dict:  # fmt: skip
    """Calibrators of a marker's confidence fitted on the news train articles' out-of-fold
    probabilities, judged on the news dev articles, and the profile threshold chosen on the
    same out-of-fold spans (meta.json: calibration, calibration_dev, profile)."""
    news = set(config["threshold_sets"])
    idx = [i for i, p in enumerate(tr) if p.example.dataset in news]
    train_rows = [tr[i] for i in idx]
    train = confidence.scored(train_rows, [oof[i] for i in idx], *decoding,
                              lexicon_spans(train_rows))  # fmt: skip
    cals = confidence.fit(train, config.get("calibrate", ()))
    dev_rows = [p for p in dv if p.example.dataset in news]
    dev = confidence.scored(dev_rows, predict(final, dev_rows), *decoding,
                            lexicon_spans(dev_rows))  # fmt: skip
    floor = float(config.get("lexicon_confidence", 0.5))
    chosen = confidence.choose_threshold(train, cals, float(config["marker_threshold"]),
                                         float(config["profile_precision"]),
                                         config["profile_thresholds"])  # fmt: skip
    chosen["dev"] = confidence.counted(dev, cals, float(config["marker_threshold"]),
                                       chosen["threshold"])  # fmt: skip
    if progress:
        progress(f"calibrated on {sum(len(s.raw) for s in train.values())} out-of-fold spans; "
                 f"profile threshold {chosen['threshold']}")  # fmt: skip
    return {
        "calibration": {k: c.to_dict() for k, c in cals.items()},
        "calibration_dev": confidence.dev_figures(dev, cals, floor),
        "profile": chosen,
    }


def _speed(model: LinearModel, rows: list[Parsed]) -> dict:
    """Tokens per second: features of a parsed doc and the dot product (best of three)."""
    docs = [p.doc for p in rows[:40]]
    n = sum(len(d) for d in docs) or 1
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for d in docs:
            model.predict_proba(doc_features(d))
        best = min(best, time.perf_counter() - start)
    return {"tokens_per_s": int(round(n / best, -2))}


# ---- evaluation ------------------------------------------------------------------------------


def lexicon_spans(rows: Sequence[Parsed]) -> list[list[tuple[int, int]]]:
    """The slant stage's markers with models off (the lexicon as shipped, voice rules
    included), as character spans per row."""
    with rules_only():
        return stage_spans(rows, speakers=False)


def stage_spans(rows: Sequence[Parsed], speakers: bool = True) -> list[list[tuple[int, int]]]:
    """The slant stage's markers as newsledger runs it (with the shipped models unless inside
    `rules_only`), and with `speakers` the speakers' loaded words too (the persuasion
    annotators mark loaded language in any voice), as character spans per row."""
    import hashlib

    from ..extract import EXTRACTORS, run_extractors
    from ..model import Article

    stages = [e for e in EXTRACTORS if e.name in ("actors", "places", "attribution", "slant")]
    out = []
    for p in rows:
        article = Article(id=hashlib.sha256(p.example.text.encode()).hexdigest()[:32],
                          text=p.example.text, source=p.example.dataset)  # fmt: skip
        found, _ = run_extractors(p.doc, article, stages)
        marks = [*found.markers, *(found.speaker_markers if speakers else ())]
        out.append([(m.evidence.start, m.evidence.end) for m in marks])
    return out


def dev_figures(model: ShippedModel, limit: int | None = None) -> tuple[int, dict]:
    """The shipped tagger's figures on its dev articles, recomputed (for `newsledger eval`)."""
    _, dev = split_examples(model.config)
    rows = parse(dev[:limit] if limit else dev)
    meta = model.meta
    # the stage as shipped (this model's proposals cut to markers, the lexicon, voice rules)
    stage = {"stage": stage_spans(rows)}
    return len(rows), evaluate(model.classifier, float(meta.get("threshold", 0.5)),
                               int(meta.get("merge_gap", 0)), rows, model.config,
                               peak=float(meta.get("peak", 0.0)), more=stage)  # fmt: skip


def evaluate(model: LinearModel, threshold: float, gap: int, dev: list[Parsed], config: dict,
             spacy_model: str = DEFAULT_MODEL, peak: float = 0.0,
             more: dict[str, list] | None = None) -> dict:  # fmt: skip
    """Dev figures per set (and the news sets together): the model's spans and the lexicon's
    (and those of `more` systems), partial-credit span precision, recall and F1 with 95%
    intervals over articles."""
    boot = config.get("bootstrap", {})
    resamples, bseed = int(boot.get("resamples", 1000)), int(boot.get("seed", 0))
    probs = predict(model, dev)
    systems = {"model": [char_spans(p, pr, threshold, gap, peak)
                         for p, pr in zip(dev, probs, strict=True)],
               "lexicon": lexicon_spans(dev), **(more or {})}  # fmt: skip
    sets = {name: [name] for name in config["dev_sets"]}
    sets = {"persuasion (news)": list(config["threshold_sets"]), **sets}
    out: dict = {}
    for label, names in sets.items():
        idx = [i for i, p in enumerate(dev) if p.example.dataset in names]
        if not idx:
            continue
        golds = [dev[i].gold() for i in idx]
        groups = [dev[i].example.group or dev[i].example.id for i in idx]
        out[label] = {}
        for system, preds in systems.items():
            pred = [preds[i] for i in idx]
            figs = [figure(name, fn, golds, pred, resamples, bseed, groups)
                    for name, fn in (("precision", span_precision), ("recall", span_recall),
                                     ("f1", span_f1))]  # fmt: skip
            out[label][system] = {f.name: f.to_dict() for f in figs}
    return out
