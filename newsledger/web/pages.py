"""The web UI's pages: server-rendered Jinja2 templates, small vanilla JavaScript on top.

    /                    articles in the store
    /articles/{id}       the article with its spans highlighted by kind and its profile
    /ledger              the event table with the CLI's filters, sortable, linked to evidence
    /timeline            events in lanes by type along their dates (SVG)
    /map                 event places over vendored country boundaries (Leaflet, no tiles)
    /graph               who acts on whom, by event type (SVG)
    /outlets             how outlets name the same actors and how often they speak themselves
    /review              records least sure first, to accept, reject or correct (review.js:
                         the same keys and buttons as in the article view and the ledger)

Everything the pages load is served from newsledger/web/static; nothing comes from the
internet at run time (no CDN, no tile server). Data reach the scripts as JSON in a
`<script type="application/json">` element (not executed, allowed by the CSP).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..annotations import FIELDS
from ..api_common import GRAPH_LIMIT, Db, EventFilters, analysis_or_404, stories_of
from ..api_errors import ApiError
from ..model import Status
from ..taxonomy import plover_types
from . import views

Filters = Annotated[EventFilters, Depends()]
# ledger rows whose calibrated confidence is under this are marked for checking
LOW_CONFIDENCE = 0.5

HERE = Path(__file__).parent
MAX_PAGE_EVENTS = GRAPH_LIMIT  # events drawn on one timeline/map/graph page

NAV = [("/", "Articles"), ("/ledger", "Ledger"), ("/timeline", "Timeline"), ("/map", "Map"),
       ("/graph", "Actor graph"), ("/outlets", "Outlets"), ("/review", "Review")]
KIND_LABELS = {"mention": "actor mentions", "trigger": "event triggers",
               "cue": "attribution cues", "scope": "attributed text", "marker": "slant markers",
               "speaker": "speakers' loaded words"}


def install_pages(app: FastAPI) -> None:
    """Mount the static files and add the HTML routes to `app`."""
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    review_config = {"types": {t: v.get("modes") or [] for t, v in plover_types().items()},
                     "statuses": [s.value for s in Status], "fields": FIELDS}
    templates.env.globals.update(nav=NAV, statuses=[s.value for s in Status],
                                 kind_labels=KIND_LABELS, max_page_events=MAX_PAGE_EVENTS,
                                 review_config=review_config)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context)

    def filtered(db: Any, filters: EventFilters, limit: int) -> list[dict[str, Any]]:
        return [views.flat_event(r) for r in db.events(limit=limit, **filters.given())]

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, db: Db, outlet: str | None = None,
              offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
        rows = db.articles(outlet=outlet, limit=200, offset=offset)
        return page(request, "index.html", articles=rows, counts=db.counts(), outlet=outlet,
                    offset=offset)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article(request: Request, article_id: str, db: Db) -> HTMLResponse:
        analysis = analysis_or_404(db, article_id)
        text = analysis.get("text") or ""
        spans = views.annotations(analysis, text)
        art = analysis.get("article") or {}
        events = [views.flat_event(e, art) for e in analysis.get("events", [])]
        return page(request, "article.html", analysis=analysis, art=art,
                    segments=views.segments(text, spans), spans=spans,
                    review=views.reviewable(analysis),
                    profile=views.profile(analysis, text), events=events,
                    kinds=[k for k in views.KINDS if any(s["kind"] == k for s in spans)])

    @app.get("/ledger", response_class=HTMLResponse, include_in_schema=False)
    def ledger(request: Request, db: Db, filters: Filters,
               limit: Annotated[int, Query(ge=1, le=MAX_PAGE_EVENTS)] = 500,
               offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
        rows = [views.flat_event(r) for r in
                db.events(limit=limit, offset=offset, **filters.given())]
        next_url = str(request.url.include_query_params(offset=offset + limit))
        return page(request, "ledger.html", events=rows, f=filters.values, limit=limit,
                    offset=offset, next_url=next_url, low_confidence=LOW_CONFIDENCE,
                    total=db.count_events(**filters.given()))

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review(request: Request, db: Db, kind: str | None = None, include_reviewed: bool = False,
               by: str = "confidence",
               limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> HTMLResponse:
        if kind not in (None, "", "event", "marker"):
            raise ApiError(422, "invalid_request", f"kind {kind[:40]!r} is not event or marker")
        rows = db.review_queue(limit=limit, kind=kind or None, include_reviewed=include_reviewed,
                               by=by)
        return page(request, "review.html", items=rows, kind=kind or None, by=by,
                    include_reviewed=include_reviewed)

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline(request: Request, db: Db, filters: Filters) -> HTMLResponse:
        def compute() -> dict[str, Any]:
            rows = filtered(db, filters, MAX_PAGE_EVENTS)
            data = views.timeline(rows)
            data["stories"] = stories_of(db, limit=500)
            return {"data": data, "truncated": len(rows) == MAX_PAGE_EVENTS}

        return page(request, "timeline.html", f=filters.values,
                    **app.state.memo.get(("timeline", filters.key()), compute))

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request, db: Db, filters: Filters) -> HTMLResponse:
        def compute() -> dict[str, Any]:
            rows = filtered(db, filters, MAX_PAGE_EVENTS)
            return {"data": {"points": views.places(rows)}, "total": len(rows),
                    "unplaced": sum(1 for e in rows if e["lat"] is None or e["lon"] is None),
                    "truncated": len(rows) == MAX_PAGE_EVENTS}

        return page(request, "map.html", f=filters.values,
                    **app.state.memo.get(("map", filters.key()), compute))

    @app.get("/graph", response_class=HTMLResponse, include_in_schema=False)
    def graph(request: Request, db: Db, filters: Filters) -> HTMLResponse:
        def compute() -> dict[str, Any]:
            rows = filtered(db, filters, MAX_PAGE_EVENTS)
            data = views.graph(rows)
            names = {a["id"]: a.get("name") or a["id"] for a in db.actors()}
            for node in data["nodes"]:
                node["name"] = names.get(node["id"], node["id"])
            return {"data": data, "truncated": len(rows) == MAX_PAGE_EVENTS}

        return page(request, "graph.html", f=filters.values,
                    **app.state.memo.get(("graph", filters.key()), compute))

    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets(request: Request, db: Db) -> HTMLResponse:
        def compute() -> dict[str, Any]:
            return views.outlet_comparison(
                db.articles(), (views.flat_event(r) for r in db.iter_events()), db.markers(),
                db.actors())

        return page(request, "outlets.html", data=app.state.memo.get(("outlets",), compute))

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        return page(request, "api_docs.html", endpoints=views.endpoints(app.openapi()))

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        return RedirectResponse("/static/favicon.svg")

    def error_page(request: Request, status: int, code: str, message: str) -> HTMLResponse:
        response = templates.TemplateResponse(request, "error.html", {
            "status": status, "code": code, "message": message}, status_code=status)
        return response

    app.state.error_page = error_page
