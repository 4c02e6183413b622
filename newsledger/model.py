"""The records newsledger produces: the data contract users build on.

Every record is a frozen dataclass and carries its evidence (article id, sentence, character
span, the text, and the extractor with its version that made it). Records are plain values:
serialise them at the boundary with `to_dict`, never hang them on spaCy `Doc._` extensions.

Kinds of record and the stage that makes each:
    Article      ingest       one text with its metadata; id = hash of the normalised text
    Actor        actors       a canonical entity (state, government, military, person, ...)
    Mention      actors       one place in the text where an actor is named (surface form kept)
    Place        places       a geocoded place mention
    Attribution  attribution  who says so: the chain from the outlet to the original source
    Event        events       who did what to whom, where, when, and whether it happened
    Claim        attribution  an attributed statement that is not itself an event
    Marker       slant        a loaded or editorial span of the outlet's own voice
    SpeakerMarker slant       a loaded span in a speaker's own words (a quote, a reported
                              statement): the speaker's, kept apart from the outlet's markers
    Story        merge        events from several articles judged to be the same event, with
                              the `Member` events it keeps and where outlets differ
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any


class Status(enum.StrEnum):
    """Whether an event happened, as far as the text says."""

    OCCURRED = "occurred"
    ONGOING = "ongoing"
    PLANNED = "planned"
    EXPECTED = "expected"
    ALLEGED = "alleged"
    DENIED = "denied"
    NEGATED = "negated"
    HYPOTHETICAL = "hypothetical"


class Certainty(enum.StrEnum):
    """How firmly the record is put: in the outlet's voice, through a source, hedged, ..."""

    ASSERTED = "asserted"
    REPORTED = "reported"
    HEDGED = "hedged"
    ALLEGED = "alleged"
    DISPUTED = "disputed"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where in an article a record comes from: sentence index and character span."""

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    extractor: str  # "name@version", e.g. "actors@1"


@dataclass(frozen=True, slots=True)
class Article:
    """One news text with the metadata that ingest could find or was given."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None  # file path, feed URL or "-" for stdin
    external_id: str | None = None  # the id a JSONL input line carried
    language: str = "en"
    # the text as the user gave it, when normalising changed it (None: `text` is that text);
    # the records of an `Analysis` index it, the extractors read `text`
    original: str | None = None

    @property
    def input_text(self) -> str:
        """The text the offsets of an analysis's records index: the text as given."""
        return self.text if self.original is None else self.original


@dataclass(frozen=True, slots=True)
class Role:
    """A position a person held, for whom, and when (dates are ISO strings or None)."""

    title: str
    body: str  # actor id of the body the person acts for, e.g. "ISRGOV"
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical entity: CAMEO-style id where one exists, else a provisional id."""

    id: str
    name: str
    kind: str  # state, government, military, armed_group, party, igo, ngo, media, person, ...
    country: str | None = None  # ISO 3166 alpha-3
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    provisional: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    """One place where an actor is named, with the surface form the outlet used."""

    actor_id: str
    text: str
    evidence: Evidence
    via: str = "name"  # name, alias, loaded_alias, metonym, demonym, role, coref, provisional
    acts_for: str | None = None  # body actor id when a person is named in a role
    head: int | None = None  # token index of the mention's syntactic head in the doc


@dataclass(frozen=True, slots=True)
class Place:
    """A geocoded place mention."""

    name: str
    country: str | None  # ISO alpha-3
    lat: float | None
    lon: float | None
    precision: str  # country, region, city, site
    evidence: Evidence
    gazetteer_id: str | None = None  # e.g. "geonames:170654" or "contested:golan-heights"


@dataclass(frozen=True, slots=True)
class Source:
    """One link of an attribution chain."""

    name: str  # as written: "Axios", "an HTS official", or the outlet's name
    actor_id: str | None = None
    kind: str = "source"  # outlet, media, official, person, organisation, anonymous, group


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who says so: the chain from the outlet down to the original source."""

    chain: tuple[Source, ...]  # first link is the outlet itself
    cue: str | None = None  # reporting verb or phrase: "according to", "said", "quoting"
    quote: str | None = None  # a direct quote, if any
    own_voice: bool = True  # True when the outlet asserts it itself
    scope_start: int = 0  # character span of the text this attribution covers
    scope_end: int = 0
    evidence: Evidence | None = None
    # speech, belief (belief or intention), evaluation, document or other (a cue only the model
    # finds on a word the kinds lexicon does not list; issue 13): only speech and document
    # attributions make what they cover a report
    kind: str = "speech"
    # the source as written, with its span: a pronoun keeps "he" here while the chain's last
    # link names the speaker it resolves to (-1: no source span in the text)
    source_text: str | None = None
    source_start: int = -1
    source_end: int = -1


@dataclass(frozen=True, slots=True)
class EventType:
    """The event coded in PLOVER (with mode), CAMEO and, for political violence, ACLED."""

    plover: str
    mode: str | None = None
    cameo: str | None = None
    acled_type: str | None = None
    acled_subtype: str | None = None


@dataclass(frozen=True, slots=True)
class Participant:
    """An actor taking part in an event, with the mention as written and its role."""

    actor_id: str
    mention: str
    role: str  # source, target, mediator, host, victim, location_owner, ...


# a When's precision, and "none" for an event without a date (the filters offer all six)
DATE_PRECISIONS = ("day", "month", "year", "interval", "reported", "none")


@dataclass(frozen=True, slots=True)
class When:
    """A date or interval resolved against the publication date, with its precision."""

    start: dt.date | None
    end: dt.date | None
    precision: str  # day, month, year, interval, reported (the publication date stands in)
    text: str  # the words it was resolved from
    # where the date comes from: the event's clause, elsewhere in its sentence, or the
    # publication date (precision "reported")
    basis: str = "clause"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count said about an event, with its hedge ("at least", "nearly", "hundreds of")."""

    value: float
    unit: str  # the counted noun: "airstrikes", "people", "posts"
    text: str
    hedge: str | None = None
    kind: str = "count"  # count, fatalities, injured, displaced, ...
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened or is said to be planned, with who says so."""

    id: str
    type: EventType
    trigger: str
    evidence: Evidence
    source: tuple[Participant, ...] = ()
    target: tuple[Participant, ...] = ()
    others: tuple[Participant, ...] = ()
    where: Place | None = None
    when: When | None = None
    status: Status = Status.OCCURRED
    certainty: Certainty = Certainty.ASSERTED
    attribution: Attribution | None = None
    quantities: tuple[Quantity, ...] = ()
    negated: bool = False
    # calibrated probability that the record's type is right (None when no model ran);
    # how it is built and how well it is calibrated: trained/event_type/CARD.md
    confidence: float | None = None
    # further mentions of the same event in the article ("the strike", a toll, a quote that
    # retells it), in text order; `evidence` is the record's first or richest mention
    mentions: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement attributed to a speaker that is not itself an event."""

    id: str
    speaker: str  # as written
    speaker_actor_id: str | None
    cue: str
    content: Evidence
    quoted: bool
    kind: str = "statement"  # assessment, accusation, justification, denial, statement, ...
    attribution: Attribution | None = None
    certainty: Certainty = Certainty.REPORTED


@dataclass(frozen=True, slots=True)
class Marker:
    """A loaded or editorial span of the outlet's own voice."""

    category: str  # delegitimising_name, pejorative_label, scare_term, loaded_verb, ...
    evidence: Evidence
    neutral: str | None = None  # a neutral wording
    target_actor_id: str | None = None
    lexicon: str | None = None  # which word list flagged it
    confidence: float | None = None  # the loaded-language model's, when it proposed the span


@dataclass(frozen=True, slots=True)
class SpeakerMarker:
    """A loaded span in a speaker's own words: the speaker's choice, not the outlet's."""

    speaker: str  # as the text names them; "unnamed speaker" for a quote nobody is named for
    category: str
    evidence: Evidence
    neutral: str | None = None
    target_actor_id: str | None = None
    lexicon: str | None = None
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not become an article, with a short reason code."""

    source: str
    reason: str  # empty, binary, encoding, too_large, not_english, too_short, no_article, ...
    detail: str


@dataclass(slots=True)
class Found:
    """What the extractors have found so far in one article; each stage appends to it."""

    actors: list[Actor] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    speaker_markers: list[SpeakerMarker] = field(default_factory=list)

    def add(self, records: list[Any]) -> None:
        """File each record under its kind."""
        for record in records:
            getattr(self, _LIST_FOR[type(record)]).append(record)


_LIST_FOR: dict[type, str] = {
    Actor: "actors",
    Mention: "mentions",
    Place: "places",
    Attribution: "attributions",
    Event: "events",
    Claim: "claims",
    Marker: "markers",
    SpeakerMarker: "speaker_markers",
}


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything extracted from one article."""

    article: Article
    actors: tuple[Actor, ...] = ()
    mentions: tuple[Mention, ...] = ()
    places: tuple[Place, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    markers: tuple[Marker, ...] = ()
    speaker_markers: tuple[SpeakerMarker, ...] = ()
    rejections: tuple[str, ...] = ()  # "extractor: reason" when run with keep-going

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `newsledger analyze --format json`."""
        art = self.article
        return {
            "id": art.external_id or art.id,
            "article": to_dict(art, drop=("text", "original")),
            "actors": [_actor_with_mentions(a, self.mentions) for a in self.actors],
            "events": [to_dict(e) for e in self.events],
            "claims": [to_dict(c) for c in self.claims],
            "markers": [to_dict(m) for m in self.markers],
            "speaker_markers": [to_dict(m) for m in self.speaker_markers],
            "places": [to_dict(p) for p in self.places],
            "attributions": [to_dict(a) for a in self.attributions],
        }


@dataclass(frozen=True, slots=True)
class Where:
    """The place of a member event, without its evidence."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str = "city"
    gazetteer_id: str | None = None


@dataclass(frozen=True, slots=True)
class Member:
    """What a story keeps of one member event: enough to re-merge and to compare outlets."""

    event_id: str
    article_id: str
    outlet: str | None
    published: dt.date | None
    type: EventType
    actors: tuple[str, ...]  # actor ids: sources, targets, others
    naming: tuple[tuple[str, str], ...]  # (actor id, the words the outlet used)
    where: Where | None
    start: dt.date | None
    end: dt.date | None
    precision: str  # day, week, month, year, interval, unknown
    status: str
    quantities: tuple[tuple[str, str], ...]  # (kind, text as written)
    attribution: str  # "own voice" or the chain: "outlet → Axios"
    trigger: str = ""
    # other outlets that carried the same text (syndicated copies): they count for the story
    copies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Difference:
    """Where outlets disagree about a story: the field, its subject, and each outlet's value."""

    field: str  # status, type, quantity, attribution, naming
    subject: str | None  # the quantity kind or the actor id; None for whole-event fields
    values: tuple[tuple[str, str], ...]  # (outlet, value)


@dataclass(frozen=True, slots=True)
class Story:
    """Events from several articles judged to be the same event, with the merged record."""

    id: str
    type: EventType
    actors: tuple[str, ...]
    where: Where | None
    start: dt.date | None
    end: dt.date | None
    status: Status
    events: tuple[str, ...]
    articles: tuple[str, ...]
    outlets: tuple[str, ...]
    differences: tuple[Difference, ...] = ()
    members: tuple[Member, ...] = field(default=(), repr=False)

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)


def _actor_with_mentions(actor: Actor, mentions: tuple[Mention, ...]) -> dict[str, Any]:
    out = to_dict(actor)
    out["mentions"] = [to_dict(m) for m in mentions if m.actor_id == actor.id]
    return out


def to_dict(record: Any, drop: tuple[str, ...] = ()) -> Any:
    """Serialise a record (recursively) to JSON-ready values."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {
            f.name: to_dict(getattr(record, f.name))
            for f in dataclasses.fields(record)
            if f.name not in drop
        }
    if isinstance(record, enum.Enum):
        return record.value
    if isinstance(record, dt.date):
        return record.isoformat()
    if isinstance(record, list | tuple):
        return [to_dict(r) for r in record]
    if isinstance(record, dict):
        return {k: to_dict(v) for k, v in record.items()}
    return record


def from_dict(cls: Any, data: Any) -> Any:
    """Rebuild a record of type `cls` from its `to_dict` form (the inverse of `to_dict`)."""
    import types
    import typing

    if data is None:
        return None
    origin = typing.get_origin(cls)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(cls) if a is not type(None)]
        return from_dict(options[0], data) if len(options) == 1 else data
    if origin is tuple:
        (item, *_rest) = typing.get_args(cls)
        return tuple(from_dict(item, x) for x in data)
    if dataclasses.is_dataclass(cls):
        hints = _hints(cls)
        return cls(**{f.name: from_dict(hints[f.name], data[f.name])
                      for f in dataclasses.fields(cls) if f.name in data})
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        return cls(data)
    if cls is dt.date and isinstance(data, str):
        return dt.date.fromisoformat(data)
    return data


def _hints(cls: type) -> dict[str, Any]:
    import typing

    cached = _HINTS.get(cls)
    if cached is None:
        cached = _HINTS[cls] = typing.get_type_hints(cls)
    return cached


_HINTS: dict[type, dict[str, Any]] = {}


def analysis_from_dict(data: dict[str, Any], text: str,
                       original: str | None = None) -> Analysis:
    """Rebuild an `Analysis` from `Analysis.to_dict()`, the article's normalised text and the
    text as given (when it differs: the records' offsets index it)."""
    fields = {k: v for k, v in data["article"].items() if k not in ("text", "original")}
    article = from_dict(Article, {**fields, "text": text, "original": original})
    actors, mentions = [], []
    for actor in data.get("actors", []):
        mentions.extend(from_dict(Mention, m) for m in actor.get("mentions", []))
        actors.append(from_dict(Actor, {k: v for k, v in actor.items() if k != "mentions"}))
    return Analysis(
        article=article,
        actors=tuple(actors),
        mentions=tuple(sorted(mentions, key=lambda m: m.evidence.start)),
        places=tuple(from_dict(Place, p) for p in data.get("places", [])),
        attributions=tuple(from_dict(Attribution, a) for a in data.get("attributions", [])),
        events=tuple(from_dict(Event, e) for e in data.get("events", [])),
        claims=tuple(from_dict(Claim, c) for c in data.get("claims", [])),
        markers=tuple(from_dict(Marker, m) for m in data.get("markers", [])),
        speaker_markers=tuple(from_dict(SpeakerMarker, m)
                              for m in data.get("speaker_markers", [])),
    )
