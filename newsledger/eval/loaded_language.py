"""The shipped loaded-language tagger on its dev articles (persuasion-technique spans of
CheckThat 2024 and SemEval-2023, memes, BABE biased words), beside the slant lexicon alone,
with SemEval-2020 partial-credit span scoring (`trained_models`)."""

from __future__ import annotations

from ..learn import loaded_language
from . import Report
from .trained_models import default_path as default_path
from .trained_models import score_model

NAME = "loaded-language"
DESCRIPTION = "the shipped loaded-language tagger on its dev articles, beside the lexicon"


def score(path: object = None, limit: int | None = None) -> Report:
    return score_model(loaded_language.NAME, NAME, limit)
