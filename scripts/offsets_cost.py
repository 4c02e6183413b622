"""What mapping offsets back to the text as given costs: normalising with and without the map,
and `pipeline.freeze` (which moves every span) with and without an original text, beside the
extractors' own time, over N BASIL development articles as read and as a CRLF, double-spaced
copy (every article then has an original to map to).

    python scripts/offsets_cost.py [N]
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable
from typing import Any

from newsledger import nlp
from newsledger.bench import load_articles
from newsledger.extract import run_extractors
from newsledger.ingest import article_from_text
from newsledger.offsets import normalise, normalise_mapped
from newsledger.pipeline import freeze


def per_text(fn: Callable[[str], Any], texts: list[str], repeat: int = 5) -> float:
    """Milliseconds per text."""
    start = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            fn(text)
    return (time.perf_counter() - start) / repeat / len(texts) * 1e3


def main(n: int) -> None:
    articles, path = load_articles(n=n)
    raw = [a.input_text for a in articles]
    messy = [t.replace("\n", "\r\n").replace(". ", ".  ") + "\r\n" for t in raw]
    print(f"{len(raw)} articles from {path}, {sum(map(len, raw)):,} characters")
    pipe = nlp.load()
    for name, texts in (("as read", raw), ("CRLF, double spaces", messy)):
        articles = [article_from_text(t, "<cost>") for t in texts]
        docs = list(pipe.pipe([a.text for a in articles], batch_size=8))
        extract = mapped = unmapped = 0.0
        for art, doc in zip(articles, docs, strict=True):
            t0 = time.perf_counter()
            found, _ = run_extractors(doc, art)
            t1 = time.perf_counter()
            freeze(art, found)
            t2 = time.perf_counter()
            freeze(dataclasses.replace(art, original=None), found)
            t3 = time.perf_counter()
            extract, mapped, unmapped = extract + t1 - t0, mapped + t2 - t1, unmapped + t3 - t2
        k = len(articles)
        print(f"{name}: {sum(a.original is not None for a in articles)} with an original; "
              f"normalise {per_text(normalise, texts):.2f} ms, with the map "
              f"{per_text(normalise_mapped, texts):.2f} ms; freeze {mapped / k * 1e3:.2f} ms "
              f"(without an original {unmapped / k * 1e3:.3f} ms); extractors "
              f"{extract / k * 1e3:.0f} ms per article")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
