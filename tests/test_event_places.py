"""event_places: an event's place, and "the city" taking up the city named before."""

from __future__ import annotations

import datetime as dt

import pytest

from newsledger.pipeline import analyze

pytestmark = pytest.mark.model


def _places(text: str) -> dict[str, str | None]:
    result = analyze(text, published=dt.date(2025, 1, 27))
    return {e.evidence.text: (e.where.name if e.where else None) for e in result.events}


@pytest.mark.parametrize(
    ("text", "trigger", "place"),
    [
        ("Fighting raged in Goma on Sunday. M23 rebels entered the city on Monday.",
         "entered the city", "Goma"),
        ("Heavy fighting was reported in Goma. Rebels later captured the town.",
         "captured the town", "Goma"),
    ],
)  # fmt: skip
def test_the_city_is_the_city_named_before(text: str, trigger: str, place: str) -> None:
    assert _places(text).get(trigger) == place


@pytest.mark.parametrize(
    ("text", "trigger", "not_place"),
    [
        # a settlement of its own ("the border town") or a capital is not the city named before
        ("Fighting raged in Goma on Sunday. M23 rebels entered the border town on Monday.",
         "entered the border town", "Goma"),
        ("Fighting raged in Goma on Sunday. M23 rebels entered the capital on Monday.",
         "entered the capital", "Goma"),
        # too far back to be what "the city" means
        ("Fighting raged in Goma on Sunday. Talks stalled. Aid ran short. Prices rose. Schools "
         "closed. M23 rebels entered the city on Monday.", "entered the city", "Goma"),
    ],
)  # fmt: skip
def test_a_settlement_of_its_own_or_far_back_is_not_taken_up(
    text: str, trigger: str, not_place: str
) -> None:
    assert _places(text).get(trigger) != not_place


@pytest.mark.parametrize(
    ("text", "trigger", "place"),
    [
        # a "where" clause happens at the place it hangs on, not at the dateline
        ("DOHA, July 19 (Reuters) - Congo and the rebels signed a deal. The convoy stopped "
         "near Walikale, where officials said two civilians were killed by shelling.",
         "killed", "Walikale"),
    ],
)  # fmt: skip
def test_a_where_clause_takes_its_antecedent(text: str, trigger: str, place: str) -> None:
    assert _places(text).get(trigger) == place


def test_a_sentence_that_opens_on_its_place_sets_it() -> None:
    text = ("In Burkina Faso, suspected militants killed at least 50 soldiers in an attack on an "
            "army base, a local official said.")  # fmt: skip
    places = {e.where.name for e in analyze(text, published=dt.date(2025, 9, 14)).events if e.where}
    assert places == {"Burkina Faso"}


def test_a_toll_in_another_country_is_not_the_earlier_attacks() -> None:
    text = ("Jihadists ambushed a fuel convoy near Kayes in western Mali on Sunday. In Burkina "
            "Faso, suspected militants killed at least 50 soldiers in an attack on an army base.")
    events = analyze(text, published=dt.date(2025, 9, 14)).events
    assert len([e for e in events if e.type.plover == "ASSAULT"]) == 2

