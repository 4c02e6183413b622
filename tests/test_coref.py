"""coref: the acronym index finds what a scan of every draft finds, including nothing."""

from __future__ import annotations

import pytest

from newsledger.coref import AcronymIndex, Draft, initials

NAMES = {"RSF": "Rapid Support Forces", "JEM": "Justice and Equality Movement",
         "JAM": "Jaish-e-Mohammed", "UN": "United Nations"}


def names(draft: Draft) -> list[str]:
    return [f"span {draft.start}", NAMES.get(draft.actor_id, draft.actor_id)]


def scan(text: str, drafts: list[Draft], exclude: Draft | None = None) -> str | None:
    """The reference: the first draft, in order, whose names spell the acronym."""
    if not (text.isupper() and text.isalpha() and 2 <= len(text) <= 6):
        return None
    for draft in drafts:
        if draft is exclude or draft.dropped or draft.via in ("coref", "demonym"):
            continue
        if any(initials(n) == text for n in names(draft)):
            return draft.actor_id
    return None


@pytest.mark.parametrize(
    ("name", "spelt"),
    [("Rapid Support Forces", "RSF"), ("the Islamic State West Africa Province", "ISWAP"),
     ("Justice and Equality Movement", "JEM"), ("Jaish-e-Mohammed", "JEM"), ("", "")],
)
def test_initials(name: str, spelt: str) -> None:
    assert initials(name) == spelt


@pytest.mark.parametrize("query", ["RSF", "JEM", "UN", "XYZ", "rsf", "R", "TOOLONGX", "U N"])
def test_index_finds_what_a_scan_finds_as_drafts_grow_and_change(query: str) -> None:
    drafts: list[Draft] = []
    index = AcronymIndex(drafts, names)
    steps = [Draft(0, 3, 1, "JAM", "alias"), Draft(5, 8, 6, "RSF", "coref"),
             Draft(9, 11, 9, "UN", "demonym"), Draft(12, 15, 13, "RSF", "alias"),
             Draft(20, 22, 20, "UN", "alias")]
    for draft in steps:
        drafts.append(draft)
        assert index.find(query) == scan(query, drafts)
        assert index.find(query, exclude=draft) == scan(query, drafts, exclude=draft)
    drafts[0].actor_id = "JEM"  # a change of actor, filed again
    index.refile(drafts[0])
    drafts[3].dropped = True
    assert index.find(query) == scan(query, drafts)
    drafts[0].actor_id = "JAM"
    index.refile(drafts[0])
    assert index.find(query) == scan(query, drafts)
