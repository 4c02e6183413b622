"""event_governors: a missing source from the clause that governs the event (full pipeline)."""

from __future__ import annotations

import pytest

from newsledger import analyze

from .test_event_roles import _sides


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "source"),
    [
        # a gerund under "by": the governing verb's subject
        (
            "Hamas responded to the raid by firing rockets at Israeli troops.",
            "firing",
            {"PSEHAM"},
        ),
        # under a noun that is the verb's object: the verb's subject
        (
            "The Houthis claimed responsibility for attacking a tanker near Hodeidah.",
            "attacking",
            {"YEMHOU"},
        ),
        # after "of"/"for", the governing verb's object does it
        (
            "Sudan accused Chad of arming the rebels in Darfur.",
            "arming",
            {"TCD"},
        ),
        # talks in an adjunct: held by the clause's subject
        (
            "During talks in Ankara with Turkish officials, Lavrov said the deal was close.",
            "talks",
            {"RUSGOV"},
        ),
        # a deal accepted or signed is its subject's, not the broker's
        (
            "Armenia signed a peace agreement brokered by the United States on Friday.",
            "agreement",
            {"ARM"},
        ),
        # an event a statement is "of": the possessor's
        (
            "Observers noted Egypt's announcement of a trade agreement with Sudan.",
            "agreement",
            {"EGY"},
        ),
    ],
)
def test_source_from_governor(text: str, trigger: str, source: set[str]) -> None:
    assert _sides(text, trigger)[0] == source


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # an attack in an adjunct is not the clause subject's ("after an attack ..., X struck")
        ("After an attack on its embassy, France recalled its ambassador.", "attack"),
    ],
)
def test_no_source_from_governor(text: str, trigger: str) -> None:
    analysis = analyze(text, published="2025-03-23")
    evs = [e for e in analysis.events if trigger in e.evidence.text]
    assert all("FRA" not in {p.actor_id[:3] for p in e.source} for e in evs)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "target"),
    [
        # a worry voiced about someone: the subject of its "that" clause
        (
            "Several Gulf states voiced concerns that Iran might restart enrichment.",
            "voiced concerns",
            "IRN",
        ),
        # a promise to help: to whom the help goes
        (
            "Germany pledged to continue arming Ukraine.",
            "pledged",
            "UKR",
        ),
        # a verb without an object shares its conjunct's
        (
            "Yemen's Houthi militants attacked and sank a Greek cargo vessel in the Red Sea.",
            "attacked",
            "GRC",
        ),
        # giving up: to the side after "to"
        (
            "At least 25 Congolese soldiers surrendered to Rwanda on Monday.",
            "surrendered",
            "RWA",
        ),
    ],
)
def test_target_from_construction(text: str, trigger: str, target: str) -> None:
    assert target in {t[:3] for t in _sides(text, trigger)[1]}


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # a promise to fight is not made to the side fought
        ("Germany pledged to continue fighting Russia's disinformation.", "pledged"),
        # a concern with no "that" clause names nobody
        ("Several Gulf states voiced concerns on Monday.", "voiced concerns"),
    ],
)
def test_no_target_from_construction(text: str, trigger: str) -> None:
    analysis = analyze(text, published="2025-03-23")
    evs = [e for e in analysis.events if trigger in e.evidence.text]
    assert all(not {"RUS", "IRN"} & {p.actor_id[:3] for p in e.target} for e in evs)
