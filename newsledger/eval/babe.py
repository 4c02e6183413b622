"""BABE: the slant stage against expert labels of biased news sentences and biased words.

Data: Media-Bias-Group BABE `final_labels_SG2.csv` (Spinde et al., Findings of EMNLP 2021;
3,673 sentences from US outlets labelled Biased / Non-biased by experts, with the words that
make them biased; AGPL-3.0, read here at evaluation time only, never shipped in the package).

Scored, for the slant stage (attribution + slant, so quoted words are the speaker's), as
`slant` (the outlet's own markers) and `slant_any_voice` (with the speakers' loaded words, the
footing of the voice-blind lexicon baselines and of BABE's labels, which judge a sentence's
wording whoever speaks):
- `sentence`: a sentence is predicted biased when it carries at least one marker;
  precision/recall/F1 of the Biased class;
- `words`: the loaded words of the markers against the gold biased words, per sentence
  (the word an intensifier adds, not the noun it modifies).
When the shipped loaded-language tagger trains on BABE (its config's `train_sets`), only the
sentences of its dev split are scored, so that no figure is on training data.
Beside them, in the same run, two lexicon-only baselines that flag any word of a list:
BABE's own `bias_word_lexicon.xlsx` (read with openpyxl; built from related data by the same
group, so it is a strong, partly in-domain baseline) and the NPOV-edit lexicon of Recasens et
al. (2013, `lexicons-wnc/npov_lexicon.txt`).
"""

from __future__ import annotations

import ast
import csv
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from .. import nlp
from ..config import DEFAULT_MODEL
from ..extract import EXTRACTORS, run_extractors
from ..model import Article
from . import Report, Score
from .gold import data_dir

NAME = "babe"
DESCRIPTION = "BABE (SG2): biased sentences and words, slant stage beside lexicon baselines"

_WORD = re.compile(r"[a-z][a-z'’-]*")
_STAGES = ("actors", "places", "attribution", "slant")


def default_path() -> Path | None:
    root = data_dir()
    path = root / "babe" / "final_labels_SG2.csv" if root else None
    return path if path is not None and path.exists() else None


def load(path: Path, limit: int | None = None) -> list[tuple[str, bool, set[str]]]:
    """(sentence, biased, biased words) of the labelled rows."""
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            label = row.get("label_bias", "")
            if label not in ("Biased", "Non-biased") or not row.get("text"):
                continue
            try:
                words = {w.lower() for w in ast.literal_eval(row.get("biased_words") or "[]")}
            except (ValueError, SyntaxError):
                words = set()
            rows.append((row["text"], label == "Biased", words))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def score(path: Path | None = None, limit: int | None = None) -> Report:
    """Score the slant stage and the lexicon baselines on BABE."""
    path = path or default_path()
    if path is None:
        raise FileNotFoundError("BABE data not found; set NEWSLEDGER_DATA to the data folder")
    rows, held_out = unseen(load(Path(path)))
    rows = rows[:limit] if limit is not None else rows
    predicted = list(_slant_words(r[0] for r in rows))
    report = Report(gold_set=NAME, items=len(rows))
    systems = {
        "slant": [own for own, _ in predicted],
        "slant_any_voice": [both for _, both in predicted],
    }
    notes = [held_out]
    for name, lexicon in _baselines(Path(path)).items():
        systems[name] = [_lexicon_words(text, lexicon) for text, _, _ in rows]
        notes.append(f"{name}: {len(lexicon)} words")
    for name, words in systems.items():
        sent, word = _tally(name, rows, words)
        report.fields += [sent, word]
        report.headline[f"{name}_sentence_f1"] = round(sent.f1, 4)
        report.headline[f"{name}_sentence_precision"] = round(sent.precision, 4)
        report.headline[f"{name}_sentence_recall"] = round(sent.recall, 4)
        report.headline[f"{name}_word_f1"] = round(word.f1, 4)
        negatives = len(rows) - sent.tp - sent.fn
        correct = sent.tp + negatives - sent.fp
        report.headline[f"{name}_sentence_accuracy"] = round(correct / len(rows), 4)
    positives = sum(1 for _, biased, _ in rows if biased)
    always = Score("always_biased:sentence", positives, len(rows) - positives, 0)
    report.fields.append(always)
    report.headline["always_biased_sentence_f1"] = round(always.f1, 4)
    report.headline["always_biased_sentence_accuracy"] = round(positives / len(rows), 4)
    report.notes = [
        "always_biased: every sentence called Biased (the floor any sentence F1 must beat to "
        "mean something; a lexicon that flags most sentences lands near it)",
        "sentence: Biased predicted when a sentence has >= 1 marker (or lexicon word)",
        "slant: the outlet's own markers (a speaker's quoted or reported words are not the "
        "outlet's); slant_any_voice: with the speakers' loaded words too, like the lexicons, "
        "which do not tell voices apart, and like BABE's labels, which judge the wording",
        "words: marker words vs gold biased words, per sentence",
        *notes,
    ]
    return report


def unseen(rows: list) -> tuple[list, str]:
    """The rows the shipped loaded-language tagger never trained on, and a note saying which:
    all of them, or its dev split when its config trains on BABE."""
    from ..learn import loaded_language, models
    from ..learn.loaded_language_training import split_examples

    model = models.model_for(loaded_language.NAME)
    if model is None or not model.config.get("train_sets", {}).get("babe"):
        return rows, "all sentences (the shipped tagger does not train on BABE)"
    _, dev = split_examples(model.config)
    texts = {ex.text for ex in dev if ex.dataset == "babe"}
    kept = [r for r in rows if r[0].strip() in texts]
    return kept, (f"the shipped tagger trains on BABE: only its dev split is scored ({len(kept)} "
                  f"of {len(rows)} sentences, split by article)")  # fmt: skip


def _tally(name: str, rows: list, predicted: list[set[str]]) -> tuple[Score, Score]:
    s_tp = s_fp = s_fn = w_tp = w_fp = w_fn = 0
    for (_, biased, gold), words in zip(rows, predicted, strict=True):
        flagged = bool(words)
        s_tp += flagged and biased
        s_fp += flagged and not biased
        s_fn += biased and not flagged
        w_tp += len(words & gold)
        w_fp += len(words - gold)
        w_fn += len(gold - words)
    return Score(f"{name}:sentence", s_tp, s_fp, s_fn), Score(f"{name}:words", w_tp, w_fp, w_fn)


def _slant_words(
    texts: Iterable[str], model: str = DEFAULT_MODEL
) -> Iterable[tuple[set[str], set[str]]]:
    """The loaded words the slant stage marks in each text: the outlet's own, and those with
    the speakers' loaded words added (BABE labels a sentence's wording whoever speaks)."""
    stages = [e for e in EXTRACTORS if e.name in _STAGES]
    texts = list(texts)
    for text, doc in zip(texts, nlp.parse_many(texts, model), strict=True):
        article = Article(
            id=hashlib.sha256(text.encode()).hexdigest()[:32], text=text, source="<babe>"
        )
        found, _ = run_extractors(doc, article, stages)
        own = _marker_words(found.markers)
        yield own, own | _marker_words(found.speaker_markers)


def _marker_words(markers: Iterable) -> set[str]:
    words: set[str] = set()
    for marker in markers:
        found_words = _WORD.findall(marker.evidence.text.lower())
        if marker.category == "intensifier" and found_words:
            found_words = found_words[:1]  # the intensifier, not the noun it modifies
        words.update(found_words)
    return words - _STOP


def _lexicon_words(text: str, lexicon: frozenset[str]) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w in lexicon}


def _baselines(path: Path) -> dict[str, frozenset[str]]:
    out = {}
    xlsx = path.parent / "bias_word_lexicon.xlsx"
    if xlsx.exists():
        import openpyxl  # a test extra: only the evaluation reads spreadsheets

        book = openpyxl.load_workbook(xlsx, read_only=True)
        words = {
            str(row[0]).strip().lower()
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
            if row and row[0]
        }
        book.close()
        out["baseline_babe_lexicon"] = frozenset(words)
    npov = path.parent.parent / "lexicons-wnc" / "npov_lexicon.txt"
    if npov.exists():
        out["baseline_npov_lexicon"] = frozenset(
            w.strip().lower()
            for w in npov.read_text(encoding="utf-8").splitlines()
            if w.strip() and not w.startswith("#")
        )
    return out


_STOP = frozenset(
    "a an the of to in on at by for with as and or but is are was were be been this that its "
    "their his her".split()
)
