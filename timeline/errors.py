"""The exceptions `timeline` raises on purpose.

    TimelineError                 every error the CLI turns into one line and an exit code
    ├── UsageError                what the user asked for cannot be understood (exit 2)
    │   ├── UnknownActor          (see timeline.actors.UnknownActorError, mapped here)
    │   └── BadDate               a date or time that does not parse
    ├── SourceError               an article that cannot be read: missing, binary, not UTF-8,
    │                             empty, too large, broken front matter, no publication date
    └── StoreError                the store cannot be used
        ├── StoreLocked           another process holds the database
        ├── NotATimelineStore     the file or database is something else
        └── StoreUnavailable      read-only, missing directory, server down, bad password
"""

from __future__ import annotations

__all__ = [
    "BadDate",
    "NotATimelineStore",
    "SourceError",
    "StoreError",
    "StoreLocked",
    "StoreUnavailable",
    "TimelineError",
    "UnknownActor",
    "UsageError",
]


class TimelineError(Exception):
    """An error with a message fit to show the user as one line."""

    exit_code = 1


class UsageError(TimelineError):
    exit_code = 2


class UnknownActor(UsageError):
    pass


class BadDate(UsageError):
    pass


class SourceError(TimelineError):
    """An article that cannot be ingested; `path` names it."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class StoreError(TimelineError):
    pass


class StoreLocked(StoreError):
    pass


class NotATimelineStore(StoreError):
    pass


class StoreUnavailable(StoreError):
    pass
