"""speakers: the mention lookups by character offset give what a scan of every mention gives."""

from __future__ import annotations

import random

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsledger.extract import speakers
from newsledger.extract.cues import load
from newsledger.model import Actor, Evidence, Found, Mention

WORDS = "Officials in Gaza said Israeli troops met Hamas leaders and he said it was over .".split()
ACTORS = [
    Actor("ISR", "Israel", "state"),
    Actor("HAM", "Hamas", "armed_group"),
    Actor("P1", "Yahya Sinwar", "person"),
    Actor("P2", "Benjamin Netanyahu", "person"),
]


def make_doc() -> Doc:
    return Doc(Vocab(), words=WORDS)


def mention(actor_id: str, start: int, end: int) -> Mention:
    return Mention(actor_id, "x" * (end - start), Evidence("a", 0, start, end, "x", "actors@1"))


def scan_actor_in(start: int, end: int, found: Found) -> str | None:
    """The old scan of every mention, the reference for the index."""
    inside = [m for m in found.mentions if start <= m.evidence.start and m.evidence.end <= end]
    if not inside:
        return None
    persons = [
        m for m in inside if any(a.id == m.actor_id and a.kind == "person" for a in found.actors)
    ]
    best = persons[-1] if persons else max(inside, key=lambda m: len(m.text))
    return best.actor_id


@pytest.mark.parametrize(
    ("mentions", "span", "expected", "kinds"),
    [
        ([], (0, 4), None, set()),  # no mentions at all: nothing
        ([mention("ISR", 23, 30)], (0, 2), None, set()),  # one outside the span: nothing
        ([mention("ISR", 23, 38)], (23, 30), None, set()),  # one reaching past the end: nothing
        ([mention("ISR", 23, 30)], (4, 6), "ISR", {"state"}),
        # a person wins over a longer name; of two persons, the later one in the list
        (
            [mention("HAM", 42, 47), mention("P2", 23, 38), mention("P1", 13, 17)],
            (1, 9),
            "P1",
            {"armed_group", "person"},
        ),
        ([mention("ISR", 23, 30), mention("HAM", 42, 55)], (4, 9), "HAM", {"state", "armed_group"}),
    ],
)
def test_actor_in_and_kinds(
    mentions: list[Mention], span: tuple[int, int], expected: str | None, kinds: set[str]
) -> None:
    doc = make_doc()
    found = Found(actors=list(ACTORS), mentions=list(mentions))
    s = doc[span[0] : span[1]]
    assert speakers.actor_in(s, found) == expected
    assert speakers.actor_kinds(s, found) == kinds


def test_the_index_follows_mentions_added_later() -> None:
    doc = make_doc()
    found = Found(actors=list(ACTORS), mentions=[mention("ISR", 23, 30)])
    span = doc[1:9]
    assert speakers.actor_in(span, found) == "ISR"
    found.mentions.append(mention("P1", 42, 47))
    assert speakers.actor_in(span, found) == "P1"
    assert speakers.actor_in(span, Found()) is None  # another Found: its own index


def test_the_index_agrees_with_a_scan_of_every_mention() -> None:
    doc = make_doc()
    rng = random.Random(3)
    n = len(doc.text)
    for _ in range(50):
        mentions = []
        for _ in range(rng.randrange(0, 12)):
            start = rng.randrange(0, n)
            mentions.append(
                mention(rng.choice(ACTORS).id, start, min(n, start + rng.randrange(0, 15)))
            )
        found = Found(actors=list(ACTORS), mentions=mentions)
        for _ in range(20):
            a = rng.randrange(0, len(doc))
            b = rng.randrange(a, len(doc)) + 1
            span = doc[a:b]
            assert speakers.actor_in(span, found) == scan_actor_in(
                span.start_char, span.end_char, found
            )
        index = speakers._index(doc, found)
        for before in range(n + 1):
            persons = [
                m for m in mentions if m.evidence.end <= before and m.actor_id in ("P1", "P2")
            ]
            assert index.last_person(before) == (persons[-1] if persons else None)


def parsed(words: str, heads: list[int], deps: list[str], ents: list[str] | None = None) -> Doc:
    """A hand-parsed doc: a rule's input without the statistical parser's whims."""
    toks = words.split()
    return Doc(Vocab(), words=toks, heads=heads, deps=deps, ents=ents or ["O"] * len(toks))


@pytest.mark.parametrize(
    ("words", "heads", "deps", "ents", "verb", "subject"),
    [
        # of two subjects, the one nearer the verb (a colon's name hangs on the verb too)
        (
            "Agency : The Observatory reported gains",
            [4, 0, 3, 4, 4, 4],
            ["nsubj", "punct", "det", "nsubj", "ROOT", "dobj"],
            None,
            4,
            "Observatory",
        ),
        # a dateline place before a dash is not the speaker: the name after it is
        (
            "Nairobi — The Service confirmed deaths",
            [4, 0, 3, 0, 4, 4],
            ["nsubj", "punct", "det", "appos", "ROOT", "dobj"],
            None,
            4,
            "Service",
        ),
        # a source after the verb that closes the report
        (
            "Ten died , reported Xinhua",
            [1, 1, 1, 1, 3],
            ["nsubj", "ROOT", "punct", "conj", "dobj"],
            ["O", "O", "O", "O", "B-ORG"],
            3,
            "Xinhua",
        ),
        # must find nothing: an addressee is no speaker; nor a thing reported
        (
            "Ten died , told Xinhua",
            [1, 1, 1, 1, 3],
            ["nsubj", "ROOT", "punct", "conj", "dobj"],
            ["O", "O", "O", "O", "B-ORG"],
            3,
            None,
        ),
        (
            "Ten died , reported deaths",
            [1, 1, 1, 1, 3],
            ["nsubj", "ROOT", "punct", "conj", "dobj"],
            None,
            3,
            None,
        ),
    ],
)
def test_subject_of(words: str, heads: list[int], deps: list[str], ents: list[str] | None,
                    verb: int, subject: str | None) -> None:  # fmt: skip
    doc = parsed(words, heads, deps, ents)
    for tok in doc:  # lemmas of the verbs the rule asks about
        tok.lemma_ = {"reported": "report", "told": "tell"}.get(tok.text, tok.text.lower())
    subj = speakers.subject_of(doc[verb], Found(), load())
    assert (subj.text if subj is not None else None) == subject
