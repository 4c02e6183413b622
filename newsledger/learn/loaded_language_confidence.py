"""How sure a loaded-language marker is: calibrated confidence, and the profile's threshold.

Method: every span the slant stage can make a marker of has a raw score, the tagger's mean
token probability over it. There are two kinds of span: the tagger's own (runs at the shipped
threshold, gap and peak) and those the slant lexicon and its rules flag (the slant stage with
models off); at the same score a lexicon span is right more often, so each kind has its own
isotonic calibrator (`learn.calibration`, after Zadrozny & Elkan 2002). Both are fitted on
out-of-fold probabilities of the train split's news articles against whether the span is
right: at least half of its characters inside gold Loaded_Language or Name_Calling spans
(the SemEval-2020 partial credit, made a yes or no). Judged on the dev split by expected
calibration error beside the raw score's, with a reliability table for the model card.

The article profile counts a marker at or above `profile_threshold` (config), a calibrated
confidence chosen on the same out-of-fold spans (never on dev): the lowest cut at which the
spans counted are right at least `profile_precision` of the time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import calibration
from .calibration import Calibrator
from .loaded_language import runs
from .scoring import merge_spans

TAGGER, LEXICON = "tagger", "lexicon"


@dataclass(frozen=True, slots=True)
class Scored:
    """Spans of one kind with their raw score and whether each is right."""

    raw: list[float]
    right: list[bool]


def is_right(gold: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether at least half of [start, end) lies inside the (merged) gold spans."""
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in merge_spans(gold))
    return end > start and 2 * inside >= end - start


def mean_prob(doc, probs: np.ndarray, start: int, end: int) -> float:
    """The tagger's mean token probability over a character span (as the slant stage has it)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return float(probs[span.start : span.end].mean()) if span is not None and len(span) else 0.0


def scored(
    rows: Sequence,
    probs: Sequence[np.ndarray],
    threshold: float,
    gap: int,
    peak: float,
    lexicon: Sequence[Sequence[tuple[int, int]]],
) -> dict[str, Scored]:
    """The tagger's spans and the lexicon's (`lexicon`: its character spans per row), each
    with its raw score and whether it is right against the row's gold."""
    out = {TAGGER: Scored([], []), LEXICON: Scored([], [])}
    for p, pr, lex in zip(rows, probs, lexicon, strict=True):
        gold, doc = p.gold(), p.doc
        for r in runs(doc, pr, threshold, gap, peak):
            start, end = doc[r.start].idx, doc[r.end - 1].idx + len(doc[r.end - 1])
            out[TAGGER].raw.append(r.confidence)
            out[TAGGER].right.append(is_right(gold, start, end))
        for start, end in lex:
            out[LEXICON].raw.append(mean_prob(doc, pr, start, end))
            out[LEXICON].right.append(is_right(gold, start, end))
    return out


def fit(train: dict[str, Scored]) -> dict[str, Calibrator]:
    """One isotonic calibrator per kind of span (training only: needs scikit-learn)."""
    return {kind: calibration.fit(s.raw, s.right) for kind, s in train.items() if s.raw}


def shipped_raw(kind: str, raw: float, floor: float) -> float:
    """The confidence the slant stage gave before calibration: the mean probability, at least
    the lexicon's floor for a lexicon span."""
    return max(raw, floor) if kind == LEXICON else raw


def dev_figures(dev: dict[str, Scored], calibrators: dict[str, Calibrator],
                floor: float) -> dict[str, dict]:  # fmt: skip
    """Per kind on the dev split: how many spans, ECE of the calibrated confidence and of the
    one shipped before, and the reliability table."""
    out = {}
    for kind, s in dev.items():
        cal = calibrators.get(kind)
        if cal is None or not s.raw:
            continue
        conf = [cal(x) for x in s.raw]
        before = [shipped_raw(kind, x, floor) for x in s.raw]
        out[kind] = {"n": len(s.raw), "right": int(sum(s.right)),
                     "ece": calibration.ece(conf, s.right),
                     "ece_raw": calibration.ece(before, s.right),
                     "reliability": calibration.reliability(conf, s.right)}  # fmt: skip
    return out


def choose_threshold(
    train: dict[str, Scored],
    calibrators: dict[str, Calibrator],
    marker_cut: float,
    precision: float,
    grid: Sequence[float],
) -> dict:
    """The lowest calibrated confidence in `grid` at which the spans that would be markers
    (lexicon spans; tagger spans whose raw score reaches `marker_cut`) are right at least
    `precision` of the time, with that precision and how many are counted."""
    pairs = [
        (calibrators[k](x), y)
        for k, s in train.items()
        if k in calibrators
        for x, y in zip(s.raw, s.right, strict=True)
        if k == LEXICON or x >= marker_cut
    ]
    conf = np.array([c for c, _ in pairs])
    right = np.array([y for _, y in pairs])
    for t in sorted(grid):
        kept = conf >= t
        if kept.any() and right[kept].mean() >= precision:
            return {"threshold": float(t), "precision": round(float(right[kept].mean()), 4),
                    "counted": int(kept.sum()), "spans": len(conf)}  # fmt: skip
    return {"threshold": float(max(grid)), "precision": None, "counted": 0, "spans": len(conf)}
