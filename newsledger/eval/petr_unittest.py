"""PETRARCH-2 unit-test records: coding logic on stylised sentences with fictional actors
(negation, compound actors, passive voice, agents).

Data: openeventdata/petrarch2 `PETR.UnitTest.records.xml` with its validation dictionaries
(PETR.Validate.actors.txt / agents.txt), loaded by `petrarch_dict` as the gazetteer the
events stage reads its actors from (the actors stage is not run: the records' actors are
fictional). The records' verb dictionary is mostly WEIS-coded, not CAMEO, so event codes are
compared on the CAMEO root only where the gold root is a CAMEO root (01-20), as a secondary
figure. Headline: detection (events found where the records expect them, none where they
expect none) and source/target actor agreement (exact codes) on sentences with events.
"""

from __future__ import annotations

from pathlib import Path

from ..extract import Extractor, events
from ..taxonomy import cameo_root
from . import Report, Score
from .gold import GoldSentence, analyse, dedupe, default_file, main_event, sentence_key
from .petr2_gsr import parse_records
from .petrarch_dict import Gazetteer, mentions
from .petrarch_dict import load as load_dictionaries

NAME = "petr-unittest"
DESCRIPTION = "PETRARCH-2 unit-test records (fictional actors): detection, source/target actors"


def default_path() -> Path | None:
    return default_file("petrarch2-unittest", "PETR.UnitTest.records.xml")


def load(path: Path | None = None, limit: int | None = None) -> list[GoldSentence]:
    path = path or default_path()
    if path is None:
        raise FileNotFoundError("petrarch2-unittest data not found; set NEWSLEDGER_DATA")
    items = [
        it for it in parse_records(Path(path).read_text(encoding="utf-8"))
        if it.gold["error"] is None
    ]  # fmt: skip
    items = dedupe(items, exclude=_earlier_sets())
    return items[:limit] if limit else items


def _earlier_sets() -> set[str]:
    from . import petr2_gsr, plover_gsr

    keys: set[str] = set()
    for mod in (plover_gsr, petr2_gsr):
        try:
            keys |= {sentence_key(it.text) for it in mod.load()}
        except FileNotFoundError:
            pass
    return keys


def gazetteer(path: Path) -> Gazetteer:
    folder = path.parent
    agents = folder / "PETR.Validate.agents.txt"
    return load_dictionaries(
        folder / "PETR.Validate.actors.txt", agents if agents.exists() else None
    )


def score(path: Path | None = None, limit: int | None = None) -> Report:
    """Score detection and source/target actors with the records' own dictionaries."""
    path = path or default_path()
    if path is None:
        raise FileNotFoundError("petrarch2-unittest data not found; set NEWSLEDGER_DATA")
    items = load(path, limit)
    gaz = gazetteer(Path(path))
    stage = [Extractor(events.NAME, events.VERSION, events.extract)]
    detect = [0, 0, 0]
    src = [0, 0, 0]
    tgt = [0, 0, 0]
    root_hit = root_n = 0
    for item, doc, analysis in analyse(
        items, extractors=stage, prepare=lambda d, a: mentions(d, a, gaz)
    ):
        gold_events = item.gold["events"]
        ev = main_event(doc, analysis.events)
        if not gold_events:
            detect[1] += ev is not None
            continue
        if ev is None:
            detect[2] += 1
            src[2] += 1
            tgt[2] += 1
            continue
        detect[0] += 1
        cameo_gold = [g for g in gold_events if g["eventcode"][:2].isdigit()
                      and 1 <= int(g["eventcode"][:2]) <= 20]  # fmt: skip
        if cameo_gold:
            root_n += 1
            root_hit += any(cameo_root(g["eventcode"]) == cameo_root(ev.type.cameo)
                            for g in cameo_gold)  # fmt: skip
        for counts, key, parts in ((src, "sourcecode", ev.source), (tgt, "targetcode", ev.target)):
            gold_codes = {g.get(key, "") for g in gold_events} - {"", "---"}
            pred = {p.actor_id for p in parts}
            if gold_codes & pred:
                counts[0] += 1
            else:
                counts[1] += bool(pred)
                counts[2] += bool(gold_codes)
    detection = Score("detection", *detect)
    source = Score("source_actor", *src)
    target = Score("target_actor", *tgt)
    return Report(
        gold_set=NAME,
        items=len(items),
        fields=[detection, source, target],
        headline={
            "detection_f1": detection.f1,
            "source_actor_f1": source.f1,
            "target_actor_f1": target.f1,
            "cameo_root_accuracy": root_hit / root_n if root_n else 0.0,
        },
        notes=[
            "actors from the records' own PETRARCH dictionaries (petrarch_dict)",
            f"cameo_root_accuracy over {root_n} sentences whose gold code has a CAMEO root; "
            "the records' verb dictionary is largely WEIS-coded, so this is indicative only",
        ],
    )
