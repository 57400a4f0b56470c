"""Copying a whole store to another backend: the day a team moves from SQLite to PostgreSQL.

The copy works on stored events, not domain events: each one's originator id, version,
topic and state bytes go across as they are (the state holds the event's record time, so
`--known-at` answers the same on the copy). They are written in the source's notification
order, so the copy's log reads in the same order and its read models rebuild the same.

Resumable: before writing, the copy reads the target's log alongside the source's. The
target must hold a prefix of the source (nothing, or what an earlier, interrupted copy
wrote); the copy continues after it. A target that holds anything else is refused.

Batches hold a few hundred events, each one transaction, cut only between one stream's
run of consecutive versions and the next, so an interrupted copy leaves no article half
copied. Small transactions also keep PostgreSQL appends far below the ~20,000 events at
which psycopg's pipeline mode hangs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import Notification, StoredEvent

from timeline.errors import StoreError

__all__ = ["CopyResult", "TargetNotAPrefix", "copy_store"]

BATCH_EVENTS = 500
MAX_BATCH_EVENTS = 10_000  # one stream's run may stretch a batch, never past this
PAGE = 1000


class TargetNotAPrefix(StoreError):
    """The target holds events that are not the source's, in the source's order."""


@dataclass(frozen=True)
class CopyResult:
    """How a copy went: events written now, events the target held already, the total."""

    copied: int
    already_there: int
    total: int

    def to_json(self) -> dict[str, int]:
        return {"copied": self.copied, "already_there": self.already_there, "total": self.total}


def _log(recorder: Any, stop: int | None = None) -> Iterator[Notification]:
    """Every notification up to `stop`, in order, read a page at a time."""
    start = 1
    while True:
        page = recorder.select_notifications(start, PAGE, stop=stop)
        yield from page
        if len(page) < PAGE:
            return
        start = page[-1].id + 1


def _same(a: Notification, b: Notification) -> bool:
    return (
        a.originator_id == b.originator_id
        and a.originator_version == b.originator_version
        and a.topic == b.topic
        and a.state == b.state
    )


def _stored(n: Notification) -> StoredEvent:
    return StoredEvent(
        originator_id=n.originator_id,
        originator_version=n.originator_version,
        topic=n.topic,
        state=n.state,
    )


def _batches(source: Iterator[Notification], size: int) -> Iterator[tuple[list[StoredEvent], int]]:
    """Batches of about `size` events, with the source position of each batch's last event."""
    batch: list[StoredEvent] = []
    last_id = 0
    for n in source:
        if batch and len(batch) >= size:
            last = batch[-1]
            continues_run = n.originator_id == last.originator_id and n.originator_version == last.originator_version + 1
            if not continues_run or len(batch) >= MAX_BATCH_EVENTS:
                yield batch, last_id
                batch = []
        batch.append(_stored(n))
        last_id = n.id
    if batch:
        yield batch, last_id


def _translated(items: Iterator[Notification], translate: Callable[[Exception], Exception]) -> Iterator[Notification]:
    try:
        yield from items
    except Exception as e:
        raise translate(e) from None


def copy_store(
    source: Any,
    target: Any,
    *,
    batch_size: int = BATCH_EVENTS,
    on_start: Callable[[int, int], None] = lambda end, done: None,
    on_progress: Callable[[int], None] = lambda position: None,
    target_error: Callable[[Exception], Exception] = lambda e: e,
) -> CopyResult:
    """Copy every stored event of `source` that `target` does not hold yet.

    `source` and `target` are stores (anything with an eventsourcing application
    `recorder`). Progress is told in source positions: `on_start(end, done)` once the
    target has been checked, `on_progress(position)` after each batch is written.
    What the target's reads and writes raise goes through `target_error`, so that a
    failure can name the store it happened in.
    """
    end = source.recorder.max_notification_id() or 0
    source_log = _log(source.recorder, stop=end) if end else iter(())
    already = 0
    done = 0
    for held in _translated(_log(target.recorder), target_error):
        n = next(source_log, None)
        if n is None:
            raise TargetNotAPrefix(
                f"the target holds more events than the source ({already} in common, then more); "
                "it is another store: copy into an empty database"
            )
        if not _same(n, held):
            raise TargetNotAPrefix(
                "the target holds another store's events"
                + (f" (the first {already} match, then they differ)" if already else "")
                + "; copy into an empty database"
            )
        already += 1
        done = n.id
    on_start(end, done)
    copied = 0
    for batch, position in _batches(source_log, batch_size):
        try:
            target.recorder.insert_events(batch)
        except Exception as e:
            raise target_error(e) from None
        copied += len(batch)
        on_progress(position)
    return CopyResult(copied=copied, already_there=already, total=already + copied)
