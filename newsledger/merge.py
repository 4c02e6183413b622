"""The merge stage: decide which events from different articles are the same event, as stories.

Method: incremental single-link clustering with hard compatibility gates, in the spirit of
event deduplication in GDELT/POLECAT pipelines (same event = same coded type, actors, date and
place within tolerances). Two reports are the same event when all four gates of
`match.match` pass:

- type: equal PLOVER types, or types in one group of `data/merge/rules.yaml` (CONSULT~AGREE
  for talks, ASSAULT~COERCE for a raid, ...), or any types when reports of two articles name
  one same provisional actor (a name outside the gazetteer, rare in the news);
- actors: CAMEO-style ids compared by key (a country's government, military, police, and its
  named persons count as the country), paired one to one, and more than half of the smaller
  set must be paired with the other; so reports of A-B talks merge with A-B talks mediated by
  C, but A-B and A-C meetings stay apart. An unpaired provisional name, a side filled in from
  context or a country's civilians does not count against the overlap (no evidence of another
  party);
- date: the intervals (widened to the whole month/year for coarse dates) overlap within a
  tolerance by precision; an undated event is taken to lie in the day before publication or
  on it, and two days more are allowed when the reports share a provisional name;
- place: same gazetteer id or name, within `near_km`, or a finer place inside the same
  country as a coarser one; an unknown place is compatible with any.

and at least one positive link (a shared actor or a matching place) exists, so that two
unconnected events of one type on one day (a strike in Gaza, a strike in Kharkiv) never merge.
A coarse date (month, year) links reports of different articles only with both a matching
place and a shared actor. A link only through a country (USA ~ USAGOV ~ a US senator) is
refused when the two reports name different persons outside the gazetteer, or code different
types with a town or region in one report only (`country_link_refused_when` in the rules).

On the BASIL triplets (100 events, each reported by Fox, NYT and HuffPost; `newsledger eval
basil-stories`, 300 articles; the rules were tuned on it, so a development figure) with
the team's extractors this links article pairs at P 0.914 / R 0.747 (F1 0.822, triplets fully
linked 0.62; 2026-11-30, all branches merged; P 0.879 without the country-link refusals);
on realnews-dev (30 articles in 8 same-event groups, also development) it links 21 of the 22
same-group article pairs and no pair of different groups.

Stories are the connected components of the match graph (single link, closed): a new event
joins every story holding a member it matches, fusing them. That makes stories a function of
the events alone, the same whatever order the articles arrived in (tests shuffle them).
Merging is incremental: `assign(new, candidates)` adds newly stored events to the candidate
stories the store fetched (see `candidate_window`) and returns the stories created or changed,
with the stored stories each absorbed (`StoryUpdate.replaces`); the corpus is never
reprocessed. Members are kept in canonical order (date, publication date, article, event id)
and a story's id is a hash of its first member's id: the same in any arrival order, and
unchanged as later reports join (a report of an earlier date that joins renames the story; the
old id is listed in `replaces`). A story is a pure function of its members (`story_of`), which
carry what is needed to recompute the merged record and the differences between outlets.
Known limit: the store fetches candidate stories by date window, so a story is compared only
with stories within matching reach of the new events' dates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .match import (
    Rules,
    actor_key,
    compatible_types,
    match,
    person_country,
    place_key,
    rules,
)
from .model import Analysis, Difference, Event, EventType, Member, Status, Story, Where

# ---------------------------------------------------------------------------------------------
# Records (a story and its members are in model.py)


@dataclass(frozen=True, slots=True)
class Reported:
    """One event as one article reports it: the event plus the article's outlet and date."""

    event: Event
    outlet: str | None = None
    published: dt.date | None = None
    article_id: str | None = None  # defaults to the event's evidence article id


@dataclass(frozen=True, slots=True)
class StoryUpdate:
    """A story that `assign` created or changed, the event ids it gained, and the ids of the
    stored stories it absorbed (to be deleted: their events now belong to this one)."""

    story: Story
    added: tuple[str, ...]
    created: bool
    replaces: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Window:
    """Which stored stories can take the new events: those overlapping these dates/types."""

    start: dt.date | None  # None when some new event has no date at all
    end: dt.date | None
    types: frozenset[str]


# ---------------------------------------------------------------------------------------------
# Events to members


def member_of(report: Reported) -> Member:
    """Reduce one reported event to what a story keeps of it."""
    ev = report.event
    people = (*ev.source, *ev.target, *ev.others)
    actors = tuple(dict.fromkeys(p.actor_id for p in people))
    naming = tuple(dict.fromkeys((p.actor_id, p.mention) for p in people if p.mention))
    where = None
    if ev.where is not None and ev.where.evidence.sentence == ev.evidence.sentence:
        # a place from outside the event's sentence (the dateline, the article's focus) is
        # shared by every event of its article: no evidence that two reports are one event
        p = ev.where
        where = Where(p.name, p.country, p.lat, p.lon, p.precision, p.gazetteer_id)
    start, end, precision = _interval(ev, report.published)
    quantities = tuple((q.kind, q.text) for q in ev.quantities)
    return Member(
        event_id=ev.id,
        article_id=report.article_id or ev.evidence.article_id,
        outlet=report.outlet,
        published=report.published,
        type=ev.type,
        actors=actors,
        naming=naming,
        where=where,
        start=start,
        end=end,
        precision=precision,
        status=str(ev.status),
        quantities=quantities,
        attribution=_attribution_text(ev),
        trigger=ev.trigger,
    )


def _interval(ev: Event, published: dt.date | None) -> tuple[dt.date | None, dt.date | None, str]:
    """The dates an event may lie in, widened to the whole month/year for coarse dates."""
    w = ev.when
    if w is None or w.start is None or w.basis != "clause":
        # no date of its own clause: it lies in the days before publication (a date read
        # elsewhere in the sentence, or the publication date, serves the ledger, not the
        # judgement that two reports are one event)
        if published is None:
            return None, None, "unknown"
        return published - dt.timedelta(days=rules().lookback), published, "unknown"
    start, end = w.start, w.end or w.start
    if w.precision == "month":
        start = start.replace(day=1)
        end = _month_end(end)
    elif w.precision == "year":
        start, end = start.replace(month=1, day=1), end.replace(month=12, day=31)
    return start, max(start, end), w.precision


def _month_end(day: dt.date) -> dt.date:
    nxt = day.replace(day=28) + dt.timedelta(days=4)
    return nxt - dt.timedelta(days=nxt.day)


def _attribution_text(ev: Event) -> str:
    a = ev.attribution
    if a is None or a.own_voice or len(a.chain) < 2:
        return "own voice"
    return " → ".join(s.name for s in a.chain)


# ---------------------------------------------------------------------------------------------
# Assignment


def story_id(founding_event_id: str) -> str:
    """A story's id: a hash of the id of its first member in canonical order (`canonical`)."""
    return "s-" + hashlib.sha256(founding_event_id.encode("utf-8")).hexdigest()[:16]


def canonical(m: Member) -> tuple:
    """The order members are kept in, whatever order their articles arrived in: by date, then
    publication date, article and event id (all read from the text, so reproducible)."""
    far = dt.date.max
    return (m.start or far, m.published or far, m.article_id, m.event_id)


def assign(new: Iterable[Reported], candidates: Iterable[Story] = ()) -> list[StoryUpdate]:
    """Merge new events with candidate stories; return the stories created or changed.

    Stories are the connected components of the match graph (`match.match`): a new event joins
    every story holding a member it matches, fusing them, so the result does not depend on the
    order events arrive in. Events already in a candidate story are skipped, so re-ingesting is
    a no-op. A story fused into another is listed in that one's `replaces`.
    """
    before = {s.id: s for s in candidates}
    return _changes(before, _cluster(new, before.values()))


def _cluster(new: Iterable[Reported], stories: Iterable[Story]) -> dict[str, Story]:
    """The stories after adding `new` to `stories`: each its members' connected component."""
    members: list[Member] = []
    parent: list[int] = []

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index = _Index()
    known: set[str] = set()
    for story in stories:
        first = len(members)
        for m in story.members:
            if m.event_id in known:
                continue
            known.add(m.event_id)
            parent.append(first)
            members.append(m)
            index.add(len(members) - 1, m)
    for member in sorted((member_of(r) for r in new), key=canonical):
        if member.event_id in known:
            continue
        known.add(member.event_id)
        n = len(members)
        members.append(member)
        parent.append(n)
        for other_n, other in index.candidates(member):
            if match(member, other) is not None:
                parent[root(other_n)] = root(n)
        index.add(n, member)
    components: dict[int, list[Member]] = {}
    for i, m in enumerate(members):
        components.setdefault(root(i), []).append(m)
    out = {}
    for group_members in components.values():
        story = story_of(sorted(group_members, key=canonical))
        out[story.id] = story
    return out


def _changes(before: Mapping[str, Story], after: Mapping[str, Story]) -> list[StoryUpdate]:
    """The stories of `after` that are new or differ from `before`, each with the events it
    gained and the stories of `before` it absorbed."""
    home = {e: sid for sid, story in before.items() for e in story.events}
    updates = []
    for sid, story in after.items():
        prior = before.get(sid)
        if prior is not None and prior.events == story.events:
            continue
        had = set(prior.events) if prior is not None else set()
        replaces = {home[e] for e in story.events if e in home} - {sid}
        updates.append(StoryUpdate(story, tuple(e for e in story.events if e not in had),
                                   prior is None, tuple(sorted(replaces))))  # fmt: skip
    return updates


class _Index:
    """Members by the actors and places through which anything could match them.

    `match` needs a shared actor or a compatible place, so a new event is compared only with
    members sharing an actor token (a person is also filed under their country, a provisional
    name under its letters and its last word) or a place token (the place's country; places
    without a country are compared with every placed member). The candidates are a superset
    of the matches: results equal a full scan."""

    def __init__(self) -> None:
        self.buckets: dict[tuple[str, str], list[tuple[int, Member]]] = {}

    @staticmethod
    def _tokens(m: Member) -> set[tuple[str, str]]:
        tokens: set[tuple[str, str]] = set()
        for actor in m.actors:
            key = actor_key(actor)
            tokens.add(("a", key))
            if actor.startswith("PROV:"):
                # a provisional name written two ways (`same_provisional`) shares its letters
                # or its last word
                parts = actor[5:].split("-")
                tokens |= {("a~", "".join(parts)), ("a~", parts[-1])}
            country = person_country(key)
            if country and rules().persons_as_country:
                tokens.add(("a", country))
        if m.where is not None:
            tokens.add(("p", m.where.country or "?"))
            tokens.add(("p*", ""))
        return tokens

    def add(self, n: int, m: Member) -> None:
        for token in self._tokens(m):
            self.buckets.setdefault(token, []).append((n, m))

    def candidates(self, m: Member) -> Iterable[tuple[int, Member]]:
        query = {t for t in self._tokens(m) if t[0] in ("a", "a~")}
        if m.where is not None and m.where.country:
            query |= {("p", m.where.country), ("p", "?")}
        elif m.where is not None:
            query.add(("p*", ""))
        seen: set[int] = set()
        for token in query:
            for n, other in self.buckets.get(token, ()):
                if n not in seen:
                    seen.add(n)
                    yield n, other


def reports_of(analysis: Analysis) -> list[Reported]:
    """The events of one analysed article, with its outlet and date, ready for `assign`."""
    art = analysis.article
    return [Reported(e, art.outlet, art.published, art.id) for e in analysis.events]


def update_stories(
    analyses: Iterable[Analysis], fetch: Callable[[Window], Iterable[Story]]
) -> list[StoryUpdate]:
    """Merge the events of newly stored articles into stories: the store's hook on save.

    `fetch(window)` returns the stored stories whose date span overlaps `window.start ..
    window.end` (its `types` may narrow the query; a window without dates may return none).
    Reports are split into runs of nearby dates so that each fetch stays small even when one
    batch of articles spans years; a story touched by an earlier run is taken in its new form.
    """
    reports = [r for an in analyses for r in reports_of(an)]
    stored: dict[str, Story] = {}  # as the store holds them
    current: dict[str, Story] = {}  # as this batch has left them
    gone: set[str] = set()
    for run in _date_runs(reports):
        window = candidate_window(run)
        pool = {}
        for story in fetch(window):
            stored.setdefault(story.id, story)
            if story.id not in gone:
                pool[story.id] = current.get(story.id, story)
        pool.update((sid, s) for sid, s in current.items() if _overlaps(s, window))
        after = _cluster(run, pool.values())
        gone |= set(pool) - set(after)
        for sid in set(pool) - set(after):
            current.pop(sid, None)
        current.update(after)
    return _changes(stored, current)


def _reach(r: Rules) -> int:
    """How many days beyond its own dates an event can match another (`match._date_score`)."""
    return max(r.tolerance.values()) + r.lookback + r.provisional_extra_days


def _overlaps(story: Story, window: Window) -> bool:
    if window.start is None or window.end is None:
        return story.start is None
    return (
        story.start is not None
        and story.end is not None
        and (story.start <= window.end and story.end >= window.start)
    )


def _date_runs(reports: list[Reported]) -> list[list[Reported]]:
    """Reports split where consecutive dates are further apart than any match can reach."""
    r = rules()
    slack = dt.timedelta(days=2 * _reach(r))
    dated = sorted(
        ((m.start, m.end, x) for x in reports if (m := member_of(x)).start and m.end),
        key=lambda t: t[0],
    )
    runs: list[list[Reported]] = []
    reach: dt.date | None = None
    for start, end, report in dated:
        if reach is None or start > reach + slack:
            runs.append([])
        runs[-1].append(report)
        reach = max(reach or end, end)
    undated = [x for x in reports if member_of(x).start is None]
    return runs + ([undated] if undated else [])


def group(reports: Iterable[Reported]) -> list[Story]:
    """Group a whole batch of reported events into stories (assign with no stored stories)."""
    return [u.story for u in assign(reports, ())]


def candidate_window(reports: Sequence[Reported]) -> Window:
    """The dates and types of stored stories that may take these events (for the store query)."""
    r = rules()
    members = [member_of(x) for x in reports]
    types = frozenset().union(*(compatible_types(m.type.plover) for m in members))
    if not members or any(m.start is None or m.end is None for m in members):
        return Window(None, None, types)
    slack = dt.timedelta(days=_reach(r))
    start = min(m.start for m in members if m.start) - slack
    end = max(m.end for m in members if m.end) + slack
    return Window(start, end, types)


# ---------------------------------------------------------------------------------------------
# The merged record


def story_of(members: Sequence[Member]) -> Story:
    """The story made of these members (the first founded it): merged record and differences."""
    if not members:
        raise ValueError("a story needs at least one member event")
    plover = _majority(m.type.plover for m in members)
    etype = next(m.type for m in members if m.type.plover == plover)
    actors = Counter(a for m in members for a in m.actors)
    first_seen = {a: i for i, a in reversed(list(enumerate(a for m in members for a in m.actors)))}
    dated = [m for m in members if m.precision != "unknown"] or members  # else: around publication
    starts = [m.start for m in dated if m.start]
    ends = [m.end for m in dated if m.end]
    return Story(
        id=story_id(members[0].event_id),
        type=etype,
        actors=tuple(sorted(actors, key=lambda a: (-actors[a], first_seen[a]))),
        where=_merged_place(members),
        start=min(starts) if starts else None,
        end=max(ends) if ends else None,
        status=Status(_majority(m.status for m in members)),
        events=tuple(m.event_id for m in members),
        articles=tuple(dict.fromkeys(m.article_id for m in members)),
        outlets=tuple(
            sorted({_outlet(m) for m in members} | {c for m in members for c in m.copies})
        ),
        differences=differences(members),
        members=tuple(members),
    )


def _majority(values: Iterable[str]) -> str:
    """The most common value; ties go to the one seen first."""
    counts = Counter(values)
    return max(counts, key=lambda v: counts[v])  # Counter keeps first-seen order


def _merged_place(members: Sequence[Member]) -> Where | None:
    places = [m.where for m in members if m.where is not None]
    if not places:
        return None
    counts = Counter(place_key(p.name) for p in places)
    rank = rules().precision_rank
    return min(places, key=lambda p: (-counts[place_key(p.name)], rank.get(p.precision, 1)))


def _outlet(m: Member) -> str:
    return m.outlet or f"article:{m.article_id[:12]}"


def differences(members: Sequence[Member]) -> tuple[Difference, ...]:
    """Where the outlets reporting a story disagree: status, type, quantities, attribution,
    naming of actors. Only fields with more than one value across outlets are listed."""
    out: list[Difference] = []

    def add(field_name: str, subject: str | None, by_outlet: dict[str, set[str]]) -> None:
        values = {o: "; ".join(sorted(v)) for o, v in by_outlet.items() if v}
        if len(set(values.values())) > 1:
            out.append(Difference(field_name, subject, tuple(sorted(values.items()))))

    def collect(get: Any) -> dict[str, set[str]]:
        by: dict[str, set[str]] = {}
        for m in members:
            by.setdefault(_outlet(m), set()).update(get(m))
        return by

    add("status", None, collect(lambda m: {m.status}))
    add("type", None, collect(lambda m: {m.type.plover}))
    add("attribution", None, collect(lambda m: {m.attribution}))
    for kind in sorted({k for m in members for k, _ in m.quantities}):
        add("quantity", kind, collect(lambda m, k=kind: {t for q, t in m.quantities if q == k}))
    for actor in sorted({a for m in members for a, _ in m.naming}):
        add("naming", actor, collect(lambda m, a=actor: {t for x, t in m.naming if x == a}))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Reading stories back (the store keeps `Story.to_dict()` or its members)


def story_from_dict(data: Mapping[str, Any]) -> Story:
    """Rebuild a story from its `to_dict()` form (the merged record is recomputed)."""
    return story_of([member_from_dict(m) for m in data["members"]])


def member_from_dict(d: Mapping[str, Any]) -> Member:
    w = d.get("where")
    return Member(
        event_id=d["event_id"],
        article_id=d["article_id"],
        outlet=d.get("outlet"),
        published=_date(d.get("published")),
        type=EventType(**d["type"]),
        actors=tuple(d.get("actors", ())),
        naming=tuple((a, t) for a, t in d.get("naming", ())),
        where=Where(**w) if w else None,
        start=_date(d.get("start")),
        end=_date(d.get("end")),
        precision=d.get("precision", "unknown"),
        status=d.get("status", "occurred"),
        quantities=tuple((k, t) for k, t in d.get("quantities", ())),
        attribution=d.get("attribution", "own voice"),
        trigger=d.get("trigger", ""),
        copies=tuple(d.get("copies", ())),
    )


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
