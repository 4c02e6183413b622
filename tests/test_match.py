"""The same-event test of the merge stage: actor keys, persons as their country, the rules."""

from __future__ import annotations

import pytest

from newsledger import match


@pytest.mark.parametrize(
    ("actor", "key"),
    [
        ("ISRGOV", "ISR"),
        ("ISRMIL", "ISR"),
        ("ISR", "ISR"),
        ("SYRREB", "SYRREB"),
        ("person:ahmed-al-sharaa", "person:ahmed-al-sharaa"),
        ("SYR:SHAIBANI", "SYR:SHAIBANI"),
        ("PROV:jeffrey-kupfer", "PROV:jeffrey-kupfer"),
        ("SYRHTS", "SYRHTS"),
        ("HAM", "HAM"),
    ],
)
def test_actor_key(actor: str, key: str) -> None:
    assert match.actor_key(actor) == key


@pytest.mark.parametrize(
    ("x", "y", "same"),
    [
        ("ISRGOV", "ISRMIL", True),
        ("ISR:NETANYAHU", "ISRGOV", True),
        ("ISR", "ISR:NETANYAHU", True),
        ("USA:OBAMA", "USA:TRUMP", False),
        ("USA:OBAMA", "RUS", False),
        ("SYRREB", "SYRGOV", False),
        ("PROV:jane-doe", "PROV:john-doe", False),
    ],
)
def test_same_actor(x: str, y: str, same: bool) -> None:
    assert match.same_actor(x, y) is same
    assert match.same_actor(y, x) is same


def test_type_groups_use_valid_plover_types() -> None:
    plover = {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
    for group in match.rules().type_groups.values():
        assert group <= plover
