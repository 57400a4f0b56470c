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
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"

PG_USER = "timeline_test"
PG_PASSWORD = "s3cret-Pw-9f2c"  # distinctive, so a test can look for it in any output
PG_SERVER_USER = "postgres"  # the unprivileged account that runs the server when we are root


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No colour settings or store location leak in from the developer's shell."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TIMELINE_DB", "COLUMNS", "LINES", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    for name in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "POSTGRES_SCHEMA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    return str(tmp_path / "store.db")


# ---------------------------------------------------------------- a throwaway PostgreSQL


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def find_postgres_bin() -> Path | None:
    """The newest server's bin directory: $TIMELINE_PG_BIN, Debian's, or PATH's."""
    candidates: list[Path] = []
    if os.environ.get("TIMELINE_PG_BIN"):
        candidates.append(Path(os.environ["TIMELINE_PG_BIN"]))

    def version(p: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in p.parent.name.split(".") if x.isdigit())

    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for c in candidates:
        if all((c / exe).is_file() for exe in ("initdb", "pg_ctl", "postgres")):
            return c
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One throwaway cluster on loopback. `url(db)` gives a store URL with a password."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        if self.as_root:
            try:
                pwd.getpwnam(PG_SERVER_USER)
            except KeyError:
                raise RuntimeError(
                    f"running as root, and there is no {PG_SERVER_USER!r} user to run PostgreSQL as; "
                    "run .ci/install-postgres.sh"
                ) from None
        self.dir = Path(tempfile.mkdtemp(prefix="timeline-pg-"))
        self.data = self.dir / "data"
        self.port = 0
        self._names = itertools.count(1)
        self._free: list[str] = []
        if self.as_root:
            shutil.chown(self.dir, PG_SERVER_USER)
        pwfile = self.dir / "pwfile"
        pwfile.write_text(PG_PASSWORD + "\n")
        if self.as_root:
            shutil.chown(pwfile, PG_SERVER_USER)
        self._run(
            "initdb", "-D", str(self.data), "-U", PG_USER, "--pwfile", str(pwfile),
            "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip
        pwfile.unlink()

    def _run(self, exe: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / exe), *args]
        if self.as_root:
            cmd = ["runuser", "-u", PG_SERVER_USER, "--", *cmd] if shutil.which("runuser") else [
                "su", PG_SERVER_USER, "-s", "/bin/sh", "-c", " ".join(f"'{c}'" for c in cmd)
            ]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.dir)
        if check and done.returncode != 0:
            raise RuntimeError(f"{exe} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done

    def start(self) -> None:
        for attempt in range(5):
            port = self.port if self.port and attempt == 0 else _free_port()
            options = (
                f"-p {port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
            )
            done = self._run(
                "pg_ctl", "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w", "-t", "60",
                "-o", options, "start", check=False,
            )  # fmt: skip
            if done.returncode == 0:
                self.port = port
                return
        log = (self.dir / "server.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"PostgreSQL did not start:\n{done.stdout}\n{done.stderr}\n{log}")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, dbname: str, password: str = PG_PASSWORD, user: str = PG_USER) -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, prefix: str = "t") -> str:
        """A fresh, empty database; returns its URL."""
        import psycopg

        name = f"{prefix}_{next(self._names)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def acquire_database(self) -> str:
        """An empty database: a used one wiped clean (milliseconds), else a new one (~0.3 s)."""
        if self._free:
            return self.url(self._free.pop())
        return self.create_database()

    def release_database(self, url: str) -> None:
        """Disconnect everyone from the database, drop everything in it, keep it for reuse."""
        import psycopg

        name = url.rsplit("/", 1)[1]
        with contextlib.suppress(psycopg.Error), psycopg.connect(self.url(name), autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            conn.execute("SET lock_timeout = '5s'")
            conn.execute(f"DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION {PG_USER}")
            self._free.append(name)


def _server_or_skip() -> PostgresServer:
    bindir = find_postgres_bin()
    if bindir is None:
        message = "PostgreSQL server binaries not found (install them with .ci/install-postgres.sh)"
        if under_ci():
            pytest.fail(message + "; under CI the PostgreSQL tests must run", pytrace=False)
        pytest.skip(message)
    try:
        server = PostgresServer(bindir)
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
