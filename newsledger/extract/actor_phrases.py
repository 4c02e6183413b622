"""Actor noun phrases for the actors stage: a body with an actor noun or a title.

Method (step 3 of `extract.actors`): a body (demonym, possessive, compound name, "of X") with
an actor noun ("Israeli forces" -> ISRMIL, "an HTS official" -> SYRHTS) or a title, which
names a person ("Syria's foreign minister, Asaad al-Shaibani"), resolves by date ("the Syrian
president"), or gives the body the person acts for; "the government", "government forces"
and "the army" find their state (the same head named before, else the state the text is
about). `ActorPhrases` is mixed into the stage's state (`extract.actors._Stage`), whose
drafts, owners and gazetteer it reads and adds to.
"""

from __future__ import annotations

import bisect
from collections import Counter
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..coref import (
    Draft,
    its_antecedent,
    pair_kind,
    pronoun_antecedent,
    recent_persons,
    recent_sides,
    same_head_antecedent,
    sentence_of,
    title_antecedent,
)
from ..gazetteer import norm
from .common import doc_text
from .places import dateline_name

_OTHER_SIDE = frozenset({"counterpart", "opponent", "rival", "enemy", "adversary", "foe"})
_LED_BY = frozenset({"lead", "led", "run", "control", "controlled", "dominate", "dominated"})
_HOME_NOUNS = frozenset({"government", "regime", "army", "military", "authority", "cabinet",
                         "presidency", "force", "troop"})
_HOME_MODIFIERS = frozenset({"government", "regime", "security", "state", "army"})
_KEEP_MODIFIER_VIA = frozenset({"loaded_alias", "metonym"})  # always a mention of their own


def det_start(token_start: int, token_end: int, doc: Doc) -> int:
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


class ActorPhrases:
    """Step 3 of the actors stage (see the module docstring). Reads the stage's `doc`,
    `gaz`, `date`, `drafts`, `owner` and `provisional` (and its lookup caches `_ents`,
    `_drafts_by_sent`, `_sorted`, `_seats`), and adds drafts with `add`."""

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
        """Every actor noun phrase of the doc, with its body."""
        for token in self.doc:
            owned = self.owner.get(token.i)
            if owned is not None and not owned.demonym and owned.via != "provisional":
                continue
            if owned is not None and owned.via == "provisional" and token.i != owned.head:
                continue  # "the Kenya National Commission": a word of a name, not its head
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
                elif child.lower_ == "of" and (draft is None or draft.via == "provisional"):
                    # "the secretary of the Russian National Security Council": a body the
                    # gazetteer lacks, of a state its name gives, acts for that state
                    state = next((d for c in objs[0].subtree if c.i < objs[0].i
                                  if (d := self.owner.get(c.i)) is not None and not d.person
                                  and self._state_of(d) is not None), None)  # fmt: skip
                    if state is not None:
                        body, body_draft = state.actor_id, state
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
        after = person_at(end + 1) if end < len(doc) - 1 and doc[end].text == "," else None
        if after is not None and not (
            noun.tag_ in ("NNS", "NNPS") or doc[after.head].dep_ in ("nsubj", "nsubjpass")
        ):
            return after  # not "with Turkish officials, Lavrov said": the clause's subject
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
                home = person.actor_id.split(":", 1)[0] if person.actor_id else ""
                if acting is None and sector == "OPP" and len(home) == 3:
                    acting = gaz.sector_actor(home, sector)  # "Opposition leader X"
                self._titled(person, noun, start, end, acting, canonical, body_draft)
                return
            if noun.tag_ in ("NN", "NNP"):
                self._unnamed_title(noun, start, end, acting, canonical, body_draft, sector)
                return
        if acting is None:
            self._sides_of(noun, sector, start)
            return
        via = "demonym" if body_draft is not None and body_draft.demonym else (
            "role" if is_title else body_via)
        draft = Draft(det_start(start, end, self.doc), end, noun.i, acting, via)
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
        # "Treasury Secretary Scott Bessent": an unknown body never displaces a known role's
        if acting is not None and not (acting.startswith("PROV:") and person.acts_for):
            person.acts_for = acting
        person.title = canonical
        self._consume(body_draft, acting)
        if (noun.dep_ in ("compound", "nmod") and noun.head.i >= person.start) or (
            end == person.start
        ):
            person.start = min(person.start, det_start(start, person.end, self.doc))
            for i in range(person.start, person.end):
                self.owner[i] = person
            return
        self.add(Draft(det_start(start, end, self.doc), end, noun.i, person.actor_id, "role",
                       acts_for=person.acts_for, person=True, title=canonical))

    def _unnamed_title(self, noun: Token, start: int, end: int, acting: str | None,
                       canonical: str, body_draft: Draft | None, sector: str) -> None:
        gaz, span_start = self.gaz, det_start(start, end, self.doc)
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
        if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children):
            return  # "a spokesperson for ...": a new person, never the one named before
        ante = title_antecedent(canonical, norm(noun.lemma_), noun.i, self.drafts, gaz,
                                self.date)
        if ante is not None:
            self.add(Draft(span_start, end, noun.i, ante.actor_id, "coref",
                           acts_for=ante.acts_for, person=True, title=canonical))
            return
        # a minister is always a state's; "the president" or "the secretary" may be a
        # party's, a company's or a union's, so they wait for an antecedent
        minister = "minister" in canonical and self._definite(noun)
        country = self._focus_country(noun.i) if minister else None
        if country is not None:  # "the interior minister" in a story about Kenya
            body = gaz.sector_actor(country, sector)
            self.add(Draft(span_start, end, noun.i, body, "role", acts_for=body,
                           unnamed_person=True, title=canonical))

    @staticmethod
    def _definite(noun: Token) -> bool:
        return any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)

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
                        span_start = det_start(start, noun.i + 1, self.doc)
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
        named = None
        if definite and not qualified:
            named = same_head_antecedent(noun, sector, self.drafts)
        if named is not None:  # "Sudan's army ... Egypt, which backs the army": Sudan's
            self.add(Draft(det_start(start, noun.i + 1, self.doc), noun.i + 1, noun.i,
                           named, "coref"))  # fmt: skip
            return
        country = self._focus_country(noun.i)
        if country is not None:
            self.add(Draft(det_start(start, noun.i + 1, self.doc), noun.i + 1, noun.i,
                           self.gaz.sector_actor(country, sector), "coref"))

    def _focus_country(self, before: int) -> str | None:
        sentence = sentence_of(self.doc)
        ordered, heads = self._by_head()
        end = bisect.bisect_left(heads, before)
        near = end  # the drafts of this sentence and the one before: a window, not the doc
        while near > 0 and sentence[before] - sentence[heads[near - 1]] <= 1:
            near -= 1
        recent: str | None = None
        subject: str | None = None  # the last state that was a subject: it acts
        for draft in ordered[near:end]:
            actor = self._state_of(draft)
            if actor is not None:
                recent = actor.country or actor.id
                if self.doc[draft.head].dep_ in ("nsubj", "nsubjpass"):
                    subject = recent
        if subject or recent:
            return subject or recent
        counts: Counter[str] = Counter()
        for draft in ordered[:near]:
            actor = self._state_of(draft)
            if actor is not None:
                counts[actor.country or actor.id] += 1
        common = counts.most_common(1)
        if common and common[0][1] >= 2:
            return common[0][0]
        if counts:
            return None
        # no state named at all: the home country of a national group or outlet just named
        # ("the Syrian Observatory ... said government forces")
        # the dateline's country first: the reporter files from the story's country, and a
        # wire service's home says nothing of it ("NAIROBI (Reuters) - ... the police")
        name = dateline_name(doc_text(self.doc))
        hit = self.places.resolve(name) if name else None
        if hit is not None and hit.country:
            return hit.country
        for draft in sorted(self.drafts, key=lambda d: -d.head):
            actor = self.gaz.actor(draft.actor_id)
            if (not draft.dropped and draft.head < before and actor is not None
                    and actor.country and sentence[before] - sentence[draft.head] <= 1
                    and not self._seat_only(draft)):  # fmt: skip
                return actor.country
        return None

    def _state_of(self, draft: Draft) -> Any:
        """The state, government or military a draft names, else None."""
        if draft.dropped or draft.via == "provisional" or self._seat_only(draft):
            return None
        actor = self.gaz.actor(draft.actor_id)
        if actor is None or actor.kind not in ("state", "government", "military"):
            return None
        return actor

    def _seat_only(self, draft: Draft) -> bool:
        """ "a UK-based group": where someone sits, not whom the story is about."""
        seat = self._seats.get(draft.head)
        if seat is None:  # asked for every draft before each sector noun: once per head
            seat = self.doc[draft.head].head.lemma_.lower() in ("base", "born", "headquarter")
            self._seats[draft.head] = seat
        return seat

    def _ents_in(self, sent: Span) -> list[Span]:
        """`sent.ents` from one list of the doc's entities (`Span.ents` rebuilds `doc.ents`,
        a pass over every token, on each call: quadratic in a long text)."""
        if self._ents is None:
            self._ents = list(self.doc.ents)
            self._ent_starts = [e.start for e in self._ents]
        out = []
        for other in self._ents[bisect.bisect_left(self._ent_starts, sent.start):]:
            if other.end > sent.end:
                break
            out.append(other)
        return out

    def _drafts_in(self, sent: Span) -> list[Draft]:
        """The drafts whose head is in `sent`, in the order they were added (indexed as they
        come: a scan of every draft per entity made the stage quadratic)."""
        if self._sent_starts is None:
            self._sent_starts = [s.start for s in self.doc.sents]
        for draft in self.drafts[self._drafts_seen:]:
            at = self._sent_starts[bisect.bisect_right(self._sent_starts, draft.head) - 1]
            self._drafts_by_sent[at].append(draft)
        self._drafts_seen = len(self.drafts)
        return [d for d in self._drafts_by_sent.get(sent.start, ()) if d.head < sent.end]

    def _by_head(self) -> tuple[list[Draft], list[int]]:
        """The drafts sorted by head, equal heads in the order they were added (as a stable
        sort gives), kept up to date as drafts come: a sort per sector noun was quadratic."""
        ordered, heads = self._sorted
        for draft in self.drafts[len(ordered):]:
            at = bisect.bisect_right(heads, draft.head)
            ordered.insert(at, draft)
            heads.insert(at, draft.head)
        return ordered, heads

    def _pair(self, noun: Token) -> None:
        kind = pair_kind(noun)
        if kind is None:
            return
        start = det_start(noun.left_edge.i, noun.i + 1, self.doc)
        if kind == "persons":
            for person in recent_persons(noun.i, self.drafts):
                self.add(Draft(start, noun.i + 1, noun.i, person.actor_id, "coref",
                               acts_for=person.acts_for))
        else:
            addresser = self._addresser(noun)
            for side in recent_sides(noun.i, self.drafts, self.gaz, self.doc, exclude=addresser):
                self.add(Draft(start, noun.i + 1, noun.i, side, "coref"))

    def _addresser(self, noun: Token) -> frozenset[str]:
        """Who speaks to or about "both sides" in its own clause ("the envoy urged both
        sides"): not one of them."""
        verb = noun.head
        while verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i and verb.pos_ != "VERB":
            verb = verb.head
        cur = verb
        for _ in range(3):
            subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                draft = self.owner.get(subj.i)
                if draft is None:
                    return frozenset()
                return frozenset({a for a in (draft.actor_id, draft.acts_for) if a})
            if cur.dep_ != "conj" or cur.head.i == cur.i:
                break
            cur = cur.head
        return frozenset()
