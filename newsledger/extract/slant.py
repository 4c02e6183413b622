"""Slant: loaded or editorial spans in the outlet's own voice.

Method: a lexicon of loaded language (data/lexicons/slant.yaml: category, term, neutral
wording) matched on word forms and lemmas, with rules over the dependency parse for the
categories that need structure: "<any modifier> regime" as a delegitimising name for any
government (not "sanctions regime"); intensifiers spanning the noun they modify; metonyms only
where the place stands for an actor; motives bearing on the subject of their clause; short
scare quotes. After the bias-word features of Recasens et al. (2013) and the lexical-bias
annotation of BASIL (Fan et al. 2019), which separates the outlet's voice from quoted speech.

The trained loaded-language tagger (`learn.loaded_language`, shipped in
`trained/loaded_language`) proposes further spans with a confidence; a proposal becomes a
marker when its confidence reaches the extractor's own, higher cut (`marker_threshold` in the
model's config: wire copy must not be flagged for ordinary words) and no lexicon marker already
covers it. The lexicon gives its category and neutral wording when it knows a word of the span;
otherwise it is a `pejorative_label` (a noun naming an actor) or a `loaded_term`, with the span
less its evaluative modifiers as the neutral wording. `NEWSLEDGER_MODELS=rules` runs the lexicon
alone (records say `slant@2+rules`).

Words inside a direct quote or an attribution scope belong to the speaker and are not
flagged, except in scopes whose cue attributes only truth, not wording ("reportedly",
"citing the need to ..."; see `attribution.OUTLET_WORDED_CUES`). Each marker bears on an actor:
a mention inside or next to the span (actors stage), else the subject of its clause, else the
nearest preceding state; without mentions, spaCy entities with a best-effort ISO code.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from importlib import resources

import yaml
from spacy.tokens import Doc, Span, Token

from ..learn import loaded_language, models
from ..model import Article, Found, Marker
from . import common, cues
from .attribution import _QUOTE_RE, OUTLET_WORDED_CUES

NAME = "slant"
VERSION = 2
LABEL = f"{NAME}@{VERSION}"

# single-word terms of these categories must have one of these parts of speech
_POS = {
    "loaded_verb": {"VERB"},
    "loaded_term": {"NOUN", "PROPN", "ADJ"},
    "intensifier": {"ADJ", "ADV"},
}
# a proposed noun span in these roles names an actor (a label), not an act or a situation
_LABEL_DEPS = frozenset({"appos", "attr", "nsubj", "nsubjpass"})
_ACTOR_DEPS = {"nsubj", "nsubjpass", "dobj", "poss", "agent"}
_ACTOR_PREPS = {"toward", "towards", "with", "against", "by", "on"}
_STATE_LABELS = {"GPE", "NORP"}
# words before a short quote that name it rather than scare it: 'the slogan "yes we can"'
_NAMING_WORDS = frozenset(
    "called calling call calls dubbed named titled entitled term phrase word words slogan "
    "line headline labelled labeled branded nicknamed motto hashtag as".split()
)


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]
    category: str
    neutral: str
    rule: str | None
    unless_after: tuple[str, ...]
    unless_next: tuple[str, ...] = ()
    pos: frozenset[str] = frozenset()  # allowed parts of speech of a one-word term


@dataclass(frozen=True, slots=True)
class Lexicon:
    index: dict[str, tuple[Term, ...]]  # first word -> terms, longest first
    places: dict[str, dict]
    political_nouns: frozenset[str]


def _words(term: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[\w’']+|-", term.lower()))


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load (once) the slant lexicon shipped in the package."""
    raw = yaml.safe_load(
        resources.files("newsledger")
        .joinpath("data/lexicons/slant.yaml")
        .read_text(encoding="utf-8")
    )
    index: dict[str, list[Term]] = {}
    for category, entry in raw.items():
        for term, value in (entry.get("terms") or {}).items():
            # a term maps to its neutral wording, or to {neutral, pos}
            spec = value if isinstance(value, dict) else {"neutral": value}
            t = Term(
                words=_words(term),
                category=category,
                neutral=spec.get("neutral") or "",
                pos=frozenset(spec.get("pos", ())),
                rule=entry.get("rule"),
                unless_after=tuple(entry.get("unless_after", ())),
                unless_next=tuple(entry.get("unless_next", ())),
            )
            index.setdefault(t.words[0], []).append(t)
    met = raw.get("metonym", {})
    return Lexicon(
        index={k: tuple(sorted(v, key=lambda t: -len(t.words))) for k, v in index.items()},
        places={k.lower(): v for k, v in (met.get("places") or {}).items()},
        political_nouns=frozenset(met.get("political_nouns", ())),
    )


def extract(doc: Doc, article: Article, found: Found) -> list[Marker]:
    """Slant markers of one article, in text order."""
    lex = load_lexicon()
    blocked = speaker_spans(doc, found)
    out: list[Marker] = []
    taken: set[int] = set()
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            hit = _match(doc, i, sent.end, lex)
            if hit is None:
                i += 1
                continue
            term, end = hit
            marker = _marker(doc, article, found, term, i, end, sent)
            if marker is not None and not _inside(
                blocked, marker.evidence.start, marker.evidence.end
            ):
                if not taken & set(range(marker.evidence.start, marker.evidence.end)):
                    out.append(marker)
                    taken.update(range(marker.evidence.start, marker.evidence.end))
            i = end
        out.extend(_metonyms(doc, article, found, sent, lex, blocked))
    out.extend(_scare_quotes(doc, article, found, blocked))
    model = models.model_for(loaded_language.NAME)
    if model is None:
        out = [replace(m, evidence=replace(m.evidence, extractor=f"{LABEL}+rules")) for m in out]
    else:
        probs = loaded_language.token_probs(model, doc)
        out = [_confident(m, doc, probs) for m in out]
        out.extend(_proposed(model, doc, probs, article, found, blocked, taken, lex))
    return sorted(out, key=lambda m: m.evidence.start)


# --- the trained tagger ------------------------------------------------------------------


def _confident(marker: Marker, doc: Doc, probs) -> Marker:
    """A lexicon marker with the tagger's confidence (mean token probability of its span)."""
    span = doc.char_span(marker.evidence.start, marker.evidence.end, alignment_mode="expand")
    if span is None or not len(span):
        return marker
    return replace(marker, confidence=round(float(probs[span.start : span.end].mean()), 3))


def _proposed(
    model: models.ShippedModel, doc: Doc, probs, article: Article, found: Found,
    blocked: list[tuple[int, int]], taken: set[int], lex: Lexicon,
) -> list[Marker]:  # fmt: skip
    """Markers from the tagger's confident spans in the outlet's voice that the lexicon has
    not already flagged."""
    cut = float(model.config.get("marker_threshold", model.meta.get("threshold", 0.5)))
    out = []
    label = f"{LABEL}+{loaded_language.NAME}"
    for prop in loaded_language.propose(model, doc, probs=probs):
        if prop.confidence < cut:
            continue
        span = doc[prop.start : prop.end]
        chars = set(range(span.start_char, span.end_char))
        if chars & taken or _voiced(blocked, span.start_char, span.end_char):
            continue
        category, neutral = _reading(span, lex)
        if category is None:
            continue
        taken.update(chars)
        out.append(Marker(
            category=category,
            evidence=common.span_evidence(span, article, label),
            neutral=neutral,
            target_actor_id=_target(found, span, span.sent, category),
            lexicon="slant.yaml" if category not in ("loaded_term", "pejorative_label")
            or _known(span, lex) else None,
            confidence=round(prop.confidence, 3),
        ))  # fmt: skip
    return out


def _voiced(blocked: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether at least half of the span lies in a speaker's words."""
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in blocked)
    return inside * 2 >= end - start


def _known(span: Span, lex: Lexicon) -> Term | None:
    for i in range(span.start, span.end):
        hit = _match(span.doc, i, span.sent.end, lex)
        if hit is not None:
            return hit[0]
    return None


def _reading(span: Span, lex: Lexicon) -> tuple[str | None, str | None]:
    """Category and neutral wording of a proposed span: the lexicon's where it knows a word,
    else a label (a noun for an actor) or a loaded term, less its evaluative modifiers."""
    term = _known(span, lex)
    if term is not None:
        if term.category in ("metonym", "scare_term"):
            return None, None  # their own rules decide where these words are loaded
        return term.category, term.neutral or None
    words = loaded_language.lexicon_words()
    if any(words.get(t.lower_, "").startswith("=") or words.get(t.lemma_.lower(), "")
           .startswith("=") for t in span):  # fmt: skip
        return None, None  # the lexicon knows the word and its context rules said no here
    root = span.root
    if root.pos_ == "PROPN" or all(t.is_stop or t.is_punct for t in span):
        return None, None  # a name or function words are not loaded language
    actor_like = root.ent_type_ in ("NORP", "PERSON", "ORG") or root.dep_ in _LABEL_DEPS
    if root.pos_ == "NOUN" and actor_like:
        return "pejorative_label", None
    plain = [t.text_with_ws for t in span if t.pos_ not in ("ADJ", "ADV")]
    return "loaded_term", "".join(plain).strip() or None


# --- matching ----------------------------------------------------------------------------


def _match(doc: Doc, i: int, stop: int, lex: Lexicon) -> tuple[Term, int] | None:
    tok = doc[i]
    for key in dict.fromkeys((tok.lower_, tok.lemma_.lower())):  # the form as written first
        for term in lex.index.get(key, ()):
            n = len(term.words)
            if i + n > stop:
                continue
            if all(_same(doc[i + k], w) for k, w in enumerate(term.words)):
                allowed = term.pos or _POS.get(term.category)
                if n == 1 and allowed and tok.pos_ not in allowed:
                    continue
                before = {t.lower_ for t in doc[max(0, i - 3) : i]}
                lemmas = {t.lemma_.lower() for t in doc[max(0, i - 3) : i]}
                if any(
                    w in before or w in lemmas or w in doc[max(0, i - 3) : i].text.lower()
                    for w in term.unless_after
                ):
                    continue
                after = {t.lower_ for t in doc[i + n : i + n + 3]}
                if after & set(term.unless_next):
                    continue
                return term, i + n
    return None


def _same(tok: Token, word: str) -> bool:
    return word == tok.lower_ or word == tok.lemma_.lower()


def _marker(
    doc: Doc, article: Article, found: Found, term: Term, i: int, end: int, sent: Span
) -> Marker | None:
    span = doc[i:end]
    neutral = term.neutral
    if term.rule == "regime" and term.words == ("regime",):
        return _regime(doc, article, found, span, sent)
    if term.rule == "modifier":
        span, neutral = _with_head(span)
    return Marker(
        category=term.category,
        evidence=common.span_evidence(span, article, LABEL),
        neutral=neutral or None,
        target_actor_id=_target(found, span, sent, term.category),
        lexicon="slant.yaml",
    )


def _regime(doc: Doc, article: Article, found: Found, tok_span: Span, sent: Span) -> Marker | None:
    """'<modifier> regime' for any government: the Assad regime, the Israeli regime."""
    regime = tok_span[0]
    if regime.pos_ not in ("NOUN", "PROPN"):
        return None
    if regime.dep_ == "compound":
        return None  # "regime change", "regime forces" name something else
    for child in regime.children:
        if child.dep_ == "compound" and child.pos_ == "NOUN" and not child.ent_type_:
            return None  # "sanctions regime", "visa regime", "tax regime"
    start = regime.left_edge.i
    while start < regime.i and doc[start].dep_ in ("case", "punct"):
        start += 1
    end = regime.i + 1
    of = next((c for c in regime.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        end = of.right_edge.i + 1
    span = doc[start:end]
    neutral = re.sub(r"\bregime\b", "government", span.text, flags=re.I)
    return Marker(
        category="delegitimising_name",
        evidence=common.span_evidence(span, article, LABEL),
        neutral=neutral,
        target_actor_id=_target(found, span, sent, "delegitimising_name"),
        lexicon="slant.yaml",
    )


def _with_head(span: Span) -> tuple[Span, str]:
    """An intensifier with the word it intensifies: 'brutal track record' -> 'track record'."""
    tok = span[0]
    head = tok.head
    doc = span.doc
    if tok.dep_ in ("amod", "advmod") and head.i > tok.i and head.i - tok.i <= 3:
        whole = doc[tok.i : head.i + 1]
        rest = doc[tok.i + 1 : head.i + 1].text
        return whole, rest
    return span, ""


def _metonyms(
    doc: Doc, article: Article, found: Found, sent: Span, lex: Lexicon, blocked: list
) -> list[Marker]:
    out = []
    text = sent.text.lower()
    for place, info in lex.places.items():
        for m in re.finditer(rf"(?<!\w){re.escape(place)}(?!\w)", text):
            span = doc.char_span(
                sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand"
            )
            if span is None or not _acts(span.root, lex):
                continue
            if _inside(blocked, span.start_char, span.end_char):
                continue
            out.append(
                Marker(
                    category="metonym",
                    evidence=common.span_evidence(span, article, LABEL),
                    neutral=info.get("neutral"),
                    target_actor_id=_mention_in(found, span)
                    or info.get("actor")
                    or info.get("country"),
                    lexicon="slant.yaml",
                )
            )
    return out


def _acts(root: Token, lex: Lexicon) -> bool:
    """Whether a place name stands for an actor here (not a location)."""
    if root.dep_ in _ACTOR_DEPS:
        return True
    if root.dep_ == "pobj" and root.head.lower_ in _ACTOR_PREPS:
        return root.head.lower_ != "on" or root.head.head.lemma_ in ("pressure", "call")
    if root.dep_ == "pobj" and root.head.lower_ == "to":
        # "overtures to Tel Aviv" is an actor; "flew to Tel Aviv" is a place
        return root.head.head.lemma_.lower() in lex.political_nouns
    return False


def _scare_quotes(doc: Doc, article: Article, found: Found, blocked: list) -> list[Marker]:
    """Short quotes in the outlet's voice that nobody is said to have said."""
    out = []
    for m in _QUOTE_RE.finditer(common.doc_text(doc)):
        start, end = m.span(1) if m.group(1) is not None else m.span(2)
        if not _is_scare_quote(doc, found, start, end):
            continue
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        out.append(
            Marker(
                category="scare_term",
                evidence=common.span_evidence(span, article, LABEL),
                neutral=common.doc_text(doc)[start:end],
                target_actor_id=None,
                lexicon="scare-quotes",
            )
        )
    return out


def _is_scare_quote(doc: Doc, found: Found, start: int, end: int) -> bool:
    """A quote of one to three lower-case words that no speaker is given for: not inside an
    attribution scope, not in a sentence with a reporting cue, not after a naming word."""
    words = common.doc_text(doc)[start:end].split()
    if not 1 <= len(words) <= 3 or not words[0][:1].islower():
        return False  # titles and names are capitalised; scare quotes rarely are
    for a in found.attributions:
        overlap = min(end, a.scope_end) - max(start, a.scope_start)
        if not a.own_voice and overlap >= 0.5 * (end - start):
            return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    lex = cues.load()
    sent = span.sent
    if any(
        t.pos_ == "VERB" and lex.is_cue_word(t.lemma_.lower(), t.lower_) or t.lower_ == "according"
        for t in sent
    ):
        return False  # "McCain said the comments were "wildly inaccurate.""
    before = {t.lower_ for t in doc[max(sent.start, span.start - 5) : span.start]}
    return not before & _NAMING_WORDS


# --- whose voice -------------------------------------------------------------------------


def speaker_spans(doc: Doc, found: Found) -> list[tuple[int, int]]:
    """Spans whose words belong to a speaker: direct quotes and attribution scopes, except
    scopes whose cue attributes truth but leaves the wording to the outlet."""
    spans = []
    for m in _QUOTE_RE.finditer(common.doc_text(doc)):
        start, end = m.span(1) if m.group(1) is not None else m.span(2)
        if not _is_scare_quote(doc, found, start, end):
            spans.append(m.span())
    for a in found.attributions:
        if a.own_voice:
            continue
        cue = (a.cue or "").lower().split()
        if cue and cue[0] in OUTLET_WORDED_CUES and not a.quote:
            continue
        spans.append((a.scope_start, a.scope_end))
    return spans


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


# --- targets -----------------------------------------------------------------------------


def _target(found: Found, span: Span, sent: Span, category: str) -> str | None:
    """The actor a marker bears on."""
    inside = _mention_in(found, span)
    if inside:
        return inside
    root = span.root
    if category == "pejorative_label":
        return None  # a label bears on the group it names: a mention inside it, if any
    if category in ("intensifier", "loaded_term"):
        noun = root.head if root.dep_ in ("amod", "advmod") else root
        for tok in [*noun.children, *span]:  # "Israeli invasion", "its brutal track record"
            if tok.dep_ in ("amod", "poss", "compound", "nmod") and tok.i not in range(
                span.start, span.end
            ):
                actor = _actor_at(found, tok, sent)
                if actor:
                    return actor
    if category in ("delegitimising_name", "metonym"):
        return _preceding_state(found, span, sent)
    tok = root
    for _ in range(8):  # the subject of the governing clause
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and not (span.start <= subj.i < span.end):
            return _actor_in_subtree(found, subj, sent)
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None


def _mention_in(found: Found, span: Span) -> str | None:
    hits = [
        m
        for m in found.mentions
        if m.evidence.start < span.end_char and span.start_char < m.evidence.end
    ]
    if hits:
        return max(hits, key=lambda m: len(m.text)).actor_id
    if found.mentions:
        return None
    for ent in span.doc.ents:  # no actors stage: spaCy entities, best effort
        if ent.start_char < span.end_char and span.start_char < ent.end_char:
            code = best_effort_id(ent.text, ent.label_)
            if code:
                return code
    return None


def _actor_at(found: Found, tok: Token, sent: Span) -> str | None:
    span = tok.doc[tok.i : tok.i + 1]
    if tok.lower_ in ("its", "their", "his", "her"):
        return None
    return _mention_in(found, span)


def _actor_in_subtree(found: Found, tok: Token, sent: Span) -> str | None:
    span = tok.doc[tok.left_edge.i : tok.right_edge.i + 1]
    hits = [
        m
        for m in found.mentions
        if span.start_char <= m.evidence.start and m.evidence.end <= span.end_char
    ]
    if hits:
        # the mention of the subject's head ("Western-backed Abu Mohammed al-Jolani": Jolani)
        head = [m for m in hits if m.evidence.start <= tok.idx < m.evidence.end]
        return (head or hits)[-1].actor_id
    if found.mentions:
        return None
    for ent in span.ents:
        code = best_effort_id(ent.text, ent.label_)
        if code:
            return code
    return None


def _preceding_state(found: Found, span: Span, sent: Span) -> str | None:
    """The nearest state or government named before the span in its sentence."""
    kinds = {a.id: a.kind for a in found.actors}
    before = [
        m
        for m in found.mentions
        if sent.start_char <= m.evidence.start
        and m.evidence.end <= span.start_char
        and kinds.get(m.actor_id) in ("state", "government")
    ]
    if before:
        return before[-1].actor_id
    if found.mentions:
        return None
    ents = [e for e in sent.ents if e.end_char <= span.start_char and e.label_ in _STATE_LABELS]
    for ent in reversed(ents):
        code = best_effort_id(ent.text, ent.label_)
        if code:
            return code
    return None


_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "an", "i", "n", "")


@functools.lru_cache(maxsize=512)
def best_effort_id(text: str, label: str) -> str | None:
    """An ISO 3166 alpha-3 code for a country or demonym entity ("Israeli" -> "ISR"), used
    only when the actors stage found nothing."""
    if label not in _STATE_LABELS:
        return None
    import pycountry

    name = text.strip().removeprefix("the ").removeprefix("The ")
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        pass
    for ending in _DEMONYM_ENDINGS:
        if ending and not name.endswith(ending):
            continue
        stem = name[: len(name) - len(ending)] if ending else name
        if len(stem) < 4:
            continue
        for country in pycountry.countries:
            names = (country.name, getattr(country, "common_name", ""))
            if any(n.startswith(stem) for n in names if n):
                return country.alpha_3
    return None
