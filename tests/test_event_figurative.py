"""Violence words used for words (`extract.event_figurative`): a person's or a party's
"attack" with no harm told is criticism; an armed side's, or one that harms, is violence, and
a person it hits is a civilian unless armed."""

from __future__ import annotations

import pytest

PUB = "2025-09-19"


def _types(text: str) -> list[str]:
    from newsledger import nlp
    from newsledger.extract import events
    from newsledger.ingest import article_from_text
    from newsledger.model import Found

    article = article_from_text(text, source="<test>", published=PUB, min_words=1)
    return [e.type.plover for e in events.extract(nlp.parse(article.text), article, Found())]


@pytest.mark.parametrize(
    "text",
    [
        "The Times cited it in its fact-check of Republican attacks on Obama.",
        "Senator Elizabeth Warren attacked the bill on Tuesday.",
        "Donald Trump's attacks on Ron DeSantis continued on Tuesday.",
    ],
)
def test_a_persons_or_partys_attack_with_no_harm_is_criticism(text: str) -> None:
    types = _types(text)
    assert "ASSAULT" not in types and "ACCUSE" in types


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked a journalist in Kabul on Monday, wounding him.",
        "Suspected al Shabaab attack a police post in Bothai around midnight.",
        "Israel attacked Gaza on Tuesday.",
        # a person who harms someone attacks them
        "Senator John Smith attacked a protester with a knife in Nairobi.",
    ],
)
def test_an_attack_that_harms_or_by_an_armed_side_is_violence(text: str) -> None:
    assert "ASSAULT" in _types(text) or "PROTEST" in _types(text)


def test_a_person_shot_is_a_civilian_unless_armed() -> None:
    from newsledger import nlp
    from newsledger.extract import events
    from newsledger.ingest import article_from_text
    from newsledger.learn import models
    from newsledger.model import Found

    text = "Michael Brown was shot by police officer Darren Wilson in Ferguson on August 9."
    article = article_from_text(text, source="<test>", published=PUB, min_words=1)
    with models.rules_only():  # the rules' own reading, before the sub-type model
        (ev,) = events.extract(nlp.parse(article.text), article, Found())
    assert ev.type.acled_subtype == "Attack"
