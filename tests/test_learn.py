"""The learning layer: the shared split, the linear model's file, the shipped-model loader and
its fallback, and the event-type model inside the events extractor."""

from __future__ import annotations

import numpy as np
import pytest

from newsledger.errors import TrainedModelError
from newsledger.learn import event_type, models, splits
from newsledger.learn.examples import LabelledText, SpanText
from newsledger.learn.linear import LinearModel


def _ex(text: str, label: str = "X", dataset: str = "a", group: str = "", split=None):
    return LabelledText(dataset, text[:8], text, label, group=group, split=split)


# ---- the split --------------------------------------------------------------------------


def test_same_text_in_two_sets_is_on_one_side():
    items = [_ex(f"Sentence number {i} about talks.", dataset="a") for i in range(200)]
    items += [_ex(f"sentence number {i} -- about TALKS", dataset="b") for i in range(200)]
    split = splits.assign(items, seed=3, dev_fraction=0.3)
    assert not splits.leaks(split)
    assert 0 < len(split.dev) < len(items)


def test_groups_stay_together_and_join_through_shared_texts():
    items = [_ex(f"s{i} in article {i // 5}", group=f"art{i // 5}") for i in range(100)]
    items.append(_ex("s0 in article 0", dataset="other"))  # joins group art0 through its text
    split = splits.assign(items, seed=1, dev_fraction=0.5)
    side = {ex.text: "dev" for ex in split.dev} | {ex.text: "train" for ex in split.train}
    for g in range(20):
        assert len({side[f"s{i} in article {g}"] for i in range(g * 5, g * 5 + 5)}) == 1
    assert not splits.leaks(split)


def test_publishers_splits_are_kept_and_dev_wins():
    items = [_ex(f"fixed dev {i}", split="dev") for i in range(30)]
    items += [_ex(f"fixed train {i}", split="train") for i in range(30)]
    items.append(_ex("fixed dev 0", dataset="b", split="train"))  # same text: dev wins
    split = splits.assign(items, seed=0, dev_fraction=0.5)
    assert {ex.text for ex in split.dev} == {f"fixed dev {i}" for i in range(30)}
    assert {ex.text for ex in split.train} == {f"fixed train {i}" for i in range(30)}


def test_split_is_seeded_and_duplicates_count_once():
    items = [_ex(f"text {i}") for i in range(100)] + [_ex("text 1"), _ex("TEXT 1!")]
    a, b = splits.assign(items, seed=7), splits.assign(items, seed=7)
    assert [e.text for e in a.dev] == [e.text for e in b.dev]
    assert a.dropped_duplicates == 2
    assert [e.text for e in splits.assign(items, seed=8).dev] != [e.text for e in a.dev]


def test_span_examples_split_by_text_too():
    items = [SpanText("p", f"art{i}", f"article {i} text", ()) for i in range(40)]
    assert not splits.leaks(splits.assign(items, seed=2))


def test_leaks_reports_a_text_on_both_sides():
    bad = splits.Split([_ex("same words")], [_ex("Same words.")], 0)
    assert splits.leaks(bad) == {"same words"}


# ---- the linear model file -----------------------------------------------------------------


def _model() -> LinearModel:
    weights = np.array([[2.0, -1.0], [-1.0, 2.0]], np.float32)
    return LinearModel(("ASSAULT", "CONSULT"), {"t=strike": 0, "t=meet": 1}, weights,
                       np.zeros(2, np.float32))  # fmt: skip


def test_linear_model_round_trip(tmp_path):
    path = tmp_path / "weights.npz"
    _model().save(path)
    loaded = LinearModel.load(path)
    probs = loaded.predict_proba([["t=strike"], ["t=meet", "unknown"], []])
    assert loaded.labels == ("ASSAULT", "CONSULT")
    assert probs[0].argmax() == 0 and probs[1].argmax() == 1
    assert probs[2] == pytest.approx([0.5, 0.5])
    assert probs.sum(axis=1) == pytest.approx([1, 1, 1])


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_linear_model_refuses_a_corrupt_file(tmp_path, content):
    path = tmp_path / "weights.npz"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="not a newsledger linear model"):
        LinearModel.load(path)


def test_linear_model_refuses_inconsistent_shapes(tmp_path):
    path = tmp_path / "weights.npz"
    np.savez(path, labels=np.array(["A"]), features=np.array(["f", "g"]),
             weights=np.zeros((1, 1)), bias=np.zeros(1))  # fmt: skip
    with pytest.raises(ValueError, match="inconsistent shapes"):
        LinearModel.load(path)


# ---- loading shipped models and falling back -----------------------------------------------


@pytest.fixture
def model_folder(tmp_path):
    folder = tmp_path / "event_type"
    folder.mkdir()
    (folder / "config.yaml").write_text("name: event_type\n", "utf-8")
    _model().save(folder / models.WEIGHTS)
    models.load.cache_clear()
    models._reported.clear()
    yield folder
    models.load.cache_clear()
    models._reported.clear()


def test_a_shipped_model_loads(model_folder):
    model = models.load("event_type", model_folder)
    assert model.labels == ("ASSAULT", "CONSULT")
    assert model.predict([["t=meet"]])[0].argmax() == 1


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_a_broken_model_falls_back_with_one_line_naming_the_file(model_folder, capsys, damage,
                                                                 monkeypatch):  # fmt: skip
    monkeypatch.delenv("NEWSLEDGER_MODELS", raising=False)
    weights = model_folder / models.WEIGHTS
    if damage == "missing":
        weights.unlink()
    else:
        weights.write_bytes(b"garbage")
    assert models.model_for("event_type", model_folder) is None
    assert models.model_for("event_type", model_folder) is None  # said once per process
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert str(weights) in err[0] and damage in err[0] and "falling back to rules" in err[0]


def test_require_mode_makes_a_broken_model_an_error(model_folder, monkeypatch):
    monkeypatch.setenv("NEWSLEDGER_MODELS", "require")
    (model_folder / models.WEIGHTS).unlink()
    with pytest.raises(TrainedModelError, match="is missing"):
        models.model_for("event_type", model_folder)


def test_models_can_be_switched_off(model_folder, monkeypatch):
    monkeypatch.setenv("NEWSLEDGER_MODELS", "rules")
    assert models.model_for("event_type", model_folder) is None
    monkeypatch.delenv("NEWSLEDGER_MODELS")
    with models.rules_only():
        assert models.model_for("event_type", model_folder) is None
    assert models.model_for("event_type", model_folder) is not None


def test_only_keeps_the_named_models_on(model_folder):
    with models.only("event_detect"):
        assert models.restricted()
        assert models.model_for("event_type", model_folder) is None
    assert not models.restricted()
    with models.only("event_type"):
        assert models.model_for("event_type", model_folder) is not None


# ---- recoding ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "probs", "cut", "want"),
    [
        ("PROTEST", [0.9, 0.1], 0.5, "ASSAULT"),  # sure enough: the model's reading
        ("PROTEST", [0.45, 0.55], 0.6, "PROTEST"),  # not sure enough: the rules stand
        ("CONSULT", [0.3, 0.7], 0.5, "CONSULT"),  # the model agrees
        (None, [0.2, 0.8], 0.9, "CONSULT"),  # no rule reading: the model's
    ],
)
def test_decide(rule, probs, cut, want):
    assert event_type.decide(rule, ("ASSAULT", "CONSULT"), np.array(probs), cut) == want


@pytest.mark.parametrize(
    ("rule", "probs", "want", "event"),
    [
        (None, [0.2, 0.1, 0.7], "ASSAULT", False),  # NONE is never a type; no event at 0.5
        (None, [0.5, 0.3, 0.2], "ASSAULT", True),
        ("CONSULT", [0.1, 0.2, 0.7], "CONSULT", False),  # the rules' event keeps its type
    ],
)
def test_none_is_whether_there_is_an_event_not_a_type(rule, probs, want, event):
    labels = ("ASSAULT", "CONSULT", event_type.NONE)
    assert event_type.decide(rule, labels, np.array(probs), 0.6) == want
    assert event_type.is_event(labels, np.array(probs), 0.5) is event


def test_every_plover_type_has_a_valid_default_cameo_code():
    from newsledger import taxonomy

    assert set(event_type.DEFAULT_CAMEO) == set(taxonomy.plover_types())
    for plover, cameo in event_type.DEFAULT_CAMEO.items():
        assert taxonomy.event_type(cameo, None, plover).plover == plover


# ---- the shipped model inside the pipeline (real spaCy model) ---------------------------


@pytest.mark.model
def test_the_shipped_model_is_loaded_and_used(monkeypatch):
    monkeypatch.setenv("NEWSLEDGER_MODELS", "require")
    model = models.load(event_type.NAME)
    assert len(model.labels) >= 15 and 0.0 < model.meta["threshold"] < 1.0
    import newsledger

    result = newsledger.analyze("Russian forces shelled the town of Kupiansk on Monday, "
                                "killing three civilians, Ukrainian officials said.",
                                published="2025-03-03")  # fmt: skip
    assert result.events
    assert all(e.evidence.extractor.startswith("events@4") for e in result.events)
    assert all("+rules" not in e.evidence.extractor for e in result.events)
    assert all(e.confidence is not None and 0.0 <= e.confidence <= 1.0 for e in result.events)
    assert model.meta["calibration"]["x"], "the shipped model carries its calibration"


@pytest.mark.model
def test_rules_only_run_is_labelled(monkeypatch):
    monkeypatch.setenv("NEWSLEDGER_MODELS", "rules")
    import newsledger

    result = newsledger.analyze("Protesters marched in Tbilisi on Sunday against the "
                                "government's decision.", published="2024-12-02")  # fmt: skip
    assert result.events
    assert all(e.evidence.extractor == "events@4+rules" for e in result.events)
    assert all(e.confidence is None for e in result.events)  # no model, no confidence


def test_training_learns_a_toy_mapping():
    from newsledger.learn.training import fit

    feats = [["t=shell", "w=town"], ["t=bomb"], ["t=meet", "w=talks"], ["t=host"]] * 5
    labels = ["ASSAULT", "ASSAULT", "CONSULT", "CONSULT"] * 5
    model = fit(feats, labels, [1.0] * len(feats), c=10.0, min_count=2)
    probs = model.predict_proba([["t=shell"], ["t=meet"], ["t=never-seen"]])
    assert [model.labels[i] for i in probs[:2].argmax(axis=1)] == ["ASSAULT", "CONSULT"]
    assert probs[2].max() < 0.6
    two = fit(feats[:8], labels[:8], [1.0] * 8, c=10.0, min_count=1)  # the binary case
    assert two.predict_proba([["t=bomb"]])[0].argmax() == two.labels.index("ASSAULT")


# ---- the ACLED sub-type model ------------------------------------------------------------


@pytest.mark.parametrize(
    ("sub", "mode", "cameo", "acled_type"),
    [
        ("Air/drone strike", "aerial", "195", "Explosions/Remote violence"),
        ("Shelling/artillery/missile attack", "heavy-weapons", "194", "Explosions/Remote violence"),
        ("Abduction/forced disappearance", "abduct", "190", "Violence against civilians"),
        ("Attack", None, "190", "Violence against civilians"),  # no single mode; root kept
        ("Mob violence", None, "190", "Riots"),  # nothing ties it to a mode or code
    ],
)
def test_a_recoded_sub_type_brings_its_type_mode_and_code(sub, mode, cameo, acled_type):
    from newsledger import taxonomy
    from newsledger.learn.acled_subtype import retyped

    got = retyped(taxonomy.event_type("190", None, "ASSAULT"), sub)
    assert (got.plover, got.mode, got.cameo, got.acled_type, got.acled_subtype) == (
        "ASSAULT", mode, cameo, acled_type, sub)  # fmt: skip


@pytest.mark.parametrize(
    ("probs", "allowed", "cut", "want"),
    [
        ([0.7, 0.2, 0.1], ["Air/drone strike", "Armed clash"], 0.5, "Air/drone strike"),
        ([0.7, 0.2, 0.1], ["Armed clash", "Peaceful protest"], 0.5, "Armed clash"),  # rules'
        ([0.1, 0.1, 0.8], ["Air/drone strike", "Armed clash"], 0.5, "Armed clash"),  # too unsure
        ([0.4, 0.1, 0.5], ["Air/drone strike"], 0.3, "Air/drone strike"),
    ],
)
def test_acled_decide_keeps_to_compatible_sub_types(probs, allowed, cut, want):
    from newsledger import taxonomy
    from newsledger.learn.acled_subtype import decide

    rule = taxonomy.event_type("190", None, "ASSAULT")  # rules: Battles / Armed clash
    labels = ("Air/drone strike", "Armed clash", "Peaceful protest")
    assert decide(rule, labels, np.array(probs), allowed, cut) == want


@pytest.mark.model
def test_event_features_are_the_same_with_the_sentence_cache():
    import newsledger
    from newsledger import nlp
    from newsledger.learn.event_type import sentence_of
    from newsledger.learn.features import event_features

    text = "Police arrested dozens of protesters in Tbilisi and fired tear gas at the crowd."
    result = newsledger.analyze(text, published="2025-03-03")
    doc = nlp.parse(result.article.text)
    assert len(result.events) >= 2
    cache: dict = {}
    for ev in result.events:
        sent = sentence_of(doc, ev)
        plain = event_features(sent, ev)
        assert event_features(sent, ev, cache) == plain
        assert f"rule={ev.type.plover}" in plain and "rule=NONE" not in plain
    assert len(cache) == 1
    assert "rule=NONE" in event_features(doc[:], None)


@pytest.mark.model
def test_require_mode_stops_on_a_missing_model_with_its_own_message(model_folder, monkeypatch):
    import newsledger
    from newsledger.learn import event_type

    monkeypatch.setenv("NEWSLEDGER_MODELS", "require")
    (model_folder / models.WEIGHTS).unlink()
    monkeypatch.setattr(models, "trained_dir", lambda: model_folder.parent)
    assert model_folder.name == event_type.NAME
    with pytest.raises(TrainedModelError, match="is missing"):
        newsledger.analyze("Russian forces shelled Kupiansk on Monday.", published="2025-03-03")


@pytest.mark.parametrize(
    ("gold", "pred", "want"),
    [
        # scikit-learn's f1_score(average="weighted") on the same labels
        ([("a", 1.0), ("a", 1.0), ("b", 1.0), ("c", 1.0), ("c", 1.0), ("c", 1.0)],
         ["a", "b", "b", "c", "a", None], 0.527778),
        # with sample weights: a note standing for several of its sub-type counts as many
        ([("a", 2.0), ("a", 2.0), ("b", 1.0), ("c", 3.0), ("c", 3.0), ("c", 3.0)],
         ["a", "b", "b", "c", "a", None], 0.484127),
        ([("a", 1.0)], [None], 0.0),
        ([], [], 0.0),
    ],
)  # fmt: skip
def test_acled_weighted_f1(gold, pred, want) -> None:
    from newsledger.learn.acled_subtype_training import weighted_f1

    assert weighted_f1(gold, pred) == pytest.approx(want, abs=1e-6)


def test_the_record_at_a_cue_may_be_found_by_a_further_mention_of_it():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from newsledger.learn.training import event_at
    from newsledger.model import Event, EventType, Evidence

    words = "Protests escalate . The protests escalated with a rally in Belgrade .".split()
    doc = Doc(Vocab(), words=words)
    text = doc.text
    rally = text.index("rally")

    def ev(n, start, word, mentions=()):
        return Event(id=n, type=EventType("PROTEST"), trigger=word,
                     evidence=Evidence("a", 0, start, start + len(word), word, "events@4"),
                     mentions=mentions)  # fmt: skip

    headline = ev("e1", 0, "Protests",
                  (Evidence("a", 1, rally, rally + 5, "rally", "events@4"),))  # fmt: skip
    assert event_at(doc, [headline], "escalated with a rally in Belgrade") is headline
    other = ev("e2", text.index("escalated"), "escalated")
    # the earliest span at the cue wins, evidence or mention
    assert event_at(doc, [headline, other], "escalated with a rally") is other
    assert event_at(doc, [headline], "no such words here") is None
