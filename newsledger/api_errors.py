"""The one JSON error shape of the HTTP API and the web UI: `ApiError`, the exception
handlers that answer every error as `{"error": {"code", "message"}}`, and its OpenAPI model."""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .errors import (
    CorrectionError,
    ExtractorError,
    ModelMissingError,
    NewsledgerError,
    StoreError,
)

log = logging.getLogger("newsledger.api")  # the server's log, whichever module logs

# HTTP status -> the error code clients can switch on.
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large",
         415: "unsupported_media_type", 422: "invalid_request", 429: "busy", 500: "internal"}


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


_PATH = re.compile(r"""["']?(?:[A-Za-z]:)?[/\\][^\s"',;]*["']?""")


def _no_paths(exc: Exception) -> str:
    """An error's message on one line with file paths cut out: clients never see the
    server's files."""
    text = _PATH.sub("<store>", " ".join(str(exc).split()))
    return text.removeprefix("<store>: ").removeprefix("<store> ")[:300]


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error raised in `app` with the one JSON shape (or the UI's error page)."""
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
        if isinstance(exc, CorrectionError):  # a bad correction: the client's to fix
            return _answer(request, exc.status, CODES.get(exc.status, "bad_request"), str(exc))
        if isinstance(exc, ModelMissingError):
            return _answer(request, 503, "model_missing", str(exc))
        if isinstance(exc, ExtractorError):
            log.error("%s", exc)
            return _answer(request, 500, "extractor_failed", str(exc))
        if isinstance(exc, StoreError):
            # the message names the server's files: the log gets it, the client does not
            log.error("%s", exc)
            return _answer(request, 500, "store_error", f"the store failed: {_no_paths(exc)}; "
                           "it may be damaged (see the server log)")
        return _answer(request, 400, "bad_request", str(exc))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        duckdb = sys.modules.get("duckdb")
        if duckdb is not None and isinstance(exc, duckdb.Error):
            # a read failed part-way through a damaged store; its message names server paths
            log.error("store error on %s: %s", request.url.path, exc)
            return _answer(request, 500, "store_error", f"the store could not be read: "
                           f"{_no_paths(exc)}; it may be damaged (see the server log)")
        log.exception("unhandled error")
        return error_response(500, "internal", f"internal error ({type(exc).__name__}); "
                                               "see the server log")


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
    413: {"model": ErrorOut, "description": "body or text over the size limit"},
    422: {"model": ErrorOut, "description": "a parameter or body field is invalid"},
}
