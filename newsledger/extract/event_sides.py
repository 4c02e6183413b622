"""An event's sides completed from its context: sector agents grounded in a state, means and
things dropped or given their owner, a missing side taken from the place or the article's dyad.

Method: the fallback chain event coders use for actors a clause leaves vague (the Phoenix and
ICEWS practice of coding "police", "protesters" or "residents" with the country the story is
about; ACLED's convention that an attack on a place in a state targets that state). After the
clause has been read (`events`) and placed (`event_context`):
1. a provisional participant named by a sector noun ("police", "the rebel group", "residents")
   takes the state where the event happened, else the article's home country (the country its
   places lie in most); an organ of a state (government, military) only when the phrase says
   whose ("government forces", not a bare "the forces") and never in the state on the event's
   other side ("government forces" in a report about Syria are Syria's, not the foreign state
   named in the same sentence);
2. a means ("lethal force") is no participant; a thing hit or taken ("a missile production
   plant in Shiraz") stands for the state it lies in;
3. the coding conventions: arrests are made by the local police, bans by the local government,
   demonstrations are by local protesters against the local government, an attack on or
   seizure of a place in another state targets that state; a quoted meeting, deal or demand
   without a source is the quoted speaker's, and so is a vague side the quote calls its own
   ("our forces");
4. talks, a deal or a truce between sides one phrase names together are a dyad: the first
   side the source, the others the target ("U.S.–Russia negotiations", "both sides accepted
   an agreement"); sides named one by one ("Israel and Syria met") stay co-sources;
5. a hostile act (or talks) with one side missing takes the other side of the article's dyad:
   the side most often opposite the named one in its fights, else its hostile acts, else any
   of its events (a state, or a group of a country as a side of its own: M23 against Congo's
   army), when one is; a toll of civilians gets no source this way.
Every filled side has an empty mention: the text does not name it.
Word lists: newsledger/data/events/sides.yaml.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources

import yaml

from ..geocode import places as place_index
from ..model import Event, Found, Participant
from .event_lexicon import lexicon


@dataclass(frozen=True, slots=True)
class _Words:
    means_heads: frozenset[str]
    means_modifiers: frozenset[str]
    objects: frozenset[str]
    place_target_types: dict[str, frozenset[str | None]]
    dyad_types: frozenset[str]
    state_organs: frozenset[str]
    civilians: frozenset[str]
    home_markers: frozenset[str]
    sectors: dict[str, str]
    protest_modes: frozenset[str | None]
    talk_types: frozenset[str]
    speech_types: frozenset[str]
    talk_adjuncts: frozenset[str]
    statement_nouns: frozenset[str]
    deal_verbs: frozenset[str]
    content_nouns: frozenset[str]
    benefit_verbs: frozenset[str]
    yield_verbs: frozenset[str]
    craft_heads: frozenset[str]
    craft_military: frozenset[str]
    joint_codes: frozenset[str]
    state_modes: frozenset[str | None]


@functools.cache
def words() -> _Words:
    path = resources.files("newsledger") / "data" / "events" / "sides.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return _Words(
        frozenset(data["means"]["heads"]),
        frozenset(data["means"]["modifiers"]),
        frozenset(data["objects"]),
        {k: frozenset(v) for k, v in data["place_target_types"].items()},
        frozenset(data["dyad_types"]),
        frozenset(data["state_organs"]),
        frozenset(data["civilians"]),
        frozenset(data["home_markers"]),
        dict(data["sectors"]),
        frozenset(data["protest_modes"]),
        frozenset(data["talk_types"]),
        frozenset(data["speech_types"]),
        frozenset(data["talk_adjuncts"]),
        frozenset(data["statement_nouns"]),
        frozenset(data["deal_verbs"]),
        frozenset(data["content_nouns"]),
        frozenset(data["benefit_verbs"]),
        frozenset(data["yield_verbs"]),
        frozenset(data["civilian_craft"]["heads"]),
        frozenset(data["civilian_craft"]["military"]),
        frozenset(data["joint_codes"]),
        frozenset(data["state_modes"]),
    )


def _state(actor_id: str) -> str | None:
    """The state an actor id belongs to (its ISO-3 prefix), if any."""
    head = actor_id[:3]
    if actor_id.startswith(("PROV:", "IGO")) or head not in place_index().country_hits:
        return None
    return head


def _states(parts: Sequence[Participant]) -> set[str]:
    return {s for p in parts if (s := _state(p.actor_id)) is not None}


def _side(actor_id: str) -> str | None:
    """The side an actor id stands for in a conflict: its state for the state's bodies
    (ISRMIL -> ISR) and persons (USA:TRUMP -> USA), the group itself for a group of a
    country (CODM23: M23 fights Congo's army)."""
    state = _state(actor_id)
    if state is None:
        return None
    rest = actor_id[3:]
    if rest and not rest.startswith(":") and rest not in words().state_organs | _STATE_BODIES:
        return actor_id
    return state


# sectors of a state's own bodies beside the organs (sides.yaml): they take its side
_STATE_BODIES = frozenset({"COP", "JUD", "LEG", "GOV", "MIL", "SPY", "CVL"})


def _sides(parts: Sequence[Participant]) -> set[str]:
    return {s for p in parts if (s := _side(p.actor_id)) is not None}


def _lemma(word: str) -> str:
    w = word.lower().strip(".,;:'’\"")
    for suffix, repl in (("ies", "y"), ("men", "man"), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            return w[: -len(suffix)] + repl
    return w


def _sector_of(words_: list[str]) -> str | None:
    """The sector a vague phrase names: its head noun's, else a modifier's ("rebel group")."""
    sectors = lexicon().sectors
    civilians = words().civilians
    for w in reversed(words_):
        for form in (w.lower(), _lemma(w)):
            if sectors.get(form):
                return sectors[form]
            if form in civilians or form in words().craft_heads:
                return "CVL"
            if form in words().sectors:
                return words().sectors[form]
    return None


def _vague(p: Participant) -> list[str] | None:
    """The words of a provisional participant named without a proper name, else None."""
    if not p.actor_id.startswith("PROV:"):
        return None
    words_ = [w for w in p.mention.split() if w.lower() not in ("the", "a", "an", "its", "their")]
    # a capital past the first word is a name ("Iran-backed group Hezbollah"); a capital first
    # word opens the sentence ("At least 60 people") unless it stands alone ("Goma", "NPS")
    if not words_ or any(w[:1].isupper() for w in words_[1:]):
        return None
    if (
        len(words_) == 1
        and words_[0][:1].isupper()
        and (words_[0].isupper() or _sector_of(words_) is None)
    ):
        return None
    return words_


def _home_country(found: Found) -> str | None:
    """The country the article's places lie in most, on a tie the one named first (the lead
    names the story's place); None without places."""
    placed = sorted((p.evidence.start, p.country) for p in found.places if p.country)
    counts = Counter(c for _, c in placed)
    first = {c: n for n, (_, c) in reversed(list(enumerate(placed)))}
    return min(counts, key=lambda c: (-counts[c], first[c])) if counts else None


def _ground(p: Participant, ev: Event, other: set[str], home: str | None) -> Participant | None:
    """A vague participant grounded in a state, dropped (None) when it is a means, or kept."""
    w = words()
    vague = _vague(p)
    if vague is None:
        return p
    head = _lemma(vague[-1])
    if head in w.means_heads and any(x.lower() in w.means_modifiers for x in vague[:-1]):
        return None
    place = ev.where.country if ev.where is not None else None
    if head in w.objects and p.role == "target":
        return Participant(place, p.mention, p.role) if place else None
    sector = _sector_of(vague)
    if not sector:
        return p
    if sector in w.state_organs:
        # "government forces": the state the article is about; a bare "the forces" may be
        # anyone's (Israel's "forces deployed in southern Lebanon")
        if not any(x.lower() in w.home_markers for x in vague):
            return p
        order = (home, place)
    else:
        order = (place, home)  # police, residents, protesters: those of the place
    for country in order:
        if not country or (sector in w.state_organs and country in other):
            continue
        return Participant(country + sector, p.mention, p.role)
    return p


def _dyads(events: Sequence[Event]) -> dict[str, Counter[str]]:
    """For each state, how often each other state stands opposite it in the events."""
    out: dict[str, Counter[str]] = {}
    for ev in events:
        for a in _sides(ev.source):
            for b in _sides(ev.target):
                if a != b:
                    out.setdefault(a, Counter())[b] += 1
                    out.setdefault(b, Counter())[a] += 1
    return out


@dataclass(frozen=True, slots=True)
class _Dyads:
    """The article's dyads in tiers: who fights whom, who opposes whom, who deals with whom."""

    tiers: tuple[dict[str, Counter[str]], ...]


def _counterpart(states: set[str], dyads: _Dyads) -> str | None:
    """The state most often opposite `states` in the first tier that has one (None on a
    tie there)."""
    for tier in dyads.tiers:
        if any(s in tier for s in states):
            return _top(states, tier)
    return None


def _top(states: set[str], dyads: dict[str, Counter[str]]) -> str | None:
    counts: Counter[str] = Counter()
    for s in states:
        counts.update(dyads.get(s, Counter()))
    for s in states:
        counts.pop(s, None)
    top = counts.most_common(2)
    if not top or (len(top) > 1 and top[0][1] == top[1][1]):
        return None
    return top[0][0]


def complete(events: Sequence[Event], found: Found) -> list[Event]:
    """The events with their vague sides grounded and a missing side filled from context:
    first from each event's own place and the coding conventions, then from the dyads of
    the article that these give."""
    home = _home_country(found)
    bodies = {m.actor_id: m.acts_for for m in found.mentions if m.acts_for}
    local = []
    for ev in events:
        src_states, tgt_states = _states(ev.source), _states(ev.target)
        ev = _first_person(ev, bodies)
        source = [q for p in ev.source if (q := _ground(p, ev, tgt_states, home)) is not None]
        target = [q for p in ev.target if (q := _ground(p, ev, src_states, home)) is not None]
        source, target = _conventions(ev, _unique(source), _unique(target), home)
        joint = ev.type.plover in words().talk_types or ev.type.cameo in words().joint_codes
        # one phrase for the pair ("U.S.–Russia", "both sides"), not a coordination of names
        phrases = {p.mention for p in source}
        one_phrase = len(phrases) == 1 and not re.search(r"\band\b|&|,", next(iter(phrases)))
        if not target and joint and one_phrase and len(_sides(source)) > 1:
            source, target = _split_pair(source)
        if not source and target and ev.type.plover in words().speech_types:
            source = _speaker(ev, bodies, _sides(target))
        local.append(_with_sides(ev, source, target))
    # the article's dyads: who fights whom first, who meets whom when nobody fights
    fights = _dyads([ev for ev in local if ev.type.plover in words().place_target_types])
    hostile = _dyads([ev for ev in local if ev.type.plover in words().dyad_types])
    dyads = _Dyads((fights, hostile, _dyads(local)))
    return [_from_dyads(ev, dyads) for ev in local]


def _first_person(ev: Event, bodies: dict[str, str]) -> Event:
    """ "'Our forces ... seized large quantities of weapons,' he said": a vague side the quote
    calls its own ("our forces", "my government") is the quoted speaker's body."""
    att = ev.attribution
    if att is None or att.own_voice or not att.quote:
        return ev
    link = next((x for x in reversed(att.chain[1:]) if x.actor_id), None)
    body = bodies.get(link.actor_id, link.actor_id) if link and link.actor_id else None
    if body is None or _state(body) is None:
        return ev
    quote = att.quote.lower()

    def own(p: Participant) -> Participant:
        if _vague(p) is None or not re.search(rf"\b(?:our|my) {re.escape(p.mention.lower())}\b",
                                               quote):  # fmt: skip
            return p
        return Participant(body, p.mention, p.role)

    source, target = tuple(map(own, ev.source)), tuple(map(own, ev.target))
    return ev if (source, target) == (ev.source, ev.target) else replace(
        ev, source=source, target=target)  # fmt: skip


def _split_pair(source: list[Participant]) -> tuple[list[Participant], list[Participant]]:
    """Talks or a deal between sides one phrase names together ("U.S.–Russia negotiations",
    "both sides accepted"): the first side is the source, the others the target (CAMEO codes
    a joint act as a dyad). Sides named one by one ("Israel and Syria met", "Israeli and
    Palestinian officials met") stay co-sources, as the clause gives them."""
    first = _side(source[0].actor_id)
    keep = [p for p in source if _side(p.actor_id) == first]
    rest = [replace(p, role="target") for p in source if _side(p.actor_id) != first]
    return keep, rest


def _speaker(ev: Event, bodies: dict[str, str], other: set[str]) -> list[Participant]:
    """The quoted speaker as the source of a meeting, deal or demand the clause gives no
    source ("'We will schedule a meeting with President Putin,' Trump said")."""
    if ev.attribution is None or ev.attribution.own_voice:
        return []
    link = next((x for x in reversed(ev.attribution.chain[1:]) if x.actor_id), None)
    if link is None or link.actor_id is None:
        return []
    body = bodies.get(link.actor_id, link.actor_id)
    side = _side(body)
    if side is None or side in other:
        return []
    return [Participant(body, link.name, "source")]


def _with_sides(ev: Event, source: list[Participant], target: list[Participant]) -> Event:
    if tuple(source) == ev.source and tuple(target) == ev.target:
        return ev
    return replace(ev, source=tuple(source), target=tuple(target))


def _from_dyads(ev: Event, dyads: _Dyads) -> Event:
    """A hostile act or talks with one side named: the state opposite it in the article."""
    if ev.type.plover not in words().dyad_types | words().talk_types:
        return ev
    src, tgt = _sides(ev.source), _sides(ev.target)
    if ev.source and src and not ev.target:
        fill = _counterpart(src, dyads)
        if fill:
            return replace(ev, target=(Participant(fill, "", "target"),))
    elif (
        ev.target
        and tgt
        and not ev.source
        and ev.type.plover in words().dyad_types
        # a toll of civilians does not say who killed them: the state's foreign enemy, its
        # own forces or a group ("the deaths of nearly 10,000 people in Syria")
        and not any(p.actor_id.endswith("CVL") for p in ev.target)
    ):
        fill = _counterpart(tgt, dyads)
        if fill:
            return replace(ev, source=(Participant(fill, "", "source"),))
    return ev


def _unique(parts: list[Participant]) -> list[Participant]:
    seen: set[str] = set()
    return [p for p in parts if not (p.actor_id in seen or seen.add(p.actor_id))]


def _conventions(
    ev: Event,
    source: list[Participant],
    target: list[Participant],
    home: str | None,
) -> tuple[list[Participant], list[Participant]]:
    """Sides the coding conventions give where the text names none (ACLED, CAMEO): arrests
    are made by the police of the state where they happen, bans, curfews and censorship by
    its government, demonstrations are by its
    protesters and against its government, an attack on a place in another state targets
    that state."""
    w = words()
    kind, mode = ev.type.plover, ev.type.mode
    place = ev.where.country if ev.where is not None else None
    local = next(iter(_states(target)), None) or place or home
    if kind == "COERCE" and mode == "arrest" and not source and local:
        source = [Participant(local + "COP", "", "source")]
    elif kind == "COERCE" and mode in w.state_modes and not source and place:
        source = [Participant(place + "GOV", "", "source")]
    elif kind == "PROTEST" and mode in w.protest_modes and (place or home):
        country = place or home
        if not source:
            source = [Participant(f"{country}OPP", "", "source")]
        if not target:
            target = [Participant(f"{country}GOV", "", "target")]
    elif (
        kind in w.place_target_types
        and mode in w.place_target_types[kind]
        and not target
        and place
        and place not in _sides(source)
    ):
        target = [Participant(place, "", "target")]
    return source, target
