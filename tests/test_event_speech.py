"""The speech-act pass: the verb and its complement decide the act a statement performs."""

from __future__ import annotations

import pytest

from newsledger import nlp
from newsledger.extract.event_lexicon import lexicon
from newsledger.extract.event_speech import NO_EVENT, act_of, asks_for


def _verb(text: str, word: str):
    return next(t for t in nlp.parse(text) if t.lower_ == word)


@pytest.mark.parametrize(
    ("text", "word", "act"),
    [
        ("'Goma has fallen,' the spokesman warned.", "warned", NO_EVENT),
        ("Officials warned the group may have kidnapped survivors.", "warned", NO_EVENT),
        ("Iran warned that it would retaliate.", "warned", "threaten"),
        ("Iran warned that if Israel attacks, it will respond.", "warned", "threaten"),
        ("He warned Iran to stop supporting the rebels.", "warned", "threaten"),
        ("The group vowed to retaliate against Israel.", "vowed", "threaten"),
        ("He promised to hold the country fully accountable.", "promised", "threaten"),
        ("The two sides agreed to pursue talks.", "agreed", "intent"),
        ("The commander insisted his forces would not withdraw.", "insisted", "reject"),
        ("The commander insisted his forces would stay.", "insisted", "intent"),
        ("Egypt demanded that Israel withdraw its troops.", "demanded", "request"),
        ("Trump ruled out a ceasefire.", "ruled", "reject"),
        ("Trump ruled the country for years.", "ruled", None),  # no frame at all
        ("If they threaten our forces, we will respond.", "threaten", "none"),  # a condition
    ],
)
def test_act_of(text, word, act):
    lex = lexicon()
    tok = _verb(text, word)
    assert act_of(tok, lex.frame_kind.get(tok.lemma_.lower()), lex) == act


@pytest.mark.parametrize(
    ("text", "word", "named"),
    [
        ("The UN chief urged an immediate ceasefire.", "urged", True),
        ("The UN chief called for urgent action.", "called", True),
        ("Activists pushed the door open.", "pushed", False),  # pushes for nothing
    ],
)
def test_asks_for(text, word, named):
    assert asks_for(_verb(text, word), lexicon()) is named
