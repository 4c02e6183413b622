"""Scoring attribution relations against PolNeAR-style gold: cue, source+cue and content.

Matching (after the PolNeAR paper's agreement measures, Newell et al. 2018): a predicted
relation matches a gold one when their cue spans overlap (one-to-one, largest overlap first).
`cue` F1 counts those matches; `source_cue` F1 also needs the source spans to overlap (both
empty counts as a match: an attribution with no source). Pronoun sources are strict: the
predicted source span is the pronoun as written, never the name it resolves to, so "he" must
overlap gold "he". `content` is the mean word-level F1 of the content spans over cue-matched
pairs. `say` restricts gold and predictions to the cues say, tell and according to. The
metrics take articles (`ArticleItem`) or their counts (`Counted`, computed once for a bootstrap).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

Char = tuple[int, int]
_WORD = re.compile(r"\w+")
SAY_CUES = frozenset({"say", "tell", "according to"})
_SAY_WORDS = {"said": "say", "says": "say", "say": "say", "saying": "say", "told": "tell",
              "tell": "tell", "tells": "tell", "telling": "tell"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Rel:
    """One attribution relation as character spans: cue, source (None when there is none) and
    content fragments; `say` marks a say/tell/according-to cue."""

    cue: Char
    source: Char | None
    content: tuple[Char, ...]
    say: bool = False


def say_cue(text: str) -> bool:
    """Whether a cue's words are a form of say or tell, or 'according to'."""
    low = text.lower()
    if "according to" in low:
        return True
    return any(w in _SAY_WORDS for w in _WORD.findall(low))


def _overlap(a: Char, b: Char) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: Sequence[Rel], pred: Sequence[Rel]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) whose cues overlap, largest first."""
    cands = [(_overlap(g.cue, p.cue), i, j) for i, g in enumerate(gold)
             for j, p in enumerate(pred) if _overlap(g.cue, p.cue) > 0]  # fmt: skip
    used_g, used_p, out = set(), set(), []
    for _, i, j in sorted(cands, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def source_ok(g: Rel, p: Rel) -> bool:
    if g.source is None or p.source is None:
        return g.source is None and p.source is None
    return _overlap(g.source, p.source) > 0


def words(text: str, spans: Sequence[Char]) -> set[int]:
    """Start offsets of the words inside the spans."""
    out: set[int] = set()
    for s, e in spans:
        out.update(s + m.start() for m in _WORD.finditer(text[s:e]))
    return out


def content_f1(text: str, g: Rel, p: Rel) -> float:
    gw, pw = words(text, g.content), words(text, p.content)
    tp = len(gw & pw)
    return 2 * tp / (len(gw) + len(pw)) if tp else 0.0


@dataclass(frozen=True, slots=True)
class ArticleItem:
    """One article's text, gold and predicted relations (the unit a bootstrap resamples)."""

    text: str
    gold: tuple[Rel, ...]
    pred: tuple[Rel, ...]


def article_counts(it: ArticleItem, say_only: bool = False) -> dict[str, float]:
    """One article's cue and source+cue matches, gold and predicted counts, summed content F1
    over matched pairs."""
    gold = [g for g in it.gold if g.say] if say_only else list(it.gold)
    pred = [p for p in it.pred if p.say] if say_only else list(it.pred)
    pairs = match(gold, pred)
    return {
        "cue_tp": len(pairs),
        "src_tp": sum(source_ok(gold[i], pred[j]) for i, j in pairs),
        "n_gold": len(gold),
        "n_pred": len(pred),
        "pairs": len(pairs),
        "content_sum": sum(content_f1(it.text, gold[i], pred[j]) for i, j in pairs),
    }


@dataclass(frozen=True, slots=True)
class Counted:
    """An article's counts, all relations and say cues only (what the bootstrap resamples)."""

    all: dict[str, float]
    say: dict[str, float]


def counted(items: Sequence[ArticleItem]) -> list[Counted]:
    return [Counted(article_counts(it), article_counts(it, True)) for it in items]


def counts(items: Sequence[ArticleItem | Counted], say_only: bool = False) -> dict[str, float]:
    """tp/fp/fn of cue and source+cue, and summed content F1 over matched pairs."""
    out = {"cue_tp": 0.0, "src_tp": 0.0, "n_gold": 0.0, "n_pred": 0.0, "content_sum": 0.0,
           "pairs": 0.0}  # fmt: skip
    for it in items:
        if isinstance(it, Counted):
            one = it.say if say_only else it.all
        else:
            one = article_counts(it, say_only)
        for k in out:
            out[k] += one[k]
    return out


def _f1(tp: float, n_gold: float, n_pred: float) -> float:
    return 2 * tp / (n_gold + n_pred) if tp else 0.0


def cue_f1(items: Sequence, _: object = None) -> float:
    c = counts(items)
    return _f1(c["cue_tp"], c["n_gold"], c["n_pred"])


def source_cue_f1(items: Sequence, _: object = None) -> float:
    c = counts(items)
    return _f1(c["src_tp"], c["n_gold"], c["n_pred"])


def source_cue_precision(items: Sequence, _: object = None) -> float:
    c = counts(items)
    return c["src_tp"] / c["n_pred"] if c["n_pred"] else 0.0


def source_cue_recall(items: Sequence, _: object = None) -> float:
    c = counts(items)
    return c["src_tp"] / c["n_gold"] if c["n_gold"] else 0.0


def content_token_f1(items: Sequence, _: object = None) -> float:
    c = counts(items)
    return c["content_sum"] / c["pairs"] if c["pairs"] else 0.0


def say_source_cue_f1(items: Sequence, _: object = None) -> float:
    c = counts(items, say_only=True)
    return _f1(c["src_tp"], c["n_gold"], c["n_pred"])


METRICS = {
    "source_cue_f1": source_cue_f1,
    "source_cue_precision": source_cue_precision,
    "source_cue_recall": source_cue_recall,
    "cue_f1": cue_f1,
    "content_token_f1": content_token_f1,
    "say_source_cue_f1": say_source_cue_f1,
}
