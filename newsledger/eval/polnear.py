"""The shipped attribution model on PolNeAR's dev month (84 articles never trained on): cue,
source+cue and content figures of the attribution stage as shipped, of the model alone and of
the rules alone (models off), with bootstrap 95% intervals over articles (`trained_models`).
Pronoun sources are scored strictly: the span of the pronoun as written."""

from __future__ import annotations

from ..learn import attribution
from . import Report
from .trained_models import default_path as default_path
from .trained_models import score_model

NAME = "polnear-dev"
DESCRIPTION = "the shipped attribution model on PolNeAR's dev month, beside the rules alone"


def score(path: object = None, limit: int | None = None) -> Report:
    return score_model(attribution.NAME, NAME, limit)
