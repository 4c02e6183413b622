"""Corrections in the web UI, in a real headless Chromium (as tests/test_web.py): an analyst
corrects records by keyboard and by mouse, the correction is stored (read back through the API)
and shown with its mark after the page reloads, and undo brings the machine's value back.

The server here takes writes (a token), over its own store, so the read-only UI tests keep
theirs untouched.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import test_web
from tests.webdata import guarded_page, save_demo

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect
# the browser and the screenshot folder of the read-only UI tests
browser, shots = test_web.browser, test_web.shots

TOKEN = "web-t0ken"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    db = tmp_path_factory.mktemp("web-review") / "ledger.duckdb"
    return db, save_demo(db)


@pytest.fixture(scope="module")
def server(demo: tuple[Path, list[Any]]) -> Iterator[str]:
    import uvicorn

    from newsledger.api import create_app

    app = create_app(demo[0], token=TOKEN)
    port = test_web._free_port()
    srv = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
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


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    # a refused write is answered 4xx on purpose in one test: the console logs it
    yield from guarded_page(browser, server, ignore_console="status of 4")


def _get(server: str, path: str) -> Any:
    with urllib.request.urlopen(server + path) as response:
        return json.loads(response.read())


def _sign_in(page: Any, name: str = "ana") -> None:
    page.fill("#who", name)
    page.fill("#token", TOKEN)


def test_correct_an_event_type_by_keyboard_then_undo(
    page: Any, server: str, demo: Any, shots: Path
) -> None:
    article = demo[1][0].article
    event = demo[1][0].events[0]
    page.goto(f"/articles/{article.id}")
    _sign_in(page)
    page.locator("#text").click()  # out of the inputs: the keys go to the records
    page.keyboard.press("j")
    row = page.locator(f"tr.record[data-id='{event.id}']")
    assert "selected" in row.get_attribute("class")
    page.keyboard.press("t")
    editor = page.locator("#editor")
    assert editor.is_visible() and page.locator("#editor-field").input_value() == "type"
    assert page.locator("#editor-value").input_value() == event.type.plover
    page.keyboard.press("Control+a")
    page.keyboard.type("protest")
    page.keyboard.press("Enter")
    page.wait_for_url("**focus=*")
    page.wait_for_load_state()

    # stored: the API lists it, with who made it and what it replaced
    stored = _get(server, f"/api/corrections?record_id={event.id}")["items"]
    assert len(stored) == 1 and stored[0]["new"] == "PROTEST" and stored[0]["who"] == "ana"
    assert stored[0]["old"] == event.type.plover
    # shown: the row has the corrected type, marked, and is the selected record again
    row = page.locator(f"tr.record[data-id='{event.id}']")
    mark = row.locator("td[data-field=type] b")
    assert mark.inner_text() == "PROTEST" and "human" in mark.get_attribute("class")
    assert "ana" in mark.get_attribute("title")
    assert "selected" in row.get_attribute("class")
    assert "saved: type" in page.locator("#review-status").inner_text()
    # the next record is untouched
    others = page.locator("tr.record[data-kind=event]:not(.selected) .human")
    assert others.count() == 0
    page.screenshot(path=str(shots / "article-corrected.png"), full_page=True)

    page.keyboard.press("u")
    expect(page.locator("#review-status")).to_have_text(re.compile("^undone"))
    row = page.locator(f"tr.record[data-id='{event.id}']")
    assert row.locator("td[data-field=type] b").inner_text() == event.type.plover
    assert row.locator(".human").count() == 0
    history = _get(server, f"/api/corrections?record_id={event.id}")["items"]
    assert [(h["undoes"], h["active"]) for h in history] == [
        (stored[0]["id"], False),
        (None, False),
    ]


def test_reject_a_marker_and_fix_a_speaker(page: Any, server: str, demo: Any) -> None:
    article = demo[1][0].article
    page.goto(f"/articles/{article.id}")
    _sign_in(page, "bo")
    marker = page.locator("#markers tr.record").first
    marker_id = marker.get_attribute("data-id")
    marker.locator("button[data-act=reject]").click()  # the mouse
    page.wait_for_url("**focus=*")
    page.wait_for_load_state()
    marker = page.locator(f"tr.record[data-id='{marker_id}']")
    assert "verdict-rejected" in marker.get_attribute("class")
    assert _get(server, f"/api/corrections?record_id={marker_id}")["items"][0]["who"] == "bo"

    speaker = page.locator("#attributions tr.record").first
    speaker_id = speaker.get_attribute("data-id")
    speaker.locator("td[data-field=speaker]").dblclick()
    page.fill("#editor-value", "Syrian state television")
    page.keyboard.press("Enter")
    expect(page.locator("#review-status")).to_have_text(re.compile("^saved: speaker"))
    cell = page.locator(f"tr.record[data-id='{speaker_id}'] td[data-field=speaker] span").first
    assert cell.inner_text() == "Syrian state television"
    assert "human" in cell.get_attribute("class")


def test_a_bad_value_or_a_missing_token_is_said_and_stores_nothing(
    page: Any, server: str, demo: Any
) -> None:
    article = demo[1][1].article
    event = demo[1][1].events[0]
    page.goto(f"/articles/{article.id}")
    page.fill("#token", "")
    page.locator("#text").click()
    page.keyboard.press("j")
    page.keyboard.press("a")
    status = page.locator("#review-status")
    expect(page.locator("#review-status")).to_have_text(re.compile("^not saved"))
    assert "Authorization" in status.inner_text() or "credentials" in status.inner_text()
    _sign_in(page)
    page.locator("#text").click()
    page.keyboard.press("j")
    page.keyboard.press("d")
    page.keyboard.press("Control+a")
    page.keyboard.type("next week")
    page.keyboard.press("Enter")
    expect(page.locator("#review-status")).to_have_text(re.compile("^not saved"))
    assert "YYYY-MM-DD" in status.inner_text()
    assert _get(server, f"/api/corrections?record_id={event.id}")["count"] == 0


def test_review_queue_least_sure_first(page: Any, server: str, shots: Path) -> None:
    page.goto("/review")
    cells = page.locator("#queue tbody tr td:first-child").all_inner_texts()
    scored = [float(c) for c in cells if c.strip()]
    assert scored and scored == sorted(scored)
    page.screenshot(path=str(shots / "review.png"), full_page=True)
    _sign_in(page)
    first = page.locator("#queue tr.record").first
    first_id = first.get_attribute("data-id")
    page.locator("h1").click()
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.wait_for_url("**focus=*")
    page.wait_for_load_state()
    # judged: it leaves the queue
    assert page.locator(f"#queue tr.record[data-id='{first_id}']").count() == 0
    assert _get(server, f"/api/corrections?record_id={first_id}")["items"][0]["new"] == "accepted"


def test_the_ledger_shows_corrections_marked_and_takes_them(
    page: Any, server: str, demo: Any
) -> None:
    event = demo[1][2].events[0]  # the protest in Sweida: untouched by the other tests
    sent = urllib.request.Request(
        server + "/api/corrections",
        method="POST",
        data=json.dumps(
            {
                "kind": "event",
                "record_id": event.id,
                "field": "place",
                "value": "Suwayda",
                "who": "cy",
            }
        ).encode(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(sent) as response:
        assert response.status == 201
    page.goto("/ledger")
    row = page.locator(f"#ledger tr.record[data-id='{event.id}']")
    place = row.locator("td[data-field=place] span").first
    assert place.inner_text().startswith("Suwayda") and "cy" in place.get_attribute("title")
    _sign_in(page)
    row.click()
    page.keyboard.press("s")
    page.keyboard.press("Control+a")
    page.keyboard.type("alleged")
    page.keyboard.press("Enter")
    expect(page.locator("#review-status")).to_have_text(re.compile("^saved: status"))
    row = page.locator(f"#ledger tr.record[data-id='{event.id}']")
    status = row.locator("td[data-field=status] .status")
    assert status.inner_text() == "alleged" and "human" in status.get_attribute("class")


_SELECT = """words => {
  const text = document.getElementById("text");
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent.indexOf(words);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + words.length);
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
      return true;
    }
  }
  return false;
}"""


def test_add_a_missed_event_by_selecting_its_words(page: Any, server: str, demo: Any) -> None:
    article = demo[1][0].article
    page.goto(f"/articles/{article.id}")
    _sign_in(page)
    page.locator("#text").click()
    page.keyboard.press("n")  # nothing selected: says what to do, adds nothing
    assert "select the words" in page.locator("#review-status").inner_text()
    assert page.evaluate(_SELECT, "to discuss")
    page.keyboard.press("n")
    assert page.locator("#editor").is_visible()
    assert "to discuss" in page.locator("#editor-record").inner_text()
    page.keyboard.type("consult")
    page.keyboard.press("Enter")
    page.wait_for_url("**focus=*")
    page.wait_for_load_state()
    at = article.text.index("to discuss")
    rid = f"{article.id[:16]}-h{at}-{at + 10}"
    stored = _get(server, f"/api/corrections?record_id={rid}")["items"]
    assert [(s["field"], s["new"]["type"], s["who"]) for s in stored] == [
        ("added", "CONSULT", "ana")
    ]
    row = page.locator(f"tr.record[data-id='{rid}']")
    assert "CONSULT" in row.locator("td[data-field=type]").inner_text()
    assert "selected" in row.get_attribute("class")
    assert "added: CONSULT" in page.locator("#review-status").inner_text()
    page.keyboard.press("u")
    expect(page.locator("#review-status")).to_have_text(re.compile("^undone"))
    assert page.locator(f"tr.record[data-id='{rid}']").count() == 0
