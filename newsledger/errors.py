"""The exceptions newsledger raises, in one place.

    NewsledgerError                 anything the CLI turns into one line without a traceback
    ├── InputError                  a file or text that cannot become an article
    │   └── RejectedInput           ... with a short reason code stored as a rejection
    ├── ModelMissingError           the spaCy model package is not installed
    ├── TrainedModelError           a shipped model's files are missing or corrupt
    ├── ExtractorError              an extractor failed on one article (names the extractor)
    ├── StoreError                  the database could not be opened or written
    ├── CorrectionError             an analyst's correction names no record or a bad value
    └── ConfigError                 a setting or a user data file is wrong

Every message says what failed, the offending value, what was expected, and what to do.
"""

from __future__ import annotations


class NewsledgerError(Exception):
    """Base of every error newsledger reports to a user."""


class InputError(NewsledgerError):
    """An input that cannot be read as articles."""


class RejectedInput(InputError):
    """An input refused with a reason code (empty, binary, encoding, too_large, ...)."""

    def __init__(self, source: str, reason: str, detail: str) -> None:
        self.source = source
        self.reason = reason
        self.detail = detail
        super().__init__(f"{source}: {detail} [{reason}]")


class ModelMissingError(NewsledgerError):
    """The configured spaCy model is not installed."""


class TrainedModelError(NewsledgerError):
    """A trained model shipped in the package cannot be loaded (missing or corrupt file)."""

    def __init__(self, name: str, path: str, reason: str) -> None:
        self.name = name
        self.path = path
        self.reason = reason
        super().__init__(
            f"{path}: model {name!r} {reason}; reinstall newsledger or rebuild it with "
            f"`newsledger train {name}` (NEWSLEDGER_MODELS=rules runs the rules alone)"
        )


class ExtractorError(NewsledgerError):
    """An extractor raised while analysing one article."""

    def __init__(self, extractor: str, article_id: str, cause: BaseException) -> None:
        self.extractor = extractor
        self.article_id = article_id
        self.cause = cause
        super().__init__(
            f"extractor {extractor!r} failed on article {article_id[:12]}: "
            f"{type(cause).__name__}: {cause}"
        )


class StoreError(NewsledgerError):
    """The store could not be opened, migrated or written."""


class CorrectionError(NewsledgerError):
    """A correction that cannot be stored: `status` is 404 (no such record), 409 (an undo of
    an undo, or of one already undone) or 422 (a field or value the record does not take)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class ConfigError(NewsledgerError):
    """A setting or a user-supplied data file is wrong."""
