"""The shipped event-type model on its dev split (zsp-plv-train, plover-gsr) and on
realnews-dev, beside the rules alone and the words-only baseline (`trained_models`)."""

from __future__ import annotations

from ..learn import event_type
from . import Report
from .trained_models import default_path as default_path
from .trained_models import score_model

NAME = "event-type"
DESCRIPTION = "the shipped event-type model on its dev split and realnews-dev, beside the rules"


def score(path: object = None, limit: int | None = None) -> Report:
    return score_model(event_type.NAME, NAME, limit)
