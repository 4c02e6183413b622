"""A property of ingest (hypothesis, bounded): any text or JSONL line gets a result or a
refusal, never an exception."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from newsledger.ingest import Options, iter_inputs  # noqa: E402
from newsledger.model import Article, Rejection  # noqa: E402
from newsledger.pipeline import ingest  # noqa: E402
from newsledger.store import Store  # noqa: E402

WORDS = st.sampled_from(["Israeli", "forces", "attacked", "Hamas", "in", "Gaza", "on",
                         "Tuesday,", "officials", "said.", "police", "arrested", "protesters"])
TEXT = st.one_of(st.text(max_size=300),
                 st.lists(WORDS, min_size=0, max_size=40).map(" ".join))
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6)
FIELD = st.sampled_from(["text", "id", "title", "outlet", "url", "published"])
LINE = st.one_of(
    st.builds(lambda text, extra: json.dumps({"text": text, **extra}),
              TEXT, st.dictionaries(FIELD, JSON, max_size=3)),
    st.dictionaries(FIELD, JSON, max_size=4).map(json.dumps),
    st.text(max_size=80),
    st.binary(max_size=80).map(lambda b: b.decode("latin-1")),
)


@settings(max_examples=25, deadline=20_000, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(LINE, min_size=1, max_size=4), text=TEXT)
def test_every_input_gets_a_result_or_a_refusal(lines: list[str], text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "in.jsonl"
        jsonl.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass") + b"\n")
        plain = Path(tmp) / "in.txt"
        plain.write_bytes(text.encode("utf-8", "surrogatepass"))
        items = list(iter_inputs([str(jsonl), str(plain)], Options(published="2025-09-19")))
        assert items and all(isinstance(i, Article | Rejection) for i in items)
        with Store(Path(tmp) / "s.duckdb") as store:
            summary = ingest(items, store)
            assert summary.stored + summary.duplicates + summary.copies + sum(
                summary.rejected.values()) == len(
                items)
            assert store.counts()["articles"] == summary.stored
