"""The content a reporting verb reports: its clause, quote, colon tail or noun object.

Method: rules over the spaCy dependency parse, after the GenderGapTracker's quote extractor
(Asr et al. 2021: reporting verb + clausal complement) and the object-content cues of
Recasens et al. (2013) ("documented the deaths", "accused X of Y", "condemned X as Y").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..model import Found
from .attribution_quotes import quote_after
from .cues import Cues
from .speakers import child_of, end_of, subject_of


def content_span(
    tok: Token, sent: Span, lemma: str, lex: Cues, found: Found
) -> tuple[int, int] | None:
    """The reported content of a cue verb: clause, quote, colon tail, or noun object."""
    clauses = [c for c in tok.children if c.dep_ in ("ccomp", "csubj")]
    if clauses:
        first = min(c.left_edge.i for c in clauses)
        last = max(c.right_edge.i for c in clauses)
        for clause in clauses:  # "said A, but denied B": B is the next cue's, not this one's
            for c in clause.children:
                if (
                    c.dep_ in ("conj", "advcl")
                    and c.i > tok.i
                    and c.i > clause.i
                    and (lex.is_cue_word(c.lemma_.lower(), c.lower_))
                ):
                    last = min(last, c.left_edge.i - 1)
        while last > first and sent.doc[last].dep_ in ("cc", "punct"):
            last -= 1
        return sent.doc[first].idx, end_of(sent.doc[last])
    for prep in (c for c in tok.children if c.dep_ == "prep"):
        # "said in a statement that ...", where the parser hangs the clause on "statement"
        for t in prep.subtree:
            if t.dep_ in ("acl", "relcl") and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in t.children
            ):
                return t.left_edge.idx, end_of(t.right_edge)
    xcomp = child_of(tok, "xcomp")
    if xcomp is not None and xcomp.tag_ == "VBG" and lemma in lex.object_content:
        return xcomp.left_edge.idx, end_of(xcomp.right_edge)  # "denied targeting civilians"
    nxt = _next_non_space(tok, sent)
    if nxt is not None and nxt.text == ":":
        return end_of(nxt), sent.end_char
    quote = quote_after(tok, sent)
    if quote is not None:  # 'A statement by X said, “...”'
        return quote
    if (
        (tok.dep_ in ("parataxis", "advcl", "conj") or _closing_ccomp(tok, sent))
        and subject_of(tok, found, lex) is not None
        and tok.head.i < tok.i
        and tok.head.left_edge.i < tok.left_edge.i
    ):
        # "The talks failed, he said." / "..., Channel 12 reported, citing" / ", reported
        # Xinhua": the clause before, from the first of its conjoined verbs
        head = tok.head
        while head.dep_ == "conj" and head.head.i < head.i:
            head = head.head
        first = min(tok.head.left_edge.i, head.left_edge.i)
        return sent.doc[first].idx, min(tok.left_edge.idx, tok.idx)
    if lemma in lex.anonymous_passives and child_of(tok, "nsubjpass") is not None:
        subj = child_of(tok, "nsubjpass")
        xcomp = child_of(tok, "xcomp")
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        tail = xcomp if xcomp is not None else of
        if tail is not None and subj is not None:
            return subj.left_edge.idx, _right_end(tail)
    obj = child_of(tok, "dobj")
    as_phrase = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"), None)
    if obj is not None and relative_object(tok):
        # "an event that Israel cited as ...": the content is what the relative refers to
        ante = tok.head
        ref = ante.head if ante.dep_ == "appos" else ante
        if ref.i == ante.i:
            return ante.left_edge.idx, end_of(ante)
        for _ in range(4):  # "massacring civilians in Sweida province, an event that": the act
            if ref.pos_ == "VERB" or ref.dep_ not in ("pobj", "prep", "dobj", "pcomp"):
                break
            ref = ref.head
        return ref.left_edge.idx, _before_appos(ref, ante)
    if obj is not None and as_phrase is not None and lemma in lex.characterising:
        # "Damascus condemned the strikes as a violation": the characterisation is the claim
        return obj.left_edge.idx, end_of(as_phrase.right_edge)
    predicate = next(
        (c for c in tok.children if c.dep_ in ("oprd", "xcomp", "ccomp") and c.i > tok.i), None
    )
    if obj is not None and predicate is not None and lemma in lex.characterising:
        # "called the comments "unacceptable"", "calling the deal "a steep price""
        return obj.left_edge.idx, end_of(predicate.right_edge)
    if obj is not None and lemma in lex.object_content:
        last = obj.right_edge
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "as")), None)
        if lemma in ("accuse", "charge", "cite") and of is not None:
            last = of.right_edge
        for child in tok.children:  # "documented detentions in the province"
            if child.dep_ == "prep" and child.i > last.i and child.lower_ in ("in", "at", "of"):
                last = max(last, child.right_edge, key=lambda t: t.i)
        end = _right_end(obj) if last.i == obj.right_edge.i else end_of(last)
        return obj.left_edge.idx, end
    if lemma == "accuse" and obj is not None:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:
            return obj.left_edge.idx, end_of(of.right_edge)
    return None


def _closing_ccomp(tok: Token, sent: Span) -> bool:
    """A cue the parser hangs as the complement of the clause it reports, after a comma at
    the sentence's end: "India ... used its right to preempt them, Vikram Misri asserted."."""
    if tok.dep_ != "ccomp" or tok.left_edge.i == 0:
        return False
    if sent.doc[tok.left_edge.i - 1].text != ",":
        return False
    nxt = _next_non_space(tok, sent)
    return nxt is None or nxt.text in (".", "!", "?")


def relative_object(tok: Token) -> bool:
    """Whether the cue's object is a relative pronoun ("an event that Israel cited")."""
    obj = child_of(tok, "dobj")
    return tok.dep_ == "relcl" and obj is not None and obj.tag_ in ("WDT", "WP")


def _right_end(tok: Token) -> int:
    """End of a token's subtree, without a trailing ", an appositive" that renames it. An
    "appositive" with a conjunct is the parser's reading of a list ("eleven deaths, 567
    arrests, and dozens of injuries"): it names more of the content, not the same thing."""
    end = end_of(tok.right_edge)
    for t in tok.subtree:
        if t.dep_ == "appos" and t.i > tok.i and t.doc[t.left_edge.i - 1].text == ",":
            if any(c.dep_ == "conj" for c in t.children):
                continue
            end = min(end, t.doc[t.left_edge.i - 1].idx)
    return end


def _before_appos(ref: Token, appos: Token) -> int:
    """End of `ref`'s phrase, stopping before its appositive `appos`."""
    stop = appos.left_edge.i
    doc = ref.doc
    while stop > ref.left_edge.i and (doc[stop - 1].is_punct or doc[stop - 1].is_space):
        stop -= 1
    return end_of(doc[stop - 1]) if stop > ref.left_edge.i else end_of(ref)


def _next_non_space(tok: Token, sent: Span) -> Token | None:
    for t in sent.doc[tok.i + 1 : sent.end]:
        if not t.is_space:
            return t
    return None
