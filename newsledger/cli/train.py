"""`train`: rebuild the shipped models from their configs and ../shared/data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import NewsledgerError
from .common import db_option, open_store


@click.command()
@click.argument("models", nargs=-1)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the models here instead of over the shipped ones (to compare).")
@click.option("--with-corrections", is_flag=True,
              help="Also learn from the analysts' corrections in the store (--db); print the "
              "shipped model's dev figures beside the retrained one's (event_type, event_detect).")
@click.option("--corrections-weight", type=click.FloatRange(min=0.0, min_open=True),
              default=None, help="How many public-set examples one correction counts "
              "(default 3: corrections outrank silver data).")
@db_option
@click.pass_context
def train(ctx: click.Context, models: tuple[str, ...], out: Path | None,
          with_corrections: bool, corrections_weight: float | None, db: Path | None) -> None:
    """Rebuild shipped models (all when none is named) from ../shared/data; print each
    model's dev-split figures. Needs the `train` extra (scikit-learn); about an hour for
    all of them on two cores.

    \b
    Models: event_type (the PLOVER type of each rule-found event), event_detect (whether a
    predicate reports an event; shipped switched off), acled_subtype (the ACLED sub-type of
    political violence and demonstrations), acled_sentence (whether a sentence the rules
    code nothing in reports an ACLED event, and its sub-type), loaded_language
    (loaded-language and name-calling spans, per token), attribution (cue, source and
    content spans, PolNeAR).
    With --with-corrections, the corrections made in the web UI or through the API (the
    store's annotations) are added to the training data, weighted above the public sets; dev
    examples from corrected articles are left out, and the shipped model is scored on the
    same dev examples, so the two sets of figures compare like with like. The event
    detector learns the head verbs of accepted, retyped and added events as events, and of
    rejected ones as none. It also writes the analyst's tables beside the store, which
    `ingest` reads with any models: actor names taught by source/target corrections, and
    trigger verdicts (a trigger word and type the analyst only ever rejected is dropped, one
    only ever retyped to one type gets it), and a review filter (a small model of the
    records the analyst rejects, used only where cross-validation over their stories says
    it drops more false records than true ones).

    \b
    Example:
      newsledger train
      newsledger train event_type --out /tmp/models
      newsledger train loaded_language
      newsledger train event_type --with-corrections --db ledger.duckdb --out /tmp/mine
    """
    try:
        from ..learn import train as training
    except ImportError as exc:  # scikit-learn is a training-only dependency
        raise NewsledgerError(f"training needs the `train` extra ({exc}); run: pip install "
                              "'newsledger[train]' (or make install)") from exc
    from ..learn.readers import DataMissing

    def say(line: str) -> None:
        click.echo(line, err=True)

    corrections, store_path, review = None, None, None
    if with_corrections:
        from .. import analyst_review
        from ..learn.corrections import MODELS, WEIGHT

        if not models or any(m not in MODELS for m in models):
            raise NewsledgerError(f"--with-corrections trains {', '.join(MODELS)} for now; "
                                  f"name it: newsledger train {MODELS[0]} --with-corrections")
        with open_store(ctx, db, read_only=True) as store:
            notes = store.annotations_with_context()
            review = analyst_review.learn_from_store(store)
            ids = sorted({n["article_id"] for n in notes})
            texts = [r["text"] for r in store.query(
                "SELECT coalesce(original, text) AS text FROM articles "
                "WHERE list_contains(?, id)", [ids])] if ids else []
        if not notes:
            raise NewsledgerError(f"{store.path}: no corrections stored yet; make some in the "
                                  "web UI (newsledger serve) or with POST /api/corrections")
        corrections = training.Corrections(notes, texts, corrections_weight or WEIGHT)
        say(f"{len(notes)} annotations on {len(ids)} articles read from {store.path}")
        store_path = store.path
    try:
        metas = training.train(list(models) or None, out, progress=say, corrections=corrections)
    except KeyError as exc:
        raise NewsledgerError(str(exc.args[0] if exc.args else exc)) from exc
    except DataMissing as exc:
        raise NewsledgerError(str(exc)) from exc
    except ImportError as exc:
        raise NewsledgerError(f"training needs the `train` extra ({exc}); run: pip install "
                              "'newsledger[train]' (or make install)") from exc
    if corrections is not None and store_path is not None:
        # after training: the rules it featurised ran without the tables
        _tables(corrections.annotations, store_path, say, review)
    for name, meta in metas.items():
        if meta.get("figures_before") is not None:
            click.echo(f"{name}: dev figures BEFORE, the shipped model on the same dev examples")
            _figures(meta["figures_before"])
            used = meta["corrections"]
            click.echo(f"{name}: AFTER, retrained with {used['examples']} examples from "
                       f"corrections (weight {used['weight']:g})")
        click.echo(f"{name}: dev figures (never trained on; 95% intervals)")
        _figures(meta["figures"])


def _tables(notes: list[dict], store_path: Path, say: Any,
            review: dict[str, Any] | None = None) -> None:  # fmt: skip
    """Write the analyst's tables beside the store (`newsledger ingest` rewrites and reads
    them): actor names, trigger verdicts and the review filter, used with the models as
    they are."""
    from .. import analyst_actors, analyst_review, analyst_triggers

    names = analyst_actors.aliases(notes)
    verdicts = analyst_triggers.verdicts(notes)
    review = review or analyst_review.learn([], 0)
    paths = [analyst_actors.use(names, store_path), analyst_triggers.use(verdicts, store_path),
             analyst_review.use(review, store_path)]  # fmt: skip
    cv = review.get("cv") or {}
    said = (f"cut P(rejected) >= {review['threshold']}" if review.get("model") is not None
            else f"none ({review.get('why')})")  # fmt: skip
    say(
        f"the analyst's tables: {len(names)} actor name(s), {len(verdicts)} trigger "
        f"verdict(s), review filter {said} from {review['counts']} (story-fold cross-validated "
        f"F1 {cv or '-'}); read at analysis time: "
        f"{', '.join(str(p) for p in paths if p) or 'none'}"
    )


def _figures(figures: dict) -> None:
    for dev_set, systems in figures.items():
        for system, figs in systems.items():
            cells = "  ".join(
                f"{metric} {f['value']:.3f} [{f['ci95'][0]:.3f}, {f['ci95'][1]:.3f}]"
                for metric, f in figs.items()
            )
            n = next(iter(figs.values()))["n"]
            click.echo(f"  {dev_set:<14} {system:<15} {cells}  n={n}")
