"""The HTTP API and web UI over the store: a FastAPI app factory and `serve`.

    GET  /api/articles            stored articles (outlet, limit, offset)
    GET  /api/articles/{id}       one article's records (the `Analysis.to_dict` contract) + text
    GET  /api/events              events; filters as the CLI: actor, type, status, since, until,
                                  place, outlet, article, story, limit, offset; `total`: the
                                  matches over all pages. Events analysts added are listed
                                  with the machine's (`human` holds "added")
    GET  /api/actors | /api/stories | /api/markers | /api/claims | /api/graph
    POST /api/analyze             {"text", "published"?, "outlet"?, "title"?} -> the records;
                                  nothing is stored
    POST /api/articles            the same body (+ "url", "external_id") -> analysed and stored;
                                  needs `Authorization: Bearer <token>` (NEWSLEDGER_TOKEN); without
                                  a configured token every write is refused
    POST /api/corrections | /api/corrections/{id}/undo   an analyst's correction of a record,
                                  or its undo (token needed); GET /api/corrections, /api/review
                                  (newsledger.api_corrections)
    /, /ledger, /articles/{id}, /timeline, /map, /graph, /outlets   the web UI (newsledger/web)

Every error, whatever raised it, has one JSON shape: {"error": {"code": ..., "message": ...}}.
Bodies are capped (2 MB by default, 413 beyond). The server never fetches a URL it is given:
`url` is stored as metadata only. Pydantic is used for request bodies only; rows are dicts.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .api_common import (
    GRAPH_LIMIT,
    Db,
    FiltersQuery,
    Memo,
    Page,
    PageQuery,
    Stores,
    analysis_or_404,
    stories_of,
)
from .api_corrections import install_corrections
from .api_errors import ERROR_RESPONSES, ApiError, ErrorOut, error_response, install_error_handlers
from .config import Settings
from .errors import RejectedInput
from .model import Analysis
from .web import views
from .web.pages import install_pages

log = logging.getLogger(__name__)

MAX_BODY = 2_000_000  # bytes; analyses of longer texts belong to `newsledger ingest`
# One analysis holds a worker thread for seconds and ~1 GB per 100,000 characters in the
# parser: texts over MAX_ANALYZE_CHARS are refused (413), and at most MAX_ANALYSES run at
# once; a request beyond that is answered 429 at once rather than queued behind them.
MAX_ANALYZE_CHARS = 100_000
MAX_ANALYSES = 2


# ---------------------------------------------------------------------------------------------
# Middleware: body cap and safe headers


class LimitsMiddleware:
    """Refuse bodies over `max_body` bytes (413), whether announced or streamed; refuse Host
    headers outside `hosts` when given (a loopback server must not answer a page that
    DNS-rebinds its own name to 127.0.0.1); add headers that keep the UI self-contained (no
    third-party scripts, frames or referrers)."""

    CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
           "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
           "form-action 'self'")
    HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
               (b"x-frame-options", b"DENY"), (b"content-security-policy", CSP.encode())]

    def __init__(self, app: ASGIApp, max_body: int, hosts: frozenset[str] | None = None) -> None:
        self.app, self.max_body, self.hosts = app, max_body, hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def headed(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.HEADERS]}
            await send(message)

        if self.hosts is not None:
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name.lower() not in self.hosts:
                await error_response(400, "bad_host", f"host {host!r} is not served here; "
                                     f"use one of {sorted(self.hosts)}")(scope, receive, headed)
                return
        too_large = error_response(413, "too_large",
                                   f"request body over the {self.max_body:,}-byte limit; "
                                   "ingest long texts with `newsledger ingest`")
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await too_large(scope, receive, headed)
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS") or length is not None:
            await self.app(scope, receive, headed)
            return
        # A streamed body (no Content-Length) is read here, up to the cap, then replayed:
        # the framework would turn an error raised mid-parse into a generic 400.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_body:
                await too_large(scope, receive, headed)
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, headed)


# ---------------------------------------------------------------------------------------------
# Request bodies and JSON responses


class TextIn(BaseModel):
    """A text to analyse."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="the article text (plain text, UTF-8)")
    published: dt.date | None = Field(None, description="publication date, YYYY-MM-DD; relative "
                                                        "dates in the text resolve against it")
    outlet: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=1000)


class ArticleIn(TextIn):
    """An article to analyse and store. `url` is kept as metadata and never fetched."""

    url: str | None = Field(None, max_length=2000)
    external_id: str | None = Field(None, max_length=200)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


class FastJSON(JSONResponse):
    """JSON without FastAPI's per-field encoder walk: store rows are already plain values."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, default=_json_default, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")


def listing(items: list[dict[str, Any]], page: Page | None = None, **extra: Any) -> FastJSON:
    body: dict[str, Any] = {"items": items, "count": len(items)}
    if page is not None:
        body.update(limit=page.limit, offset=page.offset)
    return FastJSON({**body, **extra})


# ---------------------------------------------------------------------------------------------
# The app


def create_app(
    db_path: str | Path,
    token: str | None = None,
    *,
    settings: Settings | None = None,
    max_body: int = MAX_BODY,
    analyzer: Callable[..., Analysis] | None = None,
    read_only: bool = False,
    hosts: list[str] | None = None,
    max_chars: int = MAX_ANALYZE_CHARS,
    max_analyses: int = MAX_ANALYSES,
) -> FastAPI:
    """The API and web UI over the store at `db_path`.

    `token` (else `settings.api_token`, else NEWSLEDGER_TOKEN) enables POST /api/articles;
    without one, writes are refused. `analyzer(article) -> Analysis` defaults to the full
    pipeline (`pipeline.analyze_article`) with the configured model. `hosts`, when given,
    are the only Host header names answered (`serve` sets them for loopback binds).
    `max_chars` and `max_analyses` bound what POST /api/analyze and /api/articles take.
    """
    settings = settings or Settings.from_env()
    token = token or settings.api_token
    if read_only:
        token = None  # a read-only store cannot take writes, whatever the token
    stores = Stores(Path(db_path), read_only=read_only)

    def default_analyzer(article: Any) -> Analysis:
        from .pipeline import analyze_article

        return analyze_article(article, model=settings.model)

    slots = threading.BoundedSemaphore(max_analyses)

    def analyze_fn(article: Any) -> Analysis:
        if not slots.acquire(blocking=False):
            raise ApiError(429, "busy", f"{max_analyses} analyses are already running; "
                           "retry in a few seconds", headers={"Retry-After": "5"})
        try:
            return (analyzer or default_analyzer)(article)
        finally:
            slots.release()

    def checked(body: TextIn) -> Any:
        if len(body.text) > max_chars:
            raise ApiError(413, "too_large", f"the text has {len(body.text):,} characters, over "
                           f"the {max_chars:,} this server analyses per request; ingest long "
                           "texts with `newsledger ingest`")
        return _article(body)

    app = FastAPI(
        title="newsledger",
        version=_version(),
        summary="A sourced ledger of events, who says so, and how it is told.",
        description=__doc__,
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: /api/docs is our own page
        redoc_url=None,
        openapi_url="/api/openapi.json",
        responses=ERROR_RESPONSES,
    )
    app.state.stores = stores
    app.state.memo = memo = Memo(stamp=stores.stamp)
    app.state.writes_enabled = token is not None
    app.router.add_event_handler("shutdown", stores.close)

    async def memo_listing(key: tuple[Any, ...], rows: Callable[[], list[dict[str, Any]]],
                           page: Page) -> Response:
        """A listing kept as its JSON bytes until the store changes: a page costs a query
        (~10-20 ms CPU on 10,000 events), the same page again a file stat, answered on the
        event loop without a thread hop."""
        return await memo_response(key, lambda: listing(rows(), page).body)

    async def memo_response(key: tuple[Any, ...], compute: Callable[[], bytes]) -> Response:
        body = memo.peek(key)
        if body is None:
            body = await run_in_threadpool(memo.get, key, compute)
        return Response(body, media_type="application/json")
    install_error_handlers(app)
    app.add_middleware(LimitsMiddleware, max_body=max_body,
                       hosts=frozenset(h.lower() for h in hosts) if hosts else None)

    def require_token(request: Request) -> None:
        if token is None:
            raise ApiError(403, "writes_disabled",
                           "writes are disabled on this server: start it with "
                           "NEWSLEDGER_TOKEN set (and without --read-only) to accept articles "
                           "and corrections")
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise ApiError(401, "unauthorized",
                           "missing credentials: send 'Authorization: Bearer <token>'",
                           headers={"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.strip().encode(), token.encode()):
            raise ApiError(403, "forbidden", "the bearer token is not the one this server uses")

    @app.get("/api/articles", tags=["read"], summary="Stored articles")
    def list_articles(db: Db, page: Annotated[Page, Depends()],
                      outlet: str | None = None) -> FastJSON:
        return listing(db.articles(outlet=outlet, limit=page.limit, offset=page.offset), page)

    @app.get("/api/articles/{article_id}", tags=["read"],
             summary="One article's records and text (id or unique prefix)")
    def get_article(article_id: str, db: Db) -> FastJSON:
        return FastJSON(analysis_or_404(db, article_id))

    @app.get("/api/events", tags=["read"], summary="Events, filtered as in `newsledger events`")
    async def list_events(db: Db, page: PageQuery, filters: FiltersQuery) -> Response:
        def compute() -> bytes:
            given = filters.given()
            rows = db.events(limit=page.limit, offset=page.offset, **given)
            # the matches over all pages, added events with the machine's
            return listing(rows, page, total=db.count_events(**given)).body

        return await memo_response(("api-events", filters.key(), page.limit, page.offset),
                                   compute)

    @app.get("/api/actors", tags=["read"],
             summary="Actors with mention counts and each outlet's surface forms")
    def list_actors(db: Db, page: Annotated[Page, Depends()], kind: str | None = None) -> FastJSON:
        return listing(db.actors(kind=kind, limit=page.limit, offset=page.offset), page)

    @app.get("/api/stories", tags=["read"], summary="Events from several articles merged")
    async def list_stories(db: Db, page: PageQuery) -> Response:
        return await memo_listing(("api-stories", page.limit, page.offset),
                            lambda: stories_of(db, page.limit, page.offset), page)

    @app.get("/api/markers", tags=["read"], summary="Slant markers")
    def list_markers(db: Db, page: Annotated[Page, Depends()], article: str | None = None,
                     category: str | None = None, outlet: str | None = None) -> FastJSON:
        rows = db.markers(article=article, category=category, outlet=outlet, limit=page.limit,
                          offset=page.offset)
        return listing(rows, page)

    @app.get("/api/claims", tags=["read"], summary="Attributed claims")
    def list_claims(db: Db, page: Annotated[Page, Depends()],
                    article: str | None = None) -> FastJSON:
        return listing(db.claims(article=article, limit=page.limit, offset=page.offset), page)

    @app.get("/api/graph", tags=["read"],
             summary="Actor graph: who acts on whom, by event type (same filters as events)")
    async def actor_graph(db: Db, filters: FiltersQuery,
                          limit: Annotated[int, Query(ge=1, le=100_000)] = GRAPH_LIMIT
                          ) -> Response:
        def compute() -> bytes:
            rows = [views.flat_event(r) for r in db.events(limit=limit, **filters.given())]
            out = views.graph(rows)
            out.update(events=len(rows), truncated=len(rows) == limit)
            return FastJSON(out).body  # kept rendered: 200 KB of JSON took 25 ms a request

        return await memo_response(("api-graph", filters.key(), limit), compute)

    @app.post("/api/analyze", tags=["analyse"],
              summary="Analyse a text and return its records; nothing is stored",
              responses={429: {"model": ErrorOut, "description": "too many analyses running"}})
    def analyze_text(body: TextIn) -> FastJSON:
        article = checked(body)
        analysis = analyze_fn(article)
        out = analysis.to_dict()
        out["text"] = article.input_text  # the text as given: what the offsets index
        return FastJSON(out)

    @app.post("/api/articles", tags=["write"], status_code=201,
              dependencies=[Depends(require_token)],
              summary="Analyse and store an article (needs the bearer token)",
              responses={200: {"description": "already stored (same normalised text)"},
                         401: {"model": ErrorOut, "description": "no credentials"},
                         403: {"model": ErrorOut,
                               "description": "wrong token, or writes disabled"}})
    def add_article(body: ArticleIn, db: Db) -> FastJSON:
        article = checked(body)
        analysis = analyze_fn(article)
        new = db.save(analysis)
        if new:
            memo.clear()
        return FastJSON({"id": article.id, "stored": new, "events": len(analysis.events),
                         "markers": len(analysis.markers), "claims": len(analysis.claims),
                         "url": f"/articles/{article.id}"}, status_code=201 if new else 200)

    @app.get("/api/health", tags=["meta"], summary="Liveness, store counts, write mode")
    def health(db: Db) -> FastJSON:
        return FastJSON({"ok": True, "counts": db.counts(), "writes": token is not None})

    install_corrections(app, require_token, memo.clear, FastJSON)
    install_pages(app)
    return app


def _article(body: TextIn) -> Any:
    from .ingest import article_from_text

    extra = body.model_dump(include={"url", "external_id"}) if isinstance(body, ArticleIn) else {}
    try:
        return article_from_text(body.text, source="<http>", published=body.published,
                                 outlet=body.outlet, title=body.title, **extra)
    except RejectedInput as exc:
        raise ApiError(422, exc.reason, exc.detail) from exc


def _version() -> str:
    from . import __version__

    return __version__


# ---------------------------------------------------------------------------------------------
# Serving

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000,
          token: str | None = None, read_only: bool = False, log_level: str = "info") -> None:
    """Run the API and web UI with uvicorn (loopback by default; writes need `token`)."""
    import uvicorn

    loopback = host in LOOPBACK
    if not loopback:
        log.warning("serving on %s: the UI is reachable from other machines", host)
    app = create_app(db_path, token=token, read_only=read_only,
                     hosts=sorted(LOOPBACK | {host}) if loopback else None)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False,
                proxy_headers=False)
