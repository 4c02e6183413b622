"""Helpers every extractor shares: evidence spans and sentence lookup."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from ..model import Article, Attribution, Evidence, Found, Source


def sentence_index(doc: Doc, char: int) -> int:
    """Index of the sentence that contains character offset `char`."""
    starts = _sentence_starts(doc)
    return max(0, bisect.bisect_right(starts, char) - 1)


def _sentence_starts(doc: Doc) -> list[int]:
    cached = doc.user_data.get("newsledger_sentence_starts")
    if cached is None:
        cached = [sent.start_char for sent in doc.sents]
        doc.user_data["newsledger_sentence_starts"] = cached
    return cached


def doc_text(doc: Doc) -> str:
    """The text of `doc`, built once (spaCy rebuilds `Doc.text` from the tokens on each access)."""
    # Doc.text joins every token on each access: cache it, evidence is made per mention
    cached = doc.user_data.get("newsledger_text")
    if cached is None:
        cached = doc.text
        doc.user_data["newsledger_text"] = cached
    return cached


def evidence(doc: Doc, article: Article, start: int, end: int, extractor: str) -> Evidence:
    """Evidence for the character span [start, end) of `doc`."""
    return Evidence(
        article_id=article.id,
        sentence=sentence_index(doc, start),
        start=start,
        end=end,
        text=doc_text(doc)[start:end],
        extractor=extractor,
    )


def span_evidence(span: Span, article: Article, extractor: str) -> Evidence:
    """Evidence for a spaCy span."""
    return evidence(span.doc, article, span.start_char, span.end_char, extractor)


def outlet_voice(article: Article) -> Attribution:
    """The attribution of text the outlet states in its own voice."""
    return Attribution(
        chain=(Source(name=article.outlet or "the outlet", kind="outlet"),),
        cue=None,
        own_voice=True,
        scope_start=0,
        scope_end=len(article.text),
    )


def attribution_for(
    found: Found, article: Article, start: int, end: int, plain_trigger: bool = False
) -> Attribution:
    """The attribution that covers the span [start, end): the narrowest attributed scope that
    contains it (the first listed among equals), else the outlet's own voice. A belief or
    intention ("vowed to", "promises to") is the actor's stance, which the outlet states: it
    is not who says so (issue 13). An event whose trigger is a plain reporting verb
    (`plain_trigger`: one of cues.yaml's plain_verbs, which the caller checks) coded from what
    it reports ("said the US will pay a heavy price") is done in the speaker's words: that
    cue's attribution."""
    atts = found.attributions
    if plain_trigger:
        said = _plain_cue(atts, start, end)
        if said is not None:
            return said
    cached = _SCOPES
    if cached[0] is not atts or cached[1] != len(atts):
        spans = [
            None if a.own_voice or a.kind in _STANCE_KINDS else (a.scope_start, a.scope_end)
            for a in atts
        ]
        cached = (atts, len(atts), Scopes(spans))
        globals()["_SCOPES"] = cached  # one tuple, swapped whole: safe across threads
    k = cached[2].narrowest(start, end)
    return outlet_voice(article) if k is None else atts[k]


def _plain_cue(atts: Sequence[Attribution], start: int, end: int) -> Attribution | None:
    """The speech attribution whose cue is the span [start, end)."""
    return next(
        (
            a
            for a in atts
            if a.evidence is not None
            and a.kind == "speech"
            and not a.own_voice
            and a.evidence.start < end
            and start < a.evidence.end
        ),
        None,
    )


class Scopes:
    """Character spans, asked for the narrowest one that contains a given span, by bisection
    over their sorted starts (issue 16: a scan of every attribution per event, or of every
    cue per cue, made the stages quadratic in the text's length)."""

    def __init__(self, spans: Sequence[tuple[int, int] | None]) -> None:
        ordered = sorted((s[0], k) for k, s in enumerate(spans) if s is not None)
        self.spans = spans
        self.starts = [s for s, _ in ordered]
        self.index = [k for _, k in ordered]
        self.max_end = list(itertools.accumulate((spans[k][1] for k in self.index), max))  # type: ignore[index]

    def narrowest(self, start: int, end: int, wider_than: int | None = None,
                  skip: int = -1) -> int | None:  # fmt: skip
        """The index of the narrowest span (s, e) with s <= start and end <= e, wider than
        `wider_than` when given and not `skip`; the lowest index among equals; else None."""
        best: tuple[int, int] | None = None
        j = bisect.bisect_right(self.starts, start) - 1
        while j >= 0 and self.max_end[j] >= end:  # nothing at or before j reaches `end`
            s, k = self.starts[j], self.index[j]
            if best is not None and end - s > best[0]:
                break  # every span from here on is wider than the best
            e = self.spans[k][1]  # type: ignore[index]
            width = e - s
            if e >= end and k != skip and (wider_than is None or width > wider_than):
                best = min(best, (width, k)) if best is not None else (width, k)
            j -= 1
        return None if best is None else best[1]


_SCOPES: tuple = (None, -1, None)
_STANCE_KINDS = frozenset({"belief", "other"})


def has_any(lower: str, phrases: tuple[str, ...]) -> bool:
    """Whether lower-cased text holds one of `phrases` as whole words."""
    return _any_of(phrases).search(lower) is not None


@functools.lru_cache(maxsize=64)
def _any_of(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a word list (a pattern per word overflowed `re`'s cache and was
    compiled again on every call)."""
    alternatives = "|".join(re.escape(p) for p in phrases) or "(?!)"
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


# the dependents that end a noun phrase's name: relative clauses, appositions, coordination
NP_CUT = frozenset({"relcl", "acl", "appos", "advcl", "punct", "cc", "conj", "parataxis"})


def phrase_tokens(head: Token, cut: frozenset[str]) -> tuple[int, int]:
    """First and last token of the head's phrase: its subtree without the children whose
    dependency is in `cut`, the contiguous run around the head, punctuation trimmed. An
    apposition after the head ("the military claimed ..., a claim Hamas dismissed") can
    stretch the subtree over other words; the contiguous run keeps them out."""
    removed: set[int] = set()
    for child in head.children:
        if child.dep_ in cut:
            removed.update(t.i for t in child.subtree)
    allowed = {t.i for t in head.subtree} - removed
    start = end = head.i
    while start - 1 in allowed:
        start -= 1
    while end + 1 in allowed:
        end += 1
    doc = head.doc
    while end > start and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end


# sectors whose actors act for their state: a state, its organs and its named people are one side
STATE_ORGANS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "ELI"})


def side_of(actor_id: str) -> str | None:
    """The side an actor stands on: its country code for a state, its organs and its named
    people ("USAGOV", "USA:TRUMP" -> "USA"), its own id for anyone else ("MLIJNI": JNIM is not
    Mali's army; an IGO stands for itself); None for a provisional actor."""
    if actor_id.startswith("PROV:"):
        return None
    if actor_id.startswith("IGO"):
        return actor_id
    home = actor_id.split(":", 1)[0]
    return home[:3] if home[3:6] in ("", *STATE_ORGANS) else home
