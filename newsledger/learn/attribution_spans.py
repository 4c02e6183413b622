"""The spans of an attribution the model found: the source's phrase and the content's
fragments, read from the dependency parse around the cue.

Method: PolNeAR's conventions (Newell et al. 2018) in parse terms. The content of a verbal cue
is its clausal complement ("said that ..."), else the clause it hangs from ("..., he said"),
its infinitive ("plans to ..."), its object ("denied the report"), the rest of the sentence
after a colon, or the sentence without the "according to" phrase; a noun cue's content is its
"of"/"about"/"that" complement ("his criticism of the deal"). A direct quote that goes on in
the next sentences without a cue of its own ('"...," Narang said. "This program is ..."') is
more content of the same relation, as PolNeAR annotates it.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Span, Token

from ..extract.common import NP_CUT, doc_text, phrase_tokens

Char = tuple[int, int]
_TRIM = " \t\n,;:—–-"
_OPEN = ("“", '"')
_QUOTE_RE = re.compile(r"“[^”\n]{1,3000}”|\"[^\"\n]{1,3000}\"")


def end_of(tok: Token) -> int:
    return tok.idx + len(tok.text)


def source_span(tok: Token) -> Char:
    """The source's noun phrase: a pronoun as written, else the phrase without its relative
    clauses and appositions (the pronoun keeps its own span: scoring is strict on it)."""
    if tok.pos_ == "PRON":
        return tok.idx, end_of(tok)
    start, end = phrase_tokens(tok, NP_CUT)
    doc = tok.doc
    return doc[start].idx, end_of(doc[end])


def trim(doc: Doc, start: int, end: int) -> Char:
    text = doc_text(doc)
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _subtree(tok: Token, skip: set[int]) -> Char | None:
    """The contiguous stretch of `tok`'s subtree on its own side, without the tokens in `skip`
    (the cue and its source)."""
    toks = [t.i for t in tok.subtree if t.i not in skip]
    if not toks:
        return None
    # keep the run of the subtree that holds `tok`
    lo = hi = tok.i
    have = set(toks)
    while lo - 1 in have:
        lo -= 1
    while hi + 1 in have:
        hi += 1
    doc = tok.doc
    return doc[lo].idx, end_of(doc[hi])


def _right_end(tok: Token) -> Token:
    """The last token of `tok`'s phrase, before a ", which ..." or ", but ..." that leaves it."""
    last = tok.right_edge
    for t in tok.subtree:
        clause = t.dep_ in ("relcl", "advcl") or (t.dep_ == "conj" and t.pos_ in ("VERB", "AUX"))
        if t.i > tok.i and clause and t.i <= last.i:
            before = t.doc[t.left_edge.i - 1] if t.left_edge.i > 0 else None
            if before is not None and before.text in (",", "—", "–", "("):
                last = t.doc[max(tok.i, t.left_edge.i - 2)]
    return last


def quote_regions(doc: Doc) -> list[Char]:
    """Double-quoted stretches of the text, quote marks included (cached on the doc)."""
    cached = doc.user_data.get("newsledger_quote_regions")
    if cached is None:
        cached = [m.span() for m in _QUOTE_RE.finditer(doc_text(doc))]
        doc.user_data["newsledger_quote_regions"] = cached
    return cached


def _quote_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """The starts and ends of `quote_regions` (cached): the regions are ordered and do not
    overlap, so the ones near a cue are found by bisection, not by a scan per cue, which
    made the stage quadratic in the text's length (issue 16)."""
    cached = doc.user_data.get("newsledger_quote_bounds")
    if cached is None:
        regions = quote_regions(doc)
        cached = ([qs for qs, _ in regions], [qe for _, qe in regions])
        doc.user_data["newsledger_quote_bounds"] = cached
    return cached


def with_quotes(doc: Doc, content: list[Char], cue: Char, sent: Span) -> list[Char]:
    """Content grown to the whole of every quote it touches, plus the quote that resumes
    right after the cue phrase ('"A," Trump said, "but B"')."""
    if not content:
        return content
    regions = quote_regions(doc)
    starts, ends = _quote_bounds(doc)
    out = []
    for s, e in content:
        for k in range(bisect.bisect_right(ends, s), len(regions)):
            qs, qe = regions[k]
            if qs >= e:
                break  # the later regions start later still
            if not (qs < cue[0] < qe):
                s, e = min(s, qs), max(e, qe)
        out.append((s, e))
    first = min(s for s, _ in out)
    at = bisect.bisect_right(ends, first)
    if at < len(regions) and regions[at][0] <= first and first < cue[0]:
        for k in range(bisect.bisect_left(starts, cue[1]), len(regions)):
            qs, qe = regions[k]
            if qs - cue[1] >= 80:
                break
            if qs < sent.end_char and "\n" not in doc_text(doc)[cue[1] : qs]:
                out.append((qs, qe))
                break
    return sorted(set(out))


def content_span(doc: Doc, start: int, end: int, head: int, source: Token | None) -> list[Char]:
    """The content fragments of the cue at tokens [start, end) with head token `head`."""
    tok = doc[head]
    sent = tok.sent
    cue_ids = set(range(start, end))
    skip = set(cue_ids)
    if source is not None:
        skip.update(t.i for t in source.subtree if t.i != tok.i and tok not in t.ancestors)
        skip.add(source.i)
    span = _content_tokens(doc, tok, sent, start, end, skip)
    if span is None:
        return []
    s, e = trim(doc, *span)
    if e <= s:
        return []
    return with_quotes(doc, [(s, e)], (doc[start].idx, end_of(doc[end - 1])), sent)


def _content_tokens(doc: Doc, tok: Token, sent: Span, start: int, end: int,
                    skip: set[int]) -> Char | None:  # fmt: skip
    low = doc[start:end].text.lower()
    if "according to" in low or (tok.lower_ == "according"):
        return _sentence_without(doc, sent, tok, skip)
    if doc[end - 1].text == ":":  # "added:", "WikiLeaks:": what follows, to the paragraph end
        rest = doc_text(doc).find("\n", end_of(doc[end - 1]) + 2)
        stop = rest if rest > 0 else len(doc_text(doc))
        if end < sent.end and any(not t.is_space for t in doc[end : sent.end]):
            stop = sent.end_char
        return end_of(doc[end - 1]), stop
    if tok.text in ("—", "–") and end - start == 1:
        return (doc[start + 1].idx, sent.end_char) if start + 1 < sent.end else None
    clauses = [c for c in tok.children if c.dep_ in ("ccomp", "csubj") and c.i not in skip]
    if clauses:
        lo = min(c.left_edge.i for c in clauses)
        hi = max(c.right_edge.i for c in clauses)
        return doc[lo].idx, end_of(doc[hi])
    if tok.dep_ in ("parataxis", "advcl", "conj", "ccomp") and tok.head.i < tok.i:
        # "The talks failed, he said": the clause the cue hangs from, without the cue's part
        head = tok.head
        skip_all = skip | {t.i for t in tok.subtree}
        got = _subtree(head, skip_all)
        if got is not None:
            return got
    comp = _complement(doc, tok, start, end, skip)
    if comp is not None:
        return comp
    for c in tok.children:
        if c.dep_ in ("acl", "relcl") and c.i > tok.i:  # "the claim that ..."
            return c.left_edge.idx, end_of(c.right_edge)
    quote = _adjacent_quote(doc, start, end, sent)
    if quote is not None:  # '"What curfew?" they chanted'
        return quote
    return _sentence_without(doc, sent, tok, skip)


def _complement(doc: Doc, tok: Token, start: int, end: int, skip: set[int]) -> Char | None:
    """The first complement after the cue phrase of any of its words: an infinitive, object,
    predicate or prepositional object ("plans to ...", "cited X as Y", "spoke about X",
    "hailed Trump as Y"), to the end of the cue's right-hand phrase."""
    deps = ("xcomp", "dobj", "attr", "oprd", "pobj", "pcomp", "prep", "dative", "acomp")
    found = [c for t in doc[start:end] for c in t.children
             if c.dep_ in deps and c.i >= end and c.i not in skip]  # fmt: skip
    if not found:
        return None
    first = min(found, key=lambda c: c.i)
    lo = max(first.left_edge.i, end)
    last = _right_end(first)
    for c in tok.children:  # "described the raid as a massacre", "cited X as Y"
        if c.dep_ in ("prep", "oprd", "xcomp", "advmod", "npadvmod") and c.i > last.i:
            last = _right_end(c)
    return doc[lo].idx, end_of(last)


def _adjacent_quote(doc: Doc, start: int, end: int, sent: Span) -> Char | None:
    """A quote of the cue's sentence right before or after the cue phrase."""
    cue_s, cue_e = doc[start].idx, end_of(doc[end - 1])
    regions = quote_regions(doc)
    # the regions that end less than 60 characters before the cue, up to 40 after it
    for k in range(bisect.bisect_right(_quote_bounds(doc)[1], cue_s - 60), len(regions)):
        qs, qe = regions[k]
        if qs >= cue_e + 40:
            break
        gap_before = doc_text(doc)[qe:cue_s]
        gap_after = doc_text(doc)[cue_e:qs]
        if 0 <= cue_s - qe < 60 and "\n" not in gap_before:
            return qs, qe
        if 0 <= qs - cue_e < 40 and "\n" not in gap_after:
            return qs, qe
    return None


def _sentence_without(doc: Doc, sent: Span, tok: Token, skip: set[int]) -> Char | None:
    """The longer side of the sentence around the cue phrase and its source."""
    phrase = {t.i for t in tok.subtree} if tok.lower_ == "according" else set()
    out = phrase | skip
    runs, cur = [], []
    for t in sent:
        if t.i in out:
            if cur:
                runs.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        runs.append(cur)
    runs = [r for r in runs if any(not (t.is_punct or t.is_space) for t in r)]
    if not runs:
        return None
    best = max(runs, key=len)
    return best[0].idx, end_of(best[-1])


def _sentence_ends(doc: Doc) -> tuple[list[tuple[int, int]], list[int]]:
    """Token bounds and end offsets of the doc's sentences, made once per doc (cached on it):
    `continued_quotes` runs per cue, and listing `doc.sents` each time made the stage
    quadratic in the text's length (issue 16)."""
    cached = doc.user_data.get("newsledger_sentence_ends")
    if cached is None:
        spans = list(doc.sents)
        cached = ([(x.start, x.end) for x in spans], [x.end_char for x in spans])
        doc.user_data["newsledger_sentence_ends"] = cached
    return cached


def continued_quotes(doc: Doc, content: list[Char], cue_starts: set[int]) -> list[Char]:
    """Quoted sentences right after the content that go on without a cue of their own."""
    if not content:
        return content
    text = doc_text(doc)
    last_end = max(e for _, e in content)
    out = list(content)
    bounds, ends = _sentence_ends(doc)
    # the first sentence that holds last_end (sentences are ordered: bisect, not a scan)
    idx = bisect.bisect_left(ends, last_end)
    sents = [doc[a:b] for a, b in bounds[idx : idx + 4]]
    if not sents or sents[0].start_char > last_end:
        return out
    # the content must itself be, or end, a quote
    tail = text[sents[0].start_char : sents[0].end_char]
    if not any(q in tail for q in ("”", '"')):
        return out
    for s in sents[1:]:
        body = s.text.strip()
        if not body.startswith(_OPEN) or "\n\n" in text[last_end : s.start_char]:
            break
        if any(s.start_char <= c < s.end_char for c in cue_starts):
            break
        out.append(trim(doc, s.start_char, s.end_char))
        last_end = s.end_char
        if body.rstrip().endswith(("”", '"')):
            break
    return out
