"""Analysts' corrections: stored as annotations beside the machine's records, never over them.

An annotation says: on record `record_id` of `kind` (event, marker, attribution), field `field`
was `old` and an analyst (`who`, at `at`) made it `new`. The machine's row is never written;
reads apply the active annotations of a record, field by field in the order they were made,
and say which fields a person set (`human`: human-verified). Undoing is a new annotation that
points at the one it undoes (`undoes`); the undone one stays in the history, inactive. An undo
cannot itself be undone (making the correction again is the redo), so "active" needs no
recursion: a correction is active while no annotation undoes it.

Record ids: events have theirs; a marker's is `<article[:16]>-m<start>-<end>-<category>` and an
attribution's `<article[:16]>-a<scope start>-<scope end>` (`marker_id`, `attribution_id`), both
made from the stored row, so they are stable for as long as the row is. An event the machine
missed is an annotation of field `added` (new: its span, words, type and actors) on the id
`<article[:16]>-h<start>-<end>` (`added_id`); it has no machine row, and undoing it removes it.

Here: which fields take which values (`check`) and how active annotations change a record
(`apply`), pure functions; the SQL is in `store_annotations`.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from .errors import CorrectionError
from .model import Status

KINDS = ("event", "marker", "attribution")
# what an analyst may set on each kind of record
FIELDS: dict[str, tuple[str, ...]] = {
    "event": ("verdict", "type", "mode", "status", "source", "target", "place", "date"),
    "marker": ("verdict",),
    "attribution": ("verdict", "speaker"),
}
VERDICTS = ("accepted", "rejected")
ADDED = "added"  # the field of an event an analyst adds (one the machine missed)
WHO_DEFAULT = "analyst"
MAX_TEXT = 200  # characters of a place, speaker or name
MAX_ACTORS = 12
_ACTOR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,59}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


COLUMNS = (
    "id",
    "kind",
    "record_id",
    "article_id",
    "field",
    "old",
    "new",
    "who",
    "made_at",
    "undoes",
    "note",
)


def marker_id(article_id: str, start: int, end: int, category: str) -> str:
    return f"{article_id[:16]}-m{start}-{end}-{category}"


def attribution_id(article_id: str, scope_start: int, scope_end: int) -> str:
    return f"{article_id[:16]}-a{scope_start}-{scope_end}"


def added_id(article_id: str, start: int, end: int) -> str:
    """The id of an event an analyst added (`h`: made by a human)."""
    return f"{article_id[:16]}-h{start}-{end}"


# ---- validation -------------------------------------------------------------------------------


def check(kind: str, field: str, value: Any, record: dict[str, Any] | None = None) -> Any:
    """`value` for `field` of a `kind` record, normalised; a `CorrectionError` (422) if it is
    not one the field takes. `record` (as corrected so far) checks a mode against its type."""
    from .taxonomy import plover_types

    if kind not in FIELDS:
        raise CorrectionError(422, f"record kind {kind!r} is not one of: {', '.join(KINDS)}")
    if field not in FIELDS[kind]:
        raise CorrectionError(
            422,
            f"field {field!r} cannot be corrected on a {kind}; "
            f"use one of: {', '.join(FIELDS[kind])}",
        )
    if field == "verdict":
        return _choice(field, value, VERDICTS)
    if field == "type":
        return _choice(
            field, value.upper() if isinstance(value, str) else value, tuple(plover_types())
        )
    if field == "status":
        return _choice(field, value.lower() if isinstance(value, str) else value, tuple(Status))
    if field == "mode":
        if value in (None, ""):
            return None
        plover = ((record or {}).get("type") or {}).get("plover")
        modes = tuple(plover_types().get(plover or "", {}).get("modes") or ())
        if not modes:
            raise CorrectionError(
                422,
                f"mode {value!r}: the event's type {plover} has no "
                "modes; set the type first, or leave the mode empty",
            )
        return _choice(f"mode of {plover}", value, modes)
    if field in ("source", "target"):
        ids = [value] if isinstance(value, str) else value
        if ids is None:
            return []
        if not isinstance(ids, list) or len(ids) > MAX_ACTORS:
            raise CorrectionError(
                422,
                f"{field}: expected a list of up to {MAX_ACTORS} actor "
                f'ids, e.g. ["ISR"]; got {_show(value)}',
            )
        out = []
        for actor in ids:
            if not isinstance(actor, str) or not _ACTOR.match(actor.strip()):
                raise CorrectionError(
                    422,
                    f"{field}: {_show(actor)} is not an actor id "
                    "(letters, digits, _ . : -; e.g. ISRMIL)",
                )
            if actor.strip() not in out:
                out.append(actor.strip())
        return out
    if field == "date":
        if value in (None, ""):
            return None
        if not isinstance(value, str) or not _DATE.match(value) or _span(value) is None:
            raise CorrectionError(
                422,
                f"date {_show(value)} is not a date; expected "
                "YYYY-MM-DD, YYYY-MM or YYYY (or null for no date)",
            )
        return value
    # place, speaker: text
    if value in (None, "") and field == "place":
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise CorrectionError(
            422, f"{field}: expected a text of 1 to {MAX_TEXT} characters; got {_show(value)}"
        )
    return " ".join(value.split())


def _choice(field: str, value: Any, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise CorrectionError(422, f"{field} {_show(value)} is not one of: {', '.join(choices)}")
    return value


def _show(value: Any) -> str:
    return json.dumps(value, default=str)[:60]


def _span(value: str) -> tuple[dt.date, dt.date, str] | None:
    """The first and last day a YYYY[-MM[-DD]] date covers, with its precision."""
    parts = [int(p) for p in value.split("-")]
    try:
        if len(parts) == 3:
            day = dt.date(*parts)
            return day, day, "day"
        if len(parts) == 2:
            first = dt.date(parts[0], parts[1], 1)
            nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1), "month"
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31), "year"
    except ValueError:
        return None


# ---- applying corrections to records -----------------------------------------------------------


def current(kind: str, record: dict[str, Any], field: str) -> Any:
    """The value of `field` in a record (to_dict shape) as an annotation's `old` keeps it."""
    if field == "verdict":
        return record.get("verdict")
    if kind == "attribution" and field == "speaker":
        chain = record.get("chain") or []
        return chain[-1].get("name") if len(chain) > 1 else None
    if field in ("type", "mode"):
        return (record.get("type") or {}).get("plover" if field == "type" else "mode")
    if field in ("source", "target"):
        return [p.get("actor_id") for p in record.get(field) or []]
    if field == "place":
        return (record.get("where") or {}).get("name")
    if field == "date":
        return (record.get("when") or {}).get("start")
    return record.get(field)


def apply(kind: str, record: dict[str, Any], notes: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A copy of `record` with the active annotations `notes` applied in order, and `human`:
    field -> {value, by, at, annotation} for every field a person set."""
    from .taxonomy import plover_types

    notes = list(notes)
    if not notes:
        return record
    out = copy.deepcopy(record)
    human: dict[str, Any] = dict(out.get("human") or {})
    for note in notes:
        field, value = note["field"], note["new"]
        if field == "verdict":
            out["verdict"] = value
        elif field == "speaker":
            chain = list(out.get("chain") or [{"name": "outlet", "kind": "outlet"}])
            link = {"name": value, "actor_id": None, "kind": "source"}
            chain = [*chain[:-1], link] if len(chain) > 1 else [*chain, link]
            out["chain"] = chain
            out["own_voice"] = False
        elif field in ("type", "mode"):
            etype = dict(out.get("type") or {})
            plover = value if field == "type" else etype.get("plover")
            modes = plover_types().get(plover or "", {}).get("modes") or []
            mode = value if field == "mode" else etype.get("mode")
            out["type"] = coded(plover, mode if mode in modes else None)
        elif field == "status":
            out["status"] = value
        elif field in ("source", "target"):
            said = {p.get("actor_id"): p.get("mention") for p in out.get(field) or []}
            out[field] = [
                {"actor_id": a, "mention": said.get(a) or a, "role": field} for a in value
            ]
        elif field == "place":
            old = out.get("where") or {}
            out["where"] = (
                None if value is None else old if old.get("name") == value else placed(value, out)
            )
        elif field == "date":
            span = _span(value) if value else None
            out["when"] = (
                None
                if span is None
                else {
                    "start": span[0].isoformat(),
                    "end": span[1].isoformat(),
                    "precision": span[2],
                    "text": value,
                    "basis": "analyst",
                }
            )
        human[field] = {
            "value": value,
            "by": note["who"],
            "at": iso(note["at"]),
            "annotation": note["id"],
        }
    out["human"] = human
    return out


def placed(name: str, record: dict[str, Any]) -> dict[str, Any]:
    """A place as an analyst named it, geocoded as the places stage geocodes a name (homonyms
    ranked by the countries of the event's record); no coordinates when no place has it."""
    from .geocode import places

    where = record.get("where") or {}
    context = {where.get("country"), *(p.get("actor_id", "")[:3] for role in ("source", "target")
                                      for p in record.get(role) or [])} - {None, ""}  # fmt: skip
    hit = places().resolve(name, context)
    return {"name": name, "country": hit.country if hit else None,
            "lat": hit.lat if hit else None, "lon": hit.lon if hit else None,
            "precision": hit.precision if hit else None,
            "gazetteer_id": hit.gazetteer_id if hit else None}  # fmt: skip


def coded(plover: str | None, mode: str | None) -> dict[str, Any]:
    """An event type as an analyst set it: the CAMEO code and ACLED coding follow the PLOVER
    type and mode (the machine's were of the old type): the most general CAMEO code of the
    type's main root (of the mode, where the table has one): CAMEO2PLOVER read backwards."""
    from .taxonomy import acled_for, cameo_to_plover_table

    table = cameo_to_plover_table()
    codes = [c for c, row in table.items() if row.plover == plover]
    # the type's main root: the one most of its codes sit under (ACCUSE: 11, not 09)
    roots = Counter(c[:2] for c in codes)
    order = sorted(codes, key=lambda c: (len(c), -roots[c[:2]], c))
    moded = [c for c in order if mode and table[c].mode == mode]
    cameo = (moded or order or [None])[0]
    acled = acled_for(plover, mode, cameo) if plover else None
    return {"plover": plover, "mode": mode, "cameo": cameo,
            "acled_type": acled[0] if acled else None,
            "acled_subtype": acled[1] if acled else None}  # fmt: skip


def added_record(note: dict[str, Any]) -> dict[str, Any]:
    """An event an analyst added (its `added` annotation), in the shape of a stored record."""
    new = note["new"]
    return {
        "id": note["record_id"],
        "article_id": note["article_id"],
        "added": True,
        "type": coded(new.get("type"), None),
        "status": "occurred",
        "source": [
            {"actor_id": a, "mention": a, "role": "source"} for a in new.get("source") or []
        ],
        "target": [
            {"actor_id": a, "mention": a, "role": "target"} for a in new.get("target") or []
        ],
        "evidence": {"start": new["start"], "end": new["end"], "text": new["text"]},
        "trigger": new["text"],
        "where": None,
        "when": None,
        "verdict": "accepted",
        "human": {
            ADDED: {
                "value": new,
                "by": note["who"],
                "at": iso(note["at"]),
                "annotation": note["id"],
            }
        },
    }


def flat_event(row: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """A `Store.events` row with its flat columns taken from the corrected `record`."""
    etype, where, when = record.get("type") or {}, record.get("where") or {}, record.get("when")
    out = dict(row)
    out.update(
        plover=etype.get("plover"),
        mode=etype.get("mode"),
        cameo=etype.get("cameo"),
        acled_type=etype.get("acled_type"),
        acled_subtype=etype.get("acled_subtype"),
        status=record.get("status"),
        source_ids=[p["actor_id"] for p in record.get("source") or []],
        target_ids=[p["actor_id"] for p in record.get("target") or []],
        place=where.get("name"),
        country=where.get("country"),
        lat=where.get("lat"),
        lon=where.get("lon"),
        record=record,
        verdict=record.get("verdict"),
        human=sorted(record.get("human") or {}),
    )
    if "date" in (record.get("human") or {}):
        out.update(
            date_start=_day(when, "start"),
            date_end=_day(when, "end"),
            date_precision=(when or {}).get("precision"),
        )
    return out


def _day(when: dict[str, Any] | None, key: str) -> dt.date | None:
    value = (when or {}).get(key)
    return dt.date.fromisoformat(value) if value else None


def iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
