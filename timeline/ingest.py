"""The ingest use case: sources in, articles and their events appended to the store.

Extraction is CPU-bound and independent per article, so a large ingest extracts in worker
processes while this process writes the store; results are taken in input order, so the
store's order does not depend on the number of workers. Articles are saved in batches, each
batch one transaction, each article whole.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from events import ArticleIngested, InvalidEvent
from timeline.errors import SourceError
from timeline.projections.log import Entry, EventRow, event_rows, saved_entries
from timeline.sources import Draft, read_sources
from timeline.store import EncodedArticle, TimelineStore, encode_facts

__all__ = ["IngestSummary", "default_jobs", "extraction_pool", "ingest_drafts", "ingest_paths"]

BATCH_ARTICLES = 100
BATCH_EVENTS = 2000  # PostgreSQL's pipeline mode hangs on very large transactions (DESIGN.md)
PARALLEL_FROM = 50  # below this many articles, starting workers costs more than it saves
CHUNK_ARTICLES = 10  # articles per task sent to a worker
LOOKUP_ARTICLES = 50  # articles looked up in the store at a time
CHUNKS_IN_FLIGHT = 4  # per worker at least
IN_FLIGHT_ARTICLES = 2 * BATCH_ARTICLES  # and in all at least two batches: the workers go on while a batch is written
PARENT_CHECK = 0.5  # seconds between a worker's checks that the ingest that started it lives


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


# What extracting one article gives: its events encoded for the store (`encode_facts`) and
# their rows for the read model (`event_rows`), or the reason it failed.
Encoded = tuple[tuple[bytes, ...], tuple[EventRow, ...]] | str


def extract_encoded(fact: ArticleIngested) -> Encoded:
    """Run the extractor on one article and encode its events (in this process or a worker)."""
    from timeline.extract import extract  # loaded by the commands that extract, not by every view

    try:
        events = extract(fact)
        for event in events:
            event.evidence.check_in(fact.text)
    except InvalidEvent as e:
        return f"extraction produced an invalid event ({e})"
    return encode_facts(events), event_rows(fact.article_id, events)


def _extract_chunk(facts: list[ArticleIngested]) -> list[Encoded]:
    return [extract_encoded(fact) for fact in facts]


def _chunks(jobs: Iterable[tuple[ArticleIngested, str]], size: int) -> Iterator[list[tuple[ArticleIngested, str]]]:
    chunk: list[tuple[ArticleIngested, str]] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@contextlib.contextmanager
def extraction_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """Extraction worker processes, started now (None for one: extract in this process).

    The extractor's data is loaded first, so the forked workers share it instead of each
    loading it. Start them before opening the store: forked later, each would hold copies of
    its connections, and a PostgreSQL session stays open as long as any copy of its socket
    does, so the transaction of an ingest killed mid-batch would outlive it (holding its
    locks) for as long as the orphaned workers live.
    """
    if workers <= 1:
        yield None
        return
    from timeline.extract import prepare

    prepare()
    # What is loaded now lives as long as the process: out of the collector's reach, the
    # workers' collections neither walk it nor write to (and so copy) its inherited pages.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=_leave_with, initargs=(os.getpid(),)) as pool:
            pool.submit(int).result()  # forked workers all start with the first task
            yield pool
    finally:
        gc.unfreeze()


def _leave_with(parent: int) -> None:
    """In a worker: exit once `parent` has gone (killed, say). Each worker holds a copy of its
    task queue's writing end, so waiting for a task never ends by itself."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _ordered(
    jobs: Iterable[tuple[ArticleIngested, str]], workers: int, pool: ProcessPoolExecutor | None = None
) -> Iterator[tuple[ArticleIngested, str, Encoded]]:
    """Extract in input order; with workers (`pool`, or started here), a few chunks of
    articles in flight per worker.

    A task is a chunk of articles, not one: fewer, bigger messages. Only the articles go to
    the workers and only the encoded events come back (strings pickle at memory speed; the
    event objects themselves took as long to pickle as to store).
    """
    if pool is None:
        if workers <= 1:
            for fact, path in jobs:
                yield fact, path, extract_encoded(fact)
            return
        with extraction_pool(workers) as started:
            yield from _ordered(jobs, workers, started)
        return
    in_flight: deque[tuple[list[tuple[ArticleIngested, str]], Future[list[Encoded]]]] = deque()
    most = in_flight_chunks(workers)

    def done() -> Iterator[tuple[ArticleIngested, str, Encoded]]:
        chunk, future = in_flight.popleft()
        for (fact, path), result in zip(chunk, future.result()):
            yield fact, path, result

    for chunk in _chunks(jobs, CHUNK_ARTICLES):
        in_flight.append((chunk, pool.submit(_extract_chunk, [fact for fact, _ in chunk])))
        if len(in_flight) >= most:
            yield from done()
    while in_flight:
        yield from done()


def in_flight_chunks(workers: int) -> int:
    """Chunks of articles given to `workers` before the first result is taken.

    Saving a batch takes this process a while (on PostgreSQL most of it waiting for the
    server): the workers must hold enough to go on meanwhile, or they idle until it is done.
    """
    return max(workers * CHUNKS_IN_FLIGHT, -(-IN_FLIGHT_ARTICLES // CHUNK_ARTICLES))


def ingest_drafts(
    store: TimelineStore,
    items: Iterable[Draft | SourceError],
    on_article: Callable[[str], None] = lambda path: None,
    workers: int = 1,
    on_saved: Callable[[list[Entry]], None] | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> IngestSummary:
    """Extract and append each article; record (don't raise) what cannot be read.

    `on_saved` is given the read-model entries of each batch just saved (`ReadModelFeed`).
    With `workers` > 1, extraction runs in `pool` (`extraction_pool(workers)`) or in workers
    started here.
    """
    summary = IngestSummary()
    batch: list[tuple[EncodedArticle, str, tuple[EventRow, ...]]] = []
    batch_events = 0

    def flush() -> None:
        nonlocal batch, batch_events
        if not batch:
            return
        outcomes = store.append_encoded([article for article, _, _ in batch], unseen=True)
        entries: list[Entry] = []
        for outcome, (article, path, rows) in zip(outcomes, batch):
            if outcome.new:
                summary.new += 1
                summary.events += outcome.events
                if on_saved is not None and outcome.saved:
                    entries.extend(saved_entries(article.fact, outcome.saved, rows))
            else:
                summary.present += 1
                summary.present_paths.append(path)
        batch, batch_events = [], 0
        if entries:
            on_saved(entries)  # type: ignore[misc]

    def readable() -> Iterator[tuple[ArticleIngested, str]]:
        for item in items:
            if isinstance(item, SourceError):
                summary.failed.append(item)
                on_article(item.path)
            else:
                yield item.to_fact(), item.path

    def to_extract() -> Iterator[tuple[ArticleIngested, str]]:
        # Reading, identity and the "already stored?" check (one query per group of
        # articles) stay here; only new articles go to the extractor.
        for group in _chunks(readable(), LOOKUP_ARTICLES):
            stored = store.stored_articles([fact.article_id for fact, _ in group])
            for fact, path in group:
                if fact.article_id in stored:
                    summary.present += 1
                    summary.present_paths.append(path)
                    on_article(path)
                else:
                    yield fact, path

    for fact, path, result in _ordered(to_extract(), workers, pool):
        if isinstance(result, str):
            summary.failed.append(SourceError(path, result))
            on_article(path)
            continue
        encoded, rows = result
        batch.append((EncodedArticle(fact, encoded), path, rows))
        batch_events += len(encoded) + 1
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
    on_saved: Callable[[list[Entry]], None] | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> IngestSummary:
    return ingest_drafts(store, read_sources(paths, published, source), on_article, workers, on_saved, pool)
