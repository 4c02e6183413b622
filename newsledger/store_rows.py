"""Analyses flattened into the store's rows, one list per table (no SQL here: `store` writes
them). Each row keeps its evidence: article id, sentence, character span, and the record."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from .model import Analysis, to_dict


def _chain_text(attribution: Any) -> str | None:
    if attribution is None:
        return None
    return " → ".join(link.name for link in attribution.chain)


def rows_for(analyses: list[Analysis]) -> dict[str, list[dict[str, Any]]]:
    """Flatten analyses into rows per table."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    tables: dict[str, list[dict[str, Any]]] = {
        "articles": [], "actors": [], "mentions": [], "places": [], "events": [],
        "claims": [], "markers": [], "attributions": [],
    }
    for an in analyses:
        art = an.article
        aid = art.id
        tables["articles"].append({
            "id": aid, "external_id": art.external_id, "title": art.title, "outlet": art.outlet,
            "published": art.published, "url": art.url, "source": art.source,
            "language": art.language, "text": art.text, "words": len(art.text.split()),
            "ingested_at": now, "original": art.original,
        })
        for actor in an.actors:
            tables["actors"].append({
                "id": actor.id, "name": actor.name, "kind": actor.kind, "country": actor.country,
                "provisional": actor.provisional, "record": json.dumps(to_dict(actor)),
            })
        for m in an.mentions:
            tables["mentions"].append({
                "article_id": aid, "actor_id": m.actor_id, "text": m.text, "via": m.via,
                "acts_for": m.acts_for, "sentence": m.evidence.sentence,
                "start_char": m.evidence.start, "end_char": m.evidence.end,
            })
        for p in an.places:
            tables["places"].append({
                "article_id": aid, "name": p.name, "country": p.country, "lat": p.lat,
                "lon": p.lon, "precision": p.precision, "gazetteer_id": p.gazetteer_id,
                "sentence": p.evidence.sentence, "start_char": p.evidence.start,
                "end_char": p.evidence.end,
            })
        for e in an.events:
            where, when, attr = e.where, e.when, e.attribution
            tables["events"].append({
                "id": e.id, "article_id": aid, "plover": e.type.plover, "mode": e.type.mode,
                "cameo": e.type.cameo, "acled_type": e.type.acled_type,
                "acled_subtype": e.type.acled_subtype, "trigger": e.trigger,
                "status": str(e.status), "certainty": str(e.certainty),
                "source_ids": [p.actor_id for p in e.source],
                "target_ids": [p.actor_id for p in e.target],
                "other_ids": [p.actor_id for p in e.others],
                "place": where.name if where else None,
                "country": where.country if where else None,
                "lat": where.lat if where else None, "lon": where.lon if where else None,
                "date_start": when.start if when else None,
                "date_end": when.end if when else None,
                "date_precision": when.precision if when else None,
                "own_voice": attr.own_voice if attr else True, "chain": _chain_text(attr),
                "sentence": e.evidence.sentence, "start_char": e.evidence.start,
                "end_char": e.evidence.end, "story_id": None,
                "record": json.dumps(to_dict(e)),
            })
        for c in an.claims:
            tables["claims"].append({
                "id": c.id, "article_id": aid, "speaker": c.speaker,
                "speaker_actor_id": c.speaker_actor_id, "cue": c.cue, "kind": c.kind,
                "quoted": c.quoted, "sentence": c.content.sentence,
                "start_char": c.content.start, "end_char": c.content.end,
                "record": json.dumps(to_dict(c)),
            })
        for mk in an.markers:
            tables["markers"].append({
                "article_id": aid, "category": mk.category, "text": mk.evidence.text,
                "neutral": mk.neutral, "target_actor_id": mk.target_actor_id,
                "sentence": mk.evidence.sentence, "start_char": mk.evidence.start,
                "end_char": mk.evidence.end, "record": json.dumps(to_dict(mk)),
            })
        for at in an.attributions:
            tables["attributions"].append({
                "article_id": aid, "chain": _chain_text(at), "cue": at.cue,
                "own_voice": at.own_voice, "scope_start": at.scope_start,
                "scope_end": at.scope_end, "record": json.dumps(to_dict(at)),
            })
    return tables
