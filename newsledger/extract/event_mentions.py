"""One event, one record: casualty clauses and repeated mentions of an event in one article
join the record of the event they belong to.

Method: within-document event coreference in the spirit of the ECB+/ACE event-coreference
baselines (same event type, compatible arguments, a referring expression or an argument-less
mention), on the rule coder's records. Two passes:

1. `absorb_casualties` (kept from events@3): a toll with no agent of its own ("nine civilians
   were killed") right after an attack, or a second act of violence by the same attacker on the
   same target in one sentence, is that attack's toll; its counts join the attack.
2. `merge_mentions`: a later record of the same PLOVER type is a further mention of an earlier
   one when their participants, place and date do not conflict and it is tied to it: in the
   same sentence ("launched an attack ... carried out strikes"); a toll with no agent ("another
   nine were wounded"); a definite or possessive event noun ("the strikes", "its missile
   strike", "his meeting with the Russian leader"; a day's possessive, "Sunday's attack",
   dates another); for acts that are retold (attacks, crackdowns, meetings, deployments,
   protests; `retold_types` in data/events/cues.yaml) a shared target, parties (the same
   unresolved ones too: "U.S.-Russia negotiations") or place, or the same source with no
   target or place of its own ("an Indian military attack"; a place the earlier record names
   too is none of its own); a mention that names no side, target, place or day of its own
   ("nine sites have been targeted") joins the latest such record only when every possible
   host is the same side's (after Israel's strikes and Iran's drones, "explosions were heard"
   stays apart); for statements and pledges only a bare repetition with no side, target or
   place. Not after "also" or "later" ("It also bombed ..."), never an abduction or arrest
   into another act, never a negated or denied mention into one that happened (nor a real
   toll into a denied attack). Its evidence joins the earlier record's `mentions`; its source
   and target fill the earlier record's when it has none, and its place only from the same
   sentence (story merging trusts a place only from the record's own sentence). A mention is
   compared with the latest 48 records of its kind, so the pass stays linear in a long text.

Both passes run before the article's context fills dates and places, so only the clause's own
place and date can keep two mentions apart (ACLED codes one event per actor, place and day;
the realnews-dev guidelines: strikes on distinct targets or places are separate events).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from ..model import Event, Participant, Place, Status
from . import common
from .event_lexicon import lexicon

_CASUALTY_WORDS = frozenset(
    {"killed", "killing", "kill", "kills", "wounded", "wounding", "injured", "injuring", "died",
     "dead", "martyred"}
)  # fmt: skip
_CASUALTY_WINDOW = 2  # sentences after the attack that can still report its toll
_NOT_REAL = frozenset({Status.NEGATED, Status.DENIED})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_DATES = frozenset({"DATE", "TIME"})
# types whose two sides are interchangeable (a meeting of A with B is one of B with A)
_SYMMETRIC = frozenset({"CONSULT", "COOPERATE"})
_FINE_PLACES = frozenset({"city", "site"})
# CAMEO acts that stay apart from the attack or crackdown they happen in: abduction, arrest
_DISTINCT_CAMEO = ("181", "173")
_PHONE_CALL = "041"


def absorb_casualties(events: list[Event]) -> list[Event]:
    """One attack, one record. A toll with no agent of its own ("nine civilians were
    killed", "at least 20 people were injured") right after an attack is that attack's toll;
    and in one sentence, a second act of violence by the same attacker (or by no one named)
    on the same target, or a toll ("struck Sanaa, killing 18 civilians", "the airstrikes
    killed civilians by hitting targets"), is the same attack told twice. Their counts join
    the attack (ACLED and CASE code one event with its fatalities) and their evidence its
    mentions; an attack on another target or by another attacker stays apart."""
    out: list[Event] = []
    for ev in events:
        host = _host_attack(ev, out) if ev.type.plover == "ASSAULT" else None
        if host is None:
            out.append(ev)
            continue
        out[out.index(host)] = _join(host, ev, fill=False)
    return out


def _is_toll(ev: Event) -> bool:
    return set(ev.trigger.lower().split()) <= _CASUALTY_WORDS


def _host_attack(ev: Event, earlier: list[Event]) -> Event | None:
    """The earlier attack `ev` only retells or counts the toll of, if any."""
    toll = _is_toll(ev)
    sources = {p.actor_id for p in ev.source}
    for prev in reversed(earlier):
        if prev.type.plover != "ASSAULT" or _distinct_act(prev) != _distinct_act(ev):
            continue
        if (prev.status in _NOT_REAL) != (ev.status in _NOT_REAL):
            continue  # "denied targeting civilians ... the strike killed 34": the strike's toll
        if _other_days(prev, ev):
            continue  # "struck on Wednesday ... last month's attack": another attack
        if ev.evidence.sentence > prev.evidence.sentence and not _places_agree(
            prev.where, ev.where
        ):
            continue  # "ambushed a convoy near Kayes ... In Burkina Faso, militants killed 50"
        gap = ev.evidence.sentence - prev.evidence.sentence
        # a retelling needs a named attacker to retell ("Explosions ... Iran launched drones"
        # are two records until the first says whose)
        if gap == 0 and (toll or prev.source) and sources <= {p.actor_id for p in prev.source}:
            targets = {p.actor_id for p in ev.target}
            if (
                toll
                or not targets
                or not prev.target
                or targets <= {p.actor_id for p in prev.target}
            ):
                return prev
        if toll and not sources and not _is_toll(prev) and 0 <= gap <= _CASUALTY_WINDOW:
            return prev
        if gap > _CASUALTY_WINDOW:
            break
    return None


def merge_mentions(events: list[Event], doc: Doc) -> list[Event]:
    """The records with each further mention of an event folded into its first record."""
    out: list[Event] = []
    # positions in `out` by what `_same_event` first requires to be equal (type, and real or
    # not), so a record is compared only with its possible hosts, latest first; a join keeps
    # the host's type and status, so a position never changes group
    by_kind: dict[tuple[str, bool], list[int]] = {}
    for ev in events:
        kind = (ev.type.plover, ev.status in _NOT_REAL)
        places = by_kind.setdefault(kind, [])
        at = _host(out, places, ev, doc)
        if at is None:
            places.append(len(out))
            out.append(ev)
            continue
        host = out[at]
        if ev.evidence.sentence == host.evidence.sentence and _richness(ev) > _richness(host):
            out[at] = _join(ev, host, fill=True)  # "killed in an Israeli airstrike": the strike
        else:
            out[at] = _join(host, ev, fill=True)
    return out


def _host(out: list[Event], places: list[int], ev: Event, doc: Doc) -> int | None:
    """The position of the record `ev` retells, latest first; a mention tied to it only by
    having nothing of its own joins it only when every possible host is the same side's
    ("Explosions were heard" after Israel's strikes and Iran's drones stays apart)."""
    weak: int | None = None
    heads = _trigger_nouns(ev, doc)
    for i in reversed(places[-_HOST_WINDOW:]):
        level = _same_event(out[i], ev, heads)
        if level == _STRONG and weak is None:
            return i
        if level == _WEAK and weak is None:
            if _known(ev.source):
                return i
            weak = i
        elif level and weak is not None:
            if _sides(out[i].source) != _sides(out[weak].source):
                return None
    return weak


_NO, _WEAK, _STRONG = 0, 1, 2
# the latest records of a kind that a mention is compared with: the merge stays linear in a
# long text; a mention names again an event of the last few dozen of its kind, not older
_HOST_WINDOW = 48


def _same_event(a: Event, b: Event, heads: list[Token]) -> int:
    """Is the later record `b` a further mention of the earlier record `a`: no, or by a weak
    tie (nothing of its own tells it apart), or a strong one?"""
    if a.type.plover != b.type.plover or (a.status in _NOT_REAL) != (b.status in _NOT_REAL):
        return _NO
    if not _compatible(a, b):
        return _NO
    if _distinct_act(a) != _distinct_act(b):
        return _NO  # "attacked the ship while kidnapping its crew": two acts
    if _call_and_meeting(a, b):
        return _NO  # "had a call with Zelensky, while NATO states acknowledged the summit"
    if a.evidence.sentence == b.evidence.sentence:
        # "struck nine sites on Wednesday ... militants who planned last month's attack"
        return _NO if _other_days(a, b) else _STRONG
    # "It also bombed all land crossings"; an act, not a statement, "later" too ("rebels later
    # captured the town"; "who subsequently refused" retells a refusal)
    another = _ANOTHER if a.type.plover.lower() in lexicon().cues["retold_types"] else _ALSO
    if any(c.lower_ in another for t in heads for c in t.children) or _also(heads, another):
        return _NO
    if a.type.plover == "ASSAULT" and _is_toll(b) and not _known(b.source):
        # "another nine were wounded"; far from the attack, a toll that names its own place
        # ("two people were killed in Odesa") may be another's
        near = b.evidence.sentence - a.evidence.sentence <= _CASUALTY_WINDOW
        return _STRONG if near or b.where is None or _fine_place_shared(a.where, b.where) else _NO
    if any(_refers_back(t, a) for t in heads if t.pos_ == "NOUN"):
        return _STRONG  # "the strikes", "its missile strike", "his meeting with the leader"
    if a.type.plover.lower() not in lexicon().cues["retold_types"]:
        # a statement or pledge is retold only when barely named again ("a ceasefire"), no
        # side, target or place of its own: the same side's next statement is usually another;
        # or, close by, by the same side to the very same addressees ("urged residents of Goma
        # to stay put ... 'We urge all residents of Goma to remain calm'")
        if _restated(a, b):
            return _STRONG
        return _NO if _known(b.source) or b.target or b.where else _STRONG
    # otherwise a shared target or place ties two mentions (an actor strikes many times)
    same_side = bool(_sides(a.source) & _sides(b.source))
    if not same_side and _known(b.source):
        return _NO
    if _ties(a, b) or _fine_place_shared(a.where, b.where):
        return _STRONG
    # the same source, or none named, with nothing of its own to tell it apart ("an Indian
    # military attack", "hitting infrastructure in Pakistan" after "strikes in Pakistan",
    # "nine sites have been targeted"); with no side named, no day of its own either
    own = bool(b.target) or _own_place(a.where, b.where)
    if same_side:
        return _NO if own else _STRONG
    return _NO if own or _own_day(a, b) else _WEAK


def _own_place(a: Place | None, b: Place | None) -> bool:
    """Does `b` name a place that `a` does not (the same name at any precision is none)?"""
    return b is not None and (a is None or a.name.lower() != b.name.lower())


def _other_days(a: Event, b: Event) -> bool:
    """Do the two records carry dates of their own that cannot meet?"""
    wa, wb = a.when, b.when
    if wa is None or wb is None or None in (wa.start, wa.end, wb.start, wb.end):
        return False
    return wa.end < wb.start or wb.end < wa.start


def _own_day(a: Event, b: Event) -> bool:
    """Does `b` carry a date that `a` lacks or that differs ("Sunday's attack")?"""
    if b.when is None:
        return False
    return a.when is None or (a.when.start, a.when.end) != (b.when.start, b.when.end)


_RESTATED_WINDOW = 3  # sentences within which the same side's same demand is one statement


def _restated(a: Event, b: Event) -> bool:
    """The same side's same act to the same named addressees, a few sentences on."""
    if b.evidence.sentence - a.evidence.sentence > _RESTATED_WINDOW:
        return False
    ta, tb = {p.actor_id for p in a.target}, {p.actor_id for p in b.target}
    return bool(ta) and ta == tb and bool(_countries(a.source) & _countries(b.source))


def _distinct_act(ev: Event) -> bool:
    """An abduction or arrest (by its CAMEO code or, once retyped, its trigger word)."""
    words = lexicon().cues["distinct_acts"]
    return (ev.type.cameo or "").startswith(_DISTINCT_CAMEO) or any(
        w in words for w in ev.trigger.lower().split()
    )


def _trigger_nouns(ev: Event, doc: Doc) -> list[Token]:
    span = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
    return list(span) if span is not None else []


# adverbs that make a further act of the kind another event, not a retelling
_ALSO = frozenset({"also"})
_ANOTHER = _ALSO | frozenset({"later", "then", "subsequently", "afterwards", "again"})


def _also(heads: list[Token], words: frozenset[str] = _ALSO) -> bool:
    """Does the trigger's clause say "also" or "later" ("American-British aggression also
    hit", "rebels later captured the town")?"""
    for t in heads:
        verb = t if t.pos_ in ("VERB", "AUX") else t.head
        if any(c.lower_ in words and c.dep_ == "advmod" for c in verb.children):
            return True
    return False


def _ties(a: Event, b: Event) -> bool:
    """Do the two records name the same target (or, for a meeting, the same parties)?"""
    if a.type.plover in _SYMMETRIC:
        ca, cb = _countries((*a.source, *a.target)), _countries((*b.source, *b.target))
        if len(ca) > 1 and ca == cb:
            return True
        # the same parties named alike, resolved or not ("U.S.-Russia negotiations")
        ia, ib = ({p.actor_id for p in (*e.source, *e.target)} for e in (a, b))
        return bool(ia) and ia == ib
    if _countries(a.target) & _countries(b.target) and a.type.cameo == b.type.cameo:
        return True  # the same act on the same country; another act (shelling after a
        # shoot-down) needs the very same target
    return bool({p.actor_id for p in a.target} & {p.actor_id for p in b.target})


def _fine_place_shared(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None or a.precision not in _FINE_PLACES:
        return False
    return b.precision in _FINE_PLACES and _places_agree(a, b)


def _compatible(a: Event, b: Event) -> bool:
    """Do the two records' participants, place and date leave room for one event?"""
    if a.type.plover in _SYMMETRIC:
        if not _sides_agree((*a.source, *a.target), (*b.source, *b.target)):
            return False
    elif not (_sides_agree(a.source, b.source) and _sides_agree(a.target, b.target)):
        return False
    if not _places_agree(a.where, b.where):
        return False
    if a.when is not None and b.when is not None and a.when.precision == b.when.precision == "day":
        if a.when.start and b.when.start and a.when.end and b.when.end:
            if a.when.end < b.when.start or b.when.end < a.when.start:
                return False
    return True


def _sides_agree(a: tuple[Participant, ...], b: tuple[Participant, ...]) -> bool:
    """Known actors must share a country; unresolved ones (PROV:) must share a name when
    neither side names a known actor ("settlements" and "a residence" are two targets)."""
    ka, kb = _countries(a), _countries(b)
    if ka and kb:
        return bool(ka & kb)
    if ka or kb:
        return True
    pa = {p.actor_id for p in a}
    pb = {p.actor_id for p in b}
    return not (pa and pb) or bool(pa & pb)


def _places_agree(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.precision != "country" and b.precision != "country":
        x, y = a.name.lower(), b.name.lower()
        return x in y or y in x
    return True


def _known(parts: tuple[Participant, ...]) -> bool:
    return any(not p.actor_id.startswith("PROV:") for p in parts)


def _countries(parts: tuple[Participant, ...]) -> set[str]:
    """Country codes of the known actors (an IGO stands for itself)."""
    out = set()
    for p in parts:
        code = p.actor_id
        if code.startswith("PROV:"):
            continue
        out.add(code if code.startswith("IGO") else code[:3])
    return out


def _sides(parts: tuple[Participant, ...]) -> set[str]:
    """The sides of the known actors (`common.side_of`: a state and its organs are one, a
    non-state group of that country another)."""
    return {side for p in parts if (side := common.side_of(p.actor_id)) is not None}


def _call_and_meeting(a: Event, b: Event) -> bool:
    """Is one record a phone call and the other a meeting named as one ("summit", "talks")?"""
    for call, other in ((a, b), (b, a)):
        if call.type.cameo == _PHONE_CALL and other.type.cameo != _PHONE_CALL:
            if lexicon().cues["meeting_nouns"] & set(other.trigger.lower().split()):
                return True
    return False


def _refers_back(noun, host: Event) -> bool:
    """A definite or possessive event noun that can name `host` again: a general one ("the
    attack", "the talks") or the host's own trigger word ("the invasion" after "invasion")."""
    # a day's possessive dates an event, it does not point back ("Sunday's attack")
    if not any((c.dep_ == "poss" and c.ent_type_ not in _DATES)
               or (c.dep_ == "det" and c.lower_ in _DEFINITE)
               for c in noun.children):  # fmt: skip
        return False
    words = {noun.lower_, noun.lemma_.lower()}
    if host.type.cameo == _PHONE_CALL and not words & lexicon().cues["call_nouns"]:
        return False  # "the summit", "the negotiations" name no phone call made in between
    if words & lexicon().cues["anaphoric_event_nouns"]:
        return True
    return bool(words & set(host.trigger.lower().split()))


def _richness(ev: Event) -> tuple[bool, bool, bool]:
    return (bool(ev.source), not _is_toll(ev), bool(ev.target))


def _join(host: Event, other: Event, fill: bool) -> Event:
    """`host` with `other`'s counts, evidence and (when `fill`) the actors it lacks."""
    kinds = {q.kind for q in host.quantities}
    extra = tuple(q for q in other.quantities if q.kind not in kinds)
    changes: dict = {
        "mentions": tuple(
            sorted((*host.mentions, other.evidence, *other.mentions), key=lambda e: e.start)
        ),
        "quantities": host.quantities + extra,
    }
    if host.where is None and other.where and other.evidence.sentence == host.evidence.sentence:
        changes["where"] = other.where  # the clause's own place ("striking targets in Sanaa")
    if fill:
        if not host.source and other.source:
            changes["source"] = tuple(replace(p, role="source") for p in other.source)
        if not host.target and other.target:
            changes["target"] = other.target
    return replace(host, **changes)


__all__ = ["absorb_casualties", "merge_mentions"]
