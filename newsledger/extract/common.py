"""Helpers every extractor shares: evidence spans and sentence lookup."""

from __future__ import annotations

import bisect
import functools
import re

from spacy.tokens import Doc, Span

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


def attribution_for(found: Found, article: Article, start: int, end: int) -> Attribution:
    """The attribution that covers the span [start, end): the narrowest attributed scope that
    contains it, else the outlet's own voice."""
    covering = [
        a
        for a in found.attributions
        if a.scope_start <= start and end <= a.scope_end and not a.own_voice
    ]
    if not covering:
        return outlet_voice(article)
    return min(covering, key=lambda a: a.scope_end - a.scope_start)


def has_any(lower: str, phrases: tuple[str, ...]) -> bool:
    """Whether lower-cased text holds one of `phrases` as whole words."""
    return _any_of(phrases).search(lower) is not None


@functools.lru_cache(maxsize=64)
def _any_of(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a word list (a pattern per word overflowed `re`'s cache and was
    compiled again on every call)."""
    alternatives = "|".join(re.escape(p) for p in phrases) or "(?!)"
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
