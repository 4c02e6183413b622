"""The loaded-language model at run time: which words of an article are loaded language or
name-calling, with a confidence. How the model is built: `learn.loaded_language_training`.

Method: a per-token binary tagger ("inside a loaded-language or name-calling span"), a
logistic regression over sparse features of the spaCy parse (word, lemma, shape, part of
speech, dependency and head, a two-word window, whether the word is in the slant lexicon: the
lexicon as a feature, and the subjectivity and opinion lists of the word and its neighbours:
data/lexicons/subjectivity_wnc.tsv, the bias features of Recasens et al. 2013), after the
feature-based span taggers of the SemEval-2020 Task 11 span-identification systems (Da San
Martino et al. 2020). Predicted spans are the maximal runs of tokens whose probability reaches
the threshold, with gaps of up to `merge_gap` tokens closed, kept when one token reaches the
`peak` (hysteresis decoding; all three chosen in training, read from meta.json); a span's
confidence is the mean probability of its tokens.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import numpy as np
import yaml
from spacy.tokens import Doc, Token

from .models import ShippedModel

NAME = "loaded_language"
_QUOTE_CHARS = frozenset("\"“”‘’'«»")
_WINDOW = 2


@dataclass(frozen=True, slots=True)
class Proposal:
    """A span the model proposes: tokens [start, end) of the doc and its confidence."""

    start: int
    end: int
    confidence: float


# ---- features --------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def lexicon_words() -> dict[str, str]:
    """Slant-lexicon words -> category ("=" one-word term, "~" part of a longer term), read
    from data/lexicons/slant.yaml (the lexicon is a feature, not a decision)."""
    raw = yaml.safe_load(
        resources.files("newsledger").joinpath("data/lexicons/slant.yaml").read_text("utf-8")
    )
    out: dict[str, str] = {}
    for category, entry in raw.items():
        for term in (entry.get("terms") or {}) if isinstance(entry, dict) else ():
            words = re.findall(r"[\w’']+", str(term).lower())
            for w in words:
                mark = "=" if len(words) == 1 else "~"
                out.setdefault(w, f"{mark}{category}")
    return out


@functools.lru_cache(maxsize=1)
def subjectivity_words() -> dict[str, tuple[str, ...]]:
    """Word -> its subjectivity/opinion tags (data/lexicons/subjectivity_wnc.tsv)."""
    text = resources.files("newsledger").joinpath("data/lexicons/subjectivity_wnc.tsv")
    out = {}
    for line in text.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _, tags = line.partition("\t")
            out[word] = tuple(tags.split(","))
    return out


def _subj(tok: Token, subj: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    return subj.get(tok.lower_) or subj.get(tok.lemma_.lower()) or ()


def _lex(tok: Token, lex: dict[str, str]) -> str | None:
    return lex.get(tok.lower_) or lex.get(tok.lemma_.lower())


def _shape(text: str) -> str:
    shape = re.sub(r"[A-Z]+", "A", re.sub(r"[a-z]+", "a", re.sub(r"\d+", "0", text)))
    return shape[:4]


def token_features(doc: Doc, i: int, lex: dict[str, str] | None = None) -> list[str]:
    """The features of token `i` of a parsed doc (shared by training and inference)."""
    lex = lexicon_words() if lex is None else lex
    subj = subjectivity_words()
    tok = doc[i]
    low, lemma = tok.lower_, tok.lemma_.lower()
    feats = [f"w={low}", f"l={lemma}", f"s={_shape(tok.text)}", f"p={tok.pos_}", f"t={tok.tag_}",
             f"d={tok.dep_}", f"pd={tok.pos_}|{tok.dep_}", f"x={low[-3:]}",
             f"h={tok.dep_}|{tok.head.lemma_.lower()}", f"hp={tok.head.pos_}",
             f"lp={lemma}|{tok.pos_}"]  # fmt: skip
    if tok.ent_type_:
        feats.append(f"e={tok.ent_type_}")
    if tok.text in _QUOTE_CHARS:
        feats.append("q")
    hit = _lex(tok, lex)
    if hit:
        feats += [f"lex{hit}", "lex"]
    tags = _subj(tok, subj)
    feats += [f"sj={t}" for t in tags] + [f"sj={t}|{tok.pos_}" for t in tags]
    sent = tok.sent
    for j, sign in ((i - 1, "-"), (i + 1, "+")):
        if sent.start <= j < sent.end:
            feats += [f"sj{sign}={t}" for t in _subj(doc[j], subj)]
    for k in range(1, _WINDOW + 1):
        for sign, j in (("-", i - k), ("+", i + k)):
            if sent.start <= j < sent.end:
                other = doc[j]
                feats += [f"w{sign}{k}={other.lower_}", f"p{sign}{k}={other.pos_}"]
                if k == 1:
                    feats.append(f"l{sign}1={other.lemma_.lower()}")
                    if other.text in _QUOTE_CHARS:
                        feats.append(f"q{sign}1")
                    other_hit = _lex(other, lex)
                    if other_hit:
                        feats.append(f"lex{sign}1{other_hit}")
            else:
                feats.append(f"w{sign}{k}=<s>")
    feats.append(f"b-={doc[i - 1].lower_ if i > sent.start else '<s>'}|{low}")
    for child in tok.children:
        if child.dep_ in ("amod", "advmod", "compound"):
            feats.append(f"c={child.dep_}:{child.lemma_.lower()}")
    return feats


def doc_features(doc: Doc) -> list[list[str]]:
    """The features of every token of a doc."""
    lex = lexicon_words()
    return [token_features(doc, i, lex) for i in range(len(doc))]


# ---- spans -----------------------------------------------------------------------------------


def _edge(tok: Token) -> bool:
    """A token that never starts or ends a span (punctuation, space), quote marks excepted."""
    return tok.is_space or (tok.is_punct and tok.text not in _QUOTE_CHARS)


def runs(doc: Doc, probs: np.ndarray, threshold: float, gap: int = 0,
         peak: float = 0.0) -> list[Proposal]:  # fmt: skip
    """Maximal runs of tokens at or above `threshold` inside one sentence, gaps of at most
    `gap` tokens closed, edge punctuation trimmed, kept when a token reaches `peak`;
    confidence = the run's mean probability."""
    out: list[Proposal] = []
    for sent in doc.sents:
        on = [i for i in range(sent.start, sent.end) if probs[i] >= threshold]
        groups: list[list[int]] = []
        for i in on:
            if groups and i - groups[-1][-1] - 1 <= gap:
                groups[-1].append(i)
            else:
                groups.append([i])
        for g in groups:
            start, end = g[0], g[-1] + 1
            while start < end and _edge(doc[start]):
                start += 1
            while end > start and _edge(doc[end - 1]):
                end -= 1
            if start < end and float(np.max(probs[start:end])) >= peak:
                out.append(Proposal(start, end, float(np.mean(probs[start:end]))))
    return out


def token_probs(model: ShippedModel, doc: Doc) -> np.ndarray:
    """P(inside a loaded span) for every token of the doc, in one batch."""
    if not len(doc):
        return np.zeros(0, np.float32)
    probs = model.predict(doc_features(doc))
    return probs[:, model.labels.index("LOADED")]


def propose(model: ShippedModel, doc: Doc, threshold: float | None = None,
            probs: np.ndarray | None = None) -> list[Proposal]:  # fmt: skip
    """The spans the model proposes in a doc, at its shipped threshold unless given one
    (`probs`: the doc's token probabilities when already computed)."""
    cut = float(model.meta.get("threshold", 0.5)) if threshold is None else threshold
    gap = int(model.meta.get("merge_gap", 0))  # chosen by cross-validation, in meta.json
    peak = float(model.meta.get("peak", 0.0)) if threshold is None else 0.0
    return runs(doc, token_probs(model, doc) if probs is None else probs, cut, gap, peak)
