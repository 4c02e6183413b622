"""The trigger candidates that a lexicon change adds on text that is not ACLED notes.

Usage: PYTHONPATH=. python scripts/trigger_precision.py BASE_REV [polnear_articles] > new.tsv

Parses the train side of PLV and plover-gsr (the event-type model's own split, so no dev
sentence is read) and the first `polnear_articles` PolNeAR train articles (default 840: all),
codes them with triggers.yaml as it is at BASE_REV and as it is now, and prints every candidate
the change adds: data set, gold PLOVER type (PLV, plover-gsr; "-" for PolNeAR, whose
articles are unlabelled), trigger, CAMEO code, sentence. A trigger firing where the gold type is
not political violence, or in PolNeAR's political news, is where to read for imprecision.
"""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import yaml

from newsledger import nlp
from newsledger.extract import event_lexicon
from newsledger.extract.event_triggers import candidates
from newsledger.learn.readers import read
from newsledger.learn.training import split_examples


def _lexicons(base: str):
    current = event_lexicon.lexicon()
    text = subprocess.run(["git", "show", f"{base}:newsledger/data/events/triggers.yaml"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    load = event_lexicon._load
    event_lexicon._load = lambda name: (
        yaml.safe_load(text) if name == "triggers.yaml" else load(name)
    )
    event_lexicon.lexicon.cache_clear()
    old = event_lexicon.lexicon()
    event_lexicon._load = load
    return old, current


def _key(c) -> tuple:
    return (c.anchor.i, c.cameo)


def main(base: str, articles: int) -> None:
    path = resources.files("newsledger").joinpath("trained/event_type/config.yaml")
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    train, _ = split_examples(config)
    items = [(ex.dataset, ex.label, ex.text) for ex in train]
    polnear = [ex for ex in read("polnear-train-dev") if ex.split == "train"][:articles]
    items += [("polnear-train", "-", ex.text) for ex in polnear]
    old, new = _lexicons(base)
    added: dict[str, int] = {}
    for (name, label, _), doc in zip(items, nlp.parse_many(t for _, _, t in items), strict=True):
        for sent in doc.sents:
            before = {_key(c) for c in candidates(sent, old)}
            for c in candidates(sent, new):
                if _key(c) in before:
                    continue
                trig = " ".join(t.text for t in c.trigger)
                added[name] = added.get(name, 0) + 1
                print(f"{name}\t{label}\t{trig}\t{c.cameo}\t{' '.join(sent.text.split())}")
    sizes = {n: sum(1 for i in items if i[0] == n) for n in dict.fromkeys(i[0] for i in items)}
    print(f"texts: {sizes}; added candidates: {added}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 840)
