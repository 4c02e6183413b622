"""parse_repair: a that-less complement whose subject the parser made an object is re-attached."""

from __future__ import annotations

import pytest

from newsledger import nlp

pytestmark = pytest.mark.model


def _token(doc, word: str):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("text", "verb", "subject", "governor"),
    [
        ("Crew members remained missing after the attack, with officials warning the group "
         "may have kidnapped survivors.", "kidnapped", "group", "warning"),
        # the parser hung the speech verb's phrase below the stranded verb: lifted first
        ("It attacked a convoy last week, the United Nations said, with aid workers warning "
         "the group may have seized fuel and medicine.", "seized", "group", "warning"),
    ],
)  # fmt: skip
def test_a_stranded_complement_gets_its_subject_back(
    text: str, verb: str, subject: str, governor: str
) -> None:
    doc = nlp.parse(text)
    for tok in doc:  # still a tree: every token reaches its root
        steps, cur = 0, tok
        while cur.head != cur and steps <= len(doc):
            cur, steps = cur.head, steps + 1
        assert cur.dep_ == "ROOT" and steps <= len(doc)
    v = _token(doc, verb)
    assert v.head.text == governor and v.dep_ == "ccomp"
    assert _token(doc, subject).head == v and _token(doc, subject).dep_ == "nsubj"


@pytest.mark.parametrize(
    "text",
    [
        "The army shelled the town and has killed five people.",  # a shared subject
        "Officials urged the group to release the hostages.",  # an infinitive: control
        "The minister warned the group that talks had failed.",  # "that" marks the clause
        "He said the army had killed five people.",  # parsed right already
    ],
)
def test_nothing_to_repair(text: str) -> None:
    plain = nlp.load().make_doc(text)
    for name, proc in nlp.load().pipeline:
        if name != "parse_repairs":
            plain = proc(plain)
    repaired = nlp.parse(text)
    assert [(t.head.i, t.dep_) for t in repaired] == [(t.head.i, t.dep_) for t in plain]


def test_a_modifier_made_a_second_subject_modifies_its_noun() -> None:
    doc = nlp.parse("Sudan's paramilitary Rapid Support Forces shelled a camp near El Fasher.")
    assert _token(doc, "paramilitary").head.text == "Forces"
    assert [c.text for c in _token(doc, "shelled").children if c.dep_ == "nsubj"] == ["Forces"]



@pytest.mark.parametrize(
    "text",
    [
        "President Donald Trump and Russian President Vladimir Putin met in Alaska on Friday.",
        "Prime Minister Keir Starmer and French President Emmanuel Macron met in Paris.",
    ],
)
def test_two_titled_names_are_two_subjects(text: str) -> None:
    doc = nlp.parse(text)
    verb = next(t for t in doc if t.lemma_ == "meet")
    subject = next(c for c in verb.children if c.dep_ == "nsubj")
    assert subject.ent_type_ == "PERSON" and subject.i < 5
    assert any(c.dep_ == "conj" and c.ent_type_ == "PERSON" for c in subject.children)
