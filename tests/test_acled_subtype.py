"""The ACLED sub-type model: its features, which events it codes, its few-shot data, and that
the shipped model can produce every sub-type of ACLED's taxonomy."""

from __future__ import annotations

import pytest

from newsledger import taxonomy
from newsledger.learn import acled_subtype, models
from newsledger.learn.acled_subtype_training import FEWSHOT, fewshot


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Airstrike", ["c= a", "c=air", "c=strik", "c=ike "], ["c=Air"]),  # lower-cased
        ("air strike", ["c= air ", "c=strik"], ["c=r s"]),  # n-grams never cross words
        ("a", ["c= a", "c=a ", "c= a "], ["c=a"]),  # a short word: its padded form at most
        ("", [], ["c= "]),  # nothing to read: nothing found
    ],
)
def test_text_features_are_character_ngrams_of_each_word(text, present, absent):
    got = acled_subtype.text_features(text)
    assert len(got) == len(set(got))
    assert all(f in got for f in present)
    assert not any(f in got for f in absent)


@pytest.mark.parametrize(
    ("plover", "cameo", "want"),
    [
        ("PROTEST", "141", True),  # rules: Peaceful protest
        ("PROTEST", "14", True),  # a protest the rules left without a sub-type
        ("ASSAULT", "190", True),
        ("COERCE", "173", True),  # rules: Arrests
        ("COERCE", "174", False),  # an expulsion: no ACLED sub-type, none given
        ("CONSULT", "040", False),  # not political violence
        ("AGREE", "057", False),  # rules' "Agreement" kept, not recoded
        ("RETREAT", "0871", True),  # a ceasefire: Agreement, or a handover of territory
        ("RETREAT", "084", False),  # a release: no ACLED sub-type, none given
    ],
)
def test_which_events_the_model_codes(plover, cameo, want):
    config = models.load(acled_subtype.NAME).config
    etype = taxonomy.event_type(cameo, None, plover)
    got = acled_subtype.wanted(etype, config["compatible"], set(config["always_coded"]))
    assert got == want


def test_fewshot_sentences_name_real_sub_types_once():
    config = models.load(acled_subtype.NAME).config
    examples = fewshot(config)
    subtypes = {s for subs in taxonomy.acled_types().values() for s in subs}
    assert examples and all(ex.dataset == FEWSHOT for ex in examples)
    assert {ex.label for ex in examples} <= subtypes
    texts = [ex.text for ex in examples]
    assert len(texts) == len(set(texts))
    assert "Chemical weapon" in {ex.label for ex in examples}  # the notes hold none
    assert fewshot({}) == []  # no file named: none


def test_shipped_model_can_produce_every_acled_sub_type():
    model = models.load(acled_subtype.NAME)
    subtypes = {s for subs in taxonomy.acled_types().values() for s in subs}
    assert len(subtypes) == 25  # ACLED 2023: 24 sub-types in the notes, and chemical weapon
    assert set(model.labels) == subtypes
    per_label = model.meta["sizes"]["train_per_label"]
    assert all(per_label[s] >= 10 for s in subtypes), per_label
    # every sub-type is reachable from some event type the model recodes
    assert {s for subs in model.config["compatible"].values() for s in subs} == subtypes


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # how the protest ended is told in the next sentence
        ("Thousands protested in Tbilisi. Police dispersed them.", ["c=dispe"], []),
        ("Thousands protested in Tbilisi.", ["c=prote"], ["c=dispe"]),  # no next sentence
        # the sentence before is another event's
        ("Police dispersed them. Thousands protested in Tbilisi.", [], ["c=dispe"]),
    ],
)
def test_the_model_reads_the_event_sentence_and_the_next(text, present, absent):
    from newsledger import nlp

    doc = nlp.parse(text)
    sent = next(s for s in doc.sents if "protested" in s.text)
    got = acled_subtype.features(sent, None)
    assert all(f in got for f in present)
    assert not any(f in got for f in absent)
