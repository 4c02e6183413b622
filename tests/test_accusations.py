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
        # "they" are the speakers themselves, named by their common noun
        "Rebels of the M23 movement say they have taken control of the city of Goma.",
        # a leader reporting what his state did ("he" acts as the government)
        "President Trump said he ordered a series of airstrikes on Sanaa on Saturday.",
    ],
)
def test_no_accusation(text: str) -> None:
    assert _accusations(text) == []


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "accusations"),
    [
        # the stated accusation and the reported one are one record (issue 12 item 3)
        ("Egypt condemned the raid and said Israeli troops had attacked the town of Rafah.", 1),
        # a report with no accusation in words stays one accusation
        ("The US claimed that ISIL had attacked Iraq.", 1),
        # nothing hostile reported: no accusation at all
        ("Egypt said Israel had agreed to meet Hamas negotiators.", 0),
    ],
)
def test_one_record_per_accusation(text: str, accusations: int) -> None:
    analysis = newsledger.analyze(text, published=PUB, outlet="Wire")
    accuse = [e for e in analysis.events if e.type.plover == "ACCUSE"]
    assert len(accuse) == accusations, accuse


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "plover", "said_by"),
    [
        # a plain verb: the accusation or threat is made in the speaker's words
        ("The US claimed that ISIL had attacked Iraq.", "ACCUSE", "The US"),
        ("Hamas said Israeli troops killed five people in Gaza on Monday.", "ACCUSE", "Hamas"),
        (
            "A spokesperson for Iran's armed forces said that the US and Israel will pay a "
            "heavy price.",
            "THREATEN",
            "A spokesperson for Iran's armed forces",
        ),
        # a verb that names the act is the outlet's account of it
        ("Egypt accused Israel of attacking the town of Rafah.", "ACCUSE", None),
    ],
)
def test_said_by_of_a_speech_act(text: str, plover: str, said_by: str | None) -> None:
    analysis = newsledger.analyze(text, published=PUB, outlet="Wire")
    ev = next(e for e in analysis.events if e.type.plover == plover)
    att = ev.attribution
    assert att is not None
    if said_by is None:
        assert att.own_voice, att
    else:
        assert not att.own_voice and att.chain[-1].name == said_by, att
