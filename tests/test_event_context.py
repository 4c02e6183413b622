"""An event's date and place from its sentence and article (newsledger.extract.event_context)."""

from __future__ import annotations

import datetime as dt

import pytest

import newsledger
from newsledger.model import Evidence, Place


def _first(text: str, published: str | None):
    events = newsledger.analyze(text, published=published).events
    assert events, text
    return events[0]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "place", "precision"),
    [
        # a city beats its country, tied to the event's own phrase
        ("President Trump ordered a series of airstrikes on Yemen's capital, Sanaa.", "Sanaa",
         "city"),
        ("Russian forces struck the Ukrainian city of Sumy on Sunday.", "Sumy", "city"),
        ("Police in the Georgian capital Tbilisi dispersed crowds of protesters.", "Tbilisi",
         "city"),
        # the wire dateline when the sentence names no place
        ("KYIV (AP) — Russian troops attacked Ukrainian positions.", "Kyiv", "city"),
        # a clause that carries on the same action: a participle, a verb sharing the subject
        ("The United States launched a large-scale military operation on Saturday, striking "
         "dozens of Houthi targets in Sanaa and Hodeidah.", "Sanaa", "city"),
        ("Houthi militants attacked and sank a cargo vessel in the Red Sea.", "Red Sea",
         "region"),
        # what an attack hit, named by a place standing for its state
        ("The army shelled Khartoum overnight.", "Khartoum", "city"),
        # a city a further mention of the same event names in its own clause
        ("Putin said Kyiv would accept the outcome of U.S.–Russia negotiations, cautioning them "
         "not to torpedo the progress. The two leaders, accompanied by their advisers, held "
         "discussions in a conference room at an Air Force base in Anchorage, Alaska, their "
         "first meeting since 2019.", "Anchorage", "city"),
        # the dateline of an event whose actors belong to no state
        ("NEW YORK — The UN Security Council met on Tuesday to discuss the fighting.",
         "New York City", "city"),
    ],
)  # fmt: skip
def test_place_from_context(text: str, place: str, precision: str) -> None:
    ev = _first(text, "2025-04-14")
    assert ev.where is not None and (ev.where.name, ev.where.precision) == (place, precision)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        # no place anywhere
        "Russian troops attacked Ukrainian positions.",
        # a place in another clause, with a subject of its own, is not this event's
        "Israel struck Hezbollah positions, and Iran fired missiles at Tel Aviv.",
        # a place that acts (the subject) is an actor, not where the event happened
        "Moscow attacked Ukrainian positions with drones.",
        # a dateline in a state none of the event's actors belongs to
        "WASHINGTON (AP) — Israeli troops attacked Hamas fighters in the north.",
    ],
)
def test_no_place_from_another_clause(text: str) -> None:
    assert _first(text, "2025-06-13").where is None


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "published", "day", "precision"),
    [
        ("Russian forces struck the Ukrainian city of Sumy on Sunday.", "2025-04-14",
         dt.date(2025, 4, 13), "day"),
        ("Protesters rallied in Nairobi today.", "2025-07-07", dt.date(2025, 7, 7), "day"),
        ("The army arrested 12 protesters on July 16.", "2025-07-20", dt.date(2025, 7, 16),
         "day"),
        ("Hamas fighters attacked Israeli troops last week.", "2025-06-13", dt.date(2025, 6, 2),
         "interval"),
        # no date in the text: the publication date stands in, marked as such
        ("Russian troops attacked Ukrainian positions.", "2025-06-13", dt.date(2025, 6, 13),
         "reported"),
        # a bound is not the event's date
        ("Israeli troops attacked Hamas fighters in Rafah, the heaviest fighting there since "
         "2019.", "2025-06-13", dt.date(2025, 6, 13), "reported"),
        # an exact distance from the news of the day ("comes two days ahead of")
        ("The vote comes just two days ahead of new talks between Iran and the United States.",
         "2025-06-13", dt.date(2025, 6, 15), "day"),
        ("The vote comes a week after talks between Israel and Hamas in Doha.", "2025-06-13",
         dt.date(2025, 6, 6), "day"),
        # a weekday in a clause in the future tense is the coming one
        ("Zelensky will come to Washington on Monday afternoon to meet with him.", "2025-08-16",
         dt.date(2025, 8, 18), "day"),
    ],
)  # fmt: skip
def test_date_from_context(text: str, published: str, day: dt.date, precision: str) -> None:
    ev = _first(text, published)
    assert ev.when is not None and (ev.when.start, ev.when.precision) == (day, precision)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Russian troops attacked Ukrainian positions.",
        "Russian forces struck the Ukrainian city of Sumy on Sunday.",
        "Protesters rallied in Nairobi today.",
    ],
)
def test_no_publication_date_no_invented_date(text: str) -> None:
    assert _first(text, None).when is None


def _at(start: int, end: int, name: str) -> Place:
    return Place(name, None, None, None, "city", Evidence("a", 0, start, end, name, "places@2"))


PLACES = [_at(30, 40, "late"), _at(0, 10, "first"), _at(2, 6, "inner"), _at(0, 12, "wide")]


@pytest.mark.parametrize(
    ("start", "end", "name"),
    [(2, 5, "first"), (10, 12, "wide"), (31, 39, "late"), (12, 13, None), (50, 52, None)],
)
def test_the_place_holding_a_token_is_the_first_in_order(start: int, end: int,
                                                         name: str | None) -> None:
    from newsledger.extract.event_places import _place_containing

    found = _place_containing(PLACES, start, end)
    scan = next((p for p in PLACES if p.evidence.start <= start and end <= p.evidence.end),
                None)
    assert found is scan and (found.name if found else None) == name


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "day", "basis"),
    [
        # the article goes on about the happening of the sentence before: its day
        (
            "Israeli and Hamas negotiators met in Cairo on Friday. Egypt and Qatar cooperated "
            "closely with the delegations.",
            "cooperated",
            "2025-08-15",
            "article",
        ),
        # another kind of event: nothing carried, the publication date stands in
        (
            "Israeli and Hamas negotiators met in Cairo on Friday. Hamas fired rockets at Israel.",
            "fired rockets",
            "2025-08-16",
            "publication",
        ),
    ],
)
def test_undated_event_takes_the_day_of_the_happening_before(
    text: str, trigger: str, day: str, basis: str
) -> None:
    from newsledger import analyze

    ev = next(e for e in analyze(text, published="2025-08-16").events if trigger in e.trigger)
    assert ev.when is not None
    assert (ev.when.start.isoformat(), ev.when.basis) == (day, basis)
