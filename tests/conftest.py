"""Fixtures shared by every kind of test.

`db` is the store a test runs against: a fresh SQLite file, and a fresh PostgreSQL
database on a throwaway server that the test session starts on 127.0.0.1 (a random free
port, a temporary data directory, fsync off) from the server binaries under
/usr/lib/postgresql/*/bin (Debian's `postgresql` package; `.ci/install-postgres.sh`
installs it) or on PATH. PostgreSQL refuses to run as root: as root, the cluster is
created and run as the `postgres` user through `runuser`.

Without the binaries the PostgreSQL tests are skipped on a developer's machine, and fail
under CI (CI set to anything but false/0), so CI cannot pass without running them.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench.pgserver import PostgresServer, find_postgres_bin

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"

PG_USER = "timeline_test"
PG_PASSWORD = "s3cret-Pw-9f2c"  # distinctive, so a test can look for it in any output


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No colour settings, store or cache location leak in from the developer's shell."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TIMELINE_DB", "COLUMNS", "LINES", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    for name in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "POSTGRES_SCHEMA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    return str(tmp_path / "store.db")


# ---------------------------------------------------------------- a throwaway PostgreSQL


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _server_or_skip() -> PostgresServer:
    bindir = find_postgres_bin()
    if bindir is None:
        message = "PostgreSQL server binaries not found (install them with .ci/install-postgres.sh)"
        if under_ci():
            pytest.fail(message + "; under CI the PostgreSQL tests must run", pytrace=False)
        pytest.skip(message)
    try:
        server = PostgresServer(bindir, user=PG_USER, password=PG_PASSWORD)
        server.start()
    except RuntimeError as e:
        if under_ci():
            pytest.fail(str(e), pytrace=False)
        pytest.skip(str(e))
    return server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server, started on first use."""
    server = _server_or_skip()
    try:
        yield server
    finally:
        server.destroy()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """An empty database of the test's own on the session's server."""
    url = postgres_server.acquire_database()
    yield url
    postgres_server.release_database(url)


@pytest.fixture
def private_postgres() -> Iterator[Callable[[], PostgresServer]]:
    """Servers of a test's own, for tests that stop them; destroyed afterwards."""
    made: list[PostgresServer] = []

    def make() -> PostgresServer:
        server = _server_or_skip()
        made.append(server)
        return server

    yield make
    for server in made:
        server.destroy()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store location on each backend: a SQLite path or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("postgres_url"))


def wait_until(condition: Callable[[], bool], timeout: float = 30, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if condition():
                return True
        time.sleep(step)
    return False


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not beside the repository")
    return path


os.environ.setdefault("TIMELINE_LOCK_TIMEOUT", "5")
