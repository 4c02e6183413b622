"""The accusations stage: a named actor asserting another's hostile act accuses it."""

from __future__ import annotations

import pytest

import newsledger
from newsledger.model import Status

PUB = "2025-09-19"


def _accusations(text: str):
    analysis = newsledger.analyze(text, published=PUB, outlet="Wire")
    return [e for e in analysis.events if e.evidence.extractor.startswith("accusations@")]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "accuser", "accused", "cue"),
    [
        (
            "Hamas said Israeli troops killed five people in Gaza on Monday.",
            "PSEHAM",
            "ISRMIL",
            "said",
        ),
        ("The US claimed that ISIL had attacked Iraq.", "USA", "IMGISI", "claimed"),
        ("Israel said a mortar was fired at it from the Gaza Strip.", "ISR", "PSE", "said"),
    ],
)
def test_accusation(text: str, accuser: str, accused: str, cue: str) -> None:
    found = _accusations(text)
    assert len(found) == 1, found
    ev = found[0]
    assert (ev.type.plover, ev.type.mode, ev.type.cameo) == ("ACCUSE", "allege", "112")
    assert [p.actor_id for p in ev.source] == [accuser]
    assert accused in {p.actor_id for p in ev.target}
    assert ev.evidence.text == cue and ev.status is Status.OCCURRED
    assert ev.confidence is not None and 0.0 <= ev.confidence <= 1.0  # the type model's
    # the reported act stays its own event, attributed to the accuser, not the outlet
    analysis = newsledger.analyze(text, published=PUB, outlet="Wire")
    act = next(e for e in analysis.events if e.type.plover == "ASSAULT")
    assert act.attribution is not None and not act.attribution.own_voice


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        # a source tag after the report: the event is the news, not the statement
        "Israeli troops killed five people in Gaza on Monday, Palestinian officials said.",
        # media relaying a report accuse nobody
        "Israeli jets struck Gaza on Monday, according to Axios.",
        # a speaker reporting its own (or its own state's) act claims it
        "The Syrian government said its forces killed 20 fighters in Idlib.",
        "The US claimed that it had attacked Iraq.",
        # nobody named as the perpetrator
        "The UN said eight people were killed in Idlib on Monday.",
        # a denied act is no accusation
        "Russia said it did not attack the convoy.",
        # cooperative acts are not accusations
        "Egypt said Israel had agreed to meet Hamas negotiators.",
        # the hostile act is background in a relative clause, not what is asserted
        "Russia said Sudan must return a helicopter that was captured by Sudanese forces.",
    ],
)
def test_no_accusation(text: str) -> None:
    assert _accusations(text) == []
