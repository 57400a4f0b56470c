"""On PostgreSQL the read model's tables are UNLOGGED: derived data, no write-ahead log.

A server that crashes empties them (tracking row included); the next command must find
the model missing and rebuild it from the store, giving the answers it gave before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import psycopg
import pytest

from tests.conftest import REPO, SEEDS, PostgresServer
from timeline.projections.projector import TABLES

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def run(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "timeline", "--db", db, *args],
        capture_output=True, text=True, cwd=REPO, timeout=120,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100"},
    )  # fmt: skip


def persistence(db: str) -> dict[str, str]:
    with psycopg.connect(db) as conn:
        rows = conn.execute(
            "SELECT relname, relpersistence FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)", (list(TABLES),)
        ).fetchall()
    return dict(rows)


def rel_rows(db: str) -> int:
    with psycopg.connect(db) as conn:
        return sum(int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES)  # type: ignore[index]


def test_the_read_model_tables_are_unlogged_and_the_store_is_not(postgres_url: str) -> None:
    done = run(postgres_url, "ingest", str(SEEDS))
    assert done.returncode == 0, done.stderr
    assert persistence(postgres_url) == {t: "u" for t in TABLES}
    with psycopg.connect(postgres_url) as conn:
        stored = conn.execute(
            "SELECT relpersistence FROM pg_class WHERE relkind = 'r' AND relname LIKE '%events'"
        ).fetchall()
    assert stored and {p for (p,) in stored} == {"p"}  # the events themselves are logged as ever
    done = run(postgres_url, "rebuild")
    assert done.returncode == 0, done.stderr
    assert persistence(postgres_url) == {t: "u" for t in TABLES}


def test_a_crash_empties_the_read_model_and_the_next_view_rebuilds_it(private_postgres: object) -> None:
    server: PostgresServer = private_postgres()  # type: ignore[operator]
    db = server.create_database()
    assert run(db, "ingest", str(SEEDS)).returncode == 0
    before = run(db, "show", "--actor", "DPRK", "--json")
    assert before.returncode == 0, before.stderr
    diff_before = run(db, "diff", "2023-01-01", "2023-12-31", "--json")
    assert diff_before.returncode == 0, diff_before.stderr
    assert rel_rows(db) > 0

    server.stop("immediate")  # no shutdown checkpoint: crash recovery on the next start
    server.start()
    assert rel_rows(db) == 0  # what UNLOGGED means: the tables come back empty

    after = run(db, "show", "--actor", "DPRK", "--json")
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(before.stdout)
    diff_after = run(db, "diff", "2023-01-01", "2023-12-31", "--json")
    assert diff_after.returncode == 0, diff_after.stderr
    assert json.loads(diff_after.stdout) == json.loads(diff_before.stdout)
    assert rel_rows(db) > 0
