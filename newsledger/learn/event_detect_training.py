"""Building the event detector (`newsledger train event_detect`).

Labels: Zero-Shot-PLOVER's train sentences mark each coded dyad (`<s>source</s>`,
`<t>target</t>`) with its gold PLOVER type. In the parse, the verbs on the path from the
lowest common ancestor of the source's and the target's heads down to the target carry that
event ("<s>Israel</s> said it would strike <t>Hezbollah</t>": "said" and "strike"); they take
the dyad's type. Every other verb of the sentence ("following", "find out", "described") is
NONE: a verb the coders did not code. A weak labelling (an uncoded verb may still be an event
nobody marked), so its NONE precision is a lower bound.

Model: multinomial logistic regression over `event_detect.predicate_features` (C by
cross-validation on the train split). Two thresholds, chosen on out-of-fold predictions of the
train split, never on dev: `add` (the lowest P(event) at which verbs the trigger lists miss
reach the configured precision) and `drop` (the highest at which trigger-list verbs below it
are NONE at the configured rate). Dev figures: verb-level detection P/R/F1 on the shared
leak-free split, the trigger lists' own detection beside it.
"""

from __future__ import annotations

import re

import numpy as np

from ..config import DEFAULT_MODEL
from .event_detect import NAME as NAME  # the model this module builds
from .event_detect import NONE, lemma_info, predicate_features, predicates, rule_codes
from .linear import LinearModel
from .models import ShippedModel
from .scoring import figure
from .training import Progress, Trained, batch_speed, choose_c, fit, split_examples

_MARK = re.compile(r"</?[st]>")


def train(
    config: dict, model: str = DEFAULT_MODEL, progress: Progress = print,
    extra_rows: list | None = None, extra_weight: float = 1.0,
) -> Trained:  # fmt: skip
    """Build the event detector from `config` (see trained/event_detect/config.yaml);
    `extra_rows` (analysts' judged verbs, `learn.corrections.detect_rows`) join the train
    verbs with `extra_weight` each."""
    train_ex, dev_ex = split_examples(config, progress)
    progress("parsing and labelling verbs ...")
    tr = verb_rows(train_ex, model)
    dv = verb_rows(dev_ex, model)
    progress(f"verbs: {len(tr)} train ({sum(r[1] != NONE for r in tr)} events), "
             f"{len(dv)} dev ({sum(r[1] != NONE for r in dv)} events)")  # fmt: skip
    public = len(tr)
    tr = tr + list(extra_rows or ())
    feats = [r[0] for r in tr]
    labels = [r[1] for r in tr]
    weights = [1.0] * public + [float(extra_weight)] * (len(tr) - public)
    best_c, (oof, names) = choose_c(feats, labels, weights, config, progress)
    p_oof = 1.0 - oof[:, names.index(NONE)]
    ruled = np.array([r[2] for r in tr])
    gold = np.array([lab != NONE for lab in labels])
    add = _add_cut(p_oof, ruled, gold, config, progress)
    drop = _drop_cut(p_oof, ruled, gold, config, progress)
    final = fit(feats, labels, weights, best_c, int(config["min_feature_count"]))
    figures = evaluate(final, dv, add, drop, config)
    sizes = {"train": {"zsp-plv-train verbs": public,
                       **({"corrections verbs": len(tr) - public} if len(tr) > public else {})},
             "dev": {"zsp-plv-train verbs": len(dv)},
             "features": len(final.vocab), "labels": list(final.labels)}  # fmt: skip
    return Trained(final, add, best_c, figures, sizes, batch_speed(final, [r[0] for r in dv]), {},
                   {"drop_threshold": drop})  # fmt: skip


def dev_figures(model: ShippedModel, limit: int | None = None) -> tuple[int, dict]:
    """The shipped detector's figures on its dev verbs, recomputed (for `newsledger eval`)."""
    _, dev = split_examples(model.config)
    rows = verb_rows(dev[:limit] if limit else dev)
    add = float(model.meta.get("threshold", 0.5))
    drop = float(model.meta.get("drop_threshold", 0.0))
    return len(rows), evaluate(model.classifier, rows, add, drop, model.config)


# ---- labelling ---------------------------------------------------------------------------------


def verb_rows(examples, model: str = DEFAULT_MODEL) -> list[tuple[list[str], str, bool, str]]:
    """(features, label, trigger-listed, sentence group) for every verb of every sentence."""
    from ..extract.cues import load as load_cues
    from ..extract.event_lexicon import lexicon
    from ..extract.event_triggers import candidates
    from ..nlp import parse_many

    lex, cues = lexicon(), load_cues()
    by_text: dict[str, list] = {}
    for ex in examples:
        by_text.setdefault(ex.text, []).append(ex)
    texts = list(by_text)
    rows = []
    for text, doc in zip(texts, parse_many(texts, model), strict=True):
        gold = _gold_verbs(doc, by_text[text])
        for sent in doc.sents:
            rule = rule_codes(candidates(sent, lex))
            for tok in predicates(sent):
                info = lemma_info(tok, lex.verbs, lex.frame_kind, cues.verb_class)
                feats = predicate_features(tok, rule.get(tok.i), info)
                rows.append((feats, gold.get(tok.i, NONE), tok.i in rule, text))
    return rows


def _gold_verbs(doc, rows) -> dict[int, str]:
    """Token index -> gold PLOVER type for the verbs that carry a marked dyad's event."""
    out: dict[int, str] = {}
    for ex in rows:
        marked = ex.extra.get("marked") or ""
        spans = _dyad_spans(marked)
        if spans is None:
            continue
        heads = []
        for start, end in spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                break
            heads.append(span.root)
        if len(heads) != 2:
            continue
        source, target = heads
        up = [source, *source.ancestors]
        target_chain = [target, *target.ancestors]
        common = next((t for t in up if t in target_chain), None)
        if common is None:
            continue
        for tok in target_chain[: target_chain.index(common) + 1]:
            if tok.pos_ == "VERB":
                out.setdefault(tok.i, ex.label)
        if common.pos_ != "VERB":
            verb = next((a for a in common.ancestors if a.pos_ == "VERB"), None)
            if verb is not None:
                out.setdefault(verb.i, ex.label)
    return out


def _dyad_spans(marked: str) -> list[tuple[int, int]] | None:
    """Character spans of the source and the target in the unmarked sentence."""
    spans: dict[str, list[int]] = {}
    removed = 0
    for m in _MARK.finditer(marked):
        pos = m.start() - removed
        removed += len(m.group())
        spans.setdefault(m.group().strip("</>"), []).append(pos)
    if len(spans.get("s", ())) != 2 or len(spans.get("t", ())) != 2:
        return None
    return [tuple(spans["s"]), tuple(spans["t"])]  # type: ignore[list-item]


# ---- thresholds and figures ---------------------------------------------------------------


def _add_cut(p, ruled, gold, config, progress) -> float:
    """The lowest cut at which verbs the lists miss are events at the configured precision."""
    want = float(config["add_precision"])
    for cut in sorted(config["thresholds"]):
        pick = (~ruled) & (p >= cut)
        prec = gold[pick].mean() if pick.any() else 0.0
        progress(f"  add at {cut}: {int(pick.sum())} verbs, out-of-fold precision {prec:.3f}")
        if pick.any() and prec >= want:
            return float(cut)
    return 1.01  # never add


def _drop_cut(p, ruled, gold, config, progress) -> float:
    """The highest cut under which trigger-list verbs are NONE at the configured rate."""
    want = float(config["drop_precision"])
    best = 0.0
    for cut in sorted(config["drop_thresholds"]):
        pick = ruled & (p < cut)
        right = (~gold[pick]).mean() if pick.any() else 1.0
        progress(f"  drop under {cut}: {int(pick.sum())} verbs, out-of-fold NONE rate {right:.3f}")
        if pick.any() and right >= want:
            best = float(cut)
    return best


def _prf(which: str):
    def metric(gold, pred) -> float:
        tp = sum(g and p for g, p in zip(gold, pred, strict=True))
        n_pred, n_gold = sum(pred), sum(gold)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        if which == "precision":
            return prec
        if which == "recall":
            return rec
        return 2 * prec * rec / (prec + rec) if prec + rec else 0.0

    return metric


def evaluate(model: LinearModel, rows, add: float, drop: float, config: dict) -> dict:
    """Verb-level detection on the dev verbs: the trigger lists alone (baseline), the
    detector alone at P >= 0.5, and the lists with the detector's additions and drops (what
    the events stage does)."""
    boot = config.get("bootstrap", {})
    resamples, seed = int(boot.get("resamples", 1000)), int(boot.get("seed", 0))
    labels = list(model.labels)
    probs = model.predict_proba([r[0] for r in rows]) if rows else np.zeros((0, len(labels)))
    p = 1.0 - probs[:, labels.index(NONE)] if rows else np.zeros(0)
    ruled = [r[2] for r in rows]
    gold = [r[1] != NONE for r in rows]
    groups = [r[3] for r in rows]
    systems = {
        "trigger lists (baseline)": ruled,
        "detector alone (P >= 0.5)": [bool(x >= 0.5) for x in p],
        "lists + detector (add and drop thresholds)": [
            (r and x >= drop) or (not r and x >= add) for r, x in zip(ruled, p, strict=True)
        ],
    }
    out: dict = {"zsp-plv-train": {}}
    for name, pred in systems.items():
        figs = [figure(m, _prf(m), gold, pred, resamples, seed, groups)
                for m in ("precision", "recall", "f1")]  # fmt: skip
        out["zsp-plv-train"][name] = {f.name: f.to_dict() for f in figs}
    return out


__all__ = ["NAME", "dev_figures", "train", "verb_rows"]
