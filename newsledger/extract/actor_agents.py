"""Sector agents and pronouns for the actors stage (step 4 of `extract.actors`).

Method: coreference rules in the manner of rule-based event coders (PETRARCH's and ICEWS'
agent dictionaries, which code "police", "the rebels" or "protesters" with the state the story
is about): a bare sector noun no phrase gave a body acts for the state of the place named
with it, else the state the text is about; a definite "the rebels" or "the militants" takes up
the armed group named just before, like "the group" or "the movement"; he/she/it/they take an
antecedent by `newsledger.coref`. `AgentMentions` is mixed into the stage's state
(`extract.actors._Stage`), whose drafts, owners and gazetteer it reads and adds to.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from ..coref import MAX_SENTENCES_BACK, Draft, it_antecedent, pronoun_antecedent, sentence_of
from ..geocode import places
from .actor_phrases import det_start
from .cues import load as cue_lexicon
from .event_lexicon import lexicon as event_lexicon

# Sectors whose bare agent nouns ("police", "the rebels") take the story's state; GOV and
# MIL heads ("the army", "the government") are resolved by ActorPhrases._home_body.
AGENT_SECTORS = frozenset({"COP", "REB", "OPP"})
MINISTRY_WORDS = frozenset({"ministry", "department"})
DEFENCE_WORDS = frozenset({"defence", "defense", "war"})
_GROUP_NOUNS = frozenset({"group", "movement", "militia", "organisation", "organization",
                          "faction", "paramilitary"})  # fmt: skip
_GROUP_KINDS = frozenset({"armed_group", "party", "ngo", "organisation", "group", "rebels"})
_ARMED_KINDS = frozenset({"armed_group", "rebels"})
_ARMED_NOUNS = frozenset({"militia", "paramilitary"})
# how many sentences back "the group" or "the rebels" looks for the group it takes up
_GROUP_SENTENCES_BACK = 5


class AgentMentions:
    """Step 4 of the actors stage (see the module docstring). Reads the stage's `doc`,
    `gaz`, `drafts`, `owner` and `provisional`, and adds drafts with `add`; the state the
    text is about comes from the phrases step (`ActorPhrases._focus_country`)."""

    def sector_agents(self) -> None:
        """ "Police fired tear gas", "the rebels", "the health ministry said": a sector noun
        no phrase gave a body acts for the state the text is about."""
        for token in self.doc:
            if token.i in self.owner or token.pos_ != "NOUN":
                continue
            lemma = token.lemma_.lower()
            sector = self.gaz.sector_nouns.get(lemma)
            if lemma in MINISTRY_WORDS and any(c.dep_ == "compound" for c in token.lefts):
                sector = "MIL" if any(c.lower_ in DEFENCE_WORDS for c in token.lefts) else "GOV"
            elif sector not in AGENT_SECTORS:
                continue
            lefts = list(token.lefts)
            if any(c.dep_ == "poss" or c.ent_type_ for c in lefts):
                continue  # "its police", "Kenyan police" (the phrases stage's)
            definite = any(c.dep_ == "det" and c.lower_ == "the" for c in lefts)
            if not definite and token.tag_ != "NNS" and lemma != "police":
                continue  # "a protester": one person, not the agent
            start = det_start(token.left_edge.i, token.i + 1, self.doc)
            group = self._last_group(token, set(), True) if sector == "REB" and definite else None
            if group is not None:  # "Houthi militants attacked ... the rebels claim": theirs
                self.add(Draft(start, token.i + 1, token.i, group.actor_id, "coref"))
                continue
            # the state the text is about before the phrase, not one named inside it: "the
            # Iran-backed militia" is not Iran's
            country = self._located_in(token) or self._focus_country(token.left_edge.i)
            backers = {self.owner[t.i].actor_id for t in token.subtree if t.i in self.owner}
            if country is None or country in backers:
                continue
            self.add(
                Draft(start, token.i + 1, token.i, self.gaz.sector_actor(country, sector), "coref")
            )

    def _located_in(self, token: Token) -> str | None:
        """ "police in Kenya", "protesters in Nairobi": the country of the place named."""
        for prep in token.rights:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "from"):
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj" or obj.ent_type_ not in ("GPE", "LOC"):
                    continue
                hit = places().resolve(obj.text)
                if hit is not None and hit.country:
                    return hit.country
        return None

    def pronouns(self) -> None:
        ordered = sorted(self.drafts, key=lambda d: d.head)
        heads = [d.head for d in ordered]
        sentence = sentence_of(self.doc)
        for token in self.doc:
            if token.i not in self.owner and token.pos_ == "NOUN":
                self._the_group(token, ordered, heads)
                continue
            if token.i in self.owner or token.pos_ != "PRON":
                continue
            # the drafts before the pronoun that pronoun_antecedent can reach: a window of
            # MAX_SENTENCES_BACK sentences, not the article so far
            end = lo = bisect.bisect_left(heads, token.i)
            while lo and sentence[token.i] - sentence[heads[lo - 1]] <= MAX_SENTENCES_BACK:
                lo -= 1
            ante = pronoun_antecedent(token, ordered[lo:end], self.gaz) or it_antecedent(
                token, ordered[lo:end], _agentive
            )
            if ante is not None:
                self.add(
                    Draft(
                        token.i,
                        token.i + 1,
                        token.i,
                        ante.actor_id,
                        "coref",
                        acts_for=ante.acts_for,
                    )
                )

    def _the_group(self, noun: Token, ordered: list[Draft], heads: list[int]) -> None:
        """ "The paramilitary group denied ...", "the movement said": a definite group noun
        takes up the last named non-state group (one described with the same words first)."""
        if noun.lemma_.lower() not in _GROUP_NOUNS or noun.tag_ != "NN":
            return
        lefts = list(noun.lefts)
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in lefts):
            return
        # a common noun describes ("the rebel group"), a name names ("the Wagner group")
        described = [c for c in lefts if c.dep_ == "amod" or (
            c.dep_ == "compound" and c.pos_ in ("NOUN", "ADJ") and not c.ent_type_)]  # fmt: skip
        if any(c.dep_ in ("poss", "compound") and c not in described or c.ent_type_ for c in lefts):
            return  # "the Wagner group", "its group": named otherwise
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
            return  # "the group of experts"
        words = {c.lower_ for c in described}
        armed = noun.lemma_.lower() in _ARMED_NOUNS or any(
            self.gaz.sector_nouns.get(c.lemma_.lower()) == "REB" for c in described
        )
        best = self._last_group(noun, words, armed)
        if best is not None:
            start = det_start(noun.left_edge.i, noun.i + 1, self.doc)
            self.add(Draft(start, noun.i + 1, noun.i, best.actor_id, "coref"))

    def _last_group(self, noun: Token, words: set[str], armed: bool) -> Draft | None:
        """The last non-state group (an armed one when `armed`: "the rebel group") named in
        the few sentences up to `noun`, preferring one described with `words` ("the
        paramilitary group": the paramilitary RSF); never a group named inside the noun's own
        phrase ("the Iran-backed rebels")."""
        ordered = sorted((d for d in self.drafts if d.head < noun.left_edge.i),
                         key=lambda d: d.head)  # fmt: skip
        sentence = sentence_of(self.doc)
        candidates = []
        for draft in reversed(ordered):
            if draft.dropped:
                continue
            if sentence[noun.i] - sentence[draft.head] > _GROUP_SENTENCES_BACK:
                break
            actor = self.provisional.get(draft.actor_id) or self.gaz.actor(draft.actor_id)
            if actor is None or actor.kind not in (_ARMED_KINDS if armed else _GROUP_KINDS):
                continue
            context = {t.lower_ for t in self.doc[max(draft.start - 3, 0) : draft.end]}
            candidates.append((bool(words) and words <= context, draft))
        if not candidates:
            return None
        return next((d for described, d in candidates if described), candidates[0][1])


def _agentive(verb: Token) -> bool:
    """Does the verb need an agent: a reporting verb, an event trigger or a light verb
    ("carried out an attack")?"""
    lemma = verb.lemma_.lower()
    lex = event_lexicon()
    return lemma in cue_lexicon().lemmas or lemma in lex.verbs or lemma in lex.light_verbs
