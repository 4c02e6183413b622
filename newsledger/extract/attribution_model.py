"""The attribution stage's use of the trained model (`learn.attribution`): its relations joined
to the rules' cues, and the kind of each attribution.

Method: where the model and the rules find the same cue, the rules' reading stays (their
chains, nesting "Reuters -> Israeli official -> Red Cross", "he said, adding ..." and scopes
are what they were written for); a cue only the model finds becomes a cue of its own, its
source's phrase named like any speaker (`speakers.np_sources`: a pronoun keeps its span and its
chain names the speaker it resolves to), its content the model's fragments; a cue only the
rules find stays when it is one of the cues the rules are precise on (a reporting verb with a
clause, "according to", a quote's speaker) and is dropped otherwise. A cue only the model
finds with no source in its sentence, or on a bare auxiliary, is not recorded (on realnews-dev
they were mostly wrong: precision 0.742 with them); nor is one on "citing"/"quoting" a source
(a link of another cue's chain, as the rules read it: "Al Jazeera, citing a source, reported")
or on "reportedly" (its source is unnamed). Kinds (issue 13): speech, belief (belief and
intention: "hopes to", "vowed to"; a request or order, "urged X to", "called for", is the
speaker's stance too), evaluation, document, from the cue's lemma and the
source's noun (data/lexicons/attribution_kinds.yaml); a cue only the model finds on a word the
lexicon does not list ("showed", "issued a report") is "other": PolNeAR codes such relations,
but nothing says they report what they cover.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from ..learn import attribution as learned
from ..model import Found, Source
from . import common
from .cues import Cue, Cues
from .speakers import child_of, is_source_np, np_sources, resolve_pronoun

# the rules' cues kept even where the model finds none: their lemmas are the verbs the rules
# were written for and are precise on (PolNeAR dev precision of the rules' say cues: 0.9)
_RULE_LEMMAS = frozenset({"say", "tell", "according to", "quote", "add", "report", "write",
                          "announce", "state", "reportedly", "allegedly", "accuse", "allege",
                          "claim", "deny", "confirm", "document", "reveal"})  # fmt: skip
_REFLEXIVES = frozenset({"themselves", "himself", "herself", "itself", "ourselves", "myself"})
_POSSESSIVE = {"his": "he", "her": "she", "their": "they", "its": "it", "my": "i", "our": "we"}


def merge_model(
    doc: Doc, rule_cues: list[Cue], tagger: learned.Tagger, outlet: Source, found: Found, lex: Cues
) -> list[Cue]:
    """The rules' cues joined with the model's relations (see the module docstring)."""
    rels = learned.relations(tagger.classifier, doc, tagger.cue_cut, tagger.source_cut)
    out: list[Cue] = []
    confirmed: set[int] = set()
    overlapping = _CueIndex(rule_cues)
    verbs = {doc[r.cue.head].i for r in rels} | {
        t.i
        for c in rule_cues
        for t in (doc.char_span(c.cue_start, c.cue_end, alignment_mode="expand") or ())
    }
    for rel in rels:
        cs, ce = rel.cue_chars
        same = overlapping(cs, ce)
        if same:
            confirmed.update(same)
            continue
        head = doc[rel.cue.head]
        if reports_nothing(head) or _part_of_another(head, rel, verbs):
            continue
        src = rel.source
        if head.pos_ == "ADP" and src is not None and src.head.i == head.i:
            if src.pos_ not in ("PRON", "PROPN") and not is_source_np(src, found, lex):
                continue  # "spoke by phone": a preposition's own object that names no source
        if rel.source is None or head.pos_ == "AUX":
            continue  # no source in its sentence, or a bare auxiliary: too unsure to record
        if head.lower_ in lex.anonymous_adverbs:
            continue  # "reportedly" has no named source: the rules' unnamed chain, if any
        if head.lemma_.lower() in lex.nesting and is_source_np(child_of(head, "dobj"), found, lex):
            continue  # "X, citing Y, said": a link of X's chain (the rules nest it), not a cue
        cue = from_model(doc, rel, rule_cues + out, outlet, found, lex)
        if cue is not None:
            out.append(cue)
    kept = [
        c
        for k, c in enumerate(rule_cues)
        if k in confirmed
        or c.lemma in _RULE_LEMMAS
        or _closing(doc, c)
        or _speech_noun(doc, c, lex)
    ]
    return sorted(kept + out, key=lambda c: (c.cue_start, c.scope_start))


def _speech_noun(doc: Doc, cue: Cue, lex: Cues) -> bool:
    """A speech noun with a possessive speaker and a that-clause ("Kobakhidze's announcement
    that ..."): a cue the rules read as precisely as a reporting verb's."""
    if cue.lemma not in lex.speech_nouns:
        return False
    span = doc.char_span(cue.cue_start, cue.cue_end, alignment_mode="expand")
    return span is not None and span.root.pos_ == "NOUN"


class _CueIndex:
    """The rules' cues by start, asked which overlap a span: bisection and a scan back over
    the few cues that start within the longest cue's length (a cue is a word or a short
    phrase), not every rule cue per model cue."""

    def __init__(self, cues: list[Cue]) -> None:
        self.order = sorted(range(len(cues)), key=lambda k: cues[k].cue_start)
        self.starts = [cues[k].cue_start for k in self.order]
        self.cues = cues
        self.longest = max((c.cue_end - c.cue_start for c in cues), default=0)

    def __call__(self, start: int, end: int) -> list[int]:
        """The indices of the cues with cue_start < end and start < cue_end, in list order."""
        at = bisect.bisect_left(self.starts, end)
        out = []
        while at > 0 and self.starts[at - 1] > start - self.longest:
            at -= 1
            k = self.order[at]
            if start < self.cues[k].cue_end:
                out.append(k)
        return sorted(out)


def _part_of_another(head: Token, rel: learned.ModelRelation, verbs: set[int]) -> bool:
    """A model cue that is a piece of another relation: the noun of another cue's "said in a
    statement", or a participle whose "source" is the noun it describes ("nine deaths
    reported so far": what is reported, not who reports it) or whose content reaches out of
    that noun's phrase."""
    if head.pos_ == "NOUN" and head.dep_ == "pobj" and head.head.dep_ == "prep":
        if head.head.head.i in verbs and head.head.head.i != head.i:
            return True
    src = rel.source
    if head.dep_ != "acl" or head.tag_ != "VBN":
        return False
    if src is not None and src.i == head.head.i:
        return True
    # "rejected a ceasefire announced by the government": what a participle reports is the
    # noun it describes, never the clause around that noun
    noun = head.head
    first, last = noun.left_edge, noun.right_edge
    return any(start < first.idx or end > last.idx + len(last.text) for start, end in rel.content)


def _closing(doc: Doc, cue: Cue) -> bool:
    """A speech verb with its subject that closes the sentence after a comma ("..., Vikram
    Misri asserted."): the frame the rules are precise on, whatever the verb."""
    if learned.kind_of_lemma(cue.lemma) != "speech" or cue.speaker_start < 0:
        return False
    span = doc.char_span(cue.cue_start, cue.cue_end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    tok = span[0]
    if tok.head.i >= tok.i or tok.left_edge.i == 0 or doc[tok.left_edge.i - 1].text != ",":
        return False
    rest = [t for t in doc[tok.i + 1 : tok.sent.end] if not t.is_space]
    return not rest or rest[0].text in (".", "!", "?")


def reports_nothing(head: Token) -> bool:
    """Whether a cue word, as used here, attributes nothing: negated ("did not report the
    number", "departed without announcing any agreement"), an aspect verb with its verb
    complement ("has continued to launch attacks": attribution_kinds.yaml `aspect`), a sense
    known by its object ("has claimed lives", "warning shots": `not_reporting_objects`), or a
    verb whose only object is a reflexive ("declared themselves")."""
    if any(c.dep_ == "neg" for c in head.children):
        return True
    if head.dep_ == "pcomp" and head.head.lower_ == "without":
        return True
    if head.lemma_.lower() in learned.kinds().get("aspect", ()) and any(
        c.dep_ == "xcomp" for c in head.children
    ):
        return True
    obj = child_of(head, "dobj")
    if obj is None:
        return False
    senses = learned.kinds().get("not_reporting_objects", {}).get(head.lemma_.lower(), ())
    noun: Token | None = obj
    for _ in range(3):  # "claimed tens of thousands of lives": the noun the "of"s end on
        if noun is None:
            break
        if noun.lemma_.lower() in senses:
            return True
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        noun = child_of(of, "pobj")
    return obj.lower_ in _REFLEXIVES and not any(
        c.dep_ in ("ccomp", "xcomp", "oprd") for c in head.children
    )


def listed(head: Token) -> bool:
    """Whether a model cue's head names a kind: a noun ("his remarks", "criticism of") or a
    dash or colon is speech unless listed otherwise; any other word only when the kinds
    lexicon lists it (data/lexicons/attribution_kinds.yaml)."""
    if head.pos_ in ("NOUN", "PROPN", "PUNCT"):
        return True
    return kind_of_word(head.lemma_.lower(), head.lower_) is not None


def from_model(
    doc: Doc, rel: learned.ModelRelation, prior: list[Cue], outlet: Source, found: Found,
    lex: Cues,
) -> Cue | None:  # fmt: skip
    """A cue made from one model relation (None when it has no content)."""
    if not rel.content:
        return None
    head = doc[rel.cue.head]
    src = rel.source
    if src is None:
        chain = [outlet, Source(name="unnamed sources", kind="anonymous")]
        s_start = s_end = -1
    else:
        s_start, s_end = learned.source_span(src)
        if src.lower_ in _POSSESSIVE and src.pos_ == "PRON":
            chain = [outlet, *resolve_pronoun(src, [c for c in prior if c.cue_start < src.idx],
                                              found)]  # fmt: skip
        else:
            chain = [outlet, *np_sources(src, head.sent, prior, found, lex)]
    cs, ce = rel.cue_chars
    scope_start = min(s for s, _ in rel.content)
    scope_end = max(e for _, e in rel.content)
    return Cue(
        chain=chain,
        cue=common.doc_text(doc)[cs:ce],
        cue_start=cs,
        cue_end=ce,
        scope_start=scope_start,
        scope_end=scope_end,
        lemma=head.lemma_.lower(),
        sentence=common.sentence_index(doc, cs),
        speaker_start=s_start,
        speaker_end=s_end,
        fragments=list(rel.content) if len(rel.content) > 1 else [],
        kind="" if listed(head) else "other",
    )


def kind_of(cue: Cue, doc: Doc, lex: Cues) -> str:
    """Speech, belief, evaluation or document: a document source ("the report says") makes a
    document attribution; else the cue's lemma decides; speech when it is not listed. A cue
    only the model finds on a verb or other word the lexicon does not list ("showed",
    "issued", "approved") is "other": attributed in PolNeAR's broad sense, not known to report
    anything, so it makes no event reported and realnews-dev does not count it."""
    if cue.kind == "other":
        return "other"
    if _directive(cue, doc):
        return "belief"
    if _depiction(cue, doc):
        return "other"
    table = learned.kinds()["kinds"]
    if 0 <= cue.speaker_start < cue.speaker_end:
        words = common.doc_text(doc)[cue.speaker_start : cue.speaker_end].lower().split()
        if words and words[-1] in table["document"].get("sources", ()):
            return "document"
    kind = learned.kind_of_lemma(cue.lemma)
    for word in cue.cue.lower().split() if kind is None else ():
        kind = kind or kind_of_word(word, word)
    if kind == "document" and cue.chain and cue.chain[-1].kind in ("person", "official"):
        return "speech"  # "the senator revealed": a person speaks
    return kind or "speech"


def _depiction(cue: Cue, doc: Doc) -> bool:
    """Pictures that show something ("images circulating online showed plumes of smoke",
    "video footage shows statues being brought down"): nobody says it; the outlet tells what
    the pictures show in its own voice (attribution_kinds.yaml `depictions`)."""
    table = learned.kinds().get("depictions", {})
    if cue.lemma not in table.get("cues", ()) or cue.speaker_start < 0:
        return False
    span = doc.char_span(cue.speaker_start, cue.speaker_end, alignment_mode="expand")
    return span is not None and len(span) > 0 and span.root.lemma_.lower() in table["sources"]


def _directive(cue: Cue, doc: Doc) -> bool:
    """A request or order, not a report ("warned Iran to stop supporting the group", "urged
    an immediate ceasefire", "called for talks"): what it covers is what the speaker wants
    done, the speaker's stance like an intention, so a belief (attribution_kinds.yaml
    `directive`); with a clause ("warned that ...", "told CNN that ...") it is speech."""
    if cue.lemma not in learned.kinds().get("directive", ()):
        return False
    span = doc.char_span(cue.cue_start, cue.cue_end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    tok = span.root  # "also warned", "has called for": the verb
    deps = {c.dep_ for c in tok.children}
    if "ccomp" in deps or "csubj" in deps:
        return False
    if "xcomp" in deps and "dobj" in deps:  # "warned Iran to stop"
        return True
    if any(c.dep_ == "prep" and c.lower_ in ("for", "on") for c in tok.children):
        return True  # "called for talks", "called on residents to stay indoors"
    return "dobj" in deps and cue.lemma in ("urge", "demand")  # "urged a ceasefire"


def kind_of_word(lemma: str, word: str) -> str | None:
    """The kind the lexicon gives a word's lemma or, as the small parser's lemmas slip
    ("hoping" -> "hop"), one of the word's own base forms (None when none is listed)."""
    kind = learned.kind_of_lemma(lemma)
    for base in (word, word[:-1], word[:-2], word[:-3], word[:-3] + "e", word[:-1] + "e"):
        kind = kind or learned.kind_of_lemma(base)
    return kind
