"""The actors stage: find every actor mention and resolve it to a canonical actor.

Method: dictionary matching and rules on the parse, after the PETRARCH/CAMEO actor
dictionaries (country + sector codes) with dated roles as in Phoenix/ICEWS actor lists:
1. names: a spaCy PhraseMatcher over every alias and demonym of the gazetteer
   (newsledger.gazetteer), case-sensitive for acronyms; metonyms ("Damascus") count only
   where the word is used as an actor, not as a place ("in Damascus");
2. spaCy entities (PERSON, ORG, NORP, GPE) the gazetteer lacks: an earlier full name in the
   article ("Shaibani" after "Asaad al-Shaibani"), a rapidfuzz match for transliteration
   variants, or else a provisional actor ("PROV:<slug>") carrying the country the text gives
   (a state inside the name, else the one country its sentence names); an organisation
   named by a state and a sector word ("the Russian Defense Ministry", "the National Police
   Service" in a story about Kenya) is that state's sector; datelines, bylines and photo
   credits, operations, platforms, places the tagger took for names and places named after
   persons ("al-Malki neighbourhood") are never actors (data/actors/not_actors.yaml);
3. actor noun phrases (extract/actor_phrases.py): a body (demonym, possessive, compound name,
   "of X") with an actor noun ("Israeli forces" -> ISRMIL, "an HTS official" -> SYRHTS) or a
   title, which names a person ("Syria's foreign minister, Asaad al-Shaibani"), resolves by
   date ("the Syrian president"), or gives the body the person acts for (Mention.acts_for);
4. coreference rules (newsledger.coref, extract/actor_agents.py): he/she, "his forces", "its
   aircraft", "the two men", "both sides", "the minister", "the group" and "the rebels" (the
   armed group named just before); "the government"/"government forces" -> the
   state the text is about (the last state named as a subject in this or the previous
   sentence); so do bare sector agents ("police", "the rebels", "protesters", "the health
   ministry") that no phrase gave a body.
Every mention keeps the outlet's surface form and the token index of its head.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict

import yaml
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..coref import (
    AcronymIndex,
    Draft,
)
from ..gazetteer import Gazetteer, gazetteer, is_acronym, matchers, norm
from ..geocode import REGION_NOUNS, places
from ..model import Actor, Article, Found, Mention
from . import common
from .actor_agents import DEFENCE_WORDS as _DEFENCE_WORDS
from .actor_agents import MINISTRY_WORDS as _MINISTRY_WORDS
from .actor_agents import AgentMentions
from .actor_phrases import ActorPhrases, det_start

NAME = "actors"
VERSION = 2
LABEL = f"{NAME}@{VERSION}"

ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_BREAKS = frozenset({"-", "—", "–", "(", ")", ":", "|", "--"})
PROVISIONAL_KIND = {"PERSON": "person", "ORG": "organisation", "NORP": "group",
                    "GPE": "location"}


@functools.lru_cache(maxsize=1)
def not_actors() -> dict[str, frozenset[str]]:
    """The word lists of data/actors/not_actors.yaml, normalised."""
    from importlib import resources

    path = resources.files("newsledger") / "data" / "actors" / "not_actors.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {key: frozenset(norm(str(v)) for v in values) for key, values in data.items()}


# -- helpers -----------------------------------------------------------------------------


def _opposed(span: Span) -> bool:
    """Is the name the second half of "anti-X" ("Anti-Houthi", "anti-government")?"""
    doc = span.doc
    return (span.start >= 2 and doc[span.start - 1].text == "-"
            and doc[span.start - 2].lower_ == "anti")  # fmt: skip


def slug(text: str) -> str:
    """ASCII slug of a name for provisional ids: "Jeffrey Kupfer" -> "jeffrey-kupfer"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


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




class _Stage(AgentMentions, ActorPhrases):
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
        self._names: dict[tuple[int, int, str], list[str]] = {}
        self._acronyms = AcronymIndex(self.drafts, self._names_of)
        self._ents: list[Span] | None = None
        self._ent_starts: list[int] = []
        self._sent_starts: list[int] | None = None
        self._drafts_by_sent: defaultdict[int, list[Draft]] = defaultdict(list)
        self._drafts_seen = 0
        self._sorted: tuple[list[Draft], list[int]] = ([], [])  # see ActorPhrases._by_head
        self._seats: dict[int, bool] = {}

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
        # entities do not overlap: only the one at a span's first token can hold the span
        person_at = {i: e for e in doc.ents if e.label_ == "PERSON" for i in range(e.start, e.end)}
        for span in filter_spans(spans):
            e = person_at.get(span.start)
            if e is not None and span.end <= e.end and len(e) > len(span):
                continue  # "Israel" inside an unknown person's name
            self._name(span)

    def _name(self, span: Span) -> None:
        if _opposed(span):
            return  # "Anti-Houthi forces" are the Houthis' enemies
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
        if actor.kind == "person" and self._names_place(span):
            return  # "the al-Maliki neighbourhood": a place named after a person
        actor_id = self._rehomed(span, actor)
        draft = Draft(det_start(span.start, span.end, self.doc), span.end, head, actor_id,
                      alias.via)
        if actor.kind == "person":
            self._person(draft, actor.id)
        self.add(draft)

    def _rehomed(self, span: Span, actor: Actor) -> str:
        """ "the Russian National Security Council": a state body's generic name (listed for
        the US) after another state's demonym is that state's body."""
        sector = actor.id[3:]
        if span.start == 0 or not actor.country or actor.id[:3] != actor.country:
            return actor.id
        if sector not in self.gaz.sectors:
            return actor.id
        before = self.doc[span.start - 1]
        other = self.gaz.demonyms.get(norm(before.text)) if before.text[:1].isupper() else None
        if other is None or other == actor.country:
            return actor.id
        return self.gaz.sector_actor(other, sector)

    def _actor_use(self, span: Span) -> bool:
        root = span.root
        if span.text.isupper() and len(span.text) > 3:
            return False  # a dateline ("WASHINGTON —"), not the government speaking
        text = common.doc_text(self.doc)  # Doc.text rebuilds the text on each access
        at_start = span.start_char == 0 or text[span.start_char - 1] == "\n"
        if at_start and text[span.end_char : span.end_char + 3] in (" — ", " – "):
            return False  # "Nairobi — The police said": a dateline in title case
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
                self._state_named_body(ent)
                continue
            self._entity(ent)

    def _names_place(self, span: Span) -> bool:
        """A name used for a place: "al-Malki neighbourhood", "Martyr Chamran complex"."""
        lists = not_actors()
        before = self.doc[span.start - 1] if span.start > 0 else None
        if before is not None and norm(before.text) in lists["prefixes"]:
            return True
        after = self.doc[span.end] if span.end < len(self.doc) else None
        if after is not None and after.lemma_.lower() in lists["place_nouns"]:
            return True
        root = span.root
        return (root.dep_ in ("compound", "amod", "nmod") and root.head.i >= span.end
                and root.head.lemma_.lower() in lists["place_nouns"])

    def _not_an_actor(self, ent: Span, text: str) -> bool:
        """Datelines, bylines, credits, operations, platforms, places named after persons."""
        lists = not_actors()
        words = text.split()
        if norm(words[0]) in lists["prefixes"] or norm(text) in lists["names"]:
            return True
        if text.isupper() and (len(text) > 6 or not text.replace(".", "").isalpha()):
            return True  # "KARACHI / MUZAFFARABAD:", "GOMA, DR Congo (Reuters) -"
        if not any(t.pos_ == "PROPN" for t in ent):
            return True  # "Riot police", "Observers believe": a common word, capitalised
        if (ent.label_ == "PERSON" and ent.start == ent.sent.start and len(ent) == 1
                and ent.root.dep_ == "compound"
                and ent.root.head.lemma_.lower() in self.gaz.sector_nouns):  # fmt: skip
            # "Riot police fired ..." opening a sentence, whose capital says nothing: a kind
            # of police ("the Assad regime" is Assad's)
            return True
        line_start = ent.start
        while line_start > 0 and "\n" not in self.doc[line_start - 1].text and (
                ent.start - line_start < 4):  # fmt: skip
            line_start -= 1
        before = [t.lower_ for t in self.doc[line_start : ent.start] if t.is_alpha]
        if before and (before[-1] in lists["byline_cues"]
                       or " ".join(before[-2:]) in lists["byline_cues"]):
            return True
        after = self.doc[ent.end : ent.end + 2]
        if len(after) == 2 and after[0].text == "/" and after[1].text[:1].isupper():
            return True  # "John Smith/AFP": a photo credit
        return self._names_place(ent)

    def _state_named_body(self, ent: Span) -> None:
        """An organisation whose name holds a state ("the Kenya National Commission on Human
        Rights", "Ukraine's Emergency Services"): the state's sector when a sector word heads
        it, else a provisional organisation of that state, instead of a mention of the state."""
        if ent.label_ != "ORG" or ent.root.i in self.owner:
            return
        inner = {id(self.owner[i]): self.owner[i] for i in range(ent.start, ent.end)
                 if i in self.owner}
        states = [d for d in inner.values() if d.head != ent.root.i and not d.dropped
                  and self._state_of(d) is not None]
        if len(states) != 1 or len(inner) != 1:
            return
        state = self._state_of(states[0])
        country = state.country or state.id
        before = self.doc[ent.start : states[0].start]
        if states[0].end >= ent.end and len(before) > 1 and before[-1].lower_ == "of":
            # "the Air Force of Ukraine", "the Navy of Iran": the state's sector
            sector = self.gaz.sector_nouns.get(norm(_strip(before[:-1].text)))
            if sector is not None:
                states[0].dropped = True
                self.add(Draft(ent.start, ent.end, ent.root.i,
                               self.gaz.sector_actor(country, sector), "alias"))  # fmt: skip
                return
        text = _strip(self.doc[max(states[0].end, ent.start) : ent.end].text)
        if not text or not any(t.pos_ == "PROPN" for t in self.doc[states[0].end : ent.end]):
            return
        states[0].dropped = True
        sector = self._name_sector(ent) or self._force_sector(states[0].end, ent.end)
        if sector is not None:
            self.add(Draft(ent.start, ent.end, ent.root.i,
                           self.gaz.sector_actor(country, sector), "alias"))
            return
        self._provisional(ent, _strip(ent.text), country)

    def _force_sector(self, start: int, end: int) -> str | None:
        """ "(Nigerian) Air Force", "(Afghan) National Army": a state's force named plainly
        (a name with words of its own, "Sudan Liberation Army", is a group of its own)."""
        words = [t.lower_ for t in self.doc[start:end]]
        if not words or not set(words[:-1]) <= not_actors()["force_modifiers"]:
            return None
        sector = self.gaz.sector_nouns.get(words[-1])
        return sector if sector in ("MIL", "COP") else None

    def _name_sector(self, ent: Span) -> str | None:
        """The sector a body's name gives: police, a ministry (of defence: MIL)."""
        words = {t.lower_ for t in ent}
        if "police" in words:
            return "COP"
        if ent.root.lower_ in ("embassy", "consulate"):
            return "GOV"
        if words & _MINISTRY_WORDS:
            return "MIL" if words & _DEFENCE_WORDS else "GOV"
        if "security" in words and "council" in words:
            return "GOV"
        return None

    def _sentence_country(self, ent: Span) -> str | None:
        """The one country the entity's sentence names (a state or a known place), if one."""
        sent = ent.sent
        sent_ents = self._ents_in(sent)
        for other in sent_ents:  # "Sumy Mayor Artem Kobzar": the place in the name's phrase
            if ent.start - 4 <= other.end <= ent.start and other.label_ != "ORG":
                hit = self.places.resolve(other.text)
                if hit is not None and hit.country:
                    return hit.country
        found: set[str] = set()
        for draft in self._drafts_in(sent):
            actor = self._state_of(draft)
            if actor is not None:
                found.add(actor.country or actor.id)
        for other in sent_ents:
            if other.label_ in ("GPE", "LOC") and other is not ent:
                hit = self.places.resolve(other.text)
                if hit is not None and hit.country:
                    found.add(hit.country)
        return found.pop() if len(found) == 1 else None

    def _entity(self, ent: Span) -> None:
        gaz, text = self.gaz, _strip(ent.text)
        if not text:
            return
        if ent.label_ in ("PERSON", "ORG") and self._not_an_actor(ent, text):
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
        # a place name is never looked up in the imported dictionaries, whose codes for
        # regions ("Gaza Strip [PSEGZA]") would make it an actor
        alias = gaz.lookup(text, self.date, imported=ent.label_ != "GPE")
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
        if ent.root.dep_ == "compound" and ent.root.head.lemma_.lower() in REGION_NOUNS:
            return  # "the Odesa region": a place
        if ent.label_ in ("PERSON", "ORG") and self.places.resolve(text) is not None:
            return  # "Goma", "Sumy Oblast": a known place the tagger took for a name
        if self._state_pair(ent, text):
            return
        expanded = self._acronym_of_named(text)
        if expanded is not None:  # "Rapid Support Forces ... the RSF"
            self.add(Draft(ent.start, ent.end, head, expanded, "alias"))
            return
        # a capitalised name only: "the health ministry" is left to the phrases step
        sector = self._name_sector(ent) if ent.label_ == "ORG" and ent.root.is_title else None
        country = self._sentence_country(ent)
        if sector is not None:  # "the Ministry of Defence", "the National Police Service"
            country = country or self._focus_country(ent.start)
            if country is not None:
                self.add(Draft(ent.start, ent.end, head,
                               gaz.sector_actor(country, sector), "alias"))
                return
        self._provisional(ent, text, country)

    def _unit_of(self, text: str) -> str | None:
        """The armed actor a name's leading words name when it ends in a unit noun."""
        words = text.split()
        if len(words) < 2 or norm(words[-1]) not in not_actors()["unit_nouns"]:
            return None
        for k in range(len(words) - 1, 0, -1):
            alias = self.gaz.lookup(" ".join(words[:k]), self.date, imported=False)
            actor = self.gaz.actor(alias.actor_id) if alias is not None else None
            if actor is not None and actor.kind in ("military", "armed_group"):
                return actor.id
        return None

    def _state_pair(self, ent: Span, text: str) -> bool:
        """ "U.S.–Russia negotiations", "Iran-Israel war": states joined by a dash, one
        mention of each on the same words (the tagger's one entity)."""
        parts = [p for p in re.split(r"[-–—]", text) if p.strip()]
        if len(parts) < 2:
            return False
        states = []
        for part in parts:
            alias = self.gaz.lookup(part.strip(), self.date, imported=False)
            state = self.gaz.demonyms.get(norm(part.strip())) if alias is None else alias.actor_id
            actor = self.gaz.actor(state) if state else None
            if actor is None or actor.kind != "state":
                return False
            states.append(actor.id)
        for state in dict.fromkeys(states):
            self.add(Draft(ent.start, ent.end, ent.root.i, state, "name"))
        return True

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
                self._acronyms.refile(draft)

    def _acronym_of_named(self, text: str, exclude: Draft | None = None) -> str | None:
        return self._acronyms.find(text, exclude)

    def _names_of(self, draft: Draft) -> list[str]:
        """A draft's surface form and its actor's canonical name."""
        key = (draft.start, draft.end, draft.actor_id)
        names = self._names.get(key)
        if names is None:
            actor = self.provisional.get(draft.actor_id) or self.gaz.actor(draft.actor_id)
            names = [self.doc[draft.start : draft.end].text] + ([actor.name] if actor else [])
            self._names[key] = names
        return names

    @staticmethod
    def _subject_like(token: Token) -> bool:
        while token.dep_ == "conj":
            token = token.head
        return token.dep_ in ("nsubj", "nsubjpass", "poss", "agent")

    def _provisional(self, ent: Span, text: str, country: str | None = None) -> None:
        unit_of = self._unit_of(text)
        if unit_of is not None:  # "the IRGC Aerospace Force": the IRGC
            for i in range(ent.start, ent.end):
                if i in self.owner:
                    self.owner[i].dropped = True  # the inner "IRGC" is this one mention
            self.add(Draft(ent.start, ent.end, ent.root.i, unit_of, "alias"))
            return
        actor_id = f"PROV:{slug(text)}"
        kind = PROVISIONAL_KIND[ent.label_]
        if kind == "location":
            country = None
        old = self.provisional.get(actor_id)
        if old is None or (country and not old.country):
            self.provisional[actor_id] = Actor(actor_id, text, kind, country=country,
                                               provisional=True)
        draft = Draft(ent.start, ent.end, ent.root.i, actor_id, "provisional")
        if kind == "person":
            self._prov_person(draft)
            self.surnames.setdefault(norm(text), actor_id)
            self.surnames.setdefault(norm(text.split()[-1]), actor_id)
        self.add(draft)

    @staticmethod
    def _prov_person(draft: Draft) -> None:
        draft.person = True

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


def extract(doc: Doc, article: Article, found: Found) -> list[Actor | Mention]:
    """Actors (one per distinct actor) and their mentions in one parsed article."""
    stage = _Stage(doc, article, gazetteer())
    stage.names()
    stage.entities()
    stage.expand_acronyms()
    stage.phrases()
    stage.sector_agents()
    stage.pronouns()
    return stage.records()
