"""Events: who did what to whom, where, when, and whether it happened — coded in PLOVER (type
and mode), CAMEO and, for political violence and strategic developments, ACLED.

Method: a PETRARCH-style coder on the spaCy dependency parse. `event_triggers` finds and codes
the triggers (verb patterns, event nouns, light verbs, frame verbs, CAMEO's modality
conventions); this module assembles each event: participants by dependency role (subject ->
source, object or "with/against/on" object -> target, passive "by" agent -> source, back
references to earlier participants), others and place from `event_roles`, status, certainty,
time and counts from `event_status`, codes from `newsledger.taxonomy`, and the attribution
that covers the trigger. PETRARCH's dyad rule: an event needs an actor, place or count of its
own. Then the trained event-type model (`learn.event_type`, shipped in `trained/event_type`)
reads each event in its sentence and recodes the type where it is confident the rules' trigger
list got it wrong ("strikes on Damascus" are no labour strike), and the ACLED sub-type model
(`learn.acled_subtype`) recodes the sub-type of political violence and demonstrations (an air
strike is no "Armed clash"); without the event-type weights the rules decide alone and the
records say so (`events@4+rules`). In a sentence where the rules code nothing, the event
detector proposes its likeliest verb and the event-type model keeps it only where it reads an
event sentence (its NONE class), typed by the model alone (`events@4+event_detect+event_type`).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from .. import taxonomy
from ..analyst_review import screen as analyst_review
from ..gazetteer import gazetteer
from ..learn import acled_sentence, acled_subtype, event_detect, event_type, models
from ..model import Article, Event, Evidence, Found, Participant, Status
from . import accusations, common
from .acled_protests import protest_outcomes
from .cues import load as cue_lexicon
from .event_context import contextualise
from .event_detection import fallback, screen
from .event_figurative import verbal_attack
from .event_lexicon import Lexicon, lexicon
from .event_mentions import absorb_casualties, merge_mentions
from .event_nouns import aspectual_verb
from .event_places import where
from .event_roles import (
    ActorResolver,
    antecedent,
    conjuncts,
    country_names_only,
    role_phrases,
    unwrap_quantity,
)
from .event_sentences import sentence_events
from .event_status import certainty_of, quantities_of, reports, status_of, when_of
from .event_triggers import VERB_POS as _VERB_POS
from .event_triggers import Candidate, candidates, objects

NAME = "events"
VERSION = 4

_TARGET_PREPS = {
    "default": ("against", "on", "upon", "at", "targeting"),
    "04": ("with",), "03": ("with",), "05": ("with", "to"), "06": ("with",), "07": ("to", "for"),
    "057": ("with",), "046": ("with",), "192": ("into", "in"),
    "16": ("with", "on", "against", "from", "to"), "11": ("against", "of", "over", "on"),
    "12": ("of", "from", "with"), "13": ("against", "with", "on"), "17": ("against", "on"),
    "042": ("to", "in"),
}  # fmt: skip
# codes whose recipient ("to X") is the target before the direct object (the thing given)
_RECIPIENT_FIRST = ("07", "084", "0842", "0841", "086", "090")
# codes whose direct object is what is sent or shown, not the target ("deploy troops")
_INSTRUMENT_OBJECT = ("15", "07", "062")
_BACKREF_DETS = ("the two", "both", "the pair")
_RELATIVES = frozenset({"which", "who", "that"})
_FIRST_PERSON = frozenset({"we", "i", "us"})
_CONTROL = frozenset({"xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp"})
_CIVILIAN_WORDS = ("civilian", "people", "resident", "villager", "children", "women",
                   "worshipper", "passenger", "student", "refugee", "family", "families")


def extract(doc: Doc, article: Article, found: Found) -> list[Event]:
    """Find and code the events of one parsed article."""
    lex = lexicon()
    resolver = ActorResolver(doc, found, lex)
    model = models.model_for(event_type.NAME)
    label = f"{NAME}@{VERSION}" if model is not None else f"{NAME}@{VERSION}+rules"
    events: list[Event] = []
    text = common.doc_text(doc)
    detector = models.model_for(event_detect.NAME)
    for sent in doc.sents:
        cands, added = candidates(sent, lex), []
        if detector is not None:
            cands, added = screen(sent, cands, lex, detector)
        tagged = [(c, label) for c in cands] + [(c, f"{label}+{event_detect.NAME}") for c in added]
        before = len(events)
        for cand, how in sorted(tagged, key=lambda pair: pair[0].anchor.i):
            event = _build(cand, sent, doc, article, found, lex, resolver, how, events, text)
            if event is not None and (how == label or (event.source and event.target)):
                # a detected event needs a dyad of its own (PETRARCH's rule, strictly)
                events.append(event)
        if len(events) == before and detector is not None and (model or models.restricted()):
            # the rules coded nothing here: the detector proposes, the event-type model keeps
            # or drops (training reads the proposals with the event-type model off)
            for cand in fallback(sent, lex, detector):
                how = f"{label}+{event_detect.NAME}"
                event = _build(cand, sent, doc, article, found, lex, resolver, how, events, text)
                if event is not None:  # kept or dropped by the event-type model (NONE)
                    events.append(event)
    if model is not None:
        events = event_type.keep_detected(model, doc, events)
    events = absorb_casualties(events)
    if model is not None:
        events = event_type.retype(model, doc, events, f"{label}+{event_type.NAME}")
    # accusations join before the merge: a stated one and a reported one are one record
    events = sorted([*events, *accusations.accuse(doc, article, events)],
                    key=lambda e: e.evidence.start)  # fmt: skip
    how = f"{label}+{acled_sentence.NAME}"  # sentences the rules coded nothing in (ACLED's)
    events = sentence_events(doc, events, lex, lambda cand, sent: _build(
        cand, sent, doc, article, found, lex, resolver, how, events, text, bare=True))
    events = merge_mentions(events, doc)
    # the ACLED sub-type is decided once per record, after its mentions joined: a sub-type
    # that moves the PLOVER type would otherwise keep a later mention of the event apart
    acled_model = models.model_for(acled_subtype.NAME)
    if acled_model is not None:
        events = acled_subtype.recode(acled_model, doc, events)
    events = protest_outcomes(events, list(doc.sents))  # ACLED: arrests at a protest intervened
    events = contextualise(events, doc, article, found)
    events = analyst_review(events)  # records an analyst's review filter drops, when in use
    start = len(found.events)
    return [replace(e, id=f"{article.id[:16]}-e{start + n + 1}") for n, e in enumerate(events)]


def _subject(tok: Token) -> tuple[Token | None, bool]:
    """The subject of the predicate `tok` (climbing control and coordination); passive flag."""
    cur = tok
    own_passive = any(c.dep_ == "auxpass" for c in tok.children)
    if tok.tag_ == "VBN" and tok.dep_ == "pcomp" and tok.head.lower_ in ("with", "without"):
        # "with 21 police officers injured": the participle's subject suffered it
        patient = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if patient is not None and not any(c.dep_ == "aux" for c in tok.children):
            return patient, True
    for _ in range(4):
        for c in cur.children:
            if c.dep_ in ("nsubj", "csubj"):
                if c.lower_ in _RELATIVES and cur.dep_ == "relcl":
                    return cur.head, False  # "Iran, which restored ties": Iran
                # a passive conjunct shares an active subject as its patient ("were
                # imprisoned and later released by Putin")
                return c, own_passive and cur.i != tok.i
            if c.dep_ == "nsubjpass":
                # raising ("Israel and Jordan are expected to sign"): the subject of the
                # passive governor is the agent of an active complement
                return c, True if cur.i == tok.i else own_passive
        if (cur.i == tok.i and cur.dep_ == "acl" and cur.tag_ == "VBN"
                and cur.head.dep_ == "ROOT" and cur.head.pos_ in ("NOUN", "PROPN", "NUM")):
            return cur.head, True  # a headline's passive: "4 fishermen killed by militia"
        if cur.dep_ == "relcl" and cur.head.pos_ in ("NOUN", "PROPN"):
            return cur.head, False
        if cur.dep_ == "acl" and cur.tag_ == "VBG" and cur.head.pos_ in ("NOUN", "PROPN"):
            return cur.head, False  # "IDF forces firing at vehicles": the noun acts
        if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN"):
            # "announced plans to lift", "talks to finalize": the planner's subject
            if cur.head.dep_ in ("dobj", "pobj", "attr") and cur.tag_ == "VB":
                cur = cur.head.head if cur.head.dep_ == "dobj" else cur.head.head.head
                continue
            return None, False
        if cur.dep_ in _CONTROL and cur.head.i != cur.i:
            if cur.dep_ == "conj" and cur.head.dep_ == "ccomp" and _speech_verb(cur):
                # "said the measures aim to ... and urged a ceasefire": a speech act joined to
                # the reported clause is the speaker's (the parser's slip)
                cur = cur.head.head
                continue
            if cur.dep_ == "xcomp":
                # object control: "ordered his forces to push", "urged Israel to withdraw"
                controller = next((c for c in cur.head.children if c.dep_ == "dobj"), None)
                if controller is not None:
                    return controller, False
            cur = cur.head
            continue
        break
    return None, False


def _speech_verb(tok: Token) -> bool:
    """Does the verb open a speech-act frame ("urged", "demanded", "warned")?"""
    return lexicon().frame_kind.get(tok.lemma_.lower()) is not None


def _agent(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "agent":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    return None


def _agent_below(tok: Token) -> Token | None:
    """The agent of a passive complement: "believed to be fired by rebels"."""
    for c in tok.children:
        if c.dep_ in ("xcomp", "ccomp"):
            return _agent(c)
    return None


def _prep_objects(heads: list[Token], preps: tuple[str, ...]) -> list[Token]:
    out = []
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                out.extend(unwrap_quantity(p) for p in c.children if p.dep_ == "pobj")
    return out


def _target_preps(cameo: str) -> tuple[str, ...]:
    # a cooperative act (roots 01-09) is not aimed "at" or "on" anyone: "met at a base"
    default = _TARGET_PREPS["default"] if cameo[:2] >= "10" else ()
    for n in (3, 2):
        if cameo[:n] in _TARGET_PREPS:
            return _TARGET_PREPS[cameo[:n]] + default
    return default


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


def _build(
    cand: Candidate,
    sent: Span,
    doc: Doc,
    article: Article,
    found: Found,
    lex: Lexicon,
    resolver: ActorResolver,
    label: str,
    events: list[Event],
    text: str,
    bare: bool = False,
) -> Event | None:
    """One coded event from a candidate, or None when it has no participant of its own (unless
    `bare`: a sentence the ACLED sentence model reads as an event)."""
    anchor = cand.anchor
    verbal = anchor.pos_ in _VERB_POS or anchor.tag_.startswith("VB")
    source: list[Participant] = []
    target: list[Participant] = []
    noun_heads = [cand.noun] if cand.noun is not None else []
    subj, passive = (None, False)
    if verbal:
        subj, passive = _subject(anchor)
        if cand.giver is not None:
            # "demonstrators received weapons from the government": the giver acts
            source = resolver.participants(unwrap_quantity(cand.giver), "source")
            if subj is not None and not passive:
                target = resolver.participants(subj, "target")
        elif cand.source_override is not None or cand.demand:
            source = resolver.participants(cand.source_override, "source")
        elif passive:
            agent = _agent(anchor)
            if agent is not None and _is_weapon(agent, lex):
                # "blown up by a missile fired by rebels": whoever fired the weapon
                fired = [c for c in agent.children if c.dep_ in ("acl", "relcl")]
                agent = next((a for c in fired for a in [_agent(c) or _agent_below(c)] if a), None)
            source = resolver.participants(agent, "source")
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
        if not source and passive and cand.cameo[:2] in ("18", "19", "20"):
            # "killed in an air strike by government forces": the attack's own agent;
            # "a mortar was fired at Israel from the Gaza Strip": whoever holds the place
            attacks = [n for n in _prep_objects([anchor], ("in",))
                       if n.lemma_.lower() in lex.noun_heads]  # fmt: skip
            heads = _prep_objects(attacks, ("by",)) + _prep_objects([anchor], ("from",))
            source = [p for tok in heads for p in resolver.participants(tok, "source")][:2]
        obj_tokens: list[Token] = []
        if passive and subj is not None:
            obj_tokens.append(subj)
        lexical = cand.lexical or cand.cameo
        if lexical.startswith(_RECIPIENT_FIRST):
            obj_tokens += _prep_objects([anchor], ("to",))
        if cand.obj is not None and cand.obj.dep_ == "pobj" and cand.obj.head.lower_ == "with":
            # "supplied the regime with bombs": the direct object receives
            obj_tokens += [c for c in anchor.children if c.dep_ == "dobj"]
        if cand.target_token is not None:
            obj_tokens.append(cand.target_token)
        elif cand.noun is None and not lexical.startswith(_INSTRUMENT_OBJECT):
            obj_tokens += [o for o in objects(anchor) if o.dep_ != "nsubjpass"]
        # "launched 85 drones and a missile against Ukraine": the objects' conjuncts too
        objs = [cand.obj, *conjuncts(cand.obj)] if cand.obj is not None else []
        heads = [anchor, *noun_heads, *objs]
        obj_tokens += _prep_objects(heads, _target_preps(lexical))
        # a weapon that "was fired" is no target ("rockets were fired at Israel"); one shot
        # down is ("shot down 57 Ukrainian drones")
        fired = anchor.lemma_.lower() in lex.cues["firing_verbs"]
        if passive and subj is not None and fired and _is_weapon(subj, lex):
            obj_tokens = [t for t in obj_tokens if t.i != subj.i]
        if fired and not passive:
            # "fired two missiles at a meeting place": the weapon is sent, the place is hit
            obj_tokens = [t for t in obj_tokens if t.dep_ != "dobj" or not _is_weapon(t, lex)]
        for tok in obj_tokens if not target else ():
            target.extend(resolver.participants(tok, "target"))
            if target:
                break
        if not target:
            # "welcomed a resumption of ties with Osgiliath", "condemned an attack by
            # Osgiliath soldiers": an actor inside the object phrase (PETRARCH searches there)
            for obj in objects(anchor) if cand.noun is None else [cand.noun]:
                target = _deep_target(obj, resolver)
                if target:
                    break
        if not target and cand.cameo[:2] in ("10", "11", "13"):
            # "alleged that France was aware", "warned that Iran would": the reported
            # clause's subject is who the accusation, demand or threat is about
            for comp in anchor.children:
                if comp.dep_ == "ccomp":
                    subj_c = next((c for c in comp.children if c.dep_.startswith("nsubj")), None)
                    target = resolver.participants(subj_c, "target")
                    if target:
                        break
    aspect_verb = aspectual_verb(cand.noun) if cand.noun is not None else None
    if aspect_verb is not None and anchor.i != cand.noun.i:
        aspect_verb = None
    if cand.noun is not None and not source:
        source = _noun_modifier_actors(cand.noun, resolver, lex)
        for tok in [] if source else _prep_objects([cand.noun], ("by",)):
            source = resolver.participants(tok, "source")  # "a grenade attack by militants"
        if not target:
            for tok in _prep_objects([cand.noun], _target_preps(cand.cameo) + ("of",)):
                target.extend(resolver.participants(tok, "target"))
                if target:
                    break
        # "clashes erupted between the army and the RSF": the sides hang on the verb
        between = _prep_objects([cand.noun, *filter(None, [aspect_verb])], ("between",))
        if between and not source:
            parts = resolver.participants(between[0], "source")
            source, target = parts[:1], [replace(p, role="target") for p in parts[1:]]
    if cand.cameo[:2] in ("18", "19", "20") and _by_accident(anchor, lex):
        return None  # "victims killed in the crash": a death, no one's attack
    if cand.noun is not None and cand.cameo.startswith("04") and _attacked(cand.noun, lex):
        return None  # "hit the site of a meeting of command staff": the attack's target
    source_ids = {p.actor_id for p in source}
    target = [p for p in target if p.actor_id not in source_ids]
    anchors = [anchor, *noun_heads]
    if aspect_verb is not None:
        anchors.append(aspect_verb)  # "talks are expected to resume in Cairo next week"
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
    if passive and subj is not None and anchor.dep_ == "acl" and subj.i == anchor.head.i:
        qty_heads.append(subj)  # "6 killed in cattle raid": the headline's noun is the toll
    if not _backref(subj):
        qty_heads += [c for c in anchor.children if c.dep_ == "nsubj"]
    qty_heads += _prep_objects([anchor], ("to", "into", "of", "at", "on"))
    lemmas = {t.lemma_.lower() for t in cand.trigger}
    quantities = quantities_of(qty_heads, lemmas)
    time_words = [*cand.trigger, aspect_verb] if aspect_verb is not None else cand.trigger
    status_anchors = [aspect_verb, anchor] if aspect_verb is not None else anchors
    status, negated = status_of(cand.trigger if verbal else status_anchors, lex, cand.base_status)
    to_come = status in (Status.PLANNED, Status.EXPECTED)
    when = when_of(time_words, sent, article.published, future=to_come)
    if not (bare or source or target or others or place or quantities or (when and not verbal)):
        # no actor, place or count of its own: a bare nominal ("the meeting", "previous
        # discussions") refers back or is generic, and a verb with no participant ("everybody
        # recognizes that", "fighting to protect") is no codable event (PETRARCH's dyad rule)
        return None
    if place is not None and place.country:
        if not any(p.actor_id.startswith(place.country) for p in source + target + others):
            others.append(Participant(place.country, place.name, "location_owner"))
        _consult_mode(cand, place.country, source, target)
    if cand.cameo[:2] in ("18", "19") and verbal_attack(
        anchor, cand.noun, subj, _armed(source), resolver, lex
    ):
        cand.cameo, cand.mode = "111", None  # a person's "attack" on a rival is criticism
    if (
        cand.cameo[:2] in ("17", "18", "19")
        and not cand.cameo.startswith(("194", "195"))  # missiles and aircraft are no riot
        and source
        and all(p.mention.lower().split()[-1] in lex.cues["crowds"] for p in source)
    ):
        cand.cameo, cand.mode = "145", "riot"  # a crowd's damage or violence is a riot
    civilian = any(
        p.actor_id.endswith("CVL") or any(w in p.mention.lower() for w in _CIVILIAN_WORDS)
        # a person shot or attacked is a civilian unless armed ("Michael Brown was shot")
        or ((p.actor_id in resolver.prov_persons or ":" in p.actor_id) and not _armed([p]))
        for p in target
    )
    etype = taxonomy.event_type(cand.cameo, cand.mode, cand.plover, civilian_target=civilian)
    if etype is None:
        return None
    if not cand.keep_negation and negated:
        # "will not accept": coded as a rejection, which itself is stated
        status, negated = (Status.OCCURRED if status is Status.NEGATED else status), False
    start = min(t.idx for t in cand.trigger)
    end = max(t.idx + len(t.text) for t in cand.trigger)
    plain = not cue_lexicon().plain_verbs.isdisjoint(lemmas)  # "said", not "accused"
    attribution = common.attribution_for(found, article, start, end, plain)
    if subj is not None and subj.lower_ in _FIRST_PERSON and not passive and attribution.quote:
        speaker = attribution.chain[-1]
        if speaker.actor_id and not source:  # "'We will not recognize Israel,' the minister said"
            source = [Participant(speaker.actor_id, subj.text, "source")]
    certainty = certainty_of(status, not reports(attribution), cand.trigger, lex)
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


_DEEP_PREPS = ("with", "between", "against", "on", "by", "to", "toward", "towards", "of", "for")


def _deep_target(obj: Token, resolver: ActorResolver, depth: int = 3) -> list[Participant]:
    """The first actor named on a prepositional path below an object noun phrase."""
    frontier = [obj]
    for _ in range(depth):
        nxt: list[Token] = []
        for tok in frontier:
            for c in tok.children:
                if c.dep_ in ("prep", "agent") and c.lower_ in _DEEP_PREPS:
                    for p in c.children:
                        if p.dep_ != "pobj":
                            continue
                        found = resolver.participants(p, "target")
                        if found:
                            return found
                        nxt.append(p)
        frontier = nxt
    return []


def _consult_mode(cand, country: str, source: list[Participant], target: list[Participant]) -> None:
    """A meeting in a third country is CAMEO 044 (PLOVER CONSULT/third-party); in the
    target's country the source visits (042), in the source's it hosts (043)."""
    if cand.cameo != "040" or not source or not (target or len(source) > 1):
        return
    if any(p.actor_id.startswith("PROV:") for p in source + target):
        return  # whose country an unknown participant is, the text has not said
    src = {p.actor_id[:3] for p in source}
    tgt = {p.actor_id[:3] for p in target}
    if country not in src | tgt:
        cand.cameo, cand.mode = "044", "third-party"
    elif target and country in tgt and country not in src:
        cand.cameo, cand.mode = "042", "visit"
    elif target and country in src and country not in tgt:
        cand.cameo, cand.mode = "043", "host"


def _armed(parts: list[Participant]) -> bool:
    """Is one of the participants a known armed group or force (whatever the NER label)?"""
    gaz = gazetteer()
    for p in parts:
        if p.actor_id.startswith("PROV:"):
            # "Nigerian Air Force", "Auliyan militia": an unnamed force is armed all the same
            head = p.actor_id.removeprefix("PROV:").rsplit("-", 1)[-1]
            sector = gaz.sector_nouns.get(head) or gaz.sector_nouns.get(head.removesuffix("s"))
            if sector in ("MIL", "COP", "REB", "SPY"):
                return True
            continue
        actor = gaz.actor(p.actor_id)
        if actor is not None and actor.kind in ("armed_group", "military", "rebels", "police"):
            return True
    return False


def _by_accident(anchor: Token, lex: Lexicon) -> bool:
    """Is the death's cause an accident or a disaster ("killed in a car crash")?"""
    causes = _prep_objects([anchor], ("in", "by", "from", "during"))
    causes += [a for a in [_agent(anchor)] if a is not None]
    accidents = lex.cues["accidents"]
    return any(t.lemma_.lower() in accidents or t.lower_ in accidents for t in causes)


_SETTING_DEPS = frozenset({"pobj", "prep", "dobj", "nsubjpass", "compound", "appos"})


def _attacked(noun: Token, lex: Lexicon) -> bool:
    """Is the event noun where an attack struck ("hit the site of a meeting", "killed during
    a meeting", "fired missiles at a meeting")?"""
    tok = noun
    for _ in range(4):
        if tok.dep_ not in _SETTING_DEPS or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.pos_ == "VERB":
            return tok.lemma_.lower() in lex.cues["attack_settings"]
    return False


def _is_weapon(tok: Token, lex: Lexicon) -> bool:
    words = (tok.lemma_.lower(), tok.lower_, tok.lower_.removesuffix("s"))
    return any(w in lex.instruments for w in words)


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


__all__ = ["NAME", "VERSION", "extract"]
