"""Mine the ACLED notes' TRAIN split for the notes where newsledger finds no event, or none it
codes as political violence or a demonstration.

Usage: PYTHONPATH=. python scripts/acled_trigger_misses.py [per_label] [seed] > misses.tsv

Draws up to `per_label` train notes per sub-type (seeded; the split is the acled_subtype
model's own, so no dev note is ever read), runs the whole pipeline on them, and for each
note with no event prints whether the trigger lists had a candidate (codes, or "-"), the
sub-type and the note; for a note whose events carry no ACLED sub-type, "types:" and their
PLOVER types. A summary on stderr splits the losses (no candidate; candidates the events
stage dropped, e.g. for want of an actor, place or count of their own; no ACLED event) and
counts the verb and noun lemmas of the missed notes that have no candidate, the words to
consider for the trigger lexicon.
"""

from __future__ import annotations

import random
import sys
from collections import Counter, defaultdict
from importlib import resources

import yaml

from newsledger.eval.gold import GoldSentence, analyse
from newsledger.extract.event_lexicon import lexicon
from newsledger.extract.event_triggers import candidates
from newsledger.learn.training import split_examples


def main(per_label: int, seed: int = 7) -> None:
    path = resources.files("newsledger").joinpath("trained/acled_subtype/config.yaml")
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    train, _ = split_examples(config)
    rng = random.Random(seed)
    by_label = defaultdict(list)
    for ex in train:
        if ex.dataset == "acled-notes":
            by_label[ex.label].append(ex)
    drawn = []
    for label in sorted(by_label):
        items = by_label[label]
        drawn += rng.sample(items, per_label) if len(items) > per_label else items
    items = [GoldSentence(ex.id, ex.text, None, {}) for ex in drawn]
    lex = lexicon()
    verbs, nouns, missed, no_cand = Counter(), Counter(), 0, 0
    not_acled, types = 0, Counter()
    for ex, (_, doc, analysis) in zip(drawn, analyse(items), strict=True):
        if analysis.events:
            if not any(ev.type.acled_subtype for ev in analysis.events):
                plover = sorted({ev.type.plover for ev in analysis.events})
                not_acled += 1
                types.update(plover)
                print(f"{ex.label}\ttypes:{','.join(plover)}\t{ex.text}")
            continue
        missed += 1
        cands = [c for s in doc.sents for c in candidates(s, lex)]
        if not cands:
            no_cand += 1
            for t in doc:
                if t.pos_ == "VERB":
                    verbs[t.lemma_.lower()] += 1
                elif t.pos_ == "NOUN":
                    nouns[t.lemma_.lower()] += 1
        codes = ",".join(f"{c.trigger[0].lemma_}:{c.cameo}" for c in cands)
        print(f"{ex.label}\t{codes or '-'}\t{ex.text}")
    print(
        f"{len(drawn)} train notes, {missed} with no event, {no_cand} of them with no "
        f"trigger candidate (the rest dropped by the events stage); {not_acled} with events "
        f"but none with an ACLED sub-type",
        file=sys.stderr,
    )
    print("their PLOVER types:", types.most_common(), file=sys.stderr)
    print("verbs:", verbs.most_common(120), file=sys.stderr)
    print("nouns:", nouns.most_common(120), file=sys.stderr)


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 150, int(sys.argv[2]) if len(sys.argv) > 2 else 7
    )
