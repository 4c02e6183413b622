"""The event detector: PLV dyads as verb labels, its features, and the events stage's screen
(which adds and drops candidates only where the model's config switches it on)."""

from __future__ import annotations

import numpy as np
import pytest

from newsledger import nlp
from newsledger.extract.event_detection import fallback, screen
from newsledger.extract.event_lexicon import lexicon
from newsledger.extract.event_triggers import candidates
from newsledger.learn import event_detect, models
from newsledger.learn.event_detect_training import _dyad_spans, _gold_verbs
from newsledger.learn.examples import LabelledText
from newsledger.learn.linear import LinearModel


@pytest.mark.parametrize(
    ("marked", "spans"),
    [
        ("<s>Israel</s> struck <t>Gaza</t>.", [(0, 6), (14, 18)]),
        ("Talks between <t>Iran</t> and <s>the US</s> resumed.", [(23, 29), (14, 18)]),
        ("No marks at all.", None),  # nothing to label
        ("<s>Israel</s> struck Gaza.", None),  # no target
    ],
)
def test_dyad_spans(marked, spans):
    assert _dyad_spans(marked) == spans


@pytest.mark.parametrize(
    ("marked", "label", "events", "none"),
    [
        ("<s>Israel</s> said it would strike <t>Hezbollah</t> again.", "THREATEN",
         {"said", "strike"}, set()),
        ("<s>Rebels</s> attacked <t>the army</t> after talks collapsed.", "ASSAULT",
         {"attacked"}, {"collapsed"}),
    ],
)  # fmt: skip
def test_verbs_on_the_dyad_path_carry_its_type(marked, label, events, none):
    text = marked.replace("<s>", "").replace("</s>", "").replace("<t>", "").replace("</t>", "")
    doc = nlp.parse(text)
    row = LabelledText("zsp-plv-train", "x", text, label, extra={"marked": marked})
    gold = {doc[i].text: lab for i, lab in _gold_verbs(doc, [row]).items()}
    assert set(gold) == events and set(gold.values()) <= {label}
    assert not none & set(gold)


def _toy(apply: dict) -> models.ShippedModel:
    """A detector that knows one thing: "pummel" is an attack."""
    clf = LinearModel(("ASSAULT", "NONE"), {"l=pummel": 0},
                      np.array([[8.0, -8.0]], np.float32), np.zeros(2, np.float32))  # fmt: skip
    return models.ShippedModel("event_detect", None, {"apply": apply},  # type: ignore[arg-type]
                               {"threshold": 0.9, "drop_threshold": 0.0}, clf)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "apply", "added"),
    [
        ("Hezbollah pummelled Israeli towns.", {"add": True}, ["190"]),
        ("Hezbollah pummelled Israeli towns.", {}, []),  # switched off: nothing changes
        ("The minister said the talks went well.", {"add": True}, []),  # no event verb
    ],
)
def test_screen_adds_only_when_switched_on(text, apply, added):
    sent = next(iter(nlp.parse(text).sents))
    lex = lexicon()
    cands = candidates(sent, lex)
    kept, new = screen(sent, cands, lex, _toy(apply))
    assert kept == cands
    assert [c.cameo for c in new] == added


@pytest.mark.parametrize(
    ("text", "apply", "proposed"),
    [
        ("Hezbollah pummelled Israeli towns.", {"fallback": True}, ["pummelled"]),
        ("Hezbollah pummelled Israeli towns.", {}, []),  # switched off
        ("The minister said so.", {"fallback": True}, []),  # a reporting verb is no event
    ],
)
def test_fallback_proposes_the_likeliest_event_verb(text, apply, proposed):
    sent = next(iter(nlp.parse(text).sents))
    got = fallback(sent, lexicon(), _toy(apply))
    assert [c.anchor.text for c in got] == proposed


def test_features_say_what_the_trigger_lists_read():
    sent = next(iter(nlp.parse("Israel struck Gaza on Monday.").sents))
    tok = next(t for t in sent if t.lower_ == "struck")
    feats = event_detect.predicate_features(tok, "190", {"inlex": "1", "frame": None})
    assert "rule=19" in feats and "inlex=1" in feats and "l=strike" in feats
    assert not any(f.startswith("frame=") for f in feats)


def test_shipped_detector_beats_the_trigger_lists_on_its_dev_verbs():
    model = models.load(event_detect.NAME)
    figs = model.meta["figures"]["zsp-plv-train"]
    alone = figs["detector alone (P >= 0.5)"]["f1"]
    base = figs["trigger lists (baseline)"]["f1"]
    assert alone["n"] == base["n"] > 500
    assert alone["value"] > base["value"]
    assert "NONE" in model.labels
