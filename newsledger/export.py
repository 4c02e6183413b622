"""Export event rows to JSONL, Parquet, and GDELT- and ACLED-shaped CSV tables.

Method: a streaming writer per format over plain event dicts; the GDELT 2.0 event table
(GDELT 2.0 Event Database codebook) and the ACLED export (ACLED codebook) are filled where a
newsledger field maps, and left empty where nothing does. The column mapping and what does not
map is in docs/export.md; code tables (CAMEO root -> quad class, ACLED inter codes, precisions)
are data in `newsledger/data/export/`.

The rows the store hands in: one dict per event, the `Event` record serialised by
`model.to_dict` plus the article fields:

    id, type {plover, mode, cameo, acled_type, acled_subtype}, trigger,
    evidence {article_id, sentence, start, end, text, extractor},
    source / target / others [{actor_id, mention, role}],
    where {name, country, lat, lon, precision, gazetteer_id, ...} | None,
    when {start, end, precision, text} | None,          # ISO dates
    status, certainty, negated, confidence (0-1 | None),
    verdict (accepted | rejected | None), human {field: {value, by, at, annotation}} (the
    fields an analyst set: human-verified; absent when none; `added` for an event an analyst
    added, which also has `added` true, confidence 1.0 and extractor "analyst"),
    attribution {chain [{name, actor_id, kind}], cue, quote, own_voice, ...} | None,
    quantities [{value, unit, text, hedge, kind, low, high}],
    article_id, outlet, published (ISO date), url

Optionally `actors`, a mapping actor id -> {name, kind, country} (the store's actor table),
gives names, countries and ACLED inter codes for the actor columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Any

import yaml

from .ingest import parse_date

FORMATS = ("jsonl", "parquet", "gdelt", "acled")
Row = Mapping[str, Any]
Actors = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class ExportResult:
    """How many rows were written, and how many were left out (and why)."""

    path: str
    format: str
    rows: int
    skipped: int = 0
    reason: str | None = None  # why rows were skipped


# ---------------------------------------------------------------------------------------------
# Code tables


@functools.cache
def _tables() -> dict[str, Any]:
    base = resources.files("newsledger").joinpath("data/export")
    tables = yaml.safe_load(base.joinpath("shapes.yaml").read_text("utf-8"))
    reader = csv.DictReader(io.StringIO(base.joinpath("cameo_quad.csv").read_text("utf-8")))
    tables["quad"] = {r["root"]: int(r["quad_class"]) for r in reader}
    return tables


def quad_class(cameo: str | None) -> int | None:
    """GDELT QuadClass of a CAMEO code (1 verbal coop, 2 material coop, 3 verbal conflict,
    4 material conflict), from its two-digit root."""
    if not cameo or len(cameo) < 2:
        return None
    return _tables()["quad"].get(cameo[:2])


# ---------------------------------------------------------------------------------------------
# Dispatch


def event_rows(rows: Iterable[Row]) -> Iterator[Row]:
    """The rows as event dicts: a store row (`Store.events`: flat columns plus the event
    under `record`) becomes the record with the article fields beside it."""
    for row in rows:
        record = row.get("record")
        if record is None:
            yield row
            continue
        if isinstance(record, str):
            record = json.loads(record)
        out = dict(record)
        for key in ("article_id", "outlet", "published", "url"):
            value = row.get(key)
            out[key] = value.isoformat() if isinstance(value, dt.date) else value
        yield out


def export(
    rows: Iterable[Row],
    path: str | Path,
    fmt: str | None = None,
    actors: Actors | None = None,
    statuses: Collection[str] | None = None,
) -> ExportResult:
    """Write event rows to `path` in `fmt` (jsonl, parquet, gdelt, acled; by suffix if None)."""
    fmt = fmt or format_for(path)
    rows = event_rows(rows)
    if fmt == "jsonl":
        return write_jsonl(rows, path)
    if fmt == "parquet":
        return write_parquet(rows, path)
    if fmt == "gdelt":
        return write_gdelt(rows, path, actors=actors, statuses=statuses)
    if fmt == "acled":
        return write_acled(rows, path, actors=actors, statuses=statuses)
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")


def format_for(path: str | Path) -> str:
    """The format a file name implies: .jsonl, .parquet; CSV needs --format gdelt or acled."""
    name = str(path).lower()
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    raise ValueError(
        f"{path}: cannot tell the export format from the name; pass a format "
        f"({', '.join(FORMATS)}), e.g. --format gdelt for a GDELT-shaped CSV"
    )


def _open(path: str | Path) -> IO[str]:
    return open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by caller


# ---------------------------------------------------------------------------------------------
# JSONL and Parquet


def write_jsonl(rows: Iterable[Row], path: str | Path) -> ExportResult:
    """One event dict a line, as given (nested, nothing dropped)."""
    n = 0
    with _open(path) as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            n += 1
    return ExportResult(str(path), "jsonl", n)


def flat(row: Row) -> dict[str, Any]:
    """One event as flat columns (the Parquet schema): the fields users filter and join on,
    with nested parts (others, quantities, the full attribution chain) as JSON text."""
    etype = row.get("type") or {}
    ev = row.get("evidence") or {}
    where = row.get("where") or {}
    when = row.get("when") or {}
    att = row.get("attribution") or {}
    sources, targets = row.get("source") or [], row.get("target") or []
    return {
        "event_id": row.get("id"),
        "article_id": row.get("article_id") or ev.get("article_id"),
        "outlet": row.get("outlet"),
        "published": _to_date(row.get("published")),
        "url": row.get("url"),
        "plover": etype.get("plover"),
        "mode": etype.get("mode"),
        "cameo": etype.get("cameo"),
        "acled_type": etype.get("acled_type"),
        "acled_subtype": etype.get("acled_subtype"),
        "trigger": row.get("trigger"),
        "status": row.get("status"),
        "certainty": row.get("certainty"),
        "negated": bool(row.get("negated", False)),
        "confidence": row.get("confidence"),
        "source_ids": [p.get("actor_id") for p in sources],
        "source_mentions": [p.get("mention") for p in sources],
        "target_ids": [p.get("actor_id") for p in targets],
        "target_mentions": [p.get("mention") for p in targets],
        "others": json.dumps(row.get("others") or [], ensure_ascii=False),
        "place": where.get("name"),
        "place_country": where.get("country"),
        "lat": where.get("lat"),
        "lon": where.get("lon"),
        "place_precision": where.get("precision"),
        "date_start": _to_date(when.get("start")),
        "date_end": _to_date(when.get("end")),
        "date_precision": when.get("precision"),
        "date_text": when.get("text"),
        "attribution": _chain(att),
        "attribution_cue": att.get("cue"),
        "own_voice": att.get("own_voice", True) if att else True,
        "quote": att.get("quote"),
        "quantities": json.dumps(row.get("quantities") or [], ensure_ascii=False),
        "fatalities": _fatalities(row),
        "sentence": ev.get("sentence"),
        "span_start": ev.get("start"),
        "span_end": ev.get("end"),
        "evidence": ev.get("text"),
        "extractor": ev.get("extractor"),
        "verdict": row.get("verdict"),
        "human_verified": sorted(row.get("human") or {}),
    }


def parquet_schema() -> Any:
    import pyarrow as pa

    s, i, f, b, d = pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.date32()
    strings = pa.list_(s)
    types = {
        "published": d, "negated": b, "source_ids": strings, "source_mentions": strings,
        "target_ids": strings, "target_mentions": strings, "lat": f, "lon": f, "confidence": f,
        "date_start": d, "date_end": d, "own_voice": b, "fatalities": f, "sentence": i,
        "span_start": i, "span_end": i, "human_verified": strings,
    }  # fmt: skip
    return pa.schema([(name, types.get(name, s)) for name in flat({})])


def write_parquet(rows: Iterable[Row], path: str | Path, batch_rows: int = 10_000) -> ExportResult:
    """Flat event columns (see `flat`) in Parquet, written in row groups of `batch_rows`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(flat(row))
            if len(batch) >= batch_rows:
                writer.write_table(pa.Table.from_pylist(batch, schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema))
            n += len(batch)
    return ExportResult(str(path), "parquet", n)


# ---------------------------------------------------------------------------------------------
# GDELT


GDELT_COLUMNS = (
    "GlobalEventID Day MonthYear Year FractionDate "
    "Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode "
    "Actor1Religion1Code Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code "
    "Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode "
    "Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale "
    "NumMentions NumSources NumArticles AvgTone "
    "Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code "
    "Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID "
    "Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code "
    "Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID "
    "ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code "
    "ActionGeo_ADM2Code ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID "
    "DATEADDED SOURCEURL"
).split()

_CAMEO_ACTOR = re.compile(r"^([A-Z]{3})((?:[A-Z]{3}){0,4})$")


def gdelt_event_id(event_id: str) -> int:
    """A stable integer for GlobalEventID: 60 bits of a hash of the newsledger event id."""
    return int(hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:15], 16)


def gdelt_row(row: Row, actors: Actors | None = None, added: dt.datetime | None = None) -> dict:
    """One event as a GDELT 2.0 event-table row (unmapped columns empty)."""
    out: dict[str, Any] = dict.fromkeys(GDELT_COLUMNS, "")
    day = _event_day(row)
    cameo = (row.get("type") or {}).get("cameo") or ""
    ev = row.get("evidence") or {}
    out["GlobalEventID"] = gdelt_event_id(str(row.get("id")))
    if day:
        out["Day"] = day.strftime("%Y%m%d")
        out["MonthYear"] = day.strftime("%Y%m")
        out["Year"] = day.year
        days_in_year = 366 if _leap(day.year) else 365
        out["FractionDate"] = f"{day.year + day.timetuple().tm_yday / days_in_year:.4f}"
    for n, side in ((1, "source"), (2, "target")):
        people = row.get(side) or []
        if people:
            out.update(_gdelt_actor(n, people[0], actors))
    sentence = ev.get("sentence")
    if sentence is not None:
        out["IsRootEvent"] = int(sentence < _tables()["gdelt_root_sentences"])
    out["EventCode"] = cameo
    out["EventBaseCode"] = cameo[:3]
    out["EventRootCode"] = cameo[:2]
    out["QuadClass"] = quad_class(cameo) or ""
    out["NumMentions"] = out["NumSources"] = out["NumArticles"] = 1
    where = row.get("where")
    if where:
        country = _country(where.get("country"))
        scope = "us" if where.get("country") == "USA" else "world"
        geo_type = _tables()["gdelt_geo_type"].get(where.get("precision") or "", {})
        names = [where.get("name"), country.name if country else None]
        out["ActionGeo_Type"] = geo_type.get(scope, "")
        out["ActionGeo_FullName"] = ", ".join(dict.fromkeys(x for x in names if x))
        out["ActionGeo_CountryCode"] = country.alpha_2 if country else ""
        out["ActionGeo_Lat"] = _num(where.get("lat"))
        out["ActionGeo_Long"] = _num(where.get("lon"))
        out["ActionGeo_FeatureID"] = where.get("gazetteer_id") or ""
    stamp = added or dt.datetime.now(dt.UTC)
    out["DATEADDED"] = stamp.strftime("%Y%m%d%H%M%S")
    out["SOURCEURL"] = row.get("url") or row.get("article_id") or ""
    return out


def _gdelt_actor(n: int, person: Mapping[str, Any], actors: Actors | None) -> dict[str, Any]:
    actor_id = person.get("actor_id") or ""
    info = (actors or {}).get(actor_id, {})
    m = _CAMEO_ACTOR.match(actor_id)
    country = info.get("country") or (m.group(1) if m and _country(m.group(1)) else None)
    roles = [m.group(2)[i : i + 3] for i in range(0, len(m.group(2)), 3)] if m else []
    out = {
        f"Actor{n}Code": actor_id if m else "",
        f"Actor{n}Name": (info.get("name") or person.get("mention") or "").upper(),
        f"Actor{n}CountryCode": country or "",
    }
    for k, role in enumerate(roles[:3], start=1):
        out[f"Actor{n}Type{k}Code"] = role
    return out


def write_gdelt(
    rows: Iterable[Row],
    path: str | Path,
    actors: Actors | None = None,
    statuses: Collection[str] | None = None,
    delimiter: str = ",",
    header: bool = True,
    added: dt.datetime | None = None,
) -> ExportResult:
    """A GDELT 2.0 event-table shaped CSV (delimiter "\\t" and header=False for GDELT's own
    file layout). Events without a CAMEO code, or with a status not in `statuses`, are skipped."""
    keep = _statuses(statuses)
    return _write_csv(
        rows, path, "gdelt", GDELT_COLUMNS, delimiter, header,
        lambda r: gdelt_row(r, actors, added)
        if _cameo(r) and r.get("status") in keep and _kept(r) else None,
        "no CAMEO code, status not exported, or rejected by an analyst",
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# ACLED


ACLED_COLUMNS = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type "
    "actor1 assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting "
    "iso region country admin1 admin2 admin3 location latitude longitude geo_precision "
    "source source_scale notes fatalities tags timestamp"
).split()


def acled_row(row: Row, actors: Actors | None = None, added: dt.datetime | None = None) -> dict:
    """One event as an ACLED export row (unmapped columns empty)."""
    t = _tables()
    out: dict[str, Any] = dict.fromkeys(ACLED_COLUMNS, "")
    etype = row.get("type") or {}
    where = row.get("where") or {}
    when = row.get("when") or {}
    country = _country(where.get("country"))
    day = _event_day(row)
    out["event_id_cnty"] = f"{where.get('country') or 'XXX'}-{row.get('id')}"
    if day:
        out["event_date"] = day.isoformat()
        out["year"] = day.year
    precision = when.get("precision") if when.get("start") else "unknown"
    out["time_precision"] = t["acled_time_precision"].get(precision, "")
    out["event_type"] = etype.get("acled_type") or ""
    out["sub_event_type"] = etype.get("acled_subtype") or ""
    out["disorder_type"] = t["acled_disorder"].get(out["event_type"], "")
    for n, side in ((1, "source"), (2, "target")):
        people = row.get(side) or []
        if people:
            out[f"actor{n}"] = _actor_name(people[0], actors)
            out[f"assoc_actor_{n}"] = "; ".join(_actor_name(p, actors) for p in people[1:])
            out[f"inter{n}"] = _inter(people[0].get("actor_id") or "", actors) or ""
    if out["inter1"] != "":
        pair = sorted(x for x in (out["inter1"], out["inter2"] or 0) if x != "")
        out["interaction"] = int("".join(str(x) for x in pair))
    if out["inter2"] == 7 or out["event_type"] == "Violence against civilians":
        out["civilian_targeting"] = "Civilian targeting"
    if country:
        out["iso"] = int(country.numeric)
        out["country"] = country.name
    out["location"] = where.get("name") or ""
    out["latitude"] = _num(where.get("lat"))
    out["longitude"] = _num(where.get("lon"))
    out["geo_precision"] = t["acled_geo_precision"].get(where.get("precision") or "", "")
    out["source"] = row.get("outlet") or ""
    ev = row.get("evidence") or {}
    out["notes"] = " ".join(str(ev.get("text") or row.get("trigger") or "").split())
    deaths = _fatalities(row)
    out["fatalities"] = "" if deaths is None else int(deaths)
    tags = []
    if row.get("status") and row.get("status") != "occurred":
        tags.append(f"status: {row['status']}")
    chain = _chain(row.get("attribution") or {})
    if chain:
        tags.append(f"according to: {chain}")
    if row.get("human"):  # the CSV's one free column says what a person set
        tags.append(f"set by an analyst: {', '.join(sorted(row['human']))}")
    out["tags"] = "; ".join(tags)
    out["timestamp"] = int((added or dt.datetime.now(dt.UTC)).timestamp())
    return out


def write_acled(
    rows: Iterable[Row],
    path: str | Path,
    actors: Actors | None = None,
    statuses: Collection[str] | None = None,
    added: dt.datetime | None = None,
) -> ExportResult:
    """An ACLED-shaped CSV of the political-violence and demonstration events (those with an
    ACLED type); other events and statuses not in `statuses` are skipped."""
    keep = _statuses(statuses)
    return _write_csv(
        rows, path, "acled", ACLED_COLUMNS, ",", True,
        lambda r: acled_row(r, actors, added)
        if (r.get("type") or {}).get("acled_type") and r.get("status") in keep and _kept(r)
        else None,
        "no ACLED type, status not exported, or rejected by an analyst",
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Helpers


def _write_csv(
    rows: Iterable[Row],
    path: str | Path,
    fmt: str,
    columns: list[str],
    delimiter: str,
    header: bool,
    convert: Callable[[Row], dict[str, Any] | None],
    reason: str,
) -> ExportResult:
    n = skipped = 0
    with _open(path) as fh:
        writer = csv.DictWriter(fh, columns, delimiter=delimiter, lineterminator="\n")
        if header:
            writer.writeheader()
        for out in _convert(rows, convert):
            if out is None:
                skipped += 1
                continue
            writer.writerow(out)
            n += 1
    return ExportResult(str(path), fmt, n, skipped, reason if skipped else None)


def _convert(rows: Iterable[Row], convert: Callable[[Row], Any]) -> Iterator[Any]:
    for row in rows:
        yield convert(row)


def _statuses(statuses: Collection[str] | None) -> frozenset[str]:
    return frozenset(statuses if statuses is not None else _tables()["event_statuses"])


def _kept(row: Row) -> bool:
    """Whether an analyst has not rejected the event (a rejected one is no event)."""
    return row.get("verdict") != "rejected"


def _cameo(row: Row) -> str | None:
    return (row.get("type") or {}).get("cameo")


def _event_day(row: Row) -> dt.date | None:
    """The event's start date, else the article's publication date."""
    when = row.get("when") or {}
    return _to_date(when.get("start")) or _to_date(row.get("published"))


def _to_date(value: Any) -> dt.date | None:
    """A date from a row value (date, datetime or ISO string); None when absent or unreadable."""
    try:
        return parse_date(value)
    except ValueError:
        return None


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _num(value: Any) -> Any:
    return "" if value is None else value


@functools.lru_cache(maxsize=512)
def _country(code: str | None) -> Any:
    """The pycountry record for an ISO alpha-3 code, or None."""
    if not code or len(code) != 3:
        return None
    import pycountry

    return pycountry.countries.get(alpha_3=code.upper())


def _actor_name(person: Mapping[str, Any], actors: Actors | None) -> str:
    info = (actors or {}).get(person.get("actor_id") or "", {})
    return str(info.get("name") or person.get("mention") or person.get("actor_id") or "")


def _inter(actor_id: str, actors: Actors | None) -> int | None:
    t = _tables()
    kind = (actors or {}).get(actor_id, {}).get("kind")
    if kind in t["acled_inter_by_kind"]:
        return int(t["acled_inter_by_kind"][kind])
    m = _CAMEO_ACTOR.match(actor_id)
    if m:
        if not m.group(2) and _country(m.group(1)):
            return 1  # a state named as such ("Israel struck") acts through its forces
        for i in range(0, len(m.group(2)), 3):
            role = m.group(2)[i : i + 3]
            if role in t["acled_inter_by_role"]:
                return int(t["acled_inter_by_role"][role])
    return None


def _chain(att: Mapping[str, Any]) -> str | None:
    chain = att.get("chain") or []
    if not chain or att.get("own_voice", True):
        return None
    return " → ".join(str(s.get("name")) for s in chain)


def _fatalities(row: Row) -> float | None:
    deaths = [
        q.get("value")
        for q in row.get("quantities") or []
        if q.get("kind") == "fatalities" and q.get("value") is not None
    ]
    return max(deaths) if deaths else None
