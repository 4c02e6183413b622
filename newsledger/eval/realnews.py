"""realnews-dev: 30 real news articles with analyst gold for events, markers and attributions.

Data: `../shared/data/realnews-dev` (research data, never shipped): the article texts,
`index.jsonl` (outlet, publication day) and `gold.jsonl`, hand-coded for newsledger; its
README gives the gold format and the matching rules implemented here:

- sentences: per line of the normalised text, split at sentence-final punctuation with
  abbreviations kept; a line without final punctuation is a sentence of its own;
- events: a record matches a gold event when its evidence (or one of its further `mentions`)
  lies in the sentence of the gold's cue or of one of its `also` cues and its PLOVER type is
  one the gold accepts; one-to-one,
  maximising required matches, then matches at all (so a record that fits optional gold is
  not a false positive), then primary-cue matches, then correct fields (an assignment
  problem, solved exactly per article by the Hungarian method);
- fields on matched pairs: source/target at country level, status, where, when, said_by,
  ACLED sub-type; a gold field that is absent (or null) is not scored;
- markers: a flagged span matches a gold marker when it overlaps the marker's first
  occurrence (one-to-one); attributions: the record's cue span overlaps the gold cue (found
  through `within`) and a gold speaker name matches a source of its chain (one-to-one).

The sentence rule, the assignment and the field comparison live in `eval.realnews_match`;
this module loads the set, counts per article and reports.

Every figure comes with the number of items behind it and a 95% interval from a bootstrap over
articles (1,000 resamples, fixed seed). The team tuned on this set: it measures development,
not what the system does on unseen news.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Actor, Analysis, Attribution, Event, Marker
from . import Report, Score, realnews_stories
from .gold import Tally, default_file
from .realnews_match import (
    as_list,
    assign,
    field_checks,
    locate,
    overlaps,
    same_name,
    sentence_of,
    sentences,
    speakers,
)

NAME = "realnews-dev"
DESCRIPTION = "Real news (30 articles, analyst gold): events, markers, attributions, stories"

FIELDS = ("source", "target", "status", "where", "when", "said_by", "acled")
RESAMPLES = 1000
SEED = 20250101


# ---------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One article of the set: its normalised text, metadata and gold."""

    file: str
    text: str
    published: dt.date | None
    outlet: str | None
    gold: dict


def default_path() -> Path | None:
    return default_file("realnews-dev", "gold.jsonl")


def load(path: Path | None = None, limit: int | None = None) -> list[GoldArticle]:
    """The articles with their gold (`path`: the set's folder or its gold.jsonl)."""
    from ..ingest import normalise

    path = Path(path) if path is not None else default_path()
    if path is None:
        raise FileNotFoundError("realnews-dev data not found (shared/data/realnews-dev)")
    folder = path if path.is_dir() else path.parent
    gold_file = folder / "gold.jsonl" if path.is_dir() else path
    index = {r["file"]: r for r in _jsonl(folder / "index.jsonl")}
    items = []
    for gold in _jsonl(gold_file):
        meta = index.get(gold["file"], {})
        text = normalise((folder / gold["file"]).read_text(encoding="utf-8"))
        date = dt.date.fromisoformat(meta["date"]) if meta.get("date") else None
        items.append(GoldArticle(gold["file"], text, date, meta.get("outlet"), gold))
    return items[:limit] if limit is not None else items


def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


# ---------------------------------------------------------------------------------------------
# Counts per article (summed, and resampled for intervals)


@dataclass(slots=True)
class Counts:
    """True/false positives and false negatives of one article (or of several, summed)."""

    # [required matched, false positives, required missed, optional matched]
    events: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    markers: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    attributions: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})
    neutral: list[int] = field(default_factory=lambda: [0, 0])  # flagged, all
    duplicates: list[int] = field(default_factory=lambda: [0, 0])  # event records: repeats, all
    gold: dict[str, int] = field(default_factory=dict)  # required/optional gold counts
    types: Tally = field(default_factory=Tally)
    problems: list[str] = field(default_factory=list)  # gold strings not found in the text
    errors: list[dict] = field(default_factory=list)  # misses, false positives, wrong fields

    def add(self, other: Counts) -> None:
        for name in ("events", "markers", "attributions", "neutral", "duplicates"):
            mine = getattr(self, name)
            for i, v in enumerate(getattr(other, name)):
                mine[i] += v
        for f, (ok, n) in other.fields.items():
            self.fields[f][0] += ok
            self.fields[f][1] += n
        for k, v in other.gold.items():
            self.gold[k] = self.gold.get(k, 0) + v
        for mine, theirs in (
            (self.types.tp, other.types.tp),
            (self.types.fp, other.types.fp),
            (self.types.fn, other.types.fn),
        ):
            for k, v in theirs.items():
                mine[k] = mine.get(k, 0) + v
        self.problems.extend(other.problems)
        self.errors.extend(other.errors)


@dataclass(frozen=True, slots=True)
class MatchScore(Score):
    """P/R/F1 where records matched to optional gold count as right in precision and not at
    all in recall (the README: precision over all records, recall over required gold)."""

    optional: int = 0

    @property
    def precision(self) -> float:
        right = self.tp + self.optional
        return right / (right + self.fp) if right + self.fp else 0.0


def _prf(tp: int, fp: int, fn: int, optional: int) -> tuple[float, float, float]:
    s = MatchScore("", tp, fp, fn, optional)
    return s.precision, s.recall, s.f1


# ---------------------------------------------------------------------------------------------
# Scoring one article


def _tiers(n: int) -> tuple[int, int, int]:
    """Weights that make the matching lexicographic: required > any > primary > fields."""
    fields = len(FIELDS) + 1
    primary = n * fields
    anymatch = n * (primary + fields)
    required = n * (anymatch + primary + fields)
    return required, anymatch, primary


def score_events(
    text: str,
    gold: list[dict],
    events: Sequence[Event],
    actors: dict[str, Actor],
    counts: Counts,
    label: str = "",
) -> None:
    """Match the records to the gold events of one article and count."""
    spans = sentences(text)
    where: list[tuple[set[int], set[int]]] = []  # (primary sentences, all sentences)
    for g in gold:
        primary: set[int] = set()
        every: set[int] = set()
        for k, cue in enumerate([g["cue"], *as_list(g.get("also"))]):
            at = locate(text, cue)
            if at is None:
                counts.problems.append(f"{label}: event cue not in text: {cue!r}")
                continue
            hit = sentence_of(spans, *at)
            every |= hit
            if k == 0:
                primary |= hit
        where.append((primary, every))
    # a record's evidence is its first mention and every further one it holds (`mentions`)
    rec_sent = [
        set().union(*(sentence_of(spans, m.start, m.end) for m in (e.evidence, *e.mentions)))
        for e in events
    ]
    counts.duplicates[1] += len(events)
    req_w, any_w, prim_w = _tiers(min(len(gold), len(events)) + 1)
    checks: dict[tuple[int, int], dict[str, bool]] = {}
    weights = [[0] * len(events) for _ in gold]
    for i, g in enumerate(gold):
        types = set(as_list(g.get("plover")))
        for j, ev in enumerate(events):
            if ev.type.plover not in types or not (rec_sent[j] & where[i][1]):
                continue
            checks[i, j] = field_checks(g, ev, actors)
            weights[i][j] = (
                (0 if g.get("optional") else req_w)
                + any_w
                + (prim_w if rec_sent[j] & where[i][0] else 0)
                + sum(checks[i, j].values())
            )
    pairs = assign(weights)
    matched_gold = {i for i, _ in pairs}
    matched_rec = {j for _, j in pairs}
    required = [i for i, g in enumerate(gold) if not g.get("optional")]
    counts.gold["events_required"] = len(required)
    counts.gold["events_optional"] = len(gold) - len(required)
    counts.gold["event_records"] = len(events)
    for i, j in pairs:
        g, ev = gold[i], events[j]
        counts.events[3 if g.get("optional") else 0] += 1
        counts.types.add(ev.type.plover, ev.type.plover)
        for name, ok in checks[i, j].items():
            counts.fields[name][0] += ok
            counts.fields[name][1] += 1
            if not ok:
                counts.errors.append(
                    {
                        "kind": f"field:{name}",
                        "article": label,
                        "gold": g,
                        "record": ev,
                        "got": _field_value(name, ev, actors),
                    }
                )
    for i in required:
        if i not in matched_gold:
            counts.events[2] += 1
            primary_type = as_list(gold[i].get("plover"))[:1] or ["?"]
            counts.types.add(primary_type[0], None)
            near = [events[j] for j, s in enumerate(rec_sent) if s & where[i][1]]
            counts.errors.append(
                {"kind": "event:missed", "article": label, "gold": gold[i], "near": near}
            )
    for j, ev in enumerate(events):
        if j not in matched_rec:
            counts.events[1] += 1
            counts.types.add(None, ev.type.plover)
            # would have matched gold that another record took: a duplicate
            dup = any((i, j) in checks for i in matched_gold)
            counts.duplicates[0] += dup
            here = [gold[i] for i in range(len(gold)) if rec_sent[j] & where[i][1]]
            counts.errors.append(
                {
                    "kind": "event:fp",
                    "article": label,
                    "record": ev,
                    "duplicate": dup,
                    "gold_here": here,
                    "sentence": _sentence_text(text, spans, rec_sent[j]),
                }
            )


def _sentence_text(text: str, spans: list[tuple[int, int]], idx: set[int]) -> str:
    return " ".join(text[spans[i][0] : spans[i][1]] for i in sorted(idx))


def _field_value(name: str, ev: Event, actors: dict[str, Actor]) -> object:
    if name == "source":
        return [p.actor_id for p in ev.source]
    if name == "target":
        return [p.actor_id for p in ev.target]
    if name == "status":
        return ev.status.value
    if name == "where":
        return ev.where.name if ev.where else None
    if name == "when":
        return ev.when.start.isoformat() if ev.when and ev.when.start else None
    if name == "said_by":
        own = ev.attribution is None or ev.attribution.own_voice
        return "outlet" if own else speakers(ev.attribution, actors)
    return ev.type.acled_subtype


def score_markers(
    text: str,
    gold: list[dict],
    neutral: list[str],
    markers: Sequence[Marker],
    counts: Counts,
    label: str = "",
) -> None:
    """Match flagged spans to gold markers (overlap with the first occurrence, one-to-one)."""
    spots = []
    for g in gold:
        at = locate(text, g["text"])
        if at is None:
            counts.problems.append(f"{label}: marker not in text: {g['text']!r}")
        spots.append(at)
    span = [(m.evidence.start, m.evidence.end) for m in markers]
    req_w, any_w, _ = _tiers(min(len(gold), len(markers)) + 1)
    weights = [
        [(0 if g.get("optional") else req_w) + any_w if at and overlaps(at, s) else 0 for s in span]
        for g, at in zip(gold, spots, strict=True)
    ]
    pairs = assign(weights)
    matched_gold = {i for i, _ in pairs}
    matched_rec = {j for _, j in pairs}
    required = [i for i, g in enumerate(gold) if not g.get("optional")]
    counts.gold["markers_required"] = len(required)
    counts.gold["markers_optional"] = len(gold) - len(required)
    counts.gold["marker_records"] = len(markers)
    for i, _ in pairs:
        counts.markers[3 if gold[i].get("optional") else 0] += 1
    for i in required:
        if i not in matched_gold:
            counts.markers[2] += 1
            counts.errors.append({"kind": "marker:missed", "article": label, "gold": gold[i]})
    for j, m in enumerate(markers):
        if j not in matched_rec:
            counts.markers[1] += 1
            counts.errors.append({"kind": "marker:fp", "article": label, "record": m})
    for phrase in neutral:
        at = locate(text, phrase)
        if at is None:
            counts.problems.append(f"{label}: neutral phrase not in text: {phrase!r}")
            continue
        counts.neutral[1] += 1
        if any(overlaps(at, s) for s in span):
            counts.neutral[0] += 1
            counts.errors.append({"kind": "marker:neutral", "article": label, "gold": phrase})


def _cue_span(text: str, g: dict) -> tuple[int, int] | None:
    within = locate(text, g.get("within") or g["cue"])
    if within is None:
        return None
    part = text[within[0] : within[1]].lower()
    at = part.find(g["cue"].lower())
    if at < 0:
        return within
    return within[0] + at, within[0] + at + len(g["cue"])


def score_attributions(
    text: str,
    gold: list[dict],
    atts: Sequence[Attribution],
    actors: dict[str, Actor],
    counts: Counts,
    label: str = "",
) -> None:
    """Match attribution records to gold cues: span overlap and a matching speaker."""
    # the outlet's own voice is no attribution; a belief or intention ("vowed to", "hopes to")
    # is the actor's stance, and an "other" cue is not known to report anything (issue 13)
    atts = [a for a in atts if len(a.chain) > 1 and a.kind not in ("belief", "other")]
    spots = []
    for g in gold:
        at = _cue_span(text, g)
        if at is None:
            counts.problems.append(f"{label}: attribution not in text: {g.get('within')!r}")
        spots.append(at)
    span = [
        (a.evidence.start, a.evidence.end) if a.evidence else (a.scope_start, a.scope_end)
        for a in atts
    ]
    names = [speakers(a, actors) for a in atts]
    req_w, any_w, _ = _tiers(min(len(gold), len(atts)) + 1)
    weights = [[0] * len(atts) for _ in gold]
    for i, (g, at) in enumerate(zip(gold, spots, strict=True)):
        wanted = as_list(g.get("speaker"))
        for j in range(len(atts)):
            if (
                at
                and overlaps(at, span[j])
                and any(same_name(w, n) for w in wanted for n in names[j])
            ):
                weights[i][j] = (0 if g.get("optional") else req_w) + any_w
    pairs = assign(weights)
    matched_gold = {i for i, _ in pairs}
    matched_rec = {j for _, j in pairs}
    required = [i for i, g in enumerate(gold) if not g.get("optional")]
    counts.gold["attributions_required"] = len(required)
    counts.gold["attributions_optional"] = len(gold) - len(required)
    counts.gold["attribution_records"] = len(atts)
    for i, _ in pairs:
        counts.attributions[3 if gold[i].get("optional") else 0] += 1
    for i in required:
        if i not in matched_gold:
            counts.attributions[2] += 1
            at = spots[i]
            near = [atts[j] for j in range(len(atts)) if at and overlaps(at, span[j])]
            counts.errors.append(
                {"kind": "attribution:missed", "article": label, "gold": gold[i], "near": near}
            )
    for j, a in enumerate(atts):
        if j not in matched_rec:
            counts.attributions[1] += 1
            counts.errors.append({"kind": "attribution:fp", "article": label, "record": a})


def score_article(item: GoldArticle, analysis: Analysis) -> Counts:
    """The counts of one article's records against its gold."""
    counts = Counts()
    actors = {a.id: a for a in analysis.actors}
    text = analysis.article.text
    gold = item.gold
    score_events(text, gold.get("events", []), analysis.events, actors, counts, item.file)
    score_markers(
        text, gold.get("markers", []), gold.get("neutral", []), analysis.markers, counts, item.file
    )
    score_attributions(
        text, gold.get("attributions", []), analysis.attributions, actors, counts, item.file
    )
    return counts


# ---------------------------------------------------------------------------------------------
# Figures, intervals and the report


def figures(c: Counts) -> dict[str, float]:
    """The headline figures of summed counts."""
    out: dict[str, float] = {}
    for name, (tp, fp, fn, opt) in (
        ("event", c.events),
        ("marker", c.markers),
        ("attribution", c.attributions),
    ):
        p, r, f = _prf(tp, fp, fn, opt)
        out |= {f"{name}_precision": p, f"{name}_recall": r, f"{name}_f1": f}
    for name, (ok, n) in c.fields.items():
        out[f"field_{name}_acc"] = ok / n if n else 0.0
    out["neutral_flagged_share"] = c.neutral[0] / c.neutral[1] if c.neutral[1] else 0.0
    out["event_duplicate_share"] = c.duplicates[0] / c.duplicates[1] if c.duplicates[1] else 0.0
    return out


def _support(c: Counts) -> dict[str, str]:
    """How many items stand behind each headline figure."""
    out: dict[str, str] = {}
    for name, (tp, fp, fn, opt) in (
        ("event", c.events),
        ("marker", c.markers),
        ("attribution", c.attributions),
    ):
        out[f"{name}_precision"] = f"{tp + opt + fp} records ({tp + opt} right: {opt} optional)"
        out[f"{name}_recall"] = f"{tp + fn} required gold"
        out[f"{name}_f1"] = f"tp {tp} (+{opt} optional) fp {fp} fn {fn}"
    for name, (_ok, n) in c.fields.items():
        out[f"field_{name}_acc"] = f"{n} matched pairs scored"
    out["neutral_flagged_share"] = f"{c.neutral[0]} of {c.neutral[1]} neutral phrases flagged"
    out["event_duplicate_share"] = (f"{c.duplicates[0]} of {c.duplicates[1]} records would match "
                                    "gold another record took")  # fmt: skip
    return out


def bootstrap(
    per_article: list[Counts], resamples: int = RESAMPLES, seed: int = SEED
) -> dict[str, tuple[float, float]]:
    """95% percentile intervals of every figure, resampling articles with replacement."""
    if not per_article:
        return {}
    rng = random.Random(seed)
    draws: dict[str, list[float]] = {}
    for _ in range(resamples):
        total = Counts()
        for c in rng.choices(per_article, k=len(per_article)):
            _add_numbers(total, c)
        defined = _defined(total)
        for k, v in figures(total).items():
            if defined[k]:  # a resample with nothing to score says nothing about the figure
                draws.setdefault(k, []).append(v)
    out = {}
    for k, vals in draws.items():
        vals.sort()
        out[k] = (vals[int(0.025 * (len(vals) - 1))], vals[int(round(0.975 * (len(vals) - 1)))])
    return out


def _defined(c: Counts) -> dict[str, bool]:
    """Which figures of `c` have a non-empty denominator."""
    out: dict[str, bool] = {}
    for name, (tp, fp, fn, opt) in (
        ("event", c.events),
        ("marker", c.markers),
        ("attribution", c.attributions),
    ):
        out[f"{name}_precision"] = tp + fp + opt > 0
        out[f"{name}_recall"] = tp + fn > 0
        out[f"{name}_f1"] = tp + fp + opt > 0 and tp + fn > 0
    for name, (_ok, n) in c.fields.items():
        out[f"field_{name}_acc"] = n > 0
    out["neutral_flagged_share"] = c.neutral[1] > 0
    out["event_duplicate_share"] = c.duplicates[1] > 0
    return out


def _add_numbers(total: Counts, c: Counts) -> None:
    for name in ("events", "markers", "attributions", "neutral", "duplicates"):
        mine = getattr(total, name)
        for i, v in enumerate(getattr(c, name)):
            mine[i] += v
    for f, (ok, n) in c.fields.items():
        total.fields[f][0] += ok
        total.fields[f][1] += n


def analyse(items: list[GoldArticle]) -> list[Analysis]:
    """Run the full analysis over the articles (batched parsing)."""
    from ..ingest import article_id
    from ..model import Article
    from ..pipeline import analyze_articles

    articles = [
        Article(
            id=article_id(it.text),
            text=it.text,
            outlet=it.outlet,
            published=it.published,
            source=it.file,
            external_id=it.file,
        )
        for it in items
    ]
    return list(analyze_articles(articles))


def evaluate(items: list[GoldArticle], analyses: list[Analysis]) -> tuple[Counts, list[Counts]]:
    """Summed and per-article counts."""
    per_article = [score_article(it, an) for it, an in zip(items, analyses, strict=True)]
    total = Counts()
    for c in per_article:
        total.add(c)
    return total, per_article


def score(
    path: Path | None = None,
    limit: int | None = None,
    analyze: Callable[[list[GoldArticle]], list[Analysis]] = analyse,
) -> Report:
    """Score events, markers and attributions on the realnews-dev articles."""
    items = load(path, limit)
    analyses = analyze(items)
    total, per_article = evaluate(items, analyses)
    report = build_report(total, per_article)
    realnews_stories.add_to(report, [it.file for it in items], analyses, path or default_path())
    return report


def build_report(total: Counts, per_article: list[Counts]) -> Report:
    heads = figures(total)
    intervals = bootstrap(per_article)
    support = _support(total)
    g = total.gold
    report = Report(gold_set=NAME, items=len(per_article))
    report.fields = [
        MatchScore("events", *total.events),
        MatchScore("markers", *total.markers),
        MatchScore("attributions", *total.attributions),
    ] + [Score(f"event.{f}", ok, n - ok, n - ok) for f, (ok, n) in total.fields.items()]
    report.types = total.types.scores()
    report.headline = heads
    report.notes = [
        "development set: the team looked at these articles while tuning; the figures "
        "measure development, not performance on unseen news (the held-out set does that)",
        f"{len(per_article)} articles; events {g.get('events_required', 0)} required + "
        f"{g.get('events_optional', 0)} optional gold, {g.get('event_records', 0)} records; "
        f"markers {g.get('markers_required', 0)} + {g.get('markers_optional', 0)}, "
        f"{g.get('marker_records', 0)} flagged; attributions "
        f"{g.get('attributions_required', 0)} + {g.get('attributions_optional', 0)}, "
        f"{g.get('attribution_records', 0)} records",
        "events/markers/attributions rows: tp = required gold found, fn = missed; records "
        "matched to optional gold count as right in P and are not in tp",
        "event.<field> rows: tp = right, fp = fn = wrong, so P = R = F1 = accuracy over the "
        "matched pairs where the gold scores that field; types: PLOVER type of matched "
        "records (fn under the gold's first type)",
        f"95% intervals: bootstrap over articles ({RESAMPLES} resamples, seed {SEED})",
    ]
    for name, value in heads.items():
        lo, hi = intervals.get(name, (value, value))
        report.notes.append(f"{name:<26} {value:.3f} [{lo:.3f}, {hi:.3f}]  {support[name]}")
    report.notes.extend(f"gold problem: {p}" for p in total.problems)
    return report
