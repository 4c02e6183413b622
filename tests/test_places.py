"""The places stage: a GPE after "in" is a place, a GPE used as an actor is not (the lookup
itself is tested in test_geocode.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from newsledger import analyze, nlp
from newsledger.extract import actors, places
from newsledger.model import Article, Found, Place


def extract(text: str) -> list[Place]:
    article = Article(id="t", text=text, published=dt.date(2025, 9, 19))
    doc = nlp.parse(text)
    found = Found()
    found.add(actors.extract(doc, article, found))
    return places.extract(doc, article, found)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "surface", "gazetteer_id"),
    [
        (
            "The foreign minister landed in Washington on Thursday.",
            "Washington",
            "geonames:4140963",
        ),
        ("The two men met in London on Wednesday.", "London", "geonames:2643743"),
        ("Israeli troops deployed in Quneitra on Monday.", "Quneitra", "region:quneitra-province"),
        (
            "Forces advanced deep inside southern Syria last week.",
            "southern Syria",
            "region:southern-syria",
        ),
        (
            "Troops stayed within the UN-monitored buffer zone.",
            "UN-monitored buffer zone",
            "region:golan-buffer-zone",
        ),
        (
            "The army will hand over the occupied Golan Heights to Israel.",
            "occupied Golan Heights",
            "region:golan-heights",
        ),
        (
            "Clashes broke out in Sweida province overnight.",
            "Sweida province",
            "region:sweida-province",
        ),
        ("Israel struck targets across Syria on Monday.", "Syria", "iso3166:SYR"),
        ("The delegation flew to Washington for talks.", "Washington", "geonames:4140963"),
        (
            "Negotiators met in the British capital on Wednesday.",
            "British capital",
            "geonames:2643743",
        ),
        ("Jets struck targets southwest of Baghdad on Monday.", "Baghdad", None),
        # a town the tagger takes for a person, in a story about its country
        (
            "Israeli strikes on Gaza killed 12 people in Khan Younis.",
            "Khan Younis",
            "geonames:281124",
        ),
        (
            "Sudan's army fought around the besieged city of El Fasher.",
            "El Fasher",
            "geonames:379555",
        ),
        ("Drones hit an oil depot in the Odesa region overnight.", "Odesa region", None),
        # a town the tagger takes for a language
        ("Russian drones struck an apartment block in Odesa overnight.", "Odesa", None),
        ("Fighting raged in the Kharkiv oblast on Monday.", "Kharkiv oblast", None),
        # towns of 5,000 to 15,000 people, written without their diacritics
        ("Gunmen attacked an army post near Menaka on Sunday.", "Menaka", None),
        ("Protesters looted shops in the town of Matuu.", "Matuu", None),
        # Sudan's states and displacement camps, named without their country
        ("Clashes erupted in West Darfur on Sunday.", "West Darfur", "region:west-darfur"),
        ("The RSF shelled Zamzam camp overnight.", "Zamzam camp", "region:zamzam-camp"),
        ("Thousands fled to Tawila after the attack.", "Tawila", "region:tawila"),
        # coordinated region names: each is a region of its own
        ("Drones struck power plants in the Odesa and Kharkiv regions.", "Odesa", None),
        ("Drones struck power plants in the Odesa and Kharkiv regions.", "Kharkiv", None),
        ("Shelling hit the Zaporizhzhia, Kherson and Dnipropetrovsk regions.", "Kherson", None),
        # a dateline in title case before a dash
        ("Nairobi — The police confirmed eleven deaths on Monday.", "Nairobi", None),
    ],
)
def test_stage_finds_places(text: str, surface: str, gazetteer_id: str | None) -> None:
    found = {(p.evidence.text, p.gazetteer_id) for p in extract(text)}
    if gazetteer_id is None:
        assert surface in {text for text, _ in found}, found
    else:
        assert (surface, gazetteer_id) in found, found


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Damascus said it would respond to the strikes.", "Damascus"),  # an actor
        ("Israel said it had struck the convoy.", "Israel"),  # an actor
        ("The US envoy met the delegation on Monday.", "US"),  # a modifier
        ("Trump made overtures toward Tel Aviv last year.", "Tel Aviv"),  # a partner
        ("The weather was pleasant and the market was busy.", None),
        ("The broadcast was translated into Ukrainian and English.", "Ukrainian"),  # a language
        # a wire credit does not make its country the story's: no Biloxi, Mississippi
        ("BAMAKO, Mali (AP) - Jihadi fighters attacked a camp in Boulkessi on Sunday.",
         "Boulkessi"),
    ],
)
def test_stage_finds_no_place(text: str, surface: str | None) -> None:
    found = extract(text)
    if surface is None:
        assert found == []
    else:
        assert [p for p in found if p.evidence.text == surface] == []


@pytest.mark.parametrize(
    ("start", "end", "overlaps"),
    [(0, 5, True), (9, 10, True), (10, 20, False), (4, 6, False), (29, 31, True),
     (40, 50, False), (0, 0, False)],
)
def test_intervals_overlap_as_a_scan_would(start: int, end: int, overlaps: bool) -> None:
    spans = [(20, 30), (0, 4), (6, 10), (25, 27)]
    assert places.Intervals(spans).overlap(start, end) is overlaps
    assert any(s < end and start < e for s, e in spans) is overlaps
    assert places.Intervals([]).overlap(start, end) is False


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Netanyahu met Trump at the White House on Monday.", "White House", "USA"),
        ("Putin hosted Modi in the Kremlin on Friday.", "Kremlin", "RUS"),
    ],
)
def test_seat_of_power_used_as_a_place(text: str, name: str, country: str) -> None:
    places = analyze(text, published="2025-03-23").places
    assert any(p.name == name and p.country == country and p.precision == "site" for p in places)


@pytest.mark.model
def test_seat_of_power_as_an_actor_is_no_place() -> None:
    places = analyze("The White House said Iran had attacked a tanker.").places
    assert not any(p.name in ("White House", "Casablanca") for p in places)


@pytest.mark.model
def test_a_person_is_no_place() -> None:
    """A known person after a locative preposition ("under Presidents Bush and Obama") is no
    town that shares the name (Būsh, Egypt; Obama, Japan)."""
    places = analyze(
        "He was prosecuted by the United States under Presidents Bush and Obama.",
        published="2025-03-01",
    ).places
    assert not any(p.country in ("EGY", "JPN") for p in places), places
