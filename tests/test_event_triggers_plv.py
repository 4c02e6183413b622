"""Trigger patterns mined from the PLV and plover-gsr TRAIN splits' sentences on which the rules
coded no event (aid given as money or goods, property returned, mediation ended, supplies
suspended, publication suspended, deadlines, reaffirmed support, legal action, training, work
stoppages, peacekeepers deployed): what they find, and the look-alikes they must leave alone."""

from __future__ import annotations

import pytest

from newsledger import nlp
from newsledger.extract.event_lexicon import lexicon
from newsledger.extract.event_triggers import candidates


def _codes(text: str) -> list[str]:
    lex = lexicon()
    return [c.cameo for s in nlp.parse(text).sents for c in candidates(s, lex)]


# (text, CAMEO code of a candidate the sentence must hold)
FOUND = [
    ("Japan provided $3 million to the refugee agency in Chad.", "071"),
    ("Norway gave 20 million euros to the health ministry of Mali.", "071"),
    ("Canada contributed 5 million dollars to the relief fund for Haiti.", "071"),
    ("The army gave medical equipment to the hospital in Tripoli.", "073"),
    ("Customs officials returned 40 stolen artifacts to the government of Egypt.", "0842"),
    ("The museum returned two paintings to their owners in Poland.", "0842"),
    ("The African Union ended mediation efforts between the two parties.", "165"),
    ("Kenya suspended food supplies to the camps in the north.", "162"),
    ("The authorities suspended publication of the largest daily.", "172"),
    ("The court gave the government a 30-day deadline to respond.", "139"),
    ("The minister reaffirmed his country's support for the peace process.", "051"),
    ("The Commission launched legal action against Hungary.", "115"),
    ("British instructors train Ukrainian pilots at a base in Wales.", "062"),
    ("Thousands of dock workers stopped work on Monday.", "143"),
    ("Nigeria deployed 230 peacekeepers to Liberia.", "074"),
    ("The European Union has deployed election observers in Zimbabwe.", "074"),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "cameo"), FOUND)
def test_mined_triggers_find_events(text: str, cameo: str) -> None:
    assert cameo in _codes(text), _codes(text)


# the same verbs with other objects: none of the codes above may fire
NOTHING = [
    "The report provided details of the negotiations.",
    "The minister gave a speech to business leaders.",
    "The striker returned to the team after an injury.",
    "The delegation returned home on Friday.",
    "The company suspended its dividend for the year.",
    "The court set a date for the hearing.",
    "The report reaffirmed the findings of earlier studies.",
    "The coach trained the players at the stadium.",
    "The rain stopped play at the stadium.",
    "The museum gave a tour of its new wing.",
    "The company deployed new software across its offices.",
]
_NEW = {"071", "073", "0842", "165", "162", "172", "139", "051", "115", "062", "143", "074"}


@pytest.mark.model
@pytest.mark.parametrize("text", NOTHING)
def test_look_alikes_find_nothing(text: str) -> None:
    assert not _NEW & set(_codes(text)), _codes(text)
