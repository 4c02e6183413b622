"""Building the ACLED sub-type model (`newsledger train acled_subtype`).

ACLED's coder notes (the reader strips their date prefix and size/fatality suffixes) are
capped per sub-type (seeded), parsed and coded by the rules alone (`training.featurise`); the
note's main event is featurised, with the character n-grams of the whole note (a note is one
event's description), and the note's sub-type is its label. Sentences written from the ACLED
codebook's definitions (`data/taxonomy/acled_fewshot.yaml`) add the sub-types the notes barely
hold (no chemical weapon at all) to the train side, and news texts labelled by hand with their
sub-type (`news_labels`) the sub-types in news words. A multinomial logistic
regression learns the mapping, its regularisation chosen by cross-validation on the train
split, the replacement threshold by out-of-fold predictions on it. Dev figures: the held-back
notes and realnews-dev's gold events that carry sub-types (never trained on).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from importlib import resources

import yaml

from ..config import DEFAULT_MODEL
from . import news_labels
from .acled_subtype import NAME as NAME  # the model this module builds
from .acled_subtype import choose, text_features, wanted
from .examples import LabelledText
from .linear import LinearModel
from .models import ShippedModel
from .scoring import accuracy, figure, macro_f1
from .training import (
    Featurised,
    Progress,
    Trained,
    _date,
    choose_c,
    event_at,
    featurise,
    fit,
    rule_precision,
    speed,
)
from .training import split_examples as _split


def relabel(ex: LabelledText) -> LabelledText | None:
    """realnews-dev events carry their acceptable sub-types (`acled`); others are dropped."""
    if ex.dataset != "realnews-dev":
        return ex
    acled = ex.extra.get("gold", {}).get("acled")
    subs = [acled] if isinstance(acled, str) else list(acled or [])
    if not subs:
        return None
    return replace(ex, label=subs[0], extra={**ex.extra, "accepted": subs})


def split_examples(
    config: dict, progress: Progress | None = None
) -> tuple[list[LabelledText], list[LabelledText]]:
    """The model's train and dev examples, the train side capped per sub-type (seeded)."""
    train_ex, dev_ex = _split(config, progress, relabel)
    cap, rng = int(config["max_per_label"]), random.Random(int(config["split"]["seed"]))
    by_label: dict[str, list[LabelledText]] = defaultdict(list)
    for ex in train_ex:
        by_label[ex.label].append(ex)
    capped = []
    for label in sorted(by_label):
        items = by_label[label]
        capped += rng.sample(items, cap) if len(items) > cap else items
    dev_cap = max(1, cap // 4)  # the dev side of the notes, capped alike to keep scoring quick
    dev_by: dict[str, list[LabelledText]] = defaultdict(list)
    for ex in dev_ex:
        dev_by[(ex.dataset, ex.label)].append(ex)
    dev = []
    for key in sorted(dev_by):
        items = dev_by[key]
        if key[0] == "acled-notes" and len(items) > dev_cap:
            # each drawn note stands for this many of the sub-type's held-back notes, so that
            # figures can be weighted back to the natural distribution (peaceful protests
            # dominate it)
            weight = len(items) / dev_cap
            dev += [replace(ex, extra={**ex.extra, "natural_weight": weight})
                    for ex in rng.sample(items, dev_cap)]  # fmt: skip
        else:
            dev += items
    capped += fewshot(config)
    # news texts labelled by hand (their NONE rows are the sentence model's), part held back
    news_train, news_dev = news_labels.split(config)
    capped += [ex for ex in news_train if ex.label != news_labels.NONE]
    dev += [ex for ex in news_dev if ex.label != news_labels.NONE]
    if progress:
        progress(f"capped at {cap} a sub-type, with the few-shot sentences: {len(capped)} "
                 f"train, {len(dev)} dev")  # fmt: skip
    return capped, dev


FEWSHOT = "acled-fewshot"


def fewshot(config: dict) -> list[LabelledText]:
    """The config's few-shot sentences (sub-type -> sentences, a package data file): train
    side only, never scored."""
    name = config.get("fewshot")
    if not name:
        return []
    text = resources.files("newsledger").joinpath(name).read_text(encoding="utf-8")
    pairs = [(label, s) for label, items in yaml.safe_load(text).items() for s in items]
    return [LabelledText(FEWSHOT, f"{FEWSHOT}-{n}", s, label, group=f"{FEWSHOT}-{n}")
            for n, (label, s) in enumerate(pairs)]  # fmt: skip


def with_text(rows: list[Featurised]) -> list[Featurised]:
    """Each row's features with the character n-grams of its whole text (the note)."""
    return [replace(f, features=f.features + text_features(f.example.text)) for f in rows]


def train(config: dict, model: str = DEFAULT_MODEL, progress: Progress = print) -> Trained:
    """Build the ACLED sub-type model from `config` (trained/acled_subtype/config.yaml)."""
    train_ex, dev_ex = split_examples(config, progress)
    progress("parsing and coding with the rules ...")
    tr = with_text(featurise(train_ex, model, progress))
    dv = with_text(featurise(dev_ex, model, progress))
    labels = [f.example.label for f in tr]
    feats = [f.features for f in tr]
    weights = [f.example.weight for f in tr]
    min_count = int(config["min_feature_count"])
    best_c, oof = choose_c(feats, labels, weights, config, progress)
    precision = rule_precision([f.rule.acled_subtype if f.rule else None for f in tr], labels)
    threshold, best = 0.5, -1.0
    for t in config["thresholds"]:
        pred = [_system(f, oof[1], row, config, float(t), precision)
                for f, row in zip(tr, oof[0], strict=True)]  # fmt: skip
        score = accuracy(labels, [p or "" for p in pred])
        progress(f"  threshold {t}: out-of-fold accuracy {score:.3f}")
        if score > best:
            threshold, best = float(t), score
    final = fit(feats, labels, weights, best_c, min_count)
    figures = evaluate(final, threshold, dv, config, precision)
    sizes = {"train": _count(tr), "dev": _count(dv), "features": len(final.vocab),
             "labels": list(final.labels),
             "train_per_label": {lab: labels.count(lab) for lab in final.labels}}  # fmt: skip
    return Trained(final, threshold, best_c, figures, sizes, speed(final, dv), precision)


def dev_figures(model: ShippedModel, limit: int | None = None) -> tuple[int, dict]:
    """The shipped model's figures on its dev examples, recomputed (for `newsledger eval`),
    with what newsledger itself outputs for them, every model on."""
    _, dev = split_examples(model.config)
    dev = dev[:limit] if limit else dev
    rows = with_text(featurise(dev))
    threshold = float(model.meta.get("threshold", 0.5))
    precision = model.meta.get("rule_precision", {})
    return len(rows), evaluate(model.classifier, threshold, rows, model.config, precision,
                               pipeline_subtypes(dev))  # fmt: skip


# what newsledger gives a note, beside the sub-type: why a note has none
NO_EVENT, NOT_ACLED = "no event", "no ACLED event"


def pipeline_subtypes(examples: Sequence[LabelledText]) -> dict[str, dict[str, str | None]]:
    """System -> example id -> the ACLED sub-type newsledger gives it with every model on (the
    event detector and type model before this one): "pipeline", that of the note's ACLED
    event (the main one of the events newsledger codes with an ACLED sub-type: "HPG reported
    that Turkish forces conducted airstrikes" is an air strike, not a report); "pipeline-main",
    that of the note's main event whatever its type; realnews-dev's, that of the event at the
    gold cue. None where there is none; "outcome" says why (`NO_EVENT`, `NOT_ACLED`)."""
    from ..eval.gold import GoldSentence, analyse, main_event

    items = [GoldSentence(ex.id, ex.text, _date(ex.extra.get("published")), {})
             for ex in examples]  # fmt: skip
    out: dict[str, dict[str, str | None]] = {"pipeline": {}, "pipeline-main": {}, "outcome": {}}
    for ex, (_, doc, analysis) in zip(examples, analyse(items), strict=True):
        cue = ex.extra.get("cue")
        if cue:
            ev = coded = event_at(doc, analysis.events, cue)
        else:
            ev = main_event(doc, analysis.events)
            coded = main_event(doc, [e for e in analysis.events if e.type.acled_subtype])
        out["pipeline-main"][ex.id] = ev.type.acled_subtype if ev is not None else None
        out["pipeline"][ex.id] = coded.type.acled_subtype if coded is not None else None
        out["outcome"][ex.id] = (NO_EVENT if ev is None
                                 else NOT_ACLED if coded is None or not coded.type.acled_subtype
                                 else None)  # fmt: skip
    return out


def _system(
    f: Featurised, labels: Sequence[str], row, config: dict, threshold: float,
    precision: dict[str, float],
) -> str | None:  # fmt: skip
    """What newsledger outputs for the example: the rules' sub-type, recoded by the model
    where the rules' event is of a listed PLOVER type (as `acled_subtype.recode` does)."""
    rule = f.rule
    if rule is None:
        return None
    if not wanted(rule, config["compatible"], set(config.get("always_coded", ()))):
        return rule.acled_subtype
    # a featurised example keeps no sources: the state's-forces rule is left to "pipeline"
    return choose(rule, labels, row, config, threshold, precision, f.armed_targets).acled_subtype


def evaluate(
    model: LinearModel, threshold: float, dev: list[Featurised], config: dict,
    precision: dict[str, float], pipeline: dict[str, dict[str, str | None]] | None = None,
) -> dict:  # fmt: skip
    """Dev figures per set: the rules alone, rules + model (what ships, on the rules' own
    events), the classifier alone and, given `pipeline`, newsledger's own output; accuracy
    over all gold sub-types (a missing one is wrong) and macro-F1, with 95% CIs."""
    boot = config.get("bootstrap", {})
    resamples, bseed = int(boot.get("resamples", 1000)), int(boot.get("seed", 0))
    out: dict = {}
    for name in [*config["dev_sets"], news_labels.NAME]:
        rows = [f for f in dev if f.example.dataset == name]
        if not rows:
            continue
        probs = model.predict_proba([f.features for f in rows])
        systems = {
            "rules": [f.rule.acled_subtype if f.rule is not None else None for f in rows],
            "rules+model": [
                _system(f, model.labels, p, config, threshold, precision)
                for f, p in zip(rows, probs, strict=True)
            ],  # fmt: skip
            "classifier": [model.labels[int(p.argmax())] for p in probs],
        }
        for system, by_id in (pipeline or {}).items():
            if system != "outcome":
                systems[system] = [by_id.get(f.example.id) for f in rows]
        groups = [f.example.group or f.example.id for f in rows]
        out[name] = {}
        for system, pred in systems.items():
            gold = [_gold(f, p) for f, p in zip(rows, pred, strict=True)]
            figs = [figure("macro_f1", macro_f1, gold, pred, resamples, bseed, groups),
                    figure("accuracy", accuracy, gold, pred, resamples, bseed, groups)]  # fmt: skip
            # ACLED's own measure: F1 per sub-type weighted by its support, on the dev notes as
            # drawn (capped per sub-type) and weighted back to their natural distribution
            weighted = [(g, 1.0) for g in gold]
            natural = [(g, float(f.example.extra.get("natural_weight", 1.0)))
                       for g, f in zip(gold, rows, strict=True)]  # fmt: skip
            figs += [figure("weighted_f1", weighted_f1, weighted, pred, resamples, bseed, groups),
                     figure("natural_weighted_f1", weighted_f1, natural, pred, resamples, bseed,
                            groups)]  # fmt: skip
            if system == "pipeline" and pipeline is not None:
                # where the note's sub-type is lost before the model: no event at all, or none
                # that newsledger codes as political violence or a demonstration
                why = [pipeline["outcome"].get(f.example.id) for f in rows]
                for share in (NO_EVENT, NOT_ACLED):
                    key = f"{share}_share".replace(" ", "_")
                    figs.append(figure(key, _share(share), gold, why, resamples, bseed, groups))
            out[name][system] = {f.name: f.to_dict() for f in figs}
    return out


def _share(outcome: str):
    def share(gold: Sequence, why: Sequence[str | None]) -> float:
        return sum(w == outcome for w in why) / len(why) if why else 0.0

    return share


def weighted_f1(gold: Sequence[tuple[str, float]], pred: Sequence[str | None]) -> float:
    """F1 per gold label averaged by the label's support (scikit-learn's "weighted"), each
    example counted with its weight (gold is (label, weight); a None prediction is a miss)."""
    support: dict[str, float] = defaultdict(float)
    tp: dict[str, float] = defaultdict(float)
    fp: dict[str, float] = defaultdict(float)
    fn: dict[str, float] = defaultdict(float)
    for (g, w), p in zip(gold, pred, strict=True):
        support[g] += w
        if g == p:
            tp[g] += w
        else:
            fn[g] += w
            if p is not None:
                fp[p] += w
    total = sum(support.values())
    if not total:
        return 0.0
    f1 = {label: 2 * tp[label] / (2 * tp[label] + fp[label] + fn[label]) if tp[label] else 0.0
          for label in support}  # fmt: skip
    return sum(support[label] * f1[label] for label in support) / total


def _gold(f: Featurised, pred: str | None) -> str:
    accepted = f.example.extra.get("accepted")
    return pred if accepted and pred in accepted else f.example.label


def _count(rows: list[Featurised]) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in rows:
        out[f.example.dataset] = out.get(f.example.dataset, 0) + 1
    return out
