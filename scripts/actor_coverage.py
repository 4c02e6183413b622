"""Share of entity mentions resolved to known (non-provisional) actors.

Counts spaCy entities labelled PERSON, ORG, NORP or GPE and calls one resolved when a
non-provisional actor mention of the actors stage overlaps it; also reports the share
resolved to an actor or a place (a GPE used as a place, "in London", is not an actor).
Corpora: the sample article and the <Text> of each <Sentence> of the uPETRARCH validation
file (dated by its `date` attribute, so roles resolve by date). Also, on the PLOVER gold
standard records, the share of gold source/target actors for which a mention with the same
CAMEO country or IGO prefix (first three letters) is found.

    PYTHONPATH=. python scripts/actor_coverage.py [--verbose]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from newsledger import nlp
from newsledger.extract import actors, places
from newsledger.ingest import article_from_text
from newsledger.model import Article, Found, Mention

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "syria-israel-talks.txt"
PETR = Path("/work/shared/data/upetrarch-validation/PETR2_GSR_validation.xml")
GSR = Path("/work/shared/data/plover-gsr/PLOVER_GSR_CAMEO.txt")
LABELS = {"PERSON", "ORG", "NORP", "GPE"}


def petr_sentences(path: Path) -> Iterable[tuple[str, dt.date | None]]:
    text = path.read_text(encoding="utf-8")
    pattern = r'<Sentence[^>]*?date="(\d{8})"[^>]*>.*?<Text>(.*?)</Text>'
    for date, body in re.findall(pattern, text, re.S):
        yield " ".join(body.split()), dt.datetime.strptime(date, "%Y%m%d").date()


def coverage(items: Iterable[tuple[str, dt.date | None]], verbose: bool) -> tuple[int, int, int]:
    total = as_actor = as_either = 0
    for text, date in items:
        if not text.strip():
            continue
        article = article_from_text(text, source="coverage", published=date)
        doc = nlp.parse(article.text)
        found = Found()
        found.add(actors.extract(doc, article, found))
        found.add(places.extract(doc, article, found))
        known = {a.id for a in found.actors if not a.provisional}
        actor_spans = [
            (m.evidence.start, m.evidence.end) for m in found.mentions if m.actor_id in known
        ]
        place_spans = [(p.evidence.start, p.evidence.end) for p in found.places]
        for ent in doc.ents:
            if ent.label_ not in LABELS:
                continue
            total += 1
            hit = any(s < ent.end_char and ent.start_char < e for s, e in actor_spans)
            place = any(s < ent.end_char and ent.start_char < e for s, e in place_spans)
            as_actor += hit
            as_either += hit or place
            if verbose and not hit:
                print(
                    f"  unresolved {ent.label_:6} {ent.text!r}{' (place)' if place else ''}",
                    file=sys.stderr,
                )
    return total, as_actor, as_either


def gold_agreement(path: Path) -> tuple[int, int, int]:
    """(gold actors, exact id found, same 3-letter prefix found) over PLOVER GSR records."""
    records = [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("text")]
    total = exact = prefix = 0
    for record in records:
        article = Article(id=record["id"], text=record["text"])
        found = actors.extract(nlp.parse(record["text"]), article, Found())
        ids = {m.actor_id for m in found if isinstance(m, Mention)}
        ids |= {m.acts_for for m in found if isinstance(m, Mention) and m.acts_for}
        for role in ("source", "target"):
            gold = record.get(role)
            for actor in gold if isinstance(gold, list) else []:
                code = actor.get("code") if isinstance(actor, dict) else None
                if not code:
                    continue
                total += 1
                exact += code in ids
                prefix += any(i[:3] == code[:3] for i in ids)
    return total, exact, prefix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list unresolved entities")
    args = parser.parse_args()
    corpora = {
        "sample article": [(SAMPLE.read_text(encoding="utf-8"), dt.date(2025, 9, 19))],
        "PETR2_GSR_validation sentences": list(petr_sentences(PETR)),
    }
    for name, items in corpora.items():
        total, as_actor, as_either = coverage(items, args.verbose)
        print(
            f"{name}: {len(items)} text(s), {total} PERSON/ORG/NORP/GPE entities; "
            f"resolved to known actors {as_actor}/{total} = {as_actor / max(total, 1):.1%}; "
            f"to an actor or a place {as_either}/{total} = {as_either / max(total, 1):.1%}",
            flush=True,
        )
    total, exact, prefix = gold_agreement(GSR)
    print(
        f"PLOVER GSR records: {total} gold source/target actors; same id found "
        f"{exact}/{total} = {exact / total:.1%}; same country/IGO prefix found "
        f"{prefix}/{total} = {prefix / total:.1%}"
    )


if __name__ == "__main__":
    main()
