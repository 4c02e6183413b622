"""PETRARCH/TABARI actor and agent dictionaries as a gazetteer of Actor and Mention records.

Format (TABARI manual, ch. 5): an actor entry is a phrase with words joined by "_" or spaces
("UNITED_NATIONS", "CARAS GALADHON"), a trailing "_" meaning a whole word; "+PHRASE" lines
add synonyms; the code follows in brackets, on the same line or an indented one, possibly
date-restricted ("[HOB < 950601]"); "#" starts a comment. Agent entries ("FOREIGN_MINISTER
[~GOVFRM]") give a sector code that is appended to the actor it modifies.
Used by the PETRARCH unit-test gold set so the events stage can be scored with the
dictionaries the records were written for; any user with PETRARCH-style dictionaries can use
it as an extra gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from ..extract import common
from ..model import Actor, Article, Found, Mention

_CODE = re.compile(r"\[([^\]]*)\]")
EXTRACTOR = "petrarch_dict@1"


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Phrase (tuple of lower-case words) -> code, for actors and for agents."""

    actors: dict[tuple[str, ...], str]
    agents: dict[tuple[str, ...], str]

    @property
    def longest(self) -> int:
        return max((len(k) for k in (*self.actors, *self.agents)), default=1)


def _words(phrase: str) -> tuple[str, ...]:
    phrase = phrase.replace("_", " ").lower().strip()
    return tuple(w for w in re.split(r"\s+", phrase) if w)


def _first_code(text: str) -> str | None:
    for raw in _CODE.findall(text):
        code = raw.split("<")[0].split(">")[0].strip().split()[0] if raw.strip() else ""
        code = code.lstrip("~")
        if code and re.fullmatch(r"[A-Za-z0-9]+", code):
            return code.upper()
    return None


def parse_dictionary(text: str) -> dict[tuple[str, ...], str]:
    """Parse an actors or agents dictionary into phrase -> code."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    out: dict[tuple[str, ...], str] = {}
    names: list[tuple[str, ...]] = []
    code: str | None = None

    def flush() -> None:
        if code:
            for n in names:
                if n:
                    out.setdefault(n, code)

    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith(("&", "!")) or "=" in line:
            continue
        indented = raw[:1] in (" ", "\t")
        if line.lstrip().startswith("+"):
            names.append(_words(_CODE.sub("", line.lstrip()[1:])))
            code = code or _first_code(line)
            continue
        if indented and _CODE.search(line):
            code = code or _first_code(line)
            continue
        flush()
        phrase = _CODE.split(line)[0]
        phrase = re.sub(r"\{[^}]*\}", "", phrase)
        names, code = [_words(phrase)], _first_code(line)
    flush()
    return out


def load(actors_path: Path, agents_path: Path | None = None) -> Gazetteer:
    actors = parse_dictionary(actors_path.read_text(encoding="utf-8", errors="replace"))
    agents = (
        parse_dictionary(agents_path.read_text(encoding="utf-8", errors="replace"))
        if agents_path is not None
        else {}
    )
    return Gazetteer(actors, agents)


def _match(words: list[str], i: int, table: dict, longest: int) -> tuple[int, str] | None:
    for n in range(min(longest, len(words) - i), 0, -1):
        key = tuple(words[i : i + n])
        if key in table:
            return n, table[key]
    return None


def mentions(doc: Doc, article: Article, gaz: Gazetteer) -> Found:
    """A `Found` holding the actors and mentions the dictionaries find in `doc`: longest
    phrase first; an agent next to an actor ("Arnorian foreign minister") takes the actor's
    code as prefix."""
    words = [t.lower_ for t in doc]
    found = Found()
    actor_at: dict[int, str] = {}
    seen: set[str] = set()
    i = 0
    longest = gaz.longest
    spans: list[tuple[int, int, str, str]] = []  # start, end, code, kind
    while i < len(doc):
        hit = _match(words, i, gaz.actors, longest)
        kind = "actor"
        if hit is None:
            hit = _match(words, i, gaz.agents, longest)
            kind = "agent"
        if hit is None:
            i += 1
            continue
        n, code = hit
        spans.append((i, i + n, code, kind))
        if kind == "actor":
            for k in range(i, i + n):
                actor_at[k] = code
        i += n
    for start, end, code, kind in spans:
        span = doc[start:end]
        if kind == "agent":
            owner = next(
                (actor_at[t.i] for t in span.root.children if t.i in actor_at),
                None,
            ) or next((actor_at[k] for k in (start - 1, start - 2) if k in actor_at), None)
            if owner is None:
                continue
            code = owner if owner.endswith(code) else owner + code
        if code not in seen:
            seen.add(code)
            found.actors.append(Actor(id=code, name=span.text, kind="dictionary"))
        found.mentions.append(
            Mention(
                actor_id=code,
                text=span.text,
                evidence=common.span_evidence(span, article, EXTRACTOR),
                via="name",
                head=span.root.i,
            )
        )
    return found
