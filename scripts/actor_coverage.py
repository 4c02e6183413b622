"""Share of entity mentions resolved to known (non-provisional) actors.

Counts spaCy entities labelled PERSON, ORG, NORP or GPE and calls one resolved when a
non-provisional actor mention of the actors stage overlaps it; also reports the share
resolved to an actor or a place (a GPE used as a place, "in London", is not an actor).
Corpora: the sample article and the <Text> of each <Sentence> of the uPETRARCH validation
file (dated by its `date` attribute, so roles resolve by date). Also, on the PLOVER gold
standard records, the share of gold source/target actors for which a mention with the same
CAMEO country or IGO prefix (first three letters) is found.

realnews-dev (../shared/data/realnews-dev, a development set): every PERSON/ORG entity is
judged against the hand-made table scripts/data/realnews_actors.tsv (class person, org, place
or other; the ids it may resolve to; the country a provisional actor must carry). The actor of
an entity is the mention headed inside it (its root first), else the actor of a mention around it or
the body that mention acts for ("the IDF forces", "Kremlin spokesman Dmitry Peskov"). A person or organisation is right
when it resolves to an id the table allows, or, when the table names none, to a provisional
actor (with the table's country, if it gives one) or a known actor with that name; a place or
other thing (a dateline, an operation, a ship) is right when no actor is made of it.

    PYTHONPATH=. python scripts/actor_coverage.py [--verbose] [--only realnews]
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
from newsledger.eval import realnews
from newsledger.extract import actors, places
from newsledger.gazetteer import gazetteer, norm
from newsledger.ingest import article_from_text
from newsledger.model import Article, Found, Mention

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "syria-israel-talks.txt"
PETR = Path("/work/shared/data/upetrarch-validation/PETR2_GSR_validation.xml")
GSR = Path("/work/shared/data/plover-gsr/PLOVER_GSR_CAMEO.txt")
JUDGED = ROOT / "scripts" / "data" / "realnews_actors.tsv"
LABELS = {"PERSON", "ORG", "NORP", "GPE"}
OUTCOMES = ("known", "provisional", "no country", "wrong", "missing")


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


def _judgements(path: Path) -> dict[tuple[str, str], tuple[str, set[str], set[str]]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        nn, text, cls, expect, country = (line.split("\t") + ["", ""])[:5]
        out[(nn, text)] = (cls, set(filter(None, expect.split("|"))),
                           set(filter(None, country.split("|"))))
    return out


def _named(actor_names: list[str], text: str) -> bool:
    """A known actor answers to the entity's text: the same name or the same last word."""
    key = norm(text)
    keys = {norm(n) for n in actor_names}
    return key in keys or key.split()[-1:] in [k.split()[-1:] for k in keys]


def realnews_coverage(verbose: bool) -> tuple[dict[str, int], dict[str, int], int]:
    """(person/org outcomes, place/other outcomes, unjudged entities) on realnews-dev."""
    judged = _judgements(JUDGED)
    gaz = gazetteer()
    named: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
    things = {"right": 0, "made an actor": 0}
    unjudged = 0
    for item in realnews.load():
        article = article_from_text(item.text, source="coverage", published=item.published)
        doc = nlp.parse(article.text)
        records = actors.extract(doc, article, Found())
        found = {r.id: r for r in records if not isinstance(r, Mention)}
        mentions = [r for r in records if isinstance(r, Mention)]
        nn = item.file[:2]
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            judgement = judged.get((nn, ent.text))
            if judgement is None:
                unjudged += 1
                continue
            cls, expect, country = judgement
            inside = [m for m in mentions if m.head is not None
                      and ent.start <= m.head < ent.end]
            inside.sort(key=lambda m: m.head != ent.root.i)
            actor = found.get(inside[0].actor_id) if inside else None
            if actor is None and cls not in ("place", "other"):  # "the IDF forces"
                around = [m for m in mentions if m.evidence.start <= ent.start_char
                          and ent.end_char <= m.evidence.end]
                ids = [i for m in around for i in (m.actor_id, m.acts_for) if i]
                ids.sort(key=lambda i: i not in expect)
                actor = (found.get(ids[0]) or gaz.actor(ids[0])) if ids else None
            if cls in ("place", "other"):
                ok = actor is None or actor.id in expect
                things["right" if ok else "made an actor"] += 1
                outcome = "right" if ok else "made an actor"
            elif actor is None:
                outcome = "missing"
            elif actor.id in expect:
                outcome = "known"
            elif expect:
                outcome = "wrong"
            elif actor.provisional:
                outcome = "provisional" if not country or actor.country in country else (
                    "no country")
            else:
                known = gaz.actor(actor.id)
                names = [actor.name, *actor.aliases, *(known.aliases if known else ())]
                outcome = "known" if _named(names, ent.text) else "wrong"
            if cls not in ("place", "other"):
                named[outcome] += 1
            if verbose and outcome not in ("known", "provisional", "right"):
                got = f"{actor.id} ({actor.country})" if actor else "-"
                print(f"  {nn} {cls:6} {ent.text!r}: {outcome}, got {got}, want "
                      f"{'|'.join(sorted(expect)) or 'provisional'} "
                      f"{'|'.join(sorted(country))}", file=sys.stderr)
    return named, things, unjudged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list unresolved entities")
    parser.add_argument("--only", choices=["realnews"], help="only the realnews-dev figures")
    args = parser.parse_args()
    named, things, unjudged = realnews_coverage(args.verbose)
    total = sum(named.values())
    right = named["known"] + named["provisional"]
    print(
        f"realnews-dev: {total} named persons/organisations; resolved right {right}/{total} = "
        f"{right / max(total, 1):.1%} ("
        + ", ".join(f"{k} {v}" for k, v in named.items())
        + f"); places and other things tagged PERSON/ORG {sum(things.values())}: "
        f"made an actor {things['made an actor']}; unjudged entities {unjudged}",
        flush=True,
    )
    if args.only:
        return
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
