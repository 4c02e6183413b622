"""The matching machinery of the realnews-dev scorer (`eval.realnews`), as the set's README
defines it: its sentence rule, a one-to-one assignment (the Hungarian method, exact on integer
weights), and the comparison of a record's fields with a gold event's (country-level actor
codes, loose name matching, dates).

- sentences: per line of the normalised text, split at sentence-final punctuation with
  abbreviations ("U.S.", "Dec.", "Gen.") kept; a line without final punctuation is a sentence
  of its own;
- names: the words of one name run inside the other's, case, articles, courtesy titles and a
  last-name-only mention aside ("PM Shehbaz" ~ "Shehbaz Sharif");
- actors: a gold state code is compared as is, a group at the country the README fixes for it
  (HEZBOLLAH -> LBN) or the gold's own `*_country`; a record's actor by its ISO-3 prefix, its
  country, and the gold group code its sector or IGO prefix stands for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pycountry

from ..model import Actor, Attribution, Event

# gold group codes whose country the README fixes
GROUP_COUNTRY = {"HEZBOLLAH": "LBN", "HOUTHI": "YEM", "M23": "COD", "HTS": "SYR", "RSF": "SDN"}
# record id prefixes and CAMEO sectors that stand for a gold group code with no country
IGO_GROUP = {"IGOUNO": "UN", "IGOEEC": "EU", "IGONAT": "NATO", "WST": "WEST", "NGO": "NGO"}
SECTOR_GROUP = {"CVL": "CIV", "NGO": "NGO", "OPP": "PROTESTERS", "ACT": "PROTESTERS"}

# sentence splitting: abbreviations whose full stop does not end a sentence
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col maj capt cpt sgt brig adm cmdr gov sen rep rev st mt ft vs "
    "approx dept jan feb mar apr jun jul aug sep sept oct nov dec inc ltd corp jr sr".split()
)
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+\S)")


# ---------------------------------------------------------------------------------------------
# Sentences


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a normalised text, by the README's rule: each line is split at
    sentence-final punctuation (abbreviations such as "U.S." and "Dec." kept); a line without
    final punctuation is a sentence of its own."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start = 0
        for m in _END.finditer(line):
            if _ends_sentence(line, m.start(), m.end()):
                spans.append((pos + start, pos + m.end()))
                start = len(line) - len(line[m.end() :].lstrip())
        if line[start:].strip():
            spans.append((pos + start, pos + len(line.rstrip())))
        pos += len(line) + 1
    return spans


def _ends_sentence(line: str, at: int, end: int) -> bool:
    rest = line[end:].lstrip()
    if rest[:1].islower():  # "approx. five", "a.m. local time"
        return False
    if line[at] != "." or line[at:end].startswith(".."):
        return True
    word = re.search(r"(\S+)$", line[:at])
    token = word.group(1) if word else ""
    bare = token.lstrip("(\"'“‘[").lower()
    if bare in ABBREVIATIONS:
        return False
    # initials and dotted acronyms: "U.S.", "U.N.", "J."
    return not re.fullmatch(r"(?:[a-z]\.)*[a-z]", bare)


def sentence_of(spans: Sequence[tuple[int, int]], start: int, end: int) -> set[int]:
    """The indices of the sentences a character span touches."""
    hit = {i for i, (s, e) in enumerate(spans) if start < e and end > s}
    if not hit and start == end:
        hit = {i for i, (s, e) in enumerate(spans) if s <= start <= e}
    return hit


def locate(text: str, needle: str) -> tuple[int, int] | None:
    """The first occurrence of a gold string in the text (case folded as a fallback)."""
    from ..ingest import normalise

    needle = normalise(needle)
    if not needle:
        return None
    at = text.find(needle)
    if at < 0:
        at = text.lower().find(needle.lower())
    return (at, at + len(needle)) if at >= 0 else None


# ---------------------------------------------------------------------------------------------
# One-to-one matching


def assign(weights: list[list[int]]) -> list[tuple[int, int]]:
    """A maximum-weight one-to-one matching of rows to columns (Hungarian method, exact on
    integers); pairs of weight 0 are not matches and are left out."""
    n_rows = len(weights)
    n_cols = len(weights[0]) if n_rows else 0
    if not n_rows or not n_cols:
        return []
    transposed = n_rows > n_cols
    w = [list(col) for col in zip(*weights, strict=True)] if transposed else weights
    n, m = len(w), len(w[0])
    inf = float("inf")
    u, v = [0] * (n + 1), [0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if used[j]:
                    continue
                cur = -w[i0 - 1][j - 1] - u[i0] - v[j]
                if cur < minv[j]:
                    minv[j], way[j] = cur, j0
                if minv[j] < delta:
                    delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    pairs = [(p[j] - 1, j - 1) for j in range(1, m + 1) if p[j] and w[p[j] - 1][j - 1] > 0]
    return sorted((c, r) if transposed else (r, c) for r, c in pairs)


# ---------------------------------------------------------------------------------------------
# Field comparison


def as_list(value: object) -> list:
    """A gold value as a list (gold fields hold a string, a list of them, or null)."""
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _is_state(code: str) -> bool:
    return len(code) == 3 and code.isalpha() and pycountry.countries.get(alpha_3=code) is not None


def gold_codes(codes: object, country: object) -> set[str]:
    """The country-level codes a gold source or target accepts."""
    out: set[str] = set()
    countries = set(as_list(country))
    for code in as_list(codes):
        if _is_state(code):
            out.add(code)
        elif countries:
            out |= countries
        elif code in GROUP_COUNTRY:
            out.add(GROUP_COUNTRY[code])
        else:
            out.add(code)
    return out


def record_codes(actor_id: str, actors: dict[str, Actor]) -> set[str]:
    """The country-level codes of a record's participant: the ISO-3 prefix (or the actor's
    country), and for a collective without a country its gold group code."""
    out: set[str] = set()
    actor = actors.get(actor_id)
    if actor is not None and actor.country:
        out.add(actor.country)
    head = actor_id.split(":", 1)[0]
    if head != "PROV" and _is_state(head[:3]):
        out.add(head[:3])
        group = SECTOR_GROUP.get(head[3:6])
        if group:
            out.add(group)
    for prefix, group in IGO_GROUP.items():
        if head.startswith(prefix):
            out.add(group)
    if actor is not None and actor.kind == "civilians":
        out.add("CIV")
    return out


def _name_words(name: str) -> list[str]:
    """The words of a name, lower-cased, without a leading article or courtesy title."""
    # "U.S." ~ "US"; hyphens split ("al-Asbahi" ~ "Asbahi")
    words = re.findall(r"\w+", re.sub(r"[’'`]s\b|\.", "", name.lower()))
    while words and words[0] in _TITLES:
        words = words[1:]
    return words


# a leading article or title is dropped before names are compared ("Ms Feza" ~ "Alice Feza")
_TITLES = frozenset("the a an mr mrs ms dr pm president prime minister gen".split())


def same_name(a: str, b: str) -> bool:
    """Loose name match: the words of one run inside the other's, case, articles, courtesy
    titles and a last-name-only mention aside ("PM Shehbaz" ~ "Shehbaz Sharif")."""
    x, y = _name_words(a), _name_words(b)
    if not x or not y:
        return False
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    return any(long_[i : i + len(short)] == short for i in range(len(long_) - len(short) + 1))


def speakers(att: Attribution | None, actors: dict[str, Actor]) -> list[str]:
    """The names of an attribution's sources (its chain past the outlet), with their actors'."""
    if att is None:
        return []
    names = []
    for link in att.chain[1:]:
        names.append(link.name)
        if link.actor_id and link.actor_id in actors:
            names.append(actors[link.actor_id].name)
    return names


def _when_ok(gold: object, when) -> bool:
    """The record's day (or month, for a month-level gold). A `reported` date (the publication
    day standing in) is a day: the set's guidelines give the publication day as the date of
    an article's main same-day events."""
    if when is None or when.start is None:
        return False
    day = when.start
    for g in as_list(gold):
        if len(g) == 7 and f"{day.year:04d}-{day.month:02d}" == g:
            return True
        if len(g) == 10 and when.precision in ("day", "reported") and day.isoformat() == g:
            return True
    return False


def field_checks(gold: dict, ev: Event, actors: dict[str, Actor]) -> dict[str, bool]:
    """Each scored field of a gold event: is the record right?"""
    out: dict[str, bool] = {}
    src = {c for p in ev.source for c in record_codes(p.actor_id, actors)}
    tgt = {c for p in ev.target for c in record_codes(p.actor_id, actors)}
    g_src = gold_codes(gold.get("source"), gold.get("source_country"))
    g_tgt = gold_codes(gold.get("target"), gold.get("target_country"))
    straight = (bool(src & g_src), bool(tgt & g_tgt))
    if gold.get("symmetric"):
        swapped = (bool(tgt & g_src), bool(src & g_tgt))
        if _right(swapped, g_src, g_tgt) > _right(straight, g_src, g_tgt):
            straight = swapped
    if g_src:
        out["source"] = straight[0]
    if g_tgt:
        out["target"] = straight[1]
    if gold.get("status"):
        out["status"] = ev.status.value in as_list(gold["status"])
    if gold.get("where"):
        name = ev.where.name if ev.where is not None else ""
        out["where"] = any(same_name(g, name) for g in as_list(gold["where"]))
    if gold.get("when"):
        out["when"] = _when_ok(gold["when"], ev.when)
    if gold.get("said_by"):
        wanted = as_list(gold["said_by"])
        own = ev.attribution is None or ev.attribution.own_voice
        names = speakers(ev.attribution, actors)
        out["said_by"] = ("outlet" in wanted and own) or (
            not own and any(same_name(g, n) for g in wanted if g != "outlet" for n in names)
        )
    if gold.get("acled"):
        sub = (ev.type.acled_subtype or "").lower()
        out["acled"] = bool(sub) and sub in {a.lower() for a in as_list(gold["acled"])}
    return out


def _right(pair: tuple[bool, bool], g_src: set[str], g_tgt: set[str]) -> int:
    """How many of the scored actor fields an orientation gets right."""
    return int(pair[0] and bool(g_src)) + int(pair[1] and bool(g_tgt))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do two character spans [start, end) share a character?"""
    return a[0] < b[1] and b[0] < a[1]
