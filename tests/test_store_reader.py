"""store_reader: the server's held read-only connection, and how it steps aside for writers."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newsledger.api_common import Memo, Stores
from newsledger.errors import StoreError
from newsledger.store import Store
from newsledger.store_reader import HeldReader
from tests.webdata import demo_analyses, save_demo

ROOT = Path(__file__).resolve().parents[1]


def test_reads_share_one_connection_and_answer_as_a_store_does(tmp_path: Path) -> None:
    db = tmp_path / "r.duckdb"
    save_demo(db)
    reader = HeldReader(db)
    try:
        first = reader.run("events", limit=5)
        held = reader._store
        assert reader.run("events", limit=5) == first
        assert reader._store is held  # not reopened between reads
        with Store(db, read_only=True) as store:
            assert store.events(limit=5) == first
    finally:
        reader.close()
    assert reader._store is None


def test_a_write_of_this_process_is_read_back(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    analyses = demo_analyses()
    with Store(db) as store:
        store.save_many(analyses[:1])
    stores = Stores(db)
    try:
        before = stores.counts()["articles"]
        assert stores.save(analyses[1])
        assert stores.counts()["articles"] == before + 1
    finally:
        stores.close()


def test_a_read_write_store_opened_directly_in_this_process_gets_in(tmp_path: Path) -> None:
    """A plain `Store(path)` beside a held reader (DuckDB refuses a read-write connection next
    to a read-only one in one process): the reader steps aside and reads again after."""
    db = tmp_path / "d.duckdb"
    analyses = demo_analyses()
    with Store(db) as store:
        store.save_many(analyses[:1])
    reader = HeldReader(db, wait=1)
    try:
        before = reader.run("counts")["articles"]
        with Store(tmp_path / "." / "d.duckdb") as store:  # another spelling of the same file
            assert reader._store is None
            store.save(analyses[1])
            answered: list[int] = []
            other = threading.Thread(target=lambda: answered.append(
                reader.run("counts")["articles"]))
            other.start()
            time.sleep(0.2)
            assert not answered  # waits for the writer, does not fail on the lock
        other.join(timeout=5)
        assert answered == [before + 1]
        assert reader.run("counts")["articles"] == before + 1
    finally:
        reader.close()


def test_a_read_in_the_thread_that_holds_the_writer_is_refused_not_hung(tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    save_demo(db)
    reader = HeldReader(db, wait=0.2)
    try:
        with Store(db), pytest.raises(StoreError, match="open read-write in this process"):
            reader.run("counts")
        assert reader.run("counts")["articles"] >= 1
    finally:
        reader.close()


def test_a_writer_in_another_process_gets_in_and_is_seen(tmp_path: Path) -> None:
    db = tmp_path / "p.duckdb"
    analyses = demo_analyses()
    with Store(db) as store:
        store.save_many(analyses[:1])
    reader = HeldReader(db)
    try:
        before = reader.run("counts")["articles"]
        code = ("import sys\nfrom newsledger.sharing import open_shared\n"
                "from tests.webdata import demo_analyses\n"
                "with open_shared(sys.argv[1], wait=30) as s:\n"
                " s.save(demo_analyses()[1])\nprint('saved')")
        writer = subprocess.Popen([sys.executable, "-c", code, str(db)], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True,
                                  env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        deadline = time.monotonic() + 60
        while writer.poll() is None and time.monotonic() < deadline:
            reader.run("counts")  # reads go on while the writer waits and commits
            time.sleep(0.02)
        out, _ = writer.communicate(timeout=60)
        assert writer.returncode == 0 and out.strip() == "saved"
        assert reader.run("counts")["articles"] == before + 1
    finally:
        reader.close()


def test_the_memo_computes_a_key_once_for_callers_at_once() -> None:
    memo = Memo()
    calls: list[int] = []
    gate = threading.Event()

    def compute() -> int:
        calls.append(1)
        gate.wait(5)
        return 42

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(memo.get("k", compute)))
               for _ in range(8)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    gate.set()
    for t in threads:
        t.join(10)
    assert results == [42] * 8 and len(calls) == 1


def test_a_failed_computation_leaves_no_entry_and_the_next_caller_computes() -> None:
    memo = Memo()

    def boom() -> int:
        raise RuntimeError("x")

    try:
        memo.get("k", boom)
    except RuntimeError:
        pass
    assert memo.get("k", lambda: 7) == 7
