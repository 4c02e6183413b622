"""The HTTP API and web UI over the store: a FastAPI app factory and `serve`.

    GET  /api/articles            stored articles (outlet, limit, offset)
    GET  /api/articles/{id}       one article's records (the `Analysis.to_dict` contract) + text
    GET  /api/events              events; filters as the CLI: actor, type, status, since, until,
                                  place, outlet, article, story, limit, offset
    GET  /api/actors | /api/stories | /api/markers | /api/claims | /api/graph
    POST /api/analyze             {"text", "published"?, "outlet"?, "title"?} -> the records;
                                  nothing is stored
    POST /api/articles            the same body (+ "url", "external_id") -> analysed and stored;
                                  needs `Authorization: Bearer <token>` (NEWSLEDGER_TOKEN); without
                                  a configured token every write is refused
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
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .config import Settings
from .errors import (
    ExtractorError,
    ModelMissingError,
    NewsledgerError,
    RejectedInput,
    StoreError,
)
from .model import Analysis, Status

log = logging.getLogger(__name__)

MAX_BODY = 2_000_000  # bytes; analyses of longer texts belong to `newsledger ingest`
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
GRAPH_LIMIT = 5000  # events aggregated per graph/timeline/map by default (~1 s uncached)

# HTTP status -> the error code clients can switch on.
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
         422: "invalid_request", 500: "internal"}


# ---------------------------------------------------------------------------------------------
# Errors: one shape for all


class ApiError(Exception):
    """An error to answer with `{"error": {"code", "message"}}` and an HTTP status."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def error_response(status: int, code: str, message: str,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status,
                        headers=headers)


def _answer(request: Request, status: int, code: str, message: str,
            headers: dict[str, str] | None = None) -> Response:
    """The JSON error shape; a browser asking for a UI page gets the same error as a page."""
    error_page = getattr(request.app.state, "error_page", None)
    wants_html = "text/html" in request.headers.get("accept", "")
    if error_page and wants_html and not request.url.path.startswith("/api/"):
        return error_page(request, status, code, message)
    return error_response(status, code, message, headers)


def _validation_message(exc: RequestValidationError) -> tuple[str, str]:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        first = next(e for e in errors if e.get("type") == "json_invalid")
        detail = (first.get("ctx") or {}).get("error", "")
        return "invalid_json", f"the request body is not valid JSON ({detail}); send a JSON object"
    parts = []
    for e in errors[:5]:
        where = ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {e.get('msg')}")
    return "invalid_request", "; ".join(parts)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> Response:
        return _answer(request, exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such resource: {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return _answer(request, exc.status_code, CODES.get(exc.status_code, "error"), message,
                       getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        code, message = _validation_message(exc)
        return _answer(request, 400 if code == "invalid_json" else 422, code, message)

    @app.exception_handler(NewsledgerError)
    async def _ours(request: Request, exc: NewsledgerError) -> Response:
        # Filters are checked at the edge, so what reaches here is the server's own trouble.
        if isinstance(exc, ModelMissingError):
            return _answer(request, 503, "model_missing", str(exc))
        if isinstance(exc, ExtractorError):
            log.error("%s", exc)
            return _answer(request, 500, "extractor_failed", str(exc))
        if isinstance(exc, StoreError):
            log.error("%s", exc)
            return _answer(request, 500, "store_error", str(exc))
        return _answer(request, 400, "bad_request", str(exc))

    @app.exception_handler(Exception)
    async def _crash(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return error_response(500, "internal", f"internal error ({type(exc).__name__}); "
                                               "see the server log")


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
# Store access: one connection per worker thread


class Stores:
    """DuckDB connections are not shared between threads: each worker thread opens its own on
    the same file (DuckDB shares the database instance inside one process).

    Endpoints get this pool, not a store: FastAPI may resolve a dependency in one worker
    thread and run the endpoint in another, so the store is looked up at each call, in the
    thread that makes it (`pool.events(...)` is `pool.get().events(...)`)."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        from .store import Store

        self._make = lambda: Store(path, read_only=read_only)
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        self.get()  # open (and migrate) once up front so a bad path fails at start-up

    def get(self) -> Any:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._make()
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.get(), name)

    def close(self) -> None:
        with self._lock:
            for store in self._all:
                store.close()
            self._all.clear()


class Memo:
    """Aggregates over many events (graph, timeline, map, outlets) computed once per store
    state. While the server runs it is the store's only writer (DuckDB locks the file against
    other processes), so clearing on its own writes is the whole invalidation."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = compute()
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


def get_store(request: Request) -> Any:
    """The store pool; each call on it runs on the calling thread's own connection."""
    return request.app.state.stores


Db = Annotated[Any, Depends(get_store)]


# ---------------------------------------------------------------------------------------------
# Request bodies (the only pydantic models)


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


class ErrorDetail(BaseModel):
    code: str = Field(description="a short code to switch on: not_found, invalid_json, "
                                  "invalid_request, too_large, unauthorized, forbidden, ...")
    message: str = Field(description="what failed, the offending value, and what to do")


class ErrorOut(BaseModel):
    """The one shape of every error (documented; responses are built as plain JSON)."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "bad request or invalid JSON"},
    404: {"model": ErrorOut, "description": "no such article or resource"},
    413: {"model": ErrorOut, "description": "body over the size limit"},
    422: {"model": ErrorOut, "description": "a parameter or body field is invalid"},
}


class Page:
    """Common `limit`/`offset` query parameters."""

    def __init__(self, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
                 offset: Annotated[int, Query(ge=0)] = 0) -> None:
        self.limit, self.offset = limit, offset


class EventFilters:
    """The event filters the CLI offers, as query parameters. Empty values (as an HTML form
    sends them) mean "no filter"."""

    def __init__(
        self,
        actor: Annotated[str | None, Query(description="actor id, e.g. ISR")] = None,
        type: Annotated[str | None, Query(description="PLOVER type or CAMEO code")] = None,
        status: Annotated[str | None, Query(description=" | ".join(Status))] = None,
        since: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
        until: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
        place: Annotated[str | None, Query(description="place name or ISO3 country")] = None,
        outlet: Annotated[str | None, Query()] = None,
        article: Annotated[str | None, Query(description="article id or prefix")] = None,
        story: Annotated[str | None, Query(description="story id (events merged across "
                                                       "articles)")] = None,
    ) -> None:
        if status and status.lower() not in set(Status):
            raise ApiError(422, "invalid_request",
                           f"status {status!r} is not one of: {', '.join(Status)}")
        self.values = {"actor": actor, "type": type, "status": status.lower() if status else None,
                       "since": _date_param("since", since),
                       "until": _date_param("until", until), "place": place, "outlet": outlet,
                       "article": article, "story": story}

    def given(self) -> dict[str, Any]:
        return {k: v for k, v in self.values.items() if v not in (None, "")}

    def key(self) -> tuple[tuple[str, Any], ...]:
        return tuple(sorted(self.given().items()))


def _date_param(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError(422, "invalid_request",
                       f"{name}: {value!r} is not a date; expected YYYY-MM-DD") from None


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


class FastJSON(JSONResponse):
    """JSON without FastAPI's per-field encoder walk: store rows are already plain values."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, default=_json_default, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")


def listing(items: list[dict[str, Any]], page: Page | None = None) -> FastJSON:
    body: dict[str, Any] = {"items": items, "count": len(items)}
    if page is not None:
        body.update(limit=page.limit, offset=page.offset)
    return FastJSON(body)


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
) -> FastAPI:
    """The API and web UI over the store at `db_path`.

    `token` (else `settings.api_token`, else NEWSLEDGER_TOKEN) enables POST /api/articles;
    without one, writes are refused. `analyzer(article) -> Analysis` defaults to the full
    pipeline (`pipeline.analyze_article`) with the configured model. `hosts`, when given,
    are the only Host header names answered (`serve` sets them for loopback binds).
    """
    settings = settings or Settings.from_env()
    token = token or settings.api_token
    if read_only:
        token = None  # a read-only store cannot take writes, whatever the token
    stores = Stores(Path(db_path), read_only=read_only)

    def default_analyzer(article: Any) -> Analysis:
        from .pipeline import analyze_article

        return analyze_article(article, model=settings.model)

    analyze_fn = analyzer or default_analyzer

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
    app.state.memo = memo = Memo()
    app.state.writes_enabled = token is not None
    app.router.add_event_handler("shutdown", stores.close)
    _install_error_handlers(app)
    app.add_middleware(LimitsMiddleware, max_body=max_body,
                       hosts=frozenset(h.lower() for h in hosts) if hosts else None)

    def require_token(request: Request) -> None:
        if token is None:
            raise ApiError(403, "writes_disabled",
                           "writes are disabled on this server: start it with a token "
                           "(NEWSLEDGER_TOKEN or --token) to accept articles")
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
        return FastJSON(_analysis_or_404(db, article_id))

    @app.get("/api/events", tags=["read"], summary="Events, filtered as in `newsledger events`")
    def list_events(db: Db, page: Annotated[Page, Depends()],
                    filters: Annotated[EventFilters, Depends()]) -> FastJSON:
        rows = db.events(limit=page.limit, offset=page.offset, **filters.given())
        return listing(rows, page)

    @app.get("/api/actors", tags=["read"],
             summary="Actors with mention counts and each outlet's surface forms")
    def list_actors(db: Db, page: Annotated[Page, Depends()], kind: str | None = None) -> FastJSON:
        return listing(db.actors(kind=kind, limit=page.limit, offset=page.offset), page)

    @app.get("/api/stories", tags=["read"], summary="Events from several articles merged")
    def list_stories(db: Db, page: Annotated[Page, Depends()]) -> FastJSON:
        return listing(stories_of(db, page.limit, page.offset), page)

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
    def actor_graph(db: Db, filters: Annotated[EventFilters, Depends()],
                    limit: Annotated[int, Query(ge=1, le=100_000)] = GRAPH_LIMIT) -> FastJSON:
        from .web import views

        def compute() -> dict[str, Any]:
            rows = [views.flat_event(r) for r in db.events(limit=limit, **filters.given())]
            out = views.graph(rows)
            out.update(events=len(rows), truncated=len(rows) == limit)
            return out

        return FastJSON(memo.get(("api-graph", filters.key(), limit), compute))

    @app.post("/api/analyze", tags=["analyse"],
              summary="Analyse a text and return its records; nothing is stored")
    def analyze_text(body: TextIn) -> FastJSON:
        article = _article(body)
        analysis = analyze_fn(article)
        out = analysis.to_dict()
        out["text"] = article.text
        return FastJSON(out)

    @app.post("/api/articles", tags=["write"], status_code=201,
              dependencies=[Depends(require_token)],
              summary="Analyse and store an article (needs the bearer token)",
              responses={200: {"description": "already stored (same normalised text)"},
                         401: {"model": ErrorOut, "description": "no credentials"},
                         403: {"model": ErrorOut,
                               "description": "wrong token, or writes disabled"}})
    def add_article(body: ArticleIn, db: Db) -> FastJSON:
        article = _article(body)
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

    from .web.pages import install_pages

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


def _analysis_or_404(db: Any, article_id: str) -> dict[str, Any]:
    if len(article_id) < 4:
        raise ApiError(400, "bad_request",
                       f"article id {article_id!r} is too short; give at least 4 characters")
    found = db.analysis(article_id)
    if found is None:
        n = len(db.article_ids(article_id))
        detail = (f"{n} articles start with {article_id!r}; give more characters" if n > 1
                  else f"no article with id {article_id!r}")
        raise ApiError(404, "not_found", detail)
    # The contract (`Analysis.to_dict`) keeps the text out of `article`; it rides beside it.
    art = found.get("article") or {}
    text = art.pop("text", None)
    found.setdefault("text", text or "")
    return found


def stories_of(db: Any, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Stories from the store; an empty list when this store has no story support yet."""
    if not hasattr(db, "stories"):
        return []
    out = []
    for row in db.stories(limit=limit, offset=offset):
        record = dict(row.pop("record", None) or {})
        record.pop("members", None)  # the member events are at /api/events?story=ID
        out.append({**{k: v.isoformat() if hasattr(v, "isoformat") else v
                       for k, v in row.items()}, "story": record})
    return out


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
