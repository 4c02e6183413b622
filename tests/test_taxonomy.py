"""The taxonomy tables: every code valid, mappings as the codebooks say."""

from __future__ import annotations

import pytest

from newsledger import taxonomy
from newsledger.extract.event_lexicon import lexicon


def test_tables_are_valid() -> None:
    assert taxonomy.validate() == []


def test_sixteen_plover_types() -> None:
    assert set(taxonomy.plover_types()) == {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("cameo", "mode", "plover", "acled"),
    [
        ("044", None, "CONSULT", None),
        ("195", "aerial", "ASSAULT", ("Explosions/Remote violence", "Air/drone strike")),
        ("0354", None, "AGREE", None),
        ("085", None, "RETREAT", None),
        ("173", None, "COERCE", ("Strategic developments", "Arrests")),
        ("141", None, "PROTEST", ("Protests", "Peaceful protest")),
        ("026", None, "REQUEST", None),
        ("1712", None, "ASSAULT", ("Strategic developments", "Looting/property destruction")),
        ("190", None, "ASSAULT", ("Battles", "Armed clash")),
        ("18", None, "ASSAULT", ("Violence against civilians", "Attack")),
    ],
)
def test_event_type(cameo: str, mode: str | None, plover: str, acled: tuple | None) -> None:
    et = taxonomy.event_type(cameo, mode)
    assert et is not None
    assert et.plover == plover
    assert (et.acled_type, et.acled_subtype) == (acled or (None, None))


def test_civilian_target_is_not_a_battle() -> None:
    et = taxonomy.event_type("190", civilian_target=True)
    assert et is not None and et.acled_type == "Violence against civilians"


@pytest.mark.parametrize("cameo", ["010", "016", "99", "ABC"])
def test_no_plover_type(cameo: str) -> None:
    # CAMEO 01 (statements) has no PLOVER type; invalid codes have none either
    assert taxonomy.event_type(cameo) is None


def test_trigger_lexicon_codes_are_valid() -> None:
    lex = lexicon()
    labels = taxonomy.cameo_labels()
    types = taxonomy.plover_types()
    patterns = [p for ps in lex.verbs.values() for p in ps]
    patterns += [p for ps in lex.nouns.values() for p in ps]
    assert patterns
    for pat in patterns:
        assert pat.cameo in labels, pat
        row = taxonomy.plover_for(pat.cameo)
        assert row is not None, pat
        if pat.mode:
            assert pat.mode in types[row.plover]["modes"], pat


def test_frame_codes_are_valid() -> None:
    lex = lexicon()
    labels = taxonomy.cameo_labels()
    for kind, codes in lex.frame_codes.items():
        for aspect, code in codes.items():
            assert code in labels, (kind, aspect, code)
            assert taxonomy.plover_for(code) is not None, (kind, code)
    assert set(lex.future_kind.values()) <= set(lex.frame_codes)
