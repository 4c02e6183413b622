"""Stories across outlets: does merging group the three reports of one event together?

Data: BASIL (Fan et al., EMNLP 2019, "In Plain Sight: Media Bias Through the Lens of Factual
Reporting"): 100 events, each reported by Fox News, the New York Times and HuffPost; the
`triplet-uuid` of an article names its event. Research use only: read from the development
data folder, never shipped in the package.

Method: every article is analysed, all events go through `merge.group` with their outlet and
publication date, and two articles are linked when some story holds events of both. Scored
over article pairs (pairwise clustering precision/recall, as in coreference B-cubed's simpler
cousin): a linked pair is a true positive when both articles share a triplet. Headline:
pairwise F1, and the share of triplets whose three articles are all linked.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

from .. import merge
from ..errors import RejectedInput
from ..ingest import article_from_text
from ..model import Article
from ..pipeline import analyze_articles
from . import Report, Score
from .gold import data_dir

NAME = "basil-stories"
DESCRIPTION = "BASIL triplets (Fox/NYT/HuffPost on one event): story grouping, pairwise P/R/F1"


def default_path() -> Path | None:
    """BASIL's articles folder in the development data (`gold.data_dir`), if present."""
    root = data_dir()
    path = root / "basil" / "data" / "articles" if root else None
    return path if path is not None and path.is_dir() else None


def load(path: Path | None = None, limit: int | None = None) -> list[tuple[Article, str]]:
    """(article, triplet id) for every readable article; `limit` counts triplets."""
    path = path or default_path()
    if path is None:
        raise FileNotFoundError("BASIL data not found; set NEWSLEDGER_DATA to shared/data")
    out: list[tuple[Article, str]] = []
    triplets: list[str] = []
    for f in sorted(Path(path).rglob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        triplet = data.get("triplet-uuid")
        if not triplet:
            continue
        if triplet not in triplets:
            if limit is not None and len(triplets) >= limit:
                continue
            triplets.append(triplet)
        art = article_of(f, data)
        if art is not None:
            out.append((art, triplet))
    return out


def article_of(path: Path, data: dict) -> Article | None:
    """The Article of one BASIL JSON file (`body-paragraphs` are lists of sentences), or None
    when its text is unusable."""
    text = "\n\n".join(" ".join(p) for p in data.get("body-paragraphs") or [])
    try:
        return article_from_text(
            text,
            str(path),
            published=data.get("date"),
            outlet=str(data.get("source", "")).lower() or None,
            title=data.get("title"),
            url=data.get("url"),
            external_id=path.stem,
        )
    except RejectedInput:
        return None


def _reports(items: list[tuple[Article, str]]) -> Iterator[merge.Reported]:
    articles = [a for a, _ in items]
    for analysis in analyze_articles(articles, keep_going=True):
        art = analysis.article
        for ev in analysis.events:
            yield merge.Reported(ev, art.outlet, art.published, art.id)


def score_pairs(
    gold: dict[str, str], stories: list[merge.Story]
) -> tuple[Score, float, dict[str, int]]:
    """Pairwise scores of article grouping, the share of fully linked triplets, and counts."""
    linked: set[tuple[str, str]] = set()
    for story in stories:
        for a, b in combinations(sorted(set(story.articles) & gold.keys()), 2):
            linked.add((a, b))
    by_triplet: dict[str, list[str]] = defaultdict(list)
    for art, trip in gold.items():
        by_triplet[trip].append(art)
    truth = {(a, b) for arts in by_triplet.values() for a, b in combinations(sorted(arts), 2)}
    tp = len(linked & truth)
    full = sum(
        1
        for arts in by_triplet.values()
        if len(arts) > 1 and all(p in linked for p in combinations(sorted(arts), 2))
    )
    grouped = sum(1 for arts in by_triplet.values() if len(arts) > 1)
    counts = {"linked_pairs": len(linked), "gold_pairs": len(truth), "triplets": grouped}
    return (
        Score("article_pairs", tp, len(linked) - tp, len(truth) - tp),
        full / grouped if grouped else 0.0,
        counts,
    )


def score(path: Path | None = None, limit: int | None = None) -> Report:
    """Score story grouping on the BASIL triplets (`limit` = number of triplets)."""
    items = load(path, limit)
    gold = {a.id: trip for a, trip in items}
    reports = list(_reports(items))
    stories = merge.group(reports)
    pairs, full, counts = score_pairs(gold, stories)
    multi = [s for s in stories if len(s.outlets) > 1]
    return Report(
        gold_set=NAME,
        items=len(items),
        fields=[pairs],
        headline={
            "pairwise_f1": pairs.f1,
            "pairwise_precision": pairs.precision,
            "pairwise_recall": pairs.recall,
            "triplets_fully_linked": full,
        },
        notes=[
            f"{len(reports)} events -> {len(stories)} stories, {len(multi)} reported by more "
            f"than one outlet; {counts['linked_pairs']} article pairs linked of "
            f"{counts['gold_pairs']} gold pairs",
            "two articles are linked when any story holds events of both",
        ],
    )
