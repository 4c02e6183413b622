"""Events: who did what to whom, where, when, and whether it happened — coded in PLOVER (type
and mode), CAMEO and, for political violence and strategic developments, ACLED.

Method: a PETRARCH-style coder on the spaCy dependency parse. Triggers are verb patterns
(lemma + particle / preposition / object noun) and event nouns from
newsledger/data/events/triggers.yaml; "light" verbs take their code from an event-noun object
("conducted airstrikes"); frame verbs ("pledged to", "demanded", "refused to", "threatened
to") code their complement into the CAMEO intent / demand / reject / threaten families
(frames.yaml); accusation predicates make their complement an alleged event. Participants and
place come from `event_roles`, status, certainty, time and counts from `event_status`; the
code tables are `newsledger.taxonomy`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from .. import taxonomy
from ..model import Article, Event, Evidence, Found, Participant, Status
from . import common
from .event_lexicon import Lexicon, aspect_of, lexicon
from .event_roles import (
    ActorResolver,
    antecedent,
    conjuncts,
    country_code,
    country_names_only,
    role_phrases,
    unwrap_quantity,
    where,
)
from .event_status import certainty_of, quantities_of, status_of, when_of

NAME = "events"
VERSION = 1

_VERB_POS = frozenset({"VERB", "AUX"})
_TARGET_PREPS = {
    "default": ("against", "on", "upon", "at", "targeting"),
    "04": ("with",), "03": ("with",), "05": ("with", "to"), "06": ("with",), "07": ("to", "for"),
    "057": ("with",), "046": ("with",), "192": ("into", "in"),
    "16": ("with", "on", "against", "from", "to"), "11": ("against", "of", "over", "on"),
    "12": ("of", "from", "with"), "13": ("against", "with", "on"), "17": ("against", "on"),
    "042": ("to", "in"),
}  # fmt: skip
# codes whose recipient ("to X") is the target before the direct object (the thing given)
_RECIPIENT_FIRST = ("07", "084", "0842", "0841", "086")
_BACKREF_DETS = ("the two", "both", "the pair")
_CONTROL = frozenset({"xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp"})
_CIVILIAN_WORDS = (
    "civilian",
    "people",
    "resident",
    "villager",
    "children",
    "women",
    "worshipper",
    "passenger",
    "student",
    "refugee",
    "family",
    "families",
)


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


def extract(doc: Doc, article: Article, found: Found) -> list[Event]:
    """Find and code the events of one parsed article."""
    lex = lexicon()
    resolver = ActorResolver(doc, found, lex)
    label = f"{NAME}@{VERSION}"
    events: list[Event] = []
    text = doc.text
    for sent in doc.sents:
        for cand in _candidates(sent, lex):
            event = _build(cand, sent, doc, article, found, lex, resolver, label, events, text)
            if event is not None:
                events.append(event)
    start = len(found.events)
    return [replace(e, id=f"{article.id[:16]}-e{start + n + 1}") for n, e in enumerate(events)]


# --- finding triggers ----------------------------------------------------------------------


def _candidates(sent: Span, lex: Lexicon) -> list[Candidate]:
    by_token: dict[int, Candidate] = {}
    consumed: set[int] = set()
    for tok in sent:
        if tok.dep_ == "amod":
            # adjectival participles ("ousted president", "Israeli-occupied") name no event
            continue
        if tok.pos_ in _VERB_POS or tok.tag_.startswith("VB"):
            cand = _verb_candidate(tok, lex)
            if cand is not None:
                by_token[tok.i] = cand
                if cand.noun is not None:
                    consumed.add(cand.noun.i)
                if tok.lemma_.lower() in lex.cues["cancelling_governors"]:
                    consumed.update(o.i for o in _objects(tok))
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
    out = [c for _, c in sorted(by_token.items()) if not c.absorbed]
    for cand in out:
        if not cand.framed:
            _recode_modality(cand, lex)
    return out


def _objects(tok: Token) -> list[Token]:
    objs = [c for c in tok.children if c.dep_ in ("dobj", "attr", "oprd")]
    if any(c.dep_ == "auxpass" for c in tok.children):
        patients = [c for c in tok.children if c.dep_ == "nsubjpass"]
        if not patients and tok.dep_ == "xcomp":
            # raising: "agreements were expected to be signed"
            patients = [c for c in tok.head.children if c.dep_ in ("nsubjpass", "nsubj")]
        objs += patients
    return [unwrap_quantity(o) for o in objs]


def _word_match(tok: Token, words: frozenset[str]) -> bool:
    if "@actor" in words and tok.ent_type_ in ("GPE", "ORG", "NORP", "PERSON"):
        return True
    return tok.lemma_.lower() in words or tok.lower_ in words


def _verb_candidate(tok: Token, lex: Lexicon) -> Candidate | None:
    lemma = tok.lemma_.lower()
    patterns = lex.verbs.get(lemma, ())
    if not patterns and lemma.startswith("re") and len(lemma) > 5:
        # "reimpose", "reopen", "redeploy": the same event again
        patterns = lex.verbs.get(lemma[2:].lstrip("-"), ())
    objs = _objects(tok)
    kids = list(tok.children)
    # light verb + event noun: "conducted airstrikes", "held talks"
    light = None
    if lemma in lex.light_verbs:
        for obj in objs:
            noun = _noun_candidate(obj, lex, allow_anaphor=True)
            if noun is not None:
                light = Candidate(tok, [tok, obj], noun.cameo, noun.mode, noun=obj)
                break
    bare: Candidate | None = None
    for pat in patterns:
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
            prep_tok = next(
                (c for c in kids if c.dep_ in ("prep", "agent", "dative") and c.lower_ == pat.prep),
                None,
            )
            if prep_tok is None:
                continue
        if pat.objects:
            pool = list(objs)
            if prep_tok is not None:
                pool += [unwrap_quantity(p) for p in prep_tok.children if p.dep_ == "pobj"]
            hit = next((o for o in pool if _word_match(o, pat.objects)), None)
            if hit is None:
                continue
            trigger = [t for t in (tok, particle_tok, prep_tok, hit) if t is not None]
            noun = hit if _noun_candidate(hit, lex) is not None else None
            return Candidate(tok, sorted(trigger, key=lambda t: t.i), pat.cameo, pat.mode,
                             noun=noun, obj=hit)  # fmt: skip
        if pat.excluded:
            pool = objs + ([tok.head] if tok.dep_ in ("acl", "relcl") else [])
            pool += [c for c in kids if c.dep_ == "prt"]
            if any(_word_match(o, pat.excluded) for o in pool):
                continue
        if bare is None:
            trigger = [t for t in (tok, particle_tok, prep_tok) if t is not None]
            bare = Candidate(tok, sorted(trigger, key=lambda t: t.i), pat.cameo, pat.mode)
    if light is not None and (bare is None or lemma in lex.light_verbs):
        return light
    return bare


def _noun_candidate(tok: Token, lex: Lexicon, allow_anaphor: bool = False) -> Candidate | None:
    tok = unwrap_quantity(tok)
    keys = {tok.lemma_.lower(), tok.lower_}
    patterns = [p for k in keys for p in lex.nouns.get(k, ())]
    if not patterns:
        return None
    mods = {c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    mods |= {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    for pat in sorted(patterns, key=lambda p: p.modifier is None):
        if pat.modifier is None or pat.modifier in mods:
            return Candidate(tok, [tok], pat.cameo, pat.mode, noun=tok)
    return None


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
    governing = cues["alleged_governors"] | {"deny"} | lex.frame_kind.keys()
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma not in governing or (tok.pos_ not in _VERB_POS and not tok.tag_.startswith("VB")):
            continue
        inner = [
            by_token[c.i] for comp in _complements(tok)
            for c in [comp, *conjuncts(comp)] if c.i in by_token and c.i != tok.i
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
        kind = lex.frame_kind.get(lemma)
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
        inner = [c for c in inner if (aspect_of(c.cameo, lex) or "") in codes]
        if inner:
            frame = by_token.get(tok.i)
            for n, cand in enumerate(inner):
                aspect = aspect_of(cand.cameo, lex)
                code = codes.get(aspect or "", codes["default"])
                trig = sorted({tok, *cand.trigger}, key=lambda t: t.i)
                new = Candidate(tok, trig, code, None, base_status=status,
                                target_token=_first_object(cand.anchor), framed=True)  # fmt: skip
                cand.absorbed = True
                # the frame sits on the verb itself; several complements get their own events
                key = tok.i if n == 0 else -(tok.i * 100 + n)
                by_token[key] = new
            if frame is not None:
                frame.absorbed = True
            continue
        objs = [c for c in _complements(tok)]
        aspect = next(
            (lex.object_aspects[o.lower_] for o in objs if o.lower_ in lex.object_aspects), None
        )
        if aspect is not None or (tok.i not in by_token and kind in ("intent",) and objs):
            code = codes.get(aspect or "", codes["default"])
            by_token[tok.i] = Candidate(tok, [tok], code, None, base_status=status, framed=True)


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
        head.lemma_.lower() in lex.intent_verbs or head.lower_ in lex.intent_adjs
    )
    if intent:
        negated = negated or any(c.dep_ == "neg" for c in head.children)
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


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def _first_object(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("dobj", "dative", "iobj"):
            return unwrap_quantity(c)
    return None


# --- building events -----------------------------------------------------------------------


def _subject(tok: Token) -> tuple[Token | None, bool]:
    """The subject of the predicate `tok` (climbing control and coordination); passive flag."""
    cur = tok
    own_passive = any(c.dep_ == "auxpass" for c in tok.children)
    for _ in range(4):
        for c in cur.children:
            if c.dep_ in ("nsubj", "csubj"):
                return c, False
            if c.dep_ == "nsubjpass":
                # raising ("Israel and Jordan are expected to sign"): the subject of the
                # passive governor is the agent of an active complement
                return c, True if cur.i == tok.i else own_passive
        if cur.dep_ == "relcl" and cur.head.pos_ in ("NOUN", "PROPN"):
            return cur.head, False
        if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN"):
            # "announced plans to lift", "talks to finalize": the planner's subject
            if cur.head.dep_ in ("dobj", "pobj", "attr") and cur.tag_ == "VB":
                cur = cur.head.head if cur.head.dep_ == "dobj" else cur.head.head.head
                continue
            return None, False
        if cur.dep_ in _CONTROL and cur.head.i != cur.i:
            if cur.dep_ == "xcomp":
                # object control: "ordered his forces to push", "urged Israel to withdraw"
                controller = next((c for c in cur.head.children if c.dep_ == "dobj"), None)
                if controller is not None:
                    return controller, False
            cur = cur.head
            continue
        break
    return None, False


def _agent(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "agent":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    return None


def _prep_objects(heads: list[Token], preps: tuple[str, ...]) -> list[Token]:
    out = []
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                out.extend(unwrap_quantity(p) for p in c.children if p.dep_ == "pobj")
    return out


def _target_preps(cameo: str) -> tuple[str, ...]:
    for n in (3, 2):
        if cameo[:n] in _TARGET_PREPS:
            return _TARGET_PREPS[cameo[:n]] + _TARGET_PREPS["default"]
    return _TARGET_PREPS["default"]


def _backref(tok: Token | None) -> bool:
    """Does the subject refer back to earlier participants ("the two men", "both sides")?"""
    if tok is None:
        return False
    if tok.pos_ == "PRON" and antecedent(tok) is not None:
        return False  # "Palestinian leaders said they would boycott": the clause above
    head_text = tok.doc[tok.left_edge.i : tok.i + 1].text.lower()
    full = tok.doc[tok.left_edge.i : tok.right_edge.i + 1].text.lower()
    refs = lexicon().back_reference
    if head_text in refs or full in refs or any(r in full for r in refs if " " in r):
        return True
    return head_text.startswith(_BACKREF_DETS) or tok.lower_ in ("they", "both")


def _build(cand, sent, doc, article, found, lex, resolver, label, events, text) -> Event | None:
    anchor = cand.anchor
    verbal = anchor.pos_ in _VERB_POS or anchor.tag_.startswith("VB")
    source: list[Participant] = []
    target: list[Participant] = []
    noun_heads = [cand.noun] if cand.noun is not None else []
    subj, passive = (None, False)
    if verbal:
        subj, passive = _subject(anchor)
        if cand.source_override is not None:
            source = resolver.participants(cand.source_override, "source")
        elif passive:
            source = resolver.participants(_agent(anchor), "source")
        elif _backref(subj):
            # "the two men met": the participants of the last event of the kind, unless the
            # actors stage resolved the phrase to actors that are not among them
            source = resolver.participants(subj, "source") if resolver.covers(subj) else []
            earlier = _previous_participants(events, cand.cameo)
            bodies = {p.actor_id[:3] for p in earlier}
            if earlier and (not source or all(p.actor_id[:3] in bodies for p in source)):
                source = earlier
        else:
            source = resolver.participants(subj, "source")
        obj_tokens: list[Token] = []
        if passive and subj is not None:
            obj_tokens.append(subj)
        lexical = cand.lexical or cand.cameo
        if lexical.startswith(_RECIPIENT_FIRST):
            obj_tokens += _prep_objects([anchor], ("to",))
        if cand.target_token is not None:
            obj_tokens.append(cand.target_token)
        elif cand.noun is None:
            obj_tokens += [o for o in _objects(anchor) if o.dep_ != "nsubjpass"]
        heads = [anchor, *noun_heads] + ([cand.obj] if cand.obj is not None else [])
        obj_tokens += _prep_objects(heads, _target_preps(lexical))
        for tok in obj_tokens:
            target.extend(resolver.participants(tok, "target"))
            if target:
                break
    if cand.noun is not None and not source:
        source = _noun_modifier_actors(cand.noun, resolver, lex)
        if not target:
            for tok in _prep_objects([cand.noun], _target_preps(cand.cameo) + ("of",)):
                target.extend(resolver.participants(tok, "target"))
                if target:
                    break
        between = _prep_objects([cand.noun], ("between",))
        if between and not source:
            parts = resolver.participants(between[0], "source")
            source, target = parts[:1], [replace(p, role="target") for p in parts[1:]]
    source_ids = {p.actor_id for p in source}
    target = [p for p in target if p.actor_id not in source_ids]
    anchors = [anchor, *noun_heads]
    wrapper = cand.noun.head.head if cand.noun is not None and cand.noun.dep_ == "pobj" else None
    if wrapper is not None and wrapper.head.i == anchor.i:
        anchors.append(wrapper)  # "conducted acts of aggression across Syria"
    others = role_phrases(anchors, resolver, lex)
    others += _brokered(cand.noun, resolver) if cand.noun is not None else []

    def ev_for(start: int, end: int) -> Evidence:
        # common.evidence with the doc text read once per article (Doc.text rebuilds it)
        return Evidence(article.id, common.sentence_index(doc, start), start, end,
                        text[start:end], label)  # fmt: skip

    place = where(anchors, doc, found, lex, ev_for)
    qty_heads = list(noun_heads)
    qty_heads += [c for c in anchor.children if c.dep_ in ("dobj", "nsubjpass")]
    if not _backref(subj):
        qty_heads += [c for c in anchor.children if c.dep_ == "nsubj"]
    qty_heads += _prep_objects([anchor], ("to", "into", "of", "at", "on"))
    lemmas = {t.lemma_.lower() for t in cand.trigger}
    quantities = quantities_of(qty_heads, lemmas)
    when = when_of(cand.trigger, sent, article.published)
    if not (source or target or others or place or quantities or (when and not verbal)):
        # no actor, place or count of its own: a bare nominal ("the meeting", "previous
        # discussions") refers back or is generic, and a verb with no participant ("everybody
        # recognizes that", "fighting to protect") is no codable event (PETRARCH's dyad rule)
        return None
    if place is not None and place.country:
        if not any(p.actor_id.startswith(place.country) for p in source + target):
            others.append(Participant(place.country, place.name, "location_owner"))
    civilian = any(
        p.actor_id.endswith("CVL") or any(w in p.mention.lower() for w in _CIVILIAN_WORDS)
        for p in target
    )
    etype = taxonomy.event_type(cand.cameo, cand.mode, cand.plover, civilian_target=civilian)
    if etype is None:
        return None
    status, negated = status_of(cand.trigger if verbal else anchors, lex, cand.base_status)
    if not cand.keep_negation and negated:
        # "will not accept": coded as a rejection, which itself is stated
        status, negated = (Status.OCCURRED if status is Status.NEGATED else status), False
    start = min(t.idx for t in cand.trigger)
    end = max(t.idx + len(t.text) for t in cand.trigger)
    attribution = common.attribution_for(found, article, start, end)
    certainty = certainty_of(status, attribution.own_voice, cand.trigger, lex)
    return Event(
        id="",
        type=etype,
        trigger=" ".join(t.text for t in cand.trigger),
        evidence=ev_for(start, end),
        source=tuple(source),
        target=tuple(target),
        others=tuple(others),
        where=place,
        when=when,
        status=status,
        certainty=certainty,
        attribution=attribution,
        quantities=tuple(quantities),
        negated=negated,
    )


def _noun_modifier_actors(noun: Token, resolver: ActorResolver, lex: Lexicon) -> list[Participant]:
    """ "Israeli airstrikes", "Syria's offensive": the noun's own actor modifiers."""
    out: list[Participant] = []
    countries = country_names_only()
    for c in noun.children:
        if c.dep_ not in ("amod", "compound", "poss", "nmod"):
            continue
        if c.ent_type_ == "GPE" and c.dep_ == "compound":
            # "the Paris meeting" names a place, "the Iran talks" an actor
            if c.text.lower() not in countries:
                continue
        if c.ent_type_ or c.dep_ == "poss":
            out.extend(resolver.participants(c, "source"))
    return out


def _brokered(noun: Token, resolver: ActorResolver) -> list[Participant]:
    """ "US-brokered deals": an actor fused to a mediation participle."""
    out: list[Participant] = []
    for c in noun.children:
        if c.dep_ == "amod" and c.lemma_.lower() in ("broker", "mediate", "sponsor", "back"):
            for m in c.children:
                if m.ent_type_:
                    role = "mediator" if c.lemma_.lower() != "back" else "supporter"
                    out.extend(resolver.participants(m, role))
    return out


def _previous_participants(events: list[Event], cameo: str) -> list[Participant]:
    """ "The two men met": the participants of the last event of the same kind."""
    root = cameo[:2]
    for ev in reversed(events[-8:]):
        if ev.type.cameo and ev.type.cameo[:2] == root and (ev.source or ev.target):
            return [replace(p, role="source") for p in (*ev.source, *ev.target)]
    return []


__all__ = ["NAME", "VERSION", "extract", "country_code"]
