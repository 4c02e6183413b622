"""What every trainer shares: the leak-free examples of a config, featurising labelled
sentences with the rules' own reading (models switched off), fitting the linear classifier,
folds and out-of-fold probabilities, and prediction speed.

Featurising: each example is parsed and coded by the rules alone; the event the sentence is
about (the main event: highest trigger in the parse; for an example with a gold cue, the event
at the cue) is featurised with `features.event_features`. Fitting: multinomial logistic
regression (scikit-learn) over binary features seen at least `min_count` times.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Doc

from ..config import DEFAULT_MODEL
from ..model import Event, EventType
from . import splits
from .acled_subtype import armed_targets
from .event_detect import NAME as DETECTOR
from .event_type import sentence_of
from .examples import LabelledText
from .features import event_features
from .linear import LinearModel
from .models import only, rules_only
from .readers import read

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Featurised:
    """An example as the model sees it: features, and what the rules coded."""

    example: LabelledText
    features: list[str]
    rule: EventType | None  # the rules' coding of the event, None when they found none
    armed_targets: bool = False  # every target a named actor that is not civilians
    # the rules coded nothing and the event detector proposed an event (featurised as the
    # sentence alone, like every sentence without a rule event)
    detected: bool = False

    @property
    def rule_type(self) -> str | None:
        return self.rule.plover if self.rule is not None else None


# ---- featurising labelled sentences ----------------------------------------------------------


def featurise(
    examples: Sequence[LabelledText], model: str = DEFAULT_MODEL, progress: Progress | None = None,
    detector: bool = False,
) -> list[Featurised]:
    """Parse each example and featurise the event the rules find in it (models switched off;
    with `detector`, the event detector's proposal where the rules find none is marked)."""
    from ..eval.gold import GoldSentence, analyse, main_event
    from .event_type import detected

    items = [GoldSentence(ex.id, ex.text, _date(ex.extra.get("published")), {}) for ex in examples]
    out: list[Featurised] = []
    with only(DETECTOR) if detector else rules_only():
        for n, (ex, (_, doc, analysis)) in enumerate(zip(examples, analyse(items, model),
                                                         strict=True)):  # fmt: skip
            cue = ex.extra.get("cue")
            if cue:  # realnews-dev: the event at the gold cue, not the sentence's main one
                event = event_at(doc, analysis.events, cue)
            else:
                event = main_event(doc, analysis.events)
            found = event is not None and detected(event)
            sent = sentence_of(doc, event) if event is not None else doc[:]
            # the detector's proposal is read without a rule reading, as the events stage reads it
            out.append(Featurised(ex, event_features(sent, event, ruled=not found),
                                  event.type if event is not None and not found else None,
                                  event is not None and not found and armed_targets(event),
                                  found))  # fmt: skip
            if progress and (n + 1) % 500 == 0:
                progress(f"  featurised {n + 1}/{len(examples)}")
    return out


def event_at(doc: Doc, events: Sequence[Event], cue: str) -> Event | None:
    """The record at `cue` in the text: the one whose evidence or mention starts first there."""
    text = doc.text
    at = text.find(cue)
    if at < 0:
        at = text.find(cue[:40])
    if at < 0:
        return None
    end = at + len(cue)
    # a record is at the cue where its evidence or one of its further mentions is: "the
    # protests escalated with a massive rally" may retell the headline's protests
    spans = [(m.start, e) for e in events for m in (e.evidence, *e.mentions)
             if m.start < end and m.end > at]  # fmt: skip
    return min(spans, key=lambda pair: pair[0])[1] if spans else None


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
    """What a trainer produced: the model, its threshold and every figure for the card."""

    model: LinearModel
    threshold: float
    c: float
    figures: dict
    sizes: dict
    speed: dict
    # the rules' precision on the train split, per reading they give (models that recode them)
    rule_precision: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # model-specific choices (a tagger's merge gap)


def split_examples(
    config: dict,
    progress: Progress | None = None,
    relabel: Callable[[LabelledText], LabelledText | None] | None = None,
) -> tuple[list[LabelledText], list[LabelledText]]:
    """The train and dev examples of the model's config: one shared, leak-free split over all
    its sets; sets not listed for training are dev only. `relabel` maps a set's labels into
    the model's (None drops the example)."""
    from .corrections import NAME as CORRECTIONS
    from .corrections import first

    seed = int(config["split"]["seed"])
    train_sets: dict[str, float] = config["train_sets"]
    # analysts' corrections come from the store, not from a data set (learn.corrections)
    names = [n for n in dict.fromkeys([*train_sets, *config["dev_sets"]]) if n != CORRECTIONS]
    examples: list[LabelledText] = []
    for name in names:
        got = [ex for ex in read(name) if ex.label != "NONE"]
        if relabel is not None:
            got = [r for r in (relabel(ex) for ex in got) if r is not None]
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
    if config.get("corrections") or config.get("corrected_texts"):
        train_ex, dev_ex = first(train_ex, dev_ex, config.get("corrections") or [],
                                 config.get("corrected_texts") or [], progress)
    if progress:
        progress(f"split (seed {seed}): {len(train_ex)} train, {len(dev_ex)} dev, "
                 f"{split.dropped_duplicates} duplicates dropped")  # fmt: skip
    return train_ex, dev_ex


def choose_c(
    feats: Sequence[list[str]], labels: Sequence[str], weights: Sequence[float], config: dict,
    progress: Progress,
) -> tuple[float, tuple[np.ndarray, tuple[str, ...]]]:  # fmt: skip
    """The config's C with the best out-of-fold macro-F1 on the train split (k seeded folds),
    and those out-of-fold probabilities with their label columns."""
    from .scoring import macro_f1

    min_count, k = int(config["min_feature_count"]), int(config["cv_folds"])
    seed = int(config["split"]["seed"])
    best: tuple[float, float, tuple[np.ndarray, tuple[str, ...]]] | None = None
    for c in config["C"]:
        probs, names = out_of_fold(feats, labels, weights, float(c), min_count, k, seed)
        score = macro_f1(labels, [names[i] for i in probs.argmax(axis=1)])
        progress(f"  C={c}: out-of-fold macro-F1 {score:.3f}")
        if best is None or score > best[0]:
            best = (score, float(c), (probs, names))
    if best is None:
        raise ValueError("config lists no C to try")
    return best[1], best[2]


def rule_precision(
    readings: Sequence[str | None], gold: Sequence[str], min_rows: int = 5
) -> dict[str, float]:
    """How often each reading of the rules is right on the train split (readings given at
    least `min_rows` times). A model overrides a reading only when it is surer than the rules
    are precise: rules stay where they are precise."""
    seen: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for reading, g in zip(readings, gold, strict=True):
        if reading is not None:
            seen[reading] += 1
            right[reading] += reading == g
    return {r: round(right[r] / n, 3) for r, n in sorted(seen.items()) if n >= min_rows}


def cut_for(reading: str | None, threshold: float, precision: dict[str, float]) -> float:
    """The probability the model needs to replace the rules' `reading`."""
    return max(threshold, precision.get(reading or "", 0.0))


def speed(model: LinearModel, rows: list[Featurised]) -> dict:
    """Prediction speed on the dev features, one process (best of three runs)."""
    return batch_speed(model, [f.features for f in rows])


def batch_speed(model: LinearModel, batch: list) -> dict:
    """Prediction speed on a batch of feature lists, one process (best of three runs)."""
    import time

    batch = batch or [[]]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        model.predict_proba(batch)
        best = min(best, time.perf_counter() - start)
    return {"events_per_s": int(round(len(batch) / best, -2))}


def out_of_fold(
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


