"""Slant: loaded or editorial spans in the outlet's own voice.

Method: a lexicon of loaded language (data/lexicons/slant.yaml: category, term, neutral
wording) matched on word forms and lemmas, with rules over the dependency parse for the
categories that need structure: "<any modifier> regime" as a delegitimising name for any
government (not "sanctions regime"); intensifiers spanning the noun they modify; metonyms only
where the place stands for an actor; motives bearing on the subject of their clause; short
scare quotes. After the bias-word features of Recasens et al. (2013) and the lexical-bias
annotation of BASIL (Fan et al. 2019), which separates the outlet's voice from quoted speech.

The trained loaded-language tagger (`learn.loaded_language`, shipped in
`trained/loaded_language`) proposes further spans with a confidence; the loaded cores of a
proposal (its tokens at `marker_core` or above, outside lexicon markers, cut at stop words and
punctuation) become markers when their mean probability reaches the extractor's own, higher
cut (`marker_threshold` in the model's config: wire copy must not be flagged for ordinary
words). The lexicon gives its category and neutral wording when it knows a word of the span;
otherwise it is a `pejorative_label` (a noun naming an actor) or a `loaded_term`, with the span
less its evaluative modifiers as the neutral wording. `NEWSLEDGER_MODELS=rules` runs the lexicon
alone (records say `slant@2+rules`).

Words inside a direct quote or a reported statement belong to the speaker (`slant_voice`):
they are not the outlet's markers; the registered stage (`records`) returns them apart, as
`SpeakerMarker` records naming their speaker. Every marker carries a confidence: the tagger's
mean probability over its span, calibrated where the model ships a calibrator for that kind of
span (`learn.loaded_language_confidence`; today none: see the card), else for a span a lexicon
rule flagged at least the config's `lexicon_confidence`, which rules-only runs give alone.
Each marker bears on an actor (`slant_targets`) and has a neutral wording ("" = leave the word
out).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, replace
from importlib import resources

import yaml
from spacy.tokens import Doc, Span, Token

from ..learn import loaded_language, models
from ..learn.calibration import Calibrator
from ..model import Article, Found, Marker, SpeakerMarker
from . import common, slant_voice
from .event_lexicon import lexicon as events_lexicon
from .slant_targets import Mentions, mention_in, target
from .slant_targets import best_effort_id as best_effort_id
from .slant_voice import Overlaps, Voiced

NAME = "slant"
VERSION = 2
LABEL = f"{NAME}@{VERSION}"
UNNAMED = "unnamed speaker"  # the speaker of a quote nobody is named for

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
    place_verbs: frozenset[str] = frozenset()


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
        place_verbs=frozenset(met.get("place_verbs", ())),
    )


def extract(doc: Doc, article: Article, found: Found) -> list[Marker]:
    """Slant markers of one article in the outlet's own voice, in text order."""
    return [m for m, voice in candidates(doc, article, found) if voice is None]


def records(doc: Doc, article: Article, found: Found) -> list[Marker | SpeakerMarker]:
    """The stage as registered: the outlet's markers, then the loaded spans in speakers' own
    words with their speaker (one pass over the candidates)."""
    ours: list[Marker | SpeakerMarker] = []
    theirs: list[Marker | SpeakerMarker] = []
    for m, voice in candidates(doc, article, found):
        if voice is None:
            ours.append(m)
        else:
            theirs.append(SpeakerMarker(voice.speaker or UNNAMED, m.category, m.evidence,
                                        m.neutral, m.target_actor_id, m.lexicon,
                                        m.confidence))  # fmt: skip
    return ours + theirs


def speaker_markers(doc: Doc, article: Article, found: Found) -> list[tuple[str | None, Marker]]:
    """Loaded spans in a speaker's words, with the speaker as the text names them (None: a
    quote nobody is named for): theirs, not the outlet's, kept for the article profile."""
    return [(v.speaker, m) for m, v in candidates(doc, article, found) if v is not None]


def candidates(doc: Doc, article: Article, found: Found) -> list[tuple[Marker, Voiced | None]]:
    """Every loaded span the lexicon, its rules and the tagger find, with whose voice it is in
    (None: the outlet's own)."""
    lex = load_lexicon()
    spans = Overlaps(slant_voice.speaker_spans(doc, found), lambda v: (v.start, v.end))
    where = Mentions(found)  # indexed once: a marker's lookups stay short in long articles
    model = models.model_for(loaded_language.NAME)
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
            marker = _marker(doc, article, where, term, i, end, sent)
            if marker is not None:
                chars = set(range(marker.evidence.start, marker.evidence.end))
                if not taken & chars:
                    out.append(marker)
                    taken.update(chars)
            i = end
        out.extend(_metonyms(doc, article, where, sent, lex))
    out.extend(_scare_quotes(doc, article, found))
    cfg = model.config if model is not None else _rules_config()
    floor = float(cfg.get("lexicon_confidence", 0.5))
    if model is None:
        out = [replace(m, evidence=replace(m.evidence, extractor=f"{LABEL}+rules"),
                       confidence=floor) for m in out]  # fmt: skip
    else:
        probs = loaded_language.token_probs(model, doc)
        cals = loaded_language.calibrators(model)
        out = [_confident(m, doc, probs, floor, cals.get("lexicon")) for m in out]
        out.extend(_proposed(model, doc, probs, article, where, taken, lex, cals.get("tagger")))
    voiced = [(m, _voice(doc, spans, m)) for m in out]
    return sorted(voiced, key=lambda mv: mv[0].evidence.start)


def profile_threshold() -> float:
    """The confidence a marker needs to count in the article profile: chosen on out-of-fold
    train spans when the loaded-language model was built (its meta.json, `profile`)."""
    return float((_shipped_meta().get("profile") or {}).get("threshold", 0.5))


@functools.lru_cache(maxsize=1)
def _shipped_meta() -> dict:
    """The shipped model's meta.json, read for the profile threshold even when models are off."""
    path = models.trained_dir() / loaded_language.NAME / "meta.json"
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


@functools.lru_cache(maxsize=1)
def _rules_config() -> dict:
    """The shipped model's config, read for its confidence settings when models are off."""
    path = models.trained_dir() / loaded_language.NAME / "config.yaml"
    return yaml.safe_load(path.read_text("utf-8")) if path.is_file() else {}


def _voice(doc: Doc, spans: Overlaps[Voiced], marker: Marker) -> Voiced | None:
    """Whose words the marker is in: a speaker's span, a characterising verb's complement, or
    None for the outlet's own (scare quotes are always the outlet's)."""
    ev = marker.evidence
    if marker.lexicon == "scare-quotes":
        return None
    hit = slant_voice.voice_of(spans, ev.start, ev.end)
    if hit is not None:
        return hit
    span = doc.char_span(ev.start, ev.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verb = slant_voice.characterised(span.root)
    if verb is None:
        return None
    head = next(t for t in span.root.ancestors if t.lemma_.lower() == verb)
    who = [c for c in head.children if c.dep_ in ("nsubj", "agent")]
    if who and who[0].dep_ == "agent":
        who = [c for c in who[0].children if c.dep_ == "pobj"]
    name = doc[who[0].left_edge.i : who[0].right_edge.i + 1].text if who else None
    return Voiced(ev.start, ev.end, name)


# --- the trained tagger ------------------------------------------------------------------


def _confident(marker: Marker, doc: Doc, probs, floor: float, cal: Calibrator | None) -> Marker:
    """A rule's marker with its confidence: the tagger's mean token probability over its span,
    calibrated when the model ships a lexicon calibrator, else at least the lexicon's floor."""
    span = doc.char_span(marker.evidence.start, marker.evidence.end, alignment_mode="expand")
    p = float(probs[span.start : span.end].mean()) if span is not None and len(span) else 0.0
    return replace(marker, confidence=cal(p) if cal is not None else round(max(p, floor), 3))


def _proposed(
    model: models.ShippedModel, doc: Doc, probs, article: Article, found: Mentions,
    taken: set[int], lex: Lexicon, cal: Calibrator | None = None,
) -> list[Marker]:  # fmt: skip
    """Markers from the tagger's confident spans in the outlet's voice that the lexicon has
    not already flagged (`cal`: the calibrator of a tagger span's confidence)."""
    cut = float(model.config.get("marker_threshold", model.meta.get("threshold", 0.5)))
    core = float(model.config.get("marker_core", 0.0))
    out = []
    label = f"{LABEL}+{loaded_language.NAME}"
    for start, end in _cores(doc, probs, loaded_language.propose(model, doc, probs=probs),
                             core, taken):  # fmt: skip
        confidence = float(probs[start:end].mean())
        if confidence < cut:
            continue
        span = doc[start:end]
        chars = set(range(span.start_char, span.end_char))
        category, neutral = _reading(span, lex)
        if category is None:
            continue
        taken.update(chars)
        actor = target(found, span, span.sent, category)
        if neutral is None:  # a label: the plain name of the actor it names, where known
            neutral = next((a.name for a in found.found.actors if a.id == actor), None)
        out.append(Marker(
            category=category,
            evidence=common.span_evidence(span, article, label),
            neutral=neutral,
            target_actor_id=actor,
            lexicon="slant.yaml" if category not in ("loaded_term", "pejorative_label")
            or _known(span, lex) else None,
            confidence=cal(confidence) if cal is not None else round(confidence, 3),
        ))  # fmt: skip
    return out


def _cores(doc: Doc, probs, proposals, core: float, taken: set[int]) -> list[tuple[int, int]]:
    """The loaded cores of the tagger's runs: the tokens at `core` or above that no lexicon
    marker holds, cut into runs without stop words or punctuation at their edges. A run the
    tagger proposes spans the weak words between strong ones ("utter nonsense and a disgrace,
    a betrayal of"); averaged over all of them a confident core falls under the marker cut,
    and a run that touches a lexicon marker would otherwise be lost whole."""
    out = []
    for prop in proposals:
        run: list[int] = []
        for i in [*range(prop.start, prop.end), -1]:
            tok = doc[i] if i >= 0 else None
            if tok is not None and probs[i] >= core and tok.idx not in taken:
                run.append(i)
                continue
            start, end = (run[0], run[-1] + 1) if run else (0, 0)
            while start < end and (doc[start].is_stop or doc[start].is_punct):
                start += 1
            while end > start and (doc[end - 1].is_stop or doc[end - 1].is_punct):
                end -= 1
            if start < end:
                out.append((start, end))
            run = []
    return out


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
        return term.category, term.neutral
    words = loaded_language.lexicon_words()
    if any(words.get(t.lower_, "").startswith("=") or words.get(t.lemma_.lower(), "")
           .startswith("=") for t in span):  # fmt: skip
        return None, None  # the lexicon knows the word and its context rules said no here
    root = span.root
    if root.pos_ == "PROPN" or all(t.is_stop or t.is_punct for t in span):
        return None, None  # a name or function words are not loaded language
    content = [t for t in span if not (t.is_stop or t.is_punct)]
    if len(content) == 1 and root.lemma_.lower() in events_lexicon().nouns:
        return None, None  # an event noun ("bombardment", "strike") names what happened
    actor_like = root.ent_type_ in ("NORP", "PERSON", "ORG") or root.dep_ in _LABEL_DEPS
    if root.pos_ == "NOUN" and actor_like:
        return "pejorative_label", None
    plain = [t.text_with_ws for t in span if t.pos_ not in ("ADJ", "ADV")]
    return "loaded_term", "".join(plain).strip()


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
                if after & set(term.unless_next) or _object_in(doc[i + n - 1], term.unless_next):
                    continue
                return term, i + n
    return None


def _object_in(tok: Token, words: tuple[str, ...]) -> bool:
    """Whether the verb's object names one of `words` ("claimed tens of thousands of lives")."""
    if not words or tok.pos_ not in ("VERB", "AUX"):
        return False
    objects = [c for c in tok.children if c.dep_ in ("dobj", "attr")]
    return any(t.lemma_.lower() in words or t.lower_ in words for o in objects for t in o.subtree)


def _same(tok: Token, word: str) -> bool:
    return word == tok.lower_ or word == tok.lemma_.lower()


def _marker(
    doc: Doc, article: Article, found: Mentions, term: Term, i: int, end: int, sent: Span
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
        neutral=neutral,
        target_actor_id=target(found, span, sent, term.category),
        lexicon="slant.yaml",
    )


def _regime(
    doc: Doc, article: Article, found: Mentions, tok_span: Span, sent: Span
) -> Marker | None:
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
        target_actor_id=target(found, span, sent, "delegitimising_name"),
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
    doc: Doc, article: Article, found: Mentions, sent: Span, lex: Lexicon
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
            out.append(
                Marker(
                    category="metonym",
                    evidence=common.span_evidence(span, article, LABEL),
                    neutral=info.get("neutral"),
                    target_actor_id=mention_in(found, span)
                    or info.get("actor")
                    or info.get("country"),
                    lexicon="slant.yaml",
                )
            )
    return out


def _acts(root: Token, lex: Lexicon) -> bool:
    """Whether a place name stands for an actor here (not a location)."""
    if root.dep_ == "dobj" and root.head.lemma_.lower() in lex.place_verbs:
        return False  # "drones reached Tel Aviv"
    if root.dep_ in _ACTOR_DEPS:
        return True
    if root.dep_ == "pobj" and root.head.lower_ in _ACTOR_PREPS:
        return root.head.lower_ != "on" or root.head.head.lemma_ in ("pressure", "call")
    if root.dep_ == "pobj" and root.head.lower_ == "to":
        # "overtures to Tel Aviv" is an actor; "flew to Tel Aviv" is a place
        return root.head.head.lemma_.lower() in lex.political_nouns
    return False


def _scare_quotes(doc: Doc, article: Article, found: Found) -> list[Marker]:
    """Short quotes in the outlet's voice that nobody is said to have said."""
    out = []
    scopes = slant_voice.reported(found)
    for m in slant_voice.QUOTE_RE.finditer(common.doc_text(doc)):
        start, end = m.span(1) if m.group(1) is not None else m.span(2)
        if not slant_voice.is_scare_quote(doc, found, start, end, scopes):
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
