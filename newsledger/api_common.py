"""What the API routes and the web pages share: the per-thread store pool and the memo of
aggregates, the paging and event-filter query parameters, and article and story lookups."""

from __future__ import annotations

import datetime as dt
import inspect
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from .api_errors import ApiError
from .model import DATE_PRECISIONS, Status
from .store import Store

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
MAX_OFFSET = 10**12  # DuckDB's OFFSET is a 64-bit integer: larger ones must not reach it
GRAPH_LIMIT = 5000  # events aggregated per graph/timeline/map by default (~1 s uncached)


class Stores:
    """The store as the routes see it: reads run on one read-only connection held between
    writes (`store_reader.HeldReader`: an open cost 25-31 ms a call), which lets go of the
    file whenever an ingest in another process waits to commit, so that it commits between
    requests and the query commands read beside the server; this server's own writes open
    the file read-write for the write alone (`sharing.SharedStore`)."""

    _WRITES = frozenset({"save", "save_many", "save_copies", "save_rejections", "correct",
                         "add_event", "undo_correction"})

    def __init__(self, path: Path, read_only: bool = False) -> None:
        from .sharing import SharedStore, lock_wait
        from .store_reader import HeldReader, write_beside

        # opened (and migrated) once up front so a bad path fails at start-up
        self._store = write_beside(path, lambda: SharedStore(path, read_only=read_only,
                                                             wait=lock_wait()))
        self._reader = HeldReader(path, wait=lock_wait())

    def get(self) -> Any:
        return self

    def stamp(self) -> tuple[int, ...]:
        return self._store.stamp()

    def iter_events(self, batch: int = 5000, **filters: Any) -> Iterator[dict[str, Any]]:
        """All matching events, a page per call."""
        from .store import paged

        return paged(self.events, batch, **filters)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._WRITES:
            write = getattr(self._store, name)
            return lambda *args, **kwargs: self._reader.write(lambda: write(*args, **kwargs))
        if not callable(getattr(Store, name, None)):
            raise AttributeError(name)
        return lambda *args, **kwargs: self._reader.run(name, *args, **kwargs)

    def close(self) -> None:
        self._reader.close()
        self._store.close()


class Memo:
    """Aggregates over many events (graph, timeline, map, outlets) computed once per store
    state. The server clears it on its own writes; `stamp` (the store file's size and time)
    catches commits by an ingest in another process."""

    def __init__(self, size: int = 64,
                 stamp: Callable[[], Hashable] | None = None) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._stamp = stamp
        self._seen: Hashable = None
        self._running: dict[Hashable, threading.Event] = {}

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        if self._stamp is not None:
            now = self._stamp()
            with self._lock:
                if now != self._seen:
                    self._data.clear()
                    self._seen = now
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
            # one computation per key at a time: 20 clients asking for the same uncached page
            # all computed it, and each waited for all the others on the shared cores
            running = self._running.get(key)
            if running is None:
                self._running[key] = threading.Event()
        if running is not None:
            running.wait()
            with self._lock:
                if key in self._data:
                    return self._data[key]
            return compute()  # the first computation failed or was dropped: the caller's own
        try:
            value = compute()
            with self._lock:
                self._data[key] = value
                while len(self._data) > self.size:
                    self._data.popitem(last=False)
            return value
        finally:
            with self._lock:
                self._running.pop(key).set()

    def peek(self, key: Hashable) -> Any:
        """The value kept for `key` in the current store state, else None; never computes
        nor waits, so the event loop can ask."""
        if self._stamp is not None and self._stamp() != self._seen:
            return None
        with self._lock:
            return self._data.get(key)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


async def get_store(request: Request) -> Any:
    """The store pool; each call on it runs on the calling thread's own cursor. (A coroutine:
    FastAPI runs a plain function dependency in its thread pool, a thread hop a request.)"""
    return request.app.state.stores


Db = Annotated[Any, Depends(get_store)]


def on_the_loop(cls: Callable[..., Any]) -> Callable[..., Any]:
    """`cls` (query parameters as a class) as a dependency that runs on the event loop: FastAPI
    runs a class in its thread pool, a thread hop per parameter class per request, which
    under 20 clients cost more than the memoised page they asked for."""

    async def make(**kwargs: Any) -> Any:
        return cls(**kwargs)

    make.__signature__ = inspect.signature(cls)  # type: ignore[attr-defined]
    make.__name__ = getattr(cls, "__name__", "dependency")
    return make


class Page:
    """Common `limit`/`offset` query parameters."""

    def __init__(self, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
                 offset: Annotated[int, Query(ge=0)] = 0) -> None:
        if offset > MAX_OFFSET:
            raise ApiError(400, "bad_request", f"offset {offset} is past any store "
                           f"(at most {MAX_OFFSET:,}); page with a smaller offset")
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
        precision: Annotated[str | None, Query(description="date precision: day, month, year, "
                                                           "interval, reported or none")] = None,
        min_confidence: Annotated[str | None, Query(description="0 to 1: only events whose "
                                                                "calibrated confidence is at "
                                                                "least this")] = None,
    ) -> None:
        if status and status.lower() not in set(Status):
            raise ApiError(422, "invalid_request",
                           f"status {status!r} is not one of: {', '.join(Status)}")
        self.values = {"actor": actor, "type": type, "status": status.lower() if status else None,
                       "since": _date_param("since", since),
                       "until": _date_param("until", until), "place": place, "outlet": outlet,
                       "article": article, "story": story,
                       "precision": _choice_param("precision", precision, DATE_PRECISIONS),
                       "min_confidence": _unit_param("min_confidence", min_confidence)}

    def given(self) -> dict[str, Any]:
        return {k: v for k, v in self.values.items() if v not in (None, "")}

    def key(self) -> tuple[tuple[str, Any], ...]:
        return tuple(sorted(self.given().items()))


def _choice_param(name: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    if not value:
        return None
    if value.lower() not in choices:
        raise ApiError(422, "invalid_request",
                       f"{name} {value[:40]!r} is not one of: {', '.join(choices)}")
    return value.lower()


def _unit_param(name: str, value: str | None) -> float | None:
    """A number from 0 to 1 (a form's empty field means no filter)."""
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not 0.0 <= number <= 1.0:
        raise ApiError(422, "invalid_request",
                       f"{name} {value[:40]!r} is not a number from 0 to 1")
    return number


def _date_param(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError(422, "invalid_request",
                       f"{name}: {value!r} is not a date; expected YYYY-MM-DD") from None


def analysis_or_404(db: Any, article_id: str) -> dict[str, Any]:
    """One article's records and text by id or unique prefix; a 400 or 404 `ApiError` else."""
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


PageQuery = Annotated[Page, Depends(on_the_loop(Page))]
FiltersQuery = Annotated[EventFilters, Depends(on_the_loop(EventFilters))]
