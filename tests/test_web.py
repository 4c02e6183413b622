"""The web UI in a real headless Chromium (Debian's `chromium`, driven by Playwright's sync API).

The app runs under uvicorn in a background thread on 127.0.0.1 over a tmp DuckDB holding the
hand-made articles of tests/webdata.py. Each test loads a page, clicks a filter or a span,
checks what changed, and saves a screenshot (to screenshots/ or $NEWSLEDGER_SCREENSHOTS).
Any request to a host other than the test server fails the test: the UI must work offline.
Skipped when chromium is not installed (`make browser-deps`); never `playwright install`.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.webdata import CAPITAL, HARBOUR, guarded_page, save_demo

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    db = tmp_path_factory.mktemp("web") / "ledger.duckdb"
    return db, save_demo(db)


STORY = {"id": "story-1", "plover": "CONSULT", "date_start": "2025-09-17",
         "date_end": "2025-09-17", "outlets": [HARBOUR, CAPITAL], "events": 2}


@pytest.fixture(scope="module")
def server(demo: tuple[Path, list[Any]]) -> Iterator[str]:
    import uvicorn

    from newsledger.api import create_app
    from newsledger.store import Store

    # Stories are made by the merge stage, not by these hand-made records: give the store
    # one so that the timeline's story lane is drawn and clickable.
    patch = pytest.MonkeyPatch()
    patch.setattr(Store, "stories", lambda self, limit=None, offset=0: [STORY], raising=False)
    app = create_app(demo[0], token=None)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                        lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    patch.undo()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots() -> Path:
    folder = Path(os.environ.get("NEWSLEDGER_SCREENSHOTS") or ROOT / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh page that refuses to leave the test server and records script errors."""
    yield from guarded_page(browser, server)


def test_article_view_highlights_and_details(page: Any, demo: Any, shots: Path) -> None:
    article = demo[1][0].article
    page.goto(f"/articles/{article.id}")
    for kind in ("mention", "trigger", "cue", "scope", "marker"):
        assert page.locator(f"#text .s.k-{kind}").count() > 0, kind
    details = page.locator("#details")
    assert "Hover or click" in details.inner_text()

    # Clicking the loaded name pins its details: the actor and the slant marker on it.
    page.locator("#text .s.k-marker", has_text="regime").first.click()
    text = details.inner_text()
    assert "Israeli government" in text and "delegitimising_name" in text
    assert "The Israeli government" in text  # the neutral wording
    page.screenshot(path=str(shots / "article.png"), full_page=True)

    # Turning a kind off removes its highlight and its entry in the details.
    marker = page.locator("#text .s.k-marker").first
    before = marker.evaluate("n => getComputedStyle(n).backgroundColor")
    page.locator("#legend input[data-kind=marker]").uncheck()
    assert "hide-marker" in page.locator("body").get_attribute("class")
    assert marker.evaluate("n => getComputedStyle(n).backgroundColor") != before

    profile = page.locator("#profile").inner_text()
    assert "delegitimising name" in profile and "intensifier" in profile
    assert "The Israeli regime" in page.locator("#naming").inner_text()
    assert page.locator("#own-voice").inner_text().startswith("50%")  # 2 of 4 events


def test_ledger_filters_sorts_and_links_to_evidence(page: Any, shots: Path) -> None:
    page.goto("/ledger")
    rows = page.locator("#ledger tbody tr")
    assert rows.count() == 9
    page.screenshot(path=str(shots / "ledger.png"), full_page=True)

    page.select_option("#filters select[name=status]", "denied")
    page.locator("#filters button[type=submit]").click()
    page.wait_for_url("**/ledger?*status=denied*")
    assert rows.count() == 1
    assert "denied" in rows.first.inner_text() and CAPITAL in rows.first.inner_text()

    page.goto("/ledger?outlet=nothing-like-this")
    assert page.locator("#no-events").is_visible()

    page.goto("/ledger")
    page.locator("#ledger th", has_text="type").click()
    types = page.locator("#ledger tbody tr td:nth-child(2) b").all_inner_texts()
    assert types == sorted(types)
    page.locator("#ledger th", has_text="type").click()
    assert page.locator("#ledger tbody tr td:nth-child(2) b").all_inner_texts() == \
        sorted(types, reverse=True)

    page.fill("#quick", "Sweida")
    assert page.locator("#shown").inner_text() == "2"
    page.fill("#quick", "")

    # Low-confidence rows are marked; the confidence column sorts, empty cells last.
    low = page.locator("#ledger tbody tr.low-confidence")
    assert low.count() == 1 and "pressed on" in low.first.inner_text()
    page.locator("#ledger th", has_text="confidence").click()
    column = page.locator("#ledger tbody tr td:nth-child(9)").all_inner_texts()
    assert [c for c in column if c.strip()] == ["0.35", "0.92"]
    assert not column[-1].strip()

    # The evidence link opens the article with the trigger in focus.
    page.fill("#quick", "")
    page.locator("#ledger a.evidence", has_text="gathered").click()
    page.wait_for_url("**/articles/**")
    focused = page.locator("#text .s.focus")
    assert focused.count() >= 1 and focused.first.inner_text() == "gathered"
    assert page.locator("tr.event-row.focus").count() == 1
    page.screenshot(path=str(shots / "article-from-ledger.png"))


def test_timeline_status_toggle(page: Any, shots: Path) -> None:
    page.goto("/timeline")
    dots = page.locator("#timeline circle.dot")
    assert dots.count() == 8  # nine events, one undated
    assert "1 undated event" in page.locator(".summary").inner_text()
    visible = page.locator("#timeline circle.dot:visible")
    page.screenshot(path=str(shots / "timeline.png"), full_page=True)
    page.locator("#status-legend button[data-status=denied]").click()
    assert visible.count() == 7
    page.locator("#status-legend button[data-status=denied]").click()
    assert visible.count() == 8

    page.goto("/timeline?type=CONSULT")
    assert page.locator("#timeline circle.dot").count() == 2
    story = page.locator("#timeline rect.story")
    assert story.count() >= 1
    story.first.click()
    page.wait_for_url("**/ledger?story=*")
    assert "Only events of story" in page.locator(".notice").inner_text()


def test_map_draws_boundaries_and_places_offline(page: Any, shots: Path) -> None:
    page.goto("/map")
    page.wait_for_selector("#map[data-boundaries]")
    assert int(page.locator("#map").get_attribute("data-boundaries")) > 200  # countries
    assert page.locator("path.place-marker").count() == 3  # London, Damascus, Sweida
    page.screenshot(path=str(shots / "map.png"), full_page=True)
    page.select_option("#type-filter", "PROTEST")
    assert page.locator("path.place-marker").count() == 1
    assert page.locator("#n-places").inner_text() == "1"
    page.locator("path.place-marker").first.click()
    assert "Sweida" in page.locator(".leaflet-popup-content").inner_text()


def test_actor_graph_type_filter(page: Any, shots: Path) -> None:
    page.goto("/graph")
    edges = page.locator("#graph path.edge")
    total = edges.count()
    assert total >= 6
    assert page.locator("#graph g.node").count() == 7
    page.screenshot(path=str(shots / "graph.png"), full_page=True)
    page.select_option("#type-filter", "CONSULT")
    assert 0 < edges.count() < total
    assert set(page.locator("#graph path.edge").evaluate_all(
        "ps => ps.map(p => p.dataset.type)")) == {"CONSULT"}


def test_outlets_side_by_side(page: Any, shots: Path) -> None:
    page.goto("/outlets")
    summary = page.locator("#outlet-summary tbody tr")
    assert summary.count() == 2
    assert {HARBOUR, CAPITAL} <= set(page.locator("#outlet-summary tbody th").all_inner_texts())
    header = page.locator("#naming-matrix thead th").all_inner_texts()
    row = page.locator("#naming-matrix tbody tr", has_text="ISRGOV")
    cells = row.locator("td").all_inner_texts()
    assert "The Israeli regime" in cells[header.index(HARBOUR) - 1]
    assert "Israel's strategic affairs minister" in cells[header.index(CAPITAL) - 1]
    page.screenshot(path=str(shots / "outlets.png"), full_page=True)
    page.locator("#outlet-summary a", has_text=CAPITAL).click()
    page.wait_for_url("**/ledger?outlet=*")
    assert page.locator("#ledger tbody tr").count() == 3


def test_index_and_error_page(page: Any, shots: Path) -> None:
    page.goto("/")
    assert page.locator("#articles tbody tr").count() == 3
    page.screenshot(path=str(shots / "index.png"))
    page.locator("#articles a").first.click()
    page.wait_for_url("**/articles/**")
    response = page.goto("/articles/ffffffffffff")
    assert response.status == 404
    assert "no article" in page.locator(".error").inner_text()
    page.screenshot(path=str(shots / "error.png"))
    page.script_errors.clear()  # Chromium logs the 404 of the page itself


def test_api_reference_is_offline(page: Any, shots: Path) -> None:
    page.goto("/api/docs")
    assert page.locator("section.endpoint").count() >= 10
    events = page.locator("section.endpoint", has_text="/api/events").first.inner_text()
    for name in ("actor", "type", "status", "since", "until", "place", "outlet", "limit"):
        assert name in events
    page.screenshot(path=str(shots / "api-docs.png"), full_page=True)


def test_speakers_loaded_words_are_shown_apart_with_their_speaker(page: Any, demo: Any,
                                                                   shots: Path) -> None:
    article = demo[1][2].article  # a protester's quote: "The regime's thugs ..."
    page.goto(f"/articles/{article.id}")
    assert page.locator("#text .s.k-speaker").count() == 2
    assert page.locator("#text .s.k-marker").count() == 0  # the outlet's own: none here

    # the speaker's words are the speaker's: named in the details, not the outlet's marker
    page.locator("#text .s.k-speaker", has_text="thugs").first.click()
    details = page.locator("#details").inner_text()
    assert "one protester" in details and "pejorative_label" in details
    assert "slant marker" not in details

    listed = page.locator("#speaker-markers").inner_text()
    assert "one protester" in listed and "thugs" in listed and "The regime" in listed
    profile = " ".join(page.locator("#profile").inner_text().split())
    assert "slant markers 0" in profile  # a speaker's words never count as the outlet's
    page.screenshot(path=str(shots / "article-speakers.png"), full_page=True)

    page.locator("#legend input[data-kind=speaker]").uncheck()
    assert "hide-speaker" in page.locator("body").get_attribute("class")
