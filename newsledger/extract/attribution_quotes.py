"""Direct quotes: which attribution a quote belongs to, and quotes that go on.

Method: after the GenderGapTracker's quote adjacency (Asr et al. 2021): a quote carries the
attribution of the cue whose content it falls in, or of a speaker named after a dash or before
a colon ('"...," — Jane Doe'); a quote that opens the next sentence of the same paragraph
continues the previous speaker's quote as one relation, as PolNeAR annotates it
('"...," Narang said. "This program is no longer a joke."'); quotes of one to three words
with no speaker are left alone (the slant stage judges them as scare quotes).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..model import Found, Source
from . import common
from .cues import Cue, Cues

QUOTE_RE = re.compile(r"“([^”\n]{1,1500})”|\"([^\"\n]{1,1500})\"")
_TRIM = " \t\n,;:\"“”‘’'—–-"
_NAME_WORD = r"[A-Z][\w’'.-]*"
_DASH_NAME_RE = re.compile(rf"^\s*[—–-]{{1,2}}\s*((?:{_NAME_WORD}\s?){{1,5}})")
_COLON_NAME_RE = re.compile(rf"((?:{_NAME_WORD}\s?){{1,5}})\s*:\s*$")
_STANCE_KINDS = frozenset({"belief", "other"})  # the kinds that are no report (issue 13)
# sources that can say a quote ("The ceasefire stipulates" is a "source": it cannot)
_SPEAKER_KINDS = frozenset({"person", "official", "organisation", "anonymous", "group", "media"})


def quote_after(tok: Token, sent: Span) -> tuple[int, int] | None:
    """The direct quote a cue verb opens after a comma: 'X said, “A little while ago, ...”'
    (the parser hangs the quote's clause elsewhere)."""
    doc = sent.doc
    i = tok.i + 1
    while i < sent.end and doc[i].is_space:
        i += 1
    if i + 1 >= sent.end or doc[i].text != "," or doc[i + 1].text not in ("“", '"'):
        return None
    m = QUOTE_RE.match(common.doc_text(doc), doc[i + 1].idx)
    if m is None:
        return None
    return m.span(1) if m.group(1) is not None else m.span(2)


def attach_quotes(doc: Doc, cues: list[Cue], outlet: Source, found: Found, lex: Cues) -> None:
    """Give each direct quote to the cue whose scope it falls in, or to a dash/colon name, or
    to the previous speaker; long quotes nobody claims are credited to an unnamed speaker."""
    for m in QUOTE_RE.finditer(common.doc_text(doc)):
        q_start, q_end = m.span(1) if m.group(1) is not None else m.span(2)
        text = common.doc_text(doc)[q_start:q_end].strip()
        words = len(text.split())
        owners = [c for c in cues if c.scope_start < q_end and q_start < c.scope_end]
        owners = [c for c in owners if c.lemma not in lex.anonymous_adverbs]
        if owners:
            owner = min(owners, key=lambda c: c.scope_end - c.scope_start)
            if _speech_past_stance(doc, owner, q_start, q_end):
                owner.kind = "speech"
            owner.quote.append(text.rstrip(",."))
            if q_start - 2 <= owner.scope_start and owner.scope_end <= q_end + 2:
                owner.scope_start, owner.scope_end = trim(doc, q_start, q_end)
            continue
        if words <= 3:
            continue  # a scare quote, judged by the slant stage
        index = common.sentence_index(doc, q_start)
        chain, cue_span = _dash_or_colon_speaker(doc, m.start(), m.end(), outlet)
        start, end = trim(doc, q_start, q_end)
        if chain is None:
            before = [c for c in cues if c.cue_start < q_start and index - 1 <= c.sentence]
            if before and _continues(doc, before[-1], m.start()):
                # '"...," Narang said. "This program is no longer a joke."': one relation
                prev = before[-1]
                prev.fragments = prev.fragments or [(prev.scope_start, prev.scope_end)]
                prev.fragments.append((start, end))
                prev.scope_end = max(prev.scope_end, end)
                prev.quote.append(text.rstrip(",."))
                continue
            if before:
                chain = list(before[-1].chain)
                if chain[-1].kind not in _SPEAKER_KINDS and _opens_paragraph(doc, m.start()):
                    chain = _last_speaker(doc, cues, m.start()) or [
                        outlet, Source(name="unidentified speaker", kind="anonymous")]
            else:
                chain = [outlet, Source(name="unidentified speaker", kind="anonymous")]
        cues.append(
            Cue(
                chain=chain,
                cue="quote",
                cue_start=cue_span[0],
                cue_end=cue_span[1],
                scope_start=start,
                scope_end=end,
                lemma="quote",
                sentence=index,
                quote=[text.rstrip(",.")],
            )
        )


def _opens_paragraph(doc: Doc, start: int) -> bool:
    """Does the quote at `start` open its line (a paragraph of its own)?"""
    text = common.doc_text(doc)
    return not text[text.rfind("\n", 0, start) + 1 : start].strip()


def _last_speaker(doc: Doc, cues: list[Cue], start: int) -> list[Source] | None:
    """The chain of the last cue in the paragraph before `start` whose source can speak (a
    person, official or body): a bare quote paragraph goes on from them, not from "The
    ceasefire stipulates"."""
    text = common.doc_text(doc)
    line = text.rfind("\n", 0, start)  # the end of the paragraph before the quote
    previous = text.rfind("\n", 0, len(text[: max(line, 0)].rstrip())) + 1  # and its start
    speakers = [c for c in cues if previous <= c.cue_start < start
                and c.chain and c.chain[-1].kind in _SPEAKER_KINDS]  # fmt: skip
    return list(max(speakers, key=lambda c: c.cue_start).chain) if speakers else None


def _speech_past_stance(doc: Doc, owner: Cue, q_start: int, q_end: int) -> bool:
    """Does a stance or order open a quote that goes on past its sentence ('Katz instructed
    the IDF to "act assertively. Every Hezbollah man ... should be arrested"')? Then the
    quote is the speaker's speech: one relation, as PolNeAR has it, of kind speech."""
    if owner.kind not in _STANCE_KINDS:
        return False
    first = doc.char_span(q_start, q_start + 1, alignment_mode="expand")
    # within one sentence the quote is the stance's own words ('vowed to "crush" them')
    return first is not None and first.sent.end_char < q_end - 1


def _continues(doc: Doc, prev: Cue, quote_start: int) -> bool:
    """Whether a quote opening a sentence goes on from `prev`'s quote: same paragraph, the
    previous sentence or the same one, and nothing but the quote's own sentence before it."""
    text = common.doc_text(doc)
    if not prev.quote or "\n\n" in text[prev.cue_end : quote_start]:
        return False
    sent = doc.char_span(quote_start, quote_start + 1, alignment_mode="expand")
    if sent is None:
        return False
    lead = text[sent.sent.start_char : quote_start]
    return not lead.strip()


def _dash_or_colon_speaker(
    doc: Doc, start: int, end: int, outlet: Source
) -> tuple[list[Source] | None, tuple[int, int]]:
    """A speaker named after a dash or before a colon, with the span that names them (else
    the quote's own span, as the cue of a quote nobody introduces)."""
    after = _DASH_NAME_RE.match(common.doc_text(doc)[end : end + 80])
    if after:
        name = after.group(1).strip().rstrip(".")
        return [outlet, Source(name=name, kind="person")], (end, end + after.end())
    base = max(common.doc_text(doc).rfind("\n", 0, start) + 1, start - 80)
    before = _COLON_NAME_RE.search(common.doc_text(doc)[base:start])
    if before:
        name = before.group(1).strip()
        return [outlet, Source(name=name, kind="person")], (base + before.start(), start)
    return None, (start, end)


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, quote marks, a leading "that" and trailing punctuation from a span."""
    text = common.doc_text(doc)
    while start < end and text[start] in _TRIM:
        start += 1
    if text[start : start + 5].lower() == "that ":
        start += 5
    while end > start and (text[end - 1] in _TRIM or text[end - 1] in ".!?"):
        end -= 1
    return start, end
