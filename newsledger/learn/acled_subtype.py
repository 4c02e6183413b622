"""The ACLED sub-type model at run time: which ACLED sub-type a rule-coded act of political
violence or demonstration is (an air strike, not an "Armed clash"; a dispersal of protesters,
not a peaceful protest).

The events extractor hands over its events (after the event-type model); for each whose rules'
coding carries an ACLED type and whose PLOVER type the config lists, the model's distribution
is restricted to the sub-types compatible with that type; when its best reaches the threshold
(raised to the rules' own precision on the train split for the sub-type they gave: the rules
stay where they are precise) the sub-type is replaced, with the ACLED type, and the PLOVER
mode and CAMEO code that ACLED's codebook ties to it (`taxonomy.acled_map`, read backwards).
Where the model is surer still (the config's `across_cut`) of a sub-type outside that set, the
event takes it with the PLOVER type, mode and CAMEO code the config's `across` table gives it
(a riot the rules read as property destruction becomes a violent demonstration, PROTEST), unless
the rules read a specific act from the trigger (an arrest stays an arrest).
The model sees the event-type model's features of the event plus character n-grams of the
words of its description (its sentence and the next; in training, the whole coder note):
weapon and actor words ("airstrike", "air strike", "drone-strike", "gunmen") whatever their
spelling.
How it is built: `learn.acled_subtype_training`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import yaml
from spacy.tokens import Doc, Span

from .. import gazetteer, taxonomy
from ..model import Event, EventType, Status
from . import models
from .event_type import sentence_of
from .features import event_features
from .models import ShippedModel

NAME = "acled_subtype"
# statuses of an event the text says happened (or is happening, or is alleged to have)
_HAPPENED = frozenset({Status.OCCURRED, Status.ONGOING, Status.ALLEGED})


def recode(model: ShippedModel, doc: Doc, events: list[Event]) -> list[Event]:
    """Recode the ACLED sub-types of `events` where the model is confident; a recoded record's
    extractor label gains "+acled_subtype"."""
    compatible: dict[str, list[str]] = model.config.get("compatible", {})
    always = set(model.config.get("always_coded", ()))
    # a denied or negated act keeps the rules' reading: the notes tell only acts that happened
    todo = [i for i, ev in enumerate(events) if wanted(ev.type, compatible, always)
            and ev.status not in (Status.DENIED, Status.NEGATED)]  # fmt: skip
    if not todo:
        return events
    cache: dict = {}
    feats = [features(sentence_of(doc, events[i]), events[i], cache) for i in todo]
    probs = model.predict(feats)
    threshold = float(model.meta.get("threshold", 0.5))
    precision = model.meta.get("rule_precision", {})
    out = list(events)
    for i, row in zip(todo, probs, strict=True):
        ev = events[i]
        by_state = state_sources(ev, model.config)
        new = choose(ev.type, model.labels, row, model.config, threshold, precision,
                     armed_targets(ev), by_state, ev.status in _HAPPENED)  # fmt: skip
        new = retaken(ev, new, model.config, by_state)
        if new != ev.type:
            label = f"{ev.evidence.extractor}+{NAME}"
            out[i] = replace(ev, type=new, evidence=replace(ev.evidence, extractor=label))
    return out


def choose(
    rule: EventType, labels: Sequence[str], probs: np.ndarray, config: dict, threshold: float,
    precision: dict[str, float], armed: bool, by_state: bool = False, happened: bool = True,
) -> EventType:  # fmt: skip
    """The event's type after the model: the sub-type of another PLOVER type where the model
    is sure of it (`crossed`; only for an event the text says happened: the notes it learnt
    from tell no plans, and "ordered his forces to push deeper" is no air strike), else the
    most probable sub-type compatible with the rules' PLOVER type where it reaches the cut
    (the threshold, raised to the rules' precision)."""
    cut = max(threshold, precision.get(rule.acled_subtype or "", 0.0))
    across = crossed(rule, labels, probs, config, precision, armed, by_state) if happened else None
    if across is not None:
        return across
    allowed = config["compatible"][rule.plover]
    if armed:
        civilian_only = set(config.get("civilian_only", ()))
        allowed = [s for s in allowed if s not in civilian_only]
    if by_state:  # a state's forces are no mob, and do not protest
        barred = set(config.get("not_by_state", ()))
        allowed = [s for s in allowed if s not in barred]
    sub = decide(rule, labels, probs, allowed, cut)
    return rule if sub == rule.acled_subtype else retyped(rule, sub)


def crossed(
    rule: EventType, labels: Sequence[str], probs: np.ndarray, config: dict,
    precision: dict[str, float], armed: bool, by_state: bool = False,
) -> EventType | None:  # fmt: skip
    """The model's best sub-type with the PLOVER type, mode and CAMEO code the config's
    `across` table gives it, where that sub-type is outside the rules' type's compatible set
    and reaches `across_cut` (raised to the rules' precision): a riot the rules read as
    property destruction (COERCE) is a violent demonstration (PROTEST). None for a type not
    in `across_from` (a deployment stays one, whatever shelling its sentence tells), where
    the rules read a specific act from the trigger (a mode the codebook ties to a sub-type: an
    arrest stays an arrest, whatever protest it ended), where the sub-type needs unarmed
    victims the event does not have, or where it would make a protest of an act of the state's
    forces (`by_state`: police firing tear gas at protesters did not protest)."""
    table = config.get("across", {})
    j = int(np.argmax(probs))
    best, p = labels[j], float(probs[j])
    if rule.plover not in config.get("across_from", ()) or best not in table:
        return None
    if best in config["compatible"][rule.plover]:
        return None
    if rule.mode and f"{rule.plover}:{rule.mode}" in taxonomy.acled_map():
        return None
    if armed and best in config.get("civilian_only", ()):
        return None
    cut = max(float(config.get("across_cut", 1.01)), precision.get(rule.acled_subtype or "", 0.0))
    if p < cut:
        return None
    plover, mode, cameo = (table[best].split(":") + ["", ""])[:3]
    if by_state and plover == "PROTEST":
        return None
    return EventType(plover, mode or None, cameo or None, _type_of()[best], best)


def state_sources(ev: Event, config: dict) -> bool:
    """Is a source of the event one of the state's forces (the config's `state_sectors`: a
    coded actor's sector, "KENCOP", or the head noun of a provisional one, "PROV:security-
    forces", as the gazetteer's sector nouns read it)? A protest's source is the protesters."""
    sectors = set(config.get("state_sectors", ()))
    nouns = gazetteer.gazetteer().sector_nouns if sectors else {}
    for part in ev.source:
        if part.actor_id.startswith("PROV:"):
            head = part.actor_id.removeprefix("PROV:").rsplit("-", 1)[-1]
            sector = nouns.get(head) or nouns.get(head.removesuffix("s"))
        else:
            sector = part.actor_id[3:6]
        if sector in sectors:
            return True
    return False


def retaken(ev: Event, etype: EventType, config: dict, by_state: bool) -> EventType:
    """Ground retaken (the config's `retake_words`: "retook", "recaptured") is the state's
    forces regaining territory, or a group overtaking it, whatever the model read: ACLED's
    codebook decides this from who took it, a rule as precise as the words."""
    words = tuple(config.get("retake_words", ()))
    pair = ("Government regains territory", "Non-state actor overtakes territory")
    # the model's own reading of ground taken is as good as who took it: the RSF seizing the
    # army's last stronghold overtook it, whatever the model read
    retook = bool(words) and ev.trigger.lower().startswith(words)
    if etype.plover != "ASSAULT" or not (retook or etype.acled_subtype in pair):
        return etype
    if not ev.source or any(p.actor_id.startswith("PROV:") for p in ev.source):
        return etype  # who took it is not known
    return retyped(etype, pair[0] if by_state else pair[1])


def wanted(etype: EventType, compatible: dict, always: set[str]) -> bool:
    """Does the model code this event: one of a listed PLOVER type with the rules' ACLED
    sub-type, or of a type (or "type:CAMEO code") that always has one (a protest the rules
    left without, a handover of property or territory)?"""
    if etype.plover not in compatible:
        return False
    return (bool(etype.acled_subtype) or etype.plover in always
            or f"{etype.plover}:{etype.cameo}" in always)  # fmt: skip


def features(sent: Span, event: Event | None, cache: dict | None = None) -> list[str]:
    """What the model sees of `event`: the event-type model's features and the character
    n-grams of the words of its sentence and the next one, where a report tells how a
    protest ended ("Police fired tear gas to disperse them": a protest with intervention);
    the model learnt from whole coder notes, which tell it so."""
    doc = sent.doc
    after = doc[sent.end].sent.text if sent.end < len(doc) else ""
    return event_features(sent, event, cache) + text_features(f"{sent.text} {after}")


def text_features(text: str) -> list[str]:
    """Character 2- to 5-grams of each lower-cased word padded with spaces (scikit-learn's
    "char_wb"), each once."""
    out: set[str] = set()
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(2, 6):
            out.update(f"c={padded[i : i + n]}" for i in range(len(padded) - n + 1))
    return sorted(out)


def armed_targets(ev: Event) -> bool:
    """Are the event's targets all armed actors: a state named as such ("attacked Ukraine"), its
    forces, a named armed group? ACLED's violence against civilians needs unarmed victims, and
    ACLED's civilians are anyone unarmed, whatever their office or trade: the config's
    `unarmed_sectors` (journalists, traders, officials), a provisional actor, a nation's people
    ("killed 43 Palestinians", "two Swiss tourists")."""
    unarmed = _unarmed_sectors()
    return bool(ev.target) and all(
        not p.actor_id.startswith("PROV:") and not p.actor_id.endswith("CVL")
        and p.actor_id[3:6] not in unarmed
        and not _people_of(p.actor_id, p.mention)
        for p in ev.target
    )  # fmt: skip


def _people_of(actor_id: str, mention: str) -> bool:
    """A nation's people or places, not its state, though the actor stage codes them to the
    country: any mention of a state that is not one of its names ("killed 43 Palestinians", "a
    Palestinian", "two Swiss tourists", "shelled Kharkiv", no words of its own), unless it
    names its forces ("Kenyan troops")."""
    if len(actor_id) != 3:
        return False
    words = mention.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words:
        return True  # a place's country, not its state ("abducted a girl in Koudo")
    actor = gazetteer.gazetteer().actor(actor_id)
    names = {n.lower() for n in actor.aliases + (actor.name,)} if actor is not None else set()
    names |= {n.removeprefix("the ") for n in names}
    if " ".join(words).lower() in names:
        return False
    nouns = gazetteer.gazetteer().sector_nouns
    head = words[-1].lower()
    sector = nouns.get(head) or nouns.get(head.removesuffix("s"))
    return sector is None or sector in _unarmed_sectors()


@functools.cache
def _unarmed_sectors() -> frozenset[str]:
    """The config's `unarmed_sectors` (read once: the training featuriser asks without it)."""
    path = models.trained_dir() / NAME / "config.yaml"
    config = yaml.safe_load(path.read_text("utf-8")) if path.is_file() else {}
    return frozenset((config or {}).get("unarmed_sectors", ["CVL"]))


def decide(
    rule: EventType, labels: Sequence[str], probs: np.ndarray, allowed: Sequence[str], cut: float
) -> str | None:
    """The most probable allowed sub-type when it reaches `cut`, else the rules' sub-type."""
    best, best_p = None, -1.0
    for label, p in zip(labels, probs, strict=True):
        if label in allowed and p > best_p:
            best, best_p = label, float(p)
    if best is None or best_p < cut:
        return rule.acled_subtype
    return best


def retyped(etype: EventType, subtype: str | None) -> EventType:
    """`etype` with ACLED sub-type `subtype`, its ACLED type, and the PLOVER mode and CAMEO
    code the codebook ties to that sub-type for the event's PLOVER type, where there is one."""
    if subtype is None:
        return etype
    acled_type = _type_of().get(subtype, etype.acled_type)
    ties = _ties().get(subtype, [])
    modes = [k.split(":", 1)[1] for k, _ in ties if k.startswith(f"{etype.plover}:")]
    codes = [c for k, c in ties if ":" not in k and _plover_of(k) == etype.plover]
    # the first listed tie is the codebook's reading ("aerial" before "drone"); a sub-type
    # that several modes share ("Attack": beating, torture, massacre ...) implies none
    mode = modes[0] if 0 < len(modes) <= 2 else etype.mode
    # the CAMEO code is refined within its root (190 -> 195), never moved to another root: a
    # state's strike stays conventional force (19) whatever ACLED calls its victims
    same_root = [c for c in codes if etype.cameo and c[:2] == etype.cameo[:2]]
    cameo = same_root[0] if same_root else etype.cameo
    return replace(etype, mode=mode, cameo=cameo, acled_type=acled_type, acled_subtype=subtype)


def _plover_of(cameo: str) -> str | None:
    row = taxonomy.plover_for(cameo)
    return row.plover if row is not None else None


@functools.cache
def _type_of() -> dict[str, str]:
    return {sub: atype for atype, subs in taxonomy.acled_types().items() for sub in subs}


@functools.cache
def _ties() -> dict[str, list[tuple[str, str]]]:
    """ACLED sub-type -> the (PLOVER type:mode or CAMEO code) keys that map to it, with the
    CAMEO code to use (the key itself for CAMEO keys)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for key, (_, sub) in taxonomy.acled_map().items():
        code = key if ":" not in key else ""
        if ":" not in key and len(key) == 2:
            code = key + "0"  # a root ("18") stands for its general code ("180")
        out.setdefault(sub, []).append((key, code))
    return out
