"""The ACLED sentence model: what it reads, how it decides, how its sub-types are coded, and the
events the events stage makes from it where the rules code none."""

from __future__ import annotations

import numpy as np
import pytest

from newsledger import taxonomy
from newsledger.learn import acled_sentence, models
from newsledger.learn.readers import data_dir
from newsledger.pipeline import analyze


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Defusal: Police find grenade on bus", "Police find grenade on bus"),
        ("Movement of forces:  Houthi reinforcements arrived", "Houthi reinforcements arrived"),
        ("security measures: a curfew was imposed", "a curfew was imposed"),
        # a place or a word that merely opens with a colon later is no coder's tag
        ("Nairobi: police dispersed protesters", "Nairobi: police dispersed protesters"),
        ("Others said: the attack was planned", "Others said: the attack was planned"),
        ("", ""),
    ],
)
def test_a_coders_category_tag_is_not_read(text, want):
    assert acled_sentence.untagged(text) == want


def test_decide_reads_none_at_the_cut_and_the_likeliest_sub_type_under_it():
    labels = ("ANY", "Armed clash", "NONE", "Peaceful protest")
    assert acled_sentence.decide(labels, np.array([0.0, 0.2, 0.5, 0.3]), 0.5).subtype is None
    got = acled_sentence.decide(labels, np.array([0.3, 0.1, 0.45, 0.15]), 0.5)
    # neither NONE nor ANY is ever the sub-type, however likely, under the cut; the sub-type's
    # probability is given a sub-typed event (0.15 of the 0.25 the sub-types hold)
    assert got.subtype == "Peaceful protest" and got.confidence == pytest.approx(0.6)
    assert [sub for sub, _ in got.ranked] == ["Peaceful protest", "Armed clash"]
    assert got.first_but({"Peaceful protest"}).subtype == "Armed clash"
    assert got.first_but({"Peaceful protest", "Armed clash"}).subtype is None


def test_every_sub_type_has_a_coding_with_a_known_plover_type_and_acled_type():
    config = models.load(acled_sentence.NAME).config
    subtypes = [s for subs in taxonomy.acled_types().values() for s in subs]
    assert sorted(config["coding"]) == sorted(subtypes)
    plover = set(taxonomy.plover_types())
    for sub in subtypes:
        etype = acled_sentence.event_type(sub, config)
        assert etype.plover in plover and etype.acled_subtype == sub
        assert sub in taxonomy.acled_types()[etype.acled_type]


def test_the_shipped_model_knows_every_sub_type_and_none():
    model = models.load(acled_sentence.NAME)
    subtypes = {s for subs in taxonomy.acled_types().values() for s in subs}
    assert set(model.labels) == subtypes | {acled_sentence.NONE, acled_sentence.ANY}
    assert 0.0 < float(model.meta["threshold"]) < 1.0


def _sentence_events(text: str):
    found = analyze(text, published="2025-07-10")
    return [e for e in found.events if "+acled_sentence" in e.evidence.extractor]


@pytest.mark.parametrize(
    ("text", "subtypes"),
    [
        # what the trigger lists do not name: bombs found and made safe
        ("Bomb disposal experts made safe an explosive device found under a bridge near "
         "Garissa on Monday.", {"Disrupted weapons use"}),
        ("Two bombs were discovered near a church in Huruma, Nairobi and were disabled "
         "before detonation.", {"Disrupted weapons use"}),
    ],
)
def test_a_sentence_the_rules_miss_becomes_an_acled_event(text, subtypes):
    got = _sentence_events(text)
    assert [e.type.acled_subtype for e in got] and got[0].type.acled_subtype in subtypes
    ev = got[0]
    assert ev.evidence.text and 0.0 < ev.confidence <= 1.0
    assert ev.type.plover in taxonomy.plover_types()


@pytest.mark.parametrize(
    "text",
    [
        "The committee will publish its annual report on the economy next spring.",
        "Shares in the company rose by four percent after the earnings call on Tuesday.",
        "The two foreign ministers discussed trade and energy cooperation in Paris.",
    ],
)
def test_a_sentence_that_reports_no_acled_event_gets_none(text):
    assert _sentence_events(text) == []


@pytest.mark.skipif(data_dir() is None, reason="../shared/data not present")
def test_no_sentence_held_back_anywhere_is_trained_on() -> None:
    # PLV and ConfliBERT share a sentence pool and are split apart: a dev sentence of one
    # must not come back as a train row of the other
    from newsledger.learn import splits
    from newsledger.learn.acled_sentence_training import _config, examples

    train, dev = examples(_config("acled_sentence"))
    held = {splits.text_key(ex.text) for ex in dev}
    assert not [ex.id for ex in train if splits.text_key(ex.text) in held]
    assert {ex.dataset for ex in dev} >= {"PLV violence and protest", "PLV other events"}
