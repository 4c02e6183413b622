"""Whether an event happened (status), how firmly it is put (certainty), when, and the counts
said about it (quantities).

Method: event factuality after FactBank (Saurí & Pustejovsky 2009): walk from the event's
trigger up the dependency tree through its governors, collecting cues (negation, denial and
allegation predicates, planning and expectation predicates, future and epistemic modals,
conditional markers, progressive aspect) from newsledger/data/events/cues.yaml; the strongest
cue decides. Time from the DATE entities attached to the event's clause, resolved by
`newsledger.timex` against the publication date. Counts from numerals and vague quantity words
("hundreds of") on the trigger and its arguments, with their hedges ("at least", "nearly").
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

from ..model import Attribution, Certainty, Quantity, Status, When
from ..timex import date_like, resolve
from .event_lexicon import Lexicon
from .event_roles import doc_entities

# strongest first
_ORDER = [
    Status.NEGATED,
    Status.DENIED,
    Status.ALLEGED,
    Status.HYPOTHETICAL,
    Status.EXPECTED,
    Status.PLANNED,
    Status.ONGOING,
    Status.OCCURRED,
]
_CLIMB = frozenset(
    {"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl", "advcl", "conj", "nsubjpass",
     "nsubj", "attr", "oprd", "compound", "amod", "relcl", "appos"}
)  # fmt: skip


def strongest(statuses: list[Status]) -> Status:
    return min(statuses, key=_ORDER.index) if statuses else Status.OCCURRED


def governors(tok: Token, limit: int = 6) -> list[Token]:
    """The tokens above `tok` up to its sentence root, through complement-like relations."""
    out: list[Token] = []
    cur = tok
    if (
        tok.dep_ == "conj"
        and tok.tag_ in ("VBD", "VBZ", "VBP")
        and tok.head.tag_ in ("VBG", "VB")
        and tok.head.dep_ in ("xcomp", "pcomp", "ccomp")
    ):
        # "denied targeting civilians and accused the army": the finite conjunct is the
        # governor's coordinate (mis-attached by the parser), so climb from the governor
        cur = tok.head.head
    while cur.dep_ in _CLIMB and cur.head.i != cur.i and len(out) < limit:
        cur = cur.head
        out.append(cur)
        if cur.dep_ in ("ROOT", "advcl", "relcl") and cur.pos_ in ("VERB", "AUX"):
            # a finite clause head: cues above it govern other clauses, except advcl "if"
            if cur.dep_ == "ROOT":
                break
    return out


def _container(anchor: Token, cues: dict) -> Token | None:
    """The noun that measures out the event noun `anchor` ("a round of talks"), if any."""
    if anchor.dep_ != "pobj" or anchor.head.lower_ != "of":
        return None
    noun = anchor.head.head
    return noun if noun.pos_ == "NOUN" and noun.lemma_.lower() in cues["container_nouns"] else None


def status_of(
    anchors: list[Token], lex: Lexicon, base: Status | None = None
) -> tuple[Status, bool]:
    """Status of an event whose trigger tokens are `anchors` (first = main predicate)."""
    cues = lex.cues
    found: list[Status] = [base] if base else []
    negated = False
    anchor = anchors[0]
    local = set(anchors)
    for a in anchors:
        # "called on citizens not to deface": the asked-for act's negation is what is asked,
        # not a negation of the call
        framed = (
            a is not anchor
            and a.dep_ == "xcomp"
            and a.head in local
            and lex.frame_kind.get(a.head.lemma_.lower()) in ("request", "appeal")
        )
        for c in a.children:
            low = c.lower_
            if (c.dep_ == "neg" or (c.dep_ == "det" and low == "no")) and not framed:
                negated = True
            if c.dep_ in ("aux", "auxpass"):
                if low in cues["future_aux"] or (low == "wo" and c.nbor(1).lower_ == "n't"):
                    found.append(Status.PLANNED)
                elif low == "would" and anchor.dep_ == "ccomp" and not _conditional(anchor):
                    # "said they would boycott": the future of a reported statement
                    found.append(Status.PLANNED)
                elif low in cues["hypothetical_modals"]:
                    found.append(Status.HYPOTHETICAL)
            if c.dep_ == "mark" and low in cues["hypothetical_marks"]:
                found.append(Status.HYPOTHETICAL)
            if c.dep_ == "advmod" and low in cues["alleged_words"]:
                found.append(Status.ALLEGED)
            if c.dep_ == "amod":
                if low in cues["alleged_words"]:
                    found.append(Status.ALLEGED)
                elif low in cues["planned_adjs"]:
                    found.append(Status.PLANNED)
                elif low in cues["ongoing_adjs"]:
                    found.append(Status.ONGOING)
    container = _container(anchor, cues)
    if container is not None:  # "a scheduled new round of negotiations"
        for c in container.children:
            if c.dep_ == "amod" and c.lower_ in cues["planned_adjs"]:
                found.append(Status.PLANNED)
            elif c.dep_ == "amod" and c.lower_ in cues["alleged_words"]:
                found.append(Status.ALLEGED)
    if anchor.dep_ == "pcomp" and _negating_prep(anchor.head):
        negated = True  # "without attacking", "rather than resisting", "instead of meeting"
    if anchor.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP") for c in anchor.children
    ):
        found.append(Status.ONGOING)
    if (
        anchor.tag_ == "VB"
        and anchor.dep_ in ("xcomp", "acl", "advcl", "relcl")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in anchor.children)
    ):
        gov = anchor.head.lemma_.lower()
        if gov in cues["negative_implicatives"]:
            negated = True
        elif gov not in cues["implicatives"] and anchor.head not in local:
            found.append(Status.PLANNED)
    if any(c.dep_ == "mark" and c.lower_ in cues["pending_marks"] for c in anchor.children):
        if _awaits(anchor, cues):
            found.append(Status.HYPOTHETICAL)  # "... until Hamas was disarmed"
    prev = anchor
    for g in governors(anchor):
        lemma = g.lemma_.lower()
        if g in local:
            prev = g
            continue
        if lemma in cues["retrospective_governors"] and prev.dep_ in ("dobj", "prep", "pobj"):
            break  # "vowed to avenge the killing": the vow is planned, the killing happened
        if prev.dep_ == "conj" and prev.head.i == g.i and _own_clause(prev, g):
            # "Cabello accused Washington of murder, and Maduro ordered a mobilization": a
            # coordinate clause with its own subject is no complement of the first verb,
            # whose cues stay its own (what governs both clauses still governs it)
            if g.dep_ == "ROOT":
                break
            prev = g
            continue
        if g.lower_ in cues["demand_nouns"] and prev.dep_ in ("acl", "ccomp", "xcomp"):
            found.append(Status.HYPOTHETICAL)  # "the demand that troops withdraw"
            break
        if lemma in cues["denial"] and prev.dep_ in ("ccomp", "xcomp", "dobj", "pcomp"):
            found.append(Status.DENIED)
        elif lemma in cues["alleged_governors"] or g.lower_ in cues["alleged_words"]:
            found.append(Status.ALLEGED)
        elif lemma in cues["expected_governors"] or lemma in cues["expected_adjs"]:
            found.append(Status.EXPECTED)
        elif lemma in cues["hypothetical_governors"]:
            found.append(Status.HYPOTHETICAL)
        elif (
            lemma in cues["planned_governors"] or g.lower_ in cues["planned_nouns"]
        ) and prev.dep_ in ("xcomp", "acl", "pcomp", "pobj", "dobj", "prep"):
            found.append(Status.PLANNED)
        elif lemma in cues["ongoing_governors"] and prev.dep_ not in ("advcl", "conj", "ccomp"):
            # "continued to attack", "kept firing"; not "remained missing after X attacked"
            found.append(Status.ONGOING)
        elif (
            prev.i == anchor.i
            and g.dep_ == "prep"
            and g.lower_ in ("on", "for", "about", "over", "toward", "towards")
            and g.head.lemma_.lower() in cues["topic_governors"]
        ):
            found.append(Status.PLANNED)  # "talks on a ceasefire"
        for c in g.children:
            if (
                c.dep_ == "neg"
                and prev.dep_ in ("xcomp", "ccomp", "conj")
                and (lemma not in cues["denial"])
                and not _own_clause(prev, g)
            ):
                # "did not agree to meet", "has not been able to attack"
                negated = negated or lemma in cues["planned_governors"] or prev.dep_ == "conj"
            if (
                c.dep_ in ("aux", "auxpass")
                and c.lower_ in cues["future_aux"]
                and (prev.dep_ in ("xcomp", "conj", "dobj", "pobj", "prep"))
            ):
                found.append(Status.PLANNED)
            elif (
                c.dep_ == "aux" and c.lower_ == "would" and g.dep_ == "ccomp"
                and prev.dep_ == "conj" and not _own_clause(prev, g) and not _conditional(g)
            ):  # fmt: skip
                found.append(Status.PLANNED)  # "said Tokyo would seek an exemption and send"
            if c.dep_ == "mark" and c.lower_ in cues["hypothetical_marks"]:
                found.append(Status.HYPOTHETICAL)
            elif c.dep_ == "mark" and c.lower_ in cues["pending_marks"] and _awaits(g, cues):
                found.append(Status.HYPOTHETICAL)
        if g.dep_ == "ROOT":
            break
        prev = g
    if negated:
        found.append(Status.NEGATED)
    return strongest(found), negated


def _awaits(clause: Token, cues: dict) -> bool:
    """Is the adverbial clause what a future or refused act waits for ("would keep up
    pressure until ...", "will not withdraw before ...")?"""
    if clause.dep_ != "advcl":
        return False
    return any(
        (c.dep_ == "aux" and (c.lower_ in cues["future_aux"] or c.lower_ == "would"))
        or c.dep_ == "neg"
        for c in clause.head.children
    )


def _own_clause(conj: Token, first: Token) -> bool:
    """Whether a conjunct is a clause of its own that the first conjunct's negation does not
    reach: it has its own subject, or a "but"/"yet" sets it against the first ("The Kremlin
    did not comment, but the ministry said its forces hit ..."; "did not attack and kill"
    shares it)."""
    if conj.dep_ != "conj":
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children) or any(
        c.dep_ == "cc" and c.lower_ in ("but", "yet") and first.i < c.i < conj.i
        for c in first.children
    )


def _conditional(tok: Token) -> bool:
    """Is there an "if/unless" clause on this predicate or the one it depends on?"""
    for t in (tok, tok.head):
        for c in t.children:
            if c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children):
                return True
            if c.dep_ == "mark" and c.lower_ in ("if", "unless"):
                return True
    return False


def _negating_prep(prep: Token) -> bool:
    low = prep.lower_
    if low == "without":
        return True
    if low == "than":
        return any(c.lower_ == "rather" for c in prep.children) or prep.head.lower_ == "rather"
    return low == "of" and prep.head.lower_ == "instead"


def reports(attribution: Attribution) -> bool:
    """Whether an attribution makes what it covers a report: only speech ("said", "according
    to") and documents ("the report found") do; a belief or intention ("hopes to", "plans
    to") is the actor's own stance and an evaluation ("praised", "condemned") a judgement of
    it (issue 13)."""
    return not attribution.own_voice and attribution.kind in ("speech", "document")


def certainty_of(status: Status, own_voice: bool, anchors: list[Token], lex: Lexicon) -> Certainty:
    """How firmly the event is put: from its status, attribution and hedge words nearby."""
    if status is Status.DENIED:
        return Certainty.DISPUTED
    if status is Status.ALLEGED:
        return Certainty.ALLEGED
    scope = set(anchors)
    for a in anchors:
        scope.update(governors(a, 3))
    hedged_heads = _hedged_heads(anchors[0].doc, lex) if anchors else set()
    if any(t.i in hedged_heads for t in scope):
        return Certainty.HEDGED
    return Certainty.ASSERTED if own_voice else Certainty.REPORTED


def _hedged_heads(doc: Doc, lex: Lexicon) -> set[int]:
    """The tokens a hedge word modifies ("reportedly", "may"), found once per doc: reading
    every scope token's children per event was quadratic in a run-on sentence, whose root has
    a child per clause."""
    key = f"newsledger_hedged_heads_{id(lex)}"
    cached = doc.user_data.get(key)
    if cached is None:
        hedges = lex.cues["hedges"]
        cached = {
            t.head.i
            for t in doc
            if t.lower_ in hedges and t.dep_ in ("advmod", "aux", "amod") and t.head.i != t.i
        }
        doc.user_data[key] = cached
    return cached


def when_of(
    anchors: list[Token], sent: Span, published: dt.date | None, future: bool = False
) -> When | None:
    """The time of the event: a DATE entity attached to its clause, resolved (as the next
    such day or month when the event is still to come, `future`)."""
    targets = set(anchors)
    for a in anchors:
        # a date on the governing verb of a nominal or a light-verb event counts too
        if a.pos_ in ("NOUN", "PROPN") and a.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj"):
            targets.add(a.head)
    ents = doc_entities(sent.doc)[0]
    # the sentence's entities only (they are in order): not every entity per event
    first = bisect.bisect_left(ents, sent.start, key=lambda e: e.start)
    for ent in ents[first:]:
        if ent.start >= sent.end:
            break
        if ent.label_ != "DATE" or ent.end > sent.end:
            continue
        tok = ent.root
        prep = None
        # one step to the word the date modifies: "on Wednesday" -> met, "last year" -> met
        if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent"):
            prep = tok.head
            tok = prep.head
        elif tok.dep_ in ("npadvmod", "nmod", "compound", "poss", "tmod"):
            tok = tok.head
        if tok not in targets:
            continue
        text = ent.text.removesuffix("'s").removesuffix("\u2019s")  # "last month's attack"
        if prep is not None and prep.lower_ in ("by", "since", "until", "before"):
            text = f"{prep.text} {text}"
        if not date_like(text):
            continue
        when = resolve(text, published, future)
        if when is not None:
            return when
    return None


_WORD_NUM = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "million": 1_000_000,
    "a dozen": 12, "dozen": 12,
}  # fmt: skip
_VAGUE = {  # word -> (low, high)
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999),
    "thousands": (2000, 9999), "millions": (2_000_000, 9_999_999), "several": (3, 9),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
}  # fmt: skip
_HEDGES = ("at least", "nearly", "almost", "about", "around", "some", "approximately",
           "roughly", "more than", "over", "up to", "as many as", "fewer than", "less than",
           "an estimated", "estimated", "at most", "close to", "upwards of")  # fmt: skip
FATAL = frozenset({"kill", "massacre", "slaughter", "death", "die", "execute", "murder",
                   "killing", "behead", "assassinate", "dead", "fatality"})  # fmt: skip
INJURY = frozenset({"injure", "wound", "injury", "hurt"})


def parse_number(text: str) -> tuple[float, float | None, float | None, str | None] | None:
    """ "at least nine" -> (9, None, None, "at least"); "hundreds" -> (200, 200, 999, None)."""
    t = text.lower().strip()
    hedge = next((h for h in _HEDGES if t.startswith(h + " ")), None)
    if hedge:
        t = t[len(hedge) + 1 :]
    if t in _VAGUE:
        low, high = _VAGUE[t]
        return float(low), float(low), float(high), hedge
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)\s*(million|thousand|billion)?", t)
    if m:
        value = float(m.group(1).replace(",", ""))
        value *= {"million": 1e6, "thousand": 1e3, "billion": 1e9}.get(m.group(2) or "", 1)
        return value, None, None, hedge
    words = t.replace("-", " ").split()
    if words and all(w in _WORD_NUM or w == "and" for w in words):
        total, cur = 0, 0
        for w in words:
            if w == "and":
                continue
            n = _WORD_NUM[w]
            if n in (100, 1000, 1_000_000):
                cur = max(cur, 1) * n
                if n > 100:
                    total, cur = total + cur, 0
            else:
                cur += n
        return float(total + cur), None, None, hedge
    return None


def quantities_of(heads: list[Token], trigger_lemmas: set[str]) -> list[Quantity]:
    """Counts on the trigger and argument heads: "hundreds of airstrikes", "at least nine
    posts", "nearly 10,000 people"."""
    out: list[Quantity] = []
    seen: set[int] = set()
    kind = "count"
    if trigger_lemmas & FATAL:
        kind = "fatalities"
    elif trigger_lemmas & INJURY:
        kind = "injured"
    for head in heads:
        for num_tok, unit_tok in _numbers_on(head):
            if num_tok.i in seen:
                continue
            seen.add(num_tok.i)
            text = _number_text(num_tok)
            parsed = parse_number(text)
            if parsed is None:
                continue
            value, low, high, hedge = parsed
            if hedge is None and low is not None:
                hedge = num_tok.lower_  # "hundreds of" is itself a vague count
            unit = unit_tok.text if unit_tok is not None else ""
            q_kind = kind if kind == "count" or _is_people(unit_tok) else "count"
            out.append(Quantity(value, unit, text, hedge, q_kind, low, high))
    return out


def _is_people(tok: Token | None) -> bool:
    if tok is None:
        return True
    return tok.lemma_.lower() in {
        "people", "person", "civilian", "soldier", "fighter", "militant", "child", "woman",
        "man", "resident", "protester", "member", "officer", "policeman", "troop", "villager",
        "student", "worker", "rebel", "refugee", "migrant", "worshipper", "passenger",
    } or tok.ent_type_ in ("NORP",)  # fmt: skip


def _numbers_on(head: Token) -> list[tuple[Token, Token | None]]:
    out: list[tuple[Token, Token | None]] = []
    # "hundreds of X": the head itself is the number word
    if head.lower_ in _VAGUE or head.like_num:
        unit = next(
            (p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
             for p in c.children if p.dep_ == "pobj"),
            None,
        )  # fmt: skip
        out.append((head, unit))
    for c in head.children:
        if c.dep_ == "nummod" or (c.dep_ in ("amod", "quantmod") and c.like_num):
            out.append((c, head))
        if c.dep_ == "prep" and c.lower_ == "of" and head.pos_ == "NOUN":
            for p in c.children:
                if p.dep_ == "pobj":
                    out.extend((n, p) for n in p.children if n.dep_ == "nummod")
                    if p.lower_ in _VAGUE or p.like_num:
                        out.extend(_numbers_on(p))
    return out


def _number_text(tok: Token) -> str:
    """The full numeral with its hedge: the CARDINAL entity if there is one."""
    if tok.ent_type_ in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT"):
        ent = doc_entities(tok.doc)[1][tok.i]
        if ent is not None:
            return ent.text
    words = [t for t in tok.subtree if t.i <= tok.i]
    return " ".join(t.text for t in words)
