"""The attribution model at run time: which words of an article are attribution cues, and which
noun phrase of the cue's sentence is its source. How the model is built:
`learn.attribution_training`.

Method, after the PARC/PolNeAR attribution pipelines (Pareti 2016; Newell et al. 2018) in the
feature-based form that runs on a CPU: (1) a per-token cue tagger, a logistic regression over
the spaCy parse (word, lemma, part of speech, dependency, head, children, quote position, a
two-word window, and membership in the reporting-cue lexicons: the lexicons as features, not
decisions); cues are the runs of tokens at the threshold. (2) for each cue, a source ranker:
every noun, proper noun and pronoun of its sentence is a candidate, scored by a logistic
regression over the dependency path from the cue to it, its position, kind and entity type; the
best candidate is the source when it reaches the threshold, else the relation has none (the
content's own source, "reportedly"). The content comes from the parse (`attribution_spans`).

Both classifiers ship in one `weights.npz`: their features are disjoint by prefix ("c:" and
"s:") and their labels are the pairs (O, CUE) and (NOSRC, SRC); each decision is a softmax over
its own pair of columns.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import numpy as np
import yaml
from spacy.tokens import Doc, Span, Token

from ..extract.common import doc_text
from ..extract.cues import Cues, load
from .attribution_scoring import Rel, say_cue
from .attribution_spans import content_span, continued_quotes, source_span
from .linear import LinearModel
from .models import ShippedModel

NAME = "attribution"
LABELS = ("O", "CUE", "NOSRC", "SRC")
_QUOTES = frozenset("\"“”‘’'«»")
_PUNCT_CUES = frozenset({":", "—", "–", "-"})  # a colon or dash can be a cue
_CHILD_DEPS = frozenset({"nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "prep", "agent",
                         "mark", "aux", "neg", "poss", "acl", "relcl", "advcl", "parataxis",
                         "csubj", "attr", "oprd", "dative", "prt"})  # fmt: skip
_CANDIDATE_POS = frozenset({"NOUN", "PROPN", "PRON"})
_MAX_PATH = 4


@dataclass(frozen=True, slots=True)
class CueSpan:
    """A cue the tagger found: tokens [start, end) of the doc, its head token and confidence."""

    start: int
    end: int
    head: int
    confidence: float


@functools.lru_cache(maxsize=1)
def kinds() -> dict[str, dict]:
    """The kinds of attribution (speech, belief, evaluation, document) and the cue lemmas and
    source nouns that mark them: data/lexicons/attribution_kinds.yaml."""
    path = resources.files("newsledger").joinpath("data/lexicons/attribution_kinds.yaml")
    return yaml.safe_load(path.read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def _kind_index() -> dict[str, str]:
    out: dict[str, str] = {}
    for kind, entry in kinds()["kinds"].items():
        for lemma in entry.get("cues", ()):
            out.setdefault(lemma, kind)  # the first kind listed wins
    return out


def kind_of_lemma(lemma: str) -> str | None:
    """The kind a cue lemma marks (None when the lexicon does not list it)."""
    return _kind_index().get(lemma)


# ---- quotes ----------------------------------------------------------------------------------


def quote_depth(doc: Doc) -> np.ndarray:
    """1 for tokens inside a double-quoted stretch of their line, else 0 (cached on the doc)."""
    cached = doc.user_data.get("newsledger_quote_depth")
    if cached is not None and len(cached) == len(doc):
        return cached
    inside = np.zeros(len(doc), np.int8)
    state = False
    for tok in doc:
        if "\n" in tok.text:
            state = False
        if tok.text in ("“", "”", '"'):
            state = tok.text == "“" or (tok.text == '"' and not state)
            continue
        inside[tok.i] = state
    doc.user_data["newsledger_quote_depth"] = inside
    return inside


@dataclass(frozen=True)
class _Spans:
    """Per-token positions the features read, in one pass over the doc (cached on it): the
    token's sentence bounds, running counts of verbs and quote marks, and for each colon or
    dash the entity types on its line before it. Read per token from spaCy (`tok.sent`, a
    walk back to the line start) they made a run-on sentence of 40 KB quadratic."""

    sent_start: np.ndarray
    sent_end: np.ndarray
    verbs: np.ndarray  # verbs[i] = verbs among tokens [0, i)
    quotes: np.ndarray  # the same for '"', '“' and '”'
    line_len: dict[int, int]  # colon/dash token -> tokens on its line before it
    line_ents: dict[int, frozenset[str]]


def _spans(doc: Doc) -> _Spans:
    cached = doc.user_data.get("newsledger_feature_spans")
    if cached is not None and len(cached.sent_start) == len(doc):
        return cached
    n = len(doc)
    sent_start, sent_end = np.zeros(n, np.int64), np.zeros(n, np.int64)
    for sent in doc.sents:
        sent_start[sent.start : sent.end] = sent.start
        sent_end[sent.start : sent.end] = sent.end
    verbs, quotes = np.zeros(n + 1, np.int64), np.zeros(n + 1, np.int64)
    line_len: dict[int, int] = {}
    line_ents: dict[int, frozenset[str]] = {}
    line_start, last_seen = 0, {}  # entity type -> its last token on the line so far
    for tok in doc:
        i = tok.i
        verbs[i + 1] = verbs[i] + (tok.pos_ == "VERB")
        quotes[i + 1] = quotes[i] + (tok.text in ('"', "“", "”"))
        if tok.text in _PUNCT_CUES:
            line_len[i] = i - line_start
            line_ents[i] = frozenset(t for t, j in last_seen.items() if j >= line_start)
        if tok.ent_type_:
            last_seen[tok.ent_type_] = i
        if "\n" in tok.text:
            line_start = i + 1
    out = _Spans(sent_start, sent_end, verbs, quotes, line_len, line_ents)
    doc.user_data["newsledger_feature_spans"] = out
    return out


# ---- cue features ----------------------------------------------------------------------------


def cue_features(doc: Doc, i: int, lex: Cues, quoted: np.ndarray) -> list[str]:
    """The cue tagger's features of token `i` (shared by training and inference)."""
    tok = doc[i]
    low, lemma = tok.lower_, tok.lemma_.lower()
    head = tok.head
    f = [f"c:w={low}", f"c:l={lemma}", f"c:p={tok.pos_}", f"c:t={tok.tag_}", f"c:d={tok.dep_}",
         f"c:lp={lemma}|{tok.pos_}", f"c:h={tok.dep_}|{head.lemma_.lower()}",
         f"c:hp={tok.dep_}|{head.pos_}", f"c:q={int(quoted[i])}"]  # fmt: skip
    deps = {c.dep_ for c in tok.children if c.dep_ in _CHILD_DEPS}
    f += [f"c:ch={d}" for d in deps]
    f += [f"c:lch={lemma}|{d}" for d in deps if d in ("ccomp", "xcomp", "nsubj", "dobj", "prep")]
    for c in tok.children:
        if c.dep_ == "prep":
            f.append(f"c:prep={lemma}|{c.lower_}")
        elif c.dep_ in ("nsubj", "nsubjpass"):
            f.append(f"c:subj={c.pos_}|{c.ent_type_}")
        elif c.dep_ == "poss":
            f.append(f"c:poss={tok.pos_}")
    if tok.pos_ in ("VERB", "AUX", "NOUN") or tok.tag_.startswith("VB"):
        if lex.is_cue_word(lemma, low):
            f += ["c:lex", f"c:cls={lex.class_of(lemma)}|{tok.pos_}"]
        if low in lex.forms:
            f.append("c:ggt")
        if lemma in lex.not_cues:
            f.append("c:notcue")
    if low in lex.anonymous_adverbs:
        f.append("c:anon")
    k = kind_of_lemma(lemma)
    if k:
        f.append(f"c:kind={k}|{tok.pos_}")
    if head.i != i and lex.is_cue_word(head.lemma_.lower(), head.lower_):
        f.append(f"c:hlex={tok.dep_}")
    spans = _spans(doc)
    sent_start, sent_end = int(spans.sent_start[i]), int(spans.sent_end[i])
    for k_, sign in ((1, "-"), (1, "+"), (2, "-"), (2, "+")):
        j = i - k_ if sign == "-" else i + k_
        if sent_start <= j < sent_end:
            o = doc[j]
            f += [f"c:w{sign}{k_}={o.lower_}", f"c:p{sign}{k_}={o.pos_}"]
            if k_ == 1 and o.text in _QUOTES:
                f.append(f"c:qm{sign}")
        else:
            f.append(f"c:w{sign}{k_}=<s>")
    prev = doc[i - 1].lower_ if i > sent_start else "<s>"
    nxt = doc[i + 1].lower_ if i + 1 < sent_end else "</s>"
    f += [f"c:b-={prev}|{low}", f"c:b+={low}|{nxt}"]
    if tok.text in _PUNCT_CUES:
        f += _punct_features(doc, i, quoted, spans)
    return f


def _punct_features(doc: Doc, i: int, quoted: np.ndarray, spans: _Spans) -> list[str]:
    """A colon or dash as a cue ("WikiLeaks: Podesta said ...", '"..." — Jane Doe')."""
    tok = doc[i]
    before = spans.line_len[i]  # tokens on the line before it
    out = [f"c:pu={tok.text}|{min(before, 6)}", f"c:pu_q={int(quoted[i])}"]
    out += [f"c:pu_e={e}" for e in sorted(spans.line_ents[i])]
    if i + 1 < len(doc):
        out.append(f"c:pu_next={doc[i + 1].pos_}|{int(doc[i + 1].text in _QUOTES)}")
    if before and doc[i - 1].pos_ in ("PROPN", "NOUN", "PRON"):
        out.append(f"c:pu_prev={doc[i - 1].pos_}")
    return out


def doc_cue_features(doc: Doc) -> list[list[str]]:
    lex = load()
    quoted = quote_depth(doc)
    return [cue_features(doc, i, lex, quoted) for i in range(len(doc))]


# (model, pos) -> the model and its margin column and bias for that decision, computed once
_MARGINS: dict[tuple[int, str], tuple[LinearModel, np.ndarray, float]] = {}


def _two_way(model: LinearModel, feats: list[list[str]], pos: str, neg: str) -> np.ndarray:
    """P(pos) from the model's (neg, pos) pair of columns, scored in one sparse pass."""
    if not feats:
        return np.zeros(0, np.float32)
    key = (id(model), pos)
    if key not in _MARGINS or _MARGINS[key][0] is not model:
        w, b, labels = model.weights, model.bias, model.labels
        _MARGINS[key] = (model, w[:, labels.index(pos)] - w[:, labels.index(neg)],
                         float(b[labels.index(pos)] - b[labels.index(neg)]))  # fmt: skip
    _, col, bias = _MARGINS[key]
    vocab = model.vocab
    rows: list[int] = []
    cols: list[int] = []
    for r, fs in enumerate(feats):
        for f in set(fs):
            j = vocab.get(f)
            if j is not None:
                rows.append(r)
                cols.append(j)
    margin = np.bincount(np.asarray(rows, np.int64), weights=col[np.asarray(cols, np.int64)],
                         minlength=len(feats)) + bias  # fmt: skip
    return 1.0 / (1.0 + np.exp(-margin))


def cue_probs(model: LinearModel, doc: Doc) -> np.ndarray:
    """P(inside a cue) of every token of the doc."""
    return _two_way(model, doc_cue_features(doc), "CUE", "O")


def cue_spans(doc: Doc, probs: np.ndarray, threshold: float) -> list[CueSpan]:
    """Runs of tokens at the threshold inside one sentence, edge punctuation trimmed (a lone
    colon or dash is kept: it is the cue)."""
    out: list[CueSpan] = []
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            if probs[i] < threshold:
                i += 1
                continue
            j = i
            while j < sent.end and probs[j] >= threshold:
                j += 1
            start, end = i, j
            while end - start > 1 and (doc[start].is_punct or doc[start].is_space):
                start += 1
            while end - start > 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
                end -= 1
            if not doc[start].is_space:
                out.append(CueSpan(start, end, head_of(doc, start, end),
                                   float(np.mean(probs[start:end]))))  # fmt: skip
            i = j
    return out


def head_of(doc: Doc, start: int, end: int) -> int:
    """The token of [start, end) whose head lies outside it (a verb first)."""
    tops = [t for t in doc[start:end] if not start <= t.head.i < end or t.head.i == t.i]
    verbs = [t for t in tops if t.pos_ in ("VERB", "NOUN", "AUX")]
    return (verbs or tops or [doc[start]])[0].i


# ---- source ranking --------------------------------------------------------------------------


def candidates(cue: Token, sent: Span, cue_tokens: range) -> list[Token]:
    """The nouns, proper nouns and pronouns of the cue's sentence that could be its source (a
    compound modifier is part of its head's phrase, not a candidate of its own)."""
    return [t for t in sent if t.pos_ in _CANDIDATE_POS and t.i not in cue_tokens
            and t.dep_ != "compound"]  # fmt: skip


def path(a: Token, b: Token) -> str:
    """The dependency path from `a` up to the common ancestor and down to `b` ("^ccomp_nsubj"),
    or "far" when longer than four edges."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in ids_b:
            m = ids_b[t.i]
            if n + m > _MAX_PATH:
                return "far"
            ups = "".join(f"^{x.dep_}" for x in up_a[:n])
            downs = "".join(f"_{x.dep_}" for x in reversed(up_b[:m]))
            return ups + downs or "self"
    return "far"


def _sent_of(tok: Token) -> Span:
    spans = _spans(tok.doc)
    return tok.doc[int(spans.sent_start[tok.i]) : int(spans.sent_end[tok.i])]


def source_features(cue: Token, cand: Token, lex: Cues, quoted: np.ndarray) -> list[str]:
    """The source ranker's features of one (cue, candidate) pair."""
    p = path(cue, cand)
    lemma = cue.lemma_.lower()
    dist = cand.i - cue.i
    side = "L" if dist < 0 else "R"
    bucket = min(abs(dist), 10) if abs(dist) < 5 else (5 if abs(dist) < 10 else 10)
    f = [f"s:path={p}", f"s:lpath={lemma}|{p}", f"s:ppath={cue.pos_}|{p}", f"s:cp={cand.pos_}",
         f"s:cd={cand.dep_}", f"s:side={side}{bucket}", f"s:pside={p}|{side}",
         f"s:ce={cand.ent_type_ or '-'}", f"s:q={int(quoted[cue.i])}{int(quoted[cand.i])}",
         f"s:cpe={cand.pos_}|{cand.ent_type_ or '-'}|{p}"]  # fmt: skip
    if cand.pos_ == "PRON":
        f += [f"s:pron={cand.lower_}", f"s:pronpath={cand.lower_}|{p}"]
    desc = lex.descriptors.get(cand.lemma_.lower())
    if desc:
        f.append(f"s:desc={desc}")
    if cand.dep_ in ("nsubj", "nsubjpass") and cand.head.i != cue.i:
        f.append(f"s:othersubj={'anc' if cand.head in cue.ancestors else 'no'}")
    lo, hi = sorted((cue.i, cand.i))
    spans = _spans(cue.doc)
    verbs = int(spans.verbs[hi] - spans.verbs[lo + 1]) if hi > lo + 1 else 0
    f.append(f"s:verbs={min(verbs, 3)}")
    if hi > lo + 1 and spans.quotes[hi] > spans.quotes[lo + 1]:
        f.append("s:quotebetween")
    return f


def source_probs(model: LinearModel, cue: Token, cands: list[Token]) -> np.ndarray:
    lex = load()
    quoted = quote_depth(cue.doc)
    return _two_way(model, [source_features(cue, c, lex, quoted) for c in cands], "SRC", "NOSRC")


def ranked_source(model: LinearModel, cue: Token, cue_tokens: range) -> tuple[Token | None, float]:
    """The cue's best source candidate and its probability (None, 0 when it has none)."""
    cands = [
        c
        for c in candidates(cue, _sent_of(cue), cue_tokens)
        if not (c.tag_ == "PRP$" and cue.pos_ == "VERB")
    ]  # "her homework, she said"
    if not cands:
        return None, 0.0
    probs = source_probs(model, cue, cands)
    best = int(np.argmax(probs))
    return cands[best], float(probs[best])


def best_source(model: LinearModel, cue: Token, cue_tokens: range,
                threshold: float) -> Token | None:  # fmt: skip
    """The cue's source: its best candidate when that reaches the threshold, else None."""
    tok, prob = ranked_source(model, cue, cue_tokens)
    return tok if prob >= threshold else None


# ---- relations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tagger:
    """The classifier and its two thresholds, as the attribution stage uses them."""

    classifier: LinearModel
    cue_cut: float
    source_cut: float


def tagger_of(model: ShippedModel) -> Tagger:
    meta = model.meta
    return Tagger(model.classifier, float(meta.get("threshold", 0.5)),
                  float(meta.get("source_threshold", 0.5)))  # fmt: skip


def relations(model: LinearModel, doc: Doc, cue_cut: float, source_cut: float,
              memo: dict | None = None) -> list[ModelRelation]:  # fmt: skip
    """Every relation the model finds in a parsed doc, in text order. `memo` keeps the token
    probabilities and source rankings of the doc between calls (threshold searches)."""
    if not len(doc):
        return []
    memo = {} if memo is None else memo
    if "probs" not in memo:
        memo["probs"] = cue_probs(model, doc)
    spans = cue_spans(doc, memo["probs"], cue_cut)
    cue_starts = {doc[c.start].idx for c in spans}
    out = []
    for c in spans:
        key = (c.start, c.end)
        if key not in memo:
            memo[key] = ranked_source(model, doc[c.head], range(c.start, c.end))
        tok, prob = memo[key]
        src = tok if prob >= source_cut else None
        content = content_span(doc, c.start, c.end, c.head, src)
        content = continued_quotes(doc, content, cue_starts)
        out.append(ModelRelation(c, src, tuple(content), doc))
    return out


@dataclass(frozen=True)
class ModelRelation:
    """One relation the model found: the cue, its source token (None: no source in the
    sentence) and the content fragments (character spans)."""

    cue: CueSpan
    source: Token | None
    content: tuple[tuple[int, int], ...]
    doc: Doc

    @property
    def cue_chars(self) -> tuple[int, int]:
        last = self.doc[self.cue.end - 1]
        return self.doc[self.cue.start].idx, last.idx + len(last.text)

    def scored(self) -> Rel:
        s, e = self.cue_chars
        src = source_span(self.source) if self.source is not None else None
        return Rel((s, e), src, self.content, say_cue(doc_text(self.doc)[s:e]))
