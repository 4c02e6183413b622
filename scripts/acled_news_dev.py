"""ACLED sub-types on DEVELOPMENT news texts, with every error listed, for diagnosis: the
development news sentences (newsledger/eval/acled_news_dev_labels.yaml), or with `--labelled`
the held-back part of the hand-labelled news training texts (learn.news_labels, split as the
ACLED sub-type model's config splits them; `--labelled-all`: all of them, trained-on rows
too). Figures here measure development once a rule was changed after reading them; the
held-out figure is `newsledger eval acled-news`.

    NEWSLEDGER_DATA=../shared/data python scripts/acled_news_dev.py [--labelled] [--quiet]
"""

from __future__ import annotations

import sys

from newsledger.eval import acled_news
from newsledger.learn import news_labels
from newsledger.learn.acled_sentence_training import _config
from newsledger.learn.acled_subtype_training import pipeline_subtypes


def main() -> None:
    if "--labelled-all" in sys.argv:
        examples, what = news_labels.examples(), "hand-labelled news texts (all)"
    elif "--labelled" in sys.argv:
        examples = news_labels.split(_config("acled_subtype"))[1]
        what = "held-back hand-labelled news texts"
    else:
        examples, dropped = acled_news.items(name=acled_news.DEVELOPMENT)
        what = f"development news sentences ({dropped} left out: a shipped model trains on them)"
    out = pipeline_subtypes(examples)
    for fig in acled_news._figures(examples, out):
        print(fig)
    print(f"{len(examples)} {what}")
    if "--quiet" in sys.argv:
        return
    for ex in examples:
        got = out["pipeline"][ex.id]
        accepted = ex.extra["accepted"]
        if got in accepted or (got is None and ex.label == acled_news.NONE):
            continue
        print(f"- gold {accepted} got {got} ({out['outcome'][ex.id]})\n    {ex.text[:240]}")


if __name__ == "__main__":
    main()
