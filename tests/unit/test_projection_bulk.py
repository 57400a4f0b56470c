"""The set-based rebuild (`projections.bulk`) against the replay through Python: the same
tables, on both backends; the previous model kept when it fails; the replay when a row is
one it does not read."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.projections import Relations, RelationsProjection
from timeline.projections import bulk
from timeline.projections import projector as projector_module
from timeline.projections.log import micros
from timeline.store import TimelineStore, open_store

from tests.tables import assert_same_tables
from tests.unit.test_projection_rebuild import everything, fill


@pytest.fixture
def store(db: str):
    s = open_store(db)
    yield s
    s.close()


def replayed(store: TimelineStore, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple]]:
    """The tables as the replay through Python builds them."""
    with monkeypatch.context() as m:
        m.setattr(bulk, "supported", lambda store, db: False)
        projection = RelationsProjection(store)
        projection.rebuild(batch=3)
        projection.close()
    return everything(store)


def no_replay(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: object, *args: object) -> None:
        raise AssertionError("the rebuild fell back to the replay")

    monkeypatch.setattr(RelationsProjection, "_replay", refuse)


def test_the_set_based_rebuild_gives_every_table_the_replay_and_the_incremental_path_give(
    store: TimelineStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(store)  # retractions and a correction included
    with monkeypatch.context() as m:
        m.setattr(bulk, "supported", lambda store, db: False)
        projection = RelationsProjection(store)
        projection.catch_up(batch=2)
        projection.close()
    incremental = everything(store)
    reference = replayed(store, monkeypatch)
    assert_same_tables(reference, incremental)
    no_replay(monkeypatch)
    projection = RelationsProjection(store)
    result = projection.rebuild()
    projection.close()
    assert result.rebuilt and result.position == store.max_position() and result.applied == store.max_position()
    built = everything(store)
    assert_same_tables(built, reference)
    assert sum(1 for r in built["rel_event"] if r[-2] is not None) == 2  # one retracted, one replaced
    assert built["rel_month"] and built["rel_count"]


def test_a_store_with_nothing_in_it_rebuilds_to_empty_tables(store: TimelineStore, monkeypatch: pytest.MonkeyPatch) -> None:
    no_replay(monkeypatch)
    projection = RelationsProjection(store)
    result = projection.rebuild()
    assert (result.position, result.applied) == (0, 0)
    assert projection._state() == (0, projector_module.VERSION)
    projection.close()
    assert not any(rows for table, rows in everything(store).items() if table != "rel_tracking")


def test_a_set_based_rebuild_that_fails_leaves_the_previous_model(store: TimelineStore, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(store)
    Relations(store).close()
    good = everything(store)
    real_fill = bulk._fill

    def fill_then_fail(*args: object) -> None:
        real_fill(*args)  # type: ignore[arg-type]
        raise RuntimeError("power cut")

    monkeypatch.setattr(bulk, "_fill", fill_then_fail)
    projection = RelationsProjection(store)
    with pytest.raises(RuntimeError):
        projection.rebuild()
    assert projection._state() == (store.max_position(), projector_module.VERSION)
    projection.close()
    assert_same_tables(everything(store), good)


def test_a_model_of_another_version_is_rebuilt_set_based_on_first_use(store: TimelineStore, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(store)
    good = replayed(store, monkeypatch)
    projection = RelationsProjection(store)
    with projection.db.write() as tx:
        tx.execute("UPDATE rel_tracking SET version = ?", ("s1-old",))
        tx.execute("DELETE FROM rel_edge")
    projection.close()
    no_replay(monkeypatch)
    relations = Relations(store)
    assert relations.last_catch_up is not None and relations.last_catch_up.rebuilt
    relations.close()
    assert_same_tables(everything(store), good)


def other_offset(state: str) -> str:
    """The same instant written with another UTC offset."""
    stamp = state.split('"_data_":"', 1)[1].split('"', 1)[0]
    moved = (dt.datetime.fromisoformat(stamp) + dt.timedelta(hours=2)).replace(tzinfo=dt.timezone(dt.timedelta(hours=2)))
    return state.replace(stamp, moved.isoformat())


def upper_case_id(state: str) -> str:
    """The event's uuid in upper-case hex digits."""
    head, rest = state.split('"id":{"_type_":"uuid_hex","_data_":"', 1)
    return head + '"id":{"_type_":"uuid_hex","_data_":"' + rest[:32].upper() + rest[32:]


@pytest.mark.parametrize("change", [other_offset, upper_case_id])
def test_a_row_it_cannot_read_sends_the_rebuild_to_the_replay(sqlite_db: str, monkeypatch: pytest.MonkeyPatch, change) -> None:  # type: ignore[no-untyped-def]
    """Rows the library reads but the SQL would read differently: the rebuild replays them through Python."""
    store = open_store(sqlite_db)
    fill(store)
    import sqlite3

    con = sqlite3.connect(sqlite_db)
    pos, state = con.execute("SELECT rowid, CAST(state AS TEXT) FROM stored_events WHERE topic LIKE '%Recorded' LIMIT 1").fetchone()
    changed = change(state)
    assert changed != state
    con.execute("UPDATE stored_events SET state = CAST(? AS BLOB) WHERE rowid = ?", (changed, pos))
    con.commit()
    con.close()
    reference = replayed(store, monkeypatch)
    calls = []
    real = RelationsProjection._replay

    def spy(self: RelationsProjection, *args):  # type: ignore[no-untyped-def]
        calls.append(args)
        return real(self, *args)

    monkeypatch.setattr(RelationsProjection, "_replay", spy)
    projection = RelationsProjection(store)
    projection.rebuild()
    projection.close()
    assert calls, "the set-based rebuild read a record time it should have left to Python"
    assert_same_tables(everything(store), reference)
    store.close()


@pytest.mark.parametrize(
    "stamp",
    ["2024-01-02T03:04:05+00:00", "2024-01-02T03:04:05.000001+00:00", "2024-01-02T03:04:05.999999+00:00",
     "1999-12-31T23:59:59.500000+00:00", "2026-11-23T14:51:34.654379+00:00"],
)
def test_record_times_turn_into_the_same_microseconds_in_sql(store: TimelineStore, stamp: str) -> None:
    projection = RelationsProjection(store)
    dialect = bulk._SQLite(store) if projection.db.kind == "sqlite" else bulk._Postgres(store)
    with projection.db.read() as tx:
        got = tx.execute(f"SELECT {dialect.micros('ts')}, {dialect.bad_times()} FROM (SELECT CAST(? AS TEXT) AS ts) AS t", (stamp,))
    projection.close()
    assert got[0][0] == micros(dt.datetime.fromisoformat(stamp))
    assert not got[0][1]


@pytest.mark.postgres
def test_a_parallel_read_of_the_stored_json_gives_the_same_tables(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL's workers share the parse of the stored JSON (the rows reach the later steps
    in another order): the tables are still the replay's. The test database is made to plan
    in parallel even for a few rows, and the plan of the read is checked to be parallel."""
    from timeline.postgres import connect
    from timeline.projections import database

    with connect(postgres_url) as conn:
        conn.execute("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET min_parallel_table_scan_size = 0', current_database()); END $$")
        conn.commit()
    plans: list[str] = []
    execute = database._PostgresTx.execute

    def explained(self: database._PostgresTx, sql: str, params: tuple = ()) -> list[tuple]:
        if sql.startswith("CREATE TEMP TABLE rb_ev AS "):
            plans.append("\n".join(r[0] for r in execute(self, "EXPLAIN " + sql, params)))
        return execute(self, sql, params)

    store = open_store(postgres_url)
    try:
        fill(store)
        reference = replayed(store, monkeypatch)
        no_replay(monkeypatch)
        monkeypatch.setattr(database._PostgresTx, "execute", explained)
        projection = RelationsProjection(store)
        assert projection.rebuild().rebuilt
        projection.close()
        monkeypatch.undo()
        assert_same_tables(everything(store), reference)
    finally:
        store.close()
        with connect(postgres_url) as conn:
            conn.execute("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET min_parallel_table_scan_size', current_database()); END $$")
            conn.commit()
    assert len(plans) == 1 and "Gather" in plans[0], plans



def test_a_rebuild_counts_the_stored_rows_it_read_not_the_positions(store: TimelineStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """`timeline rebuild` said "N stored events read" with N the last position: on PostgreSQL a
    save that fails still uses up positions, so N overstated the rows (15,721 for 15,716)."""
    from eventsourcing.persistence import IntegrityError

    from tests.unit.test_projection import D, make_article

    no_replay(monkeypatch)
    fill(store)
    first = store.recorder.select_notifications(1, 1)[0]
    stored = store.recorder.select_events(first.originator_id, limit=1)
    with pytest.raises(IntegrityError):  # the same stored event again: the save fails, whole
        store.recorder.insert_events(stored)
    store.ingest(*make_article(99, [("MeetingHeld", ("CHN", "RUS"), (), D(2024, 3, 1))]))
    rows = len(store.recorder.select_notifications(1, 100_000))
    if store.recorder.__class__.__module__.startswith("eventsourcing.postgres"):
        assert store.max_position() > rows  # the failed save left a gap
    done = RelationsProjection(store).rebuild()
    assert done.rebuilt and done.position == store.max_position()
    assert done.applied == rows
