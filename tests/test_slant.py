"""Slant markers in the outlet's own voice: categories, neutral wordings, targets, voice."""

from __future__ import annotations

import functools

import pytest

import newsledger
from newsledger import nlp
from newsledger.extract import attribution, slant
from newsledger.model import Article, Found, Marker


@functools.lru_cache(maxsize=128)
def _markers(text: str) -> tuple[Marker, ...]:
    doc = nlp.parse(text)
    article = Article(id="0" * 32, text=text)
    found = Found()
    found.add(attribution.extract(doc, article, found))
    return tuple(slant.extract(doc, article, found))


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "category", "span", "neutral"),
    [
        (
            "Talks with the Iranian regime resumed on Monday.",
            "delegitimising_name",
            "the Iranian regime",
            "the Iranian government",
        ),
        (
            "The Assad regime lost control of the city.",
            "delegitimising_name",
            "The Assad regime",
            "The Assad government",
        ),
        (
            "Officials of the Zionist entity arrived in Cairo.",
            "delegitimising_name",
            "Zionist entity",
            "Israel",
        ),
        (
            "The Kiev regime ordered new conscription.",
            "delegitimising_name",
            "Kiev regime",
            "Ukrainian government",
        ),
        ("Takfiri groups attacked the checkpoint.", "pejorative_label", "Takfiri", "militant"),
        (
            "Terrorists attacked the checkpoint overnight.",
            "pejorative_label",
            "Terrorists",
            "militants",
        ),
        ("Thugs attacked the protesters.", "pejorative_label", "Thugs", "people"),
        (
            "Illegal settlers moved into the valley.",
            "pejorative_label",
            "Illegal settlers",
            "settlers",
        ),
        ("He was installed as president in 2019.", "loaded_verb", "installed as", "became"),
        ("The senator slammed the bill on Tuesday.", "loaded_verb", "slammed", "criticized"),
        (
            "Warplanes savagely attacked the port on Monday.",
            "intensifier",
            "savagely attacked",
            "attacked",
        ),
        (
            "Troops deliberately targeted residential areas overnight.",
            "unsourced_motive",
            "deliberately targeted",
            "targeted",
        ),
        # "according to" attributes facts, not wording: the words stay the outlet's
        (
            "Houthi terrorists attacked a ship on Tuesday, according to the embassy.",
            "pejorative_label",
            "terrorists",
            "militants",
        ),
        (
            "The rights commission issued a damning report on the killings.",
            "intensifier",
            "damning report",
            "report",
        ),
        (
            "The army continued its aggression in the north.",
            "loaded_term",
            "aggression",
            "military action",
        ),
        ("Despite its brutal record, the party won.", "intensifier", "brutal record", "record"),
        ("The so-called peace plan was published.", "scare_term", "so-called", ""),
        (
            "The army shelled the city in a bid to break the siege.",
            "unsourced_motive",
            "in a bid to",
            "",
        ),
        (
            "Normalization overtures toward Tel Aviv angered the opposition.",
            "metonym",
            "Tel Aviv",
            "the Israeli government",
        ),
        (
            'The army\'s "security operation" continued for a week.',
            "scare_term",
            '"security operation"',
            "security operation",
        ),
    ],
)
def test_flags(text: str, category: str, span: str, neutral: str | None) -> None:
    hits = [m for m in _markers(text) if m.category == category]
    assert hits, [(m.category, m.evidence.text) for m in _markers(text)]
    assert hits[0].evidence.text == span
    assert hits[0].neutral == neutral
    assert hits[0].evidence.extractor.startswith("slant@2")


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        # neutral reporting
        "The foreign minister met his counterpart in London.",
        "The minister landed in Washington on Thursday.",
        "The spokesman said the talks would continue.",
        # ordinary uses of words that are loaded elsewhere
        "The sanctions regime was extended for a year.",
        "Washington imposed new tariffs on steel.",
        "The delegation flew to Tel Aviv on Monday.",
        "The group has long been designated as a terrorist organization by the US.",
        "The militia claimed responsibility for the attack.",
        # loaded words in the speaker's voice belong to the speaker
        '"The regime must fall," the opposition leader said.',
        "Critics argue that the occupation is a massacre in slow motion.",
        "Rights groups have documented a massacre in the village.",
        "The opposition accused the government of a brutal crackdown.",
        "The attacks were condemned by the leadership as cowardly and aimed at civilians.",
        "The ministry described the strikes as a blatant act of aggression.",
        "India named nine terrorist camps attacked in the operation.",
        # ordinary wire wording
        "Russia's invasion of Ukraine began in February 2022.",
        "The war has claimed tens of thousands of lives.",
        "Its missiles and drones reached Tel Aviv on Friday.",
        "There was chaos in the streets after the vote.",
    ],
)
def test_flags_nothing(text: str) -> None:
    assert _markers(text) == ()


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker", "span"),
    [
        (
            '"The regime must fall," the opposition leader said.',
            "the opposition leader",
            "The regime",
        ),
        ("The attacks were condemned by the leadership as cowardly.", "the leadership", "cowardly"),
    ],
)
def test_speakers_words_are_kept_with_the_speaker(text: str, speaker: str, span: str) -> None:
    doc = nlp.parse(text)
    article = Article(id="0" * 32, text=text)
    found = Found()
    found.add(attribution.extract(doc, article, found))
    kept = slant.speaker_markers(doc, article, found)
    assert [(who, m.evidence.text) for who, m in kept] == [(speaker, span)]
    assert slant.extract(doc, article, found) == []


@pytest.mark.model
def test_every_marker_has_a_confidence_and_a_neutral_wording() -> None:
    for text in ("Talks with the Iranian regime resumed.", "Thugs attacked the protesters."):
        for marker in _markers(text):
            assert marker.confidence is not None and 0.0 <= marker.confidence <= 1.0
            assert marker.neutral is not None


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "span", "actor"),
    [
        ("Israeli forces arrested four Hezbollah terrorists on Wednesday.", "terrorists", "LBNHEZ"),
        (
            "Rebels led by terrorist group Hayat Tahrir al-Sham took the city.",
            "terrorist group",
            "SYRHTS",
        ),
    ],
)
def test_a_label_bears_on_the_group_it_names(text: str, span: str, actor: str) -> None:
    result = newsledger.analyze(text)
    marker = next(m for m in result.markers if m.evidence.text == span)
    assert marker.target_actor_id == actor


@pytest.mark.model
def test_target_from_the_modifier_without_actors() -> None:
    marker = _markers("Talks with the Israeli regime resumed.")[0]
    assert marker.target_actor_id == "ISR"


@pytest.mark.model
def test_sample_article(sample_text: str) -> None:
    result = newsledger.analyze(sample_text, published="2025-09-19")
    text = result.article.text
    by_text = {m.evidence.text: m for m in result.markers}
    for name in ("the Israeli regime", "illegal entity"):
        marker = next(m for t, m in by_text.items() if name in t)
        assert marker.category == "delegitimising_name"
        assert (marker.target_actor_id or "").startswith("ISR")
    flagged = [text[m.evidence.start : m.evidence.end].lower() for m in result.markers]
    for neutral in ("met", "landed", "said", "documented", "rights groups"):
        assert not any(neutral in f.split() or neutral == f for f in flagged), neutral
    rights = text.index("Rights groups have documented")
    end = text.index(".", rights)
    assert not [
        m
        for m in result.markers
        if rights <= m.evidence.start < end and m.category != "loaded_verb"
    ]


@pytest.mark.model
def test_an_event_noun_is_no_label_of_its_agent() -> None:
    """The tagger's span on "bombardment" once came out as a pejorative label of the Israeli
    government; the outlet's labels around it stay flagged."""
    text = ("The Zionist regime's savage bombardment of the besieged Gaza Strip has martyred 58 "
            "more Palestinians since dawn.")  # fmt: skip
    flagged = {m.evidence.text for m in _markers(text)}
    assert "bombardment" not in flagged
    assert "Zionist regime" in flagged
