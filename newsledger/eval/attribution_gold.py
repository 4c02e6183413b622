"""Attribution gold: chains, cues and scopes on hand-written news sentences.

Data: `tests/data/attribution_gold.jsonl`, written for newsledger (not from any sample article):
one JSON object a line, {"text", "attributions": [{"chain": [...], "cue", "scope", "quote"?}]},
the chain without the outlet link. It covers said/told/added, according to (leading, trailing,
with an apposition and with "citing"), nested sources ("quoting", "citing", "quoted X as
saying", an outer "Interfax reported"), pronoun speakers, relative clauses, appositions,
anonymous frames, noun-object cues, dash and colon quotes, and sentences with no attribution.
A nested "citing Y" / "quoting Y" / "quoted Y as saying" is a link of the chain and also an
attribution of its own, with the same chain and scope (as PolNeAR and realnews-dev code it).

Scored: `attribution` (a gold attribution is found when a predicted scope overlaps half of
its scope), then over found pairs `chain_links` (links in order; two names match when one
contains the other, case and articles aside), `chain_exact`, `cue` and `scope` (same words).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .. import nlp
from ..config import DEFAULT_MODEL
from ..extract import EXTRACTORS, run_extractors
from ..model import Article, Attribution
from . import Report, Score

NAME = "attribution"
DESCRIPTION = "Hand-written attribution gold: chain links, cue and scope per attribution"

_STAGES = ("actors", "places", "attribution")


def default_path() -> Path | None:
    """The gold file in the repository checkout (tests/data), if present."""
    for base in (Path.cwd(), Path(__file__).resolve().parents[2]):
        path = base / "tests" / "data" / "attribution_gold.jsonl"
        if path.exists():
            return path
    return None


def load(path: Path, limit: int | None = None) -> list[dict]:
    lines = [json.loads(x) for x in Path(path).read_text(encoding="utf-8").splitlines() if x]
    return lines[:limit] if limit is not None else lines


def score(path: Path | None = None, limit: int | None = None, model: str = DEFAULT_MODEL) -> Report:
    """Score the attribution stage on the gold file."""
    path = path or default_path()
    if path is None:
        raise FileNotFoundError("attribution gold not found (tests/data/attribution_gold.jsonl)")
    items = load(path, limit)
    stages = [e for e in EXTRACTORS if e.name in _STAGES]
    counts = {k: [0, 0, 0] for k in ("attribution", "chain_links", "chain_exact", "cue", "scope")}
    texts = [item["text"] for item in items]
    for item, doc in zip(items, nlp.parse_many(texts, model), strict=True):
        text = item["text"]
        article = Article(id=hashlib.sha256(text.encode()).hexdigest()[:32], text=text)
        found, _ = run_extractors(doc, article, stages)
        _score_item(text, item["attributions"], list(found.attributions), counts)
    report = Report(gold_set=NAME, items=len(items))
    report.fields = [Score(k, *v) for k, v in counts.items()]
    report.headline = {f"{s.name}_f1": round(s.f1, 4) for s in report.fields}
    return report


def _score_item(text: str, gold: list[dict], got: list[Attribution], counts: dict) -> None:
    used: set[int] = set()
    for g in gold:
        g_start = text.find(g["scope"])
        g_end = g_start + len(g["scope"])
        best, best_overlap = None, 0.0
        for i, a in enumerate(got):
            if i in used:
                continue
            overlap = max(0, min(g_end, a.scope_end) - max(g_start, a.scope_start))
            share = overlap / max(1, g_end - g_start)
            if share > best_overlap:
                best, best_overlap = i, share
        links = g["chain"]
        if best is None or best_overlap < 0.5:
            for key in ("attribution", "chain_exact", "cue", "scope"):
                counts[key][2] += 1
            counts["chain_links"][2] += len(links)
            continue
        used.add(best)
        a = got[best]
        counts["attribution"][0] += 1
        names = [s.name for s in a.chain[1:]]
        tp = sum(1 for x, y in zip(links, names, strict=False) if _same_name(x, y))
        counts["chain_links"][0] += tp
        counts["chain_links"][1] += len(names) - tp
        counts["chain_links"][2] += len(links) - tp
        _binary(counts["chain_exact"], tp == len(links) == len(names))
        _binary(counts["cue"], (a.cue or "").lower() == g["cue"].lower())
        _binary(counts["scope"], _words(text[a.scope_start : a.scope_end]) == _words(g["scope"]))
    for i, a in enumerate(got):
        if i not in used:
            for key in ("attribution", "chain_exact", "cue", "scope"):
                counts[key][1] += 1
            counts["chain_links"][1] += len(a.chain) - 1


def _binary(count: list[int], ok: bool) -> None:
    if ok:
        count[0] += 1
    else:  # a wrong value is both a false positive and a false negative
        count[1] += 1
        count[2] += 1


def _norm(name: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", name.lower().strip(" .,"))


def _same_name(gold: str, got: str) -> bool:
    g, p = _norm(gold), _norm(got)
    return bool(g) and bool(p) and (g == p or g in p or p in g)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())
