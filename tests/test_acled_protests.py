"""ACLED's codebook on what happens to a demonstration (`extract.acled_protests`)."""

from __future__ import annotations

import pytest

from newsledger.extract.acled_protests import protest_outcomes
from newsledger.model import Event, EventType, Evidence, Participant


def _event(n: int, sentence: int, plover: str, subtype: str, source: tuple[str, str],
           target: tuple[str, str] | None = None) -> Event:  # fmt: skip
    atype = {"Armed clash": "Battles", "Arrests": "Strategic developments",
             "Attack": "Violence against civilians"}.get(subtype, "Protests")  # fmt: skip
    return Event(id=f"e{n}", type=EventType(plover, None, None, atype, subtype), trigger="x",
                 evidence=Evidence("a", sentence, n * 10, n * 10 + 1, "x", "events@4"),
                 source=(Participant(*source, "source"),),
                 target=(Participant(*target, "target"),) if target else ())  # fmt: skip


PROTEST = ("PROTEST", "Peaceful protest", ("KENEDU", "students"))


@pytest.mark.model
@pytest.mark.parametrize(
    ("second", "want"),
    [
        # the protesters arrested: the protest met intervention, and no separate arrest
        ((1, "COERCE", "Arrests", ("KENCOP", "police"), ("KENEDU", "students")),
         ("Protest with intervention", "Protest with intervention")),
        # the police shot at the crowd: excessive force, both records
        ((1, "ASSAULT", "Armed clash", ("KENCOP", "police"), ("PROV:crowd", "the crowd")),
         ("Excessive force against protesters", "Excessive force against protesters")),
        # an arrest of someone else is an arrest
        ((1, "COERCE", "Arrests", ("KENCOP", "police"), ("KENGOV", "a minister")),
         ("Peaceful protest", "Arrests")),
        # an arrest of the protesters three sentences on is not told as this protest's end
        ((4, "COERCE", "Arrests", ("KENCOP", "police"), ("KENEDU", "students")),
         ("Peaceful protest", "Arrests")),
        # rebels attacking a crowd are no state's force on protesters
        ((1, "ASSAULT", "Attack", ("PROV:gunmen", "gunmen"), ("PROV:crowd", "the crowd")),
         ("Peaceful protest", "Attack")),
        # "police shot one person during protests in Siaya": the force the protest met
        ((0, "ASSAULT", "Armed clash", ("KENCOP", "police"), ("PROV:person", "one person")),
         ("Excessive force against protesters", "Excessive force against protesters")),
        # ... but not police shooting gunmen told in the same sentence as a protest
        ((0, "ASSAULT", "Armed clash", ("KENCOP", "police"), ("KENREB", "rebels")),
         ("Peaceful protest", "Armed clash")),
        # nor force a sentence away on someone who is not among the protesters
        ((1, "ASSAULT", "Attack", ("KENCOP", "police"), ("PROV:person", "a trader")),
         ("Peaceful protest", "Attack")),
    ],
)
def test_what_happens_to_a_protest(second, want):
    sentence, *rest = second
    events = [_event(0, 0, *PROTEST), _event(1, sentence, *rest)]
    got = protest_outcomes(events)
    assert tuple(e.type.acled_subtype for e in got) == want
    assert [e.type.plover for e in got] == [e.type.plover for e in events]  # PLOVER stays


def _subtypes(text: str) -> list[tuple[str, str | None]]:
    from newsledger.pipeline import analyze

    return [(e.trigger, e.type.acled_subtype) for e in analyze(text).events]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "want"),
    [
        # crowd control with no one hurt is an intervention, not excessive force
        ("Kenyan troops used tear gas and rubber bullets to disperse thousands of protesters "
         "on Saturday.", "Protest with intervention"),
        # ... and against a riot told beside it, part of that violent demonstration
        ("Police used tear gas to disperse protesters in Apia on Thursday after activists "
         "clashed with officials in a second night of looting.", "Violent demonstration"),
        # the next sentence's deaths belong to its own attack, not to the tear gas
        ("Police fired tear gas to disperse hundreds of opposition supporters in Kinshasa on "
         "Monday. Later, rebels launched drone attacks on the airport of Goma, killing three "
         "soldiers.", "Protest with intervention"),
        # with protesters killed it stays excessive force
        ("Police fired tear gas at protesters in Nairobi on Monday, killing two.",
         "Excessive force against protesters"),
    ],
)
def test_crowd_control_is_excessive_force_only_where_someone_is_hurt(text, want):
    assert _subtypes(text)[0][1] == want
