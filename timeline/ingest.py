"""The ingest use case: sources in, articles and their events appended to the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from events import ArticleIngested, DiplomaticEvent, InvalidEvent
from timeline.errors import SourceError
from timeline.extract import extract
from timeline.sources import Draft, read_sources
from timeline.store import TimelineStore

__all__ = ["IngestSummary", "ingest_paths"]


@dataclass
class IngestSummary:
    new: int = 0
    present: int = 0
    events: int = 0
    failed: list[SourceError] = field(default_factory=list)
    present_paths: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "new": self.new,
            "already_present": self.present,
            "failed": len(self.failed),
            "events_added": self.events,
            "failures": [{"path": e.path, "problem": e.problem} for e in self.failed],
            "already_present_paths": self.present_paths,
        }


BATCH_ARTICLES = 100
BATCH_EVENTS = 2000  # PostgreSQL's pipeline mode hangs on very large transactions (DESIGN.md)


def ingest_drafts(
    store: TimelineStore,
    items: Iterable[Draft | SourceError],
    on_article: Callable[[str], None] = lambda path: None,
) -> IngestSummary:
    """Extract and append each article; record (don't raise) what cannot be read.

    Articles are saved in batches, each batch one transaction; an article is always whole.
    """
    summary = IngestSummary()
    batch: list[tuple[ArticleIngested, list[DiplomaticEvent], str]] = []
    batch_events = 0

    def flush() -> None:
        nonlocal batch, batch_events
        if not batch:
            return
        outcomes = store.ingest_many([(fact, events) for fact, events, _ in batch])
        for outcome, (_, _, path) in zip(outcomes, batch):
            if outcome.new:
                summary.new += 1
                summary.events += outcome.events
            else:
                summary.present += 1
                summary.present_paths.append(path)
        batch, batch_events = [], 0

    for item in items:
        if isinstance(item, SourceError):
            summary.failed.append(item)
            on_article(item.path)
            continue
        fact = item.to_fact()
        if store.has_article(fact.article_id):
            summary.present += 1
            summary.present_paths.append(item.path)
            on_article(item.path)
            continue
        try:
            events = extract(fact)
            for event in events:
                event.evidence.check_in(fact.text)
        except InvalidEvent as e:
            summary.failed.append(SourceError(item.path, f"extraction produced an invalid event ({e})"))
            on_article(item.path)
            continue
        batch.append((fact, events, item.path))
        batch_events += len(events) + 1
        if len(batch) >= BATCH_ARTICLES or batch_events >= BATCH_EVENTS:
            flush()
        on_article(item.path)
    flush()
    return summary


def ingest_paths(
    store: TimelineStore,
    paths: list[Path],
    published: dt.date | None = None,
    source: str | None = None,
    on_article: Callable[[str], None] = lambda path: None,
) -> IngestSummary:
    return ingest_drafts(store, read_sources(paths, published, source), on_article)
