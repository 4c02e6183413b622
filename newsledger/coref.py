"""Within-article coreference for actor mentions: rules on the dependency parse.

Method: salience-free recency rules in the spirit of Hobbs-style pronoun resolution, cut down
to what news needs (no coreference model can be installed offline, see DEPENDENCIES.md):
- "he"/"him"/"his", "she"/"her" -> the most recent earlier person (or unnamed person in a
  role, "an HTS official") of compatible gender, at most three sentences back;
- "the two men", "both leaders" -> the two most recent distinct persons;
- "both sides", "the two countries" -> the two most recent distinct countries (a person
  counts for the country of the body they act for);
- a bare title ("the minister", "the president") -> the most recent person named with that
  title, or holding it on the publication date;
- a definite description ("the army") -> the earlier phrase with the same head that named its
  body ("Sudan's army"), head-match after Haghighi & Klein (2009);
- an acronym ("RSF") -> the actor named in full whose initials it spells ("Rapid Support
  Forces"), which beats the gazetteer's reading of the acronym.
The functions work on the actor stage's mention drafts (`Draft`) in text order.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .gazetteer import Gazetteer

PRONOUN_GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
PERSON_PAIR_NOUNS = frozenset(
    {
        "man",
        "leader",
        "minister",
        "president",
        "diplomat",
        "envoy",
        "counterpart",
        "official",
        "negotiator",
        "premier",
        "head",
    }
)
SIDE_PAIR_NOUNS = frozenset(
    {
        "side",
        "country",
        "nation",
        "party",
        "government",
        "state",
        "neighbour",
        "neighbor",
        "capital",
        "adversary",
        "foe",
        "enemy",
    }
)
MAX_SENTENCES_BACK = 3


@dataclass(slots=True)
class Draft:
    """A mention being built: token span, head, actor and how it was named."""

    start: int
    end: int
    head: int
    actor_id: str
    via: str
    acts_for: str | None = None
    person: bool = False  # a named person
    unnamed_person: bool = False  # one person known only by role ("an HTS official")
    title: str | None = None  # canonical title the text gives the person
    demonym: bool = False  # a bare demonym, waiting for the phrase it modifies
    dropped: bool = False


def pair_kind(token: Token) -> str | None:
    """ "persons" for "the two men"/"both leaders", "sides" for "both sides", else None."""
    lemma = token.lemma_.lower()
    counted = (
        any(
            (c.dep_ == "nummod" and c.lower_ in ("two", "2"))
            or (c.dep_ in ("det", "predet", "preconj") and c.lower_ == "both")
            for c in token.children
        )
        or lemma == "pair"
    )
    if not counted:
        return None
    if lemma in PERSON_PAIR_NOUNS or lemma == "pair":
        return "persons"
    if lemma in SIDE_PAIR_NOUNS:
        return "sides"
    return None


def sentence_of(doc: Doc) -> list[int]:
    """Sentence index of every token (cached on the doc)."""
    cached = doc.user_data.get("newsledger_token_sentence")
    if cached is None:
        cached = [0] * len(doc)
        for n, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                cached[i] = n
        doc.user_data["newsledger_token_sentence"] = cached
    return cached


def pronoun_antecedent(token: Token, drafts: list[Draft], gaz: Gazetteer) -> Draft | None:
    """The mention a he/she pronoun refers to, in the nearest sentence (its own first) with a
    compatible person: a person that is a subject (in its own sentence the nearest one,
    in an earlier sentence the first one), else the last one (Hobbs's preference for
    subjects)."""
    gender = PRONOUN_GENDER.get(token.lower_)
    if gender is None or token.pos_ != "PRON":
        return None
    sentence = sentence_of(token.doc)
    here = sentence[token.i]
    by_sentence: dict[int, list[Draft]] = {}
    for draft in sorted(drafts, key=lambda d: d.head):
        if draft.dropped or draft.head >= token.i or draft.via == "coref":
            continue
        if here - sentence[draft.head] > MAX_SENTENCES_BACK:
            continue
        if not (draft.person or draft.unnamed_person):
            continue
        known = gaz.genders.get(draft.actor_id)
        if known is None or known == gender:
            by_sentence.setdefault(sentence[draft.head], []).append(draft)
    if not by_sentence:
        return None
    nearest = max(by_sentence)
    found = by_sentence[nearest]
    subjects = [d for d in found if token.doc[d.head].dep_ in ("nsubj", "nsubjpass")]
    if subjects:  # earlier sentence: its main subject; same sentence: the nearest subject
        return subjects[0] if nearest != here else subjects[-1]
    return found[-1]


def its_antecedent(token: Token, drafts: list[Draft]) -> Draft | None:
    """The body "its" refers to ("Israel said its aircraft ..."): the subject of its clause
    or, failing that, the nearest earlier non-person actor in the sentence or the one before."""
    if token.lower_ != "its":
        return None
    sentence = sentence_of(token.doc)
    here = sentence[token.i]
    candidates = [
        d
        for d in sorted(drafts, key=lambda d: d.head)
        if not d.dropped
        and not d.person
        and not d.unnamed_person
        and d.head < token.i
        and here - sentence[d.head] <= 1
        and d.via not in ("coref", "provisional")
    ]
    if not candidates:
        return None
    subjects = [d for d in candidates if token.doc[d.head].dep_ in ("nsubj", "nsubjpass")]
    same = [d for d in subjects if sentence[d.head] == here]
    return (same or subjects or candidates)[-1]


# verbs whose subject "it" is usually the expletive or an event, not a body ("it comes after")
_IMPERSONAL_VERBS = frozenset(
    {"be", "seem", "appear", "remain", "come", "take", "happen", "mean", "matter", "look",
     "become", "follow", "cost", "make", "have", "occur", "help", "hurt", "allow", "sound",
     "feel", "rain", "begin", "end", "go"}
)  # fmt: skip


def it_antecedent(
    token: Token, drafts: list[Draft], agentive: Callable[[Token], bool]
) -> Draft | None:
    """The body an acting "it" refers to ("Hezbollah fired rockets. It also launched drones"),
    among `drafts` given in text order:
    only as the subject of a verb that needs an agent (`agentive`: a reporting verb or an
    event trigger, so not "it changes", "it occurs"), the nearest earlier subject that names
    a state, government or group: in the pronoun's sentence a clause above it ("M23 said it
    had seized"), else the main clause of one of the two sentences before. None for an
    expletive or passive "it", a modal "it would ..." (a bill or an offer more often than a
    body), or when the nearest such subject is a person."""
    if token.lower_ != "it" or token.dep_ != "nsubj" or token.pos_ != "PRON":
        return None
    verb = token.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() in _IMPERSONAL_VERBS or not agentive(verb):
        return None
    if any(c.dep_ in ("auxpass", "expl") for c in verb.children):
        return None
    if verb.tag_ in ("VBG", "VBN") and not any(c.dep_ == "aux" for c in verb.children):
        return None  # "the lawmaker who wrote it citing ...": no clause of its own
    doc = token.doc
    sentence = sentence_of(doc)
    here = sentence[token.i]
    modal = any(c.tag_ == "MD" for c in verb.children)
    for draft in reversed(drafts):  # in text order (by head): the nearest first
        if draft.dropped or draft.head >= token.i or here - sentence[draft.head] > 2:
            continue
        head = doc[draft.head]
        if head.dep_ != "nsubj":
            continue
        if sentence[draft.head] == here:
            if head.head not in verb.ancestors:
                continue  # "everything the FBI is about and it undermines": not its clause
        elif head.head.dep_ != "ROOT" and not (
            head.head.dep_ == "conj" and head.head.head.dep_ == "ROOT"
        ):
            continue  # an earlier sentence's main subject only ("As HuffPost reported, ...")
        elif modal:
            return None
        if draft.person or draft.unnamed_person or draft.demonym:
            return None  # the nearest subject is a person: "it" is not them
        if draft.via in ("coref", "provisional") or head.tag_ in ("NNS", "NNPS"):
            return None
        return draft
    return None


def recent_persons(before: int, drafts: list[Draft], n: int = 2) -> list[Draft]:
    """The `n` most recent distinct named persons before token `before`."""
    out: list[Draft] = []
    for draft in sorted(drafts, key=lambda d: d.head, reverse=True):
        if draft.dropped or draft.head >= before or not draft.person:
            continue
        if all(d.actor_id != draft.actor_id for d in out):
            out.append(draft)
        if len(out) == n:
            break
    return out[::-1]


def recent_sides(
    before: int,
    drafts: list[Draft],
    gaz: Gazetteer,
    doc: Doc,
    n: int = 2,
    exclude: frozenset[str] = frozenset(),
) -> list[str]:
    """Actor ids for the `n` most recent distinct parties (states, their bodies, armed groups)
    named in the sentence of token `before` or the one before it: per country, the actor it
    was last named as (SYRGOV, ISR, ...); an armed group is a side of its own (a civil war's
    sides share a country). Organisations, media, blocs and `exclude` (who addresses "both
    sides") are not sides."""
    sentence = sentence_of(doc)
    here = sentence[before]
    out: dict[str, str] = {}
    for draft in sorted(drafts, key=lambda d: d.head, reverse=True):
        if draft.dropped or draft.head >= before or here - sentence[draft.head] > 1:
            continue
        actor_id = draft.acts_for if draft.person else draft.actor_id
        actor = gaz.actor(actor_id) if actor_id else None
        if actor is None or actor.kind in _NOT_SIDES or actor.id in exclude:
            continue
        if doc[draft.head].head.lemma_.lower() in _PATRON_WORDS:
            continue  # "Iran-backed group Hezbollah": the patron is no side of its own
        country = actor.country or actor.id  # a group without a country is a side of its own
        if actor.kind in ("armed_group", "rebels"):
            country = actor.id
        if country not in out:
            out[country] = actor.id
        if len(out) == n:
            return list(out.values())[::-1]
    return []


_NOT_SIDES = frozenset({"igo", "ngo", "media", "bloc", "person"})
# the participle of a patron's compound ("Iran-backed", "Saudi-led", "Russia-aligned")
_PATRON_WORDS = frozenset({"back", "backed", "lead", "led", "align", "aligned", "sponsor",
                           "sponsored", "support", "supported", "fund", "funded", "arm",
                           "armed"})  # fmt: skip


def title_antecedent(
    title: str, head_word: str, before: int, drafts: list[Draft], gaz: Gazetteer, date: object
) -> Draft | None:
    """The most recent person named with this title, or holding it on `date`."""
    for draft in sorted(drafts, key=lambda d: d.head, reverse=True):
        if draft.dropped or draft.head >= before or not draft.person:
            continue
        titles = {draft.title} if draft.title else set()
        titles.update(r.title for r in gaz.roles_on(draft.actor_id, date))  # type: ignore[arg-type]
        if title in titles or any(head_word in t.split() for t in titles if t):
            return draft
    return None


def same_head_antecedent(noun: Token, sector: str, drafts: list[Draft]) -> str | None:
    """The actor an earlier phrase with the same head noun named with its body ("Sudan's
    army"): a definite "the army" takes it up."""
    lemma = noun.lemma_.lower()
    for draft in sorted(drafts, key=lambda d: -d.head):
        if draft.dropped or draft.head >= noun.i or draft.via == "coref":
            continue
        head = noun.doc[draft.head]
        if head.lemma_.lower() == lemma and draft.actor_id.endswith(sector):
            return draft.actor_id
    return None


_MINOR_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "de", "al", "el", "&"})
_ACRONYM_SKIPS = ("coref", "demonym")


@functools.lru_cache(maxsize=4096)
def initials(name: str) -> str:
    """ "Rapid Support Forces" -> "RSF", "the Islamic State West Africa Province" -> "ISWAP"."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _MINOR_WORDS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def is_acronym_word(text: str) -> bool:
    """An all-capital word of 2-6 letters that could spell a name's initials."""
    return text.isupper() and text.isalpha() and 2 <= len(text) <= 6


class AcronymIndex:
    """The actor of a draft named in full whose initials an acronym spells ("RSF" after
    "Rapid Support Forces"): the first such draft in `drafts`, whose surface and canonical
    names `names` gives. Drafts are filed under their initials as they are added, so a
    look-up takes the same time however long the article is. A draft
    whose span or actor changes after filing is filed again (`refile`); its old entries no
    longer match its key and are skipped, so a look-up gives what a scan of all drafts gives."""

    def __init__(self, drafts: list[Draft], names: Callable[[Draft], list[str]]) -> None:
        self.drafts = drafts
        self.names = names
        self.filed = 0
        self.position: dict[int, int] = {}  # id(draft) -> its place in `drafts`
        self.by_initials: dict[str, list[tuple[int, Draft, tuple[int, int, str]]]] = {}

    def _file(self, at: int, draft: Draft) -> None:
        key = (draft.start, draft.end, draft.actor_id)
        for spelt in {initials(n) for n in self.names(draft)}:
            entries = self.by_initials.setdefault(spelt, [])
            bisect.insort(entries, (at, draft, key), key=lambda e: e[0])

    def refile(self, draft: Draft) -> None:
        """File `draft` again after its span or actor changed."""
        at = self.position.get(id(draft))
        if at is not None:
            self._file(at, draft)

    def find(self, text: str, exclude: Draft | None = None) -> str | None:
        if not is_acronym_word(text):
            return None
        while self.filed < len(self.drafts):
            draft = self.drafts[self.filed]
            self.position[id(draft)] = self.filed
            self._file(self.filed, draft)
            self.filed += 1
        for _, draft, key in self.by_initials.get(text, ()):
            if key != (draft.start, draft.end, draft.actor_id):
                continue  # filed before a change; filed again under its new key
            if draft is exclude or draft.dropped or draft.via in _ACRONYM_SKIPS:
                continue
            return draft.actor_id
        return None
