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
        ("RETREAT", "0841", False),  # a release of people: none either
        ("RETREAT", "0842", True),  # a handover of property: a transfer of territory, or not
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


def _probs(labels, best: str, p: float):
    """A distribution with `p` on `best` and the rest spread evenly."""
    import numpy as np

    rest = (1.0 - p) / (len(labels) - 1)
    return np.array([p if lab == best else rest for lab in labels])


@pytest.mark.parametrize(
    ("cameo", "plover", "best", "p", "armed", "want"),
    [
        # a riot the rules read as property destruction: a violent demonstration, a protest
        ("171", None, "Violent demonstration", 0.9, False,
         ("PROTEST", "riot", "145", "Riots", "Violent demonstration")),
        ("171", None, "Mob violence", 0.9, False,
         ("PROTEST", "riot", "145", "Riots", "Mob violence")),
        # a clash between protesters and police, read as a battle
        ("190", None, "Protest with intervention", 0.8, False,
         ("PROTEST", "demo", "141", "Protests", "Protest with intervention")),
        # within the type: the codebook's mode and a CAMEO code of the same root
        ("190", None, "Air/drone strike", 0.9, False,
         ("ASSAULT", "aerial", "195", "Explosions/Remote violence", "Air/drone strike")),
        # nothing found: an arrest stays an arrest (the rules read the act from the trigger)
        ("173", None, "Protest with intervention", 0.95, False,
         ("COERCE", "arrest", "173", "Strategic developments", "Arrests")),
        # not sure enough to cross (nor is any compatible sub-type above the threshold)
        ("171", None, "Violent demonstration", 0.45, False,
         ("COERCE", "seize", "171", "Strategic developments", "Looting/property destruction")),
        # violence against civilians needs unarmed victims
        ("171", None, "Attack", 0.9, True,
         ("COERCE", "seize", "171", "Strategic developments", "Looting/property destruction")),
        # a deployment stays one, whatever shelling its sentence tells
        ("154", "MOBILIZE", "Shelling/artillery/missile attack", 0.95, False,
         ("MOBILIZE", "troops", "154", "Strategic developments", "Other")),
        # a strategic development with no PLOVER reading of its own is never crossed to
        ("190", None, "Change to group/activity", 0.9, False,
         ("ASSAULT", None, "190", "Battles", "Armed clash")),
    ],
)  # fmt: skip
def test_the_model_recodes_within_the_type_or_across_where_sure(cameo, plover, best, p, armed,
                                                                 want):  # fmt: skip
    model = models.load(acled_subtype.NAME)
    rule = taxonomy.event_type(cameo, None, plover)
    probs = _probs(model.labels, best, p)
    got = acled_subtype.choose(rule, model.labels, probs, model.config, 0.5, {}, armed)
    assert (got.plover, got.mode, got.cameo, got.acled_type, got.acled_subtype) == want


@pytest.mark.parametrize(
    ("sources", "by_state"),
    [
        (["KENCOP"], True),  # a coded state sector
        (["PROV:security-forces"], True),  # a provisional actor's head noun
        (["PROV:soldiers"], True),  # plural of a listed noun
        (["PROV:protesters"], False),  # nothing found: protesters protest
        (["KENOPP", "PROV:youths"], False),
        (["ISR"], False),  # a state itself: no sector
        ([], False),
    ],
)
def test_which_sources_are_the_states_forces(sources, by_state):
    from newsledger.model import Event, Evidence, Participant

    config = models.load(acled_subtype.NAME).config
    etype = taxonomy.event_type("175", None, None)
    ev = Event("e1", etype, "fired", Evidence("a", 0, 0, 5, "fired", "events@1"),
               source=tuple(Participant(a, a, "source") for a in sources))  # fmt: skip
    assert acled_subtype.state_sources(ev, config) == by_state


def test_the_states_forces_never_protest():
    model = models.load(acled_subtype.NAME)
    rule = taxonomy.event_type("175", None, None)  # police fired tear gas at protesters
    probs = _probs(model.labels, "Protest with intervention", 0.9)
    args = (rule, model.labels, probs, model.config, 0.5, {}, False)
    assert acled_subtype.choose(*args, True) == rule
    assert acled_subtype.choose(*args, False).plover == "PROTEST"


def test_the_states_forces_are_no_mob():
    """ "Mali's army said it killed dozens of terrorists": not mob violence."""
    model = models.load(acled_subtype.NAME)
    rule = taxonomy.event_type("190", None, None)
    probs = _probs(model.labels, "Mob violence", 0.9)
    args = (rule, model.labels, probs, model.config, 0.5, {}, False)
    assert acled_subtype.choose(*args, False).acled_subtype == "Mob violence"
    assert acled_subtype.choose(*args, True).acled_subtype != "Mob violence"


def test_an_event_that_has_not_happened_never_crosses_types():
    """ "ordered his forces to push deeper" (COERCE, planned) is no air strike, however sure."""
    model = models.load(acled_subtype.NAME)
    rule = taxonomy.event_type("192", None, None)
    probs = _probs(model.labels, "Air/drone strike", 0.9)
    args = (rule, model.labels, probs, model.config, 0.5, {}, False, False)
    assert acled_subtype.choose(*args, happened=False).plover == "COERCE"
    assert acled_subtype.choose(*args, happened=True).plover == "ASSAULT"


def test_every_sub_type_taken_across_types_is_a_real_one_with_a_plover_reading():
    config = models.load(acled_subtype.NAME).config
    subtypes = {s for subs in taxonomy.acled_types().values() for s in subs}
    for sub, reading in config["across"].items():
        plover, mode, cameo = reading.split(":")
        assert sub in subtypes
        assert plover in taxonomy.plover_types()
        assert taxonomy.plover_for(cameo) is not None, (sub, cameo)
    assert 0.5 <= config["across_cut"] < 1.0


@pytest.mark.parametrize(
    ("targets", "armed"),
    [
        ([("IRN", "Iran")], True),  # a state attacked: armed
        ([("PSE", "43 Palestinians")], False),  # a nation's people: civilians
        ([("UKR", "Ukrainians")], False),
        ([("SDN", "Sudanese")], False),
        ([("SYRCVL", "civilians")], False),
        ([("ISRMIL", "Israeli soldiers")], True),
        ([("USA", "the United States")], True),  # the state by one of its names
        ([("KEN", "Kenyan troops")], True),  # its forces, however coded
        ([("LBYLNA", "the LNA")], True),  # a named armed group
        ([("IRN", "Iran"), ("ISRCVL", "civilians")], False),  # one unarmed target is enough
        ([("ITA", "Italian missionary")], False),  # one of its people
        ([("PSE", "a Palestinian")], False),
        ([("UKR", "Kharkiv")], False),  # one of its places
        ([("NER", "")], False),  # a place's country
        ([("KENMED", "two journalists")], False),  # ACLED's civilians: anyone unarmed
        ([("KENGOV", "an area chief")], False),
        ([], False),
    ],
)
def test_a_nations_people_are_unarmed_victims(targets, armed):
    from newsledger.model import Event, Evidence, Participant

    etype = taxonomy.event_type("190", None, None)
    ev = Event("e1", etype, "killed", Evidence("a", 0, 0, 6, "killed", "events@1"),
               target=tuple(Participant(a, m, "target") for a, m in targets))  # fmt: skip
    assert acled_subtype.armed_targets(ev) == armed


@pytest.mark.parametrize(
    ("trigger", "read", "sources", "want"),
    [
        ("retaken", "", ["SDNMIL"], "Government regains territory"),  # the state's forces
        ("reclaimed most", "", ["SDNMIL"], "Government regains territory"),
        ("recaptured", "", ["CODM23"], "Non-state actor overtakes territory"),  # a group
        ("recaptured", "", ["PROV:fighters"], "Armed clash"),  # who took it is not known
        ("attacked", "", ["SDNMIL"], "Armed clash"),  # no ground retaken
        # the model's territorial reading follows who took the ground
        ("seized", "Government regains territory", ["SDNRSF"],
         "Non-state actor overtakes territory"),
        ("seized", "Non-state actor overtakes territory", ["SDNMIL"],
         "Government regains territory"),
        ("seized", "Government regains territory", ["PROV:fighters"],
         "Government regains territory"),
        ("seized", "Armed clash", ["SDNRSF"], "Armed clash"),  # no ground taken
    ],
)  # fmt: skip
def test_ground_taken_is_coded_by_who_took_it(trigger, read, sources, want):
    from newsledger.model import Event, Evidence, Participant

    config = models.load(acled_subtype.NAME).config
    etype = taxonomy.event_type("190", None, None)
    etype = acled_subtype.retyped(etype, read) if read else etype
    ev = Event("e1", etype, trigger, Evidence("a", 0, 0, len(trigger), trigger, "events@1"),
               source=tuple(Participant(a, a, "source") for a in sources))  # fmt: skip
    by_state = acled_subtype.state_sources(ev, config)
    assert acled_subtype.retaken(ev, etype, config, by_state).acled_subtype == want
