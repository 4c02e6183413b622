"""BASIL: whose voice a biased span is in, and the outlet's own lexical bias.

Data: BASIL (Fan et al., EMNLP 2019, "In Plain Sight"): 300 articles from Fox News, the New
York Times and HuffPost with expert bias spans, each marked lexical or informational, and
whether it is inside a quote (and whose). Research use only; read at evaluation time from the
development data, never shipped.

Scored:
- `speaker_voice`: a gold span is predicted to be in a speaker's voice when it lies inside a
  span the slant stage leaves to a speaker (a direct quote or an attribution scope:
  `slant.speaker_spans`); gold = the span's `quote` flag. Beside it, a quote-marks-only
  baseline measured in the same run.
- `own_voice_lexical`: recall of the outlet's own-voice lexical-bias spans by slant markers
  (a marker overlapping the span); precision counts a marker as right when it overlaps any
  gold bias span (BASIL marks only bias about the main entities, so precision is a floor).
- `markers_in_quotes`: markers that overlap a gold quoted span (should be none).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .. import nlp
from ..config import DEFAULT_MODEL
from ..extract import EXTRACTORS, run_extractors
from ..extract.slant_voice import speaker_spans
from ..model import Article
from . import Report, Score
from .gold import data_dir

NAME = "basil-voice"
DESCRIPTION = "BASIL: outlet voice vs quoted speaker for bias spans; own-voice lexical bias"

_STAGES = ("actors", "places", "attribution", "slant")
_QUOTES = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")


def default_path() -> Path | None:
    root = data_dir()
    path = root / "basil" / "data" if root else None
    return path if path is not None and (path / "annotations").is_dir() else None


def load(path: Path, limit: int | None = None) -> list[tuple[str, list[dict]]]:
    """(article text, gold spans with absolute offsets) per annotated article."""
    out = []
    for ann_file in sorted((path / "annotations" / "resolved").glob("*/*_ann.json")):
        year = ann_file.parent.name
        art_file = path / "articles" / year / ann_file.name.replace("_ann.json", ".json")
        if not art_file.exists():
            continue
        article = json.loads(art_file.read_text(encoding="utf-8"))
        starts, parts, offset = [], [], 0
        for p_index, paragraph in enumerate(article.get("body-paragraphs", [])):
            for s_index, sentence in enumerate(paragraph):
                if s_index == 0 and p_index > 0:
                    parts.append("\n\n")
                    offset += 2
                elif parts:
                    parts.append(" ")
                    offset += 1
                starts.append(offset)
                parts.append(sentence)
                offset += len(sentence)
        text = "".join(parts)
        spans = []
        for p in json.loads(ann_file.read_text(encoding="utf-8"))["phrase-level-annotations"]:
            index = p["id"][1:].split("_")[0]
            if not index.isdigit() or int(index) >= len(starts):
                continue  # title annotations
            start = starts[int(index)] + p["start"]
            if text[start : start + len(p["txt"])] != p["txt"]:
                continue
            spans.append({**p, "abs_start": start, "abs_end": start + len(p["txt"])})
        out.append((text, spans))
        if limit is not None and len(out) >= limit:
            break
    return out


def score(path: Path | None = None, limit: int | None = None, model: str = DEFAULT_MODEL) -> Report:
    """Score voice attribution and own-voice lexical slant on BASIL."""
    path = path or default_path()
    if path is None:
        raise FileNotFoundError("BASIL data not found; set NEWSLEDGER_DATA to the data folder")
    items = load(Path(path), limit)
    stages = [e for e in EXTRACTORS if e.name in _STAGES]
    voice, base, lexical = [0, 0, 0], [0, 0, 0], [0, 0, 0]
    correct = base_correct = spans_total = in_quotes = 0
    texts = [t for t, _ in items]
    for (text, gold), doc in zip(items, nlp.parse_many(texts, model), strict=True):
        article = Article(id=hashlib.sha256(text.encode()).hexdigest()[:32], text=text)
        found, _ = run_extractors(doc, article, stages)
        speaker = [(v.start, v.end) for v in speaker_spans(doc, found)]
        quotes = [m.span() for m in _QUOTES.finditer(text)]
        markers = [(m.evidence.start, m.evidence.end) for m in found.markers]
        for g in gold:
            span = (g["abs_start"], g["abs_end"])
            truth = g.get("quote") == "yes"
            for counts, spans in ((voice, speaker), (base, quotes)):
                guess = _inside(span, spans)
                counts[0] += guess and truth
                counts[1] += guess and not truth
                counts[2] += truth and not guess
            correct += _inside(span, speaker) == truth
            base_correct += _inside(span, quotes) == truth
            spans_total += 1
            if g.get("bias") == "lex" and not truth:
                lexical[2] += not any(_overlaps(span, m) for m in markers)
                lexical[0] += any(_overlaps(span, m) for m in markers)
        golds = [(g["abs_start"], g["abs_end"]) for g in gold]
        quoted = [(g["abs_start"], g["abs_end"]) for g in gold if g.get("quote") == "yes"]
        lexical[1] += sum(1 for m in markers if not any(_overlaps(g, m) for g in golds))
        in_quotes += sum(1 for m in markers if any(_overlaps(g, m) for g in quoted))
    report = Report(gold_set=NAME, items=len(items))
    # own-voice lexical: tp counts gold spans found (recall side), fp markers off any gold span
    report.fields = [
        Score("speaker_voice", *voice),
        Score("baseline_quote_marks:speaker_voice", *base),
        Score("own_voice_lexical", *lexical),
    ]
    report.headline = {
        "speaker_voice_f1": round(report.fields[0].f1, 4),
        "speaker_voice_accuracy": round(correct / spans_total, 4) if spans_total else 0.0,
        "baseline_quote_marks_f1": round(report.fields[1].f1, 4),
        "baseline_quote_marks_accuracy": (
            round(base_correct / spans_total, 4) if spans_total else 0.0
        ),
        "own_voice_lexical_recall": round(report.fields[2].recall, 4),
        "own_voice_lexical_precision_floor": round(report.fields[2].precision, 4),
        "markers_in_quoted_spans": float(in_quotes),
    }
    report.notes = [f"{spans_total} gold bias spans (lexical and informational)"]
    return report


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether at least half of `span` lies inside one of `spans`."""
    length = max(1, span[1] - span[0])
    return any(max(0, min(span[1], e) - max(span[0], s)) >= 0.5 * length for s, e in spans)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
