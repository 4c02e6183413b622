"""The HTTP routes of analysts' corrections and the review queue.

    POST /api/corrections             {"kind", "record_id", "field", "value", "who"?, "note"?}
                                      -> 201 the annotation (needs the bearer token)
    GET  /api/corrections             every annotation, newest first (record_id, kind, article)
    POST /api/corrections/events      {"article_id", "start", "end", "type", "source"?,
                                      "target"?, "who"?, "note"?} -> 201 an event the
                                      machine missed, added (token; undone like the others):
                                      listed from then on with the machine's events
                                      (store_ledger), marked `added`; a second one on the
                                      same words is a 409
    POST /api/corrections/{id}/undo   {"who"?} -> 201 the annotation that reverts it (token)
    GET  /api/review                  records least sure first (kind, include_reviewed, limit;
                                      by=disagreement: events of stories outlets disagree on)

What a field takes is `annotations.FIELDS` and `annotations.check`; a bad field or value is a
422, an unknown record or annotation a 404, an undo of an undo (or of one already undone) a 409,
all in the one error shape. Reads everywhere show the corrected values, marked (`human`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query
from pydantic import BaseModel, ConfigDict, Field

from .annotations import FIELDS
from .api_common import Db, Page
from .api_errors import ErrorOut

WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "no credentials"},
    403: {"model": ErrorOut, "description": "wrong token, or writes disabled"},
    404: {"model": ErrorOut, "description": "no such record or annotation"},
    409: {
        "model": ErrorOut,
        "description": "an undo of an undo, or of one already undone; an event added on "
        "words an added event already has",
    },
}
_FIELDS_DOC = "; ".join(f"{kind}: {', '.join(fields)}" for kind, fields in FIELDS.items())


class CorrectionIn(BaseModel):
    """One field of one record, as an analyst sets it."""

    model_config = ConfigDict(extra="forbid")
    kind: str = Field(description="event, marker or attribution", max_length=20)
    record_id: str = Field(
        min_length=1,
        max_length=200,
        description="the record's `id` in /api/articles/{id} or /api/events",
    )
    field: str = Field(max_length=20, description=_FIELDS_DOC)
    value: Any = Field(
        None,
        description="verdict: accepted | rejected; type: a PLOVER type; "
        "status: a status; source/target: actor ids; date: YYYY[-MM[-DD]]; "
        "place, speaker: text",
    )
    who: str | None = Field(None, max_length=100, description="the analyst (default: analyst)")
    note: str | None = Field(None, max_length=1000)


class AddedEventIn(BaseModel):
    """An event the machine missed, marked by an analyst on the article's text."""

    model_config = ConfigDict(extra="forbid")
    article_id: str = Field(min_length=4, max_length=64, description="the article's id")
    start: int = Field(ge=0, description="first character of the event's words in the text")
    end: int = Field(gt=0, description="the character after its last")
    type: str = Field(max_length=20, description="its PLOVER type")
    source: list[str] | None = Field(None, description='actor ids, e.g. ["ISRMIL"]')
    target: list[str] | None = Field(None, description="actor ids")
    who: str | None = Field(None, max_length=100, description="the analyst (default: analyst)")
    note: str | None = Field(None, max_length=1000)


class UndoIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    who: str | None = Field(None, max_length=100)


def install_corrections(
    app: FastAPI,
    require_token: Callable[..., None],
    on_write: Callable[[], None],
    respond: Callable[..., Any],
) -> None:
    """Add the correction and review routes; `on_write` runs after every stored annotation
    (the server drops its memo of aggregates), `respond` renders JSON."""
    token = [Depends(require_token)]

    @app.post(
        "/api/corrections",
        tags=["write"],
        status_code=201,
        dependencies=token,
        responses=WRITE_ERRORS,
        summary="Correct one field of one record (needs the bearer token)",
    )
    def correct(body: CorrectionIn, db: Db) -> Any:
        note = db.correct(
            body.kind, body.record_id, body.field, body.value, who=body.who, note=body.note
        )
        on_write()
        return respond(note, status_code=201)

    @app.post(
        "/api/corrections/events",
        tags=["write"],
        status_code=201,
        dependencies=token,
        responses=WRITE_ERRORS,
        summary="Add an event the machine missed (needs the bearer token)",
    )
    def add_event(body: AddedEventIn, db: Db) -> Any:
        note = db.add_event(body.article_id, body.start, body.end, body.type, body.source,
                            body.target, who=body.who, note=body.note)  # fmt: skip
        on_write()
        return respond(note, status_code=201)

    @app.post(
        "/api/corrections/{annotation_id}/undo",
        tags=["write"],
        status_code=201,
        dependencies=token,
        responses=WRITE_ERRORS,
        summary="Undo a correction with a new annotation (needs the bearer token)",
    )
    def undo(annotation_id: int, db: Db, body: UndoIn | None = None) -> Any:
        note = db.undo_correction(annotation_id, who=body.who if body else None)
        on_write()
        return respond(note, status_code=201)

    @app.get(
        "/api/corrections", tags=["read"], summary="Analysts' corrections and undos, newest first"
    )
    def corrections(
        db: Db,
        page: Annotated[Page, Depends()],
        record_id: str | None = None,
        kind: str | None = None,
        article: str | None = None,
    ) -> Any:
        rows = db.corrections(
            record_id=record_id, kind=kind, article=article, limit=page.limit, offset=page.offset
        )
        return respond(
            {"items": rows, "count": len(rows), "limit": page.limit, "offset": page.offset}
        )

    @app.get(
        "/api/review",
        tags=["read"],
        summary="Records to review, least sure first (events and markers)",
    )
    def review(
        db: Db,
        kind: Annotated[str | None, Query(pattern="^(event|marker)$")] = None,
        include_reviewed: bool = False,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        by: Annotated[str, Query(pattern="^(confidence|disagreement)$")] = "confidence",
    ) -> Any:
        rows = db.review_queue(limit=limit, kind=kind, include_reviewed=include_reviewed, by=by)
        return respond({"items": rows, "count": len(rows)})
