"""How each outlet names each actor: the naming mentions of the actors stage, counted per
outlet (the "naming choices" view: "al-Jolani" vs "al-Sharaa")."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from ..model import Mention

# Mentions that name an actor (for "how each outlet names it"); coref mentions ("he",
# "the two men") refer to it without naming it.
NAMING_VIA = frozenset({"name", "alias", "loaded_alias", "metonym", "demonym", "role",
                        "provisional"})


def surface_forms(
    mentions: Iterable[tuple[str | None, Mention]],
) -> dict[str, dict[str, Counter[tuple[str, str]]]]:
    """How each outlet names each actor: actor id -> outlet -> Counter of (form, via), from
    (outlet, mention) pairs. Forms drop a leading article ("the Israeli regime" and "The
    Israeli regime" count as one); coreference mentions are left out."""
    out: dict[str, dict[str, Counter[tuple[str, str]]]] = defaultdict(
        lambda: defaultdict(Counter))
    for outlet, mention in mentions:
        if mention.via not in NAMING_VIA:
            continue
        form = re.sub(r"^(the|a|an)\s+", "", mention.text, flags=re.IGNORECASE)
        out[mention.actor_id][outlet or "(unknown outlet)"][(form, mention.via)] += 1
    return out
