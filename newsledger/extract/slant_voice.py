"""Whose words a span is, for the slant stage: the outlet's, or a speaker's.

Rules (data/lexicons/voice.yaml), after the realnews-dev guidelines and BASIL's split of the
outlet's voice from quoted speech (Fan et al. 2019): a direct quote belongs to its speaker; a
reported statement belongs to its speaker within the line of its cue (a reported statement
never runs across a line break; a cue's scope that does is cut there); a cue that attributes
only truth ("according to", "reportedly", "citing") leaves the wording to the outlet; the "as"
complement of a characterising verb ("condemned as cowardly") is its subject's. A short
lower-case quote that nobody is said to have said is a scare quote: the outlet's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml
from spacy.tokens import Doc, Token

from ..model import Attribution, Found
from . import common, cues

QUOTE_RE = re.compile(r"“([^”\n]{1,1500})”|\"([^\"\n]{1,1500})\"")
# words before a short quote that name it rather than scare it: 'the slogan "yes we can"'
_NAMING_WORDS = frozenset(
    "called calling call calls dubbed named titled entitled term phrase word words slogan "
    "line headline labelled labeled branded nicknamed motto hashtag as".split()
)


@dataclass(frozen=True, slots=True)
class Voiced:
    """Characters [start, end) that are a speaker's words (`speaker` None: not named)."""

    start: int
    end: int
    speaker: str | None


@dataclass(frozen=True, slots=True)
class VoiceRules:
    truth_only_cues: frozenset[str]
    characterising_verbs: frozenset[str]
    naming_verbs: frozenset[str]


@functools.lru_cache(maxsize=1)
def rules() -> VoiceRules:
    """Load (once) the voice rules shipped in the package."""
    raw = yaml.safe_load(
        resources.files("newsledger").joinpath("data/lexicons/voice.yaml").read_text("utf-8")
    )
    return VoiceRules(
        *(frozenset(raw[k]) for k in ("truth_only_cues", "characterising_verbs", "naming_verbs"))
    )


def speaker_of(a: Attribution) -> str | None:
    """The original source of an attribution, as the text names it."""
    name = a.chain[-1].name if len(a.chain) > 1 else None
    return None if name in (None, "unidentified speaker") else name


def speaker_spans(doc: Doc, found: Found) -> list[Voiced]:
    """The spans whose words belong to a speaker: direct quotes and reported statements."""
    text = common.doc_text(doc)
    truth_only = rules().truth_only_cues
    out = []
    for m in QUOTE_RE.finditer(text):
        start, end = m.span(1) if m.group(1) is not None else m.span(2)
        if not is_scare_quote(doc, found, start, end):
            out.append(Voiced(*m.span(), _quoted_by(found, *m.span())))
    for a in found.attributions:
        if a.own_voice or a.scope_end <= a.scope_start:
            continue
        cue = (a.cue or "").lower().split()
        if cue and cue[0] in truth_only and not a.quote:
            continue
        start, end = _cue_line(text, a)
        out.append(Voiced(start, end, speaker_of(a)))
    return out


def _cue_line(text: str, a: Attribution) -> tuple[int, int]:
    """The attribution's scope cut to the line of its cue, when the scope reaches that line."""
    if a.evidence is None:
        return a.scope_start, a.scope_end
    line_start = text.rfind("\n", 0, a.evidence.start) + 1
    line_end = text.find("\n", a.evidence.start)
    line_end = len(text) if line_end < 0 else line_end
    start, end = max(a.scope_start, line_start), min(a.scope_end, line_end)
    return (start, end) if start < end else (a.scope_start, a.scope_end)


def _quoted_by(found: Found, start: int, end: int) -> str | None:
    for a in found.attributions:
        if not a.own_voice and a.scope_start < end and start < a.scope_end:
            return speaker_of(a)
    return None


def voice_of(spans: list[Voiced], start: int, end: int) -> Voiced | None:
    """The speaker span holding at least half of [start, end), if any."""
    for v in spans:
        if 2 * max(0, min(end, v.end) - max(start, v.start)) >= end - start:
            return v
    return None


def characterised(tok: Token) -> str | None:
    """The lemma of the characterising verb whose "as ..." complement holds `tok`
    ("condemned by the leadership as cowardly and aimed at civilians"), or of the naming verb
    whose object holds it ("India named nine terrorist camps"), if any."""
    verbs, naming = rules().characterising_verbs, rules().naming_verbs
    seen_as = False
    for _ in range(8):
        head = tok.head
        if head.i == tok.i:
            return None
        # the parser hangs "as" on the verb or on the complement ("as cowardly": advmod)
        seen_as = seen_as or tok.lower_ == "as" or any(c.lower_ == "as" for c in tok.children)
        if head.lemma_.lower() in verbs and (seen_as or tok.dep_ == "oprd"):
            return head.lemma_.lower()
        if head.lemma_.lower() in naming and tok.dep_ == "dobj":
            return head.lemma_.lower()
        tok = head
    return None


def is_scare_quote(doc: Doc, found: Found, start: int, end: int) -> bool:
    """A quote of one to three lower-case words that no speaker is given for: not inside an
    attribution scope, not in a sentence with a reporting cue, not after a naming word."""
    words = common.doc_text(doc)[start:end].split()
    if not 1 <= len(words) <= 3 or not words[0][:1].islower():
        return False  # titles and names are capitalised; scare quotes rarely are
    for a in found.attributions:
        overlap = min(end, a.scope_end) - max(start, a.scope_start)
        if not a.own_voice and overlap >= 0.5 * (end - start):
            return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    lex = cues.load()
    sent = span.sent
    if any(
        t.pos_ == "VERB" and lex.is_cue_word(t.lemma_.lower(), t.lower_) or t.lower_ == "according"
        for t in sent
    ):
        return False  # "McCain said the comments were "wildly inaccurate.""
    before = {t.lower_ for t in doc[max(sent.start, span.start - 5) : span.start]}
    return not before & _NAMING_WORDS
