"""Event nouns whose verb only says that they ran or were witnessed ("clashes erupted",
"fighting was reported"), and the places such sentences name ("the streets of Goma")."""

from __future__ import annotations

import pytest

from newsledger.model import Status

PUB = "2025-09-19"


def _events(text: str, published: str | None = PUB):
    from newsledger import nlp
    from newsledger.extract import events
    from newsledger.ingest import article_from_text
    from newsledger.model import Found

    article = article_from_text(text, source="<test>", published=published, min_words=1)
    return tuple(events.extract(nlp.parse(article.text), article, Found()))


def test_clashes_that_erupted_take_their_sides_and_place_from_the_verb() -> None:
    (ev,) = _events("Clashes erupted in Khartoum on Monday between the army and the RSF.")
    assert ev.type.plover == "ASSAULT" and ev.status is Status.OCCURRED
    assert ev.where is not None and ev.where.name == "Khartoum"
    assert [p.mention for p in ev.source] == ["army"]
    assert [p.mention for p in ev.target] == ["RSF"]


@pytest.mark.parametrize(
    "text",
    [
        "Heavy fighting was reported in Goma on Sunday.",
        "Residents described gunfire and explosions in the city of Goma.",
    ],
)
def test_witnessed_violence_with_a_place_is_an_event(text: str) -> None:
    events = _events(text)
    assert events and all(e.type.plover == "ASSAULT" for e in events)
    assert events[0].where is not None and events[0].where.name == "Goma"


def test_a_witnessing_verb_alone_makes_no_event() -> None:
    # no event noun: "reported" and "heard" are no acts of their own
    assert not _events("The ministry reported the figures in Goma on Sunday.")


def test_the_place_of_the_thing_hit_is_found_down_its_of_chain() -> None:
    text = (
        "Government troops on Monday shelled the headquarters of a unit of the rebel army in "
        "the city of Mosul. Witnesses said that two explosions occurred in Mosul."
    )
    events = [e for e in _events(text) if e.type.plover == "ASSAULT"]
    # the explosions retell the shelling: one record, at Mosul
    assert len(events) == 1
    assert events[0].where is not None and events[0].where.name == "Mosul"


@pytest.mark.parametrize(
    ("text", "cameo"),
    [
        ("UN agencies reported rapes in Goma on Tuesday.", "1821"),
        ("Looting was reported in Goma on Sunday.", "171"),
        ("A mass shooting in El Paso on Saturday left 22 people dead.", "193"),
        ("Two stabbings in Kabul on Friday left three people dead.", "18"),
    ],
)
def test_violence_named_by_its_noun_is_an_event(text: str, cameo: str) -> None:
    events = _events(text)
    assert events and events[0].type.cameo.startswith(cameo)


@pytest.mark.parametrize(
    "text",
    [
        "Rubio said Obama demonstrated a disregard for our moral purpose.",
        "The atrocities demonstrated the bankruptcy of this strategy.",
        "Republicans are doing their best to rally their fellow citizens.",
        "This year, he captured the nomination of the party.",
        "A protester captured the exchange on video and posted it online.",
        "Republicans seized on snippets of the correspondence that became public on Friday.",
    ],
)
def test_a_protest_or_arrest_verb_in_another_sense_is_no_event(text: str) -> None:
    assert not [e for e in _events(text) if e.type.plover in ("PROTEST", "COERCE")]


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("Thousands demonstrated in Belgrade on Saturday against the government.", "PROTEST"),
        ("Demonstrators marched along the main street of Nairobi on Tuesday.", "PROTEST"),
        ("Police captured two suspects in Nairobi on Monday.", "COERCE"),
        ("Rebels seized the town of Bunia on Monday.", "COERCE"),
    ],
)
def test_the_same_verbs_in_their_own_sense_stay_events(text: str, plover: str) -> None:
    assert [e.type.plover for e in _events(text)] == [plover]
