"""event_sides: vague sides grounded, means dropped, lone sides completed from context."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsledger.extract.event_sides import complete
from newsledger.model import (
    Attribution,
    Event,
    EventType,
    Evidence,
    Found,
    Mention,
    Participant,
    Place,
    Source,
)

_EV = Evidence("a", 0, 0, 1, "x", "test@1")


def _place(name: str, country: str | None) -> Place:
    return Place(name, country, None, None, "city", _EV)


def _event(kind: str, source=(), target=(), where=None, mode=None) -> Event:
    return Event(
        id="e",
        type=EventType(kind, mode),
        trigger="x",
        evidence=_EV,
        source=tuple(Participant(a, m, "source") for a, m in source),
        target=tuple(Participant(a, m, "target") for a, m in target),
        where=where,
    )


def _ids(parts) -> list[str]:
    return [p.actor_id for p in parts]


# the article's places: two in Kenya (its home country)
_KENYA = Found(places=[_place("Nairobi", "KEN"), _place("Embu", "KEN")])


@pytest.mark.parametrize(
    ("event", "source", "target"),
    [
        # sector agents take the state where the event happened, else the home country
        (
            _event(
                "ASSAULT",
                [("PROV:police", "the police")],
                [("PROV:protesters", "protesters")],
                _place("Tbilisi", "GEO"),
            ),
            ["GEOCOP"],
            ["GEOOPP"],
        ),
        (
            _event(
                "ACCUSE",
                [("PROV:civil-rights-groups", "civil rights groups")],
                [("KENCOP", "the police")],
            ),
            ["KENNGO"],
            ["KENCOP"],
        ),
        (
            _event(
                "ASSAULT",
                [("ISR", "Israel")],
                [("PROV:people", "At least 60 people")],
                _place("Tehran", "IRN"),
            ),
            ["ISR"],
            ["IRNCVL"],
        ),
        # a means is no target; a thing hit stands for the state it lies in
        (
            _event("ASSAULT", [("KENCOP", "police")], [("PROV:lethal-force", "lethal force")]),
            ["KENCOP"],
            [],
        ),
        (
            _event(
                "ASSAULT",
                [("ISRMIL", "the Israeli Air Force")],
                [("PROV:missile-production-plant", "a missile production plant")],
                _place("Shiraz", "IRN"),
            ),
            ["ISRMIL"],
            ["IRN"],
        ),
        # an organ of a state is grounded only when the phrase says whose, never on the
        # other side ("government forces" in a report about Kenya)
        (
            _event(
                "ASSAULT", [("PROV:government-forces", "government forces")], [("SOM", "Somalia")]
            ),
            ["KENMIL"],
            ["SOM"],
        ),
        (
            _event(
                "ASSAULT", [("PROV:government-forces", "government forces")], [("KEN", "Kenya")]
            ),
            ["PROV:government-forces"],
            ["KEN"],
        ),
        (
            _event("MOBILIZE", [("PROV:forces", "The forces")], [], _place("Tyre", "LBN")),
            ["PROV:forces"],
            [],
        ),
        # an attack in another state targets it
        (_event("ASSAULT", [("PAK", "Pakistan")], [], _place("Jammu", "IND")), ["PAK"], ["IND"]),
        # arrests are the local police's; demonstrations are against the local government
        (
            _event(
                "COERCE",
                [],
                [("PROV:people", "224 people")],
                _place("Tbilisi", "GEO"),
                mode="arrest",
            ),
            ["GEOCOP"],
            ["GEOCVL"],
        ),
        (_event("PROTEST", [], [], _place("Belgrade", "SRB")), ["SRBOPP"], ["SRBGOV"]),
        # a vague side a quote calls its own is the quoted speaker's (see test_first_person)
        # talks between sides named together are a dyad; one side's bodies stay together
        (_event("CONSULT", [("USA", "U.S.–Russia"), ("RUS", "U.S.–Russia")]), ["USA"], ["RUS"]),
        (
            _event("AGREE", [("ISRGOV", "Israel's cabinet"), ("ISR", "Israel")]),
            ["ISRGOV", "ISR"],
            [],
        ),
        (_event("ASSAULT", [("USA", "US"), ("GBR", "British")]), ["USA", "GBR"], []),
        # sides named one by one stay co-sources ("Israel and Syria met")
        (_event("CONSULT", [("ISR", "Israel"), ("SYR", "Syria")]), ["ISR", "SYR"], []),
        (
            replace(
                _event("SUPPORT", [("ISR", "both sides"), ("LBNHEZ", "both sides")]),
                type=EventType("SUPPORT", None, "057"),
            ),
            ["ISR"],
            ["LBNHEZ"],
        ),
        # nothing to do: named or complete sides, a lone side of a friendly act, a name
        (_event("CONSULT", [("USA", "the US")], []), ["USA"], []),
        (_event("ASSAULT", [("PROV:eternity-c", "the Eternity C")], []), ["PROV:eternity-c"], []),
        (_event("SUPPORT", [("PROV:goma", "Goma")], [("ISR", "Israel")]), ["PROV:goma"], ["ISR"]),
        (_event("ASSAULT", [("KEN", "Kenya")], [], _place("Nairobi", "KEN")), ["KEN"], []),
        # a ban "in Russia" is Russia's own, not an act against it
        (
            _event("COERCE", [], [], _place("Moscow", "RUS"), mode="ban"),
            ["RUSGOV"],
            [],
        ),
        (
            _event("COERCE", [("TUR", "Turkey")], [], _place("Moscow", "RUS"), mode="ban"),
            ["TUR"],
            [],
        ),
    ],
)
def test_complete(event: Event, source: list[str], target: list[str]) -> None:
    out = complete([event], _KENYA)[0]
    assert (_ids(out.source), _ids(out.target)) == (source, target)


def test_dyad_fills_the_other_side() -> None:
    """A hostile act with one side takes the state most often opposite it in the article."""
    events = [
        _event("ASSAULT", [("IND", "India")], [("PAK", "Pakistan")]),
        _event("ACCUSE", [("PAK", "Pakistan")], [("IND", "India")]),
        _event("ASSAULT", [("PAK", "Pakistan")], []),  # "launched a counteroffensive"
        _event("ASSAULT", [], [("INDMIL", "two Indian jets")]),  # "downs two Indian jets"
        _event("CONSULT", [("PAK", "Pakistan")], []),  # talks: between the sides
        _event("CONSULT", [], [("PAK", "Pakistan")]),  # but no source is guessed for talks
        _event("SUPPORT", [("PAK", "Pakistan")], []),  # aid: left alone
    ]
    out = complete(events, Found())
    assert [(_ids(e.source), _ids(e.target)) for e in out[2:]] == [
        (["PAK"], ["IND"]),
        (["PAK"], ["INDMIL"]),
        (["PAK"], ["IND"]),
        ([], ["PAK"]),
        (["PAK"], []),
    ]


def test_dyad_tie_fills_nothing() -> None:
    events = [
        _event("ASSAULT", [("RUS", "Russia")], [("UKR", "Ukraine")]),
        _event("ASSAULT", [("RUS", "Russia")], [("GEO", "Georgia")]),
        _event("THREATEN", [("RUS", "Russia")], []),
    ]
    assert _ids(complete(events, Found())[2].target) == []


def test_a_group_of_a_country_is_a_side_of_its_own() -> None:
    """Congo's army and the M23 rebels of Congo are two sides: the army's retreat is from
    M23, and M23's takeover is of Congo's."""
    events = [
        _event("ASSAULT", [("CODM23", "M23")], [("CODMIL", "the army")]),
        _event("RETREAT", [("CODMIL", "government forces")], []),
        _event("COERCE", [("CODM23", "M23")], [], mode="seize"),
    ]
    out = complete(events, Found())
    assert [_ids(e.target) for e in out[1:]] == [["CODM23"], ["COD"]]


def _quoted(event: Event, speaker: str | None, own_voice: bool = False) -> Event:
    from dataclasses import replace

    from newsledger.model import Attribution, Source

    chain = (Source("outlet", None, "outlet"), Source("Trump", speaker, "person"))
    return replace(event, attribution=Attribution(chain=chain, own_voice=own_voice))


@pytest.mark.parametrize(
    ("event", "source"),
    [
        # "'We will schedule a meeting with President Putin,' Trump said"
        (_quoted(_event("CONSULT", [], [("RUSGOV", "President Putin")]), "USA:TRUMP"), ["USAGOV"]),
        # nothing: the outlet's own voice, a speaker of the other side, no speaker's actor
        (_quoted(_event("CONSULT", [], [("RUSGOV", "Putin")]), "USA:TRUMP", True), []),
        (_quoted(_event("CONSULT", [], [("RUSGOV", "Putin")]), "RUS:PUTIN"), []),
        (_quoted(_event("CONSULT", [], [("RUSGOV", "Putin")]), None), []),
        # not a speech act
        (_quoted(_event("SUPPORT", [], [("RUSGOV", "Putin")]), "USA:TRUMP"), []),
    ],
)
def test_the_speaker_is_the_source(event: Event, source: list[str]) -> None:
    found = Found(
        mentions=[Mention("USA:TRUMP", "Trump", _EV, acts_for="USAGOV")],
    )
    assert _ids(complete([event], found)[0].source) == source


def test_a_civilian_toll_gets_no_source() -> None:
    """ "The deaths of nearly 10,000 people in Syria": not the work of Syria's foreign enemy."""
    events = [
        _event("ASSAULT", [("ISR", "Israel")], [("SYR", "Syria")]),
        _event("ASSAULT", [], [("SYRCVL", "nearly 10,000 people")]),
        _event("ASSAULT", [], [("SYRMIL", "Syrian troops")]),
    ]
    out = complete(events, Found())
    assert [_ids(e.source) for e in out[1:]] == [[], ["ISR"]]


def _quoted(ev: Event, quote: str) -> Event:
    chain = (Source("Outlet", None, "outlet"), Source("Nabil Idris", "PROV:nabil-idris", "person"))
    return replace(ev, attribution=Attribution(chain, "said", quote, own_voice=False))


@pytest.mark.parametrize(
    ("quote", "source"),
    [
        # "our forces" in a quote: the speaker's body
        ("Our forces seized large quantities of weapons", ["SDNMIL"]),
        # "the forces" is anyone's
        ("The forces seized large quantities of weapons", ["PROV:forces"]),
    ],
)
def test_first_person(quote: str, source: list[str]) -> None:
    ev = _quoted(_event("COERCE", [("PROV:forces", "forces")], [], mode="seize"), quote)
    speaker = Mention(
        "PROV:nabil-idris", "army spokesman Nabil Idris", _EV, "provisional", acts_for="SDNMIL"
    )
    out = complete([ev], Found(mentions=[speaker]))[0]
    assert _ids(out.source) == source


def _placed(name: str, country: str, start: int) -> Place:
    return Place(name, country, None, None, "city", replace(_EV, start=start, end=start + 1))


@pytest.mark.parametrize(
    ("places", "target"),
    [
        # a tie between the article's countries: the one its lead names first
        ([_placed("Sanaa", "YEM", 10), _placed("Washington", "USA", 50),
          _placed("Aden", "YEM", 90), _placed("New York", "USA", 120)], ["YEMCVL"]),
        ([_placed("Washington", "USA", 10), _placed("Sanaa", "YEM", 50)], ["USACVL"]),
        # the most named country wins whatever comes first
        ([_placed("Washington", "USA", 10), _placed("Sanaa", "YEM", 50),
          _placed("Aden", "YEM", 90)], ["YEMCVL"]),
        # no places: the crew stays provisional
        ([], ["PROV:crew"]),
    ],
)  # fmt: skip
def test_home_country_grounds_a_civilian_side(places: list[Place], target: list[str]) -> None:
    event = _event("ASSAULT", [("YEMHOU", "the Houthis")], [("PROV:crew", "the crew")])
    assert _ids(complete([event], Found(places=places))[0].target) == target
