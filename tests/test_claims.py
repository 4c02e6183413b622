"""Claims: attributed statements that are not events, with kind, speaker and certainty."""

from __future__ import annotations

import functools

import pytest

from newsledger import nlp
from newsledger.extract import attribution
from newsledger.model import Article, Certainty, Claim, Found


@functools.lru_cache(maxsize=64)
def _claims(text: str) -> tuple[Claim, ...]:
    doc = nlp.parse(text)
    article = Article(id="ab" * 16, text=text, outlet="Test Wire")
    return tuple(r for r in attribution.extract(doc, article, Found()) if isinstance(r, Claim))


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker", "kind", "content", "quoted", "certainty"),
    [
        (
            "Critics argue that the government is exploiting the crisis to silence opponents.",
            "Critics",
            "accusation",
            "the government is exploiting the crisis to silence opponents",
            False,
            Certainty.REPORTED,
        ),
        (
            "Analysts believe the economy will recover next year.",
            "Analysts",
            "assessment",
            "the economy will recover next year",
            False,
            Certainty.REPORTED,
        ),
        (
            "The ministry denied that its troops had crossed the border.",
            "The ministry",
            "denial",
            "its troops had crossed the border",
            False,
            Certainty.DISPUTED,
        ),
        (
            "The opposition accused the government of rigging the vote.",
            "The opposition",
            "accusation",
            "the government of rigging the vote",
            False,
            Certainty.ALLEGED,
        ),
        (
            "Troops entered the town, citing the need to protect civilians.",
            "Troops",
            "justification",
            "the need to protect civilians",
            False,
            Certainty.REPORTED,
        ),
        (
            '"These would be security agreements," the official said.',
            "the official",
            "statement",
            "These would be security agreements",
            True,
            Certainty.REPORTED,
        ),
        (
            "Experts suggested that the outbreak may have started in March.",
            "Experts",
            "assessment",
            "the outbreak may have started in March",
            False,
            Certainty.HEDGED,
        ),
    ],
)
def test_claims(text, speaker, kind, content, quoted, certainty) -> None:
    claims = [c for c in _claims(text) if c.content.text == content]
    assert claims, [(c.kind, c.content.text) for c in _claims(text)]
    claim = claims[0]
    assert (claim.speaker, claim.kind, claim.quoted, claim.certainty) == (
        speaker,
        kind,
        quoted,
        certainty,
    )
    assert claim.id == "abababababababab-c" + str(_claims(text).index(claim) + 1)
    assert claim.attribution is not None and claim.attribution.own_voice is False


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        # reported actions are events (the events stage codes them), not claims
        "The minister said troops had withdrawn from the town.",
        "According to Reuters, the convoy was stopped at a checkpoint.",
        "Rights groups documented dozens of arbitrary detentions.",
        # nothing attributed at all
        "The delegation met the mediators in Geneva.",
        "The rebels reportedly seized two villages.",
    ],
)
def test_no_claim(text: str) -> None:
    assert _claims(text) == ()
