"""The server's reads: one read-only DuckDB connection held between writes.

Opening the store costs 25-31 ms a call (connect, size check, schema probe), half of what a
fresh /api/events page cost. `HeldReader` opens the file read-only once and runs each read on
a cursor of that connection, so calls running at once share it. DuckDB lets no process write
while another holds the file (sharing.py), so the connection is let go:
- when another process announces a write (`PATH.writer`, sharing.open_shared): a watcher
  thread sees it within WATCH_S and closes the connection as soon as no read is running;
  reads meanwhile open the file per call, as before, and wait for the writer;
- around every read-write open of the file in this process (`write`, or any `Store(path)`
  through store.WRITE_OPEN_HOOKS), which waits for running reads to finish: every reader
  this process holds on the file steps aside until that store closes (DuckDB refuses a
  read-write connection beside a read-only one in the same process, too).
The next read after a release opens the file again, and so sees what was committed.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from .errors import StoreError
from .sharing import LOCK_WAIT, open_shared, writer_waiting
from .store import WRITE_OPEN_HOOKS, Store

WATCH_S = 0.05  # how often the watcher looks for a waiting writer
_HELD: weakref.WeakSet[HeldReader] = weakref.WeakSet()  # every reader of this process


class HeldReader:
    """Reads on one held read-only connection: `HeldReader(path).run("events", limit=10)`."""

    def __init__(self, path: str | Path, wait: float = LOCK_WAIT, watch: bool = True) -> None:
        self.path, self.wait = str(path), wait
        self._store: Store | None = None
        self._real = os.path.realpath(self.path)
        self._readers = 0  # reads running on the held connection
        self._writing = 0  # read-write opens of the file running in this process
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        _HELD.add(self)
        if watch and self.path != ":memory:":
            self._watcher = threading.Thread(target=self._watch, name="newsledger-reader",
                                             daemon=True)
            self._watcher.start()

    def run(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """`Store.<name>(*args, **kwargs)` on the held connection (opened if need be), or on a
        store opened for this call alone while a writer is waiting."""
        cursor = self._enter()
        if cursor is None:  # a writer waits: step aside as the per-call opens do
            with open_shared(self.path, read_only=True, wait=self.wait) as own:
                return getattr(own, name)(*args, **kwargs)
        try:
            return getattr(Store.on(cursor, self.path), name)(*args, **kwargs)
        finally:
            self._leave(cursor)

    def write(self, step: Callable[[], Any]) -> Any:
        """Run `step` (which opens the store read-write itself) with every reader this process
        holds on the file closed and no read running on them."""
        return write_beside(self.path, step)

    def _hold_off(self) -> None:
        with self._cond:
            self._writing += 1
            self._cond.wait_for(lambda: self._readers == 0)
            self._release()

    def _resume(self) -> None:
        with self._cond:
            self._writing = max(0, self._writing - 1)
            self._cond.notify_all()

    def close(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=1)
        with self._cond:
            self._release()

    def _enter(self) -> duckdb.DuckDBPyConnection | None:
        """A cursor of the held connection for one read, or None while a writer waits."""
        with self._cond:
            if not self._cond.wait_for(lambda: not self._writing, timeout=self.wait):
                # e.g. this very thread holds the read-write store: waiting longer never ends
                raise StoreError(f"{self.path}: open read-write in this process for over "
                                 f"{self.wait:g} s; close that store first")
            if writer_waiting(self.path):
                if self._readers == 0:
                    self._release()
                return None
            if self._store is None:
                self._store = open_shared(self.path, read_only=True, wait=self.wait)
            # made and closed under the lock: the connection keeps the list of its cursors
            cursor = self._store.con.cursor()
            self._readers += 1
            return cursor

    def _leave(self, cursor: duckdb.DuckDBPyConnection) -> None:
        with self._cond:
            cursor.close()
            self._readers -= 1
            if self._readers == 0:
                if writer_waiting(self.path):
                    self._release()
                self._cond.notify_all()

    def _release(self) -> None:
        """Close the held connection (the caller holds the lock and no read runs on it)."""
        if self._store is not None and self._readers == 0:
            self._store.close()
            self._store = None

    def _watch(self) -> None:
        while not self._stop.wait(WATCH_S):
            if self._store is not None and writer_waiting(self.path):
                with self._cond:
                    self._release()


def write_beside(path: str | Path, step: Callable[[], Any]) -> Any:
    """Run `step`, a read-write open of `path`, with this process's held readers of it closed."""
    real = os.path.realpath(path)
    _step_aside(real)
    try:
        return step()
    finally:
        _come_back(real)


def _step_aside(real: str) -> None:
    for reader in [r for r in list(_HELD) if r._real == real]:
        reader._hold_off()


def _come_back(real: str) -> None:
    for reader in [r for r in list(_HELD) if r._real == real]:
        reader._resume()


WRITE_OPEN_HOOKS.append((_step_aside, _come_back))
