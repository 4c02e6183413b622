"""`train`: rebuild the shipped models from their configs and ../shared/data."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import NewsledgerError


@click.command()
@click.argument("models", nargs=-1)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the models here instead of over the shipped ones (to compare).")
def train(models: tuple[str, ...], out: Path | None) -> None:
    """Rebuild shipped models (all when none is named) from ../shared/data; print each
    model's dev-split figures. Needs the `train` extra (scikit-learn); about an hour for
    all of them on two cores.

    \b
    Models: event_type (the PLOVER type of each rule-found event), event_detect (whether a
    predicate reports an event; shipped switched off), acled_subtype (the ACLED sub-type of
    political violence and demonstrations), loaded_language (loaded-language and
    name-calling spans, per token), attribution (cue, source and content spans, PolNeAR).
    Example:
      newsledger train
      newsledger train event_type --out /tmp/models
      newsledger train loaded_language
    """
    try:
        from ..learn import train as training
    except ImportError as exc:  # scikit-learn is a training-only dependency
        raise NewsledgerError(f"training needs the `train` extra ({exc}); run: pip install "
                              "'newsledger[train]' (or make install)") from exc
    from ..learn.readers import DataMissing

    def say(line: str) -> None:
        click.echo(line, err=True)

    try:
        metas = training.train(list(models) or None, out, progress=say)
    except KeyError as exc:
        raise NewsledgerError(str(exc.args[0] if exc.args else exc)) from exc
    except DataMissing as exc:
        raise NewsledgerError(str(exc)) from exc
    except ImportError as exc:
        raise NewsledgerError(f"training needs the `train` extra ({exc}); run: pip install "
                              "'newsledger[train]' (or make install)") from exc
    for name, meta in metas.items():
        click.echo(f"{name}: dev figures (never trained on; 95% intervals)")
        for dev_set, systems in meta["figures"].items():
            for system, figs in systems.items():
                cells = "  ".join(
                    f"{metric} {f['value']:.3f} [{f['ci95'][0]:.3f}, {f['ci95'][1]:.3f}]"
                    for metric, f in figs.items()
                )
                n = next(iter(figs.values()))["n"]
                click.echo(f"  {dev_set:<14} {system:<15} {cells}  n={n}")
