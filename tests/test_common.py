"""extract/common: the narrowest attributed scope that holds a span, by bisection (issue 16)."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from newsledger.extract import common, cues
from newsledger.model import Article, Attribution, Evidence, Found, Source


def _brute(spans, start, end, wider_than=None, skip=-1):
    """Every span against the query: what `Scopes.narrowest` must equal."""
    hits = [(e - s, k) for k, sp in enumerate(spans) if sp is not None and k != skip
            for s, e in [sp] if s <= start and end <= e
            and (wider_than is None or e - s > wider_than)]  # fmt: skip
    return min(hits)[1] if hits else None


@pytest.mark.parametrize(
    ("spans", "query", "expected"),
    [
        ([(0, 100), (10, 50), (20, 40)], (25, 30), 2),  # the narrowest of three nested
        ([(0, 100), (10, 50)], (45, 60), 0),  # only the widest reaches the end
        ([(10, 50), (10, 50)], (20, 30), 0),  # equals: the first listed
        ([(10, 50), None, (5, 20)], (12, 18), 2),
        ([(10, 50)], (5, 20), None),  # starts before every span: must find nothing
        ([(10, 50)], (40, 60), None),  # ends after every span: must find nothing
        ([None], (1, 2), None),
        ([], (1, 2), None),
    ],
)  # fmt: skip
def test_narrowest(spans, query, expected) -> None:
    assert common.Scopes(spans).narrowest(*query) == expected


def test_narrowest_matches_a_scan_of_every_span() -> None:
    rng = random.Random(16)
    for _ in range(300):
        spans = []
        for _ in range(rng.randint(0, 12)):
            s = rng.randint(0, 60)
            spans.append(None if rng.random() < 0.15 else (s, s + rng.randint(0, 40)))
        scopes = common.Scopes(spans)
        for _ in range(10):
            start = rng.randint(0, 80)
            end = start + rng.randint(0, 20)
            wider = rng.choice([None, rng.randint(0, 30)])
            skip = rng.randint(-1, len(spans))
            got = scopes.narrowest(start, end, wider_than=wider, skip=skip)
            assert got == _brute(spans, start, end, wider, skip)


def _att(start: int, end: int, own_voice: bool = False, cue: str = "said",
         kind: str = "speech") -> Attribution:  # fmt: skip
    chain = (Source("Wire", kind="outlet"), Source("X"))
    return Attribution(chain=chain, cue=cue, own_voice=own_voice, scope_start=start,
                       scope_end=end, kind=kind)  # fmt: skip


@pytest.mark.parametrize(
    ("atts", "span", "cue"),
    [
        ([_att(0, 100, cue="reported"), _att(10, 50)], (20, 30), "said"),
        ([_att(0, 100, cue="reported"), _att(10, 50)], (40, 60), "reported"),
        ([_att(0, 100, own_voice=True)], (20, 30), None),  # the outlet's voice is no scope
        ([_att(10, 50)], (60, 70), None),  # outside every scope: the outlet's own voice
        # a belief or intention is the actor's stance, stated by the outlet (issue 13)
        ([_att(0, 100, cue="reported"), _att(10, 50, cue="vowed", kind="belief")], (20, 30),
         "reported"),
        ([_att(10, 50, cue="showed", kind="other")], (20, 30), None),
    ],
)  # fmt: skip
def test_attribution_for(atts, span, cue) -> None:
    article = Article(id="0" * 32, text="x" * 200, outlet="Wire")
    found = Found(attributions=list(atts))
    got = common.attribution_for(found, article, *span)
    assert got.cue == cue
    assert got.own_voice is (cue is None)
    found.attributions.append(_att(15, 35, cue="added"))  # the index follows a growing list
    assert common.attribution_for(found, article, 20, 30).cue == "added"


def _cue_att(cue_start: int, cue_end: int, scope: tuple[int, int], kind: str = "speech"):
    ev = Evidence("0" * 32, 0, cue_start, cue_end, "x" * (cue_end - cue_start), "attribution@3")
    return replace(_att(*scope, kind=kind), evidence=ev)


@pytest.mark.parametrize(
    ("lemmas", "kind", "speaker"),
    [
        # "said the US will pay a heavy price": a plain verb's act is in the speaker's words
        ({"say"}, "speech", True),
        ({"claim"}, "speech", True),
        # a verb that names the act ("accused", "warned") is the outlet's account of it
        ({"accuse"}, "speech", False),
        ({"warn"}, "speech", False),
        (set(), "speech", False),  # no trigger given: scopes only
        ({"say"}, "belief", False),  # a stance is never who says so
    ],
)
def test_attribution_for_a_speech_act(lemmas, kind, speaker) -> None:
    article = Article(id="0" * 32, text="x" * 200, outlet="Wire")
    found = Found(attributions=[_cue_att(10, 14, (15, 60), kind=kind)])
    plain = not cues.load().plain_verbs.isdisjoint(lemmas)
    got = common.attribution_for(found, article, 10, 14, plain)
    assert (not got.own_voice and got.chain[-1].name == "X") is speaker
