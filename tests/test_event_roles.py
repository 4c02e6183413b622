"""event_roles: the actor resolver on the full pipeline (actors, places, events)."""

from __future__ import annotations

import pytest

from newsledger import analyze


def _sides(text: str, trigger: str) -> tuple[set[str], set[str]]:
    analysis = analyze(text, published="2025-03-23")
    ev = next(e for e in analysis.events if trigger in e.evidence.text)
    return {p.actor_id for p in ev.source}, {p.actor_id for p in ev.target}


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "source", "target"),
    [
        # the leader of a "-led" body names it
        ("Hezbollah rejected the US-led objectives.", "rejected", {"LBNHEZ"}, {"USA"}),
        # a name after a group noun is the group ("Iran-backed group Hezbollah")
        (
            "Israel signed a truce with the Iran-backed group Hezbollah on Wednesday.",
            "truce",
            {"ISR"},
            {"LBNHEZ"},
        ),
        # people of a place are its country's
        ("M23 urged residents of Goma to stay put.", "urged", {"CODM23"}, {"CODCVL"}),
        # a sector noun opening the sentence is no name; a town is its state's
        (
            "Rebels of the M23 movement said they had seized the town of Bukavu.",
            "seized",
            {"CODM23"},
            {"COD"},
        ),
        # states joined by a dash: one actor each, a dyad for talks
        (
            "Putin said Kyiv would accept the outcome of U.S.–Russia negotiations in Alaska.",
            "negotiations",
            {"USA"},
            {"RUS"},
        ),
        # the adjective of a state in its enemies' outlets
        ("Tehran vowed to respond to the Zionist attack on Iran.", "attack", {"ISR"}, {"IRN"}),
        # nothing to resolve: a means, not an actor
        ("The police used lethal force on Monday in Nairobi.", "lethal force", {"KENCOP"}, set()),
    ],
)
def test_resolver(text: str, trigger: str, source: set[str], target: set[str]) -> None:
    assert _sides(text, trigger) == (source, target)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "target"),
    [
        # a merchant ship's crew: civilians of the states that flag or own it
        (
            "The Houthis attacked a Liberian-flagged and Greek-owned vessel on Sunday.",
            "attacked",
            {"LBRCVL", "GRCCVL"},
        ),
        # unflagged: a provisional civilian craft (grounded from the article's places)
        ("The Houthis attacked a cargo vessel on Sunday.", "attacked", {"PROV:cargo-vessel"}),
        # a naval vessel is no civilian craft
        ("The Houthis attacked a US naval vessel on Sunday.", "attacked", {"USA"}),
        ("The Houthis attacked a Greek tanker on Sunday.", "attacked", {"GRCCVL"}),
    ],
)
def test_civilian_craft(text: str, trigger: str, target: set[str]) -> None:
    assert _sides(text, trigger)[1] == target
