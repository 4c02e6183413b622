"""An event's date and place from its context, when its own clause gives none or only a
country: the sentence's, then the article's.

Method: the usual fallback chain of event coders that geolocate and date every record
(ACLED's "most specific location" rule, Phoenix/PETRARCH taking the story's dateline and
publication date when a sentence is silent). Place: the clause's place (from `event_roles`),
made finer by a city of that country tied to the same clause ("airstrikes on Yemen's capital,
Sanaa" -> Sanaa); else the most specific place of the sentence on the event's own clause chain
(its clause and the clauses that govern it, never a coordinate clause with a subject of its own
or a clause below another verb), else a city or site a further mention of the event names
in its own clause; else the article's dateline, else its focus place (a city or
region it names at least twice), when the focus lies in a country of the event's actors. Date:
a date of the sentence on the same clause chain, resolved against the publication date; else
the publication date itself with precision `reported`. Without a publication date nothing is
invented: relative dates stay unresolved and no `reported` date is given. `When.basis` says
where a date came from; story merging (newsledger.merge) trusts only the clause's own dates and
places from the event's sentence, since a dateline or a sentence's other date is shared by
unrelated events.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..geocode import places as place_index
from ..match import compatible_types
from ..model import Article, Event, Found, Mention, Place, Status, When
from ..timex import date_like, resolve, shift
from . import common
from .event_governors import fill_sources, fill_targets
from .event_roles import doc_entities
from .event_sides import complete as complete_sides

# finer places first
_RANK = {"site": 0, "city": 1, "region": 2, "country": 3}
_CLAUSE_DEPS = frozenset(
    {"ROOT", "ccomp", "advcl", "relcl", "conj", "xcomp", "parataxis", "acl", "csubj", "pcomp"}
)
_FOCUS_MIN_MENTIONS = 2
# how many sentences back an undated event looks for the day of the happening it goes on about
_CARRY_SENTENCES = 3
REPORTED = "reported"
# events whose target, when it is a place name used for its state ("struck Tehran"), is also
# where the event happened
_PHYSICAL_TARGET_TYPES = frozenset({"ASSAULT", "COERCE"})
_LABEL = "event_context@1"
_ATTACK_PREPS = frozenset({"on", "at", "against", "into", "upon"})
# a date after these bounds an interval or times another event: not the event's own date
_WEEKDAY_NAMES = frozenset(calendar.day_name)
# "last night", "this morning", "overnight" are TIME entities: they date the event too
_DATE_LABELS = frozenset({"DATE", "TIME"})
_BOUND_WORDS = frozenset({"since", "until", "till", "before", "after", "by", "through"})
# the direction of "N days ahead of / before / after" another event, from the day of the news
_OFFSET_SIGN = {"ahead": 1, "before": 1, "after": -1}


def contextualise(events: Sequence[Event], doc: Doc, article: Article, found: Found) -> list[Event]:
    """The events with a date and a place from their sentence or article where they lack one."""
    if not events:
        return list(events)
    dateline = _dateline_place(doc, found.places)
    focus = _focus_place(found.places)
    main_country = _main_country(found.places)
    places = _PlacesBySentence(found.places)
    metonyms = sorted((m.evidence.start, n, m) for n, m in enumerate(found.mentions)
                      if m.via == "metonym")  # fmt: skip
    dates: dict[tuple[str, bool], When | None] = {}
    out = []
    for ev in events:
        anchor = _anchor(doc, ev)
        if anchor is None:
            out.append(ev)
            continue
        chain = _clause_chain(anchor)
        place = ev.where
        if place is None or place.precision in ("country", "region"):
            finer = _sentence_place(anchor, chain, places.within(anchor.sent), place)
            place = finer or place
        if place is None:
            place = _mention_place(ev, doc, places)
        if place is None and ev.type.plover in _PHYSICAL_TARGET_TYPES:
            place = _target_place(ev, anchor, chain, article, metonyms)
        if place is None:
            place = _dateline_for(ev, dateline) or _focus_for(
                ev, focus, main_country)
        when = ev.when
        if when is None:
            when = _offset_date(anchor, article.published)
        if when is None:
            future = ev.status in (Status.PLANNED, Status.EXPECTED)
            when = _sentence_date(anchor, chain, article.published, future, dates)
        if when is None and article.published is not None:
            when = When(article.published, article.published, REPORTED, "", "publication")
        if place is not ev.where or when is not ev.when:
            ev = replace(ev, where=place, when=when)
        out.append(ev)
    filled = fill_targets(fill_sources(out, doc, found), doc, found)
    return complete_sides(_carry_dates(filled), found)


def _carry_dates(events: list[Event]) -> list[Event]:
    """An undated past event (standing at the publication date) takes the day of an event of
    a compatible type dated in one of the sentences just before it: the article goes on
    about the same happening ("Trump and Putin met on Friday ... The two leaders held
    discussions in a conference room")."""
    out: list[Event] = []
    for ev in events:
        if ev.when is not None and ev.when.basis == "publication" and not _ahead(ev):
            kinds = compatible_types(ev.type.plover)
            for prior in reversed(out):
                if ev.evidence.sentence - prior.evidence.sentence > _CARRY_SENTENCES:
                    break
                w = prior.when
                if (prior.type.plover in kinds and w is not None and not _ahead(prior)
                        and w.basis in ("clause", "sentence") and w.precision == "day"
                        and w.start is not None and w.start < ev.when.start):  # fmt: skip
                    ev = replace(ev, when=replace(w, basis="article"))
                    break
        out.append(ev)
    return out


def _ahead(ev: Event) -> bool:
    return ev.status in (Status.PLANNED, Status.EXPECTED)


def _anchor(doc: Doc, ev: Event) -> Token | None:
    span = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _clause_head(tok: Token) -> Token:
    while tok.dep_ not in _CLAUSE_DEPS or tok.pos_ not in ("VERB", "AUX"):
        if tok.head.i == tok.i:
            return tok
        tok = tok.head
    return tok


def _own_subject(tok: Token) -> bool:
    return any(c.dep_.startswith(("nsubj", "csubj", "expl")) for c in tok.children)


def _clause_chain(anchor: Token) -> list[int]:
    """The anchor's clause, the clauses that carry on its action, and the clauses that govern
    it (token indices of their heads), up to a coordinate clause with its own subject ("Israel
    struck Tehran and Iran fired drones": two chains)."""
    head = _clause_head(anchor)
    chain = [head.i, *_elaborations(head)]
    while head.head.i != head.i:
        if head.dep_ == "conj" and _own_subject(head):
            break
        head = _clause_head(head.head)
        chain.append(head.i)
    return chain


def _elaborations(head: Token) -> list[int]:
    """Clauses below `head` that go on with the same action and subject: a verb coordinated
    without a subject of its own ("attacked and sank a vessel in the Red Sea") or a participle
    ("launched an operation, striking targets in Sanaa")."""
    out = []
    for child in head.children:
        if child.pos_ != "VERB" or _own_subject(child):
            continue
        if child.dep_ == "conj" or (child.dep_ in ("advcl", "xcomp") and child.tag_ == "VBG"):
            out.append(child.i)
    return out


def _mention_place(ev: Event, doc: Doc, places: _PlacesBySentence) -> Place | None:
    """A city or site a further mention of the event names in its own clause ("U.S.-Russia
    negotiations" ... "held discussions ... in Anchorage"), the first that names one."""
    for m in ev.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        anchor = span.root
        chain = _clause_chain(anchor)[:1]
        place = _sentence_place(anchor, chain, places.within(anchor.sent), None)
        if place is not None and place.precision in ("city", "site"):
            return place
    return None


def _target_place(ev: Event, anchor: Token, chain: list[int], article: Article,
                  metonyms: list[tuple[int, int, Mention]]) -> Place | None:
    """Where an attack hit when what it hit is a place standing for its state ("airstrikes
    struck Tehran", "bombed Kyiv"): the target's mention, or a place-name mention that is the
    object of a verb on the event's clause chain (never its subject: "Tehran fired")."""
    sent = anchor.sent
    doc = anchor.doc
    index = place_index()
    candidates: list[tuple[int, str, str]] = []  # (start, text, actor id)
    for p in ev.target:
        at = sent.text.find(p.mention)
        if at >= 0:
            candidates.append((sent.start_char + at, p.mention, p.actor_id))
    lo = bisect.bisect_left(metonyms, (sent.start_char, -1))
    hi = bisect.bisect_left(metonyms, (sent.end_char, -1))
    for start, _, m in metonyms[lo:hi]:
        span = doc.char_span(start, m.evidence.end, alignment_mode="expand")
        if span is not None and _hit_by(span.root, anchor, chain):
            candidates.append((start, m.text, m.actor_id))
    for start, text, actor_id in candidates:
        hit = index.resolve(text)
        if hit is None or hit.country is None or hit.country != actor_id[:3]:
            continue
        return Place(hit.name, hit.country, hit.lat, hit.lon, hit.precision,
                     common.evidence(doc, article, start, start + len(text), _LABEL),
                     hit.gazetteer_id)  # fmt: skip
    return None


def _hit_by(tok: Token, anchor: Token, chain: list[int]) -> bool:
    """Whether `tok` is what the event's own verb or noun acts on: its object ("struck
    Tehran") or the object of "on", "at", "against" or "into" after it ("strikes on Sanaa")."""
    own = {anchor.i, chain[0]}
    if tok.dep_ == "dobj":
        return tok.head.i in own
    return (tok.dep_ == "pobj" and tok.head.lower_ in _ATTACK_PREPS
            and tok.head.head.i in own)  # fmt: skip


def _on_chain(tok: Token, chain: list[int]) -> bool:
    return _clause_head(tok).i in chain


def _sentence_place(
    anchor: Token, chain: list[int], places: Sequence[Place], current: Place | None
) -> Place | None:
    """The most specific place of the anchor's sentence on its clause chain, finer than
    `current` and in its country when there is one."""
    sent = anchor.sent
    doc = anchor.doc
    best: tuple[tuple[int, int, int], Place] | None = None
    floor = _RANK.get(current.precision, 3) if current is not None else 4
    for p in places:
        if not (sent.start_char <= p.evidence.start and p.evidence.end <= sent.end_char):
            continue
        rank = _RANK.get(p.precision, 2)
        if rank >= floor:
            continue
        if current is not None and current.country and p.country != current.country:
            continue
        span = doc.char_span(p.evidence.start, p.evidence.end, alignment_mode="expand")
        if span is None or not len(span) or not _on_chain(span.root, chain):
            continue
        # the clause's own places before those of the governing clauses, then the nearest
        depth = chain.index(_clause_head(span.root).i)
        key = (depth, rank, abs(span.root.i - anchor.i))
        if best is None or key < best[0]:
            best = (key, p)
    return best[1] if best else None


def _sentence_date(
    anchor: Token,
    chain: list[int],
    published: dt.date | None,
    future: bool,
    resolved: dict[tuple[str, bool], When | None],
) -> When | None:
    """A date of the sentence on the anchor's clause chain, nearest clause first; never a
    bound ("since 2019", "until the end of 2028") nor another event's date ("after ...");
    `resolved` keeps the dates already resolved for this article (by text and tense)."""
    sent: Span = anchor.sent
    found: list[tuple[tuple[int, int], When]] = []
    ents, starts = _entities(anchor.doc)
    for ent in ents[bisect.bisect_left(starts, sent.start) : bisect.bisect_left(starts, sent.end)]:
        if ent.label_ not in _DATE_LABELS or ent.start < sent.start or ent.end > sent.end:
            continue
        text = ent.text
        before = [t.lower_ for t in ent.doc[max(ent.start - 2, sent.start) : ent.start]]
        if before[-1:] == ["overnight"]:
            text = "overnight " + text  # "overnight Friday Saturday" (tagged "Friday Saturday")
        elif before[-2:-1] == ["overnight"] and before[-1].capitalize() in _WEEKDAY_NAMES:
            text = f"overnight {before[-1]} {text}"  # (tagged "Saturday")
        if not date_like(text) or not _on_chain(ent.root, chain) or _bound(ent):
            continue
        ahead = future or _will(_clause_head(ent.root))
        key = (text, ahead)
        if key not in resolved:
            resolved[key] = resolve(text, published, ahead)
        when = resolved[key]
        if when is not None:
            when = replace(when, basis="sentence")
            key = (chain.index(_clause_head(ent.root).i), abs(ent.root.i - anchor.i))
            found.append((key, when))
    return min(found, key=lambda kw: kw[0])[1] if found else None


def _offset_date(anchor: Token, published: dt.date | None) -> When | None:
    """The day of an event named as lying an exact distance from the news of the day ("The
    strikes come just two days ahead of a new round of negotiations": two days after the
    publication date; "comes a week after the talks": a week before it). Only a clause in the
    present tense ("comes", "come") speaks of the day of publication."""
    tok = anchor
    while (tok.dep_ == "pobj" and tok.head.lower_ == "of"
           and tok.head.head.pos_ == "NOUN"):  # fmt: skip
        tok = tok.head.head  # "a new round of negotiations": the round
    prep = tok.head
    if published is None or tok.dep_ != "pobj" or prep.dep_ not in ("prep", "advmod"):
        return None
    word = prep.lower_
    if word == "of" and prep.head.lower_ == "ahead":
        prep, word = prep.head, "ahead"
    if word not in _OFFSET_SIGN:
        return None
    amount = next((c for c in prep.children if c.dep_ == "npadvmod"), None)
    verb = prep.head
    if amount is None or verb.tag_ not in ("VBZ", "VBP"):
        return None
    span = shift(anchor.doc[amount.left_edge.i : amount.i + 1].text)
    if span is None:
        return None
    day = published + _OFFSET_SIGN[word] * span
    text = anchor.doc[amount.left_edge.i : prep.i + 1].text
    return When(day, day, "day", text, "clause")


def _bound(ent: Span) -> bool:
    """A date introduced by a word that makes it a bound or another event's time."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    prep = ent.root.head if ent.root.dep_ == "pobj" else before
    return prep is not None and prep.lower_ in _BOUND_WORDS


def _will(verb: Token) -> bool:
    """A clause in the future tense ("will come ... on Monday")."""
    return any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in verb.children)


_STARTS: list = [None, []]  # the last doc's entity list and their first tokens


def _entities(doc: Doc) -> tuple[list[Span], list[int]]:
    """The doc's entities in text order and their first tokens, for bisection."""
    ents = doc_entities(doc)[0]
    if _STARTS[0] is not ents:
        _STARTS[0], _STARTS[1] = ents, [e.start for e in ents]
    return ents, _STARTS[1]


class _PlacesBySentence:
    """The places within a sentence, in their original order, without a scan of the
    article's places per event (which made long articles quadratic)."""

    def __init__(self, places: Sequence[Place]) -> None:
        self.places = places
        self.by_start = sorted(range(len(places)), key=lambda n: places[n].evidence.start)
        self.starts = [places[n].evidence.start for n in self.by_start]

    def within(self, sent: Span) -> list[Place]:
        lo = bisect.bisect_left(self.starts, sent.start_char)
        hi = bisect.bisect_right(self.starts, sent.end_char)
        return [self.places[n] for n in sorted(self.by_start[lo:hi])]


def _dateline_place(doc: Doc, places: Sequence[Place]) -> Place | None:
    """The place of a wire dateline ("KYIV, Ukraine (AP) —"): upper case, opening a paragraph."""
    text = common.doc_text(doc)
    for p in places:
        name = p.evidence.text
        at_start = p.evidence.start == 0 or text[p.evidence.start - 1] == "\n"
        dashed = text[p.evidence.end : p.evidence.end + 3] in (" — ", " – ")
        if at_start and len(name) > 2 and (name.isupper() or dashed):
            return p  # "KYIV, Ukraine (AP) —", "Nairobi — The police said ..."
    return None


def _focus_place(places: Sequence[Place]) -> Place | None:
    """The city or region the article names most (at least twice), first named on a tie."""
    fine = [p for p in places if p.precision in ("city", "site", "region")]
    counts = Counter(p.name.lower() for p in fine)
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    if n < _FOCUS_MIN_MENTIONS or list(counts.values()).count(n) > 1:
        return None  # no single focus
    return next(p for p in fine if p.name.lower() == name)


def _main_country(places: Sequence[Place]) -> str | None:
    """The country the article's places lie in most often (None on a tie or without places)."""
    counts = Counter(p.country for p in places if p.country).most_common(2)
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def _dateline_for(ev: Event, dateline: Place | None) -> Place | None:
    """The dateline, where the reporter filed from, unless the event's actors all belong to
    other states ("KYIV —" over a Russian strike on Ukraine: yes; over talks between Israel
    and Lebanon: no). Without actors of any state, the dateline stands (a UN meeting)."""
    if dateline is None or not dateline.country:
        return dateline
    countries = _actor_countries(ev)
    return dateline if not countries or dateline.country in countries else None


def _actor_countries(ev: Event) -> set[str]:
    """The states the event's actors belong to (an IGO or a group without a state: none)."""
    states = place_index().country_hits
    return {p.actor_id[:3] for p in (*ev.source, *ev.target, *ev.others)
            if p.actor_id[:3] in states}  # fmt: skip


def _focus_for(ev: Event, focus: Place | None, main_country: str | None) -> Place | None:
    """The focus place, when the event's actors do not point elsewhere (an event without
    actors of any state takes it when it lies in the country the article is about)."""
    if focus is None or not focus.country:
        return None
    countries = _actor_countries(ev)
    if not countries:
        return focus if focus.country == main_country else None
    return focus if focus.country in countries else None
