"""The shipped ACLED sub-type model on held-back ACLED notes, on the held-back part of the
hand-labelled news texts (`learn.news_labels`) and on realnews-dev's gold events with
sub-types, beside the rules alone (`trained_models`)."""

from __future__ import annotations

from ..learn import acled_subtype
from . import Report
from .trained_models import default_path as default_path
from .trained_models import score_model

NAME = "acled-subtype"
DESCRIPTION = ("the shipped ACLED sub-type model on held-back notes, held-back hand-labelled "
               "news texts and realnews-dev")


def score(path: object = None, limit: int | None = None) -> Report:
    return score_model(acled_subtype.NAME, NAME, limit)
