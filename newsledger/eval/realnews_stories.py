"""realnews-dev story check: are the articles of one same-event group merged, and only they?

Data: `../shared/data/realnews-dev/index.jsonl`, whose `group` names the happening an article
reports (eight groups of two or three outlets, G1..G8; `single-...` articles stand alone).

Method: every article is analysed with its publication date and outlet (as `eval.realnews`
does), all events go through `merge.group`, and two articles *share a story* when some story
holds events of both (any event in common, as in `eval.stories` on BASIL). Over article pairs:
a pair of one group that shares a story is *merged*, a pair of two groups that shares one is
*wrongly merged*; a group is *fully linked* when all its pairs are merged. The issue's bar:
every group fully linked, no pair wrongly merged. The team tuned the merge rules while looking
at this set: a development figure, never a held-out one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from .. import merge
from ..model import Analysis, Story
from . import Report, Score


@dataclass(frozen=True, slots=True)
class StoryCheck:
    """Article pairs merged / missed within groups, wrongly merged across groups."""

    merged: tuple[tuple[str, str], ...]
    missed: tuple[tuple[str, str], ...]
    wrong: tuple[tuple[str, str], ...]
    groups: int  # groups of two or more articles
    full: tuple[str, ...]  # the groups whose pairs are all merged

    @property
    def pairs(self) -> Score:
        """Pairwise P/R/F1: tp = merged, fp = wrongly merged, fn = missed."""
        return Score("story_pairs", len(self.merged), len(self.wrong), len(self.missed))


def load_groups(path: Path | None) -> dict[str, str]:
    """file -> group from the set's `index.jsonl` (`path`: the set's folder or a file in it)."""
    if path is None:
        return {}
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    index = folder / "index.jsonl"
    if not index.exists():
        return {}
    rows = [json.loads(x) for x in index.read_text(encoding="utf-8").splitlines() if x.strip()]
    return {r["file"]: r["group"] for r in rows if r.get("file") and r.get("group")}


def check(groups: Mapping[str, str], stories: Sequence[Story]) -> StoryCheck:
    """Score stories (whose `articles` are the keys of `groups`) against the gold groups."""
    linked: set[tuple[str, str]] = set()
    for story in stories:
        linked.update(combinations(sorted(set(story.articles) & groups.keys()), 2))
    members: dict[str, list[str]] = defaultdict(list)
    for art, g in groups.items():
        members[g].append(art)
    truth = {p for arts in members.values() for p in combinations(sorted(arts), 2)}
    full = tuple(
        sorted(
            g
            for g, arts in members.items()
            if len(arts) > 1 and all(p in linked for p in combinations(sorted(arts), 2))
        )
    )
    return StoryCheck(
        merged=tuple(sorted(linked & truth)),
        missed=tuple(sorted(truth - linked)),
        wrong=tuple(sorted(linked - truth)),
        groups=sum(1 for arts in members.values() if len(arts) > 1),
        full=full,
    )


def stories_of(files: Sequence[str], analyses: Sequence[Analysis]) -> list[Story]:
    """Every article's events merged into stories; articles are named by their file."""
    reports = [
        merge.Reported(ev, an.article.outlet, an.article.published, file)
        for file, an in zip(files, analyses, strict=True)
        for ev in an.events
    ]
    return merge.group(reports)


def add_to(
    report: Report, files: Sequence[str], analyses: Sequence[Analysis], path: Path | None
) -> StoryCheck:
    """Merge the analysed articles' events and put the story check's figures and notes into
    the realnews-dev report (`path`: where the set's index.jsonl is)."""
    groups = {f: g for f, g in load_groups(path).items() if f in set(files)}
    stories = stories_of(files, analyses)
    result = check(groups, stories)
    pairs = result.pairs
    report.fields.append(pairs)
    report.headline |= {
        "story_pair_recall": pairs.recall,
        "story_pair_precision": pairs.precision,
        "story_groups_fully_linked": len(result.full) / result.groups if result.groups else 0.0,
    }

    def show(ps: Sequence[tuple[str, str]]) -> str:
        return ", ".join(f"{a[:2]}-{b[:2]}" for a, b in ps) or "none"

    report.notes += [
        f"stories (development): {len(stories)} stories over {len(groups)} articles; two "
        "articles share a story when any story holds events of both; "
        f"{len(result.merged)} of {pairs.tp + pairs.fn} same-group pairs merged, "
        f"{len(result.wrong)} pairs of different groups wrongly merged, "
        f"{len(result.full)} of {result.groups} groups fully linked",
        f"stories: missed pairs {show(result.missed)}; wrongly merged {show(result.wrong)}",
    ]
    return result
