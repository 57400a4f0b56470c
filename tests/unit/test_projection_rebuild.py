"""The replay rebuild (the fallback when the set-based one cannot read the store) as a bulk
load: indexes after the load, buckets summed once, and a rebuild that dies half-way is
redone, never read. Every test here turns the set-based path off."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from events import EVENT_TYPES, EventCorrected, EventRetracted
from timeline.projections import Relations, RelationsProjection
from timeline.projections import bulk as bulk_module
from timeline.projections import projector as projector_module
from timeline.store import TimelineStore, open_store

from tests.tables import assert_same_tables, read_tables
from tests.unit.test_projection import EX, D, make_article

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(db: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(bulk_module, "supported", lambda store, db: False)  # the replay path
    s = open_store(db)
    yield s
    s.close()


def fill(store: TimelineStore) -> None:
    for serial in range(8):
        fact, events = make_article(
            serial,
            [
                ("DrillAnnounced", ("USA", "KOR"), ("PRK",), D(2024, 2, serial + 1)),
                ("StatementIssued", ("PRK",), (), D(2024, 2, serial + 2)),
                ("MeetingHeld", ("CHN", "RUS"), (), D(2023, 12, serial + 20)),
            ],
        )
        store.ingest(fact, events)
        if serial == 2:
            store.retract(fact.article_id, EventRetracted(event_id=events[0].id, reason="wrong", by=EX))
        if serial == 5:
            replacement = EVENT_TYPES["AgreementReached"](
                id=uuid.uuid5(fact.article_id, "fix"), when=events[2].when, source=("CHN", "RUS"),
                evidence=events[2].evidence, extractor=EX,
            )
            store.correct(fact.article_id, EventCorrected(event_id=events[2].id, replacement=replacement, reason="date", by=EX))


def everything(store: TimelineStore) -> dict[str, list[tuple]]:
    """Every row of every table, buckets included."""
    relations = Relations(store, catch_up=False)
    with relations.db.read() as tx:
        out = read_tables(tx, projector_module.TABLES)
    relations.close()
    return out


def indexes(store: TimelineStore) -> set[str]:
    relations = Relations(store, catch_up=False)
    with relations.db.read() as tx:
        if relations.db.kind == "sqlite":
            rows = tx.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rel_event' AND sql IS NOT NULL")
        else:
            rows = tx.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'rel_event' AND indexname <> 'rel_event_pkey'")
    relations.close()
    return {r[0] for r in rows}


def test_rebuild_in_small_batches_gives_every_table_the_incremental_path_gave(store: TimelineStore) -> None:
    fill(store)
    projection = RelationsProjection(store)
    projection.catch_up(batch=2)  # buckets upserted batch by batch, retractions across batches
    projection.close()
    incremental = everything(store)
    assert incremental["rel_month"] and incremental["rel_count"]
    projection = RelationsProjection(store)
    result = projection.rebuild(batch=3)
    projection.close()
    assert result.rebuilt and result.position == store.max_position()
    assert_same_tables(everything(store), incremental)
    assert indexes(store) == {"rel_event_id", "rel_event_day", "rel_event_recorded", "rel_event_retracted"}


@pytest.mark.parametrize("fail_in", ["flush", "flush_buckets"])
def test_a_rebuild_that_dies_half_way_is_redone_not_read(
    store: TimelineStore, monkeypatch: pytest.MonkeyPatch, fail_in: str
) -> None:
    fill(store)
    Relations(store).close()
    good = everything(store)
    real = getattr(projector_module._BatchWriter, fail_in)
    calls = {"n": 0}

    def failing(self: object) -> None:
        calls["n"] += 1
        if calls["n"] == (3 if fail_in == "flush" else 1):  # a batch in the middle, or the last step
            raise RuntimeError("power cut")
        real(self)  # type: ignore[arg-type]

    monkeypatch.setattr(projector_module._BatchWriter, fail_in, failing)
    projection = RelationsProjection(store)
    with pytest.raises(RuntimeError):
        projection.rebuild(batch=3 if fail_in == "flush" else 100)
    monkeypatch.setattr(projector_module._BatchWriter, fail_in, real)
    position, version = projection._state()  # type: ignore[misc]
    assert version == projector_module.REBUILDING != projector_module.VERSION
    projection.close()
    relations = Relations(store)  # a view first catches up: it sees the half-built model and rebuilds
    assert relations.projection._state() == (store.max_position(), projector_module.VERSION)
    relations.close()
    assert_same_tables(everything(store), good)


def test_a_killed_rebuild_process_leaves_a_model_that_is_rebuilt(db: str, store: TimelineStore) -> None:
    fill(store)
    Relations(store).close()
    good = everything(store)
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from timeline.projections import bulk, projector
        from timeline.projections import RelationsProjection
        bulk.supported = lambda store, db: False
        from timeline.store import open_store
        real, calls = projector._BatchWriter.flush, [0]
        def flush(self):
            calls[0] += 1
            if calls[0] == 4:
                os._exit(9)  # killed: no rollback, no cleanup
            real(self)
        projector._BatchWriter.flush = flush
        RelationsProjection(open_store({db!r})).rebuild(batch=2)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=120)
    assert done.returncode == 9
    projection = RelationsProjection(store)
    state = projection._state()
    assert state is not None and state[1] == projector_module.REBUILDING and 0 < state[0] < store.max_position()
    result = projection.catch_up()
    projection.close()
    assert result.rebuilt and result.position == store.max_position()
    assert_same_tables(everything(store), good)
