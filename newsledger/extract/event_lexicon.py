"""The event lexicons, loaded once: trigger patterns, frame verbs, status cues, role phrases
and the fallback actor tables (all data files under newsledger/data/events/).

Method: PETRARCH-style verb patterns (a lemma, optionally a particle, a preposition or an
object noun) compiled into dictionaries keyed by lemma, so matching a token is one lookup.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources

import yaml
from spacy.tokens import Token

_DIR = "data/events"


def _load(name: str) -> dict:
    text = resources.files("newsledger").joinpath(f"{_DIR}/{name}").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """One verb pattern: `lemma ~particle >prep +objects` -> CAMEO code (and mode)."""

    lemma: str
    cameo: str
    mode: str | None = None
    particle: str | None = None
    prep: str | None = None
    objects: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()
    converse: bool = False  # the subject receives, the ">prep" object acts ("received ... from")
    # the subject (or passive agent) is one of these: "an IED exploded", "shells fell"
    subjects: frozenset[str] = frozenset()

    @property
    def specificity(self) -> int:
        return bool(self.particle) + bool(self.prep) + 2 * bool(self.objects or self.subjects)


@dataclass(frozen=True, slots=True)
class NounPattern:
    """A noun trigger: head lemma or form, optional modifier lemma -> CAMEO code (and mode)."""

    head: str
    cameo: str
    mode: str | None = None
    modifier: str | None = None
    excluded: frozenset[str] = frozenset()  # modifiers that make it no event ("news conference")


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, tuple[VerbPattern, ...]]
    nouns: dict[str, tuple[NounPattern, ...]]
    light_verbs: frozenset[str]
    frame_kind: dict[str, str]
    aspects: dict[str, str]
    frame_codes: dict[str, dict[str, str]]
    object_aspects: dict[str, str]
    cues: dict[str, frozenset[str]]
    roles: dict[str, tuple[tuple[str, ...], ...]]
    symmetric: tuple[str, ...]
    back_reference: frozenset[str]
    countries: dict[str, str]
    sectors: dict[str, str]
    future_kind: dict[str, str]
    intent_adjs: frozenset[str]
    intent_verbs: frozenset[str]
    obligation_modals: frozenset[str]
    silent_complements: frozenset[str]
    instruments: dict[str, tuple[str, str | None]]
    noun_frames: dict[str, str]
    appeal_verbs: frozenset[str] = field(default=frozenset())
    speech: dict = field(default_factory=dict)  # frames.yaml `speech_acts` (event_speech)
    consent_verbs: frozenset[str] = field(default=frozenset())
    noun_heads: frozenset[str] = field(default=frozenset())


def _code(key: str) -> tuple[str, str | None]:
    code, _, mode = str(key).partition("/")
    return code, mode or None


def parse_verb_pattern(text: str, cameo: str, mode: str | None) -> VerbPattern:
    """Parse "lemma ~particle >prep +obj1|obj2 -not1|not2 =subj1|subj2 [^]" into a
    `VerbPattern`."""
    words = str(text).split()
    lemma, particle, prep, converse = words[0].lower(), None, None, False
    objects: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    for word in words[1:]:
        if word.startswith("~"):
            particle = word[1:].lower()
        elif word.startswith(">"):
            prep = word[1:].lower()
        elif word.startswith("+"):
            objects = frozenset(o.lower() for o in word[1:].split("|"))
        elif word.startswith("-"):
            excluded = frozenset(o.lower() for o in word[1:].split("|"))
        elif word.startswith("="):
            subjects = frozenset(o.lower() for o in word[1:].split("|"))
        elif word == "^":
            converse = True
        else:
            raise ValueError(f"triggers.yaml: bad word {word!r} in verb pattern {text!r}")
    if converse and not prep:
        raise ValueError(f"triggers.yaml: converse pattern {text!r} needs the giver's >prep")
    return VerbPattern(lemma, cameo, mode, particle, prep, objects, excluded, converse, subjects)


def word_match(tok: Token, words: frozenset[str]) -> bool:
    """Is the token one of a pattern's words: its lemma or form, "@actor" for a named actor,
    "mod_head" for the head with that compound or adjective?"""
    if "@actor" in words and tok.ent_type_ in ("GPE", "ORG", "NORP", "PERSON"):
        return True
    if tok.lemma_.lower() in words or tok.lower_ in words:
        return True
    if not words.isdisjoint(hyphenated(tok)):
        return True  # "cease-fire", parsed as "cease" compound of "fire"
    mods = [c.lower_ for c in tok.children if c.dep_ in ("amod", "compound")]
    if any(f"{m}_{tok.lower_}" in words or f"{m}_{tok.lemma_.lower()}" in words for m in mods):
        return True
    # "state_of_emergency": a head with its "of" object, where the head alone says nothing
    # (or that object, once a quantity noun is unwrapped: "an act of war" -> "war")
    if tok.dep_ == "pobj" and tok.head.lower_ == "of":
        if f"{tok.head.head.lemma_.lower()}_of_{tok.lemma_.lower()}" in words:
            return True
    return any(f"{tok.lemma_.lower()}_of_{p.lemma_.lower()}" in words
               for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
               for p in c.children if p.dep_ == "pobj")  # fmt: skip


def hyphenated(tok: Token) -> set[str]:
    """The token's hyphenated compound forms: "cease-fire" for "fire" (spaCy splits the word
    into "cease", "-", "fire", the first a compound of the last)."""
    doc = tok.doc
    return {
        f"{c.lower_}-{form}"
        for c in tok.children
        if c.dep_ in ("compound", "amod") and c.i == tok.i - 2 and doc[tok.i - 1].text == "-"
        for form in (tok.lower_, tok.lemma_.lower())
    }


def regular_stems(form: str) -> list[str]:
    """Candidate lemmas of a regularly inflected verb form ("staged" -> "stage")."""
    for suffix, repls in (("ied", ("y",)), ("ed", ("e", "")), ("ies", ("y",)), ("es", ("e", "")),
                          ("s", ("",)), ("ing", ("e", "")), ("d", ("",))):  # fmt: skip
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            return [form[: -len(suffix)] + r for r in repls]
    return []


@functools.cache
def lexicon() -> Lexicon:
    """All event lexicons, parsed once per process."""
    trig = _load("triggers.yaml")
    verbs: dict[str, list[VerbPattern]] = {}
    for key, patterns in trig["verbs"].items():
        cameo, mode = _code(key)
        for text in patterns:
            pat = parse_verb_pattern(text, cameo, mode)
            verbs.setdefault(pat.lemma, []).append(pat)
    nouns: dict[str, list[NounPattern]] = {}
    for key, patterns in trig["nouns"].items():
        cameo, mode = _code(key)
        for text in patterns or ():
            words = str(text).lower().split()
            excluded = frozenset(
                m for w in words if w.startswith("-") for m in w[1:].split("|")
            )  # fmt: skip
            words = [w for w in words if not w.startswith("-")]
            head, modifier = words[-1], (" ".join(words[:-1]) or None)
            nouns.setdefault(head, []).append(NounPattern(head, cameo, mode, modifier, excluded))
    frames = _load("frames.yaml")
    frame_kind = {lemma: kind for kind, lemmas in frames["frames"].items() for lemma in lemmas}
    cues = {k: frozenset(str(w).lower() for w in v) for k, v in _load("cues.yaml").items()}
    roles_data = _load("roles.yaml")
    roles = {
        role: tuple(tuple(p.lower().split()) for p in phrases)
        for role, phrases in roles_data.items()
        if role in ("mediator", "host", "victim")
    }
    actors = _load("actors.yaml")
    return Lexicon(
        verbs={k: tuple(sorted(v, key=lambda p: -p.specificity)) for k, v in verbs.items()},
        nouns={k: tuple(sorted(v, key=lambda p: p.modifier is None)) for k, v in nouns.items()},
        light_verbs=frozenset(trig["light_verbs"]),
        frame_kind=frame_kind,
        aspects={str(k): v for k, v in frames["aspects"].items()},
        frame_codes={k: {a: str(c) for a, c in v.items()} for k, v in frames["codes"].items()},
        object_aspects=frames["object_aspects"],
        cues=cues,
        roles=roles,
        symmetric=tuple(str(c) for c in roles_data["symmetric_cameo"]),
        back_reference=frozenset(p.lower() for p in roles_data["plural_back_reference"]),
        countries={str(k).lower(): v for k, v in actors["countries"].items()},
        sectors=actors["sectors"],
        future_kind={str(k): v for k, v in frames["future_kind"].items()},
        intent_adjs=frozenset(frames["intent_adjs"]),
        intent_verbs=frozenset(frames["intent_verbs"]),
        obligation_modals=frozenset(frames["obligation_modals"]),
        silent_complements=frozenset(frames["silent_complements"]),
        instruments={k: _code(v) for k, v in trig.get("instruments", {}).items()},
        noun_frames=dict(frames.get("noun_frames", {})),
        appeal_verbs=frozenset(frames.get("appeal_verbs", ())),
        speech=_speech(frames.get("speech_acts", {})),
        consent_verbs=frozenset(frames.get("consent_verbs", ())),
        noun_heads=frozenset(nouns),
    )


def _speech(raw: dict) -> dict:
    """The speech-act lists as sets (the phrasal frames stay a mapping)."""
    return {k: (dict(v) if isinstance(v, dict) else frozenset(str(w).lower() for w in v))
            for k, v in raw.items()}  # fmt: skip


def aspect_of(cameo: str, lex: Lexicon) -> str | None:
    """The frame aspect of a complement's CAMEO code (longest listed prefix)."""
    for n in range(len(cameo), 1, -1):
        if cameo[:n] in lex.aspects:
            return lex.aspects[cameo[:n]]
    return None
