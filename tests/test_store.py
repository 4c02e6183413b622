"""Store: schema on first use, transactional bulk writes, idempotent saves, filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from newsledger.errors import StoreError
from newsledger.model import (
    Actor,
    Analysis,
    Article,
    Attribution,
    Event,
    EventType,
    Evidence,
    Marker,
    Mention,
    Participant,
    Place,
    Rejection,
    Source,
    Status,
    When,
)
from newsledger.store import SCHEMA_VERSION, Store


def make_analysis(aid: str, outlet: str, day: dt.date, plover: str = "CONSULT",
                  status: Status = Status.OCCURRED, confidence: float | None = None) -> Analysis:
    ev = Evidence(aid, 0, 0, 10, "met in London", "test@1")
    art = Article(id=aid, text="Officials met in London on Wednesday for talks.", outlet=outlet,
                  published=day)
    actors = (Actor("SYRGOV", "Syrian government", "government", "SYR"),
              Actor("ISRGOV", "Israeli government", "government", "ISR"))
    mentions = (Mention("SYRGOV", "Damascus", ev, via="metonym"),
                Mention("ISRGOV", "the Israeli regime", ev, via="loaded_alias"))
    event = Event(
        id=f"{aid}-e0", type=EventType(plover, "third-party", "043"), trigger="met",
        evidence=ev, source=(Participant("SYRGOV", "Damascus", "source"),),
        target=(Participant("ISRGOV", "the Israeli regime", "target"),),
        where=Place("London", "GBR", 51.5, -0.13, "city", ev),
        when=When(day, day, "day", "on Wednesday"), status=status,
        attribution=Attribution((Source(outlet, kind="outlet"), Source("Axios", kind="media")),
                                cue="according to", own_voice=False),
        confidence=confidence,
    )
    marker = Marker("delegitimising_name", ev, neutral="the Israeli government",
                    target_actor_id="ISRGOV")
    return Analysis(article=art, actors=actors, mentions=mentions, events=(event,),
                    markers=(marker,))


def test_schema_is_created_and_versioned(db_path: Path) -> None:
    with Store(db_path) as store:
        assert store.counts()["articles"] == 0
    con = duckdb.connect(str(db_path))
    assert con.execute("SELECT value FROM meta").fetchone()[0] == str(SCHEMA_VERSION)
    con.close()
    Store(db_path).close()  # re-opening migrates nothing and loses nothing


def test_newer_schema_is_refused(db_path: Path) -> None:
    Store(db_path).close()
    con = duckdb.connect(str(db_path))
    con.execute("UPDATE meta SET value = '999'")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        Store(db_path)


def test_save_is_idempotent_and_keeps_every_record(db_path: Path) -> None:
    with Store(db_path) as store:
        a = make_analysis("a" * 32, "Wire", dt.date(2025, 9, 17))
        assert store.save(a) is True
        assert store.save(a) is False
        assert store.save_many([a, make_analysis("b" * 32, "Daily", dt.date(2025, 9, 18))]) == 1
        counts = store.counts()
    assert counts["articles"] == 2 and counts["events"] == 2 and counts["actors"] == 2
    assert counts["markers"] == 2


def test_analysis_round_trips_the_contract(db_path: Path) -> None:
    a = make_analysis("c" * 32, "Wire", dt.date(2025, 9, 17))
    with Store(db_path) as store:
        store.save(a)
        got = store.analysis("c" * 8)
    want = a.to_dict()
    assert got is not None
    assert got["events"] == want["events"]
    # markers carry a record id beside the contract, for corrections (annotations.marker_id)
    assert [{k: v for k, v in m.items() if k != "id"} for m in got["markers"]] == want["markers"]
    assert all(m["id"].startswith("c" * 16 + "-m") for m in got["markers"])
    assert {x["id"] for x in got["actors"]} == {"SYRGOV", "ISRGOV"}
    assert got["article"]["text"] == a.article.text


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, 3),
        ({"actor": "SYRGOV"}, 3),
        ({"actor": "USAGOV"}, 0),
        ({"type": "ASSAULT"}, 1),
        ({"type": "043"}, 3),
        ({"status": "planned"}, 1),
        ({"since": "2025-09-18"}, 2),
        ({"until": "2025-09-17"}, 1),
        ({"precision": "day"}, 3),
        ({"precision": "DAY"}, 3),
        ({"precision": "reported"}, 0),
        ({"precision": "none"}, 0),
        ({"place": "lond"}, 3),
        ({"place": "GBR"}, 3),
        ({"outlet": "daily"}, 1),
        ({"outlet": "nobody"}, 0),
        ({"min_confidence": 0.0}, 2),  # the event without a confidence is left out
        ({"min_confidence": 0.5}, 1),
        ({"min_confidence": "0.95"}, 0),
    ],
)
def test_event_filters(db_path: Path, filters: dict[str, str], expected: int) -> None:
    with Store(db_path) as store:
        store.save_many([
            make_analysis("a" * 32, "Wire", dt.date(2025, 9, 17), confidence=0.9),
            make_analysis("b" * 32, "Daily", dt.date(2025, 9, 18), plover="ASSAULT",
                          confidence=0.3),
            make_analysis("d" * 32, "Wire", dt.date(2025, 9, 19), status=Status.PLANNED),
        ])
        every = store.events(**filters)
        assert len(every) == expected
        # a page (ids first, then their rows) is a slice of the whole list, in its order
        assert store.events(limit=2, **filters) == every[:2]
        assert store.events(limit=1, offset=1, **filters) == every[1:2]


def test_event_rows_carry_their_confidence(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save_many([make_analysis("a" * 32, "Wire", dt.date(2025, 9, 17), confidence=0.9),
                         make_analysis("b" * 32, "Wire", dt.date(2025, 9, 18))])
        got = {r["article_id"][0]: r["confidence"] for r in store.events()}
    assert got == {"a": 0.9, "b": None}


def test_unknown_filter_is_a_clear_error(db_path: Path) -> None:
    with Store(db_path) as store, pytest.raises(StoreError, match="unknown event filter"):
        store.events(colour="red")


def test_actors_list_surface_forms_per_outlet(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save_many([make_analysis("a" * 32, "Wire", dt.date(2025, 9, 17)),
                         make_analysis("b" * 32, "Daily", dt.date(2025, 9, 18))])
        rows = {r["id"]: r for r in store.actors()}
    isr = rows["ISRGOV"]
    assert isr["mentions"] == 2
    assert {o["outlet"] for o in isr["outlets"]} == {"Wire", "Daily"}
    assert isr["outlets"][0]["forms"] == ["the Israeli regime [loaded_alias] (1)"]


def test_rejections_are_not_listed_twice(db_path: Path) -> None:
    with Store(db_path) as store:
        bad = Rejection("x.bin", "binary", "x.bin: binary")
        store.save_rejections([bad])
        store.save_rejections([bad])
        assert len(store.rejections()) == 1
        assert store.rejections(reason="empty") == []


def test_read_only_store_refuses_writes(db_path: Path) -> None:
    Store(db_path).close()
    with Store(db_path, read_only=True) as store, pytest.raises(StoreError):
        store.save(make_analysis("a" * 32, "Wire", dt.date(2025, 9, 17)))


def test_reports_of_one_event_become_one_story_incrementally(db_path: Path) -> None:
    day = dt.date(2025, 9, 17)
    with Store(db_path) as store:
        store.save(make_analysis("a" * 32, "Wire", day))
        assert store.stories(min_outlets=2) == []
        store.save(make_analysis("b" * 32, "Daily", day))  # a second outlet, a later ingest
        store.save(make_analysis("d" * 32, "Monitor", day, plover="ASSAULT"))
        [story] = store.stories(min_outlets=2)
        assert sorted(story["outlets"]) == ["Daily", "Wire"]
        detail = store.story(story["id"][:8])
    assert detail is not None
    assert {m["outlet"] for m in detail["members"]} == {"Wire", "Daily"}
    assert all(m["story_id"] == story["id"] for m in detail["members"])


@pytest.mark.parametrize("order", [(0, 1, 2, 3), (3, 2, 1, 0), (2, 0, 3, 1)])
def test_stories_are_the_same_whatever_order_articles_arrive_in(tmp_path: Path,
                                                                order: tuple[int, ...]) -> None:
    days = [dt.date(2025, 9, 17), dt.date(2025, 9, 16), dt.date(2025, 9, 17),
            dt.date(2025, 12, 1)]  # fmt: skip
    analyses = [make_analysis(c * 32, f"Outlet {c}", d) for c, d in zip("abde", days, strict=True)]

    def ledger(path: Path, arrival: list[int]) -> tuple[list, list]:
        with Store(path) as store:
            for i in arrival:  # one ingest per article
                store.save(analyses[i])
            stories = sorted((s["id"], s["events"]) for s in store.stories())
            links = store.query("SELECT id, story_id FROM events ORDER BY id")
        return stories, [tuple(r.values()) for r in links]

    want = ledger(tmp_path / "in-order.duckdb", [0, 1, 2, 3])
    assert len(want[0]) == 2  # three reports of one meeting, and a later one
    assert ledger(tmp_path / "shuffled.duckdb", list(order)) == want


def test_saving_the_same_article_twice_does_not_grow_its_story(db_path: Path) -> None:
    a = make_analysis("a" * 32, "Wire", dt.date(2025, 9, 17))
    with Store(db_path) as store:
        store.save(a)
        store.save(a)
        [story] = store.stories()
        assert story["events"] == 1


def _damaged(tmp_path: Path, how: str) -> Path:
    from tests.webdata import save_demo

    path = tmp_path / f"{how}.duckdb"
    save_demo(path)
    data = path.read_bytes()
    if how == "half":
        path.write_bytes(data[: len(data) // 2])
    elif how == "garbage":
        path.write_bytes(b"not a database at all\n" * 500)
    elif how == "empty_header":
        path.write_bytes(b"\0" * len(data))
    return path


@pytest.mark.parametrize("how", ["half", "garbage", "empty_header"])
def test_a_damaged_store_is_named_as_such(tmp_path: Path, how: str) -> None:
    path = _damaged(tmp_path, how)
    with pytest.raises(StoreError) as info:
        Store(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    assert "damaged" in message


def test_the_same_text_from_another_outlet_is_a_copy_that_counts_for_its_story(
        db_path: Path) -> None:
    day = dt.date(2025, 9, 17)
    wire = make_analysis("a" * 32, "Reuters", day)
    other = make_analysis("b" * 32, "Daily", day)  # another text on the same meeting
    with Store(db_path) as store:
        store.save_many([wire, other])
        [story] = store.stories()
        assert sorted(story["outlets"]) == ["Daily", "Reuters"]
        copy = replace(wire.article, outlet="MTV Lebanon", url="https://mtv.example/1",
                       published=dt.date(2025, 9, 18))
        assert store.save_copies([copy]) == 1
        assert store.save_copies([copy, replace(copy, outlet="mtv  lebanon")]) == 0  # known
        assert store.save_copies([replace(wire.article, outlet="Reuters")]) == 0  # itself
        assert store.counts()["articles"] == 2
        [story] = store.stories()
        assert sorted(story["outlets"]) == ["Daily", "MTV Lebanon", "Reuters"]
        assert story["record"]["outlets"] == sorted(story["outlets"])
        copies = store.analysis("a" * 8)["copies"]
    assert copies == [{"outlet": "MTV Lebanon", "published": dt.date(2025, 9, 18),
                       "url": "https://mtv.example/1", "title": None}]


def test_a_copy_of_an_unstored_text_or_without_an_outlet_is_not_recorded(db_path: Path) -> None:
    art = make_analysis("a" * 32, "Wire", dt.date(2025, 9, 17)).article
    with Store(db_path) as store:
        assert store.save_copies([art]) == 0  # not stored yet
        store.save(make_analysis("a" * 32, "Wire", dt.date(2025, 9, 17)))
        assert store.save_copies([replace(art, outlet=None)]) == 0
        assert store.analysis("a" * 8)["copies"] == []


def test_an_old_story_id_still_finds_its_story_after_a_rename(db_path: Path) -> None:
    with Store(db_path) as store:
        store.save(make_analysis("a" * 32, "Wire", dt.date(2025, 9, 17)))
        [first] = store.stories()
        # an earlier report of the same meeting renames the story
        store.save(make_analysis("b" * 32, "Daily", dt.date(2025, 9, 16)))
        [story] = store.stories()
        assert story["id"] != first["id"]
        found = store.story(first["id"])
        assert found is not None and found["id"] == story["id"]
        assert store.story("s-0000000000000000") is None
