"""PolNeAR attribution relations (Newell, Margolin & Ruths, LREC 2018), train and dev compartments.

brat standoff: `<compartment>/text/<article>.txt` and one `attributions/<article>_<annotator>.ann`
per annotator. `T` lines are spans (`T5<TAB>Content 10 20;25 30<TAB>text`, discontinuous
fragments separated by `;`, the text field joining them with a space and running onto the next
line when a span crosses a line break); `E` lines are relations whose trigger is `Attribution`
or `Attribution-no-source` and whose arguments are `Source`, `Cue`, `Content` (and `Content2`,
a second content span). PolNeAR does not type attributions (no speech/belief), so
`Relation.kind` stays None.

One annotation per article: articles annotated by several annotators (agreement checks) keep
the annotator whose id sorts first, so the choice is deterministic and independent of content.
A relation is kept when it has a cue and a content and every fragment is inside the text and
matches the span text recorded in the `.ann`; the rest are counted in `extra["skipped"]`.
The publishers' split (train = months 1-10, dev = month 11) is kept in `split`; group = article.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from ..examples import AttributedText, Relation, Span

NAME = "polnear-train-dev"
LICENCE = "no licence stated (research corpus): research use, never shipped"
KIND = "AttributedText: Source/Cue/Content relations per article"

COMPARTMENTS = ("train", "dev")
_ID = re.compile(r"^[TERAMN#]\d*\t")
_ROLES = {"Source": "source", "Cue": "cue", "Content": "content", "Content2": "content"}


def read(folder: Path) -> Iterator[AttributedText]:
    meta = _metadata(folder / "metadata.tsv")
    for compartment in COMPARTMENTS:
        texts = folder / compartment / "text"
        if not texts.is_dir():
            continue
        for txt in sorted(texts.glob("*.txt")):
            article = txt.stem
            anns = annotations(folder / compartment / "attributions", article)
            if not anns:
                continue
            annotator = min(anns)
            text = txt.read_text(encoding="utf-8")
            relations, skipped = parse_ann(anns[annotator].read_text(encoding="utf-8"), text)
            row = meta.get(article, {})
            yield AttributedText(
                dataset=NAME,
                id=f"polnear-{article}",
                text=text,
                relations=tuple(relations),
                group=article,
                split=compartment,
                extra={"annotator": annotator, "annotators": sorted(anns),
                       "publisher": row.get("publisher", ""),
                       "date": row.get("publication_date", ""),
                       "title": row.get("title", ""), "skipped": skipped},
            )  # fmt: skip


def annotations(folder: Path, article: str) -> dict[str, Path]:
    """annotator id -> `.ann` file of one article."""
    out = {}
    for path in folder.glob(f"{glob_escape(article)}_*.ann"):
        annotator = path.stem[len(article) + 1 :]
        if annotator and "_" not in annotator:  # not a longer article name sharing the prefix
            out[annotator] = path
    return out


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def parse_ann(ann: str, text: str) -> tuple[list[Relation], int]:
    """The relations of one `.ann` whose spans index `text` exactly, and how many were not."""
    spans: dict[str, tuple[str, tuple[Span, ...], str]] = {}
    events: list[str] = []
    last = None
    for line in ann.removesuffix("\n").split("\n"):
        if not _ID.match(line):
            if last is not None and last in spans:  # a span text running past a line break
                label, frags, span_text = spans[last]
                spans[last] = (label, frags, span_text + "\n" + line)
            continue
        key, _, rest = line.partition("\t")
        last = key
        if key.startswith("T"):
            parsed = _span(key, rest)
            if parsed is not None:
                spans[key] = parsed
        elif key.startswith("E"):
            events.append(rest)
    relations, skipped = [], 0
    for event in events:
        relation = _relation(event, spans, text)
        if relation is None:
            skipped += 1
        else:
            relations.append(relation)
    relations.sort(key=lambda r: min(s.start for s in r.cue + r.content))
    return relations, skipped


def _span(key: str, rest: str) -> tuple[str, tuple[Span, ...], str] | None:
    head, _, span_text = rest.partition("\t")
    label, _, offsets = head.partition(" ")
    frags = []
    for frag in offsets.split(";"):
        bounds = frag.split()
        if len(bounds) != 2 or not all(b.isdigit() for b in bounds):
            return None
        frags.append(Span(int(bounds[0]), int(bounds[1]), label.lower()))
    return label, tuple(frags), span_text


def _relation(event: str, spans: dict, text: str) -> Relation | None:
    roles: dict[str, list[Span]] = {"source": [], "cue": [], "content": []}
    for arg in event.split():
        role, _, ref = arg.partition(":")
        if role not in _ROLES:
            continue  # the trigger (Attribution, Attribution-no-source)
        if ref not in spans:
            return None
        _, frags, span_text = spans[ref]
        if not _matches(frags, span_text, text):
            return None
        roles[_ROLES[role]].extend(Span(f.start, f.end, _ROLES[role]) for f in frags)
    if not roles["cue"] or not roles["content"]:
        return None
    return Relation(
        cue=tuple(sorted(roles["cue"], key=_start)),
        source=tuple(sorted(roles["source"], key=_start)),
        content=tuple(sorted(roles["content"], key=_start)),
    )


def _matches(frags: tuple[Span, ...], span_text: str, text: str) -> bool:
    if any(not 0 <= f.start < f.end <= len(text) for f in frags):
        return False
    return " ".join(text[f.start : f.end] for f in frags) == span_text


def _start(span: Span) -> int:
    return span.start


def _metadata(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["filename"]: row for row in csv.DictReader(fh, delimiter="\t")}
