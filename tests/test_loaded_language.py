"""The loaded-language tagger: token features and span assembly on small docs, the partial-credit
span scorer, the fallback when its weights are missing, and the shipped model in the slant
stage (real spaCy model)."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc

from newsledger.learn import loaded_language, models
from newsledger.learn.linear import LinearModel
from newsledger.learn.scoring import merge_spans, span_f1, span_precision, span_recall

_VOCAB = spacy.blank("en").vocab


def _doc(words: list[str], pos: list[str], heads: list[int], deps: list[str],
         sent_starts: list[bool] | None = None) -> Doc:  # fmt: skip
    return Doc(_VOCAB, words=words, pos=pos, heads=heads, deps=deps,
               lemmas=[w.lower() for w in words], sent_starts=sent_starts)  # fmt: skip


def _corrupt() -> Doc:
    # "The corrupt regime fell ." / "Talks resumed ."
    return _doc(["The", "corrupt", "regime", "fell", ".", "Talks", "resumed", "."],
                ["DET", "ADJ", "NOUN", "VERB", "PUNCT", "NOUN", "VERB", "PUNCT"],
                [2, 2, 3, 3, 3, 6, 6, 6],
                ["det", "amod", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "punct"])  # fmt: skip


def _slant(text: str) -> list:
    """The slant stage's markers of a text (real spaCy model, attribution first)."""
    from newsledger import nlp
    from newsledger.extract import attribution, slant
    from newsledger.model import Article, Found

    doc = nlp.parse(text)
    article = Article(id="0" * 32, text=text)
    found = Found()
    found.add(attribution.extract(doc, article, found))
    return slant.extract(doc, article, found)


# ---- features ----------------------------------------------------------------------------


def test_token_features_see_the_word_its_parse_its_window_and_the_lexicon():
    doc = _corrupt()
    feats = set(loaded_language.token_features(doc, 2, {"regime": "=delegitimising_name"}))
    assert {"w=regime", "l=regime", "p=NOUN", "d=nsubj", "h=nsubj|fell", "w-1=corrupt",
            "w+1=fell", "p-2=DET", "lex=delegitimising_name", "c=amod:corrupt"} <= feats
    assert "lex" in feats


def test_the_window_stops_at_the_sentence_and_unknown_words_get_no_lexicon_feature():
    doc = _corrupt()
    feats = set(loaded_language.token_features(doc, 5, {}))
    assert "w-1=<s>" in feats and "w-1=." not in feats
    assert not any(f.startswith("lex") for f in feats)


def test_subjectivity_lists_are_features_of_the_word_and_its_neighbours():
    doc = _corrupt()
    tags = loaded_language.subjectivity_words()["corrupt"]
    assert tags
    feats = set(loaded_language.token_features(doc, 1, {}))
    assert {f"sj={t}" for t in tags} <= feats and f"sj={tags[0]}|ADJ" in feats
    assert {f"sj-={t}" for t in tags} <= set(loaded_language.token_features(doc, 2, {}))
    assert not any(f.startswith("sj=") for f in loaded_language.token_features(doc, 0, {}))


def test_the_shipped_lexicon_is_a_feature_table():
    words = loaded_language.lexicon_words()
    assert words["regime"] == "=delegitimising_name"
    assert words.get("zionist", "").startswith("~")


# ---- span assembly -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("probs", "threshold", "gap", "want"),
    [
        ([0, 0.9, 0, 0, 0, 0, 0, 0], 0.5, 0, [(1, 2)]),
        ([0, 0.9, 0.8, 0, 0, 0, 0, 0], 0.5, 0, [(1, 3)]),
        ([0.9, 0.1, 0.9, 0, 0, 0, 0, 0], 0.5, 0, [(0, 1), (2, 3)]),
        ([0.9, 0.1, 0.9, 0, 0, 0, 0, 0], 0.5, 1, [(0, 3)]),  # the gap is closed
        ([0, 0, 0, 0.9, 0.9, 0.9, 0, 0], 0.5, 1, [(3, 4), (5, 6)]),  # not across a sentence
        ([0, 0, 0.9, 0, 0.9, 0, 0, 0], 0.5, 2, [(2, 4)]),  # a trailing full stop is trimmed
        ([0.4] * 8, 0.5, 1, []),  # nothing reaches the threshold
        ([0] * 8, 0.0001, 0, []),
    ],
)
def test_runs(probs, threshold, gap, want):
    got = loaded_language.runs(_corrupt(), np.array(probs, np.float32), threshold, gap)
    assert [(p.start, p.end) for p in got] == want
    for p in got:
        assert p.confidence == pytest.approx(float(np.mean(probs[p.start : p.end])))


@pytest.mark.parametrize(
    ("probs", "peak", "want"),
    [
        ([0, 0.3, 0.9, 0, 0, 0.3, 0, 0], 0.5, [(1, 3)]),  # the run with a peak is kept whole
        ([0, 0.3, 0.3, 0, 0, 0.3, 0, 0], 0.5, []),  # no run reaches the peak
        ([0, 0.3, 0.3, 0, 0, 0.3, 0, 0], 0.0, [(1, 3), (5, 6)]),  # no peak: plain runs
    ],
)
def test_runs_keep_only_runs_that_reach_the_peak(probs, peak, want):
    got = loaded_language.runs(_corrupt(), np.array(probs, np.float32), 0.2, 0, peak)
    assert [(p.start, p.end) for p in got] == want


# ---- the scorer --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "pred", "precision", "recall"),
    [
        ([[(0, 10)]], [[(0, 10)]], 1.0, 1.0),
        ([[(0, 10)]], [[(0, 5)]], 1.0, 0.5),  # half the gold found
        ([[(0, 10)]], [[(5, 15)]], 0.5, 0.5),
        ([[(0, 10)]], [[(0, 10), (20, 30)]], 0.5, 1.0),  # one of two predictions right
        ([[(0, 10), (5, 20)]], [[(0, 20)]], 1.0, 1.0),  # overlapping gold spans merge
        ([[(0, 10)], [(0, 4)]], [[(0, 10)], []], 1.0, 0.5),  # sums over articles
        ([[(0, 10)], [(0, 4)]], [[], [(0, 2)]], 1.0, 0.25),
        # cases that must score zero
        ([[(0, 10)]], [[]], 0.0, 0.0),  # nothing predicted
        ([[(0, 10)]], [[(10, 20)]], 0.0, 0.0),  # touching is not overlapping
        ([[]], [[(0, 5)]], 0.0, 0.0),  # nothing to find
        ([[]], [[]], 0.0, 0.0),
    ],
)
def test_span_scores(gold, pred, precision, recall):
    assert span_precision(gold, pred) == pytest.approx(precision)
    assert span_recall(gold, pred) == pytest.approx(recall)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert span_f1(gold, pred) == pytest.approx(f1)


def test_merge_spans():
    assert merge_spans([(5, 9), (0, 3), (2, 4), (9, 10), (7, 7)]) == [(0, 4), (5, 9), (9, 10)]


# ---- fallback ----------------------------------------------------------------------------


@pytest.fixture
def tagger_folder(tmp_path):
    folder = tmp_path / loaded_language.NAME
    folder.mkdir()
    (folder / "config.yaml").write_text("name: loaded_language\n", "utf-8")
    weights = np.array([[0.0, 4.0], [0.0, 0.0]], np.float32)
    LinearModel(("O", "LOADED"), {"w=corrupt": 0, "w=talks": 1}, weights,
                np.array([0.0, -2.0], np.float32)).save(folder / models.WEIGHTS)  # fmt: skip
    models.load.cache_clear()
    models._reported.clear()
    yield folder
    models.load.cache_clear()
    models._reported.clear()


def test_a_small_tagger_proposes_its_word(tagger_folder, monkeypatch):
    monkeypatch.delenv("NEWSLEDGER_MODELS", raising=False)
    model = models.model_for(loaded_language.NAME, tagger_folder)
    assert model is not None
    got = loaded_language.propose(model, _corrupt(), threshold=0.5)
    assert [(p.start, p.end) for p in got] == [(1, 2)]
    assert got[0].confidence == pytest.approx(1 / (1 + np.exp(-2.0)), abs=1e-3)


def test_missing_weights_fall_back_with_one_line(tagger_folder, capsys, monkeypatch):
    monkeypatch.delenv("NEWSLEDGER_MODELS", raising=False)
    weights = tagger_folder / models.WEIGHTS
    weights.unlink()
    assert models.model_for(loaded_language.NAME, tagger_folder) is None
    assert models.model_for(loaded_language.NAME, tagger_folder) is None
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(weights) in err[0] and "falling back to rules" in err[0]


@pytest.mark.model
def test_the_slant_stage_falls_back_to_the_lexicon_without_weights(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("NEWSLEDGER_MODELS", raising=False)
    monkeypatch.setattr(models, "trained_dir", lambda: tmp_path)
    models.load.cache_clear()
    models._reported.clear()
    try:
        got = _slant("Talks with the Iranian regime resumed on Monday.")
    finally:
        models.load.cache_clear()
        models._reported.clear()
    assert [m.evidence.extractor for m in got] == ["slant@2+rules"]
    assert "loaded_language" in capsys.readouterr().err


# ---- the shipped model -------------------------------------------------------------------


@pytest.mark.model
def test_the_shipped_model_flags_the_outlets_word_not_the_speakers(monkeypatch):
    monkeypatch.setenv("NEWSLEDGER_MODELS", "require")
    models.load.cache_clear()
    model = models.load(loaded_language.NAME)
    assert 0.0 < model.meta["threshold"] < 1.0
    own = _slant("These disastrous liars have wrecked the economy.")
    assert [m.evidence.text for m in own if m.evidence.text.startswith("disastrous")], own
    assert all(m.confidence is not None and 0 < m.confidence < 1 for m in own)
    text = 'Officials said the talks went well. "They are corrupt, disastrous liars," he said.'
    quoted = _slant(text)
    start = text.index('"They')
    assert not [m for m in quoted if m.evidence.start >= start], quoted
