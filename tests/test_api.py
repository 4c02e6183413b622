"""The HTTP API through FastAPI's TestClient over a tmp DuckDB holding tests/webdata.py."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsledger.api import create_app
from newsledger.model import Analysis, Article
from tests.webdata import CAPITAL, demo_analyses, save_demo

with warnings.catch_warnings():
    # Starlette 1.x asks for httpx2 in its test client; httpx (pinned) still works.
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

TOKEN = "t0ken-for-tests"
LONG_TEXT = "Officials in the capital said the talks would resume next week after a pause. " * 3


def bare_analyzer(article: Article) -> Analysis:
    """The API's contract is the records the pipeline returns; these tests need no model."""
    return Analysis(article=article)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("api") / "ledger.duckdb"
    save_demo(db)
    return db


@pytest.fixture(scope="module")
def client(demo_db: Path) -> Iterator[TestClient]:
    app = create_app(demo_db, token=None, analyzer=bare_analyzer)
    with TestClient(app) as c:
        yield c


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[TestClient]:
    db = tmp_path / "w.duckdb"
    save_demo(db)
    with TestClient(create_app(db, token=TOKEN, analyzer=bare_analyzer, max_body=10_000)) as c:
        yield c


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize(("path", "count"), [
    ("/api/articles", 3),
    (f"/api/articles?outlet={CAPITAL}", 1),
    ("/api/articles?outlet=No Such Outlet", 0),
    ("/api/events", 9),
    ("/api/actors", 7),
    ("/api/actors?kind=military", 2),
    ("/api/markers", 2),
    ("/api/markers?category=intensifier", 1),
    ("/api/markers?outlet=Capital", 0),
    ("/api/claims", 1),
    ("/api/stories", None),  # what the merge stage makes of these records is its business
])
def test_listings(client: TestClient, path: str, count: int | None) -> None:
    r = client.get(path)
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == len(body["items"])
    if count is not None:
        assert body["count"] == count
    assert body["limit"] == 100 and body["offset"] == 0


@pytest.mark.parametrize(("query", "count"), [
    ("", 9),
    ("actor=ISRMIL", 2),
    ("actor=NOBODY", 0),
    ("type=CONSULT", 2),
    ("type=consult", 2),
    ("type=043", 2),
    ("type=PROTEST&outlet=Capital", 0),
    ("status=denied", 1),
    ("status=DENIED", 1),
    ("status=negated", 0),
    ("since=2025-09-20", 3),
    ("until=2025-09-17", 3),
    ("since=2025-09-17&until=2025-09-18", 5),
    ("since=2030-01-01", 0),
    ("place=Damascus", 2),
    ("place=SYR", 4),
    ("place=Atlantis", 0),
    ("outlet=capital", 3),
    ("limit=2", 2),
    ("limit=5&offset=8", 1),
    ("actor=&type=&status=&since=&until=&place=&outlet=", 9),  # an empty HTML form
    ("min_confidence=0", 2),  # events without a confidence are left out
    ("min_confidence=0.5", 1),
    ("min_confidence=1", 0),
    ("min_confidence=&precision=", 9),
    ("precision=day", 8),
    ("precision=NONE", 1),
])
def test_event_filters(client: TestClient, query: str, count: int) -> None:
    r = client.get(f"/api/events?{query}")
    assert r.status_code == 200, r.text
    assert r.json()["count"] == count


def test_event_rows_carry_evidence(client: TestClient) -> None:
    row = client.get("/api/events?status=denied").json()["items"][0]
    assert row["plover"] == "ASSAULT" and row["cameo"] == "195"
    assert row["outlet"] == CAPITAL and row["date_start"] == "2025-09-18"
    assert row["own_voice"] is False and row["chain"] == f"{CAPITAL} → Israel"
    assert row["record"]["evidence"]["text"] == "struck"
    assert row["record"]["attribution"]["cue"] == "denied"


@pytest.mark.parametrize(("query", "code"), [
    ("status=bogus", "invalid_request"),
    ("since=yesterday", "invalid_request"),
    ("until=2025-13-01", "invalid_request"),
    ("limit=0", "invalid_request"),
    ("limit=100000", "invalid_request"),
    ("offset=-1", "invalid_request"),
    ("limit=ten", "invalid_request"),
    ("min_confidence=1.5", "invalid_request"),
    ("min_confidence=high", "invalid_request"),
    ("min_confidence=nan", "invalid_request"),
    ("precision=week", "invalid_request"),
])
def test_bad_event_queries(client: TestClient, query: str, code: str) -> None:
    assert_error(client.get(f"/api/events?{query}"), 422, code)


def test_article_by_id_and_prefix(client: TestClient) -> None:
    analysis = demo_analyses()[0]
    art = analysis.article
    full = client.get(f"/api/articles/{art.id}").json()
    assert full["text"] == art.text
    assert full["article"]["outlet"] == art.outlet and "text" not in full["article"]
    assert {e["id"] for e in full["events"]} == {e.id for e in analysis.events}
    assert set(full) >= {"id", "article", "actors", "events", "claims", "markers", "places",
                         "attributions", "text"}
    mentions = {m["text"] for a in full["actors"] for m in a["mentions"]}
    assert "The Israeli regime" in mentions
    assert client.get(f"/api/articles/{art.id[:8]}").json()["text"] == art.text


@pytest.mark.parametrize(("article_id", "status", "code"), [
    ("ffffffffffffffff", 404, "not_found"),
    ("0000", 404, "not_found"),
    ("ab", 400, "bad_request"),
])
def test_article_errors(client: TestClient, article_id: str, status: int, code: str) -> None:
    assert_error(client.get(f"/api/articles/{article_id}"), status, code)


def test_unknown_route_and_method(client: TestClient) -> None:
    assert_error(client.get("/api/nothing-here"), 404, "not_found")
    assert_error(client.delete("/api/events"), 405, "method_not_allowed")


def test_analyze_returns_records_and_stores_nothing(client: TestClient) -> None:
    before = client.get("/api/health").json()["counts"]["articles"]
    r = client.post("/api/analyze", json={"text": LONG_TEXT, "published": "2025-09-19",
                                           "outlet": "Example"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["article"]["outlet"] == "Example" and body["article"]["published"] == "2025-09-19"
    assert body["text"] == LONG_TEXT  # the text as given: the one the offsets index
    assert body["events"] == [] and body["actors"] == []
    assert client.get("/api/health").json()["counts"]["articles"] == before


@pytest.mark.parametrize(("kwargs", "status", "code"), [
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400,
     "invalid_json"),
    ({"json": {}}, 422, "invalid_request"),
    ({"json": {"text": ""}}, 422, "invalid_request"),
    ({"json": {"text": LONG_TEXT, "published": "someday"}}, 422, "invalid_request"),
    ({"json": {"text": LONG_TEXT, "fetch": "http://example.org/"}}, 422, "invalid_request"),
    ({"json": {"text": "too few words"}}, 422, "too_short"),
    ({"json": {"text": "   \n  "}}, 422, "empty"),
    ({"json": ["a list"]}, 422, "invalid_request"),
    # dates pydantic accepts but no article has: refused, never a 500
    ({"json": {"text": LONG_TEXT, "published": "0001-01-01"}}, 422, "bad_date"),
    ({"json": {"text": LONG_TEXT, "published": "9999-12-31"}}, 422, "bad_date"),
    ({"json": {"text": LONG_TEXT, "outlet": 3}}, 422, "invalid_request"),
])
def test_analyze_bad_input(client: TestClient, kwargs: dict[str, Any], status: int,
                           code: str) -> None:
    assert_error(client.post("/api/analyze", **kwargs), status, code)


def test_body_limit_announced_and_streamed(writable: TestClient) -> None:
    big = b'{"text": "' + b"word " * 3000 + b'"}'  # 15 kB over a 10 kB cap
    assert_error(writable.post("/api/analyze", content=big,
                               headers={"content-type": "application/json"}), 413, "too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap must count what arrives
        for i in range(0, len(big), 1000):
            yield big[i:i + 1000]

    assert_error(writable.post("/api/analyze", content=chunks(),
                               headers={"content-type": "application/json"}), 413, "too_large")
    ok = writable.post("/api/analyze", json={"text": LONG_TEXT})
    assert ok.status_code == 200


def test_writes_disabled_without_token(client: TestClient) -> None:
    err = assert_error(client.post("/api/articles", json={"text": LONG_TEXT},
                                   headers={"authorization": f"Bearer {TOKEN}"}),
                       403, "writes_disabled")
    assert "NEWSLEDGER_TOKEN" in err["message"]
    assert client.get("/api/health").json()["writes"] is False


@pytest.mark.parametrize(("header", "status", "code"), [
    (None, 401, "unauthorized"),
    ("Bearer", 401, "unauthorized"),
    (f"Basic {TOKEN}", 401, "unauthorized"),
    ("Bearer wrong-token", 403, "forbidden"),
    (f"Bearer {TOKEN}x", 403, "forbidden"),
])
def test_ingest_refused(writable: TestClient, header: str | None, status: int,
                        code: str) -> None:
    headers = {"authorization": header} if header else {}
    r = writable.post("/api/articles", json={"text": LONG_TEXT}, headers=headers)
    assert_error(r, status, code)
    if status == 401:
        assert r.headers["www-authenticate"] == "Bearer"
    assert writable.get("/api/articles").json()["count"] == 3


def test_ingest_with_token(writable: TestClient) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    body = {"text": LONG_TEXT, "outlet": "Example", "published": "2025-09-23",
            "url": "http://example.invalid/never-fetched"}
    first = writable.post("/api/articles", json=body, headers=auth)
    assert first.status_code == 201, first.text
    article_id = first.json()["id"]
    assert first.json()["stored"] is True
    again = writable.post("/api/articles", json=body, headers=auth)
    assert again.status_code == 200 and again.json()["stored"] is False
    stored = writable.get(f"/api/articles/{article_id}").json()
    assert stored["article"]["url"] == body["url"] and stored["text"] == LONG_TEXT  # as given
    assert writable.get("/api/articles").json()["count"] == 4


def test_read_only_store_takes_no_writes(tmp_path: Path) -> None:
    db = tmp_path / "ro.duckdb"
    save_demo(db)
    app = create_app(db, token=TOKEN, analyzer=bare_analyzer, read_only=True)
    with TestClient(app) as c:
        assert c.get("/api/events").json()["count"] == 9
        assert_error(c.post("/api/articles", json={"text": LONG_TEXT},
                            headers={"authorization": f"Bearer {TOKEN}"}),
                     403, "writes_disabled")


def test_graph(client: TestClient) -> None:
    g = client.get("/api/graph").json()
    assert {"source": "ISRMIL", "target": "SYR", "type": "ASSAULT", "count": 1} in g["edges"]
    assert client.get("/api/graph?type=PROTEST").json()["types"] == ["PROTEST"]
    assert client.get("/api/graph?actor=NOBODY").json() == {
        "nodes": [], "edges": [], "types": [], "events": 0, "truncated": False}
    assert client.get("/api/graph?limit=2").json()["truncated"] is True


def test_openapi_schema(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/events", "/api/actors",
                 "/api/stories", "/api/markers", "/api/analyze"):
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert params >= {"actor", "type", "status", "since", "until", "place", "outlet", "limit",
                      "offset"}
    assert "post" in schema["paths"]["/api/articles"]
    assert not any(p.startswith("/ledger") for p in schema["paths"])  # pages stay out
    error = schema["paths"]["/api/events"]["get"]["responses"]["422"]
    assert error["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
    assert "HTTPValidationError" not in schema["components"]["schemas"]


@pytest.mark.parametrize("path", ["/", "/ledger", "/ledger?status=denied", "/timeline",
                                  "/map", "/graph", "/outlets", "/ledger?since=&until=", "/review",
                                  "/review?kind=marker&include_reviewed=true",
                                  "/review?by=disagreement"])
def test_pages_render(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "http://" not in r.text.replace("http://testserver/", "")  # nothing off-site


def test_page_errors(client: TestClient) -> None:
    html = client.get("/articles/ffffffffffff", headers={"accept": "text/html"})
    assert html.status_code == 404 and "no article" in html.text
    # The same URL asked for by a script keeps the JSON shape.
    assert_error(client.get("/articles/ffffffffffff"), 404, "not_found")
    assert_error(client.get("/api/articles/ffffffffffff", headers={"accept": "text/html"}),
                 404, "not_found")
    html = client.get("/ledger?since=soon", headers={"accept": "text/html"})
    assert html.status_code == 422 and "YYYY-MM-DD" in html.text


def test_static_vendor_files(client: TestClient) -> None:
    for path in ("/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css",
                 "/static/vendor/topojson-client/topojson-client.min.js",
                 "/static/vendor/world-atlas/countries-50m.json", "/static/app.css"):
        assert client.get(path).status_code == 200, path


@pytest.mark.model
def test_analyze_with_the_real_pipeline(tmp_path: Path, sample_text: str) -> None:
    with TestClient(create_app(tmp_path / "m.duckdb")) as c:
        r = c.post("/api/analyze", json={"text": sample_text, "published": "2025-09-19",
                                         "outlet": "Example"})
    assert r.status_code == 200, r.text
    assert set(r.json()) >= {"id", "article", "actors", "events", "markers", "text"}


def test_store_pool_gives_each_thread_its_own_connection(tmp_path: Path) -> None:
    """FastAPI may resolve a dependency in one worker thread and run the endpoint in another;
    the pool must look the connection up in the thread that queries."""
    from concurrent.futures import ThreadPoolExecutor

    from newsledger.api_common import Stores

    db = tmp_path / "pool.duckdb"
    save_demo(db)
    pool = Stores(db)
    try:
        with ThreadPoolExecutor(8) as workers:
            counts = list(workers.map(lambda _: len(pool.events(limit=100)), range(200)))
    finally:
        pool.close()
    assert counts == [9] * 200


@pytest.mark.parametrize(("host", "status"), [
    ("127.0.0.1:8000", 200), ("localhost", 200), ("[::1]:8000", 200),
    ("attacker.example:8000", 400), ("", 400),
])
def test_loopback_host_check(tmp_path: Path, host: str, status: int) -> None:
    db = tmp_path / "h.duckdb"
    save_demo(db)
    app = create_app(db, analyzer=bare_analyzer, hosts=["127.0.0.1", "localhost", "[::1]"])
    with TestClient(app) as c:
        r = c.get("/api/health", headers={"host": host})
    if status == 200:
        assert r.status_code == 200
    else:
        assert_error(r, status, "bad_host")


def test_article_text_is_escaped(writable: TestClient) -> None:
    text = ("<script>alert(1)</script> Officials said the <b>talks</b> in the capital would "
            "resume next week.")
    r = writable.post("/api/articles", json={"text": text, "title": "<i>t</i>"},
                      headers={"authorization": f"Bearer {TOKEN}"})
    page = writable.get(r.json()["url"]).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<i>t</i>" not in page


def test_aggregates_follow_writes(writable: TestClient) -> None:
    """Graph and pages are memoised per store state; a stored article must show at once."""
    auth = {"authorization": f"Bearer {TOKEN}"}
    before = writable.get("/api/graph").json()
    assert writable.get("/api/graph").json() == before
    outlets = writable.get("/outlets").text
    assert "Fresh Outlet" not in outlets
    r = writable.post("/api/articles", json={"text": LONG_TEXT, "outlet": "Fresh Outlet"},
                      headers=auth)
    assert r.status_code == 201
    assert "Fresh Outlet" in writable.get("/outlets").text


@pytest.mark.parametrize(("error", "status", "code"), [
    ("extractor", 500, "extractor_failed"),
    ("model", 503, "model_missing"),
    ("crash", 500, "internal"),
])
def test_server_side_failures_keep_the_shape(tmp_path: Path, error: str, status: int,
                                             code: str) -> None:
    from newsledger.errors import ExtractorError, ModelMissingError

    def failing(article: Article) -> Analysis:
        if error == "extractor":
            raise ExtractorError("events", article.id, ValueError("boom"))
        if error == "model":
            raise ModelMissingError("model 'x' is not installed; pip install x")
        raise RuntimeError("unexpected")

    app = create_app(tmp_path / "f.duckdb", analyzer=failing)
    with TestClient(app, raise_server_exceptions=False) as c:
        err = assert_error(c.post("/api/analyze", json={"text": LONG_TEXT}), status, code)
    assert "Traceback" not in err["message"]


@pytest.mark.parametrize(("body", "field"), [
    ('{"text": "Officials in the capital said \\ud800 the talks would resume next week."}',
     "text"),
    ('{"text": "Officials in the capital said the talks would resume next week.", '
     '"title": "\\udfff"}', "title"),
])
def test_lone_surrogates_over_http_are_refused_naming_the_field(client: TestClient, body: str,
                                                               field: str) -> None:
    # the request parser will not carry a lone surrogate: a 422 naming the field, not a 500
    r = client.post("/api/analyze", content=body.encode(),
                    headers={"content-type": "application/json"})
    err = assert_error(r, 422, "invalid_request")
    assert err["message"].startswith(field)


def test_analyze_text_over_the_character_cap_is_413(demo_db: Path) -> None:
    app = create_app(demo_db, analyzer=bare_analyzer, max_chars=500)
    with TestClient(app) as c:
        err = assert_error(c.post("/api/analyze", json={"text": LONG_TEXT * 3}), 413,
                           "too_large")
        assert "500" in err["message"]
        assert c.post("/api/analyze", json={"text": LONG_TEXT}).status_code == 200


def test_concurrent_analyses_beyond_the_bound_are_429(demo_db: Path) -> None:
    import threading

    started, release = threading.Event(), threading.Event()

    def slow(article: Article) -> Analysis:
        started.set()
        release.wait(10)
        return Analysis(article=article)

    app = create_app(demo_db, analyzer=slow, max_analyses=1)
    with TestClient(app) as c:
        first: list[Any] = []
        worker = threading.Thread(
            target=lambda: first.append(c.post("/api/analyze", json={"text": LONG_TEXT})))
        worker.start()
        assert started.wait(10)
        busy = c.post("/api/analyze", json={"text": LONG_TEXT})
        release.set()
        worker.join(10)
        assert_error(busy, 429, "busy")
        assert busy.headers["retry-after"]
        assert first[0].status_code == 200
        assert c.post("/api/analyze", json={"text": LONG_TEXT}).status_code == 200


@pytest.mark.parametrize(("query", "status"), [
    ("offset=99999999999999999999", 400),
    ("offset=1000000000001", 400),
    ("offset=-1", 422),
    ("offset=1000000", 200),
])
def test_huge_offsets_are_bad_requests(client: TestClient, query: str, status: int) -> None:
    for path in ("/api/events", "/api/articles", "/api/stories"):
        r = client.get(f"{path}?{query}")
        assert r.status_code == status, (path, r.text)
        if status != 200:
            assert "duckdb" not in r.text.lower() and "/" not in r.json()["error"]["message"]


def test_read_only_403_names_no_missing_option(tmp_path: Path) -> None:
    db = tmp_path / "ro.duckdb"
    save_demo(db)
    with TestClient(create_app(db, token=TOKEN, analyzer=bare_analyzer, read_only=True)) as c:
        err = assert_error(c.post("/api/articles", json={"text": LONG_TEXT},
                                  headers={"authorization": f"Bearer {TOKEN}"}),
                           403, "writes_disabled")
        assert "--token" not in err["message"] and "--read-only" in err["message"]


def test_a_store_damaged_under_a_running_server_is_a_500_without_paths(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    save_demo(db)
    data = db.read_bytes()
    with TestClient(create_app(db, analyzer=bare_analyzer, read_only=True),
                    raise_server_exceptions=False) as c:
        with db.open("r+b") as f:
            f.truncate(len(data) // 2)  # the tables' blocks are gone; the header is not
        r = c.get("/api/events")
        if r.status_code != 200:
            err = assert_error(r, 500, "store_error")
            assert str(tmp_path) not in err["message"] and "damaged" in err["message"]


def test_an_article_lists_the_outlets_that_carried_the_same_text(tmp_path: Path) -> None:
    from dataclasses import replace

    from newsledger.store import Store

    db = tmp_path / "copies.duckdb"
    analyses = save_demo(db)
    art = analyses[0].article
    with Store(db) as store:
        assert store.save_copies([replace(art, outlet="Echo Post", url="https://echo.example/1")])
    with TestClient(create_app(db, token=None, analyzer=bare_analyzer)) as c:
        body = c.get(f"/api/articles/{art.id}").json()
        assert body["copies"] == [{"outlet": "Echo Post", "published": str(art.published),
                                   "url": "https://echo.example/1", "title": art.title}]
        assert "Echo Post" in c.get(f"/articles/{art.id}").text
        stories = c.get("/api/stories").json()["items"]
        assert any("Echo Post" in s["outlets"] for s in stories)


# ---- analysts' corrections ------------------------------------------------------------------


def _auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def test_a_correction_over_http_is_stored_shown_and_undone(writable: TestClient) -> None:
    event = writable.get("/api/events").json()["items"][0]
    assert event["human"] == [] and event["verdict"] is None
    body = {"kind": "event", "record_id": event["id"], "field": "type", "value": "protest",
            "who": "ana"}
    made = writable.post("/api/corrections", json=body, headers=_auth())
    assert made.status_code == 201, made.text
    note = made.json()
    assert note["old"] == event["plover"] and note["new"] == "PROTEST" and note["who"] == "ana"
    shown = next(e for e in writable.get("/api/events").json()["items"] if e["id"] == event["id"])
    assert shown["plover"] == "PROTEST" and shown["human"] == ["type"]
    article = writable.get(f"/api/articles/{event['article_id']}").json()
    mine = next(e for e in article["events"] if e["id"] == event["id"])
    assert mine["type"]["plover"] == "PROTEST" and mine["human"]["type"]["by"] == "ana"
    others = [e for e in article["events"] if e["id"] != event["id"]]
    assert others and all("human" not in e for e in others)
    listed = writable.get("/api/corrections", params={"record_id": event["id"]}).json()
    assert [c["id"] for c in listed["items"]] == [note["id"]]

    undone = writable.post(f"/api/corrections/{note['id']}/undo", json={"who": "bo"},
                           headers=_auth())
    assert undone.status_code == 201 and undone.json()["undoes"] == note["id"]
    shown = next(e for e in writable.get("/api/events").json()["items"] if e["id"] == event["id"])
    assert shown["plover"] == event["plover"] and shown["human"] == []
    history = writable.get("/api/corrections").json()["items"]
    assert [(c["id"], c["active"]) for c in history] == [(2, False), (1, False)]
    assert_error(writable.post(f"/api/corrections/{note['id']}/undo", headers=_auth()), 409,
                 "conflict")


@pytest.mark.parametrize(("body", "headers", "status", "code"), [
    ({"field": "type", "value": "ASSAULT"}, None, 401, "unauthorized"),
    ({"field": "type", "value": "ASSAULT"}, {"Authorization": "Bearer nope"}, 403, "forbidden"),
    ({"field": "type", "value": "BOMBING"}, "auth", 422, "invalid_request"),
    ({"field": "status", "value": "probably"}, "auth", 422, "invalid_request"),
    ({"field": "colour", "value": "red"}, "auth", 422, "invalid_request"),
    ({"field": "date", "value": "2025-13-01"}, "auth", 422, "invalid_request"),
    ({"field": "type", "value": "ASSAULT", "record_id": "no-such-e1"}, "auth", 404, "not_found"),
    ({"field": "type", "value": "ASSAULT", "extra": 1}, "auth", 422, "invalid_request"),
])
def test_bad_corrections_have_the_one_error_shape(writable: TestClient, body: dict[str, Any],
                                                  headers: Any, status: int, code: str) -> None:
    event = writable.get("/api/events").json()["items"][0]
    full = {"kind": "event", "record_id": event["id"], **body}
    sent = writable.post("/api/corrections", json=full,
                         headers=_auth() if headers == "auth" else headers)
    assert_error(sent, status, code)
    assert writable.get("/api/corrections").json()["count"] == 0


def test_an_added_event_over_http(writable: TestClient) -> None:
    article = writable.get("/api/articles").json()["items"][0]
    full = writable.get(f"/api/articles/{article['id']}").json()
    start = full["events"][0]["evidence"]["start"]
    body = {"article_id": article["id"], "start": start, "end": start + 3, "type": "protest",
            "source": ["SYRCVL"], "who": "ana"}
    made = writable.post("/api/corrections/events", json=body, headers=_auth())
    assert made.status_code == 201, made.text
    note = made.json()
    assert note["field"] == "added" and note["new"]["type"] == "PROTEST"
    shown = writable.get(f"/api/articles/{article['id']}").json()["events"]
    assert [e["id"] for e in shown if e.get("added")] == [note["record_id"]]
    assert writable.post(f"/api/corrections/{note['id']}/undo", headers=_auth()).status_code == 201
    shown = writable.get(f"/api/articles/{article['id']}").json()["events"]
    assert not [e for e in shown if e.get("added")]
    assert_error(writable.post("/api/corrections/events", json={**body, "end": 10**7},
                               headers=_auth()), 422, "invalid_request")
    assert_error(writable.post("/api/corrections/events", json=body), 401, "unauthorized")


def test_corrections_refused_without_a_token(client: TestClient) -> None:
    event = client.get("/api/events").json()["items"][0]
    sent = client.post("/api/corrections", json={"kind": "event", "record_id": event["id"],
                                                 "field": "verdict", "value": "rejected"})
    assert_error(sent, 403, "writes_disabled")
    assert_error(client.post("/api/corrections/1/undo"), 403, "writes_disabled")


def test_review_queue_over_http(writable: TestClient) -> None:
    queue = writable.get("/api/review").json()["items"]
    scored = [r["confidence"] for r in queue if r["confidence"] is not None]
    assert scored and scored == sorted(scored)
    first = queue[0]
    writable.post("/api/corrections", headers=_auth(), json={
        "kind": first["kind"], "record_id": first["id"], "field": "verdict", "value": "accepted"})
    assert first["id"] not in [r["id"] for r in writable.get("/api/review").json()["items"]]
    assert_error(writable.get("/api/review?kind=story"), 422, "invalid_request")
