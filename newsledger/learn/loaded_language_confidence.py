"""How sure a loaded-language marker is: calibrated confidence, and the profile's threshold.

Method: every span the slant stage can make a marker of has a raw score, the tagger's mean
token probability over it. There are two kinds of span: the tagger's own (runs at the shipped
threshold, gap and peak) and those the slant lexicon and its rules flag (the slant stage with
models off). A kind named in the config's `calibrate` gets an isotonic calibrator
(`learn.calibration`, after Zadrozny & Elkan 2002) fitted on out-of-fold probabilities of the
train split's news articles against whether the span is right: at least half of its
characters inside gold Loaded_Language or Name_Calling spans (the SemEval-2020 partial credit,
made a yes or no); the other kind keeps its mean probability. Judged on the dev split by
expected calibration error beside the confidence shipped before (the mean probability, at
least a floor for a lexicon span), with a reliability table for the model card.

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
_LOW, _HIGH = 0.01, 0.99


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


def fit(
    train: dict[str, Scored], kinds: Sequence[str] = (TAGGER, LEXICON)
) -> dict[str, Calibrator]:
    """An isotonic calibrator for each of `kinds`, kept inside [0.01, 0.99]: an end block of
    a few dozen spans all right or all wrong does not show certainty (training only: needs
    scikit-learn)."""
    out = {}
    for kind, s in train.items():
        if s.raw and kind in kinds:
            cal = calibration.fit(s.raw, s.right)
            out[kind] = Calibrator(cal.xs, tuple(min(max(y, _LOW), _HIGH) for y in cal.ys))
    return out


def _conf(calibrators: dict[str, Calibrator], kind: str, raw: float) -> float:
    cal = calibrators.get(kind)
    return cal(raw) if cal is not None else round(raw, 3)


def shipped_raw(kind: str, raw: float, floor: float) -> float:
    """The confidence the slant stage gave before calibration: the mean probability, at least
    the lexicon's floor for a lexicon span."""
    return round(max(raw, floor) if kind == LEXICON else raw, 3)


def dev_figures(dev: dict[str, Scored], calibrators: dict[str, Calibrator],
                floor: float) -> dict[str, dict]:  # fmt: skip
    """Per kind on the dev split: how many spans, ECE of the calibrated confidence and of the
    one shipped before, and the reliability table."""
    out = {}
    for kind, s in dev.items():
        if not s.raw:
            continue
        conf = [_conf(calibrators, kind, x) for x in s.raw]
        before = [shipped_raw(kind, x, floor) for x in s.raw]
        out[kind] = {"n": len(s.raw), "right": int(sum(s.right)), "calibrated": kind in calibrators,
                     "ece": calibration.ece(conf, s.right),
                     "ece_raw": calibration.ece(before, s.right),
                     "reliability": calibration.reliability(conf, s.right)}  # fmt: skip
    return out


def counted(
    spans: dict[str, Scored], calibrators: dict[str, Calibrator], marker_cut: float, cut: float
) -> dict:
    """Of the spans that would be markers (lexicon spans; tagger spans whose raw score reaches
    `marker_cut`), how many a profile at `cut` counts and the share of those right."""
    pairs = [
        (_conf(calibrators, k, x), y)
        for k, s in spans.items()
        for x, y in zip(s.raw, s.right, strict=True)
        if k == LEXICON or x >= marker_cut
    ]
    kept = [y for c, y in pairs if c >= cut]
    share = round(sum(kept) / len(kept), 4) if kept else None
    return {"threshold": float(cut), "precision": share, "counted": len(kept), "spans": len(pairs)}


def choose_threshold(
    train: dict[str, Scored],
    calibrators: dict[str, Calibrator],
    marker_cut: float,
    precision: float,
    grid: Sequence[float],
) -> dict:
    """The lowest cut in `grid` at which the train spans that would be markers are right at
    least `precision` of the time (`counted` at that cut; none: the highest cut, nothing)."""
    for t in sorted(grid):
        at = counted(train, calibrators, marker_cut, t)
        if at["counted"] and at["precision"] >= precision:
            return at
    return {**counted(train, calibrators, marker_cut, max(grid)), "precision": None, "counted": 0}
