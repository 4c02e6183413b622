"""Event triggers: find the words that name an event and code them in CAMEO.

Method: PETRARCH-style verb patterns (lemma + particle / preposition / object noun) and event
nouns from newsledger/data/events/triggers.yaml; "light" verbs take their code from an
event-noun object ("conducted airstrikes"); frame verbs ("pledged to", "demanded", "refused
to", "threatened to") code their complement into the CAMEO intent / demand / reject / threaten
families (frames.yaml); accusation and denial predicates mark their complement; a stated
future act is recoded as intent or threat, a refused one as rejection, one another "must" do
as a demand — the CAMEO codebook's conventions.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..analyst_triggers import screen as analyst_screen
from ..gazetteer import gazetteer
from ..model import Status
from .event_instruments import instrument
from .event_lexicon import Lexicon, aspect_of, hyphenated, regular_stems, word_match
from .event_roles import conjuncts, unwrap_quantity
from .event_speech import (
    NO_EVENT,
    act_of,
    asks_for,
    penalties,
    phrasal_lemmas,
    warns_of_others,
)

VERB_POS = frozenset({"VERB", "AUX"})
_NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "LAW", "FAC", "PRODUCT", "PERSON"})
_MONTHS = frozenset({"march", "may"})  # month names that are also trigger words
_VERB_POS = VERB_POS  # local alias


@dataclass(slots=True)
class Candidate:
    """An event found in the parse, before its participants are resolved."""

    anchor: Token  # the predicate whose subject and objects are the participants
    trigger: list[Token]
    cameo: str
    mode: str | None = None
    noun: Token | None = None  # the event noun of a nominal or light-verb event
    base_status: Status | None = None
    source_override: Token | None = None  # the accused of an alleged complement
    target_token: Token | None = None
    plover: str | None = None
    absorbed: bool = False
    framed: bool = False  # built by a frame verb or recoded for modality
    lexical: str = ""  # the trigger's own code before frame or modality recoding
    obj: Token | None = None  # the object noun a verb pattern required ("restore ties")
    keep_negation: bool = True
    giver: Token | None = None  # converse verbs: the ">prep" object is the source
    demand: bool = False  # "X said Y must ...": X (or nobody named) demands, Y is the target


# --- finding triggers ----------------------------------------------------------------------


def candidates(sent: Span, lex: Lexicon) -> list[Candidate]:
    """The coded event candidates of one sentence, frames and modality applied."""
    by_token: dict[int, Candidate] = {}
    consumed: set[int] = set()
    for tok in sent:
        if tok.dep_ == "amod":
            # adjectival participles ("ousted president", "Israeli-occupied") name no event
            continue
        if _a_right(tok):
            consumed.add(tok.i)
            continue
        if tok.pos_ in _VERB_POS or tok.tag_.startswith("VB"):
            if _other_sense(tok, lex):
                continue
            cand = _verb_candidate(tok, lex)
            if cand is not None:
                by_token[tok.i] = cand
                if cand.noun is not None:
                    consumed.add(cand.noun.i)
            if tok.lemma_.lower() in lex.cues["cancelling_governors"]:
                consumed.update(o.i for o in objects(tok))
    for tok in sent:
        if tok.i in consumed or tok.i in by_token or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        cand = _noun_candidate(tok, lex)
        if cand is not None and cand.noun is not None:
            if cand.noun.i in consumed or cand.noun.i in by_token:
                continue  # "a series of deals" already coded through its verb
            consumed.add(cand.noun.i)
            by_token[cand.noun.i] = cand
    _apply_frames(sent, lex, by_token)
    _apply_obligations(sent, lex, by_token)
    for head, tok in penalties(sent, lex):
        if head.i not in by_token and tok.i not in by_token:
            # "said that Israel will pay a heavy price": the speaker threatens who will pay
            subj = next(c for c in tok.children if c.dep_ == "nsubj")
            by_token[head.i] = Candidate(head, [head], "130", framed=True, target_token=subj)
    out = [c for _, c in sorted(by_token.items()) if not c.absorbed]
    for cand in out:
        weapon = instrument(cand.anchor, cand.cameo, lex)
        if weapon is None and cand.noun is not None and cand.noun is not cand.anchor:
            weapon = instrument(cand.noun, cand.cameo, lex)  # "launched drone attacks"
        if weapon is not None:
            cand.cameo, cand.mode = weapon
        if not cand.framed:
            _recode_modality(cand, lex)
    return analyst_screen(out)  # an analyst's rejected or retyped triggers, when a table is in use


def _other_sense(verb: Token, lex: Lexicon) -> bool:
    """A protest verb with an object or a clause after it shows or gathers ("demonstrated a
    disregard", "rallied support"); a verb of force with its particle right after it is
    words ("seized on the report", not "seized the town on Monday")."""
    lemma = verb.lemma_.lower()
    if lemma in lex.cues["intransitive_events"] and any(
        c.dep_ == "dobj" or (c.dep_ == "ccomp" and c.i > verb.i) for c in verb.children
    ):
        return True
    phrasals = lex.cues["figurative_phrasals"]
    return any(f"{lemma}_{c.lower_}" in phrasals and c.i == verb.i + 1
               for c in verb.children if c.dep_ in ("prt", "prep"))  # fmt: skip


_RIGHTS = frozenset({"right", "rights", "freedom", "freedoms", "liberty"})


def _a_right(tok: Token) -> bool:
    """A right or freedom names no event: "the right to protest", "freedom of assembly"."""
    head = tok.head
    if tok.dep_ in ("acl", "xcomp") and head.lemma_.lower() in _RIGHTS:
        return True  # "the right to protest"
    owner = head.head.lemma_.lower()
    return tok.dep_ == "pobj" and head.lower_ in ("of", "to") and owner in _RIGHTS


def objects(tok: Token) -> list[Token]:
    """Direct objects (and the patient of a passive, raised ones included), unwrapped."""
    objs = [c for c in tok.children if c.dep_ in ("dobj", "attr", "oprd")]
    if any(c.dep_ == "auxpass" for c in tok.children):
        patients = [c for c in tok.children if c.dep_ == "nsubjpass"]
        if not patients and tok.dep_ == "xcomp":
            # raising: "agreements were expected to be signed"
            patients = [c for c in tok.head.children if c.dep_ in ("nsubjpass", "nsubj")]
        objs += patients
    return [unwrap_quantity(o) for o in objs]


def _verb_candidate(tok: Token, lex: Lexicon) -> Candidate | None:
    lemma = tok.lemma_.lower()
    patterns = lex.verbs.get(lemma, ())
    if not patterns:
        # the lemmatizer's slips ("staged" -> "stag"): the regular stem of the inflected form
        lemma = next((v for v in regular_stems(tok.lower_) if v in lex.verbs), lemma)
        patterns = lex.verbs.get(lemma, ())
    if not patterns and lemma.startswith("re") and len(lemma) > 5:
        # "reimpose", "reopen", "redeploy": the same event again
        patterns = lex.verbs.get(lemma[2:].lstrip("-"), ())
    objs = objects(tok)
    kids = list(tok.children)
    # light verb + event noun: "conducted airstrikes", "held talks"
    light = None
    if lemma in lex.light_verbs:
        for obj in objs:
            noun = _noun_candidate(obj, lex)
            if noun is not None:
                light = Candidate(tok, [tok, obj], noun.cameo, noun.mode, noun=obj)
                break
    bare: Candidate | None = None
    # who acts: the subject, a passive's "by" agent, the noun a relative clause modifies
    agents = [p for c in kids if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    subjects = [c for c in kids if c.dep_ == "nsubj"] + agents
    subjects += [tok.head] if tok.dep_ == "relcl" else []
    if tok.dep_ == "xcomp":  # "troops have begun leaving": the controlling verb's subject
        subjects += [c for c in tok.head.children if c.dep_ == "nsubj"]
    for pat in patterns:
        if pat.subjects and not any(word_match(s, pat.subjects) for s in subjects):
            continue
        particle_tok = None
        if pat.particle:
            particle_tok = next(
                (
                    c
                    for c in kids
                    if c.dep_ in ("prt", "advmod", "acomp") and c.lower_ == pat.particle
                ),
                None,
            )
            if particle_tok is None:
                continue
        prep_tok = None
        if pat.prep:
            # on the verb, or on its object ("presented evidence against Russia")
            prep_tok = next(
                (c for c in kids + [k for o in objs for k in o.children]
                 if c.dep_ in ("prep", "agent", "dative") and c.lower_ == pat.prep),
                None,
            )  # fmt: skip
            if prep_tok is None:
                continue
        if pat.objects:
            pool = list(objs)
            if prep_tok is not None:
                pool += [unwrap_quantity(p) for p in prep_tok.children if p.dep_ == "pobj"]
            hit = next((o for o in pool if word_match(o, pat.objects)), None)
            # an excluded prepositional object: "set the world on fire", "control of the talks"
            heads = [*objs, tok]
            pool += [p for o in heads for c in o.children if c.dep_ == "prep" for p in c.children]
            if hit is None or any(word_match(o, pat.excluded) for o in pool):
                continue
            trigger = [t for t in (tok, particle_tok, prep_tok, hit) if t is not None]
            noun = hit if _noun_candidate(hit, lex) is not None else None
            giver = None
            if pat.converse and prep_tok is not None:
                giver = next((p for p in prep_tok.children if p.dep_ == "pobj"), None)
            return Candidate(tok, sorted(trigger, key=lambda t: t.i), pat.cameo, pat.mode,
                             noun=noun, obj=hit, giver=giver)  # fmt: skip
        if pat.excluded:
            pool = objs + ([tok.head] if tok.dep_ in ("acl", "relcl") else [])
            pool += [c for c in kids if c.dep_ == "prt"]
            # "released a video showcasing the attack" parsed as a gerund object: its noun
            pool += [c for o in objs if o.tag_ == "VBG" for c in o.children if c.dep_ == "compound"]
            if pat.prep is None:  # "retaliated against the new tariffs" ("fire >at": its own)
                pool += [p for c in kids if c.dep_ == "prep" for p in c.children
                         if p.dep_ == "pobj"]  # fmt: skip
            if any(word_match(o, pat.excluded) for o in pool):
                continue
        if bare is None:
            trigger = [t for t in (tok, particle_tok, prep_tok) if t is not None]
            bare = Candidate(tok, sorted(trigger, key=lambda t: t.i), pat.cameo, pat.mode)
    if light is not None and (bare is None or lemma in lex.light_verbs):
        return light
    return bare


def _noun_candidate(tok: Token, lex: Lexicon) -> Candidate | None:
    tok = unwrap_quantity(tok)
    keys = {tok.lemma_.lower(), tok.lower_} | hyphenated(tok)
    patterns = [p for k in keys for p in lex.nouns.get(k, ())]
    if not patterns:
        return None
    if tok.ent_type_ in _NAME_LABELS:
        return None  # part of a name: "the House Republican Conference", "the Paris Agreement"
    if tok.ent_type_ in ("DATE", "TIME") or (tok.is_title and tok.lower_ in _MONTHS):
        return None  # "KYIV, March 3" is a date, not a protest march
    if tok.dep_ == "pobj" and tok.head.lower_ == "for" and (
        tok.head.head.lemma_.lower() in lex.cues["purpose_nouns"]
    ):
        return None  # "a base for attacks against Israel": a purpose, not a record
    mods = {c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    mods |= {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    for pat in sorted(patterns, key=lambda p: p.modifier is None):
        if pat.excluded & mods:
            continue
        if pat.modifier is None or pat.modifier in mods:
            if pat.cameo == "143" and _military_strike(tok, mods, lex):
                return Candidate(tok, [tok], "190", None, noun=tok)
            return Candidate(tok, [tok], pat.cameo, pat.mode, noun=tok)
    return None


def _military_strike(tok: Token, mods: set[str], lex: Lexicon) -> bool:
    """Is this "strike" an attack ("Israeli strikes killed 12", "a retaliatory strike")
    rather than a walkout?"""
    if tok.lemma_.lower() != "strike":
        return False
    if mods & lex.cues["military_strike_modifiers"]:
        return True
    if any(c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in ("NORP", "GPE")
           for c in tok.children):  # fmt: skip
        return True
    if _strike_target(tok, lex):
        return True
    if any(c.dep_ in ("compound", "poss") and _armed_name(c) for c in tok.children):
        return True  # "Houthi strikes", "Hezbollah's strike": an armed group's
    harm = lex.cues["harm_verbs"]
    if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "by") and tok.head.head.lemma_ in harm:
        return True  # "nine people were killed in the strikes on Sanaa"
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in harm


_ARMED_KINDS = frozenset({"armed_group", "military", "rebels"})


def _armed_name(tok: Token) -> bool:
    """Does the name `tok` stands in resolve to an armed group or force in the gazetteer?"""
    if not tok.ent_type_:
        return False
    gaz = gazetteer()
    alias = gaz.lookup(tok.text)
    actor = gaz.actor(alias.actor_id) if alias is not None else None
    return actor is not None and actor.kind in _ARMED_KINDS


def _strike_target(tok: Token, lex: Lexicon) -> bool:
    """ "strikes on Beirut", "strikes against civilians": a walkout is "on strike", never
    "a strike on" a place, people or a site."""
    # "delivered strikes on nine targets": the light verb may carry the strike's object
    heads = [tok, tok.head] if tok.dep_ == "dobj" else [tok]
    for prep in (c for h in heads for c in h.children):
        if prep.dep_ != "prep" or prep.lower_ not in ("on", "upon", "against", "targeting"):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj" or obj.ent_type_ in ("DATE", "TIME"):
                continue
            if obj.ent_type_ in ("GPE", "LOC", "FAC", "NORP"):
                return True
            if obj.lemma_.lower() in lex.cues["strike_targets"]:
                return True
    return False


def _complements(tok: Token) -> list[Token]:
    out = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("for", "on", "upon", "of", "to", "from"):
            out.extend(p for p in c.children if p.dep_ in ("pobj", "pcomp"))
    out.extend(c for c in tok.children if c.dep_ in ("dobj",))
    return out


def _apply_frames(sent: Span, lex: Lexicon, by_token: dict[int, Candidate]) -> None:
    """Frame verbs take over their complement; accusation/denial verbs mark it."""
    cues = lex.cues
    governing = (
        cues["alleged_governors"] | {"deny"} | lex.frame_kind.keys() | lex.appeal_verbs
        | lex.consent_verbs | phrasal_lemmas(lex)
    )  # fmt: skip
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma not in governing or (tok.pos_ not in _VERB_POS and not tok.tag_.startswith("VB")):
            continue
        inner = [
            by_token[c.i] for comp in _complements(tok)
            for c in [comp, *_complement_conjuncts(comp)] if c.i in by_token and c.i != tok.i
        ]  # fmt: skip
        passive = any(c.dep_ == "auxpass" for c in tok.children)
        if lemma in cues["alleged_governors"] and inner:
            accused = next(
                (c for c in tok.children
                 if c.dep_ == ("nsubjpass" if passive else "dobj")),
                None,
            )  # fmt: skip
            for cand in inner:
                cand.base_status = Status.ALLEGED
                if accused is not None and not _has_subject(cand.anchor):
                    cand.source_override = accused
            continue
        if lemma in cues["denial"] and inner and lemma == "deny":
            for cand in inner:
                cand.base_status = Status.DENIED
            by_token.pop(tok.i, None)
            continue
        if lemma == "deny" and any(
            c.dep_ in ("xcomp", "ccomp", "pcomp") or (c.dep_ == "dobj" and c.tag_ == "VBG")
            for c in tok.children
        ):
            by_token.pop(tok.i, None)  # "denied supplying parts": a denial, not a rejection
            continue
        kind = act_of(tok, lex.frame_kind.get(lemma), lex)
        if kind == NO_EVENT:
            by_token.pop(tok.i, None)  # "'Goma has fallen,' the spokesman warned": a report
            continue
        refused = lemma in lex.consent_verbs and any(c.dep_ == "neg" for c in tok.children)
        if refused:
            kind = "reject"  # "would not accept the deployment of European troops"
        asked = None
        if kind in ("request", "appeal", "threaten") or lemma in lex.appeal_verbs:
            asked = _other_agent(tok)  # "urged Hamas to release": Hamas is asked
            if kind is None and asked is not None:
                kind = "appeal"  # "wants Putin to attack": an appeal to Putin
        if kind is None:
            continue
        if kind in ("reject", "appeal") and any(
            c.dep_ == "xcomp" and c.lemma_.lower() in lex.silent_complements for c in tok.children
        ):
            by_token.pop(tok.i, None)  # "declined to comment"
            continue
        if (
            kind == "request"
            and lemma == "call"
            and not any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children)
            and not any(c.dep_ == "xcomp" for c in tok.children)
        ):
            continue
        codes = lex.frame_codes[kind]
        status = Status.PLANNED if kind == "intent" else None
        # a complement the frame has no code for ("resisted the invasion") stays its own event
        # what another actor is asked to do, what is refused or threatened is the frame's
        # event, whatever it is; other frames keep complements they have no code for
        # ("resisted the invasion") as events of their own
        takes_all = asked is not None or refused or kind in ("threaten", "request")
        inner = [c for c in inner if takes_all or (aspect_of(c.cameo, lex) or "") in codes]
        if inner:
            frame = by_token.get(tok.i)
            for n, cand in enumerate(inner):
                aspect = aspect_of(cand.cameo, lex)
                code = codes.get(aspect or "", codes["default"])
                trig = sorted({tok, *cand.trigger}, key=lambda t: t.i)
                target_tok = asked if asked is not None else _first_object(cand.anchor)
                if target_tok is not None and cand.noun is not None and target_tok.i == cand.noun.i:
                    target_tok = None  # "threatened to launch an operation": no actor
                new = Candidate(tok, trig, code, None, base_status=status,
                                target_token=target_tok, framed=True,
                                keep_negation=not refused)  # fmt: skip
                cand.absorbed = True
                # the frame sits on the verb itself; several complements get their own events
                key = tok.i if n == 0 else -(tok.i * 100 + n)
                by_token[key] = new
            if frame is not None:
                frame.absorbed = True
            continue
        if kind == "threaten" and warns_of_others(tok, lex):
            by_token.pop(tok.i, None)  # "the UN warned that famine could spread": no threat
            continue
        if asked is not None and tok.i not in by_token:
            # "pressured workers to cancel the strike": asked to act, whatever the act
            by_token[tok.i] = Candidate(tok, [tok], codes["default"], None,
                                        target_token=asked, framed=True)  # fmt: skip
            continue
        objs = [c for c in _complements(tok)]
        aspect = next(
            (lex.object_aspects[o.lower_] for o in objs if o.lower_ in lex.object_aspects), None
        )
        # "will not accept any refugees": whatever a refused consent verb takes is rejected
        named = kind == "intent" or refused or (kind == "request" and asks_for(tok, lex))
        if aspect is not None or ((tok.i not in by_token or refused) and named and objs):
            code = codes.get(aspect or "", codes["default"])
            by_token[tok.i] = Candidate(tok, [tok], code, None, base_status=status, framed=True,
                                        keep_negation=not refused)  # fmt: skip
    _apply_noun_frames(sent, lex, by_token)


def _apply_noun_frames(sent: Span, lex: Lexicon, by_token: dict[int, Candidate]) -> None:
    """ "Reiterated its demand that Israel ease restrictions", "a threat to impose sanctions":
    the noun frames its complement; the verb that carries the noun is the event's anchor."""
    for tok in sent:
        kind = lex.noun_frames.get(tok.lemma_.lower())
        if kind is None or tok.pos_ != "NOUN":
            continue
        comps = [c for c in tok.children if c.dep_ in ("acl", "ccomp")]
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "to"):
                comps.extend(p for p in c.children if p.dep_ in ("pobj", "pcomp"))
        codes = lex.frame_codes[kind]
        inner = [
            by_token[c.i] for comp in comps for c in [comp, *conjuncts(comp)]
            if c.i in by_token and not by_token[c.i].absorbed
            and (aspect_of(by_token[c.i].cameo, lex) or "") in codes
        ]  # fmt: skip
        if not inner:
            continue
        host = tok
        if tok.dep_ in ("dobj", "attr") and (
            tok.head.pos_ in _VERB_POS or tok.head.tag_.startswith("VB")
        ):
            host = tok.head  # "issued a threat", "reiterated its demand"
            if host.i in by_token or host.lemma_.lower() in lex.frame_kind:
                continue  # "rejected an offer of talks": the verb's own event decides
        status = Status.PLANNED if kind in ("intent",) else None
        for n, cand in enumerate(inner):
            code = codes.get(aspect_of(cand.cameo, lex) or "", codes["default"])
            trig = sorted({host, tok, *cand.trigger}, key=lambda t: t.i)
            cand.absorbed = True
            key = host.i if n == 0 and host.i not in by_token else -(tok.i * 100 + n + 50)
            target = _first_object(cand.anchor)
            # "faces pressure from Congress to help Iran": Congress presses the subject
            giver = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"
                          for p in c.children if p.dep_ == "pobj"), None)  # fmt: skip
            by_token[key] = Candidate(host, trig, code, None, base_status=status,
                                      target_token=target, framed=True, giver=giver)  # fmt: skip


def _recode_modality(cand: Candidate, lex: Lexicon) -> None:
    """A stated future act is an intent (AGREE) or a threat (THREATEN), a refused one a
    rejection, one another "must" do a demand — CAMEO's convention (frames.yaml)."""
    anchor = cand.anchor
    if not (anchor.pos_ in _VERB_POS or anchor.tag_.startswith("VB")):
        return
    kids = list(anchor.children)
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in kids):
        return  # the condition of something else, not an announced act
    aux = {c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")}
    if "have" in aux or "been" in aux:
        return  # "would have been ratified": a counterfactual, not an intent
    negated = any(c.dep_ == "neg" for c in kids)
    head = anchor.head
    infinitive = "to" in aux and anchor.dep_ in ("xcomp", "acl")
    intent = infinitive and (
        head.lemma_.lower() in lex.intent_verbs
        or head.lower_ in lex.intent_adjs
        or head.lower_ == "going"  # "are not going to recognize": a stated future
    )
    if intent:
        negated = negated or any(c.dep_ == "neg" for c in head.children)
    elif (
        infinitive
        and anchor.dep_ == "xcomp"
        and head.lemma_.lower() in (lex.cues["negative_implicatives"])
    ):
        # "failed to reach agreement": a cooperative act that did not come about is coded,
        # as CAMEO does, as a rejection
        intent, negated = True, True
    kind: str | None = None
    if aux & lex.obligation_modals:
        kind = "request"
    elif intent or aux & (lex.cues["future_aux"] | {"would"}):
        kind = lex.future_kind.get(cand.cameo[:2])
        if kind == "intent" and negated:
            kind = "reject"
        elif negated:
            kind = None
    if kind is None:
        return
    codes = lex.frame_codes[kind]
    cand.lexical = cand.cameo
    cand.cameo = codes.get(aspect_of(cand.cameo, lex) or "", codes["default"])
    cand.mode, cand.plover, cand.framed = None, None, True
    if kind == "reject":
        cand.keep_negation = False
    elif kind in ("intent", "threaten"):
        cand.base_status = Status.PLANNED
    elif kind == "request":
        _as_demand(cand, anchor)


def _as_demand(cand: Candidate, anchor: Token) -> None:
    """ "The US said Iran must release the prisoners": the speaker demands, the one who must
    act is the target; with no speaker ("Israel must withdraw") nobody named demands."""
    cand.demand = True
    cand.target_token = next((c for c in anchor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    head = anchor.head
    if anchor.dep_ == "ccomp" and head.i != anchor.i:
        cand.source_override = next((c for c in head.children if c.dep_ == "nsubj"), None)


def _apply_obligations(sent: Span, lex: Lexicon, by_token: dict[int, Candidate]) -> None:
    """ "Washington declared that China must drop barriers": a reported obligation on another
    actor is a demand even when the act itself names no event."""
    for tok in sent:
        if tok.i in by_token or tok.dep_ != "ccomp":
            continue
        if not any(c.dep_ == "aux" and c.lower_ in lex.obligation_modals for c in tok.children):
            continue
        if not any(c.dep_ == "nsubj" for c in tok.children):
            continue
        if not any(c.dep_ == "nsubj" for c in tok.head.children):
            continue
        cand = Candidate(tok, [tok], "100", framed=True)
        _as_demand(cand, tok)
        by_token[tok.i] = cand


_FINITE = frozenset({"VBD", "VBZ", "VBP"})


def _complement_conjuncts(comp: Token) -> list[Token]:
    """Conjuncts of a complement that belong to it: a finite verb coordinated with a gerund
    or infinitive ("denied targeting civilians and accused the army") is the governor's
    coordinate, mis-attached by the parser, not a second complement."""
    if comp.tag_ in _FINITE:
        return list(conjuncts(comp))
    return [c for c in conjuncts(comp) if c.tag_ not in _FINITE]


def _other_agent(tok: Token) -> Token | None:
    """The subject of a verb's infinitive complement when it is not the verb's own subject
    ("wants Putin to attack": Putin; "wants to attack": None)."""
    for c in tok.children:
        if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            subj = next((s for s in c.children if s.dep_ == "nsubj"), None)
            if subj is not None:
                return subj
        if c.dep_ == "xcomp":
            obj = next((o for o in tok.children if o.dep_ == "dobj" and o.i < c.i), None)
            if obj is not None:
                return obj
    return None


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def _first_object(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("dobj", "dative", "iobj"):
            return unwrap_quantity(c)
    return None


# --- building events -----------------------------------------------------------------------
