"""The analyst's actor table: names an analyst taught by correcting an event's source or target.

Method: a source or target correction that replaces exactly one of the machine's actors by
exactly one other says that the mention the machine read ("HTS", coded as an unknown group)
names the actor the analyst chose (SYRHTS, Hayat Tahrir al-Sham), unless the package's own
actors know the mention or one of its words names another country: then the analyst moved the
role to another actor and taught no name (`_teaches`). Each such pair is an alias;
the latest active correction of a mention wins, an undone one teaches nothing, and a mention
that points back at someone named elsewhere ("it", "the group": `data/analyst_actors.yaml`)
never becomes an alias. The table is derived from the store's annotations, so it is stored with
the corrections and follows their undos.

At analysis time the table is a user gazetteer (`gazetteer`'s YAML schema) written beside the
store and added to `NEWSLEDGER_GAZETTEERS` (`use`), so the next article that says "HTS" gets
the analyst's actor; user files are merged last, after the package's own actors.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

SUFFIX = ".analyst-actors.yaml"  # the table's file, beside the store


@functools.cache
def _never() -> frozenset[str]:
    path = resources.files("newsledger").joinpath("data/analyst_actors.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return frozenset(" ".join(w.lower().split()) for w in data["never_aliases"])


def _key(mention: str) -> str:
    return " ".join(mention.split()).lower()


def aliases(notes: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Mention (normalised) -> {mention, actor_id, annotation, who} from the annotations with
    their context (`Store.annotations_with_context`, oldest first)."""
    out: dict[str, dict[str, Any]] = {}
    for note in notes:
        if (
            note.get("kind") != "event"
            or note.get("field") not in ("source", "target")
            or not note.get("active")
            or note.get("undoes") is not None
        ):
            continue
        said = [(a, m) for a, m in note.get("machine_said") or [] if a and m]
        new = [a for a in note.get("new") or [] if isinstance(a, str)]
        gone = [(a, m) for a, m in said if a not in new]
        came = [a for a in new if a not in {a for a, _ in said}]
        if len(gone) != 1 or len(came) != 1:
            continue  # which mention names which actor is not said
        mention = " ".join(gone[0][1].split())
        # a name, not "the fighters" nor a sentence's first word ("Eleven crew members")
        words = mention.split()
        named = any(w[:1].isupper() for w in words[1:]) or (
            len(words) == 1 and words[0][:1].isupper()
        )
        if len(mention) < 2 or _key(mention) in _never() or not named:
            continue
        if not _teaches(mention, came[0]):
            continue
        out[_key(mention)] = {"mention": mention, "actor_id": came[0], "annotation": note["id"],
                              "who": note.get("who")}  # fmt: skip
    return out


def _teaches(mention: str, actor_id: str) -> bool:
    """Whether putting `actor_id` for `mention` teaches a name, not a role: the package's own
    actors do not know the mention ("Kinshasa" set to RWA moves the role to another actor; it
    does not rename Kinshasa), and none of its words names another country ("Iranian
    leaders" set to USA)."""
    from .gazetteer import gazetteer, norm

    gaz = gazetteer(())
    if gaz.lookup(mention, imported=False) is not None:
        return False
    actor = gaz.actors.get(actor_id) or gaz.actor(actor_id)
    country = (actor.country if actor else None) or actor_id[:3]
    for word in mention.split():
        named = gaz.demonyms.get(norm(word))
        alias = gaz.lookup(word, imported=False) if word[:1].isupper() else None
        for other in (named, alias.actor_id if alias else None):
            if other and other[:3] != country[:3]:
                return False
    return True


def entries(table: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The table as user-gazetteer entries: one per actor, its taught names as aliases; an
    actor the package does not know becomes a group of its own."""
    from .gazetteer import gazetteer

    gaz = gazetteer(())
    by_actor: dict[str, list[str]] = {}
    for row in table.values():
        by_actor.setdefault(row["actor_id"], []).append(row["mention"])
    out = []
    for actor_id, names in sorted(by_actor.items()):
        entry: dict[str, Any] = {"id": actor_id, "aliases": sorted(set(names))}
        if gaz.actors.get(actor_id) is None and gaz.actor(actor_id) is None:
            entry.update(name=names[0], kind="group")
        out.append(entry)
    return out


def write(table: dict[str, dict[str, Any]], path: Path) -> Path | None:
    """Write the table as a user gazetteer at `path`; None (and no file) when it is empty."""
    if not table:
        path.unlink(missing_ok=True)
        return None
    text = "# the analyst's actor table (newsledger.analyst_actors), made from the store's\n"
    text += "# corrections; rewritten at each analysis: edit the corrections, not this file\n"
    path.write_text(text + yaml.safe_dump({"actors": entries(table)}, sort_keys=False), "utf-8")
    return path


def use(table: dict[str, dict[str, Any]], store_path: str | Path) -> Path | None:
    """Write the table beside the store and add it to the user gazetteers of this process
    (and of the workers it starts); the file, or None when the table is empty (then the file
    is gone, and so is its place among the user gazetteers)."""
    store_path = Path(store_path)
    target = store_path.with_name(store_path.name + SUFFIX)
    path = write(table, target)
    known = [p for p in os.environ.get("NEWSLEDGER_GAZETTEERS", "").split(os.pathsep) if p]
    wanted = [p for p in known if p != str(target)] + ([str(path)] if path else [])
    if wanted != known:
        os.environ["NEWSLEDGER_GAZETTEERS"] = os.pathsep.join(wanted)
    return path
