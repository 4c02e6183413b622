"""When two reported events are the same event: the merge rules (data/merge/rules.yaml) and
`match`, which scores two member events through the type, actor, date and place gates (the
method is in the docstring of newsledger.merge)."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

import yaml

from .model import Member, Where


@dataclass(frozen=True, slots=True)
class Rules:
    """The merge rules in lookup form."""

    type_groups: Mapping[str, frozenset[str]]
    state_roles: frozenset[str]
    persons_as_country: bool
    tolerance: Mapping[str, int]
    lookback: int
    coarse: frozenset[str]
    max_fine_span: int
    precision_rank: Mapping[str, int]
    near_km: Mapping[str, float]
    actor_overlap: float
    loose_link_needs_same_actor: bool = False
    unmatched_not_counted: frozenset[str] = frozenset()
    provisional_links_types: bool = False
    provisional_extra_days: int = 0
    country_link_refused: frozenset[str] = frozenset()


@functools.cache
def rules() -> Rules:
    """The merge rules from `newsledger/data/merge/rules.yaml`."""
    text = resources.files("newsledger").joinpath("data/merge/rules.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    return Rules(
        type_groups={k: frozenset(v) for k, v in raw["type_groups"].items()},
        state_roles=frozenset(raw["state_roles"]),
        persons_as_country=bool(raw.get("persons_count_as_country", False)),
        tolerance=dict(raw["date_tolerance_days"]),
        lookback=int(raw["undated_lookback_days"]),
        coarse=frozenset(raw.get("coarse_precisions", ())),
        max_fine_span=int(raw.get("max_fine_span_days", 7)),
        precision_rank={p: i for i, p in enumerate(raw["precision_order"])},
        near_km={k: float(v) for k, v in raw["near_km"].items()},
        actor_overlap=float(raw["actor_overlap"]),
        loose_link_needs_same_actor=bool(raw.get("loose_link_needs_same_actor", False)),
        unmatched_not_counted=frozenset(raw.get("unmatched_actors_not_counted", ())),
        provisional_links_types=bool(raw.get("shared_provisional_name_links_types", False)),
        provisional_extra_days=int(raw.get("shared_provisional_name_extra_days", 0)),
        country_link_refused=frozenset(raw.get("country_link_refused_when", ())),
    )


def compatible_types(plover: str) -> frozenset[str]:
    """Every PLOVER type that may code the same happening as `plover` (itself included)."""
    out = {plover}
    for group in rules().type_groups.values():
        if plover in group:
            out |= group
    return frozenset(out)


_CAMEO_ID = re.compile(r"^([A-Z]{3})((?:[A-Z]{3})*)$")
_PERSON_ID = re.compile(r"^([A-Z]{3}):[A-Z0-9_-]+$")


def person_country(actor_id: str) -> str | None:
    """The country of a named person's id (ISR:NETANYAHU -> ISR); None for other ids."""
    m = _PERSON_ID.match(actor_id)
    return m.group(1) if m else None


def actor_key(actor_id: str) -> str:
    """The id used to compare actors: a country's state bodies (ISRGOV, ISRMIL) count as the
    country (ISR); other ids (persons, groups, provisional actors) stand for themselves."""
    m = _CAMEO_ID.match(actor_id)
    if m and (m.group(2) == "" or m.group(2) in rules().state_roles):
        return m.group(1)
    return actor_id


def same_actor(x: str, y: str) -> bool:
    """Whether two actor ids may name the same party in two reports: equal keys, or a named
    person (ISR:NETANYAHU) and their country's state (ISR, ISRGOV) when the rules allow it.
    Two different persons of one country are two parties."""
    kx, ky = actor_key(x), actor_key(y)
    if kx == ky or same_provisional(x, y):
        return True
    if not rules().persons_as_country:
        return False
    px, py = _PERSON_ID.match(kx), _PERSON_ID.match(ky)
    if px and not py:
        return px.group(1) == ky
    if py and not px:
        return py.group(1) == kx
    return False


def same_provisional(x: str, y: str) -> bool:
    """Two provisional actors with one name written two ways: the same letters ("PROV:irs",
    "PROV:i-r-s"), or one name inside the other ending in the same surname ("PROV:lerner",
    "PROV:lois-lerner"; not "PROV:john-smith" and "PROV:jane-smith")."""
    if not (x.startswith("PROV:") and y.startswith("PROV:")):
        return False
    tx, ty = x[5:].split("-"), y[5:].split("-")
    if "".join(tx) == "".join(ty):
        return True
    small, large = (tx, ty) if len(tx) <= len(ty) else (ty, tx)
    return len(small[-1]) > 2 and small[-1] == large[-1] and set(small) <= set(large)


def _share_provisional(a: Member, b: Member) -> bool:
    """Whether two reports name one same provisional actor (a name outside the gazetteer)."""
    return any(
        x.startswith("PROV:") and y.startswith("PROV:") and same_provisional(x, y)
        for x in a.actors
        for y in b.actors
    )


def _share_an_actor(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two reports name one same actor: one id, or one provisional name."""
    return bool(set(a) & set(b)) or any(same_provisional(x, y) for x in a for y in b)


def match(a: Member, b: Member) -> float | None:
    """How well two member events match, or None when they cannot be the same event."""
    r = rules()
    if a.type.plover == b.type.plover:
        score = 2.0
    elif b.type.plover in compatible_types(a.type.plover):
        score = 1.0
    elif r.provisional_links_types and a.article_id != b.article_id and _share_provisional(a, b):
        score = 0.5
    else:
        return None
    dates = _date_score(a, b, r)
    if dates is None and "unknown" in (a.precision, b.precision) and _share_provisional(a, b):
        dates = _date_score(a, b, r, r.provisional_extra_days)
    place = _place_score(a.where, b.where, r)
    actors = _actor_score(a, b, r)
    if dates is None or place is None or actors is None:
        return None
    if place <= 0 and actors <= 0:
        return None  # nothing links them but type and date
    loose = place <= 0 and "unknown" in (a.precision, b.precision)
    if loose and r.loose_link_needs_same_actor and not _share_an_actor(a.actors, b.actors):
        return None  # a country in common and a time window are no evidence on their own
    if _coarse(a, r) or _coarse(b, r):
        if place < 1.0 or actors <= 0:
            return None  # "this year" overlaps everything: ask for place and actor
    if place <= 0 and a.article_id != b.article_id and _country_link_refused(a, b, r):
        return None
    return score + dates + place + actors


def _country_link_refused(a: Member, b: Member, r: Rules) -> bool:
    """Whether two reports of different articles linked only through a country (its state,
    organs, or a person standing for it) are two events by the rules' `country_link_refused_
    when` (see data/merge/rules.yaml)."""
    when = r.country_link_refused
    if not when:
        return False
    ka, kb = {actor_key(x) for x in a.actors}, {actor_key(x) for x in b.actors}
    if any(same_actor(x, y) for x in ka for y in kb if not (_is_country(x) or _is_country(y))):
        return False  # one same party more specific than a country links them
    if (
        "other_type_placed_once" in when
        and a.type.plover != b.type.plover
        and (_finely_placed(a) != _finely_placed(b))
    ):
        return True
    if "distinct_named_parties" in when:
        own_a = _unshared_named(a, kb)
        own_b = _unshared_named(b, ka)
        names = {actor_key(x) for x, text in (*a.naming, *b.naming) if _proper(text)}
        if own_a and own_b and any(k.startswith("PROV:") and k in names for k in own_a | own_b):
            return True
    return False


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})


def _proper(text: str) -> bool:
    """Whether a mention is written as a proper name ("Elijah E. Cummings", not "forces")."""
    words = text.split()
    return bool(words) and words[-1][:1].isupper() and text.lower() not in _PRONOUNS


def _finely_placed(m: Member) -> bool:
    """Whether the report places its event finer than a country (a town, region or site)."""
    return m.where is not None and m.where.precision != "country"


def _is_country(key: str) -> bool:
    return len(key) == 3 and key.isalpha() and key.isupper()


def _unshared_named(m: Member, other: set[str]) -> set[str]:
    """The parties a report names in its text (not filled in, not civilians) that the other
    report's actors cannot stand for."""
    named = {actor_key(x) for x, _ in m.naming}
    return {k for k in named if not k[3:6] == "CVL" and not any(same_actor(k, y) for y in other)}


def _coarse(m: Member, r: Rules) -> bool:
    """A date too vague to link reports on its own: a month or year, or a span longer than
    `max_fine_span_days` ("in recent months", "since December"). Without this, one vague
    event chains every specific event inside its span into one story (single link)."""
    if m.precision in r.coarse:
        return True
    return bool(m.start and m.end and (m.end - m.start).days > r.max_fine_span)


def _date_score(a: Member, b: Member, r: Rules, extra: int = 0) -> float | None:
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return 0.0
    days = max(r.tolerance.get(a.precision, 0), r.tolerance.get(b.precision, 0)) + extra
    tol = dt.timedelta(days=days)
    if a.start - tol > b.end or b.start - tol > a.end:
        return None
    if a.start == b.start and a.end == b.end and "unknown" not in (a.precision, b.precision):
        return 1.0
    return 0.5


def _place_score(a: Where | None, b: Where | None, r: Rules) -> float | None:
    if a is None or b is None:
        return 0.0
    same_id = a.gazetteer_id and a.gazetteer_id == b.gazetteer_id
    if same_id or place_key(a.name) == place_key(b.name):
        return 1.5
    rank_a = r.precision_rank.get(a.precision, 1)
    rank_b = r.precision_rank.get(b.precision, 1)
    if None not in (a.lat, a.lon, b.lat, b.lon):
        coarser = a.precision if rank_a >= rank_b else b.precision
        if _km(a, b) <= r.near_km.get(coarser, 0.0):
            return 1.0
    if a.country and b.country:
        if a.country != b.country:
            return None
        if rank_a != rank_b:
            return 0.5  # e.g. "Syria" and "Damascus"
        return None  # two different cities (or regions) of one country
    return 0.0  # a place with no country (contested, unresolved): no evidence either way


def _actor_score(a: Member, b: Member, r: Rules) -> float | None:
    """None when the reports name different parties, else how much they share (0..2).

    Actors pair off one-to-one (`_pairs`); more than `actor_overlap` of the smaller side must
    be paired, where an unpaired actor of a kind in `unmatched_not_counted` is left out of
    its side: it cannot contradict the other report (see data/merge/rules.yaml)."""
    ka, kb = sorted({actor_key(x) for x in a.actors}), sorted({actor_key(x) for x in b.actors})
    if not ka or not kb:
        return 0.0
    owner = _pairs(ka, kb)
    shared = len(owner)
    if not shared:
        return None
    counted_a = len(ka) - sum(
        1 for i, x in enumerate(ka) if i not in owner.values() and _uncounted(x, a, r)
    )
    counted_b = len(kb) - sum(1 for j, y in enumerate(kb) if j not in owner and _uncounted(y, b, r))
    if shared / min(counted_a, counted_b) <= r.actor_overlap:
        return None
    return 2.0 * shared / (len(ka) + len(kb) - shared)


def _uncounted(key: str, m: Member, r: Rules) -> bool:
    """Whether an actor its counterpart does not name is left out of the overlap."""
    kinds = r.unmatched_not_counted
    if "provisional" in kinds and key.startswith("PROV:"):
        return True
    if "filled" in kinds and not any(actor_key(x) == key for x, _ in m.naming):
        return True  # a side the text left open, filled in from context (no mention)
    return "civilians" in kinds and bool(_CAMEO_ID.match(key)) and key[3:6] == "CVL"


def _pairs(xs: list[str], ys: list[str]) -> dict[int, int]:
    """A maximum one-to-one pairing of actors of `xs` with actors of `ys` that may be the same
    party (index in ys -> index in xs), so the count is symmetric: "the US" cannot stand for
    both Biden and the US government."""
    owner: dict[int, int] = {}

    def take(i: int, seen: set[int]) -> bool:
        for j, y in enumerate(ys):
            if j not in seen and same_actor(xs[i], y):
                seen.add(j)
                if j not in owner or take(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(xs)):
        take(i, set())
    return owner


def place_key(name: str) -> str:
    """A place name compared without case, punctuation or a leading "the"."""
    return re.sub(r"^the\s+", "", re.sub(r"[^\w ]+", "", name.casefold())).strip()


def _km(a: Where, b: Where) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))
