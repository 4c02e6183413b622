"""Speakers: the sources a noun phrase names, for the attribution stage.

Method: the name of a speaker is its noun phrase without relative clauses and appositions
(or the apposition, when it is the proper name: "Syria's foreign minister, Asaad
al-Shaibani"); a descriptor noun before a name gives the kind and leaves the name ("US news
outlet Axios" -> Axios, media); "quoting"/"citing" inside the phrase adds nested sources
("Media outlets quoting an HTS official"); a pronoun is the last speaker of the two sentences
before, else the last named person (actors stage mentions, spaCy PERSON entities, or a subject
that names an office). Descriptor lists: data/lexicons/cues.yaml.
"""

from __future__ import annotations

import bisect
import itertools
import re

from spacy.tokens import Doc, Span, Token

from ..model import Found, Mention, Source
from . import common
from .cues import Cue, Cues, load

_RELATIVES = frozenset({"who", "which", "that", "whom"})
_NOT_SPEAKERS = frozenset({"this", "these", "those", "what", "there", "everything", "nothing"})
_FIRST_SECOND = frozenset({"i", "you", "we"})
_QUOTE_RE = re.compile(r"“[^”\n]{1,1500}”|\"[^\"\n]{1,1500}\"")


def in_quote(tok: Token) -> bool:
    """Whether a token stands inside a direct quote of the doc."""
    doc = tok.doc
    spans = doc.user_data.get("newsledger_quote_spans")
    if spans is None:
        spans = [m.span() for m in _QUOTE_RE.finditer(common.doc_text(doc))]
        doc.user_data["newsledger_quote_spans"] = spans
    return any(s < tok.idx < e for s, e in spans)


_DASHES = frozenset({"—", "–", "-", "--"})


def subject_of(tok: Token, found: Found, lex: Cues) -> Token | None:
    """The subject of a cue verb: of two, the nearer before it ("AhlulBayt News Agency: The
    Observatory reported", where the parser hangs the colon's name on the verb too); past a
    dateline place ("Nairobi — The police have confirmed"), the name after the dash; with
    none, a source named just after a verb that ends a sentence's report (", reported
    Xinhua"), for verbs that take no addressee (cues.yaml `inverted`)."""
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    before = [c for c in subjects if c.i < tok.i]
    subj = before[-1] if before else (subjects[0] if subjects else None)
    if subj is not None:
        doc = subj.doc
        appos = next((c for c in subj.children if c.dep_ == "appos" and c.i > subj.i + 1), None)
        if subj.i + 1 < len(doc) and doc[subj.i + 1].text in _DASHES and appos is not None:
            return appos
        return subj
    # the parser makes such a name the verb's object, or a bare noun modifier
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "npadvmod") and c.i > tok.i), None)
    if (
        obj is not None
        and tok.lemma_.lower() in lex.inverted
        and tok.dep_ in ("conj", "parataxis", "advcl", "ccomp")
        and tok.head.i < tok.i
        and obj.left_edge.i == tok.i + 1
        and tok.i > 0
        and tok.doc[tok.i - 1].text == ","
        and child_of(tok, "nsubjpass") is None
        and not any(c.dep_ in ("ccomp", "xcomp") for c in tok.children)
        and is_source_np(obj, found, lex)
    ):
        return obj
    return None


def speaker_chain(
    tok: Token, sent: Span, prior: list[Cue], outlet: Source, found: Found, lex: Cues
) -> list[Source] | None:
    subj = subject_of(tok, found, lex)
    if subj is None:
        agent = child_of(tok, "agent")
        if agent is not None and child_of(agent, "pobj") is not None:
            subj = child_of(agent, "pobj")
    if subj is None and child_of(tok, "nsubjpass") is not None:
        return [outlet, Source(name="unnamed sources", kind="anonymous")]
    if subj is None:
        # "he said, adding ..." / "X quoted Y as saying ...": the speaker of the governing verb
        head = tok.head
        if tok.dep_ == "pcomp" and head.lower_ == "as" and head.head.lemma_ in lex.nesting:
            quoting = head.head
            outer = speaker_chain(quoting, sent, prior, outlet, found, lex)
            obj = child_of(quoting, "dobj")
            if outer is None or obj is None:
                return None
            return outer + np_sources(obj, sent, prior, found, lex)
        if tok.dep_ in ("advcl", "conj", "xcomp") and head.i != tok.i:
            up = head  # the nearest governing cue speaks: "X said A, but denied B"
            while True:
                same = [c for c in prior if c.cue_start == up.idx]
                if same:
                    return list(same[-1].chain)
                if up.head.i == up.i or up.dep_ in ("relcl", "acl"):
                    break  # not past a relative clause: "parties, who refused ... and announced"
                up = up.head
            return speaker_chain(head, sent, prior, outlet, found, lex)
        return None
    if subj.lower_ == "it" and child_of(tok, "ccomp") is not None:
        # "it was reported that": expletive subject
        if child_of(tok, "auxpass") is not None:
            return [outlet, Source(name="unnamed sources", kind="anonymous")]
    if subj.lower_ in _RELATIVES and tok.dep_ == "relcl":
        subj = tok.head  # "Justice Kennedy, who said ...": the antecedent speaks
        of = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = child_of(of, "pobj")
        if pobj is not None and pobj.ent_type_ == "PERSON" and subj.ent_type_ != "PERSON":
            subj = pobj  # "drew the ire of Justice Scalia, who said ...": Scalia
    if subj.lower_ in _NOT_SPEAKERS or subj.lower_ in _RELATIVES:
        return None  # "that showed ...": a demonstrative is no source
    if subj.lower_ in _FIRST_SECOND and in_quote(tok):
        return None  # "you said" inside someone's quote is part of what they say
    chain = [outlet] + np_sources(subj, sent, prior, found, lex)
    for child in tok.children:  # "X reported, citing Y, that ..."
        if child.dep_ in ("advcl", "xcomp", "conj") and child.lemma_.lower() in lex.nesting:
            obj = child_of(child, "dobj")
            if is_source_np(obj, found, lex):
                chain += np_sources(obj, sent, prior, found, lex)
    return chain


def np_sources(head: Token, sent: Span, prior: list[Cue], found: Found, lex: Cues) -> list[Source]:
    """The source(s) a noun phrase names, nested ones included ("outlets quoting an official")."""
    if head.lower_ in lex.pronouns and head.pos_ == "PRON":
        return resolve_pronoun(head, prior, found)
    if head.lower_ in _RELATIVES and head.dep_ == "nsubj":
        verb = head.head  # "parties, who refused ... and announced": the parties
        while verb.dep_ == "conj" and verb.head.i < verb.i:
            verb = verb.head
        if verb.dep_ == "relcl" and verb.head.i != head.i:
            return np_sources(verb.head, sent, prior, found, lex)
    earlier = _anaphor(head, prior, lex)
    if earlier:
        return earlier
    issuer = _issuer(head, found, lex)
    if issuer is not None:  # "a statement released by the ministry said": the ministry
        return np_sources(issuer, sent, prior, found, lex)
    start, end, name_head = name_run(head)
    doc = head.doc
    span = doc[start:end]
    name, kind = name_and_kind(span, name_head, found, lex)
    if name_head.i != head.i and kind == "source":
        # "the Syrian state news agency SANA": the name is the apposition, the kind the noun
        kind = lex.descriptors.get(head.lower_, kind)
    sources = [Source(name=name, actor_id=actor_in(span, found), kind=kind)]
    for child in head.children:
        if child.dep_ in ("acl", "relcl") and child.lemma_.lower() in lex.nesting:
            obj = child_of(child, "dobj")
            if obj is not None:
                sources += np_sources(obj, sent, prior, found, lex)
    return sources


def _issuer(head: Token, found: Found, lex: Cues) -> Token | None:
    """Who put out a document that speaks: "a statement (released/issued) by X", "a
    statement from X" (document nouns: attribution_kinds.yaml)."""
    from ..learn.attribution import kinds

    if head.lower_ not in kinds()["kinds"]["document"].get("sources", ()):
        return None
    for child in head.children:
        by = child
        if child.dep_ == "acl":  # "released by", "issued by"
            by = next((c for c in child.children if c.dep_ == "agent"), child)
        if by.dep_ in ("agent", "prep") and by.lower_ in ("by", "from"):
            obj = child_of(by, "pobj")
            if is_source_np(obj, found, lex):
                return obj
    return None


def _anaphor(head: Token, prior: list[Cue], lex: Cues) -> list[Source]:
    """The earlier speaker a bare definite noun stands for ("the statement read", "the
    movement said", "the same source said": cues.yaml `anaphoric`): the last named speaker of
    the three sentences before (none when nothing earlier speaks). "The Republican
    concluded": a definite member of a group (NORP) is the last person who spoke."""
    # one member, not the group: the tagger reads "the Houthis" as singular, so the -s tells
    person = head.ent_type_ == "NORP" and head.tag_ == "NNP" and not head.lower_.endswith("s")
    if not person and (head.lower_ not in lex.anaphoric or head.tag_ != "NN"):
        return []
    mods = [c for c in head.children if c.dep_ not in ("punct",)]
    if (
        not mods
        or not all(
            (c.dep_ == "det" and c.lower_ == "the") or (c.dep_ == "amod" and c.lower_ == "same")
            for c in mods
        )
        or not any(c.dep_ == "det" for c in mods)
    ):
        return []
    sent_index = common.sentence_index(head.doc, head.idx)
    near = [
        c
        for c in prior
        if c.cue_start < head.idx
        and sent_index - 3 <= c.sentence <= sent_index
        and len(c.chain) > 1
        and c.chain[-1].kind != "anonymous"
        and (not person or c.chain[-1].kind in _PERSON_KINDS)
    ]
    text = common.doc_text(head.doc)
    for cue in reversed(near):  # "A statement by X said ... the statement added": X
        if 0 <= cue.speaker_start and head.lower_ in text[cue.speaker_start : cue.speaker_end]:
            return list(cue.chain[1:])
    return list(near[-1].chain[1:]) if near else []


def name_run(head: Token) -> tuple[int, int, Token]:
    """Token range of the name in a noun phrase, without relative clauses and appositions."""
    appos = next((c for c in head.children if c.dep_ == "appos"), None)
    if appos is not None and appos.pos_ == "PROPN" and head.pos_ != "PROPN":
        head = appos  # "Syria's foreign minister, Asaad al-Shaibani, said": the name
    start, end = common.phrase_tokens(head, common.NP_CUT)
    return start, end + 1, head


def name_and_kind(span: Span, head: Token, found: Found, lex: Cues) -> tuple[str, str]:
    words = [t for t in span]
    kind = None
    for i in range(len(words) - 1, -1, -1):
        k = lex.descriptors.get(words[i].lower_)
        if k is None:
            continue
        rest = words[i + 1 :]
        # "The National Police Service": a descriptor inside the name's own entity is the name
        inside = bool(rest) and words[i].ent_type_ not in ("", "PERSON") and rest[0].ent_iob_ == "I"
        if rest and not inside and all(t.text[:1].isupper() or t.is_punct for t in rest):
            # "US news outlet Axios" -> Axios, a media source; "US President Donald Trump" ->
            # Donald Trump, a person
            if k == "official" and any(t.ent_type_ == "PERSON" for t in rest):
                return text_of(rest), "person"
            return text_of(rest), k
        kind = k
        break
    ents = {t.ent_type_ for t in span if t.ent_type_}
    kinds_found = actor_kinds(span, found)
    if "person" in kinds_found or ("PERSON" in ents and kind is None):
        kind = "person"
    elif kind is None and "ORG" in ents:
        kind = "organisation"
    elif kind is None and ents & {"GPE", "NORP"}:
        kind = "official"
    if kind == "official" and words and words[0].lower_ in ("sources", "source"):
        kind = "anonymous"
    return span.text, kind or "source"


_PERSON_KINDS = frozenset({"person", "official"})
# which kinds of earlier speaker a pronoun can stand for ("he" is no report, "it" no person)
_PRONOUN_KINDS = {
    "he": {"person", "official", "anonymous"},
    "she": {"person", "official", "anonymous"},
    "it": {"organisation", "media", "official", "source", "group"},
}


def resolve_pronoun(pron: Token, prior: list[Cue], found: Found) -> list[Source]:
    """A pronoun speaker: the last speaker of the two sentences before, else the last person."""
    sent_index = common.sentence_index(pron.doc, pron.idx)
    fits = _PRONOUN_KINDS.get(pron.lower_)
    for cue in reversed(prior):
        if sent_index - 2 <= cue.sentence <= sent_index and cue.cue_start < pron.idx:
            if fits is None or cue.chain[-1].kind in fits:
                return list(cue.chain[1:])
    if pron.lower_ in ("he", "she"):
        m = _index(pron.doc, found).last_person(pron.idx)
        if m is not None:
            return [Source(name=m.text, actor_id=m.actor_id, kind="person")]
        doc = pron.doc
        ent = _last_person_ent(doc, pron.idx)
        if ent is not None and sent_index - common.sentence_index(doc, ent.start_char) <= 2:
            return [Source(name=ent.text, kind="person")]
        lex = load()
        sents = _sentences(doc)
        for start, end in reversed(sents[max(0, sent_index - 2) : sent_index]):
            # "The foreign minister met ... . He said": the last subject that names a person
            subjects = [
                t
                for t in doc[start:end]
                if t.dep_ in ("nsubj", "nsubjpass")
                and lex.descriptors.get(t.lower_) in ("official", "anonymous")
            ]
            if subjects:
                start, end, _ = name_run(subjects[-1])
                span = doc[start:end]
                return [Source(name=span.text, actor_id=actor_in(span, found), kind="official")]
        if ent is not None:
            return [Source(name=ent.text, kind="person")]
    return [Source(name=pron.text, kind="source")]


def _sentences(doc: Doc) -> list[tuple[int, int]]:
    """The doc's sentences as token ranges, built once per doc."""
    cached = doc.user_data.get("newsledger_sentence_tokens")
    if cached is None:
        cached = [(s.start, s.end) for s in doc.sents]
        doc.user_data["newsledger_sentence_tokens"] = cached
    return cached


def _last_person_ent(doc: Doc, before: int) -> Span | None:
    """The last PERSON entity that ends at or before character `before`."""
    cached = doc.user_data.get("newsledger_person_ents")
    if cached is None:
        spans = [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"]
        cached = ([doc[s:e].end_char for s, e in spans], spans)
        doc.user_data["newsledger_person_ents"] = cached
    ends, spans = cached
    at = bisect.bisect_right(ends, before)
    if at == 0:
        return None
    start, end = spans[at - 1]
    return doc[start:end]


def is_source_np(tok: Token | None, found: Found, lex: Cues) -> bool:
    """Whether a noun phrase names a source (a person, body, outlet), not a reason or thing."""
    if tok is None:
        return False
    span = tok.doc[tok.left_edge.i : tok.right_edge.i + 1]
    if tok.lower_ in lex.descriptors or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    return bool(actor_in(span, found)) and tok.pos_ == "PROPN"


def child_of(tok: Token | None, dep: str) -> Token | None:
    if tok is None:
        return None
    return next((c for c in tok.children if c.dep_ == dep), None)


def end_of(tok: Token) -> int:
    return tok.idx + len(tok.text)


def text_of(tokens: list[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip(" ,")


def actor_in(span: Span, found: Found) -> str | None:
    """The actor named inside a span (the person if there is one), from the actors stage."""
    index = _index(span.doc, found)
    inside = index.inside(span.start_char, span.end_char)
    if not inside:
        return None
    persons = [m for m in inside if m.actor_id in index.persons]
    best = persons[-1] if persons else max(inside, key=lambda m: len(m.text))
    return best.actor_id


def actor_kinds(span: Span, found: Found) -> set[str]:
    index = _index(span.doc, found)
    return {index.kinds.get(m.actor_id, "") for m in index.inside(span.start_char, span.end_char)}


class _MentionIndex:
    """The actors stage's mentions, sorted for lookups by character offset: a scan of every
    mention (and every actor) per speaker made attribution quadratic in a long text."""

    def __init__(self, found: Found) -> None:
        mentions = found.mentions
        self.kinds = {a.id: a.kind for a in found.actors}
        self.persons = persons = {a.id for a in found.actors if a.kind == "person"}
        # by start, ties in list order: `inside` hands them back in list order
        self.by_start = sorted(range(len(mentions)), key=lambda i: mentions[i].evidence.start)
        self.starts = [mentions[i].evidence.start for i in self.by_start]
        self.mentions = mentions
        # persons by end, with the latest (in list order) of those ending at or before each
        ends = sorted((m.evidence.end, i) for i, m in enumerate(mentions) if m.actor_id in persons)
        self.person_ends = [e for e, _ in ends]
        self.last_by_end = list(itertools.accumulate((i for _, i in ends), max))

    def inside(self, start: int, end: int) -> list[Mention]:
        """Mentions within [start, end), in list order."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end + 1)
        found = sorted(i for i in self.by_start[lo:hi] if self.mentions[i].evidence.end <= end)
        return [self.mentions[i] for i in found]

    def last_person(self, before: int) -> Mention | None:
        """The last person mention (in list order) ending at or before `before`."""
        at = bisect.bisect_right(self.person_ends, before)
        return self.mentions[self.last_by_end[at - 1]] if at else None


def _index(doc: Doc, found: Found) -> _MentionIndex:
    """The mention index of `found`, rebuilt when a stage has added records since."""
    key = (len(found.mentions), len(found.actors))
    cached = doc.user_data.get("newsledger_mention_index")
    if cached is None or cached[0] is not found or cached[1] != key:
        cached = (found, key, _MentionIndex(found))
        doc.user_data["newsledger_mention_index"] = cached
    return cached[2]
