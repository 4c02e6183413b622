"""The held-out news sentences' ACLED labels and how `eval acled-news` reads them."""

from __future__ import annotations

import pytest

from newsledger.eval import GOLD_SETS, acled_news
from newsledger.learn import models, splits
from newsledger.learn.examples import LabelledText
from newsledger.learn.readers import data_dir


def test_every_label_is_an_acled_sub_type_or_none() -> None:
    model = models.load("acled_sentence")
    known = set(model.config["coding"]) | {acled_news.NONE}
    labels = acled_news.labels()
    assert len(labels) >= 400
    for key, accepted in labels.items():
        sets = ("basil|", "checkthat24-persuasion-en|", "semeval2023-t3-en-dev|")
        assert key.startswith(("plv-", "cameo-", *sets)), key
        assert accepted and set(accepted) <= known, (key, accepted)
    assert GOLD_SETS[acled_news.NAME] == "newsledger.eval.acled_news"


def test_a_second_accepted_sub_type_counts_as_right() -> None:
    shelling = "Shelling/artillery/missile attack"
    ex = LabelledText("news", "x", "...", "Air/drone strike",
                      extra={"accepted": ["Air/drone strike", shelling]})  # fmt: skip
    assert acled_news._gold(ex, shelling) == shelling
    assert acled_news._gold(ex, "Attack") == "Air/drone strike"
    assert acled_news._gold(ex, None) == "Air/drone strike"


@pytest.mark.skipif(data_dir() is None, reason="../shared/data not present")
def test_a_sentence_a_shipped_model_trains_on_is_left_out(monkeypatch) -> None:
    monkeypatch.setattr(acled_news, "trained_texts", lambda: set())
    every, dropped = acled_news.items()
    assert dropped == 0 and len(every) == len(acled_news.labels())
    assert all(ex.text and "<s>" not in ex.text for ex in every)
    first = every[0]
    monkeypatch.setattr(acled_news, "trained_texts", lambda: {splits.text_key(first.text)})
    rest, dropped = acled_news.items()
    assert dropped >= 1 and first.id not in {ex.id for ex in rest}
