"""The shipped ACLED sentence model on held-back ACLED notes, PLV's held-back news sentences
and PolNeAR's dev articles (`trained_models`)."""

from __future__ import annotations

from ..learn import acled_sentence
from . import Report
from .trained_models import default_path as default_path
from .trained_models import score_model

NAME = "acled-sentence"
DESCRIPTION = "the shipped ACLED sentence model on held-back notes and news sentences"


def score(path: object = None, limit: int | None = None) -> Report:
    return score_model(acled_sentence.NAME, NAME, limit)
