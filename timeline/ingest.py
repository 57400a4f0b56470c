"""The ingest use case: sources in, articles and their events appended to the store.

Extraction is CPU-bound and independent per article, so a large ingest extracts in worker
processes while this process writes the store; results are taken in input order, so the
store's order does not depend on the number of workers. Articles are saved in batches, each
batch one transaction, each article whole.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from events import ArticleIngested, DiplomaticEvent, InvalidEvent
from timeline.errors import SourceError
from timeline.sources import Draft, read_sources
from timeline.store import TimelineStore

__all__ = ["IngestSummary", "default_jobs", "ingest_drafts", "ingest_paths"]

BATCH_ARTICLES = 100
BATCH_EVENTS = 2000  # PostgreSQL's pipeline mode hangs on very large transactions (DESIGN.md)
PARALLEL_FROM = 50  # below this many articles, starting workers costs more than it saves


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


def default_jobs() -> int:
    """Extraction workers: the cores this process may use (at most 8)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


# What an extraction returns: the article and its events, or (path, problem) when it failed.
Extracted = tuple[ArticleIngested, list[DiplomaticEvent], str] | tuple[str, str]


def extract_article(fact: ArticleIngested, path: str) -> Extracted:
    """Run the extractor on one article (in this process or a worker)."""
    from timeline.extract import extract  # loaded by the commands that extract, not by every view

    try:
        events = extract(fact)
        for event in events:
            event.evidence.check_in(fact.text)
    except InvalidEvent as e:
        return (path, f"extraction produced an invalid event ({e})")
    return (fact, events, path)


def _ordered(
    jobs: Iterable[tuple[ArticleIngested, str]], workers: int
) -> Iterator[Extracted]:
    """Extract in input order; with workers, keep a bounded number of articles in flight."""
    if workers <= 1:
        for fact, path in jobs:
            yield extract_article(fact, path)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        in_flight: deque[Future[Extracted]] = deque()
        for fact, path in jobs:
            in_flight.append(pool.submit(extract_article, fact, path))
            if len(in_flight) >= workers * 16:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()


def ingest_drafts(
    store: TimelineStore,
    items: Iterable[Draft | SourceError],
    on_article: Callable[[str], None] = lambda path: None,
    workers: int = 1,
) -> IngestSummary:
    """Extract and append each article; record (don't raise) what cannot be read."""
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

    def to_extract() -> Iterator[tuple[ArticleIngested, str]]:
        # Reading, identity and the "already stored?" check stay here; only new articles
        # go to the extractor.
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
            yield fact, item.path

    for result in _ordered(to_extract(), workers):
        if len(result) == 2:
            path, problem = result  # type: ignore[misc]
            summary.failed.append(SourceError(path, problem))
            on_article(path)
            continue
        fact, events, path = result  # type: ignore[misc]
        batch.append((fact, events, path))
        batch_events += len(events) + 1
        if len(batch) >= BATCH_ARTICLES or batch_events >= BATCH_EVENTS:
            flush()
        on_article(path)
    flush()
    return summary


def ingest_paths(
    store: TimelineStore,
    paths: list[Path],
    published: dt.date | None = None,
    source: str | None = None,
    on_article: Callable[[str], None] = lambda path: None,
    workers: int = 1,
) -> IngestSummary:
    return ingest_drafts(store, read_sources(paths, published, source), on_article, workers)
