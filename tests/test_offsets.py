"""Offsets index the text as given: the map (`offsets`) on its own, then every record kind of a
real analysis, JSONL `text` and a CRLF file through the CLI, HTML's extracted text, the store
(with a store written before the original text was kept), the HTTP API and the web page."""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from newsledger import offsets
from newsledger.cli import cli
from newsledger.ingest import Options, article_from_text, article_id, iter_inputs, normalise
from newsledger.model import Analysis, Attribution, Evidence
from newsledger.offsets import OffsetMap, normalise_mapped
from newsledger.pipeline import analyze, analyze_article
from newsledger.profile import profile
from newsledger.salvage import salvage
from newsledger.store import SCHEMA_VERSION, Store


def reference_normalise(text: str) -> str:
    """`ingest.normalise` as it was before the map: article ids must not change."""
    from newsledger.fields import scrub

    text = unicodedata.normalize("NFC", scrub(text)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def words(text: str) -> Iterator[tuple[int, int]]:
    for m in re.finditer(r"\S+", text):
        yield m.span()


# ---------------------------------------------------------------------------------------------
# The map


# (given text, normalised text, {normalised word: the original slice it maps to})
MAP_CASES = [
    ("plain text stays", "plain text stays", {}),
    ("a\r\nb\rc", "a\nb\nc", {"b": "b", "c": "c"}),
    ("one   two\t\tthree \t four", "one two three four", {"three": "three", "four": "four"}),
    ("tab\tand\u00a0nbsp", "tab and nbsp", {"and": "and", "nbsp": "nbsp"}),
    ("Zoe\u0308 met Jose\u0301 in Ko\u0308ln", "Zoë met José in Köln",
     {"Zoë": "Zoe\u0308", "José": "Jose\u0301", "Köln": "Ko\u0308ln", "met": "met"}),
    ("\u201cQuoted,\u201d she said", "\u201cQuoted,\u201d she said",
     {"said": "said", "\u201cQuoted,\u201d": "\u201cQuoted,\u201d"}),
    ("zero\u200bwidth stays\ufeff", "zero\u200bwidth stays\ufeff",
     {"zero\u200bwidth": "zero\u200bwidth"}),
    ("\n\n  \t\nlead and trail  \n\n\n", "lead and trail", {"lead": "lead", "trail": "trail"}),
    ("para one\n\n\n\n\npara two", "para one\n\npara two", {"two": "two"}),
    ("  indented line  \n\x0c next\u2003", "indented line\nnext", {"next": "next"}),
    ("smile \ud83d\ude00 ok", "smile \U0001f600 ok", {"\U0001f600": "\ud83d\ude00", "ok": "ok"}),
    ("lone \ud800 here", "lone \ufffd here", {"\ufffd": "\ud800", "here": "here"}),
    ("qa \u0958 x", "qa \u0915\u093c x", {"\u0915\u093c": "\u0958", "x": "x"}),  # NFC: 1 -> 2
    ("\u0958\u00a0\u03b7\u0301\u2000x", "\u0915\u093c \u03ae\u2002x",
     {"\u03ae\u2002x": "\u03b7\u0301\u2000x"}),
    ("all at once:\r\n\r\n\r\n\tZoe\u0308\u00a0 said \u201chi\u201d\r\n",
     "all at once:\n\nZoë said \u201chi\u201d", {"Zoë": "Zoe\u0308", "said": "said"}),
]


@pytest.mark.parametrize(("given", "clean", "expected"), MAP_CASES)
def test_words_map_back_to_what_was_given(given: str, clean: str,
                                          expected: dict[str, str]) -> None:
    text, omap = normalise_mapped(given)
    assert text == clean == normalise(given) == reference_normalise(given)
    assert omap.identity == (given == clean)
    for s, e in words(text):
        a, b = omap.span(s, e)
        assert 0 <= a <= b <= len(given)
        assert normalise(given[a:b]) == text[s:e]  # nothing more, nothing less
        if text[s:e] in expected:
            assert given[a:b] == expected[text[s:e]]


def test_spans_across_changed_text_and_empty_spans() -> None:
    given = "  Israel\u00a0\u00a0and\r\nSyria \n"
    text, omap = normalise_mapped(given)
    assert text == "Israel and\nSyria"
    a, b = omap.span(0, len(text))
    assert given[a:b] == "Israel\u00a0\u00a0and\r\nSyria"
    assert omap.span(3, 3) == (5, 5)  # empty stays empty
    end = omap.span(len(text), len(text))
    assert end[0] == end[1] and b <= end[0] <= len(given)
    assert OffsetMap().span(2, 5) == (2, 5)


def test_a_deleting_step_maps_around_what_it_deleted() -> None:
    """Zero-width characters are kept by `normalise` (ids would change); a step that drops
    them maps spans around the gap, as stripped line ends are."""
    given = "a\u200bb c\u200b"
    text, step = offsets._rewrite(given, re.compile("\u200b"), lambda m: "")
    assert text == "ab c" and step is not None
    omap = OffsetMap((step,))
    assert omap.span(0, 2) == (0, 3)  # "ab" covers the deleted character inside it
    assert omap.span(3, 4) == (4, 5)  # "c" ends before the deleted one after it
    assert omap.span(1, 2) == (2, 3)


def test_nothing_to_map() -> None:
    text, omap = normalise_mapped("Already clean text.\n\nTwo paragraphs.")
    assert omap.identity and omap.span(0, 7) == (0, 7)
    assert offsets._rewrite("abc", re.compile("x"), lambda m: "")[1] is None


def test_what_the_steps_rely_on_holds_for_every_code_point() -> None:
    """NFC may run piece by piece, cut before ASCII and around spaces (no canonical
    decomposition has an ASCII second part or a space in it, and spaces do not combine); the
    regular expressions' spaces are `str.strip`'s."""
    for code in range(0x110000):
        c = chr(code)
        parts = unicodedata.decomposition(c).split()
        if parts and not parts[0].startswith("<"):
            assert all(int(p, 16) >= 0x80 for p in parts[1:]), hex(code)
            if len(parts) > 1:
                assert not any(chr(int(p, 16)).isspace() for p in parts), hex(code)
        if not 0xD800 <= code <= 0xDFFF:
            assert (re.match(r"\s", c) is not None) == c.isspace(), hex(code)
        if c.isspace():
            assert unicodedata.combining(c) == 0, hex(code)


hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given as given_texts  # noqa: E402
from hypothesis import settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = st.sampled_from(["a", "Zoe", " ", "  ", "\t", "\u00a0", "\n", "\r", "\r\n", "\x0c",
                          "\u2003", "\u200b", "e\u0301", "\u0301", "\u2019", "\ud83d",
                          "\ude00", "\u0958", "\u1100\u1161", ".", "x\u0308\u0323",
                          "\u2000", "\u03b7\u0301", "\u2028"])


@settings(max_examples=400, deadline=None, derandomize=True)
@given_texts(st.lists(PIECES, max_size=30).map("".join) | st.text(max_size=60))
def test_any_text_normalises_as_before_and_maps_its_words(given: str) -> None:
    text, omap = normalise_mapped(given)
    assert text == reference_normalise(given) == normalise(given)
    for s, e in words(text):
        a, b = omap.span(s, e)
        assert 0 <= a <= b <= len(given)
        assert normalise(given[a:b]) == text[s:e]


# ---------------------------------------------------------------------------------------------
# Records of a real analysis

BASE = (
    'Israeli forces attacked positions near Damascus on Tuesday, the Syrian foreign ministry '
    'said.\n\n"We will not accept this aggression," said José Martí, a spokesman for the '
    'ministry, according to Reuters.\n\nHamas terrorists fired rockets at Tel Aviv, the Israeli '
    'army said, and the Zionist regime bombed Gaza City, killing at least 12 people.\n'
)

# variants that normalise to the same text as BASE, and ones that do not
SAME = {
    "crlf": BASE.replace("\n", "\r\n"),
    "repeated_spaces": BASE.replace(" ", "  "),
    "tabs": BASE.replace(", ", ",\t").replace(" the ", " \t the "),
    "nfd_accents": unicodedata.normalize("NFD", BASE),
    "nbsp": BASE.replace(" at ", "\u00a0at\u00a0\u00a0"),
    "blank_lines": "\n\n \t\n" + BASE.replace("\n\n", "\n\n\n  \n\n") + "\n\n\n",
    "everything": "\r\n\t" + unicodedata.normalize("NFD", BASE).replace(" ", " \t")
    .replace("\n", "\r\n") + "  \r\n",
}
OTHER = {
    "curly_quotes": BASE.replace('"We', "\u201cWe").replace('," said', ",\u201d said"),
    "zero_width": BASE.replace(". ", ".\u200b ").replace("Tuesday", "Tues\u00addays")
    .replace("\n\n", "\n\u200b\n"),
}


def spans_of(record: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every Evidence and Attribution inside a record, with where it was found."""
    if isinstance(record, tuple | list):
        for i, r in enumerate(record):
            yield from spans_of(r, f"{path}[{i}]")
    elif dataclasses.is_dataclass(record) and not isinstance(record, type):
        if isinstance(record, Evidence | Attribution):
            yield path, record
        for f in dataclasses.fields(record):
            if f.name != "article":
                yield from spans_of(getattr(record, f.name), f"{path}.{f.name}")


def check_spans(analysis: Analysis, given: str) -> list[str]:
    """Assert every span indexes `given`; the kinds of record seen."""
    kinds = set()
    for path, rec in spans_of(analysis):
        kinds.add(path.split("[")[0].lstrip("."))
        if isinstance(rec, Evidence):
            assert 0 <= rec.start <= rec.end <= len(given), path
            assert given[rec.start : rec.end] == rec.text, path
        else:
            assert 0 <= rec.scope_start <= rec.scope_end <= len(given), path
    return sorted(kinds)


@pytest.fixture(scope="module")
def base() -> Analysis:
    return analyze(BASE, published="2025-03-04", outlet="Example News")


def test_the_base_text_has_every_kind_of_record(base: Analysis) -> None:
    assert base.article.original is not None  # its final newline is not in the normalised text
    kinds = check_spans(base, BASE)
    assert kinds == ["attributions", "claims", "events", "markers", "mentions", "places"]


@pytest.mark.parametrize("name", sorted(SAME))
def test_records_index_the_text_as_given(name: str, base: Analysis) -> None:
    given = SAME[name]
    analysis = analyze(given, published="2025-03-04", outlet="Example News")
    assert analysis.article.id == base.article.id == article_id(given)  # dedup unchanged
    assert analysis.article.input_text == given
    check_spans(analysis, given)
    # the same records as the tidy text, only their spans moved
    ours = [(p, normalise(r.text)) for p, r in spans_of(analysis) if isinstance(r, Evidence)]
    theirs = [(p, normalise(r.text)) for p, r in spans_of(base) if isinstance(r, Evidence)]
    assert ours == theirs
    assert [e.id for e in analysis.events] == [e.id for e in base.events]
    assert profile(analysis).to_dict() == profile(base).to_dict()  # its sentences, the same


@pytest.mark.parametrize("name", sorted(OTHER))
def test_records_index_other_odd_texts(name: str) -> None:
    given = OTHER[name]
    analysis = analyze(given, published="2025-03-04")
    assert analysis.events and analysis.mentions
    check_spans(analysis, given)


def test_a_text_with_nothing_to_find() -> None:
    given = "The  weather was\tmild,\r\nand the sky over the hills was clear all\u00a0day.\r\n"
    analysis = analyze(given)
    assert not analysis.events and not analysis.markers
    check_spans(analysis, given)


def test_lone_surrogates_are_u_fffd_in_the_text_as_given(tmp_path: Path) -> None:
    """Evidence must be writable as UTF-8: a lone surrogate (a JSON escape) reads as U+FFFD,
    one for one, so offsets into the string passed in stay right."""
    given = BASE.replace("Tuesday,", "Tuesday \ud800,").replace("\n", "\r\n")
    analysis = analyze(given, published="2025-03-04")
    assert analysis.article.original == given.replace("\ud800", "\ufffd")
    check_spans(analysis, analysis.article.original)
    json.dumps(analysis.to_dict(), ensure_ascii=False).encode("utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        assert store.save(analysis)


def test_an_article_whose_text_is_not_its_originals_normal_form_is_refused() -> None:
    article = dataclasses.replace(article_from_text(BASE, "<t>"), original="something else")
    with pytest.raises(ValueError, match="not the normalised form"):
        analyze_article(article)


# ---------------------------------------------------------------------------------------------
# Through the CLI, HTML, the store, the API and the web page


def evidence_dicts(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, dict):
        if {"article_id", "start", "end", "text"} <= data.keys():
            yield data
        for v in data.values():
            yield from evidence_dicts(v)
    elif isinstance(data, list):
        for v in data:
            yield from evidence_dicts(v)


def check_json(data: Any, given: str) -> int:
    found = list(evidence_dicts(data))
    for ev in found:
        assert given[ev["start"] : ev["end"]] == ev["text"]
    return len(found)


def test_jsonl_text_and_a_crlf_file_through_the_cli(tmp_path: Path) -> None:
    lines = [SAME["everything"], OTHER["curly_quotes"], "too short"]
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("\n".join(json.dumps({"text": t, "id": i}) for i, t in enumerate(lines)),
                     encoding="utf-8")
    out = CliRunner().invoke(cli, ["analyze", str(jsonl), "--format", "jsonl"])
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["0", "1", None]
    assert check_json(rows[0], lines[0]) > 10 and check_json(rows[1], lines[1]) > 10
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(b"\xef\xbb\xbf" + SAME["crlf"].encode("utf-8"))  # with a byte-order mark
    out = CliRunner().invoke(cli, ["analyze", str(crlf), "--published", "2025-03-04"])
    assert out.exit_code == 0, out.output
    assert check_json(json.loads(out.stdout), SAME["crlf"]) > 10


def test_html_offsets_index_the_extracted_main_text(tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>\n" for p in BASE.split("\n\n"))
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><title>T</title></head><body><article>{body}</article>"
                    "</body></html>", encoding="utf-8")
    (article,) = iter_inputs([str(page)], Options(published="2025-03-04"))
    analysis = analyze_article(article)
    assert "<p>" not in article.input_text and analysis.events
    check_spans(analysis, article.input_text)


def test_engine_rows_carry_the_text_as_given() -> None:
    from newsledger.engines import run_inline
    from newsledger.model import analysis_from_dict

    (row,) = run_inline([{"text": SAME["crlf"], "published": "2025-03-04"}])
    assert row["original"] == SAME["crlf"] and row["text"] == normalise(SAME["crlf"])
    assert check_json(row, SAME["crlf"]) > 10
    again = analysis_from_dict(row, row["text"], row["original"])
    assert again.article.input_text == SAME["crlf"]
    check_spans(again, SAME["crlf"])


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "ledger.duckdb"
    analysis = analyze(SAME["everything"], published="2025-03-04", outlet="Example News")
    with Store(path) as store:
        assert store.save(analysis)
    return path, analysis.article.id


def test_the_store_keeps_the_text_as_given(stored: tuple[Path, str]) -> None:
    path, aid = stored
    with Store(path, read_only=True) as store:
        found = store.analysis(aid)
        (row,) = store.query("SELECT text, original FROM articles")
        events = store.events()
        markers = store.markers()
    assert found is not None and found["article"]["text"] == SAME["everything"]
    assert row["text"] == normalise(SAME["everything"]) and row["original"] == SAME["everything"]
    assert check_json(found, SAME["everything"]) > 10
    given = SAME["everything"]
    assert all(given[e["start_char"] : e["end_char"]] == e["record"]["evidence"]["text"]
               for e in events)
    assert all(given[m["start_char"] : m["end_char"]] == m["text"] for m in markers)


def test_a_store_from_before_keeps_its_offsets_and_salvages(tmp_path: Path) -> None:
    """Rows stored before schema 2 have no original: their offsets index `text`, as before."""
    path = tmp_path / "old.duckdb"
    analysis = analyze(normalise(BASE), published="2025-03-04")
    with Store(path) as store:
        store.save(analysis)
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE articles DROP COLUMN original")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    rescued = tmp_path / "rescued.duckdb"
    assert not salvage(path, rescued).lost
    for db in (path, rescued):
        with Store(db) as store:
            (version,) = store.con.execute("SELECT value FROM meta").fetchone()
            found = store.analysis(analysis.article.id)
        assert version == str(SCHEMA_VERSION)
        assert found is not None and found["article"]["text"] == normalise(BASE)
        assert check_json(found, normalise(BASE)) > 10


def test_the_api_and_the_web_page_use_the_text_as_given(stored: tuple[Path, str]) -> None:
    pytest.importorskip("fastapi")
    with warnings.catch_warnings():
        # Starlette 1.x asks for httpx2 in its test client; httpx (pinned) still works.
        warnings.filterwarnings("ignore", message=".*httpx2.*")
        from fastapi.testclient import TestClient

    from newsledger.api import create_app
    from newsledger.web import views

    path, aid = stored
    given = SAME["everything"]
    with TestClient(create_app(path, token=None)) as client:
        out = client.post("/api/analyze", json={"text": given, "published": "2025-03-04"})
        assert out.status_code == 200
        assert out.json()["text"] == given and check_json(out.json(), given) > 10
        stored_json = client.get(f"/api/articles/{aid}").json()
        assert stored_json["text"] == given and check_json(stored_json, given) > 10
        page = client.get(f"/articles/{aid}")
        assert page.status_code == 200
    spans = views.annotations(stored_json, stored_json["text"])
    marker = next(s for s in spans if s["kind"] == "marker")
    assert given[marker["start"] : marker["end"]] == dict(marker["detail"])["as written"]
    assert f">{given[marker['start'] : marker['end']]}</span>" in page.text
