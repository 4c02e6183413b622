"""Repairs to the dependency parse that several stages would otherwise each work around.

A spaCy pipeline component, run after the lemmatizer (`nlp.load` adds it). Three repairs. A
modifier made a second subject ("Sudan's paramilitary Rapid Support Forces shelled": two
`nsubj`, "paramilitary" and "Forces") becomes a modifier of the noun it stands before. And
a clause complement without "that" whose subject the parser made the object of the verb
before it ("officials warning the group may have kidnapped survivors": "group" the object of
"warning", "kidnapped" a conjunct of the main verb). The stranded verb (one with an
auxiliary and no subject, right after that object) is re-attached as the complement of the
speech or thought verb, with the object as its subject, so events, attribution and status all
read the sentence the same way. And two titled names joined by "and" ("President Donald
Trump and Russian President Vladimir Putin met"), which the parser hangs off the second
name, become two conjoined subjects. Only the tokens of that sentence are re-indexed (spaCy's
head setter), so the repair stays linear in the text.
"""

from __future__ import annotations

import functools
from importlib import resources

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Token

_AUX = frozenset({"aux", "auxpass", "neg", "advmod"})


@functools.cache
def complement_verbs() -> frozenset[str]:
    """Lemmas of verbs that take a that-less clause complement (data/lexicons)."""
    raw = yaml.safe_load(
        resources.files("newsledger").joinpath("data/lexicons/parse_repair.yaml")
        .read_text(encoding="utf-8")
    )  # fmt: skip
    return frozenset(raw["complement_verbs"])


def stranded_subject(verb: Token) -> Token | None:
    """The object of a complement-taking verb that is really `verb`'s lost subject, if any."""
    if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("ccomp", "xcomp", "aux", "auxpass"):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children):
        return None
    auxes = [c for c in verb.lefts if c.dep_ in ("aux", "auxpass")]
    if not auxes or any(c.tag_ == "TO" for c in auxes):
        return None  # an infinitive has its subject by control, not lost
    first = min(c.i for c in auxes)
    if first == 0 or any(t.dep_ not in _AUX for t in verb.doc[first : verb.i]):
        return None
    noun = verb.doc[first - 1]
    if noun.dep_ != "dobj" or noun.pos_ not in ("NOUN", "PROPN") or noun.head.i > noun.i:
        return None
    if noun.head.lemma_.lower() not in complement_verbs():
        return None
    if noun.sent.start != verb.sent.start:
        return None
    return noun


def split_subject(verb: Token) -> tuple[Token, Token] | None:
    """ "Sudan's paramilitary Rapid Support Forces shelled": the parser gave the verb two
    subjects, the first a modifier whose phrase ends right where the second's begins; the
    (modifier, noun) pair, if so."""
    subjects = [c for c in verb.lefts if c.dep_ == "nsubj"]
    if len(subjects) != 2:
        return None
    first, second = subjects
    if first.pos_ != "ADJ" or first.right_edge.i + 1 != second.left_edge.i:
        return None
    if any(c.dep_ not in ("poss", "det", "advmod", "amod") for c in first.children):
        return None  # a phrase of its own, not a modifier cut off its noun
    return first, second


def titled_pair(verb: Token) -> tuple[Token, Token, Token, Token] | None:
    """ "President Donald Trump and Russian President Vladimir Putin met": the parser made
    the second name the subject, the first title its compound, the first name that title's
    apposition and the second title its conjunct; (subject, title, first name, second
    title), if so."""
    subj = next((c for c in verb.lefts if c.dep_ == "nsubj" and c.pos_ == "PROPN"), None)
    if subj is None:
        return None
    for title in (c for c in subj.lefts if c.dep_ == "compound"):
        first = next((a for a in title.rights if a.dep_ == "appos" and a.pos_ == "PROPN"), None)
        if first is None or not any(c.dep_ == "cc" for c in first.children):
            continue
        second = next((c for c in first.rights if c.dep_ == "conj" and c.i < subj.i), None)
        if second is not None:
            return subj, title, first, second
    return None


@Language.component("parse_repairs")
def parse_repairs(doc: Doc) -> Doc:
    """Re-attach that-less complements whose subject the parser made an object, and a
    modifier the parser made a second subject."""
    for tok in doc:
        if tok.pos_ in ("VERB", "AUX"):
            pair = split_subject(tok)
            if pair is not None:
                modifier, noun = pair
                modifier.head = noun
                modifier.dep_ = "amod"
    for tok in doc:
        if tok.pos_ in ("VERB", "AUX"):
            found = titled_pair(tok)
            if found is not None:
                subj, title, first, second = found
                first.head, first.dep_ = tok, "nsubj"
                title.head, title.dep_ = first, "compound"
                subj.head, subj.dep_ = first, "conj"
                second.head, second.dep_ = subj, "compound"
    repairs = []
    for tok in doc:
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ in ("conj", "ROOT", "advcl", "dep"):
            noun = stranded_subject(tok)
            if noun is not None:
                repairs.append((tok, noun))
    for verb, noun in repairs:
        speech = noun.head
        if verb in speech.ancestors:
            # "..., with aid workers warning the group may have seized fuel": the parser hung
            # the speech verb's phrase below the stranded verb; lift it to the verb's place first
            if verb.dep_ == "ROOT" or verb.head == verb:
                continue
            link = next(a for a in (speech, *speech.ancestors) if a.head == verb)
            link.head = verb.head
        verb.head = speech
        verb.dep_ = "ccomp"
        noun.head = verb
        noun.dep_ = "nsubj"
    return doc
