"""Could the loaded-language tagger give exaggeration and doubt their own marker categories?

Issue 14 item 1: the persuasion span sets also mark Exaggeration-Minimisation and Doubt. For
each, a binary token tagger like `loaded_language` (the same features, the same leak-free
split by article as its config, the meme texts as auxiliary data at weight 0.3), its C, probability
threshold, gap and peak chosen by 5-fold article-level cross-validation on the train split
(out-of-fold span F1 of the news articles), then scored once on the news dev articles with the
SemEval-2020 partial-credit span scorer and 95% bootstrap intervals over articles. Nothing
here is shipped: a head ships only when its dev precision makes a useful marker.

    PYTHONPATH=. python scripts/technique_heads.py   # about 10 minutes on 2 cores
"""

from __future__ import annotations

import copy
import time

import numpy as np
import yaml

from newsledger.learn import loaded_language_training as T
from newsledger.learn.examples import SpanText
from newsledger.learn.models import trained_dir
from newsledger.learn.scoring import figure, span_f1, span_precision, span_recall

HEADS = {
    "exaggeration": {"checkthat24-persuasion-en": ["Exaggeration-Minimisation"],
                     "semeval2023-t3-en-dev": ["Exaggeration-Minimisation"],
                     "semeval2021-t6-memes": ["Exaggeration/Minimisation"]},
    "doubt": {"checkthat24-persuasion-en": ["Doubt"], "semeval2023-t3-en-dev": ["Doubt"],
              "semeval2021-t6-memes": ["Doubt"]},
}  # fmt: skip
C = [0.1, 0.3]
THRESHOLDS = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4]
GAPS = [0, 1, 2]
PEAKS = [0.0, 0.2, 0.3, 0.4, 0.5, 0.6]


def relabel(rows: list[T.Parsed], labels: dict[str, list[str]]) -> list[T.Parsed]:
    """The rows with only `labels`' spans as gold and token labels."""
    out = []
    for p in rows:
        keep = set(labels.get(p.example.dataset, ()))
        ex = p.example
        spans = tuple(s for s in ex.spans if s.label in keep)
        y = np.zeros(len(p.doc), np.int8)
        for s in spans:
            for tok in p.doc.char_span(s.start, s.end, alignment_mode="expand") or ():
                y[tok.i] = 1
        out.append(T.Parsed(SpanText(ex.dataset, ex.id, ex.text, spans, ex.group, ex.split,
                                     ex.extra), p.doc, p.features, y))  # fmt: skip
    return out


def main() -> None:
    config = yaml.safe_load((trained_dir() / "loaded_language" / "config.yaml").read_text())
    news = set(config["threshold_sets"])
    wide = copy.deepcopy(config)  # the tagger's labels kept: its split, duplicates and all
    for name in wide["labels"]:
        wide["labels"][name] += [l for h in HEADS.values() for l in h.get(name, [])]  # noqa: E741
    tr_ex, dv_ex = T.split_examples(wide, print)
    tr_ex = [e for e in tr_ex if e.dataset in HEADS["doubt"]]
    dv_ex = [e for e in dv_ex if e.dataset in news]
    start = time.perf_counter()
    tr, dv = T.parse(tr_ex, progress=print), T.parse(dv_ex)
    print(f"parsed {len(tr)} train, {len(dv)} dev texts in {time.perf_counter() - start:.0f} s")
    for head, labels in HEADS.items():
        htr, hdv = relabel(tr, labels), relabel(dv, labels)
        sets = {k: (1.0 if k in news else 0.3) for k in labels}
        best: tuple = (-1.0,)
        for c in C:
            oof = T._out_of_fold(htr, sets, c, 2, 5, 13)
            scored = [(p, pr) for p, pr in zip(htr, oof, strict=True) if p.example.dataset in news]
            golds = [p.gold() for p, _ in scored]
            for gap in GAPS:
                for t in THRESHOLDS:
                    for peak in PEAKS:
                        if peak and peak <= t:
                            continue
                        preds = [T.char_spans(p, pr, t, gap, peak) for p, pr in scored]
                        f = span_f1(golds, preds)
                        if f > best[0]:
                            best = (f, c, t, gap, peak)
        f, c, t, gap, peak = best
        vocab = T.vocabulary(htr, 2)
        y = np.concatenate([p.labels for p in htr])
        model = T.fit(T.matrix(htr, vocab), y, T.token_weights(htr, sets), c, vocab, 0.01)
        golds = [p.gold() for p in hdv]
        preds = [T.char_spans(p, pr, t, gap, peak)
                 for p, pr in zip(hdv, T.predict(model, hdv), strict=True)]  # fmt: skip
        groups = [p.example.group or p.example.id for p in hdv]
        figs = [figure(n, fn, golds, preds, 1000, 0, groups) for n, fn in
                (("precision", span_precision), ("recall", span_recall), ("f1", span_f1))]
        print(f"{head}: chosen C={c} threshold={t} gap={gap} peak={peak} (out-of-fold news "
              f"span F1 {f:.3f}); dev {len(hdv)} news articles, {sum(map(len, golds))} gold "
              f"spans, {sum(map(len, preds))} predicted: " + ", ".join(map(str, figs)))


if __name__ == "__main__":
    main()
