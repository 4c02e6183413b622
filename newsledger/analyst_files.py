"""Where the tables learnt from analysts' corrections live: a file beside the store, named in
an environment variable so that worker processes read the same one."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def use_beside(
    store_path: str | Path, suffix: str, env: str, write: Callable[[Path], Path | None]
) -> Path | None:
    """Write a table beside the store with `write` and name the file in `env` (for this
    process and the workers it starts); the file, or None (and `env` unset)."""
    store_path = Path(store_path)
    path = write(store_path.with_name(store_path.name + suffix))
    if path is None:
        os.environ.pop(env, None)
    else:
        os.environ[env] = str(path)
    return path
