"""The speech-act pass: which act a statement verb performs, from the verb and its complement.

Method: after the CAMEO 1.1b3 codebook's verbal categories (appeal 02, intent 03, demand 10,
reject 12, threaten 13) and the speech-act reading of reporting verbs (Searle's commissives
and directives): the frame a verb opens (`frames.yaml`) is corrected by its complement. A
warning of something already done or not conditional is a report, no threat; an announced
intent to harm is a threat; a speech act inside a condition ("if they threaten") is none; a
demand about one's own side is an intent (a refusal when negated); a phrasal verb ("rule
out", "push for") frames its complement like a frame verb. Word lists are in `frames.yaml`
(`speech_acts`).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .event_lexicon import Lexicon

NO_EVENT = "none"  # the verb performs no codable act at all
_PERFECT = frozenset({"have", "has", "had"})


def phrasal_kind(tok: Token, lex: Lexicon) -> str | None:
    """The frame of a phrasal verb ("ruled out a ceasefire", "pushed for talks"), if any."""
    words = lex.speech["phrasal_frames"]
    lemma = tok.lemma_.lower()
    for c in tok.children:
        if c.dep_ in ("prt", "prep", "advmod") and f"{lemma}_{c.lower_}" in words:
            return words[f"{lemma}_{c.lower_}"]
    return None


def phrasal_lemmas(lex: Lexicon) -> frozenset[str]:
    """The verbs that may open a phrasal frame."""
    return frozenset(k.split("_")[0] for k in lex.speech["phrasal_frames"])


def act_of(tok: Token, kind: str | None, lex: Lexicon) -> str | None:
    """The frame kind the verb `tok` really opens, given the kind its lemma lists (`kind`);
    NO_EVENT when it performs no codable act."""
    sp = lex.speech
    kind = phrasal_kind(tok, lex) or kind
    if kind is not None and any(
        c.dep_ == "mark" and c.lower_ in sp["conditional_marks"] for c in tok.children
    ):
        return NO_EVENT  # "if they threaten our forces": the condition, not a threat made
    lemma = tok.lemma_.lower()
    if kind == "threaten" and lemma in sp["warning_verbs"] and _reports(tok, lex):
        return NO_EVENT
    if kind == "intent" and _harmful(tok, lex):
        return "threaten"
    if kind == "request" and not _asks_another(tok, lex):
        return "reject" if _negated_complement(tok) else "intent"
    return kind


def asks_for(tok: Token, lex: Lexicon) -> bool:
    """Does a request verb name what it asks, with no event in it ("called for urgent
    action", "urged an immediate ceasefire")?"""
    if any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children):
        return True
    return tok.lemma_.lower() in lex.speech["object_requests"] and any(
        c.dep_ == "dobj" for c in tok.children
    )


def penalties(sent: Span, lex: Lexicon) -> list[tuple[Token, Token]]:
    """(speaker's verb, penalty verb) pairs: a reported future penalty on another actor ("a
    spokesperson said that the US and Israel will pay a heavy price") is the speaker's
    threat against them (CAMEO 13)."""
    sp = lex.speech
    out = []
    for tok in sent:
        head = tok.head
        if tok.dep_ != "ccomp" or tok.lemma_.lower() not in sp["penalty_verbs"]:
            continue
        if not any(c.dep_ == "aux" and c.lower_ in sp["future_marks"] for c in tok.children):
            continue
        if not any(c.dep_ == "nsubj" for c in tok.children):
            continue
        if not any(c.dep_ == "nsubj" for c in head.children):
            continue  # whose threat it is, the text must say
        paid = [c for c in tok.children if c.dep_ in ("dobj", "advmod")]
        if tok.lemma_.lower() == "regret" or any(
            c.lemma_.lower() in sp["harm_objects"] or c.lower_ in sp["penalty_adverbs"]
            for c in paid
        ):
            out.append((head, tok))
    return out


def warns_of_others(tok: Token, lex: Lexicon) -> bool:
    """Does a warning report what others or events may do ("warned that famine could
    spread") rather than what the speaker will do ("warned it would retaliate")?"""
    if any(c.dep_ in ("dobj", "dative") for c in tok.children):
        return False  # "warned Iran"
    comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if comp is None:
        return False
    subj = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    own = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    if subj.pos_ == "PRON" and subj.lower_ not in ("it", "they", "we", "he", "she", "i"):
        return True
    if subj.pos_ == "PRON":
        return False  # "warned it would retaliate": the speaker, most likely
    if own is not None and subj.lemma_.lower() == own.lemma_.lower():
        return False
    # "warned that NATO troops would be targets" names whom it threatens, "that police will
    # no longer tolerate rallies" who will act; "famine" nobody
    if subj.lemma_.lower() in lex.sectors or subj.lower_ in lex.sectors:
        return False
    return not any(t.ent_type_ in ("GPE", "ORG", "NORP", "PERSON") for t in subj.subtree)


def _complement(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp")), None)


def _reports(tok: Token, lex: Lexicon) -> bool:
    """Is the warning's complement a fact already stated ("warned that Goma has fallen",
    "warning the international community that an attack was imminent"), neither to come nor
    conditional? A warning addressed to someone is a threat when it has no such clause
    ("warned Iran against ...") or the clause is about them ("warned Israel that its soldiers
    are targets")."""
    comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if comp is None or any(c.dep_ == "xcomp" for c in tok.children):
        return False
    addressee = next((c for c in tok.children if c.dep_ in ("dobj", "dative")), None)
    if addressee is not None:
        subj = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.pos_ == "PRON" or subj.lemma_ == addressee.lemma_:
            return False
        if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in subj.children):
            return False
    sp = lex.speech
    clause = [comp, *(c for c in comp.children if c.dep_ == "conj")]
    for verb in clause:
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if aux & sp["future_marks"] and not aux & _PERFECT:
            return False  # "would retaliate"; "may have kidnapped" is said of the past
        for c in verb.children:
            if c.dep_ == "mark" and c.lower_ in sp["conditional_marks"]:
                return False
            if c.dep_ == "advcl" and any(m.lower_ in sp["conditional_marks"]
                                         for m in c.children if m.dep_ == "mark"):  # fmt: skip
                return False
    return True


def _harmful(tok: Token, lex: Lexicon) -> bool:
    """Does the intent announce harm to another ("vowed to retaliate", "promising to hold the
    country accountable", "vows using overwhelming force")?"""
    sp = lex.speech
    comp = _complement(tok) or next(
        (c for c in tok.children if c.dep_ in ("dobj", "pcomp") and c.tag_ == "VBG"), None
    )
    if comp is None:
        return False
    if comp.lemma_.lower() in sp["harm_complements"] and comp.lemma_.lower() != "hold":
        return True
    args = [c for c in comp.children if c.dep_ in ("dobj", "oprd", "acomp", "attr", "ccomp")]
    return any(a.lemma_.lower() in sp["harm_objects"] or a.lower_ in sp["harm_objects"]
               for a in args)  # fmt: skip


def _asks_another(tok: Token, lex: Lexicon) -> bool:
    """Does a demand verb ask someone else to act? Not when its clause is about the speaker's
    own side ("insisted his forces would not withdraw", "insisted it would stay")."""
    comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if comp is None or any(c.dep_ in ("dobj", "dative") for c in tok.children):
        return True
    subj = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return True
    own = lex.speech["own_side"]
    if subj.lower_ in own and subj.lower_ not in ("they", "it"):
        return False
    return not any(c.dep_ == "poss" and c.lower_ in own for c in subj.children)


def _negated_complement(tok: Token) -> bool:
    comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    return comp is not None and any(c.dep_ == "neg" for c in comp.children)
