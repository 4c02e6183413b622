"""Attribution: who says so, as a chain from the outlet down to the original source.

Method: rules over the spaCy dependency parse, after the quote extractor of the
GenderGapTracker (Asr et al. 2021, reporting verb + subject + clausal complement, quote
adjacency) and the reporting-verb cues of Recasens et al. (2013). Cues handled:

- a reporting verb with a clausal complement, a quote, a colon, or (for verbs such as
  "report", "reveal", "document") a noun object: "X said that ...", "... , X said",
  "X told Y: ...", "rights groups documented the deaths ...";
- a speech noun with a possessive speaker and a that-clause: "X's announcement that ...";
- "according to X", with nesting ("According to X, citing Y, ...");
- nested sources on the speaker: "Media outlets quoting an HTS official reported ...",
  "X, citing Y, said", "X quoted Y as saying ...";
- a pronoun speaker resolved to the last speaker of the previous sentences, else the last
  named person ("he said, adding ...");
- anonymous frames: "reportedly", "allegedly", "is said to", "were accused of";
- quotes: a quote carries the attribution of the cue next to it, or of a dash/colon name
  ('"...," — Jane Doe'), or continues the previous speaker (`attribution_quotes`).

The content a verb reports is read in `attribution_content`, quotes are given to their
speakers in `attribution_quotes`, speakers and their chains in `speakers`, and the trained
tagger's cues are merged in `attribution_model`.

Each `Attribution` has the chain (first link the outlet), the cue as written, a direct quote
if any, and scope_start/scope_end = the span of the reported content; its evidence is the cue.
Claims (extract/claims.py) are made from the same cues in the same stage.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..learn import attribution as learned
from ..learn import models
from ..model import Article, Found, Source
from . import claims, common
from .attribution_content import content_span, relative_object
from .attribution_model import kind_of, merge_model, reports_nothing
from .attribution_quotes import attach_quotes, trim
from .cues import Cue, Cues, load
from .speakers import (
    actor_in,
    child_of,
    end_of,
    is_source_np,
    name_and_kind,
    np_sources,
    speaker_chain,
    subject_of,
)

NAME = "attribution"
VERSION = 3
LABEL = f"{NAME}@{VERSION}"
# records made with the trained model off or missing say so (models.py falls back to rules)
RULES_LABEL = f"{NAME}@{VERSION}+rules"


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
            cue = _verb_cue(tok, sent, index, out, outlet, found, lex) or _noun_cue(
                tok, sent, index, out, outlet, found, lex
            )
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
    attach_quotes(doc, out, outlet, found, lex)
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
    content = content_span(tok, sent, lemma, lex, found)
    if content is None:
        return None
    if lemma in lex.nesting and is_source_np(child_of(tok, "dobj"), found, lex):
        return None  # "citing an official" is a link of someone else's chain, not a cue
    chain = speaker_chain(tok, sent, prior, outlet, found, lex)
    if chain is None:
        return None
    start, end = trim(sent.doc, *content)
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
        claim_only=relative_object(tok),
    )


def _noun_cue(
    tok: Token, sent: Span, index: int, prior: list[Cue], outlet: Source, found: Found, lex: Cues
) -> Cue | None:
    """A speech noun with its speaker as possessive and its content as a that-clause:
    "Prime Minister Irakli Kobakhidze's announcement on Thursday that Tbilisi would suspend
    talks", "the ministry's statement that troops had left" (cues.yaml `speech_nouns`)."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lex.speech_nouns:
        return None
    owner = child_of(tok, "poss")
    clause = next(
        (c for c in tok.children if c.dep_ in ("acl", "ccomp")
         and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)),
        None,
    )  # fmt: skip
    if owner is None or clause is None or not is_source_np(owner, found, lex):
        return None
    sources = np_sources(owner, sent, prior, found, lex)
    if not sources:
        return None
    case = child_of(owner, "case")  # "Kobakhidze’s": the name without its possessive ending
    if case is not None and sources[-1].name.endswith(case.text):
        sources[-1] = replace(sources[-1], name=sources[-1].name[: -len(case.text)])
    start, end = trim(sent.doc, clause.left_edge.idx, end_of(clause.right_edge))
    return Cue(
        chain=[outlet, *sources],
        cue=tok.text,
        cue_start=tok.idx,
        cue_end=end_of(tok),
        scope_start=start,
        scope_end=end,
        lemma=tok.lemma_.lower(),
        sentence=index,
        speaker_start=owner.left_edge.idx,
        speaker_end=end_of(owner),
    )


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
        start, end = trim(doc, start, end)
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
        start, end = trim(sent.doc, clause.left_edge.idx, end_of(clause.right_edge))
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
