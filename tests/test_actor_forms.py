"""How each outlet names each actor (newsledger/extract/actor_forms.py)."""

from __future__ import annotations

import pytest

from newsledger.extract import actor_forms
from newsledger.model import Evidence, Mention


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (
            [
                ("A", "ISRGOV", "the Israeli regime", "loaded_alias"),
                ("A", "ISRGOV", "The Israeli regime", "loaded_alias"),
                ("B", "ISRGOV", "Israeli officials", "demonym"),
                (None, "ISRGOV", "he", "coref"),
            ],
            {
                "ISRGOV": {
                    "A": {("Israeli regime", "loaded_alias"): 2},
                    "B": {("Israeli officials", "demonym"): 1},
                }
            },
        ),
        ([("A", "SYR:SHARAA", "he", "coref")], {}),
    ],
)
def test_surface_forms_per_outlet(pairs: list[tuple], expected: dict) -> None:
    ev = Evidence("a", 0, 0, 1, "x", "actors@1")
    mentions = [(outlet, Mention(actor, text, ev, via)) for outlet, actor, text, via in pairs]
    got = actor_forms.surface_forms(mentions)
    assert {a: {o: dict(c) for o, c in by.items()} for a, by in got.items()} == expected
