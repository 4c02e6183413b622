"""The hand-labelled news texts the ACLED models train on (learn.news_labels)."""

from __future__ import annotations

import pytest

from newsledger import taxonomy
from newsledger.learn import news_labels, splits
from newsledger.learn.readers import READERS, data_dir

needs_data = pytest.mark.skipif(data_dir() is None, reason="../shared/data not present")


def test_every_label_is_an_acled_sub_type_or_none_and_every_key_names_a_known_set() -> None:
    known = {s for subs in taxonomy.acled_types().values() for s in subs} | {news_labels.NONE}
    found = news_labels.labels()
    assert len(found) > 500
    for key, accepted in found.items():
        dataset, _, item = key.partition("|")
        assert dataset in READERS and item, key
        assert accepted and set(accepted) <= known, (key, accepted)
        assert len(set(accepted)) == len(accepted), key


def test_the_split_is_seeded_and_the_same_for_every_model() -> None:
    config = {"split": {"seed": 13}, "news_labels": {"weight": 3.0, "dev_fraction": 0.25}}
    if data_dir() is None:
        assert news_labels.split({"split": {"seed": 13}}) == ([], [])
        return
    train, dev = news_labels.split(config)
    again = news_labels.split(dict(config))
    assert [ex.id for ex in dev] == [ex.id for ex in again[1]]
    assert 0.15 < len(dev) / (len(train) + len(dev)) < 0.35
    assert {ex.weight for ex in train} == {3.0}
    assert not {ex.id for ex in train} & {ex.id for ex in dev}
    # a model that reads some sets only puts each of their texts on the same side
    some = {**config, "news_labels": {**config["news_labels"], "sets": ["ngec-synthetic-plover"]}}
    train_some, dev_some = news_labels.split(some)
    assert train_some and dev_some
    assert {ex.id.split("|")[0] for ex in train_some + dev_some} == {"ngec-synthetic-plover"}
    assert {ex.id for ex in dev_some} <= {ex.id for ex in dev}
    assert {ex.id for ex in train_some} <= {ex.id for ex in train}


@needs_data
def test_no_labelled_text_is_in_a_dev_split_or_an_eval_set() -> None:
    # the texts come from train sides only: none may be a sentence that a model holds back or
    # that `eval acled-news` scores (held-out or development)
    from newsledger.eval import acled_news
    from newsledger.learn.acled_sentence_training import _config, examples

    rows = {splits.text_key(ex.text) for ex in news_labels.examples()}
    assert len(rows) > 500
    for name in (acled_news.HELD_OUT, acled_news.DEVELOPMENT):
        scored = {splits.text_key(ex.text) for ex in acled_news.items(name=name)[0]}
        assert not rows & scored, name
    config = _config("acled_sentence")
    _, dev = examples(config)
    others = {splits.text_key(ex.text) for ex in dev if ex.dataset != news_labels.NAME}
    assert not rows & others


@needs_data
def test_the_sentence_model_trains_on_the_labels_in_place_of_any_rows() -> None:
    from newsledger.learn.acled_sentence import ANY
    from newsledger.learn.acled_sentence_training import _config, examples

    config = _config("acled_sentence")
    train, _ = examples(config)
    labelled = {ex.id: ex for ex in news_labels.split(config)[0]}
    by_text: dict[str, set[str]] = {}
    for ex in train:
        by_text.setdefault(splits.text_key(ex.text), set()).add(ex.label)
    for ex in labelled.values():
        assert by_text[splits.text_key(ex.text)] == {ex.label}
    assert ANY not in {ex.label for ex in labelled.values()}
