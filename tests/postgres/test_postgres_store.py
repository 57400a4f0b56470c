"""The PostgreSQL store through the real CLI: same answers as SQLite, clear errors, no password."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result

from tests.conftest import PG_PASSWORD, REPO, SEEDS, PostgresServer
from timeline.cli import cli
from timeline.errors import NotATimelineStore, StoreUnavailable
from timeline.postgres import check_store, connect, postgres_env
from timeline.store import open_store

pytestmark = pytest.mark.postgres


def run(db: str | None, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    db_args = ["--db", db] if db else []
    return subprocess.run(
        [sys.executable, "-m", "timeline", *db_args, *args],
        capture_output=True, text=True, cwd=REPO, timeout=120,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})},
    )  # fmt: skip


def one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("timeline: error: "), done.stderr
    assert PG_PASSWORD not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


# ---------------------------------------------------------------- the same answers


def without_record_times(text: str) -> str:
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)?", "<time>", text)


COMMANDS = [
    ("export", "--format", "jsonl"),
    ("export", "--format", "csv"),
    ("articles", "--json"),
    ("articles",),
    ("show", "--actor", "DPRK", "--json"),
    ("show", "--actor", "North Korea"),
    ("show", "--actor", "PRK", "--as-of", "2023-12-31"),
    ("log", "--actor", "RUS"),
    ("diff", "2023-12-31", "2024-11-30", "--actor", "DPRK", "--json"),
]


def invoke(db: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)


def test_every_command_answers_the_same_on_postgresql_as_on_sqlite(postgres_url: str, tmp_path: Path) -> None:
    sqlite = str(tmp_path / "store.db")
    for db in (sqlite, postgres_url):
        done = invoke(db, "ingest", str(SEEDS), "--json")
        assert done.exit_code == 0, done.output
    for command in COMMANDS:
        on_sqlite, on_postgres = invoke(sqlite, *command), invoke(postgres_url, *command)
        assert on_postgres.exit_code == on_sqlite.exit_code == 0, (command, on_postgres.output)
        assert on_sqlite.stdout.strip(), command
        assert without_record_times(on_postgres.stdout) == without_record_times(on_sqlite.stdout), command
        assert PG_PASSWORD not in on_postgres.output


def test_timeline_db_selects_postgresql_like_db_does(postgres_url: str) -> None:
    done = run(None, "ingest", str(SEEDS), "--json", env={"TIMELINE_DB": postgres_url})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["new"] == 2
    assert json.loads(run(postgres_url, "articles", "--json").stdout)[0]["id"]


def test_the_events_and_the_read_models_live_in_the_one_database(postgres_url: str) -> None:
    assert run(postgres_url, "ingest", str(SEEDS)).returncode == 0
    with connect(postgres_url) as conn:
        tables = {r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}
    assert "timelinestore_events" in tables
    assert len(tables) > 1, tables


def test_the_store_uses_eventsourcings_postgresql_recorder(postgres_url: str) -> None:
    from eventsourcing.postgres import PostgresApplicationRecorder, PostgresFactory

    store = open_store(postgres_url)
    try:
        assert isinstance(store.factory, PostgresFactory)
        assert isinstance(store.recorder, PostgresApplicationRecorder)
    finally:
        store.close()


def test_stored_events_reach_the_table_byte_for_byte_in_binary(postgres_url: str) -> None:
    import uuid

    from eventsourcing.persistence import StoredEvent

    stream = uuid.uuid4()
    events = [
        StoredEvent(stream, 1, 'a "topic", (with) {what} \\ text escapes', bytes(range(256))),
        StoredEvent(stream, 2, "Ünïcode — topic", '{"text": "\\"quoted\\" (and), {braced} \\\\ ü"}'.encode()),
        StoredEvent(stream, 3, "empty", b""),
    ]
    store = open_store(postgres_url)
    try:
        positions = store.recorder.insert_events(events)
        with connect(postgres_url) as conn:
            assert "%b" in store.recorder.insert_events_statement.as_string(conn)  # sent in binary, not as escaped text
            rows = conn.execute(
                "SELECT originator_id, originator_version, topic, state FROM timelinestore_events "
                "WHERE originator_id = %s ORDER BY originator_version", (stream,),
            ).fetchall()  # fmt: skip
    finally:
        store.close()
    assert rows == [(e.originator_id, e.originator_version, e.topic, e.state) for e in events]
    assert positions is not None and len(positions) == 3 and list(positions) == sorted(positions)


# ---------------------------------------------------------------- bad input and faults


def test_a_server_that_is_down_is_one_clear_line(postgres_server: PostgresServer) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://timeline_test:{PG_PASSWORD}@127.0.0.1:{port}/nothing"
    line = one_error_line(run(url, "articles"))
    assert "cannot connect to PostgreSQL at 127.0.0.1" in line
    assert "is the server running?" in line


def test_a_refused_password_is_one_clear_line_without_the_password(postgres_server: PostgresServer) -> None:
    url = postgres_server.url("postgres", password="not-the-" + PG_PASSWORD)
    done = run(url, "articles")
    line = one_error_line(done)
    assert "refused the password for user 'timeline_test'" in line
    assert "not-the-" not in done.stderr


def test_a_database_that_does_not_exist_is_one_clear_line(postgres_server: PostgresServer) -> None:
    line = one_error_line(run(postgres_server.url("no_such_db"), "ingest", str(SEEDS)))
    assert "database 'no_such_db' does not exist" in line


def test_a_database_holding_something_else_is_not_a_timeline_store(postgres_url: str) -> None:
    with connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    line = one_error_line(run(postgres_url, "ingest", str(SEEDS)))
    assert "not a timeline store" in line
    with connect(postgres_url) as conn:
        tables = {r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}
    assert tables == {"invoices"}, "nothing may be created in someone else's database"


def test_an_events_table_of_another_shape_is_not_a_timeline_store(postgres_url: str) -> None:
    with connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE timelinestore_events (id int)")
    with pytest.raises(NotATimelineStore):
        check_store(postgres_url)


def test_a_bad_url_is_a_usage_error(postgres_server: PostgresServer) -> None:
    done = run(f"postgresql://u:{PG_PASSWORD}@127.0.0.1:{postgres_server.port}/db?colour=blue", "articles")
    assert done.returncode == 2
    assert "unknown connection parameter colour" in done.stderr
    assert PG_PASSWORD not in done.stderr


def test_a_password_with_a_raw_slash_is_a_usage_error_that_does_not_show_it(postgres_server: PostgresServer) -> None:
    """`--db postgresql://u:hunter2/x@host/db` printed "Port could not be cast to integer value
    as 'hunter2'": the password's first part, read as the port, in the error line."""
    done = run(f"postgresql://timeline_test:hunter2/x@127.0.0.1:{postgres_server.port}/db", "articles")
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert "percent-encode" in done.stderr
    assert "hunter2" not in done.stdout + done.stderr


def test_errors_raised_by_the_library_api_hide_the_password_too(postgres_server: PostgresServer) -> None:
    with pytest.raises(StoreUnavailable) as caught:
        postgres_env(postgres_server.url("postgres", password="wrong-" + PG_PASSWORD))
    assert PG_PASSWORD not in str(caught.value)
    with pytest.raises(StoreUnavailable) as caught:
        connect(postgres_server.url("postgres", password="wrong-" + PG_PASSWORD))
    assert PG_PASSWORD not in str(caught.value) and caught.value.__cause__ is None


def test_connect_gives_a_psycopg_connection_for_the_read_models(postgres_url: str) -> None:
    with connect(postgres_url) as conn:
        assert isinstance(conn, psycopg.Connection)
        assert conn.execute("SELECT current_database()").fetchone()[0] == postgres_url.rsplit("/", 1)[1]


def test_two_stores_opening_a_new_database_at_once_both_succeed(postgres_url: str) -> None:
    """Regression: concurrent CREATE OR REPLACE FUNCTION failed with "tuple concurrently updated"."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", f"from timeline.store import open_store; open_store({postgres_url!r}).close()"],
            cwd=REPO, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        for _ in range(4)
    ]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err


def test_the_libpq_parameters_in_the_url_reach_the_connection(postgres_url: str) -> None:
    store = open_store(postgres_url + "?application_name=timeline-test&connect_timeout=3")
    try:
        with store.factory.datastore.get_connection() as conn:
            row = conn.execute("SELECT current_setting('application_name') AS name").fetchone()
        assert row["name"] == "timeline-test"
    finally:
        store.close()
