"""The attribution model's cost: the attribution stage's CPU time and memory with the model and
with the rules alone, on the same parsed articles in one run (`newsledger bench` times the
whole pipeline; this isolates the one stage).

Run: `python -m newsledger.learn.attribution_cost -n 100` (default texts: those of `newsledger
bench`, the BASIL corpus when beside the checkout, else the bundled examples). Figures: CPU
seconds of the stage over all articles (best of three passes), words/s, the memory the loaded
model holds (tracemalloc), and the peak of Python allocations during a pass (tracemalloc).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable

from .. import bench, nlp
from ..extract import EXTRACTORS, attribution, run_extractors
from . import models


def measure(n: int = 100, source: str | None = None) -> dict:
    """The stage's cost with the model and with the rules alone (see the module docstring)."""
    articles, where = bench.load_articles(source, n)
    docs = list(nlp.parse_many([a.text for a in articles]))
    names = [e.name for e in EXTRACTORS]
    before = EXTRACTORS[: names.index(attribution.NAME)]
    found = [run_extractors(d, a, before)[0] for d, a in zip(docs, articles, strict=True)]
    tracemalloc.start()
    start = time.perf_counter()
    model = models.model_for(attribution.learned.NAME)
    load_s = time.perf_counter() - start
    held = tracemalloc.get_traced_memory()[0] / 2**20  # the model's arrays and vocabulary
    tracemalloc.stop()
    tagger = attribution.learned.tagger_of(model) if model is not None else None
    runs: dict[str, Callable[[], None]] = {
        "rules": lambda: _pass(docs, articles, found, None),
        "model+rules": lambda: _pass(docs, articles, found, tagger),
    }
    words = sum(len(a.text.split()) for a in articles)
    out: dict = {"articles": len(articles), "words": words, "source": where,
                 "model_load_s": round(load_s, 2),
                 "model_mb": round(held, 1)}  # fmt: skip
    for name, fn in runs.items():
        best = float("inf")
        for _ in range(3):
            cpu = time.process_time()
            fn()
            best = min(best, time.process_time() - cpu)
        tracemalloc.start()
        fn()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        out[name] = {"cpu_s": round(best, 2), "words_per_s": round(words / max(best, 1e-6)),
                     "peak_alloc_mb": round(peak, 1)}  # fmt: skip
    return out


def _pass(docs: list, articles: list, found: list, tagger: object) -> None:
    for d, a, f in zip(docs, articles, found, strict=True):
        attribution.find_cues(d, a, f, tagger=tagger, use_model=tagger is not None)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100, help="how many articles")
    parser.add_argument("source", nargs="?", default=None, help="texts (as newsledger bench)")
    args = parser.parse_args(argv)
    out = measure(args.n, args.source)
    print(f"{out['articles']} articles, {out['words']} words ({out['source']})")
    print(f"model load {out['model_load_s']} s, {out['model_mb']} MB held (tracemalloc)")
    for name in ("rules", "model+rules"):
        r = out[name]
        print(f"attribution stage, {name}: {r['cpu_s']} CPU s ({r['words_per_s']} words/s), "
              f"peak allocations {r['peak_alloc_mb']} MB")  # fmt: skip


if __name__ == "__main__":
    main()
