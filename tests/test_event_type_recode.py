"""When the event-type model recodes a rule event's PLOVER type, the ACLED sub-type the rules
read stays where the new type can carry it."""

from __future__ import annotations

import pytest

from newsledger.learn import event_type
from newsledger.model import Event, EventType, Evidence, Participant


def _event(etype: EventType) -> Event:
    return Event(id="e1", type=etype, trigger="dispersed crowds",
                 evidence=Evidence("a", 0, 0, 16, "dispersed crowds", "events@4"),
                 source=(Participant("GEOCOP", "Police", "source"),),
                 target=(Participant("GEOCVL", "crowds", "target"),))  # fmt: skip


@pytest.mark.parametrize(
    ("plover", "kept"),
    [
        # coercion can carry excessive force against protesters: the rules' sub-type stays
        ("COERCE", "Excessive force against protesters"),
        # a meeting cannot: no ACLED sub-type
        ("CONSULT", None),
    ],
)
def test_a_recoded_type_keeps_the_acled_sub_type_it_can_carry(plover, kept):
    rules = EventType("ASSAULT", "pro_autocracy", "175", "Protests",
                      "Excessive force against protesters")  # fmt: skip
    got = event_type._recode(_event(rules), plover, "events@4+event_type")
    assert got.type.plover == plover
    assert got.type.acled_subtype == kept
    assert (got.type.acled_type is not None) == (kept is not None)
    assert got.evidence.extractor == "events@4+event_type"
