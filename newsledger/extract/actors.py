"""The actors stage: find every actor mention and resolve it to a canonical actor.

Method: dictionary matching and rules on the parse, after the PETRARCH/CAMEO actor
dictionaries (country + sector codes) with dated roles as in Phoenix/ICEWS actor lists:
1. names: a spaCy PhraseMatcher over every alias and demonym of the gazetteer
   (newsledger.gazetteer), case-sensitive for acronyms; metonyms ("Damascus") count only
   where the word is used as an actor, not as a place ("in Damascus");
2. spaCy entities (PERSON, ORG, NORP, GPE) the gazetteer lacks: an earlier full name in the
   article ("Shaibani" after "Asaad al-Shaibani"), a rapidfuzz match for transliteration
   variants, or else a provisional actor ("PROV:<slug>"), never dropped;
3. actor noun phrases: a body (demonym, possessive, compound name, "of X") with an actor noun
   ("Israeli forces" -> ISRMIL, "an HTS official" -> SYRHTS) or a title, which names a person
   ("Syria's foreign minister, Asaad al-Shaibani"), resolves by date ("the Syrian president"),
   or gives the body the person acts for (Mention.acts_for);
4. coreference rules (newsledger.coref): he/she, "his forces", "its aircraft", "the two men",
   "both sides", "the minister"; "the government"/"government forces" -> the state the text
   is about (the last state named as a subject in this or the previous sentence).
Every mention keeps the outlet's surface form and the token index of its head.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..coref import (
    Draft,
    its_antecedent,
    pair_kind,
    pronoun_antecedent,
    recent_persons,
    recent_sides,
    sentence_of,
    title_antecedent,
)
from ..gazetteer import Gazetteer, gazetteer, is_acronym, matchers, norm
from ..model import Actor, Article, Found, Mention
from ..places import places
from . import common

NAME = "actors"
VERSION = 2
LABEL = f"{NAME}@{VERSION}"

ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_REGION_NOUNS = frozenset({"region", "province", "oblast", "governorate", "district", "county"})
_BREAKS = frozenset({"-", "—", "–", "(", ")", ":", "|", "--"})
PROVISIONAL_KIND = {"PERSON": "person", "ORG": "organisation", "NORP": "group",
                    "GPE": "location"}
_OTHER_SIDE = frozenset({"counterpart", "opponent", "rival", "enemy", "adversary", "foe"})
_LED_BY = frozenset({"lead", "led", "run", "control", "controlled", "dominate", "dominated"})
_HOME_NOUNS = frozenset({"government", "regime", "army", "military", "authority", "cabinet",
                         "presidency", "force", "troop"})
_HOME_MODIFIERS = frozenset({"government", "regime", "security", "state", "army"})
_KEEP_MODIFIER_VIA = frozenset({"loaded_alias", "metonym"})  # always a mention of their own

# -- helpers -----------------------------------------------------------------------------


def slug(text: str) -> str:
    """ASCII slug of a name for provisional ids: "Jeffrey Kupfer" -> "jeffrey-kupfer"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


_MINOR_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "de", "al", "el", "&"})


def _initials(name: str) -> str:
    """ "Rapid Support Forces" -> "RSF", "the Islamic State West Africa Province" -> "ISWAP"."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _MINOR_WORDS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def _strip(text: str) -> str:
    text = re.sub(r"^(the|The)\s+", "", text.strip())
    return re.sub(r"[’']s?$", "", text).strip()


def _case_ok(alias_text: str, span_text: str) -> bool:
    """A capitalised name ("Turkey", "Jordan") only matches capitalised text, an acronym
    ("US", "IS") only itself."""
    alias_text, span_text = _strip(alias_text), _strip(span_text)
    if is_acronym(alias_text):
        return span_text == alias_text
    return not (alias_text[:1].isupper() and not span_text[:1].isupper())


def _modifies_noun(span: Span) -> bool:
    root = span.root
    return (
        root.dep_ in ("amod", "compound", "nmod", "npadvmod")
        and root.head.i >= span.end
        and root.head.pos_ in ("NOUN", "PROPN")
    )


def _det_start(token_start: int, token_end: int, doc: Doc) -> int:
    """Extend a span left over its own determiner ("the Israeli regime", not "a UK-based")."""
    if token_start == 0:
        return token_start
    det = doc[token_start - 1]
    if det.dep_ == "det" and det.lower_ in ("the", "a", "an") and (
        token_start <= det.head.i < token_end
    ) and (
        all(t.dep_ in ("compound", "amod", "nmod", "poss", "punct", "npadvmod")
            or t.i == det.head.i
            for t in doc[token_start : det.head.i + 1])
    ):
        return token_start - 1
    return token_start


class _Stage:
    """State of one run over one article."""

    def __init__(self, doc: Doc, article: Article, gaz: Gazetteer) -> None:
        self.doc = doc
        self.article = article
        self.date = article.published
        self.gaz = gaz
        self.places = places()
        self.drafts: list[Draft] = []
        self.owner: dict[int, Draft] = {}
        self.provisional: dict[str, Actor] = {}
        self.surnames: dict[str, str] = {}  # norm(surname or full name) -> person id
        self._conjoined: list[Draft] = []  # other bodies of the phrase _body last read

    # -- 1. names from the gazetteer -----------------------------------------------------------

    def add(self, draft: Draft) -> Draft:
        # a mention never reaches back over a dash, bracket or colon: a wire dateline
        # ("KHARTOUM, Oct 14 (Wire) - Sudan's army") is not part of the name
        for i in range(min(draft.head, draft.end) - 1, draft.start - 1, -1):
            tok = self.doc[i]
            spaced = tok.whitespace_ or (i > 0 and self.doc[i - 1].whitespace_)
            if (tok.text in _BREAKS and spaced) or "\n" in tok.text:
                draft.start = i + 1
                break
        self.drafts.append(draft)
        for i in range(draft.start, draft.end):
            self.owner.setdefault(i, draft)
        return draft

    def names(self) -> None:
        doc, gaz = self.doc, self.gaz
        lower, exact = matchers(doc.vocab, gaz)
        spans = [doc[s:e] for _, s, e in lower(doc)] + [doc[s:e] for _, s, e in exact(doc)]
        person_ents = [e for e in doc.ents if e.label_ == "PERSON"]
        for span in filter_spans(spans):
            if any(e.start <= span.start and span.end <= e.end and len(e) > len(span)
                   for e in person_ents if e.start < span.end and span.start < e.end):
                continue  # "Israel" inside an unknown person's name
            self._name(span)

    def _name(self, span: Span) -> None:
        gaz, key = self.gaz, norm(span.text)
        alias = gaz.lookup(span.text, self.date)
        if alias is not None and not _case_ok(alias.text, span.text):
            alias = None
        dem = gaz.demonyms.get(key) if span.text[:1].isupper() else None
        head = span.root.i
        if dem and (alias is None or _modifies_noun(span)):
            self.add(Draft(span.start, span.end, head, dem, "demonym", demonym=True))
            return
        if alias is None:
            return
        if alias.kind == "metonym" and not self._actor_use(span):
            return  # a place ("in Damascus"): the places stage takes it
        actor = gaz.actors[alias.actor_id]
        draft = Draft(_det_start(span.start, span.end, self.doc), span.end, head, actor.id,
                      alias.via)
        if actor.kind == "person":
            self._person(draft, actor.id)
        self.add(draft)

    def _actor_use(self, span: Span) -> bool:
        root = span.root
        if span.text.isupper() and len(span.text) > 3:
            return False  # a dateline ("WASHINGTON —"), not the government speaking
        if self.places.locative(root):
            return False
        if root.dep_ == "compound":
            return self._noun_sector(root.head)[0] is not None
        return True

    def _person(self, draft: Draft, person_id: str) -> None:
        draft.person = True
        role = self.gaz.acting_role(person_id, self.date)
        if role is not None:
            draft.acts_for = role.body
        name = self.gaz.actors[person_id].name if person_id in self.gaz.actors else None
        if name:
            self.surnames.setdefault(norm(name.split()[-1]), person_id)

    # -- 2. entities the gazetteer lacks -----------------------------------------------------

    def entities(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ not in ACTOR_LABELS:
                continue
            if any(i in self.owner for i in range(ent.start, ent.end)):
                continue
            self._entity(ent)

    def _entity(self, ent: Span) -> None:
        gaz, text = self.gaz, _strip(ent.text)
        if not text:
            return
        head = ent.root.i
        if ent.label_ == "PERSON":
            local = self.surnames.get(norm(text)) or self.surnames.get(norm(text.split()[-1]))
            if local and len(text.split()) == 1:
                draft = Draft(ent.start, ent.end, head, local, "name")
                self._person(draft, local) if local in gaz.actors else self._prov_person(
                    draft)
                self.add(draft)
                return
        dem = gaz.demonyms.get(norm(text)) if ent.label_ == "NORP" else None
        if dem is not None:  # a demonym the tagger saw despite its case ("tunisian rioters")
            self.add(Draft(ent.start, ent.end, head, dem, "demonym", demonym=True))
            return
        alias = gaz.lookup(text, self.date)
        if alias is not None and is_acronym(alias.text) and _strip(text) != alias.text:
            alias = None  # the tagger found an entity, so case matters for acronyms only
        if alias is None and ent.label_ == "GPE" and self.places.resolve(text) is not None:
            return  # a known place, not an actor: the places stage takes it
        if alias is None:
            alias = gaz.fuzzy(text)  # persons and organisations only (see Gazetteer.fuzzy)
        if alias is not None:
            if alias.kind == "metonym" and not self._actor_use(ent):
                return
            draft = Draft(ent.start, ent.end, head, alias.actor_id,
                          "alias" if alias.via == "name" else alias.via)
            if gaz.actors[alias.actor_id].kind == "person":
                self._person(draft, alias.actor_id)
            self.add(draft)
            return
        if ent.label_ in ("PERSON", "ORG") and self.places.locative(ent.root):
            return  # "in Khan Younis", "near El Fasher": a town the tagger took for a name
        if ent.root.dep_ == "compound" and ent.root.head.lemma_.lower() in _REGION_NOUNS:
            return  # "the Odesa region": a place
        expanded = self._acronym_of_named(text)
        if expanded is not None:  # "Rapid Support Forces ... the RSF"
            self.add(Draft(ent.start, ent.end, head, expanded, "alias"))
            return
        self._provisional(ent, text)

    def expand_acronyms(self) -> None:
        """An acronym the text spells out beats the gazetteer's reading of it: after "the
        Justice and Equality Movement", "JEM" is that movement, not Jaish-e-Mohammed."""
        for draft in self.drafts:
            text = self.doc[draft.head].text
            if draft.dropped or draft.via != "alias" or not text.isupper():
                continue
            named = self._acronym_of_named(text, exclude=draft)
            if named is not None and named != draft.actor_id:
                draft.actor_id, draft.person, draft.acts_for = named, False, None

    def _acronym_of_named(self, text: str, exclude: Draft | None = None) -> str | None:
        """The actor already named in full whose initials the acronym `text` spells."""
        if not (text.isupper() and text.isalpha() and 2 <= len(text) <= 6):
            return None
        for draft in self.drafts:
            if draft is exclude or draft.dropped or draft.via in ("coref", "demonym"):
                continue
            actor = self.provisional.get(draft.actor_id) or self.gaz.actor(draft.actor_id)
            names = [self.doc[draft.start : draft.end].text]
            if actor is not None:
                names.append(actor.name)
            if any(_initials(n) == text for n in names):
                return draft.actor_id
        return None

    @staticmethod
    def _subject_like(token: Token) -> bool:
        while token.dep_ == "conj":
            token = token.head
        return token.dep_ in ("nsubj", "nsubjpass", "poss", "agent")

    def _provisional(self, ent: Span, text: str) -> None:
        actor_id = f"PROV:{slug(text)}"
        kind = PROVISIONAL_KIND[ent.label_]
        if actor_id not in self.provisional:
            self.provisional[actor_id] = Actor(actor_id, text, kind, provisional=True)
        draft = Draft(ent.start, ent.end, ent.root.i, actor_id, "provisional")
        if kind == "person":
            self._prov_person(draft)
            self.surnames.setdefault(norm(text), actor_id)
            self.surnames.setdefault(norm(text.split()[-1]), actor_id)
        self.add(draft)

    @staticmethod
    def _prov_person(draft: Draft) -> None:
        draft.person = True

    # -- 3. actor noun phrases ---------------------------------------------------------------

    def _noun_sector(self, token: Token) -> tuple[str | None, bool]:
        """(sector code, is a person title) of an actor noun, else (None, False)."""
        if token.pos_ not in ("NOUN", "PROPN"):
            return None, False
        gaz = self.gaz
        left = token.doc[token.i - 1] if token.i > 0 else None
        keys = []
        if left is not None and left.text == "-" and token.i >= 2:  # "Secretary-General"
            keys.append(norm(f"{token.doc[token.i - 2].text}-{token.text}"))
        if left is not None and left.head.i == token.i and left.dep_ in ("compound", "amod"):
            keys += [norm(f"{left.text} {token.text}"), norm(f"{left.text} {token.lemma_}")]
        keys += [norm(token.text), norm(token.lemma_)]
        for key in keys:  # the longest reading first: "police officer" is police, not army
            if key in gaz.title_sectors:
                return gaz.title_sectors[key], True
            if key in gaz.sector_nouns:
                return gaz.sector_nouns[key], False
        return None, False

    def phrases(self) -> None:
        for token in self.doc:
            owned = self.owner.get(token.i)
            if owned is not None and not owned.demonym and owned.via != "provisional":
                continue
            sector, is_title = self._noun_sector(token)
            if sector is not None and token.dep_ == "compound" and self._noun_sector(
                token.head
            )[0] is not None:
                continue  # "police officer": the head noun makes the phrase
            if sector is None:
                if token.pos_ in ("NOUN", "PROPN"):
                    self._pair(token)
                continue
            self._phrase(token, sector, is_title)
        for draft in self.drafts:
            if draft.demonym and not draft.dropped:  # "Israeli invasion": the state itself
                draft.demonym = False

    def _body(self, noun: Token) -> tuple[str | None, Draft | None, int, str]:
        """The body an actor noun belongs to, the mention naming it, the phrase start, and
        how the body was named (the mention's `via`)."""
        start = noun.i
        body, body_draft, via = None, None, "name"
        pronoun_body: str | None = None
        self._conjoined = []
        lefts = list(noun.lefts)
        if noun.dep_ == "compound":  # "Israeli media reports": the modifier hangs on "reports"
            lefts += [c for c in noun.head.lefts if c.i < noun.i and c.dep_ != "compound"]
        for child in lefts:
            if child.dep_ in ("punct", "cc", "prep"):
                continue
            start = min(start, child.left_edge.i)
            if body is not None:
                continue
            draft = self.owner.get(child.i)
            if draft is not None and not draft.dropped:
                if draft.person:
                    body = draft.acts_for
                else:
                    body, body_draft, via = draft.actor_id, draft, draft.via
                    self._conjoined = [  # "US and British activists"
                        self.owner[c.i] for c in child.conjuncts
                        if c.i in self.owner and not self.owner[c.i].person
                    ]
            elif child.dep_ in ("amod", "compound") and child.lemma_.lower() in _LED_BY:
                led = [self.owner[t.i] for t in child.subtree
                       if t.i in self.owner and not self.owner[t.i].dropped]
                if led and not led[0].person:  # "the Hamas-run health ministry"
                    body, body_draft, via = led[0].actor_id, led[0], led[0].via
            elif child.dep_ == "poss" and child.pos_ == "PRON" and pronoun_body is None:
                ante = pronoun_antecedent(child, self.drafts, self.gaz) or its_antecedent(
                    child, self.drafts)
                if ante is not None:
                    pronoun_body = ante.acts_for if ante.person else ante.actor_id
        if body is None and pronoun_body is not None and noun.lemma_.lower() not in _OTHER_SIDE:
            body, via = pronoun_body, "coref"  # "his forces"; not "his Omani counterpart"
        return body, body_draft, start, via

    def _title_words(self, noun: Token, end: int) -> list[str]:
        words = []
        for child in noun.lefts:
            if child.dep_ in ("amod", "compound", "nmod") and child.i not in self.owner:
                words += [norm(t.text) for t in child.subtree]
        words.append(norm(noun.lemma_ if noun.tag_ in ("NNS", "NNPS") else noun.text))
        words += [norm(t.text) for t in self.doc[noun.i + 1 : end]]
        return words

    def _of_part(self, noun: Token) -> tuple[int, str | None, Draft | None]:
        """End of a title's "of X"/"for X" part and the body it names, if any."""
        end, body, body_draft = noun.i + 1, None, None
        for child in noun.rights:
            if child.dep_ == "prep" and child.lower_ in ("of", "for") and child.i == end:
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if not objs:
                    break
                draft = self.owner.get(objs[0].i)
                # "envoy for Syria": the portfolio, not the body
                if (draft is not None and not draft.person and child.lower_ == "of"
                        and draft.via != "provisional"):
                    body, body_draft = draft.actor_id, draft
                end = objs[0].i + 1
                while end <= objs[0].right_edge.i and self.doc[end].text not in (",", "(", ";"):
                    end += 1
                break
        return end, body, body_draft

    def _named_person(self, noun: Token, end: int) -> Draft | None:
        """The named person a title belongs to: compound, apposition, or ", NAME" after it."""
        doc = self.doc

        def person_at(i: int) -> Draft | None:
            draft = self.owner.get(i)
            return draft if draft is not None and draft.person and not draft.dropped else None

        if noun.dep_ in ("compound", "nmod") and person_at(noun.head.i):
            return person_at(noun.head.i)
        for child in noun.rights:
            if child.dep_ == "appos" and person_at(child.i):
                return person_at(child.i)
        if noun.dep_ == "appos" and person_at(noun.head.i):
            return person_at(noun.head.i)
        if end < len(doc) - 1 and doc[end].text == "," and person_at(end + 1):
            return person_at(end + 1)
        if end < len(doc) and noun.text[:1].isupper() and person_at(end):
            return person_at(end)  # "Secretary of Energy Jeffrey Kupfer"
        return None

    def _phrase(self, noun: Token, sector: str, is_title: bool) -> None:
        gaz = self.gaz
        body, body_draft, start, body_via = self._body(noun)
        end = noun.i + 1
        if is_title:
            end, of_body, of_draft = self._of_part(noun)
            if body is None and of_body is not None:
                body, body_draft = of_body, of_draft
        acting = gaz.sector_actor(body, sector) if body else None
        if is_title:
            words = self._title_words(noun, end)
            canonical = gaz.canonical_title(words) or gaz.canonical_title(
                [norm(noun.lemma_)]) or norm(noun.lemma_)
            person = self._named_person(noun, end)
            if person is not None:
                self._titled(person, noun, start, end, acting, canonical, body_draft)
                return
            if noun.tag_ in ("NN", "NNP"):
                self._unnamed_title(noun, start, end, acting, canonical, body_draft)
                return
        if acting is None:
            self._sides_of(noun, sector, start)
            return
        via = "demonym" if body_draft is not None and body_draft.demonym else (
            "role" if is_title else body_via)
        draft = Draft(_det_start(start, end, self.doc), end, noun.i, acting, via)
        self._consume(body_draft, acting)
        self._replace_provisional(noun)
        self.add(draft)
        for other in self._conjoined:
            other_acting = gaz.sector_actor(other.actor_id, sector)
            self._consume(other, other_acting)
            self.add(Draft(draft.start, end, noun.i, other_acting,
                           "demonym" if other.demonym else other.via))

    def _replace_provisional(self, noun: Token) -> None:
        """ "Rwanda's Senate": the phrase names the actor, not the unknown entity "Senate"."""
        owned = self.owner.get(noun.i)
        if owned is not None and owned.via == "provisional":
            owned.dropped = True
            for i in range(owned.start, owned.end):
                del self.owner[i]

    def _consume(self, body_draft: Draft | None, actor_id: str | None) -> None:
        """A modifier that only named the body of a longer phrase is no mention of its own."""
        if body_draft is None:
            return
        if body_draft.demonym or (
            body_draft.actor_id == actor_id and body_draft.via not in _KEEP_MODIFIER_VIA
        ):
            body_draft.dropped = True
        elif body_draft.via not in _KEEP_MODIFIER_VIA and self.gaz.actor(
            body_draft.actor_id
        ) is not None and self.gaz.actors[body_draft.actor_id].kind == "state":
            body_draft.dropped = True  # "Syria's foreign minister": Syria is in acts_for

    def _titled(self, person: Draft, noun: Token, start: int, end: int, acting: str | None,
                canonical: str, body_draft: Draft | None) -> None:
        if acting is not None:
            person.acts_for = acting
        person.title = canonical
        self._consume(body_draft, acting)
        if (noun.dep_ in ("compound", "nmod") and noun.head.i >= person.start) or (
            end == person.start
        ):
            person.start = min(person.start, _det_start(start, person.end, self.doc))
            for i in range(person.start, person.end):
                self.owner[i] = person
            return
        self.add(Draft(_det_start(start, end, self.doc), end, noun.i, person.actor_id, "role",
                       acts_for=person.acts_for, person=True, title=canonical))

    def _unnamed_title(self, noun: Token, start: int, end: int, acting: str | None,
                       canonical: str, body_draft: Draft | None) -> None:
        gaz, span_start = self.gaz, _det_start(start, end, self.doc)
        if acting is not None:
            holders = (gaz.role_holders(canonical, acting, self.date)
                       if canonical in gaz.unique_titles else [])
            self._consume(body_draft, acting)
            if len(holders) == 1:
                draft = Draft(span_start, end, noun.i, holders[0], "role", acts_for=acting,
                              person=True, title=canonical)
            else:  # one unnamed person of the body ("an HTS official"): the body acts
                draft = Draft(span_start, end, noun.i, acting, "role", acts_for=acting,
                              unnamed_person=True, title=canonical)
            self.add(draft)
            return
        ante = title_antecedent(canonical, norm(noun.lemma_), noun.i, self.drafts, gaz,
                                self.date)
        if ante is not None:
            self.add(Draft(span_start, end, noun.i, ante.actor_id, "coref",
                           acts_for=ante.acts_for, person=True, title=canonical))

    def _sides_of(self, noun: Token, sector: str, start: int) -> None:
        """ "the officials from both sides": one mention per side, in the noun's sector."""
        for prep in noun.rights:
            if prep.dep_ != "prep":
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj" and pair_kind(obj) == "sides":
                    sides = recent_sides(noun.i, self.drafts, self.gaz, self.doc)
                    for side in sides:
                        actor = self.gaz.actor(side)
                        body = actor.country if actor and actor.country else side
                        span_start = _det_start(start, noun.i + 1, self.doc)
                        self.add(Draft(span_start, obj.i + 1, noun.i,
                                       self.gaz.sector_actor(body, sector), "coref"))
                    for i in range(prep.i, obj.i + 1):
                        self.owner.setdefault(i, Draft(0, 0, 0, "", "", dropped=True))
                    return
        self._home_body(noun, sector, start)

    def _home_body(self, noun: Token, sector: str, start: int) -> None:
        """ "the government", "government forces": the state the text is about, that is the
        last state named in this sentence or the one before, else the most named one."""
        lemma = noun.lemma_.lower()
        if sector not in ("GOV", "MIL") or lemma not in _HOME_NOUNS:
            return
        lefts = list(noun.lefts)
        qualified = any(c.dep_ == "compound" and c.lemma_.lower() in _HOME_MODIFIERS
                        for c in lefts)
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in lefts)
        if not qualified and not (definite and lemma not in ("force", "troop")):
            return
        named = self._same_head_named(noun, sector) if definite and not qualified else None
        if named is not None:  # "Sudan's army ... Egypt, which backs the army": Sudan's
            self.add(Draft(_det_start(start, noun.i + 1, self.doc), noun.i + 1, noun.i,
                           named, "coref"))  # fmt: skip
            return
        country = self._focus_country(noun.i)
        if country is not None:
            self.add(Draft(_det_start(start, noun.i + 1, self.doc), noun.i + 1, noun.i,
                           self.gaz.sector_actor(country, sector), "coref"))

    def _same_head_named(self, noun: Token, sector: str) -> str | None:
        """The actor an earlier phrase with the same head noun named with its country ("Sudan's
        army"): a definite "the army" takes it up (head-match coreference)."""
        lemma = noun.lemma_.lower()
        for draft in sorted(self.drafts, key=lambda d: -d.head):
            if draft.dropped or draft.head >= noun.i or draft.via == "coref":
                continue
            head = self.doc[draft.head]
            if head.lemma_.lower() == lemma and draft.actor_id.endswith(sector):
                return draft.actor_id
        return None

    def _focus_country(self, before: int) -> str | None:
        sentence = sentence_of(self.doc)
        counts: Counter[str] = Counter()
        recent: str | None = None
        subject: str | None = None  # the last state that was a subject: it acts
        for draft in sorted(self.drafts, key=lambda d: d.head):
            if draft.dropped or draft.head >= before or draft.via == "provisional":
                continue
            actor = self.gaz.actor(draft.actor_id)
            if actor is None or actor.kind not in ("state", "government", "military"):
                continue
            if self._seat_only(draft):
                continue
            counts[actor.country or actor.id] += 1
            if sentence[before] - sentence[draft.head] <= 1:
                recent = actor.country or actor.id
                if self.doc[draft.head].dep_ in ("nsubj", "nsubjpass"):
                    subject = recent
        if subject or recent:
            return subject or recent
        common = counts.most_common(1)
        if common and common[0][1] >= 2:
            return common[0][0]
        if counts:
            return None
        # no state named at all: the home country of a national group or outlet just named
        # ("the Syrian Observatory ... said government forces")
        for draft in sorted(self.drafts, key=lambda d: -d.head):
            actor = self.gaz.actor(draft.actor_id)
            if (not draft.dropped and draft.head < before and actor is not None
                    and actor.country and sentence[before] - sentence[draft.head] <= 1
                    and not self._seat_only(draft)):  # fmt: skip
                return actor.country
        return None

    def _seat_only(self, draft: Draft) -> bool:
        """ "a UK-based group": where someone sits, not whom the story is about."""
        return self.doc[draft.head].head.lemma_.lower() in ("base", "born", "headquarter")

    def _pair(self, noun: Token) -> None:
        kind = pair_kind(noun)
        if kind is None:
            return
        start = _det_start(noun.left_edge.i, noun.i + 1, self.doc)
        if kind == "persons":
            for person in recent_persons(noun.i, self.drafts):
                self.add(Draft(start, noun.i + 1, noun.i, person.actor_id, "coref",
                               acts_for=person.acts_for))
        else:
            for side in recent_sides(noun.i, self.drafts, self.gaz, self.doc):
                self.add(Draft(start, noun.i + 1, noun.i, side, "coref"))

    # -- 4. pronouns ---------------------------------------------------------------------------

    def pronouns(self) -> None:
        ordered = sorted(self.drafts, key=lambda d: d.head)
        for token in self.doc:
            if token.i in self.owner or token.pos_ != "PRON":
                continue
            ante = pronoun_antecedent(token, [d for d in ordered if d.head < token.i], self.gaz)
            if ante is not None:
                self.add(Draft(token.i, token.i + 1, token.i, ante.actor_id, "coref",
                               acts_for=ante.acts_for))

    # -- 5. records ------------------------------------------------------------------------------

    def records(self) -> list[Actor | Mention]:
        actors: dict[str, Actor] = {}
        mentions: list[Mention] = []
        seen: set[tuple[str, int, int, int]] = set()
        for draft in sorted(self.drafts, key=lambda d: (d.start, d.head)):
            if draft.dropped or not draft.actor_id:
                continue
            actor = self.provisional.get(draft.actor_id) or self.gaz.actor(draft.actor_id)
            if actor is None:
                continue
            key = (draft.actor_id, draft.start, draft.end, draft.head)
            if key in seen:
                continue
            seen.add(key)
            actors.setdefault(actor.id, actor)
            if draft.acts_for and draft.acts_for not in actors:
                body = self.gaz.actor(draft.acts_for)
                if body is not None:
                    actors[body.id] = body
            span = self.doc[draft.start : draft.end]
            mentions.append(Mention(
                actor_id=actor.id,
                text=span.text,
                evidence=common.span_evidence(span, self.article, LABEL),
                via=draft.via,
                acts_for=draft.acts_for if draft.acts_for != actor.id or actor.kind != "person"
                else None,
                head=draft.head,
            ))
        return [*actors.values(), *mentions]


# Mentions that name an actor (for "how each outlet names it"); coref mentions ("he",
# "the two men") refer to it without naming it.
NAMING_VIA = frozenset({"name", "alias", "loaded_alias", "metonym", "demonym", "role",
                        "provisional"})


def surface_forms(
    mentions: Iterable[tuple[str | None, Mention]],
) -> dict[str, dict[str, Counter[tuple[str, str]]]]:
    """How each outlet names each actor: actor id -> outlet -> Counter of (form, via), from
    (outlet, mention) pairs. Forms drop a leading article ("the Israeli regime" and "The
    Israeli regime" count as one); coreference mentions are left out."""
    out: dict[str, dict[str, Counter[tuple[str, str]]]] = defaultdict(
        lambda: defaultdict(Counter))
    for outlet, mention in mentions:
        if mention.via not in NAMING_VIA:
            continue
        form = re.sub(r"^(the|a|an)\s+", "", mention.text, flags=re.IGNORECASE)
        out[mention.actor_id][outlet or "(unknown outlet)"][(form, mention.via)] += 1
    return out


def extract(doc: Doc, article: Article, found: Found) -> list[Actor | Mention]:
    """Actors (one per distinct actor) and their mentions in one parsed article."""
    stage = _Stage(doc, article, gazetteer())
    stage.names()
    stage.entities()
    stage.expand_acronyms()
    stage.phrases()
    stage.pronouns()
    return stage.records()
