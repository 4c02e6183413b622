"""How processes share one store file while an ingest runs.

DuckDB 2.0 lets one process open a file read-write, or any number of processes read-only,
never both (checked on DuckDB 2.0.1: a read-only open beside a writer fails with "Could not set
lock", and so does a write open beside a reader). So no process keeps the file open longer
than one short step: `ingest` analyses with the file closed and opens it only to look up known
ids and to commit a batch (`SharedStore`); the query commands open it per command; `serve`
holds one read-only connection until a writer waits (store_reader.HeldReader); every open
waits for the lock with retries (`open_shared`). A writer that waits announces itself in
`PATH.writer` so readers hold back (and the server lets go) until it is in; without that, a
busy server would never leave the writer a gap.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import StoreError
from .store import Store, paged

LOCK_WAIT = 60.0  # seconds an open waits for another process's lock before giving up
WRITER_GRACE = 5.0  # seconds readers hold back for a waiting writer (a dead one's file ages out)


def is_locked(exc: BaseException) -> bool:
    """Whether a failed open failed on another process's lock on the file."""
    cause = exc.__cause__ or exc
    return "could not set lock" in str(cause).lower()


def _intent(path: str) -> Path:
    return Path(path + ".writer")


def writer_waiting(path: str) -> bool:
    try:
        age = time.time() - _intent(path).stat().st_mtime
    except OSError:
        return False
    return age < WRITER_GRACE


def open_shared(path: str | Path, read_only: bool = False, wait: float = LOCK_WAIT) -> Any:
    """A `Store` on `path`, waiting up to `wait` seconds while another process holds it."""
    path = str(path)
    deadline = time.monotonic() + wait
    delay = 0.01
    intent = _intent(path)
    try:
        while True:
            if read_only:
                while writer_waiting(path) and time.monotonic() < deadline:
                    time.sleep(0.02)
            elif path != ":memory:":
                intent.touch()
            try:
                return Store(path, read_only=read_only)
            except StoreError as exc:
                if not is_locked(exc) or time.monotonic() >= deadline:
                    if is_locked(exc):
                        raise StoreError(
                            f"{path}: still locked by another newsledger process after "
                            f"{wait:g} s (a long commit, or a `serve` that writes); try again, "
                            "or raise NEWSLEDGER_LOCK_WAIT") from exc
                    raise
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.2)
    finally:
        if not read_only:
            intent.unlink(missing_ok=True)


class SharedStore:
    """A `Store` that opens the file for each call and closes it right after, so that other
    processes can read (or write) between calls: `SharedStore(path).events(limit=10)`."""

    def __init__(self, path: str | Path, read_only: bool = False,
                 wait: float = LOCK_WAIT) -> None:
        self.path, self.read_only, self.wait = str(path), read_only, wait
        with self.open():  # fail at once on a missing, damaged or newer store; migrate it
            pass

    def open(self) -> Any:
        return open_shared(self.path, self.read_only, self.wait)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            with self.open() as store:
                return getattr(store, name)(*args, **kwargs)

        return call

    def iter_events(self, batch: int = 5000, **filters: Any) -> Iterator[dict[str, Any]]:
        """All matching events, a page per open."""
        return paged(self.events, batch, **filters)

    def stamp(self) -> tuple[int, ...]:
        """Changes whenever another process commits (the file's and its WAL's size and time)."""
        out: list[int] = []
        for name in (self.path, self.path + ".wal"):
            try:
                st = os.stat(name)
                out += [st.st_mtime_ns, st.st_size]
            except OSError:
                out += [0, 0]
        return tuple(out)

    def close(self) -> None:
        """Nothing stays open between calls."""

    def __enter__(self) -> SharedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def lock_wait() -> float:
    """NEWSLEDGER_LOCK_WAIT, else `LOCK_WAIT`."""
    try:
        return float(os.environ.get("NEWSLEDGER_LOCK_WAIT", LOCK_WAIT))
    except ValueError:
        return LOCK_WAIT
