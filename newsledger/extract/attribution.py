"""Attribution: who says so, as a chain from the outlet down to the original source.

Method: rules over the spaCy dependency parse, after the quote extractor of the
GenderGapTracker (Asr et al. 2021, reporting verb + subject + clausal complement, quote
adjacency) and the reporting-verb cues of Recasens et al. (2013). Cues handled:

- a reporting verb with a clausal complement, a quote, a colon, or (for verbs such as
  "report", "reveal", "document") a noun object: "X said that ...", "... , X said",
  "X told Y: ...", "rights groups documented the deaths ...";
- "according to X", with nesting ("According to X, citing Y, ...");
- nested sources on the speaker: "Media outlets quoting an HTS official reported ...",
  "X, citing Y, said", "X quoted Y as saying ...";
- a pronoun speaker resolved to the last speaker of the previous sentences, else the last
  named person ("he said, adding ...");
- anonymous frames: "reportedly", "allegedly", "is said to", "were accused of";
- quotes: a quote carries the attribution of the cue next to it, or of a dash/colon name
  ('"...," — Jane Doe'), or continues the previous speaker; quotes of one to three words with
  no speaker are left alone (the slant stage judges them as scare quotes).

Each `Attribution` has the chain (first link the outlet), the cue as written, a direct quote
if any, and scope_start/scope_end = the span of the reported content; its evidence is the cue.
Claims (extract/claims.py) are made from the same cues in the same stage.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..learn import attribution as learned
from ..learn import models
from ..model import Article, Found, Source
from . import claims, common
from .attribution_model import kind_of, merge_model, reports_nothing
from .cues import Cue, Cues, load
from .speakers import (
    actor_in,
    child_of,
    end_of,
    is_source_np,
    name_and_kind,
    speaker_chain,
    subject_of,
)

NAME = "attribution"
VERSION = 3
LABEL = f"{NAME}@{VERSION}"
# records made with the trained model off or missing say so (models.py falls back to rules)
RULES_LABEL = f"{NAME}@{VERSION}+rules"

# Attribution cues whose wording is the outlet's own, not the source's: an adverb that
# attributes only the truth of a statement ("reportedly"), or a stated reason the outlet sums up
# ("citing the need to ..."). The slant stage still judges words in their scopes.
OUTLET_WORDED_CUES = frozenset(
    {
        "reportedly",
        "allegedly",
        "purportedly",
        "supposedly",
        "apparently",
        "ostensibly",
        "citing",
        "cited",
        "cites",
        "cite",
    }
)

_QUOTE_RE = re.compile(r"“([^”\n]{1,1500})”|\"([^\"\n]{1,1500})\"")
_OPEN_QUOTES = "\"“‘'"
_TRIM = " \t\n,;:\"“”‘’'—–-"
_NAME_WORD = r"[A-Z][\w’'.-]*"
_DASH_NAME_RE = re.compile(rf"^\s*[—–-]{{1,2}}\s*((?:{_NAME_WORD}\s?){{1,5}})")
_COLON_NAME_RE = re.compile(rf"((?:{_NAME_WORD}\s?){{1,5}})\s*:\s*$")


def extract(doc: Doc, article: Article, found: Found) -> list:
    """Attributions and claims of one article."""
    tagger = _tagger()
    label = LABEL if tagger is not None else RULES_LABEL
    cues = find_cues(doc, article, found, tagger=tagger, use_model=tagger is not None)
    records: list = [c.attribution(doc, article, label) for c in cues if not c.claim_only]
    records.extend(c.attribution(doc, article, label) for c in _link_cues(doc, cues))
    records.extend(claims.claims_from(doc, article, found, cues, label))
    return records


def _link_cues(doc: Doc, cues: list[Cue]) -> list[Cue]:
    """The "citing Y" / "quoting Y" / "quoted Y as saying" of a nested chain as a record of
    its own: the cited source is a link of the cue's chain (outlet -> X -> Y), and "X, citing
    Y" is also X's attribution to Y, with its own cue, which an analyst lists beside "said".
    They are records only: claims and the nesting of cues read the chain's cue."""
    lex = load()
    sents = list(doc.sents)
    out: dict[int, Cue] = {}
    for c in cues:
        if len(c.chain) < 3 or c.claim_only or not 0 <= c.sentence < len(sents):
            continue
        for tok in sents[c.sentence]:
            obj = child_of(tok, "dobj")
            if tok.lemma_.lower() not in lex.nesting or obj is None or tok.idx in out:
                continue
            words = common.doc_text(doc)[obj.left_edge.idx : end_of(obj.right_edge)]
            link = next((k for k in range(2, len(c.chain)) if c.chain[k].name in words), None)
            if link is None:
                continue
            out[tok.idx] = Cue(
                chain=c.chain[: link + 1],
                cue=tok.text,
                cue_start=tok.idx,
                cue_end=end_of(tok),
                scope_start=c.scope_start,
                scope_end=c.scope_end,
                lemma=tok.lemma_.lower(),
                sentence=c.sentence,
                speaker_start=obj.left_edge.idx,
                speaker_end=end_of(obj.right_edge),
                kind=c.kind,
            )
    return list(out.values())


def _tagger() -> learned.Tagger | None:
    model = models.model_for(learned.NAME)
    return learned.tagger_of(model) if model is not None else None


def find_cues(
    doc: Doc,
    article: Article,
    found: Found,
    tagger: learned.Tagger | None = None,
    use_model: bool = True,
) -> list[Cue]:
    """Every attribution cue of the doc, in text order: the rules' cues and, with a tagger
    (the shipped one unless given; none when `use_model` is False), the model's."""
    lex = load()
    outlet = Source(name=article.outlet or "the outlet", kind="outlet")
    out: list[Cue] = []
    for index, sent in enumerate(doc.sents):
        before = len(out)
        for tok in sent:
            cue = _verb_cue(tok, sent, index, out, outlet, found, lex)
            if cue is not None:
                out.append(cue)
        out.extend(_according_to(sent, index, outlet, found, lex))
        if len(out) == before:
            out.extend(_anonymous(sent, index, outlet, lex))
    if use_model and tagger is None:
        tagger = _tagger()
    if tagger is not None:
        verb_cues = {id(c) for c in out if c.lemma not in ("according to",)}
        out = merge_model(doc, out, tagger, outlet, found, lex)
        _respeak(doc, out, verb_cues, outlet, found, lex)
    for c in out:
        c.kind = kind_of(c, doc, lex)
    _attach_quotes(doc, out, outlet, found, lex)
    _nest(out, lex)
    unique: dict[tuple, Cue] = {}
    for c in sorted(out, key=lambda c: (c.scope_start, c.cue_start)):
        if c.scope_end > c.scope_start:
            unique.setdefault((c.scope_start, c.scope_end, c.cue_start), c)
    return list(unique.values())


# --- reporting verbs ---------------------------------------------------------------------


def _verb_cue(
    tok: Token, sent: Span, index: int, prior: list[Cue], outlet: Source, found: Found, lex: Cues
) -> Cue | None:
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBG", "VBN", "VBZ", "VBP"):
        return None
    lemma = tok.lemma_.lower()
    if not lex.is_cue_word(lemma, tok.lower_) or reports_nothing(tok):
        return None
    content = _content_span(tok, sent, lemma, lex, found)
    if content is None:
        return None
    if lemma in lex.nesting and is_source_np(child_of(tok, "dobj"), found, lex):
        return None  # "citing an official" is a link of someone else's chain, not a cue
    chain = speaker_chain(tok, sent, prior, outlet, found, lex)
    if chain is None:
        return None
    start, end = _trim(sent.doc, *content)
    cue_end = tok.idx + len(tok.text)
    prt = child_of(tok, "prt")
    if prt is not None and prt.i == tok.i + 1:
        cue_end = prt.idx + len(prt.text)
    if (
        lemma in lex.anonymous_passives
        and child_of(tok, "nsubjpass") is not None
        and tok.i + 1 < len(sent.doc)
        and sent.doc[tok.i + 1].lower_ == "of"
    ):
        cue_end = sent.doc[tok.i + 1].idx + 2  # "accused of"
    speaker = subject_of(tok, found, lex)
    return Cue(
        chain=chain,
        cue=common.doc_text(sent.doc)[tok.idx : cue_end],
        cue_start=tok.idx,
        cue_end=cue_end,
        scope_start=start,
        scope_end=end,
        lemma=lemma,
        sentence=index,
        speaker_start=speaker.left_edge.idx if speaker is not None else -1,
        speaker_end=end_of(speaker.right_edge) if speaker is not None else -1,
        claim_only=_relative_object(tok),
    )


def _quote_after(tok: Token, sent: Span) -> tuple[int, int] | None:
    """The direct quote a cue verb opens after a comma: 'X said, “A little while ago, ...”'
    (the parser hangs the quote's clause elsewhere)."""
    doc = sent.doc
    i = tok.i + 1
    while i < sent.end and doc[i].is_space:
        i += 1
    if i + 1 >= sent.end or doc[i].text != "," or doc[i + 1].text not in ("“", '"'):
        return None
    m = _QUOTE_RE.match(common.doc_text(doc), doc[i + 1].idx)
    if m is None:
        return None
    return m.span(1) if m.group(1) is not None else m.span(2)


def _closing_ccomp(tok: Token, sent: Span) -> bool:
    """A cue the parser hangs as the complement of the clause it reports, after a comma at
    the sentence's end: "India ... used its right to preempt them, Vikram Misri asserted."."""
    if tok.dep_ != "ccomp" or tok.left_edge.i == 0:
        return False
    if sent.doc[tok.left_edge.i - 1].text != ",":
        return False
    nxt = _next_non_space(tok, sent)
    return nxt is None or nxt.text in (".", "!", "?")


def _respeak(
    doc: Doc, cues: list[Cue], verb_cues: set[int], outlet: Source, found: Found, lex: Cues
) -> None:
    """The rules' speakers read again once the model's cues are in: a pronoun ("He also
    expressed ..., noting that") stands for the last speaker of all the cues before it, not
    only of those the rules found ("Trump highlighted that ..." is the model's)."""
    for k, c in enumerate(cues):
        if id(c) not in verb_cues or c.lemma in lex.anonymous_adverbs:
            continue
        span = doc.char_span(c.cue_start, c.cue_end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        tok = span[0]
        chain = speaker_chain(tok, tok.sent, cues[:k], outlet, found, lex)
        if chain is not None:
            c.chain = chain


def _relative_object(tok: Token) -> bool:
    """Whether the cue's object is a relative pronoun ("an event that Israel cited")."""
    obj = child_of(tok, "dobj")
    return tok.dep_ == "relcl" and obj is not None and obj.tag_ in ("WDT", "WP")


def _content_span(
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
    quote = _quote_after(tok, sent)
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
    if obj is not None and _relative_object(tok):
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


# --- "according to", anonymous frames ----------------------------------------------------


def _according_to(sent: Span, index: int, outlet: Source, found: Found, lex: Cues) -> list[Cue]:
    out = []
    doc = sent.doc
    for tok in sent:
        if tok.lower_ != "according" or tok.i + 1 >= sent.end or doc[tok.i + 1].lower_ != "to":
            continue
        links, np_end = [], tok.i + 2
        i = np_end
        while True:
            j = i
            while (
                j < sent.end and not (doc[j].is_punct and doc[j].text not in "-’'") and (j - i < 12)
            ):
                j += 1
            if j == i:
                break
            span = doc[i:j]
            name, kind = name_and_kind(span, span.root, found, lex)
            links.append(Source(name=name, actor_id=actor_in(span, found), kind=kind))
            np_end = j
            # "According to X, citing Y, ..." / "according to a report by X quoting Y"
            k = j + 1 if j < sent.end and doc[j].text == "," else j
            if k < sent.end and doc[k].lemma_.lower() in lex.nesting:
                i = k + 1
                continue
            break
        if not links:
            continue
        cue_start, cue_end = tok.idx, end_of(doc[tok.i + 1])
        lead = doc[sent.start : tok.i]
        if all(t.is_punct or t.is_space or t.pos_ == "CCONJ" for t in lead):
            start, end = end_of(doc[np_end - 1]), sent.end_char
        elif np_end >= sent.end - 1 or all(
            t.is_punct or t.is_space for t in doc[np_end : sent.end]
        ):
            start, end = sent.start_char, tok.idx
        else:
            start, end = sent.start_char, sent.end_char
        start, end = _trim(doc, start, end)
        out.append(
            Cue(
                chain=[outlet, *links],
                cue=common.doc_text(doc)[cue_start:cue_end],
                cue_start=cue_start,
                cue_end=cue_end,
                scope_start=start,
                scope_end=end,
                lemma="according to",
                sentence=index,
                speaker_start=doc[tok.i + 2].idx if tok.i + 2 < sent.end else -1,
                speaker_end=end_of(doc[np_end - 1]),
            )
        )
    return out


def _anonymous(sent: Span, index: int, outlet: Source, lex: Cues) -> list[Cue]:
    """'reportedly', 'allegedly': the clause is attributed to unnamed sources."""
    out = []
    for tok in sent:
        if tok.lower_ not in lex.anonymous_adverbs:
            continue
        clause = tok.head
        start, end = _trim(sent.doc, clause.left_edge.idx, end_of(clause.right_edge))
        out.append(
            Cue(
                chain=[outlet, Source(name="unnamed sources", kind="anonymous")],
                cue=tok.text,
                cue_start=tok.idx,
                cue_end=end_of(tok),
                scope_start=start,
                scope_end=end,
                lemma=tok.lower_,
                sentence=index,
            )
        )
    return out


def _nest(cues: list[Cue], lex: Cues) -> None:
    """A cue inside another's scope is reported by that source: "X said ..., Interfax reported"
    gives outlet → Interfax → X. The outer is the narrowest scope wider than the inner's that
    holds its cue and its scope (`common.Scopes`: bisection, not every cue against every cue)."""
    scopes = common.Scopes(
        [
            None if o.lemma in lex.anonymous_adverbs or o.lemma == "quote"
            else (o.scope_start, o.scope_end)
            for o in cues
        ]
    )  # fmt: skip
    for k, inner in enumerate(cues):
        if inner.lemma in lex.anonymous_adverbs:
            continue
        # outer.scope_start <= cue_start and scope_start; cue_start < outer.scope_end and
        # scope_end <= outer.scope_end
        at = scopes.narrowest(
            min(inner.cue_start, inner.scope_start),
            max(inner.cue_start + 1, inner.scope_end),
            wider_than=inner.scope_end - inner.scope_start,
            skip=k,
        )
        if at is None:
            continue
        outer = cues[at]
        if outer.chain[-1].kind == "anonymous" and inner.chain[-1].kind != "anonymous":
            continue  # "X were accused of Y, which Z cited": Z is not the accuser's source
        if inner.chain[1:] == outer.chain[1:]:
            continue  # the same speaker goes on ("Israel said ..., saying ...")
        if inner.chain[: len(outer.chain)] != outer.chain:
            inner.chain = outer.chain + inner.chain[1:]


# --- quotes ------------------------------------------------------------------------------


def _attach_quotes(doc: Doc, cues: list[Cue], outlet: Source, found: Found, lex: Cues) -> None:
    """Give each direct quote to the cue whose scope it falls in, or to a dash/colon name, or
    to the previous speaker; long quotes nobody claims are credited to an unnamed speaker."""
    for m in _QUOTE_RE.finditer(common.doc_text(doc)):
        q_start, q_end = m.span(1) if m.group(1) is not None else m.span(2)
        text = common.doc_text(doc)[q_start:q_end].strip()
        words = len(text.split())
        owners = [c for c in cues if c.scope_start < q_end and q_start < c.scope_end]
        owners = [c for c in owners if c.lemma not in lex.anonymous_adverbs]
        if owners:
            owner = min(owners, key=lambda c: c.scope_end - c.scope_start)
            owner.quote.append(text.rstrip(",."))
            if q_start - 2 <= owner.scope_start and owner.scope_end <= q_end + 2:
                owner.scope_start, owner.scope_end = _trim(doc, q_start, q_end)
            continue
        if words <= 3:
            continue  # a scare quote, judged by the slant stage
        index = common.sentence_index(doc, q_start)
        chain, cue_span = _dash_or_colon_speaker(doc, m.start(), m.end(), outlet)
        start, end = _trim(doc, q_start, q_end)
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


# --- helpers -----------------------------------------------------------------------------


def _right_end(tok: Token) -> int:
    """End of a token's subtree, without a trailing ", an appositive" that renames it."""
    end = end_of(tok.right_edge)
    for t in tok.subtree:
        if t.dep_ == "appos" and t.i > tok.i and t.doc[t.left_edge.i - 1].text == ",":
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


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, quote marks, a leading "that" and trailing punctuation from a span."""
    text = common.doc_text(doc)
    while start < end and text[start] in _TRIM:
        start += 1
    if text[start : start + 5].lower() == "that ":
        start += 5
    while end > start and (text[end - 1] in _TRIM or text[end - 1] in ".!?"):
        end -= 1
    return start, end
