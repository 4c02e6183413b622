"""geocode: offline place lookup (regions, states, US states, cities by population and context)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.geocode import PlaceIndex, build, skeleton
from newsledger.geocode import places as place_index


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    return place_index(())


@pytest.mark.parametrize(
    ("text", "context", "country", "precision", "gazetteer_id"),
    [
        ("London", (), "GBR", "city", "geonames:2643743"),
        ("London", ("CAN",), "CAN", "city", "geonames:6058560"),  # the story is about Canada
        ("Paris", ("USA",), "FRA", "city", "geonames:2988507"),  # Paris, Texas is too small
        ("Tripoli", (), "LBY", "city", None),
        ("Tripoli", ("LBN",), "LBN", "city", None),
        ("Damascus", (), "SYR", "city", "geonames:170654"),
        # a town's own name beats a bigger city that once bore it (Engels was Pokrovsk) ...
        ("Pokrovsk", (), "UKR", "city", None),
        # ... but not a far bigger one named so in English (Firenze is "Florence")
        ("Florence", (), "ITA", "city", None),
        # a capital by its own name beats a far bigger city that once bore it (Chattogram)
        ("Islamabad", (), "PAK", "city", "geonames:1176615"),
        ("Canton", (), "CHN", "city", None),
        ("Washington", (), "USA", "city", None),  # the capital, not the state
        ("Alaska", (), "USA", "region", None),
        ("Washington State", (), "USA", "region", None),
        ("Syria", (), "SYR", "country", "iso3166:SYR"),
        ("the United States", (), "USA", "country", "iso3166:USA"),
        ("Golan Heights", (), "SYR", "region", "region:golan-heights"),
        ("the occupied Golan Heights", (), "SYR", "region", "region:golan-heights"),
        ("UN buffer zone", (), "SYR", "region", "region:golan-buffer-zone"),
        ("area of separation", (), "SYR", "region", "region:golan-buffer-zone"),
        ("Sweida province", (), "SYR", "region", "region:sweida-province"),
        ("As-Suwayda", (), "SYR", "region", "region:sweida-province"),
        ("Quneitra", (), "SYR", "region", "region:quneitra-province"),
        ("southern Syria", (), "SYR", "region", "region:southern-syria"),
        ("West Bank", (), "PSE", "region", "region:west-bank"),
        ("the Gaza Strip", (), "PSE", "region", "region:gaza-strip"),
        ("Sinai", (), "EGY", "region", "region:sinai"),
        ("Donbas", (), "UKR", "region", "region:donbas"),
        ("Crimea", (), "UKR", "region", "region:crimea"),
        ("Kurdistan region", (), "IRQ", "region", "region:kurdistan-region"),
        # a seat of power is a site in its city, not the city an alternate name gives
        # (Casablanca is "White House" in translation)
        ("the White House", (), "USA", "site", "seat:white-house"),
        ("the Oval Office", ("MAR",), "USA", "site", "seat:oval-office"),
        ("the Kremlin", (), "RUS", "site", "seat:kremlin"),
        ("Downing Street", (), "GBR", "site", "seat:downing-street"),
        ("Whitehall", (), "GBR", "site", "seat:downing-street"),
        ("the Pentagon", (), "USA", "site", "seat:pentagon"),
        ("Elysee", (), "FRA", "site", "seat:elysee"),
        ("Casablanca", (), "MAR", "city", None),
        # transliterations the gazetteer spells otherwise, in the story's countries
        ("Khan Yunes", ("PSE",), "PSE", "city", "geonames:281124"),
        ("Deir al-Balah", ("ISR", "PSE"), "PSE", "city", None),
        ("Beit Lahia", ("PSE",), "PSE", "city", None),
        ("Nuseirat", ("PSE",), "PSE", "city", None),
    ],
)
def test_resolve(
    index: PlaceIndex,
    text: str,
    context: tuple[str, ...],
    country: str,
    precision: str,
    gazetteer_id: str | None,
) -> None:
    hit = index.resolve(text, context)
    assert hit is not None
    assert (hit.country, hit.precision) == (country, precision)
    assert hit.lat is not None and hit.lon is not None
    if gazetteer_id:
        assert hit.gazetteer_id == gazetteer_id


@pytest.mark.parametrize("text", ["Xanadu Prime", "Gondor", "", "the", "ceasefire"])
def test_resolve_finds_nothing(index: PlaceIndex, text: str) -> None:
    assert index.resolve(text) is None


def test_transliterations_only_in_the_storys_countries(index: PlaceIndex) -> None:
    assert index.resolve("Khan Yunes", ("USA",)) is None


@pytest.mark.parametrize(("text", "context"), [("Caribbean", ("USA", "VEN")), ("Caribbean", ())])
def test_a_shared_skeleton_is_no_transliteration(index: PlaceIndex, text: str, context) -> None:
    """ "Caribbean" and Corbin, Kentucky share a skeleton, not a name: the sea is a region."""
    hit = index.resolve(text, context)
    assert hit is not None and hit.precision == "region" and hit.country is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Khan Younis", "Khān Yūnis"),
        ("Deir al-Balah", "Dayr al Balaḩ"),
        ("Nuseirat", "An Nuşayrāt"),
    ],
)
def test_skeleton_folds_spellings(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b) != ""


def test_skeleton_too_short_is_empty() -> None:
    assert skeleton("Gaza") == "" and skeleton("al-Ula") == ""


def test_country_coordinates_lie_in_the_country(index: PlaceIndex) -> None:
    syria = index.resolve("Syria")
    assert 32 < syria.lat < 37.5 and 35.5 < syria.lon < 42.5
    assert index.compass_region("northern", syria).gazetteer_id == "compass:northern-syr"


def test_index_is_built_once(index: PlaceIndex) -> None:
    assert place_index(()) is index


def test_user_place_files(tmp_path: Path) -> None:
    yml = tmp_path / "p.yaml"
    yml.write_text(
        "places:\n  - {id: minas-tirith, name: Minas Tirith, country: null, "
        "lat: 1.5, lon: 2.5, precision: city, aliases: [White City]}\n",
        encoding="utf-8",
    )
    csv_file = tmp_path / "p.csv"
    csv_file.write_text(
        "name,country,lat,lon,precision,aliases\nEdoras,,3.0,4.0,site,Golden Hall\n",
        encoding="utf-8",
    )
    index = build((yml, csv_file))
    assert index.resolve("White City").gazetteer_id == "user:minas-tirith"
    assert index.resolve("Golden Hall").precision == "site"
    assert index.resolve("London").country == "GBR"
