"""The same-event test of the merge stage: actor keys, persons as their country, the rules."""

from __future__ import annotations

import pytest

from newsledger import match


@pytest.mark.parametrize(
    ("actor", "key"),
    [
        ("ISRGOV", "ISR"),
        ("ISRMIL", "ISR"),
        ("ISR", "ISR"),
        ("SYRREB", "SYRREB"),
        ("person:ahmed-al-sharaa", "person:ahmed-al-sharaa"),
        ("SYR:SHAIBANI", "SYR:SHAIBANI"),
        ("PROV:jeffrey-kupfer", "PROV:jeffrey-kupfer"),
        ("SYRHTS", "SYRHTS"),
        ("HAM", "HAM"),
    ],
)
def test_actor_key(actor: str, key: str) -> None:
    assert match.actor_key(actor) == key


@pytest.mark.parametrize(
    ("x", "y", "same"),
    [
        ("ISRGOV", "ISRMIL", True),
        ("ISR:NETANYAHU", "ISRGOV", True),
        ("ISR", "ISR:NETANYAHU", True),
        ("USA:OBAMA", "USA:TRUMP", False),
        ("USA:OBAMA", "RUS", False),
        ("SYRREB", "SYRGOV", False),
        ("PROV:jane-doe", "PROV:john-doe", False),
        ("PROV:lois-lerner", "PROV:lerner", True),  # a provisional name written two ways
        ("PROV:irs", "PROV:i-r-s", True),
        ("PROV:michael-g-grimm", "PROV:grimm", True),
        ("PROV:smith", "PROV:smithson", False),
        ("PROV:al", "PROV:omar-al", False),  # too short to be a surname
        ("PROV:lerner", "USA:LERNER", False),  # a provisional name is not a known person
    ],
)
def test_same_actor(x: str, y: str, same: bool) -> None:
    assert match.same_actor(x, y) is same
    assert match.same_actor(y, x) is same


def test_type_groups_use_valid_plover_types() -> None:
    plover = {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
    for group in match.rules().type_groups.values():
        assert group <= plover


def _member(
    eid: str,
    actors: tuple[str, ...],
    precision: str = "unknown",
    plover: str = "REQUEST",
    filled: tuple[str, ...] = (),
    later: int = 0,
):
    """A member event published `later` days after 2015-03-30; every actor but those
    `filled` is named in the text."""
    import datetime as dt

    from newsledger.model import EventType, Member

    day = dt.date(2015, 3, 30) + dt.timedelta(days=later)
    return Member(
        eid,
        eid[:3],
        "Outlet",
        day,
        EventType(plover),
        actors,
        tuple((x, x.lower()) for x in actors if x not in filled),
        None,
        day - dt.timedelta(days=1),
        day,
        precision,
        "occurred",
        (),
        "own voice",
    )


@pytest.mark.parametrize(
    ("a", "b", "linked"),
    [
        # undated, unplaced: a country in common is not enough ...
        (("USAGOV",), ("USA:PENCE",), False),
        (("USAGOV",), ("USA",), False),
        # ... one same actor is
        (("USAGOV",), ("USAGOV",), True),
        (("PROV:asa-hutchinson",), ("PROV:hutchinson",), True),
    ],
)
def test_a_loose_link_needs_one_same_actor(a, b, linked: bool) -> None:
    assert (match.match(_member("aaa-e1", a), _member("bbb-e1", b)) is not None) is linked


def test_a_dated_pair_still_links_through_the_country() -> None:
    x, y = _member("aaa-e1", ("USAGOV",), "day"), _member("bbb-e1", ("USA:PENCE",), "day")
    assert match.match(x, y) is not None


@pytest.mark.parametrize(
    ("a", "b", "linked"),
    [
        # one actor cannot stand for two: the US pairs with the US, Biden has no partner left
        (("USAGOV", "USA:BIDEN"), ("USAGOV", "USAPTY:DEM"), False),
        (("ISRGOV", "ISR:NETANYAHU"), ("ISR", "LBNHEZ"), False),
        (("ISRGOV", "LBNHEZ"), ("ISR:NETANYAHU", "LBNHEZ"), True),
    ],
)
def test_actor_overlap_is_symmetric(a, b, linked: bool) -> None:
    x, y = _member("aaa-e1", a, "day"), _member("bbb-e1", b, "day")
    assert (match.match(x, y) is not None) is linked
    assert (match.match(y, x) is not None) is linked


@pytest.mark.parametrize(
    ("a", "b", "filled", "linked"),
    [
        # a known party named by one report only tells the events apart ...
        (("ISR", "LBNHEZ"), ("ISR", "SYR"), (), False),
        # ... a provisional name, a side filled from context or civilians do not
        (("ISR", "LBN"), ("ISR", "PROV:forces"), (), True),
        (("ISR", "LBNHEZ"), ("ISR", "SYR"), ("SYR",), True),
        (("ISR", "LBNCVL"), ("ISR", "LBN"), (), True),
        (("PROV:forces",), ("ISR", "LBN"), (), False),  # nothing paired at all
    ],
)
def test_unpaired_actors_that_do_not_count(a, b, filled, linked: bool) -> None:
    x, y = _member("aaa-e1", a, "day", filled=filled), _member("bbb-e1", b, "day", filled=filled)
    assert (match.match(x, y) is not None) is linked
    assert (match.match(y, x) is not None) is linked


@pytest.mark.parametrize(
    ("a", "b", "same_article", "linked"),
    [
        (("PROV:anthony-weiner",), ("PROV:weiner",), False, True),  # REQUEST / REJECT
        (("PROV:anthony-weiner",), ("PROV:weiner",), True, False),  # two events of one text
        (("USA:OBAMA",), ("USA:OBAMA",), False, False),  # a known person is in every story
    ],
)
def test_a_shared_provisional_name_links_any_types(a, b, same_article, linked: bool) -> None:
    x = _member("aaa-e1", a, "day")
    y = _member("aaa-e2" if same_article else "bbb-e1", b, "day", plover="REJECT")
    assert (match.match(x, y) is not None) is linked


@pytest.mark.parametrize(
    ("actor", "precision", "days_apart", "linked"),
    [
        ("PROV:michael-steele", "unknown", 1, True),
        ("PROV:michael-steele", "unknown", 3, True),  # a follow-up three days on
        ("PROV:michael-steele", "unknown", 5, False),
        ("USAGOV", "unknown", 3, False),  # a known party: the usual window only
        ("PROV:michael-steele", "day", 4, False),  # two dates the texts give: as they say
    ],
)
def test_a_shared_provisional_name_widens_the_window_of_undated_reports(
    actor: str, precision: str, days_apart: int, linked: bool
) -> None:
    x = _member("aaa-e1", (actor,), precision)
    y = _member("bbb-e1", (actor,), precision, later=days_apart)
    assert (match.match(x, y) is not None) is linked
    assert (match.match(y, x) is not None) is linked


def _named(eid: str, plover: str, naming: tuple[tuple[str, str], ...], where=None):
    """A day-dated member whose actors are all named as given."""
    from dataclasses import replace

    m = _member(eid, tuple(a for a, _ in naming), "day", plover)
    return replace(m, naming=naming, where=where)


def _indiana():
    from newsledger.model import Where

    return Where("Indiana", "USA", 40.0, -86.0, "region", "geonames:4921868")


_CUMMINGS = ("REQUEST", (("USAGOV", "the department"), ("PROV:elijah-cummings", "Elijah Cummings")))


@pytest.mark.parametrize(
    ("a", "b", "linked"),
    [
        # each names a person the other lacks, and only the country links them: two events
        (
            _CUMMINGS,
            ("REQUEST", (("USALEG", "state lawmakers"), ("PROV:asa-hutchinson", "Asa Hutchinson"))),
            False,
        ),
        # ... one same person links them
        (
            _CUMMINGS,
            ("REQUEST", (("USALEG", "lawmakers"), ("PROV:cummings", "Cummings"))),
            True,
        ),
        # ... and a common noun outside the gazetteer is no named party
        (
            ("ASSAULT", (("ISR", "Israel"), ("LBN", "Lebanon"))),
            ("ASSAULT", (("ISR", "Israel"), ("PROV:forces", "forces"))),
            True,
        ),
    ],
)
def test_distinct_named_parties_refuse_a_country_link(a, b, linked: bool) -> None:
    x, y = _named("aaa-e1", *a), _named("bbb-e1", *b)
    assert (match.match(x, y) is not None) is linked
    assert (match.match(y, x) is not None) is linked


@pytest.mark.parametrize(
    ("b_type", "a_place", "linked"),
    [
        ("ASSAULT", "region", False),  # an Indiana ban ~ an unplaced attack, only "USA" shared
        ("COERCE", "region", True),  # the same type: linked
        ("ASSAULT", None, True),  # neither placed: the place says nothing either way
        ("ASSAULT", "country", True),  # nor does a country-wide place
    ],
)
def test_other_type_placed_once_refuses_a_country_link(b_type, a_place, linked: bool) -> None:
    from dataclasses import replace

    where = replace(_indiana(), precision=a_place) if a_place else None
    x = _named("aaa-e1", "COERCE", (("USALEG", "state lawmakers"), ("USA", "Indiana")), where)
    y = _named("bbb-e1", b_type, (("LBY", "Benghazi"), ("USA", "a U.S. outpost")))
    assert (match.match(x, y) is not None) is linked
    assert (match.match(y, x) is not None) is linked
