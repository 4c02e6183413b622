"""PETRARCH-2 validation records: CAMEO root code and source/target country of real AFP
sentences. A record whose <Text> is empty is read from its CoNLL-U parse.

Data: openeventdata/UniversalPetrarch `PETR2_GSR_validation.xml` (78 English AFP/GigaWord
sentences, 93 codings, hand-corrected PETRARCH-2 output: silver-standard). Sentences also in
the PLOVER gold records are skipped (scored there).
Scored per sentence with a gold event: does the main event's CAMEO root match a gold root
(`cameo_root_accuracy`); source/target country agreement on matched sentences; sentences coded
"noevents" count as false positives when an event is found.
"""

from __future__ import annotations

from pathlib import Path

from ..learn.readers import petrarch
from ..taxonomy import cameo_root
from . import Report, Score
from .gold import GoldSentence, Tally, analyse, dedupe, default_file, main_event, sentence_key

NAME = "petr2-gsr"
DESCRIPTION = "PETRARCH-2 validation (AFP sentences): CAMEO root and source/target country"

def default_path() -> Path | None:
    return default_file("upetrarch-validation", "PETR2_GSR_validation.xml")


def parse_records(text: str) -> list[GoldSentence]:
    """Sentence records of a PETRARCH validation file: id, date, text, codings."""
    return [GoldSentence(r.id, r.text, r.date, r.gold) for r in petrarch.records(text)]


def load(path: Path | None = None, limit: int | None = None) -> list[GoldSentence]:
    path = path or default_path()
    if path is None:
        raise FileNotFoundError("upetrarch-validation data not found; set NEWSLEDGER_DATA")
    items = parse_records(Path(path).read_text(encoding="utf-8"))
    items = dedupe(items, exclude=_earlier_sets())
    return items[:limit] if limit else items


def _earlier_sets() -> set[str]:
    """Sentences of the PLOVER gold records (scored there, not twice)."""
    from . import plover_gsr

    try:
        return {sentence_key(it.text) for it in plover_gsr.load(include_trained=True)}
    except FileNotFoundError:
        return set()


def score(path: Path | None = None, limit: int | None = None) -> Report:
    """Score CAMEO root and source/target country agreement."""
    items = load(path, limit)
    roots = Tally()
    matched = with_event = any_hit = 0
    src = [0, 0, 0]
    tgt = [0, 0, 0]
    noevent_fp = noevent_n = 0
    for item, doc, analysis in analyse(items):
        ev = main_event(doc, analysis.events)
        gold_events = item.gold["events"]
        if not gold_events:
            if item.gold["noevents"]:
                noevent_n += 1
                noevent_fp += ev is not None
                roots.add(None, cameo_root(ev.type.cameo) if ev else None)
            continue
        with_event += 1
        pred_root = cameo_root(ev.type.cameo) if ev else None
        gold_roots = {cameo_root(g["eventcode"]) for g in gold_events}
        any_hit += any(cameo_root(e.type.cameo) in gold_roots for e in analysis.events)
        hit = next((g for g in gold_events if cameo_root(g["eventcode"]) == pred_root), None)
        roots.add(cameo_root(hit["eventcode"]) if hit else sorted(gold_roots)[0], pred_root)
        if hit is None or ev is None:
            continue
        matched += 1
        for counts, gold_code, parts in (
            (src, hit.get("sourcecode", ""), ev.source),
            (tgt, hit.get("targetcode", ""), ev.target),
        ):
            gold_c = gold_code[:3]
            pred = {p.actor_id[:3] for p in parts}
            if gold_c and gold_c in pred:
                counts[0] += 1
            else:
                counts[1] += bool(pred)
                counts[2] += bool(gold_c)
    type_scores = roots.scores(sorted({r for r in (*roots.tp, *roots.fn) if r}))
    source = Score("source_country", *src)
    target = Score("target_country", *tgt)
    return Report(
        gold_set=NAME,
        items=len(items),
        fields=[roots.total("cameo_root"), source, target],
        types=type_scores,
        headline={
            "cameo_root_accuracy": sum(roots.tp.values()) / with_event if with_event else 0.0,
            "cameo_root_any_event": any_hit / with_event if with_event else 0.0,
            "source_country_f1": source.f1,
            "target_country_f1": target.f1,
            "noevent_false_positive_rate": noevent_fp / noevent_n if noevent_n else 0.0,
        },
        notes=[
            f"{with_event} sentences with gold events, {noevent_n} coded as no event",
            "cameo_root_accuracy: the main event's root is a gold root; cameo_root_any_event: "
            "some event of the sentence has a gold root",
            "silver data: PETRARCH-2 codes stated future acts as the act (newsledger codes them "
            "as intent, AGREE/THREATEN, after the CAMEO manual and plover-gsr) and uses CAMEO 01 "
            "(statements, claims of responsibility), which has no PLOVER type",
            "a named actor asserting another's hostile act is an ACCUSE event (PETRARCH's nested "
            "coding) when the reporting verb comes first; a trailing source tag ('..., officials "
            "said') leaves the act as the sentence's event, as plover-gsr codes it",
            "countries compared on the first three letters of the actor codes, on sentences "
            "whose CAMEO root matched",
        ],
    )
