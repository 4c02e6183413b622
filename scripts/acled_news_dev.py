"""ACLED sub-types on the DEVELOPMENT news sentences (newsledger/eval/acled_news_dev_labels.yaml),
with every error listed, for diagnosis. Figures here measure development once a rule was
changed after reading them; the held-out figure is `newsledger eval acled-news`.

    NEWSLEDGER_DATA=../shared/data python scripts/acled_news_dev.py [--quiet]
"""

from __future__ import annotations

import sys

from newsledger.eval import acled_news
from newsledger.learn.acled_subtype_training import pipeline_subtypes


def main() -> None:
    examples, dropped = acled_news.items(name=acled_news.DEVELOPMENT)
    out = pipeline_subtypes(examples)
    for fig in acled_news._figures(examples, out):
        print(fig)
    print(f"{len(examples)} sentences ({dropped} left out: a shipped model trains on them)")
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
