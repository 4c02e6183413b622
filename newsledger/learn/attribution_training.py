"""Building the attribution model (`newsledger train attribution`).

Data: PolNeAR (Newell et al. 2018), one annotator per article (the reader picks one), the
publishers' split: train = months 1-10, dev = month 11 (`polnear-train-dev`). Every article is
parsed once. The cue tagger learns, per token, whether it is inside a gold cue
(`attribution.cue_features`); the source ranker learns, per (gold cue, noun of its sentence),
whether that noun heads the gold source (`attribution.source_features`). Both are logistic
regressions (scikit-learn) over binary features; the cue and source thresholds are chosen on
a seeded fold of train articles held out from the fit (source+cue F1 there), never on dev
(the weights are not refit on the fold: one fit keeps training near ten minutes on 2 cores).

Dev figures (`attribution_scoring`): the attribution stage as shipped (model, with the rules'
chains and quotes) beside the rules alone (models off) on the same articles, with bootstrap
95% intervals over articles.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc

from ..config import DEFAULT_MODEL
from . import attribution as attr
from .attribution_scoring import METRICS, ArticleItem, Rel, counted, say_cue
from .examples import AttributedText
from .linear import LinearModel
from .models import ShippedModel, rules_only
from .readers import read
from .scoring import figure
from .training import Progress, Trained, fit

NAME = attr.NAME


@dataclass
class Parsed:
    example: AttributedText
    doc: Doc


# ---- data ------------------------------------------------------------------------------------


def split_examples(config: dict) -> tuple[list[AttributedText], list[AttributedText]]:
    """Train and dev articles: the publishers' split (PolNeAR's dev month)."""
    examples = [ex for name in config["train_sets"] for ex in read(name)
                if isinstance(ex, AttributedText)]  # fmt: skip
    train = [ex for ex in examples if ex.split == "train"]
    dev = [ex for ex in examples if ex.split == "dev"]
    if {ex.group for ex in train} & {ex.group for ex in dev}:
        raise RuntimeError("split leaks articles into both sides")
    return train, dev


def parse(examples: Sequence[AttributedText], model: str = DEFAULT_MODEL,
          progress: Progress | None = None) -> list[Parsed]:  # fmt: skip
    from .. import nlp

    out = []
    docs = nlp.parse_many([e.text for e in examples], model)
    for n, (ex, doc) in enumerate(zip(examples, docs, strict=True)):
        out.append(Parsed(ex, doc))
        if progress and (n + 1) % 200 == 0:
            progress(f"  parsed {n + 1}/{len(examples)}")
    return out


def gold_rels(ex: AttributedText) -> tuple[Rel, ...]:
    out = []
    for r in ex.relations:
        c = r.cue[0]
        src = (min(s.start for s in r.source), max(s.end for s in r.source)) if r.source else None
        out.append(Rel((c.start, c.end), src, tuple((s.start, s.end) for s in r.content),
                       say_cue(ex.text[c.start : c.end])))  # fmt: skip
    return tuple(out)


def _tokens(doc: Doc, start: int, end: int) -> list:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _source_head(doc: Doc, spans) -> int | None:
    toks = [t for s in spans for t in _tokens(doc, s.start, s.end)]
    ids = {t.i for t in toks}
    tops = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    nouns = [t for t in tops if t.pos_ in ("NOUN", "PROPN", "PRON")]
    nouns = nouns or [t for t in toks if t.pos_ in ("NOUN", "PROPN", "PRON")]
    return nouns[0].i if nouns else None


def cue_rows(rows: Sequence[Parsed]) -> tuple[list[list[str]], list[str]]:
    """Token features and labels (CUE inside a gold cue, else O)."""
    feats, labels = [], []
    for p in rows:
        inside = np.zeros(len(p.doc), bool)
        for r in p.example.relations:
            for t in _tokens(p.doc, r.cue[0].start, r.cue[0].end):
                inside[t.i] = True
        feats += attr.doc_cue_features(p.doc)
        labels += ["CUE" if x else "O" for x in inside]
    return feats, labels


def source_rows(rows: Sequence[Parsed]) -> tuple[list[list[str]], list[str]]:
    """(gold cue, candidate) features and labels (SRC for the gold source's head)."""
    lex = attr.load()
    feats, labels = [], []
    for p in rows:
        doc = p.doc
        quoted = attr.quote_depth(doc)
        for r in p.example.relations:
            toks = _tokens(doc, r.cue[0].start, r.cue[0].end)
            if not toks:
                continue
            span = range(toks[0].i, toks[-1].i + 1)
            cue = doc[attr.head_of(doc, span.start, span.stop)]
            gold = _source_head(doc, r.source) if r.source else None
            for c in attr.candidates(cue, cue.sent, span):
                feats.append(attr.source_features(cue, c, lex, quoted))
                labels.append("SRC" if c.i == gold else "NOSRC")
    return feats, labels


def combine(cue: LinearModel, source: LinearModel) -> LinearModel:
    """One classifier holding both: disjoint feature sets, labels O, CUE, NOSRC, SRC."""
    names = sorted(set(cue.vocab) | set(source.vocab))
    index = {n: k for k, n in enumerate(names)}
    w = np.zeros((len(names), len(attr.LABELS)), np.float32)
    bias = np.zeros(len(attr.LABELS), np.float32)
    for part in (cue, source):
        rows = np.array([index[f] for f in part.vocab], np.int64)
        cols = np.array(list(part.vocab.values()), np.int64)
        for k, label in enumerate(part.labels):
            w[rows, attr.LABELS.index(label)] = part.weights[cols, k]
            bias[attr.LABELS.index(label)] = part.bias[k]
    return LinearModel(attr.LABELS, index, w, bias)


def prune(model: LinearModel, below: float) -> LinearModel:
    """The model without the features whose weight moves their decision by less than `below`
    (the cue margin CUE - O for "c:" features, SRC - NOSRC for "s:"): a smaller file and
    vocabulary. On the held-out train fold, 0.05 kept 28% of the features and moved the
    stage's source+cue F1 by 0.001 (issue 13's cost bound)."""
    if below <= 0:
        return model
    names = sorted(model.vocab, key=model.vocab.__getitem__)
    w, labels = model.weights, list(model.labels)
    cue = w[:, labels.index("CUE")] - w[:, labels.index("O")]
    src = w[:, labels.index("SRC")] - w[:, labels.index("NOSRC")]
    margin = np.where([n.startswith("c:") for n in names], cue, src)
    keep = np.flatnonzero(np.abs(margin) >= below)
    return LinearModel(model.labels, {names[i]: k for k, i in enumerate(keep)}, w[keep],
                       model.bias)  # fmt: skip


# ---- predicting and scoring ------------------------------------------------------------------


def predict_rels(model: LinearModel, p: Parsed, cue_cut: float, source_cut: float,
                 memo: dict | None = None) -> tuple:  # fmt: skip
    """The model's own relations for one article (no rules), as scored spans."""
    return tuple(r.scored() for r in attr.relations(model, p.doc, cue_cut, source_cut, memo))


def _items(rows: Sequence[Parsed], preds: Sequence[tuple]) -> list[ArticleItem]:
    return [ArticleItem(p.example.text, gold_rels(p.example), tuple(pr))
            for p, pr in zip(rows, preds, strict=True)]  # fmt: skip


def choose_thresholds(model: LinearModel, rows: Sequence[Parsed], config: dict,
                      progress: Progress) -> tuple[float, float, float]:  # fmt: skip
    """The cue and source thresholds with the best source+cue F1 on held-out train articles."""
    metric = METRICS["source_cue_f1"]
    best = (-1.0, 0.5, 0.5)
    memos: list[dict] = [{} for _ in rows]
    for cc in config["cue_thresholds"]:
        for sc in config["source_thresholds"]:
            items = _items(rows, [predict_rels(model, p, float(cc), float(sc), m)
                                  for p, m in zip(rows, memos, strict=True)])  # fmt: skip
            items = counted(items)
            score = metric(items)
            if score > best[0]:
                best = (score, float(cc), float(sc))
    progress(f"  thresholds on held-out train articles: cue {best[1]}, source {best[2]} "
             f"(source+cue F1 {best[0]:.3f})")  # fmt: skip
    return best


def _fit_both(rows: Sequence[Parsed], c: float, min_count: int) -> LinearModel:
    xf, yl = cue_rows(rows)
    cue = fit(xf, yl, np.ones(len(yl)), c, min_count)
    sf, sl = source_rows(rows)
    source = fit(sf, sl, np.ones(len(sl)), c, min_count)
    return combine(cue, source)


def train(config: dict, model: str = DEFAULT_MODEL, progress: Progress = print) -> Trained:
    """Build the attribution model from `config` (trained/attribution/config.yaml)."""
    train_ex, dev_ex = split_examples(config)
    progress(f"split (publishers' months): {len(train_ex)} train, {len(dev_ex)} dev articles")
    tr = parse(train_ex, model, progress)
    c, min_count = float(config["C"]), int(config["min_feature_count"])
    rng = np.random.default_rng(int(config["split"]["seed"]))
    held = set(rng.permutation(len(tr))[: int(len(tr) * float(config["tune_fraction"]))].tolist())
    fitted = [p for i, p in enumerate(tr) if i not in held]
    final = prune(_fit_both(fitted, c, min_count), float(config.get("prune_below", 0.0)))
    score, cue_cut, source_cut = choose_thresholds(final, [tr[i] for i in sorted(held)], config,
                                                   progress)  # fmt: skip
    progress(f"model: {len(final.vocab)} features, C={c}, fitted on {len(fitted)} articles")
    dv = parse(dev_ex, model, progress)
    figures = evaluate(final, cue_cut, source_cut, dv, config)
    sizes = {"train": {"polnear-train-dev": len(fitted)},
             "tune": {"polnear-train-dev": len(held)}, "dev": {"polnear-train-dev": len(dv)},
             "train_relations": sum(len(p.example.relations) for p in fitted),
             "dev_relations": sum(len(p.example.relations) for p in dv),
             "features": len(final.vocab), "labels": list(final.labels)}  # fmt: skip
    return Trained(final, cue_cut, c, figures, sizes, _speed(final, dv, cue_cut, source_cut),
                   extra={"source_threshold": source_cut,
                          "tune_source_cue_f1": round(score, 4)})  # fmt: skip


def _speed(model: LinearModel, rows: list[Parsed], cue_cut: float, source_cut: float) -> dict:
    docs = [p.doc for p in rows[:30]]
    n = sum(len(d) for d in docs) or 1
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for d in docs:
            attr.relations(model, d, cue_cut, source_cut)
        best = min(best, time.perf_counter() - start)
    return {"tokens_per_s": int(round(n / best, -2))}


# ---- evaluation ------------------------------------------------------------------------------


def stage_rels(
    rows: Sequence[Parsed], taggers: dict[str, attr.Tagger | None]
) -> dict[str, list[tuple[Rel, ...]]]:
    """The attribution stage's relations per article for each named tagger (None: the rules
    alone), the actors and places stages run once per article for all of them."""
    from ..extract import EXTRACTORS, run_extractors
    from ..extract.attribution import find_cues
    from ..model import Article

    stages = [e for e in EXTRACTORS if e.name in ("actors", "places")]
    out: dict[str, list[tuple[Rel, ...]]] = {name: [] for name in taggers}
    with rules_only():  # the other stages as rules, the tagger passed in
        for p in rows:
            text = p.example.text
            article = Article(id=hashlib.sha256(text.encode()).hexdigest()[:32], text=text)
            found, _ = run_extractors(p.doc, article, stages)
            for name, tagger in taggers.items():
                cues = find_cues(p.doc, article, found, tagger=tagger,
                                 use_model=tagger is not None)  # fmt: skip
                out[name].append(tuple(c.scored() for c in cues if not c.claim_only))
    return out


def evaluate(model: LinearModel, cue_cut: float, source_cut: float, dev: list[Parsed],
             config: dict) -> dict:  # fmt: skip
    """Dev figures: the model alone, the stage as shipped and the rules alone."""
    boot = config.get("bootstrap", {})
    resamples, bseed = int(boot.get("resamples", 1000)), int(boot.get("seed", 0))
    staged = stage_rels(dev, {"shipped": attr.Tagger(model, cue_cut, source_cut),
                              "rules": None})  # fmt: skip
    systems = {"shipped": staged["shipped"],
               "model": [predict_rels(model, p, cue_cut, source_cut) for p in dev],
               "rules": staged["rules"]}  # fmt: skip
    out: dict = {"polnear-dev": {}}
    for system, preds in systems.items():
        items = counted(_items(dev, preds))
        figs = [figure(name, fn, items, items, resamples, bseed) for name, fn in METRICS.items()]
        out["polnear-dev"][system] = {f.name: f.to_dict() for f in figs}
    return out


def dev_figures(model: ShippedModel, limit: int | None = None) -> tuple[int, dict]:
    """The shipped model's figures on its dev articles, recomputed (`newsledger eval`)."""
    _, dev = split_examples(model.config)
    return _shipped_figures(model, dev[:limit] if limit else dev)


def heldout_figures(model: ShippedModel, limit: int | None = None) -> tuple[int, dict]:
    """The shipped model's figures on the train articles held out from its fit (the threshold
    fold): the content rules of `attribution_spans` were written looking at dev errors, so
    this fold, which nobody looked at, is where their figure is clean."""
    config = model.config
    train_ex, _ = split_examples(config)
    rng = np.random.default_rng(int(config["split"]["seed"]))
    n = int(len(train_ex) * float(config["tune_fraction"]))
    held = [train_ex[i] for i in sorted(rng.permutation(len(train_ex))[:n].tolist())]
    return _shipped_figures(model, held[:limit] if limit else held)


def _shipped_figures(model: ShippedModel, examples: list) -> tuple[int, dict]:
    """How many articles, and the shipped model's figures on them at its shipped thresholds."""
    rows = parse(examples)
    meta = model.meta
    threshold = float(meta.get("threshold", 0.5))
    source_threshold = float(meta.get("source_threshold", 0.5))
    return len(rows), evaluate(model.classifier, threshold, source_threshold, rows, model.config)
