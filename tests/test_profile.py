"""Article profile: voice shares, marker counts, sources and naming choices."""

from __future__ import annotations

import pytest

import newsledger
from newsledger.model import (
    Analysis,
    Article,
    Attribution,
    Evidence,
    Marker,
    Mention,
    Source,
)
from newsledger.profile import Profile, profile

TEXT = "The regime struck the town. Officials said two died. Israel denied it. Rain fell."


def _ev(fragment: str) -> Evidence:
    start = TEXT.index(fragment)
    return Evidence("a" * 32, 0, start, start + len(fragment), fragment, "test@1")


def _analysis(**records) -> Analysis:
    return Analysis(article=Article(id="a" * 32, text=TEXT, outlet="Wire"), **records)


def test_empty_article_profile() -> None:
    p = profile(_analysis())
    assert isinstance(p, Profile)
    assert (p.sentences, p.own_voice_sentences, p.attributed_sentences, p.markers) == (4, 4, 0, 0)
    assert p.own_voice_share == 1.0 and p.markers_by_category == {} and p.naming == ()


def test_counts_voice_markers_and_naming() -> None:
    said = TEXT.index("two died")
    attr = Attribution(
        chain=(Source("Wire", kind="outlet"), Source("Officials", kind="official")),
        cue="said",
        own_voice=False,
        scope_start=said,
        scope_end=said + len("two died"),
        evidence=_ev("said"),
    )
    marker = Marker("delegitimising_name", _ev("The regime"), "The government", "SYRGOV")
    mentions = (
        Mention("SYRGOV", "The regime", _ev("The regime"), via="loaded_alias"),
        Mention("ISR", "Israel", _ev("Israel")),
    )
    p = profile(_analysis(attributions=(attr,), markers=(marker,), mentions=mentions))
    assert (p.sentences, p.attributed_sentences, p.own_voice_sentences) == (4, 1, 3)
    assert p.markers_by_category == {"delegitimising_name": 1}
    assert p.markers_by_target == {"SYRGOV": 1}
    assert p.sources_by_kind == {"official": 1}
    naming = {n.actor_id: n for n in p.naming}
    assert naming["SYRGOV"].names[0].loaded and naming["SYRGOV"].loaded_share == 1.0
    assert not naming["ISR"].names[0].loaded
    out = p.to_dict()
    assert out["attributed_share"] == 0.25 and out["naming"][0]["actor_id"] == "ISR"


def test_loaded_names_without_mentions_still_count_as_naming() -> None:
    marker = Marker("metonym", _ev("Israel"), "the Israeli government", "ISRGOV")
    p = profile(_analysis(markers=(marker,)))
    assert p.naming[0].actor_id == "ISRGOV" and p.naming[0].names[0].metonym


@pytest.mark.model
def test_sample_article_profile(sample_text: str) -> None:
    p = profile(newsledger.analyze(sample_text, published="2025-09-19"))
    assert p.sentences >= 20
    assert 0 < p.attributed_share < 1
    assert p.markers_by_category.get("delegitimising_name", 0) >= 3
    assert any(n.actor_id.startswith("ISR") and any(x.loaded for x in n.names) for n in p.naming)


@pytest.mark.parametrize(
    ("confidences", "threshold", "counted", "below"),
    [
        ((0.9, 0.2), 0.5, 1, 1),
        ((0.5,), 0.5, 1, 0),  # at the threshold counts
        ((0.49,), 0.5, 0, 1),
        ((None,), 0.5, 1, 0),  # a record without a confidence (older store rows) counts
        ((0.3, 0.2), 0.1, 2, 0),
    ],
)
def test_counts_markers_at_or_above_the_threshold(
    confidences: tuple, threshold: float, counted: int, below: int
) -> None:
    markers = tuple(
        Marker("loaded_term", _ev("struck"), "hit", None, confidence=c) for c in confidences
    )
    p = profile(_analysis(markers=markers), threshold=threshold)
    assert (p.markers, p.markers_below_threshold) == (counted, below)


@pytest.mark.model
def test_speakers_loaded_words_are_counted_by_speaker_not_as_the_outlets() -> None:
    from newsledger import nlp
    from newsledger.pipeline import analysis_of

    text = '"The regime must fall," the opposition leader said. The talks resumed.'
    doc = nlp.parse(text)
    p = profile(analysis_of(doc, Article(id="b" * 32, text=text)), doc)
    assert p.markers == 0
    assert p.speaker_markers == {"the opposition leader": 1}
