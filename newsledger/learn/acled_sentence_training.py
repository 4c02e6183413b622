"""Building the ACLED sentence model (`newsledger train acled_sentence`).

Rows (no parse: the model reads words only):
- ACLED's coder notes labelled with their sub-type, on the ACLED sub-type model's own split
  and caps (`acled_subtype_training.split_examples`, its config), so no note that model holds
  back is trained on here either; a coder's category tag ("Defusal:") is stripped, since news
  never carries it; the few-shot sentences written from the codebook join the train side;
- NONE: PLV's news sentences whose gold PLOVER type is no ACLED event (a meeting, an
  accusation, aid, a demand; the event-type model's split), and the sentences of PolNeAR's
  first `polnear_articles` train articles (2016 US political news, which report nothing ACLED
  counts; a weak label: a few may mention a shooting or a march);
- ANY and NONE from news-style sets (`news_sets`: NGEC's synthetic stories, ConfliBERT's CAMEO
  quad classes) and PLV's violence and protest sentences: an event told in news words (ANY,
  never a sub-type itself) or something else (NONE), so that a note's style is not what makes
  an event. ConfliBERT keeps a seeded fifth back for the figures;
- news texts of those sets' train sides labelled by hand with their sub-type or NONE
  (`news_labels`, config `news_labels`), in place of their ANY or NONE rows: the sub-types
  told in news words.
A multinomial logistic regression (C by cross-validation on the train rows). The NONE cut is
chosen on out-of-fold predictions of the train rows: the highest P(NONE) cut at which no more
than `max_false_rate` of PLV's other-event sentences would become ACLED events (they are the
hard negatives: news sentences that do report an event). The confidence (of the sub-type,
given a sub-typed event) is calibrated on the same out-of-fold predictions of the notes. Dev
figures: the held-back notes, PLV's and ConfliBERT's held-back sentences (other events: how
often an event is made; violence and protests: how often one is), and PolNeAR's dev articles
(how often an event is made where none is).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib import resources

import numpy as np
import yaml

from ..config import DEFAULT_MODEL
from . import calibration, news_labels, splits
from .acled_sentence import ANY, NONE, decide, features, untagged
from .acled_sentence import NAME as NAME  # the model this module builds
from .acled_subtype_training import split_examples as notes_split
from .acled_subtype_training import weighted_f1
from .examples import LabelledText
from .models import ShippedModel
from .readers import read
from .readers.plv import unmarked as _unmarked
from .scoring import accuracy, figure
from .training import Progress, Trained, batch_speed, choose_c, fit
from .training import split_examples as sentences_split

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
_MIN_WORDS = 6  # shorter "sentences" are bylines, headings and fragments
PLV = "zsp-plv-train"
NOTES = "acled-notes"
POLNEAR = "polnear-train-dev"
# dev sets as the card names them
OTHER_EVENTS, VIOLENCE, NO_EVENT = "PLV other events", "PLV violence and protest", "PolNeAR dev"


def _config(name: str) -> dict:
    path = resources.files("newsledger").joinpath(f"trained/{name}/config.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def examples(config: dict, progress: Progress | None = None
             ) -> tuple[list[LabelledText], list[LabelledText]]:  # fmt: skip
    """The train and dev rows (see the module's docstring); a dev row's `dataset` names the
    figure it counts in."""
    notes_train, notes_dev = notes_split(_config(config["notes_split_from"]))
    train = [_untag(ex) for ex in notes_train]
    dev = [_untag(ex) for ex in notes_dev if ex.dataset == NOTES]
    plv_train, plv_dev = sentences_split(_config(config["sentences_split_from"]))
    other = set(config["other_events"])
    train += [_none(ex) for ex in plv_train if ex.dataset == PLV and ex.label in other]
    dev += [_none(ex, OTHER_EVENTS) for ex in plv_dev if ex.dataset == PLV and ex.label in other]
    violence = set(config["violence_events"])
    train += [_as(ex, ANY) for ex in plv_train if ex.dataset == PLV and ex.label in violence]
    dev += [LabelledText(VIOLENCE, ex.id, _unmarked(ex.text), ex.label, group=ex.group)
            for ex in plv_dev if ex.dataset == PLV and ex.label in violence]  # fmt: skip
    for name, spec in (config.get("news_sets") or {}).items():
        rows = [ex for ex in read(name) if ex.label in spec["events"] or ex.label in spec["none"]]
        split = splits.assign(rows, int(config["split"]["seed"]),
                              float(config["split"]["dev_fraction"]) if spec.get("dev") else 0.0)
        train += [_as(ex, ANY if ex.label in spec["events"] else NONE) for ex in split.train]
        dev += [_as(ex, ex.label, f"{name} {'events' if ex.label in spec['events'] else 'other'}")
                for ex in split.dev]  # fmt: skip
    articles = sorted(read(POLNEAR), key=lambda a: a.id)
    train_articles = [a for a in articles if a.split in (None, "train")]
    train += _sentences(train_articles[: int(config["polnear_articles"])], POLNEAR)
    dev += _sentences([a for a in articles if a.split == "dev"], NO_EVENT)
    # news texts labelled with their sub-type replace their ANY or NONE rows
    # (a seeded part held back: its figures are the sub-types told in news words)
    news_train, news_dev = news_labels.split(config)
    keys = {splits.text_key(ex.text) for ex in news_train + news_dev}
    train = [ex for ex in train if splits.text_key(ex.text) not in keys] + news_train
    dev += news_dev
    # the sets share sentences (PLV's pool is ConfliBERT's), and each is split on its own:
    # a sentence held back anywhere is trained on nowhere
    held = {splits.text_key(ex.text) for ex in dev}
    leaked = [ex for ex in train if splits.text_key(ex.text) in held]
    train = [ex for ex in train if splits.text_key(ex.text) not in held]
    if progress:
        progress(f"{len(leaked)} train rows dropped: their sentence is held back in a dev set")
        progress(f"{len(train)} train rows ({sum(ex.label == NONE for ex in train)} NONE), "
                 f"{len(dev)} dev rows")  # fmt: skip
    return train, dev


def _as(ex: LabelledText, label: str, dataset: str | None = None) -> LabelledText:
    return LabelledText(dataset or ex.dataset, ex.id, _unmarked(ex.text), label, ex.group)


def _untag(ex: LabelledText) -> LabelledText:
    return LabelledText(ex.dataset, ex.id, untagged(ex.text), ex.label, ex.group,
                        extra=ex.extra, weight=ex.weight)  # fmt: skip


def _none(ex: LabelledText, dataset: str | None = None) -> LabelledText:
    return LabelledText(dataset or ex.dataset, ex.id, _unmarked(ex.text), NONE, ex.group)


def _sentences(articles: Sequence, dataset: str) -> list[LabelledText]:
    out = []
    for art in articles:
        for n, sent in enumerate(_SENTENCE_END.split(art.text)):
            if len(sent.split()) >= _MIN_WORDS:
                out.append(LabelledText(dataset, f"{art.id}-s{n}", sent.strip(), NONE, art.id))
    return out


def train(config: dict, model: str = DEFAULT_MODEL, progress: Progress = print) -> Trained:
    """Build the ACLED sentence model from `config` (trained/acled_sentence/config.yaml)."""
    tr, dv = examples(config, progress)
    feats = [features(ex.text) for ex in tr]
    labels = [ex.label for ex in tr]
    weights = [ex.weight for ex in tr]
    best_c, (oof, names) = choose_c(feats, labels, weights, config, progress)
    hard = [i for i, ex in enumerate(tr) if ex.dataset == PLV and ex.label == NONE]
    events = [i for i, ex in enumerate(tr) if ex.dataset == NOTES]
    threshold = float(min(config["thresholds"]))
    for cut in sorted(config["thresholds"]):
        read_as = [decide(names, row, float(cut)).subtype for row in oof]
        false_rate = sum(read_as[i] is not None for i in hard) / max(1, len(hard))
        kept = sum(read_as[i] is not None for i in events) / max(1, len(events))
        progress(f"  NONE cut {cut}: out-of-fold other-event sentences made events "
                 f"{false_rate:.3f}, notes kept {kept:.3f}")  # fmt: skip
        if false_rate <= float(config["max_false_rate"]):
            threshold = float(cut)
    read_as = [decide(names, row, threshold) for row in oof]
    fired = [(r.confidence, r.subtype == ex.label) for r, ex in zip(read_as, tr, strict=True)
             if r.subtype is not None and ex.label != ANY]  # fmt: skip
    calibrator = calibration.fit([s for s, _ in fired], [ok for _, ok in fired])
    progress(f"NONE cut {threshold}; calibrated on {len(fired)} out-of-fold events")
    final = fit(feats, labels, weights, best_c, int(config["min_feature_count"]))
    figures, reliability = evaluate(final, threshold, calibrator, dv, config)
    sizes = {"train": _count(tr), "dev": _count(dv), "features": len(final.vocab),
             "labels": list(final.labels)}  # fmt: skip
    speed = batch_speed(final, [features(ex.text) for ex in dv[:500]])
    extra = {"calibration": calibrator.to_dict(), "calibration_dev": reliability}
    return Trained(final, threshold, best_c, figures, sizes,
                   {"sentences_per_s": speed["events_per_s"]}, {}, extra)  # fmt: skip


def dev_figures(model: ShippedModel, limit: int | None = None) -> tuple[int, dict]:
    """The shipped model's figures on its dev rows, recomputed (for `newsledger eval`)."""
    _, dev = examples(model.config)
    dev = dev[:limit] if limit else dev
    calibrator = calibration.Calibrator.from_dict(model.meta.get("calibration"))
    figures, _ = evaluate(model.classifier, float(model.meta.get("threshold", 0.5)),
                          calibrator, dev, model.config)  # fmt: skip
    return len(dev), figures


def evaluate(model, threshold: float, calibrator, dev: list[LabelledText], config: dict
             ) -> tuple[dict, dict]:  # fmt: skip
    """Dev figures per set, and the reliability of the confidence on the notes."""
    boot = config.get("bootstrap", {})
    resamples, bseed = int(boot.get("resamples", 1000)), int(boot.get("seed", 0))
    out: dict = {}
    reliability: dict = {}
    for name in dict.fromkeys([NOTES, OTHER_EVENTS, VIOLENCE, NO_EVENT,
                               *sorted({ex.dataset for ex in dev})]):  # fmt: skip
        rows = [ex for ex in dev if ex.dataset == name]
        if not rows:
            continue
        probs = model.predict_proba([features(ex.text) for ex in rows])
        read_as = [decide(model.labels, row, threshold, calibrator) for row in probs]
        pred = [r.subtype for r in read_as]
        groups = [ex.group or ex.id for ex in rows]
        made = [p is not None for p in pred]
        share = figure("event_share", _mean, made, made, resamples, bseed, groups)
        if name == news_labels.NAME:
            out[name] = {"sentence model": _news_figures(rows, pred, resamples, bseed)}
            continue
        if name != NOTES:
            out[name] = {"sentence model": {"event_share": share.to_dict()}}
            continue
        gold = [ex.label for ex in rows]
        weighted = [(g, 1.0) for g in gold]
        natural = [(g, float(ex.extra.get("natural_weight", 1.0)))
                   for g, ex in zip(gold, rows, strict=True)]  # fmt: skip
        figs = [figure("weighted_f1", weighted_f1, weighted, pred, resamples, bseed, groups),
                figure("natural_weighted_f1", weighted_f1, natural, pred, resamples, bseed,
                       groups),
                figure("accuracy", accuracy, gold, pred, resamples, bseed, groups),
                share]  # fmt: skip
        out[name] = {"sentence model": {f.name: f.to_dict() for f in figs}}
        raw = [decide(model.labels, row, threshold) for row in probs]
        scored = [(r.confidence, w.confidence, r.subtype == g)
                  for r, w, g in zip(read_as, raw, gold, strict=True) if r.subtype is not None]
        if scored:
            conf, conf_raw, right = zip(*scored, strict=True)
            reliability[name] = {"ece": calibration.ece(conf, right),
                                 "ece_raw": calibration.ece(conf_raw, right), "n": len(scored),
                                 "reliability": calibration.reliability(conf, right)}  # fmt: skip
    return out, reliability


def _news_figures(rows: list[LabelledText], pred: list[str | None], resamples: int,
                  seed: int) -> dict:  # fmt: skip
    """On held-back news texts: the sub-type's weighted F1 and accuracy on those that report an
    ACLED event (none made is a miss; a second accepted sub-type counts), and how often one is
    made on those that report none."""
    events = [(ex, p) for ex, p in zip(rows, pred, strict=True) if ex.label != NONE]
    gold = [p if p in ex.extra.get("accepted", ()) else ex.label for ex, p in events]
    said = [p for _, p in events]
    groups = [ex.group or ex.id for ex, _ in events]
    made = [p is not None for ex, p in zip(rows, pred, strict=True) if ex.label == NONE]
    figs = [figure("weighted_f1", weighted_f1, [(g, 1.0) for g in gold], said, resamples, seed,
                   groups),
            figure("accuracy", accuracy, gold, said, resamples, seed, groups),
            figure("false_event_share", _mean, made, made, resamples, seed)]  # fmt: skip
    return {f.name: f.to_dict() for f in figs}


def _mean(gold: Sequence[bool], pred: Sequence[bool]) -> float:
    return float(np.mean(pred)) if len(pred) else 0.0


def _count(rows: list[LabelledText]) -> dict[str, int]:
    out: dict[str, int] = {}
    for ex in rows:
        out[ex.dataset] = out.get(ex.dataset, 0) + 1
    return out

