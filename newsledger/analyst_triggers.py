"""The analyst's trigger verdicts: trigger words an analyst rejected or retyped, kept as data.

Method: every event an analyst judged (`Store.annotations_with_context`) is filed under its
trigger's lemmas and the type the machine gave it ("allow" coded REJECT): accepted (a verdict
`accepted`, a type set to the machine's own, or only its other fields fixed), rejected, or
retyped to another PLOVER type. A trigger whose judgements all say the same gets a verdict:
`drop` when an analyst rejected it at least `min_judgements` times (data/analyst_triggers.yaml)
and never accepted nor retyped it, `type` when it was retyped to one type that often and
never accepted nor rejected. A trigger judged both ways teaches nothing (the context decided,
and the table does not read context). The latest active annotation of a record wins; an undone
one says nothing, so the table follows the undos, as the actor table does
(`newsledger.analyst_actors`).

At analysis time the table is a YAML file named by `NEWSLEDGER_ANALYST_TRIGGERS` (written
beside the store: `use`); the trigger stage (`extract.event_triggers.candidates`) passes its
candidates through `screen`, which drops or retypes those whose lemmas and rule type the table
names. Added events teach no trigger: on realnews-dev the words of the events analysts added
did not recur in the other stories (scripts/simulated_loop.py, README).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .analyst_files import use_beside
from .annotations import ADDED
from .config import DEFAULT_MODEL

ENV = "NEWSLEDGER_ANALYST_TRIGGERS"  # the table's file at analysis time
SUFFIX = ".analyst-triggers.yaml"  # the table's file, beside the store


@functools.cache
def settings() -> dict[str, Any]:
    path = resources.files("newsledger").joinpath("data/analyst_triggers.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def key(lemmas: str, plover: str | None) -> str:
    return f"{' '.join(lemmas.lower().split())}|{plover or '-'}"


def judgements(notes: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each machine event an analyst judged: {record_id, note, outcome, type}; outcome is
    accepted, rejected or retyped (to `type`). Added events have no machine trigger: none."""
    by_event: dict[str, dict[str, Any]] = {}
    for note in notes:
        if note.get("kind") != "event" or not note.get("active") or note.get("undoes") is not None:
            continue
        seen = by_event.setdefault(note["record_id"], {})
        seen[note["field"]] = note["new"]
        seen["note"] = note
    out = []
    for record_id, seen in sorted(by_event.items()):
        note = seen["note"]
        if ADDED in seen or not note.get("trigger") or not note.get("machine_type"):
            continue
        typed = seen.get("type")
        if seen.get("verdict") == "rejected":
            outcome = "rejected"
        elif typed and typed != note["machine_type"]:
            outcome = "retyped"
        else:
            outcome = "accepted"
        out.append({"record_id": record_id, "note": note, "outcome": outcome, "type": typed})
    return out


def trigger_lemmas(judged: list[dict[str, Any]], model: str = DEFAULT_MODEL) -> list[str | None]:
    """The lemmas of each judged record's trigger words, read from a parse of its sentence
    (the words inside the record's evidence, in order); None where they are not found."""
    from .nlp import parse_many

    out: list[str | None] = [None] * len(judged)
    todo = [i for i, j in enumerate(judged) if j["note"].get("sentence")
            and isinstance(j["note"].get("sentence_offset"), int)]  # fmt: skip
    if not todo:
        return out  # no parse, no model loaded
    docs = parse_many([judged[i]["note"]["sentence"] for i in todo], model)
    for i, doc in zip(todo, docs, strict=True):
        note = judged[i]["note"]
        start = note["sentence_offset"]
        end = start + len(note.get("evidence") or "")
        inside = [t for t in doc if t.idx >= start and t.idx + len(t) <= end]
        lemmas = []
        for word in note["trigger"].split():
            tok = next((t for t in inside if t.text == word), None)
            if tok is None:
                break
            inside = inside[inside.index(tok) + 1 :]
            lemmas.append(tok.lemma_.lower())
        else:
            out[i] = " ".join(lemmas)
    return out


def verdicts(notes: Iterable[dict[str, Any]], model: str = DEFAULT_MODEL) -> dict[str, dict]:
    """Trigger key (`key`) -> {lemmas, machine_type, verdict (drop|type), type, counts,
    records} from the annotations with their context (oldest first)."""
    judged = judgements(notes)
    tally: dict[str, dict[str, Any]] = {}
    for item, lemmas in zip(judged, trigger_lemmas(judged, model), strict=True):
        if not lemmas:
            continue
        machine = item["note"]["machine_type"]
        row = tally.setdefault(key(lemmas, machine), {
            "lemmas": lemmas, "machine_type": machine, "accepted": 0, "rejected": 0,
            "retyped": {}, "records": []})  # fmt: skip
        if item["outcome"] == "retyped":
            row["retyped"][item["type"]] = row["retyped"].get(item["type"], 0) + 1
        else:
            row[item["outcome"]] += 1
        row["records"].append(item["record_id"])
    least = int(settings()["min_judgements"])
    out = {}
    for k, row in sorted(tally.items()):
        retyped = row["retyped"]
        if row["rejected"] >= least and not row["accepted"] and not retyped:
            out[k] = {**row, "verdict": "drop", "type": None}
        elif len(retyped) == 1 and not row["accepted"] and not row["rejected"]:
            ((new, n),) = retyped.items()
            if n >= least:
                out[k] = {**row, "verdict": "type", "type": new}
    return out


def write(table: dict[str, dict[str, Any]], path: Path) -> Path | None:
    """Write the table at `path`; None (and no file) when it is empty."""
    if not table:
        path.unlink(missing_ok=True)
        return None
    rows = [
        {
            k: row[k]
            for k in (
                "lemmas",
                "machine_type",
                "verdict",
                "type",
                "accepted",
                "rejected",
                "retyped",
                "records",
            )
        }
        for row in table.values()
    ]
    text = "# the analyst's trigger verdicts (newsledger.analyst_triggers), made from the\n"
    text += "# store's corrections; rewritten at each analysis: edit the corrections, not this\n"
    path.write_text(text + yaml.safe_dump({"triggers": rows}, sort_keys=False), "utf-8")
    return path


def use(table: dict[str, dict[str, Any]], store_path: str | Path) -> Path | None:
    """Write the table beside the store and name it in `NEWSLEDGER_ANALYST_TRIGGERS` for this
    process and the workers it starts; the file, or None (and the variable unset) when empty."""
    return use_beside(store_path, SUFFIX, ENV, lambda path: write(table, path))


@functools.lru_cache(maxsize=4)
def _read(path: str, mtime: float) -> dict[str, tuple[str, str | None]]:
    data = yaml.safe_load(Path(path).read_text("utf-8")) or {}
    return {key(r["lemmas"], r["machine_type"]): (r["verdict"], r.get("type"))
            for r in data.get("triggers") or []}  # fmt: skip


def table_in_use() -> dict[str, tuple[str, str | None]]:
    """The table `NEWSLEDGER_ANALYST_TRIGGERS` names (key -> (verdict, type)); {} when none."""
    path = os.environ.get(ENV)
    if not path or not os.path.isfile(path):
        return {}
    return _read(path, os.path.getmtime(path))


def screen(cands: list[Any]) -> list[Any]:
    """The trigger stage's candidates with the analyst's verdicts applied: a dropped trigger's
    candidate left out, a retyped one's PLOVER type set (`event_triggers.Candidate`)."""
    table = table_in_use()
    if not table:
        return cands
    from .taxonomy import event_type

    out = []
    for cand in cands:
        etype = event_type(cand.cameo, cand.mode, cand.plover)
        lemmas = " ".join(t.lemma_.lower() for t in cand.trigger)
        verdict, new = table.get(key(lemmas, etype.plover if etype else None), (None, None))
        if verdict == "drop":
            continue
        if verdict == "type" and new:
            cand.plover, cand.mode = new, None
        out.append(cand)
    return out
