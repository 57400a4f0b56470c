"""`Relations.current`: a current read model (SQLite or PostgreSQL) is read without opening the store; anything else opens it."""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from tests.conftest import PG_PASSWORD
from tests.unit.test_projection import D, make_article
from timeline import libpq
from timeline.errors import NotATimelineStore, StoreError
from timeline.postgres import parse_url
from timeline.projections import Relations, Scope
from timeline.projections import projector as projector_module
from timeline.projections.database import LibpqDatabase
from timeline.store import TimelineStore, open_store

ARTICLES = [
    make_article(1, [("MeetingHeld", ("PRK", "RUS"), (), D(2023, 9, 13)), ("AccusationMade", ("USA",), ("PRK",), D(2023, 11, 14))]),
    make_article(2, [("SanctionsImposed", ("USA",), ("PRK",), D(2024, 3, 1))]),
]


class Opener:
    """`open_store` for `Relations.current`, counting its calls."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.calls = 0
        self.stores: list[TimelineStore] = []

    def __call__(self) -> TimelineStore:
        self.calls += 1
        self.stores.append(open_store(self.where))
        return self.stores[-1]

    def close(self) -> None:
        for store in self.stores:
            store.close()


@contextlib.contextmanager
def current(where: str) -> Iterator[tuple[Relations, Opener]]:
    """`Relations.current(where, ...)` and the opener it was given, both closed at the end."""
    opener = Opener(where)
    try:
        relations = Relations.current(where, opener)
        try:
            yield relations, opener
        finally:
            relations.close()
    finally:
        opener.close()


def filled(where: str, articles: int = 1, catch_up: bool = True) -> None:
    store = open_store(where)
    for fact, events in ARTICLES[:articles]:
        store.ingest(fact, events)
    if catch_up:
        Relations(store).close()
    store.close()


def view(relations: Relations) -> object:
    return relations.actor("PRK", Scope()), relations.diff(D(2023, 1, 1), D(2024, 12, 31), Scope(), actor="PRK")


def reference(where: str) -> object:
    store = open_store(where)
    relations = Relations(store)
    try:
        return view(relations)
    finally:
        relations.close()
        store.close()


def test_a_current_model_is_read_without_opening_the_store(db: str) -> None:
    filled(db)
    with current(db) as (relations, opener):
        assert opener.calls == 0
        assert relations.last_catch_up is not None and relations.last_catch_up.applied == 0
        assert view(relations) == reference(db)


def test_a_model_behind_the_store_is_caught_up_through_the_store(db: str) -> None:
    filled(db)
    filled_more = open_store(db)
    filled_more.ingest(*ARTICLES[1])  # recorded, not yet in the read model
    filled_more.close()
    with current(db) as (relations, opener):
        assert opener.calls == 1
        assert relations.last_catch_up is not None and relations.last_catch_up.applied > 0
        assert relations.log(Scope()).total == 3


@pytest.mark.parametrize("change", ["older version", "half-built", "no read model"])
def test_a_model_to_rebuild_goes_through_the_store(db: str, change: str) -> None:
    filled(db, catch_up=change != "no read model")
    if change != "no read model":
        store = open_store(db)
        projection = projector_module.RelationsProjection(store)
        version = "s0-old" if change == "older version" else projector_module.REBUILDING
        with projection.db.write() as tx:
            tx.execute("UPDATE rel_tracking SET version = ?", (version,))
        projection.close()
        store.close()
    with current(db) as (relations, opener):
        assert opener.calls == 1
        assert relations.last_catch_up is not None and relations.last_catch_up.rebuilt
        assert relations.log(Scope()).total == 2


@pytest.mark.postgres
@pytest.mark.parametrize("problem", ["wrong password", "no such database", "no server"])
def test_a_postgres_store_that_cannot_be_read_goes_through_the_store(postgres_url: str, problem: str) -> None:
    filled(postgres_url)
    parts = urlsplit(postgres_url)
    if problem == "wrong password":
        where = postgres_url.replace(f":{parts.password}@", ":not-the-password@")
    elif problem == "no such database":
        where = postgres_url.rsplit("/", 1)[0] + "/no_such_database"
    else:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            free = s.getsockname()[1]
        where = postgres_url.replace(f":{parts.port}/", f":{free}/")

    def opener() -> TimelineStore:
        raise NotATimelineStore("the store's own error")

    with pytest.raises(NotATimelineStore, match="the store's own error"):
        Relations.current(where, opener)


@pytest.fixture(params=["libpq", "psycopg"])
def view_connection(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The view's own PostgreSQL connection: libpq's (where it loads), or psycopg's without it."""
    if request.param == "psycopg":
        monkeypatch.setattr(libpq, "_lib", False)  # as where libpq cannot be loaded
    elif libpq._load() is None:
        pytest.skip("no libpq to load here")
    return str(request.param)


@pytest.mark.postgres
def test_a_postgres_connection_lost_later_is_the_stores_one_line_error(postgres_url: str, view_connection: str) -> None:
    filled(postgres_url)
    with current(postgres_url) as (relations, opener):
        assert opener.calls == 0
        assert isinstance(relations.db, LibpqDatabase) == (view_connection == "libpq")
        with relations.db.read() as tx:
            (pid,) = tx.execute("SELECT pg_backend_pid()")[0]
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(StoreError) as raised:
            relations.actor("PRK", Scope())
        assert "\n" not in str(raised.value) and PG_PASSWORD not in str(raised.value)
        assert "lost the connection" in str(raised.value)


@pytest.mark.postgres
def test_a_postgres_view_reads_the_same_over_libpq_and_psycopg(postgres_url: str, view_connection: str) -> None:
    filled(postgres_url, articles=2)
    with current(postgres_url) as (relations, opener):
        assert opener.calls == 0
        assert view(relations) == reference(postgres_url)
        assert relations.pair("PRK", "USA", Scope()) is not None
        with open_store(postgres_url) as store:
            ordinary = Relations(store)
            try:
                assert relations.pair("PRK", "USA", Scope()) == ordinary.pair("PRK", "USA", Scope())
                assert relations.log(Scope(), actor="PRK") == ordinary.log(Scope(), actor="PRK")
            finally:
                ordinary.close()


@pytest.mark.postgres
def test_libpq_gives_the_values_psycopg_gives(postgres_url: str) -> None:
    conn = libpq.connect(parse_url(postgres_url).conninfo_kwargs())
    if conn is None:
        pytest.skip("no libpq to load here")
    sql = (
        "SELECT 1::bigint, 2::int, 3::smallint, 1.5::double precision, 2.5::real, SUM(x), 12.50::numeric, "
        "'é 한국'::text, ''::text, NULL::text, NULL::bigint, true, false, 'x'::varchar, COUNT(*) "
        "FROM (VALUES (1::bigint), (2::bigint)) AS v(x) WHERE x <= {p} AND 'a' < {q}"
    )
    try:
        got = conn.execute(sql.format(p="$1", q="$2"), (5, "b"))
    finally:
        conn.close()
    with psycopg.connect(postgres_url) as ref:
        expected = ref.execute(sql.format(p="%s", q="%s"), (5, "b")).fetchall()
    assert got == expected
    assert [type(v) for v in got[0]] == [type(v) for v in expected[0]]
    assert [libpq._param(v) for v in (7, -2.5, float("inf"), float("-inf"), "é", None, True)] == [
        b"7", b"-2.5", b"Infinity", b"-Infinity", "é".encode(), None, b"t"
    ]


@pytest.mark.postgres
def test_without_a_system_libpq_the_copy_psycopg_binary_ships_is_used(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = [c for c in libpq._candidates() if os.path.isabs(c)]
    if not bundled:
        pytest.skip("psycopg-binary ships no libpq here")
    monkeypatch.setattr(libpq, "_candidates", lambda: iter(["libpq-not-here.so.5", *bundled]))
    monkeypatch.setattr(libpq, "_lib", None)
    conn = libpq.connect(parse_url(postgres_url).conninfo_kwargs())
    assert conn is not None
    try:
        assert conn.execute("SELECT 1 + $1::int", (1,)) == [(2,)]
    finally:
        conn.close()
    monkeypatch.setattr(libpq, "_candidates", lambda: iter(["libpq-not-here.so.5"]))
    monkeypatch.setattr(libpq, "_lib", None)
    assert libpq.connect(parse_url(postgres_url).conninfo_kwargs()) is None  # and psycopg's path is taken


@pytest.mark.postgres
def test_floats_come_over_libpq_exactly_whatever_the_servers_float_digits(postgres_url: str) -> None:
    filled(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("ALTER DATABASE " + parse_url(postgres_url).dbname + " SET extra_float_digits = 0")
    try:
        with current(postgres_url) as (relations, _opener):
            if not isinstance(relations.db, LibpqDatabase):
                pytest.skip("no libpq to load here")
            with relations.db.read() as tx:
                (value,) = tx.execute("SELECT 0.1::double precision + 0.2::double precision")[0]
            assert value == 0.1 + 0.2
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("ALTER DATABASE " + parse_url(postgres_url).dbname + " RESET extra_float_digits")


@pytest.mark.postgres
def test_a_libpq_statement_error_is_the_stores_one_line_error(postgres_url: str, view_connection: str) -> None:
    filled(postgres_url)
    with current(postgres_url) as (relations, _opener):
        with pytest.raises(StoreError) as raised, relations.db.read() as tx:
            tx.execute("SELECT no_such_column FROM rel_event WHERE day = ?", (1,))
        assert "no_such_column" in str(raised.value) and "\n" not in str(raised.value)
        assert relations.actor("PRK", Scope()) is not None  # the connection is still good


@pytest.mark.postgres
def test_a_postgres_view_to_a_pipe_loads_no_psycopg(postgres_url: str) -> None:
    """psycopg's import alone was ~0.12 s of a PostgreSQL `show`."""
    if libpq._load() is None:
        pytest.skip("no libpq to load here")
    filled(postgres_url)
    root = Path(__file__).resolve().parents[2]
    script = (
        "import sys, runpy\n"
        "sys.argv = ['timeline', '--db', sys.argv[1], 'show', '--actor', 'PRK']\n"
        "try:\n    runpy.run_module('timeline', run_name='__main__')\n"
        "finally:\n    sys.stderr.write(' '.join(m for m in ('psycopg', 'psycopg_pool', 'eventsourcing', 'rich.console') if m in sys.modules))\n"
    )
    env = {**os.environ, "COLUMNS": "120", "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", script, postgres_url], env=env, capture_output=True, text=True, cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""
    assert "North Korea" in done.stdout


def test_a_missing_file_is_left_for_the_store_to_create(tmp_path: Path) -> None:
    where = str(tmp_path / "new" / "store.db")
    calls = []

    def opener() -> TimelineStore:
        calls.append(Path(where).exists() or Path(where).parent.exists())
        raise NotATimelineStore("stop here")

    with pytest.raises(NotATimelineStore):
        Relations.current(where, opener)
    assert calls == [False]  # nothing was created before the store was asked to


def test_another_programs_sqlite_file_is_not_touched(tmp_path: Path) -> None:
    where = tmp_path / "other.db"
    con = sqlite3.connect(where)
    con.execute("CREATE TABLE notes (body TEXT)")
    con.commit()
    con.close()
    before = where.read_bytes()
    with pytest.raises(NotATimelineStore):
        Relations.current(str(where), lambda: open_store(str(where)))
    assert where.read_bytes() == before  # not switched to WAL, not written
    assert not Path(f"{where}-wal").exists()


def test_the_librarys_own_settings_take_the_ordinary_path(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    filled(sqlite_db)
    monkeypatch.setenv("TIMELINESTORE_SQLITE_LOCK_TIMEOUT", "7")
    with current(sqlite_db) as (_relations, opener):
        assert opener.calls == 1


@pytest.mark.parametrize("setting", [None, "12", "0"])
def test_the_model_is_opened_with_the_stores_own_lock_timeout(
    sqlite_db: str, monkeypatch: pytest.MonkeyPatch, setting: str | None
) -> None:
    filled(sqlite_db)
    if setting is not None:
        monkeypatch.setenv("TIMELINE_LOCK_TIMEOUT", setting)
    store = open_store(sqlite_db)
    ordinary = Relations(store)
    try:
        with current(sqlite_db) as (fast, opener):
            assert opener.calls == 0
            assert fast.db.timeout == ordinary.db.timeout and fast.db.path == ordinary.db.path  # type: ignore[attr-defined]
    finally:
        ordinary.close()
        store.close()


def test_a_current_model_still_catches_up_later_through_the_store(db: str) -> None:
    filled(db)
    with current(db) as (relations, opener):
        writer = open_store(db)
        writer.ingest(*ARTICLES[1])
        writer.close()
        assert relations.catch_up().applied > 0 and opener.calls == 1
        assert relations.log(Scope()).total == 3


def _counts(tx: object) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        int(tx.execute(f"SELECT count(*) FROM {t}")[0][0])  # type: ignore[attr-defined]
        for t in ("rel_event", "rel_edge", "rel_month")
    )


def _write_meanwhile(where: str) -> None:
    """Another process records an article and brings the read model up to date, committed."""
    code = (
        "import sys; sys.path.insert(0, '.'); from tests.unit.test_relations_current import filled_second; "
        f"filled_second({where!r})"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])  # fmt: skip
    assert done.returncode == 0, done.stderr


def filled_second(where: str) -> None:
    store = open_store(where)
    store.ingest(*ARTICLES[1])
    Relations(store).close()
    store.close()


def _one_snapshot(relations: Relations, where: str) -> None:
    with relations.db.read() as tx:
        before = _counts(tx)
        _write_meanwhile(where)
        during = _counts(tx)
    with relations.db.read() as tx:
        after = _counts(tx)
    assert during == before  # every query of one read sees the same state
    assert after > before  # and the next read sees what was committed


def test_a_views_queries_see_one_state_while_another_process_writes(db: str) -> None:
    filled(db)
    store = open_store(db)
    relations = Relations(store)
    try:
        _one_snapshot(relations, db)
    finally:
        relations.close()
        store.close()


@pytest.mark.postgres
def test_a_current_postgres_views_queries_see_one_state(postgres_url: str, view_connection: str) -> None:
    filled(postgres_url)
    with current(postgres_url) as (relations, opener):
        assert opener.calls == 0
        _one_snapshot(relations, postgres_url)
