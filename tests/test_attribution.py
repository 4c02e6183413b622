"""Attribution chains, cues and scopes; certainty of reported content."""

from __future__ import annotations

import functools

import pytest

import newsledger
from newsledger import nlp
from newsledger.extract import attribution
from newsledger.extract.certainty import certainty_of, cue_certainty, has_booster
from newsledger.model import Article, Attribution, Certainty, Found, Source


@functools.lru_cache(maxsize=64)
def _attributions(text: str) -> tuple[Attribution, ...]:
    doc = nlp.parse(text)
    article = Article(id="0" * 32, text=text, outlet="Test Wire")
    records = attribution.extract(doc, article, Found())
    return tuple(r for r in records if isinstance(r, Attribution))


def _scope(text: str, a: Attribution) -> str:
    return text[a.scope_start : a.scope_end]


CASES = [
    # text, chain (without the outlet), cue, scope
    (
        "The minister said the border crossing would reopen next week.",
        ["The minister"],
        "said",
        "the border crossing would reopen next week",
    ),
    (
        "According to Reuters, the convoy was stopped at a checkpoint.",
        ["Reuters"],
        "According to",
        "the convoy was stopped at a checkpoint",
    ),
    (
        "The ceasefire collapsed within hours, according to local residents.",
        ["local residents"],
        "according to",
        "The ceasefire collapsed within hours",
    ),
    (
        "According to Japanese broadcaster NHK, citing government sources, the summit was delayed.",
        ["NHK", "government sources"],
        "According to",
        "the summit was delayed",
    ),
    (
        "State television, quoting a military spokesman, reported that three drones were downed.",
        ["State television", "a military spokesman"],
        "reported",
        "three drones were downed",
    ),
    (
        "Local news agencies citing police sources said the suspect was arrested.",
        ["Local news agencies", "police sources"],
        "said",
        "the suspect was arrested",
    ),
    (
        "The newspaper quoted a senior diplomat as saying that the embassy would close.",
        ["The newspaper", "a senior diplomat"],
        "saying",
        "the embassy would close",
    ),
    (
        "Maria Lopez, who heads the regional health office, said hospitals lacked fuel.",
        ["Maria Lopez"],
        "said",
        "hospitals lacked fuel",
    ),
    (
        "The company's chief executive, Tom Hale, said profits had doubled.",
        ["Tom Hale"],
        "said",
        "profits had doubled",
    ),
    (
        '"We will not negotiate under fire," the president said.',
        ["the president"],
        "said",
        "We will not negotiate under fire",
    ),
    (
        'The army said in a statement: "All targets were military."',
        ["The army"],
        "said",
        "All targets were military",
    ),
    (
        '"The talks are over" — Deputy Foreign Minister Ali Karimi.',
        ["Deputy Foreign Minister Ali Karimi"],
        "quote",
        "The talks are over",
    ),
    (
        "The rebels reportedly seized two villages overnight.",
        ["unnamed sources"],
        "reportedly",
        "The rebels reportedly seized two villages overnight",
    ),
    (
        "The general is said to have ordered the withdrawal himself.",
        ["unnamed sources"],
        "said",
        "The general is said to have ordered the withdrawal himself",
    ),
    (
        "Human rights groups have documented dozens of arbitrary detentions.",
        ["Human rights groups"],
        "documented",
        "dozens of arbitrary detentions",
    ),
    (
        "The opposition accused the government of rigging the vote.",
        ["The opposition"],
        "accused",
        "the government of rigging the vote",
    ),
    (
        "The Kremlin said that it had not been informed of the plan, Interfax reported.",
        ["Interfax", "The Kremlin"],
        "said",
        "it had not been informed of the plan",
    ),
    (
        "Damascus condemned the strikes as a violation of Syrian sovereignty.",
        ["Damascus"],
        "condemned",
        "the strikes as a violation of Syrian sovereignty",
    ),
    # an apposition after the clause ("a claim ...") does not pull the verb into the name
    (
        "Rebels bombed the base. The Israeli military claimed it had struck a Hamas command "
        "centre, a claim Hamas dismissed as a lie.",
        ["The Israeli military"],
        "claimed",
        "it had struck a Hamas command centre",
    ),
    # a source named after the verb that closes the report, with its own source nested
    (
        "Two bridges were destroyed in the storm on Monday, reported Kyodo, quoting police.",
        ["Kyodo", "police"],
        "reported",
        "Two bridges were destroyed in the storm on Monday",
    ),
    # a speech noun: its possessive is the speaker, its that-clause the content
    (
        "The protests followed Prime Minister Irakli Kobakhidze's announcement on Thursday "
        "that Tbilisi would suspend talks on EU membership.",
        ["Prime Minister Irakli Kobakhidze"],
        "announcement",
        "Tbilisi would suspend talks on EU membership",
    ),
    # a list the parser reads as an appositive is all of the content, not a renaming
    (
        "The National Police Service has confirmed eleven deaths, 567 arrests, and dozens of "
        "injuries during the protests.",
        ["The National Police Service"],
        "confirmed",
        "eleven deaths, 567 arrests, and dozens of injuries during the protests",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "chain", "cue", "scope"), CASES)
def test_chain_cue_and_scope(text: str, chain: list[str], cue: str, scope: str) -> None:
    found = [a for a in _attributions(text) if a.cue == cue and _scope(text, a) == scope]
    assert found, [(a.cue, _scope(text, a)) for a in _attributions(text)]
    a = found[0]
    assert a.chain[0] == Source(name="Test Wire", kind="outlet")
    assert [s.name for s in a.chain[1:]] == chain
    assert a.own_voice is False
    assert a.evidence is not None
    if cue == "quote":  # a dash or colon quote: the evidence is the name that introduces it
        assert chain[-1] in a.evidence.text
    else:
        assert cue.lower() in a.evidence.text.lower()


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The delegation arrived in Geneva on Sunday and met the mediators.",
        "Heavy rain flooded several districts of the capital overnight.",
        "The two countries signed a trade agreement in Hanoi.",
        "Protesters gathered outside parliament on Wednesday.",
        "The central bank raised interest rates by half a point.",
        'The film "Dune" opened in cinemas on Friday.',
        # a possessive and a that-clause, but no speech noun
        "Anna finished her homework on the day that the school reopened.",
    ],
)
def test_finds_nothing(text: str) -> None:
    assert _attributions(text) == ()


@pytest.mark.model
def test_pronoun_speaker_continues_the_previous_speaker() -> None:
    text = (
        "Officials quoting the interior minister said the border would reopen. "
        '"We are ready," he said.'
    )
    quote = [a for a in _attributions(text) if a.quote == "We are ready"]
    assert quote and [s.name for s in quote[0].chain[1:]] == ["Officials", "the interior minister"]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a bare quote paragraph goes on from the last who can speak, not from an agreement
        ("Army spokesman John Smith warned residents not to return to their homes. The truce "
         "stipulates that the army has 60 days to withdraw.\n\n\"The forces are deployed in "
         "the south and will respond to any violation of the agreement.\"", "John Smith"),
        # nobody who can speak in the paragraph before: an unidentified speaker
        ("The truce stipulates that the army has 60 days to withdraw.\n\n\"The forces are "
         "deployed in the south and will respond to any violation of the agreement.\"",
         "unidentified speaker"),
    ],
)  # fmt: skip
def test_a_bare_quote_paragraph_goes_on_from_a_speaker(text: str, speaker: str) -> None:
    (quote,) = [a for a in _attributions(text) if (a.quote or "").startswith("The forces")]
    assert quote.chain[-1].name.endswith(speaker)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "said"),
    [
        # an order's quote that goes on past its sentence is the speaker's speech
        (
            'Defense Minister Israel Katz instructed the army to "act firmly against such '
            'phenomena. Every man approaching the border should be arrested."',
            "Every man approaching the border should be arrested",
        ),
        # a quote within the stance's sentence stays the stance's words
        ('The president vowed to "crush" the rebels within a week.', None),
    ],
)
def test_a_quote_past_a_stance_is_speech(text: str, said: str | None) -> None:
    speech = [a for a in _attributions(text) if a.kind == "speech" and a.quote]
    if said is None:
        assert speech == []
        return
    # one relation, as PolNeAR annotates it, whose content holds the whole quote
    assert len(speech) == 1 and speech[0].cue == "instructed", _attributions(text)
    assert said in text[speech[0].scope_start : speech[0].scope_end]
    assert speech[0].chain[-1].name == "Israel Katz"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        # a definite member of a group stands for the last person who spoke
        (
            'Donald Trump said talks went well. "We will meet again soon," the Republican '
            "concluded.",
            "concluded",
            "Donald Trump",
        ),
        # a group named by its plural is itself the speaker
        (
            "Donald Trump said talks went well. The Houthis said they attacked the ship.",
            "said",
            "The Houthis",
        ),
    ],
)
def test_a_group_member_stands_for_the_last_person(text: str, cue: str, speaker: str) -> None:
    last = [a for a in _attributions(text) if a.cue == cue][-1]
    assert last.chain[-1].name == speaker, _attributions(text)


@pytest.mark.model
def test_pronoun_speaker_falls_back_to_the_last_named_person() -> None:
    text = "Prime Minister Anna Berg met the union leaders. She told reporters the strike must end."
    told = [a for a in _attributions(text) if a.cue == "told"]
    assert told and told[0].chain[-1].name == "Anna Berg"
    assert told[0].chain[-1].kind == "person"


@pytest.mark.model
def test_sample_article(sample_text: str) -> None:
    result = newsledger.analyze(sample_text, published="2025-09-19")
    text = result.article.text

    def covering(fragment: str) -> Attribution:
        start = text.index(fragment)
        inside = [
            a
            for a in result.attributions
            if a.scope_start <= start and start + len(fragment) <= a.scope_end
        ]
        assert inside, fragment
        return min(inside, key=lambda a: a.scope_end - a.scope_start)

    london = covering("met with Israeli minister of strategic affairs")
    assert london.chain[-1].name == "Axios" and london.chain[-1].kind == "media"
    signed = covering("several agreements were expected to be signed")
    assert [s.name for s in signed.chain[1:]] == ["Media outlets", "an HTS official"]
    assert signed.chain[0].kind == "outlet"
    assert signed.quote == "by the end of the year"
    quoted = covering("these would be security and military agreements")
    assert [s.name for s in quoted.chain[1:]] == ["Media outlets", "an HTS official"]
    rights = covering("the violent deaths of nearly 10,000 people")
    assert rights.chain[-1].name == "Rights groups" and rights.cue == "documented"


@pytest.mark.parametrize(
    ("text", "cue", "own_voice", "expected"),
    [
        ("The talks ended on Friday.", None, True, Certainty.ASSERTED),
        ("The talks ended on Friday.", "said", False, Certainty.REPORTED),
        ("The talks may have ended on Friday.", "said", False, Certainty.HEDGED),
        ("The talks may have ended on Friday.", None, True, Certainty.HEDGED),
        ("The troops fired on the crowd.", "alleged", False, Certainty.ALLEGED),
        ("The troops fired on the crowd.", "claimed", False, Certainty.ALLEGED),
        ("The troops fired on the crowd.", "denied", False, Certainty.DISPUTED),
        ("The troops reportedly fired on the crowd.", "reportedly", False, Certainty.REPORTED),
        ("The troops allegedly fired on the crowd.", None, True, Certainty.ALLEGED),
        ("The troops clearly fired on the crowd.", None, True, Certainty.ASSERTED),
        ("The figure is likely to rise.", "estimated", False, Certainty.HEDGED),
    ],
)
def test_certainty(text: str, cue: str | None, own_voice: bool, expected: Certainty) -> None:
    attr = Attribution(chain=(Source("Wire", kind="outlet"),), cue=cue, own_voice=own_voice)
    assert certainty_of(text, attr) == expected


def test_certainty_without_attribution_and_cues() -> None:
    assert certainty_of("The bridge collapsed.", None) == Certainty.ASSERTED
    assert cue_certainty("denies") == Certainty.DISPUTED
    assert cue_certainty("suggested") == Certainty.HEDGED
    assert cue_certainty(None) == Certainty.REPORTED
    assert has_booster("It is undoubtedly true.")
    assert not has_booster("It is true.")
