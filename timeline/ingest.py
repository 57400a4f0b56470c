"""The ingest use case: sources in, articles and their events appended to the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from events import InvalidEvent
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


def ingest_drafts(
    store: TimelineStore,
    items: Iterable[Draft | SourceError],
    on_article: Callable[[str], None] = lambda path: None,
) -> IngestSummary:
    """Extract and append each article; record (don't raise) what cannot be read."""
    summary = IngestSummary()
    for item in items:
        if isinstance(item, SourceError):
            summary.failed.append(item)
            on_article(item.path)
            continue
        try:
            fact = item.to_fact()
            if store.has_article(fact.article_id):
                outcome_new, added = False, 0
            else:
                outcome = store.ingest(fact, extract(fact))
                outcome_new, added = outcome.new, outcome.events
        except InvalidEvent as e:
            summary.failed.append(SourceError(item.path, f"extraction produced an invalid event ({e})"))
            on_article(item.path)
            continue
        if outcome_new:
            summary.new += 1
            summary.events += added
        else:
            summary.present += 1
            summary.present_paths.append(item.path)
        on_article(item.path)
    return summary


def ingest_paths(
    store: TimelineStore,
    paths: list[Path],
    published: dt.date | None = None,
    source: str | None = None,
    on_article: Callable[[str], None] = lambda path: None,
) -> IngestSummary:
    return ingest_drafts(store, read_sources(paths, published, source), on_article)
