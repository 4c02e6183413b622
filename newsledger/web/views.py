"""What the web pages show, computed from stored records: pure functions, no HTTP, no store.

- `segments` cuts an article's text at every annotation boundary so that overlapping spans
  (a mention inside an attributed scope inside a sentence with a slant marker) render as flat,
  non-nested HTML (the "boundary sweep" used by brat and displaCy-style span renderers).
- `profile` sums up one article: slant markers by category, the outlet's own-voice share, and
  the naming choices it made for each actor.
- `flat_event` turns an event as the store or `Analysis.to_dict()` gives it into one table row.
- `graph`, `timeline`, `places` and `outlet_comparison` aggregate those rows for the ledger
  pages (actor graph, timeline, offline map, outlets side by side).

Input shapes are the JSON contract of `model.Analysis.to_dict()`; rows are plain dicts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from ..extract import slant

Row = Mapping[str, Any]

# Kinds of highlighted span, in the order they are drawn (later kinds sit on top).
KINDS = ("scope", "cue", "mention", "trigger", "marker", "speaker")

# Mention routes that are loaded naming choices (a role or demonym is not loaded by itself).
LOADED_VIA = {"loaded_alias", "metonym"}


# ---------------------------------------------------------------------------------------------
# One article


def annotations(analysis: Row, text: str) -> list[dict[str, Any]]:
    """Every highlightable span of one analysed article, with what a hover should say."""
    out: list[dict[str, Any]] = []
    n = len(text)

    def add(kind: str, start: Any, end: Any, label: str, detail: dict[str, Any]) -> None:
        if not isinstance(start, int) or not isinstance(end, int):
            return
        start, end = max(0, start), min(n, end)
        if start < end:
            out.append({"id": len(out), "kind": kind, "start": start, "end": end,
                        "label": label, "detail": detail})

    for actor in analysis.get("actors", []):
        for m in actor.get("mentions", []):
            # Stored mentions are flat (start_char/end_char); fresh ones carry `evidence`.
            ev = m.get("evidence") or {"start": m.get("start_char"), "end": m.get("end_char")}
            add("mention", ev.get("start"), ev.get("end"), actor.get("name") or actor["id"],
                {"as written": m.get("text"), "actor": actor.get("id"), "name": actor.get("name"),
                 "kind": actor.get("kind"), "via": m.get("via"), "acts for": m.get("acts_for")})
    for event in analysis.get("events", []):
        ev = event.get("evidence") or {}
        row = flat_event(event)
        add("trigger", ev.get("start"), ev.get("end"), row["type"] or "event",
            {"type": row["type"], "mode": row["mode"], "cameo": row["cameo"],
             "acled": row["acled"], "status": row["status"],
             "source": ", ".join(row["source"]), "target": ", ".join(row["target"]),
             "place": row["place"], "date": row["date"], "said by": row["chain"],
             "event": event.get("id")})
    for attr in analysis.get("attributions", []):
        if attr.get("own_voice", True):
            continue
        chain = chain_text(attr)
        add("scope", attr.get("scope_start"), attr.get("scope_end"), chain,
            {"chain": chain, "cue": attr.get("cue"), "quote": attr.get("quote")})
        ev = attr.get("evidence") or {}
        add("cue", ev.get("start"), ev.get("end"), attr.get("cue") or "attribution",
            {"chain": chain, "cue": attr.get("cue")})
    for marker in analysis.get("markers", []):
        ev = marker.get("evidence") or {}
        add("marker", ev.get("start"), ev.get("end"), marker.get("category") or "marker",
            {"category": marker.get("category"), "neutral wording": marker.get("neutral"),
             "as written": (marker.get("evidence") or {}).get("text"),
             "bears on": marker.get("target_actor_id"), "lexicon": marker.get("lexicon")})
    for marker in analysis.get("speaker_markers", []):  # a speaker's words: theirs
        ev = marker.get("evidence") or {}
        add("speaker", ev.get("start"), ev.get("end"), marker.get("speaker") or "speaker",
            {"speaker": marker.get("speaker"), "category": marker.get("category"),
             "neutral wording": marker.get("neutral"), "as written": ev.get("text"),
             "bears on": marker.get("target_actor_id"), "lexicon": marker.get("lexicon")})
    for a in out:
        # Pairs, not a mapping: JSON serialisation would sort the keys out of reading order.
        a["detail"] = [[k, v] for k, v in a["detail"].items() if v not in (None, "", [])]
    return out


def segments(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut `text` at every span boundary; each piece lists the spans that cover it."""
    cuts = {0, len(text)}
    for s in spans:
        cuts.add(s["start"])
        cuts.add(s["end"])
    points = sorted(cuts)
    # Sweep: spans sorted by start, kept while they still cover the piece.
    by_start = sorted(spans, key=lambda s: (s["start"], -s["end"]))
    active: list[dict[str, Any]] = []
    i = 0
    out = []
    for a, b in zip(points, points[1:], strict=False):
        while i < len(by_start) and by_start[i]["start"] <= a:
            active.append(by_start[i])
            i += 1
        active = [s for s in active if s["end"] > a]
        covering = [s for s in active if s["start"] <= a and s["end"] >= b]
        kinds = sorted({s["kind"] for s in covering}, key=KINDS.index)
        out.append({"text": text[a:b], "start": a, "kinds": kinds,
                    "ids": [s["id"] for s in covering]})
    return out


def profile(analysis: Row, text: str) -> dict[str, Any]:
    """Slant markers by category, own-voice share and naming choices of one article."""
    # as the stored profile does: a marker counts at or above the shipped threshold, the rest
    # stay highlighted in the text but out of the counts
    cut = slant.profile_threshold()
    stored = analysis.get("markers", [])
    counted = [m for m in stored if m.get("confidence") is None or m["confidence"] >= cut]
    markers = Counter(m.get("category") or "?" for m in counted)
    events = [flat_event(e) for e in analysis.get("events", [])]
    own = sum(1 for e in events if e["own_voice"])
    attributed_chars = _covered(
        [(a.get("scope_start", 0), a.get("scope_end", 0))
         for a in analysis.get("attributions", []) if not a.get("own_voice", True)]
    )
    words = max(1, len(text.split()))
    return {
        "words": len(text.split()),
        "markers": sorted(markers.items(), key=lambda kv: (-kv[1], kv[0])),
        "markers_total": sum(markers.values()),
        "markers_per_1000_words": round(1000 * sum(markers.values()) / words, 1),
        "markers_below_threshold": len(stored) - len(counted),
        "events": len(events),
        "events_own_voice": own,
        "own_voice_share": round(own / len(events), 2) if events else None,
        "attributed_text_share": round(attributed_chars / len(text), 2) if text else None,
        "claims": len(analysis.get("claims", [])),
        "naming": naming(analysis),
        "speakers": speakers(analysis),
    }


def speakers(analysis: Row) -> list[dict[str, Any]]:
    """Loaded words in speakers' own words, by speaker (most first): theirs, not the
    outlet's, so never among its markers."""
    by: dict[str, list[dict[str, Any]]] = {}
    for m in analysis.get("speaker_markers", []):
        ev = m.get("evidence") or {}
        by.setdefault(m.get("speaker") or "unnamed speaker", []).append(
            {"text": ev.get("text"), "category": m.get("category"), "neutral": m.get("neutral")})
    return [{"speaker": who, "words": words}
            for who, words in sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def naming(analysis: Row) -> list[dict[str, Any]]:
    """For each actor, the surface forms used, most frequent first, loaded forms flagged."""
    out = []
    for actor in analysis.get("actors", []):
        forms: Counter[tuple[str, str]] = Counter()
        for m in actor.get("mentions", []):
            forms[(m.get("text") or "", m.get("via") or "name")] += 1
        if not forms:
            continue
        out.append({
            "actor": actor.get("id"),
            "name": actor.get("name") or actor.get("id"),
            "forms": [{"text": t, "via": v, "count": c, "loaded": v in LOADED_VIA}
                      for (t, v), c in sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))],
            "mentions": sum(forms.values()),
        })
    out.sort(key=lambda a: (-a["mentions"], a["name"]))
    return out


def _covered(intervals: list[tuple[int, int]]) -> int:
    """Characters covered by the union of intervals."""
    total, end = 0, -1
    for a, b in sorted(intervals):
        if b <= end:
            continue
        total += b - max(a, end)
        end = b
    return total


def chain_text(attr: Row | None) -> str:
    """An attribution chain as "outlet → media outlets → an HTS official"."""
    if not attr:
        return ""
    return " → ".join(str(s.get("name")) for s in attr.get("chain", []) if s.get("name"))


def reviewable(analysis: Row) -> dict[str, list[dict[str, Any]]]:
    """An article's slant markers and attributions (those that name a source) as rows an
    analyst can judge, with the fields a person set."""
    markers = []
    for m in analysis.get("markers", []):
        ev = m.get("evidence") or {}
        markers.append({"id": m.get("id"), "text": ev.get("text"), "category": m.get("category"),
                        "neutral": m.get("neutral"), "confidence": _number(m.get("confidence")),
                        "verdict": m.get("verdict"), "human": dict(m.get("human") or {})})
    attributions = []
    for a in analysis.get("attributions", []):
        if a.get("own_voice", True) and "speaker" not in (a.get("human") or {}):
            continue
        chain = a.get("chain") or []
        attributions.append({"id": a.get("id"), "cue": a.get("cue"), "chain": chain_text(a),
                             "speaker": chain[-1].get("name") if len(chain) > 1 else None,
                             "source_text": a.get("source_text"), "verdict": a.get("verdict"),
                             "human": dict(a.get("human") or {})})
    return {"markers": markers, "attributions": attributions}


# ---------------------------------------------------------------------------------------------
# Events as table rows


def flat_event(event: Row, article: Row | None = None) -> dict[str, Any]:
    """One event, nested as `Event` serialises or already flat, as one ledger row."""
    if "plover" in event:
        return _from_flat(event)
    t = event.get("type") or {}
    where = event.get("where") or {}
    when = event.get("when") or {}
    attr = event.get("attribution")
    ev = event.get("evidence") or {}
    art = article or {}
    return {
        "id": event.get("id"),
        "article": ev.get("article_id") or art.get("id"),
        "type": t.get("plover"),
        "mode": t.get("mode"),
        "cameo": t.get("cameo"),
        "acled": " / ".join(x for x in (t.get("acled_type"), t.get("acled_subtype")) if x),
        "status": event.get("status"),
        "certainty": event.get("certainty"),
        "date": when.get("start"),
        "date_end": when.get("end"),
        "precision": when.get("precision"),
        "place": where.get("name"),
        "country": where.get("country"),
        "lat": where.get("lat"),
        "lon": where.get("lon"),
        "outlet": art.get("outlet"),
        "published": art.get("published"),
        "source": [p.get("actor_id") for p in event.get("source", [])],
        "target": [p.get("actor_id") for p in event.get("target", [])],
        "source_text": [p.get("mention") for p in event.get("source", [])],
        "target_text": [p.get("mention") for p in event.get("target", [])],
        "trigger": event.get("trigger"),
        "start": ev.get("start"),
        "end": ev.get("end"),
        "own_voice": attr is None or bool(attr.get("own_voice", True)),
        "chain": chain_text(attr),
        "story": None,
        "confidence": _number(event.get("confidence")),
        # what an analyst set: field -> {value, by, at, annotation}, and their verdict
        "human": dict(event.get("human") or {}),
        "verdict": event.get("verdict"),
    }


def _from_flat(row: Row) -> dict[str, Any]:
    """An event row as `Store.events()` gives it (flat columns plus the full `record`)."""
    record = row.get("record") if isinstance(row.get("record"), Mapping) else {}

    def said(role: str) -> list[Any]:
        return [p.get("mention") for p in record.get(role, [])]

    return {
        "id": row.get("id"),
        "article": row.get("article_id"),
        "type": row.get("plover"),
        "mode": row.get("mode"),
        "cameo": row.get("cameo"),
        "acled": " / ".join(x for x in (row.get("acled_type"), row.get("acled_subtype")) if x),
        "status": row.get("status"),
        "certainty": row.get("certainty"),
        "date": _iso(row.get("date_start")),
        "date_end": _iso(row.get("date_end")),
        "precision": row.get("date_precision"),
        "place": row.get("place"),
        "country": row.get("country"),
        "lat": row.get("lat"),
        "lon": row.get("lon"),
        "outlet": row.get("outlet"),
        "published": _iso(row.get("published")),
        "source": list(row.get("source_ids") or []),
        "target": list(row.get("target_ids") or []),
        "source_text": said("source"),
        "target_text": said("target"),
        "trigger": row.get("trigger"),
        "start": row.get("start_char"),
        "end": row.get("end_char"),
        "own_voice": True if row.get("own_voice") is None else bool(row.get("own_voice")),
        "chain": row.get("chain") or "",
        "story": row.get("story_id"),
        "confidence": _number(row.get("confidence", record.get("confidence"))),
        "human": dict(record.get("human") or {}),
        "verdict": row.get("verdict", record.get("verdict")),
    }


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


# ---------------------------------------------------------------------------------------------
# Aggregates over many events


def graph(events: Iterable[Row], type_: str | None = None) -> dict[str, Any]:
    """Who acts on whom: nodes are actors, edges source → target counted by event type."""
    edges: Counter[tuple[str, str, str]] = Counter()
    degree: Counter[str] = Counter()
    for e in events:
        if type_ and e["type"] != type_:
            continue
        for s in e["source"]:
            for t in e["target"]:
                if s and t and s != t:
                    edges[(s, t, e["type"] or "?")] += 1
                    degree[s] += 1
                    degree[t] += 1
    return {
        "nodes": [{"id": a, "degree": d} for a, d in sorted(degree.items(),
                                                          key=lambda kv: (-kv[1], kv[0]))],
        "edges": [{"source": s, "target": t, "type": ty, "count": c}
                  for (s, t, ty), c in sorted(edges.items(), key=lambda kv: (-kv[1], kv[0]))],
        "types": sorted({ty for _, _, ty in edges}),
    }


def places(events: Iterable[Row]) -> list[dict[str, Any]]:
    """Event places with coordinates, one point per place, with the events there."""
    points: dict[tuple[float, float, str], dict[str, Any]] = {}
    for e in events:
        if e["lat"] is None or e["lon"] is None:
            continue
        key = (round(float(e["lat"]), 4), round(float(e["lon"]), 4), e["place"] or "")
        p = points.setdefault(key, {"place": e["place"], "country": e["country"],
                                    "lat": key[0], "lon": key[1], "count": 0, "events": []})
        p["count"] += 1
        if len(p["events"]) < 20:  # a popup lists a few; the ledger link has them all
            p["events"].append({"id": e["id"], "article": e["article"], "type": e["type"],
                                "status": e["status"], "date": e["date"],
                                "trigger": e["trigger"]})
    return sorted(points.values(), key=lambda p: -p["count"])


def timeline(events: Iterable[Row]) -> dict[str, Any]:
    """Dated events grouped in lanes by event type, with the date range they span."""
    lanes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    dates: list[str] = []
    undated = 0
    for e in events:
        date = e["date"] or None
        if not date:
            undated += 1
            continue
        dates.append(str(date))
        if e["date_end"]:
            dates.append(str(e["date_end"]))
        lanes[e["type"] or "?"].append({
            "id": e["id"], "article": e["article"], "date": str(date),
            "end": str(e["date_end"]) if e["date_end"] else None, "status": e["status"],
            "label": _event_label(e), "outlet": e["outlet"],
        })
    return {
        "lanes": [{"type": t, "events": sorted(v, key=lambda x: x["date"])}
                  for t, v in sorted(lanes.items())],
        "min": min(dates) if dates else None,
        "max": max(dates) if dates else None,
        "undated": undated,
    }


def _event_label(e: Row) -> str:
    who = ", ".join(e["source"]) or "?"
    whom = ", ".join(e["target"])
    return f"{who} {e['type'] or ''} {whom}".strip() + (f" — {e['place']}" if e["place"] else "")


def outlet_comparison(articles: Iterable[Row], events: Iterable[Row], markers: Iterable[Row],
                      actors: Iterable[Row]) -> dict[str, Any]:
    """How outlets name the same actors and how often they speak in their own voice.

    Inputs are store rows: articles (outlet, words), events (flat rows), markers (outlet,
    category) and actors (with per-outlet surface forms, as `Store.actors()` gives them).
    """
    unknown = "(unknown outlet)"
    per: dict[str, dict[str, Any]] = {}

    def slot(outlet: str | None) -> dict[str, Any]:
        name = outlet or unknown
        return per.setdefault(name, {"outlet": name, "articles": 0, "words": 0, "events": 0,
                                     "events_own_voice": 0, "markers": 0,
                                     "categories": Counter()})

    for a in articles:
        o = slot(a.get("outlet"))
        o["articles"] += 1
        o["words"] += a.get("words") or 0
    for e in events:
        o = slot(e["outlet"])
        o["events"] += 1
        o["events_own_voice"] += bool(e["own_voice"])
    for m in markers:
        o = slot(m.get("outlet"))
        o["markers"] += 1
        o["categories"][m.get("category") or "?"] += 1
    summary = []
    for name in sorted(per):
        o = per[name]
        o["own_voice_share"] = (round(o["events_own_voice"] / o["events"], 2)
                                if o["events"] else None)
        o["markers_per_1000_words"] = (round(1000 * o["markers"] / o["words"], 1)
                                       if o["words"] else None)
        o["categories"] = sorted(o["categories"].items(), key=lambda kv: (-kv[1], kv[0]))
        summary.append(o)
    # Actors named by at least two outlets come first: that is where naming can be compared.
    named = []
    for actor in actors:
        by_outlet = {(b.get("outlet") or unknown): [_form(f) for f in b.get("forms") or []]
                     for b in actor.get("outlets") or []}
        if not by_outlet:
            continue
        named.append({"actor": actor["id"], "name": actor.get("name") or actor["id"],
                      "kind": actor.get("kind"), "outlets": by_outlet,
                      "shared": len(by_outlet), "mentions": actor.get("mentions") or 0})
    named.sort(key=lambda a: (-a["shared"], -a["mentions"], a["name"]))
    return {"outlets": [o["outlet"] for o in summary], "summary": summary, "actors": named}


def _form(value: Any) -> dict[str, Any]:
    """A surface form as the store lists it, "the Israeli regime (3)", split into text, count."""
    text = str(value)
    if text.endswith(")") and " (" in text:
        head, _, count = text[:-1].rpartition(" (")
        if count.isdigit():
            return {"text": head, "count": int(count)}
    return {"text": text, "count": None}


# ---------------------------------------------------------------------------------------------
# API reference


def endpoints(schema: Row) -> list[dict[str, Any]]:
    """The operations of an OpenAPI schema, flattened for a reference page."""
    out = []
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "type": _schema_type(p.get("schema", {})),
                       "description": p.get("description") or p.get("schema", {}).get(
                           "description", "")}
                      for p in op.get("parameters", [])]
            body = (op.get("requestBody") or {}).get("content", {}).get("application/json", {})
            ref = body.get("schema", {}).get("$ref", "")
            model = schema.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1])
            fields = [{"name": k, "type": _schema_type(v),
                       "required": k in (model or {}).get("required", []),
                       "description": v.get("description", "")}
                      for k, v in (model or {}).get("properties", {}).items()]
            out.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "tags": op.get("tags", []), "params": params, "body": fields,
                        "responses": sorted(op.get("responses", {}))})
    return out


def _schema_type(s: Row) -> str:
    if "anyOf" in s:
        return " | ".join(_schema_type(x) for x in s["anyOf"])
    if "enum" in s:
        return " | ".join(map(str, s["enum"]))
    kind = s.get("type", "any")
    return f"{kind} ({s['format']})" if "format" in s else str(kind)
