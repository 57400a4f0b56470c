"""The read model built during an ingest from the rows just saved (`ReadModelFeed`), not
read back from the store: the same tables as a rebuild, on both backends; and where it
cannot be used (another writer's rows in between), nothing is applied and catching up
from the log takes over."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.corpus import generate
from timeline.ingest import ingest_paths
from timeline.projections import ReadModelFeed, RelationsProjection
from timeline.projections.log import Entry, LibraryLog
from timeline.projections import projector as projector_module
from timeline.projections.projector import TABLES
from timeline.store import EncodedArticle, TimelineStore, encode_facts, open_store

from tests.tables import assert_same_tables, read_tables
from tests.unit.test_projection import D, make_article


@pytest.fixture
def store(db: str):
    s = open_store(db)
    yield s
    s.close()


def batch(path: Path, first: int, count: int) -> Path:
    articles = list(generate(first + count))[first:]
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


def tables(store: TimelineStore) -> dict[str, list[tuple]]:
    projection = RelationsProjection(store)
    try:
        with projection.db.read() as tx:
            return read_tables(tx, [t for t in TABLES if t != "rel_tracking"])
    finally:
        projection.close()


def rebuilt(store: TimelineStore) -> dict[str, list[tuple]]:
    projection = RelationsProjection(store)
    try:
        projection.rebuild()
    finally:
        projection.close()
    return tables(store)


class Recording(ReadModelFeed):
    """The feed, counting the batches it applied as given."""

    def __init__(self, store: TimelineStore) -> None:
        super().__init__(store)
        self.applied = 0
        self.refused = 0

    def __call__(self, entries: list[Entry]) -> None:
        assert self.projection is not None
        if self.projection.apply_saved(entries):
            self.applied += 1
        else:
            self.refused += 1
            self.projection.catch_up()


@pytest.mark.parametrize("workers", [1, 2])
def test_an_ingest_builds_the_read_model_from_the_rows_it_saves(store: TimelineStore, tmp_path: Path, workers: int) -> None:
    feed = Recording(store)
    try:
        summary = ingest_paths(store, [batch(tmp_path / "a.jsonl", 0, 120)], workers=workers, on_saved=feed)
    finally:
        feed.close()
    assert summary.new == 120 and summary.events > 1000
    assert feed.applied >= 2 and feed.refused == 0  # batches of 100 articles or 2,000 events
    projection = RelationsProjection(store)
    try:
        assert projection.position() == store.max_position()  # nothing left to catch up
    finally:
        projection.close()
    assert_same_tables(tables(store), rebuilt(store))


def test_the_positions_and_times_an_append_reports_are_the_logs(store: TimelineStore) -> None:
    articles = [make_article(i, [("MeetingHeld", ("CHN", "RUS"), (), D(2024, 1, i + 1))] * (i + 1)) for i in range(3)]
    store.ingest(*articles[0])  # something before
    outcomes = store.append_encoded([EncodedArticle(fact, encode_facts(events)) for fact, events in articles[1:]])
    logged = [(s.position, s.recorded_at) for s in store.facts(start=1)]
    assert [o.new for o in outcomes] == [True, True]
    assert [p for o in outcomes for p in o.saved] == logged[2:]
    assert [len(o.saved) for o in outcomes] == [3, 4]


def test_entries_that_do_not_follow_the_model_are_not_applied(store: TimelineStore) -> None:
    for i in range(3):
        store.ingest(*make_article(i, [("MeetingHeld", ("CHN", "RUS"), (), D(2024, 1, i + 1))]))
    projection = RelationsProjection(store)
    try:
        projection.rebuild()
        entries, _ = LibraryLog(store).read(1, 100)
        before = tables(store)
        assert not projection.apply_saved(entries)  # already applied: the model is past them
        assert not projection.apply_saved(entries[2:])  # the model is at 6, these start at 3
        assert tables(store) == before and projection.position() == 6
        store.ingest(*make_article(7, [("MeetingHeld", ("CHN", "USA"), (), D(2024, 2, 1))]))
        store.ingest(*make_article(8, [("MeetingHeld", ("CHN", "FRA"), (), D(2024, 2, 2))]))
        new, _ = LibraryLog(store).read(7, 100)
        assert not projection.apply_saved(new[:1] + new[2:])  # a gap
        assert projection.position() == 6
        assert projection.apply_saved(new)
        assert projection.position() == 10
    finally:
        projection.close()
    assert_same_tables(tables(store), rebuilt(store))


def test_another_writers_rows_in_between_are_caught_up_from_the_log(store: TimelineStore, db: str, tmp_path: Path) -> None:
    other = open_store(db)
    feed = Recording(store)
    calls = 0

    def interleaved(entries: list[Entry]) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:  # a second writer saves an article between this one's batches
            other.ingest(*make_article(99, [("AccusationMade", ("PRK",), ("KOR",), D(2024, 3, 1))]))
        feed(entries)

    try:
        ingest_paths(store, [batch(tmp_path / "a.jsonl", 0, 250)], on_saved=interleaved)
    finally:
        feed.close()
        other.close()
    assert calls >= 3
    assert feed.refused >= 1 and feed.applied >= 1
    projection = RelationsProjection(store)
    try:
        assert projection.position() == store.max_position()
    finally:
        projection.close()
    assert_same_tables(tables(store), rebuilt(store))


def test_a_catch_up_that_finds_a_rebuild_begun_under_it_finishes_the_rebuild(store: TimelineStore) -> None:
    for i in range(3):
        store.ingest(*make_article(i, [("MeetingHeld", ("CHN", "RUS"), (), D(2024, 1, i + 1))]))
    projection = RelationsProjection(store)
    try:
        projection.rebuild()
        for i in range(3, 6):
            store.ingest(*make_article(i, [("WarningIssued", ("PRK",), ("USA",), D(2024, 2, i))]))
        real_apply = projection._apply
        calls = 0

        def another_process_begins_a_rebuild(expected: int, entries: list[Entry], last: int) -> int | None:
            nonlocal calls
            calls += 1
            if calls == 1:  # between this catch-up's check of the version and its first batch
                with projection.db.write() as tx:
                    tx.execute("UPDATE rel_tracking SET version = ?", (projector_module.REBUILDING,))
            return real_apply(expected, entries, last)

        projection._apply = another_process_begins_a_rebuild  # type: ignore[method-assign]
        done = projection.catch_up()
        assert done.rebuilt and done.position == store.max_position() == 12
        assert projection._state() == (12, projector_module.VERSION)
    finally:
        projection.close()
    assert_same_tables(tables(store), rebuilt(store))
