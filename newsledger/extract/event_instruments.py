"""The weapon that makes a generic attack precise: "Drones struck", "killed by artillery
fire", "attacked with rockets", "bomb attacks" (CAMEO 190 -> 195, 194; ACLED's sub-types
follow the code). The weapon words and their codes are the lexicon's `instruments`."""

from __future__ import annotations

from spacy.tokens import Token

from .event_lexicon import Lexicon


def instrument(anchor: Token, cameo: str, lex: Lexicon) -> tuple[str, str | None] | None:
    """ "Drones struck", "killed by artillery fire", "attacked with rockets": the CAMEO code
    and mode the weapon gives the attack coded `cameo` at `anchor`, where it makes a generic
    code precise (None where it does not)."""
    # a bombing done with a military weapon ("blown up by a missile") is military force
    generic = cameo in ("18", "180", "19", "190")
    if not generic and not cameo.startswith("183"):
        return None
    # the passive subject is the weapon only when it is what was fired ("rockets were fired");
    # "drones were downed" were the target
    fired = anchor.lemma_.lower() in lex.cues["firing_verbs"]
    subjects = ("nsubj", "nsubjpass") if fired else ("nsubj",)
    words = [c for c in anchor.children if c.dep_ in subjects]
    if anchor.pos_ == "NOUN":  # "four bomb attacks", "drone attacks on the port"
        words += [c for c in anchor.children if c.dep_ == "compound"]
    for c in anchor.children:
        if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "with", "in"):
            words += [p for p in c.children if p.dep_ == "pobj"]
    # "hit the site of a meeting ... with Iskander cruise missiles": the parser may hang the
    # weapon on a noun of the object
    words += [w for c in anchor.children if c.dep_ == "dobj" for w in _nominal_with(c)]
    words += [m for w in list(words) for m in w.children if m.dep_ in ("compound", "amod")]
    for w in words:
        hit = lex.instruments.get(w.lemma_.lower())
        if hit is not None and (generic or hit[0].startswith("19")):
            return hit
    return None


def _nominal_with(noun: Token, depth: int = 4) -> list[Token]:
    """The objects of "with" in the prepositional chain below `noun` (no clause entered)."""
    out, frontier = [], [noun]
    for _ in range(depth):
        preps = [c for t in frontier for c in t.children if c.dep_ == "prep"]
        objs = [(p, o) for p in preps for o in p.children if o.dep_ == "pobj"]
        out += [o for p, o in objs if p.lower_ == "with"]
        frontier = [o for _, o in objs]
    return out
